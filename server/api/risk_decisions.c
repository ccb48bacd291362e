/*
 * server/api/risk_decisions.c - the decisions of pmo.v1.RiskService: the
 * question, the options weighed, what was decided, by whom, when, and
 * what it affects. Managers write; viewers read. A decision created with
 * a meeting_id was taken in that meeting.
 */
#include "api/fields.h"
#include "api/risk_common.h"
#include "api/risk_handlers.h"
#include "api/validate.h"
#include "model/access.h"
#include "model/decisions.h"
#include "rpc/call.h"

#define DECISION_OPTION_MAX  500
#define DECISION_OPTIONS_MAX 50

static const char *const decision_mask_fields[] = {
    "question",   "context", "options", "decision", "decided_by",
    "decided_on", "items",   "affects", "status",   NULL};

static bool decision_options_valid(rpc_call *call, const Pmo__V1__Decision *d)
{
    if (d->n_options > DECISION_OPTIONS_MAX) {
        rpc_violation(call, "decision.options",
                      "must hold at most %d options (got %zu)",
                      DECISION_OPTIONS_MAX, d->n_options);
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < d->n_options; i++)
        ok &= validate_length(
            call, arena_printf(call->arena, "decision.options[%zu]", i),
            d->options[i], 1, DECISION_OPTION_MAX);
    return ok;
}

/* Checks the fields named in mask (all when mask is NULL). */
static bool decision_valid(rpc_call *call, const Pmo__V1__Decision *d,
                           char *const *mask, size_t n)
{
    bool ok = true;
    if (risk_named(mask, n, "question"))
        ok &= validate_text(call, "decision.question", d->question, 1,
                            RISK_TEXT_MAX);
    if (risk_named(mask, n, "context"))
        ok &= validate_text(call, "decision.context", d->context, 0,
                            RISK_TEXT_MAX);
    if (risk_named(mask, n, "options"))
        ok &= decision_options_valid(call, d);
    if (risk_named(mask, n, "decision"))
        ok &= validate_text(call, "decision.decision", d->decision, 0,
                            RISK_TEXT_MAX);
    if (risk_named(mask, n, "decided_by"))
        ok &= risk_owner_valid(call, "decision.decided_by", d->decided_by);
    if (risk_named(mask, n, "decided_on"))
        ok &= fields_date(call, "decision.decided_on", d->decided_on);
    if (risk_named(mask, n, "items"))
        ok &= risk_refs_valid(call, "decision.items", d->items, d->n_items);
    if (risk_named(mask, n, "affects"))
        ok &= validate_text(call, "decision.affects", d->affects, 0,
                            RISK_TEXT_MAX);
    if (risk_named(mask, n, "status"))
        ok &= risk_enum(call, "decision.status",
                        &pmo__v1__decision_status__descriptor, (int)d->status,
                        true);
    /* Decided means something was: say what. */
    if (ok && d->status == PMO__V1__DECISION_STATUS__DECISION_DECIDED &&
        risk_named(mask, n, "status") && risk_named(mask, n, "decision") &&
        d->decision[0] == '\0') {
        rpc_violation(call, "decision.decision",
                      "is required once the status is decided");
        ok = false;
    }
    return ok;
}

static bool decision_refs_exist(rpc_call *call, const program_access *prog,
                                const Pmo__V1__Decision *d, char *const *mask,
                                size_t n)
{
    raid_refs refs;
    raid_refs_init(&refs, call, prog);
    if (risk_named(mask, n, "decided_by"))
        raid_refs_user(&refs, "decision.decided_by", d->decided_by);
    if (risk_named(mask, n, "items"))
        risk_refs_items(&refs, "decision.items", d->items, d->n_items);
    if (mask == NULL)
        raid_refs_id(&refs, RAID_REF_MEETING, "decision.meeting_id",
                     d->meeting_id);
    return raid_refs_check(&refs) == 0;
}

static Pmo__V1__Decision *decision_defaulted(rpc_call *call,
                                             const Pmo__V1__Decision *d)
{
    Pmo__V1__Decision *copy = arena_alloc(call->arena, sizeof(*copy));
    *copy = *d;
    if (copy->status == PMO__V1__DECISION_STATUS__DECISION_STATUS_UNSPECIFIED)
        copy->status = PMO__V1__DECISION_STATUS__DECISION_PROPOSED;
    return copy;
}

void risk_create_decision(risk_svc *svc,
                          const Pmo__V1__CreateDecisionRequest *in,
                          Pmo__V1__Decision_Closure done, void *data)
{
    rpc_call *call = data;
    const Pmo__V1__Decision *d = in->decision;
    if (d == NULL) {
        rpc_violation(call, "decision", "is required");
        done(NULL, data);
        return;
    }
    program_access prog;
    Pmo__V1__Decision *out;
    if (!validate_length(call, "decision.program", d->program, 1, 64) ||
        access_program(call, d->program, ACCESS_MANAGER, &prog) != 0) {
        done(NULL, data);
        return;
    }
    bool ok = decision_valid(call, d, NULL, 0);
    if (d->meeting_id < 0) {
        rpc_violation(call, "decision.meeting_id", "must be a meeting id or 0");
        ok = false;
    }
    if (!ok || !decision_refs_exist(call, &prog, d, NULL, 0) ||
        decisions_create(call, &prog, decision_defaulted(call, d), &out) != 0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

void risk_get_decision(risk_svc *svc, const Pmo__V1__GetDecisionRequest *in,
                       Pmo__V1__Decision_Closure done, void *data)
{
    rpc_call *call = data;
    int64_t program_id;
    program_access prog;
    Pmo__V1__Decision *out;
    if (!risk_id_valid(call, "a decision", in->id) ||
        decisions_find(call, in->id, &program_id, &out) != 0 ||
        risk_access(call, "decision", in->id, program_id, ACCESS_VIEWER,
                    &prog) != 0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

void risk_list_decisions(risk_svc *svc, const Pmo__V1__ListDecisionsRequest *in,
                         Pmo__V1__ListDecisionsResponse_Closure done,
                         void *data)
{
    rpc_call *call = data;
    program_access prog;
    unsigned limit;
    int64_t after;
    Pmo__V1__ListDecisionsResponse out = PMO__V1__LIST_DECISIONS_RESPONSE__INIT;
    if (!validate_length(call, "program", in->program, 1, 64) ||
        access_program(call, in->program, ACCESS_VIEWER, &prog) != 0 ||
        !risk_enum(call, "status", &pmo__v1__decision_status__descriptor,
                   (int)in->status, true) ||
        !fields_page_size(call, in->page_size, &limit) ||
        !fields_page_token(call, in->page_token, &after) ||
        decisions_list(call, &prog, (int)in->status, in->meeting_id, after,
                       limit, &out.decisions, &out.n_decisions) != 0) {
        done(NULL, data);
        return;
    }
    if (out.n_decisions > limit) {
        out.n_decisions = limit;
        out.next_page_token =
            fields_page_token_make(call, out.decisions[limit - 1]->id);
    }
    done(&out, data);
}

void risk_update_decision(risk_svc *svc,
                          const Pmo__V1__UpdateDecisionRequest *in,
                          Pmo__V1__Decision_Closure done, void *data)
{
    rpc_call *call = data;
    const Pmo__V1__Decision *d = in->decision;
    if (d == NULL) {
        rpc_violation(call, "decision", "is required");
        done(NULL, data);
        return;
    }
    int64_t program_id;
    program_access prog;
    Pmo__V1__Decision *out;
    if (!risk_id_valid(call, "a decision", in->id) ||
        decisions_program_of(call, in->id, &program_id) != 0 ||
        risk_access(call, "decision", in->id, program_id, ACCESS_MANAGER,
                    &prog) != 0 ||
        !risk_version_valid(call, in->expected_version) ||
        !fields_mask_valid(call, in->update_mask, in->n_update_mask,
                           decision_mask_fields) ||
        !decision_valid(call, d, in->update_mask, in->n_update_mask) ||
        !decision_refs_exist(call, &prog, d, in->update_mask,
                             in->n_update_mask) ||
        decisions_update(call, &prog, in->id, in->expected_version,
                         in->update_mask, in->n_update_mask,
                         decision_defaulted(call, d), &out) != 0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

void risk_delete_decision(risk_svc *svc,
                          const Pmo__V1__DeleteDecisionRequest *in,
                          Pmo__V1__DeleteDecisionResponse_Closure done,
                          void *data)
{
    rpc_call *call = data;
    int64_t program_id;
    program_access prog;
    if (!risk_id_valid(call, "a decision", in->id) ||
        decisions_program_of(call, in->id, &program_id) != 0 ||
        risk_access(call, "decision", in->id, program_id, ACCESS_MANAGER,
                    &prog) != 0 ||
        !risk_version_valid(call, in->expected_version) ||
        decisions_delete(call, in->id, in->expected_version) != 0) {
        done(NULL, data);
        return;
    }
    Pmo__V1__DeleteDecisionResponse out =
        PMO__V1__DELETE_DECISION_RESPONSE__INIT;
    done(&out, data);
}
