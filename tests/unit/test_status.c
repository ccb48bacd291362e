/* tests/unit/test_status.c - status names, parsing and CLI exit codes. */
#include "common/status.h"
#include "pmo/v1/rpc.pb-c.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

static void test_names_match_the_wire_enum(void **state)
{
    /* The table must agree with rpc.proto's StatusCode, value by value. */
    const ProtobufCEnumDescriptor *d = &pmo__v1__status_code__descriptor;
    assert_int_equal(d->n_values, PMO_STATUS_COUNT);
    for (unsigned i = 0; i < d->n_values; i++)
        assert_string_equal(pmo_status_name(d->values[i].value),
                            d->values[i].name);
}

static void test_unknown_code_has_a_name(void **state)
{
    assert_string_equal(pmo_status_name(-1), "UNKNOWN");
    assert_string_equal(pmo_status_name(99), "UNKNOWN");
}

static void test_parse_is_case_insensitive(void **state)
{
    pmo_status st;
    assert_true(pmo_status_from_name("not_found", &st));
    assert_int_equal(st, PMO_NOT_FOUND);
    assert_true(pmo_status_from_name("UNAUTHENTICATED", &st));
    assert_int_equal(st, PMO_UNAUTHENTICATED);
    assert_false(pmo_status_from_name("NOPE", &st));
}

static const struct {
    pmo_status code;
    int exit_code;
} exit_cases[] = {
    {PMO_OK, 0},
    {PMO_INVALID_ARGUMENT, 2},
    {PMO_NOT_FOUND, 3},
    {PMO_ALREADY_EXISTS, 4},
    {PMO_ABORTED, 4},
    {PMO_FAILED_PRECONDITION, 4},
    {PMO_UNAUTHENTICATED, 5},
    {PMO_PERMISSION_DENIED, 6},
    {PMO_UNAVAILABLE, 7},
    {PMO_DEADLINE_EXCEEDED, 7},
    {PMO_INTERNAL, 1},
};

static void test_exit_codes(void **state)
{
    for (size_t i = 0; i < sizeof(exit_cases) / sizeof(exit_cases[0]); i++)
        if (pmo_status_exit_code(exit_cases[i].code) != exit_cases[i].exit_code)
            fail_msg("%s: exit %d, want %d",
                     pmo_status_name(exit_cases[i].code),
                     pmo_status_exit_code(exit_cases[i].code),
                     exit_cases[i].exit_code);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_match_the_wire_enum),
        cmocka_unit_test(test_unknown_code_has_a_name),
        cmocka_unit_test(test_parse_is_case_insensitive),
        cmocka_unit_test(test_exit_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
