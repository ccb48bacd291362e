/*
 * server/sched/load.h - resource load: how many working days each person
 * is booked in each week, against what the calendar lets them work.
 *
 * Any schedule can be read: the CPM early dates of a sched_result
 * (sched_load_from_result), or start and finish ticks from elsewhere,
 * such as a levelled schedule (sched_load_compute).
 *
 * Semantics, in the ticks of calendar.h:
 * - A task occupies each person assigned to it for their units on every
 *   working tick of [start, finish): the passes schedule work
 *   continuously over working days, so nothing else is spread or
 *   prorated. Units are hundredths of a person (SCHED_UNITS_FULL is a
 *   whole one): a task of 0.5 units takes half of each of its days.
 *   Without assignment arrays each item takes its one person (person[])
 *   at SCHED_UNITS_FULL. Summaries carry no load (their children do), nor
 *   do milestones and zero-length tasks, nor items with no person.
 * - Weeks start on Monday (ISO). Week k spans the days
 *   [first_monday + 7 k, first_monday + 7 k + 7) and so the working ticks
 *   [start tick of its Monday, start tick of the next Monday).
 * - A cell's load is the sum over the person's tasks of units times the
 *   task's ticks inside the week's working ticks, in working days (ticks
 *   / SCHED_TICKS_PER_DAY). Two tasks of one person that overlap both
 *   count in full: that is what over-allocation looks like.
 * - A week's capacity is its working days under the calendar: five in a
 *   plain Monday-to-Friday week, fewer with holidays. A person's capacity
 *   in a week is their capacity units (capacity_units, SCHED_UNITS_FULL
 *   when not given) times that less their working days off in it
 *   (days_off.h): 2.5 days for a half-time person in a plain week.
 * - A cell is over-allocated when its load exceeds the person's capacity
 *   that week (compared as products of units and ticks, so exactly; the
 *   doubles agree with load > capacity + 1e-9), or when any of it is
 *   booked on one of the person's days off: they are not there to do it,
 *   however light the rest of the week. Two 0.5 tasks side by side fit
 *   a full-time person; one full-time task over-allocates a half-time one.
 * - The *_ticks fields are those products over SCHED_UNITS_FULL, rounded
 *   to the nearest tick (exact when every unit is SCHED_UNITS_FULL); the
 *   doubles are exact.
 * - Without a first Monday, the weeks run from the week of the earliest
 *   start of any task or milestone to the week of the latest finish (the
 *   projected finish), both taken as the days they are shown on
 *   (calendar.h); a plan with neither has no weeks.
 *
 * Pure C, no I/O. A sched_load owns its arrays and keeps them between
 * uses; the inputs are only read during the call.
 */
#ifndef PMO_SERVER_SCHED_LOAD_H
#define PMO_SERVER_SCHED_LOAD_H

#include "sched/calendar.h"
#include "sched/cpm.h"
#include "sched/days_off.h"
#include "sched/plan.h"

#include <stdint.h>

/* Units of a whole person: 1.0 as hundredths. */
#define SCHED_UNITS_FULL 100
/* The most units one assignment or one capacity may be (a team of 100). */
#define SCHED_UNITS_MAX (100 * SCHED_UNITS_FULL)

/* Persons times weeks a load may hold: at most about 300 MB of cells. */
#define SCHED_LOAD_MAX_CELLS (1L << 24)

typedef struct sched_load_spec {
    const sched_cal *cal; /* the plan's calendar (sched_net.cal) */
    int n_items;
    const sched_tick *start;  /* by item */
    const sched_tick *finish; /* by item, >= start */
    /*
     * By item: the plan's items, read for their flags only (summaries and
     * milestones carry nothing). NULL treats every item as a task.
     */
    const sched_item *items;
    const int *person; /* by item: 0..n_persons-1, or -1 for nobody */
    int n_persons;
    /*
     * Assignments, or NULL to use person[] at SCHED_UNITS_FULL: item i's
     * are rows [assign_first[i], assign_first[i + 1]) of assign_person
     * (0..n_persons-1) and assign_units (1..SCHED_UNITS_MAX); n_items + 1
     * firsts, never decreasing. person[] may then be NULL.
     */
    const int32_t *assign_first;
    const int *assign_person;
    const int *assign_units;
    /* By person: 1..SCHED_UNITS_MAX, or NULL for SCHED_UNITS_FULL each. */
    const int *capacity_units;
    /* The Monday of week 0, or SCHED_NO_DAY to derive the weeks. */
    int first_monday;
    int n_weeks; /* with a first Monday: how many weeks, >= 0 */
    /* The persons' days off, or NULL for none (then n_persons' cells
     * have the week's capacity). */
    const sched_days_off *off;
} sched_load_spec;

typedef struct sched_load {
    int n_persons, n_weeks;
    int first_monday; /* day number of week 0's Monday */
    /* By cell, person p and week k at [p * n_weeks + k]. */
    int64_t *load_ticks;
    double *load; /* working days */
    uint8_t *over;
    int64_t *cap_ticks; /* the person's capacity: units times the week's
                         * less days off */
    double *cap;        /* working days */
    int64_t *off_ticks; /* load booked on the person's days off */
    double *off_days;   /* working days */
    /* By week. */
    int32_t *capacity_ticks;
    double *capacity; /* working days */
    /* By person. */
    double *peak;         /* the largest load of any week, days */
    int *peak_week;       /* the first week with it, or -1 without weeks */
    int *weeks_over;      /* weeks over-allocated */
    int64_t *total_ticks; /* every week's load together */
} sched_load;

/* An empty load. */
void sched_load_init(sched_load *l);

/* Frees the arrays; l may be computed again after sched_load_init. */
void sched_load_fini(sched_load *l);

/*
 * Fills l from spec, reusing l's memory. Returns SCHED_OK, or
 * SCHED_EINVAL (a missing array, a person or units out of range, a finish before
 * its start, a first_monday that is not a Monday, negative counts) or
 * SCHED_ERANGE (a week outside the supported dates, or more than
 * SCHED_LOAD_MAX_CELLS cells) with err filled and l unchanged.
 */
int sched_load_compute(sched_load *l, const sched_load_spec *spec,
                       sched_error *err);

/*
 * The load of the CPM early dates in res (sched_cpm or
 * sched_result_fill): sched_load_compute with res's early start and
 * early finish. first_monday and n_weeks as in the spec.
 */
int sched_load_from_result(sched_load *l, const sched_result *res,
                           const sched_cal *cal, const sched_item *items,
                           const int *person, int n_persons, int first_monday,
                           int n_weeks, sched_error *err);

/* The Monday on or before day (ISO weeks). */
int sched_load_monday(int day);

#endif
