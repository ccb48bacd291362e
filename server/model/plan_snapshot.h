/*
 * server/model/plan_snapshot.h - a program's whole plan read at once, for
 * the schedule: every work item with what scheduling needs, every
 * dependency, and the calendar, target dates and breakdown order.
 *
 * One statement reads it all, so the plan is one consistent snapshot even
 * inside a READ COMMITTED transaction, in one round trip, together with
 * the program's plan_version, which every change to any of it bumps in
 * the same transaction (migration 0004). A snapshot is read-only once
 * read, so threads may share it.
 */
#ifndef PMO_SERVER_MODEL_PLAN_SNAPSHOT_H
#define PMO_SERVER_MODEL_PLAN_SNAPSHOT_H

#include "model/access.h"
#include "rpc/call.h"

#include <stdbool.h>
#include <stdint.h>

/* Dates are day numbers (common/daynum.h), or PLAN_NO_DAY. */
#define PLAN_NO_DAY INT32_MIN

typedef struct plan_entry {
    int64_t id;
    int64_t number; /* the ref's number: KEY-number */
    int parent;     /* index of the parent entry, or -1 */
    int kind;       /* pmo.v1.WorkItemKind */
    int state;      /* pmo.v1.WorkState */
    int percent;
    const char *title;
    const char *project; /* project key */
    const char *assignee; /* username, "" for none */
    int64_t team_id;      /* the project's team, 0 for none */
    double optimistic, likely, pessimistic;
    int planned_start, planned_finish, actual_start, actual_finish;
    int deadline;      /* its own; see plan_entry_deadline */
    int depth;         /* 0 at the top of the breakdown */
    int children;      /* direct children */
    int subtree_end;   /* breakdown position after its last descendant */
    int position;      /* its place in the breakdown order */
} plan_entry;

/*
 * The day an entry must finish by: its own deadline, else a milestone's
 * planned finish (the date a milestone is promised for), else PLAN_NO_DAY.
 */
static inline int plan_entry_deadline(const plan_entry *e)
{
    if (e->deadline != PLAN_NO_DAY)
        return e->deadline;
    return e->kind == 3 /* KIND_MILESTONE */ ? e->planned_finish : PLAN_NO_DAY;
}

typedef struct plan_dep {
    int pred, succ; /* entry indexes */
    int type;       /* pmo.v1.DependencyType */
    double lag_days;
} plan_dep;

typedef struct plan_snapshot {
    char key[24];
    int64_t version; /* programs.plan_version it was read at */
    int target_start, target_finish;
    double critical_float_days; /* the program's critical threshold */
    unsigned weekdays; /* bit (ISO weekday - 1) */
    int *holidays;
    int n_holidays;
    int n_items;
    plan_entry *items; /* by number, ascending */
    int *order;        /* the breakdown: parents first, siblings by number */
    int n_deps;
    plan_dep *deps;
} plan_snapshot;

/*
 * Reads prog's plan into out, allocating from a (the call's arena, or a
 * longer-lived one: see plan_cache.h); 0, or -1 with the call failed.
 */
int plan_snapshot_read(rpc_call *call, arena *a, const program_access *prog,
                       plan_snapshot *out);

/* The entry numbered number, or -1 (binary search: items are by number). */
int plan_snapshot_of_number(const plan_snapshot *s, int64_t number);

/* The entry whose ref is ref ("KEY-42"), or -1. */
int plan_snapshot_find(const plan_snapshot *s, const char *ref);

/* "KEY-42" for an entry, in the call's arena. */
char *plan_snapshot_ref(rpc_call *call, const plan_snapshot *s, int entry);

#endif
