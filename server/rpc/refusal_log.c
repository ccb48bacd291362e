/* server/rpc/refusal_log.c - windows and counts of refused connections. */
#include "rpc/refusal_log.h"

#include <stdio.h>
#include <string.h>

void refusal_log_init(refusal_log *r, int64_t window_ms)
{
    memset(r, 0, sizeof(*r));
    r->window_ms = window_ms;
}

static void refusal_log_open(refusal_log *r, int64_t now_ms)
{
    r->window_end_ms = now_ms + r->window_ms;
    r->count = r->others = 0;
    r->n_peers = 0;
}

static void refusal_log_count_peer(refusal_log *r, const char *addr)
{
    for (int i = 0; i < r->n_peers; i++)
        if (strncmp(r->peers[i].addr, addr, REFUSAL_LOG_ADDR_LEN - 1) == 0) {
            r->peers[i].count++;
            return;
        }
    if (r->n_peers == REFUSAL_LOG_PEERS) {
        r->others++;
        return;
    }
    refusal_log_peer *p = &r->peers[r->n_peers++];
    snprintf(p->addr, sizeof(p->addr), "%s", addr);
    p->count = 1;
}

bool refusal_log_note(refusal_log *r, const char *addr, int64_t now_ms)
{
    if (r->window_end_ms == 0) {
        refusal_log_open(r, now_ms);
        return true;
    }
    r->count++;
    refusal_log_count_peer(r, addr);
    return false;
}

long refusal_log_flush(refusal_log *r, int64_t now_ms, char *out, size_t len)
{
    if (r->window_end_ms == 0 || now_ms < r->window_end_ms)
        return 0;
    long count = r->count;
    if (count == 0) {
        r->window_end_ms = 0;
        return 0;
    }
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < r->n_peers && used < len; i++) {
        int n = snprintf(out + used, len - used, "%s%s=%ld", i ? " " : "",
                         r->peers[i].addr, r->peers[i].count);
        used += n > 0 ? (size_t)n : 0;
    }
    if (r->others && used < len)
        snprintf(out + used, len - used, " others=%ld", r->others);
    refusal_log_open(r, now_ms);
    return count;
}
