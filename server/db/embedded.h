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

#include <stdbool.h>
#include <stddef.h>

typedef struct embedded_pg embedded_pg;

/*
 * Creates (first time) and starts the cluster under data_dir, creates the
 * database "pmo" if missing, and writes a libpq conninfo for it into
 * conninfo. Returns a handle to pass to embedded_pg_stop, or NULL with a
 * one-line reason in err. If the cluster is already running (a previous
 * pmo-server died without stopping it) it is reused; if its postmaster
 * died with it, the lock files it left are removed first.
 */
embedded_pg *embedded_pg_start(const char *data_dir, char *conninfo,
                               size_t conninfo_len, char *err, size_t errlen);

/*
 * Whether the cluster's postmaster is alive (its postmaster.pid names a
 * live process, not a zombie). Cheap: reads one file and /proc.
 */
bool embedded_pg_running(const embedded_pg *pg);

/*
 * Starts the cluster again after its postmaster died, removing the lock
 * files a dead postmaster left. Returns 0 (also when it is running), or
 * -1 with a one-line reason in err. Safe from any one thread at a time.
 */
int embedded_pg_restart(embedded_pg *pg, char *err, size_t errlen);

/*
 * The directory of the PostgreSQL programs (initdb, pg_ctl, pg_dump,
 * pg_restore): $PMO_PG_BINDIR, else pg_config --bindir, else the newest
 * /usr/lib/postgresql/N/bin. Returns 0, or -1 with a reason in err.
 */
int embedded_pg_bindir(char *bindir, size_t len, char *err, size_t errlen);

/* Stops the cluster (fast shutdown, waits) and frees the handle. */
void embedded_pg_stop(embedded_pg *pg);

/*
 * Frees the handle, stopping the cluster only if embedded_pg_start
 * started it: a one-off task (pmo-server --backup) on the cluster of a
 * server that is running leaves it running.
 */
void embedded_pg_release(embedded_pg *pg);

#endif
