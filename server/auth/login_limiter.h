/*
 * server/auth/login_limiter.h - slowing down password guessing.
 *
 * Failed logins are counted per account and per peer address (the IP, not
 * the port) in a sliding window. Past the allowance, further attempts are
 * refused outright (RESOURCE_EXHAUSTED, with how long to wait) before any
 * password is checked, so guessing costs the attacker time and costs the
 * server no hashing. A successful login clears its account's count.
 *
 * The counts are in PostgreSQL (model/login_failures.h): every server on
 * one database shares them, and a restart keeps them. The limits are set
 * once at start-up and read by every worker.
 */
#ifndef PMO_SERVER_AUTH_LOGIN_LIMITER_H
#define PMO_SERVER_AUTH_LOGIN_LIMITER_H

#include "model/login_failures.h"
#include "rpc/call.h"

#include <stddef.h>

typedef login_window login_limits;

/* Sets the limits; call before serving. */
void login_limiter_init(const login_limits *limits);

/*
 * The credentials of username for an attempt from the call's peer: 1 if
 * the user exists, 0 if not (creds untouched), -1 if the call has failed:
 * a database error, or RESOURCE_EXHAUSTED saying when to try again because
 * the account or the peer address is over its allowance.
 */
int login_limiter_credentials(rpc_call *call, const char *username,
                              user_credentials *creds);

/* Counts a failed attempt; see login_failures_record for when to call. */
int login_limiter_failed(rpc_call *call, const char *username);

/* Records a login of user_id and clears the account's failures. */
int login_limiter_succeeded(rpc_call *call, int64_t user_id,
                            const char *username);

/* The address without its port: "10.0.0.7:51234" -> "10.0.0.7". */
void login_limiter_peer_host(const char *peer, char *out, size_t len);

#endif
