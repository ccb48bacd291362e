/* client/pmo/weekdays.c - working weekdays read from and written as text. */
#include "weekdays.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const cli_weekday_names[] = {
    "monday", "tuesday",  "wednesday", "thursday",
    "friday", "saturday", "sunday",
};

const char *cli_weekday_name(int day)
{
    static const char *const shortnames[] = {"mon", "tue", "wed", "thu",
                                             "fri", "sat", "sun"};
    return day >= 1 && day <= 7 ? shortnames[day - 1] : "?";
}

/* One day of text[0..len): its name, a start of it of 3 letters or more,
 * or 1..7. Returns 1..7, or 0. */
static int cli_weekday_one(const char *text, size_t len)
{
    if (len == 1 && text[0] >= '1' && text[0] <= '7')
        return text[0] - '0';
    for (int d = 0; d < 7 && len >= 3; d++)
        if (len <= strlen(cli_weekday_names[d]) &&
            strncasecmp(text, cli_weekday_names[d], len) == 0)
            return d + 1;
    return 0;
}

/* One part, "mon" or "mon-fri", into the set; -1 with err set. */
static int cli_weekdays_part(const char *part, size_t len, bool set[8],
                             char *err, size_t errlen)
{
    const char *dash = memchr(part, '-', len);
    size_t first_len = dash ? (size_t)(dash - part) : len;
    int from = cli_weekday_one(part, first_len);
    int to = dash ? cli_weekday_one(dash + 1, len - first_len - 1) : from;
    if (from == 0 || to == 0) {
        snprintf(err, errlen,
                 "not a weekday or a range of them (mon..sun or 1..7): "
                 "'%.*s'",
                 (int)len, part);
        return -1;
    }
    for (int d = from;; d = d % 7 + 1) {
        if (set[d]) {
            snprintf(err, errlen, "%s is given twice: '%.*s'",
                     cli_weekday_name(d), (int)len, part);
            return -1;
        }
        set[d] = true;
        if (d == to)
            break;
    }
    return 0;
}

int cli_weekdays_parse(const char *text, uint32_t days[7], size_t *n, char *err,
                       size_t errlen)
{
    bool set[8] = {false};
    for (const char *p = text; *p;) {
        size_t len = strcspn(p, ",");
        if (len == 0 || cli_weekdays_part(p, len, set, err, errlen) != 0) {
            if (len == 0)
                snprintf(err, errlen, "an empty day in '%s'", text);
            return -1;
        }
        p += len + (p[len] == ',');
    }
    size_t count = 0;
    for (int d = 1; d <= 7; d++)
        if (set[d])
            days[count++] = (uint32_t)d;
    if (count == 0) {
        snprintf(err, errlen, "no working weekday in '%s'", text);
        return -1;
    }
    *n = count;
    return 0;
}

const char *cli_weekdays_format(const uint32_t *days, size_t n, char *out,
                                size_t len)
{
    bool set[9] = {false};
    for (size_t i = 0; i < n; i++)
        if (days[i] >= 1 && days[i] <= 7)
            set[days[i]] = true;
    size_t used = 0;
    out[0] = '\0';
    for (int d = 1; d <= 7; d++) {
        if (!set[d])
            continue;
        int last = d;
        while (set[last + 1])
            last++;
        /* Two days in a row read better listed than as a range. */
        if (last - d < 2)
            last = d;
        int k = snprintf(out + used, len - used, "%s%s%s%s", used ? "," : "",
                         cli_weekday_name(d), last > d ? "-" : "",
                         last > d ? cli_weekday_name(last) : "");
        if (k < 0 || (size_t)k >= len - used)
            break;
        used += (size_t)k;
        d = last;
    }
    return used ? out : "none";
}
