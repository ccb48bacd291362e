/*
 * server/interop/mspdi.h - Microsoft Project XML (MSPDI) as a plan: the
 * tasks, their breakdown and links, and the project calendar, in the
 * units pmo counts in (working days, day numbers).
 *
 * Pure functions over memory: no I/O, no SQL, no RPC. What the file holds
 * that pmo does not model is never dropped silently: the reader lists it
 * in plan->warnings, one line each naming the element ("Task UID 12
 * ConstraintType: ..."). What makes the file unusable (not XML, another
 * namespace, a DOCTYPE, a link to a missing task, a cycle, a calendar
 * with no working day) fails the read, naming the element in err.
 *
 * Entities: the reader parses without network access, without loading a
 * DTD and without substituting entities, and refuses any document that
 * declares a DOCTYPE, so external entities and entity expansion
 * ("billion laughs") never happen.
 *
 * Memory: everything the reader returns and the text the writer makes is
 * allocated from the caller's arena; nothing needs freeing. Thread: any
 * thread; libxml2 is initialised once on first use.
 */
#ifndef PMO_SERVER_INTEROP_MSPDI_H
#define PMO_SERVER_INTEROP_MSPDI_H

#include "common/arena.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MSPDI_NAMESPACE "http://schemas.microsoft.com/project"

/* A date not given; dates are day numbers (common/daynum.h). */
#define MSPDI_NO_DAY INT32_MIN

/* The largest document read, once decompressed. */
#define MSPDI_XML_MAX (64u << 20)

/* At most this many tasks, links and holidays are read (as LoadPlan). */
#define MSPDI_TASKS_MAX    50000
#define MSPDI_LINKS_MAX    100000
#define MSPDI_HOLIDAYS_MAX 1000

/* Link types as MSPDI numbers them (PredecessorLink/Type). */
typedef enum mspdi_link_type {
    MSPDI_LINK_FF = 0,
    MSPDI_LINK_FS = 1,
    MSPDI_LINK_SF = 2,
    MSPDI_LINK_SS = 3,
} mspdi_link_type;

typedef struct mspdi_task {
    int64_t uid;       /* UID: the task's identity in the file */
    const char *name;  /* never NULL; "" when absent */
    const char *wbs;   /* WBS code, "" when absent */
    const char *notes; /* "" when absent */
    int outline_level; /* 1 at the top of the breakdown */
    int parent;        /* index in tasks, -1 at the top */
    bool summary;      /* has children (the file's Summary flag aside) */
    bool milestone;
    double duration_days; /* working days (0 for milestones, summaries) */
    int start, finish;    /* the dates MS Project scheduled, or NO_DAY */
    int actual_start, actual_finish;
    int start_no_earlier; /* a Start No Earlier Than constraint, or NO_DAY */
    int deadline;
    unsigned percent_complete;  /* 0..100 */
    double cost;                /* Cost in major units of the file's currency */
    const char *resource;       /* Name of the first resource assigned, or "" */
    const char *resource_email; /* its EmailAddress, "" when none */
    int baseline_start, baseline_finish; /* Baseline 0, or NO_DAY */
} mspdi_task;

typedef struct mspdi_link {
    int pred, succ; /* indexes in tasks */
    mspdi_link_type type;
    double lag_days; /* working days; negative is a lead */
} mspdi_link;

typedef struct mspdi_holiday {
    int day;
    const char *name; /* "" when absent */
} mspdi_holiday;

typedef struct mspdi_calendar {
    const char *name;
    unsigned weekdays;       /* bit (ISO weekday - 1) per working weekday */
    int minutes_per_day;     /* the project's MinutesPerDay, 480 unless given */
    mspdi_holiday *holidays; /* by day, one per day off on a working weekday */
    int n_holidays;
} mspdi_calendar;

typedef struct mspdi_plan {
    const char *name;     /* Title, else Name, else "" */
    const char *currency; /* CurrencyCode, "" when absent */
    int start_date;       /* StartDate, or NO_DAY */
    mspdi_calendar calendar;
    mspdi_task *tasks; /* file order, which is the outline's order */
    int n_tasks;
    mspdi_link *links; /* by successor, then the file's order */
    int n_links;
    const char **warnings;
    int n_warnings;
} mspdi_plan;

/* Where and why a read failed, for INVALID_ARGUMENT. */
typedef struct mspdi_error {
    /* "Tasks/Task[UID=12]/PredecessorLink[1]/PredecessorUID" */
    char element[160];
    char message[320];
} mspdi_error;

/*
 * Reads len bytes of MSPDI into *out (from a). Returns 0, or -1 with err
 * filled and *out untouched. The project summary task (OutlineLevel 0) is
 * not a task of the plan. Durations and lags count in working days of
 * MinutesPerDay minutes.
 */
int mspdi_read(arena *a, const char *xml, size_t len, mspdi_plan *out,
               mspdi_error *err);

/*
 * The plan as an MSPDI document (UTF-8, with its XML declaration), in a;
 * *len is its length without the NUL that ends it. Task UIDs and IDs are
 * the tasks' positions from 1; links are written on their successors.
 * Tasks must be in outline order (parents before their children).
 */
char *mspdi_write(arena *a, const mspdi_plan *plan, size_t *len);

#endif
