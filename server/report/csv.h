/*
 * server/report/csv.h - RFC 4180 CSV, and the schedule view as CSV.
 *
 * A field holding a comma, a double quote, a CR or an LF is enclosed in
 * double quotes, with each double quote inside doubled; any other field
 * is written as it is. Records end in CRLF, the last one too. The bytes
 * are UTF-8 without a byte order mark.
 */
#ifndef PMO_SERVER_REPORT_CSV_H
#define PMO_SERVER_REPORT_CSV_H

#include "report/report.h"
#include "report/report_buf.h"

/* One field, quoted when it must be. */
void report_csv_field(report_buf *b, const char *field);

/* One record of n fields, with its CRLF. */
void report_csv_record(report_buf *b, const char *const *fields, int n);

/*
 * The schedule: a header record (ref, title, project, start, finish,
 * float, critical, percent, owner), then one record per item in
 * breakdown order. Dates are YYYY-MM-DD, float in working days, critical
 * "yes" or "no".
 */
void report_csv_schedule(const report_plan *p, report_buf *out);

#endif
