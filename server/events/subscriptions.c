/* server/events/subscriptions.c - the live subscriptions of this server. */
#include "events/subscriptions.h"
#include "common/crypto.h"
#include "common/timeutil.h"
#include "common/xalloc.h"
#include "model/events.h"

#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EVENT_SUB_KIND_LEN 41

typedef struct event_sub {
    bool used;
    char id[EVENT_SUB_ID_LEN + 1];
    uint8_t key[AEAD_KEY_LEN];
    uint64_t sent; /* messages sealed under key: the nonce's counter */
    int64_t user_id, session_id, token_id;
    int64_t credential_expires_ms, expires_ms;
    bool all_programs, organisation, admin, is_admin;
    char *token_programs;
    int64_t *programs; /* malloc'ed */
    size_t n_programs;
    int64_t only_program;
    char kinds[EVENT_SUB_KINDS_MAX][EVENT_SUB_KIND_LEN];
    size_t n_kinds;
} event_sub;

static pthread_mutex_t subs_lock = PTHREAD_MUTEX_INITIALIZER;
static event_sub subs[EVENT_SUBS_MAX];

static void sub_clear(event_sub *s)
{
    free(s->programs);
    free(s->token_programs);
    memset(s, 0, sizeof(*s));
}

void event_subs_init(void)
{
    pthread_mutex_lock(&subs_lock);
    for (size_t i = 0; i < EVENT_SUBS_MAX; i++)
        sub_clear(&subs[i]);
    pthread_mutex_unlock(&subs_lock);
}

void event_subs_fini(void)
{
    event_subs_drop_all();
}

static int64_t sub_expiry(const event_sub_request *req, int64_t now_ms)
{
    int64_t at = now_ms + EVENT_SUB_TTL_MS;
    if (req->credential_expires_ms && req->credential_expires_ms < at)
        at = req->credential_expires_ms;
    return at;
}

static void sub_set_programs(event_sub *s, const int64_t *ids, size_t n)
{
    free(s->programs);
    s->programs = xcalloc(n ? n : 1, sizeof(*ids));
    if (n)
        memcpy(s->programs, ids, n * sizeof(*ids));
    s->n_programs = n;
}

static void sub_grant(const event_sub *s, event_sub_grant *out)
{
    memcpy(out->id, s->id, sizeof(out->id));
    memcpy(out->key, s->key, sizeof(out->key));
    out->expires_at_ms = s->expires_ms;
}

int event_subs_add(const event_sub_request *req, event_sub_grant *out,
                   char *err, size_t errlen)
{
    uint8_t raw[EVENT_SUB_ID_LEN / 2], key[AEAD_KEY_LEN];
    if (crypto_random(raw, sizeof(raw)) != 0 ||
        crypto_random(key, sizeof(key)) != 0)
        return -2;
    int64_t now = time_now_ms();
    pthread_mutex_lock(&subs_lock);
    event_sub *free_slot = NULL;
    int mine = 0;
    for (size_t i = 0; i < EVENT_SUBS_MAX; i++) {
        if (subs[i].used && subs[i].expires_ms <= now)
            sub_clear(&subs[i]);
        if (!subs[i].used && free_slot == NULL)
            free_slot = &subs[i];
        mine += subs[i].used && subs[i].user_id == req->user_id;
    }
    if (free_slot == NULL || mine >= EVENT_SUBS_PER_USER) {
        pthread_mutex_unlock(&subs_lock);
        if (free_slot == NULL)
            snprintf(err, errlen,
                     "this server holds %d event subscriptions, its most",
                     EVENT_SUBS_MAX);
        else
            snprintf(err, errlen,
                     "you hold %d event subscriptions on this server, the "
                     "most one user may; let one expire",
                     EVENT_SUBS_PER_USER);
        return -1;
    }
    event_sub *s = free_slot;
    s->used = true;
    crypto_hex(raw, sizeof(raw), s->id);
    memcpy(s->key, key, sizeof(key));
    s->user_id = req->user_id;
    s->session_id = req->session_id;
    s->token_id = req->token_id;
    s->credential_expires_ms = req->credential_expires_ms;
    s->expires_ms = sub_expiry(req, now);
    s->all_programs = req->all_programs;
    s->organisation = req->organisation;
    s->admin = req->admin;
    s->is_admin = req->is_admin;
    s->token_programs = xstrdup(req->token_programs);
    sub_set_programs(s, req->programs, req->n_programs);
    s->only_program = req->only_program;
    s->n_kinds =
        req->n_kinds < EVENT_SUB_KINDS_MAX ? req->n_kinds : EVENT_SUB_KINDS_MAX;
    for (size_t k = 0; k < s->n_kinds; k++)
        snprintf(s->kinds[k], sizeof(s->kinds[k]), "%s", req->kinds[k]);
    sub_grant(s, out);
    pthread_mutex_unlock(&subs_lock);
    return 0;
}

int event_subs_renew(const char *id, const event_sub_request *req,
                     event_sub_grant *out)
{
    int64_t now = time_now_ms();
    int rc = -1;
    pthread_mutex_lock(&subs_lock);
    for (size_t i = 0; i < EVENT_SUBS_MAX; i++) {
        event_sub *s = &subs[i];
        if (!s->used || strcmp(s->id, id) != 0)
            continue;
        if (s->expires_ms > now && s->user_id == req->user_id &&
            s->session_id == req->session_id && s->token_id == req->token_id) {
            s->credential_expires_ms = req->credential_expires_ms;
            s->expires_ms = sub_expiry(req, now);
            sub_grant(s, out);
            rc = 0;
        }
        break;
    }
    pthread_mutex_unlock(&subs_lock);
    return rc;
}

/* Drops every subscription whose field at offset equals value. */
static void subs_drop_where(size_t offset, int64_t value)
{
    pthread_mutex_lock(&subs_lock);
    for (size_t i = 0; i < EVENT_SUBS_MAX; i++) {
        int64_t have;
        memcpy(&have, (const char *)&subs[i] + offset, sizeof(have));
        if (subs[i].used && have == value)
            sub_clear(&subs[i]);
    }
    pthread_mutex_unlock(&subs_lock);
}

void event_subs_drop_session(int64_t session_id)
{
    if (session_id)
        subs_drop_where(offsetof(event_sub, session_id), session_id);
}

void event_subs_drop_token(int64_t token_id)
{
    if (token_id)
        subs_drop_where(offsetof(event_sub, token_id), token_id);
}

void event_subs_drop_user(int64_t user_id)
{
    if (user_id)
        subs_drop_where(offsetof(event_sub, user_id), user_id);
}

void event_subs_drop_all(void)
{
    pthread_mutex_lock(&subs_lock);
    for (size_t i = 0; i < EVENT_SUBS_MAX; i++)
        sub_clear(&subs[i]);
    pthread_mutex_unlock(&subs_lock);
}

void event_subs_expire(int64_t now_ms)
{
    pthread_mutex_lock(&subs_lock);
    for (size_t i = 0; i < EVENT_SUBS_MAX; i++)
        if (subs[i].used && subs[i].expires_ms <= now_ms)
            sub_clear(&subs[i]);
    pthread_mutex_unlock(&subs_lock);
}

void event_subs_refresh(event_subs_lookup_fn lookup, void *arg)
{
    pthread_mutex_lock(&subs_lock);
    for (size_t i = 0; i < EVENT_SUBS_MAX; i++) {
        event_sub *s = &subs[i];
        if (!s->used || s->all_programs)
            continue;
        int64_t *ids = NULL;
        size_t n = 0;
        if (lookup(arg, s->user_id, s->is_admin, s->token_programs, &ids, &n) !=
            0) {
            sub_clear(s);
            continue;
        }
        free(s->programs);
        s->programs = ids;
        s->n_programs = n;
    }
    pthread_mutex_unlock(&subs_lock);
}

size_t event_subs_count(void)
{
    size_t n = 0;
    pthread_mutex_lock(&subs_lock);
    for (size_t i = 0; i < EVENT_SUBS_MAX; i++)
        n += subs[i].used;
    pthread_mutex_unlock(&subs_lock);
    return n;
}

/* ------------------------------------------------------------- publishing */

/* The same rule as the catch-up query (model/events.c). */
static bool sub_may_see(const event_sub *s, const Pmo__V1__Event *e,
                        int64_t program_id)
{
    if (s->only_program && program_id != s->only_program)
        return false;
    if (s->n_kinds) {
        bool wanted = false;
        for (size_t k = 0; k < s->n_kinds && !wanted; k++)
            wanted = strcmp(s->kinds[k], e->kind) == 0;
        if (!wanted)
            return false;
    }
    if (program_id == 0)
        return s->organisation && (s->admin || events_kind_public(e->kind));
    if (s->all_programs)
        return true;
    for (size_t i = 0; i < s->n_programs; i++)
        if (s->programs[i] == program_id)
            return true;
    return false;
}

/* Seals push under s's key with the next nonce and hands it to send. */
static void sub_send(event_sub *s, const Pmo__V1__EventPush *push,
                     event_subs_send_fn send, void *arg)
{
    size_t plain_len = pmo__v1__event_push__get_packed_size(push);
    uint8_t *plain = xmalloc(plain_len ? plain_len : 1);
    pmo__v1__event_push__pack(push, plain);
    uint8_t *msg = xmalloc(EVENT_SUB_ID_LEN + plain_len + AEAD_OVERHEAD);
    memcpy(msg, s->id, EVENT_SUB_ID_LEN);
    uint8_t nonce[AEAD_NONCE_LEN] = {0};
    uint64_t counter = ++s->sent;
    for (int b = 0; b < 8; b++)
        nonce[AEAD_NONCE_LEN - 1 - b] = (uint8_t)(counter >> (8 * b));
    if (aead_seal(s->key, nonce, s->id, EVENT_SUB_ID_LEN, plain, plain_len,
                  msg + EVENT_SUB_ID_LEN) == 0)
        send(arg, msg, EVENT_SUB_ID_LEN + plain_len + AEAD_OVERHEAD);
    free(plain);
    free(msg);
}

void event_subs_publish(Pmo__V1__Event *const *events,
                        const int64_t *program_ids, size_t n, int64_t last_seq,
                        bool heartbeat, event_subs_send_fn send, void *arg)
{
    Pmo__V1__Event **mine = xcalloc(n ? n : 1, sizeof(*mine));
    pthread_mutex_lock(&subs_lock);
    int64_t now = time_now_ms();
    for (size_t i = 0; i < EVENT_SUBS_MAX; i++) {
        event_sub *s = &subs[i];
        if (!s->used)
            continue;
        if (s->expires_ms <= now) {
            sub_clear(s);
            continue;
        }
        size_t k = 0;
        for (size_t j = 0; j < n; j++)
            if (sub_may_see(s, events[j], program_ids[j]))
                mine[k++] = events[j];
        if (k == 0 && !heartbeat)
            continue;
        Pmo__V1__EventPush push = PMO__V1__EVENT_PUSH__INIT;
        push.events = mine;
        push.n_events = k;
        push.last_seq = last_seq;
        sub_send(s, &push, send, arg);
    }
    pthread_mutex_unlock(&subs_lock);
    free(mine);
}
