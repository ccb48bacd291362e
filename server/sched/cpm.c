/* server/sched/cpm.c - critical path method: preparation, passes, results. */
#include "sched/cpm.h"

#include "common/xalloc.h"

#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * DESIGN. All per-item state of a run lives in arrays indexed by rank
 * (topological position), and both passes are one loop over ranks with an
 * inner loop over that rank's successor arcs, which are laid out in rank
 * order (topo.h): the forward pass runs them front to back and pushes each
 * item's early dates into two bounds per successor (start and finish),
 * the backward pass runs them back to front and pulls each successor's
 * early and late dates, which sit in the same 16 bytes of run->t. Link
 * types are folded into arc keys, so the loops select with masks instead
 * of switching. Sums are taken in 64 bits and the finish is checked
 * against SCHED_TICK_LIMIT, so 32-bit ticks can never wrap unnoticed.
 *
 * Preparation and results, which touch every item once at random places,
 * split their items over two threads (sched_parallel). The passes on a
 * large plan go level by level (topo.h): no arc joins two ranks of a
 * level, so a large level's ranks are split between two threads (a
 * sched_team), which push into separate bounds in the forward pass and
 * write disjoint dates in both. Levels are joined in order, so the
 * results are those of one thread, bit for bit. Dates reach the
 * caller only through sched_result_fill, which converts ticks to days with
 * the calendar table; nothing in the passes touches a calendar.
 */

/* Plans with fewer items than this prepare and fill on one thread. */
#define SCHED_THREAD_MIN 100000

/*
 * Levels of at least this many ranks split the passes between two threads
 * (in plans of SCHED_THREAD_MIN items or more): enough arcs to pay for
 * handing the level over.
 */
#define SCHED_LEVEL_SPLIT_MIN 4096

/* A level is split between two threads at a multiple of this many ranks:
 * at most 16 bytes by rank, the halves then share no 64-byte cache line. */
#define SCHED_SPLIT_ALIGN 16

/* A start bound no leaf ever has; summaries use it so they never count
 * towards the projected finish. */
#define SCHED_NEVER (-SCHED_TICK_LIMIT)

/* Added to a started item's from-start arcs: its start is fixed, so they
 * never bound its late finish. */
#define SCHED_FAR ((int64_t)1 << 31)

static int64_t sched_min64(int64_t a, int64_t b)
{
    return a < b ? a : b;
}

static int64_t sched_max64(int64_t a, int64_t b)
{
    return a > b ? a : b;
}

static sched_tick sched_days_ticks(double days)
{
    double x = days * SCHED_TICKS_PER_DAY;
    return (sched_tick)(x >= 0 ? x + 0.5 : x - 0.5);
}

static bool sched_day_ok(int day)
{
    return day >= SCHED_DAY_MIN && day <= SCHED_DAY_MAX;
}

static bool sched_opt_day_ok(int day)
{
    return day == SCHED_NO_DAY || sched_day_ok(day);
}

static bool sched_duration_ok(double days)
{
    return days >= 0 && days <= SCHED_DAYS_MAX;
}

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
    run->finish = net->leaves > 0 ? (sched_tick)finish
                                  : sched_net_empty_finish(net);
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

/* Does arc e of rank p set its successor's early date exactly? */
static bool sched_run_driving(const sched_run *run, int32_t p, int32_t e)
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
        lean->finish[j] = net->leaves > 0 ? finish[j]
                                          : sched_net_empty_finish(net);
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

/* An instant's day: the day beginning at t, or the day ending there. */
static int sched_result_instant_day(const sched_cal *c, sched_tick t,
                                    bool by_start)
{
    return by_start ? sched_cal_start_day(c, t) : sched_cal_end_day(c, t);
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
    bool early_by_start =
        free && (t[SCHED_T_ES] == net->base[r] ||
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

/* ================================================================
 * Interface
 * ================================================================ */
void sched_error_set(sched_error *err, int code, int item, int link,
                     const char *fmt, ...)
{
    va_list ap;
    err->code = code;
    err->item = item;
    err->link = link;
    err->cycle = NULL;
    err->cycle_len = 0;
    va_start(ap, fmt);
    vsnprintf(err->detail, sizeof err->detail, fmt, ap);
    va_end(ap);
}

void sched_error_fini(sched_error *err)
{
    free(err->cycle);
    err->cycle = NULL;
    err->cycle_len = 0;
}

const char *sched_strerror(int code)
{
    switch (code) {
    case SCHED_OK:
        return "ok";
    case SCHED_EINVAL:
        return "invalid plan";
    case SCHED_ERANGE:
        return "date out of range";
    case SCHED_ECALENDAR:
        return "calendar has no working day";
    case SCHED_ESUMMARY_LINK:
        return "dependency on a summary item";
    case SCHED_ECYCLE:
        return "dependency cycle";
    case SCHED_EPARENT_CYCLE:
        return "parent cycle";
    case SCHED_EDEADLINE:
        return "stopped at the request's deadline";
    default:
        return "unknown error";
    }
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

int sched_cpm(const sched_plan *plan, sched_result *res, sched_error *err)
{
    sched_net net;
    sched_run run;
    sched_net_init(&net);
    sched_run_init(&run);
    int rc = sched_net_prepare(&net, plan, err);
    if (rc == SCHED_OK) {
        sched_run_bind(&run, &net);
        rc = sched_run_passes(&run);
        if (rc != SCHED_OK)
            sched_error_set(err, rc, -1, -1,
                            "a date leaves the supported range");
    }
    if (rc == SCHED_OK) {
        sched_run_chains(&run);
        sched_result_fill(res, &run);
    }
    sched_run_fini(&run);
    sched_net_fini(&net);
    return rc;
}
