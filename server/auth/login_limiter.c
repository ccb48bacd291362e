/*
 * server/auth/login_limiter.c - failure counts per account and per peer.
 *
 * DESIGN: two fixed-size tables (accounts, peers) of buckets keyed by a
 * string; each bucket keeps the times of its most recent failures in a
 * small ring. A full table evicts the bucket whose newest failure is
 * oldest. One mutex guards both; logins are rare next to other calls.
 */
#include "auth/login_limiter.h"
#include "common/hash.h"
#include "common/timeutil.h"
#include "common/xalloc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIMITER_SLOTS 4096
#define LIMITER_MAX_FAILS 64
#define LIMITER_KEY_LEN 72

typedef struct limiter_bucket {
    char key[LIMITER_KEY_LEN]; /* "" when free */
    int64_t fails_ms[LIMITER_MAX_FAILS];
    int n; /* failures stored, at most LIMITER_MAX_FAILS */
    int next;
} limiter_bucket;

static struct {
    pthread_mutex_t lock;
    login_limits limits;
    limiter_bucket *accounts;
    limiter_bucket *peers;
} limiter = {.lock = PTHREAD_MUTEX_INITIALIZER};

void login_limiter_init(const login_limits *limits)
{
    pthread_mutex_lock(&limiter.lock);
    limiter.limits = *limits;
    if (limiter.limits.per_account > LIMITER_MAX_FAILS)
        limiter.limits.per_account = LIMITER_MAX_FAILS;
    if (limiter.limits.per_peer > LIMITER_MAX_FAILS)
        limiter.limits.per_peer = LIMITER_MAX_FAILS;
    free(limiter.accounts);
    free(limiter.peers);
    limiter.accounts = xcalloc(LIMITER_SLOTS, sizeof(limiter_bucket));
    limiter.peers = xcalloc(LIMITER_SLOTS, sizeof(limiter_bucket));
    pthread_mutex_unlock(&limiter.lock);
}

void login_limiter_fini(void)
{
    pthread_mutex_lock(&limiter.lock);
    free(limiter.accounts);
    free(limiter.peers);
    limiter.accounts = limiter.peers = NULL;
    pthread_mutex_unlock(&limiter.lock);
}

/* The address without its port: "10.0.0.7:51234" -> "10.0.0.7". */
static void limiter_peer_host(const char *peer, char *out, size_t len)
{
    snprintf(out, len, "%s", peer);
    char *colon = strrchr(out, ':');
    if (colon && (out[0] != '[' || (colon > out && colon[-1] == ']')))
        *colon = '\0';
}

static int64_t limiter_newest(const limiter_bucket *b)
{
    if (b->n == 0)
        return 0;
    return b->fails_ms[(b->next + LIMITER_MAX_FAILS - 1) % LIMITER_MAX_FAILS];
}

static limiter_bucket *limiter_find(limiter_bucket *table, const char *key,
                                    bool create)
{
    unsigned h = hash_str(key);
    limiter_bucket *victim = NULL;
    for (unsigned i = 0; i < 8; i++) {
        limiter_bucket *b = &table[(h + i) % LIMITER_SLOTS];
        if (strcmp(b->key, key) == 0)
            return b;
        if (victim == NULL || b->key[0] == '\0' ||
            (victim->key[0] && limiter_newest(b) < limiter_newest(victim)))
            victim = b;
    }
    if (!create)
        return NULL;
    memset(victim, 0, sizeof(*victim));
    snprintf(victim->key, sizeof(victim->key), "%s", key);
    return victim;
}

/* Failures inside the window, and when the oldest of them leaves it. */
static int limiter_recent(const limiter_bucket *b, int64_t now,
                          int64_t *oldest)
{
    int64_t from = now - (int64_t)limiter.limits.window_s * 1000;
    int count = 0;
    *oldest = now;
    for (int i = 0; i < b->n; i++) {
        if (b->fails_ms[i] > from) {
            count++;
            if (b->fails_ms[i] < *oldest)
                *oldest = b->fails_ms[i];
        }
    }
    return count;
}

static bool limiter_check(limiter_bucket *table, const char *key, int allowed,
                          int64_t now, int *retry_after_s)
{
    limiter_bucket *b = limiter_find(table, key, false);
    int64_t oldest;
    if (b == NULL || limiter_recent(b, now, &oldest) < allowed)
        return true;
    int64_t wait_ms = oldest + (int64_t)limiter.limits.window_s * 1000 - now;
    int wait = (int)((wait_ms + 999) / 1000);
    if (wait > *retry_after_s)
        *retry_after_s = wait;
    return false;
}

bool login_limiter_allow(const char *username, const char *peer,
                         int *retry_after_s)
{
    char host[LIMITER_KEY_LEN];
    limiter_peer_host(peer, host, sizeof(host));
    int64_t now = time_now_ms();
    *retry_after_s = 0;
    pthread_mutex_lock(&limiter.lock);
    bool ok = limiter.accounts == NULL ||
              (limiter_check(limiter.accounts, username,
                             limiter.limits.per_account, now, retry_after_s) &
               limiter_check(limiter.peers, host, limiter.limits.per_peer, now,
                             retry_after_s));
    pthread_mutex_unlock(&limiter.lock);
    return ok;
}

static void limiter_note(limiter_bucket *table, const char *key, int64_t now)
{
    limiter_bucket *b = limiter_find(table, key, true);
    b->fails_ms[b->next] = now;
    b->next = (b->next + 1) % LIMITER_MAX_FAILS;
    if (b->n < LIMITER_MAX_FAILS)
        b->n++;
}

void login_limiter_failed(const char *username, const char *peer)
{
    char host[LIMITER_KEY_LEN];
    limiter_peer_host(peer, host, sizeof(host));
    int64_t now = time_now_ms();
    pthread_mutex_lock(&limiter.lock);
    if (limiter.accounts) {
        limiter_note(limiter.accounts, username, now);
        limiter_note(limiter.peers, host, now);
    }
    pthread_mutex_unlock(&limiter.lock);
}

void login_limiter_succeeded(const char *username)
{
    pthread_mutex_lock(&limiter.lock);
    limiter_bucket *b =
        limiter.accounts ? limiter_find(limiter.accounts, username, false)
                         : NULL;
    if (b)
        memset(b, 0, sizeof(*b));
    pthread_mutex_unlock(&limiter.lock);
}
