/*
 * client/pmo/cmd_import.c - pmo import csv: a plan from a spreadsheet,
 * checked here line by line, then loaded in one LoadPlan call that the
 * server applies all or nothing.
 *
 * The columns are documented in docs/CSV_IMPORT.md. Every problem found
 * here names the file, the line and the column; the server's field paths
 * (items[12].item.title, dependencies[3].predecessor) are mapped back to
 * the same form. Nothing is sent while any line is wrong.
 */
#include "cli.h"
#include "common/status.h"
#include "common/xalloc.h"
#include "csv.h"
#include "file_read.h"
#include "parse.h"
#include "pmo/v1/work.pb-c.h"
#include "rpc.h"
#include "show.h"
#include "strindex.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PLAN_FILE_MAX   (64u << 20)
#define PLAN_ERRORS_MAX 50
#define PLAN_KEY_MAX    64
#define PLAN_NONE       CLI_STRINDEX_NONE

typedef enum plan_col {
    PLAN_KEY,
    PLAN_PROJECT,
    PLAN_PARENT,
    PLAN_KIND,
    PLAN_TITLE,
    PLAN_DESCRIPTION,
    PLAN_ASSIGNEE,
    PLAN_OPTIMISTIC,
    PLAN_LIKELY,
    PLAN_PESSIMISTIC,
    PLAN_START,
    PLAN_FINISH,
    PLAN_DEPENDS_ON,
    PLAN_TAGS,
    PLAN_COST,
    PLAN_N_COLS,
} plan_col;

/*
 * Each column's header name, and the WorkItem field the server names in
 * its violations (the header may use that name too).
 */
static const struct {
    const char *name;
    const char *field;
    bool required;
} plan_columns[PLAN_N_COLS] = {
    [PLAN_KEY] = {"key", "key", true},
    [PLAN_PROJECT] = {"project", "project", true},
    [PLAN_PARENT] = {"parent", "parent", false},
    [PLAN_KIND] = {"kind", "kind", false},
    [PLAN_TITLE] = {"title", "title", true},
    [PLAN_DESCRIPTION] = {"description", "description", false},
    [PLAN_ASSIGNEE] = {"assignee", "assignee", false},
    [PLAN_OPTIMISTIC] = {"optimistic", "optimistic_days", false},
    [PLAN_LIKELY] = {"likely", "likely_days", false},
    [PLAN_PESSIMISTIC] = {"pessimistic", "pessimistic_days", false},
    [PLAN_START] = {"start", "planned_start", false},
    [PLAN_FINISH] = {"finish", "planned_finish", false},
    [PLAN_DEPENDS_ON] = {"depends_on", "dependencies", false},
    [PLAN_TAGS] = {"tags", "tags", false},
    [PLAN_COST] = {"cost", "planned_cost", false},
};

typedef struct plan_row {
    unsigned line;
    const char *cells[PLAN_N_COLS]; /* trimmed; "" for absent columns */
    Pmo__V1__PlanItem item;
    Pmo__V1__WorkItem w;
    char start[CLI_DATE_LEN];
    char finish[CLI_DATE_LEN];
    size_t parent; /* row index, or PLAN_NONE */
} plan_row;

/* One thing wrong, kept so that all of them print in line order. */
typedef struct plan_problem {
    unsigned line;
    unsigned seq; /* order found, within a line */
    char *text;   /* "column likely: not a number: 'x'" */
} plan_problem;

typedef struct plan {
    const char *file;
    char *program;
    arena *mem;
    int col_at[PLAN_N_COLS]; /* the CSV field of each column, or -1 */
    size_t n_header;
    plan_row *rows; /* malloc'd */
    size_t n_rows;
    size_t cap_rows;
    Pmo__V1__PlanDependency **deps;
    size_t *dep_row; /* the row whose depends_on each came from */
    size_t n_deps;
    cli_strindex keys;      /* key -> row */
    cli_strindex pairs;     /* "pred\x1fsucc" -> dependency */
    plan_problem *problems; /* printed in line order at the end */
    unsigned n_errors;
} plan;

/* ----------------------------------------------------------- reporting */

static void plan_error(plan *p, unsigned line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void plan_error(plan *p, unsigned line, int col, const char *fmt, ...)
{
    if (p->n_errors >= PLAN_ERRORS_MAX) {
        p->n_errors++;
        return;
    }
    char why[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    if (p->problems == NULL)
        p->problems = xcalloc(PLAN_ERRORS_MAX, sizeof(*p->problems));
    plan_problem *e = &p->problems[p->n_errors];
    e->line = line;
    e->seq = p->n_errors++;
    e->text = col >= 0 ? xasprintf("column %s: %s", plan_columns[col].name, why)
                       : xstrdup(why);
}

static int plan_problem_order(const void *a, const void *b)
{
    const plan_problem *x = a, *y = b;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

/* Prints what plan_error kept, by line, and frees it. */
static void plan_problems_print(plan *p)
{
    size_t n = p->n_errors < PLAN_ERRORS_MAX ? p->n_errors : PLAN_ERRORS_MAX;
    if (n)
        qsort(p->problems, n, sizeof(*p->problems), plan_problem_order);
    for (size_t i = 0; i < n; i++) {
        fprintf(stderr, "%s:%u: %s\n", p->file, p->problems[i].line,
                p->problems[i].text);
        free(p->problems[i].text);
    }
    if (p->n_errors > PLAN_ERRORS_MAX)
        fprintf(stderr, "%s: ... and %u more\n", p->file,
                p->n_errors - PLAN_ERRORS_MAX);
    free(p->problems);
    p->problems = NULL;
}

/* ---------------------------------------------------------------- text */

/* A NUL byte means this is no text file; say where. */
static bool plan_text_check(plan *p, const char *data, size_t len)
{
    const char *nul = memchr(data, '\0', len);
    if (nul == NULL)
        return true;
    unsigned line = 1;
    for (const char *c = data; c < nul; c++)
        line += *c == '\n';
    plan_error(p, line, -1, "a NUL byte: this is not a CSV text file");
    return false;
}

static char *plan_trim(arena *mem, const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return arena_strndup(mem, s, n);
}

static bool plan_has_control(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return true;
    return false;
}

/* Keys are names in depends_on and parent lists: no separators in them. */
static bool plan_key_valid(const char *k)
{
    size_t n = strlen(k);
    if (n == 0 || n > PLAN_KEY_MAX)
        return false;
    for (; *k; k++)
        if (!isalnum((unsigned char)*k) && *k != '_' && *k != '-' && *k != '.')
            return false;
    return true;
}

/* -------------------------------------------------------------- header */

static int plan_column_find(const char *name)
{
    for (int c = 0; c < PLAN_N_COLS; c++)
        if (strcmp(name, plan_columns[c].name) == 0 ||
            strcmp(name, plan_columns[c].field) == 0)
            return c;
    return -1;
}

static void plan_header_read(plan *p, const csv_record *rec)
{
    for (int c = 0; c < PLAN_N_COLS; c++)
        p->col_at[c] = -1;
    p->n_header = rec->n;
    for (size_t i = 0; i < rec->n; i++) {
        char *name = plan_trim(p->mem, rec->fields[i]);
        for (char *s = name; *s; s++)
            *s =
                *s == ' ' || *s == '-' ? '_' : (char)tolower((unsigned char)*s);
        int c = plan_column_find(name);
        if (c < 0)
            plan_error(p, rec->line, -1,
                       "column %zu: unknown column '%s' (see "
                       "docs/CSV_IMPORT.md)",
                       i + 1, rec->fields[i]);
        else if (p->col_at[c] >= 0)
            plan_error(p, rec->line, c, "appears twice in the header");
        else
            p->col_at[c] = (int)i;
    }
    for (int c = 0; c < PLAN_N_COLS; c++)
        if (plan_columns[c].required && p->col_at[c] < 0)
            plan_error(p, rec->line, c, "missing from the header (required)");
}

/* ------------------------------------------------------- one row alone */

static void plan_cells_take(plan *p, plan_row *row, const csv_record *rec)
{
    if (rec->n < p->n_header) {
        /* Name the first column the short line leaves out. */
        int first = -1;
        for (int c = 0; c < PLAN_N_COLS; c++)
            if (p->col_at[c] >= (int)rec->n &&
                (first < 0 || p->col_at[c] < p->col_at[first]))
                first = c;
        plan_error(p, row->line, first,
                   "missing: the line has %zu fields, the header %zu", rec->n,
                   p->n_header);
    } else if (rec->n > p->n_header) {
        plan_error(p, row->line, -1,
                   "column %zu: one field too many: the header has %zu",
                   p->n_header + 1, p->n_header);
    }
    for (int c = 0; c < PLAN_N_COLS; c++) {
        int at = p->col_at[c];
        row->cells[c] = at >= 0 && (size_t)at < rec->n
                            ? plan_trim(p->mem, rec->fields[at])
                            : "";
        if (c != PLAN_DESCRIPTION && plan_has_control(row->cells[c]))
            plan_error(p, row->line, c,
                       "holds a line break or control character");
    }
}

static void plan_number(plan *p, plan_row *row, plan_col c, double *out)
{
    char why[200];
    if (row->cells[c][0] &&
        cli_parse_number(row->cells[c], 0, out, why, sizeof(why)) != 0)
        plan_error(p, row->line, c, "%s", why);
}

/* Blank, likely alone (all three equal), or all three in order. */
static void plan_estimate(plan *p, plan_row *row)
{
    const char *o = row->cells[PLAN_OPTIMISTIC];
    const char *l = row->cells[PLAN_LIKELY];
    const char *pe = row->cells[PLAN_PESSIMISTIC];
    Pmo__V1__WorkItem *w = &row->w;
    plan_number(p, row, PLAN_OPTIMISTIC, &w->optimistic_days);
    plan_number(p, row, PLAN_LIKELY, &w->likely_days);
    plan_number(p, row, PLAN_PESSIMISTIC, &w->pessimistic_days);
    if (!o[0] && !pe[0]) {
        w->optimistic_days = w->pessimistic_days = w->likely_days;
        return;
    }
    for (plan_col c = PLAN_OPTIMISTIC; c <= PLAN_PESSIMISTIC; c++)
        if (!row->cells[c][0]) {
            plan_error(p, row->line, c,
                       "missing: give all three estimates, or likely alone");
            return;
        }
    if (w->optimistic_days > w->likely_days)
        plan_error(p, row->line, PLAN_LIKELY, "less than optimistic (%s < %s)",
                   l, o);
    else if (w->likely_days > w->pessimistic_days)
        plan_error(p, row->line, PLAN_PESSIMISTIC, "less than likely (%s < %s)",
                   pe, l);
}

static void plan_dates(plan *p, plan_row *row)
{
    char why[200];
    row->w.planned_start = row->w.planned_finish = "";
    if (row->cells[PLAN_START][0]) {
        if (cli_parse_date(row->cells[PLAN_START], false, row->start, why,
                           sizeof(why)) == 0)
            row->w.planned_start = row->start;
        else
            plan_error(p, row->line, PLAN_START, "%s", why);
    }
    if (row->cells[PLAN_FINISH][0]) {
        if (cli_parse_date(row->cells[PLAN_FINISH], false, row->finish, why,
                           sizeof(why)) == 0)
            row->w.planned_finish = row->finish;
        else
            plan_error(p, row->line, PLAN_FINISH, "%s", why);
    }
    if (row->w.planned_start[0] && row->w.planned_finish[0] &&
        strcmp(row->w.planned_start, row->w.planned_finish) > 0)
        plan_error(p, row->line, PLAN_FINISH, "before the start (%s < %s)",
                   row->w.planned_finish, row->w.planned_start);
}

static void plan_tags(plan *p, plan_row *row)
{
    Pmo__V1__WorkItem *w = &row->w;
    const char *s = row->cells[PLAN_TAGS];
    size_t most = 1;
    for (const char *c = s; *c; c++)
        most += *c == ';' || *c == ',';
    w->tags = arena_alloc(p->mem, most * sizeof(char *));
    while (*s) {
        size_t len = strcspn(s, ";,");
        char *tag = plan_trim(p->mem, arena_strndup(p->mem, s, len));
        if (tag[0])
            w->tags[w->n_tags++] = tag;
        s += len + (s[len] != '\0');
    }
}

static void plan_key(plan *p, plan_row *row, size_t index)
{
    const char *key = row->cells[PLAN_KEY];
    if (key[0] == '\0') {
        plan_error(p, row->line, PLAN_KEY, "empty (every row needs a key)");
        return;
    }
    if (!plan_key_valid(key)) {
        plan_error(p, row->line, PLAN_KEY,
                   "'%s' is not a key: letters, digits, '-', '_' and '.' "
                   "only, at most %d",
                   key, PLAN_KEY_MAX);
        return;
    }
    size_t first = cli_strindex_add(&p->keys, key, index);
    if (first != PLAN_NONE)
        plan_error(p, row->line, PLAN_KEY, "'%s' is already the key of line %u",
                   key, p->rows[first].line);
}

/* What a row says about its own item; references wait for every key. */
static void plan_row_read(plan *p, plan_row *row, size_t index)
{
    Pmo__V1__WorkItem *w = &row->w;
    pmo__v1__work_item__init(w);
    pmo__v1__plan_item__init(&row->item);
    row->parent = PLAN_NONE;
    plan_key(p, row, index);
    w->program = p->program;
    w->project = (char *)row->cells[PLAN_PROJECT];
    if (w->project[0] == '\0')
        plan_error(p, row->line, PLAN_PROJECT, "empty (the project's key)");
    w->title = (char *)row->cells[PLAN_TITLE];
    if (w->title[0] == '\0')
        plan_error(p, row->line, PLAN_TITLE, "empty");
    w->description = (char *)row->cells[PLAN_DESCRIPTION];
    w->assignee = (char *)row->cells[PLAN_ASSIGNEE];
    char why[300];
    int kind = PMO__V1__WORK_ITEM_KIND__KIND_TASK;
    if (row->cells[PLAN_KIND][0] &&
        cli_parse_enum(&pmo__v1__work_item_kind__descriptor,
                       row->cells[PLAN_KIND], &kind, why, sizeof(why)) != 0)
        plan_error(p, row->line, PLAN_KIND, "%s", why);
    w->kind = kind;
    plan_estimate(p, row);
    plan_dates(p, row);
    plan_tags(p, row);
    plan_number(p, row, PLAN_COST, &w->planned_cost);
    row->item.key = (char *)row->cells[PLAN_KEY];
    row->item.item = w;
}

/* ----------------------------------------------------- between the rows */

/*
 * A name in parent or depends_on: a key of this file (its row), or else
 * the ref of an item that exists (sent upper case, the server checks it).
 */
static const char *plan_name_resolve(plan *p, plan_row *row, plan_col c,
                                     const char *name, size_t *at)
{
    *at = cli_strindex_find(&p->keys, name);
    if (*at != PLAN_NONE)
        return name;
    if (cli_is_ref(name))
        return cli_key_upper(arena_strdup(p->mem, name));
    plan_error(p, row->line, c, "no line has the key '%s'", name);
    return NULL;
}

static void plan_parent(plan *p, plan_row *row, size_t index)
{
    const char *name = row->cells[PLAN_PARENT];
    row->w.parent = "";
    if (name[0] == '\0')
        return;
    const char *resolved =
        plan_name_resolve(p, row, PLAN_PARENT, name, &row->parent);
    if (row->parent == index) {
        plan_error(p, row->line, PLAN_PARENT,
                   "a line cannot be its own parent");
        row->parent = PLAN_NONE;
        return;
    }
    if (resolved)
        row->w.parent = (char *)resolved;
}

/*
 * Where the lag starts in "ss+2" or "finish-to-start-1": the first sign
 * followed by nothing but a number (type names have dashes too); the end
 * if there is none.
 */
static char *plan_lag_find(char *spec)
{
    for (char *c = spec; *c; c++)
        if ((*c == '+' || *c == '-') && c[1] &&
            strspn(c + 1, "0123456789.") == strlen(c + 1))
            return c;
    return spec + strlen(spec);
}

/* "key", "key:ss", "key:ff+2", "CHKOUT-12:sf-0.5". */
static void plan_dep_parse(plan *p, plan_row *row, size_t index,
                           const char *entry)
{
    char *name = arena_strdup(p->mem, entry), *spec = strchr(name, ':');
    int type = PMO__V1__DEPENDENCY_TYPE__DEP_FINISH_TO_START;
    double lag = 0;
    char why[300];
    if (spec) {
        *spec++ = '\0';
        char *sign = plan_lag_find(spec);
        char *lag_text = arena_strdup(p->mem, sign);
        *sign = '\0';
        if (cli_parse_enum(&pmo__v1__dependency_type__descriptor, spec, &type,
                           why, sizeof(why)) != 0) {
            plan_error(p, row->line, PLAN_DEPENDS_ON, "'%s': type %s", entry,
                       why);
            return;
        }
        if (lag_text[0] &&
            cli_parse_signed(lag_text, &lag, why, sizeof(why)) != 0) {
            plan_error(p, row->line, PLAN_DEPENDS_ON, "'%s': lag %s", entry,
                       why);
            return;
        }
    }
    size_t at;
    const char *pred = plan_name_resolve(p, row, PLAN_DEPENDS_ON, name, &at);
    if (pred == NULL)
        return;
    if (at == index) {
        plan_error(p, row->line, PLAN_DEPENDS_ON,
                   "'%s': a line cannot depend on itself", entry);
        return;
    }
    char *pair = arena_printf(p->mem, "%s\x1f%s", pred, row->item.key);
    if (cli_strindex_add(&p->pairs, pair, p->n_deps) != PLAN_NONE) {
        plan_error(p, row->line, PLAN_DEPENDS_ON, "'%s' is named twice", name);
        return;
    }
    Pmo__V1__PlanDependency *d = arena_zalloc(p->mem, sizeof(*d));
    pmo__v1__plan_dependency__init(d);
    d->predecessor = (char *)pred;
    d->successor = row->item.key;
    d->type = type;
    d->lag_days = lag;
    p->deps[p->n_deps] = d;
    p->dep_row[p->n_deps++] = index;
}

static size_t plan_dep_count(const plan *p)
{
    size_t n = 0;
    for (size_t i = 0; i < p->n_rows; i++)
        for (const char *s = p->rows[i].cells[PLAN_DEPENDS_ON]; *s; s++)
            n += *s == ';' || *s == ',';
    return n + p->n_rows;
}

static void plan_deps(plan *p)
{
    size_t most = plan_dep_count(p);
    p->deps = arena_alloc(p->mem, most * sizeof(*p->deps));
    p->dep_row = arena_alloc(p->mem, most * sizeof(*p->dep_row));
    for (size_t i = 0; i < p->n_rows; i++) {
        const char *s = p->rows[i].cells[PLAN_DEPENDS_ON];
        while (*s) {
            size_t len = strcspn(s, ";,");
            char *entry = plan_trim(p->mem, arena_strndup(p->mem, s, len));
            if (entry[0])
                plan_dep_parse(p, &p->rows[i], i, entry);
            s += len + (s[len] != '\0');
        }
    }
}

/*
 * Parent links within the file must end at the top: walk each chain once,
 * marking rows on the current walk (1) and rows known to end well (2).
 */
static void plan_parent_cycles(plan *p)
{
    unsigned char *mark = xcalloc(p->n_rows + 1, 1);
    for (size_t i = 0; i < p->n_rows; i++) {
        size_t r = i;
        while (r != PLAN_NONE && mark[r] == 0) {
            mark[r] = 1;
            r = p->rows[r].parent;
        }
        bool cycle = r != PLAN_NONE && mark[r] == 1;
        if (cycle)
            plan_error(p, p->rows[r].line, PLAN_PARENT,
                       "parents form a cycle: through '%s' this line is its "
                       "own ancestor",
                       p->rows[r].cells[PLAN_PARENT]);
        for (r = i; r != PLAN_NONE && mark[r] == 1; r = p->rows[r].parent)
            mark[r] = 2;
    }
    free(mark);
}

/* ----------------------------------------------------------- the file */

static bool plan_record_blank(const csv_record *rec)
{
    for (size_t i = 0; i < rec->n; i++)
        for (const char *s = rec->fields[i]; *s; s++)
            if (*s != ' ' && *s != '\t')
                return false;
    return true;
}

static plan_row *plan_row_new(plan *p)
{
    if (p->n_rows == p->cap_rows) {
        p->cap_rows = p->cap_rows ? p->cap_rows * 2 : 64;
        p->rows = xrealloc(p->rows, p->cap_rows * sizeof(*p->rows));
    }
    memset(&p->rows[p->n_rows], 0, sizeof(*p->rows));
    return &p->rows[p->n_rows++];
}

static int plan_records_read(plan *p, csv_reader *in)
{
    csv_record rec;
    csv_record_init(&rec);
    char why[200];
    unsigned err_line = 0;
    bool header = true;
    int rc;
    while ((rc = csv_record_read(in, &rec, &err_line, why, sizeof(why))) > 0) {
        if (plan_record_blank(&rec))
            continue;
        if (header) {
            plan_header_read(p, &rec);
            header = false;
            /* Every row would repeat a header's problem: stop at it. */
            if (p->n_errors)
                break;
            continue;
        }
        plan_row *row = plan_row_new(p);
        row->line = rec.line;
        plan_cells_take(p, row, &rec);
    }
    if (rc < 0) {
        int col = -1;
        for (int c = 0; c < PLAN_N_COLS; c++)
            if (p->col_at[c] == (int)rec.n && !header)
                col = c;
        plan_error(p, err_line, col, "%s", why);
    }
    if (header && rc == 0)
        plan_error(p, 1, -1, "no header line: the file is empty");
    csv_record_fini(&rec);
    return rc < 0 ? -1 : 0;
}

/*
 * Rows are read (and grow) first; their messages point into the row array,
 * so items are filled in only once it stops moving.
 */
static void plan_check(plan *p)
{
    cli_strindex_init(&p->keys, p->n_rows);
    cli_strindex_init(&p->pairs, p->n_rows);
    for (size_t i = 0; i < p->n_rows; i++)
        plan_row_read(p, &p->rows[i], i);
    for (size_t i = 0; i < p->n_rows; i++)
        plan_parent(p, &p->rows[i], i);
    plan_deps(p);
    plan_parent_cycles(p);
}

/* ------------------------------------------------- the server's answer */

/* "items[12].item.title" -> line of row 12, column title. */
static void plan_violation_print(plan *p, const char *path, const char *why)
{
    size_t index;
    int used = 0;
    const char *rest = NULL;
    if (sscanf(path, "items[%zu]%n", &index, &used) == 1 && used > 0 &&
        index < p->n_rows) {
        rest = path + used;
        if (strncmp(rest, ".item.", 6) == 0)
            rest += 6;
        else if (rest[0] == '.')
            rest += 1;
        int col = -1;
        for (int c = 0; c < PLAN_N_COLS && rest[0]; c++)
            if (strcmp(rest, plan_columns[c].field) == 0 ||
                strncmp(rest, plan_columns[c].field,
                        strlen(plan_columns[c].field)) == 0)
                col = c;
        const char *name = col >= 0 ? plan_columns[col].name : rest;
        fprintf(stderr, "%s:%u: %s%s%s%s\n", p->file, p->rows[index].line,
                name[0] ? "column " : "", name, name[0] ? ": " : "", why);
        return;
    }
    if (sscanf(path, "dependencies[%zu]%n", &index, &used) == 1 && used > 0 &&
        index < p->n_deps) {
        fprintf(stderr, "%s:%u: column depends_on: %s\n", p->file,
                p->rows[p->dep_row[index]].line, why);
        return;
    }
    fprintf(stderr, "%s: %s: %s\n", p->file, path, why);
}

static int plan_refused(cli_rpc *r, plan *p, const pmo_result *res)
{
    if (res->code == PMO_UNAUTHENTICATED || res->code == PMO_UNAVAILABLE ||
        res->code == PMO_DEADLINE_EXCEEDED || res->code == PMO_UNIMPLEMENTED)
        return cli_rpc_report(r, res);
    /* Named lines first, as local problems are, then what it means. */
    for (size_t i = 0; i < res->n_violations; i++)
        plan_violation_print(p, res->violations[i].field,
                             res->violations[i].description);
    if (res->n_violations)
        fprintf(stderr,
                "%s: nothing was imported from %s (the server refused it: "
                "%zu problem%s)\n",
                r->prog, p->file, res->n_violations,
                res->n_violations == 1 ? "" : "s");
    else
        fprintf(stderr, "%s: nothing was imported from %s: %s\n", r->prog,
                p->file, res->message);
    return cli_exit_code(res);
}

static void plan_loaded_print(const plan *p,
                              const Pmo__V1__LoadPlanResponse *out)
{
    printf("Imported %zu work items and %u dependencies into %s from %s.\n",
           out->n_refs, out->dependencies_added, p->program, p->file);
    cli_table t;
    cli_table_init(&t, 4, (const char *[]){"KEY", "REF", "PROJECT", "TITLE"});
    cli_table_shrinkable(&t, 3);
    for (size_t i = 0; i < out->n_refs && i < p->n_rows; i++)
        cli_table_add(&t, (const char *[]){p->rows[i].item.key, out->refs[i],
                                           p->rows[i].w.project,
                                           p->rows[i].w.title});
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
}

/*
 * Sends the plan; with dry_run the server checks it as a load would (its
 * projects, users, stored refs and cycles among them) and keeps nothing.
 */
static int plan_send(cli_ctx *ctx, cli_rpc *r, plan *p, bool dry_run)
{
    Pmo__V1__LoadPlanRequest in = PMO__V1__LOAD_PLAN_REQUEST__INIT;
    in.program = p->program;
    in.validate_only = dry_run;
    in.n_items = p->n_rows;
    in.items = arena_alloc(p->mem, (p->n_rows + 1) * sizeof(*in.items));
    for (size_t i = 0; i < p->n_rows; i++)
        in.items[i] = &p->rows[i].item;
    in.n_dependencies = p->n_deps;
    in.dependencies = p->deps;
    Pmo__V1__LoadPlanResponse *out = NULL;
    pmo_result res;
    if (cli_rpc_try(r, &pmo__v1__work_service__descriptor, "LoadPlan", &in.base,
                    (ProtobufCMessage **)&out, &res) != 0)
        return plan_refused(r, p, &res);
    if (ctx->json)
        cli_print_json(&out->base);
    else if (dry_run)
        printf("%s: %zu work items and %u dependencies, all valid: the "
               "server checked them against %s and would load them; "
               "nothing was imported.\n",
               p->file, p->n_rows, out->dependencies_added, p->program);
    else
        plan_loaded_print(p, out);
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

static int plan_load(cli_ctx *ctx, cli_rpc *r, plan *p, bool dry_run)
{
    char why[300];
    size_t len = 0;
    char *data = cli_file_read(p->file, PLAN_FILE_MAX, &len, why, sizeof(why));
    if (data == NULL) {
        fprintf(stderr, "%s: %s\n", r->prog, why);
        return 2;
    }
    csv_reader in;
    csv_reader_init(&in, data, len);
    if (plan_text_check(p, data, len) && plan_records_read(p, &in) == 0)
        plan_check(p);
    free(data);
    if (p->n_errors == 0 && p->n_rows == 0)
        plan_error(p, 2, -1, "no work items below the header");
    if (p->n_errors) {
        plan_problems_print(p);
        fprintf(stderr, "%s: nothing was imported from %s (%u problem%s)\n",
                r->prog, p->file, p->n_errors, p->n_errors == 1 ? "" : "s");
        return 2;
    }
    return plan_send(ctx, r, p, dry_run);
}

static int import_csv_run(cli_ctx *ctx, cli_rpc *r)
{
    const char *program = cli_take_option(ctx, "--program");
    bool dry_run = cli_take_switch(ctx, "--dry-run");
    char *file;
    if (cli_take_args(ctx, 1, 1, &file) < 0)
        return 2;
    if (program == NULL)
        return cli_usage_fail(ctx, "--program is required");
    plan p = {.file = file, .mem = &r->mem};
    p.program = cli_key_upper(arena_strdup(&r->mem, program));
    int rc = plan_load(ctx, r, &p, dry_run);
    free(p.rows);
    if (p.keys.keys)
        cli_strindex_fini(&p.keys);
    if (p.pairs.keys)
        cli_strindex_fini(&p.pairs);
    return rc;
}

static int import_csv(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, import_csv_run);
}

const cli_command cli_import_commands[] = {
    {"import csv", "FILE --program KEY [--dry-run]",
     "load a plan from CSV, all or nothing (see docs/CSV_IMPORT.md)",
     import_csv},
    {NULL, NULL, NULL, NULL},
};
