/* client/admin/cmd_user.c - pmo-admin user: accounts, roles, passwords. */
#include "admin.h"
#include "common/timeutil.h"
#include "common/xalloc.h"
#include "pmo/v1/admin.pb-c.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ADMIN_PASSWORD_MAX 512

/* Every page of a listing, kept until the whole list has been printed. */
typedef struct admin_user_pages {
    Pmo__V1__ListUsersResponse **pages;
    size_t n_pages;
    Pmo__V1__User **users;
    size_t n_users;
} admin_user_pages;

static const char *admin_plural_suffix(uint32_t n)
{
    return n == 1 ? "" : "s";
}

/* Commands that take just the user's name. */
static int admin_user_name_parse(admin_ctx *ctx, const char **name)
{
    return admin_args_parse(ctx, NULL, name, 1, 1);
}

static int admin_password_read(admin_ctx *ctx, char *out, size_t len)
{
    if (cli_read_line(out, len) != 0 || out[0] == '\0')
        return admin_usage_fail(ctx, "no password on stdin");
    return 0;
}

/* Set apart on its own line, so it is easy to copy and hard to miss. */
static void admin_password_show(const char *user, const char *password)
{
    printf("Generated password for %s (shown only this once; pass it on "
           "securely):\n\n    %s\n\n",
           user, password);
}

static void admin_user_created_print(const Pmo__V1__CreateUserResponse *out)
{
    printf("Created user %s (id %" PRId64 "%s).\n", out->user->username,
           out->user->id, out->user->is_admin ? ", admin" : "");
    if (out->generated_password[0])
        admin_password_show(out->user->username, out->generated_password);
}

static int admin_user_add_call(admin_ctx *ctx, Pmo__V1__CreateUserRequest *in)
{
    Pmo__V1__CreateUserResponse *out = NULL;
    int rc = admin_rpc_call(ctx, &pmo__v1__admin_service__descriptor,
                            "CreateUser", &in->base, (ProtobufCMessage **)&out);
    if (rc)
        return rc;
    if (ctx->json)
        admin_json_print(&out->base);
    else
        admin_user_created_print(out);
    admin_secret_wipe(out->generated_password);
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

static int admin_user_add(admin_ctx *ctx)
{
    Pmo__V1__CreateUserRequest in = PMO__V1__CREATE_USER_REQUEST__INIT;
    const char *name = NULL, *display = "", *email = "";
    bool is_admin = false, from_stdin = false;
    const admin_opt opts[] = {
        {"--display-name", &display, NULL},
        {"--email", &email, NULL},
        {"--admin", NULL, &is_admin},
        {"--password-stdin", NULL, &from_stdin},
        {NULL, NULL, NULL},
    };
    int rc = admin_args_parse(ctx, opts, &name, 1, 1);
    if (rc)
        return rc;
    char password[ADMIN_PASSWORD_MAX] = "";
    if (from_stdin &&
        (rc = admin_password_read(ctx, password, sizeof(password))))
        return rc;
    /* The request only borrows these; protobuf-c wants them non-const. */
    in.username = (char *)name;
    in.display_name = (char *)display;
    in.email = (char *)email;
    in.is_admin = is_admin;
    in.password = password;
    rc = admin_user_add_call(ctx, &in);
    explicit_bzero(password, sizeof(password));
    return rc;
}

static void admin_user_pages_add(admin_user_pages *all,
                                 Pmo__V1__ListUsersResponse *page)
{
    all->pages = xrealloc(all->pages, (all->n_pages + 1) * sizeof(page));
    all->pages[all->n_pages++] = page;
    all->users = xrealloc(all->users, (all->n_users + page->n_users + 1) *
                                          sizeof(Pmo__V1__User *));
    for (size_t i = 0; i < page->n_users; i++)
        all->users[all->n_users++] = page->users[i];
}

static void admin_user_pages_fini(admin_user_pages *all)
{
    for (size_t i = 0; i < all->n_pages; i++)
        protobuf_c_message_free_unpacked(&all->pages[i]->base, NULL);
    free(all->pages);
    free(all->users);
    memset(all, 0, sizeof(*all));
}

static int admin_user_pages_fetch(admin_ctx *ctx, Pmo__V1__ListUsersRequest *in,
                                  admin_user_pages *all)
{
    for (;;) {
        Pmo__V1__ListUsersResponse *page = NULL;
        int rc =
            admin_rpc_call(ctx, &pmo__v1__admin_service__descriptor,
                           "ListUsers", &in->base, (ProtobufCMessage **)&page);
        if (rc)
            return rc;
        admin_user_pages_add(all, page);
        /* A token that does not move on would loop forever: stop there. */
        if (page->next_page_token[0] == '\0' ||
            strcmp(page->next_page_token, in->page_token) == 0)
            return 0;
        in->page_token = page->next_page_token;
    }
}

static void admin_user_row_add(admin_table *t, const Pmo__V1__User *u)
{
    char created[32], last[32];
    time_format_ms(u->created_at_ms, created, sizeof(created));
    time_format_ms(u->last_login_ms, last, sizeof(last));
    admin_table_add(t, (const char *[]){u->username, u->display_name, u->email,
                                        u->is_admin ? "admin" : "user",
                                        u->disabled ? "disabled" : "active",
                                        created, last, u->kind});
}

static void admin_user_list_print(const admin_user_pages *all)
{
    if (all->n_users == 0) {
        printf("No users match.\n");
        return;
    }
    admin_table t;
    admin_table_init(&t, 8,
                     (const char *[]){"USERNAME", "NAME", "EMAIL", "ROLE",
                                      "STATE", "CREATED", "LAST LOGIN",
                                      "KIND"});
    for (size_t i = 0; i < all->n_users; i++)
        admin_user_row_add(&t, all->users[i]);
    admin_table_print(&t, stdout);
    admin_table_fini(&t);
}

static int admin_user_list(admin_ctx *ctx)
{
    Pmo__V1__ListUsersRequest in = PMO__V1__LIST_USERS_REQUEST__INIT;
    const char *prefix = "";
    bool all_users = false;
    const admin_opt opts[] = {
        {"--prefix", &prefix, NULL},
        {"--all", NULL, &all_users},
        {NULL, NULL, NULL},
    };
    int rc = admin_args_parse(ctx, opts, NULL, 0, 0);
    if (rc)
        return rc;
    in.prefix = (char *)prefix;
    in.include_disabled = all_users;
    admin_user_pages all = {0};
    rc = admin_user_pages_fetch(ctx, &in, &all);
    if (rc == 0 && ctx->json) {
        /* One response with every page's users, as if it were one page. */
        Pmo__V1__ListUsersResponse merged = PMO__V1__LIST_USERS_RESPONSE__INIT;
        merged.users = all.users;
        merged.n_users = all.n_users;
        admin_json_print(&merged.base);
    } else if (rc == 0) {
        admin_user_list_print(&all);
    }
    admin_user_pages_fini(&all);
    return rc;
}

static void admin_user_show_print(const Pmo__V1__GetUserResponse *out)
{
    const Pmo__V1__User *u = out->user;
    char id[24], created[32], last[32], sessions[32], version[24];
    snprintf(id, sizeof(id), "%" PRId64, u->id);
    time_format_ms(u->created_at_ms, created, sizeof(created));
    time_format_ms(u->last_login_ms, last, sizeof(last));
    snprintf(sessions, sizeof(sessions), "%u active", out->active_sessions);
    snprintf(version, sizeof(version), "%" PRId64, u->version);
    admin_table t;
    admin_table_init(&t, 2, NULL);
    admin_table_add(&t, (const char *[]){"username", u->username});
    admin_table_add(&t, (const char *[]){"id", id});
    admin_table_add(&t, (const char *[]){"display name", u->display_name});
    admin_table_add(&t, (const char *[]){"email", u->email});
    admin_table_add(&t,
                    (const char *[]){"role", u->is_admin ? "admin" : "user"});
    admin_table_add(
        &t, (const char *[]){"state", u->disabled ? "disabled" : "active"});
    admin_table_add(&t, (const char *[]){"kind", u->kind});
    admin_table_add(&t, (const char *[]){"created", created});
    admin_table_add(&t, (const char *[]){"last login", last});
    admin_table_add(&t, (const char *[]){"sessions", sessions});
    admin_table_add(&t, (const char *[]){"version", version});
    admin_table_print(&t, stdout);
    admin_table_fini(&t);
}

static int admin_user_show(admin_ctx *ctx)
{
    const char *name = NULL;
    int rc = admin_user_name_parse(ctx, &name);
    if (rc)
        return rc;
    Pmo__V1__GetUserRequest in = PMO__V1__GET_USER_REQUEST__INIT;
    in.username = (char *)name;
    Pmo__V1__GetUserResponse *out = NULL;
    rc = admin_rpc_call(ctx, &pmo__v1__admin_service__descriptor, "GetUser",
                        &in.base, (ProtobufCMessage **)&out);
    if (rc)
        return rc;
    if (ctx->json)
        admin_json_print(&out->base);
    else
        admin_user_show_print(out);
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

static int admin_user_set_disabled(admin_ctx *ctx, bool disabled)
{
    const char *name = NULL;
    int rc = admin_user_name_parse(ctx, &name);
    if (rc)
        return rc;
    Pmo__V1__SetUserDisabledRequest in =
        PMO__V1__SET_USER_DISABLED_REQUEST__INIT;
    in.username = (char *)name;
    in.disabled = disabled;
    Pmo__V1__SetUserDisabledResponse *out = NULL;
    rc = admin_rpc_call(ctx, &pmo__v1__admin_service__descriptor,
                        "SetUserDisabled", &in.base, (ProtobufCMessage **)&out);
    if (rc)
        return rc;
    if (ctx->json)
        admin_json_print(&out->base);
    else if (disabled)
        printf("Disabled %s; ended %u session%s.\n", out->user->username,
               out->sessions_revoked,
               admin_plural_suffix(out->sessions_revoked));
    else
        printf("Enabled %s.\n", out->user->username);
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

static int admin_user_disable(admin_ctx *ctx)
{
    return admin_user_set_disabled(ctx, true);
}

static int admin_user_enable(admin_ctx *ctx)
{
    return admin_user_set_disabled(ctx, false);
}

static int admin_user_reset_call(admin_ctx *ctx,
                                 Pmo__V1__ResetPasswordRequest *in)
{
    Pmo__V1__ResetPasswordResponse *out = NULL;
    int rc =
        admin_rpc_call(ctx, &pmo__v1__admin_service__descriptor,
                       "ResetPassword", &in->base, (ProtobufCMessage **)&out);
    if (rc)
        return rc;
    if (ctx->json) {
        admin_json_print(&out->base);
    } else {
        printf("Reset the password of %s; ended %u session%s.\n", in->username,
               out->sessions_revoked,
               admin_plural_suffix(out->sessions_revoked));
        if (out->generated_password[0])
            admin_password_show(in->username, out->generated_password);
    }
    admin_secret_wipe(out->generated_password);
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

static int admin_user_reset_password(admin_ctx *ctx)
{
    const char *name = NULL;
    bool from_stdin = false;
    const admin_opt opts[] = {
        {"--password-stdin", NULL, &from_stdin},
        {NULL, NULL, NULL},
    };
    int rc = admin_args_parse(ctx, opts, &name, 1, 1);
    if (rc)
        return rc;
    char password[ADMIN_PASSWORD_MAX] = "";
    if (from_stdin &&
        (rc = admin_password_read(ctx, password, sizeof(password))))
        return rc;
    Pmo__V1__ResetPasswordRequest in = PMO__V1__RESET_PASSWORD_REQUEST__INIT;
    in.username = (char *)name;
    in.new_password = password;
    rc = admin_user_reset_call(ctx, &in);
    explicit_bzero(password, sizeof(password));
    return rc;
}

static int admin_user_set_admin(admin_ctx *ctx, bool is_admin)
{
    const char *name = NULL;
    int rc = admin_user_name_parse(ctx, &name);
    if (rc)
        return rc;
    Pmo__V1__SetAdminRequest in = PMO__V1__SET_ADMIN_REQUEST__INIT;
    in.username = (char *)name;
    in.is_admin = is_admin;
    Pmo__V1__SetAdminResponse *out = NULL;
    rc = admin_rpc_call(ctx, &pmo__v1__admin_service__descriptor, "SetAdmin",
                        &in.base, (ProtobufCMessage **)&out);
    if (rc)
        return rc;
    if (ctx->json)
        admin_json_print(&out->base);
    else
        printf("%s is %s an admin.\n", out->user->username,
               out->user->is_admin ? "now" : "no longer");
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

static int admin_user_grant_admin(admin_ctx *ctx)
{
    return admin_user_set_admin(ctx, true);
}

static int admin_user_revoke_admin(admin_ctx *ctx)
{
    return admin_user_set_admin(ctx, false);
}

const admin_command admin_user_commands[] = {
    {"user", "add",
     "NAME [--display-name X] [--email X] [--admin] [--password-stdin]",
     "create a user (no password: generated)", admin_user_add},
    {"user", "list", "[--prefix P] [--all]",
     "list users (--all: disabled ones too)", admin_user_list},
    {"user", "show", "NAME", "one user's details and live sessions",
     admin_user_show},
    {"user", "disable", "NAME", "refuse the user's logins, end sessions",
     admin_user_disable},
    {"user", "enable", "NAME", "allow a disabled user again",
     admin_user_enable},
    {"user", "reset-password", "NAME [--password-stdin]",
     "set a new password (none: generated)", admin_user_reset_password},
    {"user", "grant-admin", "NAME", "give the user the admin role",
     admin_user_grant_admin},
    {"user", "revoke-admin", "NAME", "take the admin role away",
     admin_user_revoke_admin},
    {NULL, NULL, NULL, NULL, NULL},
};
