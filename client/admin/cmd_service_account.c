/*
 * client/admin/cmd_service_account.c - pmo-admin service-account: the
 * accounts that services call as, with API tokens instead of a password.
 */
#include "admin.h"
#include "pmo/v1/admin.pb-c.h"

#include <inttypes.h>
#include <stdio.h>

#define ADMIN_SVC (&pmo__v1__admin_service__descriptor)

static void admin_service_account_added_show(const ProtobufCMessage *m)
{
    const Pmo__V1__CreateServiceAccountResponse *out = (const void *)m;
    printf("Created service account %s (id %" PRId64 "); give it a token "
           "with: pmo-admin token create --user %s NAME\n",
           out->user->username, out->user->id, out->user->username);
}

static int admin_service_account_add(admin_ctx *ctx)
{
    const char *name = NULL, *display = "";
    const admin_opt opts[] = {
        {"--display-name", &display, NULL},
        {NULL, NULL, NULL},
    };
    int rc = admin_args_parse(ctx, opts, &name, 1, 1);
    if (rc)
        return rc;
    Pmo__V1__CreateServiceAccountRequest in =
        PMO__V1__CREATE_SERVICE_ACCOUNT_REQUEST__INIT;
    in.username = (char *)name;
    in.display_name = (char *)display;
    return admin_rpc_show(ctx, ADMIN_SVC, "CreateServiceAccount", &in.base,
                          admin_service_account_added_show);
}

static void admin_service_account_list_show(const ProtobufCMessage *m)
{
    const Pmo__V1__ListServiceAccountsResponse *out = (const void *)m;
    if (out->n_accounts == 0) {
        printf("No service accounts.\n");
        return;
    }
    admin_table t;
    admin_table_init(
        &t, 4,
        (const char *[]){"NAME", "DISPLAY NAME", "LIVE TOKENS", "STATE"});
    for (size_t i = 0; i < out->n_accounts; i++) {
        const Pmo__V1__ServiceAccount *a = out->accounts[i];
        char live[16];
        snprintf(live, sizeof(live), "%u", a->live_tokens);
        admin_table_add(
            &t, (const char *[]){a->user->username, a->user->display_name, live,
                                 a->user->disabled ? "disabled" : "enabled"});
    }
    admin_table_print(&t, stdout);
    admin_table_fini(&t);
}

static int admin_service_account_list(admin_ctx *ctx)
{
    bool all = false;
    const admin_opt opts[] = {
        {"--all", NULL, &all},
        {NULL, NULL, NULL},
    };
    int rc = admin_args_parse(ctx, opts, NULL, 0, 0);
    if (rc)
        return rc;
    Pmo__V1__ListServiceAccountsRequest in =
        PMO__V1__LIST_SERVICE_ACCOUNTS_REQUEST__INIT;
    in.include_disabled = all;
    return admin_rpc_show(ctx, ADMIN_SVC, "ListServiceAccounts", &in.base,
                          admin_service_account_list_show);
}

static void admin_service_account_disabled_show(const ProtobufCMessage *m)
{
    const Pmo__V1__DisableServiceAccountResponse *out = (const void *)m;
    printf("Disabled service account %s; its tokens are refused from now "
           "on.\n",
           out->user->username);
}

static int admin_service_account_disable(admin_ctx *ctx)
{
    const char *name = NULL;
    int rc = admin_args_parse(ctx, NULL, &name, 1, 1);
    if (rc)
        return rc;
    Pmo__V1__DisableServiceAccountRequest in =
        PMO__V1__DISABLE_SERVICE_ACCOUNT_REQUEST__INIT;
    in.username = (char *)name;
    return admin_rpc_show(ctx, ADMIN_SVC, "DisableServiceAccount", &in.base,
                          admin_service_account_disabled_show);
}

const admin_command admin_service_account_commands[] = {
    {"service-account", "add", "NAME [--display-name TEXT]",
     "an account for a service: no password, API tokens only",
     admin_service_account_add},
    {"service-account", "list", "[--all]",
     "service accounts and their live tokens (--all: disabled ones too)",
     admin_service_account_list},
    {"service-account", "disable", "NAME",
     "stop a service account; its tokens stop working at once",
     admin_service_account_disable},
    {NULL, NULL, NULL, NULL, NULL},
};
