/*
 * tests/integration/test_gates.c - GateService: gates on milestones,
 * their checklists and sign-offs, and the rule that a milestone is not
 * finished while a criterion of its gates is unsigned.
 */
#include "it_work.h"
#include "pmo/v1/gate.pb-c.h"
#include "pmo/v1/program.pb-c.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SVC (&pmo__v1__gate_service__descriptor)

static it_work W;

static int setup(void **state)
{
    it_work_setup(&W, "GATE");
    return 0;
}

static int teardown(void **state)
{
    it_work_teardown(&W);
    return 0;
}

/* A new milestone in project web; returns its ref (free it). */
static char *milestone(const char *title)
{
    Pmo__V1__WorkItem item = PMO__V1__WORK_ITEM__INIT;
    item.program = W.program;
    item.project = "web";
    item.title = (char *)title;
    item.kind = PMO__V1__WORK_ITEM_KIND__KIND_MILESTONE;
    Pmo__V1__WorkItem *out;
    pmo_result res;
    it_assert_code(it_work_create(W.mgr, &item, &out, &res), &res, PMO_OK);
    char *ref = strdup(out->ref);
    it_work_free(out);
    return ref;
}

/* Criteria from parallel lists of descriptions and approvers. */
typedef struct criteria {
    Pmo__V1__GateCriterion items[8];
    Pmo__V1__GateCriterion *ptrs[8];
    size_t n;
} criteria;

static void criteria_add(criteria *c, int64_t id, const char *description,
                         const char *approver)
{
    Pmo__V1__GateCriterion *k = &c->items[c->n];
    pmo__v1__gate_criterion__init(k);
    k->id = id;
    k->description = (char *)description;
    k->approver = (char *)approver;
    c->ptrs[c->n] = k;
    c->n++;
}

static int create(pmo_client *c, const char *item, const char *name,
                  Pmo__V1__GateKind kind, criteria *cr, Pmo__V1__Gate **out,
                  pmo_result *res)
{
    Pmo__V1__Gate g = PMO__V1__GATE__INIT;
    g.item = (char *)item;
    g.name = (char *)name;
    g.kind = kind;
    if (cr) {
        g.criteria = cr->ptrs;
        g.n_criteria = cr->n;
    }
    Pmo__V1__CreateGateRequest in = PMO__V1__CREATE_GATE_REQUEST__INIT;
    in.gate = &g;
    *out = NULL;
    return pmo_call(c, SVC, "CreateGate", &in.base, (ProtobufCMessage **)out,
                    res);
}

static Pmo__V1__Gate *create_ok(const char *item, const char *name,
                                criteria *cr)
{
    Pmo__V1__Gate *out;
    pmo_result res;
    it_assert_code(create(W.mgr, item, name, 0, cr, &out, &res), &res, PMO_OK);
    return out;
}

static int get(pmo_client *c, int64_t id, Pmo__V1__Gate **out, pmo_result *res)
{
    Pmo__V1__GetGateRequest in = PMO__V1__GET_GATE_REQUEST__INIT;
    in.id = id;
    *out = NULL;
    return pmo_call(c, SVC, "GetGate", &in.base, (ProtobufCMessage **)out, res);
}

static int sign(pmo_client *c, int64_t criterion, const char *evidence,
                Pmo__V1__Gate **out, pmo_result *res)
{
    Pmo__V1__SignCriterionRequest in = PMO__V1__SIGN_CRITERION_REQUEST__INIT;
    in.id = criterion;
    in.evidence = (char *)evidence;
    Pmo__V1__Gate *got = NULL;
    int code = pmo_call(c, SVC, "SignCriterion", &in.base,
                        (ProtobufCMessage **)&got, res);
    if (out)
        *out = got;
    else
        it_work_free(got);
    return code;
}

static Pmo__V1__GateStatus *status(pmo_client *c, const char *item)
{
    Pmo__V1__GetGateStatusRequest in = PMO__V1__GET_GATE_STATUS_REQUEST__INIT;
    in.item = (char *)item;
    Pmo__V1__GateStatus *out = NULL;
    pmo_result res;
    it_assert_code(pmo_call(c, SVC, "GetGateStatus", &in.base,
                            (ProtobufCMessage **)&out, &res),
                   &res, PMO_OK);
    return out;
}

/* The ways to finish an item through WorkService. */
typedef enum finish_by {
    BY_STATE,         /* state done */
    BY_ACTUAL_FINISH, /* an actual finish date */
    BY_PERCENT,       /* 100 % complete */
} finish_by;

static int finish(const char *ref, finish_by by, pmo_result *res)
{
    Pmo__V1__WorkItem *cur;
    it_assert_code(it_work_get(W.mgr, ref, &cur, res), res, PMO_OK);
    Pmo__V1__WorkItem item = PMO__V1__WORK_ITEM__INIT;
    item.state = PMO__V1__WORK_STATE__STATE_DONE;
    item.actual_finish = "2025-03-14";
    item.percent_complete = 100;
    static const char *const masks[][2] = {
        {"state", NULL}, {"actual_finish", NULL}, {"percent_complete", NULL}};
    int code =
        it_work_update(W.mgr, ref, cur->version, &item, masks[by], NULL, res);
    it_work_free(cur);
    return code;
}

static int64_t audit_rows(int64_t gate_id)
{
    return it_work_sql_int("SELECT count(*) FROM audit_log WHERE entity ="
                           " 'gate' AND entity_id = '%lld'",
                           (long long)gate_id);
}

/* ----------------------------------------------------------- the entity */

static void test_create_get_list_update_delete(void **state)
{
    char *ref = milestone("Beta exit");
    criteria cr = {0};
    criteria_add(&cr, 0, "Threat model reviewed", "con");
    criteria_add(&cr, 0, "Pen test triaged", "");
    Pmo__V1__Gate *g = create_ok(ref, "Security review", &cr);
    assert_true(g->id > 0);
    assert_string_equal(g->item, ref);
    assert_string_equal(g->program, "GATE");
    assert_int_equal(g->kind, PMO__V1__GATE_KIND__GATE_QUALITY);
    assert_int_equal(g->version, 1);
    assert_int_equal(g->n_criteria, 2);
    assert_string_equal(g->criteria[0]->description, "Threat model reviewed");
    assert_string_equal(g->criteria[0]->approver, "con");
    /* No approver named: the manager who made the gate signs. */
    assert_string_equal(g->criteria[1]->approver, "mgr");
    assert_false(g->criteria[0]->signed_off);
    assert_string_equal(g->criteria[0]->signed_by, "");

    Pmo__V1__Gate *got;
    pmo_result res;
    it_assert_code(get(W.view, g->id, &got, &res), &res, PMO_OK);
    assert_string_equal(got->name, "Security review");
    assert_int_equal(got->n_criteria, 2);
    assert_int_equal(got->criteria[1]->id, g->criteria[1]->id);
    it_work_free(got);

    Pmo__V1__ListGatesRequest lin = PMO__V1__LIST_GATES_REQUEST__INIT;
    lin.program = "GATE";
    Pmo__V1__ListGatesResponse *list = NULL;
    it_assert_code(pmo_call(W.view, SVC, "ListGates", &lin.base,
                            (ProtobufCMessage **)&list, &res),
                   &res, PMO_OK);
    bool seen = false;
    for (size_t i = 0; i < list->n_gates; i++)
        seen |= list->gates[i]->id == g->id && list->gates[i]->n_criteria == 2;
    assert_true(seen);
    it_work_free(list);

    /* Keep the first criterion, drop the second, add a third. */
    criteria next = {0};
    criteria_add(&next, g->criteria[0]->id, "Threat model reviewed", "");
    criteria_add(&next, 0, "Secrets in the vault", "con");
    Pmo__V1__Gate change = PMO__V1__GATE__INIT;
    change.name = "Security sign-off";
    change.kind = PMO__V1__GATE_KIND__GATE_SECURITY;
    change.criteria = next.ptrs;
    change.n_criteria = next.n;
    char *mask[] = {"name", "kind", "criteria"};
    Pmo__V1__UpdateGateRequest uin = PMO__V1__UPDATE_GATE_REQUEST__INIT;
    uin.id = g->id;
    uin.gate = &change;
    uin.update_mask = mask;
    uin.n_update_mask = 3;
    uin.expected_version = 1;
    Pmo__V1__Gate *changed = NULL;
    it_assert_code(pmo_call(W.mgr, SVC, "UpdateGate", &uin.base,
                            (ProtobufCMessage **)&changed, &res),
                   &res, PMO_OK);
    assert_string_equal(changed->name, "Security sign-off");
    assert_int_equal(changed->kind, PMO__V1__GATE_KIND__GATE_SECURITY);
    assert_int_equal(changed->version, 2);
    assert_int_equal(changed->n_criteria, 2);
    assert_int_equal(changed->criteria[0]->id, g->criteria[0]->id);
    /* Its approver was not given, so it kept con. */
    assert_string_equal(changed->criteria[0]->approver, "con");
    assert_string_equal(changed->criteria[1]->description,
                        "Secrets in the vault");
    it_work_free(changed);

    /* The version read is now stale. */
    it_assert_code(pmo_call(W.mgr, SVC, "UpdateGate", &uin.base,
                            (ProtobufCMessage **)&changed, &res),
                   &res, PMO_ABORTED);
    it_assert_contains(res.message, "2");

    Pmo__V1__DeleteGateRequest din = PMO__V1__DELETE_GATE_REQUEST__INIT;
    din.id = g->id;
    din.expected_version = 1;
    it_assert_code(it_call(W.mgr, SVC, "DeleteGate", &din.base, &res), &res,
                   PMO_ABORTED);
    din.expected_version = 2;
    it_assert_code(it_call(W.mgr, SVC, "DeleteGate", &din.base, &res), &res,
                   PMO_OK);
    it_assert_code(get(W.mgr, g->id, &got, &res), &res, PMO_NOT_FOUND);
    /* Create, update, delete: each audited. */
    assert_int_equal(audit_rows(g->id), 3);
    it_work_free(g);
    free(ref);
}

static void test_validation_names_fields(void **state)
{
    char *ref = milestone("Validation milestone");
    Pmo__V1__WorkItem *task = it_work_task(W.mgr, "GATE", "web", "A task", "");
    Pmo__V1__Gate *out;
    pmo_result res;

    it_assert_code(create(W.mgr, task->ref, "Review", 0, NULL, &out, &res),
                   &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "gate.item");
    it_assert_contains(res.message, "not a milestone");

    it_assert_code(create(W.mgr, ref, "", 99, NULL, &out, &res), &res,
                   PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "gate.name");
    it_assert_violation(&res, "gate.kind");

    criteria cr = {0};
    criteria_add(&cr, 0, "", "con");
    criteria_add(&cr, 0, "Approver unknown", "nobody");
    criteria_add(&cr, 0, "Approver only views", "view");
    it_assert_code(create(W.mgr, ref, "Review", 0, &cr, &out, &res), &res,
                   PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "gate.criteria[0].description");
    criteria cr2 = {0};
    criteria_add(&cr2, 0, "Approver unknown", "nobody");
    criteria_add(&cr2, 0, "Approver only views", "view");
    it_assert_code(create(W.mgr, ref, "Review", 0, &cr2, &out, &res), &res,
                   PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "gate.criteria[0].approver");
    it_assert_violation(&res, "gate.criteria[1].approver");
    /* Nothing of the refused gates was kept. */
    assert_int_equal(it_work_sql_int("SELECT count(*) FROM gates g JOIN"
                                     " work_items w ON w.id = g.milestone_id"
                                     " WHERE w.title = 'Validation milestone'"),
                     0);

    Pmo__V1__Gate *g = create_ok(ref, "Review", NULL);
    it_assert_code(create(W.mgr, ref, "Review", 0, NULL, &out, &res), &res,
                   PMO_ALREADY_EXISTS);

    char *bad_mask[] = {"item"};
    Pmo__V1__UpdateGateRequest uin = PMO__V1__UPDATE_GATE_REQUEST__INIT;
    Pmo__V1__Gate change = PMO__V1__GATE__INIT;
    uin.id = g->id;
    uin.gate = &change;
    uin.update_mask = bad_mask;
    uin.n_update_mask = 1;
    uin.expected_version = 1;
    it_assert_code(it_call(W.mgr, SVC, "UpdateGate", &uin.base, &res), &res,
                   PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "update_mask");

    /* A criterion id of another gate is not this gate's. */
    criteria cr3 = {0};
    criteria_add(&cr3, 999999, "Not here", "");
    char *crit_mask[] = {"criteria"};
    change.criteria = cr3.ptrs;
    change.n_criteria = cr3.n;
    uin.update_mask = crit_mask;
    it_assert_code(it_call(W.mgr, SVC, "UpdateGate", &uin.base, &res), &res,
                   PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "gate.criteria[0].id");

    it_assert_code(sign(W.con, 0, "x", NULL, &res), &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "id");
    it_work_free(g);
    it_work_free(task);
    free(ref);
}

static void test_viewers_and_contributors_do_not_write_gates(void **state)
{
    char *ref = milestone("Roles milestone");
    Pmo__V1__Gate *out;
    pmo_result res;
    it_assert_code(create(W.view, ref, "By a viewer", 0, NULL, &out, &res),
                   &res, PMO_PERMISSION_DENIED);
    it_assert_code(create(W.con, ref, "By a contributor", 0, NULL, &out, &res),
                   &res, PMO_PERMISSION_DENIED);
    it_assert_code(create(W.out, ref, "By a stranger", 0, NULL, &out, &res),
                   &res, PMO_NOT_FOUND);

    Pmo__V1__Gate *g = create_ok(ref, "Roles", NULL);
    Pmo__V1__DeleteGateRequest din = PMO__V1__DELETE_GATE_REQUEST__INIT;
    din.id = g->id;
    din.expected_version = 1;
    it_assert_code(it_call(W.view, SVC, "DeleteGate", &din.base, &res), &res,
                   PMO_PERMISSION_DENIED);
    it_assert_code(it_call(W.out, SVC, "DeleteGate", &din.base, &res), &res,
                   PMO_NOT_FOUND);
    it_assert_code(get(W.out, g->id, &out, &res), &res, PMO_NOT_FOUND);

    Pmo__V1__ApplyGateTemplateRequest ain =
        PMO__V1__APPLY_GATE_TEMPLATE_REQUEST__INIT;
    ain.item = ref;
    ain.template_ = "Security review";
    it_assert_code(it_call(W.view, SVC, "ApplyGateTemplate", &ain.base, &res),
                   &res, PMO_PERMISSION_DENIED);

    /* Reading is for everyone in the program. */
    Pmo__V1__GateStatus *st = status(W.view, ref);
    assert_int_equal(st->n_gates, 1);
    assert_true(st->ready);
    it_work_free(st);
    it_work_free(g);
    free(ref);
}

/* ----------------------------------------------------------- sign-offs */

static void test_only_the_named_approver_signs(void **state)
{
    char *ref = milestone("Sign milestone");
    criteria cr = {0};
    criteria_add(&cr, 0, "Runbook written", "con");
    Pmo__V1__Gate *g = create_ok(ref, "Launch", &cr);
    int64_t crit = g->criteria[0]->id;
    pmo_result res;

    /* Not the manager, not an admin, not a viewer: only con. */
    it_assert_code(sign(W.mgr, crit, "looked fine", NULL, &res), &res,
                   PMO_PERMISSION_DENIED);
    it_assert_contains(res.message, "con");
    it_assert_code(sign(W.admin, crit, "looked fine", NULL, &res), &res,
                   PMO_PERMISSION_DENIED);
    it_assert_code(sign(W.view, crit, "looked fine", NULL, &res), &res,
                   PMO_PERMISSION_DENIED);
    it_assert_code(sign(W.out, crit, "looked fine", NULL, &res), &res,
                   PMO_NOT_FOUND);
    it_assert_code(sign(W.con, crit, "", NULL, &res), &res,
                   PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "evidence");

    Pmo__V1__Gate *signed_gate;
    it_assert_code(
        sign(W.con, crit, "https://wiki/runbook", &signed_gate, &res), &res,
        PMO_OK);
    assert_true(signed_gate->criteria[0]->signed_off);
    assert_string_equal(signed_gate->criteria[0]->signed_by, "con");
    assert_string_equal(signed_gate->criteria[0]->evidence,
                        "https://wiki/runbook");
    assert_true(signed_gate->criteria[0]->signed_at_ms > 0);
    assert_int_equal(signed_gate->version, 2);
    it_work_free(signed_gate);

    it_assert_code(sign(W.con, crit, "again", NULL, &res), &res,
                   PMO_FAILED_PRECONDITION);
    it_assert_contains(res.message, "signed already");

    /* Another approver named: what con signed no longer stands. */
    criteria next = {0};
    criteria_add(&next, crit, "Runbook written", "mgr");
    Pmo__V1__Gate change = PMO__V1__GATE__INIT;
    change.criteria = next.ptrs;
    change.n_criteria = next.n;
    char *mask[] = {"criteria"};
    Pmo__V1__UpdateGateRequest uin = PMO__V1__UPDATE_GATE_REQUEST__INIT;
    uin.id = g->id;
    uin.gate = &change;
    uin.update_mask = mask;
    uin.n_update_mask = 1;
    uin.expected_version = 2;
    Pmo__V1__Gate *moved = NULL;
    it_assert_code(pmo_call(W.mgr, SVC, "UpdateGate", &uin.base,
                            (ProtobufCMessage **)&moved, &res),
                   &res, PMO_OK);
    assert_false(moved->criteria[0]->signed_off);
    assert_string_equal(moved->criteria[0]->approver, "mgr");
    it_work_free(moved);
    it_work_free(g);
    free(ref);
}

static int unsign(pmo_client *c, int64_t criterion, Pmo__V1__Gate **out,
                  pmo_result *res)
{
    Pmo__V1__UnsignCriterionRequest in =
        PMO__V1__UNSIGN_CRITERION_REQUEST__INIT;
    in.id = criterion;
    Pmo__V1__Gate *got = NULL;
    int code = pmo_call(c, SVC, "UnsignCriterion", &in.base,
                        (ProtobufCMessage **)&got, res);
    if (out)
        *out = got;
    else
        it_work_free(got);
    return code;
}

static void
test_a_sign_off_is_withdrawn_by_its_approver_or_a_manager(void **state)
{
    char *ref = milestone("Unsign milestone");
    criteria cr = {0};
    criteria_add(&cr, 0, "Pen test triaged", "con");
    criteria_add(&cr, 0, "Threat model current", "mgr");
    Pmo__V1__Gate *g = create_ok(ref, "Security review", &cr);
    int64_t mine = g->criteria[0]->id, theirs = g->criteria[1]->id;
    pmo_result res;
    it_assert_code(sign(W.con, mine, "report 7", NULL, &res), &res, PMO_OK);
    it_assert_code(sign(W.mgr, theirs, "model v3", NULL, &res), &res, PMO_OK);
    int64_t audited = audit_rows(g->id);

    /* Roles first: a viewer may not, a stranger does not see it. */
    it_assert_code(unsign(W.view, mine, NULL, &res), &res,
                   PMO_PERMISSION_DENIED);
    it_assert_code(unsign(W.out, mine, NULL, &res), &res, PMO_NOT_FOUND);
    /* A contributor withdraws only their own. */
    it_assert_code(unsign(W.con, theirs, NULL, &res), &res,
                   PMO_PERMISSION_DENIED);
    it_assert_contains(res.message, "its approver or a manager");

    Pmo__V1__Gate *after;
    it_assert_code(unsign(W.con, mine, &after, &res), &res, PMO_OK);
    assert_false(after->criteria[0]->signed_off);
    assert_string_equal(after->criteria[0]->signed_by, "");
    assert_string_equal(after->criteria[0]->evidence, "");
    assert_true(after->criteria[1]->signed_off);
    assert_int_equal(after->version, g->version + 3);
    it_work_free(after);
    assert_int_equal(audit_rows(g->id), audited + 1);
    it_assert_code(unsign(W.con, mine, NULL, &res), &res,
                   PMO_FAILED_PRECONDITION);
    it_assert_contains(res.message, "not signed");

    /* A manager withdraws anyone's; the milestone is held back again. */
    it_assert_code(unsign(W.mgr, theirs, NULL, &res), &res, PMO_OK);
    it_assert_code(finish(ref, false, &res), &res, PMO_FAILED_PRECONDITION);

    /* A finished milestone keeps its sign-offs: reopen it first. */
    it_assert_code(sign(W.con, mine, "report 8", NULL, &res), &res, PMO_OK);
    it_assert_code(sign(W.mgr, theirs, "model v4", NULL, &res), &res, PMO_OK);
    it_assert_code(finish(ref, false, &res), &res, PMO_OK);
    it_assert_code(unsign(W.mgr, mine, NULL, &res), &res,
                   PMO_FAILED_PRECONDITION);
    it_assert_contains(res.message, "reopen it first");
    Pmo__V1__GateStatus *st = status(W.view, ref);
    assert_true(st->ready);
    it_work_free(st);
    it_work_free(g);
    free(ref);
}

static void test_gate_blocks_the_milestone_until_all_signed(void **state)
{
    char *ref = milestone("GA");
    criteria cr = {0};
    criteria_add(&cr, 0, "Dashboards live", "con");
    criteria_add(&cr, 0, "Rollback tested", "mgr");
    Pmo__V1__Gate *g = create_ok(ref, "Launch readiness", &cr);
    pmo_result res;

    it_assert_code(finish(ref, BY_STATE, &res), &res, PMO_FAILED_PRECONDITION);
    it_assert_contains(res.message, "Launch readiness: Dashboards live");
    it_assert_contains(res.message, "Launch readiness: Rollback tested");
    it_assert_code(finish(ref, BY_ACTUAL_FINISH, &res), &res,
                   PMO_FAILED_PRECONDITION);
    it_assert_contains(res.message, "2 gate criteria are unsigned");
    it_assert_code(finish(ref, BY_PERCENT, &res), &res,
                   PMO_FAILED_PRECONDITION);
    it_assert_contains(res.message, "2 gate criteria are unsigned");
    /* 100 % is finishing: refused with the same list as state done. */
    it_assert_contains(res.message, "Launch readiness: Dashboards live");
    it_assert_contains(res.message, "Launch readiness: Rollback tested");

    Pmo__V1__GateStatus *st = status(W.view, ref);
    assert_false(st->ready);
    assert_int_equal(st->criteria, 2);
    assert_int_equal(st->n_pending, 2);
    it_work_free(st);

    it_assert_code(sign(W.con, g->criteria[0]->id, "grafana/ga", NULL, &res),
                   &res, PMO_OK);
    it_assert_code(finish(ref, BY_STATE, &res), &res, PMO_FAILED_PRECONDITION);
    it_assert_contains(res.message, "1 gate criterion is unsigned");
    it_assert_contains(res.message, "Rollback tested");
    if (strstr(res.message, "Dashboards live"))
        fail_msg("a signed criterion is named as left: %s", res.message);

    it_assert_code(
        sign(W.mgr, g->criteria[1]->id, "drill 2025-03-10", NULL, &res), &res,
        PMO_OK);
    st = status(W.view, ref);
    assert_true(st->ready);
    assert_int_equal(st->n_pending, 0);
    assert_string_equal(st->gates[0]->criteria[1]->signed_by, "mgr");
    it_work_free(st);
    it_assert_code(finish(ref, BY_STATE, &res), &res, PMO_OK);
    Pmo__V1__WorkItem *done;
    it_assert_code(it_work_get(W.view, ref, &done, &res), &res, PMO_OK);
    assert_int_equal(done->state, PMO__V1__WORK_STATE__STATE_DONE);
    it_work_free(done);

    /* A finished milestone takes no new unsigned criterion. */
    criteria more = {0};
    criteria_add(&more, 0, "Late addition", "");
    Pmo__V1__Gate *late;
    it_assert_code(create(W.mgr, ref, "Late gate", 0, &more, &late, &res), &res,
                   PMO_FAILED_PRECONDITION);
    it_assert_contains(res.message, "reopen");
    it_work_free(g);
    free(ref);
}

static void test_a_milestone_without_gates_finishes(void **state)
{
    char *ref = milestone("No gates");
    pmo_result res;
    it_assert_code(finish(ref, BY_STATE, &res), &res, PMO_OK);
    free(ref);
}

static void test_applying_a_gate_template_copies_its_criteria(void **state)
{
    char *ref = milestone("Security exit");
    Pmo__V1__ApplyGateTemplateRequest in =
        PMO__V1__APPLY_GATE_TEMPLATE_REQUEST__INIT;
    in.item = ref;
    in.template_ = "Security review";
    in.approver = "con";
    Pmo__V1__Gate *g = NULL;
    pmo_result res;
    it_assert_code(pmo_call(W.mgr, SVC, "ApplyGateTemplate", &in.base,
                            (ProtobufCMessage **)&g, &res),
                   &res, PMO_OK);
    assert_string_equal(g->name, "Security review");
    assert_int_equal(g->kind, PMO__V1__GATE_KIND__GATE_SECURITY);
    assert_int_equal(g->n_criteria, 4);
    assert_string_equal(g->criteria[0]->description,
                        "Threat model reviewed and up to date");
    for (size_t i = 0; i < g->n_criteria; i++)
        assert_string_equal(g->criteria[i]->approver, "con");
    it_work_free(g);

    in.template_ = "No such template";
    it_assert_code(it_call(W.mgr, SVC, "ApplyGateTemplate", &in.base, &res),
                   &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "template");
    Pmo__V1__GateStatus *st = status(W.mgr, ref);
    assert_int_equal(st->n_pending, 4);
    it_work_free(st);
    free(ref);
}

/* Gates do not stand in the way of deleting their program. */
/* The approver a gate template is applied with must be able to sign. */
static void test_a_gate_template_approver_needs_a_role(void **state)
{
    char *ref = milestone("Approver check");
    Pmo__V1__ApplyGateTemplateRequest in =
        PMO__V1__APPLY_GATE_TEMPLATE_REQUEST__INIT;
    in.item = ref;
    in.template_ = "Security review";
    static const struct {
        const char *approver, *says;
    } refused[] = {
        {"out", "out holds no role in GATE"},
        {"view", "view cannot sign in GATE"},
        {"ghost", "no user ghost"},
    };
    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        in.approver = (char *)refused[i].approver;
        pmo_result res;
        it_assert_code(it_call(W.mgr, SVC, "ApplyGateTemplate", &in.base,
                               &res),
                       &res, PMO_INVALID_ARGUMENT);
        it_assert_violation(&res, "approver");
        it_assert_contains(res.message, refused[i].says);
    }
    assert_int_equal(it_work_sql_int("SELECT count(*) FROM gates g JOIN"
                                     " work_items w ON w.id = g.milestone_id"
                                     " WHERE w.title = 'Approver check'"),
                     0);
    free(ref);
}

static void test_a_program_with_gates_can_be_deleted(void **state)
{
    char *ref = milestone("Last milestone");
    criteria cr = {0};
    criteria_add(&cr, 0, "Everything reviewed", "con");
    Pmo__V1__Gate *g = create_ok(ref, "Final", &cr);
    Pmo__V1__DeleteProgramRequest in = PMO__V1__DELETE_PROGRAM_REQUEST__INIT;
    in.key = "GATE";
    in.cascade = true;
    in.expected_version =
        it_work_sql_int("SELECT version FROM programs WHERE key = 'GATE'");
    pmo_result res;
    it_assert_code(it_call(W.admin, &pmo__v1__program_service__descriptor,
                           "DeleteProgram", &in.base, &res),
                   &res, PMO_OK);
    assert_int_equal(it_work_sql_int("SELECT count(*) FROM gates"), 0);
    assert_int_equal(it_work_sql_int("SELECT count(*) FROM gate_criteria"), 0);
    it_work_free(g);
    free(ref);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_get_list_update_delete),
        cmocka_unit_test(test_validation_names_fields),
        cmocka_unit_test(test_viewers_and_contributors_do_not_write_gates),
        cmocka_unit_test(test_only_the_named_approver_signs),
        cmocka_unit_test(test_gate_blocks_the_milestone_until_all_signed),
        cmocka_unit_test(
            test_a_sign_off_is_withdrawn_by_its_approver_or_a_manager),
        cmocka_unit_test(test_a_milestone_without_gates_finishes),
        cmocka_unit_test(test_applying_a_gate_template_copies_its_criteria),
        cmocka_unit_test(test_a_gate_template_approver_needs_a_role),
        /* Last: it deletes the fixture's program. */
        cmocka_unit_test(test_a_program_with_gates_can_be_deleted),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
