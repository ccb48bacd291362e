/*
 * common/money.h - money as integer minor units of an ISO 4217 currency:
 * the table of current codes and their exponents, exact decimal parsing
 * and formatting, and sums that never wrap.
 *
 * An amount is an int64_t count of the currency's minor units (cents of
 * USD, yen of JPY, fils of BHD): 12345.67 EUR is 1234567. Money is never
 * a double, except as the deprecated mirror some messages still carry
 * (money_to_double). Both sides link this: the server checks codes and
 * converts, the CLI parses what people type and prints amounts.
 *
 * Pure functions, no allocation, thread-safe.
 */
#ifndef PMO_COMMON_MONEY_H
#define PMO_COMMON_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Every amount lies in 0..MONEY_MAX minor units, and so does every sum
 * pmo keeps (writes that would push one past it are refused). */
#define MONEY_MAX INT64_MAX

/* The currency of a program that names none. */
#define MONEY_DEFAULT_CURRENCY "USD"

/* Room for any formatted amount with its code: "9,223,372,036,854,775,807
 * BHD" and a sign, with space to spare. */
#define MONEY_TEXT 48

typedef struct money_currency {
    char code[4]; /* "EUR" */
    int exponent; /* minor units per major unit = 10^exponent: 0..4 */
} money_currency;

/* The currency of code (three upper-case letters), or NULL if it is not a
 * current ISO 4217 code with minor units. */
const money_currency *money_currency_find(const char *code);

/* The exponent of code, 2 when it is unknown (as for the default). */
int money_exponent(const char *code);

/*
 * Parses a decimal amount in major units ("12345.67", "12,345.67", "1e3",
 * "0.125") into minor units of a currency with the given exponent, exact
 * to the last digit: digits past the exponent are rounded half to even
 * (0.125 USD is 12 cents, 0.135 is 14). Commas between digit groups are
 * taken and ignored. Returns 0 with *out set, or -1 with a reason in why
 * (not a number, negative, past MONEY_MAX).
 */
int money_parse(const char *text, int exponent, int64_t *out, char *why,
                size_t whylen);

/*
 * An amount typed in the currency code: money_parse of the number, which
 * may carry code itself before or after it ("USD 12.50", "12.50 USD").
 * Another code ("EUR 10") is refused, naming both: an amount is never
 * converted. Spaces around the whole are ignored. Returns 0 with *out
 * set, or -1 with a reason in why.
 */
int money_parse_in(const char *text, const char *code, int64_t *out,
                   char *why, size_t whylen);

/*
 * A double in major units as minor units, through its shortest decimal
 * form of 15 significant digits (what a person typed, not the binary
 * fraction nearest to it), rounded half to even as money_parse. Returns
 * 0, or -1 for NaN, infinity, a negative value or one past MONEY_MAX.
 */
int money_from_double(double major, int exponent, int64_t *out);

/* Minor units as the nearest double in major units (the mirror). */
double money_to_double(int64_t minor, int exponent);

/*
 * "12,345.67": minor units in major units with the exponent's digits and
 * commas between thousands; into out (at least MONEY_TEXT bytes).
 * Returns out.
 */
char *money_format(int64_t minor, int exponent, char *out, size_t len);

/* "12,345.67 EUR": the amount and its currency's code. Returns out. */
char *money_format_code(int64_t minor, const char *code, char *out, size_t len);

/* *sum += v unless that would leave 0..MONEY_MAX: returns 0, or -1 with
 * *sum unchanged. */
int money_add(int64_t *sum, int64_t v);

#endif
