/* common/aead.c - AES-256-GCM sealing of event-stream messages. */
#include "common/aead.h"

#include <openssl/evp.h>
#include <string.h>

/* Runs one GCM pass (seal when encrypt) over in into out; 0 or -1. */
static int aead_run(int encrypt, const uint8_t *key, const uint8_t *nonce,
                    const void *aad, size_t aad_len, const uint8_t *in,
                    size_t len, uint8_t *out, uint8_t *tag)
{
    if (len > (size_t)INT32_MAX || aad_len > (size_t)INT32_MAX)
        return -1;
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    if (ctx == NULL)
        return -1;
    int ok = EVP_CipherInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, nonce,
                               encrypt) == 1;
    int n = 0, written = 0;
    if (ok && !encrypt)
        ok = EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, AEAD_TAG_LEN,
                                 tag) == 1;
    if (ok && aad_len)
        ok = EVP_CipherUpdate(ctx, NULL, &n, aad, (int)aad_len) == 1;
    if (ok && len) {
        ok = EVP_CipherUpdate(ctx, out, &n, in, (int)len) == 1;
        written = n;
    }
    /* GCM writes nothing more here; the decrypting side checks the tag. */
    if (ok)
        ok = EVP_CipherFinal_ex(ctx, out + written, &n) == 1;
    if (ok && encrypt)
        ok = EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, AEAD_TAG_LEN,
                                 tag) == 1;
    EVP_CIPHER_CTX_free(ctx);
    return ok ? 0 : -1;
}

int aead_seal(const uint8_t key[AEAD_KEY_LEN],
              const uint8_t nonce[AEAD_NONCE_LEN], const void *aad,
              size_t aad_len, const void *plain, size_t len, uint8_t *out)
{
    memcpy(out, nonce, AEAD_NONCE_LEN);
    return aead_run(1, key, nonce, aad, aad_len, plain, len,
                    out + AEAD_NONCE_LEN, out + AEAD_NONCE_LEN + len);
}

int aead_open(const uint8_t key[AEAD_KEY_LEN], const void *aad, size_t aad_len,
              const uint8_t *sealed, size_t len, uint8_t *plain,
              size_t *plain_len)
{
    if (len < AEAD_OVERHEAD)
        return -1;
    size_t body = len - AEAD_OVERHEAD;
    uint8_t tag[AEAD_TAG_LEN];
    memcpy(tag, sealed + AEAD_NONCE_LEN + body, AEAD_TAG_LEN);
    if (aead_run(0, key, sealed, aad, aad_len, sealed + AEAD_NONCE_LEN, body,
                 plain, tag) != 0)
        return -1;
    *plain_len = body;
    return 0;
}
