/* tests/integration/it_audit.h - waiting for the audit sealer, verifying. */
#ifndef PMO_TESTS_INTEGRATION_IT_AUDIT_H
#define PMO_TESTS_INTEGRATION_IT_AUDIT_H

#include "it_support.h"

/* The sealer links new rows within about a second; allow three. */
#define IT_SEAL_WAIT_MS 3000

/* AuditVerify as admin; fails the test unless the call itself is OK. */
Pmo__V1__AuditVerifyResponse *it_audit_verify(pmo_client *admin);

/*
 * Waits (up to IT_SEAL_WAIT_MS) until AuditVerify reports no unsealed
 * row, then returns a fresh AuditVerify answer; fails the test if rows
 * stay unsealed.
 */
Pmo__V1__AuditVerifyResponse *it_audit_wait_sealed(pmo_client *admin);

/* Fails with the server's account of the break unless v says ok. */
void it_audit_assert_ok(const Pmo__V1__AuditVerifyResponse *v);

/* Runs an UPDATE or DELETE ending in "RETURNING seq"; fails unless it hit
 * exactly the row with that seq. */
void it_audit_tamper(const char *sql, long long seq);

#endif
