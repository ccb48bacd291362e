/*
 * tests/integration/test_stakeholders.c - StakeholderService: create, read,
 * list, change and delete stakeholders with their RACI roles, as each role
 * in the program and as a stranger.
 */
#include "it_support.h"
#include "pmo/v1/stakeholder.pb-c.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PASSWORD "stakeholder pass 1"
#define SVC      (&pmo__v1__stakeholder_service__descriptor)

/*
 * The program model is made with SQL so these tests need nothing but
 * this service: CHKOUT with projects web and api and items CHKOUT-1 and
 * CHKOUT-2, and OTHER (with project elsewhere) that only admins see.
 */
static void fixture(void)
{
    pmo_client *admin = it_connect_admin();
    static const char *const users[] = {"sh.mgr", "sh.viewer", "sh.stranger",
                                        "sh.jane"};
    for (size_t i = 0; i < sizeof(users) / sizeof(*users); i++)
        it_create_user(admin, users[i], PASSWORD);
    pmo_client_close(admin);
    it_sql(NULL, 0,
           "INSERT INTO programs (key, name) VALUES ('CHKOUT', 'Checkout'),"
           " ('OTHER', 'Other');"
           "INSERT INTO program_members (program_id, user_id, role)"
           " SELECT p.id, u.id, v.role FROM programs p, users u,"
           " (VALUES ('sh.mgr', 3), ('sh.viewer', 1)) v(name, role)"
           " WHERE p.key = 'CHKOUT' AND u.username = v.name;"
           "INSERT INTO projects (program_id, key, name)"
           " SELECT id, v.key, v.key FROM programs,"
           " (VALUES ('web'), ('api')) v(key) WHERE programs.key = 'CHKOUT';"
           "INSERT INTO projects (program_id, key, name)"
           " SELECT id, 'elsewhere', 'Elsewhere' FROM programs"
           " WHERE key = 'OTHER';"
           "INSERT INTO work_items (program_id, project_id, number, title)"
           " SELECT p.program_id, p.id, v.n, 'Item ' || v.n FROM projects p,"
           " (VALUES (1), (2)) v(n) WHERE p.key = 'web';");
}

static int setup(void **state)
{
    fixture();
    return 0;
}

static pmo_client *as(const char *user)
{
    return it_connect_as(user, PASSWORD, NULL);
}

static Pmo__V1__RaciAssignment **raci_make(const char *const *targets,
                                           const int *roles, size_t n)
{
    Pmo__V1__RaciAssignment **list = calloc(n ? n : 1, sizeof(*list));
    for (size_t i = 0; i < n; i++) {
        list[i] = calloc(1, sizeof(**list));
        pmo__v1__raci_assignment__init(list[i]);
        list[i]->target = (char *)targets[i];
        list[i]->role = (Pmo__V1__Raci)roles[i];
    }
    return list;
}

static void raci_free(Pmo__V1__RaciAssignment **list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(list[i]);
    free(list);
}

static int create(pmo_client *c, Pmo__V1__Stakeholder *s,
                  Pmo__V1__Stakeholder **out, pmo_result *res)
{
    Pmo__V1__CreateStakeholderRequest in =
        PMO__V1__CREATE_STAKEHOLDER_REQUEST__INIT;
    in.stakeholder = s;
    *out = NULL;
    return pmo_call(c, SVC, "CreateStakeholder", &in.base,
                    (ProtobufCMessage **)out, res);
}

/* A stakeholder named name in CHKOUT with the given RACI list. */
static Pmo__V1__Stakeholder *create_ok(pmo_client *c, const char *name,
                                       const char *const *targets,
                                       const int *roles, size_t n)
{
    Pmo__V1__Stakeholder s = PMO__V1__STAKEHOLDER__INIT;
    s.program = "CHKOUT";
    s.name = (char *)name;
    s.raci = raci_make(targets, roles, n);
    s.n_raci = n;
    Pmo__V1__Stakeholder *out;
    pmo_result res;
    int code = create(c, &s, &out, &res);
    raci_free(s.raci, n);
    it_assert_code(code, &res, PMO_OK);
    return out;
}

static int get(pmo_client *c, int64_t id, Pmo__V1__Stakeholder **out,
               pmo_result *res)
{
    Pmo__V1__GetStakeholderRequest in = PMO__V1__GET_STAKEHOLDER_REQUEST__INIT;
    in.id = id;
    *out = NULL;
    return pmo_call(c, SVC, "GetStakeholder", &in.base,
                    (ProtobufCMessage **)out, res);
}

static int update(pmo_client *c, int64_t id, int64_t version,
                  Pmo__V1__Stakeholder *s, char **mask, size_t n_mask,
                  Pmo__V1__Stakeholder **out, pmo_result *res)
{
    Pmo__V1__UpdateStakeholderRequest in =
        PMO__V1__UPDATE_STAKEHOLDER_REQUEST__INIT;
    in.id = id;
    in.expected_version = version;
    in.stakeholder = s;
    in.update_mask = mask;
    in.n_update_mask = n_mask;
    *out = NULL;
    return pmo_call(c, SVC, "UpdateStakeholder", &in.base,
                    (ProtobufCMessage **)out, res);
}

static int delete (pmo_client *c, int64_t id, int64_t version, pmo_result *res)
{
    Pmo__V1__DeleteStakeholderRequest in =
        PMO__V1__DELETE_STAKEHOLDER_REQUEST__INIT;
    in.id = id;
    in.expected_version = version;
    return it_call(c, SVC, "DeleteStakeholder", &in.base, res);
}

static Pmo__V1__ListStakeholdersResponse *
list(pmo_client *c, const char *target, uint32_t page_size, const char *token)
{
    Pmo__V1__ListStakeholdersRequest in =
        PMO__V1__LIST_STAKEHOLDERS_REQUEST__INIT;
    in.program = "CHKOUT";
    in.target = (char *)target;
    in.page_size = page_size;
    in.page_token = (char *)token;
    Pmo__V1__ListStakeholdersResponse *out = NULL;
    pmo_result res;
    int code = pmo_call(c, SVC, "ListStakeholders", &in.base,
                        (ProtobufCMessage **)&out, &res);
    it_assert_code(code, &res, PMO_OK);
    return out;
}

static int64_t sql_count(const char *sql)
{
    char out[32];
    it_sql(out, sizeof(out), sql);
    return strtoll(out, NULL, 10);
}

static void free_msg(void *m)
{
    if (m)
        protobuf_c_message_free_unpacked(m, NULL);
}

/* ------------------------------------------------------------ happy paths */

static void test_create_fills_defaults_and_sorts_raci(void **state)
{
    pmo_client *mgr = as("sh.mgr");
    static const char *const targets[] = {"web", "CHKOUT-2", "api"};
    static const int roles[] = {PMO__V1__RACI__RACI_ACCOUNTABLE,
                                PMO__V1__RACI__RACI_INFORMED,
                                PMO__V1__RACI__RACI_CONSULTED};
    Pmo__V1__Stakeholder *s =
        create_ok(mgr, "Dana Defaults", targets, roles, 3);
    assert_true(s->id > 0);
    assert_string_equal(s->program, "CHKOUT");
    assert_string_equal(s->name, "Dana Defaults");
    assert_int_equal(s->kind, PMO__V1__STAKEHOLDER_KIND__STAKEHOLDER_INTERNAL);
    assert_int_equal(s->interest, PMO__V1__LEVEL__LEVEL_MEDIUM);
    assert_int_equal(s->influence, PMO__V1__LEVEL__LEVEL_MEDIUM);
    assert_int_equal(s->version, 1);
    assert_int_equal(s->n_raci, 3);
    /* In target order, the order every read gives. */
    assert_string_equal(s->raci[0]->target, "CHKOUT-2");
    assert_int_equal(s->raci[0]->role, PMO__V1__RACI__RACI_INFORMED);
    assert_string_equal(s->raci[1]->target, "api");
    assert_string_equal(s->raci[2]->target, "web");
    assert_int_equal(s->raci[2]->role, PMO__V1__RACI__RACI_ACCOUNTABLE);
    free_msg(s);
    pmo_client_close(mgr);
}

static void test_get_returns_every_field_stored(void **state)
{
    pmo_client *mgr = as("sh.mgr");
    static const char *const targets[] = {"CHKOUT-1"};
    static const int roles[] = {PMO__V1__RACI__RACI_RESPONSIBLE};
    Pmo__V1__Stakeholder s = PMO__V1__STAKEHOLDER__INIT;
    s.program = "CHKOUT";
    s.name = "Jane Vendor";
    s.title = "Account lead";
    s.organisation = "Acme Payments";
    s.kind = PMO__V1__STAKEHOLDER_KIND__STAKEHOLDER_EXTERNAL_VENDOR;
    s.email = "jane@acme.example";
    s.phone = "+44 (20) 7946-0000";
    s.interest = PMO__V1__LEVEL__LEVEL_HIGH;
    s.influence = PMO__V1__LEVEL__LEVEL_LOW;
    s.username = "sh.jane";
    s.notes = "Signs off the payment page.\nPrefers e-mail.";
    s.raci = raci_make(targets, roles, 1);
    s.n_raci = 1;
    Pmo__V1__Stakeholder *made, *got;
    pmo_result res;
    int code = create(mgr, &s, &made, &res);
    raci_free(s.raci, 1);
    it_assert_code(code, &res, PMO_OK);

    pmo_client *viewer = as("sh.viewer");
    code = get(viewer, made->id, &got, &res);
    it_assert_code(code, &res, PMO_OK);
    assert_int_equal(got->id, made->id);
    assert_string_equal(got->program, "CHKOUT");
    assert_string_equal(got->name, "Jane Vendor");
    assert_string_equal(got->title, "Account lead");
    assert_string_equal(got->organisation, "Acme Payments");
    assert_int_equal(got->kind,
                     PMO__V1__STAKEHOLDER_KIND__STAKEHOLDER_EXTERNAL_VENDOR);
    assert_string_equal(got->email, "jane@acme.example");
    assert_string_equal(got->phone, "+44 (20) 7946-0000");
    assert_int_equal(got->interest, PMO__V1__LEVEL__LEVEL_HIGH);
    assert_int_equal(got->influence, PMO__V1__LEVEL__LEVEL_LOW);
    assert_string_equal(got->username, "sh.jane");
    assert_string_equal(got->notes,
                        "Signs off the payment page.\nPrefers e-mail.");
    assert_int_equal(got->n_raci, 1);
    assert_string_equal(got->raci[0]->target, "CHKOUT-1");
    assert_int_equal(got->raci[0]->role, PMO__V1__RACI__RACI_RESPONSIBLE);
    assert_int_equal(got->version, 1);
    free_msg(made);
    free_msg(got);
    pmo_client_close(viewer);
    pmo_client_close(mgr);
}

static void test_list_pages_in_id_order_and_filters_by_target(void **state)
{
    pmo_client *mgr = as("sh.mgr");
    it_sql(NULL, 0,
           "DELETE FROM stakeholders s USING programs p"
           " WHERE p.id = s.program_id AND p.key = 'CHKOUT'");
    static const char *const t_api[] = {"api"};
    static const char *const t_both[] = {"api", "CHKOUT-1"};
    static const int roles[] = {1, 4};
    Pmo__V1__Stakeholder *made[3] = {
        create_ok(mgr, "List One", t_api, roles, 1),
        create_ok(mgr, "List Two", NULL, NULL, 0),
        create_ok(mgr, "List Three", t_both, roles, 2),
    };

    pmo_client *viewer = as("sh.viewer");
    Pmo__V1__ListStakeholdersResponse *page = list(viewer, "", 2, "");
    assert_int_equal(page->n_stakeholders, 2);
    assert_int_equal(page->stakeholders[0]->id, made[0]->id);
    assert_int_equal(page->stakeholders[1]->id, made[1]->id);
    assert_string_not_equal(page->next_page_token, "");
    Pmo__V1__ListStakeholdersResponse *next =
        list(viewer, "", 2, page->next_page_token);
    assert_int_equal(next->n_stakeholders, 1);
    assert_int_equal(next->stakeholders[0]->id, made[2]->id);
    /* The RACI list comes with each row of a page. */
    assert_int_equal(next->stakeholders[0]->n_raci, 2);
    assert_string_equal(next->stakeholders[0]->raci[0]->target, "CHKOUT-1");
    assert_string_equal(next->next_page_token, "");
    free_msg(page);
    free_msg(next);

    Pmo__V1__ListStakeholdersResponse *on_api = list(viewer, "api", 0, "");
    assert_int_equal(on_api->n_stakeholders, 2);
    assert_int_equal(on_api->stakeholders[0]->id, made[0]->id);
    assert_int_equal(on_api->stakeholders[1]->id, made[2]->id);
    free_msg(on_api);
    Pmo__V1__ListStakeholdersResponse *on_item =
        list(viewer, "CHKOUT-1", 0, "");
    assert_int_equal(on_item->n_stakeholders, 1);
    assert_int_equal(on_item->stakeholders[0]->id, made[2]->id);
    free_msg(on_item);
    for (size_t i = 0; i < 3; i++)
        free_msg(made[i]);
    pmo_client_close(viewer);
    pmo_client_close(mgr);
}

static void test_list_refuses_bad_page_arguments(void **state)
{
    pmo_client *mgr = as("sh.mgr");
    Pmo__V1__ListStakeholdersRequest in =
        PMO__V1__LIST_STAKEHOLDERS_REQUEST__INIT;
    in.program = "CHKOUT";
    in.page_token = "not-a-token";
    pmo_result res;
    int code = it_call(mgr, SVC, "ListStakeholders", &in.base, &res);
    it_assert_code(code, &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "page_token");
    in.page_token = "";
    in.page_size = 1001;
    code = it_call(mgr, SVC, "ListStakeholders", &in.base, &res);
    it_assert_code(code, &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "page_size");
    pmo_client_close(mgr);
}

/* ------------------------------------------------------------- validation */

typedef struct bad_case {
    const char *what;
    const char *name, *title, *organisation, *email, *phone, *username, *notes;
    int kind, interest, influence;
    const char *targets[3];
    int roles[3];
    const char *field;
    const char *says; /* part of the message, or NULL */
} bad_case;

static char long_200[202], long_notes[10002];

static const bad_case bad_cases[] = {
    {.what = "empty name", .name = "", .field = "stakeholder.name"},
    {.what = "name of spaces only", .name = "   ", .field = "stakeholder.name"},
    {.what = "name over 200", .name = long_200, .field = "stakeholder.name"},
    {.what = "name with a newline",
     .name = "two\nlines",
     .field = "stakeholder.name"},
    {.what = "title over 200", .title = long_200, .field = "stakeholder.title"},
    {.what = "organisation with a control character",
     .organisation = "Acme\x07",
     .field = "stakeholder.organisation"},
    {.what = "unknown kind", .kind = 9, .field = "stakeholder.kind"},
    {.what = "negative kind", .kind = -1, .field = "stakeholder.kind"},
    {.what = "email without @",
     .email = "jane.example.com",
     .field = "stakeholder.email"},
    {.what = "phone with letters",
     .phone = "555-CALL",
     .field = "stakeholder.phone"},
    {.what = "phone over 40",
     .phone = "12345678901234567890123456789012345678901",
     .field = "stakeholder.phone"},
    {.what = "unknown interest",
     .interest = 4,
     .field = "stakeholder.interest"},
    {.what = "unknown influence",
     .influence = 7,
     .field = "stakeholder.influence"},
    {.what = "username not a username",
     .username = "Jane Doe",
     .field = "stakeholder.username"},
    {.what = "username of no user",
     .username = "nobody.here",
     .field = "stakeholder.username",
     .says = "no user nobody.here"},
    {.what = "notes over 10000",
     .notes = long_notes,
     .field = "stakeholder.notes"},
    {.what = "notes with a control character",
     .notes = "bell \x07",
     .field = "stakeholder.notes"},
    {.what = "empty target",
     .targets = {""},
     .roles = {1},
     .field = "stakeholder.raci[0].target"},
    {.what = "target not in the program",
     .targets = {"web", "CHKOUT-1", "CHKOUT-99"},
     .roles = {1, 2, 3},
     .field = "stakeholder.raci[2].target",
     .says = "no project or work item CHKOUT-99 in CHKOUT"},
    {.what = "project of another program",
     .targets = {"elsewhere"},
     .roles = {1},
     .field = "stakeholder.raci[0].target",
     .says = "no project or work item elsewhere in CHKOUT"},
    {.what = "ref of another program",
     .targets = {"OTHER-1"},
     .roles = {1},
     .field = "stakeholder.raci[0].target"},
    {.what = "ref with a leading zero",
     .targets = {"CHKOUT-01"},
     .roles = {1},
     .field = "stakeholder.raci[0].target"},
    {.what = "duplicate target",
     .targets = {"web", "web"},
     .roles = {1, 2},
     .field = "stakeholder.raci[1].target",
     .says = "already listed"},
    {.what = "unspecified role",
     .targets = {"web"},
     .roles = {0},
     .field = "stakeholder.raci[0].role"},
    {.what = "unknown role",
     .targets = {"web", "api"},
     .roles = {1, 5},
     .field = "stakeholder.raci[1].role"},
};

static void test_create_names_each_bad_field(void **state)
{
    memset(long_200, 'x', 201);
    memset(long_notes, 'n', 10001);
    pmo_client *mgr = as("sh.mgr");
    int64_t before = sql_count("SELECT count(*) FROM stakeholders");
    for (size_t i = 0; i < sizeof(bad_cases) / sizeof(*bad_cases); i++) {
        const bad_case *b = &bad_cases[i];
        Pmo__V1__Stakeholder s = PMO__V1__STAKEHOLDER__INIT;
        s.program = "CHKOUT";
        s.name = (char *)(b->name ? b->name : "Valid Person");
#define OVERRIDE(f)                                                            \
    if (b->f)                                                                  \
    s.f = (char *)b->f
        OVERRIDE(title);
        OVERRIDE(organisation);
        OVERRIDE(email);
        OVERRIDE(phone);
        OVERRIDE(username);
        OVERRIDE(notes);
#undef OVERRIDE
        s.kind = (Pmo__V1__StakeholderKind)b->kind;
        s.interest = (Pmo__V1__Level)b->interest;
        s.influence = (Pmo__V1__Level)b->influence;
        size_t n = 0;
        while (n < 3 && b->targets[n])
            n++;
        s.raci = raci_make(b->targets, b->roles, n);
        s.n_raci = n;
        Pmo__V1__Stakeholder *out;
        pmo_result res;
        int code = create(mgr, &s, &out, &res);
        raci_free(s.raci, n);
        free_msg(out);
        if (code != PMO_INVALID_ARGUMENT)
            fail_msg("%s: expected INVALID_ARGUMENT, got %s (\"%s\")", b->what,
                     pmo_status_name(code), res.message);
        it_assert_violation(&res, b->field);
        if (b->says)
            it_assert_contains(res.message, b->says);
    }
    /* Problems found by the write itself leave nothing behind. */
    assert_int_equal(sql_count("SELECT count(*) FROM stakeholders"), before);
    assert_int_equal(sql_count("SELECT count(*) FROM stakeholder_raci r"
                               " WHERE NOT EXISTS (SELECT 1 FROM stakeholders"
                               " s WHERE s.id = r.stakeholder_id)"),
                     0);
    pmo_client_close(mgr);
}

static void test_create_refuses_more_than_200_assignments(void **state)
{
    pmo_client *mgr = as("sh.mgr");
    enum { N = 201 };
    static char names[N][16];
    const char *targets[N];
    int roles[N];
    for (int i = 0; i < N; i++) {
        snprintf(names[i], sizeof(names[i]), "t%d", i);
        targets[i] = names[i];
        roles[i] = 1;
    }
    Pmo__V1__Stakeholder s = PMO__V1__STAKEHOLDER__INIT;
    s.program = "CHKOUT";
    s.name = "Too Busy";
    s.raci = raci_make(targets, roles, N);
    s.n_raci = N;
    Pmo__V1__Stakeholder *out;
    pmo_result res;
    int code = create(mgr, &s, &out, &res);
    raci_free(s.raci, N);
    it_assert_code(code, &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "stakeholder.raci");
    pmo_client_close(mgr);
}

static void test_create_needs_the_stakeholder_and_program(void **state)
{
    pmo_client *mgr = as("sh.mgr");
    Pmo__V1__CreateStakeholderRequest in =
        PMO__V1__CREATE_STAKEHOLDER_REQUEST__INIT;
    pmo_result res;
    int code = it_call(mgr, SVC, "CreateStakeholder", &in.base, &res);
    it_assert_code(code, &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "stakeholder");
    Pmo__V1__Stakeholder s = PMO__V1__STAKEHOLDER__INIT;
    s.name = "No Program";
    Pmo__V1__Stakeholder *out;
    code = create(mgr, &s, &out, &res);
    it_assert_code(code, &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "stakeholder.program");
    pmo_client_close(mgr);
}

/* ------------------------------------------------------------------ roles */

static void test_viewer_reads_but_cannot_write(void **state)
{
    pmo_client *mgr = as("sh.mgr");
    Pmo__V1__Stakeholder *made = create_ok(mgr, "Read Only", NULL, NULL, 0);
    pmo_client *viewer = as("sh.viewer");
    Pmo__V1__Stakeholder s = PMO__V1__STAKEHOLDER__INIT;
    s.program = "CHKOUT";
    s.name = "Viewer Made";
    Pmo__V1__Stakeholder *out;
    pmo_result res;
    int code = create(viewer, &s, &out, &res);
    it_assert_code(code, &res, PMO_PERMISSION_DENIED);
    it_assert_contains(res.message, "manager");

    char *mask[] = {"name"};
    code = update(viewer, made->id, made->version, &s, mask, 1, &out, &res);
    it_assert_code(code, &res, PMO_PERMISSION_DENIED);
    code = delete (viewer, made->id, made->version, &res);
    it_assert_code(code, &res, PMO_PERMISSION_DENIED);

    code = get(viewer, made->id, &out, &res);
    it_assert_code(code, &res, PMO_OK);
    free_msg(out);
    free_msg(made);
    pmo_client_close(viewer);
    pmo_client_close(mgr);
}

static void test_stranger_is_told_nothing_exists(void **state)
{
    pmo_client *mgr = as("sh.mgr");
    Pmo__V1__Stakeholder *made = create_ok(mgr, "Hidden", NULL, NULL, 0);
    pmo_client *stranger = as("sh.stranger");
    Pmo__V1__Stakeholder s = PMO__V1__STAKEHOLDER__INIT;
    s.program = "CHKOUT";
    s.name = "Intruder";
    Pmo__V1__Stakeholder *out;
    pmo_result res;
    int code = create(stranger, &s, &out, &res);
    it_assert_code(code, &res, PMO_NOT_FOUND);

    Pmo__V1__ListStakeholdersRequest in =
        PMO__V1__LIST_STAKEHOLDERS_REQUEST__INIT;
    in.program = "CHKOUT";
    code = it_call(stranger, SVC, "ListStakeholders", &in.base, &res);
    it_assert_code(code, &res, PMO_NOT_FOUND);

    /* The same answer as for an id that was never used. */
    code = get(stranger, made->id, &out, &res);
    it_assert_code(code, &res, PMO_NOT_FOUND);
    char want[64];
    snprintf(want, sizeof(want), "no stakeholder %lld", (long long)made->id);
    assert_string_equal(res.message, want);
    code = get(stranger, 999999, &out, &res);
    it_assert_code(code, &res, PMO_NOT_FOUND);
    assert_string_equal(res.message, "no stakeholder 999999");

    char *mask[] = {"name"};
    code = update(stranger, made->id, made->version, &s, mask, 1, &out, &res);
    it_assert_code(code, &res, PMO_NOT_FOUND);
    assert_string_equal(res.message, want);
    code = delete (stranger, made->id, made->version, &res);
    it_assert_code(code, &res, PMO_NOT_FOUND);
    assert_string_equal(res.message, want);
    free_msg(made);
    pmo_client_close(stranger);
    pmo_client_close(mgr);
}

static void test_manager_cannot_reach_another_program(void **state)
{
    char id[32];
    it_sql(id, sizeof(id),
           "INSERT INTO stakeholders (program_id, name) SELECT id, 'Theirs'"
           " FROM programs WHERE key = 'OTHER' RETURNING id");
    pmo_client *mgr = as("sh.mgr");
    Pmo__V1__Stakeholder *out;
    pmo_result res;
    int code = get(mgr, strtoll(id, NULL, 10), &out, &res);
    it_assert_code(code, &res, PMO_NOT_FOUND);
    char want[64];
    snprintf(want, sizeof(want), "no stakeholder %s", id);
    assert_string_equal(res.message, want);
    pmo_client_close(mgr);

    pmo_client *admin = it_connect_admin();
    code = get(admin, strtoll(id, NULL, 10), &out, &res);
    it_assert_code(code, &res, PMO_OK);
    assert_string_equal(out->program, "OTHER");
    free_msg(out);
    pmo_client_close(admin);
}

/* ----------------------------------------------------------------- update */

static void test_update_changes_only_masked_fields(void **state)
{
    pmo_client *mgr = as("sh.mgr");
    static const char *const targets[] = {"web", "api", "CHKOUT-1"};
    static const int roles[] = {1, 2, 3};
    Pmo__V1__Stakeholder *made =
        create_ok(mgr, "Before Change", targets, roles, 3);

    /* Drop web, keep api with a new role, keep CHKOUT-1, add CHKOUT-2. */
    static const char *const new_targets[] = {"CHKOUT-2", "api", "CHKOUT-1"};
    static const int new_roles[] = {4, 1, 3};
    Pmo__V1__Stakeholder s = PMO__V1__STAKEHOLDER__INIT;
    s.name = "Ignored: not in the mask";
    s.title = "VP Payments";
    s.kind = PMO__V1__STAKEHOLDER_KIND__STAKEHOLDER_EXECUTIVE;
    s.username = "sh.jane";
    s.raci = raci_make(new_targets, new_roles, 3);
    s.n_raci = 3;
    char *mask[] = {"title", "kind", "username", "raci"};
    Pmo__V1__Stakeholder *out;
    pmo_result res;
    int code = update(mgr, made->id, made->version, &s, mask, 4, &out, &res);
    raci_free(s.raci, 3);
    it_assert_code(code, &res, PMO_OK);
    assert_string_equal(out->name, "Before Change");
    assert_string_equal(out->title, "VP Payments");
    assert_int_equal(out->kind,
                     PMO__V1__STAKEHOLDER_KIND__STAKEHOLDER_EXECUTIVE);
    assert_string_equal(out->username, "sh.jane");
    assert_int_equal(out->version, made->version + 1);
    assert_int_equal(out->n_raci, 3);
    assert_string_equal(out->raci[0]->target, "CHKOUT-1");
    assert_string_equal(out->raci[1]->target, "CHKOUT-2");
    assert_int_equal(out->raci[1]->role, 4);
    assert_string_equal(out->raci[2]->target, "api");
    assert_int_equal(out->raci[2]->role, 1);

    /* A read agrees with the reply. */
    Pmo__V1__Stakeholder *got;
    code = get(mgr, made->id, &got, &res);
    it_assert_code(code, &res, PMO_OK);
    assert_int_equal(got->version, out->version);
    assert_int_equal(got->n_raci, 3);
    for (size_t i = 0; i < 3; i++) {
        assert_string_equal(got->raci[i]->target, out->raci[i]->target);
        assert_int_equal(got->raci[i]->role, out->raci[i]->role);
    }
    assert_string_equal(got->title, "VP Payments");

    /* Clearing the username and the RACI list. */
    Pmo__V1__Stakeholder clear = PMO__V1__STAKEHOLDER__INIT;
    char *clear_mask[] = {"username", "raci"};
    Pmo__V1__Stakeholder *cleared;
    code = update(mgr, made->id, got->version, &clear, clear_mask, 2, &cleared,
                  &res);
    it_assert_code(code, &res, PMO_OK);
    assert_string_equal(cleared->username, "");
    assert_int_equal(cleared->n_raci, 0);
    free_msg(cleared);
    free_msg(got);
    free_msg(out);
    free_msg(made);
    pmo_client_close(mgr);
}

static void test_a_target_has_one_accountable(void **state)
{
    pmo_client *mgr = as("sh.mgr");
    static const char *const targets[] = {"CHKOUT-2"};
    static const int accountable[] = {2}, responsible[] = {1};
    Pmo__V1__Stakeholder *first =
        create_ok(mgr, "First Accountable", targets, accountable, 1);

    /* A second Accountable for the same target, at create. */
    static const char *const two[] = {"web", "CHKOUT-2"};
    static const int roles[] = {3, 2};
    Pmo__V1__Stakeholder s = PMO__V1__STAKEHOLDER__INIT;
    s.program = "CHKOUT";
    s.name = "Second Accountable";
    s.raci = raci_make(two, roles, 2);
    s.n_raci = 2;
    Pmo__V1__Stakeholder *out;
    pmo_result res;
    int code = create(mgr, &s, &out, &res);
    raci_free(s.raci, 2);
    it_assert_code(code, &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "stakeholder.raci[1].role");
    it_assert_contains(res.message, "First Accountable");
    assert_int_equal(sql_count("SELECT count(*) FROM stakeholders"
                               " WHERE name = 'Second Accountable'"),
                     0);

    /* Responsible is fine; taking Accountable by an update is not. */
    Pmo__V1__Stakeholder *second =
        create_ok(mgr, "Second Responsible", targets, responsible, 1);
    Pmo__V1__Stakeholder change = PMO__V1__STAKEHOLDER__INIT;
    change.raci = raci_make(targets, accountable, 1);
    change.n_raci = 1;
    char *mask[] = {"raci"};
    code = update(mgr, second->id, second->version, &change, mask, 1, &out,
                  &res);
    it_assert_code(code, &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "stakeholder.raci[0].role");

    /* Once the first lets go, the second may take it. */
    change.raci[0]->role = PMO__V1__RACI__RACI_CONSULTED;
    code = update(mgr, first->id, first->version, &change, mask, 1, &out,
                  &res);
    it_assert_code(code, &res, PMO_OK);
    free_msg(out);
    change.raci[0]->role = PMO__V1__RACI__RACI_ACCOUNTABLE;
    code = update(mgr, second->id, second->version, &change, mask, 1, &out,
                  &res);
    it_assert_code(code, &res, PMO_OK);
    free_msg(out);
    raci_free(change.raci, 1);
    free_msg(first);
    free_msg(second);
    pmo_client_close(mgr);
}

static void test_update_with_stale_version_is_aborted(void **state)
{
    pmo_client *mgr = as("sh.mgr");
    Pmo__V1__Stakeholder *made = create_ok(mgr, "Raced", NULL, NULL, 0);
    Pmo__V1__Stakeholder s = PMO__V1__STAKEHOLDER__INIT;
    s.name = "First Writer";
    char *mask[] = {"name"};
    Pmo__V1__Stakeholder *out;
    pmo_result res;
    int code = update(mgr, made->id, 1, &s, mask, 1, &out, &res);
    it_assert_code(code, &res, PMO_OK);
    free_msg(out);
    s.name = "Second Writer";
    code = update(mgr, made->id, 1, &s, mask, 1, &out, &res);
    it_assert_code(code, &res, PMO_ABORTED);
    it_assert_contains(res.message, "version 2");
    Pmo__V1__Stakeholder *got;
    code = get(mgr, made->id, &got, &res);
    it_assert_code(code, &res, PMO_OK);
    assert_string_equal(got->name, "First Writer");
    free_msg(got);
    free_msg(made);
    pmo_client_close(mgr);
}

static void test_update_refuses_bad_requests(void **state)
{
    pmo_client *mgr = as("sh.mgr");
    Pmo__V1__Stakeholder *made = create_ok(mgr, "Strict", NULL, NULL, 0);
    Pmo__V1__Stakeholder s = PMO__V1__STAKEHOLDER__INIT;
    Pmo__V1__Stakeholder *out;
    pmo_result res;
    static const struct {
        const char *what;
        char *mask;
        const char *field;
    } cases[] = {
        {"no mask", NULL, "update_mask"},
        {"a field that cannot change", "id", "update_mask"},
        {"an empty name", "name", "stakeholder.name"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        char *mask[] = {cases[i].mask};
        int code = update(mgr, made->id, made->version, &s, mask,
                          cases[i].mask ? 1 : 0, &out, &res);
        if (code != PMO_INVALID_ARGUMENT)
            fail_msg("%s: expected INVALID_ARGUMENT, got %s (\"%s\")",
                     cases[i].what, pmo_status_name(code), res.message);
        it_assert_violation(&res, cases[i].field);
    }
    char *mask[] = {"name"};
    s.name = "Fine";
    int code = update(mgr, made->id, 0, &s, mask, 1, &out, &res);
    it_assert_code(code, &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "expected_version");
    code = update(mgr, 999999, 1, &s, mask, 1, &out, &res);
    it_assert_code(code, &res, PMO_NOT_FOUND);

    /* So are usernames and RACI targets, and nothing changes. */
    char *user_mask[] = {"username"};
    s.username = "nobody.here";
    code = update(mgr, made->id, made->version, &s, user_mask, 1, &out, &res);
    it_assert_code(code, &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "stakeholder.username");

    static const char *const targets[] = {"api", "missing"};
    static const int roles[] = {1, 2};
    s.raci = raci_make(targets, roles, 2);
    s.n_raci = 2;
    char *raci_mask[] = {"raci"};
    code = update(mgr, made->id, made->version, &s, raci_mask, 1, &out, &res);
    raci_free(s.raci, 2);
    it_assert_code(code, &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "stakeholder.raci[1].target");
    Pmo__V1__Stakeholder *got;
    code = get(mgr, made->id, &got, &res);
    it_assert_code(code, &res, PMO_OK);
    assert_int_equal(got->version, made->version);
    assert_int_equal(got->n_raci, 0);
    free_msg(got);
    free_msg(made);
    pmo_client_close(mgr);
}

/* ----------------------------------------------------------------- delete */

static void test_delete_checks_the_version(void **state)
{
    pmo_client *mgr = as("sh.mgr");
    static const char *const targets[] = {"web"};
    static const int roles[] = {2};
    Pmo__V1__Stakeholder *made = create_ok(mgr, "Leaving", targets, roles, 1);
    pmo_result res;
    int code = delete (mgr, made->id, made->version + 1, &res);
    it_assert_code(code, &res, PMO_ABORTED);
    code = delete (mgr, made->id, made->version, &res);
    it_assert_code(code, &res, PMO_OK);
    Pmo__V1__Stakeholder *out;
    code = get(mgr, made->id, &out, &res);
    it_assert_code(code, &res, PMO_NOT_FOUND);
    code = delete (mgr, made->id, made->version, &res);
    it_assert_code(code, &res, PMO_NOT_FOUND);
    char sql[128];
    snprintf(
        sql, sizeof(sql),
        "SELECT count(*) FROM stakeholder_raci WHERE stakeholder_id = %lld",
        (long long)made->id);
    assert_int_equal(sql_count(sql), 0);
    free_msg(made);
    pmo_client_close(mgr);
}

/* ---------------------------------------------------- idempotency, audit */

static void test_create_retried_with_its_key_makes_one_row(void **state)
{
    pmo_client *mgr = as("sh.mgr");
    Pmo__V1__Stakeholder s = PMO__V1__STAKEHOLDER__INIT;
    s.program = "CHKOUT";
    s.name = "Only Once";
    Pmo__V1__Stakeholder *first, *second;
    pmo_result res;
    pmo_client_set_idempotency_key(mgr, "stakeholder-create-once");
    int code = create(mgr, &s, &first, &res);
    it_assert_code(code, &res, PMO_OK);
    pmo_client_set_idempotency_key(mgr, "stakeholder-create-once");
    code = create(mgr, &s, &second, &res);
    it_assert_code(code, &res, PMO_OK);
    assert_int_equal(first->id, second->id);
    assert_int_equal(
        sql_count("SELECT count(*) FROM stakeholders WHERE name = 'Only Once'"),
        1);
    free_msg(first);
    free_msg(second);
    pmo_client_close(mgr);
}

static void test_every_write_is_audited_in_the_program(void **state)
{
    pmo_client *mgr = as("sh.mgr");
    Pmo__V1__Stakeholder *made = create_ok(mgr, "Audited", NULL, NULL, 0);
    Pmo__V1__Stakeholder s = PMO__V1__STAKEHOLDER__INIT;
    s.title = "Sponsor";
    char *mask[] = {"title"};
    Pmo__V1__Stakeholder *out;
    pmo_result res;
    int code = update(mgr, made->id, made->version, &s, mask, 1, &out, &res);
    it_assert_code(code, &res, PMO_OK);
    code = delete (mgr, made->id, out->version, &res);
    it_assert_code(code, &res, PMO_OK);
    char sql[512], rows[512];
    snprintf(sql, sizeof(sql),
             "SELECT string_agg(split_part(a.method, '/', 2) || ':' ||"
             " (a.before IS NOT NULL)::text || (a.after IS NOT NULL)::text,"
             " ' ' ORDER BY a.id) FROM audit_log a JOIN programs p"
             " ON p.id = a.program_id WHERE p.key = 'CHKOUT'"
             " AND a.entity = 'stakeholder' AND a.entity_id = '%lld'"
             " AND a.actor = 'sh.mgr'",
             (long long)made->id);
    it_sql(rows, sizeof(rows), sql);
    assert_string_equal(rows, "CreateStakeholder:falsetrue "
                              "UpdateStakeholder:truetrue "
                              "DeleteStakeholder:truefalse");
    free_msg(out);
    free_msg(made);
    pmo_client_close(mgr);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_fills_defaults_and_sorts_raci),
        cmocka_unit_test(test_get_returns_every_field_stored),
        cmocka_unit_test(test_a_target_has_one_accountable),
        cmocka_unit_test(test_list_pages_in_id_order_and_filters_by_target),
        cmocka_unit_test(test_list_refuses_bad_page_arguments),
        cmocka_unit_test(test_create_names_each_bad_field),
        cmocka_unit_test(test_create_refuses_more_than_200_assignments),
        cmocka_unit_test(test_create_needs_the_stakeholder_and_program),
        cmocka_unit_test(test_viewer_reads_but_cannot_write),
        cmocka_unit_test(test_stranger_is_told_nothing_exists),
        cmocka_unit_test(test_manager_cannot_reach_another_program),
        cmocka_unit_test(test_update_changes_only_masked_fields),
        cmocka_unit_test(test_update_with_stale_version_is_aborted),
        cmocka_unit_test(test_update_refuses_bad_requests),
        cmocka_unit_test(test_delete_checks_the_version),
        cmocka_unit_test(test_create_retried_with_its_key_makes_one_row),
        cmocka_unit_test(test_every_write_is_audited_in_the_program),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
