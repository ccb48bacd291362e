/*
 * tests/integration/test_token_scope.c - an API token's scope against
 * every listed method: a read-only token is refused each method that
 * writes and no method that reads, and a token limited to programs is
 * refused each admin method.
 *
 * The methods come from Meta/ListMethods, so one added later is checked
 * without touching this file. Calls carry an empty payload: the scope is
 * checked before the payload is decoded, so a refused call changes
 * nothing, and a read answers whatever its empty input earns.
 */
#include "it_support.h"
#include "pmo/v1/program.pb-c.h"
#include "pmo/v1/token.pb-c.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct scope_fixture {
    Pmo__V1__ListMethodsResponse *list;
    /* The admin's, so that no role check comes before the scope's. */
    char read_only[IT_TOKEN_MAX];
    char limited[IT_TOKEN_MAX]; /* for one program */
} scope_fixture;

static void token_make(pmo_client *admin, const char *name, bool read_only,
                       char *program, char *secret)
{
    Pmo__V1__CreateTokenRequest in = PMO__V1__CREATE_TOKEN_REQUEST__INIT;
    in.name = (char *)name;
    in.read_only = read_only;
    in.programs = program ? &program : NULL;
    in.n_programs = program ? 1 : 0;
    Pmo__V1__CreateTokenResponse *out = NULL;
    pmo_result res;
    int code =
        pmo_call(admin, &pmo__v1__token_service__descriptor, "CreateToken",
                 &in.base, (ProtobufCMessage **)&out, &res);
    if (code != PMO_OK)
        fail_msg("CreateToken %s: %s", name, res.message);
    snprintf(secret, IT_TOKEN_MAX, "%s", out->secret);
    protobuf_c_message_free_unpacked(&out->base, NULL);
}

static void fixture_program(pmo_client *admin)
{
    pmo_result res;
    Pmo__V1__Program p = PMO__V1__PROGRAM__INIT;
    p.key = "SCOPE";
    p.name = "Scope";
    Pmo__V1__CreateProgramRequest cp = PMO__V1__CREATE_PROGRAM_REQUEST__INIT;
    cp.program = &p;
    if (it_call(admin, &pmo__v1__program_service__descriptor, "CreateProgram",
                &cp.base, &res) != PMO_OK)
        fail_msg("CreateProgram: %s", res.message);
}

static int fixture_setup(void **state)
{
    static scope_fixture f;
    pmo_client *admin = it_connect_admin();
    fixture_program(admin);
    token_make(admin, "reads", true, NULL, f.read_only);
    token_make(admin, "one program", false, "SCOPE", f.limited);
    f.list = it_list_methods(admin);
    pmo_client_close(admin);
    *state = &f;
    return 0;
}

static int fixture_teardown(void **state)
{
    scope_fixture *f = *state;
    if (f && f->list)
        protobuf_c_message_free_unpacked(&f->list->base, NULL);
    return 0;
}

static bool refused_for_scope(int code, const pmo_result *res, const char *why)
{
    return code == PMO_PERMISSION_DENIED && strstr(res->message, why);
}

static void test_read_only_token_is_refused_every_write(void **state)
{
    scope_fixture *f = *state;
    size_t writes = 0;
    for (size_t i = 0; i < f->list->n_methods; i++) {
        const Pmo__V1__MethodInfo *mi = f->list->methods[i];
        if (!mi->mutates || strcmp(mi->access, "public") == 0)
            continue;
        writes++;
        pmo_result res;
        int code = it_call_empty(f->read_only, mi->path, &res);
        if (!refused_for_scope(code, &res, "this API token is read-only"))
            fail_msg("%s with a read-only token: %s (\"%s\")", mi->path,
                     pmo_status_name(code), res.message);
        it_assert_contains(res.message, mi->path);
    }
    /* Every service has writes: a handful would mean the list is wrong. */
    if (writes < 50)
        fail_msg("only %zu methods that write were listed", writes);
}

static void test_read_only_token_is_refused_no_read(void **state)
{
    scope_fixture *f = *state;
    for (size_t i = 0; i < f->list->n_methods; i++) {
        const Pmo__V1__MethodInfo *mi = f->list->methods[i];
        if (mi->mutates || strcmp(mi->access, "public") == 0)
            continue;
        pmo_result res;
        int code = it_call_empty(f->read_only, mi->path, &res);
        if (refused_for_scope(code, &res, "API token"))
            fail_msg("%s, which reads, refused a read-only token: \"%s\"",
                     mi->path, res.message);
    }
}

static void test_limited_token_is_refused_every_admin_method(void **state)
{
    scope_fixture *f = *state;
    for (size_t i = 0; i < f->list->n_methods; i++) {
        const Pmo__V1__MethodInfo *mi = f->list->methods[i];
        if (strcmp(mi->access, "admin") != 0)
            continue;
        pmo_result res;
        int code = it_call_empty(f->limited, mi->path, &res);
        if (!refused_for_scope(code, &res,
                               "this API token is limited to programs"))
            fail_msg("%s with a token limited to programs: %s (\"%s\")",
                     mi->path, pmo_status_name(code), res.message);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_only_token_is_refused_every_write),
        cmocka_unit_test(test_read_only_token_is_refused_no_read),
        cmocka_unit_test(test_limited_token_is_refused_every_admin_method),
    };
    return cmocka_run_group_tests(tests, fixture_setup, fixture_teardown);
}
