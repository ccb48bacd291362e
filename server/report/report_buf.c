/* server/report/report_buf.c - the renderers' output buffer. */
#include "report/report_buf.h"
#include "common/daynum.h"
#include "common/xalloc.h"
#include "report/report.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void report_buf_init(report_buf *b)
{
    b->cap = 256;
    b->len = 0;
    b->data = xmalloc(b->cap);
    b->data[0] = '\0';
}

void report_buf_fini(report_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

/* Room for n more bytes and the NUL after them. */
static void report_buf_room(report_buf *b, size_t n)
{
    if (b->len + n + 1 <= b->cap)
        return;
    while (b->len + n + 1 > b->cap)
        b->cap *= 2;
    b->data = xrealloc(b->data, b->cap);
}

void report_buf_put(report_buf *b, const char *bytes, size_t n)
{
    report_buf_room(b, n);
    memcpy(b->data + b->len, bytes, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void report_buf_puts(report_buf *b, const char *s)
{
    report_buf_put(b, s, strlen(s));
}

void report_buf_putc(report_buf *b, char c)
{
    report_buf_put(b, &c, 1);
}

void report_buf_printf(report_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        report_buf_put(b, small, (size_t)n);
        return;
    }
    report_buf_room(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void report_buf_html(report_buf *b, const char *s)
{
    for (const char *run = s;; s++) {
        const char *ref = NULL;
        switch (*s) {
        case '&':
            ref = "&amp;";
            break;
        case '<':
            ref = "&lt;";
            break;
        case '>':
            ref = "&gt;";
            break;
        case '"':
            ref = "&quot;";
            break;
        case '\'':
            ref = "&#39;";
            break;
        case '\0':
            break;
        default:
            continue;
        }
        report_buf_put(b, run, (size_t)(s - run));
        if (ref == NULL)
            return;
        report_buf_puts(b, ref);
        run = s + 1;
    }
}

void report_buf_date(report_buf *b, int day)
{
    if (day == REPORT_NO_DAY)
        return;
    char text[DAYNUM_TEXT];
    daynum_format(day, text);
    report_buf_puts(b, text);
}

void report_buf_utc(report_buf *b, int64_t unix_s, bool compact)
{
    struct tm tm;
    time_t at = (time_t)unix_s;
    char text[64];
    if (gmtime_r(&at, &tm) == NULL)
        return;
    size_t n = compact ? strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &tm)
                       : strftime(text, sizeof text, "%Y-%m-%d %H:%M UTC", &tm);
    report_buf_put(b, text, n);
}

void report_buf_days(report_buf *b, double days)
{
    char text[64];
    double rounded = round(days * 100) / 100;
    if (rounded == 0)
        rounded = 0; /* no "-0" */
    snprintf(text, sizeof text, "%.2f", rounded);
    char *end = text + strlen(text);
    while (end[-1] == '0')
        *--end = '\0';
    if (end[-1] == '.')
        end[-1] = '\0';
    report_buf_puts(b, text);
}
