/* server/model/teams.c - team rows and team members. */
#include "model/teams.h"
#include "api/fields.h"
#include "audit/audit.h"

#include <stdio.h>
#include <string.h>

/*
 * Reads return one row per member (one row with NULL member columns for
 * a team without members), ordered by team then username; teams_collect
 * folds them into Teams.
 */
#define TEAM_COLUMNS                                                           \
    "t.id, t.key, t.name, t.description, t.version, u.username,"               \
    " u.display_name, m.lead"
#define TEAM_MEMBER_JOIN                                                       \
    " LEFT JOIN team_members m ON m.team_id = t.id"                            \
    " LEFT JOIN users u ON u.id = m.user_id"

#define TEAM_JSON                                                              \
    "jsonb_build_object('id', t.id, 'key', t.key, 'name', t.name,"             \
    " 'description', t.description, 'version', t.version)"

DB_STMT(teams_insert,
        "WITH t AS (INSERT INTO teams (key, name, description)"
        "           VALUES ($1, $2, $3) RETURNING *),"
        " first_lead AS (INSERT INTO team_members (team_id, user_id, lead)"
        "          SELECT t.id, $4::bigint, true FROM t)"
        " SELECT t.id, t.key, t.name, t.description, t.version, u.username,"
        "   u.display_name, true,"
        "   " TEAM_JSON " || jsonb_build_object('lead', u.username)"
        " FROM t LEFT JOIN users u ON u.id = $4::bigint");

DB_STMT(teams_by_key, "SELECT " TEAM_COLUMNS " FROM teams t" TEAM_MEMBER_JOIN
                      " WHERE t.key = $1 ORDER BY u.username");
DB_STMT(teams_by_id, "SELECT " TEAM_COLUMNS " FROM teams t" TEAM_MEMBER_JOIN
                     " WHERE t.id = $1 ORDER BY u.username");
DB_STMT(teams_page, "WITH page AS (SELECT * FROM teams WHERE key > $1"
                    "              ORDER BY key LIMIT $2::bigint)"
                    " SELECT " TEAM_COLUMNS " FROM page t" TEAM_MEMBER_JOIN
                    " ORDER BY t.key, u.username");

DB_STMT(teams_lock,
        "SELECT t.id, t.version, coalesce(m.lead, false) FROM teams t"
        "  LEFT JOIN team_members m"
        "    ON m.team_id = t.id AND m.user_id = $2::bigint"
        " WHERE t.key = $1 FOR NO KEY UPDATE OF t");

/* The row is locked already (teams_lock), so cur is current. */
DB_STMT(teams_change,
        "WITH cur AS (SELECT t.version, " TEAM_JSON " AS before FROM teams t"
        "             WHERE t.id = $1),"
        " upd AS (UPDATE teams t"
        "   SET name = CASE WHEN $3::bool THEN $4 ELSE t.name END,"
        "       description = CASE WHEN $5::bool THEN $6"
        "                          ELSE t.description END,"
        "       version = t.version + 1"
        "   WHERE t.id = $1 AND t.version = $2::bigint"
        "   RETURNING " TEAM_JSON " AS after)"
        " SELECT cur.version, cur.before, upd.after"
        " FROM cur LEFT JOIN upd ON true");

/*
 * Adds, changes or removes ($3) one member unless that leaves no lead
 * (allowed is then empty and nothing changes).
 */
DB_STMT(teams_member_change,
        "WITH u AS (SELECT id, username FROM users WHERE username = $2),"
        " cur AS (SELECT m.lead FROM team_members m JOIN u"
        "           ON u.id = m.user_id WHERE m.team_id = $1::bigint),"
        " leads AS (SELECT count(*) AS n FROM team_members"
        "           WHERE team_id = $1::bigint AND lead),"
        " allowed AS (SELECT u.id FROM u CROSS JOIN leads"
        "   LEFT JOIN cur ON true"
        "   WHERE NOT (coalesce(cur.lead, false)"
        "              AND ($3::bool OR NOT $4::bool) AND leads.n <= 1)),"
        " del AS (DELETE FROM team_members m USING allowed a"
        "   WHERE $3::bool AND m.team_id = $1::bigint AND m.user_id = a.id),"
        " put AS (INSERT INTO team_members (team_id, user_id, lead)"
        "   SELECT $1::bigint, a.id, $4::bool FROM allowed a"
        "    WHERE NOT $3::bool"
        "   ON CONFLICT (team_id, user_id) DO UPDATE SET lead = excluded.lead),"
        " bump AS (UPDATE teams SET version = version + 1"
        "   WHERE id = $1::bigint AND EXISTS (SELECT 1 FROM allowed))"
        " SELECT u.username, cur.lead IS NOT NULL,"
        "   EXISTS (SELECT 1 FROM allowed),"
        "   CASE WHEN cur.lead IS NOT NULL THEN jsonb_build_object("
        "     'username', u.username, 'lead', cur.lead) END,"
        "   CASE WHEN NOT $3::bool THEN jsonb_build_object("
        "     'username', u.username, 'lead', $4::bool) END"
        " FROM u LEFT JOIN cur ON true");

DB_STMT(teams_remove,
        "WITH n AS (SELECT count(*) AS projects FROM projects"
        "           WHERE team_id = $1),"
        " del AS (DELETE FROM teams t USING n"
        "   WHERE t.id = $1 AND n.projects = 0 RETURNING " TEAM_JSON
        " AS before)"
        " SELECT n.projects, (SELECT before FROM del) FROM n");

/* ------------------------------------------------------------ row <-> C */

static Pmo__V1__Team *teams_new(arena *a, const PGresult *r, int row,
                                size_t max_members)
{
    Pmo__V1__Team *t = arena_alloc(a, sizeof(*t));
    pmo__v1__team__init(t);
    t->id = db_int64(r, row, 0);
    t->key = arena_strdup(a, db_text(r, row, 1));
    t->name = arena_strdup(a, db_text(r, row, 2));
    t->description = arena_strdup(a, db_text(r, row, 3));
    t->version = db_int64(r, row, 4);
    t->members = arena_alloc(a, max_members * sizeof(*t->members));
    return t;
}

static void teams_add_member(arena *a, Pmo__V1__Team *t, const PGresult *r,
                             int row)
{
    if (db_is_null(r, row, 5))
        return;
    Pmo__V1__TeamMember *m = arena_alloc(a, sizeof(*m));
    pmo__v1__team_member__init(m);
    m->username = arena_strdup(a, db_text(r, row, 5));
    m->display_name = arena_strdup(a, db_text(r, row, 6));
    m->lead = db_bool(r, row, 7);
    t->members[t->n_members++] = m;
}

/* The first row after row's team: its rows are adjacent. */
static int teams_end(const PGresult *r, int row, int rows)
{
    int64_t id = db_int64(r, row, 0);
    int end = row + 1;
    while (end < rows && db_int64(r, end, 0) == id)
        end++;
    return end;
}

/*
 * Folds member rows (TEAM_COLUMNS, grouped by team) into teams, each team's
 * member array sized to its own rows, so a page costs memory linear in its
 * rows (sizing each to the rows left made it quadratic).
 */
static void teams_collect(arena *a, const PGresult *r, Pmo__V1__Team ***out,
                          size_t *n)
{
    int rows = PQntuples(r);
    *out = arena_alloc(a, (size_t)(rows ? rows : 1) * sizeof(**out));
    *n = 0;
    for (int i = 0; i < rows;) {
        int end = teams_end(r, i, rows);
        Pmo__V1__Team *t = teams_new(a, r, i, (size_t)(end - i));
        for (; i < end; i++)
            teams_add_member(a, t, r, i);
        (*out)[(*n)++] = t;
    }
}

static int teams_read(rpc_call *call, db_stmt *stmt, const char *param,
                      const char *key, Pmo__V1__Team **out)
{
    const char *params[] = {param};
    PGresult *r = db_exec(call->db, stmt, 1, params);
    if (r == NULL) {
        rpc_fail_db(call, "reading the team");
        return -1;
    }
    Pmo__V1__Team **teams;
    size_t n;
    teams_collect(call->arena, r, &teams, &n);
    PQclear(r);
    if (n != 1) {
        rpc_fail(call, PMO_NOT_FOUND, "no team %s", key);
        return -1;
    }
    *out = teams[0];
    return 0;
}

static const char *teams_int(rpc_call *call, int64_t v)
{
    return arena_printf(call->arena, "%lld", (long long)v);
}

/* ------------------------------------------------------------- queries */

int teams_create(rpc_call *call, const Pmo__V1__Team *in, Pmo__V1__Team **out)
{
    const char *params[] = {in->key, in->name, in->description,
                            teams_int(call, call->who.user_id)};
    PGresult *r = db_exec(call->db, &teams_insert, 4, params);
    if (r == NULL) {
        if (db_status_of_error(call->db) == PMO_ALREADY_EXISTS)
            rpc_fail(call, PMO_ALREADY_EXISTS, "team %s already exists",
                     in->key);
        else
            rpc_fail_db(call, "creating the team");
        return -1;
    }
    Pmo__V1__Team **teams;
    size_t n;
    teams_collect(call->arena, r, &teams, &n);
    int rc = audit_record(call, "team", in->key, NULL, db_text(r, 0, 8));
    PQclear(r);
    if (rc != 0)
        return -1;
    *out = teams[0];
    return 0;
}

int teams_get(rpc_call *call, const char *key, Pmo__V1__Team **out)
{
    return teams_read(call, &teams_by_key, key, key, out);
}

int teams_list(rpc_call *call, const char *after_key, unsigned limit,
               Pmo__V1__Team ***out, size_t *n)
{
    const char *params[] = {after_key, teams_int(call, (int64_t)limit + 1)};
    PGresult *r = db_exec(call->db, &teams_page, 2, params);
    if (r == NULL) {
        rpc_fail_db(call, "listing teams");
        return -1;
    }
    teams_collect(call->arena, r, out, n);
    PQclear(r);
    return 0;
}

int teams_lock_as_lead(rpc_call *call, const char *key, team_ref *out)
{
    const char *params[] = {key, teams_int(call, call->who.user_id)};
    PGresult *r = db_exec(call->db, &teams_lock, 2, params);
    if (r == NULL) {
        rpc_fail_db(call, "reading the team");
        return -1;
    }
    int rc = -1;
    if (PQntuples(r) != 1) {
        rpc_fail(call, PMO_NOT_FOUND, "no team %s", key);
    } else if (!db_bool(r, 0, 2) && !call->who.is_admin) {
        rpc_fail(call, PMO_PERMISSION_DENIED,
                 "only a lead of team %s or an admin may change it", key);
    } else {
        out->id = db_int64(r, 0, 0);
        out->version = db_int64(r, 0, 1);
        out->key = arena_strdup(call->arena, key);
        rc = 0;
    }
    PQclear(r);
    return rc;
}

int teams_update(rpc_call *call, const team_ref *t, const Pmo__V1__Team *in,
                 unsigned mask, int64_t expected_version, Pmo__V1__Team **out)
{
    const char *params[] = {
        teams_int(call, t->id),
        teams_int(call, expected_version),
        (mask & TEAM_FIELD_NAME) ? "t" : "f",
        in->name,
        (mask & TEAM_FIELD_DESCRIPTION) ? "t" : "f",
        in->description,
    };
    PGresult *r = db_exec(call->db, &teams_change, 6, params);
    if (r == NULL) {
        rpc_fail_db(call, "changing the team");
        return -1;
    }
    int rc = -1;
    if (PQntuples(r) != 1)
        rpc_fail(call, PMO_NOT_FOUND, "no team %s", t->key);
    else if (db_is_null(r, 0, 2))
        fields_stale(call, arena_printf(call->arena, "team %s", t->key),
                     db_int64(r, 0, 0), expected_version);
    else
        rc = audit_record(call, "team", t->key, db_text(r, 0, 1),
                          db_text(r, 0, 2));
    PQclear(r);
    if (rc != 0)
        return -1;
    return teams_read(call, &teams_by_id, params[0], t->key, out);
}

/* Checks the outcome row of teams_member_change; 0 if the change stands. */
static int teams_member_outcome(rpc_call *call, const team_ref *t,
                                const PGresult *r, const char *username,
                                bool remove)
{
    if (PQntuples(r) != 1) {
        rpc_fail(call, PMO_NOT_FOUND, "no user %s", username);
        return -1;
    }
    if (!db_bool(r, 0, 2)) {
        rpc_fail(call, PMO_FAILED_PRECONDITION,
                 "%s is the last lead of team %s; make another member lead "
                 "first",
                 username, t->key);
        return -1;
    }
    if (remove && !db_bool(r, 0, 1)) {
        rpc_fail(call, PMO_NOT_FOUND, "%s is not a member of team %s", username,
                 t->key);
        return -1;
    }
    return 0;
}

int teams_set_member(rpc_call *call, const team_ref *t, const char *username,
                     bool lead, bool remove, Pmo__V1__Team **out)
{
    const char *params[] = {teams_int(call, t->id), username,
                            remove ? "t" : "f", lead ? "t" : "f"};
    PGresult *r = db_exec(call->db, &teams_member_change, 4, params);
    if (r == NULL) {
        rpc_fail_db(call, "changing the team's members");
        return -1;
    }
    int rc = -1;
    if (teams_member_outcome(call, t, r, username, remove) == 0)
        rc = audit_record(call, "team_member",
                          arena_printf(call->arena, "%s/%s", t->key, username),
                          db_is_null(r, 0, 3) ? NULL : db_text(r, 0, 3),
                          db_is_null(r, 0, 4) ? NULL : db_text(r, 0, 4));
    PQclear(r);
    if (rc != 0)
        return -1;
    return teams_read(call, &teams_by_id, params[0], t->key, out);
}

int teams_delete(rpc_call *call, const team_ref *t, int64_t expected_version)
{
    if (expected_version != 0 && t->version != expected_version) {
        fields_stale(call, arena_printf(call->arena, "team %s", t->key),
                     t->version, expected_version);
        return -1;
    }
    const char *params[] = {teams_int(call, t->id)};
    PGresult *r = db_exec(call->db, &teams_remove, 1, params);
    if (r == NULL) {
        if (strcmp(call->db->sqlstate, "23503") == 0)
            rpc_fail(call, PMO_FAILED_PRECONDITION,
                     "team %s was given a project while it was being "
                     "deleted; read it again",
                     t->key);
        else
            rpc_fail_db(call, "deleting the team");
        return -1;
    }
    int rc = -1;
    long long projects = (long long)db_int64(r, 0, 0);
    if (projects > 0)
        rpc_fail(call, PMO_FAILED_PRECONDITION,
                 "team %s still owns %lld project%s; give %s to another "
                 "team first",
                 t->key, projects, projects == 1 ? "" : "s",
                 projects == 1 ? "it" : "them");
    else
        rc = audit_record(call, "team", t->key, db_text(r, 0, 1), NULL);
    PQclear(r);
    return rc;
}
