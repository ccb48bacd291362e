/*
 * server/api/finance_fields.c - money fields of FinanceService: amounts,
 * categories, months, budget lines (see finance_fields.h).
 */
#include "api/finance_fields.h"
#include "common/money.h"

#include <stdio.h>
#include <string.h>

static const char *const finance_category_names[] = {
    [PMO__V1__BUDGET_CATEGORY__BUDGET_PEOPLE] = "people",
    [PMO__V1__BUDGET_CATEGORY__BUDGET_VENDORS] = "vendors",
    [PMO__V1__BUDGET_CATEGORY__BUDGET_INFRASTRUCTURE] = "infrastructure",
    [PMO__V1__BUDGET_CATEGORY__BUDGET_LICENCES] = "licences",
    [PMO__V1__BUDGET_CATEGORY__BUDGET_TRAVEL] = "travel",
    [PMO__V1__BUDGET_CATEGORY__BUDGET_OTHER] = "other",
};
#define FINANCE_N_CATEGORIES                                                   \
    (sizeof(finance_category_names) / sizeof(finance_category_names[0]))

const char finance_categories_text[] =
    "people, vendors, infrastructure, licences, travel, other";

const char *finance_category_name(int category)
{
    if (category <= 0 || (size_t)category >= FINANCE_N_CATEGORIES)
        return "";
    return finance_category_names[category];
}

bool finance_amount(rpc_call *call, const char *field, const char *text,
                    const char *currency, bool zero_ok, int64_t *out)
{
    char why[200];
    if (text[0] == '\0') {
        rpc_violation(call, field, "is required: an amount in %s", currency);
        return false;
    }
    if (money_parse_in(text, currency, out, why, sizeof(why)) != 0) {
        rpc_violation(call, field, "%s", why);
        return false;
    }
    if (*out == 0 && !zero_ok) {
        rpc_violation(call, field, "must be more than 0 (got %.40s)", text);
        return false;
    }
    return true;
}

bool finance_category(rpc_call *call, const char *field, int category)
{
    if (finance_category_name(category)[0])
        return true;
    rpc_violation(call, field, "must be one of %s (got %d)",
                  finance_categories_text, category);
    return false;
}

bool finance_month(rpc_call *call, const char *field, const char *month)
{
    int y, m, n = 0;
    if (month[0] == '\0')
        return true;
    if (strlen(month) == 7 && month[4] == '-' &&
        sscanf(month, "%4d-%2d%n", &y, &m, &n) == 2 && n == 7 && y >= 1900 &&
        m >= 1 && m <= 12)
        return true;
    rpc_violation(call, field,
                  "must be a month written YYYY-MM (01 to 12), or empty for "
                  "no month, not \"%.20s\"",
                  month);
    return false;
}

bool finance_lines_check(rpc_call *call, const char *prefix,
                         Pmo__V1__BudgetLine *const *lines, size_t n,
                         const char *currency, int64_t *amounts, int64_t *total)
{
    if (n > FINANCE_LINES_MAX) {
        rpc_violation(call, prefix, "must hold at most %d lines (got %zu)",
                      FINANCE_LINES_MAX, n);
        return false;
    }
    bool ok = true;
    int64_t sum = 0;
    for (size_t i = 0; i < n; i++) {
        const Pmo__V1__BudgetLine *l = lines[i];
        const char *at = arena_printf(call->arena, "%s[%zu]", prefix, i);
        bool line_ok = finance_category(
            call, arena_printf(call->arena, "%s.category", at), l->category);
        line_ok &= finance_month(
            call, arena_printf(call->arena, "%s.month", at), l->month);
        const char *amount = arena_printf(call->arena, "%s.amount", at);
        line_ok &= finance_amount(call, amount, l->amount, currency, true,
                                  &amounts[i]);
        for (size_t j = 0; line_ok && j < i; j++)
            if (lines[j]->category == l->category &&
                strcmp(lines[j]->month, l->month) == 0) {
                rpc_violation(call, at, "repeats %s in %s (%s[%zu])",
                              finance_category_name(l->category),
                              l->month[0] ? l->month : "no month", prefix, j);
                line_ok = false;
            }
        if (line_ok && ok && money_add(&sum, amounts[i]) != 0) {
            rpc_violation(call, amount,
                          "takes the sum of the lines past the largest "
                          "amount, %lld minor units of %s",
                          (long long)MONEY_MAX, currency);
            line_ok = false;
        }
        ok &= line_ok;
    }
    if (ok)
        *total = sum;
    return ok;
}
