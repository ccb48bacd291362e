/* server/sched/topo.c - topological relabelling of a plan and cycle naming. */
#include "sched/topo.h"

#include "common/xalloc.h"

#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/*
 * DESIGN. On a large plan every random access to memory costs about as
 * much as streaming a hundred bytes, so building is arranged to make as
 * few of them as it can, and to keep those it makes independent of one
 * another so that many are in flight at once. Five linear passes and no
 * comparison sort:
 * 1. each thread takes half the links: checks them, counts them per
 *    bucket of 4096 predecessor items (a few counters, always in cache)
 *    and counts in-degrees in one byte per item (a million items fit in
 *    the core's cache; a count past 255 goes on in a list of overflows);
 *    the two halves' counts are then added up;
 * 2. each thread partitions its half of the links into the buckets,
 *    appending to one stream per bucket;
 * 3. each bucket is sorted into rows by predecessor item with a counting
 *    pass over that bucket alone, which stays in cache; the threads take
 *    half the buckets each ("out" rows: successor item, type code, lag);
 * 4. Kahn's algorithm over those rows gives the order, and copies each
 *    row, as it is taken, to its rank's place; Kahn is sequential, so the
 *    other thread trails it, noting each item's rank (and calling the
 *    caller's visitor) for the part of the order that is final, which
 *    Kahn publishes through an atomic counter;
 * 5. successors are renamed from items to ranks, each thread taking half
 *    the ranks.
 * All memory comes from the topo's block and stays there for the next
 * build; the partitioned links of steps 2-3 share their space with the
 * final arcs of step 4. Threads are joined before any function returns.
 */

/* Plans with fewer links than this stay on one thread. */
#define SCHED_TOPO_THREAD_MIN 100000

/* Items per bucket of the partition in steps 1-3. */
#define SCHED_TOPO_BUCKET_BITS 12
#define SCHED_TOPO_BUCKET      (1 << SCHED_TOPO_BUCKET_BITS)

/*
 * Blocks of at least this many bytes start on a huge page boundary and ask
 * to be backed by huge pages: passes touch them at random, and with small
 * pages such an access often misses the address translation cache too.
 */
#define SCHED_BLOCK_HUGE      ((size_t)4 << 20)
#define SCHED_BLOCK_HUGE_PAGE ((size_t)2 << 20)

/* Queue entries Kahn takes at a time. */
#define SCHED_TOPO_BATCH 256

/* Type code: bit 1 = leaves the predecessor's finish, bit 0 = arrives at
 * the successor's finish. Indexed by sched_link_type. */
static const uint8_t sched_topo_code[5] = {0, 2, 0, 3, 1};

typedef struct sched_topo_rec {
    int32_t pred;
    uint32_t key; /* successor item << 2 | type code */
    int32_t lag;
} sched_topo_rec;

typedef struct sched_topo_half {
    int rc;          /* of checking this half's links */
    sched_error err; /* why, when rc is not SCHED_OK */
    uint8_t *count;  /* in-degrees from this half, up to 255 */
    int32_t *over;   /* items whose count passed 255, once per link */
    int32_t n_over, cap_over;
} sched_topo_half;

typedef struct sched_topo_work {
    const sched_plan *plan;
    const uint8_t *kind;
    sched_topo *g;
    int32_t n_buckets;
    int32_t *bucket_off; /* n_buckets + 1 offsets into rec */
    int32_t *half_count; /* by bucket: links of the first half */
    sched_topo_rec *rec; /* links, partitioned by bucket */
    int32_t *out_off;    /* n + 1: rows of out arcs by item */
    sched_arc *out;      /* key = successor item << 2 | type code */
    uint8_t *indeg;      /* by item, up to 255; zero once taken */
    int32_t *indeg_more; /* by item, read only where indeg is 255: more */
    sched_topo_half half[2];
    bool split;     /* step 1 ran as two halves */
    unsigned kinds; /* bit k set if some item is of kind k */
} sched_topo_work;

/* ================================================================
 * Threads
 * ================================================================ */

typedef struct sched_parallel_half {
    void (*fn)(void *arg, int32_t lo, int32_t hi);
    void *arg;
    int32_t lo, hi;
} sched_parallel_half;

static void *sched_parallel_cb(void *p)
{
    sched_parallel_half *h = p;
    h->fn(h->arg, h->lo, h->hi);
    return NULL;
}

/* ================================================================
 * Steps 1-3: checks and rows by predecessor item
 * ================================================================ */

static int32_t sched_topo_lag_ticks(double days)
{
    double x = days * SCHED_TICKS_PER_DAY;
    return (int32_t)(x >= 0 ? x + 0.5 : x - 0.5);
}

static int sched_topo_check_link(const sched_plan *plan, const uint8_t *kind,
                                 bool summaries, int e, sched_error *err)
{
    const sched_link *l = &plan->links[e];
    int n = plan->n_items;
    if (l->pred < 0 || l->pred >= n || l->succ < 0 || l->succ >= n) {
        sched_error_set(err, SCHED_EINVAL, -1, e,
                        "link %d: item %d or %d does not exist", e, l->pred,
                        l->succ);
        return SCHED_EINVAL;
    }
    if (l->type < SCHED_FS || l->type > SCHED_SF) {
        sched_error_set(err, SCHED_EINVAL, -1, e, "link %d: bad type %d", e,
                        l->type);
        return SCHED_EINVAL;
    }
    if (!(fabs(l->lag_days) <= SCHED_DAYS_MAX)) {
        sched_error_set(err, SCHED_EINVAL, -1, e, "link %d: bad lag", e);
        return SCHED_EINVAL;
    }
    int summary = !summaries                            ? -1
                  : kind[l->pred] == SCHED_TOPO_SUMMARY ? l->pred
                  : kind[l->succ] == SCHED_TOPO_SUMMARY ? l->succ
                                                        : -1;
    if (summary >= 0) {
        sched_error_set(err, SCHED_ESUMMARY_LINK, summary, e,
                        "link %d (%d -> %d) is on summary item %d", e, l->pred,
                        l->succ, summary);
        return SCHED_ESUMMARY_LINK;
    }
    return SCHED_OK;
}

static void sched_topo_count_in(sched_topo_half *h, int32_t s)
{
    if (h->count[s] != UINT8_MAX) {
        h->count[s]++;
        return;
    }
    if (h->n_over == h->cap_over) {
        h->cap_over = h->cap_over ? 2 * h->cap_over : 64;
        h->over = xrealloc(h->over, (size_t)h->cap_over * sizeof *h->over);
    }
    h->over[h->n_over++] = s;
}

/*
 * Step 1 for links [lo, hi): the first half counts per bucket into
 * half_count, the second into bucket_off[b + 1] (when not threaded, one
 * call does all links as the first half).
 */
static void sched_topo_count(void *arg, int32_t lo, int32_t hi)
{
    sched_topo_work *w = arg;
    const sched_plan *plan = w->plan;
    sched_topo_half *h = &w->half[lo > 0];
    int32_t *per_bucket = lo > 0 ? w->bucket_off + 1 : w->half_count;
    for (int32_t e = lo; e < hi; e++) {
        if (e + SCHED_AHEAD < hi) {
            const sched_link *l = &plan->links[e + SCHED_AHEAD];
            uint32_t n = (uint32_t)plan->n_items;
            uint32_t p = (uint32_t)l->pred, s = (uint32_t)l->succ;
            if (w->kinds & 1u << SCHED_TOPO_SUMMARY) {
                SCHED_PREFETCH(&w->kind[p < n ? p : 0]);
                SCHED_PREFETCH(&w->kind[s < n ? s : 0]);
            }
            SCHED_PREFETCH_W(&h->count[s < n ? s : 0]);
        }
        h->rc = sched_topo_check_link(
            plan, w->kind, w->kinds & 1u << SCHED_TOPO_SUMMARY, e, &h->err);
        if (h->rc != SCHED_OK)
            return;
        per_bucket[plan->links[e].pred >> SCHED_TOPO_BUCKET_BITS]++;
        sched_topo_count_in(h, plan->links[e].succ);
    }
}

/* Step 1, after: both halves' in-degrees of items [lo, hi) added up. */
static void sched_topo_add_counts(void *arg, int32_t lo, int32_t hi)
{
    sched_topo_work *w = arg;
    const uint8_t *other = w->half[1].count;
    for (int32_t u = lo; u < hi; u++) {
        int32_t sum = w->indeg[u] + other[u];
        if (sum >= UINT8_MAX) {
            w->indeg[u] = UINT8_MAX;
            w->indeg_more[u] = sum - UINT8_MAX;
        } else {
            w->indeg[u] = (uint8_t)sum;
        }
    }
}

/* Step 1: returns SCHED_OK, or the first bad link's error in err. */
static int sched_topo_count_links(sched_topo_work *w, sched_error *err)
{
    int32_t m = w->plan->n_links, n = w->g->n;
    int32_t threaded = m >= SCHED_TOPO_THREAD_MIN ? 2 : INT32_MAX;
    w->split = sched_parallel(m, threaded, sched_topo_count, w);
    for (int h = 0; h < 2; h++)
        if (w->half[h].rc != SCHED_OK) {
            *err = w->half[h].err;
            return w->half[h].rc;
        }
    for (int32_t b = 0; b < w->n_buckets; b++)
        w->bucket_off[b + 1] += w->half_count[b];
    sched_parallel(n, threaded, sched_topo_add_counts, w);
    for (int h = 0; h < 2; h++)
        for (int32_t j = 0; j < w->half[h].n_over; j++)
            w->indeg_more[w->half[h].over[j]]++;
    return SCHED_OK;
}

/*
 * Step 2 for links [lo, hi) (one half, or all when not threaded): each
 * bucket's links in link order. The first half writes from each bucket's
 * start, the second from where the first half's links end.
 */
static void sched_topo_partition(void *arg, int32_t lo, int32_t hi)
{
    sched_topo_work *w = arg;
    const sched_plan *plan = w->plan;
    int32_t nb = w->n_buckets;
    bool fixed = w->kinds & 1u << SCHED_TOPO_FIXED;
    int32_t *cursor = xmalloc(((size_t)nb + 1) * sizeof *cursor);
    for (int32_t b = 0; b < nb; b++)
        cursor[b] = w->bucket_off[b] + (lo > 0 ? w->half_count[b] : 0);
    for (int32_t e = lo; e < hi; e++) {
        const sched_link *l = &plan->links[e];
        if (e + SCHED_AHEAD < hi) {
            const sched_link *la = &plan->links[e + SCHED_AHEAD];
            if (fixed)
                SCHED_PREFETCH(&w->kind[la->succ]);
            SCHED_PREFETCH_W(
                &w->rec[cursor[la->pred >> SCHED_TOPO_BUCKET_BITS] + 4]);
        }
        sched_topo_rec *r =
            &w->rec[cursor[l->pred >> SCHED_TOPO_BUCKET_BITS]++];
        r->pred = l->pred;
        r->key = (uint32_t)l->succ << 2 | sched_topo_code[l->type];
        r->lag = fixed && w->kind[l->succ] == SCHED_TOPO_FIXED
                     ? SCHED_LAG_OFF
                     : sched_topo_lag_ticks(l->lag_days);
    }
    free(cursor);
}

/* Step 3 for buckets [lo, hi): rows by item, with a counting sort. */
static void sched_topo_rows(void *arg, int32_t lo, int32_t hi)
{
    sched_topo_work *w = arg;
    int32_t n = w->plan->n_items;
    int32_t *count = xmalloc((SCHED_TOPO_BUCKET + 1) * sizeof *count);
    for (int32_t b = lo; b < hi; b++) {
        int32_t first = b << SCHED_TOPO_BUCKET_BITS, at = w->bucket_off[b];
        int32_t items =
            n - first < SCHED_TOPO_BUCKET ? n - first : SCHED_TOPO_BUCKET;
        memset(count, 0, ((size_t)items + 1) * sizeof *count);
        for (int32_t j = at; j < w->bucket_off[b + 1]; j++)
            count[w->rec[j].pred - first + 1]++;
        for (int32_t i = 0; i < items; i++) {
            count[i + 1] += count[i];
            w->out_off[first + i] = at + count[i];
        }
        for (int32_t j = at; j < w->bucket_off[b + 1]; j++) {
            int32_t pos = at + count[w->rec[j].pred - first]++;
            w->out[pos].key = w->rec[j].key;
            w->out[pos].lag = w->rec[j].lag;
        }
    }
    free(count);
}

static void sched_topo_out_rows(sched_topo_work *w)
{
    int32_t nb = w->n_buckets, m = w->plan->n_links;
    int32_t threaded = m >= SCHED_TOPO_THREAD_MIN ? 2 : INT32_MAX;
    for (int32_t b = 0; b < nb; b++)
        w->bucket_off[b + 1] += w->bucket_off[b];
    /* The partition splits the links as the count did, or not at all. */
    sched_parallel(m, w->split ? threaded : INT32_MAX, sched_topo_partition, w);
    sched_parallel(nb, threaded, sched_topo_rows, w);
    w->out_off[w->plan->n_items] = m;
}

/* ================================================================
 * Steps 4-5: Kahn's algorithm and renaming
 * ================================================================ */

/* One link into s is taken care of; true when s has none left. */
static bool sched_topo_release(sched_topo_work *w, int32_t s)
{
    if (w->indeg[s] == UINT8_MAX && w->indeg_more[s] > 0) {
        w->indeg_more[s]--;
        return false;
    }
    return --w->indeg[s] == 0;
}

/* Kahn, first part of a batch: row offsets by rank. */
static int32_t sched_topo_batch_offsets(sched_topo_work *w, int32_t head,
                                        int32_t end, int32_t sp)
{
    sched_topo *g = w->g;
    const int32_t *off = w->out_off;
    for (int32_t h = head; h < end; h++) {
        if (h + SCHED_AHEAD < end)
            SCHED_PREFETCH(&off[g->order[h + SCHED_AHEAD]]);
        int32_t u = g->order[h];
        sp += off[u + 1] - off[u];
        g->succ_off[h + 1] = sp;
    }
    return sp;
}

/* Kahn, second part: rows copied to rank order. */
static void sched_topo_batch_copy(sched_topo_work *w, int32_t head, int32_t end)
{
    sched_topo *g = w->g;
    const int32_t *off = w->out_off;
    for (int32_t h = head; h < end; h++) {
        if (h + SCHED_AHEAD < end)
            SCHED_PREFETCH(&w->out[off[g->order[h + SCHED_AHEAD]]]);
        int32_t u = g->order[h];
        sched_arc *to = &g->succ[g->succ_off[h]];
        for (int32_t j = off[u]; j < off[u + 1]; j++)
            *to++ = w->out[j];
    }
}

/* Kahn, last part: the batch's successors released, in arc order. */
static int32_t sched_topo_batch_release(sched_topo_work *w, int32_t head,
                                        int32_t end, int32_t tail)
{
    sched_topo *g = w->g;
    int32_t last = g->succ_off[end];
    for (int32_t j = g->succ_off[head]; j < last; j++) {
        if (j + SCHED_AHEAD < last)
            SCHED_PREFETCH_W(&w->indeg[g->succ[j + SCHED_AHEAD].key >> 2]);
        int32_t s = (int32_t)(g->succ[j].key >> 2);
        if (sched_topo_release(w, s))
            g->order[tail++] = s;
    }
    return tail;
}

/*
 * Step 4: Kahn's algorithm, taking the queue a batch at a time so that
 * each loop's random reads are independent of one another and can be in
 * flight together; the order is the one item-at-a-time Kahn gives.
 * Returns how many items were ordered.
 */
static int32_t sched_topo_kahn(sched_topo_work *w, atomic_int *ready)
{
    sched_topo *g = w->g;
    int32_t n = g->n, tail = 0, head = 0, sp = 0;
    for (int32_t u = 0; u < n; u++)
        if (w->indeg[u] == 0)
            g->order[tail++] = u;
    g->succ_off[0] = 0;
    g->n_levels = 0;
    g->level_off[0] = 0;
    /* The queue holds one level after another (topo.h): the next level
     * ends where the queue's tail is when this one has been released. */
    int32_t level_end = tail;
    while (head < tail) {
        atomic_store_explicit(ready, tail, memory_order_release);
        int32_t end =
            tail - head > SCHED_TOPO_BATCH ? head + SCHED_TOPO_BATCH : tail;
        sp = sched_topo_batch_offsets(w, head, end, sp);
        sched_topo_batch_copy(w, head, end);
        while (head < end) {
            int32_t stop = end < level_end ? end : level_end;
            tail = sched_topo_batch_release(w, head, stop, tail);
            head = stop;
            if (head == level_end) {
                g->level_off[++g->n_levels] = level_end;
                level_end = tail;
            }
        }
    }
    return tail;
}

typedef struct sched_topo_trail {
    sched_topo *g;
    sched_topo_visit_fn *visit;
    void *arg;
    atomic_int ready; /* order[0, ready) is final */
    atomic_bool done; /* Kahn has stopped; ready is the last count */
} sched_topo_trail;

/* Step 4, trailing: each item's rank for ranks [lo, hi), then the visit. */
static void sched_topo_trail_range(sched_topo_trail *tr, int32_t lo, int32_t hi)
{
    sched_topo *g = tr->g;
    for (int32_t r = lo; r < hi; r++) {
        if (r + SCHED_AHEAD < hi)
            SCHED_PREFETCH_W(&g->rank[g->order[r + SCHED_AHEAD]]);
        g->rank[g->order[r]] = r;
    }
    if (tr->visit)
        tr->visit(tr->arg, g->order, lo, hi);
}

static void *sched_topo_trail_cb(void *p)
{
    sched_topo_trail *tr = p;
    int32_t seen = 0;
    for (;;) {
        bool done = atomic_load_explicit(&tr->done, memory_order_acquire);
        int32_t ready = atomic_load_explicit(&tr->ready, memory_order_acquire);
        if (ready > seen) {
            sched_topo_trail_range(tr, seen, ready);
            seen = ready;
        } else if (done) {
            return NULL;
        } else {
            sched_yield();
        }
    }
}

/* Step 4 with its trail: returns how many items were ordered. */
static int32_t sched_topo_order_items(sched_topo_work *w,
                                      sched_topo_visit_fn *visit, void *arg)
{
    sched_topo_trail tr = {.g = w->g, .visit = visit, .arg = arg};
    pthread_t th;
    atomic_init(&tr.ready, 0);
    atomic_init(&tr.done, false);
    bool trailing = w->g->m >= SCHED_TOPO_THREAD_MIN &&
                    pthread_create(&th, NULL, sched_topo_trail_cb, &tr) == 0;
    int32_t ordered = sched_topo_kahn(w, &tr.ready);
    atomic_store_explicit(&tr.ready, ordered, memory_order_release);
    atomic_store_explicit(&tr.done, true, memory_order_release);
    if (trailing)
        pthread_join(th, NULL);
    else
        sched_topo_trail_range(&tr, 0, ordered);
    return ordered;
}

/* Step 5 over ranks [lo, hi): successor items become ranks, type codes
 * become the key bits the passes use. */
static void sched_topo_relabel(void *arg, int32_t lo, int32_t hi)
{
    sched_topo_work *w = arg;
    const sched_topo *g = w->g;
    const int32_t *rank = g->rank;
    sched_arc *arc = g->succ;
    int32_t end = g->succ_off[hi];
    for (int32_t j = g->succ_off[lo]; j < end; j++) {
        if (j + SCHED_AHEAD < end)
            SCHED_PREFETCH(&rank[arc[j + SCHED_AHEAD].key >> 2]);
        uint32_t key = arc[j].key, code = key & 3u;
        arc[j].key = (uint32_t)rank[key >> 2] << 3 | 4u | (code & 1u) << 1 |
                     (~code >> 1 & 1u);
    }
}

/* ================================================================
 * Cycles
 * ================================================================ */

/* Rotates cyc[0..len) so that its lowest item comes first. */
static void sched_topo_rotate(int *cyc, int len)
{
    int lo = 0;
    for (int i = 1; i < len; i++)
        if (cyc[i] < cyc[lo])
            lo = i;
    int *tmp = xmalloc((size_t)len * sizeof *tmp);
    for (int i = 0; i < len; i++)
        tmp[i] = cyc[(lo + i) % len];
    memcpy(cyc, tmp, (size_t)len * sizeof *cyc);
    free(tmp);
}

static void sched_topo_cycle_detail(sched_error *err)
{
    size_t at = (size_t)snprintf(err->detail, sizeof err->detail,
                                 "dependencies form a cycle:");
    for (int i = 0; i <= err->cycle_len && at < sizeof err->detail; i++)
        at +=
            (size_t)snprintf(err->detail + at, sizeof err->detail - at, "%s%d",
                             i ? " -> " : " ", err->cycle[i % err->cycle_len]);
}

/*
 * After Kahn stops short, every item left has a predecessor that is left
 * too. Following one such predecessor from item to item must come back
 * to an item already seen; the items from there on form a cycle (walked
 * backwards, so it is reversed at the end).
 */
static void sched_topo_name_cycle(const sched_topo_work *w, sched_error *err)
{
    const sched_plan *plan = w->plan;
    int32_t n = plan->n_items;
    int32_t *pick = xmalloc((size_t)n * sizeof *pick);
    uint8_t *seen = xcalloc((size_t)n, 1);
    int32_t x = -1, len = 0;
    for (int e = 0; e < plan->n_links; e++) {
        const sched_link *l = &plan->links[e];
        if (w->indeg[l->pred] > 0 && w->indeg[l->succ] > 0)
            pick[l->succ] = l->pred;
    }
    for (int32_t u = 0; u < n && x < 0; u++)
        if (w->indeg[u] > 0)
            x = u;
    while (!seen[x]) {
        seen[x] = 1;
        x = pick[x];
    }
    int *cyc = xmalloc((size_t)n * sizeof *cyc);
    int32_t y = x;
    do {
        cyc[len++] = y;
        y = pick[y];
    } while (y != x);
    for (int i = 0; i < len / 2; i++) {
        int t = cyc[i];
        cyc[i] = cyc[len - 1 - i];
        cyc[len - 1 - i] = t;
    }
    sched_topo_rotate(cyc, len);
    sched_error_set(err, SCHED_ECYCLE, cyc[0], -1, "cycle");
    err->cycle = cyc;
    err->cycle_len = len;
    sched_topo_cycle_detail(err);
    free(pick);
    free(seen);
}

/* ================================================================
 * Building
 * ================================================================ */

/* Carves every array from g's block (see sched_block_take). */
static void sched_topo_layout(sched_topo *g, sched_topo_work *w)
{
    size_t n = (size_t)g->n + 1, m = (size_t)g->m;
    size_t nb = (size_t)w->n_buckets + 1;
    size_t arcs = (m + SCHED_ARC_PAD) * sizeof(sched_arc);
    size_t recs = m * sizeof(sched_topo_rec);
    sched_block *b = &g->block;
    sched_block_begin(b);
    g->order = sched_block_take(b, n * sizeof *g->order);
    g->rank = sched_block_take(b, n * sizeof *g->rank);
    g->succ_off = sched_block_take(b, n * sizeof *g->succ_off);
    g->level_off = sched_block_take(b, n * sizeof *g->level_off);
    /* The partitioned links are dead before Kahn writes the arcs. */
    g->succ = sched_block_take(b, arcs > recs ? arcs : recs);
    w->rec = (sched_topo_rec *)g->succ;
    w->bucket_off = sched_block_take(b, nb * sizeof *w->bucket_off);
    w->half_count = sched_block_take(b, nb * sizeof *w->half_count);
    w->out_off = sched_block_take(b, n * sizeof *w->out_off);
    w->out = sched_block_take(b, (m + 1) * sizeof *w->out);
    w->indeg = sched_block_take(b, n);
    w->half[1].count = sched_block_take(b, n);
    w->indeg_more = sched_block_take(b, n * sizeof *w->indeg_more);
}

static void sched_topo_prepare(sched_topo *g, sched_topo_work *w,
                               const sched_plan *plan, const uint8_t *kind)
{
    memset(w, 0, sizeof *w);
    w->plan = plan;
    w->kind = kind;
    w->g = g;
    w->n_buckets = (plan->n_items >> SCHED_TOPO_BUCKET_BITS) + 1;
    /* Most plans have no summary, or nothing started: then no link needs
     * its ends' kinds, and the passes over links skip those lookups. */
    for (int32_t i = 0; i < plan->n_items; i++)
        w->kinds |= 1u << kind[i];
    g->n = plan->n_items;
    g->m = plan->n_links;
    sched_topo_layout(g, w);
    if (!sched_block_fits(&g->block)) {
        sched_block_grow(&g->block);
        sched_topo_layout(g, w);
    }
    size_t nb = (size_t)w->n_buckets + 1;
    memset(w->bucket_off, 0, nb * sizeof *w->bucket_off);
    memset(w->half_count, 0, nb * sizeof *w->half_count);
    /* indeg_more is read only where indeg says so, and set there first. */
    w->half[0].count = w->indeg;
    memset(w->indeg, 0, (size_t)g->n + 1);
    memset(w->half[1].count, 0, (size_t)g->n + 1);
}

static void sched_topo_work_fini(sched_topo_work *w)
{
    free(w->half[0].over);
    free(w->half[1].over);
}

/* Steps 2-5 on counted links. */
static int sched_topo_order(sched_topo *g, sched_topo_work *w,
                            sched_topo_visit_fn *visit, void *arg,
                            sched_error *err)
{
    int32_t threaded = g->m >= SCHED_TOPO_THREAD_MIN ? 2 : INT32_MAX;
    sched_topo_out_rows(w);
    if (sched_topo_order_items(w, visit, arg) < g->n) {
        sched_topo_name_cycle(w, err);
        return SCHED_ECYCLE;
    }
    memset(&g->succ[g->m], 0, SCHED_ARC_PAD * sizeof *g->succ);
    sched_parallel(g->n, threaded, sched_topo_relabel, w);
    return SCHED_OK;
}

/* ================================================================
 * Interface
 * ================================================================ */
void sched_block_begin(sched_block *b)
{
    b->used = 0;
}

void *sched_block_take(sched_block *b, size_t bytes)
{
    size_t at = (b->used + 63) & ~(size_t)63;
    b->used = at + bytes;
    return b->used <= b->cap ? b->mem + at : NULL;
}

bool sched_block_fits(const sched_block *b)
{
    return b->used <= b->cap;
}

void sched_block_grow(sched_block *b)
{
    size_t align = 64;
    free(b->raw);
    b->cap = b->used + b->used / 8 + 64;
    if (b->cap >= SCHED_BLOCK_HUGE)
        align = SCHED_BLOCK_HUGE_PAGE;
    b->raw = xmalloc(b->cap + align - 1);
    b->mem = (unsigned char *)(((uintptr_t)b->raw + align - 1) &
                               ~(uintptr_t)(align - 1));
    /* Asked before the first touch; where the kernel has no huge page to
     * give, nothing changes. */
    if (align == SCHED_BLOCK_HUGE_PAGE)
        madvise(b->mem, b->cap & ~(align - 1), MADV_HUGEPAGE);
}

void sched_block_fini(sched_block *b)
{
    free(b->raw);
    memset(b, 0, sizeof *b);
}

bool sched_parallel(int32_t n, int32_t threaded_from,
                    void (*fn)(void *arg, int32_t lo, int32_t hi), void *arg)
{
    sched_parallel_half h = {fn, arg, n / 2, n};
    pthread_t th;
    if (n < threaded_from ||
        pthread_create(&th, NULL, sched_parallel_cb, &h) != 0) {
        fn(arg, 0, n);
        return false;
    }
    fn(arg, 0, n / 2);
    pthread_join(th, NULL);
    return true;
}

void sched_topo_init(sched_topo *g)
{
    memset(g, 0, sizeof *g);
}

int sched_topo_build(sched_topo *g, const sched_plan *plan,
                     const uint8_t *item_kind, sched_topo_visit_fn *visit,
                     void *visit_arg, sched_error *err)
{
    sched_topo_work w;
    sched_topo_prepare(g, &w, plan, item_kind);
    int rc = sched_topo_count_links(&w, err);
    if (rc == SCHED_OK)
        rc = sched_topo_order(g, &w, visit, visit_arg, err);
    sched_topo_work_fini(&w);
    if (rc != SCHED_OK)
        g->n = g->m = g->n_levels = 0;
    return rc;
}

void sched_topo_fini(sched_topo *g)
{
    sched_block_fini(&g->block);
    memset(g, 0, sizeof *g);
}
