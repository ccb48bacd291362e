/*
 * server/fd_limit.h - room in RLIMIT_NOFILE for the connection cap.
 *
 * Every connection holds a descriptor, and so do connections still in
 * their TLS handshake, the listeners, nng's pollers, the database
 * connections and the files the server opens. A soft limit below the cap
 * would make accept fail long before the cap refuses anyone, so the server
 * raises the soft limit at start, and says so when the hard limit is short.
 */
#ifndef PMO_SERVER_FD_LIMIT_H
#define PMO_SERVER_FD_LIMIT_H

#include <stdbool.h>
#include <sys/resource.h>

/* Descriptors needed besides one per connection and one per worker. */
#define FD_LIMIT_RESERVE 64

typedef struct fd_limit_plan {
    rlim_t soft;   /* the soft limit to run with */
    bool raise;    /* soft differs from the current one: set it */
    bool short_of; /* even the hard limit is below what is needed */
} fd_limit_plan;

/*
 * What to do with the limits (soft, hard) when needed descriptors are
 * wanted: a soft limit below needed goes up to the hard limit (to needed
 * when the hard limit is unlimited); one at or above needed stays.
 */
fd_limit_plan fd_limit_decide(rlim_t soft, rlim_t hard, rlim_t needed);

/* The descriptors wanted for max_connections and workers. */
rlim_t fd_limit_needed(int max_connections, int workers);

/*
 * Applies fd_limit_decide to this process's RLIMIT_NOFILE, logging a raise
 * at info and a shortfall at warn (naming max_connections and the fix).
 * Never fails the start: a short limit only lowers the real cap.
 */
void fd_limit_ensure(int max_connections, int workers);

#endif
