/* client/pmo/cmd_server.c - pmo info, health, methods: no login needed. */
#include "cli.h"
#include "common/status.h"
#include "common/timeutil.h"
#include "pmo/v1/meta.pb-c.h"

#include <stdio.h>

static int cmd_call_public(cli_ctx *ctx, const char *cmd,
                           const ProtobufCServiceDescriptor *svc,
                           const char *method, const ProtobufCMessage *in,
                           ProtobufCMessage **out)
{
    int rc = cli_no_more_args(ctx, cmd);
    if (rc)
        return rc;
    pmo_client *c = cli_open(ctx, &rc);
    if (c == NULL)
        return rc;
    pmo_result res;
    rc = pmo_call(c, svc, method, in, out, &res);
    pmo_client_close(c);
    if (rc != PMO_OK) {
        char prog[64];
        snprintf(prog, sizeof(prog), "pmo %s", cmd);
        return cli_report(prog, &res);
    }
    return 0;
}

static int cmd_info(cli_ctx *ctx)
{
    Pmo__V1__InfoRequest in = PMO__V1__INFO_REQUEST__INIT;
    Pmo__V1__InfoResponse *out;
    int rc = cmd_call_public(ctx, "info", &pmo__v1__meta__descriptor, "Info",
                             &in.base, (ProtobufCMessage **)&out);
    if (rc)
        return rc;
    if (ctx->json) {
        cli_print_json(&out->base);
    } else {
        char started[32];
        time_format_ms(out->started_at_ms, started, sizeof(started));
        printf("server    %s\nversion   %s (protocol %u)\nstarted   %s\n"
               "workers   %u threads, %u requests in flight at most\n",
               out->server_name, out->server_version, out->protocol_version,
               started, out->worker_threads, out->contexts);
        for (size_t i = 0; i < out->n_listen_urls; i++)
            printf("listening %s\n", out->listen_urls[i]);
    }
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

static int cmd_health(cli_ctx *ctx)
{
    Pmo__V1__HealthCheckRequest in = PMO__V1__HEALTH_CHECK_REQUEST__INIT;
    Pmo__V1__HealthCheckResponse *out;
    int rc = cmd_call_public(ctx, "health", &pmo__v1__health__descriptor,
                             "Check", &in.base, (ProtobufCMessage **)&out);
    if (rc)
        return rc;
    bool serving = out->status ==
                   PMO__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__SERVING;
    if (ctx->json)
        cli_print_json(&out->base);
    else
        printf("%s%s%s\n", serving ? "SERVING" : "NOT_SERVING",
               out->detail[0] ? ": " : "", out->detail);
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return serving ? 0 : pmo_status_exit_code(PMO_UNAVAILABLE);
}

static int cmd_methods(cli_ctx *ctx)
{
    Pmo__V1__ListMethodsRequest in = PMO__V1__LIST_METHODS_REQUEST__INIT;
    Pmo__V1__ListMethodsResponse *out;
    int rc = cmd_call_public(ctx, "methods", &pmo__v1__meta__descriptor,
                             "ListMethods", &in.base,
                             (ProtobufCMessage **)&out);
    if (rc)
        return rc;
    if (ctx->json)
        cli_print_json(&out->base);
    else
        for (size_t i = 0; i < out->n_methods; i++)
            printf("%-44s %-8s %s\n", out->methods[i]->path,
                   out->methods[i]->access,
                   out->methods[i]->mutates ? "writes" : "reads");
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

const cli_command cli_server_commands[] = {
    {"info", "", "server name, version and listen addresses", cmd_info},
    {"health", "", "whether the server and its database serve", cmd_health},
    {"methods", "", "every RPC method with its access rule", cmd_methods},
    {NULL, NULL, NULL, NULL},
};
