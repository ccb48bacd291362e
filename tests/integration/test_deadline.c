/*
 * tests/integration/test_deadline.c - a request's deadline bounds its
 * work, not only its wait in the queue: a forecast of seconds asked with
 * a deadline of 100 ms answers DEADLINE_EXCEEDED soon after it and the
 * server is free again at once, and so does a long levelling; a
 * statement stuck behind a lock another session holds is cancelled at
 * the deadline, and nothing is written.
 *
 * The server runs one worker (schedule.cmake), so a worker still busy
 * for a caller that has gone would hold up the next request. The calls
 * with deadlines go below libpmoclient (it_raw.h), which would stop
 * waiting at its own timeout and never see the server's answer.
 */
#include "it_raw.h"
#include "it_work.h"

#include "pmo/v1/meta.pb-c.h"
#include "pmo/v1/schedule.pb-c.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define PROGRAM "DEADLN"

/* 100 rows of 40 tasks, each after the two above it: a plan wide enough
 * that a Monte Carlo iteration costs about 12,000 steps. */
#define ROWS  100
#define WIDTH 40
#define ITEMS (ROWS * WIDTH)

/* The long forecast: about 10^9 steps, which takes seconds; the long
 * levelling, near its budget of 10^8. */
#define LONG_ITERATIONS 80000
#define LONG_SCHEDULES  8000
#define DEADLINE_MS     100
/* How soon after sending it the answer must come (a bound, not a speed). */
#define ANSWER_WITHIN_MS 1000
/* A wait long enough that only a server ignoring the deadline reaches it. */
#define RAW_WAIT_MS 15000

static it_work fx;
static char view_token[IT_TOKEN_MAX], mgr_token[IT_TOKEN_MAX];

static int group_setup(void **state)
{
    (void)state;
    it_work_setup(&fx, PROGRAM);
    it_work_add_grid(&fx, ROWS, WIDTH);
    char sql[1024];
    /* mgr does every row but the last, which con does. */
    snprintf(sql, sizeof sql,
             "UPDATE work_items w SET assignee_id = u.id FROM users u"
             " WHERE w.program_id = %lld AND u.username ="
             " CASE WHEN w.number > %d THEN 'con' ELSE 'mgr' END",
             (long long)fx.program_id, ITEMS - WIDTH);
    it_sql(NULL, 0, sql);
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

/* Meta/Info answers OK within ANSWER_WITHIN_MS: the one worker is free. */
static void assert_server_free(void)
{
    Pmo__V1__InfoRequest in = PMO__V1__INFO_REQUEST__INIT;
    pmo_result res;
    int64_t t0 = it_now_ms();
    it_assert_code(
        it_call(fx.view, &pmo__v1__meta__descriptor, "Info", &in.base, &res),
        &res, PMO_OK);
    int64_t took = it_now_ms() - t0;
    if (took > ANSWER_WITHIN_MS)
        fail_msg("the next request waited %lld ms", (long long)took);
}

/* A raw call; fails unless the server answered want within the bound. */
static Pmo__V1__ResponseEnvelope *call_by(const char *method, const char *token,
                                          uint32_t timeout,
                                          const ProtobufCMessage *in, int want)
{
    nng_socket s = it_raw_open(RAW_WAIT_MS);
    Pmo__V1__ResponseEnvelope *reply = NULL;
    int64_t t0 = it_now_ms();
    int rv = it_raw_call(s, method, token, timeout, in, &reply);
    int64_t took = it_now_ms() - t0;
    nng_close(s);
    if (rv != 0)
        fail_msg("%s: no answer in %d ms: %s", method, RAW_WAIT_MS,
                 nng_strerror(rv));
    if ((int)reply->code != want)
        fail_msg("%s: %s (%s) after %lld ms, want %s", method,
                 pmo_status_name((int)reply->code), reply->message,
                 (long long)took, pmo_status_name(want));
    if (took > (int64_t)timeout + ANSWER_WITHIN_MS)
        fail_msg("%s: answered %lld ms after a deadline of %u ms", method,
                 (long long)took, timeout);
    return reply;
}

/* ------------------------------------------------------------ forecast */

static void test_forecast_stops_at_the_deadline(void **state)
{
    (void)state;
    /* A short forecast loads and caches the plan, and says how fast the
     * server forecasts it: the long one must take longer than the bound,
     * or this test proves nothing. */
    Pmo__V1__ForecastRequest in = PMO__V1__FORECAST_REQUEST__INIT;
    in.program = PROGRAM;
    in.iterations = LONG_ITERATIONS / 40;
    Pmo__V1__ResponseEnvelope *reply =
        call_by("pmo.v1.ScheduleService/Forecast", view_token,
                IT_CALL_TIMEOUT_MS, &in.base, PMO_OK);
    Pmo__V1__ForecastResponse *f = pmo__v1__forecast_response__unpack(
        NULL, reply->payload.len, reply->payload.data);
    assert_non_null(f);
    double whole_ms = f->elapsed_ms * 40;
    print_message("a forecast of %d iterations would take about %.0f ms\n",
                  LONG_ITERATIONS, whole_ms);
    assert_true(whole_ms > DEADLINE_MS + ANSWER_WITHIN_MS);
    pmo__v1__forecast_response__free_unpacked(f, NULL);
    pmo__v1__response_envelope__free_unpacked(reply, NULL);

    in.iterations = LONG_ITERATIONS;
    reply = call_by("pmo.v1.ScheduleService/Forecast", view_token, DEADLINE_MS,
                    &in.base, PMO_DEADLINE_EXCEEDED);
    it_assert_contains(reply->message, "forecast");
    it_assert_contains(reply->message, "deadline");
    pmo__v1__response_envelope__free_unpacked(reply, NULL);
    assert_server_free();
}

/* ----------------------------------------------------------- levelling */

/* Levelling the plan runs to its budget: mgr's last task always has a
 * successor of con's, so the lower bound (mgr's work) is out of reach. */
static void test_level_stops_at_the_deadline(void **state)
{
    (void)state;
    Pmo__V1__LevelRequest in = PMO__V1__LEVEL_REQUEST__INIT;
    in.program = PROGRAM;
    in.max_schedules = LONG_SCHEDULES / 40;
    int64_t t0 = it_now_ms();
    Pmo__V1__ResponseEnvelope *reply =
        call_by("pmo.v1.ScheduleService/Level", view_token, IT_CALL_TIMEOUT_MS,
                &in.base, PMO_OK);
    double whole_ms = (double)(it_now_ms() - t0) * 40;
    Pmo__V1__LevelResponse *l = pmo__v1__level_response__unpack(
        NULL, reply->payload.len, reply->payload.data);
    assert_non_null(l);
    assert_int_equal(l->schedules, in.max_schedules);
    print_message("levelling with %d schedules would take about %.0f ms\n",
                  LONG_SCHEDULES, whole_ms);
    assert_true(whole_ms > DEADLINE_MS + ANSWER_WITHIN_MS);
    pmo__v1__level_response__free_unpacked(l, NULL);
    pmo__v1__response_envelope__free_unpacked(reply, NULL);

    in.max_schedules = LONG_SCHEDULES;
    reply = call_by("pmo.v1.ScheduleService/Level", view_token, DEADLINE_MS,
                    &in.base, PMO_DEADLINE_EXCEEDED);
    it_assert_contains(reply->message, "levelling");
    it_assert_contains(reply->message, "deadline");
    pmo__v1__response_envelope__free_unpacked(reply, NULL);
    assert_server_free();
}

/* --------------------------------------------------------------- SQL */

/*
 * A psql of its own holds work item 1 locked for ten seconds, until
 * lock_release cancels it. Returns its process id once the lock is held.
 */
static pid_t lock_hold(void)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "BEGIN; SELECT 1 FROM work_items WHERE program_id = %lld"
             " AND number = 1 FOR UPDATE; SELECT pg_sleep(10); COMMIT;",
             (long long)fx.program_id);
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        fail_msg("fork failed");
    if (pid == 0) {
        /* Its error when lock_release cancels it is expected. */
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 2);
        execlp("psql", "psql", "-X", "-q", "-o", "/dev/null", "-d",
               it_env("PMO_TEST_DB"), "-c", sql, (char *)NULL);
        _exit(127);
    }
    for (int tries = 0; tries < 200; tries++) {
        if (it_work_sql_int("SELECT count(*) FROM pg_stat_activity"
                            " WHERE wait_event = 'PgSleep'") > 0)
            return pid;
        it_sleep_ms(25);
    }
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
    fail_msg("the locking session never started sleeping");
    return -1;
}

static void lock_release(pid_t pid)
{
    it_sql(NULL, 0,
           "SELECT pg_cancel_backend(pid) FROM pg_stat_activity"
           " WHERE wait_event = 'PgSleep'");
    waitpid(pid, NULL, 0);
}

static Pmo__V1__UpdateWorkItemRequest *
retitle(Pmo__V1__UpdateWorkItemRequest *in, Pmo__V1__WorkItem *item,
        const char *title)
{
    static char *mask[] = {"title"};
    pmo__v1__update_work_item_request__init(in);
    pmo__v1__work_item__init(item);
    item->title = (char *)title;
    in->ref = PROGRAM "-1";
    in->item = item;
    in->expected_version = 1;
    in->n_update_mask = 1;
    in->update_mask = mask;
    return in;
}

static void test_statement_cancelled_at_the_deadline(void **state)
{
    (void)state;
    Pmo__V1__UpdateWorkItemRequest in;
    Pmo__V1__WorkItem item;
    pid_t locker = lock_hold();
    Pmo__V1__ResponseEnvelope *reply =
        call_by("pmo.v1.WorkService/UpdateWorkItem", mgr_token, 300,
                &retitle(&in, &item, "Blocked")->base, PMO_DEADLINE_EXCEEDED);
    it_assert_contains(reply->message, "timed out");
    pmo__v1__response_envelope__free_unpacked(reply, NULL);
    lock_release(locker);

    /* Nothing half written, and the same write goes through now. */
    assert_int_equal(it_work_sql_int("SELECT version FROM work_items"
                                     " WHERE program_id = %lld AND number = 1",
                                     (long long)fx.program_id),
                     1);
    reply = call_by("pmo.v1.WorkService/UpdateWorkItem", mgr_token, 5000,
                    &retitle(&in, &item, "Free")->base, PMO_OK);
    pmo__v1__response_envelope__free_unpacked(reply, NULL);
    assert_server_free();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forecast_stops_at_the_deadline),
        cmocka_unit_test(test_level_stops_at_the_deadline),
        cmocka_unit_test(test_statement_cancelled_at_the_deadline),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
