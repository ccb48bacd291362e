/* tests/integration/it_raw.c - calls on a req0 socket below libpmoclient. */
#include "it_raw.h"

#include "common/tls.h"

#include <nng/protocol/reqrep0/req.h>
#include <stdlib.h>
#include <string.h>

nng_socket it_raw_open(int wait_ms)
{
    const char *url = it_env("PMO_SERVER");
    nng_socket s;
    nng_dialer d;
    int rv = nng_req0_open(&s);
    if (rv == 0)
        rv = nng_socket_set_ms(s, NNG_OPT_RECVTIMEO, wait_ms);
    if (rv == 0)
        rv = nng_socket_set_ms(s, NNG_OPT_SENDTIMEO, wait_ms);
    if (rv == 0)
        rv = nng_dialer_create(&d, s, url);
    if (rv != 0)
        fail_msg("raw socket to %s: %s", url, nng_strerror(rv));
    char *host = tls_url_host(url);
    nng_tls_config *cfg = NULL;
    char err[300];
    if (tls_client_config(it_env("PMO_CA"), host, NULL, NULL, &cfg, err,
                          sizeof(err)) != 0)
        fail_msg("TLS configuration: %s", err);
    free(host);
    rv = nng_dialer_set_ptr(d, NNG_OPT_TLS_CONFIG, cfg);
    nng_tls_config_free(cfg);
    if (rv == 0)
        rv = nng_dialer_start(d, 0);
    if (rv != 0)
        fail_msg("raw dial %s: %s", url, nng_strerror(rv));
    return s;
}

int it_raw_exchange(nng_socket s, const void *data, size_t len,
                    Pmo__V1__ResponseEnvelope **reply)
{
    *reply = NULL;
    nng_msg *msg;
    if (nng_msg_alloc(&msg, len) != 0)
        fail_msg("cannot allocate %zu bytes", len);
    if (len)
        memcpy(nng_msg_body(msg), data, len);
    int rv = nng_sendmsg(s, msg, 0);
    if (rv != 0) {
        nng_msg_free(msg);
        return rv;
    }
    nng_msg *in;
    rv = nng_recvmsg(s, &in, 0);
    if (rv != 0)
        return rv;
    *reply = pmo__v1__response_envelope__unpack(NULL, nng_msg_len(in),
                                                nng_msg_body(in));
    nng_msg_free(in);
    if (*reply == NULL)
        fail_msg("the server's reply is not a pmo.v1.ResponseEnvelope");
    return 0;
}

int it_raw_call(nng_socket s, const char *method, const char *token,
                uint32_t timeout_ms, const ProtobufCMessage *in,
                Pmo__V1__ResponseEnvelope **reply)
{
    static uint64_t next_id = 1000;
    size_t payload_len = protobuf_c_message_get_packed_size(in);
    uint8_t *payload = malloc(payload_len ? payload_len : 1);
    protobuf_c_message_pack(in, payload);
    Pmo__V1__RequestEnvelope env = PMO__V1__REQUEST_ENVELOPE__INIT;
    env.id = next_id++;
    env.method = (char *)method;
    env.auth_token = (char *)token;
    env.timeout_ms = timeout_ms;
    env.payload.data = payload;
    env.payload.len = payload_len;
    size_t len = protobuf_c_message_get_packed_size(&env.base);
    uint8_t *buf = malloc(len ? len : 1);
    protobuf_c_message_pack(&env.base, buf);
    int rv = it_raw_exchange(s, buf, len, reply);
    free(buf);
    free(payload);
    return rv;
}
