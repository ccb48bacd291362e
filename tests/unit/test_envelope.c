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

/* Envelope strings are checked on the wire, where a NUL still shows. */
typedef struct text_case {
    const char *name;
    const uint8_t *bytes;
    size_t len;
    const char *expect;
} text_case;

static void test_envelope_strings_are_text(void **state)
{
    /* method "pmo.v1.Meta/Info", then the field under test. */
#define INFO_METHOD "\x12\x10pmo.v1.Meta/Info"
    static const uint8_t nul_key[] = INFO_METHOD "\x2a\x03k\0k";
    static const uint8_t latin1_token[] = INFO_METHOD "\x1a\x02\xe9t";
    static const uint8_t nul_method[] = "\x12\x11pmo.v1.Meta/Info\0";
#undef INFO_METHOD
    static const text_case cases[] = {
        {"NUL in the idempotency key", nul_key, sizeof(nul_key) - 1,
         "idempotency_key: contains a NUL byte at byte 1"},
        {"latin-1 token", latin1_token, sizeof(latin1_token) - 1,
         "auth_token: is not valid UTF-8 at byte 0"},
        {"NUL after a good method", nul_method, sizeof(nul_method) - 1,
         "method: contains a NUL byte at byte 16"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        arena a;
        arena_init(&a);
        char why[160] = "";
        if (envelope_request_unpack(&a, cases[i].bytes, cases[i].len, why,
                                    sizeof(why)) != NULL)
            fail_msg("%s: accepted", cases[i].name);
        if (strcmp(why, cases[i].expect) != 0)
            fail_msg("%s: \"%s\", expected \"%s\"", cases[i].name, why,
                     cases[i].expect);
        arena_fini(&a);
    }
}

typedef struct peek_case {
    const char *name;
    const uint8_t *bytes;
    size_t len;
    uint64_t id;
} peek_case;

static void test_peek_id_reads_what_it_can(void **state)
{
    static const uint8_t plain[] = {0x08, 0x2a, 0x12, 0x01, 'x'};
    /* A payload said to be 127 bytes long, cut after 2. */
    static const uint8_t cut_after_id[] = {0x08, 0x07, 0x32, 0x7f, 0x01, 0x02};
    static const uint8_t garbage_after_id[] = {0x08, 0x09, 0x0f, 0x13, 0x37};
    static const uint8_t garbage_before_id[] = {0x0f, 0x13, 0x08, 0x09};
    static const uint8_t two_ids[] = {0x08, 0x01, 0x08, 0x02};
    static const uint8_t id_after_payload[] = {0x32, 0x02, 0xff, 0x00,
                                               0x08, 0x96, 0x01};
    static const uint8_t id_as_string[] = {0x0a, 0x01, 0x05};
    static const peek_case cases[] = {
        {"plain", plain, sizeof(plain), 42},
        {"cut short after the id", cut_after_id, sizeof(cut_after_id), 7},
        {"garbage after the id", garbage_after_id, sizeof(garbage_after_id), 9},
        {"garbage before the id", garbage_before_id, sizeof(garbage_before_id),
         0},
        {"the last id counts, as in unpack", two_ids, sizeof(two_ids), 2},
        {"id after the payload", id_after_payload, sizeof(id_after_payload),
         150},
        {"id of the wrong wire type", id_as_string, sizeof(id_as_string), 0},
        {"empty", NULL, 0, 0},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        uint64_t got = envelope_request_peek_id(cases[i].bytes, cases[i].len);
        if (got != cases[i].id)
            fail_msg("%s: id %llu, expected %llu", cases[i].name,
                     (unsigned long long)got, (unsigned long long)cases[i].id);
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
        cmocka_unit_test(test_envelope_strings_are_text),
        cmocka_unit_test(test_peek_id_reads_what_it_can),
        cmocka_unit_test(test_pack_msg_matches_protobuf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
