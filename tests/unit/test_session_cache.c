/*
 * tests/unit/test_session_cache.c - verified sessions and API tokens:
 * hits, expiry, invalidation by session, by token and by user.
 */
#include "auth/session_cache.h"
#include "common/crypto.h"
#include "common/timeutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

static void digest_of(int n, char out[CRYPTO_SHA256_HEX_LEN + 1])
{
    char token[16];
    snprintf(token, sizeof(token), "token-%d", n);
    crypto_sha256_hex(token, strlen(token), out);
}

static rpc_identity identity(int64_t user, int64_t session)
{
    rpc_identity who = {.user_id = user, .session_id = session};
    snprintf(who.username, sizeof(who.username), "user%lld", (long long)user);
    who.expires_at_ms = time_now_ms() + 3600 * 1000;
    return who;
}

static int setup(void **state)
{
    session_cache_init(60000, 64);
    return 0;
}

static int teardown(void **state)
{
    session_cache_fini();
    return 0;
}

static void test_put_then_get(void **state)
{
    char d[65];
    digest_of(1, d);
    rpc_identity who = identity(7, 70), got;
    assert_false(session_cache_get(d, &got));
    session_cache_put(d, &who, session_cache_generation());
    assert_true(session_cache_get(d, &got));
    assert_int_equal(got.user_id, 7);
    assert_string_equal(got.username, "user7");
}

static void test_drop_by_session_and_user(void **state)
{
    char a[65], b[65], c[65];
    digest_of(1, a);
    digest_of(2, b);
    digest_of(3, c);
    rpc_identity wa = identity(1, 10), wb = identity(1, 11),
                 wc = identity(2, 20), got;
    session_cache_put(a, &wa, session_cache_generation());
    session_cache_put(b, &wb, session_cache_generation());
    session_cache_put(c, &wc, session_cache_generation());
    session_cache_drop_session(10);
    assert_false(session_cache_get(a, &got));
    assert_true(session_cache_get(b, &got));
    session_cache_drop_user(1);
    assert_false(session_cache_get(b, &got));
    assert_true(session_cache_get(c, &got));
    session_cache_clear();
    assert_false(session_cache_get(c, &got));
}

/* A token's entry goes with its revocation, and a session of the same
 * user (whose token id is 0) stays. */
static void test_drop_by_token(void **state)
{
    char a[65], b[65];
    digest_of(6, a);
    digest_of(7, b);
    rpc_identity token = identity(8, 0), session = identity(8, 80), got;
    token.token_id = 5;
    token.read_only = true;
    session_cache_put(a, &token, session_cache_generation());
    session_cache_put(b, &session, session_cache_generation());
    assert_true(session_cache_get(a, &got));
    assert_true(got.read_only);
    session_cache_drop_token(5);
    assert_false(session_cache_get(a, &got));
    assert_true(session_cache_get(b, &got));
}

/* A revocation between reading a session and caching it wins: the put
 * of what was read before the drop is not kept. */
static void test_drop_during_a_read_is_not_undone(void **state)
{
    char d[65];
    digest_of(4, d);
    rpc_identity who = identity(4, 40), got;
    uint64_t before = session_cache_generation();
    session_cache_drop_session(40);
    session_cache_put(d, &who, before);
    assert_false(session_cache_get(d, &got));
    session_cache_put(d, &who, session_cache_generation());
    assert_true(session_cache_get(d, &got));
}

static void test_expired_session_is_not_served(void **state)
{
    char d[65];
    digest_of(4, d);
    rpc_identity who = identity(3, 30), got;
    who.expires_at_ms = time_now_ms() - 1;
    session_cache_put(d, &who, session_cache_generation());
    assert_false(session_cache_get(d, &got));
}

static void test_ttl_bounds_trust(void **state)
{
    session_cache_init(50, 64);
    char d[65];
    digest_of(5, d);
    rpc_identity who = identity(4, 40), got;
    session_cache_put(d, &who, session_cache_generation());
    assert_true(session_cache_get(d, &got));
    usleep(80 * 1000);
    assert_false(session_cache_get(d, &got));
}

static void test_full_cache_still_serves_newest(void **state)
{
    session_cache_init(60000, 8);
    char d[65];
    rpc_identity got;
    for (int i = 0; i < 1000; i++) {
        digest_of(100 + i, d);
        rpc_identity who = identity(100 + i, 1000 + i);
        session_cache_put(d, &who, session_cache_generation());
    }
    digest_of(1099, d);
    assert_true(session_cache_get(d, &got));
    assert_int_equal(got.user_id, 1099);
}

static void test_malformed_digest_is_ignored(void **state)
{
    rpc_identity who = identity(5, 50), got;
    session_cache_put("short", &who, session_cache_generation());
    assert_false(session_cache_get("short", &got));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_put_then_get, setup, teardown),
        cmocka_unit_test_setup_teardown(test_drop_by_session_and_user, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_drop_by_token, setup, teardown),
        cmocka_unit_test_setup_teardown(test_drop_during_a_read_is_not_undone,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_expired_session_is_not_served,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_ttl_bounds_trust, setup, teardown),
        cmocka_unit_test_setup_teardown(test_full_cache_still_serves_newest,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_malformed_digest_is_ignored, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
