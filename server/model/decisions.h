/*
 * server/model/decisions.h - a program's decisions: the question, the
 * options weighed, what was decided, by whom and when, and what it
 * affects; taken in a meeting or not.
 *
 * Conventions as in model/raid.h. The caller has checked access to the
 * program, the shapes of the fields, and their references (raid_refs).
 * A decision marked decided without a date is dated today.
 */
#ifndef PMO_SERVER_MODEL_DECISIONS_H
#define PMO_SERVER_MODEL_DECISIONS_H

#include "model/access.h"
#include "pmo/v1/risk.pb-c.h"
#include "rpc/call.h"

#include <stddef.h>
#include <stdint.h>

/* Inserts d (id and version ignored; status defaulted). */
int decisions_create(rpc_call *call, const program_access *prog,
                     const Pmo__V1__Decision *d, Pmo__V1__Decision **out);

/*
 * Reads decision id and the id of its program; NOT_FOUND when there is
 * none. The caller must check access to *program_id before answering.
 */
int decisions_find(rpc_call *call, int64_t id, int64_t *program_id,
                   Pmo__V1__Decision **out);

/* Only the program a decision belongs to, for checking access first. */
int decisions_program_of(rpc_call *call, int64_t id, int64_t *program_id);

/*
 * A page of prog's decisions in id order after id `after`, at most limit
 * + 1; status 0 keeps any, meeting_id 0 keeps those of any meeting or
 * none.
 */
int decisions_list(rpc_call *call, const program_access *prog, int status,
                   int64_t meeting_id, int64_t after, unsigned limit,
                   Pmo__V1__Decision ***out, size_t *n);

/*
 * Changes the fields named in mask ("decision" is what was decided;
 * "options" and "items" replace their lists) if still at version
 * expected.
 */
int decisions_update(rpc_call *call, const program_access *prog, int64_t id,
                     int64_t expected, char *const *mask, size_t n_mask,
                     const Pmo__V1__Decision *d, Pmo__V1__Decision **out);

/* Deletes decision id if still at version expected. */
int decisions_delete(rpc_call *call, int64_t id, int64_t expected);

#endif
