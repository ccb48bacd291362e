/*
 * server/rpc/heavy_calls.h - how many heavy calls (forecasts, levelling,
 * schedule checks, plan loads: methods flagged RPC_HEAVY) are in flight,
 * per user and in all.
 *
 * A heavy call can hold a worker for seconds, so one user could otherwise
 * fill every worker. Each user may have per_user in flight, and all users
 * together total (the server sets workers - 1, so one worker is always
 * left for light calls). Pure data: no I/O. Thread-safe: one mutex, held
 * only to count.
 */
#ifndef PMO_SERVER_RPC_HEAVY_CALLS_H
#define PMO_SERVER_RPC_HEAVY_CALLS_H

#include <stdint.h>

typedef struct heavy_calls heavy_calls;

typedef enum heavy_verdict {
    HEAVY_ADMITTED,  /* counted: call heavy_calls_leave when it ends */
    HEAVY_USER_FULL, /* the user already has per_user in flight */
    HEAVY_ALL_FULL,  /* total are in flight */
} heavy_verdict;

/* per_user and total at least 1. The caller frees with heavy_calls_free. */
heavy_calls *heavy_calls_alloc(int per_user, int total);
void heavy_calls_free(heavy_calls *t);

/* Counts a call of user_id (0 for no one logged in) if both limits allow. */
heavy_verdict heavy_calls_enter(heavy_calls *t, int64_t user_id);

/* Ends a call that heavy_calls_enter admitted. */
void heavy_calls_leave(heavy_calls *t, int64_t user_id);

int heavy_calls_per_user(const heavy_calls *t);
int heavy_calls_total(const heavy_calls *t);

#endif
