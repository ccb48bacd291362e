/*
 * server/report/svg_gantt.h - the schedule as an SVG Gantt chart, for the
 * HTML report (html.h) or on its own.
 *
 * One row per item drawn. A task or summary is one <rect class="bar">
 * (the only elements of that class), inside a <g class="item"> that also
 * carries "critical" and "summary" as they apply, with a <title> naming
 * it; its progress is a rect of class "progress" over it. A milestone is
 * a diamond, <polygon class="milestone">. With a baseline, an item's
 * baseline dates are a ghost bar under its own (<rect class="ghost">).
 * Dependencies between drawn rows are lines of class "dep"; the status
 * date is a dashed line of class "status". The chart's styles are inside
 * it, so it needs nothing from the page.
 *
 * Above REPORT_GANTT_MAX_ROWS items only summaries and the items at the
 * top of the breakdown are drawn (the HTML says so), and at most
 * REPORT_GANTT_MAX_ROWS of those.
 */
#ifndef PMO_SERVER_REPORT_SVG_GANTT_H
#define PMO_SERVER_REPORT_SVG_GANTT_H

#include "report/report.h"
#include "report/report_buf.h"

#include <stdbool.h>

#define REPORT_GANTT_MAX_ROWS 300

typedef struct report_gantt_rows {
    int *rows; /* item indexes, in breakdown order; heap */
    int n;
    bool collapsed; /* only summaries and top-level items */
    bool cut;       /* and not all of those either */
} report_gantt_rows;

/* Which items p's chart draws; free with report_gantt_rows_fini. */
void report_gantt_rows_init(report_gantt_rows *r, const report_plan *p);
void report_gantt_rows_fini(report_gantt_rows *r);

/* Draws rows of p. */
void report_svg_gantt(const report_plan *p, const report_gantt_rows *rows,
                      report_buf *out);

#endif
