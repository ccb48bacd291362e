/*
 * tests/unit/test_report_html.c - the HTML report and its SVG Gantt from
 * hand-made plans: one bar per task or summary, a diamond per milestone,
 * critical items marked, ghost bars only with a baseline, the status
 * line and the dependency lines, text escaped, nothing loaded from
 * outside and no script, the heat map's cells, and a large plan
 * collapsed to its summaries with a note saying so.
 */
#include "common/daynum.h"
#include "report/html.h"
#include "report/svg_gantt.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static int count(const char *s, const char *what)
{
    int n = 0;
    for (const char *at = strstr(s, what); at; at = strstr(at + 1, what))
        n++;
    return n;
}

static char *render(const report_plan *p)
{
    report_buf b;
    report_buf_init(&b);
    report_html(p, &b);
    return b.data; /* the caller frees */
}

#define DAY0 20795 /* 2026-12-08 */

static report_item items[] = {
    {.ref = "C-1",
     .title = "Phase <one> & \"two\"",
     .summary = true,
     .start_day = DAY0,
     .finish_day = DAY0 + 9,
     .critical = true,
     .target_day = REPORT_NO_DAY,
     .baseline_start = DAY0,
     .baseline_finish = DAY0 + 7},
    {.ref = "C-2",
     .title = "<script>alert(1)</script>",
     .depth = 1,
     .start_day = DAY0,
     .finish_day = DAY0 + 4,
     .critical = true,
     .percent = 50,
     .target_day = REPORT_NO_DAY,
     .baseline_start = DAY0,
     .baseline_finish = DAY0 + 3},
    {.ref = "C-3",
     .title = "Build",
     .depth = 1,
     .start_day = DAY0 + 5,
     .finish_day = DAY0 + 9,
     .float_days = 2,
     .target_day = REPORT_NO_DAY,
     .baseline_start = DAY0 + 4,
     .baseline_finish = DAY0 + 7},
    {.ref = "C-4",
     .title = "Launch",
     .milestone = true,
     .critical = true,
     .start_day = DAY0 + 10,
     .finish_day = DAY0 + 10,
     .target_day = DAY0 + 8,
     .baseline_start = DAY0 + 8,
     .baseline_finish = DAY0 + 8},
};
static const report_link links[] = {{1, 2}, {2, 3}};
static const report_risk risks[] = {
    {.id = 1,
     .title = "Vendor <late>",
     .owner = "bob",
     .probability = 4,
     .impact = 5},
    {.id = 2, .title = "Also", .owner = "", .probability = 4, .impact = 5},
    {.id = 3, .title = "Small", .owner = "", .probability = 1, .impact = 1},
};

static report_plan plan(void)
{
    return (report_plan){.key = "C",
                         .name = "Checkout <2>",
                         .status_day = DAY0 + 3,
                         .start_day = DAY0,
                         .finish_day = DAY0 + 10,
                         .target_finish = DAY0 + 8,
                         .slip_days = 2,
                         .made_at = 1796774400,
                         .baseline = "plan-of-record",
                         .items = items,
                         .n_items = 4,
                         .links = links,
                         .n_links = 2,
                         .risks = risks,
                         .n_risks = 3};
}

static void test_html_chart(void **state)
{
    (void)state;
    report_plan p = plan();
    char *html = render(&p);
    assert_int_equal(count(html, "<rect class=\"bar\""), 3);
    assert_int_equal(count(html, "<polygon class=\"milestone critical\""), 1);
    assert_int_equal(count(html, "<g class=\"item summary critical\">"), 1);
    assert_int_equal(count(html, "<g class=\"item critical\">"), 1);
    assert_int_equal(count(html, "<g class=\"item\">"), 1);
    assert_int_equal(count(html, "<rect class=\"ghost\""), 4);
    assert_int_equal(count(html, "<rect class=\"progress\""), 1);
    assert_int_equal(count(html, "<path class=\"dep\""), 2);
    assert_int_equal(count(html, "<line class=\"status\""), 1);
    assert_int_equal(count(html, "class=\"note\""), 0);
    free(html);

    /* Without a baseline, no ghosts. */
    report_item plain[4];
    memcpy(plain, items, sizeof plain);
    for (int i = 0; i < 4; i++)
        plain[i].baseline_start = plain[i].baseline_finish = REPORT_NO_DAY;
    p.items = plain;
    p.baseline = "";
    html = render(&p);
    assert_int_equal(count(html, "class=\"ghost\""), 0);
    assert_int_equal(count(html, "<rect class=\"bar\""), 3);
    free(html);
}

static void test_html_escapes_and_loads_nothing(void **state)
{
    (void)state;
    report_plan p = plan();
    char *html = render(&p);
    assert_int_equal(count(html, "<script"), 0);
    assert_true(count(html, "&lt;script&gt;alert(1)&lt;/script&gt;") >= 2);
    assert_true(count(html, "Phase &lt;one&gt; &amp; &quot;two&quot;") >= 1);
    assert_true(count(html, "<title>C: Checkout &lt;2&gt;</title>") == 1);
    assert_true(count(html, "Vendor &lt;late&gt;") == 1);
    /* Self-contained: no outside reference of any kind. */
    assert_int_equal(count(html, " src="), 0);
    assert_int_equal(count(html, "<link"), 0);
    assert_int_equal(count(html, "href="), 0);
    assert_int_equal(count(html, "url("), 0);
    assert_int_equal(count(html, "@import"), 0);
    free(html);
}

static void test_html_heat_map(void **state)
{
    (void)state;
    report_plan p = plan();
    char *html = render(&p);
    const char *heat = strstr(html, "<table class=\"heat\">");
    assert_non_null(heat);
    /* Probability 4 is the second row; impact 5 its last cell. */
    const char *row4 = strstr(heat, "<tr><th>4</th>");
    assert_non_null(row4);
    assert_non_null(strstr(row4, "<td class=\"high\">2</td></tr>"));
    const char *row1 = strstr(heat, "<tr><th>1</th>");
    assert_non_null(row1);
    assert_int_equal(strncmp(row1 + strlen("<tr><th>1</th>"),
                             "<td class=\"low\">1</td>", 22),
                     0);
    /* 25 cells, each with its zone, in the heat map's own table. */
    size_t len = (size_t)(strstr(heat, "</table>") - heat);
    char *grid = strndup(heat, len);
    assert_int_equal(count(grid, "<td class="), 25);
    assert_int_equal(count(grid, "<td class=\"high\">"), 10);
    free(grid);
    free(html);
}

static void test_html_large_plan_collapses(void **state)
{
    (void)state;
    enum { N = 1000, PHASES = 10 };
    report_item *many = calloc(N, sizeof *many);
    char(*refs)[16] = calloc(N, 16);
    for (int i = 0; i < N; i++) {
        bool phase = i % (N / PHASES) == 0;
        snprintf(refs[i], 16, "C-%d", i + 1);
        many[i] = (report_item){.ref = refs[i],
                                .title = "t",
                                .summary = phase,
                                .depth = phase ? 0 : 1,
                                .start_day = DAY0 + i % 50,
                                .finish_day = DAY0 + i % 50 + 3,
                                .target_day = REPORT_NO_DAY,
                                .baseline_start = REPORT_NO_DAY,
                                .baseline_finish = REPORT_NO_DAY};
    }
    report_plan p = plan();
    p.items = many;
    p.n_items = N;
    p.links = NULL;
    p.n_links = 0;
    char *html = render(&p);
    assert_int_equal(count(html, "<rect class=\"bar\""), PHASES);
    assert_non_null(strstr(html, "This program has 1000 work items"));
    assert_non_null(strstr(html, "it shows 10 summary and top-level items"));
    free(html);

    /* Flat: every item at the top; the chart stops at its maximum. */
    for (int i = 0; i < N; i++)
        many[i].depth = 0;
    html = render(&p);
    assert_int_equal(count(html, "<rect class=\"bar\""), REPORT_GANTT_MAX_ROWS);
    assert_non_null(strstr(html, "it shows the first 300"));
    free(html);
    free(many);
    free(refs);
}

static void test_html_axis_fits_the_span(void **state)
{
    (void)state;
    report_plan p = plan();
    char *html = render(&p);
    /* Eleven days: month marks. */
    assert_non_null(strstr(html, "<text class=\"month\" x=\"303.0\" "
                                 "y=\"18\">2026-12</text>"));
    free(html);

    /* Twenty years: year marks, every one or few, never months. */
    report_item longer[4];
    memcpy(longer, items, sizeof longer);
    longer[0].finish_day = longer[2].finish_day = DAY0 + 20 * 365;
    longer[3].start_day = longer[3].finish_day = DAY0 + 20 * 365 + 1;
    p.items = longer;
    html = render(&p);
    assert_true(count(html, "<text class=\"month\"") + 1 >=
                count(html, "<line class=\"axis\""));
    assert_true(count(html, "<text class=\"month\"") >= 5);
    assert_null(strstr(html, "2027-01</text>"));
    assert_non_null(strstr(html, ">2030</text>"));
    /* The chart stays near its width; a short bar keeps a pixel. */
    const char *svg = strstr(html, "<svg ");
    int width = atoi(strstr(svg, "width=\"") + 7);
    assert_true(width < 1400);
    free(html);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_html_chart),
        cmocka_unit_test(test_html_escapes_and_loads_nothing),
        cmocka_unit_test(test_html_heat_map),
        cmocka_unit_test(test_html_large_plan_collapses),
        cmocka_unit_test(test_html_axis_fits_the_span),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
