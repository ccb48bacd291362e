/* server/audit/audit_chain.c - hashing one row into the audit chain. */
#include "audit/audit_chain.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

static void chain_feed(EVP_MD_CTX *md, const char *text, size_t len)
{
    char prefix[24];
    int n = snprintf(prefix, sizeof(prefix), "%zu:", len);
    EVP_DigestUpdate(md, prefix, (size_t)n);
    EVP_DigestUpdate(md, text, len);
}

void audit_chain_hash(const char *prev_hash, int64_t seq, const PGresult *r,
                      int row, char out[CRYPTO_SHA256_HEX_LEN + 1])
{
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    if (md == NULL || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
        /* Cannot hash at all: an all-zero hash never verifies. */
        memset(out, '0', CRYPTO_SHA256_HEX_LEN);
        out[CRYPTO_SHA256_HEX_LEN] = '\0';
        EVP_MD_CTX_free(md);
        return;
    }
    chain_feed(md, prev_hash, strlen(prev_hash));
    char seqtext[24];
    chain_feed(md, seqtext,
               (size_t)snprintf(seqtext, sizeof(seqtext), "%lld",
                                (long long)seq));
    for (int col = 0; col < AUDIT_ROW_NCOLS; col++) {
        size_t len = (size_t)PQgetlength(r, row, col);
        if (col >= AUDIT_ROW_OPTIONAL_FROM && len == 0)
            continue;
        chain_feed(md, PQgetvalue(r, row, col), len);
    }
    uint8_t digest[CRYPTO_SHA256_LEN];
    unsigned len = 0;
    EVP_DigestFinal_ex(md, digest, &len);
    EVP_MD_CTX_free(md);
    crypto_hex(digest, CRYPTO_SHA256_LEN, out);
}
