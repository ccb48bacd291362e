/* server/sched/calendar.c - working-day arithmetic over a precomputed table. */
#include "sched/calendar.h"

#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* Day 0 (1970-01-01) was a Thursday: index 0 here, ISO weekday 4. */
static int sched_cal_weekday(int day)
{
    int w = day % 7;
    return w < 0 ? w + 7 : w;
}

static int64_t sched_cal_floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/*
 * r / per_week with per_week known to be 1..7: a switch on constants lets
 * the compiler turn each division into a multiplication, which matters
 * when a million dates past the table are converted.
 */
static int32_t sched_cal_div_week(int32_t r, int per_week)
{
    switch (per_week) {
    case 1:
        return r;
    case 2:
        return r / 2;
    case 3:
        return r / 3;
    case 4:
        return r / 4;
    case 5:
        return r / 5;
    case 6:
        return r / 6;
    default:
        return r / 7;
    }
}

static void sched_cal_patterns(sched_cal *c, unsigned weekdays)
{
    c->per_week = 0;
    for (int j = 0; j < 7; j++) {
        c->works[j] = (weekdays >> ((j + 3) % 7)) & 1u;
        c->per_week += c->works[j];
    }
    for (int w = 0; w < 7; w++) {
        int k = 0;
        c->ahead[w][0] = 0;
        for (int r = 0; r < 7; r++) {
            c->ahead[w][r + 1] =
                (uint8_t)(c->ahead[w][r] + c->works[(w + r) % 7]);
            if (c->works[(w + r) % 7])
                c->nth[w][k++] = (uint8_t)r;
        }
        k = 0;
        for (int r = 1; r <= 7; r++)
            if (c->works[(w - r + 14) % 7])
                c->back[w][k++] = (uint8_t)r;
    }
}

/* Working days in [a, a + n) by the weekly pattern alone (n >= 0). */
static int32_t sched_cal_pattern(const sched_cal *c, int a, int64_t n)
{
    return (int32_t)((n / 7) * c->per_week +
                     c->ahead[sched_cal_weekday(a)][n % 7]);
}

static bool sched_cal_day_ok(int day)
{
    return day >= SCHED_DAY_MIN && day <= SCHED_DAY_MAX;
}

/* The span of the table: the origin and every holiday. */
static int sched_cal_span(sched_cal *c, const sched_calendar *spec, int origin,
                          int *bad_holiday)
{
    c->lo = origin;
    c->hi = origin + 1;
    for (int i = 0; i < spec->n_holidays; i++) {
        int h = spec->holidays[i];
        if (!sched_cal_day_ok(h)) {
            *bad_holiday = i;
            return SCHED_ERANGE;
        }
        if (h < c->lo)
            c->lo = h;
        if (h >= c->hi)
            c->hi = h + 1;
    }
    return SCHED_OK;
}

static void sched_cal_fill(sched_cal *c, const sched_calendar *spec)
{
    int span = c->hi - c->lo;
    uint8_t *off = xcalloc((size_t)span, 1);
    for (int i = 0; i < spec->n_holidays; i++)
        off[spec->holidays[i] - c->lo] = 1;

    c->before = xmalloc(((size_t)span + 1) * sizeof *c->before);
    int32_t raw = 0;
    for (int i = 0; i < span; i++) {
        c->before[i] = raw;
        off[i] = !off[i] && c->works[sched_cal_weekday(c->lo + i)];
        raw += off[i];
    }
    c->before[span] = raw;
    int32_t at_origin = c->before[c->origin - c->lo];
    for (int i = 0; i <= span; i++)
        c->before[i] -= at_origin;

    c->wlo = c->before[0];
    c->whi = c->before[span];
    c->workday = xmalloc(((size_t)(c->whi - c->wlo) + 1) * sizeof *c->workday);
    for (int i = 0; i < span; i++)
        if (off[i])
            c->workday[c->before[i] - c->wlo] = c->lo + i;
    free(off);
}

int sched_cal_init(sched_cal *c, const sched_calendar *spec, int origin,
                   int *bad_holiday)
{
    *bad_holiday = -1;
    if (!sched_cal_day_ok(origin))
        return SCHED_ERANGE;
    memset(c, 0, sizeof *c);
    sched_cal_patterns(c, spec->weekdays);
    if (c->per_week == 0)
        return SCHED_ECALENDAR;
    int rc = sched_cal_span(c, spec, origin, bad_holiday);
    if (rc != SCHED_OK)
        return rc;
    c->origin = origin;
    sched_cal_fill(c, spec);
    return SCHED_OK;
}

void sched_cal_fini(sched_cal *c)
{
    free(c->before);
    free(c->workday);
    c->before = NULL;
    c->workday = NULL;
}

bool sched_cal_is_working(const sched_cal *c, int day)
{
    return sched_cal_count(c, day + 1) != sched_cal_count(c, day);
}

int32_t sched_cal_count(const sched_cal *c, int day)
{
    if (day < c->lo)
        return c->before[0] - sched_cal_pattern(c, day, (int64_t)c->lo - day);
    if (day > c->hi)
        return c->before[c->hi - c->lo] +
               sched_cal_pattern(c, c->hi, (int64_t)day - c->hi);
    return c->before[day - c->lo];
}

int sched_cal_day(const sched_cal *c, int32_t w)
{
    if (w >= c->wlo && w < c->whi)
        return c->workday[w - c->wlo];
    if (w >= c->whi) {
        int32_t r = w - c->whi;
        int32_t q = sched_cal_div_week(r, c->per_week);
        int k = (int)(r - q * c->per_week);
        return c->hi + 7 * q + c->nth[sched_cal_weekday(c->hi)][k];
    }
    int32_t r = c->wlo - 1 - w;
    int32_t q = sched_cal_div_week(r, c->per_week);
    int k = (int)(r - q * c->per_week);
    return c->lo - 7 * q - c->back[sched_cal_weekday(c->lo)][k];
}

sched_tick sched_cal_start_tick(const sched_cal *c, int day)
{
    return sched_cal_count(c, day) * SCHED_TICKS_PER_DAY;
}

sched_tick sched_cal_end_tick(const sched_cal *c, int day)
{
    return sched_cal_count(c, day + 1) * SCHED_TICKS_PER_DAY;
}

int sched_cal_start_day(const sched_cal *c, sched_tick t)
{
    return sched_cal_day(c,
                         (int32_t)sched_cal_floor_div(t, SCHED_TICKS_PER_DAY));
}

int sched_cal_end_day(const sched_cal *c, sched_tick t)
{
    return sched_cal_day(
        c, (int32_t)sched_cal_floor_div((int64_t)t - 1, SCHED_TICKS_PER_DAY));
}
