/* server/model/api_tokens.c - API token rows: create, list, revoke, audit. */
#include "model/api_tokens.h"
#include "audit/audit.h"
#include "auth/session_cache.h"
#include "db/array.h"
#include "model/access.h"

#include <stdio.h>
#include <string.h>

/* clang-format off */
#define TOKEN_MS(col) "(extract(epoch FROM " col ") * 1000)::bigint"
/* A pmo.v1.ApiToken from t (api_tokens) and u (its user). */
#define TOKEN_COLUMNS                                                          \
    "t.id, u.username, t.name, t.scope = 'read-only',"                         \
    " coalesce((SELECT array_agg(p.key ORDER BY p.key) FROM programs p"        \
    "           WHERE p.id = ANY (t.program_ids)), '{}'),"                     \
    " " TOKEN_MS("t.created_at") ", " TOKEN_MS("t.expires_at") ","            \
    " coalesce(" TOKEN_MS("t.last_used_at") ", 0),"                            \
    " coalesce(" TOKEN_MS("t.revoked_at") ", 0), t.client_cert"
#define TOKEN_NCOLS 10
/* The audited form: everything but the digest. */
#define TOKEN_JSON                                                             \
    "jsonb_build_object('id', t.id, 'user_id', t.user_id, 'name', t.name,"    \
    " 'scope', t.scope, 'program_ids', t.program_ids,"                         \
    " 'client_cert', t.client_cert, 'expires_at', t.expires_at,"               \
    " 'revoked_at', t.revoked_at)"

DB_STMT(api_tokens_insert,
        "WITH t AS (INSERT INTO api_tokens (user_id, name, token_hash, scope,"
        "    program_ids, created_by, expires_at, client_cert)"
        "  VALUES ($1, $2, $3, $4, $5::bigint[], NULLIF($6::bigint, 0),"
        "          now() + make_interval(days => $7::int), $8)"
        "  RETURNING *)"
        " SELECT " TOKEN_COLUMNS ", " TOKEN_JSON
        "   FROM t JOIN users u ON u.id = t.user_id");
/* One row per key, in order: its program's id (0: none) and whether the
 * token's user can see it. */
DB_STMT(api_tokens_program_ids,
        "SELECT coalesce(p.id, 0), coalesce(" ACCESS_SEES_PROGRAM(
            "$2::bigint", "p.id") ", false)"
        "  FROM unnest($1::text[]) WITH ORDINALITY AS k (key, n)"
        "  LEFT JOIN programs p ON p.key = k.key ORDER BY k.n");
DB_STMT(api_tokens_page,
        "SELECT " TOKEN_COLUMNS " FROM api_tokens t"
        "  JOIN users u ON u.id = t.user_id"
        " WHERE t.user_id = $1"
        "   AND ($2 OR (t.revoked_at IS NULL AND t.expires_at > now()))"
        " ORDER BY t.id DESC LIMIT 1000");
DB_STMT(api_tokens_revoke_one,
        "WITH old AS (SELECT t.id AS old_id, " TOKEN_JSON " AS before"
        "   FROM api_tokens t WHERE t.id = $1 AND t.revoked_at IS NULL"
        "    AND ($2::bigint = 0 OR t.user_id = $2::bigint) FOR UPDATE),"
        " t AS (UPDATE api_tokens SET revoked_at = now() FROM old"
        "   WHERE id = old.old_id RETURNING api_tokens.*, old.before),"
        " n AS (SELECT pg_notify('pmo_auth', 'token:' || id) FROM t)"
        " SELECT " TOKEN_COLUMNS ", " TOKEN_JSON ", t.before,"
        "        (SELECT count(*) FROM n)"
        "   FROM t JOIN users u ON u.id = t.user_id");

/* clang-format on */

static const char *tokens_int(rpc_call *call, int64_t v)
{
    return arena_printf(call->arena, "%lld", (long long)v);
}

static Pmo__V1__ApiToken *tokens_from_row(arena *a, const PGresult *r, int row)
{
    Pmo__V1__ApiToken *t = arena_alloc(a, sizeof(*t));
    pmo__v1__api_token__init(t);
    t->id = db_int64(r, row, 0);
    t->username = arena_strdup(a, db_text(r, row, 1));
    t->name = arena_strdup(a, db_text(r, row, 2));
    t->read_only = db_bool(r, row, 3);
    if (db_array_parse(a, db_text(r, row, 4), &t->programs, &t->n_programs) !=
        0)
        t->n_programs = 0;
    t->created_at_ms = db_int64(r, row, 5);
    t->expires_at_ms = db_int64(r, row, 6);
    t->last_used_ms = db_int64(r, row, 7);
    t->revoked_at_ms = db_int64(r, row, 8);
    t->client_cert = db_bool(r, row, 9);
    return t;
}

int api_tokens_create(rpc_call *call, const api_token_new *t,
                      Pmo__V1__ApiToken **out)
{
    char *ids[RPC_TOKEN_PROGRAMS_MAX];
    size_t n = t->n_programs < RPC_TOKEN_PROGRAMS_MAX ? t->n_programs
                                                      : RPC_TOKEN_PROGRAMS_MAX;
    for (size_t i = 0; i < n; i++)
        ids[i] = (char *)tokens_int(call, t->program_ids[i]);
    const char *params[] = {
        tokens_int(call, t->user_id),
        t->name,
        t->digest,
        t->read_only ? "read-only" : "read-write",
        db_array_literal(call->arena, ids, n),
        tokens_int(call, call->who.user_id),
        tokens_int(call, t->expires_days),
        t->client_cert ? "t" : "f",
    };
    PGresult *r = db_exec(call->db, &api_tokens_insert, 8, params);
    if (r == NULL) {
        rpc_fail_db(call, "creating the API token");
        return -1;
    }
    *out = tokens_from_row(call->arena, r, 0);
    int rc = audit_record(call, "api_token", tokens_int(call, (*out)->id), NULL,
                          db_text(r, 0, TOKEN_NCOLS));
    PQclear(r);
    return rc;
}

int api_tokens_programs(rpc_call *call, int64_t user_id, char *const *keys,
                        size_t n, int64_t *ids)
{
    if (n == 0)
        return 0;
    const char *params[] = {db_array_literal(call->arena, keys, n),
                            tokens_int(call, user_id)};
    PGresult *r = db_exec(call->db, &api_tokens_program_ids, 2, params);
    if (r == NULL) {
        rpc_fail_db(call, "finding the token's programs");
        return -1;
    }
    for (size_t i = 0; i < n && (int)i < PQntuples(r); i++) {
        ids[i] = db_int64(r, (int)i, 0);
        if (ids[i] == 0 || !db_bool(r, (int)i, 1)) {
            char field[32];
            snprintf(field, sizeof(field), "programs[%zu]", i);
            rpc_violation(call, field,
                          "no program %s that the token's account can see",
                          keys[i]);
        }
    }
    PQclear(r);
    return rpc_failed(call) ? -1 : 0;
}

int api_tokens_list(rpc_call *call, int64_t user_id, bool include_ended,
                    Pmo__V1__ApiToken ***out, size_t *n)
{
    const char *params[] = {tokens_int(call, user_id),
                            include_ended ? "t" : "f"};
    PGresult *r = db_exec(call->db, &api_tokens_page, 2, params);
    if (r == NULL) {
        rpc_fail_db(call, "listing API tokens");
        return -1;
    }
    *n = (size_t)PQntuples(r);
    *out = arena_alloc(call->arena, (*n ? *n : 1) * sizeof(**out));
    for (size_t i = 0; i < *n; i++)
        (*out)[i] = tokens_from_row(call->arena, r, (int)i);
    PQclear(r);
    return 0;
}

int api_tokens_revoke(rpc_call *call, int64_t token_id, int64_t owner_id,
                      Pmo__V1__ApiToken **out)
{
    const char *params[] = {tokens_int(call, token_id),
                            tokens_int(call, owner_id)};
    PGresult *r = db_exec(call->db, &api_tokens_revoke_one, 2, params);
    if (r == NULL) {
        rpc_fail_db(call, "revoking the API token");
        return -1;
    }
    if (PQntuples(r) != 1) {
        PQclear(r);
        rpc_fail(call, PMO_NOT_FOUND, "no live API token %lld%s",
                 (long long)token_id, owner_id ? " of yours" : "");
        return -1;
    }
    *out = tokens_from_row(call->arena, r, 0);
    int rc = audit_record(call, "api_token", tokens_int(call, token_id),
                          db_text(r, 0, TOKEN_NCOLS + 1),
                          db_text(r, 0, TOKEN_NCOLS));
    PQclear(r);
    /* Drop it here at once; the NOTIFY tells the other servers at commit. */
    session_cache_drop_token(token_id);
    return rc;
}
