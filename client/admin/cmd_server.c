/* client/admin/cmd_server.c - pmo-admin server: info, health, methods. */
#include "admin.h"
#include "common/status.h"
#include "common/timeutil.h"
#include "pmo/v1/meta.pb-c.h"

#include <inttypes.h>
#include <stdio.h>

static void admin_duration_format(int64_t ms, char *out, size_t len)
{
    int64_t s = ms / 1000;
    if (s >= 86400)
        snprintf(out, len, "%" PRId64 "d %" PRId64 "h", s / 86400,
                 s % 86400 / 3600);
    else if (s >= 3600)
        snprintf(out, len, "%" PRId64 "h %" PRId64 "m", s / 3600,
                 s % 3600 / 60);
    else
        snprintf(out, len, "%" PRId64 "m %" PRId64 "s", s / 60, s % 60);
}

static void admin_server_info_print(const Pmo__V1__InfoResponse *out)
{
    char version[96], started[80], at[32], up[32], workers[64];
    snprintf(version, sizeof(version), "%s (protocol %u)", out->server_version,
             out->protocol_version);
    time_format_ms(out->started_at_ms, at, sizeof(at));
    admin_duration_format(out->now_ms - out->started_at_ms, up, sizeof(up));
    snprintf(started, sizeof(started), "%s (up %s)", at, up);
    snprintf(workers, sizeof(workers), "%u threads, %u requests at once",
             out->worker_threads, out->contexts);
    admin_table t;
    admin_table_init(&t, 2, NULL);
    admin_table_add(&t, (const char *[]){"server", out->server_name});
    admin_table_add(&t, (const char *[]){"version", version});
    admin_table_add(&t, (const char *[]){"started", started});
    admin_table_add(&t, (const char *[]){"workers", workers});
    for (size_t i = 0; i < out->n_listen_urls; i++)
        admin_table_add(&t, (const char *[]){"listening", out->listen_urls[i]});
    admin_table_print(&t, stdout);
    admin_table_fini(&t);
}

static int admin_server_info(admin_ctx *ctx)
{
    int rc = admin_args_parse(ctx, NULL, NULL, 0, 0);
    if (rc)
        return rc;
    Pmo__V1__InfoRequest in = PMO__V1__INFO_REQUEST__INIT;
    Pmo__V1__InfoResponse *out = NULL;
    rc = admin_rpc_call(ctx, &pmo__v1__meta__descriptor, "Info", &in.base,
                        (ProtobufCMessage **)&out);
    if (rc)
        return rc;
    if (ctx->json)
        admin_json_print(&out->base);
    else
        admin_server_info_print(out);
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

static int admin_server_health(admin_ctx *ctx)
{
    int rc = admin_args_parse(ctx, NULL, NULL, 0, 0);
    if (rc)
        return rc;
    Pmo__V1__HealthCheckRequest in = PMO__V1__HEALTH_CHECK_REQUEST__INIT;
    Pmo__V1__HealthCheckResponse *out = NULL;
    rc = admin_rpc_call(ctx, &pmo__v1__health__descriptor, "Check", &in.base,
                        (ProtobufCMessage **)&out);
    if (rc)
        return rc;
    bool serving =
        out->status == PMO__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__SERVING;
    const ProtobufCEnumValue *name = protobuf_c_enum_descriptor_get_value(
        &pmo__v1__health_check_response__serving_status__descriptor,
        out->status);
    if (ctx->json)
        admin_json_print(&out->base);
    else
        printf("%s%s%s\n", name ? name->name : "UNKNOWN",
               out->detail[0] ? ": " : "", out->detail);
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return serving ? 0 : pmo_status_exit_code(PMO_UNAVAILABLE);
}

static void admin_server_methods_print(const Pmo__V1__ListMethodsResponse *out)
{
    admin_table t;
    admin_table_init(&t, 3, (const char *[]){"METHOD", "ACCESS", "KIND"});
    for (size_t i = 0; i < out->n_methods; i++) {
        const Pmo__V1__MethodInfo *m = out->methods[i];
        admin_table_add(&t, (const char *[]){m->path, m->access,
                                             m->mutates ? "writes" : "reads"});
    }
    admin_table_print(&t, stdout);
    admin_table_fini(&t);
}

static int admin_server_methods(admin_ctx *ctx)
{
    int rc = admin_args_parse(ctx, NULL, NULL, 0, 0);
    if (rc)
        return rc;
    Pmo__V1__ListMethodsRequest in = PMO__V1__LIST_METHODS_REQUEST__INIT;
    Pmo__V1__ListMethodsResponse *out = NULL;
    rc = admin_rpc_call(ctx, &pmo__v1__meta__descriptor, "ListMethods",
                        &in.base, (ProtobufCMessage **)&out);
    if (rc)
        return rc;
    if (ctx->json)
        admin_json_print(&out->base);
    else
        admin_server_methods_print(out);
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

const admin_command admin_server_commands[] = {
    {"server", "info", "", "name, version, uptime, listen addresses",
     admin_server_info},
    {"server", "health", "", "whether the server and its database serve",
     admin_server_health},
    {"server", "methods", "", "every RPC method with its access rule",
     admin_server_methods},
    {NULL, NULL, NULL, NULL, NULL},
};
