/*
 * client/pmo/gantt.c - the Gantt chart of a schedule, drawn cell by cell.
 *
 * Each line is first laid out in an array of exactly `width` cells (one
 * character and a colour each) and only then written: a bar, a label or a
 * date that would run past the edge is simply not stored, which is what
 * keeps every line within the width however the numbers fall.
 */
#include "gantt.h"
#include "common/daynum.h"
#include "common/xalloc.h"
#include "table.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* One character of UTF-8 and its NUL. */
#define GANTT_GLYPH_LEN 5
/* The blanks between two date labels on the axis. */
#define GANTT_LABEL_GAP 1
/* The share of the width a label column may take, in fifths. */
#define GANTT_LABEL_FIFTHS 2

typedef struct gantt_cell {
    char glyph[GANTT_GLYPH_LEN];
    unsigned char color;
} gantt_cell;

/* What each mark is drawn with, in ASCII and in UTF-8. */
typedef struct gantt_glyphs {
    const char *task;
    const char *critical;
    const char *done; /* the done share of a task's bar */
    const char *milestone;
    const char *summary_fill;
    const char *summary; /* the legend's sample */
    const char *today;
    const char *rule;
    const char *tick;
    const char *now; /* today's column on the rule */
    const char *ellipsis;
} gantt_glyphs;

static const gantt_glyphs gantt_ascii = {
    "=", "#", "X", "*", "-", "[-]", "|", "-", "+", "v", "...",
};

static const gantt_glyphs gantt_utf8 = {
    "\xe2\x96\x92",                   /* medium shade */
    "\xe2\x96\x93",                   /* dark shade */
    "\xe2\x96\x88",                   /* full block */
    "\xe2\x97\x86",                   /* black diamond */
    "\xe2\x94\x80",                   /* light horizontal */
    "[\xe2\x94\x80]", "\xe2\x94\x82", /* light vertical */
    "\xe2\x94\x80",                   /* light horizontal */
    "\xe2\x94\xac",                   /* down and horizontal */
    "\xe2\x96\xbc",                   /* down-pointing triangle */
    "\xe2\x80\xa6",                   /* ellipsis */
};

typedef struct gantt {
    FILE *out;
    const gantt_opts *o;
    const gantt_glyphs *g;
    gantt_cell *cells; /* the line being laid out: width cells */
    int width;
    int label_w; /* the label column */
    int bar_at;  /* the first column of the bars */
    int bar_w;
    int from, to; /* the days shown */
} gantt;

/* ------------------------------------------------------------- cells */

static void gantt_clear(gantt *g)
{
    for (int c = 0; c < g->width; c++) {
        memcpy(g->cells[c].glyph, " ", 2);
        g->cells[c].color = CLI_COLOR_NONE;
    }
}

static void gantt_put(gantt *g, int col, const char *glyph, cli_color color)
{
    if (col < 0 || col >= g->width)
        return;
    snprintf(g->cells[col].glyph, GANTT_GLYPH_LEN, "%s", glyph);
    g->cells[col].color = (unsigned char)color;
}

/* The length in bytes of the UTF-8 character s starts with. */
static size_t gantt_char_len(const char *s)
{
    size_t n = 1;
    while (n < GANTT_GLYPH_LEN - 1 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n++;
    return n;
}

/* Stores the characters of s from col on, one per cell; returns the cells. */
static int gantt_put_chars(gantt *g, int col, const char *s, int max,
                           cli_color color)
{
    int used = 0;
    for (const char *p = s; *p && used < max; used++) {
        char glyph[GANTT_GLYPH_LEN];
        size_t n = gantt_char_len(p);
        memcpy(glyph, p, n);
        glyph[n] = '\0';
        gantt_put(g, col + used, glyph, color);
        p += n;
    }
    return used;
}

/*
 * Text from other users (titles) in at most max cells, cut with an
 * ellipsis; control characters are shown as '?' so none reaches the
 * terminal. Returns the cells used.
 */
static int gantt_put_text(gantt *g, int col, const char *text, int max,
                          cli_color color)
{
    char *clean = cli_text_clean(text);
    int width = (int)cli_text_width(clean);
    int mark = (int)cli_text_width(g->g->ellipsis);
    int used;
    if (width <= max || max <= mark) {
        used = gantt_put_chars(g, col, clean, max, color);
    } else {
        used = gantt_put_chars(g, col, clean, max - mark, color);
        used += gantt_put_chars(g, col + used, g->g->ellipsis, mark, color);
    }
    free(clean);
    return used;
}

/* Writes the line without trailing blanks, colours switched as needed. */
static void gantt_flush(gantt *g)
{
    int last = g->width - 1;
    while (last >= 0 && strcmp(g->cells[last].glyph, " ") == 0)
        last--;
    cli_color on = CLI_COLOR_NONE;
    for (int c = 0; c <= last; c++) {
        cli_color want =
            g->o->color ? (cli_color)g->cells[c].color : CLI_COLOR_NONE;
        if (want != on) {
            if (on != CLI_COLOR_NONE)
                fputs(cli_color_end(), g->out);
            fputs(cli_color_start(want), g->out);
            on = want;
        }
        fputs(g->cells[c].glyph, g->out);
    }
    if (on != CLI_COLOR_NONE)
        fputs(cli_color_end(), g->out);
    fputc('\n', g->out);
    gantt_clear(g);
}

/* ------------------------------------------------------------ layout */

/* An item's first and last day; false when it has no dates. */
static bool gantt_item_days(const Pmo__V1__ScheduledItem *it, int *first,
                            int *last)
{
    bool has_start = daynum_parse(it->early_start, first);
    bool has_finish = daynum_parse(it->early_finish, last);
    if (!has_start && !has_finish)
        return false;
    if (!has_start)
        *first = *last;
    if (!has_finish || *last < *first)
        *last = *first;
    return true;
}

static bool gantt_item_shown(const gantt *g, const Pmo__V1__ScheduledItem *it)
{
    int first, last;
    return gantt_item_days(it, &first, &last) && last >= g->from &&
           first <= g->to;
}

/* The window: what the caller gave, else the span of every item. */
static void gantt_window(gantt *g, const Pmo__V1__Schedule *s)
{
    int lo = INT_MAX, hi = INT_MIN;
    for (size_t i = 0; i < s->n_items; i++) {
        int first, last;
        if (!gantt_item_days(s->items[i], &first, &last))
            continue;
        lo = first < lo ? first : lo;
        hi = last > hi ? last : hi;
    }
    if (lo > hi && !daynum_parse(s->status_date, &lo))
        lo = g->o->today != GANTT_NO_DAY ? g->o->today : 0;
    if (lo > hi)
        hi = lo;
    g->from = g->o->from != GANTT_NO_DAY ? g->o->from : lo;
    g->to = g->o->to != GANTT_NO_DAY ? g->o->to : hi;
    if (g->to < g->from)
        g->to = g->from;
}

/* Two blanks a level, but never more than a third of the label column. */
static int gantt_indent(const gantt *g, uint32_t depth)
{
    int64_t indent = 2 * (int64_t)depth, cap = g->label_w / 3;
    return (int)(indent < cap ? indent : cap);
}

static int gantt_label_width(const Pmo__V1__ScheduledItem *it)
{
    int depth = it->depth > 1000 ? 1000 : (int)it->depth;
    return 2 * depth + (int)cli_text_width(it->ref) + 1 +
           (int)cli_text_width(it->title);
}

static void gantt_layout(gantt *g, const Pmo__V1__Schedule *s)
{
    int natural = 0;
    for (size_t i = 0; i < s->n_items; i++)
        if (gantt_item_shown(g, s->items[i])) {
            int w = gantt_label_width(s->items[i]);
            natural = w > natural ? w : natural;
        }
    int most = g->width > 3 ? (g->width - 3) * GANTT_LABEL_FIFTHS / 5 : 0;
    g->label_w = natural < most ? natural : most;
    g->bar_at = 3 + g->label_w;
    g->bar_w = g->width - g->bar_at;
    if (g->bar_w < 1)
        g->bar_w = 1;
}

/*
 * Where day begins, in bar columns from the first day shown; rounded
 * down, so a day before the window is left of the bars.
 */
static int64_t gantt_offset(const gantt *g, int day)
{
    int64_t days = (int64_t)g->to - g->from + 1;
    int64_t scaled = ((int64_t)day - g->from) * g->bar_w;
    return scaled >= 0 ? scaled / days : -((-scaled + days - 1) / days);
}

/* The first bar column of day (past the window: outside the bars). */
static int gantt_column(const gantt *g, int day)
{
    return g->bar_at + (int)gantt_offset(g, day);
}

/* ------------------------------------------------------------- header */

/* Days between ticks on the axis: enough room for a "MM-DD" label. */
static int gantt_tick_step(const gantt *g)
{
    static const int steps[] = {1, 7, 14, 28, 91, 182, 364};
    int64_t days = (int64_t)g->to - g->from + 1;
    int step = 0;
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        step = steps[i];
        if ((int64_t)step * g->bar_w >= (5 + GANTT_LABEL_GAP) * days)
            return step;
    }
    while ((int64_t)step * g->bar_w < (5 + GANTT_LABEL_GAP) * days)
        step *= 2;
    return step;
}

/* The first tick: the first day, or for weekly steps its first Monday. */
static int gantt_first_tick(const gantt *g, int step)
{
    if (step == 1)
        return g->from;
    return g->from + (8 - daynum_weekday(g->from)) % 7;
}

/* "MM-DD", or the whole date for the first label and a new year. */
static void gantt_tick_label(int day, int *year_shown, char out[DAYNUM_TEXT])
{
    int y, m, d;
    daynum_to_civil(day, &y, &m, &d);
    daynum_format(day, out);
    if (y == *year_shown)
        memmove(out, out + 5, 6);
    *year_shown = y;
}

static void gantt_today_put(gantt *g, const char *glyph)
{
    int today = g->o->today;
    if (today != GANTT_NO_DAY && today >= g->from && today <= g->to)
        gantt_put(g, gantt_column(g, today), glyph, CLI_COLOR_BLUE);
}

static void gantt_header(gantt *g, const Pmo__V1__Schedule *s)
{
    int step = gantt_tick_step(g);
    int free_at = g->bar_at, year = INT_MIN;
    gantt_put_text(g, 2, s->program, g->label_w, CLI_COLOR_BOLD);
    for (int64_t d = gantt_first_tick(g, step); d <= g->to; d += step) {
        char label[DAYNUM_TEXT];
        int col = gantt_column(g, (int)d), keep = year;
        gantt_tick_label((int)d, &year, label);
        int len = (int)strlen(label);
        if (col < free_at || col + len > g->width) {
            year = keep; /* not shown: the next label still needs it */
            continue;
        }
        gantt_put_chars(g, col, label, len, CLI_COLOR_BOLD);
        free_at = col + len + GANTT_LABEL_GAP;
    }
    gantt_flush(g);
    for (int c = g->bar_at; c < g->bar_at + g->bar_w; c++)
        gantt_put(g, c, g->g->rule, CLI_COLOR_DIM);
    for (int64_t d = gantt_first_tick(g, step); d <= g->to; d += step)
        gantt_put(g, gantt_column(g, (int)d), g->g->tick, CLI_COLOR_DIM);
    gantt_today_put(g, g->g->now);
    gantt_flush(g);
}

/* ---------------------------------------------------------------- rows */

/*
 * How many of a task's n bar cells are done: all once its state says so,
 * else its percent complete of them, rounded down so that work not yet
 * finished never looks finished.
 */
static int64_t gantt_done_cells(const Pmo__V1__ScheduledItem *it, int64_t n)
{
    if (it->state == PMO__V1__WORK_STATE__STATE_DONE)
        return n;
    uint32_t pct = it->percent_complete > 100 ? 100 : it->percent_complete;
    return n * pct / 100;
}

/*
 * The column where the done share of a task running from day first to
 * day last ends (the first one not done). It is measured on the whole
 * bar, so a bar cut at the window's edge still shows the share of the
 * task that is done rather than of what is in view.
 */
static int gantt_done_end(const gantt *g, const Pmo__V1__ScheduledItem *it,
                          int first, int last)
{
    int64_t f0 = gantt_offset(g, first), f1 = gantt_offset(g, last + 1) - 1;
    if (f1 < f0)
        f1 = f0;
    int64_t end = f0 + gantt_done_cells(it, f1 - f0 + 1);
    if (end < -1)
        end = -1;
    if (end > g->bar_w)
        end = g->bar_w;
    return g->bar_at + (int)end;
}

/* The bar from column c0 to c1; a task's cells before done_end are done. */
static void gantt_bar(gantt *g, const Pmo__V1__ScheduledItem *it, int c0,
                      int c1, int done_end)
{
    cli_color color = it->critical ? CLI_COLOR_RED : CLI_COLOR_NONE;
    if (it->kind == PMO__V1__WORK_ITEM_KIND__KIND_MILESTONE) {
        gantt_put(g, c0, g->g->milestone,
                  it->critical ? CLI_COLOR_RED : CLI_COLOR_YELLOW);
        return;
    }
    if (it->kind == PMO__V1__WORK_ITEM_KIND__KIND_SUMMARY) {
        for (int c = c0; c <= c1; c++)
            gantt_put(g, c, g->g->summary_fill, CLI_COLOR_BOLD);
        gantt_put(g, c0, "[", CLI_COLOR_BOLD);
        if (c1 > c0)
            gantt_put(g, c1, "]", CLI_COLOR_BOLD);
        return;
    }
    const char *rest = it->critical ? g->g->critical : g->g->task;
    for (int c = c0; c <= c1; c++)
        gantt_put(g, c, c < done_end ? g->g->done : rest, color);
}

static void gantt_row(gantt *g, const Pmo__V1__ScheduledItem *it)
{
    int first, last;
    gantt_item_days(it, &first, &last);
    int done_end = gantt_done_end(g, it, first, last);
    if (first < g->from)
        first = g->from;
    if (last > g->to)
        last = g->to;
    if (it->critical)
        gantt_put(g, 0, "!", CLI_COLOR_RED);
    int at = 2 + gantt_indent(g, it->depth);
    int room = g->label_w - (at - 2);
    at += gantt_put_text(g, at, it->ref, room, CLI_COLOR_NONE);
    if (at - 2 < g->label_w)
        gantt_put_text(g, at + 1, it->title, g->label_w - (at - 2) - 1,
                       CLI_COLOR_NONE);
    gantt_today_put(g, g->g->today);
    int c0 = gantt_column(g, first), c1 = gantt_column(g, last + 1) - 1;
    gantt_bar(g, it, c0, c1 < c0 ? c0 : c1, done_end);
    gantt_flush(g);
}

static void gantt_legend(gantt *g)
{
    const struct {
        const char *glyph;
        const char *text;
        cli_color color;
    } keys[] = {
        {"!", "critical", CLI_COLOR_RED},
        {g->g->critical, "critical task", CLI_COLOR_RED},
        {g->g->task, "task", CLI_COLOR_NONE},
        {g->g->done, "done", CLI_COLOR_NONE},
        {g->g->milestone, "milestone", CLI_COLOR_YELLOW},
        {g->g->summary, "summary", CLI_COLOR_BOLD},
        {g->g->today, "today", CLI_COLOR_BLUE},
    };
    int at = 2;
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        at += gantt_put_chars(g, at, keys[i].glyph, g->width, keys[i].color);
        at++;
        at += gantt_put_chars(g, at, keys[i].text, g->width, CLI_COLOR_NONE);
        at += 3;
    }
    gantt_flush(g);
}

int gantt_draw(FILE *out, const Pmo__V1__Schedule *s, const gantt_opts *o)
{
    gantt g = {
        .out = out,
        .o = o,
        .g = o->utf8 ? &gantt_utf8 : &gantt_ascii,
        .width = o->width > 0 ? o->width : 1,
    };
    g.cells = xcalloc((size_t)g.width, sizeof(gantt_cell));
    gantt_clear(&g);
    gantt_window(&g, s);
    gantt_layout(&g, s);
    gantt_header(&g, s);
    int rows = 0;
    for (size_t i = 0; i < s->n_items; i++)
        if (gantt_item_shown(&g, s->items[i])) {
            gantt_row(&g, s->items[i]);
            rows++;
        }
    if (rows == 0) {
        gantt_put_text(&g, 2, "(no work items in these days)", g.width,
                       CLI_COLOR_NONE);
        gantt_flush(&g);
    }
    gantt_legend(&g);
    free(g.cells);
    return rows;
}
