/*
 * common/tls.h - building nng TLS configurations from PEM files.
 *
 * nng 1.5.2 in Debian runs TLS 1.2 on mbedTLS 2.28. A configuration must be
 * complete before it is attached to a listener or dialer: nng does not mark
 * it busy, so a later change would race with live connections. Both
 * functions therefore return a finished configuration; the caller attaches
 * it and then drops its own reference with nng_tls_config_free.
 */
#ifndef PMO_COMMON_TLS_H
#define PMO_COMMON_TLS_H

#include <nng/nng.h>
#include <nng/supplemental/tls/tls.h>
#include <stdbool.h>
#include <stddef.h>

typedef enum tls_client_auth {
    TLS_CLIENT_AUTH_NONE,     /* tokens identify callers (the default) */
    TLS_CLIENT_AUTH_OPTIONAL, /* verify a client certificate if one is sent */
    TLS_CLIENT_AUTH_REQUIRED, /* admit only machines holding one */
} tls_client_auth;

/*
 * A server configuration with our certificate and key. client_ca_file may
 * be NULL unless client_auth asks for client certificates. Returns 0 and
 * the configuration in *out, or -1 with a one-line reason in err.
 */
int tls_server_config(const char *cert_file, const char *key_file,
                      const char *client_ca_file, tls_client_auth client_auth,
                      nng_tls_config **out, char *err, size_t errlen);

/*
 * A client configuration that trusts only ca_file and checks that the
 * server's certificate names server_name (mbedTLS skips the name check
 * when none is set, so it is mandatory here). cert_file/key_file are an
 * optional client certificate for mutual TLS (both or neither).
 */
int tls_client_config(const char *ca_file, const char *server_name,
                      const char *cert_file, const char *key_file,
                      nng_tls_config **out, char *err, size_t errlen);

/* The host part of "tls+tcp://HOST:PORT" ("[::1]" gives "::1"), or NULL. */
char *tls_url_host(const char *url);

#endif
