/*
 * server/sched/topo.h - a plan's dependencies relabelled into topological
 * order and laid out as compressed rows for the passes; cycles named.
 *
 * Items get ranks 0..n-1 such that every link goes from a lower rank to a
 * higher one (Kahn's algorithm). The successors of each rank are stored
 * as compressed sparse rows: n + 1 offsets by rank and one array of arcs,
 * each arc a packed key and a lag in ticks. A pass is then a loop over
 * ranks with an inner loop over a contiguous run of arcs, forwards for
 * early dates and backwards for late ones, with no pointer to follow.
 *
 * Only successor rows are kept. The forward pass pushes each item's dates
 * along its successor arcs, which updates one 4-byte bound per arc where
 * pulling from predecessor rows would read each predecessor's dates; and
 * not building predecessor rows saves a scatter of every link. On a
 * million items, where every random access misses the cache, that is
 * most of the difference between relabelling paying for itself or not.
 *
 * An arc of rank p has key (s << 3) | 4 | (to_finish << 1) | from_start:
 * s is the successor's rank (SCHED_ARC_NODE), to_finish says whether the
 * link arrives at the successor's finish (FF, SF), from_start whether it
 * leaves from p's start (SS, SF). The passes keep four dates per rank,
 * t[4 r + SCHED_T_*] (cpm.h), so key >> 1 indexes the successor's late
 * date the link arrives at, and (key >> 1) - 2 its early one.
 *
 * Ranks come in levels: level 0 holds the items without predecessors,
 * level k + 1 those whose predecessors reach at most level k. Kahn's
 * queue, taken first in first out, holds one level after another (an item
 * is queued while the last of its predecessors is taken), so each level
 * is a run of consecutive ranks and no arc joins two ranks of one level:
 * a pass may split a level's ranks between threads.
 *
 * Everything is built in O(items + links), with no comparison sort.
 */
#ifndef PMO_SERVER_SCHED_TOPO_H
#define PMO_SERVER_SCHED_TOPO_H

#include "sched/plan.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct sched_arc {
    uint32_t key;
    int32_t lag; /* ticks; SCHED_LAG_OFF for a link that binds nothing */
} sched_arc;

#define SCHED_ARC_NODE(key)  ((int32_t)((key) >> 3))
#define SCHED_ARC_TO_FINISH  2u
#define SCHED_ARC_FROM_START 1u

/*
 * The arc array has this many zeroed arcs past its end, so a loop may read
 * the key of an arc that far ahead to prefetch what it will touch.
 */
#define SCHED_ARC_PAD 128

/*
 * Prefetch distance, in loop iterations. Passes over a large plan miss the
 * cache at random places; asking for a line this far ahead keeps several
 * misses in flight instead of waiting out each in turn. Functions that
 * only prefetch must be always_inline: the compiler sees no effect in them
 * and drops calls to them.
 */
#define SCHED_AHEAD         16
#define SCHED_PREFETCH(p)   __builtin_prefetch((p), 0, 3)
#define SCHED_PREFETCH_W(p) __builtin_prefetch((p), 1, 3)

/*
 * The lag of a link into an item that has started: its dates come from
 * progress, not logic, so the link must bind nothing, yet it still counts
 * for the order and for cycles. It is far enough below any date the passes
 * allow (SCHED_TICK_LIMIT) that it never wins a maximum or a minimum.
 */
#define SCHED_LAG_OFF (-(1 << 30))

/* What topo needs to know of each item, by item index. */
enum {
    SCHED_TOPO_PLAIN = 0,
    SCHED_TOPO_FIXED = 1,   /* started or done: links into it bind nothing */
    SCHED_TOPO_SUMMARY = 2, /* may not be linked */
};

/*
 * A block of memory that objects carve their arrays from and keep between
 * uses: rebuilding for a plan no larger than the last one allocates
 * nothing and touches no fresh page (a fresh page costs a fault, which on
 * a large plan adds up to as much as a pass). Arrays are 64-byte aligned;
 * a block of some megabytes asks for huge pages, which spare random
 * accesses most misses in the address translation cache.
 */
typedef struct sched_block {
    unsigned char *mem; /* 64-byte aligned, inside raw */
    void *raw;
    size_t cap, used;
} sched_block;

/*
 * Layout protocol: sched_block_begin, then sched_block_take for every
 * array; if sched_block_fits is false the takes returned NULL, so call
 * sched_block_grow (which drops the old contents) and lay out again.
 */
void sched_block_begin(sched_block *b);
void *sched_block_take(sched_block *b, size_t bytes);
bool sched_block_fits(const sched_block *b);
void sched_block_grow(sched_block *b);
void sched_block_fini(sched_block *b);

typedef struct sched_topo {
    int32_t n, m;
    int32_t *order;    /* order[rank] = item */
    int32_t *rank;     /* rank[item] */
    int32_t *succ_off; /* n + 1 offsets into succ, by rank */
    sched_arc *succ;   /* m arcs, then SCHED_ARC_PAD zeroed ones */
    int32_t n_levels;
    int32_t *level_off; /* n_levels + 1 rank offsets: level k's ranks are
                           [level_off[k], level_off[k + 1]) */
    sched_block block;  /* all of the above, and scratch for building */
} sched_topo;

/* An empty topo. */
void sched_topo_init(sched_topo *g);

/*
 * Called with ranks [lo, hi) once order[lo..hi) is final, possibly on a
 * second thread while the rest is still being ordered: it may read order
 * in that range (and anything it owns), and write only what belongs to
 * those ranks. Ranges come in increasing order and cover all ranks that
 * get ordered.
 */
typedef void sched_topo_visit_fn(void *arg, const int32_t *order, int32_t lo,
                                 int32_t hi);

/*
 * Validates the plan's links (ends in range, type, finite lag within
 * SCHED_DAYS_MAX, no summary end, per item_kind), orders the items and
 * builds the arc rows, reusing g's memory; visit (if not NULL) sees the
 * ranks as they are ordered. Large plans use a second thread. Returns
 * SCHED_OK, or SCHED_EINVAL / SCHED_ESUMMARY_LINK naming the first bad
 * link in err, or SCHED_ECYCLE with a cycle in err (release it with
 * sched_error_fini). After a failure g holds no plan until the next
 * successful build.
 */
int sched_topo_build(sched_topo *g, const sched_plan *plan,
                     const uint8_t *item_kind, sched_topo_visit_fn *visit,
                     void *visit_arg, sched_error *err);

void sched_topo_fini(sched_topo *g);

/*
 * Calls fn(arg, lo, hi) over [0, n) split in two halves, the second half
 * on a second thread when n >= threaded_from (and a thread can be had),
 * or once over all of [0, n); returns when all is done, and whether it
 * split. fn must only write what its half owns.
 */
bool sched_parallel(int32_t n, int32_t threaded_from,
                    void (*fn)(void *arg, int32_t lo, int32_t hi), void *arg);

#endif
