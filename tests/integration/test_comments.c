/*
 * tests/integration/test_comments.c - CommentService comments: on what
 * they may be, who may write, read and delete them, and mentions.
 */
#include "it_support.h"
#include "pmo/v1/work.pb-c.h"
#include "pmo/v1/comment.pb-c.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PASSWORD "comment pass 1"
#define SVC      (&pmo__v1__comment_service__descriptor)

static char stakeholder_id[24], other_stakeholder_id[24];

/*
 * CHKOUT (project web, item CHKOUT-1, one stakeholder) with a manager and
 * two viewers, and OTHER (one stakeholder) with none of them; made with
 * SQL so these tests need only this service.
 */
static int setup(void **state)
{
    pmo_client *admin = it_connect_admin();
    static const char *const users[] = {
        "cm.mgr", "cm.viewer", "cm.viewer2", "cm.stranger", "alice", "bob"};
    for (size_t i = 0; i < sizeof(users) / sizeof(*users); i++)
        it_create_user(admin, users[i], PASSWORD);
    pmo_client_close(admin);
    it_sql(NULL, 0,
           "INSERT INTO programs (key, name) VALUES ('CHKOUT', 'Checkout'),"
           " ('OTHER', 'Other');"
           "INSERT INTO program_members (program_id, user_id, role)"
           " SELECT p.id, u.id, v.role FROM programs p, users u,"
           " (VALUES ('cm.mgr', 3), ('cm.viewer', 1), ('cm.viewer2', 1)) "
           "v(name, role)"
           " WHERE p.key = 'CHKOUT' AND u.username = v.name;"
           "INSERT INTO projects (program_id, key, name)"
           " SELECT id, 'web', 'Web' FROM programs WHERE key = 'CHKOUT';"
           "INSERT INTO projects (program_id, key, name)"
           " SELECT id, 'elsewhere', 'Elsewhere' FROM programs"
           " WHERE key = 'OTHER';"
           "INSERT INTO work_items (program_id, project_id, number, title)"
           " SELECT program_id, id, 1, 'Ship payment page' FROM projects"
           " WHERE key = 'web';");
    it_sql(stakeholder_id, sizeof(stakeholder_id),
           "INSERT INTO stakeholders (program_id, name) SELECT id, 'Jane'"
           " FROM programs WHERE key = 'CHKOUT' RETURNING id");
    it_sql(other_stakeholder_id, sizeof(other_stakeholder_id),
           "INSERT INTO stakeholders (program_id, name) SELECT id, 'Joe'"
           " FROM programs WHERE key = 'OTHER' RETURNING id");
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

static int add(pmo_client *c, const char *program, const char *entity,
               const char *key, const char *body, Pmo__V1__Comment **out,
               pmo_result *res)
{
    Pmo__V1__AddCommentRequest in = PMO__V1__ADD_COMMENT_REQUEST__INIT;
    in.program = (char *)program;
    in.entity = (char *)entity;
    in.entity_key = (char *)key;
    in.body = (char *)body;
    *out = NULL;
    return pmo_call(c, SVC, "AddComment", &in.base, (ProtobufCMessage **)out,
                    res);
}

static Pmo__V1__Comment *add_ok(pmo_client *c, const char *entity,
                                const char *key, const char *body)
{
    Pmo__V1__Comment *out;
    pmo_result res;
    int code = add(c, "CHKOUT", entity, key, body, &out, &res);
    it_assert_code(code, &res, PMO_OK);
    return out;
}

static int list(pmo_client *c, const char *entity, const char *key,
                uint32_t page_size, const char *token,
                Pmo__V1__ListCommentsResponse **out, pmo_result *res)
{
    Pmo__V1__ListCommentsRequest in = PMO__V1__LIST_COMMENTS_REQUEST__INIT;
    in.program = "CHKOUT";
    in.entity = (char *)entity;
    in.entity_key = (char *)key;
    in.page_size = page_size;
    in.page_token = (char *)token;
    *out = NULL;
    return pmo_call(c, SVC, "ListComments", &in.base, (ProtobufCMessage **)out,
                    res);
}

static int delete (pmo_client *c, int64_t id, pmo_result *res)
{
    Pmo__V1__DeleteCommentRequest in = PMO__V1__DELETE_COMMENT_REQUEST__INIT;
    in.id = id;
    return it_call(c, SVC, "DeleteComment", &in.base, res);
}

/* ------------------------------------------------------------ happy paths */

static void test_comment_on_each_kind_of_thing(void **state)
{
    pmo_client *mgr = as("cm.mgr");
    static const struct {
        const char *entity, *key;
    } targets[] = {
        {"program", "CHKOUT"},
        {"project", "web"},
        {"work_item", "CHKOUT-1"},
        {"stakeholder", stakeholder_id},
    };
    for (size_t i = 0; i < sizeof(targets) / sizeof(*targets); i++) {
        Pmo__V1__Comment *c =
            add_ok(mgr, targets[i].entity, targets[i].key, "Looks right.");
        assert_true(c->id > 0);
        assert_string_equal(c->program, "CHKOUT");
        assert_string_equal(c->entity, targets[i].entity);
        assert_string_equal(c->entity_key, targets[i].key);
        assert_string_equal(c->author, "cm.mgr");
        assert_string_equal(c->body, "Looks right.");
        assert_int_equal(c->n_mentions, 0);
        assert_true(c->created_at_ms > 0);
        free_msg(c);
    }
    pmo_client_close(mgr);
}

static void test_mentions_list_only_real_users(void **state)
{
    pmo_client *viewer = as("cm.viewer");
    Pmo__V1__Comment *c =
        add_ok(viewer, "work_item", "CHKOUT-1",
               "@bob can you check this with @ghost? cc @alice.\n"
               "Mail carol@alice.example, not @Bob; @bob again, @alice too");
    /* First appearance order, each once; no unknown user, no e-mail. */
    assert_int_equal(c->n_mentions, 2);
    assert_string_equal(c->mentions[0], "bob");
    assert_string_equal(c->mentions[1], "alice");

    Pmo__V1__ListCommentsResponse *page;
    pmo_result res;
    int code = list(viewer, "work_item", "CHKOUT-1", 1, "", &page, &res);
    it_assert_code(code, &res, PMO_OK);
    assert_int_equal(page->n_comments, 1);
    assert_int_equal(page->comments[0]->id, c->id);
    assert_int_equal(page->comments[0]->n_mentions, 2);
    assert_string_equal(page->comments[0]->mentions[1], "alice");
    free_msg(page);
    free_msg(c);
    pmo_client_close(viewer);
}

static void test_list_is_newest_first_filtered_and_paged(void **state)
{
    pmo_client *mgr = as("cm.mgr");
    it_sql(NULL, 0, "DELETE FROM comments");
    Pmo__V1__Comment *made[4] = {
        add_ok(mgr, "project", "web", "one"),
        add_ok(mgr, "work_item", "CHKOUT-1", "two"),
        add_ok(mgr, "project", "web", "three"),
        add_ok(mgr, "program", "CHKOUT", "four"),
    };
    pmo_client *viewer = as("cm.viewer");
    Pmo__V1__ListCommentsResponse *page, *next;
    pmo_result res;
    int code = list(viewer, "", "", 3, "", &page, &res);
    it_assert_code(code, &res, PMO_OK);
    assert_int_equal(page->n_comments, 3);
    assert_int_equal(page->comments[0]->id, made[3]->id);
    assert_int_equal(page->comments[1]->id, made[2]->id);
    assert_int_equal(page->comments[2]->id, made[1]->id);
    assert_string_not_equal(page->next_page_token, "");
    code = list(viewer, "", "", 3, page->next_page_token, &next, &res);
    it_assert_code(code, &res, PMO_OK);
    assert_int_equal(next->n_comments, 1);
    assert_int_equal(next->comments[0]->id, made[0]->id);
    assert_string_equal(next->next_page_token, "");
    free_msg(page);
    free_msg(next);

    code = list(viewer, "project", "web", 0, "", &page, &res);
    it_assert_code(code, &res, PMO_OK);
    assert_int_equal(page->n_comments, 2);
    assert_string_equal(page->comments[0]->body, "three");
    assert_string_equal(page->comments[1]->body, "one");
    free_msg(page);
    code = list(viewer, "work_item", "", 0, "", &page, &res);
    it_assert_code(code, &res, PMO_OK);
    assert_int_equal(page->n_comments, 1);
    assert_string_equal(page->comments[0]->body, "two");
    free_msg(page);
    for (size_t i = 0; i < 4; i++)
        free_msg(made[i]);
    pmo_client_close(viewer);
    pmo_client_close(mgr);
}

/* ------------------------------------------------------------- validation */

static char long_body[10002];

static void test_add_names_each_bad_field(void **state)
{
    memset(long_body, 'b', 10001);
    static const struct {
        const char *what, *entity, *key, *body, *field, *says;
    } cases[] = {
        {"unknown entity", "risk", "R-1", "x", "entity", "must be one of"},
        {"empty entity", "", "web", "x", "entity", NULL},
        {"empty key", "project", "", "x", "entity_key", NULL},
        {"missing project", "project", "mobile", "x", "entity_key",
         "no project mobile in CHKOUT"},
        {"project of another program", "project", "elsewhere", "x",
         "entity_key", NULL},
        {"missing work item", "work_item", "CHKOUT-99", "x", "entity_key",
         "no work item CHKOUT-99 in CHKOUT"},
        {"ref of another program", "work_item", "OTHER-1", "x", "entity_key",
         "not a work item ref of CHKOUT"},
        {"ref without a number", "work_item", "CHKOUT-", "x", "entity_key",
         NULL},
        {"stakeholder id not a number", "stakeholder", "jane", "x",
         "entity_key", NULL},
        {"stakeholder of another program", "stakeholder", other_stakeholder_id,
         "x", "entity_key", NULL},
        {"another program's key", "program", "OTHER", "x", "entity_key", NULL},
        {"empty body", "program", "CHKOUT", "", "body", NULL},
        {"body over 10000", "program", "CHKOUT", long_body, "body", NULL},
        {"body with a control character", "program", "CHKOUT", "ding\x07",
         "body", NULL},
    };
    pmo_client *viewer = as("cm.viewer");
    char count_before[32], count_after[32];
    it_sql(count_before, sizeof(count_before), "SELECT count(*) FROM comments");
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        Pmo__V1__Comment *out;
        pmo_result res;
        int code = add(viewer, "CHKOUT", cases[i].entity, cases[i].key,
                       cases[i].body, &out, &res);
        free_msg(out);
        if (code != PMO_INVALID_ARGUMENT)
            fail_msg("%s: expected INVALID_ARGUMENT, got %s (\"%s\")",
                     cases[i].what, pmo_status_name(code), res.message);
        it_assert_violation(&res, cases[i].field);
        if (cases[i].says)
            it_assert_contains(res.message, cases[i].says);
    }
    it_sql(count_after, sizeof(count_after), "SELECT count(*) FROM comments");
    assert_string_equal(count_before, count_after);
    pmo_client_close(viewer);
}

static void test_list_refuses_bad_filters(void **state)
{
    pmo_client *viewer = as("cm.viewer");
    Pmo__V1__ListCommentsResponse *out;
    pmo_result res;
    int code = list(viewer, "", "web", 0, "", &out, &res);
    it_assert_code(code, &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "entity_key");
    code = list(viewer, "risk", "", 0, "", &out, &res);
    it_assert_code(code, &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "entity");
    code = list(viewer, "", "", 0, "-3", &out, &res);
    it_assert_code(code, &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "page_token");
    pmo_client_close(viewer);
}

/* ------------------------------------------------------------------ roles */

static void test_stranger_can_neither_read_nor_write(void **state)
{
    pmo_client *stranger = as("cm.stranger");
    Pmo__V1__Comment *out;
    pmo_result res;
    int code =
        add(stranger, "CHKOUT", "program", "CHKOUT", "hello", &out, &res);
    it_assert_code(code, &res, PMO_NOT_FOUND);
    Pmo__V1__ListCommentsResponse *page;
    code = list(stranger, "", "", 0, "", &page, &res);
    it_assert_code(code, &res, PMO_NOT_FOUND);
    pmo_client_close(stranger);
}

static void test_delete_by_author_manager_or_admin_only(void **state)
{
    pmo_client *author = as("cm.viewer");
    pmo_client *other = as("cm.viewer2");
    pmo_client *mgr = as("cm.mgr");
    pmo_client *stranger = as("cm.stranger");
    pmo_client *admin = it_connect_admin();
    Pmo__V1__Comment *mine = add_ok(author, "project", "web", "mine");
    Pmo__V1__Comment *for_mgr = add_ok(author, "project", "web", "for mgr");
    Pmo__V1__Comment *for_admin = add_ok(author, "project", "web", "for admin");
    pmo_result res;

    int code = delete (other, mine->id, &res);
    it_assert_code(code, &res, PMO_PERMISSION_DENIED);
    it_assert_contains(res.message, "author");
    /* A stranger hears what a missing id gets. */
    code = delete (stranger, mine->id, &res);
    it_assert_code(code, &res, PMO_NOT_FOUND);
    char want[48];
    snprintf(want, sizeof(want), "no comment %lld", (long long)mine->id);
    assert_string_equal(res.message, want);
    code = delete (stranger, 999999, &res);
    it_assert_code(code, &res, PMO_NOT_FOUND);
    assert_string_equal(res.message, "no comment 999999");

    code = delete (author, mine->id, &res);
    it_assert_code(code, &res, PMO_OK);
    code = delete (author, mine->id, &res);
    it_assert_code(code, &res, PMO_NOT_FOUND);
    code = delete (mgr, for_mgr->id, &res);
    it_assert_code(code, &res, PMO_OK);
    code = delete (admin, for_admin->id, &res);
    it_assert_code(code, &res, PMO_OK);

    code = delete (author, 0, &res);
    it_assert_code(code, &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "id");
    free_msg(mine);
    free_msg(for_mgr);
    free_msg(for_admin);
    pmo_client_close(admin);
    pmo_client_close(stranger);
    pmo_client_close(mgr);
    pmo_client_close(other);
    pmo_client_close(author);
}

static void test_writes_are_audited_in_the_program(void **state)
{
    pmo_client *viewer = as("cm.viewer");
    Pmo__V1__Comment *c = add_ok(viewer, "program", "CHKOUT", "audit me");
    pmo_result res;
    int code = delete (viewer, c->id, &res);
    it_assert_code(code, &res, PMO_OK);
    char sql[400], rows[256];
    snprintf(sql, sizeof(sql),
             "SELECT string_agg(split_part(a.method, '/', 2), ' ' ORDER BY"
             " a.id) FROM audit_log a JOIN programs p ON p.id = a.program_id"
             " WHERE p.key = 'CHKOUT' AND a.entity = 'comment'"
             " AND a.entity_id = '%lld'",
             (long long)c->id);
    it_sql(rows, sizeof(rows), sql);
    assert_string_equal(rows, "AddComment DeleteComment");
    free_msg(c);
    pmo_client_close(viewer);
}

static void test_retried_add_makes_one_comment(void **state)
{
    pmo_client *viewer = as("cm.viewer");
    Pmo__V1__Comment *first, *second;
    pmo_result res;
    pmo_client_set_idempotency_key(viewer, "comment-add-once");
    int code =
        add(viewer, "CHKOUT", "project", "web", "said once", &first, &res);
    it_assert_code(code, &res, PMO_OK);
    pmo_client_set_idempotency_key(viewer, "comment-add-once");
    code = add(viewer, "CHKOUT", "project", "web", "said once", &second, &res);
    it_assert_code(code, &res, PMO_OK);
    assert_int_equal(first->id, second->id);
    char n[16];
    it_sql(n, sizeof(n),
           "SELECT count(*) FROM comments WHERE body = 'said once'");
    assert_string_equal(n, "1");
    free_msg(first);
    free_msg(second);
    pmo_client_close(viewer);
}

static void test_comments_go_with_a_deleted_work_item(void **state)
{
    it_sql(NULL, 0,
           "INSERT INTO work_items (program_id, project_id, number, title)"
           " SELECT program_id, id, 2, 'Short-lived' FROM projects"
           " WHERE key = 'web';"
           "UPDATE programs SET next_item_number = 3 WHERE key = 'CHKOUT'");
    pmo_client *mgr = as("cm.mgr");
    free_msg(add_ok(mgr, "work_item", "CHKOUT-2", "about to go"));
    Pmo__V1__DeleteWorkItemRequest in = PMO__V1__DELETE_WORK_ITEM_REQUEST__INIT;
    in.ref = "CHKOUT-2";
    in.expected_version = 1;
    pmo_result res;
    it_assert_code(it_call(mgr, &pmo__v1__work_service__descriptor,
                           "DeleteWorkItem", &in.base, &res),
                   &res, PMO_OK);
    char n[16];
    it_sql(n, sizeof(n),
           "SELECT count(*) FROM comments WHERE entity_key = 'CHKOUT-2'");
    assert_string_equal(n, "0");
    pmo_client_close(mgr);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_comment_on_each_kind_of_thing),
        cmocka_unit_test(test_mentions_list_only_real_users),
        cmocka_unit_test(test_list_is_newest_first_filtered_and_paged),
        cmocka_unit_test(test_add_names_each_bad_field),
        cmocka_unit_test(test_list_refuses_bad_filters),
        cmocka_unit_test(test_stranger_can_neither_read_nor_write),
        cmocka_unit_test(test_delete_by_author_manager_or_admin_only),
        cmocka_unit_test(test_writes_are_audited_in_the_program),
        cmocka_unit_test(test_retried_add_makes_one_comment),
        cmocka_unit_test(test_comments_go_with_a_deleted_work_item),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
