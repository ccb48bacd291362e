/*
 * tests/unit/test_report_status_md.c - a weekly status report in
 * Markdown, from a hand-made status_md: the heading names the program,
 * week and state; each dimension has its row with its reason and marks an
 * override; empty lists say so; metrics say whether they are frozen; and
 * no text can open a link, a cell or emphasis.
 */
#include "report/status_md.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

static char *const steps[] = {"Load test the API", "Ship *beta*"};

static status_md status_sample(void)
{
    static const status_md_metric metrics[] = {
        {"Finish", "P50 2027-01-10, P80 2027-01-20"},
        {"Open risks", "1 high"},
    };
    status_md s = {
        .key = "CHKOUT",
        .week = "2026-W50",
        .state = "published",
        .summary = "On [track](http://x) | mostly",
        .dims =
            {
                {"Overall", "amber", "schedule: late", 0},
                {"Schedule", "red", "vendor slipped", 1},
                {"Budget", "green", "spent 40%", 0},
                {"Scope", "green", "", 0},
                {"Risk", "amber", "top risk at 12", 0},
                {"Resources", "green", "", 0},
            },
        .lists =
            {
                {"Accomplishments", NULL, 0},
                {"Next steps", steps, 2},
                {"Decisions needed", NULL, 0},
                {"Asks of leadership", NULL, 0},
            },
        .metrics = metrics,
        .n_metrics = 2,
        .metrics_frozen = 1,
    };
    return s;
}

typedef struct md_want {
    const char *name;
    const char *text;
} md_want;

static const md_want wants[] = {
    {"the heading", "# CHKOUT status, 2026-W50 (published)\n"},
    {"the overall line", "**Overall: amber** - schedule: late\n"},
    {"an override is marked",
     "| Schedule | red (override) | vendor slipped |\n"},
    {"a row without reason", "| Scope | green |  |\n"},
    {"the summary escaped", "On \\[track\\](http://x) \\| mostly\n"},
    {"an empty list", "## Accomplishments\n\nNone.\n"},
    {"list items escaped", "- Ship \\*beta\\*\n"},
    {"frozen metrics", "## Metrics (as published)\n"},
    {"a metric", "- Open risks: 1 high\n"},
};

static void test_status_md_sections(void **state)
{
    (void)state;
    status_md s = status_sample();
    report_buf b;
    report_buf_init(&b);
    status_md_render(&s, &b);
    for (size_t i = 0; i < sizeof wants / sizeof wants[0]; i++)
        if (strstr(b.data, wants[i].text) == NULL)
            fail_msg("%s: [%s] not in\n%s", wants[i].name, wants[i].text,
                     b.data);
    report_buf_fini(&b);
}

static void test_status_md_live_metrics(void **state)
{
    (void)state;
    status_md s = status_sample();
    s.metrics_frozen = 0;
    s.state = "draft";
    report_buf b;
    report_buf_init(&b);
    status_md_render(&s, &b);
    assert_non_null(strstr(b.data, "## Metrics (as of now)\n"));
    assert_null(strstr(b.data, "as published"));
    report_buf_fini(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_md_sections),
        cmocka_unit_test(test_status_md_live_metrics),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
