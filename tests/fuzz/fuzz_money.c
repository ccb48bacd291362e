/*
 * tests/fuzz/fuzz_money.c - amounts as people type them. The first byte
 * picks the currency's exponent (0 to 3, as ISO 4217 has), the rest is
 * the text. money_parse must refuse or give a value in [0, MONEY_MAX];
 * a parsed value formatted and parsed again must be the same value, and
 * adding it to itself must either fit or be refused, never wrap.
 */
#include "common/money.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    if (len < 1 || len > 256)
        return 0;
    int exponent = data[0] % 4;
    char text[257];
    memcpy(text, data + 1, len - 1);
    text[len - 1] = '\0';
    int64_t minor;
    char why[128];
    if (money_parse(text, exponent, &minor, why, sizeof(why)) != 0)
        return 0;
    if (minor < 0 || minor > MONEY_MAX)
        abort();
    char shown[MONEY_TEXT];
    int64_t again;
    if (money_format(minor, exponent, shown, sizeof(shown)) == NULL ||
        money_parse(shown, exponent, &again, why, sizeof(why)) != 0 ||
        again != minor)
        abort();
    int64_t sum = minor;
    int added = money_add(&sum, minor);
    if (minor <= MONEY_MAX / 2 ? added != 0 || sum != 2 * minor
                               : added == 0 || sum != minor)
        abort();
    return 0;
}
