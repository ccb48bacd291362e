/* tests/integration/it_support.c - clients, logins and SQL for the tests. */
#include "it_support.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

const char *it_env(const char *name)
{
    const char *v = getenv(name);
    if (v == NULL || v[0] == '\0')
        fail_msg("%s is not set: run this program through "
                 "tests/integration/run_with_server.sh (ctest does), "
                 "under pg_virtualenv",
                 name);
    return v;
}

const char *it_server_hostport(void)
{
    const char *url = it_env("PMO_SERVER");
    const char *sep = strstr(url, "://");
    if (sep == NULL)
        fail_msg("PMO_SERVER=%s has no scheme", url);
    return sep + 3;
}

pmo_client *it_connect(void)
{
    pmo_client_options opt = {
        .url = it_env("PMO_SERVER"),
        .ca_file = it_env("PMO_CA"),
        .timeout_ms = IT_CALL_TIMEOUT_MS,
    };
    pmo_client *c = NULL;
    pmo_result res;
    int code = pmo_client_open(&opt, &c, &res);
    if (code != PMO_OK)
        fail_msg("cannot connect to %s: %s: %s", opt.url, pmo_status_name(code),
                 res.message);
    return c;
}

pmo_client *it_connect_token(const char *token)
{
    pmo_client *c = it_connect();
    pmo_client_set_token(c, token);
    return c;
}

Pmo__V1__ListMethodsResponse *it_list_methods(pmo_client *c)
{
    Pmo__V1__ListMethodsRequest in = PMO__V1__LIST_METHODS_REQUEST__INIT;
    Pmo__V1__ListMethodsResponse *out = NULL;
    pmo_result res;
    if (pmo_call(c, &pmo__v1__meta__descriptor, "ListMethods", &in.base,
                 (ProtobufCMessage **)&out, &res) != PMO_OK)
        fail_msg("ListMethods: %s: %s", pmo_status_name(res.code), res.message);
    return out;
}

int it_call_empty(const char *token, const char *path, pmo_result *res)
{
    pmo_client *c = it_connect();
    if (token)
        pmo_client_set_token(c, token);
    void *out = NULL;
    size_t out_len = 0;
    int code = pmo_call_raw(c, path, "", 0, &out, &out_len, res);
    free(out);
    pmo_client_close(c);
    return code;
}

int it_login(pmo_client *c, const char *user, const char *password, char *token,
             pmo_result *res)
{
    Pmo__V1__LoginRequest in = PMO__V1__LOGIN_REQUEST__INIT;
    in.username = (char *)user;
    in.password = (char *)password;
    in.client_name = "integration test";
    Pmo__V1__LoginResponse *out = NULL;
    int code = pmo_call(c, &pmo__v1__auth_service__descriptor, "Login",
                        &in.base, (ProtobufCMessage **)&out, res);
    if (code != PMO_OK)
        return code;
    if (token)
        snprintf(token, IT_TOKEN_MAX, "%s", out->token);
    pmo_client_set_token(c, out->token);
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return code;
}

pmo_client *it_connect_as(const char *user, const char *password,
                          char *token_out)
{
    pmo_client *c = it_connect();
    pmo_result res;
    int code = it_login(c, user, password, token_out, &res);
    if (code != PMO_OK)
        fail_msg("login as %s: %s: %s", user, pmo_status_name(code),
                 res.message);
    return c;
}

pmo_client *it_connect_admin(void)
{
    return it_connect_as(IT_ADMIN, it_env("PMO_TEST_ADMIN_PASSWORD"), NULL);
}

int64_t it_create_user(pmo_client *admin, const char *username,
                       const char *password)
{
    Pmo__V1__CreateUserRequest in = PMO__V1__CREATE_USER_REQUEST__INIT;
    in.username = (char *)username;
    in.password = (char *)password;
    in.display_name = "Test User";
    Pmo__V1__CreateUserResponse *out = NULL;
    pmo_result res;
    int code =
        pmo_call(admin, &pmo__v1__admin_service__descriptor, "CreateUser",
                 &in.base, (ProtobufCMessage **)&out, &res);
    if (code != PMO_OK)
        fail_msg("CreateUser %s: %s: %s", username, pmo_status_name(code),
                 res.message);
    int64_t id = out->user->id;
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return id;
}

int it_whoami(pmo_client *c, Pmo__V1__WhoAmIResponse **out, pmo_result *res)
{
    Pmo__V1__WhoAmIRequest in = PMO__V1__WHO_AM_IREQUEST__INIT;
    return pmo_call(c, &pmo__v1__auth_service__descriptor, "WhoAmI", &in.base,
                    (ProtobufCMessage **)out, res);
}

int it_call(pmo_client *c, const ProtobufCServiceDescriptor *svc,
            const char *method, const ProtobufCMessage *in, pmo_result *res)
{
    ProtobufCMessage *out = NULL;
    int code = pmo_call(c, svc, method, in, &out, res);
    if (out)
        protobuf_c_message_free_unpacked(out, NULL);
    return code;
}

void it_sql(char *out, size_t outlen, const char *sql)
{
    const char *db = it_env("PMO_TEST_DB");
    int fds[2];
    if (pipe(fds) != 0)
        fail_msg("pipe: %s", strerror(errno));
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        fail_msg("fork: %s", strerror(errno));
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        execlp("psql", "psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1",
               "-d", db, "-c", sql, (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    size_t used = 0;
    char sink[256];
    for (;;) {
        char *at = used + 1 < outlen ? out + used : sink;
        size_t room = used + 1 < outlen ? outlen - used - 1 : sizeof(sink);
        ssize_t n = read(fds[0], at, room);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        if (at == out + used)
            used += (size_t)n;
    }
    close(fds[0]);
    if (outlen)
        out[used] = '\0';
    while (used > 0 && out[used - 1] == '\n')
        out[--used] = '\0';
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            fail_msg("waitpid: %s", strerror(errno));
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        fail_msg("psql -d %s -c \"%s\" failed (status %d)", db, sql, status);
}

int64_t it_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

char *it_server_log(void)
{
    const char *path = it_env("PMO_TEST_SERVER_LOG");
    FILE *f = fopen(path, "r");
    if (f == NULL)
        fail_msg("cannot open %s", path);
    size_t cap = 1 << 16, len = 0;
    char *text = malloc(cap);
    size_t n;
    while ((n = fread(text + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (cap - len < 2) {
            cap *= 2;
            text = realloc(text, cap);
        }
    }
    fclose(f);
    text[len] = '\0';
    return text;
}

void it_sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

void it_assert_code_at(int got, const pmo_result *res, int want,
                       const char *file, int line)
{
    if (got == want)
        return;
    fail_msg("%s:%d: expected %s, got %s (\"%s\")", file, line,
             pmo_status_name(want), pmo_status_name(got),
             res ? res->message : "");
}

void it_assert_violation(const pmo_result *res, const char *field)
{
    for (size_t i = 0; i < res->n_violations; i++)
        if (strcmp(res->violations[i].field, field) == 0)
            return;
    char seen[512] = "";
    for (size_t i = 0; i < res->n_violations; i++) {
        size_t len = strlen(seen);
        snprintf(seen + len, sizeof(seen) - len, "%s\"%s\"", i ? ", " : "",
                 res->violations[i].field);
    }
    fail_msg("expected a violation of field \"%s\"; the violations name: "
             "[%s] (message \"%s\")",
             field, seen, res->message);
}

void it_assert_contains_at(const char *haystack, const char *needle,
                           const char *file, int line)
{
    if (haystack && strstr(haystack, needle))
        return;
    fail_msg("%s:%d: expected text containing \"%s\", got \"%s\"", file, line,
             needle, haystack ? haystack : "(null)");
}
