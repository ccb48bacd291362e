/*
 * client/admin/cmd_token.c - pmo-admin token: API tokens of any account,
 * which is how a service account gets one.
 */
#include "admin.h"
#include "pmo/v1/token.pb-c.h"
#include "token_view.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define ADMIN_TOKEN_SVC (&pmo__v1__token_service__descriptor)
/* The most --program options one token takes (the server's limit). */
#define ADMIN_TOKEN_PROGRAMS_MAX 16

static int admin_token_create(admin_ctx *ctx)
{
    const char *programs[ADMIN_TOKEN_PROGRAMS_MAX];
    char upper[ADMIN_TOKEN_PROGRAMS_MAX][32];
    char *keys[ADMIN_TOKEN_PROGRAMS_MAX];
    size_t n_programs;
    int rc = admin_args_take_repeated(ctx, "--program", programs,
                                      ADMIN_TOKEN_PROGRAMS_MAX, &n_programs);
    if (rc)
        return rc;
    const char *name = NULL, *user = "", *days = NULL;
    bool read_only = false, client_cert = false;
    const admin_opt opts[] = {
        {"--user", &user, NULL},
        {"--read-only", NULL, &read_only},
        {"--client-cert", NULL, &client_cert},
        {"--expires", &days, NULL},
        {NULL, NULL, NULL},
    };
    if ((rc = admin_args_parse(ctx, opts, &name, 1, 1)))
        return rc;
    Pmo__V1__CreateTokenRequest in = PMO__V1__CREATE_TOKEN_REQUEST__INIT;
    int64_t expires = 0;
    if (days && (rc = admin_args_parse_int64(ctx, "--expires", days, 1, 3650,
                                             &expires)))
        return rc;
    for (size_t i = 0; i < n_programs; i++) {
        snprintf(upper[i], sizeof(upper[i]), "%s", programs[i]);
        for (char *p = upper[i]; *p; p++)
            *p = (char)toupper((unsigned char)*p);
        keys[i] = upper[i];
    }
    in.name = (char *)name;
    in.username = (char *)user;
    in.read_only = read_only;
    in.client_cert = client_cert;
    in.expires_days = (uint32_t)expires;
    in.programs = keys;
    in.n_programs = n_programs;
    Pmo__V1__CreateTokenResponse *out = NULL;
    rc = admin_rpc_call(ctx, ADMIN_TOKEN_SVC, "CreateToken", &in.base,
                        (ProtobufCMessage **)&out);
    if (rc)
        return rc;
    if (ctx->json)
        admin_json_print(&out->base);
    else
        token_view_created(stdout, out);
    admin_secret_wipe(out->secret);
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

static void admin_token_list_show(const ProtobufCMessage *m)
{
    const Pmo__V1__ListTokensResponse *out = (const void *)m;
    token_view_list(stdout, out->tokens, out->n_tokens);
}

static int admin_token_list(admin_ctx *ctx)
{
    const char *user = "";
    bool all = false;
    const admin_opt opts[] = {
        {"--user", &user, NULL},
        {"--all", NULL, &all},
        {NULL, NULL, NULL},
    };
    int rc = admin_args_parse(ctx, opts, NULL, 0, 0);
    if (rc)
        return rc;
    Pmo__V1__ListTokensRequest in = PMO__V1__LIST_TOKENS_REQUEST__INIT;
    in.username = (char *)user;
    in.include_ended = all;
    return admin_rpc_show(ctx, ADMIN_TOKEN_SVC, "ListTokens", &in.base,
                          admin_token_list_show);
}

static void admin_token_revoked_show(const ProtobufCMessage *m)
{
    token_view_revoked(stdout,
                       ((const Pmo__V1__RevokeTokenResponse *)m)->token);
}

static int admin_token_revoke(admin_ctx *ctx)
{
    const char *text = NULL;
    int64_t id = 0;
    int rc = admin_args_parse(ctx, NULL, &text, 1, 1);
    if (rc || (rc = admin_args_parse_int64(ctx, "ID", text, 1, INT64_MAX, &id)))
        return rc;
    Pmo__V1__RevokeTokenRequest in = PMO__V1__REVOKE_TOKEN_REQUEST__INIT;
    in.token_id = id;
    return admin_rpc_show(ctx, ADMIN_TOKEN_SVC, "RevokeToken", &in.base,
                          admin_token_revoked_show);
}

const admin_command admin_token_commands[] = {
    {"token", "create",
     "NAME [--user NAME] [--read-only] [--program KEY ...] [--expires DAYS] "
     "[--client-cert]",
     "an API token for an account (a service account's way in)",
     admin_token_create},
    {"token", "list", "[--user NAME] [--all]",
     "API tokens of an account (default: yours; --all: ended ones too)",
     admin_token_list},
    {"token", "revoke", "ID", "end anyone's API token now, on every server",
     admin_token_revoke},
    {NULL, NULL, NULL, NULL, NULL},
};
