/* tests/integration/test_auth_expiry.c - sessions past their expiry time. */
#include "it_support.h"

#include <stdio.h>

/*
 * A session is expired here by moving its expires_at into the past with
 * psql. The server trusts a session it has verified for
 * --session-cache-seconds without asking the database again, so this
 * program's server runs with --session-cache-seconds 1 (see
 * CMakeLists.txt) and each test waits 1.5 s after the UPDATE.
 */
#define CACHE_WAIT_MS 1500
#define USER_PASSWORD "expiring password 1"

/* Logs in as a new user, expires that session; returns its token. */
static void expired_session(const char *username, char *token)
{
    pmo_client *admin = it_connect_admin();
    it_create_user(admin, username, USER_PASSWORD);
    pmo_client_close(admin);

    pmo_client *c = it_connect_as(username, USER_PASSWORD, token);
    Pmo__V1__WhoAmIResponse *me = NULL;
    pmo_result res;
    int code = it_whoami(c, &me, &res);
    it_assert_code(code, &res, PMO_OK);
    char sql[160], out[64];
    snprintf(sql, sizeof(sql),
             "UPDATE sessions SET expires_at = now() - interval '1 minute' "
             "WHERE id = %lld",
             (long long)me->session_id);
    protobuf_c_message_free_unpacked(&me->base, NULL);
    pmo_client_close(c);
    it_sql(out, sizeof(out), sql);
    it_sleep_ms(CACHE_WAIT_MS);
}

static void test_expired_session_is_unauthenticated(void **state)
{
    char token[IT_TOKEN_MAX];
    expired_session("expired.user", token);

    pmo_client *c = it_connect_token(token);
    Pmo__V1__WhoAmIResponse *me = NULL;
    pmo_result res;
    int code = it_whoami(c, &me, &res);
    it_assert_code(code, &res, PMO_UNAUTHENTICATED);
    it_assert_contains(res.message, "expired");
    pmo_client_close(c);

    /* Logging in again gives a working session. */
    pmo_client *fresh = it_connect_as("expired.user", USER_PASSWORD, NULL);
    code = it_whoami(fresh, &me, &res);
    it_assert_code(code, &res, PMO_OK);
    protobuf_c_message_free_unpacked(&me->base, NULL);
    pmo_client_close(fresh);
}

static void test_public_methods_answer_an_expired_token(void **state)
{
    char token[IT_TOKEN_MAX];
    expired_session("stale.user", token);

    pmo_client *c = it_connect_token(token);
    Pmo__V1__InfoRequest in = PMO__V1__INFO_REQUEST__INIT;
    pmo_result res;
    int code = it_call(c, &pmo__v1__meta__descriptor, "Info", &in.base, &res);
    it_assert_code(code, &res, PMO_OK);
    /* Login too, as "pmo login" sends the stale token it still holds. */
    code = it_login(c, "stale.user", USER_PASSWORD, NULL, &res);
    it_assert_code(code, &res, PMO_OK);
    pmo_client_close(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_expired_session_is_unauthenticated),
        cmocka_unit_test(test_public_methods_answer_an_expired_token),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
