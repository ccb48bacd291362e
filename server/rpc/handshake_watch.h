/*
 * server/rpc/handshake_watch.h - finds connections that nng accepted but
 * that have not become pipes within the handshake deadline, and drops them.
 *
 * DESIGN
 * Why: nng 1.5.2 gives a new connection 10 s to finish its TLS handshake
 * and SP header exchange, but that timeout cannot fire while mbedTLS waits
 * for the client's handshake records: the cancel routine of its TLS stream
 * (tls_cancel in src/supplemental/tls/tls_common.c) aborts only a pending
 * TCP send. So a client that connects and sends nothing, or half a
 * ClientHello, holds a descriptor for ever, and nng shows the application
 * no such connection, since it is not a pipe yet.
 *
 * How: the guard's sweeper thread looks at the process's own descriptors.
 * Every TCP socket whose local port is a listening port and which has a
 * peer is a connection nng accepted. The watch remembers, per descriptor
 * number, which peer it last saw there and since when; a socket whose peer
 * is no admitted pipe's once it is older than the deadline is shut down
 * with shutdown(2), not closed: nng still owns the descriptor, sees its
 * read fail, ends the handshake and closes it. Before shutting a socket
 * down the watch reads its peer again, so a descriptor number reused by a
 * new connection since the scan is left alone.
 *
 * Only the sweeper thread calls these; nothing here locks.
 */
#ifndef PMO_SERVER_RPC_HANDSHAKE_WATCH_H
#define PMO_SERVER_RPC_HANDSHAKE_WATCH_H

#include "rpc/peer_addr.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct handshake_seen {
    unsigned key;     /* hash of the peer's "address:port"; 0: none */
    unsigned scan;    /* the scan that last saw it */
    int64_t since_ms; /* when that peer was first seen on the descriptor */
} handshake_seen;

typedef struct handshake_watch {
    handshake_seen *fds; /* indexed by descriptor number, grown on demand */
    int n_fds;
    unsigned scan;
} handshake_watch;

/* An accepted connection that is not a pipe and is past the deadline. */
typedef struct handshake_conn {
    int fd;
    char remote[RPC_PEER_ADDR_LEN]; /* "address:port" */
    int64_t age_ms;
} handshake_conn;

void handshake_watch_init(handshake_watch *w);
void handshake_watch_fini(handshake_watch *w);

/*
 * Starts a scan: forgets the descriptors the last scan did not see (they
 * were closed, and their numbers may come back with new connections).
 */
void handshake_watch_next_scan(handshake_watch *w);

/*
 * Notes that descriptor fd has the peer remote at now_ms in this scan, and
 * returns for how long it has had it: 0 when the descriptor is new, was
 * forgotten, or had another peer before.
 */
int64_t handshake_watch_age(handshake_watch *w, int fd, const char *remote,
                            int64_t now_ms);

/*
 * Scans the descriptors: writes into out (room for max) the connections
 * accepted on one of ports (n_ports) for deadline_ms or more whose peer
 * is_pipe(arg, remote) says is no pipe. Returns how many were written.
 */
int handshake_watch_scan(handshake_watch *w, const uint16_t *ports, int n_ports,
                         int64_t now_ms, int64_t deadline_ms,
                         bool (*is_pipe)(void *arg, const char *remote),
                         void *arg, handshake_conn *out, int max);

/* Shuts c's socket down if its descriptor still has c's peer; says if so. */
bool handshake_watch_drop(const handshake_conn *c);

#endif
