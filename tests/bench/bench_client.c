/* tests/bench/bench_client.c - set-up calls the RPC benchmarks share. */
#include "bench_client.h"

#include "common/status.h"
#include "pmo/v1/auth.pb-c.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Set-up calls may load a whole plan: far longer than one request. */
#define BENCH_SETUP_TIMEOUT_MS 600000

static void die_call(const char *what, const pmo_result *res)
{
    fprintf(stderr, "benchmark: %s: %s (%s)\n", what, res->message,
            pmo_status_name(res->code));
    exit(1);
}

static int call(pmo_client *c, const ProtobufCServiceDescriptor *svc,
                const char *method, const ProtobufCMessage *in,
                ProtobufCMessage **out, pmo_result *res)
{
    ProtobufCMessage *ignored = NULL;
    int code = pmo_call(c, svc, method, in, out ? out : &ignored, res);
    if (ignored)
        protobuf_c_message_free_unpacked(ignored, NULL);
    return code;
}

void bench_call_or_die(pmo_client *c, const ProtobufCServiceDescriptor *svc,
                       const char *method, const ProtobufCMessage *in,
                       ProtobufCMessage **out, const char *what)
{
    pmo_result res;
    if (call(c, svc, method, in, out, &res) != PMO_OK)
        die_call(what, &res);
}

int bench_call(pmo_client *c, const ProtobufCServiceDescriptor *svc,
               const char *method, const ProtobufCMessage *in,
               ProtobufCMessage **out)
{
    pmo_result res;
    return call(c, svc, method, in, out, &res);
}

pmo_client *bench_login(const char *server, const char *ca,
                        const char *password_file, char **token)
{
    char password[256] = "";
    FILE *f = fopen(password_file, "r");
    if (f == NULL || fgets(password, sizeof(password), f) == NULL) {
        fprintf(stderr, "benchmark: cannot read %s\n", password_file);
        exit(2);
    }
    fclose(f);
    password[strcspn(password, "\r\n")] = '\0';
    pmo_client_options opt = {
        .url = server, .ca_file = ca, .timeout_ms = BENCH_SETUP_TIMEOUT_MS};
    pmo_client *c;
    pmo_result res;
    if (pmo_client_open(&opt, &c, &res) != PMO_OK)
        die_call("connect", &res);
    Pmo__V1__LoginRequest in = PMO__V1__LOGIN_REQUEST__INIT;
    in.username = "admin";
    in.password = password;
    Pmo__V1__LoginResponse *out;
    bench_call_or_die(c, &pmo__v1__auth_service__descriptor, "Login", &in.base,
                      (ProtobufCMessage **)&out, "login");
    pmo_client_set_token(c, out->token);
    if (token)
        *token = strdup(out->token);
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return c;
}
