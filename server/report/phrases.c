/* server/report/phrases.c - sentences shared by the Markdown and HTML. */
#include "report/phrases.h"

#include <inttypes.h>

void report_phrase_date(report_buf *b, int day)
{
    if (day == REPORT_NO_DAY)
        report_buf_puts(b, "-");
    else
        report_buf_date(b, day);
}

void report_phrase_target(report_buf *b, const report_plan *p,
                          const char *late_open, const char *late_close)
{
    if (p->target_finish == REPORT_NO_DAY) {
        report_buf_puts(b, "none set");
        return;
    }
    report_buf_date(b, p->target_finish);
    if (p->slip_days > 0) {
        report_buf_puts(b, " (");
        report_buf_puts(b, late_open);
        report_buf_days(b, p->slip_days);
        report_buf_puts(b, " working days late");
        report_buf_puts(b, late_close);
        report_buf_puts(b, ")");
    } else {
        report_buf_puts(b, " (on track, ");
        report_buf_days(b, -p->slip_days);
        report_buf_puts(b, " working days to spare)");
    }
}

void report_phrase_forecast(report_buf *b, const report_plan *p)
{
    if (p->forecast_runs == 0) {
        report_buf_puts(b, "not made (the plan is too large for a quick one; "
                           "see pmo forecast)");
        return;
    }
    report_buf_puts(b, "P50 ");
    report_phrase_date(b, p->forecast_p50);
    report_buf_puts(b, ", P80 ");
    report_phrase_date(b, p->forecast_p80);
    if (p->forecast_has_target)
        report_buf_printf(b, ", %.0f%% chance of meeting the target",
                          p->forecast_on_target * 100);
    report_buf_printf(b, " (Monte Carlo, %d runs)", p->forecast_runs);
}

int report_path_shown(const report_plan *p)
{
    return p->n_critical_path < REPORT_PATH_SHOWN ? p->n_critical_path
                                                  : REPORT_PATH_SHOWN;
}

void report_phrase_path_rest(report_buf *b, const report_plan *p,
                             report_escape_fn *esc)
{
    report_buf_printf(b, "and %d more critical items (pmo critical-path ",
                      p->n_critical_path - report_path_shown(p));
    esc(b, p->key);
    report_buf_puts(b, " lists them all)");
}

void report_phrase_path_item(report_buf *b, const report_item *it,
                             report_escape_fn *esc)
{
    esc(b, it->ref);
    report_buf_putc(b, ' ');
    esc(b, it->title);
    report_buf_puts(b, " (");
    report_phrase_date(b, it->start_day);
    report_buf_puts(b, " to ");
    report_phrase_date(b, it->finish_day);
    report_buf_puts(b, ", float ");
    report_buf_days(b, it->float_days);
    if (it->owner[0]) {
        report_buf_puts(b, ", ");
        esc(b, it->owner);
    }
    report_buf_puts(b, ")");
}

void report_phrase_action(report_buf *b, const report_action *a,
                          report_escape_fn *esc)
{
    report_buf_printf(b, "#%" PRId64 " ", a->id);
    esc(b, a->title);
    report_buf_puts(b, " (");
    esc(b, a->owner[0] ? a->owner : "no owner");
    report_buf_puts(b, ", due ");
    report_phrase_date(b, a->due_day);
    report_buf_puts(b, ")");
}

void report_phrase_gate(report_buf *b, const report_plan *p,
                        const report_gate *g, report_escape_fn *esc)
{
    esc(b, g->name);
    if (g->item >= 0) {
        report_buf_puts(b, " on ");
        esc(b, p->items[g->item].ref);
        report_buf_puts(b, ", forecast ");
        report_phrase_date(b, p->items[g->item].finish_day);
    }
    report_buf_printf(b, ": %d of %d criteria signed", g->signed_off,
                      g->criteria);
}
