/*
 * common/ratelimit.h - at most one log line per interval for an event that
 * a peer can repeat at will, with a count of the lines left out.
 *
 * Thread-safe: workers share one limiter per kind of event.
 */
#ifndef PMO_COMMON_RATELIMIT_H
#define PMO_COMMON_RATELIMIT_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct ratelimit {
    pthread_mutex_t lock;
    int64_t interval_ms;
    int64_t next_ms;     /* the earliest time the next line may go out */
    uint64_t suppressed; /* events not logged since the last line */
    bool started;        /* a line has gone out: next_ms holds */
} ratelimit;

#define RATELIMIT_INIT(interval_ms)                                            \
    {                                                                          \
        PTHREAD_MUTEX_INITIALIZER, (interval_ms), 0, 0, false                  \
    }

/*
 * Records an event at now_ms (any clock, as long as the same one is used
 * each time). Returns true if it should be logged, with *suppressed set to
 * how many events since the last logged one were not; false otherwise.
 */
bool ratelimit_allow(ratelimit *rl, int64_t now_ms, uint64_t *suppressed);

#endif
