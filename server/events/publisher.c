/* server/events/publisher.c - the events socket and what it publishes. */
#include "events/publisher.h"
#include "common/arena.h"
#include "common/log.h"
#include "common/timeutil.h"
#include "common/xalloc.h"
#include "events/subscriptions.h"
#include "model/events.h"

#include <nng/protocol/pubsub0/pub.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EVENT_BATCH          1000
#define EVENT_REFUSAL_LOG_MS 60000

struct event_publisher {
    nng_socket sock;
    bool started; /* last_seq read */
    int64_t last_seq;
    int64_t last_heartbeat_ms;
    /* The connected subscribers' pipe ids, so a pipe refused in ADD_PRE
     * is never counted out: nng's callback threads only. */
    pthread_mutex_t pipes_lock;
    uint32_t *pipes;
    int n_pipes, max_pipes;
    /* Refusals: logged once a minute at most, with the count since. */
    int64_t refusal_logged_ms;
    long refusals;
    arena arena;
};

/* Kinds whose change can change who reads a program. */
static const char *const event_membership_kinds[] = {"program_member",
                                                     "program"};

static void publisher_pipe_cb(nng_pipe pipe, nng_pipe_ev ev, void *arg)
{
    event_publisher *p = arg;
    uint32_t id = (uint32_t)nng_pipe_id(pipe);
    bool refused = false;
    long log_count = 0;
    pthread_mutex_lock(&p->pipes_lock);
    if (ev == NNG_PIPE_EV_ADD_PRE) {
        refused = p->n_pipes >= p->max_pipes;
        if (!refused)
            p->pipes[p->n_pipes++] = id;
        int64_t now = time_mono_us() / 1000;
        if (refused && ++p->refusals &&
            (p->refusal_logged_ms == 0 ||
             now - p->refusal_logged_ms >= EVENT_REFUSAL_LOG_MS)) {
            p->refusal_logged_ms = now;
            log_count = p->refusals;
            p->refusals = 0;
        }
    } else {
        for (int i = 0; i < p->n_pipes; i++)
            if (p->pipes[i] == id) {
                p->pipes[i] = p->pipes[--p->n_pipes];
                break;
            }
    }
    pthread_mutex_unlock(&p->pipes_lock);
    if (log_count)
        log_warn("msg=\"event subscribers refused\" "
                 "reason=max_connections limit=%d count=%ld "
                 "note=\"logged once a minute at most\"",
                 p->max_pipes, log_count);
    if (refused)
        nng_pipe_close(pipe);
}

event_publisher *event_publisher_start(const char *url, nng_tls_config *tls,
                                       bool insecure, int max_pipes, char *err,
                                       size_t errlen)
{
    bool is_tls = strncmp(url, "tls+tcp://", 10) == 0;
    if (!is_tls && !insecure) {
        snprintf(err, errlen,
                 "events_listen %s: only tls+tcp:// is served unless "
                 "--insecure is given",
                 url);
        return NULL;
    }
    event_publisher *p = xcalloc(1, sizeof(*p));
    p->max_pipes = max_pipes;
    p->pipes = xcalloc((size_t)max_pipes, sizeof(*p->pipes));
    pthread_mutex_init(&p->pipes_lock, NULL);
    arena_init(&p->arena);
    int rv = nng_pub0_open(&p->sock);
    if (rv != 0) {
        snprintf(err, errlen, "pub0 socket: %s", nng_strerror(rv));
        arena_fini(&p->arena);
        pthread_mutex_destroy(&p->pipes_lock);
        free(p->pipes);
        free(p);
        return NULL;
    }
    nng_listener l;
    rv = nng_pipe_notify(p->sock, NNG_PIPE_EV_ADD_PRE, publisher_pipe_cb, p);
    if (rv == 0)
        rv = nng_pipe_notify(p->sock, NNG_PIPE_EV_REM_POST, publisher_pipe_cb,
                             p);
    if (rv == 0)
        rv = nng_listener_create(&l, p->sock, url);
    if (rv == 0 && is_tls)
        rv = nng_listener_set_ptr(l, NNG_OPT_TLS_CONFIG, tls);
    if (rv == 0)
        rv = nng_listener_start(l, 0);
    if (rv != 0) {
        snprintf(err, errlen, "events_listen %s: %s", url, nng_strerror(rv));
        event_publisher_stop(p);
        return NULL;
    }
    if (!is_tls)
        log_warn("msg=\"events listening WITHOUT TLS\" url=%s", url);
    log_info("msg=\"events listening\" url=%s", url);
    return p;
}

void event_publisher_stop(event_publisher *p)
{
    if (p == NULL)
        return;
    nng_close(p->sock);
    arena_fini(&p->arena);
    pthread_mutex_destroy(&p->pipes_lock);
    free(p->pipes);
    free(p);
}

static void publisher_send(void *arg, const uint8_t *msg, size_t len)
{
    event_publisher *p = arg;
    nng_msg *m;
    if (nng_msg_alloc(&m, 0) != 0)
        return;
    if (nng_msg_append(m, msg, len) != 0 || nng_sendmsg(p->sock, m, 0) != 0)
        nng_msg_free(m);
}

static bool publisher_is_membership(const char *kind)
{
    for (size_t i = 0;
         i < sizeof(event_membership_kinds) / sizeof(*event_membership_kinds);
         i++)
        if (strcmp(kind, event_membership_kinds[i]) == 0)
            return true;
    return false;
}

/* event_subs_lookup_fn on the notification thread's connection. */
static int publisher_lookup(void *arg, int64_t user_id, bool is_admin,
                            const char *token_programs, int64_t **ids,
                            size_t *n)
{
    PGresult *r = events_user_programs(arg, user_id, is_admin, token_programs);
    if (r == NULL)
        return -1;
    size_t rows = (size_t)PQntuples(r);
    *ids = xcalloc(rows ? rows : 1, sizeof(**ids));
    for (size_t i = 0; i < rows; i++)
        (*ids)[i] = db_int64(r, (int)i, 0);
    *n = rows;
    PQclear(r);
    return 0;
}

/* Publishes one batch of rows; they are in seq order. */
static void publisher_batch(event_publisher *p, db_conn *db, PGresult *rows)
{
    size_t n = (size_t)PQntuples(rows);
    Pmo__V1__Event **events = arena_alloc(&p->arena, n * sizeof(*events));
    int64_t *programs = arena_alloc(&p->arena, n * sizeof(*programs));
    bool refresh = false;
    for (size_t i = 0; i < n; i++) {
        events[i] = events_from_row(&p->arena, rows, (int)i);
        programs[i] = db_int64(rows, (int)i, EVENTS_COL_PROGRAM_ID);
        refresh = refresh || publisher_is_membership(events[i]->kind);
    }
    /* Roles as they are now, as ListEvents sees them: a role taken away
     * stops the events at once. */
    if (refresh)
        event_subs_refresh(publisher_lookup, db);
    p->last_seq = events[n - 1]->seq;
    event_subs_publish(events, programs, n, p->last_seq, false, publisher_send,
                       p);
}

int event_publisher_catch_up(event_publisher *p, db_conn *db)
{
    if (!p->started) {
        if (events_last_seq(db, &p->last_seq) != 0)
            return -1;
        p->started = true;
        return 0;
    }
    for (;;) {
        PGresult *rows = events_read_after(db, p->last_seq, EVENT_BATCH);
        if (rows == NULL)
            return -1;
        int n = PQntuples(rows);
        if (n > 0)
            publisher_batch(p, db, rows);
        PQclear(rows);
        arena_reset(&p->arena);
        if (n < EVENT_BATCH)
            return 0;
    }
}

void event_publisher_tick(event_publisher *p, int64_t now_ms)
{
    event_subs_expire(now_ms);
    if (now_ms - p->last_heartbeat_ms < EVENT_HEARTBEAT_MS)
        return;
    p->last_heartbeat_ms = now_ms;
    event_subs_publish(NULL, NULL, 0, p->last_seq, true, publisher_send, p);
}
