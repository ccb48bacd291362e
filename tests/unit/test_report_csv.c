/*
 * tests/unit/test_report_csv.c - RFC 4180 as server/report/csv.c writes
 * it: which fields are quoted and how quotes double, CRLF after every
 * record, and the schedule view's header and rows from a hand-made plan.
 */
#include "common/daynum.h"
#include "report/csv.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

typedef struct csv_case {
    const char *name;
    const char *field;
    const char *written;
} csv_case;

static const csv_case csv_cases[] = {
    {"plain text as it is", "Payments API", "Payments API"},
    {"empty stays empty", "", ""},
    {"a comma is quoted", "cards, wallets", "\"cards, wallets\""},
    {"a quote is doubled inside quotes", "the \"one\" page",
     "\"the \"\"one\"\" page\""},
    {"a lone quote", "\"", "\"\"\"\""},
    {"an LF is quoted", "two\nlines", "\"two\nlines\""},
    {"a CR is quoted", "cr\rhere", "\"cr\rhere\""},
    {"a semicolon is not special", "a;b", "a;b"},
    {"leading and trailing spaces are kept", " x ", " x "},
    {"UTF-8 untouched", "Café – 3-D Secure", "Café – 3-D Secure"},
};

static void test_csv_fields(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof csv_cases / sizeof csv_cases[0]; i++) {
        report_buf b;
        report_buf_init(&b);
        report_csv_field(&b, csv_cases[i].field);
        if (strcmp(b.data, csv_cases[i].written) != 0)
            fail_msg("%s: wrote [%s], want [%s]", csv_cases[i].name, b.data,
                     csv_cases[i].written);
        report_buf_fini(&b);
    }
}

static void test_csv_record_ends_crlf(void **state)
{
    (void)state;
    report_buf b;
    report_buf_init(&b);
    const char *first[] = {"a", "b,c", ""};
    const char *second[] = {"x"};
    report_csv_record(&b, first, 3);
    report_csv_record(&b, second, 1);
    assert_string_equal(b.data, "a,\"b,c\",\r\nx\r\n");
    report_buf_fini(&b);
}

static void test_csv_schedule(void **state)
{
    (void)state;
    int mon = daynum_from_civil(2026, 3, 2);
    report_item items[] = {
        {.ref = "CHK-1",
         .title = "Build, test",
         .project = "api",
         .owner = "alice",
         .summary = true,
         .critical = true,
         .start_day = mon,
         .finish_day = mon + 4,
         .float_days = 0,
         .percent = 40,
         .target_day = REPORT_NO_DAY},
        {.ref = "CHK-2",
         .title = "Say \"go\"",
         .project = "api",
         .owner = "",
         .milestone = true,
         .start_day = mon + 7,
         .finish_day = mon + 7,
         .float_days = -1.5,
         .percent = 0,
         .target_day = REPORT_NO_DAY},
    };
    report_plan p = {.key = "CHK", .items = items, .n_items = 2};
    report_buf b;
    report_buf_init(&b);
    report_csv_schedule(&p, &b);
    assert_string_equal(
        b.data,
        "ref,title,project,start,finish,float,critical,percent,owner\r\n"
        "CHK-1,\"Build, test\",api,2026-03-02,2026-03-06,0,yes,40,alice\r\n"
        "CHK-2,\"Say \"\"go\"\"\",api,2026-03-09,2026-03-09,-1.5,no,0,\r\n");
    report_buf_fini(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_fields),
        cmocka_unit_test(test_csv_record_ends_crlf),
        cmocka_unit_test(test_csv_schedule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
