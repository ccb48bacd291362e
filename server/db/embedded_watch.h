/*
 * server/db/embedded_watch.h - keeps the embedded PostgreSQL running.
 *
 * DESIGN
 * The postmaster is started by pg_ctl and is not pmo-server's child, so
 * its death is noticed by looking, not by waitpid: a thread checks every
 * EMBEDDED_WATCH_EVERY_MS that postmaster.pid names a live process
 * (embedded_pg_running). When it does not, the thread starts the cluster
 * again (embedded_pg_restart, which removes the lock files the dead
 * postmaster left), retrying with growing, jittered delays up to 30 s
 * while it fails. It logs the death, each restart and, while restarts
 * fail, the first failure and then one summary a minute. Requests in the
 * meantime get UNAVAILABLE; connections heal on their own once the
 * cluster is back (db/conn reconnects).
 *
 * Stop the watch before stopping the cluster, or it would start it again.
 */
#ifndef PMO_SERVER_DB_EMBEDDED_WATCH_H
#define PMO_SERVER_DB_EMBEDDED_WATCH_H

#include "db/embedded.h"

#include <stddef.h>

#define EMBEDDED_WATCH_EVERY_MS 1000

typedef struct embedded_watch embedded_watch;

/* Starts watching pg (which must outlive the watch). NULL with err set if
 * the thread cannot start. */
embedded_watch *embedded_watch_start(embedded_pg *pg, char *err, size_t errlen);

/* Stops the thread (waiting for a restart under way) and frees w. */
void embedded_watch_stop(embedded_watch *w);

#endif
