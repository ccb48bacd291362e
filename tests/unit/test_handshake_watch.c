/*
 * tests/unit/test_handshake_watch.c - how long a descriptor has had its
 * peer, which decides when a stuck handshake is dropped.
 */
#include "rpc/handshake_watch.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

static void test_age_grows_with_the_same_peer(void **state)
{
    (void)state;
    handshake_watch w;
    handshake_watch_init(&w);
    handshake_watch_next_scan(&w);
    assert_int_equal(handshake_watch_age(&w, 7, "10.0.0.1:4000", 1000), 0);
    handshake_watch_next_scan(&w);
    assert_int_equal(handshake_watch_age(&w, 7, "10.0.0.1:4000", 4000), 3000);
    handshake_watch_fini(&w);
}

static void test_new_peer_on_a_descriptor_starts_again(void **state)
{
    (void)state;
    handshake_watch w;
    handshake_watch_init(&w);
    handshake_watch_next_scan(&w);
    handshake_watch_age(&w, 7, "10.0.0.1:4000", 1000);
    handshake_watch_next_scan(&w);
    assert_int_equal(handshake_watch_age(&w, 7, "10.0.0.1:4001", 9000), 0);
    handshake_watch_fini(&w);
}

static void test_unseen_descriptor_is_forgotten(void **state)
{
    (void)state;
    handshake_watch w;
    handshake_watch_init(&w);
    handshake_watch_next_scan(&w);
    handshake_watch_age(&w, 7, "10.0.0.1:4000", 1000);
    handshake_watch_age(&w, 8, "10.0.0.2:4000", 1000);
    /* A scan without descriptor 7: it was closed. */
    handshake_watch_next_scan(&w);
    handshake_watch_age(&w, 8, "10.0.0.2:4000", 2000);
    handshake_watch_next_scan(&w);
    /* The number came back with the same peer: a new connection all the same.
     */
    assert_int_equal(handshake_watch_age(&w, 7, "10.0.0.1:4000", 9000), 0);
    assert_int_equal(handshake_watch_age(&w, 8, "10.0.0.2:4000", 9000), 8000);
    handshake_watch_fini(&w);
}

static void test_large_descriptor_numbers(void **state)
{
    (void)state;
    handshake_watch w;
    handshake_watch_init(&w);
    handshake_watch_next_scan(&w);
    handshake_watch_age(&w, 5000, "[2001:db8:0:0:0:0:0:1]:443", 0);
    handshake_watch_age(&w, 3, "10.0.0.3:1", 0);
    handshake_watch_next_scan(&w);
    assert_int_equal(
        handshake_watch_age(&w, 5000, "[2001:db8:0:0:0:0:0:1]:443", 500), 500);
    assert_int_equal(handshake_watch_age(&w, 3, "10.0.0.3:1", 500), 500);
    handshake_watch_fini(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_age_grows_with_the_same_peer),
        cmocka_unit_test(test_new_peer_on_a_descriptor_starts_again),
        cmocka_unit_test(test_unseen_descriptor_is_forgotten),
        cmocka_unit_test(test_large_descriptor_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
