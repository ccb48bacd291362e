/*
 * server/api/resource_service.c - pmo.v1.ResourceService: people's
 * capacity and day rates, and who works on which item for how much of
 * their time (resource.proto).
 *
 * Who may do what. Settings are per person and hold in every program; the
 * program named is where roles are checked, and the person must hold a
 * role in it. Viewers read capacity; managers and owners set anyone's
 * capacity and rates, and see rates; everyone sees and may set their own
 * capacity, and sees their own rates. Rates are what a person costs, so
 * they stay with those who run the program. Assignments follow the
 * item's editing rules (work_service.c): contributors assign on their
 * teams' items, managers on any; the person assigned must hold a role in
 * the program. Labour costs are made of rates, so they are the managers'
 * too. Every write is audited in the call's transaction.
 */
#include "api/fields.h"
#include "api/services.h"
#include "api/validate.h"
#include "common/daynum.h"
#include "common/money.h"
#include "model/access.h"
#include "model/assignments.h"
#include "model/labour_cost.h"
#include "model/raid.h"
#include "model/resources.h"
#include "model/work_items.h"
#include "pmo/v1/resource.pb-c.h"
#include "rpc/call.h"

#include <string.h>

#define RESOURCE_KEY_MAX 64

/* ------------------------------------------------------------ shared */

static bool resource_is_self(const rpc_call *call, const char *user)
{
    return strcmp(user, call->who.username) == 0;
}

/*
 * The program named, with at least need, and user (required) a user who
 * holds a role in it.
 */
static bool resource_person(rpc_call *call, const char *program,
                            const char *user, access_role need,
                            program_access *pa)
{
    if (!validate_length(call, "program", program, 1, RESOURCE_KEY_MAX) ||
        access_program(call, program, need, pa) != 0 ||
        !validate_username(call, "user", user))
        return false;
    raid_refs refs;
    raid_refs_init(&refs, call, pa);
    raid_refs_member(&refs, "user", user);
    return raid_refs_check(&refs) == 0;
}

/* Whether the caller may read user's rates in pa. */
static bool resource_sees_rates(const rpc_call *call, const program_access *pa,
                                const char *user)
{
    return pa->role >= ACCESS_MANAGER || resource_is_self(call, user);
}

/* ------------------------------------------------------- person settings */

/* The rate of a request: a day rate in minor units and its currency. */
static bool resource_rate_args(rpc_call *call,
                               const Pmo__V1__SetPersonResourceRequest *in,
                               int64_t *minor, const char **currency)
{
    *currency = in->currency[0] ? in->currency : "USD";
    if (in->rate[0] == '\0') {
        if (in->rate_from[0])
            rpc_violation(call, "rate", "is required with rate_from");
        return in->rate_from[0] == '\0';
    }
    if (money_currency_find(*currency) == NULL) {
        rpc_violation(call, "currency",
                      "\"%.8s\" is not an ISO 4217 code with minor units, "
                      "like USD or EUR",
                      *currency);
        return false;
    }
    char why[160];
    if (money_parse_in(in->rate, *currency, minor, why, sizeof why) != 0) {
        rpc_violation(call, "rate", "%s", why);
        return false;
    }
    if (in->rate_from[0] == '\0') {
        rpc_violation(call, "rate_from",
                      "is required with a rate: the day it starts, "
                      "YYYY-MM-DD");
        return false;
    }
    return fields_date(call, "rate_from", in->rate_from);
}

static bool resource_capacity_arg(rpc_call *call,
                                  const Pmo__V1__SetPersonResourceRequest *in,
                                  int *units)
{
    if (in->capacity == 0)
        return true;
    if (!resource_units_parse(in->capacity, units)) {
        rpc_violation(call, "capacity",
                      "must be 0.01 to 1 in steps of 0.01 (1 is full time, "
                      "0.5 half time)");
        return false;
    }
    return true;
}

static void resource_set_person_resource(
    Pmo__V1__ResourceService_Service *svc,
    const Pmo__V1__SetPersonResourceRequest *in,
    Pmo__V1__PersonResource_Closure done, void *data)
{
    rpc_call *call = data;
    program_access pa;
    int units = RESOURCE_UNITS_FULL;
    int64_t minor = 0;
    const char *currency;
    Pmo__V1__PersonResource *out;
    (void)svc;
    bool has_rate = in->rate[0] != '\0';
    /* Rates, and anyone else's capacity, are the managers'. */
    access_role need = has_rate || !resource_is_self(call, in->user)
                           ? ACCESS_MANAGER
                           : ACCESS_VIEWER;
    if (!resource_person(call, in->program, in->user, need, &pa) ||
        !resource_capacity_arg(call, in, &units) ||
        !resource_rate_args(call, in, &minor, &currency)) {
        done(NULL, data);
        return;
    }
    if (in->capacity == 0 && !has_rate) {
        rpc_violation(call, "capacity", "give a capacity, a rate, or both");
        done(NULL, data);
        return;
    }
    if ((in->capacity != 0 &&
         resources_set_capacity(call, in->user, units) != 0) ||
        (has_rate && resources_add_rate(call, in->user, in->rate_from, minor,
                                        currency) != 0) ||
        resources_get(call, in->user, resource_sees_rates(call, &pa, in->user),
                      &out) != 0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

static void resource_get_person_resource(
    Pmo__V1__ResourceService_Service *svc,
    const Pmo__V1__GetPersonResourceRequest *in,
    Pmo__V1__PersonResource_Closure done, void *data)
{
    rpc_call *call = data;
    program_access pa;
    Pmo__V1__PersonResource *out;
    (void)svc;
    if (!resource_person(call, in->program, in->user, ACCESS_VIEWER, &pa) ||
        resources_get(call, in->user, resource_sees_rates(call, &pa, in->user),
                      &out) != 0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

/* ----------------------------------------------------------- assignments */

/*
 * The item ref names, admitted for a change of its assignments: its
 * program at contributor or more, and for contributors an item of their
 * teams' projects.
 */
static bool resource_item(rpc_call *call, const char *ref, program_access *pa,
                          work_stored *item)
{
    char key[WORK_KEY_MAX];
    int64_t number;
    if (!work_ref_parse(ref, key, &number)) {
        rpc_violation(call, "ref", "\"%.64s\" is not a work item ref like ABC-12",
                      ref);
        return false;
    }
    if (access_program(call, key, ACCESS_CONTRIBUTOR, pa) != 0 ||
        work_items_get(call, pa, number, item) != 0)
        return false;
    if (pa->role == ACCESS_CONTRIBUTOR && !item->on_team) {
        rpc_fail(call, PMO_PERMISSION_DENIED,
                 "contributors assign people only on the work items of their "
                 "teams' projects; %s belongs to project %s",
                 item->item->ref, item->item->project);
        return false;
    }
    return true;
}

/* The user of a request, holding a role in pa. */
static bool resource_assignee(rpc_call *call, const program_access *pa,
                              const char *user)
{
    if (!validate_username(call, "user", user))
        return false;
    raid_refs refs;
    raid_refs_init(&refs, call, pa);
    raid_refs_member(&refs, "user", user);
    return raid_refs_check(&refs) == 0;
}

/* Units of a request: hundredths, at most the person's capacity. */
static bool resource_units_arg(rpc_call *call, const char *user, double units,
                               int *out)
{
    int cap;
    if (!resource_units_parse(units, out)) {
        rpc_violation(call, "units",
                      "must be 0.01 to 1 in steps of 0.01 (the share of the "
                      "person's day the item takes)");
        return false;
    }
    if (resources_capacity_of(call, user, &cap) != 0)
        return false;
    if (*out > cap) {
        rpc_violation(call, "units",
                      "%.2f is more than %s works: their capacity is %.2f",
                      units, user, resource_units_double(cap));
        return false;
    }
    return true;
}

static void resource_answer(rpc_call *call, const program_access *pa,
                            int64_t number,
                            Pmo__V1__ListAssignmentsResponse_Closure done,
                            void *data)
{
    Pmo__V1__ListAssignmentsResponse out =
        PMO__V1__LIST_ASSIGNMENTS_RESPONSE__INIT;
    if (assignments_list(call, pa, number, "", &out.assignments,
                         &out.n_assignments) != 0) {
        done(NULL, data);
        return;
    }
    done(&out, data);
}

static void
resource_add_assignment(Pmo__V1__ResourceService_Service *svc,
                        const Pmo__V1__AddAssignmentRequest *in,
                        Pmo__V1__ListAssignmentsResponse_Closure done,
                        void *data)
{
    rpc_call *call = data;
    program_access pa;
    work_stored item;
    int units;
    (void)svc;
    if (!resource_item(call, in->ref, &pa, &item) ||
        !resource_assignee(call, &pa, in->user) ||
        !resource_units_arg(call, in->user, in->units, &units) ||
        assignments_set(call, &pa, item.item->id, item.item->ref, in->user,
                        units) != 0) {
        done(NULL, data);
        return;
    }
    resource_answer(call, &pa, item.number, done, data);
}

static void
resource_remove_assignment(Pmo__V1__ResourceService_Service *svc,
                           const Pmo__V1__RemoveAssignmentRequest *in,
                           Pmo__V1__ListAssignmentsResponse_Closure done,
                           void *data)
{
    rpc_call *call = data;
    program_access pa;
    work_stored item;
    (void)svc;
    if (!resource_item(call, in->ref, &pa, &item) ||
        !validate_username(call, "user", in->user) ||
        assignments_remove(call, &pa, item.item->id, item.item->ref,
                           in->user) != 0) {
        done(NULL, data);
        return;
    }
    resource_answer(call, &pa, item.number, done, data);
}

static void
resource_list_assignments(Pmo__V1__ResourceService_Service *svc,
                          const Pmo__V1__ListAssignmentsRequest *in,
                          Pmo__V1__ListAssignmentsResponse_Closure done,
                          void *data)
{
    rpc_call *call = data;
    program_access pa;
    char key[WORK_KEY_MAX];
    int64_t number = 0;
    Pmo__V1__ListAssignmentsResponse out =
        PMO__V1__LIST_ASSIGNMENTS_RESPONSE__INIT;
    (void)svc;
    const char *program = in->program;
    if (in->ref[0]) {
        if (!work_ref_parse(in->ref, key, &number)) {
            rpc_violation(call, "ref",
                          "\"%.64s\" is not a work item ref like ABC-12",
                          in->ref);
            done(NULL, data);
            return;
        }
        program = key;
    }
    if (!validate_length(call, "program", program, 1, RESOURCE_KEY_MAX) ||
        !validate_length(call, "user", in->user, 0, 64) ||
        access_program(call, program, ACCESS_VIEWER, &pa) != 0 ||
        assignments_list(call, &pa, number, in->user, &out.assignments,
                         &out.n_assignments) != 0) {
        done(NULL, data);
        return;
    }
    done(&out, data);
}

/* ------------------------------------------------------------ labour cost */

static void
resource_list_labour_costs(Pmo__V1__ResourceService_Service *svc,
                           const Pmo__V1__ListLabourCostsRequest *in,
                           Pmo__V1__ListLabourCostsResponse_Closure done,
                           void *data)
{
    rpc_call *call = data;
    program_access pa;
    labour_cost *costs;
    size_t n;
    int day = daynum_today();
    Pmo__V1__ListLabourCostsResponse out =
        PMO__V1__LIST_LABOUR_COSTS_RESPONSE__INIT;
    (void)svc;
    if (!validate_length(call, "program", in->program, 1, RESOURCE_KEY_MAX) ||
        access_program(call, in->program, ACCESS_MANAGER, &pa) != 0 ||
        !fields_date(call, "status_date", in->status_date) ||
        (in->status_date[0] && !daynum_parse(in->status_date, &day)) ||
        labour_cost_of_items(call, &pa, day, &costs, &n) != 0) {
        done(NULL, data);
        return;
    }
    out.items = arena_alloc(call->arena, (n ? n : 1) * sizeof(*out.items));
    char buf[MONEY_TEXT];
    int exponent = money_exponent(pa.currency);
    for (size_t i = 0; i < n; i++) {
        Pmo__V1__LabourCost *m = arena_alloc(call->arena, sizeof *m);
        pmo__v1__labour_cost__init(m);
        m->ref = work_ref_make(call, pa.key, costs[i].number);
        m->cost_minor = costs[i].cost_minor;
        m->cost = arena_strdup(call->arena, money_format(costs[i].cost_minor,
                                                         exponent, buf,
                                                         sizeof buf));
        m->person_days = costs[i].person_days;
        m->unpriced_days = costs[i].unpriced_days;
        if (money_add(&out.total_minor, costs[i].cost_minor) != 0) {
            rpc_fail(call, PMO_FAILED_PRECONDITION,
                     "the labour cost of %s is past the largest amount",
                     pa.key);
            done(NULL, data);
            return;
        }
        out.items[out.n_items++] = m;
    }
    out.currency = pa.currency;
    out.total = arena_strdup(
        call->arena, money_format(out.total_minor, exponent, buf, sizeof buf));
    out.status_date = arena_alloc(call->arena, DAYNUM_TEXT);
    daynum_format(day, out.status_date);
    done(&out, data);
}

/* ------------------------------------------------------------ service */

static Pmo__V1__ResourceService_Service resource_impl =
    PMO__V1__RESOURCE_SERVICE__INIT(resource_);

static const rpc_method_policy resource_policies[] = {
    {"SetPersonResource", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"GetPersonResource", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"AddAssignment", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"RemoveAssignment", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"ListAssignments", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"ListLabourCosts", RPC_ACCESS_SESSION, RPC_READS, 0},
};

const rpc_service api_resource_service = {
    .impl = &resource_impl.base,
    .policies = resource_policies,
    .n_policies = sizeof(resource_policies) / sizeof(resource_policies[0]),
};
