/* server/model/plan_load.c - loading a whole plan in one transaction. */
#include "model/plan_load.h"
#include "audit/audit.h"
#include "model/dep_graph.h"
#include "model/dep_tree.h"
#include "model/dependencies.h"
#include "model/work_items.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Rows travel as PostgreSQL array literals, one parameter per column, so
 * each statement is one round trip whatever the size of the plan.
 */

/*
 * Projects of the program, the named users (with whether each may see the
 * program, as 1 or 0) and the named stored items.
 */
DB_STMT(plan_lookup,
        "SELECT 1, key, id, 0 FROM projects WHERE program_id = $1::bigint"
        " UNION ALL"
        " SELECT 2, username, id,"
        "  (" ACCESS_SEES_PROGRAM("users.id", "$1::bigint") ")::int FROM users"
        "  WHERE username = ANY ($2::text[])"
        " UNION ALL"
        " SELECT 3, number::text, id, kind FROM work_items"
        "  WHERE program_id = $1::bigint AND number = ANY ($3::bigint[])");

/* Reserves every number with one update of the program row. */
DB_STMT(plan_insert_items,
        "WITH n AS (UPDATE programs"
        "   SET next_item_number = next_item_number + $2::bigint"
        "   WHERE id = $1::bigint"
        "   RETURNING next_item_number - $2::bigint AS first),"
        " ins AS (INSERT INTO work_items (program_id, number, project_id,"
        "   parent_id, kind, title, description, assignee_id,"
        "   optimistic_days, likely_days, pessimistic_days, planned_start,"
        "   planned_finish, actual_start, actual_finish, percent_complete,"
        "   state, blocked_reason, planned_cost_minor, tags)"
        "  SELECT $1::bigint, n.first + t.ord - 1, t.project_id, t.parent_id,"
        "   t.kind, t.title, t.description, t.assignee_id, t.o, t.l, t.p,"
        "   t.ps, t.pf, t.acs, t.acf, t.pct, t.state, t.reason, t.cost,"
        "   string_to_array(t.tags, chr(31))"
        "  FROM n, unnest($3::bigint[], $4::bigint[], $5::smallint[],"
        "   $6::text[], $7::text[], $8::bigint[], $9::float8[], $10::float8[],"
        "   $11::float8[], $12::date[], $13::date[], $14::date[], $15::date[],"
        "   $16::smallint[], $17::smallint[], $18::text[], $19::bigint[],"
        "   $20::text[]) WITH ORDINALITY"
        "   AS t(project_id, parent_id, kind, title, description, assignee_id,"
        "        o, l, p, ps, pf, acs, acf, pct, state, reason, cost, tags,"
        "        ord)"
        "  RETURNING id, number)"
        " SELECT ins.id, ins.number - n.first, n.first FROM ins, n");

DB_STMT(plan_set_parents,
        "UPDATE work_items w SET parent_id = u.parent"
        "  FROM unnest($1::bigint[], $2::bigint[]) AS u(id, parent)"
        " WHERE w.id = u.id");

DB_STMT(plan_insert_deps,
        "INSERT INTO dependencies"
        "  (program_id, predecessor_id, successor_id, type, lag_days)"
        " SELECT $1::bigint, t.p, t.s, t.ty, t.lag"
        "  FROM unnest($2::bigint[], $3::bigint[], $4::smallint[],"
        "              $5::float8[]) AS t(p, s, ty, lag)");

/* A name and the row it resolved to (id; kind for stored items). */
typedef struct plan_name {
    const char *name;
    int64_t id;
    int64_t extra; /* users: 1 when they may see the program, else 0 */
} plan_name;

typedef struct plan_stored {
    int64_t number, id;
    int kind;
} plan_stored;

/*
 * Items and their references are nodes named by int64 keys, as in
 * dep_graph: -(i + 1) for items[i] of the request, the number for a
 * stored item, 0 for none.
 */
typedef struct plan {
    rpc_call *call;
    const program_access *prog;
    const Pmo__V1__LoadPlanRequest *in;
    plan_name *keys; /* request keys, sorted; id is the item's index */
    size_t n_keys;
    plan_name *projects, *users; /* sorted by name */
    size_t n_projects, n_users;
    plan_stored *stored; /* sorted by number */
    size_t n_stored;
    int64_t *numbers; /* stored items named, to look up */
    size_t n_numbers;
    int64_t *parent, *pred, *succ;
    int64_t *project_id, *assignee_id;
    int64_t *ids; /* of the new items, once inserted */
    int64_t first;
    bool touches_stored; /* a dependency has a stored end */
    bool under_stored;   /* an item has a stored parent */
} plan;

/* ------------------------------------------------------ array literals */

typedef struct plan_array {
    arena *a;
    char *s;
    size_t len, cap, n;
} plan_array;

static void plan_put(plan_array *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 4096;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *fresh = arena_alloc(b->a, cap);
        if (b->len)
            memcpy(fresh, b->s, b->len);
        b->s = fresh;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void plan_array_open(plan_array *b, arena *a)
{
    *b = (plan_array){.a = a};
    plan_put(b, "{", 1);
}

static char *plan_array_close(plan_array *b)
{
    plan_put(b, "}", 1);
    return b->s;
}

static void plan_array_raw(plan_array *b, const char *s)
{
    if (b->n++)
        plan_put(b, ",", 1);
    plan_put(b, s, strlen(s));
}

/* Quoted, so no element is read as NULL and commas or braces are text. */
static void plan_quote(plan_array *b, const char *s)
{
    while (*s) {
        size_t run = strcspn(s, "\"\\");
        plan_put(b, s, run);
        s += run;
        if (*s) {
            plan_put(b, "\\", 1);
            plan_put(b, s++, 1);
        }
    }
}

static void plan_array_text(plan_array *b, const char *s)
{
    if (b->n++)
        plan_put(b, ",", 1);
    plan_put(b, "\"", 1);
    plan_quote(b, s);
    plan_put(b, "\"", 1);
}

/* Tags joined by chr(31), which the insert splits again. */
static void plan_array_tags(plan_array *b, char *const *tags, size_t n)
{
    if (b->n++)
        plan_put(b, ",", 1);
    plan_put(b, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        if (i)
            plan_put(b, "\x1f", 1);
        plan_quote(b, tags[i]);
    }
    plan_put(b, "\"", 1);
}

static void plan_array_i64(plan_array *b, int64_t v)
{
    char text[24];
    snprintf(text, sizeof(text), "%lld", (long long)v);
    plan_array_raw(b, text);
}

/* An id, or NULL for 0. */
static void plan_array_id(plan_array *b, int64_t v)
{
    if (v)
        plan_array_i64(b, v);
    else
        plan_array_raw(b, "NULL");
}

static void plan_array_f64(plan_array *b, double v)
{
    char text[40];
    snprintf(text, sizeof(text), "%.17g", v);
    plan_array_raw(b, text);
}

/* A checked YYYY-MM-DD date, or NULL for "". */
static void plan_array_date(plan_array *b, const char *s)
{
    plan_array_raw(b, s[0] ? s : "NULL");
}

/* ---------------------------------------------------------- lookups */

static int plan_name_cmp(const void *a, const void *b)
{
    return strcmp(((const plan_name *)a)->name, ((const plan_name *)b)->name);
}

static int plan_i64_cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int plan_stored_cmp(const void *a, const void *b)
{
    return plan_i64_cmp(&((const plan_stored *)a)->number,
                        &((const plan_stored *)b)->number);
}

static const plan_name *plan_name_find(const plan_name *names, size_t n,
                                       const char *name)
{
    plan_name key = {.name = name};
    return bsearch(&key, names, n, sizeof(*names), plan_name_cmp);
}

static const plan_stored *plan_stored_find(const plan *p, int64_t number)
{
    plan_stored key = {.number = number};
    return bsearch(&key, p->stored, p->n_stored, sizeof(*p->stored),
                   plan_stored_cmp);
}

static char *plan_i64(rpc_call *call, int64_t v)
{
    return arena_printf(call->arena, "%lld", (long long)v);
}

/* How a node is called in messages: its request key or its ref. */
static const char *plan_node_name(const plan *p, int64_t node)
{
    if (node > 0)
        return work_ref_make(p->call, p->prog->key, node);
    const char *key = p->in->items[-node - 1]->key;
    return key[0] ? key
                  : arena_printf(p->call->arena, "items[%lld]",
                                 (long long)(-node - 1));
}

bool plan_load_full(const rpc_call *call)
{
    return call->n_violations >= PLAN_MAX_VIOLATIONS;
}

/* ---------------------------------------------------------- checking */

/* Sorts the request's keys and refuses twins. */
static void plan_keys_index(plan *p)
{
    p->keys =
        arena_alloc(p->call->arena,
                    (p->in->n_items ? p->in->n_items : 1) * sizeof(*p->keys));
    for (size_t i = 0; i < p->in->n_items; i++)
        if (p->in->items[i]->key[0])
            p->keys[p->n_keys++] =
                (plan_name){p->in->items[i]->key, (int64_t)i, 0};
    qsort(p->keys, p->n_keys, sizeof(*p->keys), plan_name_cmp);
    for (size_t k = 1; k < p->n_keys && !plan_load_full(p->call); k++) {
        if (strcmp(p->keys[k - 1].name, p->keys[k].name) != 0)
            continue;
        int64_t a = p->keys[k - 1].id, b = p->keys[k].id;
        char field[48];
        snprintf(field, sizeof(field), "items[%lld].key",
                 (long long)(a > b ? a : b));
        rpc_violation(p->call, field, "\"%s\" is also the key of items[%lld]",
                      p->keys[k].name, (long long)(a < b ? a : b));
    }
}

/*
 * The node a name refers to: a key of this request, else a ref of this
 * program (noted for lookup). 0 with a violation of field otherwise.
 */
static int64_t plan_node_of(plan *p, const char *name, const char *field)
{
    const plan_name *k = plan_name_find(p->keys, p->n_keys, name);
    if (k)
        return -(k->id + 1);
    char key[WORK_KEY_MAX];
    int64_t number;
    if (!work_ref_parse(name, key, &number)) {
        rpc_violation(p->call, field,
                      "no item of this plan has the key \"%s\", and it is not "
                      "a work item ref",
                      name);
        return 0;
    }
    if (strcmp(key, p->prog->key) != 0) {
        rpc_violation(p->call, field, "%s is in program %s, not %s", name, key,
                      p->prog->key);
        return 0;
    }
    p->numbers[p->n_numbers++] = number;
    return number;
}

/* Pass 1, without SQL: what every parent and dependency end refers to. */
static void plan_nodes_name(plan *p)
{
    const Pmo__V1__LoadPlanRequest *in = p->in;
    char field[64];
    for (size_t i = 0; i < in->n_items && !plan_load_full(p->call); i++) {
        const char *parent = in->items[i]->item->parent;
        if (parent[0] == '\0')
            continue;
        snprintf(field, sizeof(field), "items[%zu].item.parent", i);
        p->parent[i] = plan_node_of(p, parent, field);
        if (p->parent[i] > 0)
            p->under_stored = true;
    }
    for (size_t j = 0; j < in->n_dependencies && !plan_load_full(p->call);
         j++) {
        const Pmo__V1__PlanDependency *d = in->dependencies[j];
        snprintf(field, sizeof(field), "dependencies[%zu].predecessor", j);
        p->pred[j] = plan_node_of(p, d->predecessor, field);
        snprintf(field, sizeof(field), "dependencies[%zu].successor", j);
        p->succ[j] = plan_node_of(p, d->successor, field);
        if (p->pred[j] > 0 || p->succ[j] > 0)
            p->touches_stored = true;
    }
}

/* Distinct values, sorted, as a bigint[] literal. */
static char *plan_numbers_literal(plan *p)
{
    qsort(p->numbers, p->n_numbers, sizeof(*p->numbers), plan_i64_cmp);
    plan_array b;
    plan_array_open(&b, p->call->arena);
    for (size_t i = 0; i < p->n_numbers; i++)
        if (i == 0 || p->numbers[i] != p->numbers[i - 1])
            plan_array_i64(&b, p->numbers[i]);
    return plan_array_close(&b);
}

static char *plan_usernames_literal(plan *p)
{
    plan_array b;
    plan_array_open(&b, p->call->arena);
    for (size_t i = 0; i < p->in->n_items; i++)
        if (p->in->items[i]->item->assignee[0])
            plan_array_text(&b, p->in->items[i]->item->assignee);
    return plan_array_close(&b);
}

/* One query for every project, user and stored item the plan names. */
static int plan_lookup_names(plan *p)
{
    rpc_call *call = p->call;
    const char *params[] = {plan_i64(call, p->prog->id),
                            plan_usernames_literal(p), plan_numbers_literal(p)};
    PGresult *r = db_exec(call->db, &plan_lookup, 3, params);
    if (r == NULL) {
        rpc_fail_db(call, "looking up the plan's projects, users and items");
        return -1;
    }
    size_t rows = (size_t)PQntuples(r);
    p->projects = arena_alloc(call->arena, (rows + 1) * sizeof(plan_name));
    p->users = arena_alloc(call->arena, (rows + 1) * sizeof(plan_name));
    p->stored = arena_alloc(call->arena, (rows + 1) * sizeof(plan_stored));
    for (size_t i = 0; i < rows; i++) {
        int tag = (int)db_int64(r, (int)i, 0);
        const char *name = arena_strdup(call->arena, db_text(r, (int)i, 1));
        int64_t id = db_int64(r, (int)i, 2);
        if (tag == 1)
            p->projects[p->n_projects++] = (plan_name){name, id, 0};
        else if (tag == 2)
            p->users[p->n_users++] =
                (plan_name){name, id, db_int64(r, (int)i, 3)};
        else
            p->stored[p->n_stored++] = (plan_stored){
                strtoll(name, NULL, 10), id, (int)db_int64(r, (int)i, 3)};
    }
    PQclear(r);
    qsort(p->projects, p->n_projects, sizeof(plan_name), plan_name_cmp);
    qsort(p->users, p->n_users, sizeof(plan_name), plan_name_cmp);
    qsort(p->stored, p->n_stored, sizeof(plan_stored), plan_stored_cmp);
    return 0;
}

/* A stored node that the lookup did not find. */
static bool plan_stored_missing(plan *p, int64_t node, const char *field)
{
    if (node <= 0 || plan_stored_find(p, node))
        return false;
    rpc_violation(p->call, field, "no work item %s", plan_node_name(p, node));
    return true;
}

static void plan_parent_check(plan *p, size_t i, const char *field)
{
    int64_t node = p->parent[i];
    if (node == 0 || plan_stored_missing(p, node, field))
        return;
    int kind = node < 0 ? (int)p->in->items[-node - 1]->item->kind
                        : plan_stored_find(p, node)->kind;
    if (kind == PMO__V1__WORK_ITEM_KIND__KIND_MILESTONE)
        rpc_violation(p->call, field,
                      "%s is a milestone, and a milestone cannot be a parent",
                      plan_node_name(p, node));
}

/* Pass 2: projects, assignees and parents of every item. */
static void plan_items_check(plan *p)
{
    char field[64];
    for (size_t i = 0; i < p->in->n_items && !plan_load_full(p->call); i++) {
        const Pmo__V1__WorkItem *it = p->in->items[i]->item;
        const plan_name *project =
            plan_name_find(p->projects, p->n_projects, it->project);
        if (project)
            p->project_id[i] = project->id;
        else {
            snprintf(field, sizeof(field), "items[%zu].item.project", i);
            rpc_violation(p->call, field, "no project %s in %s", it->project,
                          p->prog->key);
        }
        if (it->assignee[0]) {
            const plan_name *u =
                plan_name_find(p->users, p->n_users, it->assignee);
            snprintf(field, sizeof(field), "items[%zu].item.assignee", i);
            if (u == NULL)
                rpc_violation(p->call, field, "no user %s", it->assignee);
            else if (u->extra == 0)
                access_no_role(p->call, field, it->assignee, p->prog->key);
            else
                p->assignee_id[i] = u->id;
        }
        snprintf(field, sizeof(field), "items[%zu].item.parent", i);
        plan_parent_check(p, i, field);
    }
}

typedef struct plan_edge {
    int64_t pred, succ;
    size_t index;
} plan_edge;

static int plan_edge_cmp(const void *a, const void *b)
{
    const plan_edge *x = a, *y = b;
    if (x->pred != y->pred)
        return x->pred < y->pred ? -1 : 1;
    if (x->succ != y->succ)
        return x->succ < y->succ ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

/* Pass 2: stored ends exist, no self edges, no edge given twice. */
static void plan_deps_check(plan *p)
{
    size_t n = p->in->n_dependencies;
    char field[64];
    for (size_t j = 0; j < n && !plan_load_full(p->call); j++) {
        snprintf(field, sizeof(field), "dependencies[%zu].predecessor", j);
        plan_stored_missing(p, p->pred[j], field);
        snprintf(field, sizeof(field), "dependencies[%zu].successor", j);
        if (!plan_stored_missing(p, p->succ[j], field) &&
            p->pred[j] == p->succ[j] && p->pred[j] != 0)
            rpc_violation(p->call, field,
                          "is the predecessor too; an item cannot wait on "
                          "itself");
    }
    plan_edge *edges =
        arena_alloc(p->call->arena, (n ? n : 1) * sizeof(*edges));
    for (size_t j = 0; j < n; j++)
        edges[j] = (plan_edge){p->pred[j], p->succ[j], j};
    qsort(edges, n, sizeof(*edges), plan_edge_cmp);
    for (size_t k = 1; k < n && !plan_load_full(p->call); k++) {
        const plan_edge *a = &edges[k - 1], *b = &edges[k];
        if (a->pred != b->pred || a->succ != b->succ || a->pred == 0 ||
            a->succ == 0)
            continue;
        snprintf(field, sizeof(field), "dependencies[%zu]", b->index);
        rpc_violation(p->call, field, "repeats dependencies[%zu] (%s -> %s)",
                      a->index, plan_node_name(p, a->pred),
                      plan_node_name(p, a->succ));
    }
}

/* Parents among the new items must not loop. */
static int plan_parents_acyclic(plan *p)
{
    dep_graph *g = dep_graph_alloc(p->call->arena, p->in->n_items, 0);
    for (size_t i = 0; i < p->in->n_items; i++)
        if (p->parent[i] < 0)
            dep_graph_link(g, -(int64_t)i - 1, p->parent[i]);
    size_t *cycle = NULL;
    size_t n = dep_graph_cycle(g, &cycle);
    if (n == 0)
        return 0;
    const char **names = arena_alloc(p->call->arena, n * sizeof(*names));
    for (size_t i = 0; i < n; i++)
        names[i] = plan_node_name(p, dep_graph_key(g, cycle[i]));
    char field[64];
    snprintf(field, sizeof(field), "items[%lld].item.parent",
             (long long)(-dep_graph_key(g, cycle[0]) - 1));
    rpc_violation(p->call, field,
                  "parents loop: %s (each item's parent follows it)",
                  dependencies_cycle_text(p->call, names, n));
    return -1;
}

static int plan_pair_cmp(const void *a, const void *b)
{
    const plan_edge *x = a, *y = b;
    if (x->pred != y->pred)
        return x->pred < y->pred ? -1 : 1;
    return (x->succ > y->succ) - (x->succ < y->succ);
}

/*
 * A new edge between two stored items must not repeat one of the n
 * stored links of t (looked up in them sorted, so a hub with many edges
 * costs no more than the others).
 */
static int plan_stored_twins(plan *p, const dep_tree *t, size_t n)
{
    plan_edge *stored =
        arena_alloc(p->call->arena, (n ? n : 1) * sizeof(*stored));
    for (size_t l = 0; l < n; l++)
        stored[l] =
            (plan_edge){dep_tree_link_pred(t, l), dep_tree_link_succ(t, l), 0};
    qsort(stored, n, sizeof(*stored), plan_pair_cmp);
    for (size_t j = 0; j < p->in->n_dependencies; j++) {
        plan_edge key = {p->pred[j], p->succ[j], 0};
        if (key.pred < 0 || key.succ < 0 ||
            !bsearch(&key, stored, n, sizeof(*stored), plan_pair_cmp))
            continue;
        rpc_fail(p->call, PMO_ALREADY_EXISTS,
                 "dependencies[%zu]: %s -> %s already exists", j,
                 plan_node_name(p, key.pred), plan_node_name(p, key.succ));
        return -1;
    }
    return 0;
}

static const char *plan_tree_name(void *ctx, int64_t node)
{
    return plan_node_name(ctx, node);
}

/*
 * The new items and dependencies, with the stored breakdown and
 * dependencies when the new ones can reach them: through a dependency
 * with a stored end, or through a stored parent whose links bind the new
 * items under it once there are new dependencies. Otherwise no cycle can
 * pass through stored rows. *stored is how many links are stored ones.
 */
static dep_tree *plan_tree(plan *p, size_t *stored)
{
    size_t n = p->in->n_dependencies, items = p->in->n_items;
    dep_tree *t = dep_tree_alloc(p->call->arena, items + 1, n + 1);
    *stored = 0;
    if (n && (p->touches_stored || p->under_stored)) {
        if (dependencies_lock(p->call, p->prog) != 0 ||
            dependencies_tree_read(p->call, p->prog, t) != 0)
            return NULL;
        *stored = dep_tree_link_count(t);
        if (plan_stored_twins(p, t, *stored) != 0)
            return NULL;
    }
    for (size_t i = 0; i < items; i++) {
        dep_tree_item(t, -(int64_t)i - 1);
        if (p->parent[i])
            dep_tree_parent(t, -(int64_t)i - 1, p->parent[i]);
    }
    for (size_t j = 0; j < n; j++)
        dep_tree_link(t, p->pred[j], p->succ[j]);
    return t;
}

/*
 * Stored and new dependencies together, with summary links expanded onto
 * tasks, must stay acyclic, and no new one may join an item to its own
 * summary.
 */
static int plan_deps_acyclic(plan *p)
{
    size_t stored;
    dep_tree *t = plan_tree(p, &stored);
    if (t == NULL)
        return -1;
    if (dep_tree_build(t) != 0) {
        rpc_fail(p->call, PMO_FAILED_PRECONDITION,
                 "the breakdown of %s loops (an item is its own ancestor); "
                 "move an item of the loop first",
                 p->prog->key);
        return -1;
    }
    size_t bad = dep_tree_lineage_link(t, stored);
    if (bad != SIZE_MAX) {
        rpc_fail(p->call, PMO_FAILED_PRECONDITION, "dependencies[%zu]: %s",
                 bad - stored,
                 dependencies_lineage_text(
                     p->call, t, dep_tree_link_pred(t, bad),
                     dep_tree_link_succ(t, bad), plan_tree_name, p));
        return -1;
    }
    return dependencies_tree_check(p->call, t, SIZE_MAX, "the plan",
                                   plan_tree_name, p);
}

/* ---------------------------------------------------------- writing */

/* The item columns $3..$20 of plan_insert_items. */
static void plan_item_columns(plan *p, const char **cols)
{
    enum { NCOLS = 18 };
    plan_array a[NCOLS];
    for (int c = 0; c < NCOLS; c++)
        plan_array_open(&a[c], p->call->arena);
    for (size_t i = 0; i < p->in->n_items; i++) {
        const Pmo__V1__WorkItem *it = p->in->items[i]->item;
        int64_t parent =
            p->parent[i] > 0 ? plan_stored_find(p, p->parent[i])->id : 0;
        plan_array_i64(&a[0], p->project_id[i]);
        plan_array_id(&a[1], parent);
        plan_array_i64(&a[2], it->kind);
        plan_array_text(&a[3], it->title);
        plan_array_text(&a[4], it->description);
        plan_array_id(&a[5], p->assignee_id[i]);
        plan_array_f64(&a[6], it->optimistic_days);
        plan_array_f64(&a[7], it->likely_days);
        plan_array_f64(&a[8], it->pessimistic_days);
        plan_array_date(&a[9], it->planned_start);
        plan_array_date(&a[10], it->planned_finish);
        plan_array_date(&a[11], it->actual_start);
        plan_array_date(&a[12], it->actual_finish);
        plan_array_i64(&a[13], it->percent_complete);
        plan_array_i64(&a[14], it->state);
        plan_array_text(&a[15], it->blocked_reason);
        plan_array_i64(&a[16], it->planned_cost_minor);
        plan_array_tags(&a[17], it->tags, it->n_tags);
    }
    for (int c = 0; c < NCOLS; c++)
        cols[c] = plan_array_close(&a[c]);
}

static int plan_items_insert(plan *p)
{
    rpc_call *call = p->call;
    size_t n = p->in->n_items;
    const char *params[20];
    params[0] = plan_i64(call, p->prog->id);
    params[1] = plan_i64(call, (int64_t)n);
    plan_item_columns(p, params + 2);
    PGresult *r = db_exec(call->db, &plan_insert_items, 20, params);
    if (r == NULL) {
        rpc_fail_db(call, "inserting the plan's work items");
        return -1;
    }
    if ((size_t)PQntuples(r) != n) {
        PQclear(r);
        rpc_fail(call, PMO_NOT_FOUND, "no program %s", p->prog->key);
        return -1;
    }
    p->ids = arena_alloc(call->arena, n * sizeof(*p->ids));
    for (size_t k = 0; k < n; k++)
        p->ids[db_int64(r, (int)k, 1)] = db_int64(r, (int)k, 0);
    p->first = db_int64(r, 0, 2);
    PQclear(r);
    return 0;
}

/* Parents that are new items are known by id only now. */
static int plan_parents_set(plan *p)
{
    plan_array child, parent;
    plan_array_open(&child, p->call->arena);
    plan_array_open(&parent, p->call->arena);
    for (size_t i = 0; i < p->in->n_items; i++) {
        if (p->parent[i] >= 0)
            continue;
        plan_array_i64(&child, p->ids[i]);
        plan_array_i64(&parent, p->ids[-p->parent[i] - 1]);
    }
    if (child.n == 0)
        return 0;
    const char *params[] = {plan_array_close(&child),
                            plan_array_close(&parent)};
    if (db_exec_command(p->call->db, &plan_set_parents, 2, params) != 0) {
        rpc_fail_db(p->call, "setting the plan's parents");
        return -1;
    }
    return 0;
}

static int64_t plan_node_id(const plan *p, int64_t node)
{
    return node < 0 ? p->ids[-node - 1] : plan_stored_find(p, node)->id;
}

static int plan_deps_insert(plan *p)
{
    plan_array a[4];
    for (int c = 0; c < 4; c++)
        plan_array_open(&a[c], p->call->arena);
    for (size_t j = 0; j < p->in->n_dependencies; j++) {
        const Pmo__V1__PlanDependency *d = p->in->dependencies[j];
        plan_array_i64(&a[0], plan_node_id(p, p->pred[j]));
        plan_array_i64(&a[1], plan_node_id(p, p->succ[j]));
        plan_array_i64(&a[2], d->type);
        plan_array_f64(&a[3], d->lag_days);
    }
    const char *params[] = {plan_i64(p->call, p->prog->id),
                            plan_array_close(&a[0]), plan_array_close(&a[1]),
                            plan_array_close(&a[2]), plan_array_close(&a[3])};
    if (db_exec_command(p->call->db, &plan_insert_deps, 5, params) != 0) {
        if (db_status_of_error(p->call->db) == PMO_ALREADY_EXISTS)
            rpc_fail(p->call, PMO_ALREADY_EXISTS,
                     "a dependency of the plan already exists: %s",
                     p->call->db->error);
        else
            rpc_fail_db(p->call, "inserting the plan's dependencies");
        return -1;
    }
    return 0;
}

/* One audit row for the batch: counts and the range of refs given. */
static int plan_audit(plan *p)
{
    size_t n = p->in->n_items;
    char *after = arena_printf(
        p->call->arena,
        "{\"items\": %zu, \"dependencies\": %zu, \"first_ref\": \"%s\", "
        "\"last_ref\": \"%s\"}",
        n, p->in->n_dependencies,
        n ? work_ref_make(p->call, p->prog->key, p->first) : "",
        n ? work_ref_make(p->call, p->prog->key, p->first + (int64_t)n - 1)
          : "");
    return audit_record(p->call, "plan", p->prog->key, NULL, after);
}

static int64_t *plan_zeros(rpc_call *call, size_t n)
{
    return arena_zalloc(call->arena, (n ? n : 1) * sizeof(int64_t));
}

static void plan_init(plan *p, rpc_call *call, const program_access *prog,
                      const Pmo__V1__LoadPlanRequest *in)
{
    *p = (plan){.call = call, .prog = prog, .in = in};
    size_t items = in->n_items, deps = in->n_dependencies;
    p->numbers = plan_zeros(call, items + 2 * deps);
    p->parent = plan_zeros(call, items);
    p->project_id = plan_zeros(call, items);
    p->assignee_id = plan_zeros(call, items);
    p->pred = plan_zeros(call, deps);
    p->succ = plan_zeros(call, deps);
}

/*
 * A validate-only load writes inside a savepoint and rolls back to it,
 * so that the database's own checks (constraints, triggers) run too.
 */
static int plan_validate_mark(rpc_call *call, const char *sql)
{
    if (db_exec_simple(call->db, sql) == 0)
        return 0;
    rpc_fail_db(call, "validating the plan");
    return -1;
}

int plan_load_run(rpc_call *call, const program_access *prog,
                  const Pmo__V1__LoadPlanRequest *in,
                  Pmo__V1__LoadPlanResponse *out)
{
    plan p;
    plan_init(&p, call, prog, in);
    plan_keys_index(&p);
    plan_nodes_name(&p);
    if (rpc_failed(call) || plan_lookup_names(&p) != 0)
        return -1;
    plan_items_check(&p);
    plan_deps_check(&p);
    if (rpc_failed(call) || plan_parents_acyclic(&p) != 0 ||
        plan_deps_acyclic(&p) != 0)
        return -1;
    if (in->validate_only &&
        plan_validate_mark(call, "SAVEPOINT plan_validate") != 0)
        return -1;
    if (in->n_items &&
        (plan_items_insert(&p) != 0 || plan_parents_set(&p) != 0))
        return -1;
    if (in->n_dependencies && plan_deps_insert(&p) != 0)
        return -1;
    if (plan_audit(&p) != 0)
        return -1;
    out->dependencies_added = (uint32_t)in->n_dependencies;
    if (in->validate_only)
        return plan_validate_mark(call, "ROLLBACK TO SAVEPOINT plan_validate");
    out->n_refs = in->n_items;
    out->refs = arena_alloc(call->arena, (in->n_items + 1) * sizeof(char *));
    for (size_t i = 0; i < in->n_items; i++)
        out->refs[i] = work_ref_make(call, prog->key, p.first + (int64_t)i);
    return 0;
}
