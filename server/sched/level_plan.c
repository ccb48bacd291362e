/* server/sched/level_plan.c - levelling a plan's people by schedule
 * generation, and the independent check of its schedules. */
#include "sched/level_plan.h"

#include "common/xalloc.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * DESIGN. Everything is indexed by rank, as in cpm.c, and read from the
 * net's successor rows; the one extra structure built per call is the
 * binding predecessor rows, which only the backward pass walks. Links
 * into started or done items carry SCHED_LAG_OFF (topo.h) and are
 * skipped everywhere, so "binding" arcs always end at an item that is
 * not started.
 *
 * A forward pass is the serial scheme: the fixed items' dates pushed
 * along their arcs once per call (the state after that is kept and
 * copied at the start of every pass), then the eligible items taken one
 * at a time. Placing an item pushes its dates into its successors' start
 * and finish bounds as the CPM forward pass does, and makes a successor
 * eligible when its last binding predecessor is placed. Times are int64
 * inside, so a long serialisation cannot wrap; a schedule past
 * SCHED_TICK_LIMIT is discarded.
 *
 * Each person's busy time is a sorted array of disjoint intervals, with
 * touching ones merged: finding the earliest fit at or after t is a
 * binary search and a walk over the gaps too short to hold the item, and
 * adding an interval is a memmove that is short when work is added near
 * a person's latest work, which the priority rules favour.
 *
 * Choosing among eligible items:
 * - by the rule, and by regret-biased sampling: the free items are
 *   sorted once by (rule value, rank), and the eligible ones are marked
 *   in two Fenwick trees over those positions, one counting them and one
 *   adding up their values. The regret weight of an eligible item is
 *   W + T - value, W the largest eligible value (the last marked
 *   position) and T a day in ticks, so the weight of a prefix is
 *   count * (W + T) - sum, and both the first item and a weighted draw
 *   are one descent of the trees: O(log n) a choice rather than a scan
 *   of the eligible set. T is a day rather than a tick so that a tick's
 *   difference in the rule does not make an item a hundred times likelier.
 * - by a key per rank (the justification passes): a binary heap.
 * The backward pass mirrors the forward one: an item is placed once all
 * its binding successors are, finishing as late as its successors'
 * placed dates, the schedule's finish and its person allow. Its starts
 * may fall below the start bounds; they are only the priorities of the
 * forward pass that follows, which alone produces schedules.
 *
 * Randomness is splitmix64 seeded from the options; nothing depends on
 * timing or addresses, so a seed repeats its schedule exactly. The one
 * thing timing decides is whether the search ends at the deadline, and
 * then it returns no schedule at all: the clock is read before the first
 * placement and then every LEVEL_PLAN_CLOCK_STEPS placements, across
 * passes, as one pass over a large plan can take a good part of a second
 * and one over a small plan a microsecond.
 */

/* Placements between two reads of the clock (a power of two). */
#define LEVEL_PLAN_CLOCK_STEPS 1024

/* Which way a pass chooses among eligible items. */
enum {
    LEVEL_PLAN_BY_RULE = 0,     /* the rule's first */
    LEVEL_PLAN_BY_SAMPLE = 1,   /* drawn with the rule's regret bias */
    LEVEL_PLAN_BY_KEY = 2,      /* least key first (heap), ties lower rank */
    LEVEL_PLAN_BY_KEY_LATE = 3, /* least key first, ties higher rank */
};

/* One person's busy time: iv[2 j], iv[2 j + 1] is [start, end) of the
 * j-th interval; intervals are sorted, disjoint and never touch. */
typedef struct level_plan_busy {
    int64_t *iv;
    int32_t n, cap;
} level_plan_busy;

typedef struct level_plan_ws {
    const sched_net *net;
    const sched_run *run;
    int32_t n;
    int32_t *who; /* by rank: the person it takes, or -1 */
    int n_persons;
    const sched_days_off *off;
    level_plan_busy *busy;
    int32_t *free_rank, n_free; /* not started, in rank order */
    int32_t *held, n_held;      /* started, taking a person from resume */
    int32_t *pred_off, *pred;   /* binding predecessors by rank */
    int32_t *n_succ;            /* binding successors by rank */
    /* The state of a forward pass once the fixed items are placed. */
    int64_t *bs0, *bf0;
    int32_t *left0;
    /* The pass under way. */
    int64_t *s, *f, *bs, *bf;
    int32_t *left;
    int mode;
    /* Fenwick trees over the free items in rule order. */
    int32_t *pos;  /* by rank: position */
    int32_t *at;   /* by position: rank */
    int64_t *val;  /* by position: rule value less the least */
    int32_t *fcnt; /* 1-based trees */
    int64_t *fsum;
    int32_t fbit, marked;
    int64_t marked_sum;
    /* The heap, keyed by key[rank]. */
    int32_t *heap, n_heap;
    const int64_t *key;
    /* Justification: the backward pass's dates. */
    int64_t *late_s, *late_f;
    /* The best schedule. */
    int64_t best_finish, best_delay;
    int64_t *best;
    int64_t lower_bound;
    long schedules, max_schedules;
    uint64_t rng;
    int64_t deadline_us;
    uint32_t steps; /* placements made, for reading the clock */
    bool expired;   /* the deadline passed: the search gives up */
} level_plan_ws;

static int64_t level_plan_max(int64_t a, int64_t b)
{
    return a > b ? a : b;
}

static int64_t level_plan_min(int64_t a, int64_t b)
{
    return a < b ? a : b;
}

static int level_plan_state(const sched_net *net, int32_t r)
{
    return net->state[r] & SCHED_ST_MASK;
}

static uint64_t level_plan_rand(level_plan_ws *w)
{
    uint64_t z = (w->rng += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* ================================================================
 * Busy intervals
 * ================================================================ */

/* The first interval whose end is past t (end > t), or with_end: at or
 * past t (end >= t). */
static int32_t level_plan_busy_after(const level_plan_busy *b, int64_t t,
                                     bool with_end)
{
    int32_t lo = 0, hi = b->n;
    while (lo < hi) {
        int32_t mid = lo + (hi - lo) / 2;
        int64_t end = b->iv[2 * mid + 1];
        if (end < t || (end == t && !with_end))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The first interval whose start is at or past t (start >= t), or
 * past_only: past t (start > t). */
static int32_t level_plan_busy_from(const level_plan_busy *b, int64_t t,
                                    bool past_only)
{
    int32_t lo = 0, hi = b->n;
    while (lo < hi) {
        int32_t mid = lo + (hi - lo) / 2;
        int64_t start = b->iv[2 * mid];
        if (start < t || (start == t && past_only))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The earliest start at or after t of d free ticks. */
static int64_t level_plan_busy_fit(const level_plan_busy *b, int64_t t,
                                   int64_t d)
{
    for (int32_t j = level_plan_busy_after(b, t, false);
         j < b->n && b->iv[2 * j] < t + d; j++)
        t = level_plan_max(t, b->iv[2 * j + 1]);
    return t;
}

/* The latest finish at or before f of d free ticks. */
static int64_t level_plan_busy_fit_late(const level_plan_busy *b, int64_t f,
                                        int64_t d)
{
    for (int32_t j = level_plan_busy_from(b, f, false) - 1;
         j >= 0 && b->iv[2 * j + 1] > f - d; j--)
        f = level_plan_min(f, b->iv[2 * j]);
    return f;
}

/* Marks [a, c) busy, merged with every interval it meets or touches. */
static void level_plan_busy_add(level_plan_busy *b, int64_t a, int64_t c)
{
    int32_t lo = level_plan_busy_after(b, a, true);
    int32_t hi = level_plan_busy_from(b, c, true);
    if (lo < hi) {
        a = level_plan_min(a, b->iv[2 * lo]);
        c = level_plan_max(c, b->iv[2 * (hi - 1) + 1]);
    }
    if (b->n + 1 > b->cap) {
        b->cap = b->cap ? 2 * b->cap : 8;
        b->iv = xrealloc(b->iv, 2 * (size_t)b->cap * sizeof *b->iv);
    }
    memmove(b->iv + 2 * (lo + 1), b->iv + 2 * hi,
            2 * (size_t)(b->n - hi) * sizeof *b->iv);
    b->n += 1 - (hi - lo);
    b->iv[2 * lo] = a;
    b->iv[2 * lo + 1] = c;
}

/* Every person free except for their days off and the started items'
 * remaining work. */
static void level_plan_busy_reset(level_plan_ws *w)
{
    const sched_days_off *off = w->off;
    for (int p = 0; p < w->n_persons; p++) {
        w->busy[p].n = 0;
        if (off && p < off->n_persons)
            for (int32_t j = off->off[p]; j < off->off[p + 1]; j++)
                level_plan_busy_add(&w->busy[p], off->span[2 * j],
                                    off->span[2 * j + 1]);
    }
    for (int32_t j = 0; j < w->n_held; j++) {
        int32_t r = w->held[j];
        int64_t resume = w->net->base[r] + w->net->elapsed[r];
        level_plan_busy_add(&w->busy[w->who[r]], resume, w->f[r]);
    }
}

/* ================================================================
 * Choosing among eligible items
 * ================================================================ */

static void level_plan_fen_mark(level_plan_ws *w, int32_t r, int sign)
{
    int32_t p = w->pos[r];
    int64_t v = w->val[p];
    w->marked += sign;
    w->marked_sum += sign * v;
    for (int32_t i = p + 1; i <= w->n_free; i += i & -i) {
        w->fcnt[i] += sign;
        w->fsum[i] += sign * v;
    }
}

/* The position of the k-th marked item, k >= 1. */
static int32_t level_plan_fen_kth(const level_plan_ws *w, int32_t k)
{
    int32_t p = 0;
    for (int32_t step = w->fbit; step > 0; step >>= 1)
        if (p + step <= w->n_free && w->fcnt[p + step] < k) {
            p += step;
            k -= w->fcnt[p];
        }
    return p;
}

/* A marked position drawn with weight W + one day - value. */
static int32_t level_plan_fen_draw(level_plan_ws *w)
{
    int64_t top =
        w->val[level_plan_fen_kth(w, w->marked)] + SCHED_TICKS_PER_DAY;
    uint64_t total = (uint64_t)(w->marked * top - w->marked_sum);
    int64_t u = (int64_t)(level_plan_rand(w) % total);
    int32_t p = 0;
    for (int32_t step = w->fbit; step > 0; step >>= 1) {
        if (p + step > w->n_free)
            continue;
        int64_t weight = w->fcnt[p + step] * top - w->fsum[p + step];
        if (weight <= u) {
            p += step;
            u -= weight;
        }
    }
    return p;
}

static bool level_plan_heap_less(const level_plan_ws *w, int32_t a, int32_t b)
{
    if (w->key[a] != w->key[b])
        return w->key[a] < w->key[b];
    return w->mode == LEVEL_PLAN_BY_KEY_LATE ? a > b : a < b;
}

static void level_plan_heap_push(level_plan_ws *w, int32_t r)
{
    int32_t i = w->n_heap++;
    while (i > 0 && level_plan_heap_less(w, r, w->heap[(i - 1) / 2])) {
        w->heap[i] = w->heap[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    w->heap[i] = r;
}

static int32_t level_plan_heap_pop(level_plan_ws *w)
{
    int32_t top = w->heap[0], last = w->heap[--w->n_heap], i = 0;
    for (;;) {
        int32_t c = 2 * i + 1;
        if (c >= w->n_heap)
            break;
        if (c + 1 < w->n_heap &&
            level_plan_heap_less(w, w->heap[c + 1], w->heap[c]))
            c++;
        if (!level_plan_heap_less(w, w->heap[c], last))
            break;
        w->heap[i] = w->heap[c];
        i = c;
    }
    if (w->n_heap > 0)
        w->heap[i] = last;
    return top;
}

static void level_plan_choice_clear(level_plan_ws *w, int mode)
{
    w->mode = mode;
    w->n_heap = 0;
    if (mode >= LEVEL_PLAN_BY_KEY)
        return;
    memset(w->fcnt, 0, ((size_t)w->n_free + 1) * sizeof *w->fcnt);
    memset(w->fsum, 0, ((size_t)w->n_free + 1) * sizeof *w->fsum);
    w->marked = 0;
    w->marked_sum = 0;
}

static void level_plan_offer(level_plan_ws *w, int32_t r)
{
    if (w->mode >= LEVEL_PLAN_BY_KEY)
        level_plan_heap_push(w, r);
    else
        level_plan_fen_mark(w, r, 1);
}

static bool level_plan_any(const level_plan_ws *w)
{
    return w->mode >= LEVEL_PLAN_BY_KEY ? w->n_heap > 0 : w->marked > 0;
}

static int32_t level_plan_take(level_plan_ws *w)
{
    if (w->mode >= LEVEL_PLAN_BY_KEY)
        return level_plan_heap_pop(w);
    int32_t p = w->mode == LEVEL_PLAN_BY_SAMPLE ? level_plan_fen_draw(w)
                                                : level_plan_fen_kth(w, 1);
    int32_t r = w->at[p];
    level_plan_fen_mark(w, r, -1);
    return r;
}

/* ================================================================
 * Passes
 * ================================================================ */

/* Pushes rank r's dates into its binding successors' bounds; offers
 * the ones that become eligible when offer is set. */
static void level_plan_push(level_plan_ws *w, int32_t r, bool offer)
{
    const sched_topo *g = &w->net->topo;
    for (int32_t e = g->succ_off[r]; e < g->succ_off[r + 1]; e++) {
        uint32_t k = g->succ[e].key;
        if (g->succ[e].lag == SCHED_LAG_OFF)
            continue;
        int32_t s = SCHED_ARC_NODE(k);
        int64_t x =
            ((k & SCHED_ARC_FROM_START) ? w->s[r] : w->f[r]) + g->succ[e].lag;
        int64_t *b = (k & SCHED_ARC_TO_FINISH) ? w->bf : w->bs;
        b[s] = level_plan_max(b[s], x);
        if (--w->left[s] == 0 && offer)
            level_plan_offer(w, s);
    }
}

/* Places free rank r as early as its bounds and its person allow. */
static void level_plan_place(level_plan_ws *w, int32_t r)
{
    int64_t d = w->run->dur[r];
    int64_t t = level_plan_max(w->bs[r], w->bf[r] - d);
    int32_t p = w->who[r];
    if (p >= 0 && d > 0) {
        t = level_plan_busy_fit(&w->busy[p], t, d);
        level_plan_busy_add(&w->busy[p], t, t + d);
    }
    w->s[r] = t;
    w->f[r] = t + d;
    level_plan_push(w, r, true);
}

/* The latest finish of a leaf in the pass's dates, or INT64_MAX if one
 * leaves the supported range. */
static int64_t level_plan_finish(const level_plan_ws *w)
{
    int64_t finish =
        w->net->leaves > 0 ? INT64_MIN : sched_net_empty_finish(w->net);
    for (int32_t r = 0; r < w->n; r++)
        if (level_plan_state(w->net, r) != SCHED_ST_SUMMARY)
            finish = level_plan_max(finish, w->f[r]);
    return finish > SCHED_TICK_LIMIT ? INT64_MAX : finish;
}

/* Counts a placement; true once the deadline is found passed. */
static bool level_plan_step_expired(level_plan_ws *w)
{
    if ((++w->steps & (LEVEL_PLAN_CLOCK_STEPS - 1)) == 0 &&
        sched_deadline_passed(w->deadline_us))
        w->expired = true;
    return w->expired;
}

/* One forward pass choosing by mode; returns its finish (INT64_MAX for
 * a pass cut short by the deadline). */
static int64_t level_plan_forward(level_plan_ws *w, int mode)
{
    size_t n = (size_t)w->n;
    memcpy(w->bs, w->bs0, n * sizeof *w->bs);
    memcpy(w->bf, w->bf0, n * sizeof *w->bf);
    memcpy(w->left, w->left0, n * sizeof *w->left);
    level_plan_busy_reset(w);
    level_plan_choice_clear(w, mode);
    for (int32_t j = 0; j < w->n_free; j++)
        if (w->left[w->free_rank[j]] == 0)
            level_plan_offer(w, w->free_rank[j]);
    while (level_plan_any(w) && !level_plan_step_expired(w))
        level_plan_place(w, level_plan_take(w));
    w->schedules++;
    return w->expired ? INT64_MAX : level_plan_finish(w);
}

/* The latest finish the placed successors leave free rank r. */
static int64_t level_plan_late_bound(const level_plan_ws *w, int32_t r,
                                     int64_t finish)
{
    const sched_topo *g = &w->net->topo;
    int64_t d = w->run->dur[r], lf = finish;
    for (int32_t e = g->succ_off[r]; e < g->succ_off[r + 1]; e++) {
        uint32_t k = g->succ[e].key;
        if (g->succ[e].lag == SCHED_LAG_OFF)
            continue;
        int32_t s = SCHED_ARC_NODE(k);
        int64_t to = (k & SCHED_ARC_TO_FINISH) ? w->late_f[s] : w->late_s[s];
        int64_t from_start = (k & SCHED_ARC_FROM_START) ? d : 0;
        lf = level_plan_min(lf, to - g->succ[e].lag + from_start);
    }
    return lf;
}

/*
 * The backward pass over the current schedule (finish its finish):
 * latest finish first, each item as late as it goes. Leaves the late
 * starts in late_s.
 */
static void level_plan_backward(level_plan_ws *w, int64_t finish)
{
    level_plan_busy_reset(w);
    for (int32_t r = 0; r < w->n; r++) {
        w->left[r] = w->n_succ[r];
        w->late_f[r] = -w->f[r]; /* the heap's key until placed */
    }
    w->key = w->late_f;
    level_plan_choice_clear(w, LEVEL_PLAN_BY_KEY_LATE);
    for (int32_t j = 0; j < w->n_free; j++)
        if (w->left[w->free_rank[j]] == 0)
            level_plan_offer(w, w->free_rank[j]);
    while (level_plan_any(w) && !level_plan_step_expired(w)) {
        int32_t r = level_plan_take(w), p = w->who[r];
        int64_t d = w->run->dur[r], lf = level_plan_late_bound(w, r, finish);
        if (p >= 0 && d > 0) {
            lf = level_plan_busy_fit_late(&w->busy[p], lf, d);
            level_plan_busy_add(&w->busy[p], lf - d, lf);
        }
        w->late_s[r] = lf - d;
        w->late_f[r] = lf;
        for (int32_t e = w->pred_off[r]; e < w->pred_off[r + 1]; e++) {
            int32_t q = w->pred[e];
            if (--w->left[q] == 0 &&
                level_plan_state(w->net, q) == SCHED_ST_FREE)
                level_plan_offer(w, q);
        }
    }
    w->schedules++;
}

/* ================================================================
 * The search
 * ================================================================ */

static bool level_plan_done(const level_plan_ws *w)
{
    return w->expired || w->schedules >= w->max_schedules ||
           w->best_finish <= w->lower_bound;
}

/* Keeps the pass's schedule if it is the best so far. */
static void level_plan_keep(level_plan_ws *w, int64_t finish)
{
    if (finish == INT64_MAX || finish > w->best_finish)
        return;
    int64_t delay = 0;
    for (int32_t j = 0; j < w->n_free; j++) {
        int32_t r = w->free_rank[j];
        delay += w->s[r] - w->run->t[SCHED_T_SLOT * r + SCHED_T_ES];
    }
    if (finish == w->best_finish && delay >= w->best_delay)
        return;
    w->best_finish = finish;
    w->best_delay = delay;
    memcpy(w->best, w->s, (size_t)w->n * sizeof *w->best);
}

/* Backward and forward rounds from the pass just made, while they
 * shorten it. */
static void level_plan_justify(level_plan_ws *w, int64_t finish)
{
    while (finish != INT64_MAX && !level_plan_done(w)) {
        level_plan_backward(w, finish);
        if (level_plan_done(w))
            return;
        w->key = w->late_s;
        int64_t next = level_plan_forward(w, LEVEL_PLAN_BY_KEY);
        level_plan_keep(w, next);
        if (next >= finish)
            return;
        finish = next;
    }
}

static void level_plan_search(level_plan_ws *w, bool justify)
{
    int mode = LEVEL_PLAN_BY_RULE;
    do {
        int64_t finish = level_plan_forward(w, mode);
        level_plan_keep(w, finish);
        if (justify)
            level_plan_justify(w, finish);
        mode = LEVEL_PLAN_BY_SAMPLE;
    } while (!level_plan_done(w));
}

/* ================================================================
 * Preparation
 * ================================================================ */

typedef struct level_plan_prio {
    int64_t value;
    int32_t rank;
} level_plan_prio;

static int level_plan_prio_cmp(const void *a, const void *b)
{
    const level_plan_prio *x = a, *y = b;
    if (x->value != y->value)
        return x->value < y->value ? -1 : 1;
    return (x->rank > y->rank) - (x->rank < y->rank);
}

/* The rule's value of free rank r: less goes first. */
static int64_t level_plan_rule_value(const level_plan_ws *w, level_rule rule,
                                     int32_t r)
{
    const sched_tick *t = w->run->t + SCHED_T_SLOT * r;
    if (rule == LEVEL_RULE_LST)
        return t[SCHED_T_LS];
    if (rule == LEVEL_RULE_LFT)
        return t[SCHED_T_LF];
    const sched_topo *g = &w->net->topo;
    int64_t work = w->run->dur[r];
    for (int32_t e = g->succ_off[r]; e < g->succ_off[r + 1]; e++)
        if (g->succ[e].lag != SCHED_LAG_OFF)
            work += w->run->dur[SCHED_ARC_NODE(g->succ[e].key)];
    return -level_plan_min(work, (int64_t)1 << 31);
}

/* Fenwick positions: the free items sorted by the rule. */
static void level_plan_positions(level_plan_ws *w, level_rule rule)
{
    level_plan_prio *pr = xmalloc(((size_t)w->n_free + 1) * sizeof *pr);
    for (int32_t j = 0; j < w->n_free; j++) {
        pr[j].rank = w->free_rank[j];
        pr[j].value = level_plan_rule_value(w, rule, pr[j].rank);
    }
    qsort(pr, (size_t)w->n_free, sizeof *pr, level_plan_prio_cmp);
    for (int32_t j = 0; j < w->n_free; j++) {
        w->at[j] = pr[j].rank;
        w->pos[pr[j].rank] = j;
        w->val[j] = pr[j].value - pr[0].value;
    }
    w->fbit = 1;
    while (w->fbit * 2 <= w->n_free)
        w->fbit *= 2;
    free(pr);
}

/* Binding arcs: counts both ways, and predecessor rows. */
static void level_plan_arcs(level_plan_ws *w)
{
    const sched_topo *g = &w->net->topo;
    memset(w->pred_off, 0, ((size_t)w->n + 1) * sizeof *w->pred_off);
    for (int32_t r = 0; r < w->n; r++) {
        w->n_succ[r] = 0;
        for (int32_t e = g->succ_off[r]; e < g->succ_off[r + 1]; e++)
            if (g->succ[e].lag != SCHED_LAG_OFF) {
                w->n_succ[r]++;
                w->pred_off[SCHED_ARC_NODE(g->succ[e].key) + 1]++;
            }
    }
    for (int32_t r = 0; r < w->n; r++)
        w->pred_off[r + 1] += w->pred_off[r];
    w->pred = xmalloc(((size_t)w->pred_off[w->n] + 1) * sizeof *w->pred);
    int32_t *fill = xmalloc(((size_t)w->n + 1) * sizeof *fill);
    memcpy(fill, w->pred_off, (size_t)w->n * sizeof *fill);
    for (int32_t r = 0; r < w->n; r++)
        for (int32_t e = g->succ_off[r]; e < g->succ_off[r + 1]; e++)
            if (g->succ[e].lag != SCHED_LAG_OFF)
                w->pred[fill[SCHED_ARC_NODE(g->succ[e].key)]++] = r;
    for (int32_t r = 0; r < w->n; r++)
        w->left0[r] = w->pred_off[r + 1] - w->pred_off[r];
    free(fill);
}

/* Fixed items at their dates, pushed into their successors' bounds; the
 * state every forward pass starts from. */
static void level_plan_fixed(level_plan_ws *w)
{
    const sched_net *net = w->net;
    for (int32_t r = 0; r < w->n; r++) {
        w->bs[r] = net->base[r];
        w->bf[r] = SCHED_LAG_OFF;
        w->s[r] = net->base[r];
        w->f[r] = (int64_t)net->base[r] + w->run->dur[r];
    }
    memcpy(w->left, w->left0, (size_t)w->n * sizeof *w->left);
    for (int32_t r = 0; r < w->n; r++) {
        int st = level_plan_state(net, r);
        if (st == SCHED_ST_STARTED || st == SCHED_ST_DONE)
            level_plan_push(w, r, false);
    }
    memcpy(w->bs0, w->bs, (size_t)w->n * sizeof *w->bs);
    memcpy(w->bf0, w->bf, (size_t)w->n * sizeof *w->bf);
    memcpy(w->left0, w->left, (size_t)w->n * sizeof *w->left);
}

/* Who each rank takes; the free and the started-and-held ranks. */
static void level_plan_people(level_plan_ws *w, const int *person)
{
    const sched_net *net = w->net;
    for (int32_t r = 0; r < w->n; r++) {
        int st = level_plan_state(net, r);
        int p = person[net->topo.order[r]];
        w->who[r] = st == SCHED_ST_SUMMARY || st == SCHED_ST_DONE ? -1 : p;
        if (st == SCHED_ST_FREE)
            w->free_rank[w->n_free++] = r;
        else if (st == SCHED_ST_STARTED && p >= 0 &&
                 net->elapsed[r] < w->run->dur[r])
            w->held[w->n_held++] = r;
    }
}

/* The CPM finish, or one person's work end to end from the earliest
 * CPM start among it, if later. */
static int64_t level_plan_lower_bound(const level_plan_ws *w)
{
    int64_t *first = xmalloc(((size_t)w->n_persons + 1) * sizeof *first);
    int64_t *work = xcalloc((size_t)w->n_persons + 1, sizeof *work);
    int64_t lb = w->run->finish;
    for (int p = 0; p < w->n_persons; p++)
        first[p] = INT64_MAX;
    for (int32_t j = 0; j < w->n_free; j++) {
        int32_t r = w->free_rank[j], p = w->who[r];
        if (p < 0 || w->run->dur[r] == 0)
            continue;
        first[p] =
            level_plan_min(first[p], w->run->t[SCHED_T_SLOT * r + SCHED_T_ES]);
        work[p] += w->run->dur[r];
    }
    for (int p = 0; p < w->n_persons; p++)
        if (first[p] != INT64_MAX)
            lb = level_plan_max(lb, first[p] + work[p]);
    free(first);
    free(work);
    return lb;
}

static void level_plan_ws_init(level_plan_ws *w, const sched_net *net,
                               const sched_run *run, const int *person,
                               int n_persons, const level_plan_options *o)
{
    size_t n = (size_t)net->n + 1;
    memset(w, 0, sizeof *w);
    w->net = net;
    w->run = run;
    w->n = net->n;
    w->n_persons = n_persons;
    w->off = o->off;
    w->busy = xcalloc((size_t)n_persons + 1, sizeof *w->busy);
    int32_t **i32[] = {&w->who,    &w->free_rank, &w->held, &w->pred_off,
                       &w->n_succ, &w->left0,     &w->left, &w->pos,
                       &w->at,     &w->fcnt,      &w->heap};
    for (size_t j = 0; j < sizeof i32 / sizeof i32[0]; j++)
        *i32[j] = xmalloc((n + 1) * sizeof(int32_t));
    int64_t **i64[] = {&w->bs0,  &w->bf0,    &w->s,     &w->f,
                       &w->bs,   &w->bf,     &w->val,   &w->fsum,
                       &w->best, &w->late_s, &w->late_f};
    for (size_t j = 0; j < sizeof i64 / sizeof i64[0]; j++)
        *i64[j] = xmalloc((n + 1) * sizeof(int64_t));
    level_plan_people(w, person);
    level_plan_arcs(w);
    level_plan_fixed(w);
    level_plan_positions(w, o->rule);
    w->lower_bound = level_plan_lower_bound(w);
    w->best_finish = INT64_MAX;
    w->best_delay = INT64_MAX;
    w->max_schedules = o->max_schedules;
    w->rng = o->seed;
    w->deadline_us = o->deadline_us;
    w->steps = LEVEL_PLAN_CLOCK_STEPS - 1; /* the first placement reads it */
}

static void level_plan_ws_fini(level_plan_ws *w)
{
    for (int p = 0; p < w->n_persons; p++)
        free(w->busy[p].iv);
    free(w->busy);
    void *all[] = {w->who,    w->free_rank, w->held,  w->pred_off, w->pred,
                   w->n_succ, w->left0,     w->left,  w->pos,      w->at,
                   w->fcnt,   w->heap,      w->bs0,   w->bf0,      w->s,
                   w->f,      w->bs,        w->bf,    w->val,      w->fsum,
                   w->best,   w->late_s,    w->late_f};
    for (size_t j = 0; j < sizeof all / sizeof all[0]; j++)
        free(all[j]);
}

/* ================================================================
 * Results
 * ================================================================ */

/* The best schedule by item, summaries rolled up, into start and
 * finish (by item); delays into delay. */
static void level_plan_by_item(const level_plan_ws *w, sched_tick *start,
                               sched_tick *finish, sched_tick *delay)
{
    const sched_net *net = w->net;
    const int32_t *order = net->topo.order;
    for (int32_t r = 0; r < w->n; r++) {
        int i = order[r];
        bool summary = level_plan_state(net, r) == SCHED_ST_SUMMARY;
        start[i] = summary ? SCHED_TICK_LIMIT : (sched_tick)w->best[r];
        finish[i] = summary ? -SCHED_TICK_LIMIT
                            : (sched_tick)(w->best[r] + w->run->dur[r]);
    }
    for (int32_t j = 0; j < net->n_roll; j++) {
        int c = order[net->roll[2 * j]], p = order[net->roll[2 * j + 1]];
        start[p] = start[c] < start[p] ? start[c] : start[p];
        finish[p] = finish[c] > finish[p] ? finish[c] : finish[p];
    }
    for (int32_t r = 0; r < w->n; r++) {
        int i = order[r];
        if (level_plan_state(net, r) == SCHED_ST_SUMMARY &&
            start[i] == SCHED_TICK_LIMIT)
            start[i] = finish[i] = 0;
        delay[i] = start[i] - w->run->t[SCHED_T_SLOT * r + SCHED_T_ES];
    }
}

static void level_plan_result_fill(level_plan_result *res,
                                   const level_plan_ws *w, sched_tick *start,
                                   sched_tick *finish, sched_tick *delay,
                                   level_rule rule)
{
    size_t n = (size_t)w->n + 1;
    res->start = xrealloc(res->start, n * sizeof *res->start);
    res->finish = xrealloc(res->finish, n * sizeof *res->finish);
    res->delay = xrealloc(res->delay, n * sizeof *res->delay);
    memcpy(res->start, start, n * sizeof *start);
    memcpy(res->finish, finish, n * sizeof *finish);
    memcpy(res->delay, delay, n * sizeof *delay);
    res->n_items = w->n;
    res->finish_all = (sched_tick)w->best_finish;
    res->finish_day = sched_cal_end_day(&w->net->cal, res->finish_all);
    res->cpm_finish = w->run->finish;
    res->lower_bound =
        (sched_tick)level_plan_min(w->lower_bound, SCHED_TICK_LIMIT);
    res->total_delay = w->best_delay;
    res->schedules = w->schedules;
    res->rule = rule;
}

/* Checks the best schedule and hands it over. */
static int level_plan_finish_up(const level_plan_ws *w, const int *person,
                                level_rule rule, level_plan_result *res,
                                sched_error *err)
{
    if (w->best_finish == INT64_MAX) {
        sched_error_set(err, SCHED_ERANGE, -1, -1,
                        "every levelled schedule leaves the supported "
                        "range of dates");
        return SCHED_ERANGE;
    }
    size_t n = (size_t)w->n + 1;
    sched_tick *start = xmalloc(n * sizeof *start);
    sched_tick *finish = xmalloc(n * sizeof *finish);
    sched_tick *delay = xmalloc(n * sizeof *delay);
    level_plan_by_item(w, start, finish, delay);
    level_plan_violation v;
    int rc = level_plan_verify(w->net, w->run, person, w->n_persons, start,
                               finish, &v);
    if (rc == LEVEL_PLAN_VERIFY_OK)
        rc = level_plan_verify_days_off(w->net, w->run, person, w->off, start,
                                        finish, &v);
    if (rc == LEVEL_PLAN_VERIFY_OK)
        level_plan_result_fill(res, w, start, finish, delay, rule);
    else
        sched_error_set(err, LEVEL_PLAN_EINTERNAL, v.item, -1,
                        "levelled schedule failed its check: %s", v.message);
    free(start);
    free(finish);
    free(delay);
    return rc == LEVEL_PLAN_VERIFY_OK ? SCHED_OK : LEVEL_PLAN_EINTERNAL;
}

static int level_plan_check_args(const sched_net *net, const sched_run *run,
                                 const int *person, int n_persons,
                                 const level_plan_options *o, sched_error *err)
{
    if (!net || !run || run->net != net || n_persons < 0 ||
        (net->n > 0 && !person)) {
        sched_error_set(err, SCHED_EINVAL, -1, -1,
                        "levelling needs a run bound to the net and a "
                        "person for every item");
        return SCHED_EINVAL;
    }
    if (o->max_schedules < 1 ||
        (o->rule != LEVEL_RULE_LFT && o->rule != LEVEL_RULE_LST &&
         o->rule != LEVEL_RULE_GRPW)) {
        sched_error_set(err, SCHED_EINVAL, -1, -1,
                        "levelling options: at least one schedule, and the "
                        "rule LFT, LST or GRPW");
        return SCHED_EINVAL;
    }
    for (int32_t r = 0; r < net->n; r++) {
        int i = net->topo.order[r];
        if (level_plan_state(net, r) != SCHED_ST_SUMMARY &&
            (person[i] < -1 || person[i] >= n_persons)) {
            sched_error_set(err, SCHED_EINVAL, i, -1,
                            "item %d: person %d does not exist", i, person[i]);
            return SCHED_EINVAL;
        }
    }
    return SCHED_OK;
}

/* ================================================================
 * Checking a schedule
 * ================================================================ */

static int level_plan_fail(level_plan_violation *v, level_plan_check code,
                           int item, int other, int person, const char *fmt,
                           ...) __attribute__((format(printf, 6, 7)));

static int level_plan_fail(level_plan_violation *v, level_plan_check code,
                           int item, int other, int person, const char *fmt,
                           ...)
{
    if (v) {
        v->code = code;
        v->item = item;
        v->other = other;
        v->person = person;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(v->message, sizeof v->message, fmt, ap);
        va_end(ap);
    }
    return code;
}

static const char *level_plan_link_name(uint32_t key)
{
    static const char *const names[4] = {"FS", "SS", "FF", "SF"};
    return names[(key & SCHED_ARC_FROM_START) |
                 ((key & SCHED_ARC_TO_FINISH) ? 2 : 0)];
}

/* Every leaf at its duration, fixed ones unmoved, free ones in bounds. */
static int level_plan_verify_items(const sched_net *net, const sched_run *run,
                                   const sched_tick *start,
                                   const sched_tick *finish,
                                   level_plan_violation *v)
{
    for (int32_t r = 0; r < net->n; r++) {
        int i = net->topo.order[r], st = level_plan_state(net, r);
        int64_t d = run->dur[r], b = net->base[r];
        if (st == SCHED_ST_SUMMARY)
            continue;
        if (st != SCHED_ST_FREE && (start[i] != b || finish[i] != b + d))
            return level_plan_fail(v, LEVEL_PLAN_VERIFY_FIXED, i, -1, -1,
                                   "item %d has progress but moved to "
                                   "%d-%d from %lld",
                                   i, start[i], finish[i], (long long)b);
        if (st == SCHED_ST_FREE && start[i] < b)
            return level_plan_fail(v, LEVEL_PLAN_VERIFY_EARLY, i, -1, -1,
                                   "item %d starts at %d, before its bound "
                                   "%lld",
                                   i, start[i], (long long)b);
        if ((int64_t)finish[i] - start[i] != d)
            return level_plan_fail(v, LEVEL_PLAN_VERIFY_DURATION, i, -1, -1,
                                   "item %d runs %d-%d, not %lld ticks", i,
                                   start[i], finish[i], (long long)d);
    }
    return LEVEL_PLAN_VERIFY_OK;
}

static int level_plan_verify_links(const sched_net *net,
                                   const sched_tick *start,
                                   const sched_tick *finish,
                                   level_plan_violation *v)
{
    const sched_topo *g = &net->topo;
    for (int32_t r = 0; r < net->n; r++) {
        int p = g->order[r];
        for (int32_t e = g->succ_off[r]; e < g->succ_off[r + 1]; e++) {
            uint32_t k = g->succ[e].key;
            int32_t lag = g->succ[e].lag;
            if (lag == SCHED_LAG_OFF)
                continue;
            int s = g->order[SCHED_ARC_NODE(k)];
            int64_t from = (k & SCHED_ARC_FROM_START) ? start[p] : finish[p];
            int64_t to = (k & SCHED_ARC_TO_FINISH) ? finish[s] : start[s];
            if (to < from + lag)
                return level_plan_fail(
                    v, LEVEL_PLAN_VERIFY_LINK, s, p, -1,
                    "%s link %d -> %d, lag %d: %lld comes before %lld",
                    level_plan_link_name(k), p, s, lag, (long long)to,
                    (long long)(from + lag));
        }
    }
    return LEVEL_PLAN_VERIFY_OK;
}

typedef struct level_plan_span {
    int64_t a, b;
    int item, person;
    bool fixed;
} level_plan_span;

static int level_plan_span_cmp(const void *x, const void *y)
{
    const level_plan_span *s = x, *t = y;
    if (s->person != t->person)
        return s->person < t->person ? -1 : 1;
    if (s->a != t->a)
        return s->a < t->a ? -1 : 1;
    return (s->item > t->item) - (s->item < t->item);
}

/* The time each leaf takes its person: free items over their dates,
 * started ones from where work resumes. */
static int32_t level_plan_spans(const sched_net *net, const sched_run *run,
                                const int *person, const sched_tick *start,
                                const sched_tick *finish, level_plan_span *sp)
{
    int32_t m = 0;
    for (int32_t r = 0; r < net->n; r++) {
        int i = net->topo.order[r], st = level_plan_state(net, r);
        level_plan_span x = {start[i], finish[i], i, person[i], false};
        if (st == SCHED_ST_STARTED) {
            x.a = (int64_t)net->base[r] + net->elapsed[r];
            x.b = (int64_t)net->base[r] + run->dur[r];
            x.fixed = true;
        }
        if (x.person >= 0 && x.b > x.a &&
            (st == SCHED_ST_FREE || st == SCHED_ST_STARTED))
            sp[m++] = x;
    }
    return m;
}

/* No person on two items at once, unless both are started items. */
static int level_plan_verify_people(const sched_net *net, const sched_run *run,
                                    const int *person, const sched_tick *start,
                                    const sched_tick *finish,
                                    level_plan_violation *v)
{
    level_plan_span *sp = xmalloc(((size_t)net->n + 1) * sizeof *sp);
    int32_t m = level_plan_spans(net, run, person, start, finish, sp);
    qsort(sp, (size_t)m, sizeof *sp, level_plan_span_cmp);
    int rc = LEVEL_PLAN_VERIFY_OK;
    int64_t end_any = 0, end_free = 0;
    int by_any = -1, by_free = -1;
    for (int32_t j = 0; j < m && rc == LEVEL_PLAN_VERIFY_OK; j++) {
        if (j == 0 || sp[j].person != sp[j - 1].person) {
            end_any = end_free = INT64_MIN;
            by_any = by_free = -1;
        }
        int other = sp[j].fixed ? (sp[j].a < end_free ? by_free : -1)
                                : (sp[j].a < end_any ? by_any : -1);
        if (other >= 0)
            rc = level_plan_fail(
                v, LEVEL_PLAN_VERIFY_OVERLAP, sp[j].item, other, sp[j].person,
                "person %d works on items %d and %d at "
                "once, at %lld",
                sp[j].person, other, sp[j].item, (long long)sp[j].a);
        if (sp[j].b > end_any) {
            end_any = sp[j].b;
            by_any = sp[j].item;
        }
        if (!sp[j].fixed && sp[j].b > end_free) {
            end_free = sp[j].b;
            by_free = sp[j].item;
        }
    }
    free(sp);
    return rc;
}

int level_plan_verify_days_off(const sched_net *net, const sched_run *run,
                               const int *person, const sched_days_off *off,
                               const sched_tick *start,
                               const sched_tick *finish,
                               level_plan_violation *v)
{
    for (int32_t r = 0; off && r < net->n; r++) {
        int i = net->topo.order[r];
        if (level_plan_state(net, r) != SCHED_ST_FREE || run->dur[r] == 0 ||
            sched_days_off_overlap(off, person[i], start[i], finish[i]) == 0)
            continue;
        return level_plan_fail(v, LEVEL_PLAN_VERIFY_DAY_OFF, i, -1, person[i],
                               "item %d runs %d-%d over a day off of "
                               "person %d",
                               i, start[i], finish[i], person[i]);
    }
    return LEVEL_PLAN_VERIFY_OK;
}

/* Summaries span their children exactly; childless ones sit at 0. */
static int level_plan_verify_summaries(const sched_net *net,
                                       const sched_tick *start,
                                       const sched_tick *finish,
                                       level_plan_violation *v)
{
    const int32_t *order = net->topo.order;
    int64_t *lo = xmalloc(((size_t)net->n + 1) * sizeof *lo);
    int64_t *hi = xmalloc(((size_t)net->n + 1) * sizeof *hi);
    for (int32_t r = 0; r < net->n; r++) {
        bool summary = level_plan_state(net, r) == SCHED_ST_SUMMARY;
        lo[r] = summary ? INT64_MAX : start[order[r]];
        hi[r] = summary ? INT64_MIN : finish[order[r]];
    }
    for (int32_t j = 0; j < net->n_roll; j++) {
        int32_t c = net->roll[2 * j], p = net->roll[2 * j + 1];
        lo[p] = level_plan_min(lo[p], lo[c]);
        hi[p] = level_plan_max(hi[p], hi[c]);
    }
    int rc = LEVEL_PLAN_VERIFY_OK;
    for (int32_t j = 0; j < net->n_summaries && rc == LEVEL_PLAN_VERIFY_OK;
         j++) {
        int32_t r = net->summaries[j];
        int i = order[r];
        if (lo[r] == INT64_MAX)
            lo[r] = hi[r] = 0;
        if (start[i] != lo[r] || finish[i] != hi[r])
            rc = level_plan_fail(v, LEVEL_PLAN_VERIFY_SUMMARY, i, -1, -1,
                                 "summary %d shows %d-%d, its children "
                                 "%lld-%lld",
                                 i, start[i], finish[i], (long long)lo[r],
                                 (long long)hi[r]);
    }
    free(lo);
    free(hi);
    return rc;
}

/* ================================================================
 * Interface
 * ================================================================ */

void level_plan_options_init(level_plan_options *o)
{
    o->max_schedules = LEVEL_PLAN_DEFAULT_SCHEDULES;
    o->seed = 1;
    o->rule = LEVEL_RULE_LFT;
    o->justify = true;
    o->deadline_us = SCHED_NO_DEADLINE;
    o->off = NULL;
}

void level_plan_result_init(level_plan_result *res)
{
    memset(res, 0, sizeof *res);
}

void level_plan_result_fini(level_plan_result *res)
{
    free(res->start);
    free(res->finish);
    free(res->delay);
    memset(res, 0, sizeof *res);
}

int level_plan_solve(const sched_net *net, const sched_run *run,
                     const int *person, int n_persons,
                     const level_plan_options *o, level_plan_result *res,
                     sched_error *err)
{
    level_plan_options defaults;
    if (!o) {
        level_plan_options_init(&defaults);
        o = &defaults;
    }
    int rc = level_plan_check_args(net, run, person, n_persons, o, err);
    if (rc != SCHED_OK)
        return rc;
    level_plan_ws w;
    level_plan_ws_init(&w, net, run, person, n_persons, o);
    level_plan_search(&w, o->justify);
    if (w.expired) {
        sched_error_set(err, SCHED_EDEADLINE, -1, -1,
                        "levelling stopped at the deadline after %ld of at "
                        "most %ld schedules",
                        w.schedules, w.max_schedules);
        rc = SCHED_EDEADLINE;
    } else {
        rc = level_plan_finish_up(&w, person, o->rule, res, err);
    }
    level_plan_ws_fini(&w);
    return rc;
}

int level_plan_verify(const sched_net *net, const sched_run *run,
                      const int *person, int n_persons, const sched_tick *start,
                      const sched_tick *finish, level_plan_violation *v)
{
    if (!net || !run || run->net != net || n_persons < 0 ||
        (net->n > 0 && (!person || !start || !finish)))
        return level_plan_fail(v, LEVEL_PLAN_VERIFY_MALFORMED, -1, -1, -1,
                               "no schedule, or a run of another net");
    for (int32_t r = 0; r < net->n; r++) {
        int i = net->topo.order[r];
        if (level_plan_state(net, r) != SCHED_ST_SUMMARY &&
            (person[i] < -1 || person[i] >= n_persons))
            return level_plan_fail(v, LEVEL_PLAN_VERIFY_MALFORMED, i, -1,
                                   person[i], "item %d: no person %d", i,
                                   person[i]);
    }
    int rc = level_plan_verify_items(net, run, start, finish, v);
    if (rc == LEVEL_PLAN_VERIFY_OK)
        rc = level_plan_verify_links(net, start, finish, v);
    if (rc == LEVEL_PLAN_VERIFY_OK)
        rc = level_plan_verify_people(net, run, person, start, finish, v);
    if (rc == LEVEL_PLAN_VERIFY_OK)
        rc = level_plan_verify_summaries(net, start, finish, v);
    return rc;
}
