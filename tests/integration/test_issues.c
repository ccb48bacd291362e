/*
 * tests/integration/test_issues.c - RiskService's issues, decisions and
 * assumptions: create, read, list, change and delete, with their links,
 * flags and checks.
 */
#include "it_raid.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KEY "ISS"

static it_work w;

static int setup(void **state)
{
    it_raid_setup(&w, KEY);
    return 0;
}

static int teardown(void **state)
{
    it_work_teardown(&w);
    return 0;
}

static int issue_create(pmo_client *c, Pmo__V1__Issue *is, Pmo__V1__Issue **out,
                        pmo_result *res)
{
    Pmo__V1__CreateIssueRequest in = PMO__V1__CREATE_ISSUE_REQUEST__INIT;
    in.issue = is;
    return it_raid_call(c, "CreateIssue", &in, out, res);
}

static int issue_update(pmo_client *c, int64_t id, int64_t version,
                        Pmo__V1__Issue *is, char **mask, size_t n,
                        Pmo__V1__Issue **out, pmo_result *res)
{
    Pmo__V1__UpdateIssueRequest in = PMO__V1__UPDATE_ISSUE_REQUEST__INIT;
    in.id = id;
    in.expected_version = version;
    in.issue = is;
    in.update_mask = mask;
    in.n_update_mask = n;
    return it_raid_call(c, "UpdateIssue", &in, out, res);
}

static Pmo__V1__Decision *decision_add(const char *question)
{
    Pmo__V1__Decision d = PMO__V1__DECISION__INIT;
    d.program = KEY;
    d.question = (char *)question;
    Pmo__V1__CreateDecisionRequest in = PMO__V1__CREATE_DECISION_REQUEST__INIT;
    in.decision = &d;
    return it_raid_ok(w.mgr, "CreateDecision", &in);
}

/* -------------------------------------------------------------- issues */

static void test_issue_round_trip_with_links(void **state)
{
    Pmo__V1__Risk r = PMO__V1__RISK__INIT;
    r.program = KEY;
    r.title = "Linked risk";
    r.probability = 2;
    r.impact = 2;
    Pmo__V1__CreateRiskRequest rin = PMO__V1__CREATE_RISK_REQUEST__INIT;
    rin.risk = &r;
    Pmo__V1__Risk *risk = it_raid_ok(w.mgr, "CreateRisk", &rin);
    Pmo__V1__Decision *dec = decision_add("Escalate?");

    Pmo__V1__Issue is = PMO__V1__ISSUE__INIT;
    is.program = KEY;
    is.title = "Checkout down in EU";
    is.description = "502s since 09:00.";
    is.severity = PMO__V1__ISSUE_SEVERITY__ISSUE_CRITICAL;
    is.owner = "con";
    is.due_date = "2020-05-01";
    is.escalation = 2;
    char *items[] = {"ISS-3"};
    is.items = items;
    is.n_items = 1;
    int64_t risks[] = {risk->id}, decisions[] = {dec->id};
    is.risks = risks;
    is.n_risks = 1;
    is.decisions = decisions;
    is.n_decisions = 1;
    Pmo__V1__Issue *made;
    pmo_result res;
    it_assert_code(issue_create(w.mgr, &is, &made, &res), &res, PMO_OK);
    assert_int_equal(made->status, PMO__V1__ISSUE_STATUS__ISSUE_OPEN);
    assert_int_equal(made->version, 1);

    Pmo__V1__GetIssueRequest gin = PMO__V1__GET_ISSUE_REQUEST__INIT;
    gin.id = made->id;
    Pmo__V1__Issue *got = it_raid_ok(w.view, "GetIssue", &gin);
    assert_string_equal(got->program, KEY);
    assert_string_equal(got->title, "Checkout down in EU");
    assert_string_equal(got->description, "502s since 09:00.");
    assert_int_equal(got->severity, PMO__V1__ISSUE_SEVERITY__ISSUE_CRITICAL);
    assert_string_equal(got->owner, "con");
    assert_string_equal(got->due_date, "2020-05-01");
    assert_int_equal(got->escalation, 2);
    assert_true(got->overdue);
    assert_int_equal(got->n_items, 1);
    assert_string_equal(got->items[0], "ISS-3");
    assert_int_equal(got->n_risks, 1);
    assert_int_equal(got->risks[0], risk->id);
    assert_int_equal(got->n_decisions, 1);
    assert_int_equal(got->decisions[0], dec->id);
    it_raid_free(got);

    /* Resolved: no longer overdue; the item list is replaced. */
    Pmo__V1__Issue change = PMO__V1__ISSUE__INIT;
    change.status = PMO__V1__ISSUE_STATUS__ISSUE_RESOLVED;
    change.resolution = "Rolled back the deploy.";
    char *now[] = {"ISS-1", "ISS-2"};
    change.items = now;
    change.n_items = 2;
    char *mask[] = {"status", "resolution", "items"};
    Pmo__V1__Issue *changed;
    it_assert_code(
        issue_update(w.mgr, made->id, 1, &change, mask, 3, &changed, &res),
        &res, PMO_OK);
    assert_int_equal(changed->version, 2);
    assert_false(changed->overdue);
    assert_string_equal(changed->resolution, "Rolled back the deploy.");
    assert_int_equal(changed->n_items, 2);
    assert_string_equal(changed->items[1], "ISS-2");
    assert_string_equal(changed->title, "Checkout down in EU");
    assert_int_equal(changed->n_risks, 1);
    it_raid_free(changed);

    /* Stale, then a viewer, then a stranger. */
    it_assert_code(
        issue_update(w.mgr, made->id, 1, &change, mask, 3, &changed, &res),
        &res, PMO_ABORTED);
    it_assert_code(
        issue_update(w.view, made->id, 2, &change, mask, 3, &changed, &res),
        &res, PMO_PERMISSION_DENIED);
    it_assert_code(
        issue_update(w.out, made->id, 2, &change, mask, 3, &changed, &res),
        &res, PMO_NOT_FOUND);

    /* Filters: by severity and status. */
    Pmo__V1__ListIssuesRequest lin = PMO__V1__LIST_ISSUES_REQUEST__INIT;
    lin.program = KEY;
    lin.severity = PMO__V1__ISSUE_SEVERITY__ISSUE_CRITICAL;
    lin.status = PMO__V1__ISSUE_STATUS__ISSUE_RESOLVED;
    Pmo__V1__ListIssuesResponse *l = it_raid_ok(w.view, "ListIssues", &lin);
    assert_int_equal(l->n_issues, 1);
    assert_int_equal(l->issues[0]->id, made->id);
    it_raid_free(l);
    lin.status = PMO__V1__ISSUE_STATUS__ISSUE_OPEN;
    l = it_raid_ok(w.view, "ListIssues", &lin);
    assert_int_equal(l->n_issues, 0);
    it_raid_free(l);

    /* A deleted risk drops out of the issue's links. */
    Pmo__V1__DeleteRiskRequest rdel = PMO__V1__DELETE_RISK_REQUEST__INIT;
    rdel.id = risk->id;
    rdel.expected_version = 1;
    it_raid_free(it_raid_ok(w.mgr, "DeleteRisk", &rdel));
    got = it_raid_ok(w.view, "GetIssue", &gin);
    assert_int_equal(got->n_risks, 0);
    it_raid_free(got);

    Pmo__V1__DeleteIssueRequest del = PMO__V1__DELETE_ISSUE_REQUEST__INIT;
    del.id = made->id;
    del.expected_version = 1;
    void *none;
    it_assert_code(it_raid_call(w.mgr, "DeleteIssue", &del, &none, &res), &res,
                   PMO_ABORTED);
    del.expected_version = 2;
    it_assert_code(it_raid_call(w.view, "DeleteIssue", &del, &none, &res), &res,
                   PMO_PERMISSION_DENIED);
    it_assert_code(it_raid_call(w.mgr, "DeleteIssue", &del, &none, &res), &res,
                   PMO_OK);
    it_raid_free(none);
    it_assert_code(it_raid_call(w.view, "GetIssue", &gin, &none, &res), &res,
                   PMO_NOT_FOUND);
    it_raid_free(made);
    it_raid_free(dec);
    it_raid_free(risk);
}

static void test_bad_issues_are_named(void **state)
{
    static const struct {
        const char *field, *title;
        uint32_t escalation;
        int severity;
        int64_t risk, risk2;
        const char *item;
    } cases[] = {
        {"issue.title", "", 0, 0, 0, 0, NULL},
        {"issue.escalation", "t", 3, 0, 0, 0, NULL},
        {"issue.severity", "t", 0, 9, 0, 0, NULL},
        {"issue.risks[0]", "t", 0, 0, 999999, 0, NULL},
        {"issue.risks[1]", "t", 0, 0, 5, 5, NULL},
        {"issue.risks[0]", "t", 0, 0, -1, 0, NULL},
        {"issue.items[0]", "t", 0, 0, 0, 0, "ISS-0"},
    };
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        Pmo__V1__Issue is = PMO__V1__ISSUE__INIT;
        is.program = KEY;
        is.title = (char *)cases[k].title;
        is.escalation = cases[k].escalation;
        is.severity = (Pmo__V1__IssueSeverity)cases[k].severity;
        int64_t risks[] = {cases[k].risk, cases[k].risk2};
        is.risks = risks;
        is.n_risks = cases[k].risk2 ? 2 : cases[k].risk ? 1 : 0;
        char *items[] = {(char *)cases[k].item};
        is.items = items;
        is.n_items = cases[k].item ? 1 : 0;
        Pmo__V1__Issue *out;
        pmo_result res;
        it_assert_code(issue_create(w.mgr, &is, &out, &res), &res,
                       PMO_INVALID_ARGUMENT);
        it_assert_violation(&res, cases[k].field);
    }
    Pmo__V1__Issue is = PMO__V1__ISSUE__INIT;
    is.program = KEY;
    is.title = "Viewer's";
    Pmo__V1__Issue *out;
    pmo_result res;
    it_assert_code(issue_create(w.view, &is, &out, &res), &res,
                   PMO_PERMISSION_DENIED);
    assert_int_equal(it_raid_sql_int("SELECT count(*) FROM issues"
                                     " WHERE title IN ('t', 'Viewer''s')"),
                     0);
}

static void test_issue_owners_see_the_program_and_may_update(void **state)
{
    Pmo__V1__Issue is = PMO__V1__ISSUE__INIT;
    is.program = KEY;
    is.title = "Owned by a stranger";
    is.owner = "out";
    Pmo__V1__Issue *out;
    pmo_result res;
    it_assert_code(issue_create(w.mgr, &is, &out, &res), &res,
                   PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "issue.owner");
    it_assert_contains(res.message, "out holds no role");

    is.title = "Owned by con";
    is.owner = "con";
    it_assert_code(issue_create(w.mgr, &is, &out, &res), &res, PMO_OK);
    Pmo__V1__Issue change = PMO__V1__ISSUE__INIT;
    change.title = "Moved on by its owner";
    char *mask[] = {"title"};
    Pmo__V1__Issue *got;
    it_assert_code(issue_update(w.con, out->id, 1, &change, mask, 1, &got, &res),
                   &res, PMO_OK);
    assert_string_equal(got->title, "Moved on by its owner");
    it_raid_free(got);
    /* A viewer owns nothing here, and a contributor only their own. */
    is.title = "Owned by mgr";
    is.owner = "mgr";
    Pmo__V1__Issue *other;
    it_assert_code(issue_create(w.mgr, &is, &other, &res), &res, PMO_OK);
    it_assert_code(
        issue_update(w.con, other->id, 1, &change, mask, 1, &got, &res), &res,
        PMO_PERMISSION_DENIED);
    it_assert_code(
        issue_update(w.view, out->id, 2, &change, mask, 1, &got, &res), &res,
        PMO_PERMISSION_DENIED);
    it_raid_free(other);
    it_raid_free(out);
}

/* ----------------------------------------------------------- decisions */

static void test_decisions(void **state)
{
    Pmo__V1__Decision d = PMO__V1__DECISION__INIT;
    d.program = KEY;
    d.question = "Which payment provider?";
    d.context = "Contract ends in June.";
    char *options[] = {"Stay", "Switch to B", "Build"};
    d.options = options;
    d.n_options = 3;
    d.affects = "Checkout, refunds";
    char *items[] = {"ISS-1"};
    d.items = items;
    d.n_items = 1;
    Pmo__V1__CreateDecisionRequest in = PMO__V1__CREATE_DECISION_REQUEST__INIT;
    in.decision = &d;
    Pmo__V1__Decision *made = it_raid_ok(w.mgr, "CreateDecision", &in);
    assert_int_equal(made->status, PMO__V1__DECISION_STATUS__DECISION_PROPOSED);
    assert_int_equal(made->n_options, 3);
    assert_string_equal(made->options[1], "Switch to B");
    assert_string_equal(made->decided_on, "");

    /* Decided without a date: dated today, by whoever is named. */
    Pmo__V1__Decision change = PMO__V1__DECISION__INIT;
    change.status = PMO__V1__DECISION_STATUS__DECISION_DECIDED;
    change.decision = "Switch to B.";
    change.decided_by = "mgr";
    char *mask[] = {"status", "decision", "decided_by"};
    Pmo__V1__UpdateDecisionRequest up = PMO__V1__UPDATE_DECISION_REQUEST__INIT;
    up.id = made->id;
    up.expected_version = 1;
    up.decision = &change;
    up.update_mask = mask;
    up.n_update_mask = 3;
    Pmo__V1__Decision *decided = it_raid_ok(w.mgr, "UpdateDecision", &up);
    char today[16];
    it_sql(today, sizeof(today), "SELECT to_char(current_date, 'YYYY-MM-DD')");
    assert_string_equal(decided->decided_on, today);
    assert_string_equal(decided->decision, "Switch to B.");
    assert_string_equal(decided->decided_by, "mgr");
    assert_int_equal(decided->n_options, 3);
    assert_int_equal(decided->n_items, 1);
    assert_string_equal(decided->items[0], "ISS-1");

    void *none;
    pmo_result res;
    it_assert_code(it_raid_call(w.mgr, "UpdateDecision", &up, &none, &res),
                   &res, PMO_ABORTED);
    up.expected_version = 2;
    it_assert_code(it_raid_call(w.view, "UpdateDecision", &up, &none, &res),
                   &res, PMO_PERMISSION_DENIED);

    /* Decided with nothing decided; an empty option; no such decider. */
    Pmo__V1__Decision bad = PMO__V1__DECISION__INIT;
    bad.program = KEY;
    bad.question = "q";
    bad.status = PMO__V1__DECISION_STATUS__DECISION_DECIDED;
    in.decision = &bad;
    it_assert_code(it_raid_call(w.mgr, "CreateDecision", &in, &none, &res),
                   &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "decision.decision");
    bad.status = 0;
    char *empty[] = {"A", ""};
    bad.options = empty;
    bad.n_options = 2;
    bad.decided_by = "ghost";
    it_assert_code(it_raid_call(w.mgr, "CreateDecision", &in, &none, &res),
                   &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "decision.options[1]");
    bad.n_options = 0;
    it_assert_code(it_raid_call(w.mgr, "CreateDecision", &in, &none, &res),
                   &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "decision.decided_by");

    Pmo__V1__ListDecisionsRequest lin = PMO__V1__LIST_DECISIONS_REQUEST__INIT;
    lin.program = KEY;
    lin.status = PMO__V1__DECISION_STATUS__DECISION_DECIDED;
    Pmo__V1__ListDecisionsResponse *l =
        it_raid_ok(w.view, "ListDecisions", &lin);
    assert_int_equal(l->n_decisions, 1);
    assert_int_equal(l->decisions[0]->id, made->id);
    it_raid_free(l);

    Pmo__V1__DeleteDecisionRequest del = PMO__V1__DELETE_DECISION_REQUEST__INIT;
    del.id = made->id;
    del.expected_version = 2;
    it_raid_free(it_raid_ok(w.mgr, "DeleteDecision", &del));
    Pmo__V1__GetDecisionRequest gin = PMO__V1__GET_DECISION_REQUEST__INIT;
    gin.id = made->id;
    it_assert_code(it_raid_call(w.view, "GetDecision", &gin, &none, &res), &res,
                   PMO_NOT_FOUND);
    it_raid_free(decided);
    it_raid_free(made);
}

/* --------------------------------------------------------- assumptions */

static void test_assumptions(void **state)
{
    Pmo__V1__Assumption a = PMO__V1__ASSUMPTION__INIT;
    a.program = KEY;
    a.statement = "The vendor API stays on v2 until launch.";
    a.owner = "con";
    a.validate_by = "2020-02-01";
    Pmo__V1__CreateAssumptionRequest in =
        PMO__V1__CREATE_ASSUMPTION_REQUEST__INIT;
    in.assumption = &a;
    Pmo__V1__Assumption *late = it_raid_ok(w.mgr, "CreateAssumption", &in);
    assert_int_equal(late->status, PMO__V1__ASSUMPTION_STATUS__ASSUMPTION_OPEN);
    assert_true(late->overdue);
    a.statement = "Traffic doubles at most.";
    a.validate_by = "2099-02-01";
    Pmo__V1__Assumption *later = it_raid_ok(w.mgr, "CreateAssumption", &in);
    assert_false(later->overdue);

    Pmo__V1__ListAssumptionsRequest lin =
        PMO__V1__LIST_ASSUMPTIONS_REQUEST__INIT;
    lin.program = KEY;
    lin.overdue = true;
    Pmo__V1__ListAssumptionsResponse *l =
        it_raid_ok(w.view, "ListAssumptions", &lin);
    assert_int_equal(l->n_assumptions, 1);
    assert_int_equal(l->assumptions[0]->id, late->id);
    it_raid_free(l);

    /* Validated: no longer flagged. */
    Pmo__V1__Assumption change = PMO__V1__ASSUMPTION__INIT;
    change.status = PMO__V1__ASSUMPTION_STATUS__ASSUMPTION_VALIDATED;
    change.note = "Confirmed by their CTO.";
    char *mask[] = {"status", "note"};
    Pmo__V1__UpdateAssumptionRequest up =
        PMO__V1__UPDATE_ASSUMPTION_REQUEST__INIT;
    up.id = late->id;
    up.expected_version = 1;
    up.assumption = &change;
    up.update_mask = mask;
    up.n_update_mask = 2;
    Pmo__V1__Assumption *ok = it_raid_ok(w.mgr, "UpdateAssumption", &up);
    assert_false(ok->overdue);
    assert_int_equal(ok->version, 2);
    assert_string_equal(ok->note, "Confirmed by their CTO.");
    assert_string_equal(ok->owner, "con");
    void *none;
    pmo_result res;
    it_assert_code(it_raid_call(w.mgr, "UpdateAssumption", &up, &none, &res),
                   &res, PMO_ABORTED);
    up.expected_version = 2;
    it_assert_code(it_raid_call(w.view, "UpdateAssumption", &up, &none, &res),
                   &res, PMO_PERMISSION_DENIED);
    l = it_raid_ok(w.view, "ListAssumptions", &lin);
    assert_int_equal(l->n_assumptions, 0);
    it_raid_free(l);

    Pmo__V1__Assumption bad = PMO__V1__ASSUMPTION__INIT;
    bad.program = KEY;
    bad.statement = "";
    in.assumption = &bad;
    it_assert_code(it_raid_call(w.mgr, "CreateAssumption", &in, &none, &res),
                   &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "assumption.statement");
    bad.statement = "s";
    bad.validate_by = "soon";
    it_assert_code(it_raid_call(w.mgr, "CreateAssumption", &in, &none, &res),
                   &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "assumption.validate_by");

    Pmo__V1__DeleteAssumptionRequest del =
        PMO__V1__DELETE_ASSUMPTION_REQUEST__INIT;
    del.id = later->id;
    del.expected_version = 1;
    it_assert_code(it_raid_call(w.view, "DeleteAssumption", &del, &none, &res),
                   &res, PMO_PERMISSION_DENIED);
    it_raid_free(it_raid_ok(w.mgr, "DeleteAssumption", &del));
    Pmo__V1__GetAssumptionRequest gin = PMO__V1__GET_ASSUMPTION_REQUEST__INIT;
    gin.id = later->id;
    it_assert_code(it_raid_call(w.view, "GetAssumption", &gin, &none, &res),
                   &res, PMO_NOT_FOUND);
    it_raid_free(ok);
    it_raid_free(later);
    it_raid_free(late);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_issue_round_trip_with_links),
        cmocka_unit_test(test_bad_issues_are_named),
        cmocka_unit_test(test_issue_owners_see_the_program_and_may_update),
        cmocka_unit_test(test_decisions),
        cmocka_unit_test(test_assumptions),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
