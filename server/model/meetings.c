/* server/model/meetings.c - meeting rows and what came out of them. */
#include "model/meetings.h"
#include "audit/audit.h"
#include "model/raid.h"

#include <stdbool.h>
#include <string.h>

/* clang-format off */

/* The usernames of the attendees of the meeting at alias a, in order. */
#define MEETING_ATTENDEES(a)                                                   \
    "coalesce((SELECT string_agg(u.username, " RAID_SEP_SQL                    \
    " ORDER BY v.ord) FROM unnest(" a ".attendee_ids) WITH ORDINALITY"         \
    " v(uid, ord) JOIN users u ON u.id = v.uid), '')"

/* The user ids of the usernames in list parameter p, in order. */
#define MEETING_IDS_OF(p)                                                      \
    "ARRAY(SELECT u.id FROM unnest(" RAID_TEXTS(p) ") WITH ORDINALITY"         \
    " v(name, ord) JOIN users u ON u.username = v.name ORDER BY v.ord)"

/* Column list of a pmo.v1.Meeting read from alias a, in this order. */
#define MEETING_COLUMNS(a)                                                     \
    a ".id, " RAID_DATE(a ".held_on") ", " a ".title, "                        \
    MEETING_ATTENDEES(a) ", " a ".notes, "                                     \
    "coalesce((SELECT string_agg(d.id::text, ',' ORDER BY d.id)"               \
    " FROM decisions d WHERE d.meeting_id = " a ".id), ''), "                  \
    "coalesce((SELECT string_agg(x.id::text, ',' ORDER BY x.id)"               \
    " FROM action_items x WHERE x.source = 1"                                  \
    " AND x.source_id = " a ".id), ''), " a ".version"
#define MEETING_NCOLS 8

#define MEETING_JSON(a)                                                        \
    "(to_jsonb(" a ") - 'created_at' - 'program_id' - 'attendee_ids'"          \
    " || jsonb_build_object('attendees', (SELECT"                             \
    " coalesce(jsonb_agg(u.username ORDER BY v.ord), '[]')"                    \
    " FROM unnest(" a ".attendee_ids)"                                         \
    " WITH ORDINALITY v(uid, ord) JOIN users u ON u.id = v.uid)))"

#define MEETING_SET(col, f, param)                                             \
    col " = CASE WHEN " RAID_MASKED("$3", f) " THEN " param                    \
    " ELSE m." col " END"

DB_STMT(meetings_insert,
        "WITH ins AS ("
        "  INSERT INTO meetings (program_id, held_on, title, attendee_ids,"
        "    notes)"
        "  VALUES ($1, $2::date, $3, " MEETING_IDS_OF("$4") ", $5)"
        "  RETURNING *)"
        " SELECT " MEETING_COLUMNS("ins") ", " MEETING_JSON("ins")
        "   FROM ins");

DB_STMT(meetings_by_id,
        "SELECT m.program_id, p.key, " MEETING_COLUMNS("m")
        "  FROM meetings m JOIN programs p ON p.id = m.program_id"
        " WHERE m.id = $1");

DB_STMT(meetings_program, "SELECT program_id FROM meetings WHERE id = $1");
DB_STMT(meetings_version, "SELECT version FROM meetings WHERE id = $1");

DB_STMT(meetings_page,
        "SELECT " MEETING_COLUMNS("m") " FROM meetings m"
        " WHERE m.program_id = $1 AND m.id > $2 ORDER BY m.id LIMIT $3");

DB_STMT(meetings_change,
        "WITH old AS ("
        "  SELECT m.id AS old_id, " MEETING_JSON("m") " AS before"
        "    FROM meetings m WHERE m.id = $1 AND m.version = $2"
        "     FOR UPDATE),"
        " upd AS ("
        "  UPDATE meetings m SET "
        MEETING_SET("held_on", "date", "nullif($4, '')::date") ", "
        MEETING_SET("title", "title", "$5") ", "
        MEETING_SET("attendee_ids", "attendees", MEETING_IDS_OF("$6")) ", "
        MEETING_SET("notes", "notes", "$7") ", "
        "    version = m.version + 1"
        "    FROM old WHERE m.id = old.old_id"
        "  RETURNING m.*)"
        " SELECT " MEETING_COLUMNS("upd") ", old.before, "
        MEETING_JSON("upd") " FROM upd, old");

DB_STMT(meetings_remove,
        "DELETE FROM meetings m WHERE m.id = $1 AND m.version = $2"
        " RETURNING " MEETING_JSON("m"));
/* clang-format on */

static Pmo__V1__Meeting *meetings_from_row(arena *a, const PGresult *res,
                                           int row, int c, const char *key)
{
    Pmo__V1__Meeting *m = arena_alloc(a, sizeof(*m));
    pmo__v1__meeting__init(m);
    m->id = db_int64(res, row, c);
    m->program = arena_strdup(a, key);
    m->date = arena_strdup(a, db_text(res, row, c + 1));
    m->title = arena_strdup(a, db_text(res, row, c + 2));
    raid_split_texts(a, db_text(res, row, c + 3), &m->attendees,
                     &m->n_attendees);
    m->notes = arena_strdup(a, db_text(res, row, c + 4));
    raid_split_ids(a, db_text(res, row, c + 5), &m->decision_ids,
                   &m->n_decision_ids);
    raid_split_ids(a, db_text(res, row, c + 6), &m->action_ids,
                   &m->n_action_ids);
    m->version = db_int64(res, row, c + 7);
    return m;
}

int meetings_create(rpc_call *call, const program_access *prog,
                    const Pmo__V1__Meeting *m, Pmo__V1__Meeting **out)
{
    const char *params[] = {raid_int(call, prog->id), m->date, m->title,
                            raid_texts(call, m->attendees, m->n_attendees),
                            m->notes};
    PGresult *res = db_exec(call->db, &meetings_insert, 5, params);
    if (res == NULL) {
        rpc_fail_db(call, "creating the meeting");
        return -1;
    }
    Pmo__V1__Meeting *made =
        meetings_from_row(call->arena, res, 0, 0, prog->key);
    int rc = audit_record(call, "meeting", raid_int(call, made->id), NULL,
                          db_text(res, 0, MEETING_NCOLS));
    PQclear(res);
    if (rc != 0)
        return -1;
    *out = made;
    return 0;
}

int meetings_find(rpc_call *call, int64_t id, int64_t *program_id,
                  Pmo__V1__Meeting **out)
{
    const char *params[] = {raid_int(call, id)};
    PGresult *res = db_exec(call->db, &meetings_by_id, 1, params);
    if (res == NULL) {
        rpc_fail_db(call, "reading the meeting");
        return -1;
    }
    if (PQntuples(res) != 1) {
        PQclear(res);
        rpc_fail(call, PMO_NOT_FOUND, "no meeting %lld", (long long)id);
        return -1;
    }
    *program_id = db_int64(res, 0, 0);
    *out = meetings_from_row(call->arena, res, 0, 2, db_text(res, 0, 1));
    PQclear(res);
    return 0;
}

int meetings_program_of(rpc_call *call, int64_t id, int64_t *program_id)
{
    return raid_program_of(call, &meetings_program, "meeting", id, program_id);
}

int meetings_list(rpc_call *call, const program_access *prog, int64_t after,
                  unsigned limit, Pmo__V1__Meeting ***out, size_t *n)
{
    const char *params[] = {raid_int(call, prog->id), raid_int(call, after),
                            raid_int(call, (int64_t)limit + 1)};
    PGresult *res = db_exec(call->db, &meetings_page, 3, params);
    if (res == NULL) {
        rpc_fail_db(call, "listing meetings");
        return -1;
    }
    *n = (size_t)PQntuples(res);
    *out = arena_alloc(call->arena, (*n ? *n : 1) * sizeof(**out));
    for (size_t i = 0; i < *n; i++)
        (*out)[i] = meetings_from_row(call->arena, res, (int)i, 0, prog->key);
    PQclear(res);
    return 0;
}

int meetings_update(rpc_call *call, const program_access *prog, int64_t id,
                    int64_t expected, char *const *mask, size_t n_mask,
                    const Pmo__V1__Meeting *m, Pmo__V1__Meeting **out)
{
    /* Fields the mask does not name were not validated: send none. */
    bool dated = false, attendees = false;
    for (size_t i = 0; i < n_mask; i++) {
        dated |= strcmp(mask[i], "date") == 0;
        attendees |= strcmp(mask[i], "attendees") == 0;
    }
    const char *params[] = {
        raid_int(call, id),
        raid_int(call, expected),
        raid_mask(call, mask, n_mask),
        dated ? m->date : "",
        m->title,
        attendees ? raid_texts(call, m->attendees, m->n_attendees) : "",
        m->notes,
    };
    PGresult *res = db_exec(call->db, &meetings_change, 7, params);
    if (res == NULL) {
        rpc_fail_db(call, "changing the meeting");
        return -1;
    }
    if (PQntuples(res) != 1) {
        PQclear(res);
        raid_missed(call, &meetings_version, "meeting", id, expected);
        return -1;
    }
    Pmo__V1__Meeting *changed =
        meetings_from_row(call->arena, res, 0, 0, prog->key);
    int rc =
        audit_record(call, "meeting", params[0], db_text(res, 0, MEETING_NCOLS),
                     db_text(res, 0, MEETING_NCOLS + 1));
    PQclear(res);
    if (rc != 0)
        return -1;
    *out = changed;
    return 0;
}

int meetings_delete(rpc_call *call, int64_t id, int64_t expected)
{
    const char *params[] = {raid_int(call, id), raid_int(call, expected)};
    PGresult *res = db_exec(call->db, &meetings_remove, 2, params);
    if (res == NULL) {
        rpc_fail_db(call, "deleting the meeting");
        return -1;
    }
    if (PQntuples(res) != 1) {
        PQclear(res);
        raid_missed(call, &meetings_version, "meeting", id, expected);
        return -1;
    }
    int rc = audit_record(call, "meeting", params[0], db_text(res, 0, 0), NULL);
    PQclear(res);
    return rc;
}
