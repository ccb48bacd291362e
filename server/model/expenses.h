/*
 * server/model/expenses.h - what a program spent (table expenses,
 * migration 0016): each expense on a work item, a project or the program
 * as a whole, in the program's currency.
 *
 * Expenses are written in batches: one expense added is a batch of one,
 * an import a batch of many. A batch's references are checked by one
 * query and its rows, with an audit row each, inserted by one statement,
 * so a batch is all or nothing and costs two round trips however long.
 *
 * Conventions as in model/raid.h; callers have checked access to prog,
 * validated every field (api/finance_fields.h) and, to write, hold the
 * money lock and checked the sum (model/money.h).
 */
#ifndef PMO_SERVER_MODEL_EXPENSES_H
#define PMO_SERVER_MODEL_EXPENSES_H

#include "model/access.h"
#include "pmo/v1/finance.pb-c.h"
#include "rpc/call.h"

#include <stddef.h>
#include <stdint.h>

/* One expense as validated, ready to write. */
typedef struct expense_row {
    const char *path;     /* its request field: "expenses[3]" */
    const char *spent_on; /* "YYYY-MM-DD", "" for today */
    int64_t amount_minor; /* > 0 */
    int category;         /* 1..6 */
    const char *vendor;
    int64_t item_number; /* 0: none */
    const char *item;    /* the ref as given, for messages */
    const char *project; /* key, "" for none (taken from the item) */
    const char *note;
    int64_t contract_id; /* 0: none */
} expense_row;

/*
 * Every item, project and contract the rows name exists in prog; each one
 * missing is a violation of PATH.item, PATH.project or PATH.contract_id
 * (NOT_FOUND). Returns -1 when any is missing.
 */
int expenses_refs_check(rpc_call *call, const program_access *prog,
                        const expense_row *rows, size_t n);

/* Inserts the rows, entered by the caller, and audits each; their ids in
 * order into *ids (the call's arena). */
int expenses_insert(rpc_call *call, const program_access *prog,
                    const expense_row *rows, size_t n, int64_t **ids);

/* What ListExpenses keeps: 0 and "" for no bound. */
typedef struct expense_filter {
    int64_t project_id;
    int category;
    const char *from, *to; /* inclusive dates */
    int64_t only_id;       /* one expense */
} expense_filter;

/*
 * A page of prog's expenses that f keeps, by date then id, after the
 * expense with id after (0: from the start); at most limit + 1.
 */
int expenses_page(rpc_call *call, const program_access *prog,
                  const expense_filter *f, int64_t after, unsigned limit,
                  Pmo__V1__Expense ***out, size_t *n);

/* The sum and count of every expense f keeps. */
int expenses_sum(rpc_call *call, const program_access *prog,
                 const expense_filter *f, int64_t *total, uint32_t *count);

#endif
