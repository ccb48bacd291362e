/* server/api/schedule_common.c - the shared steps of ScheduleService. */
#include "api/schedule_common.h"
#include "api/validate.h"
#include "common/daynum.h"

#include <string.h>

/* Program keys are short; anything longer names no program. */
#define SCHEDULE_KEY_MAX 32

int schedule_access(rpc_call *call, const char *program, access_role need,
                    schedule_ctx *ctx)
{
    memset(ctx, 0, sizeof *ctx);
    sched_net_init(&ctx->net);
    sched_run_init(&ctx->run);
    sched_result_init(&ctx->res);
    if (!validate_length(call, "program", program, 1, SCHEDULE_KEY_MAX) ||
        access_program(call, program, need, &ctx->prog) != 0)
        return -1;
    return 0;
}

int schedule_load(rpc_call *call, const char *status_date, schedule_ctx *ctx)
{
    if (!schedule_status_day(call, "status_date", status_date,
                             &ctx->status_day) ||
        (ctx->snap = plan_cache_get(call, &ctx->prog, &ctx->hold)) == NULL ||
        schedule_plan_build(call, ctx->snap, ctx->status_day, &ctx->plan) !=
            0 ||
        schedule_plan_run_stored(call, ctx->snap, ctx->status_day, &ctx->plan,
                                 &ctx->net, &ctx->run, &ctx->res,
                                 &ctx->warnings, &ctx->n_warnings) != 0)
        return -1;
    ctx->cal = &ctx->net.cal;
    return 0;
}

int schedule_open(rpc_call *call, const char *program, const char *status_date,
                  access_role need, schedule_ctx *ctx)
{
    if (schedule_access(call, program, need, ctx) != 0)
        return -1;
    return schedule_load(call, status_date, ctx);
}

void schedule_close(schedule_ctx *ctx)
{
    plan_cache_release(ctx->hold);
    ctx->hold = NULL;
    sched_result_fini(&ctx->res);
    sched_run_fini(&ctx->run);
    sched_net_fini(&ctx->net);
}

void schedule_warnings(const schedule_ctx *ctx, char ***warnings, size_t *n)
{
    *warnings = ctx->warnings;
    *n = ctx->n_warnings;
}

double schedule_days(sched_tick ticks)
{
    return (double)ticks / SCHED_TICKS_PER_DAY;
}

char *schedule_date(rpc_call *call, int day)
{
    if (day == PLAN_NO_DAY)
        return "";
    char text[DAYNUM_TEXT];
    daynum_format(day, text);
    return arena_strdup(call->arena, text);
}

sched_tick schedule_end_tick(const schedule_ctx *ctx, int day)
{
    return sched_cal_end_tick(ctx->cal, day);
}

static void schedule_item_target(rpc_call *call, const schedule_ctx *ctx,
                                 int entry, Pmo__V1__ScheduledItem *m)
{
    int deadline = plan_entry_deadline(&ctx->snap->items[entry]);
    if (deadline == PLAN_NO_DAY)
        return;
    m->target_finish = schedule_date(call, deadline);
    m->slip_days = schedule_days(ctx->res.early_finish[entry] -
                                 schedule_end_tick(ctx, deadline));
}

/*
 * A summary's state from its leaves, as MS Project rolls it up: done when
 * all are, in progress once any has started, else as stored. Its
 * descendants are the breakdown positions up to its subtree's end.
 */
static int schedule_rolled_state(const schedule_ctx *ctx, const plan_entry *e)
{
    const plan_snapshot *s = ctx->snap;
    int leaves = 0, done = 0, started = 0;
    for (int k = e->position + 1; k < e->subtree_end; k++) {
        const plan_entry *c = &s->items[s->order[k]];
        if (c->children > 0)
            continue;
        leaves++;
        done += c->state == PMO__V1__WORK_STATE__STATE_DONE;
        started += c->state == PMO__V1__WORK_STATE__STATE_IN_PROGRESS ||
                   c->state == PMO__V1__WORK_STATE__STATE_DONE ||
                   c->actual_start != PLAN_NO_DAY;
    }
    if (leaves > 0 && done == leaves)
        return PMO__V1__WORK_STATE__STATE_DONE;
    if (started > 0)
        return PMO__V1__WORK_STATE__STATE_IN_PROGRESS;
    return e->state;
}

int schedule_first_start(const schedule_ctx *ctx)
{
    int first = PLAN_NO_DAY;
    for (int i = 0; i < ctx->snap->n_items; i++)
        if (ctx->snap->items[i].children == 0 &&
            (first == PLAN_NO_DAY || ctx->res.early_start_day[i] < first))
            first = ctx->res.early_start_day[i];
    return first;
}

Pmo__V1__ScheduledItem *schedule_item(rpc_call *call, const schedule_ctx *ctx,
                                      int entry)
{
    const plan_entry *e = &ctx->snap->items[entry];
    const sched_result *r = &ctx->res;
    Pmo__V1__ScheduledItem *m = arena_alloc(call->arena, sizeof *m);
    pmo__v1__scheduled_item__init(m);
    m->ref = plan_snapshot_ref(call, ctx->snap, entry);
    m->title = (char *)e->title;
    m->project = (char *)e->project;
    m->parent = e->parent >= 0 ? plan_snapshot_ref(call, ctx->snap, e->parent)
                               : "";
    m->kind = e->kind;
    m->assignee = (char *)e->assignee;
    m->state = e->children > 0 ? schedule_rolled_state(ctx, e) : e->state;
    m->percent_complete = (uint32_t)e->percent;
    m->duration_days = e->children > 0
                           ? schedule_days(r->early_finish[entry] -
                                           r->early_start[entry])
                           : ctx->plan.items[entry].flags & SCHED_ITEM_MILESTONE
                                 ? 0
                                 : ctx->plan.items[entry].duration_days;
    m->early_start = schedule_date(call, r->early_start_day[entry]);
    m->early_finish = schedule_date(call, r->early_finish_day[entry]);
    m->late_start = schedule_date(call, r->late_start_day[entry]);
    m->late_finish = schedule_date(call, r->late_finish_day[entry]);
    m->total_float_days = schedule_days(r->total_float[entry]);
    m->free_float_days = schedule_days(r->free_float[entry]);
    m->critical = r->critical[entry] != 0;
    m->longest_path = r->longest[entry] != 0;
    m->depth = (uint32_t)e->depth;
    schedule_item_target(call, ctx, entry, m);
    return m;
}

void schedule_chains(rpc_call *call, const schedule_ctx *ctx,
                     const sched_result *res, Pmo__V1__CriticalChain ***out,
                     size_t *n_out)
{
    size_t n = (size_t)res->n_chains;
    Pmo__V1__CriticalChain **chains =
        arena_alloc(call->arena, (n ? n : 1) * sizeof(*chains));
    for (size_t c = 0; c < n; c++) {
        Pmo__V1__CriticalChain *m = arena_alloc(call->arena, sizeof *m);
        pmo__v1__critical_chain__init(m);
        int from = res->chain_off[c], to = res->chain_off[c + 1];
        m->n_refs = (size_t)(to - from);
        m->refs = arena_alloc(call->arena, (m->n_refs ? m->n_refs : 1) *
                                               sizeof(char *));
        for (int k = from; k < to; k++)
            m->refs[k - from] =
                plan_snapshot_ref(call, ctx->snap, res->chain_items[k]);
        m->branches_from =
            res->chain_from[c] >= 0
                ? plan_snapshot_ref(call, ctx->snap, res->chain_from[c])
                : "";
        m->joins = res->chain_into[c] >= 0
                       ? plan_snapshot_ref(call, ctx->snap, res->chain_into[c])
                       : "";
        chains[c] = m;
    }
    *out = chains;
    *n_out = n;
}

int schedule_find(rpc_call *call, const schedule_ctx *ctx, const char *field,
                  const char *ref)
{
    int entry = ref ? plan_snapshot_find(ctx->snap, ref) : -1;
    if (entry < 0)
        rpc_violation(call, field, "no work item \"%s\" in program %s",
                      ref ? ref : "", ctx->prog.key);
    return entry;
}

bool schedule_repeats(rpc_call *call, const schedule_ctx *ctx,
                      const char *field, uint32_t asked, uint32_t want_default,
                      uint64_t budget, uint32_t *n)
{
    uint64_t size = (uint64_t)ctx->snap->n_items + (uint64_t)ctx->plan.n_links;
    uint64_t fits = size ? budget / size : budget;
    if (fits < 1)
        fits = 1;
    if (asked == 0) {
        *n = want_default < fits ? want_default : (uint32_t)fits;
        return true;
    }
    if (asked > fits) {
        rpc_violation(call, field,
                      "%u over %d items and %d links is more than one call "
                      "may compute; at most %llu for this plan",
                      asked, ctx->snap->n_items, ctx->plan.n_links,
                      (unsigned long long)fits);
        return false;
    }
    *n = asked;
    return true;
}
