/*
 * server/api/status_draft.c - what a status draft starts from: ISO weeks,
 * the live metrics of a program (the schedule and RAID log as pmo report
 * reads them, report_load.h, plus issues and money) and the RAG the
 * program's rules suggest from them.
 */
#include "api/report_load.h"
#include "api/schedule_common.h"
#include "api/status_common.h"
#include "common/daynum.h"
#include "model/status_metrics.h"
#include "model/status_reports.h"
#include "report/markdown.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

char *status_week_of(rpc_call *call, int day)
{
    char text[DAYNUM_WEEK_TEXT];
    daynum_week_format(day, text);
    return arena_strdup(call->arena, text);
}

bool status_week_parse(rpc_call *call, const char *field, const char *text,
                       int *monday)
{
    if (daynum_week_parse(text, monday))
        return true;
    rpc_violation(call, field, "\"%.16s\" is not an ISO week like 2026-W50",
                  text);
    return false;
}

static double status_working_days(const schedule_ctx *ctx, int later,
                                  int earlier)
{
    return schedule_days(sched_cal_end_tick(ctx->cal, later) -
                         sched_cal_end_tick(ctx->cal, earlier));
}

/* Milestones: due in the week, missed, and the next one to come. */
static void status_milestones(rpc_call *call, const report_plan *p, int monday,
                              Pmo__V1__StatusMetrics *m)
{
    int next = -1;
    for (int i = 0; i < p->n_items; i++) {
        const report_item *it = &p->items[i];
        if (!it->milestone || it->summary || it->done)
            continue;
        int due =
            it->target_day != REPORT_NO_DAY ? it->target_day : it->finish_day;
        if (due >= monday && due < monday + 7)
            m->milestones_due++;
        m->milestones_missed += report_milestone_missed(p, it);
        if (next < 0 || it->finish_day < p->items[next].finish_day)
            next = i;
    }
    if (next >= 0) {
        m->next_milestone = arena_printf(
            call->arena, "%s %s", p->items[next].ref, p->items[next].title);
        m->next_milestone_date = schedule_date(call, p->items[next].finish_day);
    }
}

static void status_raid(rpc_call *call, const report_plan *p,
                        Pmo__V1__StatusMetrics *m)
{
    int32_t *zones[] = {&m->risks_low, &m->risks_medium, &m->risks_high};
    for (int i = 0; i < p->n_risks; i++) {
        const report_risk *r = &p->risks[i];
        (*zones[report_risk_zone(r->probability, r->impact)])++;
        int exposure = r->probability * r->impact;
        if (exposure > m->top_risk_exposure) {
            m->top_risk_exposure = exposure;
            m->top_risk = arena_strdup(call->arena, r->title);
        }
    }
    for (int i = 0; i < p->n_actions; i++)
        m->actions_overdue += report_action_overdue(p, &p->actions[i]);
    for (int i = 0; i < p->n_gates; i++)
        m->gates_waiting += report_gate_waiting(p, &p->gates[i]);
}

/* The latest baseline's finish: the last finish among its items. */
static void status_baseline(rpc_call *call, const schedule_ctx *ctx,
                            const report_plan *p, Pmo__V1__StatusMetrics *m)
{
    int finish = REPORT_NO_DAY;
    for (int i = 0; i < p->n_items; i++)
        if (p->items[i].baseline_finish != REPORT_NO_DAY &&
            (finish == REPORT_NO_DAY || p->items[i].baseline_finish > finish))
            finish = p->items[i].baseline_finish;
    m->baseline = arena_strdup(call->arena, p->baseline);
    if (finish == REPORT_NO_DAY)
        return;
    m->baseline_finish = schedule_date(call, finish);
    m->baseline_slip_days = status_working_days(ctx, p->finish_day, finish);
}

int status_metrics_live(rpc_call *call, const char *key, int monday,
                        Pmo__V1__StatusMetrics **out)
{
    schedule_ctx ctx = {0};
    report_plan p;
    int64_t now = (int64_t)time(NULL);
    if (schedule_open(call, key, "", ACCESS_VIEWER, &ctx) != 0 ||
        report_load(call, &ctx, now, &p) != 0) {
        schedule_close(&ctx);
        return -1;
    }
    Pmo__V1__StatusMetrics *m = status_metrics_new(call);
    m->target_finish = schedule_date(call, p.target_finish);
    m->cpm_finish = schedule_date(call, p.finish_day);
    int p80 = p.forecast_runs ? p.forecast_p80 : p.finish_day;
    m->p50_finish =
        schedule_date(call, p.forecast_runs ? p.forecast_p50 : p.finish_day);
    m->p80_finish = schedule_date(call, p80);
    if (p.target_finish != REPORT_NO_DAY)
        m->p80_slip_days = status_working_days(&ctx, p80, p.target_finish);
    status_baseline(call, &ctx, &p, m);
    status_milestones(call, &p, monday, m);
    status_raid(call, &p, m);
    int rc = status_metrics_counts(call, &ctx.prog, m);
    schedule_close(&ctx);
    if (rc != 0)
        return -1;
    *out = m;
    return 0;
}

/* ------------------------------------------------------------ the rules */

typedef struct status_verdict {
    Pmo__V1__Rag rag;
    char *reason;
} status_verdict;

static status_verdict status_schedule_rule(rpc_call *call,
                                           const Pmo__V1__StatusSettings *s,
                                           const Pmo__V1__StatusMetrics *m)
{
    double slip = m->p80_slip_days;
    if (m->target_finish[0] == '\0')
        return (status_verdict){PMO__V1__RAG__RAG_GREEN,
                                "no target finish to miss"};
    char *line = arena_printf(call->arena,
                              "P80 finish %s vs target %s (%+.1f working days)",
                              m->p80_finish, m->target_finish, slip);
    if (s->schedule_red_days > 0 && slip > s->schedule_red_days)
        return (status_verdict){PMO__V1__RAG__RAG_RED, line};
    if (slip > s->schedule_amber_days)
        return (status_verdict){PMO__V1__RAG__RAG_AMBER, line};
    return (status_verdict){PMO__V1__RAG__RAG_GREEN, line};
}

static status_verdict status_risk_rule(rpc_call *call,
                                       const Pmo__V1__StatusSettings *s,
                                       const Pmo__V1__StatusMetrics *m)
{
    int top = m->top_risk_exposure;
    if (top == 0)
        return (status_verdict){PMO__V1__RAG__RAG_GREEN, "no open risks"};
    char *line = arena_printf(
        call->arena, "top open risk \"%s\" at exposure %d", m->top_risk, top);
    if (s->risk_red_exposure > 0 && top >= s->risk_red_exposure)
        return (status_verdict){PMO__V1__RAG__RAG_RED, line};
    if (s->risk_amber_exposure > 0 && top >= s->risk_amber_exposure)
        return (status_verdict){PMO__V1__RAG__RAG_AMBER, line};
    return (status_verdict){PMO__V1__RAG__RAG_GREEN, line};
}

static status_verdict status_budget_rule(rpc_call *call,
                                         const Pmo__V1__StatusSettings *s,
                                         const Pmo__V1__StatusMetrics *m)
{
    if (!m->has_budget || m->budget_minor <= 0)
        return (status_verdict){PMO__V1__RAG__RAG_GREEN, "no budget set"};
    double percent = 100.0 * (double)m->spent_minor / (double)m->budget_minor;
    char *line =
        arena_printf(call->arena, "spent %.0f%% of the budget", percent);
    if (s->budget_red_percent > 0 && percent > s->budget_red_percent)
        return (status_verdict){PMO__V1__RAG__RAG_RED, line};
    if (s->budget_amber_percent > 0 && percent > s->budget_amber_percent)
        return (status_verdict){PMO__V1__RAG__RAG_AMBER, line};
    return (status_verdict){PMO__V1__RAG__RAG_GREEN, line};
}

/* Scope and resources have no metric: green until the author says. */
static status_verdict status_no_rule(rpc_call *call,
                                     const Pmo__V1__StatusSettings *s,
                                     const Pmo__V1__StatusMetrics *m)
{
    (void)call, (void)s, (void)m;
    return (status_verdict){PMO__V1__RAG__RAG_GREEN, ""};
}

typedef status_verdict status_rule_fn(rpc_call *call,
                                      const Pmo__V1__StatusSettings *s,
                                      const Pmo__V1__StatusMetrics *m);

/* By status_dim_names, overall (index 0) aside. */
static status_rule_fn *const status_rules[STATUS_DIMS] = {
    NULL,           status_schedule_rule, status_budget_rule,
    status_no_rule, status_risk_rule,     status_no_rule,
};

void status_suggest(rpc_call *call, const Pmo__V1__StatusSettings *settings,
                    const Pmo__V1__StatusMetrics *metrics,
                    Pmo__V1__StatusReport *r, char **reasons)
{
    Pmo__V1__Rag worst = PMO__V1__RAG__RAG_GREEN;
    int worst_dim = 0;
    for (int i = 1; i < STATUS_DIMS; i++) {
        status_verdict v = status_rules[i](call, settings, metrics);
        status_dim(r, i)->suggested = v.rag;
        reasons[i] = v.reason;
        if (v.rag > worst) {
            worst = v.rag;
            worst_dim = i;
        }
    }
    status_dim(r, 0)->suggested = worst;
    reasons[0] = worst_dim ? arena_printf(call->arena, "%s: %s",
                                          status_dim_names[worst_dim],
                                          reasons[worst_dim])
                           : "every dimension green";
}
