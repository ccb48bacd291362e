/*
 * server/model/schedule_repair.h - a stored plan the scheduling engine
 * refuses because of its dependencies, made schedulable by leaving some
 * out, each named in a warning by refs.
 *
 * Writes refuse what the engine cannot schedule (model/dependencies.h),
 * but rows written before those checks, or straight into the database,
 * may still hold a cycle, a link between a summary and its own item, or
 * a lag beyond the engine's bounds. Rather than every schedule view
 * failing for everyone, the views leave those dependencies out and say
 * so. Only called after the engine refused a plan: a sound plan costs
 * nothing here.
 */
#ifndef PMO_SERVER_MODEL_SCHEDULE_REPAIR_H
#define PMO_SERVER_MODEL_SCHEDULE_REPAIR_H

#include "model/plan_snapshot.h"
#include "rpc/call.h"

#include <stdbool.h>
#include <stddef.h>

/* Cycles broken one at a time at most; past it the plan is refused. */
#define SCHEDULE_REPAIR_MAX_CYCLES 1000

/*
 * Decides which of s's dependencies to leave out: those the engine would
 * refuse on their own (a type or lag out of bounds, an item on itself),
 * those joining an item to its own summary, then, cycle by cycle once
 * summary links are expanded onto tasks, the last dependency of each
 * (in the snapshot's order). *skip is by dependency; *warnings (n of
 * them) say what was left out and why. All in the call's arena. 0, or -1
 * with the call failed.
 */
int schedule_repair(rpc_call *call, const plan_snapshot *s, bool **skip,
                    char ***warnings, size_t *n);

#endif
