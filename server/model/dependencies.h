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
#include "model/dep_tree.h"
#include "pmo/v1/work.pb-c.h"
#include "rpc/call.h"

#include <stddef.h>
#include <stdint.h>

/* Takes the program's dependency lock until the transaction ends. */
int dependencies_lock(rpc_call *call, const program_access *prog);

/*
 * Adds pred -> succ (item numbers) of type with lag. Fails with NOT_FOUND
 * for a missing item, ALREADY_EXISTS for an existing edge, and
 * FAILED_PRECONDITION when one end is the other's summary (naming both)
 * or when succ already leads to pred once summary links are expanded onto
 * tasks (naming the cycle in order). Takes the dependency lock. Costs
 * time proportional to what is reachable from succ, not to the program;
 * only a refusal reads the whole breakdown to name it.
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
 * Takes the dependency lock, then checks that item (a number) may get
 * parent (a number, 0 for none): with the program's breakdown so
 * changed, no dependency may join an item to its own summary and no
 * cycle may appear once summary links are expanded (an item that gains
 * its first child becomes a summary, so a move can close one).
 * FAILED_PRECONDITION naming the link or the cycle otherwise.
 */
int dependencies_parent_check(rpc_call *call, const program_access *prog,
                              int64_t item, int64_t parent);

/*
 * Adds the program's stored breakdown (items by number with their
 * parents) and dependencies to t, one query. Links keep their row order
 * of the query, before any the caller adds after.
 */
int dependencies_tree_read(rpc_call *call, const program_access *prog,
                           dep_tree *t);

/* How a caller names the items of a dep_tree in messages. */
typedef const char *dep_name_fn(void *ctx, int64_t key);

/*
 * Checks a built tree: links from index first on must not join an item
 * to its own summary, and the expanded graph must be acyclic. On failure
 * FAILED_PRECONDITION "what: ..." naming the link or the cycle, -1.
 */
int dependencies_tree_check(rpc_call *call, dep_tree *tree, size_t first,
                            const char *what, dep_name_fn *name, void *ctx);

/*
 * "a -> b contains c -> a": the k links pred[i] -> succ[i] of a cycle in
 * order, each successor joined to the next predecessor by what stands
 * between them in t; a closing note says how summaries bind.
 */
char *dependencies_loop_text(rpc_call *call, const dep_tree *t,
                             const int64_t *pred, const int64_t *succ,
                             size_t k, dep_name_fn *name, void *ctx);

/* Why pred -> succ, where one contains the other, can never be met. */
char *dependencies_lineage_text(rpc_call *call, const dep_tree *t,
                                int64_t pred, int64_t succ, dep_name_fn *name,
                                void *ctx);

/*
 * names[0] joins[0] names[1] ... names[n-1] joins[n-1] names[0], with
 * " -> " for every join when joins is NULL; long chains are shortened in
 * the middle so a message stays one readable line.
 */
char *dependencies_chain_text(rpc_call *call, const char *const *names,
                              const char *const *joins, size_t n);

/*
 * "a -> b -> c -> a" from the n names of a cycle in edge order (the first
 * is not repeated at the end); long cycles are shortened in the middle so
 * a message stays one readable line.
 */
char *dependencies_cycle_text(rpc_call *call, const char *const *names,
                              size_t n);

#endif
