/*
 * server/db/conn.h - one PostgreSQL connection with its prepared statements.
 *
 * Each worker thread owns one db_conn for its whole life; nothing here is
 * shared between threads except the statement ids. Statements are declared
 * once where they are used, with DB_STMT, and prepared on a connection the
 * first time that connection runs them, so a statement costs one parse per
 * connection and one round trip per execution.
 *
 * Every query is parameterised: parameters travel as text values, never
 * spliced into SQL.
 *
 * Errors: a failed db_exec returns NULL and leaves the SQLSTATE and
 * message in the connection (db_error_*), so the caller can map them to a
 * status code (see db_status_of_error).
 *
 * Deadlines: a connection serving a request is given the request's
 * deadline (db_conn_set_deadline), and PostgreSQL cancels a statement
 * that would outlive it (statement_timeout). The setting travels in the
 * same round trip as the first statement after it (a libpq pipeline), so
 * a deadline costs no extra round trip.
 */
#ifndef PMO_SERVER_DB_CONN_H
#define PMO_SERVER_DB_CONN_H

#include "common/status.h"

#include <libpq-fe.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#define DB_MAX_STMTS 512

/* The longest any one statement may run, deadline or not. */
#define DB_STATEMENT_TIMEOUT_MS 60000

typedef struct db_stmt {
    const char *name;
    const char *sql;
    atomic_int id; /* 0 until first use, then 1..DB_MAX_STMTS */
} db_stmt;

/* Declares a statement at file scope: DB_STMT(user_by_name, "SELECT ..."); */
#define DB_STMT(var, text) static db_stmt var = {.name = #var, .sql = (text)}

typedef struct db_conn {
    PGconn *pg;
    char *conninfo;
    bool prepared[DB_MAX_STMTS + 1];
    bool in_txn;
    char sqlstate[6];
    char error[256];
    /* The request's deadline (monotonic microseconds), 0 for none. */
    int64_t deadline_us;
    /* statement_timeout as the server has it, -1 when not known (a
     * transaction that set it ended, and a rollback would undo it). */
    int timeout_ms;
    bool timeout_due;    /* the next statement carries a new timeout */
    bool timeout_in_txn; /* it was set inside the open transaction */
} db_conn;

/*
 * Connects; returns 0, or -1 with a reason in err. The connection is set to
 * UTC and a statement timeout (DB_STATEMENT_TIMEOUT_MS) so one runaway
 * query cannot hold a worker.
 */
int db_conn_open(db_conn *c, const char *conninfo, char *err, size_t errlen);
void db_conn_close(db_conn *c);

/*
 * Makes sure the connection is usable, reconnecting after the server went
 * away (its prepared statements are then prepared again on use).
 * Returns 0 or -1.
 */
int db_conn_ensure(db_conn *c);

/* Connects again at once, logging nothing (callers that retry in a loop
 * log the outage themselves). Returns 0 or -1 with c->error set. */
int db_conn_reconnect(db_conn *c);

/*
 * Runs a prepared statement with n text parameters (NULL for SQL NULL).
 * Returns a result with PGRES_TUPLES_OK or PGRES_COMMAND_OK that the caller
 * must PQclear, or NULL on error (see db_error_*).
 */
PGresult *db_exec(db_conn *c, db_stmt *s, int n, const char *const *params);

/*
 * Like db_exec with results in PostgreSQL's binary format (network byte
 * order; see db_binary.h), for reads large enough that formatting and
 * parsing text would dominate.
 */
PGresult *db_exec_binary(db_conn *c, db_stmt *s, int n,
                         const char *const *params);

/* Like db_exec for a statement that returns no rows; returns 0 or -1. */
int db_exec_command(db_conn *c, db_stmt *s, int n, const char *const *params);

/*
 * Bounds the statements run from now on (db_exec and its kin, db_begin) by
 * deadline_us, monotonic microseconds as time_mono_us gives them, or 0
 * for none. The first of them carries a statement_timeout of the time
 * left then (at most DB_STATEMENT_TIMEOUT_MS), so PostgreSQL cancels a
 * statement that would run past the deadline: SQLSTATE 57014, which
 * db_status_of_error maps to DEADLINE_EXCEEDED. Each later statement of
 * the request is bounded by that same amount, not by what is left when it
 * starts, but none starts once the deadline has passed: it fails at once
 * with 57014.
 *
 * A timeout the server already holds is kept when it is no shorter than
 * the time left and longer by at most a sixteenth, and a new one is set a
 * thirty-second longer than the time left, so a stream of requests with
 * the same timeout sets it about once; a statement may overrun the
 * deadline by that sixteenth. With no deadline, the connection's own
 * timeout comes back the same way, and only if it was changed. COMMIT,
 * ROLLBACK and db_exec_simple neither carry a timeout nor are refused
 * after the deadline, so a transaction can always end.
 */
void db_conn_set_deadline(db_conn *c, int64_t deadline_us);

/* Runs fixed SQL text with no parameters (migrations, BEGIN). 0 or -1. */
int db_exec_simple(db_conn *c, const char *sql);

/* Starts a transaction; 0, or -1 (57014 once the deadline has passed). */
int db_begin(db_conn *c);
int db_commit(db_conn *c);
/* Rolls back if a transaction is open; never fails the caller. */
void db_rollback(db_conn *c);

/*
 * The status code a failed statement maps to: unique violation ->
 * ALREADY_EXISTS, foreign key violation -> FAILED_PRECONDITION, check
 * violation -> INVALID_ARGUMENT, serialization failure or deadlock ->
 * ABORTED, cancelled
 * by statement timeout -> DEADLINE_EXCEEDED, connection lost ->
 * UNAVAILABLE, everything else INTERNAL.
 */
pmo_status db_status_of_error(const db_conn *c);

/* Accessors for one row of a result. */
const char *db_text(const PGresult *r, int row, int col);
int64_t db_int64(const PGresult *r, int row, int col);
bool db_bool(const PGresult *r, int row, int col);
bool db_is_null(const PGresult *r, int row, int col);

#endif
