/*
 * server/api/retro_service.c - pmo.v1.RetroService: retrospectives and
 * post-mortems of a program. Viewers read; contributors create and edit
 * (and hand out action items, which become action items of the RAID
 * log); managers delete.
 */
#include "api/fields.h"
#include "api/risk_common.h"
#include "api/services.h"
#include "api/validate.h"
#include "model/access.h"
#include "model/lessons.h"
#include "model/raid.h"
#include "model/retro_actions.h"
#include "model/retros.h"
#include "pmo/v1/lesson.pb-c.h"
#include "rpc/call.h"

#include <stdio.h>
#include <string.h>

#define RETRO_TITLE_MAX   200
#define RETRO_TEXT_MAX    20000
#define RETRO_LIST_MAX    100
#define RETRO_ITEM_MAX    500
#define RETRO_PROGRAM_MAX 64

static const fields_mask_field retro_mask_fields[] = {
    {"title", RETROS_TITLE},
    {"date", RETROS_DATE},
    {"kind", RETROS_KIND},
    {"went_well", RETROS_WENT_WELL},
    {"went_badly", RETROS_WENT_BADLY},
    {"root_causes", RETROS_ROOT_CAUSES},
    {"action_items", RETROS_ACTION_ITEMS},
};

static bool retro_list_size(rpc_call *call, const char *field, size_t n)
{
    if (n <= RETRO_LIST_MAX)
        return true;
    rpc_violation(call, field, "must hold at most %d entries (got %zu)",
                  RETRO_LIST_MAX, n);
    return false;
}

static bool retro_root_causes_valid(rpc_call *call, const Pmo__V1__Retro *r)
{
    if (!retro_list_size(call, "retro.root_causes", r->n_root_causes))
        return false;
    bool ok = true;
    for (size_t i = 0; i < r->n_root_causes; i++) {
        char field[40];
        snprintf(field, sizeof(field), "retro.root_causes[%zu]", i);
        ok &=
            validate_length(call, field, r->root_causes[i], 1, RETRO_ITEM_MAX);
    }
    return ok;
}

static bool retro_actions_valid(rpc_call *call, const Pmo__V1__Retro *r)
{
    if (!retro_list_size(call, "retro.action_items", r->n_action_items))
        return false;
    bool ok = true;
    for (size_t i = 0; i < r->n_action_items; i++) {
        const Pmo__V1__ActionItem *a = r->action_items[i];
        char field[48];
        snprintf(field, sizeof(field), "retro.action_items[%zu].text", i);
        ok &= validate_length(call, field, a->text, 1, RETRO_ITEM_MAX);
        snprintf(field, sizeof(field), "retro.action_items[%zu].owner", i);
        ok &= risk_owner_valid(call, field, a->owner);
        snprintf(field, sizeof(field), "retro.action_items[%zu].due", i);
        ok &= fields_date(call, field, a->due);
    }
    return ok;
}

/*
 * Every owner of r's action items is a user who can see prog, as the
 * owner of any action item must be.
 */
static bool retro_owners_exist(rpc_call *call, const program_access *prog,
                               const Pmo__V1__Retro *r)
{
    raid_refs refs;
    raid_refs_init(&refs, call, prog);
    for (size_t i = 0; i < r->n_action_items; i++)
        raid_refs_member(
            &refs,
            arena_printf(call->arena, "retro.action_items[%zu].owner", i),
            r->action_items[i]->owner);
    return raid_refs_check(&refs) == 0;
}

/* Hands out r's action items as actions of retro out, then shows them. */
static int retro_actions_handout(rpc_call *call, const program_access *prog,
                                 const Pmo__V1__Retro *r, Pmo__V1__Retro *out)
{
    if (retro_actions_add(call, prog, out->id, r->action_items,
                          r->n_action_items) != 0)
        return -1;
    return retro_actions_attach(call, prog->id, &out, 1);
}

/* Checks the fields in mask of r, a copy, and defaults its kind. */
static bool retro_valid(rpc_call *call, Pmo__V1__Retro *r, unsigned mask)
{
    bool ok = true;
    if (mask & RETROS_TITLE)
        ok &=
            validate_length(call, "retro.title", r->title, 1, RETRO_TITLE_MAX);
    if (mask & RETROS_DATE) {
        if (r->date[0] == '\0') {
            rpc_violation(call, "retro.date",
                          "is required: the day it was held, YYYY-MM-DD");
            ok = false;
        } else {
            ok &= fields_date(call, "retro.date", r->date);
        }
    }
    if (mask & RETROS_KIND) {
        if (r->kind == PMO__V1__RETRO_KIND__RETRO_KIND_UNSPECIFIED)
            r->kind = PMO__V1__RETRO_KIND__RETRO_RETROSPECTIVE;
        if (r->kind < 0 || r->kind > PMO__V1__RETRO_KIND__RETRO_POST_MORTEM) {
            rpc_violation(call, "retro.kind", "%d is not a RetroKind value",
                          (int)r->kind);
            ok = false;
        }
    }
    if (mask & RETROS_WENT_WELL)
        ok &= validate_text(call, "retro.went_well", r->went_well, 0,
                            RETRO_TEXT_MAX);
    if (mask & RETROS_WENT_BADLY)
        ok &= validate_text(call, "retro.went_badly", r->went_badly, 0,
                            RETRO_TEXT_MAX);
    if (mask & RETROS_ROOT_CAUSES)
        ok &= retro_root_causes_valid(call, r);
    if (mask & RETROS_ACTION_ITEMS)
        ok &= retro_actions_valid(call, r);
    return ok;
}

static bool retro_id_valid(rpc_call *call, int64_t id)
{
    if (id > 0)
        return true;
    rpc_violation(call, "id", "must be a retro id (> 0)");
    return false;
}

static bool retro_version_valid(rpc_call *call, int64_t version)
{
    if (version > 0)
        return true;
    rpc_violation(call, "expected_version",
                  "must be the version you read (> 0)");
    return false;
}

/* Access to a retro's program; an unseen program reads as no such retro. */
static int retro_access(rpc_call *call, int64_t id, int64_t program_id,
                        access_role need, program_access *prog)
{
    if (access_program_id(call, program_id, need, prog) == 0)
        return 0;
    if (call->status == PMO_NOT_FOUND)
        call->message =
            arena_printf(call->arena, "no retro %lld", (long long)id);
    return -1;
}

static void retro_create_retro(Pmo__V1__RetroService_Service *svc,
                               const Pmo__V1__CreateRetroRequest *in,
                               Pmo__V1__Retro_Closure done, void *data)
{
    rpc_call *call = data;
    if (in->retro == NULL) {
        rpc_violation(call, "retro", "is required");
        done(NULL, data);
        return;
    }
    Pmo__V1__Retro r = *in->retro;
    program_access prog;
    Pmo__V1__Retro *out;
    if (!validate_length(call, "retro.program", r.program, 1,
                         RETRO_PROGRAM_MAX) ||
        access_program(call, r.program, ACCESS_CONTRIBUTOR, &prog) != 0 ||
        !retro_valid(call, &r, ~0u) || !retro_owners_exist(call, &prog, &r) ||
        retros_create(call, &prog, &r, &out) != 0 ||
        retro_actions_handout(call, &prog, &r, out) != 0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

/* A retro with its action items and the lessons it yielded. */
static void retro_get_retro(Pmo__V1__RetroService_Service *svc,
                            const Pmo__V1__GetRetroRequest *in,
                            Pmo__V1__Retro_Closure done, void *data)
{
    rpc_call *call = data;
    int64_t program_id;
    program_access prog;
    Pmo__V1__Retro *out;
    if (!retro_id_valid(call, in->id) ||
        retros_find(call, in->id, &program_id, &out) != 0 ||
        retro_access(call, in->id, program_id, ACCESS_VIEWER, &prog) != 0 ||
        retro_actions_attach(call, program_id, &out, 1) != 0 ||
        lessons_of_retro(call, in->id, &out->lessons, &out->n_lessons) != 0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

static void retro_list_retros(Pmo__V1__RetroService_Service *svc,
                              const Pmo__V1__ListRetrosRequest *in,
                              Pmo__V1__ListRetrosResponse_Closure done,
                              void *data)
{
    rpc_call *call = data;
    program_access prog;
    unsigned limit;
    int64_t after;
    Pmo__V1__ListRetrosResponse out = PMO__V1__LIST_RETROS_RESPONSE__INIT;
    if (!validate_length(call, "program", in->program, 1, RETRO_PROGRAM_MAX) ||
        access_program(call, in->program, ACCESS_VIEWER, &prog) != 0) {
        done(NULL, data);
        return;
    }
    if (in->kind < 0 || in->kind > PMO__V1__RETRO_KIND__RETRO_POST_MORTEM) {
        rpc_violation(call, "kind", "%d is not a RetroKind value",
                      (int)in->kind);
        done(NULL, data);
        return;
    }
    if (!fields_page_size(call, in->page_size, &limit) ||
        !fields_page_token(call, in->page_token, &after) ||
        retros_list(call, &prog, (int)in->kind, after, limit, &out.retros,
                    &out.n_retros) != 0 ||
        retro_actions_attach(call, prog.id, out.retros, out.n_retros) != 0) {
        done(NULL, data);
        return;
    }
    if (out.n_retros > limit) {
        out.n_retros = limit;
        out.next_page_token =
            fields_page_token_make(call, out.retros[limit - 1]->id);
    }
    done(&out, data);
}

static void retro_update_retro(Pmo__V1__RetroService_Service *svc,
                               const Pmo__V1__UpdateRetroRequest *in,
                               Pmo__V1__Retro_Closure done, void *data)
{
    rpc_call *call = data;
    if (in->retro == NULL) {
        rpc_violation(call, "retro", "is required");
        done(NULL, data);
        return;
    }
    Pmo__V1__Retro r = *in->retro;
    int64_t program_id;
    program_access prog;
    unsigned mask;
    Pmo__V1__Retro *out;
    if (!retro_id_valid(call, in->id) ||
        retros_program_of(call, in->id, &program_id) != 0 ||
        retro_access(call, in->id, program_id, ACCESS_CONTRIBUTOR, &prog) !=
            0 ||
        !retro_version_valid(call, in->expected_version) ||
        !fields_mask_bits(
            call, in->update_mask, in->n_update_mask, retro_mask_fields,
            sizeof(retro_mask_fields) / sizeof(*retro_mask_fields), &mask) ||
        !retro_valid(call, &r, mask) ||
        ((mask & RETROS_ACTION_ITEMS) &&
         !retro_owners_exist(call, &prog, &r)) ||
        retros_update(call, &prog, in->id, in->expected_version, mask, &r,
                      &out) != 0) {
        done(NULL, data);
        return;
    }
    /* Action items in the mask are new ones; those it has stay. */
    if (!(mask & RETROS_ACTION_ITEMS))
        r.n_action_items = 0;
    if (retro_actions_handout(call, &prog, &r, out) != 0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

static void retro_delete_retro(Pmo__V1__RetroService_Service *svc,
                               const Pmo__V1__DeleteRetroRequest *in,
                               Pmo__V1__DeleteRetroResponse_Closure done,
                               void *data)
{
    rpc_call *call = data;
    int64_t program_id;
    program_access prog;
    if (!retro_id_valid(call, in->id) ||
        retros_program_of(call, in->id, &program_id) != 0 ||
        retro_access(call, in->id, program_id, ACCESS_MANAGER, &prog) != 0 ||
        !retro_version_valid(call, in->expected_version) ||
        retros_delete(call, in->id, in->expected_version) != 0) {
        done(NULL, data);
        return;
    }
    Pmo__V1__DeleteRetroResponse out = PMO__V1__DELETE_RETRO_RESPONSE__INIT;
    done(&out, data);
}

static Pmo__V1__RetroService_Service retro_impl =
    PMO__V1__RETRO_SERVICE__INIT(retro_);

static const rpc_method_policy retro_policies[] = {
    {"CreateRetro", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"GetRetro", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"ListRetros", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"UpdateRetro", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"DeleteRetro", RPC_ACCESS_SESSION, RPC_WRITES, 0},
};

const rpc_service api_retro_service = {
    .impl = &retro_impl.base,
    .policies = retro_policies,
    .n_policies = sizeof(retro_policies) / sizeof(retro_policies[0]),
};
