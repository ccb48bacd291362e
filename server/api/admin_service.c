/*
 * server/api/admin_service.c - pmo.v1.AdminService: users, sessions and
 * the audit trail (service accounts in admin_service_accounts.c). The
 * dispatcher admits only admins to any of these.
 */
#include "api/admin_handlers.h"
#include "api/services.h"
#include "api/validate.h"
#include "audit/audit.h"
#include "common/crypto.h"
#include "model/sessions.h"
#include "model/users.h"
#include "pmo/v1/admin.pb-c.h"

#include <stdio.h>
#include <string.h>

#define ADMIN_PAGE_DEFAULT 100
#define ADMIN_PAGE_MAX     1000

/*
 * The password to set: the given one if valid, else a generated one that
 * is also copied to *generated for the reply. Writes the hash to hash.
 */
static bool admin_password(rpc_call *call, const char *field, const char *given,
                           char **generated,
                           char hash[CRYPTO_PASSWORD_HASH_MAX])
{
    const char *password = given;
    if (given[0] == '\0') {
        char *fresh = arena_alloc(call->arena, 21);
        if (crypto_password_generate(fresh) != 0) {
            rpc_fail(call, PMO_INTERNAL, "no randomness for a password");
            return false;
        }
        *generated = fresh;
        password = fresh;
    } else if (!validate_password(call, field, given)) {
        return false;
    }
    if (crypto_password_hash(password, api_config.password_iterations, hash) !=
        0) {
        rpc_fail(call, PMO_INTERNAL, "cannot hash the password");
        return false;
    }
    return true;
}

/*
 * Checked after a change that may remove an admin, inside its transaction
 * and under users_lock_admins: failing rolls the change back.
 */
static bool admin_some_admin_left(rpc_call *call, const char *username)
{
    int64_t admins = 0;
    if (users_count_admins(call, &admins) != 0)
        return false;
    if (admins > 0)
        return true;
    rpc_fail(call, PMO_FAILED_PRECONDITION,
             "%s is the last admin left enabled; make another user admin first",
             username);
    return false;
}

static void admin_create_user(Pmo__V1__AdminService_Service *svc,
                              const Pmo__V1__CreateUserRequest *in,
                              Pmo__V1__CreateUserResponse_Closure done,
                              void *data)
{
    rpc_call *call = data;
    bool valid = validate_username(call, "username", in->username);
    valid &= validate_length(call, "display_name", in->display_name, 0, 128);
    valid &= validate_email(call, "email", in->email);
    Pmo__V1__CreateUserResponse out = PMO__V1__CREATE_USER_RESPONSE__INIT;
    char hash[CRYPTO_PASSWORD_HASH_MAX];
    if (!valid || !admin_password(call, "password", in->password,
                                  &out.generated_password, hash)) {
        done(NULL, data);
        return;
    }
    user_new u = {in->username, in->display_name, in->email, hash,
                  in->is_admin, USER_KIND_PERSON};
    if (users_create(call, &u, &out.user) != 0) {
        done(NULL, data);
        return;
    }
    done(&out, data);
}

static void admin_list_users(Pmo__V1__AdminService_Service *svc,
                             const Pmo__V1__ListUsersRequest *in,
                             Pmo__V1__ListUsersResponse_Closure done,
                             void *data)
{
    rpc_call *call = data;
    unsigned limit = in->page_size ? in->page_size : ADMIN_PAGE_DEFAULT;
    if (limit > ADMIN_PAGE_MAX) {
        rpc_violation(call, "page_size", "must be at most %d", ADMIN_PAGE_MAX);
        done(NULL, data);
        return;
    }
    bool valid = validate_length(call, "prefix", in->prefix, 0, 32);
    valid &= validate_length(call, "page_token", in->page_token, 0, 32);
    Pmo__V1__ListUsersResponse out = PMO__V1__LIST_USERS_RESPONSE__INIT;
    if (!valid ||
        users_list(call, in->prefix, in->page_token, in->include_disabled,
                   limit, &out.users, &out.n_users) != 0) {
        done(NULL, data);
        return;
    }
    /* One row beyond the page says there is another page. */
    if (out.n_users > limit) {
        out.n_users = limit;
        out.next_page_token = out.users[limit - 1]->username;
    }
    done(&out, data);
}

static void admin_get_user(Pmo__V1__AdminService_Service *svc,
                           const Pmo__V1__GetUserRequest *in,
                           Pmo__V1__GetUserResponse_Closure done, void *data)
{
    rpc_call *call = data;
    Pmo__V1__GetUserResponse out = PMO__V1__GET_USER_RESPONSE__INIT;
    if (!validate_length(call, "username", in->username, 1, 64) ||
        users_get(call, in->username, &out.user) != 0 ||
        sessions_count_live(call, out.user->id, &out.active_sessions) != 0) {
        done(NULL, data);
        return;
    }
    done(&out, data);
}

static void
admin_set_user_disabled(Pmo__V1__AdminService_Service *svc,
                        const Pmo__V1__SetUserDisabledRequest *in,
                        Pmo__V1__SetUserDisabledResponse_Closure done,
                        void *data)
{
    rpc_call *call = data;
    if (!validate_length(call, "username", in->username, 1, 64)) {
        done(NULL, data);
        return;
    }
    if (in->disabled && strcmp(in->username, call->who.username) == 0) {
        rpc_fail(call, PMO_FAILED_PRECONDITION,
                 "you cannot disable your own account");
        done(NULL, data);
        return;
    }
    Pmo__V1__SetUserDisabledResponse out =
        PMO__V1__SET_USER_DISABLED_RESPONSE__INIT;
    if ((in->disabled && users_lock_admins(call) != 0) ||
        users_set_disabled(call, in->username, in->disabled, &out.user) != 0 ||
        (in->disabled && sessions_revoke_user(call, out.user->id, 0,
                                              &out.sessions_revoked) != 0) ||
        (in->disabled && out.user->is_admin &&
         !admin_some_admin_left(call, in->username))) {
        done(NULL, data);
        return;
    }
    done(&out, data);
}

/* A service account has no password to set. */
static bool admin_is_person(rpc_call *call, const Pmo__V1__User *user)
{
    if (strcmp(user->kind, USER_KIND_SERVICE) != 0)
        return true;
    rpc_fail(call, PMO_FAILED_PRECONDITION,
             "%s is a service account: it has no password; it calls with "
             "API tokens (pmo-admin token create --user %s)",
             user->username, user->username);
    return false;
}

static void admin_reset_password(Pmo__V1__AdminService_Service *svc,
                                 const Pmo__V1__ResetPasswordRequest *in,
                                 Pmo__V1__ResetPasswordResponse_Closure done,
                                 void *data)
{
    rpc_call *call = data;
    Pmo__V1__ResetPasswordResponse out = PMO__V1__RESET_PASSWORD_RESPONSE__INIT;
    Pmo__V1__User *user;
    char hash[CRYPTO_PASSWORD_HASH_MAX];
    if (!validate_length(call, "username", in->username, 1, 64) ||
        !admin_password(call, "new_password", in->new_password,
                        &out.generated_password, hash) ||
        users_get(call, in->username, &user) != 0 ||
        !admin_is_person(call, user) ||
        users_set_password(call, user->id, hash) != 0 ||
        sessions_revoke_user(call, user->id, 0, &out.sessions_revoked) != 0) {
        done(NULL, data);
        return;
    }
    done(&out, data);
}

static void admin_set_admin(Pmo__V1__AdminService_Service *svc,
                            const Pmo__V1__SetAdminRequest *in,
                            Pmo__V1__SetAdminResponse_Closure done, void *data)
{
    rpc_call *call = data;
    Pmo__V1__SetAdminResponse out = PMO__V1__SET_ADMIN_RESPONSE__INIT;
    if (!validate_length(call, "username", in->username, 1, 64) ||
        users_lock_admins(call) != 0 ||
        users_set_admin(call, in->username, in->is_admin, &out.user) != 0 ||
        !admin_some_admin_left(call, in->username)) {
        done(NULL, data);
        return;
    }
    /* A cached session must not keep a role the user no longer has. */
    if (sessions_identity_changed(call, out.user->id) != 0) {
        done(NULL, data);
        return;
    }
    done(&out, data);
}

static void admin_list_sessions(Pmo__V1__AdminService_Service *svc,
                                const Pmo__V1__ListSessionsRequest *in,
                                Pmo__V1__ListSessionsResponse_Closure done,
                                void *data)
{
    rpc_call *call = data;
    Pmo__V1__ListSessionsResponse out = PMO__V1__LIST_SESSIONS_RESPONSE__INIT;
    if (!validate_length(call, "username", in->username, 0, 64) ||
        sessions_list(call, in->username, in->include_ended, &out.sessions,
                      &out.n_sessions) != 0) {
        done(NULL, data);
        return;
    }
    done(&out, data);
}

static void admin_revoke_session(Pmo__V1__AdminService_Service *svc,
                                 const Pmo__V1__RevokeSessionRequest *in,
                                 Pmo__V1__RevokeSessionResponse_Closure done,
                                 void *data)
{
    rpc_call *call = data;
    Pmo__V1__RevokeSessionResponse out = PMO__V1__REVOKE_SESSION_RESPONSE__INIT;
    if (in->session_id <= 0) {
        rpc_violation(call, "session_id", "must be a session id (> 0)");
        done(NULL, data);
        return;
    }
    if (sessions_revoke(call, in->session_id, &out.session) != 0) {
        done(NULL, data);
        return;
    }
    done(&out, data);
}

static void admin_audit_tail(Pmo__V1__AdminService_Service *svc,
                             const Pmo__V1__AuditTailRequest *in,
                             Pmo__V1__AuditTailResponse_Closure done,
                             void *data)
{
    rpc_call *call = data;
    unsigned limit = in->limit ? in->limit : 20;
    if (limit > ADMIN_PAGE_MAX) {
        rpc_violation(call, "limit", "must be at most %d", ADMIN_PAGE_MAX);
        done(NULL, data);
        return;
    }
    if (in->before_id < 0) {
        rpc_violation(call, "before_id", "must not be negative");
        done(NULL, data);
        return;
    }
    Pmo__V1__AuditTailResponse out = PMO__V1__AUDIT_TAIL_RESPONSE__INIT;
    if (audit_tail(call, limit, in->before_id, &out.entries, &out.n_entries) !=
        0) {
        done(NULL, data);
        return;
    }
    done(&out, data);
}

static void admin_audit_verify(Pmo__V1__AdminService_Service *svc,
                               const Pmo__V1__AuditVerifyRequest *in,
                               Pmo__V1__AuditVerifyResponse_Closure done,
                               void *data)
{
    rpc_call *call = data;
    audit_verify_result res;
    if (audit_verify(call->db, &res) != 0) {
        rpc_fail_db(call, "verifying the audit chain");
        done(NULL, data);
        return;
    }
    Pmo__V1__AuditVerifyResponse out = PMO__V1__AUDIT_VERIFY_RESPONSE__INIT;
    out.ok = res.ok;
    out.rows_checked = res.rows_checked;
    out.rows_unsealed = res.rows_unsealed;
    out.first_bad_seq = res.first_bad_seq;
    out.problem = arena_strdup(call->arena, res.problem);
    done(&out, data);
}

static Pmo__V1__AdminService_Service admin_impl =
    PMO__V1__ADMIN_SERVICE__INIT(admin_);

static const rpc_method_policy admin_policies[] = {
    {"CreateUser", RPC_ACCESS_ADMIN, RPC_WRITES, RPC_NO_REPLAY},
    {"ListUsers", RPC_ACCESS_ADMIN, RPC_READS, 0},
    {"GetUser", RPC_ACCESS_ADMIN, RPC_READS, 0},
    {"SetUserDisabled", RPC_ACCESS_ADMIN, RPC_WRITES, 0},
    {"ResetPassword", RPC_ACCESS_ADMIN, RPC_WRITES, RPC_NO_REPLAY},
    {"SetAdmin", RPC_ACCESS_ADMIN, RPC_WRITES, 0},
    {"ListSessions", RPC_ACCESS_ADMIN, RPC_READS, 0},
    {"RevokeSession", RPC_ACCESS_ADMIN, RPC_WRITES, 0},
    {"AuditTail", RPC_ACCESS_ADMIN, RPC_READS, 0},
    {"AuditVerify", RPC_ACCESS_ADMIN, RPC_READS, 0},
    {"CreateServiceAccount", RPC_ACCESS_ADMIN, RPC_WRITES, 0},
    {"ListServiceAccounts", RPC_ACCESS_ADMIN, RPC_READS, 0},
    {"DisableServiceAccount", RPC_ACCESS_ADMIN, RPC_WRITES, 0},
};

const rpc_service api_admin_service = {
    .impl = &admin_impl.base,
    .policies = admin_policies,
    .n_policies = sizeof(admin_policies) / sizeof(admin_policies[0]),
};
