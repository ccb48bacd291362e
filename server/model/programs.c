/* server/model/programs.c - program rows: create, read, change, delete. */
#include "model/programs.h"
#include "api/fields.h"
#include "audit/audit.h"
#include "common/money.h"
#include "db/array.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Each part of every goal, in goal order, as a text[]. */
#define PROGRAM_GOAL_DESCRIPTIONS                                              \
    "ARRAY(SELECT coalesce(e.g->>'description', '')"                           \
    " FROM jsonb_array_elements(p.goals) WITH ORDINALITY AS e(g, i)"           \
    " ORDER BY e.i)"
#define PROGRAM_GOAL_METRICS                                                   \
    "ARRAY(SELECT coalesce(e.g->>'metric', '')"                                \
    " FROM jsonb_array_elements(p.goals) WITH ORDINALITY AS e(g, i)"           \
    " ORDER BY e.i)"
#define PROGRAM_GOAL_TARGETS                                                   \
    "ARRAY(SELECT coalesce(e.g->>'target', '')"                                \
    " FROM jsonb_array_elements(p.goals) WITH ORDINALITY AS e(g, i)"           \
    " ORDER BY e.i)"

/* Every query returning a pmo.v1.Program selects these from alias p. */
#define PROGRAM_COLUMNS                                                        \
    "p.id, p.key, p.name, p.description, " PROGRAM_GOAL_DESCRIPTIONS           \
    ", " PROGRAM_GOAL_METRICS ", " PROGRAM_GOAL_TARGETS                        \
    ", p.scope_in, p.scope_out, p.deliverables, p.sponsor,"                    \
    " coalesce(to_char(p.target_start, 'YYYY-MM-DD'), ''),"                    \
    " coalesce(to_char(p.target_finish, 'YYYY-MM-DD'), ''),"                   \
    " p.status, p.rag, p.version,"                                             \
    " (extract(epoch FROM p.created_at) * 1000)::bigint,"                      \
    " (extract(epoch FROM p.updated_at) * 1000)::bigint,"                     \
    " p.critical_float_days, p.currency"
#define PROGRAM_NCOLS 20

/* The audited form of a program. */
#define PROGRAM_JSON                                                           \
    "jsonb_build_object('id', p.id, 'key', p.key, 'name', p.name,"             \
    " 'description', p.description, 'goals', p.goals, 'scope_in',"             \
    " p.scope_in, 'scope_out', p.scope_out, 'deliverables', p.deliverables,"   \
    " 'sponsor', p.sponsor, 'target_start', p.target_start, 'target_finish',"  \
    " p.target_finish, 'status', p.status, 'rag', p.rag,"                      \
    " 'critical_float_days', p.critical_float_days, 'currency', p.currency,"   \
    " 'version', p.version)"

/*
 * Goals as stored, from three parallel text[] parameters (descriptions,
 * metrics, targets): $4-$6 when creating, $8-$10 when changing.
 */
#define PROGRAM_GOALS_JSON_SQL(d, m, t)                                        \
    "(SELECT coalesce(jsonb_agg(jsonb_build_object('description', g.d,"        \
    " 'metric', g.m, 'target', g.t) ORDER BY g.i), '[]')"                      \
    " FROM unnest(" d "::text[], " m "::text[], " t "::text[])"                \
    " WITH ORDINALITY AS g(d, m, t, i))"
#define PROGRAM_GOALS_CREATE PROGRAM_GOALS_JSON_SQL("$4", "$5", "$6")
#define PROGRAM_GOALS_CHANGE PROGRAM_GOALS_JSON_SQL("$8", "$9", "$10")

DB_STMT(programs_insert,
        "WITH p AS ("
        "  INSERT INTO programs (key, name, description, goals, scope_in,"
        "    scope_out, deliverables, sponsor, target_start, target_finish,"
        "    status, rag, critical_float_days, currency)"
        "  VALUES ($1, $2, $3, " PROGRAM_GOALS_CREATE ","
        "    $7::text[], $8::text[], $9::text[], $10, NULLIF($11, '')::date,"
        "    NULLIF($12, '')::date, $13::smallint, $14::smallint,"
        "    $16::float8, $17)"
        "  RETURNING *),"
        " membership AS (INSERT INTO program_members (program_id, user_id,"
        "    role) SELECT p.id, $15::bigint, 4 FROM p)"
        " SELECT " PROGRAM_COLUMNS ", " PROGRAM_JSON " FROM p");

DB_STMT(programs_by_id,
        "SELECT " PROGRAM_COLUMNS " FROM programs p WHERE p.id = $1");

/*
 * Admins ($1) see every program, as owners, like access_program; a token
 * limited to programs ($6) sees only those.
 */
DB_STMT(programs_page,
        "SELECT " PROGRAM_COLUMNS ", CASE WHEN $1::bool THEN 4 ELSE m.role END"
        " FROM programs p LEFT JOIN program_members m"
        "   ON m.program_id = p.id AND m.user_id = $2::bigint"
        " WHERE ($1::bool OR m.role IS NOT NULL)"
        "   AND " ACCESS_TOKEN_ALLOWS("$6", "p.id")
        "   AND ($3::int = 0 OR p.status = $3::int) AND p.key > $4"
        " ORDER BY p.key LIMIT $5::bigint");

/*
 * One round trip: lock the row (cur), compute every field's next value
 * from the mask flags (nxt), update only at the expected version with
 * the dates in order (upd). The row always comes back with the current
 * version and the combined dates, so a refusal can say why.
 */
DB_STMT(programs_change,
        "WITH cur AS (SELECT p.*, " PROGRAM_JSON " AS before FROM programs p"
        "             WHERE p.id = $1 FOR UPDATE),"
        " nxt AS (SELECT cur.id,"
        "   CASE WHEN $3::bool THEN $4 ELSE cur.name END AS name,"
        "   CASE WHEN $5::bool THEN $6 ELSE cur.description END AS description,"
        "   CASE WHEN $7::bool THEN " PROGRAM_GOALS_CHANGE
        "        ELSE cur.goals END AS goals,"
        "   CASE WHEN $11::bool THEN $12::text[] ELSE cur.scope_in END"
        "        AS scope_in,"
        "   CASE WHEN $13::bool THEN $14::text[] ELSE cur.scope_out END"
        "        AS scope_out,"
        "   CASE WHEN $15::bool THEN $16::text[] ELSE cur.deliverables END"
        "        AS deliverables,"
        "   CASE WHEN $17::bool THEN $18 ELSE cur.sponsor END AS sponsor,"
        "   CASE WHEN $19::bool THEN NULLIF($20, '')::date"
        "        ELSE cur.target_start END AS target_start,"
        "   CASE WHEN $21::bool THEN NULLIF($22, '')::date"
        "        ELSE cur.target_finish END AS target_finish,"
        "   CASE WHEN $23::bool THEN $24::smallint ELSE cur.status END"
        "        AS status,"
        "   CASE WHEN $25::bool THEN $26::smallint ELSE cur.rag END AS rag,"
        "   CASE WHEN $27::bool THEN $28::float8"
        "        ELSE cur.critical_float_days END AS critical_float_days,"
        "   CASE WHEN $29::bool THEN $30 ELSE cur.currency END AS currency"
        "   FROM cur),"
        " upd AS (UPDATE programs p SET name = n.name,"
        "   description = n.description, goals = n.goals,"
        "   scope_in = n.scope_in, scope_out = n.scope_out,"
        "   deliverables = n.deliverables, sponsor = n.sponsor,"
        "   target_start = n.target_start, target_finish = n.target_finish,"
        "   status = n.status, rag = n.rag,"
        "   critical_float_days = n.critical_float_days, currency = n.currency,"
        "   version = p.version + 1,"
        "   updated_at = now()"
        "   FROM nxt n WHERE p.id = n.id AND p.version = $2::bigint"
        "    AND (n.target_start IS NULL OR n.target_finish IS NULL"
        "         OR n.target_start <= n.target_finish)"
        "   RETURNING p.*)"
        " SELECT cur.version,"
        "   coalesce(to_char(nxt.target_start, 'YYYY-MM-DD'), ''),"
        "   coalesce(to_char(nxt.target_finish, 'YYYY-MM-DD'), ''),"
        "   cur.before, " PROGRAM_COLUMNS ", " PROGRAM_JSON
        " FROM cur CROSS JOIN nxt LEFT JOIN upd p ON true");

/*
 * One statement deletes the program and everything in it. The row lock
 * (cur) orders it after concurrent writers; a project created by one of
 * them after this statement's snapshot still blocks the final DELETE
 * through its foreign key, so nothing is ever deleted unseen. Foreign
 * keys are checked at the end of the statement, after every CTE ran.
 */
DB_STMT(programs_remove,
        "WITH cur AS (SELECT p.id, p.version, " PROGRAM_JSON " AS before"
        "             FROM programs p WHERE p.id = $1 FOR UPDATE),"
        " n AS (SELECT count(*) AS projects FROM projects"
        "       WHERE program_id = $1),"
        " proceed AS (SELECT cur.id FROM cur CROSS JOIN n"
        "   WHERE ($3::bigint = 0 OR cur.version = $3::bigint)"
        "     AND ($2::bool OR n.projects = 0)),"
        " deps AS (DELETE FROM dependencies d USING proceed g"
        "          WHERE d.program_id = g.id RETURNING 1),"
        " items AS (DELETE FROM work_items w USING proceed g"
        "           WHERE w.program_id = g.id RETURNING 1),"
        " holders AS (DELETE FROM stakeholders s USING proceed g"
        "             WHERE s.program_id = g.id RETURNING 1),"
        " notes AS (DELETE FROM comments c USING proceed g"
        "           WHERE c.program_id = g.id RETURNING 1),"
        " parts AS (DELETE FROM projects j USING proceed g"
        "           WHERE j.program_id = g.id RETURNING 1),"
        " gone AS (DELETE FROM programs p USING proceed g"
        "          WHERE p.id = g.id RETURNING 1)"
        " SELECT cur.version, n.projects, EXISTS (SELECT 1 FROM gone),"
        "   cur.before || jsonb_build_object('deleted', jsonb_build_object("
        "     'projects', (SELECT count(*) FROM parts),"
        "     'work_items', (SELECT count(*) FROM items),"
        "     'dependencies', (SELECT count(*) FROM deps),"
        "     'stakeholders', (SELECT count(*) FROM holders),"
        "     'comments', (SELECT count(*) FROM notes)))"
        " FROM cur CROSS JOIN n");

/* ------------------------------------------------------------ row <-> C */

static char **programs_strings(rpc_call *call, const PGresult *r, int row,
                               int col, size_t *n)
{
    char **items = NULL;
    *n = 0;
    if (db_array_parse(call->arena, db_text(r, row, col), &items, n) != 0)
        *n = 0; /* cannot happen for a text[] column; show nothing */
    return items;
}

static void programs_goals_from_row(rpc_call *call, const PGresult *r, int row,
                                    int col, Pmo__V1__Program *p)
{
    size_t nd, nm, nt;
    char **d = programs_strings(call, r, row, col, &nd);
    char **m = programs_strings(call, r, row, col + 1, &nm);
    char **t = programs_strings(call, r, row, col + 2, &nt);
    p->n_goals = nd;
    p->goals = arena_alloc(call->arena, (nd ? nd : 1) * sizeof(*p->goals));
    for (size_t i = 0; i < nd; i++) {
        Pmo__V1__Goal *g = arena_alloc(call->arena, sizeof(*g));
        pmo__v1__goal__init(g);
        g->description = d[i];
        g->metric = i < nm ? m[i] : "";
        g->target = i < nt ? t[i] : "";
        p->goals[i] = g;
    }
}

/* The program in PROGRAM_COLUMNS starting at column col. */
static Pmo__V1__Program *programs_from_row(rpc_call *call, const PGresult *r,
                                           int row, int col)
{
    arena *a = call->arena;
    Pmo__V1__Program *p = arena_alloc(a, sizeof(*p));
    pmo__v1__program__init(p);
    p->id = db_int64(r, row, col);
    p->key = arena_strdup(a, db_text(r, row, col + 1));
    p->name = arena_strdup(a, db_text(r, row, col + 2));
    p->description = arena_strdup(a, db_text(r, row, col + 3));
    programs_goals_from_row(call, r, row, col + 4, p);
    p->scope_in = programs_strings(call, r, row, col + 7, &p->n_scope_in);
    p->scope_out = programs_strings(call, r, row, col + 8, &p->n_scope_out);
    p->deliverables =
        programs_strings(call, r, row, col + 9, &p->n_deliverables);
    p->sponsor = arena_strdup(a, db_text(r, row, col + 10));
    p->target_start = arena_strdup(a, db_text(r, row, col + 11));
    p->target_finish = arena_strdup(a, db_text(r, row, col + 12));
    p->status = (Pmo__V1__ProgramStatus)db_int64(r, row, col + 13);
    p->rag = (Pmo__V1__Rag)db_int64(r, row, col + 14);
    p->version = db_int64(r, row, col + 15);
    p->created_at_ms = db_int64(r, row, col + 16);
    p->updated_at_ms = db_int64(r, row, col + 17);
    p->critical_float_days = strtod(db_text(r, row, col + 18), NULL);
    p->currency = arena_strdup(a, db_text(r, row, col + 19));
    return p;
}

/* The goals as three text[] literals: descriptions, metrics, targets. */
static void programs_goals_params(rpc_call *call, const Pmo__V1__Program *in,
                                  const char **params)
{
    size_t n = in->n_goals;
    char **parts[3];
    for (int k = 0; k < 3; k++)
        parts[k] = arena_alloc(call->arena, (n ? n : 1) * sizeof(char *));
    for (size_t i = 0; i < n; i++) {
        parts[0][i] = in->goals[i]->description;
        parts[1][i] = in->goals[i]->metric;
        parts[2][i] = in->goals[i]->target;
    }
    for (int k = 0; k < 3; k++)
        params[k] = db_array_literal(call->arena, parts[k], n);
}

static const char *programs_int(rpc_call *call, int64_t v)
{
    return arena_printf(call->arena, "%lld", (long long)v);
}

/* Round-trips exactly; the caller has checked the value is finite. */
static const char *programs_float(rpc_call *call, double v)
{
    return arena_printf(call->arena, "%.17g", v);
}

/* ------------------------------------------------------------- queries */

int programs_create(rpc_call *call, const Pmo__V1__Program *in,
                    Pmo__V1__Program **out)
{
    if (access_token_may_create_program(call) != 0)
        return -1;
    arena *a = call->arena;
    const char *params[17] = {in->key, in->name, in->description};
    programs_goals_params(call, in, params + 3);
    params[6] = db_array_literal(a, in->scope_in, in->n_scope_in);
    params[7] = db_array_literal(a, in->scope_out, in->n_scope_out);
    params[8] = db_array_literal(a, in->deliverables, in->n_deliverables);
    params[9] = in->sponsor;
    params[10] = in->target_start;
    params[11] = in->target_finish;
    params[12] = programs_int(call, in->status);
    params[13] = programs_int(call, in->rag);
    params[14] = programs_int(call, call->who.user_id);
    params[15] = programs_float(call, in->critical_float_days);
    params[16] = in->currency[0] ? in->currency : MONEY_DEFAULT_CURRENCY;
    PGresult *r = db_exec(call->db, &programs_insert, 17, params);
    if (r == NULL) {
        if (db_status_of_error(call->db) == PMO_ALREADY_EXISTS)
            rpc_fail(call, PMO_ALREADY_EXISTS, "program %s already exists",
                     in->key);
        else
            rpc_fail_db(call, "creating the program");
        return -1;
    }
    Pmo__V1__Program *p = programs_from_row(call, r, 0, 0);
    p->my_role = PMO__V1__PROGRAM_ROLE__ROLE_OWNER;
    call->program_id = p->id;
    int rc = audit_record(call, "program", p->key, NULL,
                          db_text(r, 0, PROGRAM_NCOLS));
    PQclear(r);
    if (rc != 0)
        return -1;
    *out = p;
    return 0;
}

int programs_get(rpc_call *call, const program_access *pa,
                 Pmo__V1__Program **out)
{
    const char *params[] = {programs_int(call, pa->id)};
    PGresult *r = db_exec(call->db, &programs_by_id, 1, params);
    if (r == NULL) {
        rpc_fail_db(call, "reading the program");
        return -1;
    }
    if (PQntuples(r) != 1) {
        PQclear(r);
        rpc_fail(call, PMO_NOT_FOUND, "no program %s", pa->key);
        return -1;
    }
    *out = programs_from_row(call, r, 0, 0);
    (*out)->my_role = (Pmo__V1__ProgramRole)pa->role;
    PQclear(r);
    return 0;
}

int programs_list(rpc_call *call, int status, const char *after_key,
                  unsigned limit, Pmo__V1__Program ***out, size_t *n)
{
    const char *params[] = {
        call->who.is_admin ? "t" : "f",
        programs_int(call, call->who.user_id),
        programs_int(call, status),
        after_key,
        programs_int(call, (int64_t)limit + 1),
        access_token_programs(call),
    };
    PGresult *r = db_exec(call->db, &programs_page, 6, params);
    if (r == NULL) {
        rpc_fail_db(call, "listing programs");
        return -1;
    }
    *n = (size_t)PQntuples(r);
    *out = arena_alloc(call->arena, (*n ? *n : 1) * sizeof(**out));
    for (size_t i = 0; i < *n; i++) {
        (*out)[i] = programs_from_row(call, r, (int)i, 0);
        (*out)[i]->my_role =
            (Pmo__V1__ProgramRole)db_int64(r, (int)i, PROGRAM_NCOLS);
    }
    PQclear(r);
    return 0;
}

/* Flag and value parameters of one masked field. */
static void programs_masked(const char **params, int at, unsigned mask,
                            unsigned bit, const char *value)
{
    params[at] = (mask & bit) ? "t" : "f";
    params[at + 1] = value;
}

/* Why an update matched no row: stale, or the dates would cross. */
static void programs_update_refused(rpc_call *call, const program_access *pa,
                                    const PGresult *r, unsigned mask,
                                    int64_t expected_version)
{
    int64_t current = db_int64(r, 0, 0);
    if (current != expected_version) {
        fields_stale(call, arena_printf(call->arena, "program %s", pa->key),
                     current, expected_version);
        return;
    }
    const char *start = db_text(r, 0, 1), *finish = db_text(r, 0, 2);
    if (mask & PROGRAM_FIELD_TARGET_FINISH)
        rpc_violation(call, "program.target_finish",
                      "%s is before target_start %s", finish, start);
    else
        rpc_violation(call, "program.target_start",
                      "%s is after target_finish %s", start, finish);
}

int programs_update(rpc_call *call, const program_access *pa,
                    const Pmo__V1__Program *in, unsigned mask,
                    int64_t expected_version, Pmo__V1__Program **out)
{
    arena *a = call->arena;
    const char *params[30];
    params[0] = programs_int(call, pa->id);
    params[1] = programs_int(call, expected_version);
    programs_masked(params, 2, mask, PROGRAM_FIELD_NAME, in->name);
    programs_masked(params, 4, mask, PROGRAM_FIELD_DESCRIPTION,
                    in->description);
    params[6] = (mask & PROGRAM_FIELD_GOALS) ? "t" : "f";
    programs_goals_params(call, in, params + 7);
    programs_masked(params, 10, mask, PROGRAM_FIELD_SCOPE_IN,
                    db_array_literal(a, in->scope_in, in->n_scope_in));
    programs_masked(params, 12, mask, PROGRAM_FIELD_SCOPE_OUT,
                    db_array_literal(a, in->scope_out, in->n_scope_out));
    programs_masked(params, 14, mask, PROGRAM_FIELD_DELIVERABLES,
                    db_array_literal(a, in->deliverables, in->n_deliverables));
    programs_masked(params, 16, mask, PROGRAM_FIELD_SPONSOR, in->sponsor);
    programs_masked(params, 18, mask, PROGRAM_FIELD_TARGET_START,
                    in->target_start);
    programs_masked(params, 20, mask, PROGRAM_FIELD_TARGET_FINISH,
                    in->target_finish);
    programs_masked(params, 22, mask, PROGRAM_FIELD_STATUS,
                    programs_int(call, in->status));
    programs_masked(params, 24, mask, PROGRAM_FIELD_RAG,
                    programs_int(call, in->rag));
    programs_masked(params, 26, mask, PROGRAM_FIELD_CRITICAL_FLOAT,
                    programs_float(call, in->critical_float_days));
    programs_masked(params, 28, mask, PROGRAM_FIELD_CURRENCY, in->currency);
    PGresult *r = db_exec(call->db, &programs_change, 30, params);
    if (r == NULL) {
        rpc_fail_db(call, "changing the program");
        return -1;
    }
    if (PQntuples(r) != 1) {
        PQclear(r);
        rpc_fail(call, PMO_NOT_FOUND, "no program %s", pa->key);
        return -1;
    }
    if (db_is_null(r, 0, 4)) {
        programs_update_refused(call, pa, r, mask, expected_version);
        PQclear(r);
        return -1;
    }
    Pmo__V1__Program *p = programs_from_row(call, r, 0, 4);
    p->my_role = (Pmo__V1__ProgramRole)pa->role;
    int rc = audit_record(call, "program", pa->key, db_text(r, 0, 3),
                          db_text(r, 0, 4 + PROGRAM_NCOLS));
    PQclear(r);
    if (rc != 0)
        return -1;
    *out = p;
    return 0;
}

int programs_delete(rpc_call *call, const program_access *pa,
                    int64_t expected_version, bool cascade)
{
    const char *params[] = {programs_int(call, pa->id), cascade ? "t" : "f",
                            programs_int(call, expected_version)};
    PGresult *r = db_exec(call->db, &programs_remove, 3, params);
    if (r == NULL) {
        if (strcmp(call->db->sqlstate, "23503") == 0)
            rpc_fail(call, PMO_FAILED_PRECONDITION,
                     "program %s gained new content while it was being "
                     "deleted, or holds records this delete does not "
                     "remove; read it again and retry",
                     pa->key);
        else
            rpc_fail_db(call, "deleting the program");
        return -1;
    }
    int rc = -1;
    if (PQntuples(r) != 1) {
        rpc_fail(call, PMO_NOT_FOUND, "no program %s", pa->key);
    } else if (expected_version != 0 && db_int64(r, 0, 0) != expected_version) {
        fields_stale(call, arena_printf(call->arena, "program %s", pa->key),
                     db_int64(r, 0, 0), expected_version);
    } else if (!db_bool(r, 0, 2)) {
        long long projects = (long long)db_int64(r, 0, 1);
        rpc_fail(call, PMO_FAILED_PRECONDITION,
                 "program %s still has %lld project%s; delete %s first or "
                 "ask for a cascading delete",
                 pa->key, projects, projects == 1 ? "" : "s",
                 projects == 1 ? "it" : "them");
    } else {
        rc = audit_record(call, "program", pa->key, db_text(r, 0, 3), NULL);
    }
    PQclear(r);
    return rc;
}
