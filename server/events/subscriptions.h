/*
 * server/events/subscriptions.h - this server's live event subscriptions.
 *
 * DESIGN
 * One table per process, guarded by one mutex: EventService/Subscribe adds
 * and renews entries (worker threads); the notification thread publishes
 * through them, expires them, and drops them when their session, token or
 * user changes (pmo_auth). Each entry is what one subscriber may receive:
 * the programs it may read (fixed at Subscribe, read again whenever a
 * membership changes), whether organisation-wide events, and its own
 * filters; its topic and key are random. Entries hold no pointers into
 * calls. At most EVENT_SUBS_MAX entries, EVENT_SUBS_PER_USER per user;
 * each lives EVENT_SUB_TTL_MS unless renewed, and never past its
 * credential's expiry.
 */
#ifndef PMO_SERVER_EVENTS_SUBSCRIPTIONS_H
#define PMO_SERVER_EVENTS_SUBSCRIPTIONS_H

#include "common/aead.h"
#include "pmo/v1/event.pb-c.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EVENT_SUBS_MAX      256
#define EVENT_SUBS_PER_USER 8
#define EVENT_SUB_TTL_MS    (10 * 60 * 1000)
#define EVENT_SUB_ID_LEN    32 /* hex characters */
#define EVENT_SUB_KINDS_MAX 32

/* Who subscribes, and to what: filled by the Subscribe handler. */
typedef struct event_sub_request {
    int64_t user_id, session_id, token_id;
    int64_t credential_expires_ms; /* 0: none */
    bool all_programs;             /* an admin not limited to programs */
    bool organisation;             /* organisation-wide events too */
    bool admin;                    /* every organisation-wide kind */
    bool is_admin;                 /* the user is (re-reading programs) */
    const char *token_programs;    /* "" or "{3,7}": re-read with it */
    const int64_t *programs;       /* the programs it may read now */
    size_t n_programs;
    int64_t only_program; /* 0: every program it may read */
    char *const *kinds;   /* checked names; none: every kind */
    size_t n_kinds;
} event_sub_request;

/* What the subscriber is given. */
typedef struct event_sub_grant {
    char id[EVENT_SUB_ID_LEN + 1];
    uint8_t key[AEAD_KEY_LEN];
    int64_t expires_at_ms;
} event_sub_grant;

void event_subs_init(void);
void event_subs_fini(void);

/*
 * Adds a subscription. Returns 0 with *out filled, or -1 when this
 * server holds EVENT_SUBS_MAX or the user EVENT_SUBS_PER_USER (err says
 * which), -2 when the random source failed.
 */
int event_subs_add(const event_sub_request *req, event_sub_grant *out,
                   char *err, size_t errlen);

/*
 * Renews subscription id if it belongs to the same user and credential:
 * 0 with *out filled (same id and key), -1 if there is no such
 * subscription (expired, dropped, or someone else's).
 */
int event_subs_renew(const char *id, const event_sub_request *req,
                     event_sub_grant *out);

/* Drops the subscriptions made with that session, token or user. */
void event_subs_drop_session(int64_t session_id);
void event_subs_drop_token(int64_t token_id);
void event_subs_drop_user(int64_t user_id);
void event_subs_drop_all(void);

/* Drops the ones past their expiry at now_ms. */
void event_subs_expire(int64_t now_ms);

/*
 * Re-reads every subscription's programs with lookup(arg, user_id,
 * is_admin, token_programs, ids, n), which returns 0 with ids malloc'ed (the
 * table takes them) or -1, on which that subscription is dropped (it may no
 * longer be trusted). Runs lookup with the table locked.
 */
typedef int (*event_subs_lookup_fn)(void *arg, int64_t user_id, bool is_admin,
                                    const char *token_programs, int64_t **ids,
                                    size_t *n);
void event_subs_refresh(event_subs_lookup_fn lookup, void *arg);

/*
 * For each subscription, the events of events[0..n) it may receive
 * (program_ids[i] is event i's program, 0 for organisation-wide) with
 * last_seq as one EventPush, sealed, through send(arg, msg, len): msg is
 * the topic (EVENT_SUB_ID_LEN bytes) then the sealed push (aead.h), and
 * is the callee's only for the call. With heartbeat, every subscription
 * gets a message, with no event if none is for it.
 */
typedef void (*event_subs_send_fn)(void *arg, const uint8_t *msg, size_t len);
void event_subs_publish(Pmo__V1__Event *const *events,
                        const int64_t *program_ids, size_t n, int64_t last_seq,
                        bool heartbeat, event_subs_send_fn send, void *arg);

/* The number of subscriptions held (for tests and logs). */
size_t event_subs_count(void);

#endif
