/* server/model/level_apply.c - a levelled schedule's dates written back. */
#include "model/level_apply.h"
#include "audit/audit.h"
#include "model/raid.h"

#include <string.h>

/* clang-format off */
DB_STMT(level_apply_lock_row,
        "SELECT plan_version FROM programs WHERE id = $1::bigint FOR UPDATE");

/* $1 program, $2 numbers, $3 starts, $4 finishes (day numbers), $5 key. */
DB_STMT(level_apply_update,
        "WITH v AS (SELECT * FROM unnest(" RAID_NUMS("$2") ","
        "                 " RAID_NUMS("$3") ", " RAID_NUMS("$4") ")"
        "             v(number, s, f)),"
        " old AS (SELECT w.number, w.planned_start, w.planned_finish"
        "           FROM work_items w JOIN v ON v.number = w.number"
        "          WHERE w.program_id = $1::bigint),"
        " up AS (UPDATE work_items w"
        "           SET planned_start = date '1970-01-01' + v.s::int,"
        "               planned_finish = date '1970-01-01' + v.f::int,"
        "               version = w.version + 1, updated_at = now()"
        "          FROM v WHERE w.program_id = $1::bigint"
        "           AND w.number = v.number"
        "        RETURNING w.number, w.planned_start, w.planned_finish)"
        " SELECT (SELECT count(*) FROM up),"
        "        (SELECT coalesce(jsonb_agg(jsonb_build_object("
        "                'ref', $5 || '-' || o.number,"
        "                'planned_start', o.planned_start,"
        "                'planned_finish', o.planned_finish)"
        "                ORDER BY o.number), '[]') FROM old o)::text,"
        "        (SELECT coalesce(jsonb_agg(jsonb_build_object("
        "                'ref', $5 || '-' || u.number,"
        "                'planned_start', u.planned_start,"
        "                'planned_finish', u.planned_finish)"
        "                ORDER BY u.number), '[]') FROM up u)::text");
/* clang-format on */

int level_apply_lock(rpc_call *call, const program_access *prog,
                     int64_t *version)
{
    const char *params[] = {raid_int(call, prog->id)};
    PGresult *res = db_exec(call->db, &level_apply_lock_row, 1, params);
    if (res == NULL || PQntuples(res) != 1) {
        if (res)
            PQclear(res);
        rpc_fail_db(call, "locking the program");
        return -1;
    }
    *version = db_int64(res, 0, 0);
    PQclear(res);
    return 0;
}

/* The n values as "1,2,3" in the call's arena. */
static char *level_apply_list(rpc_call *call, const int64_t *wide,
                              const int *narrow, size_t n)
{
    size_t cap = n * 21 + 1, len = 0;
    char *out = arena_alloc(call->arena, cap);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        const char *v = raid_int(call, wide ? wide[i] : narrow[i]);
        size_t k = strlen(v);
        if (i > 0)
            out[len++] = ',';
        memcpy(out + len, v, k + 1);
        len += k;
    }
    return out;
}

int level_apply_write(rpc_call *call, const program_access *prog,
                      const int64_t *numbers, const int *starts,
                      const int *finishes, size_t n)
{
    const char *params[] = {raid_int(call, prog->id),
                            level_apply_list(call, numbers, NULL, n),
                            level_apply_list(call, NULL, starts, n),
                            level_apply_list(call, NULL, finishes, n),
                            prog->key};
    PGresult *res = db_exec(call->db, &level_apply_update, 5, params);
    if (res == NULL) {
        rpc_fail_db(call, "writing the levelled dates");
        return -1;
    }
    const char *before = arena_strdup(call->arena, db_text(res, 0, 1));
    const char *after = arena_strdup(call->arena, db_text(res, 0, 2));
    PQclear(res);
    return audit_record(call, "level", prog->key, before, after);
}
