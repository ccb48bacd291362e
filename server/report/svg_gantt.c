/*
 * server/report/svg_gantt.c - the SVG Gantt chart: a label column, a
 * time axis of months, one row per item drawn.
 *
 * The scale fits the whole span (dates, baseline dates and the status
 * date) into GANTT_PLOT_WIDTH pixels, at most twenty-four pixels a day
 * and at least GANTT_MIN_DAY_PX (a program of decades is wider). The axis
 * marks months while a month is GANTT_TICK_PX wide or more, else years
 * (every year, or every few). A bar covers its start day to its finish day,
 * both whole.
 */
#include "report/svg_gantt.h"
#include "common/daynum.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GANTT_LABEL_WIDTH 300
#define GANTT_PLOT_WIDTH  1000
#define GANTT_MIN_DAY_PX  0.1
#define GANTT_TICK_PX     56 /* room for a label */
#define GANTT_HEADER      36
#define GANTT_ROW         22
#define GANTT_BAR         12
#define GANTT_LABEL_MAX   44 /* bytes of a title in a label */

static const char gantt_style[] =
    "<style>"
    "text{font:11px sans-serif;fill:#222}"
    ".axis{stroke:#ccc}"
    ".month{font-weight:bold;fill:#555}"
    ".bar{fill:#4a7bd0}"
    ".summary .bar{fill:#3a3a3a}"
    ".critical .bar{fill:#c9302c}"
    ".progress{fill:#000;opacity:.28}"
    ".ghost{fill:#999;opacity:.45}"
    ".milestone{fill:#3a3a3a}"
    ".milestone.critical{fill:#c9302c}"
    ".dep{stroke:#8a8a8a;fill:none;stroke-width:1}"
    ".status{stroke:#e67e22;stroke-width:2;stroke-dasharray:5 3}"
    ".crit-label{fill:#c9302c;font-weight:bold}"
    "</style>";

void report_gantt_rows_init(report_gantt_rows *r, const report_plan *p)
{
    memset(r, 0, sizeof *r);
    r->rows = xmalloc((size_t)(p->n_items ? p->n_items : 1) * sizeof(int));
    r->collapsed = p->n_items > REPORT_GANTT_MAX_ROWS;
    for (int i = 0; i < p->n_items; i++) {
        const report_item *it = &p->items[i];
        if (r->collapsed && !it->summary && it->depth > 0)
            continue;
        if (r->n == REPORT_GANTT_MAX_ROWS) {
            r->cut = true;
            break;
        }
        r->rows[r->n++] = i;
    }
}

void report_gantt_rows_fini(report_gantt_rows *r)
{
    free(r->rows);
    r->rows = NULL;
    r->n = 0;
}

typedef struct gantt_scale {
    int first, last; /* days shown, inclusive */
    double day_px;
} gantt_scale;

static void gantt_span(gantt_scale *s, int day)
{
    if (day == REPORT_NO_DAY)
        return;
    if (s->first == REPORT_NO_DAY || day < s->first)
        s->first = day;
    if (s->last == REPORT_NO_DAY || day > s->last)
        s->last = day;
}

static void gantt_scale_fit(gantt_scale *s, const report_plan *p,
                            const report_gantt_rows *rows)
{
    s->first = s->last = REPORT_NO_DAY;
    for (int k = 0; k < rows->n; k++) {
        const report_item *it = &p->items[rows->rows[k]];
        gantt_span(s, it->start_day);
        gantt_span(s, it->finish_day);
        gantt_span(s, it->baseline_start);
        gantt_span(s, it->baseline_finish);
    }
    gantt_span(s, p->status_day);
    if (s->first == REPORT_NO_DAY)
        s->first = s->last = 0;
    int days = s->last - s->first + 1;
    s->day_px = (double)GANTT_PLOT_WIDTH / days;
    if (s->day_px > 24)
        s->day_px = 24;
    if (s->day_px < GANTT_MIN_DAY_PX)
        s->day_px = GANTT_MIN_DAY_PX;
}

static double gantt_x(const gantt_scale *s, int day)
{
    return GANTT_LABEL_WIDTH + (day - s->first) * s->day_px;
}

static double gantt_row_y(int row)
{
    return GANTT_HEADER + row * GANTT_ROW;
}

/* The first n bytes of s, cut back to a character boundary. */
static void gantt_html_prefix(report_buf *b, const char *s, size_t n)
{
    size_t len = strlen(s);
    if (len <= n) {
        report_buf_html(b, s);
        return;
    }
    while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
        n--;
    char *cut = xstrndup(s, n);
    report_buf_html(b, cut);
    report_buf_puts(b, "\xe2\x80\xa6"); /* an ellipsis */
    free(cut);
}

static void gantt_axis(const gantt_scale *s, int n_rows, report_buf *out)
{
    double bottom = gantt_row_y(n_rows);
    /* Months apart of two marks: one, or whole years. */
    int step = 1;
    if (30.4 * s->day_px < GANTT_TICK_PX) {
        int years = (int)(GANTT_TICK_PX / (365.25 * s->day_px)) + 1;
        step = 12 * years;
    }
    int y, m, d;
    daynum_to_civil(s->first, &y, &m, &d);
    if (step > 1)
        m = 1;
    for (int day = daynum_from_civil(y, m, 1); day <= s->last + 1;) {
        int ny = y + (m + step - 1) / 12, nm = (m + step - 1) % 12 + 1;
        int next = daynum_from_civil(ny, nm, 1);
        int mark = day < s->first ? s->first : day;
        double x = gantt_x(s, mark);
        report_buf_printf(out,
                          "<line class=\"axis\" x1=\"%.1f\" y1=\"%d\" "
                          "x2=\"%.1f\" y2=\"%.1f\"/>",
                          x, GANTT_HEADER - 14, x, bottom);
        /* The mark the chart's start pulled in is labelled if it fits. */
        bool crowded = day < s->first && next <= s->last + 1 &&
                       gantt_x(s, next) - x < GANTT_TICK_PX;
        if (!crowded) {
            char label[16];
            if (step == 1)
                snprintf(label, sizeof label, "%04d-%02d", y, m);
            else
                snprintf(label, sizeof label, "%04d", y);
            report_buf_printf(out,
                              "<text class=\"month\" x=\"%.1f\" y=\"%d\">"
                              "%s</text>\n",
                              x + 3, GANTT_HEADER - 18, label);
        }
        y = ny;
        m = nm;
        day = next;
    }
}

static void gantt_label(const report_item *it, int row, report_buf *out)
{
    report_buf_printf(out, "<text x=\"%d\" y=\"%.1f\"%s>", 4 + it->depth * 10,
                      gantt_row_y(row) + GANTT_ROW / 2.0 + 4,
                      it->critical ? " class=\"crit-label\"" : "");
    report_buf_html(out, it->ref);
    report_buf_putc(out, ' ');
    gantt_html_prefix(out, it->title, GANTT_LABEL_MAX);
    report_buf_puts(out, "</text>");
}

static void gantt_title(const report_item *it, report_buf *out)
{
    report_buf_puts(out, "<title>");
    report_buf_html(out, it->ref);
    report_buf_putc(out, ' ');
    report_buf_html(out, it->title);
    report_buf_puts(out, ": ");
    report_buf_date(out, it->start_day);
    report_buf_puts(out, " to ");
    report_buf_date(out, it->finish_day);
    report_buf_puts(out, ", float ");
    report_buf_days(out, it->float_days);
    report_buf_puts(out, "</title>");
}

static void gantt_item(const report_item *it, const gantt_scale *s, int row,
                       report_buf *out)
{
    double top = gantt_row_y(row);
    double bar_y = top + (GANTT_ROW - GANTT_BAR) / 2.0 - 2;
    if (it->baseline_start != REPORT_NO_DAY &&
        it->baseline_finish != REPORT_NO_DAY) {
        double bx = gantt_x(s, it->baseline_start);
        double bw = (it->baseline_finish - it->baseline_start + 1) * s->day_px;
        report_buf_printf(out,
                          "<rect class=\"ghost\" x=\"%.1f\" y=\"%.1f\" "
                          "width=\"%.1f\" height=\"4\"/>",
                          bx, bar_y + GANTT_BAR + 1, bw);
    }
    if (it->start_day == REPORT_NO_DAY || it->finish_day == REPORT_NO_DAY)
        return;
    if (it->milestone) {
        double cx = gantt_x(s, it->finish_day) + s->day_px / 2;
        double cy = bar_y + GANTT_BAR / 2.0, r = GANTT_BAR / 2.0 + 1;
        report_buf_printf(out,
                          "<polygon class=\"milestone%s\" points=\"%.1f,%.1f "
                          "%.1f,%.1f %.1f,%.1f %.1f,%.1f\">",
                          it->critical ? " critical" : "", cx, cy - r, cx + r,
                          cy, cx, cy + r, cx - r, cy);
        gantt_title(it, out);
        report_buf_puts(out, "</polygon>\n");
        return;
    }
    double x = gantt_x(s, it->start_day);
    double w = (it->finish_day - it->start_day + 1) * s->day_px;
    if (w < 1)
        w = 1; /* a day on a chart of decades still shows */
    report_buf_printf(out, "<g class=\"item%s%s\">",
                      it->summary ? " summary" : "",
                      it->critical ? " critical" : "");
    gantt_title(it, out);
    report_buf_printf(out,
                      "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" "
                      "width=\"%.1f\" height=\"%d\"/>",
                      x, bar_y, w, GANTT_BAR);
    if (it->percent > 0)
        report_buf_printf(out,
                          "<rect class=\"progress\" x=\"%.1f\" y=\"%.1f\" "
                          "width=\"%.1f\" height=\"%d\"/>",
                          x, bar_y + GANTT_BAR / 2.0 - 2,
                          w * (it->percent > 100 ? 100 : it->percent) / 100.0,
                          4);
    report_buf_puts(out, "</g>\n");
}

/* Where a link leaves its predecessor and reaches its successor. */
static void gantt_links(const report_plan *p, const report_gantt_rows *rows,
                        const gantt_scale *s, report_buf *out)
{
    int *row_of = xmalloc((size_t)(p->n_items ? p->n_items : 1) * sizeof(int));
    for (int i = 0; i < p->n_items; i++)
        row_of[i] = -1;
    for (int k = 0; k < rows->n; k++)
        row_of[rows->rows[k]] = k;
    report_buf_puts(out, "<g class=\"deps\">");
    for (int l = 0; l < p->n_links; l++) {
        int from = row_of[p->links[l].pred], to = row_of[p->links[l].succ];
        if (from < 0 || to < 0)
            continue;
        const report_item *a = &p->items[p->links[l].pred];
        const report_item *b = &p->items[p->links[l].succ];
        if (a->finish_day == REPORT_NO_DAY || b->start_day == REPORT_NO_DAY)
            continue;
        double x1 = gantt_x(s, a->finish_day + 1);
        double x2 = gantt_x(s, b->start_day);
        double y1 = gantt_row_y(from) + GANTT_ROW / 2.0 - 2;
        double y2 = gantt_row_y(to) + GANTT_ROW / 2.0 - 2;
        report_buf_printf(out,
                          "<path class=\"dep\" d=\"M%.1f %.1fh4V%.1fH%.1f\"/>",
                          x1, y1, y2, x2);
    }
    report_buf_puts(out, "</g>\n");
    free(row_of);
}

void report_svg_gantt(const report_plan *p, const report_gantt_rows *rows,
                      report_buf *out)
{
    gantt_scale s;
    gantt_scale_fit(&s, p, rows);
    double width = gantt_x(&s, s.last + 1) + 20;
    double height = gantt_row_y(rows->n) + 10;
    report_buf_printf(out,
                      "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                      "class=\"gantt\" width=\"%.0f\" height=\"%.0f\" "
                      "viewBox=\"0 0 %.0f %.0f\" role=\"img\">\n",
                      width, height, width, height);
    report_buf_puts(out, gantt_style);
    report_buf_puts(out, "\n");
    gantt_axis(&s, rows->n, out);
    for (int k = 0; k < rows->n; k++)
        gantt_label(&p->items[rows->rows[k]], k, out);
    report_buf_puts(out, "\n");
    gantt_links(p, rows, &s, out);
    for (int k = 0; k < rows->n; k++)
        gantt_item(&p->items[rows->rows[k]], &s, k, out);
    if (p->status_day != REPORT_NO_DAY) {
        double x = gantt_x(&s, p->status_day);
        report_buf_printf(out,
                          "<line class=\"status\" x1=\"%.1f\" y1=\"%d\" "
                          "x2=\"%.1f\" y2=\"%.1f\"><title>status date ",
                          x, GANTT_HEADER - 8, x, gantt_row_y(rows->n));
        report_buf_date(out, p->status_day);
        report_buf_puts(out, "</title></line>\n");
    }
    report_buf_puts(out, "</svg>\n");
}
