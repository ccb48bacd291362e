/*
 * server/api/risk_assumptions.c - the assumptions of pmo.v1.RiskService:
 * what the program takes to be true, who checks it and by when. Managers
 * write; viewers read.
 */
#include "api/fields.h"
#include "api/risk_common.h"
#include "api/risk_handlers.h"
#include "api/validate.h"
#include "model/access.h"
#include "model/assumptions.h"
#include "rpc/call.h"

static const char *const assumption_mask_fields[] = {
    "statement", "owner", "validate_by", "status", "note", NULL};

/* Checks the fields named in mask (all when mask is NULL). */
static bool assumption_valid(rpc_call *call, const Pmo__V1__Assumption *a,
                             char *const *mask, size_t n)
{
    bool ok = true;
    if (risk_named(mask, n, "statement"))
        ok &= validate_text(call, "assumption.statement", a->statement, 1,
                            RISK_TEXT_MAX);
    if (risk_named(mask, n, "owner"))
        ok &= risk_owner_valid(call, "assumption.owner", a->owner);
    if (risk_named(mask, n, "validate_by"))
        ok &= fields_date(call, "assumption.validate_by", a->validate_by);
    if (risk_named(mask, n, "status"))
        ok &= risk_enum(call, "assumption.status",
                        &pmo__v1__assumption_status__descriptor, (int)a->status,
                        true);
    if (risk_named(mask, n, "note"))
        ok &= validate_text(call, "assumption.note", a->note, 0, RISK_TEXT_MAX);
    return ok;
}

static bool assumption_owner_exists(rpc_call *call, const program_access *prog,
                                    const Pmo__V1__Assumption *a,
                                    char *const *mask, size_t n)
{
    raid_refs refs;
    raid_refs_init(&refs, call, prog);
    if (risk_named(mask, n, "owner"))
        raid_refs_member(&refs, "assumption.owner", a->owner);
    return raid_refs_check(&refs) == 0;
}

static Pmo__V1__Assumption *assumption_defaulted(rpc_call *call,
                                                 const Pmo__V1__Assumption *a)
{
    Pmo__V1__Assumption *copy = arena_alloc(call->arena, sizeof(*copy));
    *copy = *a;
    if (copy->status ==
        PMO__V1__ASSUMPTION_STATUS__ASSUMPTION_STATUS_UNSPECIFIED)
        copy->status = PMO__V1__ASSUMPTION_STATUS__ASSUMPTION_OPEN;
    return copy;
}

void risk_create_assumption(risk_svc *svc,
                            const Pmo__V1__CreateAssumptionRequest *in,
                            Pmo__V1__Assumption_Closure done, void *data)
{
    rpc_call *call = data;
    const Pmo__V1__Assumption *a = in->assumption;
    if (a == NULL) {
        rpc_violation(call, "assumption", "is required");
        done(NULL, data);
        return;
    }
    program_access prog;
    Pmo__V1__Assumption *out;
    if (!validate_length(call, "assumption.program", a->program, 1, 64) ||
        access_program(call, a->program, ACCESS_MANAGER, &prog) != 0 ||
        !assumption_valid(call, a, NULL, 0) ||
        !assumption_owner_exists(call, &prog, a, NULL, 0) ||
        assumptions_create(call, &prog, assumption_defaulted(call, a), &out) !=
            0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

void risk_get_assumption(risk_svc *svc, const Pmo__V1__GetAssumptionRequest *in,
                         Pmo__V1__Assumption_Closure done, void *data)
{
    rpc_call *call = data;
    int64_t program_id;
    program_access prog;
    Pmo__V1__Assumption *out;
    if (!risk_id_valid(call, "an assumption", in->id) ||
        assumptions_find(call, in->id, &program_id, &out) != 0 ||
        risk_access(call, "assumption", in->id, program_id, ACCESS_VIEWER,
                    &prog) != 0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

void risk_list_assumptions(risk_svc *svc,
                           const Pmo__V1__ListAssumptionsRequest *in,
                           Pmo__V1__ListAssumptionsResponse_Closure done,
                           void *data)
{
    rpc_call *call = data;
    program_access prog;
    unsigned limit;
    int64_t after;
    Pmo__V1__ListAssumptionsResponse out =
        PMO__V1__LIST_ASSUMPTIONS_RESPONSE__INIT;
    if (!validate_length(call, "program", in->program, 1, 64) ||
        access_program(call, in->program, ACCESS_VIEWER, &prog) != 0 ||
        !risk_enum(call, "status", &pmo__v1__assumption_status__descriptor,
                   (int)in->status, true) ||
        !fields_page_size(call, in->page_size, &limit) ||
        !fields_page_token(call, in->page_token, &after) ||
        assumptions_list(call, &prog, (int)in->status, in->overdue, after,
                         limit, &out.assumptions, &out.n_assumptions) != 0) {
        done(NULL, data);
        return;
    }
    if (out.n_assumptions > limit) {
        out.n_assumptions = limit;
        out.next_page_token =
            fields_page_token_make(call, out.assumptions[limit - 1]->id);
    }
    done(&out, data);
}

void risk_update_assumption(risk_svc *svc,
                            const Pmo__V1__UpdateAssumptionRequest *in,
                            Pmo__V1__Assumption_Closure done, void *data)
{
    rpc_call *call = data;
    const Pmo__V1__Assumption *a = in->assumption;
    if (a == NULL) {
        rpc_violation(call, "assumption", "is required");
        done(NULL, data);
        return;
    }
    int64_t program_id;
    program_access prog;
    Pmo__V1__Assumption *out;
    if (!risk_id_valid(call, "an assumption", in->id) ||
        assumptions_program_of(call, in->id, &program_id) != 0 ||
        risk_access(call, "assumption", in->id, program_id, ACCESS_MANAGER,
                    &prog) != 0 ||
        !risk_version_valid(call, in->expected_version) ||
        !fields_mask_valid(call, in->update_mask, in->n_update_mask,
                           assumption_mask_fields) ||
        !assumption_valid(call, a, in->update_mask, in->n_update_mask) ||
        !assumption_owner_exists(call, &prog, a, in->update_mask,
                                 in->n_update_mask) ||
        assumptions_update(call, &prog, in->id, in->expected_version,
                           in->update_mask, in->n_update_mask,
                           assumption_defaulted(call, a), &out) != 0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

void risk_delete_assumption(risk_svc *svc,
                            const Pmo__V1__DeleteAssumptionRequest *in,
                            Pmo__V1__DeleteAssumptionResponse_Closure done,
                            void *data)
{
    rpc_call *call = data;
    int64_t program_id;
    program_access prog;
    if (!risk_id_valid(call, "an assumption", in->id) ||
        assumptions_program_of(call, in->id, &program_id) != 0 ||
        risk_access(call, "assumption", in->id, program_id, ACCESS_MANAGER,
                    &prog) != 0 ||
        !risk_version_valid(call, in->expected_version) ||
        assumptions_delete(call, in->id, in->expected_version) != 0) {
        done(NULL, data);
        return;
    }
    Pmo__V1__DeleteAssumptionResponse out =
        PMO__V1__DELETE_ASSUMPTION_RESPONSE__INIT;
    done(&out, data);
}
