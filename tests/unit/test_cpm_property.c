/*
 * tests/unit/test_cpm_property.c - the critical path engine against a
 * brute-force model on thousands of random small plans.
 *
 * The model below is written from the contract in server/sched/cpm.h and
 * shares no code with the engine: its calendar counts day by day, and its
 * dates come from Bellman-Ford style relaxation of every constraint until
 * nothing moves, for the early dates (longest paths from the start
 * bounds) and the late dates (shortest paths back from the finish). The
 * plans are seeded and deterministic; they mix all four link types,
 * leads and lags, milestones, start-no-earlier dates, deadlines, work in
 * progress, summaries and critical thresholds, on three calendars.
 */
#include "sched/cpm.h"

#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define PLANS_PER_CASE 2000
#define MAX_ITEMS      16
#define MAX_LINKS      40
#define DAY0           20454 /* 2026-01-01, a Thursday */

typedef struct rng {
    uint64_t s;
} rng;

static uint64_t rng_next(rng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static int rng_int(rng *r, int lo, int hi) /* inclusive */
{
    return lo + (int)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

/* ----------------------------------------------------------------
 * The model's calendar: one day at a time.
 * ---------------------------------------------------------------- */

typedef struct model_cal {
    unsigned weekdays;
    const int *holidays;
    int n_holidays;
    int origin;
} model_cal;

static int model_iso_weekday(int day)
{
    return ((day % 7 + 7) % 7 + 3) % 7 + 1; /* day 0 was a Thursday */
}

static int model_works(const model_cal *c, int day)
{
    if (!(c->weekdays >> (model_iso_weekday(day) - 1) & 1u))
        return 0;
    for (int i = 0; i < c->n_holidays; i++)
        if (c->holidays[i] == day)
            return 0;
    return 1;
}

static int model_count(const model_cal *c, int day)
{
    int n = 0;
    for (int d = c->origin; d < day; d++)
        n += model_works(c, d);
    for (int d = day; d < c->origin; d++)
        n -= model_works(c, d);
    return n;
}

static int model_day_of(const model_cal *c, int w)
{
    if (w >= 0) {
        for (int d = c->origin, n = 0;; d++)
            if (model_works(c, d) && n++ == w)
                return d;
    }
    for (int d = c->origin - 1, n = -1;; d--)
        if (model_works(c, d) && n-- == w)
            return d;
}

static int model_floor_div(long long a, long long b)
{
    long long q = a / b;
    return (int)((a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q);
}

/* ----------------------------------------------------------------
 * The model's schedule.
 * ---------------------------------------------------------------- */

typedef struct model {
    const sched_plan *plan;
    model_cal cal;
    long long d[MAX_ITEMS], base[MAX_ITEMS];
    int state[MAX_ITEMS]; /* 0 free, 1 started, 2 done, 3 summary */
    long long es[MAX_ITEMS], ef[MAX_ITEMS], ls[MAX_ITEMS], lf[MAX_ITEMS];
    long long tf[MAX_ITEMS], ff[MAX_ITEMS];
    long long deadline[MAX_ITEMS]; /* end of the deadline day, or LLONG_MAX */
    int crit[MAX_ITEMS], longest[MAX_ITEMS];
    long long finish, least, anchor;
} model;

static long long model_ticks(double days)
{
    return llround(days * 100);
}

static long long model_start_tick(const model *m, int day)
{
    return 100LL * model_count(&m->cal, day);
}

static long long model_end_tick(const model *m, int day)
{
    return 100LL * model_count(&m->cal, day + 1);
}

static void model_item(model *m, int i)
{
    const sched_item *it = &m->plan->items[i];
    int ms = (it->flags & SCHED_ITEM_MILESTONE) != 0;
    long long d = ms ? 0 : model_ticks(it->duration_days);
    long long status = m->plan->status_day == SCHED_NO_DAY
                           ? 0
                           : model_start_tick(m, m->plan->status_day);
    m->deadline[i] = it->deadline == SCHED_NO_DAY
                         ? LLONG_MAX
                         : model_end_tick(m, it->deadline);
    if (it->flags & SCHED_ITEM_SUMMARY) {
        m->state[i] = 3;
    } else if (it->actual_finish != SCHED_NO_DAY ||
               (ms && it->actual_start != SCHED_NO_DAY)) {
        int last = it->actual_finish != SCHED_NO_DAY ? it->actual_finish
                                                     : it->actual_start;
        long long ef = model_end_tick(m, last), es = ef - d;
        if (!ms && it->actual_start != SCHED_NO_DAY)
            es = model_start_tick(m, it->actual_start);
        m->state[i] = 2;
        m->base[i] = es < ef ? es : ef;
        m->d[i] = ef - m->base[i];
    } else if (it->actual_start != SCHED_NO_DAY) {
        long long es = model_start_tick(m, it->actual_start);
        long long resume = es > status ? es : status;
        m->state[i] = 1;
        m->base[i] = es;
        m->d[i] = resume - es + (d * (100 - it->percent_complete) + 50) / 100;
    } else {
        long long b = status > 0 ? status : 0;
        if (it->start_no_earlier != SCHED_NO_DAY &&
            model_start_tick(m, it->start_no_earlier) > b)
            b = model_start_tick(m, it->start_no_earlier);
        m->state[i] = 0;
        m->base[i] = b;
        m->d[i] = d;
    }
}

static int link_from_finish(int type)
{
    return type == SCHED_FS || type == SCHED_FF;
}

static int link_to_finish(int type)
{
    return type == SCHED_FF || type == SCHED_SF;
}

/* Links into started or done items bind nothing (progress wins). */
static int model_binds(const model *m, const sched_link *l)
{
    return m->state[l->succ] == 0;
}

static void model_early(model *m)
{
    const sched_plan *p = m->plan;
    for (int i = 0; i < p->n_items; i++)
        m->es[i] = m->base[i];
    for (int round = 0, moved = 1; moved; round++) {
        assert_true(round <= p->n_items + 1);
        moved = 0;
        for (int e = 0; e < p->n_links; e++) {
            const sched_link *l = &p->links[e];
            if (!model_binds(m, l))
                continue;
            long long from = link_from_finish(l->type)
                                 ? m->es[l->pred] + m->d[l->pred]
                                 : m->es[l->pred];
            long long x = from + model_ticks(l->lag_days) -
                          (link_to_finish(l->type) ? m->d[l->succ] : 0);
            if (x > m->es[l->succ]) {
                m->es[l->succ] = x;
                moved = 1;
            }
        }
    }
    m->finish = LLONG_MIN;
    for (int i = 0; i < p->n_items; i++) {
        m->ef[i] = m->es[i] + m->d[i];
        if (m->state[i] != 3 && m->ef[i] > m->finish)
            m->finish = m->ef[i];
    }
    if (m->finish == LLONG_MIN) {
        long long status = p->status_day == SCHED_NO_DAY
                               ? 0
                               : model_start_tick(m, p->status_day);
        m->finish = status > 0 ? status : 0;
    }
}

/* The latest finish of p that link l allows, late_to being s's late
 * date the link arrives at. */
static long long model_late_bound(const model *m, const sched_link *l,
                                  long long late_to)
{
    long long x = late_to - model_ticks(l->lag_days);
    return link_from_finish(l->type) ? x : x + m->d[l->pred];
}

static void model_late(model *m, long long anchor)
{
    const sched_plan *p = m->plan;
    for (int i = 0; i < p->n_items; i++)
        m->lf[i] = m->state[i] == 2 ? m->ef[i]
                   : m->deadline[i] < anchor ? m->deadline[i]
                                             : anchor;
    for (int round = 0, moved = 1; moved; round++) {
        assert_true(round <= p->n_items + 1);
        moved = 0;
        for (int e = 0; e < p->n_links; e++) {
            const sched_link *l = &p->links[e];
            int pr = l->pred;
            if (!model_binds(m, l) || m->state[pr] == 2 ||
                (m->state[pr] == 1 && !link_from_finish(l->type)))
                continue;
            long long late_to = link_to_finish(l->type)
                                    ? m->lf[l->succ]
                                    : m->lf[l->succ] - m->d[l->succ];
            long long x = model_late_bound(m, l, late_to);
            if (x < m->lf[pr]) {
                m->lf[pr] = x;
                moved = 1;
            }
        }
    }
    for (int i = 0; i < p->n_items; i++)
        m->ls[i] = m->state[i] == 0 ? m->lf[i] - m->d[i] : m->es[i];
}

static void model_floats(model *m)
{
    const sched_plan *p = m->plan;
    m->least = LLONG_MAX;
    for (int i = 0; i < p->n_items; i++) {
        m->tf[i] = m->lf[i] - m->ef[i];
        m->ff[i] = m->finish - m->ef[i];
        if (m->state[i] <= 1 && m->tf[i] < m->least)
            m->least = m->tf[i];
    }
    for (int e = 0; e < p->n_links; e++) {
        const sched_link *l = &p->links[e];
        if (!model_binds(m, l))
            continue;
        long long early_to =
            link_to_finish(l->type) ? m->ef[l->succ] : m->es[l->succ];
        long long from =
            link_from_finish(l->type) ? m->ef[l->pred] : m->es[l->pred];
        long long slack = early_to - model_ticks(l->lag_days) - from;
        if (slack < m->ff[l->pred])
            m->ff[l->pred] = slack;
    }
    if (m->least == LLONG_MAX)
        m->least = 0;
    long long threshold = model_ticks(p->critical_float_days);
    for (int i = 0; i < p->n_items; i++) {
        if (m->state[i] == 2)
            m->tf[i] = m->ff[i] = 0;
        m->crit[i] = m->state[i] <= 1 && m->tf[i] <= threshold;
    }
}

/* The early date of s that link l, binding, asks for. */
static long long model_early_bound(const model *m, const sched_link *l)
{
    long long from = link_from_finish(l->type) ? m->ef[l->pred] : m->es[l->pred];
    return from + model_ticks(l->lag_days) -
           (link_to_finish(l->type) ? m->d[l->succ] : 0);
}

/* Unfinished leaves ending last of them, or driving one that is on the
 * path other than from a started item's start, until nothing changes. */
static void model_longest(model *m)
{
    const sched_plan *p = m->plan;
    long long last = LLONG_MIN;
    for (int i = 0; i < p->n_items; i++)
        if (m->state[i] <= 1 && m->ef[i] > last)
            last = m->ef[i];
    for (int i = 0; i < p->n_items; i++)
        m->longest[i] = m->state[i] <= 1 && m->ef[i] == last;
    for (int moved = 1; moved;) {
        moved = 0;
        for (int e = 0; e < p->n_links; e++) {
            const sched_link *l = &p->links[e];
            if (!model_binds(m, l) || m->state[l->pred] > 1 ||
                (m->state[l->pred] == 1 && !link_from_finish(l->type)) ||
                m->longest[l->pred] || !m->longest[l->succ] ||
                model_early_bound(m, l) != m->es[l->succ])
                continue;
            m->longest[l->pred] = moved = 1;
        }
    }
}

static int model_is_below(const model *m, int item, int ancestor)
{
    for (int p = m->plan->items[item].parent; p >= 0;
         p = m->plan->items[p].parent)
        if (p == ancestor)
            return 1;
    return 0;
}

static void model_summary(model *m, int s)
{
    int any = 0;
    m->es[s] = m->ls[s] = LLONG_MAX;
    m->ef[s] = m->lf[s] = m->tf[s] = m->ff[s] = LLONG_MIN;
    m->tf[s] = m->ff[s] = LLONG_MAX;
    m->crit[s] = m->longest[s] = 0;
    for (int i = 0; i < m->plan->n_items; i++) {
        if (m->state[i] == 3 || !model_is_below(m, i, s))
            continue;
        any = 1;
#define MODEL_MIN(a, b) ((a) = (b) < (a) ? (b) : (a))
#define MODEL_MAX(a, b) ((a) = (b) > (a) ? (b) : (a))
        MODEL_MIN(m->es[s], m->es[i]);
        MODEL_MAX(m->ef[s], m->ef[i]);
        MODEL_MIN(m->ls[s], m->ls[i]);
        MODEL_MAX(m->lf[s], m->lf[i]);
        if (m->state[i] <= 1) {
            MODEL_MIN(m->tf[s], m->tf[i]);
            MODEL_MIN(m->ff[s], m->ff[i]);
        }
        m->crit[s] |= m->crit[i];
        m->longest[s] |= m->longest[i];
    }
    if (m->tf[s] == LLONG_MAX)
        m->tf[s] = m->ff[s] = 0;
    if (!any)
        m->es[s] = m->ef[s] = m->ls[s] = m->lf[s] = 0;
}

static void model_run(model *m, const sched_plan *plan)
{
    memset(m, 0, sizeof *m);
    m->plan = plan;
    m->cal.weekdays = plan->calendar.weekdays;
    m->cal.holidays = plan->calendar.holidays;
    m->cal.n_holidays = plan->calendar.n_holidays;
    m->cal.origin = plan->start_day;
    for (int i = 0; i < plan->n_items; i++)
        model_item(m, i);
    model_early(m);
    long long anchor =
        plan->late_from_target && plan->target_day != SCHED_NO_DAY
            ? model_end_tick(m, plan->target_day)
            : m->finish;
    m->anchor = anchor;
    model_late(m, anchor);
    model_floats(m);
    model_longest(m);
    for (int i = 0; i < plan->n_items; i++)
        if (m->state[i] == 3)
            model_summary(m, i);
}

/* ----------------------------------------------------------------
 * The model's dates, by the conventions of calendar.h and cpm.h.
 * ---------------------------------------------------------------- */

static int model_start_day(const model *m, long long t)
{
    return model_day_of(&m->cal, model_floor_div(t, 100));
}

static int model_end_day(const model *m, long long t)
{
    return model_day_of(&m->cal, model_floor_div(t - 1, 100));
}

/*
 * Whether an unstarted instant's early (or late) date was set by a start:
 * its start bound, or only links leaving a start (SS, SF) among those
 * that set it; a late date set by the anchor or a deadline is a finish.
 */
static int model_instant_by_start(const model *m, int i, int late)
{
    const sched_plan *p = m->plan;
    if (m->state[i] != 0)
        return 0;
    if (!late && m->es[i] == m->base[i])
        return 1;
    if (late && (m->lf[i] == m->anchor || m->lf[i] == m->deadline[i]))
        return 0;
    int by_start = 0, by_finish = 0;
    for (int e = 0; e < p->n_links; e++) {
        const sched_link *l = &p->links[e];
        if (!model_binds(m, l) || (late ? l->pred : l->succ) != i)
            continue;
        int sets;
        if (late) {
            long long late_to = link_to_finish(l->type)
                                    ? m->lf[l->succ]
                                    : m->lf[l->succ] - m->d[l->succ];
            sets = model_late_bound(m, l, late_to) == m->lf[i];
        } else {
            sets = model_early_bound(m, l) == m->es[i];
        }
        if (sets && link_from_finish(l->type))
            by_finish = 1;
        else if (sets)
            by_start = 1;
    }
    return by_start && !by_finish;
}

static void model_leaf_days(const model *m, int i, int days[4])
{
    if (m->d[i] != 0) {
        days[0] = model_start_day(m, m->es[i]);
        days[1] = model_end_day(m, m->ef[i]);
        days[2] = model_start_day(m, m->ls[i]);
        days[3] = model_end_day(m, m->lf[i]);
        return;
    }
    int early = model_instant_by_start(m, i, 0);
    int late = model_instant_by_start(m, i, 1);
    days[0] = days[1] =
        early ? model_start_day(m, m->es[i]) : model_end_day(m, m->es[i]);
    days[2] = days[3] =
        late ? model_start_day(m, m->ls[i]) : model_end_day(m, m->ls[i]);
}

static void model_days(const model *m, int i, int days[4])
{
    if (m->state[i] != 3) {
        model_leaf_days(m, i, days);
        return;
    }
    int any = 0;
    days[0] = days[2] = INT_MAX;
    days[1] = days[3] = INT_MIN;
    for (int c = 0; c < m->plan->n_items; c++) {
        int cd[4];
        if (m->state[c] == 3 || !model_is_below(m, c, i))
            continue;
        any = 1;
        model_leaf_days(m, c, cd);
        MODEL_MIN(days[0], cd[0]);
        MODEL_MAX(days[1], cd[1]);
        MODEL_MIN(days[2], cd[2]);
        MODEL_MAX(days[3], cd[3]);
    }
    if (!any)
        days[0] = days[1] = days[2] = days[3] = model_day_of(&m->cal, 0);
}

/* ----------------------------------------------------------------
 * Random plans.
 * ---------------------------------------------------------------- */

typedef struct gen_case {
    const char *name;
    unsigned weekdays;
    int with_holidays;
    int with_progress;
    int from_target;
} gen_case;

typedef struct gen_plan {
    sched_plan plan;
    sched_item items[MAX_ITEMS];
    sched_link links[MAX_LINKS];
    int holidays[8];
} gen_plan;

static double gen_days(rng *r, int lo, int hi)
{
    /* Whole, half and odd hundredths of days. */
    switch (rng_int(r, 0, 3)) {
    case 0:
        return rng_int(r, lo * 2, hi * 2) / 2.0;
    case 1:
        return rng_int(r, lo * 100, hi * 100) / 100.0;
    default:
        return rng_int(r, lo, hi);
    }
}

static void gen_progress(rng *r, sched_item *it, int status)
{
    int kind = rng_int(r, 0, 5);
    if (kind == 0) {
        it->actual_start = status - rng_int(r, 0, 12);
        it->actual_finish = it->actual_start + rng_int(r, 0, 6);
    } else if (kind == 1) {
        it->actual_start = status - rng_int(r, -1, 10);
        it->percent_complete = rng_int(r, 0, 100);
    } else if (kind == 2) {
        it->actual_finish = status - rng_int(r, 0, 5);
    }
}

static void gen_items(rng *r, gen_plan *g, int n, int summaries,
                      const gen_case *gc)
{
    for (int i = 0; i < n; i++) {
        sched_item it = SCHED_ITEM_INIT;
        it.duration_days = gen_days(r, 0, 6);
        if (i < summaries) {
            it.flags = SCHED_ITEM_SUMMARY;
            it.parent =
                i > 0 && rng_int(r, 0, 2) == 0 ? rng_int(r, 0, i - 1) : -1;
        } else {
            it.flags = rng_int(r, 0, 5) == 0 ? SCHED_ITEM_MILESTONE : 0;
            it.parent = summaries > 0 && rng_int(r, 0, 1)
                            ? rng_int(r, 0, summaries - 1)
                            : -1;
            if (rng_int(r, 0, 4) == 0)
                it.start_no_earlier = DAY0 + rng_int(r, -3, 20);
            if (rng_int(r, 0, 4) == 0)
                it.deadline = DAY0 + rng_int(r, -3, 30);
            if (gc->with_progress)
                gen_progress(r, &it, g->plan.status_day);
        }
        g->items[i] = it;
    }
}

/* Links between leaves only, from lower to higher positions of a random
 * permutation, so the plan has no cycle. */
static void gen_links(rng *r, gen_plan *g, int n, int summaries)
{
    int perm[MAX_ITEMS], leaves = n - summaries;
    for (int i = 0; i < leaves; i++)
        perm[i] = summaries + i;
    for (int i = leaves - 1; i > 0; i--) {
        int j = rng_int(r, 0, i), t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
    int m = leaves < 2 ? 0 : rng_int(r, 0, leaves * 2);
    for (int e = 0; e < m && e < MAX_LINKS; e++) {
        int a = rng_int(r, 0, leaves - 2), b = rng_int(r, a + 1, leaves - 1);
        g->links[e].pred = perm[a];
        g->links[e].succ = perm[b];
        g->links[e].type = rng_int(r, SCHED_FS, SCHED_SF);
        g->links[e].lag_days =
            rng_int(r, 0, 2) == 0
                ? 0
                : gen_days(r, 0, 3) * (rng_int(r, 0, 1) ? 1 : -1);
        g->plan.n_links = e + 1;
    }
}

static void gen_plan_make(rng *r, gen_plan *g, const gen_case *gc)
{
    memset(g, 0, sizeof *g);
    int n = rng_int(r, 1, MAX_ITEMS);
    int summaries = n > 3 && rng_int(r, 0, 2) == 0 ? rng_int(r, 1, 3) : 0;
    g->plan.calendar.weekdays = gc->weekdays;
    if (gc->with_holidays) {
        for (int i = 0; i < 8; i++)
            g->holidays[i] = DAY0 + rng_int(r, -10, 40);
        g->plan.calendar.holidays = g->holidays;
        g->plan.calendar.n_holidays = 8;
    }
    g->plan.start_day = DAY0 + rng_int(r, -3, 3);
    g->plan.status_day =
        gc->with_progress ? DAY0 + rng_int(r, -2, 15) : SCHED_NO_DAY;
    g->plan.target_day =
        rng_int(r, 0, 3) ? DAY0 + rng_int(r, 0, 40) : SCHED_NO_DAY;
    g->plan.late_from_target = gc->from_target;
    g->plan.critical_float_days = rng_int(r, 0, 3) ? 0 : gen_days(r, -1, 2);
    gen_items(r, g, n, summaries, gc);
    gen_links(r, g, n, summaries);
    g->plan.n_items = n;
    g->plan.items = g->items;
    g->plan.links = g->links;
}

/* ----------------------------------------------------------------
 * Checks.
 * ---------------------------------------------------------------- */

static void check_item(const model *m, const sched_result *res, int i,
                       const char *where)
{
    int days[4];
    model_days(m, i, days);
    if (res->early_start[i] != m->es[i] || res->early_finish[i] != m->ef[i] ||
        res->late_start[i] != m->ls[i] || res->late_finish[i] != m->lf[i] ||
        res->total_float[i] != m->tf[i] || res->free_float[i] != m->ff[i] ||
        res->critical[i] != m->crit[i] || res->longest[i] != m->longest[i] ||
        res->early_start_day[i] != days[0] ||
        res->early_finish_day[i] != days[1] ||
        res->late_start_day[i] != days[2] || res->late_finish_day[i] != days[3])
        fail_msg("%s item %d: engine es %d ef %d ls %d lf %d tf %d ff %d "
                 "crit %d long %d days %d %d %d %d; model es %lld ef %lld "
                 "ls %lld lf %lld tf %lld ff %lld crit %d long %d days %d %d "
                 "%d %d",
                 where, i, res->early_start[i], res->early_finish[i],
                 res->late_start[i], res->late_finish[i], res->total_float[i],
                 res->free_float[i], res->critical[i], res->longest[i],
                 res->early_start_day[i],
                 res->early_finish_day[i], res->late_start_day[i],
                 res->late_finish_day[i], m->es[i], m->ef[i], m->ls[i],
                 m->lf[i], m->tf[i], m->ff[i], m->crit[i], m->longest[i],
                 days[0], days[1],
                 days[2], days[3]);
}

/* Does a binding link p -> s set s's early date exactly? */
static int check_driving(const model *m, int p, int s)
{
    const sched_plan *plan = m->plan;
    for (int e = 0; e < plan->n_links; e++) {
        const sched_link *l = &plan->links[e];
        if (l->pred != p || l->succ != s || !model_binds(m, l))
            continue;
        long long from = link_from_finish(l->type) ? m->ef[p] : m->es[p];
        long long to = link_to_finish(l->type) ? m->ef[s] : m->es[s];
        if (from + model_ticks(l->lag_days) == to)
            return 1;
    }
    return 0;
}

/* Chains: every critical leaf once, each step a driving link. */
static void check_chains(const model *m, const sched_result *res,
                         const char *where)
{
    int seen[MAX_ITEMS] = {0};
    for (int c = 0; c < res->n_chains; c++) {
        for (int j = res->chain_off[c]; j < res->chain_off[c + 1]; j++) {
            int v = res->chain_items[j];
            if (m->state[v] == 3 || !m->crit[v] || seen[v]++)
                fail_msg("%s: chain %d holds item %d wrongly", where, c, v);
            if (j > res->chain_off[c] &&
                !check_driving(m, res->chain_items[j - 1], v))
                fail_msg("%s: chain %d step to %d is not driving", where, c, v);
        }
        int head = res->chain_items[res->chain_off[c]];
        if (res->chain_from[c] >= 0 &&
            !check_driving(m, res->chain_from[c], head))
            fail_msg("%s: chain %d comes from a non-driving item", where, c);
    }
    for (int i = 0; i < m->plan->n_items; i++)
        if (m->state[i] != 3 && m->crit[i] && !seen[i])
            fail_msg("%s: critical item %d in no chain", where, i);
    /* A chain starts anew only if no driving critical predecessor of its
     * head ends a chain that it could have continued. */
    for (int c = 0; c < res->n_chains; c++) {
        int head = res->chain_items[res->chain_off[c]];
        for (int d = 0; d < res->n_chains; d++) {
            int tail = res->chain_items[res->chain_off[d + 1] - 1];
            if (check_driving(m, tail, head) && m->crit[tail])
                fail_msg("%s: chain %d could continue chain %d", where, c, d);
        }
    }
}

static void check_case(const gen_case *gc, uint64_t seed)
{
    rng r = {seed};
    gen_plan g;
    model m;
    sched_result res;
    sched_error err;
    char where[96];
    sched_result_init(&res);
    for (int k = 0; k < PLANS_PER_CASE; k++) {
        gen_plan_make(&r, &g, gc);
        snprintf(where, sizeof where, "%s plan %d", gc->name, k);
        int rc = sched_cpm(&g.plan, &res, &err);
        if (rc != SCHED_OK)
            fail_msg("%s: refused: %s", where, err.detail);
        model_run(&m, &g.plan);
        for (int i = 0; i < g.plan.n_items; i++)
            check_item(&m, &res, i, where);
        assert_int_equal(res.finish, m.finish);
        assert_int_equal(res.critical_float, m.least);
        if (g.plan.target_day != SCHED_NO_DAY)
            assert_int_equal(res.slip,
                             m.finish - model_end_tick(&m, g.plan.target_day));
        check_chains(&m, &res, where);
    }
    sched_result_fini(&res);
}

static const gen_case gen_cases[] = {
    {"mon-fri", SCHED_MON_FRI, 0, 0, 0},
    {"seven-day", SCHED_ALL_WEEK, 0, 0, 0},
    {"mon-fri with progress", SCHED_MON_FRI, 0, 1, 0},
    {"seven-day with progress", SCHED_ALL_WEEK, 0, 1, 0},
    {"mon-fri with holidays and progress", SCHED_MON_FRI, 1, 1, 0},
    {"tue-sat late from target", 0x3e, 1, 1, 1},
};

static void test_random_plans_match_the_model(void **state)
{
    (void)state;
    for (size_t c = 0; c < sizeof gen_cases / sizeof gen_cases[0]; c++)
        check_case(&gen_cases[c], 1000 + c);
}

/*
 * Durations changed on a prepared net give the same answers as a plan
 * prepared with those durations, which is what Monte Carlo relies on.
 */
static void test_rerun_with_new_durations(void **state)
{
    (void)state;
    const gen_case gc = {"rerun", SCHED_MON_FRI, 1, 1, 0};
    rng r = {77};
    gen_plan g;
    model m;
    sched_result res;
    sched_error err;
    sched_net net;
    sched_run run;
    sched_result_init(&res);
    sched_net_init(&net);
    sched_run_init(&run);
    for (int k = 0; k < PLANS_PER_CASE / 4; k++) {
        gen_plan_make(&r, &g, &gc);
        assert_int_equal(sched_net_prepare(&net, &g.plan, &err), SCHED_OK);
        sched_run_bind(&run, &net);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < g.plan.n_items; i++) {
                if (g.items[i].actual_finish != SCHED_NO_DAY)
                    continue; /* done: its dates are its actuals */
                g.items[i].duration_days = gen_days(&r, 0, 6);
                assert_int_equal(
                    sched_run_set_duration(&run, i, g.items[i].duration_days),
                    SCHED_OK);
            }
            assert_int_equal(sched_run_passes(&run), SCHED_OK);
            sched_run_chains(&run);
            sched_result_fill(&res, &run);
            model_run(&m, &g.plan);
            for (int i = 0; i < g.plan.n_items; i++)
                check_item(&m, &res, i, "rerun");
        }
    }
    sched_run_fini(&run);
    sched_net_fini(&net);
    sched_result_fini(&res);
}

/* ----------------------------------------------------------------
 * A large plan, where the engine splits work over two threads, against
 * a model that knows the hidden order the plan was generated in and so
 * needs no sort: a single sweep each way over links grouped by rank.
 * ---------------------------------------------------------------- */

#define BIG_ITEMS 150000
#define BIG_LINKS 450000

typedef struct big_plan {
    sched_item *items;
    sched_link *links;
    int32_t *rank;        /* hidden rank of each item */
    int32_t *by_succ_off; /* links grouped by successor rank */
    int32_t *by_succ;
    long long *es, *ef, *lf, *ff;
} big_plan;

static void big_make(rng *r, big_plan *b, sched_plan *plan)
{
    int32_t *perm = malloc(BIG_ITEMS * sizeof *perm);
    b->items = malloc(BIG_ITEMS * sizeof *b->items);
    b->links = malloc(BIG_LINKS * sizeof *b->links);
    b->rank = malloc(BIG_ITEMS * sizeof *b->rank);
    for (int i = 0; i < BIG_ITEMS; i++) {
        sched_item it = SCHED_ITEM_INIT;
        it.duration_days = rng_int(r, 0, 40) / 4.0;
        b->items[i] = it;
        perm[i] = i;
    }
    for (int i = BIG_ITEMS - 1; i > 0; i--) {
        int j = rng_int(r, 0, i), t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
    for (int i = 0; i < BIG_ITEMS; i++)
        b->rank[perm[i]] = i;
    for (int e = 0; e < BIG_LINKS; e++) {
        int a = rng_int(r, 0, BIG_ITEMS - 2);
        int c = rng_int(r, a + 1, a + 50 < BIG_ITEMS ? a + 50 : BIG_ITEMS - 1);
        b->links[e] = (sched_link){perm[a], perm[c], rng_int(r, 1, 4),
                                   rng_int(r, -8, 8) / 4.0};
    }
    free(perm);
    memset(plan, 0, sizeof *plan);
    plan->n_items = BIG_ITEMS;
    plan->items = b->items;
    plan->n_links = BIG_LINKS;
    plan->links = b->links;
    plan->calendar.weekdays = SCHED_MON_FRI;
    plan->start_day = DAY0;
    plan->status_day = plan->target_day = SCHED_NO_DAY;
}

/* Links grouped by the hidden rank of their successor (counting sort). */
static void big_group(big_plan *b)
{
    b->by_succ_off = calloc(BIG_ITEMS + 1, sizeof *b->by_succ_off);
    b->by_succ = malloc(BIG_LINKS * sizeof *b->by_succ);
    for (int e = 0; e < BIG_LINKS; e++)
        b->by_succ_off[b->rank[b->links[e].succ] + 1]++;
    for (int i = 0; i < BIG_ITEMS; i++)
        b->by_succ_off[i + 1] += b->by_succ_off[i];
    int32_t *at = malloc(BIG_ITEMS * sizeof *at);
    memcpy(at, b->by_succ_off, BIG_ITEMS * sizeof *at);
    for (int e = 0; e < BIG_LINKS; e++)
        b->by_succ[at[b->rank[b->links[e].succ]]++] = e;
    free(at);
}

static long long big_d(const big_plan *b, int i)
{
    return llround(b->items[i].duration_days * 100);
}

static long long big_from(const big_plan *b, const sched_link *l)
{
    return link_from_finish(l->type) ? b->ef[l->pred] : b->es[l->pred];
}

/* Early dates by ranks; returns the finish. */
static long long big_forward(big_plan *b, const int32_t *order)
{
    long long finish = 0;
    for (int r = 0; r < BIG_ITEMS; r++) {
        int s = order[r];
        long long es = 0;
        for (int j = b->by_succ_off[r]; j < b->by_succ_off[r + 1]; j++) {
            const sched_link *l = &b->links[b->by_succ[j]];
            long long x = big_from(b, l) + llround(l->lag_days * 100) -
                          (link_to_finish(l->type) ? big_d(b, s) : 0);
            es = x > es ? x : es;
        }
        b->es[s] = es;
        b->ef[s] = es + big_d(b, s);
        finish = b->ef[s] > finish ? b->ef[s] : finish;
    }
    return finish;
}

/* Late finishes and free floats, links swept by falling successor rank. */
static void big_backward(big_plan *b, const int32_t *order, long long finish)
{
    for (int i = 0; i < BIG_ITEMS; i++)
        b->lf[i] = b->ff[i] = finish;
    for (int r = BIG_ITEMS - 1; r >= 0; r--) {
        int s = order[r];
        for (int j = b->by_succ_off[r]; j < b->by_succ_off[r + 1]; j++) {
            const sched_link *l = &b->links[b->by_succ[j]];
            long long lag = llround(l->lag_days * 100), back = 0;
            long long late_to =
                link_to_finish(l->type) ? b->lf[s] : b->lf[s] - big_d(b, s);
            long long early_to = link_to_finish(l->type) ? b->ef[s] : b->es[s];
            if (!link_from_finish(l->type))
                back = big_d(b, l->pred);
            if (late_to - lag + back < b->lf[l->pred])
                b->lf[l->pred] = late_to - lag + back;
            if (early_to - lag + back < b->ff[l->pred])
                b->ff[l->pred] = early_to - lag + back;
        }
    }
}

static void test_large_plan_matches_ordered_model(void **state)
{
    (void)state;
    rng r = {4242};
    big_plan b;
    sched_plan plan;
    sched_result res;
    sched_error err;
    int32_t *order = malloc(BIG_ITEMS * sizeof *order);
    big_make(&r, &b, &plan);
    big_group(&b);
    for (int i = 0; i < BIG_ITEMS; i++)
        order[b.rank[i]] = i;
    b.es = malloc(BIG_ITEMS * sizeof *b.es);
    b.ef = malloc(BIG_ITEMS * sizeof *b.ef);
    b.lf = malloc(BIG_ITEMS * sizeof *b.lf);
    b.ff = malloc(BIG_ITEMS * sizeof *b.ff);
    long long finish = big_forward(&b, order);
    big_backward(&b, order, finish);
    sched_result_init(&res);
    assert_int_equal(sched_cpm(&plan, &res, &err), SCHED_OK);
    assert_int_equal(res.finish, finish);
    for (int i = 0; i < BIG_ITEMS; i++)
        if (res.early_start[i] != b.es[i] || res.late_finish[i] != b.lf[i] ||
            res.free_float[i] != b.ff[i] - b.ef[i] ||
            res.total_float[i] != b.lf[i] - b.ef[i])
            fail_msg("item %d: es %d lf %d ff %d; model %lld %lld %lld", i,
                     res.early_start[i], res.late_finish[i], res.free_float[i],
                     b.es[i], b.lf[i], b.ff[i] - b.ef[i]);
    sched_result_fini(&res);
    free(order);
    free(b.items);
    free(b.links);
    free(b.rank);
    free(b.by_succ_off);
    free(b.by_succ);
    free(b.es);
    free(b.ef);
    free(b.lf);
    free(b.ff);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_plans_match_the_model),
        cmocka_unit_test(test_rerun_with_new_durations),
        cmocka_unit_test(test_large_plan_matches_ordered_model),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
