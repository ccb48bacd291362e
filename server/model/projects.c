/* server/model/projects.c - project rows of a program. */
#include "model/projects.h"
#include "api/fields.h"
#include "audit/audit.h"

#include <stdio.h>
#include <string.h>

/* Every query returning a pmo.v1.Project reads these from j, t and u. */
#define PROJECT_COLUMNS                                                        \
    "j.id, j.key, j.name, j.description, coalesce(t.key, ''),"                 \
    " coalesce(u.username, ''),"                                               \
    " coalesce(to_char(j.target_start, 'YYYY-MM-DD'), ''),"                    \
    " coalesce(to_char(j.target_finish, 'YYYY-MM-DD'), ''), j.version"
#define PROJECT_NCOLS 9
#define PROJECT_JOIN                                                           \
    " LEFT JOIN teams t ON t.id = j.team_id"                                   \
    " LEFT JOIN users u ON u.id = j.lead_id"

/* The audited form: team and lead by key and name, like the API. */
#define PROJECT_JSON                                                           \
    "jsonb_build_object('id', j.id, 'key', j.key, 'name', j.name,"             \
    " 'description', j.description, 'team', t.key, 'lead', u.username,"        \
    " 'target_start', j.target_start, 'target_finish', j.target_finish,"       \
    " 'version', j.version)"

/* Inserts only if the named team and lead exist, and says which did not. */
DB_STMT(projects_insert,
        "WITH tm AS (SELECT id FROM teams WHERE key = $5),"
        " ld AS (SELECT id FROM users WHERE username = $6),"
        " ok AS (SELECT ($5 = '' OR EXISTS (SELECT 1 FROM tm)) AS team_ok,"
        "               ($6 = '' OR EXISTS (SELECT 1 FROM ld)) AS lead_ok),"
        " j AS (INSERT INTO projects (program_id, key, name, description,"
        "         team_id, lead_id, target_start, target_finish)"
        "       SELECT $1::bigint, $2, $3, $4, (SELECT id FROM tm),"
        "         (SELECT id FROM ld), NULLIF($7, '')::date,"
        "         NULLIF($8, '')::date"
        "       FROM ok WHERE ok.team_ok AND ok.lead_ok RETURNING *)"
        " SELECT ok.team_ok, ok.lead_ok, " PROJECT_COLUMNS ", " PROJECT_JSON
        " FROM ok LEFT JOIN j ON true" PROJECT_JOIN);

DB_STMT(projects_by_key,
        "SELECT " PROJECT_COLUMNS " FROM projects j" PROJECT_JOIN
        " WHERE j.program_id = $1 AND j.key = $2");

DB_STMT(projects_page, "SELECT " PROJECT_COLUMNS " FROM projects j" PROJECT_JOIN
                       " WHERE j.program_id = $1 AND ($2 = '' OR t.key = $2)"
                       "   AND j.key > $3"
                       " ORDER BY j.key LIMIT $4::bigint");

/*
 * Like programs_change: lock (cur), next values from the mask flags
 * (nxt), update only at the expected version with a known team and lead
 * and dates in order (upd); the row always comes back to say why not.
 */
DB_STMT(projects_change,
        "WITH cur AS (SELECT j.*, " PROJECT_JSON " AS before"
        "   FROM projects j" PROJECT_JOIN
        "   WHERE j.program_id = $1 AND j.key = $2 FOR UPDATE OF j),"
        " tm AS (SELECT id FROM teams WHERE key = $9),"
        " ld AS (SELECT id FROM users WHERE username = $11),"
        " nxt AS (SELECT cur.id,"
        "   CASE WHEN $4::bool THEN $5 ELSE cur.name END AS name,"
        "   CASE WHEN $6::bool THEN $7 ELSE cur.description END"
        "     AS description,"
        "   CASE WHEN $8::bool THEN (SELECT id FROM tm) ELSE cur.team_id END"
        "     AS team_id,"
        "   CASE WHEN $10::bool THEN (SELECT id FROM ld) ELSE cur.lead_id END"
        "     AS lead_id,"
        "   CASE WHEN $12::bool THEN NULLIF($13, '')::date"
        "     ELSE cur.target_start END AS target_start,"
        "   CASE WHEN $14::bool THEN NULLIF($15, '')::date"
        "     ELSE cur.target_finish END AS target_finish,"
        "   (NOT $8::bool OR $9 = '' OR EXISTS (SELECT 1 FROM tm)) AS team_ok,"
        "   (NOT $10::bool OR $11 = '' OR EXISTS (SELECT 1 FROM ld))"
        "     AS lead_ok"
        "   FROM cur),"
        " upd AS (UPDATE projects j SET name = n.name,"
        "   description = n.description, team_id = n.team_id,"
        "   lead_id = n.lead_id, target_start = n.target_start,"
        "   target_finish = n.target_finish, version = j.version + 1"
        "   FROM nxt n WHERE j.id = n.id AND j.version = $3::bigint"
        "    AND n.team_ok AND n.lead_ok"
        "    AND (n.target_start IS NULL OR n.target_finish IS NULL"
        "         OR n.target_start <= n.target_finish)"
        "   RETURNING j.*)"
        " SELECT cur.version, nxt.team_ok, nxt.lead_ok,"
        "   coalesce(to_char(nxt.target_start, 'YYYY-MM-DD'), ''),"
        "   coalesce(to_char(nxt.target_finish, 'YYYY-MM-DD'), ''),"
        "   cur.before, " PROJECT_COLUMNS ", " PROJECT_JSON
        " FROM cur CROSS JOIN nxt LEFT JOIN upd j ON true" PROJECT_JOIN);

/*
 * Work items created after this statement's snapshot are not counted,
 * but their foreign key then fails the DELETE: nothing goes unseen.
 */
DB_STMT(projects_remove,
        "WITH cur AS (SELECT j.id, j.version, " PROJECT_JSON " AS before"
        "   FROM projects j" PROJECT_JOIN
        "   WHERE j.program_id = $1 AND j.key = $2 FOR UPDATE OF j),"
        " n AS (SELECT count(*) AS items FROM work_items w"
        "       JOIN cur ON w.project_id = cur.id),"
        " del AS (DELETE FROM projects j USING cur CROSS JOIN n"
        "   WHERE j.id = cur.id AND n.items = 0"
        "     AND ($3::bigint = 0 OR cur.version = $3::bigint) RETURNING 1),"
        /* Comments on the project and RACI roles naming it go with it. */
        " notes AS (DELETE FROM comments m USING del"
        "   WHERE m.program_id = $1 AND m.entity = 'project'"
        "     AND m.entity_key = $2),"
        " raci AS (DELETE FROM stakeholder_raci r USING del, stakeholders s"
        "   WHERE s.id = r.stakeholder_id AND s.program_id = $1"
        "     AND r.target = $2)"
        " SELECT cur.version, n.items, EXISTS (SELECT 1 FROM del), cur.before"
        " FROM cur CROSS JOIN n");

/* ------------------------------------------------------------ row <-> C */

static Pmo__V1__Project *projects_from_row(arena *a, const program_access *pa,
                                           const PGresult *r, int row, int col)
{
    Pmo__V1__Project *p = arena_alloc(a, sizeof(*p));
    pmo__v1__project__init(p);
    p->id = db_int64(r, row, col);
    p->program = arena_strdup(a, pa->key);
    p->key = arena_strdup(a, db_text(r, row, col + 1));
    p->name = arena_strdup(a, db_text(r, row, col + 2));
    p->description = arena_strdup(a, db_text(r, row, col + 3));
    p->team = arena_strdup(a, db_text(r, row, col + 4));
    p->lead = arena_strdup(a, db_text(r, row, col + 5));
    p->target_start = arena_strdup(a, db_text(r, row, col + 6));
    p->target_finish = arena_strdup(a, db_text(r, row, col + 7));
    p->version = db_int64(r, row, col + 8);
    return p;
}

static const char *projects_int(rpc_call *call, int64_t v)
{
    return arena_printf(call->arena, "%lld", (long long)v);
}

/* NOT_FOUND with a violation of the field, for a team or lead not there. */
static void projects_missing(rpc_call *call, const char *field,
                             const char *what, const char *name)
{
    rpc_fail(call, PMO_NOT_FOUND, "no %s %s", what, name);
    rpc_violation(call, field, "no %s %s", what, name);
}

static int projects_audit(rpc_call *call, const char *key, const char *before,
                          const char *after)
{
    return audit_record(call, "project", key, before, after);
}

/* ------------------------------------------------------------- queries */

int projects_create(rpc_call *call, const program_access *pa,
                    const Pmo__V1__Project *in, Pmo__V1__Project **out)
{
    const char *params[] = {
        projects_int(call, pa->id),
        in->key,
        in->name,
        in->description,
        in->team,
        in->lead,
        in->target_start,
        in->target_finish,
    };
    PGresult *r = db_exec(call->db, &projects_insert, 8, params);
    if (r == NULL) {
        if (db_status_of_error(call->db) == PMO_ALREADY_EXISTS)
            rpc_fail(call, PMO_ALREADY_EXISTS,
                     "project %s already exists in %s", in->key, pa->key);
        else
            rpc_fail_db(call, "creating the project");
        return -1;
    }
    int rc = -1;
    if (!db_bool(r, 0, 0))
        projects_missing(call, "project.team", "team", in->team);
    else if (!db_bool(r, 0, 1))
        projects_missing(call, "project.lead", "user", in->lead);
    else
        rc = projects_audit(call, in->key, NULL,
                            db_text(r, 0, 2 + PROJECT_NCOLS));
    if (rc == 0)
        *out = projects_from_row(call->arena, pa, r, 0, 2);
    PQclear(r);
    return rc;
}

int projects_get(rpc_call *call, const program_access *pa, const char *key,
                 Pmo__V1__Project **out)
{
    const char *params[] = {projects_int(call, pa->id), key};
    PGresult *r = db_exec(call->db, &projects_by_key, 2, params);
    if (r == NULL) {
        rpc_fail_db(call, "reading the project");
        return -1;
    }
    int found = PQntuples(r) == 1;
    if (found)
        *out = projects_from_row(call->arena, pa, r, 0, 0);
    else
        rpc_fail(call, PMO_NOT_FOUND, "no project %s in %s", key, pa->key);
    PQclear(r);
    return found ? 0 : -1;
}

int projects_list(rpc_call *call, const program_access *pa, const char *team,
                  const char *after_key, unsigned limit,
                  Pmo__V1__Project ***out, size_t *n)
{
    const char *params[] = {projects_int(call, pa->id), team, after_key,
                            projects_int(call, (int64_t)limit + 1)};
    PGresult *r = db_exec(call->db, &projects_page, 4, params);
    if (r == NULL) {
        rpc_fail_db(call, "listing projects");
        return -1;
    }
    *n = (size_t)PQntuples(r);
    *out = arena_alloc(call->arena, (*n ? *n : 1) * sizeof(**out));
    for (size_t i = 0; i < *n; i++)
        (*out)[i] = projects_from_row(call->arena, pa, r, (int)i, 0);
    PQclear(r);
    return 0;
}

/* Why an update matched no row, in the order a caller should fix it. */
static void projects_update_refused(rpc_call *call, const char *key,
                                    const Pmo__V1__Project *in,
                                    const PGresult *r, unsigned mask,
                                    int64_t expected_version)
{
    int64_t current = db_int64(r, 0, 0);
    const char *start = db_text(r, 0, 3), *finish = db_text(r, 0, 4);
    if (current != expected_version)
        fields_stale(call, arena_printf(call->arena, "project %s", key),
                     current, expected_version);
    else if (!db_bool(r, 0, 1))
        projects_missing(call, "project.team", "team", in->team);
    else if (!db_bool(r, 0, 2))
        projects_missing(call, "project.lead", "user", in->lead);
    else if (mask & PROJECT_FIELD_TARGET_FINISH)
        rpc_violation(call, "project.target_finish",
                      "%s is before target_start %s", finish, start);
    else
        rpc_violation(call, "project.target_start",
                      "%s is after target_finish %s", start, finish);
}

int projects_update(rpc_call *call, const program_access *pa, const char *key,
                    const Pmo__V1__Project *in, unsigned mask,
                    int64_t expected_version, Pmo__V1__Project **out)
{
#define MASKED(bit) ((mask & (bit)) ? "t" : "f")
    const char *params[] = {
        projects_int(call, pa->id),
        key,
        projects_int(call, expected_version),
        MASKED(PROJECT_FIELD_NAME),
        in->name,
        MASKED(PROJECT_FIELD_DESCRIPTION),
        in->description,
        MASKED(PROJECT_FIELD_TEAM),
        in->team,
        MASKED(PROJECT_FIELD_LEAD),
        in->lead,
        MASKED(PROJECT_FIELD_TARGET_START),
        in->target_start,
        MASKED(PROJECT_FIELD_TARGET_FINISH),
        in->target_finish,
    };
#undef MASKED
    PGresult *r = db_exec(call->db, &projects_change, 15, params);
    if (r == NULL) {
        rpc_fail_db(call, "changing the project");
        return -1;
    }
    int rc = -1;
    if (PQntuples(r) != 1)
        rpc_fail(call, PMO_NOT_FOUND, "no project %s in %s", key, pa->key);
    else if (db_is_null(r, 0, 6))
        projects_update_refused(call, key, in, r, mask, expected_version);
    else
        rc = projects_audit(call, key, db_text(r, 0, 5),
                            db_text(r, 0, 6 + PROJECT_NCOLS));
    if (rc == 0)
        *out = projects_from_row(call->arena, pa, r, 0, 6);
    PQclear(r);
    return rc;
}

int projects_delete(rpc_call *call, const program_access *pa, const char *key,
                    int64_t expected_version)
{
    const char *params[] = {projects_int(call, pa->id), key,
                            projects_int(call, expected_version)};
    PGresult *r = db_exec(call->db, &projects_remove, 3, params);
    if (r == NULL) {
        if (strcmp(call->db->sqlstate, "23503") == 0)
            rpc_fail(call, PMO_FAILED_PRECONDITION,
                     "project %s gained work items while it was being "
                     "deleted; read it again",
                     key);
        else
            rpc_fail_db(call, "deleting the project");
        return -1;
    }
    int rc = -1;
    if (PQntuples(r) != 1) {
        rpc_fail(call, PMO_NOT_FOUND, "no project %s in %s", key, pa->key);
    } else if (expected_version != 0 && db_int64(r, 0, 0) != expected_version) {
        fields_stale(call, arena_printf(call->arena, "project %s", key),
                     db_int64(r, 0, 0), expected_version);
    } else if (!db_bool(r, 0, 2)) {
        long long items = (long long)db_int64(r, 0, 1);
        rpc_fail(call, PMO_FAILED_PRECONDITION,
                 "project %s still has %lld work item%s; delete %s "
                 "first",
                 key, items, items == 1 ? "" : "s", items == 1 ? "it" : "them");
    } else {
        rc = projects_audit(call, key, db_text(r, 0, 3), NULL);
    }
    PQclear(r);
    return rc;
}
