/* client/admin/cmd_session.c - pmo-admin session: who is logged in, revoke. */
#include "admin.h"
#include "common/timeutil.h"
#include "pmo/v1/admin.pb-c.h"

#include <inttypes.h>
#include <stdio.h>

static void admin_session_state_format(const Pmo__V1__Session *s, int64_t now,
                                       char *out, size_t len)
{
    char at[32];
    if (s->revoked_at_ms) {
        time_format_ms(s->revoked_at_ms, at, sizeof(at));
        snprintf(out, len, "revoked %s", at);
    } else {
        snprintf(out, len, "%s", s->expires_at_ms <= now ? "expired" : "live");
    }
}

static void admin_session_row_add(admin_table *t, const Pmo__V1__Session *s,
                                  int64_t now)
{
    char id[24], created[32], expires[32], state[48];
    snprintf(id, sizeof(id), "%" PRId64, s->id);
    time_format_ms(s->created_at_ms, created, sizeof(created));
    time_format_ms(s->expires_at_ms, expires, sizeof(expires));
    admin_session_state_format(s, now, state, sizeof(state));
    admin_table_add(t,
                    (const char *[]){id, s->username, s->client_name,
                                     s->peer_address, created, expires, state});
}

static void admin_session_list_print(const Pmo__V1__ListSessionsResponse *out)
{
    if (out->n_sessions == 0) {
        printf("No sessions match.\n");
        return;
    }
    admin_table t;
    admin_table_init(&t, 7,
                     (const char *[]){"ID", "USER", "CLIENT", "PEER", "CREATED",
                                      "EXPIRES", "STATE"});
    int64_t now = time_now_ms();
    for (size_t i = 0; i < out->n_sessions; i++)
        admin_session_row_add(&t, out->sessions[i], now);
    admin_table_print(&t, stdout);
    admin_table_fini(&t);
}

static int admin_session_list(admin_ctx *ctx)
{
    const char *user = "";
    bool ended = false;
    const admin_opt opts[] = {
        {"--user", &user, NULL},
        {"--all", NULL, &ended},
        {NULL, NULL, NULL},
    };
    int rc = admin_args_parse(ctx, opts, NULL, 0, 0);
    if (rc)
        return rc;
    Pmo__V1__ListSessionsRequest in = PMO__V1__LIST_SESSIONS_REQUEST__INIT;
    in.username = (char *)user;
    in.include_ended = ended;
    Pmo__V1__ListSessionsResponse *out = NULL;
    rc = admin_rpc_call(ctx, &pmo__v1__admin_service__descriptor,
                        "ListSessions", &in.base, (ProtobufCMessage **)&out);
    if (rc)
        return rc;
    if (ctx->json)
        admin_json_print(&out->base);
    else
        admin_session_list_print(out);
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

static int admin_session_revoke(admin_ctx *ctx)
{
    const char *text = NULL;
    int64_t id = 0;
    int rc = admin_args_parse(ctx, NULL, &text, 1, 1);
    if (rc || (rc = admin_args_parse_int64(ctx, "ID", text, 1, INT64_MAX, &id)))
        return rc;
    Pmo__V1__RevokeSessionRequest in = PMO__V1__REVOKE_SESSION_REQUEST__INIT;
    in.session_id = id;
    Pmo__V1__RevokeSessionResponse *out = NULL;
    rc = admin_rpc_call(ctx, &pmo__v1__admin_service__descriptor,
                        "RevokeSession", &in.base, (ProtobufCMessage **)&out);
    if (rc)
        return rc;
    if (ctx->json)
        admin_json_print(&out->base);
    else
        printf("Revoked session %" PRId64 " of %s.\n", out->session->id,
               out->session->username);
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

const admin_command admin_session_commands[] = {
    {"session", "list", "[--user NAME] [--all]",
     "live sessions (--all: ended ones too)", admin_session_list},
    {"session", "revoke", "ID", "end a session now", admin_session_revoke},
    {NULL, NULL, NULL, NULL, NULL},
};
