/*
 * server/model/budgets.h - the budgets of a program and of its projects,
 * and every version each has had (tables budgets and budget_versions,
 * migration 0016).
 *
 * A budget is its lines, a jsonb array of {category, month, amount_minor}
 * (month "YYYY-MM" or ""), with the reason its version was set. Setting a
 * budget replaces its lines and bumps its version; the statement that
 * does it also writes the new version to budget_versions, so the history
 * holds every version, the current one last.
 *
 * Conventions as in model/raid.h: functions run on the call's connection,
 * leave results in the call's arena, and on failure set the call's status
 * and return -1. Callers have checked access to prog and validated every
 * field (api/finance_fields.h); writers hold the money lock
 * (model/money.h).
 */
#ifndef PMO_SERVER_MODEL_BUDGETS_H
#define PMO_SERVER_MODEL_BUDGETS_H

#include "model/access.h"
#include "pmo/v1/finance.pb-c.h"
#include "rpc/call.h"

#include <stddef.h>
#include <stdint.h>

/*
 * The id of project key in prog into *id, 0 when key is "". NOT_FOUND
 * "no project KEY in PROGRAM" and a violation of field when there is none.
 */
int budget_project_find(rpc_call *call, const program_access *prog,
                        const char *field, const char *key, int64_t *id);

/*
 * The budget of prog's project project_id (0: the program's own) into
 * *out with its id in *budget_id; *out NULL and *budget_id 0 when none
 * has been set. Lines by category, then month.
 */
int budgets_get(rpc_call *call, const program_access *prog, int64_t project_id,
                int64_t *budget_id, Pmo__V1__Budget **out);

/*
 * Sets the lines (amounts[i] the minor units of lines[i]) and reason of
 * the budget of project (key; its id project_id, 0 for none), creating it when
 * budget_id is 0 or else changing it at its version expected, and appends the
 * version to the history and the change to the audit trail. *out is the budget
 * as set.
 */
int budgets_set(rpc_call *call, const program_access *prog, const char *project,
                int64_t project_id, int64_t budget_id, int64_t expected,
                Pmo__V1__BudgetLine *const *lines, const int64_t *amounts,
                size_t n, const char *reason, Pmo__V1__Budget **out);

/* Budget budget_id's versions, oldest first, after history id after; at
 * most limit + 1. */
int budgets_versions(rpc_call *call, const program_access *prog,
                     int64_t budget_id, int64_t after, unsigned limit,
                     Pmo__V1__BudgetVersion ***out, size_t *n);

#endif
