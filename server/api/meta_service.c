/*
 * server/api/meta_service.c - pmo.v1.Meta (version, method discovery) and
 * pmo.v1.Health (gRPC-style health checks). Both are public: a load
 * balancer or an integrator needs them before it has credentials.
 */
#include "api/services.h"
#include "common/envelope.h"
#include "common/timeutil.h"
#include "pmo/v1/meta.pb-c.h"
#include "rpc/call.h"
#include "rpc/server.h"

#include <string.h>

static void meta_info(Pmo__V1__Meta_Service *svc,
                      const Pmo__V1__InfoRequest *in,
                      Pmo__V1__InfoResponse_Closure done, void *data)
{
    rpc_call *call = data;
    rpc_server_stats st;
    rpc_server_get_stats(call->server, &st);
    Pmo__V1__InfoResponse out = PMO__V1__INFO_RESPONSE__INIT;
    out.server_name = (char *)st.server_name;
    out.server_version = PMO_VERSION;
    out.protocol_version = PMO_PROTOCOL_VERSION;
    out.started_at_ms = st.started_at_ms;
    out.now_ms = time_now_ms();
    out.worker_threads = (uint32_t)st.workers;
    out.contexts = (uint32_t)st.contexts;
    out.n_listen_urls = st.n_listen;
    out.listen_urls = (char **)st.listen_urls;
    done(&out, data);
}

static void meta_list_methods(Pmo__V1__Meta_Service *svc,
                              const Pmo__V1__ListMethodsRequest *in,
                              Pmo__V1__ListMethodsResponse_Closure done,
                              void *data)
{
    rpc_call *call = data;
    const rpc_table *t = rpc_server_table(call->server);
    Pmo__V1__ListMethodsResponse out = PMO__V1__LIST_METHODS_RESPONSE__INIT;
    out.n_methods = t->count;
    out.methods = arena_alloc(call->arena, t->count * sizeof(*out.methods));
    for (size_t i = 0; i < t->count; i++) {
        const rpc_method *m = &t->methods[i];
        Pmo__V1__MethodInfo *mi = arena_alloc(call->arena, sizeof(*mi));
        pmo__v1__method_info__init(mi);
        mi->path = m->path;
        mi->input_type = (char *)m->desc->input->name;
        mi->output_type = (char *)m->desc->output->name;
        mi->access = (char *)rpc_access_name(m->access);
        mi->mutates = m->effect == RPC_WRITES;
        out.methods[i] = mi;
    }
    done(&out, data);
}

static Pmo__V1__Meta_Service meta_impl = PMO__V1__META__INIT(meta_);

static const rpc_method_policy meta_policies[] = {
    {"Info", RPC_ACCESS_PUBLIC, RPC_READS, 0},
    {"ListMethods", RPC_ACCESS_PUBLIC, RPC_READS, 0},
};

const rpc_service api_meta_service = {
    .impl = &meta_impl.base,
    .policies = meta_policies,
    .n_policies = sizeof(meta_policies) / sizeof(meta_policies[0]),
};

/* ----------------------------------------------------------------- health */

DB_STMT(health_ping, "SELECT 1");

static bool health_service_known(const rpc_table *t, const char *service)
{
    size_t len = strlen(service);
    for (size_t i = 0; i < t->count; i++)
        if (strncmp(t->methods[i].path, service, len) == 0 &&
            t->methods[i].path[len] == '/')
            return true;
    return false;
}

static void health_check(Pmo__V1__Health_Service *svc,
                         const Pmo__V1__HealthCheckRequest *in,
                         Pmo__V1__HealthCheckResponse_Closure done, void *data)
{
    rpc_call *call = data;
    if (in->service[0] &&
        !health_service_known(rpc_server_table(call->server), in->service)) {
        rpc_fail(call, PMO_NOT_FOUND, "no service %s", in->service);
        done(NULL, data);
        return;
    }
    Pmo__V1__HealthCheckResponse out = PMO__V1__HEALTH_CHECK_RESPONSE__INIT;
    rpc_server_stats st;
    rpc_server_get_stats(call->server, &st);
    PGresult *r = db_exec(call->db, &health_ping, 0, NULL);
    if (st.draining) {
        out.status =
            PMO__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__NOT_SERVING;
        out.detail = "shutting down";
    } else if (r == NULL) {
        out.status =
            PMO__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__NOT_SERVING;
        out.detail = arena_printf(call->arena, "database: %s", call->db->error);
    } else {
        out.status = PMO__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__SERVING;
    }
    if (r)
        PQclear(r);
    done(&out, data);
}

static Pmo__V1__Health_Service health_impl = PMO__V1__HEALTH__INIT(health_);

static const rpc_method_policy health_policies[] = {
    {"Check", RPC_ACCESS_PUBLIC, RPC_READS, 0},
};

const rpc_service api_health_service = {
    .impl = &health_impl.base,
    .policies = health_policies,
    .n_policies = 1,
};
