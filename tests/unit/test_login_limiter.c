/*
 * tests/unit/test_login_limiter.c - failed-login limits per account and per
 * peer address.
 */
#include "auth/login_limiter.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

static int setup(void **state)
{
    login_limits l = {.per_account = 3, .per_peer = 5, .window_s = 60};
    login_limiter_init(&l);
    return 0;
}

static int teardown(void **state)
{
    login_limiter_fini();
    return 0;
}

static void test_account_limit(void **state)
{
    int retry = 0;
    for (int i = 0; i < 3; i++) {
        assert_true(login_limiter_allow("alice", "10.0.0.1:5000", &retry));
        login_limiter_failed("alice", "10.0.0.1:5000");
    }
    assert_false(login_limiter_allow("alice", "10.0.0.2:6000", &retry));
    assert_true(retry > 0 && retry <= 60);
    /* Other accounts from another address are unaffected. */
    assert_true(login_limiter_allow("bob", "10.0.0.2:6000", &retry));
}

static void test_success_clears_account(void **state)
{
    int retry;
    login_limiter_failed("carol", "10.0.0.3:1");
    login_limiter_failed("carol", "10.0.0.3:1");
    login_limiter_succeeded("carol");
    login_limiter_failed("carol", "10.0.0.3:1");
    login_limiter_failed("carol", "10.0.0.3:1");
    assert_true(login_limiter_allow("carol", "10.0.0.3:1", &retry));
}

static void test_peer_limit_ignores_port(void **state)
{
    int retry;
    char name[16];
    for (int i = 0; i < 5; i++) {
        snprintf(name, sizeof(name), "user%d", i);
        login_limiter_failed(name, i % 2 ? "192.0.2.9:1111" : "192.0.2.9:2222");
    }
    assert_false(login_limiter_allow("fresh", "192.0.2.9:3333", &retry));
    assert_true(login_limiter_allow("fresh", "192.0.2.10:3333", &retry));
}

static void test_ipv6_peer(void **state)
{
    int retry;
    char name[16];
    for (int i = 0; i < 5; i++) {
        snprintf(name, sizeof(name), "v6user%d", i);
        login_limiter_failed(name, "[2001:db8::1]:4000");
    }
    assert_false(login_limiter_allow("other", "[2001:db8::1]:4001", &retry));
    assert_true(login_limiter_allow("other", "[2001:db8::2]:4001", &retry));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_account_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_success_clears_account, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_peer_limit_ignores_port, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_ipv6_peer, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
