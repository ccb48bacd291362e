/* tests/integration/test_audit_delete.c - a row cut out of the audit chain. */

/* Its own program, so it runs on a fresh database whose chain nothing else
 * has touched. */
#include "it_audit.h"

#include <stdio.h>

#define USER_PASSWORD "audited password 2"

static void test_deleted_middle_row_is_named(void **state)
{
    pmo_client *admin = it_connect_admin();
    it_create_user(admin, "cut.one", USER_PASSWORD);
    it_create_user(admin, "cut.two", USER_PASSWORD);
    it_create_user(admin, "cut.three", USER_PASSWORD);
    Pmo__V1__AuditVerifyResponse *v = it_audit_wait_sealed(admin);
    it_audit_assert_ok(v);
    assert_true(v->rows_checked >= 5);
    protobuf_c_message_free_unpacked(&v->base, NULL);

    it_audit_tamper("DELETE FROM audit_log WHERE seq = 3 RETURNING seq", 3);
    v = it_audit_verify(admin);
    assert_false(v->ok);
    assert_int_equal(v->first_bad_seq, 3);
    it_assert_contains(v->problem, "seq 3");
    it_assert_contains(v->problem, "missing");
    protobuf_c_message_free_unpacked(&v->base, NULL);
    pmo_client_close(admin);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_deleted_middle_row_is_named),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
