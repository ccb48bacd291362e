/*
 * server/sched/evm_phase.h - the time-phasing behind earned value: how
 * the planned value and the earned value of work items accrue day by
 * day, as evm.c's measures and the S-curve need them.
 *
 * Work comes as groups: items of one scope (a project) that share their
 * baseline and actual dates, with their planned costs and earned costs
 * summed (the database groups them; see model/evm_data.h). Days are day
 * numbers (days since 1970-01-01), and a day counts whole: a value "at
 * day d" is what accrued by the end of d.
 *
 * - Planned value: a group's cost spread evenly over the working days
 *   of its baseline span, start and finish both counted (a milestone, one
 *   day, plans all of it on its day). A span with no working day plans
 *   all of it on its last day. A group without baseline dates plans
 *   nothing.
 * - Earned value over time: the earned cost (cost x percent complete) is
 *   taken as earned evenly over the working days from the actual start to
 *   the actual finish, or to the status date for work under way; work
 *   with no actual start earned it all on its finish (or the status
 *   date). At the status date every group has earned all it earned,
 *   whatever its dates.
 *
 * Working days are those of cal (the program's calendar: weekdays and
 * holidays); with cal NULL every day is one.
 *
 * Each group's value is weighted by the factor of its scope: how a
 * budget spreads over planned costs (factor[g->scope]; NULL for 1).
 *
 * Pure C, no I/O, no allocation: callers give the arrays (out and a
 * scratch array, each of to - from + 1 entries).
 */
#ifndef PMO_SERVER_SCHED_EVM_PHASE_H
#define PMO_SERVER_SCHED_EVM_PHASE_H

#include "sched/calendar.h"

#include <stddef.h>

typedef struct sched_evm_group {
    int scope;                       /* index of its project, >= 0 */
    int base_start, base_finish;     /* SCHED_NO_DAY both when unbaselined */
    int actual_start, actual_finish; /* SCHED_NO_DAY when not given */
    long double cost;   /* planned cost, minor units */
    long double earned; /* cost x percent complete / 100 */
} sched_evm_group;

/* Every scope: the scope argument of the functions below. */
#define SCHED_EVM_ALL_SCOPES (-1)

/* The planned value of the groups of scope at day, weighted. */
long double sched_evm_pv_at(const sched_evm_group *g, size_t n,
                            const sched_cal *cal, const long double *factor,
                            int scope, int day);

/*
 * Cumulative planned value at the end of each day from..to (to >= from)
 * into out[0 .. to - from]: out[i] is sched_evm_pv_at(from + i).
 * Linear in groups plus days.
 */
void sched_evm_pv_days(const sched_evm_group *g, size_t n,
                       const sched_cal *cal, const long double *factor,
                       int scope, int from, int to, long double *out,
                       long double *scratch);

/* The same for the earned value as it accrued, to status_day. */
void sched_evm_ev_days(const sched_evm_group *g, size_t n,
                       const sched_cal *cal, const long double *factor,
                       int scope, int status_day, int from, int to,
                       long double *out, long double *scratch);

/* Working days of cal (every day when NULL) in [a, d]; 0 when d < a. */
int sched_evm_working_days(const sched_cal *cal, int a, int d);

/* The k-th working day (k >= 1) on or after day a. */
int sched_evm_nth_working_day(const sched_cal *cal, int a, int k);

#endif
