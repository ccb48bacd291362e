/* server/report/html.c - the program report as one HTML page. */
#include "report/html.h"
#include "report/markdown.h"
#include "report/phrases.h"
#include "report/svg_gantt.h"

#include <inttypes.h>

static const char html_style[] =
    "<style>"
    "body{font:14px/1.45 sans-serif;color:#222;margin:24px;max-width:1400px}"
    "h1{font-size:22px;margin:0 0 4px}"
    "h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd}"
    ".made{color:#666;margin:0 0 16px}"
    "table{border-collapse:collapse}"
    "th,td{border:1px solid #ddd;padding:3px 8px;text-align:left}"
    "th{background:#f4f4f4}"
    "td.num{text-align:right}"
    ".late{color:#c9302c;font-weight:bold}"
    ".note{background:#fff6d6;border:1px solid #e8d27a;padding:6px 10px}"
    ".heat td{width:44px;height:32px;text-align:center;font-weight:bold}"
    ".heat .low{background:#c8e6c9}"
    ".heat .medium{background:#ffe08a}"
    ".heat .high{background:#f4a3a0}"
    ".heat th{font-weight:normal}"
    ".chart{overflow-x:auto}"
    "</style>";

static const char *const zone_class[] = {"low", "medium", "high"};

static void html_fact(report_buf *b, const char *name)
{
    report_buf_puts(b, "<tr><th>");
    report_buf_puts(b, name);
    report_buf_puts(b, "</th><td>");
}

static void html_summary(const report_plan *p, report_buf *b)
{
    report_buf_puts(b, "<h1>");
    report_buf_html(b, p->key);
    if (p->name[0]) {
        report_buf_puts(b, ": ");
        report_buf_html(b, p->name);
    }
    report_buf_puts(b, "</h1>\n<p class=\"made\">Program report made ");
    report_buf_utc(b, p->made_at, false);
    report_buf_puts(b, "</p>\n<table class=\"facts\">\n");
    html_fact(b, "Status date");
    report_phrase_date(b, p->status_day);
    report_buf_puts(b, "</td></tr>\n");
    html_fact(b, "Schedule");
    report_phrase_date(b, p->start_day);
    report_buf_puts(b, " to ");
    report_phrase_date(b, p->finish_day);
    report_buf_puts(b, "</td></tr>\n");
    html_fact(b, "Target finish");
    report_phrase_target(b, p, "<span class=\"late\">", "</span>");
    report_buf_puts(b, "</td></tr>\n");
    html_fact(b, "Forecast finish");
    report_phrase_forecast(b, p);
    report_buf_puts(b, "</td></tr>\n");
    html_fact(b, "Work items");
    report_buf_printf(b, "%d</td></tr>\n", p->n_items);
    if (p->baseline[0]) {
        html_fact(b, "Baseline");
        report_buf_html(b, p->baseline);
        report_buf_puts(b, " (grey bars under the chart's)</td></tr>\n");
    }
    report_buf_puts(b, "</table>\n");
}

static void html_chart(const report_plan *p, report_buf *b)
{
    report_gantt_rows rows;
    report_gantt_rows_init(&rows, p);
    report_buf_puts(b, "<h2>Schedule</h2>\n");
    if (rows.collapsed)
        report_buf_printf(b,
                          "<p class=\"note\">This program has %d work items, "
                          "more than the %d a chart can show: it shows %s%d "
                          "summary and top-level items only.</p>\n",
                          p->n_items, REPORT_GANTT_MAX_ROWS,
                          rows.cut ? "the first " : "", rows.n);
    report_buf_puts(b, "<div class=\"chart\">\n");
    report_svg_gantt(p, &rows, b);
    report_buf_puts(b, "</div>\n<p class=\"made\">Red: critical. Diamonds: "
                       "milestones. Dashed orange: the status date. Lines: "
                       "dependencies.</p>\n");
    report_gantt_rows_fini(&rows);
}

static void html_milestones(const report_plan *p, report_buf *b)
{
    report_buf_puts(b, "<h2>Milestones</h2>\n");
    int shown = 0;
    for (int i = 0; i < p->n_items; i++) {
        const report_item *it = &p->items[i];
        if (!it->milestone)
            continue;
        if (shown++ == 0)
            report_buf_puts(b, "<table><tr><th>Milestone</th><th>Title</th>"
                               "<th>Forecast</th><th>Target</th>"
                               "<th>Float (days)</th><th>State</th></tr>\n");
        bool missed = report_milestone_missed(p, it);
        report_buf_puts(b, "<tr><td>");
        report_buf_html(b, it->ref);
        report_buf_puts(b, "</td><td>");
        report_buf_html(b, it->title);
        report_buf_puts(b, "</td><td>");
        report_phrase_date(b, it->finish_day);
        report_buf_puts(b, "</td><td>");
        report_phrase_date(b, it->target_day);
        report_buf_puts(b, "</td><td class=\"num\">");
        report_buf_days(b, it->float_days);
        report_buf_puts(b, it->done ? "</td><td>done"
                           : missed ? "</td><td class=\"late\">missed"
                                    : "</td><td>due");
        report_buf_puts(b, "</td></tr>\n");
    }
    report_buf_puts(b, shown ? "</table>\n" : "<p>None.</p>\n");
}

static void html_critical_path(const report_plan *p, report_buf *b)
{
    report_buf_puts(b, "<h2>Critical path</h2>\n");
    if (p->n_critical_path == 0) {
        report_buf_puts(b, "<p>No unfinished work is critical.</p>\n");
        return;
    }
    int shown = report_path_shown(p);
    report_buf_puts(b, "<ol>\n");
    for (int k = 0; k < shown; k++) {
        report_buf_puts(b, "<li>");
        report_phrase_path_item(b, &p->items[p->critical_path[k]],
                                report_buf_html);
        report_buf_puts(b, "</li>\n");
    }
    report_buf_puts(b, "</ol>\n");
    if (shown < p->n_critical_path) {
        report_buf_puts(b, "<p>");
        report_phrase_path_rest(b, p, report_buf_html);
        report_buf_puts(b, ".</p>\n");
    }
}

static void html_heat_map(const report_plan *p, report_buf *b)
{
    int count[6][6] = {{0}};
    for (int i = 0; i < p->n_risks; i++) {
        const report_risk *r = &p->risks[i];
        if (r->probability >= 1 && r->probability <= 5 && r->impact >= 1 &&
            r->impact <= 5)
            count[r->probability][r->impact]++;
    }
    report_buf_printf(b,
                      "<h2>Risks</h2>\n<p>%d open risks: probability "
                      "in rows, impact in columns.</p>\n"
                      "<table class=\"heat\">\n",
                      p->n_risks);
    for (int prob = 5; prob >= 1; prob--) {
        report_buf_printf(b, "<tr><th>%d</th>", prob);
        for (int imp = 1; imp <= 5; imp++) {
            report_buf_printf(b, "<td class=\"%s\">",
                              zone_class[report_risk_zone(prob, imp)]);
            if (count[prob][imp])
                report_buf_printf(b, "%d", count[prob][imp]);
            report_buf_puts(b, "</td>");
        }
        report_buf_puts(b, "</tr>\n");
    }
    report_buf_puts(b, "<tr><th>P \xc3\x97 I</th>");
    for (int imp = 1; imp <= 5; imp++)
        report_buf_printf(b, "<th>%d</th>", imp);
    report_buf_puts(b, "</tr>\n</table>\n");
    if (p->n_risks == 0)
        return;
    report_buf_puts(b, "<h3>Open risks by exposure</h3>\n<table><tr>"
                       "<th>Exposure</th><th>P x I</th><th>Risk</th>"
                       "<th>Owner</th></tr>\n");
    for (int i = 0; i < p->n_risks; i++) {
        const report_risk *r = &p->risks[i];
        report_buf_printf(b,
                          "<tr><td class=\"num\">%d</td><td>%d x %d</td>"
                          "<td>#%" PRId64 " ",
                          r->probability * r->impact, r->probability, r->impact,
                          r->id);
        report_buf_html(b, r->title);
        report_buf_puts(b, "</td><td>");
        report_buf_html(b, r->owner[0] ? r->owner : "-");
        report_buf_puts(b, "</td></tr>\n");
    }
    report_buf_puts(b, "</table>\n");
}

static void html_actions(const report_plan *p, report_buf *b)
{
    report_buf_puts(b, "<h2>Overdue actions</h2>\n");
    int shown = 0;
    for (int i = 0; i < p->n_actions; i++) {
        const report_action *a = &p->actions[i];
        if (!report_action_overdue(p, a))
            continue;
        report_buf_puts(b, shown++ ? "<li>" : "<ul>\n<li>");
        report_phrase_action(b, a, report_buf_html);
        report_buf_puts(b, "</li>\n");
    }
    report_buf_puts(b, shown ? "</ul>\n" : "<p>None.</p>\n");
}

static void html_gates(const report_plan *p, report_buf *b)
{
    report_buf_puts(b, "<h2>Gates waiting</h2>\n");
    int shown = 0;
    for (int i = 0; i < p->n_gates; i++) {
        const report_gate *g = &p->gates[i];
        if (!report_gate_waiting(p, g))
            continue;
        report_buf_puts(b, shown++ ? "<li>" : "<ul>\n<li>");
        report_phrase_gate(b, p, g, report_buf_html);
        report_buf_puts(b, "</li>\n");
    }
    report_buf_puts(b, shown ? "</ul>\n" : "<p>None.</p>\n");
}

void report_html(const report_plan *p, report_buf *out)
{
    report_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
                         "<meta charset=\"utf-8\">\n<title>");
    report_buf_html(out, p->key);
    if (p->name[0]) {
        report_buf_puts(out, ": ");
        report_buf_html(out, p->name);
    }
    report_buf_puts(out, "</title>\n");
    report_buf_puts(out, html_style);
    report_buf_puts(out, "\n</head>\n<body>\n");
    html_summary(p, out);
    html_chart(p, out);
    html_milestones(p, out);
    html_critical_path(p, out);
    html_heat_map(p, out);
    html_actions(p, out);
    html_gates(p, out);
    report_buf_puts(out, "</body>\n</html>\n");
}
