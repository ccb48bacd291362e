/*
 * server/api/schedule_common.h - what every ScheduleService handler shares:
 * checking access, reading the plan, running the critical path, and
 * writing items, chains, days and dates into messages.
 *
 * A handler opens a schedule_ctx (access first, then the plan snapshot,
 * the engine's plan and its CPM result), builds its reply from it, and
 * closes it whatever happened, after its reply is sent: the reply may
 * point into the snapshot, which the context holds (plan_cache.h); the
 * CPM result holds heap memory; all the rest is in the call's arena.
 */
#ifndef PMO_SERVER_API_SCHEDULE_COMMON_H
#define PMO_SERVER_API_SCHEDULE_COMMON_H

#include "model/access.h"
#include "model/plan_cache.h"
#include "model/plan_snapshot.h"
#include "model/schedule_plan.h"
#include "pmo/v1/schedule.pb-c.h"
#include "rpc/call.h"
#include "sched/calendar.h"
#include "sched/cpm.h"
#include "sched/forecast.h"

typedef struct schedule_ctx {
    program_access prog;
    int status_day;
    const plan_snapshot *snap; /* shared, read-only (plan_cache.h) */
    plan_cached *hold;
    schedule_plan plan;
    sched_net net;    /* plan prepared, shared by the views that repeat */
    sched_run run;    /* its CPM passes (after schedule_load) */
    sched_result res; /* the CPM of plan */
    const sched_cal *cal; /* the plan's calendar (net's), after schedule_load */
    /* Stored dependencies left out so the plan schedules, and why. */
    char **warnings;
    size_t n_warnings;
} schedule_ctx;

/*
 * Checks the caller holds need in program (field "program"). 0, or -1
 * with the call failed; close ctx either way.
 */
int schedule_access(rpc_call *call, const char *program, access_role need,
                    schedule_ctx *ctx);

/*
 * After schedule_access: reads the status date (field "status_date"),
 * the plan, and runs the CPM. Dependencies the engine refuses are left
 * out, with ctx->warnings saying which (schedule_plan_run_stored); every
 * reply carries those warnings. 0, or -1 with the call failed.
 */
int schedule_load(rpc_call *call, const char *status_date, schedule_ctx *ctx);

/* Both of the above. */
int schedule_open(rpc_call *call, const char *program, const char *status_date,
                  access_role need, schedule_ctx *ctx);
void schedule_close(schedule_ctx *ctx);

/* ctx's warnings, for a reply's repeated warnings field. */
void schedule_warnings(const schedule_ctx *ctx, char ***warnings, size_t *n);

/* Working days of ticks. */
double schedule_days(sched_tick ticks);

/* "YYYY-MM-DD" of a day number in the call's arena; "" for PLAN_NO_DAY. */
char *schedule_date(rpc_call *call, int day);

/* The tick at which work on day ends (for comparing with finishes). */
sched_tick schedule_end_tick(const schedule_ctx *ctx, int day);

/* The earliest day a leaf is scheduled to start, or PLAN_NO_DAY. */
int schedule_first_start(const schedule_ctx *ctx);

/* The item entry of ctx as a message, with its CPM dates. */
Pmo__V1__ScheduledItem *schedule_item(rpc_call *call, const schedule_ctx *ctx,
                                      int entry);

/* The chains of a CPM result as messages. */
void schedule_chains(rpc_call *call, const schedule_ctx *ctx,
                     const sched_result *res, Pmo__V1__CriticalChain ***out,
                     size_t *n_out);

/*
 * How many repeated passes (forecast iterations, levelling schedules) over
 * ctx's plan one call may make: each pass costs about items + links, and
 * a call may spend at most budget of those, so no viewer can hold a
 * worker for long. *n is the caller's ask, 0 for want_default: the default
 * is cut to what fits; an explicit ask that does not fit is a violation of
 * field. False with the call failed.
 */
bool schedule_repeats(rpc_call *call, const schedule_ctx *ctx,
                      const char *field, uint32_t asked, uint32_t want_default,
                      uint64_t budget, uint32_t *n);

/*
 * The program's finish as Forecast computes it with its defaults (PERT,
 * seed 1) but iterations runs, on the calling worker's forecast memory
 * (schedule_forecast.c). 0 with *out set, or -1 with the call failed.
 */
int schedule_forecast_finish(rpc_call *call, const schedule_ctx *ctx,
                             uint32_t iterations, sched_forecast_stats *out);

/* An item named by ref in ctx's program; -1 with a violation of field. */
int schedule_find(rpc_call *call, const schedule_ctx *ctx, const char *field,
                  const char *ref);

#endif
