/*
 * server/report/ical.h - a program's dates as an RFC 5545 iCalendar:
 * one all-day VEVENT per milestone (on its computed date), per gate (on
 * its milestone's date) and per open action item with a due date.
 *
 * UIDs come from what names an event in the plan (the milestone's ref,
 * the gate's or action's id, with the program's key), so a calendar that
 * imports the file again updates its events instead of doubling them.
 * DTSTAMP is the report's made_at. Text is escaped as TEXT values are
 * (backslash, semicolon, comma, newline) and every content line is
 * folded at 75 octets, never inside a UTF-8 character; lines end in CRLF.
 */
#ifndef PMO_SERVER_REPORT_ICAL_H
#define PMO_SERVER_REPORT_ICAL_H

#include "report/report.h"
#include "report/report_buf.h"

#include <stddef.h>

/* The longest content line before folding, in octets. */
#define REPORT_ICAL_FOLD 75

/* s as an RFC 5545 TEXT value: \\ \; \, and \n; other controls dropped. */
void report_ical_text(report_buf *b, const char *s);

/* One content line of len bytes, folded, with its CRLF. */
void report_ical_line(report_buf *b, const char *line, size_t len);

void report_ical(const report_plan *p, report_buf *out);

#endif
