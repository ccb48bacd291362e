/*
 * server/sched/cpm_run.c - one schedule of a net: durations, the passes,
 * the longest path and the critical chains.
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
 * Runs: durations
 * ================================================================ */

/* Carves the run's arrays for n items from its block. */
static void sched_run_layout(sched_run *run, size_t n)
{
    sched_block *b = &run->block;
    sched_block_begin(b);
    run->t = sched_block_take(b, SCHED_T_SLOT * n * sizeof *run->t);
    run->f = sched_block_take(b, SCHED_F_SLOT * n * sizeof *run->f);
    run->summary_critical = sched_block_take(b, n);
    run->dur = sched_block_take(b, n * sizeof *run->dur);
    run->bound_start = sched_block_take(b, n * sizeof *run->bound_start);
    run->bound_finish = sched_block_take(b, n * sizeof *run->bound_finish);
    run->bound_start_2 = sched_block_take(b, n * sizeof *run->bound_start_2);
    run->bound_finish_2 = sched_block_take(b, n * sizeof *run->bound_finish_2);
    run->chain_off = sched_block_take(b, (n + 1) * sizeof *run->chain_off);
    run->chain_items = sched_block_take(b, n * sizeof *run->chain_items);
    run->chain_from = sched_block_take(b, n * sizeof *run->chain_from);
    run->chain_into = sched_block_take(b, n * sizeof *run->chain_into);
    run->next = sched_block_take(b, n * sizeof *run->next);
    run->from = sched_block_take(b, n * sizeof *run->from);
    run->taken = sched_block_take(b, n);
    run->longest = sched_block_take(b, n);
}

/* ================================================================
 * Runs: the passes
 * ================================================================ */

/*
 * A team of two threads for the passes over a large plan: the caller's
 * and one more, started once per sched_run_passes. The passes go level by
 * level (topo.h); a level large enough is a job of two halves, and runs
 * of small levels are left to the caller's thread while the other waits.
 *
 * The machine may be busy: the second thread may not be running when a
 * job comes. So it must claim the second half before doing it, and the
 * caller, done with the first half, claims it for itself if the second
 * thread has not: the caller waits only for a half under way, never for a
 * thread to be scheduled.
 */
typedef struct sched_team {
    void (*fn)(void *arg, int who); /* the job, who = 0 or 1 */
    void *arg;
    atomic_int open; /* the job whose second half is unclaimed, or 0 */
    atomic_int done; /* the last job the second thread finished */
    int jobs;        /* jobs handed out */
    int posted;      /* the same, under lock, for the second thread */
    pthread_mutex_t lock;
    pthread_cond_t wake;
    pthread_t thread;
} sched_team;

/* The second thread sleeps between jobs rather than spin: on a busy
 * machine a spinning thread takes time from the one doing the work. */
static void *sched_team_helper(void *p)
{
    sched_team *team = p;
    int seen = 0;
    for (;;) {
        pthread_mutex_lock(&team->lock);
        while (team->posted == seen)
            pthread_cond_wait(&team->wake, &team->lock);
        int job = seen = team->posted;
        pthread_mutex_unlock(&team->lock);
        if (!atomic_compare_exchange_strong(&team->open, &job, 0))
            continue; /* the caller did it all */
        if (!team->fn)
            return NULL;
        team->fn(team->arg, 1);
        atomic_store_explicit(&team->done, seen, memory_order_release);
    }
}

static bool sched_team_start(sched_team *team)
{
    team->fn = NULL;
    team->arg = NULL;
    team->jobs = team->posted = 0;
    atomic_init(&team->open, 0);
    atomic_init(&team->done, 0);
    pthread_mutex_init(&team->lock, NULL);
    pthread_cond_init(&team->wake, NULL);
    if (pthread_create(&team->thread, NULL, sched_team_helper, team) == 0)
        return true;
    pthread_cond_destroy(&team->wake);
    pthread_mutex_destroy(&team->lock);
    return false;
}

static int sched_team_post(sched_team *team, void (*fn)(void *arg, int who),
                           void *arg)
{
    int job = ++team->jobs;
    team->fn = fn;
    team->arg = arg;
    atomic_store(&team->open, job);
    pthread_mutex_lock(&team->lock);
    team->posted = job;
    pthread_cond_signal(&team->wake);
    pthread_mutex_unlock(&team->lock);
    return job;
}

/* fn(arg, 0) here and fn(arg, 1) on whichever thread claims it; returns
 * when both are done. */
static void sched_team_run(sched_team *team, void (*fn)(void *arg, int who),
                           void *arg)
{
    int job = sched_team_post(team, fn, arg);
    fn(arg, 0);
    if (atomic_compare_exchange_strong(&team->open, &job, 0)) {
        fn(arg, 1);
        return;
    }
    while (atomic_load_explicit(&team->done, memory_order_acquire) !=
           team->jobs)
        sched_yield();
}

/* The second thread leaves when it claims a job without a function. */
static void sched_team_stop(sched_team *team)
{
    sched_team_post(team, NULL, NULL);
    pthread_join(team->thread, NULL);
    pthread_cond_destroy(&team->wake);
    pthread_mutex_destroy(&team->lock);
}

/* A level of ranks [lo, hi) for the team, and each thread's result. */
typedef struct sched_run_job {
    sched_run *run;
    int32_t lo, hi;
    int64_t anchor; /* backward: what late dates count from */
    int64_t acc[2]; /* forward: latest early finish; backward: least float */
} sched_run_job;

/* Whether level k is large enough to split between two threads. */
static bool sched_run_level_split(const sched_topo *g, int32_t k)
{
    return g->level_off[k + 1] - g->level_off[k] >= SCHED_LEVEL_SPLIT_MIN;
}

/*
 * Where the team splits ranks [lo, hi): a multiple of SCHED_SPLIT_ALIGN,
 * so that the halves share no cache line of the run's arrays (all 64-byte
 * aligned).
 */
static int32_t sched_run_split(int32_t lo, int32_t hi)
{
    int32_t mid = (int32_t)(((int64_t)lo + hi) / 2) & ~(SCHED_SPLIT_ALIGN - 1);
    return mid < lo ? lo : mid;
}

/*
 * Whether passes over this net are worth a team: a plan large enough, and
 * some level large enough to split.
 */
static bool sched_run_wants_team(const sched_net *net)
{
    const sched_topo *g = &net->topo;
    if (net->n < SCHED_THREAD_MIN || g->n_levels == 0 ||
        g->level_off[g->n_levels] != net->n)
        return false;
    for (int32_t k = 0; k < g->n_levels; k++)
        if (sched_run_level_split(g, k))
            return true;
    return false;
}

/*
 * A rank's start bounds before any arc: its own, and none to finish. A
 * team's second thread pushes into bounds of its own (sched_run), which
 * without a team are the first ones again.
 */
static void sched_run_forward_init(sched_run *run, bool teamed)
{
    const sched_net *net = run->net;
    size_t bytes = (size_t)net->n * sizeof(int32_t);
    memcpy(run->bound_start, net->base, bytes);
    for (int32_t v = 0; v < net->n; v++)
        run->bound_finish[v] = SCHED_LAG_OFF;
    if (!teamed)
        return;
    memcpy(run->bound_start_2, run->bound_start, bytes);
    memcpy(run->bound_finish_2, run->bound_finish, bytes);
}

/*
 * Early dates of ranks [lo, hi), every lower rank done, pushed into the
 * bounds of thread who; returns their latest early finish. Each rank's
 * early start is the larger of its start bound and its finish bound less
 * its duration (each the larger of the two threads'), final once every
 * lower rank is done; then its dates are pushed along its arcs: bit 0 of
 * a key picks the start or the finish the link leaves from, bit 1 the
 * bound it raises.
 */
static int64_t sched_run_forward_ranks(sched_run *run, int32_t lo, int32_t hi,
                                       int who, bool teamed)
{
    const sched_net *net = run->net;
    const int32_t *off = net->topo.succ_off;
    const sched_arc *arc = net->topo.succ;
    const sched_tick *dur = run->dur;
    const int32_t *bs2 = teamed ? run->bound_start_2 : run->bound_start;
    const int32_t *bf2 = teamed ? run->bound_finish_2 : run->bound_finish;
    int32_t *bs = who ? run->bound_start_2 : run->bound_start;
    int32_t *bf = who ? run->bound_finish_2 : run->bound_finish;
    int64_t finish = INT64_MIN;
    for (int32_t v = lo; v < hi; v++) {
        sched_tick *t = run->t + SCHED_T_SLOT * v;
        int64_t d = dur[v];
        int64_t es = sched_max64(sched_max64(run->bound_start[v], bs2[v]),
                                 sched_max64(run->bound_finish[v], bf2[v]) - d);
        int64_t ef = es + d;
        finish = sched_max64(finish, ef);
        t[SCHED_T_ES] = (sched_tick)es;
        t[SCHED_T_EF] = (sched_tick)ef;
        for (int32_t e = off[v], end = off[v + 1]; e < end; e++) {
            uint32_t k = arc[e].key, ka = arc[e + SCHED_AHEAD].key;
            SCHED_PREFETCH_W(&((ka & SCHED_ARC_TO_FINISH) ? bf : bs)[ka >> 3]);
            SCHED_PREFETCH(&arc[e + 4 * SCHED_AHEAD]);
            int32_t *b = (k & SCHED_ARC_TO_FINISH) ? bf : bs;
            int32_t s = SCHED_ARC_NODE(k);
            int64_t x = ((k & SCHED_ARC_FROM_START) ? es : ef) + arc[e].lag;
            b[s] = (int32_t)sched_max64(b[s], x);
        }
    }
    return finish;
}

/* One thread's half of the early dates of a level: no rank of the level
 * raises another's bounds, and each thread raises its own. */
static void sched_run_forward_part(void *arg, int who)
{
    sched_run_job *job = arg;
    int32_t mid = sched_run_split(job->lo, job->hi);
    job->acc[who] =
        who ? sched_run_forward_ranks(job->run, mid, job->hi, 1, true)
            : sched_run_forward_ranks(job->run, job->lo, mid, 0, true);
}

/*
 * Early dates: levels large enough are split over the team, runs of
 * smaller ones done on this thread.
 */
static int sched_run_forward(sched_run *run, sched_team *team)
{
    const sched_net *net = run->net;
    const sched_topo *g = &net->topo;
    int64_t finish = INT64_MIN;
    sched_run_forward_init(run, team != NULL);
    if (!team)
        finish = sched_run_forward_ranks(run, 0, net->n, 0, false);
    for (int32_t k = 0; team && k < g->n_levels;) {
        int32_t lo = g->level_off[k];
        if (sched_run_level_split(g, k)) {
            sched_run_job job = {run, lo, g->level_off[++k], 0, {0, 0}};
            sched_team_run(team, sched_run_forward_part, &job);
            finish = sched_max64(finish, sched_max64(job.acc[0], job.acc[1]));
            continue;
        }
        while (k < g->n_levels && !sched_run_level_split(g, k))
            k++;
        finish = sched_max64(
            finish, sched_run_forward_ranks(run, lo, g->level_off[k], 0, true));
    }
    if (finish > SCHED_TICK_LIMIT)
        return SCHED_ERANGE;
    run->finish =
        net->leaves > 0 ? (sched_tick)finish : sched_net_empty_finish(net);
    return SCHED_OK;
}

/*
 * Late dates and floats of rank v. A successor arc's key >> 1 indexes the
 * late date it arrives at, two below it the early one, and its bit 0 says
 * it leaves from v's start, in which case v's duration is added back (to
 * bound the late finish) or v's start is used (for the free float).
 */
static void sched_run_back_item(sched_run *run, int32_t v, int64_t anchor,
                                int64_t *least)
{
    const sched_net *net = run->net;
    const sched_arc *arc = net->topo.succ;
    sched_tick *t = run->t, *tv = t + SCHED_T_SLOT * v;
    int st = net->state[v] & SCHED_ST_MASK;
    int64_t d = run->dur[v], slack = run->finish;
    int64_t lf = sched_min64(anchor, net->deadline[v]);
    int64_t from_start = st == SCHED_ST_FREE ? d : SCHED_FAR;
    /* Arcs are taken last first, so the whole pass runs backwards through
     * the arc array and the arc SCHED_AHEAD below is the one coming up. */
    for (int32_t e = net->topo.succ_off[v + 1] - 1, end = net->topo.succ_off[v];
         e >= end; e--) {
        SCHED_PREFETCH(
            &t[arc[e >= SCHED_AHEAD ? e - SCHED_AHEAD : 0].key >> 1]);
        SCHED_PREFETCH(&arc[e >= 4 * SCHED_AHEAD ? e - 4 * SCHED_AHEAD : 0]);
        uint32_t k = arc[e].key;
        int64_t m = -(int64_t)(k & SCHED_ARC_FROM_START), lag = arc[e].lag;
        lf = sched_min64(lf, t[k >> 1] - lag + (from_start & m));
        slack = sched_min64(slack, t[(k >> 1) - 2] - lag + (d & m));
    }
    int64_t es = tv[SCHED_T_ES], ef = tv[SCHED_T_EF], ls = lf - d;
    if (st == SCHED_ST_DONE) {
        lf = ef;
        slack = ef;
    }
    if (st == SCHED_ST_DONE || st == SCHED_ST_STARTED)
        ls = es;
    if (st <= SCHED_ST_STARTED && lf - ef < *least)
        *least = lf - ef;
    tv[SCHED_T_LS] = (sched_tick)ls;
    tv[SCHED_T_LF] = (sched_tick)lf;
    run->f[SCHED_F_SLOT * v + SCHED_F_TF] = (sched_tick)(lf - ef);
    run->f[SCHED_F_SLOT * v + SCHED_F_FF] = (sched_tick)(slack - ef);
}

/* Late dates and floats of ranks [lo, hi), last first, every higher rank
 * done; lowers least to their least total float. */
static void sched_run_backward_ranks(sched_run *run, int32_t lo, int32_t hi,
                                     int64_t anchor, int64_t *least)
{
    for (int32_t v = hi - 1; v >= lo; v--)
        sched_run_back_item(run, v, anchor, least);
}

/* One thread's half of the late dates of a level: no rank of the level
 * reads another's. */
static void sched_run_backward_part(void *arg, int who)
{
    sched_run_job *job = arg;
    int32_t mid = sched_run_split(job->lo, job->hi);
    int64_t least = INT64_MAX;
    if (who)
        sched_run_backward_ranks(job->run, mid, job->hi, job->anchor, &least);
    else
        sched_run_backward_ranks(job->run, job->lo, mid, job->anchor, &least);
    job->acc[who] = least;
}

/* Late dates and floats, last rank first; levels as in the forward pass. */
static int sched_run_backward(sched_run *run, sched_team *team)
{
    const sched_net *net = run->net;
    const sched_topo *g = &net->topo;
    int64_t anchor = net->late_from_target ? net->target_end : run->finish;
    int64_t least = INT64_MAX;
    if (!team)
        sched_run_backward_ranks(run, 0, net->n, anchor, &least);
    for (int32_t k = g->n_levels; team && k > 0;) {
        int32_t hi = g->level_off[k];
        if (sched_run_level_split(g, k - 1)) {
            sched_run_job job = {run, g->level_off[--k], hi, anchor, {0, 0}};
            sched_team_run(team, sched_run_backward_part, &job);
            least = sched_min64(least, sched_min64(job.acc[0], job.acc[1]));
            continue;
        }
        while (k > 0 && !sched_run_level_split(g, k - 1))
            k--;
        sched_run_backward_ranks(run, g->level_off[k], hi, anchor, &least);
    }
    if (least != INT64_MAX &&
        (least < -SCHED_TICK_LIMIT || least > SCHED_TICK_LIMIT))
        return SCHED_ERANGE;
    run->critical_float = least == INT64_MAX ? 0 : (sched_tick)least;
    return SCHED_OK;
}

/* Folds child rank c into summary rank p. */
static void sched_run_fold(sched_run *run, int32_t c, int32_t p)
{
    sched_tick *tc = run->t + SCHED_T_SLOT * c, *tp = run->t + SCHED_T_SLOT * p;
    sched_tick *fc = run->f + SCHED_F_SLOT * c, *fp = run->f + SCHED_F_SLOT * p;
    tp[SCHED_T_ES] =
        tc[SCHED_T_ES] < tp[SCHED_T_ES] ? tc[SCHED_T_ES] : tp[SCHED_T_ES];
    tp[SCHED_T_EF] =
        tc[SCHED_T_EF] > tp[SCHED_T_EF] ? tc[SCHED_T_EF] : tp[SCHED_T_EF];
    tp[SCHED_T_LS] =
        tc[SCHED_T_LS] < tp[SCHED_T_LS] ? tc[SCHED_T_LS] : tp[SCHED_T_LS];
    tp[SCHED_T_LF] =
        tc[SCHED_T_LF] > tp[SCHED_T_LF] ? tc[SCHED_T_LF] : tp[SCHED_T_LF];
    /* A done child has no float to give; a summary whose children are
     * all done still holds the fold's start value here. */
    int st = run->net->state[c] & SCHED_ST_MASK;
    bool open = st <= SCHED_ST_STARTED ||
                (st == SCHED_ST_SUMMARY && fc[SCHED_F_TF] != SCHED_TICK_LIMIT);
    for (int k = 0; open && k < SCHED_F_SLOT; k++)
        fp[k] = fc[k] < fp[k] ? fc[k] : fp[k];
    run->summary_critical[p] |= sched_run_critical(run, c);
}

/* Summaries from their children; childless ones at the plan's start. */
static void sched_run_roll_up(sched_run *run)
{
    const sched_net *net = run->net;
    for (int32_t j = 0; j < net->n_summaries; j++) {
        int32_t r = net->summaries[j];
        sched_tick *t = run->t + SCHED_T_SLOT * r;
        t[SCHED_T_ES] = t[SCHED_T_LS] = SCHED_TICK_LIMIT;
        t[SCHED_T_EF] = t[SCHED_T_LF] = -SCHED_TICK_LIMIT;
        run->f[SCHED_F_SLOT * r + SCHED_F_TF] = SCHED_TICK_LIMIT;
        run->f[SCHED_F_SLOT * r + SCHED_F_FF] = SCHED_TICK_LIMIT;
        run->summary_critical[r] = 0;
    }
    for (int32_t j = 0; j < net->n_roll; j++)
        sched_run_fold(run, net->roll[2 * j], net->roll[2 * j + 1]);
    for (int32_t j = 0; j < net->n_summaries; j++) {
        int32_t r = net->summaries[j];
        if (run->f[SCHED_F_SLOT * r + SCHED_F_TF] == SCHED_TICK_LIMIT)
            memset(run->f + SCHED_F_SLOT * r, 0, SCHED_F_SLOT * sizeof *run->f);
        if (run->t[SCHED_T_SLOT * r + SCHED_T_ES] == SCHED_TICK_LIMIT)
            memset(run->t + SCHED_T_SLOT * r, 0, SCHED_T_SLOT * sizeof *run->t);
    }
}

/* ================================================================
 * Runs: critical chains
 * ================================================================ */

/* Critical and a leaf. */
static bool sched_run_chain_member(const sched_run *run, int32_t v)
{
    return (run->net->state[v] & SCHED_ST_MASK) != SCHED_ST_SUMMARY &&
           sched_run_critical(run, v);
}

bool sched_run_driving(const sched_run *run, int32_t p, int32_t e)
{
    const sched_arc *a = &run->net->topo.succ[e];
    const sched_tick *t = run->t;
    int64_t from =
        t[SCHED_T_SLOT * p + SCHED_T_EF - (int)(a->key & SCHED_ARC_FROM_START)];
    return from + a->lag == t[(a->key >> 1) - 2];
}

/*
 * Extends p's chain to its first driving critical successor not taken
 * yet, and tells each driving critical successor that p drives it.
 */
static void sched_run_chain_extend(sched_run *run, int32_t p)
{
    const sched_net *net = run->net;
    run->next[p] = -1;
    for (int32_t e = net->topo.succ_off[p]; e < net->topo.succ_off[p + 1];
         e++) {
        int32_t s = SCHED_ARC_NODE(net->topo.succ[e].key);
        if (!sched_run_critical(run, s) || !sched_run_driving(run, p, e))
            continue;
        if (run->from[s] < 0)
            run->from[s] = p;
        if (!run->taken[s] && run->next[p] < 0) {
            run->taken[s] = 1;
            run->next[p] = s;
        }
    }
}

/* The first critical successor that v drives, or -1. */
static int32_t sched_run_chain_into(const sched_run *run, int32_t v)
{
    const sched_net *net = run->net;
    for (int32_t e = net->topo.succ_off[v]; e < net->topo.succ_off[v + 1];
         e++) {
        int32_t s = SCHED_ARC_NODE(net->topo.succ[e].key);
        if (sched_run_critical(run, s) && sched_run_driving(run, v, e))
            return s;
    }
    return -1;
}

void sched_run_init(sched_run *run)
{
    memset(run, 0, sizeof *run);
}

void sched_run_bind(sched_run *run, const sched_net *net)
{
    size_t n = (size_t)net->n + 1;
    run->net = net;
    run->n_chains = 0;
    sched_run_layout(run, n);
    if (!sched_block_fits(&run->block)) {
        sched_block_grow(&run->block);
        sched_run_layout(run, n);
    }
    sched_run_reset_durations(run);
}

void sched_run_fini(sched_run *run)
{
    sched_block_fini(&run->block);
    memset(run, 0, sizeof *run);
}

void sched_run_reset_durations(sched_run *run)
{
    memcpy(run->dur, run->net->dur, (size_t)run->net->n * sizeof *run->dur);
}

int sched_run_set_duration(sched_run *run, int item, double days)
{
    const sched_net *net = run->net;
    if (item < 0 || item >= net->n || !sched_duration_ok(days))
        return SCHED_EINVAL;
    int32_t r = net->topo.rank[item];
    uint8_t st = net->state[r];
    if ((st & SCHED_ST_MILESTONE) || (st & SCHED_ST_MASK) >= SCHED_ST_DONE)
        return SCHED_OK;
    run->dur[r] = sched_net_duration(net, r, sched_days_ticks(days));
    return SCHED_OK;
}

int sched_run_passes(sched_run *run)
{
    sched_team team;
    bool teamed = sched_run_wants_team(run->net) && sched_team_start(&team);
    int rc = sched_run_forward(run, teamed ? &team : NULL);
    if (rc == SCHED_OK)
        rc = sched_run_backward(run, teamed ? &team : NULL);
    if (teamed)
        sched_team_stop(&team);
    if (rc != SCHED_OK)
        return rc;
    sched_run_roll_up(run);
    run->n_chains = 0;
    return SCHED_OK;
}

/*
 * The longest path: last rank first, so that each unfinished leaf is
 * marked when it ends last of the unfinished ones (at the projected
 * finish, unless done work ends later) or drives a marked successor;
 * then summaries from their children. These are the items of least float
 * were there no deadlines. O(items + links).
 */
static void sched_run_longest(sched_run *run)
{
    const sched_net *net = run->net;
    const int32_t *off = net->topo.succ_off;
    sched_tick last = SCHED_NEVER;
    for (int32_t v = 0; v < net->n; v++)
        if ((net->state[v] & SCHED_ST_MASK) <= SCHED_ST_STARTED &&
            run->t[SCHED_T_SLOT * v + SCHED_T_EF] > last)
            last = run->t[SCHED_T_SLOT * v + SCHED_T_EF];
    for (int32_t v = net->n - 1; v >= 0; v--) {
        int st = net->state[v] & SCHED_ST_MASK;
        uint8_t on = 0;
        /* A started item's start is history: what leaves it drives
         * nothing still to come (nor bounds its late dates). */
        uint32_t past = st == SCHED_ST_STARTED ? SCHED_ARC_FROM_START : 0;
        if (st <= SCHED_ST_STARTED) {
            on = run->t[SCHED_T_SLOT * v + SCHED_T_EF] == last;
            for (int32_t e = off[v]; !on && e < off[v + 1]; e++) {
                uint32_t k = net->topo.succ[e].key;
                on = !(k & past) && run->longest[SCHED_ARC_NODE(k)] &&
                     sched_run_driving(run, v, e);
            }
        }
        run->longest[v] = on;
    }
    for (int32_t j = 0; j < net->n_roll; j++)
        run->longest[net->roll[2 * j + 1]] |= run->longest[net->roll[2 * j]];
}

void sched_run_chains(sched_run *run)
{
    const sched_net *net = run->net;
    int32_t heads = 0, at = 0;
    sched_run_longest(run);
    memset(run->taken, 0, (size_t)net->n);
    for (int32_t v = 0; v < net->n; v++)
        run->from[v] = -1;
    /* chain_off holds each chain's first item until they are laid out. */
    for (int32_t v = 0; v < net->n; v++) {
        if (!sched_run_chain_member(run, v))
            continue;
        if (!run->taken[v]) {
            run->chain_off[heads] = v;
            run->chain_from[heads++] = run->from[v];
        }
        sched_run_chain_extend(run, v);
    }
    for (int32_t j = 0; j < heads; j++) {
        int32_t v = run->chain_off[j], tail = v;
        run->chain_off[j] = at;
        for (; v >= 0; v = run->next[v]) {
            run->chain_items[at++] = v;
            tail = v;
        }
        run->chain_into[j] = sched_run_chain_into(run, tail);
    }
    run->chain_off[heads] = at;
    run->n_chains = heads;
}
