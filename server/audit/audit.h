/*
 * server/audit/audit.h - the tamper-evident audit trail.
 *
 * Every mutation appends one row (who, when, method, entity, before and
 * after as JSON, peer) in its own transaction, so the row exists exactly
 * when the change does. Writers only INSERT: they take no lock that another
 * writer waits on. A single sealer (audit_seal, run by one server at a
 * time under a row lock on audit_chain) later links committed rows into a
 * SHA-256 chain in the order it finds them: seq, prev_hash, hash. Editing
 * a sealed row changes its hash; deleting one breaks the seq run and the
 * next row's prev_hash; cutting the tail disagrees with audit_chain.
 */
#ifndef PMO_SERVER_AUDIT_AUDIT_H
#define PMO_SERVER_AUDIT_AUDIT_H

#include "db/conn.h"
#include "pmo/v1/admin.pb-c.h"
#include "rpc/call.h"

#include <stdbool.h>
#include <stdint.h>

/*
 * Appends an audit row for the call's method inside its transaction, in
 * the call's program if it has one (call->program_id).
 * before/after are JSON texts or NULL. On failure sets the call's status
 * and returns -1.
 */
int audit_record(rpc_call *call, const char *entity, const char *entity_id,
                 const char *before_json, const char *after_json);

/*
 * The newest entries (id below before_id when it is not 0), newest first.
 */
int audit_tail(rpc_call *call, unsigned limit, int64_t before_id,
               Pmo__V1__AuditEntry ***out, size_t *n);

/*
 * Seals up to max_rows committed, unsealed rows into the chain in one
 * transaction. Returns the number sealed, or -1 on a database error.
 */
int audit_seal(db_conn *db, int max_rows);

typedef struct audit_verify_result {
    bool ok;
    int64_t rows_checked;
    int64_t rows_unsealed;
    int64_t first_bad_seq;
    char problem[256];
} audit_verify_result;

/* Walks the whole chain. Returns 0 (see out->ok) or -1 on database error. */
int audit_verify(db_conn *db, audit_verify_result *out);

#endif
