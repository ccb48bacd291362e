/* client/pmo/parse.c - dates, numbers, estimates and enum names. */
#include "parse.h"
#include "pmo/v1/stakeholder.pb-c.h"
#include "pmo/v1/work.pb-c.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* Short forms people use that are not a suffix of the enum's names. */
typedef struct cli_enum_alias {
    const ProtobufCEnumDescriptor *d;
    const char *alias;
    int value;
} cli_enum_alias;

static const cli_enum_alias cli_enum_aliases[] = {
    {&pmo__v1__dependency_type__descriptor, "fs",
     PMO__V1__DEPENDENCY_TYPE__DEP_FINISH_TO_START},
    {&pmo__v1__dependency_type__descriptor, "ss",
     PMO__V1__DEPENDENCY_TYPE__DEP_START_TO_START},
    {&pmo__v1__dependency_type__descriptor, "ff",
     PMO__V1__DEPENDENCY_TYPE__DEP_FINISH_TO_FINISH},
    {&pmo__v1__dependency_type__descriptor, "sf",
     PMO__V1__DEPENDENCY_TYPE__DEP_START_TO_FINISH},
    {&pmo__v1__raci__descriptor, "r", PMO__V1__RACI__RACI_RESPONSIBLE},
    {&pmo__v1__raci__descriptor, "a", PMO__V1__RACI__RACI_ACCOUNTABLE},
    {&pmo__v1__raci__descriptor, "c", PMO__V1__RACI__RACI_CONSULTED},
    {&pmo__v1__raci__descriptor, "i", PMO__V1__RACI__RACI_INFORMED},
    {&pmo__v1__stakeholder_kind__descriptor, "vendor",
     PMO__V1__STAKEHOLDER_KIND__STAKEHOLDER_EXTERNAL_VENDOR},
    {NULL, NULL, 0},
};

static bool cli_year_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int cli_month_days(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && cli_year_leap(y) ? 29 : days[m - 1];
}

/* Strictly YYYY-MM-DD, and a day the calendar has. */
static bool cli_date_valid(const char *s)
{
    for (int i = 0; i < 10; i++) {
        bool dash = i == 4 || i == 7;
        if (dash ? s[i] != '-' : !isdigit((unsigned char)s[i]))
            return false;
    }
    if (s[10] != '\0')
        return false;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= cli_month_days(y, m);
}

/*
 * The shared prefix of an enum's names up to its last '_' ("STATE_"),
 * taken from the first two values: every pmo enum names its values so.
 */
static size_t cli_enum_prefix_len(const ProtobufCEnumDescriptor *d)
{
    if (d->n_values < 2)
        return 0;
    const char *a = d->values[0].name, *b = d->values[1].name;
    size_t n = 0, cut = 0;
    while (a[n] && a[n] == b[n]) {
        if (a[n] == '_')
            cut = n + 1;
        n++;
    }
    return cut;
}

/* "In-Progress" as "IN_PROGRESS". */
static void cli_enum_norm(const char *text, char *out, size_t len)
{
    size_t i = 0;
    for (; text[i] && i + 1 < len; i++)
        out[i] = text[i] == '-' || text[i] == ' '
                     ? '_'
                     : (char)toupper((unsigned char)text[i]);
    out[i] = '\0';
}

static bool cli_enum_unspecified(const ProtobufCEnumValue *v)
{
    return v->value == 0 && strstr(v->name, "UNSPECIFIED") != NULL;
}

static int cli_enum_alias_find(const ProtobufCEnumDescriptor *d,
                               const char *text, int *out)
{
    for (const cli_enum_alias *a = cli_enum_aliases; a->d; a++)
        if (a->d == d && strcasecmp(a->alias, text) == 0) {
            *out = a->value;
            return 0;
        }
    return -1;
}

void cli_date_today(int days, char out[CLI_DATE_LEN])
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    /* Noon, so adding days never trips over a daylight saving change. */
    tm.tm_hour = 12;
    tm.tm_mday += days;
    mktime(&tm);
    strftime(out, CLI_DATE_LEN, "%Y-%m-%d", &tm);
}

int cli_parse_date(const char *text, bool allow_empty, char out[CLI_DATE_LEN],
                   char *err, size_t errlen)
{
    if (allow_empty && (text[0] == '\0' || strcasecmp(text, "none") == 0)) {
        out[0] = '\0';
        return 0;
    }
    static const struct {
        const char *word;
        int days;
    } words[] = {{"today", 0}, {"tomorrow", 1}, {"yesterday", -1}};
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        if (strcasecmp(text, words[i].word) == 0) {
            cli_date_today(words[i].days, out);
            return 0;
        }
    if (!cli_date_valid(text)) {
        snprintf(err, errlen,
                 "not a date (YYYY-MM-DD, today or tomorrow): "
                 "'%s'",
                 text);
        return -1;
    }
    memcpy(out, text, CLI_DATE_LEN);
    return 0;
}

int cli_parse_signed(const char *text, double *out, char *err, size_t errlen)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    while (end != text && isspace((unsigned char)*end))
        end++;
    if (text[0] == '\0' || isspace((unsigned char)text[0]) || *end != '\0' ||
        errno == ERANGE || !isfinite(v)) {
        snprintf(err, errlen, "not a number: '%s'", text);
        return -1;
    }
    *out = v;
    return 0;
}

int cli_parse_number(const char *text, double min, double *out, char *err,
                     size_t errlen)
{
    double v;
    if (cli_parse_signed(text, &v, err, errlen) != 0)
        return -1;
    if (v < min) {
        char lo[32];
        snprintf(err, errlen, "must be at least %s: '%s'",
                 cli_number_format(min, lo, sizeof(lo)), text);
        return -1;
    }
    *out = v;
    return 0;
}

int cli_parse_int(const char *text, int64_t min, int64_t max, int64_t *out,
                  char *err, size_t errlen)
{
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (text[0] == '\0' || isspace((unsigned char)text[0]) || *end != '\0' ||
        errno == ERANGE) {
        snprintf(err, errlen, "not a whole number: '%s'", text);
        return -1;
    }
    if (v < min || v > max) {
        snprintf(err, errlen, "must be from %lld to %lld: '%s'", (long long)min,
                 (long long)max, text);
        return -1;
    }
    *out = v;
    return 0;
}

int cli_parse_bool(const char *text, bool *out, char *err, size_t errlen)
{
    static const char *const yes[] = {"yes", "true", "on", "1"};
    static const char *const no[] = {"no", "false", "off", "0"};
    for (size_t i = 0; i < 4; i++) {
        if (strcasecmp(text, yes[i]) == 0) {
            *out = true;
            return 0;
        }
        if (strcasecmp(text, no[i]) == 0) {
            *out = false;
            return 0;
        }
    }
    snprintf(err, errlen, "not yes or no: '%s'", text);
    return -1;
}

int cli_parse_estimate(const char *text, double days[3], char *err,
                       size_t errlen)
{
    char part[3][64];
    int n = 0;
    const char *p = text;
    for (;;) {
        size_t len = strcspn(p, "/");
        if (n == 3 || len >= sizeof(part[0])) {
            snprintf(err, errlen, "not an estimate (3 or 2/3/5): '%s'", text);
            return -1;
        }
        memcpy(part[n], p, len);
        part[n++][len] = '\0';
        if (p[len] == '\0')
            break;
        p += len + 1;
    }
    if (n == 2) {
        snprintf(err, errlen, "not an estimate (3 or 2/3/5): '%s'", text);
        return -1;
    }
    for (int i = 0; i < n; i++)
        if (cli_parse_number(part[i], 0, &days[i], err, errlen) != 0)
            return -1;
    if (n == 1)
        days[1] = days[2] = days[0];
    if (days[0] > days[1] || days[1] > days[2]) {
        snprintf(err, errlen,
                 "optimistic <= likely <= pessimistic does not hold: '%s'",
                 text);
        return -1;
    }
    return 0;
}

int cli_parse_enum(const ProtobufCEnumDescriptor *d, const char *text, int *out,
                   char *err, size_t errlen)
{
    if (cli_enum_alias_find(d, text, out) == 0)
        return 0;
    char want[96];
    cli_enum_norm(text, want, sizeof(want));
    size_t cut = cli_enum_prefix_len(d);
    for (unsigned i = 0; want[0] && i < d->n_values; i++) {
        const ProtobufCEnumValue *v = &d->values[i];
        if (cli_enum_unspecified(v))
            continue;
        if (strcmp(v->name, want) == 0 || strcmp(v->name + cut, want) == 0) {
            *out = v->value;
            return 0;
        }
    }
    char choices[256];
    cli_enum_choices(d, choices, sizeof(choices));
    snprintf(err, errlen, "not one of %s: '%s'", choices, text);
    return -1;
}

void cli_enum_choices(const ProtobufCEnumDescriptor *d, char *out, size_t len)
{
    size_t used = 0;
    out[0] = '\0';
    for (unsigned i = 0; i < d->n_values && used < len; i++) {
        const ProtobufCEnumValue *v = &d->values[i];
        if (cli_enum_unspecified(v))
            continue;
        char label[64];
        int n = snprintf(out + used, len - used, "%s%s", used ? ", " : "",
                         cli_enum_label(d, v->value, label, sizeof(label)));
        if (n < 0)
            break;
        used += (size_t)n;
    }
    /* The short forms, after the names they stand for. */
    bool any = false;
    for (const cli_enum_alias *a = cli_enum_aliases; a->d && used < len; a++) {
        if (a->d != d)
            continue;
        int n = snprintf(out + used, len - used, "%s%s", any ? ", " : " (or ",
                         a->alias);
        if (n < 0)
            break;
        used += (size_t)n;
        any = true;
    }
    if (any && used < len)
        snprintf(out + used, len - used, ")");
}

const char *cli_enum_label(const ProtobufCEnumDescriptor *d, int value,
                           char *out, size_t len)
{
    const ProtobufCEnumValue *v =
        protobuf_c_enum_descriptor_get_value(d, value);
    if (v == NULL) {
        snprintf(out, len, "%d", value);
        return out;
    }
    if (cli_enum_unspecified(v)) {
        out[0] = '\0';
        return out;
    }
    const char *name = v->name + cli_enum_prefix_len(d);
    size_t i = 0;
    for (; name[i] && i + 1 < len; i++)
        out[i] = name[i] == '_' ? '-' : (char)tolower((unsigned char)name[i]);
    out[i] = '\0';
    return out;
}

char *cli_key_upper(char *s)
{
    for (char *p = s; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    return s;
}

bool cli_is_ref(const char *text)
{
    const char *dash = strrchr(text, '-');
    if (dash == NULL || dash == text || dash[1] == '\0')
        return false;
    for (const char *p = dash + 1; *p; p++)
        if (!isdigit((unsigned char)*p))
            return false;
    for (const char *p = text; p < dash; p++)
        if (!isalnum((unsigned char)*p))
            return false;
    return isalpha((unsigned char)text[0]);
}

int cli_ref_program(const char *ref, char *out, size_t len)
{
    const char *dash = strrchr(ref, '-');
    if (!cli_is_ref(ref) || (size_t)(dash - ref) >= len)
        return -1;
    memcpy(out, ref, (size_t)(dash - ref));
    out[dash - ref] = '\0';
    cli_key_upper(out);
    return 0;
}

const char *cli_number_format(double v, char *out, size_t len)
{
    snprintf(out, len, "%.6f", v);
    char *dot = strchr(out, '.');
    if (dot) {
        char *end = out + strlen(out) - 1;
        while (end > dot && *end == '0')
            *end-- = '\0';
        if (end == dot)
            *end = '\0';
    }
    if (strcmp(out, "-0") == 0)
        snprintf(out, len, "0");
    return out;
}
