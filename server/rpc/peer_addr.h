/*
 * server/rpc/peer_addr.h - a pipe's remote address as text, for logs,
 * audit rows and the per-peer limits.
 */
#ifndef PMO_SERVER_RPC_PEER_ADDR_H
#define PMO_SERVER_RPC_PEER_ADDR_H

#include <nng/nng.h>
#include <stdbool.h>
#include <stddef.h>

/* Room for "[ffff:...:ffff]:65535" and its terminator. */
#define RPC_PEER_ADDR_LEN 64

/*
 * Writes p's remote address into out: "10.0.0.7" or "[2001:db8:...]", with
 * ":port" appended when with_port, or "-" when the pipe is gone or not on
 * TCP. Safe from any thread, including nng's pipe callbacks.
 */
void rpc_peer_addr(nng_pipe p, bool with_port, char *out, size_t len);

#endif
