/*
 * server/rpc/server.c - the rep0 socket, its context state machines, the
 * request queue and the worker threads. See server.h for the design.
 */
#include "rpc/server.h"
#include "rpc/conn_guard.h"
#include "rpc/heavy_calls.h"
#include "rpc/dispatch.h"
#include "common/arena.h"
#include "common/envelope.h"
#include "common/log.h"
#include "common/timeutil.h"
#include "common/xalloc.h"
#include "db/conn.h"

#include <nng/protocol/reqrep0/rep.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum rpc_ctx_state {
    RPC_CTX_INIT,
    RPC_CTX_RECV,
    RPC_CTX_QUEUED,
    RPC_CTX_SEND,
} rpc_ctx_state;

typedef struct rpc_ctx {
    rpc_server *server;
    nng_aio *aio;
    nng_ctx ctx;
    rpc_ctx_state state;
    nng_msg *request;
    nng_pipe pipe; /* the request's, for the connection guard */
    int64_t recv_us;
    struct rpc_ctx *next; /* queue link */
} rpc_ctx;

typedef struct rpc_worker {
    rpc_server *server;
    pthread_t thread;
    db_conn db;
    arena arena;
    bool started;
} rpc_worker;

struct rpc_server {
    rpc_server_config cfg;
    char **listen_urls;
    nng_socket sock;
    conn_guard *guard;
    heavy_calls *heavy;
    rpc_ctx *ctxs;
    rpc_worker *workers;
    int64_t started_at_ms;

    pthread_mutex_t lock;
    pthread_cond_t work_ready; /* queue non-empty or stopping */
    pthread_cond_t idle;       /* busy reached zero */
    rpc_ctx *queue_head, *queue_tail;
    int busy; /* requests queued or being served */
    bool draining;
    bool stopping;
};

/* ------------------------------------------------------------------ queue */

static void rpc_queue_push(rpc_server *s, rpc_ctx *c)
{
    c->next = NULL;
    if (s->queue_tail)
        s->queue_tail->next = c;
    else
        s->queue_head = c;
    s->queue_tail = c;
    pthread_cond_signal(&s->work_ready);
}

static rpc_ctx *rpc_queue_pop(rpc_server *s)
{
    rpc_ctx *c = s->queue_head;
    if (c) {
        s->queue_head = c->next;
        if (s->queue_head == NULL)
            s->queue_tail = NULL;
    }
    return c;
}

/* ------------------------------------------------------- context machine */

static void rpc_ctx_recv(rpc_ctx *c)
{
    c->state = RPC_CTX_RECV;
    nng_ctx_recv(c->ctx, c->aio);
}

static void rpc_ctx_send(rpc_ctx *c, nng_msg *reply)
{
    c->state = RPC_CTX_SEND;
    nng_aio_set_msg(c->aio, reply);
    nng_ctx_send(c->ctx, c->aio);
}

/* The request's reply went out or never will: its pipe may idle again. */
static void rpc_ctx_request_done(rpc_ctx *c)
{
    conn_guard_request_end(c->server->guard, c->pipe);
    c->pipe = (nng_pipe)NNG_PIPE_INITIALIZER;
}

/* Answers a request that arrives while draining, without a worker. */
static nng_msg *rpc_reply_unavailable(nng_msg *request)
{
    Pmo__V1__ResponseEnvelope resp = PMO__V1__RESPONSE_ENVELOPE__INIT;
    resp.code = PMO__V1__STATUS_CODE__UNAVAILABLE;
    resp.message = "server is shutting down";
    nng_msg *reply = NULL;
    envelope_pack_msg(&resp.base, &reply);
    nng_msg_free(request);
    return reply;
}

static void rpc_ctx_on_recv(rpc_ctx *c)
{
    rpc_server *s = c->server;
    int rv = nng_aio_result(c->aio);
    if (rv == NNG_ECLOSED || rv == NNG_ECANCELED)
        return;
    if (rv != 0) {
        log_warn("msg=\"receive failed\" error=\"%s\"", nng_strerror(rv));
        rpc_ctx_recv(c);
        return;
    }
    nng_msg *msg = nng_aio_get_msg(c->aio);
    c->pipe = nng_msg_get_pipe(msg);
    conn_guard_request_begin(s->guard, c->pipe);
    pthread_mutex_lock(&s->lock);
    if (s->draining) {
        pthread_mutex_unlock(&s->lock);
        nng_msg *reply = rpc_reply_unavailable(msg);
        if (reply) {
            rpc_ctx_send(c, reply);
            return;
        }
        rpc_ctx_request_done(c);
        rpc_ctx_recv(c);
        return;
    }
    c->request = msg;
    c->recv_us = time_mono_us();
    c->state = RPC_CTX_QUEUED;
    s->busy++;
    rpc_queue_push(s, c);
    pthread_mutex_unlock(&s->lock);
}

static void rpc_ctx_on_send(rpc_ctx *c)
{
    int rv = nng_aio_result(c->aio);
    rpc_ctx_request_done(c);
    if (rv != 0) {
        /* Not sent: the message is still ours (nng_ctx_send(3)). */
        nng_msg_free(nng_aio_get_msg(c->aio));
        if (rv == NNG_ECLOSED || rv == NNG_ECANCELED)
            return;
    }
    rpc_ctx_recv(c);
}

static void rpc_ctx_cb(void *arg)
{
    rpc_ctx *c = arg;
    switch (c->state) {
    case RPC_CTX_INIT:
        rpc_ctx_recv(c);
        break;
    case RPC_CTX_RECV:
        rpc_ctx_on_recv(c);
        break;
    case RPC_CTX_SEND:
        rpc_ctx_on_send(c);
        break;
    case RPC_CTX_QUEUED:
        /* A worker owns the context; nng never calls back in this state. */
        break;
    }
}

/* ---------------------------------------------------------------- workers */

static void rpc_worker_serve(rpc_worker *w, rpc_ctx *c)
{
    rpc_server *s = w->server;
    nng_msg *reply = rpc_dispatch(s, &w->arena, &w->db, c->request, c->recv_us);
    nng_msg_free(c->request);
    c->request = NULL;
    if (reply) {
        rpc_ctx_send(c, reply);
    } else {
        rpc_ctx_request_done(c); /* out of memory in nng: drop this one */
        rpc_ctx_recv(c);
    }
    pthread_mutex_lock(&s->lock);
    if (--s->busy == 0)
        pthread_cond_broadcast(&s->idle);
    pthread_mutex_unlock(&s->lock);
}

static void *rpc_worker_main(void *arg)
{
    rpc_worker *w = arg;
    rpc_server *s = w->server;
    if (s->cfg.on_worker_start)
        s->cfg.on_worker_start(s->cfg.arg);
    for (;;) {
        pthread_mutex_lock(&s->lock);
        while (s->queue_head == NULL && !s->stopping)
            pthread_cond_wait(&s->work_ready, &s->lock);
        rpc_ctx *c = rpc_queue_pop(s);
        pthread_mutex_unlock(&s->lock);
        if (c == NULL)
            break; /* stopping and nothing left */
        rpc_worker_serve(w, c);
    }
    return NULL;
}

static int rpc_workers_start(rpc_server *s, char *err, size_t errlen)
{
    s->workers = xcalloc((size_t)s->cfg.workers, sizeof(*s->workers));
    for (int i = 0; i < s->cfg.workers; i++) {
        rpc_worker *w = &s->workers[i];
        w->server = s;
        if (db_conn_open(&w->db, s->cfg.db_conninfo, err, errlen) != 0)
            return -1;
        arena_init(&w->arena);
        if (pthread_create(&w->thread, NULL, rpc_worker_main, w) != 0) {
            snprintf(err, errlen, "cannot start worker thread");
            db_conn_close(&w->db);
            arena_fini(&w->arena);
            return -1;
        }
        w->started = true;
    }
    return 0;
}

static void rpc_workers_stop(rpc_server *s)
{
    if (s->workers == NULL)
        return;
    pthread_mutex_lock(&s->lock);
    s->stopping = true;
    pthread_cond_broadcast(&s->work_ready);
    pthread_mutex_unlock(&s->lock);
    for (int i = 0; i < s->cfg.workers; i++) {
        rpc_worker *w = &s->workers[i];
        if (!w->started)
            continue;
        pthread_join(w->thread, NULL);
        db_conn_close(&w->db);
        arena_fini(&w->arena);
    }
    free(s->workers);
    s->workers = NULL;
}

/* ----------------------------------------------------------------- socket */

static int rpc_listen_one(rpc_server *s, const char *url, char *err,
                          size_t errlen)
{
    bool tls = strncmp(url, "tls+tcp://", 10) == 0;
    if (!tls && !s->cfg.allow_insecure) {
        snprintf(err, errlen,
                 "listen %s: only tls+tcp:// is served unless --insecure is "
                 "given",
                 url);
        return -1;
    }
    nng_listener l;
    int rv = nng_listener_create(&l, s->sock, url);
    if (rv == 0 && tls)
        rv = nng_listener_set_ptr(l, NNG_OPT_TLS_CONFIG, s->cfg.tls);
    if (rv == 0)
        rv = nng_listener_start(l, 0);
    if (rv != 0) {
        snprintf(err, errlen, "listen %s: %s", url, nng_strerror(rv));
        return -1;
    }
    conn_guard_watch_listener(s->guard, l);
    if (!tls)
        log_warn("msg=\"listening WITHOUT TLS\" url=%s", url);
    log_info("msg=listening url=%s", url);
    return 0;
}

static int rpc_socket_open(rpc_server *s, char *err, size_t errlen)
{
    /*
     * nng's cap sits above the served limit: nng drops a frame over its cap
     * with the connection, unseen and unanswered, while one between the
     * two reaches rpc_dispatch, which answers it RESOURCE_EXHAUSTED.
     */
    int rv = nng_rep0_open(&s->sock);
    if (rv == 0)
        rv =
            nng_socket_set_size(s->sock, NNG_OPT_RECVMAXSZ, ENVELOPE_MAX_FRAME);
    if (rv != 0) {
        snprintf(err, errlen, "rep0 socket: %s", nng_strerror(rv));
        return -1;
    }
    if (conn_guard_alloc(s->sock, &s->cfg.limits, &s->guard, err, errlen) != 0)
        return -1;
    s->heavy = heavy_calls_alloc(s->cfg.heavy_calls_per_user,
                                 s->cfg.workers - 1);
    s->ctxs = xcalloc((size_t)s->cfg.contexts, sizeof(*s->ctxs));
    for (int i = 0; i < s->cfg.contexts; i++) {
        rpc_ctx *c = &s->ctxs[i];
        c->server = s;
        c->state = RPC_CTX_INIT;
        rv = nng_aio_alloc(&c->aio, rpc_ctx_cb, c);
        if (rv == 0)
            rv = nng_ctx_open(&c->ctx, s->sock);
        if (rv != 0) {
            snprintf(err, errlen, "context %d: %s", i, nng_strerror(rv));
            return -1;
        }
    }
    return 0;
}

static void rpc_socket_close(rpc_server *s)
{
    nng_close(s->sock);
    if (s->ctxs == NULL)
        return;
    for (int i = 0; i < s->cfg.contexts; i++)
        if (s->ctxs[i].aio)
            nng_aio_stop(s->ctxs[i].aio);
    for (int i = 0; i < s->cfg.contexts; i++) {
        rpc_ctx *c = &s->ctxs[i];
        if (c->aio)
            nng_aio_free(c->aio);
        nng_ctx_close(c->ctx);
        if (c->request)
            nng_msg_free(c->request);
    }
    free(s->ctxs);
    s->ctxs = NULL;
}

/* ------------------------------------------------------------------- API */

rpc_server *rpc_server_start(const rpc_server_config *cfg, char *err,
                             size_t errlen)
{
    rpc_server *s = xcalloc(1, sizeof(*s));
    s->cfg = *cfg;
    s->started_at_ms = time_now_ms();
    s->listen_urls = xcalloc(cfg->n_listen + 1, sizeof(char *));
    for (size_t i = 0; i < cfg->n_listen; i++)
        s->listen_urls[i] = xstrdup(cfg->listen_urls[i]);
    s->cfg.listen_urls = (const char *const *)s->listen_urls;
    s->cfg.server_name = xstrdup(cfg->server_name ? cfg->server_name : "");
    if (cfg->tls)
        nng_tls_config_hold(cfg->tls);
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->work_ready, NULL);
    pthread_cond_init(&s->idle, NULL);

    if (rpc_workers_start(s, err, errlen) != 0 ||
        rpc_socket_open(s, err, errlen) != 0)
        goto fail;
    for (size_t i = 0; i < cfg->n_listen; i++)
        if (rpc_listen_one(s, cfg->listen_urls[i], err, errlen) != 0)
            goto fail;
    for (int i = 0; i < s->cfg.contexts; i++)
        rpc_ctx_cb(&s->ctxs[i]);
    return s;
fail:
    rpc_server_stop(s);
    return NULL;
}

void rpc_server_drain(rpc_server *s, int timeout_ms)
{
    pthread_mutex_lock(&s->lock);
    s->draining = true;
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += timeout_ms / 1000;
    until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    while (s->busy > 0)
        if (pthread_cond_timedwait(&s->idle, &s->lock, &until) != 0)
            break;
    int left = s->busy;
    pthread_mutex_unlock(&s->lock);
    if (left > 0)
        log_warn("msg=\"drain timed out\" in_flight=%d", left);
}

void rpc_server_stop(rpc_server *s)
{
    if (s == NULL)
        return;
    /*
     * Workers first: each finishes the request it holds and hands the reply
     * to nng; queued ones are then served too, since stopping only ends a
     * worker once the queue is empty. Then the socket, which cancels every
     * pending receive and send.
     */
    rpc_workers_stop(s);
    rpc_socket_close(s);
    conn_guard_free(s->guard);
    heavy_calls_free(s->heavy);
    if (s->cfg.tls)
        nng_tls_config_free(s->cfg.tls);
    for (size_t i = 0; i < s->cfg.n_listen; i++)
        free(s->listen_urls[i]);
    free(s->listen_urls);
    free((char *)s->cfg.server_name);
    pthread_mutex_destroy(&s->lock);
    pthread_cond_destroy(&s->work_ready);
    pthread_cond_destroy(&s->idle);
    free(s);
}

void rpc_server_get_stats(const rpc_server *s, rpc_server_stats *out)
{
    out->started_at_ms = s->started_at_ms;
    out->workers = s->cfg.workers;
    out->contexts = s->cfg.contexts;
    out->listen_urls = s->cfg.listen_urls;
    out->n_listen = s->cfg.n_listen;
    out->server_name = s->cfg.server_name;
    out->draining = s->draining;
}

const rpc_table *rpc_server_table(const rpc_server *s)
{
    return s->cfg.table;
}

heavy_calls *rpc_server_heavy_calls(const rpc_server *s)
{
    return s->heavy;
}
