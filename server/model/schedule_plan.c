/*
 * server/model/schedule_plan.c - from a plan snapshot to the engine's plan.
 *
 * Summaries' links are expanded onto leaves with the breakdown order: an
 * item's descendants are the entries at breakdown positions
 * [position + 1, subtree_end), so its leaves are found without walking
 * the tree, and prefix counts of leaves give each expansion's size before
 * anything is allocated.
 */
#include "model/schedule_plan.h"
#include "common/daynum.h"
#include "common/log.h"
#include "model/schedule_repair.h"

#include <stdio.h>
#include <string.h>

static void sp_item(const plan_entry *e, sched_item *it)
{
    sched_item blank = SCHED_ITEM_INIT;
    *it = blank;
    it->duration_days = e->likely;
    it->parent = e->parent;
    it->percent_complete = e->percent;
    it->actual_start = e->actual_start;
    it->actual_finish = e->actual_finish;
    it->start_no_earlier = e->planned_start;
    it->deadline = plan_entry_deadline(e);
    if (e->kind == 3 /* KIND_MILESTONE */)
        it->flags |= SCHED_ITEM_MILESTONE;
    if (e->children > 0)
        it->flags |= SCHED_ITEM_SUMMARY;
}

static void sp_warn(rpc_call *call, schedule_plan *p, char *text)
{
    char **fresh =
        arena_alloc(call->arena, (p->n_warnings + 1) * sizeof(*fresh));
    for (size_t i = 0; i < p->n_warnings; i++)
        fresh[i] = p->warnings[i];
    fresh[p->n_warnings++] = text;
    p->warnings = fresh;
}

/* Bounds of the engine (sched/plan.h); NaN fails the first. */
static bool sp_days_ok(double days)
{
    return days >= 0 && days <= SCHED_DAYS_MAX;
}

static bool sp_day_ok(int day)
{
    return day == PLAN_NO_DAY || (day >= SCHED_DAY_MIN && day <= SCHED_DAY_MAX);
}

/*
 * Stored values the engine refuses (rows from before the writes checked
 * its bounds, or written by hand): the item is scheduled without them,
 * and a warning names it. A few comparisons per item on every plan.
 */
static void sp_item_bounds(rpc_call *call, const plan_snapshot *s, int i,
                           sched_item *it, schedule_plan *out)
{
    const plan_entry *e = &s->items[i];
    if (!sp_days_ok(e->optimistic) || !sp_days_ok(e->likely) ||
        !sp_days_ok(e->pessimistic)) {
        if (out->bad_estimate == NULL)
            out->bad_estimate = arena_zalloc(
                call->arena, (size_t)s->n_items * sizeof(*out->bad_estimate));
        out->bad_estimate[i] = true;
        it->duration_days = 0;
        sp_warn(call, out,
                arena_printf(call->arena,
                             "%s is scheduled as 0 days: its estimates "
                             "(%g, %g, %g) are beyond the %.0f working days "
                             "the schedule supports",
                             plan_snapshot_ref(call, s, i), e->optimistic,
                             e->likely, e->pessimistic, SCHED_DAYS_MAX));
    }
    /* Each stored date the engine would refuse, what it is scheduled
     * without, and how that is said. */
    const struct {
        bool bad;
        int *cleared[2];
        const char *said;
    } dates[] = {
        {!sp_day_ok(e->planned_start),
         {&it->start_no_earlier, NULL},
         "without its planned start: it is"},
        {!sp_day_ok(plan_entry_deadline(e)),
         {&it->deadline, NULL},
         "without its deadline: it is"},
        {!sp_day_ok(e->actual_start) || !sp_day_ok(e->actual_finish),
         {&it->actual_start, &it->actual_finish},
         "as not started: an actual date is"},
    };
    for (size_t k = 0; k < sizeof dates / sizeof dates[0]; k++) {
        if (!dates[k].bad)
            continue;
        for (int j = 0; j < 2 && dates[k].cleared[j]; j++)
            *dates[k].cleared[j] = SCHED_NO_DAY;
        sp_warn(call, out,
                arena_printf(call->arena,
                             "%s is scheduled %s outside 1900 to 2399",
                             plan_snapshot_ref(call, s, i), dates[k].said));
    }
}

/* The plan's first day: see schedule_plan.h. */
static int sp_start_day(const plan_snapshot *s, int status_day)
{
    if (s->target_start != PLAN_NO_DAY)
        return s->target_start;
    int first = PLAN_NO_DAY;
    for (int i = 0; i < s->n_items; i++) {
        const plan_entry *e = &s->items[i];
        int d = e->actual_start != PLAN_NO_DAY ? e->actual_start
                                               : e->planned_start;
        /* A date the build leaves out (sp_item_bounds) anchors nothing. */
        if (d != PLAN_NO_DAY && sp_day_ok(d) &&
            (first == PLAN_NO_DAY || d < first))
            first = d;
    }
    return first != PLAN_NO_DAY ? first : status_day;
}

/* Leaves by breakdown position: leaves_before[p] counts positions < p. */
static int *sp_leaf_prefix(rpc_call *call, const plan_snapshot *s)
{
    int *pre = arena_alloc(call->arena, (size_t)(s->n_items + 1) * sizeof(int));
    pre[0] = 0;
    for (int p = 0; p < s->n_items; p++)
        pre[p + 1] = pre[p] + (s->items[s->order[p]].children == 0);
    return pre;
}

static long sp_leaf_count(const plan_snapshot *s, const int *pre, int entry)
{
    const plan_entry *e = &s->items[entry];
    return e->children == 0 ? 1 : pre[e->subtree_end] - pre[e->position];
}

/* The leaves of entry (itself when it has no children) into out. */
static int sp_leaves(const plan_snapshot *s, int entry, int *out)
{
    const plan_entry *e = &s->items[entry];
    if (e->children == 0) {
        out[0] = entry;
        return 1;
    }
    int n = 0;
    for (int p = e->position + 1; p < e->subtree_end; p++)
        if (s->items[s->order[p]].children == 0)
            out[n++] = s->order[p];
    return n;
}

/* Appends the links pred -> succ binds, leaf by leaf; the new count. */
static int sp_expand_one(rpc_call *call, const plan_snapshot *s,
                         sched_link *links, int *dep_of, int n,
                         const plan_dep *dep, int d)
{
    const plan_entry *p = &s->items[dep->pred], *q = &s->items[dep->succ];
    int type = dep->type ? dep->type : SCHED_FS;
    if (p->children == 0 && q->children == 0) { /* the usual case */
        links[n] = (sched_link){dep->pred, dep->succ, type, dep->lag_days};
        dep_of[n] = d;
        return n + 1;
    }
    int np = p->children ? p->subtree_end - p->position : 1;
    int nq = q->children ? q->subtree_end - q->position : 1;
    int *a = arena_alloc(call->arena, (size_t)np * sizeof(int));
    int *b = arena_alloc(call->arena, (size_t)nq * sizeof(int));
    np = sp_leaves(s, dep->pred, a);
    nq = sp_leaves(s, dep->succ, b);
    for (int i = 0; i < np; i++)
        for (int j = 0; j < nq; j++) {
            if (a[i] == b[j])
                continue;
            links[n] = (sched_link){a[i], b[j], type, dep->lag_days};
            dep_of[n++] = d;
        }
    return n;
}

static int sp_links(rpc_call *call, const plan_snapshot *s, const bool *skip,
                    schedule_plan *out)
{
    int *pre = sp_leaf_prefix(call, s);
    long total = 0;
    for (int d = 0; d < s->n_deps; d++) {
        if (skip && skip[d])
            continue;
        total += sp_leaf_count(s, pre, s->deps[d].pred) *
                 sp_leaf_count(s, pre, s->deps[d].succ);
        if (total > SCHEDULE_MAX_LINKS) {
            rpc_fail(call, PMO_FAILED_PRECONDITION,
                     "the dependencies on summary items bind more than %d "
                     "pairs of tasks; link the tasks themselves",
                     SCHEDULE_MAX_LINKS);
            return -1;
        }
    }
    size_t cap = (size_t)(total ? total : 1);
    out->links = arena_alloc(call->arena, cap * sizeof(sched_link));
    out->link_dep = arena_alloc(call->arena, cap * sizeof(int));
    int n = 0;
    for (int d = 0; d < s->n_deps; d++)
        if (!skip || !skip[d])
            n = sp_expand_one(call, s, out->links, out->link_dep, n,
                              &s->deps[d], d);
    out->n_links = n;
    return 0;
}

static int sp_build(rpc_call *call, const plan_snapshot *s, int status_day,
                    const bool *skip, schedule_plan *out)
{
    memset(out, 0, sizeof *out);
    out->items = arena_alloc(call->arena, (size_t)(s->n_items ? s->n_items : 1) *
                                              sizeof(sched_item));
    for (int i = 0; i < s->n_items; i++) {
        sp_item(&s->items[i], &out->items[i]);
        sp_item_bounds(call, s, i, &out->items[i], out);
    }
    if (sp_links(call, s, skip, out) != 0)
        return -1;
    sched_plan *p = &out->plan;
    p->n_items = s->n_items;
    p->items = out->items;
    p->n_links = out->n_links;
    p->links = out->links;
    p->calendar.weekdays = s->weekdays;
    p->calendar.holidays = s->holidays;
    p->calendar.n_holidays = s->n_holidays;
    p->start_day = sp_start_day(s, status_day);
    p->status_day = status_day;
    p->target_day = s->target_finish != PLAN_NO_DAY ? s->target_finish
                                                     : SCHED_NO_DAY;
    p->late_from_target = p->target_day != SCHED_NO_DAY;
    p->critical_float_days = s->critical_float_days;
    return 0;
}

int schedule_plan_build(rpc_call *call, const plan_snapshot *s, int status_day,
                        schedule_plan *out)
{
    return sp_build(call, s, status_day, NULL, out);
}

void schedule_plan_add_link(rpc_call *call, const plan_snapshot *s,
                            schedule_plan *p, const plan_dep *dep)
{
    int *pre = sp_leaf_prefix(call, s);
    long extra =
        sp_leaf_count(s, pre, dep->pred) * sp_leaf_count(s, pre, dep->succ);
    size_t cap = (size_t)(p->n_links + extra);
    sched_link *links = arena_alloc(call->arena, cap * sizeof(sched_link));
    int *dep_of = arena_alloc(call->arena, cap * sizeof(int));
    memcpy(links, p->links, (size_t)p->n_links * sizeof(sched_link));
    memcpy(dep_of, p->link_dep, (size_t)p->n_links * sizeof(int));
    p->n_links = sp_expand_one(call, s, links, dep_of, p->n_links, dep, -1);
    p->links = links;
    p->link_dep = dep_of;
    p->plan.links = links;
    p->plan.n_links = p->n_links;
}

/* "A-1 -> A-2 -> A-1" for a cycle of entries. */
static char *sp_cycle_text(rpc_call *call, const plan_snapshot *s,
                           const sched_error *err)
{
    char *text = "";
    int shown = err->cycle_len < 20 ? err->cycle_len : 20;
    for (int k = 0; k < shown; k++)
        text = arena_printf(call->arena, "%s%s -> ", text,
                            plan_snapshot_ref(call, s, err->cycle[k]));
    if (shown < err->cycle_len)
        text = arena_printf(call->arena, "%s... -> ", text);
    return arena_printf(call->arena, "%s%s", text,
                        plan_snapshot_ref(call, s, err->cycle[0]));
}

/*
 * The engine's detail names items and links by index ("item 27: ..."),
 * which means nothing to a user: the reason is what follows the index.
 */
static const char *sp_reason(const sched_error *err)
{
    const char *d = err->detail;
    const char *prefixes[] = {"item ", "link "};
    for (int k = 0; k < 2; k++) {
        size_t len = strlen(prefixes[k]);
        if (strncmp(d, prefixes[k], len) != 0)
            continue;
        const char *p = d + len;
        while (*p >= '0' && *p <= '9')
            p++;
        if (p > d + len && p[0] == ':' && p[1] == ' ')
            return p + 2;
    }
    return d;
}

/* What err is about, by refs: an item, a link's two ends, or the plan. */
static char *sp_subject(rpc_call *call, const plan_snapshot *s,
                        const schedule_plan *p, const sched_error *err)
{
    if (err->link >= 0 && p && err->link < p->n_links) {
        const sched_link *l = &p->links[err->link];
        return arena_printf(call->arena, "the dependency %s -> %s",
                            plan_snapshot_ref(call, s, l->pred),
                            plan_snapshot_ref(call, s, l->succ));
    }
    if (err->item >= 0 && err->item < s->n_items)
        return plan_snapshot_ref(call, s, err->item);
    return "the plan";
}

char *schedule_plan_error_text(rpc_call *call, const plan_snapshot *s,
                               const schedule_plan *p, const sched_error *err)
{
    switch (err->code) {
    case SCHED_ECYCLE:
        return arena_printf(call->arena, "the dependencies form a cycle: %s",
                            sp_cycle_text(call, s, err));
    case SCHED_EPARENT_CYCLE:
        return arena_printf(call->arena, "the breakdown loops: %s",
                            sp_cycle_text(call, s, err));
    case SCHED_ESUMMARY_LINK:
        return arena_printf(call->arena,
                            "cannot schedule %s: it is on a summary item",
                            sp_subject(call, s, p, err));
    default:
        return arena_printf(call->arena, "cannot schedule %s: %s",
                            sp_subject(call, s, p, err), sp_reason(err));
    }
}

void schedule_plan_fail(rpc_call *call, const plan_snapshot *s,
                        const schedule_plan *p, sched_error *err)
{
    switch (err->code) {
    case SCHED_ECYCLE:
    case SCHED_EPARENT_CYCLE:
    case SCHED_ERANGE:
    case SCHED_ECALENDAR:
    case SCHED_EINVAL:
    case SCHED_ESUMMARY_LINK:
        rpc_fail(call, PMO_FAILED_PRECONDITION, "%s",
                 schedule_plan_error_text(call, s, p, err));
        break;
    case SCHED_EDEADLINE:
        /* The engine gave up for a caller that has stopped waiting. */
        rpc_fail(call, PMO_DEADLINE_EXCEEDED, "%s", err->detail);
        break;
    default:
        /* A check of the engine's own failed: its detail (indexes and
         * all) is for the server log. */
        log_warn("msg=\"engine check failed\" program=%s detail=\"%s\"", s->key,
                 err->detail);
        rpc_fail(call, PMO_INTERNAL, "scheduling failed: %s at %s",
                 sched_strerror(err->code), sp_subject(call, s, p, err));
    }
    sched_error_fini(err);
}

/* The passes after a successful prepare. */
static int sp_passes(rpc_call *call, const sched_net *net, sched_run *run,
                     sched_result *res)
{
    sched_run_bind(run, net);
    if (sched_run_passes(run) != SCHED_OK) {
        rpc_fail(call, PMO_FAILED_PRECONDITION,
                 "cannot schedule the plan: a date leaves the supported range "
                 "(%d to %d)", 1900, 2399);
        return -1;
    }
    sched_run_chains(run);
    sched_result_fill(res, run);
    return 0;
}

int schedule_plan_run(rpc_call *call, const plan_snapshot *s,
                      const schedule_plan *p, sched_net *net, sched_run *run,
                      sched_result *res)
{
    sched_error err;
    if (sched_net_prepare(net, &p->plan, &err) != SCHED_OK) {
        schedule_plan_fail(call, s, p, &err);
        return -1;
    }
    return sp_passes(call, net, run, res);
}

/* Refusals that leaving dependencies out can cure. */
static bool sp_links_at_fault(const sched_error *err)
{
    return err->code == SCHED_ECYCLE || err->code == SCHED_ESUMMARY_LINK ||
           (err->code == SCHED_EINVAL && err->link >= 0);
}

int schedule_plan_run_stored(rpc_call *call, const plan_snapshot *s,
                             int status_day, schedule_plan *p, sched_net *net,
                             sched_run *run, sched_result *res,
                             char ***warnings, size_t *n_warnings)
{
    sched_error err;
    *warnings = NULL;
    *n_warnings = 0;
    int rc = sched_net_prepare(net, &p->plan, &err);
    if (rc != SCHED_OK && sp_links_at_fault(&err)) {
        sched_error_fini(&err);
        bool *skip;
        if (schedule_repair(call, s, &skip, warnings, n_warnings) != 0 ||
            sp_build(call, s, status_day, skip, p) != 0)
            return -1;
        rc = sched_net_prepare(net, &p->plan, &err);
    }
    /* The items' warnings first, then the dependencies'. */
    if (p->n_warnings) {
        char **all = arena_alloc(call->arena,
                                 (p->n_warnings + *n_warnings) * sizeof(*all));
        memcpy(all, p->warnings, p->n_warnings * sizeof(*all));
        if (*n_warnings)
            memcpy(all + p->n_warnings, *warnings, *n_warnings * sizeof(*all));
        *warnings = all;
        *n_warnings += p->n_warnings;
    }
    if (rc != SCHED_OK) {
        schedule_plan_fail(call, s, p, &err);
        return -1;
    }
    return sp_passes(call, net, run, res);
}

int schedule_plan_cpm(rpc_call *call, const plan_snapshot *s,
                      const schedule_plan *p, sched_result *res)
{
    sched_net net;
    sched_run run;
    sched_net_init(&net);
    sched_run_init(&run);
    int rc = schedule_plan_run(call, s, p, &net, &run, res);
    sched_run_fini(&run);
    sched_net_fini(&net);
    return rc;
}

bool schedule_status_day(rpc_call *call, const char *field, const char *text,
                         int *out)
{
    if (text == NULL || text[0] == '\0') {
        *out = daynum_today();
        return true;
    }
    if (!daynum_parse(text, out)) {
        rpc_violation(call, field, "must be a date written YYYY-MM-DD, not \"%s\"",
                      text);
        return false;
    }
    return true;
}
