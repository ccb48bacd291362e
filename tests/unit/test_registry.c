/*
 * tests/unit/test_registry.c - the method table built from service
 * descriptors: every method needs a policy, lookups find every path.
 */
#include "api/services.h"
#include "pmo/v1/admin.pb-c.h"
#include "pmo/v1/meta.pb-c.h"
#include "rpc/registry.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

static void test_real_services_build(void **state)
{
    rpc_table t;
    char err[256] = "";
    assert_int_equal(rpc_table_build(&t, api_services, err, sizeof(err)), 0);
    size_t expected = 0;
    for (size_t i = 0; api_services[i]; i++)
        expected += api_services[i]->impl->descriptor->n_methods;
    assert_int_equal(t.count, expected);
    for (size_t i = 0; i < t.count; i++) {
        const rpc_method *m = rpc_table_find(&t, t.methods[i].path);
        assert_ptr_equal(m, &t.methods[i]);
    }
    const rpc_method *login = rpc_table_find(&t, "pmo.v1.AuthService/Login");
    assert_non_null(login);
    assert_int_equal(login->access, RPC_ACCESS_PUBLIC);
    assert_int_equal(login->effect, RPC_WRITES);
    assert_null(rpc_table_find(&t, "pmo.v1.AuthService/Nope"));
    assert_null(rpc_table_find(&t, "pmo.v1.AuthService"));
    rpc_table_fini(&t);
}

static void test_every_admin_method_requires_admin(void **state)
{
    rpc_table t;
    char err[256];
    assert_int_equal(rpc_table_build(&t, api_services, err, sizeof(err)), 0);
    size_t seen = 0;
    for (size_t i = 0; i < t.count; i++) {
        if (strncmp(t.methods[i].path, "pmo.v1.AdminService/", 20) != 0)
            continue;
        seen++;
        if (t.methods[i].access != RPC_ACCESS_ADMIN)
            fail_msg("%s is not admin-only", t.methods[i].path);
    }
    assert_int_equal(seen, pmo__v1__admin_service__descriptor.n_methods);
    rpc_table_fini(&t);
}

/* Only the descriptor matters here: no method is ever invoked. */
static ProtobufCService meta_stub = PMO__V1__META__BASE_INIT;

static void test_method_without_policy_is_refused(void **state)
{
    static const rpc_method_policy only_info[] = {
        {"Info", RPC_ACCESS_PUBLIC, RPC_READS, 0},
    };
    const rpc_service partial = {
        .impl = &meta_stub, .policies = only_info, .n_policies = 1};
    const rpc_service *const list[] = {&partial, NULL};
    rpc_table t;
    char err[256] = "";
    assert_int_equal(rpc_table_build(&t, list, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "pmo.v1.Meta/ListMethods has no access policy"));
}

static void test_policy_for_unknown_method_is_refused(void **state)
{
    static const rpc_method_policy extra[] = {
        {"Info", RPC_ACCESS_PUBLIC, RPC_READS, 0},
        {"ListMethods", RPC_ACCESS_PUBLIC, RPC_READS, 0},
        {"Infoo", RPC_ACCESS_PUBLIC, RPC_READS, 0},
    };
    const rpc_service svc = {
        .impl = &meta_stub, .policies = extra, .n_policies = 3};
    const rpc_service *const list[] = {&svc, NULL};
    rpc_table t;
    char err[256] = "";
    assert_int_equal(rpc_table_build(&t, list, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "unknown method pmo.v1.Meta/Infoo"));
}

/* A policy that leaves the effect out, or puts a flag where it goes. */
static void test_policy_without_effect_is_refused(void **state)
{
    static const rpc_method_policy unsaid[][2] = {
        {{"Info", RPC_ACCESS_PUBLIC, RPC_READS, 0},
         {"ListMethods", RPC_ACCESS_PUBLIC, (rpc_effect)0, 0}},
        {{"Info", RPC_ACCESS_PUBLIC, RPC_READS, 0},
         {"ListMethods", RPC_ACCESS_PUBLIC, (rpc_effect)RPC_HEAVY, 0}},
        {{"Info", RPC_ACCESS_PUBLIC, RPC_READS, 0},
         {"ListMethods", RPC_ACCESS_PUBLIC,
          (rpc_effect)(RPC_READS | RPC_WRITES), 0}},
    };
    for (size_t i = 0; i < sizeof(unsaid) / sizeof(unsaid[0]); i++) {
        const rpc_service svc = {
            .impl = &meta_stub, .policies = unsaid[i], .n_policies = 2};
        const rpc_service *const list[] = {&svc, NULL};
        rpc_table t;
        char err[256] = "";
        assert_int_equal(rpc_table_build(&t, list, err, sizeof(err)), -1);
        assert_non_null(strstr(err, "pmo.v1.Meta/ListMethods says neither"));
    }
}

static void test_service_registered_twice_is_refused(void **state)
{
    const rpc_service *const list[] = {&api_meta_service, &api_meta_service,
                                       NULL};
    rpc_table t;
    char err[256] = "";
    assert_int_equal(rpc_table_build(&t, list, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "registered twice"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_services_build),
        cmocka_unit_test(test_every_admin_method_requires_admin),
        cmocka_unit_test(test_method_without_policy_is_refused),
        cmocka_unit_test(test_policy_for_unknown_method_is_refused),
        cmocka_unit_test(test_policy_without_effect_is_refused),
        cmocka_unit_test(test_service_registered_twice_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
