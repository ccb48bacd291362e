/*
 * server/pki.h - the server's private certificate authority (OpenSSL).
 *
 * On first start pmo-server makes a CA and a server certificate so that TLS
 * works with no setup: clients trust DIR/ca.pem. Keys are EC P-256 and
 * everything is PEM, because nng's TLS is mbedTLS 2.28 and that is what it
 * loads reliably. Files written:
 *   DIR/tls/ca.key     CA private key (0600)
 *   DIR/tls/ca.pem     CA certificate
 *   DIR/tls/server.key server private key (0600)
 *   DIR/tls/server.pem server certificate, signed by the CA
 *   DIR/ca.pem         copy of the CA certificate, for clients
 */
#ifndef PMO_SERVER_PKI_H
#define PMO_SERVER_PKI_H

#include <stddef.h>

/*
 * Makes sure DIR/tls holds a CA and a server certificate, creating what is
 * missing. hostnames is a NULL-terminated list of extra DNS names or IP
 * addresses for the server certificate's subjectAltName ("localhost",
 * "127.0.0.1", "::1" and the machine's host name are always included).
 * Existing files are reused untouched. Returns 0, or -1 with a one-line
 * reason in err.
 */
int pki_ensure(const char *data_dir, const char *const *hostnames, char *err,
               size_t errlen);

/*
 * Issues a client certificate signed by DIR's CA, for mutual TLS of service
 * integrations: writes key_path (0600) and cert_path. Returns 0 or -1.
 */
int pki_issue_client(const char *data_dir, const char *common_name,
                     const char *cert_path, const char *key_path, char *err,
                     size_t errlen);

#endif
