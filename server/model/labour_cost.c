/* server/model/labour_cost.c - labour cost per work item from day rates. */
#include "model/labour_cost.h"
#include "model/raid.h"
#include "model/resources.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* clang-format off */
/*
 * One row per item and rate currency ('' for days with no rate): the sum
 * of rate times units, the person-days, and for another currency the
 * first offending person and rate. $1 program, $2 status day number.
 */
DB_STMT(labour_cost_select,
        "WITH p AS (SELECT working_weekdays, currency FROM programs"
        "            WHERE id = $1::bigint),"
        " s AS (SELECT date '1970-01-01' + $2::int AS day),"
        " a AS (SELECT x.work_item_id, x.user_id, x.units"
        "         FROM work_item_assignments x WHERE x.program_id = $1::bigint"
        "       UNION ALL"
        "       SELECT w.id, w.assignee_id, 100 FROM work_items w"
        "        WHERE w.program_id = $1::bigint AND w.assignee_id IS NOT NULL"
        "          AND NOT EXISTS (SELECT 1 FROM work_item_assignments y"
        "                           WHERE y.work_item_id = w.id)),"
        " d AS (SELECT w.number, w.project_id, a.user_id, a.units,"
        "              g.day::date AS day"
        "         FROM s, p, work_items w JOIN a ON a.work_item_id = w.id,"
        "              generate_series(w.actual_start,"
        "                  least(coalesce(w.actual_finish, s.day), s.day),"
        "                  interval '1 day') g(day)"
        "        WHERE w.program_id = $1::bigint"
        "          AND w.actual_start IS NOT NULL AND w.actual_start <= s.day"
        "          AND extract(isodow FROM g.day)::smallint"
        "              = ANY (p.working_weekdays)"
        "          AND NOT EXISTS (SELECT 1 FROM program_holidays h"
        "                 WHERE h.program_id = $1::bigint AND h.day = g.day)"
        "          AND NOT EXISTS (SELECT 1 FROM days_off o"
        "                 WHERE o.user_id = a.user_id AND o.day = g.day))"
        " SELECT d.number, coalesce(r.currency, ''),"
        "        coalesce(sum(r.rate_minor::numeric * d.units), 0)::text,"
        "        sum(d.units),"
        "        min(u.username || ' from ' || r.starts_on::text),"
        "        min(d.project_id)"
        "   FROM d JOIN users u ON u.id = d.user_id"
        "   LEFT JOIN LATERAL (SELECT pr.rate_minor, pr.currency, pr.starts_on"
        "          FROM person_rates pr WHERE pr.user_id = d.user_id"
        "           AND pr.starts_on <= d.day"
        "         ORDER BY pr.starts_on DESC LIMIT 1) r ON true"
        "  GROUP BY d.number, r.currency ORDER BY 1, 2");
/* clang-format on */

/* x / RESOURCE_UNITS_FULL rounded half to even (x >= 0). */
static int64_t labour_cost_round(int64_t x)
{
    int64_t q = x / RESOURCE_UNITS_FULL, r = x % RESOURCE_UNITS_FULL;
    if (2 * r > RESOURCE_UNITS_FULL ||
        (2 * r == RESOURCE_UNITS_FULL && (q % 2) != 0))
        q++;
    return q;
}

int labour_cost_of_items(rpc_call *call, const program_access *prog,
                         int status_day, labour_cost **out, size_t *n)
{
    const char *params[] = {raid_int(call, prog->id),
                            raid_int(call, status_day)};
    PGresult *res = db_exec(call->db, &labour_cost_select, 2, params);
    if (res == NULL) {
        rpc_fail_db(call, "computing labour cost");
        return -1;
    }
    int rows = PQntuples(res);
    labour_cost *v = arena_alloc(call->arena,
                                 (size_t)(rows ? rows : 1) * sizeof(*v));
    size_t k = 0;
    for (int i = 0; i < rows; i++) {
        const char *currency = db_text(res, i, 1);
        if (currency[0] && strcmp(currency, prog->currency) != 0) {
            rpc_fail(call, PMO_FAILED_PRECONDITION,
                     "the day rate of %s is in %s, and the money of %s is in "
                     "%s: rates are not converted",
                     db_text(res, i, 4), currency, prog->key, prog->currency);
            PQclear(res);
            return -1;
        }
        errno = 0;
        char *end;
        long long sum = strtoll(db_text(res, i, 2), &end, 10);
        if (errno != 0 || *end != '\0' || sum < 0) {
            rpc_fail(call, PMO_FAILED_PRECONDITION,
                     "the labour cost of %s-%s is past the largest amount",
                     prog->key, db_text(res, i, 0));
            PQclear(res);
            return -1;
        }
        int64_t number = db_int64(res, i, 0);
        if (k == 0 || v[k - 1].number != number)
            v[k++] = (labour_cost){.number = number,
                                   .project_id = db_int64(res, i, 5)};
        labour_cost *c = &v[k - 1];
        double days =
            (double)db_int64(res, i, 3) / (double)RESOURCE_UNITS_FULL;
        c->cost_minor += labour_cost_round((int64_t)sum);
        c->person_days += days;
        if (!currency[0])
            c->unpriced_days += days;
    }
    PQclear(res);
    *out = v;
    *n = k;
    return 0;
}
