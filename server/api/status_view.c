/*
 * server/api/status_view.c - StatusService/DiffStatus and RenderStatus:
 * two weeks of a program compared field by field (metrics included), and
 * one report as Markdown (server/report/status_md.h).
 */
#include "api/status_common.h"
#include "model/money.h"
#include "model/status_metrics.h"
#include "model/status_reports.h"
#include "report/status_md.h"

#include <stdio.h>
#include <string.h>

/* ----------------------------------------------------------------- diff */

static char *status_joined(rpc_call *call, char **items, size_t n)
{
    char *s = "";
    for (size_t i = 0; i < n; i++)
        s = arena_printf(call->arena, "%s%s%s", s, i ? "; " : "", items[i]);
    return s;
}

typedef struct status_changes {
    Pmo__V1__StatusChange **list;
    size_t n, cap;
} status_changes;

static void status_change_add(rpc_call *call, status_changes *c,
                              const char *field, const char *before,
                              const char *after)
{
    if (strcmp(before, after) == 0)
        return;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 32;
        Pmo__V1__StatusChange **list =
            arena_alloc(call->arena, cap * sizeof(*list));
        if (c->n)
            memcpy(list, c->list, c->n * sizeof(*list));
        c->list = list;
        c->cap = cap;
    }
    Pmo__V1__StatusChange *ch = arena_alloc(call->arena, sizeof *ch);
    pmo__v1__status_change__init(ch);
    ch->field = arena_strdup(call->arena, field);
    ch->before = (char *)before;
    ch->after = (char *)after;
    c->list[c->n++] = ch;
}

static void status_diff(rpc_call *call, Pmo__V1__StatusReport *a,
                        Pmo__V1__StatusReport *b, status_changes *c)
{
    static const char *const states[] = {"-", "draft", "in_review", "approved",
                                         "published"};
    status_change_add(call, c, "state", states[a->state], states[b->state]);
    for (int i = 0; i < STATUS_DIMS; i++) {
        char field[48];
        snprintf(field, sizeof field, "%s.rag", status_dim_names[i]);
        status_change_add(call, c, field,
                          status_rag_name(status_dim(a, i)->rag),
                          status_rag_name(status_dim(b, i)->rag));
        snprintf(field, sizeof field, "%s.reason", status_dim_names[i]);
        status_change_add(call, c, field, status_dim(a, i)->reason,
                          status_dim(b, i)->reason);
    }
    status_change_add(call, c, "summary", a->summary, b->summary);
    for (size_t i = 0; i < STATUS_LISTS; i++) {
        const status_list *l = &status_lists[i];
        status_change_add(
            call, c, l->name,
            status_joined(call, *status_list_items(a, l), *status_list_n(a, l)),
            status_joined(call, *status_list_items(b, l),
                          *status_list_n(b, l)));
    }
    for (unsigned i = 0; i < status_metrics_count(); i++) {
        const char *name;
        char *before = status_metrics_text(call, a->metrics, i, &name);
        char *after = status_metrics_text(call, b->metrics, i, &name);
        status_change_add(call, c,
                          arena_printf(call->arena, "metrics.%s", name), before,
                          after);
    }
}

void status_diff_status(Pmo__V1__StatusService_Service *svc,
                        const Pmo__V1__DiffStatusRequest *in,
                        Pmo__V1__DiffStatusResponse_Closure done, void *data)
{
    (void)svc;
    rpc_call *call = data;
    program_access prog;
    int monday1, monday2;
    int64_t id;
    Pmo__V1__StatusReport *a, *b;
    if (status_open(call, in->program, ACCESS_VIEWER, &prog) != 0 ||
        status_find(call, &prog, "week1", in->week1, &monday1, &id, &a) != 0 ||
        status_find(call, &prog, "week2", in->week2, &monday2, &id, &b) != 0 ||
        status_with_metrics(call, &prog, monday1, a) != 0 ||
        status_with_metrics(call, &prog, monday2, b) != 0) {
        done(NULL, data);
        return;
    }
    status_changes c = {0};
    status_diff(call, a, b, &c);
    Pmo__V1__DiffStatusResponse out = PMO__V1__DIFF_STATUS_RESPONSE__INIT;
    out.changes = c.list;
    out.n_changes = c.n;
    done(&out, data);
}

/* --------------------------------------------------------------- render */

static const char *status_state_name(Pmo__V1__StatusState state)
{
    static const char *const names[] = {"-", "draft", "in review", "approved",
                                        "published"};
    return (unsigned)state < 5 ? names[state] : "-";
}

static const char *status_slip(rpc_call *call, double days)
{
    return arena_printf(call->arena, "%+.1f working days", days);
}

/* The metrics as the Markdown lists them. */
static status_md_metric *status_md_metrics(rpc_call *call,
                                           const program_access *prog,
                                           const Pmo__V1__StatusMetrics *m,
                                           size_t *n)
{
    status_md_metric rows[] = {
        {"Finish",
         arena_printf(call->arena, "P50 %s, P80 %s, target %s (P80 %s)",
                      m->p50_finish, m->p80_finish,
                      m->target_finish[0] ? m->target_finish : "none",
                      status_slip(call, m->p80_slip_days))},
        {"Baseline",
         m->baseline[0] ? arena_printf(call->arena, "%s finished %s (%s)",
                                       m->baseline, m->baseline_finish,
                                       status_slip(call, m->baseline_slip_days))
                        : "none"},
        {"Milestones",
         arena_printf(call->arena, "%d due this week, %d missed",
                      (int)m->milestones_due, (int)m->milestones_missed)},
        {"Next milestone",
         m->next_milestone[0]
             ? arena_printf(call->arena, "%s on %s", m->next_milestone,
                            m->next_milestone_date)
             : "none"},
        {"Open risks",
         arena_printf(call->arena, "%d high, %d medium, %d low%s%s",
                      (int)m->risks_high, (int)m->risks_medium,
                      (int)m->risks_low, m->top_risk[0] ? "; top: " : "",
                      m->top_risk)},
        {"Open issues",
         arena_printf(call->arena, "%d critical, %d high, %d medium, %d low",
                      (int)m->issues_critical, (int)m->issues_high,
                      (int)m->issues_medium, (int)m->issues_low)},
        {"Overdue actions",
         arena_printf(call->arena, "%d", (int)m->actions_overdue)},
        {"Gates waiting for sign-off",
         arena_printf(call->arena, "%d", (int)m->gates_waiting)},
        {"Budget",
         m->has_budget
             ? arena_printf(call->arena, "spent %s of %s",
                            money_text(call, m->spent_minor, prog->currency),
                            money_text(call, m->budget_minor, prog->currency))
             : "none set"},
    };
    *n = sizeof rows / sizeof *rows;
    status_md_metric *out = arena_alloc(call->arena, sizeof rows);
    memcpy(out, rows, sizeof rows);
    return out;
}

static status_md *status_md_of(rpc_call *call, const program_access *prog,
                               Pmo__V1__StatusReport *r)
{
    static const char *const titles[STATUS_DIMS] = {
        "Overall", "Schedule", "Budget", "Scope", "Risk", "Resources"};
    static const char *const list_titles[] = {"Accomplishments", "Next steps",
                                              "Decisions needed",
                                              "Asks of leadership"};
    status_md *s = arena_alloc(call->arena, sizeof *s);
    memset(s, 0, sizeof *s);
    s->key = prog->key;
    s->week = r->week;
    s->state = status_state_name(r->state);
    s->summary = r->summary;
    for (int i = 0; i < STATUS_DIMS; i++) {
        Pmo__V1__StatusRag *d = status_dim(r, i);
        s->dims[i] = (status_md_dim){titles[i], status_rag_name(d->rag),
                                     d->reason, d->overridden};
    }
    for (int i = 0; i < STATUS_MD_LISTS; i++)
        s->lists[i] = (status_md_list){list_titles[i],
                                       *status_list_items(r, &status_lists[i]),
                                       *status_list_n(r, &status_lists[i])};
    s->metrics = status_md_metrics(call, prog, r->metrics, &s->n_metrics);
    s->metrics_frozen = r->state == PMO__V1__STATUS_STATE__STATUS_PUBLISHED;
    return s;
}

void status_render_status(Pmo__V1__StatusService_Service *svc,
                          const Pmo__V1__RenderStatusRequest *in,
                          Pmo__V1__RenderStatusResponse_Closure done,
                          void *data)
{
    (void)svc;
    rpc_call *call = data;
    program_access prog;
    int monday;
    int64_t id;
    Pmo__V1__StatusReport *r;
    if (status_open(call, in->program, ACCESS_VIEWER, &prog) != 0) {
        done(NULL, data);
        return;
    }
    if (in->format[0] && strcmp(in->format, "md") != 0) {
        rpc_violation(call, "format", "\"%.16s\" is not a status format; md",
                      in->format);
        done(NULL, data);
        return;
    }
    if (status_find(call, &prog, "week", in->week, &monday, &id, &r) != 0 ||
        status_with_metrics(call, &prog, monday, r) != 0) {
        done(NULL, data);
        return;
    }
    report_buf doc;
    report_buf_init(&doc);
    status_md_render(status_md_of(call, &prog, r), &doc);
    Pmo__V1__RenderStatusResponse out = PMO__V1__RENDER_STATUS_RESPONSE__INIT;
    out.content_type = "text/markdown; charset=utf-8";
    out.content.data = (uint8_t *)doc.data;
    out.content.len = doc.len;
    done(&out, data);
    report_buf_fini(&doc);
}
