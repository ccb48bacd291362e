/*
 * server/model/plan_cache.h - programs' plan snapshots kept in memory
 * between calls, shared by every worker, and never served stale.
 *
 * Reading a large plan costs PostgreSQL and this server tens of
 * milliseconds; knowing whether it changed costs nothing more than the
 * access check, whose read of the program row brings programs.plan_version
 * (program_access.plan_version), which every write to the plan bumps in
 * its own transaction (migration 0004). A kept snapshot is used only if it
 * was read at that very version; otherwise the plan is read again (its
 * statement returns the version it saw) and kept.
 *
 * Snapshots are immutable and reference counted: a call holds the one it
 * uses until it releases it, even if a newer one replaces it meanwhile.
 * At most PLAN_CACHE_SLOTS programs are kept, the least recently used
 * going first.
 */
#ifndef PMO_SERVER_MODEL_PLAN_CACHE_H
#define PMO_SERVER_MODEL_PLAN_CACHE_H

#include "model/access.h"
#include "model/plan_snapshot.h"
#include "rpc/call.h"

#define PLAN_CACHE_SLOTS 32

typedef struct plan_cached plan_cached;

/*
 * The current snapshot of prog's plan, held in *hold until
 * plan_cache_release. NULL with the call failed.
 */
const plan_snapshot *plan_cache_get(rpc_call *call, const program_access *prog,
                                    plan_cached **hold);

/* Lets go of a snapshot from plan_cache_get; NULL is ignored. */
void plan_cache_release(plan_cached *hold);

/* Drops every kept snapshot no call holds (tests, shutdown). */
void plan_cache_clear(void);

#endif
