/* tests/integration/it_audit.c - waiting for the audit sealer, verifying. */
#include "it_audit.h"

#include <stdio.h>
#include <stdlib.h>

Pmo__V1__AuditVerifyResponse *it_audit_verify(pmo_client *admin)
{
    Pmo__V1__AuditVerifyRequest in = PMO__V1__AUDIT_VERIFY_REQUEST__INIT;
    Pmo__V1__AuditVerifyResponse *out = NULL;
    pmo_result res;
    int code =
        pmo_call(admin, &pmo__v1__admin_service__descriptor, "AuditVerify",
                 &in.base, (ProtobufCMessage **)&out, &res);
    it_assert_code(code, &res, PMO_OK);
    return out;
}

Pmo__V1__AuditVerifyResponse *it_audit_wait_sealed(pmo_client *admin)
{
    int64_t until = it_now_ms() + IT_SEAL_WAIT_MS;
    for (;;) {
        Pmo__V1__AuditVerifyResponse *v = it_audit_verify(admin);
        long long left = (long long)v->rows_unsealed;
        protobuf_c_message_free_unpacked(&v->base, NULL);
        if (left == 0)
            break;
        if (it_now_ms() > until)
            fail_msg("%lld audit rows still unsealed after %d ms", left,
                     IT_SEAL_WAIT_MS);
        it_sleep_ms(100);
    }
    /* Asked again now that the sealer is idle: AuditVerify itself writes
     * no audit rows, so this answer sees a chain nobody is extending (a
     * verify racing the sealer is test_audit_race's subject). */
    return it_audit_verify(admin);
}

void it_audit_assert_ok(const Pmo__V1__AuditVerifyResponse *v)
{
    if (!v->ok)
        fail_msg("the audit chain does not verify: first bad seq %lld: %s "
                 "(%lld rows checked, %lld unsealed)",
                 (long long)v->first_bad_seq, v->problem,
                 (long long)v->rows_checked, (long long)v->rows_unsealed);
}

void it_audit_tamper(const char *sql, long long seq)
{
    char out[64];
    it_sql(out, sizeof(out), sql);
    if (atoll(out) != seq)
        fail_msg("\"%s\" changed no row with seq %lld (psql said \"%s\")", sql,
                 seq, out);
}
