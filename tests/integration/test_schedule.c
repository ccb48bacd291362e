/*
 * tests/integration/test_schedule.c - ScheduleService through the real
 * server on a small cross-team plan whose schedule is worked out by hand:
 * dates, floats and the critical path; what-if changes; baselines; bad
 * input named by field; and who may do what.
 *
 * The plan (program start Monday 2027-01-04, Monday to Friday, target
 * finish Friday 2027-01-15, status date the start):
 *
 *   A (web, 3d) --FS--> B (api, 2d) --FS--> M (milestone, target Jan 7)
 *   A --SS+1--> C (api, 3d) --FS--> M
 *   M --FS--> P (summary: D (web, 2d) --FS--> E (web, 1d))
 *
 * Working day 0 is Monday Jan 4. A: days 0-2 (Jan 4-6). B: 3-4 (Jan 7-8).
 * C: 1-3 (Jan 5-7). M: end of day 4 (Fri Jan 8), one day past its target.
 * D: 5-6 (Jan 11-12), E: 7 (Jan 13): the finish, two days before the
 * target. Late dates count from the target, and M's target is its
 * deadline: M must end by Jan 7, so M and what drives it, A and B, have
 * -1 day of float; C, which must end before M, 0; D and E two days. The
 * critical items (float <= 0) are A, B, M and C; the longest path is
 * A B M D E.
 */
#include "it_work.h"
#include "pmo/v1/schedule.pb-c.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROGRAM "SCHED"
#define STATUS  "2027-01-04"

static it_work fx;
static char ref_a[32], ref_b[32], ref_c[32], ref_m[32], ref_p[32], ref_d[32],
    ref_e[32];

static void set_estimate(const char *ref, double days, int kind)
{
    Pmo__V1__WorkItem *cur;
    pmo_result res;
    it_assert_code(it_work_get(fx.mgr, ref, &cur, &res), &res, PMO_OK);
    Pmo__V1__WorkItem it = PMO__V1__WORK_ITEM__INIT;
    it.kind = kind;
    it.optimistic_days = days;
    it.likely_days = days;
    it.pessimistic_days = days * 2;
    static const char *const mask[] = {"kind", "optimistic_days",
                                       "likely_days", "pessimistic_days",
                                       NULL};
    it_assert_code(it_work_update(fx.mgr, ref, cur->version, &it, mask, NULL,
                                  &res),
                   &res, PMO_OK);
    it_work_free(cur);
}

static void add_task(char *ref, const char *project, const char *title,
                     const char *parent, double days, int kind)
{
    Pmo__V1__WorkItem *it =
        it_work_task(fx.mgr, PROGRAM, project, title, parent);
    snprintf(ref, 32, "%s", it->ref);
    it_work_free(it);
    if (days >= 0)
        set_estimate(ref, days, kind);
}

static void dep(const char *pred, const char *succ, Pmo__V1__DependencyType t,
                double lag)
{
    pmo_result res;
    it_assert_code(it_work_add_dep(fx.mgr, pred, succ, t, lag, NULL, &res),
                   &res, PMO_OK);
}

static int group_setup(void **state)
{
    (void)state;
    it_work_setup(&fx, PROGRAM);
    it_sql(NULL, 0,
           "UPDATE programs SET target_start = '2027-01-04',"
           " target_finish = '2027-01-15' WHERE key = '" PROGRAM "';"
           "INSERT INTO team_members (team_id, user_id)"
           " SELECT t.id, u.id FROM teams t, users u"
           "  WHERE t.key = 'web-team' AND u.username = 'mgr'");
    const int task = PMO__V1__WORK_ITEM_KIND__KIND_TASK;
    add_task(ref_a, "web", "Design checkout", "", 3, task);
    add_task(ref_b, "api", "Payment API", "", 2, task);
    add_task(ref_c, "api", "Fraud rules", "", 3, task);
    add_task(ref_m, "api", "API ready", "", 0,
             PMO__V1__WORK_ITEM_KIND__KIND_MILESTONE);
    add_task(ref_p, "web", "Build phase", "", -1, 0);
    add_task(ref_d, "web", "Build pages", ref_p, 2, task);
    add_task(ref_e, "web", "Wire payments", ref_p, 1, task);
    it_sql(NULL, 0,
           "UPDATE work_items SET planned_finish = '2027-01-07'"
           " WHERE kind = 3");
    dep(ref_a, ref_b, PMO__V1__DEPENDENCY_TYPE__DEP_FINISH_TO_START, 0);
    dep(ref_a, ref_c, PMO__V1__DEPENDENCY_TYPE__DEP_START_TO_START, 1);
    dep(ref_b, ref_m, PMO__V1__DEPENDENCY_TYPE__DEP_FINISH_TO_START, 0);
    dep(ref_c, ref_m, PMO__V1__DEPENDENCY_TYPE__DEP_FINISH_TO_START, 0);
    dep(ref_m, ref_p, PMO__V1__DEPENDENCY_TYPE__DEP_FINISH_TO_START, 0);
    dep(ref_d, ref_e, PMO__V1__DEPENDENCY_TYPE__DEP_FINISH_TO_START, 0);
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    it_work_teardown(&fx);
    return 0;
}

static void assert_str(const char *got, const char *want)
{
    if (strcmp(got, want) != 0)
        fail_msg("expected \"%s\", got \"%s\"", want, got);
}

static void assert_days(double got, double want)
{
    if (fabs(got - want) > 1e-9)
        fail_msg("expected %g days, got %g", want, got);
}

static int call_sched(pmo_client *c, const char *method,
                      const ProtobufCMessage *in, ProtobufCMessage **out,
                      pmo_result *res)
{
    return pmo_call(c, &pmo__v1__schedule_service__descriptor, method, in, out,
                    res);
}

static Pmo__V1__Schedule *compute(pmo_client *c)
{
    Pmo__V1__ScheduleRequest in = PMO__V1__SCHEDULE_REQUEST__INIT;
    in.program = PROGRAM;
    in.status_date = STATUS;
    ProtobufCMessage *out = NULL;
    pmo_result res;
    it_assert_code(call_sched(c, "ComputeSchedule", &in.base, &out, &res), &res,
                   PMO_OK);
    return (Pmo__V1__Schedule *)out;
}

static const Pmo__V1__ScheduledItem *item_of(const Pmo__V1__Schedule *s,
                                             const char *ref)
{
    for (size_t i = 0; i < s->n_items; i++)
        if (strcmp(s->items[i]->ref, ref) == 0)
            return s->items[i];
    fail_msg("%s is not in the schedule", ref);
    return NULL;
}

static void expect_item(const Pmo__V1__Schedule *s, const char *ref,
                        const char *es, const char *ef, double tf,
                        bool critical)
{
    const Pmo__V1__ScheduledItem *it = item_of(s, ref);
    assert_str(it->early_start, es);
    assert_str(it->early_finish, ef);
    assert_days(it->total_float_days, tf);
    if (it->critical != critical)
        fail_msg("%s: critical %d, expected %d", ref, it->critical, critical);
}

static void test_compute_schedule(void **state)
{
    (void)state;
    Pmo__V1__Schedule *s = compute(fx.view);
    assert_str(s->start_date, "2027-01-04");
    assert_str(s->status_date, STATUS);
    assert_str(s->finish_date, "2027-01-13");
    assert_str(s->target_finish, "2027-01-15");
    assert_days(s->slip_days, -2);
    assert_days(s->critical_float_days, -1);
    assert_days(s->critical_threshold_days, 0);
    assert_str(s->first_start, "2027-01-04");
    assert_int_equal(s->n_items, 7);
    assert_int_equal(s->dependencies, 6);
    expect_item(s, ref_a, "2027-01-04", "2027-01-06", -1, true);
    expect_item(s, ref_b, "2027-01-07", "2027-01-08", -1, true);
    expect_item(s, ref_c, "2027-01-05", "2027-01-07", 0, true);
    expect_item(s, ref_m, "2027-01-08", "2027-01-08", -1, true);
    expect_item(s, ref_d, "2027-01-11", "2027-01-12", 2, false);
    expect_item(s, ref_e, "2027-01-13", "2027-01-13", 2, false);
    /* The summary rolls up from its children and sits before them. */
    expect_item(s, ref_p, "2027-01-11", "2027-01-13", 2, false);
    /* The longest path runs to the finish whatever the float. */
    const char *longest[] = {ref_a, ref_b, ref_m, ref_d, ref_e, ref_p};
    for (int k = 0; k < 6; k++)
        if (!item_of(s, longest[k])->longest_path)
            fail_msg("%s is not on the longest path", longest[k]);
    assert_false(item_of(s, ref_c)->longest_path);
    const Pmo__V1__ScheduledItem *p = item_of(s, ref_p);
    assert_int_equal(p->depth, 0);
    assert_int_equal(item_of(s, ref_d)->depth, 1);
    assert_str(item_of(s, ref_d)->parent, ref_p);
    /* The milestone ends a day after its target. */
    const Pmo__V1__ScheduledItem *m = item_of(s, ref_m);
    assert_str(m->target_finish, "2027-01-07");
    assert_days(m->slip_days, 1);
    assert_days(item_of(s, ref_c)->free_float_days, 1);
    /* Two chains: A B M, and C branching from A. */
    assert_int_equal(s->n_critical_path, 2);
    const Pmo__V1__CriticalChain *ch = s->critical_path[0];
    assert_int_equal(ch->n_refs, 3);
    const char *want[] = {ref_a, ref_b, ref_m};
    for (int k = 0; k < 3; k++)
        assert_str(ch->refs[k], want[k]);
    assert_int_equal(s->critical_path[1]->n_refs, 1);
    assert_str(s->critical_path[1]->refs[0], ref_c);
    assert_str(s->critical_path[1]->branches_from, ref_a);
    it_work_free(s);
}

static void test_critical_path(void **state)
{
    (void)state;
    Pmo__V1__ScheduleRequest in = PMO__V1__SCHEDULE_REQUEST__INIT;
    in.program = PROGRAM;
    in.status_date = STATUS;
    ProtobufCMessage *out = NULL;
    pmo_result res;
    it_assert_code(call_sched(fx.view, "CriticalPath", &in.base, &out, &res),
                   &res, PMO_OK);
    Pmo__V1__CriticalPathResponse *cp = (Pmo__V1__CriticalPathResponse *)out;
    assert_str(cp->finish_date, "2027-01-13");
    assert_int_equal(cp->n_items, 4);
    assert_str(cp->items[0]->ref, ref_a);
    assert_str(cp->items[3]->ref, ref_c);
    it_work_free(cp);
}

/* A later status date pushes work not started; started work keeps its
 * actual start and runs its remaining part from the status date. */
static void test_status_date_and_progress(void **state)
{
    (void)state;
    char sql[256];
    snprintf(sql, sizeof sql,
             "UPDATE work_items SET actual_start = '2027-01-04',"
             " percent_complete = 50, state = 2 WHERE number = %s",
             strrchr(ref_a, '-') + 1);
    it_sql(NULL, 0, sql);
    Pmo__V1__ScheduleRequest in = PMO__V1__SCHEDULE_REQUEST__INIT;
    in.program = PROGRAM;
    in.status_date = "2027-01-06"; /* Wednesday: A has 1.5 days left */
    ProtobufCMessage *out = NULL;
    pmo_result res;
    it_assert_code(call_sched(fx.view, "ComputeSchedule", &in.base, &out, &res),
                   &res, PMO_OK);
    Pmo__V1__Schedule *s = (Pmo__V1__Schedule *)out;
    /* A: starts Jan 4 (actual), ends mid Thursday Jan 7; B runs from mid
     * Thursday to mid Monday Jan 11; M on Monday, a day and a half past
     * its date; D Mon-Wed; E Wed-Thu. */
    expect_item(s, ref_a, "2027-01-04", "2027-01-07", -1.5, true);
    expect_item(s, ref_b, "2027-01-07", "2027-01-11", -1.5, true);
    assert_str(s->finish_date, "2027-01-14");
    it_work_free(s);
    it_sql(NULL, 0,
           "UPDATE work_items SET actual_start = NULL, percent_complete = 0,"
           " state = 1");
}

/* The server keeps plans in memory: every kind of change must show. */
static void test_schedule_follows_every_change(void **state)
{
    (void)state;
    Pmo__V1__Schedule *s = compute(fx.view);
    assert_str(s->finish_date, "2027-01-13");
    it_work_free(s);
    static const struct {
        const char *change, *undo, *finish, *target;
    } steps[] = {
        {"INSERT INTO program_holidays (program_id, day) SELECT id,"
         " '2027-01-05' FROM programs WHERE key = '" PROGRAM "'",
         "DELETE FROM program_holidays", "2027-01-14", "2027-01-15"},
        {"UPDATE programs SET target_finish = '2027-01-29' WHERE key = '"
         PROGRAM "'",
         "UPDATE programs SET target_finish = '2027-01-15' WHERE key = '"
         PROGRAM "'", "2027-01-13", "2027-01-29"},
        {"UPDATE programs SET working_weekdays = '{1,2,3,4,5,6}' WHERE key"
         " = '" PROGRAM "'",
         "UPDATE programs SET working_weekdays = '{1,2,3,4,5}' WHERE key = '"
         PROGRAM "'", "2027-01-12", "2027-01-15"},
        {"UPDATE dependencies SET lag_days = 2 WHERE lag_days = 0 AND type = 1"
         " AND successor_id = (SELECT min(id) FROM work_items WHERE kind = 3)"
         " AND predecessor_id = (SELECT predecessor_id FROM dependencies d"
         "  JOIN work_items w ON w.id = d.successor_id WHERE w.kind = 3"
         "  ORDER BY d.id LIMIT 1)",
         "UPDATE dependencies SET lag_days = 0 WHERE lag_days = 2",
         "2027-01-15", "2027-01-15"},
    };
    for (size_t k = 0; k < sizeof steps / sizeof steps[0]; k++) {
        it_sql(NULL, 0, steps[k].change);
        s = compute(fx.view);
        assert_str(s->finish_date, steps[k].finish);
        assert_str(s->target_finish, steps[k].target);
        it_work_free(s);
        it_sql(NULL, 0, steps[k].undo);
        s = compute(fx.view);
        assert_str(s->finish_date, "2027-01-13");
        it_work_free(s);
    }
}

/* ------------------------------------------------------------- what-if */

static Pmo__V1__WhatIfChange *change(Pmo__V1__ChangeKind kind, const char *item,
                                     double days)
{
    Pmo__V1__WhatIfChange *c = calloc(1, sizeof *c);
    pmo__v1__what_if_change__init(c);
    c->kind = kind;
    c->item = (char *)item;
    c->days = days;
    return c;
}

static int what_if(pmo_client *cl, Pmo__V1__WhatIfChange **changes, size_t n,
                   Pmo__V1__WhatIfResponse **out, pmo_result *res)
{
    Pmo__V1__WhatIfRequest in = PMO__V1__WHAT_IF_REQUEST__INIT;
    in.program = PROGRAM;
    in.status_date = STATUS;
    in.changes = changes;
    in.n_changes = n;
    ProtobufCMessage *msg = NULL;
    int rc = call_sched(cl, "WhatIf", &in.base, &msg, res);
    *out = (Pmo__V1__WhatIfResponse *)msg;
    for (size_t k = 0; k < n; k++)
        free(changes[k]);
    return rc;
}

static void test_whatif_slip(void **state)
{
    (void)state;
    Pmo__V1__WhatIfChange *c[] = {
        change(PMO__V1__CHANGE_KIND__CHANGE_SLIP, ref_b, 2)};
    Pmo__V1__WhatIfResponse *w;
    pmo_result res;
    it_assert_code(what_if(fx.view, c, 1, &w, &res), &res, PMO_OK);
    assert_str(w->finish_before, "2027-01-13");
    assert_str(w->finish_after, "2027-01-15");
    assert_days(w->finish_slip_days, 2);
    assert_days(w->slip_after_days, 0);
    assert_int_equal(w->n_milestones, 1);
    assert_str(w->milestones[0]->ref, ref_m);
    assert_days(w->milestones[0]->slip_days, 2);
    /* B, D and E move; A and C do not. */
    assert_int_equal(w->items_moved, 4);
    it_work_free(w);
    /* Nothing was saved. */
    Pmo__V1__Schedule *s = compute(fx.view);
    assert_str(s->finish_date, "2027-01-13");
    it_work_free(s);
}

/* M on Friday Jan 8 slips two working days: Tuesday Jan 12, and D and E,
 * which follow its finish, by two as well. */
static void test_whatif_milestone_slip(void **state)
{
    (void)state;
    Pmo__V1__WhatIfChange *c[] = {
        change(PMO__V1__CHANGE_KIND__CHANGE_SLIP, ref_m, 2)};
    Pmo__V1__WhatIfResponse *w;
    pmo_result res;
    it_assert_code(what_if(fx.view, c, 1, &w, &res), &res, PMO_OK);
    assert_int_equal(w->n_milestones, 1);
    assert_str(w->milestones[0]->finish_before, "2027-01-08");
    assert_str(w->milestones[0]->finish_after, "2027-01-12");
    assert_days(w->milestones[0]->slip_days, 2);
    assert_str(w->finish_after, "2027-01-15");
    assert_days(w->finish_slip_days, 2);
    assert_int_equal(w->n_items, 2);
    for (size_t k = 0; k < w->n_items; k++)
        assert_days(w->items[k]->slip_days, 2);
    it_work_free(w);
}

static void test_whatif_dependencies(void **state)
{
    (void)state;
    /* Without A -> B, B starts on day 0 and C decides the milestone,
     * which then meets its date: B has a day of float and is no longer
     * critical; C, with none, stays critical. */
    Pmo__V1__WhatIfChange *rm =
        change(PMO__V1__CHANGE_KIND__CHANGE_REMOVE_DEPENDENCY, "", 0);
    rm->predecessor = ref_a;
    rm->successor = ref_b;
    Pmo__V1__WhatIfResponse *w;
    pmo_result res;
    it_assert_code(what_if(fx.view, &rm, 1, &w, &res), &res, PMO_OK);
    assert_str(w->finish_after, "2027-01-12");
    assert_days(w->finish_slip_days, -1);
    bool c_changed = false, b_removed = false;
    for (size_t k = 0; k < w->n_critical_added; k++)
        c_changed |= strcmp(w->critical_added[k], ref_c) == 0;
    for (size_t k = 0; k < w->n_critical_removed; k++) {
        b_removed |= strcmp(w->critical_removed[k], ref_b) == 0;
        c_changed |= strcmp(w->critical_removed[k], ref_c) == 0;
    }
    assert_false(c_changed);
    assert_true(b_removed);
    it_work_free(w);

    /* E -> A closes a loop through the summary's expansion. */
    Pmo__V1__WhatIfChange *add =
        change(PMO__V1__CHANGE_KIND__CHANGE_ADD_DEPENDENCY, "", 0);
    add->predecessor = ref_e;
    add->successor = ref_a;
    it_assert_code(what_if(fx.view, &add, 1, &w, &res), &res,
                   PMO_FAILED_PRECONDITION);
    it_assert_contains(res.message, "cycle");
    it_assert_contains(res.message, ref_a);
    it_assert_contains(res.message, ref_e);
}

static void test_whatif_lose_people(void **state)
{
    (void)state;
    /* web-team has two members: losing one doubles its open work. A takes
     * six days (Jan 4-11), which moves everything after it by three. */
    Pmo__V1__WhatIfChange *c =
        change(PMO__V1__CHANGE_KIND__CHANGE_LOSE_PEOPLE, "", 0);
    c->team = "web-team";
    c->people = 1;
    Pmo__V1__WhatIfResponse *w;
    pmo_result res;
    it_assert_code(what_if(fx.view, &c, 1, &w, &res), &res, PMO_OK);
    /* A 6d: days 0-5; B 6-7; M day 7; D 4d: 8-11; E 2d: 12-13 (Jan 21). */
    assert_str(w->finish_after, "2027-01-21");
    it_work_free(w);
    c = change(PMO__V1__CHANGE_KIND__CHANGE_LOSE_PEOPLE, "", 0);
    c->team = "web-team";
    c->people = 2;
    it_assert_code(what_if(fx.view, &c, 1, &w, &res), &res,
                   PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "changes[0].people");
    c = change(PMO__V1__CHANGE_KIND__CHANGE_LOSE_PEOPLE, "", 0);
    c->people = 1;
    it_assert_code(what_if(fx.view, &c, 1, &w, &res), &res,
                   PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "changes[0].team");
}

static void test_whatif_bad_input(void **state)
{
    (void)state;
    Pmo__V1__WhatIfResponse *w;
    pmo_result res;
    Pmo__V1__WhatIfChange *c[] = {
        change(PMO__V1__CHANGE_KIND__CHANGE_SLIP, ref_b, 1),
        change(PMO__V1__CHANGE_KIND__CHANGE_SLIP, "SCHED-999", 1)};
    it_assert_code(what_if(fx.view, c, 2, &w, &res), &res,
                   PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "changes[1].item");
    it_assert_contains(res.message, "SCHED-999");

    Pmo__V1__WhatIfChange *neg =
        change(PMO__V1__CHANGE_KIND__CHANGE_SLIP, ref_b, -3);
    it_assert_code(what_if(fx.view, &neg, 1, &w, &res), &res,
                   PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "changes[0].days");

    Pmo__V1__WhatIfChange *sum =
        change(PMO__V1__CHANGE_KIND__CHANGE_ESTIMATE, ref_p, 3);
    it_assert_code(what_if(fx.view, &sum, 1, &w, &res), &res,
                   PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "changes[0].item");

    it_assert_code(what_if(fx.view, NULL, 0, &w, &res), &res,
                   PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "changes");
}

/* ------------------------------------------------------------ baselines */

static int save_baseline(pmo_client *c, const char *name, pmo_result *res)
{
    Pmo__V1__CreateBaselineRequest in = PMO__V1__CREATE_BASELINE_REQUEST__INIT;
    in.program = PROGRAM;
    in.name = (char *)name;
    in.status_date = STATUS;
    ProtobufCMessage *out = NULL;
    int rc = call_sched(c, "CreateBaseline", &in.base, &out, res);
    if (out) {
        Pmo__V1__Baseline *b = (Pmo__V1__Baseline *)out;
        assert_str(b->name, name);
        assert_str(b->finish_date, "2027-01-13");
        assert_int_equal(b->items, 7);
        assert_str(b->created_by, "mgr");
        it_work_free(out);
    }
    return rc;
}

static void test_baselines(void **state)
{
    (void)state;
    pmo_result res;
    it_assert_code(save_baseline(fx.mgr, "plan-v1", &res), &res, PMO_OK);
    it_assert_code(save_baseline(fx.mgr, "plan-v1", &res), &res,
                   PMO_ALREADY_EXISTS);
    it_assert_code(save_baseline(fx.view, "mine", &res), &res,
                   PMO_PERMISSION_DENIED);
    it_assert_code(save_baseline(fx.mgr, "", &res), &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "name");

    /* B grows to four days: it, M, D and E finish two days later. */
    set_estimate(ref_b, 4, PMO__V1__WORK_ITEM_KIND__KIND_TASK);
    Pmo__V1__CompareBaselineRequest in =
        PMO__V1__COMPARE_BASELINE_REQUEST__INIT;
    in.program = PROGRAM;
    in.status_date = STATUS;
    ProtobufCMessage *out = NULL;
    it_assert_code(call_sched(fx.view, "CompareBaseline", &in.base, &out, &res),
                   &res, PMO_OK);
    Pmo__V1__CompareBaselineResponse *cmp =
        (Pmo__V1__CompareBaselineResponse *)out;
    assert_str(cmp->baseline->name, "plan-v1");
    assert_str(cmp->finish_before, "2027-01-13");
    assert_str(cmp->finish_now, "2027-01-15");
    assert_days(cmp->finish_slip_days, 2);
    assert_int_equal(cmp->n_items, 7);
    assert_str(cmp->items[0]->ref, ref_m); /* milestones first */
    assert_days(cmp->items[0]->finish_slip_days, 2);
    assert_int_equal(cmp->n_added, 0);
    assert_int_equal(cmp->n_removed, 0);
    it_work_free(cmp);
    set_estimate(ref_b, 2, PMO__V1__WORK_ITEM_KIND__KIND_TASK);

    Pmo__V1__ListBaselinesRequest lin = PMO__V1__LIST_BASELINES_REQUEST__INIT;
    lin.program = PROGRAM;
    it_assert_code(call_sched(fx.view, "ListBaselines", &lin.base, &out, &res),
                   &res, PMO_OK);
    Pmo__V1__ListBaselinesResponse *list = (Pmo__V1__ListBaselinesResponse *)out;
    assert_int_equal(list->n_baselines, 1);
    assert_str(list->baselines[0]->name, "plan-v1");
    it_work_free(list);

    in.baseline = "nope";
    it_assert_code(call_sched(fx.view, "CompareBaseline", &in.base, &out, &res),
                   &res, PMO_NOT_FOUND);
    it_assert_contains(res.message, "nope");
}

/* -------------------------------------------------------------- checks */

static const Pmo__V1__ScheduleCheck *check_of(
    const Pmo__V1__CheckScheduleResponse *r, const char *id)
{
    for (size_t k = 0; k < r->n_checks; k++)
        if (strcmp(r->checks[k]->id, id) == 0)
            return r->checks[k];
    fail_msg("no check %s", id);
    return NULL;
}

static bool has_offender(const Pmo__V1__ScheduleCheck *c, const char *what)
{
    for (size_t k = 0; k < c->n_offenders; k++)
        if (strcmp(c->offenders[k], what) == 0)
            return true;
    return false;
}

/* Runs after test_baselines saved plan-v1, which the check then uses. */
static void test_check_schedule(void **state)
{
    (void)state;
    Pmo__V1__CheckScheduleRequest in = PMO__V1__CHECK_SCHEDULE_REQUEST__INIT;
    in.program = PROGRAM;
    in.status_date = STATUS;
    ProtobufCMessage *out = NULL;
    pmo_result res;
    it_assert_code(call_sched(fx.view, "CheckSchedule", &in.base, &out, &res),
                   &res, PMO_OK);
    Pmo__V1__CheckScheduleResponse *r = (Pmo__V1__CheckScheduleResponse *)out;
    assert_int_equal(r->n_checks, 14);
    for (size_t k = 0; k < 14; k++)
        assert_int_equal(r->checks[k]->number, k + 1);
    assert_str(r->baseline, "plan-v1");
    /* Nobody is assigned: the five tasks with work fail the resources
     * check. */
    const Pmo__V1__ScheduleCheck *c = check_of(r, "resources");
    assert_false(c->passed);
    assert_int_equal(c->numerator, 5);
    assert_true(has_offender(c, ref_a));
    /* Seven links once M -> P binds D and E; one is start-to-start. */
    c = check_of(r, "relationship-types");
    assert_false(c->passed);
    assert_int_equal(c->numerator, 6);
    assert_int_equal(c->denominator, 7);
    char link[80];
    snprintf(link, sizeof link, "%s->%s", ref_a, ref_c);
    assert_true(has_offender(check_of(r, "lags"), link));
    assert_false(check_of(r, "lags")->passed);
    assert_true(check_of(r, "leads")->passed);
    /* M is a day past its date: the tasks that drive it, A and B, have
     * negative float (the check counts tasks, not milestones). */
    c = check_of(r, "negative-float");
    assert_false(c->passed);
    assert_int_equal(c->numerator, 2);
    assert_true(has_offender(c, ref_a));
    assert_true(has_offender(c, ref_b));
    /* Nothing in the baseline is due by the status date. */
    assert_false(check_of(r, "missed-tasks")->applicable);
    uint32_t applicable = 0;
    for (size_t k = 0; k < r->n_checks; k++)
        applicable += r->checks[k]->applicable;
    assert_int_equal(r->passed + r->failed, applicable);
    it_work_free(r);

    in.baseline = "nope";
    it_assert_code(call_sched(fx.view, "CheckSchedule", &in.base, &out, &res),
                   &res, PMO_NOT_FOUND);
}

/* ------------------------------------------------------------ forecast */

static Pmo__V1__ForecastResponse *forecast(uint64_t seed, int code,
                                           uint32_t iterations)
{
    Pmo__V1__ForecastRequest in = PMO__V1__FORECAST_REQUEST__INIT;
    in.program = PROGRAM;
    in.status_date = STATUS;
    in.seed = seed;
    in.iterations = iterations;
    ProtobufCMessage *out = NULL;
    pmo_result res;
    it_assert_code(call_sched(fx.view, "Forecast", &in.base, &out, &res), &res,
                   code);
    if (code == PMO_INVALID_ARGUMENT)
        it_assert_violation(&res, "iterations");
    return (Pmo__V1__ForecastResponse *)out;
}

/*
 * Every estimate here is likely = optimistic and pessimistic = twice
 * that, so no iteration beats the plan: the milestone, planned a day past
 * its target, is never on time; A and E are on every path.
 */
static void test_forecast(void **state)
{
    (void)state;
    Pmo__V1__ForecastResponse *f = forecast(7, PMO_OK, 2000);
    assert_int_equal(f->iterations, 2000);
    assert_str(f->planned_finish, "2027-01-13");
    assert_true(strcmp(f->finish->p50, "2027-01-13") >= 0);
    assert_true(strcmp(f->finish->p50, f->finish->p80) <= 0);
    assert_true(strcmp(f->finish->p80, f->finish->p95) <= 0);
    assert_true(f->probability_on_target >= 0 && f->probability_on_target <= 1);
    assert_true(f->mean_finish_days >= 8);
    assert_int_equal(f->n_milestones, 1);
    assert_str(f->milestones[0]->ref, ref_m);
    assert_str(f->milestones[0]->planned, "2027-01-08");
    assert_str(f->milestones[0]->target, "2027-01-07");
    assert_days(f->milestones[0]->probability_on_time, 0);
    bool a_seen = false;
    for (size_t k = 0; k < f->n_most_critical; k++)
        if (strcmp(f->most_critical[k]->ref, ref_a) == 0) {
            a_seen = true;
            assert_days(f->most_critical[k]->criticality, 1);
        }
    assert_true(a_seen);
    assert_true(f->n_most_sensitive > 0);
    /* The same seed gives the same forecast. */
    Pmo__V1__ForecastResponse *g = forecast(7, PMO_OK, 2000);
    assert_str(g->finish->p80, f->finish->p80);
    assert_true(g->mean_finish_days == f->mean_finish_days);
    it_work_free(g);
    it_work_free(f);
    assert_null(forecast(7, PMO_INVALID_ARGUMENT, 300000));
}

/* ----------------------------------------------------------- resources */

/* mgr gets A, B and C: eight days of work in the week of Jan 4. */
static void assign_mgr(bool on)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "UPDATE work_items SET assignee_id = %s"
             " WHERE number IN (%s, %s, %s)",
             on ? "(SELECT id FROM users WHERE username = 'mgr')" : "NULL",
             strrchr(ref_a, '-') + 1, strrchr(ref_b, '-') + 1,
             strrchr(ref_c, '-') + 1);
    it_sql(NULL, 0, sql);
}

static void test_resource_load(void **state)
{
    (void)state;
    assign_mgr(true);
    Pmo__V1__ResourceLoadRequest in = PMO__V1__RESOURCE_LOAD_REQUEST__INIT;
    in.program = PROGRAM;
    in.status_date = STATUS;
    ProtobufCMessage *out = NULL;
    pmo_result res;
    it_assert_code(call_sched(fx.view, "ResourceLoad", &in.base, &out, &res),
                   &res, PMO_OK);
    Pmo__V1__ResourceLoadResponse *r = (Pmo__V1__ResourceLoadResponse *)out;
    assert_int_equal(r->n_weeks, 2);
    assert_str(r->weeks[0], "2027-01-04");
    assert_str(r->weeks[1], "2027-01-11");
    assert_days(r->capacity_days[0], 5);
    assert_int_equal(r->n_people, 1);
    assert_str(r->people[0]->person, "mgr");
    assert_days(r->people[0]->days[0], 8);
    assert_days(r->people[0]->days[1], 0);
    assert_int_equal(r->people[0]->weeks_over, 1);
    assert_int_equal(r->over_allocations, 1);
    assert_days(r->unassigned_days, 3); /* D and E */
    it_work_free(r);

    /* Levelled, mgr works A, then B and C one after the other. */
    in.levelled = true;
    it_assert_code(call_sched(fx.view, "ResourceLoad", &in.base, &out, &res),
                   &res, PMO_OK);
    r = (Pmo__V1__ResourceLoadResponse *)out;
    assert_int_equal(r->over_allocations, 0);
    assert_days(r->people[0]->days[0], 5);
    assert_days(r->people[0]->days[1], 3);
    it_work_free(r);
    assign_mgr(false);
}

static void test_level(void **state)
{
    (void)state;
    assign_mgr(true);
    Pmo__V1__LevelRequest in = PMO__V1__LEVEL_REQUEST__INIT;
    in.program = PROGRAM;
    in.status_date = STATUS;
    ProtobufCMessage *out = NULL;
    pmo_result res;
    it_assert_code(call_sched(fx.view, "Level", &in.base, &out, &res), &res,
                   PMO_OK);
    Pmo__V1__LevelResponse *r = (Pmo__V1__LevelResponse *)out;
    /* A days 0-2, B 3-4, C 5-7 (or C then B), M end of day 7, D 8-9,
     * E 10: Monday Jan 18, three working days later. */
    assert_str(r->finish_before, "2027-01-13");
    assert_str(r->finish_after, "2027-01-18");
    assert_days(r->finish_slip_days, 3);
    assert_int_equal(r->over_allocations_before, 1);
    assert_int_equal(r->over_allocations_after, 0);
    bool e_moved = false;
    for (size_t k = 0; k < r->n_delayed; k++)
        if (strcmp(r->delayed[k]->ref, ref_e) == 0) {
            e_moved = true;
            assert_str(r->delayed[k]->start_after, "2027-01-18");
            assert_days(r->delayed[k]->delay_days, 3);
        }
    assert_true(e_moved);
    assert_true(r->schedules >= 1);
    it_work_free(r);
    /* The same seed gives the same answer; a silly budget is refused. */
    in.max_schedules = 1000000;
    it_assert_code(call_sched(fx.view, "Level", &in.base, &out, &res), &res,
                   PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "max_schedules");
    assign_mgr(false);
}

/* ---------------------------------------------------------- work budget */

/*
 * A chain of 3,000 items (6,000 items and links) in program BIG: 200,000
 * forecast iterations or 20,000 levelling schedules over it are more than
 * one call may compute, and are refused by field; left to their
 * defaults, both run.
 */
static void test_work_budget(void **state)
{
    (void)state;
    it_sql(NULL, 0,
           "INSERT INTO programs (key, name) VALUES ('BIG', 'Big');"
           "INSERT INTO projects (program_id, key, name)"
           " SELECT id, 'big', 'Big' FROM programs WHERE key = 'BIG';"
           "INSERT INTO program_members (program_id, user_id, role)"
           " SELECT p.id, u.id, 1 FROM programs p, users u"
           "  WHERE p.key = 'BIG' AND u.username = 'view';"
           "INSERT INTO work_items (program_id, project_id, number, title,"
           "  optimistic_days, likely_days, pessimistic_days)"
           " SELECT j.program_id, j.id, n, 'Step ' || n, 1, 1, 2"
           "  FROM projects j, generate_series(1, 3000) n WHERE j.key = 'big';"
           "INSERT INTO dependencies (program_id, predecessor_id, successor_id)"
           " SELECT a.program_id, a.id, b.id FROM work_items a"
           "  JOIN work_items b ON b.program_id = a.program_id"
           "   AND b.number = a.number + 1"
           "  WHERE a.program_id = (SELECT id FROM programs WHERE key = 'BIG')");
    pmo_result res;
    ProtobufCMessage *out = NULL;
    Pmo__V1__ForecastRequest fin = PMO__V1__FORECAST_REQUEST__INIT;
    fin.program = "BIG";
    fin.iterations = 200000;
    it_assert_code(call_sched(fx.view, "Forecast", &fin.base, &out, &res),
                   &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "iterations");
    fin.iterations = 0;
    it_assert_code(call_sched(fx.view, "Forecast", &fin.base, &out, &res),
                   &res, PMO_OK);
    assert_int_equal(((Pmo__V1__ForecastResponse *)out)->iterations, 10000);
    it_work_free(out);

    Pmo__V1__LevelRequest lin = PMO__V1__LEVEL_REQUEST__INIT;
    lin.program = "BIG";
    lin.max_schedules = 20000;
    it_assert_code(call_sched(fx.view, "Level", &lin.base, &out, &res), &res,
                   PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "max_schedules");
}

/* -------------------------------------------------------------- access */

static void test_access_and_input(void **state)
{
    (void)state;
    Pmo__V1__ScheduleRequest in = PMO__V1__SCHEDULE_REQUEST__INIT;
    in.program = PROGRAM;
    ProtobufCMessage *out = NULL;
    pmo_result res;
    it_assert_code(call_sched(fx.out, "ComputeSchedule", &in.base, &out, &res),
                   &res, PMO_NOT_FOUND);
    in.status_date = "2027-02-30";
    it_assert_code(call_sched(fx.view, "ComputeSchedule", &in.base, &out, &res),
                   &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "status_date");
    in.program = "";
    in.status_date = "";
    it_assert_code(call_sched(fx.view, "ComputeSchedule", &in.base, &out, &res),
                   &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "program");
    /* An empty program has an empty schedule. */
    in.program = "OTHER";
    it_assert_code(call_sched(fx.admin, "ComputeSchedule", &in.base, &out,
                              &res),
                   &res, PMO_OK);
    Pmo__V1__Schedule *s = (Pmo__V1__Schedule *)out;
    assert_int_equal(s->n_items, 0);
    it_work_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compute_schedule),
        cmocka_unit_test(test_critical_path),
        cmocka_unit_test(test_status_date_and_progress),
        cmocka_unit_test(test_schedule_follows_every_change),
        cmocka_unit_test(test_whatif_slip),
        cmocka_unit_test(test_whatif_milestone_slip),
        cmocka_unit_test(test_whatif_dependencies),
        cmocka_unit_test(test_whatif_lose_people),
        cmocka_unit_test(test_whatif_bad_input),
        cmocka_unit_test(test_baselines),
        cmocka_unit_test(test_check_schedule),
        cmocka_unit_test(test_forecast),
        cmocka_unit_test(test_resource_load),
        cmocka_unit_test(test_level),
        cmocka_unit_test(test_work_budget),
        cmocka_unit_test(test_access_and_input),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
