/*
 * tests/integration/test_request_text.c - a request's strings are UTF-8
 * text: bytes that are not, or a NUL byte inside a string, are refused as
 * INVALID_ARGUMENT naming the field, before any handler or SQL sees them,
 * and leave no error in the server's log.
 *
 * libpmoclient packs strings with strlen and so cannot send such bytes:
 * each request is packed with a marker where the bad bytes go, and the
 * marker is then overwritten in the packed bytes (same length, so the
 * encoding stays whole), as a foreign client would send them.
 */
#include "it_work.h"
#include "pmo/v1/program.pb-c.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MARKER "@@@"

static it_work fx;

static int group_setup(void **state)
{
    it_work_setup(&fx, "TXT");
    return 0;
}

static int group_teardown(void **state)
{
    it_work_teardown(&fx);
    return 0;
}

/*
 * Packs m, then overwrites its one MARKER with bad, which is as long
 * (NUL bytes included). Returns the bytes (free them) and their length.
 */
static uint8_t *pack_with(const ProtobufCMessage *m, const char bad[3],
                          size_t *len)
{
    *len = protobuf_c_message_get_packed_size(m);
    uint8_t *buf = malloc(*len);
    protobuf_c_message_pack(m, buf);
    uint8_t *at = memmem(buf, *len, MARKER, strlen(MARKER));
    if (at == NULL || memmem(at + 1, *len - (size_t)(at + 1 - buf), MARKER,
                             strlen(MARKER)) != NULL)
        fail_msg("the request must hold " MARKER " exactly once");
    memcpy(at, bad, strlen(MARKER));
    return buf;
}

/* Sends payload to method on c; returns the status, with res set. */
static int send_raw(pmo_client *c, const char *method, const uint8_t *payload,
                    size_t len, pmo_result *res)
{
    void *out = NULL;
    size_t out_len = 0;
    int code = pmo_call_raw(c, method, payload, len, &out, &out_len, res);
    free(out);
    return code;
}

/* The log written since from (a length of it_server_log's text) holds no
 * warning or error: a refused string is the caller's mistake. */
static void assert_log_quiet_since(size_t from)
{
    char *log = it_server_log();
    const char *bad = strstr(log + from, "level=error");
    if (bad == NULL)
        bad = strstr(log + from, "level=warn");
    if (bad) {
        char line[400];
        snprintf(line, sizeof(line), "%.*s", (int)strcspn(bad, "\n"), bad);
        free(log);
        fail_msg("the server logged: %s", line);
    }
    free(log);
}

static size_t log_length(void)
{
    char *log = it_server_log();
    size_t n = strlen(log);
    free(log);
    return n;
}

static void assert_refused(int code, const pmo_result *res, const char *field,
                           const char *problem)
{
    it_assert_code(code, res, PMO_INVALID_ARGUMENT);
    it_assert_violation(res, field);
    it_assert_contains(res->message, field);
    it_assert_contains(res->message, problem);
}

static void test_login_username_not_utf8_is_invalid_argument(void **state)
{
    size_t from = log_length();
    Pmo__V1__LoginRequest in = PMO__V1__LOGIN_REQUEST__INIT;
    in.username = "ren" MARKER;
    in.password = "some password";
    size_t len;
    /* "rene" with a Latin-1 e-acute, as an old terminal sends it. */
    uint8_t *payload = pack_with(&in.base,
                                 "\xe9"
                                 "e!",
                                 &len);
    pmo_client *c = it_connect();
    pmo_result res;
    for (int i = 0; i < 3; i++) {
        int code = send_raw(c, "pmo.v1.AuthService/Login", payload, len, &res);
        assert_refused(code, &res, "username", "is not valid UTF-8 at byte 3");
    }
    free(payload);
    pmo_client_close(c);
    assert_log_quiet_since(from);
}

static void test_nested_title_not_utf8_names_its_path(void **state)
{
    size_t from = log_length();
    Pmo__V1__WorkItem item = PMO__V1__WORK_ITEM__INIT;
    item.program = fx.program;
    item.project = "web";
    item.title = "Plan " MARKER;
    item.kind = PMO__V1__WORK_ITEM_KIND__KIND_TASK;
    Pmo__V1__CreateWorkItemRequest in = PMO__V1__CREATE_WORK_ITEM_REQUEST__INIT;
    in.item = &item;
    size_t len;
    uint8_t *payload = pack_with(&in.base, "\xed\xa0\x80", &len); /* U+D800 */
    pmo_result res;
    int code = send_raw(fx.mgr, "pmo.v1.WorkService/CreateWorkItem", payload,
                        len, &res);
    free(payload);
    assert_refused(code, &res, "item.title", "is not valid UTF-8 at byte 5");
    assert_int_equal(it_work_sql_int("SELECT count(*) FROM work_items"
                                     " WHERE program_id = %lld",
                                     (long long)fx.program_id),
                     0);
    assert_log_quiet_since(from);
}

static void test_repeated_nested_field_names_its_index(void **state)
{
    Pmo__V1__WorkItem items[2] = {PMO__V1__WORK_ITEM__INIT,
                                  PMO__V1__WORK_ITEM__INIT};
    Pmo__V1__PlanItem plan[2] = {PMO__V1__PLAN_ITEM__INIT,
                                 PMO__V1__PLAN_ITEM__INIT};
    Pmo__V1__PlanItem *plan_ptrs[2] = {&plan[0], &plan[1]};
    char *tags[] = {"fine", "q3" MARKER};
    static const char *const keys[] = {"a", "b"};
    for (int i = 0; i < 2; i++) {
        items[i].project = "web";
        items[i].title = "Step";
        items[i].kind = PMO__V1__WORK_ITEM_KIND__KIND_TASK;
        plan[i].key = (char *)keys[i];
        plan[i].item = &items[i];
    }
    items[1].n_tags = 2;
    items[1].tags = tags;
    Pmo__V1__LoadPlanRequest in = PMO__V1__LOAD_PLAN_REQUEST__INIT;
    in.program = fx.program;
    in.n_items = 2;
    in.items = plan_ptrs;
    size_t len;
    uint8_t *payload = pack_with(&in.base, "\xff\xfe\xfd", &len);
    pmo_result res;
    int code =
        send_raw(fx.mgr, "pmo.v1.WorkService/LoadPlan", payload, len, &res);
    free(payload);
    assert_refused(code, &res, "items[1].item.tags[1]",
                   "is not valid UTF-8 at byte 2");
}

/* A NUL would cut the name short; the program must not be made at all. */
static void test_nul_byte_in_a_string_is_invalid_argument(void **state)
{
    size_t from = log_length();
    Pmo__V1__Program p = PMO__V1__PROGRAM__INIT;
    p.key = "NULNAME";
    p.name = "Ab" MARKER "cd";
    Pmo__V1__CreateProgramRequest in = PMO__V1__CREATE_PROGRAM_REQUEST__INIT;
    in.program = &p;
    size_t len;
    uint8_t *payload = pack_with(&in.base, "x\0y", &len);
    pmo_result res;
    int code = send_raw(fx.admin, "pmo.v1.ProgramService/CreateProgram",
                        payload, len, &res);
    free(payload);
    assert_refused(code, &res, "program.name", "contains a NUL byte at byte 3");
    assert_int_equal(it_work_sql_int("SELECT count(*) FROM programs"
                                     " WHERE key = 'NULNAME'"),
                     0);
    assert_log_quiet_since(from);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_login_username_not_utf8_is_invalid_argument),
        cmocka_unit_test(test_nested_title_not_utf8_names_its_path),
        cmocka_unit_test(test_repeated_nested_field_names_its_index),
        cmocka_unit_test(test_nul_byte_in_a_string_is_invalid_argument),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
