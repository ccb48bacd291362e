/* client/admin/cmd_audit.c - pmo-admin audit: read and verify the trail. */
#include "admin.h"
#include "common/timeutil.h"
#include "pmo/v1/admin.pb-c.h"

#include <inttypes.h>
#include <stdio.h>

#define ADMIN_AUDIT_DEFAULT 20
#define ADMIN_AUDIT_MAX     1000

static void admin_audit_row_add(admin_table *t, const Pmo__V1__AuditEntry *e)
{
    char id[24], seq[24], at[32], entity[160];
    snprintf(id, sizeof(id), "%" PRId64, e->id);
    /* Not yet sealed into the chain: no position to show. */
    if (e->seq)
        snprintf(seq, sizeof(seq), "%" PRId64, e->seq);
    else
        snprintf(seq, sizeof(seq), "-");
    time_format_ms(e->at_ms, at, sizeof(at));
    snprintf(entity, sizeof(entity), "%s%s%s", e->entity,
             e->entity_id[0] ? " " : "", e->entity_id);
    admin_table_add(t, (const char *[]){id, seq, at, e->actor, e->method,
                                        entity, e->peer_address});
}

/* The server sends newest first; people read a tail oldest first. */
static void admin_audit_tail_print(const Pmo__V1__AuditTailResponse *out,
                                   uint32_t limit)
{
    if (out->n_entries == 0) {
        printf("No audit entries.\n");
        return;
    }
    admin_table t;
    admin_table_init(&t, 7,
                     (const char *[]){"ID", "SEQ", "TIME", "ACTOR", "METHOD",
                                      "ENTITY", "PEER"});
    for (size_t i = out->n_entries; i-- > 0;)
        admin_audit_row_add(&t, out->entries[i]);
    admin_table_print(&t, stdout);
    admin_table_fini(&t);
    if (out->n_entries >= limit)
        printf("(older entries: audit tail --before %" PRId64 ")\n",
               out->entries[out->n_entries - 1]->id);
}

static int admin_audit_tail_args(admin_ctx *ctx, Pmo__V1__AuditTailRequest *in)
{
    const char *count = NULL, *before = NULL;
    const admin_opt opts[] = {
        {"-n", &count, NULL},
        {"--before", &before, NULL},
        {NULL, NULL, NULL},
    };
    int64_t n = ADMIN_AUDIT_DEFAULT, before_id = 0;
    int rc = admin_args_parse(ctx, opts, NULL, 0, 0);
    if (rc == 0 && count)
        rc = admin_args_parse_int64(ctx, "-n", count, 1, ADMIN_AUDIT_MAX, &n);
    if (rc == 0 && before)
        rc = admin_args_parse_int64(ctx, "--before", before, 1, INT64_MAX,
                                    &before_id);
    in->limit = (uint32_t)n;
    in->before_id = before_id;
    return rc;
}

static int admin_audit_tail(admin_ctx *ctx)
{
    Pmo__V1__AuditTailRequest in = PMO__V1__AUDIT_TAIL_REQUEST__INIT;
    int rc = admin_audit_tail_args(ctx, &in);
    if (rc)
        return rc;
    Pmo__V1__AuditTailResponse *out = NULL;
    rc = admin_rpc_call(ctx, &pmo__v1__admin_service__descriptor, "AuditTail",
                        &in.base, (ProtobufCMessage **)&out);
    if (rc)
        return rc;
    if (ctx->json)
        admin_json_print(&out->base);
    else
        admin_audit_tail_print(out, in.limit);
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

static void admin_audit_verify_print(const Pmo__V1__AuditVerifyResponse *out)
{
    if (out->ok)
        printf("ok: the audit chain holds (%" PRId64 " sealed rows checked, "
               "%" PRId64 " not yet sealed)\n",
               out->rows_checked, out->rows_unsealed);
    else
        printf("BROKEN: the audit chain fails at seq %" PRId64 ": %s\n"
               "(%" PRId64 " sealed rows checked, %" PRId64
               " not yet sealed)\n",
               out->first_bad_seq, out->problem, out->rows_checked,
               out->rows_unsealed);
}

static int admin_audit_verify(admin_ctx *ctx)
{
    int rc = admin_args_parse(ctx, NULL, NULL, 0, 0);
    if (rc)
        return rc;
    Pmo__V1__AuditVerifyRequest in = PMO__V1__AUDIT_VERIFY_REQUEST__INIT;
    Pmo__V1__AuditVerifyResponse *out = NULL;
    rc = admin_rpc_call(ctx, &pmo__v1__admin_service__descriptor, "AuditVerify",
                        &in.base, (ProtobufCMessage **)&out);
    if (rc)
        return rc;
    if (ctx->json)
        admin_json_print(&out->base);
    else
        admin_audit_verify_print(out);
    /* The call worked, but a broken chain must fail a script checking it. */
    rc = out->ok ? 0 : 1;
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return rc;
}

const admin_command admin_audit_commands[] = {
    {"audit", "tail", "[-n N] [--before ID]",
     "the newest audit entries (default 20)", admin_audit_tail},
    {"audit", "verify", "", "check the audit hash chain; 1 if broken",
     admin_audit_verify},
    {NULL, NULL, NULL, NULL, NULL},
};
