/*
 * server/db/embedded.h - the private PostgreSQL cluster under the data dir.
 *
 * With no --db, pmo-server runs its own cluster so that one command serves
 * a team: initdb on first start, pg_ctl start on every start, pg_ctl stop
 * on shutdown. The cluster listens on a Unix socket only (no TCP port) in
 * DIR/run, which is mode 0700, so "trust" authentication on that socket
 * admits only the cluster's owner. When pmo-server runs as root, initdb and
 * the postmaster run as an unprivileged user: the owner of DIR if that is
 * not root, else Debian's "postgres".
 *
 * Layout: DIR/pg (cluster), DIR/run (socket), DIR/pg.log (server log).
 */
#ifndef PMO_SERVER_DB_EMBEDDED_H
#define PMO_SERVER_DB_EMBEDDED_H

#include <stddef.h>

typedef struct embedded_pg embedded_pg;

/*
 * Creates (first time) and starts the cluster under data_dir, creates the
 * database "pmo" if missing, and writes a libpq conninfo for it into
 * conninfo. Returns a handle to pass to embedded_pg_stop, or NULL with a
 * one-line reason in err. If the cluster is already running (a previous
 * pmo-server died without stopping it) it is reused.
 */
embedded_pg *embedded_pg_start(const char *data_dir, char *conninfo,
                               size_t conninfo_len, char *err, size_t errlen);

/* Stops the cluster (fast shutdown, waits) and frees the handle. */
void embedded_pg_stop(embedded_pg *pg);

#endif
