/*
 * common/daynum.h - calendar dates as day numbers: days since 1970-01-01
 * (day 0) in the proleptic Gregorian calendar, the unit the scheduling
 * engine and the schedule views count in.
 */
#ifndef PMO_COMMON_DAYNUM_H
#define PMO_COMMON_DAYNUM_H

#include <stdbool.h>

/* The longest text daynum_format writes, with its NUL. */
#define DAYNUM_TEXT 11

/* The day number of year-month-day (month 1..12; not range-checked). */
int daynum_from_civil(int year, int month, int day);

/* The date of a day number. */
void daynum_to_civil(int daynum, int *year, int *month, int *day);

/*
 * Parses "YYYY-MM-DD" (a real date, year 1900..2999) into *out.
 * Returns false for anything else, including "".
 */
bool daynum_parse(const char *text, int *out);

/* Writes "YYYY-MM-DD" into out (DAYNUM_TEXT bytes). */
void daynum_format(int daynum, char out[DAYNUM_TEXT]);

/* Today in UTC. */
int daynum_today(void);

/* ISO weekday of a day number: 1 Monday .. 7 Sunday. */
int daynum_weekday(int daynum);

/* The longest ISO week text daynum_week_format writes, with its NUL. */
#define DAYNUM_WEEK_TEXT 9

/* Writes the ISO 8601 week of a day, "YYYY-Www", into out: the week
 * holding 4 January is week 1, and its Monday may lie in the year
 * before. */
void daynum_week_format(int daynum, char out[DAYNUM_WEEK_TEXT]);

/*
 * Parses an ISO week "YYYY-Www" (year 1900..2999, a week the year has:
 * 53 only in years with one) into the day number of its Monday. Returns
 * false for anything else, including "".
 */
bool daynum_week_parse(const char *text, int *monday);

#endif
