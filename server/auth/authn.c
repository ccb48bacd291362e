/*
 * server/auth/authn.c - token verification behind the session cache: a
 * login session's token or an API token, told apart by the table that
 * holds its digest.
 */
#include "auth/authn.h"
#include "auth/session_cache.h"
#include "auth/token_usage.h"
#include "common/crypto.h"
#include "common/log.h"
#include "common/timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Both kinds in one round trip; a digest is in one table at most (both
 * are SHA-256 of 32 random bytes). Columns: session id, token id, user
 * id, username, admin, expiry, revoked, expired, disabled, read-only,
 * program ids (comma-separated), last use, bound to mutual TLS.
 */
/* clang-format off */
#define AUTHN_MS(col) "(extract(epoch FROM " col ") * 1000)::bigint"
DB_STMT(authn_by_digest,
        "SELECT s.id, 0::bigint, s.user_id, u.username, u.is_admin,"
        "       " AUTHN_MS("s.expires_at") ", s.revoked_at IS NOT NULL,"
        "       s.expires_at <= now(), u.disabled, false, '', 0::bigint, false"
        "  FROM sessions s JOIN users u ON u.id = s.user_id"
        " WHERE s.token_hash = $1"
        " UNION ALL "
        "SELECT 0::bigint, t.id, t.user_id, u.username, u.is_admin,"
        "       " AUTHN_MS("t.expires_at") ", t.revoked_at IS NOT NULL,"
        "       t.expires_at <= now(), u.disabled, t.scope = 'read-only',"
        "       array_to_string(t.program_ids, ','),"
        "       coalesce(" AUTHN_MS("t.last_used_at") ", 0), t.client_cert"
        "  FROM api_tokens t JOIN users u ON u.id = t.user_id"
        " WHERE t.token_hash = $1");
/* Skips a row another server touched within the minute. */
DB_STMT(authn_token_used,
        "UPDATE api_tokens SET last_used_at = now() WHERE id = $1"
        "   AND (last_used_at IS NULL"
        "        OR last_used_at < now() - interval '1 minute')");
/* clang-format on */

enum {
    AUTHN_SESSION_ID,
    AUTHN_TOKEN_ID,
    AUTHN_USER_ID,
    AUTHN_USERNAME,
    AUTHN_ADMIN,
    AUTHN_EXPIRES,
    AUTHN_REVOKED,
    AUTHN_EXPIRED,
    AUTHN_DISABLED,
    AUTHN_READ_ONLY,
    AUTHN_PROGRAMS,
    AUTHN_LAST_USED,
    AUTHN_CLIENT_CERT,
};

static void authn_programs_parse(const char *text, rpc_identity *who)
{
    for (const char *p = text;
         *p && who->n_programs < RPC_TOKEN_PROGRAMS_MAX;) {
        char *end;
        long long id = strtoll(p, &end, 10);
        if (end == p)
            break;
        who->programs[who->n_programs++] = id;
        p = *end == ',' ? end + 1 : end;
    }
}

static pmo_status authn_from_row(const PGresult *r, rpc_identity *who,
                                 const char **why)
{
    bool api = db_int64(r, 0, AUTHN_TOKEN_ID) != 0;
    if (db_bool(r, 0, AUTHN_REVOKED)) {
        *why =
            api ? "API token was revoked" : "session was revoked; log in again";
        return PMO_UNAUTHENTICATED;
    }
    if (db_bool(r, 0, AUTHN_EXPIRED)) {
        *why = api ? "API token expired; make a new one (pmo token create)"
                   : "session expired; log in again";
        return PMO_UNAUTHENTICATED;
    }
    if (db_bool(r, 0, AUTHN_DISABLED)) {
        *why = "account is disabled";
        return PMO_UNAUTHENTICATED;
    }
    memset(who, 0, sizeof(*who));
    who->session_id = db_int64(r, 0, AUTHN_SESSION_ID);
    who->token_id = db_int64(r, 0, AUTHN_TOKEN_ID);
    who->user_id = db_int64(r, 0, AUTHN_USER_ID);
    snprintf(who->username, sizeof(who->username), "%s",
             db_text(r, 0, AUTHN_USERNAME));
    who->is_admin = db_bool(r, 0, AUTHN_ADMIN);
    who->expires_at_ms = db_int64(r, 0, AUTHN_EXPIRES);
    who->read_only = db_bool(r, 0, AUTHN_READ_ONLY);
    authn_programs_parse(db_text(r, 0, AUTHN_PROGRAMS), who);
    who->last_used_ms = db_int64(r, 0, AUTHN_LAST_USED);
    who->needs_client_cert = db_bool(r, 0, AUTHN_CLIENT_CERT);
    return PMO_OK;
}

/*
 * Outside any transaction (authentication comes before the handler's),
 * so the write commits at once; a failure only costs the record of use.
 */
static void authn_token_touch(db_conn *db, const rpc_identity *who)
{
    if (!token_usage_due(who->token_id, who->last_used_ms, time_now_ms()))
        return;
    char id[24];
    snprintf(id, sizeof(id), "%lld", (long long)who->token_id);
    const char *params[] = {id};
    if (db_exec_command(db, &authn_token_used, 1, params) != 0)
        log_warn("msg=\"cannot record the use of an API token\" token=%s "
                 "error=\"%s\"",
                 id, db->error);
}

pmo_status authn_resolve(db_conn *db, const char *token, rpc_identity *who,
                         const char **why)
{
    if (!crypto_token_well_formed(token)) {
        *why = "malformed token; log in again";
        return PMO_UNAUTHENTICATED;
    }
    char digest[CRYPTO_SHA256_HEX_LEN + 1];
    crypto_token_digest(token, digest);
    pmo_status st = PMO_OK;
    if (!session_cache_get(digest, who)) {
        uint64_t generation = session_cache_generation();
        const char *params[] = {digest};
        PGresult *r = db_exec(db, &authn_by_digest, 1, params);
        if (r == NULL) {
            *why = "cannot verify session: database unavailable";
            return PMO_UNAVAILABLE;
        }
        st = PMO_UNAUTHENTICATED;
        *why = "unknown session or API token; log in again";
        if (PQntuples(r) == 1)
            st = authn_from_row(r, who, why);
        PQclear(r);
        if (st == PMO_OK)
            session_cache_put(digest, who, generation);
    }
    if (st == PMO_OK && who->token_id)
        authn_token_touch(db, who);
    return st;
}
