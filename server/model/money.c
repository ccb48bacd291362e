/* server/model/money.c - the money lock and the sums it guards. */
#include "model/money.h"
#include "model/raid.h"
#include "common/money.h"

/* Any fixed number: the money lock's class; the program id is the key. */
DB_STMT(money_lock_take, "SELECT pg_advisory_xact_lock(1836019321,"
                         " ($1::bigint % 2147483647)::int)");

DB_STMT(money_held_in,
        "SELECT EXISTS (SELECT 1 FROM work_items"
        "               WHERE program_id = $1 AND planned_cost_minor > 0)"
        " OR EXISTS (SELECT 1 FROM expenses WHERE program_id = $1)"
        " OR EXISTS (SELECT 1 FROM budgets b, jsonb_array_elements(b.lines) l"
        "            WHERE b.program_id = $1"
        "              AND (l->>'amount_minor')::numeric > 0)");

#define MONEY_MAX_SQL "9223372036854775807"

DB_STMT(money_fits_expenses,
        "SELECT coalesce(sum(amount_minor), 0) + $3::numeric"
        "   <= " MONEY_MAX_SQL
        " FROM expenses WHERE program_id = $1 AND id <> $2");

DB_STMT(money_fits_budgets,
        "SELECT coalesce(sum((l->>'amount_minor')::numeric), 0)"
        "   + $3::numeric <= " MONEY_MAX_SQL
        " FROM budgets b, jsonb_array_elements(b.lines) l"
        " WHERE b.program_id = $1 AND b.id <> $2");

int money_lock(rpc_call *call, int64_t program_id)
{
    const char *params[] = {raid_int(call, program_id)};
    if (db_exec_command(call->db, &money_lock_take, 1, params) != 0) {
        rpc_fail_db(call, "locking the program's money");
        return -1;
    }
    return 0;
}

/* The one bool of stmt over params. */
static int money_bool(rpc_call *call, db_stmt *stmt, int n,
                      const char *const *params, bool *out)
{
    PGresult *r = db_exec(call->db, stmt, n, params);
    if (r == NULL) {
        rpc_fail_db(call, "summing the program's money");
        return -1;
    }
    *out = db_bool(r, 0, 0);
    PQclear(r);
    return 0;
}

int money_held(rpc_call *call, int64_t program_id, bool *held)
{
    const char *params[] = {raid_int(call, program_id)};
    return money_bool(call, &money_held_in, 1, params, held);
}

int money_fits(rpc_call *call, money_sum what, int64_t program_id,
               int64_t except_id, int64_t amount, bool *fits)
{
    const char *params[] = {raid_int(call, program_id),
                            raid_int(call, except_id), raid_int(call, amount)};
    return money_bool(call,
                      what == MONEY_SUM_EXPENSES ? &money_fits_expenses
                                                 : &money_fits_budgets,
                      3, params, fits);
}

char *money_text(rpc_call *call, int64_t minor, const char *currency)
{
    char text[MONEY_TEXT];
    money_format(minor, money_exponent(currency), text, sizeof(text));
    return arena_strdup(call->arena, text);
}
