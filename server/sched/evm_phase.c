/*
 * server/sched/evm_phase.c - planned and earned value day by day (see
 * evm_phase.h).
 *
 * A value spread evenly over the working days of a..b is a ramp: flat
 * before a, rising by value / (working days of a..b) on each working day
 * through b, flat after. The daily series are built from the ramps'
 * slopes, one addition where a ramp starts and one where it ends, then
 * running sums that add the slope on working days only: linear in groups
 * plus days however long the spans are. A span without a working day is
 * a jump on its last day, kept apart in the scratch array.
 */
#include "sched/evm_phase.h"
#include "sched/plan.h"

#include <stdbool.h>
#include <stdint.h>

/* One ramp: value spread over the working days of a..b (a <= b). */
typedef struct evm_ramp {
    int a, b;
    long double value;
    int32_t work; /* working days in a..b; 0: all of it on b */
} evm_ramp;

int sched_evm_working_days(const sched_cal *cal, int a, int d)
{
    if (d < a)
        return 0;
    return cal ? sched_cal_count(cal, d + 1) - sched_cal_count(cal, a)
               : d - a + 1;
}

int sched_evm_nth_working_day(const sched_cal *cal, int a, int k)
{
    return cal ? sched_cal_day(cal, sched_cal_count(cal, a) + k - 1)
               : a + k - 1;
}

static bool evm_works(const sched_cal *cal, int day)
{
    return cal == NULL || sched_cal_is_working(cal, day);
}

static long double evm_factor(const long double *factor, int scope)
{
    return factor ? factor[scope] : 1.0L;
}

static bool evm_in_scope(const sched_evm_group *g, int scope)
{
    return scope == SCHED_EVM_ALL_SCOPES || g->scope == scope;
}

static void evm_ramp_set(evm_ramp *r, const sched_cal *cal, int a, int b,
                         long double value)
{
    r->a = a;
    r->b = b < a ? a : b;
    r->value = value;
    r->work = sched_evm_working_days(cal, r->a, r->b);
}

/* The planned ramp of g; false when it plans nothing. */
static bool evm_planned(const sched_evm_group *g, const sched_cal *cal,
                        long double f, evm_ramp *r)
{
    if (g->base_start == SCHED_NO_DAY || g->base_finish == SCHED_NO_DAY ||
        g->cost == 0)
        return false;
    evm_ramp_set(r, cal, g->base_start, g->base_finish, g->cost * f);
    return true;
}

/* The earned ramp of g as of status_day; false when it earned nothing. */
static bool evm_earned(const sched_evm_group *g, const sched_cal *cal,
                       long double f, int status_day, evm_ramp *r)
{
    if (g->earned == 0)
        return false;
    int end = g->actual_finish != SCHED_NO_DAY && g->actual_finish < status_day
                  ? g->actual_finish
                  : status_day;
    int start = g->actual_start != SCHED_NO_DAY ? g->actual_start : end;
    evm_ramp_set(r, cal, start < end ? start : end, end, g->earned * f);
    return true;
}

/* The ramp's value at the end of day. */
static long double evm_ramp_at(const evm_ramp *r, const sched_cal *cal,
                               int day)
{
    if (day >= r->b)
        return r->value;
    if (day < r->a || r->work == 0)
        return 0;
    return r->value * (long double)sched_evm_working_days(cal, r->a, day) /
           (long double)r->work;
}

/*
 * Adds the ramp into the slopes (out) or jumps (scratch) of days
 * from..to and returns what it had accrued by the end of from - 1, the
 * series' starting level.
 */
static long double evm_ramp_add(const evm_ramp *r, const sched_cal *cal,
                                int from, int to, long double *out,
                                long double *scratch)
{
    if (r->work == 0) {
        if (r->b >= from && r->b <= to)
            scratch[r->b - from] += r->value;
    } else {
        long double rate = r->value / (long double)r->work;
        int first = r->a > from ? r->a : from;
        int last = r->b < to ? r->b : to;
        if (first <= last) {
            out[first - from] += rate;
            if (last < to)
                out[last - from + 1] -= rate;
        }
    }
    return evm_ramp_at(r, cal, from - 1);
}

/* Slopes and jumps into cumulative values, from the starting level. */
static void evm_accumulate(long double level, const sched_cal *cal, int from,
                           int to, long double *out, const long double *jumps)
{
    long double slope = 0;
    for (int i = 0; i <= to - from; i++) {
        slope += out[i];
        if (evm_works(cal, from + i))
            level += slope;
        level += jumps[i];
        out[i] = level;
    }
}

static void evm_clear(int from, int to, long double *out, long double *scratch)
{
    for (int i = 0; i <= to - from; i++)
        out[i] = scratch[i] = 0;
}

long double sched_evm_pv_at(const sched_evm_group *g, size_t n,
                            const sched_cal *cal, const long double *factor,
                            int scope, int day)
{
    long double sum = 0;
    evm_ramp r;
    for (size_t i = 0; i < n; i++)
        if (evm_in_scope(&g[i], scope) &&
            evm_planned(&g[i], cal, evm_factor(factor, g[i].scope), &r))
            sum += evm_ramp_at(&r, cal, day);
    return sum;
}

void sched_evm_pv_days(const sched_evm_group *g, size_t n,
                       const sched_cal *cal, const long double *factor,
                       int scope, int from, int to, long double *out,
                       long double *scratch)
{
    long double level = 0;
    evm_ramp r;
    evm_clear(from, to, out, scratch);
    for (size_t i = 0; i < n; i++)
        if (evm_in_scope(&g[i], scope) &&
            evm_planned(&g[i], cal, evm_factor(factor, g[i].scope), &r))
            level += evm_ramp_add(&r, cal, from, to, out, scratch);
    evm_accumulate(level, cal, from, to, out, scratch);
}

void sched_evm_ev_days(const sched_evm_group *g, size_t n,
                       const sched_cal *cal, const long double *factor,
                       int scope, int status_day, int from, int to,
                       long double *out, long double *scratch)
{
    long double level = 0;
    evm_ramp r;
    evm_clear(from, to, out, scratch);
    for (size_t i = 0; i < n; i++)
        if (evm_in_scope(&g[i], scope) &&
            evm_earned(&g[i], cal, evm_factor(factor, g[i].scope), status_day,
                       &r))
            level += evm_ramp_add(&r, cal, from, to, out, scratch);
    evm_accumulate(level, cal, from, to, out, scratch);
}
