/*
 * tests/unit/test_sched_load.c - working days booked per person and week,
 * on hand-made plans whose loads are counted by hand on a calendar:
 * over-allocation, holidays, tasks split across weeks, fractional days,
 * items that carry nothing, given and derived week ranges, and refusals.
 */
#include "common/daynum.h"
#include "sched/calendar.h"
#include "sched/cpm.h"
#include "sched/load.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* January 2026 by day of the month; the 5th, 12th, 19th are Mondays. */
#define JAN(d)     daynum_from_civil(2026, 1, (d))
#define MAX_ITEMS  16
#define MAX_LINKS  16
#define MAX_PEOPLE 4

typedef struct tplan {
    sched_plan plan;
    sched_item items[MAX_ITEMS];
    sched_link links[MAX_LINKS];
    int holidays[8];
    int person[MAX_ITEMS];
    sched_result res;
    sched_error err;
    sched_cal cal;
    sched_load load;
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
    sched_load_init(&t->load);
}

/* A task of days for person (-1: nobody). */
static int tplan_task(tplan *t, double days, int person)
{
    sched_item it = SCHED_ITEM_INIT;
    it.duration_days = days;
    t->items[t->plan.n_items] = it;
    t->person[t->plan.n_items] = person;
    return t->plan.n_items++;
}

static void tplan_link(tplan *t, int pred, int succ)
{
    t->links[t->plan.n_links++] = (sched_link){pred, succ, SCHED_FS, 0};
}

/* CPM, then the calendar a caller of sched_cpm builds for itself. */
static void tplan_run(tplan *t)
{
    if (sched_cpm(&t->plan, &t->res, &t->err) != SCHED_OK)
        fail_msg("refused: %s", t->err.detail);
    int bad = 0;
    assert_int_equal(
        sched_cal_init(&t->cal, &t->plan.calendar, t->plan.start_day, &bad),
        SCHED_OK);
}

/* The CPM dates' load over weeks from first (SCHED_NO_DAY: derived). */
static void tplan_load(tplan *t, int n_persons, int first, int n_weeks)
{
    int rc =
        sched_load_from_result(&t->load, &t->res, &t->cal, t->items, t->person,
                               n_persons, first, n_weeks, &t->err);
    if (rc != SCHED_OK)
        fail_msg("load refused (%d): %s", rc, t->err.detail);
}

static void tplan_fini(tplan *t)
{
    sched_load_fini(&t->load);
    sched_cal_fini(&t->cal);
    sched_result_fini(&t->res);
}

static double cell(const sched_load *l, int p, int k)
{
    return l->load[(size_t)p * l->n_weeks + k];
}

static bool over(const sched_load *l, int p, int k)
{
    return l->over[(size_t)p * l->n_weeks + k] != 0;
}

/* Loads are sums of whole ticks: equal to the hundredth. */
static void assert_days(double got, double want)
{
    if (fabs(got - want) > 1e-9)
        fail_msg("got %.4f days, want %.4f", got, want);
}

/* ----------------------------------------------------------------
 * Over-allocation.
 * ---------------------------------------------------------------- */

static void test_two_overlapping_tasks_are_ten_days_of_five(void **state)
{
    (void)state;
    tplan t;
    tplan_init(&t, SCHED_MON_FRI, JAN(5));
    tplan_task(&t, 5, 0);
    tplan_task(&t, 5, 0);
    tplan_run(&t);
    tplan_load(&t, 1, SCHED_NO_DAY, 0);
    assert_int_equal(t.load.first_monday, JAN(5));
    assert_int_equal(t.load.n_weeks, 1);
    assert_days(cell(&t.load, 0, 0), 10);
    assert_days(t.load.capacity[0], 5);
    assert_true(over(&t.load, 0, 0));
    assert_days(t.load.peak[0], 10);
    assert_int_equal(t.load.peak_week[0], 0);
    assert_int_equal(t.load.weeks_over[0], 1);
    assert_int_equal(t.load.total_ticks[0], 1000);
    tplan_fini(&t);
}

static void test_exactly_full_is_not_over(void **state)
{
    (void)state;
    tplan t;
    tplan_init(&t, SCHED_MON_FRI, JAN(5));
    int a = tplan_task(&t, 2.5, 0), b = tplan_task(&t, 2.5, 0);
    tplan_link(&t, a, b);
    tplan_run(&t);
    tplan_load(&t, 1, SCHED_NO_DAY, 0);
    assert_int_equal(t.load.n_weeks, 1);
    assert_days(cell(&t.load, 0, 0), 5);
    assert_false(over(&t.load, 0, 0));
    assert_int_equal(t.load.weeks_over[0], 0);
    tplan_fini(&t);
}

/* Two people, three weeks: only the second person's second week is
 * over, by one day. */
static void test_peaks_and_weeks_over_per_person(void **state)
{
    (void)state;
    tplan t;
    tplan_init(&t, SCHED_MON_FRI, JAN(5));
    int a = tplan_task(&t, 15, 0); /* weeks 0-2, five days each */
    int b = tplan_task(&t, 5, 1);  /* week 0 */
    int c = tplan_task(&t, 5, 1);  /* week 1, after b */
    int d = tplan_task(&t, 1, 1);  /* week 1, after b, beside c */
    tplan_link(&t, b, c);
    tplan_link(&t, b, d);
    (void)a;
    tplan_run(&t);
    tplan_load(&t, 2, SCHED_NO_DAY, 0);
    assert_int_equal(t.load.n_weeks, 3);
    const double want[2][3] = {{5, 5, 5}, {5, 6, 0}};
    for (int p = 0; p < 2; p++)
        for (int k = 0; k < 3; k++)
            assert_days(cell(&t.load, p, k), want[p][k]);
    assert_int_equal(t.load.weeks_over[0], 0);
    assert_int_equal(t.load.weeks_over[1], 1);
    assert_true(over(&t.load, 1, 1));
    assert_days(t.load.peak[0], 5);
    assert_int_equal(t.load.peak_week[0], 0);
    assert_days(t.load.peak[1], 6);
    assert_int_equal(t.load.peak_week[1], 1);
    tplan_fini(&t);
}

/* ----------------------------------------------------------------
 * Calendars and splitting.
 * ---------------------------------------------------------------- */

typedef struct split_case {
    const char *name;
    unsigned weekdays;
    int holiday; /* day of January 2026, or 0 */
    int snet;    /* start no earlier than, day of January, or 0 */
    double days; /* one task of person 0 from January 5th */
    int n_weeks; /* derived */
    double load[3], capacity[3];
} split_case;

static const split_case split_cases[] = {
    {"one plain week", SCHED_MON_FRI, 0, 0, 5, 1, {5}, {5}},
    {"a holiday takes a day of capacity", SCHED_MON_FRI, 7, 0, 4, 1, {4}, {4}},
    {"a holiday pushes work into the next week",
     SCHED_MON_FRI,
     7,
     0,
     5,
     2,
     {4, 1},
     {4, 5}},
    {"Wednesday to Tuesday splits three and two",
     SCHED_MON_FRI,
     0,
     7,
     5,
     2,
     {3, 2},
     {5, 5}},
    {"half days split at the week",
     SCHED_MON_FRI,
     0,
     8,
     4.5,
     2,
     {2, 2.5},
     {5, 5}},
    {"a quarter day", SCHED_MON_FRI, 0, 9, 0.25, 1, {0.25}, {5}},
    {"three weeks", SCHED_MON_FRI, 0, 9, 7.5, 3, {1, 5, 1.5}, {5, 5, 5}},
    {"weekends worked", SCHED_ALL_WEEK, 0, 0, 9, 2, {7, 2}, {7, 7}},
    {"weekends worked, one holiday",
     SCHED_ALL_WEEK,
     10,
     0,
     9,
     2,
     {6, 3},
     {6, 7}},
};

static void test_tasks_split_by_working_days(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof split_cases / sizeof split_cases[0]; i++) {
        const split_case *c = &split_cases[i];
        tplan t;
        tplan_init(&t, c->weekdays, JAN(5));
        if (c->holiday)
            t.holidays[t.plan.calendar.n_holidays++] = JAN(c->holiday);
        int a = tplan_task(&t, c->days, 0);
        if (c->snet)
            t.items[a].start_no_earlier = JAN(c->snet);
        tplan_run(&t);
        tplan_load(&t, 1, SCHED_NO_DAY, 0);
        if (t.load.n_weeks != c->n_weeks || t.load.first_monday != JAN(5))
            fail_msg("%s: %d weeks from day %d", c->name, t.load.n_weeks,
                     t.load.first_monday);
        for (int k = 0; k < c->n_weeks; k++)
            if (fabs(cell(&t.load, 0, k) - c->load[k]) > 1e-9 ||
                fabs(t.load.capacity[k] - c->capacity[k]) > 1e-9 ||
                over(&t.load, 0, k))
                fail_msg("%s: week %d load %.2f of %.2f", c->name, k,
                         cell(&t.load, 0, k), t.load.capacity[k]);
        tplan_fini(&t);
    }
}

/* ----------------------------------------------------------------
 * What carries nothing.
 * ---------------------------------------------------------------- */

static void test_unassigned_milestones_and_summaries_carry_nothing(void **state)
{
    (void)state;
    tplan t;
    tplan_init(&t, SCHED_MON_FRI, JAN(5));
    int sum = tplan_task(&t, 0, 0);
    t.items[sum].flags = SCHED_ITEM_SUMMARY;
    int a = tplan_task(&t, 3, 0);
    t.items[a].parent = sum;
    int m = tplan_task(&t, 4, 0); /* a milestone, whatever its duration */
    t.items[m].flags = SCHED_ITEM_MILESTONE;
    tplan_link(&t, a, m);
    tplan_task(&t, 5, -1);
    int zero = tplan_task(&t, 0, 1);
    (void)zero;
    tplan_run(&t);
    tplan_load(&t, 2, SCHED_NO_DAY, 0);
    assert_int_equal(t.load.n_weeks, 1);
    assert_days(cell(&t.load, 0, 0), 3);
    assert_days(cell(&t.load, 1, 0), 0);
    assert_int_equal(t.load.weeks_over[0], 0);
    tplan_fini(&t);
}

/* ----------------------------------------------------------------
 * Week ranges.
 * ---------------------------------------------------------------- */

static void test_given_weeks_cut_the_schedule(void **state)
{
    (void)state;
    tplan t;
    tplan_init(&t, SCHED_MON_FRI, JAN(5));
    tplan_task(&t, 8, 0); /* Jan 5-9 and 12-14 */
    tplan_run(&t);
    tplan_load(&t, 1, JAN(12), 2);
    assert_int_equal(t.load.first_monday, JAN(12));
    assert_int_equal(t.load.n_weeks, 2);
    assert_days(cell(&t.load, 0, 0), 3);
    assert_days(cell(&t.load, 0, 1), 0);
    assert_int_equal(t.load.total_ticks[0], 300);
    /* Weeks before the plan: empty, with full capacity. */
    tplan_load(&t, 1, JAN(5) - 14, 3);
    assert_days(cell(&t.load, 0, 0), 0);
    assert_days(cell(&t.load, 0, 1), 0);
    assert_days(cell(&t.load, 0, 2), 5);
    assert_days(t.load.capacity[0], 5);
    /* No weeks at all. */
    tplan_load(&t, 1, JAN(12), 0);
    assert_int_equal(t.load.n_weeks, 0);
    assert_int_equal(t.load.peak_week[0], -1);
    tplan_fini(&t);
}

/* A plan starting on a Saturday: its first week is the Monday before. */
static void test_derived_weeks_start_on_monday(void **state)
{
    (void)state;
    tplan t;
    tplan_init(&t, SCHED_ALL_WEEK, JAN(3));
    tplan_task(&t, 2, 0); /* Saturday and Sunday */
    tplan_task(&t, 3, 1); /* Saturday to Monday */
    tplan_run(&t);
    tplan_load(&t, 2, SCHED_NO_DAY, 0);
    assert_int_equal(sched_load_monday(JAN(3)), daynum_from_civil(2025, 12, 29));
    assert_int_equal(t.load.first_monday, daynum_from_civil(2025, 12, 29));
    assert_int_equal(t.load.n_weeks, 2);
    assert_days(cell(&t.load, 0, 0), 2);
    assert_days(cell(&t.load, 1, 0), 2);
    assert_days(cell(&t.load, 1, 1), 1);
    /* The plan's first week is before its start: only what is worked
     * counts toward capacity, here every day of it. */
    assert_days(t.load.capacity[0], 7);
    tplan_fini(&t);
}

/* ----------------------------------------------------------------
 * Any schedule: start and finish ticks given directly.
 * ---------------------------------------------------------------- */

static void test_arbitrary_ticks_show_a_levelled_week(void **state)
{
    (void)state;
    tplan t;
    tplan_init(&t, SCHED_MON_FRI, JAN(5));
    tplan_task(&t, 5, 0);
    tplan_task(&t, 5, 0);
    tplan_run(&t);
    /* The two tasks one after the other, as levelling would put them. */
    const sched_tick start[2] = {0, 500}, finish[2] = {500, 1000};
    sched_load_spec spec = {
        .cal = &t.cal,
        .n_items = 2,
        .start = start,
        .finish = finish,
        .items = t.items,
        .person = t.person,
        .n_persons = 1,
        .first_monday = SCHED_NO_DAY,
    };
    assert_int_equal(sched_load_compute(&t.load, &spec, &t.err), SCHED_OK);
    assert_int_equal(t.load.n_weeks, 2);
    assert_days(cell(&t.load, 0, 0), 5);
    assert_days(cell(&t.load, 0, 1), 5);
    assert_int_equal(t.load.weeks_over[0], 0);
    /* Without item flags every item counts as a task. */
    spec.items = NULL;
    assert_int_equal(sched_load_compute(&t.load, &spec, &t.err), SCHED_OK);
    assert_days(cell(&t.load, 0, 1), 5);
    tplan_fini(&t);
}

/* ----------------------------------------------------------------
 * Refusals leave the load as it was.
 * ---------------------------------------------------------------- */

static void test_refusals(void **state)
{
    (void)state;
    tplan t;
    tplan_init(&t, SCHED_MON_FRI, JAN(5));
    tplan_task(&t, 5, 0);
    tplan_task(&t, 5, 0);
    tplan_run(&t);
    tplan_load(&t, 1, SCHED_NO_DAY, 0);
    int rc = sched_load_from_result(&t.load, &t.res, &t.cal, t.items, t.person,
                                    1, JAN(6), 2, &t.err);
    assert_int_equal(rc, SCHED_EINVAL); /* a Tuesday */
    t.person[1] = 1;
    rc = sched_load_from_result(&t.load, &t.res, &t.cal, t.items, t.person, 1,
                                SCHED_NO_DAY, 0, &t.err);
    assert_int_equal(rc, SCHED_EINVAL);
    assert_int_equal(t.err.item, 1);
    rc = sched_load_from_result(&t.load, &t.res, &t.cal, t.items, t.person, 2,
                                JAN(5), -1, &t.err);
    assert_int_equal(rc, SCHED_EINVAL);
    rc = sched_load_from_result(&t.load, &t.res, &t.cal, t.items, t.person, 2,
                                JAN(5), 1 << 30, &t.err);
    assert_int_equal(rc, SCHED_ERANGE);
    /* Still the first load. */
    assert_int_equal(t.load.n_persons, 1);
    assert_days(cell(&t.load, 0, 0), 10);
    const sched_tick start[1] = {500}, finish[1] = {400};
    sched_load_spec spec = {.cal = &t.cal,
                            .n_items = 1,
                            .start = start,
                            .finish = finish,
                            .person = t.person,
                            .n_persons = 1,
                            .first_monday = SCHED_NO_DAY};
    assert_int_equal(sched_load_compute(&t.load, &spec, &t.err), SCHED_EINVAL);
    tplan_fini(&t);
}

/* ----------------------------------------------------------------
 * Days off.
 * ---------------------------------------------------------------- */

/* Days off of person 0 and 1 (day numbers), as sched_days_off. */
static void tplan_days_off(tplan *t, sched_days_off *off, const int *days0,
                           int n0, const int *days1, int n1)
{
    int days[16];
    int32_t first[3] = {0, n0, n0 + n1};
    memcpy(days, days0, (size_t)n0 * sizeof *days);
    memcpy(days + n0, days1, (size_t)n1 * sizeof *days);
    sched_days_off_init(off);
    assert_int_equal(sched_days_off_build(off, &t->cal, 2, first, days),
                     SCHED_OK);
}

/*
 * Person 0 works Monday and Tuesday with Tuesday off: two days of a
 * week of four for them, but one is booked on their day off, so over.
 * Person 1 works the whole first week (3 + 2 days) with Wednesday the 7th
 * off, and is off Saturday the 10th (no working day: it takes
 * nothing) and Friday the 16th with no work on it (capacity 4, not over).
 */
static void test_days_off_cut_capacity_and_work_on_them_is_over(void **state)
{
    (void)state;
    tplan t;
    tplan_init(&t, SCHED_MON_FRI, JAN(5));
    tplan_task(&t, 2, 0);
    int a = tplan_task(&t, 3, 1), b = tplan_task(&t, 2, 1);
    tplan_link(&t, a, b);
    tplan_run(&t);
    const int off0[] = {JAN(6)}, off1[] = {JAN(16), JAN(10), JAN(7)};
    sched_days_off off;
    tplan_days_off(&t, &off, off0, 1, off1, 3);
    sched_load_spec spec = {
        .cal = &t.cal,
        .n_items = t.res.n_items,
        .start = t.res.early_start,
        .finish = t.res.early_finish,
        .items = t.items,
        .person = t.person,
        .n_persons = 2,
        .first_monday = JAN(5),
        .n_weeks = 2,
        .off = &off,
    };
    assert_int_equal(sched_load_compute(&t.load, &spec, &t.err), SCHED_OK);
    size_t w = (size_t)t.load.n_weeks;
    /* Person 0: 2 of 4, one of them on the day off. */
    assert_days(cell(&t.load, 0, 0), 2);
    assert_days(t.load.cap[0], 4);
    assert_days(t.load.off_days[0], 1);
    assert_true(over(&t.load, 0, 0));
    assert_days(t.load.cap[1], 5);
    /* Person 1, week 0: 5 days (Mon-Fri) of 4, the 7th off booked. */
    assert_days(cell(&t.load, 1, 0), 5);
    assert_days(t.load.cap[w], 4);
    assert_days(t.load.off_days[w], 1);
    assert_true(over(&t.load, 1, 0));
    /* Week 1: the 16th off, nothing booked: not over. */
    assert_days(cell(&t.load, 1, 1), 0);
    assert_days(t.load.cap[w + 1], 4);
    assert_false(over(&t.load, 1, 1));
    /* The week's own capacity is the calendar's. */
    assert_days(t.load.capacity[0], 5);
    assert_int_equal(t.load.weeks_over[1], 1);
    sched_days_off_fini(&off);
    tplan_fini(&t);
}

/* Without days off, a person's capacity is the week's. */
/* ----------------------------------------------------------------
 * Units and capacity.
 * ---------------------------------------------------------------- */

/* The CPM dates' load of t with assignment rows and capacities. */
static void tplan_load_units(tplan *t, int n_persons, const int32_t *first,
                             const int *person, const int *units,
                             const int *capacity)
{
    sched_load_spec spec = {
        .cal = &t->cal,
        .n_items = t->plan.n_items,
        .start = t->res.early_start,
        .finish = t->res.early_finish,
        .items = t->items,
        .n_persons = n_persons,
        .assign_first = first,
        .assign_person = person,
        .assign_units = units,
        .capacity_units = capacity,
        .first_monday = SCHED_NO_DAY,
    };
    int rc = sched_load_compute(&t->load, &spec, &t->err);
    if (rc != SCHED_OK)
        fail_msg("load refused (%d): %s", rc, t->err.detail);
}

/* A half-time person on a full-time task of a week: 5 days of 2.5. */
static void test_half_time_person_on_full_time_task_is_over(void **state)
{
    (void)state;
    tplan t;
    tplan_init(&t, SCHED_MON_FRI, JAN(5));
    tplan_task(&t, 5, -1);
    tplan_run(&t);
    tplan_load_units(&t, 1, (const int32_t[]){0, 1}, (const int[]){0},
                     (const int[]){100}, (const int[]){50});
    assert_days(cell(&t.load, 0, 0), 5);
    assert_days(t.load.cap[0], 2.5);
    assert_true(over(&t.load, 0, 0));
    assert_int_equal(t.load.weeks_over[0], 1);
    /* The same task at 0.5 units fits them exactly. */
    tplan_load_units(&t, 1, (const int32_t[]){0, 1}, (const int[]){0},
                     (const int[]){50}, (const int[]){50});
    assert_days(cell(&t.load, 0, 0), 2.5);
    assert_false(over(&t.load, 0, 0));
    assert_int_equal(t.load.total_ticks[0], 250);
    tplan_fini(&t);
}

/* Two tasks side by side at 0.5 each fit a full-time person; a third
 * person-day more does not. */
static void test_two_half_assignments_fit_a_full_person(void **state)
{
    (void)state;
    tplan t;
    tplan_init(&t, SCHED_MON_FRI, JAN(5));
    tplan_task(&t, 5, -1);
    tplan_task(&t, 5, -1);
    tplan_run(&t);
    tplan_load_units(&t, 1, (const int32_t[]){0, 1, 2}, (const int[]){0, 0},
                     (const int[]){50, 50}, NULL);
    assert_days(cell(&t.load, 0, 0), 5);
    assert_days(t.load.cap[0], 5);
    assert_false(over(&t.load, 0, 0));
    tplan_load_units(&t, 1, (const int32_t[]){0, 1, 2}, (const int[]){0, 0},
                     (const int[]){50, 51}, NULL);
    assert_days(cell(&t.load, 0, 0), 5.05);
    assert_true(over(&t.load, 0, 0));
    tplan_fini(&t);
}

/* One item, two people at different units: each carries their share. */
static void test_an_item_loads_each_of_its_people(void **state)
{
    (void)state;
    tplan t;
    tplan_init(&t, SCHED_MON_FRI, JAN(5));
    tplan_task(&t, 4, -1);
    tplan_run(&t);
    tplan_load_units(&t, 2, (const int32_t[]){0, 2}, (const int[]){0, 1},
                     (const int[]){100, 25}, (const int[]){100, 50});
    assert_days(cell(&t.load, 0, 0), 4);
    assert_days(cell(&t.load, 1, 0), 1);
    assert_days(t.load.cap[1], 2.5);
    assert_false(over(&t.load, 0, 0));
    assert_false(over(&t.load, 1, 0));
    tplan_fini(&t);
}

static void test_bad_units_are_refused(void **state)
{
    (void)state;
    tplan t;
    tplan_init(&t, SCHED_MON_FRI, JAN(5));
    tplan_task(&t, 4, -1);
    tplan_run(&t);
    sched_load_spec spec = {
        .cal = &t.cal,
        .n_items = 1,
        .start = t.res.early_start,
        .finish = t.res.early_finish,
        .n_persons = 1,
        .assign_first = (const int32_t[]){0, 1},
        .assign_person = (const int[]){0},
        .assign_units = (const int[]){0},
        .first_monday = SCHED_NO_DAY,
    };
    assert_int_equal(sched_load_compute(&t.load, &spec, &t.err), SCHED_EINVAL);
    spec.assign_units = (const int[]){50};
    spec.capacity_units = (const int[]){0};
    assert_int_equal(sched_load_compute(&t.load, &spec, &t.err), SCHED_EINVAL);
    spec.capacity_units = NULL;
    spec.assign_person = (const int[]){1};
    assert_int_equal(sched_load_compute(&t.load, &spec, &t.err), SCHED_EINVAL);
    tplan_fini(&t);
}

static void test_no_days_off_keep_the_weeks_capacity(void **state)
{
    (void)state;
    tplan t;
    tplan_init(&t, SCHED_MON_FRI, JAN(5));
    tplan_task(&t, 2, 0);
    tplan_run(&t);
    tplan_load(&t, 1, SCHED_NO_DAY, 0);
    assert_days(t.load.cap[0], 5);
    assert_days(t.load.off_days[0], 0);
    assert_false(over(&t.load, 0, 0));
    tplan_fini(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_days_off_cut_capacity_and_work_on_them_is_over),
        cmocka_unit_test(test_no_days_off_keep_the_weeks_capacity),
        cmocka_unit_test(test_half_time_person_on_full_time_task_is_over),
        cmocka_unit_test(test_two_half_assignments_fit_a_full_person),
        cmocka_unit_test(test_an_item_loads_each_of_its_people),
        cmocka_unit_test(test_bad_units_are_refused),
        cmocka_unit_test(test_two_overlapping_tasks_are_ten_days_of_five),
        cmocka_unit_test(test_exactly_full_is_not_over),
        cmocka_unit_test(test_peaks_and_weeks_over_per_person),
        cmocka_unit_test(test_tasks_split_by_working_days),
        cmocka_unit_test(
            test_unassigned_milestones_and_summaries_carry_nothing),
        cmocka_unit_test(test_given_weeks_cut_the_schedule),
        cmocka_unit_test(test_derived_weeks_start_on_monday),
        cmocka_unit_test(test_arbitrary_ticks_show_a_levelled_week),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
