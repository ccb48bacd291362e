/* tests/integration/it_support.h - clients, logins and SQL for the tests. */
#ifndef PMO_TESTS_INTEGRATION_IT_SUPPORT_H
#define PMO_TESTS_INTEGRATION_IT_SUPPORT_H

/* cmocka.h needs these first. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "common/status.h"
#include "pmo/v1/admin.pb-c.h"
#include "pmo/v1/auth.pb-c.h"
#include "pmo/v1/meta.pb-c.h"
#include "pmoclient.h"

/* Every call in these tests answers well within this, or fails. */
#define IT_CALL_TIMEOUT_MS 15000
#define IT_TOKEN_MAX       128
#define IT_ADMIN           "admin"

/*
 * The value of a variable run_with_server.sh sets; fails the test with a
 * hint when it is missing.
 */
const char *it_env(const char *name);

/* "127.0.0.1:PORT" part of PMO_SERVER, or fails the test. */
const char *it_server_hostport(void);

/* Opens a client on PMO_SERVER trusting PMO_CA; fails the test if not. */
pmo_client *it_connect(void);

/* As it_connect with a token set. */
pmo_client *it_connect_token(const char *token);

/*
 * Logs in on c; on OK copies the token to token (IT_TOKEN_MAX bytes) and
 * sets it on c. Returns the status; res holds the failure.
 */
int it_login(pmo_client *c, const char *user, const char *password, char *token,
             pmo_result *res);

/* A new client logged in as user, or fails the test. */
pmo_client *it_connect_as(const char *user, const char *password,
                          char *token_out);

/* A new client logged in as the first admin. */
pmo_client *it_connect_admin(void);

/* Creates a user through AdminService/CreateUser; returns the user's id. */
int64_t it_create_user(pmo_client *admin, const char *username,
                       const char *password);

/* WhoAmI on c: the status, with *out set on OK (free it). */
int it_whoami(pmo_client *c, Pmo__V1__WhoAmIResponse **out, pmo_result *res);

/* pmo_call without output: frees it and returns the status. */
int it_call(pmo_client *c, const ProtobufCServiceDescriptor *svc,
            const char *method, const ProtobufCMessage *in, pmo_result *res);

/*
 * Runs one SQL statement on PMO_TEST_DB with psql (unaligned, tuples only)
 * and copies its output, without the final newline, to out (which may be
 * NULL with outlen 0). Fails the test if psql fails.
 */
void it_sql(char *out, size_t outlen, const char *sql);

/*
 * The server's log so far (run_with_server.sh keeps its stderr in
 * PMO_TEST_SERVER_LOG), NUL-terminated; free() it. A request's own line is
 * written before its reply is sent.
 */
char *it_server_log(void);

/*
 * Every method the server lists (Meta/ListMethods), asked on c; fails the
 * test if the call fails. Free it with protobuf_c_message_free_unpacked.
 */
Pmo__V1__ListMethodsResponse *it_list_methods(pmo_client *c);

/*
 * Calls path with an empty payload on a new client holding token (NULL:
 * none): the checks of token, role and scope come before the payload is
 * decoded, so a caller turned away changes nothing. Returns the status.
 */
int it_call_empty(const char *token, const char *path, pmo_result *res);

/* Milliseconds on a monotonic clock. */
int64_t it_now_ms(void);

void it_sleep_ms(int ms);

/* Fails with both status names and the server's message unless equal. */
#define it_assert_code(got, res, want)                                         \
    it_assert_code_at((got), (res), (want), __FILE__, __LINE__)
void it_assert_code_at(int got, const pmo_result *res, int want,
                       const char *file, int line);

/* The result names field among its violations. */
void it_assert_violation(const pmo_result *res, const char *field);

/* haystack contains needle, else fails showing both. */
#define it_assert_contains(haystack, needle)                                   \
    it_assert_contains_at((haystack), (needle), __FILE__, __LINE__)
void it_assert_contains_at(const char *haystack, const char *needle,
                           const char *file, int line);

#endif
