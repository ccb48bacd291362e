/*
 * server/model/contracts.c - a contract's spend and the state of the work
 * items it pays on and is owed (see contracts.h): two statements.
 */
#include "model/contracts.h"
#include "model/raid.h"

#include <string.h>

/* clang-format off */
DB_STMT(contracts_spent,
        "SELECT coalesce(sum(e.amount_minor), 0)::bigint, count(e.id),"
        "  (SELECT v.name FROM vendors v WHERE v.id = c.vendor_id)"
        "  FROM contracts c LEFT JOIN expenses e ON e.contract_id = c.id"
        " WHERE c.id = $1::bigint GROUP BY c.id");

/* role 1: payment milestone, 2: deliverable. why: '' when not late,
 * 'status' past the status date $2, 'end' past the contract's end. */
DB_STMT(contracts_item_states,
        "SELECT r.role, w.number, w.title, w.state = 4,"
        "  coalesce(to_char(w.planned_finish, 'YYYY-MM-DD'), ''),"
        "  CASE WHEN w.state = 4 OR w.planned_finish IS NULL THEN ''"
        "       WHEN w.planned_finish < $2::date THEN 'status'"
        "       WHEN w.planned_finish > c.end_on THEN 'end'"
        "       ELSE '' END,"
        "  to_char(c.end_on, 'YYYY-MM-DD')"
        "  FROM contracts c"
        "  CROSS JOIN LATERAL ("
        "    SELECT 1 AS role, u.n, u.o"
        "      FROM unnest(c.milestone_numbers) WITH ORDINALITY u(n, o)"
        "    UNION ALL SELECT 2, u.n, u.o"
        "      FROM unnest(c.deliverable_numbers) WITH ORDINALITY u(n, o)) r"
        "  JOIN work_items w ON w.program_id = c.program_id AND w.number = r.n"
        " WHERE c.id = $1::bigint ORDER BY r.role, r.n");
/* clang-format on */

int contracts_spend(rpc_call *call, int64_t id, Pmo__V1__ContractStatus *out)
{
    const char *params[] = {raid_int(call, id)};
    PGresult *res = db_exec(call->db, &contracts_spent, 1, params);
    if (res == NULL) {
        rpc_fail_db(call, "reading the contract's spend");
        return -1;
    }
    if (PQntuples(res) != 1) {
        PQclear(res);
        rpc_fail(call, PMO_NOT_FOUND, "no contract %lld", (long long)id);
        return -1;
    }
    out->spent_minor = db_int64(res, 0, 0);
    out->expenses = (uint32_t)db_int64(res, 0, 1);
    out->vendor = arena_strdup(call->arena, db_text(res, 0, 2));
    PQclear(res);
    return 0;
}

/* Row `row` as an item of program key. */
static Pmo__V1__ContractItem *contracts_item(rpc_call *call, const char *key,
                                             const char *status_date,
                                             const PGresult *res, int row)
{
    Pmo__V1__ContractItem *it = arena_alloc(call->arena, sizeof(*it));
    pmo__v1__contract_item__init(it);
    it->ref = arena_printf(call->arena, "%s-%lld", key,
                           (long long)db_int64(res, row, 1));
    it->title = arena_strdup(call->arena, db_text(res, row, 2));
    it->done = db_bool(res, row, 3);
    it->planned_finish = arena_strdup(call->arena, db_text(res, row, 4));
    const char *why = db_text(res, row, 5);
    it->late = why[0] != '\0';
    if (strcmp(why, "status") == 0)
        it->why = arena_printf(call->arena, "due %s, before the status date %s",
                               it->planned_finish, status_date);
    else if (it->late)
        it->why =
            arena_printf(call->arena, "due %s, after the contract ends %s",
                         it->planned_finish, db_text(res, row, 6));
    return it;
}

int contracts_items(rpc_call *call, int64_t id, const char *key,
                    const char *status_date, Pmo__V1__ContractStatus *out)
{
    const char *params[] = {raid_int(call, id), status_date};
    PGresult *res = db_exec(call->db, &contracts_item_states, 2, params);
    if (res == NULL) {
        rpc_fail_db(call, "reading the contract's work items");
        return -1;
    }
    int n = PQntuples(res);
    size_t room = (size_t)(n ? n : 1) * sizeof(Pmo__V1__ContractItem *);
    out->payment_milestones = arena_alloc(call->arena, room);
    out->deliverables = arena_alloc(call->arena, room);
    for (int row = 0; row < n; row++) {
        Pmo__V1__ContractItem *it =
            contracts_item(call, key, status_date, res, row);
        if (db_int64(res, row, 0) == 1) {
            out->payment_milestones[out->n_payment_milestones++] = it;
            out->late_milestones += it->late;
        } else {
            out->deliverables[out->n_deliverables++] = it;
            out->late_deliverables += it->late;
        }
    }
    PQclear(res);
    return 0;
}
