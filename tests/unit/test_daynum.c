/*
 * tests/unit/test_daynum.c - day numbers and YYYY-MM-DD dates: known
 * days, a round trip over six centuries, text that is not a date, and
 * ISO weeks both ways.
 */
#include "common/daynum.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

static void test_known_days(void **state)
{
    (void)state;
    assert_int_equal(daynum_from_civil(1970, 1, 1), 0);
    assert_int_equal(daynum_from_civil(2000, 3, 1), 11017);
    assert_int_equal(daynum_from_civil(1969, 12, 31), -1);
    char text[DAYNUM_TEXT];
    daynum_format(daynum_from_civil(2027, 1, 4), text);
    assert_string_equal(text, "2027-01-04");
    assert_int_equal(daynum_weekday(0), 4);                            /* Thu */
    assert_int_equal(daynum_weekday(daynum_from_civil(2027, 1, 4)), 1); /* Mon */
    assert_int_equal(daynum_weekday(-1), 3);
}

static void test_round_trip(void **state)
{
    (void)state;
    int first = daynum_from_civil(1900, 1, 1);
    int last = daynum_from_civil(2499, 12, 31);
    int py = 1899, pm = 12, pd = 31;
    for (int day = first; day <= last; day++) {
        int y, m, d;
        daynum_to_civil(day, &y, &m, &d);
        assert_int_equal(daynum_from_civil(y, m, d), day);
        /* Each day follows the one before it in the calendar. */
        bool next_in_month = y == py && m == pm && d == pd + 1;
        bool next_month = d == 1 && ((m == pm + 1 && y == py) ||
                                     (m == 1 && pm == 12 && y == py + 1));
        assert_true(next_in_month || next_month);
        py = y, pm = m, pd = d;
        if (y <= 2999) {
            char text[DAYNUM_TEXT];
            int back;
            daynum_format(day, text);
            assert_true(daynum_parse(text, &back));
            assert_int_equal(back, day);
        }
    }
}

static void test_not_dates(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",           "2027-02-29", "2028-02-30", "2027-04-31", "2027-13-01",
        "2027-00-10", "2027-1-4",   "27-01-04",   "2027/01/04", "2027-01-04x",
        "1899-12-31", "3000-01-01", "abcd-ef-gh",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int out = 12345;
        assert_false(daynum_parse(bad[i], &out));
        assert_int_equal(out, 12345);
    }
    int leap;
    assert_true(daynum_parse("2028-02-29", &leap));
    assert_int_equal(leap, daynum_from_civil(2028, 2, 29));
}

typedef struct week_case {
    const char *name;
    int y, m, d;      /* a day */
    const char *week; /* its ISO week */
} week_case;

static const week_case week_cases[] = {
    {"a Monday", 2026, 12, 7, "2026-W50"},
    {"a Sunday ends its week", 2026, 12, 13, "2026-W50"},
    {"1 January in the last week of the year before", 2027, 1, 1, "2026-W53"},
    {"29 December in week 1 of the year after", 2025, 12, 29, "2026-W01"},
    {"4 January is always in week 1", 2021, 1, 4, "2021-W01"},
    {"3 January 2021 still in 2020", 2021, 1, 3, "2020-W53"},
};

static void test_iso_weeks(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof week_cases / sizeof week_cases[0]; i++) {
        const week_case *c = &week_cases[i];
        int day = daynum_from_civil(c->y, c->m, c->d), monday;
        char text[DAYNUM_WEEK_TEXT];
        daynum_week_format(day, text);
        if (strcmp(text, c->week) != 0)
            fail_msg("%s: %s, want %s", c->name, text, c->week);
        if (!daynum_week_parse(c->week, &monday))
            fail_msg("%s: %s does not parse", c->name, c->week);
        if (daynum_weekday(monday) != 1 || day < monday || day >= monday + 7)
            fail_msg("%s: Monday of %s is wrong", c->name, c->week);
    }
}

static void test_not_weeks(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "", "2026-50", "2026-W5", "2026-W00", "2026-W54",
        "2025-W53", /* 2025 has 52 weeks */
        "2026W50x", "20a6-W10", "1899-W10", "2026-w50",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int monday;
        if (daynum_week_parse(bad[i], &monday))
            fail_msg("\"%s\" parsed as a week", bad[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_days),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_not_dates),
        cmocka_unit_test(test_iso_weeks),
        cmocka_unit_test(test_not_weeks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
