/* server/model/resources.c - people's capacity and day rates. */
#include "model/resources.h"
#include "audit/audit.h"
#include "common/money.h"
#include "model/raid.h"

#include <math.h>
#include <stdlib.h>

/* clang-format off */
DB_STMT(resources_select,
        "SELECT u.username, coalesce(r.capacity_units, 100)"
        "  FROM users u LEFT JOIN person_resources r ON r.user_id = u.id"
        " WHERE u.username = $1");

DB_STMT(resources_rate_rows,
        "SELECT to_char(p.starts_on, 'YYYY-MM-DD'), p.rate_minor, p.currency"
        "  FROM person_rates p JOIN users u ON u.id = p.user_id"
        " WHERE u.username = $1 ORDER BY p.starts_on");

/* Returns the capacity before (100 when unset) and after. */
DB_STMT(resources_capacity_upsert,
        "WITH old AS (SELECT r.capacity_units FROM person_resources r"
        "               JOIN users u ON u.id = r.user_id"
        "              WHERE u.username = $1),"
        " up AS (INSERT INTO person_resources (user_id, capacity_units,"
        "                                      updated_by)"
        "        SELECT u.id, $2::int, nullif($3, '0')::bigint"
        "          FROM users u WHERE u.username = $1"
        "        ON CONFLICT (user_id) DO UPDATE"
        "           SET capacity_units = EXCLUDED.capacity_units,"
        "               updated_by = EXCLUDED.updated_by, updated_at = now()"
        "        RETURNING capacity_units)"
        " SELECT coalesce((SELECT capacity_units FROM old), 100),"
        "        capacity_units FROM up");

/* Returns the rate replaced as JSON, or NULL, and the rate written. */
DB_STMT(resources_rate_upsert,
        "WITH old AS (SELECT p.rate_minor, p.currency FROM person_rates p"
        "               JOIN users u ON u.id = p.user_id"
        "              WHERE u.username = $1 AND p.starts_on = $2::date),"
        " up AS (INSERT INTO person_rates (user_id, starts_on, rate_minor,"
        "                                  currency, created_by)"
        "        SELECT u.id, $2::date, $3::bigint, $4,"
        "               nullif($5, '0')::bigint"
        "          FROM users u WHERE u.username = $1"
        "        ON CONFLICT (user_id, starts_on) DO UPDATE"
        "           SET rate_minor = EXCLUDED.rate_minor,"
        "               currency = EXCLUDED.currency,"
        "               created_by = EXCLUDED.created_by, created_at = now()"
        "        RETURNING starts_on)"
        " SELECT (SELECT jsonb_build_object('rate_from', $2::text,"
        "                'rate_minor', o.rate_minor, 'currency', o.currency)"
        "           FROM old o)::text,"
        "        jsonb_build_object('rate_from', $2::text,"
        "               'rate_minor', $3::bigint, 'currency', $4)::text"
        "   FROM up");

DB_STMT(resources_capacity_names,
        "SELECT v.ord - 1, r.capacity_units"
        "  FROM unnest(" RAID_TEXTS("$1") ") WITH ORDINALITY v(name, ord)"
        "  JOIN users u ON u.username = v.name"
        "  JOIN person_resources r ON r.user_id = u.id");
/* clang-format on */

bool resource_units_parse(double units, int *out)
{
    if (!isfinite(units))
        return false;
    double h = units * RESOURCE_UNITS_FULL;
    double r = round(h);
    if (fabs(h - r) > 1e-6 || r < 1 || r > RESOURCE_UNITS_FULL)
        return false;
    *out = (int)r;
    return true;
}

static void resources_no_user(rpc_call *call, const char *user)
{
    rpc_fail(call, PMO_NOT_FOUND, "no user %s", user);
}

/* user's rates, oldest first, into m. */
static int resources_rates(rpc_call *call, const char *user,
                           Pmo__V1__PersonResource *m)
{
    const char *params[] = {user};
    PGresult *res = db_exec(call->db, &resources_rate_rows, 1, params);
    if (res == NULL) {
        rpc_fail_db(call, "reading rates");
        return -1;
    }
    size_t n = (size_t)PQntuples(res);
    m->rates = arena_alloc(call->arena, (n ? n : 1) * sizeof(*m->rates));
    for (size_t i = 0; i < n; i++) {
        Pmo__V1__PersonRate *r = arena_alloc(call->arena, sizeof *r);
        pmo__v1__person_rate__init(r);
        r->starts_on = arena_strdup(call->arena, db_text(res, (int)i, 0));
        r->rate_minor = db_int64(res, (int)i, 1);
        r->currency = arena_strdup(call->arena, db_text(res, (int)i, 2));
        char buf[64];
        r->rate = arena_strdup(
            call->arena,
            money_format(r->rate_minor, money_exponent(r->currency), buf,
                         sizeof buf));
        m->rates[i] = r;
    }
    m->n_rates = n;
    PQclear(res);
    return 0;
}

int resources_get(rpc_call *call, const char *user, bool with_rates,
                  Pmo__V1__PersonResource **out)
{
    const char *params[] = {user};
    PGresult *res = db_exec(call->db, &resources_select, 1, params);
    if (res == NULL) {
        rpc_fail_db(call, "reading a person's resource settings");
        return -1;
    }
    if (PQntuples(res) == 0) {
        PQclear(res);
        resources_no_user(call, user);
        return -1;
    }
    Pmo__V1__PersonResource *m = arena_alloc(call->arena, sizeof *m);
    pmo__v1__person_resource__init(m);
    m->user = arena_strdup(call->arena, db_text(res, 0, 0));
    m->capacity = resource_units_double((int)db_int64(res, 0, 1));
    m->rates_hidden = !with_rates;
    PQclear(res);
    if (with_rates && resources_rates(call, user, m) != 0)
        return -1;
    *out = m;
    return 0;
}

int resources_set_capacity(rpc_call *call, const char *user, int units)
{
    const char *params[] = {user, raid_int(call, units),
                            raid_int(call, call->who.user_id)};
    PGresult *res = db_exec(call->db, &resources_capacity_upsert, 3, params);
    if (res == NULL) {
        rpc_fail_db(call, "setting a capacity");
        return -1;
    }
    if (PQntuples(res) == 0) {
        PQclear(res);
        resources_no_user(call, user);
        return -1;
    }
    const char *before = arena_printf(call->arena, "{\"capacity_units\": %s}",
                                      db_text(res, 0, 0));
    const char *after = arena_printf(call->arena, "{\"capacity_units\": %s}",
                                     db_text(res, 0, 1));
    PQclear(res);
    return audit_record(call, "person_resource", user, before, after);
}

int resources_add_rate(rpc_call *call, const char *user, const char *from,
                       int64_t rate_minor, const char *currency)
{
    const char *params[] = {user, from, raid_int(call, rate_minor), currency,
                            raid_int(call, call->who.user_id)};
    PGresult *res = db_exec(call->db, &resources_rate_upsert, 5, params);
    if (res == NULL) {
        rpc_fail_db(call, "setting a rate");
        return -1;
    }
    if (PQntuples(res) == 0) {
        PQclear(res);
        resources_no_user(call, user);
        return -1;
    }
    const char *before =
        db_is_null(res, 0, 0)
            ? NULL
            : arena_strdup(call->arena, db_text(res, 0, 0));
    const char *after = arena_strdup(call->arena, db_text(res, 0, 1));
    PQclear(res);
    return audit_record(call, "person_resource", user, before, after);
}

int resources_capacities(rpc_call *call, const char *const *names, size_t n,
                         int **units)
{
    const char *params[] = {raid_texts(call, (char *const *)names, n)};
    PGresult *res = db_exec(call->db, &resources_capacity_names, 1, params);
    if (res == NULL) {
        rpc_fail_db(call, "reading capacities");
        return -1;
    }
    int *u = arena_alloc(call->arena, (n ? n : 1) * sizeof *u);
    for (size_t i = 0; i < n; i++)
        u[i] = RESOURCE_UNITS_FULL;
    for (int i = 0; i < PQntuples(res); i++) {
        size_t at = (size_t)db_int64(res, i, 0);
        if (at < n)
            u[at] = (int)db_int64(res, i, 1);
    }
    PQclear(res);
    *units = u;
    return 0;
}

int resources_capacity_of(rpc_call *call, const char *user, int *units)
{
    int *u;
    if (resources_capacities(call, &user, 1, &u) != 0)
        return -1;
    *units = u[0];
    return 0;
}
