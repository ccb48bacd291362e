/* server/model/users.c - user rows: create, read, list, change, audit. */
#include "model/users.h"
#include "audit/audit.h"

#include <stdio.h>
#include <string.h>

/* Column list shared by every query that returns a pmo.v1.User. */
#define USER_COLUMNS                                                           \
    "id, username, display_name, email, is_admin, disabled, "                  \
    "(extract(epoch FROM created_at) * 1000)::bigint, "                        \
    "coalesce((extract(epoch FROM last_login_at) * 1000)::bigint, 0), "        \
    "version, kind"
#define USER_NCOLS 10
/* The audited form of a user: everything but the password hash. */
#define USER_JSON                                                              \
    "jsonb_build_object('id', id, 'username', username, 'display_name', "      \
    "display_name, 'email', email, 'is_admin', is_admin, 'disabled', "         \
    "disabled, 'version', version, 'kind', kind)"

/*
 * Updates lock the row and capture its audited form first (the CTE), so
 * before and after come back in one round trip. The CTE exposes only
 * old_id and before, so bare column names mean the updated row.
 */
#define USER_UPDATE(set_clause, where_clause)                                  \
    "WITH old AS (SELECT id AS old_id, " USER_JSON " AS before FROM users"    \
    "             WHERE " where_clause " FOR UPDATE)"                          \
    " UPDATE users SET " set_clause ", version = version + 1"                 \
    "   FROM old WHERE id = old.old_id"                                        \
    " RETURNING " USER_COLUMNS ", old.before, " USER_JSON

DB_STMT(users_insert,
        "INSERT INTO users (username, display_name, email, password_hash,"
        " is_admin, kind) VALUES ($1, $2, $3, $4, $5, $6)"
        " RETURNING " USER_COLUMNS ", NULL, " USER_JSON);
DB_STMT(users_by_name, "SELECT " USER_COLUMNS " FROM users WHERE username = $1");
DB_STMT(users_by_id, "SELECT " USER_COLUMNS " FROM users WHERE id = $1");
DB_STMT(users_page,
        "SELECT " USER_COLUMNS " FROM users"
        " WHERE starts_with(username, $1) AND username > $2"
        "   AND ($3 OR NOT disabled)"
        " ORDER BY username LIMIT $4");
/* Service accounts, with how many of their tokens are live. */
DB_STMT(users_services,
        "SELECT " USER_COLUMNS ","
        "  (SELECT count(*) FROM api_tokens t WHERE t.user_id = users.id"
        "     AND t.revoked_at IS NULL AND t.expires_at > now())"
        "  FROM users WHERE kind = 'service' AND ($1 OR NOT disabled)"
        " ORDER BY username LIMIT 1000");
DB_STMT(users_update_disabled,
        USER_UPDATE("disabled = $2", "username = $1"));
DB_STMT(users_update_admin, USER_UPDATE("is_admin = $2", "username = $1"));
DB_STMT(users_update_password,
        USER_UPDATE("password_hash = $2, password_changed_at = now()",
                    "id = $1"));
/* Any fixed number; the same on every server. */
DB_STMT(users_admin_lock, "SELECT pg_advisory_xact_lock(74430003)");
DB_STMT(users_admin_count,
        "SELECT count(*) FROM users WHERE is_admin AND NOT disabled");

static Pmo__V1__User *users_from_row(arena *a, const PGresult *r, int row)
{
    Pmo__V1__User *u = arena_alloc(a, sizeof(*u));
    pmo__v1__user__init(u);
    u->id = db_int64(r, row, 0);
    u->username = arena_strdup(a, db_text(r, row, 1));
    u->display_name = arena_strdup(a, db_text(r, row, 2));
    u->email = arena_strdup(a, db_text(r, row, 3));
    u->is_admin = db_bool(r, row, 4);
    u->disabled = db_bool(r, row, 5);
    u->created_at_ms = db_int64(r, row, 6);
    u->last_login_ms = db_int64(r, row, 7);
    u->version = db_int64(r, row, 8);
    u->kind = arena_strdup(a, db_text(r, row, 9));
    return u;
}

/*
 * Runs a statement returning USER_COLUMNS, before, after for one user,
 * audits the change and hands back the new row.
 */
static int users_change(rpc_call *call, db_stmt *stmt, int n,
                        const char *const *params, const char *who,
                        Pmo__V1__User **out)
{
    PGresult *r = db_exec(call->db, stmt, n, params);
    if (r == NULL) {
        if (db_status_of_error(call->db) == PMO_ALREADY_EXISTS)
            rpc_fail(call, PMO_ALREADY_EXISTS, "user %s already exists", who);
        else
            rpc_fail_db(call, "changing the user");
        return -1;
    }
    if (PQntuples(r) != 1) {
        PQclear(r);
        rpc_fail(call, PMO_NOT_FOUND, "no user %s", who);
        return -1;
    }
    Pmo__V1__User *u = users_from_row(call->arena, r, 0);
    char id[24];
    snprintf(id, sizeof(id), "%lld", (long long)u->id);
    int rc = audit_record(
        call, "user", id,
        db_is_null(r, 0, USER_NCOLS) ? NULL : db_text(r, 0, USER_NCOLS),
        db_text(r, 0, USER_NCOLS + 1));
    PQclear(r);
    if (rc != 0)
        return -1;
    if (out)
        *out = u;
    return 0;
}

int users_create(rpc_call *call, const user_new *u, Pmo__V1__User **out)
{
    const char *params[] = {u->username,
                            u->display_name,
                            u->email,
                            u->password_hash,
                            u->is_admin ? "t" : "f",
                            u->kind ? u->kind : USER_KIND_PERSON};
    return users_change(call, &users_insert, 6, params, u->username, out);
}

static int users_get_one(rpc_call *call, db_stmt *stmt, const char *key,
                         const char *who, Pmo__V1__User **out)
{
    const char *params[] = {key};
    PGresult *r = db_exec(call->db, stmt, 1, params);
    if (r == NULL) {
        rpc_fail_db(call, "reading the user");
        return -1;
    }
    int found = PQntuples(r) == 1;
    if (found)
        *out = users_from_row(call->arena, r, 0);
    else
        rpc_fail(call, PMO_NOT_FOUND, "no user %s", who);
    PQclear(r);
    return found ? 0 : -1;
}

int users_get(rpc_call *call, const char *username, Pmo__V1__User **out)
{
    return users_get_one(call, &users_by_name, username, username, out);
}

int users_get_by_id(rpc_call *call, int64_t id, Pmo__V1__User **out)
{
    char key[24];
    snprintf(key, sizeof(key), "%lld", (long long)id);
    return users_get_one(call, &users_by_id, key, key, out);
}

int users_list(rpc_call *call, const char *prefix, const char *after,
               bool include_disabled, unsigned limit, Pmo__V1__User ***out,
               size_t *n)
{
    char lim[16];
    snprintf(lim, sizeof(lim), "%u", limit + 1);
    const char *params[] = {prefix, after, include_disabled ? "t" : "f", lim};
    PGresult *r = db_exec(call->db, &users_page, 4, params);
    if (r == NULL) {
        rpc_fail_db(call, "listing users");
        return -1;
    }
    *n = (size_t)PQntuples(r);
    *out = arena_alloc(call->arena, (*n ? *n : 1) * sizeof(**out));
    for (size_t i = 0; i < *n; i++)
        (*out)[i] = users_from_row(call->arena, r, (int)i);
    PQclear(r);
    return 0;
}

int users_list_services(rpc_call *call, bool include_disabled,
                        Pmo__V1__ServiceAccount ***out, size_t *n)
{
    const char *params[] = {include_disabled ? "t" : "f"};
    PGresult *r = db_exec(call->db, &users_services, 1, params);
    if (r == NULL) {
        rpc_fail_db(call, "listing service accounts");
        return -1;
    }
    *n = (size_t)PQntuples(r);
    *out = arena_alloc(call->arena, (*n ? *n : 1) * sizeof(**out));
    for (size_t i = 0; i < *n; i++) {
        Pmo__V1__ServiceAccount *a = arena_alloc(call->arena, sizeof(*a));
        pmo__v1__service_account__init(a);
        a->user = users_from_row(call->arena, r, (int)i);
        a->live_tokens = (uint32_t)db_int64(r, (int)i, USER_NCOLS);
        (*out)[i] = a;
    }
    PQclear(r);
    return 0;
}

int users_set_disabled(rpc_call *call, const char *username, bool disabled,
                       Pmo__V1__User **out)
{
    const char *params[] = {username, disabled ? "t" : "f"};
    return users_change(call, &users_update_disabled, 2, params, username,
                        out);
}

int users_set_admin(rpc_call *call, const char *username, bool is_admin,
                    Pmo__V1__User **out)
{
    const char *params[] = {username, is_admin ? "t" : "f"};
    return users_change(call, &users_update_admin, 2, params, username, out);
}

int users_set_password(rpc_call *call, int64_t user_id,
                       const char *password_hash)
{
    char id[24];
    snprintf(id, sizeof(id), "%lld", (long long)user_id);
    const char *params[] = {id, password_hash};
    return users_change(call, &users_update_password, 2, params, id, NULL);
}

int users_count_admins(rpc_call *call, int64_t *out)
{
    PGresult *r = db_exec(call->db, &users_admin_count, 0, NULL);
    if (r == NULL) {
        rpc_fail_db(call, "counting admins");
        return -1;
    }
    *out = db_int64(r, 0, 0);
    PQclear(r);
    return 0;
}

int users_lock_admins(rpc_call *call)
{
    if (db_exec_command(call->db, &users_admin_lock, 0, NULL) != 0) {
        rpc_fail_db(call, "locking the admin set");
        return -1;
    }
    return 0;
}
