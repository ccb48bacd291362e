/* tests/unit/test_crypto.c - unit tests for common/crypto. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "common/crypto.h"

#define TEST_ITERATIONS 1000

/* Computed outside pmo (PBKDF2-HMAC-SHA256 of "correct-horse", salt
 * 00112233..ff, 1000 rounds), so the format is checked against an
 * independent implementation and not only against itself. */
#define KNOWN_STORED                                                           \
    "pbkdf2-sha256$1000$00112233445566778899aabbccddeeff$"                     \
    "8d0e446b97cda4b9cc19d43d230bd4c4cebfacb30bf5b998c9f25ce5650d4d94"

static const char password_alphabet[] =
    "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

static const char b64url_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

typedef struct named_text {
    const char *name;
    const char *text;
} named_text;

static void test_sha256_known_vectors(void **state)
{
    static const struct {
        const char *input;
        const char *hex;
    } cases[] = {
        {"abc",
         "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"",
         "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    };
    char hex[CRYPTO_SHA256_HEX_LEN + 1];

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        crypto_sha256_hex(cases[i].input, strlen(cases[i].input), hex);
        assert_string_equal(hex, cases[i].hex);
    }
}

static void test_sha256_raw_matches_hex(void **state)
{
    uint8_t digest[CRYPTO_SHA256_LEN];
    char from_raw[CRYPTO_SHA256_HEX_LEN + 1];
    char direct[CRYPTO_SHA256_HEX_LEN + 1];

    crypto_sha256("abc", 3, digest);
    assert_int_equal(digest[0], 0xba);
    assert_int_equal(digest[CRYPTO_SHA256_LEN - 1], 0xad);
    crypto_hex(digest, sizeof digest, from_raw);
    crypto_sha256_hex("abc", 3, direct);
    assert_string_equal(from_raw, direct);
}

static void test_hex_encodes_lower_case(void **state)
{
    static const uint8_t bytes[] = {0x00, 0x0f, 0xa5, 0xff, 0x10};
    char out[2 * sizeof bytes + 1];

    crypto_hex(bytes, sizeof bytes, out);
    assert_string_equal(out, "000fa5ff10");
}

static void test_hex_empty_is_empty_string(void **state)
{
    char out[1] = {'x'};

    crypto_hex((const uint8_t *)"", 0, out);
    assert_string_equal(out, "");
}

static void test_random_fills_and_differs(void **state)
{
    uint8_t a[32] = {0};
    uint8_t b[32] = {0};

    assert_int_equal(crypto_random(a, sizeof a), 0);
    assert_int_equal(crypto_random(b, sizeof b), 0);
    assert_memory_not_equal(a, b, sizeof a);
    assert_int_equal(crypto_random(a, 0), 0);
}

static void test_token_shape(void **state)
{
    char token[CRYPTO_TOKEN_TEXT_LEN + 1];

    assert_int_equal(crypto_token_new(token), 0);
    assert_int_equal(strlen(token), CRYPTO_TOKEN_TEXT_LEN);
    assert_int_equal(strspn(token, b64url_alphabet), CRYPTO_TOKEN_TEXT_LEN);
    assert_true(crypto_token_well_formed(token));
}

/* 256 bits leave 2 unused low bits in the last of 43 characters; a
 * wrongly shifted tail group in the encoder would set them. */
static void test_token_last_char_is_canonical(void **state)
{
    static const char canonical_last[] = "AEIMQUYcgkosw048";
    char token[CRYPTO_TOKEN_TEXT_LEN + 1];

    for (int i = 0; i < 200; i++) {
        assert_int_equal(crypto_token_new(token), 0);
        assert_non_null(
            strchr(canonical_last, token[CRYPTO_TOKEN_TEXT_LEN - 1]));
    }
}

static void test_token_unique(void **state)
{
    enum { N = 64 };
    char tokens[N][CRYPTO_TOKEN_TEXT_LEN + 1];

    for (int i = 0; i < N; i++) {
        assert_int_equal(crypto_token_new(tokens[i]), 0);
        for (int j = 0; j < i; j++)
            assert_string_not_equal(tokens[i], tokens[j]);
    }
}

static void test_token_digest_is_sha256_of_text(void **state)
{
    char token[CRYPTO_TOKEN_TEXT_LEN + 1];
    char digest[CRYPTO_SHA256_HEX_LEN + 1];
    char expect[CRYPTO_SHA256_HEX_LEN + 1];

    assert_int_equal(crypto_token_new(token), 0);
    crypto_token_digest(token, digest);
    crypto_sha256_hex(token, strlen(token), expect);
    assert_string_equal(digest, expect);
    assert_int_equal(strlen(digest), CRYPTO_SHA256_HEX_LEN);
}

static void test_token_well_formed_rejects(void **state)
{
    static const named_text cases[] = {
        {"empty", ""},
        {"one short", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
        {"one long", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
        {"plus", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+"},
        {"slash", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/"},
        {"padding", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="},
        {"space", "AAAAAAAAAAAAAAAAAAAAA AAAAAAAAAAAAAAAAAAAAA"},
        {"trailing newline", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"},
        {"non-ascii", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\xc3\xa9"},
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (crypto_token_well_formed(cases[i].text))
            fail_msg("accepted token case '%s'", cases[i].name);
    }
    assert_false(crypto_token_well_formed(NULL));
    assert_true(crypto_token_well_formed(
        "Az09-_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
}

static void test_password_round_trip(void **state)
{
    char stored[CRYPTO_PASSWORD_HASH_MAX];

    assert_int_equal(
        crypto_password_hash("correct-horse", TEST_ITERATIONS, stored), 0);
    assert_true(crypto_password_verify("correct-horse", stored));
}

static void test_password_empty_round_trip(void **state)
{
    char stored[CRYPTO_PASSWORD_HASH_MAX];

    assert_int_equal(crypto_password_hash("", TEST_ITERATIONS, stored), 0);
    assert_true(crypto_password_verify("", stored));
    assert_false(crypto_password_verify(" ", stored));
}

static void test_password_wrong_rejected(void **state)
{
    static const char *const wrong[] = {
        "correct-hors", "correct-horse ", "Correct-horse", "", "x",
    };
    char stored[CRYPTO_PASSWORD_HASH_MAX];

    assert_int_equal(
        crypto_password_hash("correct-horse", TEST_ITERATIONS, stored), 0);
    for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
        if (crypto_password_verify(wrong[i], stored))
            fail_msg("accepted wrong password '%s'", wrong[i]);
    }
    assert_false(crypto_password_verify(NULL, stored));
}

static void test_password_hash_format(void **state)
{
    char stored[CRYPTO_PASSWORD_HASH_MAX];
    unsigned iterations = 0;
    char salt[64];
    char key[128];
    char tail = 0;

    assert_int_equal(
        crypto_password_hash("correct-horse", TEST_ITERATIONS, stored), 0);
    assert_int_equal(sscanf(stored,
                            "pbkdf2-sha256$%u$%63[0-9a-f]$%127[0-9a-f]%c",
                            &iterations, salt, key, &tail),
                     3);
    assert_int_equal(iterations, TEST_ITERATIONS);
    assert_int_equal(strlen(salt), 32);
    assert_int_equal(strlen(key), 64);
}

static void test_password_iterations_preserved(void **state)
{
    char stored[CRYPTO_PASSWORD_HASH_MAX];

    assert_int_equal(crypto_password_hash("pw", 1234, stored), 0);
    assert_non_null(strstr(stored, "pbkdf2-sha256$1234$"));
    assert_true(crypto_password_verify("pw", stored));
}

static void test_password_default_iterations(void **state)
{
    char stored[CRYPTO_PASSWORD_HASH_MAX];
    char prefix[64];

    snprintf(prefix, sizeof prefix, "pbkdf2-sha256$%u$",
             (unsigned)CRYPTO_PBKDF2_ITERATIONS);
    assert_int_equal(crypto_password_hash("correct-horse", 0, stored), 0);
    assert_memory_equal(stored, prefix, strlen(prefix));
    assert_true(crypto_password_verify("correct-horse", stored));
}

static void test_password_salt_differs(void **state)
{
    char a[CRYPTO_PASSWORD_HASH_MAX];
    char b[CRYPTO_PASSWORD_HASH_MAX];

    assert_int_equal(crypto_password_hash("same", TEST_ITERATIONS, a), 0);
    assert_int_equal(crypto_password_hash("same", TEST_ITERATIONS, b), 0);
    assert_string_not_equal(a, b);
}

static void test_password_verify_known_hash(void **state)
{
    assert_true(crypto_password_verify("correct-horse", KNOWN_STORED));
    assert_false(crypto_password_verify("correct-horsf", KNOWN_STORED));
}

/* Each case changes one thing in KNOWN_STORED, which verifies; so a case
 * that verified would mean the parser let that one defect through. */
static void test_password_malformed_stored(void **state)
{
#define SALT "00112233445566778899aabbccddeeff"
#define KEY  "8d0e446b97cda4b9cc19d43d230bd4c4cebfacb30bf5b998c9f25ce5650d4d94"
    static const named_text cases[] = {
        {"empty", ""},
        {"scheme only", "pbkdf2-sha256$"},
        {"other scheme", "pbkdf2-sha1$1000$" SALT "$" KEY},
        {"upper-case scheme", "PBKDF2-SHA256$1000$" SALT "$" KEY},
        {"leading space", " pbkdf2-sha256$1000$" SALT "$" KEY},
        {"no iterations", "pbkdf2-sha256$$" SALT "$" KEY},
        {"zero iterations", "pbkdf2-sha256$0$" SALT "$" KEY},
        {"leading zero", "pbkdf2-sha256$01000$" SALT "$" KEY},
        {"signed iterations", "pbkdf2-sha256$+1000$" SALT "$" KEY},
        {"negative iterations", "pbkdf2-sha256$-1000$" SALT "$" KEY},
        {"hex iterations", "pbkdf2-sha256$0x3e8$" SALT "$" KEY},
        {"too many iterations", "pbkdf2-sha256$10000001$" SALT "$" KEY},
        {"overflowing iterations",
         "pbkdf2-sha256$99999999999999999999999$" SALT "$" KEY},
        {"missing salt", "pbkdf2-sha256$1000$$" KEY},
        {"missing key", "pbkdf2-sha256$1000$" SALT "$"},
        {"missing key field", "pbkdf2-sha256$1000$" SALT},
        {"short salt", "pbkdf2-sha256$1000$"
                       "00112233445566778899aabbccddeef"
                       "$" KEY},
        {"long salt", "pbkdf2-sha256$1000$" SALT "00$" KEY},
        {"upper-case salt",
         "pbkdf2-sha256$1000$00112233445566778899AABBCCDDEEFF$" KEY},
        {"non-hex salt",
         "pbkdf2-sha256$1000$0011223344556677889gaabbccddeeff$" KEY},
        {"short key",
         "pbkdf2-sha256$1000$" SALT "$"
         "8d0e446b97cda4b9cc19d43d230bd4c4cebfacb30bf5b998c9f25ce5650d4d9"},
        {"long key", "pbkdf2-sha256$1000$" SALT "$" KEY "00"},
        {"trailing dollar", "pbkdf2-sha256$1000$" SALT "$" KEY "$"},
        {"trailing newline", "pbkdf2-sha256$1000$" SALT "$" KEY "\n"},
        {"extra field", "pbkdf2-sha256$1000$" SALT "$" KEY "$x"},
        {"wrong separator", "pbkdf2-sha256:1000:" SALT ":" KEY},
        {"fields swapped", "pbkdf2-sha256$1000$" KEY "$" SALT},
    };
#undef SALT
#undef KEY

    assert_true(crypto_password_verify("correct-horse", KNOWN_STORED));
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (crypto_password_verify("correct-horse", cases[i].text))
            fail_msg("accepted malformed hash '%s'", cases[i].name);
    }
    assert_false(crypto_password_verify("correct-horse", NULL));
}

static void test_equal(void **state)
{
    assert_true(crypto_equal("abcd", "abcd", 4));
    assert_false(crypto_equal("abcd", "abce", 4));
    assert_false(crypto_equal("abcd", "bbcd", 4));
    assert_true(crypto_equal("abcd", "abce", 3));
    assert_true(crypto_equal("a", "b", 0));
}

static void test_password_generate_shape(void **state)
{
    char pw[21];

    assert_int_equal(crypto_password_generate(pw), 0);
    assert_int_equal(strlen(pw), 20);
    assert_int_equal(strspn(pw, password_alphabet), 20);
    assert_null(strpbrk(pw, "0O1lI"));
}

static void test_password_generate_differs(void **state)
{
    char a[21];
    char b[21];

    assert_int_equal(crypto_password_generate(a), 0);
    assert_int_equal(crypto_password_generate(b), 0);
    assert_string_not_equal(a, b);
}

/* 40,000 draws over 57 symbols: an unreachable symbol (an off-by-one in
 * the rejection bound or the index) would show as a zero count. */
static void test_password_generate_covers_alphabet(void **state)
{
    size_t counts[256] = {0};
    char pw[21];

    for (int i = 0; i < 2000; i++) {
        assert_int_equal(crypto_password_generate(pw), 0);
        for (const char *p = pw; *p; p++)
            counts[(unsigned char)*p]++;
    }
    for (const char *p = password_alphabet; *p; p++) {
        if (counts[(unsigned char)*p] == 0)
            fail_msg("character '%c' never generated", *p);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256_known_vectors),
        cmocka_unit_test(test_sha256_raw_matches_hex),
        cmocka_unit_test(test_hex_encodes_lower_case),
        cmocka_unit_test(test_hex_empty_is_empty_string),
        cmocka_unit_test(test_random_fills_and_differs),
        cmocka_unit_test(test_token_shape),
        cmocka_unit_test(test_token_last_char_is_canonical),
        cmocka_unit_test(test_token_unique),
        cmocka_unit_test(test_token_digest_is_sha256_of_text),
        cmocka_unit_test(test_token_well_formed_rejects),
        cmocka_unit_test(test_password_round_trip),
        cmocka_unit_test(test_password_empty_round_trip),
        cmocka_unit_test(test_password_wrong_rejected),
        cmocka_unit_test(test_password_hash_format),
        cmocka_unit_test(test_password_iterations_preserved),
        cmocka_unit_test(test_password_default_iterations),
        cmocka_unit_test(test_password_salt_differs),
        cmocka_unit_test(test_password_verify_known_hash),
        cmocka_unit_test(test_password_malformed_stored),
        cmocka_unit_test(test_equal),
        cmocka_unit_test(test_password_generate_shape),
        cmocka_unit_test(test_password_generate_differs),
        cmocka_unit_test(test_password_generate_covers_alphabet),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
