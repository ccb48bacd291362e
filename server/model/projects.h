/*
 * server/model/projects.h - projects: a program's parts, each owned by a
 * team and led by a user, both shown by key / username (never by id).
 *
 * Conventions as in programs.h. Every function takes the program_access
 * its handler obtained, so it only ever touches that program's rows.
 */
#ifndef PMO_SERVER_MODEL_PROJECTS_H
#define PMO_SERVER_MODEL_PROJECTS_H

#include "model/access.h"
#include "pmo/v1/project.pb-c.h"
#include "rpc/call.h"

#include <stddef.h>
#include <stdint.h>

/* The fields UpdateProject may change, as bits of a mask. */
enum project_field {
    PROJECT_FIELD_NAME = 1u << 0,
    PROJECT_FIELD_DESCRIPTION = 1u << 1,
    PROJECT_FIELD_TEAM = 1u << 2,
    PROJECT_FIELD_LEAD = 1u << 3,
    PROJECT_FIELD_TARGET_START = 1u << 4,
    PROJECT_FIELD_TARGET_FINISH = 1u << 5,
};

/*
 * Inserts the project. in->team and in->lead may be "" (none); a team or
 * user that does not exist fails the call with NOT_FOUND and a violation
 * of project.team / project.lead. ALREADY_EXISTS if the key is taken in
 * the program.
 */
int projects_create(rpc_call *call, const program_access *pa,
                    const Pmo__V1__Project *in, Pmo__V1__Project **out);

/* NOT_FOUND "no project KEY in PROGRAM". */
int projects_get(rpc_call *call, const program_access *pa, const char *key,
                 Pmo__V1__Project **out);

/*
 * The program's projects owned by team (every team when ""), keys after
 * after_key, by key; at most limit + 1.
 */
int projects_list(rpc_call *call, const program_access *pa, const char *team,
                  const char *after_key, unsigned limit,
                  Pmo__V1__Project ***out, size_t *n);

/*
 * Changes the masked fields at expected_version: ABORTED when stale,
 * NOT_FOUND with a violation for an unknown team or lead, a violation of
 * the changed date when the combined dates are out of order.
 */
int projects_update(rpc_call *call, const program_access *pa, const char *key,
                    const Pmo__V1__Project *in, unsigned mask,
                    int64_t expected_version, Pmo__V1__Project **out);

/*
 * Deletes the project unless it has work items (FAILED_PRECONDITION
 * naming how many). expected_version 0 skips the version check.
 */
int projects_delete(rpc_call *call, const program_access *pa, const char *key,
                    int64_t expected_version);

#endif
