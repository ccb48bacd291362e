/* tests/integration/test_audit_race.c - AuditVerify while rows are sealed. */
#include "it_audit.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The sealer links new audit rows into the chain in the background while
 * AuditVerify may be reading it. Nothing here tampers with anything, so
 * every answer must say ok; some rows may be reported as still unsealed.
 */
#define N_WRITERS         3
#define LOGINS_PER_WRITER 60
#define WRITER_PASSWORD   "sealing race 1"

typedef struct writer {
    pthread_t thread;
    char username[32];
    char error[600];
} writer;

static volatile int writers_running;

/* Each login writes one audit row, which the sealer then links. */
static void *writer_main(void *arg)
{
    writer *w = arg;
    pmo_client_options opt = {
        .url = getenv("PMO_SERVER"),
        .ca_file = getenv("PMO_CA"),
        .timeout_ms = IT_CALL_TIMEOUT_MS,
    };
    pmo_client *c = NULL;
    pmo_result res;
    int code = pmo_client_open(&opt, &c, &res);
    for (int i = 0; code == PMO_OK && i < LOGINS_PER_WRITER; i++)
        code = it_login(c, w->username, WRITER_PASSWORD, NULL, &res);
    if (code != PMO_OK)
        snprintf(w->error, sizeof(w->error), "%s: %s: %s", w->username,
                 pmo_status_name(code), res.message);
    pmo_client_close(c);
    __atomic_sub_fetch(&writers_running, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

static void test_verify_never_reports_a_break_while_sealing(void **state)
{
    static writer writers[N_WRITERS];
    pmo_client *admin = it_connect_admin();
    for (int i = 0; i < N_WRITERS; i++) {
        snprintf(writers[i].username, sizeof(writers[i].username), "writer%d",
                 i);
        it_create_user(admin, writers[i].username, WRITER_PASSWORD);
    }
    writers_running = N_WRITERS;
    for (int i = 0; i < N_WRITERS; i++)
        if (pthread_create(&writers[i].thread, NULL, writer_main,
                           &writers[i]) != 0)
            fail_msg("cannot start writer %d", i);

    int answers = 0, broken = 0;
    char first_problem[300] = "";
    while (__atomic_load_n(&writers_running, __ATOMIC_SEQ_CST) > 0) {
        Pmo__V1__AuditVerifyResponse *v = it_audit_verify(admin);
        answers++;
        if (!v->ok && broken++ == 0)
            snprintf(first_problem, sizeof(first_problem),
                     "seq %lld: %s (%lld rows checked, %lld unsealed)",
                     (long long)v->first_bad_seq, v->problem,
                     (long long)v->rows_checked, (long long)v->rows_unsealed);
        protobuf_c_message_free_unpacked(&v->base, NULL);
    }
    const char *writer_error = NULL;
    for (int i = 0; i < N_WRITERS; i++) {
        pthread_join(writers[i].thread, NULL);
        if (writers[i].error[0] && writer_error == NULL)
            writer_error = writers[i].error;
    }
    print_message("%d AuditVerify answers while sealing\n", answers);
    if (writer_error || broken)
        pmo_client_close(admin);
    if (writer_error)
        fail_msg("writer failed: %s", writer_error);
    if (broken)
        fail_msg("%d of %d AuditVerify answers reported a broken chain "
                 "though nothing was tampered with; the first: %s",
                 broken, answers, first_problem);

    /* And once the sealer is done, the chain verifies. */
    Pmo__V1__AuditVerifyResponse *v = it_audit_wait_sealed(admin);
    it_audit_assert_ok(v);
    assert_true(v->rows_checked >= N_WRITERS * LOGINS_PER_WRITER);
    protobuf_c_message_free_unpacked(&v->base, NULL);
    pmo_client_close(admin);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_verify_never_reports_a_break_while_sealing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
