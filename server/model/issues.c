/* server/model/issues.c - issue rows and their links. */
#include "model/issues.h"
#include "audit/audit.h"
#include "model/raid.h"

#include <stdbool.h>
#include <string.h>

/* clang-format off */

/*
 * The ids in array column c of the row at alias a that still name a row
 * of table in its program, in id order, joined by commas.
 */
#define ISSUE_LINKED(a, c, table)                                              \
    "coalesce((SELECT string_agg(x::text, ',' ORDER BY x)"                     \
    " FROM unnest(" a "." c ") x WHERE EXISTS (SELECT 1 FROM " table " k"      \
    " WHERE k.id = x AND k.program_id = " a ".program_id)), '')"

/* Column list of a pmo.v1.Issue read from alias a, in this order. */
#define ISSUE_COLUMNS(a)                                                       \
    a ".id, " a ".title, " a ".description, " a ".severity, "                  \
    RAID_USERNAME(a ".owner_id") ", " RAID_DATE(a ".due_date") ", "            \
    a ".escalation, " a ".status, " a ".resolution, " RAID_ITEMS(a) ", "       \
    ISSUE_LINKED(a, "risk_ids", "risks") ", "                                  \
    ISSUE_LINKED(a, "decision_ids", "decisions") ", "                          \
    "(coalesce(" a ".due_date < current_date, false)"                          \
    " AND " a ".status IN (1, 2)), " a ".version, "                           \
    "coalesce(" a ".vendor_id, 0)"
#define ISSUE_NCOLS 15

#define ISSUE_JSON(a)                                                          \
    "(to_jsonb(" a ") - 'created_at' - 'program_id' - 'owner_id'"              \
    " || jsonb_build_object("                                                  \
    "'severity', (ARRAY['low', 'medium', 'high', 'critical'])"                 \
    "[" a ".severity],"                                                        \
    " 'status', (ARRAY['open', 'in_progress', 'resolved', 'closed'])"          \
    "[" a ".status],"                                                          \
    " 'owner', " RAID_USERNAME(a ".owner_id") "))"

#define ISSUE_SET(col, f, param)                                               \
    col " = CASE WHEN " RAID_MASKED("$3", f) " THEN " param                    \
    " ELSE i." col " END"

DB_STMT(issues_insert,
        "WITH ins AS ("
        "  INSERT INTO issues (program_id, title, description, severity,"
        "    owner_id, due_date, escalation, status, resolution,"
        "    item_numbers, risk_ids, decision_ids, vendor_id)"
        "  VALUES ($1, $2, $3, $4::bigint, " RAID_USER_ID("$5") ", "
        RAID_DATE_OF("$6") ", $7::bigint, $8::bigint, $9, "
        RAID_NUMS("$10") ", " RAID_NUMS("$11") ", " RAID_NUMS("$12") ","
        "    nullif($13::bigint, 0))"
        "  RETURNING *)"
        " SELECT " ISSUE_COLUMNS("ins") ","
        "  ($5 <> '' AND ins.owner_id IS NULL), " ISSUE_JSON("ins")
        " FROM ins");

DB_STMT(issues_by_id,
        "SELECT i.program_id, p.key, " ISSUE_COLUMNS("i")
        "  FROM issues i JOIN programs p ON p.id = i.program_id"
        " WHERE i.id = $1");

DB_STMT(issues_program, "SELECT program_id FROM issues WHERE id = $1");
DB_STMT(issues_version, "SELECT version FROM issues WHERE id = $1");

DB_STMT(issues_page,
        "SELECT " ISSUE_COLUMNS("i") " FROM issues i"
        " WHERE i.program_id = $1 AND i.id > $2"
        "   AND ($3::int = 0 OR i.status = $3::int)"
        "   AND ($4::int = 0 OR i.severity = $4::int)"
        "   AND ($5 = '' OR i.owner_id = " RAID_USER_ID("$5") ")"
        " ORDER BY i.id LIMIT $6");

DB_STMT(issues_change,
        "WITH old AS ("
        "  SELECT i.id AS old_id, " ISSUE_JSON("i") " AS before"
        "    FROM issues i WHERE i.id = $1 AND i.version = $2 FOR UPDATE),"
        " upd AS ("
        "  UPDATE issues i SET "
        ISSUE_SET("title", "title", "$4") ", "
        ISSUE_SET("description", "description", "$5") ", "
        ISSUE_SET("severity", "severity", "$6::bigint") ", "
        ISSUE_SET("owner_id", "owner", RAID_USER_ID("$7")) ", "
        ISSUE_SET("due_date", "due_date", RAID_DATE_OF("$8")) ", "
        ISSUE_SET("escalation", "escalation", "$9::bigint") ", "
        ISSUE_SET("status", "status", "$10::bigint") ", "
        ISSUE_SET("resolution", "resolution", "$11") ", "
        ISSUE_SET("item_numbers", "items", RAID_NUMS("$12")) ", "
        ISSUE_SET("risk_ids", "risks", RAID_NUMS("$13")) ", "
        ISSUE_SET("decision_ids", "decisions", RAID_NUMS("$14")) ", "
        ISSUE_SET("vendor_id", "vendor_id", "nullif($15::bigint, 0)") ", "
        "    version = i.version + 1"
        "    FROM old WHERE i.id = old.old_id"
        "  RETURNING i.*)"
        " SELECT " ISSUE_COLUMNS("upd") ", old.before, " ISSUE_JSON("upd")
        " FROM upd, old");

DB_STMT(issues_remove,
        "DELETE FROM issues i WHERE i.id = $1 AND i.version = $2"
        " RETURNING " ISSUE_JSON("i"));
/* clang-format on */

static Pmo__V1__Issue *issues_from_row(arena *a, const PGresult *res, int row,
                                       int c, const char *key)
{
    Pmo__V1__Issue *is = arena_alloc(a, sizeof(*is));
    pmo__v1__issue__init(is);
    is->id = db_int64(res, row, c);
    is->program = arena_strdup(a, key);
    is->title = arena_strdup(a, db_text(res, row, c + 1));
    is->description = arena_strdup(a, db_text(res, row, c + 2));
    is->severity = (Pmo__V1__IssueSeverity)db_int64(res, row, c + 3);
    is->owner = arena_strdup(a, db_text(res, row, c + 4));
    is->due_date = arena_strdup(a, db_text(res, row, c + 5));
    is->escalation = (uint32_t)db_int64(res, row, c + 6);
    is->status = (Pmo__V1__IssueStatus)db_int64(res, row, c + 7);
    is->resolution = arena_strdup(a, db_text(res, row, c + 8));
    raid_split_refs(a, key, db_text(res, row, c + 9), &is->items, &is->n_items);
    raid_split_ids(a, db_text(res, row, c + 10), &is->risks, &is->n_risks);
    raid_split_ids(a, db_text(res, row, c + 11), &is->decisions,
                   &is->n_decisions);
    is->overdue = db_bool(res, row, c + 12);
    is->version = db_int64(res, row, c + 13);
    is->vendor_id = db_int64(res, row, c + 14);
    return is;
}

int issues_create(rpc_call *call, const program_access *prog,
                  const Pmo__V1__Issue *is, const char *owner_field,
                  Pmo__V1__Issue **out)
{
    const char *params[] = {
        raid_int(call, prog->id),
        is->title,
        is->description,
        raid_int(call, is->severity),
        is->owner,
        is->due_date,
        raid_int(call, is->escalation),
        raid_int(call, is->status),
        is->resolution,
        raid_ref_numbers(call, prog, is->items, is->n_items),
        raid_ids(call, is->risks, is->n_risks),
        raid_ids(call, is->decisions, is->n_decisions),
        raid_int(call, is->vendor_id),
    };
    PGresult *res = db_exec(call->db, &issues_insert, 13, params);
    if (res == NULL) {
        rpc_fail_db(call, "creating the issue");
        return -1;
    }
    if (db_bool(res, 0, ISSUE_NCOLS)) {
        PQclear(res);
        rpc_violation(call, owner_field, "no user %s", is->owner);
        return -1;
    }
    Pmo__V1__Issue *made = issues_from_row(call->arena, res, 0, 0, prog->key);
    int rc = audit_record(call, "issue", raid_int(call, made->id), NULL,
                          db_text(res, 0, ISSUE_NCOLS + 1));
    PQclear(res);
    if (rc != 0)
        return -1;
    *out = made;
    return 0;
}

int issues_find(rpc_call *call, int64_t id, int64_t *program_id,
                Pmo__V1__Issue **out)
{
    const char *params[] = {raid_int(call, id)};
    PGresult *res = db_exec(call->db, &issues_by_id, 1, params);
    if (res == NULL) {
        rpc_fail_db(call, "reading the issue");
        return -1;
    }
    if (PQntuples(res) != 1) {
        PQclear(res);
        rpc_fail(call, PMO_NOT_FOUND, "no issue %lld", (long long)id);
        return -1;
    }
    *program_id = db_int64(res, 0, 0);
    *out = issues_from_row(call->arena, res, 0, 2, db_text(res, 0, 1));
    PQclear(res);
    return 0;
}

int issues_program_of(rpc_call *call, int64_t id, int64_t *program_id)
{
    return raid_program_of(call, &issues_program, "issue", id, program_id);
}

int issues_list(rpc_call *call, const program_access *prog,
                const issues_filter *f, int64_t after, unsigned limit,
                Pmo__V1__Issue ***out, size_t *n)
{
    const char *params[] = {raid_int(call, prog->id),
                            raid_int(call, after),
                            raid_int(call, f->status),
                            raid_int(call, f->severity),
                            f->owner,
                            raid_int(call, (int64_t)limit + 1)};
    PGresult *res = db_exec(call->db, &issues_page, 6, params);
    if (res == NULL) {
        rpc_fail_db(call, "listing issues");
        return -1;
    }
    *n = (size_t)PQntuples(res);
    *out = arena_alloc(call->arena, (*n ? *n : 1) * sizeof(**out));
    for (size_t i = 0; i < *n; i++)
        (*out)[i] = issues_from_row(call->arena, res, (int)i, 0, prog->key);
    PQclear(res);
    return 0;
}

int issues_update(rpc_call *call, const program_access *prog, int64_t id,
                  int64_t expected, char *const *mask, size_t n_mask,
                  const Pmo__V1__Issue *is, Pmo__V1__Issue **out)
{
    /* Fields the mask does not name were not validated: send none. */
    bool dated = false, items = false, risks = false, decisions = false;
    for (size_t i = 0; i < n_mask; i++) {
        dated |= strcmp(mask[i], "due_date") == 0;
        items |= strcmp(mask[i], "items") == 0;
        risks |= strcmp(mask[i], "risks") == 0;
        decisions |= strcmp(mask[i], "decisions") == 0;
    }
    const char *params[] = {
        raid_int(call, id),
        raid_int(call, expected),
        raid_mask(call, mask, n_mask),
        is->title,
        is->description,
        raid_int(call, is->severity),
        is->owner,
        dated ? is->due_date : "",
        raid_int(call, is->escalation),
        raid_int(call, is->status),
        is->resolution,
        items ? raid_ref_numbers(call, prog, is->items, is->n_items) : "",
        risks ? raid_ids(call, is->risks, is->n_risks) : "",
        decisions ? raid_ids(call, is->decisions, is->n_decisions) : "",
        raid_int(call, is->vendor_id),
    };
    PGresult *res = db_exec(call->db, &issues_change, 15, params);
    if (res == NULL) {
        rpc_fail_db(call, "changing the issue");
        return -1;
    }
    if (PQntuples(res) != 1) {
        PQclear(res);
        raid_missed(call, &issues_version, "issue", id, expected);
        return -1;
    }
    Pmo__V1__Issue *changed =
        issues_from_row(call->arena, res, 0, 0, prog->key);
    int rc =
        audit_record(call, "issue", params[0], db_text(res, 0, ISSUE_NCOLS),
                     db_text(res, 0, ISSUE_NCOLS + 1));
    PQclear(res);
    if (rc != 0)
        return -1;
    *out = changed;
    return 0;
}

int issues_delete(rpc_call *call, int64_t id, int64_t expected)
{
    const char *params[] = {raid_int(call, id), raid_int(call, expected)};
    PGresult *res = db_exec(call->db, &issues_remove, 2, params);
    if (res == NULL) {
        rpc_fail_db(call, "deleting the issue");
        return -1;
    }
    if (PQntuples(res) != 1) {
        PQclear(res);
        raid_missed(call, &issues_version, "issue", id, expected);
        return -1;
    }
    int rc = audit_record(call, "issue", params[0], db_text(res, 0, 0), NULL);
    PQclear(res);
    return rc;
}
