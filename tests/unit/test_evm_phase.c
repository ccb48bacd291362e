/*
 * tests/unit/test_evm_phase.c - how planned and earned value accrue day by
 * day (sched/evm_phase.c), on groups whose values are worked by hand:
 * spreading over the days of a span (every day, or the working days of
 * a calendar with a holiday), a one-day milestone, a span with no working
 * day, work with no baseline, a budget's factor per scope, earning from
 * actual dates to the status date, and the daily series agreeing with the
 * value at any one day.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "sched/evm_phase.h"
#include "sched/plan.h"

#include <math.h>

#define D0 20454 /* 2026-01-01 */

#define NEAR(want, got)                                                        \
    do {                                                                       \
        if (fabsl((long double)(want) - (got)) > 1e-9L)                        \
            fail_msg("expected %.6Lf, got %.6Lf", (long double)(want),        \
                     (long double)(got));                                      \
    } while (0)

/* 700 over Jan 1-7, 100 on Jan 10 (one day), 500 never baselined. */
static const sched_evm_group plan[] = {
    {.scope = 0, .base_start = D0, .base_finish = D0 + 6,
     .actual_start = D0, .actual_finish = SCHED_NO_DAY,
     .cost = 700, .earned = 350},
    {.scope = 1, .base_start = D0 + 9, .base_finish = D0 + 9,
     .actual_start = SCHED_NO_DAY, .actual_finish = SCHED_NO_DAY,
     .cost = 100, .earned = 0},
    {.scope = 1, .base_start = SCHED_NO_DAY, .base_finish = SCHED_NO_DAY,
     .actual_start = D0 + 2, .actual_finish = D0 + 3,
     .cost = 500, .earned = 500},
};
#define N_PLAN (sizeof(plan) / sizeof(plan[0]))

typedef struct pv_case {
    const char *name;
    int scope, day;
    long double want;
} pv_case;

static const pv_case pv_cases[] = {
    {"before any start", SCHED_EVM_ALL_SCOPES, D0 - 1, 0},
    {"the first day counts whole", 0, D0, 100},
    {"three days of seven", 0, D0 + 2, 300},
    {"the finish day ends the span", 0, D0 + 6, 700},
    {"a milestone plans nothing the day before", 1, D0 + 8, 0},
    {"and all of it on its day", 1, D0 + 9, 100},
    {"unbaselined work plans nothing", 1, D0 + 100, 100},
    {"every scope", SCHED_EVM_ALL_SCOPES, D0 + 9, 800},
};

static void test_planned_value_at_a_day(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(pv_cases) / sizeof(pv_cases[0]); i++) {
        const pv_case *c = &pv_cases[i];
        long double got = sched_evm_pv_at(plan, N_PLAN, NULL, NULL, c->scope, c->day);
        if (fabsl(got - c->want) > 1e-9L)
            fail_msg("%s: expected %.2Lf, got %.2Lf", c->name, c->want, got);
    }
}

static void test_factor_weights_each_scope(void **state)
{
    (void)state;
    /* A budget spreads 1.5 over scope 0's costs, 2 over scope 1's. */
    static const long double factor[] = {1.5L, 2.0L};
    NEAR(700 * 1.5L + 100 * 2.0L,
         sched_evm_pv_at(plan, N_PLAN, NULL, factor, SCHED_EVM_ALL_SCOPES, D0 + 30));
    NEAR(300 * 1.5L, sched_evm_pv_at(plan, N_PLAN, NULL, factor, 0, D0 + 2));
}

static void test_daily_series_matches_each_day(void **state)
{
    (void)state;
    static const long double factor[] = {1.5L, 2.0L};
    long double days[15], scratch[15];
    /* From before the first start, so the level starts at 0, and from
     * inside a span, so it starts part-way. */
    for (int from = D0 - 2; from <= D0 + 3; from += 5) {
        int to = from + 14;
        sched_evm_pv_days(plan, N_PLAN, NULL, factor, SCHED_EVM_ALL_SCOPES,
                          from, to, days, scratch);
        for (int d = from; d <= to; d++)
            NEAR(sched_evm_pv_at(plan, N_PLAN, NULL, factor, SCHED_EVM_ALL_SCOPES, d),
                 days[d - from]);
    }
}

static void test_earned_value_accrues_from_actual_dates(void **state)
{
    (void)state;
    int status = D0 + 4;
    long double days[8], scratch[8];
    sched_evm_ev_days(plan, N_PLAN, NULL, NULL, SCHED_EVM_ALL_SCOPES, status,
                      D0 - 1, D0 + 6, days, scratch);
    /* 350 earned evenly Jan 1 - 5 (the status date: under way), 70 a
     * day; 500 evenly Jan 3 - 4 (its actual dates), 250 a day. */
    static const long double want[8] = {0,   70,  140, 460,
                                        780, 850, 850, 850};
    for (int i = 0; i < 8; i++)
        NEAR(want[i], days[i]);
}

static void test_earned_with_no_start_counts_at_its_end(void **state)
{
    (void)state;
    static const sched_evm_group g[] = {
        {.scope = 0, .base_start = SCHED_NO_DAY, .base_finish = SCHED_NO_DAY,
         .actual_start = SCHED_NO_DAY, .actual_finish = SCHED_NO_DAY,
         .cost = 100, .earned = 40},
        /* Finished after the status date: earned to the status date. */
        {.scope = 0, .base_start = SCHED_NO_DAY, .base_finish = SCHED_NO_DAY,
         .actual_start = D0, .actual_finish = D0 + 20,
         .cost = 100, .earned = 20},
    };
    long double days[3], scratch[3];
    sched_evm_ev_days(g, 2, NULL, NULL, 0, D0 + 1, D0, D0 + 2, days, scratch);
    NEAR(10, days[0]);
    NEAR(60, days[1]);
    NEAR(60, days[2]);
}

static void test_working_days_of_a_calendar(void **state)
{
    (void)state;
    /* Monday to Friday, Tuesday Jan 6 a holiday. 400 over Thursday Jan 1
     * to Wednesday Jan 7: four working days (1, 2, 5, 7), 100 each; 50
     * over the weekend of Jan 3-4, no working day: all on the Sunday. */
    static const int holidays[] = {D0 + 5};
    sched_calendar spec = {.weekdays = SCHED_MON_FRI, .holidays = holidays,
                           .n_holidays = 1};
    sched_cal cal;
    int bad;
    assert_int_equal(sched_cal_init(&cal, &spec, D0, &bad), SCHED_OK);
    static const sched_evm_group g[] = {
        {.scope = 0, .base_start = D0, .base_finish = D0 + 6,
         .actual_start = SCHED_NO_DAY, .actual_finish = SCHED_NO_DAY,
         .cost = 400},
        {.scope = 0, .base_start = D0 + 2, .base_finish = D0 + 3,
         .actual_start = SCHED_NO_DAY, .actual_finish = SCHED_NO_DAY,
         .cost = 50},
    };
    static const long double want[9] = {0,   100, 200, 200, 250,
                                        350, 350, 450, 450};
    long double days[9], scratch[9];
    sched_evm_pv_days(g, 2, &cal, NULL, 0, D0 - 1, D0 + 7, days, scratch);
    for (int i = 0; i < 9; i++) {
        NEAR(want[i], days[i]);
        NEAR(want[i], sched_evm_pv_at(g, 2, &cal, NULL, 0, D0 - 1 + i));
    }
    /* Work under way from Friday Jan 2 to the status date, Monday Jan 5,
     * earns on its two working days. */
    static const sched_evm_group w[] = {
        {.scope = 0, .base_start = SCHED_NO_DAY, .base_finish = SCHED_NO_DAY,
         .actual_start = D0 + 1, .actual_finish = SCHED_NO_DAY,
         .cost = 100, .earned = 80},
    };
    sched_evm_ev_days(w, 1, &cal, NULL, 0, D0 + 4, D0 + 1, D0 + 4, days,
                      scratch);
    NEAR(40, days[0]);
    NEAR(40, days[1]);
    NEAR(40, days[2]);
    NEAR(80, days[3]);
    sched_cal_fini(&cal);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_planned_value_at_a_day),
        cmocka_unit_test(test_factor_weights_each_scope),
        cmocka_unit_test(test_daily_series_matches_each_day),
        cmocka_unit_test(test_earned_value_accrues_from_actual_dates),
        cmocka_unit_test(test_earned_with_no_start_counts_at_its_end),
        cmocka_unit_test(test_working_days_of_a_calendar),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
