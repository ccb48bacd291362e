/*
 * client/pmo/weekdays.h - the working week of a calendar as people write
 * it: "mon-fri", "sun-thu", "mon,wed,fri", "1-5", and back.
 *
 * Days are ISO weekdays, 1 Monday .. 7 Sunday, as the protocol has them.
 */
#ifndef PMO_CLIENT_PMO_WEEKDAYS_H
#define PMO_CLIENT_PMO_WEEKDAYS_H

#include <stddef.h>
#include <stdint.h>

/* Room for any formatted week: "mon,wed,fri,sun" and the like. */
#define CLI_WEEKDAYS_LEN 32

/*
 * Comma-separated days or ranges of days, each a name ("mon", "monday",
 * any case) or a number 1..7; a range may wrap past Sunday ("fri-mon").
 * Writes the days in week order, each once, into days (room for 7) and
 * their count into *n. Returns 0, or -1 with the bad part named in err
 * (a day given twice, or no day at all, is bad too).
 */
int cli_weekdays_parse(const char *text, uint32_t days[7], size_t *n, char *err,
                       size_t errlen);

/*
 * The days (any order, 1..7) the shortest way: runs of three or more as a
 * range ("mon-fri"), the others listed ("mon,wed,fri"); "none" for none.
 */
const char *cli_weekdays_format(const uint32_t *days, size_t n, char *out,
                                size_t len);

/* "mon" .. "sun" of an ISO weekday; "?" outside 1..7. */
const char *cli_weekday_name(int day);

#endif
