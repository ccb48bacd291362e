/*
 * server/db/conn.c - a worker's PostgreSQL connection and lazy statement
 * preparation.
 *
 * DESIGN: statement ids are handed out process-wide on first use (an atomic
 * counter), and each connection keeps a flag per id saying whether it has
 * prepared that statement. A connection is used by one thread only.
 *
 * A request's deadline reaches PostgreSQL as statement_timeout, set with
 * set_config in a pipeline ahead of the first statement after the
 * deadline changed: both go in one write and come back in one read, with
 * a sync after each, so the setting stands even when the statement fails
 * outside a transaction. The connection remembers the value the server
 * holds and sends nothing while it is right. Set inside a transaction, it
 * would be undone by a rollback (and COMMIT of a failed transaction is
 * one), so the value is taken as unknown once such a transaction ends.
 */
#include "db/conn.h"
#include "common/log.h"
#include "common/timeutil.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static atomic_int db_stmt_next_id = 1;

static int db_stmt_id(db_stmt *s)
{
    int id = atomic_load(&s->id);
    if (id != 0)
        return id;
    int fresh = atomic_fetch_add(&db_stmt_next_id, 1);
    if (fresh > DB_MAX_STMTS) {
        log_error("msg=\"too many prepared statements\" max=%d",
                  DB_MAX_STMTS);
        abort();
    }
    int expected = 0;
    /* Two threads may race on first use: the first id stored wins. */
    if (!atomic_compare_exchange_strong(&s->id, &expected, fresh))
        return expected;
    return fresh;
}

static void db_error_clear(db_conn *c)
{
    c->sqlstate[0] = '\0';
    c->error[0] = '\0';
}

static void db_error_from_conn(db_conn *c)
{
    snprintf(c->sqlstate, sizeof(c->sqlstate), "08006");
    const char *msg = PQerrorMessage(c->pg);
    snprintf(c->error, sizeof(c->error), "%s", msg ? msg : "connection lost");
    c->error[strcspn(c->error, "\n")] = '\0';
}

static void db_error_from_result(db_conn *c, const PGresult *r)
{
    const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    const char *msg = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
    if (state == NULL && PQstatus(c->pg) != CONNECTION_OK) {
        db_error_from_conn(c);
        return;
    }
    snprintf(c->sqlstate, sizeof(c->sqlstate), "%s", state ? state : "XX000");
    snprintf(c->error, sizeof(c->error), "%s",
             msg ? msg : PQresultErrorMessage(r));
}

#define DB_STR_(x) #x
#define DB_STR(x)  DB_STR_(x)
#define DB_SET_STATEMENT_TIMEOUT                                               \
    "SET statement_timeout = " DB_STR(DB_STATEMENT_TIMEOUT_MS) "; "

static int db_conn_setup(db_conn *c)
{
    memset(c->prepared, 0, sizeof(c->prepared));
    c->in_txn = false;
    c->timeout_ms = DB_STATEMENT_TIMEOUT_MS;
    c->timeout_due = c->deadline_us != 0;
    c->timeout_in_txn = false;
    return db_exec_simple(c,
                          "SET TIME ZONE 'UTC'; " DB_SET_STATEMENT_TIMEOUT
                          "SET client_min_messages = warning; "
                          "SET idle_in_transaction_session_timeout = '120s'");
}

/*
 * Every connection the server makes gives up on a host that does not answer
 * within 10 s, and probes an idle TCP connection (and bounds unacknowledged
 * sends) so that a database host that silently drops packets fails a worker's
 * query in well under a minute instead of blocking it forever. The operator's
 * conninfo comes last, so it can override any of these.
 */
static PGconn *db_connect(const char *conninfo)
{
    static const char *const keys[] = {
        "connect_timeout", "keepalives", "keepalives_idle",
        "keepalives_interval", "keepalives_count", "tcp_user_timeout",
        "dbname", NULL};
    const char *values[] = {"10", "1", "30", "10", "3", "30000", conninfo,
                            NULL};
    return PQconnectdbParams(keys, values, 1);
}

int db_conn_open(db_conn *c, const char *conninfo, char *err, size_t errlen)
{
    memset(c, 0, sizeof(*c));
    c->pg = db_connect(conninfo);
    if (PQstatus(c->pg) != CONNECTION_OK) {
        snprintf(err, errlen, "cannot connect to PostgreSQL: %s",
                 PQerrorMessage(c->pg));
        err[strcspn(err, "\n")] = '\0';
        PQfinish(c->pg);
        c->pg = NULL;
        return -1;
    }
    c->conninfo = xstrdup(conninfo);
    if (db_conn_setup(c) != 0) {
        snprintf(err, errlen, "PostgreSQL session setup: %s", c->error);
        db_conn_close(c);
        return -1;
    }
    return 0;
}

void db_conn_close(db_conn *c)
{
    if (c->pg)
        PQfinish(c->pg);
    free(c->conninfo);
    c->pg = NULL;
    c->conninfo = NULL;
}

int db_conn_reconnect(db_conn *c)
{
    PQreset(c->pg);
    if (PQstatus(c->pg) != CONNECTION_OK) {
        db_error_from_conn(c);
        return -1;
    }
    return db_conn_setup(c);
}

int db_conn_ensure(db_conn *c)
{
    if (PQstatus(c->pg) == CONNECTION_OK)
        return 0;
    log_warn("msg=\"PostgreSQL connection lost; reconnecting\"");
    return db_conn_reconnect(c);
}

static int db_prepare(db_conn *c, db_stmt *s, int id)
{
    char name[16];
    snprintf(name, sizeof(name), "s%d", id);
    PGresult *r = PQprepare(c->pg, name, s->sql, 0, NULL);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok) {
        db_error_from_result(c, r);
        char error[600];
        log_error("msg=\"prepare failed\" stmt=%s sqlstate=%s error=%s",
                  s->name, c->sqlstate,
                  log_quote(error, sizeof(error), c->error));
    }
    PQclear(r);
    if (ok)
        c->prepared[id] = true;
    return ok ? 0 : -1;
}

/* ------------------------------------------------------------ deadline */

void db_conn_set_deadline(db_conn *c, int64_t deadline_us)
{
    c->deadline_us = deadline_us;
    c->timeout_due = true;
}

/*
 * Whether the next statement may start, and the statement_timeout it
 * must carry in *timeout_ms (-1: the server's is right). False with
 * SQLSTATE 57014 in c once the deadline has passed.
 */
static bool db_deadline_allows(db_conn *c, int *timeout_ms)
{
    int64_t want = DB_STATEMENT_TIMEOUT_MS;
    *timeout_ms = -1;
    if (c->deadline_us != 0) {
        int64_t left = (c->deadline_us - time_mono_us()) / 1000;
        if (left <= 0) {
            snprintf(c->sqlstate, sizeof(c->sqlstate), "57014");
            snprintf(c->error, sizeof(c->error),
                     "the request's deadline passed before the statement");
            return false;
        }
        if (left < want)
            want = left;
    }
    /* The server's value will do if it is not shorter and longer by at
     * most a sixteenth; a new one is set a thirty-second long, so steady
     * traffic with one timeout, whose time left wavers by a few
     * milliseconds, sets it about once rather than on every request. */
    bool fits = c->timeout_ms >= want && c->timeout_ms <= want + want / 16;
    if (c->timeout_due && !fits) {
        int64_t slack = want + want / 32;
        *timeout_ms =
            (int)(slack < DB_STATEMENT_TIMEOUT_MS ? slack
                                                  : DB_STATEMENT_TIMEOUT_MS);
    } else {
        c->timeout_due = false;
    }
    return true;
}

/* A transaction ended: a timeout set inside it may have been undone. */
static void db_deadline_txn_end(db_conn *c)
{
    if (!c->timeout_in_txn)
        return;
    c->timeout_in_txn = false;
    c->timeout_ms = -1;
    c->timeout_due = true;
}

/*
 * The first result of the pipeline's next statement, read up to its sync
 * (the caller PQclears it); NULL if the connection failed. One NULL from
 * PQgetResult ends a statement's results; a second in a row means nothing
 * more will come.
 */
static PGresult *db_pipeline_next(PGconn *pg)
{
    PGresult *first = NULL;
    int nulls = 0;
    for (;;) {
        PGresult *r = PQgetResult(pg);
        if (r == NULL) {
            if (++nulls > 1 || PQstatus(pg) != CONNECTION_OK)
                break;
            continue;
        }
        nulls = 0;
        if (PQresultStatus(r) == PGRES_PIPELINE_SYNC) {
            PQclear(r);
            break;
        }
        if (first == NULL)
            first = r;
        else
            PQclear(r);
    }
    return first;
}

/* What db_exec_timed runs: a prepared statement, or fixed SQL. */
typedef struct db_send {
    const char *name; /* prepared statement, or NULL for sql */
    const char *sql;
    int n;
    const char *const *params;
    int format;
} db_send;

static int db_send_one(db_conn *c, const db_send *q)
{
    return q->name ? PQsendQueryPrepared(c->pg, q->name, q->n, q->params, NULL,
                                         NULL, q->format)
                   : PQsendQueryParams(c->pg, q->sql, 0, NULL, NULL, NULL, NULL,
                                       q->format);
}

/*
 * Runs q after setting statement_timeout to timeout_ms, in one round
 * trip. Returns q's result as PQexecPrepared would (NULL if it could not
 * be sent).
 */
static PGresult *db_exec_timed(db_conn *c, const db_send *q, int timeout_ms)
{
    char ms[16];
    snprintf(ms, sizeof(ms), "%d", timeout_ms);
    const char *value[1] = {ms};
    if (PQenterPipelineMode(c->pg) != 1)
        return NULL;
    int syncs = 0;
    if (PQsendQueryParams(c->pg,
                          "SELECT set_config('statement_timeout', $1, false)",
                          1, NULL, value, NULL, NULL, 0) == 1 &&
        PQpipelineSync(c->pg) == 1) {
        syncs++;
        if (db_send_one(c, q) == 1 && PQpipelineSync(c->pg) == 1)
            syncs++;
    }
    PGresult *set = syncs >= 1 ? db_pipeline_next(c->pg) : NULL;
    PGresult *r = syncs >= 2 ? db_pipeline_next(c->pg) : NULL;
    if (PQresultStatus(set) == PGRES_TUPLES_OK) {
        c->timeout_ms = timeout_ms;
        c->timeout_due = false;
        c->timeout_in_txn = c->in_txn;
    }
    PQclear(set);
    /* Fails only with results left unread, on a connection already lost
     * (db_conn_ensure's PQreset leaves pipeline mode). */
    PQexitPipelineMode(c->pg);
    return r;
}

/* ------------------------------------------------------------ statements */

/* Runs s with its results as text (format 0) or binary (format 1). */
static PGresult *db_exec_format(db_conn *c, db_stmt *s, int n,
                                const char *const *params, int format)
{
    db_error_clear(c);
    int timeout_ms;
    if (!db_deadline_allows(c, &timeout_ms))
        return NULL;
    int id = db_stmt_id(s);
    if (!c->prepared[id] && db_prepare(c, s, id) != 0)
        return NULL;
    char name[16];
    snprintf(name, sizeof(name), "s%d", id);
    db_send q = {name, NULL, n, params, format};
    PGresult *r = timeout_ms < 0 ? PQexecPrepared(c->pg, name, n, params, NULL,
                                                  NULL, format)
                                 : db_exec_timed(c, &q, timeout_ms);
    ExecStatusType st = PQresultStatus(r);
    if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
        return r;
    db_error_from_result(c, r);
    char error[600];
    log_debug("msg=\"statement failed\" stmt=%s sqlstate=%s error=%s",
              s->name, c->sqlstate, log_quote(error, sizeof(error), c->error));
    PQclear(r);
    return NULL;
}

PGresult *db_exec(db_conn *c, db_stmt *s, int n, const char *const *params)
{
    return db_exec_format(c, s, n, params, 0);
}

PGresult *db_exec_binary(db_conn *c, db_stmt *s, int n,
                         const char *const *params)
{
    return db_exec_format(c, s, n, params, 1);
}

int db_exec_command(db_conn *c, db_stmt *s, int n, const char *const *params)
{
    PGresult *r = db_exec(c, s, n, params);
    if (r == NULL)
        return -1;
    PQclear(r);
    return 0;
}

int db_exec_simple(db_conn *c, const char *sql)
{
    db_error_clear(c);
    PGresult *r = PQexec(c->pg, sql);
    ExecStatusType st = PQresultStatus(r);
    int ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
    if (!ok)
        db_error_from_result(c, r);
    PQclear(r);
    return ok ? 0 : -1;
}

/*
 * BEGIN is where a write's first statement timeout goes when one is due:
 * set outside the transaction, a rollback cannot undo it.
 */
int db_begin(db_conn *c)
{
    db_error_clear(c);
    int timeout_ms;
    if (!db_deadline_allows(c, &timeout_ms))
        return -1;
    if (timeout_ms < 0) {
        if (db_exec_simple(c, "BEGIN") != 0)
            return -1;
    } else {
        db_send q = {NULL, "BEGIN", 0, NULL, 0};
        PGresult *r = db_exec_timed(c, &q, timeout_ms);
        int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
        if (!ok)
            db_error_from_result(c, r);
        PQclear(r);
        if (!ok)
            return -1;
    }
    c->in_txn = true;
    return 0;
}

int db_commit(db_conn *c)
{
    c->in_txn = false;
    db_deadline_txn_end(c);
    return db_exec_simple(c, "COMMIT");
}

void db_rollback(db_conn *c)
{
    if (!c->in_txn)
        return;
    c->in_txn = false;
    db_deadline_txn_end(c);
    char state[6], error[256];
    memcpy(state, c->sqlstate, sizeof(state));
    memcpy(error, c->error, sizeof(error));
    /* Keep the error that caused the rollback, not the rollback's own. */
    db_exec_simple(c, "ROLLBACK");
    memcpy(c->sqlstate, state, sizeof(state));
    memcpy(c->error, error, sizeof(error));
}

pmo_status db_status_of_error(const db_conn *c)
{
    if (strcmp(c->sqlstate, "23505") == 0)
        return PMO_ALREADY_EXISTS;
    /* Foreign key: something still refers to it, or it refers to nothing. */
    if (strcmp(c->sqlstate, "23503") == 0)
        return PMO_FAILED_PRECONDITION;
    /* Check constraint: handlers validate first, so this is a last line. */
    if (strcmp(c->sqlstate, "23514") == 0)
        return PMO_INVALID_ARGUMENT;
    if (strcmp(c->sqlstate, "40001") == 0 || strcmp(c->sqlstate, "40P01") == 0)
        return PMO_ABORTED;
    if (strcmp(c->sqlstate, "57014") == 0)
        return PMO_DEADLINE_EXCEEDED;
    if (strncmp(c->sqlstate, "08", 2) == 0 ||
        strcmp(c->sqlstate, "57P01") == 0)
        return PMO_UNAVAILABLE;
    return PMO_INTERNAL;
}

const char *db_text(const PGresult *r, int row, int col)
{
    return PQgetvalue(r, row, col);
}

int64_t db_int64(const PGresult *r, int row, int col)
{
    return strtoll(PQgetvalue(r, row, col), NULL, 10);
}

bool db_bool(const PGresult *r, int row, int col)
{
    return PQgetvalue(r, row, col)[0] == 't';
}

bool db_is_null(const PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) != 0;
}
