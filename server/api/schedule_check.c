/*
 * server/api/schedule_check.c - CheckSchedule: the DCMA 14-point health
 * check of a program's schedule (server/sched/check.h), with offenders
 * named by ref.
 *
 * What the model supplies for the checks: an assignee is a resource; the
 * baseline is the one named, else the newest, else (no baseline saved
 * yet) each item's planned finish stands in for it. pmo's only date
 * constraint is a planned start, a start-no-earlier-than constraint,
 * which DCMA counts as soft: the hard-constraints check finds none.
 */
#include "api/schedule_common.h"
#include "api/schedule_handlers.h"
#include "api/validate.h"
#include "model/baselines.h"
#include "sched/check.h"

#include <string.h>

/* Offenders listed per check; numerator gives them all. */
#define CHECK_OFFENDERS_MAX 100
#define CHECK_BASELINE_MAX  64

/*
 * Baseline finishes by entry, from the named or newest baseline, or the
 * planned finishes when the program has none. *used is the name used.
 */
static int check_baseline(rpc_call *call, const schedule_ctx *ctx,
                          const char *name, sched_check_extra *extra,
                          const char **used)
{
    Pmo__V1__Baseline **all;
    size_t n_all;
    *used = "";
    if (name[0] == '\0') {
        if (baselines_list(call, &ctx->prog, &all, &n_all) != 0)
            return -1;
        if (n_all == 0) {
            for (int i = 0; i < ctx->snap->n_items; i++)
                extra[i].baseline_finish = ctx->snap->items[i].planned_finish;
            return 0;
        }
    }
    Pmo__V1__Baseline *b;
    baseline_row *rows;
    int n_rows;
    if (baselines_read(call, &ctx->prog, name, &b, &rows, &n_rows) != 0)
        return -1;
    for (int k = 0; k < n_rows; k++) {
        int e = plan_snapshot_of_number(ctx->snap, rows[k].number);
        if (e >= 0)
            extra[e].baseline_finish = rows[k].finish_day;
    }
    *used = b->name;
    return 0;
}

static char **check_offenders(rpc_call *call, const schedule_ctx *ctx,
                              const sched_check_result *c, size_t *n_out)
{
    size_t n = (size_t)(c->n_offenders + c->n_offending_links);
    if (n > CHECK_OFFENDERS_MAX)
        n = CHECK_OFFENDERS_MAX;
    char **out = arena_alloc(call->arena, (n ? n : 1) * sizeof(char *));
    size_t k = 0;
    for (int i = 0; i < c->n_offenders && k < n; i++)
        out[k++] = plan_snapshot_ref(call, ctx->snap, c->offenders[i]);
    for (int i = 0; i < c->n_offending_links && k < n; i++) {
        const sched_link *l = &ctx->plan.links[c->offending_links[i]];
        out[k++] = arena_printf(call->arena, "%s->%s",
                                plan_snapshot_ref(call, ctx->snap, l->pred),
                                plan_snapshot_ref(call, ctx->snap, l->succ));
    }
    *n_out = k;
    return out;
}

static Pmo__V1__ScheduleCheck *check_message(rpc_call *call,
                                             const schedule_ctx *ctx,
                                             const sched_check_result *c)
{
    Pmo__V1__ScheduleCheck *m = arena_alloc(call->arena, sizeof *m);
    pmo__v1__schedule_check__init(m);
    m->number = (uint32_t)c->id;
    m->id = (char *)c->slug;
    m->name = (char *)c->name;
    m->applicable = c->applicable;
    m->passed = c->passed;
    m->value = c->value;
    m->threshold = c->threshold;
    m->unit = (char *)c->unit;
    m->comparison = (char *)c->op;
    m->numerator = (uint32_t)c->numerator;
    m->denominator = (uint32_t)c->denominator;
    m->offenders = check_offenders(call, ctx, c, &m->n_offenders);
    m->detail = arena_strdup(call->arena, c->detail);
    return m;
}

static int check_run(rpc_call *call, const schedule_ctx *ctx,
                     const char *baseline, Pmo__V1__CheckScheduleResponse *out)
{
    int n = ctx->snap->n_items;
    sched_check_extra *extra =
        arena_zalloc(call->arena, (size_t)(n ? n : 1) * sizeof(*extra));
    for (int i = 0; i < n; i++) {
        extra[i].has_resource = ctx->snap->items[i].assignee[0] != '\0';
        extra[i].baseline_finish = SCHED_NO_DAY;
    }
    const char *used;
    if (check_baseline(call, ctx, baseline, extra, &used) != 0)
        return -1;
    sched_check_report rep;
    sched_check_report_init(&rep);
    sched_error err;
    if (sched_check_run(&ctx->plan.plan, &ctx->res, extra, ctx->status_day,
                        &rep, &err) != SCHED_OK) {
        schedule_plan_fail(call, ctx->snap, &ctx->plan, &err);
        return -1;
    }
    out->program = (char *)ctx->snap->key;
    out->status_date = schedule_date(call, ctx->status_day);
    out->baseline = (char *)used;
    out->checks = arena_alloc(call->arena,
                              SCHED_CHECK_COUNT * sizeof(*out->checks));
    out->n_checks = SCHED_CHECK_COUNT;
    for (int k = 0; k < SCHED_CHECK_COUNT; k++)
        out->checks[k] = check_message(call, ctx, &rep.checks[k]);
    out->passed = (uint32_t)rep.n_passed;
    out->failed = (uint32_t)rep.n_failed;
    sched_check_report_fini(&rep);
    return 0;
}

void schedule_check(schedule_svc *svc, const Pmo__V1__CheckScheduleRequest *in,
                    Pmo__V1__CheckScheduleResponse_Closure done, void *data)
{
    (void)svc;
    rpc_call *call = data;
    schedule_ctx ctx = {0};
    Pmo__V1__CheckScheduleResponse out =
        PMO__V1__CHECK_SCHEDULE_RESPONSE__INIT;
    bool ok =
        schedule_access(call, in->program, ACCESS_VIEWER, &ctx) == 0 &&
        validate_length(call, "baseline", in->baseline, 0, CHECK_BASELINE_MAX) &&
        schedule_load(call, in->status_date, &ctx) == 0 &&
        check_run(call, &ctx, in->baseline, &out) == 0;
    if (ok)
        schedule_warnings(&ctx, &out.warnings, &out.n_warnings);
    done(ok ? &out : NULL, data);
    schedule_close(&ctx);
}
