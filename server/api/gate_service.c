/*
 * server/api/gate_service.c - pmo.v1.GateService: gates on milestones,
 * their checklists and sign-offs. Viewers read; managers write gates;
 * a criterion is signed only by its named approver (see gate.proto).
 */
#include "api/fields.h"
#include "api/services.h"
#include "api/validate.h"
#include "model/access.h"
#include "model/gates.h"
#include "model/members.h"
#include "model/templates.h"
#include "model/work_items.h"
#include "pmo/v1/gate.pb-c.h"
#include "rpc/call.h"

#include <stdio.h>
#include <string.h>

#define GATE_NAME_MAX        200
#define GATE_DESCRIPTION_MAX 2000
#define GATE_CRITERIA_MAX    100
#define GATE_CRITERION_MAX   500
#define GATE_EVIDENCE_MAX    2000
#define GATE_REF_MAX         64

static const fields_mask_field gate_mask_fields[] = {
    {"name", GATES_NAME},
    {"kind", GATES_KIND},
    {"description", GATES_DESCRIPTION},
    {"criteria", GATES_CRITERIA},
};

/* A ref argument naming a program and an item number in it. */
static bool gate_ref_arg(rpc_call *call, const char *field, const char *ref,
                         char key[WORK_KEY_MAX], int64_t *number)
{
    if (work_ref_parse(ref, key, number))
        return true;
    rpc_violation(call, field, "must be a milestone ref like ABC-12");
    return false;
}

/* Each criterion's text and approver; new ones without one get the caller. */
static bool gate_criteria_valid(rpc_call *call, Pmo__V1__Gate *g)
{
    if (g->n_criteria > GATE_CRITERIA_MAX) {
        rpc_violation(call, "gate.criteria", "must hold at most %d (got %zu)",
                      GATE_CRITERIA_MAX, g->n_criteria);
        return false;
    }
    bool ok = true;
    Pmo__V1__GateCriterion **copy = arena_alloc(
        call->arena, (g->n_criteria ? g->n_criteria : 1) * sizeof(*copy));
    for (size_t i = 0; i < g->n_criteria; i++) {
        char field[48];
        copy[i] = arena_alloc(call->arena, sizeof(**copy));
        *copy[i] = *g->criteria[i];
        snprintf(field, sizeof(field), "gate.criteria[%zu].description", i);
        ok &= validate_length(call, field, copy[i]->description, 1,
                              GATE_CRITERION_MAX);
        snprintf(field, sizeof(field), "gate.criteria[%zu].approver", i);
        /* A kept criterion without an approver keeps the one it has. */
        if (copy[i]->approver[0] == '\0' && copy[i]->id == 0)
            copy[i]->approver = (char *)call->who.username;
        else if (copy[i]->approver[0] != '\0')
            ok &= validate_username(call, field, copy[i]->approver);
        if (copy[i]->id < 0) {
            snprintf(field, sizeof(field), "gate.criteria[%zu].id", i);
            rpc_violation(call, field, "must be 0 or a criterion id");
            ok = false;
        }
    }
    g->criteria = copy;
    return ok;
}

/* Checks the fields in mask (all when all is set) of g, a copy. */
static bool gate_valid(rpc_call *call, Pmo__V1__Gate *g, unsigned mask)
{
    bool ok = true;
    if (mask & GATES_NAME)
        ok &= validate_length(call, "gate.name", g->name, 1, GATE_NAME_MAX);
    if (mask & GATES_KIND) {
        if (g->kind == PMO__V1__GATE_KIND__GATE_KIND_UNSPECIFIED)
            g->kind = PMO__V1__GATE_KIND__GATE_QUALITY;
        if (gates_kind_name((int)g->kind) == NULL) {
            rpc_violation(call, "gate.kind", "%d is not a GateKind value",
                          (int)g->kind);
            ok = false;
        }
    }
    if (mask & GATES_DESCRIPTION)
        ok &= validate_text(call, "gate.description", g->description, 0,
                            GATE_DESCRIPTION_MAX);
    if (mask & GATES_CRITERIA)
        ok &= gate_criteria_valid(call, g);
    return ok;
}

static bool gate_id_valid(rpc_call *call, const char *what, int64_t id)
{
    if (id > 0)
        return true;
    rpc_violation(call, "id", "must be a %s id (> 0)", what);
    return false;
}

static bool gate_version_valid(rpc_call *call, int64_t version)
{
    if (version > 0)
        return true;
    rpc_violation(call, "expected_version",
                  "must be the version you read (> 0)");
    return false;
}

/* Access to a gate's program; an unseen program reads as no such gate. */
static int gate_access(rpc_call *call, const char *what, int64_t id,
                       int64_t program_id, access_role need,
                       program_access *prog)
{
    if (access_program_id(call, program_id, need, prog) == 0)
        return 0;
    if (call->status == PMO_NOT_FOUND)
        call->message =
            arena_printf(call->arena, "no %s %lld", what, (long long)id);
    return -1;
}

static void gate_create_gate(Pmo__V1__GateService_Service *svc,
                             const Pmo__V1__CreateGateRequest *in,
                             Pmo__V1__Gate_Closure done, void *data)
{
    rpc_call *call = data;
    if (in->gate == NULL) {
        rpc_violation(call, "gate", "is required");
        done(NULL, data);
        return;
    }
    Pmo__V1__Gate g = *in->gate;
    char key[WORK_KEY_MAX];
    int64_t number;
    program_access prog;
    Pmo__V1__Gate *out;
    if (!gate_ref_arg(call, "gate.item", g.item, key, &number) ||
        access_program(call, key, ACCESS_MANAGER, &prog) != 0 ||
        !gate_valid(call, &g, ~0u) ||
        gates_create(call, &prog, number, "gate.item", &g, &out) != 0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

static void gate_get_gate(Pmo__V1__GateService_Service *svc,
                          const Pmo__V1__GetGateRequest *in,
                          Pmo__V1__Gate_Closure done, void *data)
{
    rpc_call *call = data;
    int64_t program_id;
    program_access prog;
    Pmo__V1__Gate *out;
    if (!gate_id_valid(call, "gate", in->id) ||
        gates_find(call, in->id, &program_id, &out) != 0 ||
        gate_access(call, "gate", in->id, program_id, ACCESS_VIEWER, &prog) !=
            0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

static void gate_list_gates(Pmo__V1__GateService_Service *svc,
                            const Pmo__V1__ListGatesRequest *in,
                            Pmo__V1__ListGatesResponse_Closure done, void *data)
{
    rpc_call *call = data;
    program_access prog;
    unsigned limit;
    int64_t after;
    Pmo__V1__ListGatesResponse out = PMO__V1__LIST_GATES_RESPONSE__INIT;
    if (!validate_length(call, "program", in->program, 1, GATE_REF_MAX) ||
        access_program(call, in->program, ACCESS_VIEWER, &prog) != 0 ||
        !fields_page_size(call, in->page_size, &limit) ||
        !fields_page_token(call, in->page_token, &after) ||
        gates_list(call, &prog, after, limit, &out.gates, &out.n_gates) != 0) {
        done(NULL, data);
        return;
    }
    if (out.n_gates > limit) {
        out.n_gates = limit;
        out.next_page_token =
            fields_page_token_make(call, out.gates[limit - 1]->id);
    }
    done(&out, data);
}

static void gate_update_gate(Pmo__V1__GateService_Service *svc,
                             const Pmo__V1__UpdateGateRequest *in,
                             Pmo__V1__Gate_Closure done, void *data)
{
    rpc_call *call = data;
    if (in->gate == NULL) {
        rpc_violation(call, "gate", "is required");
        done(NULL, data);
        return;
    }
    Pmo__V1__Gate g = *in->gate;
    int64_t program_id;
    program_access prog;
    unsigned mask;
    Pmo__V1__Gate *out;
    if (!gate_id_valid(call, "gate", in->id) ||
        gates_program_of(call, in->id, &program_id) != 0 ||
        gate_access(call, "gate", in->id, program_id, ACCESS_MANAGER, &prog) !=
            0 ||
        !gate_version_valid(call, in->expected_version) ||
        !fields_mask_bits(
            call, in->update_mask, in->n_update_mask, gate_mask_fields,
            sizeof(gate_mask_fields) / sizeof(*gate_mask_fields), &mask) ||
        !gate_valid(call, &g, mask) ||
        gates_update(call, &prog, in->id, in->expected_version, mask, &g,
                     &out) != 0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

static void gate_delete_gate(Pmo__V1__GateService_Service *svc,
                             const Pmo__V1__DeleteGateRequest *in,
                             Pmo__V1__DeleteGateResponse_Closure done,
                             void *data)
{
    rpc_call *call = data;
    int64_t program_id;
    program_access prog;
    if (!gate_id_valid(call, "gate", in->id) ||
        gates_program_of(call, in->id, &program_id) != 0 ||
        gate_access(call, "gate", in->id, program_id, ACCESS_MANAGER, &prog) !=
            0 ||
        !gate_version_valid(call, in->expected_version) ||
        gates_delete(call, in->id, in->expected_version) != 0) {
        done(NULL, data);
        return;
    }
    Pmo__V1__DeleteGateResponse out = PMO__V1__DELETE_GATE_RESPONSE__INIT;
    done(&out, data);
}

/*
 * Signing is a write in the program, so it needs the contributor role
 * there; being the criterion's approver is checked by the model.
 */
static void gate_sign_criterion(Pmo__V1__GateService_Service *svc,
                                const Pmo__V1__SignCriterionRequest *in,
                                Pmo__V1__Gate_Closure done, void *data)
{
    rpc_call *call = data;
    int64_t program_id;
    program_access prog;
    Pmo__V1__Gate *out;
    if (!gate_id_valid(call, "criterion", in->id) ||
        gates_criterion_program(call, in->id, &program_id) != 0 ||
        gate_access(call, "gate criterion", in->id, program_id,
                    ACCESS_CONTRIBUTOR, &prog) != 0 ||
        !validate_text(call, "evidence", in->evidence, 1, GATE_EVIDENCE_MAX) ||
        gates_sign(call, &prog, in->id, in->evidence, &out) != 0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

/*
 * Withdrawing a sign-off needs the contributor role first (role checks
 * before anything else); that the caller is the approver, or a manager,
 * is checked by the model with the criterion locked.
 */
static void gate_unsign_criterion(Pmo__V1__GateService_Service *svc,
                                  const Pmo__V1__UnsignCriterionRequest *in,
                                  Pmo__V1__Gate_Closure done, void *data)
{
    rpc_call *call = data;
    int64_t program_id;
    program_access prog;
    Pmo__V1__Gate *out;
    if (!gate_id_valid(call, "criterion", in->id) ||
        gates_criterion_program(call, in->id, &program_id) != 0 ||
        gate_access(call, "gate criterion", in->id, program_id,
                    ACCESS_CONTRIBUTOR, &prog) != 0 ||
        gates_unsign(call, &prog, in->id, &out) != 0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

static void gate_get_gate_status(Pmo__V1__GateService_Service *svc,
                                 const Pmo__V1__GetGateStatusRequest *in,
                                 Pmo__V1__GateStatus_Closure done, void *data)
{
    rpc_call *call = data;
    char key[WORK_KEY_MAX];
    int64_t number;
    program_access prog;
    Pmo__V1__GateStatus out = PMO__V1__GATE_STATUS__INIT;
    if (!gate_ref_arg(call, "item", in->item, key, &number) ||
        access_program(call, key, ACCESS_VIEWER, &prog) != 0 ||
        gates_status(call, &prog, number, &out) != 0) {
        done(NULL, data);
        return;
    }
    done(&out, data);
}

static void
gate_apply_gate_template(Pmo__V1__GateService_Service *svc,
                         const Pmo__V1__ApplyGateTemplateRequest *in,
                         Pmo__V1__Gate_Closure done, void *data)
{
    rpc_call *call = data;
    char key[WORK_KEY_MAX];
    int64_t number;
    program_access prog;
    Pmo__V1__Gate *g, *out;
    if (!gate_ref_arg(call, "item", in->item, key, &number) ||
        access_program(call, key, ACCESS_MANAGER, &prog) != 0 ||
        !validate_length(call, "template", in->template_, 1, GATE_NAME_MAX) ||
        (in->approver[0] &&
         (!validate_username(call, "approver", in->approver) ||
          members_check_signer(call, &prog, "approver", in->approver) != 0)) ||
        templates_gate_load(call, in->template_,
                            in->approver[0] ? in->approver : call->who.username,
                            &g) != 0 ||
        gates_create(call, &prog, number, "item", g, &out) != 0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

static Pmo__V1__GateService_Service gate_impl =
    PMO__V1__GATE_SERVICE__INIT(gate_);

static const rpc_method_policy gate_policies[] = {
    {"CreateGate", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"GetGate", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"ListGates", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"UpdateGate", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"DeleteGate", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"SignCriterion", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"GetGateStatus", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"ApplyGateTemplate", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"UnsignCriterion", RPC_ACCESS_SESSION, RPC_WRITES, 0},
};

const rpc_service api_gate_service = {
    .impl = &gate_impl.base,
    .policies = gate_policies,
    .n_policies = sizeof(gate_policies) / sizeof(gate_policies[0]),
};
