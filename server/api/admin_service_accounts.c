/*
 * server/api/admin_service_accounts.c - service accounts: users that
 * never log in with a password and call with the API tokens an admin
 * makes for them (TokenService CreateToken with their username). The
 * dispatcher admits only admins here.
 */
#include "api/admin_handlers.h"
#include "api/services.h"
#include "api/validate.h"
#include "model/sessions.h"
#include "model/users.h"

#include <string.h>

/* Matches no password (crypto_password_verify refuses malformed hashes). */
#define SERVICE_NO_PASSWORD "!"

void admin_create_service_account(
    admin_svc *svc, const Pmo__V1__CreateServiceAccountRequest *in,
    Pmo__V1__CreateServiceAccountResponse_Closure done, void *data)
{
    rpc_call *call = data;
    bool valid = validate_username(call, "username", in->username);
    valid &= validate_length(call, "display_name", in->display_name, 0, 128);
    Pmo__V1__CreateServiceAccountResponse out =
        PMO__V1__CREATE_SERVICE_ACCOUNT_RESPONSE__INIT;
    user_new u = {
        .username = in->username,
        .display_name = in->display_name,
        .email = "",
        .password_hash = SERVICE_NO_PASSWORD,
        .kind = USER_KIND_SERVICE,
    };
    if (!valid || users_create(call, &u, &out.user) != 0) {
        done(NULL, data);
        return;
    }
    done(&out, data);
}

void admin_list_service_accounts(
    admin_svc *svc, const Pmo__V1__ListServiceAccountsRequest *in,
    Pmo__V1__ListServiceAccountsResponse_Closure done, void *data)
{
    rpc_call *call = data;
    Pmo__V1__ListServiceAccountsResponse out =
        PMO__V1__LIST_SERVICE_ACCOUNTS_RESPONSE__INIT;
    if (users_list_services(call, in->include_disabled, &out.accounts,
                            &out.n_accounts) != 0) {
        done(NULL, data);
        return;
    }
    done(&out, data);
}

void admin_disable_service_account(
    admin_svc *svc, const Pmo__V1__DisableServiceAccountRequest *in,
    Pmo__V1__DisableServiceAccountResponse_Closure done, void *data)
{
    rpc_call *call = data;
    Pmo__V1__User *user;
    if (!validate_length(call, "username", in->username, 1, 64) ||
        users_get(call, in->username, &user) != 0) {
        done(NULL, data);
        return;
    }
    if (strcmp(user->kind, USER_KIND_SERVICE) != 0) {
        rpc_fail(call, PMO_FAILED_PRECONDITION,
                 "%s is a person, not a service account (pmo-admin user "
                 "disable %s)",
                 in->username, in->username);
        done(NULL, data);
        return;
    }
    Pmo__V1__DisableServiceAccountResponse out =
        PMO__V1__DISABLE_SERVICE_ACCOUNT_RESPONSE__INIT;
    /* Its tokens are checked afresh at once, here and on every server. */
    if (users_set_disabled(call, in->username, true, &out.user) != 0 ||
        sessions_identity_changed(call, out.user->id) != 0) {
        done(NULL, data);
        return;
    }
    done(&out, data);
}
