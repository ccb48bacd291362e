/*
 * server/api/auth_service.c - pmo.v1.AuthService: log in and out, who am I,
 * change my password.
 */
#include "api/services.h"
#include "api/validate.h"
#include "audit/audit.h"
#include "auth/login_limiter.h"
#include "common/crypto.h"
#include "common/log.h"
#include "model/sessions.h"
#include "model/users.h"
#include "pmo/v1/auth.pb-c.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

/*
 * Checked against when the user does not exist, so that a login for an
 * unknown name costs the same time as one with a wrong password.
 */
static char auth_decoy_hash[CRYPTO_PASSWORD_HASH_MAX];
static pthread_once_t auth_decoy_once = PTHREAD_ONCE_INIT;

static void auth_decoy_make(void)
{
    crypto_password_hash("decoy password", api_config.password_iterations,
                         auth_decoy_hash);
}

static const char *auth_decoy(void)
{
    pthread_once(&auth_decoy_once, auth_decoy_make);
    return auth_decoy_hash;
}

/*
 * Verifies name and password, refusing before any hashing when the
 * account or the peer is over its failed-login allowance; returns true
 * with *creds filled.
 */
static bool auth_check_password(rpc_call *call, const Pmo__V1__LoginRequest *in,
                                user_credentials *creds)
{
    int found = login_limiter_credentials(call, in->username, creds);
    if (found < 0)
        return false;
    /* No password is right for it: say so rather than "wrong password". */
    if (found && creds->is_service) {
        rpc_fail(call, PMO_UNAUTHENTICATED,
                 "%s is a service account: it cannot log in with a "
                 "password; it calls with an API token (pmo-admin token "
                 "create --user %s), sent as PMO_TOKEN",
                 creds->username, creds->username);
        return false;
    }
    bool ok = crypto_password_verify(in->password, found ? creds->password_hash
                                                         : auth_decoy());
    if (!found || !ok) {
        if (login_limiter_failed(call, in->username) != 0)
            return false;
        char user[160];
        log_warn("msg=\"login failed\" user=%s peer=%s",
                 log_quote(user, sizeof(user), in->username), call->peer);
        rpc_fail(call, PMO_UNAUTHENTICATED, "wrong username or password");
        return false;
    }
    if (creds->disabled) {
        rpc_fail(call, PMO_UNAUTHENTICATED, "account %s is disabled",
                 in->username);
        return false;
    }
    return true;
}

static void auth_login(Pmo__V1__AuthService_Service *svc,
                       const Pmo__V1__LoginRequest *in,
                       Pmo__V1__LoginResponse_Closure done, void *data)
{
    rpc_call *call = data;
    bool valid = validate_length(call, "username", in->username, 1, 64);
    valid &= validate_length(call, "password", in->password, 1,
                             VALIDATE_PASSWORD_MAX);
    valid &= validate_length(call, "client_name", in->client_name, 0, 128);
    user_credentials creds;
    if (!valid || !auth_check_password(call, in, &creds)) {
        done(NULL, data);
        return;
    }
    char token[CRYPTO_TOKEN_TEXT_LEN + 1], digest[CRYPTO_SHA256_HEX_LEN + 1];
    if (crypto_token_new(token) != 0) {
        rpc_fail(call, PMO_INTERNAL, "no randomness for a token");
        done(NULL, data);
        return;
    }
    crypto_token_digest(token, digest);
    /* The audit row of the new session names its user as the actor. */
    call->who.user_id = creds.id;
    snprintf(call->who.username, sizeof(call->who.username), "%s",
             creds.username);
    int64_t sid, expires;
    Pmo__V1__User *user;
    if (sessions_create(call, creds.id, digest, in->client_name,
                        api_config.session_ttl_s, &sid, &expires) != 0 ||
        login_limiter_succeeded(call, creds.id, in->username) != 0 ||
        users_get_by_id(call, creds.id, &user) != 0) {
        done(NULL, data);
        return;
    }
    Pmo__V1__LoginResponse out = PMO__V1__LOGIN_RESPONSE__INIT;
    out.token = token;
    out.expires_at_ms = expires;
    out.user = user;
    done(&out, data);
    /* The token is in the packed reply now; do not leave it on the stack. */
    memset(token, 0, sizeof(token));
}

static void auth_logout(Pmo__V1__AuthService_Service *svc,
                        const Pmo__V1__LogoutRequest *in,
                        Pmo__V1__LogoutResponse_Closure done, void *data)
{
    rpc_call *call = data;
    if (call->who.token_id) {
        rpc_fail(call, PMO_FAILED_PRECONDITION,
                 "this call came with API token %lld, not a login session; "
                 "revoke the token instead (pmo token revoke %lld)",
                 (long long)call->who.token_id, (long long)call->who.token_id);
        done(NULL, data);
        return;
    }
    if (sessions_revoke(call, call->who.session_id, NULL) != 0) {
        done(NULL, data);
        return;
    }
    Pmo__V1__LogoutResponse out = PMO__V1__LOGOUT_RESPONSE__INIT;
    done(&out, data);
}

static void auth_who_am_i(Pmo__V1__AuthService_Service *svc,
                          const Pmo__V1__WhoAmIRequest *in,
                          Pmo__V1__WhoAmIResponse_Closure done, void *data)
{
    rpc_call *call = data;
    Pmo__V1__WhoAmIResponse out = PMO__V1__WHO_AM_IRESPONSE__INIT;
    if (users_get_by_id(call, call->who.user_id, &out.user) != 0) {
        done(NULL, data);
        return;
    }
    out.session_id = call->who.session_id;
    out.session_expires_at_ms = call->who.expires_at_ms;
    out.token_id = call->who.token_id;
    done(&out, data);
}

static void auth_change_password(Pmo__V1__AuthService_Service *svc,
                                 const Pmo__V1__ChangePasswordRequest *in,
                                 Pmo__V1__ChangePasswordResponse_Closure done,
                                 void *data)
{
    rpc_call *call = data;
    if (call->who.token_id) {
        rpc_fail(call, PMO_PERMISSION_DENIED,
                 "an API token cannot change a password; log in first");
        done(NULL, data);
        return;
    }
    bool valid = validate_length(call, "old_password", in->old_password, 1,
                                 VALIDATE_PASSWORD_MAX);
    valid &= validate_password(call, "new_password", in->new_password);
    user_credentials creds;
    char hash[CRYPTO_PASSWORD_HASH_MAX];
    uint32_t ended;
    if (!valid) {
        done(NULL, data);
        return;
    }
    int found = login_limiter_credentials(call, call->who.username, &creds);
    if (found != 1) {
        if (found == 0)
            rpc_fail(call, PMO_NOT_FOUND, "no user %s", call->who.username);
        done(NULL, data);
        return;
    }
    if (!crypto_password_verify(in->old_password, creds.password_hash)) {
        if (login_limiter_failed(call, call->who.username) == 0)
            rpc_violation(call, "old_password", "is not your current password");
        done(NULL, data);
        return;
    }
    if (crypto_password_hash(in->new_password, api_config.password_iterations,
                             hash) != 0) {
        rpc_fail(call, PMO_INTERNAL, "cannot hash the password");
        done(NULL, data);
        return;
    }
    /* Other sessions end: a changed password is often a suspected leak. */
    if (users_set_password(call, creds.id, hash) != 0 ||
        sessions_revoke_user(call, creds.id, call->who.session_id, &ended) !=
            0) {
        done(NULL, data);
        return;
    }
    Pmo__V1__ChangePasswordResponse out =
        PMO__V1__CHANGE_PASSWORD_RESPONSE__INIT;
    done(&out, data);
}

static Pmo__V1__AuthService_Service auth_impl =
    PMO__V1__AUTH_SERVICE__INIT(auth_);

static const rpc_method_policy auth_policies[] = {
    {"Login", RPC_ACCESS_PUBLIC, RPC_WRITES, RPC_NO_REPLAY},
    {"Logout", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"WhoAmI", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"ChangePassword", RPC_ACCESS_SESSION, RPC_WRITES, 0},
};

const rpc_service api_auth_service = {
    .impl = &auth_impl.base,
    .policies = auth_policies,
    .n_policies = sizeof(auth_policies) / sizeof(auth_policies[0]),
};
