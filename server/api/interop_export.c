/*
 * server/api/interop_export.c - InteropService/ExportMspdi: a program's
 * plan as a Microsoft Project XML file.
 *
 * Reads the program (its name the file's title, its target start the
 * file's StartDate), the items (one query), dependencies (one query),
 * calendar, the schedule (each task's Start and Finish) and newest
 * baseline (as each task's Baseline 0), lays the items out in outline
 * order (parents first, siblings by number), and hands that to
 * interop/mspdi_write.c. What MSPDI has no place for is named in the
 * reply's warnings by ref and field. The file must fit in a reply: past
 * the 4 MiB message limit the call answers RESOURCE_EXHAUSTED saying so,
 * rather than sending a frame the client would refuse.
 */
#include "api/interop_handlers.h"
#include "api/schedule_common.h"
#include "api/validate.h"
#include "common/daynum.h"
#include "common/envelope.h"
#include "common/gzip.h"
#include "model/access.h"
#include "model/baselines.h"
#include "model/calendars.h"
#include "model/dependencies.h"
#include "model/plan_load.h"
#include "model/programs.h"
#include "model/work_items.h"
#include "rpc/call.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INTEROP_NAME_MAX 64
/* Room in the reply for its envelope, counts and warnings. */
#define INTEROP_REPLY_XML_MAX (ENVELOPE_MAX_MESSAGE - (512u << 10))

typedef struct interop_export {
    rpc_call *call;
    Pmo__V1__WorkItem **items; /* by number */
    size_t n_items;
    Pmo__V1__ExportMspdiResponse *out;
    size_t cap_warnings;
} interop_export;

static void interop_export_warn(interop_export *ex, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void interop_export_warn(interop_export *ex, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    interop_warning_add(ex->call, &ex->out->warnings, &ex->out->n_warnings,
                        &ex->cap_warnings, fmt, ap);
    va_end(ap);
}

/* The index of the item numbered number, or -1 (items are by number). */
static int interop_item_of_number(const interop_export *ex, int64_t number)
{
    char key[WORK_KEY_MAX];
    size_t lo = 0, hi = ex->n_items;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int64_t at;
        work_ref_parse(ex->items[mid]->ref, key, &at);
        if (at == number)
            return (int)mid;
        if (at < number)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* The index of the item whose ref is ref, or -1. */
static int interop_item_of_ref(const interop_export *ex, const char *ref)
{
    char key[WORK_KEY_MAX];
    int64_t number;
    if (ref[0] == '\0' || !work_ref_parse(ref, key, &number))
        return -1;
    return interop_item_of_number(ex, number);
}

/*
 * The outline: each item after its parent, siblings by number. *order
 * lists item indexes, *parent_of each item's parent index, *depth its
 * level from 0.
 */
static void interop_outline(interop_export *ex, int **order, int **parent_of,
                            int **depth)
{
    arena *a = ex->call->arena;
    size_t n = ex->n_items;
    int *parent = arena_alloc(a, (n + 1) * sizeof(int));
    int *first = arena_alloc(a, (n + 1) * sizeof(int));
    int *last = arena_alloc(a, (n + 1) * sizeof(int));
    int *next = arena_alloc(a, (n + 1) * sizeof(int));
    int *level = arena_zalloc(a, (n + 1) * sizeof(int));
    int *out = arena_alloc(a, (n + 1) * sizeof(int));
    int *stack = arena_alloc(a, (n + 1) * sizeof(int));
    int root_first = -1, root_last = -1;
    for (size_t i = 0; i < n; i++)
        first[i] = last[i] = next[i] = -1;
    /* Children lists in number order: items come by number. */
    for (size_t i = 0; i < n; i++) {
        parent[i] = interop_item_of_ref(ex, ex->items[i]->parent);
        int *head = parent[i] >= 0 ? &first[parent[i]] : &root_first;
        int *tail = parent[i] >= 0 ? &last[parent[i]] : &root_last;
        if (*tail >= 0)
            next[*tail] = (int)i;
        else
            *head = (int)i;
        *tail = (int)i;
    }
    /* Preorder with an explicit stack of "next sibling to visit". */
    size_t k = 0;
    int top = 0;
    for (int at = root_first; at >= 0 || top > 0;) {
        if (at < 0) {
            at = stack[--top];
            continue;
        }
        out[k++] = at;
        level[at] = parent[at] >= 0 ? level[parent[at]] + 1 : 0;
        if (first[at] >= 0) {
            stack[top++] = next[at];
            at = first[at];
        } else {
            at = next[at];
        }
    }
    *order = out;
    *parent_of = parent;
    *depth = level;
}

static int interop_day_of(const char *text)
{
    int day;
    return text && daynum_parse(text, &day) ? day : MSPDI_NO_DAY;
}

/* What an item holds that MSPDI does not carry, as warnings. */
static void interop_item_unkept(interop_export *ex, const Pmo__V1__WorkItem *w)
{
    if (w->optimistic_days != w->likely_days ||
        w->pessimistic_days != w->likely_days)
        interop_export_warn(ex,
                            "%s estimates: optimistic %g and pessimistic %g "
                            "days not written; Duration is the likely %g",
                            w->ref, w->optimistic_days, w->pessimistic_days,
                            w->likely_days);
    if (w->planned_finish[0] &&
        w->kind != PMO__V1__WORK_ITEM_KIND__KIND_MILESTONE)
        interop_export_warn(ex, "%s planned_finish %s: not written", w->ref,
                            w->planned_finish);
    if (w->state == PMO__V1__WORK_STATE__STATE_BLOCKED)
        interop_export_warn(ex, "%s state blocked (%s): not written", w->ref,
                            w->blocked_reason);
    if (w->n_tags)
        interop_export_warn(ex, "%s tags: %zu tag%s not written", w->ref,
                            w->n_tags, w->n_tags == 1 ? "" : "s");
    if (w->kind == PMO__V1__WORK_ITEM_KIND__KIND_DELIVERABLE)
        interop_export_warn(ex, "%s kind deliverable: written as a task",
                            w->ref);
}

static void interop_task_fill(interop_export *ex, const Pmo__V1__WorkItem *w,
                              int parent, int depth, bool has_children,
                              mspdi_task *t)
{
    memset(t, 0, sizeof(*t));
    t->name = w->title;
    t->wbs = "";
    t->notes = w->description;
    t->outline_level = depth + 1;
    t->parent = parent;
    t->summary =
        has_children || w->kind == PMO__V1__WORK_ITEM_KIND__KIND_SUMMARY;
    t->milestone =
        !t->summary && w->kind == PMO__V1__WORK_ITEM_KIND__KIND_MILESTONE;
    t->duration_days = t->summary ? 0 : w->likely_days;
    t->start = t->finish = MSPDI_NO_DAY;
    t->actual_start = interop_day_of(w->actual_start);
    t->actual_finish = interop_day_of(w->actual_finish);
    t->start_no_earlier = interop_day_of(w->planned_start);
    t->deadline = interop_day_of(w->deadline);
    if (t->milestone && t->deadline == MSPDI_NO_DAY)
        t->deadline = interop_day_of(w->planned_finish);
    t->percent_complete = w->percent_complete;
    t->cost = w->planned_cost;
    t->resource = w->assignee;
    t->baseline_start = t->baseline_finish = MSPDI_NO_DAY;
    interop_item_unkept(ex, w);
}

static void interop_calendar_fill(rpc_call *call, const Pmo__V1__Calendar *c,
                                  mspdi_calendar *mc)
{
    mc->name = "Standard";
    mc->weekdays = 0;
    for (size_t i = 0; i < c->n_working_weekdays; i++)
        mc->weekdays |= 1u << (c->working_weekdays[i] - 1);
    mc->minutes_per_day = (int)(c->hours_per_day * 60 + 0.5);
    mc->n_holidays = (int)c->n_holidays;
    mc->holidays =
        arena_alloc(call->arena, (c->n_holidays + 1) * sizeof(*mc->holidays));
    for (size_t i = 0; i < c->n_holidays; i++)
        mc->holidays[i] = (mspdi_holiday){interop_day_of(c->holidays[i]->date),
                                          c->holidays[i]->name};
}

static int interop_baseline_fill(interop_export *ex, const program_access *prog,
                                 const int *position, mspdi_plan *p);
static int interop_schedule_fill(interop_export *ex, const program_access *prog,
                                 const int *position, mspdi_plan *p);

static int interop_plan_build(interop_export *ex, const program_access *prog,
                              mspdi_plan *p)
{
    rpc_call *call = ex->call;
    work_filter all = {.project = "", .assignee = "", .tag = ""};
    Pmo__V1__Dependency **deps;
    size_t n_deps;
    Pmo__V1__Calendar *cal;
    Pmo__V1__Program *program;
    if (programs_get(call, prog, &program) != 0 ||
        work_items_list(call, prog, &all, 0, PLAN_MAX_ITEMS, &ex->items,
                        &ex->n_items) != 0 ||
        dependencies_list(call, prog, 0, 0, PLAN_MAX_DEPENDENCIES, &deps,
                          &n_deps) != 0 ||
        calendars_get(call, prog, &cal) != 0)
        return -1;
    if (ex->n_items > PLAN_MAX_ITEMS || n_deps > PLAN_MAX_DEPENDENCIES) {
        rpc_fail(call, PMO_RESOURCE_EXHAUSTED,
                 "program %s has more than %d items or %d dependencies, more "
                 "than one export carries",
                 prog->key, PLAN_MAX_ITEMS, PLAN_MAX_DEPENDENCIES);
        return -1;
    }
    memset(p, 0, sizeof(*p));
    /* MS Project schedules from StartDate: the program's target start. */
    p->name = program->name[0] ? program->name : prog->key;
    p->currency = prog->currency;
    p->start_date = interop_day_of(program->target_start);
    interop_calendar_fill(call, cal, &p->calendar);
    int *order, *parent, *depth;
    interop_outline(ex, &order, &parent, &depth);
    int *position = arena_alloc(call->arena, (ex->n_items + 1) * sizeof(int));
    for (size_t k = 0; k < ex->n_items; k++)
        position[order[k]] = (int)k;
    bool *has_children = arena_zalloc(call->arena, ex->n_items + 1);
    for (size_t i = 0; i < ex->n_items; i++)
        if (parent[i] >= 0)
            has_children[parent[i]] = true;
    p->n_tasks = (int)ex->n_items;
    p->tasks = arena_alloc(call->arena, (ex->n_items + 1) * sizeof(*p->tasks));
    for (size_t k = 0; k < ex->n_items; k++) {
        int i = order[k];
        interop_task_fill(ex, ex->items[i],
                          parent[i] >= 0 ? position[parent[i]] : -1, depth[i],
                          has_children[i], &p->tasks[k]);
    }
    p->links = arena_alloc(call->arena, (n_deps + 1) * sizeof(*p->links));
    for (size_t j = 0; j < n_deps; j++) {
        int pred = interop_item_of_ref(ex, deps[j]->predecessor);
        int succ = interop_item_of_ref(ex, deps[j]->successor);
        if (pred < 0 || succ < 0)
            continue; /* both ends are items of this program */
        p->links[p->n_links++] =
            (mspdi_link){position[pred], position[succ],
                         interop_link_type(deps[j]->type), deps[j]->lag_days};
    }
    if (interop_schedule_fill(ex, prog, position, p) != 0)
        return -1;
    return interop_baseline_fill(ex, prog, position, p);
}

/*
 * Each task's Start and Finish as pmo schedules it today (its early
 * dates), so the file shows the plan's dates before MS Project
 * recalculates it; dependencies the schedule leaves out are warned about.
 */
static int interop_schedule_fill(interop_export *ex, const program_access *prog,
                                 const int *position, mspdi_plan *p)
{
    schedule_ctx ctx;
    memset(&ctx, 0, sizeof(ctx));
    if (schedule_open(ex->call, prog->key, "", ACCESS_VIEWER, &ctx) != 0) {
        schedule_close(&ctx);
        return -1;
    }
    for (int e = 0; e < ctx.snap->n_items; e++) {
        int i = interop_item_of_number(ex, ctx.snap->items[e].number);
        if (i < 0)
            continue; /* made since the items were read */
        mspdi_task *t = &p->tasks[position[i]];
        t->start = ctx.res.early_start_day[e];
        t->finish = ctx.res.early_finish_day[e];
    }
    for (size_t k = 0; k < ctx.n_warnings; k++)
        interop_export_warn(ex, "schedule: %s", ctx.warnings[k]);
    schedule_close(&ctx);
    return 0;
}

/*
 * The newest pmo baseline as each task's Baseline 0 (MSPDI's baseline
 * numbers are slots, pmo's baselines names); the others are named in a
 * warning.
 */
static int interop_baseline_fill(interop_export *ex, const program_access *prog,
                                 const int *position, mspdi_plan *p)
{
    Pmo__V1__Baseline **list, *b;
    size_t n;
    baseline_row *rows;
    int n_rows;
    if (baselines_list(ex->call, prog, &list, &n) != 0)
        return -1;
    if (n == 0)
        return 0;
    if (baselines_read(ex->call, prog, list[0]->name, &b, &rows, &n_rows) != 0)
        return -1;
    for (int k = 0; k < n_rows; k++) {
        int i = interop_item_of_number(ex, rows[k].number);
        if (i < 0)
            continue; /* deleted since */
        mspdi_task *t = &p->tasks[position[i]];
        t->baseline_start = rows[k].start_day;
        t->baseline_finish = rows[k].finish_day;
    }
    if (n > 1)
        interop_export_warn(ex,
                            "baselines: %s written as Baseline 0 (the "
                            "newest); %zu older not written",
                            list[0]->name, n - 1);
    return 0;
}

void interop_export_mspdi(interop_svc *svc,
                          const Pmo__V1__ExportMspdiRequest *in,
                          Pmo__V1__ExportMspdiResponse_Closure done, void *data)
{
    rpc_call *call = data;
    program_access prog;
    Pmo__V1__ExportMspdiResponse out = PMO__V1__EXPORT_MSPDI_RESPONSE__INIT;
    interop_export ex = {.call = call, .out = &out};
    mspdi_plan plan;
    if (!validate_length(call, "program", in->program, 1, INTEROP_NAME_MAX) ||
        access_program(call, in->program, ACCESS_VIEWER, &prog) != 0 ||
        interop_plan_build(&ex, &prog, &plan) != 0) {
        done(NULL, data);
        return;
    }
    size_t len;
    uint8_t *xml = (uint8_t *)mspdi_write(call->arena, &plan, &len);
    if (in->gzip) {
        uint8_t *packed;
        gzip_compress(xml, len, &packed, &len);
        xml = arena_alloc(call->arena, len);
        memcpy(xml, packed, len);
        free(packed);
        out.gzip = true;
    }
    if (len > INTEROP_REPLY_XML_MAX) {
        rpc_fail(call, PMO_RESOURCE_EXHAUSTED,
                 "the MSPDI file of %s is %zu KiB%s, more than the %u KiB "
                 "a reply carries%s",
                 prog.key, len >> 10, in->gzip ? " compressed" : "",
                 INTEROP_REPLY_XML_MAX >> 10,
                 in->gzip ? "" : "; ask for it gzip-compressed");
        done(NULL, data);
        return;
    }
    out.xml.data = xml;
    out.xml.len = len;
    out.items = (uint32_t)plan.n_tasks;
    out.dependencies = (uint32_t)plan.n_links;
    done(&out, data);
}
