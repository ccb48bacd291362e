/*
 * server/auth/token_usage.c - a fixed table of when each API token's use
 * was last written, indexed by token id.
 */
#include "auth/token_usage.h"

#include <pthread.h>
#include <string.h>

#define TOKEN_USAGE_SLOTS 1024

typedef struct usage_slot {
    int64_t token_id; /* 0: empty */
    int64_t written_ms;
} usage_slot;

static struct {
    pthread_mutex_t lock;
    usage_slot slots[TOKEN_USAGE_SLOTS];
} usage = {.lock = PTHREAD_MUTEX_INITIALIZER};

bool token_usage_due(int64_t token_id, int64_t last_used_ms, int64_t now_ms)
{
    if (now_ms - last_used_ms < TOKEN_USAGE_EVERY_MS)
        return false;
    usage_slot *s = &usage.slots[(uint64_t)token_id % TOKEN_USAGE_SLOTS];
    bool due;
    pthread_mutex_lock(&usage.lock);
    due = s->token_id != token_id ||
          now_ms - s->written_ms >= TOKEN_USAGE_EVERY_MS;
    if (due) {
        s->token_id = token_id;
        s->written_ms = now_ms;
    }
    pthread_mutex_unlock(&usage.lock);
    return due;
}

void token_usage_reset(void)
{
    pthread_mutex_lock(&usage.lock);
    memset(usage.slots, 0, sizeof(usage.slots));
    pthread_mutex_unlock(&usage.lock);
}
