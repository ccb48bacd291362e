/*
 * tests/integration/test_summary_links.c - a plan no single write can
 * break: dependencies between a summary and its own items, cycles that
 * close only once summary links bind their tasks (added, loaded, or made
 * by moving an item), re-parenting across teams, estimates and dates past
 * the scheduler's bounds; and stored rows that break those rules anyway
 * (written straight in SQL), which every schedule view must still
 * answer, leaving them out with a warning naming refs, never the
 * engine's indexes.
 */
#include "it_work.h"
#include "pmo/v1/schedule.pb-c.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROGRAM "SUMLNK"

static it_work fx;

static int group_setup(void **state)
{
    it_work_setup(&fx, PROGRAM);
    return 0;
}

static int group_teardown(void **state)
{
    it_work_teardown(&fx);
    return 0;
}

static Pmo__V1__WorkItem *task(const char *title, const char *parent)
{
    return it_work_task(fx.mgr, PROGRAM, "web", title, parent);
}

static void assert_absent(const char *haystack, const char *needle)
{
    if (strstr(haystack, needle))
        fail_msg("\"%s\" should not appear in \"%s\"", needle, haystack);
}

static void sql_run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void sql_run(const char *fmt, ...)
{
    char sql[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof(sql), fmt, ap);
    va_end(ap);
    it_sql(NULL, 0, sql);
}

static int64_t deps_count(void)
{
    return it_work_sql_int(
        "SELECT count(*) FROM dependencies WHERE program_id = %lld",
        (long long)fx.program_id);
}

/* Moves ref under parent ("" for the top) as c. */
static int move(pmo_client *c, const char *ref, const char *parent,
                pmo_result *res)
{
    Pmo__V1__WorkItem *cur = NULL;
    it_assert_code(it_work_get(fx.mgr, ref, &cur, res), res, PMO_OK);
    Pmo__V1__WorkItem change = PMO__V1__WORK_ITEM__INIT;
    change.parent = (char *)parent;
    const char *mask[] = {"parent", NULL};
    int code = it_work_update(c, ref, cur->version, &change, mask, NULL, res);
    it_work_free(cur);
    return code;
}

/* ------------------------------------------------- summary and its items */

static void test_summary_and_its_own_items_are_refused(void **state)
{
    Pmo__V1__WorkItem *phase = task("Phase", "");
    Pmo__V1__WorkItem *sub = task("Sub-phase", phase->ref);
    Pmo__V1__WorkItem *a = task("Task a", sub->ref);
    Pmo__V1__WorkItem *b = task("Task b", sub->ref);
    int64_t before = deps_count();
    const struct {
        const char *pred, *succ, *item, *summary;
    } cases[] = {
        {phase->ref, a->ref, a->ref, phase->ref},
        {a->ref, phase->ref, a->ref, phase->ref},
        {sub->ref, b->ref, b->ref, sub->ref},
        {phase->ref, sub->ref, sub->ref, phase->ref},
        {b->ref, sub->ref, b->ref, sub->ref},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        pmo_result res;
        it_assert_code(it_work_add_dep(fx.mgr, cases[i].pred, cases[i].succ, 0,
                                       0, NULL, &res),
                       &res, PMO_FAILED_PRECONDITION);
        char want[160];
        snprintf(want, sizeof(want), "%s -> %s links %s to its own summary %s",
                 cases[i].pred, cases[i].succ, cases[i].item, cases[i].summary);
        it_assert_contains(res.message, want);
        it_assert_contains(res.message, "a summary's dates span its items");
    }
    assert_int_equal(deps_count(), before);
    /* Siblings and cousins are fine. */
    pmo_result res;
    it_assert_code(it_work_add_dep(fx.mgr, a->ref, b->ref, 0, 0, NULL, &res),
                   &res, PMO_OK);
    it_work_free(phase);
    it_work_free(sub);
    it_work_free(a);
    it_work_free(b);
}

static void test_cycle_through_a_summary_is_refused(void **state)
{
    Pmo__V1__WorkItem *phase = task("Loop phase", "");
    Pmo__V1__WorkItem *a = task("Loop a", phase->ref);
    Pmo__V1__WorkItem *b = task("Loop b", phase->ref);
    Pmo__V1__WorkItem *after = task("After the phase", "");
    pmo_result res;
    it_assert_code(
        it_work_add_dep(fx.mgr, phase->ref, after->ref, 0, 0, NULL, &res), &res,
        PMO_OK);
    /* b waits on after, which waits on every task of the phase: on b. */
    it_assert_code(
        it_work_add_dep(fx.mgr, after->ref, b->ref, 0, 0, NULL, &res), &res,
        PMO_FAILED_PRECONDITION);
    char want[160];
    snprintf(want, sizeof(want),
             "would create a cycle: %s -> %s is in %s -> %s", after->ref,
             b->ref, phase->ref, after->ref);
    it_assert_contains(res.message, want);
    it_assert_contains(res.message, "binds each of its tasks");
    /* Only one phase's tasks are bound: a link out of a task is fine. */
    Pmo__V1__WorkItem *other = task("Other way", "");
    it_assert_code(
        it_work_add_dep(fx.mgr, a->ref, other->ref, 0, 0, NULL, &res), &res,
        PMO_OK);
    it_assert_code(
        it_work_add_dep(fx.mgr, other->ref, b->ref, 0, 0, NULL, &res), &res,
        PMO_OK);
    it_work_free(phase);
    it_work_free(a);
    it_work_free(b);
    it_work_free(after);
    it_work_free(other);
}

/* -------------------------------------------------------------- moves */

static void test_move_that_closes_a_cycle_is_refused(void **state)
{
    /* p -> x -> c: once c is under p, p's link binds c: c -> x -> c. */
    Pmo__V1__WorkItem *p = task("Becomes a summary", "");
    Pmo__V1__WorkItem *x = task("Between", "");
    Pmo__V1__WorkItem *c = task("Moved", "");
    pmo_result res;
    it_assert_code(it_work_add_dep(fx.mgr, p->ref, x->ref, 0, 0, NULL, &res),
                   &res, PMO_OK);
    it_assert_code(it_work_add_dep(fx.mgr, x->ref, c->ref, 0, 0, NULL, &res),
                   &res, PMO_OK);
    it_assert_code(move(fx.mgr, c->ref, p->ref, &res), &res,
                   PMO_FAILED_PRECONDITION);
    char want[160];
    snprintf(want, sizeof(want), "moving %s under %s would create a cycle",
             c->ref, p->ref);
    it_assert_contains(res.message, want);
    it_assert_contains(res.message, x->ref);
    assert_int_equal(it_work_sql_int("SELECT count(*) FROM work_items"
                                     " WHERE parent_id IS NOT NULL"
                                     "   AND title = 'Moved'"),
                     0);
    /* A move that makes a link join an item to its own summary. */
    Pmo__V1__WorkItem *q = task("Lineage parent", "");
    Pmo__V1__WorkItem *d = task("Lineage child", "");
    it_assert_code(it_work_add_dep(fx.mgr, d->ref, q->ref, 0, 0, NULL, &res),
                   &res, PMO_OK);
    it_assert_code(move(fx.mgr, d->ref, q->ref, &res), &res,
                   PMO_FAILED_PRECONDITION);
    snprintf(want, sizeof(want), "%s -> %s links %s to its own summary %s",
             d->ref, q->ref, d->ref, q->ref);
    it_assert_contains(res.message, want);
    /* A harmless move still works. */
    it_assert_code(move(fx.mgr, d->ref, x->ref, &res), &res, PMO_OK);
    it_work_free(p);
    it_work_free(x);
    it_work_free(c);
    it_work_free(q);
    it_work_free(d);
}

static void test_contributors_place_items_only_in_their_teams(void **state)
{
    /* con is on web-team only; api belongs to api-team. */
    Pmo__V1__WorkItem *theirs =
        it_work_task(fx.mgr, PROGRAM, "api", "API phase", "");
    Pmo__V1__WorkItem *ours = it_work_task(fx.con, PROGRAM, "web", "Mine", "");
    Pmo__V1__WorkItem *home =
        it_work_task(fx.mgr, PROGRAM, "web", "Web phase", "");
    pmo_result res;
    it_assert_code(move(fx.con, ours->ref, theirs->ref, &res), &res,
                   PMO_PERMISSION_DENIED);
    it_assert_contains(res.message, theirs->ref);
    it_assert_contains(res.message, "another team's project");
    Pmo__V1__WorkItem item = PMO__V1__WORK_ITEM__INIT;
    item.program = PROGRAM;
    item.project = "web";
    item.title = "Created under theirs";
    item.parent = theirs->ref;
    it_assert_code(it_work_create(fx.con, &item, NULL, &res), &res,
                   PMO_PERMISSION_DENIED);
    assert_int_equal(it_work_sql_int("SELECT count(*) FROM work_items"
                                     " WHERE parent_id = %lld",
                                     (long long)theirs->id),
                     0);
    /* Under an item of their own team's project, and for a manager. */
    it_assert_code(move(fx.con, ours->ref, home->ref, &res), &res, PMO_OK);
    it_assert_code(move(fx.mgr, ours->ref, theirs->ref, &res), &res, PMO_OK);
    it_work_free(theirs);
    it_work_free(ours);
    it_work_free(home);
}

/* ------------------------------------------------------------- bounds */

static void test_estimates_and_dates_within_the_scheduler(void **state)
{
    const struct {
        double o, l, p;
        const char *start, *field;
    } cases[] = {
        {0, 1e9, 1e9, "", "item.likely_days"},
        {0, 1, 100000.5, "", "item.pessimistic_days"},
        {1e6, 1e6, 1e6, "", "item.optimistic_days"},
        {0, 1, 2, "2400-01-03", "item.planned_start"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        Pmo__V1__WorkItem item = PMO__V1__WORK_ITEM__INIT;
        item.program = PROGRAM;
        item.project = "web";
        item.title = "Too big";
        item.optimistic_days = cases[i].o;
        item.likely_days = cases[i].l;
        item.pessimistic_days = cases[i].p;
        item.planned_start = (char *)cases[i].start;
        pmo_result res;
        it_assert_code(it_work_create(fx.mgr, &item, NULL, &res), &res,
                       PMO_INVALID_ARGUMENT);
        it_assert_violation(&res, cases[i].field);
    }
    assert_int_equal(
        it_work_sql_int("SELECT count(*) FROM work_items WHERE title = 'Too "
                        "big'"),
        0);
    /* The bound itself is fine; an update past it is not. */
    Pmo__V1__WorkItem item = PMO__V1__WORK_ITEM__INIT;
    item.program = PROGRAM;
    item.project = "web";
    item.title = "Just fits";
    item.pessimistic_days = 100000;
    Pmo__V1__WorkItem *made = NULL;
    pmo_result res;
    it_assert_code(it_work_create(fx.mgr, &item, &made, &res), &res, PMO_OK);
    Pmo__V1__WorkItem change = PMO__V1__WORK_ITEM__INIT;
    change.likely_days = 1e9;
    const char *mask[] = {"likely_days", NULL};
    it_assert_code(it_work_update(fx.mgr, made->ref, made->version, &change,
                                  mask, NULL, &res),
                   &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "item.likely_days");
    it_work_free(made);
}

/* ---------------------------------------------------------- LoadPlan */

static Pmo__V1__PlanItem *plan_item(const char *key, const char *title,
                                    const char *parent)
{
    Pmo__V1__PlanItem *pi = calloc(1, sizeof(*pi));
    Pmo__V1__WorkItem *it = calloc(1, sizeof(*it));
    pmo__v1__plan_item__init(pi);
    pmo__v1__work_item__init(it);
    pi->key = (char *)key;
    it->project = "web";
    it->title = (char *)title;
    it->parent = (char *)parent;
    pi->item = it;
    return pi;
}

static Pmo__V1__PlanDependency *plan_dep(const char *pred, const char *succ)
{
    Pmo__V1__PlanDependency *d = calloc(1, sizeof(*d));
    pmo__v1__plan_dependency__init(d);
    d->predecessor = (char *)pred;
    d->successor = (char *)succ;
    return d;
}

static int load(Pmo__V1__PlanItem **items, size_t n_items,
                Pmo__V1__PlanDependency **deps, size_t n_deps, pmo_result *res)
{
    Pmo__V1__LoadPlanRequest in = PMO__V1__LOAD_PLAN_REQUEST__INIT;
    in.program = PROGRAM;
    in.items = items;
    in.n_items = n_items;
    in.dependencies = deps;
    in.n_dependencies = n_deps;
    int code = it_call(fx.mgr, &pmo__v1__work_service__descriptor, "LoadPlan",
                       &in.base, res);
    for (size_t i = 0; i < n_items; i++) {
        free(items[i]->item);
        free(items[i]);
    }
    for (size_t j = 0; j < n_deps; j++)
        free(deps[j]);
    return code;
}

static void test_load_plan_checks_summaries(void **state)
{
    pmo_result res;
    int64_t before = deps_count();
    /* A new summary and its own new task. */
    Pmo__V1__PlanItem *items1[] = {plan_item("ph", "Loaded phase", ""),
                                   plan_item("t1", "Loaded task", "ph")};
    Pmo__V1__PlanDependency *deps1[] = {plan_dep("t1", "ph")};
    it_assert_code(load(items1, 2, deps1, 1, &res), &res,
                   PMO_FAILED_PRECONDITION);
    it_assert_contains(res.message,
                       "dependencies[0]: t1 -> ph links t1 to its own summary "
                       "ph");
    /* New tasks under two stored items whose link binds them both ways. */
    Pmo__V1__WorkItem *s = task("Stored phase", "");
    Pmo__V1__WorkItem *u = task("Stored other phase", "");
    it_assert_code(it_work_add_dep(fx.mgr, u->ref, s->ref, 0, 0, NULL, &res),
                   &res, PMO_OK);
    Pmo__V1__PlanItem *items2[] = {plan_item("in-s", "Under s", s->ref),
                                   plan_item("in-u", "Under u", u->ref)};
    Pmo__V1__PlanDependency *deps2[] = {plan_dep("in-s", "in-u")};
    it_assert_code(load(items2, 2, deps2, 1, &res), &res,
                   PMO_FAILED_PRECONDITION);
    it_assert_contains(res.message, "would create a cycle");
    it_assert_contains(res.message, "in-s -> in-u is in");
    /* Two stored items, through a stored summary. */
    Pmo__V1__WorkItem *a = task("Stored task", s->ref);
    Pmo__V1__WorkItem *v = task("Stored task of u", u->ref);
    Pmo__V1__PlanDependency *deps3[] = {plan_dep(a->ref, v->ref)};
    it_assert_code(load(NULL, 0, deps3, 1, &res), &res,
                   PMO_FAILED_PRECONDITION);
    it_assert_contains(res.message, "would create a cycle");
    /* Both stored, a summary and its own task. */
    Pmo__V1__PlanDependency *deps4[] = {plan_dep(s->ref, a->ref)};
    it_assert_code(load(NULL, 0, deps4, 1, &res), &res,
                   PMO_FAILED_PRECONDITION);
    it_assert_contains(res.message, "its own summary");
    assert_int_equal(deps_count(), before + 1);
    assert_int_equal(it_work_sql_int("SELECT count(*) FROM work_items"
                                     " WHERE title LIKE 'Loaded %%'"
                                     "    OR title LIKE 'Under %%'"),
                     0);
    /* The same plan without the loop loads. */
    Pmo__V1__PlanItem *items5[] = {plan_item("in-s", "Under s", s->ref),
                                   plan_item("in-u", "Under u", u->ref)};
    Pmo__V1__PlanDependency *deps5[] = {plan_dep("in-u", "in-s")};
    it_assert_code(load(items5, 2, deps5, 1, &res), &res, PMO_OK);
    it_work_free(s);
    it_work_free(u);
    it_work_free(a);
    it_work_free(v);
}

/* ------------------------------------------ stored rows the views survive */

/* A schedule method's reply warnings, which must name every needle. */
static void view_answers(pmo_client *c, const char *method,
                         const ProtobufCMessage *in, const char *const *needles)
{
    ProtobufCMessage *out = NULL;
    pmo_result res;
    int code = pmo_call(c, &pmo__v1__schedule_service__descriptor, method, in,
                        &out, &res);
    if (code != PMO_OK)
        fail_msg("%s: %s: %s", method, pmo_status_name(code), res.message);
    const ProtobufCFieldDescriptor *f =
        protobuf_c_message_descriptor_get_field_by_name(out->descriptor,
                                                        "warnings");
    assert_non_null(f);
    size_t n = *(const size_t *)((const char *)out + f->quantifier_offset);
    char *const *w = *(char *const *const *)((const char *)out + f->offset);
    char all[4096] = "";
    for (size_t i = 0; i < n; i++) {
        size_t used = strlen(all);
        snprintf(all + used, sizeof(all) - used, "%s\n", w[i]);
    }
    for (const char *const *p = needles; *p; p++)
        if (!strstr(all, *p))
            fail_msg("%s: the warnings do not name \"%s\":\n%s", method, *p,
                     all);
    assert_absent(all, "item ");
    protobuf_c_message_free_unpacked(out, NULL);
}

static void test_views_answer_despite_stored_bad_links(void **state)
{
    /* A phase and a task of it linked in SQL: its expansion loops. */
    Pmo__V1__WorkItem *ph = task("Broken phase", "");
    Pmo__V1__WorkItem *a = task("Broken a", ph->ref);
    Pmo__V1__WorkItem *b = task("Broken b", ph->ref);
    Pmo__V1__WorkItem *x = task("Loop x", "");
    Pmo__V1__WorkItem *y = task("Loop y", "");
    pmo_result res;
    it_assert_code(it_work_add_dep(fx.mgr, a->ref, b->ref, 0, 0, NULL, &res),
                   &res, PMO_OK);
    it_assert_code(it_work_add_dep(fx.mgr, x->ref, y->ref, 0, 0, NULL, &res),
                   &res, PMO_OK);
    sql_run(
        "INSERT INTO dependencies (program_id, predecessor_id, successor_id)"
        " VALUES (%lld, %lld, %lld), (%lld, %lld, %lld)",
        (long long)fx.program_id, (long long)b->id, (long long)ph->id,
        (long long)fx.program_id, (long long)y->id, (long long)x->id);
    char lineage[96], loop[96];
    snprintf(lineage, sizeof(lineage), "%s -> %s is left out of the schedule",
             b->ref, ph->ref);
    snprintf(loop, sizeof(loop), "closes the cycle");
    const char *needles[] = {lineage, loop, x->ref, y->ref, NULL};

    Pmo__V1__ScheduleRequest sr = PMO__V1__SCHEDULE_REQUEST__INIT;
    sr.program = PROGRAM;
    view_answers(fx.view, "ComputeSchedule", &sr.base, needles);
    view_answers(fx.view, "CriticalPath", &sr.base, needles);
    Pmo__V1__CheckScheduleRequest cr = PMO__V1__CHECK_SCHEDULE_REQUEST__INIT;
    cr.program = PROGRAM;
    view_answers(fx.view, "CheckSchedule", &cr.base, needles);
    Pmo__V1__ForecastRequest fr = PMO__V1__FORECAST_REQUEST__INIT;
    fr.program = PROGRAM;
    fr.iterations = 200;
    view_answers(fx.view, "Forecast", &fr.base, needles);
    Pmo__V1__ResourceLoadRequest lr = PMO__V1__RESOURCE_LOAD_REQUEST__INIT;
    lr.program = PROGRAM;
    view_answers(fx.view, "ResourceLoad", &lr.base, needles);
    Pmo__V1__LevelRequest vr = PMO__V1__LEVEL_REQUEST__INIT;
    vr.program = PROGRAM;
    vr.max_schedules = 5;
    view_answers(fx.view, "Level", &vr.base, needles);
    Pmo__V1__CreateBaselineRequest br = PMO__V1__CREATE_BASELINE_REQUEST__INIT;
    br.program = PROGRAM;
    br.name = "despite";
    view_answers(fx.mgr, "CreateBaseline", &br.base, needles);
    Pmo__V1__CompareBaselineRequest pr =
        PMO__V1__COMPARE_BASELINE_REQUEST__INIT;
    pr.program = PROGRAM;
    view_answers(fx.view, "CompareBaseline", &pr.base, needles);
    Pmo__V1__WhatIfChange slip = PMO__V1__WHAT_IF_CHANGE__INIT;
    slip.kind = PMO__V1__CHANGE_KIND__CHANGE_SLIP;
    slip.item = a->ref;
    slip.days = 2;
    Pmo__V1__WhatIfChange *changes[] = {&slip};
    Pmo__V1__WhatIfRequest wr = PMO__V1__WHAT_IF_REQUEST__INIT;
    wr.program = PROGRAM;
    wr.changes = changes;
    wr.n_changes = 1;
    view_answers(fx.view, "WhatIf", &wr.base, needles);

    /* A stored estimate and planned start past the bounds: left out. */
    sql_run("UPDATE work_items SET likely_days = 1e9, pessimistic_days = 1e9,"
            " planned_start = '2600-01-05' WHERE id = %lld",
            (long long)a->id);
    char estimate[96], start[96];
    snprintf(estimate, sizeof(estimate), "%s is scheduled as 0 days", a->ref);
    snprintf(start, sizeof(start), "%s is scheduled without its planned start",
             a->ref);
    const char *item_needles[] = {estimate, start, lineage, loop, NULL};
    view_answers(fx.view, "ComputeSchedule", &sr.base, item_needles);
    view_answers(fx.view, "Forecast", &fr.base, item_needles);
    view_answers(fx.view, "Level", &vr.base, item_needles);
    sql_run("UPDATE work_items SET likely_days = 1, pessimistic_days = 1,"
            " planned_start = NULL WHERE id = %lld",
            (long long)a->id);
    it_work_free(ph);
    it_work_free(a);
    it_work_free(b);
    it_work_free(x);
    it_work_free(y);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_summary_and_its_own_items_are_refused),
        cmocka_unit_test(test_cycle_through_a_summary_is_refused),
        cmocka_unit_test(test_move_that_closes_a_cycle_is_refused),
        cmocka_unit_test(test_contributors_place_items_only_in_their_teams),
        cmocka_unit_test(test_estimates_and_dates_within_the_scheduler),
        cmocka_unit_test(test_load_plan_checks_summaries),
        /* Last: it leaves rows the writes would have refused. */
        cmocka_unit_test(test_views_answer_despite_stored_bad_links),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
