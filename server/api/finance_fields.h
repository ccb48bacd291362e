/*
 * server/api/finance_fields.h - the checks every money field of
 * FinanceService shares: amounts in the program's currency, budget
 * categories, budget months, and the lines of a budget with their sum.
 *
 * Each records a violation naming its field (the request's path, given
 * by the caller) and returns false; none reads the database.
 */
#ifndef PMO_SERVER_API_FINANCE_FIELDS_H
#define PMO_SERVER_API_FINANCE_FIELDS_H

#include "pmo/v1/finance.pb-c.h"
#include "rpc/call.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* More lines than six categories over ten years of months and no month. */
#define FINANCE_LINES_MAX 1000

/* "people, vendors, infrastructure, licences, travel, other". */
extern const char finance_categories_text[];

/* The short name of category ("people"), or "" for none. */
const char *finance_category_name(int category);

/*
 * text as an amount of currency (common/money.h, money_parse_in): given
 * (not empty), not negative, within MONEY_MAX, and in no other currency.
 * A zero amount is allowed only when zero_ok.
 */
bool finance_amount(rpc_call *call, const char *field, const char *text,
                    const char *currency, bool zero_ok, int64_t *out);

/* One of the six categories (0, unspecified, is refused). */
bool finance_category(rpc_call *call, const char *field, int category);

/* "" or "YYYY-MM", month 01 to 12. */
bool finance_month(rpc_call *call, const char *field, const char *month);

/*
 * The lines of a budget: each category known, month well formed, amount
 * an amount of currency (0 allowed), each (category, month) once, and
 * their sum within MONEY_MAX; a sum that would pass it is a violation of
 * the line that takes it there. amounts (room for n) gets each line's
 * minor units, *total the sum. prefix names the repeated field
 * ("lines").
 */
bool finance_lines_check(rpc_call *call, const char *prefix,
                         Pmo__V1__BudgetLine *const *lines, size_t n,
                         const char *currency, int64_t *amounts,
                         int64_t *total);

#endif
