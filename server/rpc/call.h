/*
 * server/rpc/call.h - one RPC being served: who asks, and how it ends.
 *
 * A handler receives its rpc_call as the protobuf-c closure_data. It reads
 * the caller's identity, allocates from the call's arena (never frees),
 * runs SQL on the call's connection, and finishes in exactly one of two
 * ways:
 *   - success: done(&output, call_data), which packs the output at once
 *     (so the output may live on the handler's stack);
 *   - failure: rpc_fail / rpc_violation, then done(NULL, call_data).
 * The dispatcher commits or rolls back and writes the response envelope.
 * Thread: a call belongs to the worker thread serving it.
 */
#ifndef PMO_SERVER_RPC_CALL_H
#define PMO_SERVER_RPC_CALL_H

#include "common/arena.h"
#include "common/status.h"
#include "db/conn.h"
#include "pmo/v1/rpc.pb-c.h"

#include <stdbool.h>
#include <stdint.h>

struct rpc_server;

/* The most programs one API token may be limited to. */
#define RPC_TOKEN_PROGRAMS_MAX 16

typedef struct rpc_identity {
    int64_t user_id; /* 0: not logged in */
    int64_t session_id; /* 0 when the caller sent an API token */
    int64_t token_id;   /* 0 when the caller sent a session token */
    char username[40];
    bool is_admin;
    int64_t expires_at_ms;
    /* An API token's scope (auth/README.md): only methods that read, and
     * only these programs when n_programs is not 0. */
    bool read_only;
    unsigned n_programs;
    int64_t programs[RPC_TOKEN_PROGRAMS_MAX];
    /* When the token's last_used_at was last written, as read. */
    int64_t last_used_ms;
    /* The token is honoured only with a verified client certificate. */
    bool needs_client_cert;
} rpc_identity;

typedef struct rpc_call {
    arena *arena;
    db_conn *db;
    struct rpc_server *server;
    const Pmo__V1__RequestEnvelope *request;
    const char *method;
    char peer[64]; /* "ip:port" of the caller, for audit and rate limits */
    /* The connection's client certificate was verified (mutual TLS). */
    bool peer_verified;
    rpc_identity who;
    /* When the caller stops waiting (monotonic, time_mono_us): the
     * connection's statement timeouts and the engine's long loops are
     * bounded by it, so work for a caller that has gone stops. */
    int64_t deadline_us;
    /* The program the call acts in, once a handler has checked access;
     * audit rows carry it so each program has an activity feed. */
    int64_t program_id;

    pmo_status status;
    const char *message;
    Pmo__V1__FieldViolation **violations;
    size_t n_violations, cap_violations;

    bool replied;              /* the closure ran */
    /* A write that records the failure itself (a failed login counted)
     * and so is committed although the call answers an error. */
    bool commit_on_failure;
    ProtobufCBinaryData output; /* packed output, in the arena */
} rpc_call;

/* Ends the call with code and a one-line message for a person. */
void rpc_fail(rpc_call *call, pmo_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * Records a bad field and sets INVALID_ARGUMENT. Several may be recorded;
 * the message names the first. field is the input message's field path.
 */
void rpc_violation(rpc_call *call, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Ends the call with the status that the connection's last error maps to. */
void rpc_fail_db(rpc_call *call, const char *what);

static inline bool rpc_failed(const rpc_call *call)
{
    return call->status != PMO_OK;
}

/*
 * The closure every handler's done() points at; it packs the output into
 * the arena. A NULL message means the handler failed.
 */
void rpc_call_closure(const ProtobufCMessage *msg, void *closure_data);

#endif
