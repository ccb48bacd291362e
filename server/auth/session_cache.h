/*
 * server/auth/session_cache.h - recently verified sessions, in memory.
 *
 * Authenticating a request must not cost a database round trip per call,
 * so a verified session is remembered by its token digest for a short TTL.
 * Logout, revocation, disabling a user and role changes drop entries at
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

void session_cache_init(int ttl_ms, int capacity);
void session_cache_fini(void);

/* Copies the cached identity for a token digest into *out if fresh. */
bool session_cache_get(const char *digest, rpc_identity *out);
void session_cache_put(const char *digest, const rpc_identity *who);

void session_cache_drop_session(int64_t session_id);
void session_cache_drop_user(int64_t user_id);
void session_cache_clear(void);

#endif
