/*
 * common/daynum.c - day numbers and civil dates, by the era arithmetic of
 * the proleptic Gregorian calendar (400-year eras of 146,097 days), so
 * every conversion is a handful of integer operations and no time zone or
 * locale is involved.
 */
#include "common/daynum.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int daynum_from_civil(int year, int month, int day)
{
    year -= month <= 2;
    int era = (year >= 0 ? year : year - 399) / 400;
    int year_of_era = year - era * 400;
    int day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 +
                     day_of_year;
    return era * 146097 + day_of_era - 719468;
}

void daynum_to_civil(int daynum, int *year, int *month, int *day)
{
    int z = daynum + 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int day_of_era = z - era * 146097;
    int year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 -
                       day_of_era / 146096) /
                      365;
    int day_of_year =
        day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    int mp = (5 * day_of_year + 2) / 153;
    *day = day_of_year - (153 * mp + 2) / 5 + 1;
    *month = mp < 10 ? mp + 3 : mp - 9;
    *year = year_of_era + era * 400 + (*month <= 2);
}

bool daynum_parse(const char *text, int *out)
{
    int y, m, d, n = 0;
    if (strlen(text) != 10 || text[4] != '-' || text[7] != '-' ||
        sscanf(text, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10)
        return false;
    if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1)
        return false;
    int dn = daynum_from_civil(y, m, d);
    int y2, m2, d2;
    daynum_to_civil(dn, &y2, &m2, &d2);
    if (m2 != m || d2 != d) /* the 31st of a 30-day month, 29 Feb... */
        return false;
    *out = dn;
    return true;
}

/* Writes v as width digits, zero padded, at out. */
static void daynum_digits(char *out, unsigned v, int width)
{
    for (int k = width - 1; k >= 0; k--, v /= 10)
        out[k] = (char)('0' + v % 10);
}

/* By hand rather than printf: schedules format tens of thousands. */
void daynum_format(int daynum, char out[DAYNUM_TEXT])
{
    int y, m, d;
    daynum_to_civil(daynum, &y, &m, &d);
    if (y < 0 || y > 9999) {
        out[0] = '?';
        out[1] = '\0';
        return;
    }
    daynum_digits(out, (unsigned)y, 4);
    out[4] = '-';
    daynum_digits(out + 5, (unsigned)m, 2);
    out[7] = '-';
    daynum_digits(out + 8, (unsigned)d, 2);
    out[10] = '\0';
}

int daynum_today(void)
{
    return (int)(time(NULL) / 86400);
}

int daynum_weekday(int daynum)
{
    /* Day 0 was a Thursday (ISO 4). */
    int r = (daynum % 7 + 7) % 7;
    return (r + 3) % 7 + 1;
}

/* The Monday of ISO week 1 of year: the week holding 4 January. */
static int daynum_week_one(int year)
{
    int jan4 = daynum_from_civil(year, 1, 4);
    return jan4 - (daynum_weekday(jan4) - 1);
}

void daynum_week_format(int daynum, char out[DAYNUM_WEEK_TEXT])
{
    /* A week belongs to the year that holds its Thursday. */
    int thursday = daynum + (4 - daynum_weekday(daynum)), y, m, d;
    daynum_to_civil(thursday, &y, &m, &d);
    int week = (thursday - daynum_week_one(y)) / 7 + 1;
    daynum_digits(out, (unsigned)y, 4);
    out[4] = '-';
    out[5] = 'W';
    daynum_digits(out + 6, (unsigned)week, 2);
    out[8] = '\0';
}

bool daynum_week_parse(const char *text, int *monday)
{
    if (strlen(text) != 8 || text[4] != '-' || text[5] != 'W')
        return false;
    for (int i = 0; i < 8; i++)
        if (i != 4 && i != 5 && (text[i] < '0' || text[i] > '9'))
            return false;
    int year = atoi(text), week = atoi(text + 6);
    if (year < 1900 || year > 2999 || week < 1)
        return false;
    int day = daynum_week_one(year) + (week - 1) * 7;
    char back[DAYNUM_WEEK_TEXT];
    daynum_week_format(day, back);
    if (strcmp(back, text) != 0) /* week 53 of a year of 52 */
        return false;
    *monday = day;
    return true;
}
