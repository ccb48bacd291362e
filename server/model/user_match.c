/*
 * server/model/user_match.c - names from another tool matched to users
 * who may see a program, in one query over the names as an array.
 */
#include "model/user_match.h"

#include "db/array.h"

#include <stdio.h>
#include <string.h>

/*
 * One row per name that some users match, with how many: a display name
 * two people share names nobody. A username match beats a display name.
 */
DB_STMT(user_match_names,
        "SELECT n.i, min(u.username), count(*)"
        "  FROM unnest($2::text[]) WITH ORDINALITY AS n(name, i)"
        "  JOIN users u ON NOT u.disabled AND (lower(u.username) = lower(n.name)"
        "       OR (lower(u.display_name) = lower(n.name)"
        "           AND NOT EXISTS (SELECT 1 FROM users x"
        "                WHERE lower(x.username) = lower(n.name))))"
        " WHERE " ACCESS_SEES_PROGRAM("u.id", "$1::bigint")
        " GROUP BY n.i");

int user_match_seeing(rpc_call *call, const program_access *pa,
                      char *const *names, size_t n, const char **out)
{
    for (size_t i = 0; i < n; i++)
        out[i] = NULL;
    if (n == 0)
        return 0;
    char id[24];
    snprintf(id, sizeof(id), "%lld", (long long)pa->id);
    const char *params[] = {id, db_array_literal(call->arena, names, n)};
    PGresult *r = db_exec(call->db, &user_match_names, 2, params);
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
