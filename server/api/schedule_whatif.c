/*
 * server/api/schedule_whatif.c - WhatIf: hypothetical changes applied to a
 * copy of the plan in memory, scheduled, and compared with the schedule
 * as it stands. Nothing is written.
 *
 * Changes and what they do to the copy:
 * - slip ITEM N: the item finishes N working days later. A task's
 *   duration grows by what makes its remaining work N days longer (so a
 *   half-done task grows by 2N); a milestone becomes, in the copy, a task
 *   of N days ending where the slipped milestone falls, so it and what
 *   follows its finish move by exactly N, shown as any task's finish.
 * - estimate ITEM N: the task's likely estimate becomes N.
 * - add / remove a dependency (a cycle is refused, named).
 * - team loses N people: the unfinished tasks of the projects the team
 *   owns stretch by members / (members - N), the same work done by fewer.
 */
#include "api/schedule_common.h"
#include "api/schedule_handlers.h"
#include "api/validate.h"
#include "model/teams.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WHATIF_MAX_CHANGES 100
#define WHATIF_MAX_DAYS    10000.0
#define WHATIF_LIST_MAX    100

/* The copy the changes are applied to. */
typedef struct whatif_plan {
    schedule_plan plan;
    bool *changed; /* by entry: some change touched it */
} whatif_plan;

static char *whatif_field(rpc_call *call, size_t k, const char *name)
{
    return arena_printf(call->arena, "changes[%zu].%s", k, name);
}

static bool whatif_days_ok(rpc_call *call, size_t k, double days, double min)
{
    if (isfinite(days) && days >= min && days <= WHATIF_MAX_DAYS)
        return true;
    rpc_violation(call, whatif_field(call, k, "days"),
                  "must be a number of working days from %g to %g", min,
                  WHATIF_MAX_DAYS);
    return false;
}

/* An entry the change may alter the duration of: a leaf, not finished. */
static int whatif_task(rpc_call *call, const schedule_ctx *ctx, size_t k,
                       const char *ref)
{
    char *field = whatif_field(call, k, "item");
    int e = schedule_find(call, ctx, field, ref);
    if (e < 0)
        return -1;
    if (ctx->snap->items[e].children > 0) {
        rpc_violation(call, field,
                      "%s has children; change one of its tasks", ref);
        return -1;
    }
    if (ctx->snap->items[e].actual_finish != PLAN_NO_DAY) {
        rpc_violation(call, field, "%s is done; it cannot move", ref);
        return -1;
    }
    return e;
}

static int whatif_slip(rpc_call *call, const schedule_ctx *ctx, size_t k,
                       const Pmo__V1__WhatIfChange *c, whatif_plan *w)
{
    int e = whatif_task(call, ctx, k, c->item);
    if (e < 0 || !whatif_days_ok(call, k, c->days, 0))
        return -1;
    sched_item *it = &w->plan.items[e];
    if (it->flags & SCHED_ITEM_MILESTONE) {
        if (it->actual_start != SCHED_NO_DAY) {
            rpc_violation(call, whatif_field(call, k, "item"),
                          "%s is reached; it cannot move", c->item);
            return -1;
        }
        it->flags &= ~(unsigned)SCHED_ITEM_MILESTONE;
        it->duration_days = c->days;
    } else {
        int left = it->actual_start != SCHED_NO_DAY ? 100 - it->percent_complete
                                                    : 100;
        it->duration_days += left > 0 ? c->days * 100.0 / left : c->days;
    }
    w->changed[e] = true;
    return 0;
}

static int whatif_estimate(rpc_call *call, const schedule_ctx *ctx, size_t k,
                           const Pmo__V1__WhatIfChange *c, whatif_plan *w)
{
    int e = whatif_task(call, ctx, k, c->item);
    if (e < 0 || !whatif_days_ok(call, k, c->days, 0))
        return -1;
    if (w->plan.items[e].flags & SCHED_ITEM_MILESTONE) {
        rpc_violation(call, whatif_field(call, k, "item"),
                      "%s is a milestone; it has no estimate", c->item);
        return -1;
    }
    w->plan.items[e].duration_days = c->days;
    w->changed[e] = true;
    return 0;
}

static int whatif_ends(rpc_call *call, const schedule_ctx *ctx, size_t k,
                       const Pmo__V1__WhatIfChange *c, int *pred, int *succ)
{
    *pred = schedule_find(call, ctx, whatif_field(call, k, "predecessor"),
                          c->predecessor);
    *succ = schedule_find(call, ctx, whatif_field(call, k, "successor"),
                          c->successor);
    if (*pred < 0 || *succ < 0)
        return -1;
    if (*pred == *succ) {
        rpc_violation(call, whatif_field(call, k, "successor"),
                      "an item cannot depend on itself");
        return -1;
    }
    return 0;
}

static int whatif_add_dep(rpc_call *call, const schedule_ctx *ctx, size_t k,
                          const Pmo__V1__WhatIfChange *c, whatif_plan *w)
{
    plan_dep dep = {.type = c->type ? (int)c->type : SCHED_FS,
                    .lag_days = c->lag_days};
    if (whatif_ends(call, ctx, k, c, &dep.pred, &dep.succ) != 0)
        return -1;
    if ((unsigned)c->type > PMO__V1__DEPENDENCY_TYPE__DEP_START_TO_FINISH) {
        rpc_violation(call, whatif_field(call, k, "type"),
                      "is not a dependency type");
        return -1;
    }
    if (!isfinite(c->lag_days) || fabs(c->lag_days) > WHATIF_MAX_DAYS) {
        rpc_violation(call, whatif_field(call, k, "lag_days"),
                      "must be a number of working days within +-%g",
                      WHATIF_MAX_DAYS);
        return -1;
    }
    schedule_plan_add_link(call, ctx->snap, &w->plan, &dep);
    w->changed[dep.succ] = true;
    return 0;
}

static int whatif_remove_dep(rpc_call *call, const schedule_ctx *ctx, size_t k,
                             const Pmo__V1__WhatIfChange *c, whatif_plan *w)
{
    int pred, succ;
    if (whatif_ends(call, ctx, k, c, &pred, &succ) != 0)
        return -1;
    int d = 0;
    while (d < ctx->snap->n_deps &&
           (ctx->snap->deps[d].pred != pred || ctx->snap->deps[d].succ != succ))
        d++;
    if (d == ctx->snap->n_deps) {
        rpc_violation(call, whatif_field(call, k, "successor"),
                      "%s does not depend on %s", c->successor, c->predecessor);
        return -1;
    }
    /* Keep every link but those the dependency expanded into. */
    schedule_plan *p = &w->plan;
    sched_link *links = arena_alloc(
        call->arena, (size_t)(p->n_links ? p->n_links : 1) * sizeof(*links));
    int *dep_of = arena_alloc(
        call->arena, (size_t)(p->n_links ? p->n_links : 1) * sizeof(int));
    int n = 0;
    for (int l = 0; l < p->n_links; l++) {
        if (p->link_dep[l] == d)
            continue;
        links[n] = p->links[l];
        dep_of[n++] = p->link_dep[l];
    }
    p->links = links;
    p->link_dep = dep_of;
    p->n_links = n;
    p->plan.links = links;
    p->plan.n_links = n;
    w->changed[succ] = true;
    return 0;
}

static int whatif_lose(rpc_call *call, const schedule_ctx *ctx, size_t k,
                       const Pmo__V1__WhatIfChange *c, whatif_plan *w)
{
    Pmo__V1__Team *team;
    if (!validate_length(call, whatif_field(call, k, "team"), c->team, 1, 32) ||
        teams_get(call, c->team, &team) != 0)
        return -1;
    size_t members = team->n_members;
    if (c->people == 0 || c->people >= members) {
        rpc_violation(call, whatif_field(call, k, "people"),
                      "team %s has %zu member%s; it can lose 1 to %zu", c->team,
                      members, members == 1 ? "" : "s",
                      members > 1 ? members - 1 : 0);
        return -1;
    }
    double stretch = (double)members / (double)(members - c->people);
    for (int e = 0; e < ctx->snap->n_items; e++) {
        const plan_entry *pe = &ctx->snap->items[e];
        if (pe->team_id != team->id || pe->children > 0 ||
            pe->actual_finish != PLAN_NO_DAY)
            continue;
        w->plan.items[e].duration_days *= stretch;
        w->changed[e] = true;
    }
    return 0;
}

static int whatif_apply(rpc_call *call, const schedule_ctx *ctx,
                        const Pmo__V1__WhatIfRequest *in, whatif_plan *w)
{
    for (size_t k = 0; k < in->n_changes; k++) {
        const Pmo__V1__WhatIfChange *c = in->changes[k];
        int rc;
        switch (c->kind) {
        case PMO__V1__CHANGE_KIND__CHANGE_SLIP:
            rc = whatif_slip(call, ctx, k, c, w);
            break;
        case PMO__V1__CHANGE_KIND__CHANGE_ESTIMATE:
            rc = whatif_estimate(call, ctx, k, c, w);
            break;
        case PMO__V1__CHANGE_KIND__CHANGE_ADD_DEPENDENCY:
            rc = whatif_add_dep(call, ctx, k, c, w);
            break;
        case PMO__V1__CHANGE_KIND__CHANGE_REMOVE_DEPENDENCY:
            rc = whatif_remove_dep(call, ctx, k, c, w);
            break;
        case PMO__V1__CHANGE_KIND__CHANGE_LOSE_PEOPLE:
            rc = whatif_lose(call, ctx, k, c, w);
            break;
        default:
            rpc_violation(call, whatif_field(call, k, "kind"),
                          "must say what changes: slip, estimate, add or "
                          "remove a dependency, or lose people");
            rc = -1;
        }
        if (rc != 0)
            return -1;
    }
    return 0;
}

/* ------------------------------------------------------------ compare */

static Pmo__V1__ItemMove *whatif_move(rpc_call *call, const schedule_ctx *ctx,
                                      const sched_result *after, int e)
{
    Pmo__V1__ItemMove *m = arena_alloc(call->arena, sizeof *m);
    pmo__v1__item_move__init(m);
    m->ref = plan_snapshot_ref(call, ctx->snap, e);
    m->title = (char *)ctx->snap->items[e].title;
    m->kind = ctx->snap->items[e].kind;
    m->finish_before = schedule_date(call, ctx->res.early_finish_day[e]);
    m->finish_after = schedule_date(call, after->early_finish_day[e]);
    m->slip_days =
        schedule_days(after->early_finish[e] - ctx->res.early_finish[e]);
    return m;
}

static int whatif_by_slip(const void *pa, const void *pb)
{
    const Pmo__V1__ItemMove *a = *(Pmo__V1__ItemMove *const *)pa;
    const Pmo__V1__ItemMove *b = *(Pmo__V1__ItemMove *const *)pb;
    if (fabs(a->slip_days) != fabs(b->slip_days))
        return fabs(a->slip_days) > fabs(b->slip_days) ? -1 : 1;
    return strcmp(a->finish_after, b->finish_after);
}

static void whatif_moves(rpc_call *call, const schedule_ctx *ctx,
                         const sched_result *after, Pmo__V1__WhatIfResponse *out)
{
    int n = ctx->snap->n_items;
    Pmo__V1__ItemMove **ms = arena_alloc(call->arena,
                                         (size_t)(n ? n : 1) * sizeof(*ms));
    Pmo__V1__ItemMove **items = arena_alloc(call->arena,
                                            (size_t)(n ? n : 1) * sizeof(*ms));
    size_t n_ms = 0, n_items = 0;
    for (int e = 0; e < n; e++) {
        if (after->early_finish[e] == ctx->res.early_finish[e] ||
            ctx->snap->items[e].children > 0)
            continue;
        Pmo__V1__ItemMove *m = whatif_move(call, ctx, after, e);
        if (m->kind == PMO__V1__WORK_ITEM_KIND__KIND_MILESTONE)
            ms[n_ms++] = m;
        else
            items[n_items++] = m;
    }
    qsort(ms, n_ms, sizeof(*ms), whatif_by_slip);
    qsort(items, n_items, sizeof(*items), whatif_by_slip);
    out->milestones = ms;
    out->n_milestones = n_ms;
    out->items = items;
    out->items_moved = (uint32_t)(n_ms + n_items);
    out->n_items = n_items < WHATIF_LIST_MAX ? n_items : WHATIF_LIST_MAX;
}

static void whatif_critical(rpc_call *call, const schedule_ctx *ctx,
                            const sched_result *after,
                            Pmo__V1__WhatIfResponse *out)
{
    int n = ctx->snap->n_items;
    size_t cap = (size_t)(n ? n : 1) * sizeof(char *);
    out->critical_added = arena_alloc(call->arena, cap);
    out->critical_removed = arena_alloc(call->arena, cap);
    for (int p = 0; p < n; p++) {
        int e = ctx->snap->order[p];
        if (ctx->snap->items[e].children > 0 ||
            after->critical[e] == ctx->res.critical[e])
            continue;
        char *ref = plan_snapshot_ref(call, ctx->snap, e);
        if (after->critical[e])
            out->critical_added[out->n_critical_added++] = ref;
        else
            out->critical_removed[out->n_critical_removed++] = ref;
    }
    schedule_chains(call, ctx, after, &out->critical_path_after,
                    &out->n_critical_path_after);
}

static void whatif_answer(rpc_call *call, const schedule_ctx *ctx,
                          const sched_result *after,
                          Pmo__V1__WhatIfResponse *out)
{
    out->program = (char *)ctx->snap->key;
    out->finish_before = schedule_date(call, ctx->res.finish_day);
    out->finish_after = schedule_date(call, after->finish_day);
    out->finish_slip_days = schedule_days(after->finish - ctx->res.finish);
    out->target_finish = schedule_date(call, ctx->snap->target_finish);
    out->slip_after_days = after->has_target ? schedule_days(after->slip) : 0;
    whatif_moves(call, ctx, after, out);
    whatif_critical(call, ctx, after, out);
}

void schedule_what_if(schedule_svc *svc, const Pmo__V1__WhatIfRequest *in,
                      Pmo__V1__WhatIfResponse_Closure done, void *data)
{
    (void)svc;
    rpc_call *call = data;
    schedule_ctx ctx = {0};
    sched_result after;
    sched_result_init(&after);
    Pmo__V1__WhatIfResponse out = PMO__V1__WHAT_IF_RESPONSE__INIT;
    bool ok = schedule_access(call, in->program, ACCESS_VIEWER, &ctx) == 0;
    if (ok && (in->n_changes == 0 || in->n_changes > WHATIF_MAX_CHANGES)) {
        rpc_violation(call, "changes", "must hold 1 to %d changes (got %zu)",
                      WHATIF_MAX_CHANGES, in->n_changes);
        ok = false;
    }
    ok = ok && schedule_load(call, in->status_date, &ctx) == 0;
    if (ok) {
        whatif_plan w = {.plan = ctx.plan};
        size_t n = (size_t)(ctx.snap->n_items ? ctx.snap->n_items : 1);
        w.plan.items = arena_alloc(call->arena, n * sizeof(sched_item));
        memcpy(w.plan.items, ctx.plan.items,
               (size_t)ctx.snap->n_items * sizeof(sched_item));
        w.plan.plan.items = w.plan.items;
        w.changed = arena_zalloc(call->arena, n);
        ok = whatif_apply(call, &ctx, in, &w) == 0 &&
             schedule_plan_cpm(call, ctx.snap, &w.plan, &after) == 0;
    }
    if (ok) {
        whatif_answer(call, &ctx, &after, &out);
        schedule_warnings(&ctx, &out.warnings, &out.n_warnings);
    }
    sched_result_fini(&after);
    done(ok ? &out : NULL, data);
    schedule_close(&ctx);
}
