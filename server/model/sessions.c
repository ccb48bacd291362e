/* server/model/sessions.c - session rows: create, end, list, audit. */
#include "model/sessions.h"
#include "audit/audit.h"
#include "auth/session_cache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SESSION_COLUMNS                                                        \
    "s.id, s.user_id, u.username, s.client_name, s.peer_address, "           \
    "(extract(epoch FROM s.created_at) * 1000)::bigint, "                      \
    "(extract(epoch FROM s.expires_at) * 1000)::bigint, "                      \
    "coalesce((extract(epoch FROM s.revoked_at) * 1000)::bigint, 0)"

DB_STMT(sessions_insert,
        "INSERT INTO sessions (user_id, token_hash, client_name, peer_address,"
        " expires_at) VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))"
        " RETURNING id, (extract(epoch FROM expires_at) * 1000)::bigint");
DB_STMT(sessions_revoke_one,
        "WITH s AS (UPDATE sessions SET revoked_at = now()"
        "           WHERE id = $1 AND revoked_at IS NULL"
        "             AND expires_at > now() RETURNING *),"
        " n AS (SELECT pg_notify('pmo_auth', 'session:' || id) FROM s)"
        " SELECT " SESSION_COLUMNS ", (SELECT count(*) FROM n)"
        "   FROM s JOIN users u ON u.id = s.user_id");
DB_STMT(sessions_revoke_all,
        "WITH s AS (UPDATE sessions SET revoked_at = now()"
        "           WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL"
        "             AND expires_at > now() RETURNING id)"
        " SELECT (SELECT count(*) FROM s),"
        "        pg_notify('pmo_auth', 'user:' || $1::text)");
DB_STMT(sessions_page,
        "SELECT " SESSION_COLUMNS " FROM sessions s"
        "  JOIN users u ON u.id = s.user_id"
        " WHERE ($1 = '' OR u.username = $1)"
        "   AND ($2 OR (s.revoked_at IS NULL AND s.expires_at > now()))"
        " ORDER BY s.id DESC LIMIT 1000");
DB_STMT(sessions_notify_user,
        "SELECT pg_notify('pmo_auth', 'user:' || $1::text)");
DB_STMT(sessions_live_count,
        "SELECT count(*) FROM sessions WHERE user_id = $1"
        "   AND revoked_at IS NULL AND expires_at > now()");

static Pmo__V1__Session *sessions_from_row(arena *a, const PGresult *r,
                                           int row)
{
    Pmo__V1__Session *s = arena_alloc(a, sizeof(*s));
    pmo__v1__session__init(s);
    s->id = db_int64(r, row, 0);
    s->user_id = db_int64(r, row, 1);
    s->username = arena_strdup(a, db_text(r, row, 2));
    s->client_name = arena_strdup(a, db_text(r, row, 3));
    s->peer_address = arena_strdup(a, db_text(r, row, 4));
    s->created_at_ms = db_int64(r, row, 5);
    s->expires_at_ms = db_int64(r, row, 6);
    s->revoked_at_ms = db_int64(r, row, 7);
    return s;
}

int sessions_create(rpc_call *call, int64_t user_id, const char *token_digest,
                    const char *client_name, int ttl_s, int64_t *session_id,
                    int64_t *expires_at_ms)
{
    char uid[24], ttl[16];
    snprintf(uid, sizeof(uid), "%lld", (long long)user_id);
    snprintf(ttl, sizeof(ttl), "%d", ttl_s);
    const char *params[] = {uid, token_digest, client_name, call->peer, ttl};
    PGresult *r = db_exec(call->db, &sessions_insert, 5, params);
    if (r == NULL) {
        rpc_fail_db(call, "creating the session");
        return -1;
    }
    *session_id = db_int64(r, 0, 0);
    *expires_at_ms = db_int64(r, 0, 1);
    PQclear(r);
    char sid[24];
    snprintf(sid, sizeof(sid), "%lld", (long long)*session_id);
    char *after = arena_printf(
        call->arena,
        "{\"user_id\": %lld, \"expires_at_ms\": %lld, \"peer\": \"%s\"}",
        (long long)user_id, (long long)*expires_at_ms, call->peer);
    return audit_record(call, "session", sid, NULL, after);
}

int sessions_revoke(rpc_call *call, int64_t session_id, Pmo__V1__Session **out)
{
    char sid[24];
    snprintf(sid, sizeof(sid), "%lld", (long long)session_id);
    const char *params[] = {sid};
    PGresult *r = db_exec(call->db, &sessions_revoke_one, 1, params);
    if (r == NULL) {
        rpc_fail_db(call, "revoking the session");
        return -1;
    }
    if (PQntuples(r) != 1) {
        PQclear(r);
        rpc_fail(call, PMO_NOT_FOUND, "no live session %s", sid);
        return -1;
    }
    Pmo__V1__Session *s = sessions_from_row(call->arena, r, 0);
    PQclear(r);
    /* Drop it here at once; the NOTIFY tells the other servers at commit. */
    session_cache_drop_session(session_id);
    if (out)
        *out = s;
    return audit_record(call, "session", sid, NULL,
                        "{\"revoked\": true}");
}

int sessions_revoke_user(rpc_call *call, int64_t user_id,
                         int64_t keep_session_id, uint32_t *count)
{
    char uid[24], keep[24];
    snprintf(uid, sizeof(uid), "%lld", (long long)user_id);
    snprintf(keep, sizeof(keep), "%lld", (long long)keep_session_id);
    const char *params[] = {uid, keep};
    PGresult *r = db_exec(call->db, &sessions_revoke_all, 2, params);
    if (r == NULL) {
        rpc_fail_db(call, "revoking sessions");
        return -1;
    }
    *count = (uint32_t)db_int64(r, 0, 0);
    PQclear(r);
    session_cache_drop_user(user_id);
    return 0;
}

int sessions_list(rpc_call *call, const char *username, bool include_ended,
                  Pmo__V1__Session ***out, size_t *n)
{
    const char *params[] = {username, include_ended ? "t" : "f"};
    PGresult *r = db_exec(call->db, &sessions_page, 2, params);
    if (r == NULL) {
        rpc_fail_db(call, "listing sessions");
        return -1;
    }
    *n = (size_t)PQntuples(r);
    *out = arena_alloc(call->arena, (*n ? *n : 1) * sizeof(**out));
    for (size_t i = 0; i < *n; i++)
        (*out)[i] = sessions_from_row(call->arena, r, (int)i);
    PQclear(r);
    return 0;
}

int sessions_count_live(rpc_call *call, int64_t user_id, uint32_t *count)
{
    char uid[24];
    snprintf(uid, sizeof(uid), "%lld", (long long)user_id);
    const char *params[] = {uid};
    PGresult *r = db_exec(call->db, &sessions_live_count, 1, params);
    if (r == NULL) {
        rpc_fail_db(call, "counting sessions");
        return -1;
    }
    *count = (uint32_t)db_int64(r, 0, 0);
    PQclear(r);
    return 0;
}

int sessions_identity_changed(rpc_call *call, int64_t user_id)
{
    char uid[24];
    snprintf(uid, sizeof(uid), "%lld", (long long)user_id);
    const char *params[] = {uid};
    if (db_exec_command(call->db, &sessions_notify_user, 1, params) != 0) {
        rpc_fail_db(call, "announcing the change");
        return -1;
    }
    session_cache_drop_user(user_id);
    return 0;
}
