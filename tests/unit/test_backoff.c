/*
 * tests/unit/test_backoff.c - retry delays: within their jittered bounds,
 * doubling to the cap, back to the base after a success; and the outage
 * log: the first failure, then one summary per interval.
 */
#include "common/backoff.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

static void test_delays_double_to_the_cap(void **state)
{
    (void)state;
    backoff b;
    backoff_init(&b, 100, 5000, 42);
    int ceiling = 100;
    for (int i = 0; i < 20; i++) {
        int d = backoff_fail(&b);
        assert_in_range(d, ceiling / 2, ceiling);
        ceiling = ceiling * 2 > 5000 ? 5000 : ceiling * 2;
    }
    /* At the cap, delays still vary. */
    int first = backoff_fail(&b), varied = 0;
    for (int i = 0; i < 20; i++)
        varied |= backoff_fail(&b) != first;
    assert_true(varied);
}

static void test_success_starts_again(void **state)
{
    (void)state;
    backoff b;
    backoff_init(&b, 100, 5000, 7);
    for (int i = 0; i < 10; i++)
        backoff_fail(&b);
    assert_false(backoff_succeed(&b)); /* no report was asked: not "down" */
    assert_in_range(backoff_fail(&b), 50, 100);
}

static void test_two_instances_do_not_retry_in_step(void **state)
{
    (void)state;
    backoff a, b;
    backoff_init(&a, 1000, 60000, 1);
    backoff_init(&b, 1000, 60000, 2);
    int same = 0;
    for (int i = 0; i < 10; i++)
        same += backoff_fail(&a) == backoff_fail(&b);
    assert_true(same < 10);
}

static void test_first_failure_then_summaries(void **state)
{
    (void)state;
    backoff b;
    backoff_init(&b, 100, 5000, 3);
    int n = -1;
    backoff_fail(&b);
    assert_int_equal(backoff_report_due(&b, 0, 60000, &n), BACKOFF_FIRST);
    for (int t = 1; t <= 59; t++) {
        backoff_fail(&b);
        assert_int_equal(backoff_report_due(&b, t * 1000, 60000, &n),
                         BACKOFF_QUIET);
    }
    backoff_fail(&b);
    assert_int_equal(backoff_report_due(&b, 60000, 60000, &n),
                     BACKOFF_SUMMARY);
    assert_int_equal(n, 60);
    assert_true(backoff_succeed(&b));
    backoff_fail(&b);
    assert_int_equal(backoff_report_due(&b, 70000, 60000, &n), BACKOFF_FIRST);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_delays_double_to_the_cap),
        cmocka_unit_test(test_success_starts_again),
        cmocka_unit_test(test_two_instances_do_not_retry_in_step),
        cmocka_unit_test(test_first_failure_then_summaries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
