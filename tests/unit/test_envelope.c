/* tests/unit/test_envelope.c - envelope limits, packing and method paths. */
#include "common/arena.h"
#include "common/envelope.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static size_t pack_request(const Pmo__V1__RequestEnvelope *req, uint8_t **out)
{
    size_t len = pmo__v1__request_envelope__get_packed_size(req);
    *out = malloc(len ? len : 1);
    pmo__v1__request_envelope__pack(req, *out);
    return len;
}

static void test_request_round_trip(void **state)
{
    Pmo__V1__RequestEnvelope req = PMO__V1__REQUEST_ENVELOPE__INIT;
    req.id = 42;
    req.method = "pmo.v1.AuthService/Login";
    req.auth_token = "";
    req.timeout_ms = 1500;
    req.idempotency_key = "k1";
    uint8_t payload[] = {1, 2, 3};
    req.payload.data = payload;
    req.payload.len = sizeof(payload);
    uint8_t *buf;
    size_t len = pack_request(&req, &buf);

    arena a;
    arena_init(&a);
    char why[160];
    Pmo__V1__RequestEnvelope *got =
        envelope_request_unpack(&a, buf, len, why, sizeof(why));
    assert_non_null(got);
    assert_int_equal(got->id, 42);
    assert_string_equal(got->method, "pmo.v1.AuthService/Login");
    assert_int_equal(got->timeout_ms, 1500);
    assert_string_equal(got->idempotency_key, "k1");
    assert_int_equal(got->payload.len, 3);
    assert_memory_equal(got->payload.data, payload, 3);
    arena_fini(&a);
    free(buf);
}

static void test_garbage_is_refused(void **state)
{
    arena a;
    arena_init(&a);
    char why[160] = "";
    const uint8_t garbage[] = {0xff, 0xff, 0xff, 0xff, 0x0f, 0x01};
    assert_null(envelope_request_unpack(&a, garbage, sizeof(garbage), why,
                                        sizeof(why)));
    assert_string_equal(why, "not a pmo.v1.RequestEnvelope");
    arena_fini(&a);
}

static void test_oversized_message_is_refused(void **state)
{
    arena a;
    arena_init(&a);
    char why[160] = "";
    static const uint8_t byte = 0;
    assert_null(envelope_request_unpack(&a, &byte, ENVELOPE_MAX_MESSAGE + 1,
                                        why, sizeof(why)));
    assert_non_null(strstr(why, "exceeds the limit"));
    arena_fini(&a);
}

typedef struct field_case {
    const char *name;
    const char *method;
    size_t token_len;
    size_t key_len;
    const char *expect; /* substring of the reason; NULL: accepted */
} field_case;

static const field_case field_cases[] = {
    {"valid", "pmo.v1.Meta/Info", 43, 32, NULL},
    {"no slash", "pmo.v1.MetaInfo", 0, 0, "method:"},
    {"empty method", "", 0, 0, "method:"},
    {"two slashes", "a/b/c", 0, 0, "method:"},
    {"leading slash", "/Info", 0, 0, "method:"},
    {"space", "pmo.v1.Meta/In fo", 0, 0, "method:"},
    {"token too long", "pmo.v1.Meta/Info", ENVELOPE_MAX_TOKEN + 1, 0,
     "auth_token:"},
    {"key too long", "pmo.v1.Meta/Info", 0, ENVELOPE_MAX_IDEMPOTENCY_KEY + 1,
     "idempotency_key:"},
};

static char *repeat_char(char c, size_t n)
{
    char *s = malloc(n + 1);
    memset(s, c, n);
    s[n] = '\0';
    return s;
}

static void test_fields_are_bounded(void **state)
{
    for (size_t i = 0; i < sizeof(field_cases) / sizeof(field_cases[0]); i++) {
        const field_case *fc = &field_cases[i];
        Pmo__V1__RequestEnvelope req = PMO__V1__REQUEST_ENVELOPE__INIT;
        req.method = (char *)fc->method;
        req.auth_token = repeat_char('t', fc->token_len);
        req.idempotency_key = repeat_char('k', fc->key_len);
        uint8_t *buf;
        size_t len = pack_request(&req, &buf);
        arena a;
        arena_init(&a);
        char why[160] = "";
        Pmo__V1__RequestEnvelope *got =
            envelope_request_unpack(&a, buf, len, why, sizeof(why));
        if (fc->expect == NULL) {
            if (got == NULL)
                fail_msg("case \"%s\" refused: %s", fc->name, why);
        } else if (got != NULL || strstr(why, fc->expect) == NULL) {
            fail_msg("case \"%s\": expected refusal mentioning %s, got \"%s\"",
                     fc->name, fc->expect, why);
        }
        arena_fini(&a);
        free(buf);
        free(req.auth_token);
        free(req.idempotency_key);
    }
}

static void test_pack_msg_matches_protobuf(void **state)
{
    Pmo__V1__ResponseEnvelope resp = PMO__V1__RESPONSE_ENVELOPE__INIT;
    resp.id = 7;
    resp.code = PMO__V1__STATUS_CODE__NOT_FOUND;
    resp.message = "no user bob";
    nng_msg *msg;
    assert_int_equal(envelope_pack_msg(&resp.base, &msg), 0);
    arena a;
    arena_init(&a);
    Pmo__V1__ResponseEnvelope *got =
        envelope_response_unpack(&a, nng_msg_body(msg), nng_msg_len(msg));
    assert_non_null(got);
    assert_int_equal(got->id, 7);
    assert_int_equal(got->code, PMO__V1__STATUS_CODE__NOT_FOUND);
    assert_string_equal(got->message, "no user bob");
    arena_fini(&a);
    nng_msg_free(msg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_request_round_trip),
        cmocka_unit_test(test_garbage_is_refused),
        cmocka_unit_test(test_oversized_message_is_refused),
        cmocka_unit_test(test_fields_are_bounded),
        cmocka_unit_test(test_pack_msg_matches_protobuf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
