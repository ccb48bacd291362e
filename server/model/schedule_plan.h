/*
 * server/model/schedule_plan.h - a plan snapshot turned into the
 * scheduling engine's plan (server/sched/plan.h), and engine errors turned
 * into call failures that name refs.
 *
 * How the model maps onto the engine:
 * - duration: the likely estimate; a milestone has none;
 * - an item with children is a summary and rolls up from them; a
 *   dependency on it binds each of its leaves (all four types), so a link
 *   to a phase holds every task of the phase;
 * - actual start and finish, and percent complete, are progress; a
 *   planned start is a start-no-earlier-than constraint (a date typed by a
 *   person is a promise not to start before it); the planned finish of a
 *   milestone is its target;
 * - the plan starts on the program's target start, else on the earliest
 *   planned or actual start of any item, else on the status date;
 * - with a program target finish, late dates count back from it, so float
 *   is the margin to the target and a late plan shows negative float.
 */
#ifndef PMO_SERVER_MODEL_SCHEDULE_PLAN_H
#define PMO_SERVER_MODEL_SCHEDULE_PLAN_H

#include "model/plan_snapshot.h"
#include "rpc/call.h"
#include "sched/cpm.h"

/* A plan whose dependencies expand onto more leaf pairs is refused. */
#define SCHEDULE_MAX_LINKS (8 * 1000 * 1000)

typedef struct schedule_plan {
    sched_plan plan; /* items by snapshot entry index */
    sched_item *items;
    sched_link *links;
    int n_links;
    int *link_dep; /* by link: the snapshot dependency it comes from */
    /* Stored values past the engine's bounds, scheduled without them. */
    bool *bad_estimate; /* by item, NULL if none: its duration became 0 */
    char **warnings;    /* one per value left out, naming the ref */
    size_t n_warnings;
} schedule_plan;

/*
 * Builds out from s with the status date status_day. The arrays are in
 * the call's arena. 0, or -1 with the call failed (FAILED_PRECONDITION
 * when the dependencies expand past SCHEDULE_MAX_LINKS).
 */
int schedule_plan_build(rpc_call *call, const plan_snapshot *s, int status_day,
                        schedule_plan *out);

/*
 * Adds a dependency that is not stored (what-if) to a built plan, expanded
 * onto leaves like the others; its links' link_dep is -1.
 */
void schedule_plan_add_link(rpc_call *call, const plan_snapshot *s,
                            schedule_plan *p, const plan_dep *dep);

/*
 * An engine error in words, naming items and links by ref (never by the
 * engine's indexes): a cycle in order, or what is wrong with an item, a
 * dependency (p's link, when p is given) or the plan.
 */
char *schedule_plan_error_text(rpc_call *call, const plan_snapshot *s,
                               const schedule_plan *p, const sched_error *err);

/*
 * Fails the call for an engine error: FAILED_PRECONDITION with
 * schedule_plan_error_text for a cycle or a plan outside what the engine
 * supports; DEADLINE_EXCEEDED with the engine's detail when it stopped
 * at the call's deadline; INTERNAL naming only the code and the item for
 * a failed check of the engine's own (its detail goes to the server
 * log). Releases err.
 * p may be NULL.
 */
void schedule_plan_fail(rpc_call *call, const plan_snapshot *s,
                        const schedule_plan *p, sched_error *err);

/*
 * Runs the critical path method on the caller's net and run (both
 * initialised; they stay prepared and passed for further use, such as a
 * forecast or levelling of the same plan) into res. 0, or -1 with the
 * call failed.
 */
int schedule_plan_run(rpc_call *call, const plan_snapshot *s,
                      const schedule_plan *p, sched_net *net, sched_run *run,
                      sched_result *res);

/*
 * schedule_plan_run for the plan as stored (p built from s at
 * status_day): if the engine refuses its dependencies, p is built again
 * without those schedule_repair leaves out. *warnings (n_warnings of
 * them, in the call's arena) are p's own (stored estimates or dates past
 * the engine's bounds, which the build leaves out) and those.
 */
int schedule_plan_run_stored(rpc_call *call, const plan_snapshot *s,
                             int status_day, schedule_plan *p, sched_net *net,
                             sched_run *run, sched_result *res,
                             char ***warnings, size_t *n_warnings);

/* The same on a net and run of its own (what-if's changed plans). */
int schedule_plan_cpm(rpc_call *call, const plan_snapshot *s,
                      const schedule_plan *p, sched_result *res);

/* A status_date field: today when "", else a date; false on a bad one. */
bool schedule_status_day(rpc_call *call, const char *field, const char *text,
                         int *out);

#endif
