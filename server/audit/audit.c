/*
 * server/audit/audit.c - appending audit rows, sealing them into the chain,
 * and verifying the chain.
 */
#include "audit/audit.h"
#include "audit/audit_chain.h"
#include "common/arena.h"
#include "common/log.h"
#include "common/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The NOTIFY is delivered at commit, waking the sealer only for real rows. */
DB_STMT(audit_insert,
        "WITH ins AS ("
        "  INSERT INTO audit_log"
        "    (actor_id, actor, method, entity, entity_id, before, after, peer,"
        "     program_id)"
        "  VALUES (NULLIF($1, '0')::bigint, $2, $3, $4, $5, $6::jsonb,"
        "          $7::jsonb, $8, NULLIF($9, '0')::bigint) RETURNING id)"
        " SELECT pg_notify('pmo_audit', '') FROM ins");

DB_STMT(audit_head_lock,
        "SELECT last_seq, last_hash FROM audit_chain WHERE id = 1 FOR UPDATE");
DB_STMT(audit_unsealed, "SELECT " AUDIT_ROW_COLUMNS " FROM audit_log"
                        " WHERE seq IS NULL ORDER BY id LIMIT $1");
DB_STMT(audit_apply_seals,
        "UPDATE audit_log a SET seq = v.seq, prev_hash = v.prev, hash = v.h"
        "  FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[])"
        "       AS v(id, seq, prev, h)"
        " WHERE a.id = v.id");
/* Every server's event publisher reads the newly sealed rows at commit. */
DB_STMT(audit_head_update,
        "WITH head AS ("
        "  UPDATE audit_chain SET last_seq = $1, last_hash = $2 WHERE id = 1"
        "  RETURNING 1)"
        " SELECT pg_notify('pmo_events', '') FROM head");

DB_STMT(audit_sealed_page,
        "SELECT " AUDIT_ROW_COLUMNS ", seq, prev_hash, hash FROM audit_log"
        " WHERE seq > $1 ORDER BY seq LIMIT 1000");
DB_STMT(audit_head, "SELECT last_seq, last_hash FROM audit_chain WHERE id = 1");
DB_STMT(audit_count_unsealed,
        "SELECT count(*) FROM audit_log WHERE seq IS NULL");

int audit_record(rpc_call *call, const char *entity, const char *entity_id,
                 const char *before_json, const char *after_json)
{
    char actor_id[24], program_id[24];
    snprintf(actor_id, sizeof(actor_id), "%lld",
             (long long)call->who.user_id);
    snprintf(program_id, sizeof(program_id), "%lld",
             (long long)call->program_id);
    const char *params[] = {
        actor_id,
        call->who.username[0] ? call->who.username : "-",
        call->method,
        entity,
        entity_id ? entity_id : "",
        before_json,
        after_json,
        call->peer,
        program_id,
    };
    if (db_exec_command(call->db, &audit_insert, 9, params) != 0) {
        rpc_fail_db(call, "writing the audit trail");
        return -1;
    }
    return 0;
}

DB_STMT(audit_page,
        "SELECT id, coalesce(seq, 0),"
        "       (extract(epoch FROM at) * 1000)::bigint, coalesce(actor_id, 0),"
        "       actor, method, entity, entity_id, coalesce(before::text, ''),"
        "       coalesce(after::text, ''), peer, coalesce(prev_hash, ''),"
        "       coalesce(hash, '')"
        "  FROM audit_log WHERE ($1 = 0 OR id < $1)"
        " ORDER BY id DESC LIMIT $2");

static Pmo__V1__AuditEntry *audit_entry_from_row(arena *a, const PGresult *r,
                                                 int row)
{
    Pmo__V1__AuditEntry *e = arena_alloc(a, sizeof(*e));
    pmo__v1__audit_entry__init(e);
    e->id = db_int64(r, row, 0);
    e->seq = db_int64(r, row, 1);
    e->at_ms = db_int64(r, row, 2);
    e->actor_id = db_int64(r, row, 3);
    e->actor = arena_strdup(a, db_text(r, row, 4));
    e->method = arena_strdup(a, db_text(r, row, 5));
    e->entity = arena_strdup(a, db_text(r, row, 6));
    e->entity_id = arena_strdup(a, db_text(r, row, 7));
    e->before_json = arena_strdup(a, db_text(r, row, 8));
    e->after_json = arena_strdup(a, db_text(r, row, 9));
    e->peer_address = arena_strdup(a, db_text(r, row, 10));
    e->prev_hash = arena_strdup(a, db_text(r, row, 11));
    e->hash = arena_strdup(a, db_text(r, row, 12));
    return e;
}

int audit_tail(rpc_call *call, unsigned limit, int64_t before_id,
               Pmo__V1__AuditEntry ***out, size_t *n)
{
    char before[24], lim[16];
    snprintf(before, sizeof(before), "%lld", (long long)before_id);
    snprintf(lim, sizeof(lim), "%u", limit);
    const char *params[] = {before, lim};
    PGresult *r = db_exec(call->db, &audit_page, 2, params);
    if (r == NULL) {
        rpc_fail_db(call, "reading the audit trail");
        return -1;
    }
    *n = (size_t)PQntuples(r);
    *out = arena_alloc(call->arena, (*n ? *n : 1) * sizeof(**out));
    for (size_t i = 0; i < *n; i++)
        (*out)[i] = audit_entry_from_row(call->arena, r, (int)i);
    PQclear(r);
    return 0;
}

/* ---------------------------------------------------------------- sealing */

/* A PostgreSQL array literal of values that need no quoting (digits, hex). */
typedef struct pg_array {
    char *text;
    size_t len, cap;
} pg_array;

static void pg_array_add(pg_array *a, const char *value)
{
    size_t add = strlen(value);
    if (a->len + add + 3 > a->cap) {
        a->cap = (a->len + add + 3) * 2;
        a->text = xrealloc(a->text, a->cap);
    }
    char sep = a->len == 0 ? '{' : ',';
    a->text[a->len++] = sep;
    memcpy(a->text + a->len, value, add);
    a->len += add;
    a->text[a->len] = '\0';
}

/* Closes the literal; an empty array is "{}". */
static const char *pg_array_finish(pg_array *a)
{
    if (a->len == 0)
        pg_array_add(a, "");
    a->text[a->len++] = '}';
    a->text[a->len] = '\0';
    return a->text;
}

/* Hashes rows in order after (seq, hash) and writes the links in one go. */
static int seal_rows(db_conn *db, const PGresult *rows, int64_t *seq,
                     char hash[CRYPTO_SHA256_HEX_LEN + 1])
{
    pg_array ids = {0}, seqs = {0}, prevs = {0}, hashes = {0};
    for (int i = 0; i < PQntuples(rows); i++) {
        char seqtext[24], next[CRYPTO_SHA256_HEX_LEN + 1];
        ++*seq;
        snprintf(seqtext, sizeof(seqtext), "%lld", (long long)*seq);
        audit_chain_hash(hash, *seq, rows, i, next);
        pg_array_add(&ids, PQgetvalue(rows, i, 0));
        pg_array_add(&seqs, seqtext);
        pg_array_add(&prevs, hash);
        pg_array_add(&hashes, next);
        memcpy(hash, next, sizeof(next));
    }
    const char *params[] = {pg_array_finish(&ids), pg_array_finish(&seqs),
                            pg_array_finish(&prevs), pg_array_finish(&hashes)};
    int rc = db_exec_command(db, &audit_apply_seals, 4, params);
    free(ids.text);
    free(seqs.text);
    free(prevs.text);
    free(hashes.text);
    return rc;
}

static int seal_batch(db_conn *db, int max_rows)
{
    PGresult *head = db_exec(db, &audit_head_lock, 0, NULL);
    if (head == NULL || PQntuples(head) != 1) {
        if (head)
            PQclear(head);
        return -1;
    }
    int64_t seq = db_int64(head, 0, 0);
    char hash[CRYPTO_SHA256_HEX_LEN + 1];
    snprintf(hash, sizeof(hash), "%s", db_text(head, 0, 1));
    PQclear(head);

    char limit[16];
    snprintf(limit, sizeof(limit), "%d", max_rows);
    const char *lp[] = {limit};
    PGresult *rows = db_exec(db, &audit_unsealed, 1, lp);
    if (rows == NULL)
        return -1;
    int n = PQntuples(rows);
    int rc = n > 0 ? seal_rows(db, rows, &seq, hash) : 0;
    PQclear(rows);
    if (rc != 0 || n == 0)
        return rc;
    char seqtext[24];
    snprintf(seqtext, sizeof(seqtext), "%lld", (long long)seq);
    const char *hp[] = {seqtext, hash};
    if (db_exec_command(db, &audit_head_update, 2, hp) != 0)
        return -1;
    return n;
}

int audit_seal(db_conn *db, int max_rows)
{
    if (db_begin(db) != 0)
        return -1;
    int n = seal_batch(db, max_rows);
    if (n <= 0) {
        db_rollback(db);
        return n;
    }
    if (db_commit(db) != 0)
        return -1;
    return n;
}

/* -------------------------------------------------------------- verifying */

static void verify_fail(audit_verify_result *out, int64_t seq,
                        const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void verify_fail(audit_verify_result *out, int64_t seq,
                        const char *fmt, ...)
{
    out->ok = false;
    out->first_bad_seq = seq;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out->problem, sizeof(out->problem), fmt, ap);
    va_end(ap);
}

/* Checks one page; returns 1 to go on, 0 when the chain is broken. */
static int verify_page(const PGresult *r, int64_t *seq, char *hash,
                       audit_verify_result *out)
{
    for (int i = 0; i < PQntuples(r); i++) {
        int64_t row_seq = db_int64(r, i, AUDIT_ROW_NCOLS);
        const char *prev = db_text(r, i, AUDIT_ROW_NCOLS + 1);
        const char *stored = db_text(r, i, AUDIT_ROW_NCOLS + 2);
        if (row_seq != *seq + 1) {
            verify_fail(out, *seq + 1, "row seq %lld is missing (deleted)",
                        (long long)(*seq + 1));
            return 0;
        }
        if (strcmp(prev, hash) != 0) {
            verify_fail(out, row_seq,
                        "row seq %lld does not link to the row before it "
                        "(id %s)",
                        (long long)row_seq, db_text(r, i, 0));
            return 0;
        }
        char want[CRYPTO_SHA256_HEX_LEN + 1];
        audit_chain_hash(hash, row_seq, r, i, want);
        if (strcmp(want, stored) != 0) {
            verify_fail(out, row_seq,
                        "row seq %lld was altered after sealing (id %s)",
                        (long long)row_seq, db_text(r, i, 0));
            return 0;
        }
        memcpy(hash, want, CRYPTO_SHA256_HEX_LEN + 1);
        *seq = row_seq;
        out->rows_checked++;
    }
    return 1;
}

static int verify_head(db_conn *db, int64_t seq, const char *hash,
                       audit_verify_result *out)
{
    PGresult *r = db_exec(db, &audit_head, 0, NULL);
    if (r == NULL)
        return -1;
    if (PQntuples(r) != 1) {
        verify_fail(out, seq + 1, "chain head is missing");
    } else if (db_int64(r, 0, 0) != seq ||
               strcmp(db_text(r, 0, 1), hash) != 0) {
        int64_t head_seq = db_int64(r, 0, 0);
        if (head_seq > seq)
            verify_fail(out, seq + 1,
                        "row seq %lld and later are missing (the chain head "
                        "says more were sealed)",
                        (long long)(seq + 1));
        else
            verify_fail(out, seq, "chain head disagrees with row seq %lld",
                        (long long)seq);
    }
    PQclear(r);
    return 0;
}

static int verify_count_unsealed(db_conn *db, audit_verify_result *out)
{
    PGresult *r = db_exec(db, &audit_count_unsealed, 0, NULL);
    if (r == NULL)
        return -1;
    out->rows_unsealed = db_int64(r, 0, 0);
    PQclear(r);
    return 0;
}

static int audit_verify_walk(db_conn *db, audit_verify_result *out);

/*
 * One snapshot for the whole walk: the sealer commits while we read, and
 * rows and chain head must be seen as of the same moment.
 */
int audit_verify(db_conn *db, audit_verify_result *out)
{
    if (db_exec_simple(db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") !=
        0)
        return -1;
    db->in_txn = true;
    int rc = audit_verify_walk(db, out);
    if (rc != 0) {
        db_rollback(db);
        return -1;
    }
    return db_commit(db);
}

static int audit_verify_walk(db_conn *db, audit_verify_result *out)
{
    memset(out, 0, sizeof(*out));
    out->ok = true;
    int64_t seq = 0;
    char hash[CRYPTO_SHA256_HEX_LEN + 1];
    memset(hash, '0', CRYPTO_SHA256_HEX_LEN);
    hash[CRYPTO_SHA256_HEX_LEN] = '\0';
    for (;;) {
        char after[24];
        snprintf(after, sizeof(after), "%lld", (long long)seq);
        const char *params[] = {after};
        PGresult *r = db_exec(db, &audit_sealed_page, 1, params);
        if (r == NULL)
            return -1;
        int n = PQntuples(r);
        int go_on = verify_page(r, &seq, hash, out);
        PQclear(r);
        if (!go_on)
            return verify_count_unsealed(db, out);
        if (n < 1000)
            break;
    }
    if (verify_head(db, seq, hash, out) != 0)
        return -1;
    return verify_count_unsealed(db, out);
}
