/*
 * server/model/meetings.h - a program's meetings: when, who came, the
 * notes, and (read only) the decisions taken and action items given out
 * in them.
 *
 * Conventions as in model/raid.h. The caller has checked access to the
 * program, the shapes of the fields, and their references (raid_refs).
 */
#ifndef PMO_SERVER_MODEL_MEETINGS_H
#define PMO_SERVER_MODEL_MEETINGS_H

#include "model/access.h"
#include "pmo/v1/risk.pb-c.h"
#include "rpc/call.h"

#include <stddef.h>
#include <stdint.h>

/* Inserts m (id, version and the read-only lists ignored). */
int meetings_create(rpc_call *call, const program_access *prog,
                    const Pmo__V1__Meeting *m, Pmo__V1__Meeting **out);

/*
 * Reads meeting id and the id of its program; NOT_FOUND when there is
 * none. The caller must check access to *program_id before answering.
 */
int meetings_find(rpc_call *call, int64_t id, int64_t *program_id,
                  Pmo__V1__Meeting **out);

/* Only the program a meeting belongs to, for checking access first. */
int meetings_program_of(rpc_call *call, int64_t id, int64_t *program_id);

/* A page of prog's meetings in id order after id `after`, at most limit + 1. */
int meetings_list(rpc_call *call, const program_access *prog, int64_t after,
                  unsigned limit, Pmo__V1__Meeting ***out, size_t *n);

/*
 * Changes the fields named in mask ("attendees" replaces the list) if
 * still at version expected.
 */
int meetings_update(rpc_call *call, const program_access *prog, int64_t id,
                    int64_t expected, char *const *mask, size_t n_mask,
                    const Pmo__V1__Meeting *m, Pmo__V1__Meeting **out);

/*
 * Deletes meeting id if still at version expected. Its decisions stay,
 * no longer tied to it; its action items keep saying where they came
 * from.
 */
int meetings_delete(rpc_call *call, int64_t id, int64_t expected);

#endif
