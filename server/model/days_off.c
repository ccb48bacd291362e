/* server/model/days_off.c - users' days off, as rows per calendar day. */
#include "model/days_off.h"
#include "audit/audit.h"
#include "model/raid.h"

#include <stdlib.h>

/* clang-format off */
#define DAYS_OFF_COLUMNS(d)                                                    \
    "(SELECT username FROM users WHERE id = " d ".user_id),"                   \
    " to_char(" d ".day, 'YYYY-MM-DD'), " d ".note"

/* The days a write touched, as audited. */
#define DAYS_OFF_JSON(d)                                                       \
    "(SELECT coalesce(jsonb_agg(jsonb_build_object('date', x.day,"             \
    " 'note', x.note) ORDER BY x.day), '[]') FROM " d " x)"

DB_STMT(days_off_insert,
        "WITH ins AS ("
        "  INSERT INTO days_off (user_id, day, note, created_by)"
        "  SELECT u.id, g.day::date, $4, nullif($5, '0')::bigint"
        "    FROM users u, generate_series($2::date, $3::date,"
        "         interval '1 day') g(day)"
        "   WHERE u.username = $1"
        "  ON CONFLICT (user_id, day) DO NOTHING RETURNING *)"
        " SELECT " DAYS_OFF_COLUMNS("ins") ", " DAYS_OFF_JSON("ins")
        "   FROM ins ORDER BY ins.day");

DB_STMT(days_off_delete,
        "WITH del AS ("
        "  DELETE FROM days_off d USING users u"
        "   WHERE u.username = $1 AND d.user_id = u.id"
        "     AND d.day BETWEEN $2::date AND $3::date RETURNING d.*)"
        " SELECT " DAYS_OFF_COLUMNS("del") ", " DAYS_OFF_JSON("del")
        "   FROM del ORDER BY del.day");

DB_STMT(days_off_select,
        "SELECT " DAYS_OFF_COLUMNS("d") " FROM days_off d"
        "  JOIN users u ON u.id = d.user_id"
        " WHERE CASE WHEN $2 <> '' THEN u.username = $2"
        "       ELSE EXISTS (SELECT 1 FROM program_members m"
        "             WHERE m.program_id = $1 AND m.user_id = u.id) END"
        "   AND ($3 = '' OR d.day >= $3::date)"
        "   AND ($4 = '' OR d.day <= $4::date)"
        " ORDER BY u.username, d.day");

DB_STMT(days_off_of_names,
        "SELECT v.ord - 1, d.day - date '1970-01-01'"
        "  FROM unnest(" RAID_TEXTS("$1") ") WITH ORDINALITY v(name, ord)"
        "  JOIN users u ON u.username = v.name"
        "  JOIN days_off d ON d.user_id = u.id"
        " ORDER BY v.ord, d.day");
/* clang-format on */

static void days_off_rows(arena *a, const PGresult *res, days_off_list *out)
{
    out->n = (size_t)PQntuples(res);
    out->days = arena_alloc(a, (out->n ? out->n : 1) * sizeof(*out->days));
    for (size_t i = 0; i < out->n; i++) {
        Pmo__V1__DayOff *d = arena_alloc(a, sizeof(*d));
        pmo__v1__day_off__init(d);
        d->user = arena_strdup(a, db_text(res, (int)i, 0));
        d->date = arena_strdup(a, db_text(res, (int)i, 1));
        d->note = arena_strdup(a, db_text(res, (int)i, 2));
        out->days[i] = d;
    }
}

/* Runs a write of stmt, audits what it touched (before or after). */
static int days_off_write(rpc_call *call, db_stmt *stmt, int n,
                          const char *const *params, bool added,
                          days_off_list *out)
{
    PGresult *res = db_exec(call->db, stmt, n, params);
    if (res == NULL) {
        rpc_fail_db(call, "changing days off");
        return -1;
    }
    days_off_rows(call->arena, res, out);
    int rc = 0;
    if (out->n > 0) {
        const char *json = db_text(res, 0, 3);
        rc = audit_record(call, "days_off", params[0], added ? NULL : json,
                          added ? json : NULL);
    }
    PQclear(res);
    return rc;
}

int days_off_add(rpc_call *call, const char *user, const char *from,
                 const char *to, const char *note, days_off_list *out)
{
    const char *params[] = {user, from, to, note,
                            raid_int(call, call->who.user_id)};
    return days_off_write(call, &days_off_insert, 5, params, true, out);
}

int days_off_remove(rpc_call *call, const char *user, const char *from,
                    const char *to, days_off_list *out)
{
    const char *params[] = {user, from, to};
    return days_off_write(call, &days_off_delete, 3, params, false, out);
}

int days_off_list_of(rpc_call *call, const program_access *prog,
                     const char *user, const char *from, const char *to,
                     days_off_list *out)
{
    const char *params[] = {raid_int(call, prog->id), user, from, to};
    PGresult *res = db_exec(call->db, &days_off_select, 4, params);
    if (res == NULL) {
        rpc_fail_db(call, "listing days off");
        return -1;
    }
    days_off_rows(call->arena, res, out);
    PQclear(res);
    return 0;
}

int days_off_of_users(rpc_call *call, const char *const *names, size_t n,
                      int32_t **first, int **days)
{
    const char *params[] = {raid_texts(call, (char *const *)names, n)};
    PGresult *res = db_exec(call->db, &days_off_of_names, 1, params);
    if (res == NULL) {
        rpc_fail_db(call, "reading days off");
        return -1;
    }
    int rows = PQntuples(res);
    *first = arena_alloc(call->arena, (n + 1) * sizeof(**first));
    *days = arena_alloc(call->arena, ((size_t)rows + 1) * sizeof(**days));
    size_t who = 0;
    (*first)[0] = 0;
    for (int i = 0; i < rows; i++) {
        size_t of = (size_t)db_int64(res, i, 0);
        while (who < of)
            (*first)[++who] = i;
        (*days)[i] = (int)db_int64(res, i, 1);
    }
    while (who < n)
        (*first)[++who] = rows;
    PQclear(res);
    return 0;
}
