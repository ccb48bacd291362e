/*
 * server/rpc/heavy_calls.c - heavy calls in flight, per user and in all.
 *
 * DESIGN: at most `total` calls are ever in flight, so at most `total`
 * users have one: a fixed array of that many (user, count) slots, scanned
 * whole (total is workers - 1, a few dozen at most). A slot whose count
 * drops to zero is free again. One mutex guards the array and the sum;
 * callers are worker threads, and a call enters once and leaves once.
 */
#include "rpc/heavy_calls.h"
#include "common/xalloc.h"

#include <pthread.h>
#include <stdlib.h>

typedef struct heavy_slot {
    int64_t user_id;
    int count; /* 0: free */
} heavy_slot;

struct heavy_calls {
    pthread_mutex_t lock;
    int per_user, total;
    int in_flight;
    heavy_slot *slots; /* total of them */
};

heavy_calls *heavy_calls_alloc(int per_user, int total)
{
    heavy_calls *t = xcalloc(1, sizeof(*t));
    pthread_mutex_init(&t->lock, NULL);
    t->per_user = per_user < 1 ? 1 : per_user;
    t->total = total < 1 ? 1 : total;
    t->slots = xcalloc((size_t)t->total, sizeof(*t->slots));
    return t;
}

void heavy_calls_free(heavy_calls *t)
{
    if (t == NULL)
        return;
    pthread_mutex_destroy(&t->lock);
    free(t->slots);
    free(t);
}

/* The user's slot, else a free one (there is one while in_flight < total). */
static heavy_slot *heavy_slot_of(heavy_calls *t, int64_t user_id)
{
    heavy_slot *free_slot = NULL;
    for (int i = 0; i < t->total; i++) {
        heavy_slot *s = &t->slots[i];
        if (s->count > 0 && s->user_id == user_id)
            return s;
        if (s->count == 0 && free_slot == NULL)
            free_slot = s;
    }
    return free_slot;
}

heavy_verdict heavy_calls_enter(heavy_calls *t, int64_t user_id)
{
    heavy_verdict v = HEAVY_ADMITTED;
    pthread_mutex_lock(&t->lock);
    heavy_slot *s = heavy_slot_of(t, user_id);
    if (s && s->count >= t->per_user)
        v = HEAVY_USER_FULL;
    else if (t->in_flight >= t->total || s == NULL)
        v = HEAVY_ALL_FULL;
    else {
        s->user_id = user_id;
        s->count++;
        t->in_flight++;
    }
    pthread_mutex_unlock(&t->lock);
    return v;
}

void heavy_calls_leave(heavy_calls *t, int64_t user_id)
{
    pthread_mutex_lock(&t->lock);
    for (int i = 0; i < t->total; i++) {
        heavy_slot *s = &t->slots[i];
        if (s->count > 0 && s->user_id == user_id) {
            s->count--;
            t->in_flight--;
            break;
        }
    }
    pthread_mutex_unlock(&t->lock);
}

int heavy_calls_per_user(const heavy_calls *t)
{
    return t->per_user;
}

int heavy_calls_total(const heavy_calls *t)
{
    return t->total;
}
