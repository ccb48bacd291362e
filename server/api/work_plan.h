/*
 * server/api/work_plan.h - the field checks of WorkService/LoadPlan, for
 * the other ways a whole plan comes in (an MSPDI import), so that every
 * plan passes the same checks before model/plan_load.c loads it.
 */
#ifndef PMO_SERVER_API_WORK_PLAN_H
#define PMO_SERVER_API_WORK_PLAN_H

#include "model/access.h"
#include "pmo/v1/work.pb-c.h"
#include "rpc/call.h"

#include <stdbool.h>

/*
 * Checks every item and dependency of in as LoadPlan does, recording
 * violations by path ("items[12].item.title") and applying defaults in
 * place (kind task, state todo, done means 100 % with an actual finish).
 * in must live in the call's arena. False with the call failed.
 */
bool work_plan_check(rpc_call *call, const program_access *prog,
                     const Pmo__V1__LoadPlanRequest *in);

#endif
