/*
 * tests/integration/test_activity.c - CommentService/ListActivity: a
 * program's audit rows, newest first, each summarised in one line.
 */
#include "it_support.h"
#include "pmo/v1/comment.pb-c.h"
#include "pmo/v1/stakeholder.pb-c.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PASSWORD "activity pass 1"
#define SVC      (&pmo__v1__comment_service__descriptor)

/* CHKOUT with a manager and a viewer, and OTHER; made with SQL. */
static int setup(void **state)
{
    pmo_client *admin = it_connect_admin();
    static const char *const users[] = {"ac.mgr", "ac.viewer", "ac.stranger"};
    for (size_t i = 0; i < sizeof(users) / sizeof(*users); i++)
        it_create_user(admin, users[i], PASSWORD);
    pmo_client_close(admin);
    it_sql(NULL, 0,
           "INSERT INTO programs (key, name) VALUES ('CHKOUT', 'Checkout'),"
           " ('OTHER', 'Other');"
           "INSERT INTO program_members (program_id, user_id, role)"
           " SELECT p.id, u.id, v.role FROM programs p, users u,"
           " (VALUES ('ac.mgr', 3), ('ac.viewer', 1)) v(name, role)"
           " WHERE p.key = 'CHKOUT' AND u.username = v.name;");
    return 0;
}

static pmo_client *as(const char *user)
{
    return it_connect_as(user, PASSWORD, NULL);
}

static void free_msg(void *m)
{
    if (m)
        protobuf_c_message_free_unpacked(m, NULL);
}

static int activity(pmo_client *c, const char *program, uint32_t page_size,
                    const char *token, Pmo__V1__ListActivityResponse **out,
                    pmo_result *res)
{
    Pmo__V1__ListActivityRequest in = PMO__V1__LIST_ACTIVITY_REQUEST__INIT;
    in.program = (char *)program;
    in.page_size = page_size;
    in.page_token = (char *)token;
    *out = NULL;
    return pmo_call(c, SVC, "ListActivity", &in.base, (ProtobufCMessage **)out,
                    res);
}

static Pmo__V1__ListActivityResponse *
activity_ok(pmo_client *c, uint32_t page_size, const char *token)
{
    Pmo__V1__ListActivityResponse *out;
    pmo_result res;
    int code = activity(c, "CHKOUT", page_size, token, &out, &res);
    it_assert_code(code, &res, PMO_OK);
    return out;
}

/* Files an audit row under CHKOUT as another service would write it. */
static void audit_row(const char *actor, const char *method, const char *entity,
                      const char *entity_id, const char *before,
                      const char *after)
{
    char sql[8192];
    snprintf(sql, sizeof(sql),
             "INSERT INTO audit_log (actor, method, entity, entity_id,"
             " before, after, program_id) SELECT '%s', '%s', '%s', '%s',"
             " %s, %s, id FROM programs WHERE key = 'CHKOUT'",
             actor, method, entity, entity_id, before, after);
    it_sql(NULL, 0, sql);
}

/* ---------------------------------------------------------- own writes */

static void test_lists_this_services_writes_newest_first(void **state)
{
    pmo_client *mgr = as("ac.mgr");
    pmo_result res;
    Pmo__V1__Stakeholder s = PMO__V1__STAKEHOLDER__INIT;
    s.program = "CHKOUT";
    s.name = "Jane Doe";
    Pmo__V1__CreateStakeholderRequest create =
        PMO__V1__CREATE_STAKEHOLDER_REQUEST__INIT;
    create.stakeholder = &s;
    Pmo__V1__Stakeholder *made = NULL;
    int code = pmo_call(mgr, &pmo__v1__stakeholder_service__descriptor,
                        "CreateStakeholder", &create.base,
                        (ProtobufCMessage **)&made, &res);
    it_assert_code(code, &res, PMO_OK);

    Pmo__V1__Stakeholder change = PMO__V1__STAKEHOLDER__INIT;
    change.title = "VP Payments";
    change.interest = PMO__V1__LEVEL__LEVEL_HIGH;
    char *mask[] = {"title", "interest"};
    Pmo__V1__UpdateStakeholderRequest update =
        PMO__V1__UPDATE_STAKEHOLDER_REQUEST__INIT;
    update.id = made->id;
    update.expected_version = made->version;
    update.stakeholder = &change;
    update.update_mask = mask;
    update.n_update_mask = 2;
    code = it_call(mgr, &pmo__v1__stakeholder_service__descriptor,
                   "UpdateStakeholder", &update.base, &res);
    it_assert_code(code, &res, PMO_OK);

    Pmo__V1__AddCommentRequest add = PMO__V1__ADD_COMMENT_REQUEST__INIT;
    add.program = "CHKOUT";
    add.entity = "program";
    add.entity_key = "CHKOUT";
    add.body = "Kick-off\nis on Monday";
    Pmo__V1__Comment *comment = NULL;
    code = pmo_call(mgr, SVC, "AddComment", &add.base,
                    (ProtobufCMessage **)&comment, &res);
    it_assert_code(code, &res, PMO_OK);

    pmo_client *viewer = as("ac.viewer");
    Pmo__V1__ListActivityResponse *feed = activity_ok(viewer, 3, "");
    assert_int_equal(feed->n_entries, 3);
    char want[160];
    const Pmo__V1__ActivityEntry *e = feed->entries[0];
    assert_string_equal(e->actor, "ac.mgr");
    assert_string_equal(e->method, "pmo.v1.CommentService/AddComment");
    assert_string_equal(e->entity, "comment");
    snprintf(want, sizeof(want),
             "ac.mgr added comment %lld \"Kick-off is on Monday\"",
             (long long)comment->id);
    assert_string_equal(e->summary, want);

    e = feed->entries[1];
    snprintf(want, sizeof(want), "%lld", (long long)made->id);
    assert_string_equal(e->entity_key, want);
    snprintf(want, sizeof(want),
             "ac.mgr updated stakeholder %lld: interest medium -> high, "
             "title (none) -> VP Payments",
             (long long)made->id);
    assert_string_equal(e->summary, want);

    e = feed->entries[2];
    snprintf(want, sizeof(want), "ac.mgr created stakeholder %lld \"Jane Doe\"",
             (long long)made->id);
    assert_string_equal(e->summary, want);
    assert_true(feed->entries[0]->id > feed->entries[1]->id);
    assert_true(feed->entries[1]->id > feed->entries[2]->id);
    assert_true(feed->entries[0]->at_ms >= feed->entries[2]->at_ms);
    assert_true(feed->entries[2]->at_ms > 0);
    free_msg(feed);
    free_msg(comment);
    free_msg(made);
    pmo_client_close(viewer);
    pmo_client_close(mgr);
}

/* ------------------------------------------------ other services' rows */

static void test_summarises_any_service_from_method_and_diff(void **state)
{
    audit_row("alice", "pmo.v1.WorkService/CreateWorkItem", "work_item",
              "CHKOUT-42", "NULL",
              "'{\"title\": \"Ship payment page\", \"state\": \"todo\"}'");
    audit_row("bob", "pmo.v1.WorkService/UpdateWorkItem", "work_item",
              "CHKOUT-42",
              "'{\"title\": \"Ship payment page\", \"state\": \"todo\","
              " \"percent_complete\": 40, \"version\": 1}'",
              "'{\"title\": \"Ship payment page\", \"state\": \"done\","
              " \"percent_complete\": 100, \"version\": 2}'");
    audit_row("carol", "pmo.v1.ProjectService/DeleteProject", "project", "web",
              "'{\"name\": \"Web shop\"}'", "NULL");
    audit_row("dave", "pmo.v1.ProgramService/SetMemberRole", "program_member",
              "CHKOUT/erin", "'{\"role\": \"viewer\"}'",
              "'{\"role\": \"manager\", \"team\": null}'");
    audit_row("erin", "pmo.v1.WorkService/Reschedule", "work_item", "CHKOUT-7",
              "'[1]'", "'[2]'");

    pmo_client *viewer = as("ac.viewer");
    Pmo__V1__ListActivityResponse *feed = activity_ok(viewer, 5, "");
    assert_int_equal(feed->n_entries, 5);
    assert_string_equal(feed->entries[4]->summary,
                        "alice created work item CHKOUT-42 "
                        "\"Ship payment page\"");
    assert_string_equal(feed->entries[3]->summary,
                        "bob updated work item CHKOUT-42: percent_complete "
                        "40 -> 100, state todo -> done");
    assert_string_equal(feed->entries[2]->summary,
                        "carol deleted project web \"Web shop\"");
    assert_string_equal(feed->entries[1]->summary,
                        "dave set member role CHKOUT/erin: role viewer -> "
                        "manager");
    /* Not objects: nothing to compare, and one word names no object. */
    assert_string_equal(feed->entries[0]->summary,
                        "erin rescheduled work item CHKOUT-7");
    free_msg(feed);
    pmo_client_close(viewer);
}

static void test_long_summaries_are_cut_to_one_short_line(void **state)
{
    char before[2048] = "'{", after[2048] = "'{";
    for (int i = 0; i < 20; i++) {
        char part[96];
        snprintf(part, sizeof(part), "%s\"field_%02d\": \"%s\"", i ? ", " : "",
                 i, "old value that is long enough to fill");
        strcat(before, part);
        snprintf(part, sizeof(part), "%s\"field_%02d\": \"new\\nvalue %d\"",
                 i ? ", " : "", i, i);
        strcat(after, part);
    }
    strcat(before, "}'");
    strcat(after, "}'");
    audit_row("frank", "pmo.v1.WorkService/UpdateWorkItem", "work_item",
              "CHKOUT-9", before, after);
    pmo_client *viewer = as("ac.viewer");
    Pmo__V1__ListActivityResponse *feed = activity_ok(viewer, 1, "");
    const char *summary = feed->entries[0]->summary;
    assert_true(strlen(summary) <= 300);
    assert_true(strlen(summary) >= 290);
    assert_string_equal(summary + strlen(summary) - 3, "...");
    assert_null(strchr(summary, '\n'));
    it_assert_contains(summary, "frank updated work item CHKOUT-9: field_00 "
                                "old value that is long enough to fill -> "
                                "new value 0, field_01");
    free_msg(feed);
    pmo_client_close(viewer);
}

/* -------------------------------------------------------------- paging */

static void test_pages_walk_the_whole_feed_once(void **state)
{
    for (int i = 0; i < 7; i++) {
        char id[24];
        snprintf(id, sizeof(id), "CHKOUT-%d", 100 + i);
        audit_row("gina", "pmo.v1.WorkService/CreateWorkItem", "work_item", id,
                  "NULL", "'{\"title\": \"paged\"}'");
    }
    char total[16];
    it_sql(total, sizeof(total),
           "SELECT count(*) FROM audit_log a JOIN programs p"
           " ON p.id = a.program_id WHERE p.key = 'CHKOUT'");
    pmo_client *viewer = as("ac.viewer");
    char token[32] = "";
    int64_t last = INT64_MAX;
    long seen = 0;
    for (int pages = 0; pages < 100; pages++) {
        Pmo__V1__ListActivityResponse *page = activity_ok(viewer, 3, token);
        assert_true(page->n_entries <= 3);
        for (size_t i = 0; i < page->n_entries; i++) {
            assert_true(page->entries[i]->id < last);
            last = page->entries[i]->id;
        }
        seen += (long)page->n_entries;
        snprintf(token, sizeof(token), "%s", page->next_page_token);
        free_msg(page);
        if (token[0] == '\0')
            break;
    }
    assert_int_equal(seen, strtol(total, NULL, 10));
    pmo_client_close(viewer);
}

/* ------------------------------------------------------ who may read it */

static void test_only_members_see_the_feed(void **state)
{
    it_sql(NULL, 0,
           "INSERT INTO audit_log (actor, method, entity, entity_id, after,"
           " program_id) SELECT 'hal', 'pmo.v1.WorkService/CreateWorkItem',"
           " 'work_item', 'OTHER-1', '{\"title\": \"theirs\"}', id"
           " FROM programs WHERE key = 'OTHER'");
    pmo_client *stranger = as("ac.stranger");
    Pmo__V1__ListActivityResponse *out;
    pmo_result res;
    int code = activity(stranger, "CHKOUT", 0, "", &out, &res);
    it_assert_code(code, &res, PMO_NOT_FOUND);
    pmo_client_close(stranger);

    /* One program's feed holds none of another's rows. */
    pmo_client *mgr = as("ac.mgr");
    code = activity(mgr, "OTHER", 0, "", &out, &res);
    it_assert_code(code, &res, PMO_NOT_FOUND);
    Pmo__V1__ListActivityResponse *feed = activity_ok(mgr, 1000, "");
    for (size_t i = 0; i < feed->n_entries; i++)
        assert_string_not_equal(feed->entries[i]->actor, "hal");
    free_msg(feed);
    pmo_client_close(mgr);
}

static void test_refuses_bad_page_arguments(void **state)
{
    pmo_client *viewer = as("ac.viewer");
    Pmo__V1__ListActivityResponse *out;
    pmo_result res;
    int code = activity(viewer, "CHKOUT", 0, "abc", &out, &res);
    it_assert_code(code, &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "page_token");
    code = activity(viewer, "CHKOUT", 5000, "", &out, &res);
    it_assert_code(code, &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "page_size");
    code = activity(viewer, "", 0, "", &out, &res);
    it_assert_code(code, &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "program");
    pmo_client_close(viewer);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lists_this_services_writes_newest_first),
        cmocka_unit_test(test_summarises_any_service_from_method_and_diff),
        cmocka_unit_test(test_long_summaries_are_cut_to_one_short_line),
        cmocka_unit_test(test_pages_walk_the_whole_feed_once),
        cmocka_unit_test(test_only_members_see_the_feed),
        cmocka_unit_test(test_refuses_bad_page_arguments),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
