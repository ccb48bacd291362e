/* server/model/dependencies.c - dependency rows: add, remove, list. */
#include "model/dependencies.h"
#include "audit/audit.h"
#include "model/dep_graph.h"
#include "model/dep_tree.h"
#include "model/work_items.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The lock is keyed by a class constant ("pmod") and the program id folded
 * into an int: a collision between two programs only serialises them.
 * $1 is the program id wherever it is used.
 */
#define DEP_LOCK                                                               \
    "pg_advisory_xact_lock(1886220132, ($1::bigint % 2147483647)::int)"

/* Longest cycle spelled out in full; longer ones are cut in the middle. */
#define DEP_CYCLE_SHOWN 16

/*
 * The ends of each listed dependency come from scalar subqueries: one
 * index probe per returned row, never a hash of the whole work_items
 * table for a page (which a generic plan may otherwise choose). Pages
 * are cut from dependencies alone.
 */
#define DEP_COLUMNS                                                            \
    "d.id, (SELECT number FROM work_items WHERE id = d.predecessor_id),"       \
    " (SELECT number FROM work_items WHERE id = d.successor_id), d.type,"      \
    " d.lag_days, d.version,"                                                  \
    " (SELECT title FROM work_items WHERE id = d.predecessor_id),"             \
    " (SELECT title FROM work_items WHERE id = d.successor_id),"               \
    " (SELECT p.key FROM work_items x JOIN projects p ON p.id = x.project_id"  \
    "   WHERE x.id = d.predecessor_id),"                                       \
    " (SELECT p.key FROM work_items x JOIN projects p ON p.id = x.project_id"  \
    "   WHERE x.id = d.successor_id),"                                         \
    " (SELECT state FROM work_items WHERE id = d.predecessor_id)"
#define DEP_JSON                                                               \
    "jsonb_build_object('predecessor', $4::text, 'successor', $5::text,"       \
    " 'type', type, 'lag_days', lag_days)::text"

DB_STMT(dep_lock, "SELECT " DEP_LOCK);

/* Locks, then finds both ends: later statements see committed edges. */
DB_STMT(dep_ends, "SELECT coalesce(a.id, 0), a.title, pa.key,"
                  "       coalesce(b.id, 0), b.title, pb.key"
                  "  FROM (SELECT " DEP_LOCK ") lk"
                  "  LEFT JOIN (work_items a"
                  "             JOIN projects pa ON pa.id = a.project_id)"
                  "    ON a.program_id = $1::bigint AND a.number = $2::bigint"
                  "  LEFT JOIN (work_items b"
                  "             JOIN projects pb ON pb.id = b.project_id)"
                  "    ON b.program_id = $1::bigint AND b.number = $3::bigint");

/*
 * Inserts only if no task of the predecessor is reachable from a task of
 * the successor once summary links are expanded onto tasks. The walk is
 * the graph of dep_tree.c in SQL: (id, false) is the "in" node of item
 * id, which leads down to its children and, for a task, to its own "out"
 * node (id, true), which leads up to its parent's and along its links.
 * A link between an item and its own ancestor is refused by the same
 * walk (a task of one is a task of the other). UNION (not UNION ALL)
 * visits each node once, and NOT EXISTS stops the walk at the first
 * sight of the predecessor's out node.
 */
DB_STMT(dep_insert,
        "WITH RECURSIVE reach (id, up) AS ("
        "   SELECT $3::bigint, false"
        "   UNION"
        "   SELECT n.id, n.up FROM reach r CROSS JOIN LATERAL ("
        "     SELECT c.id, false FROM work_items c"
        "      WHERE NOT r.up AND c.parent_id = r.id"
        "     UNION ALL"
        "     SELECT r.id, true WHERE NOT r.up AND NOT EXISTS"
        "      (SELECT 1 FROM work_items c WHERE c.parent_id = r.id)"
        "     UNION ALL"
        "     SELECT w.parent_id, true FROM work_items w"
        "      WHERE r.up AND w.id = r.id AND w.parent_id IS NOT NULL"
        "     UNION ALL"
        "     SELECT d.successor_id, false FROM dependencies d"
        "      WHERE r.up AND d.predecessor_id = r.id) n (id, up))"
        " INSERT INTO dependencies"
        "   (program_id, predecessor_id, successor_id, type, lag_days)"
        " SELECT $1::bigint, $2::bigint, $3::bigint, $6::smallint, $7::float8"
        "  WHERE NOT EXISTS (SELECT 1 FROM reach WHERE id = $2::bigint AND up)"
        " RETURNING id, version, " DEP_JSON);

/*
 * Only after a refusal, or for a change of parent: the program's
 * breakdown (kind 0: item, parent) and links (kind 1: pred, succ), by
 * number.
 */
DB_STMT(dep_tree_rows, "SELECT 0, w.number,"
                       "  coalesce((SELECT p.number FROM work_items p"
                       "             WHERE p.id = w.parent_id), 0)"
                       "  FROM work_items w WHERE w.program_id = $1::bigint"
                       " UNION ALL"
                       " SELECT 1, a.number, b.number FROM dependencies d"
                       "  JOIN work_items a ON a.id = d.predecessor_id"
                       "  JOIN work_items b ON b.id = d.successor_id"
                       " WHERE d.program_id = $1::bigint");

DB_STMT(dep_delete,
        "WITH gone AS (DELETE FROM dependencies d"
        "   USING work_items a, work_items b"
        "   WHERE a.program_id = $1::bigint AND a.number = $2::bigint"
        "     AND b.program_id = $1::bigint AND b.number = $3::bigint"
        "     AND d.predecessor_id = a.id AND d.successor_id = b.id"
        "   RETURNING d.id, d.type, d.lag_days)"
        " SELECT id, " DEP_JSON " FROM gone");

DB_STMT(dep_page_program,
        "SELECT " DEP_COLUMNS " FROM (SELECT * FROM dependencies"
        "  WHERE program_id = $1::bigint AND id > $2::bigint"
        "  ORDER BY id LIMIT $3::int) d ORDER BY d.id");

/*
 * Both directions of one item. The item drives the query so that a
 * missing item gives no row at all, and an item without dependencies one
 * row of NULLs.
 */
DB_STMT(dep_page_item,
        "SELECT " DEP_COLUMNS " FROM work_items i"
        "  LEFT JOIN LATERAL (SELECT * FROM dependencies x"
        "   WHERE (x.predecessor_id = i.id OR x.successor_id = i.id)"
        "     AND x.id > $2::bigint ORDER BY x.id LIMIT $3::int) d ON true"
        " WHERE i.program_id = $1::bigint AND i.number = $4::bigint"
        " ORDER BY d.id");

static char *dep_i64(rpc_call *call, int64_t v)
{
    return arena_printf(call->arena, "%lld", (long long)v);
}

char *dependencies_chain_text(rpc_call *call, const char *const *names,
                              const char *const *joins, size_t n)
{
    size_t len = 64;
    for (size_t i = 0; i < n; i++)
        len += strlen(names[i]) + (joins ? strlen(joins[i]) : 4);
    char *out = arena_alloc(call->arena, len + strlen(names[0]));
    size_t used = 0;
    for (size_t i = 0; i < n; i++) {
        /* Keep the first and last few; say how many are left out. */
        if (n > DEP_CYCLE_SHOWN && i == DEP_CYCLE_SHOWN / 2) {
            size_t skip = n - DEP_CYCLE_SHOWN;
            used += (size_t)sprintf(out + used, "... (%zu more) -> ", skip);
            i += skip - 1;
            continue;
        }
        used += (size_t)sprintf(out + used, "%s%s", names[i],
                                joins ? joins[i] : " -> ");
    }
    sprintf(out + used, "%s", names[0]);
    return out;
}

char *dependencies_cycle_text(rpc_call *call, const char *const *names,
                              size_t n)
{
    return dependencies_chain_text(call, names, NULL, n);
}

/* What stands between a link's successor and the next one's predecessor. */
static const char *dep_join(const dep_tree *t, int64_t succ, int64_t next)
{
    switch (dep_tree_relate(t, succ, next)) {
    case DEP_TREE_CONTAINS:
        return " contains ";
    case DEP_TREE_WITHIN:
        return " is in ";
    default:
        return " -> ";
    }
}

char *dependencies_loop_text(rpc_call *call, const dep_tree *t,
                             const int64_t *pred, const int64_t *succ, size_t k,
                             dep_name_fn *name, void *ctx)
{
    const char **names = arena_alloc(call->arena, 2 * k * sizeof(*names));
    const char **joins = arena_alloc(call->arena, 2 * k * sizeof(*joins));
    size_t n = 0;
    bool through_summary = false;
    names[n] = name(ctx, pred[0]);
    for (size_t i = 0; i < k; i++) {
        int64_t next = pred[(i + 1) % k];
        joins[n++] = " -> ";
        if (succ[i] == next && i + 1 < k) {
            names[n] = name(ctx, next);
            continue;
        }
        if (succ[i] == next) /* back at the start */
            break;
        names[n] = name(ctx, succ[i]);
        joins[n++] = dep_join(t, succ[i], next);
        through_summary = true;
        if (i + 1 < k)
            names[n] = name(ctx, next);
    }
    char *text = dependencies_chain_text(call, names, joins, n);
    if (through_summary)
        text = arena_printf(call->arena,
                            "%s (a dependency on a summary binds each of its "
                            "tasks)",
                            text);
    return text;
}

char *dependencies_lineage_text(rpc_call *call, const dep_tree *t, int64_t pred,
                                int64_t succ, dep_name_fn *name, void *ctx)
{
    const char *p = name(ctx, pred), *s = name(ctx, succ);
    bool down = dep_tree_relate(t, pred, succ) == DEP_TREE_CONTAINS;
    return arena_printf(call->arena,
                        "%s -> %s links %s to its own summary %s: a "
                        "summary's dates span its items, so neither can wait "
                        "on the other",
                        p, s, down ? s : p, down ? p : s);
}

int dependencies_lock(rpc_call *call, const program_access *prog)
{
    const char *params[] = {dep_i64(call, prog->id)};
    if (db_exec_command(call->db, &dep_lock, 1, params) != 0) {
        rpc_fail_db(call, "locking the program's dependencies");
        return -1;
    }
    return 0;
}

int dependencies_tree_read(rpc_call *call, const program_access *prog,
                           dep_tree *t)
{
    const char *params[] = {dep_i64(call, prog->id)};
    PGresult *r = db_exec(call->db, &dep_tree_rows, 1, params);
    if (r == NULL) {
        rpc_fail_db(call, "reading the program's breakdown and dependencies");
        return -1;
    }
    int rows = PQntuples(r);
    for (int i = 0; i < rows; i++) {
        int64_t a = db_int64(r, i, 1), b = db_int64(r, i, 2);
        if (db_int64(r, i, 0) == 0)
            dep_tree_parent(t, a, b);
        else
            dep_tree_link(t, a, b);
    }
    PQclear(r);
    return 0;
}

typedef struct dep_names {
    rpc_call *call;
    const char *key;
} dep_names;

static const char *dep_ref_name(void *ctx, int64_t number)
{
    dep_names *n = ctx;
    return work_ref_make(n->call, n->key, number);
}

/* The breakdown did not lay out: parents loop in the stored rows. */
static int dep_tree_unbuilt(rpc_call *call, const program_access *prog)
{
    rpc_fail(call, PMO_FAILED_PRECONDITION,
             "the breakdown of %s loops (an item is its own ancestor); move "
             "an item of the loop first",
             prog->key);
    return -1;
}

/*
 * Says why the edge pred -> succ was refused: it joins an item to its
 * own summary, or it closes the cycle named in order, the new edge first.
 */
static int dep_refusal_fail(rpc_call *call, const program_access *prog,
                            int64_t pred, int64_t succ)
{
    dep_tree *t = dep_tree_alloc(call->arena, 0, 0);
    if (dependencies_tree_read(call, prog, t) != 0)
        return -1;
    dep_tree_item(t, pred);
    dep_tree_item(t, succ);
    if (dep_tree_build(t) != 0)
        return dep_tree_unbuilt(call, prog);
    dep_names names = {call, prog->key};
    if (dep_tree_relate(t, pred, succ) != DEP_TREE_APART) {
        rpc_fail(call, PMO_FAILED_PRECONDITION, "%s",
                 dependencies_lineage_text(call, t, pred, succ, dep_ref_name,
                                           &names));
        return -1;
    }
    size_t *path = NULL, n = 0;
    if (!dep_tree_path(t, succ, pred, &path, &n)) {
        /* A removal (which takes no lock) broke the path meanwhile. */
        rpc_fail(call, PMO_ABORTED,
                 "the dependencies of %s changed meanwhile; try again",
                 prog->key);
        return -1;
    }
    int64_t *from = arena_alloc(call->arena, (n + 1) * sizeof(*from));
    int64_t *to = arena_alloc(call->arena, (n + 1) * sizeof(*to));
    from[0] = pred;
    to[0] = succ;
    for (size_t i = 0; i < n; i++) {
        from[i + 1] = dep_tree_link_pred(t, path[i]);
        to[i + 1] = dep_tree_link_succ(t, path[i]);
    }
    rpc_fail(
        call, PMO_FAILED_PRECONDITION, "would create a cycle: %s",
        dependencies_loop_text(call, t, from, to, n + 1, dep_ref_name, &names));
    return -1;
}

int dependencies_tree_check(rpc_call *call, dep_tree *tree, size_t first,
                            const char *what, dep_name_fn *name, void *ctx)
{
    size_t bad = dep_tree_lineage_link(tree, first);
    if (bad != SIZE_MAX) {
        rpc_fail(call, PMO_FAILED_PRECONDITION, "%s: %s", what,
                 dependencies_lineage_text(
                     call, tree, dep_tree_link_pred(tree, bad),
                     dep_tree_link_succ(tree, bad), name, ctx));
        return -1;
    }
    size_t *cycle = NULL;
    size_t k = dep_tree_cycle(tree, &cycle);
    if (k == 0)
        return 0;
    int64_t *from = arena_alloc(call->arena, k * sizeof(*from));
    int64_t *to = arena_alloc(call->arena, k * sizeof(*to));
    for (size_t i = 0; i < k; i++) {
        from[i] = dep_tree_link_pred(tree, cycle[i]);
        to[i] = dep_tree_link_succ(tree, cycle[i]);
    }
    rpc_fail(call, PMO_FAILED_PRECONDITION, "%s would create a cycle: %s", what,
             dependencies_loop_text(call, tree, from, to, k, name, ctx));
    return -1;
}

int dependencies_parent_check(rpc_call *call, const program_access *prog,
                              int64_t item, int64_t parent)
{
    dep_tree *t = dep_tree_alloc(call->arena, 0, 0);
    if (dependencies_lock(call, prog) != 0 ||
        dependencies_tree_read(call, prog, t) != 0)
        return -1;
    dep_tree_parent(t, item, parent);
    if (dep_tree_build(t) != 0)
        return dep_tree_unbuilt(call, prog);
    dep_names names = {call, prog->key};
    char *what = arena_printf(
        call->arena, "moving %s %s%s", work_ref_make(call, prog->key, item),
        parent ? "under " : "to the top",
        parent ? work_ref_make(call, prog->key, parent) : "");
    return dependencies_tree_check(call, t, 0, what, dep_ref_name, &names);
}

static Pmo__V1__Dependency *dep_from_row(rpc_call *call, const char *key,
                                         const PGresult *r, int row)
{
    Pmo__V1__Dependency *d = arena_alloc(call->arena, sizeof(*d));
    pmo__v1__dependency__init(d);
    d->id = db_int64(r, row, 0);
    d->predecessor = work_ref_make(call, key, db_int64(r, row, 1));
    d->successor = work_ref_make(call, key, db_int64(r, row, 2));
    d->type = (Pmo__V1__DependencyType)db_int64(r, row, 3);
    d->lag_days = strtod(db_text(r, row, 4), NULL);
    d->version = db_int64(r, row, 5);
    d->predecessor_title = arena_strdup(call->arena, db_text(r, row, 6));
    d->successor_title = arena_strdup(call->arena, db_text(r, row, 7));
    d->predecessor_project = arena_strdup(call->arena, db_text(r, row, 8));
    d->successor_project = arena_strdup(call->arena, db_text(r, row, 9));
    d->predecessor_state = (Pmo__V1__WorkState)db_int64(r, row, 10);
    return d;
}

/* Locks and finds both ends; fills their titles and projects into d. */
static int dep_ends_find(rpc_call *call, const program_access *prog,
                         int64_t pred, int64_t succ, Pmo__V1__Dependency *d,
                         char **pred_id, char **succ_id)
{
    const char *params[] = {dep_i64(call, prog->id), dep_i64(call, pred),
                            dep_i64(call, succ)};
    PGresult *r = db_exec(call->db, &dep_ends, 3, params);
    if (r == NULL) {
        rpc_fail_db(call, "looking up the dependency's items");
        return -1;
    }
    int64_t a = db_int64(r, 0, 0), b = db_int64(r, 0, 3);
    if (a && b) {
        *pred_id = dep_i64(call, a);
        *succ_id = dep_i64(call, b);
        d->predecessor_title = arena_strdup(call->arena, db_text(r, 0, 1));
        d->predecessor_project = arena_strdup(call->arena, db_text(r, 0, 2));
        d->successor_title = arena_strdup(call->arena, db_text(r, 0, 4));
        d->successor_project = arena_strdup(call->arena, db_text(r, 0, 5));
    }
    PQclear(r);
    if (a == 0 || b == 0) {
        rpc_fail(call, PMO_NOT_FOUND, "no work item %s",
                 a == 0 ? d->predecessor : d->successor);
        return -1;
    }
    return 0;
}

int dependencies_add(rpc_call *call, const program_access *prog, int64_t pred,
                     int64_t succ, int type, double lag,
                     Pmo__V1__Dependency **out)
{
    Pmo__V1__Dependency *d = arena_alloc(call->arena, sizeof(*d));
    pmo__v1__dependency__init(d);
    d->predecessor = work_ref_make(call, prog->key, pred);
    d->successor = work_ref_make(call, prog->key, succ);
    d->type = (Pmo__V1__DependencyType)type;
    d->lag_days = lag;
    char *pred_id = NULL, *succ_id = NULL;
    if (dep_ends_find(call, prog, pred, succ, d, &pred_id, &succ_id) != 0)
        return -1;
    const char *params[] = {
        dep_i64(call, prog->id),
        pred_id,
        succ_id,
        d->predecessor,
        d->successor,
        dep_i64(call, type),
        arena_printf(call->arena, "%.17g", lag),
    };
    PGresult *r = db_exec(call->db, &dep_insert, 7, params);
    if (r == NULL) {
        if (db_status_of_error(call->db) == PMO_ALREADY_EXISTS)
            rpc_fail(call, PMO_ALREADY_EXISTS, "%s -> %s already exists",
                     d->predecessor, d->successor);
        else
            rpc_fail_db(call, "adding the dependency");
        return -1;
    }
    if (PQntuples(r) != 1) {
        PQclear(r);
        return dep_refusal_fail(call, prog, pred, succ);
    }
    d->id = db_int64(r, 0, 0);
    d->version = db_int64(r, 0, 1);
    char *label =
        arena_printf(call->arena, "%s->%s", d->predecessor, d->successor);
    int rc = audit_record(call, "dependency", label, NULL, db_text(r, 0, 2));
    PQclear(r);
    if (rc == 0)
        *out = d;
    return rc;
}

int dependencies_remove(rpc_call *call, const program_access *prog,
                        int64_t pred, int64_t succ)
{
    char *p = work_ref_make(call, prog->key, pred);
    char *s = work_ref_make(call, prog->key, succ);
    const char *params[] = {dep_i64(call, prog->id), dep_i64(call, pred),
                            dep_i64(call, succ), p, s};
    PGresult *r = db_exec(call->db, &dep_delete, 5, params);
    if (r == NULL) {
        rpc_fail_db(call, "removing the dependency");
        return -1;
    }
    if (PQntuples(r) != 1) {
        PQclear(r);
        rpc_fail(call, PMO_NOT_FOUND, "no dependency %s -> %s", p, s);
        return -1;
    }
    char *label = arena_printf(call->arena, "%s->%s", p, s);
    int rc = audit_record(call, "dependency", label, db_text(r, 0, 1), NULL);
    PQclear(r);
    return rc;
}

int dependencies_list(rpc_call *call, const program_access *prog, int64_t item,
                      int64_t after, unsigned limit, Pmo__V1__Dependency ***out,
                      size_t *n)
{
    const char *params[] = {dep_i64(call, prog->id), dep_i64(call, after),
                            dep_i64(call, (int64_t)limit + 1),
                            dep_i64(call, item)};
    PGresult *r = item ? db_exec(call->db, &dep_page_item, 4, params)
                       : db_exec(call->db, &dep_page_program, 3, params);
    if (r == NULL) {
        rpc_fail_db(call, "listing dependencies");
        return -1;
    }
    int rows = PQntuples(r);
    if (item && rows == 0) {
        PQclear(r);
        rpc_fail(call, PMO_NOT_FOUND, "no work item %s-%lld", prog->key,
                 (long long)item);
        return -1;
    }
    *out = arena_alloc(call->arena, (size_t)(rows ? rows : 1) * sizeof(**out));
    *n = 0;
    for (int i = 0; i < rows; i++)
        if (!db_is_null(r, i, 0))
            (*out)[(*n)++] = dep_from_row(call, prog->key, r, i);
    PQclear(r);
    return 0;
}
