/*
 * tests/unit/test_aead.c - sealing event-stream messages: a sealed
 * message opens with its key and topic only, and any changed byte is
 * refused.
 */
#include "common/aead.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

static const uint8_t key[AEAD_KEY_LEN] = {1, 2, 3};
static const uint8_t other_key[AEAD_KEY_LEN] = {9};
static const uint8_t nonce[AEAD_NONCE_LEN] = {0, 0, 0, 0, 0, 0,
                                              0, 0, 0, 0, 0, 1};
static const char topic[] = "0123456789abcdef0123456789abcdef";
static const char plain[] = "program BETA, work_item BETA-1";

static size_t seal(uint8_t *out)
{
    assert_int_equal(
        aead_seal(key, nonce, topic, strlen(topic), plain, strlen(plain), out),
        0);
    return strlen(plain) + AEAD_OVERHEAD;
}

static void test_opens_with_its_key_and_topic(void **state)
{
    (void)state;
    uint8_t sealed[128], opened[128];
    size_t len = seal(sealed), n = 0;
    assert_null(memmem(sealed, len, "BETA", 4));
    assert_int_equal(
        aead_open(key, topic, strlen(topic), sealed, len, opened, &n), 0);
    assert_int_equal(n, strlen(plain));
    assert_memory_equal(opened, plain, n);
}

static const struct {
    const char *name;
    size_t flip; /* byte to change; SIZE_MAX: none */
    bool other_key, other_topic, cut;
} refusals[] = {
    {"another key", SIZE_MAX, true, false, false},
    {"another topic", SIZE_MAX, false, true, false},
    {"a changed nonce", 0, false, false, false},
    {"a changed ciphertext byte", AEAD_NONCE_LEN + 3, false, false, false},
    {"a changed tag", AEAD_NONCE_LEN + sizeof(plain) - 1 + 2, false, false,
     false},
    {"a message cut short", SIZE_MAX, false, false, true},
};

static void test_refuses_what_was_not_sealed_so(void **state)
{
    (void)state;
    for (size_t c = 0; c < sizeof(refusals) / sizeof(refusals[0]); c++) {
        uint8_t sealed[128], opened[128];
        size_t len = seal(sealed), n = 0;
        if (refusals[c].flip != SIZE_MAX)
            sealed[refusals[c].flip] ^= 0x40;
        const char *t = refusals[c].other_topic
                            ? "ffffffffffffffffffffffffffffffff"
                            : topic;
        if (aead_open(refusals[c].other_key ? other_key : key, t, strlen(t),
                      sealed, refusals[c].cut ? AEAD_OVERHEAD - 1 : len, opened,
                      &n) != -1)
            fail_msg("%s was opened", refusals[c].name);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_opens_with_its_key_and_topic),
        cmocka_unit_test(test_refuses_what_was_not_sealed_so),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
