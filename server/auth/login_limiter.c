/*
 * server/auth/login_limiter.c - the failed-login policy over the counts
 * that model/login_failures.c keeps in PostgreSQL.
 */
#include "auth/login_limiter.h"

#include <stdio.h>
#include <string.h>

/* Written once before the workers start, only read after. */
static login_limits limiter_limits = {5, 20, 900};

void login_limiter_init(const login_limits *limits)
{
    limiter_limits = *limits;
}

void login_limiter_peer_host(const char *peer, char *out, size_t len)
{
    snprintf(out, len, "%s", peer);
    char *colon = strrchr(out, ':');
    if (colon && (out[0] != '[' || (colon > out && colon[-1] == ']')))
        *colon = '\0';
}

int login_limiter_credentials(rpc_call *call, const char *username,
                              user_credentials *creds)
{
    char host[sizeof(call->peer)];
    login_limiter_peer_host(call->peer, host, sizeof(host));
    int retry = 0;
    int found = login_failures_credentials(call, &limiter_limits, username,
                                           host, creds, &retry);
    if (found >= 0 && retry > 0) {
        rpc_fail(call, PMO_RESOURCE_EXHAUSTED,
                 "too many failed logins; try again in %d s", retry);
        return -1;
    }
    return found;
}

int login_limiter_failed(rpc_call *call, const char *username)
{
    char host[sizeof(call->peer)];
    login_limiter_peer_host(call->peer, host, sizeof(host));
    return login_failures_record(call, &limiter_limits, username, host);
}

int login_limiter_succeeded(rpc_call *call, int64_t user_id,
                            const char *username)
{
    return login_failures_succeeded(call, user_id, username);
}
