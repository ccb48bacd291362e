/*
 * server/api/risk_service.c - pmo.v1.RiskService: a program's RAID log and
 * action items. This file holds the risks (their scores, the matrix, a
 * risk becoming an issue) and gathers the other families' handlers
 * (risk_handlers.h) into the service with its policy table.
 *
 * Every handler checks access to the program first, then the fields,
 * then the references, and only then writes. Managers write; viewers
 * read; the owners of risks, issues and action items may update them as
 * contributors (risk.proto).
 */
#include "api/fields.h"
#include "api/risk_common.h"
#include "api/risk_handlers.h"
#include "api/risk_records.h"
#include "api/services.h"
#include "api/validate.h"
#include "model/access.h"
#include "model/risks.h"
#include "rpc/call.h"

#include <string.h>

#define RISK_TOP_DEFAULT 5
#define RISK_TOP_MAX     100

static const char *const risk_mask_fields[] = {
    "title",  "description", "category",    "probability", "impact",
    "owner",  "mitigation",  "contingency", "trigger",     "response",
    "status", "review_date", "items",       "vendor_id", NULL};

/* A score of 1 to 5 (probability or impact). */
static bool risk_score_valid(rpc_call *call, const char *field, uint32_t v)
{
    if (v >= 1 && v <= 5)
        return true;
    rpc_violation(call, field, "must be from 1 to 5 (got %u)", v);
    return false;
}

/* Checks the fields named in mask (all when mask is NULL). */
static bool risk_valid(rpc_call *call, const Pmo__V1__Risk *r,
                       char *const *mask, size_t n)
{
    bool ok = true;
    if (risk_named(mask, n, "title"))
        ok &= validate_length(call, "risk.title", r->title, 1, RISK_TITLE_MAX);
    if (risk_named(mask, n, "description"))
        ok &= validate_text(call, "risk.description", r->description, 0,
                            RISK_TEXT_MAX);
    if (risk_named(mask, n, "category"))
        ok &= risk_enum(call, "risk.category",
                        &pmo__v1__risk_category__descriptor, (int)r->category,
                        true);
    if (risk_named(mask, n, "probability"))
        ok &= risk_score_valid(call, "risk.probability", r->probability);
    if (risk_named(mask, n, "impact"))
        ok &= risk_score_valid(call, "risk.impact", r->impact);
    if (risk_named(mask, n, "owner"))
        ok &= risk_owner_valid(call, "risk.owner", r->owner);
    if (risk_named(mask, n, "mitigation"))
        ok &= validate_text(call, "risk.mitigation", r->mitigation, 0,
                            RISK_TEXT_MAX);
    if (risk_named(mask, n, "contingency"))
        ok &= validate_text(call, "risk.contingency", r->contingency, 0,
                            RISK_TEXT_MAX);
    if (risk_named(mask, n, "trigger"))
        ok &= validate_text(call, "risk.trigger", r->trigger, 0, RISK_TEXT_MAX);
    if (risk_named(mask, n, "response"))
        ok &= risk_enum(call, "risk.response",
                        &pmo__v1__risk_response__descriptor, (int)r->response,
                        true);
    if (risk_named(mask, n, "status"))
        ok &= risk_enum(call, "risk.status", &pmo__v1__risk_status__descriptor,
                        (int)r->status, true);
    if (risk_named(mask, n, "review_date"))
        ok &= fields_date(call, "risk.review_date", r->review_date);
    if (risk_named(mask, n, "items"))
        ok &= risk_refs_valid(call, "risk.items", r->items, r->n_items);
    if (risk_named(mask, n, "vendor_id"))
        ok &= risk_vendor_valid(call, "risk.vendor_id", r->vendor_id);
    return ok;
}

/* The owner, the items and the vendor named in mask exist (all when mask
 * is NULL). */
static bool risk_refs_exist(rpc_call *call, const program_access *prog,
                            const Pmo__V1__Risk *r, char *const *mask, size_t n)
{
    raid_refs refs;
    raid_refs_init(&refs, call, prog);
    if (risk_named(mask, n, "owner"))
        raid_refs_member(&refs, "risk.owner", r->owner);
    if (risk_named(mask, n, "items"))
        risk_refs_items(&refs, "risk.items", r->items, r->n_items);
    if (risk_named(mask, n, "vendor_id"))
        raid_refs_id(&refs, RAID_REF_VENDOR, "risk.vendor_id", r->vendor_id);
    return raid_refs_check(&refs) == 0;
}

/* A copy with the defaults of unset enums filled in. */
static Pmo__V1__Risk *risk_defaulted(rpc_call *call, const Pmo__V1__Risk *r)
{
    Pmo__V1__Risk *copy = arena_alloc(call->arena, sizeof(*copy));
    *copy = *r;
    if (copy->category == PMO__V1__RISK_CATEGORY__RISK_CATEGORY_UNSPECIFIED)
        copy->category = PMO__V1__RISK_CATEGORY__RISK_TECHNICAL;
    if (copy->response == PMO__V1__RISK_RESPONSE__RISK_RESPONSE_UNSPECIFIED)
        copy->response = PMO__V1__RISK_RESPONSE__RISK_MITIGATE;
    if (copy->status == PMO__V1__RISK_STATUS__RISK_STATUS_UNSPECIFIED)
        copy->status = PMO__V1__RISK_STATUS__RISK_OPEN;
    return copy;
}

static bool risk_note_valid(rpc_call *call, const char *note)
{
    return validate_text(call, "score_note", note, 0, RISK_TEXT_MAX);
}

/*
 * A risk created as already occurred becomes an issue at once, as one
 * that is moved there later does.
 */
static void risk_create_risk(risk_svc *svc,
                             const Pmo__V1__CreateRiskRequest *in,
                             Pmo__V1__Risk_Closure done, void *data)
{
    rpc_call *call = data;
    const Pmo__V1__Risk *r = in->risk;
    if (r == NULL) {
        rpc_violation(call, "risk", "is required");
        done(NULL, data);
        return;
    }
    program_access prog;
    Pmo__V1__Risk *out;
    Pmo__V1__Issue *issue;
    if (!validate_length(call, "risk.program", r->program, 1, 64) ||
        access_program(call, r->program, ACCESS_MANAGER, &prog) != 0 ||
        !risk_valid(call, r, NULL, 0) ||
        !risk_note_valid(call, in->score_note) ||
        !risk_refs_exist(call, &prog, r, NULL, 0) ||
        risks_create(call, &prog, risk_defaulted(call, r), in->score_note,
                     &out) != 0 ||
        (out->status == PMO__V1__RISK_STATUS__RISK_OCCURRED &&
         risks_to_issue(call, &prog, out, 0, "", "", &issue) != 0)) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

/*
 * The row is read together with its program id in one round trip, and
 * nothing of it is answered before access to that program is checked.
 */
static void risk_get_risk(risk_svc *svc, const Pmo__V1__GetRiskRequest *in,
                          Pmo__V1__Risk_Closure done, void *data)
{
    rpc_call *call = data;
    int64_t program_id;
    program_access prog;
    Pmo__V1__Risk *out;
    if (!risk_id_valid(call, "a risk", in->id) ||
        risks_find(call, in->id, &program_id, &out) != 0 ||
        risk_access(call, "risk", in->id, program_id, ACCESS_VIEWER, &prog) !=
            0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

static bool risk_filter_valid(rpc_call *call,
                              const Pmo__V1__ListRisksRequest *in)
{
    bool ok = risk_enum(call, "status", &pmo__v1__risk_status__descriptor,
                        (int)in->status, true);
    ok &= risk_enum(call, "category", &pmo__v1__risk_category__descriptor,
                    (int)in->category, true);
    ok &= risk_owner_valid(call, "owner", in->owner);
    return ok;
}

static void risk_list_risks(risk_svc *svc, const Pmo__V1__ListRisksRequest *in,
                            Pmo__V1__ListRisksResponse_Closure done, void *data)
{
    rpc_call *call = data;
    program_access prog;
    unsigned limit;
    int64_t after;
    Pmo__V1__ListRisksResponse out = PMO__V1__LIST_RISKS_RESPONSE__INIT;
    risks_filter f = {(int)in->status, (int)in->category, in->owner,
                      in->overdue_review};
    if (!validate_length(call, "program", in->program, 1, 64) ||
        access_program(call, in->program, ACCESS_VIEWER, &prog) != 0 ||
        !risk_filter_valid(call, in) ||
        !fields_page_size(call, in->page_size, &limit) ||
        !fields_page_token(call, in->page_token, &after) ||
        risks_list(call, &prog, &f, after, limit, &out.risks, &out.n_risks) !=
            0) {
        done(NULL, data);
        return;
    }
    /* One row beyond the page says there is another page. */
    if (out.n_risks > limit) {
        out.n_risks = limit;
        out.next_page_token =
            fields_page_token_make(call, risks_sort_key(out.risks[limit - 1]));
    }
    done(&out, data);
}

/*
 * Moving the risk into RISK_OCCURRED opens its issue in the same
 * transaction; the reply is the risk naming it.
 */
static void risk_update_risk(risk_svc *svc,
                             const Pmo__V1__UpdateRiskRequest *in,
                             Pmo__V1__Risk_Closure done, void *data)
{
    rpc_call *call = data;
    const Pmo__V1__Risk *r = in->risk;
    if (r == NULL) {
        rpc_violation(call, "risk", "is required");
        done(NULL, data);
        return;
    }
    int64_t program_id;
    program_access prog;
    Pmo__V1__Risk *current, *out;
    Pmo__V1__Issue *issue;
    bool occurred = false;
    if (!risk_id_valid(call, "a risk", in->id) ||
        risks_find(call, in->id, &program_id, &current) != 0 ||
        risk_access(call, "risk", in->id, program_id, ACCESS_CONTRIBUTOR,
                    &prog) != 0 ||
        !risk_owner_may(call, &prog, "risk", in->id, current->owner,
                        in->update_mask, in->n_update_mask) ||
        !risk_version_valid(call, in->expected_version) ||
        !fields_mask_valid(call, in->update_mask, in->n_update_mask,
                           risk_mask_fields) ||
        !risk_valid(call, r, in->update_mask, in->n_update_mask) ||
        !risk_note_valid(call, in->score_note) ||
        !risk_refs_exist(call, &prog, r, in->update_mask, in->n_update_mask) ||
        risks_update(call, &prog, in->id, in->expected_version, in->update_mask,
                     in->n_update_mask, risk_defaulted(call, r), in->score_note,
                     &out, &occurred) != 0 ||
        (occurred &&
         risks_to_issue(call, &prog, out, 0, "", "", &issue) != 0)) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

static void risk_delete_risk(risk_svc *svc,
                             const Pmo__V1__DeleteRiskRequest *in,
                             Pmo__V1__DeleteRiskResponse_Closure done,
                             void *data)
{
    rpc_call *call = data;
    int64_t program_id;
    program_access prog;
    if (!risk_id_valid(call, "a risk", in->id) ||
        risks_program_of(call, in->id, &program_id) != 0 ||
        risk_access(call, "risk", in->id, program_id, ACCESS_MANAGER, &prog) !=
            0 ||
        !risk_version_valid(call, in->expected_version) ||
        risks_delete(call, in->id, in->expected_version) != 0) {
        done(NULL, data);
        return;
    }
    Pmo__V1__DeleteRiskResponse out = PMO__V1__DELETE_RISK_RESPONSE__INIT;
    done(&out, data);
}

static void risk_list_risk_scores(risk_svc *svc,
                                  const Pmo__V1__ListRiskScoresRequest *in,
                                  Pmo__V1__ListRiskScoresResponse_Closure done,
                                  void *data)
{
    rpc_call *call = data;
    int64_t program_id, after;
    program_access prog;
    unsigned limit;
    Pmo__V1__ListRiskScoresResponse out =
        PMO__V1__LIST_RISK_SCORES_RESPONSE__INIT;
    if (!risk_id_valid(call, "a risk", in->id) ||
        risks_program_of(call, in->id, &program_id) != 0 ||
        risk_access(call, "risk", in->id, program_id, ACCESS_VIEWER, &prog) !=
            0 ||
        !fields_page_size(call, in->page_size, &limit) ||
        !fields_page_token(call, in->page_token, &after) ||
        risks_scores(call, in->id, after, limit, &out.scores, &out.n_scores) !=
            0) {
        done(NULL, data);
        return;
    }
    if (out.n_scores > limit) {
        out.n_scores = limit;
        out.next_page_token =
            fields_page_token_make(call, out.scores[limit - 1]->id);
    }
    done(&out, data);
}

static void risk_risk_matrix(risk_svc *svc,
                             const Pmo__V1__RiskMatrixRequest *in,
                             Pmo__V1__RiskMatrixResponse_Closure done,
                             void *data)
{
    rpc_call *call = data;
    program_access prog;
    Pmo__V1__RiskMatrixResponse out = PMO__V1__RISK_MATRIX_RESPONSE__INIT;
    if (!validate_length(call, "program", in->program, 1, 64) ||
        access_program(call, in->program, ACCESS_VIEWER, &prog) != 0) {
        done(NULL, data);
        return;
    }
    if (in->top > RISK_TOP_MAX) {
        rpc_violation(call, "top", "must be at most %d", RISK_TOP_MAX);
        done(NULL, data);
        return;
    }
    unsigned top = in->top ? in->top : RISK_TOP_DEFAULT;
    if (risks_matrix(call, &prog, top, &out) != 0) {
        done(NULL, data);
        return;
    }
    done(&out, data);
}

static bool risk_occur_valid(rpc_call *call,
                             const Pmo__V1__OccurRiskRequest *in)
{
    bool ok = risk_version_valid(call, in->expected_version);
    ok &= risk_enum(call, "severity", &pmo__v1__issue_severity__descriptor,
                    (int)in->severity, true);
    ok &= risk_owner_valid(call, "owner", in->owner);
    ok &= fields_date(call, "due_date", in->due_date);
    return ok;
}

/*
 * The risk moves to RISK_OCCURRED and its issue is opened and linked, all
 * in the call's one transaction: any failure on the way (an owner that
 * names no user is found by the issue's insert) rolls back the lot.
 */
static void risk_occur_risk(risk_svc *svc, const Pmo__V1__OccurRiskRequest *in,
                            Pmo__V1__OccurRiskResponse_Closure done, void *data)
{
    rpc_call *call = data;
    int64_t program_id;
    program_access prog;
    if (!risk_id_valid(call, "a risk", in->id) ||
        risks_program_of(call, in->id, &program_id) != 0 ||
        risk_access(call, "risk", in->id, program_id, ACCESS_MANAGER, &prog) !=
            0 ||
        !risk_occur_valid(call, in)) {
        done(NULL, data);
        return;
    }
    Pmo__V1__Risk change = PMO__V1__RISK__INIT;
    change.status = PMO__V1__RISK_STATUS__RISK_OCCURRED;
    static char *const mask[] = {"status"};
    Pmo__V1__OccurRiskResponse out = PMO__V1__OCCUR_RISK_RESPONSE__INIT;
    bool occurred = false;
    if (risks_update(call, &prog, in->id, in->expected_version, mask, 1,
                     &change, "", &out.risk, &occurred) != 0) {
        done(NULL, data);
        return;
    }
    if (!occurred) {
        if (out.risk->issue_id)
            rpc_fail(call, PMO_FAILED_PRECONDITION,
                     "risk %lld has already become issue %lld",
                     (long long)in->id, (long long)out.risk->issue_id);
        else
            rpc_fail(call, PMO_FAILED_PRECONDITION,
                     "risk %lld has already occurred", (long long)in->id);
        done(NULL, data);
        return;
    }
    if (risks_to_issue(call, &prog, out.risk, (int)in->severity, in->owner,
                       in->due_date, &out.issue) != 0) {
        done(NULL, data);
        return;
    }
    done(&out, data);
}

static risk_svc risk_impl = {
    .base = PMO__V1__RISK_SERVICE__BASE_INIT,
    .create_risk = risk_create_risk,
    .get_risk = risk_get_risk,
    .list_risks = risk_list_risks,
    .update_risk = risk_update_risk,
    .delete_risk = risk_delete_risk,
    .list_risk_scores = risk_list_risk_scores,
    .risk_matrix = risk_risk_matrix,
    .occur_risk = risk_occur_risk,
    .create_issue = risk_create_issue,
    .get_issue = risk_get_issue,
    .list_issues = risk_list_issues,
    .update_issue = risk_update_issue,
    .delete_issue = risk_delete_issue,
    .create_action = risk_create_action,
    .get_action = risk_get_action,
    .list_actions = risk_list_actions,
    .update_action = risk_update_action,
    .delete_action = risk_delete_action,
};

static const rpc_method_policy risk_policies[] = {
    {"CreateRisk", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"GetRisk", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"ListRisks", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"UpdateRisk", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"DeleteRisk", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"ListRiskScores", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"RiskMatrix", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"OccurRisk", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"CreateAssumption", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"GetAssumption", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"ListAssumptions", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"UpdateAssumption", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"DeleteAssumption", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"CreateIssue", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"GetIssue", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"ListIssues", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"UpdateIssue", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"DeleteIssue", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"CreateDecision", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"GetDecision", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"ListDecisions", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"UpdateDecision", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"DeleteDecision", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"CreateAction", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"GetAction", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"ListActions", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"UpdateAction", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"DeleteAction", RPC_ACCESS_SESSION, RPC_WRITES, 0},
};

/* Decisions and assumptions are record kinds; the rest is hand-written. */
static const record_api *const risk_apis[] = {&risk_decision_api,
                                              &risk_assumption_api, NULL};

static record_service risk_records = RECORD_SERVICE_INIT(
    &pmo__v1__risk_service__descriptor, risk_apis, &risk_impl.base);

static int risk_prepare(char *err, size_t errlen)
{
    return record_service_prepare(&risk_records, err, errlen);
}

const rpc_service api_risk_service = {
    .impl = &risk_records.base,
    .policies = risk_policies,
    .n_policies = sizeof(risk_policies) / sizeof(risk_policies[0]),
    .prepare = risk_prepare,
};
