/*
 * server/model/user_match.c - names from another application matched to users
 * who may see a program, in one query over the names as an array.
 */
#include "model/user_match.h"

#include "db/array.h"

#include <stdio.h>
#include <string.h>

/*
 * Each user a person could be, ranked: 1 by email, 2 by username, 3 by
 * display name; then, per person, how many users share the best rank.
 */
DB_STMT(user_match_people,
        "WITH m AS (SELECT n.i, u.username,"
        "    CASE WHEN n.email <> '' AND lower(u.email) = lower(n.email) THEN 1"
        "         WHEN lower(u.username) = lower(n.name) THEN 2 ELSE 3 END AS r"
        "  FROM unnest($2::text[], $3::text[]) WITH ORDINALITY"
        "       AS n(name, email, i)"
        "  JOIN users u ON NOT u.disabled"
        "   AND ((n.email <> '' AND lower(u.email) = lower(n.email))"
        "        OR lower(u.username) = lower(n.name)"
        "        OR lower(u.display_name) = lower(n.name))"
        " WHERE " ACCESS_SEES_PROGRAM(
            "u.id",
            "$1::bigint") "),"
                          " best AS (SELECT i, min(r) AS r FROM m GROUP BY i)"
                          " SELECT m.i, min(m.username), count(*)"
                          "   FROM m JOIN best USING (i, r) GROUP BY m.i");

int user_match_seeing(rpc_call *call, const program_access *pa,
                      char *const *names, char *const *emails, size_t n,
                      const char **out)
{
    for (size_t i = 0; i < n; i++)
        out[i] = NULL;
    if (n == 0)
        return 0;
    char id[24];
    snprintf(id, sizeof(id), "%lld", (long long)pa->id);
    const char *params[] = {id, db_array_literal(call->arena, names, n),
                            db_array_literal(call->arena, emails, n)};
    PGresult *r = db_exec(call->db, &user_match_people, 3, params);
    if (r == NULL) {
        rpc_fail_db(call, "matching names to users");
        return -1;
    }
    for (int row = 0; row < PQntuples(r); row++) {
        int64_t i = db_int64(r, row, 0);
        if (i >= 1 && (size_t)i <= n && db_int64(r, row, 2) == 1)
            out[i - 1] = arena_strdup(call->arena, db_text(r, row, 1));
    }
    PQclear(r);
    return 0;
}
