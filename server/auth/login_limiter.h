/*
 * server/auth/login_limiter.h - slowing down password guessing.
 *
 * Failed logins are counted per account and per peer address (the IP, not
 * the port) in a sliding window. Past the allowance, further attempts are
 * refused outright (RESOURCE_EXHAUSTED, with how long to wait) before any
 * password is checked, so guessing costs the attacker time and costs the
 * server no hashing. A successful login clears its account's count.
 *
 * State is in memory, per server process: with several servers behind one
 * name an attacker gets each server's allowance, which still bounds the
 * rate. Thread-safe.
 */
#ifndef PMO_SERVER_AUTH_LOGIN_LIMITER_H
#define PMO_SERVER_AUTH_LOGIN_LIMITER_H

#include <stdbool.h>
#include <stdint.h>

typedef struct login_limits {
    int per_account; /* failures allowed per account per window */
    int per_peer;    /* failures allowed per peer address per window */
    int window_s;
} login_limits;

void login_limiter_init(const login_limits *limits);
void login_limiter_fini(void);

/*
 * True if an attempt for this account from this peer may go ahead; if not,
 * *retry_after_s says when the oldest counted failure leaves the window.
 */
bool login_limiter_allow(const char *username, const char *peer,
                         int *retry_after_s);

void login_limiter_failed(const char *username, const char *peer);
void login_limiter_succeeded(const char *username);

#endif
