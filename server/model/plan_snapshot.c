/*
 * server/model/plan_snapshot.c - one statement reads a program's plan.
 *
 * The statement is a UNION ALL of row shapes told apart by the first
 * column: 'p' the program (target dates, working weekdays), 'h' a holiday,
 * 'j' a project (id, key, team), 'u' a user some item is assigned to,
 * 'i' a work item, 'd' a dependency. Each column has one type in every
 * shape, so the shapes line up.
 *
 * Items and dependencies come straight off their program index with no
 * join: parents, projects, assignees and dependency ends travel as ids and
 * are resolved here, against the few project and user rows and against
 * the items sorted by id. Joins on ten thousand items cost PostgreSQL more
 * than the whole scan; a sort and binary searches in C cost about a
 * millisecond. Dates arrive as day numbers (date - 1970-01-01) and the
 * result is binary, so no date or number is printed or parsed. Rows come
 * in no particular order: the small rows and the items are read in a
 * first pass, the dependencies in a second.
 */
#include "model/plan_snapshot.h"
#include "db/db_binary.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Every shape has the same 18 typed columns (NULLs cast, so the types are
 * certain) and the result comes in binary: no number is printed by
 * PostgreSQL or parsed here. Columns:
 *  0 text   tag
 *  1 int8   p: plan version; j, u, i: id; d: predecessor id
 *  2 int8   i: number; j: team id; d: successor id
 *  3 int8   i: parent id      4 int8  i: project id   5 int8  i: assignee id
 *  6 int4   i: kind; d: type
 *  7 text   p: weekdays "1,2,3"; j: key; u: username; i: title
 *  8 float8 p: critical float threshold; i: optimistic; d: lag
 *  9 float8 i: likely      10 float8 pessimistic
 * 11 int4   p: target start; h: day; i: planned start (day numbers)
 * 12 int4   p: target finish; i: planned finish
 * 13 int4   i: actual start   14 int4 actual finish
 * 15 int4   i: percent        16 int4 state     17 int4 i: deadline
 */
/* clang-format off */
#define SNAP_DAY(col) "(" col " - DATE '1970-01-01')::int4"
#define SNAP_I8 "NULL::int8"
#define SNAP_I4 "NULL::int4"
#define SNAP_F8 "NULL::float8"
#define SNAP_TX "NULL::text"
DB_STMT(plan_snapshot_all,
        "SELECT 'p'::text, p.plan_version, " SNAP_I8 ", " SNAP_I8 ", "
        SNAP_I8 ", " SNAP_I8 ", " SNAP_I4 ","
        " array_to_string(p.working_weekdays, ','), p.critical_float_days, "
        SNAP_F8
        ", " SNAP_F8 ", " SNAP_DAY("p.target_start") ", "
        SNAP_DAY("p.target_finish") ", " SNAP_I4 ", " SNAP_I4 ", " SNAP_I4
        ", " SNAP_I4 ", " SNAP_I4
        "  FROM programs p WHERE p.id = $1::bigint"
        " UNION ALL"
        " SELECT 'h', " SNAP_I8 ", " SNAP_I8 ", " SNAP_I8 ", " SNAP_I8 ", "
        SNAP_I8 ", " SNAP_I4 ", " SNAP_TX ", " SNAP_F8 ", " SNAP_F8 ", "
        SNAP_F8 ", " SNAP_DAY("h.day") ", " SNAP_I4 ", " SNAP_I4 ", " SNAP_I4
        ", " SNAP_I4 ", " SNAP_I4 ", " SNAP_I4
        "  FROM program_holidays h WHERE h.program_id = $1::bigint"
        " UNION ALL"
        " SELECT 'j', j.id, coalesce(j.team_id, 0), " SNAP_I8 ", " SNAP_I8
        ", " SNAP_I8 ", " SNAP_I4 ", j.key, " SNAP_F8 ", " SNAP_F8 ", "
        SNAP_F8 ", " SNAP_I4 ", " SNAP_I4 ", " SNAP_I4 ", " SNAP_I4 ", "
        SNAP_I4 ", " SNAP_I4 ", " SNAP_I4
        "  FROM projects j WHERE j.program_id = $1::bigint"
        " UNION ALL"
        " SELECT 'u', u.id, " SNAP_I8 ", " SNAP_I8 ", " SNAP_I8 ", " SNAP_I8
        ", " SNAP_I4 ", u.username, " SNAP_F8 ", " SNAP_F8 ", " SNAP_F8 ", "
        SNAP_I4 ", " SNAP_I4 ", " SNAP_I4 ", " SNAP_I4 ", " SNAP_I4 ", "
        SNAP_I4 ", " SNAP_I4
        "  FROM users u WHERE u.id IN (SELECT a.assignee_id FROM work_items a"
        "   WHERE a.program_id = $1::bigint)"
        " UNION ALL"
        " SELECT 'i', w.id, w.number, coalesce(w.parent_id, 0), w.project_id,"
        "   coalesce(w.assignee_id, 0), w.kind::int4, w.title,"
        "   w.optimistic_days, w.likely_days, w.pessimistic_days, "
        SNAP_DAY("w.planned_start") ", " SNAP_DAY("w.planned_finish") ", "
        SNAP_DAY("w.actual_start") ", " SNAP_DAY("w.actual_finish") ","
        "   w.percent_complete::int4, w.state::int4, "
        SNAP_DAY("w.deadline")
        "  FROM work_items w WHERE w.program_id = $1::bigint"
        " UNION ALL"
        " SELECT 'd', d.predecessor_id, d.successor_id, " SNAP_I8 ", " SNAP_I8
        ", " SNAP_I8 ", d.type::int4, " SNAP_TX ", d.lag_days, " SNAP_F8 ", "
        SNAP_F8 ", " SNAP_I4 ", " SNAP_I4 ", " SNAP_I4 ", " SNAP_I4 ", "
        SNAP_I4 ", " SNAP_I4 ", " SNAP_I4
        "  FROM dependencies d WHERE d.program_id = $1::bigint");
/* clang-format on */

enum {
    COL_TAG = 0,
    COL_ID = 1,
    COL_SECOND = 2, /* i: number; j: team; d: successor */
    COL_PARENT = 3,
    COL_PROJECT = 4,
    COL_ASSIGNEE = 5,
    COL_KIND = 6, /* i: kind; d: type */
    COL_TEXT = 7,
    COL_OPTIMISTIC = 8, /* p: critical threshold; i: optimistic; d: lag */
    COL_LIKELY = 9,
    COL_PESSIMISTIC = 10,
    COL_DAY1 = 11, /* p: target start; h: day; i: planned start */
    COL_DAY2 = 12, /* p: target finish; i: planned finish */
    COL_ACTUAL_START = 13,
    COL_ACTUAL_FINISH = 14,
    COL_PERCENT = 15,
    COL_STATE = 16,
    COL_DEADLINE = 17,
};

static int snap_day(const PGresult *r, int row, int col)
{
    return db_bin_int4(r, row, col, PLAN_NO_DAY);
}

static int64_t snap_i8(const PGresult *r, int row, int col)
{
    return db_bin_int8(r, row, col, 0);
}

static int snap_i4(const PGresult *r, int row, int col)
{
    return db_bin_int4(r, row, col, 0);
}

static double snap_f8(const PGresult *r, int row, int col)
{
    return db_bin_float8(r, row, col, 0);
}

static char snap_tag(const PGresult *r, int row)
{
    return db_bin_text(r, row, COL_TAG)[0];
}

/* ------------------------------------------------- ids to what they name */

/* An id and what it stands for: an index, or a name with a team. */
typedef struct snap_id {
    int64_t id;
    int index;
    const char *name;
    int64_t team;
} snap_id;

static int snap_id_cmp(const void *a, const void *b)
{
    int64_t x = ((const snap_id *)a)->id, y = ((const snap_id *)b)->id;
    return x < y ? -1 : x > y;
}

static const snap_id *snap_id_find(const snap_id *ids, int n, int64_t id)
{
    snap_id key = {.id = id};
    return bsearch(&key, ids, (size_t)n, sizeof *ids, snap_id_cmp);
}

/* Rows of one tag, as ids sorted for snap_id_find. */
typedef struct snap_ids {
    snap_id *v;
    int n;
} snap_ids;

static void snap_ids_sort(snap_ids *ids)
{
    qsort(ids->v, (size_t)ids->n, sizeof *ids->v, snap_id_cmp);
}

/* ------------------------------------------------------------- the rows */

static void snap_program(plan_snapshot *s, const PGresult *r, int row)
{
    s->target_start = snap_day(r, row, COL_DAY1);
    s->target_finish = snap_day(r, row, COL_DAY2);
    s->critical_float_days = snap_f8(r, row, COL_OPTIMISTIC);
    s->version = snap_i8(r, row, COL_ID);
    s->weekdays = 0;
    for (const char *p = db_bin_text(r, row, COL_TEXT); *p;) {
        char *end;
        long d = strtol(p, &end, 10);
        if (d >= 1 && d <= 7)
            s->weekdays |= 1u << (d - 1);
        p = *end == ',' ? end + 1 : end;
    }
}

static void snap_named(arena *a, snap_ids *ids, const PGresult *r, int row)
{
    snap_id *v = &ids->v[ids->n++];
    v->id = snap_i8(r, row, COL_ID);
    v->name = arena_strdup(a, db_bin_text(r, row, COL_TEXT));
    v->team = snap_i8(r, row, COL_SECOND);
    v->index = -1;
}

/* An item row; parent, project and assignee stay ids in *links. */
typedef struct snap_links {
    int64_t parent, project, assignee;
} snap_links;

static void snap_item(arena *a, plan_entry *e, snap_links *l,
                      const PGresult *r, int row)
{
    memset(e, 0, sizeof *e);
    e->id = snap_i8(r, row, COL_ID);
    e->number = snap_i8(r, row, COL_SECOND);
    e->parent = -1;
    l->parent = snap_i8(r, row, COL_PARENT);
    l->project = snap_i8(r, row, COL_PROJECT);
    l->assignee = snap_i8(r, row, COL_ASSIGNEE);
    e->kind = snap_i4(r, row, COL_KIND);
    e->title = arena_strdup(a, db_bin_text(r, row, COL_TEXT));
    e->optimistic = snap_f8(r, row, COL_OPTIMISTIC);
    e->likely = snap_f8(r, row, COL_LIKELY);
    e->pessimistic = snap_f8(r, row, COL_PESSIMISTIC);
    e->planned_start = snap_day(r, row, COL_DAY1);
    e->planned_finish = snap_day(r, row, COL_DAY2);
    e->actual_start = snap_day(r, row, COL_ACTUAL_START);
    e->actual_finish = snap_day(r, row, COL_ACTUAL_FINISH);
    e->percent = snap_i4(r, row, COL_PERCENT);
    e->state = snap_i4(r, row, COL_STATE);
    e->deadline = snap_day(r, row, COL_DEADLINE);
}

static int snap_by_number(const void *a, const void *b)
{
    int64_t x = ((const plan_entry *)a)->number;
    int64_t y = ((const plan_entry *)b)->number;
    return x < y ? -1 : x > y;
}

/*
 * Items sorted by number, each carrying its row's links through the sort
 * in a parallel array indexed by its original row; then names and parents
 * resolved, and the id index built for the dependencies.
 */
static void snap_resolve_items(arena *a, plan_snapshot *s, snap_links *links,
                               const snap_ids *projects, const snap_ids *users,
                               snap_ids *items)
{
    /* Sort entries with their original position packed in depth. */
    bool sorted = true;
    for (int i = 0; i < s->n_items; i++) {
        s->items[i].depth = i;
        sorted &= i == 0 || s->items[i - 1].number < s->items[i].number;
    }
    /* Rows usually arrive in insertion order, which is number order. */
    if (!sorted)
        qsort(s->items, (size_t)s->n_items, sizeof *s->items, snap_by_number);
    items->v = arena_alloc(a, (size_t)(s->n_items ? s->n_items : 1) *
                                  sizeof(snap_id));
    items->n = s->n_items;
    for (int i = 0; i < s->n_items; i++)
        items->v[i] = (snap_id){.id = s->items[i].id, .index = i};
    snap_ids_sort(items);
    for (int i = 0; i < s->n_items; i++) {
        plan_entry *e = &s->items[i];
        const snap_links *l = &links[e->depth];
        const snap_id *p = snap_id_find(projects->v, projects->n, l->project);
        const snap_id *u = snap_id_find(users->v, users->n, l->assignee);
        const snap_id *up = snap_id_find(items->v, items->n, l->parent);
        e->project = p ? p->name : "";
        e->team_id = p ? p->team : 0;
        e->assignee = u ? u->name : "";
        e->parent = up ? up->index : -1;
        e->depth = 0;
    }
    for (int i = 0; i < s->n_items; i++)
        if (s->items[i].parent >= 0)
            s->items[s->items[i].parent].children++;
}

/*
 * The breakdown order, depth first with siblings by number, without
 * recursion: children are grouped under their parent by a counting sort
 * (items are already by number, so each group stays in number order),
 * then walked with an explicit stack.
 */
static void snap_breakdown(arena *a, plan_snapshot *s)
{
    int n = s->n_items;
    size_t sz = (size_t)(n ? n : 1) * sizeof(int);
    int *first = arena_alloc(a, sz + sizeof(int)); /* child rows by parent */
    int *kids = arena_alloc(a, sz);
    int *fill = arena_alloc(a, sz + sizeof(int));
    int *stack = arena_alloc(a, sz);
    int *cursor = arena_alloc(a, sz);
    s->order = arena_alloc(a, sz);
    first[0] = 0;
    for (int i = 0; i < n; i++)
        first[i + 1] = first[i] + s->items[i].children;
    memcpy(fill, first, (size_t)(n + 1) * sizeof(int));
    for (int i = 0; i < n; i++)
        if (s->items[i].parent >= 0)
            kids[fill[s->items[i].parent]++] = i;
    for (int i = 0; i < n; i++)
        s->items[i].position = -1;
    int pos = 0;
    for (int root = 0; root < n; root++) {
        if (s->items[root].parent >= 0)
            continue;
        int top = 0;
        stack[top] = root;
        cursor[top] = first[root];
        s->items[root].depth = 0;
        s->items[root].position = pos;
        s->order[pos++] = root;
        while (top >= 0) {
            int at = stack[top];
            if (cursor[top] == first[at + 1]) {
                s->items[at].subtree_end = pos;
                top--;
                continue;
            }
            int child = kids[cursor[top]++];
            s->items[child].depth = top + 1;
            s->items[child].position = pos;
            s->order[pos++] = child;
            top++;
            stack[top] = child;
            cursor[top] = first[child];
        }
    }
    /* Items caught in a parent loop (the model refuses them) are left out
     * of the walk; append them so every item has a place. */
    for (int i = 0; i < n && pos < n; i++)
        if (s->items[i].position < 0) {
            s->items[i].position = pos;
            s->order[pos++] = i;
            s->items[i].subtree_end = pos;
        }
}

static void snap_deps(plan_snapshot *s, const PGresult *r,
                      const snap_ids *items)
{
    int rows = PQntuples(r), n = 0;
    for (int row = 0; row < rows; row++) {
        if (snap_tag(r, row) != 'd')
            continue;
        const snap_id *p =
            snap_id_find(items->v, items->n, snap_i8(r, row, COL_ID));
        const snap_id *q =
            snap_id_find(items->v, items->n, snap_i8(r, row, COL_SECOND));
        if (p == NULL || q == NULL)
            continue;
        s->deps[n++] = (plan_dep){p->index, q->index, snap_i4(r, row, COL_KIND),
                                  snap_f8(r, row, COL_OPTIMISTIC)};
    }
    s->n_deps = n;
}

/* How many rows of each tag, to size the arrays once. */
static void snap_count(const PGresult *r, int count[128])
{
    memset(count, 0, 128 * sizeof(int));
    int rows = PQntuples(r);
    for (int row = 0; row < rows; row++)
        count[snap_tag(r, row) & 127]++;
}

static void *snap_array(arena *a, int n, size_t size)
{
    return arena_alloc(a, (size_t)(n ? n : 1) * size);
}

static void snap_fill(arena *a, plan_snapshot *s, const PGresult *r)
{
    int count[128];
    snap_count(r, count);
    snap_ids projects = {snap_array(a, count['j'], sizeof(snap_id)), 0};
    snap_ids users = {snap_array(a, count['u'], sizeof(snap_id)), 0};
    snap_links *links = snap_array(a, count['i'], sizeof(snap_links));
    s->items = snap_array(a, count['i'], sizeof(plan_entry));
    s->holidays = snap_array(a, count['h'], sizeof(int));
    s->deps = snap_array(a, count['d'], sizeof(plan_dep));
    int rows = PQntuples(r);
    for (int row = 0; row < rows; row++) {
        switch (snap_tag(r, row)) {
        case 'p':
            snap_program(s, r, row);
            break;
        case 'h':
            s->holidays[s->n_holidays++] = snap_day(r, row, COL_DAY1);
            break;
        case 'j':
            snap_named(a, &projects, r, row);
            break;
        case 'u':
            snap_named(a, &users, r, row);
            break;
        case 'i':
            snap_item(a, &s->items[s->n_items], &links[s->n_items], r, row);
            s->n_items++;
            break;
        }
    }
    snap_ids_sort(&projects);
    snap_ids_sort(&users);
    snap_ids items;
    snap_resolve_items(a, s, links, &projects, &users, &items);
    snap_breakdown(a, s);
    snap_deps(s, r, &items);
}

int plan_snapshot_read(rpc_call *call, arena *a, const program_access *prog,
                       plan_snapshot *out)
{
    memset(out, 0, sizeof *out);
    snprintf(out->key, sizeof out->key, "%s", prog->key);
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)prog->id);
    const char *params[] = {id};
    PGresult *r = db_exec_binary(call->db, &plan_snapshot_all, 1, params);
    if (r == NULL) {
        rpc_fail_db(call, "reading the plan");
        return -1;
    }
    snap_fill(a, out, r);
    PQclear(r);
    return 0;
}

int plan_snapshot_of_number(const plan_snapshot *s, int64_t number)
{
    int lo = 0, hi = s->n_items - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        if (s->items[mid].number == number)
            return mid;
        if (s->items[mid].number < number)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

int plan_snapshot_find(const plan_snapshot *s, const char *ref)
{
    size_t klen = strlen(s->key);
    if (strncmp(ref, s->key, klen) != 0 || ref[klen] != '-')
        return -1;
    char *end;
    long long number = strtoll(ref + klen + 1, &end, 10);
    if (*end != '\0' || end == ref + klen + 1 || number < 1)
        return -1;
    return plan_snapshot_of_number(s, number);
}

char *plan_snapshot_ref(rpc_call *call, const plan_snapshot *s, int entry)
{
    /* By hand rather than printf: a schedule names every item. */
    char digits[24];
    int n = 0;
    for (uint64_t v = (uint64_t)s->items[entry].number; n == 0 || v; v /= 10)
        digits[n++] = (char)('0' + v % 10);
    size_t klen = strlen(s->key);
    char *ref = arena_alloc(call->arena, klen + 1 + (size_t)n + 1);
    memcpy(ref, s->key, klen);
    ref[klen] = '-';
    for (int k = 0; k < n; k++)
        ref[klen + 1 + k] = digits[n - 1 - k];
    ref[klen + 1 + n] = '\0';
    return ref;
}
