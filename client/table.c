/* client/table.c - aligned text tables, fitted to the terminal. */
#include "table.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* A cut column keeps at least this many characters (or all it has). */
#define CLI_TABLE_MIN_WIDTH 8
#define CLI_TABLE_GAP       2

static const char *const cli_color_codes[] = {
    [CLI_COLOR_NONE] = "",          [CLI_COLOR_BOLD] = "\033[1m",
    [CLI_COLOR_DIM] = "\033[2m",    [CLI_COLOR_RED] = "\033[31m",
    [CLI_COLOR_GREEN] = "\033[32m", [CLI_COLOR_YELLOW] = "\033[33m",
    [CLI_COLOR_BLUE] = "\033[34m",
};

/* Print-time settings, worked out once per print. */
typedef struct cli_table_out {
    FILE *f;
    bool color;
    bool utf8;
    size_t *widths;
} cli_table_out;

static bool cli_env_has_utf8(const char *v)
{
    if (v == NULL || v[0] == '\0')
        return false;
    return strcasestr(v, "utf-8") != NULL || strcasestr(v, "utf8") != NULL;
}

static void cli_table_grow(cli_table *t)
{
    if (t->n_rows < t->cap_rows)
        return;
    t->cap_rows = t->cap_rows ? t->cap_rows * 2 : 16;
    t->cells = xrealloc(t->cells, t->cap_rows * t->n_cols * sizeof(char *));
    t->colors = xrealloc(t->colors, t->cap_rows * t->n_cols);
}

/* Writes the first n characters of s. */
static void cli_text_write_prefix(FILE *f, const char *s, size_t n)
{
    const char *p = s;
    size_t seen = 0;
    for (; *p; p++) {
        if (((unsigned char)*p & 0xC0) != 0x80 && seen++ == n)
            break;
    }
    fwrite(s, 1, (size_t)(p - s), f);
}

/* A cell in at most width columns: cut ones end in an ellipsis. */
static void cli_cell_write(const cli_table_out *o, const char *s, size_t width)
{
    size_t w = cli_text_width(s);
    if (w <= width) {
        fputs(s, o->f);
        return;
    }
    size_t mark = o->utf8 ? 1 : 3;
    if (width <= mark) {
        cli_text_write_prefix(o->f, s, width);
        return;
    }
    cli_text_write_prefix(o->f, s, width - mark);
    fputs(o->utf8 ? "\xe2\x80\xa6" : "...", o->f);
}

static void cli_table_row_print(const cli_table *t, const cli_table_out *o,
                                size_t r)
{
    char **row = t->cells + r * t->n_cols;
    const unsigned char *colors = t->colors + r * t->n_cols;
    /* Padding stops at the last non-empty cell: no trailing blanks. */
    size_t last = t->n_cols - 1;
    while (last > 0 && row[last][0] == '\0')
        last--;
    for (size_t c = 0; c <= last; c++) {
        cli_color color = (cli_color)colors[c];
        if (r == 0 && t->has_heads)
            color = CLI_COLOR_BOLD;
        if (o->color && color != CLI_COLOR_NONE)
            fputs(cli_color_codes[color], o->f);
        cli_cell_write(o, row[c], o->widths[c]);
        if (o->color && color != CLI_COLOR_NONE)
            fputs(cli_color_end(), o->f);
        if (c == last)
            break;
        size_t w = cli_text_width(row[c]);
        if (w > o->widths[c])
            w = o->widths[c];
        for (; w < o->widths[c] + CLI_TABLE_GAP; w++)
            fputc(' ', o->f);
    }
    fputc('\n', o->f);
}

static bool cli_table_may_cut(const cli_table *t, size_t c)
{
    return t->any_shrink ? t->shrink[c] != 0 : true;
}

/* Each column's natural width: its widest cell. */
static size_t *cli_table_widths(const cli_table *t)
{
    size_t *widths = xcalloc(t->n_cols, sizeof(size_t));
    for (size_t r = 0; r < t->n_rows; r++)
        for (size_t c = 0; c < t->n_cols; c++) {
            size_t w = cli_text_width(t->cells[r * t->n_cols + c]);
            if (w > widths[c])
                widths[c] = w;
        }
    return widths;
}

/*
 * Takes one column at a time off the widest shrinkable column, so a long
 * title gives way before a short name does, until the rows fit or every
 * shrinkable column is at its minimum.
 */
static void cli_table_fit(const cli_table *t, size_t *widths, size_t avail)
{
    size_t total = (t->n_cols - 1) * CLI_TABLE_GAP;
    for (size_t c = 0; c < t->n_cols; c++)
        total += widths[c];
    while (total > avail) {
        size_t best = t->n_cols;
        for (size_t c = 0; c < t->n_cols; c++) {
            if (!cli_table_may_cut(t, c) || widths[c] <= CLI_TABLE_MIN_WIDTH)
                continue;
            if (best == t->n_cols || widths[c] > widths[best])
                best = c;
        }
        if (best == t->n_cols)
            return;
        widths[best]--;
        total--;
    }
}

void cli_table_init(cli_table *t, size_t n_cols, const char *const *heads)
{
    memset(t, 0, sizeof(*t));
    t->n_cols = n_cols;
    t->shrink = xcalloc(n_cols, 1);
    if (heads) {
        cli_table_add(t, heads);
        t->has_heads = true;
    }
}

void cli_table_shrinkable(cli_table *t, size_t col)
{
    if (col >= t->n_cols)
        return;
    t->shrink[col] = 1;
    t->any_shrink = true;
}

size_t cli_table_add(cli_table *t, const char *const *cells)
{
    cli_table_grow(t);
    size_t r = t->n_rows++;
    for (size_t c = 0; c < t->n_cols; c++) {
        t->cells[r * t->n_cols + c] = cli_text_clean(cells[c]);
        t->colors[r * t->n_cols + c] = CLI_COLOR_NONE;
    }
    return r;
}

void cli_table_color(cli_table *t, size_t row, size_t col, cli_color color)
{
    if (row < t->n_rows && col < t->n_cols)
        t->colors[row * t->n_cols + col] = (unsigned char)color;
}

/* Where tables go as CSV instead (cli_table_csv_to), and the headings of
 * the last one written there. */
static FILE *cli_csv_out;
static char *cli_csv_last_heads;

void cli_table_csv_to(FILE *out)
{
    cli_csv_out = out;
    free(cli_csv_last_heads);
    cli_csv_last_heads = NULL;
}

/* RFC 4180: a field with a comma, a quote, CR or LF is quoted, its
 * quotes doubled; records end in CRLF. */
static void cli_csv_field(FILE *f, const char *s)
{
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void cli_csv_row(FILE *f, char *const *row, size_t n)
{
    for (size_t c = 0; c < n; c++) {
        if (c)
            fputc(',', f);
        cli_csv_field(f, row[c]);
    }
    fputs("\r\n", f);
}

/* The headings joined, to tell a table like the last from another. */
static char *cli_csv_heads_key(const cli_table *t)
{
    size_t len = 1;
    for (size_t c = 0; c < t->n_cols; c++)
        len += strlen(t->cells[c]) + 1;
    char *key = xmalloc(len), *p = key;
    for (size_t c = 0; c < t->n_cols; c++)
        p += sprintf(p, "%s\x1f", t->cells[c]);
    *p = '\0';
    return key;
}

/*
 * A table with headings as CSV: the heading row once, then the rows. A
 * view that prints
 * several tables with the same headings (one per critical chain) gives
 * one CSV; a table with other headings starts a new block after an empty
 * line.
 */
static void cli_table_csv_print(const cli_table *t)
{
    char *key = cli_csv_heads_key(t);
    if (cli_csv_last_heads && strcmp(key, cli_csv_last_heads) == 0) {
        free(key);
    } else {
        if (cli_csv_last_heads)
            fputs("\r\n", cli_csv_out);
        cli_csv_row(cli_csv_out, t->cells, t->n_cols);
        free(cli_csv_last_heads);
        cli_csv_last_heads = key;
    }
    for (size_t r = 1; r < t->n_rows; r++)
        cli_csv_row(cli_csv_out, t->cells + r * t->n_cols, t->n_cols);
}

void cli_table_print(const cli_table *t, FILE *out)
{
    if (t->n_rows == 0 || t->n_cols == 0)
        return;
    /* A table without headings is a record (key: value lines): it is
     * said, not data, so it stays text. */
    if (cli_csv_out != NULL && t->has_heads) {
        cli_table_csv_print(t);
        return;
    }
    cli_table_out o = {
        .f = out,
        .color = cli_term_color(out),
        .utf8 = cli_term_utf8(),
        .widths = cli_table_widths(t),
    };
    cli_table_fit(t, o.widths, (size_t)cli_term_width(out));
    for (size_t r = 0; r < t->n_rows; r++)
        cli_table_row_print(t, &o, r);
    free(o.widths);
}

void cli_table_fini(cli_table *t)
{
    for (size_t i = 0; i < t->n_rows * t->n_cols; i++)
        free(t->cells[i]);
    free(t->cells);
    free(t->colors);
    free(t->shrink);
    memset(t, 0, sizeof(*t));
}

int cli_term_width(FILE *out)
{
    struct winsize ws;
    if (isatty(fileno(out)) && ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 &&
        ws.ws_col > 0)
        return ws.ws_col;
    const char *cols = getenv("COLUMNS");
    if (cols && cols[0]) {
        char *end;
        long n = strtol(cols, &end, 10);
        if (*end == '\0' && n > 0 && n < 100000)
            return (int)n;
    }
    return CLI_TABLE_DEFAULT_WIDTH;
}

bool cli_term_color(FILE *out)
{
    const char *no = getenv("NO_COLOR");
    if (no && no[0])
        return false;
    return isatty(fileno(out)) != 0;
}

bool cli_term_utf8(void)
{
    /* The first of these that is set decides, as setlocale would. */
    const char *names[] = {"LC_ALL", "LC_CTYPE", "LANG"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        const char *v = getenv(names[i]);
        if (v && v[0])
            return cli_env_has_utf8(v);
    }
    return false;
}

const char *cli_color_start(cli_color color)
{
    if ((size_t)color >= sizeof(cli_color_codes) / sizeof(cli_color_codes[0]))
        return "";
    return cli_color_codes[color];
}

const char *cli_color_end(void)
{
    return "\033[0m";
}

/*
 * C0 controls and DEL, and the C1 controls U+0080..U+009F (UTF-8 C2 80 to
 * C2 9F), which some terminals also obey: U+009B starts a sequence as ESC [
 * does.
 */
char *cli_text_clean(const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    char *out = xmalloc(strlen((const char *)p) + 1), *w = out;
    for (; *p; p++) {
        if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
            *w++ = '?';
            p++;
        } else if (*p < 0x20 || *p == 0x7f) {
            *w++ = '?';
        } else {
            *w++ = (char)*p;
        }
    }
    *w = '\0';
    return out;
}

size_t cli_text_width(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}
