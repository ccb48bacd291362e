/* client/pmo/cmd_auth.c - pmo login, logout, whoami, passwd. */
#include "cli.h"
#include "common/status.h"
#include "common/timeutil.h"
#include "pmo/v1/auth.pb-c.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int cmd_login_ask(cli_ctx *ctx, char *user, size_t ulen, char *pass,
                         size_t plen)
{
    const char *name = cli_take_option(ctx, "--user");
    bool from_stdin = cli_take_switch(ctx, "--password-stdin");
    if (cli_no_more_args(ctx, "login"))
        return 2;
    if (name) {
        snprintf(user, ulen, "%s", name);
    } else {
        if (from_stdin) {
            fprintf(stderr, "pmo login: --password-stdin needs --user\n");
            return 2;
        }
        fprintf(stderr, "User: ");
        if (cli_read_line(user, ulen) != 0)
            return 2;
    }
    int rc = from_stdin ? cli_read_line(pass, plen)
                        : cli_read_password("Password: ", pass, plen);
    if (rc != 0 || pass[0] == '\0') {
        explicit_bzero(pass, plen);
        fprintf(stderr, "pmo login: no password given\n");
        return 2;
    }
    return 0;
}

static int cmd_login(cli_ctx *ctx)
{
    char user[128], pass[512];
    int rc = cmd_login_ask(ctx, user, sizeof(user), pass, sizeof(pass));
    if (rc != 0)
        return rc;
    pmo_client *c = cli_open(ctx, &rc);
    if (c == NULL)
        return rc;
    char host[64] = "?";
    gethostname(host, sizeof(host) - 1);
    Pmo__V1__LoginRequest in = PMO__V1__LOGIN_REQUEST__INIT;
    in.username = user;
    in.password = pass;
    char client_name[128];
    snprintf(client_name, sizeof(client_name), "pmo on %s", host);
    in.client_name = client_name;
    Pmo__V1__LoginResponse *out = NULL;
    pmo_result res;
    rc = pmo_call(c, &pmo__v1__auth_service__descriptor, "Login", &in.base,
                  (ProtobufCMessage **)&out, &res);
    explicit_bzero(pass, sizeof(pass));
    pmo_client_close(c);
    if (rc != PMO_OK)
        return cli_report("pmo login", &res);
    char err[300];
    rc = cli_session_save(&ctx->target, out->user->username, out->token, err,
                          sizeof(err));
    if (rc == 0) {
        char until[32];
        time_format_ms(out->expires_at_ms, until, sizeof(until));
        printf("Logged in to %s as %s%s (session until %s)\n",
               ctx->target.server, out->user->username,
               out->user->is_admin ? " (admin)" : "", until);
    } else {
        fprintf(stderr, "pmo login: %s\n", err);
    }
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return rc == 0 ? 0 : 1;
}

static int cmd_logout(cli_ctx *ctx)
{
    int rc = cli_no_more_args(ctx, "logout");
    if (rc)
        return rc;
    /* The token in use is not the session's: logging out would leave it. */
    const char *env_token = getenv("PMO_TOKEN");
    if (env_token && env_token[0]) {
        fprintf(stderr, "pmo logout: PMO_TOKEN is set, and an API token is "
                        "not logged out: unset it, or revoke the token "
                        "(pmo token revoke ID)\n");
        return 2;
    }
    char err[300];
    if (ctx->target.token == NULL) {
        printf("Not logged in.\n");
        return 0;
    }
    pmo_client *c = cli_open(ctx, &rc);
    if (c) {
        Pmo__V1__LogoutRequest in = PMO__V1__LOGOUT_REQUEST__INIT;
        ProtobufCMessage *out = NULL;
        pmo_result res;
        /* An expired session is logged out already: not an error. */
        if (pmo_call(c, &pmo__v1__auth_service__descriptor, "Logout", &in.base,
                     &out, &res) == PMO_OK)
            protobuf_c_message_free_unpacked(out, NULL);
        else if (res.code != PMO_UNAUTHENTICATED)
            fprintf(stderr, "pmo logout: the server said: %s (the local "
                            "session is removed anyway)\n",
                    res.message);
        pmo_client_close(c);
    }
    if (cli_session_forget(err, sizeof(err)) != 0) {
        fprintf(stderr, "pmo logout: %s\n", err);
        return 1;
    }
    printf("Logged out.\n");
    return 0;
}

static int cmd_need_session(cli_ctx *ctx, const char *cmd)
{
    if (ctx->target.token)
        return 0;
    pmo_result res;
    cli_session_missing(&ctx->target, "pmo login", &res);
    char prog[64];
    snprintf(prog, sizeof(prog), "pmo %s", cmd);
    return cli_report(prog, &res);
}

static int cmd_whoami(cli_ctx *ctx)
{
    int rc = cli_no_more_args(ctx, "whoami");
    if (rc || (rc = cmd_need_session(ctx, "whoami")))
        return rc;
    pmo_client *c = cli_open(ctx, &rc);
    if (c == NULL)
        return rc;
    Pmo__V1__WhoAmIRequest in = PMO__V1__WHO_AM_IREQUEST__INIT;
    Pmo__V1__WhoAmIResponse *out = NULL;
    pmo_result res;
    rc = pmo_call(c, &pmo__v1__auth_service__descriptor, "WhoAmI", &in.base,
                  (ProtobufCMessage **)&out, &res);
    pmo_client_close(c);
    if (rc != PMO_OK)
        return cli_report("pmo whoami", &res);
    if (ctx->json) {
        cli_print_json(&out->base);
    } else {
        char until[32];
        time_format_ms(out->session_expires_at_ms, until, sizeof(until));
        printf("%s%s%s%s%s%s on %s (%s %lld until %s)\n", out->user->username,
               out->user->display_name[0] ? " (" : "", out->user->display_name,
               out->user->display_name[0] ? ")" : "",
               out->user->is_admin ? ", admin" : "",
               strcmp(out->user->kind, "service") ? "" : ", service account",
               ctx->target.server, out->token_id ? "API token" : "session",
               (long long)(out->token_id ? out->token_id : out->session_id),
               until);
    }
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

static int cmd_passwd(cli_ctx *ctx)
{
    bool from_stdin = cli_take_switch(ctx, "--password-stdin");
    int rc = cli_no_more_args(ctx, "passwd");
    if (rc || (rc = cmd_need_session(ctx, "passwd")))
        return rc;
    char old[512], fresh[512], again[512];
    if (from_stdin) {
        /* Two lines: the current password, then the new one. */
        if (cli_read_line(old, sizeof(old)) || cli_read_line(fresh, sizeof(fresh)))
            return 2;
        snprintf(again, sizeof(again), "%s", fresh);
    } else if (cli_read_password("Current password: ", old, sizeof(old)) ||
               cli_read_password("New password: ", fresh, sizeof(fresh)) ||
               cli_read_password("New password again: ", again,
                                 sizeof(again))) {
        return 2;
    }
    if (strcmp(fresh, again) != 0) {
        fprintf(stderr, "pmo passwd: the new passwords differ\n");
        return 2;
    }
    pmo_client *c = cli_open(ctx, &rc);
    if (c == NULL)
        return rc;
    Pmo__V1__ChangePasswordRequest in = PMO__V1__CHANGE_PASSWORD_REQUEST__INIT;
    in.old_password = old;
    in.new_password = fresh;
    ProtobufCMessage *out = NULL;
    pmo_result res;
    rc = pmo_call(c, &pmo__v1__auth_service__descriptor, "ChangePassword",
                  &in.base, &out, &res);
    explicit_bzero(old, sizeof(old));
    explicit_bzero(fresh, sizeof(fresh));
    explicit_bzero(again, sizeof(again));
    pmo_client_close(c);
    if (rc != PMO_OK)
        return cli_report("pmo passwd", &res);
    protobuf_c_message_free_unpacked(out, NULL);
    printf("Password changed; your other sessions were logged out.\n");
    return 0;
}

const cli_command cli_auth_commands[] = {
    {"login", "[--user NAME] [--password-stdin]",
     "log in and keep the session token", cmd_login},
    {"logout", "", "end the session", cmd_logout},
    {"whoami", "", "show who you are logged in as", cmd_whoami},
    {"passwd", "[--password-stdin]", "change your password", cmd_passwd},
    {NULL, NULL, NULL, NULL},
};
