/* server/model/templates.c - template rows, and applying them. */
#include "model/templates.h"
#include "api/fields.h"
#include "audit/audit.h"
#include "model/gates.h"
#include "model/plan_load.h"
#include "model/template_roles.h"
#include "model/work_items.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* clang-format off */
#define TP_COLUMNS(t)                                                          \
    t ".id, " t ".kind, " t ".name, " t ".program_kind, " t ".description, "   \
    t ".document::text, " t ".builtin, " t ".version,"                         \
    " (extract(epoch FROM " t ".updated_at) * 1000)::bigint, "                 \
    TP_ROLES(t) ", " TP_EXEMPT(t)

/* The gates' approver roles, sorted, joined by the unit separator. */
#define TP_ROLES(t)                                                            \
    "coalesce((SELECT string_agg(DISTINCT g->>'approver', chr(31)"             \
    "   ORDER BY g->>'approver')"                                              \
    "  FROM jsonb_array_elements(CASE WHEN jsonb_typeof(" t ".document"        \
    "       ->'phases') = 'array' THEN " t ".document->'phases' END) ph,"      \
    "   jsonb_array_elements(coalesce(ph->'milestones', '[]')) m,"             \
    "   jsonb_array_elements(coalesce(m->'gates', '[]')) g"                    \
    "  WHERE g ? 'approver'), '')"

/* The exempt checks as check, record separator, reason; joined as above. */
#define TP_EXEMPT(t)                                                           \
    "coalesce((SELECT string_agg((e->>'check') || chr(30) || (e->>'reason'),"  \
    "   chr(31) ORDER BY o)"                                                   \
    "  FROM jsonb_array_elements(CASE WHEN jsonb_typeof(" t ".document"        \
    "       ->'exempt_checks') = 'array' THEN " t ".document->'exempt_checks'" \
    "       END) WITH ORDINALITY x(e, o)), '')"

/* Where TP_JSON comes after TP_COLUMNS. */
#define TP_JSON_COLUMN 11

#define TP_JSON(t)                                                             \
    "jsonb_build_object('id', " t ".id, 'kind', " t ".kind, 'name', " t        \
    ".name, 'program_kind', " t ".program_kind, 'description', " t             \
    ".description, 'document', " t ".document, 'version', " t ".version)"

DB_STMT(templates_problems,
        "SELECT path, problem FROM template_document_problems($1::int,"
        " $2::jsonb)");

DB_STMT(templates_insert,
        "INSERT INTO templates AS t (kind, name, program_kind, description,"
        " document) VALUES ($1, $2, $3, $4, $5::jsonb)"
        " RETURNING " TP_COLUMNS("t") ", " TP_JSON("t"));

DB_STMT(templates_by_name,
        "SELECT " TP_COLUMNS("t") " FROM templates t"
        " WHERE t.kind = $1 AND t.name = $2");

DB_STMT(templates_page,
        "SELECT " TP_COLUMNS("t") " FROM templates t"
        " WHERE t.id > $1 AND ($2 = 0 OR t.kind = $2)"
        "   AND ($3 = 0 OR t.program_kind = $3)"
        " ORDER BY t.id LIMIT $4");

DB_STMT(templates_lock,
        "SELECT t.kind, t.version, " TP_JSON("t") " FROM templates t"
        " WHERE t.id = $1 FOR UPDATE");

#define TP_MASKED(bit) "($2::int & " bit ") <> 0"
DB_STMT(templates_change,
        "UPDATE templates t SET"
        " name = CASE WHEN " TP_MASKED("1") " THEN $3 ELSE t.name END,"
        " program_kind = CASE WHEN " TP_MASKED("2") " THEN $4::smallint"
        "   ELSE t.program_kind END,"
        " description = CASE WHEN " TP_MASKED("4") " THEN $5"
        "   ELSE t.description END,"
        " document = CASE WHEN " TP_MASKED("8") " THEN $6::jsonb"
        "   ELSE t.document END,"
        " version = t.version + 1, updated_at = now() WHERE t.id = $1"
        " RETURNING " TP_COLUMNS("t") ", " TP_JSON("t"));

DB_STMT(templates_version, "SELECT version FROM templates WHERE id = $1");

DB_STMT(templates_remove,
        "DELETE FROM templates t WHERE t.id = $1 AND t.version = $2"
        " RETURNING " TP_JSON("t"));

DB_STMT(templates_gate_doc,
        "SELECT document->>'kind', coalesce(document->>'description', ''),"
        " (SELECT string_agg(c, chr(31) ORDER BY o)"
        "    FROM jsonb_array_elements_text(document->'criteria')"
        "         WITH ORDINALITY e(c, o))"
        " FROM templates WHERE kind = 2 AND name = $1");

DB_STMT(templates_project,
        "SELECT 1 FROM projects WHERE program_id = $1 AND key = $2");

/*
 * A program template flattened into rows, one shape for all:
 * (what, phase, index, sub, text1..text6, days, optimistic, pessimistic)
 * where what is 1 phase, 2 checklist task (text6 the titles it follows,
 * joined by the unit separator), 3 milestone, 4 gate (sub: its index on
 * the milestone; text2 kind, text3 description, text4 criteria joined by
 * the unit separator, text6 its approver role or ""), 5 risk (phase -1;
 * title, description, probability, impact, mitigation, category).
 * Ordered so each phase comes with its tasks, milestones and gates after
 * it. A missing estimate is the likely one.
 */
#define TP_ROW(what, ph, idx, sub, a, b, c, d, e, f, days, o, p)               \
    "SELECT " what "::int, " ph "::int, " idx "::int, " sub "::int, "          \
    a "::text, " b "::text, " c "::text, " d "::text, " e "::text, "           \
    f "::text, " days "::float8, " o "::float8, " p "::float8"
#define TP_DAYS(k) "coalesce((y.c->>'" k "')::float8, (y.c->>'days')::float8, 0)"
DB_STMT(templates_flatten,
        "WITH t AS (SELECT document FROM templates"
        "   WHERE kind = 1 AND name = $1),"
        " ph AS (SELECT x.p, x.pi - 1 AS pi FROM t,"
        "   jsonb_array_elements(t.document->'phases')"
        "   WITH ORDINALITY x(p, pi)),"
        " ms AS (SELECT ph.pi, z.m, z.mi - 1 AS mi FROM ph,"
        "   jsonb_array_elements(coalesce(ph.p->'milestones', '[]'))"
        "   WITH ORDINALITY z(m, mi)) "
        TP_ROW("1", "pi", "0", "0", "p->>'title'", "''", "''", "''", "''",
               "''", "0", "0", "0")
        " FROM ph UNION ALL "
        TP_ROW("2", "pi", "y.ci - 1", "0", "y.c->>'title'", "''", "''", "''",
               "''",
               "coalesce((SELECT string_agg(q.a, chr(31) ORDER BY q.o)"
               "   FROM jsonb_array_elements_text(y.c->'after')"
               "   WITH ORDINALITY q(a, o)), '')",
               TP_DAYS("days"), TP_DAYS("optimistic"), TP_DAYS("pessimistic"))
        " FROM ph, jsonb_array_elements(coalesce(ph.p->'checklist', '[]'))"
        "   WITH ORDINALITY y(c, ci) UNION ALL "
        TP_ROW("3", "pi", "mi", "0", "m->>'title'", "''", "''", "''", "''",
               "''", "0", "0", "0")
        " FROM ms UNION ALL "
        TP_ROW("4", "pi", "mi", "w.gi - 1", "w.g->>'name'", "w.g->>'kind'",
               "coalesce(w.g->>'description', '')",
               "(SELECT string_agg(q.c, chr(31) ORDER BY q.o)"
               "   FROM jsonb_array_elements_text(w.g->'criteria')"
               "   WITH ORDINALITY q(c, o))", "''",
               "coalesce(w.g->>'approver', '')", "0", "0", "0")
        " FROM ms, jsonb_array_elements(coalesce(ms.m->'gates', '[]'))"
        "   WITH ORDINALITY w(g, gi) UNION ALL "
        TP_ROW("5", "-1", "v.ri - 1", "0", "v.r->>'title'",
               "coalesce(v.r->>'description', '')",
               "coalesce(v.r->>'probability', 'medium')",
               "coalesce(v.r->>'impact', 'medium')",
               "coalesce(v.r->>'mitigation', '')",
               "coalesce(v.r->>'category', 'technical')", "0", "0", "0")
        " FROM t, jsonb_array_elements(coalesce(t.document->'risks', '[]'))"
        "   WITH ORDINALITY v(r, ri)"
        " ORDER BY 2, 1, 3, 4");
/* clang-format on */

static char *templates_i64(rpc_call *call, int64_t v)
{
    return arena_printf(call->arena, "%lld", (long long)v);
}

/*
 * Splits joined at each sep into *n strings in the call's arena; "" is
 * no string at all.
 */
static char **templates_split(rpc_call *call, const char *joined, char sep,
                              size_t *n)
{
    size_t count = joined[0] ? 1 : 0;
    for (const char *p = joined; *p; p++)
        count += *p == sep;
    char **out = arena_alloc(call->arena, (count ? count : 1) * sizeof(*out));
    const char *p = joined;
    for (size_t i = 0; i < count; i++) {
        size_t len = strcspn(p, (char[]){sep, '\0'});
        out[i] = arena_strndup(call->arena, p, len);
        p += len + (p[len] != '\0');
    }
    *n = count;
    return out;
}

/* The exempt checks of a TP_EXEMPT column. */
static void templates_exemptions(rpc_call *call, const char *joined,
                                 Pmo__V1__Template *t)
{
    char **e = templates_split(call, joined, '\x1f', &t->n_exempt_checks);
    t->exempt_checks = arena_alloc(call->arena, (t->n_exempt_checks + 1) *
                                                    sizeof(*t->exempt_checks));
    for (size_t i = 0; i < t->n_exempt_checks; i++) {
        Pmo__V1__TemplateExemption *x = arena_alloc(call->arena, sizeof(*x));
        pmo__v1__template_exemption__init(x);
        size_t len = strcspn(e[i], "\x1e");
        x->check = arena_strndup(call->arena, e[i], len);
        x->reason = e[i] + len + (e[i][len] != '\0');
        t->exempt_checks[i] = x;
    }
}

static Pmo__V1__Template *templates_from_row(rpc_call *call, const PGresult *r,
                                             int row, bool with_document)
{
    arena *a = call->arena;
    Pmo__V1__Template *t = arena_alloc(a, sizeof(*t));
    pmo__v1__template__init(t);
    t->id = db_int64(r, row, 0);
    t->kind = (Pmo__V1__TemplateKind)db_int64(r, row, 1);
    t->name = arena_strdup(a, db_text(r, row, 2));
    t->program_kind = (Pmo__V1__ProgramKind)db_int64(r, row, 3);
    t->description = arena_strdup(a, db_text(r, row, 4));
    if (with_document)
        t->document = arena_strdup(a, db_text(r, row, 5));
    t->builtin = db_bool(r, row, 6);
    t->version = db_int64(r, row, 7);
    t->updated_at_ms = db_int64(r, row, 8);
    t->approver_roles =
        templates_split(call, db_text(r, row, 9), '\x1f', &t->n_approver_roles);
    templates_exemptions(call, db_text(r, row, 10), t);
    return t;
}

/*
 * Checks a document of kind with the database's rules; each problem is
 * a violation of "template.<path>". Text that is not JSON at all is a
 * violation of "template.document".
 */
static int templates_document_check(rpc_call *call, int kind,
                                    const char *document)
{
    const char *params[] = {templates_i64(call, kind), document};
    PGresult *r = db_exec(call->db, &templates_problems, 2, params);
    if (r == NULL) {
        if (strncmp(call->db->sqlstate, "22", 2) == 0)
            rpc_violation(call, "template.document", "is not JSON: %s",
                          call->db->error);
        else
            rpc_fail_db(call, "checking the template document");
        return -1;
    }
    int rows = PQntuples(r);
    for (int row = 0; row < rows; row++) {
        char field[160];
        snprintf(field, sizeof(field), "template.%s", db_text(r, row, 0));
        rpc_violation(call, field, "%s", db_text(r, row, 1));
    }
    PQclear(r);
    return rows ? -1 : 0;
}

/* A unique violation on the name means one of that kind has it. */
static void templates_fail_write(rpc_call *call, const char *name,
                                 const char *what)
{
    if (strcmp(call->db->sqlstate, "23505") == 0)
        rpc_fail(call, PMO_ALREADY_EXISTS,
                 "there is already a template of that kind named %s", name);
    else
        rpc_fail_db(call, what);
}

int templates_create(rpc_call *call, const Pmo__V1__Template *t,
                     Pmo__V1__Template **out)
{
    if (templates_document_check(call, (int)t->kind, t->document) != 0)
        return -1;
    const char *params[] = {templates_i64(call, t->kind), t->name,
                            templates_i64(call, t->program_kind),
                            t->description, t->document};
    PGresult *r = db_exec(call->db, &templates_insert, 5, params);
    if (r == NULL) {
        templates_fail_write(call, t->name, "creating the template");
        return -1;
    }
    Pmo__V1__Template *made = templates_from_row(call, r, 0, true);
    int rc = audit_record(call, "template", templates_i64(call, made->id), NULL,
                          db_text(r, 0, TP_JSON_COLUMN));
    PQclear(r);
    if (rc != 0)
        return -1;
    *out = made;
    return 0;
}

int templates_get(rpc_call *call, int kind, const char *name,
                  Pmo__V1__Template **out)
{
    const char *params[] = {templates_i64(call, kind), name};
    PGresult *r = db_exec(call->db, &templates_by_name, 2, params);
    if (r == NULL) {
        rpc_fail_db(call, "reading the template");
        return -1;
    }
    if (PQntuples(r) != 1) {
        PQclear(r);
        rpc_fail(call, PMO_NOT_FOUND, "no %s template %s",
                 kind == PMO__V1__TEMPLATE_KIND__TEMPLATE_GATE ? "gate"
                                                               : "program",
                 name);
        return -1;
    }
    *out = templates_from_row(call, r, 0, true);
    PQclear(r);
    return 0;
}

int templates_list(rpc_call *call, int kind, int program_kind, int64_t after,
                   unsigned limit, Pmo__V1__Template ***out, size_t *n)
{
    const char *params[] = {
        templates_i64(call, after), templates_i64(call, kind),
        templates_i64(call, program_kind), templates_i64(call, limit + 1)};
    PGresult *r = db_exec(call->db, &templates_page, 4, params);
    if (r == NULL) {
        rpc_fail_db(call, "listing templates");
        return -1;
    }
    *n = (size_t)PQntuples(r);
    *out = arena_alloc(call->arena, (*n ? *n : 1) * sizeof(**out));
    for (size_t i = 0; i < *n; i++)
        (*out)[i] = templates_from_row(call, r, (int)i, false);
    PQclear(r);
    return 0;
}

/* ABORTED or NOT_FOUND for template id not at expected. */
static void templates_missed(rpc_call *call, int64_t id, int64_t expected)
{
    const char *params[] = {templates_i64(call, id)};
    PGresult *r = db_exec(call->db, &templates_version, 1, params);
    if (r == NULL) {
        rpc_fail_db(call, "reading the template");
        return;
    }
    if (PQntuples(r) == 1) {
        char what[40];
        snprintf(what, sizeof(what), "template %lld", (long long)id);
        fields_stale(call, what, db_int64(r, 0, 0), expected);
    } else {
        rpc_fail(call, PMO_NOT_FOUND, "no template %lld", (long long)id);
    }
    PQclear(r);
}

int templates_update(rpc_call *call, int64_t id, int64_t expected,
                     unsigned mask, const Pmo__V1__Template *t,
                     Pmo__V1__Template **out)
{
    const char *lp[] = {templates_i64(call, id)};
    PGresult *r = db_exec(call->db, &templates_lock, 1, lp);
    if (r == NULL) {
        rpc_fail_db(call, "locking the template");
        return -1;
    }
    if (PQntuples(r) != 1 || db_int64(r, 0, 1) != expected) {
        PQclear(r);
        templates_missed(call, id, expected);
        return -1;
    }
    int kind = (int)db_int64(r, 0, 0);
    const char *before = arena_strdup(call->arena, db_text(r, 0, 2));
    PQclear(r);
    bool program = kind == PMO__V1__TEMPLATE_KIND__TEMPLATE_PROGRAM;
    if ((mask & TEMPLATES_PROGRAM_KIND) && program != (t->program_kind != 0)) {
        rpc_violation(call, "template.program_kind",
                      program ? "is required for a program template"
                              : "must be unspecified for a gate template");
        return -1;
    }
    if ((mask & TEMPLATES_DOCUMENT) &&
        templates_document_check(call, kind, t->document) != 0)
        return -1;
    char bits[12];
    snprintf(bits, sizeof(bits), "%u", mask);
    const char *params[] = {
        lp[0],          bits,
        t->name,        templates_i64(call, t->program_kind),
        t->description, mask & TEMPLATES_DOCUMENT ? t->document : "{}"};
    r = db_exec(call->db, &templates_change, 6, params);
    if (r == NULL) {
        templates_fail_write(call, t->name, "changing the template");
        return -1;
    }
    Pmo__V1__Template *changed = templates_from_row(call, r, 0, true);
    int rc = audit_record(call, "template", lp[0], before,
                          db_text(r, 0, TP_JSON_COLUMN));
    PQclear(r);
    if (rc != 0)
        return -1;
    *out = changed;
    return 0;
}

int templates_delete(rpc_call *call, int64_t id, int64_t expected)
{
    const char *params[] = {templates_i64(call, id),
                            templates_i64(call, expected)};
    PGresult *r = db_exec(call->db, &templates_remove, 2, params);
    if (r == NULL) {
        rpc_fail_db(call, "deleting the template");
        return -1;
    }
    if (PQntuples(r) != 1) {
        PQclear(r);
        templates_missed(call, id, expected);
        return -1;
    }
    int rc = audit_record(call, "template", params[0], db_text(r, 0, 0), NULL);
    PQclear(r);
    return rc;
}

/* ------------------------------------------------------------ applying */

/* Splits text joined by the unit separator into criteria of approver. */
static void templates_criteria(rpc_call *call, const char *joined,
                               const char *approver, Pmo__V1__Gate *g)
{
    size_t n;
    char **text = templates_split(call, joined, '\x1f', &n);
    g->criteria = arena_alloc(call->arena, (n ? n : 1) * sizeof(*g->criteria));
    g->n_criteria = n;
    for (size_t i = 0; i < n; i++) {
        Pmo__V1__GateCriterion *c = arena_alloc(call->arena, sizeof(*c));
        pmo__v1__gate_criterion__init(c);
        c->description = text[i];
        c->approver = (char *)approver;
        g->criteria[i] = c;
    }
}

/* A gate from a gate row's name, kind, description and criteria. */
static Pmo__V1__Gate *templates_gate_make(rpc_call *call, const char *name,
                                          const char *kind,
                                          const char *description,
                                          const char *criteria,
                                          const char *approver)
{
    Pmo__V1__Gate *g = arena_alloc(call->arena, sizeof(*g));
    pmo__v1__gate__init(g);
    g->name = arena_strdup(call->arena, name);
    g->kind = (Pmo__V1__GateKind)gates_kind_of(kind);
    g->description = arena_strdup(call->arena, description);
    templates_criteria(call, criteria, approver, g);
    return g;
}

int templates_gate_load(rpc_call *call, const char *name, const char *approver,
                        Pmo__V1__Gate **out)
{
    const char *params[] = {name};
    PGresult *r = db_exec(call->db, &templates_gate_doc, 1, params);
    if (r == NULL) {
        rpc_fail_db(call, "reading the gate template");
        return -1;
    }
    if (PQntuples(r) != 1) {
        PQclear(r);
        rpc_violation(call, "template", "no gate template %s", name);
        return -1;
    }
    *out = templates_gate_make(call, name, db_text(r, 0, 0), db_text(r, 0, 1),
                               db_text(r, 0, 2), approver);
    PQclear(r);
    return 0;
}

/* The plan being built from a flattened template. */
typedef struct templates_plan {
    rpc_call *call;
    const char *project;
    Pmo__V1__LoadPlanRequest req;
    size_t cap_items, cap_deps;
    /* Keys of the items after which the current phase's tasks come. */
    char **prev;
    size_t n_prev;
    /*
     * The current phase's key, task keys with their titles, the titles
     * each follows (joined by the unit separator) and whether another
     * task of the phase follows them, and milestone keys.
     */
    const char *phase;
    char **tasks;
    const char **task_titles, **task_after;
    bool *task_followed;
    size_t n_tasks;
    char **milestones;
    size_t n_milestones;
} templates_plan;

/* Adds an item; est is its optimistic, likely and pessimistic days. */
static void templates_plan_item(templates_plan *p, const char *key,
                                const char *parent, int kind, const char *title,
                                const double est[3])
{
    rpc_call *call = p->call;
    if (p->req.n_items == p->cap_items) {
        size_t cap = p->cap_items ? p->cap_items * 2 : 32;
        Pmo__V1__PlanItem **items =
            arena_alloc(call->arena, cap * sizeof(*items));
        if (p->req.n_items)
            memcpy(items, p->req.items, p->req.n_items * sizeof(*items));
        p->req.items = items;
        p->cap_items = cap;
    }
    Pmo__V1__PlanItem *pi = arena_alloc(call->arena, sizeof(*pi));
    pmo__v1__plan_item__init(pi);
    Pmo__V1__WorkItem *it = arena_alloc(call->arena, sizeof(*it));
    pmo__v1__work_item__init(it);
    pi->key = (char *)key;
    it->project = (char *)p->project;
    it->parent = parent ? (char *)parent : "";
    it->kind = (Pmo__V1__WorkItemKind)kind;
    it->title = arena_strdup(call->arena, title);
    it->state = PMO__V1__WORK_STATE__STATE_TODO;
    it->optimistic_days = est[0];
    it->likely_days = est[1];
    it->pessimistic_days = est[2];
    pi->item = it;
    p->req.items[p->req.n_items++] = pi;
}

static void templates_plan_dep(templates_plan *p, const char *pred,
                               const char *succ)
{
    rpc_call *call = p->call;
    if (p->req.n_dependencies == p->cap_deps) {
        size_t cap = p->cap_deps ? p->cap_deps * 2 : 32;
        Pmo__V1__PlanDependency **deps =
            arena_alloc(call->arena, cap * sizeof(*deps));
        if (p->req.n_dependencies)
            memcpy(deps, p->req.dependencies,
                   p->req.n_dependencies * sizeof(*deps));
        p->req.dependencies = deps;
        p->cap_deps = cap;
    }
    Pmo__V1__PlanDependency *d = arena_alloc(call->arena, sizeof(*d));
    pmo__v1__plan_dependency__init(d);
    d->predecessor = (char *)pred;
    d->successor = (char *)succ;
    d->type = PMO__V1__DEPENDENCY_TYPE__DEP_FINISH_TO_START;
    p->req.dependencies[p->req.n_dependencies++] = d;
}

/* Room for every row of the result in a list of keys. */
static char **templates_keys(rpc_call *call, int rows)
{
    return arena_alloc(call->arena, ((size_t)rows + 1) * sizeof(char *));
}

/*
 * Links task t of the current phase after the tasks its "after" names
 * (each the latest earlier task of that title); false if it names none.
 */
static bool templates_task_link(templates_plan *p, size_t t)
{
    size_t n;
    char **names = templates_split(p->call, p->task_after[t], '\x1f', &n);
    bool linked = false;
    for (size_t i = 0; i < n; i++)
        for (size_t j = t; j-- > 0;)
            if (strcmp(p->task_titles[j], names[i]) == 0) {
                templates_plan_dep(p, p->tasks[j], p->tasks[t]);
                p->task_followed[j] = linked = true;
                break;
            }
    return linked;
}

/*
 * Ends the current phase: a task follows the tasks its "after" names, or
 * else the previous phase's milestones; its milestones follow the tasks
 * no other task follows (or, with no tasks, the previous milestones);
 * and its milestones (or, with none, those last tasks) become what the
 * next phase follows.
 */
static void templates_phase_close(templates_plan *p)
{
    if (p->phase == NULL)
        return;
    for (size_t t = 0; t < p->n_tasks; t++)
        if (!templates_task_link(p, t))
            for (size_t k = 0; k < p->n_prev; k++)
                templates_plan_dep(p, p->prev[k], p->tasks[t]);
    char **ends = templates_keys(p->call, (int)p->n_tasks);
    size_t n_ends = 0;
    for (size_t t = 0; t < p->n_tasks; t++)
        if (!p->task_followed[t])
            ends[n_ends++] = p->tasks[t];
    for (size_t m = 0; m < p->n_milestones; m++) {
        for (size_t t = 0; t < n_ends; t++)
            templates_plan_dep(p, ends[t], p->milestones[m]);
        for (size_t k = 0; n_ends == 0 && k < p->n_prev; k++)
            templates_plan_dep(p, p->prev[k], p->milestones[m]);
    }
    if (p->n_milestones) {
        p->prev = p->milestones;
        p->n_prev = p->n_milestones;
    } else if (n_ends) {
        p->prev = ends;
        p->n_prev = n_ends;
    }
    p->phase = NULL;
}

/* Builds the plan request of rows (phases, tasks, milestones). */
static void templates_plan_build(templates_plan *p, const PGresult *r)
{
    rpc_call *call = p->call;
    static const double none[3] = {0, 0, 0};
    int rows = PQntuples(r);
    for (int row = 0; row < rows; row++) {
        int what = (int)db_int64(r, row, 0);
        int64_t ph = db_int64(r, row, 1), idx = db_int64(r, row, 2);
        const char *title = db_text(r, row, 4);
        if (what == 1) {
            templates_phase_close(p);
            p->phase = arena_printf(call->arena, "p%lld", (long long)ph);
            p->tasks = templates_keys(call, rows);
            p->task_titles = (const char **)templates_keys(call, rows);
            p->task_after = (const char **)templates_keys(call, rows);
            p->task_followed = arena_alloc(call->arena, (size_t)rows + 1);
            memset(p->task_followed, 0, (size_t)rows + 1);
            p->milestones = templates_keys(call, rows);
            p->n_tasks = p->n_milestones = 0;
            templates_plan_item(p, p->phase, NULL,
                                PMO__V1__WORK_ITEM_KIND__KIND_SUMMARY, title,
                                none);
        } else if (what == 2 && p->phase) {
            char *key = arena_printf(call->arena, "p%lldt%lld", (long long)ph,
                                     (long long)idx);
            double est[3] = {strtod(db_text(r, row, 11), NULL),
                             strtod(db_text(r, row, 10), NULL),
                             strtod(db_text(r, row, 12), NULL)};
            p->task_titles[p->n_tasks] = title;
            p->task_after[p->n_tasks] = db_text(r, row, 9);
            p->tasks[p->n_tasks++] = key;
            templates_plan_item(p, key, p->phase,
                                PMO__V1__WORK_ITEM_KIND__KIND_TASK, title, est);
        } else if (what == 3 && p->phase) {
            char *key = arena_printf(call->arena, "p%lldm%lld", (long long)ph,
                                     (long long)idx);
            p->milestones[p->n_milestones++] = key;
            templates_plan_item(p, key, p->phase,
                                PMO__V1__WORK_ITEM_KIND__KIND_MILESTONE, title,
                                none);
        }
    }
    templates_phase_close(p);
}

/* The ref given to the plan item keyed key. */
static const char *templates_ref_of(const templates_plan *p,
                                    const Pmo__V1__LoadPlanResponse *loaded,
                                    const char *key)
{
    for (size_t i = 0; i < p->req.n_items && i < loaded->n_refs; i++)
        if (strcmp(p->req.items[i]->key, key) == 0)
            return loaded->refs[i];
    return NULL;
}

/* Sorts the loaded refs into phases, tasks and milestones. */
static void templates_refs_out(rpc_call *call, const templates_plan *p,
                               const Pmo__V1__LoadPlanResponse *loaded,
                               Pmo__V1__ApplyTemplateResponse *out)
{
    size_t n = loaded->n_refs;
    out->phases = arena_alloc(call->arena, (n + 1) * sizeof(char *));
    out->tasks = arena_alloc(call->arena, (n + 1) * sizeof(char *));
    out->milestones = arena_alloc(call->arena, (n + 1) * sizeof(char *));
    for (size_t i = 0; i < n && i < p->req.n_items; i++) {
        switch (p->req.items[i]->item->kind) {
        case PMO__V1__WORK_ITEM_KIND__KIND_SUMMARY:
            out->phases[out->n_phases++] = loaded->refs[i];
            break;
        case PMO__V1__WORK_ITEM_KIND__KIND_MILESTONE:
            out->milestones[out->n_milestones++] = loaded->refs[i];
            break;
        default:
            out->tasks[out->n_tasks++] = loaded->refs[i];
        }
    }
}

/* Creates the gates of the gate rows on the milestones just made. */
static int templates_gates_make(rpc_call *call, const program_access *prog,
                                const templates_plan *p,
                                const Pmo__V1__LoadPlanResponse *loaded,
                                const PGresult *r, const template_roles *roles,
                                Pmo__V1__ApplyTemplateResponse *out)
{
    for (int row = 0; row < PQntuples(r); row++) {
        if (db_int64(r, row, 0) != 4)
            continue;
        char *key = arena_printf(call->arena, "p%lldm%lld",
                                 (long long)db_int64(r, row, 1),
                                 (long long)db_int64(r, row, 2));
        const char *ref = templates_ref_of(p, loaded, key);
        char pkey[WORK_KEY_MAX];
        int64_t number;
        if (ref == NULL || !work_ref_parse(ref, pkey, &number)) {
            rpc_fail(call, PMO_INTERNAL, "milestone %s was not made", key);
            return -1;
        }
        Pmo__V1__Gate *g = templates_gate_make(
            call, db_text(r, row, 4), db_text(r, row, 5), db_text(r, row, 6),
            db_text(r, row, 7),
            template_roles_user(call, roles, db_text(r, row, 9)));
        Pmo__V1__Gate *made;
        if (gates_create(call, prog, number, "template", g, &made) != 0)
            return -1;
        out->gates++;
        out->criteria += (uint32_t)made->n_criteria;
    }
    return 0;
}

static void templates_risks_out(rpc_call *call, const PGresult *r,
                                Pmo__V1__ApplyTemplateResponse *out)
{
    int rows = PQntuples(r);
    out->risks =
        arena_alloc(call->arena, ((size_t)rows + 1) * sizeof(*out->risks));
    for (int row = 0; row < rows; row++) {
        if (db_int64(r, row, 0) != 5)
            continue;
        Pmo__V1__TemplateRisk *k = arena_alloc(call->arena, sizeof(*k));
        pmo__v1__template_risk__init(k);
        k->title = arena_strdup(call->arena, db_text(r, row, 4));
        k->description = arena_strdup(call->arena, db_text(r, row, 5));
        k->probability = arena_strdup(call->arena, db_text(r, row, 6));
        k->impact = arena_strdup(call->arena, db_text(r, row, 7));
        k->mitigation = arena_strdup(call->arena, db_text(r, row, 8));
        k->category = arena_strdup(call->arena, db_text(r, row, 9));
        out->risks[out->n_risks++] = k;
    }
}

static int templates_project_check(rpc_call *call, const program_access *prog,
                                   const char *project)
{
    const char *params[] = {templates_i64(call, prog->id), project};
    PGresult *r = db_exec(call->db, &templates_project, 2, params);
    if (r == NULL) {
        rpc_fail_db(call, "reading the project");
        return -1;
    }
    int found = PQntuples(r) == 1;
    PQclear(r);
    if (!found)
        rpc_violation(call, "project", "no project %s in %s", project,
                      prog->key);
    return found ? 0 : -1;
}

/* Checks roles against the approver roles of the gate rows of r. */
static int templates_roles_check(rpc_call *call, const program_access *prog,
                                 const template_roles *roles, const PGresult *r)
{
    int rows = PQntuples(r);
    const char **needed =
        arena_alloc(call->arena, ((size_t)rows + 1) * sizeof(*needed));
    const char **gates =
        arena_alloc(call->arena, ((size_t)rows + 1) * sizeof(*gates));
    size_t n = 0;
    for (int row = 0; row < rows; row++)
        if (db_int64(r, row, 0) == 4) {
            needed[n] = db_text(r, row, 9);
            gates[n++] = db_text(r, row, 4);
        }
    return template_roles_check(call, prog, roles, needed, gates, n);
}

int templates_apply(rpc_call *call, const program_access *prog,
                    const char *name, const char *project,
                    const template_roles *roles,
                    Pmo__V1__ApplyTemplateResponse *out)
{
    if (templates_project_check(call, prog, project) != 0)
        return -1;
    const char *params[] = {name};
    PGresult *r = db_exec(call->db, &templates_flatten, 1, params);
    if (r == NULL) {
        rpc_fail_db(call, "reading the template");
        return -1;
    }
    if (PQntuples(r) == 0) {
        PQclear(r);
        rpc_violation(call, "template", "no program template %s", name);
        return -1;
    }
    if (templates_roles_check(call, prog, roles, r) != 0) {
        PQclear(r);
        return -1;
    }
    templates_plan p = {.call = call, .project = project};
    pmo__v1__load_plan_request__init(&p.req);
    p.req.program = (char *)prog->key;
    templates_plan_build(&p, r);
    Pmo__V1__LoadPlanResponse loaded = PMO__V1__LOAD_PLAN_RESPONSE__INIT;
    int rc = plan_load_run(call, prog, &p.req, &loaded);
    if (rc == 0) {
        templates_refs_out(call, &p, &loaded, out);
        rc = templates_gates_make(call, prog, &p, &loaded, r, roles, out);
    }
    if (rc == 0)
        templates_risks_out(call, r, out);
    PQclear(r);
    return rc;
}
