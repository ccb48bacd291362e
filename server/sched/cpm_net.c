/*
 * server/sched/cpm_net.c - a plan prepared for the passes: checks, item
 * states, summaries, arcs.
 */
#include "sched/cpm_impl.h"

#include "common/xalloc.h"

#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ================================================================
 * Preparation: checks, item states, summaries
 * ================================================================ */

static int sched_check_plan(const sched_plan *plan, sched_error *err)
{
    if (plan->n_items < 0 || plan->n_items > SCHED_ITEMS_MAX ||
        plan->n_links < 0 || plan->n_links > INT32_MAX / 2 ||
        (plan->n_items > 0 && !plan->items) ||
        (plan->n_links > 0 && !plan->links) ||
        (plan->calendar.n_holidays > 0 && !plan->calendar.holidays) ||
        plan->calendar.n_holidays < 0) {
        sched_error_set(err, SCHED_EINVAL, -1, -1, "bad plan sizes");
        return SCHED_EINVAL;
    }
    if (!(plan->critical_float_days >= -SCHED_DAYS_MAX &&
          plan->critical_float_days <= SCHED_DAYS_MAX)) {
        sched_error_set(err, SCHED_EINVAL, -1, -1,
                        "critical float threshold not in -100000..100000 "
                        "days");
        return SCHED_EINVAL;
    }
    if (!sched_day_ok(plan->start_day) || !sched_opt_day_ok(plan->status_day) ||
        !sched_opt_day_ok(plan->target_day)) {
        sched_error_set(err, SCHED_ERANGE, -1, -1,
                        "plan start, status or target date out of range");
        return SCHED_ERANGE;
    }
    return SCHED_OK;
}

static int sched_check_item(const sched_plan *plan, int i, sched_error *err)
{
    const sched_item *it = &plan->items[i];
    const char *why = NULL;
    int code = SCHED_EINVAL;
    if (it->flags & ~(unsigned)(SCHED_ITEM_MILESTONE | SCHED_ITEM_SUMMARY))
        why = "unknown flags";
    else if ((it->flags & SCHED_ITEM_MILESTONE) &&
             (it->flags & SCHED_ITEM_SUMMARY))
        why = "both milestone and summary";
    else if (!sched_duration_ok(it->duration_days))
        why = "duration not in 0..100000 days";
    else if (it->percent_complete < 0 || it->percent_complete > 100)
        why = "percent complete not in 0..100";
    else if (it->parent < -1 || it->parent >= plan->n_items)
        why = "parent does not exist";
    else if (it->parent >= 0 &&
             !(plan->items[it->parent].flags & SCHED_ITEM_SUMMARY))
        why = "parent is not a summary";
    else if (!sched_opt_day_ok(it->actual_start) ||
             !sched_opt_day_ok(it->actual_finish) ||
             !sched_opt_day_ok(it->start_no_earlier) ||
             !sched_opt_day_ok(it->deadline)) {
        why = "date out of range";
        code = SCHED_ERANGE;
    } else if (it->actual_start != SCHED_NO_DAY &&
               it->actual_finish != SCHED_NO_DAY &&
               it->actual_finish < it->actual_start)
        why = "actual finish before actual start";
    if (!why)
        return SCHED_OK;
    sched_error_set(err, code, i, -1, "item %d: %s", i, why);
    return code;
}

static uint8_t sched_item_topo_kind(const sched_item *it)
{
    if (it->flags & SCHED_ITEM_SUMMARY)
        return SCHED_TOPO_SUMMARY;
    if (it->actual_start != SCHED_NO_DAY || it->actual_finish != SCHED_NO_DAY)
        return SCHED_TOPO_FIXED;
    return SCHED_TOPO_PLAIN;
}

typedef struct sched_check_arg {
    const sched_plan *plan;
    uint8_t *kind;
    int rc[2];
    int32_t with_parent[2];
    sched_error err[2];
} sched_check_arg;

/* Items [lo, hi): checked, kind[i] set for topo, children counted. */
static void sched_check_part(void *arg, int32_t lo, int32_t hi)
{
    sched_check_arg *a = arg;
    int h = lo > 0;
    for (int32_t i = lo; i < hi; i++) {
        a->rc[h] = sched_check_item(a->plan, i, &a->err[h]);
        if (a->rc[h] != SCHED_OK)
            return;
        a->kind[i] = sched_item_topo_kind(&a->plan->items[i]);
        a->with_parent[h] += a->plan->items[i].parent >= 0;
    }
}

/* Checks every item; returns the first bad one's error in err. */
static int sched_check_items(const sched_plan *plan, uint8_t *kind,
                             int32_t *with_parent, sched_error *err)
{
    sched_check_arg a;
    memset(&a, 0, sizeof a);
    a.plan = plan;
    a.kind = kind;
    sched_parallel(plan->n_items, SCHED_THREAD_MIN, sched_check_part, &a);
    for (int h = 0; h < 2; h++)
        if (a.rc[h] != SCHED_OK) {
            *err = a.err[h];
            return a.rc[h];
        }
    *with_parent = a.with_parent[0] + a.with_parent[1];
    return SCHED_OK;
}

static sched_tick sched_remaining(sched_tick d, int percent)
{
    return (sched_tick)(((int64_t)d * (100 - percent) + 50) / 100);
}

static void sched_net_done(sched_net *net, const sched_item *it, int32_t r,
                           sched_tick d)
{
    const sched_cal *c = &net->cal;
    bool milestone = it->flags & SCHED_ITEM_MILESTONE;
    int last = it->actual_finish != SCHED_NO_DAY ? it->actual_finish
                                                 : it->actual_start;
    sched_tick ef = sched_cal_end_tick(c, last);
    sched_tick es = ef - d;
    if (!milestone && it->actual_start != SCHED_NO_DAY)
        es = sched_cal_start_tick(c, it->actual_start);
    if (es > ef)
        es = ef;
    net->state[r] = SCHED_ST_DONE | (milestone ? SCHED_ST_MILESTONE : 0);
    net->base[r] = es;
    net->dur[r] = ef - es;
}

static void sched_net_started(sched_net *net, const sched_item *it, int32_t r,
                              sched_tick d)
{
    sched_tick es = sched_cal_start_tick(&net->cal, it->actual_start);
    sched_tick resume = es > net->status ? es : net->status;
    net->state[r] = SCHED_ST_STARTED;
    net->base[r] = es;
    net->elapsed[r] = resume - es;
    net->dur[r] = resume - es + sched_remaining(d, it->percent_complete);
}

static void sched_net_free_item(sched_net *net, const sched_item *it, int32_t r,
                                sched_tick d)
{
    sched_tick b = net->status > 0 ? net->status : 0;
    if (it->start_no_earlier != SCHED_NO_DAY) {
        sched_tick snet = sched_cal_start_tick(&net->cal, it->start_no_earlier);
        b = snet > b ? snet : b;
    }
    bool milestone = it->flags & SCHED_ITEM_MILESTONE;
    net->state[r] = SCHED_ST_FREE | (milestone ? SCHED_ST_MILESTONE : 0);
    net->base[r] = b;
    net->dur[r] = d;
}

typedef struct sched_net_items_arg {
    sched_net *net;
    const sched_plan *plan;
} sched_net_items_arg;

/*
 * Start bounds, durations and states of ranks [lo, hi), as topo orders
 * them (possibly on its second thread while it orders the rest).
 */
static void sched_net_items_visit(void *arg, const int32_t *order, int32_t lo,
                                  int32_t hi)
{
    sched_net_items_arg *a = arg;
    sched_net *net = a->net;
    for (int32_t r = lo; r < hi; r++) {
        if (r + SCHED_AHEAD < hi)
            SCHED_PREFETCH(&a->plan->items[order[r + SCHED_AHEAD]]);
        const sched_item *it = &a->plan->items[order[r]];
        bool milestone = it->flags & SCHED_ITEM_MILESTONE;
        sched_tick d = milestone ? 0 : sched_days_ticks(it->duration_days);
        net->percent[r] = (uint8_t)it->percent_complete;
        net->elapsed[r] = 0;
        net->deadline[r] = it->deadline == SCHED_NO_DAY
                               ? SCHED_NO_DUE
                               : sched_cal_end_tick(&net->cal, it->deadline);
        if (it->flags & SCHED_ITEM_SUMMARY) {
            net->state[r] = SCHED_ST_SUMMARY;
            net->base[r] = SCHED_NEVER;
            net->dur[r] = 0;
        } else if (it->actual_finish != SCHED_NO_DAY ||
                   (milestone && it->actual_start != SCHED_NO_DAY)) {
            sched_net_done(net, it, r, d);
        } else if (it->actual_start != SCHED_NO_DAY) {
            sched_net_started(net, it, r, d);
        } else {
            sched_net_free_item(net, it, r, d);
        }
    }
}

/* The summaries and leaves, once every rank has been visited. */
static void sched_net_count_summaries(sched_net *net)
{
    net->n_summaries = 0;
    for (int32_t r = 0; r < net->n; r++)
        if ((net->state[r] & SCHED_ST_MASK) == SCHED_ST_SUMMARY)
            net->summaries[net->n_summaries++] = r;
    net->leaves = net->n - net->n_summaries;
}

/* Names the parent cycle that item x (never reached from a root) is on
 * or leads to. */
static void sched_net_parent_cycle(const sched_plan *plan, int x,
                                   sched_error *err)
{
    int n = plan->n_items, len = 0;
    uint8_t *seen = xcalloc((size_t)n, 1);
    while (!seen[x]) {
        seen[x] = 1;
        x = plan->items[x].parent;
    }
    int *cyc = xmalloc((size_t)n * sizeof *cyc);
    int y = x, lo = 0;
    do {
        if (len == 0 || y < cyc[lo])
            lo = len;
        cyc[len++] = y;
        y = plan->items[y].parent;
    } while (y != x);
    int *rot = xmalloc((size_t)len * sizeof *rot);
    for (int i = 0; i < len; i++)
        rot[i] = cyc[(lo + i) % len];
    free(cyc);
    free(seen);
    sched_error_set(err, SCHED_EPARENT_CYCLE, rot[0], -1,
                    "item %d is its own ancestor", rot[0]);
    err->cycle = rot;
    err->cycle_len = len;
}

/*
 * Items breadth first from the roots down the parent links; read
 * backwards, every child comes before its parent, which is the order the
 * roll-up needs. Items never reached hang off a parent cycle.
 */
static int sched_net_tree_order(const sched_plan *plan, int32_t *bfs,
                                sched_error *err)
{
    int32_t n = plan->n_items, tail = 0;
    int32_t *off = xcalloc((size_t)n + 2, sizeof *off);
    int32_t *kids = xmalloc(((size_t)n + 1) * sizeof *kids);
    for (int32_t i = 0; i < n; i++)
        off[plan->items[i].parent + 2]++;
    for (int32_t i = 1; i <= n + 1; i++)
        off[i] += off[i - 1];
    for (int32_t i = 0; i < n; i++)
        kids[off[plan->items[i].parent + 1]++] = i;
    /* off[p + 1] now ends p's children, which start at off[p]; roots are
     * the children of -1. */
    for (int32_t j = 0; j < off[0]; j++)
        bfs[tail++] = kids[j];
    for (int32_t head = 0; head < tail; head++) {
        int32_t p = bfs[head];
        for (int32_t j = off[p]; j < off[p + 1]; j++)
            bfs[tail++] = kids[j];
    }
    int rc = SCHED_OK;
    if (tail < n) {
        uint8_t *reached = xcalloc((size_t)n, 1);
        for (int32_t j = 0; j < tail; j++)
            reached[bfs[j]] = 1;
        int32_t x = 0;
        while (reached[x])
            x++;
        free(reached);
        sched_net_parent_cycle(plan, x, err);
        rc = SCHED_EPARENT_CYCLE;
    }
    free(off);
    free(kids);
    return rc;
}

static int sched_net_rollup(sched_net *net, const sched_plan *plan,
                            int32_t with_parent, sched_error *err)
{
    net->n_roll = 0;
    if (with_parent == 0)
        return SCHED_OK;
    int32_t *bfs = xmalloc(((size_t)net->n + 1) * sizeof *bfs);
    int rc = sched_net_tree_order(plan, bfs, err);
    for (int32_t j = net->n - 1; rc == SCHED_OK && j >= 0; j--) {
        int parent = plan->items[bfs[j]].parent;
        if (parent < 0)
            continue;
        net->roll[2 * net->n_roll] = net->topo.rank[bfs[j]];
        net->roll[2 * net->n_roll + 1] = net->topo.rank[parent];
        net->n_roll++;
    }
    free(bfs);
    return rc;
}

/* Carves the net's arrays for n items from its block. */
static void sched_net_layout(sched_net *net, size_t n)
{
    sched_block *b = &net->block;
    sched_block_begin(b);
    net->kind = sched_block_take(b, n);
    net->state = sched_block_take(b, n);
    net->percent = sched_block_take(b, n);
    net->base = sched_block_take(b, n * sizeof *net->base);
    net->dur = sched_block_take(b, n * sizeof *net->dur);
    net->elapsed = sched_block_take(b, n * sizeof *net->elapsed);
    net->deadline = sched_block_take(b, n * sizeof *net->deadline);
    net->summaries = sched_block_take(b, n * sizeof *net->summaries);
    net->roll = sched_block_take(b, 2 * n * sizeof *net->roll);
}

static void sched_net_reserve(sched_net *net, int32_t items)
{
    size_t n = (size_t)items + 1;
    sched_net_layout(net, n);
    if (!sched_block_fits(&net->block)) {
        sched_block_grow(&net->block);
        sched_net_layout(net, n);
    }
}

static int sched_net_calendar(sched_net *net, const sched_plan *plan,
                              sched_error *err)
{
    int bad = -1;
    int rc = sched_cal_init(&net->cal, &plan->calendar, plan->start_day, &bad);
    if (rc == SCHED_ECALENDAR)
        sched_error_set(err, rc, -1, -1, "no weekday is a working day");
    else if (rc != SCHED_OK)
        sched_error_set(err, rc, -1, -1, "holiday %d out of range", bad);
    return rc;
}

static void sched_net_anchors(sched_net *net, const sched_plan *plan)
{
    net->status = plan->status_day == SCHED_NO_DAY
                      ? 0
                      : sched_cal_start_tick(&net->cal, plan->status_day);
    net->has_target = plan->target_day != SCHED_NO_DAY;
    net->target_end =
        net->has_target ? sched_cal_end_tick(&net->cal, plan->target_day) : 0;
    net->late_from_target = net->has_target && plan->late_from_target;
    net->critical_ticks = sched_days_ticks(plan->critical_float_days);
}

/* Steps that need the items checked and the calendar built. */
static int sched_net_build(sched_net *net, const sched_plan *plan,
                           int32_t with_parent, sched_error *err)
{
    sched_net_items_arg a = {net, plan};
    sched_net_anchors(net, plan);
    int rc = sched_topo_build(&net->topo, plan, net->kind,
                              sched_net_items_visit, &a, err);
    if (rc != SCHED_OK)
        return rc;
    sched_net_count_summaries(net);
    return sched_net_rollup(net, plan, with_parent, err);
}

void sched_net_init(sched_net *net)
{
    memset(net, 0, sizeof *net);
    sched_topo_init(&net->topo);
}

int sched_net_prepare(sched_net *net, const sched_plan *plan, sched_error *err)
{
    int32_t with_parent = 0;
    net->n = 0;
    sched_cal_fini(&net->cal);
    int rc = sched_check_plan(plan, err);
    if (rc != SCHED_OK)
        return rc;
    sched_net_reserve(net, plan->n_items);
    rc = sched_check_items(plan, net->kind, &with_parent, err);
    if (rc == SCHED_OK)
        rc = sched_net_calendar(net, plan, err);
    if (rc == SCHED_OK) {
        net->n = plan->n_items;
        rc = sched_net_build(net, plan, with_parent, err);
    }
    if (rc != SCHED_OK)
        net->n = 0;
    return rc;
}

void sched_net_fini(sched_net *net)
{
    sched_topo_fini(&net->topo);
    sched_cal_fini(&net->cal);
    sched_block_fini(&net->block);
    memset(net, 0, sizeof *net);
}

void sched_net_days(const sched_net *net, int item, sched_tick start,
                    sched_tick finish, int *start_day, int *finish_day)
{
    const sched_cal *c = &net->cal;
    if (finish != start) {
        *start_day = sched_cal_start_day(c, start);
        *finish_day = sched_cal_end_day(c, finish);
        return;
    }
    int32_t r = net->topo.rank[item];
    bool by_start = (net->state[r] & SCHED_ST_MASK) == SCHED_ST_FREE &&
                    start == net->base[r];
    *start_day = *finish_day = sched_result_instant_day(c, start, by_start);
}

sched_tick sched_net_empty_finish(const sched_net *net)
{
    return net->status > 0 ? net->status : 0;
}

sched_tick sched_net_duration(const sched_net *net, int32_t r,
                              sched_tick planned)
{
    uint8_t st = net->state[r];
    if ((st & SCHED_ST_MILESTONE) || (st & SCHED_ST_MASK) >= SCHED_ST_DONE)
        return net->dur[r];
    if ((st & SCHED_ST_MASK) == SCHED_ST_STARTED)
        return net->elapsed[r] + sched_remaining(planned, net->percent[r]);
    return planned;
}
