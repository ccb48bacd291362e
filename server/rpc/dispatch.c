/*
 * server/rpc/dispatch.c - one request from bytes to reply, on a worker.
 *
 * The checks run in a fixed order, cheapest and least privileged first,
 * as Redis's processCommand does:
 *   1. size      - a request over ENVELOPE_MAX_MESSAGE is answered
 *                  RESOURCE_EXHAUSTED unread (nng itself drops frames
 *                  over ENVELOPE_MAX_FRAME); then the envelope unpacks,
 *                  its own fields bounded and its strings checked;
 *   2. deadline  - a request that waited past its deadline is not started;
 *                  one that starts carries it to its SQL (statement
 *                  timeouts) and to the engine's long loops, which stop
 *                  with DEADLINE_EXCEEDED;
 *   3. method    - looked up before the token because the method says
 *                  whether a token is needed at all (public methods);
 *   4. token     - session cache, else one query;
 *   5. role      - the method's access policy (finer, per-object checks
 *                  belong to the handler, after it decodes its input),
 *                  and an API token's scope against what the method does
 *                  (reads or writes);
 *                  then a heavy method must fit its caller's and the
 *                  server's caps on heavy calls in flight (heavy_gate.h);
 *   6. decode    - the payload must be the method's input message, every
 *                  string in it UTF-8 without NUL bytes (one walk of
 *                  the wire bytes, common/pbtext.h), so no handler sees
 *                  text PostgreSQL would refuse or a string cut short;
 *   7. idempotency, handler, commit - writes run in one transaction and the
 *                  reply is built only after COMMIT succeeds.
 */
#include "rpc/dispatch.h"
#include "auth/authn.h"
#include "common/envelope.h"
#include "common/log.h"
#include "common/pbtext.h"
#include "common/ratelimit.h"
#include "common/timeutil.h"
#include "model/idempotency.h"
#include "rpc/call.h"
#include "rpc/heavy_gate.h"
#include "rpc/peer_addr.h"
#include "rpc/server.h"

#include <stdio.h>
#include <string.h>

/* A peer can send oversized requests at will: one log line per interval. */
#define DISPATCH_OVERSIZE_LOG_EVERY_MS 10000
static ratelimit dispatch_oversize_log =
    RATELIMIT_INIT(DISPATCH_OVERSIZE_LOG_EVERY_MS);

/*
 * An API token acts only within its scope: one bound to mutual TLS only
 * on a connection whose client certificate was verified, a read-only one
 * calls no method that writes, and one limited to programs calls no admin
 * method (those reach across programs). Which program a call acts in is known
 * only once its handler looks it up: model/access.c refuses the rest.
 */
static bool dispatch_token_scope(rpc_call *call, const rpc_method *m)
{
    if (call->who.needs_client_cert && !call->peer_verified) {
        rpc_fail(call, PMO_UNAUTHENTICATED,
                 "this API token is honoured only with a client certificate "
                 "the server verifies: give --cert FILE and --key FILE");
        return false;
    }
    if (call->who.read_only && m->effect == RPC_WRITES) {
        rpc_fail(call, PMO_PERMISSION_DENIED,
                 "this API token is read-only and %s writes; use a "
                 "read-write token",
                 m->path);
        return false;
    }
    if (call->who.n_programs && m->access == RPC_ACCESS_ADMIN) {
        rpc_fail(call, PMO_PERMISSION_DENIED,
                 "this API token is limited to programs and %s is not about "
                 "one program",
                 m->path);
        return false;
    }
    return true;
}

static bool dispatch_authorize(rpc_call *call, const rpc_method *m)
{
    const char *token = call->request->auth_token;
    if (m->access == RPC_ACCESS_PUBLIC && token[0] == '\0')
        return true;
    if (token[0] == '\0') {
        rpc_fail(call, PMO_UNAUTHENTICATED, "not logged in");
        return false;
    }
    const char *why = NULL;
    pmo_status st = authn_resolve(call->db, token, &call->who, &why);
    if (st != PMO_OK) {
        /* A public method still answers a caller whose token went stale. */
        if (m->access == RPC_ACCESS_PUBLIC && st == PMO_UNAUTHENTICATED) {
            memset(&call->who, 0, sizeof(call->who));
            return true;
        }
        rpc_fail(call, st, "%s", why);
        return false;
    }
    if (m->access == RPC_ACCESS_ADMIN && !call->who.is_admin) {
        rpc_fail(call, PMO_PERMISSION_DENIED, "%s requires the admin role",
                 m->path);
        return false;
    }
    /* A public method acts for no one, so a token's scope cannot matter. */
    if (call->who.token_id && m->access != RPC_ACCESS_PUBLIC)
        return dispatch_token_scope(call, m);
    return true;
}

static ProtobufCMessage *dispatch_decode(rpc_call *call, const rpc_method *m)
{
    const ProtobufCBinaryData *p = &call->request->payload;
    ProtobufCMessage *in = protobuf_c_message_unpack(
        m->desc->input, &call->arena->pb, p->len, p->data);
    if (in == NULL) {
        rpc_fail(call, PMO_INVALID_ARGUMENT, "payload: not a valid %s",
                 m->desc->input->name);
        return NULL;
    }
    pbtext_fault fault;
    if (pbtext_check(m->desc->input, p->data, p->len, &fault) != 0) {
        rpc_violation(call, fault.field[0] ? fault.field : "payload", "%s",
                      fault.problem);
        return NULL;
    }
    return in;
}

/* Runs a write in one transaction; false if the handler need not run. */
static bool dispatch_write_begin(rpc_call *call, const rpc_method *m,
                                 bool *claimed)
{
    *claimed = false;
    if (db_begin(call->db) != 0) {
        rpc_fail_db(call, "starting a transaction");
        return false;
    }
    const char *key = call->request->idempotency_key;
    if (key[0] == '\0' || (m->flags & RPC_NO_REPLAY))
        return true;
    switch (idem_claim(call->db, call->arena, call->who.user_id, key, m->path,
                       &call->request->payload, &call->output)) {
    case IDEM_CLAIMED:
        *claimed = true;
        return true;
    case IDEM_REPLAY:
        call->replied = true;
        return false;
    case IDEM_MISMATCH:
        rpc_violation(call, "idempotency_key",
                      "already used for a different request (another "
                      "method or payload); use a new key for each request");
        return false;
    case IDEM_ERROR:
        break;
    }
    rpc_fail_db(call, "checking the idempotency key");
    return false;
}

static void dispatch_write_end(rpc_call *call, bool claimed)
{
    if (!rpc_failed(call) && claimed &&
        idem_store(call->db, call->arena, call->who.user_id,
                   call->request->idempotency_key, &call->output) != 0)
        rpc_fail_db(call, "storing the reply for replay");
    if (rpc_failed(call) && !call->commit_on_failure) {
        db_rollback(call->db);
        return;
    }
    if (db_commit(call->db) != 0)
        rpc_fail_db(call, "committing");
}

static void dispatch_invoke(rpc_call *call, const rpc_method *m)
{
    ProtobufCMessage *in = dispatch_decode(call, m);
    if (in == NULL)
        return;
    bool writes = m->effect == RPC_WRITES;
    bool claimed = false;
    if (writes && !dispatch_write_begin(call, m, &claimed)) {
        db_rollback(call->db);
        return;
    }
    m->service->invoke(m->service, m->index, in, rpc_call_closure, call);
    if (!call->replied)
        rpc_fail(call, PMO_INTERNAL, "handler returned without a result");
    if (writes)
        dispatch_write_end(call, claimed);
}

static nng_msg *dispatch_reply(rpc_call *call, uint64_t id)
{
    Pmo__V1__ResponseEnvelope resp = PMO__V1__RESPONSE_ENVELOPE__INIT;
    resp.id = id;
    resp.code = (Pmo__V1__StatusCode)call->status;
    if (call->status == PMO_OK) {
        resp.payload = call->output;
    } else {
        resp.message = (char *)(call->message ? call->message : "");
        resp.n_violations = call->n_violations;
        resp.violations = call->violations;
    }
    nng_msg *reply = NULL;
    if (envelope_pack_msg(&resp.base, &reply) != 0)
        log_error("msg=\"cannot allocate reply\" method=%s", call->method);
    return reply;
}

/*
 * The request id is the client's (libpmoclient names it when a call goes
 * unanswered): whether it is here says if the request arrived at all.
 */
static void dispatch_log(const rpc_call *call, uint64_t id, int64_t recv_us)
{
    int64_t latency = time_mono_us() - recv_us;
    char user[96], error[600];
    log_quote(user, sizeof(user),
              call->who.username[0] ? call->who.username : "-");
    if (call->status == PMO_OK)
        error[0] = '\0';
    else
        log_quote(error, sizeof(error), call->message ? call->message : "");
    log_line(call->status == PMO_INTERNAL ? LOG_WARN : LOG_INFO,
             "msg=rpc method=%s user=%s peer=%s id=%llu status=%s "
             "latency_us=%lld%s%s",
             call->method, user, call->peer, (unsigned long long)id,
             pmo_status_name(call->status), (long long)latency,
             call->status ? " error=" : "", error);
}

/*
 * A request nng let through (under ENVELOPE_MAX_FRAME) but too large to
 * serve: refused unread, under its id if that comes early enough to find.
 * It gets no line of its own: the peer chose the size and may send such
 * requests as fast as it can, so one line per interval tells of them all.
 */
static nng_msg *dispatch_oversize(rpc_call *call, const void *body, size_t len)
{
    uint64_t id = envelope_request_peek_id(body, len);
    rpc_fail(call, PMO_RESOURCE_EXHAUSTED,
             "request of %zu bytes is over the %u-byte message limit", len,
             ENVELOPE_MAX_MESSAGE);
    uint64_t suppressed;
    if (ratelimit_allow(&dispatch_oversize_log, time_mono_us() / 1000,
                        &suppressed))
        log_warn("msg=\"request over the size limit\" peer=%s id=%llu "
                 "bytes=%zu limit=%u status=%s not_logged_before=%llu "
                 "every_s=%d",
                 call->peer, (unsigned long long)id, len, ENVELOPE_MAX_MESSAGE,
                 pmo_status_name(call->status), (unsigned long long)suppressed,
                 DISPATCH_OVERSIZE_LOG_EVERY_MS / 1000);
    return dispatch_reply(call, id);
}

nng_msg *rpc_dispatch(struct rpc_server *s, arena *a, db_conn *db,
                      nng_msg *request, int64_t recv_us)
{
    arena_reset(a);
    rpc_call call = {.arena = a, .db = db, .server = s, .method = "-"};
    nng_pipe pipe = nng_msg_get_pipe(request);
    rpc_peer_addr(pipe, true, call.peer, sizeof(call.peer));
    if (nng_pipe_get_bool(pipe, NNG_OPT_TLS_VERIFIED, &call.peer_verified) != 0)
        call.peer_verified = false;
    const void *body = nng_msg_body(request);
    size_t len = nng_msg_len(request);
    if (len > ENVELOPE_MAX_MESSAGE)
        return dispatch_oversize(&call, body, len);
    char why[160];
    const Pmo__V1__RequestEnvelope *req =
        envelope_request_unpack(a, body, len, why, sizeof(why));
    /* Whatever is wrong with the envelope, answer under its id if it has
     * one, so the client can tell which request was refused. */
    uint64_t id = req ? req->id : envelope_request_peek_id(body, len);
    if (req == NULL) {
        rpc_fail(&call, PMO_INVALID_ARGUMENT, "bad envelope: %s", why);
        goto reply;
    }
    call.request = req;
    call.method = req->method;
    uint32_t timeout = req->timeout_ms ? req->timeout_ms
                                       : ENVELOPE_DEFAULT_TIMEOUT_MS;
    if (timeout > ENVELOPE_MAX_TIMEOUT_MS)
        timeout = ENVELOPE_MAX_TIMEOUT_MS;
    call.deadline_us = recv_us + (int64_t)timeout * 1000;
    if (time_mono_us() > call.deadline_us) {
        rpc_fail(&call, PMO_DEADLINE_EXCEEDED,
                 "deadline passed while the request was queued");
        goto reply;
    }
    db_conn_set_deadline(db, call.deadline_us);
    const rpc_method *m = rpc_table_find(rpc_server_table(s), req->method);
    if (m == NULL) {
        rpc_fail(&call, PMO_UNIMPLEMENTED, "no method %s", req->method);
        goto reply;
    }
    /*
     * Reconnect here if the database went away: a failed statement only
     * marks the connection bad, and the next request, whatever it is,
     * should find it working again. Failure shows at the first query.
     */
    db_conn_ensure(db);
    if (dispatch_authorize(&call, m) && rpc_heavy_admit(&call, m)) {
        dispatch_invoke(&call, m);
        rpc_heavy_release(&call, m);
    }
reply:
    dispatch_log(&call, id, recv_us);
    return dispatch_reply(&call, id);
}
