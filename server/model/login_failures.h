/*
 * server/model/login_failures.h - failed logins counted in PostgreSQL.
 *
 * Each failure is a row per key (the account as typed, the peer address
 * without its port) in login_failures, so every server on the database
 * shares the counts and a restart keeps them. The count is read in the same
 * statement as the credentials and cleared in the same statement that
 * records a login, so a successful login costs no extra round trip; a
 * failure costs one statement. Functions take the call's connection and
 * set the call's status on database errors (returning -1).
 */
#ifndef PMO_SERVER_MODEL_LOGIN_FAILURES_H
#define PMO_SERVER_MODEL_LOGIN_FAILURES_H

#include "model/users.h"
#include "rpc/call.h"

typedef struct login_window {
    int per_account; /* failures allowed per account per window */
    int per_peer;    /* failures allowed per peer address per window */
    int window_s;
} login_window;

/*
 * The credentials for username (as users_credentials) and, in the same
 * statement, *retry_after_s: 0 if an attempt for this account from host
 * may go ahead, else the seconds until the oldest counted failure of a
 * key over its allowance leaves the window. Returns 1 if the user exists,
 * 0 if not, -1 on error. creds is written only when 1 is returned.
 */
int login_failures_credentials(rpc_call *call, const login_window *w,
                               const char *username, const char *host,
                               user_credentials *creds, int *retry_after_s);

/*
 * Counts one failure against username and host, dropping failures older
 * than the window from the table. The row must outlive the error the call
 * then answers with, so the call is marked to commit despite failing
 * (rpc_call.commit_on_failure): call it only before any other write.
 */
int login_failures_record(rpc_call *call, const login_window *w,
                          const char *username, const char *host);

/* Records a login of user_id and forgets the failures of username. */
int login_failures_succeeded(rpc_call *call, int64_t user_id,
                             const char *username);

#endif
