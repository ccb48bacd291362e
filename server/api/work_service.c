/*
 * server/api/work_service.c - pmo.v1.WorkService: work items, the
 * dependencies between them, and whole plans loaded at once.
 *
 * Who may do what: viewers read; managers and owners write everything;
 * contributors create and edit the items of projects their teams own
 * (without moving them to another project) and nothing else.
 */
#include "api/fields.h"
#include "api/services.h"
#include "api/validate.h"
#include "api/work_plan.h"
#include "common/money.h"
#include "model/access.h"
#include "model/dependencies.h"
#include "model/gates.h"
#include "model/plan_load.h"
#include "model/work_items.h"
#include "pmo/v1/work.pb-c.h"
#include "rpc/call.h"
#include "sched/plan.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define WORK_TITLE_MAX       500
#define WORK_DESCRIPTION_MAX 20000
#define WORK_REASON_MAX      500
#define WORK_TAGS_MAX        50
#define WORK_TAG_MAX         64
#define WORK_NAME_MAX        64 /* keys, refs and usernames as given */
#define WORK_LAG_MAX         1000.0

/* What is written must stay within what the scheduler takes. */
_Static_assert((long long)WORK_LAG_MAX <= (long long)SCHED_DAYS_MAX,
               "lags the engine refuses");

/* The fields UpdateWorkItem may change, named as in the message. */
static const char *const work_mask_fields[] = {
    "title",
    "description",
    "kind",
    "parent",
    "assignee",
    "optimistic_days",
    "likely_days",
    "pessimistic_days",
    "planned_start",
    "planned_finish",
    "deadline",
    "actual_start",
    "actual_finish",
    "percent_complete",
    "state",
    "blocked_reason",
    "planned_cost",
    "planned_cost_minor",
    "tags",
    "project",
    NULL,
};

/* The fields a request changes: all of them (names NULL) on create. */
typedef struct work_mask {
    char *const *names;
    size_t n;
} work_mask;

static bool work_changed(const work_mask *m, const char *field)
{
    return m->names == NULL || fields_mask_has(m->names, m->n, field);
}

/* prefix + name in buf, for violation paths like "items[3].item.title". */
static const char *work_path(char buf[96], const char *prefix, const char *name)
{
    snprintf(buf, 96, "%s%s", prefix, name);
    return buf;
}

/* ------------------------------------------------------- item checks */

/* An estimate: the scheduler's own bound, so every stored plan schedules. */
static bool work_days_check(rpc_call *call, const char *prefix,
                            const char *name, double v)
{
    if (isfinite(v) && v >= 0 && v <= SCHED_DAYS_MAX)
        return true;
    char f[96];
    rpc_violation(call, work_path(f, prefix, name),
                  "must be a number of working days from 0 to %.0f (got %g)",
                  SCHED_DAYS_MAX, v);
    return false;
}

/* The dates the scheduler reads, within the years it supports. */
static bool work_sched_dates_check(rpc_call *call, const char *prefix,
                                   const Pmo__V1__WorkItem *it)
{
    char f[96];
    bool ok = fields_schedule_date(call, work_path(f, prefix, "planned_start"),
                                   it->planned_start);
    ok &= fields_schedule_date(call, work_path(f, prefix, "planned_finish"),
                               it->planned_finish);
    ok &= fields_date(call, work_path(f, prefix, "deadline"), it->deadline) &&
          fields_schedule_date(call, f, it->deadline);
    ok &= fields_schedule_date(call, work_path(f, prefix, "actual_start"),
                               it->actual_start);
    ok &= fields_schedule_date(call, work_path(f, prefix, "actual_finish"),
                               it->actual_finish);
    return ok;
}

/*
 * optimistic <= likely <= pessimistic, and zero for a milestone. When a
 * pair is out of order the violation names the field the caller changed
 * (on create, the later one of the pair).
 */
static bool work_estimates_check(rpc_call *call, const char *prefix,
                                 const Pmo__V1__WorkItem *it,
                                 const work_mask *m)
{
    static const char *const names[] = {"optimistic_days", "likely_days",
                                        "pessimistic_days"};
    const double v[] = {it->optimistic_days, it->likely_days,
                        it->pessimistic_days};
    bool ok = true;
    for (int k = 0; k < 3; k++)
        ok &= work_days_check(call, prefix, names[k], v[k]);
    if (!ok)
        return false;
    char f[96];
    if (it->kind == PMO__V1__WORK_ITEM_KIND__KIND_MILESTONE) {
        for (int k = 0; k < 3; k++) {
            if (v[k] == 0)
                continue;
            bool blame_kind =
                work_changed(m, "kind") && !work_changed(m, names[k]);
            rpc_violation(
                call, work_path(f, prefix, blame_kind ? "kind" : names[k]),
                "a milestone has no duration: %s must be 0", names[k]);
            return false;
        }
    }
    for (int k = 0; k < 2; k++) {
        if (v[k] <= v[k + 1])
            continue;
        int blame = work_changed(m, names[k + 1]) || !work_changed(m, names[k])
                        ? k + 1
                        : k;
        int other = blame == k ? k + 1 : k;
        rpc_violation(call, work_path(f, prefix, names[blame]),
                      "%g is %s than %s %g; estimates must be optimistic <= "
                      "likely <= pessimistic",
                      v[blame], blame > other ? "less" : "more", names[other],
                      v[other]);
        return false;
    }
    return true;
}

static bool work_tags_check(rpc_call *call, const char *prefix,
                            const Pmo__V1__WorkItem *it)
{
    char f[96];
    if (it->n_tags > WORK_TAGS_MAX) {
        rpc_violation(call, work_path(f, prefix, "tags"),
                      "at most %d tags (got %zu)", WORK_TAGS_MAX, it->n_tags);
        return false;
    }
    for (size_t i = 0; i < it->n_tags; i++) {
        snprintf(f, sizeof(f), "%stags[%zu]", prefix, i);
        if (!validate_length(call, f, it->tags[i], 1, WORK_TAG_MAX))
            return false;
        if (strchr(it->tags[i], ' ')) {
            rpc_violation(call, f, "must not contain spaces");
            return false;
        }
    }
    return true;
}

/* Kind and state, with their defaults, and what the state implies. */
static bool work_kind_state_check(rpc_call *call, const char *prefix,
                                  Pmo__V1__WorkItem *it)
{
    char f[96];
    bool ok = true;
    if (it->kind == PMO__V1__WORK_ITEM_KIND__KIND_UNSPECIFIED)
        it->kind = PMO__V1__WORK_ITEM_KIND__KIND_TASK;
    if ((int)it->kind < 0 ||
        it->kind > PMO__V1__WORK_ITEM_KIND__KIND_DELIVERABLE) {
        rpc_violation(call, work_path(f, prefix, "kind"), "unknown kind %d",
                      (int)it->kind);
        ok = false;
    }
    if (it->state == PMO__V1__WORK_STATE__STATE_UNSPECIFIED)
        it->state = PMO__V1__WORK_STATE__STATE_TODO;
    if ((int)it->state < 0 || it->state > PMO__V1__WORK_STATE__STATE_DONE) {
        rpc_violation(call, work_path(f, prefix, "state"), "unknown state %d",
                      (int)it->state);
        return false;
    }
    if (it->state != PMO__V1__WORK_STATE__STATE_BLOCKED) {
        /* A reason outlives nothing: it describes the blocked state only. */
        it->blocked_reason = "";
    } else if (it->blocked_reason[0] == '\0') {
        rpc_violation(call, work_path(f, prefix, "blocked_reason"),
                      "is required when the state is blocked: say what it "
                      "waits for");
        ok = false;
    } else {
        ok &= validate_length(call, work_path(f, prefix, "blocked_reason"),
                              it->blocked_reason, 1, WORK_REASON_MAX);
    }
    if (it->state == PMO__V1__WORK_STATE__STATE_DONE) {
        /* Done is finished: all of it, on a day (today unless given). */
        it->percent_complete = 100;
        if (it->actual_finish[0] == '\0')
            it->actual_finish = fields_today(call);
    }
    if (it->percent_complete > 100) {
        rpc_violation(call, work_path(f, prefix, "percent_complete"),
                      "must be 0 to 100 (got %u)", it->percent_complete);
        ok = false;
    }
    return ok;
}

/*
 * Every field that needs no lookup, on the whole item: applies the
 * defaults (kind task, state todo) and what the state implies (done is
 * 100 % and has an actual finish, today unless given; only blocked items
 * keep a reason). Actual dates are not after today. The parent is checked
 * by the caller, which knows whether it may be a plan key.
 */
static bool work_item_check(rpc_call *call, const char *prefix,
                            Pmo__V1__WorkItem *it, const work_mask *m)
{
    char f[96], g[96];
    bool ok = validate_length(call, work_path(f, prefix, "project"),
                              it->project, 1, WORK_NAME_MAX);
    ok &= validate_length(call, work_path(f, prefix, "title"), it->title, 1,
                          WORK_TITLE_MAX);
    ok &= validate_text(call, work_path(f, prefix, "description"),
                        it->description, 0, WORK_DESCRIPTION_MAX);
    if (it->assignee[0])
        ok &= validate_username(call, work_path(f, prefix, "assignee"),
                                it->assignee);
    bool kinds = work_kind_state_check(call, prefix, it);
    ok &= kinds && work_estimates_check(call, prefix, it, m);
    ok &= fields_date_range(
        call, work_path(f, prefix, "planned_start"), it->planned_start,
        work_path(g, prefix, "planned_finish"), it->planned_finish);
    bool actual = fields_date_range(
        call, work_path(f, prefix, "actual_start"), it->actual_start,
        work_path(g, prefix, "actual_finish"), it->actual_finish);
    actual = actual && fields_date_not_future(call, f, it->actual_start);
    ok &= actual && fields_date_not_future(call, g, it->actual_finish);
    ok = ok && work_sched_dates_check(call, prefix, it);
    if (!isfinite(it->planned_cost) || it->planned_cost < 0) {
        rpc_violation(call, work_path(f, prefix, "planned_cost"),
                      "must be a finite amount, 0 or more");
        ok = false;
    }
    ok &= work_tags_check(call, prefix, it);
    return ok && kinds;
}

/*
 * The cost in minor units of the program's currency. planned_cost, the
 * deprecated double, still sets it where planned_cost_minor is not given
 * (create: left 0; update: not in the mask), converted exactly, half to
 * even; either way planned_cost comes back as its mirror.
 */
static bool work_cost_check(rpc_call *call, const program_access *prog,
                            const char *prefix, Pmo__V1__WorkItem *it,
                            const work_mask *m)
{
    char f[96];
    int exponent = money_exponent(prog->currency);
    bool minor = m->names ? work_changed(m, "planned_cost_minor")
                          : it->planned_cost_minor != 0;
    if (!minor && work_changed(m, "planned_cost") &&
        money_from_double(it->planned_cost, exponent,
                          &it->planned_cost_minor) != 0) {
        rpc_violation(call, work_path(f, prefix, "planned_cost"),
                      "is not an amount of %s in minor units from 0 to %lld",
                      prog->currency, (long long)MONEY_MAX);
        return false;
    }
    if (it->planned_cost_minor < 0) {
        rpc_violation(call, work_path(f, prefix, "planned_cost_minor"),
                      "must be 0 or more (minor units of %s)", prog->currency);
        return false;
    }
    it->planned_cost = money_to_double(it->planned_cost_minor, exponent);
    return true;
}

/* A ref argument: "KEY-N", else a violation of field. */
static bool work_ref_arg(rpc_call *call, const char *field, const char *ref,
                         char key[WORK_KEY_MAX], int64_t *number)
{
    if (work_ref_parse(ref, key, number))
        return true;
    if (ref[0] == '\0')
        rpc_violation(call, field, "is required: a work item ref like ABC-12");
    else
        rpc_violation(call, field,
                      "\"%.64s\" is not a work item ref like ABC-12", ref);
    return false;
}

/* A ref that must name an item of prog: its number, or 0 on a violation. */
static int64_t work_ref_in(rpc_call *call, const char *field, const char *ref,
                           const program_access *prog)
{
    char key[WORK_KEY_MAX];
    int64_t number;
    if (!work_ref_arg(call, field, ref, key, &number))
        return 0;
    if (strcmp(key, prog->key) != 0) {
        rpc_violation(call, field, "%s is in program %s, not %s", ref, key,
                      prog->key);
        return 0;
    }
    return number;
}

/* ------------------------------------------------------- item links */

/* Refuses a parent under which the item would be its own ancestor. */
static bool work_parent_chain_check(rpc_call *call, const program_access *prog,
                                    const work_resolved *res, int64_t self)
{
    if (res->n_chain == 0 || res->chain[res->n_chain - 1] != self)
        return true;
    const char **names =
        arena_alloc(call->arena, res->n_chain * sizeof(*names));
    names[0] = work_ref_make(call, prog->key, self);
    for (size_t i = 0; i + 1 < res->n_chain; i++)
        names[i + 1] = work_ref_make(call, prog->key, res->chain[i]);
    rpc_fail(call, PMO_FAILED_PRECONDITION,
             "%s cannot be placed under %s: it would be its own ancestor: %s "
             "(each item's parent follows it)",
             names[0], work_ref_make(call, prog->key, res->chain[0]),
             dependencies_cycle_text(call, names, res->n_chain));
    return false;
}

static bool work_parent_check(rpc_call *call, const program_access *prog,
                              const work_resolved *res, const char *parent)
{
    if (res->parent_id == 0) {
        rpc_violation(call, "item.parent", "no work item %s", parent);
        return false;
    }
    if (res->parent_kind == PMO__V1__WORK_ITEM_KIND__KIND_MILESTONE) {
        rpc_violation(call, "item.parent",
                      "%s is a milestone, and a milestone cannot be a parent",
                      parent);
        return false;
    }
    /* The item shows under its parent: as much an edit of the parent's
     * project as of its own. */
    if (prog->role == ACCESS_CONTRIBUTOR && !res->parent_on_team) {
        rpc_fail(call, PMO_PERMISSION_DENIED,
                 "contributors place items only under items of their teams' "
                 "projects, and %s is in another team's project",
                 parent);
        return false;
    }
    return true;
}

/*
 * A new parent changes what the parent's links bind (an item gaining its
 * first child becomes a summary), so the dependencies are checked again.
 */
static bool work_parent_move_check(rpc_call *call, const program_access *prog,
                                   const work_stored *cur,
                                   const Pmo__V1__WorkItem *merged,
                                   const work_links *links)
{
    char key[WORK_KEY_MAX];
    int64_t parent = 0;
    if (links->parent_id == cur->links.parent_id)
        return true;
    if (merged->parent[0])
        work_ref_parse(merged->parent, key, &parent);
    return dependencies_parent_check(call, prog, cur->number, parent) == 0;
}

/*
 * Resolves the project, parent and assignee the item names (those the
 * request changes; all on create, where cur is NULL) into links, in one
 * query, and sets *on_team for the project named.
 */
static bool work_links_resolve(rpc_call *call, const program_access *prog,
                               const Pmo__V1__WorkItem *it, const work_mask *m,
                               const work_stored *cur, work_links *links,
                               bool *on_team)
{
    work_names names = {"", 0, "", cur ? cur->item->id : 0};
    bool set_parent = work_changed(m, "parent");
    bool set_assignee = work_changed(m, "assignee");
    if (work_changed(m, "project"))
        names.project = it->project;
    if (set_assignee)
        names.assignee = it->assignee;
    if (set_parent && it->parent[0]) {
        names.parent = work_ref_in(call, "item.parent", it->parent, prog);
        if (names.parent == 0)
            return false;
    }
    if (set_parent)
        links->parent_id = 0;
    if (set_assignee)
        links->assignee_id = 0;
    if (names.project[0] == '\0' && names.parent == 0 &&
        names.assignee[0] == '\0')
        return true;
    work_resolved res;
    if (work_names_resolve(call, prog, &names, &res) != 0)
        return false;
    bool ok = true;
    if (names.project[0]) {
        links->project_id = res.project_id;
        *on_team = res.on_team;
        if (res.project_id == 0) {
            rpc_violation(call, "item.project", "no project %s in %s",
                          it->project, prog->key);
            ok = false;
        }
    }
    if (names.assignee[0]) {
        links->assignee_id = res.assignee_id;
        if (res.assignee_id == 0) {
            rpc_violation(call, "item.assignee", "no user %s", it->assignee);
            ok = false;
        } else if (!res.assignee_sees) {
            access_no_role(call, "item.assignee", it->assignee, prog->key);
            ok = false;
        }
    }
    if (names.parent) {
        links->parent_id = res.parent_id;
        ok = work_parent_check(call, prog, &res, it->parent) && ok;
        if (ok && cur)
            ok = work_parent_chain_check(call, prog, &res, cur->number);
    }
    return ok;
}

/* ------------------------------------------------------- item methods */

static void work_create_work_item(Pmo__V1__WorkService_Service *svc,
                                  const Pmo__V1__CreateWorkItemRequest *in,
                                  Pmo__V1__WorkItem_Closure done, void *data)
{
    rpc_call *call = data;
    if (in->item == NULL) {
        rpc_violation(call, "item", "is required");
        done(NULL, data);
        return;
    }
    Pmo__V1__WorkItem item = *in->item;
    program_access prog;
    if (!validate_length(call, "item.program", item.program, 1,
                         WORK_NAME_MAX) ||
        access_program(call, item.program, ACCESS_CONTRIBUTOR, &prog) != 0) {
        done(NULL, data);
        return;
    }
    work_mask all = {NULL, 0};
    work_links links = {0, 0, 0};
    bool on_team = false;
    if (!work_item_check(call, "item.", &item, &all) ||
        !work_cost_check(call, &prog, "item.", &item, &all) ||
        !work_links_resolve(call, &prog, &item, &all, NULL, &links, &on_team)) {
        done(NULL, data);
        return;
    }
    if (prog.role == ACCESS_CONTRIBUTOR && !on_team) {
        rpc_fail(call, PMO_PERMISSION_DENIED,
                 "contributors create work items only in their teams' "
                 "projects, and you are not on the team of project %s",
                 item.project);
        done(NULL, data);
        return;
    }
    Pmo__V1__WorkItem *out;
    if (work_items_create(call, &prog, &item, &links, &out) != 0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

static void work_get_work_item(Pmo__V1__WorkService_Service *svc,
                               const Pmo__V1__GetWorkItemRequest *in,
                               Pmo__V1__WorkItem_Closure done, void *data)
{
    rpc_call *call = data;
    char key[WORK_KEY_MAX];
    int64_t number;
    program_access prog;
    work_stored cur;
    if (!work_ref_arg(call, "ref", in->ref, key, &number) ||
        access_program(call, key, ACCESS_VIEWER, &prog) != 0 ||
        work_items_get(call, &prog, number, &cur) != 0) {
        done(NULL, data);
        return;
    }
    done(cur.item, data);
}

/* The filters of a list, checked; the parent given as a number. */
static bool work_filter_check(rpc_call *call, const program_access *prog,
                              const Pmo__V1__ListWorkItemsRequest *in,
                              work_filter *f)
{
    *f = (work_filter){in->project, in->assignee, (int)in->state, in->tag, 0};
    bool ok = validate_length(call, "project", in->project, 0, WORK_NAME_MAX);
    ok &= validate_length(call, "assignee", in->assignee, 0, WORK_NAME_MAX);
    ok &= validate_length(call, "tag", in->tag, 0, WORK_TAG_MAX);
    if (f->state < 0 || f->state > PMO__V1__WORK_STATE__STATE_DONE) {
        rpc_violation(call, "state", "unknown state %d", f->state);
        ok = false;
    }
    if (in->parent[0]) {
        f->parent = work_ref_in(call, "parent", in->parent, prog);
        ok &= f->parent != 0;
    }
    return ok;
}

/*
 * Without a program: one person's items in every program the caller may
 * see. Project keys and parents name rows of one program, so they need
 * one; and some assignee is required, so that the listing is someone's
 * work rather than the whole organisation's.
 */
static void work_list_across(rpc_call *call,
                             const Pmo__V1__ListWorkItemsRequest *in,
                             Pmo__V1__ListWorkItemsResponse_Closure done,
                             void *data)
{
    work_filter f;
    unsigned limit;
    int64_t after;
    Pmo__V1__ListWorkItemsResponse out =
        PMO__V1__LIST_WORK_ITEMS_RESPONSE__INIT;
    bool ok = in->assignee[0] && !in->project[0] && !in->parent[0];
    if (in->assignee[0] == '\0')
        rpc_violation(call, "assignee",
                      "is required without a program: whose work to list "
                      "across programs");
    if (in->project[0] || in->parent[0])
        rpc_violation(call, in->project[0] ? "project" : "parent",
                      "needs a program: it names a row of one program");
    if (!ok || !work_filter_check(call, NULL, in, &f) ||
        !fields_page_size(call, in->page_size, &limit) ||
        !fields_page_token(call, in->page_token, &after) ||
        work_items_list_across(call, &f, after, limit, &out.items,
                               &out.n_items) != 0) {
        done(NULL, data);
        return;
    }
    if (out.n_items > limit) {
        out.n_items = limit;
        out.next_page_token =
            fields_page_token_make(call, out.items[limit - 1]->id);
    }
    done(&out, data);
}

static void work_list_work_items(Pmo__V1__WorkService_Service *svc,
                                 const Pmo__V1__ListWorkItemsRequest *in,
                                 Pmo__V1__ListWorkItemsResponse_Closure done,
                                 void *data)
{
    rpc_call *call = data;
    program_access prog;
    work_filter f;
    unsigned limit;
    int64_t after;
    Pmo__V1__ListWorkItemsResponse out =
        PMO__V1__LIST_WORK_ITEMS_RESPONSE__INIT;
    if (in->program[0] == '\0') {
        work_list_across(call, in, done, data);
        return;
    }
    if (!validate_length(call, "program", in->program, 1, WORK_NAME_MAX) ||
        access_program(call, in->program, ACCESS_VIEWER, &prog) != 0 ||
        !work_filter_check(call, &prog, in, &f) ||
        !fields_page_size(call, in->page_size, &limit) ||
        !fields_page_token(call, in->page_token, &after) ||
        work_items_list(call, &prog, &f, after, limit, &out.items,
                        &out.n_items) != 0) {
        done(NULL, data);
        return;
    }
    /* One row beyond the page says there is another page. */
    if (out.n_items > limit) {
        char key[WORK_KEY_MAX];
        int64_t last = 0;
        out.n_items = limit;
        work_ref_parse(out.items[limit - 1]->ref, key, &last);
        out.next_page_token = fields_page_token_make(call, last);
    }
    done(&out, data);
}

/* Copies one field named in the update mask from src to dst. */
static void work_field_copy(Pmo__V1__WorkItem *dst,
                            const Pmo__V1__WorkItem *src, const char *name)
{
    const ProtobufCFieldDescriptor *fd =
        protobuf_c_message_descriptor_get_field_by_name(
            &pmo__v1__work_item__descriptor, name);
    size_t size = 0;
    switch (fd->type) {
    case PROTOBUF_C_TYPE_STRING:
        size = sizeof(char *);
        break;
    case PROTOBUF_C_TYPE_DOUBLE:
        size = sizeof(double);
        break;
    case PROTOBUF_C_TYPE_INT64:
        size = sizeof(int64_t);
        break;
    case PROTOBUF_C_TYPE_UINT32:
        size = sizeof(uint32_t);
        break;
    case PROTOBUF_C_TYPE_ENUM:
        size = sizeof(int);
        break;
    default:
        return;
    }
    if (fd->label == PROTOBUF_C_LABEL_REPEATED) {
        memcpy((char *)dst + fd->quantifier_offset,
               (const char *)src + fd->quantifier_offset, sizeof(size_t));
        size = sizeof(void *);
    }
    memcpy((char *)dst + fd->offset, (const char *)src + fd->offset, size);
}

/*
 * An item taken back from done is no longer finished: its percent
 * complete and actual finish go, unless the same update sets them.
 */
static void work_reopen(Pmo__V1__WorkItem *merged, const Pmo__V1__WorkItem *cur,
                        const work_mask *m)
{
    if (cur->state != PMO__V1__WORK_STATE__STATE_DONE ||
        merged->state == PMO__V1__WORK_STATE__STATE_DONE)
        return;
    if (!work_changed(m, "percent_complete"))
        merged->percent_complete = 0;
    if (!work_changed(m, "actual_finish"))
        merged->actual_finish = "";
}

static bool work_update_args(rpc_call *call,
                             const Pmo__V1__UpdateWorkItemRequest *in)
{
    if (in->item == NULL) {
        rpc_violation(call, "item", "is required: the new field values");
        return false;
    }
    if (!fields_mask_valid(call, in->update_mask, in->n_update_mask,
                           work_mask_fields))
        return false;
    if (in->expected_version <= 0) {
        rpc_violation(call, "expected_version",
                      "is required: the version you read");
        return false;
    }
    return true;
}

/* Contributors edit only their teams' items, and do not move them. */
static bool work_contributor_check(rpc_call *call, const program_access *prog,
                                   const work_stored *cur,
                                   const Pmo__V1__WorkItem *merged)
{
    if (prog->role != ACCESS_CONTRIBUTOR)
        return true;
    if (!cur->on_team) {
        rpc_fail(call, PMO_PERMISSION_DENIED,
                 "contributors edit only the work items of their teams' "
                 "projects; %s belongs to project %s",
                 cur->item->ref, cur->item->project);
        return false;
    }
    if (strcmp(merged->project, cur->item->project) != 0) {
        rpc_fail(call, PMO_PERMISSION_DENIED,
                 "moving %s to another project needs the manager role",
                 cur->item->ref);
        return false;
    }
    return true;
}

static void work_update_work_item(Pmo__V1__WorkService_Service *svc,
                                  const Pmo__V1__UpdateWorkItemRequest *in,
                                  Pmo__V1__WorkItem_Closure done, void *data)
{
    rpc_call *call = data;
    char key[WORK_KEY_MAX];
    int64_t number;
    program_access prog;
    work_stored cur;
    if (!work_ref_arg(call, "ref", in->ref, key, &number) ||
        access_program(call, key, ACCESS_CONTRIBUTOR, &prog) != 0 ||
        !work_update_args(call, in) ||
        work_items_get(call, &prog, number, &cur) != 0) {
        done(NULL, data);
        return;
    }
    Pmo__V1__WorkItem merged = *cur.item;
    for (size_t i = 0; i < in->n_update_mask; i++)
        work_field_copy(&merged, in->item, in->update_mask[i]);
    work_mask m = {in->update_mask, in->n_update_mask};
    work_reopen(&merged, cur.item, &m);
    work_links links = cur.links;
    bool on_team = cur.on_team;
    if (!work_contributor_check(call, &prog, &cur, &merged)) {
        done(NULL, data);
        return;
    }
    if (cur.item->version != in->expected_version) {
        fields_stale(call, cur.item->ref, cur.item->version,
                     in->expected_version);
        done(NULL, data);
        return;
    }
    if (merged.kind == PMO__V1__WORK_ITEM_KIND__KIND_MILESTONE &&
        cur.children > 0) {
        rpc_violation(call, "item.kind",
                      "%s has %lld child items, and a milestone cannot be a "
                      "parent",
                      cur.item->ref, (long long)cur.children);
        done(NULL, data);
        return;
    }
    Pmo__V1__WorkItem *out;
    if (!work_item_check(call, "item.", &merged, &m) ||
        !work_cost_check(call, &prog, "item.", &merged, &m) ||
        !work_links_resolve(call, &prog, &merged, &m, &cur, &links, &on_team) ||
        !work_parent_move_check(call, &prog, &cur, &merged, &links) ||
        gates_finish_check(call, cur.item, &merged) != 0 ||
        work_items_update(call, &prog, cur.item->id, cur.item->ref,
                          in->expected_version, &merged, &links, &out) != 0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

static void work_delete_work_item(Pmo__V1__WorkService_Service *svc,
                                  const Pmo__V1__DeleteWorkItemRequest *in,
                                  Pmo__V1__DeleteWorkItemResponse_Closure done,
                                  void *data)
{
    rpc_call *call = data;
    char key[WORK_KEY_MAX];
    int64_t number;
    program_access prog;
    if (!work_ref_arg(call, "ref", in->ref, key, &number) ||
        access_program(call, key, ACCESS_MANAGER, &prog) != 0) {
        done(NULL, data);
        return;
    }
    if (in->expected_version <= 0) {
        rpc_violation(call, "expected_version",
                      "is required: the version you read");
        done(NULL, data);
        return;
    }
    if (work_items_delete(call, &prog, number, in->expected_version) != 0) {
        done(NULL, data);
        return;
    }
    Pmo__V1__DeleteWorkItemResponse out =
        PMO__V1__DELETE_WORK_ITEM_RESPONSE__INIT;
    done(&out, data);
}

/* ------------------------------------------------- dependency methods */

/*
 * Both ends of a dependency: refs of one program the caller holds need
 * in. Numbers in *pred and *succ.
 */
static bool work_ends_check(rpc_call *call, const char *pred_field,
                            const char *pred_ref, const char *succ_field,
                            const char *succ_ref, access_role need,
                            program_access *prog, int64_t *pred, int64_t *succ)
{
    char pkey[WORK_KEY_MAX], skey[WORK_KEY_MAX];
    bool ok = work_ref_arg(call, pred_field, pred_ref, pkey, pred);
    ok &= work_ref_arg(call, succ_field, succ_ref, skey, succ);
    if (!ok || access_program(call, pkey, need, prog) != 0)
        return false;
    if (strcmp(pkey, skey) != 0) {
        rpc_fail(call, PMO_FAILED_PRECONDITION,
                 "%s and %s are in different programs; a dependency links "
                 "items of one program",
                 pred_ref, succ_ref);
        return false;
    }
    if (*pred == *succ) {
        rpc_violation(call, succ_field,
                      "is the predecessor too; an item cannot wait on itself");
        return false;
    }
    return true;
}

/* Type (default finish-to-start) and lag of a dependency. */
static bool work_dep_kind_check(rpc_call *call, const char *prefix,
                                Pmo__V1__DependencyType *type, double lag)
{
    char f[96];
    bool ok = true;
    if (*type == PMO__V1__DEPENDENCY_TYPE__DEP_UNSPECIFIED)
        *type = PMO__V1__DEPENDENCY_TYPE__DEP_FINISH_TO_START;
    if ((int)*type < 0 ||
        *type > PMO__V1__DEPENDENCY_TYPE__DEP_START_TO_FINISH) {
        rpc_violation(call, work_path(f, prefix, "type"),
                      "unknown dependency type %d", (int)*type);
        ok = false;
    }
    if (!isfinite(lag) || fabs(lag) > WORK_LAG_MAX) {
        rpc_violation(call, work_path(f, prefix, "lag_days"),
                      "must be a number of working days from -%g to %g",
                      WORK_LAG_MAX, WORK_LAG_MAX);
        ok = false;
    }
    return ok;
}

static void work_add_dependency(Pmo__V1__WorkService_Service *svc,
                                const Pmo__V1__AddDependencyRequest *in,
                                Pmo__V1__Dependency_Closure done, void *data)
{
    rpc_call *call = data;
    const Pmo__V1__Dependency *d = in->dependency;
    if (d == NULL) {
        rpc_violation(call, "dependency", "is required");
        done(NULL, data);
        return;
    }
    program_access prog;
    int64_t pred, succ;
    Pmo__V1__DependencyType type = d->type;
    Pmo__V1__Dependency *out;
    if (!work_ends_check(call, "dependency.predecessor", d->predecessor,
                         "dependency.successor", d->successor, ACCESS_MANAGER,
                         &prog, &pred, &succ) ||
        !work_dep_kind_check(call, "dependency.", &type, d->lag_days) ||
        dependencies_add(call, &prog, pred, succ, (int)type, d->lag_days,
                         &out) != 0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

static void
work_remove_dependency(Pmo__V1__WorkService_Service *svc,
                       const Pmo__V1__RemoveDependencyRequest *in,
                       Pmo__V1__RemoveDependencyResponse_Closure done,
                       void *data)
{
    rpc_call *call = data;
    program_access prog;
    int64_t pred, succ;
    if (!work_ends_check(call, "predecessor", in->predecessor, "successor",
                         in->successor, ACCESS_MANAGER, &prog, &pred, &succ) ||
        dependencies_remove(call, &prog, pred, succ) != 0) {
        done(NULL, data);
        return;
    }
    Pmo__V1__RemoveDependencyResponse out =
        PMO__V1__REMOVE_DEPENDENCY_RESPONSE__INIT;
    done(&out, data);
}

/* The program to list: given, or the item's; both must agree. */
static bool work_dep_scope(rpc_call *call,
                           const Pmo__V1__ListDependenciesRequest *in,
                           program_access *prog, int64_t *item)
{
    char key[WORK_KEY_MAX] = "";
    *item = 0;
    if (in->item[0] && !work_ref_arg(call, "item", in->item, key, item))
        return false;
    if (in->program[0] == '\0' && *item == 0) {
        rpc_violation(call, "program", "is required (or give an item)");
        return false;
    }
    const char *program = in->program[0] ? in->program : key;
    if (!validate_length(call, "program", program, 1, WORK_NAME_MAX) ||
        access_program(call, program, ACCESS_VIEWER, prog) != 0)
        return false;
    if (*item && strcmp(key, prog->key) != 0) {
        rpc_violation(call, "item", "%s is in program %s, not %s", in->item,
                      key, prog->key);
        return false;
    }
    return true;
}

static void
work_list_dependencies(Pmo__V1__WorkService_Service *svc,
                       const Pmo__V1__ListDependenciesRequest *in,
                       Pmo__V1__ListDependenciesResponse_Closure done,
                       void *data)
{
    rpc_call *call = data;
    program_access prog;
    int64_t item, after;
    unsigned limit;
    Pmo__V1__ListDependenciesResponse out =
        PMO__V1__LIST_DEPENDENCIES_RESPONSE__INIT;
    if (!work_dep_scope(call, in, &prog, &item) ||
        !fields_page_size(call, in->page_size, &limit) ||
        !fields_page_token(call, in->page_token, &after) ||
        dependencies_list(call, &prog, item, after, limit, &out.dependencies,
                          &out.n_dependencies) != 0) {
        done(NULL, data);
        return;
    }
    if (out.n_dependencies > limit) {
        out.n_dependencies = limit;
        out.next_page_token =
            fields_page_token_make(call, out.dependencies[limit - 1]->id);
    }
    done(&out, data);
}

/* ------------------------------------------------------------- plans */

static bool work_plan_item_check(rpc_call *call, const program_access *prog,
                                 size_t i, Pmo__V1__PlanItem *pi)
{
    char prefix[48], f[96];
    snprintf(prefix, sizeof(prefix), "items[%zu].", i);
    bool ok = validate_length(call, work_path(f, prefix, "key"), pi->key, 0,
                              PLAN_KEY_MAX);
    char key[WORK_KEY_MAX];
    int64_t number;
    if (ok && work_ref_parse(pi->key, key, &number)) {
        rpc_violation(call, f,
                      "\"%s\" has the form of a work item ref; choose a key "
                      "that does not, so references stay unambiguous",
                      pi->key);
        ok = false;
    }
    if (pi->item == NULL) {
        rpc_violation(call, work_path(f, prefix, "item"), "is required");
        return false;
    }
    snprintf(prefix, sizeof(prefix), "items[%zu].item.", i);
    Pmo__V1__WorkItem *it = pi->item;
    if (it->program[0] && strcmp(it->program, prog->key) != 0) {
        rpc_violation(call, work_path(f, prefix, "program"),
                      "is %.32s, but the plan is for %s; leave it empty",
                      it->program, prog->key);
        ok = false;
    }
    ok &= validate_length(call, work_path(f, prefix, "parent"), it->parent, 0,
                          PLAN_KEY_MAX);
    work_mask all = {NULL, 0};
    return work_item_check(call, prefix, it, &all) &&
           work_cost_check(call, prog, prefix, it, &all) && ok;
}

static bool work_plan_dep_check(rpc_call *call, size_t j,
                                Pmo__V1__PlanDependency *d)
{
    char prefix[48], f[96];
    snprintf(prefix, sizeof(prefix), "dependencies[%zu].", j);
    bool ok = validate_length(call, work_path(f, prefix, "predecessor"),
                              d->predecessor, 1, PLAN_KEY_MAX);
    ok &= validate_length(call, work_path(f, prefix, "successor"), d->successor,
                          1, PLAN_KEY_MAX);
    return work_dep_kind_check(call, prefix, &d->type, d->lag_days) && ok;
}

/*
 * Field checks on the whole request, stopping after PLAN_MAX_VIOLATIONS.
 * The request was decoded into this call's arena: defaults are applied
 * to it in place rather than to a copy of up to 50,000 items.
 */
bool work_plan_check(rpc_call *call, const program_access *prog,
                            const Pmo__V1__LoadPlanRequest *in)
{
    if (in->n_items > PLAN_MAX_ITEMS) {
        rpc_violation(call, "items",
                      "at most %d items per plan (got %zu), in a request of "
                      "at most 4 MiB; split the plan",
                      PLAN_MAX_ITEMS, in->n_items);
        return false;
    }
    if (in->n_dependencies > PLAN_MAX_DEPENDENCIES) {
        rpc_violation(call, "dependencies",
                      "at most %d dependencies per plan (got %zu), in a "
                      "request of at most 4 MiB; split the plan",
                      PLAN_MAX_DEPENDENCIES, in->n_dependencies);
        return false;
    }
    if (in->n_items == 0 && in->n_dependencies == 0) {
        rpc_violation(call, "items",
                      "the plan has no items and no "
                      "dependencies");
        return false;
    }
    for (size_t i = 0; i < in->n_items && !plan_load_full(call); i++)
        work_plan_item_check(call, prog, i, in->items[i]);
    for (size_t j = 0; j < in->n_dependencies && !plan_load_full(call); j++)
        work_plan_dep_check(call, j, in->dependencies[j]);
    return !rpc_failed(call);
}

static void work_load_plan(Pmo__V1__WorkService_Service *svc,
                           const Pmo__V1__LoadPlanRequest *in,
                           Pmo__V1__LoadPlanResponse_Closure done, void *data)
{
    rpc_call *call = data;
    program_access prog;
    Pmo__V1__LoadPlanResponse out = PMO__V1__LOAD_PLAN_RESPONSE__INIT;
    if (!validate_length(call, "program", in->program, 1, WORK_NAME_MAX) ||
        access_program(call, in->program, ACCESS_MANAGER, &prog) != 0 ||
        !work_plan_check(call, &prog, in) ||
        plan_load_run(call, &prog, in, &out) != 0) {
        done(NULL, data);
        return;
    }
    done(&out, data);
}

static Pmo__V1__WorkService_Service work_impl =
    PMO__V1__WORK_SERVICE__INIT(work_);

static const rpc_method_policy work_policies[] = {
    {"CreateWorkItem", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"GetWorkItem", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"ListWorkItems", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"UpdateWorkItem", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"DeleteWorkItem", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"AddDependency", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"RemoveDependency", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"ListDependencies", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"LoadPlan", RPC_ACCESS_SESSION, RPC_WRITES, RPC_HEAVY},
};

const rpc_service api_work_service = {
    .impl = &work_impl.base,
    .policies = work_policies,
    .n_policies = sizeof(work_policies) / sizeof(work_policies[0]),
};
