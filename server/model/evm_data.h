/*
 * server/model/evm_data.h - what earned value reads from a program: its
 * projects with their budgets and actual costs, and its work items summed
 * by the dates that time-phase them, and its calendar (tables programs,
 * program_holidays, projects, budgets, expenses, work_items, baselines,
 * baseline_items).
 *
 * Every figure is aggregated in PostgreSQL: a read makes two statements
 * whatever the number of items and expenses, and what comes back is one
 * row per project, one per group of items sharing a project, baseline
 * dates and actual dates, and for a series one per project and day with
 * spending.
 *
 * Attribution of an expense: to the project of its work item when it
 * names one that exists, else to its project, else to the program as a
 * whole. A budget's total is the sum of its lines' amount_minor in its
 * current version. An item's earned share is its percent complete, 100
 * once it is done.
 *
 * Conventions as in model/raid.h: functions run on the call's connection,
 * allocate in its arena, and on failure set the call's status and return
 * -1.
 */
#ifndef PMO_SERVER_MODEL_EVM_DATA_H
#define PMO_SERVER_MODEL_EVM_DATA_H

#include "model/access.h"
#include "rpc/call.h"
#include "sched/evm_phase.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A project, or the program as a whole. */
typedef struct evm_scope {
    int64_t project_id; /* 0 for the program */
    const char *key;    /* "" for the program */
    const char *name;
    bool has_budget;
    int64_t budget_minor;
    /* Expenses to the status date booked on it (for the program: on the
     * program as a whole only); 0 when read by day (see spend). */
    int64_t ac_minor;
} evm_scope;

/* What one scope spent on one day. */
typedef struct evm_spend_day {
    int scope; /* index of projects, -1 for the program as a whole */
    int day;
    int64_t amount_minor;
} evm_spend_day;

typedef struct evm_data {
    const char *baseline; /* the baseline's name; "" when there is none */
    /* The program's calendar, as sched_calendar takes it. */
    unsigned weekdays; /* bit (ISO weekday - 1) */
    int *holidays;     /* day numbers */
    int n_holidays;
    evm_scope *projects;  /* in the scope asked for, by key */
    size_t n_projects;
    evm_scope program;
    /* Groups of items; g->scope indexes projects. */
    sched_evm_group *groups;
    uint32_t *group_items; /* how many items each group sums */
    size_t n_groups;
    evm_spend_day *spend; /* with by_day */
    size_t n_spend;
} evm_data;

/*
 * The program's projects (only the one keyed project when it is not ""),
 * their budgets and expenses to status_day, and their items against the
 * baseline called baseline ("" for the newest). With by_day, also what
 * each scope spent on each day to status_day (in spend; by scope, then
 * day). NOT_FOUND naming the project or the baseline when missing (a
 * program with no baseline at all is not an error: out->baseline is "").
 */
int evm_data_read(rpc_call *call, const program_access *pa,
                  const char *baseline, const char *project, int status_day,
                  bool by_day, evm_data *out);

#endif
