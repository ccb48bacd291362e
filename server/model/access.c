/* server/model/access.c - program roles, checked before anything is read. */
#include "model/access.h"

#include <stdio.h>
#include <string.h>

DB_STMT(access_by_key,
        "SELECT p.id, p.key, coalesce(m.role, 0), p.plan_version, p.currency"
        "  FROM programs p"
        "  LEFT JOIN program_members m"
        "    ON m.program_id = p.id AND m.user_id = $2"
        " WHERE p.key = $1");
DB_STMT(access_by_id,
        "SELECT p.id, p.key, coalesce(m.role, 0), p.plan_version, p.currency"
        "  FROM programs p"
        "  LEFT JOIN program_members m"
        "    ON m.program_id = p.id AND m.user_id = $2"
        " WHERE p.id = $1");
DB_STMT(access_team_member,
        "SELECT EXISTS (SELECT 1 FROM projects p"
        "  JOIN team_members t ON t.team_id = p.team_id"
        " WHERE p.id = $1 AND t.user_id = $2)");

void access_no_role(rpc_call *call, const char *field, const char *username,
                    const char *key)
{
    rpc_violation(call, field,
                  "%s holds no role in %s, so cannot see it; give them one "
                  "first (pmo program grant %s %s viewer)",
                  username, key, key, username);
}

const char *access_role_name(access_role role)
{
    static const char *const names[] = {"none", "viewer", "contributor",
                                        "manager", "owner"};
    return role <= ACCESS_OWNER ? names[role] : "none";
}

bool access_token_allows(const rpc_call *call, int64_t program_id)
{
    if (call->who.n_programs == 0)
        return true;
    for (unsigned i = 0; i < call->who.n_programs; i++)
        if (call->who.programs[i] == program_id)
            return true;
    return false;
}

int access_token_may_create_program(rpc_call *call)
{
    if (call->who.n_programs == 0)
        return 0;
    rpc_fail(call, PMO_PERMISSION_DENIED,
             "this API token is limited to programs, so it cannot make one");
    return -1;
}

const char *access_token_programs(rpc_call *call)
{
    if (call->who.n_programs == 0)
        return "";
    size_t len = 3 + call->who.n_programs * 21;
    char *text = arena_alloc(call->arena, len), *w = text;
    *w++ = '{';
    for (unsigned i = 0; i < call->who.n_programs; i++)
        w += snprintf(w, len - (size_t)(w - text), "%s%lld", i ? "," : "",
                      (long long)call->who.programs[i]);
    snprintf(w, len - (size_t)(w - text), "}");
    return text;
}

static int access_check(rpc_call *call, db_stmt *stmt, const char *key,
                        const char *shown, access_role need,
                        program_access *out)
{
    char uid[24];
    snprintf(uid, sizeof(uid), "%lld", (long long)call->who.user_id);
    const char *params[] = {key, uid};
    PGresult *r = db_exec(call->db, stmt, 2, params);
    if (r == NULL) {
        rpc_fail_db(call, "checking access to the program");
        return -1;
    }
    access_role role = ACCESS_NONE;
    if (PQntuples(r) == 1) {
        out->id = db_int64(r, 0, 0);
        snprintf(out->key, sizeof(out->key), "%s", db_text(r, 0, 1));
        role = (access_role)db_int64(r, 0, 2);
        out->plan_version = db_int64(r, 0, 3);
        snprintf(out->currency, sizeof(out->currency), "%s",
                 db_text(r, 0, 4));
    }
    PQclear(r);
    if (call->who.is_admin && out->id)
        role = ACCESS_OWNER;
    if (role == ACCESS_NONE) {
        rpc_fail(call, PMO_NOT_FOUND, "no program %s", shown);
        return -1;
    }
    if (!access_token_allows(call, out->id)) {
        rpc_fail(call, PMO_PERMISSION_DENIED,
                 "this API token is not for program %s; it is limited to "
                 "other programs",
                 out->key);
        return -1;
    }
    if (role < need) {
        rpc_fail(call, PMO_PERMISSION_DENIED,
                 "this needs the %s role in %s; you are %s",
                 access_role_name(need), out->key, access_role_name(role));
        return -1;
    }
    out->role = role;
    call->program_id = out->id;
    return 0;
}

int access_program(rpc_call *call, const char *key, access_role need,
                   program_access *out)
{
    memset(out, 0, sizeof(*out));
    return access_check(call, &access_by_key, key, key, need, out);
}

int access_program_id(rpc_call *call, int64_t id, access_role need,
                      program_access *out)
{
    memset(out, 0, sizeof(*out));
    char text[24];
    snprintf(text, sizeof(text), "%lld", (long long)id);
    return access_check(call, &access_by_id, text, text, need, out);
}

int access_on_project_team(rpc_call *call, int64_t project_id, bool *out)
{
    char pid[24], uid[24];
    snprintf(pid, sizeof(pid), "%lld", (long long)project_id);
    snprintf(uid, sizeof(uid), "%lld", (long long)call->who.user_id);
    const char *params[] = {pid, uid};
    PGresult *r = db_exec(call->db, &access_team_member, 2, params);
    if (r == NULL) {
        rpc_fail_db(call, "checking team membership");
        return -1;
    }
    *out = db_bool(r, 0, 0);
    PQclear(r);
    return 0;
}
