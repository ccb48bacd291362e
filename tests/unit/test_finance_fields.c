/*
 * tests/unit/test_finance_fields.c - the checks of FinanceService's money
 * fields: budget lines by category, month and amount, and their sum at
 * the int64 limit, each refusal naming its field.
 */
#include "api/finance_fields.h"
#include "common/money.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

typedef struct line_case {
    const char *name;
    int category;
    const char *month;
    const char *amount;
} line_case;

static arena test_arena;

static rpc_call *call_new(void)
{
    rpc_call *call = arena_zalloc(&test_arena, sizeof(*call));
    call->arena = &test_arena;
    return call;
}

/* Checks n lines; returns the first violation's field, or NULL. */
static const char *lines_check(const line_case *cases, size_t n, int64_t *total)
{
    Pmo__V1__BudgetLine **lines =
        arena_alloc(&test_arena, (n + 1) * sizeof(*lines));
    for (size_t i = 0; i < n; i++) {
        lines[i] = arena_alloc(&test_arena, sizeof(**lines));
        pmo__v1__budget_line__init(lines[i]);
        lines[i]->category = (Pmo__V1__BudgetCategory)cases[i].category;
        lines[i]->month = (char *)cases[i].month;
        lines[i]->amount = (char *)cases[i].amount;
    }
    int64_t amounts[8];
    rpc_call *call = call_new();
    if (finance_lines_check(call, "lines", lines, n, "USD", amounts, total))
        return NULL;
    assert_true(call->n_violations > 0);
    return call->violations[0]->field;
}

static void test_sum_at_the_limit(void **state)
{
    (void)state;
    int64_t total = 0;
    /* INT64_MAX cents, in two lines: exactly the largest amount. */
    const line_case fits[] = {
        {"", 1, "2026-01", "92233720368547758.06"},
        {"", 2, "", "0.01"},
    };
    assert_null(lines_check(fits, 2, &total));
    assert_int_equal(total, INT64_MAX);
    /* One cent more is refused, on the line that passes the limit. */
    const line_case over[] = {
        {"", 1, "2026-01", "92233720368547758.07"},
        {"", 2, "", "0.01"},
    };
    assert_string_equal(lines_check(over, 2, &total), "lines[1].amount");
    const line_case three[] = {
        {"", 1, "", "46116860184273879.04"},
        {"", 2, "", "46116860184273879.03"},
        {"", 3, "", "0.01"},
    };
    assert_string_equal(lines_check(three, 3, &total), "lines[2].amount");
}

static void test_refusals_name_the_field(void **state)
{
    (void)state;
    static const struct {
        line_case line;
        const char *field;
    } cases[] = {
        {{"negative", 1, "", "-1"}, "lines[0].amount"},
        {{"past int64", 1, "", "92233720368547758.08"}, "lines[0].amount"},
        {{"not a number", 1, "", "lots"}, "lines[0].amount"},
        {{"another currency", 1, "", "EUR 10"}, "lines[0].amount"},
        {{"no amount", 1, "", ""}, "lines[0].amount"},
        {{"unknown category", 7, "", "1"}, "lines[0].category"},
        {{"no category", 0, "", "1"}, "lines[0].category"},
        {{"month 13", 1, "2026-13", "1"}, "lines[0].month"},
        {{"a date, not a month", 1, "2026-01-01", "1"}, "lines[0].month"},
        {{"month 0", 1, "2026-00", "1"}, "lines[0].month"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t total;
        const char *field = lines_check(&cases[i].line, 1, &total);
        if (field == NULL)
            fail_msg("%s: accepted", cases[i].line.name);
        if (strcmp(field, cases[i].field) != 0)
            fail_msg("%s: named %s", cases[i].line.name, field);
    }
}

static void test_good_lines(void **state)
{
    (void)state;
    const line_case good[] = {
        {"", 1, "2026-01", "10,000"},
        {"", 1, "2026-02", "USD 10000"},
        {"", 2, "2026-01", "2500.50 USD"},
        {"", 5, "", "0"},
    };
    int64_t total = 0;
    assert_null(lines_check(good, 4, &total));
    assert_int_equal(total, 2250050);
}

static void test_twice(void **state)
{
    (void)state;
    const line_case twice[] = {
        {"", 1, "2026-01", "1"},
        {"", 1, "2026-01", "2"},
    };
    int64_t total;
    assert_string_equal(lines_check(twice, 2, &total), "lines[1]");
}

static int setup(void **state)
{
    (void)state;
    arena_init(&test_arena);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    arena_fini(&test_arena);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_sum_at_the_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refusals_name_the_field, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_good_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_twice, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
