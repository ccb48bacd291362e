/* client/admin/rpc.c - the connection to the server and reporting calls. */
#include "admin.h"
#include "common/status.h"
#include "pbjson.h"
#include "pmo/v1/admin.pb-c.h"

#include <stdio.h>
#include <string.h>

static int admin_client_get(admin_ctx *ctx, pmo_result *res)
{
    if (ctx->client)
        return PMO_OK;
    return cli_connect(&ctx->target, &ctx->client, res);
}

/*
 * Every AdminService method needs a session: say so without a call (or
 * that the server cannot be reached, if it cannot).
 */
static int admin_session_check(const admin_ctx *ctx,
                               const ProtobufCServiceDescriptor *svc)
{
    if (svc != &pmo__v1__admin_service__descriptor || ctx->target.token)
        return 0;
    pmo_result res;
    cli_session_missing(&ctx->target, ADMIN_PROG " login", &res);
    return cli_report(ADMIN_PROG, &res);
}

void admin_client_close(admin_ctx *ctx)
{
    pmo_client_close(ctx->client);
    ctx->client = NULL;
}

int admin_rpc_call(admin_ctx *ctx, const ProtobufCServiceDescriptor *svc,
                   const char *method, const ProtobufCMessage *in,
                   ProtobufCMessage **out)
{
    int rc = admin_session_check(ctx, svc);
    if (rc)
        return rc;
    pmo_result res;
    rc = admin_client_get(ctx, &res);
    if (rc == PMO_OK)
        rc = pmo_call(ctx->client, svc, method, in, out, &res);
    if (rc == PMO_OK)
        return 0;
    return cli_report(ADMIN_PROG, &res);
}

int admin_rpc_show(admin_ctx *ctx, const ProtobufCServiceDescriptor *svc,
                   const char *method, const ProtobufCMessage *in,
                   admin_show_fn *show)
{
    ProtobufCMessage *out = NULL;
    int rc = admin_rpc_call(ctx, svc, method, in, &out);
    if (rc)
        return rc;
    if (ctx->json)
        admin_json_print(out);
    else
        show(out);
    protobuf_c_message_free_unpacked(out, NULL);
    return 0;
}

void admin_json_print(const ProtobufCMessage *m)
{
    pbjson_write(stdout, m, 2);
    fputc('\n', stdout);
}

void admin_secret_wipe(char *s)
{
    if (s)
        explicit_bzero(s, strlen(s));
}
