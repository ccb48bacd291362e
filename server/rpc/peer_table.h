/*
 * server/rpc/peer_table.h - the open connections (nng pipes), counted per
 * remote address and in total, with the time each last did something.
 *
 * DESIGN
 * Two fixed pools sized by the total cap when the table is made: one entry
 * per admitted pipe and one per address with a pipe open (never more
 * addresses than pipes). Pipes are chained by nng's pipe id and by their
 * remote "address:port" (to tell a pipe's socket from one still in its
 * handshake), addresses by the address; every chain runs over a free list,
 * so admitting, removing and finding a pipe cost O(1) and the table never
 * allocates after peer_table_init. A refused pipe
 * is never entered, so removing an unknown id is harmless: nng reports the
 * removal of every pipe it announced, refused or not.
 *
 * Pure data: no nng, no clock, no lock. The caller passes the time and
 * serialises every call (conn_guard holds one mutex around them).
 */
#ifndef PMO_SERVER_RPC_PEER_TABLE_H
#define PMO_SERVER_RPC_PEER_TABLE_H

#include <stdbool.h>
#include <stdint.h>

#define PEER_TABLE_ADDR_LEN 64

typedef enum peer_verdict {
    PEER_ADMITTED,
    PEER_OVER_TOTAL,    /* max_total pipes are open already */
    PEER_OVER_PER_PEER, /* this address has max_per_peer open already */
} peer_verdict;

typedef struct peer_table_pipe {
    uint32_t id;                      /* 0 when the entry is free */
    char remote[PEER_TABLE_ADDR_LEN]; /* "address:port" */
    int peer;                         /* index into peers */
    int in_flight;
    bool closing; /* reported idle once; not again */
    int64_t last_ms;
    int next;        /* chain by id, or free list; -1 ends */
    int remote_next; /* chain by remote */
} peer_table_pipe;

typedef struct peer_table_peer {
    char addr[PEER_TABLE_ADDR_LEN]; /* "" when free */
    int pipes;
    int next;
} peer_table_peer;

typedef struct peer_table {
    int max_total, max_per_peer;
    int total;
    peer_table_pipe *pipes;
    peer_table_peer *peers;
    int *pipe_heads, *remote_heads, *peer_heads; /* head_mask + 1 each */
    unsigned head_mask;
    int free_pipe, free_peer;
} peer_table;

/* Sizes the table for max_total pipes (both caps at least 1). */
void peer_table_init(peer_table *t, int max_total, int max_per_peer);
void peer_table_fini(peer_table *t);

/*
 * Admits pipe id from addr, connected from remote ("addr:port"; both cut
 * to PEER_TABLE_ADDR_LEN - 1 bytes), at now_ms unless a cap is reached; a
 * refused pipe is not entered. An id already present is admitted again
 * without counting twice.
 */
peer_verdict peer_table_add(peer_table *t, uint32_t id, const char *addr,
                            const char *remote, int64_t now_ms);

/* Forgets pipe id; returns false if it was never admitted. */
bool peer_table_remove(peer_table *t, uint32_t id);

/*
 * A request arrived on pipe id (begin) or its reply went out or was
 * dropped (end). A pipe with a request in flight is never idle. Unknown
 * ids are ignored.
 */
void peer_table_begin(peer_table *t, uint32_t id, int64_t now_ms);
void peer_table_end(peer_table *t, uint32_t id, int64_t now_ms);

/*
 * Writes into ids (room for max) the pipes with nothing in flight and no
 * activity for idle_ms or more, marking each so it is reported only once.
 * Returns how many were written.
 */
int peer_table_idle(peer_table *t, int64_t now_ms, int64_t idle_ms,
                    uint32_t *ids, int max);

/* Whether an admitted pipe is connected from remote ("addr:port"). */
bool peer_table_has_remote(const peer_table *t, const char *remote);

/* Pipes open in all, and from addr. */
int peer_table_total(const peer_table *t);
int peer_table_count(const peer_table *t, const char *addr);

#endif
