/*
 * client/pmo/cmd_token.c - pmo token: create, list and revoke the API
 * tokens a script or service calls with (PMO_TOKEN).
 */
#include "cli.h"
#include "parse.h"
#include "pmo/v1/token.pb-c.h"
#include "rpc.h"
#include "token_view.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define TOKEN_SVC (&pmo__v1__token_service__descriptor)

/* The most --program options one token takes (the server's limit). */
#define TOKEN_PROGRAMS_MAX 16

static int token_create_run(cli_ctx *ctx, cli_rpc *r)
{
    Pmo__V1__CreateTokenRequest in = PMO__V1__CREATE_TOKEN_REQUEST__INIT;
    char *programs[TOKEN_PROGRAMS_MAX];
    const char *key;
    while ((key = cli_take_repeated(ctx, "--program")) != NULL) {
        if (in.n_programs == TOKEN_PROGRAMS_MAX)
            return cli_usage_fail(ctx, "at most %d --program options",
                                  TOKEN_PROGRAMS_MAX);
        char *upper = arena_strdup(&r->mem, key);
        for (char *p = upper; *p; p++)
            *p = (char)toupper((unsigned char)*p);
        programs[in.n_programs++] = upper;
    }
    in.programs = programs;
    in.read_only = cli_take_switch(ctx, "--read-only");
    in.client_cert = cli_take_switch(ctx, "--client-cert");
    const char *days = cli_take_option(ctx, "--expires");
    char *name;
    if (cli_take_args(ctx, 1, 1, &name) < 0)
        return 2;
    if (days) {
        int64_t n;
        char err[160];
        if (cli_parse_int(days, 1, 3650, &n, err, sizeof(err)) != 0)
            return cli_usage_fail(ctx, "--expires: %s", err);
        in.expires_days = (uint32_t)n;
    }
    in.name = name;
    Pmo__V1__CreateTokenResponse *out = NULL;
    int rc = cli_rpc_call(r, TOKEN_SVC, "CreateToken", &in.base,
                          (ProtobufCMessage **)&out);
    if (rc)
        return rc;
    if (ctx->json)
        cli_print_json(&out->base);
    else
        token_view_created(stdout, out);
    explicit_bzero(out->secret, strlen(out->secret));
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

/* Calls method, then prints the reply as JSON or with show; frees it. */
static int token_call_show(cli_ctx *ctx, cli_rpc *r, const char *method,
                           const ProtobufCMessage *in,
                           void (*show)(const ProtobufCMessage *))
{
    ProtobufCMessage *out = NULL;
    int rc = cli_rpc_call(r, TOKEN_SVC, method, in, &out);
    if (rc)
        return rc;
    if (ctx->json)
        cli_print_json(out);
    else
        show(out);
    protobuf_c_message_free_unpacked(out, NULL);
    return 0;
}

static void token_list_show(const ProtobufCMessage *m)
{
    const Pmo__V1__ListTokensResponse *out = (const void *)m;
    token_view_list(stdout, out->tokens, out->n_tokens);
}

static int token_list_run(cli_ctx *ctx, cli_rpc *r)
{
    Pmo__V1__ListTokensRequest in = PMO__V1__LIST_TOKENS_REQUEST__INIT;
    in.include_ended = cli_take_switch(ctx, "--all");
    if (cli_take_args(ctx, 0, 0, NULL) < 0)
        return 2;
    return token_call_show(ctx, r, "ListTokens", &in.base, token_list_show);
}

static void token_revoked_show(const ProtobufCMessage *m)
{
    token_view_revoked(stdout,
                       ((const Pmo__V1__RevokeTokenResponse *)m)->token);
}

static int token_revoke_run(cli_ctx *ctx, cli_rpc *r)
{
    char *text;
    if (cli_take_args(ctx, 1, 1, &text) < 0)
        return 2;
    int64_t id;
    char err[160];
    if (cli_parse_int(text, 1, INT64_MAX, &id, err, sizeof(err)) != 0)
        return cli_usage_fail(ctx, "ID: %s", err);
    Pmo__V1__RevokeTokenRequest in = PMO__V1__REVOKE_TOKEN_REQUEST__INIT;
    in.token_id = id;
    return token_call_show(ctx, r, "RevokeToken", &in.base, token_revoked_show);
}

static int token_create(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, token_create_run);
}

static int token_list(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, token_list_run);
}

static int token_revoke(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, token_revoke_run);
}

const cli_command cli_token_commands[] = {
    {"token create",
     "NAME [--read-only] [--program KEY ...] [--expires DAYS] [--client-cert]",
     "make an API token for scripts (PMO_TOKEN); its secret is shown once",
     token_create},
    {"token list", "[--all]", "your API tokens (--all: ended ones too)",
     token_list},
    {"token revoke", "ID", "end an API token now, on every server",
     token_revoke},
    {NULL, NULL, NULL, NULL},
};
