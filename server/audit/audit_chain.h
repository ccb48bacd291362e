/*
 * server/audit/audit_chain.h - the hash of one audit row, shared by the
 * sealer and the verifier so both hash exactly the same bytes.
 */
#ifndef PMO_SERVER_AUDIT_AUDIT_CHAIN_H
#define PMO_SERVER_AUDIT_AUDIT_CHAIN_H

#include "common/crypto.h"

#include <libpq-fe.h>
#include <stdint.h>

/*
 * The columns both queries select first, in this order; the hash covers
 * every one of them. jsonb's text form is canonical (keys sorted), so the
 * same row always gives the same text.
 */
#define AUDIT_ROW_COLUMNS                                                      \
    "id, (extract(epoch FROM at) * 1000000)::bigint, coalesce(actor_id, 0), " \
    "actor, method, entity, entity_id, coalesce(before::text, ''), "          \
    "coalesce(after::text, ''), peer, coalesce(program_id::text, '')"
#define AUDIT_ROW_NCOLS 11
/*
 * Columns from this index on were added after rows were first sealed: they
 * are hashed only when they hold a value, so rows sealed before a column
 * existed (all NULL there) still verify.
 */
#define AUDIT_ROW_OPTIONAL_FROM 10

/*
 * hash = SHA-256(prev_hash, seq, each column), every part length-prefixed
 * so that no two different rows can give the same input.
 */
void audit_chain_hash(const char *prev_hash, int64_t seq, const PGresult *r,
                      int row, char out[CRYPTO_SHA256_HEX_LEN + 1]);

#endif
