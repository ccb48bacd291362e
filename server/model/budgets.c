/*
 * server/model/budgets.c - budget rows, their versions and their lines
 * (see budgets.h).
 */
#include "model/budgets.h"
#include "audit/audit.h"
#include "common/money.h"
#include "model/money.h"
#include "model/raid.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* clang-format off */
/* The lines of the budget row at alias a, "category|month|minor" joined
 * by ';' in category, then month order: what budget_lines_split reads. */
#define BUDGET_LINES(a)                                                        \
    "(SELECT coalesce(string_agg(concat_ws('|', l->>'category',"               \
    " l->>'month', l->>'amount_minor'), ';' ORDER BY"                          \
    " (l->>'category')::int, l->>'month'), '')"                                \
    " FROM jsonb_array_elements(" a ".lines) l)"

#define BUDGET_WHEN(t)                                                         \
    "to_char(" t " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

DB_STMT(budget_project_id,
        "SELECT id FROM projects WHERE program_id = $1 AND key = $2");

DB_STMT(budgets_read,
        "SELECT b.id, b.version, b.reason, " BUDGET_LINES("b") ","
        " coalesce(u.username, ''), coalesce(" BUDGET_WHEN("v.changed_at") ", '')"
        "  FROM budgets b"
        "  LEFT JOIN LATERAL (SELECT * FROM budget_versions v"
        "                      WHERE v.budget_id = b.id"
        "                      ORDER BY v.id DESC LIMIT 1) v ON true"
        "  LEFT JOIN users u ON u.id = v.changed_by"
        " WHERE b.program_id = $1 AND coalesce(b.project_id, 0) = $2");

/*
 * $3 the budget's id (0: create it), $4 the version expected; the new
 * version row and the audit texts (before and after) come back with it.
 */
DB_STMT(budgets_write,
        "WITH cur AS (SELECT b.* FROM budgets b WHERE b.id = $3 FOR UPDATE),"
        " ins AS (INSERT INTO budgets (program_id, project_id, lines, reason)"
        "   SELECT $1, nullif($2::bigint, 0), $5::jsonb, $6"
        "    WHERE $3::bigint = 0 RETURNING *),"
        " upd AS (UPDATE budgets b SET lines = $5::jsonb, reason = $6,"
        "   version = b.version + 1 FROM cur"
        "   WHERE b.id = cur.id AND cur.version = $4 RETURNING b.*),"
        " row AS (SELECT * FROM ins UNION ALL SELECT * FROM upd),"
        " ver AS (INSERT INTO budget_versions (budget_id, changed_by,"
        "   old_version, new_version, reason, lines)"
        "   SELECT row.id, nullif($7::bigint, 0), (SELECT version FROM cur),"
        "     row.version, row.reason, row.lines FROM row"
        "   RETURNING changed_at)"
        " SELECT row.id, row.version, " BUDGET_WHEN("ver.changed_at") ","
        "   (SELECT jsonb_build_object('version', cur.version,"
        "      'reason', cur.reason, 'lines', cur.lines)::text FROM cur),"
        "   jsonb_build_object('project', $8::text, 'version', row.version,"
        "      'reason', row.reason, 'lines', row.lines)::text"
        "  FROM row, ver");

DB_STMT(budgets_history,
        "SELECT v.id, coalesce(v.old_version, 0), v.new_version,"
        "  coalesce(u.username, ''), " BUDGET_WHEN("v.changed_at") ","
        "  v.reason, " BUDGET_LINES("v")
        "  FROM budget_versions v LEFT JOIN users u ON u.id = v.changed_by"
        " WHERE v.budget_id = $1 AND v.id > $2 ORDER BY v.id LIMIT $3");
/* clang-format on */

int budget_project_find(rpc_call *call, const program_access *prog,
                        const char *field, const char *key, int64_t *id)
{
    if (key[0] == '\0') {
        *id = 0;
        return 0;
    }
    const char *params[] = {raid_int(call, prog->id), key};
    PGresult *r = db_exec(call->db, &budget_project_id, 2, params);
    if (r == NULL) {
        rpc_fail_db(call, "finding the project");
        return -1;
    }
    bool found = PQntuples(r) == 1;
    if (found)
        *id = db_int64(r, 0, 0);
    PQclear(r);
    if (found)
        return 0;
    rpc_violation(call, field, "no project %s in %s", key, prog->key);
    call->status = PMO_NOT_FOUND;
    call->message =
        arena_printf(call->arena, "no project %s in %s", key, prog->key);
    return -1;
}

/*
 * Splits BUDGET_LINES text into lines of currency, formatted, with their
 * sum (which fits: every write checked it).
 */
static Pmo__V1__BudgetLine **budget_lines_split(rpc_call *call,
                                                const char *text,
                                                const char *currency, size_t *n,
                                                int64_t *total)
{
    size_t count = text[0] ? 1 : 0;
    for (const char *p = text; *p; p++)
        count += *p == ';';
    Pmo__V1__BudgetLine **lines =
        arena_alloc(call->arena, (count ? count : 1) * sizeof(*lines));
    *total = 0;
    const char *p = text;
    for (size_t i = 0; i < count; i++) {
        Pmo__V1__BudgetLine *l = arena_alloc(call->arena, sizeof(*l));
        pmo__v1__budget_line__init(l);
        char *end;
        l->category = (Pmo__V1__BudgetCategory)strtol(p, &end, 10);
        const char *month = end + (*end == '|');
        size_t mlen = strcspn(month, "|;");
        l->month = arena_strndup(call->arena, month, mlen);
        const char *amount = month + mlen + (month[mlen] == '|');
        l->amount_minor = strtoll(amount, &end, 10);
        l->amount = money_text(call, l->amount_minor, currency);
        money_add(total, l->amount_minor);
        lines[i] = l;
        p = end + (*end == ';');
    }
    *n = count;
    return lines;
}

int budgets_get(rpc_call *call, const program_access *prog, int64_t project_id,
                int64_t *budget_id, Pmo__V1__Budget **out)
{
    const char *params[] = {raid_int(call, prog->id),
                            raid_int(call, project_id)};
    PGresult *r = db_exec(call->db, &budgets_read, 2, params);
    if (r == NULL) {
        rpc_fail_db(call, "reading the budget");
        return -1;
    }
    *out = NULL;
    *budget_id = 0;
    if (PQntuples(r) == 1) {
        Pmo__V1__Budget *b = arena_alloc(call->arena, sizeof(*b));
        pmo__v1__budget__init(b);
        *budget_id = db_int64(r, 0, 0);
        b->program = arena_strdup(call->arena, prog->key);
        b->version = db_int64(r, 0, 1);
        b->reason = arena_strdup(call->arena, db_text(r, 0, 2));
        b->currency = arena_strdup(call->arena, prog->currency);
        b->lines = budget_lines_split(call, db_text(r, 0, 3), prog->currency,
                                      &b->n_lines, &b->total_minor);
        b->total = money_text(call, b->total_minor, prog->currency);
        b->changed_by = arena_strdup(call->arena, db_text(r, 0, 4));
        b->changed_at = arena_strdup(call->arena, db_text(r, 0, 5));
        *out = b;
    }
    PQclear(r);
    return 0;
}

/* The lines as the jsonb the table keeps: numbers and checked months. */
static char *budget_lines_json(rpc_call *call,
                               Pmo__V1__BudgetLine *const *lines,
                               const int64_t *amounts, size_t n)
{
    /* Each line is under 80 bytes: two numbers and a 7-byte month. */
    size_t cap = 3 + n * 80, at = 0;
    char *json = arena_alloc(call->arena, cap);
    json[at++] = '[';
    for (size_t i = 0; i < n; i++)
        at += (size_t)snprintf(json + at, cap - at,
                               "%s{\"category\":%d,\"month\":\"%.7s\","
                               "\"amount_minor\":%lld}",
                               i ? "," : "", (int)lines[i]->category,
                               lines[i]->month, (long long)amounts[i]);
    snprintf(json + at, cap - at, "]");
    return json;
}

int budgets_set(rpc_call *call, const program_access *prog, const char *project,
                int64_t project_id, int64_t budget_id, int64_t expected,
                Pmo__V1__BudgetLine *const *lines, const int64_t *amounts,
                size_t n, const char *reason, Pmo__V1__Budget **out)
{
    const char *params[] = {
        raid_int(call, prog->id),
        raid_int(call, project_id),
        raid_int(call, budget_id),
        raid_int(call, expected),
        budget_lines_json(call, lines, amounts, n),
        reason,
        raid_int(call, call->who.user_id),
        project,
    };
    PGresult *r = db_exec(call->db, &budgets_write, 8, params);
    if (r == NULL) {
        rpc_fail_db(call, "setting the budget");
        return -1;
    }
    if (PQntuples(r) != 1) {
        PQclear(r);
        rpc_fail(call, PMO_ABORTED,
                 "the budget was changed by someone else since version %lld; "
                 "read it again",
                 (long long)expected);
        return -1;
    }
    const char *id = arena_strdup(call->arena, db_text(r, 0, 0));
    const char *before = db_is_null(r, 0, 3)
                             ? NULL
                             : arena_strdup(call->arena, db_text(r, 0, 3));
    const char *after = arena_strdup(call->arena, db_text(r, 0, 4));
    PQclear(r);
    if (audit_record(call, "budget", id, before, after) != 0)
        return -1;
    int64_t ignored;
    if (budgets_get(call, prog, project_id, &ignored, out) != 0)
        return -1;
    return 0;
}

int budgets_versions(rpc_call *call, const program_access *prog,
                     int64_t budget_id, int64_t after, unsigned limit,
                     Pmo__V1__BudgetVersion ***out, size_t *n)
{
    const char *params[] = {raid_int(call, budget_id), raid_int(call, after),
                            raid_int(call, (int64_t)limit + 1)};
    PGresult *r = db_exec(call->db, &budgets_history, 3, params);
    if (r == NULL) {
        rpc_fail_db(call, "reading the budget's history");
        return -1;
    }
    *n = (size_t)PQntuples(r);
    *out = arena_alloc(call->arena, (*n ? *n : 1) * sizeof(**out));
    for (size_t i = 0; i < *n; i++) {
        int row = (int)i;
        Pmo__V1__BudgetVersion *v = arena_alloc(call->arena, sizeof(*v));
        pmo__v1__budget_version__init(v);
        v->id = db_int64(r, row, 0);
        v->old_version = db_int64(r, row, 1);
        v->new_version = db_int64(r, row, 2);
        v->changed_by = arena_strdup(call->arena, db_text(r, row, 3));
        v->changed_at = arena_strdup(call->arena, db_text(r, row, 4));
        v->reason = arena_strdup(call->arena, db_text(r, row, 5));
        v->lines = budget_lines_split(call, db_text(r, row, 6), prog->currency,
                                      &v->n_lines, &v->total_minor);
        v->total = money_text(call, v->total_minor, prog->currency);
        (*out)[i] = v;
    }
    PQclear(r);
    return 0;
}
