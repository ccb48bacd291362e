/*
 * tests/unit/test_utf8.c - which byte strings are UTF-8 (and where the
 * first bad one starts), and cutting text on a character boundary.
 */
#include "common/utf8.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

typedef struct utf8_case {
    const char *name;
    const char *bytes;
    size_t len;
    size_t valid; /* what utf8_valid_prefix should return */
} utf8_case;

/* A case over a string literal, NULs inside it included. */
#define CASE(name, lit, valid)                                                 \
    {                                                                          \
        name, lit, sizeof(lit) - 1, valid                                      \
    }

static const utf8_case utf8_cases[] = {
    CASE("empty", "", 0),
    CASE("ascii", "status report", 13),
    CASE("NUL is well-formed", "a\0b", 3),
    CASE("two-byte e-acute", "caf\xc3\xa9", 5),
    CASE("three-byte euro sign", "\xe2\x82\xac", 3),
    CASE("four-byte emoji", "\xf0\x9f\x98\x80", 4),
    CASE("largest code point U+10FFFF", "\xf4\x8f\xbf\xbf", 4),
    CASE("U+FFFF is a code point", "\xef\xbf\xbf", 3),
    CASE("stray continuation byte", "ab\x80", 2),
    CASE("lead byte 0xff", "x\xff", 1),
    CASE("lead byte 0xfe", "\xfe", 0),
    CASE("latin-1 e-acute", "caf\xe9", 3),
    CASE("overlong slash c0 af", "\xc0\xaf", 0),
    CASE("overlong NUL c1 80", "\xc1\x80", 0),
    CASE("overlong three-byte e0 80 af", "\xe0\x80\xaf", 0),
    CASE("overlong four-byte f0 80 80 af", "\xf0\x80\x80\xaf", 0),
    CASE("surrogate U+D800", "ok\xed\xa0\x80", 2),
    CASE("surrogate U+DFFF", "\xed\xbf\xbf", 0),
    CASE("past U+10FFFF", "\xf4\x90\x80\x80", 0),
    CASE("lead byte f5", "\xf5\x80\x80\x80", 0),
    CASE("truncated two-byte at the end", "abc\xc3", 3),
    CASE("truncated four-byte at the end", "\xf0\x9f\x98", 0),
    CASE("two-byte cut by ascii",
         "\xc3"
         "a",
         0),
    CASE("three-byte with bad third byte", "\xe2\x82(", 0),
    CASE("bad sequence after good ones", "\xc3\xa9\xe2\x82\xac\xc3(", 5),
};

static void test_valid_prefix_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(utf8_cases) / sizeof(utf8_cases[0]); i++) {
        const utf8_case *t = &utf8_cases[i];
        size_t got = utf8_valid_prefix(t->bytes, t->len);
        if (got != t->valid)
            fail_msg("%s: valid prefix %zu, expected %zu", t->name, got,
                     t->valid);
    }
}

/* The length bounds the check: bytes past it are not looked at. */
static void test_length_bounds_the_check(void **state)
{
    (void)state;
    const char text[] = "ok\xc3\xa9";
    assert_int_equal(utf8_valid_prefix(text, 2), 2);
    assert_int_equal(utf8_valid_prefix(text, 3), 2);
    assert_int_equal(utf8_valid_prefix(text, 4), 4);
}

typedef struct trim_case {
    const char *name;
    const char *in;
    const char *out;
} trim_case;

static void test_trim_partial_table(void **state)
{
    (void)state;
    static const trim_case cases[] = {
        {"ascii untouched", "abc", "abc"},
        {"whole two-byte kept", "caf\xc3\xa9", "caf\xc3\xa9"},
        {"cut two-byte dropped", "caf\xc3", "caf"},
        {"cut three-byte dropped", "x\xe2\x82", "x"},
        {"cut four-byte dropped", "x\xf0\x9f\x98", "x"},
        {"whole four-byte kept", "x\xf0\x9f\x98\x80", "x\xf0\x9f\x98\x80"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char buf[32];
        strcpy(buf, cases[i].in);
        utf8_trim_partial(buf);
        if (strcmp(buf, cases[i].out) != 0)
            fail_msg("%s: got \"%s\"", cases[i].name, buf);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_prefix_table),
        cmocka_unit_test(test_length_bounds_the_check),
        cmocka_unit_test(test_trim_partial_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
