/*
 * server/model/dependencies.h - dependencies between the work items of a
 * program, kept acyclic.
 *
 * Every writer that adds dependencies to a program first takes the
 * program's dependency lock (a transaction-level advisory lock), then
 * checks for cycles: two concurrent additions could otherwise each pass
 * the check and together close a cycle. Removing never needs the lock.
 *
 * Conventions as in work_items.h: the caller has been admitted to the
 * program; on failure the call's status is set and -1 returned; every
 * change is audited; results live in the call's arena.
 */
#ifndef PMO_SERVER_MODEL_DEPENDENCIES_H
#define PMO_SERVER_MODEL_DEPENDENCIES_H

#include "model/access.h"
#include "pmo/v1/work.pb-c.h"
#include "rpc/call.h"

#include <stddef.h>
#include <stdint.h>

/* Takes the program's dependency lock until the transaction ends. */
int dependencies_lock(rpc_call *call, const program_access *prog);

/*
 * Adds pred -> succ (item numbers) of type with lag. Fails with NOT_FOUND
 * for a missing item, ALREADY_EXISTS for an existing edge, and
 * FAILED_PRECONDITION naming the cycle in order if succ already leads to
 * pred. Takes the dependency lock. Costs time proportional to what is
 * reachable from succ, not to the program.
 */
int dependencies_add(rpc_call *call, const program_access *prog, int64_t pred,
                     int64_t succ, int type, double lag,
                     Pmo__V1__Dependency **out);

/* Removes pred -> succ; NOT_FOUND if there is no such dependency. */
int dependencies_remove(rpc_call *call, const program_access *prog,
                        int64_t pred, int64_t succ);

/*
 * Dependencies by id after `after`, at most limit + 1, with titles and
 * project keys: all of the program's, or (item set) those where item is
 * either end; NOT_FOUND if item names no item.
 */
int dependencies_list(rpc_call *call, const program_access *prog, int64_t item,
                      int64_t after, unsigned limit, Pmo__V1__Dependency ***out,
                      size_t *n);

/*
 * "a -> b -> c -> a" from the n names of a cycle in edge order (the first
 * is not repeated at the end); long cycles are shortened in the middle so
 * a message stays one readable line.
 */
char *dependencies_cycle_text(rpc_call *call, const char *const *names,
                              size_t n);

#endif
