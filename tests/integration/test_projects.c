/*
 * tests/integration/test_projects.c - ProjectService over TLS against a
 * real server: a program's projects, by the roles its members hold.
 */
#include "it_support.h"
#include "pmo/v1/program.pb-c.h"
#include "pmo/v1/project.pb-c.h"
#include "pmo/v1/team.pb-c.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PASSWORD "project tests 1"
#define SVC      (&pmo__v1__project_service__descriptor)
#define ROLE(r)  PMO__V1__PROGRAM_ROLE__ROLE_##r

/*
 * olga owns program PROJ, where mike is a manager and vic a viewer; sam
 * holds no role. Teams alpha and beta exist.
 */
typedef struct fixture {
    pmo_client *admin, *olga, *mike, *vic, *sam;
} fixture;

static fixture fx;

static void create_program(pmo_client *c, const char *key)
{
    Pmo__V1__Program p = PMO__V1__PROGRAM__INIT;
    p.key = (char *)key;
    p.name = "Program";
    Pmo__V1__CreateProgramRequest in = PMO__V1__CREATE_PROGRAM_REQUEST__INIT;
    in.program = &p;
    pmo_result res;
    it_assert_code(it_call(c, &pmo__v1__program_service__descriptor,
                           "CreateProgram", &in.base, &res),
                   &res, PMO_OK);
}

static void grant(const char *program, const char *user, int role)
{
    Pmo__V1__SetMemberRoleRequest in = PMO__V1__SET_MEMBER_ROLE_REQUEST__INIT;
    in.program = (char *)program;
    in.username = (char *)user;
    in.role = role;
    pmo_result res;
    it_assert_code(it_call(fx.olga, &pmo__v1__program_service__descriptor,
                           "SetMemberRole", &in.base, &res),
                   &res, PMO_OK);
}

static void create_team(const char *key)
{
    Pmo__V1__Team t = PMO__V1__TEAM__INIT;
    t.key = (char *)key;
    t.name = "Team";
    Pmo__V1__CreateTeamRequest in = PMO__V1__CREATE_TEAM_REQUEST__INIT;
    in.team = &t;
    pmo_result res;
    it_assert_code(it_call(fx.olga, &pmo__v1__team_service__descriptor,
                           "CreateTeam", &in.base, &res),
                   &res, PMO_OK);
}

static int group_setup(void **state)
{
    fx.admin = it_connect_admin();
    static const char *const users[] = {"olga", "mike", "vic", "sam"};
    for (size_t i = 0; i < 4; i++)
        it_create_user(fx.admin, users[i], PASSWORD);
    fx.olga = it_connect_as("olga", PASSWORD, NULL);
    fx.mike = it_connect_as("mike", PASSWORD, NULL);
    fx.vic = it_connect_as("vic", PASSWORD, NULL);
    fx.sam = it_connect_as("sam", PASSWORD, NULL);
    create_program(fx.olga, "PROJ");
    grant("PROJ", "mike", ROLE(MANAGER));
    grant("PROJ", "vic", ROLE(VIEWER));
    create_team("alpha");
    create_team("beta");
    return 0;
}

static int group_teardown(void **state)
{
    pmo_client *all[] = {fx.admin, fx.olga, fx.mike, fx.vic, fx.sam};
    for (size_t i = 0; i < 5; i++)
        if (all[i])
            pmo_client_close(all[i]);
    return 0;
}

static long long sql_number(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static long long sql_number(const char *fmt, ...)
{
    char sql[1024], out[64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof(sql), fmt, ap);
    va_end(ap);
    it_sql(out, sizeof(out), sql);
    return atoll(out);
}

static void free_project(Pmo__V1__Project *p)
{
    if (p)
        protobuf_c_message_free_unpacked(&p->base, NULL);
}

static int create(pmo_client *c, const Pmo__V1__Project *p,
                  Pmo__V1__Project **out, pmo_result *res)
{
    Pmo__V1__CreateProjectRequest in = PMO__V1__CREATE_PROJECT_REQUEST__INIT;
    in.project = (Pmo__V1__Project *)p;
    Pmo__V1__Project *got = NULL;
    int code = pmo_call(c, SVC, "CreateProject", &in.base,
                        (ProtobufCMessage **)&got, res);
    if (out)
        *out = got;
    else
        free_project(got);
    return code;
}

static void create_simple(pmo_client *c, const char *program, const char *key,
                          const char *team)
{
    Pmo__V1__Project p = PMO__V1__PROJECT__INIT;
    p.program = (char *)program;
    p.key = (char *)key;
    p.name = "A project";
    p.team = (char *)team;
    pmo_result res;
    it_assert_code(create(c, &p, NULL, &res), &res, PMO_OK);
}

static int get(pmo_client *c, const char *program, const char *key,
               Pmo__V1__Project **out, pmo_result *res)
{
    Pmo__V1__GetProjectRequest in = PMO__V1__GET_PROJECT_REQUEST__INIT;
    in.program = (char *)program;
    in.key = (char *)key;
    Pmo__V1__Project *got = NULL;
    int code = pmo_call(c, SVC, "GetProject", &in.base,
                        (ProtobufCMessage **)&got, res);
    if (out)
        *out = got;
    else
        free_project(got);
    return code;
}

static int list(pmo_client *c, const char *program, const char *team,
                uint32_t size, const char *token,
                Pmo__V1__ListProjectsResponse **out, pmo_result *res)
{
    Pmo__V1__ListProjectsRequest in = PMO__V1__LIST_PROJECTS_REQUEST__INIT;
    in.program = (char *)program;
    in.team = (char *)team;
    in.page_size = size;
    in.page_token = (char *)token;
    Pmo__V1__ListProjectsResponse *got = NULL;
    int code = pmo_call(c, SVC, "ListProjects", &in.base,
                        (ProtobufCMessage **)&got, res);
    if (out)
        *out = got;
    else if (got)
        protobuf_c_message_free_unpacked(&got->base, NULL);
    return code;
}

static int update(pmo_client *c, const char *program, const char *key,
                  const Pmo__V1__Project *p, const char *const *mask, size_t n,
                  int64_t version, Pmo__V1__Project **out, pmo_result *res)
{
    Pmo__V1__UpdateProjectRequest in = PMO__V1__UPDATE_PROJECT_REQUEST__INIT;
    in.program = (char *)program;
    in.key = (char *)key;
    in.project = (Pmo__V1__Project *)p;
    in.update_mask = (char **)mask;
    in.n_update_mask = n;
    in.expected_version = version;
    Pmo__V1__Project *got = NULL;
    int code = pmo_call(c, SVC, "UpdateProject", &in.base,
                        (ProtobufCMessage **)&got, res);
    if (out)
        *out = got;
    else
        free_project(got);
    return code;
}

static int delete_project(pmo_client *c, const char *program, const char *key,
                          int64_t version, pmo_result *res)
{
    Pmo__V1__DeleteProjectRequest in = PMO__V1__DELETE_PROJECT_REQUEST__INIT;
    in.program = (char *)program;
    in.key = (char *)key;
    in.expected_version = version;
    return it_call(c, SVC, "DeleteProject", &in.base, res);
}

static int rename_at(pmo_client *c, const char *program, const char *key,
                     int64_t version, pmo_result *res)
{
    Pmo__V1__Project p = PMO__V1__PROJECT__INIT;
    p.name = "Renamed";
    static const char *const mask[] = {"name"};
    return update(c, program, key, &p, mask, 1, version, NULL, res);
}

/* ------------------------------------------------------------- tests */

static void test_create_project_shows_team_and_lead_by_name(void **state)
{
    Pmo__V1__Project p = PMO__V1__PROJECT__INIT;
    p.program = "PROJ";
    p.key = "web";
    p.name = "Web storefront";
    p.description = "All of it:\n\tpages and APIs";
    p.team = "alpha";
    p.lead = "vic";
    p.target_start = "2025-02-03";
    p.target_finish = "2025-05-30";
    Pmo__V1__Project *out = NULL;
    pmo_result res;
    it_assert_code(create(fx.mike, &p, &out, &res), &res, PMO_OK);
    assert_true(out->id > 0);
    assert_string_equal(out->program, "PROJ");
    assert_string_equal(out->key, "web");
    assert_string_equal(out->name, "Web storefront");
    assert_string_equal(out->description, "All of it:\n\tpages and APIs");
    assert_string_equal(out->team, "alpha");
    assert_string_equal(out->lead, "vic");
    assert_string_equal(out->target_start, "2025-02-03");
    assert_string_equal(out->target_finish, "2025-05-30");
    assert_int_equal(out->version, 1);
    int64_t id = out->id;
    free_project(out);

    it_assert_code(get(fx.vic, "PROJ", "web", &out, &res), &res, PMO_OK);
    assert_int_equal(out->id, id);
    assert_string_equal(out->team, "alpha");
    assert_string_equal(out->lead, "vic");
    free_project(out);

    /* Without team and lead: both empty. */
    Pmo__V1__Project bare = PMO__V1__PROJECT__INIT;
    bare.program = "PROJ";
    bare.key = "x";
    bare.name = "Bare";
    it_assert_code(create(fx.mike, &bare, &out, &res), &res, PMO_OK);
    assert_string_equal(out->team, "");
    assert_string_equal(out->lead, "");
    assert_string_equal(out->target_start, "");
    free_project(out);

    assert_int_equal(sql_number("SELECT count(*) FROM audit_log a"
                                " JOIN programs p ON p.id = a.program_id"
                                " WHERE p.key = 'PROJ' AND a.entity ="
                                " 'project' AND a.entity_id = 'web'"
                                " AND a.method ="
                                " 'pmo.v1.ProjectService/CreateProject'"
                                " AND a.after->>'team' = 'alpha'"
                                " AND a.after->>'lead' = 'vic'"),
                     1);
}

static void test_create_project_names_each_bad_field(void **state)
{
    static char long_name[202], long_text[10002];
    memset(long_name, 'n', 201);
    memset(long_text, 'd', 10001);
    static const struct {
        const char *name;
        const char *key, *project_name, *description, *lead, *start, *finish;
        const char *field;
    } cases[] = {
        {"upper-case key", "Web", "W", "", "", "", "", "project.key"},
        {"empty key", "", "W", "", "", "", "", "project.key"},
        {"33-letter key", "abcdefghijklmnopqrstuvwxyzabcdefg", "W", "", "", "",
         "", "project.key"},
        {"key with a space", "we b", "W", "", "", "", "", "project.key"},
        {"key starting with a dash", "-web", "W", "", "", "", "",
         "project.key"},
        {"empty name", "ok", "", "", "", "", "", "project.name"},
        {"201-character name", "ok", long_name, "", "", "", "", "project.name"},
        {"10001-character description", "ok", "W", long_text, "", "", "",
         "project.description"},
        {"malformed lead", "ok", "W", "", "Not A User", "", "", "project.lead"},
        {"impossible date", "ok", "W", "", "", "2025-04-31", "",
         "project.target_start"},
        {"finish before start", "ok", "W", "", "", "2025-04-02", "2025-04-01",
         "project.target_finish"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        Pmo__V1__Project p = PMO__V1__PROJECT__INIT;
        p.program = "PROJ";
        p.key = (char *)cases[i].key;
        p.name = (char *)cases[i].project_name;
        p.description = (char *)cases[i].description;
        p.lead = (char *)cases[i].lead;
        p.target_start = (char *)cases[i].start;
        p.target_finish = (char *)cases[i].finish;
        pmo_result res;
        int code = create(fx.mike, &p, NULL, &res);
        if (code != PMO_INVALID_ARGUMENT)
            fail_msg("%s: expected INVALID_ARGUMENT, got %s (\"%s\")",
                     cases[i].name, pmo_status_name(code), res.message);
        it_assert_violation(&res, cases[i].field);
    }
    pmo_result res;
    Pmo__V1__CreateProjectRequest in = PMO__V1__CREATE_PROJECT_REQUEST__INIT;
    it_assert_code(it_call(fx.mike, SVC, "CreateProject", &in.base, &res), &res,
                   PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "project");
    assert_int_equal(sql_number("SELECT count(*) FROM projects"
                                " WHERE key = 'ok'"),
                     0);
}

static void test_unknown_team_or_lead_is_not_found_on_its_field(void **state)
{
    Pmo__V1__Project p = PMO__V1__PROJECT__INIT;
    p.program = "PROJ";
    p.key = "orphan";
    p.name = "Orphan";
    p.team = "no-such-team";
    pmo_result res;
    it_assert_code(create(fx.mike, &p, NULL, &res), &res, PMO_NOT_FOUND);
    it_assert_contains(res.message, "no team no-such-team");
    it_assert_violation(&res, "project.team");
    p.team = "alpha";
    p.lead = "ghost";
    it_assert_code(create(fx.mike, &p, NULL, &res), &res, PMO_NOT_FOUND);
    it_assert_contains(res.message, "no user ghost");
    it_assert_violation(&res, "project.lead");
    assert_int_equal(sql_number("SELECT count(*) FROM projects"
                                " WHERE key = 'orphan'"),
                     0);
}

static void test_project_keys_are_unique_within_a_program(void **state)
{
    create_simple(fx.mike, "PROJ", "dup", "");
    Pmo__V1__Project p = PMO__V1__PROJECT__INIT;
    p.program = "PROJ";
    p.key = "dup";
    p.name = "Again";
    pmo_result res;
    it_assert_code(create(fx.mike, &p, NULL, &res), &res, PMO_ALREADY_EXISTS);
    it_assert_contains(res.message, "project dup already exists in PROJ");
    create_program(fx.olga, "OTHER");
    p.program = "OTHER";
    it_assert_code(create(fx.olga, &p, NULL, &res), &res, PMO_OK);
}

static void test_roles_decide_who_reads_and_who_writes(void **state)
{
    create_simple(fx.mike, "PROJ", "guarded", "beta");
    pmo_result res;
    Pmo__V1__Project p = PMO__V1__PROJECT__INIT;
    p.program = "PROJ";
    p.key = "viewers-try";
    p.name = "No";

    /* A viewer reads, but neither creates, changes nor deletes. */
    it_assert_code(get(fx.vic, "PROJ", "guarded", NULL, &res), &res, PMO_OK);
    it_assert_code(list(fx.vic, "PROJ", "", 0, "", NULL, &res), &res, PMO_OK);
    it_assert_code(create(fx.vic, &p, NULL, &res), &res, PMO_PERMISSION_DENIED);
    it_assert_contains(res.message, "manager");
    it_assert_contains(res.message, "viewer");
    it_assert_code(rename_at(fx.vic, "PROJ", "guarded", 1, &res), &res,
                   PMO_PERMISSION_DENIED);
    it_assert_contains(res.message, "you are viewer");
    it_assert_code(delete_project(fx.vic, "PROJ", "guarded", 0, &res), &res,
                   PMO_PERMISSION_DENIED);
    it_assert_contains(res.message, "manager");

    /* A stranger is told the program does not exist. */
    it_assert_code(get(fx.sam, "PROJ", "guarded", NULL, &res), &res,
                   PMO_NOT_FOUND);
    assert_string_equal(res.message, "no program PROJ");
    it_assert_code(list(fx.sam, "PROJ", "", 0, "", NULL, &res), &res,
                   PMO_NOT_FOUND);
    it_assert_code(create(fx.sam, &p, NULL, &res), &res, PMO_NOT_FOUND);
    it_assert_code(delete_project(fx.sam, "PROJ", "guarded", 0, &res), &res,
                   PMO_NOT_FOUND);

    /* An admin does anything. */
    p.key = "admins-made";
    it_assert_code(create(fx.admin, &p, NULL, &res), &res, PMO_OK);
    it_assert_code(rename_at(fx.admin, "PROJ", "guarded", 1, &res), &res,
                   PMO_OK);
    it_assert_code(delete_project(fx.admin, "PROJ", "admins-made", 1, &res),
                   &res, PMO_OK);
    it_assert_code(get(fx.vic, "PROJ", "nothing-here", NULL, &res), &res,
                   PMO_NOT_FOUND);
    assert_string_equal(res.message, "no project nothing-here in PROJ");
}

static void test_list_projects_filters_by_team_and_pages(void **state)
{
    create_program(fx.olga, "LISTP");
    create_simple(fx.olga, "LISTP", "p-c", "alpha");
    create_simple(fx.olga, "LISTP", "p-a", "alpha");
    create_simple(fx.olga, "LISTP", "p-d", "");
    create_simple(fx.olga, "LISTP", "p-b", "beta");
    Pmo__V1__ListProjectsResponse *page = NULL;
    pmo_result res;
    it_assert_code(list(fx.olga, "LISTP", "", 2, "", &page, &res), &res,
                   PMO_OK);
    assert_int_equal(page->n_projects, 2);
    assert_string_equal(page->projects[0]->key, "p-a");
    assert_string_equal(page->projects[0]->program, "LISTP");
    assert_string_equal(page->projects[0]->team, "alpha");
    assert_string_equal(page->projects[1]->key, "p-b");
    assert_string_equal(page->next_page_token, "p-b");
    Pmo__V1__ListProjectsResponse *next = NULL;
    it_assert_code(
        list(fx.olga, "LISTP", "", 2, page->next_page_token, &next, &res), &res,
        PMO_OK);
    assert_int_equal(next->n_projects, 2);
    assert_string_equal(next->projects[0]->key, "p-c");
    assert_string_equal(next->projects[1]->key, "p-d");
    assert_string_equal(next->projects[1]->team, "");
    assert_string_equal(next->next_page_token, "");
    protobuf_c_message_free_unpacked(&page->base, NULL);
    protobuf_c_message_free_unpacked(&next->base, NULL);

    it_assert_code(list(fx.olga, "LISTP", "alpha", 0, "", &page, &res), &res,
                   PMO_OK);
    assert_int_equal(page->n_projects, 2);
    assert_string_equal(page->projects[0]->key, "p-a");
    assert_string_equal(page->projects[1]->key, "p-c");
    protobuf_c_message_free_unpacked(&page->base, NULL);
    it_assert_code(list(fx.olga, "LISTP", "no-such-team", 0, "", &page, &res),
                   &res, PMO_OK);
    assert_int_equal(page->n_projects, 0);
    protobuf_c_message_free_unpacked(&page->base, NULL);

    static const struct {
        const char *name;
        uint32_t size;
        const char *token;
        const char *field;
    } cases[] = {
        {"page too large", 1001, "", "page_size"},
        {"token not a key", 0, "P-A", "page_token"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int code = list(fx.olga, "LISTP", "", cases[i].size, cases[i].token,
                        NULL, &res);
        if (code != PMO_INVALID_ARGUMENT)
            fail_msg("%s: expected INVALID_ARGUMENT, got %s", cases[i].name,
                     pmo_status_name(code));
        it_assert_violation(&res, cases[i].field);
    }
}

static void test_update_project_changes_only_masked_fields(void **state)
{
    Pmo__V1__Project p = PMO__V1__PROJECT__INIT;
    p.program = "PROJ";
    p.key = "mobile";
    p.name = "Mobile";
    p.description = "Kept";
    p.team = "alpha";
    p.lead = "mike";
    p.target_start = "2025-03-01";
    pmo_result res;
    it_assert_code(create(fx.mike, &p, NULL, &res), &res, PMO_OK);

    Pmo__V1__Project change = PMO__V1__PROJECT__INIT;
    change.key = "ignored";
    change.name = "Mobile apps";
    change.description = "Lost without the mask";
    change.team = "beta";
    change.lead = "";
    change.target_finish = "2025-09-30";
    static const char *const mask[] = {"name", "team", "lead", "target_finish"};
    Pmo__V1__Project *out = NULL;
    it_assert_code(
        update(fx.mike, "PROJ", "mobile", &change, mask, 4, 1, &out, &res),
        &res, PMO_OK);
    assert_string_equal(out->key, "mobile");
    assert_string_equal(out->name, "Mobile apps");
    assert_string_equal(out->description, "Kept");
    assert_string_equal(out->team, "beta");
    assert_string_equal(out->lead, "");
    assert_string_equal(out->target_start, "2025-03-01");
    assert_string_equal(out->target_finish, "2025-09-30");
    assert_int_equal(out->version, 2);
    free_project(out);

    static const char *const finish[] = {"target_finish"};
    static const char *const team[] = {"team"};
    static const char *const lead[] = {"lead"};
    static const char *const key[] = {"key"};
    static const char *const program[] = {"program"};
    Pmo__V1__Project bad = PMO__V1__PROJECT__INIT;
    bad.target_finish = "2025-02-01";
    bad.team = "no-such-team";
    bad.lead = "ghost";
    static const struct {
        const char *name;
        const char *const *mask;
        size_t n;
        int64_t version;
        int code;
        const char *field;
    } cases[] = {
        {"finish before the stored start", finish, 1, 2, PMO_INVALID_ARGUMENT,
         "project.target_finish"},
        {"unknown team", team, 1, 2, PMO_NOT_FOUND, "project.team"},
        {"unknown lead", lead, 1, 2, PMO_NOT_FOUND, "project.lead"},
        {"key in the mask", key, 1, 2, PMO_INVALID_ARGUMENT, "update_mask"},
        {"program in the mask", program, 1, 2, PMO_INVALID_ARGUMENT,
         "update_mask"},
        {"no version", finish, 1, 0, PMO_INVALID_ARGUMENT, "expected_version"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int code = update(fx.mike, "PROJ", "mobile", &bad, cases[i].mask,
                          cases[i].n, cases[i].version, NULL, &res);
        if (code != cases[i].code)
            fail_msg("%s: expected %s, got %s (\"%s\")", cases[i].name,
                     pmo_status_name(cases[i].code), pmo_status_name(code),
                     res.message);
        it_assert_violation(&res, cases[i].field);
    }

    /* Stale: ABORTED, naming the current version. */
    it_assert_code(rename_at(fx.mike, "PROJ", "mobile", 1, &res), &res,
                   PMO_ABORTED);
    it_assert_contains(res.message, "project mobile");
    it_assert_contains(res.message, "version 2");
    it_assert_code(rename_at(fx.mike, "PROJ", "no-such", 1, &res), &res,
                   PMO_NOT_FOUND);
    it_assert_code(get(fx.vic, "PROJ", "mobile", &out, &res), &res, PMO_OK);
    assert_int_equal(out->version, 2);
    assert_string_equal(out->team, "beta");
    free_project(out);
    assert_int_equal(sql_number("SELECT count(*) FROM audit_log a"
                                " JOIN programs p ON p.id = a.program_id"
                                " WHERE p.key = 'PROJ'"
                                " AND a.entity_id = 'mobile' AND a.method ="
                                " 'pmo.v1.ProjectService/UpdateProject'"
                                " AND a.before->>'team' = 'alpha'"
                                " AND a.after->>'team' = 'beta'"),
                     1);
}

static void test_delete_project_is_refused_while_it_has_work_items(void **state)
{
    create_simple(fx.mike, "PROJ", "doomed", "alpha");
    it_sql(NULL, 0,
           "INSERT INTO work_items (program_id, project_id, number, title)"
           " SELECT program_id, id, n, 'Item' FROM projects,"
           " generate_series(1001, 1002) AS n WHERE key = 'doomed'");
    pmo_result res;
    it_assert_code(delete_project(fx.mike, "PROJ", "doomed", 0, &res), &res,
                   PMO_FAILED_PRECONDITION);
    it_assert_contains(res.message, "project doomed still has 2 work items");

    it_sql(NULL, 0,
           "DELETE FROM work_items WHERE project_id ="
           " (SELECT id FROM projects WHERE key = 'doomed')");
    it_assert_code(delete_project(fx.mike, "PROJ", "doomed", 3, &res), &res,
                   PMO_ABORTED);
    it_assert_code(delete_project(fx.mike, "PROJ", "doomed", 1, &res), &res,
                   PMO_OK);
    it_assert_code(get(fx.mike, "PROJ", "doomed", NULL, &res), &res,
                   PMO_NOT_FOUND);
    it_assert_code(delete_project(fx.mike, "PROJ", "doomed", 0, &res), &res,
                   PMO_NOT_FOUND);
    assert_int_equal(sql_number("SELECT count(*) FROM audit_log a"
                                " JOIN programs p ON p.id = a.program_id"
                                " WHERE p.key = 'PROJ'"
                                " AND a.entity_id = 'doomed' AND a.method ="
                                " 'pmo.v1.ProjectService/DeleteProject'"
                                " AND a.after IS NULL"
                                " AND a.before->>'team' = 'alpha'"),
                     1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_project_shows_team_and_lead_by_name),
        cmocka_unit_test(test_create_project_names_each_bad_field),
        cmocka_unit_test(test_unknown_team_or_lead_is_not_found_on_its_field),
        cmocka_unit_test(test_project_keys_are_unique_within_a_program),
        cmocka_unit_test(test_roles_decide_who_reads_and_who_writes),
        cmocka_unit_test(test_list_projects_filters_by_team_and_pages),
        cmocka_unit_test(test_update_project_changes_only_masked_fields),
        cmocka_unit_test(
            test_delete_project_is_refused_while_it_has_work_items),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
