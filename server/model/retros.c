/* server/model/retros.c - retro rows with their root causes. */
#include "model/retros.h"
#include "api/fields.h"
#include "audit/audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Lists travel joined by the unit separator (chr(31)), which validated
 * text never holds.
 */
#define RT_SEP "\x1f"

/* clang-format off */
#define RT_SPLIT(p) "string_to_array(" p ", chr(31))"
#define RT_COLUMNS(r)                                                          \
    r ".id, (SELECT key FROM programs WHERE id = " r ".program_id), "          \
    r ".title, to_char(" r ".held_on, 'YYYY-MM-DD'), " r ".kind, "             \
    r ".went_well, " r ".went_badly,"                                          \
    " array_to_string(" r ".root_causes, chr(31)),"                            \
    " coalesce((SELECT username FROM users"                                  \
    "   WHERE id = " r ".created_by), ''),"                                \
    " " r ".version, " r ".program_id"
#define RT_NCOLS 11

#define RT_JSON(r)                                                             \
    "jsonb_build_object('id', " r ".id, 'title', " r ".title,"                 \
    " 'date', " r ".held_on, 'kind', (ARRAY['retrospective',"                  \
    " 'post-mortem'])[" r ".kind], 'went_well', " r ".went_well,"              \
    " 'went_badly', " r ".went_badly, 'root_causes', " r ".root_causes,"       \
    " 'version', " r ".version)"

DB_STMT(retros_insert,
        "INSERT INTO retros AS r (program_id, title, held_on, kind, went_well,"
        " went_badly, root_causes, created_by)"
        " VALUES ($1, $2, $3::date, $4, $5, $6, " RT_SPLIT("$7") ", $8)"
        " RETURNING " RT_COLUMNS("r") ", " RT_JSON("r"));

DB_STMT(retros_by_id,
        "SELECT " RT_COLUMNS("r") " FROM retros r WHERE r.id = $1");

DB_STMT(retros_page,
        "SELECT " RT_COLUMNS("r") " FROM retros r"
        " WHERE r.program_id = $1 AND r.id > $2 AND ($3 = 0 OR r.kind = $3)"
        " ORDER BY r.id LIMIT $4");

DB_STMT(retros_where, "SELECT program_id, version FROM retros WHERE id = $1");

#define RT_MASKED(bit) "($3::int & " bit ") <> 0"
#define RT_SET(col, bit, value)                                                \
    col " = CASE WHEN " RT_MASKED(bit) " THEN " value " ELSE r." col " END"
DB_STMT(retros_change,
        "WITH old AS (SELECT r.id AS old_id, " RT_JSON("r") " AS before"
        "  FROM retros r WHERE r.id = $1 AND r.version = $2 FOR UPDATE),"
        " upd AS (UPDATE retros r SET "
        RT_SET("title", "1", "$4") ", "
        RT_SET("held_on", "2", "$5::date") ", "
        RT_SET("kind", "4", "$6::smallint") ", "
        RT_SET("went_well", "8", "$7") ", "
        RT_SET("went_badly", "16", "$8") ", "
        RT_SET("root_causes", "32", RT_SPLIT("$9")) ","
        "  version = r.version + 1 FROM old WHERE r.id = old.old_id"
        "  RETURNING r.*, old.before)"
        " SELECT " RT_COLUMNS("upd") ", upd.before, " RT_JSON("upd")
        "  FROM upd");

DB_STMT(retros_remove,
        "DELETE FROM retros r WHERE r.id = $1 AND r.version = $2"
        " RETURNING " RT_JSON("r"));
/* clang-format on */

static char *retros_i64(rpc_call *call, int64_t v)
{
    return arena_printf(call->arena, "%lld", (long long)v);
}

/* The n strings of list joined by RT_SEP. */
static char *retros_join(rpc_call *call, char *const *list, size_t n)
{
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        len += strlen(list[i]) + 1;
    char *out = arena_alloc(call->arena, len);
    size_t at = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n; i++)
        at += (size_t)sprintf(out + at, "%s%s", i ? RT_SEP : "", list[i]);
    return out;
}

/* Splits text on sep into at most a count of parts (arena strings). */
static char **retros_split(arena *a, const char *text, char sep, size_t *n)
{
    *n = text[0] ? 1 : 0;
    for (const char *p = text; *p; p++)
        *n += *p == sep;
    char **out = arena_alloc(a, (*n ? *n : 1) * sizeof(*out));
    const char *p = text;
    char stop[2] = {sep, '\0'};
    for (size_t i = 0; i < *n; i++) {
        size_t len = strcspn(p, stop);
        out[i] = arena_strndup(a, p, len);
        p += len + (p[len] != '\0');
    }
    return out;
}

static Pmo__V1__Retro *retros_from_row(arena *a, const PGresult *res, int row)
{
    Pmo__V1__Retro *r = arena_alloc(a, sizeof(*r));
    pmo__v1__retro__init(r);
    r->id = db_int64(res, row, 0);
    r->program = arena_strdup(a, db_text(res, row, 1));
    r->title = arena_strdup(a, db_text(res, row, 2));
    r->date = arena_strdup(a, db_text(res, row, 3));
    r->kind = (Pmo__V1__RetroKind)db_int64(res, row, 4);
    r->went_well = arena_strdup(a, db_text(res, row, 5));
    r->went_badly = arena_strdup(a, db_text(res, row, 6));
    r->root_causes =
        retros_split(a, db_text(res, row, 7), RT_SEP[0], &r->n_root_causes);
    r->created_by = arena_strdup(a, db_text(res, row, 8));
    r->version = db_int64(res, row, 9);
    return r;
}

int retros_create(rpc_call *call, const program_access *prog,
                  const Pmo__V1__Retro *r, Pmo__V1__Retro **out)
{
    const char *params[] = {retros_i64(call, prog->id),
                            r->title,
                            r->date,
                            retros_i64(call, r->kind),
                            r->went_well,
                            r->went_badly,
                            retros_join(call, r->root_causes, r->n_root_causes),
                            retros_i64(call, call->who.user_id)};
    PGresult *res = db_exec(call->db, &retros_insert, 8, params);
    if (res == NULL) {
        rpc_fail_db(call, "creating the retro");
        return -1;
    }
    Pmo__V1__Retro *made = retros_from_row(call->arena, res, 0);
    int rc = audit_record(call, "retro", retros_i64(call, made->id), NULL,
                          db_text(res, 0, RT_NCOLS));
    PQclear(res);
    if (rc != 0)
        return -1;
    *out = made;
    return 0;
}

int retros_find(rpc_call *call, int64_t id, int64_t *program_id,
                Pmo__V1__Retro **out)
{
    const char *params[] = {retros_i64(call, id)};
    PGresult *res = db_exec(call->db, &retros_by_id, 1, params);
    if (res == NULL) {
        rpc_fail_db(call, "reading the retro");
        return -1;
    }
    if (PQntuples(res) != 1) {
        PQclear(res);
        rpc_fail(call, PMO_NOT_FOUND, "no retro %lld", (long long)id);
        return -1;
    }
    *program_id = db_int64(res, 0, RT_NCOLS - 1);
    *out = retros_from_row(call->arena, res, 0);
    PQclear(res);
    return 0;
}

/* Program and version of retro id; NOT_FOUND if none. */
static int retros_locate(rpc_call *call, int64_t id, int64_t *program_id,
                         int64_t *version)
{
    const char *params[] = {retros_i64(call, id)};
    PGresult *res = db_exec(call->db, &retros_where, 1, params);
    if (res == NULL) {
        rpc_fail_db(call, "reading the retro");
        return -1;
    }
    int found = PQntuples(res) == 1;
    if (found) {
        *program_id = db_int64(res, 0, 0);
        *version = db_int64(res, 0, 1);
    } else {
        rpc_fail(call, PMO_NOT_FOUND, "no retro %lld", (long long)id);
    }
    PQclear(res);
    return found ? 0 : -1;
}

int retros_program_of(rpc_call *call, int64_t id, int64_t *program_id)
{
    int64_t version;
    return retros_locate(call, id, program_id, &version);
}

int retros_list(rpc_call *call, const program_access *prog, int kind,
                int64_t after, unsigned limit, Pmo__V1__Retro ***out, size_t *n)
{
    const char *params[] = {retros_i64(call, prog->id), retros_i64(call, after),
                            retros_i64(call, kind),
                            retros_i64(call, (int64_t)limit + 1)};
    PGresult *res = db_exec(call->db, &retros_page, 4, params);
    if (res == NULL) {
        rpc_fail_db(call, "listing retros");
        return -1;
    }
    *n = (size_t)PQntuples(res);
    *out = arena_alloc(call->arena, (*n ? *n : 1) * sizeof(**out));
    for (size_t i = 0; i < *n; i++)
        (*out)[i] = retros_from_row(call->arena, res, (int)i);
    PQclear(res);
    return 0;
}

static void retros_missed(rpc_call *call, int64_t id, int64_t expected)
{
    int64_t program_id, version;
    if (retros_locate(call, id, &program_id, &version) != 0)
        return;
    char what[32];
    snprintf(what, sizeof(what), "retro %lld", (long long)id);
    fields_stale(call, what, version, expected);
}

int retros_update(rpc_call *call, const program_access *prog, int64_t id,
                  int64_t expected, unsigned mask, const Pmo__V1__Retro *r,
                  Pmo__V1__Retro **out)
{
    (void)prog;
    char bits[8];
    snprintf(bits, sizeof(bits), "%u", mask);
    /* An unmasked date is not validated: send one the cast accepts. */
    const char *date = mask & RETROS_DATE ? r->date : "2000-01-01";
    const char *params[] = {
        retros_i64(call, id),
        retros_i64(call, expected),
        bits,
        r->title,
        date,
        retros_i64(call, r->kind),
        r->went_well,
        r->went_badly,
        retros_join(call, r->root_causes, r->n_root_causes)};
    PGresult *res = db_exec(call->db, &retros_change, 9, params);
    if (res == NULL) {
        rpc_fail_db(call, "changing the retro");
        return -1;
    }
    if (PQntuples(res) != 1) {
        PQclear(res);
        retros_missed(call, id, expected);
        return -1;
    }
    Pmo__V1__Retro *changed = retros_from_row(call->arena, res, 0);
    int rc = audit_record(call, "retro", params[0], db_text(res, 0, RT_NCOLS),
                          db_text(res, 0, RT_NCOLS + 1));
    PQclear(res);
    if (rc != 0)
        return -1;
    *out = changed;
    return 0;
}

int retros_delete(rpc_call *call, int64_t id, int64_t expected)
{
    const char *params[] = {retros_i64(call, id), retros_i64(call, expected)};
    PGresult *res = db_exec(call->db, &retros_remove, 2, params);
    if (res == NULL) {
        rpc_fail_db(call, "deleting the retro");
        return -1;
    }
    if (PQntuples(res) != 1) {
        PQclear(res);
        retros_missed(call, id, expected);
        return -1;
    }
    int rc = audit_record(call, "retro", params[0], db_text(res, 0, 0), NULL);
    PQclear(res);
    return rc;
}
