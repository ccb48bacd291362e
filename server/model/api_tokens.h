/*
 * server/model/api_tokens.h - API tokens in PostgreSQL.
 *
 * A token row holds the SHA-256 of its text, as a session row does, never
 * the text. Revoking one also sends NOTIFY pmo_auth "token:ID", delivered
 * at commit, so every server drops it from its session cache at once
 * (events/notify.c). Conventions as in model/users.h: functions run on the
 * call's connection, set the call's status and return -1 on failure, and
 * audit every change; results live in the call's arena.
 */
#ifndef PMO_SERVER_MODEL_API_TOKENS_H
#define PMO_SERVER_MODEL_API_TOKENS_H

#include "pmo/v1/token.pb-c.h"
#include "rpc/call.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct api_token_new {
    int64_t user_id;
    const char *name;
    const char *digest; /* crypto_token_digest of the secret */
    bool read_only;
    const int64_t *program_ids; /* n_programs of them; none: unlimited */
    size_t n_programs;
    unsigned expires_days;
    bool client_cert; /* honoured only with a verified client certificate */
} api_token_new;

int api_tokens_create(rpc_call *call, const api_token_new *t,
                      Pmo__V1__ApiToken **out);

/*
 * The ids of the programs named by keys[0..n) for a token of user_id:
 * each must exist and be one the user can see (ACCESS_SEES_PROGRAM);
 * otherwise a violation of programs[i] names it. Returns 0 with ids[]
 * filled (room for n), or -1.
 */
int api_tokens_programs(rpc_call *call, int64_t user_id, char *const *keys,
                        size_t n, int64_t *ids);

/* The tokens of user_id, newest first; ended ones only if asked. */
int api_tokens_list(rpc_call *call, int64_t user_id, bool include_ended,
                    Pmo__V1__ApiToken ***out, size_t *n);

/*
 * Revokes a live token; only one of owner_id's unless owner_id is 0 (an
 * admin). NOT_FOUND if there is no such live token.
 */
int api_tokens_revoke(rpc_call *call, int64_t token_id, int64_t owner_id,
                      Pmo__V1__ApiToken **out);

#endif
