/*
 * tests/unit/test_login_limiter.c - the peer key failed logins are counted
 * under: the address without its port, so a guesser gains nothing by
 * opening new connections. The counting itself is in PostgreSQL and is
 * tested against it (tests/integration/test_login_limits.sh).
 */
#include "auth/login_limiter.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

static const struct {
    const char *name;
    const char *peer;
    const char *host;
} peer_cases[] = {
    {"IPv4 loses its port", "10.0.0.7:51234", "10.0.0.7"},
    {"IPv6 keeps its brackets", "[2001:db8::1]:4000", "[2001:db8::1]"},
    {"IPv6 without a port stays whole", "[2001:db8::1]", "[2001:db8::1]"},
    {"no port at all", "localhost", "localhost"},
    {"empty", "", ""},
};

static void test_peer_host_drops_the_port(void **state)
{
    for (size_t i = 0; i < sizeof(peer_cases) / sizeof(peer_cases[0]); i++) {
        char host[64];
        login_limiter_peer_host(peer_cases[i].peer, host, sizeof(host));
        if (strcmp(host, peer_cases[i].host) != 0)
            fail_msg("%s: %s gave %s, want %s", peer_cases[i].name,
                     peer_cases[i].peer, host, peer_cases[i].host);
    }
}

static void test_ports_of_one_address_share_a_key(void **state)
{
    char a[64], b[64];
    login_limiter_peer_host("192.0.2.9:1111", a, sizeof(a));
    login_limiter_peer_host("192.0.2.9:2222", b, sizeof(b));
    assert_string_equal(a, b);
    login_limiter_peer_host("192.0.2.10:1111", b, sizeof(b));
    assert_string_not_equal(a, b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_peer_host_drops_the_port),
        cmocka_unit_test(test_ports_of_one_address_share_a_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
