/*
 * client/tls_probe.h - why a TLS handshake with the server failed.
 *
 * nng 1.5.2 reports a failed handshake as NNG_EPEERAUTH or NNG_ECRYPTO
 * whatever the reason, so after it fails the client shakes hands once more
 * on a separate connection with OpenSSL, with the same trust settings, and
 * looks at what the server sent: whether its chain verifies against the CA
 * file, whether its certificate names the server name (compared against
 * dNSName entries and, without them, the CN, as mbedTLS 2.28 does), and
 * whether it asked for a client certificate. Blocking; the caller's thread.
 */
#ifndef PMO_CLIENT_TLS_PROBE_H
#define PMO_CLIENT_TLS_PROBE_H

#include <stddef.h>

typedef enum tls_probe_verdict {
    TLS_PROBE_UNKNOWN,       /* no reason found (or the probe failed) */
    TLS_PROBE_UNTRUSTED,     /* the chain does not verify against the CA */
    TLS_PROBE_NAME_MISMATCH, /* the certificate does not name server_name */
    TLS_PROBE_CERT_REQUIRED, /* a client certificate was asked, none given */
    TLS_PROBE_CERT_REFUSED,  /* the server refused the one given */
} tls_probe_verdict;

typedef struct tls_probe_target {
    const char *url;         /* tls+tcp://HOST:PORT */
    const char *ca_file;     /* PEM the server's chain must verify against */
    const char *server_name; /* the name the certificate must hold */
    const char *cert_file;   /* client certificate, or NULL */
    const char *key_file;
    int timeout_ms;          /* for connect and handshake */
} tls_probe_target;

/*
 * Runs the probe. detail gets, for UNTRUSTED, the issuer of the server's
 * certificate and, for NAME_MISMATCH, the names it holds ("a, b"); else
 * "". Never fails: anything it cannot find out is TLS_PROBE_UNKNOWN.
 */
tls_probe_verdict tls_probe_run(const tls_probe_target *t, char *detail,
                                size_t detail_len);

#endif
