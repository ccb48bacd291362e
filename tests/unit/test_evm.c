/*
 * tests/unit/test_evm.c - earned value and earned schedule against worked
 * examples from the literature, not against this code's own output:
 *
 * - a textbook status-report exercise (six tasks, period 12, amounts in
 *   hundreds, as worked in university course material): BAC 248, PV 158,
 *   EV 148, AC 210, with the published answers CV -62, SV -10, CPI 0.70,
 *   SPI 0.94, EAC 352, VAC -104;
 * - a PMP exam-preparation question on earned schedule: a five-month
 *   plan, three months in, half the work done: ES 2.5 months, SV(t) -0.5
 *   months, SPI(t) 0.83;
 * - Lipke, "Schedule is Different" (The Measurable News, 2003): at the
 *   end of a project planned for 5 periods that finishes in 7, SPI is
 *   1.00 while SPI(t) is 5/7;
 * and the edges: zero divisors, sums at the limit of int64.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "sched/evm.h"

#include <math.h>

#define NEAR(want, got, tol)                                                   \
    do {                                                                       \
        if (fabs((double)(want) - (double)(got)) > (tol))                      \
            fail_msg("expected %.6f, got %.6f", (double)(want),               \
                     (double)(got));                                           \
    } while (0)

static void test_textbook_status_report_at_period_12(void **state)
{
    sched_evm_money m = {.bac = 248, .pv = 158, .ev = 148, .ac = 210};
    sched_evm_result r;
    sched_evm_compute(&m, NULL, &r);
    assert_int_equal(r.cv, -62);
    assert_int_equal(r.sv, -10);
    NEAR(0.70, r.cpi, 0.005);
    NEAR(0.94, r.spi, 0.005);
    assert_true(r.defined & SCHED_EVM_EAC_CPI);
    assert_int_equal(r.eac_cpi, 352);
    assert_int_equal(r.vac, -104);
    assert_int_equal(r.etc, 352 - 210);
    /* (BAC - EV) / (BAC - AC) = 100 / 38 */
    NEAR(2.6316, r.tcpi_bac, 0.0001);
    /* (BAC - EV) / (EAC - AC) = 100 / 142 */
    NEAR(0.7042, r.tcpi_eac, 0.0001);
    /* AC + (BAC - EV) / (CPI x SPI) = 210 + 100 / (0.70476 x 0.93671) */
    assert_int_equal(r.eac_cpi_spi, 361);
}

static void test_earned_schedule_half_done_at_month_three(void **state)
{
    static const int64_t pv[] = {20000, 40000, 60000, 80000, 100000};
    sched_evm_series s = {.pv_cum = pv, .n = 5, .actual_time = 3};
    sched_evm_money m = {.bac = 100000, .pv = 60000, .ev = 50000, .ac = 50000};
    sched_evm_result r;
    sched_evm_compute(&m, &s, &r);
    assert_true(r.defined & SCHED_EVM_ES);
    NEAR(2.5, r.es, 1e-9);
    NEAR(-0.5, r.sv_t, 1e-9);
    NEAR(0.8333, r.spi_t, 0.0001);
    NEAR(5.0, r.planned_duration, 1e-9);
    /* PD / SPI(t) = 5 / (2.5 / 3) */
    NEAR(6.0, r.ieac_t, 1e-9);
}

static void test_spi_reaches_one_when_a_late_project_ends(void **state)
{
    static const int64_t pv[] = {20, 40, 60, 80, 100};
    sched_evm_series s = {.pv_cum = pv, .n = 5, .actual_time = 7};
    sched_evm_money m = {.bac = 100, .pv = 100, .ev = 100, .ac = 120};
    sched_evm_result r;
    sched_evm_compute(&m, &s, &r);
    NEAR(1.0, r.spi, 1e-12);
    NEAR(5.0, r.es, 1e-9);
    NEAR(5.0 / 7.0, r.spi_t, 1e-9);
    NEAR(-2.0, r.sv_t, 1e-9);
}

/* A baseline with nothing planned in its third period: value earned
 * beyond the second period's PV lies in the fourth. */
static void test_earned_schedule_over_a_flat_period(void **state)
{
    static const int64_t pv[] = {10, 30, 30, 70};
    sched_evm_series s = {.pv_cum = pv, .n = 4, .actual_time = 4};
    double es;
    assert_int_equal(sched_evm_earned_schedule(&s, 50, &es), 0);
    NEAR(3.5, es, 1e-9);
    assert_int_equal(sched_evm_earned_schedule(&s, 30, &es), 0);
    NEAR(3.0, es, 1e-9);
    assert_int_equal(sched_evm_earned_schedule(&s, 0, &es), 0);
    NEAR(0.0, es, 1e-9);
}

static void test_zero_divisors_leave_ratios_undefined(void **state)
{
    sched_evm_money m = {.bac = 1000, .pv = 0, .ev = 0, .ac = 0};
    sched_evm_result r;
    sched_evm_compute(&m, NULL, &r);
    assert_false(r.defined & SCHED_EVM_SPI);
    assert_false(r.defined & SCHED_EVM_CPI);
    assert_false(r.defined & SCHED_EVM_EAC_CPI);
    assert_false(r.defined & SCHED_EVM_EAC_CPI_SPI);
    assert_true(r.defined & SCHED_EVM_TCPI_BAC);
    NEAR(1.0, r.tcpi_bac, 1e-12);
    assert_false(r.defined & SCHED_EVM_ES);
    /* Spent it all and earned nothing: TCPI to BAC has no divisor. */
    sched_evm_money spent = {.bac = 1000, .pv = 500, .ev = 0, .ac = 1000};
    sched_evm_compute(&spent, NULL, &r);
    assert_false(r.defined & SCHED_EVM_TCPI_BAC);
}

static void test_sums_stop_at_the_limit(void **state)
{
    sched_evm_money a = {.bac = INT64_MAX - 1, .pv = 1, .ev = 1, .ac = 1};
    sched_evm_money one = {.bac = 1, .pv = 1, .ev = 1, .ac = 1};
    assert_int_equal(sched_evm_money_add(&a, &one), 0);
    assert_true(a.bac == INT64_MAX);
    assert_int_equal(sched_evm_money_add(&a, &one), -1);
    /* Refused sums change nothing. */
    assert_true(a.bac == INT64_MAX);
    assert_int_equal(a.pv, 2);
}

static void test_estimates_beyond_int64_are_undefined(void **state)
{
    sched_evm_money m = {.bac = INT64_MAX, .pv = 1, .ev = 1, .ac = 2};
    sched_evm_result r;
    sched_evm_compute(&m, NULL, &r);
    assert_true(r.defined & SCHED_EVM_CPI);
    assert_false(r.defined & SCHED_EVM_EAC_CPI);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_textbook_status_report_at_period_12),
        cmocka_unit_test(test_earned_schedule_half_done_at_month_three),
        cmocka_unit_test(test_spi_reaches_one_when_a_late_project_ends),
        cmocka_unit_test(test_earned_schedule_over_a_flat_period),
        cmocka_unit_test(test_zero_divisors_leave_ratios_undefined),
        cmocka_unit_test(test_sums_stop_at_the_limit),
        cmocka_unit_test(test_estimates_beyond_int64_are_undefined),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
