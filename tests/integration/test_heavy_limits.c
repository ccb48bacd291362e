/*
 * tests/integration/test_heavy_limits.c - one user cannot fill the workers
 * with heavy calls: with two forecasts of theirs running, a third is
 * refused at once with RESOURCE_EXHAUSTED naming the limit, while another
 * user's light call is served at once.
 *
 * The server runs four workers and --heavy-calls-per-user 2 (schedule.cmake).
 * The two long forecasts run on threads and sockets of their own and end
 * at their deadline, so the test is bounded whatever the machine.
 */
#include "it_raw.h"
#include "it_work.h"

#include "pmo/v1/meta.pb-c.h"
#include "pmo/v1/schedule.pb-c.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <unistd.h>

#define PROGRAM "HEAVY"
/* 100 rows of 40 tasks, each after the two above it (as test_deadline). */
#define ROWS  100
#define WIDTH 40
/* About 10^9 steps, seconds of work (as test_deadline); the deadline
 * bounds it on a fast machine or a slow one. */
#define LONG_ITERATIONS  80000
#define LONG_DEADLINE_MS 6000
/* How long the children get to connect and start before the third call. */
#define SETTLE_MS        1500
#define ANSWER_WITHIN_MS 1000
#define RAW_WAIT_MS      15000

static it_work fx;
static char view_token[IT_TOKEN_MAX], mgr_token[IT_TOKEN_MAX];

static int group_setup(void **state)
{
    (void)state;
    it_work_setup(&fx, PROGRAM);
    it_work_add_grid(&fx, ROWS, WIDTH);
    pmo_client_close(it_connect_as("view", IT_WORK_PASSWORD, view_token));
    pmo_client_close(it_connect_as("mgr", IT_WORK_PASSWORD, mgr_token));
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    it_work_teardown(&fx);
    return 0;
}

/* A raw call answered within RAW_WAIT_MS; *took_ms says how long it took. */
static Pmo__V1__ResponseEnvelope *raw_call(const char *method,
                                           const char *token, uint32_t timeout,
                                           const ProtobufCMessage *in,
                                           int64_t *took_ms)
{
    nng_socket s = it_raw_open(RAW_WAIT_MS);
    Pmo__V1__ResponseEnvelope *reply = NULL;
    int64_t t0 = it_now_ms();
    int rv = it_raw_call(s, method, token, timeout, in, &reply);
    *took_ms = it_now_ms() - t0;
    nng_close(s);
    if (rv != 0)
        fail_msg("%s: no answer in %d ms: %s", method, RAW_WAIT_MS,
                 nng_strerror(rv));
    return reply;
}

static void forecast_request(Pmo__V1__ForecastRequest *in)
{
    pmo__v1__forecast_request__init(in);
    in->program = PROGRAM;
    in->iterations = LONG_ITERATIONS;
}

/* One long forecast as view on a thread of its own; code is its answer. */
typedef struct long_forecast {
    pthread_t thread;
    int code; /* -1: no answer */
} long_forecast;

static void *long_forecast_main(void *arg)
{
    long_forecast *lf = arg;
    Pmo__V1__ForecastRequest in;
    forecast_request(&in);
    nng_socket s = it_raw_open(RAW_WAIT_MS);
    Pmo__V1__ResponseEnvelope *reply = NULL;
    lf->code = -1;
    if (it_raw_call(s, "pmo.v1.ScheduleService/Forecast", view_token,
                    LONG_DEADLINE_MS, &in.base, &reply) == 0) {
        lf->code = (int)reply->code;
        pmo__v1__response_envelope__free_unpacked(reply, NULL);
    }
    nng_close(s);
    return NULL;
}

/* It ran: to its end or to its deadline, not refused. */
static void assert_long_forecast_ran(long_forecast *lf)
{
    assert_int_equal(pthread_join(lf->thread, NULL), 0);
    if (lf->code != PMO_OK && lf->code != PMO_DEADLINE_EXCEEDED)
        fail_msg("a long forecast answered %s, want OK or DEADLINE_EXCEEDED",
                 lf->code < 0 ? "nothing" : pmo_status_name(lf->code));
}

static void test_third_heavy_call_of_a_user_is_refused(void **state)
{
    (void)state;
    long_forecast lf[2];
    for (int i = 0; i < 2; i++)
        assert_int_equal(
            pthread_create(&lf[i].thread, NULL, long_forecast_main, &lf[i]), 0);
    usleep(SETTLE_MS * 1000);

    Pmo__V1__ForecastRequest in;
    forecast_request(&in);
    int64_t took;
    Pmo__V1__ResponseEnvelope *reply =
        raw_call("pmo.v1.ScheduleService/Forecast", view_token,
                 LONG_DEADLINE_MS, &in.base, &took);
    if (reply->code != PMO__V1__STATUS_CODE__RESOURCE_EXHAUSTED)
        fail_msg("third forecast: %s (%s), want RESOURCE_EXHAUSTED",
                 pmo_status_name((int)reply->code), reply->message);
    it_assert_contains(reply->message, "heavy_calls_per_user");
    it_assert_contains(reply->message, "2 in flight");
    if (took > ANSWER_WITHIN_MS)
        fail_msg("the refusal took %lld ms", (long long)took);
    pmo__v1__response_envelope__free_unpacked(reply, NULL);

    /* Another user's light call finds a worker at once. */
    Pmo__V1__InfoRequest info = PMO__V1__INFO_REQUEST__INIT;
    reply = raw_call("pmo.v1.Meta/Info", mgr_token, IT_CALL_TIMEOUT_MS,
                     &info.base, &took);
    assert_int_equal(reply->code, PMO__V1__STATUS_CODE__OK);
    if (took > ANSWER_WITHIN_MS)
        fail_msg("mgr's Meta/Info waited %lld ms", (long long)took);
    pmo__v1__response_envelope__free_unpacked(reply, NULL);

    assert_long_forecast_ran(&lf[0]);
    assert_long_forecast_ran(&lf[1]);

    /* Once they end, the user may forecast again. */
    in.iterations = 10;
    reply = raw_call("pmo.v1.ScheduleService/Forecast", view_token,
                     IT_CALL_TIMEOUT_MS, &in.base, &took);
    assert_int_equal(reply->code, PMO__V1__STATUS_CODE__OK);
    pmo__v1__response_envelope__free_unpacked(reply, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_third_heavy_call_of_a_user_is_refused),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
