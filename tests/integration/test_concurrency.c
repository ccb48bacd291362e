/* tests/integration/test_concurrency.c - many clients at once, no mix-ups. */
#include "it_support.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_CLIENTS       32
#define ROUNDS          50
#define WORKER_PASSWORD "parallel password 1"

typedef struct worker {
    pthread_t thread;
    char username[32];
    int calls_ok;
    char error[600]; /* the first failure; "" if none */
} worker;

static void worker_fail(worker *w, const char *what, int code,
                        const pmo_result *res)
{
    if (w->error[0] == '\0')
        snprintf(w->error, sizeof(w->error), "%s: %s: %s: %s", w->username,
                 what, pmo_status_name(code), res->message);
}

/* No cmocka assertions here: they may only run on the test's own thread. */
static void *worker_main(void *arg)
{
    worker *w = arg;
    pmo_client_options opt = {
        .url = getenv("PMO_SERVER"),
        .ca_file = getenv("PMO_CA"),
        .timeout_ms = IT_CALL_TIMEOUT_MS,
    };
    pmo_client *c = NULL;
    pmo_result res;
    int code = pmo_client_open(&opt, &c, &res);
    if (code != PMO_OK) {
        worker_fail(w, "connect", code, &res);
        return NULL;
    }
    code = it_login(c, w->username, WORKER_PASSWORD, NULL, &res);
    if (code != PMO_OK) {
        worker_fail(w, "Login", code, &res);
        pmo_client_close(c);
        return NULL;
    }
    for (int i = 0; i < ROUNDS && w->error[0] == '\0'; i++) {
        Pmo__V1__WhoAmIResponse *me = NULL;
        code = it_whoami(c, &me, &res);
        if (code != PMO_OK) {
            worker_fail(w, "WhoAmI", code, &res);
            break;
        }
        /* Each client must hear about itself, never about another. */
        if (strcmp(me->user->username, w->username) != 0)
            snprintf(w->error, sizeof(w->error), "%s: WhoAmI answered for %s",
                     w->username, me->user->username);
        else
            w->calls_ok++;
        protobuf_c_message_free_unpacked(&me->base, NULL);

        Pmo__V1__InfoRequest in = PMO__V1__INFO_REQUEST__INIT;
        code = it_call(c, &pmo__v1__meta__descriptor, "Info", &in.base, &res);
        if (code != PMO_OK)
            worker_fail(w, "Info", code, &res);
        else
            w->calls_ok++;
    }
    pmo_client_close(c);
    return NULL;
}

static void test_parallel_clients_all_succeed(void **state)
{
    static worker workers[N_CLIENTS];
    pmo_client *admin = it_connect_admin();
    for (int i = 0; i < N_CLIENTS; i++) {
        snprintf(workers[i].username, sizeof(workers[i].username), "worker%02d",
                 i);
        it_create_user(admin, workers[i].username, WORKER_PASSWORD);
    }
    pmo_client_close(admin);

    int64_t start = it_now_ms();
    for (int i = 0; i < N_CLIENTS; i++)
        if (pthread_create(&workers[i].thread, NULL, worker_main,
                           &workers[i]) != 0)
            fail_msg("cannot start thread %d", i);
    for (int i = 0; i < N_CLIENTS; i++)
        pthread_join(workers[i].thread, NULL);
    print_message("%d clients x %d rounds took %lld ms\n", N_CLIENTS, ROUNDS,
                  (long long)(it_now_ms() - start));

    int failed = 0;
    for (int i = 0; i < N_CLIENTS; i++) {
        if (workers[i].error[0]) {
            print_error("%s\n", workers[i].error);
            failed++;
        }
    }
    if (failed)
        fail_msg("%d of %d clients failed (first errors above)", failed,
                 N_CLIENTS);
    for (int i = 0; i < N_CLIENTS; i++)
        assert_int_equal(workers[i].calls_ok, 2 * ROUNDS);
}

static void test_server_is_healthy_afterwards(void **state)
{
    pmo_client *c = it_connect();
    Pmo__V1__HealthCheckRequest in = PMO__V1__HEALTH_CHECK_REQUEST__INIT;
    Pmo__V1__HealthCheckResponse *out = NULL;
    pmo_result res;
    int code = pmo_call(c, &pmo__v1__health__descriptor, "Check", &in.base,
                        (ProtobufCMessage **)&out, &res);
    it_assert_code(code, &res, PMO_OK);
    if (out->status != PMO__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__SERVING)
        fail_msg("health: status %d (%s)", (int)out->status, out->detail);
    protobuf_c_message_free_unpacked(&out->base, NULL);
    pmo_client_close(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parallel_clients_all_succeed),
        cmocka_unit_test(test_server_is_healthy_afterwards),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
