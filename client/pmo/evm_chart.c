/*
 * client/pmo/evm_chart.c - the earned value S-curve as text (see
 * evm_chart.h).
 */
#include "evm_chart.h"
#include "common/money.h"
#include "table.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define EVM_CHART_SPREAD_MAX 8

/* The series drawn, in the order a shared cell is decided. */
enum { EVM_PV, EVM_EV, EVM_AC, EVM_SERIES };

static const char evm_marks[EVM_SERIES] = {'P', 'E', 'A'};
static const cli_color evm_colors[EVM_SERIES] = {
    CLI_COLOR_BLUE, CLI_COLOR_GREEN, CLI_COLOR_RED};

static int64_t evm_point_value(const Pmo__V1__EarnedValuePoint *p, int which)
{
    return which == EVM_PV ? p->pv_minor
                           : which == EVM_EV ? p->ev_minor : p->ac_minor;
}

static bool evm_point_drawn(const Pmo__V1__EarnedValuePoint *p, int which)
{
    return which == EVM_PV || p->actual;
}

/* The largest amount the chart must hold (at least 1). */
static int64_t evm_chart_max(const Pmo__V1__EarnedValueSeriesResponse *s)
{
    int64_t max = s->bac_minor > 0 ? s->bac_minor : 1;
    for (size_t i = 0; i < s->n_points; i++)
        for (int w = 0; w < EVM_SERIES; w++) {
            int64_t v = evm_point_value(s->points[i], w);
            if (evm_point_drawn(s->points[i], w) && v > max)
                max = v;
        }
    return max;
}

/* The row (0 the bottom) of v on a plot of height rows up to max. */
static int evm_chart_row(int64_t v, int64_t max, int height)
{
    if (v <= 0)
        return 0;
    long double r = (long double)v / (long double)max * (height - 1);
    int row = (int)(r + 0.5L);
    return row > height - 1 ? height - 1 : row;
}

/* The point shown in column c, or -1 for a blank column. */
static int evm_chart_point_at(size_t n, int cols, int spread, int c)
{
    if (spread > 0)
        return c % spread == 0 && (size_t)(c / spread) < n ? c / spread : -1;
    /* Periods share columns: the last of those mapped to c. */
    size_t last = ((size_t)(c + 1) * n + (size_t)cols - 1) / (size_t)cols;
    return last == 0 ? -1 : (int)(last - 1);
}

static void evm_chart_cell(FILE *out, char mark, int which, bool color)
{
    if (color && mark != ' ' && mark != '*')
        fprintf(out, "%s%c%s", cli_color_start(evm_colors[which]), mark,
                cli_color_end());
    else
        fputc(mark, out);
}

/* The mark of point p in row (' ' for none) and which series made it. */
static char evm_chart_mark(const Pmo__V1__EarnedValuePoint *p, int row,
                           int64_t max, int height, int *which)
{
    char mark = ' ';
    for (int w = 0; w < EVM_SERIES; w++) {
        if (!evm_point_drawn(p, w) ||
            evm_chart_row(evm_point_value(p, w), max, height) != row)
            continue;
        mark = mark == ' ' ? evm_marks[w] : '*';
        if (mark != '*')
            *which = w;
    }
    return mark;
}

/* The index of the status date's period: the last actual one, or -1. */
static int evm_chart_status_point(const Pmo__V1__EarnedValueSeriesResponse *s)
{
    int at = -1;
    for (size_t i = 0; i < s->n_points; i++)
        if (s->points[i]->actual)
            at = (int)i;
    return at;
}

int evm_chart_draw(FILE *out, const Pmo__V1__EarnedValueSeriesResponse *s,
                   const evm_chart_opts *o)
{
    size_t n = s->n_points;
    if (n == 0) {
        fprintf(out, "(no periods to draw)\n");
        return 0;
    }
    int64_t max = evm_chart_max(s);
    char top[MONEY_TEXT], zero[MONEY_TEXT];
    money_format(max, o->exponent, top, sizeof(top));
    money_format(0, o->exponent, zero, sizeof(zero));
    int label = (int)strlen(top);
    int cols = o->width - label - 1;
    if (cols < 1)
        cols = 1;
    int spread = (size_t)cols >= n ? cols / (int)n : 0;
    if (spread > EVM_CHART_SPREAD_MAX)
        spread = EVM_CHART_SPREAD_MAX;
    int used = spread ? (int)n * spread - (spread - 1) : cols;
    for (int row = o->height - 1; row >= 0; row--) {
        const char *lab = row == o->height - 1 ? top : row == 0 ? zero : "";
        fprintf(out, "%*s|", label, lab);
        for (int c = 0; c < used; c++) {
            int i = evm_chart_point_at(n, cols, spread, c);
            int which = EVM_PV;
            char mark = i < 0 ? ' '
                              : evm_chart_mark(s->points[i], row, max,
                                               o->height, &which);
            evm_chart_cell(out, mark, which, o->color);
        }
        fputc('\n', out);
    }
    /* The rule: '+' at both ends, '^' under the status date's period. */
    int status = evm_chart_status_point(s);
    fprintf(out, "%*s+", label, "");
    for (int c = 0; c < used; c++) {
        int i = evm_chart_point_at(n, cols, spread, c);
        bool mark_status = i >= 0 && i == status &&
                           (c + 1 >= used ||
                            evm_chart_point_at(n, cols, spread, c + 1) != i);
        fputc(mark_status ? '^' : (c == 0 || c == used - 1) ? '+' : '-', out);
    }
    fputc('\n', out);
    const char *first = s->points[0]->period_end;
    const char *last = s->points[n - 1]->period_end;
    int gap = used - (int)strlen(first) - (int)strlen(last);
    fprintf(out, "%*s %s%*s%s\n", label, "", first, gap > 1 ? gap : 1, "",
            n > 1 ? last : "");
    fprintf(out, "%*s P planned value  E earned value  A actual cost  "
                 "* two at once  ^ status date\n",
            label, "");
    return (int)n;
}
