/*
 * server/sched/cpm_lean.c - lean runs for the forecast: the finish, early
 * finishes and critical flags only.
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
 * Lean runs: the finish, early finishes and critical flags only
 * ================================================================ */

/*
 * Lane dates are 32-bit, so that a vector holds more lanes, and kept in a
 * range where no sum can overflow: bounds are held just past
 * SCHED_TICK_LIMIT and late dates just below SCHED_LEAN_FLOOR. Either
 * only happens to a run that is then refused: its finish, or an
 * unfinished item's float, is past SCHED_TICK_LIMIT. Lags are at most
 * SCHED_DAYS_MAX days (2^24 ticks) or SCHED_LAG_OFF (-2^30).
 */
#define SCHED_LANES        SCHED_LEAN_LANES
#define SCHED_LEAN_FLOOR   (-(1 << 30))
#define SCHED_LEAN_NO_BIND (1 << 30) /* above any late date */

static sched_tick sched_min32(sched_tick a, sched_tick b)
{
    return a < b ? a : b;
}

static sched_tick sched_max32(sched_tick a, sched_tick b)
{
    return a > b ? a : b;
}

/* Carves the lean run's arrays for n items and m arcs from its block. */
static void sched_lean_layout(sched_lean *lean, size_t n, size_t m)
{
    sched_block *b = &lean->block;
    size_t lanes = n * SCHED_LANES;
    sched_block_begin(b);
    lean->dur = sched_block_take(b, lanes * sizeof *lean->dur);
    lean->ef = sched_block_take(b, lanes * sizeof *lean->ef);
    lean->critical = sched_block_take(b, lanes);
    lean->arcs = sched_block_take(b, m * sizeof *lean->arcs);
    lean->bound = sched_block_take(b, 2 * lanes * sizeof *lean->bound);
    lean->late = sched_block_take(b, 2 * lanes * sizeof *lean->late);
}

/*
 * The net's arcs in the net's order, each with its source rank and its
 * key turned into the slot of the bound (forward) or late date
 * (backward) it reaches: 2 * successor + 1 for its finish, + 0 its start.
 */
static void sched_lean_arcs(sched_lean *lean)
{
    const sched_topo *g = &lean->net->topo;
    for (int32_t p = 0; p < g->n; p++)
        for (int32_t e = g->succ_off[p]; e < g->succ_off[p + 1]; e++) {
            uint32_t k = g->succ[e].key;
            uint32_t to = 2 * (uint32_t)SCHED_ARC_NODE(k) +
                          ((k & SCHED_ARC_TO_FINISH) != 0);
            lean->arcs[e].from = p;
            lean->arcs[e].key = to << 1 | (k & SCHED_ARC_FROM_START);
            lean->arcs[e].lag = g->succ[e].lag;
        }
}

/*
 * One arc forward, every lane: the source's early start from its start
 * and finish bounds (src, 2 lanes wide), plus its duration if the arc
 * leaves from the finish (at_finish all ones) or not (zero), plus the
 * lag, raises the bound it reaches.
 */
static inline void sched_lean_push(sched_tick *restrict to,
                                   const sched_tick *restrict src,
                                   const sched_tick *restrict dur,
                                   sched_tick at_finish, sched_tick lag)
{
    for (int j = 0; j < SCHED_LANES; j++) {
        sched_tick es = sched_max32(src[j], src[SCHED_LANES + j] - dur[j]);
        sched_tick x = es + (dur[j] & at_finish) + lag;
        to[j] = sched_max32(to[j], sched_min32(x, SCHED_TICK_LIMIT + 1));
    }
}

/* A rank's bounds before any arc: its start bound, and none to finish. */
static inline void sched_lean_bound_init(sched_tick *restrict b,
                                         sched_tick base)
{
    for (int j = 0; j < SCHED_LANES; j++) {
        b[j] = base;
        b[SCHED_LANES + j] = SCHED_LAG_OFF;
    }
}

/* A rank's early finishes from its final bounds; raises finish. */
static inline void sched_lean_finish(sched_tick *restrict ef,
                                     sched_tick *restrict finish,
                                     const sched_tick *restrict b,
                                     const sched_tick *restrict dur)
{
    for (int j = 0; j < SCHED_LANES; j++) {
        ef[j] = sched_max32(b[j], b[SCHED_LANES + j] - dur[j]) + dur[j];
        finish[j] = sched_max32(finish[j], ef[j]);
    }
}

/*
 * Early dates, as sched_run_forward. Arcs come in the order of their
 * source ranks, so when a rank's first arc comes up every arc into it has
 * been pushed: its early start is final, and is worked out again from its
 * bounds for each of its arcs, which costs less than a branch per rank.
 */
static int sched_lean_forward(sched_lean *lean)
{
    const sched_net *net = lean->net;
    const sched_lean_arc *arc = lean->arcs;
    sched_tick *b = lean->bound;
    sched_tick finish[SCHED_LANES];
    for (size_t v = 0; v < (size_t)net->n; v++)
        sched_lean_bound_init(b + 2 * v * SCHED_LANES, net->base[v]);
    for (int32_t e = 0; e < net->topo.m; e++) {
        size_t p = (size_t)arc[e].from;
        uint32_t k = arc[e].key;
        sched_lean_push(b + (k >> 1) * SCHED_LANES, b + 2 * p * SCHED_LANES,
                        lean->dur + p * SCHED_LANES,
                        (k & SCHED_ARC_FROM_START) ? 0 : -1, arc[e].lag);
    }
    for (int j = 0; j < SCHED_LANES; j++)
        finish[j] = INT32_MIN;
    for (size_t v = 0; v < (size_t)net->n; v++)
        sched_lean_finish(lean->ef + v * SCHED_LANES, finish,
                          b + 2 * v * SCHED_LANES, lean->dur + v * SCHED_LANES);
    for (int j = 0; j < SCHED_LANES; j++) {
        if (finish[j] > SCHED_TICK_LIMIT)
            return SCHED_ERANGE;
        lean->finish[j] =
            net->leaves > 0 ? finish[j] : sched_net_empty_finish(net);
    }
    return SCHED_OK;
}

/*
 * A rank's late dates before any arc, as sched_run_back_item starts
 * them: from the anchor, except that started items keep their start and
 * done items both dates.
 */
static inline void sched_lean_late_start(sched_tick *restrict l,
                                         const sched_tick *restrict anchor,
                                         const sched_tick *restrict ef,
                                         const sched_tick *restrict dur, int st)
{
    /* Masks rather than branches, so that the lanes vectorise. */
    sched_tick free = st == SCHED_ST_FREE ? -1 : 0;
    sched_tick done = st == SCHED_ST_DONE ? -1 : 0;
    for (int j = 0; j < SCHED_LANES; j++) {
        l[j] = ((anchor[j] & free) | (ef[j] & ~free)) - dur[j];
        l[SCHED_LANES + j] = (ef[j] & done) | (anchor[j] & ~done);
    }
}

static void sched_lean_late_init(sched_lean *lean)
{
    const sched_net *net = lean->net;
    sched_tick anchor[SCHED_LANES];
    for (int j = 0; j < SCHED_LANES; j++)
        anchor[j] = net->late_from_target ? net->target_end : lean->finish[j];
    for (size_t v = 0; v < (size_t)net->n; v++)
        sched_lean_late_start(lean->late + 2 * v * SCHED_LANES, anchor,
                              lean->ef + v * SCHED_LANES,
                              lean->dur + v * SCHED_LANES,
                              net->state[v] & SCHED_ST_MASK);
}

/*
 * One arc backward, every lane, from a source not started: the late date
 * the arc reaches (arrive), less the lag, plus the source's duration if
 * the arc leaves from its start (at_start all ones), lowers the source's
 * late finish, and its late start by the duration less.
 */
static inline void sched_lean_pull_free(sched_tick *restrict late,
                                        const sched_tick *restrict arrive,
                                        const sched_tick *restrict dur,
                                        sched_tick at_start, sched_tick lag)
{
    for (int j = 0; j < SCHED_LANES; j++) {
        sched_tick c = arrive[j] - lag + (dur[j] & at_start);
        c = sched_max32(c, SCHED_LEAN_FLOOR);
        late[j] = sched_min32(late[j], c - dur[j]);
        late[SCHED_LANES + j] = sched_min32(late[SCHED_LANES + j], c);
    }
}

/* The same from a started source: it keeps its start, and arcs from its
 * start bind nothing; only its late finish moves. */
static inline void sched_lean_pull_started(sched_tick *restrict late,
                                           const sched_tick *restrict arrive,
                                           sched_tick lag)
{
    for (int j = 0; j < SCHED_LANES; j++) {
        sched_tick c = sched_max32(arrive[j] - lag, SCHED_LEAN_FLOOR);
        late[SCHED_LANES + j] = sched_min32(late[SCHED_LANES + j], c);
    }
}

/*
 * Late dates, as sched_run_backward: arcs last first, so every arc out of
 * a successor has lowered its late dates before an arc reads them. Done
 * sources keep both dates.
 */
static void sched_lean_late_arcs(sched_lean *lean)
{
    const sched_net *net = lean->net;
    const sched_lean_arc *arc = lean->arcs;
    sched_tick *l = lean->late;
    for (int32_t e = net->topo.m - 1; e >= 0; e--) {
        size_t p = (size_t)arc[e].from;
        uint32_t k = arc[e].key;
        int st = net->state[p] & SCHED_ST_MASK;
        const sched_tick *arrive = l + (k >> 1) * SCHED_LANES;
        bool at_start = k & SCHED_ARC_FROM_START;
        if (st == SCHED_ST_FREE)
            sched_lean_pull_free(l + 2 * p * SCHED_LANES, arrive,
                                 lean->dur + p * SCHED_LANES, at_start ? -1 : 0,
                                 arc[e].lag);
        else if (st == SCHED_ST_STARTED && !at_start)
            sched_lean_pull_started(l + 2 * p * SCHED_LANES, arrive,
                                    arc[e].lag);
    }
}

/* Lowers least to an unfinished rank's total floats. */
static inline void sched_lean_least(sched_tick *restrict least,
                                    const sched_tick *restrict lf,
                                    const sched_tick *restrict ef)
{
    for (int j = 0; j < SCHED_LANES; j++)
        least[j] = sched_min32(least[j], lf[j] - ef[j]);
}

/* A rank's critical flags: unfinished (open) with the least float. */
static inline void sched_lean_flags(uint8_t *restrict critical,
                                    const sched_tick *restrict lf,
                                    const sched_tick *restrict ef,
                                    const sched_tick *restrict least,
                                    uint8_t open)
{
    for (int j = 0; j < SCHED_LANES; j++)
        critical[j] = (uint8_t)(lf[j] - ef[j] == least[j]) & open;
}

/* Each lane's least total float of unfinished items, then the flags. */
static int sched_lean_critical(sched_lean *lean)
{
    const sched_net *net = lean->net;
    sched_tick least[SCHED_LANES];
    bool any = false;
    for (int j = 0; j < SCHED_LANES; j++)
        least[j] = SCHED_LEAN_NO_BIND;
    for (size_t v = 0; v < (size_t)net->n; v++) {
        if ((net->state[v] & SCHED_ST_MASK) > SCHED_ST_STARTED)
            continue;
        any = true;
        sched_lean_least(least, lean->late + (2 * v + 1) * SCHED_LANES,
                         lean->ef + v * SCHED_LANES);
    }
    for (int j = 0; j < SCHED_LANES; j++) {
        if (any &&
            (least[j] < -SCHED_TICK_LIMIT || least[j] > SCHED_TICK_LIMIT))
            return SCHED_ERANGE;
        lean->critical_float[j] = any ? least[j] : 0;
    }
    for (size_t v = 0; v < (size_t)net->n; v++)
        sched_lean_flags(lean->critical + v * SCHED_LANES,
                         lean->late + (2 * v + 1) * SCHED_LANES,
                         lean->ef + v * SCHED_LANES, lean->critical_float,
                         (net->state[v] & SCHED_ST_MASK) <= SCHED_ST_STARTED);
    return SCHED_OK;
}

/* Summaries' early finishes and flags from their children, as
 * sched_run_roll_up: childless ones finish at the plan's start. */
static void sched_lean_roll_up(sched_lean *lean)
{
    const sched_net *net = lean->net;
    for (int32_t i = 0; i < net->n_summaries; i++)
        for (int j = 0; j < SCHED_LANES; j++) {
            size_t at = (size_t)net->summaries[i] * SCHED_LANES + j;
            lean->ef[at] = -SCHED_TICK_LIMIT;
            lean->critical[at] = 0;
        }
    for (int32_t i = 0; i < net->n_roll; i++) {
        size_t c = (size_t)net->roll[2 * i] * SCHED_LANES;
        size_t p = (size_t)net->roll[2 * i + 1] * SCHED_LANES;
        for (int j = 0; j < SCHED_LANES; j++) {
            lean->ef[p + j] = sched_max32(lean->ef[p + j], lean->ef[c + j]);
            lean->critical[p + j] |= lean->critical[c + j];
        }
    }
    for (int32_t i = 0; i < net->n_summaries; i++)
        for (int j = 0; j < SCHED_LANES; j++) {
            size_t at = (size_t)net->summaries[i] * SCHED_LANES + j;
            if (lean->ef[at] == -SCHED_TICK_LIMIT)
                lean->ef[at] = 0;
        }
}

void sched_lean_init(sched_lean *lean)
{
    memset(lean, 0, sizeof *lean);
}

void sched_lean_bind(sched_lean *lean, const sched_net *net)
{
    size_t n = (size_t)net->n + 1, m = (size_t)net->topo.m + 1;
    lean->net = net;
    sched_lean_layout(lean, n, m);
    if (!sched_block_fits(&lean->block)) {
        sched_block_grow(&lean->block);
        sched_lean_layout(lean, n, m);
    }
    sched_lean_arcs(lean);
    sched_lean_reset_durations(lean);
}

void sched_lean_fini(sched_lean *lean)
{
    sched_block_fini(&lean->block);
    memset(lean, 0, sizeof *lean);
}

void sched_lean_reset_durations(sched_lean *lean)
{
    const sched_net *net = lean->net;
    for (int32_t r = 0; r < net->n; r++)
        for (int j = 0; j < SCHED_LANES; j++)
            lean->dur[(size_t)r * SCHED_LANES + j] = net->dur[r];
}

int sched_lean_passes(sched_lean *lean)
{
    int rc = sched_lean_forward(lean);
    if (rc != SCHED_OK)
        return rc;
    sched_lean_late_init(lean);
    sched_lean_late_arcs(lean);
    rc = sched_lean_critical(lean);
    if (rc == SCHED_OK && lean->net->n_summaries > 0)
        sched_lean_roll_up(lean);
    return rc;
}
