/*
 * server/model/status_reports.c - status report rows, their comments and
 * the program's status settings (see status_reports.h).
 */
#include "model/status_reports.h"
#include "api/fields.h"
#include "audit/audit.h"
#include "model/raid.h"
#include "model/status_metrics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const status_dim_names[STATUS_DIMS] = {
    "overall", "schedule", "budget", "scope", "risk", "resources",
};

/* The defaults of migration 0020, shown before a program sets its own. */
static const Pmo__V1__StatusSettings status_settings_default = {
    PROTOBUF_C_MESSAGE_INIT(&pmo__v1__status_settings__descriptor),
    .program = "",
    .schedule_red_days = 10,
    .schedule_amber_days = 0,
    .risk_red_exposure = 15,
    .risk_amber_exposure = 10,
    .budget_red_percent = 100,
    .budget_amber_percent = 90,
    .reviewer = "",
};

/* clang-format off */
#define STATUS_WHEN(t)                                                         \
    "coalesce(to_char(" t " AT TIME ZONE 'UTC',"                               \
    " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), '')"
#define STATUS_JOINED(col) "array_to_string(" col ", " RAID_SEP_SQL ")"

#define STATUS_COLUMNS                                                         \
    "r.id, r.week, r.state, array_to_string(r.rags, ','),"                     \
    " array_to_string(r.suggested, ','), " STATUS_JOINED("r.reasons") ","      \
    " r.summary, " STATUS_JOINED("r.accomplishments") ","                      \
    " " STATUS_JOINED("r.next_steps") ", " STATUS_JOINED("r.decisions") ","    \
    " " STATUS_JOINED("r.asks") ", coalesce(cu.username, ''),"                 \
    " coalesce(au.username, ''), " STATUS_WHEN("r.published_at") ","           \
    " r.version"                                                               \
    " FROM status_reports r LEFT JOIN users cu ON cu.id = r.created_by"        \
    " LEFT JOIN users au ON au.id = r.approved_by"

DB_STMT(status_by_week,
        "SELECT " STATUS_COLUMNS " WHERE r.program_id = $1 AND r.week = $2");

DB_STMT(status_before,
        "SELECT " STATUS_COLUMNS " WHERE r.program_id = $1 AND r.week < $2"
        " ORDER BY r.week DESC LIMIT 1");

DB_STMT(status_page,
        "SELECT " STATUS_COLUMNS " WHERE r.program_id = $1"
        "   AND ($2::int = 0 OR r.state = $2::int)"
        "   AND ($3::text = '' OR r.week < $3::text)"
        " ORDER BY r.week DESC LIMIT $4::bigint");

DB_STMT(status_metrics_read,
        "SELECT m.key, m.value FROM status_reports r,"
        " jsonb_each_text(r.metrics) m WHERE r.id = $1");

DB_STMT(status_comments_read,
        "SELECT c.section, coalesce(u.username, ''), c.body, "
        STATUS_WHEN("c.created_at")
        " FROM status_comments c LEFT JOIN users u ON u.id = c.author_id"
        " WHERE c.report_id = $1 ORDER BY c.id");

DB_STMT(status_insert,
        "INSERT INTO status_reports (program_id, week, rags, suggested,"
        "  reasons, summary, accomplishments, next_steps, decisions, asks,"
        "  created_by)"
        " VALUES ($1, $2, string_to_array($3, ',')::smallint[],"
        "  string_to_array($4, ',')::smallint[], " RAID_TEXTS("$5") ", $6,"
        "  " RAID_TEXTS("$7") ", " RAID_TEXTS("$8") ", " RAID_TEXTS("$9") ","
        "  " RAID_TEXTS("$10") ", nullif($11::bigint, 0))"
        " RETURNING id, (to_jsonb(status_reports) - 'metrics')::text");

/* The row before and after: no after when stale or published. */
DB_STMT(status_write,
        "WITH cur AS (SELECT * FROM status_reports WHERE id = $1 FOR UPDATE),"
        " upd AS (UPDATE status_reports s SET state = $3::smallint,"
        "   rags = string_to_array($4, ',')::smallint[],"
        "   suggested = string_to_array($5, ',')::smallint[],"
        "   reasons = " RAID_TEXTS("$6") ", summary = $7,"
        "   accomplishments = " RAID_TEXTS("$8") ","
        "   next_steps = " RAID_TEXTS("$9") ","
        "   decisions = " RAID_TEXTS("$10") ", asks = " RAID_TEXTS("$11") ","
        "   metrics = CASE WHEN $12::text = '' THEN s.metrics"
        "                  ELSE $12::jsonb END,"
        "   approved_by = CASE WHEN $13::bool THEN $14::bigint"
        "                      WHEN $3::int < 3 THEN NULL"
        "                      ELSE s.approved_by END,"
        "   published_at = CASE WHEN $3::int = 4 THEN now() END,"
        "   version = s.version + 1"
        "   FROM cur WHERE s.id = cur.id AND cur.version = $2"
        "     AND cur.state <> 4 RETURNING s.*)"
        " SELECT cur.version, cur.state, (to_jsonb(cur) - 'metrics')::text,"
        "  (SELECT (to_jsonb(upd) - 'metrics')::text FROM upd) FROM cur");

DB_STMT(status_comment_insert,
        "INSERT INTO status_comments (report_id, section, author_id, body)"
        " VALUES ($1, $2, nullif($3::bigint, 0), $4)"
        " RETURNING jsonb_build_object('report_id', report_id,"
        "  'section', section, 'body', body)::text");

DB_STMT(status_settings_read,
        "SELECT s.schedule_red_days, s.schedule_amber_days,"
        " s.risk_red_exposure, s.risk_amber_exposure, s.budget_red_percent,"
        " s.budget_amber_percent, coalesce(u.username, ''), s.version"
        " FROM status_settings s LEFT JOIN users u ON u.id = s.reviewer_id"
        " WHERE s.program_id = $1");

DB_STMT(status_settings_write,
        "INSERT INTO status_settings AS s (program_id, schedule_red_days,"
        "  schedule_amber_days, risk_red_exposure, risk_amber_exposure,"
        "  budget_red_percent, budget_amber_percent, reviewer_id)"
        " SELECT $1, $2, $3, $4, $5, $6, $7,"
        "  (SELECT id FROM users WHERE username = $8)"
        "  WHERE $9::bigint = 0"
        " ON CONFLICT (program_id) DO UPDATE SET"
        "  schedule_red_days = $2, schedule_amber_days = $3,"
        "  risk_red_exposure = $4, risk_amber_exposure = $5,"
        "  budget_red_percent = $6, budget_amber_percent = $7,"
        "  reviewer_id = (SELECT id FROM users WHERE username = $8),"
        "  version = s.version + 1"
        "  WHERE s.version = $9"
        " RETURNING (to_jsonb(s) - 'program_id')::text");

DB_STMT(status_settings_version,
        "SELECT coalesce((SELECT version FROM status_settings"
        " WHERE program_id = $1), 0)");
/* clang-format on */

static char *status_i64(rpc_call *call, int64_t v)
{
    return raid_int(call, v);
}

Pmo__V1__StatusRag *status_dim(const Pmo__V1__StatusReport *r, int i)
{
    Pmo__V1__StatusRag *const dims[STATUS_DIMS] = {
        r->overall, r->schedule, r->budget, r->scope, r->risk, r->resources,
    };
    return dims[i];
}

Pmo__V1__StatusReport *status_report_new(rpc_call *call)
{
    Pmo__V1__StatusReport *r = arena_alloc(call->arena, sizeof *r);
    pmo__v1__status_report__init(r);
    Pmo__V1__StatusRag **slots[STATUS_DIMS] = {
        &r->overall, &r->schedule, &r->budget,
        &r->scope,   &r->risk,     &r->resources,
    };
    for (int i = 0; i < STATUS_DIMS; i++) {
        *slots[i] = arena_alloc(call->arena, sizeof **slots[i]);
        pmo__v1__status_rag__init(*slots[i]);
    }
    return r;
}

/* The i-th of n comma- or RAID_SEP-joined fields of text, as stored. */
static void status_split_fixed(arena *a, const char *text, char sep, char **out,
                               int n)
{
    const char *p = text;
    for (int i = 0; i < n; i++) {
        size_t len = strcspn(p, (char[]){sep, '\0'});
        out[i] = arena_strndup(a, p, len);
        p += len + (p[len] == sep);
    }
}

static Pmo__V1__StatusReport *status_from_row(rpc_call *call,
                                              const program_access *prog,
                                              const PGresult *res, int row,
                                              int64_t *id)
{
    Pmo__V1__StatusReport *r = status_report_new(call);
    char *rags[STATUS_DIMS], *suggested[STATUS_DIMS], *reasons[STATUS_DIMS];
    status_split_fixed(call->arena, db_text(res, row, 3), ',', rags,
                       STATUS_DIMS);
    status_split_fixed(call->arena, db_text(res, row, 4), ',', suggested,
                       STATUS_DIMS);
    status_split_fixed(call->arena, db_text(res, row, 5), RAID_SEP[0], reasons,
                       STATUS_DIMS);
    for (int i = 0; i < STATUS_DIMS; i++) {
        Pmo__V1__StatusRag *d = status_dim(r, i);
        d->rag = (Pmo__V1__Rag)atoi(rags[i]);
        d->suggested = (Pmo__V1__Rag)atoi(suggested[i]);
        d->reason = reasons[i];
        d->overridden = d->rag != d->suggested;
    }
    *id = db_int64(res, row, 0);
    r->program = arena_strdup(call->arena, prog->key);
    r->week = arena_strdup(call->arena, db_text(res, row, 1));
    r->state = (Pmo__V1__StatusState)db_int64(res, row, 2);
    r->summary = arena_strdup(call->arena, db_text(res, row, 6));
    raid_split_texts(call->arena, db_text(res, row, 7), &r->accomplishments,
                     &r->n_accomplishments);
    raid_split_texts(call->arena, db_text(res, row, 8), &r->next_steps,
                     &r->n_next_steps);
    raid_split_texts(call->arena, db_text(res, row, 9), &r->decisions_needed,
                     &r->n_decisions_needed);
    raid_split_texts(call->arena, db_text(res, row, 10), &r->asks, &r->n_asks);
    r->created_by = arena_strdup(call->arena, db_text(res, row, 11));
    r->approved_by = arena_strdup(call->arena, db_text(res, row, 12));
    r->published_at = arena_strdup(call->arena, db_text(res, row, 13));
    r->version = db_int64(res, row, 14);
    return r;
}

static int status_details(rpc_call *call, int64_t id, Pmo__V1__StatusReport *r)
{
    const char *params[] = {status_i64(call, id)};
    PGresult *res = db_exec(call->db, &status_comments_read, 1, params);
    if (res == NULL) {
        rpc_fail_db(call, "reading the report's comments");
        return -1;
    }
    size_t n = (size_t)PQntuples(res);
    r->comments = arena_alloc(call->arena, (n ? n : 1) * sizeof(*r->comments));
    r->n_comments = n;
    for (size_t i = 0; i < n; i++) {
        Pmo__V1__StatusComment *c = arena_alloc(call->arena, sizeof *c);
        pmo__v1__status_comment__init(c);
        c->section = arena_strdup(call->arena, db_text(res, (int)i, 0));
        c->author = arena_strdup(call->arena, db_text(res, (int)i, 1));
        c->body = arena_strdup(call->arena, db_text(res, (int)i, 2));
        c->created_at = arena_strdup(call->arena, db_text(res, (int)i, 3));
        r->comments[i] = c;
    }
    PQclear(res);
    if (r->state != PMO__V1__STATUS_STATE__STATUS_PUBLISHED)
        return 0;
    res = db_exec(call->db, &status_metrics_read, 1, params);
    if (res == NULL) {
        rpc_fail_db(call, "reading the report's metrics");
        return -1;
    }
    r->metrics = status_metrics_new(call);
    for (int i = 0; i < PQntuples(res); i++)
        status_metrics_set(call, r->metrics, db_text(res, i, 0),
                           db_text(res, i, 1));
    PQclear(res);
    return 0;
}

int status_reports_get(rpc_call *call, const program_access *prog,
                       const char *week, bool missing_ok, int64_t *id,
                       Pmo__V1__StatusReport **out)
{
    const char *params[] = {status_i64(call, prog->id), week};
    PGresult *res = db_exec(call->db, &status_by_week, 2, params);
    if (res == NULL) {
        rpc_fail_db(call, "reading the status report");
        return -1;
    }
    if (PQntuples(res) == 0) {
        PQclear(res);
        *out = NULL;
        if (missing_ok)
            return 0;
        rpc_fail(call, PMO_NOT_FOUND, "no status report of %s for %s",
                 prog->key, week);
        return -1;
    }
    Pmo__V1__StatusReport *r = status_from_row(call, prog, res, 0, id);
    PQclear(res);
    if (status_details(call, *id, r) != 0)
        return -1;
    *out = r;
    return 0;
}

int status_reports_before(rpc_call *call, const program_access *prog,
                          const char *week, Pmo__V1__StatusReport **out)
{
    const char *params[] = {status_i64(call, prog->id), week};
    PGresult *res = db_exec(call->db, &status_before, 2, params);
    if (res == NULL) {
        rpc_fail_db(call, "reading the last status report");
        return -1;
    }
    int64_t id;
    *out = PQntuples(res) ? status_from_row(call, prog, res, 0, &id) : NULL;
    PQclear(res);
    return 0;
}

int status_reports_list(rpc_call *call, const program_access *prog, int state,
                        const char *after, unsigned limit,
                        Pmo__V1__StatusReport ***out, size_t *n)
{
    const char *params[] = {status_i64(call, prog->id), status_i64(call, state),
                            after, status_i64(call, (int64_t)limit + 1)};
    PGresult *res = db_exec(call->db, &status_page, 4, params);
    if (res == NULL) {
        rpc_fail_db(call, "listing status reports");
        return -1;
    }
    *n = (size_t)PQntuples(res);
    *out = arena_alloc(call->arena, (*n ? *n : 1) * sizeof(**out));
    for (size_t i = 0; i < *n; i++) {
        int64_t id;
        (*out)[i] = status_from_row(call, prog, res, (int)i, &id);
    }
    PQclear(res);
    return 0;
}

/* The dimensions of r as the three stored lists. */
static void status_dims_text(rpc_call *call, const Pmo__V1__StatusReport *r,
                             char **rags, char **suggested, char **reasons)
{
    char *reason_list[STATUS_DIMS];
    *rags = *suggested = "";
    for (int i = 0; i < STATUS_DIMS; i++) {
        const Pmo__V1__StatusRag *d = status_dim(r, i);
        *rags = arena_printf(call->arena, "%s%s%d", *rags, i ? "," : "",
                             (int)d->rag);
        *suggested = arena_printf(call->arena, "%s%s%d", *suggested,
                                  i ? "," : "", (int)d->suggested);
        reason_list[i] = d->reason;
    }
    /* Six texts always give five separators, so an empty reason stays. */
    *reasons = "";
    for (int i = 0; i < STATUS_DIMS; i++)
        *reasons = arena_printf(call->arena, "%s%s%s", *reasons,
                                i ? RAID_SEP : "", reason_list[i]);
}

/* The STATUS_CONTENT parameters of r, in the order the statements take
 * them: RAGs, suggested RAGs, reasons, summary and the four lists. */
enum { STATUS_CONTENT = 8 };
static void status_content_params(rpc_call *call,
                                  const Pmo__V1__StatusReport *r,
                                  const char **params)
{
    char *rags, *suggested, *reasons;
    status_dims_text(call, r, &rags, &suggested, &reasons);
    const char *content[STATUS_CONTENT] = {
        rags,
        suggested,
        reasons,
        r->summary,
        raid_texts(call, r->accomplishments, r->n_accomplishments),
        raid_texts(call, r->next_steps, r->n_next_steps),
        raid_texts(call, r->decisions_needed, r->n_decisions_needed),
        raid_texts(call, r->asks, r->n_asks),
    };
    memcpy(params, content, sizeof content);
}

int status_reports_insert(rpc_call *call, const program_access *prog,
                          const Pmo__V1__StatusReport *r,
                          Pmo__V1__StatusReport **out)
{
    const char *params[3 + STATUS_CONTENT] = {status_i64(call, prog->id),
                                              r->week};
    status_content_params(call, r, params + 2);
    params[2 + STATUS_CONTENT] = status_i64(call, call->who.user_id);
    PGresult *res = db_exec(call->db, &status_insert, 11, params);
    if (res == NULL) {
        rpc_fail_db(call, "saving the status report");
        return -1;
    }
    char *id = arena_strdup(call->arena, db_text(res, 0, 0));
    char *after = arena_strdup(call->arena, db_text(res, 0, 1));
    PQclear(res);
    int64_t row_id;
    if (audit_record(call, "status_report", id, NULL, after) != 0)
        return -1;
    return status_reports_get(call, prog, r->week, false, &row_id, out);
}

int status_reports_write(rpc_call *call, const program_access *prog, int64_t id,
                         int64_t expected, const Pmo__V1__StatusReport *r,
                         const char *metrics_json, bool approved,
                         Pmo__V1__StatusReport **out)
{
    const char *params[6 + STATUS_CONTENT] = {status_i64(call, id),
                                              status_i64(call, expected),
                                              status_i64(call, r->state)};
    status_content_params(call, r, params + 3);
    params[3 + STATUS_CONTENT] = metrics_json ? metrics_json : "";
    params[4 + STATUS_CONTENT] = approved ? "t" : "f";
    params[5 + STATUS_CONTENT] = status_i64(call, call->who.user_id);
    PGresult *res = db_exec(call->db, &status_write, 14, params);
    if (res == NULL) {
        rpc_fail_db(call, "saving the status report");
        return -1;
    }
    int64_t current = db_int64(res, 0, 0);
    bool published =
        db_int64(res, 0, 1) == PMO__V1__STATUS_STATE__STATUS_PUBLISHED;
    bool written = !db_is_null(res, 0, 3);
    char *before = arena_strdup(call->arena, db_text(res, 0, 2));
    char *after =
        written ? arena_strdup(call->arena, db_text(res, 0, 3)) : NULL;
    PQclear(res);
    if (!written) {
        if (published)
            rpc_fail(call, PMO_FAILED_PRECONDITION,
                     "the status report of %s for %s is published and can "
                     "no longer be changed",
                     prog->key, r->week);
        else
            fields_stale(call, "the status report", current, expected);
        return -1;
    }
    int64_t row_id;
    if (audit_record(call, "status_report", status_i64(call, id), before,
                     after) != 0)
        return -1;
    return status_reports_get(call, prog, r->week, false, &row_id, out);
}

int status_comments_add(rpc_call *call, const program_access *prog, int64_t id,
                        const char *section, const char *body)
{
    (void)prog;
    const char *params[] = {status_i64(call, id), section,
                            status_i64(call, call->who.user_id), body};
    PGresult *res = db_exec(call->db, &status_comment_insert, 4, params);
    if (res == NULL) {
        rpc_fail_db(call, "saving the comment");
        return -1;
    }
    char *after = arena_strdup(call->arena, db_text(res, 0, 0));
    PQclear(res);
    return audit_record(call, "status_report", status_i64(call, id), NULL,
                        after);
}

int status_settings_get(rpc_call *call, const program_access *prog,
                        Pmo__V1__StatusSettings **out)
{
    const char *params[] = {status_i64(call, prog->id)};
    PGresult *res = db_exec(call->db, &status_settings_read, 1, params);
    if (res == NULL) {
        rpc_fail_db(call, "reading the status settings");
        return -1;
    }
    Pmo__V1__StatusSettings *s = arena_alloc(call->arena, sizeof *s);
    *s = status_settings_default;
    s->program = arena_strdup(call->arena, prog->key);
    if (PQntuples(res) == 1) {
        int32_t *ints[] = {&s->schedule_red_days,  &s->schedule_amber_days,
                           &s->risk_red_exposure,  &s->risk_amber_exposure,
                           &s->budget_red_percent, &s->budget_amber_percent};
        for (int i = 0; i < 6; i++)
            *ints[i] = (int32_t)db_int64(res, 0, i);
        s->reviewer = arena_strdup(call->arena, db_text(res, 0, 6));
        s->version = db_int64(res, 0, 7);
    }
    PQclear(res);
    *out = s;
    return 0;
}

int status_settings_set(rpc_call *call, const program_access *prog,
                        const Pmo__V1__StatusSettings *s, int64_t expected,
                        Pmo__V1__StatusSettings **out)
{
    const char *params[] = {
        status_i64(call, prog->id),
        status_i64(call, s->schedule_red_days),
        status_i64(call, s->schedule_amber_days),
        status_i64(call, s->risk_red_exposure),
        status_i64(call, s->risk_amber_exposure),
        status_i64(call, s->budget_red_percent),
        status_i64(call, s->budget_amber_percent),
        s->reviewer,
        status_i64(call, expected),
    };
    PGresult *res = db_exec(call->db, &status_settings_write, 9, params);
    if (res == NULL) {
        rpc_fail_db(call, "saving the status settings");
        return -1;
    }
    bool written = PQntuples(res) == 1;
    char *after =
        written ? arena_strdup(call->arena, db_text(res, 0, 0)) : NULL;
    PQclear(res);
    if (!written) {
        res = db_exec(call->db, &status_settings_version, 1, params);
        if (res == NULL) {
            rpc_fail_db(call, "reading the status settings");
            return -1;
        }
        int64_t current = db_int64(res, 0, 0);
        PQclear(res);
        fields_stale(call, "the status settings", current, expected);
        return -1;
    }
    if (audit_record(call, "status_settings", status_i64(call, prog->id), NULL,
                     after) != 0)
        return -1;
    return status_settings_get(call, prog, out);
}
