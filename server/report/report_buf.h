/*
 * server/report/report_buf.h - the growing byte buffer every renderer
 * writes into, and the escapes more than one of them needs.
 *
 * A report_buf owns its bytes (heap, xalloc: it never fails) until
 * report_buf_fini, or until report_buf_take hands them to the caller.
 * data is always NUL-terminated past len, so a renderer's output can be
 * read as a string by tests; the NUL is not part of the report.
 */
#ifndef PMO_SERVER_REPORT_REPORT_BUF_H
#define PMO_SERVER_REPORT_REPORT_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct report_buf {
    char *data;
    size_t len, cap;
} report_buf;

void report_buf_init(report_buf *b);
void report_buf_fini(report_buf *b);

void report_buf_put(report_buf *b, const char *bytes, size_t n);
void report_buf_puts(report_buf *b, const char *s);
void report_buf_putc(report_buf *b, char c);
void report_buf_printf(report_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* s with & < > " ' as character references, for HTML text and attributes. */
void report_buf_html(report_buf *b, const char *s);

/* "YYYY-MM-DD" of a day number, or "" for REPORT_NO_DAY. */
void report_buf_date(report_buf *b, int day);

/*
 * A Unix time in UTC: "20261209T141500Z" (RFC 5545's form) when compact,
 * else "2026-12-09 14:15 UTC".
 */
void report_buf_utc(report_buf *b, int64_t unix_s, bool compact);

/* Working days as "3", "-1.5", "0.25": at most two decimals, no zeros. */
void report_buf_days(report_buf *b, double days);

#endif
