/* tests/integration/test_roles.c - every listed method against each role. */
#include "it_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The matrix is built from Meta/ListMethods, so a method added later is
 * checked without touching this file. Calls carry an empty payload: the
 * token and role checks come before the payload is decoded, and an empty
 * payload can change nothing for a caller who is turned away.
 */
#define MEMBER_PASSWORD "plain member 1"
/* Well formed (43 base64url characters) but never issued. */
#define UNKNOWN_TOKEN "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"

typedef struct role_matrix {
    Pmo__V1__ListMethodsResponse *list;
    char member_token[IT_TOKEN_MAX];
} role_matrix;

static void expect_code(const char *path, const char *who, int code,
                        const pmo_result *res, int want)
{
    if (code != want)
        fail_msg("%s as %s: expected %s, got %s (\"%s\")", path, who,
                 pmo_status_name(want), pmo_status_name(code), res->message);
}

static int matrix_setup(void **state)
{
    static role_matrix m;
    pmo_client *admin = it_connect_admin();
    it_create_user(admin, "member", MEMBER_PASSWORD);
    pmo_client_close(admin);
    pmo_client *c = it_connect_as("member", MEMBER_PASSWORD, m.member_token);
    m.list = it_list_methods(c);
    pmo_client_close(c);
    *state = &m;
    return 0;
}

static int matrix_teardown(void **state)
{
    role_matrix *m = *state;
    if (m && m->list)
        protobuf_c_message_free_unpacked(&m->list->base, NULL);
    return 0;
}

static size_t count_access(const role_matrix *m, const char *access)
{
    size_t n = 0;
    for (size_t i = 0; i < m->list->n_methods; i++)
        if (strcmp(m->list->methods[i]->access, access) == 0)
            n++;
    return n;
}

static void test_matrix_covers_every_access_kind(void **state)
{
    role_matrix *m = *state;
    static const char *const kinds[] = {"public", "session", "admin"};
    for (size_t k = 0; k < 3; k++)
        if (count_access(m, kinds[k]) == 0)
            fail_msg("ListMethods lists no \"%s\" method", kinds[k]);
    /* Nothing outside the three kinds, which would go unchecked. */
    assert_int_equal(count_access(m, "public") + count_access(m, "session") +
                         count_access(m, "admin"),
                     m->list->n_methods);
}

static void test_matrix_lists_all_admin_service_methods_as_admin(void **state)
{
    role_matrix *m = *state;
    const ProtobufCServiceDescriptor *svc = &pmo__v1__admin_service__descriptor;
    for (unsigned i = 0; i < svc->n_methods; i++) {
        char path[160];
        snprintf(path, sizeof(path), "%s/%s", svc->name, svc->methods[i].name);
        const Pmo__V1__MethodInfo *found = NULL;
        for (size_t k = 0; k < m->list->n_methods; k++)
            if (strcmp(m->list->methods[k]->path, path) == 0)
                found = m->list->methods[k];
        if (found == NULL)
            fail_msg("ListMethods does not list %s", path);
        if (strcmp(found->access, "admin") != 0)
            fail_msg("%s is listed as \"%s\", not \"admin\"", path,
                     found->access);
    }
}

static void test_admin_methods_refuse_members_and_strangers(void **state)
{
    role_matrix *m = *state;
    for (size_t i = 0; i < m->list->n_methods; i++) {
        const Pmo__V1__MethodInfo *mi = m->list->methods[i];
        if (strcmp(mi->access, "admin") != 0)
            continue;
        pmo_result res;
        int code = it_call_empty(m->member_token, mi->path, &res);
        expect_code(mi->path, "a member", code, &res, PMO_PERMISSION_DENIED);
        it_assert_contains(res.message, mi->path);
        code = it_call_empty(NULL, mi->path, &res);
        expect_code(mi->path, "nobody", code, &res, PMO_UNAUTHENTICATED);
    }
}

static void test_session_methods_need_a_valid_token(void **state)
{
    role_matrix *m = *state;
    static const struct {
        const char *name;
        const char *token;
    } tokens[] = {
        {"nobody", NULL},
        {"an unknown token", UNKNOWN_TOKEN},
        {"a malformed token", "not a token"},
    };
    for (size_t i = 0; i < m->list->n_methods; i++) {
        const Pmo__V1__MethodInfo *mi = m->list->methods[i];
        if (strcmp(mi->access, "session") != 0 &&
            strcmp(mi->access, "admin") != 0)
            continue;
        for (size_t t = 0; t < sizeof(tokens) / sizeof(tokens[0]); t++) {
            pmo_result res;
            int code = it_call_empty(tokens[t].token, mi->path, &res);
            expect_code(mi->path, tokens[t].name, code, &res,
                        PMO_UNAUTHENTICATED);
        }
    }
}

static void test_public_methods_answer_anyone(void **state)
{
    role_matrix *m = *state;
    static const struct {
        const char *name;
        const char *token;
    } callers[] = {
        {"nobody", NULL},
        {"an unknown token", UNKNOWN_TOKEN},
    };
    for (size_t i = 0; i < m->list->n_methods; i++) {
        const Pmo__V1__MethodInfo *mi = m->list->methods[i];
        if (strcmp(mi->access, "public") != 0)
            continue;
        for (size_t t = 0; t < sizeof(callers) / sizeof(callers[0]); t++) {
            pmo_result res;
            int code = it_call_empty(callers[t].token, mi->path, &res);
            if (code == PMO_UNAUTHENTICATED || code == PMO_PERMISSION_DENIED ||
                code == PMO_UNAVAILABLE || code == PMO_DEADLINE_EXCEEDED)
                fail_msg("%s as %s: expected an answer, got %s (\"%s\")",
                         mi->path, callers[t].name, pmo_status_name(code),
                         res.message);
        }
    }
}

static void test_member_reaches_session_methods(void **state)
{
    role_matrix *m = *state;
    /* WhoAmI reads only; other session methods would end the session. */
    pmo_result res;
    int code =
        it_call_empty(m->member_token, "pmo.v1.AuthService/WhoAmI", &res);
    expect_code("pmo.v1.AuthService/WhoAmI", "a member", code, &res, PMO_OK);
}

static int list_users(pmo_client *c, pmo_result *res)
{
    Pmo__V1__ListUsersRequest in = PMO__V1__LIST_USERS_REQUEST__INIT;
    return it_call(c, &pmo__v1__admin_service__descriptor, "ListUsers",
                   &in.base, res);
}

static void set_admin(pmo_client *admin, const char *username, bool is_admin)
{
    Pmo__V1__SetAdminRequest in = PMO__V1__SET_ADMIN_REQUEST__INIT;
    in.username = (char *)username;
    in.is_admin = is_admin;
    pmo_result res;
    int code = it_call(admin, &pmo__v1__admin_service__descriptor, "SetAdmin",
                       &in.base, &res);
    it_assert_code(code, &res, PMO_OK);
}

static void test_role_changes_apply_to_live_sessions_at_once(void **state)
{
    pmo_client *admin = it_connect_admin();
    it_create_user(admin, "deputy", MEMBER_PASSWORD);
    pmo_client *deputy = it_connect_as("deputy", MEMBER_PASSWORD, NULL);
    pmo_result res;
    /* Each answer below follows a verified, hence trusted, session. */
    int code = list_users(deputy, &res);
    it_assert_code(code, &res, PMO_PERMISSION_DENIED);

    set_admin(admin, "deputy", true);
    code = list_users(deputy, &res);
    it_assert_code(code, &res, PMO_OK);

    set_admin(admin, "deputy", false);
    code = list_users(deputy, &res);
    it_assert_code(code, &res, PMO_PERMISSION_DENIED);
    pmo_client_close(deputy);
    pmo_client_close(admin);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matrix_covers_every_access_kind),
        cmocka_unit_test(test_matrix_lists_all_admin_service_methods_as_admin),
        cmocka_unit_test(test_admin_methods_refuse_members_and_strangers),
        cmocka_unit_test(test_session_methods_need_a_valid_token),
        cmocka_unit_test(test_public_methods_answer_anyone),
        cmocka_unit_test(test_member_reaches_session_methods),
        cmocka_unit_test(test_role_changes_apply_to_live_sessions_at_once),
    };
    return cmocka_run_group_tests(tests, matrix_setup, matrix_teardown);
}
