/*
 * server/api/stakeholder_service.c - pmo.v1.StakeholderService: who a
 * program answers to and works with, and their RACI roles. Managers edit
 * them; anyone who can see the program reads them.
 */
#include "api/fields.h"
#include "api/services.h"
#include "api/validate.h"
#include "model/access.h"
#include "model/stakeholders.h"
#include "pmo/v1/stakeholder.pb-c.h"
#include "rpc/call.h"

#include <stdio.h>
#include <string.h>

#define STAKEHOLDER_RACI_MAX  200
#define STAKEHOLDER_TEXT_MAX  200
#define STAKEHOLDER_NOTES_MAX 10000
#define STAKEHOLDER_PHONE_MAX 40
/* Longer than any project key or work item ref. */
#define STAKEHOLDER_TARGET_MAX 64

static const char *const stakeholder_mask_fields[] = {
    "name",     "title",     "organisation", "kind",  "email", "phone",
    "interest", "influence", "username",     "notes", "raci",  NULL};

/* True if the field is to be checked: every field on create (no mask). */
static bool stakeholder_named(char *const *mask, size_t n, const char *field)
{
    return mask == NULL || fields_mask_has(mask, n, field);
}

/* A known value of the enum, or 0 when zero_ok (the default then applies). */
static bool stakeholder_enum(rpc_call *call, const char *field,
                             const ProtobufCEnumDescriptor *desc, int value,
                             bool zero_ok)
{
    if ((value == 0 && zero_ok) ||
        (value != 0 && protobuf_c_enum_descriptor_get_value(desc, value)))
        return true;
    rpc_violation(call, field, "%d is not a %s value", value, desc->short_name);
    return false;
}

static bool stakeholder_phone(rpc_call *call, const char *field,
                              const char *phone)
{
    if (strlen(phone) > STAKEHOLDER_PHONE_MAX) {
        rpc_violation(call, field, "must be at most %d characters",
                      STAKEHOLDER_PHONE_MAX);
        return false;
    }
    if (phone[strspn(phone, "0123456789 +-()")] != '\0') {
        rpc_violation(call, field,
                      "may hold only digits, spaces, '+', '-', '(' and ')'");
        return false;
    }
    return true;
}

/* Each target once, written as a project key or a ref, with a role. */
static bool stakeholder_raci_valid(rpc_call *call,
                                   const Pmo__V1__Stakeholder *s)
{
    if (s->n_raci > STAKEHOLDER_RACI_MAX) {
        rpc_violation(call, "stakeholder.raci",
                      "must hold at most %d assignments (got %zu)",
                      STAKEHOLDER_RACI_MAX, s->n_raci);
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < s->n_raci; i++) {
        const Pmo__V1__RaciAssignment *r = s->raci[i];
        char field[48];
        snprintf(field, sizeof(field), "stakeholder.raci[%zu].target", i);
        bool target_ok =
            validate_length(call, field, r->target, 1, STAKEHOLDER_TARGET_MAX);
        for (size_t k = 0; target_ok && k < i; k++)
            if (strcmp(s->raci[k]->target, r->target) == 0) {
                rpc_violation(call, field, "%s is already listed at raci[%zu]",
                              r->target, k);
                target_ok = false;
            }
        snprintf(field, sizeof(field), "stakeholder.raci[%zu].role", i);
        ok &= target_ok;
        ok &= stakeholder_enum(call, field, &pmo__v1__raci__descriptor,
                               (int)r->role, false);
    }
    return ok;
}

/* Checks the fields named in mask (all when mask is NULL). */
static bool stakeholder_valid(rpc_call *call, const Pmo__V1__Stakeholder *s,
                              char *const *mask, size_t n)
{
    bool ok = true;
    if (stakeholder_named(mask, n, "name"))
        ok &= validate_length(call, "stakeholder.name", s->name, 1,
                              STAKEHOLDER_TEXT_MAX);
    if (stakeholder_named(mask, n, "title"))
        ok &= validate_length(call, "stakeholder.title", s->title, 0,
                              STAKEHOLDER_TEXT_MAX);
    if (stakeholder_named(mask, n, "organisation"))
        ok &= validate_length(call, "stakeholder.organisation", s->organisation,
                              0, STAKEHOLDER_TEXT_MAX);
    if (stakeholder_named(mask, n, "kind"))
        ok &= stakeholder_enum(call, "stakeholder.kind",
                               &pmo__v1__stakeholder_kind__descriptor,
                               (int)s->kind, true);
    if (stakeholder_named(mask, n, "email"))
        ok &= validate_email(call, "stakeholder.email", s->email);
    if (stakeholder_named(mask, n, "phone"))
        ok &= stakeholder_phone(call, "stakeholder.phone", s->phone);
    if (stakeholder_named(mask, n, "interest"))
        ok &= stakeholder_enum(call, "stakeholder.interest",
                               &pmo__v1__level__descriptor, (int)s->interest,
                               true);
    if (stakeholder_named(mask, n, "influence"))
        ok &= stakeholder_enum(call, "stakeholder.influence",
                               &pmo__v1__level__descriptor, (int)s->influence,
                               true);
    if (stakeholder_named(mask, n, "username") && s->username[0])
        ok &= validate_username(call, "stakeholder.username", s->username);
    if (stakeholder_named(mask, n, "notes"))
        ok &= validate_text(call, "stakeholder.notes", s->notes, 0,
                            STAKEHOLDER_NOTES_MAX);
    if (stakeholder_named(mask, n, "raci"))
        ok &= stakeholder_raci_valid(call, s);
    return ok;
}

/* A copy with the defaults of unset enums filled in. */
static Pmo__V1__Stakeholder *
stakeholder_defaulted(rpc_call *call, const Pmo__V1__Stakeholder *s)
{
    Pmo__V1__Stakeholder *copy = arena_alloc(call->arena, sizeof(*copy));
    *copy = *s;
    if (copy->kind == PMO__V1__STAKEHOLDER_KIND__STAKEHOLDER_UNSPECIFIED)
        copy->kind = PMO__V1__STAKEHOLDER_KIND__STAKEHOLDER_INTERNAL;
    if (copy->interest == PMO__V1__LEVEL__LEVEL_UNSPECIFIED)
        copy->interest = PMO__V1__LEVEL__LEVEL_MEDIUM;
    if (copy->influence == PMO__V1__LEVEL__LEVEL_UNSPECIFIED)
        copy->influence = PMO__V1__LEVEL__LEVEL_MEDIUM;
    return copy;
}

static bool stakeholder_id_valid(rpc_call *call, int64_t id)
{
    if (id > 0)
        return true;
    rpc_violation(call, "id", "must be a stakeholder id (> 0)");
    return false;
}

static bool stakeholder_version_valid(rpc_call *call, int64_t version)
{
    if (version > 0)
        return true;
    rpc_violation(call, "expected_version",
                  "must be the version you read (> 0)");
    return false;
}

/*
 * Access to a stakeholder's program, at least need. A stakeholder in a
 * program the caller cannot see is reported exactly like one that does
 * not exist, so ids reveal nothing.
 */
static int stakeholder_access(rpc_call *call, int64_t id, int64_t program_id,
                              access_role need, program_access *prog)
{
    if (access_program_id(call, program_id, need, prog) == 0)
        return 0;
    if (call->status == PMO_NOT_FOUND)
        call->message =
            arena_printf(call->arena, "no stakeholder %lld", (long long)id);
    return -1;
}

static void
stakeholder_create_stakeholder(Pmo__V1__StakeholderService_Service *svc,
                               const Pmo__V1__CreateStakeholderRequest *in,
                               Pmo__V1__Stakeholder_Closure done, void *data)
{
    rpc_call *call = data;
    const Pmo__V1__Stakeholder *s = in->stakeholder;
    if (s == NULL) {
        rpc_violation(call, "stakeholder", "is required");
        done(NULL, data);
        return;
    }
    program_access prog;
    Pmo__V1__Stakeholder *out;
    if (!validate_length(call, "stakeholder.program", s->program, 1, 64) ||
        access_program(call, s->program, ACCESS_MANAGER, &prog) != 0 ||
        !stakeholder_valid(call, s, NULL, 0) ||
        stakeholders_create(call, &prog, stakeholder_defaulted(call, s),
                            &out) != 0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

/*
 * The row is read together with its program id in one round trip, and
 * nothing of it is answered before access to that program is checked.
 */
static void
stakeholder_get_stakeholder(Pmo__V1__StakeholderService_Service *svc,
                            const Pmo__V1__GetStakeholderRequest *in,
                            Pmo__V1__Stakeholder_Closure done, void *data)
{
    rpc_call *call = data;
    int64_t program_id;
    program_access prog;
    Pmo__V1__Stakeholder *out;
    if (!stakeholder_id_valid(call, in->id) ||
        stakeholders_find(call, in->id, &program_id, &out) != 0 ||
        stakeholder_access(call, in->id, program_id, ACCESS_VIEWER, &prog) !=
            0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

static void
stakeholder_list_stakeholders(Pmo__V1__StakeholderService_Service *svc,
                              const Pmo__V1__ListStakeholdersRequest *in,
                              Pmo__V1__ListStakeholdersResponse_Closure done,
                              void *data)
{
    rpc_call *call = data;
    program_access prog;
    unsigned limit;
    int64_t after;
    Pmo__V1__ListStakeholdersResponse out =
        PMO__V1__LIST_STAKEHOLDERS_RESPONSE__INIT;
    if (!validate_length(call, "program", in->program, 1, 64) ||
        access_program(call, in->program, ACCESS_VIEWER, &prog) != 0 ||
        !validate_length(call, "target", in->target, 0,
                         STAKEHOLDER_TARGET_MAX) ||
        !fields_page_size(call, in->page_size, &limit) ||
        !fields_page_token(call, in->page_token, &after) ||
        stakeholders_list(call, &prog, in->target, after, limit,
                          &out.stakeholders, &out.n_stakeholders) != 0) {
        done(NULL, data);
        return;
    }
    /* One row beyond the page says there is another page. */
    if (out.n_stakeholders > limit) {
        out.n_stakeholders = limit;
        out.next_page_token =
            fields_page_token_make(call, out.stakeholders[limit - 1]->id);
    }
    done(&out, data);
}

static void
stakeholder_update_stakeholder(Pmo__V1__StakeholderService_Service *svc,
                               const Pmo__V1__UpdateStakeholderRequest *in,
                               Pmo__V1__Stakeholder_Closure done, void *data)
{
    rpc_call *call = data;
    const Pmo__V1__Stakeholder *s = in->stakeholder;
    if (s == NULL) {
        rpc_violation(call, "stakeholder", "is required");
        done(NULL, data);
        return;
    }
    int64_t program_id;
    program_access prog;
    Pmo__V1__Stakeholder *out;
    if (!stakeholder_id_valid(call, in->id) ||
        stakeholders_program_of(call, in->id, &program_id) != 0 ||
        stakeholder_access(call, in->id, program_id, ACCESS_MANAGER, &prog) !=
            0 ||
        !stakeholder_version_valid(call, in->expected_version) ||
        !fields_mask_valid(call, in->update_mask, in->n_update_mask,
                           stakeholder_mask_fields) ||
        !stakeholder_valid(call, s, in->update_mask, in->n_update_mask) ||
        stakeholders_update(call, &prog, in->id, in->expected_version,
                            in->update_mask, in->n_update_mask,
                            stakeholder_defaulted(call, s), &out) != 0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

static void
stakeholder_delete_stakeholder(Pmo__V1__StakeholderService_Service *svc,
                               const Pmo__V1__DeleteStakeholderRequest *in,
                               Pmo__V1__DeleteStakeholderResponse_Closure done,
                               void *data)
{
    rpc_call *call = data;
    int64_t program_id;
    program_access prog;
    if (!stakeholder_id_valid(call, in->id) ||
        stakeholders_program_of(call, in->id, &program_id) != 0 ||
        stakeholder_access(call, in->id, program_id, ACCESS_MANAGER, &prog) !=
            0 ||
        !stakeholder_version_valid(call, in->expected_version) ||
        stakeholders_delete(call, in->id, in->expected_version) != 0) {
        done(NULL, data);
        return;
    }
    Pmo__V1__DeleteStakeholderResponse out =
        PMO__V1__DELETE_STAKEHOLDER_RESPONSE__INIT;
    done(&out, data);
}

static Pmo__V1__StakeholderService_Service stakeholder_impl =
    PMO__V1__STAKEHOLDER_SERVICE__INIT(stakeholder_);

static const rpc_method_policy stakeholder_policies[] = {
    {"CreateStakeholder", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"GetStakeholder", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"ListStakeholders", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"UpdateStakeholder", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"DeleteStakeholder", RPC_ACCESS_SESSION, RPC_WRITES, 0},
};

const rpc_service api_stakeholder_service = {
    .impl = &stakeholder_impl.base,
    .policies = stakeholder_policies,
    .n_policies =
        sizeof(stakeholder_policies) / sizeof(stakeholder_policies[0]),
};
