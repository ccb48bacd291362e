/*
 * server/sched/calendar.h - working-day arithmetic: calendar days to
 * working-day numbers and back, in constant time.
 *
 * Working day 0 is the first working day on or after the calendar's
 * origin (the plan's start); working days before it are negative. A table
 * built once covers every holiday and the origin; outside it no holiday
 * exists, so the weekly pattern extends it exactly by arithmetic. Building
 * costs O(days the table spans); every lookup after it is O(1).
 *
 * Instants are ticks (SCHED_TICKS_PER_DAY per working day) from the start
 * of working day 0. Work never happens outside working days, so the end of
 * one working day and the start of the next are the same instant; which
 * day it is shown on is a matter of convention:
 * - a start at tick t is shown on working day floor(t / 100): it begins
 *   there;
 * - a finish at tick t is shown on working day ceil(t / 100) - 1: the day
 *   in which the work ends. A task of 2.5 days starting at the start of
 *   working day d ends at tick 100 d + 250, mid-day of day d + 2, and is
 *   shown finishing on d + 2; a task of 2 days ends at 100 d + 200, the
 *   end of day d + 1, and is shown finishing on d + 1.
 *
 * A sched_cal is immutable once built, so threads may share it.
 */
#ifndef PMO_SERVER_SCHED_CALENDAR_H
#define PMO_SERVER_SCHED_CALENDAR_H

#include "sched/plan.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct sched_cal {
    int origin;          /* the day the count starts from */
    int lo, hi;          /* the table covers days [lo, hi) */
    int32_t *before;     /* before[d - lo], d in [lo, hi]: sched_cal_count(d) */
    int32_t *workday;    /* workday[w - wlo]: the day of working day w */
    int32_t wlo, whi;    /* working days with a table entry: [wlo, whi) */
    int per_week;        /* working weekdays, 1..7 */
    uint8_t works[7];    /* by day mod 7 (0 = Thursday): 1 if worked */
    uint8_t ahead[7][8]; /* working days among the r days from weekday w */
    uint8_t nth[7][7];   /* days from weekday w to its k-th working day */
    uint8_t back[7][7];  /* days back from weekday w to k+1-th working day */
} sched_cal;

/*
 * Builds the calendar for spec with the count starting at origin. Returns
 * SCHED_OK, SCHED_ECALENDAR if no weekday is worked, or SCHED_ERANGE if
 * origin or a holiday lies outside SCHED_DAY_MIN..SCHED_DAY_MAX (then
 * *bad_holiday is its index, else -1). On failure c holds nothing to free.
 */
int sched_cal_init(sched_cal *c, const sched_calendar *spec, int origin,
                   int *bad_holiday);

/* Frees the tables; c may then be built again. */
void sched_cal_fini(sched_cal *c);

/* True if day is a working day. */
bool sched_cal_is_working(const sched_cal *c, int day);

/*
 * Working days in [origin, day), or minus those in [day, origin) when day
 * is before the origin. For a working day this is its working-day number;
 * for any other day, the number of the next working day.
 */
int32_t sched_cal_count(const sched_cal *c, int day);

/* The day of working day w (the inverse of sched_cal_count on workdays). */
int sched_cal_day(const sched_cal *c, int32_t w);

/* The instant a day's work starts: the start of the next working day. */
sched_tick sched_cal_start_tick(const sched_cal *c, int day);

/* The instant a day's work ends: the end of the last working day to it. */
sched_tick sched_cal_end_tick(const sched_cal *c, int day);

/* The day on which a start at t is shown. */
int sched_cal_start_day(const sched_cal *c, sched_tick t);

/* The day on which a finish at t is shown. */
int sched_cal_end_day(const sched_cal *c, sched_tick t);

#endif
