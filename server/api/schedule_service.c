/*
 * server/api/schedule_service.c - pmo.v1.ScheduleService: the schedule
 * computed from the plan, and its critical path. The other methods live
 * in schedule_*.c; this file gathers them with their access policies.
 *
 * Who may do what: viewers read every schedule view, forecasts included;
 * managers save baselines.
 */
#include "api/schedule_common.h"
#include "api/schedule_handlers.h"
#include "api/services.h"

static void schedule_header(rpc_call *call, const schedule_ctx *ctx,
                            Pmo__V1__Schedule *out)
{
    const sched_result *r = &ctx->res;
    out->program = (char *)ctx->snap->key;
    out->start_date = schedule_date(
        call, sched_cal_start_day(ctx->cal, 0));
    out->status_date = schedule_date(call, ctx->status_day);
    out->finish_date = schedule_date(call, r->finish_day);
    out->target_finish = schedule_date(call, ctx->snap->target_finish);
    out->slip_days = r->has_target ? schedule_days(r->slip) : 0;
    out->critical_float_days = schedule_days(r->critical_float);
    out->critical_threshold_days = ctx->snap->critical_float_days;
    out->first_start = schedule_date(call, schedule_first_start(ctx));
    out->dependencies = (uint32_t)ctx->snap->n_deps;
    schedule_warnings(ctx, &out->warnings, &out->n_warnings);
}

void schedule_compute(schedule_svc *svc, const Pmo__V1__ScheduleRequest *in,
                      Pmo__V1__Schedule_Closure done, void *data)
{
    (void)svc;
    rpc_call *call = data;
    schedule_ctx ctx = {0};
    if (schedule_open(call, in->program, in->status_date, ACCESS_VIEWER,
                      &ctx) != 0) {
        done(NULL, data);
        schedule_close(&ctx);
        return;
    }
    Pmo__V1__Schedule out = PMO__V1__SCHEDULE__INIT;
    schedule_header(call, &ctx, &out);
    size_t n = (size_t)ctx.snap->n_items;
    out.items = arena_alloc(call->arena, (n ? n : 1) * sizeof(*out.items));
    out.n_items = n;
    for (size_t k = 0; k < n; k++)
        out.items[k] = schedule_item(call, &ctx, ctx.snap->order[k]);
    schedule_chains(call, &ctx, &ctx.res, &out.critical_path,
                    &out.n_critical_path);
    done(&out, data);
    schedule_close(&ctx);
}

void schedule_critical_path(schedule_svc *svc,
                            const Pmo__V1__ScheduleRequest *in,
                            Pmo__V1__CriticalPathResponse_Closure done,
                            void *data)
{
    (void)svc;
    rpc_call *call = data;
    schedule_ctx ctx = {0};
    if (schedule_open(call, in->program, in->status_date, ACCESS_VIEWER,
                      &ctx) != 0) {
        done(NULL, data);
        schedule_close(&ctx);
        return;
    }
    Pmo__V1__Schedule head = PMO__V1__SCHEDULE__INIT;
    schedule_header(call, &ctx, &head);
    Pmo__V1__CriticalPathResponse out = PMO__V1__CRITICAL_PATH_RESPONSE__INIT;
    out.program = head.program;
    out.status_date = head.status_date;
    out.finish_date = head.finish_date;
    out.target_finish = head.target_finish;
    out.slip_days = head.slip_days;
    out.critical_float_days = head.critical_float_days;
    out.critical_threshold_days = head.critical_threshold_days;
    out.warnings = head.warnings;
    out.n_warnings = head.n_warnings;
    const sched_result *r = &ctx.res;
    size_t n = (size_t)r->chain_off[r->n_chains];
    out.items = arena_alloc(call->arena, (n ? n : 1) * sizeof(*out.items));
    out.n_items = n;
    for (size_t k = 0; k < n; k++)
        out.items[k] = schedule_item(call, &ctx, r->chain_items[k]);
    schedule_chains(call, &ctx, r, &out.critical_path, &out.n_critical_path);
    done(&out, data);
    schedule_close(&ctx);
}

static schedule_svc schedule_impl = {
    .base = PMO__V1__SCHEDULE_SERVICE__BASE_INIT,
    .compute_schedule = schedule_compute,
    .critical_path = schedule_critical_path,
    .check_schedule = schedule_check,
    .what_if = schedule_what_if,
    .create_baseline = schedule_create_baseline,
    .list_baselines = schedule_list_baselines,
    .compare_baseline = schedule_compare_baseline,
    .forecast = schedule_forecast,
    .resource_load = schedule_resource_load,
    .level = schedule_level,
    .apply_level = schedule_apply_level,
};

static const rpc_method_policy schedule_policies[] = {
    {"ComputeSchedule", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"CriticalPath", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"CheckSchedule", RPC_ACCESS_SESSION, RPC_READS, RPC_HEAVY},
    {"WhatIf", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"CreateBaseline", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"ListBaselines", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"CompareBaseline", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"Forecast", RPC_ACCESS_SESSION, RPC_READS, RPC_HEAVY},
    {"ResourceLoad", RPC_ACCESS_SESSION, RPC_READS, RPC_HEAVY},
    {"Level", RPC_ACCESS_SESSION, RPC_READS, RPC_HEAVY},
    {"ApplyLevel", RPC_ACCESS_SESSION, RPC_WRITES, RPC_HEAVY},
};

const rpc_service api_schedule_service = {
    .impl = &schedule_impl.base,
    .policies = schedule_policies,
    .n_policies = sizeof(schedule_policies) / sizeof(schedule_policies[0]),
};
