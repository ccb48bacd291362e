/*
 * tests/unit/test_cpm.c - the critical path engine on hand-made plans with
 * known answers: every link type with lags and leads, calendars, floats,
 * milestones, summaries, work in progress, targets, critical chains,
 * cycles and bad input.
 */
#include "common/daynum.h"
#include "sched/cpm.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* January 2026 by day of the month; the 5th is a Monday. */
#define JAN(d)    daynum_from_civil(2026, 1, (d))
#define MAX_ITEMS 64
#define MAX_LINKS 64

typedef struct tplan {
    sched_plan plan;
    sched_item items[MAX_ITEMS];
    sched_link links[MAX_LINKS];
    int holidays[16];
    sched_result res;
    sched_error err;
} tplan;

static void tplan_init(tplan *t, unsigned weekdays, int start_day)
{
    memset(t, 0, sizeof *t);
    t->plan.items = t->items;
    t->plan.links = t->links;
    t->plan.calendar.weekdays = weekdays;
    t->plan.calendar.holidays = t->holidays;
    t->plan.start_day = start_day;
    t->plan.status_day = SCHED_NO_DAY;
    t->plan.target_day = SCHED_NO_DAY;
    sched_result_init(&t->res);
}

static int tplan_task(tplan *t, double days)
{
    sched_item it = SCHED_ITEM_INIT;
    it.duration_days = days;
    t->items[t->plan.n_items] = it;
    return t->plan.n_items++;
}

static int tplan_milestone(tplan *t)
{
    int i = tplan_task(t, 0);
    t->items[i].flags = SCHED_ITEM_MILESTONE;
    return i;
}

static int tplan_summary(tplan *t, int parent)
{
    int i = tplan_task(t, 0);
    t->items[i].flags = SCHED_ITEM_SUMMARY;
    t->items[i].parent = parent;
    return i;
}

static int tplan_link(tplan *t, int pred, int succ, int type, double lag)
{
    t->links[t->plan.n_links] = (sched_link){pred, succ, type, lag};
    return t->plan.n_links++;
}

static void tplan_holiday(tplan *t, int day)
{
    t->holidays[t->plan.calendar.n_holidays++] = day;
}

static void tplan_run(tplan *t)
{
    int rc = sched_cpm(&t->plan, &t->res, &t->err);
    if (rc != SCHED_OK)
        fail_msg("refused (%d): %s", rc, t->err.detail);
}

static void tplan_fini(tplan *t)
{
    sched_result_fini(&t->res);
}

/* Ticks of whole and fractional working days. */
#define D(x) ((sched_tick)lround((x)*SCHED_TICKS_PER_DAY))

/* ----------------------------------------------------------------
 * Link types, lags and leads.
 * ---------------------------------------------------------------- */

typedef struct link_case {
    const char *name;
    double dur_a, dur_b;
    int type;
    double lag;
    double es_b, ef_b;             /* working days */
    double tf_a, tf_b, ff_a, ff_b; /* working days */
} link_case;

static const link_case link_cases[] = {
    {"FS", 3, 2, SCHED_FS, 0, 3, 5, 0, 0, 0, 0},
    {"FS with a lag", 3, 2, SCHED_FS, 2, 5, 7, 0, 0, 0, 0},
    {"FS with a lead", 3, 2, SCHED_FS, -1, 2, 4, 0, 0, 0, 0},
    {"FS lead past the start", 3, 2, SCHED_FS, -5, 0, 2, 0, 1, 0, 1},
    {"FS after half a day", 2.5, 1, SCHED_FS, 0, 2.5, 3.5, 0, 0, 0, 0},
    {"FS lag of a quarter day", 1, 1, SCHED_FS, 0.25, 1.25, 2.25, 0, 0, 0, 0},
    {"SS", 3, 2, SCHED_SS, 0, 0, 2, 0, 1, 0, 1},
    {"SS with a lag", 3, 2, SCHED_SS, 1.5, 1.5, 3.5, 0, 0, 0, 0},
    {"SS with a lead", 3, 2, SCHED_SS, -1, 0, 2, 0, 1, 0, 1},
    {"FF", 3, 2, SCHED_FF, 0, 1, 3, 0, 0, 0, 0},
    {"FF with a lag", 3, 2, SCHED_FF, 1, 2, 4, 0, 0, 0, 0},
    {"FF with a longer successor", 2, 5, SCHED_FF, 0, 0, 5, 3, 0, 3, 0},
    {"FF with a lead", 3, 2, SCHED_FF, -1, 0, 2, 0, 1, 0, 1},
    {"SF", 3, 2, SCHED_SF, 0, 0, 2, 0, 1, 0, 1},
    {"SF with a lag", 3, 2, SCHED_SF, 4, 2, 4, 0, 0, 0, 0},
    {"SF with a lead", 3, 2, SCHED_SF, -1, 0, 2, 0, 1, 0, 1},
};

static void test_link_types_lags_and_leads(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof link_cases / sizeof link_cases[0]; i++) {
        const link_case *c = &link_cases[i];
        tplan t;
        tplan_init(&t, SCHED_ALL_WEEK, JAN(5));
        int a = tplan_task(&t, c->dur_a), b = tplan_task(&t, c->dur_b);
        tplan_link(&t, a, b, c->type, c->lag);
        tplan_run(&t);
        const sched_result *r = &t.res;
        if (r->early_start[b] != D(c->es_b) ||
            r->early_finish[b] != D(c->ef_b) ||
            r->total_float[a] != D(c->tf_a) ||
            r->total_float[b] != D(c->tf_b) || r->free_float[a] != D(c->ff_a) ||
            r->free_float[b] != D(c->ff_b))
            fail_msg("%s: B %d-%d, tf %d %d, ff %d %d", c->name,
                     r->early_start[b], r->early_finish[b], r->total_float[a],
                     r->total_float[b], r->free_float[a], r->free_float[b]);
        tplan_fini(&t);
    }
}

/* ----------------------------------------------------------------
 * Calendars.
 * ---------------------------------------------------------------- */

typedef struct calendar_case {
    const char *name;
    unsigned weekdays;
    int holiday;        /* day of January 2026, or 0 */
    int start;          /* day of January 2026 */
    double pred, dur;   /* a predecessor (0: none) and the task, FS */
    int es_day, ef_day; /* days of January 2026 */
} calendar_case;

static const calendar_case calendar_cases[] = {
    {"a working week", SCHED_MON_FRI, 0, 5, 0, 5, 5, 9},
    {"over a weekend", SCHED_MON_FRI, 0, 5, 0, 6, 5, 12},
    {"starting on a Saturday", SCHED_MON_FRI, 0, 3, 0, 1, 5, 5},
    {"around a holiday", SCHED_MON_FRI, 7, 5, 0, 5, 5, 12},
    {"starting on a holiday", SCHED_MON_FRI, 5, 5, 0, 2, 6, 7},
    {"after Friday comes Monday", SCHED_MON_FRI, 0, 5, 5, 1, 12, 12},
    {"half days", SCHED_MON_FRI, 0, 5, 2.5, 1, 7, 8},
    {"every day", SCHED_ALL_WEEK, 0, 3, 0, 2, 3, 4},
    {"every day with a holiday", SCHED_ALL_WEEK, 4, 3, 0, 2, 3, 5},
    {"Tuesday to Saturday", 0x3e, 0, 4, 2, 3, 8, 10},
};

static void test_calendar_dates(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof calendar_cases / sizeof calendar_cases[0];
         i++) {
        const calendar_case *c = &calendar_cases[i];
        tplan t;
        tplan_init(&t, c->weekdays, JAN(c->start));
        if (c->holiday)
            tplan_holiday(&t, JAN(c->holiday));
        int task = tplan_task(&t, c->dur);
        if (c->pred > 0)
            tplan_link(&t, tplan_task(&t, c->pred), task, SCHED_FS, 0);
        tplan_run(&t);
        int es = t.res.early_start_day[task] - JAN(0);
        int ef = t.res.early_finish_day[task] - JAN(0);
        if (es != c->es_day || ef != c->ef_day)
            fail_msg("%s: %d-%d, want %d-%d", c->name, es, ef, c->es_day,
                     c->ef_day);
        tplan_fini(&t);
    }
}

/* ----------------------------------------------------------------
 * Milestones and start-no-earlier dates.
 * ---------------------------------------------------------------- */

typedef struct milestone_case {
    const char *name;
    double pred;  /* duration of an FS predecessor, or 0 */
    double given; /* duration given to the milestone */
    int snet;     /* start-no-earlier day of January, or 0 */
    double at;    /* its instant, working days */
    int day;      /* the day it is shown on, January */
} milestone_case;

static const milestone_case milestone_cases[] = {
    {"at the plan's start", 0, 0, 0, 0, 5},
    {"after a week's work: Friday", 5, 0, 0, 5, 9},
    {"a duration is ignored", 5, 3, 0, 5, 9},
    {"after two and a half days: Wednesday", 2.5, 0, 0, 2.5, 7},
    {"no earlier than Wednesday", 0, 0, 7, 2, 7},
    {"no earlier than a Saturday: Monday", 0, 0, 10, 5, 12},
    {"a later predecessor wins over the date", 5, 0, 7, 5, 9},
};

static void test_milestones(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof milestone_cases / sizeof milestone_cases[0];
         i++) {
        const milestone_case *c = &milestone_cases[i];
        tplan t;
        tplan_init(&t, SCHED_MON_FRI, JAN(5));
        int m = tplan_milestone(&t);
        t.items[m].duration_days = c->given;
        if (c->snet)
            t.items[m].start_no_earlier = JAN(c->snet);
        if (c->pred > 0)
            tplan_link(&t, tplan_task(&t, c->pred), m, SCHED_FS, 0);
        tplan_run(&t);
        const sched_result *r = &t.res;
        if (r->early_start[m] != D(c->at) || r->early_finish[m] != D(c->at) ||
            r->early_start_day[m] != JAN(c->day) ||
            r->early_finish_day[m] != JAN(c->day))
            fail_msg("%s: at %d, days %d %d", c->name, r->early_start[m],
                     r->early_start_day[m] - JAN(0),
                     r->early_finish_day[m] - JAN(0));
        tplan_fini(&t);
    }
}

static void test_start_no_earlier_than(void **state)
{
    (void)state;
    tplan t;
    tplan_init(&t, SCHED_MON_FRI, JAN(5));
    int a = tplan_task(&t, 2), b = tplan_task(&t, 1);
    tplan_link(&t, a, b, SCHED_FS, 0);
    t.items[b].start_no_earlier = JAN(8); /* Thursday */
    t.items[a].start_no_earlier = JAN(1); /* before the plan: no effect */
    tplan_run(&t);
    assert_int_equal(t.res.early_start[a], 0);
    assert_int_equal(t.res.early_start[b], D(3));
    assert_int_equal(t.res.early_start_day[b], JAN(8));
    /* B sits at its date and ends the plan; A may slip a day. */
    assert_int_equal(t.res.total_float[a], D(1));
    assert_int_equal(t.res.free_float[a], D(1));
    assert_true(t.res.critical[b]);
    assert_false(t.res.critical[a]);
    tplan_fini(&t);
}

/* ----------------------------------------------------------------
 * Floats.
 * ---------------------------------------------------------------- */

/*
 * A(2) -> C(3) -> E(1), B(1) -> C, B -> D(1) -> E. B can slip a day
 * without moving the end, but not without moving C: total float 1, free
 * float 0. D can slip three days and moves nothing.
 */
static void test_free_and_total_float(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        double es, ef, ls, lf, tf, ff;
        int critical;
    } want[] = {
        {"A", 0, 2, 0, 2, 0, 0, 1}, {"B", 0, 1, 1, 2, 1, 0, 0},
        {"C", 2, 5, 2, 5, 0, 0, 1}, {"D", 1, 2, 4, 5, 3, 3, 0},
        {"E", 5, 6, 5, 6, 0, 0, 1},
    };
    tplan t;
    tplan_init(&t, SCHED_MON_FRI, JAN(5));
    int a = tplan_task(&t, 2), b = tplan_task(&t, 1), c = tplan_task(&t, 3);
    int d = tplan_task(&t, 1), e = tplan_task(&t, 1);
    tplan_link(&t, a, c, SCHED_FS, 0);
    tplan_link(&t, b, c, SCHED_FS, 0);
    tplan_link(&t, b, d, SCHED_FS, 0);
    tplan_link(&t, c, e, SCHED_FS, 0);
    tplan_link(&t, d, e, SCHED_FS, 0);
    tplan_run(&t);
    for (int i = 0; i < 5; i++) {
        const sched_result *r = &t.res;
        if (r->early_start[i] != D(want[i].es) ||
            r->early_finish[i] != D(want[i].ef) ||
            r->late_start[i] != D(want[i].ls) ||
            r->late_finish[i] != D(want[i].lf) ||
            r->total_float[i] != D(want[i].tf) ||
            r->free_float[i] != D(want[i].ff) ||
            r->critical[i] != want[i].critical)
            fail_msg("%s: %d %d %d %d tf %d ff %d crit %d", want[i].name,
                     r->early_start[i], r->early_finish[i], r->late_start[i],
                     r->late_finish[i], r->total_float[i], r->free_float[i],
                     r->critical[i]);
    }
    assert_int_equal(t.res.finish, D(6));
    assert_int_equal(t.res.finish_day, JAN(12));
    assert_int_equal(t.res.late_start_day[d], JAN(9));
    tplan_fini(&t);
}

/* ----------------------------------------------------------------
 * Critical chains.
 * ---------------------------------------------------------------- */

typedef struct chain_case {
    const char *name;
    int n;              /* tasks, named by index */
    const double *dur;  /* their durations */
    const char *links;  /* "0>1 1>2", all FS */
    const char *chains; /* "0 1 2 | 3" */
    const char *from;   /* per chain: item it branches from, -1 none */
    const char *into;   /* per chain: item it joins, -1 none */
} chain_case;

static const double two_by_two[] = {2, 2, 2, 2};
static const double diamond[] = {1, 2, 2, 1};
static const double branch[] = {1, 3, 1, 1};
static const double wide[] = {1, 1, 1, 1, 1};

static const chain_case chain_cases[] = {
    {"two parallel chains", 4, two_by_two, "0>1 2>3", "0 1 | 2 3", "-1 -1",
     "-1 -1"},
    {"a diamond", 4, diamond, "0>1 0>2 1>3 2>3", "0 1 3 | 2", "-1 0", "-1 3"},
    {"a branch with float is left out", 4, branch, "0>1 0>2 2>3", "0 1", "-1",
     "-1"},
    {"three starts into one", 5, wide, "0>3 1>3 2>3 3>4", "0 3 4 | 1 | 2",
     "-1 -1 -1", "-1 3 3"},
};

static void chain_format(const sched_result *r, char *out, size_t len)
{
    size_t at = 0;
    out[0] = '\0';
    for (int c = 0; c < r->n_chains; c++)
        for (int j = r->chain_off[c]; j < r->chain_off[c + 1]; j++)
            at +=
                (size_t)snprintf(out + at, len - at, "%s%d",
                                 j == r->chain_off[c] ? (c ? " | " : "") : " ",
                                 r->chain_items[j]);
}

static void ints_format(const int *v, int n, char *out, size_t len)
{
    size_t at = 0;
    out[0] = '\0';
    for (int i = 0; i < n; i++)
        at += (size_t)snprintf(out + at, len - at, "%s%d", i ? " " : "", v[i]);
}

static void chain_links(tplan *t, const char *spec)
{
    int a, b, used;
    while (sscanf(spec, " %d>%d%n", &a, &b, &used) == 2) {
        tplan_link(t, a, b, SCHED_FS, 0);
        spec += used;
    }
}

static void test_critical_chains(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof chain_cases / sizeof chain_cases[0]; i++) {
        const chain_case *c = &chain_cases[i];
        tplan t;
        char got[128], from[64], into[64];
        tplan_init(&t, SCHED_MON_FRI, JAN(5));
        for (int k = 0; k < c->n; k++)
            tplan_task(&t, c->dur[k]);
        chain_links(&t, c->links);
        tplan_run(&t);
        chain_format(&t.res, got, sizeof got);
        ints_format(t.res.chain_from, t.res.n_chains, from, sizeof from);
        ints_format(t.res.chain_into, t.res.n_chains, into, sizeof into);
        if (strcmp(got, c->chains) || strcmp(from, c->from) ||
            strcmp(into, c->into))
            fail_msg("%s: chains \"%s\" from \"%s\" into \"%s\"", c->name, got,
                     from, into);
        tplan_fini(&t);
    }
}

/* ----------------------------------------------------------------
 * Summaries.
 * ---------------------------------------------------------------- */

/*
 * S holds A(3) -> B(2) and a sub-summary T holding C(1), which starts a
 * day after A starts (SS 1) and has float; D is a summary with no
 * children.
 */
static void test_summaries_roll_up(void **state)
{
    (void)state;
    tplan t;
    tplan_init(&t, SCHED_MON_FRI, JAN(5));
    int s = tplan_summary(&t, -1), tt = tplan_summary(&t, s);
    int d = tplan_summary(&t, -1);
    int a = tplan_task(&t, 3), b = tplan_task(&t, 2), c = tplan_task(&t, 1);
    t.items[a].parent = t.items[b].parent = s;
    t.items[c].parent = tt;
    tplan_link(&t, a, b, SCHED_FS, 0);
    tplan_link(&t, a, c, SCHED_SS, 1);
    tplan_run(&t);
    const sched_result *r = &t.res;
    assert_int_equal(r->early_start[s], 0);
    assert_int_equal(r->early_finish[s], D(5));
    assert_int_equal(r->early_start_day[s], JAN(5));
    assert_int_equal(r->early_finish_day[s], JAN(9));
    assert_int_equal(r->total_float[s], 0);
    assert_true(r->critical[s]);
    assert_int_equal(r->early_start[tt], D(1));
    assert_int_equal(r->early_finish[tt], D(2));
    assert_int_equal(r->late_finish[tt], D(5));
    assert_int_equal(r->total_float[tt], D(3));
    assert_false(r->critical[tt]);
    assert_int_equal(r->early_start[d], 0);
    assert_int_equal(r->early_finish[d], 0);
    assert_int_equal(r->early_start_day[d], JAN(5));
    assert_false(r->critical[d]);
    /* Summaries are not activities: the chain is A, B only. */
    assert_int_equal(r->n_chains, 1);
    assert_int_equal(r->chain_off[1], 2);
    assert_int_equal(r->finish, D(5));
    tplan_fini(&t);
}

static void test_summary_links_refused(void **state)
{
    (void)state;
    for (int into = 0; into < 2; into++) {
        tplan t;
        tplan_init(&t, SCHED_MON_FRI, JAN(5));
        int s = tplan_summary(&t, -1), a = tplan_task(&t, 1);
        int b = tplan_task(&t, 1);
        t.items[a].parent = s;
        tplan_link(&t, a, b, SCHED_FS, 0);
        int l = into ? tplan_link(&t, b, s, SCHED_FS, 0)
                     : tplan_link(&t, s, b, SCHED_SS, 0);
        assert_int_equal(sched_cpm(&t.plan, &t.res, &t.err),
                         SCHED_ESUMMARY_LINK);
        assert_int_equal(t.err.item, s);
        assert_int_equal(t.err.link, l);
        sched_error_fini(&t.err);
        tplan_fini(&t);
    }
}

/* ----------------------------------------------------------------
 * Work in progress.
 * ---------------------------------------------------------------- */

/*
 * Status date Wednesday the 7th. A was done Monday-Tuesday. B started
 * Tuesday, is half done of 4 days: 2 days remain from Wednesday. C has
 * not started: not before Wednesday. D follows A, E follows B, and a link
 * from C into B binds nothing, as B has started.
 */
static void test_work_in_progress(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        double es, ef;
        int es_day, ef_day;
    } want[] = {
        {"A done", 0, 2, 5, 6},
        {"B in progress", 1, 4, 6, 8},
        {"C waits for status", 2, 3, 7, 7},
        {"D after A", 2, 3, 7, 7},
        {"E after B", 4, 5, 9, 9},
    };
    tplan t;
    tplan_init(&t, SCHED_MON_FRI, JAN(5));
    t.plan.status_day = JAN(7);
    int a = tplan_task(&t, 2), b = tplan_task(&t, 4), c = tplan_task(&t, 1);
    int d = tplan_task(&t, 1), e = tplan_task(&t, 1);
    t.items[a].actual_start = JAN(5);
    t.items[a].actual_finish = JAN(6);
    t.items[b].actual_start = JAN(6);
    t.items[b].percent_complete = 50;
    tplan_link(&t, a, d, SCHED_FS, 0);
    tplan_link(&t, b, e, SCHED_FS, 0);
    tplan_link(&t, c, b, SCHED_FS, 0);
    tplan_run(&t);
    const sched_result *r = &t.res;
    for (int i = 0; i < 5; i++)
        if (r->early_start[i] != D(want[i].es) ||
            r->early_finish[i] != D(want[i].ef) ||
            r->early_start_day[i] != JAN(want[i].es_day) ||
            r->early_finish_day[i] != JAN(want[i].ef_day))
            fail_msg("%s: %d-%d, days %d-%d", want[i].name, r->early_start[i],
                     r->early_finish[i], r->early_start_day[i] - JAN(0),
                     r->early_finish_day[i] - JAN(0));
    /* Done items have no float and are never critical; B and E drive. */
    assert_int_equal(r->total_float[a], 0);
    assert_false(r->critical[a]);
    assert_true(r->critical[b]);
    assert_true(r->critical[e]);
    assert_int_equal(r->late_start[b], D(1));
    assert_int_equal(r->total_float[c], D(2));
    assert_int_equal(r->finish_day, JAN(9));
    (void)d;
    tplan_fini(&t);
}

typedef struct progress_case {
    const char *name;
    int actual_start, actual_finish; /* January, 0 for none */
    int percent;
    double es, ef;
} progress_case;

static const progress_case progress_cases[] = {
    {"not started", 0, 0, 0, 2, 6},
    {"started, nothing done", 5, 0, 0, 0, 6},
    {"started, 75% done", 5, 0, 75, 0, 3},
    {"started, all done but not finished", 5, 0, 100, 0, 2},
    {"started after the status date", 8, 0, 50, 3, 5},
    {"finished early", 5, 5, 0, 0, 1},
    {"finished, no start given", 0, 6, 0, -2, 2},
};

/* A 4-day task on Mon-Fri from Monday the 5th, status Wednesday the 7th. */
static void test_progress_kinds(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof progress_cases / sizeof progress_cases[0];
         i++) {
        const progress_case *c = &progress_cases[i];
        tplan t;
        tplan_init(&t, SCHED_MON_FRI, JAN(5));
        t.plan.status_day = JAN(7);
        int a = tplan_task(&t, 4);
        if (c->actual_start)
            t.items[a].actual_start = JAN(c->actual_start);
        if (c->actual_finish)
            t.items[a].actual_finish = JAN(c->actual_finish);
        t.items[a].percent_complete = c->percent;
        tplan_run(&t);
        if (t.res.early_start[a] != D(c->es) ||
            t.res.early_finish[a] != D(c->ef))
            fail_msg("%s: %d-%d", c->name, t.res.early_start[a],
                     t.res.early_finish[a]);
        tplan_fini(&t);
    }
}

/* ----------------------------------------------------------------
 * Targets.
 * ---------------------------------------------------------------- */

typedef struct target_case {
    const char *name;
    int target; /* January */
    bool from_target;
    double slip, tf, critical_float;
    bool critical; /* A and B: total float within the threshold, 0 */
} target_case;

static const target_case target_cases[] = {
    {"met exactly", 9, false, 0, 0, 0, true},
    {"a day late", 8, false, 1, 0, 0, true},
    {"a day early", 12, false, -1, 0, 0, true},
    {"late, floats from the target", 8, true, 1, -1, -1, true},
    {"early, floats from the target", 13, true, -2, 2, 2, false},
};

/*
 * A(3) -> B(2) from Monday the 5th ends Friday the 9th; C(1) floats. A
 * and B are the longest path whatever their float; critical only when it
 * is at most 0.
 */
static void test_target_and_slip(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof target_cases / sizeof target_cases[0]; i++) {
        const target_case *c = &target_cases[i];
        tplan t;
        tplan_init(&t, SCHED_MON_FRI, JAN(5));
        t.plan.target_day = JAN(c->target);
        t.plan.late_from_target = c->from_target;
        int a = tplan_task(&t, 3), b = tplan_task(&t, 2);
        int x = tplan_task(&t, 1);
        tplan_link(&t, a, b, SCHED_FS, 0);
        tplan_run(&t);
        const sched_result *r = &t.res;
        if (!r->has_target || r->slip != D(c->slip) ||
            r->total_float[a] != D(c->tf) ||
            r->critical_float != D(c->critical_float) ||
            r->critical[a] != c->critical || r->critical[b] != c->critical ||
            r->critical[x] || !r->longest[a] || !r->longest[b] ||
            r->longest[x] || r->finish_day != JAN(9))
            fail_msg("%s: slip %d tf %d least %d", c->name, r->slip,
                     r->total_float[a], r->critical_float);
        tplan_fini(&t);
    }
}

/* ----------------------------------------------------------------
 * Refusals.
 * ---------------------------------------------------------------- */

typedef struct cycle_case {
    const char *name;
    int n;
    const char *links;
    const char *cycle;
} cycle_case;

static const cycle_case cycle_cases[] = {
    {"self loop", 3, "2>2", "2"},
    {"two items", 2, "0>1 1>0", "0 1"},
    {"three items", 8, "3>7 7>5 5>3", "3 7 5"},
    {"after a tail", 5, "0>1 1>2 2>3 3>1", "1 2 3"},
    {"behind a diamond", 6, "0>1 0>2 1>3 2>3 3>4 4>2", "2 3 4"},
    {"in a second component", 6, "0>1 3>4 4>5 5>3", "3 4 5"},
    {"through a started item", 3, "0>1 1>2 2>0", "0 1 2"},
};

/* ----------------------------------------------------------------
 * Deadlines, the critical threshold, open summaries' float.
 * ---------------------------------------------------------------- */

/*
 * A(5) -> M, from Monday the 5th: M falls on Friday the 9th, with 3 days
 * of float to C(8)'s finish on Wednesday the 14th. A deadline of Tuesday
 * the 6th puts it 3 days late: -3 days of float for M and for A, which
 * drives it, and both critical, while the longest path stays C. A
 * deadline after the finish changes nothing.
 */
static void test_deadline_bounds_late_dates(void **state)
{
    (void)state;
    static const struct {
        int deadline; /* January, 0 for none */
        double tf;
    } cases[] = {{6, -3}, {9, 0}, {16, 3}, {0, 3}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tplan t;
        tplan_init(&t, SCHED_MON_FRI, JAN(5));
        int a = tplan_task(&t, 5), m = tplan_milestone(&t);
        int c = tplan_task(&t, 8);
        tplan_link(&t, a, m, SCHED_FS, 0);
        if (cases[i].deadline)
            t.items[m].deadline = JAN(cases[i].deadline);
        tplan_run(&t);
        if (t.res.total_float[m] != D(cases[i].tf) ||
            t.res.total_float[a] != D(cases[i].tf) ||
            t.res.critical[m] != (cases[i].tf <= 0) ||
            t.res.early_finish_day[m] != JAN(9) ||
            t.res.critical_float != D(cases[i].tf < 0 ? cases[i].tf : 0) ||
            !t.res.longest[c] || t.res.longest[m])
            fail_msg("deadline %d: tf %d %d crit %d day %d least %d",
                     cases[i].deadline, t.res.total_float[m],
                     t.res.total_float[a], t.res.critical[m],
                     t.res.early_finish_day[m], t.res.critical_float);
        tplan_fini(&t);
    }
}

/* A(2) and B(12) in parallel: A has 10 days of float. */
static void test_critical_threshold(void **state)
{
    (void)state;
    static const struct {
        double threshold;
        bool a_critical;
    } cases[] = {{0, false}, {9.5, false}, {10, true}, {-1, false}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tplan t;
        tplan_init(&t, SCHED_MON_FRI, JAN(5));
        int a = tplan_task(&t, 2), b = tplan_task(&t, 12);
        t.plan.critical_float_days = cases[i].threshold;
        tplan_run(&t);
        if (t.res.critical[a] != cases[i].a_critical ||
            t.res.critical[b] != (cases[i].threshold >= 0) ||
            t.res.longest[a] || !t.res.longest[b])
            fail_msg("threshold %g: a %d b %d", cases[i].threshold,
                     t.res.critical[a], t.res.critical[b]);
        tplan_fini(&t);
    }
}

/* A summary's float is its open children's least: a done child has none
 * to give, and a summary whose children are all done has 0. */
static void test_summary_float_of_open_children(void **state)
{
    (void)state;
    tplan t;
    tplan_init(&t, SCHED_MON_FRI, JAN(5));
    t.plan.status_day = JAN(7);
    int s = tplan_summary(&t, -1), done = tplan_summary(&t, -1);
    int old = tplan_task(&t, 1), open = tplan_task(&t, 2);
    int end = tplan_task(&t, 20), old2 = tplan_task(&t, 1);
    t.items[old].parent = s;
    t.items[open].parent = s;
    t.items[old].actual_finish = JAN(5);
    t.items[old2].parent = done;
    t.items[old2].actual_finish = JAN(6);
    tplan_run(&t);
    (void)end;
    if (t.res.total_float[s] != t.res.total_float[open] ||
        t.res.total_float[open] != D(18) || t.res.total_float[done] != 0 ||
        t.res.free_float[done] != 0)
        fail_msg("summary tf %d open %d done %d", t.res.total_float[s],
                 t.res.total_float[open], t.res.total_float[done]);
    tplan_fini(&t);
}

/*
 * One rule for the day an instant is shown on: what set it. T(5) from
 * Monday the 5th ends Friday the 9th; U starts Monday the 12th after it.
 */
static void test_instants_shown_by_what_set_them(void **state)
{
    (void)state;
    tplan t;
    tplan_init(&t, SCHED_MON_FRI, JAN(5));
    int tk = tplan_task(&t, 5), u = tplan_task(&t, 3);
    int after = tplan_milestone(&t), with_u = tplan_milestone(&t);
    int alone = tplan_milestone(&t), before_u = tplan_milestone(&t);
    tplan_link(&t, tk, u, SCHED_FS, 0);
    tplan_link(&t, tk, after, SCHED_FS, 0); /* a finish: Friday */
    tplan_link(&t, u, with_u, SCHED_SS, 0); /* a start: Monday */
    tplan_link(&t, before_u, u, SCHED_FS, 0);
    tplan_run(&t);
    const sched_result *r = &t.res;
    if (r->early_start_day[after] != JAN(9) ||
        r->early_start_day[with_u] != JAN(12) ||
        r->late_start_day[with_u] != JAN(14) ||
        /* Unlinked at the start: its late date is the plan's last day. */
        r->early_start_day[alone] != JAN(5) ||
        r->late_finish_day[alone] != JAN(14) || r->finish_day != JAN(14) ||
        /* Must finish before U starts: Friday, not Monday. */
        r->late_finish_day[before_u] != JAN(9))
        fail_msg("after %d with_u %d/%d alone %d/%d before_u %d",
                 r->early_start_day[after], r->early_start_day[with_u],
                 r->late_start_day[with_u], r->early_start_day[alone],
                 r->late_finish_day[alone], r->late_finish_day[before_u]);
    tplan_fini(&t);
}

/* A view that moves items (levelling) shows them by the same rule: a
 * milestone pushed to the end of Friday is on Friday, start and finish;
 * one left at the plan's start is on Monday; work spans its days. */
static void test_moved_items_shown_by_the_same_rule(void **state)
{
    (void)state;
    tplan t;
    tplan_init(&t, SCHED_MON_FRI, JAN(5));
    int tk = tplan_task(&t, 5), m = tplan_milestone(&t);
    tplan_link(&t, tk, m, SCHED_FS, 0);
    sched_net net;
    sched_net_init(&net);
    assert_int_equal(sched_net_prepare(&net, &t.plan, &t.err), SCHED_OK);
    int s, f;
    sched_net_days(&net, m, D(5), D(5), &s, &f);
    assert_int_equal(s, JAN(9));
    assert_int_equal(f, JAN(9));
    sched_net_days(&net, m, D(0), D(0), &s, &f);
    assert_int_equal(s, JAN(5));
    assert_int_equal(f, JAN(5));
    sched_net_days(&net, tk, D(5), D(10), &s, &f);
    assert_int_equal(s, JAN(12));
    assert_int_equal(f, JAN(16));
    sched_net_fini(&net);
    tplan_fini(&t);
}

static void test_cycles_refused_and_named(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cycle_cases / sizeof cycle_cases[0]; i++) {
        const cycle_case *c = &cycle_cases[i];
        tplan t;
        char got[64];
        tplan_init(&t, SCHED_MON_FRI, JAN(5));
        for (int k = 0; k < c->n; k++)
            tplan_task(&t, 1);
        t.items[1].actual_start = JAN(5);
        chain_links(&t, c->links);
        int rc = sched_cpm(&t.plan, &t.res, &t.err);
        if (rc != SCHED_ECYCLE)
            fail_msg("%s: rc %d", c->name, rc);
        ints_format(t.err.cycle, t.err.cycle_len, got, sizeof got);
        if (strcmp(got, c->cycle) || t.err.item != t.err.cycle[0])
            fail_msg("%s: cycle \"%s\" (%s)", c->name, got, t.err.detail);
        sched_error_fini(&t.err);
        tplan_fini(&t);
    }
}

static void test_parent_cycle_refused(void **state)
{
    (void)state;
    tplan t;
    tplan_init(&t, SCHED_MON_FRI, JAN(5));
    int a = tplan_task(&t, 1);
    int s1 = tplan_summary(&t, -1), s2 = tplan_summary(&t, -1);
    int s3 = tplan_summary(&t, -1);
    t.items[a].parent = s2;
    t.items[s2].parent = s3;
    t.items[s3].parent = s1;
    t.items[s1].parent = s2;
    assert_int_equal(sched_cpm(&t.plan, &t.res, &t.err), SCHED_EPARENT_CYCLE);
    char got[64];
    ints_format(t.err.cycle, t.err.cycle_len, got, sizeof got);
    assert_string_equal(got, "1 2 3");
    sched_error_fini(&t.err);
    tplan_fini(&t);
}

typedef struct bad_case {
    const char *name;
    void (*spoil)(tplan *t);
    int code, item, link;
} bad_case;

static void spoil_duration(tplan *t)
{
    t->items[1].duration_days = -1;
}
static void spoil_nan(tplan *t)
{
    t->items[2].duration_days = NAN;
}
static void spoil_huge(tplan *t)
{
    t->items[0].duration_days = 1e6;
}
static void spoil_percent(tplan *t)
{
    t->items[1].percent_complete = 101;
}
static void spoil_flags(tplan *t)
{
    t->items[2].flags = 8;
}
static void spoil_both(tplan *t)
{
    t->items[0].flags = SCHED_ITEM_MILESTONE | SCHED_ITEM_SUMMARY;
}
static void spoil_parent(tplan *t)
{
    t->items[1].parent = 7;
}
static void spoil_parent_task(tplan *t)
{
    t->items[1].parent = 0;
}
static void spoil_actuals(tplan *t)
{
    t->items[2].actual_start = JAN(9);
    t->items[2].actual_finish = JAN(8);
}
static void spoil_date(tplan *t)
{
    t->items[1].start_no_earlier = 1000000;
}
static void spoil_pred(tplan *t)
{
    t->links[1].pred = 3;
}
static void spoil_succ(tplan *t)
{
    t->links[0].succ = -1;
}
static void spoil_type(tplan *t)
{
    t->links[1].type = 5;
}
static void spoil_lag(tplan *t)
{
    t->links[0].lag_days = INFINITY;
}
static void spoil_weekdays(tplan *t)
{
    t->plan.calendar.weekdays = 0;
}
static void spoil_holiday(tplan *t)
{
    tplan_holiday(t, -1000000);
}
static void spoil_start(tplan *t)
{
    t->plan.start_day = SCHED_NO_DAY;
}
static void spoil_count(tplan *t)
{
    t->plan.n_links = -1;
}

static const bad_case bad_cases[] = {
    {"negative duration", spoil_duration, SCHED_EINVAL, 1, -1},
    {"NaN duration", spoil_nan, SCHED_EINVAL, 2, -1},
    {"duration too long", spoil_huge, SCHED_EINVAL, 0, -1},
    {"percent over 100", spoil_percent, SCHED_EINVAL, 1, -1},
    {"unknown flag", spoil_flags, SCHED_EINVAL, 2, -1},
    {"milestone and summary", spoil_both, SCHED_EINVAL, 0, -1},
    {"no such parent", spoil_parent, SCHED_EINVAL, 1, -1},
    {"parent not a summary", spoil_parent_task, SCHED_EINVAL, 1, -1},
    {"finish before start", spoil_actuals, SCHED_EINVAL, 2, -1},
    {"date out of range", spoil_date, SCHED_ERANGE, 1, -1},
    {"no such predecessor", spoil_pred, SCHED_EINVAL, -1, 1},
    {"no such successor", spoil_succ, SCHED_EINVAL, -1, 0},
    {"bad type", spoil_type, SCHED_EINVAL, -1, 1},
    {"infinite lag", spoil_lag, SCHED_EINVAL, -1, 0},
    {"no working weekday", spoil_weekdays, SCHED_ECALENDAR, -1, -1},
    {"holiday out of range", spoil_holiday, SCHED_ERANGE, -1, -1},
    {"no start date", spoil_start, SCHED_ERANGE, -1, -1},
    {"negative link count", spoil_count, SCHED_EINVAL, -1, -1},
};

static void test_bad_input_refused(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const bad_case *c = &bad_cases[i];
        tplan t;
        tplan_init(&t, SCHED_MON_FRI, JAN(5));
        tplan_task(&t, 1);
        tplan_task(&t, 2);
        tplan_task(&t, 3);
        tplan_link(&t, 0, 1, SCHED_FS, 0);
        tplan_link(&t, 1, 2, SCHED_SS, 1);
        c->spoil(&t);
        int rc = sched_cpm(&t.plan, &t.res, &t.err);
        if (rc != c->code || t.err.item != c->item || t.err.link != c->link)
            fail_msg("%s: rc %d item %d link %d (%s)", c->name, rc, t.err.item,
                     t.err.link, t.err.detail);
        assert_true(strlen(t.err.detail) > 0);
        sched_error_fini(&t.err);
        tplan_fini(&t);
    }
}

/* Sixty items of 100,000 days in a row run past what ticks can hold. */
static void test_dates_out_of_range_refused(void **state)
{
    (void)state;
    tplan t;
    tplan_init(&t, SCHED_ALL_WEEK, JAN(5));
    for (int i = 0; i < 60; i++) {
        tplan_task(&t, SCHED_DAYS_MAX);
        if (i > 0)
            tplan_link(&t, i - 1, i, SCHED_FS, 0);
    }
    assert_int_equal(sched_cpm(&t.plan, &t.res, &t.err), SCHED_ERANGE);
    sched_error_fini(&t.err);
    tplan_fini(&t);
}

/* ----------------------------------------------------------------
 * Reuse.
 * ---------------------------------------------------------------- */

static void test_new_durations_without_preparing_again(void **state)
{
    (void)state;
    tplan t;
    sched_net net;
    sched_run run;
    tplan_init(&t, SCHED_MON_FRI, JAN(5));
    int a = tplan_task(&t, 3), b = tplan_task(&t, 2), m = tplan_milestone(&t);
    tplan_link(&t, a, b, SCHED_FS, 0);
    tplan_link(&t, b, m, SCHED_FS, 0);
    sched_net_init(&net);
    sched_run_init(&run);
    assert_int_equal(sched_net_prepare(&net, &t.plan, &t.err), SCHED_OK);
    sched_run_bind(&run, &net);
    assert_int_equal(sched_run_passes(&run), SCHED_OK);
    assert_int_equal(run.finish, D(5));
    assert_int_equal(sched_run_set_duration(&run, a, 4.5), SCHED_OK);
    assert_int_equal(sched_run_set_duration(&run, m, 9), SCHED_OK);
    assert_int_equal(sched_run_set_duration(&run, b, -1), SCHED_EINVAL);
    assert_int_equal(sched_run_set_duration(&run, 7, 1), SCHED_EINVAL);
    assert_int_equal(sched_run_passes(&run), SCHED_OK);
    assert_int_equal(run.finish, D(6.5));
    assert_true(sched_run_critical(&run, sched_net_rank(&net, a)));
    sched_run_reset_durations(&run);
    assert_int_equal(sched_run_passes(&run), SCHED_OK);
    assert_int_equal(run.finish, D(5));
    /* The same net and run serve a different plan. */
    tplan_task(&t, 20);
    assert_int_equal(sched_net_prepare(&net, &t.plan, &t.err), SCHED_OK);
    sched_run_bind(&run, &net);
    assert_int_equal(sched_run_passes(&run), SCHED_OK);
    assert_int_equal(run.finish, D(20));
    sched_run_fini(&run);
    sched_net_fini(&net);
    tplan_fini(&t);
}

static void test_empty_plan(void **state)
{
    (void)state;
    tplan t;
    tplan_init(&t, SCHED_MON_FRI, JAN(3));
    tplan_run(&t);
    assert_int_equal(t.res.finish, 0);
    assert_int_equal(t.res.finish_day, JAN(5));
    assert_int_equal(t.res.n_chains, 0);
    assert_false(t.res.has_target);
    /* Nothing to do finishes at the data date, never before it. */
    t.plan.status_day = JAN(14);
    tplan_run(&t);
    assert_int_equal(t.res.finish, D(7));
    assert_int_equal(t.res.finish_day, JAN(14));
    tplan_fini(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_link_types_lags_and_leads),
        cmocka_unit_test(test_calendar_dates),
        cmocka_unit_test(test_milestones),
        cmocka_unit_test(test_start_no_earlier_than),
        cmocka_unit_test(test_free_and_total_float),
        cmocka_unit_test(test_critical_chains),
        cmocka_unit_test(test_summaries_roll_up),
        cmocka_unit_test(test_summary_links_refused),
        cmocka_unit_test(test_work_in_progress),
        cmocka_unit_test(test_progress_kinds),
        cmocka_unit_test(test_target_and_slip),
        cmocka_unit_test(test_deadline_bounds_late_dates),
        cmocka_unit_test(test_critical_threshold),
        cmocka_unit_test(test_summary_float_of_open_children),
        cmocka_unit_test(test_instants_shown_by_what_set_them),
        cmocka_unit_test(test_moved_items_shown_by_the_same_rule),
        cmocka_unit_test(test_cycles_refused_and_named),
        cmocka_unit_test(test_parent_cycle_refused),
        cmocka_unit_test(test_bad_input_refused),
        cmocka_unit_test(test_dates_out_of_range_refused),
        cmocka_unit_test(test_new_durations_without_preparing_again),
        cmocka_unit_test(test_empty_plan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
