/*
 * tests/unit/test_refusal_log.c - refused connections are logged once,
 * then summed per window with the peers named.
 */
#include "rpc/refusal_log.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#define WINDOW 60000

static void test_first_refusal_is_logged_alone(void **state)
{
    (void)state;
    refusal_log r;
    refusal_log_init(&r, WINDOW);
    assert_true(refusal_log_note(&r, "10.0.0.1", 1000));
    for (int i = 0; i < 500; i++)
        assert_false(refusal_log_note(&r, "10.0.0.1", 1000 + i));
    char out[256] = "untouched";
    assert_int_equal(refusal_log_flush(&r, 60999, out, sizeof(out)), 0);
    assert_string_equal(out, "untouched");
}

static void test_summary_names_peers(void **state)
{
    (void)state;
    refusal_log r;
    refusal_log_init(&r, WINDOW);
    refusal_log_note(&r, "10.0.0.1", 0);
    for (int i = 0; i < 3; i++)
        refusal_log_note(&r, "10.0.0.1", 10);
    refusal_log_note(&r, "[2001:db8::5]", 20);
    char out[256];
    assert_int_equal(refusal_log_flush(&r, WINDOW, out, sizeof(out)), 4);
    assert_string_equal(out, "10.0.0.1=3 [2001:db8::5]=1");
    /* The next window is open: refusals in it are summed, not logged. */
    assert_false(refusal_log_note(&r, "10.0.0.2", WINDOW + 5));
    assert_int_equal(refusal_log_flush(&r, 2 * WINDOW, out, sizeof(out)), 1);
    assert_string_equal(out, "10.0.0.2=1");
}

static void test_quiet_window_closes(void **state)
{
    (void)state;
    refusal_log r;
    refusal_log_init(&r, WINDOW);
    refusal_log_note(&r, "10.0.0.1", 0);
    char out[64];
    assert_int_equal(refusal_log_flush(&r, WINDOW, out, sizeof(out)), 0);
    /* After a quiet window the next refusal is news again. */
    assert_true(refusal_log_note(&r, "10.0.0.1", WINDOW + 1));
}

static void test_many_peers_are_summed(void **state)
{
    (void)state;
    refusal_log r;
    refusal_log_init(&r, WINDOW);
    refusal_log_note(&r, "first", 0);
    char addr[32];
    for (int i = 0; i < REFUSAL_LOG_PEERS + 5; i++) {
        snprintf(addr, sizeof(addr), "10.0.1.%d", i);
        refusal_log_note(&r, addr, 1);
    }
    char out[1024];
    assert_int_equal(refusal_log_flush(&r, WINDOW, out, sizeof(out)),
                     REFUSAL_LOG_PEERS + 5);
    assert_non_null(strstr(out, "10.0.1.0=1 "));
    assert_non_null(strstr(out, " others=5"));
    assert_null(strstr(out, "10.0.1.12"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_first_refusal_is_logged_alone),
        cmocka_unit_test(test_summary_names_peers),
        cmocka_unit_test(test_quiet_window_closes),
        cmocka_unit_test(test_many_peers_are_summed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
