/* server/model/assumptions.c - assumption rows. */
#include "model/assumptions.h"
#include "audit/audit.h"
#include "model/raid.h"

#include <string.h>

/* clang-format off */

/* Column list of a pmo.v1.Assumption read from alias a, in this order. */
#define ASSUMPTION_COLUMNS(a)                                                  \
    a ".id, " a ".statement, " RAID_USERNAME(a ".owner_id") ", "               \
    RAID_DATE(a ".validate_by") ", " a ".status, " a ".note, "                 \
    "(coalesce(" a ".validate_by < current_date, false)"                       \
    " AND " a ".status = 1), " a ".version"
#define ASSUMPTION_NCOLS 8

#define ASSUMPTION_JSON(a)                                                     \
    "(to_jsonb(" a ") - 'created_at' - 'program_id' - 'owner_id'"              \
    " || jsonb_build_object("                                                  \
    "'status', (ARRAY['open', 'validated', 'invalidated'])[" a ".status],"     \
    " 'owner', " RAID_USERNAME(a ".owner_id") "))"

#define ASSUMPTION_SET(col, f, param)                                          \
    col " = CASE WHEN " RAID_MASKED("$3", f) " THEN " param                    \
    " ELSE s." col " END"

DB_STMT(assumptions_insert,
        "WITH ins AS ("
        "  INSERT INTO assumptions (program_id, statement, owner_id,"
        "    validate_by, status, note)"
        "  VALUES ($1, $2, " RAID_USER_ID("$3") ", " RAID_DATE_OF("$4") ","
        "    $5::bigint, $6)"
        "  RETURNING *)"
        " SELECT " ASSUMPTION_COLUMNS("ins") ", " ASSUMPTION_JSON("ins")
        "   FROM ins");

DB_STMT(assumptions_by_id,
        "SELECT s.program_id, p.key, " ASSUMPTION_COLUMNS("s")
        "  FROM assumptions s JOIN programs p ON p.id = s.program_id"
        " WHERE s.id = $1");

DB_STMT(assumptions_program,
        "SELECT program_id FROM assumptions WHERE id = $1");
DB_STMT(assumptions_version, "SELECT version FROM assumptions WHERE id = $1");

DB_STMT(assumptions_page,
        "SELECT " ASSUMPTION_COLUMNS("s") " FROM assumptions s"
        " WHERE s.program_id = $1 AND s.id > $2"
        "   AND ($3::int = 0 OR s.status = $3::int)"
        "   AND (NOT $4::boolean OR (s.validate_by < current_date"
        "        AND s.status = 1))"
        " ORDER BY s.id LIMIT $5");

DB_STMT(assumptions_change,
        "WITH old AS ("
        "  SELECT s.id AS old_id, " ASSUMPTION_JSON("s") " AS before"
        "    FROM assumptions s WHERE s.id = $1 AND s.version = $2"
        "     FOR UPDATE),"
        " upd AS ("
        "  UPDATE assumptions s SET "
        ASSUMPTION_SET("statement", "statement", "$4") ", "
        ASSUMPTION_SET("owner_id", "owner", RAID_USER_ID("$5")) ", "
        ASSUMPTION_SET("validate_by", "validate_by", RAID_DATE_OF("$6")) ", "
        ASSUMPTION_SET("status", "status", "$7::bigint") ", "
        ASSUMPTION_SET("note", "note", "$8") ", "
        "    version = s.version + 1"
        "    FROM old WHERE s.id = old.old_id"
        "  RETURNING s.*)"
        " SELECT " ASSUMPTION_COLUMNS("upd") ", old.before, "
        ASSUMPTION_JSON("upd") " FROM upd, old");

DB_STMT(assumptions_remove,
        "DELETE FROM assumptions s WHERE s.id = $1 AND s.version = $2"
        " RETURNING " ASSUMPTION_JSON("s"));
/* clang-format on */

static Pmo__V1__Assumption *assumptions_from_row(arena *ar, const PGresult *res,
                                                 int row, int c,
                                                 const char *key)
{
    Pmo__V1__Assumption *a = arena_alloc(ar, sizeof(*a));
    pmo__v1__assumption__init(a);
    a->id = db_int64(res, row, c);
    a->program = arena_strdup(ar, key);
    a->statement = arena_strdup(ar, db_text(res, row, c + 1));
    a->owner = arena_strdup(ar, db_text(res, row, c + 2));
    a->validate_by = arena_strdup(ar, db_text(res, row, c + 3));
    a->status = (Pmo__V1__AssumptionStatus)db_int64(res, row, c + 4);
    a->note = arena_strdup(ar, db_text(res, row, c + 5));
    a->overdue = db_bool(res, row, c + 6);
    a->version = db_int64(res, row, c + 7);
    return a;
}

int assumptions_create(rpc_call *call, const program_access *prog,
                       const Pmo__V1__Assumption *a, Pmo__V1__Assumption **out)
{
    const char *params[] = {
        raid_int(call, prog->id),  a->statement, a->owner, a->validate_by,
        raid_int(call, a->status), a->note};
    PGresult *res = db_exec(call->db, &assumptions_insert, 6, params);
    if (res == NULL) {
        rpc_fail_db(call, "creating the assumption");
        return -1;
    }
    Pmo__V1__Assumption *made =
        assumptions_from_row(call->arena, res, 0, 0, prog->key);
    int rc = audit_record(call, "assumption", raid_int(call, made->id), NULL,
                          db_text(res, 0, ASSUMPTION_NCOLS));
    PQclear(res);
    if (rc != 0)
        return -1;
    *out = made;
    return 0;
}

int assumptions_find(rpc_call *call, int64_t id, int64_t *program_id,
                     Pmo__V1__Assumption **out)
{
    const char *params[] = {raid_int(call, id)};
    PGresult *res = db_exec(call->db, &assumptions_by_id, 1, params);
    if (res == NULL) {
        rpc_fail_db(call, "reading the assumption");
        return -1;
    }
    if (PQntuples(res) != 1) {
        PQclear(res);
        rpc_fail(call, PMO_NOT_FOUND, "no assumption %lld", (long long)id);
        return -1;
    }
    *program_id = db_int64(res, 0, 0);
    *out = assumptions_from_row(call->arena, res, 0, 2, db_text(res, 0, 1));
    PQclear(res);
    return 0;
}

int assumptions_program_of(rpc_call *call, int64_t id, int64_t *program_id)
{
    return raid_program_of(call, &assumptions_program, "assumption", id,
                           program_id);
}

int assumptions_list(rpc_call *call, const program_access *prog, int status,
                     bool overdue, int64_t after, unsigned limit,
                     Pmo__V1__Assumption ***out, size_t *n)
{
    const char *params[] = {raid_int(call, prog->id), raid_int(call, after),
                            raid_int(call, status), overdue ? "t" : "f",
                            raid_int(call, (int64_t)limit + 1)};
    PGresult *res = db_exec(call->db, &assumptions_page, 5, params);
    if (res == NULL) {
        rpc_fail_db(call, "listing assumptions");
        return -1;
    }
    *n = (size_t)PQntuples(res);
    *out = arena_alloc(call->arena, (*n ? *n : 1) * sizeof(**out));
    for (size_t i = 0; i < *n; i++)
        (*out)[i] =
            assumptions_from_row(call->arena, res, (int)i, 0, prog->key);
    PQclear(res);
    return 0;
}

int assumptions_update(rpc_call *call, const program_access *prog, int64_t id,
                       int64_t expected, char *const *mask, size_t n_mask,
                       const Pmo__V1__Assumption *a, Pmo__V1__Assumption **out)
{
    /* A date the mask does not name was not validated: send none. */
    bool dated = false;
    for (size_t i = 0; i < n_mask; i++)
        dated |= strcmp(mask[i], "validate_by") == 0;
    const char *params[] = {raid_int(call, id),
                            raid_int(call, expected),
                            raid_mask(call, mask, n_mask),
                            a->statement,
                            a->owner,
                            dated ? a->validate_by : "",
                            raid_int(call, a->status),
                            a->note};
    PGresult *res = db_exec(call->db, &assumptions_change, 8, params);
    if (res == NULL) {
        rpc_fail_db(call, "changing the assumption");
        return -1;
    }
    if (PQntuples(res) != 1) {
        PQclear(res);
        raid_missed(call, &assumptions_version, "assumption", id, expected);
        return -1;
    }
    Pmo__V1__Assumption *changed =
        assumptions_from_row(call->arena, res, 0, 0, prog->key);
    int rc = audit_record(call, "assumption", params[0],
                          db_text(res, 0, ASSUMPTION_NCOLS),
                          db_text(res, 0, ASSUMPTION_NCOLS + 1));
    PQclear(res);
    if (rc != 0)
        return -1;
    *out = changed;
    return 0;
}

int assumptions_delete(rpc_call *call, int64_t id, int64_t expected)
{
    const char *params[] = {raid_int(call, id), raid_int(call, expected)};
    PGresult *res = db_exec(call->db, &assumptions_remove, 2, params);
    if (res == NULL) {
        rpc_fail_db(call, "deleting the assumption");
        return -1;
    }
    if (PQntuples(res) != 1) {
        PQclear(res);
        raid_missed(call, &assumptions_version, "assumption", id, expected);
        return -1;
    }
    int rc =
        audit_record(call, "assumption", params[0], db_text(res, 0, 0), NULL);
    PQclear(res);
    return rc;
}
