/*
 * server/sched/days_off.h - the days each person does not work (leave,
 * vacations) as working time of a plan's calendar.
 *
 * The CPM passes know no people and run on the program calendar alone,
 * so days off do not move CPM dates. They count where people do: in the
 * resource load (load.h: a person's capacity in a week loses their days
 * off, and work booked on one is over-allocation) and in levelling
 * (level_plan.h: a person is busy on their days off, so their free items
 * are placed around them; started items keep their dates).
 *
 * A day off that is no working day under the calendar takes nothing. A
 * working day off is the working ticks [start tick of the day, start tick
 * of the next day); a person's intervals are sorted, disjoint, and merged
 * where they touch (a week off is one interval).
 *
 * Pure C, no I/O. A sched_days_off owns its arrays.
 */
#ifndef PMO_SERVER_SCHED_DAYS_OFF_H
#define PMO_SERVER_SCHED_DAYS_OFF_H

#include "sched/calendar.h"
#include "sched/plan.h"

#include <stdint.h>

typedef struct sched_days_off {
    int n_persons;
    /* Person p's intervals are span[2 j], span[2 j + 1] for j in
     * [off[p], off[p + 1]). */
    int32_t *off;
    sched_tick *span;
} sched_days_off;

/* No days off for anyone. */
void sched_days_off_init(sched_days_off *d);

void sched_days_off_fini(sched_days_off *d);

/*
 * Builds d for n_persons from day numbers: person p's days are
 * days[first[p] .. first[p + 1]), in any order, repeats allowed. Days
 * outside the calendar's range count as not worked. Returns SCHED_OK, or
 * SCHED_EINVAL (negative counts, decreasing first) with d unchanged.
 */
int sched_days_off_build(sched_days_off *d, const sched_cal *cal, int n_persons,
                         const int32_t *first, const int *days);

/* Ticks of [a, b) that fall on person p's days off (0 for p out of range). */
int64_t sched_days_off_overlap(const sched_days_off *d, int p, sched_tick a,
                               sched_tick b);

#endif
