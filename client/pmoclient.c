/*
 * client/pmoclient.c - a req0 socket over TLS speaking pmo's envelope.
 */
#include "pmoclient.h"
#include "common/crypto.h"
#include "common/envelope.h"
#include "common/status.h"
#include "common/tls.h"
#include "common/utf8.h"
#include "common/xalloc.h"
#include "tls_probe.h"

#include <nng/nng.h>
#include <nng/protocol/reqrep0/req.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CLIENT_DEFAULT_TIMEOUT_MS 30000

struct pmo_client {
    nng_socket sock;
    char *url;
    char *ca_file;
    char *token;
    char *next_key; /* idempotency key for the next call, if chosen */
    int timeout_ms;
    uint64_t next_id;
};

static int client_fail(pmo_result *res, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int client_vfail(pmo_result *res, int code, pmo_conn_error conn,
                        const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));

static int client_vfail(pmo_result *res, int code, pmo_conn_error conn,
                        const char *fmt, va_list ap)
{
    memset(res, 0, sizeof(*res));
    res->code = code;
    res->conn = conn;
    vsnprintf(res->message, sizeof(res->message), fmt, ap);
    utf8_trim_partial(res->message);
    return code;
}

static int client_fail(pmo_result *res, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    client_vfail(res, code, PMO_CONN_OK, fmt, ap);
    va_end(ap);
    return code;
}

/* A failed connection: the status, and which setting to fix. */
static int client_fail_conn(pmo_result *res, pmo_conn_error conn,
                            const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int client_fail_conn(pmo_result *res, pmo_conn_error conn,
                            const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    client_vfail(res, PMO_UNAVAILABLE, conn, fmt, ap);
    va_end(ap);
    return PMO_UNAVAILABLE;
}

/* A transport error, said the way a person can act on it. */
static int client_fail_nng(pmo_client *c, pmo_result *res, int rv,
                           const char *ca_file)
{
    switch (rv) {
    case NNG_ECONNREFUSED:
        return client_fail_conn(res, PMO_CONN_UNREACHABLE,
                                "cannot connect to %s: connection refused (is "
                                "pmo-server running there?)",
                                c->url);
    case NNG_EUNREACHABLE:
        return client_fail_conn(res, PMO_CONN_UNREACHABLE,
                                "cannot connect to %s: no route to that host "
                                "(check the address and the network)",
                                c->url);
    case NNG_EPEERAUTH:
    case NNG_ECRYPTO:
        return client_fail(res, PMO_UNAVAILABLE,
                           "TLS handshake with %s failed: its certificate is "
                           "not signed by the CA in %s, or does not name that "
                           "host",
                           c->url, ca_file ? ca_file : "(none)");
    case NNG_ETIMEDOUT:
        return client_fail(res, PMO_DEADLINE_EXCEEDED,
                           "no answer from %s within %d ms", c->url,
                           c->timeout_ms);
    case NNG_EADDRINVAL:
        return client_fail(res, PMO_INVALID_ARGUMENT,
                           "invalid server address %s (expected "
                           "tls+tcp://HOST:PORT)",
                           c->url);
    case NNG_ENOTSUP:
        return client_fail(res, PMO_INVALID_ARGUMENT,
                           "unsupported server address %s", c->url);
    default:
        return client_fail(res, PMO_UNAVAILABLE, "%s: %s", c->url,
                           nng_strerror(rv));
    }
}

/* How nng 1.5.2 reports a handshake that did not complete. */
static bool client_handshake_failed(int rv)
{
    return rv == NNG_EPEERAUTH || rv == NNG_ECRYPTO || rv == NNG_ECONNSHUT ||
           rv == NNG_ECLOSED;
}

/*
 * nng says only that the handshake failed: a second handshake by OpenSSL
 * finds out why, so the message names the one setting to change.
 */
static int client_fail_tls(pmo_client *c, const tls_probe_target *t, int rv,
                           pmo_result *res)
{
    char detail[256];
    switch (tls_probe_run(t, detail, sizeof(detail))) {
    case TLS_PROBE_UNTRUSTED:
        return client_fail_conn(
            res, PMO_CONN_UNTRUSTED_CA,
            "the certificate of %s is not signed by the CA in %s (it was "
            "issued by %s): give --ca the CA file of that server",
            c->url, t->ca_file, detail);
    case TLS_PROBE_NAME_MISMATCH:
        return client_fail_conn(
            res, PMO_CONN_NAME_MISMATCH,
            "the certificate of %s names %s, not %s: connect by one of "
            "those names or give --server-name NAME",
            c->url, detail, t->server_name);
    case TLS_PROBE_CERT_REQUIRED:
        return client_fail_conn(
            res, PMO_CONN_CLIENT_CERT,
            "the server at %s requires a client certificate: give --cert "
            "FILE and --key FILE (or cert and key in the config file)",
            c->url);
    case TLS_PROBE_CERT_REFUSED:
        return client_fail_conn(
            res, PMO_CONN_CLIENT_CERT,
            "the server at %s refused the client certificate in %s: give "
            "--cert and --key a certificate issued by the CA it trusts for "
            "clients",
            c->url, t->cert_file);
    case TLS_PROBE_UNKNOWN:
        break;
    }
    if (rv == NNG_ECONNSHUT || rv == NNG_ECLOSED)
        return client_fail(res, PMO_UNAVAILABLE,
                           "TLS handshake with %s failed: the server closed "
                           "the connection",
                           c->url);
    return client_fail_nng(c, res, rv, t->ca_file);
}

/* Attaches a finished TLS configuration for t to the dialer. */
static int client_dial_tls(nng_dialer d, const tls_probe_target *t,
                           pmo_result *res)
{
    if (t->ca_file == NULL)
        return client_fail(res, PMO_INVALID_ARGUMENT,
                           "no CA file to trust for %s (give --ca or set "
                           "PMO_CA)",
                           t->url);
    nng_tls_config *cfg = NULL;
    char err[300];
    if (tls_client_config(t->ca_file, t->server_name, t->cert_file,
                          t->key_file, &cfg, err, sizeof(err)) != 0)
        return client_fail(res, PMO_INVALID_ARGUMENT, "%s", err);
    int rv = nng_dialer_set_ptr(d, NNG_OPT_TLS_CONFIG, cfg);
    nng_tls_config_free(cfg); /* the dialer holds its own reference */
    if (rv != 0)
        return client_fail(res, PMO_INTERNAL, "TLS for %s: %s", t->url,
                           nng_strerror(rv));
    return PMO_OK;
}

static int client_dial(pmo_client *c, const pmo_client_options *opt,
                       pmo_result *res)
{
    bool tls = strncmp(opt->url, "tls+tcp://", 10) == 0;
    if (!tls && !opt->insecure)
        return client_fail(res, PMO_INVALID_ARGUMENT,
                           "refusing %s: only tls+tcp:// addresses are "
                           "allowed",
                           opt->url);
    nng_dialer d;
    int rv = nng_dialer_create(&d, c->sock, opt->url);
    if (rv != 0)
        return client_fail_nng(c, res, rv, opt->ca_file);
    char *host = tls_url_host(opt->url);
    tls_probe_target t = {
        .url = opt->url,
        .ca_file = opt->ca_file,
        .server_name = opt->server_name ? opt->server_name : host,
        .cert_file = opt->cert_file,
        .key_file = opt->key_file,
        .timeout_ms = c->timeout_ms,
    };
    if (tls && (rv = client_dial_tls(d, &t, res)) != PMO_OK) {
        free(host);
        return rv;
    }
    /* Blocking start: a refused connection or a bad certificate shows now. */
    rv = nng_dialer_start(d, 0);
    if (rv != 0 && tls && client_handshake_failed(rv))
        rv = client_fail_tls(c, &t, rv, res);
    else if (rv != 0)
        rv = client_fail_nng(c, res, rv, opt->ca_file);
    free(host);
    return rv;
}

int pmo_client_open(const pmo_client_options *opt, pmo_client **out,
                    pmo_result *res)
{
    memset(res, 0, sizeof(*res));
    if (opt->url == NULL || opt->url[0] == '\0')
        return client_fail(res, PMO_INVALID_ARGUMENT, "no server address");
    pmo_client *c = xcalloc(1, sizeof(*c));
    c->url = xstrdup(opt->url);
    c->ca_file = opt->ca_file ? xstrdup(opt->ca_file) : NULL;
    c->timeout_ms = opt->timeout_ms > 0 ? opt->timeout_ms
                                        : CLIENT_DEFAULT_TIMEOUT_MS;
    crypto_random(&c->next_id, sizeof(c->next_id));
    int rv = nng_req0_open(&c->sock);
    if (rv == 0)
        rv = nng_socket_set_ms(c->sock, NNG_OPT_RECVTIMEO, c->timeout_ms);
    if (rv == 0)
        rv = nng_socket_set_ms(c->sock, NNG_OPT_SENDTIMEO, c->timeout_ms);
    if (rv == 0)
        rv = nng_socket_set_size(c->sock, NNG_OPT_RECVMAXSZ,
                                 ENVELOPE_MAX_MESSAGE);
    if (rv != 0) {
        client_fail_nng(c, res, rv, NULL);
        pmo_client_close(c);
        return res->code;
    }
    if (client_dial(c, opt, res) != PMO_OK) {
        pmo_client_close(c);
        return res->code;
    }
    *out = c;
    return PMO_OK;
}

void pmo_client_close(pmo_client *c)
{
    if (c == NULL)
        return;
    nng_close(c->sock);
    if (c->token)
        explicit_bzero(c->token, strlen(c->token));
    free(c->token);
    free(c->url);
    free(c->ca_file);
    free(c->next_key);
    free(c);
}

void pmo_client_set_idempotency_key(pmo_client *c, const char *key)
{
    free(c->next_key);
    c->next_key = key ? xstrdup(key) : NULL;
}

void pmo_client_set_token(pmo_client *c, const char *token)
{
    if (c->token)
        explicit_bzero(c->token, strlen(c->token));
    free(c->token);
    c->token = token ? xstrdup(token) : NULL;
}

static void client_copy_error(pmo_result *res,
                              const Pmo__V1__ResponseEnvelope *resp)
{
    snprintf(res->message, sizeof(res->message), "%s",
             resp->message[0] ? resp->message
                              : pmo_status_name((int)resp->code));
    utf8_trim_partial(res->message);
    res->n_violations = resp->n_violations < PMO_MAX_VIOLATIONS
                            ? resp->n_violations
                            : PMO_MAX_VIOLATIONS;
    for (size_t i = 0; i < res->n_violations; i++) {
        snprintf(res->violations[i].field, sizeof(res->violations[i].field),
                 "%s", resp->violations[i]->field);
        snprintf(res->violations[i].description,
                 sizeof(res->violations[i].description), "%s",
                 resp->violations[i]->description);
        utf8_trim_partial(res->violations[i].field);
        utf8_trim_partial(res->violations[i].description);
    }
}

static int client_exchange(pmo_client *c, const char *path, nng_msg *req,
                           uint64_t id, void **out, size_t *out_len,
                           pmo_result *res)
{
    int rv = nng_sendmsg(c->sock, req, 0);
    if (rv != 0) {
        nng_msg_free(req);
        return client_fail_nng(c, res, rv, c->ca_file);
    }
    nng_msg *reply;
    rv = nng_recvmsg(c->sock, &reply, 0);
    /* Which call went unanswered is what a timeout's report needs. */
    if (rv == NNG_ETIMEDOUT)
        return client_fail(res, PMO_DEADLINE_EXCEEDED,
                           "no answer to %s (request id %llu) from %s within "
                           "%d ms",
                           path, (unsigned long long)id, c->url,
                           c->timeout_ms);
    if (rv != 0)
        return client_fail_nng(c, res, rv, c->ca_file);
    Pmo__V1__ResponseEnvelope *resp = pmo__v1__response_envelope__unpack(
        NULL, nng_msg_len(reply), nng_msg_body(reply));
    nng_msg_free(reply);
    if (resp == NULL || (resp->id != id && resp->id != 0)) {
        if (resp)
            pmo__v1__response_envelope__free_unpacked(resp, NULL);
        return client_fail(res, PMO_INTERNAL,
                           "the server's reply is not a pmo response");
    }
    res->code = (int)resp->code;
    if (resp->code != PMO__V1__STATUS_CODE__OK) {
        client_copy_error(res, resp);
    } else {
        *out_len = resp->payload.len;
        *out = xmalloc(resp->payload.len ? resp->payload.len : 1);
        if (resp->payload.len) /* an empty reply has no data pointer */
            memcpy(*out, resp->payload.data, resp->payload.len);
    }
    pmo__v1__response_envelope__free_unpacked(resp, NULL);
    return res->code;
}

int pmo_call_raw(pmo_client *c, const char *path, const void *payload,
                 size_t len, void **out, size_t *out_len, pmo_result *res)
{
    memset(res, 0, sizeof(*res));
    *out = NULL;
    *out_len = 0;
    uint8_t key_bytes[16];
    char key[ENVELOPE_MAX_IDEMPOTENCY_KEY + 1];
    if (c->next_key) {
        snprintf(key, sizeof(key), "%s", c->next_key);
        pmo_client_set_idempotency_key(c, NULL);
    } else {
        crypto_random(key_bytes, sizeof(key_bytes));
        crypto_hex(key_bytes, sizeof(key_bytes), key);
    }

    /* The server would refuse it (or, far larger, drop the connection, and
     * nng would resend it on every reconnect until the timeout): refuse it
     * here, before megabytes go over the wire for nothing. The margin
     * leaves room for the envelope around the payload. */
    if (len > ENVELOPE_MAX_MESSAGE - 1024)
        return client_fail(res, PMO_RESOURCE_EXHAUSTED,
                           "request of %zu bytes is over the %u-byte message "
                           "limit; send it in parts",
                           len, ENVELOPE_MAX_MESSAGE);
    Pmo__V1__RequestEnvelope env = PMO__V1__REQUEST_ENVELOPE__INIT;
    env.id = ++c->next_id;
    env.method = (char *)path;
    env.auth_token = c->token ? c->token : "";
    env.timeout_ms = (uint32_t)c->timeout_ms;
    env.idempotency_key = key;
    env.payload.data = (uint8_t *)payload;
    env.payload.len = len;
    nng_msg *req;
    int rv = envelope_pack_msg(&env.base, &req);
    if (rv != 0)
        return client_fail_nng(c, res, rv, c->ca_file);
    return client_exchange(c, path, req, env.id, out, out_len, res);
}

static const ProtobufCMethodDescriptor *
client_method(const ProtobufCServiceDescriptor *service, const char *name)
{
    for (unsigned i = 0; i < service->n_methods; i++)
        if (strcmp(service->methods[i].name, name) == 0)
            return &service->methods[i];
    return NULL;
}

int pmo_call(pmo_client *c, const ProtobufCServiceDescriptor *service,
             const char *method, const ProtobufCMessage *input,
             ProtobufCMessage **output, pmo_result *res)
{
    *output = NULL;
    const ProtobufCMethodDescriptor *m = client_method(service, method);
    if (m == NULL || input->descriptor != m->input)
        return client_fail(res, PMO_INVALID_ARGUMENT,
                           "no method %s/%s taking %s", service->name, method,
                           input->descriptor->name);
    size_t len = protobuf_c_message_get_packed_size(input);
    uint8_t *buf = xmalloc(len ? len : 1);
    protobuf_c_message_pack(input, buf);
    char path[256];
    snprintf(path, sizeof(path), "%s/%s", service->name, method);
    void *reply = NULL;
    size_t reply_len = 0;
    int code = pmo_call_raw(c, path, buf, len, &reply, &reply_len, res);
    free(buf);
    if (code == PMO_OK) {
        *output = protobuf_c_message_unpack(m->output, NULL, reply_len, reply);
        if (*output == NULL)
            code = client_fail(res, PMO_INTERNAL,
                               "the server's reply is not a %s",
                               m->output->name);
    }
    free(reply);
    return code;
}
