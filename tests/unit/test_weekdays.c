/*
 * tests/unit/test_weekdays.c - working weekdays as people type them (names,
 * starts of names, numbers, ranges that wrap past Sunday) and as the CLI
 * prints them back; bad parts named.
 */
#include "client/pmo/weekdays.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

typedef struct week_case {
    const char *text;
    const char *days;  /* the parsed days as digits, "" for an error */
    const char *shown; /* formatted back, or the error's start */
} week_case;

static const week_case week_cases[] = {
    {"mon-fri", "12345", "mon-fri"},
    {"Monday-Friday", "12345", "mon-fri"},
    {"1-5", "12345", "mon-fri"},
    {"sun-thu", "12347", "mon-thu,sun"},
    {"fri-mon", "1567", "mon,fri-sun"},
    {"mon,wed,fri", "135", "mon,wed,fri"},
    {"tue,mon", "12", "mon,tue"},
    {"mon-sun", "1234567", "mon-sun"},
    {"thurs", "4", "thu"},
    {"sat,sun", "67", "sat,sun"},
    {"mon-fri,fri", "", "fri is given twice"},
    {"mo", "", "not a weekday"},
    {"mon-funday", "", "not a weekday"},
    {"8", "", "not a weekday"},
    {"", "", "no working weekday"},
    {"mon,,tue", "", "an empty day"},
};

static void test_weekdays_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(week_cases) / sizeof(*week_cases); i++) {
        const week_case *c = &week_cases[i];
        uint32_t days[7];
        size_t n = 0;
        char err[200] = "", digits[8] = "", shown[CLI_WEEKDAYS_LEN];
        int rc = cli_weekdays_parse(c->text, days, &n, err, sizeof(err));
        if (c->days[0] == '\0') {
            assert_int_equal(rc, -1);
            assert_non_null(strstr(err, c->shown));
            continue;
        }
        assert_int_equal(rc, 0);
        for (size_t k = 0; k < n; k++)
            digits[k] = (char)('0' + days[k]);
        assert_string_equal(digits, c->days);
        assert_string_equal(cli_weekdays_format(days, n, shown, sizeof(shown)),
                            c->shown);
    }
}

static void test_weekdays_none(void **state)
{
    (void)state;
    char out[CLI_WEEKDAYS_LEN];
    assert_string_equal(cli_weekdays_format(NULL, 0, out, sizeof(out)), "none");
    assert_string_equal(cli_weekday_name(7), "sun");
    assert_string_equal(cli_weekday_name(0), "?");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_weekdays_cases),
        cmocka_unit_test(test_weekdays_none),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
