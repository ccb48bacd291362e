/* client/tls_probe.c - a second handshake, by OpenSSL, to say why TLS failed. */
#include "tls_probe.h"
#include "common/tls.h"

#include <netdb.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

/* A connected TCP socket to the URL's host and port, or -1. */
static int probe_connect(const char *url, int timeout_ms)
{
    char *host = tls_url_host(url);
    const char *port = strrchr(url, ':');
    if (host == NULL || port == NULL || strchr(port, ']') != NULL) {
        free(host);
        return -1;
    }
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *ai = NULL;
    int rc = getaddrinfo(host, port + 1, &hints, &ai);
    free(host);
    if (rc != 0)
        return -1;
    struct timeval tv = {.tv_sec = timeout_ms / 1000,
                         .tv_usec = (timeout_ms % 1000) * 1000};
    int fd = -1;
    for (struct addrinfo *a = ai; a != NULL && fd < 0; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
        if (fd < 0)
            continue;
        /* Bounds the handshake; connect(2) honours SO_SNDTIMEO too. */
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
        if (connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(ai);
    return fd;
}

/* Every verification error is recorded in the verify result, not fatal. */
static int probe_verify_cb(int ok, X509_STORE_CTX *store)
{
    (void)ok;
    (void)store;
    return 1;
}

/* Called by OpenSSL only when the server sends a CertificateRequest. */
static int probe_cert_cb(SSL *ssl, void *arg)
{
    (void)ssl;
    *(bool *)arg = true;
    return 1;
}

static SSL_CTX *probe_ctx_new(const tls_probe_target *t)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (ctx == NULL)
        return NULL;
    /* The transport speaks TLS 1.2 only (mbedTLS 2.28 in nng). */
    SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, probe_verify_cb);
    if (SSL_CTX_load_verify_locations(ctx, t->ca_file, NULL) != 1 ||
        (t->cert_file &&
         (SSL_CTX_use_certificate_chain_file(ctx, t->cert_file) != 1 ||
          SSL_CTX_use_PrivateKey_file(ctx, t->key_file, SSL_FILETYPE_PEM) !=
              1))) {
        SSL_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}

static void probe_append(char *out, size_t len, const char *name)
{
    size_t used = strlen(out);
    /* The same name as DNS and as IP entry is one name to a reader. */
    char *hit = strstr(out, name);
    size_t n = strlen(name);
    if (hit && (hit == out || hit[-1] == ' ') &&
        (hit[n] == '\0' || hit[n] == ','))
        return;
    snprintf(out + used, len - used, "%s%s", used ? ", " : "", name);
}

/* The names mbedTLS 2.28 matches: dNSName entries, else the CN. */
static void probe_names(X509 *cert, char *out, size_t len)
{
    out[0] = '\0';
    GENERAL_NAMES *sans =
        X509_get_ext_d2i(cert, NID_subject_alt_name, NULL, NULL);
    for (int i = 0; sans && i < sk_GENERAL_NAME_num(sans); i++) {
        GENERAL_NAME *gn = sk_GENERAL_NAME_value(sans, i);
        if (gn->type == GEN_DNS)
            probe_append(out, len,
                         (const char *)ASN1_STRING_get0_data(gn->d.dNSName));
    }
    GENERAL_NAMES_free(sans);
    if (out[0] == '\0') {
        char cn[256];
        if (X509_NAME_get_text_by_NID(X509_get_subject_name(cert),
                                      NID_commonName, cn, sizeof(cn)) > 0)
            probe_append(out, len, cn);
        else
            snprintf(out, len, "no name");
    }
}

static tls_probe_verdict probe_judge(const tls_probe_target *t, SSL *ssl,
                                     bool handshake_ok, bool cert_asked,
                                     char *detail, size_t len)
{
    X509 *peer = SSL_get0_peer_certificate(ssl);
    if (peer == NULL)
        return TLS_PROBE_UNKNOWN;
    if (SSL_get_verify_result(ssl) != X509_V_OK) {
        X509_NAME_oneline(X509_get_issuer_name(peer), detail, (int)len);
        return TLS_PROBE_UNTRUSTED;
    }
    if (X509_check_host(peer, t->server_name, 0, 0, NULL) != 1) {
        probe_names(peer, detail, len);
        return TLS_PROBE_NAME_MISMATCH;
    }
    if (cert_asked && !handshake_ok)
        return t->cert_file ? TLS_PROBE_CERT_REFUSED : TLS_PROBE_CERT_REQUIRED;
    return TLS_PROBE_UNKNOWN;
}

tls_probe_verdict tls_probe_run(const tls_probe_target *t, char *detail,
                                size_t detail_len)
{
    detail[0] = '\0';
    SSL_CTX *ctx = probe_ctx_new(t);
    if (ctx == NULL) {
        ERR_clear_error();
        return TLS_PROBE_UNKNOWN;
    }
    tls_probe_verdict v = TLS_PROBE_UNKNOWN;
    SSL *ssl = NULL;
    int fd = probe_connect(t->url, t->timeout_ms);
    if (fd < 0 || (ssl = SSL_new(ctx)) == NULL)
        goto fail;
    bool cert_asked = false;
    SSL_set_cert_cb(ssl, probe_cert_cb, &cert_asked);
    SSL_set_tlsext_host_name(ssl, t->server_name);
    SSL_set_fd(ssl, fd);
    bool ok = SSL_connect(ssl) == 1;
    v = probe_judge(t, ssl, ok, cert_asked, detail, detail_len);
    if (ok)
        SSL_shutdown(ssl);
fail:
    SSL_free(ssl);
    if (fd >= 0)
        close(fd);
    SSL_CTX_free(ctx);
    ERR_clear_error();
    return v;
}
