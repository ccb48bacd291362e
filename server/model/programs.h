/*
 * server/model/programs.h - program rows: create, read, list, change,
 * delete, each write with its audit row.
 *
 * Functions run on the call's connection (inside its transaction when the
 * method writes), take input the handler has validated, set the call's
 * status on failure and return -1. Results live in the call's arena.
 * Goals are stored as a jsonb array of {description, metric, target};
 * scope_in, scope_out and deliverables as text[].
 */
#ifndef PMO_SERVER_MODEL_PROGRAMS_H
#define PMO_SERVER_MODEL_PROGRAMS_H

#include "model/access.h"
#include "pmo/v1/program.pb-c.h"
#include "rpc/call.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The fields UpdateProgram may change, as bits of a mask. */
enum program_field {
    PROGRAM_FIELD_NAME = 1u << 0,
    PROGRAM_FIELD_DESCRIPTION = 1u << 1,
    PROGRAM_FIELD_GOALS = 1u << 2,
    PROGRAM_FIELD_SCOPE_IN = 1u << 3,
    PROGRAM_FIELD_SCOPE_OUT = 1u << 4,
    PROGRAM_FIELD_DELIVERABLES = 1u << 5,
    PROGRAM_FIELD_SPONSOR = 1u << 6,
    PROGRAM_FIELD_TARGET_START = 1u << 7,
    PROGRAM_FIELD_TARGET_FINISH = 1u << 8,
    PROGRAM_FIELD_STATUS = 1u << 9,
    PROGRAM_FIELD_RAG = 1u << 10,
    PROGRAM_FIELD_CRITICAL_FLOAT = 1u << 11,
    PROGRAM_FIELD_CURRENCY = 1u << 12,
};

/*
 * Inserts the program (in->status already defaulted) with the caller as
 * its owner, sets call->program_id and audits. ALREADY_EXISTS naming the
 * key if it is taken.
 */
int programs_create(rpc_call *call, const Pmo__V1__Program *in,
                    Pmo__V1__Program **out);

/* The program pa names, with my_role from pa. */
int programs_get(rpc_call *call, const program_access *pa,
                 Pmo__V1__Program **out);

/*
 * The programs the caller holds a role in (every program for admins),
 * with status (0: any), keys after after_key, ordered by key; at most
 * limit + 1 rows so the caller can tell whether another page follows.
 */
int programs_list(rpc_call *call, int status, const char *after_key,
                  unsigned limit, Pmo__V1__Program ***out, size_t *n);

/*
 * Changes the fields in mask (enum program_field bits) to those of in,
 * if the program is still at expected_version. ABORTED when stale; a
 * violation of the changed date when the combined target dates are out
 * of order.
 */
int programs_update(rpc_call *call, const program_access *pa,
                    const Pmo__V1__Program *in, unsigned mask,
                    int64_t expected_version, Pmo__V1__Program **out);

/*
 * Deletes the program with its members, calendar, stakeholders and
 * comments, in one statement. With projects left it refuses
 * (FAILED_PRECONDITION naming how many) unless cascade, which also
 * deletes the projects, their work items and dependencies.
 * expected_version 0 skips the version check.
 */
int programs_delete(rpc_call *call, const program_access *pa,
                    int64_t expected_version, bool cascade);

#endif
