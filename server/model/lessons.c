/* server/model/lessons.c - lesson rows and full-text search over them. */
#include "model/lessons.h"
#include "api/fields.h"
#include "audit/audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* clang-format off */
/* Tags travel joined by the unit separator, which validation keeps out. */
#define LS_COLUMNS(l)                                                          \
    l ".id, " l ".program_key, coalesce(" l ".retro_id, 0), " l ".title, "     \
    l ".body, array_to_string(" l ".tags, chr(31)),"                           \
    " coalesce((SELECT username FROM users"                                  \
    "   WHERE id = " l ".created_by), ''),"                                \
    " " l ".version, (extract(epoch FROM " l ".created_at) * 1000)::bigint,"   \
    " coalesce(" l ".program_id, 0)"
#define LS_NCOLS 10

#define LS_JSON(l)                                                             \
    "jsonb_build_object('id', " l ".id, 'program', " l ".program_key,"         \
    " 'retro_id', " l ".retro_id, 'title', " l ".title, 'body', " l ".body,"   \
    " 'tags', " l ".tags, 'version', " l ".version)"

#define LS_TAGS(p) "string_to_array(" p ", chr(31))"

/* A retro of the program, or none; NULL and 0 mean none. */
#define LS_RETRO_OK(prog, retro)                                               \
    "(" retro "::bigint = 0 OR EXISTS (SELECT 1 FROM retros r"                 \
    "  WHERE r.id = " retro "::bigint AND r.program_id = " prog "))"

DB_STMT(lessons_insert,
        "INSERT INTO lessons AS l (program_id, program_key, retro_id, title,"
        " body, tags, created_by)"
        " SELECT $1, $2, NULLIF($3::bigint, 0), $4, $5, " LS_TAGS("$6") ", $7"
        "  WHERE " LS_RETRO_OK("$1", "$3")
        " RETURNING " LS_COLUMNS("l") ", " LS_JSON("l"));

DB_STMT(lessons_by_id,
        "SELECT " LS_COLUMNS("l") " FROM lessons l WHERE l.id = $1");

DB_STMT(lessons_by_retro,
        "SELECT " LS_COLUMNS("l") " FROM lessons l WHERE l.retro_id = $1"
        " ORDER BY l.id");

/*
 * Two statements, so that each has a plan of its own: ranked search
 * through the GIN index, and the newest-first listing.
 */
DB_STMT(lessons_ranked,
        "SELECT " LS_COLUMNS("l") ", ts_rank(l.search, q) AS rank"
        " FROM lessons l, websearch_to_tsquery('english', $1) q"
        " WHERE l.search @@ q"
        "   AND ($2 = '' OR $2 = ANY (l.tags))"
        "   AND ($3 = '' OR l.program_key = $3)"
        " ORDER BY rank DESC, l.id DESC OFFSET $4 LIMIT $5");

DB_STMT(lessons_newest,
        "SELECT " LS_COLUMNS("l") ", 0::real FROM lessons l"
        " WHERE ($1 = '' OR $1 = ANY (l.tags))"
        "   AND ($2 = '' OR l.program_key = $2)"
        " ORDER BY l.id DESC OFFSET $3 LIMIT $4");

DB_STMT(lessons_where, "SELECT version FROM lessons WHERE id = $1");

#define LS_MASKED(bit) "($3::int & " bit ") <> 0"
DB_STMT(lessons_change,
        "WITH old AS (SELECT l.id AS old_id, l.program_id AS prog, "
        LS_JSON("l") " AS before FROM lessons l"
        "  WHERE l.id = $1 AND l.version = $2 FOR UPDATE),"
        " upd AS (UPDATE lessons l SET"
        "  title = CASE WHEN " LS_MASKED("1") " THEN $4 ELSE l.title END,"
        "  body = CASE WHEN " LS_MASKED("2") " THEN $5 ELSE l.body END,"
        "  tags = CASE WHEN " LS_MASKED("4") " THEN " LS_TAGS("$6")
        "    ELSE l.tags END,"
        "  retro_id = CASE WHEN " LS_MASKED("8") " THEN NULLIF($7::bigint, 0)"
        "    ELSE l.retro_id END,"
        "  version = l.version + 1, updated_at = now()"
        "  FROM old WHERE l.id = old.old_id"
        "   AND (NOT " LS_MASKED("8") " OR " LS_RETRO_OK("old.prog", "$7") ")"
        "  RETURNING l.*, old.before)"
        " SELECT " LS_COLUMNS("upd") ", upd.before, " LS_JSON("upd")
        "  FROM upd");

DB_STMT(lessons_remove,
        "DELETE FROM lessons l WHERE l.id = $1 AND l.version = $2"
        " RETURNING " LS_JSON("l"));
/* clang-format on */

static char *lessons_i64(rpc_call *call, int64_t v)
{
    return arena_printf(call->arena, "%lld", (long long)v);
}

static void lessons_tags_split(arena *a, const char *joined, Pmo__V1__Lesson *l)
{
    size_t n = joined[0] ? 1 : 0;
    for (const char *p = joined; *p; p++)
        n += *p == '\x1f';
    l->tags = arena_alloc(a, (n ? n : 1) * sizeof(*l->tags));
    l->n_tags = n;
    const char *p = joined;
    for (size_t i = 0; i < n; i++) {
        size_t len = strcspn(p, "\x1f");
        l->tags[i] = arena_strndup(a, p, len);
        p += len + (p[len] != '\0');
    }
}

static char *lessons_tags_join(rpc_call *call, char *const *tags, size_t n)
{
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        len += strlen(tags[i]) + 1;
    char *out = arena_alloc(call->arena, len);
    size_t at = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n; i++)
        at += (size_t)sprintf(out + at, "%s%s", i ? "\x1f" : "", tags[i]);
    return out;
}

static Pmo__V1__Lesson *lessons_from_row(arena *a, const PGresult *r, int row)
{
    Pmo__V1__Lesson *l = arena_alloc(a, sizeof(*l));
    pmo__v1__lesson__init(l);
    l->id = db_int64(r, row, 0);
    l->program = arena_strdup(a, db_text(r, row, 1));
    l->retro_id = db_int64(r, row, 2);
    l->title = arena_strdup(a, db_text(r, row, 3));
    l->body = arena_strdup(a, db_text(r, row, 4));
    lessons_tags_split(a, db_text(r, row, 5), l);
    l->created_by = arena_strdup(a, db_text(r, row, 6));
    l->version = db_int64(r, row, 7);
    l->created_at_ms = db_int64(r, row, 8);
    return l;
}

static Pmo__V1__Lesson **lessons_rows(rpc_call *call, const PGresult *r,
                                      size_t *n, bool ranked)
{
    *n = (size_t)PQntuples(r);
    Pmo__V1__Lesson **out =
        arena_alloc(call->arena, (*n ? *n : 1) * sizeof(*out));
    for (size_t i = 0; i < *n; i++) {
        out[i] = lessons_from_row(call->arena, r, (int)i);
        if (ranked)
            out[i]->rank = strtod(db_text(r, (int)i, LS_NCOLS), NULL);
    }
    return out;
}

int lessons_create(rpc_call *call, const program_access *prog,
                   const Pmo__V1__Lesson *l, Pmo__V1__Lesson **out)
{
    const char *params[] = {lessons_i64(call, prog->id),
                            prog->key,
                            lessons_i64(call, l->retro_id),
                            l->title,
                            l->body,
                            lessons_tags_join(call, l->tags, l->n_tags),
                            lessons_i64(call, call->who.user_id)};
    PGresult *r = db_exec(call->db, &lessons_insert, 7, params);
    if (r == NULL) {
        rpc_fail_db(call, "creating the lesson");
        return -1;
    }
    if (PQntuples(r) != 1) {
        PQclear(r);
        rpc_violation(call, "lesson.retro_id", "no retro %lld in %s",
                      (long long)l->retro_id, prog->key);
        return -1;
    }
    Pmo__V1__Lesson *made = lessons_from_row(call->arena, r, 0);
    int rc = audit_record(call, "lesson", lessons_i64(call, made->id), NULL,
                          db_text(r, 0, LS_NCOLS));
    PQclear(r);
    if (rc != 0)
        return -1;
    *out = made;
    return 0;
}

int lessons_find(rpc_call *call, int64_t id, int64_t *program_id,
                 Pmo__V1__Lesson **out)
{
    const char *params[] = {lessons_i64(call, id)};
    PGresult *r = db_exec(call->db, &lessons_by_id, 1, params);
    if (r == NULL) {
        rpc_fail_db(call, "reading the lesson");
        return -1;
    }
    if (PQntuples(r) != 1) {
        PQclear(r);
        rpc_fail(call, PMO_NOT_FOUND, "no lesson %lld", (long long)id);
        return -1;
    }
    *program_id = db_int64(r, 0, LS_NCOLS - 1);
    if (out)
        *out = lessons_from_row(call->arena, r, 0);
    PQclear(r);
    return 0;
}

int lessons_search(rpc_call *call, const lessons_query *q, int64_t offset,
                   unsigned limit, Pmo__V1__Lesson ***out, size_t *n)
{
    const char *off = lessons_i64(call, offset);
    const char *lim = lessons_i64(call, (int64_t)limit + 1);
    bool ranked = q->text[0] != '\0';
    PGresult *r;
    if (ranked) {
        const char *params[] = {q->text, q->tag, q->program, off, lim};
        r = db_exec(call->db, &lessons_ranked, 5, params);
    } else {
        const char *params[] = {q->tag, q->program, off, lim};
        r = db_exec(call->db, &lessons_newest, 4, params);
    }
    if (r == NULL) {
        rpc_fail_db(call, "searching lessons");
        return -1;
    }
    *out = lessons_rows(call, r, n, ranked);
    PQclear(r);
    return 0;
}

int lessons_of_retro(rpc_call *call, int64_t retro_id, Pmo__V1__Lesson ***out,
                     size_t *n)
{
    const char *params[] = {lessons_i64(call, retro_id)};
    PGresult *r = db_exec(call->db, &lessons_by_retro, 1, params);
    if (r == NULL) {
        rpc_fail_db(call, "reading the retro's lessons");
        return -1;
    }
    *out = lessons_rows(call, r, n, false);
    PQclear(r);
    return 0;
}

/* After a write matched no row: gone, moved on, or a foreign retro. */
static void lessons_missed(rpc_call *call, const program_access *prog,
                           int64_t id, int64_t expected,
                           const Pmo__V1__Lesson *l)
{
    const char *params[] = {lessons_i64(call, id)};
    PGresult *r = db_exec(call->db, &lessons_where, 1, params);
    if (r == NULL) {
        rpc_fail_db(call, "reading the lesson");
        return;
    }
    if (PQntuples(r) != 1) {
        rpc_fail(call, PMO_NOT_FOUND, "no lesson %lld", (long long)id);
    } else if (db_int64(r, 0, 0) != expected) {
        char what[32];
        snprintf(what, sizeof(what), "lesson %lld", (long long)id);
        fields_stale(call, what, db_int64(r, 0, 0), expected);
    } else if (l && prog) {
        rpc_violation(call, "lesson.retro_id", "no retro %lld in %s",
                      (long long)l->retro_id, prog->key);
    } else {
        rpc_fail(call, PMO_ABORTED, "lesson %lld changed meanwhile; try again",
                 (long long)id);
    }
    PQclear(r);
}

int lessons_update(rpc_call *call, const program_access *prog, int64_t id,
                   int64_t expected, unsigned mask, const Pmo__V1__Lesson *l,
                   Pmo__V1__Lesson **out)
{
    char bits[8];
    snprintf(bits, sizeof(bits), "%u", mask);
    const char *params[] = {lessons_i64(call, id),
                            lessons_i64(call, expected),
                            bits,
                            l->title,
                            l->body,
                            lessons_tags_join(call, l->tags, l->n_tags),
                            lessons_i64(call, l->retro_id)};
    PGresult *r = db_exec(call->db, &lessons_change, 7, params);
    if (r == NULL) {
        rpc_fail_db(call, "changing the lesson");
        return -1;
    }
    if (PQntuples(r) != 1) {
        PQclear(r);
        lessons_missed(call, prog, id, expected, l);
        return -1;
    }
    Pmo__V1__Lesson *changed = lessons_from_row(call->arena, r, 0);
    int rc = audit_record(call, "lesson", params[0], db_text(r, 0, LS_NCOLS),
                          db_text(r, 0, LS_NCOLS + 1));
    PQclear(r);
    if (rc != 0)
        return -1;
    *out = changed;
    return 0;
}

int lessons_delete(rpc_call *call, int64_t id, int64_t expected)
{
    const char *params[] = {lessons_i64(call, id), lessons_i64(call, expected)};
    PGresult *r = db_exec(call->db, &lessons_remove, 2, params);
    if (r == NULL) {
        rpc_fail_db(call, "deleting the lesson");
        return -1;
    }
    if (PQntuples(r) != 1) {
        PQclear(r);
        lessons_missed(call, NULL, id, expected, NULL);
        return -1;
    }
    int rc = audit_record(call, "lesson", params[0], db_text(r, 0, 0), NULL);
    PQclear(r);
    return rc;
}
