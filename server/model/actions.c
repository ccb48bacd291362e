/* server/model/actions.c - action item rows, within and across programs. */
#include "model/actions.h"
#include "audit/audit.h"
#include "model/raid.h"

#include <string.h>

/* clang-format off */

/*
 * Column list of a pmo.v1.Action read from alias a, its program's key
 * first (from programs p), in this order.
 */
#define ACTION_COLUMNS(a)                                                      \
    "p.key, " a ".id, " a ".title, " RAID_USERNAME(a ".owner_id") ", "         \
    RAID_DATE(a ".due_date") ", " a ".status, " a ".source, "                  \
    a ".source_id, " a ".notes, "                                              \
    "(coalesce(" a ".due_date < current_date, false) AND " a ".status = 1), "  \
    a ".version"
#define ACTION_NCOLS 11

#define ACTION_JSON(a)                                                         \
    "(to_jsonb(" a ") - 'created_at' - 'program_id' - 'owner_id'"              \
    " || jsonb_build_object("                                                  \
    "'status', (ARRAY['open', 'done', 'cancelled'])[" a ".status],"            \
    " 'source', (ARRAY['meeting', 'retrospective', 'risk', 'issue',"           \
    " 'other'])[" a ".source],"                                                \
    " 'owner', " RAID_USERNAME(a ".owner_id") "))"

#define ACTION_SET(col, f, param)                                              \
    col " = CASE WHEN " RAID_MASKED("$3", f) " THEN " param                    \
    " ELSE a." col " END"

DB_STMT(actions_insert,
        "WITH ins AS ("
        "  INSERT INTO action_items (program_id, title, owner_id, due_date,"
        "    status, source, source_id, notes)"
        "  VALUES ($1, $2, " RAID_USER_ID("$3") ", " RAID_DATE_OF("$4") ","
        "    $5::bigint, $6::bigint, $7::bigint, $8)"
        "  RETURNING *)"
        " SELECT " ACTION_COLUMNS("ins") ", " ACTION_JSON("ins")
        "   FROM ins JOIN programs p ON p.id = ins.program_id");

DB_STMT(actions_by_id,
        "SELECT a.program_id, " ACTION_COLUMNS("a")
        "  FROM action_items a JOIN programs p ON p.id = a.program_id"
        " WHERE a.id = $1");

DB_STMT(actions_version, "SELECT version FROM action_items WHERE id = $1");

/*
 * $1 the program (0: those the caller, $8, has a role in, or all when $7
 * says the caller is an admin; only those of the caller's token, $10).
 */
DB_STMT(actions_page,
        "SELECT " ACTION_COLUMNS("a")
        "  FROM action_items a JOIN programs p ON p.id = a.program_id"
        " WHERE a.id > $2"
        "   AND CASE WHEN $1::bigint <> 0 THEN a.program_id = $1::bigint"
        "            ELSE $7::boolean OR EXISTS (SELECT 1"
        "              FROM program_members m WHERE m.user_id = $8::bigint"
        "               AND m.program_id = a.program_id) END"
        "   AND " ACCESS_TOKEN_ALLOWS("$10", "a.program_id")
        "   AND ($3::int = 0 OR a.status = $3::int)"
        "   AND (NOT $4::boolean OR (a.due_date < current_date"
        "        AND a.status = 1))"
        "   AND ($5::bigint = 0 OR a.owner_id = $5::bigint)"
        "   AND ($6 = '' OR a.owner_id = " RAID_USER_ID("$6") ")"
        " ORDER BY a.id LIMIT $9::bigint");

/* $1 the program, $2 the source kind, $3 its ids joined by commas. */
DB_STMT(actions_by_source,
        "SELECT " ACTION_COLUMNS("a")
        "  FROM action_items a JOIN programs p ON p.id = a.program_id"
        " WHERE a.program_id = $1 AND a.source = $2::int"
        "   AND a.source_id = ANY(" RAID_NUMS("$3") ")"
        " ORDER BY a.source_id, a.id");

DB_STMT(actions_change,
        "WITH old AS ("
        "  SELECT a.id AS old_id, " ACTION_JSON("a") " AS before"
        "    FROM action_items a WHERE a.id = $1 AND a.version = $2"
        "     FOR UPDATE),"
        " upd AS ("
        "  UPDATE action_items a SET "
        ACTION_SET("title", "title", "$4") ", "
        ACTION_SET("owner_id", "owner", RAID_USER_ID("$5")) ", "
        ACTION_SET("due_date", "due_date", RAID_DATE_OF("$6")) ", "
        ACTION_SET("status", "status", "$7::bigint") ", "
        ACTION_SET("notes", "notes", "$8") ", "
        "    version = a.version + 1"
        "    FROM old WHERE a.id = old.old_id"
        "  RETURNING a.*)"
        " SELECT " ACTION_COLUMNS("upd") ", old.before, " ACTION_JSON("upd")
        "   FROM upd JOIN programs p ON p.id = upd.program_id, old");

DB_STMT(actions_remove,
        "DELETE FROM action_items a WHERE a.id = $1 AND a.version = $2"
        " RETURNING " ACTION_JSON("a"));
/* clang-format on */

/* Reads ACTION_COLUMNS starting at column c. */
static Pmo__V1__Action *actions_from_row(arena *ar, const PGresult *res,
                                         int row, int c)
{
    Pmo__V1__Action *a = arena_alloc(ar, sizeof(*a));
    pmo__v1__action__init(a);
    a->program = arena_strdup(ar, db_text(res, row, c));
    a->id = db_int64(res, row, c + 1);
    a->title = arena_strdup(ar, db_text(res, row, c + 2));
    a->owner = arena_strdup(ar, db_text(res, row, c + 3));
    a->due_date = arena_strdup(ar, db_text(res, row, c + 4));
    a->status = (Pmo__V1__ActionStatus)db_int64(res, row, c + 5);
    a->source = (Pmo__V1__ActionSource)db_int64(res, row, c + 6);
    a->source_id = db_int64(res, row, c + 7);
    a->notes = arena_strdup(ar, db_text(res, row, c + 8));
    a->overdue = db_bool(res, row, c + 9);
    a->version = db_int64(res, row, c + 10);
    return a;
}

int actions_create(rpc_call *call, const program_access *prog,
                   const Pmo__V1__Action *a, Pmo__V1__Action **out)
{
    const char *params[] = {raid_int(call, prog->id),
                            a->title,
                            a->owner,
                            a->due_date,
                            raid_int(call, a->status),
                            raid_int(call, a->source),
                            raid_int(call, a->source_id),
                            a->notes};
    PGresult *res = db_exec(call->db, &actions_insert, 8, params);
    if (res == NULL) {
        rpc_fail_db(call, "creating the action item");
        return -1;
    }
    Pmo__V1__Action *made = actions_from_row(call->arena, res, 0, 0);
    int rc = audit_record(call, "action_item", raid_int(call, made->id), NULL,
                          db_text(res, 0, ACTION_NCOLS));
    PQclear(res);
    if (rc != 0)
        return -1;
    *out = made;
    return 0;
}

int actions_find(rpc_call *call, int64_t id, int64_t *program_id,
                 Pmo__V1__Action **out)
{
    const char *params[] = {raid_int(call, id)};
    PGresult *res = db_exec(call->db, &actions_by_id, 1, params);
    if (res == NULL) {
        rpc_fail_db(call, "reading the action item");
        return -1;
    }
    if (PQntuples(res) != 1) {
        PQclear(res);
        rpc_fail(call, PMO_NOT_FOUND, "no action item %lld", (long long)id);
        return -1;
    }
    *program_id = db_int64(res, 0, 0);
    *out = actions_from_row(call->arena, res, 0, 1);
    PQclear(res);
    return 0;
}

int actions_list(rpc_call *call, const actions_filter *f, int64_t after,
                 unsigned limit, Pmo__V1__Action ***out, size_t *n)
{
    const char *params[] = {
        raid_int(call, f->program_id),      raid_int(call, after),
        raid_int(call, f->status),          f->overdue ? "t" : "f",
        raid_int(call, f->owner_id),        f->owner,
        call->who.is_admin ? "t" : "f",     raid_int(call, call->who.user_id),
        raid_int(call, (int64_t)limit + 1), access_token_programs(call)};
    PGresult *res = db_exec(call->db, &actions_page, 10, params);
    if (res == NULL) {
        rpc_fail_db(call, "listing action items");
        return -1;
    }
    *n = (size_t)PQntuples(res);
    *out = arena_alloc(call->arena, (*n ? *n : 1) * sizeof(**out));
    for (size_t i = 0; i < *n; i++)
        (*out)[i] = actions_from_row(call->arena, res, (int)i, 0);
    PQclear(res);
    return 0;
}

int actions_of_sources(rpc_call *call, int64_t program_id, int source,
                       const int64_t *ids, size_t n_ids, Pmo__V1__Action ***out,
                       size_t *n)
{
    const char *params[] = {raid_int(call, program_id), raid_int(call, source),
                            raid_ids(call, ids, n_ids)};
    PGresult *res = db_exec(call->db, &actions_by_source, 3, params);
    if (res == NULL) {
        rpc_fail_db(call, "reading the action items");
        return -1;
    }
    *n = (size_t)PQntuples(res);
    *out = arena_alloc(call->arena, (*n ? *n : 1) * sizeof(**out));
    for (size_t i = 0; i < *n; i++)
        (*out)[i] = actions_from_row(call->arena, res, (int)i, 0);
    PQclear(res);
    return 0;
}

int actions_update(rpc_call *call, const program_access *prog, int64_t id,
                   int64_t expected, char *const *mask, size_t n_mask,
                   const Pmo__V1__Action *a, Pmo__V1__Action **out)
{
    /* A date the mask does not name was not validated: send none. */
    bool dated = false;
    for (size_t i = 0; i < n_mask; i++)
        dated |= strcmp(mask[i], "due_date") == 0;
    const char *params[] = {raid_int(call, id),
                            raid_int(call, expected),
                            raid_mask(call, mask, n_mask),
                            a->title,
                            a->owner,
                            dated ? a->due_date : "",
                            raid_int(call, a->status),
                            a->notes};
    PGresult *res = db_exec(call->db, &actions_change, 8, params);
    if (res == NULL) {
        rpc_fail_db(call, "changing the action item");
        return -1;
    }
    if (PQntuples(res) != 1) {
        PQclear(res);
        raid_missed(call, &actions_version, "action item", id, expected);
        return -1;
    }
    Pmo__V1__Action *changed = actions_from_row(call->arena, res, 0, 0);
    int rc = audit_record(call, "action_item", params[0],
                          db_text(res, 0, ACTION_NCOLS),
                          db_text(res, 0, ACTION_NCOLS + 1));
    PQclear(res);
    if (rc != 0)
        return -1;
    *out = changed;
    return 0;
}

int actions_delete(rpc_call *call, int64_t id, int64_t expected)
{
    const char *params[] = {raid_int(call, id), raid_int(call, expected)};
    PGresult *res = db_exec(call->db, &actions_remove, 2, params);
    if (res == NULL) {
        rpc_fail_db(call, "deleting the action item");
        return -1;
    }
    if (PQntuples(res) != 1) {
        PQclear(res);
        raid_missed(call, &actions_version, "action item", id, expected);
        return -1;
    }
    int rc =
        audit_record(call, "action_item", params[0], db_text(res, 0, 0), NULL);
    PQclear(res);
    return rc;
}
