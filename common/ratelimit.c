/* common/ratelimit.c - one log line per interval, counting the rest. */
#include "common/ratelimit.h"

bool ratelimit_allow(ratelimit *rl, int64_t now_ms, uint64_t *suppressed)
{
    pthread_mutex_lock(&rl->lock);
    bool allow = !rl->started || now_ms >= rl->next_ms;
    if (allow) {
        *suppressed = rl->suppressed;
        rl->suppressed = 0;
        rl->next_ms = now_ms + rl->interval_ms;
        rl->started = true;
    } else {
        rl->suppressed++;
    }
    pthread_mutex_unlock(&rl->lock);
    return allow;
}
