/*
 * server/model/users.h - user accounts in PostgreSQL.
 *
 * Functions taking an rpc_call run on the call's connection and inside its
 * transaction when the method writes; on failure they set the call's
 * status (NOT_FOUND naming the user, ALREADY_EXISTS, ...) and return -1.
 * Every change writes its audit row. Results live in the call's arena.
 */
#ifndef PMO_SERVER_MODEL_USERS_H
#define PMO_SERVER_MODEL_USERS_H

#include "pmo/v1/admin.pb-c.h"
#include "pmo/v1/auth.pb-c.h"
#include "rpc/call.h"

#include <stdbool.h>

/*
 * users.kind: a person logs in with a password; a service never does (its
 * password hash matches none) and calls with API tokens.
 */
#define USER_KIND_PERSON  "person"
#define USER_KIND_SERVICE "service"

/* For login (model/login_failures.h): the stored hash and flags. */
typedef struct user_credentials {
    int64_t id;
    const char *username;
    const char *password_hash;
    bool disabled;
    bool is_admin;
    bool is_service;
} user_credentials;

typedef struct user_new {
    const char *username;
    const char *display_name;
    const char *email;
    const char *password_hash;
    bool is_admin;
    const char *kind; /* USER_KIND_*; NULL: a person */
} user_new;

int users_create(rpc_call *call, const user_new *u, Pmo__V1__User **out);
int users_get(rpc_call *call, const char *username, Pmo__V1__User **out);
int users_get_by_id(rpc_call *call, int64_t id, Pmo__V1__User **out);

/* Users ordered by name after `after` (exclusive), at most limit + 1. */
int users_list(rpc_call *call, const char *prefix, const char *after,
               bool include_disabled, unsigned limit, Pmo__V1__User ***out,
               size_t *n);

/* Every service account (disabled ones if asked), by name. */
int users_list_services(rpc_call *call, bool include_disabled,
                        Pmo__V1__ServiceAccount ***out, size_t *n);

int users_set_disabled(rpc_call *call, const char *username, bool disabled,
                       Pmo__V1__User **out);
int users_set_admin(rpc_call *call, const char *username, bool is_admin,
                    Pmo__V1__User **out);
int users_set_password(rpc_call *call, int64_t user_id,
                       const char *password_hash);

/*
 * Number of enabled admins, for refusing to remove the last one. Takes a
 * transaction-long lock first, so two admins demoting or disabling each
 * other at once are counted one after the other: call it BEFORE the
 * change, then check the count after it with users_count_admins.
 */
int users_lock_admins(rpc_call *call);
int users_count_admins(rpc_call *call, int64_t *out);

#endif
