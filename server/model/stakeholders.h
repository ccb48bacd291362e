/*
 * server/model/stakeholders.h - stakeholders of a program and their RACI
 * roles on its projects and work items.
 *
 * Conventions as in model/users.h: functions run on the call's connection
 * (inside its transaction when the method writes), set the call's status
 * and return -1 on failure, audit every change, and leave results in the
 * call's arena. The caller has checked access to the program and
 * validated the fields' shapes; what needs the database (a username that
 * must exist, RACI targets that must be projects or work items of the
 * program, one Accountable per target) is checked here and reported as field violations under
 * "stakeholder.". Such a violation is found by the write itself, so the
 * call fails after writing: the dispatcher's rollback undoes it.
 */
#ifndef PMO_SERVER_MODEL_STAKEHOLDERS_H
#define PMO_SERVER_MODEL_STAKEHOLDERS_H

#include "model/access.h"
#include "pmo/v1/stakeholder.pb-c.h"
#include "rpc/call.h"

#include <stddef.h>
#include <stdint.h>

/*
 * Inserts s (id, program and version ignored; enums already defaulted)
 * with its RACI list into prog. *out is the stored stakeholder.
 */
int stakeholders_create(rpc_call *call, const program_access *prog,
                        const Pmo__V1__Stakeholder *s,
                        Pmo__V1__Stakeholder **out);

/*
 * Reads a stakeholder and the id of its program; NOT_FOUND ("no
 * stakeholder ID") when there is none. The caller must check access to
 * *program_id before answering with *out.
 */
int stakeholders_find(rpc_call *call, int64_t id, int64_t *program_id,
                      Pmo__V1__Stakeholder **out);

/* Only the program a stakeholder belongs to, for checking access first. */
int stakeholders_program_of(rpc_call *call, int64_t id, int64_t *program_id);

/*
 * A page of prog's stakeholders in id order, after id `after` (0: from
 * the start), at most limit + 1 so the caller sees whether more follow.
 * A non-empty target keeps only those with a RACI role on it.
 */
int stakeholders_list(rpc_call *call, const program_access *prog,
                      const char *target, int64_t after, unsigned limit,
                      Pmo__V1__Stakeholder ***out, size_t *n);

/*
 * Changes the fields of stakeholder id named in mask to their values in
 * s ("raci" replaces the list), if it is still at version expected:
 * ABORTED if it moved on, NOT_FOUND if it is gone.
 */
int stakeholders_update(rpc_call *call, const program_access *prog, int64_t id,
                        int64_t expected, char *const *mask, size_t n_mask,
                        const Pmo__V1__Stakeholder *s,
                        Pmo__V1__Stakeholder **out);

/* Deletes stakeholder id with its RACI roles if still at version expected. */
int stakeholders_delete(rpc_call *call, int64_t id, int64_t expected);

#endif
