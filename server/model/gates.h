/*
 * server/model/gates.h - quality, security and compliance gates on
 * milestones: a checklist of criteria, each with a named approver and a
 * sign-off.
 *
 * Conventions as in model/stakeholders.h: functions run on the call's
 * connection (inside its transaction when the method writes), set the
 * call's status and return -1 on failure, audit every change (entity
 * "gate", the whole gate with its criteria before and after), and leave
 * results in the call's arena. The caller has checked access and the
 * shapes of the fields; what needs the database (approvers that must be
 * users who may sign, criterion ids of the gate) is checked here and
 * reported as violations under "gate.criteria[i]".
 *
 * The rule a finished milestone keeps: none of its gates has an unsigned
 * criterion. Marking it finished takes the milestone's row lock and then
 * looks for unsigned criteria (gates_finish_check); every gate write that
 * may add one takes the same row in share mode first and refuses to leave
 * an unsigned criterion on a finished milestone. So the two never pass
 * each other.
 */
#ifndef PMO_SERVER_MODEL_GATES_H
#define PMO_SERVER_MODEL_GATES_H

#include "model/access.h"
#include "pmo/v1/gate.pb-c.h"
#include "pmo/v1/work.pb-c.h"
#include "rpc/call.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The update_mask bits of gates_update. */
enum gates_field {
    GATES_NAME = 1u << 0,
    GATES_KIND = 1u << 1,
    GATES_DESCRIPTION = 1u << 2,
    GATES_CRITERIA = 1u << 3,
};

/*
 * Creates g (kind defaulted; approvers "" already replaced by the
 * caller's name) on the milestone numbered number of prog. A number that
 * is not a milestone is a violation of item_field. *out is the stored
 * gate.
 */
int gates_create(rpc_call *call, const program_access *prog, int64_t number,
                 const char *item_field, const Pmo__V1__Gate *g,
                 Pmo__V1__Gate **out);

/*
 * Reads gate id and the id of its program; NOT_FOUND ("no gate ID") when
 * there is none. The caller checks access to *program_id before
 * answering with *out.
 */
int gates_find(rpc_call *call, int64_t id, int64_t *program_id,
               Pmo__V1__Gate **out);

/* Only the program a gate belongs to, for checking access first. */
int gates_program_of(rpc_call *call, int64_t id, int64_t *program_id);

/* The program of the gate holding criterion id; NOT_FOUND if none. */
int gates_criterion_program(rpc_call *call, int64_t id, int64_t *program_id);

/* A page of prog's gates in id order after `after`, at most limit + 1. */
int gates_list(rpc_call *call, const program_access *prog, int64_t after,
               unsigned limit, Pmo__V1__Gate ***out, size_t *n);

/*
 * The gates of the item numbered number with what is left to sign;
 * NOT_FOUND when there is no such item.
 */
int gates_status(rpc_call *call, const program_access *prog, int64_t number,
                 Pmo__V1__GateStatus *out);

/*
 * Changes the fields of gate id in mask (gates_field bits) to those of
 * g, if it is still at version expected: ABORTED if it moved on.
 */
int gates_update(rpc_call *call, const program_access *prog, int64_t id,
                 int64_t expected, unsigned mask, const Pmo__V1__Gate *g,
                 Pmo__V1__Gate **out);

/* Deletes gate id with its criteria if still at version expected. */
int gates_delete(rpc_call *call, int64_t id, int64_t expected);

/*
 * Signs criterion id as the caller with evidence. PERMISSION_DENIED
 * unless the caller is its approver; FAILED_PRECONDITION if it is
 * signed already. *out is the gate after.
 */
int gates_sign(rpc_call *call, const program_access *prog, int64_t id,
               const char *evidence, Pmo__V1__Gate **out);

/*
 * Withdraws the sign-off of criterion id, for its approver or a manager
 * of prog (PERMISSION_DENIED for anyone else). FAILED_PRECONDITION if it
 * is not signed, or if its milestone is finished: a finished milestone
 * keeps its sign-offs, so it must be reopened first. Audited as a change
 * of the gate. *out is the gate after.
 */
int gates_unsign(rpc_call *call, const program_access *prog, int64_t id,
                 Pmo__V1__Gate **out);

/*
 * Called before an item is changed from cur to next: when next finishes
 * it (state done, an actual finish set, or 100 % complete) and cur had
 * not, locks the item and fails with FAILED_PRECONDITION naming every
 * unsigned criterion of its gates. Returns 0 when the change may go ahead.
 */
int gates_finish_check(rpc_call *call, const Pmo__V1__WorkItem *cur,
                       const Pmo__V1__WorkItem *next);

/* "quality", "security", ...; NULL for a value out of range. */
const char *gates_kind_name(int kind);

/* The GateKind of a name as gates_kind_name gives it; 0 if none. */
int gates_kind_of(const char *name);

#endif
