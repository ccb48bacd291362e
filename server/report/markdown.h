/*
 * server/report/markdown.h - a program's summary in Markdown, to paste
 * into mail: dates against the target, milestones due and missed, the
 * critical path, open risks by exposure, overdue action items and gates
 * waiting for sign-off.
 *
 * Text from the plan is escaped so that no title can open a link, a
 * table cell or emphasis: the characters Markdown gives meaning to get a
 * backslash, and line breaks become spaces.
 */
#ifndef PMO_SERVER_REPORT_MARKDOWN_H
#define PMO_SERVER_REPORT_MARKDOWN_H

#include "report/report.h"
#include "report/report_buf.h"

/* s as Markdown text, inline. */
void report_md_text(report_buf *b, const char *s);

/*
 * Whether a milestone is missed: not done, and its target has passed or
 * its forecast falls after it.
 */
bool report_milestone_missed(const report_plan *p, const report_item *it);

void report_markdown(const report_plan *p, report_buf *out);

#endif
