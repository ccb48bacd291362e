/* tests/unit/test_pki.c - the private CA: files, modes, chains, reuse, TLS. */

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nng/nng.h>
#include <nng/protocol/reqrep0/rep.h>
#include <nng/protocol/reqrep0/req.h>
#include <nng/supplemental/tls/tls.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "server/pki.h"

#define TEST_TIMEOUT_MS 2000

typedef struct test_dirs {
    char main[64];
    char other[64];
} test_dirs;

static const char *const test_extra_names[] = {"pmo.example.test", "10.1.2.3",
                                               NULL};

static int test_rm_entry(const char *path, const struct stat *st, int flag,
                         struct FTW *ftw)
{
    return remove(path);
}

static void test_dir_remove(const char *dir)
{
    if (dir[0] != '\0')
        nftw(dir, test_rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static char *test_path(const char *dir, const char *name)
{
    static char buf[4][512];
    static int next;
    char *out = buf[next++ % 4];

    /* Paths here are short mkdtemp names; a cut one would fail loudly. */
    if ((size_t)snprintf(out, sizeof buf[0], "%.400s/%.100s", dir, name) >=
        sizeof buf[0])
        fail_msg("path too long: %s/%s", dir, name);
    return out;
}

/* The whole file as a NUL-terminated string; the caller frees it. */
static char *test_file_read(const char *path, size_t *len_out)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long len;

    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    len = ftell(f);
    assert_true(len > 0);
    rewind(f);
    buf = malloc((size_t)len + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
    buf[len] = '\0';
    fclose(f);
    if (len_out != NULL)
        *len_out = (size_t)len;
    return buf;
}

static X509 *test_cert_load(const char *path)
{
    FILE *f = fopen(path, "r");
    X509 *cert;

    assert_non_null(f);
    cert = PEM_read_X509(f, NULL, NULL, NULL);
    fclose(f);
    assert_non_null(cert);
    return cert;
}

static mode_t test_mode(const char *path)
{
    struct stat st;

    assert_int_equal(stat(path, &st), 0);
    return st.st_mode & 07777;
}

/* Whether leaf chains to the CA stored in ca_path, for the given purpose. */
static int test_chain_verifies(const char *ca_path, X509 *leaf, int purpose)
{
    X509 *ca = test_cert_load(ca_path);
    X509_STORE *store = X509_STORE_new();
    X509_STORE_CTX *ctx = X509_STORE_CTX_new();
    int ok;

    assert_non_null(store);
    assert_non_null(ctx);
    assert_int_equal(X509_STORE_add_cert(store, ca), 1);
    assert_int_equal(X509_STORE_CTX_init(ctx, store, leaf, NULL), 1);
    X509_STORE_CTX_set_purpose(ctx, purpose);
    ok = X509_verify_cert(ctx) == 1;
    X509_STORE_CTX_free(ctx);
    X509_STORE_free(store);
    X509_free(ca);
    return ok;
}

static int test_group_setup(void **state)
{
    test_dirs *d = calloc(1, sizeof *d);
    char err[512] = "";

    if (d == NULL)
        return -1;
    snprintf(d->main, sizeof d->main, "/tmp/pmo-pki-XXXXXX");
    snprintf(d->other, sizeof d->other, "/tmp/pmo-pki-XXXXXX");
    if (mkdtemp(d->main) == NULL || mkdtemp(d->other) == NULL ||
        pki_ensure(d->main, test_extra_names, err, sizeof err) != 0 ||
        pki_ensure(d->other, NULL, err, sizeof err) != 0) {
        fprintf(stderr, "setup: %s\n", err);
        return -1;
    }
    *state = d;
    return 0;
}

static int test_group_teardown(void **state)
{
    test_dirs *d = *state;

    test_dir_remove(d->main);
    test_dir_remove(d->other);
    free(d);
    nng_fini();
    return 0;
}

static void test_pki_files_and_modes(void **state)
{
    test_dirs *d = *state;
    char tls[512];

    snprintf(tls, sizeof tls, "%s/tls", d->main);
    assert_int_equal(test_mode(tls), 0700);
    assert_int_equal(test_mode(test_path(tls, "ca.key")), 0600);
    assert_int_equal(test_mode(test_path(tls, "server.key")), 0600);
    assert_int_equal(test_mode(test_path(tls, "ca.pem")), 0644);
    assert_int_equal(test_mode(test_path(tls, "server.pem")), 0644);
    assert_int_equal(test_mode(test_path(d->main, "ca.pem")), 0644);
}

static void test_pki_server_chain(void **state)
{
    test_dirs *d = *state;
    X509 *server = test_cert_load(test_path(d->main, "tls/server.pem"));

    assert_true(test_chain_verifies(test_path(d->main, "ca.pem"), server,
                                    X509_PURPOSE_SSL_SERVER));
    assert_false(test_chain_verifies(test_path(d->other, "ca.pem"), server,
                                     X509_PURPOSE_SSL_SERVER));
    assert_int_equal(X509_check_host(server, "localhost", 0, 0, NULL), 1);
    assert_int_equal(X509_check_host(server, "127.0.0.1", 0, 0, NULL), 1);
    assert_int_equal(X509_check_host(server, "pmo.example.test", 0, 0, NULL),
                     1);
    assert_int_equal(X509_check_ip_asc(server, "127.0.0.1", 0), 1);
    assert_int_equal(X509_check_ip_asc(server, "::1", 0), 1);
    assert_int_equal(X509_check_ip_asc(server, "10.1.2.3", 0), 1);
    assert_int_equal(X509_check_ip_asc(server, "10.9.9.9", 0), 0);
    X509_free(server);
}

static void test_pki_ca_profile(void **state)
{
    test_dirs *d = *state;
    X509 *ca = test_cert_load(test_path(d->main, "tls/ca.pem"));
    ASN1_INTEGER *serial = X509_get_serialNumber(ca);

    assert_int_equal(X509_check_ca(ca), 1);
    assert_true(X509_get_key_usage(ca) & KU_KEY_CERT_SIGN);
    assert_int_equal(serial->length, 16);
    X509_free(ca);
}

static void test_pki_second_call_reuses(void **state)
{
    static const char *const names[] = {"tls/ca.key", "tls/ca.pem",
                                        "tls/server.key", "tls/server.pem",
                                        "ca.pem"};
    test_dirs *d = *state;
    char *before[5], err[512] = "";
    size_t i, len;

    for (i = 0; i < 5; i++)
        before[i] = test_file_read(test_path(d->main, names[i]), NULL);
    assert_int_equal(pki_ensure(d->main, test_extra_names, err, sizeof err), 0);
    for (i = 0; i < 5; i++) {
        char *after = test_file_read(test_path(d->main, names[i]), &len);

        assert_int_equal(len, strlen(before[i]));
        assert_memory_equal(before[i], after, len);
        free(after);
        free(before[i]);
    }
}

static void test_pki_server_reissued_from_ca(void **state)
{
    test_dirs *d = *state;
    char *ca_before = test_file_read(test_path(d->main, "ca.pem"), NULL);
    char *ca_after, err[512] = "";
    X509 *server;

    assert_int_equal(unlink(test_path(d->main, "tls/server.pem")), 0);
    assert_int_equal(pki_ensure(d->main, test_extra_names, err, sizeof err), 0);
    ca_after = test_file_read(test_path(d->main, "ca.pem"), NULL);
    assert_string_equal(ca_before, ca_after);
    server = test_cert_load(test_path(d->main, "tls/server.pem"));
    assert_true(test_chain_verifies(test_path(d->main, "ca.pem"), server,
                                    X509_PURPOSE_SSL_SERVER));
    X509_free(server);
    free(ca_before);
    free(ca_after);
}

static void test_pki_error_names_file(void **state)
{
    char err[512] = "";

    assert_int_equal(pki_ensure("/nonexistent/pmo", NULL, err, sizeof err), -1);
    assert_non_null(strstr(err, "/nonexistent/pmo/tls"));
    assert_int_equal(pki_issue_client("/nonexistent/pmo", "x", "/tmp/c.pem",
                                      "/tmp/c.key", err, sizeof err),
                     -1);
    assert_non_null(strstr(err, "/nonexistent/pmo/tls/ca.pem"));
}

static void test_pki_client_cert(void **state)
{
    test_dirs *d = *state;
    char err[512] = "";
    X509 *client;
    X509_NAME *subject;
    char cn[64];

    assert_int_equal(pki_issue_client(d->main, "integration-bot",
                                      test_path(d->main, "client.pem"),
                                      test_path(d->main, "client.key"), err,
                                      sizeof err),
                     0);
    assert_int_equal(test_mode(test_path(d->main, "client.key")), 0600);
    client = test_cert_load(test_path(d->main, "client.pem"));
    subject = X509_get_subject_name(client);
    assert_true(
        X509_NAME_get_text_by_NID(subject, NID_commonName, cn, sizeof cn) > 0);
    assert_string_equal(cn, "integration-bot");
    assert_true(test_chain_verifies(test_path(d->main, "ca.pem"), client,
                                    X509_PURPOSE_SSL_CLIENT));
    assert_false(test_chain_verifies(test_path(d->main, "ca.pem"), client,
                                     X509_PURPOSE_SSL_SERVER));
    X509_free(client);
}

static nng_tls_config *test_tls_server(const char *dir)
{
    char *cert = test_file_read(test_path(dir, "tls/server.pem"), NULL);
    char *key = test_file_read(test_path(dir, "tls/server.key"), NULL);
    nng_tls_config *cfg = NULL;

    assert_int_equal(nng_tls_config_alloc(&cfg, NNG_TLS_MODE_SERVER), 0);
    assert_int_equal(nng_tls_config_own_cert(cfg, cert, key, NULL), 0);
    free(cert);
    free(key);
    return cfg;
}

static nng_tls_config *test_tls_client(const char *ca_dir)
{
    char *ca = test_file_read(test_path(ca_dir, "ca.pem"), NULL);
    nng_tls_config *cfg = NULL;

    assert_int_equal(nng_tls_config_alloc(&cfg, NNG_TLS_MODE_CLIENT), 0);
    assert_int_equal(nng_tls_config_ca_chain(cfg, ca, NULL), 0);
    assert_int_equal(nng_tls_config_server_name(cfg, "127.0.0.1"), 0);
    assert_int_equal(nng_tls_config_auth_mode(cfg, NNG_TLS_AUTH_MODE_REQUIRED),
                     0);
    free(ca);
    return cfg;
}

static void test_pki_pems_load_into_nng(void **state)
{
    test_dirs *d = *state;

    nng_tls_config_free(test_tls_server(d->main));
    nng_tls_config_free(test_tls_client(d->main));
}

static void test_sock_timeouts_set(nng_socket s)
{
    assert_int_equal(nng_socket_set_ms(s, NNG_OPT_RECVTIMEO, TEST_TIMEOUT_MS),
                     0);
    assert_int_equal(nng_socket_set_ms(s, NNG_OPT_SENDTIMEO, TEST_TIMEOUT_MS),
                     0);
}

/* A rep0 listener on an ephemeral port; writes the dial URL into url. */
static void test_listener_start(const char *dir, nng_socket *rep, char *url,
                                size_t len)
{
    nng_tls_config *cfg = test_tls_server(dir);
    nng_listener l;
    int port = 0;

    assert_int_equal(nng_rep0_open(rep), 0);
    test_sock_timeouts_set(*rep);
    assert_int_equal(nng_listener_create(&l, *rep, "tls+tcp://127.0.0.1:0"), 0);
    assert_int_equal(nng_listener_set_ptr(l, NNG_OPT_TLS_CONFIG, cfg), 0);
    assert_int_equal(nng_listener_start(l, 0), 0);
    assert_int_equal(nng_listener_get_int(l, NNG_OPT_TCP_BOUND_PORT, &port), 0);
    snprintf(url, len, "tls+tcp://127.0.0.1:%d", port);
    nng_tls_config_free(cfg);
}

/* Dials url trusting ca_dir's CA; 0 if a request got its reply. */
static int test_round_trip(nng_socket rep, const char *url, const char *ca_dir)
{
    nng_tls_config *cfg = test_tls_client(ca_dir);
    nng_socket req;
    nng_dialer dialer;
    char msg[] = "ping", *buf = NULL;
    size_t len = 0;
    int rc;

    assert_int_equal(nng_req0_open(&req), 0);
    test_sock_timeouts_set(req);
    assert_int_equal(nng_dialer_create(&dialer, req, url), 0);
    assert_int_equal(nng_dialer_set_ptr(dialer, NNG_OPT_TLS_CONFIG, cfg), 0);
    rc = nng_dialer_start(dialer, 0);
    if (rc == 0)
        rc = nng_send(req, msg, sizeof msg, 0);
    if (rc == 0)
        rc = nng_recv(rep, &buf, &len, NNG_FLAG_ALLOC);
    if (rc == 0) {
        rc = nng_send(rep, buf, len, NNG_FLAG_ALLOC);
        buf = NULL;
    }
    if (rc == 0)
        rc = nng_recv(req, &buf, &len, NNG_FLAG_ALLOC);
    if (rc == 0)
        rc = len == sizeof msg && memcmp(buf, msg, len) == 0 ? 0 : -1;
    if (buf != NULL)
        nng_free(buf, len);
    nng_close(req);
    nng_tls_config_free(cfg);
    return rc;
}

static void test_pki_tls_handshake(void **state)
{
    test_dirs *d = *state;
    nng_socket rep;
    char url[64];

    test_listener_start(d->main, &rep, url, sizeof url);
    assert_int_equal(test_round_trip(rep, url, d->main), 0);
    assert_int_not_equal(test_round_trip(rep, url, d->other), 0);
    nng_close(rep);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pki_files_and_modes),
        cmocka_unit_test(test_pki_server_chain),
        cmocka_unit_test(test_pki_ca_profile),
        cmocka_unit_test(test_pki_second_call_reuses),
        cmocka_unit_test(test_pki_server_reissued_from_ca),
        cmocka_unit_test(test_pki_error_names_file),
        cmocka_unit_test(test_pki_client_cert),
        cmocka_unit_test(test_pki_pems_load_into_nng),
        cmocka_unit_test(test_pki_tls_handshake),
    };

    return cmocka_run_group_tests(tests, test_group_setup, test_group_teardown);
}
