/* server/model/members.c - program roles: grant, change, remove, list. */
#include "model/members.h"
#include "audit/audit.h"

#include <stdio.h>

/*
 * Taken before the change is computed: the change's own snapshot then
 * includes every membership change committed before it, so the count of
 * owners it checks is current.
 */
DB_STMT(members_lock, "SELECT 1 FROM programs WHERE id = $1 FOR NO KEY UPDATE");

/*
 * Applies the role ($3, 0 removes) unless it would take the last owner
 * away (allowed is then empty and nothing changes), and reports the role
 * held before, whether it was allowed, and the audited before/after.
 */
DB_STMT(members_change,
        "WITH u AS (SELECT id, username, display_name FROM users"
        "           WHERE username = $2),"
        " cur AS (SELECT m.role FROM program_members m JOIN u"
        "           ON u.id = m.user_id WHERE m.program_id = $1),"
        " owners AS (SELECT count(*) AS n FROM program_members"
        "            WHERE program_id = $1 AND role = 4),"
        " allowed AS (SELECT u.id FROM u CROSS JOIN owners"
        "   LEFT JOIN cur ON true"
        "   WHERE NOT (coalesce(cur.role, 0) = 4 AND $3::int <> 4"
        "              AND owners.n <= 1)),"
        " del AS (DELETE FROM program_members m USING allowed a"
        "   WHERE $3::int = 0 AND m.program_id = $1 AND m.user_id = a.id),"
        " put AS (INSERT INTO program_members (program_id, user_id, role)"
        "   SELECT $1, a.id, $3::smallint FROM allowed a WHERE $3::int > 0"
        "   ON CONFLICT (program_id, user_id)"
        "   DO UPDATE SET role = excluded.role)"
        " SELECT u.username, u.display_name, coalesce(cur.role, 0),"
        "   EXISTS (SELECT 1 FROM allowed),"
        "   CASE WHEN cur.role IS NOT NULL THEN jsonb_build_object("
        "     'username', u.username, 'role', cur.role) END,"
        "   CASE WHEN $3::int > 0 THEN jsonb_build_object("
        "     'username', u.username, 'role', $3::int) END"
        " FROM u CROSS JOIN owners LEFT JOIN cur ON true");

DB_STMT(members_join,
        "INSERT INTO program_members (program_id, user_id, role)"
        " SELECT $1, u.id, 2 FROM users u"
        "  WHERE u.username = $2 AND NOT u.is_admin"
        " ON CONFLICT (program_id, user_id) DO NOTHING"
        " RETURNING jsonb_build_object('username', $2::text, 'role', 2)");

/* One row per user of that name: admins count as owners. */
DB_STMT(members_role,
        "SELECT CASE WHEN u.is_admin THEN 4 ELSE coalesce(m.role, 0) END"
        "  FROM users u LEFT JOIN program_members m"
        "    ON m.user_id = u.id AND m.program_id = $1"
        " WHERE u.username = $2");

DB_STMT(members_page,
        "SELECT u.username, u.display_name, m.role FROM program_members m"
        "  JOIN users u ON u.id = m.user_id"
        " WHERE m.program_id = $1 ORDER BY m.role DESC, u.username");

static Pmo__V1__ProgramMember *members_new(arena *a, const char *username,
                                           const char *display_name,
                                           int64_t role)
{
    Pmo__V1__ProgramMember *m = arena_alloc(a, sizeof(*m));
    pmo__v1__program_member__init(m);
    m->username = arena_strdup(a, username);
    m->display_name = arena_strdup(a, display_name);
    m->role = (Pmo__V1__ProgramRole)role;
    return m;
}

/* Checks the outcome row of members_change; 0 when the change stands. */
static int members_outcome(rpc_call *call, const program_access *pa,
                           const PGresult *r, const char *username,
                           access_role role)
{
    if (PQntuples(r) != 1) {
        rpc_fail(call, PMO_NOT_FOUND, "no user %s", username);
        return -1;
    }
    if (!db_bool(r, 0, 3)) {
        rpc_fail(call, PMO_FAILED_PRECONDITION,
                 "%s is the last owner of %s; make another member owner "
                 "first",
                 username, pa->key);
        return -1;
    }
    if (role == ACCESS_NONE && db_int64(r, 0, 2) == ACCESS_NONE) {
        rpc_fail(call, PMO_NOT_FOUND, "%s holds no role in %s", username,
                 pa->key);
        return -1;
    }
    return 0;
}

int members_set_role(rpc_call *call, const program_access *pa,
                     const char *username, access_role role,
                     Pmo__V1__ProgramMember **out)
{
    char id[24], rolestr[8];
    snprintf(id, sizeof(id), "%lld", (long long)pa->id);
    snprintf(rolestr, sizeof(rolestr), "%d", (int)role);
    const char *params[] = {id, username, rolestr};
    if (db_exec_command(call->db, &members_lock, 1, params) != 0) {
        rpc_fail_db(call, "locking the program");
        return -1;
    }
    PGresult *r = db_exec(call->db, &members_change, 3, params);
    if (r == NULL) {
        rpc_fail_db(call, "changing the member's role");
        return -1;
    }
    if (members_outcome(call, pa, r, username, role) != 0) {
        PQclear(r);
        return -1;
    }
    *out = members_new(call->arena, db_text(r, 0, 0), db_text(r, 0, 1), role);
    char *entity_id = arena_printf(call->arena, "%s/%s", pa->key, username);
    int rc = audit_record(call, "program_member", entity_id,
                          db_is_null(r, 0, 4) ? NULL : db_text(r, 0, 4),
                          db_is_null(r, 0, 5) ? NULL : db_text(r, 0, 5));
    PQclear(r);
    return rc;
}

int members_add_contributor(rpc_call *call, const program_access *pa,
                            const char *username)
{
    char id[24];
    snprintf(id, sizeof(id), "%lld", (long long)pa->id);
    const char *params[] = {id, username};
    PGresult *r = db_exec(call->db, &members_join, 2, params);
    if (r == NULL) {
        rpc_fail_db(call, "adding the member");
        return -1;
    }
    int rc = 0;
    if (PQntuples(r) == 1) {
        char *entity_id = arena_printf(call->arena, "%s/%s", pa->key, username);
        rc = audit_record(call, "program_member", entity_id, NULL,
                          db_text(r, 0, 0));
    }
    PQclear(r);
    return rc;
}

int members_check_signer(rpc_call *call, const program_access *pa,
                         const char *field, const char *username)
{
    char id[24];
    snprintf(id, sizeof(id), "%lld", (long long)pa->id);
    const char *params[] = {id, username};
    PGresult *r = db_exec(call->db, &members_role, 2, params);
    if (r == NULL) {
        rpc_fail_db(call, "reading a member's role");
        return -1;
    }
    bool exists = PQntuples(r) == 1;
    int64_t role = exists ? db_int64(r, 0, 0) : ACCESS_NONE;
    PQclear(r);
    if (role >= ACCESS_CONTRIBUTOR)
        return 0;
    if (!exists)
        rpc_violation(call, field, "no user %s", username);
    else if (role == ACCESS_NONE)
        rpc_violation(call, field,
                      "%s holds no role in %s; an approver needs at least "
                      "the contributor role there",
                      username, pa->key);
    else
        rpc_violation(call, field,
                      "%s cannot sign in %s: an approver needs at least the "
                      "contributor role there",
                      username, pa->key);
    return 1;
}

int members_list(rpc_call *call, const program_access *pa,
                 Pmo__V1__ProgramMember ***out, size_t *n)
{
    char id[24];
    snprintf(id, sizeof(id), "%lld", (long long)pa->id);
    const char *params[] = {id};
    PGresult *r = db_exec(call->db, &members_page, 1, params);
    if (r == NULL) {
        rpc_fail_db(call, "listing members");
        return -1;
    }
    *n = (size_t)PQntuples(r);
    *out = arena_alloc(call->arena, (*n ? *n : 1) * sizeof(**out));
    for (int i = 0; i < (int)*n; i++)
        (*out)[i] = members_new(call->arena, db_text(r, i, 0), db_text(r, i, 1),
                                db_int64(r, i, 2));
    PQclear(r);
    return 0;
}
