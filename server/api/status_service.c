/*
 * server/api/status_service.c - pmo.v1.StatusService: weekly status
 * reports of a program (status.proto) from draft to published, their
 * review, their differences from week to week and the program's status
 * settings. The portfolio is status_portfolio.c, diffs and Markdown
 * status_view.c; drafts start from status_draft.c.
 *
 * Who may do what: viewers read; managers draft, edit, submit and
 * publish; the program's reviewer (and managers) comment; only the
 * reviewer approves; owners set the settings. A published report is
 * refused every change (FAILED_PRECONDITION).
 */
#include "api/fields.h"
#include "api/services.h"
#include "api/status_common.h"
#include "api/validate.h"
#include "common/daynum.h"
#include "model/members.h"
#include "model/status_metrics.h"
#include "model/status_reports.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define STATUS_REASON_MAX  200
#define STATUS_SUMMARY_MAX 10000
#define STATUS_LIST_MAX    50
#define STATUS_LINE_MAX    500
#define STATUS_COMMENT_MAX 2000

/* Every field an update mask or a comment may name. */
static const char *const status_sections[] = {
    "overall",    "schedule",         "budget",  "scope",
    "risk",       "resources",        "summary", "accomplishments",
    "next_steps", "decisions_needed", "asks",    NULL,
};

static bool status_section_known(const char *name)
{
    for (size_t i = 0; status_sections[i]; i++)
        if (strcmp(status_sections[i], name) == 0)
            return true;
    return false;
}

/* ----------------------------------------------------------- arguments */

static bool status_version_valid(rpc_call *call, int64_t version)
{
    if (version > 0)
        return true;
    rpc_violation(call, "expected_version",
                  "must be the version you read (> 0)");
    return false;
}

static bool status_not_published(rpc_call *call, const program_access *prog,
                                 const Pmo__V1__StatusReport *r)
{
    if (r->state != PMO__V1__STATUS_STATE__STATUS_PUBLISHED)
        return true;
    rpc_fail(call, PMO_FAILED_PRECONDITION,
             "the status report of %s for %s is published and can no longer "
             "be changed",
             prog->key, r->week);
    return false;
}

/* ---------------------------------------------------------------- draft */

static void status_draft_status(Pmo__V1__StatusService_Service *svc,
                                const Pmo__V1__DraftStatusRequest *in,
                                Pmo__V1__StatusReport_Closure done, void *data)
{
    (void)svc;
    rpc_call *call = data;
    program_access prog;
    const char *week =
        in->week[0] ? in->week : status_week_of(call, daynum_today());
    int monday;
    int64_t id;
    Pmo__V1__StatusReport *have, *prev, *out;
    Pmo__V1__StatusSettings *settings;
    Pmo__V1__StatusMetrics *metrics;
    if (status_open(call, in->program, ACCESS_MANAGER, &prog) != 0 ||
        !status_week_parse(call, "week", week, &monday) ||
        status_reports_get(call, &prog, week, true, &id, &have) != 0)
        goto fail;
    if (have) {
        rpc_fail(call, PMO_ALREADY_EXISTS,
                 "%s already has a status report for %s; edit it instead",
                 prog.key, week);
        goto fail;
    }
    if (status_settings_get(call, &prog, &settings) != 0 ||
        status_metrics_live(call, prog.key, monday, &metrics) != 0 ||
        status_reports_before(call, &prog, week, &prev) != 0)
        goto fail;
    Pmo__V1__StatusReport *r = status_report_new(call);
    char *reasons[STATUS_DIMS];
    r->week = (char *)week;
    r->summary = "";
    status_suggest(call, settings, metrics, r, reasons);
    for (int i = 0; i < STATUS_DIMS; i++) {
        status_dim(r, i)->rag = status_dim(r, i)->suggested;
        status_dim(r, i)->reason = reasons[i];
    }
    /* What last period said comes next is what this one should show. */
    if (prev) {
        r->accomplishments = prev->next_steps;
        r->n_accomplishments = prev->n_next_steps;
    }
    if (status_reports_insert(call, &prog, r, &out) != 0)
        goto fail;
    out->metrics = metrics;
    done(out, data);
    return;
fail:
    done(NULL, data);
}

/* ----------------------------------------------------------------- read */

static void status_get_status(Pmo__V1__StatusService_Service *svc,
                              const Pmo__V1__GetStatusRequest *in,
                              Pmo__V1__StatusReport_Closure done, void *data)
{
    (void)svc;
    rpc_call *call = data;
    program_access prog;
    int monday;
    int64_t id;
    Pmo__V1__StatusReport *r;
    if (status_open(call, in->program, ACCESS_VIEWER, &prog) != 0 ||
        status_find(call, &prog, "week", in->week, &monday, &id, &r) != 0 ||
        status_with_metrics(call, &prog, monday, r) != 0) {
        done(NULL, data);
        return;
    }
    done(r, data);
}

static void status_list_status(Pmo__V1__StatusService_Service *svc,
                               const Pmo__V1__ListStatusRequest *in,
                               Pmo__V1__ListStatusResponse_Closure done,
                               void *data)
{
    (void)svc;
    rpc_call *call = data;
    program_access prog;
    unsigned limit;
    int monday;
    Pmo__V1__ListStatusResponse out = PMO__V1__LIST_STATUS_RESPONSE__INIT;
    if (status_open(call, in->program, ACCESS_VIEWER, &prog) != 0 ||
        !fields_page_size(call, in->page_size, &limit) ||
        (in->page_token[0] &&
         !status_week_parse(call, "page_token", in->page_token, &monday))) {
        done(NULL, data);
        return;
    }
    if ((unsigned)in->state > PMO__V1__STATUS_STATE__STATUS_PUBLISHED) {
        rpc_violation(call, "state", "must be a StatusState");
        done(NULL, data);
        return;
    }
    if (status_reports_list(call, &prog, (int)in->state, in->page_token, limit,
                            &out.reports, &out.n_reports) != 0) {
        done(NULL, data);
        return;
    }
    if (out.n_reports > limit) {
        out.n_reports = limit;
        out.next_page_token = out.reports[limit - 1]->week;
    }
    done(&out, data);
}

/* --------------------------------------------------------------- update */

/* One RAG dimension from the request onto cur; false with a violation. */
static bool status_dim_apply(rpc_call *call, int i,
                             const Pmo__V1__StatusRag *given,
                             Pmo__V1__StatusRag *cur)
{
    const char *name = status_dim_names[i];
    char field[48];
    if (given == NULL || given->rag < PMO__V1__RAG__RAG_GREEN ||
        given->rag > PMO__V1__RAG__RAG_RED) {
        snprintf(field, sizeof field, "report.%s.rag", name);
        rpc_violation(call, field, "must be green, amber or red");
        return false;
    }
    snprintf(field, sizeof field, "report.%s.reason", name);
    if (!validate_length(call, field, given->reason, 0, STATUS_REASON_MAX))
        return false;
    if (given->rag != cur->suggested && given->reason[0] == '\0') {
        rpc_violation(call, field,
                      "overriding the suggested %s RAG needs a reason", name);
        return false;
    }
    cur->rag = given->rag;
    cur->reason = given->reason;
    return true;
}

static bool status_list_apply(rpc_call *call, const status_list *l,
                              const Pmo__V1__StatusReport *given,
                              Pmo__V1__StatusReport *cur)
{
    size_t n = *status_list_n((Pmo__V1__StatusReport *)given, l);
    char **items = *status_list_items((Pmo__V1__StatusReport *)given, l);
    char field[64];
    if (n > STATUS_LIST_MAX) {
        snprintf(field, sizeof field, "report.%s", l->name);
        rpc_violation(call, field, "must hold at most %d lines (got %zu)",
                      STATUS_LIST_MAX, n);
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        snprintf(field, sizeof field, "report.%s[%zu]", l->name, i);
        ok &= validate_length(call, field, items[i], 1, STATUS_LINE_MAX);
    }
    *status_list_n(cur, l) = n;
    *status_list_items(cur, l) = items;
    return ok;
}

/* Every field of mask from given onto cur. */
static bool status_apply(rpc_call *call, char *const *mask, size_t n_mask,
                         const Pmo__V1__StatusReport *given,
                         Pmo__V1__StatusReport *cur)
{
    bool ok = true;
    for (int i = 0; i < STATUS_DIMS; i++)
        if (fields_mask_has(mask, n_mask, status_dim_names[i]))
            ok &= status_dim_apply(call, i, status_dim(given, i),
                                   status_dim(cur, i));
    for (size_t i = 0; i < STATUS_LISTS; i++)
        if (fields_mask_has(mask, n_mask, status_lists[i].name))
            ok &= status_list_apply(call, &status_lists[i], given, cur);
    if (fields_mask_has(mask, n_mask, "summary")) {
        ok &= validate_text(call, "report.summary", given->summary, 0,
                            STATUS_SUMMARY_MAX);
        cur->summary = given->summary;
    }
    return ok;
}

static void status_update_status(Pmo__V1__StatusService_Service *svc,
                                 const Pmo__V1__UpdateStatusRequest *in,
                                 Pmo__V1__StatusReport_Closure done, void *data)
{
    (void)svc;
    rpc_call *call = data;
    program_access prog;
    int monday;
    int64_t id;
    Pmo__V1__StatusReport *cur, *out;
    if (in->report == NULL) {
        rpc_violation(call, "report", "is required");
        goto fail;
    }
    if (status_open(call, in->program, ACCESS_MANAGER, &prog) != 0 ||
        status_find(call, &prog, "week", in->week, &monday, &id, &cur) != 0 ||
        !status_not_published(call, &prog, cur) ||
        !status_version_valid(call, in->expected_version) ||
        !fields_mask_valid(call, in->update_mask, in->n_update_mask,
                           (const char **)status_sections) ||
        !status_apply(call, in->update_mask, in->n_update_mask, in->report,
                      cur))
        goto fail;
    /* An edit after review needs the review again. */
    cur->state = PMO__V1__STATUS_STATE__STATUS_DRAFT;
    if (status_reports_write(call, &prog, id, in->expected_version, cur, NULL,
                             false, &out) != 0)
        goto fail;
    done(out, data);
    return;
fail:
    done(NULL, data);
}

/* ---------------------------------------------------------------- steps */

typedef enum status_step {
    STATUS_SUBMIT,
    STATUS_APPROVE,
    STATUS_PUBLISH,
} status_step;

/* Only the reviewer approves: checked before the report is read. */
static bool status_may_approve(rpc_call *call, const program_access *prog,
                               const Pmo__V1__StatusSettings *settings)
{
    if (settings->reviewer[0] &&
        strcmp(settings->reviewer, call->who.username) == 0)
        return true;
    rpc_fail(call, PMO_PERMISSION_DENIED,
             "only %s, the reviewer of %s, may approve its reports",
             settings->reviewer[0] ? settings->reviewer : "a reviewer",
             prog->key);
    return false;
}

/* May the caller take step on r under settings? */
static bool status_step_allowed(rpc_call *call, const program_access *prog,
                                const Pmo__V1__StatusSettings *settings,
                                const Pmo__V1__StatusReport *r,
                                status_step step)
{
    bool review = settings->reviewer[0] != '\0';
    switch (step) {
    case STATUS_SUBMIT:
        if (!review) {
            rpc_fail(call, PMO_FAILED_PRECONDITION,
                     "%s names no reviewer; set one with pmo status settings "
                     "or publish directly",
                     prog->key);
            return false;
        }
        if (r->state == PMO__V1__STATUS_STATE__STATUS_DRAFT)
            return true;
        rpc_fail(call, PMO_FAILED_PRECONDITION,
                 "only a draft can be submitted for review");
        return false;
    case STATUS_APPROVE:
        if (r->state == PMO__V1__STATUS_STATE__STATUS_IN_REVIEW)
            return true;
        rpc_fail(call, PMO_FAILED_PRECONDITION,
                 "the report is not in review; submit it first");
        return false;
    case STATUS_PUBLISH:
        if (!review || r->state == PMO__V1__STATUS_STATE__STATUS_APPROVED)
            return true;
        rpc_fail(call, PMO_FAILED_PRECONDITION,
                 "%s requires review by %s: the report of %s must be approved "
                 "before it is published",
                 prog->key, settings->reviewer, r->week);
        return false;
    }
    return false;
}

static void status_take_step(const Pmo__V1__StatusStepRequest *in,
                             Pmo__V1__StatusReport_Closure done, void *data,
                             status_step step)
{
    static const Pmo__V1__StatusState next[] = {
        [STATUS_SUBMIT] = PMO__V1__STATUS_STATE__STATUS_IN_REVIEW,
        [STATUS_APPROVE] = PMO__V1__STATUS_STATE__STATUS_APPROVED,
        [STATUS_PUBLISH] = PMO__V1__STATUS_STATE__STATUS_PUBLISHED,
    };
    rpc_call *call = data;
    program_access prog;
    int monday;
    int64_t id;
    Pmo__V1__StatusReport *cur, *out;
    Pmo__V1__StatusSettings *settings;
    access_role need = step == STATUS_APPROVE ? ACCESS_VIEWER : ACCESS_MANAGER;
    char *metrics_json = NULL;
    if (status_open(call, in->program, need, &prog) != 0 ||
        status_settings_get(call, &prog, &settings) != 0 ||
        (step == STATUS_APPROVE &&
         !status_may_approve(call, &prog, settings)) ||
        status_find(call, &prog, "week", in->week, &monday, &id, &cur) != 0 ||
        !status_not_published(call, &prog, cur) ||
        !status_version_valid(call, in->expected_version) ||
        !status_step_allowed(call, &prog, settings, cur, step))
        goto fail;
    if (step == STATUS_PUBLISH) {
        if (status_metrics_live(call, prog.key, monday, &cur->metrics) != 0)
            goto fail;
        metrics_json = status_metrics_json(call, cur->metrics);
    }
    cur->state = next[step];
    if (status_reports_write(call, &prog, id, in->expected_version, cur,
                             metrics_json, step == STATUS_APPROVE, &out) != 0)
        goto fail;
    done(out, data);
    return;
fail:
    done(NULL, data);
}

/* The handlers of the steps, as protoc-c names them. */
#define STATUS_STEP_HANDLER(name, step)                                        \
    static void name(Pmo__V1__StatusService_Service *svc,                      \
                     const Pmo__V1__StatusStepRequest *in,                     \
                     Pmo__V1__StatusReport_Closure done, void *data)           \
    {                                                                          \
        (void)svc;                                                             \
        status_take_step(in, done, data, step);                                \
    }
STATUS_STEP_HANDLER(status_submit_for_review, STATUS_SUBMIT)
STATUS_STEP_HANDLER(status_approve_status, STATUS_APPROVE)
STATUS_STEP_HANDLER(status_publish_status, STATUS_PUBLISH)

static void status_comment_section(Pmo__V1__StatusService_Service *svc,
                                   const Pmo__V1__CommentStatusRequest *in,
                                   Pmo__V1__StatusReport_Closure done,
                                   void *data)
{
    (void)svc;
    rpc_call *call = data;
    program_access prog;
    int monday;
    int64_t id;
    Pmo__V1__StatusReport *cur, *out;
    Pmo__V1__StatusSettings *settings;
    if (status_open(call, in->program, ACCESS_VIEWER, &prog) != 0 ||
        status_settings_get(call, &prog, &settings) != 0)
        goto fail;
    if (prog.role < ACCESS_MANAGER &&
        strcmp(settings->reviewer, call->who.username) != 0) {
        rpc_fail(call, PMO_PERMISSION_DENIED,
                 "only the reviewer of %s and its managers comment on its "
                 "reports",
                 prog.key);
        goto fail;
    }
    if (!status_section_known(in->section)) {
        rpc_violation(call, "section",
                      "\"%.32s\" is not a section; overall, schedule, budget, "
                      "scope, risk, resources, summary, accomplishments, "
                      "next_steps, decisions_needed or asks",
                      in->section);
        goto fail;
    }
    if (!validate_text(call, "body", in->body, 1, STATUS_COMMENT_MAX) ||
        status_find(call, &prog, "week", in->week, &monday, &id, &cur) != 0 ||
        !status_not_published(call, &prog, cur) ||
        status_comments_add(call, &prog, id, in->section, in->body) != 0 ||
        status_reports_get(call, &prog, in->week, false, &id, &out) != 0)
        goto fail;
    done(out, data);
    return;
fail:
    done(NULL, data);
}

/* ------------------------------------------------------------- settings */

static void
status_get_status_settings(Pmo__V1__StatusService_Service *svc,
                           const Pmo__V1__GetStatusSettingsRequest *in,
                           Pmo__V1__StatusSettings_Closure done, void *data)
{
    (void)svc;
    rpc_call *call = data;
    program_access prog;
    Pmo__V1__StatusSettings *out;
    if (status_open(call, in->program, ACCESS_VIEWER, &prog) != 0 ||
        status_settings_get(call, &prog, &out) != 0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

static bool status_settings_valid(rpc_call *call,
                                  const Pmo__V1__StatusSettings *s)
{
    struct {
        const char *field;
        int32_t value, max;
    } limits[] = {
        {"settings.schedule_red_days", s->schedule_red_days, 1000},
        {"settings.schedule_amber_days", s->schedule_amber_days, 1000},
        {"settings.risk_red_exposure", s->risk_red_exposure, 25},
        {"settings.risk_amber_exposure", s->risk_amber_exposure, 25},
        {"settings.budget_red_percent", s->budget_red_percent, 1000},
        {"settings.budget_amber_percent", s->budget_amber_percent, 1000},
    };
    bool ok = true;
    for (size_t i = 0; i < sizeof limits / sizeof *limits; i++)
        if (limits[i].value < 0 || limits[i].value > limits[i].max) {
            rpc_violation(call, limits[i].field, "must be 0 (off) to %d",
                          (int)limits[i].max);
            ok = false;
        }
    return ok;
}

static void
status_set_status_settings(Pmo__V1__StatusService_Service *svc,
                           const Pmo__V1__SetStatusSettingsRequest *in,
                           Pmo__V1__StatusSettings_Closure done, void *data)
{
    (void)svc;
    rpc_call *call = data;
    program_access prog;
    Pmo__V1__StatusSettings *out;
    const Pmo__V1__StatusSettings *s = in->settings;
    if (s == NULL) {
        rpc_violation(call, "settings", "is required");
        goto fail;
    }
    if (status_open(call, s->program, ACCESS_OWNER, &prog) != 0 ||
        !status_settings_valid(call, s))
        goto fail;
    if (s->reviewer[0]) {
        int rc =
            members_check_signer(call, &prog, "settings.reviewer", s->reviewer);
        if (rc != 0)
            goto fail;
    }
    if (in->expected_version < 0) {
        rpc_violation(call, "expected_version",
                      "must be the version you read (0 when none were set)");
        goto fail;
    }
    if (status_settings_set(call, &prog, s, in->expected_version, &out) != 0)
        goto fail;
    done(out, data);
    return;
fail:
    done(NULL, data);
}

static Pmo__V1__StatusService_Service status_impl =
    PMO__V1__STATUS_SERVICE__INIT(status_);

static const rpc_method_policy status_policies[] = {
    {"DraftStatus", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"GetStatus", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"ListStatus", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"UpdateStatus", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"SubmitForReview", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"CommentSection", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"ApproveStatus", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"PublishStatus", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"DiffStatus", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"GetStatusSettings", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"SetStatusSettings", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"RenderStatus", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"ListPortfolio", RPC_ACCESS_SESSION, RPC_READS, 0},
};

const rpc_service api_status_service = {
    .impl = &status_impl.base,
    .policies = status_policies,
    .n_policies = sizeof(status_policies) / sizeof(status_policies[0]),
};
