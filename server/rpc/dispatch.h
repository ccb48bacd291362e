/*
 * server/rpc/dispatch.h - serving one request on a worker thread.
 */
#ifndef PMO_SERVER_RPC_DISPATCH_H
#define PMO_SERVER_RPC_DISPATCH_H

#include "common/arena.h"
#include "db/conn.h"

#include <nng/nng.h>
#include <stdint.h>

struct rpc_server;

/*
 * Serves one request message and returns the reply message (never NULL
 * unless nng cannot allocate one). The request message stays the caller's.
 * Uses and resets the worker's arena and connection. recv_us is when the
 * request arrived (monotonic), the start of its deadline.
 */
nng_msg *rpc_dispatch(struct rpc_server *s, arena *a, db_conn *db,
                      nng_msg *request, int64_t recv_us);

#endif
