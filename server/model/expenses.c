/*
 * server/model/expenses.c - expense rows: batch reference checks and
 * inserts, pages and sums (see expenses.h).
 */
#include "model/expenses.h"
#include "db/array.h"
#include "model/money.h"
#include "model/raid.h"

#include <stdio.h>
#include <string.h>

/* clang-format off */
/* $2 project keys, $3 item numbers, $4 contract ids, one per row: the
 * rows naming what is not in program $1, with which. */
DB_STMT(expenses_refs,
        "SELECT x.i - 1,"
        "  x.k <> '' AND NOT EXISTS (SELECT 1 FROM projects p"
        "    WHERE p.program_id = $1 AND p.key = x.k),"
        "  x.n <> 0 AND NOT EXISTS (SELECT 1 FROM work_items w"
        "    WHERE w.program_id = $1 AND w.number = x.n),"
        "  x.c <> 0 AND NOT EXISTS (SELECT 1 FROM contracts c"
        "    WHERE c.program_id = $1 AND c.id = x.c)"
        "  FROM unnest($2::text[], $3::bigint[], $4::bigint[])"
        "    WITH ORDINALITY AS x(k, n, c, i)"
        " ORDER BY x.i");

/* An expense on an item counts for the item's project. */
DB_STMT(expenses_add,
        "WITH x AS (SELECT * FROM unnest($2::text[], $3::bigint[], $4::int[],"
        "    $5::text[], $6::bigint[], $7::text[], $8::text[], $13::bigint[])"
        "    WITH ORDINALITY AS x(d, amount, category, vendor, num, project,"
        "    note, contract, i)),"
        " ins AS (INSERT INTO expenses (program_id, spent_on, amount_minor,"
        "    category, vendor, item_number, project_id, note, entered_by,"
        "    contract_id)"
        "  SELECT $1, coalesce(nullif(x.d, '')::date, current_date), x.amount,"
        "    x.category, x.vendor, nullif(x.num, 0),"
        "    CASE WHEN x.num <> 0 THEN (SELECT w.project_id FROM work_items w"
        "        WHERE w.program_id = $1 AND w.number = x.num)"
        "      ELSE (SELECT p.id FROM projects p"
        "        WHERE p.program_id = $1 AND p.key = x.project) END,"
        "    x.note, nullif($9::bigint, 0), nullif(x.contract, 0)"
        "    FROM x ORDER BY x.i RETURNING *),"
        " aud AS (INSERT INTO audit_log (actor_id, actor, method, entity,"
        "    entity_id, before, after, peer, program_id)"
        "  SELECT nullif($9::bigint, 0), $10, $11, 'expense', ins.id::text,"
        "    NULL, jsonb_build_object('id', ins.id, 'spent_on', ins.spent_on,"
        "      'amount_minor', ins.amount_minor, 'category', ins.category,"
        "      'vendor', ins.vendor, 'item_number', ins.item_number,"
        "      'project', (SELECT p.key FROM projects p"
        "                   WHERE p.id = ins.project_id),"
        "      'note', ins.note, 'contract_id', ins.contract_id), $12, $1"
        "    FROM ins)"
        " SELECT ins.id, pg_notify('pmo_audit', '') FROM ins ORDER BY ins.id");

/* The filter's parameters, $2 to $6, as every read of expenses takes
 * them. */
#define EXPENSES_KEPT                                                          \
    " e.program_id = $1 AND ($2::bigint = 0 OR e.project_id = $2)"            \
    " AND ($3::int = 0 OR e.category = $3)"                                    \
    " AND ($4 = '' OR e.spent_on >= $4::date)"                                 \
    " AND ($5 = '' OR e.spent_on <= $5::date)"                                 \
    " AND ($6::bigint = 0 OR e.id = $6)"

DB_STMT(expenses_read,
        "SELECT e.id, to_char(e.spent_on, 'YYYY-MM-DD'), e.amount_minor,"
        "  e.category, e.vendor, coalesce(e.item_number, 0),"
        "  coalesce(p.key, ''), e.note, coalesce(u.username, ''), e.version,"
        "  to_char(e.created_at AT TIME ZONE 'UTC',"
        "          'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
        "  coalesce(e.contract_id, 0)"
        "  FROM expenses e"
        "  LEFT JOIN projects p ON p.id = e.project_id"
        "  LEFT JOIN users u ON u.id = e.entered_by"
        " WHERE" EXPENSES_KEPT
        "   AND ($7::bigint = 0 OR (e.spent_on, e.id) > (SELECT a.spent_on,"
        "        a.id FROM expenses a WHERE a.id = $7))"
        " ORDER BY e.spent_on, e.id LIMIT $8");

DB_STMT(expenses_total,
        "SELECT coalesce(sum(e.amount_minor), 0), count(*) FROM expenses e"
        " WHERE" EXPENSES_KEPT);
/* clang-format on */

/* The column of every row that f picks, as an array literal. */
static char *expenses_column(rpc_call *call, const expense_row *rows, size_t n,
                             const char *(*pick)(rpc_call *,
                                                 const expense_row *))
{
    char **items = arena_alloc(call->arena, (n ? n : 1) * sizeof(*items));
    for (size_t i = 0; i < n; i++)
        items[i] = (char *)pick(call, &rows[i]);
    return db_array_literal(call->arena, items, n);
}

static const char *pick_date(rpc_call *call, const expense_row *r)
{
    (void)call;
    return r->spent_on;
}

static const char *pick_amount(rpc_call *call, const expense_row *r)
{
    return raid_int(call, r->amount_minor);
}

static const char *pick_category(rpc_call *call, const expense_row *r)
{
    return raid_int(call, r->category);
}

static const char *pick_vendor(rpc_call *call, const expense_row *r)
{
    (void)call;
    return r->vendor;
}

static const char *pick_item(rpc_call *call, const expense_row *r)
{
    return raid_int(call, r->item_number);
}

static const char *pick_project(rpc_call *call, const expense_row *r)
{
    (void)call;
    return r->project;
}

static const char *pick_contract(rpc_call *call, const expense_row *r)
{
    return raid_int(call, r->contract_id);
}

static const char *pick_note(rpc_call *call, const expense_row *r)
{
    (void)call;
    return r->note;
}

int expenses_refs_check(rpc_call *call, const program_access *prog,
                        const expense_row *rows, size_t n)
{
    const char *params[] = {
        raid_int(call, prog->id),
        expenses_column(call, rows, n, pick_project),
        expenses_column(call, rows, n, pick_item),
        expenses_column(call, rows, n, pick_contract),
    };
    PGresult *r = db_exec(call->db, &expenses_refs, 4, params);
    if (r == NULL) {
        rpc_fail_db(call, "checking the expenses' items and projects");
        return -1;
    }
    bool missing = false;
    for (int i = 0; i < PQntuples(r); i++) {
        const expense_row *row = &rows[db_int64(r, i, 0)];
        if (db_bool(r, i, 1)) {
            rpc_violation(call,
                          arena_printf(call->arena, "%s.project", row->path),
                          "no project %s in %s", row->project, prog->key);
            missing = true;
        }
        if (db_bool(r, i, 2)) {
            rpc_violation(call, arena_printf(call->arena, "%s.item", row->path),
                          "no work item %s", row->item);
            missing = true;
        }
        if (db_bool(r, i, 3)) {
            rpc_violation(call,
                          arena_printf(call->arena, "%s.contract_id", row->path),
                          "no contract %lld in %s",
                          (long long)row->contract_id, prog->key);
            missing = true;
        }
    }
    PQclear(r);
    if (missing)
        call->status = PMO_NOT_FOUND;
    return missing ? -1 : 0;
}

int expenses_insert(rpc_call *call, const program_access *prog,
                    const expense_row *rows, size_t n, int64_t **ids)
{
    const char *params[] = {
        raid_int(call, prog->id),
        expenses_column(call, rows, n, pick_date),
        expenses_column(call, rows, n, pick_amount),
        expenses_column(call, rows, n, pick_category),
        expenses_column(call, rows, n, pick_vendor),
        expenses_column(call, rows, n, pick_item),
        expenses_column(call, rows, n, pick_project),
        expenses_column(call, rows, n, pick_note),
        raid_int(call, call->who.user_id),
        call->who.username[0] ? call->who.username : "-",
        call->method,
        call->peer,
        expenses_column(call, rows, n, pick_contract),
    };
    PGresult *r = db_exec(call->db, &expenses_add, 13, params);
    if (r == NULL) {
        rpc_fail_db(call, "adding the expenses");
        return -1;
    }
    size_t got = (size_t)PQntuples(r);
    *ids = arena_alloc(call->arena, (got ? got : 1) * sizeof(**ids));
    for (size_t i = 0; i < got; i++)
        (*ids)[i] = db_int64(r, (int)i, 0);
    PQclear(r);
    return 0;
}

/* The filter as $2 to $6 of params (which has room). */
static void expenses_params(rpc_call *call, const program_access *prog,
                            const expense_filter *f, const char **params)
{
    params[0] = raid_int(call, prog->id);
    params[1] = raid_int(call, f->project_id);
    params[2] = raid_int(call, f->category);
    params[3] = f->from;
    params[4] = f->to;
    params[5] = raid_int(call, f->only_id);
}

static Pmo__V1__Expense *expenses_from_row(rpc_call *call,
                                           const program_access *prog,
                                           const PGresult *r, int row)
{
    Pmo__V1__Expense *e = arena_alloc(call->arena, sizeof(*e));
    pmo__v1__expense__init(e);
    e->id = db_int64(r, row, 0);
    e->program = arena_strdup(call->arena, prog->key);
    e->spent_on = arena_strdup(call->arena, db_text(r, row, 1));
    e->amount_minor = db_int64(r, row, 2);
    e->amount = money_text(call, e->amount_minor, prog->currency);
    e->category = (Pmo__V1__BudgetCategory)db_int64(r, row, 3);
    e->vendor = arena_strdup(call->arena, db_text(r, row, 4));
    int64_t number = db_int64(r, row, 5);
    e->item = number ? arena_printf(call->arena, "%s-%lld", prog->key,
                                    (long long)number)
                     : "";
    e->project = arena_strdup(call->arena, db_text(r, row, 6));
    e->note = arena_strdup(call->arena, db_text(r, row, 7));
    e->entered_by = arena_strdup(call->arena, db_text(r, row, 8));
    e->version = db_int64(r, row, 9);
    e->created_at = arena_strdup(call->arena, db_text(r, row, 10));
    e->contract_id = db_int64(r, row, 11);
    e->currency = arena_strdup(call->arena, prog->currency);
    return e;
}

int expenses_page(rpc_call *call, const program_access *prog,
                  const expense_filter *f, int64_t after, unsigned limit,
                  Pmo__V1__Expense ***out, size_t *n)
{
    const char *params[8];
    expenses_params(call, prog, f, params);
    params[6] = raid_int(call, after);
    params[7] = raid_int(call, (int64_t)limit + 1);
    PGresult *r = db_exec(call->db, &expenses_read, 8, params);
    if (r == NULL) {
        rpc_fail_db(call, "listing the expenses");
        return -1;
    }
    *n = (size_t)PQntuples(r);
    *out = arena_alloc(call->arena, (*n ? *n : 1) * sizeof(**out));
    for (size_t i = 0; i < *n; i++)
        (*out)[i] = expenses_from_row(call, prog, r, (int)i);
    PQclear(r);
    return 0;
}

int expenses_sum(rpc_call *call, const program_access *prog,
                 const expense_filter *f, int64_t *total, uint32_t *count)
{
    const char *params[6];
    expenses_params(call, prog, f, params);
    PGresult *r = db_exec(call->db, &expenses_total, 6, params);
    if (r == NULL) {
        rpc_fail_db(call, "summing the expenses");
        return -1;
    }
    *total = db_int64(r, 0, 0);
    *count = (uint32_t)db_int64(r, 0, 1);
    PQclear(r);
    return 0;
}
