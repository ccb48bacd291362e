/*
 * server/events/notify.h - the LISTEN/NOTIFY bridge and background upkeep.
 *
 * DESIGN
 * One thread per server with its own PostgreSQL connection, LISTENing on:
 *   pmo_auth  - "session:ID" / "token:ID" / "user:ID": drop those from
 *               the session cache, whichever server made the change;
 *   pmo_audit - new audit rows were committed: seal them into the chain;
 *   pmo_events - rows were sealed (by any server): publish them on this
 *               server's events socket (events/publisher.h), in seq order.
 * pmo_auth also drops the live event subscriptions made with that
 * session, token or user (events/subscriptions.h).
 * It also seals on a timer (in case a notification was missed while the
 * connection was down) and expires old idempotency keys hourly. Only one
 * server seals at a time: the sealer's transaction locks the chain head.
 * The thread sleeps in poll(2) on the connection's socket and a self-pipe,
 * so stopping it is immediate.
 */
#ifndef PMO_SERVER_EVENTS_NOTIFY_H
#define PMO_SERVER_EVENTS_NOTIFY_H

#include "events/publisher.h"

#include <stddef.h>

typedef struct notify_bridge notify_bridge;

/*
 * Connects and starts the thread, which publishes through events (may be
 * NULL; the caller keeps it and stops it after the bridge); NULL with a
 * reason in err.
 */
notify_bridge *notify_bridge_start(const char *conninfo,
                                   event_publisher *events, char *err,
                                   size_t errlen);

/* Seals what is left, stops the thread and frees the bridge. */
void notify_bridge_stop(notify_bridge *b);

#endif
