/*
 * server/sched/cpm_result.c - a run turned back into item indexes and
 * calendar dates.
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
 * Results
 * ================================================================ */

/* Carves the result's arrays for n items from its block. */
static void sched_result_layout(sched_result *res, size_t m)
{
    sched_block *b = &res->block;
    sched_block_begin(b);
    res->early_start = sched_block_take(b, m * sizeof *res->early_start);
    res->early_finish = sched_block_take(b, m * sizeof *res->early_finish);
    res->late_start = sched_block_take(b, m * sizeof *res->late_start);
    res->late_finish = sched_block_take(b, m * sizeof *res->late_finish);
    res->total_float = sched_block_take(b, m * sizeof *res->total_float);
    res->free_float = sched_block_take(b, m * sizeof *res->free_float);
    res->early_start_day =
        sched_block_take(b, m * sizeof *res->early_start_day);
    res->early_finish_day =
        sched_block_take(b, m * sizeof *res->early_finish_day);
    res->late_start_day = sched_block_take(b, m * sizeof *res->late_start_day);
    res->late_finish_day =
        sched_block_take(b, m * sizeof *res->late_finish_day);
    res->critical = sched_block_take(b, m);
    res->longest = sched_block_take(b, m);
    res->instant = sched_block_take(b, m);
    res->chain_off = sched_block_take(b, (m + 1) * sizeof *res->chain_off);
    res->chain_items = sched_block_take(b, m * sizeof *res->chain_items);
    res->chain_from = sched_block_take(b, m * sizeof *res->chain_from);
    res->chain_into = sched_block_take(b, m * sizeof *res->chain_into);
}

static void sched_result_reserve(sched_result *res, int n)
{
    size_t m = (size_t)n + 1;
    res->n_items = n;
    sched_result_layout(res, m);
    if (!sched_block_fits(&res->block)) {
        sched_block_grow(&res->block);
        sched_result_layout(res, m);
    }
}

/* What set an instant's early date, in sched_result.instant by rank. */
enum {
    SCHED_SET_BY_START = 1,  /* a driving link leaving a start */
    SCHED_SET_BY_FINISH = 2, /* a driving link leaving a finish */
};

/*
 * Marks each unstarted zero-duration leaf with the kinds of driving link
 * into it: one walk of the arcs, before the items are filled in parallel.
 */
static void sched_result_mark_instants(sched_result *res, const sched_run *run)
{
    const sched_net *net = run->net;
    const sched_arc *arc = net->topo.succ;
    memset(res->instant, 0, (size_t)net->n);
    for (int32_t v = 0; v < net->n; v++)
        for (int32_t e = net->topo.succ_off[v]; e < net->topo.succ_off[v + 1];
             e++) {
            int32_t s = SCHED_ARC_NODE(arc[e].key);
            if (net->state[s] != (SCHED_ST_FREE | SCHED_ST_MILESTONE) &&
                (net->state[s] != SCHED_ST_FREE || run->dur[s] != 0))
                continue;
            if (sched_run_driving(run, v, e))
                res->instant[s] |= (arc[e].key & SCHED_ARC_FROM_START)
                                       ? SCHED_SET_BY_START
                                       : SCHED_SET_BY_FINISH;
        }
}

/*
 * Whether the late date of the unstarted instant at rank r was set by a
 * link leaving its start (and by nothing that ends a day: a link leaving
 * its finish, the anchor or its deadline).
 */
static bool sched_result_late_by_start(const sched_run *run, int32_t r)
{
    const sched_net *net = run->net;
    const sched_arc *arc = net->topo.succ;
    int64_t lf = run->t[SCHED_T_SLOT * r + SCHED_T_LF];
    int64_t anchor = net->late_from_target ? net->target_end : run->finish;
    if (lf == anchor || lf == net->deadline[r])
        return false;
    bool by_start = false;
    for (int32_t e = net->topo.succ_off[r]; e < net->topo.succ_off[r + 1];
         e++) {
        uint32_t k = arc[e].key;
        if (run->t[k >> 1] - arc[e].lag != lf)
            continue;
        if (!(k & SCHED_ARC_FROM_START))
            return false;
        by_start = true;
    }
    return by_start;
}

/* Days of the leaf at rank r into item i of res. */
static void sched_result_days(sched_result *res, const sched_run *run,
                              int32_t r, int i)
{
    const sched_net *net = run->net;
    const sched_cal *c = &net->cal;
    const sched_tick *t = run->t + SCHED_T_SLOT * r;
    if (t[SCHED_T_EF] != t[SCHED_T_ES]) {
        res->early_start_day[i] = sched_cal_start_day(c, t[SCHED_T_ES]);
        res->early_finish_day[i] = sched_cal_end_day(c, t[SCHED_T_EF]);
        res->late_start_day[i] = sched_cal_start_day(c, t[SCHED_T_LS]);
        res->late_finish_day[i] = sched_cal_end_day(c, t[SCHED_T_LF]);
        return;
    }
    bool free = (net->state[r] & SCHED_ST_MASK) == SCHED_ST_FREE;
    bool early_by_start = free && (t[SCHED_T_ES] == net->base[r] ||
                                   res->instant[r] == SCHED_SET_BY_START);
    bool late_by_start = free && sched_result_late_by_start(run, r);
    res->early_start_day[i] = res->early_finish_day[i] =
        sched_result_instant_day(c, t[SCHED_T_ES], early_by_start);
    res->late_start_day[i] = res->late_finish_day[i] =
        sched_result_instant_day(c, t[SCHED_T_LS], late_by_start);
}

/* Item i of res from its rank; returns whether it is a leaf. */
static bool sched_result_item(sched_result *res, const sched_run *run, int i)
{
    int32_t r = run->net->topo.rank[i];
    const sched_tick *t = run->t + SCHED_T_SLOT * r;
    const sched_tick *f = run->f + SCHED_F_SLOT * r;
    res->early_start[i] = t[SCHED_T_ES];
    res->early_finish[i] = t[SCHED_T_EF];
    res->late_start[i] = t[SCHED_T_LS];
    res->late_finish[i] = t[SCHED_T_LF];
    res->total_float[i] = f[SCHED_F_TF];
    res->free_float[i] = f[SCHED_F_FF];
    res->critical[i] = sched_run_critical(run, r);
    res->longest[i] = run->longest[r];
    if ((run->net->state[r] & SCHED_ST_MASK) == SCHED_ST_SUMMARY)
        return false;
    sched_result_days(res, run, r, i);
    return true;
}

/* Summary days roll up from their children's days, as shown. */
static void sched_result_roll_up(sched_result *res, const sched_run *run)
{
    const sched_net *net = run->net;
    const int32_t *order = net->topo.order;
    for (int32_t j = 0; j < net->n_summaries; j++) {
        int s = order[net->summaries[j]];
        res->early_start_day[s] = res->late_start_day[s] = INT_MAX;
        res->early_finish_day[s] = res->late_finish_day[s] = INT_MIN;
    }
    for (int32_t j = 0; j < net->n_roll; j++) {
        int c = order[net->roll[2 * j]], p = order[net->roll[2 * j + 1]];
        if (res->early_start_day[c] < res->early_start_day[p])
            res->early_start_day[p] = res->early_start_day[c];
        if (res->late_start_day[c] < res->late_start_day[p])
            res->late_start_day[p] = res->late_start_day[c];
        if (res->early_finish_day[c] > res->early_finish_day[p])
            res->early_finish_day[p] = res->early_finish_day[c];
        if (res->late_finish_day[c] > res->late_finish_day[p])
            res->late_finish_day[p] = res->late_finish_day[c];
    }
    int first = sched_cal_start_day(&net->cal, 0);
    for (int32_t j = 0; j < net->n_summaries; j++) {
        int s = order[net->summaries[j]];
        if (res->early_start_day[s] != INT_MAX)
            continue;
        res->early_start_day[s] = res->late_start_day[s] = first;
        res->early_finish_day[s] = res->late_finish_day[s] = first;
    }
}

static void sched_result_chains(sched_result *res, const sched_run *run)
{
    const int32_t *order = run->net->topo.order;
    res->n_chains = run->n_chains;
    for (int32_t j = 0; j <= run->n_chains; j++)
        res->chain_off[j] = run->chain_off[j];
    for (int32_t j = 0; j < run->chain_off[run->n_chains]; j++)
        res->chain_items[j] = order[run->chain_items[j]];
    for (int32_t j = 0; j < run->n_chains; j++) {
        res->chain_from[j] =
            run->chain_from[j] < 0 ? -1 : order[run->chain_from[j]];
        res->chain_into[j] =
            run->chain_into[j] < 0 ? -1 : order[run->chain_into[j]];
    }
}

typedef struct sched_result_arg {
    sched_result *res;
    const sched_run *run;
    int last_day[2]; /* per half: the latest finish day of a leaf */
} sched_result_arg;

static void sched_result_part(void *arg, int32_t lo, int32_t hi)
{
    sched_result_arg *a = arg;
    const int32_t *rank = a->run->net->topo.rank;
    int last = INT_MIN;
    for (int32_t i = lo; i < hi; i++) {
        if (i + SCHED_AHEAD < hi) {
            int32_t r = rank[i + SCHED_AHEAD];
            SCHED_PREFETCH(&a->run->t[SCHED_T_SLOT * r]);
            SCHED_PREFETCH(&a->run->f[SCHED_F_SLOT * r]);
            SCHED_PREFETCH(&a->run->net->state[r]);
        }
        if (sched_result_item(a->res, a->run, i) &&
            a->res->early_finish_day[i] > last)
            last = a->res->early_finish_day[i];
    }
    a->last_day[lo > 0] = last;
}

void sched_result_init(sched_result *res)
{
    memset(res, 0, sizeof *res);
}

void sched_result_fini(sched_result *res)
{
    sched_block_fini(&res->block);
    memset(res, 0, sizeof *res);
}

void sched_result_fill(sched_result *res, const sched_run *run)
{
    const sched_net *net = run->net;
    int n = net->n;
    sched_result_reserve(res, n);
    sched_result_arg a = {res, run, {INT_MIN, INT_MIN}};
    sched_result_mark_instants(res, run);
    sched_parallel(n, SCHED_THREAD_MIN, sched_result_part, &a);
    /* The finish is shown on the latest day any leaf is shown finishing. */
    res->finish_day =
        a.last_day[0] > a.last_day[1] ? a.last_day[0] : a.last_day[1];
    if (res->finish_day == INT_MIN)
        res->finish_day =
            sched_cal_start_day(&net->cal, sched_net_empty_finish(net));
    sched_result_roll_up(res, run);
    sched_result_chains(res, run);
    res->finish = run->finish;
    res->critical_float = run->critical_float;
    res->has_target = net->has_target;
    res->slip = net->has_target ? run->finish - net->target_end : 0;
}
