/*
 * server/rpc/peer_table.c - pipe and per-address counts behind the
 * connection caps. See peer_table.h for the design.
 */
#include "rpc/peer_table.h"
#include "common/hash.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- hashing */

static unsigned table_pipe_slot(const peer_table *t, uint32_t id)
{
    return (id * 2654435761u) & t->head_mask; /* Knuth's multiplier */
}

static unsigned table_str_slot(const peer_table *t, const char *key)
{
    return hash_str(key) & t->head_mask;
}

/* Pushes pool entry i onto the chain (or free list) starting at head. */
#define CHAIN_PUSH(head, pool, i)                                              \
    do {                                                                       \
        (pool)[i].next = (head);                                               \
        (head) = (i);                                                          \
    } while (0)

/* ---------------------------------------------------------------- pipes */

static int table_pipe_find(const peer_table *t, uint32_t id)
{
    int i = t->pipe_heads[table_pipe_slot(t, id)];
    while (i >= 0 && t->pipes[i].id != id)
        i = t->pipes[i].next;
    return i;
}

static int table_remote_find(const peer_table *t, const char *remote)
{
    int i = t->remote_heads[table_str_slot(t, remote)];
    while (i >= 0 && strcmp(t->pipes[i].remote, remote) != 0)
        i = t->pipes[i].remote_next;
    return i;
}

static void table_pipe_unlink(peer_table *t, int i)
{
    int *link = &t->pipe_heads[table_pipe_slot(t, t->pipes[i].id)];
    while (*link != i)
        link = &t->pipes[*link].next;
    *link = t->pipes[i].next;
    link = &t->remote_heads[table_str_slot(t, t->pipes[i].remote)];
    while (*link != i)
        link = &t->pipes[*link].remote_next;
    *link = t->pipes[i].remote_next;
    memset(&t->pipes[i], 0, sizeof(t->pipes[i]));
    CHAIN_PUSH(t->free_pipe, t->pipes, i);
}

/* ---------------------------------------------------------------- peers */

static int table_peer_find(const peer_table *t, const char *addr)
{
    int i = t->peer_heads[table_str_slot(t, addr)];
    while (i >= 0 && strcmp(t->peers[i].addr, addr) != 0)
        i = t->peers[i].next;
    return i;
}

/* The entry for addr, made if new; the pool has room (pipes >= peers). */
static int table_peer_get(peer_table *t, const char *addr)
{
    int i = table_peer_find(t, addr);
    if (i >= 0)
        return i;
    i = t->free_peer;
    t->free_peer = t->peers[i].next;
    snprintf(t->peers[i].addr, sizeof(t->peers[i].addr), "%s", addr);
    t->peers[i].pipes = 0;
    CHAIN_PUSH(t->peer_heads[table_str_slot(t, t->peers[i].addr)], t->peers, i);
    return i;
}

static void table_peer_release(peer_table *t, int i)
{
    if (--t->peers[i].pipes > 0)
        return;
    int *link = &t->peer_heads[table_str_slot(t, t->peers[i].addr)];
    while (*link != i)
        link = &t->peers[*link].next;
    *link = t->peers[i].next;
    memset(&t->peers[i], 0, sizeof(t->peers[i]));
    CHAIN_PUSH(t->free_peer, t->peers, i);
}

/* ------------------------------------------------------------------ API */

void peer_table_init(peer_table *t, int max_total, int max_per_peer)
{
    memset(t, 0, sizeof(*t));
    t->max_total = max_total > 0 ? max_total : 1;
    t->max_per_peer = max_per_peer > 0 ? max_per_peer : 1;
    unsigned heads = 1;
    while (heads < (unsigned)t->max_total)
        heads <<= 1;
    t->head_mask = heads - 1;
    t->pipes = xcalloc((size_t)t->max_total, sizeof(*t->pipes));
    t->peers = xcalloc((size_t)t->max_total, sizeof(*t->peers));
    t->pipe_heads = xmalloc(heads * sizeof(int));
    t->remote_heads = xmalloc(heads * sizeof(int));
    t->peer_heads = xmalloc(heads * sizeof(int));
    for (unsigned h = 0; h < heads; h++)
        t->pipe_heads[h] = t->remote_heads[h] = t->peer_heads[h] = -1;
    t->free_pipe = t->free_peer = -1;
    for (int i = t->max_total - 1; i >= 0; i--) {
        CHAIN_PUSH(t->free_pipe, t->pipes, i);
        CHAIN_PUSH(t->free_peer, t->peers, i);
    }
}

void peer_table_fini(peer_table *t)
{
    free(t->pipes);
    free(t->peers);
    free(t->pipe_heads);
    free(t->remote_heads);
    free(t->peer_heads);
    memset(t, 0, sizeof(*t));
}

peer_verdict peer_table_add(peer_table *t, uint32_t id, const char *addr,
                            const char *remote, int64_t now_ms)
{
    if (table_pipe_find(t, id) >= 0)
        return PEER_ADMITTED;
    if (t->total >= t->max_total)
        return PEER_OVER_TOTAL;
    char key[PEER_TABLE_ADDR_LEN];
    snprintf(key, sizeof(key), "%s", addr);
    int peer = table_peer_find(t, key);
    if (peer >= 0 && t->peers[peer].pipes >= t->max_per_peer)
        return PEER_OVER_PER_PEER;
    peer = table_peer_get(t, key);
    t->peers[peer].pipes++;
    int i = t->free_pipe;
    t->free_pipe = t->pipes[i].next;
    peer_table_pipe *p = &t->pipes[i];
    *p = (peer_table_pipe){.id = id, .peer = peer, .last_ms = now_ms};
    snprintf(p->remote, sizeof(p->remote), "%s", remote);
    CHAIN_PUSH(t->pipe_heads[table_pipe_slot(t, id)], t->pipes, i);
    p->remote_next = t->remote_heads[table_str_slot(t, p->remote)];
    t->remote_heads[table_str_slot(t, p->remote)] = i;
    t->total++;
    return PEER_ADMITTED;
}

bool peer_table_remove(peer_table *t, uint32_t id)
{
    int i = table_pipe_find(t, id);
    if (i < 0)
        return false;
    table_peer_release(t, t->pipes[i].peer);
    table_pipe_unlink(t, i);
    t->total--;
    return true;
}

void peer_table_begin(peer_table *t, uint32_t id, int64_t now_ms)
{
    int i = table_pipe_find(t, id);
    if (i < 0)
        return;
    t->pipes[i].in_flight++;
    t->pipes[i].last_ms = now_ms;
}

void peer_table_end(peer_table *t, uint32_t id, int64_t now_ms)
{
    int i = table_pipe_find(t, id);
    if (i < 0)
        return;
    if (t->pipes[i].in_flight > 0)
        t->pipes[i].in_flight--;
    t->pipes[i].last_ms = now_ms;
}

int peer_table_idle(peer_table *t, int64_t now_ms, int64_t idle_ms,
                    uint32_t *ids, int max)
{
    int n = 0;
    for (int i = 0; i < t->max_total && n < max; i++) {
        peer_table_pipe *p = &t->pipes[i];
        if (p->id == 0 || p->closing || p->in_flight > 0 ||
            now_ms - p->last_ms < idle_ms)
            continue;
        p->closing = true;
        ids[n++] = p->id;
    }
    return n;
}

bool peer_table_has_remote(const peer_table *t, const char *remote)
{
    return table_remote_find(t, remote) >= 0;
}

int peer_table_total(const peer_table *t)
{
    return t->total;
}

int peer_table_count(const peer_table *t, const char *addr)
{
    int i = table_peer_find(t, addr);
    return i < 0 ? 0 : t->peers[i].pipes;
}
