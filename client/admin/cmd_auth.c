/* client/admin/cmd_auth.c - pmo-admin login: the same session as pmo's. */
#include "admin.h"
#include "common/status.h"
#include "common/timeutil.h"
#include "common/xalloc.h"
#include "pmo/v1/auth.pb-c.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int admin_login_ask(admin_ctx *ctx, char *user, size_t ulen, char *pass,
                           size_t plen)
{
    const char *name = NULL;
    bool from_stdin = false;
    const admin_opt opts[] = {
        {"--user", &name, NULL},
        {"--password-stdin", NULL, &from_stdin},
        {NULL, NULL, NULL},
    };
    int rc = admin_args_parse(ctx, opts, NULL, 0, 0);
    if (rc)
        return rc;
    if (name == NULL && from_stdin)
        return admin_usage_fail(ctx, "--password-stdin needs --user");
    if (name) {
        snprintf(user, ulen, "%s", name);
    } else {
        fprintf(stderr, "User: ");
        if (cli_read_line(user, ulen) != 0)
            return admin_usage_fail(ctx, "no user name given");
    }
    rc = from_stdin ? cli_read_line(pass, plen)
                    : cli_read_password("Password: ", pass, plen);
    if (rc != 0 || pass[0] == '\0')
        return admin_usage_fail(ctx, "no password given");
    return 0;
}

/* Later commands in this process use the new session too. */
static void admin_login_adopt(admin_ctx *ctx, const char *user,
                              const char *token)
{
    admin_secret_wipe(ctx->target.token);
    free(ctx->target.token);
    free(ctx->target.user);
    ctx->target.token = xstrdup(token);
    ctx->target.user = xstrdup(user);
}

static int admin_login_save(admin_ctx *ctx, const Pmo__V1__LoginResponse *out)
{
    char err[300];
    if (cli_session_save(&ctx->target, out->user->username, out->token, err,
                         sizeof(err)) != 0) {
        fprintf(stderr, ADMIN_PROG ": %s\n", err);
        return 1;
    }
    admin_login_adopt(ctx, out->user->username, out->token);
    char until[32];
    time_format_ms(out->expires_at_ms, until, sizeof(until));
    printf("Logged in to %s as %s%s (session until %s)\n", ctx->target.server,
           out->user->username, out->user->is_admin ? " (admin)" : "", until);
    if (!out->user->is_admin)
        fprintf(stderr,
                ADMIN_PROG ": note: %s is not an admin; most "
                           "commands here will be refused\n",
                out->user->username);
    return 0;
}

static int admin_login_run(admin_ctx *ctx)
{
    char user[128], pass[512];
    int rc = admin_login_ask(ctx, user, sizeof(user), pass, sizeof(pass));
    if (rc) {
        explicit_bzero(pass, sizeof(pass));
        return rc;
    }
    char host[64] = "?", client_name[128];
    gethostname(host, sizeof(host) - 1);
    snprintf(client_name, sizeof(client_name), ADMIN_PROG " on %s", host);
    Pmo__V1__LoginRequest in = PMO__V1__LOGIN_REQUEST__INIT;
    in.username = user;
    in.password = pass;
    in.client_name = client_name;
    Pmo__V1__LoginResponse *out = NULL;
    rc = admin_rpc_call(ctx, &pmo__v1__auth_service__descriptor, "Login",
                        &in.base, (ProtobufCMessage **)&out);
    explicit_bzero(pass, sizeof(pass));
    if (rc)
        return rc;
    rc = admin_login_save(ctx, out);
    admin_secret_wipe(out->token);
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return rc;
}

const admin_command admin_auth_commands[] = {
    {"login", NULL, "[--user NAME] [--password-stdin]",
     "log in; the session is shared with pmo", admin_login_run},
    {NULL, NULL, NULL, NULL, NULL},
};
