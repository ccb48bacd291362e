/*
 * tests/integration/test_teams.c - TeamService over TLS against a real
 * server: organisation-wide teams, their leads and members.
 */
#include "it_support.h"
#include "pmo/v1/program.pb-c.h"
#include "pmo/v1/project.pb-c.h"
#include "pmo/v1/team.pb-c.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PASSWORD "team tests 1"
#define SVC      (&pmo__v1__team_service__descriptor)

/* lena leads most teams; mark and nina are members or strangers. */
typedef struct fixture {
    pmo_client *admin, *lena, *mark, *nina;
} fixture;

static fixture fx;

static int group_setup(void **state)
{
    fx.admin = it_connect_admin();
    static const char *const users[] = {"lena", "mark", "nina"};
    for (size_t i = 0; i < 3; i++)
        it_create_user(fx.admin, users[i], PASSWORD);
    fx.lena = it_connect_as("lena", PASSWORD, NULL);
    fx.mark = it_connect_as("mark", PASSWORD, NULL);
    fx.nina = it_connect_as("nina", PASSWORD, NULL);
    return 0;
}

static int group_teardown(void **state)
{
    pmo_client *all[] = {fx.admin, fx.lena, fx.mark, fx.nina};
    for (size_t i = 0; i < 4; i++)
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

static void free_team(Pmo__V1__Team *t)
{
    if (t)
        protobuf_c_message_free_unpacked(&t->base, NULL);
}

static int create(pmo_client *c, const Pmo__V1__Team *t, Pmo__V1__Team **out,
                  pmo_result *res)
{
    Pmo__V1__CreateTeamRequest in = PMO__V1__CREATE_TEAM_REQUEST__INIT;
    in.team = (Pmo__V1__Team *)t;
    Pmo__V1__Team *got = NULL;
    int code = pmo_call(c, SVC, "CreateTeam", &in.base,
                        (ProtobufCMessage **)&got, res);
    if (out)
        *out = got;
    else
        free_team(got);
    return code;
}

static void create_simple(pmo_client *c, const char *key)
{
    Pmo__V1__Team t = PMO__V1__TEAM__INIT;
    t.key = (char *)key;
    t.name = "A team";
    pmo_result res;
    it_assert_code(create(c, &t, NULL, &res), &res, PMO_OK);
}

static Pmo__V1__Team *get(pmo_client *c, const char *key)
{
    Pmo__V1__GetTeamRequest in = PMO__V1__GET_TEAM_REQUEST__INIT;
    in.key = (char *)key;
    Pmo__V1__Team *out = NULL;
    pmo_result res;
    it_assert_code(
        pmo_call(c, SVC, "GetTeam", &in.base, (ProtobufCMessage **)&out, &res),
        &res, PMO_OK);
    return out;
}

static int set_member(pmo_client *c, const char *team, const char *user,
                      bool lead, bool remove, Pmo__V1__Team **out,
                      pmo_result *res)
{
    Pmo__V1__SetTeamMemberRequest in = PMO__V1__SET_TEAM_MEMBER_REQUEST__INIT;
    in.team = (char *)team;
    in.username = (char *)user;
    in.lead = lead;
    in.remove = remove;
    Pmo__V1__Team *got = NULL;
    int code = pmo_call(c, SVC, "SetTeamMember", &in.base,
                        (ProtobufCMessage **)&got, res);
    if (out)
        *out = got;
    else
        free_team(got);
    return code;
}

static int update(pmo_client *c, const char *key, const char *name,
                  const char *const *mask, size_t n, int64_t version,
                  Pmo__V1__Team **out, pmo_result *res)
{
    Pmo__V1__Team t = PMO__V1__TEAM__INIT;
    t.name = (char *)name;
    t.description = "Described";
    Pmo__V1__UpdateTeamRequest in = PMO__V1__UPDATE_TEAM_REQUEST__INIT;
    in.key = (char *)key;
    in.team = &t;
    in.update_mask = (char **)mask;
    in.n_update_mask = n;
    in.expected_version = version;
    Pmo__V1__Team *got = NULL;
    int code = pmo_call(c, SVC, "UpdateTeam", &in.base,
                        (ProtobufCMessage **)&got, res);
    if (out)
        *out = got;
    else
        free_team(got);
    return code;
}

static int delete_team(pmo_client *c, const char *key, int64_t version,
                       pmo_result *res)
{
    Pmo__V1__DeleteTeamRequest in = PMO__V1__DELETE_TEAM_REQUEST__INIT;
    in.key = (char *)key;
    in.expected_version = version;
    return it_call(c, SVC, "DeleteTeam", &in.base, res);
}

static const Pmo__V1__TeamMember *member(const Pmo__V1__Team *t,
                                         const char *user)
{
    for (size_t i = 0; i < t->n_members; i++)
        if (strcmp(t->members[i]->username, user) == 0)
            return t->members[i];
    return NULL;
}

/* ------------------------------------------------------------- tests */

static void test_create_team_makes_the_creator_its_lead(void **state)
{
    Pmo__V1__Team t = PMO__V1__TEAM__INIT;
    t.key = "payments";
    t.name = "Payments";
    t.description = "Money in,\nmoney out";
    Pmo__V1__TeamMember ignored = PMO__V1__TEAM_MEMBER__INIT;
    ignored.username = "nina";
    Pmo__V1__TeamMember *members[] = {&ignored};
    t.members = members;
    t.n_members = 1;
    Pmo__V1__Team *out = NULL;
    pmo_result res;
    it_assert_code(create(fx.lena, &t, &out, &res), &res, PMO_OK);
    assert_true(out->id > 0);
    assert_string_equal(out->key, "payments");
    assert_string_equal(out->name, "Payments");
    assert_string_equal(out->description, "Money in,\nmoney out");
    assert_int_equal(out->version, 1);
    assert_int_equal(out->n_members, 1);
    assert_string_equal(out->members[0]->username, "lena");
    assert_string_equal(out->members[0]->display_name, "Test User");
    assert_true(out->members[0]->lead);
    free_team(out);

    /* Anyone logged in reads it. */
    out = get(fx.nina, "payments");
    assert_string_equal(out->name, "Payments");
    assert_int_equal(out->n_members, 1);
    free_team(out);
    assert_int_equal(sql_number("SELECT count(*) FROM audit_log"
                                " WHERE entity = 'team'"
                                " AND entity_id = 'payments'"
                                " AND method = 'pmo.v1.TeamService/CreateTeam'"
                                " AND after->>'lead' = 'lena'"),
                     1);
}

static void test_create_team_names_each_bad_field(void **state)
{
    static char long_name[202], long_text[10002];
    memset(long_name, 'n', 201);
    memset(long_text, 'd', 10001);
    static const struct {
        const char *name;
        const char *key, *team_name, *description;
        const char *field;
    } cases[] = {
        {"upper-case key", "Payments", "P", "", "team.key"},
        {"one-letter key", "p", "P", "", "team.key"},
        {"33-letter key", "abcdefghijklmnopqrstuvwxyzabcdefg", "P", "",
         "team.key"},
        {"key starting with a digit", "9lives", "P", "", "team.key"},
        {"key with an underscore", "pay_ments", "P", "", "team.key"},
        {"empty key", "", "P", "", "team.key"},
        {"empty name", "good-key", "", "", "team.name"},
        {"201-character name", "good-key", long_name, "", "team.name"},
        {"name with a newline", "good-key", "a\nb", "", "team.name"},
        {"10001-character description", "good-key", "P", long_text,
         "team.description"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        Pmo__V1__Team t = PMO__V1__TEAM__INIT;
        t.key = (char *)cases[i].key;
        t.name = (char *)cases[i].team_name;
        t.description = (char *)cases[i].description;
        pmo_result res;
        int code = create(fx.lena, &t, NULL, &res);
        if (code != PMO_INVALID_ARGUMENT)
            fail_msg("%s: expected INVALID_ARGUMENT, got %s (\"%s\")",
                     cases[i].name, pmo_status_name(code), res.message);
        it_assert_violation(&res, cases[i].field);
    }
    Pmo__V1__CreateTeamRequest in = PMO__V1__CREATE_TEAM_REQUEST__INIT;
    pmo_result res;
    it_assert_code(it_call(fx.lena, SVC, "CreateTeam", &in.base, &res), &res,
                   PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "team");
    assert_int_equal(
        sql_number("SELECT count(*) FROM teams WHERE key = 'good-key'"), 0);
}

static void test_create_team_with_a_taken_key_already_exists(void **state)
{
    create_simple(fx.lena, "dupe-team");
    Pmo__V1__Team t = PMO__V1__TEAM__INIT;
    t.key = "dupe-team";
    t.name = "Again";
    pmo_result res;
    it_assert_code(create(fx.mark, &t, NULL, &res), &res, PMO_ALREADY_EXISTS);
    it_assert_contains(res.message, "team dupe-team already exists");
}

static void test_get_unknown_team_is_not_found(void **state)
{
    Pmo__V1__GetTeamRequest in = PMO__V1__GET_TEAM_REQUEST__INIT;
    in.key = "no-such-team";
    pmo_result res;
    it_assert_code(it_call(fx.lena, SVC, "GetTeam", &in.base, &res), &res,
                   PMO_NOT_FOUND);
    assert_string_equal(res.message, "no team no-such-team");
    in.key = "";
    it_assert_code(it_call(fx.lena, SVC, "GetTeam", &in.base, &res), &res,
                   PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "key");
}

static Pmo__V1__ListTeamsResponse *list(pmo_client *c, uint32_t size,
                                        const char *token)
{
    Pmo__V1__ListTeamsRequest in = PMO__V1__LIST_TEAMS_REQUEST__INIT;
    in.page_size = size;
    in.page_token = (char *)token;
    Pmo__V1__ListTeamsResponse *out = NULL;
    pmo_result res;
    it_assert_code(pmo_call(c, SVC, "ListTeams", &in.base,
                            (ProtobufCMessage **)&out, &res),
                   &res, PMO_OK);
    return out;
}

static void test_list_teams_pages_by_key_with_members(void **state)
{
    /* zz- keys sort after every other team of this file. */
    create_simple(fx.lena, "zz-c");
    create_simple(fx.mark, "zz-a");
    create_simple(fx.nina, "zz-b");
    pmo_result res;
    it_assert_code(
        set_member(fx.mark, "zz-a", "nina", false, false, NULL, &res), &res,
        PMO_OK);
    it_assert_code(set_member(fx.mark, "zz-a", "lena", true, false, NULL, &res),
                   &res, PMO_OK);

    /* Walk every page of two; collect the zz- teams in order. */
    const char *want[] = {"zz-a", "zz-b", "zz-c"};
    size_t seen = 0, pages = 0;
    char token[64] = "";
    for (;;) {
        Pmo__V1__ListTeamsResponse *page = list(fx.nina, 2, token);
        assert_true(page->n_teams <= 2);
        pages++;
        for (size_t i = 0; i < page->n_teams; i++) {
            const Pmo__V1__Team *t = page->teams[i];
            if (strncmp(t->key, "zz-", 3) != 0)
                continue;
            assert_true(seen < 3);
            assert_string_equal(t->key, want[seen]);
            if (seen == 0) {
                /* Members by username, each with their own flag. */
                assert_int_equal(t->n_members, 3);
                assert_string_equal(t->members[0]->username, "lena");
                assert_true(t->members[0]->lead);
                assert_string_equal(t->members[1]->username, "mark");
                assert_true(t->members[1]->lead);
                assert_string_equal(t->members[2]->username, "nina");
                assert_false(t->members[2]->lead);
            } else {
                assert_int_equal(t->n_members, 1);
                assert_string_equal(t->members[0]->username,
                                    seen == 1 ? "nina" : "lena");
            }
            seen++;
        }
        snprintf(token, sizeof(token), "%s", page->next_page_token);
        protobuf_c_message_free_unpacked(&page->base, NULL);
        if (token[0] == '\0')
            break;
        assert_true(pages < 100);
    }
    assert_int_equal(seen, 3);

    Pmo__V1__ListTeamsRequest in = PMO__V1__LIST_TEAMS_REQUEST__INIT;
    in.page_token = "Not A Key";
    it_assert_code(it_call(fx.nina, SVC, "ListTeams", &in.base, &res), &res,
                   PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "page_token");
    in.page_token = "";
    in.page_size = 1001;
    it_assert_code(it_call(fx.nina, SVC, "ListTeams", &in.base, &res), &res,
                   PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "page_size");
}

static void test_update_team_by_a_lead_or_an_admin(void **state)
{
    create_simple(fx.lena, "web-team");
    pmo_result res;
    it_assert_code(
        set_member(fx.lena, "web-team", "mark", false, false, NULL, &res), &res,
        PMO_OK);
    static const char *const name[] = {"name"};
    static const char *const both[] = {"name", "description"};
    Pmo__V1__Team *out = NULL;
    it_assert_code(update(fx.lena, "web-team", "Web", name, 1, 2, &out, &res),
                   &res, PMO_OK);
    assert_string_equal(out->name, "Web");
    assert_string_equal(out->description, "");
    assert_int_equal(out->version, 3);
    assert_int_equal(out->n_members, 2);
    free_team(out);

    /* A plain member and a stranger may not; an admin may. */
    it_assert_code(update(fx.mark, "web-team", "Mine", name, 1, 3, NULL, &res),
                   &res, PMO_PERMISSION_DENIED);
    it_assert_contains(res.message, "lead of team web-team");
    it_assert_code(update(fx.nina, "web-team", "Mine", name, 1, 3, NULL, &res),
                   &res, PMO_PERMISSION_DENIED);
    it_assert_code(
        update(fx.admin, "web-team", "Web & Apps", both, 2, 3, &out, &res),
        &res, PMO_OK);
    assert_string_equal(out->description, "Described");
    free_team(out);

    /* Stale versions and bad masks are refused and change nothing. */
    it_assert_code(update(fx.lena, "web-team", "Old", name, 1, 3, NULL, &res),
                   &res, PMO_ABORTED);
    it_assert_contains(res.message, "team web-team");
    it_assert_contains(res.message, "version 4");
    static const char *const key[] = {"key"};
    static const struct {
        const char *name;
        const char *const *mask;
        size_t n;
        const char *new_name;
        int64_t version;
        const char *field;
    } cases[] = {
        {"key in the mask", key, 1, "x", 4, "update_mask"},
        {"empty mask", NULL, 0, "x", 4, "update_mask"},
        {"no version", name, 1, "x", 0, "expected_version"},
        {"empty name", name, 1, "", 4, "team.name"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int code = update(fx.lena, "web-team", cases[i].new_name, cases[i].mask,
                          cases[i].n, cases[i].version, NULL, &res);
        if (code != PMO_INVALID_ARGUMENT)
            fail_msg("%s: expected INVALID_ARGUMENT, got %s (\"%s\")",
                     cases[i].name, pmo_status_name(code), res.message);
        it_assert_violation(&res, cases[i].field);
    }
    it_assert_code(update(fx.lena, "no-such-team", "x", name, 1, 1, NULL, &res),
                   &res, PMO_NOT_FOUND);
    out = get(fx.nina, "web-team");
    assert_string_equal(out->name, "Web & Apps");
    assert_int_equal(out->version, 4);
    free_team(out);
}

static void test_set_team_member_adds_promotes_and_removes(void **state)
{
    create_simple(fx.lena, "infra");
    Pmo__V1__Team *out = NULL;
    pmo_result res;
    it_assert_code(
        set_member(fx.lena, "infra", "mark", false, false, &out, &res), &res,
        PMO_OK);
    assert_int_equal(out->n_members, 2);
    assert_false(member(out, "mark")->lead);
    assert_int_equal(out->version, 2);
    free_team(out);

    /* A plain member cannot change members. */
    it_assert_code(
        set_member(fx.mark, "infra", "nina", false, false, NULL, &res), &res,
        PMO_PERMISSION_DENIED);
    /* Promoted, mark can; then lena steps down and leaves. */
    it_assert_code(
        set_member(fx.lena, "infra", "mark", true, false, NULL, &res), &res,
        PMO_OK);
    it_assert_code(
        set_member(fx.mark, "infra", "nina", false, false, NULL, &res), &res,
        PMO_OK);
    it_assert_code(
        set_member(fx.mark, "infra", "lena", false, false, NULL, &res), &res,
        PMO_OK);
    it_assert_code(
        set_member(fx.mark, "infra", "lena", false, true, &out, &res), &res,
        PMO_OK);
    assert_int_equal(out->n_members, 2);
    assert_null(member(out, "lena"));
    assert_true(member(out, "mark")->lead);
    free_team(out);

    static const struct {
        const char *name;
        const char *user;
        bool lead, remove;
        int code;
        const char *text; /* message part, or violated field */
    } cases[] = {
        {"remove the last lead", "mark", false, true, PMO_FAILED_PRECONDITION,
         "mark is the last lead of team infra"},
        {"demote the last lead", "mark", false, false, PMO_FAILED_PRECONDITION,
         "last lead"},
        {"unknown user", "ghost", false, false, PMO_NOT_FOUND, "no user ghost"},
        {"remove a non-member", "lena", false, true, PMO_NOT_FOUND,
         "lena is not a member of team infra"},
        {"malformed username", "Bad Name", false, false, PMO_INVALID_ARGUMENT,
         "username"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int code = set_member(fx.mark, "infra", cases[i].user, cases[i].lead,
                              cases[i].remove, NULL, &res);
        if (code != cases[i].code)
            fail_msg("%s: expected %s, got %s (\"%s\")", cases[i].name,
                     pmo_status_name(cases[i].code), pmo_status_name(code),
                     res.message);
        if (code == PMO_INVALID_ARGUMENT)
            it_assert_violation(&res, cases[i].text);
        else
            it_assert_contains(res.message, cases[i].text);
    }
    /* An admin outside the team may manage it. */
    it_assert_code(
        set_member(fx.admin, "infra", "lena", true, false, NULL, &res), &res,
        PMO_OK);
    out = get(fx.nina, "infra");
    assert_int_equal(out->n_members, 3);
    assert_true(member(out, "lena")->lead);
    free_team(out);
    assert_int_equal(sql_number("SELECT count(*) FROM audit_log WHERE entity"
                                " = 'team_member' AND entity_id LIKE"
                                " 'infra/%%'"),
                     6);
}

static int create_program_with_project(const char *program, const char *team)
{
    Pmo__V1__Program p = PMO__V1__PROGRAM__INIT;
    p.key = (char *)program;
    p.name = "Program";
    Pmo__V1__CreateProgramRequest pin = PMO__V1__CREATE_PROGRAM_REQUEST__INIT;
    pin.program = &p;
    pmo_result res;
    it_assert_code(it_call(fx.mark, &pmo__v1__program_service__descriptor,
                           "CreateProgram", &pin.base, &res),
                   &res, PMO_OK);
    Pmo__V1__Project j = PMO__V1__PROJECT__INIT;
    j.program = (char *)program;
    j.key = "owned";
    j.name = "Owned";
    j.team = (char *)team;
    Pmo__V1__CreateProjectRequest jin = PMO__V1__CREATE_PROJECT_REQUEST__INIT;
    jin.project = &j;
    return it_call(fx.mark, &pmo__v1__project_service__descriptor,
                   "CreateProject", &jin.base, &res);
}

static void test_delete_team_is_refused_while_it_owns_projects(void **state)
{
    create_simple(fx.lena, "doomed-team");
    assert_int_equal(create_program_with_project("TEAMPA", "doomed-team"),
                     PMO_OK);
    assert_int_equal(create_program_with_project("TEAMPB", "doomed-team"),
                     PMO_OK);
    pmo_result res;
    it_assert_code(delete_team(fx.mark, "doomed-team", 0, &res), &res,
                   PMO_PERMISSION_DENIED);
    it_assert_code(delete_team(fx.lena, "doomed-team", 0, &res), &res,
                   PMO_FAILED_PRECONDITION);
    it_assert_contains(res.message, "team doomed-team still owns 2 projects");

    it_sql(NULL, 0,
           "DELETE FROM projects WHERE team_id ="
           " (SELECT id FROM teams WHERE key = 'doomed-team')");
    it_assert_code(delete_team(fx.lena, "doomed-team", 5, &res), &res,
                   PMO_ABORTED);
    it_assert_code(delete_team(fx.lena, "doomed-team", 1, &res), &res, PMO_OK);
    Pmo__V1__GetTeamRequest in = PMO__V1__GET_TEAM_REQUEST__INIT;
    in.key = "doomed-team";
    it_assert_code(it_call(fx.lena, SVC, "GetTeam", &in.base, &res), &res,
                   PMO_NOT_FOUND);
    assert_int_equal(sql_number("SELECT count(*) FROM audit_log WHERE entity"
                                " = 'team' AND entity_id = 'doomed-team'"
                                " AND method ="
                                " 'pmo.v1.TeamService/DeleteTeam'"
                                " AND after IS NULL"),
                     1);
    /* An admin deletes a team it does not lead. */
    create_simple(fx.nina, "admin-deletes");
    it_assert_code(delete_team(fx.admin, "admin-deletes", 0, &res), &res,
                   PMO_OK);
    it_assert_code(delete_team(fx.admin, "admin-deletes", 0, &res), &res,
                   PMO_NOT_FOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_team_makes_the_creator_its_lead),
        cmocka_unit_test(test_create_team_names_each_bad_field),
        cmocka_unit_test(test_create_team_with_a_taken_key_already_exists),
        cmocka_unit_test(test_get_unknown_team_is_not_found),
        cmocka_unit_test(test_list_teams_pages_by_key_with_members),
        cmocka_unit_test(test_update_team_by_a_lead_or_an_admin),
        cmocka_unit_test(test_set_team_member_adds_promotes_and_removes),
        cmocka_unit_test(test_delete_team_is_refused_while_it_owns_projects),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
