/*
 * server/api/schedule_resources.c - ResourceLoad and Level: the work each
 * person carries per week, and a schedule in which nobody carries more
 * than one thing at a time.
 *
 * People are those assigned to the plan's items, each for their units
 * (model/assignments.h), working their capacity (model/resources.h) on
 * the program's working days less their own days off (model/days_off.h,
 * sched/days_off.h), which count here and not in the CPM dates
 * (sched/load.h, sched/level_plan.h). Levelling is computed, not saved,
 * unless ApplyLevel writes its starts (schedule_level_apply.c).
 */
#include "api/schedule_common.h"
#include "api/schedule_handlers.h"
#include "api/validate.h"
#include "common/daynum.h"
#include "model/assignments.h"
#include "model/baselines.h"
#include "model/level_apply.h"
#include "model/days_off.h"
#include "model/resources.h"
#include "sched/days_off.h"
#include "sched/level_plan.h"
#include "sched/load.h"

#include <stdlib.h>
#include <string.h>

#define LEVEL_SCHEDULES_MAX 20000
/* Schedules times (items + links) one call may generate: a few seconds. */
#define LEVEL_BUDGET 100000000ULL

/*
 * The people of a plan: everyone assigned to one of its items (an item
 * with no assignment rows counts its assignee at 1.0, model/assignments.h),
 * by name; each item's assignments as rows; their capacities.
 */
typedef struct people {
    int n;
    const char **name;     /* by person */
    int *of_item;          /* by entry: the person levelling gives it, or -1 */
    int32_t *assign_first; /* by entry, n_items + 1: its rows of ... */
    int *assign_person;    /* ... person and */
    int *assign_units;     /* ... units (hundredths) */
    int *capacity;         /* by person: units (hundredths) */
    sched_days_off off;    /* by person; people_fini frees it */
} people;

static int people_by_name(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void people_fini(people *p)
{
    sched_days_off_fini(&p->off);
}

/* The people's days off on the plan's calendar, and their capacities. */
static int people_days_off(rpc_call *call, const schedule_ctx *ctx, people *p)
{
    int32_t *first;
    int *days;
    if (days_off_of_users(call, p->name, (size_t)p->n, &first, &days) != 0 ||
        resources_capacities(call, p->name, (size_t)p->n, &p->capacity) != 0)
        return -1;
    if (sched_days_off_build(&p->off, ctx->cal, p->n, first, days) !=
        SCHED_OK) {
        rpc_fail(call, PMO_INTERNAL, "cannot lay out the days off");
        return -1;
    }
    return 0;
}

/* The distinct names of rows, sorted, into p. */
static void people_names(rpc_call *call, const assignment_row *rows, size_t n,
                         people *p)
{
    const char **names = arena_alloc(call->arena, (n ? n : 1) * sizeof(char *));
    for (size_t k = 0; k < n; k++)
        names[k] = rows[k].user;
    qsort(names, n, sizeof(char *), people_by_name);
    int distinct = 0;
    for (size_t k = 0; k < n; k++)
        if (distinct == 0 || strcmp(names[distinct - 1], names[k]) != 0)
            names[distinct++] = names[k];
    p->n = distinct;
    p->name = names;
}

static int people_index(const people *p, const char *name)
{
    const char **hit =
        bsearch(&name, p->name, (size_t)p->n, sizeof(char *), people_by_name);
    return hit ? (int)(hit - p->name) : -1;
}

/*
 * Finds the people of ctx's plan, their assignments and days off;
 * people_fini after. Levelling keeps a person to one item at a time and
 * gives each item one person: its assignee when they are among its
 * assignments, else the one with the most units (first by name).
 */
static int people_find(rpc_call *call, const schedule_ctx *ctx, people *p)
{
    const plan_snapshot *s = ctx->snap;
    assignment_row *rows;
    size_t n_rows;
    sched_days_off_init(&p->off);
    if (assignments_of_program(call, &ctx->prog, &rows, &n_rows) != 0)
        return -1;
    people_names(call, rows, n_rows, p);
    size_t items = (size_t)s->n_items;
    p->of_item = arena_alloc(call->arena, (items ? items : 1) * sizeof(int));
    p->assign_first = arena_alloc(call->arena, (items + 1) * sizeof(int32_t));
    p->assign_person =
        arena_alloc(call->arena, (n_rows ? n_rows : 1) * sizeof(int));
    p->assign_units =
        arena_alloc(call->arena, (n_rows ? n_rows : 1) * sizeof(int));
    /* Rows come by item number, as the entries are. */
    size_t r = 0;
    int32_t at = 0;
    for (size_t i = 0; i < items; i++) {
        const plan_entry *e = &s->items[i];
        p->assign_first[i] = at;
        p->of_item[i] = -1;
        int best = 0;
        bool best_is_assignee = false;
        while (r < n_rows && rows[r].number < e->number)
            r++;
        for (; r < n_rows && rows[r].number == e->number; r++) {
            int who = people_index(p, rows[r].user);
            bool is_assignee = strcmp(rows[r].user, e->assignee) == 0;
            p->assign_person[at] = who;
            p->assign_units[at++] = rows[r].units;
            if (!best_is_assignee && (is_assignee || rows[r].units > best)) {
                p->of_item[i] = who;
                best = rows[r].units;
                best_is_assignee = is_assignee;
            }
        }
    }
    p->assign_first[items] = at;
    return 0;
}

/* ------------------------------------------------------------ levelling */

/* A levelled schedule of the context's prepared plan and CPM run. */
typedef struct levelled {
    level_plan_result res;
} levelled;

static void levelled_fini(levelled *l)
{
    level_plan_result_fini(&l->res);
}

static int level_run(rpc_call *call, const schedule_ctx *ctx, const people *p,
                     long schedules, uint64_t seed, levelled *l)
{
    level_plan_result_init(&l->res);
    level_plan_options o;
    level_plan_options_init(&o);
    o.max_schedules = schedules;
    o.seed = seed;
    o.deadline_us = call->deadline_us;
    o.off = &p->off;
    sched_error err;
    if (level_plan_solve(&ctx->net, &ctx->run, p->of_item, p->n, &o, &l->res,
                         &err) != SCHED_OK) {
        schedule_plan_fail(call, ctx->snap, &ctx->plan, &err);
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------------ load */

/* The load of start/finish ticks (the CPM's when levelled is NULL). */
static int load_compute(rpc_call *call, const schedule_ctx *ctx,
                        const people *p, const levelled *lv, sched_load *load)
{
    sched_load_spec spec = {
        .cal = ctx->cal,
        .n_items = ctx->snap->n_items,
        .start = lv ? lv->res.start : ctx->res.early_start,
        .finish = lv ? lv->res.finish : ctx->res.early_finish,
        .items = ctx->plan.items,
        .person = p->of_item,
        .n_persons = p->n,
        .assign_first = p->assign_first,
        .assign_person = p->assign_person,
        .assign_units = p->assign_units,
        .capacity_units = p->capacity,
        .first_monday = SCHED_NO_DAY,
        .off = &p->off,
    };
    sched_error err;
    if (sched_load_compute(load, &spec, &err) != SCHED_OK) {
        rpc_fail(call, PMO_FAILED_PRECONDITION, "cannot compute the load: %s",
                 schedule_plan_error_text(call, ctx->snap, &ctx->plan, &err));
        sched_error_fini(&err);
        return -1;
    }
    return 0;
}

static int load_over(const sched_load *l)
{
    int over = 0;
    for (int k = 0; k < l->n_persons; k++)
        over += l->weeks_over[k];
    return over;
}

static double load_unassigned(const schedule_ctx *ctx, const people *p)
{
    sched_tick ticks = 0;
    for (int i = 0; i < ctx->snap->n_items; i++)
        if (p->of_item[i] < 0 && ctx->snap->items[i].children == 0 &&
            ctx->snap->items[i].actual_finish == PLAN_NO_DAY)
            ticks += ctx->res.early_finish[i] - ctx->res.early_start[i];
    return schedule_days(ticks);
}

static void load_answer(rpc_call *call, const schedule_ctx *ctx,
                        const people *p, const sched_load *l,
                        Pmo__V1__ResourceLoadResponse *out)
{
    size_t weeks = (size_t)l->n_weeks;
    out->program = (char *)ctx->snap->key;
    out->n_weeks = out->n_capacity_days = weeks;
    out->weeks = arena_alloc(call->arena, (weeks ? weeks : 1) * sizeof(char *));
    out->capacity_days =
        arena_alloc(call->arena, (weeks ? weeks : 1) * sizeof(double));
    for (size_t w = 0; w < weeks; w++) {
        out->weeks[w] = schedule_date(call, l->first_monday + 7 * (int)w);
        out->capacity_days[w] = l->capacity[w];
    }
    out->n_people = (size_t)p->n;
    out->people = arena_alloc(call->arena,
                              (size_t)(p->n ? p->n : 1) * sizeof(*out->people));
    for (int k = 0; k < p->n; k++) {
        Pmo__V1__PersonLoad *m = arena_alloc(call->arena, sizeof *m);
        pmo__v1__person_load__init(m);
        m->person = (char *)p->name[k];
        m->n_days = weeks;
        m->days = &l->load[(size_t)k * weeks];
        m->weeks_over = (uint32_t)l->weeks_over[k];
        m->peak_days = l->peak[k];
        m->n_capacity_days = m->n_days_off_booked = m->n_over = weeks;
        m->capacity_days = &l->cap[(size_t)k * weeks];
        m->days_off_booked = &l->off_days[(size_t)k * weeks];
        m->over = arena_alloc(call->arena, (weeks ? weeks : 1) * sizeof(int));
        for (size_t w = 0; w < weeks; w++)
            m->over[w] = l->over[(size_t)k * weeks + w];
        out->people[k] = m;
    }
    out->over_allocations = (uint32_t)load_over(l);
    out->unassigned_days = load_unassigned(ctx, p);
}

void schedule_resource_load(schedule_svc *svc,
                            const Pmo__V1__ResourceLoadRequest *in,
                            Pmo__V1__ResourceLoadResponse_Closure done,
                            void *data)
{
    (void)svc;
    rpc_call *call = data;
    schedule_ctx ctx = {0};
    Pmo__V1__ResourceLoadResponse out = PMO__V1__RESOURCE_LOAD_RESPONSE__INIT;
    levelled lv;
    bool have_lv = false;
    sched_load load;
    sched_load_init(&load);
    people p;
    bool ok = schedule_open(call, in->program, in->status_date, ACCESS_VIEWER,
                            &ctx) == 0;
    sched_days_off_init(&p.off);
    ok = ok && people_find(call, &ctx, &p) == 0 &&
         people_days_off(call, &ctx, &p) == 0;
    if (ok) {
        have_lv = in->levelled;
        uint32_t schedules = LEVEL_PLAN_DEFAULT_SCHEDULES;
        ok = !in->levelled ||
             (schedule_repeats(call, &ctx, "levelled", 0,
                               LEVEL_PLAN_DEFAULT_SCHEDULES, LEVEL_BUDGET,
                               &schedules) &&
              level_run(call, &ctx, &p, schedules, 1, &lv) == 0);
    }
    ok = ok && load_compute(call, &ctx, &p, in->levelled ? &lv : NULL,
                            &load) == 0;
    /* The reply points into load: it is packed before load is freed. */
    if (ok) {
        load_answer(call, &ctx, &p, &load, &out);
        schedule_warnings(&ctx, &out.warnings, &out.n_warnings);
    }
    done(ok ? &out : NULL, data);
    sched_load_fini(&load);
    if (have_lv)
        levelled_fini(&lv);
    people_fini(&p);
    schedule_close(&ctx);
}

/* ----------------------------------------------------------------- level */

static int level_by_start(const void *a, const void *b)
{
    const Pmo__V1__LevelledItem *x = *(Pmo__V1__LevelledItem *const *)a;
    const Pmo__V1__LevelledItem *y = *(Pmo__V1__LevelledItem *const *)b;
    int c = strcmp(x->start_after, y->start_after);
    return c ? c : strcmp(x->ref, y->ref);
}

static void level_answer(rpc_call *call, const schedule_ctx *ctx,
                         const levelled *lv, Pmo__V1__LevelResponse *out)
{
    const level_plan_result *r = &lv->res;
    out->program = (char *)ctx->snap->key;
    out->finish_before = schedule_date(call, ctx->res.finish_day);
    out->finish_after = schedule_date(call, r->finish_day);
    out->finish_slip_days = schedule_days(r->finish_all - r->cpm_finish);
    out->schedules = (uint32_t)r->schedules;
    out->rule = (char *)level_rule_name(r->rule);
    int n = ctx->snap->n_items;
    out->delayed = arena_alloc(call->arena,
                               (size_t)(n ? n : 1) * sizeof(*out->delayed));
    for (int i = 0; i < n; i++) {
        const plan_entry *e = &ctx->snap->items[i];
        if (e->children > 0 || r->delay[i] <= 0)
            continue;
        Pmo__V1__LevelledItem *m = arena_alloc(call->arena, sizeof *m);
        pmo__v1__levelled_item__init(m);
        m->ref = plan_snapshot_ref(call, ctx->snap, i);
        m->title = (char *)e->title;
        m->assignee = (char *)e->assignee;
        int start_day, finish_day;
        sched_net_days(&ctx->net, i, r->start[i], r->finish[i], &start_day,
                       &finish_day);
        m->start_before = schedule_date(call, ctx->res.early_start_day[i]);
        m->start_after = schedule_date(call, start_day);
        m->finish_after = schedule_date(call, finish_day);
        m->delay_days = schedule_days(r->delay[i]);
        out->delayed[out->n_delayed++] = m;
    }
    qsort(out->delayed, out->n_delayed, sizeof(*out->delayed), level_by_start);
}

/* Person-weeks over capacity before and after levelling. */
static int level_overloads(rpc_call *call, const schedule_ctx *ctx,
                           const people *p, const levelled *lv,
                           Pmo__V1__LevelResponse *out)
{
    sched_load before, after;
    sched_load_init(&before);
    sched_load_init(&after);
    int rc = load_compute(call, ctx, p, NULL, &before) == 0 &&
                     load_compute(call, ctx, p, lv, &after) == 0
                 ? 0
                 : -1;
    out->over_allocations_before = (uint32_t)load_over(&before);
    out->over_allocations_after = (uint32_t)load_over(&after);
    sched_load_fini(&before);
    sched_load_fini(&after);
    return rc;
}

static bool level_schedules_ok(rpc_call *call, uint32_t max_schedules)
{
    if (max_schedules <= LEVEL_SCHEDULES_MAX)
        return true;
    rpc_violation(call, "max_schedules", "must be 0 (the default, %d) to %d",
                  LEVEL_PLAN_DEFAULT_SCHEDULES, LEVEL_SCHEDULES_MAX);
    return false;
}

/*
 * Levels ctx's plan (schedule_load done) and fills out as Level answers;
 * lv is filled (levelled_fini after) when *have_lv.
 */
static int level_compute(rpc_call *call, schedule_ctx *ctx, people *p,
                         uint32_t max_schedules, uint64_t seed, levelled *lv,
                         bool *have_lv, Pmo__V1__LevelResponse *out)
{
    uint32_t schedules;
    *have_lv = false;
    if (!schedule_repeats(call, ctx, "max_schedules", max_schedules,
                          LEVEL_PLAN_DEFAULT_SCHEDULES, LEVEL_BUDGET,
                          &schedules) ||
        people_find(call, ctx, p) != 0 || people_days_off(call, ctx, p) != 0)
        return -1;
    *have_lv = true;
    if (level_run(call, ctx, p, schedules, seed ? seed : 1, lv) != 0 ||
        level_overloads(call, ctx, p, lv, out) != 0)
        return -1;
    level_answer(call, ctx, lv, out);
    out->plan_version = ctx->snap->version;
    schedule_warnings(ctx, &out->warnings, &out->n_warnings);
    return 0;
}

void schedule_level(schedule_svc *svc, const Pmo__V1__LevelRequest *in,
                    Pmo__V1__LevelResponse_Closure done, void *data)
{
    (void)svc;
    rpc_call *call = data;
    schedule_ctx ctx = {0};
    Pmo__V1__LevelResponse out = PMO__V1__LEVEL_RESPONSE__INIT;
    levelled lv;
    bool have_lv = false, ok;
    people p;
    ok = schedule_access(call, in->program, ACCESS_VIEWER, &ctx) == 0 &&
         level_schedules_ok(call, in->max_schedules);
    sched_days_off_init(&p.off);
    ok = ok && schedule_load(call, in->status_date, &ctx) == 0 &&
         level_compute(call, &ctx, &p, in->max_schedules, in->seed, &lv,
                       &have_lv, &out) == 0;
    done(ok ? &out : NULL, data);
    if (have_lv)
        levelled_fini(&lv);
    people_fini(&p);
    schedule_close(&ctx);
}

/* ----------------------------------------------------------- apply */

/* "before-level-YYYY-MM-DD", with "-2", "-3" ... when taken. */
static const char *level_baseline_name(rpc_call *call, const schedule_ctx *ctx)
{
    char today[DAYNUM_TEXT];
    daynum_format(daynum_today(), today);
    Pmo__V1__Baseline **have;
    size_t n = 0;
    if (baselines_list(call, &ctx->prog, &have, &n) != 0)
        return NULL;
    const char *name = arena_printf(call->arena, "before-level-%s", today);
    for (int k = 2;; k++) {
        bool taken = false;
        for (size_t i = 0; i < n && !taken; i++)
            taken = strcmp(have[i]->name, name) == 0;
        if (!taken)
            return name;
        name = arena_printf(call->arena, "before-level-%s-%d", today, k);
    }
}

/* The plan is still at the version the caller levelled; ctx's lock held. */
static bool level_version_ok(rpc_call *call, schedule_ctx *ctx,
                             int64_t expected)
{
    int64_t now;
    if (expected <= 0) {
        rpc_violation(call, "plan_version",
                      "is required: the plan_version of the levelling to "
                      "apply (pmo level shows it)");
        return false;
    }
    if (level_apply_lock(call, &ctx->prog, &now) != 0)
        return false;
    if (now != expected) {
        rpc_fail(call, PMO_ABORTED,
                 "the plan of %s changed since it was levelled (version "
                 "%lld, now %lld): level it again and apply that",
                 ctx->prog.key, (long long)expected, (long long)now);
        return false;
    }
    /* The plan is read at the version locked, not the one access saw. */
    ctx->prog.plan_version = now;
    return true;
}

/* Writes the moved leaves' levelled dates; *moved is how many. */
static int level_write(rpc_call *call, const schedule_ctx *ctx,
                       const levelled *lv, uint32_t *moved)
{
    const level_plan_result *r = &lv->res;
    size_t n = (size_t)ctx->snap->n_items, k = 0;
    int64_t *numbers = arena_alloc(call->arena, (n ? n : 1) * sizeof(int64_t));
    int *starts = arena_alloc(call->arena, (n ? n : 1) * sizeof(int));
    int *finishes = arena_alloc(call->arena, (n ? n : 1) * sizeof(int));
    for (size_t i = 0; i < n; i++) {
        const plan_entry *e = &ctx->snap->items[i];
        if (e->children > 0 || r->delay[i] <= 0)
            continue;
        numbers[k] = e->number;
        sched_net_days(&ctx->net, (int)i, r->start[i], r->finish[i],
                       &starts[k], &finishes[k]);
        k++;
    }
    *moved = (uint32_t)k;
    return k == 0 ? 0
                  : level_apply_write(call, &ctx->prog, numbers, starts,
                                      finishes, k);
}

void schedule_apply_level(schedule_svc *svc,
                          const Pmo__V1__ApplyLevelRequest *in,
                          Pmo__V1__ApplyLevelResponse_Closure done,
                          void *data)
{
    (void)svc;
    rpc_call *call = data;
    schedule_ctx ctx = {0};
    Pmo__V1__ApplyLevelResponse out = PMO__V1__APPLY_LEVEL_RESPONSE__INIT;
    Pmo__V1__LevelResponse level = PMO__V1__LEVEL_RESPONSE__INIT;
    Pmo__V1__Baseline *saved;
    levelled lv;
    bool have_lv = false;
    people p;
    sched_days_off_init(&p.off);
    const char *name = in->baseline;
    bool ok = schedule_access(call, in->program, ACCESS_MANAGER, &ctx) == 0 &&
              level_schedules_ok(call, in->max_schedules) &&
              validate_length(call, "baseline", in->baseline, 0, 64) &&
              level_version_ok(call, &ctx, in->plan_version) &&
              schedule_load(call, in->status_date, &ctx) == 0 &&
              level_compute(call, &ctx, &p, in->max_schedules, in->seed, &lv,
                            &have_lv, &level) == 0;
    if (ok && !name[0])
        ok = (name = level_baseline_name(call, &ctx)) != NULL;
    ok = ok && schedule_baseline_save(call, &ctx, name, &saved) == 0 &&
         level_write(call, &ctx, &lv, &out.moved) == 0;
    if (ok) {
        out.level = &level;
        out.baseline = saved->name;
    }
    done(ok ? &out : NULL, data);
    if (have_lv)
        levelled_fini(&lv);
    people_fini(&p);
    schedule_close(&ctx);
}
