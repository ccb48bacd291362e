/* server/sched/level_verify.c - schedule checks by an event sweep. */
#include "sched/level_verify.h"

#include "common/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/*
 * One event per start and per finish of an activity that holds resources.
 * Finishes sort before starts in the same period because a finishing
 * activity gives its units back before a new one takes them; that is the
 * meaning of "finishes at s + duration" in rcpsp.h.
 */
typedef struct level_event {
    long time;
    int activity;
    int is_start;
} level_event;

static int level_verify_fail(level_violation *v, level_verify_code code,
                             int activity, int other, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int level_verify_fail(level_violation *v, level_verify_code code,
                             int activity, int other, const char *fmt, ...)
{
    if (v == NULL)
        return code;
    v->code = code;
    v->activity = activity;
    v->other = other;
    v->resource = -1;
    v->period = -1;
    v->load = -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(v->message, sizeof(v->message), fmt, ap);
    va_end(ap);
    return code;
}

static int level_verify_shape(const rcpsp *p, level_violation *v)
{
    if (p == NULL || p->n_activities < 0 || p->n_resources < 0)
        return level_verify_fail(v, LEVEL_VERIFY_MALFORMED, -1, -1,
                                 "negative activity or resource count");
    int n = p->n_activities, k = p->n_resources;
    if ((n > 0 && (p->duration == NULL || p->succ_start == NULL)) ||
        (k > 0 && p->capacity == NULL) || (n > 0 && k > 0 && p->demand == NULL))
        return level_verify_fail(v, LEVEL_VERIFY_MALFORMED, -1, -1,
                                 "missing array");
    for (int r = 0; r < k; r++)
        if (p->capacity[r] < 0)
            return level_verify_fail(v, LEVEL_VERIFY_MALFORMED, -1, -1,
                                     "resource %d has negative capacity", r);
    if (n > 0 && p->succ_start[0] != 0)
        return level_verify_fail(v, LEVEL_VERIFY_MALFORMED, -1, -1,
                                 "successor rows do not start at 0");
    for (int j = 0; j < n; j++) {
        if (p->duration[j] < 0)
            return level_verify_fail(v, LEVEL_VERIFY_MALFORMED, j, -1,
                                     "activity %d has a negative duration", j);
        if (p->succ_start[j + 1] < p->succ_start[j])
            return level_verify_fail(v, LEVEL_VERIFY_MALFORMED, j, -1,
                                     "successor rows of activity %d go back",
                                     j);
        for (int r = 0; r < k; r++)
            if (p->demand[(size_t)j * k + r] < 0)
                return level_verify_fail(v, LEVEL_VERIFY_MALFORMED, j, -1,
                                         "activity %d has a negative demand",
                                         j);
    }
    if (n > 0 && p->succ_start[n] > 0 && p->succ == NULL)
        return level_verify_fail(v, LEVEL_VERIFY_MALFORMED, -1, -1,
                                 "missing successor array");
    for (int j = 0; j < n; j++)
        for (int e = p->succ_start[j]; e < p->succ_start[j + 1]; e++)
            if (p->succ[e] < 0 || p->succ[e] >= n)
                return level_verify_fail(v, LEVEL_VERIFY_MALFORMED, j, -1,
                                         "activity %d has successor %d, out "
                                         "of range",
                                         j, p->succ[e]);
    return LEVEL_VERIFY_OK;
}

static int level_verify_precedence(const rcpsp *p, const int *start,
                                   level_violation *v)
{
    for (int j = 0; j < p->n_activities; j++) {
        if (start[j] < 0)
            return level_verify_fail(v, LEVEL_VERIFY_EARLY, j, -1,
                                     "activity %d starts at %d, before 0", j,
                                     start[j]);
        long finish = (long)start[j] + p->duration[j];
        for (int e = p->succ_start[j]; e < p->succ_start[j + 1]; e++) {
            int s = p->succ[e];
            if (start[s] < finish)
                return level_verify_fail(
                    v, LEVEL_VERIFY_PRECEDENCE, s, j,
                    "activity %d starts at %d, before its predecessor %d "
                    "finishes at %ld",
                    s, start[s], j, finish);
        }
    }
    return LEVEL_VERIFY_OK;
}

static int level_event_cmp(const void *a, const void *b)
{
    const level_event *x = a, *y = b;
    if (x->time != y->time)
        return x->time < y->time ? -1 : 1;
    if (x->is_start != y->is_start)
        return x->is_start - y->is_start;
    return x->activity - y->activity;
}

/* Events of the activities that take time, sorted; returns their count. */
static size_t level_events_build(const rcpsp *p, const int *start,
                                 level_event *ev)
{
    size_t m = 0;
    for (int j = 0; j < p->n_activities; j++) {
        if (p->duration[j] == 0)
            continue;
        ev[m++] = (level_event){start[j], j, 1};
        ev[m++] = (level_event){(long)start[j] + p->duration[j], j, 0};
    }
    qsort(ev, m, sizeof(*ev), level_event_cmp);
    return m;
}

static int level_capacity_fail(const rcpsp *p, level_violation *v, int j, int r,
                               long period, long load)
{
    level_verify_fail(v, LEVEL_VERIFY_CAPACITY, j, -1,
                      "resource %d needs %ld units in period %ld, over its "
                      "capacity %d (activity %d starts then)",
                      r, load, period, p->capacity[r], j);
    if (v != NULL) {
        v->resource = r;
        v->period = (int)period;
        v->load = load;
    }
    return LEVEL_VERIFY_CAPACITY;
}

/*
 * Load only rises at a start, so checking each resource an activity uses
 * right after its start event (the finishes of that period already
 * applied) covers every period.
 */
static int level_verify_capacity(const rcpsp *p, const int *start,
                                 level_violation *v)
{
    int k = p->n_resources;
    level_event *ev = xmalloc(sizeof(*ev) * 2 * ((size_t)p->n_activities + 1));
    long *load = xcalloc((size_t)k + 1, sizeof(*load));
    size_t m = level_events_build(p, start, ev);
    int rc = LEVEL_VERIFY_OK;
    for (size_t i = 0; i < m && rc == LEVEL_VERIFY_OK; i++) {
        const int *d = p->demand + (size_t)ev[i].activity * k;
        for (int r = 0; r < k; r++) {
            load[r] += ev[i].is_start ? d[r] : -d[r];
            if (ev[i].is_start && d[r] > 0 && load[r] > p->capacity[r]) {
                rc = level_capacity_fail(p, v, ev[i].activity, r, ev[i].time,
                                         load[r]);
                break;
            }
        }
    }
    free(load);
    free(ev);
    return rc;
}

int level_verify_problem(const rcpsp *p, level_violation *v)
{
    return level_verify_shape(p, v);
}

int level_verify(const rcpsp *p, const int *start, level_violation *v)
{
    int rc = level_verify_shape(p, v);
    if (rc != LEVEL_VERIFY_OK)
        return rc;
    if (p->n_activities > 0 && start == NULL)
        return level_verify_fail(v, LEVEL_VERIFY_MALFORMED, -1, -1,
                                 "missing start times");
    rc = level_verify_precedence(p, start, v);
    if (rc != LEVEL_VERIFY_OK)
        return rc;
    return level_verify_capacity(p, start, v);
}

long level_makespan(const rcpsp *p, const int *start)
{
    long end = 0;
    for (int j = 0; j < p->n_activities; j++)
        if ((long)start[j] + p->duration[j] > end)
            end = (long)start[j] + p->duration[j];
    return end;
}
