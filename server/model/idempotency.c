/* server/model/idempotency.c - idempotency keys in PostgreSQL. */
#include "model/idempotency.h"
#include "common/crypto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

DB_STMT(idem_insert, "INSERT INTO idempotency_keys (user_id, key, method)"
                     " VALUES ($1, $2, $3) ON CONFLICT DO NOTHING");
DB_STMT(idem_select, "SELECT method, response FROM idempotency_keys"
                     " WHERE user_id = $1 AND key = $2");
DB_STMT(idem_update, "UPDATE idempotency_keys SET response = $3::bytea"
                     " WHERE user_id = $1 AND key = $2");
DB_STMT(idem_delete_old, "DELETE FROM idempotency_keys"
                         " WHERE created_at < now() - interval '1 day'");

static idem_result idem_read_replay(const PGresult *r, arena *a,
                                    const char *method,
                                    ProtobufCBinaryData *replay)
{
    if (strcmp(db_text(r, 0, 0), method) != 0)
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
                       const char *method, ProtobufCBinaryData *replay)
{
    char uid[24];
    snprintf(uid, sizeof(uid), "%lld", (long long)user_id);
    const char *params[] = {uid, key, method};
    PGresult *r = db_exec(db, &idem_insert, 3, params);
    if (r == NULL)
        return IDEM_ERROR;
    int inserted = atoi(PQcmdTuples(r));
    PQclear(r);
    if (inserted == 1)
        return IDEM_CLAIMED;
    r = db_exec(db, &idem_select, 2, params);
    if (r == NULL)
        return IDEM_ERROR;
    idem_result res = IDEM_ERROR;
    if (PQntuples(r) == 1)
        res = idem_read_replay(r, a, method, replay);
    PQclear(r);
    return res;
}

int idem_store(db_conn *db, arena *a, int64_t user_id, const char *key,
               const ProtobufCBinaryData *reply)
{
    char uid[24];
    snprintf(uid, sizeof(uid), "%lld", (long long)user_id);
    /* bytea in text form: "\x" then hex. */
    char *hex = arena_alloc(a, reply->len * 2 + 3);
    hex[0] = '\\';
    hex[1] = 'x';
    crypto_hex(reply->data, reply->len, hex + 2);
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
