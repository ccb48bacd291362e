/* server/model/schedule_repair.c - leaving out what makes a plan unschedulable.
 */
#include "model/schedule_repair.h"
#include "model/dep_tree.h"
#include "model/dependencies.h"
#include "sched/plan.h"

#include <math.h>

typedef struct repair {
    rpc_call *call;
    const plan_snapshot *s;
    bool *skip;
    char **warnings;
    size_t n, cap;
} repair;

/* Tree keys are entry + 1: dep_tree keeps 0 for "no parent". */
static const char *repair_name(void *ctx, int64_t key)
{
    const repair *r = ctx;
    return plan_snapshot_ref(r->call, r->s, (int)(key - 1));
}

static void repair_leave_out(repair *r, int d, const char *why)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 8;
        char **fresh = arena_alloc(r->call->arena, r->cap * sizeof(*fresh));
        for (size_t i = 0; i < r->n; i++)
            fresh[i] = r->warnings[i];
        r->warnings = fresh;
    }
    const plan_dep *dep = &r->s->deps[d];
    r->warnings[r->n++] =
        arena_printf(r->call->arena, "%s -> %s is left out of the schedule: %s",
                     plan_snapshot_ref(r->call, r->s, dep->pred),
                     plan_snapshot_ref(r->call, r->s, dep->succ), why);
    r->skip[d] = true;
}

/* What the engine refuses of one dependency by itself. */
static const char *repair_alone(rpc_call *call, const plan_dep *dep)
{
    if (dep->pred == dep->succ)
        return "an item cannot wait on itself";
    if (dep->type < 0 || dep->type > SCHED_SF)
        return arena_printf(call->arena, "its type %d is unknown", dep->type);
    if (!(fabs(dep->lag_days) <= SCHED_DAYS_MAX))
        return arena_printf(call->arena,
                            "its lag of %g working days is beyond the %.0f "
                            "the schedule supports",
                            dep->lag_days, SCHED_DAYS_MAX);
    return NULL;
}

/* The breakdown and the dependencies still in, by tree link = dep index. */
static dep_tree *repair_tree(repair *r)
{
    const plan_snapshot *s = r->s;
    dep_tree *t = dep_tree_alloc(r->call->arena, (size_t)s->n_items + 1,
                                 (size_t)s->n_deps + 1);
    for (int i = 0; i < s->n_items; i++) {
        dep_tree_item(t, i + 1);
        if (s->items[i].parent >= 0)
            dep_tree_parent(t, i + 1, s->items[i].parent + 1);
    }
    for (int d = 0; d < s->n_deps; d++) {
        dep_tree_link(t, s->deps[d].pred + 1, s->deps[d].succ + 1);
        if (r->skip[d])
            dep_tree_link_drop(t, (size_t)d);
    }
    return t;
}

/* Leaves out, one cycle at a time, the last dependency of each cycle. */
static int repair_cycles(repair *r, dep_tree *t)
{
    for (int round = 0;; round++) {
        size_t *links = NULL;
        size_t k = dep_tree_cycle(t, &links);
        if (k == 0)
            return 0;
        int64_t *from = arena_alloc(r->call->arena, k * sizeof(*from));
        int64_t *to = arena_alloc(r->call->arena, k * sizeof(*to));
        size_t last = 0;
        for (size_t i = 0; i < k; i++) {
            from[i] = dep_tree_link_pred(t, links[i]);
            to[i] = dep_tree_link_succ(t, links[i]);
            if (links[i] > links[last])
                last = i;
        }
        char *loop =
            dependencies_loop_text(r->call, t, from, to, k, repair_name, r);
        if (round == SCHEDULE_REPAIR_MAX_CYCLES) {
            rpc_fail(r->call, PMO_FAILED_PRECONDITION,
                     "the dependencies form more than %d cycles; remove "
                     "some, starting with %s",
                     SCHEDULE_REPAIR_MAX_CYCLES, loop);
            return -1;
        }
        repair_leave_out(
            r, (int)links[last],
            arena_printf(r->call->arena, "it closes the cycle %s", loop));
        dep_tree_link_drop(t, links[last]);
    }
}

int schedule_repair(rpc_call *call, const plan_snapshot *s, bool **skip,
                    char ***warnings, size_t *n)
{
    repair r = {.call = call, .s = s};
    r.skip = arena_zalloc(call->arena,
                          (size_t)(s->n_deps ? s->n_deps : 1) * sizeof(bool));
    for (int d = 0; d < s->n_deps; d++) {
        const char *why = repair_alone(call, &s->deps[d]);
        if (why)
            repair_leave_out(&r, d, why);
    }
    dep_tree *t = repair_tree(&r);
    if (dep_tree_build(t) != 0) {
        rpc_fail(call, PMO_FAILED_PRECONDITION,
                 "the breakdown of %s loops (an item is its own ancestor); "
                 "move an item of the loop",
                 s->key);
        return -1;
    }
    for (size_t l = dep_tree_lineage_link(t, 0); l != SIZE_MAX;
         l = dep_tree_lineage_link(t, l + 1)) {
        repair_leave_out(&r, (int)l,
                         dependencies_lineage_text(
                             call, t, dep_tree_link_pred(t, l),
                             dep_tree_link_succ(t, l), repair_name, &r));
        dep_tree_link_drop(t, l);
    }
    if (repair_cycles(&r, t) != 0)
        return -1;
    *skip = r.skip;
    *warnings = r.warnings;
    *n = r.n;
    return 0;
}
