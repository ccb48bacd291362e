/* server/auth/authn.c - token verification behind the session cache. */
#include "auth/authn.h"
#include "auth/session_cache.h"
#include "common/crypto.h"

#include <stdio.h>
#include <string.h>

DB_STMT(authn_session_by_digest,
        "SELECT s.id, s.user_id, u.username, u.is_admin,"
        "       (extract(epoch FROM s.expires_at) * 1000)::bigint,"
        "       s.revoked_at IS NOT NULL, s.expires_at <= now(), u.disabled"
        "  FROM sessions s JOIN users u ON u.id = s.user_id"
        " WHERE s.token_hash = $1");

static pmo_status authn_from_row(const PGresult *r, rpc_identity *who,
                                 const char **why)
{
    if (db_bool(r, 0, 5)) {
        *why = "session was revoked; log in again";
        return PMO_UNAUTHENTICATED;
    }
    if (db_bool(r, 0, 6)) {
        *why = "session expired; log in again";
        return PMO_UNAUTHENTICATED;
    }
    if (db_bool(r, 0, 7)) {
        *why = "account is disabled";
        return PMO_UNAUTHENTICATED;
    }
    memset(who, 0, sizeof(*who));
    who->session_id = db_int64(r, 0, 0);
    who->user_id = db_int64(r, 0, 1);
    snprintf(who->username, sizeof(who->username), "%s", db_text(r, 0, 2));
    who->is_admin = db_bool(r, 0, 3);
    who->expires_at_ms = db_int64(r, 0, 4);
    return PMO_OK;
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
    if (session_cache_get(digest, who))
        return PMO_OK;
    uint64_t generation = session_cache_generation();
    const char *params[] = {digest};
    PGresult *r = db_exec(db, &authn_session_by_digest, 1, params);
    if (r == NULL) {
        *why = "cannot verify session: database unavailable";
        return PMO_UNAVAILABLE;
    }
    pmo_status st = PMO_UNAUTHENTICATED;
    *why = "unknown session; log in again";
    if (PQntuples(r) == 1)
        st = authn_from_row(r, who, why);
    PQclear(r);
    if (st == PMO_OK)
        session_cache_put(digest, who, generation);
    return st;
}
