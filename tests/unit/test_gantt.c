/*
 * tests/unit/test_gantt.c - the terminal Gantt chart drawn from hand-made
 * schedules: no line wider than the width asked for, critical rows and
 * bars marked, milestones and today's line on the columns worked out by
 * hand from the layout rules in gantt.h, the date axis, windows, the done
 * share of each bar, and no colour codes when colour is off.
 */
/*
 * The chart's code is part of the pmo program rather than a library, so
 * it is compiled into this test directly.
 */
#include "client/pmo/gantt.h"
#include "common/daynum.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define MAX_ITEMS 16

/* A schedule and the items it points at, all in one block. */
typedef struct tsched {
    Pmo__V1__Schedule s;
    Pmo__V1__ScheduledItem items[MAX_ITEMS];
    Pmo__V1__ScheduledItem *ptrs[MAX_ITEMS];
} tsched;

static void tsched_init(tsched *t)
{
    memset(t, 0, sizeof(*t));
    pmo__v1__schedule__init(&t->s);
    t->s.program = "P";
    t->s.status_date = "2027-01-04";
    t->s.items = t->ptrs;
}

static void tsched_add(tsched *t, const char *ref, const char *title, int kind,
                       uint32_t depth, const char *start, const char *finish,
                       bool critical)
{
    Pmo__V1__ScheduledItem *it = &t->items[t->s.n_items];
    pmo__v1__scheduled_item__init(it);
    it->ref = (char *)ref;
    it->title = (char *)title;
    it->kind = kind;
    it->depth = depth;
    it->early_start = (char *)start;
    it->early_finish = (char *)finish;
    it->critical = critical;
    t->ptrs[t->s.n_items++] = it;
}

/* Sets the progress of the item ref (which must be there). */
static void tsched_progress(tsched *t, const char *ref, int state,
                            uint32_t percent)
{
    for (size_t i = 0; i < t->s.n_items; i++)
        if (strcmp(t->items[i].ref, ref) == 0) {
            t->items[i].state = state;
            t->items[i].percent_complete = percent;
            return;
        }
    fail_msg("no item %s", ref);
}

#define IN_PROGRESS PMO__V1__WORK_STATE__STATE_IN_PROGRESS
#define DONE        PMO__V1__WORK_STATE__STATE_DONE

#define SUMMARY   PMO__V1__WORK_ITEM_KIND__KIND_SUMMARY
#define TASK      PMO__V1__WORK_ITEM_KIND__KIND_TASK
#define MILESTONE PMO__V1__WORK_ITEM_KIND__KIND_MILESTONE

/*
 * Two weeks from Monday 2027-01-04 to Friday 2027-01-15: twelve days. The
 * longest label is "  P-2 Design" (depth 1), twelve columns.
 */
static void tsched_small(tsched *t)
{
    tsched_init(t);
    tsched_add(t, "P-1", "Build", SUMMARY, 0, "2027-01-04", "2027-01-15",
               false);
    tsched_add(t, "P-2", "Design", TASK, 1, "2027-01-04", "2027-01-06", true);
    tsched_add(t, "P-3", "Code", TASK, 1, "2027-01-07", "2027-01-13", true);
    tsched_add(t, "P-4", "Docs", TASK, 1, "2027-01-07", "2027-01-08", false);
    tsched_add(t, "P-5", "Ready", MILESTONE, 1, "2027-01-13", "2027-01-13",
               true);
    tsched_add(t, "P-6", "Launch", MILESTONE, 0, "2027-01-15", "2027-01-15",
               false);
}

/* Long titles, deep nesting and a long span: what overflows first. */
static void tsched_wide(tsched *t)
{
    tsched_init(t);
    tsched_add(t, "LONGKEY-1", "A summary with a very long title indeed",
               SUMMARY, 0, "2026-12-28", "2028-02-11", false);
    tsched_add(t, "LONGKEY-22", "Nested work \xc3\xa9t\xc3\xa9 in UTF-8", TASK,
               7, "2026-12-28", "2027-09-30", true);
    tsched_add(t, "LONGKEY-333", "Title with \033[31m an escape", TASK, 40,
               "2027-06-01", "2028-02-11", false);
    tsched_add(t, "LONGKEY-4444", "End", MILESTONE, 2, "2028-02-11",
               "2028-02-11", true);
    tsched_add(t, "LONGKEY-5", "No dates", TASK, 1, "", "", false);
}

static int day(int y, int m, int d)
{
    return daynum_from_civil(y, m, d);
}

static gantt_opts opts(int width, bool utf8, bool color)
{
    return (gantt_opts){.width = width,
                        .from = GANTT_NO_DAY,
                        .to = GANTT_NO_DAY,
                        .today = GANTT_NO_DAY,
                        .color = color,
                        .utf8 = utf8};
}

/* The chart as a string (malloc'd). */
/*
 * Drawn into a temporary file and read back, not into open_memstream: at
 * -O3 gcc follows the buffer through open_memstream's char ** as if it
 * stayed NULL, and warns at every use of the text.
 */
static char *draw(const tsched *t, const gantt_opts *o, int *rows)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    int n = gantt_draw(f, &t->s, o);
    long len = ftell(f);
    assert_true(len >= 0);
    rewind(f);
    char *buf = malloc((size_t)len + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
    buf[len] = '\0';
    fclose(f);
    if (rows)
        *rows = n;
    return buf;
}

/*
 * The small schedule in ASCII without colour: the days from..to (or all
 * of them, GANTT_NO_DAY) and today's line on today (GANTT_NO_DAY: none).
 */
static char *draw_small(int width, int from, int to, int today, int *rows)
{
    tsched t;
    tsched_small(&t);
    gantt_opts o = opts(width, false, false);
    o.from = from;
    o.to = to;
    o.today = today;
    return draw(&t, &o, rows);
}

#define ALL GANTT_NO_DAY

/* The line that holds needle, copied into out ("" if none). */
static void line_with(const char *text, const char *needle, char *out,
                      size_t len)
{
    out[0] = '\0';
    const char *at = strstr(text, needle);
    if (at == NULL)
        return;
    const char *start = at;
    while (start > text && start[-1] != '\n')
        start--;
    size_t n = strcspn(start, "\n");
    snprintf(out, len, "%.*s", (int)(n < len ? n : len - 1), start);
}

/* The nth line of text, copied into out. */
static void line_at(const char *text, int nth, char *out, size_t len)
{
    for (int i = 0; i < nth && text; i++) {
        text = strchr(text, '\n');
        text = text ? text + 1 : NULL;
    }
    out[0] = '\0';
    if (text)
        snprintf(out, len, "%.*s", (int)strcspn(text, "\n"), text);
}

/* Columns a line takes on screen: UTF-8 characters, escapes not counted. */
static int screen_width(const char *line)
{
    int n = 0;
    for (const char *p = line; *p; p++) {
        if (*p == '\033') {
            p += strcspn(p, "m");
            if (*p == '\0')
                break;
            continue;
        }
        n += ((unsigned char)*p & 0xC0) != 0x80;
    }
    return n;
}

/* The character shown in column col of a line without escapes. */
static void char_at(const char *line, int col, char out[8])
{
    int n = 0;
    out[0] = '\0';
    for (const char *p = line; *p;) {
        size_t len = 1;
        while (((unsigned char)p[len] & 0xC0) == 0x80)
            len++;
        if (n++ == col) {
            snprintf(out, 8, "%.*s", (int)len, p);
            return;
        }
        p += len;
    }
}

/* Every column from c0 to c1 of line shows glyph. */
static void assert_run(const char *line, int c0, int c1, const char *glyph)
{
    char got[8];
    for (int c = c0; c <= c1; c++) {
        char_at(line, c, got);
        if (strcmp(got, glyph) != 0)
            fail_msg("column %d of \"%s\" is \"%s\", not \"%s\"", c, line, got,
                     glyph);
    }
}

static void assert_char(const char *line, int col, const char *glyph)
{
    assert_run(line, col, col, glyph);
}

/* -----------------------------------------------------------------
 * Width.
 * ----------------------------------------------------------------- */

static void assert_fits(const char *text, int width)
{
    for (const char *p = text; *p;) {
        size_t n = strcspn(p, "\n");
        char *line = strndup(p, n);
        if (screen_width(line) > width)
            fail_msg("width %d exceeded (%d): \"%s\"", width,
                     screen_width(line), line);
        free(line);
        p += n + (p[n] == '\n');
    }
}

/*
 * The small schedule with Design done, Code 40% done and Docs half done.
 */
static void tsched_under_way(tsched *t)
{
    tsched_small(t);
    tsched_progress(t, "P-2", DONE, 100);
    tsched_progress(t, "P-3", IN_PROGRESS, 40);
    tsched_progress(t, "P-4", IN_PROGRESS, 50);
}

/* Work under way and done in both schedules: done cells are cells too. */
static void tsched_both_progressed(tsched *small, tsched *wide)
{
    tsched_under_way(small);
    tsched_progress(small, "P-1", IN_PROGRESS, 60);
    tsched_wide(wide);
    tsched_progress(wide, "LONGKEY-22", IN_PROGRESS, 99);
    tsched_progress(wide, "LONGKEY-333", DONE, 0);
    tsched_progress(wide, "LONGKEY-5", IN_PROGRESS, 250);
}

static void test_width_never_exceeded(void **state)
{
    (void)state;
    tsched small, wide, small_done, wide_done;
    tsched_small(&small);
    tsched_wide(&wide);
    tsched_both_progressed(&small_done, &wide_done);
    const tsched *all[] = {&small, &wide, &small_done, &wide_done};
    for (int w = 1; w <= 300; w++)
        for (int variant = 0; variant < 16; variant++) {
            gantt_opts o = opts(w, variant & 1, variant & 2);
            o.today = day(2027, 1, 11);
            char *out = draw(all[variant >> 2], &o, NULL);
            assert_fits(out, w);
            free(out);
        }
}

static void test_width_with_a_window(void **state)
{
    (void)state;
    tsched wide;
    tsched_wide(&wide);
    for (int w = 1; w <= 200; w += 7) {
        gantt_opts o = opts(w, true, true);
        o.from = day(2027, 3, 1);
        o.to = day(2027, 3, 3);
        char *out = draw(&wide, &o, NULL);
        assert_fits(out, w);
        free(out);
    }
}

/* -----------------------------------------------------------------
 * Rows and bars, at width 39: the label column is 12 (the longest label;
 * (39 - 3) * 2 / 5 = 14 would allow more), the bars start at column 15
 * and take 24 columns for 12 days, two a day.
 * ----------------------------------------------------------------- */

static void test_critical_rows_marked(void **state)
{
    (void)state;
    int rows;
    char *out = draw_small(39, ALL, ALL, ALL, &rows);
    char line[256];
    assert_int_equal(rows, 6);
    static const struct {
        const char *ref;
        const char *flag;
    } flags[] = {{"P-1", " "}, {"P-2", "!"}, {"P-3", "!"},
                 {"P-4", " "}, {"P-5", "!"}, {"P-6", " "}};
    for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
        line_with(out, flags[i].ref, line, sizeof(line));
        assert_char(line, 0, flags[i].flag);
    }
    /* Design: days 0-2, columns 15-20; Code: days 3-9, columns 21-34. */
    line_with(out, "P-2 Design", line, sizeof(line));
    assert_run(line, 15, 20, "#");
    assert_int_equal(screen_width(line), 21);
    line_with(out, "P-3 Code", line, sizeof(line));
    assert_run(line, 21, 34, "#");
    assert_int_equal(screen_width(line), 35);
    /* Docs is not critical: days 3-4, columns 21-24, the other mark. */
    line_with(out, "P-4 Docs", line, sizeof(line));
    assert_run(line, 15, 20, " ");
    assert_run(line, 21, 24, "=");
    free(out);
}

static void test_labels_indented_by_depth(void **state)
{
    (void)state;
    char *out = draw_small(39, ALL, ALL, ALL, NULL);
    char line[256];
    line_with(out, "P-1", line, sizeof(line));
    assert_true(strncmp(line, "  P-1 Build", 11) == 0);
    line_with(out, "P-2", line, sizeof(line));
    assert_true(strncmp(line, "!   P-2 Design", 14) == 0);
    free(out);
}

static void test_summary_brackets(void **state)
{
    (void)state;
    char *out = draw_small(39, ALL, ALL, ALL, NULL);
    char line[256];
    line_with(out, "P-1 Build", line, sizeof(line));
    assert_char(line, 15, "[");
    assert_run(line, 16, 37, "-");
    assert_char(line, 38, "]");
    free(out);
}

/* Ready is on day 9 (2027-01-13): column 15 + 9 * B / 12. */
typedef struct milestone_case {
    const char *name;
    int width;
    bool utf8;
    int col;
} milestone_case;

static const milestone_case milestone_cases[] = {
    /* label 12, bars 24: 15 + 18 */
    {"two columns a day", 39, false, 33},
    {"two columns a day, UTF-8", 39, true, 33},
    /* label min(12, 24 * 2 / 5 = 9), bars at 12, 15 wide: 12 + 135 / 12 */
    {"a narrow chart shares columns", 27, false, 23},
    /* label 12, bars 60: 15 + 45 */
    {"five columns a day", 75, true, 60},
};

static void test_milestone_on_its_column(void **state)
{
    (void)state;
    tsched t;
    tsched_small(&t);
    for (size_t i = 0; i < sizeof(milestone_cases) / sizeof(milestone_cases[0]);
         i++) {
        const milestone_case *c = &milestone_cases[i];
        gantt_opts o = opts(c->width, c->utf8, false);
        char *out = draw(&t, &o, NULL);
        char line[512], got[8];
        line_with(out, "P-5", line, sizeof(line));
        char_at(line, c->col, got);
        if (strcmp(got, c->utf8 ? "\xe2\x97\x86" : "*") != 0)
            fail_msg("%s: column %d of \"%s\" is \"%s\"", c->name, c->col, line,
                     got);
        /* Nothing else on the row's bar area: one diamond only. */
        assert_int_equal(screen_width(line), c->col + 1);
        free(out);
    }
}

static void test_today_line(void **state)
{
    (void)state;
    /* Day 7: column 15 + 7 * 24 / 12 = 29. */
    char *out = draw_small(39, ALL, ALL, day(2027, 1, 11), NULL);
    char line[256];
    /* Where no bar is, the line shows; a bar covers it. */
    line_with(out, "P-2 Design", line, sizeof(line));
    assert_char(line, 29, "|");
    line_with(out, "P-4 Docs", line, sizeof(line));
    assert_char(line, 29, "|");
    line_with(out, "P-3 Code", line, sizeof(line));
    assert_char(line, 29, "#");
    line_with(out, "P-1 Build", line, sizeof(line));
    assert_char(line, 29, "-");
    /* The rule under the dates marks it too. */
    line_at(out, 1, line, sizeof(line));
    assert_char(line, 29, "v");
    free(out);
}

static void test_today_outside_is_not_drawn(void **state)
{
    (void)state;
    char *out = draw_small(39, ALL, ALL, day(2027, 2, 1), NULL);
    char line[256];
    line_with(out, "P-2 Design", line, sizeof(line));
    assert_null(strchr(line + 15, '|'));
    line_at(out, 1, line, sizeof(line));
    assert_null(strchr(line, 'v'));
    free(out);
}

static void test_axis_dates(void **state)
{
    (void)state;
    char *out = draw_small(39, ALL, ALL, ALL, NULL);
    char line[256];
    /* 12 days in 24 columns: weekly ticks, on the two Mondays. */
    line_at(out, 0, line, sizeof(line));
    /* Compared as memory: gcc -O3 warns on a strncmp along the path where
     * line_at found no line, which the assertions would report anyway. */
    assert_memory_equal(line, "  P", 3);
    assert_memory_equal(line + 15, "2027-01-04", 10);
    assert_memory_equal(line + 29, "01-11", 5);
    line_at(out, 1, line, sizeof(line));
    assert_char(line, 15, "+");
    assert_run(line, 16, 28, "-");
    assert_char(line, 29, "+");
    assert_run(line, 30, 38, "-");
    free(out);
}

static void test_window_keeps_overlapping_rows(void **state)
{
    (void)state;
    int rows;
    char *out = draw_small(39, day(2027, 1, 11), day(2027, 1, 15), ALL, &rows);
    /* Design and Docs end before the 11th. */
    assert_int_equal(rows, 4);
    assert_null(strstr(out, "P-2"));
    assert_null(strstr(out, "P-4"));
    char line[256];
    /*
     * The longest label left is "  P-5 Ready", 11: the bars start at 14
     * and give 25 columns to 5 days. Code is cut at the window: days 0-2,
     * columns 14 to 28.
     */
    line_with(out, "P-3 Code", line, sizeof(line));
    assert_run(line, 14, 28, "#");
    assert_int_equal(screen_width(line), 29);
    free(out);
}

static void test_empty_window(void **state)
{
    (void)state;
    int rows;
    char *out = draw_small(60, day(2028, 1, 3), day(2028, 1, 7), ALL, &rows);
    assert_int_equal(rows, 0);
    assert_non_null(strstr(out, "(no work items in these days)"));
    free(out);
}

/* -----------------------------------------------------------------
 * Progress, at width 39 as above: the done share of a task's cells,
 * rounded down, in 'X' from the start of its bar; all of them once done.
 * ----------------------------------------------------------------- */

typedef struct progress_case {
    const char *name;
    const char *ref; /* the row */
    int state;
    uint32_t percent;
    int c0, c1;       /* the bar */
    int done_to;      /* the first column not done (c0: none done) */
    const char *rest; /* the glyph of the cells not done */
} progress_case;

static const progress_case progress_cases[] = {
    /* Docs, days 3-4: columns 21-24, four cells; half of them is two. */
    {"a task half done", "P-4", IN_PROGRESS, 50, 21, 24, 23, "="},
    /* Design, days 0-2: columns 15-20; done whatever its percent says. */
    {"a done task", "P-2", DONE, 80, 15, 20, 21, "#"},
    /* Code, days 3-9: columns 21-34, 14 cells; 40% is 5.6, so 5. */
    {"a critical task at 40%", "P-3", IN_PROGRESS, 40, 21, 34, 26, "#"},
    /* 1% of 4 cells is 0.04: nothing shows done before a cell is. */
    {"a sliver is not a cell", "P-4", IN_PROGRESS, 1, 21, 24, 21, "="},
    /* 99% of 14 is 13.86: the last cell waits for the work to finish. */
    {"99% is not finished", "P-3", IN_PROGRESS, 99, 21, 34, 34, "#"},
    {"100% in progress", "P-4", IN_PROGRESS, 100, 21, 24, 25, "="},
    /* More than 100 is taken as 100. */
    {"past 100%", "P-4", IN_PROGRESS, 250, 21, 24, 25, "="},
};

/* The row of the chart of t drawn with o that holds needle. */
static void row_of(const tsched *t, const gantt_opts *o, const char *needle,
                   char *line, size_t len)
{
    char *out = draw(t, o, NULL);
    line_with(out, needle, line, len);
    free(out);
}

static void test_progress_on_the_bar(void **state)
{
    (void)state;
    gantt_opts o = opts(39, false, false);
    for (size_t i = 0; i < sizeof(progress_cases) / sizeof(progress_cases[0]);
         i++) {
        const progress_case *c = &progress_cases[i];
        tsched t;
        tsched_small(&t);
        tsched_progress(&t, c->ref, c->state, c->percent);
        char line[256];
        row_of(&t, &o, c->ref, line, sizeof(line));
        if (c->done_to > c->c0)
            assert_run(line, c->c0, c->done_to - 1, "X");
        if (c->done_to <= c->c1)
            assert_run(line, c->done_to, c->c1, c->rest);
        if (screen_width(line) != c->c1 + 1)
            fail_msg("%s: \"%s\" does not end at column %d", c->name, line,
                     c->c1);
    }
}

#define FULL_BLOCK   "\xe2\x96\x88"
#define DARK_SHADE   "\xe2\x96\x93"
#define MEDIUM_SHADE "\xe2\x96\x92"

/* Columns c0 to c1 of a row of the schedule under way show glyph. */
typedef struct glyph_case {
    const char *name;
    bool utf8;
    const char *row;
    int c0, c1;
    const char *glyph;
} glyph_case;

static const glyph_case under_way_cases[] = {
    /* Without colour, the flag still says critical on a finished task. */
    {"a done critical task keeps its flag", false, "P-2 Design", 0, 0, "!"},
    {"all of a done task is done", false, "P-2 Design", 15, 20, "X"},
    {"a critical task under way keeps its flag", false, "P-3 Code", 0, 0, "!"},
    /* A full block for done, a dark shade critical, a medium shade not. */
    {"UTF-8: done is a full block", true, "P-3 Code", 21, 25, FULL_BLOCK},
    {"UTF-8: critical work left", true, "P-3 Code", 26, 34, DARK_SHADE},
    {"UTF-8: half of Docs done", true, "P-4 Docs", 21, 22, FULL_BLOCK},
    {"UTF-8: other work left", true, "P-4 Docs", 23, 24, MEDIUM_SHADE},
};

static void test_progress_glyphs(void **state)
{
    (void)state;
    tsched t;
    tsched_under_way(&t);
    for (size_t i = 0; i < sizeof(under_way_cases) / sizeof(under_way_cases[0]);
         i++) {
        const glyph_case *c = &under_way_cases[i];
        gantt_opts o = opts(39, c->utf8, false);
        char line[256], got[8];
        row_of(&t, &o, c->row, line, sizeof(line));
        for (int col = c->c0; col <= c->c1; col++) {
            char_at(line, col, got);
            if (strcmp(got, c->glyph) != 0)
                fail_msg("%s: column %d of \"%s\" is \"%s\"", c->name, col,
                         line, got);
        }
    }
}

static void test_progress_in_colour(void **state)
{
    (void)state;
    tsched t;
    tsched_under_way(&t);
    gantt_opts o = opts(39, false, true);
    char line[256];
    /* The whole bar, done or not, is red. */
    row_of(&t, &o, "P-3 Code", line, sizeof(line));
    assert_non_null(strstr(line, "\033[31mXXXXX#########\033[0m"));
}

static void test_progress_of_a_bar_cut_by_the_window(void **state)
{
    (void)state;
    tsched t;
    tsched_small(&t);
    gantt_opts o = opts(39, false, false);
    o.from = day(2027, 1, 11);
    o.to = day(2027, 1, 15);
    char line[256];
    /*
     * Code runs 7 days from the 7th; 80% is 5.6 days, to the 12th and
     * 0.6 of a day. The window starts on the 11th at column 14 with five
     * columns a day (see above), so 1.6 days, 8 columns, show done.
     */
    tsched_progress(&t, "P-3", IN_PROGRESS, 80);
    row_of(&t, &o, "P-3 Code", line, sizeof(line));
    assert_run(line, 14, 21, "X");
    assert_run(line, 22, 28, "#");
    /* At 40%, 2.8 days, the done part ends before the window begins. */
    tsched_progress(&t, "P-3", IN_PROGRESS, 40);
    row_of(&t, &o, "P-3 Code", line, sizeof(line));
    assert_run(line, 14, 28, "#");
}

static void test_progress_not_on_summaries_or_milestones(void **state)
{
    (void)state;
    tsched t;
    tsched_small(&t);
    tsched_progress(&t, "P-1", IN_PROGRESS, 50);
    tsched_progress(&t, "P-5", DONE, 100);
    gantt_opts o = opts(39, false, false);
    char line[256];
    row_of(&t, &o, "P-1 Build", line, sizeof(line));
    assert_char(line, 15, "[");
    assert_run(line, 16, 37, "-");
    row_of(&t, &o, "P-5 Ready", line, sizeof(line));
    assert_char(line, 33, "*");
}

static void test_legend_names_done(void **state)
{
    (void)state;
    char *out = draw_small(120, ALL, ALL, ALL, NULL);
    char line[256];
    line_with(out, "critical task", line, sizeof(line));
    assert_non_null(strstr(line, "= task   X done   *"));
    free(out);
}

/* -----------------------------------------------------------------
 * Colour and text from users.
 * ----------------------------------------------------------------- */

static void test_no_colour_when_off(void **state)
{
    (void)state;
    tsched t;
    tsched_wide(&t);
    gantt_opts o = opts(120, true, false);
    o.today = day(2027, 3, 1);
    char *out = draw(&t, &o, NULL);
    /* Not even the escape inside a title gets through. */
    assert_null(strchr(out, '\033'));
    free(out);
}

static void test_colour_when_on(void **state)
{
    (void)state;
    tsched t;
    tsched_small(&t);
    gantt_opts o = opts(39, false, true);
    char *out = draw(&t, &o, NULL);
    char line[256];
    line_with(out, "P-2 Design", line, sizeof(line));
    assert_non_null(strstr(line, "\033[31m######\033[0m"));
    /* The bar characters stay the same: colour only adds to them. */
    line_with(out, "P-4 Docs", line, sizeof(line));
    assert_non_null(strstr(line, "===="));
    assert_null(strstr(line, "\033[31m"));
    free(out);
}

static void test_long_titles_cut(void **state)
{
    (void)state;
    tsched t;
    tsched_wide(&t);
    gantt_opts o = opts(60, false, false);
    char *out = draw(&t, &o, NULL);
    char line[256];
    /* The label column is (60 - 3) * 2 / 5 = 22: 9 + 1 + 12 for the title. */
    line_with(out, "LONGKEY-1 ", line, sizeof(line));
    assert_true(strncmp(line, "  LONGKEY-1 A summary... ", 25) == 0);
    assert_char(line, 25, "[");
    /* No row for an item without dates. */
    assert_null(strstr(out, "LONGKEY-5"));
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_width_never_exceeded),
        cmocka_unit_test(test_width_with_a_window),
        cmocka_unit_test(test_critical_rows_marked),
        cmocka_unit_test(test_labels_indented_by_depth),
        cmocka_unit_test(test_summary_brackets),
        cmocka_unit_test(test_milestone_on_its_column),
        cmocka_unit_test(test_today_line),
        cmocka_unit_test(test_today_outside_is_not_drawn),
        cmocka_unit_test(test_axis_dates),
        cmocka_unit_test(test_window_keeps_overlapping_rows),
        cmocka_unit_test(test_empty_window),
        cmocka_unit_test(test_progress_on_the_bar),
        cmocka_unit_test(test_progress_glyphs),
        cmocka_unit_test(test_progress_in_colour),
        cmocka_unit_test(test_progress_of_a_bar_cut_by_the_window),
        cmocka_unit_test(test_progress_not_on_summaries_or_milestones),
        cmocka_unit_test(test_legend_names_done),
        cmocka_unit_test(test_no_colour_when_off),
        cmocka_unit_test(test_colour_when_on),
        cmocka_unit_test(test_long_titles_cut),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
