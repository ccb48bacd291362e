/*
 * server/rpc/refusal_log.h - how often refused connections are logged: the
 * first of a window on its own line, then one summary per window naming
 * the peers, so a flood of refusals cannot become a flood of log lines.
 *
 * Pure data: no clock, no lock, no output. The caller passes the time,
 * serialises the calls and writes the lines (conn_guard does all three).
 */
#ifndef PMO_SERVER_RPC_REFUSAL_LOG_H
#define PMO_SERVER_RPC_REFUSAL_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define REFUSAL_LOG_PEERS    8 /* peers named in a summary; the rest summed */
#define REFUSAL_LOG_ADDR_LEN 64

typedef struct refusal_log_peer {
    char addr[REFUSAL_LOG_ADDR_LEN];
    long count;
} refusal_log_peer;

typedef struct refusal_log {
    int64_t window_ms;
    int64_t window_end_ms; /* 0 while no window is open */
    long count;            /* refusals since the window's first */
    refusal_log_peer peers[REFUSAL_LOG_PEERS];
    int n_peers;
    long others; /* refusals from peers past the named ones */
} refusal_log;

void refusal_log_init(refusal_log *r, int64_t window_ms);

/*
 * Counts a refusal of addr at now_ms. Returns true when no window is open:
 * the caller logs this one now, and a window of window_ms opens. Otherwise
 * the refusal is kept for the window's summary (that of the window that
 * has ended, if refusal_log_flush has not run since its end).
 */
bool refusal_log_note(refusal_log *r, const char *addr, int64_t now_ms);

/*
 * Once the open window has ended: if refusals were kept, writes the peers
 * as "ADDR=N ADDR=N" (and " others=N") into out, opens the next window at
 * now_ms and returns their count; if none were, closes the window so the
 * next refusal is logged on its own again, and returns 0. Before the end,
 * or with no window, returns 0 and leaves out alone.
 */
long refusal_log_flush(refusal_log *r, int64_t now_ms, char *out, size_t len);

#endif
