/* server/model/events.c - sealed audit rows read as events. */
#include "model/events.h"
#include "model/access.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The organisation-wide kinds every caller reads through their own lists. */
static const char *const events_public_kinds[] = {
    "team", "team_member", "vendor", "lesson", "template", "radar_entry",
};
#define EVENTS_PUBLIC_KINDS_SQL                                                \
    "'{team,team_member,vendor,lesson,template,radar_entry}'::text[]"

/* SQL reads best as written: keep clang-format from re-flowing it. */
/* clang-format off */
/* Only rows holding an object on both sides are compared. */
#define EVENTS_BOTH_OBJECTS                                                    \
    "jsonb_typeof(a.before) = 'object' AND jsonb_typeof(a.after) = 'object'"
/* The top-level keys whose values differ, joined by US; keys that change
 * on every write are left out. */
#define EVENTS_CHANGED                                                         \
    "coalesce((SELECT string_agg(d.k, E'\\x1f' ORDER BY d.k COLLATE \"C\")"    \
    "  FROM (SELECT coalesce(b.key, f.key) AS k"                               \
    "          FROM jsonb_each(CASE WHEN " EVENTS_BOTH_OBJECTS                 \
    "                          THEN a.before END) b"                           \
    "          FULL JOIN jsonb_each(CASE WHEN " EVENTS_BOTH_OBJECTS            \
    "                               THEN a.after END) f ON f.key = b.key"      \
    "         WHERE coalesce(b.value, 'null')"                                 \
    "               IS DISTINCT FROM coalesce(f.value, 'null')"                \
    "           AND coalesce(b.key, f.key) NOT IN"                             \
    "               ('version', 'updated_at', 'updated_at_ms')) d), '')"
#define EVENTS_COLUMNS                                                         \
    "a.seq, (extract(epoch FROM a.at) * 1000)::bigint, coalesce(p.key, ''),"   \
    " a.entity, a.entity_id,"                                                  \
    " CASE WHEN a.before IS NULL THEN 1 WHEN a.after IS NULL THEN 3 ELSE 2"    \
    " END, a.method,"                                                          \
    " CASE WHEN jsonb_typeof(a.after -> 'version') = 'number'"                 \
    "      THEN (a.after ->> 'version')::numeric::bigint ELSE 0 END,"          \
    " a.actor, " EVENTS_CHANGED ", coalesce(a.program_id, 0)"

/*
 * $1 after, $2 program id or 0, $3 kinds or '{}', $4 limit, $5 caller,
 * $6 caller is admin, $7 the token's programs ('' when not limited).
 * A program's event: the caller holds a role there (or is an admin) and
 * the token may act there. An organisation-wide one: the token is not
 * limited, and the kind is public or the caller an admin.
 */
DB_STMT(events_page,
        "SELECT " EVENTS_COLUMNS
        "  FROM audit_log a LEFT JOIN programs p ON p.id = a.program_id"
        " WHERE a.seq > $1"
        "   AND ($2::bigint = 0 OR a.program_id = $2)"
        "   AND (cardinality($3::text[]) = 0 OR a.entity = ANY ($3::text[]))"
        "   AND CASE WHEN a.program_id IS NOT NULL"
        "       THEN ($6::bool OR EXISTS (SELECT 1 FROM program_members m"
        "                                  WHERE m.program_id = a.program_id"
        "                                    AND m.user_id = $5))"
        "            AND " ACCESS_TOKEN_ALLOWS("$7", "a.program_id")
        "       ELSE $7::text = ''"
        "            AND ($6::bool OR a.entity = ANY (" EVENTS_PUBLIC_KINDS_SQL "))"
        "       END"
        " ORDER BY a.seq LIMIT $4");

DB_STMT(events_after,
        "SELECT " EVENTS_COLUMNS
        "  FROM audit_log a LEFT JOIN programs p ON p.id = a.program_id"
        " WHERE a.seq > $1 ORDER BY a.seq LIMIT $2");
/* clang-format on */

DB_STMT(events_head, "SELECT coalesce(max(seq), 0) FROM audit_log");

/* $1 user, $2 the token's programs, $3 the user is an admin. */
DB_STMT(events_programs_of,
        "SELECT p.id, p.key FROM programs p"
        " WHERE ($3::bool OR EXISTS (SELECT 1 FROM program_members m"
        "                             WHERE m.program_id = p.id"
        "                               AND m.user_id = $1))"
        "   AND " ACCESS_TOKEN_ALLOWS("$2", "p.id") " ORDER BY p.key");

bool events_kind_public(const char *kind)
{
    for (size_t i = 0;
         i < sizeof(events_public_kinds) / sizeof(*events_public_kinds); i++)
        if (strcmp(events_public_kinds[i], kind) == 0)
            return true;
    return false;
}

/* A kind is a name of lower-case letters and '_': safe in an array
 * literal without quoting. */
static bool events_kind_valid(const char *kind)
{
    size_t n = 0;
    for (; kind[n]; n++)
        if (!((kind[n] >= 'a' && kind[n] <= 'z') || kind[n] == '_'))
            return false;
    return n > 0 && n <= 40;
}

const char *events_kinds_param(rpc_call *call, char *const *kinds,
                               size_t n_kinds, const char *field_prefix)
{
    if (n_kinds > EVENTS_KINDS_MAX) {
        rpc_violation(call, field_prefix, "at most %d kinds", EVENTS_KINDS_MAX);
        return NULL;
    }
    size_t len = 3;
    for (size_t i = 0; i < n_kinds; i++) {
        if (!events_kind_valid(kinds[i])) {
            rpc_violation(call,
                          arena_printf(call->arena, "%s[%zu]", field_prefix, i),
                          "a kind is a name of lower-case letters and '_' "
                          "(work_item, risk, team, ...)");
            return NULL;
        }
        len += strlen(kinds[i]) + 1;
    }
    char *text = arena_alloc(call->arena, len), *w = text;
    *w++ = '{';
    for (size_t i = 0; i < n_kinds; i++)
        w += snprintf(w, len - (size_t)(w - text), "%s%s", i ? "," : "",
                      kinds[i]);
    snprintf(w, len - (size_t)(w - text), "}");
    return text;
}

Pmo__V1__Event *events_from_row(arena *a, const PGresult *r, int row)
{
    Pmo__V1__Event *e = arena_alloc(a, sizeof(*e));
    pmo__v1__event__init(e);
    e->seq = db_int64(r, row, 0);
    e->at_ms = db_int64(r, row, 1);
    e->program = arena_strdup(a, db_text(r, row, 2));
    e->kind = arena_strdup(a, db_text(r, row, 3));
    e->entity_id = arena_strdup(a, db_text(r, row, 4));
    e->action = (Pmo__V1__EventAction)db_int64(r, row, 5);
    e->method = arena_strdup(a, db_text(r, row, 6));
    e->version = db_int64(r, row, 7);
    e->actor = arena_strdup(a, db_text(r, row, 8));
    const char *changed = db_text(r, row, 9);
    size_t n = changed[0] ? 1 : 0;
    for (const char *p = changed; *p; p++)
        n += *p == '\x1f';
    e->n_changed_fields = n;
    e->changed_fields = arena_alloc(a, (n ? n : 1) * sizeof(char *));
    char *copy = arena_strdup(a, changed);
    for (size_t i = 0; i < n; i++) {
        e->changed_fields[i] = copy;
        char *sep = strchr(copy, '\x1f');
        if (sep) {
            *sep = '\0';
            copy = sep + 1;
        }
    }
    return e;
}

int events_list(rpc_call *call, int64_t after_seq, int64_t program_id,
                const char *kinds, unsigned limit, Pmo__V1__Event ***out,
                size_t *n)
{
    char after[24], program[24], lim[16], caller[24];
    snprintf(after, sizeof(after), "%lld", (long long)after_seq);
    snprintf(program, sizeof(program), "%lld", (long long)program_id);
    snprintf(lim, sizeof(lim), "%u", limit);
    snprintf(caller, sizeof(caller), "%lld", (long long)call->who.user_id);
    const char *params[] = {after,
                            program,
                            kinds,
                            lim,
                            caller,
                            call->who.is_admin ? "true" : "false",
                            access_token_programs(call)};
    PGresult *r = db_exec(call->db, &events_page, 7, params);
    if (r == NULL) {
        rpc_fail_db(call, "reading events");
        return -1;
    }
    *n = (size_t)PQntuples(r);
    *out = arena_alloc(call->arena, (*n ? *n : 1) * sizeof(**out));
    for (size_t i = 0; i < *n; i++)
        (*out)[i] = events_from_row(call->arena, r, (int)i);
    PQclear(r);
    return 0;
}

int events_last_seq(db_conn *db, int64_t *out)
{
    PGresult *r = db_exec(db, &events_head, 0, NULL);
    if (r == NULL)
        return -1;
    *out = db_int64(r, 0, 0);
    PQclear(r);
    return 0;
}

PGresult *events_read_after(db_conn *db, int64_t after_seq, int limit)
{
    char after[24], lim[16];
    snprintf(after, sizeof(after), "%lld", (long long)after_seq);
    snprintf(lim, sizeof(lim), "%d", limit);
    const char *params[] = {after, lim};
    return db_exec(db, &events_after, 2, params);
}

PGresult *events_user_programs(db_conn *db, int64_t user_id, bool is_admin,
                               const char *token_programs)
{
    char user[24];
    snprintf(user, sizeof(user), "%lld", (long long)user_id);
    const char *params[] = {user, token_programs, is_admin ? "true" : "false"};
    return db_exec(db, &events_programs_of, 3, params);
}
