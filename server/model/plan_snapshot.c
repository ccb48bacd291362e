/*
 * server/model/plan_snapshot.c - one statement reads a program's plan.
 *
 * The statement is a UNION ALL of four row shapes told apart by the first
 * column: 'p' the program (target dates, working weekdays), 'h' a holiday,
 * 'i' a work item, 'd' a dependency. Every column travels as text (libpq's
 * text format makes that free), so the shapes line up. Dates arrive as day
 * numbers (date - 1970-01-01) and dependencies as item numbers, so no date
 * or ref is parsed. Rows come in no particular order: items are placed by
 * number, and dependencies are read in a second pass over the result.
 */
#include "model/plan_snapshot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* clang-format off */
#define SNAP_DAY(col) "(" col " - DATE '1970-01-01')::text"
DB_STMT(plan_snapshot_all,
        "SELECT 'p', " SNAP_DAY("p.target_start") ", "
        "   " SNAP_DAY("p.target_finish") ","
        "   array_to_string(p.working_weekdays, ','), NULL, NULL, NULL, NULL,"
        "   NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL"
        "  FROM programs p WHERE p.id = $1::bigint"
        " UNION ALL"
        " SELECT 'h', " SNAP_DAY("h.day") ", NULL, NULL, NULL, NULL, NULL,"
        "   NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL"
        "  FROM program_holidays h WHERE h.program_id = $1::bigint"
        " UNION ALL"
        " SELECT 'i', w.number::text, coalesce(par.number, 0)::text,"
        "   w.kind::text, w.title, pr.key, coalesce(u.username, ''),"
        "   w.optimistic_days::text, w.likely_days::text,"
        "   w.pessimistic_days::text, " SNAP_DAY("w.planned_start") ","
        "   " SNAP_DAY("w.planned_finish") ", " SNAP_DAY("w.actual_start") ","
        "   " SNAP_DAY("w.actual_finish") ", w.percent_complete::text,"
        "   w.state::text, coalesce(pr.team_id, 0)::text, w.id::text"
        "  FROM work_items w"
        "  JOIN projects pr ON pr.id = w.project_id"
        "  LEFT JOIN work_items par ON par.id = w.parent_id"
        "  LEFT JOIN users u ON u.id = w.assignee_id"
        " WHERE w.program_id = $1::bigint"
        " UNION ALL"
        " SELECT 'd', p.number::text, s.number::text, d.type::text,"
        "   d.lag_days::text, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
        "   NULL, NULL, NULL, NULL, NULL"
        "  FROM dependencies d"
        "  JOIN work_items p ON p.id = d.predecessor_id"
        "  JOIN work_items s ON s.id = d.successor_id"
        " WHERE d.program_id = $1::bigint");
/* clang-format on */

enum {
    COL_TAG = 0,
    /* 'p' */
    COL_P_TARGET_START = 1,
    COL_P_TARGET_FINISH = 2,
    COL_P_WEEKDAYS = 3,
    /* 'h' */
    COL_H_DAY = 1,
    /* 'i' */
    COL_I_NUMBER = 1,
    COL_I_PARENT = 2,
    COL_I_KIND = 3,
    COL_I_TITLE = 4,
    COL_I_PROJECT = 5,
    COL_I_ASSIGNEE = 6,
    COL_I_OPTIMISTIC = 7,
    COL_I_LIKELY = 8,
    COL_I_PESSIMISTIC = 9,
    COL_I_PLANNED_START = 10,
    COL_I_PLANNED_FINISH = 11,
    COL_I_ACTUAL_START = 12,
    COL_I_ACTUAL_FINISH = 13,
    COL_I_PERCENT = 14,
    COL_I_STATE = 15,
    COL_I_TEAM = 16,
    COL_I_ID = 17,
    /* 'd' */
    COL_D_PRED = 1,
    COL_D_SUCC = 2,
    COL_D_TYPE = 3,
    COL_D_LAG = 4,
};

static int snap_day(const PGresult *r, int row, int col)
{
    return db_is_null(r, row, col) ? PLAN_NO_DAY
                                   : (int)strtol(db_text(r, row, col), NULL, 10);
}

static double snap_double(const PGresult *r, int row, int col)
{
    return strtod(db_text(r, row, col), NULL);
}

static int snap_int(const PGresult *r, int row, int col)
{
    return (int)strtol(db_text(r, row, col), NULL, 10);
}

static void snap_program(plan_snapshot *s, const PGresult *r, int row)
{
    s->target_start = snap_day(r, row, COL_P_TARGET_START);
    s->target_finish = snap_day(r, row, COL_P_TARGET_FINISH);
    s->weekdays = 0;
    for (const char *p = db_text(r, row, COL_P_WEEKDAYS); *p;) {
        char *end;
        long d = strtol(p, &end, 10);
        if (d >= 1 && d <= 7)
            s->weekdays |= 1u << (d - 1);
        p = *end == ',' ? end + 1 : end;
    }
}

static void snap_item(arena *a, plan_entry *e, const PGresult *r, int row)
{
    memset(e, 0, sizeof *e);
    e->number = db_int64(r, row, COL_I_NUMBER);
    e->id = db_int64(r, row, COL_I_ID);
    e->parent = -1;
    e->kind = snap_int(r, row, COL_I_KIND);
    e->title = arena_strdup(a, db_text(r, row, COL_I_TITLE));
    e->project = arena_strdup(a, db_text(r, row, COL_I_PROJECT));
    e->assignee = arena_strdup(a, db_text(r, row, COL_I_ASSIGNEE));
    e->optimistic = snap_double(r, row, COL_I_OPTIMISTIC);
    e->likely = snap_double(r, row, COL_I_LIKELY);
    e->pessimistic = snap_double(r, row, COL_I_PESSIMISTIC);
    e->planned_start = snap_day(r, row, COL_I_PLANNED_START);
    e->planned_finish = snap_day(r, row, COL_I_PLANNED_FINISH);
    e->actual_start = snap_day(r, row, COL_I_ACTUAL_START);
    e->actual_finish = snap_day(r, row, COL_I_ACTUAL_FINISH);
    e->percent = snap_int(r, row, COL_I_PERCENT);
    e->state = snap_int(r, row, COL_I_STATE);
    e->team_id = db_int64(r, row, COL_I_TEAM);
}

/*
 * The index of each number, in an array as long as the largest number:
 * numbers are dense within a program (never reused, rarely deleted).
 */
typedef struct snap_index {
    int *of_number;
    int64_t max;
} snap_index;

static int snap_lookup(const snap_index *ix, int64_t number)
{
    return number >= 1 && number <= ix->max ? ix->of_number[number] : -1;
}

/*
 * Items sorted by number (a counting placement through the index), then
 * parents resolved.
 */
static void snap_place_items(arena *a, plan_snapshot *s, plan_entry *raw,
                             int64_t *parent_number, snap_index *ix)
{
    ix->of_number = arena_alloc(a, (size_t)(ix->max + 1) * sizeof(int));
    for (int64_t k = 0; k <= ix->max; k++)
        ix->of_number[k] = -1;
    for (int i = 0; i < s->n_items; i++)
        ix->of_number[raw[i].number] = i;
    s->items = arena_alloc(a, (size_t)(s->n_items ? s->n_items : 1) *
                                  sizeof(plan_entry));
    int64_t *parents = arena_alloc(a, (size_t)(s->n_items ? s->n_items : 1) *
                                          sizeof(int64_t));
    int next = 0;
    for (int64_t k = 1; k <= ix->max; k++) {
        int from = ix->of_number[k];
        if (from < 0)
            continue;
        s->items[next] = raw[from];
        parents[next] = parent_number[from];
        ix->of_number[k] = next++;
    }
    for (int i = 0; i < s->n_items; i++) {
        int p = snap_lookup(ix, parents[i]);
        s->items[i].parent = p;
        if (p >= 0)
            s->items[p].children++;
    }
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

static void snap_deps(arena *a, plan_snapshot *s, const PGresult *r,
                      const snap_index *ix)
{
    int rows = PQntuples(r);
    s->deps = arena_alloc(a, (size_t)(s->n_deps ? s->n_deps : 1) *
                                 sizeof(plan_dep));
    int n = 0;
    for (int row = 0; row < rows; row++) {
        if (db_text(r, row, COL_TAG)[0] != 'd')
            continue;
        plan_dep *d = &s->deps[n];
        d->pred = snap_lookup(ix, db_int64(r, row, COL_D_PRED));
        d->succ = snap_lookup(ix, db_int64(r, row, COL_D_SUCC));
        d->type = snap_int(r, row, COL_D_TYPE);
        d->lag_days = snap_double(r, row, COL_D_LAG);
        n += d->pred >= 0 && d->succ >= 0;
    }
    s->n_deps = n;
}

static void snap_count(const PGresult *r, int *items, int *deps, int *days,
                       int64_t *max_number)
{
    int rows = PQntuples(r);
    for (int row = 0; row < rows; row++) {
        char tag = db_text(r, row, COL_TAG)[0];
        if (tag == 'i') {
            int64_t num = db_int64(r, row, COL_I_NUMBER);
            if (num > *max_number)
                *max_number = num;
        }
        *items += tag == 'i';
        *deps += tag == 'd';
        *days += tag == 'h';
    }
}

static void snap_fill(arena *a, plan_snapshot *s, const PGresult *r)
{
    int rows = PQntuples(r);
    snap_index ix = {0};
    int n_items = 0, n_days = 0;
    snap_count(r, &n_items, &s->n_deps, &n_days, &ix.max);
    plan_entry *raw =
        arena_alloc(a, (size_t)(n_items ? n_items : 1) * sizeof(plan_entry));
    int64_t *parent_number =
        arena_alloc(a, (size_t)(n_items ? n_items : 1) * sizeof(int64_t));
    s->holidays = arena_alloc(a, (size_t)(n_days ? n_days : 1) * sizeof(int));
    for (int row = 0; row < rows; row++) {
        char tag = db_text(r, row, COL_TAG)[0];
        if (tag == 'p') {
            snap_program(s, r, row);
        } else if (tag == 'h') {
            s->holidays[s->n_holidays++] = snap_day(r, row, COL_H_DAY);
        } else if (tag == 'i') {
            snap_item(a, &raw[s->n_items], r, row);
            parent_number[s->n_items++] = db_int64(r, row, COL_I_PARENT);
        }
    }
    snap_place_items(a, s, raw, parent_number, &ix);
    snap_breakdown(a, s);
    snap_deps(a, s, r, &ix);
}

int plan_snapshot_read(rpc_call *call, const program_access *prog,
                       plan_snapshot *out)
{
    memset(out, 0, sizeof *out);
    snprintf(out->key, sizeof out->key, "%s", prog->key);
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)prog->id);
    const char *params[] = {id};
    PGresult *r = db_exec(call->db, &plan_snapshot_all, 1, params);
    if (r == NULL) {
        rpc_fail_db(call, "reading the plan");
        return -1;
    }
    snap_fill(call->arena, out, r);
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
    return arena_printf(call->arena, "%s-%lld", s->key,
                        (long long)s->items[entry].number);
}
