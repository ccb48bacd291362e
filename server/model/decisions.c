/* server/model/decisions.c - decision rows. */
#include "model/decisions.h"
#include "audit/audit.h"
#include "model/raid.h"

#include <stdbool.h>
#include <string.h>

/* clang-format off */

/* Column list of a pmo.v1.Decision read from alias a, in this order. */
#define DECISION_COLUMNS(a)                                                    \
    a ".id, " a ".question, " a ".context, " RAID_JOINED(a ".options") ", "    \
    a ".outcome, " RAID_USERNAME(a ".decided_by") ", "                         \
    RAID_DATE(a ".decided_on") ", " RAID_ITEMS(a) ", " a ".affects, "          \
    a ".status, coalesce(" a ".meeting_id, 0), " a ".version"
#define DECISION_NCOLS 12

#define DECISION_JSON(a)                                                       \
    "(to_jsonb(" a ") - 'created_at' - 'program_id' - 'decided_by'"            \
    " || jsonb_build_object("                                                  \
    "'status', (ARRAY['proposed', 'decided', 'superseded'])[" a ".status],"    \
    " 'decided_by', " RAID_USERNAME(a ".decided_by") "))"

#define DECISION_SET(col, f, param)                                            \
    col " = CASE WHEN " RAID_MASKED("$3", f) " THEN " param                    \
    " ELSE d." col " END"

/* A decided decision without a date is dated today. */
DB_STMT(decisions_insert,
        "WITH ins AS ("
        "  INSERT INTO decisions (program_id, question, context, options,"
        "    outcome, decided_by, decided_on, item_numbers, affects, status,"
        "    meeting_id)"
        "  VALUES ($1, $2, $3, " RAID_TEXTS("$4") ", $5, "
        RAID_USER_ID("$6") ", coalesce(" RAID_DATE_OF("$7") ","
        "    CASE WHEN $10::int = 2 THEN current_date END), "
        RAID_NUMS("$8") ", $9, $10::bigint, nullif($11::bigint, 0))"
        "  RETURNING *)"
        " SELECT " DECISION_COLUMNS("ins") ", " DECISION_JSON("ins")
        "   FROM ins");

DB_STMT(decisions_by_id,
        "SELECT d.program_id, p.key, " DECISION_COLUMNS("d")
        "  FROM decisions d JOIN programs p ON p.id = d.program_id"
        " WHERE d.id = $1");

DB_STMT(decisions_program, "SELECT program_id FROM decisions WHERE id = $1");
DB_STMT(decisions_version, "SELECT version FROM decisions WHERE id = $1");

DB_STMT(decisions_page,
        "SELECT " DECISION_COLUMNS("d") " FROM decisions d"
        " WHERE d.program_id = $1 AND d.id > $2"
        "   AND ($3::int = 0 OR d.status = $3::int)"
        "   AND ($4::bigint = 0 OR d.meeting_id = $4::bigint)"
        " ORDER BY d.id LIMIT $5");

DB_STMT(decisions_change,
        "WITH old AS ("
        "  SELECT d.id AS old_id, " DECISION_JSON("d") " AS before"
        "    FROM decisions d WHERE d.id = $1 AND d.version = $2"
        "     FOR UPDATE),"
        " upd AS ("
        "  UPDATE decisions d SET "
        DECISION_SET("question", "question", "$4") ", "
        DECISION_SET("context", "context", "$5") ", "
        DECISION_SET("options", "options", RAID_TEXTS("$6")) ", "
        DECISION_SET("outcome", "decision", "$7") ", "
        DECISION_SET("decided_by", "decided_by", RAID_USER_ID("$8")) ", "
        "    decided_on = coalesce(CASE WHEN " RAID_MASKED("$3", "decided_on")
        "      THEN " RAID_DATE_OF("$9") " ELSE d.decided_on END,"
        "      CASE WHEN (CASE WHEN " RAID_MASKED("$3", "status")
        "        THEN $12::int ELSE d.status END) = 2 THEN current_date END),"
        " " DECISION_SET("item_numbers", "items", RAID_NUMS("$10")) ", "
        DECISION_SET("affects", "affects", "$11") ", "
        DECISION_SET("status", "status", "$12::bigint") ", "
        "    version = d.version + 1"
        "    FROM old WHERE d.id = old.old_id"
        "  RETURNING d.*)"
        " SELECT " DECISION_COLUMNS("upd") ", old.before, "
        DECISION_JSON("upd") " FROM upd, old");

DB_STMT(decisions_remove,
        "DELETE FROM decisions d WHERE d.id = $1 AND d.version = $2"
        " RETURNING " DECISION_JSON("d"));
/* clang-format on */

static Pmo__V1__Decision *decisions_from_row(arena *a, const PGresult *res,
                                             int row, int c, const char *key)
{
    Pmo__V1__Decision *d = arena_alloc(a, sizeof(*d));
    pmo__v1__decision__init(d);
    d->id = db_int64(res, row, c);
    d->program = arena_strdup(a, key);
    d->question = arena_strdup(a, db_text(res, row, c + 1));
    d->context = arena_strdup(a, db_text(res, row, c + 2));
    raid_split_texts(a, db_text(res, row, c + 3), &d->options, &d->n_options);
    d->decision = arena_strdup(a, db_text(res, row, c + 4));
    d->decided_by = arena_strdup(a, db_text(res, row, c + 5));
    d->decided_on = arena_strdup(a, db_text(res, row, c + 6));
    raid_split_refs(a, key, db_text(res, row, c + 7), &d->items, &d->n_items);
    d->affects = arena_strdup(a, db_text(res, row, c + 8));
    d->status = (Pmo__V1__DecisionStatus)db_int64(res, row, c + 9);
    d->meeting_id = db_int64(res, row, c + 10);
    d->version = db_int64(res, row, c + 11);
    return d;
}

int decisions_create(rpc_call *call, const program_access *prog,
                     const Pmo__V1__Decision *d, Pmo__V1__Decision **out)
{
    const char *params[] = {
        raid_int(call, prog->id),
        d->question,
        d->context,
        raid_texts(call, d->options, d->n_options),
        d->decision,
        d->decided_by,
        d->decided_on,
        raid_ref_numbers(call, prog, d->items, d->n_items),
        d->affects,
        raid_int(call, d->status),
        raid_int(call, d->meeting_id),
    };
    PGresult *res = db_exec(call->db, &decisions_insert, 11, params);
    if (res == NULL) {
        rpc_fail_db(call, "creating the decision");
        return -1;
    }
    Pmo__V1__Decision *made =
        decisions_from_row(call->arena, res, 0, 0, prog->key);
    int rc = audit_record(call, "decision", raid_int(call, made->id), NULL,
                          db_text(res, 0, DECISION_NCOLS));
    PQclear(res);
    if (rc != 0)
        return -1;
    *out = made;
    return 0;
}

int decisions_find(rpc_call *call, int64_t id, int64_t *program_id,
                   Pmo__V1__Decision **out)
{
    const char *params[] = {raid_int(call, id)};
    PGresult *res = db_exec(call->db, &decisions_by_id, 1, params);
    if (res == NULL) {
        rpc_fail_db(call, "reading the decision");
        return -1;
    }
    if (PQntuples(res) != 1) {
        PQclear(res);
        rpc_fail(call, PMO_NOT_FOUND, "no decision %lld", (long long)id);
        return -1;
    }
    *program_id = db_int64(res, 0, 0);
    *out = decisions_from_row(call->arena, res, 0, 2, db_text(res, 0, 1));
    PQclear(res);
    return 0;
}

int decisions_program_of(rpc_call *call, int64_t id, int64_t *program_id)
{
    return raid_program_of(call, &decisions_program, "decision", id,
                           program_id);
}

int decisions_list(rpc_call *call, const program_access *prog, int status,
                   int64_t meeting_id, int64_t after, unsigned limit,
                   Pmo__V1__Decision ***out, size_t *n)
{
    const char *params[] = {raid_int(call, prog->id), raid_int(call, after),
                            raid_int(call, status), raid_int(call, meeting_id),
                            raid_int(call, (int64_t)limit + 1)};
    PGresult *res = db_exec(call->db, &decisions_page, 5, params);
    if (res == NULL) {
        rpc_fail_db(call, "listing decisions");
        return -1;
    }
    *n = (size_t)PQntuples(res);
    *out = arena_alloc(call->arena, (*n ? *n : 1) * sizeof(**out));
    for (size_t i = 0; i < *n; i++)
        (*out)[i] = decisions_from_row(call->arena, res, (int)i, 0, prog->key);
    PQclear(res);
    return 0;
}

int decisions_update(rpc_call *call, const program_access *prog, int64_t id,
                     int64_t expected, char *const *mask, size_t n_mask,
                     const Pmo__V1__Decision *d, Pmo__V1__Decision **out)
{
    /* Fields the mask does not name were not validated: send none. */
    bool dated = false, items = false;
    for (size_t i = 0; i < n_mask; i++) {
        dated |= strcmp(mask[i], "decided_on") == 0;
        items |= strcmp(mask[i], "items") == 0;
    }
    const char *params[] = {
        raid_int(call, id),
        raid_int(call, expected),
        raid_mask(call, mask, n_mask),
        d->question,
        d->context,
        raid_texts(call, d->options, d->n_options),
        d->decision,
        d->decided_by,
        dated ? d->decided_on : "",
        items ? raid_ref_numbers(call, prog, d->items, d->n_items) : "",
        d->affects,
        raid_int(call, d->status),
    };
    PGresult *res = db_exec(call->db, &decisions_change, 12, params);
    if (res == NULL) {
        rpc_fail_db(call, "changing the decision");
        return -1;
    }
    if (PQntuples(res) != 1) {
        PQclear(res);
        raid_missed(call, &decisions_version, "decision", id, expected);
        return -1;
    }
    Pmo__V1__Decision *changed =
        decisions_from_row(call->arena, res, 0, 0, prog->key);
    int rc = audit_record(call, "decision", params[0],
                          db_text(res, 0, DECISION_NCOLS),
                          db_text(res, 0, DECISION_NCOLS + 1));
    PQclear(res);
    if (rc != 0)
        return -1;
    *out = changed;
    return 0;
}

int decisions_delete(rpc_call *call, int64_t id, int64_t expected)
{
    const char *params[] = {raid_int(call, id), raid_int(call, expected)};
    PGresult *res = db_exec(call->db, &decisions_remove, 2, params);
    if (res == NULL) {
        rpc_fail_db(call, "deleting the decision");
        return -1;
    }
    if (PQntuples(res) != 1) {
        PQclear(res);
        raid_missed(call, &decisions_version, "decision", id, expected);
        return -1;
    }
    int rc =
        audit_record(call, "decision", params[0], db_text(res, 0, 0), NULL);
    PQclear(res);
    return rc;
}
