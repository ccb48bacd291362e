/*
 * tests/integration/test_template_plans.c - the six seeded program
 * templates as plans: a program made from each passes every DCMA check
 * CheckSchedule runs, except those the template exempts with a reason;
 * its forecast has spread (P80 after P50); sequential steps are linked;
 * gate approvers are roles the caller must fill, checked before anything
 * is written.
 */
#include "it_work.h"
#include "pmo/v1/gate.pb-c.h"
#include "pmo/v1/schedule.pb-c.h"
#include "pmo/v1/template.pb-c.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TPL_SVC   (&pmo__v1__template_service__descriptor)
#define SCHED_SVC (&pmo__v1__schedule_service__descriptor)

static it_work W;

static int setup(void **state)
{
    it_work_setup(&W, "TPLANS");
    return 0;
}

static int teardown(void **state)
{
    it_work_teardown(&W);
    return 0;
}

/* Program key, with project "plan", owned by mgr; con holds no role. */
static void program_make(const char *key)
{
    char sql[1024];
    snprintf(sql, sizeof(sql),
             "WITH p AS (INSERT INTO programs (key, name) VALUES ('%s', '%s')"
             "  RETURNING id),"
             " j AS (INSERT INTO projects (program_id, key, name)"
             "  SELECT id, 'plan', 'Plan' FROM p)"
             " INSERT INTO program_members (program_id, user_id, role)"
             "  SELECT p.id, u.id, 4 FROM p, users u WHERE u.username = 'mgr'",
             key, key);
    it_sql(NULL, 0, sql);
}

static Pmo__V1__Template *template_get(const char *name)
{
    Pmo__V1__GetTemplateRequest in = PMO__V1__GET_TEMPLATE_REQUEST__INIT;
    in.name = (char *)name;
    Pmo__V1__Template *t = NULL;
    pmo_result res;
    it_assert_code(pmo_call(W.view, TPL_SVC, "GetTemplate", &in.base,
                            (ProtobufCMessage **)&t, &res),
                   &res, PMO_OK);
    return t;
}

/* ApplyTemplate of name into key's project "plan", roles[i] = users[i]. */
static int apply(const char *key, const char *name, char **roles,
                 const char *const *users, size_t n, pmo_result *res)
{
    Pmo__V1__RoleApprover given[16], *ptrs[16];
    assert_true(n <= 16);
    for (size_t i = 0; i < n; i++) {
        pmo__v1__role_approver__init(&given[i]);
        given[i].role = roles[i];
        given[i].username = (char *)users[i];
        ptrs[i] = &given[i];
    }
    Pmo__V1__ApplyTemplateRequest in = PMO__V1__APPLY_TEMPLATE_REQUEST__INIT;
    in.program = (char *)key;
    in.template_ = (char *)name;
    in.project = "plan";
    in.approvers = ptrs;
    in.n_approvers = n;
    return it_call(W.mgr, TPL_SVC, "ApplyTemplate", &in.base, res);
}

/* Every violation's description, one after another. */
static const char *violations_text(const pmo_result *res)
{
    static char text[4096];
    size_t at = 0;
    text[0] = '\0';
    for (size_t i = 0; i < res->n_violations && at < sizeof(text); i++)
        at += (size_t)snprintf(text + at, sizeof(text) - at, "%s; ",
                               res->violations[i].description);
    return text;
}

static const char *exemption_of(const Pmo__V1__Template *t, const char *check)
{
    for (size_t i = 0; i < t->n_exempt_checks; i++)
        if (strcmp(t->exempt_checks[i]->check, check) == 0)
            return t->exempt_checks[i]->reason;
    return NULL;
}

/* Every applicable check passes unless t exempts it, with a reason. */
static void schedule_healthy(const char *key, const Pmo__V1__Template *t)
{
    Pmo__V1__CheckScheduleRequest in = PMO__V1__CHECK_SCHEDULE_REQUEST__INIT;
    in.program = (char *)key;
    Pmo__V1__CheckScheduleResponse *out = NULL;
    pmo_result res;
    it_assert_code(pmo_call(W.mgr, SCHED_SVC, "CheckSchedule", &in.base,
                            (ProtobufCMessage **)&out, &res),
                   &res, PMO_OK);
    assert_int_equal(out->n_checks, 14);
    for (size_t i = 0; i < out->n_checks; i++) {
        const Pmo__V1__ScheduleCheck *c = out->checks[i];
        const char *why = exemption_of(t, c->id);
        if (!c->applicable || c->passed)
            continue;
        if (why == NULL || why[0] == '\0')
            fail_msg("%s: check %s fails and the template does not exempt "
                     "it: %s",
                     t->name, c->id, c->detail);
    }
    it_work_free(out);
}

/* The forecast's P80 finish falls after its P50: estimates have spread. */
static void forecast_spread(const char *key, const char *name)
{
    Pmo__V1__ForecastRequest in = PMO__V1__FORECAST_REQUEST__INIT;
    in.program = (char *)key;
    in.iterations = 2000;
    Pmo__V1__ForecastResponse *out = NULL;
    pmo_result res;
    it_assert_code(pmo_call(W.mgr, SCHED_SVC, "Forecast", &in.base,
                            (ProtobufCMessage **)&out, &res),
                   &res, PMO_OK);
    if (strcmp(out->finish->p80, out->finish->p50) <= 0)
        fail_msg("%s: P80 %s is not after P50 %s", name, out->finish->p80,
                 out->finish->p50);
    it_work_free(out);
}

/* True if the item titled to is reached from the one titled from. */
static bool reaches(const char *key, const char *from, const char *to)
{
    return it_work_sql_int(
               "WITH RECURSIVE r AS ("
               "  SELECT d.successor_id AS id FROM dependencies d"
               "   JOIN work_items w ON w.id = d.predecessor_id"
               "   JOIN programs p ON p.id = w.program_id"
               "  WHERE p.key = '%s' AND w.title = '%s'"
               "  UNION SELECT d.successor_id FROM dependencies d"
               "   JOIN r ON d.predecessor_id = r.id)"
               " SELECT count(*) FROM r JOIN work_items w ON w.id = r.id"
               " WHERE w.title = '%s'",
               key, from, to) > 0;
}

static const struct {
    const char *key, *name;
    /* A step that must come before another, as a TPM would order them. */
    const char *before, *after;
} six[] = {
    {"TINFRA", "Infrastructure", "Provision the environment",
     "Load test to the SLOs"},
    {"TSOFT", "Software development", "Implement the core services",
     "Beta with selected customers"},
    {"TSEC", "Security", "Fix critical vulnerabilities",
     "Verify fixes by rescanning"},
    {"TAIML", "AI/ML", "Train candidate models", "Evaluate on held-out data"},
    {"THW", "Hardware", "Build EVT units", "EVT functional tests"},
    {"TENT", "Enterprise systems", "Trial migration",
     "Reconcile migrated data"},
};

static void test_each_template_is_a_healthy_plan(void **state)
{
    for (size_t k = 0; k < sizeof(six) / sizeof(six[0]); k++) {
        Pmo__V1__Template *t = template_get(six[k].name);
        assert_true(t->n_approver_roles > 0);
        assert_true(t->version >= 2);
        const char *users[16];
        for (size_t i = 0; i < t->n_approver_roles; i++)
            users[i] = "con";
        program_make(six[k].key);
        pmo_result res;
        it_assert_code(apply(six[k].key, t->name, t->approver_roles, users,
                             t->n_approver_roles, &res),
                       &res, PMO_OK);
        schedule_healthy(six[k].key, t);
        forecast_spread(six[k].key, t->name);
        if (!reaches(six[k].key, six[k].before, six[k].after))
            fail_msg("%s: \"%s\" does not lead to \"%s\"", t->name,
                     six[k].before, six[k].after);
        it_work_free(t);
    }
}

static void test_the_software_template_has_a_security_review(void **state)
{
    Pmo__V1__Template *t = template_get("Software development");
    it_assert_contains(t->document, "\"kind\": \"security\"");
    bool named = false;
    for (size_t i = 0; i < t->n_approver_roles; i++)
        named |= strcmp(t->approver_roles[i], "security-lead") == 0;
    assert_true(named);
    it_work_free(t);
}

static void test_named_approvers_sign_and_may_sign(void **state)
{
    Pmo__V1__Template *t = template_get("Security");
    const char *users[16];
    for (size_t i = 0; i < t->n_approver_roles; i++)
        users[i] = i == 0 ? "con" : "mgr";
    program_make("TROLES");
    pmo_result res;
    it_assert_code(apply("TROLES", t->name, t->approver_roles, users,
                         t->n_approver_roles, &res),
                   &res, PMO_OK);
    /* con had no role there: the owner naming them made them contributor. */
    assert_int_equal(it_work_sql_int("SELECT m.role FROM program_members m"
                                     " JOIN programs p ON p.id = m.program_id"
                                     " JOIN users u ON u.id = m.user_id"
                                     " WHERE p.key = 'TROLES'"
                                     "   AND u.username = 'con'"),
                     2);
    /* The first role (compliance-officer) signs the three controls. */
    assert_int_equal(it_work_sql_int("SELECT count(*) FROM gate_criteria c"
                                     " JOIN gates g ON g.id = c.gate_id"
                                     " JOIN programs p ON p.id = g.program_id"
                                     " JOIN users u ON u.id = c.approver_id"
                                     " WHERE p.key = 'TROLES'"
                                     "   AND u.username = 'con'"),
                     3);
    assert_int_equal(it_work_sql_int("SELECT count(*) FROM audit_log"
                                     " WHERE entity = 'program_member'"
                                     "   AND entity_id = 'TROLES/con'"),
                     1);
    it_work_free(t);
}

static void test_roles_not_named_are_listed_and_nothing_is_made(void **state)
{
    program_make("TNONE");
    pmo_result res;
    it_assert_code(apply("TNONE", "Software development", NULL, NULL, 0, &res),
                   &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "approvers");
    it_assert_contains(violations_text(&res), "security-lead");
    it_assert_contains(violations_text(&res), "release-manager");

    char *roles[] = {"security-lead", "tech-lead", "release-manager",
                     "janitor"};
    const char *users[] = {"mgr", "mgr", "mgr", "mgr"};
    it_assert_code(
        apply("TNONE", "Software development", roles, users, 4, &res), &res,
        PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "approvers[3].role");
    it_assert_contains(violations_text(&res), "janitor");

    char *twice[] = {"tech-lead", "tech-lead"};
    it_assert_code(
        apply("TNONE", "Software development", twice, users, 2, &res), &res,
        PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "approvers[1].role");
    assert_int_equal(it_work_sql_int("SELECT count(*) FROM work_items w"
                                     " JOIN programs p ON p.id = w.program_id"
                                     " WHERE p.key = 'TNONE'"),
                     0);
}

/*
 * A manager (who cannot grant roles) names approvers who may not sign in
 * the program: each is refused under approvers[i].username, named, and
 * nothing of the template is made.
 */
static void test_approvers_without_a_role_are_named(void **state)
{
    Pmo__V1__Template *t = template_get("Software development");
    assert_true(t->n_approver_roles >= 2);
    const char *users[16];
    for (size_t i = 0; i < t->n_approver_roles; i++)
        users[i] = i == 0 ? "out" : i == 1 ? "view" : "mgr";
    it_sql(NULL, 0, "INSERT INTO projects (program_id, key, name)"
                    " SELECT id, 'plan', 'Plan' FROM programs"
                    " WHERE key = 'TPLANS'");
    int64_t items = it_work_sql_int("SELECT count(*) FROM work_items");
    pmo_result res;
    it_assert_code(apply(W.program, t->name, t->approver_roles, users,
                         t->n_approver_roles, &res),
                   &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "approvers[0].username");
    it_assert_violation(&res, "approvers[1].username");
    it_assert_contains(violations_text(&res), "out holds no role in TPLANS");
    it_assert_contains(violations_text(&res), "view cannot sign in TPLANS");
    assert_int_equal(it_work_sql_int("SELECT count(*) FROM work_items"), items);
    it_work_free(t);
}

/* Rows of everything a program made from a template writes, audit too. */
static const char rows_made[] =
    "SELECT (SELECT count(*) FROM programs) + (SELECT count(*) FROM projects)"
    " + (SELECT count(*) FROM work_items) + (SELECT count(*) FROM risks)"
    " + (SELECT count(*) FROM gates) + (SELECT count(*) FROM program_members)"
    " + (SELECT count(*) FROM audit_log)";

/*
 * A program made from a template that fails part way (its approver roles
 * left unfilled, found after the program and its project were made)
 * leaves no program, no items, no risks and no audit rows behind.
 */
static void test_a_failed_create_from_a_template_leaves_nothing(void **state)
{
    int64_t before = it_work_sql_int("%s", rows_made);
    Pmo__V1__Program p = PMO__V1__PROGRAM__INIT;
    p.key = "TGONE";
    p.name = "Never made";
    Pmo__V1__ApplyTemplateRequest in = PMO__V1__APPLY_TEMPLATE_REQUEST__INIT;
    in.create_program = &p;
    in.template_ = "Software development";
    in.project = "plan";
    pmo_result res;
    it_assert_code(it_call(W.mgr, TPL_SVC, "ApplyTemplate", &in.base, &res),
                   &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "approvers");
    it_assert_contains(violations_text(&res), "security-lead");
    assert_int_equal(
        it_work_sql_int("SELECT count(*) FROM programs WHERE key = 'TGONE'"),
        0);
    assert_int_equal(it_work_sql_int("SELECT count(*) FROM audit_log"
                                     " WHERE entity_id LIKE 'TGONE%%'"
                                     "    OR after::text LIKE '%%TGONE%%'"),
                     0);
    assert_int_equal(it_work_sql_int("%s", rows_made), before);

    /* A name of spaces is refused before anything, and named. */
    p.name = "   ";
    it_assert_code(it_call(W.mgr, TPL_SVC, "ApplyTemplate", &in.base, &res),
                   &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "create_program.name");
    assert_int_equal(it_work_sql_int("%s", rows_made), before);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_template_is_a_healthy_plan),
        cmocka_unit_test(test_the_software_template_has_a_security_review),
        cmocka_unit_test(test_named_approvers_sign_and_may_sign),
        cmocka_unit_test(test_roles_not_named_are_listed_and_nothing_is_made),
        cmocka_unit_test(test_a_failed_create_from_a_template_leaves_nothing),
        cmocka_unit_test(test_approvers_without_a_role_are_named),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
