/*
 * common/crypto.h - hashes, random tokens and password hashing (OpenSSL).
 *
 * Everything secret-bearing in pmo goes through here so that the choice of
 * primitive and its cost are stated once: SHA-256 for token digests and the
 * audit chain, RAND_bytes for tokens and salts, PBKDF2-HMAC-SHA256 for
 * passwords. All functions are thread-safe.
 */
#ifndef PMO_COMMON_CRYPTO_H
#define PMO_COMMON_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CRYPTO_SHA256_LEN 32
#define CRYPTO_SHA256_HEX_LEN 64

/* A session or API token: 32 random bytes, base64url without padding. */
#define CRYPTO_TOKEN_BYTES 32
#define CRYPTO_TOKEN_TEXT_LEN 43

/*
 * PBKDF2-HMAC-SHA256 with a 16-byte per-user salt. The iteration count is
 * stored in each hash, so raising it later never invalidates old hashes.
 * 600,000 follows OWASP's current advice for PBKDF2-SHA256.
 */
#define CRYPTO_PBKDF2_ITERATIONS 600000
#define CRYPTO_PASSWORD_HASH_MAX 160

/* Writes the SHA-256 of data into out. */
void crypto_sha256(const void *data, size_t len, uint8_t out[CRYPTO_SHA256_LEN]);

/* Writes lower-case hex of the SHA-256 of data, NUL-terminated, into out. */
void crypto_sha256_hex(const void *data, size_t len,
                       char out[CRYPTO_SHA256_HEX_LEN + 1]);

/* Lower-case hex of len bytes into out (2*len+1 bytes, NUL-terminated). */
void crypto_hex(const uint8_t *bytes, size_t len, char *out);

/* Fills buf with cryptographically strong random bytes. Returns 0 or -1. */
int crypto_random(void *buf, size_t len);

/*
 * Makes a new token: 32 random bytes as base64url text (43 chars + NUL).
 * Returns 0 or -1 if the random source failed.
 */
int crypto_token_new(char out[CRYPTO_TOKEN_TEXT_LEN + 1]);

/*
 * The digest under which a token is stored: hex SHA-256 of the token text.
 * Only this ever reaches the database.
 */
void crypto_token_digest(const char *token, char out[CRYPTO_SHA256_HEX_LEN + 1]);

/* True if the text has the shape of a token from crypto_token_new. */
bool crypto_token_well_formed(const char *token);

/*
 * Hashes a password with a fresh salt into out, as
 * "pbkdf2-sha256$ITERATIONS$SALT_HEX$HASH_HEX". iterations 0 means
 * CRYPTO_PBKDF2_ITERATIONS (tests pass a small count to stay fast).
 * Returns 0, or -1 if OpenSSL failed.
 */
int crypto_password_hash(const char *password, unsigned iterations,
                         char out[CRYPTO_PASSWORD_HASH_MAX]);

/*
 * True if password matches the stored hash. Compares in constant time;
 * a malformed stored hash never matches.
 */
bool crypto_password_verify(const char *password, const char *stored);

/* Constant-time equality of two equal-length buffers. */
bool crypto_equal(const void *a, const void *b, size_t len);

/*
 * A readable random password for generated accounts: 20 characters from
 * an alphabet without look-alikes. Returns 0 or -1.
 */
int crypto_password_generate(char out[21]);

#endif
