/*
 * server/db/conn.c - a worker's PostgreSQL connection and lazy statement
 * preparation.
 *
 * DESIGN: statement ids are handed out process-wide on first use (an atomic
 * counter), and each connection keeps a flag per id saying whether it has
 * prepared that statement. A connection is used by one thread only.
 */
#include "db/conn.h"
#include "common/log.h"
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

static int db_conn_setup(db_conn *c)
{
    memset(c->prepared, 0, sizeof(c->prepared));
    c->in_txn = false;
    return db_exec_simple(c, "SET TIME ZONE 'UTC'; "
                             "SET statement_timeout = '60s'; "
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

/* Runs s with its results as text (format 0) or binary (format 1). */
static PGresult *db_exec_format(db_conn *c, db_stmt *s, int n,
                                const char *const *params, int format)
{
    db_error_clear(c);
    int id = db_stmt_id(s);
    if (!c->prepared[id] && db_prepare(c, s, id) != 0)
        return NULL;
    char name[16];
    snprintf(name, sizeof(name), "s%d", id);
    PGresult *r = PQexecPrepared(c->pg, name, n, params, NULL, NULL, format);
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

int db_begin(db_conn *c)
{
    if (db_exec_simple(c, "BEGIN") != 0)
        return -1;
    c->in_txn = true;
    return 0;
}

int db_commit(db_conn *c)
{
    c->in_txn = false;
    return db_exec_simple(c, "COMMIT");
}

void db_rollback(db_conn *c)
{
    if (!c->in_txn)
        return;
    c->in_txn = false;
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
