/*
 * tests/integration/test_programs.c - ProgramService over TLS against a
 * real server: programs, members and calendars, as their users see them.
 */
#include "it_support.h"
#include "pmo/v1/program.pb-c.h"
#include "pmo/v1/project.pb-c.h"
#include "pmo/v1/team.pb-c.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PASSWORD "program tests 1"
#define SVC      (&pmo__v1__program_service__descriptor)
#define ROLE(r)  PMO__V1__PROGRAM_ROLE__ROLE_##r

/*
 * alice creates the programs of most tests; bob, carol and dave get the
 * roles a test gives them (none at first).
 */
typedef struct fixture {
    pmo_client *admin, *alice, *bob, *carol, *dave;
    char alice_token[IT_TOKEN_MAX];
} fixture;

static fixture fx;

/* ------------------------------------------------------------- helpers */

static int group_setup(void **state)
{
    fx.admin = it_connect_admin();
    static const char *const users[] = {"alice", "bob", "carol", "dave"};
    for (size_t i = 0; i < 4; i++)
        it_create_user(fx.admin, users[i], PASSWORD);
    fx.alice = it_connect_as("alice", PASSWORD, fx.alice_token);
    fx.bob = it_connect_as("bob", PASSWORD, NULL);
    fx.carol = it_connect_as("carol", PASSWORD, NULL);
    fx.dave = it_connect_as("dave", PASSWORD, NULL);
    return 0;
}

static int group_teardown(void **state)
{
    pmo_client *all[] = {fx.admin, fx.alice, fx.bob, fx.carol, fx.dave};
    for (size_t i = 0; i < 5; i++)
        if (all[i])
            pmo_client_close(all[i]);
    return 0;
}

/* The number in the first row of a count query. */
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

static int create(pmo_client *c, const Pmo__V1__Program *p,
                  Pmo__V1__Program **out, pmo_result *res)
{
    Pmo__V1__CreateProgramRequest in = PMO__V1__CREATE_PROGRAM_REQUEST__INIT;
    in.program = (Pmo__V1__Program *)p;
    Pmo__V1__Program *got = NULL;
    int code = pmo_call(c, SVC, "CreateProgram", &in.base,
                        (ProtobufCMessage **)&got, res);
    if (out)
        *out = got;
    else if (got)
        protobuf_c_message_free_unpacked(&got->base, NULL);
    return code;
}

/* Creates a program with just a key and a name; returns its id. */
static int64_t create_simple(pmo_client *c, const char *key)
{
    Pmo__V1__Program p = PMO__V1__PROGRAM__INIT;
    p.key = (char *)key;
    p.name = "A program";
    Pmo__V1__Program *out = NULL;
    pmo_result res;
    it_assert_code(create(c, &p, &out, &res), &res, PMO_OK);
    int64_t id = out->id;
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return id;
}

static int get(pmo_client *c, const char *key, Pmo__V1__Program **out,
               pmo_result *res)
{
    Pmo__V1__GetProgramRequest in = PMO__V1__GET_PROGRAM_REQUEST__INIT;
    in.key = (char *)key;
    Pmo__V1__Program *got = NULL;
    int code = pmo_call(c, SVC, "GetProgram", &in.base,
                        (ProtobufCMessage **)&got, res);
    if (out)
        *out = got;
    else if (got)
        protobuf_c_message_free_unpacked(&got->base, NULL);
    return code;
}

static int update(pmo_client *c, const char *key, const Pmo__V1__Program *p,
                  const char *const *mask, size_t n, int64_t version,
                  Pmo__V1__Program **out, pmo_result *res)
{
    Pmo__V1__UpdateProgramRequest in = PMO__V1__UPDATE_PROGRAM_REQUEST__INIT;
    in.key = (char *)key;
    in.program = (Pmo__V1__Program *)p;
    in.update_mask = (char **)mask;
    in.n_update_mask = n;
    in.expected_version = version;
    Pmo__V1__Program *got = NULL;
    int code = pmo_call(c, SVC, "UpdateProgram", &in.base,
                        (ProtobufCMessage **)&got, res);
    if (out)
        *out = got;
    else if (got)
        protobuf_c_message_free_unpacked(&got->base, NULL);
    return code;
}

/* Renames the program at version; the status of the call. */
static int rename_at(pmo_client *c, const char *key, const char *name,
                     int64_t version, pmo_result *res)
{
    Pmo__V1__Program p = PMO__V1__PROGRAM__INIT;
    p.name = (char *)name;
    static const char *const mask[] = {"name"};
    return update(c, key, &p, mask, 1, version, NULL, res);
}

static int delete_program(pmo_client *c, const char *key, int64_t version,
                          bool cascade, pmo_result *res)
{
    Pmo__V1__DeleteProgramRequest in = PMO__V1__DELETE_PROGRAM_REQUEST__INIT;
    in.key = (char *)key;
    in.expected_version = version;
    in.cascade = cascade;
    return it_call(c, SVC, "DeleteProgram", &in.base, res);
}

static int set_role(pmo_client *c, const char *program, const char *user,
                    int role, pmo_result *res)
{
    Pmo__V1__SetMemberRoleRequest in = PMO__V1__SET_MEMBER_ROLE_REQUEST__INIT;
    in.program = (char *)program;
    in.username = (char *)user;
    in.role = role;
    return it_call(c, SVC, "SetMemberRole", &in.base, res);
}

static void grant(const char *program, const char *user, int role)
{
    pmo_result res;
    it_assert_code(set_role(fx.alice, program, user, role, &res), &res, PMO_OK);
}

static Pmo__V1__ListMembersResponse *members(pmo_client *c, const char *key)
{
    Pmo__V1__ListMembersRequest in = PMO__V1__LIST_MEMBERS_REQUEST__INIT;
    in.program = (char *)key;
    Pmo__V1__ListMembersResponse *out = NULL;
    pmo_result res;
    it_assert_code(pmo_call(c, SVC, "ListMembers", &in.base,
                            (ProtobufCMessage **)&out, &res),
                   &res, PMO_OK);
    return out;
}

static Pmo__V1__Calendar *get_calendar(pmo_client *c, const char *key)
{
    Pmo__V1__GetCalendarRequest in = PMO__V1__GET_CALENDAR_REQUEST__INIT;
    in.program = (char *)key;
    Pmo__V1__Calendar *out = NULL;
    pmo_result res;
    it_assert_code(pmo_call(c, SVC, "GetCalendar", &in.base,
                            (ProtobufCMessage **)&out, &res),
                   &res, PMO_OK);
    return out;
}

static int update_calendar(pmo_client *c, const char *key,
                           const Pmo__V1__Calendar *cal, int64_t version,
                           Pmo__V1__Calendar **out, pmo_result *res)
{
    Pmo__V1__UpdateCalendarRequest in = PMO__V1__UPDATE_CALENDAR_REQUEST__INIT;
    in.program = (char *)key;
    in.calendar = (Pmo__V1__Calendar *)cal;
    in.expected_version = version;
    Pmo__V1__Calendar *got = NULL;
    int code = pmo_call(c, SVC, "UpdateCalendar", &in.base,
                        (ProtobufCMessage **)&got, res);
    if (out)
        *out = got;
    else if (got)
        protobuf_c_message_free_unpacked(&got->base, NULL);
    return code;
}

static Pmo__V1__ListProgramsResponse *
list(pmo_client *c, int status, uint32_t page_size, const char *token)
{
    Pmo__V1__ListProgramsRequest in = PMO__V1__LIST_PROGRAMS_REQUEST__INIT;
    in.status = status;
    in.page_size = page_size;
    in.page_token = (char *)token;
    Pmo__V1__ListProgramsResponse *out = NULL;
    pmo_result res;
    it_assert_code(pmo_call(c, SVC, "ListPrograms", &in.base,
                            (ProtobufCMessage **)&out, &res),
                   &res, PMO_OK);
    return out;
}

/* A project in the program, through ProjectService (for delete tests). */
static void create_project(pmo_client *c, const char *program, const char *key)
{
    Pmo__V1__Project p = PMO__V1__PROJECT__INIT;
    p.program = (char *)program;
    p.key = (char *)key;
    p.name = "A project";
    Pmo__V1__CreateProjectRequest in = PMO__V1__CREATE_PROJECT_REQUEST__INIT;
    in.project = &p;
    pmo_result res;
    it_assert_code(it_call(c, &pmo__v1__project_service__descriptor,
                           "CreateProject", &in.base, &res),
                   &res, PMO_OK);
}

/* ---------------------------------------------------------- programs */

static void
test_create_program_returns_it_with_the_creator_as_owner(void **state)
{
    Pmo__V1__Goal g1 = PMO__V1__GOAL__INIT, g2 = PMO__V1__GOAL__INIT;
    g1.description = "Cut checkout time";
    g1.metric = "p50 checkout seconds";
    g1.target = "< 20";
    g2.description = "Quote \"marks\", back\\slashes, {braces}, commas";
    Pmo__V1__Goal *goals[] = {&g1, &g2};
    char *scope_in[] = {"web", "mobile, \"apps\"", "NULL"};
    char *scope_out[] = {"desktop"};
    char *deliverables[] = {"New checkout", "Runbook \\ {braces}"};
    Pmo__V1__Program p = PMO__V1__PROGRAM__INIT;
    p.key = "CHKOUT";
    p.name = "Checkout revamp";
    p.description = "Line one\nLine two";
    p.goals = goals;
    p.n_goals = 2;
    p.scope_in = scope_in;
    p.n_scope_in = 3;
    p.scope_out = scope_out;
    p.n_scope_out = 1;
    p.deliverables = deliverables;
    p.n_deliverables = 2;
    p.sponsor = "VP Commerce";
    p.target_start = "2025-01-06";
    p.target_finish = "2025-06-30";
    p.rag = PMO__V1__RAG__RAG_GREEN;
    p.my_role = ROLE(VIEWER); /* ignored */

    Pmo__V1__Program *out = NULL;
    pmo_result res;
    it_assert_code(create(fx.alice, &p, &out, &res), &res, PMO_OK);
    assert_true(out->id > 0);
    assert_string_equal(out->key, "CHKOUT");
    assert_string_equal(out->name, "Checkout revamp");
    assert_string_equal(out->description, "Line one\nLine two");
    assert_int_equal(out->n_goals, 2);
    assert_string_equal(out->goals[0]->description, "Cut checkout time");
    assert_string_equal(out->goals[0]->metric, "p50 checkout seconds");
    assert_string_equal(out->goals[0]->target, "< 20");
    assert_string_equal(out->goals[1]->description, g2.description);
    assert_string_equal(out->goals[1]->metric, "");
    assert_int_equal(out->n_scope_in, 3);
    assert_string_equal(out->scope_in[1], "mobile, \"apps\"");
    assert_string_equal(out->scope_in[2], "NULL");
    assert_int_equal(out->n_scope_out, 1);
    assert_int_equal(out->n_deliverables, 2);
    assert_string_equal(out->deliverables[1], "Runbook \\ {braces}");
    assert_string_equal(out->sponsor, "VP Commerce");
    assert_string_equal(out->target_start, "2025-01-06");
    assert_string_equal(out->target_finish, "2025-06-30");
    assert_int_equal(out->status, PMO__V1__PROGRAM_STATUS__PROGRAM_PROPOSED);
    assert_int_equal(out->rag, PMO__V1__RAG__RAG_GREEN);
    assert_int_equal(out->version, 1);
    assert_true(out->created_at_ms > 0);
    assert_int_equal(out->my_role, ROLE(OWNER));

    /* Read back: the same program. */
    Pmo__V1__Program *again = NULL;
    it_assert_code(get(fx.alice, "CHKOUT", &again, &res), &res, PMO_OK);
    assert_int_equal(again->id, out->id);
    assert_int_equal(again->n_goals, 2);
    assert_string_equal(again->goals[1]->description, g2.description);
    assert_string_equal(again->scope_in[1], "mobile, \"apps\"");
    assert_string_equal(again->deliverables[1], "Runbook \\ {braces}");
    assert_int_equal(again->my_role, ROLE(OWNER));

    assert_int_equal(sql_number("SELECT count(*) FROM program_members m"
                                " JOIN users u ON u.id = m.user_id"
                                " WHERE program_id = %lld AND role = 4"
                                " AND u.username = 'alice'",
                                (long long)out->id),
                     1);
    assert_int_equal(sql_number("SELECT count(*) FROM audit_log"
                                " WHERE program_id = %lld AND method ="
                                " 'pmo.v1.ProgramService/CreateProgram'",
                                (long long)out->id),
                     1);
    protobuf_c_message_free_unpacked(&again->base, NULL);
    protobuf_c_message_free_unpacked(&out->base, NULL);
}

/* Bad programs: each case spoils one field of a good one. */
static char *many_entries[201];
static char long_text[10002];
static Pmo__V1__Goal good_goal = PMO__V1__GOAL__INIT;
static Pmo__V1__Goal empty_goal = PMO__V1__GOAL__INIT;
static Pmo__V1__Goal *many_goals[51];
static Pmo__V1__Goal *one_empty_goal[] = {&empty_goal};
static char *one_empty_entry[] = {""};

/* A string of n 'x' (n < sizeof(long_text)). */
static char *text_of(size_t n)
{
    memset(long_text, 'x', n);
    long_text[n] = '\0';
    return long_text;
}

static void bad_key_lower(Pmo__V1__Program *p)
{
    p->key = "chkout";
}
static void bad_key_short(Pmo__V1__Program *p)
{
    p->key = "A";
}
static void bad_key_long(Pmo__V1__Program *p)
{
    p->key = "ABCDEFGHIJKLMNOPQ";
}
static void bad_key_dash(Pmo__V1__Program *p)
{
    p->key = "CHK-OUT";
}
static void bad_key_digit_first(Pmo__V1__Program *p)
{
    p->key = "9LIVES";
}
static void bad_name_empty(Pmo__V1__Program *p)
{
    p->name = "";
}
static void bad_name_long(Pmo__V1__Program *p)
{
    p->name = text_of(201);
}
static void bad_name_control(Pmo__V1__Program *p)
{
    p->name = "bell\a";
}
static void bad_description_long(Pmo__V1__Program *p)
{
    p->description = text_of(10001);
}
static void bad_goals_many(Pmo__V1__Program *p)
{
    for (size_t i = 0; i < 51; i++)
        many_goals[i] = &good_goal;
    p->goals = many_goals;
    p->n_goals = 51;
}
static void bad_goal_empty(Pmo__V1__Program *p)
{
    p->goals = one_empty_goal;
    p->n_goals = 1;
}
static void bad_scope_in_many(Pmo__V1__Program *p)
{
    for (size_t i = 0; i < 201; i++)
        many_entries[i] = "x";
    p->scope_in = many_entries;
    p->n_scope_in = 201;
}
static void bad_scope_out_empty(Pmo__V1__Program *p)
{
    p->scope_out = one_empty_entry;
    p->n_scope_out = 1;
}
static void bad_deliverable_long(Pmo__V1__Program *p)
{
    many_entries[0] = text_of(501);
    p->deliverables = many_entries;
    p->n_deliverables = 1;
}
static void bad_sponsor_control(Pmo__V1__Program *p)
{
    p->sponsor = "line\nbreak";
}
static void bad_start_date(Pmo__V1__Program *p)
{
    p->target_start = "2025-02-30";
}
static void bad_finish_format(Pmo__V1__Program *p)
{
    p->target_finish = "30/06/2025";
}
static void bad_dates_reversed(Pmo__V1__Program *p)
{
    p->target_start = "2025-07-01";
    p->target_finish = "2025-06-30";
}
/* A real date, but past the last year the schedule supports. */
static void bad_finish_unschedulable(Pmo__V1__Program *p)
{
    p->target_start = "2025-07-01";
    p->target_finish = "2400-01-03";
}
static void bad_status(Pmo__V1__Program *p)
{
    p->status = 9;
}
static void bad_status_negative(Pmo__V1__Program *p)
{
    p->status = -1;
}
static void bad_rag(Pmo__V1__Program *p)
{
    p->rag = 7;
}

static void test_create_program_names_each_bad_field(void **state)
{
    static const struct {
        const char *name;
        void (*spoil)(Pmo__V1__Program *p);
        const char *field;
    } cases[] = {
        {"lower-case key", bad_key_lower, "program.key"},
        {"one-letter key", bad_key_short, "program.key"},
        {"17-letter key", bad_key_long, "program.key"},
        {"key with a dash", bad_key_dash, "program.key"},
        {"key starting with a digit", bad_key_digit_first, "program.key"},
        {"empty name", bad_name_empty, "program.name"},
        {"201-character name", bad_name_long, "program.name"},
        {"name with a control character", bad_name_control, "program.name"},
        {"10001-character description", bad_description_long,
         "program.description"},
        {"51 goals", bad_goals_many, "program.goals"},
        {"goal without a description", bad_goal_empty,
         "program.goals[0].description"},
        {"201 scope_in entries", bad_scope_in_many, "program.scope_in"},
        {"empty scope_out entry", bad_scope_out_empty, "program.scope_out[0]"},
        {"501-character deliverable", bad_deliverable_long,
         "program.deliverables[0]"},
        {"sponsor with a newline", bad_sponsor_control, "program.sponsor"},
        {"30 February", bad_start_date, "program.target_start"},
        {"finish not ISO", bad_finish_format, "program.target_finish"},
        {"finish before start", bad_dates_reversed, "program.target_finish"},
        {"finish past 2399", bad_finish_unschedulable, "program.target_finish"},
        {"status 9", bad_status, "program.status"},
        {"status -1", bad_status_negative, "program.status"},
        {"rag 7", bad_rag, "program.rag"},
    };
    good_goal.description = "A goal";
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        Pmo__V1__Program p = PMO__V1__PROGRAM__INIT;
        p.key = "BADPROG";
        p.name = "Bad program";
        cases[i].spoil(&p);
        pmo_result res;
        int code = create(fx.alice, &p, NULL, &res);
        if (code != PMO_INVALID_ARGUMENT)
            fail_msg("%s: expected INVALID_ARGUMENT, got %s (\"%s\")",
                     cases[i].name, pmo_status_name(code), res.message);
        it_assert_violation(&res, cases[i].field);
    }
    /* Nothing was written by any of them. */
    assert_int_equal(
        sql_number("SELECT count(*) FROM programs WHERE key = 'BADPROG'"), 0);

    /* The rule is stated for a bad key. */
    Pmo__V1__Program p = PMO__V1__PROGRAM__INIT;
    p.key = "bad";
    p.name = "x";
    pmo_result res;
    create(fx.alice, &p, NULL, &res);
    it_assert_contains(res.message, "^[A-Z][A-Z0-9]{1,15}$");

    Pmo__V1__CreateProgramRequest in = PMO__V1__CREATE_PROGRAM_REQUEST__INIT;
    it_assert_code(it_call(fx.alice, SVC, "CreateProgram", &in.base, &res),
                   &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "program");
}

static void test_create_program_with_a_taken_key_already_exists(void **state)
{
    create_simple(fx.alice, "DUPL");
    Pmo__V1__Program p = PMO__V1__PROGRAM__INIT;
    p.key = "DUPL";
    p.name = "Second";
    pmo_result res;
    it_assert_code(create(fx.carol, &p, NULL, &res), &res, PMO_ALREADY_EXISTS);
    it_assert_contains(res.message, "program DUPL already exists");
}

static void test_create_retried_with_its_idempotency_key_makes_one(void **state)
{
    Pmo__V1__Program p = PMO__V1__PROGRAM__INIT;
    p.key = "RETRY";
    p.name = "Retried";
    Pmo__V1__Program *first = NULL, *second = NULL;
    pmo_result res;
    pmo_client_set_idempotency_key(fx.alice, "create-RETRY-once");
    it_assert_code(create(fx.alice, &p, &first, &res), &res, PMO_OK);
    pmo_client_set_idempotency_key(fx.alice, "create-RETRY-once");
    it_assert_code(create(fx.alice, &p, &second, &res), &res, PMO_OK);
    assert_int_equal(second->id, first->id);
    assert_int_equal(second->version, first->version);
    assert_int_equal(
        sql_number("SELECT count(*) FROM programs WHERE key = 'RETRY'"), 1);
    assert_int_equal(sql_number("SELECT count(*) FROM audit_log WHERE"
                                " program_id = %lld",
                                (long long)first->id),
                     1);
    protobuf_c_message_free_unpacked(&first->base, NULL);
    protobuf_c_message_free_unpacked(&second->base, NULL);

    /* A new key is a new request: the key is taken now. */
    it_assert_code(create(fx.alice, &p, NULL, &res), &res, PMO_ALREADY_EXISTS);
}

/*
 * A key names one request: sent again with another payload it is a
 * mistake, refused without writing, and the first request still replays.
 * Keys are per user, so another user's same key is a request of its own.
 */
static void test_key_reused_with_another_payload_is_refused(void **state)
{
    Pmo__V1__Program p = PMO__V1__PROGRAM__INIT;
    p.key = "REUSE";
    p.name = "First payload";
    Pmo__V1__Program *first = NULL, *again = NULL;
    pmo_result res;
    pmo_client_set_idempotency_key(fx.alice, "create-REUSE");
    it_assert_code(create(fx.alice, &p, &first, &res), &res, PMO_OK);

    Pmo__V1__Program other = PMO__V1__PROGRAM__INIT;
    other.key = "REUSE2";
    other.name = "Another payload";
    pmo_client_set_idempotency_key(fx.alice, "create-REUSE");
    it_assert_code(create(fx.alice, &other, NULL, &res), &res,
                   PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "idempotency_key");
    it_assert_contains(res.message, "idempotency_key");
    it_assert_contains(res.message, "different request");
    assert_int_equal(
        sql_number("SELECT count(*) FROM programs WHERE key = 'REUSE2'"), 0);

    /* The first request, retried with its key, is still a replay. */
    pmo_client_set_idempotency_key(fx.alice, "create-REUSE");
    it_assert_code(create(fx.alice, &p, &again, &res), &res, PMO_OK);
    assert_int_equal(again->id, first->id);
    assert_int_equal(again->version, first->version);
    protobuf_c_message_free_unpacked(&first->base, NULL);
    protobuf_c_message_free_unpacked(&again->base, NULL);

    pmo_client_set_idempotency_key(fx.carol, "create-REUSE");
    it_assert_code(create(fx.carol, &other, NULL, &res), &res, PMO_OK);
    assert_int_equal(
        sql_number("SELECT count(*) FROM programs WHERE key = 'REUSE2'"), 1);
}

static void test_program_is_hidden_from_non_members(void **state)
{
    create_simple(fx.alice, "HIDDEN");
    pmo_result res;
    it_assert_code(get(fx.dave, "HIDDEN", NULL, &res), &res, PMO_NOT_FOUND);
    assert_string_equal(res.message, "no program HIDDEN");
    /* Exactly what a program that does not exist says. */
    it_assert_code(get(fx.dave, "NOSUCH", NULL, &res), &res, PMO_NOT_FOUND);
    assert_string_equal(res.message, "no program NOSUCH");
    /* Nor may a stranger change or delete it, or see its members. */
    it_assert_code(rename_at(fx.dave, "HIDDEN", "Mine", 1, &res), &res,
                   PMO_NOT_FOUND);
    it_assert_code(delete_program(fx.dave, "HIDDEN", 0, true, &res), &res,
                   PMO_NOT_FOUND);
    it_assert_code(set_role(fx.dave, "HIDDEN", "dave", ROLE(OWNER), &res), &res,
                   PMO_NOT_FOUND);
}

static void test_viewer_reads_but_cannot_change(void **state)
{
    create_simple(fx.alice, "VIEWME");
    grant("VIEWME", "bob", ROLE(VIEWER));
    Pmo__V1__Program *out = NULL;
    pmo_result res;
    it_assert_code(get(fx.bob, "VIEWME", &out, &res), &res, PMO_OK);
    assert_int_equal(out->my_role, ROLE(VIEWER));
    protobuf_c_message_free_unpacked(&out->base, NULL);

    it_assert_code(rename_at(fx.bob, "VIEWME", "Mine", 1, &res), &res,
                   PMO_PERMISSION_DENIED);
    it_assert_contains(res.message, "manager");
    it_assert_contains(res.message, "viewer");
    it_assert_code(delete_program(fx.bob, "VIEWME", 0, false, &res), &res,
                   PMO_PERMISSION_DENIED);
    it_assert_contains(res.message, "owner");
    it_assert_code(set_role(fx.bob, "VIEWME", "bob", ROLE(OWNER), &res), &res,
                   PMO_PERMISSION_DENIED);
    it_assert_contains(res.message, "owner");
}

static bool list_has(const Pmo__V1__ListProgramsResponse *l, const char *key)
{
    for (size_t i = 0; i < l->n_programs; i++)
        if (strcmp(l->programs[i]->key, key) == 0)
            return true;
    return false;
}

static void test_list_programs_shows_only_the_callers_programs(void **state)
{
    pmo_client *erin = NULL;
    it_create_user(fx.admin, "erin", PASSWORD);
    erin = it_connect_as("erin", PASSWORD, NULL);
    Pmo__V1__Program p = PMO__V1__PROGRAM__INIT;
    p.name = "Listed";
    static const char *const keys[] = {"LSTC", "LSTA", "LSTD", "LSTB"};
    for (size_t i = 0; i < 4; i++) {
        p.key = (char *)keys[i];
        p.status = i == 2 ? PMO__V1__PROGRAM_STATUS__PROGRAM_ACTIVE : 0;
        pmo_result res;
        it_assert_code(create(erin, &p, NULL, &res), &res, PMO_OK);
    }

    /* Three pages of two, one and none, in key order. */
    Pmo__V1__ListProgramsResponse *page = list(erin, 0, 2, "");
    assert_int_equal(page->n_programs, 2);
    assert_string_equal(page->programs[0]->key, "LSTA");
    assert_string_equal(page->programs[1]->key, "LSTB");
    assert_int_equal(page->programs[0]->my_role, ROLE(OWNER));
    assert_string_equal(page->next_page_token, "LSTB");
    Pmo__V1__ListProgramsResponse *next =
        list(erin, 0, 2, page->next_page_token);
    assert_int_equal(next->n_programs, 2);
    assert_string_equal(next->programs[0]->key, "LSTC");
    assert_string_equal(next->programs[1]->key, "LSTD");
    assert_string_equal(next->next_page_token, "");
    protobuf_c_message_free_unpacked(&page->base, NULL);
    protobuf_c_message_free_unpacked(&next->base, NULL);

    /* Filtered by status. */
    page = list(erin, PMO__V1__PROGRAM_STATUS__PROGRAM_ACTIVE, 0, "");
    assert_int_equal(page->n_programs, 1);
    assert_string_equal(page->programs[0]->key, "LSTD");
    assert_int_equal(page->programs[0]->status,
                     PMO__V1__PROGRAM_STATUS__PROGRAM_ACTIVE);
    protobuf_c_message_free_unpacked(&page->base, NULL);

    /* Others see none of them until given a role; admins see all. */
    page = list(fx.dave, 0, 0, "");
    assert_false(list_has(page, "LSTA"));
    protobuf_c_message_free_unpacked(&page->base, NULL);
    Pmo__V1__SetMemberRoleRequest in = PMO__V1__SET_MEMBER_ROLE_REQUEST__INIT;
    in.program = "LSTB";
    in.username = "dave";
    in.role = ROLE(CONTRIBUTOR);
    pmo_result res;
    it_assert_code(it_call(erin, SVC, "SetMemberRole", &in.base, &res), &res,
                   PMO_OK);
    page = list(fx.dave, 0, 0, "");
    assert_true(list_has(page, "LSTB"));
    assert_false(list_has(page, "LSTA"));
    for (size_t i = 0; i < page->n_programs; i++)
        if (strcmp(page->programs[i]->key, "LSTB") == 0)
            assert_int_equal(page->programs[i]->my_role, ROLE(CONTRIBUTOR));
    protobuf_c_message_free_unpacked(&page->base, NULL);
    page = list(fx.admin, 0, 1000, "");
    assert_true(list_has(page, "LSTA") && list_has(page, "LSTD"));
    assert_int_equal(page->programs[0]->my_role, ROLE(OWNER));
    protobuf_c_message_free_unpacked(&page->base, NULL);
    pmo_client_close(erin);
}

static void test_list_programs_refuses_bad_arguments(void **state)
{
    static const struct {
        const char *name;
        int status;
        uint32_t page_size;
        const char *token;
        const char *field;
    } cases[] = {
        {"unknown status", 6, 0, "", "status"},
        {"page too large", 0, 1001, "", "page_size"},
        {"token not a key", 0, 0, "not a key", "page_token"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        Pmo__V1__ListProgramsRequest in = PMO__V1__LIST_PROGRAMS_REQUEST__INIT;
        in.status = cases[i].status;
        in.page_size = cases[i].page_size;
        in.page_token = (char *)cases[i].token;
        pmo_result res;
        int code = it_call(fx.alice, SVC, "ListPrograms", &in.base, &res);
        if (code != PMO_INVALID_ARGUMENT)
            fail_msg("%s: expected INVALID_ARGUMENT, got %s", cases[i].name,
                     pmo_status_name(code));
        it_assert_violation(&res, cases[i].field);
    }
}

static void test_update_program_changes_only_masked_fields(void **state)
{
    Pmo__V1__Program p = PMO__V1__PROGRAM__INIT;
    p.key = "UPD";
    p.name = "Before";
    p.description = "Kept";
    p.sponsor = "Kept too";
    pmo_result res;
    it_assert_code(create(fx.alice, &p, NULL, &res), &res, PMO_OK);
    grant("UPD", "carol", ROLE(MANAGER));

    Pmo__V1__Goal g = PMO__V1__GOAL__INIT;
    g.description = "Ship";
    Pmo__V1__Goal *goals[] = {&g};
    char *scope[] = {"api", "web"};
    Pmo__V1__Program change = PMO__V1__PROGRAM__INIT;
    change.key = "IGNORED";
    change.name = "After";
    change.description = "Would be lost without the mask";
    change.goals = goals;
    change.n_goals = 1;
    change.scope_in = scope;
    change.n_scope_in = 2;
    change.status = PMO__V1__PROGRAM_STATUS__PROGRAM_ACTIVE;
    change.rag = PMO__V1__RAG__RAG_AMBER;
    change.target_finish = "2026-03-31";
    static const char *const mask[] = {"name",   "goals", "scope_in",
                                       "status", "rag",   "target_finish"};
    Pmo__V1__Program *out = NULL;
    it_assert_code(update(fx.carol, "UPD", &change, mask, 6, 1, &out, &res),
                   &res, PMO_OK);
    assert_string_equal(out->key, "UPD");
    assert_string_equal(out->name, "After");
    assert_string_equal(out->description, "Kept");
    assert_string_equal(out->sponsor, "Kept too");
    assert_int_equal(out->n_goals, 1);
    assert_string_equal(out->goals[0]->description, "Ship");
    assert_int_equal(out->n_scope_in, 2);
    assert_string_equal(out->scope_in[1], "web");
    assert_int_equal(out->status, PMO__V1__PROGRAM_STATUS__PROGRAM_ACTIVE);
    assert_int_equal(out->rag, PMO__V1__RAG__RAG_AMBER);
    assert_string_equal(out->target_finish, "2026-03-31");
    assert_int_equal(out->version, 2);
    assert_int_equal(out->my_role, ROLE(MANAGER));
    assert_true(out->updated_at_ms >= out->created_at_ms);
    protobuf_c_message_free_unpacked(&out->base, NULL);

    /* Clearing: an empty list and an empty date in the mask. */
    Pmo__V1__Program clear = PMO__V1__PROGRAM__INIT;
    static const char *const clear_mask[] = {"scope_in", "target_finish"};
    it_assert_code(
        update(fx.carol, "UPD", &clear, clear_mask, 2, 2, &out, &res), &res,
        PMO_OK);
    assert_int_equal(out->n_scope_in, 0);
    assert_string_equal(out->target_finish, "");
    assert_int_equal(out->n_goals, 1);
    protobuf_c_message_free_unpacked(&out->base, NULL);

    Pmo__V1__Program *read = NULL;
    it_assert_code(get(fx.alice, "UPD", &read, &res), &res, PMO_OK);
    assert_string_equal(read->name, "After");
    assert_int_equal(read->version, 3);
    protobuf_c_message_free_unpacked(&read->base, NULL);
    assert_int_equal(sql_number("SELECT count(*) FROM audit_log a"
                                " JOIN programs p ON p.id = a.program_id"
                                " WHERE p.key = 'UPD' AND a.method ="
                                " 'pmo.v1.ProgramService/UpdateProgram'"
                                " AND a.before->>'name' = 'Before'"
                                " AND a.after->>'name' = 'After'"),
                     1);
}

static void test_update_program_names_each_bad_field(void **state)
{
    Pmo__V1__Program p = PMO__V1__PROGRAM__INIT;
    p.key = "UPDBAD";
    p.name = "Dated";
    p.target_start = "2025-03-01";
    p.target_finish = "2025-09-30";
    pmo_result res;
    it_assert_code(create(fx.alice, &p, NULL, &res), &res, PMO_OK);

    Pmo__V1__Program late = PMO__V1__PROGRAM__INIT;
    late.target_start = "2025-10-01";
    late.target_finish = "2025-02-28";
    late.status = 0;
    late.name = "";
    static const char *const start[] = {"target_start"};
    static const char *const finish[] = {"target_finish"};
    static const char *const name[] = {"name"};
    static const char *const status[] = {"status"};
    static const char *const key[] = {"key"};
    static const char *const version[] = {"version"};
    static const struct {
        const char *name;
        const char *const *mask;
        size_t n_mask;
        int64_t version;
        const char *field;
    } cases[] = {
        {"start after the stored finish", start, 1, 1, "program.target_start"},
        {"finish before the stored start", finish, 1, 1,
         "program.target_finish"},
        {"empty name", name, 1, 1, "program.name"},
        {"status unset", status, 1, 1, "program.status"},
        {"key is not changeable", key, 1, 1, "update_mask"},
        {"version is not changeable", version, 1, 1, "update_mask"},
        {"empty mask", NULL, 0, 1, "update_mask"},
        {"no expected version", name, 1, 0, "expected_version"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int code = update(fx.alice, "UPDBAD", &late, cases[i].mask,
                          cases[i].n_mask, cases[i].version, NULL, &res);
        if (code != PMO_INVALID_ARGUMENT)
            fail_msg("%s: expected INVALID_ARGUMENT, got %s (\"%s\")",
                     cases[i].name, pmo_status_name(code), res.message);
        it_assert_violation(&res, cases[i].field);
    }
    /* The message names the stored date the new one collides with. */
    update(fx.alice, "UPDBAD", &late, start, 1, 1, NULL, &res);
    it_assert_contains(res.message, "2025-09-30");
    it_assert_code(update(fx.alice, "UPDBAD", &late, NULL, 0, 1, NULL, &res),
                   &res, PMO_INVALID_ARGUMENT);

    Pmo__V1__UpdateProgramRequest in = PMO__V1__UPDATE_PROGRAM_REQUEST__INIT;
    in.key = "UPDBAD";
    in.expected_version = 1;
    it_assert_code(it_call(fx.alice, SVC, "UpdateProgram", &in.base, &res),
                   &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "program");
    Pmo__V1__Program *read = NULL;
    it_assert_code(get(fx.alice, "UPDBAD", &read, &res), &res, PMO_OK);
    assert_int_equal(read->version, 1);
    protobuf_c_message_free_unpacked(&read->base, NULL);
}

static void test_update_with_a_stale_version_is_aborted(void **state)
{
    create_simple(fx.alice, "STALE");
    pmo_result res;
    it_assert_code(rename_at(fx.alice, "STALE", "First", 1, &res), &res,
                   PMO_OK);
    it_assert_code(rename_at(fx.alice, "STALE", "Second", 1, &res), &res,
                   PMO_ABORTED);
    it_assert_contains(res.message, "program STALE");
    it_assert_contains(res.message, "version 2");
    Pmo__V1__Program *read = NULL;
    it_assert_code(get(fx.alice, "STALE", &read, &res), &res, PMO_OK);
    assert_string_equal(read->name, "First");
    protobuf_c_message_free_unpacked(&read->base, NULL);
}

#define RACERS 4
#define RACES  8

typedef struct racer {
    pthread_t thread;
    pthread_barrier_t *start;
    const char *token;
    int64_t version;
    int code;
    char message[512];
} racer;

/* No cmocka here: assertions belong to the test's own thread. */
static void *racer_main(void *arg)
{
    racer *r = arg;
    pmo_client_options opt = {.url = getenv("PMO_SERVER"),
                              .ca_file = getenv("PMO_CA"),
                              .timeout_ms = IT_CALL_TIMEOUT_MS};
    pmo_client *c = NULL;
    pmo_result res;
    r->code = pmo_client_open(&opt, &c, &res);
    pthread_barrier_wait(r->start);
    if (r->code != PMO_OK)
        return NULL;
    pmo_client_set_token(c, r->token);
    r->code = rename_at(c, "RACE", "Raced", r->version, &res);
    snprintf(r->message, sizeof(r->message), "%s", res.message);
    pmo_client_close(c);
    return NULL;
}

static void test_concurrent_updates_of_one_version_let_one_win(void **state)
{
    create_simple(fx.alice, "RACE");
    for (int64_t round = 1; round <= RACES; round++) {
        pthread_barrier_t start;
        pthread_barrier_init(&start, NULL, RACERS);
        racer racers[RACERS];
        for (int i = 0; i < RACERS; i++) {
            racers[i] = (racer){
                .start = &start, .token = fx.alice_token, .version = round};
            pthread_create(&racers[i].thread, NULL, racer_main, &racers[i]);
        }
        int won = 0, aborted = 0;
        for (int i = 0; i < RACERS; i++) {
            pthread_join(racers[i].thread, NULL);
            if (racers[i].code == PMO_OK)
                won++;
            else if (racers[i].code == PMO_ABORTED)
                aborted++;
            else
                fail_msg("round %lld: %s (\"%s\")", (long long)round,
                         pmo_status_name(racers[i].code), racers[i].message);
        }
        pthread_barrier_destroy(&start);
        assert_int_equal(won, 1);
        assert_int_equal(aborted, RACERS - 1);
    }
    Pmo__V1__Program *read = NULL;
    pmo_result res;
    it_assert_code(get(fx.alice, "RACE", &read, &res), &res, PMO_OK);
    assert_int_equal(read->version, RACES + 1);
    protobuf_c_message_free_unpacked(&read->base, NULL);
}

static void
test_delete_is_refused_while_projects_remain_unless_cascading(void **state)
{
    int64_t id = create_simple(fx.alice, "DOOMED");
    create_project(fx.alice, "DOOMED", "web");
    create_project(fx.alice, "DOOMED", "api");
    grant("DOOMED", "bob", ROLE(VIEWER));
    /* Content other services make, written directly. */
    char sql[2048];
    snprintf(sql, sizeof(sql),
             "WITH w AS (INSERT INTO work_items (program_id, project_id,"
             "  number, title) SELECT program_id, id, 1, 'One' FROM projects"
             "  WHERE program_id = %lld AND key = 'web' RETURNING id),"
             " v AS (INSERT INTO work_items (program_id, project_id, number,"
             "  title) SELECT program_id, id, 2, 'Two' FROM projects"
             "  WHERE program_id = %lld AND key = 'api' RETURNING id)"
             " INSERT INTO dependencies (program_id, predecessor_id,"
             "  successor_id) SELECT %lld, w.id, v.id FROM w, v",
             (long long)id, (long long)id, (long long)id);
    it_sql(NULL, 0, sql);
    snprintf(sql, sizeof(sql),
             "INSERT INTO stakeholders (program_id, name) VALUES (%lld, 'S');"
             "INSERT INTO comments (program_id, entity, entity_key,"
             " author_id, body) SELECT %lld, 'program', 'DOOMED', id, 'hi'"
             " FROM users WHERE username = 'alice';"
             "INSERT INTO program_holidays (program_id, day)"
             " VALUES (%lld, '2025-12-25')",
             (long long)id, (long long)id, (long long)id);
    it_sql(NULL, 0, sql);

    pmo_result res;
    it_assert_code(delete_program(fx.alice, "DOOMED", 0, false, &res), &res,
                   PMO_FAILED_PRECONDITION);
    it_assert_contains(res.message, "program DOOMED still has 2 projects");
    it_assert_code(delete_program(fx.alice, "DOOMED", 7, true, &res), &res,
                   PMO_ABORTED);
    assert_int_equal(
        sql_number("SELECT count(*) FROM projects WHERE program_id = %lld",
                   (long long)id),
        2);

    it_assert_code(delete_program(fx.alice, "DOOMED", 1, true, &res), &res,
                   PMO_OK);
    static const char *const tables[] = {
        "projects", "work_items", "dependencies",    "stakeholders",
        "comments", "programs",   "program_members", "program_holidays",
    };
    for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
        const char *col =
            strcmp(tables[i], "programs") == 0 ? "id" : "program_id";
        long long left = sql_number("SELECT count(*) FROM %s WHERE %s = %lld",
                                    tables[i], col, (long long)id);
        if (left != 0)
            fail_msg("%lld rows of %s survived the cascade", left, tables[i]);
    }
    it_assert_code(get(fx.alice, "DOOMED", NULL, &res), &res, PMO_NOT_FOUND);
    /* One audit row for the whole delete, counting what went. */
    assert_int_equal(
        sql_number("SELECT count(*) FROM audit_log WHERE program_id = %lld"
                   " AND method = 'pmo.v1.ProgramService/DeleteProgram'"
                   " AND after IS NULL"
                   " AND (before->'deleted'->>'work_items')::int = 2"
                   " AND (before->'deleted'->>'projects')::int = 2",
                   (long long)id),
        1);
    /* The key is free again. */
    create_simple(fx.alice, "DOOMED");
}

static void test_delete_without_projects_needs_no_cascade(void **state)
{
    int64_t id = create_simple(fx.alice, "EMPTY");
    pmo_result res;
    it_assert_code(delete_program(fx.alice, "EMPTY", 0, false, &res), &res,
                   PMO_OK);
    assert_int_equal(sql_number("SELECT count(*) FROM programs WHERE id = %lld",
                                (long long)id),
                     0);
}

/* ----------------------------------------------------------- members */

static void test_members_are_set_listed_and_removed(void **state)
{
    create_simple(fx.alice, "TEAMUP");
    grant("TEAMUP", "carol", ROLE(MANAGER));
    grant("TEAMUP", "bob", ROLE(VIEWER));
    grant("TEAMUP", "bob", ROLE(CONTRIBUTOR));

    Pmo__V1__ListMembersResponse *m = members(fx.bob, "TEAMUP");
    assert_int_equal(m->n_members, 3);
    assert_string_equal(m->members[0]->username, "alice");
    assert_int_equal(m->members[0]->role, ROLE(OWNER));
    assert_string_equal(m->members[0]->display_name, "Test User");
    assert_string_equal(m->members[1]->username, "carol");
    assert_int_equal(m->members[1]->role, ROLE(MANAGER));
    assert_string_equal(m->members[2]->username, "bob");
    assert_int_equal(m->members[2]->role, ROLE(CONTRIBUTOR));
    protobuf_c_message_free_unpacked(&m->base, NULL);

    /* The reply names the member and the new role. */
    Pmo__V1__SetMemberRoleRequest in = PMO__V1__SET_MEMBER_ROLE_REQUEST__INIT;
    in.program = "TEAMUP";
    in.username = "bob";
    in.role = ROLE(NONE);
    Pmo__V1__SetMemberRoleResponse *out = NULL;
    pmo_result res;
    it_assert_code(pmo_call(fx.alice, SVC, "SetMemberRole", &in.base,
                            (ProtobufCMessage **)&out, &res),
                   &res, PMO_OK);
    assert_string_equal(out->member->username, "bob");
    assert_int_equal(out->member->role, ROLE(NONE));
    protobuf_c_message_free_unpacked(&out->base, NULL);
    it_assert_code(get(fx.bob, "TEAMUP", NULL, &res), &res, PMO_NOT_FOUND);
    it_assert_code(set_role(fx.alice, "TEAMUP", "bob", ROLE(NONE), &res), &res,
                   PMO_NOT_FOUND);
    it_assert_contains(res.message, "bob holds no role in TEAMUP");

    /* Managers do not manage members; owners do. */
    it_assert_code(set_role(fx.carol, "TEAMUP", "bob", ROLE(VIEWER), &res),
                   &res, PMO_PERMISSION_DENIED);
    it_assert_contains(res.message, "owner");
    it_assert_contains(res.message, "manager");
    assert_int_equal(sql_number("SELECT count(*) FROM audit_log a"
                                " JOIN programs p ON p.id = a.program_id"
                                " WHERE p.key = 'TEAMUP' AND a.method ="
                                " 'pmo.v1.ProgramService/SetMemberRole'"),
                     4);
}

static void test_set_member_role_names_each_bad_argument(void **state)
{
    create_simple(fx.alice, "ROLES");
    static const struct {
        const char *name;
        const char *user;
        int role;
        int code;
        const char *field; /* or the message, for other codes */
    } cases[] = {
        {"unknown user", "ghost", ROLE(VIEWER), PMO_NOT_FOUND, "no user ghost"},
        {"malformed username", "Not A User", ROLE(VIEWER), PMO_INVALID_ARGUMENT,
         "username"},
        {"role 5", "bob", 5, PMO_INVALID_ARGUMENT, "role"},
        {"role -1", "bob", -1, PMO_INVALID_ARGUMENT, "role"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        pmo_result res;
        int code =
            set_role(fx.alice, "ROLES", cases[i].user, cases[i].role, &res);
        if (code != cases[i].code)
            fail_msg("%s: expected %s, got %s (\"%s\")", cases[i].name,
                     pmo_status_name(cases[i].code), pmo_status_name(code),
                     res.message);
        if (code == PMO_INVALID_ARGUMENT)
            it_assert_violation(&res, cases[i].field);
        else
            it_assert_contains(res.message, cases[i].field);
    }
}

static void test_the_last_owner_cannot_leave(void **state)
{
    create_simple(fx.alice, "SOLO");
    pmo_result res;
    it_assert_code(set_role(fx.alice, "SOLO", "alice", ROLE(NONE), &res), &res,
                   PMO_FAILED_PRECONDITION);
    it_assert_contains(res.message, "alice is the last owner of SOLO");
    it_assert_code(set_role(fx.alice, "SOLO", "alice", ROLE(MANAGER), &res),
                   &res, PMO_FAILED_PRECONDITION);
    /* Admins neither. */
    it_assert_code(set_role(fx.admin, "SOLO", "alice", ROLE(VIEWER), &res),
                   &res, PMO_FAILED_PRECONDITION);

    /* With a second owner, the first may step down. */
    grant("SOLO", "carol", ROLE(OWNER));
    it_assert_code(set_role(fx.alice, "SOLO", "alice", ROLE(MANAGER), &res),
                   &res, PMO_OK);
    it_assert_code(set_role(fx.carol, "SOLO", "carol", ROLE(VIEWER), &res),
                   &res, PMO_FAILED_PRECONDITION);
    assert_int_equal(sql_number("SELECT count(*) FROM program_members m"
                                " JOIN programs p ON p.id = m.program_id"
                                " WHERE p.key = 'SOLO' AND m.role = 4"),
                     1);
}

/* ---------------------------------------------------------- calendar */

static void
test_calendar_defaults_to_weekdays_and_is_replaced_whole(void **state)
{
    create_simple(fx.alice, "CAL");
    grant("CAL", "bob", ROLE(VIEWER));
    Pmo__V1__Calendar *c = get_calendar(fx.bob, "CAL");
    assert_int_equal(c->n_working_weekdays, 5);
    for (uint32_t d = 1; d <= 5; d++)
        assert_int_equal(c->working_weekdays[d - 1], d);
    assert_int_equal(c->n_holidays, 0);
    assert_int_equal(c->version, 1);
    protobuf_c_message_free_unpacked(&c->base, NULL);

    uint32_t days[] = {6, 1, 2};
    Pmo__V1__Holiday h1 = PMO__V1__HOLIDAY__INIT, h2 = PMO__V1__HOLIDAY__INIT;
    h1.date = "2025-12-26";
    h1.name = "Boxing \"Day\"";
    h2.date = "2025-12-25";
    h2.name = "Christmas, Day";
    Pmo__V1__Holiday *holidays[] = {&h1, &h2};
    Pmo__V1__Calendar cal = PMO__V1__CALENDAR__INIT;
    cal.working_weekdays = days;
    cal.n_working_weekdays = 3;
    cal.holidays = holidays;
    cal.n_holidays = 2;
    Pmo__V1__Calendar *out = NULL;
    pmo_result res;
    it_assert_code(update_calendar(fx.alice, "CAL", &cal, 1, &out, &res), &res,
                   PMO_OK);
    assert_int_equal(out->version, 2);
    assert_int_equal(out->n_working_weekdays, 3);
    assert_int_equal(out->working_weekdays[0], 1);
    assert_int_equal(out->working_weekdays[2], 6);
    assert_string_equal(out->holidays[0]->date, "2025-12-25");
    protobuf_c_message_free_unpacked(&out->base, NULL);

    c = get_calendar(fx.bob, "CAL");
    assert_int_equal(c->version, 2);
    assert_int_equal(c->n_working_weekdays, 3);
    assert_int_equal(c->working_weekdays[1], 2);
    assert_int_equal(c->n_holidays, 2);
    assert_string_equal(c->holidays[0]->date, "2025-12-25");
    assert_string_equal(c->holidays[0]->name, "Christmas, Day");
    assert_string_equal(c->holidays[1]->name, "Boxing \"Day\"");
    protobuf_c_message_free_unpacked(&c->base, NULL);

    /* A new list replaces the old: one kept (renamed), one gone, one new. */
    Pmo__V1__Holiday h3 = PMO__V1__HOLIDAY__INIT;
    h3.date = "2026-01-01";
    h2.name = "Xmas";
    Pmo__V1__Holiday *next[] = {&h3, &h2};
    cal.holidays = next;
    it_assert_code(update_calendar(fx.alice, "CAL", &cal, 2, NULL, &res), &res,
                   PMO_OK);
    c = get_calendar(fx.alice, "CAL");
    assert_int_equal(c->n_holidays, 2);
    assert_string_equal(c->holidays[0]->date, "2025-12-25");
    assert_string_equal(c->holidays[0]->name, "Xmas");
    assert_string_equal(c->holidays[1]->date, "2026-01-01");
    assert_int_equal(c->version, 3);
    protobuf_c_message_free_unpacked(&c->base, NULL);

    /* Stale versions, viewers: refused, nothing changes. */
    cal.n_holidays = 0;
    it_assert_code(update_calendar(fx.alice, "CAL", &cal, 2, NULL, &res), &res,
                   PMO_ABORTED);
    it_assert_contains(res.message, "calendar of CAL");
    it_assert_code(update_calendar(fx.bob, "CAL", &cal, 3, NULL, &res), &res,
                   PMO_PERMISSION_DENIED);
    it_assert_contains(res.message, "manager");
    c = get_calendar(fx.alice, "CAL");
    assert_int_equal(c->n_holidays, 2);
    protobuf_c_message_free_unpacked(&c->base, NULL);
    assert_int_equal(sql_number("SELECT count(*) FROM audit_log a"
                                " JOIN programs p ON p.id = a.program_id"
                                " WHERE p.key = 'CAL' AND a.entity ="
                                " 'calendar'"),
                     2);
}

static Pmo__V1__Holiday holiday_pool[1001];
static Pmo__V1__Holiday *holiday_ptrs[1001];

static void test_calendar_update_names_each_bad_field(void **state)
{
    create_simple(fx.alice, "CALBAD");
    for (size_t i = 0; i < 1001; i++) {
        pmo__v1__holiday__init(&holiday_pool[i]);
        holiday_pool[i].date = "2025-01-01";
        holiday_ptrs[i] = &holiday_pool[i];
    }
    static Pmo__V1__Holiday bad_date = PMO__V1__HOLIDAY__INIT;
    static Pmo__V1__Holiday no_date = PMO__V1__HOLIDAY__INIT;
    static Pmo__V1__Holiday bad_name = PMO__V1__HOLIDAY__INIT;
    static Pmo__V1__Holiday too_late = PMO__V1__HOLIDAY__INIT;
    bad_date.date = "2025-13-01";
    too_late.date = "2450-12-25";
    no_date.date = "";
    bad_name.date = "2025-05-01";
    bad_name.name = "tab\x01";
    static Pmo__V1__Holiday *one_bad_date[] = {&bad_date};
    static Pmo__V1__Holiday *one_no_date[] = {&no_date};
    static Pmo__V1__Holiday *one_too_late[] = {&too_late};
    static Pmo__V1__Holiday *ok_then_bad_name[] = {&holiday_pool[0], &bad_name};
    static uint32_t weekdays[] = {1, 2, 3};
    static uint32_t zero[] = {0};
    static uint32_t eight[] = {1, 8};
    static uint32_t twice[] = {3, 1, 3};
    static const struct {
        const char *name;
        uint32_t *days;
        size_t n_days;
        Pmo__V1__Holiday **holidays;
        size_t n_holidays;
        const char *field;
    } cases[] = {
        {"no working day", NULL, 0, NULL, 0, "calendar.working_weekdays"},
        {"weekday 0", zero, 1, NULL, 0, "calendar.working_weekdays"},
        {"weekday 8", eight, 2, NULL, 0, "calendar.working_weekdays"},
        {"weekday twice", twice, 3, NULL, 0, "calendar.working_weekdays"},
        {"month 13", weekdays, 3, one_bad_date, 1, "calendar.holidays[0].date"},
        {"no date", weekdays, 3, one_no_date, 1, "calendar.holidays[0].date"},
        {"past 2399", weekdays, 3, one_too_late, 1,
         "calendar.holidays[0].date"},
        {"control character in a name", weekdays, 3, ok_then_bad_name, 2,
         "calendar.holidays[1].name"},
        {"one day twice", weekdays, 3, holiday_ptrs, 2, "calendar.holidays"},
        {"1001 holidays", weekdays, 3, holiday_ptrs, 1001, "calendar.holidays"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        Pmo__V1__Calendar cal = PMO__V1__CALENDAR__INIT;
        cal.working_weekdays = cases[i].days;
        cal.n_working_weekdays = cases[i].n_days;
        cal.holidays = cases[i].holidays;
        cal.n_holidays = cases[i].n_holidays;
        pmo_result res;
        int code = update_calendar(fx.alice, "CALBAD", &cal, 1, NULL, &res);
        if (code != PMO_INVALID_ARGUMENT)
            fail_msg("%s: expected INVALID_ARGUMENT, got %s (\"%s\")",
                     cases[i].name, pmo_status_name(code), res.message);
        it_assert_violation(&res, cases[i].field);
    }
    Pmo__V1__Calendar cal = PMO__V1__CALENDAR__INIT;
    cal.working_weekdays = weekdays;
    cal.n_working_weekdays = 3;
    pmo_result res;
    it_assert_code(update_calendar(fx.alice, "CALBAD", &cal, 0, NULL, &res),
                   &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "expected_version");
    it_assert_code(update_calendar(fx.alice, "CALBAD", NULL, 1, NULL, &res),
                   &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "calendar");
    Pmo__V1__Calendar *c = get_calendar(fx.alice, "CALBAD");
    assert_int_equal(c->version, 1);
    protobuf_c_message_free_unpacked(&c->base, NULL);
}

/* Hours per day: 8 by default, set, kept by a 0, and bounded. */
static void test_calendar_hours_per_day(void **state)
{
    create_simple(fx.alice, "CALHRS");
    Pmo__V1__Calendar *c = get_calendar(fx.alice, "CALHRS");
    assert_true(c->hours_per_day == 8);
    protobuf_c_message_free_unpacked(&c->base, NULL);
    uint32_t weekdays[] = {1, 2, 3, 4};
    Pmo__V1__Calendar cal = PMO__V1__CALENDAR__INIT;
    cal.working_weekdays = weekdays;
    cal.n_working_weekdays = 4;
    cal.hours_per_day = 7.5;
    Pmo__V1__Calendar *out = NULL;
    pmo_result res;
    it_assert_code(update_calendar(fx.alice, "CALHRS", &cal, 1, &out, &res),
                   &res, PMO_OK);
    assert_true(out->hours_per_day == 7.5);
    protobuf_c_message_free_unpacked(&out->base, NULL);
    cal.hours_per_day = 0;
    it_assert_code(update_calendar(fx.alice, "CALHRS", &cal, 2, &out, &res),
                   &res, PMO_OK);
    assert_true(out->hours_per_day == 7.5);
    protobuf_c_message_free_unpacked(&out->base, NULL);
    static const double bad[] = {-1, 24.5};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        cal.hours_per_day = bad[i];
        it_assert_code(update_calendar(fx.alice, "CALHRS", &cal, 3, NULL, &res),
                       &res, PMO_INVALID_ARGUMENT);
        it_assert_violation(&res, "calendar.hours_per_day");
    }
    c = get_calendar(fx.alice, "CALHRS");
    assert_true(c->hours_per_day == 7.5);
    assert_int_equal(c->version, 3);
    protobuf_c_message_free_unpacked(&c->base, NULL);
}

/* -------------------------------------------------------------- admin */

static void test_an_admin_can_do_anything(void **state)
{
    create_simple(fx.alice, "ADMINS");
    Pmo__V1__Program *out = NULL;
    pmo_result res;
    it_assert_code(get(fx.admin, "ADMINS", &out, &res), &res, PMO_OK);
    assert_int_equal(out->my_role, ROLE(OWNER));
    protobuf_c_message_free_unpacked(&out->base, NULL);
    it_assert_code(rename_at(fx.admin, "ADMINS", "By admin", 1, &res), &res,
                   PMO_OK);
    it_assert_code(set_role(fx.admin, "ADMINS", "dave", ROLE(VIEWER), &res),
                   &res, PMO_OK);
    uint32_t days[] = {1, 2, 3, 4};
    Pmo__V1__Calendar cal = PMO__V1__CALENDAR__INIT;
    cal.working_weekdays = days;
    cal.n_working_weekdays = 4;
    it_assert_code(update_calendar(fx.admin, "ADMINS", &cal, 1, NULL, &res),
                   &res, PMO_OK);
    create_project(fx.admin, "ADMINS", "ops");
    it_assert_code(delete_program(fx.admin, "ADMINS", 2, true, &res), &res,
                   PMO_OK);
}

/* Every write lands in the program's activity feed, in order. */
static void test_each_write_leaves_an_audit_row(void **state)
{
    int64_t id = create_simple(fx.alice, "FEED");
    pmo_result res;
    it_assert_code(rename_at(fx.alice, "FEED", "Renamed", 1, &res), &res,
                   PMO_OK);
    grant("FEED", "bob", ROLE(VIEWER));
    uint32_t days[] = {1, 2, 3, 4, 5, 6};
    Pmo__V1__Calendar cal = PMO__V1__CALENDAR__INIT;
    cal.working_weekdays = days;
    cal.n_working_weekdays = 6;
    it_assert_code(update_calendar(fx.alice, "FEED", &cal, 1, NULL, &res), &res,
                   PMO_OK);
    /* Failed writes leave nothing. */
    it_assert_code(rename_at(fx.alice, "FEED", "Stale", 1, &res), &res,
                   PMO_ABORTED);
    char out[1024], sql[256];
    snprintf(sql, sizeof(sql),
             "SELECT string_agg(entity || ':' || entity_id || ':' || actor,"
             " ',' ORDER BY id) FROM audit_log WHERE program_id = %lld",
             (long long)id);
    it_sql(out, sizeof(out), sql);
    assert_string_equal(out, "program:FEED:alice,program:FEED:alice,"
                             "program_member:FEED/bob:alice,"
                             "calendar:FEED:alice");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(
            test_create_program_returns_it_with_the_creator_as_owner),
        cmocka_unit_test(test_create_program_names_each_bad_field),
        cmocka_unit_test(test_create_program_with_a_taken_key_already_exists),
        cmocka_unit_test(
            test_create_retried_with_its_idempotency_key_makes_one),
        cmocka_unit_test(test_key_reused_with_another_payload_is_refused),
        cmocka_unit_test(test_program_is_hidden_from_non_members),
        cmocka_unit_test(test_viewer_reads_but_cannot_change),
        cmocka_unit_test(test_list_programs_shows_only_the_callers_programs),
        cmocka_unit_test(test_list_programs_refuses_bad_arguments),
        cmocka_unit_test(test_update_program_changes_only_masked_fields),
        cmocka_unit_test(test_update_program_names_each_bad_field),
        cmocka_unit_test(test_update_with_a_stale_version_is_aborted),
        cmocka_unit_test(test_concurrent_updates_of_one_version_let_one_win),
        cmocka_unit_test(
            test_delete_is_refused_while_projects_remain_unless_cascading),
        cmocka_unit_test(test_delete_without_projects_needs_no_cascade),
        cmocka_unit_test(test_members_are_set_listed_and_removed),
        cmocka_unit_test(test_set_member_role_names_each_bad_argument),
        cmocka_unit_test(test_the_last_owner_cannot_leave),
        cmocka_unit_test(
            test_calendar_defaults_to_weekdays_and_is_replaced_whole),
        cmocka_unit_test(test_calendar_update_names_each_bad_field),
        cmocka_unit_test(test_calendar_hours_per_day),
        cmocka_unit_test(test_an_admin_can_do_anything),
        cmocka_unit_test(test_each_write_leaves_an_audit_row),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
