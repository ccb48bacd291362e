/* tests/integration/test_auth.c - logins, sessions, validation, replays. */
#include "it_support.h"

#include <stdio.h>
#include <string.h>

/*
 * The server runs with --login-max-failures 3 (see CMakeLists.txt): three
 * failed logins lock an account, and twelve lock the peer address, which
 * every test here shares. The wrong passwords below add up to well under
 * twelve, and each test that fails logins uses a user of its own.
 */
#define LOCK_AFTER_FAILURES 3
#define GOOD_PASSWORD       "correct horse 1"
#define OTHER_PASSWORD      "battery staple 2"

static int64_t whoami_session(pmo_client *c)
{
    Pmo__V1__WhoAmIResponse *me = NULL;
    pmo_result res;
    int code = it_whoami(c, &me, &res);
    it_assert_code(code, &res, PMO_OK);
    int64_t id = me->session_id;
    protobuf_c_message_free_unpacked(&me->base, NULL);
    return id;
}

static int login_status(const char *user, const char *password, pmo_result *res)
{
    pmo_client *c = it_connect();
    int code = it_login(c, user, password, NULL, res);
    pmo_client_close(c);
    return code;
}

static int revoke_session(pmo_client *admin, int64_t id,
                          Pmo__V1__RevokeSessionResponse **out, pmo_result *res)
{
    Pmo__V1__RevokeSessionRequest in = PMO__V1__REVOKE_SESSION_REQUEST__INIT;
    in.session_id = id;
    return pmo_call(admin, &pmo__v1__admin_service__descriptor, "RevokeSession",
                    &in.base, (ProtobufCMessage **)out, res);
}

static void test_login_returns_a_token_whoami_accepts(void **state)
{
    char token[IT_TOKEN_MAX];
    pmo_client *c = it_connect();
    pmo_result res;
    int code =
        it_login(c, IT_ADMIN, it_env("PMO_TEST_ADMIN_PASSWORD"), token, &res);
    it_assert_code(code, &res, PMO_OK);
    assert_int_equal(strlen(token), 43); /* 32 bytes, base64url */
    pmo_client_close(c);

    /* The token alone, on a new connection, says who we are. */
    pmo_client *other = it_connect_token(token);
    Pmo__V1__WhoAmIResponse *me = NULL;
    code = it_whoami(other, &me, &res);
    it_assert_code(code, &res, PMO_OK);
    assert_string_equal(me->user->username, IT_ADMIN);
    assert_true(me->user->is_admin);
    assert_true(me->session_id > 0);
    assert_true(me->session_expires_at_ms > me->user->created_at_ms);
    protobuf_c_message_free_unpacked(&me->base, NULL);
    pmo_client_close(other);
}

static void test_login_with_wrong_password_is_unauthenticated(void **state)
{
    pmo_client *admin = it_connect_admin();
    it_create_user(admin, "wrong.pw", GOOD_PASSWORD);
    pmo_client_close(admin);

    pmo_result res;
    int code = login_status("wrong.pw", "not the password", &res);
    it_assert_code(code, &res, PMO_UNAUTHENTICATED);
    assert_string_equal(res.message, "wrong username or password");
}

static void test_login_of_unknown_user_looks_like_wrong_password(void **state)
{
    pmo_client *admin = it_connect_admin();
    it_create_user(admin, "known.user", GOOD_PASSWORD);
    pmo_client_close(admin);

    pmo_result wrong, unknown;
    int code = login_status("known.user", "not the password", &wrong);
    it_assert_code(code, &wrong, PMO_UNAUTHENTICATED);
    code = login_status("nobody.here", "not the password", &unknown);
    it_assert_code(code, &unknown, PMO_UNAUTHENTICATED);
    /* Nothing tells an existing name from a missing one. */
    assert_string_equal(unknown.message, wrong.message);
    assert_int_equal(unknown.n_violations, 0);
}

static void test_disabled_user_is_refused_and_loses_sessions(void **state)
{
    pmo_client *admin = it_connect_admin();
    it_create_user(admin, "soon.disabled", GOOD_PASSWORD);
    pmo_client *user = it_connect_as("soon.disabled", GOOD_PASSWORD, NULL);
    whoami_session(user); /* the server now trusts this session */

    Pmo__V1__SetUserDisabledRequest in =
        PMO__V1__SET_USER_DISABLED_REQUEST__INIT;
    in.username = "soon.disabled";
    in.disabled = true;
    Pmo__V1__SetUserDisabledResponse *out = NULL;
    pmo_result res;
    int code =
        pmo_call(admin, &pmo__v1__admin_service__descriptor, "SetUserDisabled",
                 &in.base, (ProtobufCMessage **)&out, &res);
    it_assert_code(code, &res, PMO_OK);
    assert_true(out->user->disabled);
    assert_int_equal(out->sessions_revoked, 1);
    protobuf_c_message_free_unpacked(&out->base, NULL);

    /* At once, not when some cache entry runs out. */
    Pmo__V1__WhoAmIResponse *me = NULL;
    code = it_whoami(user, &me, &res);
    it_assert_code(code, &res, PMO_UNAUTHENTICATED);
    pmo_client_close(user);

    code = login_status("soon.disabled", GOOD_PASSWORD, &res);
    it_assert_code(code, &res, PMO_UNAUTHENTICATED);
    it_assert_contains(res.message, "disabled");

    in.disabled = false;
    code = it_call(admin, &pmo__v1__admin_service__descriptor,
                   "SetUserDisabled", &in.base, &res);
    it_assert_code(code, &res, PMO_OK);
    code = login_status("soon.disabled", GOOD_PASSWORD, &res);
    it_assert_code(code, &res, PMO_OK);
    pmo_client_close(admin);
}

static void test_revoked_session_is_refused_on_next_call(void **state)
{
    pmo_client *admin = it_connect_admin();
    it_create_user(admin, "revoked.user", GOOD_PASSWORD);
    pmo_client *user = it_connect_as("revoked.user", GOOD_PASSWORD, NULL);
    int64_t sid = whoami_session(user);

    Pmo__V1__RevokeSessionResponse *out = NULL;
    pmo_result res;
    int code = revoke_session(admin, sid, &out, &res);
    it_assert_code(code, &res, PMO_OK);
    assert_int_equal(out->session->id, sid);
    assert_string_equal(out->session->username, "revoked.user");
    assert_true(out->session->revoked_at_ms > 0);
    protobuf_c_message_free_unpacked(&out->base, NULL);

    Pmo__V1__WhoAmIResponse *me = NULL;
    code = it_whoami(user, &me, &res);
    it_assert_code(code, &res, PMO_UNAUTHENTICATED);
    it_assert_contains(res.message, "revoked");
    pmo_client_close(user);
    pmo_client_close(admin);
}

static void test_logout_ends_the_token(void **state)
{
    pmo_client *admin = it_connect_admin();
    it_create_user(admin, "leaving.user", GOOD_PASSWORD);
    pmo_client_close(admin);
    char token[IT_TOKEN_MAX];
    pmo_client *user = it_connect_as("leaving.user", GOOD_PASSWORD, token);
    whoami_session(user);

    Pmo__V1__LogoutRequest in = PMO__V1__LOGOUT_REQUEST__INIT;
    pmo_result res;
    int code = it_call(user, &pmo__v1__auth_service__descriptor, "Logout",
                       &in.base, &res);
    it_assert_code(code, &res, PMO_OK);
    pmo_client_close(user);

    pmo_client *again = it_connect_token(token);
    Pmo__V1__WhoAmIResponse *me = NULL;
    code = it_whoami(again, &me, &res);
    it_assert_code(code, &res, PMO_UNAUTHENTICATED);
    code = it_call(again, &pmo__v1__auth_service__descriptor, "Logout",
                   &in.base, &res);
    it_assert_code(code, &res, PMO_UNAUTHENTICATED);
    pmo_client_close(again);
}

static void test_failed_logins_lock_the_account(void **state)
{
    pmo_client *admin = it_connect_admin();
    it_create_user(admin, "locked.user", GOOD_PASSWORD);
    it_create_user(admin, "bystander", GOOD_PASSWORD);
    pmo_client_close(admin);

    pmo_result res;
    for (int i = 0; i < LOCK_AFTER_FAILURES; i++) {
        int code = login_status("locked.user", "guess-number-x", &res);
        it_assert_code(code, &res, PMO_UNAUTHENTICATED);
    }
    /* The right password no longer helps, for now. */
    int code = login_status("locked.user", GOOD_PASSWORD, &res);
    it_assert_code(code, &res, PMO_RESOURCE_EXHAUSTED);
    it_assert_contains(res.message, "too many failed logins");
    /* Only that account: another one logs in from the same address. */
    code = login_status("bystander", GOOD_PASSWORD, &res);
    it_assert_code(code, &res, PMO_OK);
}

typedef struct create_case {
    const char *name;
    const char *username;
    const char *password;
    const char *email;
    const char *field; /* the violation expected */
} create_case;

static void test_create_user_names_the_bad_field(void **state)
{
    static const create_case cases[] = {
        {"one character", "a", GOOD_PASSWORD, "", "username"},
        {"upper case", "Alice", GOOD_PASSWORD, "", "username"},
        {"leading digit", "9lives", GOOD_PASSWORD, "", "username"},
        {"space inside", "two words", GOOD_PASSWORD, "", "username"},
        {"punctuation", "bob!", GOOD_PASSWORD, "", "username"},
        {"33 characters", "abcdefghijklmnopqrstuvwxyz0123456", GOOD_PASSWORD,
         "", "username"},
        {"empty name", "", GOOD_PASSWORD, "", "username"},
        {"seven character password", "short.pw", "abc1234", "", "password"},
        {"one repeated character", "repeat.pw", "xxxxxxxxxxxx", "", "password"},
        {"email without @", "bad.mail", GOOD_PASSWORD, "nobody.example.com",
         "email"},
    };
    pmo_client *admin = it_connect_admin();
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const create_case *t = &cases[i];
        print_message("case: %s\n", t->name);
        Pmo__V1__CreateUserRequest in = PMO__V1__CREATE_USER_REQUEST__INIT;
        in.username = (char *)t->username;
        in.password = (char *)t->password;
        in.email = (char *)t->email;
        pmo_result res;
        int code = it_call(admin, &pmo__v1__admin_service__descriptor,
                           "CreateUser", &in.base, &res);
        it_assert_code(code, &res, PMO_INVALID_ARGUMENT);
        it_assert_violation(&res, t->field);
        /* The one-line message leads with the field too. */
        char prefix[80];
        snprintf(prefix, sizeof(prefix), "%s: ", t->field);
        assert_int_equal(strncmp(res.message, prefix, strlen(prefix)), 0);
    }
    pmo_client_close(admin);
}

static void test_create_user_refuses_overlong_password(void **state)
{
    char password[258];
    for (size_t i = 0; i < sizeof(password) - 1; i++)
        password[i] = (char)('a' + i % 26);
    password[sizeof(password) - 1] = '\0'; /* 257 characters */
    pmo_client *admin = it_connect_admin();
    Pmo__V1__CreateUserRequest in = PMO__V1__CREATE_USER_REQUEST__INIT;
    in.username = "long.pw";
    in.password = password;
    pmo_result res;
    int code = it_call(admin, &pmo__v1__admin_service__descriptor, "CreateUser",
                       &in.base, &res);
    it_assert_code(code, &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "password");

    /* Nothing was created. */
    Pmo__V1__GetUserRequest get = PMO__V1__GET_USER_REQUEST__INIT;
    get.username = "long.pw";
    code = it_call(admin, &pmo__v1__admin_service__descriptor, "GetUser",
                   &get.base, &res);
    it_assert_code(code, &res, PMO_NOT_FOUND);
    pmo_client_close(admin);
}

static void test_change_password_ends_other_sessions(void **state)
{
    pmo_client *admin = it_connect_admin();
    it_create_user(admin, "changer", GOOD_PASSWORD);
    pmo_client_close(admin);
    pmo_client *here = it_connect_as("changer", GOOD_PASSWORD, NULL);
    pmo_client *elsewhere = it_connect_as("changer", GOOD_PASSWORD, NULL);
    whoami_session(elsewhere);

    Pmo__V1__ChangePasswordRequest in = PMO__V1__CHANGE_PASSWORD_REQUEST__INIT;
    in.old_password = GOOD_PASSWORD;
    in.new_password = OTHER_PASSWORD;
    pmo_result res;
    int code = it_call(here, &pmo__v1__auth_service__descriptor,
                       "ChangePassword", &in.base, &res);
    it_assert_code(code, &res, PMO_OK);

    Pmo__V1__WhoAmIResponse *me = NULL;
    code = it_whoami(elsewhere, &me, &res);
    it_assert_code(code, &res, PMO_UNAUTHENTICATED);
    whoami_session(here); /* the session that changed it goes on */

    code = login_status("changer", GOOD_PASSWORD, &res);
    it_assert_code(code, &res, PMO_UNAUTHENTICATED);
    code = login_status("changer", OTHER_PASSWORD, &res);
    it_assert_code(code, &res, PMO_OK);
    pmo_client_close(here);
    pmo_client_close(elsewhere);
}

static void test_change_password_needs_the_current_one(void **state)
{
    pmo_client *admin = it_connect_admin();
    it_create_user(admin, "forgetful", GOOD_PASSWORD);
    pmo_client_close(admin);
    pmo_client *c = it_connect_as("forgetful", GOOD_PASSWORD, NULL);

    Pmo__V1__ChangePasswordRequest in = PMO__V1__CHANGE_PASSWORD_REQUEST__INIT;
    in.old_password = "not my password";
    in.new_password = OTHER_PASSWORD;
    pmo_result res;
    int code = it_call(c, &pmo__v1__auth_service__descriptor, "ChangePassword",
                       &in.base, &res);
    it_assert_code(code, &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "old_password");
    /* The password stayed. */
    code = login_status("forgetful", GOOD_PASSWORD, &res);
    it_assert_code(code, &res, PMO_OK);
    pmo_client_close(c);
}

static void test_replayed_write_returns_the_first_reply(void **state)
{
    pmo_client *admin = it_connect_admin();
    it_create_user(admin, "replayed", GOOD_PASSWORD);
    pmo_client *user = it_connect_as("replayed", GOOD_PASSWORD, NULL);
    int64_t sid = whoami_session(user);
    pmo_client_close(user);

    Pmo__V1__RevokeSessionResponse *first = NULL, *second = NULL;
    pmo_result res;
    pmo_client_set_idempotency_key(admin, "revoke-replayed-once");
    int code = revoke_session(admin, sid, &first, &res);
    it_assert_code(code, &res, PMO_OK);
    /* The same key again: a retry, answered as the first time. */
    pmo_client_set_idempotency_key(admin, "revoke-replayed-once");
    code = revoke_session(admin, sid, &second, &res);
    it_assert_code(code, &res, PMO_OK);
    assert_int_equal(second->session->id, sid);
    assert_true(first->session->revoked_at_ms > 0);
    assert_int_equal(second->session->revoked_at_ms,
                     first->session->revoked_at_ms);
    assert_string_equal(second->session->username, "replayed");
    protobuf_c_message_free_unpacked(&first->base, NULL);
    protobuf_c_message_free_unpacked(&second->base, NULL);

    /* A new key is a new request: that session is gone by now. */
    pmo_client_set_idempotency_key(admin, "revoke-replayed-twice");
    Pmo__V1__RevokeSessionResponse *third = NULL;
    code = revoke_session(admin, sid, &third, &res);
    it_assert_code(code, &res, PMO_NOT_FOUND);
    pmo_client_close(admin);
}

static void test_idempotency_key_belongs_to_one_method(void **state)
{
    pmo_client *admin = it_connect_admin();
    it_create_user(admin, "key.reuse", GOOD_PASSWORD);
    pmo_client *user = it_connect_as("key.reuse", GOOD_PASSWORD, NULL);
    int64_t sid = whoami_session(user);
    pmo_client_close(user);

    Pmo__V1__RevokeSessionResponse *out = NULL;
    pmo_result res;
    pmo_client_set_idempotency_key(admin, "one-key-two-methods");
    int code = revoke_session(admin, sid, &out, &res);
    it_assert_code(code, &res, PMO_OK);
    protobuf_c_message_free_unpacked(&out->base, NULL);

    Pmo__V1__SetUserDisabledRequest in =
        PMO__V1__SET_USER_DISABLED_REQUEST__INIT;
    in.username = "key.reuse";
    in.disabled = true;
    pmo_client_set_idempotency_key(admin, "one-key-two-methods");
    code = it_call(admin, &pmo__v1__admin_service__descriptor,
                   "SetUserDisabled", &in.base, &res);
    it_assert_code(code, &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "idempotency_key");
    /* And the write did not happen. */
    code = login_status("key.reuse", GOOD_PASSWORD, &res);
    it_assert_code(code, &res, PMO_OK);
    pmo_client_close(admin);
}

static void test_last_admin_keeps_the_admin_role(void **state)
{
    pmo_client *admin = it_connect_admin();
    Pmo__V1__SetAdminRequest in = PMO__V1__SET_ADMIN_REQUEST__INIT;
    in.username = IT_ADMIN;
    in.is_admin = false;
    pmo_result res;
    int code = it_call(admin, &pmo__v1__admin_service__descriptor, "SetAdmin",
                       &in.base, &res);
    it_assert_code(code, &res, PMO_FAILED_PRECONDITION);
    it_assert_contains(res.message, "last admin");

    /* Nothing changed: still an admin, and admin methods still answer. */
    Pmo__V1__WhoAmIResponse *me = NULL;
    code = it_whoami(admin, &me, &res);
    it_assert_code(code, &res, PMO_OK);
    assert_true(me->user->is_admin);
    protobuf_c_message_free_unpacked(&me->base, NULL);
    Pmo__V1__ListUsersRequest list = PMO__V1__LIST_USERS_REQUEST__INIT;
    code = it_call(admin, &pmo__v1__admin_service__descriptor, "ListUsers",
                   &list.base, &res);
    it_assert_code(code, &res, PMO_OK);
    pmo_client_close(admin);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_login_returns_a_token_whoami_accepts),
        cmocka_unit_test(test_login_with_wrong_password_is_unauthenticated),
        cmocka_unit_test(test_login_of_unknown_user_looks_like_wrong_password),
        cmocka_unit_test(test_disabled_user_is_refused_and_loses_sessions),
        cmocka_unit_test(test_revoked_session_is_refused_on_next_call),
        cmocka_unit_test(test_logout_ends_the_token),
        cmocka_unit_test(test_failed_logins_lock_the_account),
        cmocka_unit_test(test_create_user_names_the_bad_field),
        cmocka_unit_test(test_create_user_refuses_overlong_password),
        cmocka_unit_test(test_change_password_ends_other_sessions),
        cmocka_unit_test(test_change_password_needs_the_current_one),
        cmocka_unit_test(test_replayed_write_returns_the_first_reply),
        cmocka_unit_test(test_idempotency_key_belongs_to_one_method),
        cmocka_unit_test(test_last_admin_keeps_the_admin_role),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
