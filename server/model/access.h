/*
 * server/model/access.h - who may do what in a program.
 *
 * Every program-scoped handler calls access_program (or access_program_id)
 * before it reads or writes anything of the program: one query finds the
 * program and the caller's role in it. Global admins count as owners. A
 * caller with no role in a program is told it does not exist, so programs
 * are not discoverable by name. On success call->program_id is set, which
 * files the call's audit rows under the program's activity feed.
 *
 * A caller with an API token limited to programs acts in those only: the
 * checks here refuse any other program (PERMISSION_DENIED, once the
 * caller's role shows it may see the program), and every listing across
 * programs filters with ACCESS_TOKEN_ALLOWS, so no handler repeats it.
 */
#ifndef PMO_SERVER_MODEL_ACCESS_H
#define PMO_SERVER_MODEL_ACCESS_H

#include "rpc/call.h"

#include <stdbool.h>
#include <stdint.h>

/* The values of pmo.v1.ProgramRole; ordered by power. */
typedef enum access_role {
    ACCESS_NONE = 0,
    ACCESS_VIEWER = 1,
    ACCESS_CONTRIBUTOR = 2,
    ACCESS_MANAGER = 3,
    ACCESS_OWNER = 4,
} access_role;

typedef struct program_access {
    int64_t id;
    char key[24];
    access_role role;
    /* programs.plan_version as this call read it (see plan_cache.h). */
    int64_t plan_version;
    /* programs.currency: the ISO 4217 code of all its money. */
    char currency[4];
} program_access;

/*
 * Looks up the program by key and checks the caller holds at least need.
 * Returns 0, or -1 with the call failed: NOT_FOUND ("no program KEY") for
 * a missing program or one the caller has no role in; PERMISSION_DENIED
 * naming the role needed and the role held otherwise.
 */
int access_program(rpc_call *call, const char *key, access_role need,
                   program_access *out);

/* The same for a program known by id (entities found by their own id). */
int access_program_id(rpc_call *call, int64_t id, access_role need,
                      program_access *out);

/* True in *out if the caller is a member of the team owning the project. */
int access_on_project_team(rpc_call *call, int64_t project_id, bool *out);

/*
 * SQL text, true when the user whose id is the expression user may see
 * the program whose id is the expression program: an admin, or a member
 * with any role. The users a program's records put to work (assignees,
 * the owners of risks, issues, assumptions and actions) must pass it:
 * someone who cannot see the program cannot do what it asks of them.
 */
#define ACCESS_SEES_PROGRAM(user, program)                                     \
    "coalesce((SELECT su.is_admin OR EXISTS (SELECT 1 FROM program_members sm" \
    " WHERE sm.program_id = " program " AND sm.user_id = su.id)"              \
    " FROM users su WHERE su.id = " user "), false)"

/* True if the call's token (if any) may act in program_id. */
bool access_token_allows(const rpc_call *call, int64_t program_id);

/*
 * 0 if the caller may make a new program; -1 with the call failed
 * (PERMISSION_DENIED) for a token limited to programs, which could never
 * act in the program it made.
 */
int access_token_may_create_program(rpc_call *call);

/*
 * The call's token programs as a parameter for ACCESS_TOKEN_ALLOWS: ""
 * when the caller is not limited, else an array literal "{3,7}" in the
 * call's arena.
 */
const char *access_token_programs(rpc_call *call);

/*
 * SQL text, true when the program whose id is the expression program is
 * one the caller's token may act in; scope is the parameter holding
 * access_token_programs ("$9").
 */
#define ACCESS_TOKEN_ALLOWS(scope, program)                                    \
    "(" scope "::text = '' OR " program " = ANY (NULLIF(" scope                \
    "::text, '')::bigint[]))"

/* The violation of field naming a user who fails ACCESS_SEES_PROGRAM. */
void access_no_role(rpc_call *call, const char *field, const char *username,
                    const char *key);

/* "viewer", "contributor", "manager", "owner", "none". */
const char *access_role_name(access_role role);

#endif
