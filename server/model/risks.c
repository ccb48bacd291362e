/*
 * server/model/risks.c - risk rows, their score history, the risk matrix,
 * and the issue a risk becomes.
 */
#include "model/risks.h"
#include "audit/audit.h"
#include "model/issues.h"
#include "model/raid.h"

#include <stdio.h>
#include <string.h>

/* SQL reads best as written: keep clang-format from re-flowing it. */
/* clang-format off */

/* Column list of a pmo.v1.Risk read from alias a, in this order. */
#define RISK_COLUMNS(a)                                                        \
    a ".id, " a ".title, " a ".description, " a ".category, "                  \
    a ".probability, " a ".impact, " a ".exposure, "                           \
    RAID_USERNAME(a ".owner_id") ", " a ".mitigation, " a ".contingency, "     \
    a ".trigger_text, " a ".response, " a ".status, "                          \
    RAID_DATE(a ".review_date") ", " RAID_ITEMS(a) ", "                        \
    "(coalesce(" a ".review_date < current_date, false)"                       \
    " AND " a ".status <> 4), coalesce(" a ".issue_id, 0), " a ".version, "  \
    "coalesce(" a ".vendor_id, 0)"
#define RISK_NCOLS 19

/* Enums are audited by name: the activity feed shows them to people. */
#define RISK_JSON(a)                                                           \
    "(to_jsonb(" a ") - 'created_at' - 'program_id' - 'owner_id'"              \
    " || jsonb_build_object("                                                  \
    "'category', (ARRAY['technical', 'schedule', 'budget', 'resource',"        \
    " 'vendor', 'security', 'compliance', 'other'])[" a ".category],"          \
    " 'response', (ARRAY['avoid', 'mitigate', 'transfer', 'accept'])"         \
    "[" a ".response],"                                                        \
    " 'status', (ARRAY['open', 'mitigating', 'occurred', 'closed'])"           \
    "[" a ".status],"                                                          \
    " 'owner', " RAID_USERNAME(a ".owner_id") "))"

#define RISK_SET(col, f, param)                                                \
    col " = CASE WHEN " RAID_MASKED("$3", f) " THEN " param                    \
    " ELSE r." col " END"

DB_STMT(risks_insert,
        "WITH ins AS ("
        "  INSERT INTO risks (program_id, title, description, category,"
        "    probability, impact, owner_id, mitigation, contingency,"
        "    trigger_text, response, status, review_date, item_numbers,"
        "    vendor_id)"
        "  VALUES ($1, $2, $3, $4::bigint, $5::bigint, $6::bigint, "
        RAID_USER_ID("$7") ", $8, $9, $10, $11::bigint, $12::bigint, "
        RAID_DATE_OF("$13") ", " RAID_NUMS("$14") ", nullif($17::bigint, 0))"
        "  RETURNING *),"
        " score AS ("
        "  INSERT INTO risk_scores (risk_id, changed_by, old_probability,"
        "    old_impact, new_probability, new_impact, note)"
        "  SELECT ins.id, $15, 0, 0, ins.probability, ins.impact, $16"
        "    FROM ins)"
        " SELECT " RISK_COLUMNS("ins") ", " RISK_JSON("ins") " FROM ins");

DB_STMT(risks_by_id,
        "SELECT r.program_id, p.key, " RISK_COLUMNS("r")
        "  FROM risks r JOIN programs p ON p.id = r.program_id"
        " WHERE r.id = $1");

DB_STMT(risks_program, "SELECT program_id FROM risks WHERE id = $1");
DB_STMT(risks_version, "SELECT version FROM risks WHERE id = $1");

/* The sort key of risks_sort_key, in SQL. */
#define RISK_SORT(a)                                                           \
    "((25 - " a ".exposure)::bigint * 1000000000000 + " a ".id)"

DB_STMT(risks_page,
        "SELECT " RISK_COLUMNS("r") "  FROM risks r"
        " WHERE r.program_id = $1 AND " RISK_SORT("r") " > $2::bigint"
        "   AND ($3::int = 0 OR r.status = $3::int)"
        "   AND ($4::int = 0 OR r.category = $4::int)"
        "   AND ($5 = '' OR r.owner_id = " RAID_USER_ID("$5") ")"
        "   AND (NOT $6::boolean OR (r.review_date < current_date"
        "        AND r.status <> 4))"
        " ORDER BY r.exposure DESC, r.id LIMIT $7::bigint");

/*
 * One statement: lock and capture the old form at the expected version,
 * change the masked fields, and add a score when the score moved.
 */
DB_STMT(risks_change,
        "WITH old AS ("
        "  SELECT r.id AS old_id, r.probability AS old_p, r.impact AS old_i,"
        "         r.status AS old_status, r.issue_id AS old_issue, "
        RISK_JSON("r") " AS before"
        "    FROM risks r WHERE r.id = $1 AND r.version = $2 FOR UPDATE),"
        " upd AS ("
        "  UPDATE risks r SET "
        RISK_SET("title", "title", "$4") ", "
        RISK_SET("description", "description", "$5") ", "
        RISK_SET("category", "category", "$6::bigint") ", "
        RISK_SET("probability", "probability", "$7::bigint") ", "
        RISK_SET("impact", "impact", "$8::bigint") ", "
        RISK_SET("owner_id", "owner", RAID_USER_ID("$9")) ", "
        RISK_SET("mitigation", "mitigation", "$10") ", "
        RISK_SET("contingency", "contingency", "$11") ", "
        RISK_SET("trigger_text", "trigger", "$12") ", "
        RISK_SET("response", "response", "$13::bigint") ", "
        RISK_SET("status", "status", "$14::bigint") ", "
        RISK_SET("review_date", "review_date", RAID_DATE_OF("$15")) ", "
        RISK_SET("item_numbers", "items", RAID_NUMS("$16")) ", "
        RISK_SET("vendor_id", "vendor_id", "nullif($19::bigint, 0)") ", "
        "    version = r.version + 1"
        "    FROM old WHERE r.id = old.old_id"
        "  RETURNING r.*),"
        " score AS ("
        "  INSERT INTO risk_scores (risk_id, changed_by, old_probability,"
        "    old_impact, new_probability, new_impact, note)"
        "  SELECT upd.id, $17, old.old_p, old.old_i, upd.probability,"
        "         upd.impact, $18 FROM upd, old"
        "   WHERE (upd.probability, upd.impact)"
        "         IS DISTINCT FROM (old.old_p, old.old_i))"
        " SELECT " RISK_COLUMNS("upd") ","
        "  (upd.status = 3 AND old.old_status <> 3 AND old.old_issue IS NULL),"
        "  old.before, " RISK_JSON("upd") " FROM upd, old");

DB_STMT(risks_link_issue,
        "WITH old AS ("
        "  SELECT r.id AS old_id, " RISK_JSON("r") " AS before"
        "    FROM risks r WHERE r.id = $1 FOR UPDATE)"
        " UPDATE risks r SET issue_id = $2 FROM old WHERE r.id = old.old_id"
        " RETURNING old.before, " RISK_JSON("r"));

/* The scores go with it (ON DELETE CASCADE). */
DB_STMT(risks_remove,
        "DELETE FROM risks r WHERE r.id = $1 AND r.version = $2"
        " RETURNING " RISK_JSON("r"));

DB_STMT(risks_score_page,
        "SELECT s.id, " RAID_USERNAME("s.changed_by") ", "
        RAID_MS("s.changed_at") ", s.old_probability, s.old_impact,"
        "       s.new_probability, s.new_impact, s.note"
        "  FROM risk_scores s WHERE s.risk_id = $1 AND s.id > $2"
        " ORDER BY s.id LIMIT $3");

/* Open: not yet occurred, not closed. */
DB_STMT(risks_cells,
        "SELECT g.p, h.i, count(r.id) FROM generate_series(1, 5) g(p)"
        " CROSS JOIN generate_series(1, 5) h(i)"
        " LEFT JOIN risks r ON r.program_id = $1 AND r.status IN (1, 2)"
        "  AND r.probability = g.p AND r.impact = h.i"
        " GROUP BY g.p, h.i ORDER BY g.p, h.i");

DB_STMT(risks_top,
        "SELECT " RISK_COLUMNS("r") " FROM risks r"
        " WHERE r.program_id = $1 AND r.status IN (1, 2)"
        " ORDER BY r.exposure DESC, r.id LIMIT $2");
/* clang-format on */

/* Reads RISK_COLUMNS starting at column c, in the program keyed key. */
static Pmo__V1__Risk *risks_from_row(arena *a, const PGresult *res, int row,
                                     int c, const char *key)
{
    Pmo__V1__Risk *r = arena_alloc(a, sizeof(*r));
    pmo__v1__risk__init(r);
    r->id = db_int64(res, row, c);
    r->program = arena_strdup(a, key);
    r->title = arena_strdup(a, db_text(res, row, c + 1));
    r->description = arena_strdup(a, db_text(res, row, c + 2));
    r->category = (Pmo__V1__RiskCategory)db_int64(res, row, c + 3);
    r->probability = (uint32_t)db_int64(res, row, c + 4);
    r->impact = (uint32_t)db_int64(res, row, c + 5);
    r->exposure = (uint32_t)db_int64(res, row, c + 6);
    r->owner = arena_strdup(a, db_text(res, row, c + 7));
    r->mitigation = arena_strdup(a, db_text(res, row, c + 8));
    r->contingency = arena_strdup(a, db_text(res, row, c + 9));
    r->trigger = arena_strdup(a, db_text(res, row, c + 10));
    r->response = (Pmo__V1__RiskResponse)db_int64(res, row, c + 11);
    r->status = (Pmo__V1__RiskStatus)db_int64(res, row, c + 12);
    r->review_date = arena_strdup(a, db_text(res, row, c + 13));
    raid_split_refs(a, key, db_text(res, row, c + 14), &r->items, &r->n_items);
    r->review_overdue = db_bool(res, row, c + 15);
    r->issue_id = db_int64(res, row, c + 16);
    r->version = db_int64(res, row, c + 17);
    r->vendor_id = db_int64(res, row, c + 18);
    return r;
}

static char *risks_num(rpc_call *call, int64_t v)
{
    return raid_int(call, v);
}

int risks_create(rpc_call *call, const program_access *prog,
                 const Pmo__V1__Risk *r, const char *note, Pmo__V1__Risk **out)
{
    const char *params[] = {
        risks_num(call, prog->id),
        r->title,
        r->description,
        risks_num(call, r->category),
        risks_num(call, r->probability),
        risks_num(call, r->impact),
        r->owner,
        r->mitigation,
        r->contingency,
        r->trigger,
        risks_num(call, r->response),
        risks_num(call, r->status),
        r->review_date,
        raid_ref_numbers(call, prog, r->items, r->n_items),
        risks_num(call, call->who.user_id),
        note,
        risks_num(call, r->vendor_id),
    };
    PGresult *res = db_exec(call->db, &risks_insert, 17, params);
    if (res == NULL) {
        rpc_fail_db(call, "creating the risk");
        return -1;
    }
    Pmo__V1__Risk *made = risks_from_row(call->arena, res, 0, 0, prog->key);
    int rc = audit_record(call, "risk", risks_num(call, made->id), NULL,
                          db_text(res, 0, RISK_NCOLS));
    PQclear(res);
    if (rc != 0)
        return -1;
    *out = made;
    return 0;
}

int risks_find(rpc_call *call, int64_t id, int64_t *program_id,
               Pmo__V1__Risk **out)
{
    const char *params[] = {risks_num(call, id)};
    PGresult *res = db_exec(call->db, &risks_by_id, 1, params);
    if (res == NULL) {
        rpc_fail_db(call, "reading the risk");
        return -1;
    }
    if (PQntuples(res) != 1) {
        PQclear(res);
        rpc_fail(call, PMO_NOT_FOUND, "no risk %lld", (long long)id);
        return -1;
    }
    *program_id = db_int64(res, 0, 0);
    *out = risks_from_row(call->arena, res, 0, 2, db_text(res, 0, 1));
    PQclear(res);
    return 0;
}

int risks_program_of(rpc_call *call, int64_t id, int64_t *program_id)
{
    return raid_program_of(call, &risks_program, "risk", id, program_id);
}

int64_t risks_sort_key(const Pmo__V1__Risk *r)
{
    return (25 - (int64_t)r->exposure) * 1000000000000LL + r->id;
}

static int risks_rows(rpc_call *call, PGresult *res, const char *key,
                      Pmo__V1__Risk ***out, size_t *n)
{
    *n = (size_t)PQntuples(res);
    *out = arena_alloc(call->arena, (*n ? *n : 1) * sizeof(**out));
    for (size_t i = 0; i < *n; i++)
        (*out)[i] = risks_from_row(call->arena, res, (int)i, 0, key);
    PQclear(res);
    return 0;
}

int risks_list(rpc_call *call, const program_access *prog,
               const risks_filter *f, int64_t after, unsigned limit,
               Pmo__V1__Risk ***out, size_t *n)
{
    const char *params[] = {risks_num(call, prog->id),
                            risks_num(call, after),
                            risks_num(call, f->status),
                            risks_num(call, f->category),
                            f->owner,
                            f->overdue_review ? "t" : "f",
                            risks_num(call, (int64_t)limit + 1)};
    PGresult *res = db_exec(call->db, &risks_page, 7, params);
    if (res == NULL) {
        rpc_fail_db(call, "listing risks");
        return -1;
    }
    return risks_rows(call, res, prog->key, out, n);
}

int risks_update(rpc_call *call, const program_access *prog, int64_t id,
                 int64_t expected, char *const *mask, size_t n_mask,
                 const Pmo__V1__Risk *r, const char *note, Pmo__V1__Risk **out,
                 bool *occurred)
{
    /* Fields the mask does not name were not validated: send none. */
    bool dated = false, linked = false;
    for (size_t i = 0; i < n_mask; i++) {
        dated |= strcmp(mask[i], "review_date") == 0;
        linked |= strcmp(mask[i], "items") == 0;
    }
    const char *params[] = {
        risks_num(call, id),
        risks_num(call, expected),
        raid_mask(call, mask, n_mask),
        r->title,
        r->description,
        risks_num(call, r->category),
        risks_num(call, r->probability),
        risks_num(call, r->impact),
        r->owner,
        r->mitigation,
        r->contingency,
        r->trigger,
        risks_num(call, r->response),
        risks_num(call, r->status),
        dated ? r->review_date : "",
        linked ? raid_ref_numbers(call, prog, r->items, r->n_items) : "",
        risks_num(call, call->who.user_id),
        note,
        risks_num(call, r->vendor_id),
    };
    PGresult *res = db_exec(call->db, &risks_change, 19, params);
    if (res == NULL) {
        rpc_fail_db(call, "changing the risk");
        return -1;
    }
    if (PQntuples(res) != 1) {
        PQclear(res);
        raid_missed(call, &risks_version, "risk", id, expected);
        return -1;
    }
    Pmo__V1__Risk *changed = risks_from_row(call->arena, res, 0, 0, prog->key);
    *occurred = db_bool(res, 0, RISK_NCOLS);
    int rc =
        audit_record(call, "risk", params[0], db_text(res, 0, RISK_NCOLS + 1),
                     db_text(res, 0, RISK_NCOLS + 2));
    PQclear(res);
    if (rc != 0)
        return -1;
    *out = changed;
    return 0;
}

/* The severity a risk's impact makes when it occurs. */
static Pmo__V1__IssueSeverity risks_severity_of(uint32_t impact)
{
    if (impact >= 5)
        return PMO__V1__ISSUE_SEVERITY__ISSUE_CRITICAL;
    if (impact == 4)
        return PMO__V1__ISSUE_SEVERITY__ISSUE_HIGH;
    if (impact == 3)
        return PMO__V1__ISSUE_SEVERITY__ISSUE_MEDIUM;
    return PMO__V1__ISSUE_SEVERITY__ISSUE_LOW;
}

/* Points risk r at issue id; audited as a change of the risk. */
static int risks_link(rpc_call *call, Pmo__V1__Risk *r, int64_t issue_id)
{
    const char *params[] = {risks_num(call, r->id), risks_num(call, issue_id)};
    PGresult *res = db_exec(call->db, &risks_link_issue, 2, params);
    if (res == NULL) {
        rpc_fail_db(call, "linking the risk to its issue");
        return -1;
    }
    if (PQntuples(res) != 1) {
        PQclear(res);
        rpc_fail(call, PMO_NOT_FOUND, "no risk %lld", (long long)r->id);
        return -1;
    }
    int rc = audit_record(call, "risk", params[0], db_text(res, 0, 0),
                          db_text(res, 0, 1));
    PQclear(res);
    if (rc == 0)
        r->issue_id = issue_id;
    return rc;
}

int risks_to_issue(rpc_call *call, const program_access *prog, Pmo__V1__Risk *r,
                   int severity, const char *owner, const char *due,
                   Pmo__V1__Issue **issue)
{
    Pmo__V1__Issue *is = arena_alloc(call->arena, sizeof(*is));
    pmo__v1__issue__init(is);
    is->program = r->program;
    is->title = r->title;
    is->description =
        r->contingency[0]
            ? arena_printf(call->arena, "%s%sContingency plan: %s",
                           r->description, r->description[0] ? "\n\n" : "",
                           r->contingency)
            : r->description;
    is->severity = severity ? (Pmo__V1__IssueSeverity)severity
                            : risks_severity_of(r->impact);
    is->owner = (char *)(owner[0] ? owner : r->owner);
    is->due_date = (char *)due;
    is->status = PMO__V1__ISSUE_STATUS__ISSUE_OPEN;
    is->items = r->items;
    is->n_items = r->n_items;
    is->risks = &r->id;
    is->n_risks = 1;
    is->vendor_id = r->vendor_id;
    Pmo__V1__Issue *made;
    if (issues_create(call, prog, is, "owner", &made) != 0 ||
        risks_link(call, r, made->id) != 0)
        return -1;
    *issue = made;
    return 0;
}

int risks_delete(rpc_call *call, int64_t id, int64_t expected)
{
    const char *params[] = {risks_num(call, id), risks_num(call, expected)};
    PGresult *res = db_exec(call->db, &risks_remove, 2, params);
    if (res == NULL) {
        rpc_fail_db(call, "deleting the risk");
        return -1;
    }
    if (PQntuples(res) != 1) {
        PQclear(res);
        raid_missed(call, &risks_version, "risk", id, expected);
        return -1;
    }
    int rc = audit_record(call, "risk", params[0], db_text(res, 0, 0), NULL);
    PQclear(res);
    return rc;
}

int risks_scores(rpc_call *call, int64_t id, int64_t after, unsigned limit,
                 Pmo__V1__RiskScore ***out, size_t *n)
{
    const char *params[] = {risks_num(call, id), risks_num(call, after),
                            risks_num(call, (int64_t)limit + 1)};
    PGresult *res = db_exec(call->db, &risks_score_page, 3, params);
    if (res == NULL) {
        rpc_fail_db(call, "reading the risk's scores");
        return -1;
    }
    arena *a = call->arena;
    *n = (size_t)PQntuples(res);
    *out = arena_alloc(a, (*n ? *n : 1) * sizeof(**out));
    for (size_t i = 0; i < *n; i++) {
        int row = (int)i;
        Pmo__V1__RiskScore *s = arena_alloc(a, sizeof(*s));
        pmo__v1__risk_score__init(s);
        s->id = db_int64(res, row, 0);
        s->by = arena_strdup(a, db_text(res, row, 1));
        s->at_ms = db_int64(res, row, 2);
        s->old_probability = (uint32_t)db_int64(res, row, 3);
        s->old_impact = (uint32_t)db_int64(res, row, 4);
        s->new_probability = (uint32_t)db_int64(res, row, 5);
        s->new_impact = (uint32_t)db_int64(res, row, 6);
        s->note = arena_strdup(a, db_text(res, row, 7));
        (*out)[i] = s;
    }
    PQclear(res);
    return 0;
}

static int risks_cells_read(rpc_call *call, const program_access *prog,
                            Pmo__V1__RiskMatrixResponse *out)
{
    const char *params[] = {risks_num(call, prog->id)};
    PGresult *res = db_exec(call->db, &risks_cells, 1, params);
    if (res == NULL) {
        rpc_fail_db(call, "counting risks");
        return -1;
    }
    arena *a = call->arena;
    out->n_cells = (size_t)PQntuples(res);
    out->cells =
        arena_alloc(a, (out->n_cells ? out->n_cells : 1) * sizeof(*out->cells));
    out->open_risks = 0;
    for (size_t i = 0; i < out->n_cells; i++) {
        Pmo__V1__RiskMatrixCell *c = arena_alloc(a, sizeof(*c));
        pmo__v1__risk_matrix_cell__init(c);
        c->probability = (uint32_t)db_int64(res, (int)i, 0);
        c->impact = (uint32_t)db_int64(res, (int)i, 1);
        c->count = (uint32_t)db_int64(res, (int)i, 2);
        out->open_risks += c->count;
        out->cells[i] = c;
    }
    PQclear(res);
    return 0;
}

int risks_matrix(rpc_call *call, const program_access *prog, unsigned top,
                 Pmo__V1__RiskMatrixResponse *out)
{
    if (risks_cells_read(call, prog, out) != 0)
        return -1;
    const char *params[] = {risks_num(call, prog->id), risks_num(call, top)};
    PGresult *res = db_exec(call->db, &risks_top, 2, params);
    if (res == NULL) {
        rpc_fail_db(call, "reading the top risks");
        return -1;
    }
    return risks_rows(call, res, prog->key, &out->top, &out->n_top);
}
