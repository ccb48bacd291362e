/*
 * server/api/risk_issues.c - the issues of pmo.v1.RiskService: what has
 * gone wrong, who handles it, how far it is escalated. Managers write;
 * the owner of an issue may update it as a contributor, but not give it
 * away; viewers read.
 */
#include "api/fields.h"
#include "api/risk_common.h"
#include "api/risk_handlers.h"
#include "api/validate.h"
#include "model/access.h"
#include "model/issues.h"
#include "rpc/call.h"

/* 0 the team, 1 the program, 2 the sponsor. */
#define ISSUE_ESCALATION_MAX 2

static const char *const issue_mask_fields[] = {
    "title",  "description", "severity", "owner", "due_date",  "escalation",
    "status", "resolution",  "items",    "risks", "decisions", "vendor_id",
    NULL};

/* Checks the fields named in mask (all when mask is NULL). */
static bool issue_valid(rpc_call *call, const Pmo__V1__Issue *is,
                        char *const *mask, size_t n)
{
    bool ok = true;
    if (risk_named(mask, n, "title"))
        ok &=
            validate_length(call, "issue.title", is->title, 1, RISK_TITLE_MAX);
    if (risk_named(mask, n, "description"))
        ok &= validate_text(call, "issue.description", is->description, 0,
                            RISK_TEXT_MAX);
    if (risk_named(mask, n, "severity"))
        ok &= risk_enum(call, "issue.severity",
                        &pmo__v1__issue_severity__descriptor, (int)is->severity,
                        true);
    if (risk_named(mask, n, "owner"))
        ok &= risk_owner_valid(call, "issue.owner", is->owner);
    if (risk_named(mask, n, "due_date"))
        ok &= fields_date(call, "issue.due_date", is->due_date);
    if (risk_named(mask, n, "escalation") &&
        is->escalation > ISSUE_ESCALATION_MAX) {
        rpc_violation(call, "issue.escalation",
                      "must be 0 (team), 1 (program) or 2 (sponsor), not %u",
                      is->escalation);
        ok = false;
    }
    if (risk_named(mask, n, "status"))
        ok &=
            risk_enum(call, "issue.status", &pmo__v1__issue_status__descriptor,
                      (int)is->status, true);
    if (risk_named(mask, n, "resolution"))
        ok &= validate_text(call, "issue.resolution", is->resolution, 0,
                            RISK_TEXT_MAX);
    if (risk_named(mask, n, "items"))
        ok &= risk_refs_valid(call, "issue.items", is->items, is->n_items);
    if (risk_named(mask, n, "risks"))
        ok &= risk_ids_valid(call, "issue.risks", is->risks, is->n_risks);
    if (risk_named(mask, n, "decisions"))
        ok &= risk_ids_valid(call, "issue.decisions", is->decisions,
                             is->n_decisions);
    if (risk_named(mask, n, "vendor_id"))
        ok &= risk_vendor_valid(call, "issue.vendor_id", is->vendor_id);
    return ok;
}

/* The owner, items, risks, decisions and vendor named in mask exist. */
static bool issue_refs_exist(rpc_call *call, const program_access *prog,
                             const Pmo__V1__Issue *is, char *const *mask,
                             size_t n)
{
    raid_refs refs;
    raid_refs_init(&refs, call, prog);
    if (risk_named(mask, n, "owner"))
        raid_refs_member(&refs, "issue.owner", is->owner);
    if (risk_named(mask, n, "items"))
        risk_refs_items(&refs, "issue.items", is->items, is->n_items);
    if (risk_named(mask, n, "risks"))
        risk_refs_ids(&refs, RAID_REF_RISK, "issue.risks", is->risks,
                      is->n_risks);
    if (risk_named(mask, n, "decisions"))
        risk_refs_ids(&refs, RAID_REF_DECISION, "issue.decisions",
                      is->decisions, is->n_decisions);
    if (risk_named(mask, n, "vendor_id"))
        raid_refs_id(&refs, RAID_REF_VENDOR, "issue.vendor_id", is->vendor_id);
    return raid_refs_check(&refs) == 0;
}

static Pmo__V1__Issue *issue_defaulted(rpc_call *call, const Pmo__V1__Issue *is)
{
    Pmo__V1__Issue *copy = arena_alloc(call->arena, sizeof(*copy));
    *copy = *is;
    if (copy->severity == PMO__V1__ISSUE_SEVERITY__ISSUE_SEVERITY_UNSPECIFIED)
        copy->severity = PMO__V1__ISSUE_SEVERITY__ISSUE_MEDIUM;
    if (copy->status == PMO__V1__ISSUE_STATUS__ISSUE_STATUS_UNSPECIFIED)
        copy->status = PMO__V1__ISSUE_STATUS__ISSUE_OPEN;
    return copy;
}

void risk_create_issue(risk_svc *svc, const Pmo__V1__CreateIssueRequest *in,
                       Pmo__V1__Issue_Closure done, void *data)
{
    rpc_call *call = data;
    const Pmo__V1__Issue *is = in->issue;
    if (is == NULL) {
        rpc_violation(call, "issue", "is required");
        done(NULL, data);
        return;
    }
    program_access prog;
    Pmo__V1__Issue *out;
    if (!validate_length(call, "issue.program", is->program, 1, 64) ||
        access_program(call, is->program, ACCESS_MANAGER, &prog) != 0 ||
        !issue_valid(call, is, NULL, 0) ||
        !issue_refs_exist(call, &prog, is, NULL, 0) ||
        issues_create(call, &prog, issue_defaulted(call, is), "issue.owner",
                      &out) != 0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

void risk_get_issue(risk_svc *svc, const Pmo__V1__GetIssueRequest *in,
                    Pmo__V1__Issue_Closure done, void *data)
{
    rpc_call *call = data;
    int64_t program_id;
    program_access prog;
    Pmo__V1__Issue *out;
    if (!risk_id_valid(call, "an issue", in->id) ||
        issues_find(call, in->id, &program_id, &out) != 0 ||
        risk_access(call, "issue", in->id, program_id, ACCESS_VIEWER, &prog) !=
            0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

void risk_list_issues(risk_svc *svc, const Pmo__V1__ListIssuesRequest *in,
                      Pmo__V1__ListIssuesResponse_Closure done, void *data)
{
    rpc_call *call = data;
    program_access prog;
    unsigned limit;
    int64_t after;
    Pmo__V1__ListIssuesResponse out = PMO__V1__LIST_ISSUES_RESPONSE__INIT;
    issues_filter f = {(int)in->status, (int)in->severity, in->owner};
    if (!validate_length(call, "program", in->program, 1, 64) ||
        access_program(call, in->program, ACCESS_VIEWER, &prog) != 0 ||
        !risk_enum(call, "status", &pmo__v1__issue_status__descriptor,
                   (int)in->status, true) ||
        !risk_enum(call, "severity", &pmo__v1__issue_severity__descriptor,
                   (int)in->severity, true) ||
        !risk_owner_valid(call, "owner", in->owner) ||
        !fields_page_size(call, in->page_size, &limit) ||
        !fields_page_token(call, in->page_token, &after) ||
        issues_list(call, &prog, &f, after, limit, &out.issues,
                    &out.n_issues) != 0) {
        done(NULL, data);
        return;
    }
    if (out.n_issues > limit) {
        out.n_issues = limit;
        out.next_page_token =
            fields_page_token_make(call, out.issues[limit - 1]->id);
    }
    done(&out, data);
}

void risk_update_issue(risk_svc *svc, const Pmo__V1__UpdateIssueRequest *in,
                       Pmo__V1__Issue_Closure done, void *data)
{
    rpc_call *call = data;
    const Pmo__V1__Issue *is = in->issue;
    if (is == NULL) {
        rpc_violation(call, "issue", "is required");
        done(NULL, data);
        return;
    }
    int64_t program_id;
    program_access prog;
    Pmo__V1__Issue *current, *out;
    if (!risk_id_valid(call, "an issue", in->id) ||
        issues_find(call, in->id, &program_id, &current) != 0 ||
        risk_access(call, "issue", in->id, program_id, ACCESS_CONTRIBUTOR,
                    &prog) != 0 ||
        !risk_owner_may(call, &prog, "issue", in->id, current->owner,
                        in->update_mask, in->n_update_mask) ||
        !risk_version_valid(call, in->expected_version) ||
        !fields_mask_valid(call, in->update_mask, in->n_update_mask,
                           issue_mask_fields) ||
        !issue_valid(call, is, in->update_mask, in->n_update_mask) ||
        !issue_refs_exist(call, &prog, is, in->update_mask,
                          in->n_update_mask) ||
        issues_update(call, &prog, in->id, in->expected_version,
                      in->update_mask, in->n_update_mask,
                      issue_defaulted(call, is), &out) != 0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

void risk_delete_issue(risk_svc *svc, const Pmo__V1__DeleteIssueRequest *in,
                       Pmo__V1__DeleteIssueResponse_Closure done, void *data)
{
    rpc_call *call = data;
    int64_t program_id;
    program_access prog;
    if (!risk_id_valid(call, "an issue", in->id) ||
        issues_program_of(call, in->id, &program_id) != 0 ||
        risk_access(call, "issue", in->id, program_id, ACCESS_MANAGER, &prog) !=
            0 ||
        !risk_version_valid(call, in->expected_version) ||
        issues_delete(call, in->id, in->expected_version) != 0) {
        done(NULL, data);
        return;
    }
    Pmo__V1__DeleteIssueResponse out = PMO__V1__DELETE_ISSUE_RESPONSE__INIT;
    done(&out, data);
}
