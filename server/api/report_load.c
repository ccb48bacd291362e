/*
 * server/api/report_load.c - what a report shows, read once per call:
 * the computed schedule in breakdown order, then the rows of the RAID
 * log and the gates, page after page up to REPORT_LOAD_MAX_ROWS each.
 */
#include "api/report_load.h"
#include "common/daynum.h"
#include "model/actions.h"
#include "model/baselines.h"
#include "model/gates.h"
#include "model/programs.h"
#include "model/risks.h"

#include <string.h>

#define REPORT_LOAD_PAGE 500
/*
 * The quick forecast: at most this many runs, within a budget of runs x
 * (items + links) that keeps it to tens of milliseconds; a plan that
 * would get fewer runs than the minimum gets none (pmo forecast is there
 * for it).
 */
#define REPORT_FORECAST_RUNS     1000
#define REPORT_FORECAST_MIN_RUNS 200
#define REPORT_FORECAST_BUDGET   5000000ULL

static int report_day(const char *text)
{
    int day;
    return text && text[0] && daynum_parse(text, &day) ? day : REPORT_NO_DAY;
}

/* Items in breakdown order; pos[entry] is where entry went. */
static void report_items(rpc_call *call, const schedule_ctx *ctx,
                         report_item *items, int *pos)
{
    const plan_snapshot *s = ctx->snap;
    const sched_result *r = &ctx->res;
    for (int k = 0; k < s->n_items; k++) {
        int entry = s->order[k];
        const plan_entry *e = &s->items[entry];
        /* Its rolled-up state, as ComputeSchedule shows it. */
        const Pmo__V1__ScheduledItem *m = schedule_item(call, ctx, entry);
        pos[entry] = k;
        items[k] = (report_item){
            .ref = m->ref,
            .title = e->title,
            .project = e->project,
            .owner = e->assignee,
            .depth = e->depth,
            .summary = e->children > 0,
            .milestone = e->kind == PMO__V1__WORK_ITEM_KIND__KIND_MILESTONE,
            .critical = r->critical[entry] != 0,
            .done = m->state == PMO__V1__WORK_STATE__STATE_DONE,
            .percent = e->percent,
            .start_day = r->early_start_day[entry],
            .finish_day = r->early_finish_day[entry],
            .float_days = schedule_days(r->total_float[entry]),
            .target_day = plan_entry_deadline(e),
            .baseline_start = REPORT_NO_DAY,
            .baseline_finish = REPORT_NO_DAY,
        };
    }
}

/* The critical chains' items in chain order, each once. */
static void report_critical(rpc_call *call, const schedule_ctx *ctx,
                            const int *pos, report_plan *out)
{
    const sched_result *r = &ctx->res;
    int total = r->chain_off[r->n_chains];
    int *path =
        arena_alloc(call->arena, (size_t)(total ? total : 1) * sizeof(int));
    bool *seen = arena_alloc(call->arena,
                             (size_t)(ctx->snap->n_items + 1) * sizeof(bool));
    memset(seen, 0, (size_t)(ctx->snap->n_items + 1) * sizeof(bool));
    int n = 0;
    for (int k = 0; k < total; k++) {
        int entry = r->chain_items[k];
        if (!seen[entry]) {
            seen[entry] = true;
            path[n++] = pos[entry];
        }
    }
    out->critical_path = path;
    out->n_critical_path = n;
}

/* The newest baseline's dates on the items it holds. */
static int report_baseline(rpc_call *call, const schedule_ctx *ctx,
                           const int *pos, report_item *items, report_plan *out)
{
    Pmo__V1__Baseline **list, *b;
    size_t n_list;
    baseline_row *rows;
    int n_rows;
    out->baseline = "";
    if (baselines_list(call, &ctx->prog, &list, &n_list) != 0)
        return -1;
    if (n_list == 0)
        return 0;
    if (baselines_read(call, &ctx->prog, list[0]->name, &b, &rows, &n_rows) !=
        0)
        return -1;
    out->baseline = list[0]->name;
    for (int i = 0; i < n_rows; i++) {
        int entry = plan_snapshot_of_number(ctx->snap, rows[i].number);
        if (entry < 0)
            continue;
        items[pos[entry]].baseline_start = rows[i].start_day;
        items[pos[entry]].baseline_finish = rows[i].finish_day;
    }
    return 0;
}

static int report_forecast(rpc_call *call, const schedule_ctx *ctx,
                           report_plan *out)
{
    uint64_t size = (uint64_t)ctx->snap->n_items + (uint64_t)ctx->plan.n_links;
    uint64_t runs = REPORT_FORECAST_BUDGET / (size ? size : 1);
    if (runs > REPORT_FORECAST_RUNS)
        runs = REPORT_FORECAST_RUNS;
    if (runs < REPORT_FORECAST_MIN_RUNS || ctx->snap->n_items == 0)
        return 0;
    sched_forecast_stats st;
    if (schedule_forecast_finish(call, ctx, (uint32_t)runs, &st) != 0)
        return -1;
    out->forecast_runs = (int)runs;
    out->forecast_p50 = sched_cal_end_day(ctx->cal, st.p50);
    out->forecast_p80 = sched_cal_end_day(ctx->cal, st.p80);
    out->forecast_has_target = st.has_target;
    out->forecast_on_target = st.p_target;
    return 0;
}

static int report_risks(rpc_call *call, const schedule_ctx *ctx,
                        report_plan *out)
{
    report_risk *risks =
        arena_alloc(call->arena, REPORT_LOAD_MAX_ROWS * sizeof(*risks));
    risks_filter f = {.owner = ""};
    int n = 0;
    for (int64_t after = 0; n < REPORT_LOAD_MAX_ROWS;) {
        Pmo__V1__Risk **page;
        size_t got;
        if (risks_list(call, &ctx->prog, &f, after, REPORT_LOAD_PAGE, &page,
                       &got) != 0)
            return -1;
        size_t keep = got > REPORT_LOAD_PAGE ? REPORT_LOAD_PAGE : got;
        for (size_t i = 0; i < keep && n < REPORT_LOAD_MAX_ROWS; i++) {
            const Pmo__V1__Risk *r = page[i];
            if (r->status == PMO__V1__RISK_STATUS__RISK_CLOSED ||
                r->status == PMO__V1__RISK_STATUS__RISK_OCCURRED)
                continue;
            risks[n++] = (report_risk){r->id, r->title, r->owner,
                                       (int)r->probability, (int)r->impact};
        }
        if (got <= REPORT_LOAD_PAGE)
            break;
        after = risks_sort_key(page[keep - 1]);
    }
    out->risks = risks;
    out->n_risks = n;
    return 0;
}

static int report_actions(rpc_call *call, const schedule_ctx *ctx,
                          report_plan *out)
{
    report_action *actions =
        arena_alloc(call->arena, REPORT_LOAD_MAX_ROWS * sizeof(*actions));
    actions_filter f = {.program_id = ctx->prog.id,
                        .status = PMO__V1__ACTION_STATUS__ACTION_OPEN,
                        .owner = ""};
    int n = 0;
    for (int64_t after = 0; n < REPORT_LOAD_MAX_ROWS;) {
        Pmo__V1__Action **page;
        size_t got;
        if (actions_list(call, &f, after, REPORT_LOAD_PAGE, &page, &got) != 0)
            return -1;
        size_t keep = got > REPORT_LOAD_PAGE ? REPORT_LOAD_PAGE : got;
        for (size_t i = 0; i < keep && n < REPORT_LOAD_MAX_ROWS; i++)
            actions[n++] = (report_action){
                page[i]->id, page[i]->title, page[i]->owner,
                report_day(page[i]->due_date),
                page[i]->status == PMO__V1__ACTION_STATUS__ACTION_OPEN};
        if (got <= REPORT_LOAD_PAGE)
            break;
        after = page[keep - 1]->id;
    }
    out->actions = actions;
    out->n_actions = n;
    return 0;
}

static int report_gates(rpc_call *call, const schedule_ctx *ctx, const int *pos,
                        report_plan *out)
{
    report_gate *gates =
        arena_alloc(call->arena, REPORT_LOAD_MAX_ROWS * sizeof(*gates));
    int n = 0;
    for (int64_t after = 0; n < REPORT_LOAD_MAX_ROWS;) {
        Pmo__V1__Gate **page;
        size_t got;
        if (gates_list(call, &ctx->prog, after, REPORT_LOAD_PAGE, &page,
                       &got) != 0)
            return -1;
        size_t keep = got > REPORT_LOAD_PAGE ? REPORT_LOAD_PAGE : got;
        for (size_t i = 0; i < keep && n < REPORT_LOAD_MAX_ROWS; i++) {
            const Pmo__V1__Gate *g = page[i];
            int entry = plan_snapshot_find(ctx->snap, g->item);
            int signed_off = 0;
            for (size_t c = 0; c < g->n_criteria; c++)
                signed_off += g->criteria[c]->signed_off;
            gates[n++] =
                (report_gate){g->id, g->name, entry >= 0 ? pos[entry] : -1,
                              (int)g->n_criteria, signed_off};
        }
        if (got <= REPORT_LOAD_PAGE)
            break;
        after = page[keep - 1]->id;
    }
    out->gates = gates;
    out->n_gates = n;
    return 0;
}

int report_load(rpc_call *call, const schedule_ctx *ctx, int64_t made_at,
                report_plan *out)
{
    const plan_snapshot *s = ctx->snap;
    const sched_result *r = &ctx->res;
    Pmo__V1__Program *prog;
    if (programs_get(call, &ctx->prog, &prog) != 0)
        return -1;
    size_t n = (size_t)s->n_items;
    report_item *items = arena_alloc(call->arena, (n ? n : 1) * sizeof(*items));
    int *pos = arena_alloc(call->arena, (n ? n : 1) * sizeof(int));
    report_items(call, ctx, items, pos);
    report_link *links = arena_alloc(
        call->arena, (size_t)(s->n_deps ? s->n_deps : 1) * sizeof(*links));
    for (int d = 0; d < s->n_deps; d++)
        links[d] = (report_link){pos[s->deps[d].pred], pos[s->deps[d].succ]};
    *out = (report_plan){
        .key = s->key,
        .name = prog->name,
        .status_day = ctx->status_day,
        .start_day = sched_cal_start_day(ctx->cal, 0),
        .finish_day = r->finish_day,
        .target_finish = s->target_finish,
        .slip_days = r->has_target ? schedule_days(r->slip) : 0,
        .made_at = made_at,
        .items = items,
        .n_items = s->n_items,
        .links = links,
        .n_links = s->n_deps,
    };
    report_critical(call, ctx, pos, out);
    if (report_forecast(call, ctx, out) != 0 ||
        report_baseline(call, ctx, pos, items, out) != 0 ||
        report_risks(call, ctx, out) != 0 ||
        report_actions(call, ctx, out) != 0 ||
        report_gates(call, ctx, pos, out) != 0)
        return -1;
    return 0;
}
