/*
 * tests/unit/test_evm_chart.c - the earned value S-curve drawn from
 * hand-made series: the rows each amount lands on (worked by hand from
 * the layout in evm_chart.h), shared cells, EV and AC stopping at the
 * status date, periods sharing columns when there are more than fit, and
 * no line longer than the width.
 */
#include "client/pmo/evm_chart.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define MAX_POINTS 64

typedef struct tseries {
    Pmo__V1__EarnedValueSeriesResponse s;
    Pmo__V1__EarnedValuePoint points[MAX_POINTS];
    Pmo__V1__EarnedValuePoint *ptrs[MAX_POINTS];
} tseries;

static void tseries_init(tseries *t, int64_t bac)
{
    pmo__v1__earned_value_series_response__init(&t->s);
    t->s.bac_minor = bac;
    t->s.points = t->ptrs;
}

static void tseries_add(tseries *t, const char *end, int64_t pv, int64_t ev,
                        int64_t ac, bool actual)
{
    Pmo__V1__EarnedValuePoint *p = &t->points[t->s.n_points];
    pmo__v1__earned_value_point__init(p);
    p->period_end = (char *)end;
    p->pv_minor = pv;
    p->ev_minor = ev;
    p->ac_minor = ac;
    p->actual = actual;
    t->ptrs[t->s.n_points++] = p;
}

/* The chart as text (the caller frees it). */
static char *tdraw(const tseries *t, int width, int height)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    evm_chart_opts o = {.width = width, .height = height, .exponent = 0};
    evm_chart_draw(f, &t->s, &o);
    fclose(f);
    return text;
}

/* Line k (0 the first) of text, without its newline, into out. */
static const char *tline(const char *text, int k, char *out, size_t len)
{
    const char *p = text;
    for (int i = 0; i < k && p; i++) {
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    assert_non_null(p);
    size_t n = strcspn(p, "\n");
    snprintf(out, len, "%.*s", (int)n, p);
    return out;
}

static void test_rows_by_hand(void **state)
{
    (void)state;
    /* Height 5 up to 400: row = round(v / 400 x 4): 100 row 1, 200 row
     * 2, 300 row 3, 400 row 4. Three periods in a wide chart stand eight
     * columns apart. The third is after the status date: PV only. */
    tseries t;
    tseries_init(&t, 400);
    tseries_add(&t, "2026-01-31", 100, 100, 200, true);
    tseries_add(&t, "2026-02-28", 300, 200, 200, true);
    tseries_add(&t, "2026-03-31", 400, 0, 0, false);
    static const char *const want[] = {
        "400|                P",
        "   |        P        ",
        "   |A       *        ",
        "   |*                ",
        "  0|                 ",
        "   ++-------^-------+",
    };
    char *text = tdraw(&t, 60, 5);
    char line[128];
    for (int k = 0; k < (int)(sizeof(want) / sizeof(want[0])); k++)
        assert_string_equal(tline(text, k, line, sizeof(line)), want[k]);
    assert_non_null(strstr(text, "2026-01-31"));
    assert_non_null(strstr(text, "2026-03-31"));
    assert_non_null(strstr(text, "P planned value"));
    free(text);
}

static void test_many_periods_share_columns(void **state)
{
    (void)state;
    tseries t;
    tseries_init(&t, 60);
    for (int i = 0; i < 60; i++)
        tseries_add(&t, "2026-01-01", i + 1, i, i, i < 30);
    int width = 24;
    char *text = tdraw(&t, width, 4);
    char line[128];
    /* The plot keeps to the width: a label of two, the axis, 21 columns. */
    for (int k = 0; k < 5; k++)
        assert_true(strlen(tline(text, k, line, sizeof(line))) <= (size_t)width);
    /* The last column shows the last period: PV 60 at the top. */
    tline(text, 0, line, sizeof(line));
    assert_int_equal(line[strlen(line) - 1], 'P');
    free(text);
}

static void test_empty_series(void **state)
{
    (void)state;
    tseries t;
    tseries_init(&t, 0);
    char *text = tdraw(&t, 40, 5);
    assert_string_equal(text, "(no periods to draw)\n");
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_by_hand),
        cmocka_unit_test(test_many_periods_share_columns),
        cmocka_unit_test(test_empty_series),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
