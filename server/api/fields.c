/* server/api/fields.c - dates, masks, versions and pages of requests. */
#include "api/fields.h"
#include "common/daynum.h"
#include "sched/plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool fields_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool fields_date(rpc_call *call, const char *field, const char *value)
{
    if (value[0] == '\0')
        return true;
    int y, m, d, n = 0;
    if (strlen(value) != 10 ||
        sscanf(value, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 ||
        value[4] != '-' || value[7] != '-') {
        rpc_violation(call, field,
                      "must be a date written YYYY-MM-DD, not \"%s\"", value);
        return false;
    }
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int max = m >= 1 && m <= 12 ? days[m - 1] + (m == 2 && fields_leap(y)) : 0;
    if (y < 1900 || y > 2999 || max == 0 || d < 1 || d > max) {
        rpc_violation(call, field, "%s is not a real date", value);
        return false;
    }
    return true;
}

bool fields_schedule_date(rpc_call *call, const char *field, const char *value)
{
    int day;
    if (value[0] == '\0' || !daynum_parse(value, &day) ||
        (day >= SCHED_DAY_MIN && day <= SCHED_DAY_MAX))
        return true;
    char last[DAYNUM_TEXT];
    daynum_format(SCHED_DAY_MAX, last);
    rpc_violation(call, field,
                  "%s is past %s, the last date the schedule supports", value,
                  last);
    return false;
}

bool fields_date_not_future(rpc_call *call, const char *field,
                            const char *value)
{
    int day, today = daynum_today();
    if (!daynum_parse(value, &day) || day <= today)
        return true;
    char text[DAYNUM_TEXT];
    daynum_format(today, text);
    rpc_violation(call, field,
                  "%s is after today (%s, UTC): what has happened cannot be "
                  "dated in the future",
                  value, text);
    return false;
}

char *fields_today(rpc_call *call)
{
    char *text = arena_alloc(call->arena, DAYNUM_TEXT);
    daynum_format(daynum_today(), text);
    return text;
}

bool fields_date_range(rpc_call *call, const char *start_field,
                       const char *start, const char *finish_field,
                       const char *finish)
{
    bool ok = fields_date(call, start_field, start);
    ok &= fields_date(call, finish_field, finish);
    /* ISO dates compare correctly as strings. */
    if (ok && start[0] && finish[0] && strcmp(start, finish) > 0) {
        rpc_violation(call, finish_field, "%s is before %s %s", finish,
                      start_field, start);
        return false;
    }
    return ok;
}

bool fields_mask_has(char *const *mask, size_t n, const char *field)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(mask[i], field) == 0)
            return true;
    return false;
}

bool fields_mask_valid(rpc_call *call, char *const *mask, size_t n,
                       const char *const *allowed)
{
    if (n == 0) {
        rpc_violation(call, "update_mask", "names no field to change");
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        while (allowed[k] && strcmp(allowed[k], mask[i]) != 0)
            k++;
        if (allowed[k] == NULL) {
            rpc_violation(call, "update_mask",
                          "\"%.64s\" is not a field that can be changed",
                          mask[i]);
            return false;
        }
    }
    return true;
}

bool fields_page_size(rpc_call *call, uint32_t page_size, unsigned *limit)
{
    if (page_size > FIELDS_PAGE_MAX) {
        rpc_violation(call, "page_size", "must be at most %d", FIELDS_PAGE_MAX);
        return false;
    }
    *limit = page_size ? page_size : FIELDS_PAGE_DEFAULT;
    return true;
}

bool fields_page_token(rpc_call *call, const char *token, int64_t *after)
{
    *after = 0;
    if (token[0] == '\0')
        return true;
    char *end;
    long long v = strtoll(token, &end, 10);
    if (*end != '\0' || v <= 0 || strlen(token) > 19) {
        rpc_violation(call, "page_token",
                      "is not a token from a previous page");
        return false;
    }
    *after = v;
    return true;
}

char *fields_page_token_make(rpc_call *call, int64_t last)
{
    return arena_printf(call->arena, "%lld", (long long)last);
}

void fields_stale(rpc_call *call, const char *what, int64_t current,
                  int64_t expected)
{
    rpc_fail(call, PMO_ABORTED,
             "%s was changed by someone else: it is at version %lld, you read "
             "version %lld; read it again and reapply your change",
             what, (long long)current, (long long)expected);
}

bool fields_mask_bits(rpc_call *call, char *const *mask, size_t n,
                      const fields_mask_field *table, size_t n_table,
                      unsigned *bits)
{
    const char **allowed =
        arena_alloc(call->arena, (n_table + 1) * sizeof(*allowed));
    for (size_t i = 0; i < n_table; i++)
        allowed[i] = table[i].name;
    allowed[n_table] = NULL;
    if (!fields_mask_valid(call, mask, n, allowed))
        return false;
    *bits = 0;
    for (size_t i = 0; i < n_table; i++)
        if (fields_mask_has(mask, n, table[i].name))
            *bits |= table[i].bit;
    return true;
}
