/*
 * tests/unit/test_money.c - ISO 4217 codes and exponents, exact parsing
 * with half-to-even rounding, formatting, and sums at the int64 limit.
 */
#include "common/money.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

static void test_currencies(void **state)
{
    (void)state;
    static const struct {
        const char *code;
        int exponent;
    } known[] = {{"USD", 2}, {"EUR", 2}, {"JPY", 0}, {"BHD", 3},
                 {"KWD", 3}, {"CLF", 4}, {"ISK", 0}, {"XOF", 0}};
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        const money_currency *c = money_currency_find(known[i].code);
        assert_non_null(c);
        assert_int_equal(c->exponent, known[i].exponent);
    }
    static const char *const unknown[] = {"usd",  "XAU", "XXX", "US",
                                          "USDX", "",    "ABC"};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++)
        assert_null(money_currency_find(unknown[i]));
}

static void test_parse(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int exponent;
        int64_t want;
    } cases[] = {
        {"12345.67", 2, 1234567},
        {"12,345.67", 2, 1234567},
        {"0.125", 2, 12},
        {"0.135", 2, 14},
        {"0.1251", 2, 13},
        {"2.5", 0, 2},
        {"3.5", 0, 4},
        {"1e3", 2, 100000},
        {"1.5e-2", 2, 2},
        {"0.0005", 2, 0},
        {"7", 3, 7000},
        {"0", 2, 0},
        {"+4.2", 2, 420},
        {".5", 2, 50},
        {"92233720368547758.07", 2, INT64_MAX},
        {"9223372036854775807", 0, INT64_MAX},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t v = -1;
        char why[120];
        assert_int_equal(
            money_parse(cases[i].text, cases[i].exponent, &v, why, sizeof why),
            0);
        assert_true(v == cases[i].want);
    }
    static const char *const bad[] = {
        "-1",   "abc", "", "1,2", ",5", "1.2.3", "92233720368547758.08",
        "1e40", "1e"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t v = 42;
        char why[120];
        assert_int_equal(money_parse(bad[i], 2, &v, why, sizeof why), -1);
        assert_true(v == 42);
        assert_true(why[0] != '\0');
    }
}

/* An amount typed with the program's code is taken; another code never
 * is, whatever its exponent. */
static void test_parse_in(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *code;
        int64_t want;
    } good[] = {
        {"1234.50", "USD", 123450},  {"USD 1234.50", "USD", 123450},
        {"1234.50 USD", "USD", 123450}, {"  USD12 ", "USD", 1200},
        {"JPY 1200", "JPY", 1200},   {"1.234", "BHD", 1234},
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        int64_t v = -1;
        char why[200];
        assert_int_equal(money_parse_in(good[i].text, good[i].code, &v, why,
                                        sizeof why),
                         0);
        assert_true(v == good[i].want);
    }
    static const struct {
        const char *text;
        const char *code;
        const char *says;
    } bad[] = {
        {"EUR 10", "USD", "is in EUR"},
        {"10 EUR", "USD", "is in EUR"},
        {"USD 10", "JPY", "is in USD"},
        {"-5", "USD", "negative"},
        {"USD", "USD", "not an amount"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t v = 42;
        char why[200];
        assert_int_equal(
            money_parse_in(bad[i].text, bad[i].code, &v, why, sizeof why), -1);
        assert_true(v == 42);
        assert_non_null(strstr(why, bad[i].says));
    }
}

static void test_doubles(void **state)
{
    (void)state;
    int64_t v;
    assert_int_equal(money_from_double(1200.5, 2, &v), 0);
    assert_true(v == 120050);
    assert_int_equal(money_from_double(0.1 + 0.2, 2, &v), 0);
    assert_true(v == 30);
    assert_int_equal(money_from_double(0.125, 2, &v), 0);
    assert_true(v == 12);
    assert_int_equal(money_from_double(-1, 2, &v), -1);
    assert_int_equal(money_from_double(NAN, 2, &v), -1);
    assert_int_equal(money_from_double(1e300, 2, &v), -1);
    assert_true(money_to_double(120050, 2) == 1200.5);
    assert_true(money_to_double(5, 0) == 5.0);
}

static void test_format(void **state)
{
    (void)state;
    char text[MONEY_TEXT];
    assert_string_equal(money_format(1234567, 2, text, sizeof text),
                        "12,345.67");
    assert_string_equal(money_format(5, 2, text, sizeof text), "0.05");
    assert_string_equal(money_format(1234567, 0, text, sizeof text),
                        "1,234,567");
    assert_string_equal(money_format(1234567, 3, text, sizeof text),
                        "1,234.567");
    assert_string_equal(money_format(-150, 2, text, sizeof text), "-1.50");
    assert_string_equal(money_format(INT64_MAX, 2, text, sizeof text),
                        "92,233,720,368,547,758.07");
    assert_string_equal(money_format(INT64_MIN, 2, text, sizeof text),
                        "-92,233,720,368,547,758.08");
    assert_string_equal(money_format_code(1234567, "EUR", text, sizeof text),
                        "12,345.67 EUR");
    assert_string_equal(money_format_code(1500, "JPY", text, sizeof text),
                        "1,500 JPY");
}

static void test_sums(void **state)
{
    (void)state;
    int64_t sum = INT64_MAX - 10;
    assert_int_equal(money_add(&sum, 10), 0);
    assert_true(sum == INT64_MAX);
    assert_int_equal(money_add(&sum, 1), -1);
    assert_true(sum == INT64_MAX);
    sum = 0;
    assert_int_equal(money_add(&sum, -1), -1);
    assert_true(sum == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_currencies), cmocka_unit_test(test_parse),
        cmocka_unit_test(test_parse_in),   cmocka_unit_test(test_doubles),    cmocka_unit_test(test_format),
        cmocka_unit_test(test_sums),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
