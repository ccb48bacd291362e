/*
 * server/model/evm_data.c - the reads behind earned value (evm_data.h).
 *
 * The statements share their pieces as macros: the baseline chosen, how
 * an expense finds its project, and a budget's total. Day numbers travel
 * as integers (date - 1970-01-01) and sums that may pass a bigint (the
 * planned costs of a program are not bounded as its expenses and budgets
 * are, model/money.h) as numeric text, read into long double.
 */
#include "model/evm_data.h"
#include "sched/plan.h"

#include <stdlib.h>
#include <string.h>

/* clang-format off */
#define EVM_DAY(col) "(" col " - DATE '1970-01-01')"

/* The baseline named $2, or the newest when $2 is "". */
#define EVM_BASELINE_CTE                                                       \
    "b AS (SELECT id, name FROM baselines WHERE program_id = $1::bigint"      \
    "   AND ($2::text = '' OR name = $2::text)"                               \
    "   ORDER BY created_at DESC, id DESC LIMIT 1)"

/* The project an expense e counts in, 0 for the program as a whole. */
#define EVM_EXPENSE_FROM                                                       \
    " FROM expenses e LEFT JOIN work_items w ON w.program_id = e.program_id"  \
    "   AND w.number = e.item_number"
#define EVM_EXPENSE_PROJECT "coalesce(w.project_id, e.project_id, 0)"

/* Budgets by scope (0: the program's own) with their totals. */
#define EVM_BUDGET_CTE                                                         \
    "budget AS (SELECT coalesce(u.project_id, 0) AS project_id,"              \
    "   coalesce(sum((l.line ->> 'amount_minor')::numeric), 0)::bigint"       \
    "     AS total"                                                            \
    "  FROM budgets u LEFT JOIN LATERAL jsonb_array_elements(u.lines)"        \
    "    AS l(line) ON true"                                                   \
    "  WHERE u.program_id = $1::bigint GROUP BY 1)"

/*
 * $1 program, $2 baseline, $3 project key ("" for all), $4 status day,
 * $5 by day. One row per project in scope, by key, then the program's:
 * is it the program, id, key, name, has a budget, its total, expenses to
 * the status date (0 with $5: evm_items sums them by day instead), and
 * on the program's row only the baseline's name ("" for none), its
 * working weekdays ("1,2,3,4,5") and its holidays as day numbers
 * ("20454,20820").
 */
DB_STMT(evm_context,
        "WITH " EVM_BASELINE_CTE ", " EVM_BUDGET_CTE ","
        " spend AS (SELECT " EVM_EXPENSE_PROJECT " AS project_id,"
        "   sum(e.amount_minor)::bigint AS ac" EVM_EXPENSE_FROM
        "  WHERE NOT $5::bool AND e.program_id = $1::bigint"
        "    AND e.spent_on <= DATE '1970-01-01' + $4::int GROUP BY 1)"
        " SELECT false, s.id, s.key, s.name, u.project_id IS NOT NULL,"
        "   coalesce(u.total, 0), coalesce(sp.ac, 0), '', '', ''"
        " FROM projects s LEFT JOIN budget u ON u.project_id = s.id"
        "   LEFT JOIN spend sp ON sp.project_id = s.id"
        " WHERE s.program_id = $1::bigint AND ($3::text = '' OR s.key = $3::text)"
        " UNION ALL"
        " SELECT true, 0, '', p.name,"
        "   EXISTS (SELECT 1 FROM budget WHERE project_id = 0),"
        "   coalesce((SELECT total FROM budget WHERE project_id = 0), 0),"
        "   coalesce((SELECT ac FROM spend WHERE project_id = 0), 0),"
        "   coalesce((SELECT name FROM b), ''),"
        "   array_to_string(p.working_weekdays, ','),"
        "   coalesce((SELECT string_agg(" EVM_DAY("h.day") "::text, ',')"
        "     FROM program_holidays h WHERE h.program_id = $1::bigint), '')"
        " FROM programs p WHERE p.id = $1::bigint"
        " ORDER BY 1, 3");

/*
 * $1 program, $2 baseline, $3 project key ("" for all), $4 status day,
 * $5 by day. Rows 'g', items grouped by project and the four dates:
 * project id, baseline start and finish, actual start and finish (NULL
 * when none), items, planned cost, planned cost x percent earned. With
 * $5, rows 's' too, spending by project (0: the program) and day: project
 * id in column 1, the day and the amount in columns 9 and 10, for every
 * project whatever $3 (the caller keeps those it shows): a filter on a
 * parameter here makes PostgreSQL's generic plan expect a few rows and
 * sort 50,000 where hashing them is three times faster.
 */
DB_STMT(evm_items,
        "WITH " EVM_BASELINE_CTE ","
        " scope AS (SELECT id FROM projects WHERE program_id = $1::bigint"
        "   AND key = $3::text)"
        " SELECT 'g', w.project_id, " EVM_DAY("bi.start_date") ", "
        EVM_DAY("bi.finish_date") ", " EVM_DAY("w.actual_start") ", "
        EVM_DAY("w.actual_finish") ", count(*),"
        "   sum(w.planned_cost_minor)::text,"
        "   sum(w.planned_cost_minor::numeric"
        "       * CASE WHEN w.state = 4 THEN 100 ELSE w.percent_complete END)"
        "     ::text, NULL::int, NULL::bigint"
        " FROM work_items w LEFT JOIN baseline_items bi"
        "   ON bi.baseline_id = (SELECT id FROM b) AND bi.number = w.number"
        " WHERE w.program_id = $1::bigint"
        "   AND ($3::text = '' OR w.project_id = (SELECT id FROM scope))"
        " GROUP BY 2, 3, 4, 5, 6"
        " UNION ALL"
        " SELECT 's', " EVM_EXPENSE_PROJECT ", NULL, NULL, NULL, NULL, 0,"
        "   NULL, NULL, " EVM_DAY("e.spent_on") ", sum(e.amount_minor)::bigint"
        EVM_EXPENSE_FROM
        " WHERE $5::bool AND e.program_id = $1::bigint"
        "   AND e.spent_on <= DATE '1970-01-01' + $4::int"
        " GROUP BY 2, 10");
/* clang-format on */

static int evm_day_or_none(const PGresult *r, int row, int col)
{
    return db_is_null(r, row, col) ? SCHED_NO_DAY : (int)db_int64(r, row, col);
}

/* The baseline asked for by name must exist. */
static int evm_baseline_check(rpc_call *call, const program_access *pa,
                              const char *asked, const char *found)
{
    if (asked[0] == '\0' || strcmp(asked, found) == 0)
        return 0;
    rpc_fail(call, PMO_NOT_FOUND, "program %s has no baseline \"%s\"", pa->key,
             asked);
    return -1;
}

/* One row of evm_context. */
static void evm_scope_from_row(rpc_call *call, const PGresult *r, int row,
                               evm_scope *s)
{
    s->project_id = db_int64(r, row, 1);
    s->key = arena_strdup(call->arena, db_text(r, row, 2));
    s->name = arena_strdup(call->arena, db_text(r, row, 3));
    s->has_budget = db_bool(r, row, 4);
    s->budget_minor = db_int64(r, row, 5);
    s->ac_minor = db_int64(r, row, 6);
}

/* Numbers joined by commas, one at a time: the next, or false at the end. */
static bool evm_next_number(const char **p, long *out)
{
    if (**p == '\0')
        return false;
    char *end;
    *out = strtol(*p, &end, 10);
    *p = *end == ',' ? end + 1 : end;
    return true;
}

/* The program's weekdays and holidays from their text (evm_context). */
static void evm_calendar_from_text(rpc_call *call, const char *weekdays,
                                   const char *holidays, evm_data *out)
{
    long v;
    out->weekdays = 0;
    for (const char *p = weekdays; evm_next_number(&p, &v);)
        if (v >= 1 && v <= 7)
            out->weekdays |= 1u << (v - 1);
    size_t n = 1;
    for (const char *p = holidays; *p; p++)
        n += *p == ',';
    out->holidays = arena_alloc(call->arena, n * sizeof(*out->holidays));
    out->n_holidays = 0;
    for (const char *p = holidays; evm_next_number(&p, &v);)
        out->holidays[out->n_holidays++] = (int)v;
}

/* Project ids in order, to map item rows to their project. */
typedef struct evm_id_index {
    int64_t id;
    int index;
} evm_id_index;

static int evm_id_cmp(const void *a, const void *b)
{
    int64_t x = ((const evm_id_index *)a)->id;
    int64_t y = ((const evm_id_index *)b)->id;
    return (x > y) - (x < y);
}

static int evm_context_read(rpc_call *call, const char *const params[5],
                            evm_data *out)
{
    PGresult *r = db_exec(call->db, &evm_context, 5, params);
    if (r == NULL) {
        rpc_fail_db(call, "reading budgets and expenses");
        return -1;
    }
    int n = PQntuples(r);
    /* The program's row comes last, always there: access found it. */
    out->n_projects = n > 0 ? (size_t)n - 1 : 0;
    out->projects = arena_zalloc(call->arena, (out->n_projects + 1) *
                                                  sizeof(*out->projects));
    for (size_t i = 0; i < out->n_projects; i++)
        evm_scope_from_row(call, r, (int)i, &out->projects[i]);
    if (n > 0) {
        evm_scope_from_row(call, r, n - 1, &out->program);
        out->baseline = arena_strdup(call->arena, db_text(r, n - 1, 7));
        evm_calendar_from_text(call, db_text(r, n - 1, 8),
                               db_text(r, n - 1, 9), out);
    } else {
        out->baseline = "";
    }
    PQclear(r);
    return 0;
}

/* The scope index of project id: -1 for the program (id 0), -2 for a
 * project not shown. */
static int evm_scope_of(const evm_id_index *index, size_t n, int64_t id)
{
    if (id == 0)
        return -1;
    evm_id_index key = {.id = id};
    const evm_id_index *hit = bsearch(&key, index, n, sizeof(*index),
                                      evm_id_cmp);
    return hit ? hit->index : -2;
}

static void evm_group_from_row(const PGresult *r, int row, int scope,
                               sched_evm_group *g)
{
    *g = (sched_evm_group){
        .scope = scope,
        .base_start = evm_day_or_none(r, row, 2),
        .base_finish = evm_day_or_none(r, row, 3),
        .actual_start = evm_day_or_none(r, row, 4),
        .actual_finish = evm_day_or_none(r, row, 5),
        .cost = strtold(db_text(r, row, 7), NULL),
        .earned = strtold(db_text(r, row, 8), NULL) / 100.0L,
    };
}

/*
 * The rows of evm_items into out, scopes from index. Spending on the
 * program as a whole is kept only when the whole program is read.
 */
static int evm_groups_read(rpc_call *call, const char *const params[5],
                           const evm_id_index *index, bool whole_program,
                           evm_data *out)
{
    PGresult *r = db_exec(call->db, &evm_items, 5, params);
    if (r == NULL) {
        rpc_fail_db(call, "reading work items against the baseline");
        return -1;
    }
    size_t n = (size_t)PQntuples(r), slots = n ? n : 1;
    out->groups = arena_alloc(call->arena, slots * sizeof(*out->groups));
    out->group_items = arena_alloc(call->arena,
                                   slots * sizeof(*out->group_items));
    out->spend = arena_alloc(call->arena, slots * sizeof(*out->spend));
    for (size_t i = 0; i < n; i++) {
        int row = (int)i;
        bool spend = db_text(r, row, 0)[0] == 's';
        int scope = evm_scope_of(index, out->n_projects, db_int64(r, row, 1));
        if (scope == -2 || (scope == -1 && !(spend && whole_program)))
            continue;
        if (spend) {
            out->spend[out->n_spend++] = (evm_spend_day){
                .scope = scope,
                .day = (int)db_int64(r, row, 9),
                .amount_minor = db_int64(r, row, 10),
            };
            continue;
        }
        evm_group_from_row(r, row, scope, &out->groups[out->n_groups]);
        out->group_items[out->n_groups++] = (uint32_t)db_int64(r, row, 6);
    }
    PQclear(r);
    return 0;
}

int evm_data_read(rpc_call *call, const program_access *pa,
                  const char *baseline, const char *project, int status_day,
                  bool by_day, evm_data *out)
{
    memset(out, 0, sizeof *out);
    char *prog = arena_printf(call->arena, "%lld", (long long)pa->id);
    char *day = arena_printf(call->arena, "%d", status_day);
    const char *params[] = {prog, baseline, project, day,
                            by_day ? "true" : "false"};
    if (evm_context_read(call, params, out) != 0 ||
        evm_baseline_check(call, pa, baseline, out->baseline) != 0)
        return -1;
    if (project[0] && out->n_projects == 0) {
        rpc_fail(call, PMO_NOT_FOUND, "program %s has no project %s",
                 pa->key, project);
        return -1;
    }
    size_t n = out->n_projects;
    evm_id_index *index = arena_alloc(call->arena, (n ? n : 1) * sizeof(*index));
    for (size_t i = 0; i < n; i++)
        index[i] = (evm_id_index){out->projects[i].project_id, (int)i};
    qsort(index, n, sizeof(*index), evm_id_cmp);
    return evm_groups_read(call, params, index, project[0] == '\0', out);
}
