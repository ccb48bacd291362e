/*
 * server/model/baselines.c - baseline rows.
 *
 * A baseline's items travel as one text parameter per column (numbers
 * joined by commas, titles by the unit separator, which validated titles
 * never hold) and go in with unnest in the same statement as the
 * baseline, so a baseline is saved whole or not at all in one round trip.
 */
#include "model/baselines.h"
#include "audit/audit.h"
#include "common/daynum.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* clang-format off */
#define BL_DAY(col)  "(" col " - DATE '1970-01-01')"
#define BL_DATE(col) "to_char(" col ", 'YYYY-MM-DD')"
#define BL_COLUMNS                                                             \
    "b.name, coalesce((SELECT username FROM users WHERE id = b.created_by),"   \
    " ''), (extract(epoch FROM b.created_at) * 1000)::bigint, "                \
    BL_DATE("b.status_date") ", " BL_DATE("b.finish_date") ", b.items"
#define BL_NCOLS 6

DB_STMT(baselines_insert,
        "WITH b AS (INSERT INTO baselines (program_id, name, created_by,"
        "    status_date, finish_date, items)"
        "  VALUES ($1::bigint, $2::text, NULLIF($3::bigint, 0),"
        "    DATE '1970-01-01' + $4::int, DATE '1970-01-01' + $5::int,"
        "    $6::int)"
        "  ON CONFLICT (program_id, name) DO NOTHING RETURNING *),"
        " rows AS (INSERT INTO baseline_items (baseline_id, number, kind,"
        "    title, start_date, finish_date)"
        "  SELECT b.id, v.number, v.kind, v.title, DATE '1970-01-01' + v.s,"
        "    DATE '1970-01-01' + v.f"
        "  FROM b, unnest(string_to_array($7, ',')::bigint[],"
        "    string_to_array($8, ',')::smallint[],"
        "    string_to_array($9, chr(31)), string_to_array($10, ',')::int[],"
        "    string_to_array($11, ',')::int[]) AS v(number, kind, title, s, f))"
        " SELECT " BL_COLUMNS ", jsonb_build_object('name', b.name,"
        "   'status_date', b.status_date, 'finish_date', b.finish_date,"
        "   'items', b.items)::text"
        " FROM b");

DB_STMT(baselines_all,
        "SELECT " BL_COLUMNS " FROM baselines b WHERE b.program_id = $1::bigint"
        " ORDER BY b.created_at DESC, b.id DESC");

/* The baseline and its items, one row per item (one row if it has none). */
DB_STMT(baselines_one,
        "WITH b AS (SELECT * FROM baselines b WHERE b.program_id = $1::bigint"
        "   AND ($2::text = '' OR b.name = $2::text)"
        "   ORDER BY b.created_at DESC, b.id DESC LIMIT 1)"
        " SELECT " BL_COLUMNS ", i.number IS NULL, coalesce(i.number, 0),"
        "   coalesce(i.kind, 2), coalesce(i.title, ''),"
        "   coalesce(" BL_DAY("i.start_date") ", 0),"
        "   coalesce(" BL_DAY("i.finish_date") ", 0)"
        " FROM b LEFT JOIN baseline_items i ON i.baseline_id = b.id"
        " ORDER BY i.number");
/* clang-format on */

static Pmo__V1__Baseline *bl_from_row(arena *a, const PGresult *r, int row)
{
    Pmo__V1__Baseline *b = arena_alloc(a, sizeof *b);
    pmo__v1__baseline__init(b);
    b->name = arena_strdup(a, db_text(r, row, 0));
    b->created_by = arena_strdup(a, db_text(r, row, 1));
    b->created_at_ms = db_int64(r, row, 2);
    b->status_date = arena_strdup(a, db_text(r, row, 3));
    b->finish_date = arena_strdup(a, db_text(r, row, 4));
    b->items = (uint32_t)db_int64(r, row, 5);
    return b;
}

/* The rows' columns as the insert's text parameters. */
typedef struct bl_text {
    char *numbers, *kinds, *titles, *starts, *finishes;
} bl_text;

static void bl_join(rpc_call *call, const baseline_row *rows, int n,
                    bl_text *t)
{
    size_t titles = 1;
    for (int i = 0; i < n; i++)
        titles += strlen(rows[i].title) + 1;
    size_t nums = (size_t)n * 24 + 1;
    char *p[5];
    t->numbers = p[0] = arena_alloc(call->arena, nums);
    t->kinds = p[1] = arena_alloc(call->arena, (size_t)n * 3 + 1);
    t->titles = p[2] = arena_alloc(call->arena, titles);
    t->starts = p[3] = arena_alloc(call->arena, (size_t)n * 12 + 1);
    t->finishes = p[4] = arena_alloc(call->arena, (size_t)n * 12 + 1);
    for (int k = 0; k < 5; k++)
        p[k][0] = '\0';
    for (int i = 0; i < n; i++) {
        const char *sep = i ? "," : "";
        p[0] += sprintf(p[0], "%s%lld", sep, (long long)rows[i].number);
        p[1] += sprintf(p[1], "%s%d", sep, rows[i].kind);
        p[2] += sprintf(p[2], "%s%s", i ? "\x1f" : "", rows[i].title);
        p[3] += sprintf(p[3], "%s%d", sep, rows[i].start_day);
        p[4] += sprintf(p[4], "%s%d", sep, rows[i].finish_day);
    }
}

int baselines_create(rpc_call *call, const program_access *pa,
                     const char *name, int status_day, int finish_day,
                     const baseline_row *rows, int n_rows,
                     Pmo__V1__Baseline **out)
{
    bl_text t;
    bl_join(call, rows, n_rows, &t);
    char *prog = arena_printf(call->arena, "%lld", (long long)pa->id);
    char *user = arena_printf(call->arena, "%lld", (long long)call->who.user_id);
    char *status = arena_printf(call->arena, "%d", status_day);
    char *finish = arena_printf(call->arena, "%d", finish_day);
    char *count = arena_printf(call->arena, "%d", n_rows);
    const char *params[] = {prog,      name,    user,     status,
                            finish,    count,   t.numbers, t.kinds,
                            t.titles,  t.starts, t.finishes};
    PGresult *r = db_exec(call->db, &baselines_insert, 11, params);
    if (r == NULL) {
        rpc_fail_db(call, "saving the baseline");
        return -1;
    }
    if (PQntuples(r) == 0) {
        PQclear(r);
        rpc_fail(call, PMO_ALREADY_EXISTS,
                 "program %s already has a baseline called \"%s\"", pa->key,
                 name);
        return -1;
    }
    *out = bl_from_row(call->arena, r, 0);
    int rc = audit_record(call, "baseline", name, NULL,
                          db_text(r, 0, BL_NCOLS));
    PQclear(r);
    return rc;
}

int baselines_list(rpc_call *call, const program_access *pa,
                   Pmo__V1__Baseline ***out, size_t *n_out)
{
    char *prog = arena_printf(call->arena, "%lld", (long long)pa->id);
    const char *params[] = {prog};
    PGresult *r = db_exec(call->db, &baselines_all, 1, params);
    if (r == NULL) {
        rpc_fail_db(call, "listing baselines");
        return -1;
    }
    size_t n = (size_t)PQntuples(r);
    *out = arena_alloc(call->arena, (n ? n : 1) * sizeof(**out));
    for (size_t i = 0; i < n; i++)
        (*out)[i] = bl_from_row(call->arena, r, (int)i);
    *n_out = n;
    PQclear(r);
    return 0;
}

int baselines_read(rpc_call *call, const program_access *pa, const char *name,
                   Pmo__V1__Baseline **out, baseline_row **rows, int *n_rows)
{
    char *prog = arena_printf(call->arena, "%lld", (long long)pa->id);
    const char *params[] = {prog, name};
    PGresult *r = db_exec(call->db, &baselines_one, 2, params);
    if (r == NULL) {
        rpc_fail_db(call, "reading the baseline");
        return -1;
    }
    int n = PQntuples(r);
    if (n == 0) {
        PQclear(r);
        if (name[0])
            rpc_fail(call, PMO_NOT_FOUND, "program %s has no baseline \"%s\"",
                     pa->key, name);
        else
            rpc_fail(call, PMO_NOT_FOUND,
                     "program %s has no baseline yet; save one first",
                     pa->key);
        return -1;
    }
    *out = bl_from_row(call->arena, r, 0);
    bool empty = db_bool(r, 0, BL_NCOLS);
    *n_rows = empty ? 0 : n;
    *rows = arena_alloc(call->arena, (size_t)(n ? n : 1) * sizeof(**rows));
    for (int i = 0; i < *n_rows; i++) {
        baseline_row *b = &(*rows)[i];
        b->number = db_int64(r, i, BL_NCOLS + 1);
        b->kind = (int)db_int64(r, i, BL_NCOLS + 2);
        b->title = arena_strdup(call->arena, db_text(r, i, BL_NCOLS + 3));
        b->start_day = (int)db_int64(r, i, BL_NCOLS + 4);
        b->finish_day = (int)db_int64(r, i, BL_NCOLS + 5);
    }
    PQclear(r);
    return 0;
}
