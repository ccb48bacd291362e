/*
 * tests/unit/test_sched_calendar.c - working-day arithmetic: known dates,
 * the conventions for instants, refusals, and agreement with a day-by-day
 * count far beyond the table on both sides.
 */
#include "common/daynum.h"
#include "sched/calendar.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define MON5 daynum_from_civil(2026, 1, 5) /* a Monday */

static sched_cal cal_make(unsigned weekdays, const int *holidays, int n,
                          int origin)
{
    sched_calendar spec = {weekdays, holidays, n};
    sched_cal c;
    int bad;
    assert_int_equal(sched_cal_init(&c, &spec, origin, &bad), SCHED_OK);
    return c;
}

typedef struct count_case {
    const char *name;
    int day;
    int32_t count; /* working days from Monday 2026-01-05, Mon-Fri */
} count_case;

static void test_counts_from_a_monday(void **state)
{
    (void)state;
    static const count_case cases[] = {
        {"the origin", 0, 0},
        {"Tuesday", 1, 1},
        {"Friday", 4, 4},
        {"Saturday counts as next Monday", 5, 5},
        {"Sunday counts as next Monday", 6, 5},
        {"next Monday", 7, 5},
        {"a year on", 364, 260},
        {"Friday before", -3, -1},
        {"Thursday before", -4, -2},
        {"Saturday before counts as the origin", -2, 0},
        {"a year before", -364, -260},
    };
    sched_cal c = cal_make(SCHED_MON_FRI, NULL, 0, MON5);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int32_t got = sched_cal_count(&c, MON5 + cases[i].day);
        if (got != cases[i].count)
            fail_msg("%s: count %d, want %d", cases[i].name, got,
                     cases[i].count);
    }
    sched_cal_fini(&c);
}

static void test_holidays_are_skipped(void **state)
{
    (void)state;
    /* Wednesday 7th, and Saturday 10th (not worked anyway). */
    const int holidays[] = {daynum_from_civil(2026, 1, 7), daynum_from_civil(2026, 1, 10),
                            daynum_from_civil(2026, 1, 7)};
    sched_cal c = cal_make(SCHED_MON_FRI, holidays, 3, MON5);
    assert_false(sched_cal_is_working(&c, daynum_from_civil(2026, 1, 7)));
    assert_true(sched_cal_is_working(&c, daynum_from_civil(2026, 1, 8)));
    assert_int_equal(sched_cal_count(&c, daynum_from_civil(2026, 1, 8)), 2);
    assert_int_equal(sched_cal_count(&c, daynum_from_civil(2026, 1, 12)), 4);
    assert_int_equal(sched_cal_day(&c, 2), daynum_from_civil(2026, 1, 8));
    assert_int_equal(sched_cal_day(&c, 4), daynum_from_civil(2026, 1, 12));
    sched_cal_fini(&c);
}

typedef struct instant_case {
    const char *name;
    sched_tick t;
    int start_day, end_day; /* days after Monday 2026-01-05 */
} instant_case;

/*
 * A start at t is shown on the day it begins in; a finish at t on the day
 * the work ends in: 2.5 days from Monday morning end Wednesday mid-day,
 * 2 days end Tuesday evening.
 */
static void test_instants_to_days(void **state)
{
    (void)state;
    static const instant_case cases[] = {
        {"Monday morning", 0, 0, -3},
        {"mid-Monday", 50, 0, 0},
        {"Tuesday evening, Wednesday morning", 200, 2, 1},
        {"mid-Wednesday", 250, 2, 2},
        {"Friday evening, Monday morning", 500, 7, 4},
        {"before the origin", -150, -4, -4},
    };
    sched_cal c = cal_make(SCHED_MON_FRI, NULL, 0, MON5);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int s = sched_cal_start_day(&c, cases[i].t) - MON5;
        int e = sched_cal_end_day(&c, cases[i].t) - MON5;
        if (s != cases[i].start_day || e != cases[i].end_day)
            fail_msg("%s: start %d end %d, want %d %d", cases[i].name, s, e,
                     cases[i].start_day, cases[i].end_day);
    }
    assert_int_equal(sched_cal_start_tick(&c, MON5 + 5), 500);
    assert_int_equal(sched_cal_end_tick(&c, MON5 + 4), 500);
    assert_int_equal(sched_cal_end_tick(&c, MON5 + 5), 500);
    sched_cal_fini(&c);
}

/* The first working day on or after a weekend origin is working day 0. */
static void test_origin_on_a_weekend(void **state)
{
    (void)state;
    sched_cal c = cal_make(SCHED_MON_FRI, NULL, 0, MON5 - 2);
    assert_int_equal(sched_cal_count(&c, MON5), 0);
    assert_int_equal(sched_cal_day(&c, 0), MON5);
    assert_int_equal(sched_cal_day(&c, -1), MON5 - 3);
    sched_cal_fini(&c);
}

typedef struct refuse_case {
    const char *name;
    unsigned weekdays;
    int holiday;
    int origin;
    int code, bad;
} refuse_case;

static void test_bad_calendars_refused(void **state)
{
    (void)state;
    static const refuse_case cases[] = {
        {"no working weekday", 0, 0, 20000, SCHED_ECALENDAR, -1},
        {"holiday too late", SCHED_MON_FRI, SCHED_DAY_MAX + 1, 20000,
         SCHED_ERANGE, 0},
        {"holiday too early", SCHED_MON_FRI, SCHED_DAY_MIN - 1, 20000,
         SCHED_ERANGE, 0},
        {"origin out of range", SCHED_MON_FRI, 20000, SCHED_DAY_MAX + 5,
         SCHED_ERANGE, -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int h = cases[i].holiday, bad = 99;
        sched_calendar spec = {cases[i].weekdays, &h, 1};
        sched_cal c;
        int rc = sched_cal_init(&c, &spec, cases[i].origin, &bad);
        if (rc != cases[i].code || bad != cases[i].bad)
            fail_msg("%s: rc %d bad %d", cases[i].name, rc, bad);
    }
}

/* ----------------------------------------------------------------
 * Against a day-by-day count.
 * ---------------------------------------------------------------- */

static int naive_works(unsigned weekdays, const int *hol, int nh, int day)
{
    int iso = ((day % 7 + 7) % 7 + 3) % 7 + 1;
    if (!(weekdays >> (iso - 1) & 1u))
        return 0;
    for (int i = 0; i < nh; i++)
        if (hol[i] == day)
            return 0;
    return 1;
}

typedef struct pattern_case {
    const char *name;
    unsigned weekdays;
    int n_holidays;
} pattern_case;

static void check_pattern(const pattern_case *pc, uint64_t seed)
{
    int hol[40];
    int origin = daynum_from_civil(2026, 3, 1) + (int)(seed % 7);
    for (int i = 0; i < pc->n_holidays; i++) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        hol[i] = origin - 200 + (int)((seed >> 33) % 600);
    }
    sched_cal c = cal_make(pc->weekdays, hol, pc->n_holidays, origin);
    /* Walk out from the origin both ways, far past the table. */
    int32_t w = 0;
    for (int day = origin; day < origin + 4000; day++) {
        if (sched_cal_count(&c, day) != w)
            fail_msg("%s: count of day %d", pc->name, day - origin);
        if (naive_works(pc->weekdays, hol, pc->n_holidays, day)) {
            if (sched_cal_day(&c, w) != day)
                fail_msg("%s: day of %d", pc->name, w);
            w++;
        }
    }
    w = 0;
    for (int day = origin - 1; day > origin - 4000; day--) {
        if (naive_works(pc->weekdays, hol, pc->n_holidays, day)) {
            w--;
            if (sched_cal_day(&c, w) != day)
                fail_msg("%s: day of %d", pc->name, w);
        }
        if (sched_cal_count(&c, day) != w)
            fail_msg("%s: count of day %d", pc->name, day - origin);
    }
    sched_cal_fini(&c);
}

static void test_agrees_with_counting_days(void **state)
{
    (void)state;
    static const pattern_case cases[] = {
        {"Monday to Friday", SCHED_MON_FRI, 0},
        {"Monday to Friday with holidays", SCHED_MON_FRI, 40},
        {"every day", SCHED_ALL_WEEK, 0},
        {"every day with holidays", SCHED_ALL_WEEK, 25},
        {"Tuesday to Saturday", 0x3e, 10},
        {"Wednesdays only", 0x04, 3},
        {"Sunday to Thursday", 0x4f, 12},
        {"six days", 0x3f, 30},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        for (uint64_t seed = 1; seed <= 7; seed++)
            check_pattern(&cases[i], seed);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts_from_a_monday),
        cmocka_unit_test(test_holidays_are_skipped),
        cmocka_unit_test(test_instants_to_days),
        cmocka_unit_test(test_origin_on_a_weekend),
        cmocka_unit_test(test_bad_calendars_refused),
        cmocka_unit_test(test_agrees_with_counting_days),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
