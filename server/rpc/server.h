/*
 * server/rpc/server.h - the RPC server: rep0 socket, contexts, workers.
 *
 * DESIGN
 * One rep0 socket listens on every configured address. It runs `contexts`
 * nng contexts, each an aio state machine (rpc_ctx), so that many requests
 * are in flight at once. nng's callbacks run on nng's shared task threads
 * and must never block, so a received request is only queued there; a
 * fixed pool of `workers` threads, each owning one PostgreSQL connection
 * and one arena, takes requests off the queue, serves them and sends the
 * reply from the worker thread. A request thus costs two thread hops.
 *
 * Ownership: the context's state says who may touch its aio. RECV: nng.
 * QUEUED/WORK: the queue, then one worker. SEND: nng again. The nng_msg of
 * a request belongs to the worker from dequeue until it is freed; the reply
 * belongs to nng once nng_ctx_send is called (or to us again if sending
 * fails, in which case the callback frees it).
 *
 * Connections: a conn_guard watches the socket's pipes, refuses those over
 * the caps and closes idle ones; each context tells it when a request
 * arrives on a pipe and when its reply is gone, so a pipe waiting for a
 * slow reply is not idle. The guard outlives the socket (rpc_server_stop).
 *
 * Shutdown: rpc_server_drain stops taking new requests (late arrivals get
 * UNAVAILABLE), waits for queued and running ones to finish and their
 * replies to be handed to nng, then rpc_server_stop closes the socket,
 * stops and frees every aio, and joins the workers.
 */
#ifndef PMO_SERVER_RPC_SERVER_H
#define PMO_SERVER_RPC_SERVER_H

#include "rpc/conn_guard.h"
#include "rpc/registry.h"

#include <nng/nng.h>
#include <nng/supplemental/tls/tls.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct rpc_server rpc_server;

typedef struct rpc_server_config {
    const char *const *listen_urls; /* tls+tcp:// (or tcp:// if insecure) */
    size_t n_listen;
    nng_tls_config *tls; /* finished; the server takes its own reference */
    bool allow_insecure;
    int workers;
    int contexts;
    conn_limits limits; /* connection caps and idle timeout */
    /* Heavy calls in flight per user; all users together get workers - 1
     * (at least 1). */
    int heavy_calls_per_user;
    const char *db_conninfo;
    const rpc_table *table;
    const char *server_name; /* for Meta/Info */
    /* Called on each worker thread after its connection opens; may be NULL. */
    void (*on_worker_start)(void *arg);
    void *arg;
} rpc_server_config;

/*
 * Opens the socket, connects every worker to PostgreSQL, and starts
 * listening. Returns the server, or NULL with a reason in err.
 */
rpc_server *rpc_server_start(const rpc_server_config *cfg, char *err,
                             size_t errlen);

/* Stops taking requests and waits up to timeout_ms for in-flight ones. */
void rpc_server_drain(rpc_server *s, int timeout_ms);

/* Closes everything and frees the server. */
void rpc_server_stop(rpc_server *s);

/* For Meta/Info. */
typedef struct rpc_server_stats {
    int64_t started_at_ms;
    int workers;
    int contexts;
    const char *const *listen_urls;
    size_t n_listen;
    const char *server_name;
    bool draining;
} rpc_server_stats;

void rpc_server_get_stats(const rpc_server *s, rpc_server_stats *out);
const rpc_table *rpc_server_table(const rpc_server *s);
/* The counts of heavy calls in flight (rpc/heavy_calls.h). */
struct heavy_calls *rpc_server_heavy_calls(const rpc_server *s);

#endif
