/*
 * server/model/assumptions.h - what a program takes to be true without
 * proof yet, who is to check it, and by when.
 *
 * Conventions as in model/raid.h. The caller has checked access to the
 * program, the shapes of the fields, and their references (raid_refs).
 */
#ifndef PMO_SERVER_MODEL_ASSUMPTIONS_H
#define PMO_SERVER_MODEL_ASSUMPTIONS_H

#include "model/access.h"
#include "pmo/v1/risk.pb-c.h"
#include "rpc/call.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Inserts a (id, version and overdue ignored; status defaulted). */
int assumptions_create(rpc_call *call, const program_access *prog,
                       const Pmo__V1__Assumption *a, Pmo__V1__Assumption **out);

/*
 * Reads assumption id and the id of its program; NOT_FOUND when there is
 * none. The caller must check access to *program_id before answering.
 */
int assumptions_find(rpc_call *call, int64_t id, int64_t *program_id,
                     Pmo__V1__Assumption **out);

/* Only the program an assumption belongs to, for checking access first. */
int assumptions_program_of(rpc_call *call, int64_t id, int64_t *program_id);

/*
 * A page of prog's assumptions in id order after id `after`, at most
 * limit + 1; status 0 keeps any, overdue keeps those open past their
 * validate-by date.
 */
int assumptions_list(rpc_call *call, const program_access *prog, int status,
                     bool overdue, int64_t after, unsigned limit,
                     Pmo__V1__Assumption ***out, size_t *n);

/* Changes the fields named in mask if still at version expected. */
int assumptions_update(rpc_call *call, const program_access *prog, int64_t id,
                       int64_t expected, char *const *mask, size_t n_mask,
                       const Pmo__V1__Assumption *a, Pmo__V1__Assumption **out);

/* Deletes assumption id if still at version expected. */
int assumptions_delete(rpc_call *call, int64_t id, int64_t expected);

#endif
