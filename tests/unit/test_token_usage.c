/*
 * tests/unit/test_token_usage.c - when an API token's use is written: at
 * most once a minute per token, whichever server wrote it last.
 */
#include "auth/token_usage.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#define MINUTE TOKEN_USAGE_EVERY_MS

static int setup(void **state)
{
    token_usage_reset();
    return 0;
}

typedef struct usage_case {
    const char *name;
    int64_t token_id;
    int64_t last_used_ms; /* as the database said */
    int64_t now_ms;
    bool due;
} usage_case;

/* Run in order on one table: each row sees what the rows above wrote. */
static const usage_case usage_cases[] = {
    {"never used: due", 1, 0, 10 * MINUTE, true},
    {"again at once: not due", 1, 0, 10 * MINUTE + 1, false},
    {"again within the minute: not due", 1, 0, 11 * MINUTE - 1, false},
    {"a minute on: due", 1, 0, 11 * MINUTE, true},
    {"another token: due", 2, 0, 11 * MINUTE, true},
    {"written by another server just now: not due", 3, 20 * MINUTE - 5,
     20 * MINUTE, false},
    {"written by another server long ago: due", 3, 10 * MINUTE, 20 * MINUTE,
     true},
    /* 1 and 1025 share a slot: the newcomer is due, and so is 1 again. */
    {"a token sharing a slot: due", 1025, 0, 11 * MINUTE + 10, true},
    {"the first one again after it: due", 1, 0, 11 * MINUTE + 20, true},
};

static void test_usage_cases(void **state)
{
    for (size_t i = 0; i < sizeof(usage_cases) / sizeof(usage_cases[0]); i++) {
        const usage_case *c = &usage_cases[i];
        bool due = token_usage_due(c->token_id, c->last_used_ms, c->now_ms);
        if (due != c->due)
            fail_msg("%s: got %s", c->name, due ? "due" : "not due");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_usage_cases, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
