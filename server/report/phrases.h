/*
 * server/report/phrases.h - the sentences the Markdown and HTML reports
 * both write, each with the caller's escape for text from the plan, so
 * the two say the same things in the same words.
 */
#ifndef PMO_SERVER_REPORT_PHRASES_H
#define PMO_SERVER_REPORT_PHRASES_H

#include "report/report.h"
#include "report/report_buf.h"

/* Writes s escaped for the report's markup. */
typedef void report_escape_fn(report_buf *b, const char *s);

/* "YYYY-MM-DD", or "-" for REPORT_NO_DAY. */
void report_phrase_date(report_buf *b, int day);

/*
 * The target finish and how the forecast stands against it; the lateness
 * between late_open and late_close (the markup's emphasis).
 */
void report_phrase_target(report_buf *b, const report_plan *p,
                          const char *late_open, const char *late_close);

/*
 * "P50 DATE, P80 DATE, N% chance of meeting the target (R runs)", or
 * that no forecast was made.
 */
void report_phrase_forecast(report_buf *b, const report_plan *p);

/* The critical path lists at most this many items, then says how many more. */
#define REPORT_PATH_SHOWN 40

/* How many of p's critical path items a report lists. */
int report_path_shown(const report_plan *p);

/* "... and N more critical items (pmo critical-path KEY lists them all)". */
void report_phrase_path_rest(report_buf *b, const report_plan *p,
                             report_escape_fn *esc);

/* "REF title (start to finish, float F, owner)". */
void report_phrase_path_item(report_buf *b, const report_item *it,
                             report_escape_fn *esc);

/* "#ID title (owner, due DATE)". */
void report_phrase_action(report_buf *b, const report_action *a,
                          report_escape_fn *esc);

/* "name on REF, forecast DATE: S of N criteria signed". */
void report_phrase_gate(report_buf *b, const report_plan *p,
                        const report_gate *g, report_escape_fn *esc);

#endif
