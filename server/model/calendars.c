/*
 * server/model/calendars.c - working weekdays, hours per day and holidays
 * of a program.
 */
#include "model/calendars.h"
#include "api/fields.h"
#include "audit/audit.h"
#include "db/array.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One row per holiday (one row with a NULL day when there is none). */
DB_STMT(calendars_read,
        "SELECT p.calendar_version, array_to_string(p.working_weekdays, ','),"
        "       h.day IS NULL, coalesce(to_char(h.day, 'YYYY-MM-DD'), ''),"
        "       coalesce(h.name, ''), p.hours_per_day"
        "  FROM programs p"
        "  LEFT JOIN program_holidays h ON h.program_id = p.id"
        " WHERE p.id = $1 ORDER BY h.day");

/* The holidays given as $4 (dates) and $5 (names), as audited. */
#define CALENDAR_NEW_HOLIDAYS_JSON                                             \
    "(SELECT coalesce(jsonb_agg(jsonb_build_object('date', v.day, 'name',"     \
    " v.name) ORDER BY v.day), '[]')"                                          \
    " FROM unnest($4::date[], $5::text[]) AS v(day, name))"

/*
 * The holidays are replaced without deleting and re-inserting the same
 * key in one statement: days no longer listed go, listed days are
 * upserted. Both run only if the version matched (they join upd). Hours
 * per day of 0 ($6) keep the stored ones.
 */
DB_STMT(calendars_change,
        "WITH cur AS (SELECT p.id, p.calendar_version, jsonb_build_object("
        "     'working_weekdays', p.working_weekdays, 'holidays',"
        "     (SELECT coalesce(jsonb_agg(jsonb_build_object('date', h.day,"
        "        'name', h.name) ORDER BY h.day), '[]')"
        "        FROM program_holidays h WHERE h.program_id = p.id),"
        "     'hours_per_day', p.hours_per_day,"
        "     'version', p.calendar_version) AS before"
        "   FROM programs p WHERE p.id = $1 FOR UPDATE),"
        " upd AS (UPDATE programs p SET working_weekdays = $3::smallint[],"
        "   hours_per_day = CASE WHEN $6::float8 > 0 THEN $6::float8"
        "                   ELSE p.hours_per_day END,"
        "   calendar_version = p.calendar_version + 1 FROM cur"
        "   WHERE p.id = cur.id AND p.calendar_version = $2::bigint"
        "   RETURNING p.id, p.calendar_version, p.hours_per_day),"
        " gone AS (DELETE FROM program_holidays h USING upd"
        "   WHERE h.program_id = upd.id AND h.day <> ALL ($4::date[])),"
        " kept AS (INSERT INTO program_holidays (program_id, day, name)"
        "   SELECT upd.id, v.day, v.name"
        "     FROM upd, unnest($4::date[], $5::text[]) AS v(day, name)"
        "   ON CONFLICT (program_id, day) DO UPDATE SET name = excluded.name)"
        " SELECT cur.calendar_version, upd.calendar_version, cur.before,"
        "   jsonb_build_object('working_weekdays', $3::smallint[],"
        "     'holidays', " CALENDAR_NEW_HOLIDAYS_JSON ","
        "     'hours_per_day', upd.hours_per_day,"
        "     'version', upd.calendar_version), upd.hours_per_day"
        " FROM cur LEFT JOIN upd ON true");

static void calendars_weekdays_parse(arena *a, const char *text,
                                     Pmo__V1__Calendar *c)
{
    size_t n = text[0] ? 1 : 0;
    for (const char *p = text; *p; p++)
        n += *p == ',';
    c->working_weekdays = arena_alloc(a, (n ? n : 1) * sizeof(uint32_t));
    c->n_working_weekdays = n;
    const char *p = text;
    for (size_t i = 0; i < n; i++) {
        char *end;
        c->working_weekdays[i] = (uint32_t)strtoul(p, &end, 10);
        p = *end == ',' ? end + 1 : end;
    }
}

static Pmo__V1__Holiday *calendars_holiday_new(arena *a, const char *date,
                                               const char *name)
{
    Pmo__V1__Holiday *h = arena_alloc(a, sizeof(*h));
    pmo__v1__holiday__init(h);
    h->date = arena_strdup(a, date);
    h->name = arena_strdup(a, name);
    return h;
}

int calendars_get(rpc_call *call, const program_access *pa,
                  Pmo__V1__Calendar **out)
{
    char id[24];
    snprintf(id, sizeof(id), "%lld", (long long)pa->id);
    const char *params[] = {id};
    PGresult *r = db_exec(call->db, &calendars_read, 1, params);
    if (r == NULL) {
        rpc_fail_db(call, "reading the calendar");
        return -1;
    }
    int rows = PQntuples(r);
    if (rows == 0) {
        PQclear(r);
        rpc_fail(call, PMO_NOT_FOUND, "no program %s", pa->key);
        return -1;
    }
    Pmo__V1__Calendar *c = arena_alloc(call->arena, sizeof(*c));
    pmo__v1__calendar__init(c);
    c->version = db_int64(r, 0, 0);
    c->hours_per_day = strtod(db_text(r, 0, 5), NULL);
    calendars_weekdays_parse(call->arena, db_text(r, 0, 1), c);
    c->n_holidays = db_bool(r, 0, 2) ? 0 : (size_t)rows;
    c->holidays = arena_alloc(call->arena, (size_t)rows * sizeof(*c->holidays));
    for (size_t i = 0; i < c->n_holidays; i++)
        c->holidays[i] = calendars_holiday_new(
            call->arena, db_text(r, (int)i, 3), db_text(r, (int)i, 4));
    PQclear(r);
    *out = c;
    return 0;
}

/* "{1,2,3}" */
static char *calendars_weekdays_literal(arena *a, const Pmo__V1__Calendar *in)
{
    char *text = arena_alloc(a, 2 + 11 * (in->n_working_weekdays + 1));
    size_t len = 0;
    text[len++] = '{';
    for (size_t i = 0; i < in->n_working_weekdays; i++)
        len += (size_t)sprintf(text + len, "%s%u", i ? "," : "",
                               in->working_weekdays[i]);
    text[len++] = '}';
    text[len] = '\0';
    return text;
}

static void calendars_holiday_params(arena *a, const Pmo__V1__Calendar *in,
                                     const char **days, const char **names)
{
    size_t n = in->n_holidays;
    char **d = arena_alloc(a, (n ? n : 1) * sizeof(*d));
    char **m = arena_alloc(a, (n ? n : 1) * sizeof(*m));
    for (size_t i = 0; i < n; i++) {
        d[i] = in->holidays[i]->date;
        m[i] = in->holidays[i]->name;
    }
    *days = db_array_literal(a, d, n);
    *names = db_array_literal(a, m, n);
}

/* The stored calendar: in's lists (already in stored order), new version. */
static Pmo__V1__Calendar *calendars_echo(arena *a, const Pmo__V1__Calendar *in,
                                         int64_t version, double hours)
{
    Pmo__V1__Calendar *c = arena_alloc(a, sizeof(*c));
    pmo__v1__calendar__init(c);
    c->n_working_weekdays = in->n_working_weekdays;
    c->working_weekdays = in->working_weekdays;
    c->n_holidays = in->n_holidays;
    c->holidays = in->holidays;
    c->version = version;
    c->hours_per_day = hours;
    return c;
}

int calendars_update(rpc_call *call, const program_access *pa,
                     const Pmo__V1__Calendar *in, int64_t expected_version,
                     Pmo__V1__Calendar **out)
{
    arena *a = call->arena;
    const char *params[6];
    params[0] = arena_printf(a, "%lld", (long long)pa->id);
    params[1] = arena_printf(a, "%lld", (long long)expected_version);
    params[2] = calendars_weekdays_literal(a, in);
    calendars_holiday_params(a, in, &params[3], &params[4]);
    params[5] = arena_printf(a, "%.17g", in->hours_per_day);
    PGresult *r = db_exec(call->db, &calendars_change, 6, params);
    if (r == NULL) {
        rpc_fail_db(call, "changing the calendar");
        return -1;
    }
    int rc = -1;
    if (PQntuples(r) != 1)
        rpc_fail(call, PMO_NOT_FOUND, "no program %s", pa->key);
    else if (db_is_null(r, 0, 1))
        fields_stale(call, arena_printf(a, "the calendar of %s", pa->key),
                     db_int64(r, 0, 0), expected_version);
    else
        rc = audit_record(call, "calendar", pa->key, db_text(r, 0, 2),
                          db_text(r, 0, 3));
    if (rc == 0)
        *out = calendars_echo(a, in, db_int64(r, 0, 1),
                              strtod(db_text(r, 0, 4), NULL));
    PQclear(r);
    return rc;
}
