/*
 * server/sched/evm_phase.c - planned and earned value day by day (see
 * evm_phase.h).
 *
 * A value spread evenly over the days a..b is a ramp: flat before a,
 * rising by value / (b - a + 1) a day through b, flat after. The daily
 * series are built from the ramps' slopes, one addition where a ramp
 * starts and one where it ends, then two running sums: linear in groups
 * plus days however long the spans are.
 */
#include "sched/evm_phase.h"
#include "sched/plan.h"

#include <stdbool.h>

/* One ramp: value spread over days a..b (a <= b). */
typedef struct evm_ramp {
    int a, b;
    long double value;
} evm_ramp;

static long double evm_factor(const long double *factor, int scope)
{
    return factor ? factor[scope] : 1.0L;
}

static bool evm_in_scope(const sched_evm_group *g, int scope)
{
    return scope == SCHED_EVM_ALL_SCOPES || g->scope == scope;
}

/* The planned ramp of g; false when it plans nothing. */
static bool evm_planned(const sched_evm_group *g, long double f, evm_ramp *r)
{
    if (g->base_start == SCHED_NO_DAY || g->base_finish == SCHED_NO_DAY ||
        g->cost == 0)
        return false;
    r->a = g->base_start;
    r->b = g->base_finish < g->base_start ? g->base_start : g->base_finish;
    r->value = g->cost * f;
    return true;
}

/* The earned ramp of g as of status_day; false when it earned nothing. */
static bool evm_earned(const sched_evm_group *g, long double f,
                       int status_day, evm_ramp *r)
{
    if (g->earned == 0)
        return false;
    int end = g->actual_finish != SCHED_NO_DAY && g->actual_finish < status_day
                  ? g->actual_finish
                  : status_day;
    int start = g->actual_start != SCHED_NO_DAY ? g->actual_start : end;
    r->a = start < end ? start : end;
    r->b = end;
    r->value = g->earned * f;
    return true;
}

/* The ramp's value at the end of day. */
static long double evm_ramp_at(const evm_ramp *r, int day)
{
    if (day < r->a)
        return 0;
    if (day >= r->b)
        return r->value;
    return r->value * (long double)(day - r->a + 1) /
           (long double)(r->b - r->a + 1);
}

/*
 * Adds the ramp into the slopes of out (days from..to) and returns what
 * it had accrued by the end of from - 1, the series' starting level.
 */
static long double evm_ramp_add(const evm_ramp *r, int from, int to,
                                long double *out)
{
    long double rate = r->value / (long double)(r->b - r->a + 1);
    int first = r->a > from ? r->a : from;
    int last = r->b < to ? r->b : to;
    if (first <= last) {
        out[first - from] += rate;
        if (last < to)
            out[last - from + 1] -= rate;
    }
    return evm_ramp_at(r, from - 1);
}

/* Slopes into cumulative values, from the starting level. */
static void evm_accumulate(long double level, int from, int to,
                           long double *out)
{
    long double slope = 0;
    for (int i = 0; i <= to - from; i++) {
        slope += out[i];
        level += slope;
        out[i] = level;
    }
}

static void evm_clear(int from, int to, long double *out)
{
    for (int i = 0; i <= to - from; i++)
        out[i] = 0;
}

long double sched_evm_pv_at(const sched_evm_group *g, size_t n,
                            const long double *factor, int scope, int day)
{
    long double sum = 0;
    evm_ramp r;
    for (size_t i = 0; i < n; i++)
        if (evm_in_scope(&g[i], scope) &&
            evm_planned(&g[i], evm_factor(factor, g[i].scope), &r))
            sum += evm_ramp_at(&r, day);
    return sum;
}

void sched_evm_pv_days(const sched_evm_group *g, size_t n,
                       const long double *factor, int scope, int from, int to,
                       long double *out)
{
    long double level = 0;
    evm_ramp r;
    evm_clear(from, to, out);
    for (size_t i = 0; i < n; i++)
        if (evm_in_scope(&g[i], scope) &&
            evm_planned(&g[i], evm_factor(factor, g[i].scope), &r))
            level += evm_ramp_add(&r, from, to, out);
    evm_accumulate(level, from, to, out);
}

void sched_evm_ev_days(const sched_evm_group *g, size_t n,
                       const long double *factor, int scope, int status_day,
                       int from, int to, long double *out)
{
    long double level = 0;
    evm_ramp r;
    evm_clear(from, to, out);
    for (size_t i = 0; i < n; i++)
        if (evm_in_scope(&g[i], scope) &&
            evm_earned(&g[i], evm_factor(factor, g[i].scope), status_day, &r))
            level += evm_ramp_add(&r, from, to, out);
    evm_accumulate(level, from, to, out);
}
