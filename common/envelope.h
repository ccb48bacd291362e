/*
 * common/envelope.h - the RPC envelope: limits, packing, validation.
 *
 * Every request and response is one nng message holding one envelope
 * (proto/pmo/v1/rpc.proto). This file fixes the limits both sides apply
 * and turns envelopes into nng messages and back.
 */
#ifndef PMO_COMMON_ENVELOPE_H
#define PMO_COMMON_ENVELOPE_H

#include "common/arena.h"
#include "pmo/v1/rpc.pb-c.h"

#include <nng/nng.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The largest request the server serves. A larger one, up to
 * ENVELOPE_MAX_FRAME, is read whole and answered RESOURCE_EXHAUSTED.
 */
#define ENVELOPE_MAX_MESSAGE (4u * 1024 * 1024)
/*
 * The server's NNG_OPT_RECVMAXSZ, above ENVELOPE_MAX_MESSAGE so that an
 * oversized request reaches the dispatcher and gets a reply. nng closes the
 * connection of a frame longer than this on reading its length, before
 * pmo sees it: no reply, no log line. It bounds what one frame can make
 * the server buffer.
 */
#define ENVELOPE_MAX_FRAME (4u * ENVELOPE_MAX_MESSAGE)
#define ENVELOPE_MAX_METHOD 128
#define ENVELOPE_MAX_TOKEN 128
#define ENVELOPE_MAX_IDEMPOTENCY_KEY 128
/* A deadline longer than this is treated as this. */
#define ENVELOPE_MAX_TIMEOUT_MS (10u * 60 * 1000)
#define ENVELOPE_DEFAULT_TIMEOUT_MS 30000u

/* The version reported by Meta/Info; bumped only for breaking changes. */
#define PMO_PROTOCOL_VERSION 1

/*
 * Packs any protobuf-c message into a new nng message; the caller owns it
 * (nng_msg_free, or hand it to nng_sendmsg). Returns 0 or an nng error.
 */
int envelope_pack_msg(const ProtobufCMessage *m, nng_msg **out);

/*
 * Unpacks a request envelope from wire bytes into the arena and checks its
 * limits, and that its strings are UTF-8 without NUL bytes (common/pbtext).
 * Returns the envelope, or NULL with a one-line reason in why (naming the
 * envelope field at fault).
 */
Pmo__V1__RequestEnvelope *envelope_request_unpack(arena *a, const void *data,
                                                  size_t len, char *why,
                                                  size_t whylen);

/*
 * The request id of bytes that may not unpack: the last id field read
 * before the end or before the bytes stop being the wire format, so an
 * envelope refused for another field, or cut short after its id, still
 * gets a reply the client can match. 0 when there is none.
 */
uint64_t envelope_request_peek_id(const void *data, size_t len);

/*
 * Unpacks a response envelope (client side). Returns NULL if the bytes are
 * not one. The result lives in the arena.
 */
Pmo__V1__ResponseEnvelope *envelope_response_unpack(arena *a, const void *data,
                                                    size_t len);

/* True if the text is a method path: "pkg.Service/Method", no spaces. */
int envelope_method_well_formed(const char *method);

#endif
