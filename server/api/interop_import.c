/*
 * server/api/interop_import.c - InteropService/ImportMspdi: a Microsoft
 * Project XML file loaded into a program, all or nothing.
 *
 * The file is read by interop/mspdi_read.c into a plan; that plan becomes
 * a LoadPlanRequest (items keyed "uid-N" by task UID, so no key can look
 * like a ref) and goes through the checks and the loader LoadPlan uses
 * (api/work_plan.h, model/plan_load.c), dry run included. Violations come
 * back from that path as request paths ("items[3].item.title") and are
 * named again as the file's elements ("Tasks/Task[UID=12]/Name"), so the
 * person fixing the file knows where to look. The project calendar then
 * replaces the program's, in the same transaction; a dry run writes
 * nothing at all.
 */
#include "api/fields.h"
#include "api/interop_handlers.h"
#include "api/validate.h"
#include "api/work_plan.h"
#include "common/daynum.h"
#include "common/gzip.h"
#include "model/access.h"
#include "model/baselines.h"
#include "model/calendars.h"
#include "model/plan_load.h"
#include "model/programs.h"
#include "model/projects.h"
#include "model/user_match.h"
#include "model/work_items.h"
#include "rpc/call.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INTEROP_NAME_MAX         64
#define INTEROP_HOLIDAY_NAME_MAX 200 /* as UpdateCalendar */

typedef struct interop_import {
    rpc_call *call;
    const program_access *prog;
    const mspdi_plan *plan;
    const char *project;
    Pmo__V1__LoadPlanRequest req;
    Pmo__V1__ImportMspdiResponse *out;
    size_t cap_warnings;
} interop_import;

static void interop_warn(interop_import *im, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void interop_warn(interop_import *im, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    interop_warning_add(im->call, &im->out->warnings, &im->out->n_warnings,
                        &im->cap_warnings, fmt, ap);
    va_end(ap);
}

static char *interop_day(rpc_call *call, int day)
{
    if (day == MSPDI_NO_DAY)
        return "";
    char *s = arena_alloc(call->arena, DAYNUM_TEXT);
    daynum_format(day, s);
    return s;
}

/* ------------------------------------------------------------ project */

/* The project named, else the program's only one. */
static int interop_project_pick(rpc_call *call, const program_access *prog,
                                const char *named, const char **out)
{
    if (named[0]) {
        if (!validate_length(call, "project", named, 1, INTEROP_NAME_MAX))
            return -1;
        *out = named;
        return 0;
    }
    Pmo__V1__Project **projects;
    size_t n;
    if (projects_list(call, prog, "", "", 2, &projects, &n) != 0)
        return -1;
    if (n != 1) {
        rpc_violation(call, "project",
                      n == 0 ? "is required: program %s has no project yet "
                               "(pmo project create)"
                             : "is required: program %s has several projects; "
                               "name the one the tasks go into",
                      prog->key);
        return -1;
    }
    *out = projects[0]->key;
    return 0;
}

/* ------------------------------------------------------------ people */

/* Resource names as assignees, where a user who may see the program has it. */
static int interop_assignees(interop_import *im, const char **assignee)
{
    const mspdi_plan *p = im->plan;
    rpc_call *call = im->call;
    char **names =
        arena_alloc(call->arena, ((size_t)p->n_tasks + 1) * sizeof(*names));
    char **emails =
        arena_alloc(call->arena, ((size_t)p->n_tasks + 1) * sizeof(*emails));
    int *name_of =
        arena_alloc(call->arena, ((size_t)p->n_tasks + 1) * sizeof(int));
    size_t n = 0;
    /* Resources are few: a linear search per task is enough. */
    for (int i = 0; i < p->n_tasks; i++) {
        name_of[i] = -1;
        const char *r = p->tasks[i].resource;
        if (r[0] == '\0')
            continue;
        for (size_t j = 0; j < n && name_of[i] < 0; j++)
            if (strcmp(names[j], r) == 0)
                name_of[i] = (int)j;
        if (name_of[i] < 0) {
            names[n] = (char *)r;
            emails[n] = (char *)p->tasks[i].resource_email;
            name_of[i] = (int)n++;
        }
    }
    const char **users = arena_alloc(call->arena, (n + 1) * sizeof(*users));
    if (user_match_seeing(call, im->prog, names, emails, n, users) != 0)
        return -1;
    for (size_t j = 0; j < n; j++)
        if (users[j] == NULL)
            interop_warn(im,
                         "Resource %s: no pmo user of that email, "
                         "username or display name may see %s; their "
                         "tasks are imported unassigned",
                         names[j], im->prog->key);
    for (int i = 0; i < p->n_tasks; i++) {
        assignee[i] =
            name_of[i] >= 0 && users[name_of[i]] ? users[name_of[i]] : "";
        im->out->assigned += assignee[i][0] != '\0';
    }
    return 0;
}

/* --------------------------------------------------------------- plan */

static Pmo__V1__WorkState interop_state(const mspdi_task *t)
{
    if (t->actual_finish != MSPDI_NO_DAY || t->percent_complete == 100)
        return PMO__V1__WORK_STATE__STATE_DONE;
    if (t->actual_start != MSPDI_NO_DAY || t->percent_complete > 0)
        return PMO__V1__WORK_STATE__STATE_IN_PROGRESS;
    return PMO__V1__WORK_STATE__STATE_TODO;
}

static void interop_item_fill(interop_import *im, int i, const char *assignee,
                              Pmo__V1__WorkItem *w)
{
    const mspdi_task *t = &im->plan->tasks[i];
    rpc_call *call = im->call;
    w->project = (char *)im->project;
    w->parent = t->parent >= 0
                    ? arena_printf(call->arena, "uid-%lld",
                                   (long long)im->plan->tasks[t->parent].uid)
                    : "";
    w->kind = t->summary     ? PMO__V1__WORK_ITEM_KIND__KIND_SUMMARY
              : t->milestone ? PMO__V1__WORK_ITEM_KIND__KIND_MILESTONE
                             : PMO__V1__WORK_ITEM_KIND__KIND_TASK;
    w->title = (char *)t->name;
    if (t->name[0] == '\0') {
        w->title =
            arena_printf(call->arena, "Task UID %lld", (long long)t->uid);
        interop_warn(im, "Task UID %lld Name: empty; named \"%s\"",
                     (long long)t->uid, w->title);
    }
    w->description = (char *)t->notes;
    w->assignee = (char *)assignee;
    w->optimistic_days = w->likely_days = w->pessimistic_days =
        t->duration_days;
    w->planned_start = interop_day(call, t->start_no_earlier);
    w->deadline = interop_day(call, t->deadline);
    w->actual_start = interop_day(call, t->actual_start);
    w->actual_finish = interop_day(call, t->actual_finish);
    w->percent_complete = t->percent_complete;
    w->state = interop_state(t);
    if (w->state == PMO__V1__WORK_STATE__STATE_DONE &&
        w->actual_finish[0] == '\0' && t->finish != MSPDI_NO_DAY)
        w->actual_finish = interop_day(call, t->finish); /* 100 %, no date */
    /* A summary's Cost is its tasks' summed: pmo adds them up itself. */
    if (t->cost == 0 || t->summary)
        return;
    if (im->plan->currency[0] &&
        strcmp(im->plan->currency, im->prog->currency) != 0)
        interop_warn(im,
                     "Task UID %lld Cost %.2f %s: not kept: program %s "
                     "counts in %s",
                     (long long)t->uid, t->cost, im->plan->currency,
                     im->prog->key, im->prog->currency);
    else
        w->planned_cost = t->cost;
}

static void interop_request_build(interop_import *im, const char **assignee,
                                  bool dry_run)
{
    const mspdi_plan *p = im->plan;
    rpc_call *call = im->call;
    Pmo__V1__LoadPlanRequest *req = &im->req;
    pmo__v1__load_plan_request__init(req);
    req->program = (char *)im->prog->key;
    req->validate_only = dry_run;
    req->n_items = (size_t)p->n_tasks;
    req->items = arena_alloc(call->arena, (req->n_items + 1) * sizeof(void *));
    Pmo__V1__PlanItem *items =
        arena_alloc(call->arena, (req->n_items + 1) * sizeof(*items));
    Pmo__V1__WorkItem *works =
        arena_alloc(call->arena, (req->n_items + 1) * sizeof(*works));
    for (int i = 0; i < p->n_tasks; i++) {
        pmo__v1__plan_item__init(&items[i]);
        pmo__v1__work_item__init(&works[i]);
        items[i].key =
            arena_printf(call->arena, "uid-%lld", (long long)p->tasks[i].uid);
        items[i].item = &works[i];
        interop_item_fill(im, i, assignee[i], &works[i]);
        req->items[i] = &items[i];
        im->out->summaries += p->tasks[i].summary;
        im->out->milestones += p->tasks[i].milestone;
    }
    int costs = 0;
    for (int i = 0; i < p->n_tasks; i++)
        costs += works[i].planned_cost != 0;
    if (costs && p->currency[0] == '\0')
        interop_warn(im,
                     "Project CurrencyCode: none given; the Cost of %d "
                     "task%s taken as %s, the program's currency",
                     costs, costs == 1 ? "" : "s", im->prog->currency);
    req->n_dependencies = (size_t)p->n_links;
    req->dependencies =
        arena_alloc(call->arena, ((size_t)p->n_links + 1) * sizeof(void *));
    Pmo__V1__PlanDependency *deps =
        arena_alloc(call->arena, ((size_t)p->n_links + 1) * sizeof(*deps));
    for (int k = 0; k < p->n_links; k++) {
        const mspdi_link *l = &p->links[k];
        pmo__v1__plan_dependency__init(&deps[k]);
        deps[k].predecessor = req->items[l->pred]->key;
        deps[k].successor = req->items[l->succ]->key;
        deps[k].type = interop_dep_type(l->type);
        deps[k].lag_days = l->lag_days;
        req->dependencies[k] = &deps[k];
    }
}

/* ------------------------------------------------- naming the file's parts */

/* pmo's item fields as the MSPDI elements they came from. */
static const struct {
    const char *field;
    const char *element;
} interop_fields[] = {
    {"title", "Name"},
    {"description", "Notes"},
    {"assignee", "Assignment"},
    {"optimistic_days", "Duration"},
    {"likely_days", "Duration"},
    {"pessimistic_days", "Duration"},
    {"planned_start", "ConstraintDate"},
    {"deadline", "Deadline"},
    {"actual_start", "ActualStart"},
    {"actual_finish", "ActualFinish"},
    {"percent_complete", "PercentComplete"},
    {"planned_cost", "Cost"},
    {"planned_cost_minor", "Cost"},
    {"parent", "OutlineLevel"},
    {"kind", "Milestone"},
};

/* "items[3].item.title" as "Tasks/Task[UID=12]/Name"; NULL if no such path. */
static char *interop_path_element(interop_import *im, const char *path)
{
    const mspdi_plan *p = im->plan;
    size_t index;
    int used = 0;
    arena *a = im->call->arena;
    if (sscanf(path, "items[%zu]%n", &index, &used) == 1 && used > 0 &&
        index < (size_t)p->n_tasks) {
        const char *rest = path + used;
        if (strncmp(rest, ".item.", 6) == 0)
            rest += 6;
        else if (rest[0] == '.')
            rest++;
        if (strcmp(rest, "project") == 0)
            return "project"; /* the request's, for every item alike */
        const char *element = rest;
        for (size_t i = 0;
             i < sizeof(interop_fields) / sizeof(interop_fields[0]); i++)
            if (strcmp(rest, interop_fields[i].field) == 0)
                element = interop_fields[i].element;
        return arena_printf(a, "Tasks/Task[UID=%lld]%s%s",
                            (long long)p->tasks[index].uid,
                            element[0] ? "/" : "", element);
    }
    if (sscanf(path, "dependencies[%zu]%n", &index, &used) == 1 && used > 0 &&
        index < (size_t)p->n_links) {
        const mspdi_link *l = &p->links[index];
        const char *rest = path + used;
        const char *element = strcmp(rest, ".lag_days") == 0 ? "/LinkLag"
                              : strcmp(rest, ".type") == 0   ? "/Type"
                                                             : "";
        return arena_printf(a,
                            "Tasks/Task[UID=%lld]/PredecessorLink"
                            "[PredecessorUID=%lld]%s",
                            (long long)p->tasks[l->succ].uid,
                            (long long)p->tasks[l->pred].uid, element);
    }
    return NULL;
}

/* Text with each "uid-N" key, as plan_load names items, as "task UID N". */
static char *interop_keys_named(arena *a, const char *text)
{
    size_t n = 0;
    for (const char *s = text; (s = strstr(s, "uid-")); s += 4)
        n++;
    char *out = arena_alloc(a, strlen(text) + n * 6 + 1), *at = out;
    for (const char *s = text; *s;) {
        if (strncmp(s, "uid-", 4) == 0) {
            memcpy(at, "task UID ", 9);
            at += 9;
            s += 4;
        } else {
            *at++ = *s++;
        }
    }
    *at = '\0';
    return out;
}

/* After the load path refused the plan: every path named as the file's. */
static void interop_refusal_rename(interop_import *im)
{
    rpc_call *call = im->call;
    size_t kept = 0;
    for (size_t i = 0; i < call->n_violations; i++) {
        Pmo__V1__FieldViolation *v = call->violations[i];
        char *element = interop_path_element(im, v->field);
        if (element)
            v->field = element;
        v->description = interop_keys_named(call->arena, v->description);
        /* The project is named once for all items: say it once. */
        bool twice = false;
        for (size_t j = 0; j < kept && !twice; j++)
            twice =
                strcmp(call->violations[j]->field, v->field) == 0 &&
                strcmp(call->violations[j]->description, v->description) == 0;
        if (!twice)
            call->violations[kept++] = v;
    }
    call->n_violations = kept;
    if (call->n_violations)
        call->message =
            arena_printf(call->arena, "%s: %s", call->violations[0]->field,
                         call->violations[0]->description);
    else if (call->message)
        call->message = interop_keys_named(call->arena, call->message);
}

/* ----------------------------------------------------------- calendar */

static bool interop_calendar_same(const Pmo__V1__Calendar *have,
                                  const Pmo__V1__Calendar *want)
{
    if (have->n_working_weekdays != want->n_working_weekdays ||
        have->n_holidays != want->n_holidays ||
        have->hours_per_day != want->hours_per_day)
        return false;
    for (size_t i = 0; i < have->n_working_weekdays; i++)
        if (have->working_weekdays[i] != want->working_weekdays[i])
            return false;
    for (size_t i = 0; i < have->n_holidays; i++)
        if (strcmp(have->holidays[i]->date, want->holidays[i]->date) != 0 ||
            strcmp(have->holidays[i]->name, want->holidays[i]->name) != 0)
            return false;
    return true;
}

/* The project calendar in pmo's form: weekdays ascending, days by date. */
static bool interop_calendar_build(interop_import *im, Pmo__V1__Calendar *c)
{
    rpc_call *call = im->call;
    const mspdi_calendar *mc = &im->plan->calendar;
    pmo__v1__calendar__init(c);
    c->working_weekdays = arena_alloc(call->arena, 7 * sizeof(uint32_t));
    for (uint32_t d = 1; d <= 7; d++)
        if (mc->weekdays & (1u << (d - 1)))
            c->working_weekdays[c->n_working_weekdays++] = d;
    c->hours_per_day = mc->minutes_per_day / 60.0;
    c->n_holidays = (size_t)mc->n_holidays;
    c->holidays =
        arena_alloc(call->arena, (c->n_holidays + 1) * sizeof(*c->holidays));
    bool ok = true;
    for (size_t i = 0; i < c->n_holidays; i++) {
        Pmo__V1__Holiday *h = arena_alloc(call->arena, sizeof(*h));
        pmo__v1__holiday__init(h);
        h->date = interop_day(call, mc->holidays[i].day);
        h->name = (char *)mc->holidays[i].name;
        ok &= validate_length(
            call,
            arena_printf(call->arena, "Calendars/Calendar/Exception[%s]/Name",
                         h->date),
            h->name, 0, INTEROP_HOLIDAY_NAME_MAX);
        c->holidays[i] = h;
    }
    return ok;
}

/* Replaces the program's calendar unless it is the same already. */
static int interop_calendar_apply(interop_import *im, bool dry_run)
{
    Pmo__V1__Calendar want, *have, *stored;
    if (!interop_calendar_build(im, &want) ||
        calendars_get(im->call, im->prog, &have) != 0)
        return -1;
    im->out->holidays = (uint32_t)want.n_holidays;
    im->out->calendar_changed = !interop_calendar_same(have, &want);
    if (dry_run || !im->out->calendar_changed)
        return 0;
    return calendars_update(im->call, im->prog, &want, have->version, &stored);
}

/* ----------------------------------------------------------- baseline */

/* "mspdi", else the first of "mspdi-2", "mspdi-3", ... not yet taken. */
static int interop_baseline_name(interop_import *im, const char **out)
{
    Pmo__V1__Baseline **list;
    size_t n;
    if (baselines_list(im->call, im->prog, &list, &n) != 0)
        return -1;
    for (int k = 1;; k++) {
        const char *name =
            k == 1 ? "mspdi" : arena_printf(im->call->arena, "mspdi-%d", k);
        bool taken = false;
        for (size_t i = 0; i < n && !taken; i++)
            taken = strcmp(list[i]->name, name) == 0;
        if (!taken) {
            *out = name;
            return 0;
        }
    }
}

/*
 * The tasks' Baseline 0 as a pmo baseline of the items just made, so a
 * plan keeps what it was measured against (ExportMspdi writes the newest
 * baseline back as Baseline 0). Tasks without both dates have no row.
 */
static int interop_baseline_keep(interop_import *im,
                                 const Pmo__V1__LoadPlanResponse *loaded,
                                 bool dry_run)
{
    const mspdi_plan *p = im->plan;
    rpc_call *call = im->call;
    baseline_row *rows =
        arena_alloc(call->arena, ((size_t)p->n_tasks + 1) * sizeof(*rows));
    int n = 0, finish = MSPDI_NO_DAY;
    for (int i = 0; i < p->n_tasks; i++) {
        const mspdi_task *t = &p->tasks[i];
        if (t->baseline_start == MSPDI_NO_DAY ||
            t->baseline_finish == MSPDI_NO_DAY)
            continue;
        char key[WORK_KEY_MAX];
        int64_t number = 0;
        if (!dry_run && (i >= (int)loaded->n_refs ||
                         !work_ref_parse(loaded->refs[i], key, &number)))
            continue;
        const Pmo__V1__WorkItem *w = im->req.items[i]->item;
        rows[n++] = (baseline_row){number, (int)w->kind, w->title,
                                   t->baseline_start, t->baseline_finish};
        if (finish == MSPDI_NO_DAY || t->baseline_finish > finish)
            finish = t->baseline_finish;
    }
    if (n == 0)
        return 0;
    const char *name;
    if (interop_baseline_name(im, &name) != 0)
        return -1;
    im->out->baseline = (char *)name;
    if (dry_run)
        return 0;
    Pmo__V1__Baseline *made;
    return baselines_create(call, im->prog, name, daynum_today(), finish, rows,
                            n, &made);
}

/* ------------------------------------------------------------ handler */

/* The file's StartDate is the program's target start, or a warning. */
static int interop_start_check(interop_import *im)
{
    if (im->plan->start_date == MSPDI_NO_DAY)
        return 0;
    Pmo__V1__Program *program;
    if (programs_get(im->call, im->prog, &program) != 0)
        return -1;
    const char *start = interop_day(im->call, im->plan->start_date);
    if (strcmp(program->target_start, start) != 0)
        interop_warn(im,
                     "Project StartDate %s: not kept; %s is scheduled from "
                     "its target start (%s): pmo program set %s start=%s "
                     "moves it",
                     start, im->prog->key,
                     program->target_start[0] ? program->target_start
                                              : "none set",
                     im->prog->key, start);
    return 0;
}

/* The file, decompressed first when it is gzip, read into *plan. */
static int interop_file_read(rpc_call *call, const ProtobufCBinaryData *xml,
                             mspdi_plan *plan)
{
    uint8_t *inflated = NULL;
    const char *text = (const char *)xml->data;
    size_t len = xml->len;
    char why[200];
    if (gzip_is(xml->data, xml->len)) {
        if (gzip_decompress(xml->data, xml->len, MSPDI_XML_MAX, &inflated, &len,
                            why, sizeof(why)) != 0) {
            rpc_violation(call, "xml", "%s", why);
            return -1;
        }
        text = (const char *)inflated;
    }
    mspdi_error err;
    /* The plan's strings are the arena's: the text can go at once. */
    int rc = mspdi_read(call->arena, text, len, plan, &err);
    free(inflated);
    if (rc != 0)
        rpc_violation(call, err.element, "%s", err.message);
    return rc;
}

void interop_import_mspdi(interop_svc *svc,
                          const Pmo__V1__ImportMspdiRequest *in,
                          Pmo__V1__ImportMspdiResponse_Closure done, void *data)
{
    rpc_call *call = data;
    program_access prog;
    Pmo__V1__ImportMspdiResponse out = PMO__V1__IMPORT_MSPDI_RESPONSE__INIT;
    interop_import im = {.call = call, .prog = &prog, .out = &out};
    if (!validate_length(call, "program", in->program, 1, INTEROP_NAME_MAX) ||
        access_program(call, in->program, ACCESS_MANAGER, &prog) != 0 ||
        interop_project_pick(call, &prog, in->project, &im.project) != 0)
        goto fail;
    mspdi_plan plan;
    if (interop_file_read(call, &in->xml, &plan) != 0)
        goto fail;
    im.plan = &plan;
    for (int i = 0; i < plan.n_warnings; i++)
        interop_warn(&im, "%s", plan.warnings[i]);
    if (interop_start_check(&im) != 0)
        goto fail;
    const char **assignee =
        arena_alloc(call->arena, ((size_t)plan.n_tasks + 1) * sizeof(char *));
    if (interop_assignees(&im, assignee) != 0)
        goto fail;
    interop_request_build(&im, assignee, in->dry_run);
    /* A file of a calendar alone (no tasks) changes the calendar alone. */
    Pmo__V1__LoadPlanResponse loaded = PMO__V1__LOAD_PLAN_RESPONSE__INIT;
    if (plan.n_tasks > 0 &&
        (!work_plan_check(call, &prog, &im.req) ||
         plan_load_run(call, &prog, &im.req, &loaded) != 0)) {
        interop_refusal_rename(&im);
        goto fail;
    }
    if (interop_calendar_apply(&im, in->dry_run) != 0 ||
        interop_baseline_keep(&im, &loaded, in->dry_run) != 0)
        goto fail;
    out.items = (uint32_t)plan.n_tasks;
    out.dependencies = loaded.dependencies_added;
    out.n_refs = loaded.n_refs;
    out.refs = loaded.refs;
    out.n_task_uids = loaded.n_refs;
    out.task_uids =
        arena_alloc(call->arena, (loaded.n_refs + 1) * sizeof(int64_t));
    for (size_t i = 0; i < loaded.n_refs; i++)
        out.task_uids[i] = plan.tasks[i].uid;
    done(&out, data);
    return;
fail:
    done(NULL, data);
}
