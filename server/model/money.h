/*
 * server/model/money.h - what the money of a program must keep: one
 * currency, and sums that fit in minor units (common/money.h).
 *
 * Every write that adds money to a program or changes its currency first
 * takes the program's money lock (an advisory lock held to the end of the
 * transaction), then checks with its own statement, which so sees every
 * write before it committed. That keeps two invariants however writes
 * interleave: the expenses of a program sum to at most MONEY_MAX, and so
 * do the lines of all its budgets; hence every subtotal shown (by
 * project, category, month) fits as well. Work item costs are not summed
 * here and do not take the lock.
 *
 * Conventions as in model/raid.h: functions run on the call's connection
 * and on failure set the call's status and return -1.
 */
#ifndef PMO_SERVER_MODEL_MONEY_H
#define PMO_SERVER_MODEL_MONEY_H

#include "rpc/call.h"

#include <stdbool.h>
#include <stdint.h>

/* Takes the money lock of program_id until the transaction ends. */
int money_lock(rpc_call *call, int64_t program_id);

/* Whether the program holds any money: a work item cost, a budget line
 * or an expense. */
int money_held(rpc_call *call, int64_t program_id, bool *held);

typedef enum money_sum {
    MONEY_SUM_EXPENSES, /* expenses.amount_minor */
    MONEY_SUM_BUDGETS,  /* every amount_minor of every budget's lines */
} money_sum;

/*
 * Whether the program's sum of what, leaving out row except_id (0 for
 * none: a create), plus amount stays within MONEY_MAX. Computed in
 * numeric, which cannot overflow. Take the money lock first.
 */
int money_fits(rpc_call *call, money_sum what, int64_t program_id,
               int64_t except_id, int64_t amount, bool *fits);

/* minor formatted in currency ("1,234.50"), in the call's arena. */
char *money_text(rpc_call *call, int64_t minor, const char *currency);

#endif
