/* server/report/report.c - what every renderer reads the same way. */
#include "report/report.h"

report_zone report_risk_zone(int probability, int impact)
{
    int exposure = probability * impact;
    if (exposure >= 10)
        return REPORT_ZONE_HIGH;
    return exposure >= 5 ? REPORT_ZONE_MEDIUM : REPORT_ZONE_LOW;
}

bool report_action_overdue(const report_plan *p, const report_action *a)
{
    return a->open && a->due_day != REPORT_NO_DAY && a->due_day < p->status_day;
}

bool report_gate_waiting(const report_plan *p, const report_gate *g)
{
    return g->signed_off < g->criteria &&
           (g->item < 0 || !p->items[g->item].done);
}
