/* server/report/markdown.c - the program summary in Markdown. */
#include "report/markdown.h"
#include "report/phrases.h"

#include <inttypes.h>
#include <string.h>

void report_md_text(report_buf *b, const char *s)
{
    for (; *s; s++) {
        if (*s == '\n' || *s == '\r' || *s == '\t') {
            report_buf_putc(b, ' ');
            continue;
        }
        if (strchr("\\`*_[]<>|#!~", *s) != NULL)
            report_buf_putc(b, '\\');
        report_buf_putc(b, *s);
    }
}

bool report_milestone_missed(const report_plan *p, const report_item *it)
{
    if (it->done || it->target_day == REPORT_NO_DAY)
        return false;
    return it->target_day < p->status_day || it->finish_day > it->target_day;
}

static void md_header(const report_plan *p, report_buf *b)
{
    report_buf_puts(b, "# ");
    report_md_text(b, p->key);
    if (p->name[0]) {
        report_buf_puts(b, ": ");
        report_md_text(b, p->name);
    }
    report_buf_puts(b, "\n\n- Status date: ");
    report_phrase_date(b, p->status_day);
    report_buf_puts(b, "\n- Schedule: ");
    report_phrase_date(b, p->start_day);
    report_buf_puts(b, " to ");
    report_phrase_date(b, p->finish_day);
    report_buf_puts(b, "\n- Target finish: ");
    report_phrase_target(b, p, "**", "**");
    report_buf_puts(b, "\n- Forecast finish: ");
    report_phrase_forecast(b, p);
    report_buf_printf(b, "\n- Work items: %d", p->n_items);
    if (p->baseline[0]) {
        report_buf_puts(b, "\n- Baseline: ");
        report_md_text(b, p->baseline);
    }
    report_buf_puts(b, "\n");
}

/* The milestones that missed is true or false of, as a table. */
static void md_milestones(const report_plan *p, report_buf *b, bool missed,
                          const char *title)
{
    report_buf_printf(b, "\n## %s\n\n", title);
    int shown = 0;
    for (int i = 0; i < p->n_items; i++) {
        const report_item *it = &p->items[i];
        if (!it->milestone || it->done ||
            report_milestone_missed(p, it) != missed)
            continue;
        if (shown++ == 0)
            report_buf_puts(b, "| Milestone | Title | Forecast | Target | "
                               "Float (days) |\n|---|---|---|---|---:|\n");
        report_buf_puts(b, "| ");
        report_md_text(b, it->ref);
        report_buf_puts(b, " | ");
        report_md_text(b, it->title);
        report_buf_puts(b, " | ");
        report_phrase_date(b, it->finish_day);
        report_buf_puts(b, " | ");
        report_phrase_date(b, it->target_day);
        report_buf_puts(b, " | ");
        report_buf_days(b, it->float_days);
        report_buf_puts(b, " |\n");
    }
    if (shown == 0)
        report_buf_puts(b, "None.\n");
}

static void md_critical_path(const report_plan *p, report_buf *b)
{
    report_buf_puts(b, "\n## Critical path\n\n");
    int shown = report_path_shown(p);
    for (int k = 0; k < shown; k++) {
        report_buf_printf(b, "%d. ", k + 1);
        report_phrase_path_item(b, &p->items[p->critical_path[k]],
                                report_md_text);
        report_buf_puts(b, "\n");
    }
    if (shown == 0)
        report_buf_puts(b, "No unfinished work is critical.\n");
    if (shown < p->n_critical_path) {
        report_buf_puts(b, "\n");
        report_phrase_path_rest(b, p, report_md_text);
        report_buf_puts(b, ".\n");
    }
}

static void md_risks(const report_plan *p, report_buf *b)
{
    static const char *const zone_names[] = {"low", "medium", "high"};
    report_buf_puts(b, "\n## Open risks by exposure\n\n");
    if (p->n_risks == 0) {
        report_buf_puts(b, "None.\n");
        return;
    }
    report_buf_puts(b, "| Exposure | P x I | Risk | Owner |\n"
                       "|---:|---|---|---|\n");
    for (int i = 0; i < p->n_risks; i++) {
        const report_risk *r = &p->risks[i];
        report_buf_printf(
            b, "| %d (%s) | %d x %d | #%" PRId64 " ",
            r->probability * r->impact,
            zone_names[report_risk_zone(r->probability, r->impact)],
            r->probability, r->impact, r->id);
        report_md_text(b, r->title);
        report_buf_puts(b, " | ");
        report_md_text(b, r->owner[0] ? r->owner : "-");
        report_buf_puts(b, " |\n");
    }
}

static void md_actions(const report_plan *p, report_buf *b)
{
    report_buf_puts(b, "\n## Overdue actions\n\n");
    int shown = 0;
    for (int i = 0; i < p->n_actions; i++) {
        const report_action *a = &p->actions[i];
        if (!report_action_overdue(p, a))
            continue;
        shown++;
        report_buf_puts(b, "- ");
        report_phrase_action(b, a, report_md_text);
        report_buf_puts(b, "\n");
    }
    if (shown == 0)
        report_buf_puts(b, "None.\n");
}

static void md_gates(const report_plan *p, report_buf *b)
{
    report_buf_puts(b, "\n## Gates waiting\n\n");
    int shown = 0;
    for (int i = 0; i < p->n_gates; i++) {
        const report_gate *g = &p->gates[i];
        if (!report_gate_waiting(p, g))
            continue;
        shown++;
        report_buf_puts(b, "- ");
        report_phrase_gate(b, p, g, report_md_text);
        report_buf_puts(b, "\n");
    }
    if (shown == 0)
        report_buf_puts(b, "None.\n");
}

void report_markdown(const report_plan *p, report_buf *out)
{
    md_header(p, out);
    md_milestones(p, out, true, "Milestones missed");
    md_milestones(p, out, false, "Milestones due");
    md_critical_path(p, out);
    md_risks(p, out);
    md_actions(p, out);
    md_gates(p, out);
}
