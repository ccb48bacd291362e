/* common/crypto.c - SHA-256, random tokens and PBKDF2 password hashes. */
#include "common/crypto.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#define CRYPTO_SALT_LEN     16
#define CRYPTO_KEY_LEN      32
#define CRYPTO_PASSWORD_LEN 20

/* Verify runs whatever count a stored hash names; cap it so a tampered row
 * cannot pin a worker for minutes. */
#define CRYPTO_PBKDF2_ITERATIONS_MAX 10000000u

static const char crypto_hash_prefix[] = "pbkdf2-sha256$";

static const char crypto_b64url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* Leaves out 0/O, 1/l/I so a password read aloud or off paper survives. */
static const char crypto_password_alphabet[] =
    "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

static const char crypto_hex_digits[] = "0123456789abcdef";

/* out needs 4 * ceil(len / 3) + 1 bytes; trailing partial groups get no
 * padding, which is what keeps a 32-byte token at 43 characters. */
static void crypto_b64url_encode(const uint8_t *in, size_t len, char *out)
{
    size_t i = 0;
    char *p = out;

    for (; i + 3 <= len; i += 3) {
        uint32_t v =
            (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
        *p++ = crypto_b64url[v >> 18 & 63];
        *p++ = crypto_b64url[v >> 12 & 63];
        *p++ = crypto_b64url[v >> 6 & 63];
        *p++ = crypto_b64url[v & 63];
    }
    if (len - i == 1) {
        uint32_t v = (uint32_t)in[i] << 16;
        *p++ = crypto_b64url[v >> 18 & 63];
        *p++ = crypto_b64url[v >> 12 & 63];
    } else if (len - i == 2) {
        uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8;
        *p++ = crypto_b64url[v >> 18 & 63];
        *p++ = crypto_b64url[v >> 12 & 63];
        *p++ = crypto_b64url[v >> 6 & 63];
    }
    *p = '\0';
}

static bool crypto_b64url_char(char c)
{
    return c != '\0' && strchr(crypto_b64url, c) != NULL;
}

/* Only lower case: that is all crypto_hex writes, and accepting one
 * spelling keeps a stored hash canonical. */
static int crypto_hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* Decodes exactly 2 * len hex digits from text into out; returns the
 * position after them or NULL. */
static const char *crypto_hex_decode(const char *text, uint8_t *out, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        int hi = crypto_hex_value(text[2 * i]);
        if (hi < 0)
            return NULL;
        int lo = crypto_hex_value(text[2 * i + 1]);
        if (lo < 0)
            return NULL;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return text + 2 * len;
}

/* Parses the iteration field: decimal without sign or leading zero, so
 * each count has one spelling; returns the position after it or NULL. */
static const char *crypto_iterations_parse(const char *text, unsigned *out)
{
    unsigned long n = 0;
    const char *p = text;

    if (*p < '1' || *p > '9')
        return NULL;
    while (*p >= '0' && *p <= '9') {
        n = n * 10 + (unsigned long)(*p - '0');
        if (n > CRYPTO_PBKDF2_ITERATIONS_MAX)
            return NULL;
        p++;
    }
    *out = (unsigned)n;
    return p;
}

static int crypto_pbkdf2(const char *password, const uint8_t *salt,
                         unsigned iterations, uint8_t key[CRYPTO_KEY_LEN])
{
    size_t len = strlen(password);

    if (len > INT_MAX || iterations > CRYPTO_PBKDF2_ITERATIONS_MAX)
        return -1;
    if (PKCS5_PBKDF2_HMAC(password, (int)len, salt, CRYPTO_SALT_LEN,
                          (int)iterations, EVP_sha256(), CRYPTO_KEY_LEN,
                          key) != 1)
        return -1;
    return 0;
}

/* Splits a stored hash into its fields, accepting nothing but the exact
 * shape crypto_password_hash writes. */
static int crypto_stored_parse(const char *stored, unsigned *iterations,
                               uint8_t salt[CRYPTO_SALT_LEN],
                               uint8_t key[CRYPTO_KEY_LEN])
{
    const char *p = stored;
    size_t prefix_len = sizeof crypto_hash_prefix - 1;

    if (strncmp(p, crypto_hash_prefix, prefix_len) != 0)
        return -1;
    p = crypto_iterations_parse(p + prefix_len, iterations);
    if (p == NULL || *p++ != '$')
        return -1;
    p = crypto_hex_decode(p, salt, CRYPTO_SALT_LEN);
    if (p == NULL || *p++ != '$')
        return -1;
    p = crypto_hex_decode(p, key, CRYPTO_KEY_LEN);
    if (p == NULL || *p != '\0')
        return -1;
    return 0;
}

void crypto_sha256(const void *data, size_t len, uint8_t out[CRYPTO_SHA256_LEN])
{
    /* Fails only if OpenSSL itself is broken; there is no safe digest to
     * return instead. */
    if (EVP_Digest(data, len, out, NULL, EVP_sha256(), NULL) != 1)
        abort();
}

void crypto_sha256_hex(const void *data, size_t len,
                       char out[CRYPTO_SHA256_HEX_LEN + 1])
{
    uint8_t digest[CRYPTO_SHA256_LEN];

    crypto_sha256(data, len, digest);
    crypto_hex(digest, sizeof digest, out);
}

void crypto_hex(const uint8_t *bytes, size_t len, char *out)
{
    for (size_t i = 0; i < len; i++) {
        out[2 * i] = crypto_hex_digits[bytes[i] >> 4];
        out[2 * i + 1] = crypto_hex_digits[bytes[i] & 15];
    }
    out[2 * len] = '\0';
}

int crypto_random(void *buf, size_t len)
{
    uint8_t *p = buf;

    /* RAND_bytes takes an int length. */
    while (len > 0) {
        int chunk = len > INT_MAX ? INT_MAX : (int)len;
        if (RAND_bytes(p, chunk) != 1)
            return -1;
        p += chunk;
        len -= (size_t)chunk;
    }
    return 0;
}

int crypto_token_new(char out[CRYPTO_TOKEN_TEXT_LEN + 1])
{
    uint8_t raw[CRYPTO_TOKEN_BYTES];

    if (crypto_random(raw, sizeof raw) != 0)
        return -1;
    crypto_b64url_encode(raw, sizeof raw, out);
    OPENSSL_cleanse(raw, sizeof raw);
    return 0;
}

void crypto_token_digest(const char *token, char out[CRYPTO_SHA256_HEX_LEN + 1])
{
    crypto_sha256_hex(token, strlen(token), out);
}

bool crypto_token_well_formed(const char *token)
{
    if (token == NULL)
        return false;
    for (size_t i = 0; i < CRYPTO_TOKEN_TEXT_LEN; i++) {
        if (!crypto_b64url_char(token[i]))
            return false;
    }
    return token[CRYPTO_TOKEN_TEXT_LEN] == '\0';
}

int crypto_password_hash(const char *password, unsigned iterations,
                         char out[CRYPTO_PASSWORD_HASH_MAX])
{
    uint8_t salt[CRYPTO_SALT_LEN];
    uint8_t key[CRYPTO_KEY_LEN];
    char salt_hex[2 * CRYPTO_SALT_LEN + 1];
    char key_hex[2 * CRYPTO_KEY_LEN + 1];
    int rc = -1;
    int n;

    if (password == NULL)
        return -1;
    if (iterations == 0)
        iterations = CRYPTO_PBKDF2_ITERATIONS;
    if (crypto_random(salt, sizeof salt) != 0)
        goto out;
    if (crypto_pbkdf2(password, salt, iterations, key) != 0)
        goto out;
    crypto_hex(salt, sizeof salt, salt_hex);
    crypto_hex(key, sizeof key, key_hex);
    n = snprintf(out, CRYPTO_PASSWORD_HASH_MAX, "%s%u$%s$%s",
                 crypto_hash_prefix, iterations, salt_hex, key_hex);
    if (n > 0 && n < CRYPTO_PASSWORD_HASH_MAX)
        rc = 0;
out:
    OPENSSL_cleanse(key, sizeof key);
    OPENSSL_cleanse(key_hex, sizeof key_hex);
    return rc;
}

bool crypto_password_verify(const char *password, const char *stored)
{
    uint8_t salt[CRYPTO_SALT_LEN];
    uint8_t want[CRYPTO_KEY_LEN];
    uint8_t got[CRYPTO_KEY_LEN];
    unsigned iterations;
    bool ok = false;

    if (password == NULL || stored == NULL)
        return false;
    if (crypto_stored_parse(stored, &iterations, salt, want) != 0)
        goto out;
    if (crypto_pbkdf2(password, salt, iterations, got) != 0)
        goto out;
    ok = crypto_equal(got, want, sizeof got);
out:
    OPENSSL_cleanse(got, sizeof got);
    OPENSSL_cleanse(want, sizeof want);
    return ok;
}

bool crypto_equal(const void *a, const void *b, size_t len)
{
    return CRYPTO_memcmp(a, b, len) == 0;
}

int crypto_password_generate(char out[21])
{
    const unsigned n = sizeof crypto_password_alphabet - 1;
    /* Bytes at or above the largest multiple of n would favour the first
     * 256 % n characters, so they are drawn again. */
    const unsigned limit = 256 - 256 % n;
    uint8_t pool[32];
    size_t used = 0;
    int rc = 0;

    while (used < CRYPTO_PASSWORD_LEN) {
        if (crypto_random(pool, sizeof pool) != 0) {
            rc = -1;
            break;
        }
        for (size_t i = 0; i < sizeof pool && used < CRYPTO_PASSWORD_LEN; i++) {
            if (pool[i] < limit)
                out[used++] = crypto_password_alphabet[pool[i] % n];
        }
    }
    OPENSSL_cleanse(pool, sizeof pool);
    if (rc != 0) {
        OPENSSL_cleanse(out, CRYPTO_PASSWORD_LEN);
        out[0] = '\0';
        return -1;
    }
    out[CRYPTO_PASSWORD_LEN] = '\0';
    return 0;
}
