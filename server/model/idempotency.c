/* server/model/idempotency.c - idempotency keys in PostgreSQL. */
#include "model/idempotency.h"
#include "common/crypto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

DB_STMT(idem_insert,
        "INSERT INTO idempotency_keys (user_id, key, method, payload_sha256)"
        " VALUES ($1, $2, $3, $4::bytea) ON CONFLICT DO NOTHING");
/* A row from before payload digests were kept matches on the method. */
DB_STMT(idem_select, "SELECT method = $3 AND (payload_sha256 IS NULL"
                     "                        OR payload_sha256 = $4::bytea),"
                     "       response FROM idempotency_keys"
                     " WHERE user_id = $1 AND key = $2");
DB_STMT(idem_update, "UPDATE idempotency_keys SET response = $3::bytea"
                     " WHERE user_id = $1 AND key = $2");
DB_STMT(idem_delete_old, "DELETE FROM idempotency_keys"
                         " WHERE created_at < now() - interval '1 day'");

/* bytea in text form: "\x" then hex; hex holds 2 * len + 3 bytes. */
static void idem_bytea_hex(const uint8_t *bytes, size_t len, char *hex)
{
    hex[0] = '\\';
    hex[1] = 'x';
    crypto_hex(bytes, len, hex + 2);
}

static idem_result idem_read_replay(const PGresult *r, arena *a,
                                    ProtobufCBinaryData *replay)
{
    if (strcmp(db_text(r, 0, 0), "t") != 0)
        return IDEM_MISMATCH;
    size_t len = 0;
    unsigned char *raw =
        PQunescapeBytea((const unsigned char *)db_text(r, 0, 1), &len);
    if (raw == NULL)
        return IDEM_ERROR;
    replay->data = arena_alloc(a, len ? len : 1);
    memcpy(replay->data, raw, len);
    replay->len = len;
    PQfreemem(raw);
    return IDEM_REPLAY;
}

idem_result idem_claim(db_conn *db, arena *a, int64_t user_id, const char *key,
                       const char *method, const ProtobufCBinaryData *payload,
                       ProtobufCBinaryData *replay)
{
    char uid[24];
    snprintf(uid, sizeof(uid), "%lld", (long long)user_id);
    uint8_t digest[CRYPTO_SHA256_LEN];
    crypto_sha256(payload->data, payload->len, digest);
    char digest_hex[CRYPTO_SHA256_HEX_LEN + 3];
    idem_bytea_hex(digest, sizeof(digest), digest_hex);
    const char *params[] = {uid, key, method, digest_hex};
    PGresult *r = db_exec(db, &idem_insert, 4, params);
    if (r == NULL)
        return IDEM_ERROR;
    int inserted = atoi(PQcmdTuples(r));
    PQclear(r);
    if (inserted == 1)
        return IDEM_CLAIMED;
    r = db_exec(db, &idem_select, 4, params);
    if (r == NULL)
        return IDEM_ERROR;
    idem_result res = IDEM_ERROR;
    if (PQntuples(r) == 1)
        res = idem_read_replay(r, a, replay);
    PQclear(r);
    return res;
}

int idem_store(db_conn *db, arena *a, int64_t user_id, const char *key,
               const ProtobufCBinaryData *reply)
{
    char uid[24];
    snprintf(uid, sizeof(uid), "%lld", (long long)user_id);
    char *hex = arena_alloc(a, reply->len * 2 + 3);
    idem_bytea_hex(reply->data, reply->len, hex);
    const char *params[] = {uid, key, hex};
    return db_exec_command(db, &idem_update, 3, params);
}

int idem_expire(db_conn *db)
{
    PGresult *r = db_exec(db, &idem_delete_old, 0, NULL);
    if (r == NULL)
        return -1;
    int n = atoi(PQcmdTuples(r));
    PQclear(r);
    return n;
}
