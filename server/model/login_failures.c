/* server/model/login_failures.c - the login_failures table and its reads. */
#include "model/login_failures.h"

#include <stdio.h>

/*
 * The wait for one key: none while it has fewer failures than allowed in
 * the window, else until the oldest of them leaves it (at least 1 s).
 */
#define LOGIN_WAIT(kind, key, allowed)                                         \
    "(SELECT CASE WHEN count(*) < " allowed " THEN 0 ELSE greatest(1, ceil("   \
    "  extract(epoch FROM min(failed_at) + make_interval(secs => $5)"          \
    "                     - now())))::int END"                                 \
    "   FROM login_failures WHERE kind = '" kind "' AND key = " key            \
    "    AND failed_at > now() - make_interval(secs => $5))"

#define LOGIN_WAIT_ACCOUNT LOGIN_WAIT("account", "$1", "$3")
#define LOGIN_WAIT_PEER    LOGIN_WAIT("peer", "$2", "$4")

/* One row whether or not the user exists: the wait, then the user. */
DB_STMT(login_creds,
        "SELECT greatest(" LOGIN_WAIT_ACCOUNT ", " LOGIN_WAIT_PEER "),"
        " u.id, u.username, u.password_hash, u.disabled, u.is_admin,"
        " u.kind = 'service'"
        " FROM (SELECT 1) AS one LEFT JOIN users u ON u.username = $1");
DB_STMT(login_failure_insert,
        "WITH gone AS (DELETE FROM login_failures"
        "              WHERE failed_at <= now() - make_interval(secs => $3))"
        " INSERT INTO login_failures (kind, key)"
        " VALUES ('account', $1), ('peer', $2)");
DB_STMT(login_success, "WITH cleared AS (DELETE FROM login_failures"
                       "                 WHERE kind = 'account' AND key = $2)"
                       " UPDATE users SET last_login_at = now() WHERE id = $1");

int login_failures_credentials(rpc_call *call, const login_window *w,
                               const char *username, const char *host,
                               user_credentials *creds, int *retry_after_s)
{
    char acct[16], peer[16], window[16];
    snprintf(acct, sizeof(acct), "%d", w->per_account);
    snprintf(peer, sizeof(peer), "%d", w->per_peer);
    snprintf(window, sizeof(window), "%d", w->window_s);
    const char *params[] = {username, host, acct, peer, window};
    PGresult *r = db_exec(call->db, &login_creds, 5, params);
    if (r == NULL) {
        rpc_fail_db(call, "reading the user");
        return -1;
    }
    *retry_after_s = (int)db_int64(r, 0, 0);
    int found = !PQgetisnull(r, 0, 1);
    if (found) {
        creds->id = db_int64(r, 0, 1);
        creds->username = arena_strdup(call->arena, db_text(r, 0, 2));
        creds->password_hash = arena_strdup(call->arena, db_text(r, 0, 3));
        creds->disabled = db_bool(r, 0, 4);
        creds->is_admin = db_bool(r, 0, 5);
        creds->is_service = db_bool(r, 0, 6);
    }
    PQclear(r);
    return found;
}

int login_failures_record(rpc_call *call, const login_window *w,
                          const char *username, const char *host)
{
    char window[16];
    snprintf(window, sizeof(window), "%d", w->window_s);
    const char *params[] = {username, host, window};
    if (db_exec_command(call->db, &login_failure_insert, 3, params) != 0) {
        rpc_fail_db(call, "counting the failed login");
        return -1;
    }
    call->commit_on_failure = true;
    return 0;
}

int login_failures_succeeded(rpc_call *call, int64_t user_id,
                             const char *username)
{
    char id[24];
    snprintf(id, sizeof(id), "%lld", (long long)user_id);
    const char *params[] = {id, username};
    if (db_exec_command(call->db, &login_success, 2, params) != 0) {
        rpc_fail_db(call, "recording the login");
        return -1;
    }
    return 0;
}
