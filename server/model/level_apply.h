/*
 * server/model/level_apply.h - writing a levelled schedule back to the
 * plan: the moved items' planned start and finish, which the CPM keeps
 * as start-no-earlier dates (model/schedule_plan.c), so the levelled
 * order holds in every view afterwards.
 *
 * Conventions as in programs.h: the call's connection and transaction,
 * status set and -1 on failure. One audit row (entity "level", the
 * program's key) holds every item's planned dates before and after, which
 * is also how to put them back by hand.
 */
#ifndef PMO_SERVER_MODEL_LEVEL_APPLY_H
#define PMO_SERVER_MODEL_LEVEL_APPLY_H

#include "model/access.h"
#include "rpc/call.h"

#include <stddef.h>
#include <stdint.h>

/*
 * Locks prog's row until the transaction ends, so no change to its plan
 * can commit in between, and reads its plan_version into *version.
 */
int level_apply_lock(rpc_call *call, const program_access *prog,
                     int64_t *version);

/*
 * Sets the planned start and finish (day numbers) of the n items numbered
 * numbers[] in prog, bumping each item's version, and audits the change.
 */
int level_apply_write(rpc_call *call, const program_access *prog,
                      const int64_t *numbers, const int *starts,
                      const int *finishes, size_t n);

#endif
