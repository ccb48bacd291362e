/* common/tls.c - finished nng TLS configurations from PEM files. */
#include "common/tls.h"
#include "common/fileutil.h"
#include "common/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TLS_MAX_PEM (256 * 1024)

static char *tls_read_pem(const char *what, const char *path, char *err,
                          size_t errlen)
{
    char *pem = file_read_all(path, TLS_MAX_PEM, NULL);
    if (pem == NULL)
        snprintf(err, errlen, "cannot read %s %s: %s", what, path,
                 strerror(errno));
    return pem;
}

static int tls_load_own(nng_tls_config *cfg, const char *cert_file,
                        const char *key_file, char *err, size_t errlen)
{
    char *cert = tls_read_pem("certificate", cert_file, err, errlen);
    if (cert == NULL)
        return -1;
    char *key = tls_read_pem("key", key_file, err, errlen);
    if (key == NULL) {
        free(cert);
        return -1;
    }
    int rv = nng_tls_config_own_cert(cfg, cert, key, NULL);
    if (rv != 0)
        snprintf(err, errlen, "certificate %s with key %s: %s", cert_file,
                 key_file, nng_strerror(rv));
    /* The key text is secret: clear it before it returns to the heap. */
    memset(key, 0, strlen(key));
    free(key);
    free(cert);
    return rv == 0 ? 0 : -1;
}

static int tls_load_ca(nng_tls_config *cfg, const char *ca_file, char *err,
                       size_t errlen)
{
    char *ca = tls_read_pem("CA certificate", ca_file, err, errlen);
    if (ca == NULL)
        return -1;
    int rv = nng_tls_config_ca_chain(cfg, ca, NULL);
    free(ca);
    if (rv != 0) {
        snprintf(err, errlen, "CA certificate %s: %s", ca_file,
                 nng_strerror(rv));
        return -1;
    }
    return 0;
}

int tls_server_config(const char *cert_file, const char *key_file,
                      const char *client_ca_file, tls_client_auth client_auth,
                      nng_tls_config **out, char *err, size_t errlen)
{
    nng_tls_config *cfg;
    int rv = nng_tls_config_alloc(&cfg, NNG_TLS_MODE_SERVER);
    if (rv != 0) {
        snprintf(err, errlen, "TLS: %s", nng_strerror(rv));
        return -1;
    }
    if (tls_load_own(cfg, cert_file, key_file, err, errlen) != 0)
        goto fail;
    if (client_auth != TLS_CLIENT_AUTH_NONE) {
        if (client_ca_file == NULL) {
            snprintf(err, errlen, "client certificates need a CA file");
            goto fail;
        }
        if (tls_load_ca(cfg, client_ca_file, err, errlen) != 0)
            goto fail;
    }
    nng_tls_auth_mode mode = client_auth == TLS_CLIENT_AUTH_REQUIRED
                                 ? NNG_TLS_AUTH_MODE_REQUIRED
                             : client_auth == TLS_CLIENT_AUTH_OPTIONAL
                                 ? NNG_TLS_AUTH_MODE_OPTIONAL
                                 : NNG_TLS_AUTH_MODE_NONE;
    rv = nng_tls_config_auth_mode(cfg, mode);
    if (rv == 0)
        rv = nng_tls_config_version(cfg, NNG_TLS_1_2, NNG_TLS_1_2);
    if (rv != 0) {
        snprintf(err, errlen, "TLS: %s", nng_strerror(rv));
        goto fail;
    }
    *out = cfg;
    return 0;
fail:
    nng_tls_config_free(cfg);
    return -1;
}

int tls_client_config(const char *ca_file, const char *server_name,
                      const char *cert_file, const char *key_file,
                      nng_tls_config **out, char *err, size_t errlen)
{
    if ((cert_file == NULL) != (key_file == NULL)) {
        snprintf(err, errlen, "a client certificate needs both cert and key");
        return -1;
    }
    nng_tls_config *cfg;
    int rv = nng_tls_config_alloc(&cfg, NNG_TLS_MODE_CLIENT);
    if (rv != 0) {
        snprintf(err, errlen, "TLS: %s", nng_strerror(rv));
        return -1;
    }
    if (tls_load_ca(cfg, ca_file, err, errlen) != 0)
        goto fail;
    if (cert_file != NULL &&
        tls_load_own(cfg, cert_file, key_file, err, errlen) != 0)
        goto fail;
    rv = nng_tls_config_server_name(cfg, server_name);
    if (rv == 0)
        rv = nng_tls_config_auth_mode(cfg, NNG_TLS_AUTH_MODE_REQUIRED);
    if (rv == 0)
        rv = nng_tls_config_version(cfg, NNG_TLS_1_2, NNG_TLS_1_2);
    if (rv != 0) {
        snprintf(err, errlen, "TLS: %s", nng_strerror(rv));
        goto fail;
    }
    *out = cfg;
    return 0;
fail:
    nng_tls_config_free(cfg);
    return -1;
}

char *tls_url_host(const char *url)
{
    const char *p = strstr(url, "://");
    if (p == NULL)
        return NULL;
    p += 3;
    if (*p == '[') {
        const char *end = strchr(p, ']');
        return end ? xstrndup(p + 1, (size_t)(end - p - 1)) : NULL;
    }
    const char *colon = strrchr(p, ':');
    size_t len = colon ? (size_t)(colon - p) : strlen(p);
    return len ? xstrndup(p, len) : NULL;
}
