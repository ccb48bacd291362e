/*
 * server/events/notify.c - LISTEN thread: cache invalidation, sealing and
 * event publishing.
 */
#include "events/notify.h"
#include "audit/audit.h"
#include "auth/session_cache.h"
#include "common/backoff.h"
#include "common/log.h"
#include "common/timeutil.h"
#include "common/xalloc.h"
#include "db/conn.h"
#include "events/publisher.h"
#include "events/subscriptions.h"
#include "model/idempotency.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NOTIFY_TICK_MS 1000
#define NOTIFY_SEAL_BATCH 1000
#define NOTIFY_EXPIRE_EVERY_MS (3600 * 1000)
/* While the database is away: retries from 0.25 s growing to 30 s, and one
 * log line a minute after the first. */
#define NOTIFY_RETRY_BASE_MS 250
#define NOTIFY_RETRY_MAX_MS (30 * 1000)
#define NOTIFY_SUMMARY_EVERY_MS (60 * 1000)

struct notify_bridge {
    db_conn db;
    pthread_t thread;
    int wake[2]; /* self-pipe: a byte means stop */
    bool seal_wanted;
    bool publish_wanted;
    event_publisher *events; /* may be NULL */
    int64_t last_expire_ms;
    backoff retry;
};

/* A credential or user changed: neither the cache nor a live event
 * subscription may go on trusting it. */
static void notify_handle_auth(const char *payload)
{
    if (strncmp(payload, "session:", 8) == 0) {
        int64_t id = strtoll(payload + 8, NULL, 10);
        session_cache_drop_session(id);
        event_subs_drop_session(id);
    } else if (strncmp(payload, "token:", 6) == 0) {
        int64_t id = strtoll(payload + 6, NULL, 10);
        session_cache_drop_token(id);
        event_subs_drop_token(id);
    } else if (strncmp(payload, "user:", 5) == 0) {
        int64_t id = strtoll(payload + 5, NULL, 10);
        session_cache_drop_user(id);
        event_subs_drop_user(id);
    } else {
        session_cache_clear();
        event_subs_drop_all();
    }
}

static void notify_drain(notify_bridge *b)
{
    PGnotify *n;
    while ((n = PQnotifies(b->db.pg)) != NULL) {
        if (strcmp(n->relname, "pmo_auth") == 0)
            notify_handle_auth(n->extra);
        else if (strcmp(n->relname, "pmo_audit") == 0)
            b->seal_wanted = true;
        else if (strcmp(n->relname, "pmo_events") == 0)
            b->publish_wanted = true;
        PQfreemem(n);
    }
}

static void notify_seal(notify_bridge *b)
{
    int n;
    do {
        n = audit_seal(&b->db, NOTIFY_SEAL_BATCH);
        if (n < 0) {
            char error[600];
            log_warn("msg=\"audit sealing failed\" error=%s",
                     log_quote(error, sizeof(error), b->db.error));
        }
    } while (n == NOTIFY_SEAL_BATCH);
    b->seal_wanted = false;
    if (n > 0)
        b->publish_wanted = true;
}

/* Sealed rows, whichever server sealed them, go out in seq order. */
static void notify_publish(notify_bridge *b)
{
    if (b->events == NULL)
        return;
    if (event_publisher_catch_up(b->events, &b->db) != 0) {
        char error[600];
        log_warn("msg=\"event publishing failed\" error=%s",
                 log_quote(error, sizeof(error), b->db.error));
        return;
    }
    b->publish_wanted = false;
}

static int notify_listen(notify_bridge *b)
{
    return db_exec_simple(
        &b->db, "LISTEN pmo_auth; LISTEN pmo_audit; LISTEN pmo_events");
}

/* Waits ms, or less if asked to stop; returns whether to stop. */
static bool notify_sleep(notify_bridge *b, int ms)
{
    struct pollfd fd = {.fd = b->wake[0], .events = POLLIN};
    int rc;
    do
        rc = poll(&fd, 1, ms);
    while (rc < 0 && errno == EINTR);
    return rc != 0;
}

static void notify_report_failure(notify_bridge *b)
{
    char error[600];
    int attempts = 0;
    switch (backoff_report_due(&b->retry, time_mono_us() / 1000,
                               NOTIFY_SUMMARY_EVERY_MS, &attempts)) {
    case BACKOFF_FIRST:
        log_warn("msg=\"database unreachable; retrying with backoff\" "
                 "error=%s",
                 log_quote(error, sizeof(error), b->db.error));
        break;
    case BACKOFF_SUMMARY:
        log_warn("msg=\"database still unreachable\" attempts=%d "
                 "in_last_s=%d error=%s",
                 attempts, NOTIFY_SUMMARY_EVERY_MS / 1000,
                 log_quote(error, sizeof(error), b->db.error));
        break;
    case BACKOFF_QUIET:
        break;
    }
}

/*
 * After a lost connection: reconnect, with growing jittered pauses while the
 * database is away, listen again, and forget the cache, since invalidations
 * sent meanwhile were missed. Returns whether the bridge was asked to stop.
 */
static bool notify_recover(notify_bridge *b)
{
    for (;;) {
        if (db_conn_reconnect(&b->db) == 0 && notify_listen(b) == 0) {
            session_cache_clear();
            event_subs_drop_all();
            b->seal_wanted = true;
            b->publish_wanted = true;
            backoff_succeed(&b->retry);
            log_info("msg=\"notification listener reconnected\"");
            return false;
        }
        notify_report_failure(b);
        if (notify_sleep(b, backoff_fail(&b->retry)))
            return true;
    }
}

static void notify_upkeep(notify_bridge *b)
{
    if (b->seal_wanted)
        notify_seal(b);
    if (b->publish_wanted)
        notify_publish(b);
    int64_t now = time_now_ms();
    if (b->events)
        event_publisher_tick(b->events, now);
    if (now - b->last_expire_ms > NOTIFY_EXPIRE_EVERY_MS) {
        b->last_expire_ms = now;
        idem_expire(&b->db);
    }
}

static void *notify_main(void *arg)
{
    notify_bridge *b = arg;
    for (;;) {
        struct pollfd fds[2] = {
            {.fd = PQsocket(b->db.pg), .events = POLLIN},
            {.fd = b->wake[0], .events = POLLIN},
        };
        int rc = poll(fds, 2, NOTIFY_TICK_MS);
        if (rc < 0 && errno != EINTR)
            break;
        if (fds[1].revents)
            break;
        if (PQstatus(b->db.pg) != CONNECTION_OK ||
            (fds[0].revents && PQconsumeInput(b->db.pg) == 0)) {
            if (notify_recover(b))
                break;
            continue;
        }
        notify_drain(b);
        if (rc == 0) /* a quiet tick: catch anything missed */
            b->seal_wanted = b->publish_wanted = true;
        notify_upkeep(b);
        /*
         * Notifications that came while sealing were read off the socket
         * with the seal's results and wait in libpq, where poll cannot see
         * them: act on them now, not a tick later.
         */
        notify_drain(b);
    }
    return NULL;
}

notify_bridge *notify_bridge_start(const char *conninfo,
                                   event_publisher *events, char *err,
                                   size_t errlen)
{
    notify_bridge *b = xcalloc(1, sizeof(*b));
    b->seal_wanted = true;
    b->publish_wanted = true;
    b->events = events;
    backoff_init(&b->retry, NOTIFY_RETRY_BASE_MS, NOTIFY_RETRY_MAX_MS,
                 (uint64_t)time_mono_us() ^ (uint64_t)getpid() << 32);
    if (db_conn_open(&b->db, conninfo, err, errlen) != 0)
        goto fail_free;
    if (notify_listen(b) != 0) {
        snprintf(err, errlen, "LISTEN: %s", b->db.error);
        goto fail_db;
    }
    if (pipe2(b->wake, O_CLOEXEC) != 0) {
        snprintf(err, errlen, "pipe: %s", strerror(errno));
        goto fail_db;
    }
    if (pthread_create(&b->thread, NULL, notify_main, b) != 0) {
        snprintf(err, errlen, "cannot start the notification thread");
        goto fail_pipe;
    }
    return b;
fail_pipe:
    close(b->wake[0]);
    close(b->wake[1]);
fail_db:
    db_conn_close(&b->db);
fail_free:
    free(b);
    return NULL;
}

void notify_bridge_stop(notify_bridge *b)
{
    if (b == NULL)
        return;
    ssize_t w = write(b->wake[1], "x", 1);
    (void)w;
    pthread_join(b->thread, NULL);
    if (PQstatus(b->db.pg) == CONNECTION_OK) {
        notify_seal(b);
        notify_publish(b);
    }
    close(b->wake[0]);
    close(b->wake[1]);
    db_conn_close(&b->db);
    free(b);
}
