/*
 * tests/integration/test_finance.c - FinanceService below the CLI: who
 * may set a budget, versions (a stale one refused, every one kept in
 * budget_versions), the program's sums at the int64 limit across budgets
 * and across expenses, expenses by date over several pages with the
 * filter's total, a dry run that keeps nothing, an audit row for each
 * write, and a currency that stays while money is held.
 *
 * Program FIN of the work fixture (it_work.h): mgr manager, con
 * contributor, view viewer, out no role; projects web and api.
 */
#include "it_work.h"
#include "pmo/v1/finance.pb-c.h"
#include "pmo/v1/program.pb-c.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FINANCE (&pmo__v1__finance_service__descriptor)
#define MAX_USD "92233720368547758.07" /* INT64_MAX cents */

static it_work W;

static int setup(void **state)
{
    (void)state;
    it_work_setup(&W, "FIN");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    it_work_teardown(&W);
    return 0;
}

/* SetBudget of project (or "") with lines "CATEGORY|MONTH|AMOUNT". */
static int budget_set(pmo_client *c, const char *project, int64_t expected,
                      const char *reason, const char *const *lines,
                      Pmo__V1__Budget **out, pmo_result *res)
{
    Pmo__V1__SetBudgetRequest in = PMO__V1__SET_BUDGET_REQUEST__INIT;
    Pmo__V1__BudgetLine l[8], *lp[8];
    char month[8][16], amount[8][32];
    size_t n = 0;
    for (; lines && lines[n]; n++) {
        int category;
        pmo__v1__budget_line__init(&l[n]);
        assert_int_equal(
            sscanf(lines[n], "%d|%15[^|]|%31s", &category, month[n], amount[n]),
            3);
        l[n].category = (Pmo__V1__BudgetCategory)category;
        l[n].month = strcmp(month[n], "-") == 0 ? "" : month[n];
        l[n].amount = amount[n];
        lp[n] = &l[n];
    }
    in.program = "FIN";
    in.project = (char *)project;
    in.reason = (char *)reason;
    in.expected_version = expected;
    in.lines = lp;
    in.n_lines = n;
    if (out)
        *out = NULL;
    Pmo__V1__Budget *got = NULL;
    int rc = pmo_call(c, FINANCE, "SetBudget", &in.base,
                      (ProtobufCMessage **)&got, res);
    if (out)
        *out = got;
    else if (got)
        it_work_free(got);
    return rc;
}

static int expense_add(pmo_client *c, const char *date, const char *amount,
                       const char *item, const char *project, pmo_result *res)
{
    Pmo__V1__Expense e = PMO__V1__EXPENSE__INIT;
    Pmo__V1__AddExpenseRequest in = PMO__V1__ADD_EXPENSE_REQUEST__INIT;
    e.program = "FIN";
    e.spent_on = (char *)date;
    e.amount = (char *)amount;
    e.category = PMO__V1__BUDGET_CATEGORY__BUDGET_OTHER;
    e.item = (char *)item;
    e.project = (char *)project;
    in.expense = &e;
    return it_call(c, FINANCE, "AddExpense", &in.base, res);
}

static void test_budget_roles_and_versions(void **state)
{
    (void)state;
    pmo_result res;
    const char *const v1[] = {"1|2026-01|1000", "2|-|250.50", NULL};
    const char *const v2[] = {"1|2026-01|1200", NULL};
    Pmo__V1__Budget *b;
    it_assert_code(budget_set(W.con, "", 0, "mine", v1, NULL, &res), &res,
                   PMO_PERMISSION_DENIED);
    it_assert_code(budget_set(W.out, "", 0, "mine", v1, NULL, &res), &res,
                   PMO_NOT_FOUND);
    it_assert_code(budget_set(W.mgr, "", 3, "first", v1, NULL, &res), &res,
                   PMO_ABORTED);
    it_assert_contains(res.message, "not set yet");
    it_assert_code(budget_set(W.mgr, "", 0, "first", v1, &b, &res), &res,
                   PMO_OK);
    assert_int_equal(b->version, 1);
    assert_int_equal(b->total_minor, 125050);
    assert_string_equal(b->changed_by, "mgr");
    it_work_free(b);
    /* Someone read version 0 (none) and sets it again: refused. */
    it_assert_code(budget_set(W.mgr, "", 0, "again", v2, NULL, &res), &res,
                   PMO_ABORTED);
    it_assert_contains(res.message, "at version 1");
    it_assert_code(budget_set(W.mgr, "", 1, "", v2, NULL, &res), &res,
                   PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "reason");
    it_assert_code(budget_set(W.mgr, "", 1, "quote", v2, &b, &res), &res,
                   PMO_OK);
    assert_int_equal(b->version, 2);
    it_work_free(b);

    char text[256];
    it_sql(text, sizeof(text),
           "SELECT string_agg(coalesce(v.old_version::text, '-') || '>' ||"
           " v.new_version || ':' || v.reason, ',' ORDER BY v.id)"
           " FROM budget_versions v JOIN budgets b ON b.id = v.budget_id"
           " JOIN programs p ON p.id = b.program_id WHERE p.key = 'FIN'"
           " AND b.project_id IS NULL");
    assert_string_equal(text, "->1:first,1>2:quote");
    assert_int_equal(it_work_sql_int("SELECT count(*) FROM audit_log"
                                     " WHERE entity = 'budget'"
                                     " AND method LIKE '%%SetBudget'"),
                     2);

    Pmo__V1__ListBudgetVersionsRequest in =
        PMO__V1__LIST_BUDGET_VERSIONS_REQUEST__INIT;
    Pmo__V1__ListBudgetVersionsResponse *out = NULL;
    in.program = "FIN";
    it_assert_code(pmo_call(W.view, FINANCE, "ListBudgetVersions", &in.base,
                            (ProtobufCMessage **)&out, &res),
                   &res, PMO_OK);
    assert_int_equal(out->n_versions, 2);
    assert_int_equal(out->versions[0]->n_lines, 2);
    assert_int_equal(out->versions[1]->total_minor, 120000);
    it_work_free(out);

    /* Amounts are minor units of the program's currency: it stays. */
    Pmo__V1__UpdateProgramRequest up = PMO__V1__UPDATE_PROGRAM_REQUEST__INIT;
    Pmo__V1__Program p = PMO__V1__PROGRAM__INIT;
    char *mask[] = {"currency"};
    Pmo__V1__Program *cur = NULL;
    Pmo__V1__GetProgramRequest get = PMO__V1__GET_PROGRAM_REQUEST__INIT;
    get.key = "FIN";
    it_assert_code(pmo_call(W.admin, &pmo__v1__program_service__descriptor,
                            "GetProgram", &get.base, (ProtobufCMessage **)&cur,
                            &res),
                   &res, PMO_OK);
    p.currency = "EUR";
    up.key = "FIN";
    up.program = &p;
    up.update_mask = mask;
    up.n_update_mask = 1;
    up.expected_version = cur->version;
    it_work_free(cur);
    int rc = it_call(W.admin, &pmo__v1__program_service__descriptor,
                     "UpdateProgram", &up.base, &res);
    assert_int_not_equal(rc, PMO_OK);
    it_assert_violation(&res, "program.currency");
}

static void test_budget_sums_at_the_limit(void **state)
{
    (void)state;
    pmo_result res;
    /* What the program's own budget (1,200.00) leaves of INT64_MAX. */
    const char *const max[] = {"3|-|92233720368546558.07", NULL};
    const char *const cent[] = {"3|-|0.01", NULL};
    const char *const zero[] = {"3|-|0", NULL};
    it_assert_code(budget_set(W.mgr, "api", 0, "all of it", max, NULL, &res),
                   &res, PMO_OK);
    /* The program's budgets now sum to INT64_MAX cents: one more cent,
     * on any budget of the program, would pass it. */
    it_assert_code(budget_set(W.mgr, "web", 0, "a cent", cent, NULL, &res),
                   &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "lines");
    it_assert_contains(res.message, "past the largest amount");
    assert_int_equal(it_work_sql_int("SELECT count(*) FROM budgets b"
                                     " JOIN projects j ON j.id = b.project_id"
                                     " WHERE j.key = 'web'"),
                     0);
    /* Changing the api budget leaves its own old lines out of the sum. */
    it_assert_code(
        budget_set(W.mgr, "api", 1, "none after all", zero, NULL, &res), &res,
        PMO_OK);
    it_assert_code(budget_set(W.mgr, "web", 0, "a cent", cent, NULL, &res),
                   &res, PMO_OK);
}

static void test_expense_sums_at_the_limit(void **state)
{
    (void)state;
    pmo_result res;
    it_assert_code(expense_add(W.view, "2026-01-01", "1", "", "", &res), &res,
                   PMO_PERMISSION_DENIED);
    it_assert_code(expense_add(W.con, "2026-01-01", MAX_USD, "", "", &res),
                   &res, PMO_OK);
    it_assert_code(expense_add(W.con, "2026-01-02", "0.01", "", "", &res), &res,
                   PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "expense.amount");
    it_assert_contains(res.message, "past the largest amount");
    it_sql(NULL, 0,
           "DELETE FROM expenses WHERE program_id ="
           " (SELECT id FROM programs WHERE key = 'FIN')");
}

static Pmo__V1__Expense *expense_of(const char *date, const char *amount,
                                    const char *project, Pmo__V1__Expense *e)
{
    pmo__v1__expense__init(e);
    e->spent_on = (char *)date;
    e->amount = (char *)amount;
    e->category = PMO__V1__BUDGET_CATEGORY__BUDGET_VENDORS;
    e->project = (char *)project;
    return e;
}

static void test_import_and_pages(void **state)
{
    (void)state;
    pmo_result res;
    Pmo__V1__Expense e[5], *ep[5];
    /* Entered out of date order; listed by date, then id. */
    static const char *const dates[] = {
        "2026-03-05", "2026-03-01", "2026-03-03", "2026-03-01", "2026-03-09"};
    for (int i = 0; i < 5; i++)
        ep[i] = expense_of(dates[i], "10.25", i % 2 ? "api" : "web", &e[i]);
    Pmo__V1__ImportExpensesRequest in = PMO__V1__IMPORT_EXPENSES_REQUEST__INIT;
    Pmo__V1__ImportExpensesResponse *out = NULL;
    in.program = "FIN";
    in.expenses = ep;
    in.n_expenses = 5;
    in.dry_run = true;
    it_assert_code(pmo_call(W.con, FINANCE, "ImportExpenses", &in.base,
                            (ProtobufCMessage **)&out, &res),
                   &res, PMO_OK);
    assert_int_equal(out->added, 5);
    assert_int_equal(out->total_minor, 5125);
    assert_int_equal(out->n_ids, 0);
    it_work_free(out);
    assert_int_equal(it_work_sql_int("SELECT count(*) FROM expenses"), 0);

    e[3].project = "nope";
    it_assert_code(pmo_call(W.con, FINANCE, "ImportExpenses", &in.base,
                            (ProtobufCMessage **)&out, &res),
                   &res, PMO_NOT_FOUND);
    it_assert_violation(&res, "expenses[3].project");
    e[3].project = "api";
    in.dry_run = false;
    it_assert_code(pmo_call(W.con, FINANCE, "ImportExpenses", &in.base,
                            (ProtobufCMessage **)&out, &res),
                   &res, PMO_OK);
    assert_int_equal(out->n_ids, 5);
    it_work_free(out);
    assert_int_equal(it_work_sql_int("SELECT count(*) FROM audit_log"
                                     " WHERE entity = 'expense'"
                                     " AND method LIKE '%%ImportExpenses'"),
                     5);

    Pmo__V1__ListExpensesRequest list = PMO__V1__LIST_EXPENSES_REQUEST__INIT;
    list.program = "FIN";
    list.from = "";
    list.to = "";
    list.page_size = 2;
    char seen[128] = "";
    for (int page = 0; page < 4; page++) {
        Pmo__V1__ListExpensesResponse *got = NULL;
        it_assert_code(pmo_call(W.view, FINANCE, "ListExpenses", &list.base,
                                (ProtobufCMessage **)&got, &res),
                       &res, PMO_OK);
        assert_int_equal(got->count, 5);
        assert_int_equal(got->total_minor, 5125);
        for (size_t i = 0; i < got->n_expenses; i++)
            snprintf(seen + strlen(seen), sizeof(seen) - strlen(seen), "%s%s",
                     seen[0] ? "," : "", got->expenses[i]->spent_on + 8);
        bool last = got->next_page_token[0] == '\0';
        static char token[32];
        snprintf(token, sizeof(token), "%s", got->next_page_token);
        list.page_token = token;
        it_work_free(got);
        if (last)
            break;
    }
    assert_string_equal(seen, "01,01,03,05,09");

    list.project = "api";
    list.page_token = "";
    list.page_size = 0;
    Pmo__V1__ListExpensesResponse *api = NULL;
    it_assert_code(pmo_call(W.view, FINANCE, "ListExpenses", &list.base,
                            (ProtobufCMessage **)&api, &res),
                   &res, PMO_OK);
    assert_int_equal(api->count, 2);
    it_work_free(api);
    list.project = "";
    list.from = "2026-03-04";
    list.to = "2026-03-02";
    it_assert_code(it_call(W.view, FINANCE, "ListExpenses", &list.base, &res),
                   &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "to");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_budget_roles_and_versions),
        cmocka_unit_test(test_budget_sums_at_the_limit),
        cmocka_unit_test(test_expense_sums_at_the_limit),
        cmocka_unit_test(test_import_and_pages),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
