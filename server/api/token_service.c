/*
 * server/api/token_service.c - pmo.v1.TokenService: API tokens, made,
 * listed and revoked by their account (or by an admin for any account,
 * which is how a service account gets its tokens).
 *
 * A token never makes another: one could otherwise mint a wider token
 * than itself. Tokens are made from a login session.
 */
#include "api/services.h"
#include "api/validate.h"
#include "common/crypto.h"
#include "model/api_tokens.h"
#include "model/users.h"
#include "pmo/v1/token.pb-c.h"

#include <stdio.h>
#include <string.h>

#define TOKEN_EXPIRES_DAYS_DEFAULT 90
#define TOKEN_EXPIRES_DAYS_MAX     3650

/*
 * The account a request names: the caller's own when username is empty
 * or the caller's, else another one, which only an admin may act on.
 * Returns 0 with *user set, or -1 with the call failed.
 */
static int token_account(rpc_call *call, const char *username,
                         Pmo__V1__User **user)
{
    bool own = username[0] == '\0' || strcmp(username, call->who.username) == 0;
    if (!own && !call->who.is_admin) {
        rpc_fail(call, PMO_PERMISSION_DENIED,
                 "the tokens of another account (%s) are an admin's to "
                 "manage",
                 username);
        return -1;
    }
    if (!validate_length(call, "username", username, 0, 64))
        return -1;
    return own ? users_get_by_id(call, call->who.user_id, user)
               : users_get(call, username, user);
}

static bool token_create_valid(rpc_call *call,
                               const Pmo__V1__CreateTokenRequest *in)
{
    bool valid = validate_length(call, "name", in->name, 1, 64);
    if (in->n_programs > RPC_TOKEN_PROGRAMS_MAX) {
        rpc_violation(call, "programs", "at most %d programs per token",
                      RPC_TOKEN_PROGRAMS_MAX);
        valid = false;
    }
    for (size_t i = 0; i < in->n_programs && i < RPC_TOKEN_PROGRAMS_MAX; i++) {
        char field[32];
        snprintf(field, sizeof(field), "programs[%zu]", i);
        valid &= validate_length(call, field, in->programs[i], 1, 24);
    }
    if (in->client_cert && !api_config.client_certs) {
        rpc_violation(call, "client_cert",
                      "this server does not check client certificates "
                      "(tls_client_auth none), so such a token could never "
                      "be used");
        valid = false;
    }
    if (in->expires_days > TOKEN_EXPIRES_DAYS_MAX) {
        rpc_violation(call, "expires_days", "must be 1 to %d days (0: %d)",
                      TOKEN_EXPIRES_DAYS_MAX, TOKEN_EXPIRES_DAYS_DEFAULT);
        valid = false;
    }
    return valid;
}

static void token_create_token(Pmo__V1__TokenService_Service *svc,
                               const Pmo__V1__CreateTokenRequest *in,
                               Pmo__V1__CreateTokenResponse_Closure done,
                               void *data)
{
    rpc_call *call = data;
    if (call->who.token_id) {
        rpc_fail(call, PMO_PERMISSION_DENIED,
                 "an API token cannot make tokens; log in to make one");
        done(NULL, data);
        return;
    }
    Pmo__V1__User *user;
    if (token_account(call, in->username, &user) != 0 ||
        !token_create_valid(call, in)) {
        done(NULL, data);
        return;
    }
    if (user->disabled) {
        rpc_fail(call, PMO_FAILED_PRECONDITION, "account %s is disabled",
                 user->username);
        done(NULL, data);
        return;
    }
    int64_t ids[RPC_TOKEN_PROGRAMS_MAX];
    char secret[CRYPTO_TOKEN_TEXT_LEN + 1], digest[CRYPTO_SHA256_HEX_LEN + 1];
    if (api_tokens_programs(call, user->id, in->programs, in->n_programs,
                            ids) != 0) {
        done(NULL, data);
        return;
    }
    if (crypto_token_new(secret) != 0) {
        rpc_fail(call, PMO_INTERNAL, "no randomness for a token");
        done(NULL, data);
        return;
    }
    crypto_token_digest(secret, digest);
    api_token_new t = {
        .user_id = user->id,
        .name = in->name,
        .digest = digest,
        .read_only = in->read_only,
        .program_ids = ids,
        .n_programs = in->n_programs,
        .client_cert = in->client_cert,
        .expires_days =
            in->expires_days ? in->expires_days : TOKEN_EXPIRES_DAYS_DEFAULT,
    };
    Pmo__V1__CreateTokenResponse out = PMO__V1__CREATE_TOKEN_RESPONSE__INIT;
    if (api_tokens_create(call, &t, &out.token) != 0) {
        done(NULL, data);
        return;
    }
    out.secret = secret;
    done(&out, data);
    /* The secret is in the packed reply now; do not leave it on the stack. */
    explicit_bzero(secret, sizeof(secret));
}

static void token_list_tokens(Pmo__V1__TokenService_Service *svc,
                              const Pmo__V1__ListTokensRequest *in,
                              Pmo__V1__ListTokensResponse_Closure done,
                              void *data)
{
    rpc_call *call = data;
    Pmo__V1__User *user;
    Pmo__V1__ListTokensResponse out = PMO__V1__LIST_TOKENS_RESPONSE__INIT;
    if (token_account(call, in->username, &user) != 0 ||
        api_tokens_list(call, user->id, in->include_ended, &out.tokens,
                        &out.n_tokens) != 0) {
        done(NULL, data);
        return;
    }
    done(&out, data);
}

static void token_revoke_token(Pmo__V1__TokenService_Service *svc,
                               const Pmo__V1__RevokeTokenRequest *in,
                               Pmo__V1__RevokeTokenResponse_Closure done,
                               void *data)
{
    rpc_call *call = data;
    if (in->token_id <= 0) {
        rpc_violation(call, "token_id", "must be a token id (> 0)");
        done(NULL, data);
        return;
    }
    Pmo__V1__RevokeTokenResponse out = PMO__V1__REVOKE_TOKEN_RESPONSE__INIT;
    int64_t owner = call->who.is_admin ? 0 : call->who.user_id;
    if (api_tokens_revoke(call, in->token_id, owner, &out.token) != 0) {
        done(NULL, data);
        return;
    }
    done(&out, data);
}

static Pmo__V1__TokenService_Service token_impl =
    PMO__V1__TOKEN_SERVICE__INIT(token_);

static const rpc_method_policy token_policies[] = {
    {"CreateToken", RPC_ACCESS_SESSION, RPC_WRITES, RPC_NO_REPLAY},
    {"ListTokens", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"RevokeToken", RPC_ACCESS_SESSION, RPC_WRITES, 0},
};

const rpc_service api_token_service = {
    .impl = &token_impl.base,
    .policies = token_policies,
    .n_policies = sizeof(token_policies) / sizeof(token_policies[0]),
};
