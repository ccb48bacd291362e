/* server/model/gates.c - gate rows, their criteria and sign-offs. */
#include "model/gates.h"
#include "api/fields.h"
#include "audit/audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Criteria travel as three list parameters (ids on commas, descriptions
 * and approvers on the unit separator, which validated text never holds)
 * and are split in SQL, so no array literal is built from user text.
 */
#define GT_SEP "\x1f"

/* clang-format off */
#define GT_SPLIT(p) "string_to_array(" p ", chr(31))"
#define GT_MS(t)    "(extract(epoch FROM " t ") * 1000)::bigint"
#define GT_USER(id) "(SELECT username FROM users WHERE id = " id ")"

/* An item counts as finished when done or given an actual finish. */
#define GT_FINISHED(w) "(" w ".state = 4 OR " w ".actual_finish IS NOT NULL)"

/* The audited form of gate g: what people read, refs and names. */
#define GT_JSON(g)                                                             \
    "jsonb_build_object('id', " g ".id, 'item',"                               \
    " (SELECT p.key || '-' || w.number FROM work_items w"                      \
    "   JOIN programs p ON p.id = w.program_id"                                \
    "  WHERE w.id = " g ".milestone_id),"                                      \
    " 'name', " g ".name, 'kind', (ARRAY['quality', 'security',"               \
    " 'compliance', 'launch', 'other'])[" g ".kind],"                          \
    " 'description', " g ".description, 'criteria',"                           \
    " (SELECT coalesce(jsonb_agg(jsonb_build_object('id', c.id,"               \
    "   'description', c.description, 'approver', " GT_USER("c.approver_id")   \
    "   , 'signed_by', " GT_USER("c.signed_by") ", 'signed_at', c.signed_at,"  \
    "   'evidence', c.evidence) ORDER BY c.position, c.id), '[]')"             \
    "   FROM gate_criteria c WHERE c.gate_id = " g ".id),"                     \
    " 'version', " g ".version)"

/*
 * One row per criterion (one with NULL criterion columns for a gate with
 * none), gates in id order and criteria in checklist order, from the
 * gates in the derived table g.
 */
#define GT_READ(from)                                                          \
    "SELECT g.id, g.program_id, (SELECT key FROM programs"                     \
    "   WHERE id = g.program_id),"                                             \
    " (SELECT number FROM work_items WHERE id = g.milestone_id),"              \
    " g.name, g.kind, g.description, g.version, " GT_MS("g.created_at") ","    \
    " c.id, c.description, " GT_USER("c.approver_id") ","                      \
    " coalesce(" GT_USER("c.signed_by") ", ''),"                               \
    " coalesce(" GT_MS("c.signed_at") ", 0), c.evidence"                       \
    " FROM " from " LEFT JOIN gate_criteria c ON c.gate_id = g.id"             \
    " ORDER BY g.id, c.position, c.id"

DB_STMT(gates_by_id, GT_READ("(SELECT * FROM gates WHERE id = $1) g"));

DB_STMT(gates_page,
        GT_READ("(SELECT * FROM gates WHERE program_id = $1 AND id > $2"
                "  ORDER BY id LIMIT $3) g"));

DB_STMT(gates_of_milestone,
        GT_READ("(SELECT * FROM gates WHERE milestone_id = $1) g"));

DB_STMT(gates_where, "SELECT program_id, version FROM gates WHERE id = $1");

DB_STMT(gates_criterion_where,
        "SELECT g.program_id FROM gate_criteria c"
        "  JOIN gates g ON g.id = c.gate_id WHERE c.id = $1");

/*
 * The milestone a gate goes on, share-locked so that it cannot be
 * finished while the gate is written (see gates.h).
 */
DB_STMT(gates_milestone,
        "SELECT w.id, w.kind, " GT_FINISHED("w") " FROM work_items w"
        " WHERE w.program_id = $1 AND w.number = $2 FOR SHARE");

DB_STMT(gates_item_id,
        "SELECT id FROM work_items WHERE program_id = $1 AND number = $2");

DB_STMT(gates_insert,
        "INSERT INTO gates (program_id, milestone_id, name, kind, description)"
        " VALUES ($1, $2, $3, $4, $5) RETURNING id");

/*
 * Locks gate id and its milestone, and captures its audited form, its
 * version and whether the milestone is finished.
 */
DB_STMT(gates_lock,
        "SELECT g.version, " GT_JSON("g") ", " GT_FINISHED("w") ","
        " w.program_id FROM gates g JOIN work_items w ON w.id = g.milestone_id"
        " WHERE g.id = $1 FOR UPDATE OF g FOR SHARE OF w");

#define GT_MASKED(bit) "($2::int & " bit ") <> 0"
DB_STMT(gates_change,
        "UPDATE gates SET"
        " name = CASE WHEN " GT_MASKED("1") " THEN $3 ELSE name END,"
        " kind = CASE WHEN " GT_MASKED("2") " THEN $4::smallint ELSE kind END,"
        " description = CASE WHEN " GT_MASKED("4") " THEN $5"
        "   ELSE description END,"
        " version = version + 1 WHERE id = $1");

/*
 * Makes gate $1's checklist the given one: criteria whose ids are not
 * given go, given ids are updated in place (their sign-off kept only if
 * description and approver are unchanged: what was signed is what still
 * stands), and ids of 0 are added. Approvers must be users holding at
 * least the contributor role in program $5 (or admins), since only they
 * can sign; an approver of "" keeps a kept criterion's approver. Rows
 * with a problem are left alone and returned: (position, 1 no such user
 * | 2 may not sign | 3 not a criterion of this gate).
 */
DB_STMT(gates_criteria_set,
        "WITH v AS (SELECT * FROM unnest(string_to_array($2, ',')::bigint[],"
        "   " GT_SPLIT("$3") ", " GT_SPLIT("$4") ")"
        "   WITH ORDINALITY v(id, description, approver, ord)),"
        " a AS (SELECT v.*, CASE WHEN v.approver = ''"
        "     THEN (SELECT x.approver_id FROM gate_criteria x"
        "            WHERE x.id = v.id AND x.gate_id = $1)"
        "     ELSE (SELECT u.id FROM users u WHERE u.username = v.approver)"
        "   END AS approver_id,"
        "   v.id = 0 OR EXISTS (SELECT 1 FROM gate_criteria x"
        "     WHERE x.id = v.id AND x.gate_id = $1) AS known FROM v),"
        " b AS (SELECT a.*, coalesce((SELECT u.is_admin FROM users u"
        "     WHERE u.id = a.approver_id) OR EXISTS (SELECT 1"
        "     FROM program_members m WHERE m.program_id = $5"
        "      AND m.user_id = a.approver_id AND m.role >= 2), false)"
        "   AS may_sign FROM a),"
        " ok AS (SELECT * FROM b WHERE may_sign AND known),"
        " gone AS (DELETE FROM gate_criteria c WHERE c.gate_id = $1"
        "   AND c.id <> ALL (SELECT id FROM v WHERE id > 0)),"
        " kept AS (UPDATE gate_criteria c SET position = ok.ord,"
        "   description = ok.description, approver_id = ok.approver_id,"
        "   signed_by = CASE WHEN c.description = ok.description"
        "     AND c.approver_id = ok.approver_id THEN c.signed_by END,"
        "   signed_at = CASE WHEN c.description = ok.description"
        "     AND c.approver_id = ok.approver_id THEN c.signed_at END,"
        "   evidence = CASE WHEN c.description = ok.description"
        "     AND c.approver_id = ok.approver_id THEN c.evidence ELSE '' END"
        "   FROM ok WHERE ok.id > 0 AND c.id = ok.id AND c.gate_id = $1),"
        " added AS (INSERT INTO gate_criteria"
        "   (gate_id, position, description, approver_id)"
        "   SELECT $1, ok.ord, ok.description, ok.approver_id FROM ok"
        "    WHERE ok.id = 0)"
        " SELECT b.ord - 1, CASE WHEN NOT b.known THEN 3"
        "   WHEN b.approver_id IS NULL THEN 1 ELSE 2 END"
        "  FROM b WHERE NOT (b.may_sign AND b.known) ORDER BY b.ord");

DB_STMT(gates_json, "SELECT " GT_JSON("g") " FROM gates g WHERE g.id = $1");

DB_STMT(gates_remove,
        "DELETE FROM gates g WHERE g.id = $1 AND g.version = $2"
        " RETURNING " GT_JSON("g"));

/* The approver and sign-off of criterion $1, to explain a refusal. */
DB_STMT(gates_criterion_state,
        "SELECT c.approver_id, " GT_USER("c.approver_id") ","
        " coalesce(" GT_USER("c.signed_by") ", ''),"
        " coalesce(to_char(c.signed_at, 'YYYY-MM-DD'), '')"
        " FROM gate_criteria c WHERE c.id = $1");

/*
 * Locks the gate, then signs the criterion if it is still unsigned (a
 * twin that lost the race finds it signed on its re-check) and moves
 * the gate's version on.
 */
DB_STMT(gates_sign_row,
        "WITH g AS (SELECT g.id, " GT_JSON("g") " AS before FROM gates g"
        "   JOIN gate_criteria c ON c.gate_id = g.id WHERE c.id = $1"
        "   FOR UPDATE OF g),"
        " s AS (UPDATE gate_criteria c SET signed_by = $2, signed_at = now(),"
        "   evidence = $3 FROM g WHERE c.id = $1 AND c.gate_id = g.id"
        "   AND c.approver_id = $2 AND c.signed_by IS NULL"
        "   RETURNING c.gate_id),"
        " v AS (UPDATE gates x SET version = version + 1 FROM s"
        "   WHERE x.id = s.gate_id RETURNING x.id)"
        " SELECT g.id, g.before, EXISTS (SELECT 1 FROM v) FROM g");

/*
 * Criterion $1 with its gate locked and its milestone share-locked (as
 * every gate write takes them): its approver, who signed it, the gate's
 * audited form and whether the milestone is finished.
 */
DB_STMT(gates_unsign_lock,
        "SELECT c.gate_id, c.approver_id, c.signed_by IS NOT NULL,"
        " " GT_JSON("g") ", " GT_FINISHED("w") ", w.program_id"
        " FROM gate_criteria c JOIN gates g ON g.id = c.gate_id"
        " JOIN work_items w ON w.id = g.milestone_id WHERE c.id = $1"
        " FOR UPDATE OF g FOR SHARE OF w");

DB_STMT(gates_unsign_row,
        "WITH s AS (UPDATE gate_criteria SET signed_by = NULL,"
        "   signed_at = NULL, evidence = '' WHERE id = $1 RETURNING gate_id)"
        " UPDATE gates g SET version = version + 1 FROM s"
        " WHERE g.id = s.gate_id");

DB_STMT(gates_lock_item, "SELECT 1 FROM work_items WHERE id = $1 FOR UPDATE");

/* The unsigned criteria of milestone $1 (or of gate $2 when not 0). */
DB_STMT(gates_pending,
        "SELECT g.name || ': ' || c.description || ' (approver '"
        "  || " GT_USER("c.approver_id") " || ')'"
        " FROM gates g JOIN gate_criteria c ON c.gate_id = g.id"
        " WHERE (g.milestone_id = $1 OR g.id = $2) AND c.signed_by IS NULL"
        " ORDER BY g.id, c.position, c.id");
/* clang-format on */

static const char *const gates_kind_names[] = {
    NULL, "quality", "security", "compliance", "launch", "other"};

const char *gates_kind_name(int kind)
{
    return kind >= 1 && kind <= 5 ? gates_kind_names[kind] : NULL;
}

int gates_kind_of(const char *name)
{
    for (int k = 1; k <= 5; k++)
        if (strcmp(gates_kind_names[k], name) == 0)
            return k;
    return 0;
}

static char *gates_i64(rpc_call *call, int64_t v)
{
    return arena_printf(call->arena, "%lld", (long long)v);
}

/* ------------------------------------------------------------ reading */

static Pmo__V1__GateCriterion *
gates_criterion_from_row(arena *a, const PGresult *r, int row)
{
    Pmo__V1__GateCriterion *c = arena_alloc(a, sizeof(*c));
    pmo__v1__gate_criterion__init(c);
    c->id = db_int64(r, row, 9);
    c->description = arena_strdup(a, db_text(r, row, 10));
    c->approver = arena_strdup(a, db_text(r, row, 11));
    c->signed_by = arena_strdup(a, db_text(r, row, 12));
    c->signed_off = c->signed_by[0] != '\0';
    c->signed_at_ms = db_int64(r, row, 13);
    c->evidence = arena_strdup(a, db_text(r, row, 14));
    return c;
}

static Pmo__V1__Gate *gates_from_row(rpc_call *call, const PGresult *r, int row,
                                     size_t n_criteria)
{
    arena *a = call->arena;
    Pmo__V1__Gate *g = arena_alloc(a, sizeof(*g));
    pmo__v1__gate__init(g);
    g->id = db_int64(r, row, 0);
    g->program = arena_strdup(a, db_text(r, row, 2));
    g->item =
        arena_printf(a, "%s-%lld", g->program, (long long)db_int64(r, row, 3));
    g->name = arena_strdup(a, db_text(r, row, 4));
    g->kind = (Pmo__V1__GateKind)db_int64(r, row, 5);
    g->description = arena_strdup(a, db_text(r, row, 6));
    g->version = db_int64(r, row, 7);
    g->created_at_ms = db_int64(r, row, 8);
    g->criteria =
        arena_alloc(a, (n_criteria ? n_criteria : 1) * sizeof(*g->criteria));
    for (size_t i = 0; i < n_criteria; i++)
        if (!db_is_null(r, row + (int)i, 9))
            g->criteria[g->n_criteria++] =
                gates_criterion_from_row(a, r, row + (int)i);
    return g;
}

/* Groups the rows of a GT_READ result into gates. */
static void gates_from_result(rpc_call *call, const PGresult *r,
                              Pmo__V1__Gate ***out, size_t *n)
{
    int rows = PQntuples(r);
    *out = arena_alloc(call->arena, (rows ? (size_t)rows : 1) * sizeof(**out));
    *n = 0;
    for (int row = 0; row < rows;) {
        int end = row + 1;
        while (end < rows && db_int64(r, end, 0) == db_int64(r, row, 0))
            end++;
        (*out)[(*n)++] = gates_from_row(call, r, row, (size_t)(end - row));
        row = end;
    }
}

/* Reads gate id; NOT_FOUND if none. */
static int gates_read(rpc_call *call, int64_t id, int64_t *program_id,
                      Pmo__V1__Gate **out)
{
    const char *params[] = {gates_i64(call, id)};
    PGresult *r = db_exec(call->db, &gates_by_id, 1, params);
    if (r == NULL) {
        rpc_fail_db(call, "reading the gate");
        return -1;
    }
    if (PQntuples(r) == 0) {
        PQclear(r);
        rpc_fail(call, PMO_NOT_FOUND, "no gate %lld", (long long)id);
        return -1;
    }
    Pmo__V1__Gate **gates;
    size_t n;
    gates_from_result(call, r, &gates, &n);
    if (program_id)
        *program_id = db_int64(r, 0, 1);
    PQclear(r);
    *out = gates[0];
    return 0;
}

int gates_find(rpc_call *call, int64_t id, int64_t *program_id,
               Pmo__V1__Gate **out)
{
    return gates_read(call, id, program_id, out);
}

/* Program and version of gate id; NOT_FOUND if none. */
static int gates_locate(rpc_call *call, int64_t id, int64_t *program_id,
                        int64_t *version)
{
    const char *params[] = {gates_i64(call, id)};
    PGresult *r = db_exec(call->db, &gates_where, 1, params);
    if (r == NULL) {
        rpc_fail_db(call, "reading the gate");
        return -1;
    }
    int found = PQntuples(r) == 1;
    if (found) {
        *program_id = db_int64(r, 0, 0);
        *version = db_int64(r, 0, 1);
    } else {
        rpc_fail(call, PMO_NOT_FOUND, "no gate %lld", (long long)id);
    }
    PQclear(r);
    return found ? 0 : -1;
}

int gates_program_of(rpc_call *call, int64_t id, int64_t *program_id)
{
    int64_t version;
    return gates_locate(call, id, program_id, &version);
}

int gates_criterion_program(rpc_call *call, int64_t id, int64_t *program_id)
{
    const char *params[] = {gates_i64(call, id)};
    PGresult *r = db_exec(call->db, &gates_criterion_where, 1, params);
    if (r == NULL) {
        rpc_fail_db(call, "reading the criterion");
        return -1;
    }
    int found = PQntuples(r) == 1;
    if (found)
        *program_id = db_int64(r, 0, 0);
    else
        rpc_fail(call, PMO_NOT_FOUND, "no gate criterion %lld", (long long)id);
    PQclear(r);
    return found ? 0 : -1;
}

int gates_list(rpc_call *call, const program_access *prog, int64_t after,
               unsigned limit, Pmo__V1__Gate ***out, size_t *n)
{
    const char *params[] = {gates_i64(call, prog->id), gates_i64(call, after),
                            gates_i64(call, (int64_t)limit + 1)};
    PGresult *r = db_exec(call->db, &gates_page, 3, params);
    if (r == NULL) {
        rpc_fail_db(call, "listing gates");
        return -1;
    }
    gates_from_result(call, r, out, n);
    PQclear(r);
    return 0;
}

/* The unsigned criteria of milestone id (or of gate gate_id). */
static int gates_pending_list(rpc_call *call, int64_t milestone_id,
                              int64_t gate_id, char ***out, size_t *n)
{
    const char *params[] = {gates_i64(call, milestone_id),
                            gates_i64(call, gate_id)};
    PGresult *r = db_exec(call->db, &gates_pending, 2, params);
    if (r == NULL) {
        rpc_fail_db(call, "reading the gates' criteria");
        return -1;
    }
    *n = (size_t)PQntuples(r);
    *out = arena_alloc(call->arena, (*n ? *n : 1) * sizeof(**out));
    for (size_t i = 0; i < *n; i++)
        (*out)[i] = arena_strdup(call->arena, db_text(r, (int)i, 0));
    PQclear(r);
    return 0;
}

int gates_status(rpc_call *call, const program_access *prog, int64_t number,
                 Pmo__V1__GateStatus *out)
{
    const char *params[] = {gates_i64(call, prog->id), gates_i64(call, number)};
    PGresult *r = db_exec(call->db, &gates_item_id, 2, params);
    if (r == NULL) {
        rpc_fail_db(call, "reading the work item");
        return -1;
    }
    int64_t item_id = PQntuples(r) == 1 ? db_int64(r, 0, 0) : 0;
    PQclear(r);
    out->item =
        arena_printf(call->arena, "%s-%lld", prog->key, (long long)number);
    if (item_id == 0) {
        rpc_fail(call, PMO_NOT_FOUND, "no work item %s", out->item);
        return -1;
    }
    const char *ip[] = {gates_i64(call, item_id)};
    r = db_exec(call->db, &gates_of_milestone, 1, ip);
    if (r == NULL) {
        rpc_fail_db(call, "reading the gates");
        return -1;
    }
    gates_from_result(call, r, &out->gates, &out->n_gates);
    PQclear(r);
    for (size_t i = 0; i < out->n_gates; i++)
        out->criteria += (uint32_t)out->gates[i]->n_criteria;
    if (gates_pending_list(call, item_id, 0, &out->pending, &out->n_pending) !=
        0)
        return -1;
    out->ready = out->n_pending == 0;
    return 0;
}

/* ------------------------------------------------------------ writing */

/* The criteria parameters: ids, descriptions and approvers. */
static void gates_criteria_params(rpc_call *call, const Pmo__V1__Gate *g,
                                  const char **ids, const char **texts,
                                  const char **approvers)
{
    size_t t_len = 1, a_len = 1;
    for (size_t i = 0; i < g->n_criteria; i++) {
        t_len += strlen(g->criteria[i]->description) + 1;
        a_len += strlen(g->criteria[i]->approver) + 1;
    }
    char *id = arena_alloc(call->arena, g->n_criteria * 21 + 1);
    char *t = arena_alloc(call->arena, t_len);
    char *a = arena_alloc(call->arena, a_len);
    size_t i_at = 0, t_at = 0, a_at = 0;
    id[0] = t[0] = a[0] = '\0';
    for (size_t i = 0; i < g->n_criteria; i++) {
        const Pmo__V1__GateCriterion *c = g->criteria[i];
        i_at += (size_t)sprintf(id + i_at, "%s%lld", i ? "," : "",
                                (long long)c->id);
        t_at +=
            (size_t)sprintf(t + t_at, "%s%s", i ? GT_SEP : "", c->description);
        a_at += (size_t)sprintf(a + a_at, "%s%s", i ? GT_SEP : "", c->approver);
    }
    *ids = id;
    *texts = t;
    *approvers = a;
}

/* Replaces gate id's checklist with g's criteria; violations per row. */
static int gates_criteria_write(rpc_call *call, const program_access *prog,
                                int64_t id, const Pmo__V1__Gate *g)
{
    const char *params[5];
    params[0] = gates_i64(call, id);
    gates_criteria_params(call, g, &params[1], &params[2], &params[3]);
    params[4] = gates_i64(call, prog->id);
    PGresult *r = db_exec(call->db, &gates_criteria_set, 5, params);
    if (r == NULL) {
        rpc_fail_db(call, "writing the gate's criteria");
        return -1;
    }
    int rows = PQntuples(r);
    for (int row = 0; row < rows; row++) {
        size_t i = (size_t)db_int64(r, row, 0);
        if (i >= g->n_criteria)
            continue;
        const Pmo__V1__GateCriterion *c = g->criteria[i];
        char field[48];
        switch (db_int64(r, row, 1)) {
        case 1:
            snprintf(field, sizeof(field), "gate.criteria[%zu].approver", i);
            rpc_violation(call, field, "no user %s", c->approver);
            break;
        case 2:
            snprintf(field, sizeof(field), "gate.criteria[%zu].approver", i);
            rpc_violation(call, field,
                          "%s cannot sign in %s: an approver needs at least "
                          "the contributor role there",
                          c->approver, prog->key);
            break;
        default:
            snprintf(field, sizeof(field), "gate.criteria[%zu].id", i);
            rpc_violation(call, field, "no criterion %lld in gate %lld",
                          (long long)c->id, (long long)id);
        }
    }
    PQclear(r);
    return rows ? -1 : 0;
}

/*
 * After a write to gate id on a finished milestone: it may not be left
 * with an unsigned criterion.
 */
static int gates_finished_guard(rpc_call *call, int64_t id, const char *item)
{
    char **pending;
    size_t n;
    if (gates_pending_list(call, 0, id, &pending, &n) != 0)
        return -1;
    if (n == 0)
        return 0;
    rpc_fail(call, PMO_FAILED_PRECONDITION,
             "%s is finished, so its gates cannot have unsigned criteria "
             "(%s); reopen it first",
             item, pending[0]);
    return -1;
}

/* The audited form of gate id as it is now. */
static const char *gates_json_now(rpc_call *call, int64_t id)
{
    const char *params[] = {gates_i64(call, id)};
    PGresult *r = db_exec(call->db, &gates_json, 1, params);
    if (r == NULL) {
        rpc_fail_db(call, "reading the gate");
        return NULL;
    }
    const char *json =
        PQntuples(r) == 1 ? arena_strdup(call->arena, db_text(r, 0, 0)) : "{}";
    PQclear(r);
    return json;
}

/* Audits gate id from before to now, and reads it back for the reply. */
static int gates_finish_write(rpc_call *call, int64_t id, const char *before,
                              Pmo__V1__Gate **out)
{
    const char *after = gates_json_now(call, id);
    if (after == NULL ||
        audit_record(call, "gate", gates_i64(call, id), before, after) != 0)
        return -1;
    return gates_read(call, id, NULL, out);
}

/* A unique violation on the name means the milestone has one so named. */
static void gates_fail_write(rpc_call *call, const char *name, const char *what)
{
    if (strcmp(call->db->sqlstate, "23505") == 0)
        rpc_fail(call, PMO_ALREADY_EXISTS,
                 "the milestone already has a gate named %s", name);
    else
        rpc_fail_db(call, what);
}

int gates_create(rpc_call *call, const program_access *prog, int64_t number,
                 const char *item_field, const Pmo__V1__Gate *g,
                 Pmo__V1__Gate **out)
{
    const char *mp[] = {gates_i64(call, prog->id), gates_i64(call, number)};
    PGresult *r = db_exec(call->db, &gates_milestone, 2, mp);
    if (r == NULL) {
        rpc_fail_db(call, "reading the milestone");
        return -1;
    }
    char *item =
        arena_printf(call->arena, "%s-%lld", prog->key, (long long)number);
    if (PQntuples(r) != 1 || db_int64(r, 0, 1) != 3) {
        bool found = PQntuples(r) == 1;
        PQclear(r);
        rpc_violation(call, item_field,
                      found ? "%s is not a milestone: gates go on milestones"
                            : "no work item %s",
                      item);
        return -1;
    }
    int64_t milestone_id = db_int64(r, 0, 0);
    bool finished = db_bool(r, 0, 2);
    PQclear(r);
    char kind[8];
    snprintf(kind, sizeof(kind), "%d", (int)g->kind);
    const char *params[] = {gates_i64(call, prog->id),
                            gates_i64(call, milestone_id), g->name, kind,
                            g->description};
    r = db_exec(call->db, &gates_insert, 5, params);
    if (r == NULL) {
        gates_fail_write(call, g->name, "creating the gate");
        return -1;
    }
    int64_t id = db_int64(r, 0, 0);
    PQclear(r);
    if (gates_criteria_write(call, prog, id, g) != 0 ||
        (finished && gates_finished_guard(call, id, item) != 0))
        return -1;
    return gates_finish_write(call, id, NULL, out);
}

/* After a versioned write matched no row: gone, or moved on. */
static void gates_missed(rpc_call *call, int64_t id, int64_t expected)
{
    int64_t program_id, version;
    if (gates_locate(call, id, &program_id, &version) != 0)
        return;
    char what[32];
    snprintf(what, sizeof(what), "gate %lld", (long long)id);
    fields_stale(call, what, version, expected);
}

int gates_update(rpc_call *call, const program_access *prog, int64_t id,
                 int64_t expected, unsigned mask, const Pmo__V1__Gate *g,
                 Pmo__V1__Gate **out)
{
    const char *lp[] = {gates_i64(call, id)};
    PGresult *r = db_exec(call->db, &gates_lock, 1, lp);
    if (r == NULL) {
        rpc_fail_db(call, "locking the gate");
        return -1;
    }
    if (PQntuples(r) != 1 || db_int64(r, 0, 0) != expected) {
        PQclear(r);
        gates_missed(call, id, expected);
        return -1;
    }
    const char *before = arena_strdup(call->arena, db_text(r, 0, 1));
    bool finished = db_bool(r, 0, 2);
    PQclear(r);
    char bits[8], kind[8];
    snprintf(bits, sizeof(bits), "%u", mask);
    snprintf(kind, sizeof(kind), "%d", (int)g->kind);
    const char *params[] = {lp[0], bits, g->name, kind, g->description};
    if (db_exec_command(call->db, &gates_change, 5, params) != 0) {
        gates_fail_write(call, g->name, "changing the gate");
        return -1;
    }
    if ((mask & GATES_CRITERIA) &&
        (gates_criteria_write(call, prog, id, g) != 0 ||
         (finished && gates_finished_guard(call, id, "its milestone") != 0)))
        return -1;
    return gates_finish_write(call, id, before, out);
}

int gates_delete(rpc_call *call, int64_t id, int64_t expected)
{
    const char *params[] = {gates_i64(call, id), gates_i64(call, expected)};
    PGresult *r = db_exec(call->db, &gates_remove, 2, params);
    if (r == NULL) {
        rpc_fail_db(call, "deleting the gate");
        return -1;
    }
    if (PQntuples(r) != 1) {
        PQclear(r);
        gates_missed(call, id, expected);
        return -1;
    }
    int rc = audit_record(call, "gate", params[0], db_text(r, 0, 0), NULL);
    PQclear(r);
    return rc;
}

/* Why criterion id cannot be signed by the caller; always -1. */
static int gates_sign_refused(rpc_call *call, int64_t id)
{
    const char *params[] = {gates_i64(call, id)};
    PGresult *r = db_exec(call->db, &gates_criterion_state, 1, params);
    if (r == NULL) {
        rpc_fail_db(call, "reading the criterion");
        return -1;
    }
    if (PQntuples(r) != 1)
        rpc_fail(call, PMO_NOT_FOUND, "no gate criterion %lld", (long long)id);
    else if (db_int64(r, 0, 0) != call->who.user_id)
        rpc_fail(call, PMO_PERMISSION_DENIED,
                 "only its approver %s signs criterion %lld", db_text(r, 0, 1),
                 (long long)id);
    else
        rpc_fail(call, PMO_FAILED_PRECONDITION,
                 "criterion %lld is signed already, by %s on %s", (long long)id,
                 db_text(r, 0, 2), db_text(r, 0, 3));
    PQclear(r);
    return -1;
}

int gates_sign(rpc_call *call, const program_access *prog, int64_t id,
               const char *evidence, Pmo__V1__Gate **out)
{
    (void)prog;
    const char *params[] = {gates_i64(call, id),
                            gates_i64(call, call->who.user_id), evidence};
    PGresult *r = db_exec(call->db, &gates_sign_row, 3, params);
    if (r == NULL) {
        rpc_fail_db(call, "signing the criterion");
        return -1;
    }
    if (PQntuples(r) != 1 || !db_bool(r, 0, 2)) {
        PQclear(r);
        return gates_sign_refused(call, id);
    }
    int64_t gate_id = db_int64(r, 0, 0);
    const char *before = arena_strdup(call->arena, db_text(r, 0, 1));
    PQclear(r);
    return gates_finish_write(call, gate_id, before, out);
}

/* Why criterion id of r (gates_unsign_lock) may not be unsigned, or 0. */
static int gates_unsign_refused(rpc_call *call, const program_access *prog,
                                int64_t id, const PGresult *r)
{
    if (PQntuples(r) != 1 || db_int64(r, 0, 5) != prog->id) {
        rpc_fail(call, PMO_NOT_FOUND, "no gate criterion %lld", (long long)id);
        return -1;
    }
    if (db_int64(r, 0, 1) != call->who.user_id && prog->role < ACCESS_MANAGER) {
        rpc_fail(call, PMO_PERMISSION_DENIED,
                 "only its approver or a manager of %s withdraws the sign-off "
                 "of criterion %lld",
                 prog->key, (long long)id);
        return -1;
    }
    if (!db_bool(r, 0, 2)) {
        rpc_fail(call, PMO_FAILED_PRECONDITION, "criterion %lld is not signed",
                 (long long)id);
        return -1;
    }
    if (db_bool(r, 0, 4)) {
        rpc_fail(call, PMO_FAILED_PRECONDITION,
                 "the milestone of criterion %lld is finished, and a finished "
                 "milestone keeps its sign-offs; reopen it first",
                 (long long)id);
        return -1;
    }
    return 0;
}

int gates_unsign(rpc_call *call, const program_access *prog, int64_t id,
                 Pmo__V1__Gate **out)
{
    const char *params[] = {gates_i64(call, id)};
    PGresult *r = db_exec(call->db, &gates_unsign_lock, 1, params);
    if (r == NULL) {
        rpc_fail_db(call, "locking the gate");
        return -1;
    }
    if (gates_unsign_refused(call, prog, id, r) != 0) {
        PQclear(r);
        return -1;
    }
    int64_t gate_id = db_int64(r, 0, 0);
    const char *before = arena_strdup(call->arena, db_text(r, 0, 3));
    PQclear(r);
    if (db_exec_command(call->db, &gates_unsign_row, 1, params) != 0) {
        rpc_fail_db(call, "withdrawing the sign-off");
        return -1;
    }
    return gates_finish_write(call, gate_id, before, out);
}

/* ------------------------------------------------- the milestone rule */

/* Done, an actual finish and 100 % complete each say it is finished. */
static bool gates_item_finished(const Pmo__V1__WorkItem *it)
{
    return it->state == PMO__V1__WORK_STATE__STATE_DONE ||
           it->actual_finish[0] != '\0' || it->percent_complete >= 100;
}

int gates_finish_check(rpc_call *call, const Pmo__V1__WorkItem *cur,
                       const Pmo__V1__WorkItem *next)
{
    if (!gates_item_finished(next) || gates_item_finished(cur))
        return 0;
    const char *params[] = {gates_i64(call, cur->id)};
    if (db_exec_command(call->db, &gates_lock_item, 1, params) != 0) {
        rpc_fail_db(call, "locking the work item");
        return -1;
    }
    char **pending;
    size_t n;
    if (gates_pending_list(call, cur->id, 0, &pending, &n) != 0)
        return -1;
    if (n == 0)
        return 0;
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        len += strlen(pending[i]) + 2;
    char *list = arena_alloc(call->arena, len);
    size_t at = 0;
    for (size_t i = 0; i < n; i++)
        at += (size_t)sprintf(list + at, "%s%s", i ? "; " : "", pending[i]);
    rpc_fail(call, PMO_FAILED_PRECONDITION,
             "%s cannot be finished: %zu gate criteri%s unsigned: %s", cur->ref,
             n, n == 1 ? "on is" : "a are", list);
    return -1;
}
