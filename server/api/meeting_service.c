/*
 * server/api/meeting_service.c - pmo.v1.MeetingService: a program's
 * meetings, who came and the notes. Decisions and action items are
 * created from a meeting through RiskService (CreateDecision and
 * CreateAction with a meeting id) and read back here. Managers write;
 * viewers read.
 */
#include "api/fields.h"
#include "api/risk_common.h"
#include "api/services.h"
#include "api/validate.h"
#include "model/access.h"
#include "model/meetings.h"
#include "pmo/v1/risk.pb-c.h"
#include "rpc/call.h"

#include <string.h>

static const char *const meeting_mask_fields[] = {"date", "title", "attendees",
                                                  "notes", NULL};

static bool meeting_attendees_valid(rpc_call *call, const Pmo__V1__Meeting *m)
{
    if (m->n_attendees > RISK_LIST_MAX) {
        rpc_violation(call, "meeting.attendees",
                      "must hold at most %d people (got %zu)", RISK_LIST_MAX,
                      m->n_attendees);
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < m->n_attendees; i++) {
        char *field = arena_printf(call->arena, "meeting.attendees[%zu]", i);
        bool one = validate_username(call, field, m->attendees[i]);
        for (size_t k = 0; one && k < i; k++)
            if (strcmp(m->attendees[k], m->attendees[i]) == 0) {
                rpc_violation(call, field, "%s is already listed at [%zu]",
                              m->attendees[i], k);
                one = false;
            }
        ok &= one;
    }
    return ok;
}

/* Checks the fields named in mask (all when mask is NULL). */
static bool meeting_valid(rpc_call *call, const Pmo__V1__Meeting *m,
                          char *const *mask, size_t n)
{
    bool ok = true;
    if (risk_named(mask, n, "date")) {
        if (m->date[0] == '\0') {
            rpc_violation(call, "meeting.date", "is required");
            ok = false;
        } else {
            ok &= fields_date(call, "meeting.date", m->date);
        }
    }
    if (risk_named(mask, n, "title"))
        ok &=
            validate_length(call, "meeting.title", m->title, 1, RISK_TITLE_MAX);
    if (risk_named(mask, n, "attendees"))
        ok &= meeting_attendees_valid(call, m);
    if (risk_named(mask, n, "notes"))
        ok &= validate_text(call, "meeting.notes", m->notes, 0, RISK_TEXT_MAX);
    return ok;
}

static bool meeting_attendees_exist(rpc_call *call, const program_access *prog,
                                    const Pmo__V1__Meeting *m,
                                    char *const *mask, size_t n)
{
    raid_refs refs;
    raid_refs_init(&refs, call, prog);
    if (risk_named(mask, n, "attendees"))
        for (size_t i = 0; i < m->n_attendees; i++)
            raid_refs_user(
                &refs, arena_printf(call->arena, "meeting.attendees[%zu]", i),
                m->attendees[i]);
    return raid_refs_check(&refs) == 0;
}

static void meeting_create_meeting(Pmo__V1__MeetingService_Service *svc,
                                   const Pmo__V1__CreateMeetingRequest *in,
                                   Pmo__V1__Meeting_Closure done, void *data)
{
    rpc_call *call = data;
    const Pmo__V1__Meeting *m = in->meeting;
    if (m == NULL) {
        rpc_violation(call, "meeting", "is required");
        done(NULL, data);
        return;
    }
    program_access prog;
    Pmo__V1__Meeting *out;
    if (!validate_length(call, "meeting.program", m->program, 1, 64) ||
        access_program(call, m->program, ACCESS_MANAGER, &prog) != 0 ||
        !meeting_valid(call, m, NULL, 0) ||
        !meeting_attendees_exist(call, &prog, m, NULL, 0) ||
        meetings_create(call, &prog, m, &out) != 0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

static void meeting_get_meeting(Pmo__V1__MeetingService_Service *svc,
                                const Pmo__V1__GetMeetingRequest *in,
                                Pmo__V1__Meeting_Closure done, void *data)
{
    rpc_call *call = data;
    int64_t program_id;
    program_access prog;
    Pmo__V1__Meeting *out;
    if (!risk_id_valid(call, "a meeting", in->id) ||
        meetings_find(call, in->id, &program_id, &out) != 0 ||
        risk_access(call, "meeting", in->id, program_id, ACCESS_VIEWER,
                    &prog) != 0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

static void meeting_list_meetings(Pmo__V1__MeetingService_Service *svc,
                                  const Pmo__V1__ListMeetingsRequest *in,
                                  Pmo__V1__ListMeetingsResponse_Closure done,
                                  void *data)
{
    rpc_call *call = data;
    program_access prog;
    unsigned limit;
    int64_t after;
    Pmo__V1__ListMeetingsResponse out = PMO__V1__LIST_MEETINGS_RESPONSE__INIT;
    if (!validate_length(call, "program", in->program, 1, 64) ||
        access_program(call, in->program, ACCESS_VIEWER, &prog) != 0 ||
        !fields_page_size(call, in->page_size, &limit) ||
        !fields_page_token(call, in->page_token, &after) ||
        meetings_list(call, &prog, after, limit, &out.meetings,
                      &out.n_meetings) != 0) {
        done(NULL, data);
        return;
    }
    if (out.n_meetings > limit) {
        out.n_meetings = limit;
        out.next_page_token =
            fields_page_token_make(call, out.meetings[limit - 1]->id);
    }
    done(&out, data);
}

static void meeting_update_meeting(Pmo__V1__MeetingService_Service *svc,
                                   const Pmo__V1__UpdateMeetingRequest *in,
                                   Pmo__V1__Meeting_Closure done, void *data)
{
    rpc_call *call = data;
    const Pmo__V1__Meeting *m = in->meeting;
    if (m == NULL) {
        rpc_violation(call, "meeting", "is required");
        done(NULL, data);
        return;
    }
    int64_t program_id;
    program_access prog;
    Pmo__V1__Meeting *out;
    if (!risk_id_valid(call, "a meeting", in->id) ||
        meetings_program_of(call, in->id, &program_id) != 0 ||
        risk_access(call, "meeting", in->id, program_id, ACCESS_MANAGER,
                    &prog) != 0 ||
        !risk_version_valid(call, in->expected_version) ||
        !fields_mask_valid(call, in->update_mask, in->n_update_mask,
                           meeting_mask_fields) ||
        !meeting_valid(call, m, in->update_mask, in->n_update_mask) ||
        !meeting_attendees_exist(call, &prog, m, in->update_mask,
                                 in->n_update_mask) ||
        meetings_update(call, &prog, in->id, in->expected_version,
                        in->update_mask, in->n_update_mask, m, &out) != 0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

static void meeting_delete_meeting(Pmo__V1__MeetingService_Service *svc,
                                   const Pmo__V1__DeleteMeetingRequest *in,
                                   Pmo__V1__DeleteMeetingResponse_Closure done,
                                   void *data)
{
    rpc_call *call = data;
    int64_t program_id;
    program_access prog;
    if (!risk_id_valid(call, "a meeting", in->id) ||
        meetings_program_of(call, in->id, &program_id) != 0 ||
        risk_access(call, "meeting", in->id, program_id, ACCESS_MANAGER,
                    &prog) != 0 ||
        !risk_version_valid(call, in->expected_version) ||
        meetings_delete(call, in->id, in->expected_version) != 0) {
        done(NULL, data);
        return;
    }
    Pmo__V1__DeleteMeetingResponse out = PMO__V1__DELETE_MEETING_RESPONSE__INIT;
    done(&out, data);
}

static Pmo__V1__MeetingService_Service meeting_impl =
    PMO__V1__MEETING_SERVICE__INIT(meeting_);

static const rpc_method_policy meeting_policies[] = {
    {"CreateMeeting", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"GetMeeting", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"ListMeetings", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"UpdateMeeting", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"DeleteMeeting", RPC_ACCESS_SESSION, RPC_WRITES, 0},
};

const rpc_service api_meeting_service = {
    .impl = &meeting_impl.base,
    .policies = meeting_policies,
    .n_policies = sizeof(meeting_policies) / sizeof(meeting_policies[0]),
};
