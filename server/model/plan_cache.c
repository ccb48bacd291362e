/*
 * server/model/plan_cache.c - a small table of kept snapshots under one
 * mutex. The lock covers only lookups and reference counts; reading a
 * plan from PostgreSQL happens outside it, so a slow read never blocks
 * another program's calls. Two calls missing the same program at once
 * both read it; the second to finish keeps whichever is newer.
 */
#include "model/plan_cache.h"
#include "common/xalloc.h"

#include <pthread.h>
#include <stdlib.h>

struct plan_cached {
    plan_snapshot snap;
    arena mem;    /* everything snap points at */
    int64_t program_id;
    int refs;     /* calls holding it, plus one while in the table */
    uint64_t used; /* the table's clock when last handed out */
};

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static plan_cached *cache_slots[PLAN_CACHE_SLOTS];
static uint64_t cache_clock;

/* Drops one reference; the last frees it. Called with the lock held. */
static void cache_unref(plan_cached *c)
{
    if (--c->refs > 0)
        return;
    arena_fini(&c->mem);
    free(c);
}

/* The slot holding program_id's snapshot, or -1. Lock held. */
static int cache_find(int64_t program_id)
{
    for (int i = 0; i < PLAN_CACHE_SLOTS; i++)
        if (cache_slots[i] && cache_slots[i]->program_id == program_id)
            return i;
    return -1;
}

/* An empty slot, or the least recently used one emptied. Lock held. */
static int cache_victim(void)
{
    int oldest = 0;
    for (int i = 0; i < PLAN_CACHE_SLOTS; i++) {
        if (cache_slots[i] == NULL)
            return i;
        if (cache_slots[i]->used < cache_slots[oldest]->used)
            oldest = i;
    }
    cache_unref(cache_slots[oldest]);
    cache_slots[oldest] = NULL;
    return oldest;
}

static plan_cached *cache_lookup(int64_t program_id, int64_t version)
{
    plan_cached *hit = NULL;
    pthread_mutex_lock(&cache_lock);
    int i = cache_find(program_id);
    if (i >= 0 && cache_slots[i]->snap.version == version) {
        hit = cache_slots[i];
        hit->refs++;
        hit->used = ++cache_clock;
    }
    pthread_mutex_unlock(&cache_lock);
    return hit;
}

/* Puts c in the table unless a newer snapshot of its program is there. */
static void cache_keep(plan_cached *c)
{
    pthread_mutex_lock(&cache_lock);
    int i = cache_find(c->program_id);
    if (i >= 0 && cache_slots[i]->snap.version > c->snap.version) {
        pthread_mutex_unlock(&cache_lock);
        return;
    }
    if (i >= 0)
        cache_unref(cache_slots[i]);
    else
        i = cache_victim();
    c->refs++;
    c->used = ++cache_clock;
    cache_slots[i] = c;
    pthread_mutex_unlock(&cache_lock);
}

const plan_snapshot *plan_cache_get(rpc_call *call, const program_access *prog,
                                    plan_cached **hold)
{
    *hold = NULL;
    plan_cached *c = cache_lookup(prog->id, prog->plan_version);
    if (c == NULL) {
        c = xcalloc(1, sizeof *c);
        arena_init(&c->mem);
        c->program_id = prog->id;
        c->refs = 1;
        if (plan_snapshot_read(call, &c->mem, prog, &c->snap) != 0) {
            arena_fini(&c->mem);
            free(c);
            return NULL;
        }
        cache_keep(c);
    }
    *hold = c;
    return &c->snap;
}

void plan_cache_release(plan_cached *hold)
{
    if (hold == NULL)
        return;
    pthread_mutex_lock(&cache_lock);
    cache_unref(hold);
    pthread_mutex_unlock(&cache_lock);
}

void plan_cache_clear(void)
{
    pthread_mutex_lock(&cache_lock);
    for (int i = 0; i < PLAN_CACHE_SLOTS; i++)
        if (cache_slots[i]) {
            cache_unref(cache_slots[i]);
            cache_slots[i] = NULL;
        }
    pthread_mutex_unlock(&cache_lock);
}
