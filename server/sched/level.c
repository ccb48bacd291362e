/* server/sched/level.c - resource levelling by schedule generation. */
#include "sched/level.h"

#include "sched/deadline.h"
#include "sched/level_verify.h"

#include "common/xalloc.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * DESIGN
 *
 * Schedules come from the serial schedule-generation scheme (SGS): take
 * the activities one by one in a precedence-feasible list and start each
 * at the earliest period where its predecessors have finished and every
 * resource it needs has room for its whole duration. The room is a
 * time-indexed profile (units in use per period and resource, periods
 * times resources ints); finding a start checks each candidate window
 * from its end, so a clash moves the start past the latest clashing
 * period in one step, and no period is checked twice for one activity.
 * Serial SGS schedules are active: some
 * list always yields an optimal schedule, so the search is over lists.
 *
 * The search, all inside one budget of SGS passes (forward and backward
 * each count one) and stopping early at the lower bound:
 *   1. one list per priority rule (LFT, LST, MTS, GRPW), the first rule
 *      being the caller's: with a budget of 1 that is the whole answer;
 *   2. regret-based biased random sampling on the caller's rule: the next
 *      activity is drawn from the eligible ones with weight one plus its
 *      regret (how much better than the worst eligible one it is by the
 *      rule), so the rule steers without repeating itself;
 *   3. a genetic search over activity lists (two-point order crossover,
 *      swaps of unrelated neighbours as mutation, the best distinct
 *      schedules of parents and children surviving), seeded with the
 *      schedules of 1 and 2, and restarted from the best schedule and
 *      fresh samples when it stops improving.
 * Every schedule found is improved by forward-backward justification:
 * shift each activity as late as it goes, latest finish first (a backward
 * SGS pass on the reversed network), then as early as it goes, earliest
 * start first (a forward pass). Neither pass can lengthen the schedule.
 * The seeds of the population repeat this while the makespan shrinks;
 * children get one round, which buys more children from the budget. The
 * list stored with a schedule is its start order, which decodes back to
 * it, so what the genetic search recombines is the improved schedule.
 *
 * Threads and memory: a call runs on its caller's thread and shares
 * nothing; its workspace (level_ws) and population are allocated at the
 * start and freed before it returns, and only the caller's start array
 * outlives it. The profile spans the summed durations, which no serial
 * schedule exceeds. Randomness is a xorshift generator seeded from the
 * options, so runs repeat exactly; a deadline (the clock read before the
 * first pass, then every LEVEL_CLOCK_PASSES) can only end a run with no
 * schedule, never change the one found.
 */

enum { LEVEL_FWD = 0, LEVEL_BWD = 1 };

/*
 * Tuned on j120 at 5,000 schedules (means over seeds, each within about
 * 0.15 points): populations of 20 to 30 beat 40 to 80, which spend the
 * budget before they converge; mutation odds from 1% to 6% are all
 * alike; one justification round per child beats repeating it by about
 * 0.2 points (three passes a child instead of five buys more children),
 * while the first population is justified until it stops gaining.
 * Restarting after 20 generations without progress gains 0.1 points on
 * j30 (which converges early) and costs nothing measurable on j120;
 * after 10 it costs j120 0.2.
 */
#define LEVEL_POPULATION         30
#define LEVEL_MUTATION_PER_MILLE 30
#define LEVEL_STALE              20
#define LEVEL_ROUNDS_CHILD       1
#define LEVEL_ROUNDS_SEED        INT_MAX

/* Passes between two reads of the clock: a pass over a PSPLIB problem
 * takes microseconds, a clock read tens of nanoseconds. */
#define LEVEL_CLOCK_PASSES 16

typedef struct level_ws {
    int n, k;
    const int *dur;
    /*
     * Who must be placed first in each direction: predecessors going
     * forward, successors going backward (compressed rows).
     */
    const int *before_start[2];
    const int *before[2];
    int *pred_start, *pred;
    int *topo; /* activities in a topological order */
    /* Nonzero demands of each activity: resource, and the most the
     * profile may already hold there for the activity to fit. */
    int *need_start, *need_res, *need_lim, *need_amt;
    int horizon;
    int *use;    /* [(horizon + 1) * k] units in use */
    int use_end; /* periods before this may be nonzero */
    int *prio[LEVEL_RULE_COUNT];
    int critical_path, lower_bound, stop_at;
    long schedules, max_schedules;
    uint64_t rng;
    int64_t deadline_us;
    long clock_at; /* schedules when the clock was last read */
    bool expired;  /* the deadline passed: the search gives up */
    /* Scratch for one pass at a time. */
    int *order, *rev, *fwd, *key, *count, *left, *eligible, *stamp;
    int stamp_now;
    int *child; /* a list being built or recombined */
    int *cand;  /* its schedule while it is justified */
    /* Best schedule so far. */
    int best_ms;
    int *best;
} level_ws;

/* One member of the genetic search's population. */
typedef struct level_member {
    int *list; /* start order of the schedule: decodes back to it */
    int ms;
    uint64_t hash;
} level_member;

/* ------------------------------------------------------------------ */
/* Randomness                                                          */
/* ------------------------------------------------------------------ */

static uint64_t level_rand(level_ws *w)
{
    w->rng ^= w->rng >> 12;
    w->rng ^= w->rng << 25;
    w->rng ^= w->rng >> 27;
    return w->rng * 0x2545f4914f6cdd1dULL;
}

/* Uniform in 0..bound-1; the modulo bias is below 2^-32 for any bound
 * a schedule can produce. */
static uint64_t level_rand_below(level_ws *w, uint64_t bound)
{
    return level_rand(w) % bound;
}

static void level_rand_seed(level_ws *w, uint64_t seed)
{
    /* splitmix64 step: spreads small seeds, and never yields the
     * all-zero state xorshift cannot leave. */
    uint64_t z = seed + 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    w->rng = z ? z : 0x9e3779b97f4a7c15ULL;
}

/* ------------------------------------------------------------------ */
/* Errors and input checks                                             */
/* ------------------------------------------------------------------ */

static int level_fail(level_error *err, level_code code, int activity,
                      int resource, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int level_fail(level_error *err, level_code code, int activity,
                      int resource, const char *fmt, ...)
{
    if (err == NULL)
        return code;
    err->code = code;
    err->activity = activity;
    err->resource = resource;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof(err->message), fmt, ap);
    va_end(ap);
    return code;
}

/* Sizes, signs and ranges by the checker's own test, then self-loops. */
static int level_check_shape(const rcpsp *p, level_error *err)
{
    level_violation v;
    if (level_verify_problem(p, &v) != LEVEL_VERIFY_OK)
        return level_fail(err, LEVEL_EINVAL, v.activity, -1, "%s", v.message);
    for (int j = 0; j < p->n_activities; j++)
        for (int e = p->succ_start[j]; e < p->succ_start[j + 1]; e++) {
            int s = p->succ[e];
            if (s == j)
                return level_fail(err, LEVEL_ECYCLE, j, -1,
                                  "precedence cycle: %d -> %d", j, j);
        }
    return LEVEL_OK;
}

/*
 * Refused even for zero-duration activities: a demand no period can meet
 * is a data error worth naming, whatever the activity's length.
 */
static int level_check_capacity(const rcpsp *p, level_error *err)
{
    int k = p->n_resources;
    for (int j = 0; j < p->n_activities; j++)
        for (int r = 0; r < k; r++)
            if (p->demand[(size_t)j * k + r] > p->capacity[r])
                return level_fail(err, LEVEL_ECAPACITY, j, r,
                                  "activity %d needs %d units of resource "
                                  "%d, which has %d",
                                  j, p->demand[(size_t)j * k + r], r,
                                  p->capacity[r]);
    return LEVEL_OK;
}

static int level_check_size(const rcpsp *p, level_error *err)
{
    long long sum = 0;
    for (int j = 0; j < p->n_activities; j++)
        sum += p->duration[j];
    long long rows = p->n_resources > 0 ? p->n_resources : 1;
    if (sum > INT_MAX / 2 || (sum + 1) * rows > LEVEL_MAX_PROFILE_CELLS)
        return level_fail(err, LEVEL_E2BIG, -1, -1,
                          "durations sum to %lld periods over %d resources, "
                          "more than the %ld-cell profile holds",
                          sum, p->n_resources, LEVEL_MAX_PROFILE_CELLS);
    return LEVEL_OK;
}

/* ------------------------------------------------------------------ */
/* Network: predecessors, topological order, cycles                    */
/* ------------------------------------------------------------------ */

static void level_preds_build(level_ws *w, const rcpsp *p)
{
    int n = w->n, m = p->succ_start[n];
    w->pred_start = xcalloc((size_t)n + 1, sizeof(int));
    w->pred = xmalloc(sizeof(int) * ((size_t)m + 1));
    for (int e = 0; e < m; e++)
        w->pred_start[p->succ[e] + 1]++;
    for (int j = 0; j < n; j++)
        w->pred_start[j + 1] += w->pred_start[j];
    int *fill = w->count;
    memcpy(fill, w->pred_start, sizeof(int) * (size_t)n);
    for (int j = 0; j < n; j++)
        for (int e = p->succ_start[j]; e < p->succ_start[j + 1]; e++)
            w->pred[fill[p->succ[e]]++] = j;
}

/* Kahn's algorithm; returns how many activities it could order. */
static int level_topo_build(level_ws *w, const rcpsp *p)
{
    int n = w->n, head = 0, tail = 0;
    for (int j = 0; j < n; j++) {
        w->left[j] = w->pred_start[j + 1] - w->pred_start[j];
        if (w->left[j] == 0)
            w->topo[tail++] = j;
    }
    while (head < tail) {
        int j = w->topo[head++];
        for (int e = p->succ_start[j]; e < p->succ_start[j + 1]; e++)
            if (--w->left[p->succ[e]] == 0)
                w->topo[tail++] = p->succ[e];
    }
    return tail;
}

/*
 * Every activity Kahn left behind still waits for an unordered
 * predecessor, so walking back through those must revisit one, v: the
 * walk from v back to v is a cycle. Written forward from v,
 * "v -> a -> ... -> v".
 */
static int level_cycle_report(level_ws *w, level_error *err)
{
    int v = 0;
    while (w->left[v] == 0)
        v++;
    int *seen_at = w->key, *walk = w->order, len = 0;
    for (int j = 0; j < w->n; j++)
        seen_at[j] = -1;
    while (seen_at[v] < 0) {
        seen_at[v] = len;
        walk[len++] = v;
        int e = w->pred_start[v];
        while (w->left[w->pred[e]] == 0)
            e++;
        v = w->pred[e];
    }
    char text[sizeof(err->message)];
    int used = snprintf(text, sizeof(text), "%d", v);
    for (int i = len - 1; i > seen_at[v] && used < (int)sizeof(text); i--)
        used += snprintf(text + used, sizeof(text) - (size_t)used, " -> %d",
                         walk[i]);
    if (used < (int)sizeof(text))
        snprintf(text + used, sizeof(text) - (size_t)used, " -> %d", v);
    return level_fail(err, LEVEL_ECYCLE, v, -1, "precedence cycle: %s", text);
}

/* ------------------------------------------------------------------ */
/* Critical path, lower bound and priority values                      */
/* ------------------------------------------------------------------ */

/* Latest finishes against the critical-path length; sets critical_path. */
static void level_late_finish(level_ws *w, const rcpsp *p, int *lf)
{
    int n = w->n, *es = w->key, cp = 0;
    for (int i = 0; i < n; i++) {
        int j = w->topo[i], t = 0;
        for (int e = w->pred_start[j]; e < w->pred_start[j + 1]; e++) {
            int q = w->pred[e];
            if (es[q] + w->dur[q] > t)
                t = es[q] + w->dur[q];
        }
        es[j] = t;
        if (t + w->dur[j] > cp)
            cp = t + w->dur[j];
    }
    for (int i = n - 1; i >= 0; i--) {
        int j = w->topo[i], t = cp;
        for (int e = p->succ_start[j]; e < p->succ_start[j + 1]; e++) {
            int s = p->succ[e];
            if (lf[s] - w->dur[s] < t)
                t = lf[s] - w->dur[s];
        }
        lf[j] = t;
    }
    w->critical_path = cp;
}

/* No schedule beats the critical path, nor any resource's total work
 * spread evenly over its capacity. */
static void level_lower_bound(level_ws *w, const rcpsp *p)
{
    long long best = w->critical_path;
    for (int r = 0; r < w->k; r++) {
        long long work = 0;
        if (p->capacity[r] == 0)
            continue;
        for (int j = 0; j < w->n; j++)
            work += (long long)w->dur[j] * p->demand[(size_t)j * w->k + r];
        long long periods = (work + p->capacity[r] - 1) / p->capacity[r];
        if (periods > best)
            best = periods;
    }
    w->lower_bound = (int)best;
}

/*
 * Transitive successor counts, 64 target activities at a time: one
 * bit-parallel pass over the network per block keeps memory linear.
 */
static void level_total_successors(level_ws *w, const rcpsp *p, int *total)
{
    int n = w->n;
    uint64_t *bits = xmalloc(sizeof(uint64_t) * (size_t)n);
    memset(total, 0, sizeof(int) * (size_t)n);
    for (int base = 0; base < n; base += 64) {
        for (int i = n - 1; i >= 0; i--) {
            int j = w->topo[i];
            uint64_t b = 0;
            for (int e = p->succ_start[j]; e < p->succ_start[j + 1]; e++) {
                int s = p->succ[e];
                b |= bits[s];
                if (s >= base && s < base + 64)
                    b |= 1ULL << (s - base);
            }
            bits[j] = b;
            total[j] += __builtin_popcountll(b);
        }
    }
    free(bits);
}

/* Every rule as "smaller goes first". */
static void level_priorities(level_ws *w, const rcpsp *p)
{
    int n = w->n;
    for (int r = 0; r < LEVEL_RULE_COUNT; r++)
        w->prio[r] = xmalloc(sizeof(int) * ((size_t)n + 1));
    int *lft = w->prio[LEVEL_RULE_LFT], *mts = w->prio[LEVEL_RULE_MTS];
    level_late_finish(w, p, lft);
    level_total_successors(w, p, mts);
    for (int j = 0; j < n; j++) {
        /* Twin relations count twice; the cap keeps regrets in an int. */
        long long weight = w->dur[j];
        for (int e = p->succ_start[j]; e < p->succ_start[j + 1]; e++)
            weight += w->dur[p->succ[e]];
        w->prio[LEVEL_RULE_LST][j] = lft[j] - w->dur[j];
        w->prio[LEVEL_RULE_GRPW][j] =
            -(int)(weight < INT_MAX / 2 ? weight : INT_MAX / 2);
        mts[j] = -mts[j];
    }
}

/* ------------------------------------------------------------------ */
/* Resource profile and the serial scheme                              */
/* ------------------------------------------------------------------ */

static void level_needs_build(level_ws *w, const rcpsp *p)
{
    int n = w->n, k = w->k, m = 0;
    w->need_start = xmalloc(sizeof(int) * ((size_t)n + 1));
    w->need_res = xmalloc(sizeof(int) * ((size_t)n * k + 1));
    w->need_lim = xmalloc(sizeof(int) * ((size_t)n * k + 1));
    w->need_amt = xmalloc(sizeof(int) * ((size_t)n * k + 1));
    for (int j = 0; j < n; j++) {
        w->need_start[j] = m;
        for (int r = 0; r < k && w->dur[j] > 0; r++) {
            int d = p->demand[(size_t)j * k + r];
            if (d == 0)
                continue;
            w->need_res[m] = r;
            w->need_amt[m] = d;
            w->need_lim[m++] = p->capacity[r] - d;
        }
    }
    w->need_start[n] = m;
}

static void level_profile_clear(level_ws *w)
{
    memset(w->use, 0, sizeof(int) * (size_t)w->use_end * w->k);
    w->use_end = 0;
}

/* Whether period u has room for every unit j needs. */
static int level_profile_room(const level_ws *w, int j, int u)
{
    const int *row = w->use + (size_t)u * w->k;
    for (int c = w->need_start[j]; c < w->need_start[j + 1]; c++)
        if (row[w->need_res[c]] > w->need_lim[c])
            return 0;
    return 1;
}

/*
 * The first start at or after t where j has room for its whole duration.
 * Each candidate window is checked from its last period back, so a clash
 * moves the start just past the latest clashing period at once, and the
 * periods already found free past it are not checked again: every period
 * is looked at once at most. Periods past every placed activity are
 * empty and demands never exceed capacity, so the scan ends inside the
 * profile.
 */
static int level_profile_fit(const level_ws *w, int j, int t)
{
    int d = w->dur[j], free_to = t; /* [t, free_to) known free */
    for (;;) {
        int u = t + d - 1;
        while (u >= free_to && level_profile_room(w, j, u))
            u--;
        if (u < free_to)
            return t;
        free_to = t + d;
        t = u + 1;
    }
}

static void level_profile_take(level_ws *w, int j, int t)
{
    int a = w->need_start[j], b = w->need_start[j + 1];
    for (int u = t; u < t + w->dur[j]; u++) {
        int *row = w->use + (size_t)u * w->k;
        for (int c = a; c < b; c++)
            row[w->need_res[c]] += w->need_amt[c];
    }
    if (t + w->dur[j] > w->use_end)
        w->use_end = t + w->dur[j];
}

/*
 * One serial SGS pass over list in direction dir; start gets each
 * activity's start on that direction's own time axis. Returns the
 * makespan. The list must place everything after what dir says comes
 * before it.
 */
static int level_sgs(level_ws *w, const int *list, int dir, int *start)
{
    const int *bs = w->before_start[dir], *bf = w->before[dir];
    int ms = 0;
    level_profile_clear(w);
    for (int i = 0; i < w->n; i++) {
        int j = list[i], t = 0;
        for (int e = bs[j]; e < bs[j + 1]; e++) {
            int q = bf[e];
            if (start[q] + w->dur[q] > t)
                t = start[q] + w->dur[q];
        }
        if (w->need_start[j] < w->need_start[j + 1]) {
            t = level_profile_fit(w, j, t);
            level_profile_take(w, j, t);
        }
        start[j] = t;
        if (t + w->dur[j] > ms)
            ms = t + w->dur[j];
    }
    w->schedules++;
    return ms;
}

/* ------------------------------------------------------------------ */
/* Budget and the best schedule                                        */
/* ------------------------------------------------------------------ */

static int level_done(level_ws *w)
{
    if (!w->expired && w->schedules - w->clock_at >= LEVEL_CLOCK_PASSES) {
        w->clock_at = w->schedules;
        w->expired = sched_deadline_passed(w->deadline_us);
    }
    return w->expired || w->schedules >= w->max_schedules ||
           w->best_ms <= w->stop_at;
}

static void level_offer(level_ws *w, const int *start, int ms)
{
    if (ms < w->best_ms) {
        w->best_ms = ms;
        memcpy(w->best, start, sizeof(int) * (size_t)w->n);
    }
}

/* ------------------------------------------------------------------ */
/* Forward-backward justification                                      */
/* ------------------------------------------------------------------ */

/*
 * list gets the activities by increasing key (0..max_key), ties in
 * topological order, or in reverse topological order when reverse_ties:
 * either way a tie never puts an activity before one it must follow in
 * the pass the list is for (only zero-duration activities can tie with
 * their neighbours in the network).
 */
static void level_sort_by(level_ws *w, const int *key, int max_key,
                          int reverse_ties, int *list)
{
    int *count = w->count;
    memset(count, 0, sizeof(int) * ((size_t)max_key + 2));
    for (int j = 0; j < w->n; j++)
        count[key[j] + 1]++;
    for (int t = 0; t <= max_key; t++)
        count[t + 1] += count[t];
    for (int i = 0; i < w->n; i++) {
        int j = w->topo[reverse_ties ? w->n - 1 - i : i];
        list[count[key[j]]++] = j;
    }
}

/* Right-justifies start: a backward pass, latest finish first. The result
 * is on the forward axis in w->rev; returns its makespan. */
static int level_shift_right(level_ws *w, const int *start, int ms)
{
    for (int j = 0; j < w->n; j++)
        w->key[j] = ms - start[j] - w->dur[j];
    level_sort_by(w, w->key, ms, 1, w->order);
    int rms = level_sgs(w, w->order, LEVEL_BWD, w->rev);
    for (int j = 0; j < w->n; j++)
        w->rev[j] = rms - w->rev[j] - w->dur[j];
    return rms;
}

/* Left-justifies w->rev into w->fwd: a forward pass, earliest start
 * first. Returns its makespan. */
static int level_shift_left(level_ws *w, int rms)
{
    level_sort_by(w, w->rev, rms, 0, w->order);
    return level_sgs(w, w->order, LEVEL_FWD, w->fwd);
}

/*
 * Improves start (makespan ms) in place by up to rounds of a backward and
 * a forward pass, stopping after a round that gains nothing or when the
 * budget runs out; returns the new makespan.
 */
static int level_justify(level_ws *w, int *start, int ms, int rounds)
{
    for (int round = 0; round < rounds && !level_done(w); round++) {
        int rms = level_shift_right(w, start, ms);
        if (level_done(w)) {
            if (rms < ms) {
                memcpy(start, w->rev, sizeof(int) * (size_t)w->n);
                ms = rms;
            }
            break;
        }
        int fms = level_shift_left(w, rms);
        int gained = fms < ms;
        memcpy(start, w->fwd, sizeof(int) * (size_t)w->n);
        ms = fms;
        level_offer(w, start, ms);
        if (!gained)
            break;
    }
    level_offer(w, start, ms);
    return ms;
}

/* ------------------------------------------------------------------ */
/* Lists from priority rules and biased sampling                       */
/* ------------------------------------------------------------------ */

static int level_pick_best(const int *prio, const int *eligible, int ne)
{
    int best = 0;
    for (int i = 1; i < ne; i++) {
        int a = eligible[i], b = eligible[best];
        if (prio[a] < prio[b] || (prio[a] == prio[b] && a < b))
            best = i;
    }
    return best;
}

/* Regret-based: weight 1 + (worst value among the eligible - own). */
static int level_pick_biased(level_ws *w, const int *prio, const int *eligible,
                             int ne)
{
    int worst = prio[eligible[0]];
    for (int i = 1; i < ne; i++)
        if (prio[eligible[i]] > worst)
            worst = prio[eligible[i]];
    uint64_t total = 0;
    for (int i = 0; i < ne; i++)
        total += (uint64_t)(worst - prio[eligible[i]]) + 1;
    uint64_t draw = level_rand_below(w, total);
    for (int i = 0; i < ne - 1; i++) {
        uint64_t weight = (uint64_t)(worst - prio[eligible[i]]) + 1;
        if (draw < weight)
            return i;
        draw -= weight;
    }
    return ne - 1;
}

/* A precedence-feasible list: each step takes an activity whose
 * predecessors are all listed, by the rule or drawn with its bias. */
static void level_list_build(level_ws *w, const rcpsp *p, const int *prio,
                             int biased, int *list)
{
    int ne = 0, *eligible = w->eligible;
    for (int j = 0; j < w->n; j++) {
        w->left[j] = w->pred_start[j + 1] - w->pred_start[j];
        if (w->left[j] == 0)
            eligible[ne++] = j;
    }
    for (int i = 0; i < w->n; i++) {
        int at = biased ? level_pick_biased(w, prio, eligible, ne)
                        : level_pick_best(prio, eligible, ne);
        int j = eligible[at];
        eligible[at] = eligible[--ne];
        list[i] = j;
        for (int e = p->succ_start[j]; e < p->succ_start[j + 1]; e++)
            if (--w->left[p->succ[e]] == 0)
                eligible[ne++] = p->succ[e];
    }
}

/* ------------------------------------------------------------------ */
/* Genetic search                                                      */
/* ------------------------------------------------------------------ */

static uint64_t level_hash(const int *start, int n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (int j = 0; j < n; j++)
        h = (h ^ (uint64_t)(unsigned)start[j]) * 0x100000001b3ULL;
    return h;
}

/*
 * Decodes list, justifies the schedule (up to rounds) and fills m with
 * its start order, which may differ from list. Returns 0 when the budget
 * ran out before the first pass.
 */
static int level_evaluate(level_ws *w, const int *list, int rounds,
                          level_member *m)
{
    if (level_done(w))
        return 0;
    int *start = w->cand;
    int ms = level_sgs(w, list, LEVEL_FWD, start);
    level_offer(w, start, ms);
    ms = level_justify(w, start, ms, rounds);
    level_sort_by(w, start, ms, 0, m->list);
    m->ms = ms;
    m->hash = level_hash(start, w->n);
    return 1;
}

/* Two-point order crossover: mother's head, then father's order for the
 * middle, then mother's order for the rest. Keeps precedence order. */
static void level_crossover(level_ws *w, const int *mom, const int *dad,
                            int *child)
{
    int n = w->n;
    int q1 = (int)level_rand_below(w, (uint64_t)n + 1);
    int q2 = (int)level_rand_below(w, (uint64_t)n + 1);
    if (q1 > q2) {
        int t = q1;
        q1 = q2;
        q2 = t;
    }
    if (w->stamp_now == INT_MAX) {
        memset(w->stamp, 0, sizeof(int) * (size_t)n);
        w->stamp_now = 0;
    }
    int stamp = ++w->stamp_now, len = 0;
    for (int i = 0; i < q1; i++) {
        child[len++] = mom[i];
        w->stamp[mom[i]] = stamp;
    }
    for (int i = 0; i < n && len < q2; i++)
        if (w->stamp[dad[i]] != stamp) {
            child[len++] = dad[i];
            w->stamp[dad[i]] = stamp;
        }
    for (int i = 0; i < n && len < n; i++)
        if (w->stamp[mom[i]] != stamp) {
            child[len++] = mom[i];
            w->stamp[mom[i]] = stamp;
        }
}

static int level_is_successor(const rcpsp *p, int a, int b)
{
    for (int e = p->succ_start[a]; e < p->succ_start[a + 1]; e++)
        if (p->succ[e] == b)
            return 1;
    return 0;
}

/* Swaps neighbours now and then, never a predecessor past its successor. */
static void level_mutate(level_ws *w, const rcpsp *p, int *list)
{
    for (int i = 0; i + 1 < w->n; i++)
        if (level_rand_below(w, 1000) < LEVEL_MUTATION_PER_MILLE &&
            !level_is_successor(p, list[i], list[i + 1])) {
            int t = list[i];
            list[i] = list[i + 1];
            list[i + 1] = t;
        }
}

static int level_member_cmp(const void *a, const void *b)
{
    const level_member *x = a, *y = b;
    if (x->ms != y->ms)
        return x->ms < y->ms ? -1 : 1;
    return (x->hash > y->hash) - (x->hash < y->hash);
}

/*
 * Keeps the best size members of pool[0..count) at the front, twins
 * (same schedule) dropped so the population keeps its variety; returns
 * how many there are. Lists are swapped, never copied, so every member
 * keeps its own buffer.
 */
static int level_survivors(level_member *pool, int count, int size)
{
    qsort(pool, (size_t)count, sizeof(*pool), level_member_cmp);
    int kept = 0;
    for (int i = 0; i < count && kept < size; i++) {
        if (kept > 0 && pool[i].hash == pool[kept - 1].hash)
            continue;
        level_member t = pool[kept];
        pool[kept++] = pool[i];
        pool[i] = t;
    }
    return kept;
}

/* Uniform over the survivors, who are the best already: stronger
 * pressure (tournaments of two) converged too early in tuning. */
static void level_pick_parents(level_ws *w, int count, int *a, int *b)
{
    *a = (int)level_rand_below(w, (uint64_t)count);
    *b = (int)level_rand_below(w, (uint64_t)count - 1);
    *b += *b >= *a;
}

/*
 * Keeps the best member and refills the population with fresh samples:
 * a population that has stopped improving has usually converged on one
 * region, and recombining it further mostly rediscovers its members.
 */
static int level_restart(level_ws *w, const rcpsp *p, level_rule rule,
                         level_member *pool)
{
    int count = 1;
    while (count < LEVEL_POPULATION && !level_done(w)) {
        level_list_build(w, p, w->prio[rule], 1, w->child);
        count += level_evaluate(w, w->child, LEVEL_ROUNDS_SEED, &pool[count]);
    }
    return level_survivors(pool, count, LEVEL_POPULATION);
}

/*
 * Generations until the budget is spent: as many children as survivors,
 * each from two random survivors, then the best distinct of both kinds
 * survive. After LEVEL_STALE generations without a better schedule, or
 * when too few distinct schedules are left to pair, a restart.
 */
static void level_genetic(level_ws *w, const rcpsp *p, level_rule rule,
                          level_member *pool, int count)
{
    int size = LEVEL_POPULATION, best = pool[0].ms, stale = 0;
    while (!level_done(w)) {
        if (count < 2 || stale >= LEVEL_STALE) {
            count = level_restart(w, p, rule, pool);
            stale = 0;
            continue;
        }
        int made = 0;
        for (int i = 0; i + 1 < count && !level_done(w); i += 2) {
            int a, b;
            level_pick_parents(w, count, &a, &b);
            level_crossover(w, pool[a].list, pool[b].list, w->child);
            level_mutate(w, p, w->child);
            made += level_evaluate(w, w->child, LEVEL_ROUNDS_CHILD,
                                   &pool[count + made]);
            level_crossover(w, pool[b].list, pool[a].list, w->child);
            level_mutate(w, p, w->child);
            made += level_evaluate(w, w->child, LEVEL_ROUNDS_CHILD,
                                   &pool[count + made]);
        }
        count = level_survivors(pool, count + made, size);
        stale = pool[0].ms < best ? 0 : stale + 1;
        best = pool[0].ms;
    }
}

/* ------------------------------------------------------------------ */
/* The search                                                          */
/* ------------------------------------------------------------------ */

static int level_prepare(level_ws *w, const rcpsp *p, level_error *err)
{
    int n = p->n_activities;
    w->n = n;
    w->k = p->n_resources;
    w->dur = p->duration;
    long long sum = 0;
    for (int j = 0; j < n; j++)
        sum += p->duration[j];
    w->horizon = (int)sum;
    size_t big = (size_t)(n > w->horizon ? n : w->horizon) + 2;
    int **scratch[] = {&w->topo,  &w->order, &w->rev,   &w->fwd,
                       &w->key,   &w->count, &w->left,  &w->eligible,
                       &w->stamp, &w->best,  &w->child, &w->cand};
    for (size_t i = 0; i < sizeof(scratch) / sizeof(scratch[0]); i++)
        *scratch[i] = xcalloc(big, sizeof(int));
    level_preds_build(w, p);
    if (level_topo_build(w, p) < n)
        return level_cycle_report(w, err);
    w->use =
        xcalloc(((size_t)w->horizon + 1) * (w->k > 0 ? w->k : 1), sizeof(int));
    w->before_start[LEVEL_FWD] = w->pred_start;
    w->before[LEVEL_FWD] = w->pred;
    w->before_start[LEVEL_BWD] = p->succ_start;
    w->before[LEVEL_BWD] = p->succ;
    level_needs_build(w, p);
    level_priorities(w, p);
    level_lower_bound(w, p);
    return LEVEL_OK;
}

static void level_ws_fini(level_ws *w)
{
    int *all[] = {w->topo,       w->order,    w->rev,     w->fwd,
                  w->key,        w->count,    w->left,    w->eligible,
                  w->stamp,      w->best,     w->child,   w->cand,
                  w->pred_start, w->pred,     w->use,     w->need_start,
                  w->need_res,   w->need_lim, w->need_amt};
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
        free(all[i]);
    for (int r = 0; r < LEVEL_RULE_COUNT; r++)
        free(w->prio[r]);
}

/* Fills pool with schedules from the rules, then sampling; returns how
 * many it made. */
static int level_seed_population(level_ws *w, const rcpsp *p, level_rule first,
                                 level_member *pool)
{
    int count = 0;
    for (int i = 0; i < LEVEL_RULE_COUNT; i++) {
        int rule = (first + i) % LEVEL_RULE_COUNT;
        level_list_build(w, p, w->prio[rule], 0, w->child);
        count += level_evaluate(w, w->child, LEVEL_ROUNDS_SEED, &pool[count]);
    }
    while (count < LEVEL_POPULATION && !level_done(w)) {
        level_list_build(w, p, w->prio[first], 1, w->child);
        count += level_evaluate(w, w->child, LEVEL_ROUNDS_SEED, &pool[count]);
    }
    return level_survivors(pool, count, LEVEL_POPULATION);
}

static void level_search(level_ws *w, const rcpsp *p, level_rule first)
{
    int slots = 3 * LEVEL_POPULATION;
    level_member *pool = xcalloc((size_t)slots, sizeof(*pool));
    for (int i = 0; i < slots; i++)
        pool[i].list = xmalloc(sizeof(int) * ((size_t)w->n + 1));
    int count = level_seed_population(w, p, first, pool);
    level_genetic(w, p, first, pool, count);
    for (int i = 0; i < slots; i++)
        free(pool[i].list);
    free(pool);
}

void level_options_init(level_options *o)
{
    o->max_schedules = LEVEL_DEFAULT_SCHEDULES;
    o->seed = 1;
    o->rule = LEVEL_RULE_LFT;
    o->target = 0;
    o->deadline_us = SCHED_NO_DEADLINE;
}

const char *level_rule_name(level_rule rule)
{
    static const char *const names[LEVEL_RULE_COUNT] = {"LFT", "LST", "MTS",
                                                        "GRPW"};
    return (unsigned)rule < LEVEL_RULE_COUNT ? names[rule] : "?";
}

static int level_check(const rcpsp *p, const level_options *o, const int *start,
                       level_error *err)
{
    if (o->max_schedules < 1 || (unsigned)o->rule >= LEVEL_RULE_COUNT ||
        o->target < 0)
        return level_fail(err, LEVEL_EINVAL, -1, -1,
                          "options: max_schedules must be at least 1, the "
                          "rule known and the target not negative");
    int rc = level_check_shape(p, err);
    if (rc == LEVEL_OK && p->n_activities > 0 && start == NULL)
        rc = level_fail(err, LEVEL_EINVAL, -1, -1, "no start array");
    if (rc == LEVEL_OK)
        rc = level_check_capacity(p, err);
    if (rc == LEVEL_OK)
        rc = level_check_size(p, err);
    return rc;
}

static int level_finish(level_ws *w, const rcpsp *p, int *start,
                        level_result *res, level_error *err)
{
    level_violation v;
    if (level_verify(p, w->best, &v) != LEVEL_VERIFY_OK)
        return level_fail(err, LEVEL_EINTERNAL, v.activity, v.resource,
                          "schedule failed verification: %s", v.message);
    if (w->n > 0)
        memcpy(start, w->best, sizeof(int) * (size_t)w->n);
    if (res != NULL) {
        res->makespan = w->best_ms;
        res->critical_path = w->critical_path;
        res->lower_bound = w->lower_bound;
        res->schedules = w->schedules;
    }
    return LEVEL_OK;
}

int level_solve(const rcpsp *p, const level_options *o, int *start,
                level_result *res, level_error *err)
{
    level_options defaults;
    if (o == NULL) {
        level_options_init(&defaults);
        o = &defaults;
    }
    int rc = level_check(p, o, start, err);
    if (rc != LEVEL_OK)
        return rc;
    level_ws w;
    memset(&w, 0, sizeof(w));
    rc = level_prepare(&w, p, err);
    if (rc == LEVEL_OK) {
        w.max_schedules = o->max_schedules;
        w.stop_at = o->target > w.lower_bound ? o->target : w.lower_bound;
        w.best_ms = INT_MAX;
        w.deadline_us = o->deadline_us;
        w.clock_at = -LEVEL_CLOCK_PASSES; /* the first pass reads it */
        level_rand_seed(&w, o->seed);
        if (w.n > 0)
            level_search(&w, p, o->rule);
        else
            w.best_ms = 0;
        rc = w.expired ? level_fail(err, LEVEL_EDEADLINE, -1, -1,
                                    "stopped at the deadline after %ld "
                                    "schedules",
                                    w.schedules)
                       : level_finish(&w, p, start, res, err);
    }
    level_ws_fini(&w);
    return rc;
}
