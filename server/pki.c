/* server/pki.c - the private CA: making, loading and issuing certificates. */

/*
 * DESIGN: the files under DIR/tls are the whole state. Each file is written
 * to a temporary name, fsynced and renamed, and a key always lands before
 * the certificate made for it, so after a crash any certificate on disk has
 * its key, and a missing certificate is simply issued again on the next
 * start. Files that exist are never rewritten: clients trust DIR/ca.pem,
 * and replacing the CA behind their back would lock every one of them out.
 */

#include "pki.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#define PKI_CA_DAYS   3650
#define PKI_LEAF_DAYS 730
/* Clients whose clock runs a few minutes slow must still accept new certs. */
#define PKI_BACKDATE_S 300
#define PKI_SERIAL_LEN 16
/* RFC 5280 caps commonName at 64 characters; OpenSSL enforces it. */
#define PKI_CN_MAX 64

typedef struct pki_paths {
    char tls[PATH_MAX];
    char ca_key[PATH_MAX];
    char ca_pem[PATH_MAX];
    char server_key[PATH_MAX];
    char server_pem[PATH_MAX];
    char ca_copy[PATH_MAX];
} pki_paths;

typedef struct pki_ext {
    int nid;
    const char *value;
} pki_ext;

static const pki_ext pki_ca_exts[] = {
    {NID_basic_constraints, "critical,CA:TRUE"},
    {NID_key_usage, "critical,keyCertSign,cRLSign"},
    {NID_subject_key_identifier, "hash"},
    {0, NULL},
};

static const pki_ext pki_server_exts[] = {
    {NID_basic_constraints, "critical,CA:FALSE"},
    {NID_key_usage, "critical,digitalSignature,keyAgreement"},
    {NID_ext_key_usage, "serverAuth"},
    {NID_subject_key_identifier, "hash"},
    {NID_authority_key_identifier, "keyid:always"},
    {0, NULL},
};

static const pki_ext pki_client_exts[] = {
    {NID_basic_constraints, "critical,CA:FALSE"},
    {NID_key_usage, "critical,digitalSignature,keyAgreement"},
    {NID_ext_key_usage, "clientAuth"},
    {NID_subject_key_identifier, "hash"},
    {NID_authority_key_identifier, "keyid:always"},
    {0, NULL},
};

static void pki_err_sys(char *err, size_t errlen, const char *what,
                        const char *path)
{
    snprintf(err, errlen, "pki: %s %s: %s", what, path, strerror(errno));
}

static void pki_err_ssl(char *err, size_t errlen, const char *what,
                        const char *path)
{
    char reason[256] = "unknown OpenSSL error";
    unsigned long code = ERR_get_error();

    /* The oldest queued error is the cause; the rest are its callers. */
    if (code != 0)
        ERR_error_string_n(code, reason, sizeof reason);
    ERR_clear_error();
    snprintf(err, errlen, "pki: %s %s: %s", what, path, reason);
}

static int pki_path_build(char *out, const char *dir, const char *name,
                          char *err, size_t errlen)
{
    int n = snprintf(out, PATH_MAX, "%s/%s", dir, name);

    if (n < 0 || n >= PATH_MAX) {
        snprintf(err, errlen, "pki: path too long: %s/%s", dir, name);
        return -1;
    }
    return 0;
}

static int pki_paths_build(pki_paths *p, const char *data_dir, char *err,
                           size_t errlen)
{
    if (pki_path_build(p->tls, data_dir, "tls", err, errlen) != 0 ||
        pki_path_build(p->ca_key, p->tls, "ca.key", err, errlen) != 0 ||
        pki_path_build(p->ca_pem, p->tls, "ca.pem", err, errlen) != 0 ||
        pki_path_build(p->server_key, p->tls, "server.key", err, errlen) != 0 ||
        pki_path_build(p->server_pem, p->tls, "server.pem", err, errlen) != 0 ||
        pki_path_build(p->ca_copy, data_dir, "ca.pem", err, errlen) != 0)
        return -1;
    return 0;
}

static int pki_file_exists(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0;
}

/* A rename is only durable once the directory holding it is synced. */
static int pki_dir_sync(const char *path)
{
    char copy[PATH_MAX];
    int fd, rc;

    snprintf(copy, sizeof copy, "%s", path);
    fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    rc = fsync(fd);
    close(fd);
    return rc;
}

static int pki_fd_write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

static int pki_file_write(const char *path, const char *data, size_t len,
                          mode_t mode, char *err, size_t errlen)
{
    char tmp[PATH_MAX];
    int fd, closed;

    if (snprintf(tmp, sizeof tmp, "%s.XXXXXX", path) >= (int)sizeof tmp) {
        snprintf(err, errlen, "pki: path too long: %s", path);
        return -1;
    }
    /* mkostemp creates the file 0600, so a key is never readable by others,
     * not even for the moment before fchmod. */
    fd = mkostemp(tmp, O_CLOEXEC);
    if (fd < 0) {
        pki_err_sys(err, errlen, "cannot create", tmp);
        return -1;
    }
    if (fchmod(fd, mode) != 0 || pki_fd_write_all(fd, data, len) != 0 ||
        fsync(fd) != 0)
        goto fail;
    closed = close(fd);
    fd = -1;
    if (closed != 0 || rename(tmp, path) != 0)
        goto fail;
    if (pki_dir_sync(path) != 0) {
        pki_err_sys(err, errlen, "cannot sync the directory of", path);
        return -1;
    }
    return 0;

fail:
    pki_err_sys(err, errlen, "cannot write", path);
    if (fd >= 0)
        close(fd);
    unlink(tmp);
    return -1;
}

/* Encodes into memory first so the file is written in one atomic step. */
static int pki_bio_save(BIO *bio, const char *path, mode_t mode, char *err,
                        size_t errlen)
{
    char *data = NULL;
    long len = BIO_get_mem_data(bio, &data);

    if (len <= 0) {
        pki_err_ssl(err, errlen, "cannot encode", path);
        return -1;
    }
    return pki_file_write(path, data, (size_t)len, mode, err, errlen);
}

static int pki_key_save(const char *path, EVP_PKEY *key, char *err,
                        size_t errlen)
{
    BIO *bio = BIO_new(BIO_s_mem());
    int rc = -1;

    if (bio == NULL ||
        !PEM_write_bio_PrivateKey(bio, key, NULL, NULL, 0, NULL, NULL)) {
        pki_err_ssl(err, errlen, "cannot encode", path);
        goto fail;
    }
    rc = pki_bio_save(bio, path, 0600, err, errlen);
fail:
    BIO_free(bio);
    return rc;
}

static int pki_cert_save(const char *path, X509 *cert, char *err, size_t errlen)
{
    BIO *bio = BIO_new(BIO_s_mem());
    int rc = -1;

    if (bio == NULL || !PEM_write_bio_X509(bio, cert)) {
        pki_err_ssl(err, errlen, "cannot encode", path);
        goto fail;
    }
    rc = pki_bio_save(bio, path, 0644, err, errlen);
fail:
    BIO_free(bio);
    return rc;
}

static int pki_cert_load(const char *path, X509 **out, char *err, size_t errlen)
{
    BIO *bio = BIO_new_file(path, "r");
    X509 *cert;

    if (bio == NULL) {
        pki_err_ssl(err, errlen, "cannot open", path);
        return -1;
    }
    cert = PEM_read_bio_X509(bio, NULL, NULL, NULL);
    BIO_free(bio);
    if (cert == NULL) {
        pki_err_ssl(err, errlen, "cannot read a certificate from", path);
        return -1;
    }
    *out = cert;
    return 0;
}

static int pki_key_load(const char *path, EVP_PKEY **out, char *err,
                        size_t errlen)
{
    BIO *bio = BIO_new_file(path, "r");
    EVP_PKEY *key;

    if (bio == NULL) {
        pki_err_ssl(err, errlen, "cannot open", path);
        return -1;
    }
    key = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
    BIO_free(bio);
    if (key == NULL) {
        pki_err_ssl(err, errlen, "cannot read a private key from", path);
        return -1;
    }
    *out = key;
    return 0;
}

static int pki_ca_load(const pki_paths *p, X509 **cert_out, EVP_PKEY **key_out,
                       char *err, size_t errlen)
{
    X509 *cert = NULL;
    EVP_PKEY *key = NULL;

    if (pki_cert_load(p->ca_pem, &cert, err, errlen) != 0 ||
        pki_key_load(p->ca_key, &key, err, errlen) != 0)
        goto fail;
    if (!X509_check_private_key(cert, key)) {
        pki_err_ssl(err, errlen, "the key does not match", p->ca_pem);
        goto fail;
    }
    *cert_out = cert;
    *key_out = key;
    return 0;

fail:
    EVP_PKEY_free(key);
    X509_free(cert);
    return -1;
}

static int pki_key_generate(const char *path, EVP_PKEY **out, char *err,
                            size_t errlen)
{
    EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");

    if (key == NULL) {
        pki_err_ssl(err, errlen, "cannot generate a key for", path);
        return -1;
    }
    *out = key;
    return 0;
}

static int pki_serial_set(X509 *cert)
{
    unsigned char raw[PKI_SERIAL_LEN];
    BIGNUM *bn = NULL;
    int rc = -1;

    if (RAND_bytes(raw, sizeof raw) != 1)
        return -1;
    /* Top bit clear keeps the DER INTEGER positive at exactly 16 bytes, the
     * next bit set keeps it from shrinking (and from being zero). */
    raw[0] = (unsigned char)((raw[0] & 0x7f) | 0x40);
    bn = BN_bin2bn(raw, sizeof raw, NULL);
    if (bn != NULL && BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert)))
        rc = 0;
    BN_free(bn);
    return rc;
}

/* An unsigned certificate for key, issued by issuer (NULL: self-issued). */
static int pki_cert_new(EVP_PKEY *key, const char *cn, X509 *issuer, long days,
                        X509 **out)
{
    X509 *cert = X509_new();
    X509_NAME *subject;

    if (cert == NULL)
        return -1;
    if (!X509_set_version(cert, X509_VERSION_3) || pki_serial_set(cert) ||
        !X509_gmtime_adj(X509_getm_notBefore(cert), -PKI_BACKDATE_S) ||
        !X509_time_adj_ex(X509_getm_notAfter(cert), (int)days, 0, NULL) ||
        !X509_set_pubkey(cert, key))
        goto fail;
    subject = X509_get_subject_name(cert);
    if (!X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8,
                                    (const unsigned char *)cn, -1, -1, 0))
        goto fail;
    if (!X509_set_issuer_name(
            cert, issuer != NULL ? X509_get_subject_name(issuer) : subject))
        goto fail;
    *out = cert;
    return 0;

fail:
    X509_free(cert);
    return -1;
}

static int pki_exts_add(X509 *cert, X509 *issuer, const pki_ext *exts)
{
    X509V3_CTX ctx;

    X509V3_set_ctx(&ctx, issuer != NULL ? issuer : cert, cert, NULL, NULL, 0);
    for (; exts->value != NULL; exts++) {
        X509_EXTENSION *ext =
            X509V3_EXT_conf_nid(NULL, &ctx, exts->nid, exts->value);
        int ok = ext != NULL && X509_add_ext(cert, ext, -1);

        X509_EXTENSION_free(ext);
        if (!ok)
            return -1;
    }
    return 0;
}

static int pki_san_push(GENERAL_NAMES *names, int type, const char *text)
{
    GENERAL_NAME *gn = GENERAL_NAME_new();
    ASN1_STRING *value = NULL;
    int i;

    if (gn == NULL)
        return -1;
    if (type == GEN_IPADD) {
        value = a2i_IPADDRESS(text);
    } else if ((value = ASN1_IA5STRING_new()) != NULL &&
               !ASN1_STRING_set(value, text, -1)) {
        ASN1_STRING_free(value);
        value = NULL;
    }
    if (value == NULL) {
        GENERAL_NAME_free(gn);
        return -1;
    }
    GENERAL_NAME_set0_value(gn, type, value);
    for (i = 0; i < sk_GENERAL_NAME_num(names); i++) {
        if (GENERAL_NAME_cmp(sk_GENERAL_NAME_value(names, i), gn) == 0) {
            GENERAL_NAME_free(gn);
            return 0;
        }
    }
    if (!sk_GENERAL_NAME_push(names, gn)) {
        GENERAL_NAME_free(gn);
        return -1;
    }
    return 0;
}

/*
 * An address goes in as IP and also as DNS: mbedTLS 2.28 on the client
 * side matches the requested server name only against dNSName entries and
 * the CN, so the DNS form is what lets "connect to 127.0.0.1" verify.
 */
static int pki_san_host_add(GENERAL_NAMES *names, const char *host)
{
    ASN1_OCTET_STRING *ip;

    if (host[0] == '\0')
        return 0;
    ip = a2i_IPADDRESS(host);
    if (ip != NULL) {
        ASN1_OCTET_STRING_free(ip);
        if (pki_san_push(names, GEN_IPADD, host) != 0)
            return -1;
    }
    return pki_san_push(names, GEN_DNS, host);
}

static int pki_san_add(X509 *cert, const char *host,
                       const char *const *hostnames)
{
    static const char *const fixed[] = {"localhost", "127.0.0.1", "::1"};
    GENERAL_NAMES *names = sk_GENERAL_NAME_new_null();
    int rc = -1;
    size_t i;

    if (names == NULL)
        return -1;
    if (pki_san_host_add(names, fixed[0]) != 0 ||
        pki_san_host_add(names, host) != 0)
        goto fail;
    for (i = 1; i < sizeof fixed / sizeof fixed[0]; i++)
        if (pki_san_host_add(names, fixed[i]) != 0)
            goto fail;
    for (; hostnames != NULL && *hostnames != NULL; hostnames++)
        if (pki_san_host_add(names, *hostnames) != 0)
            goto fail;
    if (X509_add1_ext_i2d(cert, NID_subject_alt_name, names, 0,
                          X509V3_ADD_DEFAULT) == 1)
        rc = 0;
fail:
    GENERAL_NAMES_free(names);
    return rc;
}

static void pki_hostname_get(char *out, size_t len)
{
    if (gethostname(out, len) != 0 || out[0] == '\0')
        snprintf(out, len, "localhost");
    out[len - 1] = '\0';
}

/* A key left without its certificate (a crash between the two writes) is
 * kept: a certificate remade for it still verifies what it signed. */
static int pki_ca_create(const pki_paths *p, char *err, size_t errlen)
{
    char host[PKI_CN_MAX + 1], cn[PKI_CN_MAX + 1];
    int have_key = pki_file_exists(p->ca_key);
    EVP_PKEY *key = NULL;
    X509 *cert = NULL;
    int rc = -1;

    pki_hostname_get(host, sizeof host);
    /* 15 + 49 characters: the longest CN allowed. */
    snprintf(cn, sizeof cn, "pmo private CA %.49s", host);
    if ((have_key ? pki_key_load(p->ca_key, &key, err, errlen)
                  : pki_key_generate(p->ca_key, &key, err, errlen)) != 0)
        goto fail;
    if (pki_cert_new(key, cn, NULL, PKI_CA_DAYS, &cert) != 0 ||
        pki_exts_add(cert, NULL, pki_ca_exts) != 0 ||
        !X509_sign(cert, key, EVP_sha256())) {
        pki_err_ssl(err, errlen, "cannot make the certificate", p->ca_pem);
        goto fail;
    }
    if ((!have_key && pki_key_save(p->ca_key, key, err, errlen) != 0) ||
        pki_cert_save(p->ca_pem, cert, err, errlen) != 0)
        goto fail;
    rc = 0;
fail:
    X509_free(cert);
    EVP_PKEY_free(key);
    return rc;
}

/* Sets *created when a new CA certificate was made, so that what depends on
 * it (the server certificate, the clients' copy) is redone. */
static int pki_ca_ensure(const pki_paths *p, int *created, char *err,
                         size_t errlen)
{
    if (pki_file_exists(p->ca_pem)) {
        *created = 0;
        return 0;
    }
    if (pki_ca_create(p, err, errlen) != 0)
        return -1;
    *created = 1;
    return 0;
}

/* san_hosts NULL: no subjectAltName (client certificates). */
static int pki_leaf_issue(X509 *ca, EVP_PKEY *ca_key, const char *cn,
                          const pki_ext *exts, const char *const *san_hosts,
                          const char *key_path, const char *cert_path,
                          char *err, size_t errlen)
{
    EVP_PKEY *key = NULL;
    X509 *cert = NULL;
    int rc = -1;

    if (pki_key_generate(key_path, &key, err, errlen) != 0)
        goto fail;
    if (pki_cert_new(key, cn, ca, PKI_LEAF_DAYS, &cert) != 0 ||
        pki_exts_add(cert, ca, exts) != 0 ||
        (san_hosts != NULL && pki_san_add(cert, cn, san_hosts) != 0) ||
        !X509_sign(cert, ca_key, EVP_sha256())) {
        pki_err_ssl(err, errlen, "cannot make the certificate", cert_path);
        goto fail;
    }
    if (pki_key_save(key_path, key, err, errlen) != 0 ||
        pki_cert_save(cert_path, cert, err, errlen) != 0)
        goto fail;
    rc = 0;
fail:
    X509_free(cert);
    EVP_PKEY_free(key);
    return rc;
}

static int pki_server_issue(const pki_paths *p, const char *const *hostnames,
                            char *err, size_t errlen)
{
    static const char *const none[] = {NULL};
    char host[PKI_CN_MAX + 1];
    X509 *ca = NULL;
    EVP_PKEY *ca_key = NULL;
    int rc = -1;

    pki_hostname_get(host, sizeof host);
    if (pki_ca_load(p, &ca, &ca_key, err, errlen) != 0)
        goto fail;
    rc = pki_leaf_issue(ca, ca_key, host, pki_server_exts,
                        hostnames != NULL ? hostnames : none, p->server_key,
                        p->server_pem, err, errlen);
fail:
    EVP_PKEY_free(ca_key);
    X509_free(ca);
    return rc;
}

static int pki_ca_copy(const pki_paths *p, char *err, size_t errlen)
{
    X509 *ca = NULL;
    int rc;

    if (pki_cert_load(p->ca_pem, &ca, err, errlen) != 0)
        return -1;
    rc = pki_cert_save(p->ca_copy, ca, err, errlen);
    X509_free(ca);
    return rc;
}

int pki_ensure(const char *data_dir, const char *const *hostnames, char *err,
               size_t errlen)
{
    pki_paths p;
    int fresh_ca;

    /* Stale entries would otherwise be reported as the cause of a failure. */
    ERR_clear_error();
    if (pki_paths_build(&p, data_dir, err, errlen) != 0)
        return -1;
    if (mkdir(p.tls, 0700) != 0 && errno != EEXIST) {
        pki_err_sys(err, errlen, "cannot create", p.tls);
        return -1;
    }
    if (pki_ca_ensure(&p, &fresh_ca, err, errlen) != 0)
        return -1;
    if ((fresh_ca || !pki_file_exists(p.server_pem) ||
         !pki_file_exists(p.server_key)) &&
        pki_server_issue(&p, hostnames, err, errlen) != 0)
        return -1;
    if ((fresh_ca || !pki_file_exists(p.ca_copy)) &&
        pki_ca_copy(&p, err, errlen) != 0)
        return -1;
    return 0;
}

int pki_issue_client(const char *data_dir, const char *common_name,
                     const char *cert_path, const char *key_path, char *err,
                     size_t errlen)
{
    pki_paths p;
    X509 *ca = NULL;
    EVP_PKEY *ca_key = NULL;
    int rc = -1;

    ERR_clear_error();
    if (pki_paths_build(&p, data_dir, err, errlen) != 0)
        return -1;
    if (pki_ca_load(&p, &ca, &ca_key, err, errlen) != 0)
        goto fail;
    rc = pki_leaf_issue(ca, ca_key, common_name, pki_client_exts, NULL,
                        key_path, cert_path, err, errlen);
fail:
    EVP_PKEY_free(ca_key);
    X509_free(ca);
    return rc;
}
