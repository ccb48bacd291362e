/*
 * server/sched/plan.h - the in-memory plan that the scheduling engine reads:
 * work items, dependencies, the working calendar and the dates that anchor
 * a schedule, plus the units and error codes every sched/ module shares.
 *
 * A plan is plain data owned by the caller; the engine never keeps a
 * pointer into it past the call that reads it. Items and links are named
 * by their index in the caller's arrays, and every result (dates, floats,
 * cycles, critical chains) uses the same indexes.
 *
 * Units. Calendar dates are day numbers: days since 1970-01-01, which is
 * day 0 (a Thursday). Durations and lags are working days given as double;
 * inside the engine they become ticks, integer hundredths of a working day
 * (SCHED_TICKS_PER_DAY), counted from the start of the plan's first
 * working day. Integers keep the passes exact (a float is zero or it is
 * not) and small (int32). A duration is rounded to the nearest tick.
 */
#ifndef PMO_SERVER_SCHED_PLAN_H
#define PMO_SERVER_SCHED_PLAN_H

#include <stdbool.h>
#include <stdint.h>

/* One working day in ticks. */
#define SCHED_TICKS_PER_DAY 100

/* "No date": an unset actual or constraint date. */
#define SCHED_NO_DAY INT32_MIN

/* Dates accepted in a plan: 1900-01-01 to 2399-12-31. */
#define SCHED_DAY_MIN (-25567)
#define SCHED_DAY_MAX 157053

/* The longest duration and the largest lag, in working days. */
#define SCHED_DAYS_MAX 100000.0

/* The most items a plan may hold (ranks are packed into 29 bits). */
#define SCHED_ITEMS_MAX (1 << 28)

/*
 * Any date the passes compute stays within this many ticks of the plan's
 * first working day (about 21,000 years of working days); past it a run
 * fails with SCHED_ERANGE rather than overflow.
 */
#define SCHED_TICK_LIMIT (1 << 29)

typedef int32_t sched_tick;

/* Dependency types, numbered as in pmo.v1.DependencyType. */
typedef enum sched_link_type {
    SCHED_FS = 1, /* successor starts after predecessor finishes */
    SCHED_SS = 2, /* successor starts after predecessor starts */
    SCHED_FF = 3, /* successor finishes after predecessor finishes */
    SCHED_SF = 4, /* successor finishes after predecessor starts */
} sched_link_type;

/* Item kinds; a plain task has neither flag. */
enum {
    SCHED_ITEM_MILESTONE = 1 << 0, /* zero duration, whatever is given */
    SCHED_ITEM_SUMMARY = 1 << 1,   /* rolls up its children, no links */
};

typedef struct sched_item {
    double duration_days; /* working days, >= 0 */
    int parent;           /* index of its summary item, or -1 */
    int percent_complete; /* 0..100, used once the item has started */
    int actual_start;     /* day number, or SCHED_NO_DAY */
    int actual_finish;    /* day number, or SCHED_NO_DAY: done */
    int start_no_earlier; /* day number, or SCHED_NO_DAY */
    unsigned flags;       /* SCHED_ITEM_* */
    /*
     * Finish by the end of this day, or SCHED_NO_DAY: a bound on the late
     * finish, so an item that cannot meet it shows negative float (and
     * its predecessors with it). It never moves an early date.
     */
    int deadline;
} sched_item;

/* A task of zero days with no parent, progress or constraint. */
#define SCHED_ITEM_INIT                                                        \
    {                                                                          \
        0.0, -1, 0, SCHED_NO_DAY, SCHED_NO_DAY, SCHED_NO_DAY, 0, SCHED_NO_DAY  \
    }

typedef struct sched_link {
    int pred, succ;  /* item indexes, different */
    int type;        /* sched_link_type */
    double lag_days; /* working days; negative is a lead */
} sched_link;

/*
 * The working calendar: the weekdays worked and the holidays. Holidays on
 * days that are not worked anyway change nothing; duplicates are fine.
 */
typedef struct sched_calendar {
    unsigned weekdays;   /* bit (ISO weekday - 1): Monday 0x01 .. Sunday 0x40 */
    const int *holidays; /* day numbers, any order; may be NULL if none */
    int n_holidays;
} sched_calendar;

#define SCHED_MON_FRI  0x1f
#define SCHED_ALL_WEEK 0x7f

typedef struct sched_plan {
    int n_items;
    const sched_item *items;
    int n_links;
    const sched_link *links;
    sched_calendar calendar;
    int start_day;  /* the plan starts on its first working day from here */
    int status_day; /* the data date, or SCHED_NO_DAY for start_day */
    int target_day; /* the finish to meet, or SCHED_NO_DAY */
    /*
     * Late dates count back from the target finish instead of the
     * projected finish, so a plan that cannot meet its target shows
     * negative float. Ignored without a target.
     */
    bool late_from_target;
    /*
     * An unfinished item is critical when its total float is at most
     * this many working days (MS Project's "tasks are critical if slack
     * is less than or equal to"); 0 by default. The least-float chain is
     * reported on its own, as the longest path.
     */
    double critical_float_days;
} sched_plan;

/* Error codes of every sched_ function that can refuse a plan. */
enum {
    SCHED_OK = 0,
    SCHED_EINVAL = 1,        /* a bad field; item or link named */
    SCHED_ERANGE = 2,        /* a date or size outside what is supported */
    SCHED_ECALENDAR = 3,     /* no working weekday */
    SCHED_ESUMMARY_LINK = 4, /* a link on a summary item; both named */
    SCHED_ECYCLE = 5,        /* dependencies form a cycle; cycle named */
    SCHED_EPARENT_CYCLE = 6, /* parents form a cycle; cycle named */
    SCHED_EDEADLINE = 7,     /* stopped at the caller's deadline (deadline.h) */
};

/*
 * Why a plan was refused. item and link are -1 when not relevant. For
 * the two cycle errors, cycle holds the item indexes around the cycle,
 * starting from its lowest index and following the dependencies (or the
 * parent links); it is heap memory owned by the error and released by
 * sched_error_fini.
 */
typedef struct sched_error {
    int code;
    int item;
    int link;
    int *cycle;
    int cycle_len;
    char detail[160];
} sched_error;

/*
 * Releases an error's cycle after a call failed; the error may be reused.
 * (These three are defined in cpm.c.)
 */
void sched_error_fini(sched_error *err);

/* Fills err with code, item, link and a printf-style detail. */
void sched_error_set(sched_error *err, int code, int item, int link,
                     const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* A short English name for an error code. */
const char *sched_strerror(int code);

#endif
