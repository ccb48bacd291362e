/*
 * server/rpc/conn_guard.h - caps on the connections of the rep0 socket,
 * per remote address and in total, and the closing of idle ones.
 *
 * DESIGN
 * nng announces each pipe (a connection past its TLS handshake and SP
 * header exchange) with NNG_PIPE_EV_ADD_PRE before the socket uses it, and
 * its end with NNG_PIPE_EV_REM_POST. The ADD_PRE callback, on nng's pipe
 * thread, enters the pipe in a peer_table under the guard's mutex, or
 * closes it at once when its address or the whole socket is at its cap;
 * REM_POST takes it out. nng calls REM_POST for refused pipes too, and the
 * table ignores ids it never admitted.
 *
 * The server reports each request's arrival on a pipe and its reply going
 * out (conn_guard_request_begin/end, from nng's callbacks and the workers).
 * One sweeper thread wakes a few times per idle period, closes every pipe
 * with nothing in flight and no request for idle_timeout_ms, and writes the
 * summary of refusals (refusal_log) once a minute. It calls nng_pipe_close
 * outside the mutex: closing may run nng callbacks that take it.
 *
 * A connection still in its TLS handshake is not yet a pipe, and nng 1.5.2
 * does not bound the handshake (handshake_watch.h says why). The sweeper
 * therefore also scans the process's sockets on the listening ports (told
 * by conn_guard_watch_listener) and shuts down those that have not become
 * a pipe within handshake_timeout_ms. Connections still in their handshake
 * count against no cap; the deadline bounds how long each holds a
 * descriptor.
 *
 * Lifetime: allocate before the socket's first listener starts, free after
 * nng_close on the socket has returned (nng runs every REM_POST before
 * that) and after every aio that reports requests has stopped.
 */
#ifndef PMO_SERVER_RPC_CONN_GUARD_H
#define PMO_SERVER_RPC_CONN_GUARD_H

#include <nng/nng.h>
#include <stddef.h>

typedef struct conn_limits {
    int max_connections;          /* pipes open at once, all peers */
    int max_connections_per_peer; /* pipes open at once from one address */
    int idle_timeout_ms;          /* close a pipe quiet this long */
    int handshake_timeout_ms;     /* drop a connection not a pipe by then */
} conn_limits;

typedef struct conn_guard conn_guard;

/*
 * Registers the pipe callbacks on sock and starts the sweeper. Returns 0
 * and the guard in *out (the caller frees it with conn_guard_free), or -1
 * with a reason in err.
 */
int conn_guard_alloc(nng_socket sock, const conn_limits *limits,
                     conn_guard **out, char *err, size_t errlen);

/* Watches l's local port for stuck handshakes; after nng_listener_start. */
void conn_guard_watch_listener(conn_guard *g, nng_listener l);

/* A request arrived on p / its reply was sent or dropped. Any thread. */
void conn_guard_request_begin(conn_guard *g, nng_pipe p);
void conn_guard_request_end(conn_guard *g, nng_pipe p);

/* Stops the sweeper and frees the guard; see Lifetime above. NULL is ok. */
void conn_guard_free(conn_guard *g);

#endif
