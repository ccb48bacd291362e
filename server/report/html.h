/*
 * server/report/html.h - one self-contained HTML page per program: the
 * summary, the SVG Gantt chart (svg_gantt.h), milestones, the critical
 * path, the 5x5 risk heat map with the open risks, overdue action items
 * and gates waiting.
 *
 * The page loads nothing (styles inline, the chart inline) and runs no
 * script, so it can be mailed, archived or opened offline. Every text
 * from the plan is escaped for HTML. When the chart draws only summary
 * items (a plan above REPORT_GANTT_MAX_ROWS items), the page says so.
 */
#ifndef PMO_SERVER_REPORT_HTML_H
#define PMO_SERVER_REPORT_HTML_H

#include "report/report.h"
#include "report/report_buf.h"

void report_html(const report_plan *p, report_buf *out);

#endif
