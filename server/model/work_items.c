/* server/model/work_items.c - work item rows: create, read, list, change. */
#include "model/work_items.h"
#include "api/fields.h"
#include "audit/audit.h"
#include "common/money.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Every query returning items gives, per row, its project's key, its
 * parent's number and its assignee's name, so one round trip gives refs,
 * keys and names. They are scalar subqueries rather than joins on
 * purpose: each costs one index probe per returned row, and a generic
 * plan cannot turn them into a hash of a whole table for a page of 100.
 * Tags travel joined by the unit separator (chr(31)), which validation
 * keeps out of tags, so no array syntax is parsed.
 */
#define WORK_PROGRAM_KEY "(SELECT key FROM programs WHERE id = w.program_id)"
#define WORK_PROJECT_KEY "(SELECT key FROM projects WHERE id = w.project_id)"
#define WORK_PARENT      "(SELECT number FROM work_items WHERE id = w.parent_id)"
#define WORK_ASSIGNEE    "(SELECT username FROM users WHERE id = w.assignee_id)"
#define WORK_COLUMNS                                                           \
    "w.id, w.number, " WORK_PROJECT_KEY ", coalesce(" WORK_PARENT ", 0),"      \
    " w.kind, w.title, w.description, coalesce(" WORK_ASSIGNEE ", ''),"        \
    " w.optimistic_days, w.likely_days, w.pessimistic_days,"                   \
    " coalesce(to_char(w.planned_start, 'YYYY-MM-DD'), ''),"                   \
    " coalesce(to_char(w.planned_finish, 'YYYY-MM-DD'), ''),"                  \
    " coalesce(to_char(w.actual_start, 'YYYY-MM-DD'), ''),"                    \
    " coalesce(to_char(w.actual_finish, 'YYYY-MM-DD'), ''),"                   \
    " w.percent_complete, w.state, w.blocked_reason, w.planned_cost_minor,"    \
    " array_to_string(w.tags, chr(31)), w.version,"                            \
    " (extract(epoch FROM w.created_at) * 1000)::bigint,"                      \
    " (extract(epoch FROM w.updated_at) * 1000)::bigint,"                      \
    " w.project_id, coalesce(w.parent_id, 0), coalesce(w.assignee_id, 0),"     \
    " coalesce(to_char(w.deadline, 'YYYY-MM-DD'), ''),"                       \
    " (SELECT currency FROM programs WHERE id = w.program_id)"
#define WORK_NCOLS 28

/* The audited form of an item: what users see, refs rather than ids. */
#define WORK_JSON                                                              \
    "jsonb_build_object('ref', " WORK_PROGRAM_KEY " || '-' || w.number,"       \
    " 'project', " WORK_PROJECT_KEY ","                                        \
    " 'parent', coalesce(" WORK_PROGRAM_KEY " || '-' || " WORK_PARENT ", '')," \
    " 'kind', w.kind, 'title', w.title, 'description', w.description,"         \
    " 'assignee', coalesce(" WORK_ASSIGNEE ", ''),"                            \
    " 'optimistic_days', w.optimistic_days, 'likely_days', w.likely_days,"     \
    " 'pessimistic_days', w.pessimistic_days,"                                 \
    " 'planned_start', w.planned_start, 'planned_finish', w.planned_finish,"   \
    " 'actual_start', w.actual_start, 'actual_finish', w.actual_finish,"       \
    " 'percent_complete', w.percent_complete, 'state', w.state,"               \
    " 'blocked_reason', w.blocked_reason,"                                     \
    " 'planned_cost_minor', w.planned_cost_minor,"                             \
    " 'tags', w.tags, 'deadline', w.deadline, 'version', w.version)"

/* The writable fields, as $1..$19 of create and update (work_params). */
#define WORK_FIELDS                                                            \
    "project_id, parent_id, kind, title, description, assignee_id,"            \
    " optimistic_days, likely_days, pessimistic_days, planned_start,"          \
    " planned_finish, actual_start, actual_finish, percent_complete, state,"   \
    " blocked_reason, planned_cost_minor, tags, deadline"
#define WORK_VALUES                                                            \
    "$1::bigint, NULLIF($2::bigint, 0), $3::smallint, $4::text, $5::text,"     \
    " NULLIF($6::bigint, 0), $7::float8, $8::float8, $9::float8,"              \
    " NULLIF($10::text, '')::date, NULLIF($11::text, '')::date,"               \
    " NULLIF($12::text, '')::date, NULLIF($13::text, '')::date,"               \
    " $14::smallint, $15::smallint, $16::text, $17::bigint,"                   \
    " string_to_array($18::text, chr(31)), NULLIF($19::text, '')::date"
#define WORK_NPARAMS 19

/* The number comes from the program row in the same statement. */
DB_STMT(work_insert,
        "WITH n AS (UPDATE programs SET next_item_number = next_item_number + 1"
        "            WHERE id = $20::bigint"
        "            RETURNING next_item_number - 1 AS number),"
        " w AS (INSERT INTO work_items (program_id, number, " WORK_FIELDS ")"
        "       SELECT $20::bigint, n.number, " WORK_VALUES " FROM n"
        "       RETURNING *)"
        " SELECT " WORK_COLUMNS ", NULL, " WORK_JSON " FROM w");

/*
 * The CTE locks the row at the expected version and captures its audited
 * form, so the version check, the write, and before and after are one
 * round trip. The CTE exposes only old_id and before, so bare column
 * names in the UPDATE mean the updated row.
 */
DB_STMT(work_update,
        "WITH old AS (SELECT w.id AS old_id, " WORK_JSON " AS before"
        "  FROM work_items w"
        "  WHERE w.id = $20::bigint AND w.version = $21::bigint"
        "  FOR UPDATE OF w),"
        " upd AS (UPDATE work_items SET (" WORK_FIELDS ") = (" WORK_VALUES "),"
        "  version = version + 1, updated_at = now()"
        "  FROM old WHERE id = old.old_id"
        "  RETURNING work_items.*, old.before)"
        " SELECT " WORK_COLUMNS ", w.before, " WORK_JSON " FROM upd w");

DB_STMT(work_version, "SELECT version FROM work_items WHERE id = $1::bigint");

DB_STMT(work_by_number,
        "SELECT " WORK_COLUMNS ","
        " EXISTS (SELECT 1 FROM projects p"
        "   JOIN team_members t ON t.team_id = p.team_id"
        "  WHERE p.id = w.project_id AND t.user_id = $3::bigint),"
        " (SELECT count(*) FROM work_items c WHERE c.parent_id = w.id)"
        " FROM work_items w"
        " WHERE w.program_id = $1::bigint AND w.number = $2::bigint");

/*
 * A page of a listing. The page is cut from work_items alone, and only
 * its rows get their names looked up. Statements are prepared once and
 * may soon run with a generic plan, where optional filters ("$n = '' OR
 * ...") make the planner's estimates poor; so there is one statement per
 * shape: no filter (walks the (program, number) index and stops after the
 * page), filters on the row's own values, and one for each filter naming
 * another row, which it repeats as a plain equality so its index is used.
 * The parameters are, in order: program, after, limit, state, tag,
 * project, assignee, parent; each statement takes the first 3, 5 or 8.
 */
#define WORK_PAGE_HEAD                                                         \
    "SELECT " WORK_COLUMNS " FROM (SELECT * FROM work_items w"                 \
    " WHERE w.program_id = $1::bigint AND w.number > $2::bigint"
#define WORK_PAGE_TAIL " ORDER BY w.number LIMIT $3::int) w ORDER BY w.number"
#define WORK_PAGE_VALUES                                                       \
    " AND ($4::int = 0 OR w.state = $4::int)"                                  \
    " AND ($5::text = '' OR $5::text = ANY (w.tags))"
#define WORK_PAGE_NAMES                                                        \
    " AND ($6::text = '' OR w.project_id = (SELECT id FROM projects"           \
    "       WHERE program_id = $1::bigint AND key = $6::text))"                \
    " AND ($7::text = '' OR w.assignee_id = (SELECT id FROM users"             \
    "       WHERE username = $7::text))"                                       \
    " AND ($8::bigint = 0 OR w.parent_id = (SELECT id FROM work_items"         \
    "       WHERE program_id = $1::bigint AND number = $8::bigint))"
#define WORK_BY_PROJECT                                                        \
    " AND w.project_id = (SELECT id FROM projects"                             \
    "  WHERE program_id = $1::bigint AND key = $6::text)"
#define WORK_BY_ASSIGNEE                                                       \
    " AND w.assignee_id = (SELECT id FROM users WHERE username = $7::text)"
#define WORK_BY_PARENT                                                         \
    " AND w.parent_id = (SELECT id FROM work_items"                            \
    "  WHERE program_id = $1::bigint AND number = $8::bigint)"
#define WORK_PAGE_NAMED WORK_PAGE_VALUES WORK_PAGE_NAMES WORK_PAGE_TAIL

DB_STMT(work_page_all, WORK_PAGE_HEAD WORK_PAGE_TAIL);
DB_STMT(work_page_values, WORK_PAGE_HEAD WORK_PAGE_VALUES WORK_PAGE_TAIL);
DB_STMT(work_page_parent, WORK_PAGE_HEAD WORK_BY_PARENT WORK_PAGE_NAMED);
DB_STMT(work_page_project, WORK_PAGE_HEAD WORK_BY_PROJECT WORK_PAGE_NAMED);
DB_STMT(work_page_assignee, WORK_PAGE_HEAD WORK_BY_ASSIGNEE WORK_PAGE_NAMED);

/*
 * One person's items across programs: walks the assignee index, keeps the
 * programs the caller may see, and names each row's program (last column).
 * Parameters: after (an id), limit, assignee, state, tag, is admin, user,
 * the programs of the caller's token (access_token_programs).
 */
DB_STMT(work_page_across,
        "SELECT " WORK_COLUMNS ", " WORK_PROGRAM_KEY
        " FROM (SELECT * FROM work_items w"
        " WHERE w.assignee_id = (SELECT id FROM users WHERE username = $3::text)"
        "   AND w.id > $1::bigint"
        "   AND ($4::int = 0 OR w.state = $4::int)"
        "   AND ($5::text = '' OR $5::text = ANY (w.tags))"
        "   AND ($6::boolean OR EXISTS (SELECT 1 FROM program_members m"
        "        WHERE m.user_id = $7::bigint AND m.program_id = w.program_id))"
        "   AND " ACCESS_TOKEN_ALLOWS("$8", "w.program_id")
        " ORDER BY w.id LIMIT $2::int) w ORDER BY w.id");

/*
 * Counts what blocks a delete and deletes only if nothing does, in one
 * statement, with the comments on the item and the RACI roles naming it;
 * the row lock keeps children and dependencies from being added meanwhile
 * (their foreign keys wait on it).
 */
DB_STMT(work_delete,
        "WITH t AS (SELECT w.id, w.version, " WORK_JSON " AS before"
        "  FROM work_items w"
        "  WHERE w.program_id = $1::bigint AND w.number = $2::bigint"
        "  FOR UPDATE OF w),"
        " c AS (SELECT t.id,"
        "  (SELECT count(*) FROM work_items k WHERE k.parent_id = t.id)"
        "    AS children,"
        "  (SELECT count(*) FROM dependencies d"
        "    WHERE d.predecessor_id = t.id OR d.successor_id = t.id) AS deps"
        "  FROM t),"
        " gone AS (DELETE FROM work_items x USING t, c"
        "  WHERE x.id = t.id AND c.id = t.id AND t.version = $3::bigint"
        "    AND c.children = 0 AND c.deps = 0 RETURNING x.id),"
        /* Comments and RACI roles name the item by its ref: they go too. */
        " ref AS (SELECT p.key || '-' || $2::bigint AS text FROM programs p"
        "  WHERE p.id = $1::bigint),"
        " notes AS (DELETE FROM comments m USING gone, ref"
        "  WHERE m.program_id = $1::bigint AND m.entity = 'work_item'"
        "    AND m.entity_key = ref.text),"
        " raci AS (DELETE FROM stakeholder_raci r USING gone, ref, stakeholders s"
        "  WHERE s.id = r.stakeholder_id AND s.program_id = $1::bigint"
        "    AND r.target = ref.text)"
        " SELECT t.version, c.children, c.deps, t.before,"
        "  EXISTS (SELECT 1 FROM gone)"
        " FROM t JOIN c ON c.id = t.id");

/*
 * The ancestors of the new parent are walked only when an item is being
 * moved ($5 set), and the walk stops at the item itself: finding it there
 * is what refuses the move.
 */
DB_STMT(work_resolve,
        "SELECT"
        " coalesce((SELECT id FROM projects"
        "  WHERE program_id = $1::bigint AND key = $2::text), 0),"
        " EXISTS (SELECT 1 FROM projects p"
        "  JOIN team_members t ON t.team_id = p.team_id"
        "  WHERE p.program_id = $1::bigint AND p.key = $2::text"
        "    AND t.user_id = $6::bigint),"
        " coalesce((SELECT id FROM work_items"
        "  WHERE program_id = $1::bigint AND number = $3::bigint), 0),"
        " coalesce((SELECT kind FROM work_items"
        "  WHERE program_id = $1::bigint AND number = $3::bigint), 0),"
        " coalesce((SELECT id FROM users WHERE username = $4::text), 0),"
        " EXISTS (SELECT 1 FROM work_items w"
        "  JOIN projects p ON p.id = w.project_id"
        "  JOIN team_members t ON t.team_id = p.team_id"
        "  WHERE w.program_id = $1::bigint AND w.number = $3::bigint"
        "    AND t.user_id = $6::bigint),"
        " coalesce((WITH RECURSIVE up (id, parent_id, number, depth) AS ("
        "    SELECT id, parent_id, number, 0 FROM work_items"
        "     WHERE program_id = $1::bigint AND number = $3::bigint"
        "       AND $5::bigint <> 0"
        "    UNION ALL"
        "    SELECT w.id, w.parent_id, w.number, up.depth + 1"
        "      FROM up JOIN work_items w ON w.id = up.parent_id"
        "     WHERE up.id <> $5::bigint)"
        "  SELECT string_agg(number::text, ',' ORDER BY depth) FROM up), ''),"
        " " ACCESS_SEES_PROGRAM("(SELECT id FROM users WHERE username = $4::text)",
                                "$1::bigint"));

bool work_ref_parse(const char *ref, char key[WORK_KEY_MAX], int64_t *number)
{
    const char *dash = strrchr(ref, '-');
    if (dash == NULL || dash == ref || (size_t)(dash - ref) >= WORK_KEY_MAX)
        return false;
    const char *digits = dash + 1;
    size_t nd = strlen(digits);
    if (nd == 0 || nd > 18 || digits[0] == '0' ||
        strspn(digits, "0123456789") != nd)
        return false;
    if (ref[0] < 'A' || ref[0] > 'Z')
        return false;
    for (const char *p = ref + 1; p < dash; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
            return false;
    memcpy(key, ref, (size_t)(dash - ref));
    key[dash - ref] = '\0';
    *number = strtoll(digits, NULL, 10);
    return true;
}

char *work_ref_make(rpc_call *call, const char *key, int64_t number)
{
    return arena_printf(call->arena, "%s-%lld", key, (long long)number);
}

static char *work_i64(rpc_call *call, int64_t v)
{
    return arena_printf(call->arena, "%lld", (long long)v);
}

/* Round-trips exactly; callers have refused NaN and infinities. */
static char *work_f64(rpc_call *call, double v)
{
    return arena_printf(call->arena, "%.17g", v);
}

static char *work_tags_join(rpc_call *call, char *const *tags, size_t n)
{
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        len += strlen(tags[i]) + 1;
    char *out = arena_alloc(call->arena, len);
    char *p = out;
    for (size_t i = 0; i < n; i++) {
        if (i)
            *p++ = '\x1f';
        size_t l = strlen(tags[i]);
        memcpy(p, tags[i], l);
        p += l;
    }
    *p = '\0';
    return out;
}

static void work_tags_split(rpc_call *call, const char *joined,
                            Pmo__V1__WorkItem *it)
{
    if (joined[0] == '\0')
        return;
    size_t n = 1;
    for (const char *p = joined; *p; p++)
        n += *p == '\x1f';
    it->tags = arena_alloc(call->arena, n * sizeof(*it->tags));
    const char *start = joined;
    for (size_t i = 0; i < n; i++) {
        size_t len = strcspn(start, "\x1f");
        it->tags[i] = arena_strndup(call->arena, start, len);
        start += len + 1;
    }
    it->n_tags = n;
}

/* $1..$19 of WORK_VALUES. */
static void work_params(rpc_call *call, const Pmo__V1__WorkItem *it,
                        const work_links *l, const char **p)
{
    p[0] = work_i64(call, l->project_id);
    p[1] = work_i64(call, l->parent_id);
    p[2] = work_i64(call, it->kind);
    p[3] = it->title;
    p[4] = it->description;
    p[5] = work_i64(call, l->assignee_id);
    p[6] = work_f64(call, it->optimistic_days);
    p[7] = work_f64(call, it->likely_days);
    p[8] = work_f64(call, it->pessimistic_days);
    p[9] = it->planned_start;
    p[10] = it->planned_finish;
    p[11] = it->actual_start;
    p[12] = it->actual_finish;
    p[13] = work_i64(call, it->percent_complete);
    p[14] = work_i64(call, it->state);
    p[15] = it->blocked_reason;
    p[16] = work_i64(call, it->planned_cost_minor);
    p[17] = work_tags_join(call, it->tags, it->n_tags);
    p[18] = it->deadline;
}

static char *work_col(rpc_call *call, const PGresult *r, int row, int col)
{
    return arena_strdup(call->arena, db_text(r, row, col));
}

static Pmo__V1__WorkItem *work_from_row(rpc_call *call, const char *key,
                                        const PGresult *r, int row,
                                        work_links *links)
{
    Pmo__V1__WorkItem *it = arena_alloc(call->arena, sizeof(*it));
    pmo__v1__work_item__init(it);
    it->id = db_int64(r, row, 0);
    it->ref = work_ref_make(call, key, db_int64(r, row, 1));
    it->program = arena_strdup(call->arena, key);
    it->project = work_col(call, r, row, 2);
    int64_t parent = db_int64(r, row, 3);
    it->parent = parent ? work_ref_make(call, key, parent) : "";
    it->kind = (Pmo__V1__WorkItemKind)db_int64(r, row, 4);
    it->title = work_col(call, r, row, 5);
    it->description = work_col(call, r, row, 6);
    it->assignee = work_col(call, r, row, 7);
    it->optimistic_days = strtod(db_text(r, row, 8), NULL);
    it->likely_days = strtod(db_text(r, row, 9), NULL);
    it->pessimistic_days = strtod(db_text(r, row, 10), NULL);
    it->planned_start = work_col(call, r, row, 11);
    it->planned_finish = work_col(call, r, row, 12);
    it->actual_start = work_col(call, r, row, 13);
    it->actual_finish = work_col(call, r, row, 14);
    it->percent_complete = (uint32_t)db_int64(r, row, 15);
    it->state = (Pmo__V1__WorkState)db_int64(r, row, 16);
    it->blocked_reason = work_col(call, r, row, 17);
    it->planned_cost_minor = db_int64(r, row, 18);
    it->currency = work_col(call, r, row, 27);
    it->planned_cost = money_to_double(it->planned_cost_minor,
                                       money_exponent(it->currency));
    work_tags_split(call, db_text(r, row, 19), it);
    it->version = db_int64(r, row, 20);
    it->created_at_ms = db_int64(r, row, 21);
    it->updated_at_ms = db_int64(r, row, 22);
    if (links) {
        links->project_id = db_int64(r, row, 23);
        links->parent_id = db_int64(r, row, 24);
        links->assignee_id = db_int64(r, row, 25);
    }
    it->deadline = work_col(call, r, row, 26);
    return it;
}

/* A write's failure: a vanished row it points at is the caller's to fix. */
static void work_fail_write(rpc_call *call, const char *what)
{
    if (strcmp(call->db->sqlstate, "23503") == 0)
        rpc_fail(call, PMO_FAILED_PRECONDITION,
                 "%s: its project, parent or assignee was removed meanwhile; "
                 "read them again",
                 what);
    else
        rpc_fail_db(call, what);
}

/*
 * Audits the item of a statement that returns WORK_COLUMNS, before and
 * after, and hands it back.
 */
static int work_audit_row(rpc_call *call, const char *key, PGresult *r,
                          Pmo__V1__WorkItem **out)
{
    Pmo__V1__WorkItem *it = work_from_row(call, key, r, 0, NULL);
    int rc = audit_record(
        call, "work_item", it->ref,
        db_is_null(r, 0, WORK_NCOLS) ? NULL : db_text(r, 0, WORK_NCOLS),
        db_text(r, 0, WORK_NCOLS + 1));
    if (rc == 0 && out)
        *out = it;
    return rc;
}

static void work_chain_parse(rpc_call *call, const char *text,
                             work_resolved *out)
{
    out->n_chain = 0;
    out->chain = NULL;
    if (text[0] == '\0')
        return;
    size_t n = 1;
    for (const char *p = text; *p; p++)
        n += *p == ',';
    out->chain = arena_alloc(call->arena, n * sizeof(*out->chain));
    const char *p = text;
    for (size_t i = 0; i < n; i++) {
        char *end;
        out->chain[i] = strtoll(p, &end, 10);
        p = *end ? end + 1 : end;
    }
    out->n_chain = n;
}

int work_names_resolve(rpc_call *call, const program_access *prog,
                       const work_names *names, work_resolved *out)
{
    const char *params[] = {
        work_i64(call, prog->id),       names->project,
        work_i64(call, names->parent),  names->assignee,
        work_i64(call, names->self_id), work_i64(call, call->who.user_id),
    };
    PGresult *r = db_exec(call->db, &work_resolve, 6, params);
    if (r == NULL) {
        rpc_fail_db(call, "looking up the item's project, parent and assignee");
        return -1;
    }
    out->project_id = db_int64(r, 0, 0);
    out->on_team = db_bool(r, 0, 1);
    out->parent_id = db_int64(r, 0, 2);
    out->parent_kind = (int)db_int64(r, 0, 3);
    out->assignee_id = db_int64(r, 0, 4);
    out->parent_on_team = db_bool(r, 0, 5);
    work_chain_parse(call, db_text(r, 0, 6), out);
    out->assignee_sees = db_bool(r, 0, 7);
    PQclear(r);
    return 0;
}

int work_items_create(rpc_call *call, const program_access *prog,
                      const Pmo__V1__WorkItem *item, const work_links *links,
                      Pmo__V1__WorkItem **out)
{
    const char *params[WORK_NPARAMS + 1];
    work_params(call, item, links, params);
    params[WORK_NPARAMS] = work_i64(call, prog->id);
    PGresult *r = db_exec(call->db, &work_insert, WORK_NPARAMS + 1, params);
    if (r == NULL) {
        work_fail_write(call, "creating the work item");
        return -1;
    }
    if (PQntuples(r) != 1) {
        PQclear(r);
        rpc_fail(call, PMO_NOT_FOUND, "no program %s", prog->key);
        return -1;
    }
    int rc = work_audit_row(call, prog->key, r, out);
    PQclear(r);
    return rc;
}

int work_items_get(rpc_call *call, const program_access *prog, int64_t number,
                   work_stored *out)
{
    const char *params[] = {work_i64(call, prog->id), work_i64(call, number),
                            work_i64(call, call->who.user_id)};
    PGresult *r = db_exec(call->db, &work_by_number, 3, params);
    if (r == NULL) {
        rpc_fail_db(call, "reading the work item");
        return -1;
    }
    if (PQntuples(r) != 1) {
        PQclear(r);
        rpc_fail(call, PMO_NOT_FOUND, "no work item %s-%lld", prog->key,
                 (long long)number);
        return -1;
    }
    out->item = work_from_row(call, prog->key, r, 0, &out->links);
    out->number = number;
    out->on_team = db_bool(r, 0, WORK_NCOLS);
    out->children = db_int64(r, 0, WORK_NCOLS + 1);
    PQclear(r);
    return 0;
}

/* The statement for the filters given, and how many parameters it takes. */
static db_stmt *work_page_for(const work_filter *f, int *n)
{
    *n = 8;
    if (f->parent)
        return &work_page_parent;
    if (f->project[0])
        return &work_page_project;
    if (f->assignee[0])
        return &work_page_assignee;
    *n = f->state || f->tag[0] ? 5 : 3;
    return *n == 5 ? &work_page_values : &work_page_all;
}

int work_items_list(rpc_call *call, const program_access *prog,
                    const work_filter *f, int64_t after, unsigned limit,
                    Pmo__V1__WorkItem ***out, size_t *n)
{
    const char *params[] = {
        work_i64(call, prog->id),
        work_i64(call, after),
        work_i64(call, (int64_t)limit + 1),
        work_i64(call, f->state),
        f->tag,
        f->project,
        f->assignee,
        work_i64(call, f->parent),
    };
    int nparams;
    db_stmt *stmt = work_page_for(f, &nparams);
    PGresult *r = db_exec(call->db, stmt, nparams, params);
    if (r == NULL) {
        rpc_fail_db(call, "listing work items");
        return -1;
    }
    *n = (size_t)PQntuples(r);
    *out = arena_alloc(call->arena, (*n ? *n : 1) * sizeof(**out));
    for (size_t i = 0; i < *n; i++)
        (*out)[i] = work_from_row(call, prog->key, r, (int)i, NULL);
    PQclear(r);
    return 0;
}

int work_items_list_across(rpc_call *call, const work_filter *f,
                           int64_t after, unsigned limit,
                           Pmo__V1__WorkItem ***out, size_t *n)
{
    const char *params[] = {
        work_i64(call, after),
        work_i64(call, (int64_t)limit + 1),
        f->assignee,
        work_i64(call, f->state),
        f->tag,
        call->who.is_admin ? "t" : "f",
        work_i64(call, call->who.user_id),
        access_token_programs(call),
    };
    PGresult *r = db_exec(call->db, &work_page_across, 8, params);
    if (r == NULL) {
        rpc_fail_db(call, "listing work items");
        return -1;
    }
    *n = (size_t)PQntuples(r);
    *out = arena_alloc(call->arena, (*n ? *n : 1) * sizeof(**out));
    for (size_t i = 0; i < *n; i++)
        (*out)[i] = work_from_row(call, db_text(r, (int)i, WORK_NCOLS), r,
                                  (int)i, NULL);
    PQclear(r);
    return 0;
}

int work_items_update(rpc_call *call, const program_access *prog, int64_t id,
                      const char *ref, int64_t expected_version,
                      const Pmo__V1__WorkItem *item, const work_links *links,
                      Pmo__V1__WorkItem **out)
{
    const char *params[WORK_NPARAMS + 2];
    work_params(call, item, links, params);
    params[WORK_NPARAMS] = work_i64(call, id);
    params[WORK_NPARAMS + 1] = work_i64(call, expected_version);
    PGresult *r = db_exec(call->db, &work_update, WORK_NPARAMS + 2, params);
    if (r == NULL) {
        work_fail_write(call, "changing the work item");
        return -1;
    }
    if (PQntuples(r) == 1) {
        int rc = work_audit_row(call, prog->key, r, out);
        PQclear(r);
        return rc;
    }
    PQclear(r);
    /* Rare: changed or deleted since it was read in this call. */
    const char *vp[] = {params[WORK_NPARAMS]};
    r = db_exec(call->db, &work_version, 1, vp);
    if (r == NULL) {
        rpc_fail_db(call, "reading the work item");
        return -1;
    }
    if (PQntuples(r) == 1)
        fields_stale(call, ref, db_int64(r, 0, 0), expected_version);
    else
        rpc_fail(call, PMO_NOT_FOUND, "no work item %s", ref);
    PQclear(r);
    return -1;
}

int work_items_delete(rpc_call *call, const program_access *prog,
                      int64_t number, int64_t expected_version)
{
    char *ref = work_ref_make(call, prog->key, number);
    const char *params[] = {work_i64(call, prog->id), work_i64(call, number),
                            work_i64(call, expected_version)};
    PGresult *r = db_exec(call->db, &work_delete, 3, params);
    if (r == NULL) {
        if (strcmp(call->db->sqlstate, "23503") == 0)
            rpc_fail(call, PMO_FAILED_PRECONDITION,
                     "%s is still referred to: %s", ref, call->db->error);
        else
            rpc_fail_db(call, "deleting the work item");
        return -1;
    }
    if (PQntuples(r) != 1) {
        PQclear(r);
        rpc_fail(call, PMO_NOT_FOUND, "no work item %s", ref);
        return -1;
    }
    int64_t version = db_int64(r, 0, 0);
    int64_t children = db_int64(r, 0, 1);
    int64_t deps = db_int64(r, 0, 2);
    int rc = -1;
    if (db_bool(r, 0, 4))
        rc = audit_record(call, "work_item", ref, db_text(r, 0, 3), NULL);
    else if (version != expected_version)
        fields_stale(call, ref, version, expected_version);
    else if (children > 0)
        rpc_fail(call, PMO_FAILED_PRECONDITION,
                 "%s still has %lld child item%s; move or delete them first",
                 ref, (long long)children, children == 1 ? "" : "s");
    else
        rpc_fail(call, PMO_FAILED_PRECONDITION,
                 "%s has %lld dependenc%s; remove its %lld dependenc%s first",
                 ref, (long long)deps, deps == 1 ? "y" : "ies", (long long)deps,
                 deps == 1 ? "y" : "ies");
    PQclear(r);
    return rc;
}
