/*
 * server/sched/cpm.h - the critical path method over a plan: early and
 * late dates, total and free float, the critical items and their chains,
 * and the projected finish against the target.
 *
 * Four objects, so that a plan is relabelled once and scheduled many
 * times (Monte Carlo, what-if):
 * - sched_net: the plan prepared for the passes (calendar table, items in
 *   topological order, dependency arcs, start bounds, durations). Built by
 *   sched_net_prepare in O(items + links + calendar days); read-only
 *   after, so any number of threads may share one.
 * - sched_run: one schedule of a net: its durations and every computed
 *   tick, all indexed by rank. One per thread. sched_run_passes is the
 *   forward pass, the backward pass with both floats, the critical flags
 *   and the summary roll-up; sched_run_chains adds the critical chains.
 *   Durations may be changed between passes without touching the net.
 * - sched_result: a run turned back into the caller's item indexes and
 *   calendar dates (sched_result_fill).
 * - sched_lean: runs cut down to what a Monte Carlo forecast reads (the
 *   finish, early finishes, critical flags), eight sets of durations at
 *   a time.
 * Each keeps its memory when used again (for another plan, or the same
 * plan changed), so a worker that schedules repeatedly allocates only
 * when plans grow. sched_cpm does all of it once.
 *
 * Semantics, in working-day ticks (see plan.h and calendar.h):
 * - An item's early start is the latest of: the plan's first working day;
 *   for items not started, the status date and any start-no-earlier date;
 *   and for each link into it, FS: pred early finish + lag, SS: pred early
 *   start + lag, FF: pred early finish + lag - duration, SF: pred early
 *   start + lag - duration. Early finish = early start + duration.
 * - Progress overrides logic: an item with an actual start starts then,
 *   and links into it bind nothing (they still count for cycles). Its
 *   remaining work, duration * (100 - percent) / 100, runs from the status
 *   date (or its actual start if later). An item with an actual finish is
 *   done: it ends at the end of that day, and its start is its actual
 *   start (or its finish minus its duration). A milestone with an actual
 *   date of either kind is done at the end of that day.
 * - Late dates count back from the projected finish (the latest early
 *   finish), or from the end of the target day when the plan asks for it,
 *   through the same links the other way; an item's deadline bounds its
 *   late finish too. A started item's late start is its actual start, a
 *   done item's late dates are its dates.
 * - Total float = late finish - early finish. Free float = how far an
 *   item can slip without moving any successor's early dates (for an item
 *   without successors, the projected finish - its early finish). Done
 *   items have none of either.
 * - Critical items are the unfinished items whose total float is at most
 *   the plan's threshold (critical_float_days, 0 by default), so a
 *   deadline missed shows its item and all that drives it as critical.
 * - The longest path is apart from that: the unfinished items that reach
 *   the projected finish through driving links (below), the items with
 *   the least float were there no deadlines. A forecast's criticality
 *   counts this path.
 * - Critical chains: a link is driving when it sets its successor's early
 *   date exactly. The critical items are split into chains, each a
 *   sequence of critical items joined by driving links. Taking critical
 *   items in topological order, each extends its chain to its first
 *   driving critical successor that no chain has taken yet; an item no
 *   chain took starts a new one. Every critical item is in exactly one
 *   chain, and no chain starts at an item that the end of another chain
 *   drives. A chain records the critical item it branches from
 *   (chain_from, a driving predecessor of its first item) and the one it
 *   joins (chain_into, a driving successor of its last), so parallel
 *   critical paths show as several chains. Chains are listed in the
 *   topological order of their first item.
 * - Summaries: not scheduled themselves and may not be linked (refused
 *   with SCHED_ESUMMARY_LINK: put the links on their leaves). Their dates
 *   roll up from their children (earliest start, latest finish), their
 *   floats are their unfinished children's least (0 once all are done),
 *   and they are critical (or on the longest path) when a child is. A
 *   summary with no children sits at the plan's start.
 * - Zero-duration items are instants, and an instant on a day boundary is
 *   both the end of one working day and the start of the next. Which day
 *   it is shown on follows what set it: a start (the plan start, the
 *   status date, a start-no-earlier date, or a link leaving a start: SS,
 *   SF) puts it on the day that begins there; a finish (a link leaving a
 *   finish: FS, FF, or for late dates the projected finish, the target or
 *   a deadline) on the day that ends there. Early dates and late dates
 *   are each judged by what set them. So a milestone after a task ending
 *   Friday is shown on Friday, one SS on a task starting Monday on
 *   Monday, and an unlinked one's late date on the plan's last day.
 */
#ifndef PMO_SERVER_SCHED_CPM_H
#define PMO_SERVER_SCHED_CPM_H

#include "sched/calendar.h"
#include "sched/plan.h"
#include "sched/topo.h"

#include <stdbool.h>
#include <stdint.h>

/* Item states by rank, low two bits; SCHED_ST_MILESTONE may be or'ed in. */
enum {
    SCHED_ST_FREE = 0,    /* not started: scheduled by logic */
    SCHED_ST_STARTED = 1, /* in progress: start fixed */
    SCHED_ST_DONE = 2,    /* finished: dates fixed */
    SCHED_ST_SUMMARY = 3, /* rolled up from children */
    SCHED_ST_MASK = 3,
    SCHED_ST_MILESTONE = 4,
};

/* A rank without a deadline: later than any late date. */
#define SCHED_NO_DUE INT32_MAX

typedef struct sched_net {
    int32_t n;
    sched_topo topo;
    sched_cal cal;
    uint8_t *state;      /* by rank */
    sched_tick *base;    /* by rank: earliest start */
    sched_tick *dur;     /* by rank: planned ticks from start to finish */
    sched_tick *elapsed; /* by rank, started items: actual start to resume */
    uint8_t *percent;    /* by rank */
    sched_tick *deadline; /* by rank: end of the deadline day, or
                             SCHED_NO_DUE */
    int32_t *roll;       /* (child rank, parent rank) pairs, children first */
    int32_t n_roll;
    int32_t *summaries; /* ranks of the summary items */
    uint8_t *kind;      /* by item: what topo needs (SCHED_TOPO_*) */
    sched_block block;  /* the arrays above */
    int32_t n_summaries;
    int32_t leaves; /* items that are not summaries */
    sched_tick status;
    sched_tick target_end; /* the end of the target day, if has_target */
    sched_tick critical_ticks; /* critical when total float <= this */
    bool has_target, late_from_target;
} sched_net;

/*
 * A run keeps the four dates of each rank together, t[4 r + SCHED_T_*],
 * so that the backward pass, reaching a successor at random, reads its
 * early and late dates from one cache line; the floats, which nothing
 * reads at random, are apart in f[2 r + SCHED_F_*]. A leaf is critical
 * when it is unfinished and its total float is at most the net's
 * critical_ticks; a summary's flag is kept in summary_critical.
 */
enum {
    SCHED_T_ES = 0, /* early start */
    SCHED_T_EF = 1, /* early finish */
    SCHED_T_LS = 2, /* late start */
    SCHED_T_LF = 3, /* late finish */
    SCHED_T_SLOT = 4,
    SCHED_F_TF = 0, /* total float */
    SCHED_F_FF = 1, /* free float */
    SCHED_F_SLOT = 2,
};

typedef struct sched_run {
    const sched_net *net;
    sched_tick *dur;           /* by rank: this run's durations */
    sched_tick *t;             /* SCHED_T_SLOT by rank, 64-byte aligned */
    sched_tick *f;             /* SCHED_F_SLOT by rank */
    uint8_t *summary_critical; /* by rank, for summaries only */
    sched_tick finish;         /* the latest early finish */
    sched_tick critical_float; /* the least total float of any open leaf */
    /* Chains, after sched_run_chains; ranks, -1 for none. */
    int32_t n_chains;
    int32_t *chain_off;   /* n_chains + 1 offsets into chain_items */
    int32_t *chain_items; /* ranks */
    int32_t *chain_from;  /* by chain: the critical item it branches from */
    int32_t *chain_into;  /* by chain: the critical item it joins */
    /* Scratch, by rank. */
    int32_t *bound_start;   /* forward: least early start from links */
    int32_t *bound_finish;  /* forward: least early finish from links */
    int32_t *bound_start_2; /* the same, a second thread's (cpm.c) */
    int32_t *bound_finish_2;
    int32_t *next;     /* chains: the next item of the chain */
    int32_t *from;     /* chains: the first driving critical predecessor */
    uint8_t *taken;    /* chains: already in a chain */
    uint8_t *longest;  /* by rank: on the longest path (after the passes) */
    sched_block block; /* all arrays above */
} sched_run;

/* Whether the item at rank r was critical in the last passes. */
static inline bool sched_run_critical(const sched_run *run, int32_t r)
{
    int st = run->net->state[r] & SCHED_ST_MASK;
    if (st == SCHED_ST_SUMMARY)
        return run->summary_critical[r] != 0;
    return st <= SCHED_ST_STARTED &&
           run->f[SCHED_F_SLOT * r + SCHED_F_TF] <= run->net->critical_ticks;
}

/* The rank of an item in a net, for reading a run by item. */
static inline int32_t sched_net_rank(const sched_net *net, int item)
{
    return net->topo.rank[item];
}

/*
 * A lean run: what a Monte Carlo forecast reads of a schedule and no
 * more, for SCHED_LEAN_LANES sets of durations at once. For each lane,
 * sched_lean_passes gives the same projected finish and early finishes
 * as sched_run_passes would for that lane's durations, and the same
 * SCHED_ERANGE refusals; its critical flags mark the items of least float
 * with late dates from the finish (or target) and no deadline, which is
 * the longest path (summaries rolled up). It computes no late dates for
 * the caller, no floats by rank and no free float.
 *
 * Why lanes: a forecast schedules a plan that fits the cache thousands of
 * times, and there the time of a pass goes into loading each arc and
 * following it, not into the dates. Eight schedules share each arc's load,
 * and their dates, side by side by rank, are updated together (the lane
 * loops vectorise). The arcs are walked as one flat array, each arc
 * carrying its source rank, so the end of a rank's short row of arcs costs
 * no mispredicted branch. One lean run per thread, as runs.
 */
#define SCHED_LEAN_LANES 8

typedef struct sched_lean_arc {
    int32_t from; /* source rank */
    uint32_t key; /* (2 * successor rank + to_finish) << 1 | from_start */
    int32_t lag;  /* as in sched_arc */
} sched_lean_arc;

typedef struct sched_lean {
    const sched_net *net;
    /*
     * By rank and lane, at [r * SCHED_LEAN_LANES + lane]: the durations
     * (the caller's to set, in ticks of 0..SCHED_DAYS_MAX days, as
     * sched_net_duration gives them), then after the passes the early
     * finishes and the critical flags (1 if critical).
     */
    sched_tick *dur;
    sched_tick *ef;
    uint8_t *critical;
    sched_tick finish[SCHED_LEAN_LANES]; /* the latest early finish */
    sched_tick critical_float[SCHED_LEAN_LANES];
    /* Private. */
    sched_lean_arc *arcs; /* the net's arcs, in the net's order */
    sched_tick *bound;    /* by rank: start then finish bounds, by lane */
    sched_tick *late;     /* by rank: late start then late finish, by lane */
    sched_block block;    /* all arrays above */
} sched_lean;

typedef struct sched_result {
    int n_items;
    /* By item: ticks from the start of the plan's first working day. */
    sched_tick *early_start, *early_finish, *late_start, *late_finish;
    sched_tick *total_float, *free_float;
    /* By item: the same dates as day numbers (calendar.h conventions). */
    int *early_start_day, *early_finish_day;
    int *late_start_day, *late_finish_day;
    uint8_t *critical; /* by item: 1 if critical */
    uint8_t *longest;  /* by item: 1 if on the longest path */
    uint8_t *instant;  /* private, by rank: what set an instant's date */
    /* Chains of item indexes, as in sched_run. */
    int n_chains;
    int *chain_off, *chain_items, *chain_from, *chain_into;
    sched_tick finish; /* projected finish, ticks */
    int finish_day;    /* the day it is shown on */
    sched_tick critical_float;
    bool has_target;
    sched_tick slip;   /* finish - end of target day, ticks; > 0 is late */
    sched_block block; /* all arrays above */
} sched_result;

/* An empty net. */
void sched_net_init(sched_net *net);

/*
 * Validates plan and prepares net for it, reusing the net's memory from
 * any earlier plan. The plan is not referenced afterwards. Returns
 * SCHED_OK, or an error code with err filled (release it with
 * sched_error_fini); after a failure the net holds no plan until the next
 * successful prepare, and must not be bound to a run.
 */
int sched_net_prepare(sched_net *net, const sched_plan *plan, sched_error *err);
void sched_net_fini(sched_net *net);

/*
 * Where a plan with nothing to schedule (no leaf) finishes: at its status
 * date, or its start if that is later; never before the data date.
 */
sched_tick sched_net_empty_finish(const sched_net *net);

/*
 * The days an item from ticks start to finish is shown on, by the
 * conventions above, for a view that moves items off their CPM dates
 * (levelling): work from the day it begins to the day it ends in; an
 * instant on one day, the day beginning there when it sits at its own
 * start bound, else the day ending there (moved by what it follows).
 */
void sched_net_days(const sched_net *net, int item, sched_tick start,
                    sched_tick finish, int *start_day, int *finish_day);

/* An empty run. */
void sched_run_init(sched_run *run);

/*
 * Sizes run for net (reusing its memory) with the plan's durations. net
 * must stay prepared, and unchanged, while the run uses it.
 */
void sched_run_bind(sched_run *run, const sched_net *net);
void sched_run_fini(sched_run *run);

/*
 * Changes item's duration for the following passes, as the plan's
 * duration_days would (milestones stay 0; started items keep their
 * progress; summaries and done items ignore it). SCHED_EINVAL if days is
 * not in 0..SCHED_DAYS_MAX, and nothing changes.
 */
int sched_run_set_duration(sched_run *run, int item, double days);

/* Back to the plan's durations. */
void sched_run_reset_durations(sched_run *run);

/*
 * Forward and backward passes, floats, critical flags and roll-up.
 * SCHED_OK, or SCHED_ERANGE if a date leaves SCHED_TICK_LIMIT.
 */
int sched_run_passes(sched_run *run);

/* The critical chains of the last passes. */
void sched_run_chains(sched_run *run);

/*
 * The ticks the item at rank r takes in a schedule when planned to take
 * `planned` ticks, as sched_run_set_duration applies a new duration:
 * started items keep their progress; milestones, summaries and done items
 * keep the net's duration whatever is planned. planned must be in
 * 0..SCHED_DAYS_MAX days.
 */
sched_tick sched_net_duration(const sched_net *net, int32_t r,
                              sched_tick planned);

/* An empty lean run. */
void sched_lean_init(sched_lean *lean);

/*
 * Sizes lean for net (reusing its memory) with the plan's durations; as
 * with sched_run_bind, net must stay prepared and unchanged meanwhile.
 * O(items + links).
 */
void sched_lean_bind(sched_lean *lean, const sched_net *net);
void sched_lean_fini(sched_lean *lean);

/* Every lane back to the plan's durations. */
void sched_lean_reset_durations(sched_lean *lean);

/*
 * finish, ef, critical and critical_float of every lane from its
 * durations, as sched_run_passes would compute them. SCHED_OK, or
 * SCHED_ERANGE if a date of any lane leaves SCHED_TICK_LIMIT (the
 * results are then meaningless).
 */
int sched_lean_passes(sched_lean *lean);

void sched_result_init(sched_result *res);
void sched_result_fini(sched_result *res);

/*
 * Writes run (after passes and chains) into res by item, with dates,
 * reusing res's memory.
 */
void sched_result_fill(sched_result *res, const sched_run *run);

/* All of the above once: SCHED_OK and res filled, or an error in err. */
int sched_cpm(const sched_plan *plan, sched_result *res, sched_error *err);

#endif
