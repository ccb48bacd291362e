/*
 * server/model/idempotency.h - replaying writes retried with the same key.
 *
 * nng's req0 resends a request whose reply is late, and clients retry after
 * timeouts, so a write can arrive twice. Inside the write's transaction the
 * key is claimed first; a twin running concurrently blocks on the claim
 * until the first commits, then finds the stored reply and returns it.
 *
 * A key belongs to one user (keys of different users never meet) and names
 * one request: its method and the SHA-256 of its payload bytes are stored
 * with it, so the same key on another method or another payload is a
 * mistake to report, not a retry to replay. Keys are kept for a day.
 */
#ifndef PMO_SERVER_MODEL_IDEMPOTENCY_H
#define PMO_SERVER_MODEL_IDEMPOTENCY_H

#include "common/arena.h"
#include "db/conn.h"

#include <protobuf-c/protobuf-c.h>

typedef enum idem_result {
    IDEM_CLAIMED,  /* first time: run the write, then idem_store */
    IDEM_REPLAY,   /* done before: *replay holds the first reply */
    IDEM_MISMATCH, /* the key was used for another method or payload */
    IDEM_ERROR,    /* database error; see the connection */
} idem_result;

/*
 * Claims key for (method, payload) or finds what it was used for. Must run
 * inside the write's transaction. *replay points into the arena.
 */
idem_result idem_claim(db_conn *db, arena *a, int64_t user_id, const char *key,
                       const char *method, const ProtobufCBinaryData *payload,
                       ProtobufCBinaryData *replay);

/* Stores the reply for a claimed key. 0 or -1. */
int idem_store(db_conn *db, arena *a, int64_t user_id, const char *key,
               const ProtobufCBinaryData *reply);

/* Forgets keys older than a day; run now and then. Returns rows or -1. */
int idem_expire(db_conn *db);

#endif
