/*
 * server/auth/session_cache.h - recently verified sessions and API tokens,
 * in memory.
 *
 * Authenticating a request must not cost a database round trip per call,
 * so a verified session is remembered by its token digest for a short TTL.
 * Logout, revocation (of a session or an API token), disabling a user
 * and role changes drop entries at
 * once on this server, and through LISTEN/NOTIFY on every other server
 * (events/notify.c), so the TTL only bounds how long a change made behind
 * pmo's back (SQL by hand) can go unseen.
 *
 * Process-wide and thread-safe (one mutex; entries are small and the
 * critical sections a few hundred nanoseconds).
 */
#ifndef PMO_SERVER_AUTH_SESSION_CACHE_H
#define PMO_SERVER_AUTH_SESSION_CACHE_H

#include "rpc/call.h"

#include <stdbool.h>
#include <stdint.h>

void session_cache_init(int ttl_ms, int capacity);
void session_cache_fini(void);

/* Copies the cached identity for a token digest into *out if fresh. */
bool session_cache_get(const char *digest, rpc_identity *out);

/*
 * How many drops the cache has seen. A caller reads it before it reads a
 * session from the database and hands it to session_cache_put, which
 * then keeps the session only if nothing was dropped meanwhile: a
 * revocation that commits between the read and the put, and drops the
 * entry before it exists, must not leave the revoked session cached.
 */
uint64_t session_cache_generation(void);

/* Caches who for digest, unless a drop came after generation was read. */
void session_cache_put(const char *digest, const rpc_identity *who,
                       uint64_t generation);

void session_cache_drop_session(int64_t session_id);
void session_cache_drop_token(int64_t token_id);
void session_cache_drop_user(int64_t user_id);
void session_cache_clear(void);

#endif
