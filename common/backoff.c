/* common/backoff.c - retry delays that grow, with jitter, and a quiet log
 * of an outage. */
#include "common/backoff.h"

void backoff_init(backoff *b, int base_ms, int max_ms, uint64_t seed)
{
    *b = (backoff){.base_ms = base_ms, .max_ms = max_ms,
                   .ceiling_ms = base_ms,
                   .rng = seed ? seed : 0x9e3779b97f4a7c15u};
}

static uint64_t backoff_random(backoff *b)
{
    b->rng ^= b->rng << 13;
    b->rng ^= b->rng >> 7;
    b->rng ^= b->rng << 17;
    return b->rng;
}

int backoff_fail(backoff *b)
{
    b->attempts++;
    int half = b->ceiling_ms / 2;
    int delay = half + (int)(backoff_random(b) % (uint64_t)(half + 1));
    b->ceiling_ms = b->ceiling_ms > b->max_ms / 2 ? b->max_ms
                                                  : b->ceiling_ms * 2;
    return delay;
}

backoff_report backoff_report_due(backoff *b, int64_t now_ms, int interval_ms,
                                  int *attempts)
{
    if (b->summary_at_ms == 0) {
        b->summary_at_ms = now_ms + interval_ms;
        b->attempts = 0;
        return BACKOFF_FIRST;
    }
    if (now_ms < b->summary_at_ms)
        return BACKOFF_QUIET;
    *attempts = b->attempts;
    b->attempts = 0;
    b->summary_at_ms = now_ms + interval_ms;
    return BACKOFF_SUMMARY;
}

bool backoff_succeed(backoff *b)
{
    bool was_down = b->summary_at_ms != 0;
    b->ceiling_ms = b->base_ms;
    b->attempts = 0;
    b->summary_at_ms = 0;
    return was_down;
}
