/* server/model/stakeholders.c - stakeholder rows and their RACI lists. */
#include "model/stakeholders.h"
#include "api/fields.h"
#include "audit/audit.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Lists travel as one text parameter each and are split in SQL with
 * string_to_array: targets on the unit separator (validated input holds
 * no control characters), numbers on commas. No array literal is built
 * from user text, so nothing needs quoting.
 */
#define SH_SEP "\x1f"

/* SQL reads best as written: keep clang-format from re-flowing it. */
/* clang-format off */
#define SH_SEP_SQL       "E'\\x1f'"
#define SH_SPLIT(p)      "string_to_array(" p ", " SH_SEP_SQL ")"
#define SH_NUMS(p, type) "string_to_array(" p ", ',')::" type "[]"

/* Column list of a pmo.v1.Stakeholder read from alias a, in this order. */
#define SH_COLUMNS(a)                                                          \
    a ".id, " a ".name, " a ".title, " a ".organisation, " a ".kind, "         \
    a ".email, " a ".phone, " a ".interest, " a ".influence, "                 \
    "coalesce((SELECT u.username FROM users u WHERE u.id = " a ".user_id),"    \
    " ''), " a ".notes, " a ".version"
#define SH_NCOLS 12
/* The RACI list as "role:target" joined by SH_SEP, in target order. */
#define SH_RACI_TEXT(a)                                                        \
    "(SELECT string_agg(r.role || ':' || r.target, " SH_SEP_SQL                \
    " ORDER BY r.target COLLATE \"C\")"                                        \
    " FROM stakeholder_raci r WHERE r.stakeholder_id = " a ".id)"

/* Enums are audited by name: the activity feed shows them to people. */
#define SH_KIND_NAME(e)                                                        \
    "(ARRAY['internal', 'external_vendor', 'partner', 'customer',"             \
    " 'executive'])[" e "]"
#define SH_LEVEL_NAME(e) "(ARRAY['low', 'medium', 'high'])[" e "]"
#define SH_ROLE_NAME(e)                                                        \
    "(ARRAY['responsible', 'accountable', 'consulted', 'informed'])[" e "]"
#define SH_RACI_JSON_OF(a)                                                     \
    "(SELECT coalesce(jsonb_object_agg(r.target, " SH_ROLE_NAME("r.role")      \
    "), '{}') FROM stakeholder_raci r WHERE r.stakeholder_id = " a ".id)"
#define SH_RACI_JSON_GIVEN(t, role)                                            \
    "(SELECT coalesce(jsonb_object_agg(v.t, " SH_ROLE_NAME("v.role")           \
    "), '{}') FROM unnest(" SH_SPLIT(t) ", " SH_NUMS(role, "smallint")         \
    ") v(t, role))"
/* The audited form of the stakeholder at alias a with RACI list raci. */
#define SH_JSON(a, raci)                                                       \
    "jsonb_build_object('id', " a ".id, 'name', " a ".name,"                   \
    " 'title', " a ".title, 'organisation', " a ".organisation,"               \
    " 'kind', " SH_KIND_NAME(a ".kind") ", 'email', " a ".email,"              \
    " 'phone', " a ".phone, 'interest', " SH_LEVEL_NAME(a ".interest") ","     \
    " 'influence', " SH_LEVEL_NAME(a ".influence") ","                         \
    " 'username', (SELECT u.username FROM users u"                             \
    "              WHERE u.id = " a ".user_id),"                               \
    " 'notes', " a ".notes, 'raci', " raci ", 'version', " a ".version)"

/*
 * The 0-based positions, joined by commas, of the given targets that are
 * neither a project key nor a work item number of the program. num is
 * the item number parsed from a ref, 0 for what can only be a project.
 */
#define SH_BAD_TARGETS(prog, t, num)                                           \
    "(SELECT string_agg((v.ord - 1)::text, ',' ORDER BY v.ord)"                \
    "   FROM unnest(" SH_SPLIT(t) ", " SH_NUMS(num, "bigint") ")"              \
    "        WITH ORDINALITY v(t, num, ord)"                                   \
    "  WHERE NOT CASE WHEN v.num > 0"                                          \
    "    THEN EXISTS (SELECT 1 FROM work_items w"                              \
    "                  WHERE w.program_id = " prog " AND w.number = v.num)"    \
    "    ELSE EXISTS (SELECT 1 FROM projects p"                                \
    "                  WHERE p.program_id = " prog " AND p.key = v.t) END)"

#define SH_MASKED(f) "'" f "' = ANY(string_to_array($3, ','))"
#define SH_SET(col, param)                                                     \
    col " = CASE WHEN " SH_MASKED(col) " THEN " param " ELSE s." col " END"

/*
 * The username is resolved inside the insert; a name that matches no
 * user leaves user_id NULL, which the third column reports.
 */
DB_STMT(stakeholders_insert,
        "WITH ins AS ("
        "  INSERT INTO stakeholders (program_id, name, title, organisation,"
        "    kind, email, phone, interest, influence, user_id, notes)"
        "  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
        "    (SELECT id FROM users WHERE username = $10), $11)"
        "  RETURNING *),"
        " raci AS ("
        "  INSERT INTO stakeholder_raci (stakeholder_id, target, role)"
        "  SELECT ins.id, v.t, v.role FROM ins,"
        "    unnest(" SH_SPLIT("$12") ", " SH_NUMS("$13", "smallint") ")"
        "      v(t, role))"
        " SELECT ins.id, ins.version, $10 <> '' AND ins.user_id IS NULL, "
        SH_BAD_TARGETS("$1", "$12", "$14") ", "
        SH_JSON("ins", SH_RACI_JSON_GIVEN("$12", "$13")) " FROM ins");

DB_STMT(stakeholders_by_id,
        "SELECT s.program_id, p.key, " SH_COLUMNS("s") ", " SH_RACI_TEXT("s")
        "  FROM stakeholders s JOIN programs p ON p.id = s.program_id"
        " WHERE s.id = $1");

DB_STMT(stakeholders_program_version,
        "SELECT program_id, version FROM stakeholders WHERE id = $1");

DB_STMT(stakeholders_page,
        "SELECT " SH_COLUMNS("s") ", " SH_RACI_TEXT("s")
        "  FROM stakeholders s"
        " WHERE s.program_id = $1 AND s.id > $2"
        "   AND ($3 = '' OR EXISTS (SELECT 1 FROM stakeholder_raci x"
        "        WHERE x.stakeholder_id = s.id AND x.target = $3))"
        " ORDER BY s.id LIMIT $4");

/*
 * One statement: lock and capture the old form at the expected version,
 * update the masked fields, and when "raci" is masked replace the list
 * (drop the targets no longer given, upsert the rest, so no key is
 * deleted and inserted in the same statement). Every CTE sees the rows
 * as they were, so the RACI list for the reply and the audit comes from
 * the parameters when it was replaced.
 */
DB_STMT(stakeholders_change,
        "WITH old AS ("
        "  SELECT s.id AS old_id, " SH_JSON("s", SH_RACI_JSON_OF("s"))
        "    AS before FROM stakeholders s"
        "   WHERE s.id = $1 AND s.version = $2 FOR UPDATE),"
        " upd AS ("
        "  UPDATE stakeholders s SET "
        SH_SET("name", "$4") ", " SH_SET("title", "$5") ", "
        SH_SET("organisation", "$6") ", " SH_SET("kind", "$7") ", "
        SH_SET("email", "$8") ", " SH_SET("phone", "$9") ", "
        SH_SET("interest", "$10") ", " SH_SET("influence", "$11") ", "
        "    user_id = CASE WHEN " SH_MASKED("username")
        "      THEN (SELECT u.id FROM users u WHERE u.username = $12)"
        "      ELSE s.user_id END, "
        SH_SET("notes", "$13") ", version = s.version + 1"
        "    FROM old WHERE s.id = old.old_id"
        "  RETURNING s.*, old.before),"
        " gone AS ("
        "  DELETE FROM stakeholder_raci r USING upd"
        "   WHERE " SH_MASKED("raci") " AND r.stakeholder_id = upd.id"
        "     AND r.target <> ALL(" SH_SPLIT("$14") ")),"
        " put AS ("
        "  INSERT INTO stakeholder_raci (stakeholder_id, target, role)"
        "  SELECT upd.id, v.t, v.role FROM upd,"
        "    unnest(" SH_SPLIT("$14") ", " SH_NUMS("$15", "smallint") ")"
        "      v(t, role)"
        "   WHERE " SH_MASKED("raci")
        "  ON CONFLICT (stakeholder_id, target)"
        "  DO UPDATE SET role = excluded.role)"
        " SELECT " SH_COLUMNS("upd") ", " SH_RACI_TEXT("upd") ", "
        SH_MASKED("username") " AND $12 <> '' AND upd.user_id IS NULL,"
        " CASE WHEN " SH_MASKED("raci") " THEN "
        SH_BAD_TARGETS("upd.program_id", "$14", "$16") " END,"
        " upd.before, "
        SH_JSON("upd", "CASE WHEN " SH_MASKED("raci")
                " THEN " SH_RACI_JSON_GIVEN("$14", "$15")
                " ELSE " SH_RACI_JSON_OF("upd") " END") " FROM upd");

/*
 * One Accountable per target: RACI writes of a program take this lock
 * (the text "raci" as a number, and the program) before looking for a
 * second Accountable, so two writes cannot each add one unseen. It is
 * its own statement, so the look that follows starts after the lock.
 */
DB_STMT(stakeholders_raci_lock,
        "SELECT pg_advisory_xact_lock(1918985065,"
        " ($1::bigint % 2147483647)::int)");
/* The targets stakeholder $2 is Accountable for and someone else is too. */
DB_STMT(stakeholders_accountable_clash,
        "SELECT r.target, o.name FROM stakeholder_raci r"
        "  JOIN stakeholder_raci x ON x.target = r.target AND x.role = 2"
        "   AND x.stakeholder_id <> r.stakeholder_id"
        "  JOIN stakeholders o ON o.id = x.stakeholder_id"
        "   AND o.program_id = $1::bigint"
        " WHERE r.stakeholder_id = $2::bigint AND r.role = 2");

/* The RACI rows go with it (ON DELETE CASCADE); RETURNING still sees them. */
DB_STMT(stakeholders_remove,
        "DELETE FROM stakeholders s WHERE s.id = $1 AND s.version = $2"
        " RETURNING " SH_JSON("s", SH_RACI_JSON_OF("s")));
/* clang-format on */

/*
 * The number of a work item ref "KEY-42" of the program keyed key, or 0
 * when target is not one (then it can only be a project key). A number
 * with a leading zero is not a ref: it would name the item twice.
 */
static int64_t stakeholders_ref_number(const char *key, const char *target)
{
    size_t len = strlen(key);
    if (strncmp(target, key, len) != 0 || target[len] != '-')
        return 0;
    const char *digits = target + len + 1;
    size_t n = strspn(digits, "0123456789");
    if (n == 0 || n > 18 || digits[n] != '\0' || digits[0] == '0')
        return 0;
    return strtoll(digits, NULL, 10);
}

static int stakeholders_target_cmp(const void *a, const void *b)
{
    const Pmo__V1__RaciAssignment *x = *(Pmo__V1__RaciAssignment *const *)a;
    const Pmo__V1__RaciAssignment *y = *(Pmo__V1__RaciAssignment *const *)b;
    return strcmp(x->target, y->target);
}

/* A copy of a given RACI list in target order, as reads return it. */
static void stakeholders_raci_sorted(arena *a, const Pmo__V1__Stakeholder *s,
                                     Pmo__V1__Stakeholder *out)
{
    out->n_raci = s->n_raci;
    out->raci =
        arena_alloc(a, (s->n_raci ? s->n_raci : 1) * sizeof(*out->raci));
    for (size_t i = 0; i < s->n_raci; i++) {
        Pmo__V1__RaciAssignment *r = arena_alloc(a, sizeof(*r));
        pmo__v1__raci_assignment__init(r);
        r->target = s->raci[i]->target;
        r->role = s->raci[i]->role;
        out->raci[i] = r;
    }
    qsort(out->raci, out->n_raci, sizeof(*out->raci), stakeholders_target_cmp);
}

/* Parses SH_RACI_TEXT ("role:target" joined by SH_SEP; "" for none). */
static void stakeholders_raci_parse(arena *a, const char *text,
                                    Pmo__V1__Stakeholder *s)
{
    size_t n = text[0] ? 1 : 0;
    for (const char *p = text; *p; p++)
        n += *p == SH_SEP[0];
    s->raci = arena_alloc(a, (n ? n : 1) * sizeof(*s->raci));
    s->n_raci = 0;
    for (const char *p = text; n && *p;) {
        size_t len = strcspn(p, SH_SEP);
        Pmo__V1__RaciAssignment *r = arena_alloc(a, sizeof(*r));
        pmo__v1__raci_assignment__init(r);
        r->role = (Pmo__V1__Raci)(p[0] - '0');
        r->target = arena_strndup(a, p + 2, len > 2 ? len - 2 : 0);
        s->raci[s->n_raci++] = r;
        p += len;
        if (*p)
            p++;
    }
}

/* Reads SH_COLUMNS and SH_RACI_TEXT starting at column c. */
static Pmo__V1__Stakeholder *stakeholders_from_row(arena *a, const PGresult *r,
                                                   int row, int c,
                                                   const char *program)
{
    Pmo__V1__Stakeholder *s = arena_alloc(a, sizeof(*s));
    pmo__v1__stakeholder__init(s);
    s->id = db_int64(r, row, c);
    s->program = arena_strdup(a, program);
    s->name = arena_strdup(a, db_text(r, row, c + 1));
    s->title = arena_strdup(a, db_text(r, row, c + 2));
    s->organisation = arena_strdup(a, db_text(r, row, c + 3));
    s->kind = (Pmo__V1__StakeholderKind)db_int64(r, row, c + 4);
    s->email = arena_strdup(a, db_text(r, row, c + 5));
    s->phone = arena_strdup(a, db_text(r, row, c + 6));
    s->interest = (Pmo__V1__Level)db_int64(r, row, c + 7);
    s->influence = (Pmo__V1__Level)db_int64(r, row, c + 8);
    s->username = arena_strdup(a, db_text(r, row, c + 9));
    s->notes = arena_strdup(a, db_text(r, row, c + 10));
    s->version = db_int64(r, row, c + 11);
    stakeholders_raci_parse(a, db_text(r, row, c + SH_NCOLS), s);
    return s;
}

/* The three list parameters of a RACI list: targets, roles, ref numbers. */
typedef struct stakeholders_raci_params {
    char *targets;
    char *roles;
    char *numbers;
} stakeholders_raci_params;

/* The parameters for the first n assignments of raci. */
static void stakeholders_raci_params_make(rpc_call *call,
                                          const program_access *prog,
                                          Pmo__V1__RaciAssignment *const *raci,
                                          size_t n, stakeholders_raci_params *p)
{
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        len += strlen(raci[i]->target) + 1;
    p->targets = arena_alloc(call->arena, len);
    p->roles = arena_alloc(call->arena, n * 12 + 1);
    p->numbers = arena_alloc(call->arena, n * 21 + 1);
    size_t t = 0, r = 0, k = 0;
    p->targets[0] = p->roles[0] = p->numbers[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        const char *sep = i ? SH_SEP : "";
        const char *comma = i ? "," : "";
        t += (size_t)sprintf(p->targets + t, "%s%s", sep, raci[i]->target);
        r += (size_t)sprintf(p->roles + r, "%s%d", comma, (int)raci[i]->role);
        k += (size_t)sprintf(
            p->numbers + k, "%s%lld", comma,
            (long long)stakeholders_ref_number(prog->key, raci[i]->target));
    }
}

/*
 * Reports the database-side problems the write found: a username that
 * names no user (column user_col, a boolean) and RACI targets that are
 * not in the program (bad_col: their positions). Returns -1 if any.
 */
static int stakeholders_refs_check(rpc_call *call, const PGresult *r,
                                   int user_col, int bad_col,
                                   const program_access *prog,
                                   const Pmo__V1__Stakeholder *s)
{
    int bad = 0;
    if (db_bool(r, 0, user_col)) {
        rpc_violation(call, "stakeholder.username", "no user %s", s->username);
        bad = -1;
    }
    const char *p = db_text(r, 0, bad_col);
    while (*p) {
        char *end;
        unsigned long i = strtoul(p, &end, 10);
        if (i < s->n_raci) {
            char field[64];
            snprintf(field, sizeof(field), "stakeholder.raci[%lu].target", i);
            rpc_violation(call, field, "no project or work item %s in %s",
                          s->raci[i]->target, prog->key);
        }
        bad = -1;
        p = *end ? end + 1 : end;
    }
    return bad;
}

static char *stakeholders_id_text(rpc_call *call, int64_t id)
{
    return arena_printf(call->arena, "%lld", (long long)id);
}

/* The position in s's RACI list of target; n_raci if it is not there. */
static size_t stakeholders_raci_index(const Pmo__V1__Stakeholder *s,
                                      const char *target)
{
    size_t i = 0;
    while (i < s->n_raci && strcmp(s->raci[i]->target, target) != 0)
        i++;
    return i;
}

/*
 * After stakeholder id was written with RACI list s: a target has one
 * Accountable, so each this one claims that another stakeholder of the
 * program holds is a violation of stakeholder.raci[i].role.
 */
static int stakeholders_one_accountable(rpc_call *call,
                                        const program_access *prog,
                                        int64_t id,
                                        const Pmo__V1__Stakeholder *s)
{
    bool claims = false;
    for (size_t i = 0; i < s->n_raci; i++)
        claims |= s->raci[i]->role == PMO__V1__RACI__RACI_ACCOUNTABLE;
    if (!claims)
        return 0;
    const char *params[] = {stakeholders_id_text(call, prog->id),
                            stakeholders_id_text(call, id)};
    if (db_exec_command(call->db, &stakeholders_raci_lock, 1, params) != 0) {
        rpc_fail_db(call, "locking the program's RACI roles");
        return -1;
    }
    PGresult *r = db_exec(call->db, &stakeholders_accountable_clash, 2, params);
    if (r == NULL) {
        rpc_fail_db(call, "reading the program's RACI roles");
        return -1;
    }
    int rows = PQntuples(r);
    for (int row = 0; row < rows; row++) {
        const char *target = db_text(r, row, 0);
        char field[64];
        snprintf(field, sizeof(field), "stakeholder.raci[%zu].role",
                 stakeholders_raci_index(s, target));
        rpc_violation(call, field,
                      "%s is accountable for %s already; a target has one "
                      "Accountable (make this one responsible, or change "
                      "theirs first)",
                      db_text(r, row, 1), target);
    }
    PQclear(r);
    return rows ? -1 : 0;
}

int stakeholders_create(rpc_call *call, const program_access *prog,
                        const Pmo__V1__Stakeholder *s,
                        Pmo__V1__Stakeholder **out)
{
    stakeholders_raci_params rp;
    stakeholders_raci_params_make(call, prog, s->raci, s->n_raci, &rp);
    char kind[8], interest[8], influence[8];
    snprintf(kind, sizeof(kind), "%d", (int)s->kind);
    snprintf(interest, sizeof(interest), "%d", (int)s->interest);
    snprintf(influence, sizeof(influence), "%d", (int)s->influence);
    const char *params[] = {stakeholders_id_text(call, prog->id),
                            s->name,
                            s->title,
                            s->organisation,
                            kind,
                            s->email,
                            s->phone,
                            interest,
                            influence,
                            s->username,
                            s->notes,
                            rp.targets,
                            rp.roles,
                            rp.numbers};
    PGresult *r = db_exec(call->db, &stakeholders_insert, 14, params);
    if (r == NULL) {
        rpc_fail_db(call, "creating the stakeholder");
        return -1;
    }
    if (stakeholders_refs_check(call, r, 2, 3, prog, s) != 0) {
        PQclear(r);
        return -1;
    }
    Pmo__V1__Stakeholder *made = arena_alloc(call->arena, sizeof(*made));
    *made = *s;
    made->id = db_int64(r, 0, 0);
    made->version = db_int64(r, 0, 1);
    made->program = arena_strdup(call->arena, prog->key);
    stakeholders_raci_sorted(call->arena, s, made);
    int rc = stakeholders_one_accountable(call, prog, made->id, s);
    if (rc == 0)
        rc = audit_record(call, "stakeholder",
                          stakeholders_id_text(call, made->id), NULL,
                          db_text(r, 0, 4));
    PQclear(r);
    if (rc != 0)
        return -1;
    *out = made;
    return 0;
}

int stakeholders_find(rpc_call *call, int64_t id, int64_t *program_id,
                      Pmo__V1__Stakeholder **out)
{
    const char *params[] = {stakeholders_id_text(call, id)};
    PGresult *r = db_exec(call->db, &stakeholders_by_id, 1, params);
    if (r == NULL) {
        rpc_fail_db(call, "reading the stakeholder");
        return -1;
    }
    if (PQntuples(r) != 1) {
        PQclear(r);
        rpc_fail(call, PMO_NOT_FOUND, "no stakeholder %lld", (long long)id);
        return -1;
    }
    *program_id = db_int64(r, 0, 0);
    *out = stakeholders_from_row(call->arena, r, 0, 2, db_text(r, 0, 1));
    PQclear(r);
    return 0;
}

/* The program and version of stakeholder id; NOT_FOUND if none. */
static int stakeholders_where(rpc_call *call, int64_t id, int64_t *program_id,
                              int64_t *version)
{
    const char *params[] = {stakeholders_id_text(call, id)};
    PGresult *r = db_exec(call->db, &stakeholders_program_version, 1, params);
    if (r == NULL) {
        rpc_fail_db(call, "reading the stakeholder");
        return -1;
    }
    int found = PQntuples(r) == 1;
    if (found) {
        *program_id = db_int64(r, 0, 0);
        *version = db_int64(r, 0, 1);
    } else {
        rpc_fail(call, PMO_NOT_FOUND, "no stakeholder %lld", (long long)id);
    }
    PQclear(r);
    return found ? 0 : -1;
}

int stakeholders_program_of(rpc_call *call, int64_t id, int64_t *program_id)
{
    int64_t version;
    return stakeholders_where(call, id, program_id, &version);
}

/* After a versioned write matched no row: gone, or moved on. */
static void stakeholders_missed(rpc_call *call, int64_t id, int64_t expected)
{
    int64_t program_id, version;
    if (stakeholders_where(call, id, &program_id, &version) != 0)
        return;
    char what[40];
    snprintf(what, sizeof(what), "stakeholder %lld", (long long)id);
    fields_stale(call, what, version, expected);
}

int stakeholders_list(rpc_call *call, const program_access *prog,
                      const char *target, int64_t after, unsigned limit,
                      Pmo__V1__Stakeholder ***out, size_t *n)
{
    char lim[16];
    snprintf(lim, sizeof(lim), "%u", limit + 1);
    const char *params[] = {stakeholders_id_text(call, prog->id),
                            stakeholders_id_text(call, after), target, lim};
    PGresult *r = db_exec(call->db, &stakeholders_page, 4, params);
    if (r == NULL) {
        rpc_fail_db(call, "listing stakeholders");
        return -1;
    }
    *n = (size_t)PQntuples(r);
    *out = arena_alloc(call->arena, (*n ? *n : 1) * sizeof(**out));
    for (size_t i = 0; i < *n; i++)
        (*out)[i] = stakeholders_from_row(call->arena, r, (int)i, 0, prog->key);
    PQclear(r);
    return 0;
}

static char *stakeholders_mask_text(rpc_call *call, char *const *mask, size_t n)
{
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        len += strlen(mask[i]) + 1;
    char *text = arena_alloc(call->arena, len);
    size_t at = 0;
    text[0] = '\0';
    for (size_t i = 0; i < n; i++)
        at += (size_t)sprintf(text + at, "%s%s", i ? "," : "", mask[i]);
    return text;
}

int stakeholders_update(rpc_call *call, const program_access *prog, int64_t id,
                        int64_t expected, char *const *mask, size_t n_mask,
                        const Pmo__V1__Stakeholder *s,
                        Pmo__V1__Stakeholder **out)
{
    /* A list the mask does not name was not validated: send none. */
    bool raci = fields_mask_has(mask, n_mask, "raci");
    stakeholders_raci_params rp;
    stakeholders_raci_params_make(call, prog, s->raci, raci ? s->n_raci : 0,
                                  &rp);
    char kind[8], interest[8], influence[8];
    snprintf(kind, sizeof(kind), "%d", (int)s->kind);
    snprintf(interest, sizeof(interest), "%d", (int)s->interest);
    snprintf(influence, sizeof(influence), "%d", (int)s->influence);
    const char *params[] = {stakeholders_id_text(call, id),
                            stakeholders_id_text(call, expected),
                            stakeholders_mask_text(call, mask, n_mask),
                            s->name,
                            s->title,
                            s->organisation,
                            kind,
                            s->email,
                            s->phone,
                            interest,
                            influence,
                            s->username,
                            s->notes,
                            rp.targets,
                            rp.roles,
                            rp.numbers};
    PGresult *r = db_exec(call->db, &stakeholders_change, 16, params);
    if (r == NULL) {
        rpc_fail_db(call, "changing the stakeholder");
        return -1;
    }
    if (PQntuples(r) != 1) {
        PQclear(r);
        stakeholders_missed(call, id, expected);
        return -1;
    }
    if (stakeholders_refs_check(call, r, SH_NCOLS + 1, SH_NCOLS + 2, prog, s) !=
        0) {
        PQclear(r);
        return -1;
    }
    Pmo__V1__Stakeholder *changed =
        stakeholders_from_row(call->arena, r, 0, 0, prog->key);
    int rc = 0;
    if (raci) {
        stakeholders_raci_sorted(call->arena, s, changed);
        rc = stakeholders_one_accountable(call, prog, id, s);
    }
    if (rc == 0)
        rc = audit_record(call, "stakeholder", params[0],
                          db_text(r, 0, SH_NCOLS + 3),
                          db_text(r, 0, SH_NCOLS + 4));
    PQclear(r);
    if (rc != 0)
        return -1;
    *out = changed;
    return 0;
}

int stakeholders_delete(rpc_call *call, int64_t id, int64_t expected)
{
    const char *params[] = {stakeholders_id_text(call, id),
                            stakeholders_id_text(call, expected)};
    PGresult *r = db_exec(call->db, &stakeholders_remove, 2, params);
    if (r == NULL) {
        rpc_fail_db(call, "deleting the stakeholder");
        return -1;
    }
    if (PQntuples(r) != 1) {
        PQclear(r);
        stakeholders_missed(call, id, expected);
        return -1;
    }
    int rc =
        audit_record(call, "stakeholder", params[0], db_text(r, 0, 0), NULL);
    PQclear(r);
    return rc;
}
