/*
 * tests/unit/test_heavy_calls.c - the counts of heavy calls in flight: a
 * user past their allowance is refused while others are admitted, the
 * total caps everyone, and a call that ends frees its place.
 */
#include "rpc/heavy_calls.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

/* Each case enters calls in order on a table of 2 per user, 3 in all. */
typedef struct heavy_step {
    int64_t user;
    heavy_verdict want;
} heavy_step;

static const struct {
    const char *name;
    heavy_step steps[6];
    int n;
} enter_cases[] = {
    {"a third call of one user is refused",
     {{1, HEAVY_ADMITTED}, {1, HEAVY_ADMITTED}, {1, HEAVY_USER_FULL}},
     3},
    {"another user is admitted beside a full one",
     {{1, HEAVY_ADMITTED}, {1, HEAVY_ADMITTED}, {2, HEAVY_ADMITTED}},
     3},
    {"the total caps every user",
     {{1, HEAVY_ADMITTED},
      {2, HEAVY_ADMITTED},
      {3, HEAVY_ADMITTED},
      {4, HEAVY_ALL_FULL},
      {1, HEAVY_ALL_FULL}},
     5},
    {"the user's own limit is named first when both are reached",
     {{1, HEAVY_ADMITTED},
      {1, HEAVY_ADMITTED},
      {2, HEAVY_ADMITTED},
      {1, HEAVY_USER_FULL}},
     4},
};

static void test_enter_follows_both_limits(void **state)
{
    for (size_t c = 0; c < sizeof(enter_cases) / sizeof(enter_cases[0]); c++) {
        heavy_calls *t = heavy_calls_alloc(2, 3);
        for (int i = 0; i < enter_cases[c].n; i++) {
            heavy_verdict got =
                heavy_calls_enter(t, enter_cases[c].steps[i].user);
            if (got != enter_cases[c].steps[i].want)
                fail_msg("%s: step %d gave %d, want %d", enter_cases[c].name, i,
                         (int)got, (int)enter_cases[c].steps[i].want);
        }
        heavy_calls_free(t);
    }
}

static void test_leaving_frees_the_place(void **state)
{
    heavy_calls *t = heavy_calls_alloc(2, 3);
    assert_int_equal(heavy_calls_enter(t, 7), HEAVY_ADMITTED);
    assert_int_equal(heavy_calls_enter(t, 7), HEAVY_ADMITTED);
    assert_int_equal(heavy_calls_enter(t, 7), HEAVY_USER_FULL);
    heavy_calls_leave(t, 7);
    assert_int_equal(heavy_calls_enter(t, 7), HEAVY_ADMITTED);
    /* A user whose calls all ended leaves a slot another can take. */
    heavy_calls_leave(t, 7);
    heavy_calls_leave(t, 7);
    assert_int_equal(heavy_calls_enter(t, 8), HEAVY_ADMITTED);
    assert_int_equal(heavy_calls_enter(t, 9), HEAVY_ADMITTED);
    assert_int_equal(heavy_calls_enter(t, 10), HEAVY_ADMITTED);
    assert_int_equal(heavy_calls_enter(t, 11), HEAVY_ALL_FULL);
    heavy_calls_free(t);
}

static void test_limits_are_at_least_one(void **state)
{
    heavy_calls *t = heavy_calls_alloc(0, 0);
    assert_int_equal(heavy_calls_per_user(t), 1);
    assert_int_equal(heavy_calls_total(t), 1);
    assert_int_equal(heavy_calls_enter(t, 1), HEAVY_ADMITTED);
    assert_int_equal(heavy_calls_enter(t, 2), HEAVY_ALL_FULL);
    heavy_calls_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_enter_follows_both_limits),
        cmocka_unit_test(test_leaving_frees_the_place),
        cmocka_unit_test(test_limits_are_at_least_one),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
