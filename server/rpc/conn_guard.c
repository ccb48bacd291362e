/*
 * server/rpc/conn_guard.c - connection caps and idle closing for the rep0
 * socket. See conn_guard.h for the design.
 */
#include "rpc/conn_guard.h"
#include "common/log.h"
#include "common/timeutil.h"
#include "common/xalloc.h"
#include "rpc/handshake_watch.h"
#include "rpc/peer_addr.h"
#include "rpc/peer_table.h"
#include "rpc/refusal_log.h"

#include <arpa/inet.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Refusals after the first are summed and logged once per this period. */
#define GUARD_SUMMARY_MS 60000
/* Stuck handshakes dropped per sweep at most; the rest wait for the next. */
#define GUARD_DROP_BATCH 256
#define GUARD_MAX_PORTS  16
/* A summary's "ADDR=N ..." list: every named peer and " others=N". */
#define GUARD_PEERS_TEXT_LEN                                                   \
    (REFUSAL_LOG_PEERS * (REFUSAL_LOG_ADDR_LEN + 24) + 32)

struct conn_guard {
    conn_limits limits;
    pthread_mutex_t lock;
    pthread_cond_t wake; /* stopping */
    peer_table table;
    refusal_log refusals;
    uint16_t ports[GUARD_MAX_PORTS]; /* listening ports, for the watch */
    int n_ports;
    /* The sweeper's alone: */
    uint32_t *idle_ids; /* max_connections long */
    handshake_watch watch;
    handshake_conn *stuck; /* GUARD_DROP_BATCH long */
    pthread_t sweeper;
    bool sweeper_started;
    bool stopping;
};

static int64_t guard_now_ms(void)
{
    return time_mono_us() / 1000;
}

/* ------------------------------------------------------ pipe callbacks */

static const char *guard_cap_name(peer_verdict v)
{
    return v == PEER_OVER_TOTAL ? "max_connections"
                                : "max_connections_per_peer";
}

static void guard_pipe_added_cb(nng_pipe p, nng_pipe_ev ev, void *arg)
{
    conn_guard *g = arg;
    char addr[RPC_PEER_ADDR_LEN], remote[RPC_PEER_ADDR_LEN];
    rpc_peer_addr(p, false, addr, sizeof(addr));
    rpc_peer_addr(p, true, remote, sizeof(remote));
    int64_t now = guard_now_ms();
    pthread_mutex_lock(&g->lock);
    peer_verdict v =
        peer_table_add(&g->table, (uint32_t)nng_pipe_id(p), addr, remote, now);
    bool first =
        v != PEER_ADMITTED && refusal_log_note(&g->refusals, addr, now);
    pthread_mutex_unlock(&g->lock);
    if (v == PEER_ADMITTED)
        return;
    /* Closed in ADD_PRE, it never reaches the socket (nng_pipe_notify(3)). */
    nng_pipe_close(p);
    if (first)
        log_warn("msg=\"connection refused\" peer=%s reason=%s limit=%d "
                 "note=\"further refusals are summed every %d s\"",
                 addr, guard_cap_name(v),
                 v == PEER_OVER_TOTAL ? g->limits.max_connections
                                      : g->limits.max_connections_per_peer,
                 GUARD_SUMMARY_MS / 1000);
}

static void guard_pipe_removed_cb(nng_pipe p, nng_pipe_ev ev, void *arg)
{
    conn_guard *g = arg;
    pthread_mutex_lock(&g->lock);
    peer_table_remove(&g->table, (uint32_t)nng_pipe_id(p));
    pthread_mutex_unlock(&g->lock);
}

/* -------------------------------------------------------------- sweeper */

static void guard_log_summary(long count, const char *peers)
{
    char quoted[GUARD_PEERS_TEXT_LEN + 32]; /* with quotes and escapes */
    log_warn("msg=\"connections refused\" count=%ld window_s=%d peers=%s",
             count, GUARD_SUMMARY_MS / 1000,
             log_quote(quoted, sizeof(quoted), peers));
}

static void guard_close_idle(const uint32_t *ids, int n)
{
    for (int i = 0; i < n; i++) {
        nng_pipe p = {.id = ids[i]};
        char addr[RPC_PEER_ADDR_LEN];
        rpc_peer_addr(p, true, addr, sizeof(addr));
        log_debug("msg=\"idle connection closed\" peer=%s", addr);
        nng_pipe_close(p);
    }
}

static bool guard_is_pipe_cb(void *arg, const char *remote)
{
    conn_guard *g = arg;
    pthread_mutex_lock(&g->lock);
    bool found = peer_table_has_remote(&g->table, remote);
    pthread_mutex_unlock(&g->lock);
    return found;
}

/* Called unlocked; takes the lock only to copy the ports and ask. */
static void guard_drop_stuck(conn_guard *g, int64_t now)
{
    uint16_t ports[GUARD_MAX_PORTS];
    pthread_mutex_lock(&g->lock);
    int n_ports = g->n_ports;
    memcpy(ports, g->ports, sizeof(ports));
    pthread_mutex_unlock(&g->lock);
    int n = handshake_watch_scan(
        &g->watch, ports, n_ports, now, g->limits.handshake_timeout_ms,
        guard_is_pipe_cb, g, g->stuck, GUARD_DROP_BATCH);
    for (int i = 0; i < n; i++)
        if (handshake_watch_drop(&g->stuck[i]))
            log_debug("msg=\"handshake timed out\" peer=%s age_ms=%lld",
                      g->stuck[i].remote, (long long)g->stuck[i].age_ms);
}

/*
 * A few sweeps per idle period and handshake deadline, so that a pipe or
 * a handshake outlives its deadline by about a quarter at most.
 */
static int64_t guard_tick_ms(const conn_guard *g)
{
    int64_t tick = g->limits.idle_timeout_ms < g->limits.handshake_timeout_ms
                       ? g->limits.idle_timeout_ms
                       : g->limits.handshake_timeout_ms;
    tick /= 4;
    return tick < 100 ? 100 : tick > 1000 ? 1000 : tick;
}

static void guard_wait_tick(conn_guard *g)
{
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    int64_t ns = until.tv_nsec + guard_tick_ms(g) * 1000000;
    until.tv_sec += (time_t)(ns / 1000000000);
    until.tv_nsec = (long)(ns % 1000000000);
    pthread_cond_timedwait(&g->wake, &g->lock, &until);
}

static void *guard_sweep_main(void *arg)
{
    conn_guard *g = arg;
    char peers[GUARD_PEERS_TEXT_LEN];
    pthread_mutex_lock(&g->lock);
    while (!g->stopping) {
        guard_wait_tick(g);
        if (g->stopping)
            break;
        int64_t now = guard_now_ms();
        int n = peer_table_idle(&g->table, now, g->limits.idle_timeout_ms,
                                g->idle_ids, g->limits.max_connections);
        long refused =
            refusal_log_flush(&g->refusals, now, peers, sizeof(peers));
        pthread_mutex_unlock(&g->lock);
        guard_close_idle(g->idle_ids, n);
        guard_drop_stuck(g, now);
        if (refused)
            guard_log_summary(refused, peers);
        pthread_mutex_lock(&g->lock);
    }
    pthread_mutex_unlock(&g->lock);
    return NULL;
}

/* ------------------------------------------------------------------ API */

static void guard_request_mark(conn_guard *g, nng_pipe p, bool begin)
{
    int id = nng_pipe_id(p);
    if (g == NULL || id <= 0)
        return;
    int64_t now = guard_now_ms();
    pthread_mutex_lock(&g->lock);
    if (begin)
        peer_table_begin(&g->table, (uint32_t)id, now);
    else
        peer_table_end(&g->table, (uint32_t)id, now);
    pthread_mutex_unlock(&g->lock);
}

void conn_guard_watch_listener(conn_guard *g, nng_listener l)
{
    nng_sockaddr sa;
    if (nng_listener_get_addr(l, NNG_OPT_LOCADDR, &sa) != 0)
        return;
    uint16_t port = sa.s_family == NNG_AF_INET    ? ntohs(sa.s_in.sa_port)
                    : sa.s_family == NNG_AF_INET6 ? ntohs(sa.s_in6.sa_port)
                                                  : 0;
    pthread_mutex_lock(&g->lock);
    if (port && g->n_ports < GUARD_MAX_PORTS)
        g->ports[g->n_ports++] = port;
    pthread_mutex_unlock(&g->lock);
}

void conn_guard_request_begin(conn_guard *g, nng_pipe p)
{
    guard_request_mark(g, p, true);
}

void conn_guard_request_end(conn_guard *g, nng_pipe p)
{
    guard_request_mark(g, p, false);
}

int conn_guard_alloc(nng_socket sock, const conn_limits *limits,
                     conn_guard **out, char *err, size_t errlen)
{
    conn_guard *g = xcalloc(1, sizeof(*g));
    g->limits = *limits;
    pthread_mutex_init(&g->lock, NULL);
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&g->wake, &attr);
    pthread_condattr_destroy(&attr);
    peer_table_init(&g->table, limits->max_connections,
                    limits->max_connections_per_peer);
    refusal_log_init(&g->refusals, GUARD_SUMMARY_MS);
    g->idle_ids = xcalloc((size_t)g->table.max_total, sizeof(uint32_t));
    handshake_watch_init(&g->watch);
    g->stuck = xcalloc(GUARD_DROP_BATCH, sizeof(*g->stuck));
    int rv = nng_pipe_notify(sock, NNG_PIPE_EV_ADD_PRE, guard_pipe_added_cb, g);
    if (rv == 0)
        rv = nng_pipe_notify(sock, NNG_PIPE_EV_REM_POST, guard_pipe_removed_cb,
                             g);
    if (rv != 0) {
        snprintf(err, errlen, "pipe notifications: %s", nng_strerror(rv));
        conn_guard_free(g);
        return -1;
    }
    if (pthread_create(&g->sweeper, NULL, guard_sweep_main, g) != 0) {
        snprintf(err, errlen, "cannot start the idle connection sweeper");
        conn_guard_free(g);
        return -1;
    }
    g->sweeper_started = true;
    *out = g;
    return 0;
}

void conn_guard_free(conn_guard *g)
{
    if (g == NULL)
        return;
    if (g->sweeper_started) {
        pthread_mutex_lock(&g->lock);
        g->stopping = true;
        pthread_cond_signal(&g->wake);
        pthread_mutex_unlock(&g->lock);
        pthread_join(g->sweeper, NULL);
    }
    peer_table_fini(&g->table);
    free(g->idle_ids);
    handshake_watch_fini(&g->watch);
    free(g->stuck);
    pthread_cond_destroy(&g->wake);
    pthread_mutex_destroy(&g->lock);
    free(g);
}
