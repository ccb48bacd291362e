/*
 * tests/unit/test_gzip.c - gzip members in and out of memory: a round
 * trip, and each way a member is refused (cut short, corrupt, followed by
 * other bytes, growing past the bound) with the reason.
 */
#include "common/gzip.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static uint8_t *text_make(size_t n)
{
    uint8_t *t = malloc(n);
    assert_non_null(t);
    for (size_t i = 0; i < n; i++)
        t[i] = (uint8_t)("<Task><UID>"[i % 11] + (i / 4096) % 3);
    return t;
}

static void test_round_trip(void **state)
{
    static const size_t sizes[] = {0, 1, 1000, 3u << 20};
    for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
        uint8_t *text = text_make(sizes[k] ? sizes[k] : 1), *packed, *back;
        size_t packed_len, back_len;
        char why[200];
        gzip_compress(text, sizes[k], &packed, &packed_len);
        assert_true(gzip_is(packed, packed_len));
        assert_int_equal(gzip_decompress(packed, packed_len, 8u << 20, &back,
                                         &back_len, why, sizeof(why)),
                         0);
        assert_int_equal(back_len, sizes[k]);
        if (sizes[k])
            assert_memory_equal(back, text, sizes[k]);
        assert_int_equal(back[back_len], 0);
        free(text);
        free(packed);
        free(back);
    }
    assert_false(gzip_is("<?xml", 5));
    assert_false(gzip_is("\x1f", 1));
}

typedef struct bad_case {
    const char *name;
    size_t cut;   /* bytes dropped from the end */
    size_t flip;  /* byte to corrupt, 0 for none */
    bool trailer; /* bytes appended */
    size_t max;
    const char *why;
} bad_case;

static const bad_case bad_cases[] = {
    {"cut short", 20, 0, false, 8u << 20, "cut short"},
    {"corrupt", 0, 40, false, 8u << 20, "not valid gzip data"},
    {"followed by other bytes", 0, 0, true, 8u << 20, "bytes follow"},
    {"past the bound", 0, 0, false, 1u << 20, "more than 1 MiB"},
};

static void test_refused(void **state)
{
    size_t n = 2u << 20;
    uint8_t *text = text_make(n), *packed, *out = NULL;
    size_t packed_len, out_len;
    gzip_compress(text, n, &packed, &packed_len);
    for (size_t k = 0; k < sizeof(bad_cases) / sizeof(bad_cases[0]); k++) {
        const bad_case *c = &bad_cases[k];
        uint8_t *in = malloc(packed_len + 8);
        memcpy(in, packed, packed_len);
        size_t len = packed_len - c->cut;
        if (c->flip)
            in[c->flip] ^= 0xff;
        if (c->trailer) {
            memcpy(in + len, "trailer", 7);
            len += 7;
        }
        char why[200] = "";
        if (gzip_decompress(in, len, c->max, &out, &out_len, why,
                            sizeof(why)) == 0)
            fail_msg("%s: decompressed", c->name);
        if (strstr(why, c->why) == NULL)
            fail_msg("%s: said \"%s\"", c->name, why);
        free(in);
    }
    free(text);
    free(packed);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
