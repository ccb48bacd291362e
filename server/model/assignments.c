/* server/model/assignments.c - people assigned to work items, with units. */
#include "model/assignments.h"
#include "audit/audit.h"
#include "model/raid.h"
#include "model/resources.h"

#include <stdlib.h>

/* clang-format off */
/*
 * The assignments of a program, with an item's assignee standing in for
 * rows it does not have: $1 program, $2 item number ('0' any), $3 user
 * ('' any).
 */
#define ASSIGNMENTS_EFFECTIVE                                                  \
    "SELECT w.number, u.username, a.units, false, w.title"                    \
    "  FROM work_item_assignments a"                                           \
    "  JOIN work_items w ON w.id = a.work_item_id"                             \
    "  JOIN users u ON u.id = a.user_id"                                       \
    " WHERE a.program_id = $1::bigint"                                         \
    "   AND ($2 = '0' OR w.number = $2::bigint)"                               \
    "   AND ($3 = '' OR u.username = $3)"                                      \
    " UNION ALL"                                                               \
    " SELECT w.number, u.username, 100, true, w.title"                        \
    "  FROM work_items w JOIN users u ON u.id = w.assignee_id"                 \
    " WHERE w.program_id = $1::bigint"                                         \
    "   AND ($2 = '0' OR w.number = $2::bigint)"                               \
    "   AND ($3 = '' OR u.username = $3)"                                      \
    "   AND NOT EXISTS (SELECT 1 FROM work_item_assignments x"                 \
    "                    WHERE x.work_item_id = w.id)"                         \
    " ORDER BY 1, 2"

DB_STMT(assignments_select, ASSIGNMENTS_EFFECTIVE);

/*
 * Writes the assignee's row first when the item has none (so they keep
 * counting), then the user's; returns the units before ('' for none).
 * $1 item, $2 program, $3 user, $4 units, $5 caller.
 */
DB_STMT(assignments_upsert,
        "WITH item AS (SELECT w.id, w.assignee_id FROM work_items w"
        "               WHERE w.id = $1::bigint FOR UPDATE),"
        " who AS (SELECT u.id FROM users u WHERE u.username = $3),"
        " old AS (SELECT a.units FROM work_item_assignments a, who"
        "          WHERE a.work_item_id = $1::bigint AND a.user_id = who.id),"
        " keep AS (INSERT INTO work_item_assignments"
        "                 (work_item_id, user_id, program_id, units, created_by)"
        "          SELECT i.id, i.assignee_id, $2::bigint, 100,"
        "                 nullif($5, '0')::bigint"
        "            FROM item i, who"
        "           WHERE i.assignee_id IS NOT NULL AND i.assignee_id <> who.id"
        "             AND NOT EXISTS (SELECT 1 FROM work_item_assignments x"
        "                              WHERE x.work_item_id = i.id)"
        "          RETURNING user_id),"
        " up AS (INSERT INTO work_item_assignments"
        "               (work_item_id, user_id, program_id, units, created_by)"
        "        SELECT $1::bigint, who.id, $2::bigint, $4::int,"
        "               nullif($5, '0')::bigint FROM who"
        "        ON CONFLICT (work_item_id, user_id) DO UPDATE"
        "           SET units = EXCLUDED.units RETURNING units)"
        " SELECT coalesce((SELECT units::text FROM old), ''),"
        "        (SELECT count(*) FROM keep) FROM up");

DB_STMT(assignments_delete,
        "DELETE FROM work_item_assignments a USING users u"
        " WHERE a.work_item_id = $1::bigint AND a.user_id = u.id"
        "   AND u.username = $2 RETURNING a.units");

/* Whether the item's assignee, with no rows, is user. */
DB_STMT(assignments_is_assignee,
        "SELECT 1 FROM work_items w JOIN users u ON u.id = w.assignee_id"
        " WHERE w.id = $1::bigint AND u.username = $2"
        "   AND NOT EXISTS (SELECT 1 FROM work_item_assignments x"
        "                    WHERE x.work_item_id = w.id)");

DB_STMT(assignments_clear_assignee,
        "UPDATE work_items SET assignee_id = NULL, version = version + 1,"
        "       updated_at = now() WHERE id = $1::bigint");
/* clang-format on */

static const char *assignments_json(rpc_call *call, const char *ref,
                                    const char *user, const char *units)
{
    if (units == NULL || units[0] == '\0')
        return NULL;
    return arena_printf(call->arena,
                        "{\"ref\": \"%s\", \"user\": \"%s\", \"units\": %s}",
                        ref, user, units);
}

static const char *assignments_entity(rpc_call *call, const char *ref,
                                      const char *user)
{
    return arena_printf(call->arena, "%s/%s", ref, user);
}

int assignments_set(rpc_call *call, const program_access *prog,
                    int64_t item_id, const char *ref, const char *user,
                    int units)
{
    const char *params[] = {raid_int(call, item_id), raid_int(call, prog->id),
                            user, raid_int(call, units),
                            raid_int(call, call->who.user_id)};
    PGresult *res = db_exec(call->db, &assignments_upsert, 5, params);
    if (res == NULL) {
        rpc_fail_db(call, "assigning a person");
        return -1;
    }
    if (PQntuples(res) == 0) {
        PQclear(res);
        rpc_violation(call, "user", "no user %s", user);
        return -1;
    }
    const char *before =
        assignments_json(call, ref, user, db_text(res, 0, 0));
    PQclear(res);
    return audit_record(call, "assignment", assignments_entity(call, ref, user),
                        before,
                        assignments_json(call, ref, user,
                                         raid_int(call, units)));
}

/* Takes user off an item they are the assignee of and that has no rows. */
static int assignments_remove_assignee(rpc_call *call, int64_t item_id,
                                       const char *ref, const char *user,
                                       bool *removed)
{
    const char *params[] = {raid_int(call, item_id), user};
    PGresult *res = db_exec(call->db, &assignments_is_assignee, 2, params);
    if (res == NULL) {
        rpc_fail_db(call, "reading an assignee");
        return -1;
    }
    *removed = PQntuples(res) > 0;
    PQclear(res);
    if (!*removed)
        return 0;
    if (db_exec_command(call->db, &assignments_clear_assignee, 1, params) !=
        0) {
        rpc_fail_db(call, "clearing an assignee");
        return -1;
    }
    return audit_record(call, "assignment", assignments_entity(call, ref, user),
                        assignments_json(call, ref, user, "100"), NULL);
}

int assignments_remove(rpc_call *call, const program_access *prog,
                       int64_t item_id, const char *ref, const char *user)
{
    (void)prog;
    const char *params[] = {raid_int(call, item_id), user};
    PGresult *res = db_exec(call->db, &assignments_delete, 2, params);
    if (res == NULL) {
        rpc_fail_db(call, "removing an assignment");
        return -1;
    }
    if (PQntuples(res) > 0) {
        const char *before =
            assignments_json(call, ref, user, db_text(res, 0, 0));
        PQclear(res);
        return audit_record(call, "assignment",
                            assignments_entity(call, ref, user), before, NULL);
    }
    PQclear(res);
    bool removed;
    if (assignments_remove_assignee(call, item_id, ref, user, &removed) != 0)
        return -1;
    if (!removed) {
        rpc_fail(call, PMO_NOT_FOUND, "%s is not assigned to %s", user, ref);
        return -1;
    }
    return 0;
}

static PGresult *assignments_query(rpc_call *call, const program_access *prog,
                                   int64_t number, const char *user)
{
    const char *params[] = {raid_int(call, prog->id), raid_int(call, number),
                            user};
    PGresult *res = db_exec(call->db, &assignments_select, 3, params);
    if (res == NULL)
        rpc_fail_db(call, "listing assignments");
    return res;
}

int assignments_list(rpc_call *call, const program_access *prog,
                     int64_t number, const char *user,
                     Pmo__V1__Assignment ***out, size_t *n)
{
    PGresult *res = assignments_query(call, prog, number, user);
    if (res == NULL)
        return -1;
    size_t rows = (size_t)PQntuples(res);
    Pmo__V1__Assignment **v =
        arena_alloc(call->arena, (rows ? rows : 1) * sizeof(*v));
    for (size_t i = 0; i < rows; i++) {
        Pmo__V1__Assignment *m = arena_alloc(call->arena, sizeof *m);
        pmo__v1__assignment__init(m);
        m->ref = arena_printf(call->arena, "%s-%lld", prog->key,
                              (long long)db_int64(res, (int)i, 0));
        m->user = arena_strdup(call->arena, db_text(res, (int)i, 1));
        m->units = resource_units_double((int)db_int64(res, (int)i, 2));
        m->from_assignee = db_bool(res, (int)i, 3);
        m->title = arena_strdup(call->arena, db_text(res, (int)i, 4));
        v[i] = m;
    }
    PQclear(res);
    *out = v;
    *n = rows;
    return 0;
}

int assignments_of_program(rpc_call *call, const program_access *prog,
                           assignment_row **out, size_t *n)
{
    PGresult *res = assignments_query(call, prog, 0, "");
    if (res == NULL)
        return -1;
    size_t rows = (size_t)PQntuples(res);
    assignment_row *v =
        arena_alloc(call->arena, (rows ? rows : 1) * sizeof(*v));
    for (size_t i = 0; i < rows; i++) {
        v[i].number = db_int64(res, (int)i, 0);
        v[i].user = arena_strdup(call->arena, db_text(res, (int)i, 1));
        v[i].units = (int)db_int64(res, (int)i, 2);
    }
    PQclear(res);
    *out = v;
    *n = rows;
    return 0;
}
