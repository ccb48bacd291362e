/*
 * server/auth/session_cache.c - a fixed-size, open-addressed table of
 * verified sessions keyed by token digest.
 *
 * DESIGN: capacity is fixed at start (a power of two, twice the entries
 * wanted), so lookups never allocate. When the table is full the entry in
 * the probed slot with the oldest verification time is replaced: losing an
 * entry only costs one database look-up later. Dropping by session or user
 * scans the table; that happens on logout and admin actions, not per call.
 */
#include "auth/session_cache.h"
#include "common/crypto.h"
#include "common/timeutil.h"
#include "common/xalloc.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_PROBES 8

typedef struct cache_entry {
    char digest[CRYPTO_SHA256_HEX_LEN + 1]; /* "" when empty */
    rpc_identity who;
    int64_t verified_ms;
} cache_entry;

static struct {
    pthread_mutex_t lock;
    cache_entry *slots;
    unsigned mask;
    int ttl_ms;
    uint64_t generation; /* drops so far */
} cache = {.lock = PTHREAD_MUTEX_INITIALIZER};

static unsigned cache_hash(const char *digest)
{
    /* The key is already a uniform hash: its first 8 hex digits will do. */
    return (unsigned)strtoul((char[9]){digest[0], digest[1], digest[2],
                                       digest[3], digest[4], digest[5],
                                       digest[6], digest[7], 0},
                             NULL, 16);
}

void session_cache_init(int ttl_ms, int capacity)
{
    unsigned size = 16;
    while (size < (unsigned)capacity * 2)
        size <<= 1;
    pthread_mutex_lock(&cache.lock);
    free(cache.slots);
    cache.slots = xcalloc(size, sizeof(*cache.slots));
    cache.mask = size - 1;
    cache.ttl_ms = ttl_ms;
    pthread_mutex_unlock(&cache.lock);
}

void session_cache_fini(void)
{
    pthread_mutex_lock(&cache.lock);
    free(cache.slots);
    cache.slots = NULL;
    pthread_mutex_unlock(&cache.lock);
}

static bool cache_fresh(const cache_entry *e, int64_t now)
{
    return e->digest[0] && now - e->verified_ms < cache.ttl_ms &&
           now < e->who.expires_at_ms;
}

bool session_cache_get(const char *digest, rpc_identity *out)
{
    if (strlen(digest) != CRYPTO_SHA256_HEX_LEN)
        return false;
    bool hit = false;
    int64_t now = time_now_ms();
    pthread_mutex_lock(&cache.lock);
    if (cache.slots && cache.ttl_ms > 0) {
        unsigned h = cache_hash(digest);
        for (unsigned i = 0; i < CACHE_PROBES; i++) {
            cache_entry *e = &cache.slots[(h + i) & cache.mask];
            if (strcmp(e->digest, digest) == 0) {
                hit = cache_fresh(e, now);
                if (hit)
                    *out = e->who;
                break;
            }
        }
    }
    pthread_mutex_unlock(&cache.lock);
    return hit;
}

uint64_t session_cache_generation(void)
{
    pthread_mutex_lock(&cache.lock);
    uint64_t g = cache.generation;
    pthread_mutex_unlock(&cache.lock);
    return g;
}

void session_cache_put(const char *digest, const rpc_identity *who,
                       uint64_t generation)
{
    if (strlen(digest) != CRYPTO_SHA256_HEX_LEN)
        return;
    int64_t now = time_now_ms();
    pthread_mutex_lock(&cache.lock);
    if (cache.slots && cache.ttl_ms > 0 && cache.generation == generation) {
        unsigned h = cache_hash(digest);
        cache_entry *victim = NULL;
        for (unsigned i = 0; i < CACHE_PROBES; i++) {
            cache_entry *e = &cache.slots[(h + i) & cache.mask];
            if (strcmp(e->digest, digest) == 0 || !cache_fresh(e, now)) {
                victim = e;
                break;
            }
            if (victim == NULL || e->verified_ms < victim->verified_ms)
                victim = e;
        }
        memcpy(victim->digest, digest, sizeof(victim->digest));
        victim->who = *who;
        victim->verified_ms = now;
    }
    pthread_mutex_unlock(&cache.lock);
}

static void cache_drop_where(bool (*match)(const cache_entry *, int64_t),
                             int64_t id)
{
    pthread_mutex_lock(&cache.lock);
    cache.generation++;
    if (cache.slots)
        for (unsigned i = 0; i <= cache.mask; i++)
            if (cache.slots[i].digest[0] && match(&cache.slots[i], id))
                cache.slots[i].digest[0] = '\0';
    pthread_mutex_unlock(&cache.lock);
}

static bool cache_match_session(const cache_entry *e, int64_t id)
{
    return e->who.session_id == id;
}

static bool cache_match_token(const cache_entry *e, int64_t id)
{
    return e->who.token_id == id;
}

static bool cache_match_user(const cache_entry *e, int64_t id)
{
    return e->who.user_id == id;
}

static bool cache_match_any(const cache_entry *e, int64_t id)
{
    return true;
}

void session_cache_drop_session(int64_t session_id)
{
    cache_drop_where(cache_match_session, session_id);
}

void session_cache_drop_token(int64_t token_id)
{
    cache_drop_where(cache_match_token, token_id);
}

void session_cache_drop_user(int64_t user_id)
{
    cache_drop_where(cache_match_user, user_id);
}

void session_cache_clear(void)
{
    cache_drop_where(cache_match_any, 0);
}
