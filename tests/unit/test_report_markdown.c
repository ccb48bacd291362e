/*
 * tests/unit/test_report_markdown.c - the Markdown summary of a
 * hand-made program: each section lists what belongs in it and nothing
 * else (missed against due milestones, overdue against open actions,
 * waiting against signed gates), risks keep their order, and text from
 * the plan cannot open a link, a cell or emphasis.
 */
#include "common/daynum.h"
#include "report/markdown.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

typedef struct md_case {
    const char *name;
    const char *text;
    const char *escaped;
} md_case;

static const md_case md_cases[] = {
    {"plain", "Launch day", "Launch day"},
    {"emphasis", "*big* _deal_", "\\*big\\* \\_deal\\_"},
    {"a link", "[x](http://e)", "\\[x\\](http://e)"},
    {"a table cell", "a | b", "a \\| b"},
    {"html", "<b>", "\\<b\\>"},
    {"a heading", "# no", "\\# no"},
    {"line breaks", "one\ntwo\r\nthree", "one two  three"},
};

static void test_md_text(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof md_cases / sizeof md_cases[0]; i++) {
        report_buf b;
        report_buf_init(&b);
        report_md_text(&b, md_cases[i].text);
        if (strcmp(b.data, md_cases[i].escaped) != 0)
            fail_msg("%s: [%s], want [%s]", md_cases[i].name, b.data,
                     md_cases[i].escaped);
        report_buf_fini(&b);
    }
}

/* The text of section title (up to the next "## "), in s. */
static char *section(const char *s, const char *title, char *out, size_t n)
{
    const char *at = strstr(s, title);
    assert_non_null(at);
    const char *end = strstr(at + 1, "\n## ");
    size_t len = end ? (size_t)(end - at) : strlen(at);
    assert_true(len < n);
    memcpy(out, at, len);
    out[len] = '\0';
    return out;
}

static void test_md_summary(void **state)
{
    (void)state;
    int today = daynum_from_civil(2026, 12, 9);
    report_item items[] = {
        {.ref = "C-1",
         .title = "Build *it*",
         .owner = "alice",
         .start_day = today - 3,
         .finish_day = today + 2,
         .critical = true,
         .target_day = REPORT_NO_DAY},
        {.ref = "C-2",
         .title = "Beta",
         .milestone = true,
         .finish_day = today + 2,
         .target_day = today + 1},
        {.ref = "C-3",
         .title = "GA",
         .milestone = true,
         .finish_day = today + 9,
         .target_day = today + 20},
        {.ref = "C-4",
         .title = "Kick-off",
         .milestone = true,
         .done = true,
         .finish_day = today - 30,
         .target_day = today - 31},
    };
    int path[] = {0};
    report_risk risks[] = {
        {.id = 3,
         .title = "Vendor late",
         .owner = "bob",
         .probability = 4,
         .impact = 4},
        {.id = 1, .title = "Rain", .owner = "", .probability = 1, .impact = 2},
    };
    report_action actions[] = {
        {.id = 5,
         .title = "Call vendor",
         .owner = "bob",
         .due_day = today - 1,
         .open = true},
        {.id = 6,
         .title = "Later",
         .owner = "",
         .due_day = today + 1,
         .open = true},
        {.id = 7,
         .title = "Was late, done",
         .owner = "",
         .due_day = today - 9,
         .open = false},
    };
    report_gate gates[] = {
        {.id = 1,
         .name = "Beta review",
         .item = 1,
         .criteria = 2,
         .signed_off = 1},
        {.id = 2,
         .name = "All signed",
         .item = 2,
         .criteria = 2,
         .signed_off = 2},
    };
    report_plan p = {.key = "C",
                     .name = "Checkout",
                     .status_day = today,
                     .start_day = today - 30,
                     .finish_day = today + 9,
                     .target_finish = today + 5,
                     .slip_days = 4,
                     .baseline = "plan-of-record",
                     .forecast_runs = 1000,
                     .forecast_p50 = today + 10,
                     .forecast_p80 = today + 13,
                     .forecast_has_target = true,
                     .forecast_on_target = 0.416,
                     .items = items,
                     .n_items = 4,
                     .critical_path = path,
                     .n_critical_path = 1,
                     .risks = risks,
                     .n_risks = 2,
                     .actions = actions,
                     .n_actions = 3,
                     .gates = gates,
                     .n_gates = 2};
    report_buf b;
    report_buf_init(&b);
    report_markdown(&p, &b);
    char s[2048];
    assert_non_null(strstr(b.data, "# C: Checkout\n"));
    assert_non_null(strstr(b.data, "2026-12-14 (**4 working days late**)"));
    assert_non_null(strstr(b.data, "- Baseline: plan-of-record"));
    assert_non_null(strstr(b.data, "- Forecast finish: P50 2026-12-19, P80 "
                                   "2026-12-22, 42% chance of meeting the "
                                   "target (Monte Carlo, 1000 runs)\n"));

    section(b.data, "## Milestones missed", s, sizeof s);
    assert_non_null(strstr(s, "| C-2 | Beta | 2026-12-11 | 2026-12-10 |"));
    assert_null(strstr(s, "C-3"));
    section(b.data, "## Milestones due", s, sizeof s);
    assert_non_null(strstr(s, "| C-3 | GA |"));
    assert_null(strstr(s, "C-2"));
    assert_null(strstr(s, "C-4"));
    section(b.data, "## Critical path", s, sizeof s);
    assert_non_null(strstr(s, "1. C-1 Build \\*it\\* (2026-12-06 to "
                              "2026-12-11, float 0, alice)"));
    section(b.data, "## Open risks", s, sizeof s);
    const char *high =
        strstr(s, "| 16 (high) | 4 x 4 | #3 Vendor late | bob |");
    const char *low = strstr(s, "| 2 (low) | 1 x 2 | #1 Rain | - |");
    assert_non_null(high);
    assert_non_null(low);
    assert_true(high < low);
    section(b.data, "## Overdue actions", s, sizeof s);
    assert_non_null(strstr(s, "- #5 Call vendor (bob, due 2026-12-08)"));
    assert_null(strstr(s, "#6"));
    assert_null(strstr(s, "#7"));
    section(b.data, "## Gates waiting", s, sizeof s);
    assert_non_null(strstr(s, "- Beta review on C-2, forecast 2026-12-11: "
                              "1 of 2 criteria signed"));
    assert_null(strstr(s, "All signed"));
    report_buf_fini(&b);
}

static void test_md_empty_sections(void **state)
{
    (void)state;
    report_plan p = {.key = "E",
                     .name = "",
                     .status_day = 20000,
                     .start_day = 20000,
                     .finish_day = 20000,
                     .target_finish = REPORT_NO_DAY,
                     .baseline = ""};
    report_buf b;
    report_buf_init(&b);
    report_markdown(&p, &b);
    assert_non_null(strstr(b.data, "Target finish: none set"));
    assert_non_null(strstr(b.data, "Forecast finish: not made"));
    assert_non_null(strstr(b.data, "No unfinished work is critical."));
    assert_non_null(strstr(b.data, "## Gates waiting\n\nNone.\n"));
    assert_null(strstr(b.data, "Baseline"));
    report_buf_fini(&b);
}

static void test_md_long_critical_path_is_cut(void **state)
{
    (void)state;
    enum { N = 100 };
    report_item items[N];
    int path[N];
    for (int i = 0; i < N; i++) {
        items[i] = (report_item){.ref = "C-x",
                                 .title = "Step",
                                 .owner = "",
                                 .critical = true,
                                 .start_day = 20000 + i,
                                 .finish_day = 20000 + i,
                                 .target_day = REPORT_NO_DAY};
        path[i] = i;
    }
    report_plan p = {.key = "C",
                     .name = "",
                     .status_day = 20000,
                     .target_finish = REPORT_NO_DAY,
                     .baseline = "",
                     .items = items,
                     .n_items = N,
                     .critical_path = path,
                     .n_critical_path = N};
    report_buf b;
    report_buf_init(&b);
    report_markdown(&p, &b);
    assert_non_null(strstr(b.data, "\n40. C-x Step"));
    assert_null(strstr(b.data, "\n41. "));
    assert_non_null(strstr(b.data, "and 60 more critical items (pmo "
                                   "critical-path C lists them all).\n"));
    report_buf_fini(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_md_text),
        cmocka_unit_test(test_md_summary),
        cmocka_unit_test(test_md_empty_sections),
        cmocka_unit_test(test_md_long_critical_path_is_cut),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
