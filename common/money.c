/*
 * common/money.c - ISO 4217 currencies and exact money arithmetic (see
 * money.h).
 */
#include "common/money.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The current codes of ISO 4217 (list one) that have minor units, with
 * their exponents, sorted by code for bsearch. Codes whose minor unit is
 * "N.A." (gold, SDRs, the testing code) are left out: no amount of them
 * is money a program spends.
 */
static const money_currency money_currencies[] = {
    {"AED", 2}, {"AFN", 2}, {"ALL", 2}, {"AMD", 2}, {"ANG", 2}, {"AOA", 2},
    {"ARS", 2}, {"AUD", 2}, {"AWG", 2}, {"AZN", 2}, {"BAM", 2}, {"BBD", 2},
    {"BDT", 2}, {"BGN", 2}, {"BHD", 3}, {"BIF", 0}, {"BMD", 2}, {"BND", 2},
    {"BOB", 2}, {"BOV", 2}, {"BRL", 2}, {"BSD", 2}, {"BTN", 2}, {"BWP", 2},
    {"BYN", 2}, {"BZD", 2}, {"CAD", 2}, {"CDF", 2}, {"CHE", 2}, {"CHF", 2},
    {"CHW", 2}, {"CLF", 4}, {"CLP", 0}, {"CNY", 2}, {"COP", 2}, {"COU", 2},
    {"CRC", 2}, {"CUP", 2}, {"CVE", 2}, {"CZK", 2}, {"DJF", 0}, {"DKK", 2},
    {"DOP", 2}, {"DZD", 2}, {"EGP", 2}, {"ERN", 2}, {"ETB", 2}, {"EUR", 2},
    {"FJD", 2}, {"FKP", 2}, {"GBP", 2}, {"GEL", 2}, {"GHS", 2}, {"GIP", 2},
    {"GMD", 2}, {"GNF", 0}, {"GTQ", 2}, {"GYD", 2}, {"HKD", 2}, {"HNL", 2},
    {"HTG", 2}, {"HUF", 2}, {"IDR", 2}, {"ILS", 2}, {"INR", 2}, {"IQD", 3},
    {"IRR", 2}, {"ISK", 0}, {"JMD", 2}, {"JOD", 3}, {"JPY", 0}, {"KES", 2},
    {"KGS", 2}, {"KHR", 2}, {"KMF", 0}, {"KPW", 2}, {"KRW", 0}, {"KWD", 3},
    {"KYD", 2}, {"KZT", 2}, {"LAK", 2}, {"LBP", 2}, {"LKR", 2}, {"LRD", 2},
    {"LSL", 2}, {"LYD", 3}, {"MAD", 2}, {"MDL", 2}, {"MGA", 2}, {"MKD", 2},
    {"MMK", 2}, {"MNT", 2}, {"MOP", 2}, {"MRU", 2}, {"MUR", 2}, {"MVR", 2},
    {"MWK", 2}, {"MXN", 2}, {"MXV", 2}, {"MYR", 2}, {"MZN", 2}, {"NAD", 2},
    {"NGN", 2}, {"NIO", 2}, {"NOK", 2}, {"NPR", 2}, {"NZD", 2}, {"OMR", 3},
    {"PAB", 2}, {"PEN", 2}, {"PGK", 2}, {"PHP", 2}, {"PKR", 2}, {"PLN", 2},
    {"PYG", 0}, {"QAR", 2}, {"RON", 2}, {"RSD", 2}, {"RUB", 2}, {"RWF", 0},
    {"SAR", 2}, {"SBD", 2}, {"SCR", 2}, {"SDG", 2}, {"SEK", 2}, {"SGD", 2},
    {"SHP", 2}, {"SLE", 2}, {"SOS", 2}, {"SRD", 2}, {"SSP", 2}, {"STN", 2},
    {"SVC", 2}, {"SYP", 2}, {"SZL", 2}, {"THB", 2}, {"TJS", 2}, {"TMT", 2},
    {"TND", 3}, {"TOP", 2}, {"TRY", 2}, {"TTD", 2}, {"TWD", 2}, {"TZS", 2},
    {"UAH", 2}, {"UGX", 0}, {"USD", 2}, {"USN", 2}, {"UYI", 0}, {"UYU", 2},
    {"UYW", 4}, {"UZS", 2}, {"VED", 2}, {"VES", 2}, {"VND", 0}, {"VUV", 0},
    {"WST", 2}, {"XAF", 0}, {"XCD", 2}, {"XCG", 2}, {"XOF", 0}, {"XPF", 0},
    {"YER", 2}, {"ZAR", 2}, {"ZMW", 2}, {"ZWG", 2},
};
#define MONEY_N_CURRENCIES                                                     \
    (sizeof(money_currencies) / sizeof(money_currencies[0]))

static int money_currency_cmp(const void *key, const void *elem)
{
    return strcmp(key, ((const money_currency *)elem)->code);
}

const money_currency *money_currency_find(const char *code)
{
    if (code == NULL || strlen(code) != 3)
        return NULL;
    return bsearch(code, money_currencies, MONEY_N_CURRENCIES,
                   sizeof(money_currencies[0]), money_currency_cmp);
}

int money_exponent(const char *code)
{
    const money_currency *c = money_currency_find(code);
    return c ? c->exponent : 2;
}

/* ------------------------------------------------------------ parsing */

static bool money_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Three digits and no fourth. */
static bool money_group(const char *p)
{
    return money_digit(p[0]) && money_digit(p[1]) && money_digit(p[2]) &&
           !money_digit(p[3]);
}

/* *v = *v * 10 + d within MONEY_MAX. */
static bool money_push_digit(int64_t *v, int d)
{
    if (*v > (MONEY_MAX - d) / 10)
        return false;
    *v = *v * 10 + d;
    return true;
}

/* The significant digits of a decimal number without its point, and the
 * power of ten they are scaled by: value = digits x 10^scale. */
typedef struct money_digits {
    char d[40];
    size_t n;
    long scale;
} money_digits;

/* Appends digit c (leading zeros are dropped); false past 40 digits,
 * which no amount needs. */
static bool money_digits_add(money_digits *m, char c)
{
    if (m->n == 0 && c == '0')
        return true;
    if (m->n == sizeof(m->d))
        return false;
    m->d[m->n++] = c;
    return true;
}

/* Reads "1,234.5e-2" into m; false when text is not such a number. */
static bool money_scan(const char *text, money_digits *m)
{
    const char *p = text;
    bool any = false;
    memset(m, 0, sizeof(*m));
    if (*p == '+')
        p++;
    /* A comma only before a group of three digits: "1,234", not ",1",
     * "1," or "1,2". */
    while (money_digit(*p) || (*p == ',' && any && money_group(p + 1))) {
        if (*p != ',' && !money_digits_add(m, *p))
            return false;
        any |= *p != ',';
        p++;
    }
    if (*p == '.') {
        for (p++; money_digit(*p); p++, any = true) {
            if (!money_digits_add(m, *p))
                return false;
            m->scale--;
        }
    }
    if (!any)
        return false;
    if (*p == 'e' || *p == 'E') {
        p++;
        long sign = 1, e = 0;
        if (*p == '+' || *p == '-')
            sign = *p++ == '-' ? -1 : 1;
        if (!money_digit(*p))
            return false;
        for (; money_digit(*p); p++)
            if (e < 100000)
                e = e * 10 + (*p - '0');
        m->scale += sign * e;
    }
    return *p == '\0';
}

/* m in minor units (digits x 10^shift), rounded half to even; false past
 * MONEY_MAX. */
static bool money_digits_value(const money_digits *m, long shift, int64_t *out)
{
    int64_t v = 0;
    if (m->n == 0) {
        *out = 0;
        return true;
    }
    if (shift >= 0) {
        for (size_t i = 0; i < m->n; i++)
            if (!money_push_digit(&v, m->d[i] - '0'))
                return false;
        for (long i = 0; i < shift; i++)
            if (!money_push_digit(&v, 0))
                return false;
        *out = v;
        return true;
    }
    long keep = (long)m->n + shift;
    if (keep < 0) { /* the first digit dropped is a zero: below a half */
        *out = 0;
        return true;
    }
    for (long i = 0; i < keep; i++)
        if (!money_push_digit(&v, m->d[i] - '0'))
            return false;
    int first = m->d[keep] - '0';
    bool rest = false;
    for (size_t i = (size_t)keep + 1; i < m->n; i++)
        rest |= m->d[i] != '0';
    if (first > 5 || (first == 5 && (rest || (v & 1)))) {
        if (v == MONEY_MAX)
            return false;
        v++;
    }
    *out = v;
    return true;
}

int money_parse(const char *text, int exponent, int64_t *out, char *why,
                size_t whylen)
{
    money_digits m;
    if (text[0] == '-') {
        snprintf(why, whylen, "must not be negative (got %.40s)", text);
        return -1;
    }
    if (!money_scan(text, &m)) {
        snprintf(why, whylen, "not an amount: '%.40s'", text);
        return -1;
    }
    /* A huge exponent with few digits still overflows, and a tiny one
     * rounds to 0: bound the shift so the loops stay short. */
    long shift = m.scale + exponent;
    if (shift > 40)
        shift = 40;
    if (!money_digits_value(&m, shift, out)) {
        snprintf(why, whylen, "is too large: at most %lld minor units",
                 (long long)MONEY_MAX);
        return -1;
    }
    return 0;
}

static bool money_code_at(const char *p)
{
    return p[0] >= 'A' && p[0] <= 'Z' && p[1] >= 'A' && p[1] <= 'Z' &&
           p[2] >= 'A' && p[2] <= 'Z';
}

int money_parse_in(const char *text, const char *code, int64_t *out, char *why,
                   size_t whylen)
{
    char buf[MONEY_TEXT * 2], given[4] = "";
    while (*text == ' ')
        text++;
    size_t n = strlen(text);
    while (n > 0 && text[n - 1] == ' ')
        n--;
    if (n >= sizeof(buf)) {
        snprintf(why, whylen, "not an amount: '%.40s'", text);
        return -1;
    }
    memcpy(buf, text, n);
    buf[n] = '\0';
    char *number = buf;
    if (n >= 3 && money_code_at(buf)) {
        memcpy(given, buf, 3);
        number = buf + 3;
        while (*number == ' ')
            number++;
    } else if (n >= 3 && money_code_at(buf + n - 3)) {
        memcpy(given, buf + n - 3, 3);
        buf[n - 3] = '\0';
        for (size_t i = n - 3; i > 0 && buf[i - 1] == ' '; i--)
            buf[i - 1] = '\0';
    }
    if (given[0] && strcmp(given, code) != 0) {
        snprintf(why, whylen,
                 "is in %s, but the program's money is in %s: give the "
                 "amount in %s",
                 given, code, code);
        return -1;
    }
    return money_parse(number, money_exponent(code), out, why, whylen);
}

int money_from_double(double major, int exponent, int64_t *out)
{
    char text[64], why[96];
    if (!isfinite(major) || major < 0)
        return -1;
    if (major == 0) {
        *out = 0;
        return 0;
    }
    snprintf(text, sizeof(text), "%.15g", major);
    return money_parse(text, exponent, out, why, sizeof(why));
}

static int64_t money_scale(int exponent)
{
    int64_t s = 1;
    for (int i = 0; i < exponent; i++)
        s *= 10;
    return s;
}

double money_to_double(int64_t minor, int exponent)
{
    return (double)minor / (double)money_scale(exponent);
}

/* ------------------------------------------------------------ printing */

char *money_format(int64_t minor, int exponent, char *out, size_t len)
{
    char digits[32], text[MONEY_TEXT];
    bool negative = minor < 0;
    /* The magnitude as text, at least exponent + 1 digits. */
    uint64_t mag = negative ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
    int n = snprintf(digits, sizeof(digits), "%0*llu", exponent + 1,
                     (unsigned long long)mag);
    int whole = n - exponent;
    size_t at = 0;
    if (negative)
        text[at++] = '-';
    for (int i = 0; i < whole; i++) {
        if (i > 0 && (whole - i) % 3 == 0)
            text[at++] = ',';
        text[at++] = digits[i];
    }
    if (exponent > 0) {
        text[at++] = '.';
        memcpy(text + at, digits + whole, (size_t)exponent);
        at += (size_t)exponent;
    }
    text[at] = '\0';
    snprintf(out, len, "%s", text);
    return out;
}

char *money_format_code(int64_t minor, const char *code, char *out, size_t len)
{
    char amount[MONEY_TEXT];
    money_format(minor, money_exponent(code), amount, sizeof(amount));
    snprintf(out, len, "%s %s", amount, code);
    return out;
}

int money_add(int64_t *sum, int64_t v)
{
    if (v < 0 || *sum < 0 || *sum > MONEY_MAX - v)
        return -1;
    *sum += v;
    return 0;
}
