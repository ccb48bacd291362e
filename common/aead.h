/*
 * common/aead.h - AES-256-GCM sealing of one event-stream message
 * (OpenSSL).
 *
 * The events socket (pub0) sends every message to every connected
 * subscriber, so each subscription's messages are sealed under a key only
 * its owner was given over the authenticated main socket. A sealed
 * message is nonce (12 bytes) | ciphertext | tag (16 bytes); the topic in
 * front of it is authenticated as additional data, so a message cannot be
 * moved to another topic. Thread-safe.
 */
#ifndef PMO_COMMON_AEAD_H
#define PMO_COMMON_AEAD_H

#include <stddef.h>
#include <stdint.h>

#define AEAD_KEY_LEN   32
#define AEAD_NONCE_LEN 12
#define AEAD_TAG_LEN   16
#define AEAD_OVERHEAD  (AEAD_NONCE_LEN + AEAD_TAG_LEN)

/*
 * Seals plain (len bytes) under key with the given nonce (never reused
 * with one key) and aad into out, which holds len + AEAD_OVERHEAD bytes.
 * Returns 0 or -1.
 */
int aead_seal(const uint8_t key[AEAD_KEY_LEN],
              const uint8_t nonce[AEAD_NONCE_LEN], const void *aad,
              size_t aad_len, const void *plain, size_t len, uint8_t *out);

/*
 * Opens sealed (len bytes, as aead_seal wrote them) into plain, which
 * holds len - AEAD_OVERHEAD bytes; *plain_len is set on success. Returns
 * 0, or -1 if it is too short or was not sealed under key with this aad.
 */
int aead_open(const uint8_t key[AEAD_KEY_LEN], const void *aad, size_t aad_len,
              const uint8_t *sealed, size_t len, uint8_t *plain,
              size_t *plain_len);

#endif
