/* server/report/csv.c - RFC 4180 records, and the schedule as CSV. */
#include "report/csv.h"

#include <stdio.h>
#include <string.h>

void report_csv_field(report_buf *b, const char *field)
{
    if (strpbrk(field, ",\"\r\n") == NULL) {
        report_buf_puts(b, field);
        return;
    }
    report_buf_putc(b, '"');
    for (const char *run = field;; field++) {
        if (*field != '"' && *field != '\0')
            continue;
        /* A quote goes out with the run before it, and again after. */
        report_buf_put(b, run, (size_t)(field - run) + (*field == '"'));
        if (*field == '\0')
            break;
        run = field;
    }
    report_buf_putc(b, '"');
}

void report_csv_record(report_buf *b, const char *const *fields, int n)
{
    for (int i = 0; i < n; i++) {
        if (i > 0)
            report_buf_putc(b, ',');
        report_csv_field(b, fields[i]);
    }
    report_buf_puts(b, "\r\n");
}

static const char *const csv_schedule_header[] = {
    "ref",   "title",    "project", "start", "finish",
    "float", "critical", "percent", "owner",
};
#define CSV_SCHEDULE_FIELDS                                                    \
    (int)(sizeof csv_schedule_header / sizeof csv_schedule_header[0])

void report_csv_schedule(const report_plan *p, report_buf *out)
{
    report_csv_record(out, csv_schedule_header, CSV_SCHEDULE_FIELDS);
    /* Dates, numbers and flags are made in one scratch buffer. */
    report_buf scratch;
    report_buf_init(&scratch);
    for (int i = 0; i < p->n_items; i++) {
        const report_item *it = &p->items[i];
        size_t at[3];
        scratch.len = 0;
        report_buf_date(&scratch, it->start_day);
        report_buf_putc(&scratch, '\0');
        at[0] = scratch.len;
        report_buf_date(&scratch, it->finish_day);
        report_buf_putc(&scratch, '\0');
        at[1] = scratch.len;
        report_buf_days(&scratch, it->float_days);
        report_buf_putc(&scratch, '\0');
        at[2] = scratch.len;
        report_buf_printf(&scratch, "%d", it->percent);
        const char *fields[] = {
            it->ref,
            it->title,
            it->project,
            scratch.data,
            scratch.data + at[0],
            scratch.data + at[1],
            it->critical ? "yes" : "no",
            scratch.data + at[2],
            it->owner,
        };
        report_csv_record(out, fields, CSV_SCHEDULE_FIELDS);
    }
    report_buf_fini(&scratch);
}
