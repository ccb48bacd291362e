/*
 * server/api/schedule_baseline.c - CreateBaseline, ListBaselines and
 * CompareBaseline: the schedule frozen under a name, and how far every
 * item has moved since.
 *
 * Slip is counted in working days of the program's calendar between the
 * baseline's date and today's computed date, so a weekend between them
 * adds nothing.
 */
#include "api/schedule_common.h"
#include "api/schedule_handlers.h"
#include "api/validate.h"
#include "common/daynum.h"
#include "model/baselines.h"

#include <stdlib.h>
#include <string.h>

#define BASELINE_NAME_MAX 64

int schedule_baseline_save(rpc_call *call, const schedule_ctx *ctx,
                           const char *name, Pmo__V1__Baseline **out)
{
    int n = ctx->snap->n_items;
    baseline_row *rows =
        arena_alloc(call->arena, (size_t)(n ? n : 1) * sizeof(*rows));
    for (int i = 0; i < n; i++) {
        const plan_entry *e = &ctx->snap->items[i];
        rows[i] = (baseline_row){e->number, e->kind, e->title,
                                 ctx->res.early_start_day[i],
                                 ctx->res.early_finish_day[i]};
    }
    return baselines_create(call, &ctx->prog, name, ctx->status_day,
                            ctx->res.finish_day, rows, n, out);
}

void schedule_create_baseline(schedule_svc *svc,
                              const Pmo__V1__CreateBaselineRequest *in,
                              Pmo__V1__Baseline_Closure done, void *data)
{
    (void)svc;
    rpc_call *call = data;
    schedule_ctx ctx = {0};
    Pmo__V1__Baseline *out = NULL;
    if (schedule_access(call, in->program, ACCESS_MANAGER, &ctx) == 0 &&
        validate_length(call, "name", in->name, 1, BASELINE_NAME_MAX) &&
        schedule_load(call, in->status_date, &ctx) == 0 &&
        schedule_baseline_save(call, &ctx, in->name, &out) == 0)
        schedule_warnings(&ctx, &out->warnings, &out->n_warnings);
    done(out, data);
    schedule_close(&ctx);
}

void schedule_list_baselines(schedule_svc *svc,
                             const Pmo__V1__ListBaselinesRequest *in,
                             Pmo__V1__ListBaselinesResponse_Closure done,
                             void *data)
{
    (void)svc;
    rpc_call *call = data;
    program_access prog;
    Pmo__V1__ListBaselinesResponse out = PMO__V1__LIST_BASELINES_RESPONSE__INIT;
    if (!validate_length(call, "program", in->program, 1, 32) ||
        access_program(call, in->program, ACCESS_VIEWER, &prog) != 0 ||
        baselines_list(call, &prog, &out.baselines, &out.n_baselines) != 0) {
        done(NULL, data);
        return;
    }
    done(&out, data);
}

/* ------------------------------------------------------------ compare */

static double bl_slip(const schedule_ctx *ctx, int before, int after)
{
    return (double)(sched_cal_count(ctx->cal, after) -
                    sched_cal_count(ctx->cal, before));
}

static Pmo__V1__BaselineVariance *bl_variance(rpc_call *call,
                                             const schedule_ctx *ctx,
                                             const baseline_row *b, int entry)
{
    Pmo__V1__BaselineVariance *v = arena_alloc(call->arena, sizeof *v);
    pmo__v1__baseline_variance__init(v);
    v->ref = arena_printf(call->arena, "%s-%lld", ctx->snap->key,
                          (long long)b->number);
    v->title = (char *)b->title;
    v->kind = b->kind;
    v->baseline_start = schedule_date(call, b->start_day);
    v->baseline_finish = schedule_date(call, b->finish_day);
    if (entry < 0)
        return v;
    v->title = (char *)ctx->snap->items[entry].title;
    int start = ctx->res.early_start_day[entry];
    int finish = ctx->res.early_finish_day[entry];
    v->current_start = schedule_date(call, start);
    v->current_finish = schedule_date(call, finish);
    v->start_slip_days = bl_slip(ctx, b->start_day, start);
    v->finish_slip_days = bl_slip(ctx, b->finish_day, finish);
    return v;
}

/* Milestones first, then the largest finish slip, then by ref number. */
static int bl_order(const void *pa, const void *pb)
{
    const Pmo__V1__BaselineVariance *a = *(Pmo__V1__BaselineVariance *const *)pa;
    const Pmo__V1__BaselineVariance *b = *(Pmo__V1__BaselineVariance *const *)pb;
    bool ma = a->kind == PMO__V1__WORK_ITEM_KIND__KIND_MILESTONE;
    bool mb = b->kind == PMO__V1__WORK_ITEM_KIND__KIND_MILESTONE;
    if (ma != mb)
        return ma ? -1 : 1;
    if (a->finish_slip_days != b->finish_slip_days)
        return a->finish_slip_days > b->finish_slip_days ? -1 : 1;
    size_t la = strlen(a->ref), lb = strlen(b->ref);
    return la != lb ? (la < lb ? -1 : 1) : strcmp(a->ref, b->ref);
}

static void bl_compare(rpc_call *call, const schedule_ctx *ctx,
                       const baseline_row *rows, int n_rows,
                       Pmo__V1__CompareBaselineResponse *out)
{
    size_t cap = (size_t)(n_rows ? n_rows : 1);
    out->items = arena_alloc(call->arena, cap * sizeof(*out->items));
    out->removed = arena_alloc(call->arena, cap * sizeof(*out->removed));
    int n_items = ctx->snap->n_items;
    bool *seen = arena_zalloc(call->arena, (size_t)(n_items ? n_items : 1));
    for (int k = 0; k < n_rows; k++) {
        int entry = plan_snapshot_of_number(ctx->snap, rows[k].number);
        Pmo__V1__BaselineVariance *v = bl_variance(call, ctx, &rows[k], entry);
        if (entry < 0) {
            out->removed[out->n_removed++] = v;
            continue;
        }
        seen[entry] = true;
        out->items[out->n_items++] = v;
    }
    qsort(out->items, out->n_items, sizeof(*out->items), bl_order);
    out->added = arena_alloc(call->arena,
                             (size_t)(n_items ? n_items : 1) * sizeof(char *));
    for (int i = 0; i < n_items; i++)
        if (!seen[i])
            out->added[out->n_added++] = plan_snapshot_ref(call, ctx->snap, i);
}

void schedule_compare_baseline(schedule_svc *svc,
                               const Pmo__V1__CompareBaselineRequest *in,
                               Pmo__V1__CompareBaselineResponse_Closure done,
                               void *data)
{
    (void)svc;
    rpc_call *call = data;
    schedule_ctx ctx = {0};
    Pmo__V1__CompareBaselineResponse out =
        PMO__V1__COMPARE_BASELINE_RESPONSE__INIT;
    baseline_row *rows;
    int n_rows;
    int finish_before;
    bool ok =
        schedule_access(call, in->program, ACCESS_VIEWER, &ctx) == 0 &&
        validate_length(call, "baseline", in->baseline, 0, BASELINE_NAME_MAX) &&
        schedule_load(call, in->status_date, &ctx) == 0 &&
         baselines_read(call, &ctx.prog, in->baseline, &out.baseline, &rows,
                        &n_rows) == 0 &&
         daynum_parse(out.baseline->finish_date, &finish_before);
    if (ok) {
        out.program = (char *)ctx.snap->key;
        out.finish_before = out.baseline->finish_date;
        out.finish_now = schedule_date(call, ctx.res.finish_day);
        out.finish_slip_days = bl_slip(&ctx, finish_before, ctx.res.finish_day);
        bl_compare(call, &ctx, rows, n_rows, &out);
        schedule_warnings(&ctx, &out.warnings, &out.n_warnings);
    }
    done(ok ? &out : NULL, data);
    schedule_close(&ctx);
}
