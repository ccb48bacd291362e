/*
 * server/auth/authn.h - from a token to the identity of the caller.
 */
#ifndef PMO_SERVER_AUTH_AUTHN_H
#define PMO_SERVER_AUTH_AUTHN_H

#include "common/status.h"
#include "db/conn.h"
#include "rpc/call.h"

/*
 * Resolves a session or API token. Answers from the session cache when it
 * can; otherwise one query checks the session or token (not revoked, not
 * expired) and its user (not disabled) together. An API token's scope
 * comes back in *who (read_only, programs) for the dispatcher and
 * model/access.c to apply, and its use is recorded at most once a minute
 * (token_usage.h), outside any transaction. Returns PMO_OK with *who filled,
 * PMO_UNAUTHENTICATED with a reason in *why (a static string), or
 * PMO_UNAVAILABLE if the database could not be asked.
 */
pmo_status authn_resolve(db_conn *db, const char *token, rpc_identity *who,
                         const char **why);

#endif
