/*
 * tests/unit/test_fd_limit.c - how the open-file limit is raised for the
 * connection cap.
 */
#include "fd_limit.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

typedef struct limit_case {
    const char *name;
    rlim_t soft, hard, needed;
    rlim_t want_soft;
    bool want_raise, want_short;
} limit_case;

static void test_decide(void **state)
{
    (void)state;
    static const limit_case cases[] = {
        {"enough already", 4096, 4096, 1100, 4096, false, false},
        {"soft short, hard enough: up to hard", 1024, 524288, 1100, 524288,
         true, false},
        {"both short: up to hard, and short", 256, 512, 1100, 512, true, true},
        {"soft at hard, both short", 512, 512, 1100, 512, false, true},
        {"hard unlimited: up to what is needed", 1024, RLIM_INFINITY, 1100,
         1100, true, false},
        {"soft unlimited", RLIM_INFINITY, RLIM_INFINITY, 1100, RLIM_INFINITY,
         false, false},
        {"exactly enough", 1100, 1100, 1100, 1100, false, false},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const limit_case *c = &cases[i];
        print_message("case: %s\n", c->name);
        fd_limit_plan p = fd_limit_decide(c->soft, c->hard, c->needed);
        assert_true(p.soft == c->want_soft);
        assert_int_equal(p.raise, c->want_raise);
        assert_int_equal(p.short_of, c->want_short);
    }
}

static void test_needed_covers_connections_and_workers(void **state)
{
    (void)state;
    assert_true(fd_limit_needed(1024, 8) == 1024 + 8 + FD_LIMIT_RESERVE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decide),
        cmocka_unit_test(test_needed_covers_connections_and_workers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
