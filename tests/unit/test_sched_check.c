/*
 * tests/unit/test_sched_check.c - the schedule health check on hand-made
 * plans with known answers: a sound plan that passes all fourteen checks,
 * the same plan spoilt so that each check fails alone, thresholds at their
 * limits, the excused first and last activities, invalid dates, the
 * critical path test, CPLI, BEI, an empty plan and bad arguments.
 */
#include "common/daynum.h"
#include "sched/check.h"

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
#define JAN(d) daynum_from_civil(2026, 1, (d))

/* The date of working day n, Monday to Friday, from Monday the 5th. */
static int wd(int n)
{
    return JAN(5) + 7 * (n / 5) + n % 5;
}

#define MAX_ITEMS 32
#define MAX_LINKS 32

typedef struct cplan {
    sched_plan plan;
    sched_item items[MAX_ITEMS];
    sched_link links[MAX_LINKS];
    sched_check_extra extra[MAX_ITEMS];
    sched_result res;
    sched_error err;
    sched_check_report rep;
} cplan;

static void cplan_init(cplan *t)
{
    memset(t, 0, sizeof *t);
    t->plan.items = t->items;
    t->plan.links = t->links;
    t->plan.calendar.weekdays = SCHED_MON_FRI;
    t->plan.start_day = JAN(5);
    t->plan.status_day = SCHED_NO_DAY;
    t->plan.target_day = SCHED_NO_DAY;
    sched_result_init(&t->res);
    sched_check_report_init(&t->rep);
}

/* A task with someone assigned and no baseline. */
static int cplan_task(cplan *t, double days)
{
    sched_item it = SCHED_ITEM_INIT;
    it.duration_days = days;
    int i = t->plan.n_items++;
    t->items[i] = it;
    t->extra[i] = (sched_check_extra){true, false, SCHED_NO_DAY};
    return i;
}

static int cplan_milestone(cplan *t)
{
    int i = cplan_task(t, 0);
    t->items[i].flags = SCHED_ITEM_MILESTONE;
    t->extra[i].has_resource = false;
    return i;
}

static int cplan_summary(cplan *t)
{
    int i = cplan_task(t, 0);
    t->items[i].flags = SCHED_ITEM_SUMMARY;
    t->extra[i].has_resource = false;
    return i;
}

static int cplan_link(cplan *t, int pred, int succ, int type, double lag)
{
    t->links[t->plan.n_links] = (sched_link){pred, succ, type, lag};
    return t->plan.n_links++;
}

/* Tasks 0 and 1 of the given durations, 0 linked to 1. */
static void cplan_pair(cplan *t, double first, double second, int type)
{
    int a = cplan_task(t, first);
    int b = cplan_task(t, second);
    cplan_link(t, a, b, type, 0);
}

static void cplan_done(cplan *t, int i, int start, int finish)
{
    t->items[i].actual_start = start;
    t->items[i].actual_finish = finish;
}

/* The CPM and then the checks, at the plan's own status date. */
static void cplan_run(cplan *t)
{
    int rc = sched_cpm(&t->plan, &t->res, &t->err);
    if (rc != SCHED_OK)
        fail_msg("CPM refused (%d): %s", rc, t->err.detail);
    rc = sched_check_run(&t->plan, &t->res, t->extra, SCHED_NO_DAY, &t->rep,
                         &t->err);
    if (rc != SCHED_OK)
        fail_msg("check refused (%d): %s", rc, t->err.detail);
}

static void cplan_fini(cplan *t)
{
    sched_check_report_fini(&t->rep);
    sched_result_fini(&t->res);
}

static const sched_check_result *check(const cplan *t, int id)
{
    return &t->rep.checks[id - 1];
}

static void ints_format(const int *v, int n, char *out, size_t len)
{
    size_t at = 0;
    out[0] = '\0';
    for (int i = 0; i < n; i++)
        at += (size_t)snprintf(out + at, len - at, "%s%d", i ? " " : "", v[i]);
}

static bool near(double a, double b)
{
    return fabs(a - b) < 1e-9;
}

/* ----------------------------------------------------------------
 * The sound plan.
 * ---------------------------------------------------------------- */

/*
 * Start milestone S, then chain A of ten 3-day tasks (with milestone M
 * between A2 and A3) and chain B of ten 2-day tasks, both into finish
 * milestone F; two summaries hold the chains. Monday to Friday from
 * Monday the 5th, status Tuesday the 13th (working day 6). S, A1, A2, M
 * and B1 to B3 were done on their baseline dates; B4 started on the 13th
 * and is half done. Chain A drives: A3 runs from tick 600, F lands at
 * tick 3000 (working day 29, the target); chain B has 11 days of float.
 *
 * Incomplete tasks: A3-A10, B4-B10 (15). Links into unfinished work:
 * M>A3, A3>A4 .. A9>A10, A10>F, B3>B4 .. B9>B10, B10>F (17). Due by the
 * status date: S, A1, A2, M, B1, B2, B3 (7), of which tasks 5.
 */
#define S          0
#define A(i)       (i)
#define B(i)       (10 + (i))
#define F          21
#define M          22
#define PHASE_A    23
#define PHASE_B    24
#define LINK_A(i)  ((i) + 2)  /* A(i) > A(i + 1), i = 3..9 */
#define LINK_B(i)  ((i) + 11) /* B(i) > B(i + 1), i = 1..9 */
#define LINK_B10_F 22         /* the last link */

static void sound_plan(cplan *t)
{
    cplan_init(t);
    t->plan.status_day = wd(6);
    t->plan.target_day = wd(29);
    cplan_milestone(t);
    for (int i = 1; i <= 10; i++)
        cplan_task(t, 3);
    for (int i = 1; i <= 10; i++)
        cplan_task(t, 2);
    cplan_milestone(t);
    cplan_milestone(t);
    cplan_summary(t);
    cplan_summary(t);
    for (int i = 1; i <= 10; i++) {
        t->items[A(i)].parent = PHASE_A;
        t->items[B(i)].parent = PHASE_B;
        t->extra[A(i)].baseline_finish = wd(3 * i - 1);
        t->extra[B(i)].baseline_finish = wd(2 * i - 1);
    }
    t->extra[S].baseline_finish = wd(0);
    t->extra[M].baseline_finish = wd(5);
    t->extra[F].baseline_finish = wd(29);
    cplan_link(t, S, A(1), SCHED_FS, 0);
    cplan_link(t, S, B(1), SCHED_FS, 0);
    cplan_link(t, A(1), A(2), SCHED_FS, 0);
    cplan_link(t, A(2), M, SCHED_FS, 0);
    cplan_link(t, M, A(3), SCHED_FS, 0);
    for (int i = 3; i <= 9; i++)
        cplan_link(t, A(i), A(i + 1), SCHED_FS, 0);
    for (int i = 1; i <= 9; i++)
        cplan_link(t, B(i), B(i + 1), SCHED_FS, 0);
    cplan_link(t, A(10), F, SCHED_FS, 0);
    cplan_link(t, B(10), F, SCHED_FS, 0);
    cplan_done(t, S, wd(0), wd(0));
    cplan_done(t, A(1), wd(0), wd(2));
    cplan_done(t, A(2), wd(3), wd(5));
    cplan_done(t, M, wd(5), wd(5));
    cplan_done(t, B(1), wd(0), wd(1));
    cplan_done(t, B(2), wd(2), wd(3));
    cplan_done(t, B(3), wd(4), wd(5));
    t->items[B(4)].actual_start = wd(6);
    t->items[B(4)].percent_complete = 50;
}

typedef struct sound_want {
    int num, den;
    double value;
} sound_want;

static const sound_want sound_wants[SCHED_CHECK_COUNT] = {
    {0, 15, 0},      /* missing logic */
    {0, 17, 0},      /* leads */
    {0, 17, 0},      /* lags */
    {17, 17, 100},   /* finish-to-start */
    {0, 15, 0},      /* hard constraints */
    {0, 15, 0},      /* high float */
    {0, 15, 0},      /* negative float */
    {0, 15, 0},      /* high duration */
    {0, 23, 0},      /* invalid dates, over every leaf */
    {0, 15, 0},      /* resources */
    {0, 5, 0},       /* missed tasks */
    {600, 600, 600}, /* the finish moves 600 days with A3 */
    {24, 24, 1},     /* CPLI: 24 days to run, 24 to the target */
    {7, 7, 1},       /* BEI */
};

static void test_sound_plan_passes_all(void **state)
{
    (void)state;
    cplan t;
    sound_plan(&t);
    cplan_run(&t);
    assert_int_equal(t.res.finish, 3000);
    assert_int_equal(t.res.finish_day, wd(29));
    assert_int_equal(t.rep.status_day, wd(6));
    for (int id = 1; id <= SCHED_CHECK_COUNT; id++) {
        const sched_check_result *r = check(&t, id);
        const sound_want *w = &sound_wants[id - 1];
        if (r->id != id || !r->applicable || !r->passed || r->n_offenders ||
            r->n_offending_links || r->numerator != w->num ||
            r->denominator != w->den || !near(r->value, w->value) ||
            !r->detail[0])
            fail_msg("%s: passed %d, %d of %d, value %g (%s)", r->slug,
                     r->passed, r->numerator, r->denominator, r->value,
                     r->detail);
    }
    assert_int_equal(t.rep.n_passed, SCHED_CHECK_COUNT);
    assert_int_equal(t.rep.n_failed, 0);
    assert_int_equal(t.rep.n_not_applicable, 0);
    assert_string_equal(check(&t, 1)->slug, "missing-logic");
    assert_string_equal(check(&t, 14)->slug, "bei");
    assert_string_equal(check(&t, 4)->op, ">=");
    cplan_fini(&t);
}

/* ----------------------------------------------------------------
 * Each check failing alone.
 * ---------------------------------------------------------------- */

typedef struct fail_case {
    const char *name;
    void (*spoil)(cplan *t);
    int id;
    int num, den;
    double value, threshold;
    const char *offenders; /* item indexes */
    const char *links;     /* link indexes */
} fail_case;

/* B10 no longer leads into F: it has no successor and is not the last. */
static void spoil_dangling(cplan *t)
{
    t->plan.n_links = LINK_B10_F;
}
static void spoil_lead(cplan *t)
{
    t->links[LINK_A(5)].lag_days = -1;
}
static void spoil_lag(cplan *t)
{
    t->links[LINK_B(7)].lag_days = 2;
}
static void spoil_types(cplan *t)
{
    t->links[LINK_B(5)].type = SCHED_SS;
    t->links[LINK_B(8)].type = SCHED_FF;
}
static void spoil_constraint(cplan *t)
{
    t->extra[A(5)].hard_constraint = true;
}
/* A5 of 40 days pushes F to tick 6700: chain B floats 48 days. */
static void spoil_float(cplan *t)
{
    t->items[A(5)].duration_days = 40;
    t->plan.target_day = wd(66);
}
/* Late dates from a target a day before the finish: chain A at -1. */
static void spoil_negative(cplan *t)
{
    t->plan.target_day = wd(28);
    t->plan.late_from_target = true;
}
/* 57 days more on each chain keep chain B's float at 11 days. */
static void spoil_duration(cplan *t)
{
    t->items[A(4)].duration_days = 60;
    t->items[B(5)].duration_days = 59;
    t->plan.target_day = wd(86);
}
static void spoil_future_actual(cplan *t)
{
    cplan_done(t, A(3), wd(6), wd(8));
}
/* All done but not finished: its forecast finish is Monday the 12th. */
static void spoil_past_forecast(cplan *t)
{
    t->items[B(4)].percent_complete = 100;
}
static void spoil_resource(cplan *t)
{
    t->extra[B(6)].has_resource = false;
}
static void spoil_missed(cplan *t)
{
    t->items[B(3)].actual_finish = wd(6);
}
/* A3 starts A4 but its finish drives nothing: F at tick 2700. */
static void spoil_start_only(cplan *t)
{
    t->links[LINK_A(3)].type = SCHED_SS;
}
static void spoil_target(cplan *t)
{
    t->plan.target_day = wd(26);
}
/* M, a milestone, not reached: only the BEI counts milestones. */
static void spoil_milestone(cplan *t)
{
    cplan_done(t, M, SCHED_NO_DAY, SCHED_NO_DAY);
}

static const fail_case fail_cases[] = {
    {"a task without a successor", spoil_dangling, SCHED_CHECK_LOGIC, 1, 15,
     100.0 / 15, 5, "20", ""},
    {"a lead", spoil_lead, SCHED_CHECK_LEADS, 1, 17, 1, 0, "", "7"},
    {"a lag", spoil_lag, SCHED_CHECK_LAGS, 1, 17, 100.0 / 17, 5, "", "18"},
    {"an SS and an FF link", spoil_types, SCHED_CHECK_RELATIONSHIPS, 15, 17,
     1500.0 / 17, 90, "", "16 19"},
    {"a hard constraint", spoil_constraint, SCHED_CHECK_HARD_CONSTRAINTS, 1, 15,
     100.0 / 15, 5, "5", ""},
    {"48 days of float", spoil_float, SCHED_CHECK_HIGH_FLOAT, 7, 15, 700.0 / 15,
     5, "14 15 16 17 18 19 20", ""},
    {"negative float from the target", spoil_negative,
     SCHED_CHECK_NEGATIVE_FLOAT, 8, 15, 8, 0, "3 4 5 6 7 8 9 10", ""},
    {"tasks of 60 and 59 days", spoil_duration, SCHED_CHECK_HIGH_DURATION, 2,
     15, 200.0 / 15, 5, "4 15", ""},
    {"an actual finish after the status date", spoil_future_actual,
     SCHED_CHECK_INVALID_DATES, 1, 23, 1, 0, "3", ""},
    {"a forecast finish before the status date", spoil_past_forecast,
     SCHED_CHECK_INVALID_DATES, 1, 23, 1, 0, "14", ""},
    {"a task with no one assigned", spoil_resource, SCHED_CHECK_RESOURCES, 1,
     15, 1, 0, "16", ""},
    {"a task finished a day late", spoil_missed, SCHED_CHECK_MISSED_TASKS, 1, 5,
     20, 5, "13", ""},
    {"a critical task linked on from its start", spoil_start_only,
     SCHED_CHECK_CRITICAL_PATH, 582, 600, 582, 600, "3", ""},
    {"a target three days early", spoil_target, SCHED_CHECK_CPLI, 21, 24, 0.875,
     0.95, "", ""},
    {"a milestone not reached", spoil_milestone, SCHED_CHECK_BEI, 6, 7, 6.0 / 7,
     0.95, "22", ""},
};

static void assert_fails_alone(const cplan *t, const fail_case *c)
{
    char items[128], links[128];
    for (int id = 1; id <= SCHED_CHECK_COUNT; id++) {
        const sched_check_result *r = check(t, id);
        if (id != c->id && (!r->applicable || !r->passed))
            fail_msg("%s: %s also fails (%s)", c->name, r->slug, r->detail);
    }
    const sched_check_result *r = check(t, c->id);
    ints_format(r->offenders, r->n_offenders, items, sizeof items);
    ints_format(r->offending_links, r->n_offending_links, links, sizeof links);
    if (!r->applicable || r->passed || r->numerator != c->num ||
        r->denominator != c->den || !near(r->value, c->value) ||
        !near(r->threshold, c->threshold) || strcmp(items, c->offenders) ||
        strcmp(links, c->links))
        fail_msg("%s: %s passed %d, %d of %d, value %g of %g, items \"%s\" "
                 "links \"%s\" (%s)",
                 c->name, r->slug, r->passed, r->numerator, r->denominator,
                 r->value, r->threshold, items, links, r->detail);
    assert_int_equal(t->rep.n_failed, 1);
    assert_int_equal(t->rep.n_passed, SCHED_CHECK_COUNT - 1);
}

static void test_each_check_fails_alone(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof fail_cases / sizeof fail_cases[0]; i++) {
        const fail_case *c = &fail_cases[i];
        cplan t;
        sound_plan(&t);
        c->spoil(&t);
        cplan_run(&t);
        assert_fails_alone(&t, c);
        cplan_fini(&t);
    }
}

/* Every check has a case above. */
static void test_every_check_has_a_failing_case(void **state)
{
    (void)state;
    bool seen[SCHED_CHECK_COUNT + 1] = {false};
    for (size_t i = 0; i < sizeof fail_cases / sizeof fail_cases[0]; i++)
        seen[fail_cases[i].id] = true;
    for (int id = 1; id <= SCHED_CHECK_COUNT; id++)
        if (!seen[id])
            fail_msg("check %d never fails", id);
}

/* What a TPM reads for a failing and a passing check. */
static void test_details_read_well(void **state)
{
    (void)state;
    cplan t;
    sound_plan(&t);
    spoil_start_only(&t);
    cplan_run(&t);
    assert_string_equal(check(&t, SCHED_CHECK_CRITICAL_PATH)->detail,
                        "Delaying the first critical task by 600 working days "
                        "moved the projected finish by 582: it does not drive "
                        "the finish.");
    assert_string_equal(check(&t, SCHED_CHECK_RELATIONSHIPS)->detail,
                        "16 of 17 links into unfinished work (94.1%) are "
                        "finish-to-start; at least 90% should be.");
    cplan_fini(&t);
}

/* ----------------------------------------------------------------
 * Thresholds at their limits.
 * ---------------------------------------------------------------- */

typedef struct limit_case {
    const char *name;
    int id;
    int changes; /* tasks constrained, links lagged or made SS */
    bool passed;
    double value;
} limit_case;

static const limit_case limit_cases[] = {
    {"1 of 20 tasks constrained", SCHED_CHECK_HARD_CONSTRAINTS, 1, true, 5},
    {"2 of 20 tasks constrained", SCHED_CHECK_HARD_CONSTRAINTS, 2, false, 10},
    {"1 of 20 links lagged", SCHED_CHECK_LAGS, 1, true, 5},
    {"2 of 20 links lagged", SCHED_CHECK_LAGS, 2, false, 10},
    {"18 of 20 links finish-to-start", SCHED_CHECK_RELATIONSHIPS, 2, true, 90},
    {"17 of 20 links finish-to-start", SCHED_CHECK_RELATIONSHIPS, 3, false, 85},
};

/* Twenty 1-day tasks in a row into an end milestone: 20 links. */
static void test_thresholds_are_inclusive(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof limit_cases / sizeof limit_cases[0]; i++) {
        const limit_case *c = &limit_cases[i];
        cplan t;
        cplan_init(&t);
        for (int k = 0; k < 20; k++) {
            cplan_task(&t, 1);
            if (k > 0)
                cplan_link(&t, k - 1, k, SCHED_FS, 0);
        }
        int end = cplan_milestone(&t);
        cplan_link(&t, 19, end, SCHED_FS, 0);
        for (int k = 0; k < c->changes; k++) {
            if (c->id == SCHED_CHECK_HARD_CONSTRAINTS)
                t.extra[2 * k + 1].hard_constraint = true;
            else if (c->id == SCHED_CHECK_LAGS)
                t.links[2 * k + 1].lag_days = 1;
            else
                t.links[2 * k + 1].type = SCHED_SS;
        }
        cplan_run(&t);
        const sched_check_result *r = check(&t, c->id);
        if (!r->applicable || r->passed != c->passed || r->denominator != 20 ||
            !near(r->value, c->value))
            fail_msg("%s: passed %d, %d of %d, value %g", c->name, r->passed,
                     r->numerator, r->denominator, r->value);
        cplan_fini(&t);
    }
}

/* ----------------------------------------------------------------
 * Logic: the first and last activities are excused.
 * ---------------------------------------------------------------- */

typedef struct ends_case {
    const char *name;
    double lone; /* duration of T3, which has no links */
    int num;
    const char *offenders;
} ends_case;

/*
 * T0(1) > T1(1) > T2(2), and T3 alone. T0 and T3 both start first: the
 * lower index, T0, is the first activity. The last is whichever of T2
 * and T3 finishes later.
 */
static const ends_case ends_cases[] = {
    {"T2 finishes last", 1, 1, "3"},
    {"T3 finishes last but starts too", 5, 2, "2 3"},
};

static void test_first_and_last_excused(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof ends_cases / sizeof ends_cases[0]; i++) {
        const ends_case *c = &ends_cases[i];
        cplan t;
        char got[64];
        cplan_init(&t);
        cplan_task(&t, 1);
        cplan_task(&t, 1);
        cplan_task(&t, 2);
        cplan_task(&t, c->lone);
        cplan_link(&t, 0, 1, SCHED_FS, 0);
        cplan_link(&t, 1, 2, SCHED_FS, 0);
        cplan_run(&t);
        const sched_check_result *r = check(&t, SCHED_CHECK_LOGIC);
        ints_format(r->offenders, r->n_offenders, got, sizeof got);
        if (r->numerator != c->num || r->denominator != 4 || r->passed ||
            strcmp(got, c->offenders))
            fail_msg("%s: %d of %d, \"%s\"", c->name, r->numerator,
                     r->denominator, got);
        cplan_fini(&t);
    }
}

/* ----------------------------------------------------------------
 * Invalid dates.
 * ---------------------------------------------------------------- */

typedef struct dates_case {
    const char *name;
    int start, finish; /* January, 0 for none: A's actual dates */
    int percent;       /* A's */
    int milestone;     /* January, 0 for none: N's actual date */
    const char *offenders;
} dates_case;

static const dates_case dates_cases[] = {
    {"not started", 0, 0, 0, 0, ""},
    {"started on the status date", 7, 0, 0, 0, ""},
    {"started the day after", 8, 0, 0, 0, "0"},
    {"finished on the status date", 5, 7, 0, 0, ""},
    {"finished the day after", 5, 8, 0, 0, "0"},
    {"all done but not finished", 5, 0, 100, 0, "0"},
    {"a milestone reached the day after", 5, 6, 0, 8, "2"},
};

/* A(2) > B(2) > milestone N from Monday the 5th; status Wednesday the 7th. */
static void test_invalid_dates(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof dates_cases / sizeof dates_cases[0]; i++) {
        const dates_case *c = &dates_cases[i];
        cplan t;
        char got[64];
        cplan_init(&t);
        t.plan.status_day = JAN(7);
        int a = cplan_task(&t, 2), b = cplan_task(&t, 2);
        int n = cplan_milestone(&t);
        cplan_link(&t, a, b, SCHED_FS, 0);
        cplan_link(&t, b, n, SCHED_FS, 0);
        t.items[a].actual_start = c->start ? JAN(c->start) : SCHED_NO_DAY;
        t.items[a].actual_finish = c->finish ? JAN(c->finish) : SCHED_NO_DAY;
        t.items[a].percent_complete = c->percent;
        if (c->milestone) {
            cplan_done(&t, b, JAN(7), JAN(7));
            t.items[n].actual_start = JAN(c->milestone);
        }
        cplan_run(&t);
        const sched_check_result *r = check(&t, SCHED_CHECK_INVALID_DATES);
        ints_format(r->offenders, r->n_offenders, got, sizeof got);
        if (!r->applicable || r->denominator != 3 ||
            r->numerator != r->n_offenders || r->passed != !got[0] ||
            strcmp(got, c->offenders))
            fail_msg("%s: %d of %d, \"%s\"", c->name, r->numerator,
                     r->denominator, got);
        cplan_fini(&t);
    }
}

/* ----------------------------------------------------------------
 * The critical path test.
 * ---------------------------------------------------------------- */

typedef struct cpt_case {
    const char *name;
    void (*build)(cplan *t);
    bool applicable, passed;
    double moved, expected; /* working days */
    const char *offenders;
} cpt_case;

static void cpt_chain(cplan *t)
{
    cplan_pair(t, 3, 2, SCHED_FS);
}
/* A(4) half done at the status date: 600 more days add 300 remaining. */
static void cpt_started(cplan *t)
{
    t->plan.status_day = JAN(7);
    cpt_chain(t);
    t->items[0].duration_days = 4;
    t->items[0].actual_start = JAN(5);
    t->items[0].percent_complete = 50;
}
/* A(2) starts B(10) and nothing waits for A's finish. */
static void cpt_start_only(cplan *t)
{
    cplan_pair(t, 2, 10, SCHED_SS);
}
/* X(5) > Y(2), Y not before the 26th: Y alone is critical, and drives. */
static void cpt_constraint(cplan *t)
{
    cpt_chain(t);
    t->items[0].duration_days = 5;
    t->items[1].start_no_earlier = JAN(26);
}
/* A, all done but not finished, is critical: B is delayed instead. */
static void cpt_skip_done_work(cplan *t)
{
    t->plan.status_day = JAN(7);
    cpt_chain(t);
    t->items[0].actual_start = JAN(5);
    t->items[0].percent_complete = 100;
}
static void cpt_all_done(cplan *t)
{
    t->plan.status_day = JAN(12);
    cpt_chain(t);
    cplan_done(t, 0, JAN(5), JAN(7));
    cplan_done(t, 1, JAN(8), JAN(9));
}
static void cpt_milestone_only(cplan *t)
{
    cplan_milestone(t);
}

static const cpt_case cpt_cases[] = {
    {"a chain", cpt_chain, true, true, 600, 600, ""},
    {"a started task", cpt_started, true, true, 300, 300, ""},
    {"a task linked on from its start", cpt_start_only, true, false, 592, 600,
     "0"},
    {"a constraint on a later task", cpt_constraint, true, true, 600, 600, ""},
    {"critical work all done", cpt_skip_done_work, true, true, 600, 600, ""},
    {"everything finished", cpt_all_done, false, false, 0, 600, ""},
    {"only a milestone", cpt_milestone_only, false, false, 0, 600, ""},
};

static void test_critical_path_test(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cpt_cases / sizeof cpt_cases[0]; i++) {
        const cpt_case *c = &cpt_cases[i];
        cplan t;
        char got[64];
        cplan_init(&t);
        c->build(&t);
        assert_int_equal(sched_cpm(&t.plan, &t.res, &t.err), SCHED_OK);
        sched_tick finish = t.res.finish;
        sched_tick ef0 = t.res.early_finish[0];
        assert_int_equal(sched_check_run(&t.plan, &t.res, t.extra, SCHED_NO_DAY,
                                         &t.rep, &t.err),
                         SCHED_OK);
        const sched_check_result *r = check(&t, SCHED_CHECK_CRITICAL_PATH);
        ints_format(r->offenders, r->n_offenders, got, sizeof got);
        if (r->applicable != c->applicable || r->passed != c->passed ||
            !near(r->value, c->moved) || !near(r->threshold, c->expected) ||
            strcmp(got, c->offenders) || !r->detail[0])
            fail_msg("%s: applicable %d passed %d, %g of %g, \"%s\" (%s)",
                     c->name, r->applicable, r->passed, r->value, r->threshold,
                     got, r->detail);
        /* The caller's plan and result are as they were. */
        assert_int_equal(t.res.finish, finish);
        assert_int_equal(t.res.early_finish[0], ef0);
        cplan_fini(&t);
    }
}

/* ----------------------------------------------------------------
 * CPLI.
 * ---------------------------------------------------------------- */

typedef struct cpli_case {
    const char *name;
    int target; /* working day, or -1 for none */
    int status; /* January, 0 for the plan's start */
    bool applicable, passed;
    double value;
    int num, den;
} cpli_case;

/*
 * A(10) > B(10) from Monday the 5th end on working day 19. With a status
 * date, A was done by then, on working days 0 to 9.
 */
static const cpli_case cpli_cases[] = {
    {"no target", -1, 0, false, false, 0, 0, 0},
    {"target met", 19, 0, true, true, 1, 20, 20},
    {"a day to spare", 20, 0, true, true, 1.05, 21, 20},
    {"a day late: 0.95", 18, 0, true, true, 0.95, 19, 20},
    {"two days late", 17, 0, true, false, 0.9, 18, 20},
    {"A done, from the status date", 18, 19, true, false, 0.9, 9, 10},
};

static void test_cpli(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cpli_cases / sizeof cpli_cases[0]; i++) {
        const cpli_case *c = &cpli_cases[i];
        cplan t;
        cplan_init(&t);
        cplan_pair(&t, 10, 10, SCHED_FS);
        t.plan.target_day = c->target < 0 ? SCHED_NO_DAY : wd(c->target);
        if (c->status) {
            t.plan.status_day = JAN(c->status);
            cplan_done(&t, 0, wd(0), wd(9));
        }
        cplan_run(&t);
        const sched_check_result *r = check(&t, SCHED_CHECK_CPLI);
        if (r->applicable != c->applicable || r->passed != c->passed ||
            !near(r->value, c->value) || r->numerator != c->num ||
            r->denominator != c->den)
            fail_msg("%s: applicable %d passed %d, %g (%d / %d)", c->name,
                     r->applicable, r->passed, r->value, r->numerator,
                     r->denominator);
        cplan_fini(&t);
    }
}

/* ----------------------------------------------------------------
 * Missed tasks and BEI.
 * ---------------------------------------------------------------- */

typedef struct bei_case {
    const char *name;
    int done;     /* tasks done on their baseline, from the first */
    int d_finish; /* January: D's baseline finish */
    int baselined;
    int missed_num, missed_den;
    bool bei_applicable, bei_passed;
    int bei_num, bei_den;
    const char *late;
} bei_case;

static const bei_case bei_cases[] = {
    {"on plan", 3, 9, 1, 0, 3, true, true, 3, 3, ""},
    {"one behind", 2, 9, 1, 1, 3, true, false, 2, 3, "2"},
    {"one ahead", 4, 9, 1, 0, 3, true, true, 4, 3, ""},
    {"due on the status date", 3, 8, 1, 1, 4, true, false, 3, 4, "3"},
    {"no baseline", 3, 9, 0, 0, 0, false, false, 0, 0, ""},
};

/*
 * A, B, C, D of a day each in a row from Monday the 5th, baselined to
 * finish on the 5th, 6th, 7th and d_finish; status Thursday the 8th.
 */
static void test_missed_tasks_and_bei(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bei_cases / sizeof bei_cases[0]; i++) {
        const bei_case *c = &bei_cases[i];
        cplan t;
        char got[64];
        cplan_init(&t);
        t.plan.status_day = JAN(8);
        for (int k = 0; k < 4; k++) {
            cplan_task(&t, 1);
            if (k > 0)
                cplan_link(&t, k - 1, k, SCHED_FS, 0);
            if (c->baselined)
                t.extra[k].baseline_finish =
                    k < 3 ? JAN(5 + k) : JAN(c->d_finish);
            if (k < c->done)
                cplan_done(&t, k, JAN(5 + k), JAN(5 + k));
        }
        cplan_run(&t);
        const sched_check_result *m = check(&t, SCHED_CHECK_MISSED_TASKS);
        const sched_check_result *r = check(&t, SCHED_CHECK_BEI);
        ints_format(r->offenders, r->n_offenders, got, sizeof got);
        if (m->numerator != c->missed_num || m->denominator != c->missed_den ||
            r->applicable != c->bei_applicable || r->passed != c->bei_passed ||
            r->numerator != c->bei_num || r->denominator != c->bei_den ||
            (r->applicable &&
             !near(r->value, (double)c->bei_num / c->bei_den)) ||
            strcmp(got, c->late))
            fail_msg("%s: missed %d of %d, BEI %d of %d (%g) \"%s\"", c->name,
                     m->numerator, m->denominator, r->numerator, r->denominator,
                     r->value, got);
        cplan_fini(&t);
    }
}

/* ----------------------------------------------------------------
 * Empty plans and bad arguments.
 * ---------------------------------------------------------------- */

static void test_empty_plan_not_applicable(void **state)
{
    (void)state;
    cplan t;
    cplan_init(&t);
    assert_int_equal(sched_cpm(&t.plan, &t.res, &t.err), SCHED_OK);
    assert_int_equal(
        sched_check_run(&t.plan, &t.res, NULL, SCHED_NO_DAY, &t.rep, &t.err),
        SCHED_OK);
    for (int id = 1; id <= SCHED_CHECK_COUNT; id++) {
        const sched_check_result *r = check(&t, id);
        if (r->applicable || r->passed || r->numerator || r->denominator ||
            r->n_offenders || r->offenders || !r->detail[0])
            fail_msg("%s applies to an empty plan (%s)", r->slug, r->detail);
    }
    assert_int_equal(t.rep.n_not_applicable, SCHED_CHECK_COUNT);
    assert_int_equal(t.rep.status_day, JAN(5));
    cplan_fini(&t);
}

/* A refused call leaves the report as it was. */
static void assert_refused(cplan *t, const sched_check_extra *extra, int status,
                           int code)
{
    t->rep.n_passed = -7;
    int rc =
        sched_check_run(&t->plan, &t->res, extra, status, &t->rep, &t->err);
    assert_int_equal(rc, code);
    assert_int_equal(t->rep.n_passed, -7);
    assert_true(strlen(t->err.detail) > 0);
    sched_error_fini(&t->err);
}

static void test_bad_arguments_refused(void **state)
{
    (void)state;
    cplan t;
    cplan_init(&t);
    cplan_pair(&t, 1, 1, SCHED_FS);
    assert_int_equal(sched_cpm(&t.plan, &t.res, &t.err), SCHED_OK);
    assert_refused(&t, NULL, SCHED_NO_DAY, SCHED_EINVAL);
    assert_refused(&t, t.extra, 1000000, SCHED_ERANGE);
    /* A result for another plan. */
    cplan_task(&t, 1);
    assert_refused(&t, t.extra, SCHED_NO_DAY, SCHED_EINVAL);
    /* A plan the engine refuses: its error comes back. */
    assert_int_equal(sched_cpm(&t.plan, &t.res, &t.err), SCHED_OK);
    cplan_link(&t, 1, 0, SCHED_FS, 0);
    assert_refused(&t, t.extra, SCHED_NO_DAY, SCHED_ECYCLE);
    sched_check_report_fini(&t.rep);
    cplan_fini(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sound_plan_passes_all),
        cmocka_unit_test(test_each_check_fails_alone),
        cmocka_unit_test(test_every_check_has_a_failing_case),
        cmocka_unit_test(test_details_read_well),
        cmocka_unit_test(test_thresholds_are_inclusive),
        cmocka_unit_test(test_first_and_last_excused),
        cmocka_unit_test(test_invalid_dates),
        cmocka_unit_test(test_critical_path_test),
        cmocka_unit_test(test_cpli),
        cmocka_unit_test(test_missed_tasks_and_bei),
        cmocka_unit_test(test_empty_plan_not_applicable),
        cmocka_unit_test(test_bad_arguments_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
