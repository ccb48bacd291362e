/*
 * server/model/sessions.h - login sessions in PostgreSQL.
 *
 * A session row holds the SHA-256 of its token, never the token. Ending a
 * session (logout, revoke, disable, password change) also sends NOTIFY
 * pmo_auth, delivered at commit, so every server drops it from its session
 * cache (events/notify.c). Conventions as in model/users.h.
 */
#ifndef PMO_SERVER_MODEL_SESSIONS_H
#define PMO_SERVER_MODEL_SESSIONS_H

#include "pmo/v1/admin.pb-c.h"
#include "rpc/call.h"

#include <stdbool.h>

/* Creates a session; *expires_at_ms receives its end. */
int sessions_create(rpc_call *call, int64_t user_id, const char *token_digest,
                    const char *client_name, int ttl_s, int64_t *session_id,
                    int64_t *expires_at_ms);

/* Revokes one live session; NOT_FOUND if none such is live. */
int sessions_revoke(rpc_call *call, int64_t session_id, Pmo__V1__Session **out);

/*
 * Revokes every live session of a user except keep_session_id (0: none).
 * *count receives how many ended.
 */
int sessions_revoke_user(rpc_call *call, int64_t user_id,
                         int64_t keep_session_id, uint32_t *count);

int sessions_list(rpc_call *call, const char *username, bool include_ended,
                  Pmo__V1__Session ***out, size_t *n);

/*
 * Tells every server that a user's identity changed (role, name), so cached
 * sessions of that user are verified afresh on their next call.
 */
int sessions_identity_changed(rpc_call *call, int64_t user_id);

int sessions_count_live(rpc_call *call, int64_t user_id, uint32_t *count);

#endif
