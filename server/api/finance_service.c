/*
 * server/api/finance_service.c - pmo.v1.FinanceService: the budgets of a
 * program and its projects, with every version kept, and its expenses
 * (finance.proto). Viewers read; managers and owners set budgets;
 * contributors add and import expenses. Each write first takes the
 * program's money lock and checks that the program's sums stay within
 * MONEY_MAX (model/money.h), then writes and audits in one transaction.
 *
 * Budgets and expenses are not record kinds (model/record.h): a budget
 * is a list of lines replaced whole with a reason, an expense write is a
 * batch (an import adds many, all or nothing), and both need the money
 * lock and the sum checks before they write.
 */
#include "api/fields.h"
#include "api/finance_fields.h"
#include "api/services.h"
#include "api/validate.h"
#include "common/money.h"
#include "model/access.h"
#include "model/budgets.h"
#include "model/expenses.h"
#include "model/money.h"
#include "model/raid.h"
#include "pmo/v1/finance.pb-c.h"
#include "rpc/call.h"

#include <string.h>

#define FINANCE_KEY_MAX    64
#define FINANCE_REASON_MAX 2000
#define FINANCE_VENDOR_MAX 200
#define FINANCE_NOTE_MAX   2000
#define FINANCE_IMPORT_MAX 10000

/* ------------------------------------------------------------ shared */

/* The program named by key, with at least need. */
static int finance_program(rpc_call *call, const char *field, const char *key,
                           access_role need, program_access *prog)
{
    if (!validate_length(call, field, key, 1, FINANCE_KEY_MAX))
        return -1;
    return access_program(call, key, need, prog);
}

/* The project key of a request (may be "") as its id. */
static int finance_project(rpc_call *call, const program_access *prog,
                           const char *field, const char *key, int64_t *id)
{
    if (!validate_length(call, field, key, 0, FINANCE_KEY_MAX))
        return -1;
    return budget_project_find(call, prog, field, key, id);
}

/* "the budget of CHKOUT" or "the budget of project WEB in CHKOUT". */
static const char *finance_budget_name(rpc_call *call,
                                       const program_access *prog,
                                       const char *project)
{
    if (project[0])
        return arena_printf(call->arena, "the budget of project %s in %s",
                            project, prog->key);
    return arena_printf(call->arena, "the budget of %s", prog->key);
}

/* Adding amount to the program's sum of what (leaving out row except_id)
 * stays within MONEY_MAX. The caller holds the money lock. */
static int finance_fits(rpc_call *call, const program_access *prog,
                        money_sum what, int64_t except_id, int64_t amount,
                        const char *field)
{
    bool fits;
    if (money_fits(call, what, prog->id, except_id, amount, &fits) != 0)
        return -1;
    if (fits)
        return 0;
    rpc_violation(call, field,
                  "would take the %s of %s past the largest amount, %lld "
                  "minor units of %s",
                  what == MONEY_SUM_EXPENSES ? "expenses" : "budgets",
                  prog->key, (long long)MONEY_MAX, prog->currency);
    return -1;
}

/* ------------------------------------------------------------ budgets */

static bool finance_budget_valid(rpc_call *call, const program_access *prog,
                                 const Pmo__V1__SetBudgetRequest *in,
                                 int64_t *amounts, int64_t *total)
{
    bool ok = validate_text(call, "reason", in->reason, 1, FINANCE_REASON_MAX);
    ok &= finance_lines_check(call, "lines", in->lines, in->n_lines,
                              prog->currency, amounts, total);
    if (in->expected_version < 0) {
        rpc_violation(call, "expected_version",
                      "must be 0 (a new budget) or the version read");
        ok = false;
    }
    return ok;
}

/* expected is the version of cur, or 0 when there is none yet. */
static bool finance_budget_current(rpc_call *call, const char *name,
                                   const Pmo__V1__Budget *cur, int64_t expected)
{
    if (cur == NULL && expected != 0) {
        rpc_fail(call, PMO_ABORTED,
                 "%s is not set yet: give expected_version 0 to set it", name);
        return false;
    }
    if (cur && cur->version != expected) {
        fields_stale(call, name, cur->version, expected);
        return false;
    }
    return true;
}

static void finance_set_budget(Pmo__V1__FinanceService_Service *svc,
                               const Pmo__V1__SetBudgetRequest *in,
                               Pmo__V1__Budget_Closure done, void *data)
{
    rpc_call *call = data;
    program_access prog;
    int64_t project_id, budget_id, total = 0;
    Pmo__V1__Budget *cur, *out;
    (void)svc;
    if (finance_program(call, "program", in->program, ACCESS_MANAGER, &prog) !=
        0) {
        done(NULL, data);
        return;
    }
    int64_t *amounts = arena_alloc(
        call->arena, (in->n_lines ? in->n_lines : 1) * sizeof(*amounts));
    const char *name = finance_budget_name(call, &prog, in->project);
    if (!finance_budget_valid(call, &prog, in, amounts, &total) ||
        finance_project(call, &prog, "project", in->project, &project_id) !=
            0 ||
        money_lock(call, prog.id) != 0 ||
        budgets_get(call, &prog, project_id, &budget_id, &cur) != 0 ||
        !finance_budget_current(call, name, cur, in->expected_version) ||
        finance_fits(call, &prog, MONEY_SUM_BUDGETS, budget_id, total,
                     "lines") != 0 ||
        budgets_set(call, &prog, in->project, project_id, budget_id,
                    in->expected_version, in->lines, amounts, in->n_lines,
                    in->reason, &out) != 0) {
        done(NULL, data);
        return;
    }
    out->project = in->project;
    done(out, data);
}

static void finance_get_budget(Pmo__V1__FinanceService_Service *svc,
                               const Pmo__V1__GetBudgetRequest *in,
                               Pmo__V1__Budget_Closure done, void *data)
{
    rpc_call *call = data;
    program_access prog;
    int64_t project_id, budget_id;
    Pmo__V1__Budget *out;
    (void)svc;
    if (finance_program(call, "program", in->program, ACCESS_VIEWER, &prog) !=
            0 ||
        finance_project(call, &prog, "project", in->project, &project_id) !=
            0 ||
        budgets_get(call, &prog, project_id, &budget_id, &out) != 0) {
        done(NULL, data);
        return;
    }
    if (out == NULL) {
        rpc_fail(call, PMO_NOT_FOUND, "%s is not set yet",
                 finance_budget_name(call, &prog, in->project));
        done(NULL, data);
        return;
    }
    out->project = in->project;
    done(out, data);
}

static void
finance_list_budget_versions(Pmo__V1__FinanceService_Service *svc,
                             const Pmo__V1__ListBudgetVersionsRequest *in,
                             Pmo__V1__ListBudgetVersionsResponse_Closure done,
                             void *data)
{
    rpc_call *call = data;
    program_access prog;
    int64_t project_id, budget_id, after;
    unsigned limit;
    Pmo__V1__Budget *cur;
    Pmo__V1__ListBudgetVersionsResponse out =
        PMO__V1__LIST_BUDGET_VERSIONS_RESPONSE__INIT;
    (void)svc;
    if (finance_program(call, "program", in->program, ACCESS_VIEWER, &prog) !=
            0 ||
        finance_project(call, &prog, "project", in->project, &project_id) !=
            0 ||
        !fields_page_size(call, in->page_size, &limit) ||
        !fields_page_token(call, in->page_token, &after) ||
        budgets_get(call, &prog, project_id, &budget_id, &cur) != 0 ||
        (budget_id && budgets_versions(call, &prog, budget_id, after, limit,
                                       &out.versions, &out.n_versions) != 0)) {
        done(NULL, data);
        return;
    }
    if (out.n_versions > limit) {
        out.n_versions = limit;
        out.next_page_token =
            fields_page_token_make(call, out.versions[limit - 1]->id);
    }
    out.currency = prog.currency;
    done(&out, data);
}

/* ------------------------------------------------------------ expenses */

/* Checks expense e (its field path), filling row. */
static bool finance_expense_valid(rpc_call *call, const program_access *prog,
                                  const char *path, const Pmo__V1__Expense *e,
                                  expense_row *row)
{
#define AT(f) arena_printf(call->arena, "%s." f, path)
    memset(row, 0, sizeof(*row));
    row->path = path;
    row->spent_on = e->spent_on;
    row->category = (int)e->category;
    row->vendor = e->vendor;
    row->item = e->item;
    row->project = e->project;
    row->note = e->note;
    row->contract_id = e->contract_id;
    bool ok = fields_date(call, AT("spent_on"), e->spent_on);
    if (e->contract_id < 0) {
        rpc_violation(call, AT("contract_id"), "must be a contract id or 0");
        ok = false;
    }
    ok &= finance_amount(call, AT("amount"), e->amount, prog->currency, false,
                         &row->amount_minor);
    ok &= finance_category(call, AT("category"), e->category);
    ok &= validate_length(call, AT("vendor"), e->vendor, 0, FINANCE_VENDOR_MAX);
    ok &= validate_text(call, AT("note"), e->note, 0, FINANCE_NOTE_MAX);
    ok &= validate_length(call, AT("project"), e->project, 0, FINANCE_KEY_MAX);
    if (e->item[0] &&
        (row->item_number = raid_ref_number(prog->key, e->item)) == 0) {
        rpc_violation(call, AT("item"),
                      "must be a work item ref of %s (like %s-42), not "
                      "\"%.40s\"",
                      prog->key, prog->key, e->item);
        ok = false;
    }
    if (e->item[0] && e->project[0]) {
        rpc_violation(call, AT("project"),
                      "give the item or the project, not both: an expense "
                      "on an item counts for the item's project");
        ok = false;
    }
    return ok;
#undef AT
}

/*
 * Checks and, unless dry_run, adds the expenses of in[0..n) to prog, all
 * or none; path(i) names each in violations. Their ids into *ids (NULL on
 * a dry run), their sum into *total.
 */
static int finance_expenses_add(rpc_call *call, const program_access *prog,
                                Pmo__V1__Expense *const *in, size_t n,
                                const char *list_field, bool dry_run,
                                int64_t **ids, int64_t *total)
{
    expense_row *rows = arena_alloc(call->arena, (n ? n : 1) * sizeof(*rows));
    bool ok = true;
    *total = 0;
    for (size_t i = 0; i < n; i++) {
        const char *path =
            list_field[0] == '\0'
                ? "expense"
                : arena_printf(call->arena, "%s[%zu]", list_field, i);
        bool valid = finance_expense_valid(call, prog, path, in[i], &rows[i]);
        if (valid && ok && money_add(total, rows[i].amount_minor) != 0) {
            rpc_violation(call, arena_printf(call->arena, "%s.amount", path),
                          "takes the sum of the expenses past the largest "
                          "amount, %lld minor units of %s",
                          (long long)MONEY_MAX, prog->currency);
            valid = false;
        }
        ok &= valid;
    }
    *ids = NULL;
    if (!ok || expenses_refs_check(call, prog, rows, n) != 0 ||
        money_lock(call, prog->id) != 0 ||
        finance_fits(call, prog, MONEY_SUM_EXPENSES, 0, *total,
                     list_field[0] ? list_field : "expense.amount") != 0)
        return -1;
    if (dry_run)
        return 0;
    return expenses_insert(call, prog, rows, n, ids);
}

static void finance_add_expense(Pmo__V1__FinanceService_Service *svc,
                                const Pmo__V1__AddExpenseRequest *in,
                                Pmo__V1__Expense_Closure done, void *data)
{
    rpc_call *call = data;
    program_access prog;
    int64_t *ids, total;
    Pmo__V1__Expense **rows;
    size_t n;
    (void)svc;
    if (in->expense == NULL) {
        rpc_violation(call, "expense", "is required");
        done(NULL, data);
        return;
    }
    expense_filter only = {.from = "", .to = ""};
    if (finance_program(call, "expense.program", in->expense->program,
                        ACCESS_CONTRIBUTOR, &prog) != 0 ||
        finance_expenses_add(call, &prog, &in->expense, 1, "", false, &ids,
                             &total) != 0) {
        done(NULL, data);
        return;
    }
    only.only_id = ids[0];
    if (expenses_page(call, &prog, &only, 0, 1, &rows, &n) != 0 || n != 1) {
        if (!rpc_failed(call))
            rpc_fail(call, PMO_INTERNAL, "the expense added cannot be read");
        done(NULL, data);
        return;
    }
    done(rows[0], data);
}

static void
finance_import_expenses(Pmo__V1__FinanceService_Service *svc,
                        const Pmo__V1__ImportExpensesRequest *in,
                        Pmo__V1__ImportExpensesResponse_Closure done,
                        void *data)
{
    rpc_call *call = data;
    program_access prog;
    Pmo__V1__ImportExpensesResponse out =
        PMO__V1__IMPORT_EXPENSES_RESPONSE__INIT;
    int64_t *ids;
    (void)svc;
    if (finance_program(call, "program", in->program, ACCESS_CONTRIBUTOR,
                        &prog) != 0) {
        done(NULL, data);
        return;
    }
    if (in->n_expenses == 0 || in->n_expenses > FINANCE_IMPORT_MAX) {
        rpc_violation(call, "expenses", "must hold 1 to %d expenses (got %zu)",
                      FINANCE_IMPORT_MAX, in->n_expenses);
        done(NULL, data);
        return;
    }
    if (finance_expenses_add(call, &prog, in->expenses, in->n_expenses,
                             "expenses", in->dry_run, &ids,
                             &out.total_minor) != 0) {
        done(NULL, data);
        return;
    }
    out.added = (uint32_t)in->n_expenses;
    out.total = money_text(call, out.total_minor, prog.currency);
    out.currency = prog.currency;
    out.ids = ids;
    out.n_ids = ids ? in->n_expenses : 0;
    done(&out, data);
}

static void finance_list_expenses(Pmo__V1__FinanceService_Service *svc,
                                  const Pmo__V1__ListExpensesRequest *in,
                                  Pmo__V1__ListExpensesResponse_Closure done,
                                  void *data)
{
    rpc_call *call = data;
    program_access prog;
    Pmo__V1__ListExpensesResponse out = PMO__V1__LIST_EXPENSES_RESPONSE__INIT;
    expense_filter f = {
        .category = (int)in->category, .from = in->from, .to = in->to};
    unsigned limit;
    int64_t after;
    (void)svc;
    if (finance_program(call, "program", in->program, ACCESS_VIEWER, &prog) !=
            0 ||
        finance_project(call, &prog, "project", in->project, &f.project_id) !=
            0 ||
        (in->category != 0 &&
         !finance_category(call, "category", in->category)) ||
        !fields_date_range(call, "from", in->from, "to", in->to) ||
        !fields_page_size(call, in->page_size, &limit) ||
        !fields_page_token(call, in->page_token, &after) ||
        expenses_page(call, &prog, &f, after, limit, &out.expenses,
                      &out.n_expenses) != 0 ||
        expenses_sum(call, &prog, &f, &out.total_minor, &out.count) != 0) {
        done(NULL, data);
        return;
    }
    if (out.n_expenses > limit) {
        out.n_expenses = limit;
        out.next_page_token =
            fields_page_token_make(call, out.expenses[limit - 1]->id);
    }
    out.total = money_text(call, out.total_minor, prog.currency);
    out.currency = prog.currency;
    done(&out, data);
}

/* ------------------------------------------------------------ service */

static Pmo__V1__FinanceService_Service finance_impl =
    PMO__V1__FINANCE_SERVICE__INIT(finance_);

static const rpc_method_policy finance_policies[] = {
    {"SetBudget", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"GetBudget", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"ListBudgetVersions", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"AddExpense", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"ListExpenses", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"ImportExpenses", RPC_ACCESS_SESSION, RPC_WRITES, 0},
};

const rpc_service api_finance_service = {
    .impl = &finance_impl.base,
    .policies = finance_policies,
    .n_policies = sizeof(finance_policies) / sizeof(finance_policies[0]),
};
