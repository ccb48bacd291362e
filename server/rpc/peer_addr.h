/*
 * server/rpc/peer_addr.h - a peer's address as text, for logs, audit rows
 * and the per-peer limits: the same text whether it comes from an nng pipe
 * or from a socket.
 */
#ifndef PMO_SERVER_RPC_PEER_ADDR_H
#define PMO_SERVER_RPC_PEER_ADDR_H

#include <nng/nng.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

/* Room for "[ffff:...:ffff]:65535" and its terminator. */
#define RPC_PEER_ADDR_LEN 64

/*
 * Writes p's remote address into out: "10.0.0.7" or "[2001:db8:...]", with
 * ":port" appended when with_port, or "-" when the pipe is gone or not on
 * TCP. Safe from any thread, including nng's pipe callbacks.
 */
void rpc_peer_addr(nng_pipe p, bool with_port, char *out, size_t len);

/*
 * As rpc_peer_addr for a socket address (AF_INET or AF_INET6); returns -1
 * and writes "-" for any other family. *port gets the port when not NULL.
 */
int rpc_sockaddr_text(const struct sockaddr *sa, bool with_port, char *out,
                      size_t len, uint16_t *port);

#endif
