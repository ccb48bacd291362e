/*
 * server/model/plan_load.h - a whole plan (work items and dependencies)
 * loaded in one transaction, all or nothing.
 *
 * Items of the request refer to each other by keys local to the request,
 * and to items already stored by their refs. Before anything is written,
 * every name is resolved (a handful of queries, not one per item), keys
 * must be unique, parents must not loop, and the dependencies, together
 * with those already stored, must stay acyclic (checked in C in linear
 * time; one cycle is named in order). Then the rows go in with a few
 * array statements: numbers reserved at once, items by unnest(), parents
 * by one UPDATE, dependencies by unnest(), and one audit row with counts.
 *
 * Round trips: access (the caller's) + lookup + [dependency lock +
 * stored edges, only when the plan's dependencies touch stored items] +
 * items + [parents] + dependencies + audit.
 */
#ifndef PMO_SERVER_MODEL_PLAN_LOAD_H
#define PMO_SERVER_MODEL_PLAN_LOAD_H

#include "model/access.h"
#include "pmo/v1/work.pb-c.h"
#include "rpc/call.h"

/*
 * Per call. The request envelope (4 MiB) usually binds first: 10,000
 * items with short titles and 20,000 dependencies take about 1 MiB.
 */
#define PLAN_MAX_ITEMS        50000
#define PLAN_MAX_DEPENDENCIES 100000
/* A plan stops being checked after this many bad fields. */
#define PLAN_MAX_VIOLATIONS 20
#define PLAN_KEY_MAX        64

/* Violations recorded so far have reached PLAN_MAX_VIOLATIONS. */
bool plan_load_full(const rpc_call *call);

/*
 * Loads in's items and dependencies into prog. Each field must already
 * have passed the handler's checks, with defaults applied. Violations name
 * paths such as "items[12].item.parent" or "dependencies[3].successor".
 * Fills out->refs (request order) and out->dependencies_added. With
 * in->validate_only, every check and write runs inside a savepoint that
 * is then rolled back: nothing stays, and out->refs is empty.
 */
int plan_load_run(rpc_call *call, const program_access *prog,
                  const Pmo__V1__LoadPlanRequest *in,
                  Pmo__V1__LoadPlanResponse *out);

#endif
