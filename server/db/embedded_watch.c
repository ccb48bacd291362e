/* server/db/embedded_watch.c - restarting the embedded PostgreSQL when its
 * postmaster dies (see embedded_watch.h). */
#include "db/embedded_watch.h"
#include "common/backoff.h"
#include "common/log.h"
#include "common/timeutil.h"
#include "common/xalloc.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define WATCH_RETRY_BASE_MS    1000
#define WATCH_RETRY_MAX_MS     30000
#define WATCH_SUMMARY_EVERY_MS 60000

struct embedded_watch {
    embedded_pg *pg;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake; /* signalled by embedded_watch_stop */
    bool stopping;
    backoff retry;
};

/* Sleeps ms, or less if told to stop; returns whether to go on. */
static bool watch_sleep(embedded_watch *w, int ms)
{
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += ms / 1000;
    until.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&w->lock);
    while (!w->stopping &&
           pthread_cond_timedwait(&w->wake, &w->lock, &until) != ETIMEDOUT)
        ;
    bool go_on = !w->stopping;
    pthread_mutex_unlock(&w->lock);
    return go_on;
}

/* One restart attempt; returns the delay before the next look. */
static int watch_restart(embedded_watch *w, bool *down)
{
    char err[1024], quoted[1100];
    if (!*down) {
        log_error("msg=\"embedded PostgreSQL is not running; restarting it\"");
        *down = true;
    }
    if (embedded_pg_restart(w->pg, err, sizeof(err)) == 0) {
        log_info("msg=\"embedded PostgreSQL restarted\"");
        backoff_succeed(&w->retry);
        *down = false;
        return EMBEDDED_WATCH_EVERY_MS;
    }
    int delay = backoff_fail(&w->retry);
    int attempts = 0;
    switch (backoff_report_due(&w->retry, time_mono_us() / 1000,
                               WATCH_SUMMARY_EVERY_MS, &attempts)) {
    case BACKOFF_FIRST:
        log_error("msg=\"cannot restart embedded PostgreSQL; retrying with "
                  "backoff\" error=%s",
                  log_quote(quoted, sizeof(quoted), err));
        break;
    case BACKOFF_SUMMARY:
        log_error("msg=\"embedded PostgreSQL still down\" attempts=%d "
                  "in_last_s=%d error=%s",
                  attempts, WATCH_SUMMARY_EVERY_MS / 1000,
                  log_quote(quoted, sizeof(quoted), err));
        break;
    case BACKOFF_QUIET:
        break;
    }
    return delay;
}

static void *watch_main(void *arg)
{
    embedded_watch *w = arg;
    bool down = false;
    int delay = EMBEDDED_WATCH_EVERY_MS;
    while (watch_sleep(w, delay)) {
        delay = EMBEDDED_WATCH_EVERY_MS;
        if (!embedded_pg_running(w->pg))
            delay = watch_restart(w, &down);
    }
    return NULL;
}

embedded_watch *embedded_watch_start(embedded_pg *pg, char *err, size_t errlen)
{
    embedded_watch *w = xcalloc(1, sizeof(*w));
    w->pg = pg;
    backoff_init(&w->retry, WATCH_RETRY_BASE_MS, WATCH_RETRY_MAX_MS,
                 (uint64_t)time_mono_us() ^ (uint64_t)getpid() << 32);
    pthread_mutex_init(&w->lock, NULL);
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&w->wake, &attr);
    pthread_condattr_destroy(&attr);
    int rc = pthread_create(&w->thread, NULL, watch_main, w);
    if (rc != 0) {
        snprintf(err, errlen, "cannot start the database watch: %s",
                 strerror(rc));
        pthread_cond_destroy(&w->wake);
        pthread_mutex_destroy(&w->lock);
        free(w);
        return NULL;
    }
    return w;
}

void embedded_watch_stop(embedded_watch *w)
{
    if (w == NULL)
        return;
    pthread_mutex_lock(&w->lock);
    w->stopping = true;
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    pthread_cond_destroy(&w->wake);
    pthread_mutex_destroy(&w->lock);
    free(w);
}
