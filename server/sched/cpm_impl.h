/*
 * server/sched/cpm_impl.h - what the files of the critical path method
 * share and nothing else includes: the constants of the passes and the
 * small arithmetic every step uses. cpm_net.c prepares a net, cpm_run.c
 * runs the passes and chains, cpm_lean.c the forecast's lean passes,
 * cpm_result.c turns a run into dates, cpm.c holds errors and sched_cpm.
 */
#ifndef PMO_SERVER_SCHED_CPM_IMPL_H
#define PMO_SERVER_SCHED_CPM_IMPL_H

#include "sched/cpm.h"

#include <stdbool.h>
#include <stdint.h>

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

static inline int64_t sched_min64(int64_t a, int64_t b)
{
    return a < b ? a : b;
}

static inline int64_t sched_max64(int64_t a, int64_t b)
{
    return a > b ? a : b;
}

static inline sched_tick sched_days_ticks(double days)
{
    double x = days * SCHED_TICKS_PER_DAY;
    return (sched_tick)(x >= 0 ? x + 0.5 : x - 0.5);
}

static inline bool sched_day_ok(int day)
{
    return day >= SCHED_DAY_MIN && day <= SCHED_DAY_MAX;
}

static inline bool sched_opt_day_ok(int day)
{
    return day == SCHED_NO_DAY || sched_day_ok(day);
}

static inline bool sched_duration_ok(double days)
{
    return days >= 0 && days <= SCHED_DAYS_MAX;
}

/* Does arc e of rank p set its successor's early date exactly? */
bool sched_run_driving(const sched_run *run, int32_t p, int32_t e);

/* An instant's day: the day beginning at t, or the day ending there. */
static inline int sched_result_instant_day(const sched_cal *c, sched_tick t,
                                           bool by_start)
{
    return by_start ? sched_cal_start_day(c, t) : sched_cal_end_day(c, t);
}

#endif
