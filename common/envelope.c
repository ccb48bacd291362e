/* common/envelope.c - packing and checking RPC envelopes. */
#include "common/envelope.h"
#include "common/pbtext.h"
#include "common/pbwire.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

int envelope_pack_msg(const ProtobufCMessage *m, nng_msg **out)
{
    size_t len = protobuf_c_message_get_packed_size(m);
    nng_msg *msg;
    int rv = nng_msg_alloc(&msg, len);
    if (rv != 0)
        return rv;
    protobuf_c_message_pack(m, nng_msg_body(msg));
    *out = msg;
    return 0;
}

int envelope_method_well_formed(const char *method)
{
    const char *slash = strchr(method, '/');
    if (slash == NULL || slash == method || slash[1] == '\0' ||
        strchr(slash + 1, '/') != NULL)
        return 0;
    for (const char *p = method; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '.' && *p != '/' &&
            *p != '_')
            return 0;
    return 1;
}

static int envelope_request_check(const Pmo__V1__RequestEnvelope *req,
                                  char *why, size_t whylen)
{
    if (strlen(req->method) > ENVELOPE_MAX_METHOD ||
        !envelope_method_well_formed(req->method)) {
        snprintf(why, whylen,
                 "method: expected \"package.Service/Method\" of at most %u "
                 "characters",
                 ENVELOPE_MAX_METHOD);
        return -1;
    }
    if (strlen(req->auth_token) > ENVELOPE_MAX_TOKEN) {
        snprintf(why, whylen, "auth_token: longer than %u characters",
                 ENVELOPE_MAX_TOKEN);
        return -1;
    }
    if (strlen(req->idempotency_key) > ENVELOPE_MAX_IDEMPOTENCY_KEY) {
        snprintf(why, whylen, "idempotency_key: longer than %u characters",
                 ENVELOPE_MAX_IDEMPOTENCY_KEY);
        return -1;
    }
    return 0;
}

Pmo__V1__RequestEnvelope *envelope_request_unpack(arena *a, const void *data,
                                                  size_t len, char *why,
                                                  size_t whylen)
{
    if (len > ENVELOPE_MAX_MESSAGE) {
        snprintf(why, whylen, "message of %zu bytes exceeds the limit of %u",
                 len, ENVELOPE_MAX_MESSAGE);
        return NULL;
    }
    Pmo__V1__RequestEnvelope *req =
        pmo__v1__request_envelope__unpack(&a->pb, len, data);
    if (req == NULL) {
        snprintf(why, whylen, "not a pmo.v1.RequestEnvelope");
        return NULL;
    }
    /* Before the limits: a NUL byte would make a string look shorter. */
    pbtext_fault fault;
    if (pbtext_check(&pmo__v1__request_envelope__descriptor, data, len,
                     &fault) != 0) {
        snprintf(why, whylen, "%s: %s",
                 fault.field[0] ? fault.field : "envelope", fault.problem);
        return NULL;
    }
    if (envelope_request_check(req, why, whylen) != 0)
        return NULL;
    return req;
}

uint64_t envelope_request_peek_id(const void *data, size_t len)
{
    pbwire_reader r;
    pbwire_reader_init(&r, data, len);
    pbwire_field f;
    uint64_t id = 0;
    const ProtobufCFieldDescriptor *field =
        protobuf_c_message_descriptor_get_field_by_name(
            &pmo__v1__request_envelope__descriptor, "id");
    while (pbwire_next(&r, &f) == 1)
        if (f.number == field->id && f.wire_type == PBWIRE_VARINT)
            id = f.varint;
    return id;
}

Pmo__V1__ResponseEnvelope *envelope_response_unpack(arena *a, const void *data,
                                                    size_t len)
{
    return pmo__v1__response_envelope__unpack(&a->pb, len, data);
}
