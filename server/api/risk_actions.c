/*
 * server/api/risk_actions.c - the action items of pmo.v1.RiskService: who
 * is to do what by when, and where it came from. Managers write; the
 * owner of an action item may update it as a contributor (to mark it
 * done), but not give it away; viewers read. ListActions without a
 * program searches every program the caller has a role in.
 */
#include "api/fields.h"
#include "api/risk_common.h"
#include "api/risk_handlers.h"
#include "api/validate.h"
#include "model/access.h"
#include "model/actions.h"
#include "rpc/call.h"

#include <string.h>

static const char *const action_mask_fields[] = {"title",  "owner", "due_date",
                                                 "status", "notes", NULL};

/* Checks the fields named in mask (all when mask is NULL). */
static bool action_valid(rpc_call *call, const Pmo__V1__Action *a,
                         char *const *mask, size_t n)
{
    bool ok = true;
    if (risk_named(mask, n, "title"))
        ok &=
            validate_length(call, "action.title", a->title, 1, RISK_TITLE_MAX);
    if (risk_named(mask, n, "owner"))
        ok &= risk_owner_valid(call, "action.owner", a->owner);
    if (risk_named(mask, n, "due_date"))
        ok &= fields_date(call, "action.due_date", a->due_date);
    if (risk_named(mask, n, "status"))
        ok &= risk_enum(call, "action.status",
                        &pmo__v1__action_status__descriptor, (int)a->status,
                        true);
    if (risk_named(mask, n, "notes"))
        ok &= validate_text(call, "action.notes", a->notes, 0, RISK_TEXT_MAX);
    return ok;
}

/*
 * The source of a new action item: a meeting_id makes it the meeting's;
 * "other" names nothing, every other kind names something.
 */
static bool action_source_valid(rpc_call *call,
                                const Pmo__V1__CreateActionRequest *in,
                                Pmo__V1__Action *a)
{
    if (!risk_enum(call, "action.source", &pmo__v1__action_source__descriptor,
                   (int)a->source, true))
        return false;
    if (in->meeting_id < 0) {
        rpc_violation(call, "meeting_id", "must be a meeting id or 0");
        return false;
    }
    if (in->meeting_id > 0) {
        if ((a->source != PMO__V1__ACTION_SOURCE__ACTION_SOURCE_UNSPECIFIED &&
             a->source != PMO__V1__ACTION_SOURCE__ACTION_FROM_MEETING) ||
            (a->source_id != 0 && a->source_id != in->meeting_id)) {
            rpc_violation(call, "meeting_id",
                          "names a meeting, but action.source names "
                          "something else");
            return false;
        }
        a->source = PMO__V1__ACTION_SOURCE__ACTION_FROM_MEETING;
        a->source_id = in->meeting_id;
    }
    if (a->source == PMO__V1__ACTION_SOURCE__ACTION_SOURCE_UNSPECIFIED)
        a->source = PMO__V1__ACTION_SOURCE__ACTION_FROM_OTHER;
    bool other = a->source == PMO__V1__ACTION_SOURCE__ACTION_FROM_OTHER;
    if (other && a->source_id != 0) {
        rpc_violation(call, "action.source_id",
                      "must be 0 for an action from no particular source");
        return false;
    }
    if (!other && a->source_id <= 0) {
        rpc_violation(call, "action.source_id",
                      "must name what the action came from (an id > 0)");
        return false;
    }
    return true;
}

/* The owner and the source exist (retrospectives are taken on trust). */
static bool action_refs_exist(rpc_call *call, const program_access *prog,
                              const Pmo__V1__Action *a, char *const *mask,
                              size_t n, int64_t meeting_id)
{
    raid_refs refs;
    raid_refs_init(&refs, call, prog);
    if (risk_named(mask, n, "owner"))
        raid_refs_member(&refs, "action.owner", a->owner);
    if (mask == NULL) {
        const char *field = meeting_id ? "meeting_id" : "action.source_id";
        switch (a->source) {
        case PMO__V1__ACTION_SOURCE__ACTION_FROM_MEETING:
            raid_refs_id(&refs, RAID_REF_MEETING, field, a->source_id);
            break;
        case PMO__V1__ACTION_SOURCE__ACTION_FROM_RISK:
            raid_refs_id(&refs, RAID_REF_RISK, field, a->source_id);
            break;
        case PMO__V1__ACTION_SOURCE__ACTION_FROM_ISSUE:
            raid_refs_id(&refs, RAID_REF_ISSUE, field, a->source_id);
            break;
        default:
            break;
        }
    }
    return raid_refs_check(&refs) == 0;
}

void risk_create_action(risk_svc *svc, const Pmo__V1__CreateActionRequest *in,
                        Pmo__V1__Action_Closure done, void *data)
{
    rpc_call *call = data;
    if (in->action == NULL) {
        rpc_violation(call, "action", "is required");
        done(NULL, data);
        return;
    }
    program_access prog;
    Pmo__V1__Action *out;
    Pmo__V1__Action *a = arena_alloc(call->arena, sizeof(*a));
    *a = *in->action;
    if (!validate_length(call, "action.program", a->program, 1, 64) ||
        access_program(call, a->program, ACCESS_MANAGER, &prog) != 0 ||
        !action_valid(call, a, NULL, 0) || !action_source_valid(call, in, a) ||
        !action_refs_exist(call, &prog, a, NULL, 0, in->meeting_id)) {
        done(NULL, data);
        return;
    }
    if (a->status == PMO__V1__ACTION_STATUS__ACTION_STATUS_UNSPECIFIED)
        a->status = PMO__V1__ACTION_STATUS__ACTION_OPEN;
    if (actions_create(call, &prog, a, &out) != 0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

void risk_get_action(risk_svc *svc, const Pmo__V1__GetActionRequest *in,
                     Pmo__V1__Action_Closure done, void *data)
{
    rpc_call *call = data;
    int64_t program_id;
    program_access prog;
    Pmo__V1__Action *out;
    if (!risk_id_valid(call, "an action item", in->id) ||
        actions_find(call, in->id, &program_id, &out) != 0 ||
        risk_access(call, "action item", in->id, program_id, ACCESS_VIEWER,
                    &prog) != 0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

/*
 * With a program, the caller must be able to see it; without one, the
 * search is limited to the programs the caller has a role in.
 */
void risk_list_actions(risk_svc *svc, const Pmo__V1__ListActionsRequest *in,
                       Pmo__V1__ListActionsResponse_Closure done, void *data)
{
    rpc_call *call = data;
    program_access prog = {0};
    unsigned limit;
    int64_t after;
    Pmo__V1__ListActionsResponse out = PMO__V1__LIST_ACTIONS_RESPONSE__INIT;
    if (!validate_length(call, "program", in->program, 0, 64) ||
        (in->program[0] &&
         access_program(call, in->program, ACCESS_VIEWER, &prog) != 0) ||
        !risk_enum(call, "status", &pmo__v1__action_status__descriptor,
                   (int)in->status, true) ||
        !risk_owner_valid(call, "owner", in->owner) ||
        !fields_page_size(call, in->page_size, &limit) ||
        !fields_page_token(call, in->page_token, &after)) {
        done(NULL, data);
        return;
    }
    actions_filter f = {.program_id = prog.id,
                        .status = (int)in->status,
                        .overdue = in->overdue,
                        .owner_id = in->mine ? call->who.user_id : 0,
                        .owner = in->mine ? "" : in->owner};
    if (actions_list(call, &f, after, limit, &out.actions, &out.n_actions) !=
        0) {
        done(NULL, data);
        return;
    }
    if (out.n_actions > limit) {
        out.n_actions = limit;
        out.next_page_token =
            fields_page_token_make(call, out.actions[limit - 1]->id);
    }
    done(&out, data);
}

void risk_update_action(risk_svc *svc, const Pmo__V1__UpdateActionRequest *in,
                        Pmo__V1__Action_Closure done, void *data)
{
    rpc_call *call = data;
    const Pmo__V1__Action *a = in->action;
    if (a == NULL) {
        rpc_violation(call, "action", "is required");
        done(NULL, data);
        return;
    }
    int64_t program_id;
    program_access prog;
    Pmo__V1__Action *current, *out;
    Pmo__V1__Action *changed = arena_alloc(call->arena, sizeof(*changed));
    *changed = *a;
    if (changed->status == PMO__V1__ACTION_STATUS__ACTION_STATUS_UNSPECIFIED)
        changed->status = PMO__V1__ACTION_STATUS__ACTION_OPEN;
    if (!risk_id_valid(call, "an action item", in->id) ||
        actions_find(call, in->id, &program_id, &current) != 0 ||
        risk_access(call, "action item", in->id, program_id, ACCESS_CONTRIBUTOR,
                    &prog) != 0 ||
        !risk_owner_may(call, &prog, "action item", in->id, current->owner,
                        in->update_mask, in->n_update_mask) ||
        !risk_version_valid(call, in->expected_version) ||
        !fields_mask_valid(call, in->update_mask, in->n_update_mask,
                           action_mask_fields) ||
        !action_valid(call, a, in->update_mask, in->n_update_mask) ||
        !action_refs_exist(call, &prog, a, in->update_mask, in->n_update_mask,
                           0) ||
        actions_update(call, &prog, in->id, in->expected_version,
                       in->update_mask, in->n_update_mask, changed,
                       &out) != 0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

void risk_delete_action(risk_svc *svc, const Pmo__V1__DeleteActionRequest *in,
                        Pmo__V1__DeleteActionResponse_Closure done, void *data)
{
    rpc_call *call = data;
    int64_t program_id;
    program_access prog;
    Pmo__V1__Action *current;
    if (!risk_id_valid(call, "an action item", in->id) ||
        actions_find(call, in->id, &program_id, &current) != 0 ||
        risk_access(call, "action item", in->id, program_id, ACCESS_MANAGER,
                    &prog) != 0 ||
        !risk_version_valid(call, in->expected_version) ||
        actions_delete(call, in->id, in->expected_version) != 0) {
        done(NULL, data);
        return;
    }
    Pmo__V1__DeleteActionResponse out = PMO__V1__DELETE_ACTION_RESPONSE__INIT;
    done(&out, data);
}
