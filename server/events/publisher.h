/*
 * server/events/publisher.h - the events socket: sealed audit rows pushed
 * to live subscribers.
 *
 * DESIGN
 * One nng pub0 socket with its own listener (tls+tcp, the server's TLS
 * config). Only the notification thread calls in: after each seal (its
 * own or another server's, announced by NOTIFY pmo_events) and on each
 * tick it reads the sealed rows after the last seq it published, in seq
 * order, and hands them to the subscription table, which seals one
 * message per subscription that may see any of them; every
 * EVENT_HEARTBEAT_MS each subscription also gets a message with no
 * events carrying the newest seq. pub0 never blocks a sender: a
 * subscriber too slow to take a message loses it (it catches up with
 * ListEvents). At start the publisher begins at the newest seq, so a
 * restart does not replay history. nng owns the socket's threads; the
 * publisher's own state is the notification thread's alone.
 */
#ifndef PMO_SERVER_EVENTS_PUBLISHER_H
#define PMO_SERVER_EVENTS_PUBLISHER_H

#include "db/conn.h"

#include <nng/nng.h>
#include <nng/supplemental/tls/tls.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EVENT_HEARTBEAT_MS 5000

typedef struct event_publisher event_publisher;

/*
 * Opens the socket and listens on url (tls+tcp://, or tcp:// when
 * insecure) with tls (the publisher takes its own reference); at most
 * max_pipes subscribers are connected at once, later ones closed as they
 * arrive. NULL with a reason in err.
 */
event_publisher *event_publisher_start(const char *url, nng_tls_config *tls,
                                       bool insecure, int max_pipes, char *err,
                                       size_t errlen);

/* Closes the socket and frees p; NULL is a no-op. */
void event_publisher_stop(event_publisher *p);

/*
 * Publishes every sealed row after the last one published. Returns 0, or
 * -1 on a database error (db->error says why; the rows are tried again
 * next time).
 */
int event_publisher_catch_up(event_publisher *p, db_conn *db);

/* Sends heartbeats when due and expires subscriptions; now_ms wall time. */
void event_publisher_tick(event_publisher *p, int64_t now_ms);

#endif
