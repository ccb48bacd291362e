/*
 * tests/unit/test_ratelimit.c - one line per interval, the first at once,
 * and each line counting the events left out before it.
 */
#include "common/ratelimit.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

typedef struct event_case {
    int64_t at_ms;
    bool allowed;
    uint64_t suppressed; /* when allowed */
} event_case;

static void test_events_table(void **state)
{
    (void)state;
    static const event_case events[] = {
        {5000, true, 0},  /* the first event is logged, whatever the time */
        {5001, false, 0}, /* then quiet for the interval */
        {9999, false, 0},
        {10000, true, 2},  /* the interval is over: two were left out */
        {10000, false, 0}, /* same instant: quiet again */
        {30000, true, 1},  /* a long gap: logged, one left out before */
        {40000, true, 0},  /* exactly one interval later, none left out */
    };
    ratelimit rl = RATELIMIT_INIT(5000);
    for (size_t i = 0; i < sizeof(events) / sizeof(events[0]); i++) {
        uint64_t suppressed = 999;
        bool allowed = ratelimit_allow(&rl, events[i].at_ms, &suppressed);
        if (allowed != events[i].allowed)
            fail_msg("event %zu at %lld ms: %s, expected %s", i,
                     (long long)events[i].at_ms, allowed ? "logged" : "quiet",
                     events[i].allowed ? "logged" : "quiet");
        if (allowed && suppressed != events[i].suppressed)
            fail_msg("event %zu: %llu left out, expected %llu", i,
                     (unsigned long long)suppressed,
                     (unsigned long long)events[i].suppressed);
    }
}

/* A monotonic clock may start at zero or below: the first event still
 * goes out. */
static void test_first_event_at_time_zero_is_logged(void **state)
{
    (void)state;
    ratelimit rl = RATELIMIT_INIT(1000);
    uint64_t suppressed;
    assert_true(ratelimit_allow(&rl, 0, &suppressed));
    assert_false(ratelimit_allow(&rl, 999, &suppressed));
    assert_true(ratelimit_allow(&rl, 1000, &suppressed));
    assert_int_equal(suppressed, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_events_table),
        cmocka_unit_test(test_first_event_at_time_zero_is_logged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
