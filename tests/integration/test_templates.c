/*
 * tests/integration/test_templates.c - TemplateService: the seeded
 * program and gate templates, templates added by admins (documents
 * checked by path), and applying a program template to a program.
 */
#include "it_work.h"
#include "pmo/v1/gate.pb-c.h"
#include "pmo/v1/template.pb-c.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SVC (&pmo__v1__template_service__descriptor)

static it_work W;

static int setup(void **state)
{
    it_work_setup(&W, "TPL");
    return 0;
}

static int teardown(void **state)
{
    it_work_teardown(&W);
    return 0;
}

static Pmo__V1__ListTemplatesResponse *list(Pmo__V1__TemplateKind kind,
                                            Pmo__V1__ProgramKind program_kind)
{
    Pmo__V1__ListTemplatesRequest in = PMO__V1__LIST_TEMPLATES_REQUEST__INIT;
    in.kind = kind;
    in.program_kind = program_kind;
    Pmo__V1__ListTemplatesResponse *out = NULL;
    pmo_result res;
    it_assert_code(pmo_call(W.view, SVC, "ListTemplates", &in.base,
                            (ProtobufCMessage **)&out, &res),
                   &res, PMO_OK);
    return out;
}

static int get(pmo_client *c, Pmo__V1__TemplateKind kind, const char *name,
               Pmo__V1__Template **out, pmo_result *res)
{
    Pmo__V1__GetTemplateRequest in = PMO__V1__GET_TEMPLATE_REQUEST__INIT;
    in.kind = kind;
    in.name = (char *)name;
    *out = NULL;
    return pmo_call(c, SVC, "GetTemplate", &in.base, (ProtobufCMessage **)out,
                    res);
}

/* ApplyTemplate of in, with mgr named for every approver role the template
 * has. */
static int apply_request(pmo_client *c, Pmo__V1__ApplyTemplateRequest *in,
                         Pmo__V1__ApplyTemplateResponse **out,
                         pmo_result *res)
{
    Pmo__V1__Template *t = NULL;
    Pmo__V1__RoleApprover given[16], *ptrs[16];
    if (get(W.view, 0, in->template_, &t, res) == PMO_OK) {
        assert_true(t->n_approver_roles <= 16);
        for (size_t i = 0; i < t->n_approver_roles; i++) {
            pmo__v1__role_approver__init(&given[i]);
            given[i].role = t->approver_roles[i];
            given[i].username = "mgr";
            ptrs[i] = &given[i];
        }
        in->approvers = ptrs;
        in->n_approvers = t->n_approver_roles;
    }
    Pmo__V1__ApplyTemplateResponse *got = NULL;
    int code = pmo_call(c, SVC, "ApplyTemplate", &in->base,
                        (ProtobufCMessage **)&got, res);
    if (t)
        it_work_free(t);
    if (out)
        *out = got;
    else
        it_work_free(got);
    return code;
}

/* ApplyTemplate of template name to project in an existing program. */
static int apply(pmo_client *c, const char *program, const char *name,
                 const char *project, Pmo__V1__ApplyTemplateResponse **out,
                 pmo_result *res)
{
    Pmo__V1__ApplyTemplateRequest in = PMO__V1__APPLY_TEMPLATE_REQUEST__INIT;
    in.program = (char *)program;
    in.template_ = (char *)name;
    in.project = (char *)project;
    return apply_request(c, &in, out, res);
}

static int create(pmo_client *c, Pmo__V1__TemplateKind kind, const char *name,
                  Pmo__V1__ProgramKind program_kind, const char *document,
                  Pmo__V1__Template **out, pmo_result *res)
{
    Pmo__V1__Template t = PMO__V1__TEMPLATE__INIT;
    t.kind = kind;
    t.name = (char *)name;
    t.program_kind = program_kind;
    t.document = (char *)document;
    Pmo__V1__CreateTemplateRequest in = PMO__V1__CREATE_TEMPLATE_REQUEST__INIT;
    in.template_ = &t;
    *out = NULL;
    return pmo_call(c, SVC, "CreateTemplate", &in.base,
                    (ProtobufCMessage **)out, res);
}

/* ------------------------------------------------------------- seeded */

static void test_six_program_templates_are_seeded(void **state)
{
    Pmo__V1__ListTemplatesResponse *all =
        list(PMO__V1__TEMPLATE_KIND__TEMPLATE_PROGRAM, 0);
    assert_int_equal(all->n_templates, 6);
    int seen[7] = {0};
    for (size_t i = 0; i < all->n_templates; i++) {
        assert_true(all->templates[i]->builtin);
        /* Listings leave the documents out. */
        assert_string_equal(all->templates[i]->document, "");
        seen[all->templates[i]->program_kind]++;
    }
    for (int k = 1; k <= 6; k++)
        assert_int_equal(seen[k], 1);
    it_work_free(all);

    Pmo__V1__ListTemplatesResponse *hw =
        list(0, PMO__V1__PROGRAM_KIND__PROGRAM_HARDWARE);
    assert_int_equal(hw->n_templates, 1);
    assert_string_equal(hw->templates[0]->name, "Hardware");
    it_work_free(hw);

    Pmo__V1__ListTemplatesResponse *gates =
        list(PMO__V1__TEMPLATE_KIND__TEMPLATE_GATE, 0);
    assert_true(gates->n_templates >= 2);
    it_work_free(gates);

    Pmo__V1__Template *t;
    pmo_result res;
    it_assert_code(get(W.view, 0, "Hardware", &t, &res), &res, PMO_OK);
    it_assert_contains(t->document, "\"PVT\"");
    it_assert_contains(t->document, "lead-time");
    /* Migration 0011 gave the seeded program templates their second version. */
    assert_int_equal(t->version, 2);
    assert_int_equal(t->n_exempt_checks, 1);
    assert_string_equal(t->exempt_checks[0]->check, "resources");
    assert_int_equal(t->n_approver_roles, 4);
    assert_string_equal(t->approver_roles[0], "compliance-officer");
    it_work_free(t);
    it_assert_code(get(W.view, PMO__V1__TEMPLATE_KIND__TEMPLATE_GATE,
                       "Launch readiness", &t, &res),
                   &res, PMO_OK);
    it_assert_contains(t->document, "Rollback tested");
    it_work_free(t);
    it_assert_code(get(W.view, 0, "No such", &t, &res), &res, PMO_NOT_FOUND);
}

static void
test_applying_hardware_seeds_phases_milestones_and_gates(void **state)
{
    Pmo__V1__ApplyTemplateResponse *out;
    pmo_result res;
    it_assert_code(apply(W.mgr, "TPL", "Hardware", "web", &out, &res), &res,
                   PMO_OK);
    assert_int_equal(out->n_phases, 5);
    assert_int_equal(out->n_milestones, 5);
    assert_int_equal(out->n_tasks, 17);
    assert_int_equal(out->gates, 6);
    assert_int_equal(out->criteria, 14);
    assert_int_equal(out->n_risks, 5);
    assert_string_equal(out->risks[0]->title,
                        "Long lead-time components delay builds");
    assert_string_equal(out->risks[0]->probability, "high");
    assert_string_equal(out->risks[0]->impact, "high");
    assert_string_equal(out->risks[0]->category, "vendor");
    assert_string_equal(out->risks[2]->category, "compliance");
    it_assert_contains(out->risks[0]->mitigation, "second sources");

    /* Phases are summaries, in order, with their milestones under them. */
    static const char *const phases[] = {"Concept and design", "EVT", "DVT",
                                         "PVT", "Mass production"};
    static const char *const exits[] = {"Design frozen", "EVT exit", "DVT exit",
                                        "PVT exit", "Mass production start"};
    for (size_t i = 0; i < 5; i++) {
        Pmo__V1__WorkItem *phase, *ms;
        it_assert_code(it_work_get(W.view, out->phases[i], &phase, &res), &res,
                       PMO_OK);
        assert_string_equal(phase->title, phases[i]);
        assert_int_equal(phase->kind, PMO__V1__WORK_ITEM_KIND__KIND_SUMMARY);
        it_assert_code(it_work_get(W.view, out->milestones[i], &ms, &res), &res,
                       PMO_OK);
        assert_string_equal(ms->title, exits[i]);
        assert_int_equal(ms->kind, PMO__V1__WORK_ITEM_KIND__KIND_MILESTONE);
        assert_string_equal(ms->parent, phase->ref);
        assert_string_equal(ms->project, "web");
        it_work_free(phase);
        it_work_free(ms);
    }
    /*
     * Tasks follow the tasks they name (EVT tests after the EVT build) or
     * the previous milestone; a milestone follows its phase's last tasks.
     */
    assert_int_equal(it_work_sql_int("SELECT count(*) FROM dependencies d"
                                     " JOIN programs p ON p.id = d.program_id"
                                     " WHERE p.key = 'TPL'"),
                     26);
    assert_int_equal(
        it_work_sql_int("SELECT count(*) FROM dependencies d"
                        " JOIN work_items a"
                        "   ON a.id = d.predecessor_id"
                        " JOIN work_items b ON b.id = d.successor_id"
                        " WHERE a.title = 'Build EVT units'"
                        "   AND b.title = 'EVT functional tests'"),
        1);
    /* Three-point estimates, so the forecast has spread. */
    assert_int_equal(
        it_work_sql_int("SELECT count(*) FROM work_items w"
                        " JOIN programs p ON p.id = w.program_id"
                        " WHERE p.key = 'TPL' AND w.kind = 2"
                        "   AND w.pessimistic_days <= w.optimistic_days"),
        0);

    /* DVT exit carries two gates, signed by the one who applied it. */
    Pmo__V1__GetGateStatusRequest sin = PMO__V1__GET_GATE_STATUS_REQUEST__INIT;
    sin.item = out->milestones[2];
    Pmo__V1__GateStatus *st = NULL;
    it_assert_code(pmo_call(W.view, &pmo__v1__gate_service__descriptor,
                            "GetGateStatus", &sin.base,
                            (ProtobufCMessage **)&st, &res),
                   &res, PMO_OK);
    assert_int_equal(st->n_gates, 2);
    assert_string_equal(st->gates[0]->name, "DVT exit review");
    assert_int_equal(st->gates[1]->kind, PMO__V1__GATE_KIND__GATE_COMPLIANCE);
    assert_string_equal(st->gates[0]->criteria[0]->approver, "mgr");
    assert_int_equal(st->n_pending, 4);
    assert_false(st->ready);
    it_work_free(st);

    /* A program that already has a plan takes another template too. */
    int64_t before = it_work_sql_int("SELECT count(*) FROM work_items w"
                                     " JOIN programs p ON p.id = w.program_id"
                                     " WHERE p.key = 'TPL'");
    Pmo__V1__ApplyTemplateResponse *more;
    it_assert_code(
        apply(W.mgr, "TPL", "Software development", "api", &more, &res), &res,
        PMO_OK);
    assert_int_equal(more->n_phases, 4);
    assert_int_equal(more->n_milestones, 4);
    assert_int_equal(more->gates, 3);
    int64_t after = it_work_sql_int("SELECT count(*) FROM work_items w"
                                    " JOIN programs p ON p.id = w.program_id"
                                    " WHERE p.key = 'TPL'");
    assert_int_equal(after - before,
                     more->n_phases + more->n_milestones + more->n_tasks);
    it_work_free(more);
    it_work_free(out);
}

static void test_apply_refuses_viewers_and_names_bad_fields(void **state)
{
    pmo_result res;
    it_assert_code(apply(W.view, "TPL", "Hardware", "web", NULL, &res), &res,
                   PMO_PERMISSION_DENIED);
    it_assert_code(apply(W.con, "TPL", "Hardware", "web", NULL, &res), &res,
                   PMO_PERMISSION_DENIED);
    it_assert_code(apply(W.out, "TPL", "Hardware", "web", NULL, &res), &res,
                   PMO_NOT_FOUND);
    it_assert_code(apply(W.mgr, "TPL", "No such", "web", NULL, &res), &res,
                   PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "template");
    it_assert_code(apply(W.mgr, "TPL", "Hardware", "nowhere", NULL, &res), &res,
                   PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "project");
    it_assert_code(apply(W.mgr, "TPL", "", "", NULL, &res), &res,
                   PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "template");
    it_assert_violation(&res, "project");
}

/* ------------------------------------------------------- admin-made */

static const char *const good_doc =
    "{\"phases\": [{\"title\": \"Pilot\","
    "  \"checklist\": [{\"title\": \"Pick pilot sites\", \"days\": 3}],"
    "  \"milestones\": [{\"title\": \"Pilot done\", \"gates\": [{"
    "    \"name\": \"Pilot review\", \"kind\": \"other\","
    "    \"criteria\": [\"Sites signed up\"]}]}]}],"
    " \"risks\": [{\"title\": \"Sites drop out\"}]}";

static void test_admins_add_templates_as_checked_documents(void **state)
{
    Pmo__V1__Template *t;
    pmo_result res;
    it_assert_code(create(W.mgr, 0, "Pilot",
                          PMO__V1__PROGRAM_KIND__PROGRAM_SOFTWARE, good_doc, &t,
                          &res),
                   &res, PMO_PERMISSION_DENIED);

    it_assert_code(create(W.admin, 0, "Pilot", 0, good_doc, &t, &res), &res,
                   PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "template.program_kind");
    it_assert_code(create(W.admin, 0, "Pilot",
                          PMO__V1__PROGRAM_KIND__PROGRAM_SOFTWARE,
                          "{\"phases\": [", &t, &res),
                   &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "template.document");
    it_assert_code(
        create(W.admin, 0, "Pilot", PMO__V1__PROGRAM_KIND__PROGRAM_SOFTWARE,
               "{\"phases\": [{\"title\": \"\", \"milestones\": [{\"title\":"
               " \"M\", \"gates\": [{\"name\": \"G\", \"kind\": \"bogus\","
               " \"criteria\": []}]}]}], \"risks\": [{\"title\": \"R\","
               " \"impact\": \"huge\"}]}",
               &t, &res),
        &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "template.document.phases[0].title");
    it_assert_violation(&res,
                        "template.document.phases[0].milestones[0].gates[0]"
                        ".kind");
    it_assert_violation(&res,
                        "template.document.phases[0].milestones[0].gates[0]"
                        ".criteria");
    it_assert_violation(&res, "template.document.risks[0].impact");

    it_assert_code(create(W.admin, 0, "Pilot",
                          PMO__V1__PROGRAM_KIND__PROGRAM_SOFTWARE, good_doc, &t,
                          &res),
                   &res, PMO_OK);
    assert_int_equal(t->kind, PMO__V1__TEMPLATE_KIND__TEMPLATE_PROGRAM);
    assert_int_equal(t->version, 1);
    assert_false(t->builtin);
    Pmo__V1__Template *dup;
    it_assert_code(create(W.admin, 0, "Pilot",
                          PMO__V1__PROGRAM_KIND__PROGRAM_SOFTWARE, good_doc,
                          &dup, &res),
                   &res, PMO_ALREADY_EXISTS);

    /* A manager applies it like a seeded one. */
    Pmo__V1__ApplyTemplateResponse *applied;
    it_assert_code(apply(W.mgr, "TPL", "Pilot", "web", &applied, &res), &res,
                   PMO_OK);
    assert_int_equal(applied->n_phases, 1);
    assert_int_equal(applied->n_tasks, 1);
    assert_int_equal(applied->gates, 1);
    assert_string_equal(applied->risks[0]->probability, "medium");
    it_work_free(applied);

    /* Versioned: a new document, then the old version is stale. */
    Pmo__V1__Template change = PMO__V1__TEMPLATE__INIT;
    change.document = "{\"phases\": [{\"title\": \"Pilot, take two\"}]}";
    change.description = "Second go";
    char *mask[] = {"document", "description"};
    Pmo__V1__UpdateTemplateRequest uin = PMO__V1__UPDATE_TEMPLATE_REQUEST__INIT;
    uin.id = t->id;
    uin.template_ = &change;
    uin.update_mask = mask;
    uin.n_update_mask = 2;
    uin.expected_version = 1;
    Pmo__V1__Template *changed = NULL;
    it_assert_code(pmo_call(W.admin, SVC, "UpdateTemplate", &uin.base,
                            (ProtobufCMessage **)&changed, &res),
                   &res, PMO_OK);
    assert_int_equal(changed->version, 2);
    assert_string_equal(changed->description, "Second go");
    it_assert_contains(changed->document, "take two");
    it_work_free(changed);
    it_assert_code(it_call(W.admin, SVC, "UpdateTemplate", &uin.base, &res),
                   &res, PMO_ABORTED);
    change.document = "[]";
    uin.expected_version = 2;
    it_assert_code(it_call(W.admin, SVC, "UpdateTemplate", &uin.base, &res),
                   &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "template.document");

    Pmo__V1__DeleteTemplateRequest din = PMO__V1__DELETE_TEMPLATE_REQUEST__INIT;
    din.id = t->id;
    din.expected_version = 2;
    it_work_free(t);
    it_assert_code(it_call(W.mgr, SVC, "DeleteTemplate", &din.base, &res), &res,
                   PMO_PERMISSION_DENIED);
    it_assert_code(it_call(W.admin, SVC, "DeleteTemplate", &din.base, &res),
                   &res, PMO_OK);
    it_assert_code(get(W.view, 0, "Pilot", &t, &res), &res, PMO_NOT_FOUND);
    assert_int_equal(it_work_sql_int("SELECT count(*) FROM audit_log"
                                     " WHERE entity = 'template'"
                                     "   AND entity_id = '%lld'",
                                     (long long)din.id),
                     3);
}

static void test_admins_add_gate_templates(void **state)
{
    Pmo__V1__Template *t;
    pmo_result res;
    it_assert_code(
        create(W.admin, PMO__V1__TEMPLATE_KIND__TEMPLATE_GATE, "Privacy review",
               PMO__V1__PROGRAM_KIND__PROGRAM_SECURITY,
               "{\"kind\": \"compliance\", \"criteria\": [\"DPIA\"]}", &t,
               &res),
        &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "template.program_kind");
    it_assert_code(create(W.admin, PMO__V1__TEMPLATE_KIND__TEMPLATE_GATE,
                          "Privacy review", 0, "{\"kind\": \"compliance\"}", &t,
                          &res),
                   &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "template.document.criteria");
    it_assert_code(
        create(W.admin, PMO__V1__TEMPLATE_KIND__TEMPLATE_GATE, "Privacy review",
               0,
               "{\"kind\": \"compliance\", \"criteria\": [\"DPIA done\","
               " \"Records of processing updated\"]}",
               &t, &res),
        &res, PMO_OK);
    it_work_free(t);

    Pmo__V1__WorkItem item = PMO__V1__WORK_ITEM__INIT;
    item.program = "TPL";
    item.project = "web";
    item.title = "Privacy exit";
    item.kind = PMO__V1__WORK_ITEM_KIND__KIND_MILESTONE;
    Pmo__V1__WorkItem *ms;
    it_assert_code(it_work_create(W.mgr, &item, &ms, &res), &res, PMO_OK);
    Pmo__V1__ApplyGateTemplateRequest in =
        PMO__V1__APPLY_GATE_TEMPLATE_REQUEST__INIT;
    in.item = ms->ref;
    in.template_ = "Privacy review";
    Pmo__V1__Gate *g = NULL;
    it_assert_code(pmo_call(W.mgr, &pmo__v1__gate_service__descriptor,
                            "ApplyGateTemplate", &in.base,
                            (ProtobufCMessage **)&g, &res),
                   &res, PMO_OK);
    assert_int_equal(g->kind, PMO__V1__GATE_KIND__GATE_COMPLIANCE);
    assert_int_equal(g->n_criteria, 2);
    assert_string_equal(g->criteria[1]->description,
                        "Records of processing updated");
    assert_string_equal(g->criteria[1]->approver, "mgr");
    it_work_free(g);
    it_work_free(ms);
}

/* ApplyTemplate making the program keyed key from template name. */
static int apply_new(pmo_client *c, const char *key, const char *name,
                     Pmo__V1__ApplyTemplateResponse **out, pmo_result *res)
{
    Pmo__V1__Program p = PMO__V1__PROGRAM__INIT;
    p.key = (char *)key;
    p.name = "Made from a template";
    Pmo__V1__ApplyTemplateRequest in = PMO__V1__APPLY_TEMPLATE_REQUEST__INIT;
    in.template_ = (char *)name;
    in.project = "plan";
    in.create_program = &p;
    return apply_request(c, &in, out, res);
}

static void test_a_program_made_from_a_template_is_all_or_nothing(void **state)
{
    /* Anyone may create a program: a contributor elsewhere makes NEWHW. */
    Pmo__V1__ApplyTemplateResponse *made;
    pmo_result res;
    it_assert_code(apply_new(W.con, "NEWHW", "Hardware", &made, &res), &res,
                   PMO_OK);
    assert_string_equal(made->program->key, "NEWHW");
    assert_true(made->n_risks > 0);
    assert_int_equal(it_work_sql_int("SELECT count(*) FROM risks r JOIN"
                                     " programs p ON p.id = r.program_id"
                                     " WHERE p.key = 'NEWHW'"),
                     (int64_t)made->n_risks);
    assert_int_equal(it_work_sql_int("SELECT m.role FROM program_members m"
                                     " JOIN programs p ON p.id = m.program_id"
                                     " JOIN users u ON u.id = m.user_id"
                                     " WHERE p.key = 'NEWHW'"
                                     "   AND u.username = 'con'"),
                     4);
    it_work_free(made);

    /*
     * A template whose second gate on one milestone repeats the first's
     * name fails at that gate, after the program, its project and its
     * items were made: none of them is left.
     */
    static const char doc[] =
        "{\"phases\": [{\"title\": \"Build\","
        " \"checklist\": [{\"title\": \"Solder\", \"days\": 2}],"
        " \"milestones\": [{\"title\": \"Built\", \"gates\": ["
        "  {\"name\": \"Review\", \"kind\": \"quality\","
        "   \"criteria\": [\"Looks right\"]},"
        "  {\"name\": \"Review\", \"kind\": \"quality\","
        "   \"criteria\": [\"Still right\"]}]}]}],"
        " \"risks\": [{\"title\": \"Parts late\"}]}";
    Pmo__V1__Template *t;
    it_assert_code(create(W.admin, 0, "Fails at its gates",
                          PMO__V1__PROGRAM_KIND__PROGRAM_HARDWARE, doc, &t,
                          &res),
                   &res, PMO_OK);
    it_work_free(t);
    int code = apply_new(W.mgr, "HALF", "Fails at its gates", &made, &res);
    if (code == PMO_OK)
        fail_msg("a template with two gates of one name applied");
    assert_int_equal(it_work_sql_int("SELECT count(*) FROM programs"
                                     " WHERE key = 'HALF'"),
                     0);
    assert_int_equal(it_work_sql_int("SELECT count(*) FROM work_items"
                                     " WHERE title = 'Solder'"),
                     0);

    /* A bad program is named under create_program, before anything. */
    it_assert_code(apply_new(W.mgr, "lower", "Hardware", &made, &res), &res,
                   PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "create_program.key");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_six_program_templates_are_seeded),
        cmocka_unit_test(
            test_applying_hardware_seeds_phases_milestones_and_gates),
        cmocka_unit_test(test_apply_refuses_viewers_and_names_bad_fields),
        cmocka_unit_test(test_admins_add_templates_as_checked_documents),
        cmocka_unit_test(test_admins_add_gate_templates),
        cmocka_unit_test(
            test_a_program_made_from_a_template_is_all_or_nothing),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
