/*
 * server/api/event_service.c - pmo.v1.EventService: catch-up of committed
 * changes (ListEvents) and live subscriptions on the events socket
 * (Subscribe). Both read: a read-only token may watch. Who sees which
 * event is model/events.c's rule; a subscription is checked once here and
 * then kept by events/subscriptions.c, which the notification thread
 * publishes through.
 */
#include "api/services.h"
#include "events/subscriptions.h"
#include "model/access.h"
#include "model/events.h"
#include "pmo/v1/event.pb-c.h"
#include "rpc/call.h"

#include <stdlib.h>
#include <string.h>

/* The program (0 for all) and kinds a request narrows to, checked. */
typedef struct event_filter {
    int64_t program_id;
    const char *kinds; /* array literal */
} event_filter;

static int event_filter_read(rpc_call *call, const char *program,
                             char *const *kinds, size_t n_kinds,
                             event_filter *out)
{
    out->program_id = 0;
    out->kinds = events_kinds_param(call, kinds, n_kinds, "kinds");
    if (out->kinds == NULL)
        return -1;
    if (program[0]) {
        program_access prog;
        if (access_program(call, program, ACCESS_VIEWER, &prog) != 0)
            return -1;
        out->program_id = prog.id;
    }
    return 0;
}

static void event_list_events(Pmo__V1__EventService_Service *svc,
                              const Pmo__V1__ListEventsRequest *in,
                              Pmo__V1__ListEventsResponse_Closure done,
                              void *data)
{
    rpc_call *call = data;
    if (in->after_seq < 0)
        rpc_violation(call, "after_seq", "must not be negative");
    if (in->page_size > EVENTS_PAGE_MAX)
        rpc_violation(call, "page_size", "at most %d", EVENTS_PAGE_MAX);
    event_filter f;
    if (rpc_failed(call) ||
        event_filter_read(call, in->program, in->kinds, in->n_kinds, &f) != 0) {
        done(NULL, data);
        return;
    }
    unsigned limit = in->page_size ? in->page_size : EVENTS_PAGE_DEFAULT;
    Pmo__V1__ListEventsResponse out = PMO__V1__LIST_EVENTS_RESPONSE__INIT;
    size_t n = 0;
    if (events_last_seq(call->db, &out.last_seq) != 0) {
        rpc_fail_db(call, "reading events");
        done(NULL, data);
        return;
    }
    if (events_list(call, in->after_seq, f.program_id, f.kinds, limit + 1,
                    &out.events, &n) != 0) {
        done(NULL, data);
        return;
    }
    out.more = n > limit;
    out.n_events = out.more ? limit : n;
    out.next_after_seq =
        out.n_events ? out.events[out.n_events - 1]->seq : in->after_seq;
    done(&out, data);
}

/* The programs the caller may read now, into the request and reply. */
static int event_caller_programs(rpc_call *call, event_sub_request *req,
                                 Pmo__V1__SubscribeResponse *out)
{
    PGresult *r =
        events_user_programs(call->db, call->who.user_id, call->who.is_admin,
                             access_token_programs(call));
    if (r == NULL) {
        rpc_fail_db(call, "reading your programs");
        return -1;
    }
    size_t n = (size_t)PQntuples(r);
    int64_t *ids = arena_alloc(call->arena, (n ? n : 1) * sizeof(*ids));
    out->programs = arena_alloc(call->arena, (n ? n : 1) * sizeof(char *));
    for (size_t i = 0; i < n; i++) {
        ids[i] = db_int64(r, (int)i, 0);
        out->programs[i] = arena_strdup(call->arena, db_text(r, (int)i, 1));
    }
    PQclear(r);
    req->programs = ids;
    req->n_programs = n;
    out->n_programs = n;
    return 0;
}

static void event_subscribe(Pmo__V1__EventService_Service *svc,
                            const Pmo__V1__SubscribeRequest *in,
                            Pmo__V1__SubscribeResponse_Closure done, void *data)
{
    rpc_call *call = data;
    event_filter f;
    if (event_filter_read(call, in->program, in->kinds, in->n_kinds, &f) != 0) {
        done(NULL, data);
        return;
    }
    const rpc_identity *who = &call->who;
    bool limited = who->n_programs != 0;
    event_sub_request req = {
        .user_id = who->user_id,
        .session_id = who->session_id,
        .token_id = who->token_id,
        .credential_expires_ms = who->expires_at_ms,
        .all_programs = who->is_admin && !limited,
        .organisation = !limited,
        .admin = who->is_admin && !limited,
        .is_admin = who->is_admin,
        .token_programs = access_token_programs(call),
        .only_program = f.program_id,
        .kinds = in->kinds,
        .n_kinds = in->n_kinds,
    };
    Pmo__V1__SubscribeResponse out = PMO__V1__SUBSCRIBE_RESPONSE__INIT;
    if (event_caller_programs(call, &req, &out) != 0 ||
        events_last_seq(call->db, &out.last_seq) != 0) {
        if (!rpc_failed(call))
            rpc_fail_db(call, "reading events");
        done(NULL, data);
        return;
    }
    event_sub_grant grant;
    char err[160];
    if (in->renew_id[0]) {
        if (event_subs_renew(in->renew_id, &req, &grant) != 0) {
            rpc_fail(call, PMO_NOT_FOUND,
                     "no event subscription %.40s (it expired or was "
                     "dropped): subscribe again",
                     in->renew_id);
            done(NULL, data);
            return;
        }
    } else {
        int rc = event_subs_add(&req, &grant, err, sizeof(err));
        if (rc != 0) {
            if (rc == -1)
                rpc_fail(call, PMO_RESOURCE_EXHAUSTED, "%s", err);
            else
                rpc_fail(call, PMO_INTERNAL, "no random bytes for a key");
            done(NULL, data);
            return;
        }
    }
    out.subscription_id = arena_strdup(call->arena, grant.id);
    out.key.len = sizeof(grant.key);
    out.key.data = arena_alloc(call->arena, sizeof(grant.key));
    memcpy(out.key.data, grant.key, sizeof(grant.key));
    out.organisation = req.organisation;
    out.expires_at_ms = grant.expires_at_ms;
    out.events_url =
        (char *)(api_config.events_url ? api_config.events_url : "");
    out.events_port = api_config.events_port;
    done(&out, data);
}

static Pmo__V1__EventService_Service event_impl =
    PMO__V1__EVENT_SERVICE__INIT(event_);

static const rpc_method_policy event_policies[] = {
    {"ListEvents", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"Subscribe", RPC_ACCESS_SESSION, RPC_READS, 0},
};

const rpc_service api_event_service = {
    .impl = &event_impl.base,
    .policies = event_policies,
    .n_policies = sizeof(event_policies) / sizeof(event_policies[0]),
};
