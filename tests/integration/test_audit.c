/* tests/integration/test_audit.c - the audit trail: tail, chain, tampering. */
#include "it_audit.h"

#include <stdio.h>
#include <string.h>

#define USER_PASSWORD "audited password 1"

static void disable_user(pmo_client *admin, const char *username)
{
    Pmo__V1__SetUserDisabledRequest in =
        PMO__V1__SET_USER_DISABLED_REQUEST__INIT;
    in.username = (char *)username;
    in.disabled = true;
    pmo_result res;
    int code = it_call(admin, &pmo__v1__admin_service__descriptor,
                       "SetUserDisabled", &in.base, &res);
    it_assert_code(code, &res, PMO_OK);
}

static Pmo__V1__AuditTailResponse *tail(pmo_client *admin, uint32_t limit,
                                        int64_t before_id)
{
    Pmo__V1__AuditTailRequest in = PMO__V1__AUDIT_TAIL_REQUEST__INIT;
    in.limit = limit;
    in.before_id = before_id;
    Pmo__V1__AuditTailResponse *out = NULL;
    pmo_result res;
    int code = pmo_call(admin, &pmo__v1__admin_service__descriptor, "AuditTail",
                        &in.base, (ProtobufCMessage **)&out, &res);
    it_assert_code(code, &res, PMO_OK);
    return out;
}

static void test_chain_verifies_after_mutations(void **state)
{
    pmo_client *admin = it_connect_admin();
    it_create_user(admin, "audit.one", USER_PASSWORD);
    it_create_user(admin, "audit.two", USER_PASSWORD);
    disable_user(admin, "audit.two");
    pmo_client_close(it_connect_as("audit.one", USER_PASSWORD, NULL));

    Pmo__V1__AuditVerifyResponse *v = it_audit_wait_sealed(admin);
    it_audit_assert_ok(v);
    /* The first admin, two logins, two users, one change: six at least. */
    assert_true(v->rows_checked >= 6);
    assert_int_equal(v->first_bad_seq, 0);
    assert_string_equal(v->problem, "");
    protobuf_c_message_free_unpacked(&v->base, NULL);
    pmo_client_close(admin);
}

static void test_tail_lists_newest_first(void **state)
{
    pmo_client *admin = it_connect_admin();
    int64_t id = it_create_user(admin, "tail.user", USER_PASSWORD);
    disable_user(admin, "tail.user");
    char entity_id[24];
    snprintf(entity_id, sizeof(entity_id), "%lld", (long long)id);

    Pmo__V1__AuditTailResponse *t = tail(admin, 2, 0);
    assert_int_equal(t->n_entries, 2);
    const Pmo__V1__AuditEntry *newest = t->entries[0], *before = t->entries[1];
    assert_string_equal(newest->method, "pmo.v1.AdminService/SetUserDisabled");
    assert_string_equal(before->method, "pmo.v1.AdminService/CreateUser");
    assert_true(newest->id > before->id);
    assert_true(newest->at_ms >= before->at_ms);
    for (size_t i = 0; i < 2; i++) {
        assert_string_equal(t->entries[i]->actor, IT_ADMIN);
        assert_string_equal(t->entries[i]->entity, "user");
        assert_string_equal(t->entries[i]->entity_id, entity_id);
    }
    /* A new user has no "before"; a change has both sides. */
    assert_string_equal(before->before_json, "");
    it_assert_contains(before->after_json, "tail.user");
    it_assert_contains(newest->before_json, "tail.user");
    it_assert_contains(newest->after_json, "\"disabled\": true");

    /* Paging backwards from the newest gives the one before it. */
    Pmo__V1__AuditTailResponse *page = tail(admin, 1, newest->id);
    assert_int_equal(page->n_entries, 1);
    assert_int_equal(page->entries[0]->id, before->id);
    protobuf_c_message_free_unpacked(&page->base, NULL);
    protobuf_c_message_free_unpacked(&t->base, NULL);
    pmo_client_close(admin);
}

static void test_edited_row_breaks_the_chain_there(void **state)
{
    pmo_client *admin = it_connect_admin();
    Pmo__V1__AuditVerifyResponse *v = it_audit_wait_sealed(admin);
    it_audit_assert_ok(v);
    assert_true(v->rows_checked >= 3);
    protobuf_c_message_free_unpacked(&v->base, NULL);

    it_audit_tamper("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2 "
                    "RETURNING seq",
                    2);
    v = it_audit_verify(admin);
    assert_false(v->ok);
    assert_int_equal(v->first_bad_seq, 2);
    it_assert_contains(v->problem, "seq 2");
    it_assert_contains(v->problem, "altered");
    protobuf_c_message_free_unpacked(&v->base, NULL);
    pmo_client_close(admin);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chain_verifies_after_mutations),
        cmocka_unit_test(test_tail_lists_newest_first),
        /* Last: it leaves the chain broken. */
        cmocka_unit_test(test_edited_row_breaks_the_chain_there),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
