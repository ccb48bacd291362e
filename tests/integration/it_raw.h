/*
 * tests/integration/it_raw.h - requests below libpmoclient: a req0 socket
 * of the test's own over TLS, and envelopes built by hand.
 *
 * libpmoclient sends its own timeout as the request's deadline and stops
 * waiting when it passes, so it never sees what the server answers at the
 * deadline; these calls send any deadline and wait as long as asked.
 */
#ifndef PMO_TESTS_INTEGRATION_IT_RAW_H
#define PMO_TESTS_INTEGRATION_IT_RAW_H

#include "it_support.h"
#include "pmo/v1/rpc.pb-c.h"

#include <nng/nng.h>

/*
 * A req0 socket dialled to PMO_SERVER, trusting PMO_CA, that waits up to
 * wait_ms for each reply; fails the test if it cannot be made. The
 * caller nng_closes it.
 */
nng_socket it_raw_open(int wait_ms);

/*
 * Sends len bytes as one message and waits for the reply. Returns nng's
 * status; on 0, *reply is the unpacked envelope (free it with
 * pmo__v1__response_envelope__free_unpacked). Fails the test if the reply
 * is not an envelope.
 */
int it_raw_exchange(nng_socket s, const void *data, size_t len,
                    Pmo__V1__ResponseEnvelope **reply);

/*
 * Calls method ("pmo.v1.Service/Method") with in as its payload, token
 * ("" for none) and timeout_ms as the envelope's deadline. Returns as
 * it_raw_exchange.
 */
int it_raw_call(nng_socket s, const char *method, const char *token,
                uint32_t timeout_ms, const ProtobufCMessage *in,
                Pmo__V1__ResponseEnvelope **reply);

#endif
