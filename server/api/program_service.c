/*
 * server/api/program_service.c - pmo.v1.ProgramService: programs, their
 * members and their working calendar. Every handler but CreateProgram and
 * ListPrograms checks the caller's role in the program first
 * (access_program), before it reads anything of it.
 */
#include "api/fields.h"
#include "api/program_days_off.h"
#include "api/program_fields.h"
#include "api/services.h"
#include "api/validate.h"
#include "model/calendars.h"
#include "model/members.h"
#include "model/money.h"
#include "model/programs.h"
#include "pmo/v1/program.pb-c.h"
#include "rpc/call.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PROGRAM_HOLIDAYS_MAX 1000
#define PROGRAM_HOLIDAY_NAME 200
/* Longer than any key: lookups of longer text fail fast as bad input. */
#define PROGRAM_KEY_LOOKUP_MAX 64

/* The update_mask names UpdateProgram accepts, with their model bits. */
static const fields_mask_field program_mask_fields[] = {
    {"name", PROGRAM_FIELD_NAME},
    {"description", PROGRAM_FIELD_DESCRIPTION},
    {"goals", PROGRAM_FIELD_GOALS},
    {"scope_in", PROGRAM_FIELD_SCOPE_IN},
    {"scope_out", PROGRAM_FIELD_SCOPE_OUT},
    {"deliverables", PROGRAM_FIELD_DELIVERABLES},
    {"sponsor", PROGRAM_FIELD_SPONSOR},
    {"target_start", PROGRAM_FIELD_TARGET_START},
    {"target_finish", PROGRAM_FIELD_TARGET_FINISH},
    {"status", PROGRAM_FIELD_STATUS},
    {"rag", PROGRAM_FIELD_RAG},
    {"critical_float_days", PROGRAM_FIELD_CRITICAL_FLOAT},
    {"currency", PROGRAM_FIELD_CURRENCY},
};
#define PROGRAM_MASK_FIELDS                                                    \
    (sizeof(program_mask_fields) / sizeof(program_mask_fields[0]))

/* ------------------------------------------------------------ validation */

/* A key given to look a program up: bounded, else reported as bad. */
static bool program_key_lookup(rpc_call *call, const char *field,
                               const char *key)
{
    return validate_length(call, field, key, 1, PROGRAM_KEY_LOOKUP_MAX);
}

/* The mask as model bits, or false with a violation of update_mask. */
static bool program_mask(rpc_call *call, char *const *mask, size_t n,
                         unsigned *bits)
{
    return fields_mask_bits(call, mask, n, program_mask_fields,
                            PROGRAM_MASK_FIELDS, bits);
}

static bool program_expected_version(rpc_call *call, int64_t v)
{
    if (v > 0)
        return true;
    rpc_violation(call, "expected_version",
                  "must be the version you read (> 0)");
    return false;
}

/* ------------------------------------------------------------- programs */

static void program_create_program(Pmo__V1__ProgramService_Service *svc,
                                   const Pmo__V1__CreateProgramRequest *in,
                                   Pmo__V1__Program_Closure done, void *data)
{
    rpc_call *call = data;
    if (in->program == NULL) {
        rpc_violation(call, "program", "is required");
        done(NULL, data);
        return;
    }
    Pmo__V1__Program p = *in->program;
    Pmo__V1__Program *out = NULL;
    if (!program_new_valid(call, "program", &p) ||
        programs_create(call, &p, &out) != 0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

static void program_get_program(Pmo__V1__ProgramService_Service *svc,
                                const Pmo__V1__GetProgramRequest *in,
                                Pmo__V1__Program_Closure done, void *data)
{
    rpc_call *call = data;
    program_access pa;
    Pmo__V1__Program *out = NULL;
    if (!program_key_lookup(call, "key", in->key) ||
        access_program(call, in->key, ACCESS_VIEWER, &pa) != 0 ||
        programs_get(call, &pa, &out) != 0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

/* Pages are ordered by key; the token is the last key of the page. */
static void program_list_programs(Pmo__V1__ProgramService_Service *svc,
                                  const Pmo__V1__ListProgramsRequest *in,
                                  Pmo__V1__ListProgramsResponse_Closure done,
                                  void *data)
{
    rpc_call *call = data;
    unsigned limit;
    bool ok = fields_page_size(call, in->page_size, &limit);
    if (in->status < 0 ||
        in->status > PMO__V1__PROGRAM_STATUS__PROGRAM_CANCELLED) {
        rpc_violation(call, "status", "%d is not a program status",
                      (int)in->status);
        ok = false;
    }
    if (in->page_token[0] != '\0' &&
        !program_key_valid(call, "page_token", in->page_token))
        ok = false;
    Pmo__V1__ListProgramsResponse out = PMO__V1__LIST_PROGRAMS_RESPONSE__INIT;
    if (!ok || programs_list(call, (int)in->status, in->page_token, limit,
                             &out.programs, &out.n_programs) != 0) {
        done(NULL, data);
        return;
    }
    if (out.n_programs > limit) {
        out.n_programs = limit;
        out.next_page_token = out.programs[limit - 1]->key;
    }
    done(&out, data);
}

/*
 * Amounts are minor units of one currency: they cannot be taken as
 * another's. The money lock keeps an expense or budget write from adding
 * money in the old currency meanwhile.
 */
static bool program_currency_may_change(rpc_call *call,
                                        const program_access *pa,
                                        const Pmo__V1__Program *in,
                                        unsigned mask)
{
    bool held = false;
    if (!(mask & PROGRAM_FIELD_CURRENCY) ||
        strcmp(in->currency, pa->currency) == 0)
        return true;
    if (money_lock(call, pa->id) != 0 || money_held(call, pa->id, &held) != 0)
        return false;
    if (held)
        rpc_violation(call, "program.currency",
                      "cannot change from %s to %s: %s already holds money "
                      "in %s (work item costs, budgets or expenses)",
                      pa->currency, in->currency, pa->key, pa->currency);
    return !held;
}

static void program_update_program(Pmo__V1__ProgramService_Service *svc,
                                   const Pmo__V1__UpdateProgramRequest *in,
                                   Pmo__V1__Program_Closure done, void *data)
{
    rpc_call *call = data;
    program_access pa;
    unsigned mask = 0;
    if (!program_key_lookup(call, "key", in->key) ||
        access_program(call, in->key, ACCESS_MANAGER, &pa) != 0) {
        done(NULL, data);
        return;
    }
    if (in->program == NULL) {
        rpc_violation(call, "program", "is required");
        done(NULL, data);
        return;
    }
    bool ok = program_mask(call, in->update_mask, in->n_update_mask, &mask);
    ok &= program_expected_version(call, in->expected_version);
    Pmo__V1__Program *out = NULL;
    if (!ok || !program_fields_valid(call, "program", in->program, mask) ||
        !program_currency_may_change(call, &pa, in->program, mask) ||
        programs_update(call, &pa, in->program, mask, in->expected_version,
                        &out) != 0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

static void program_delete_program(Pmo__V1__ProgramService_Service *svc,
                                   const Pmo__V1__DeleteProgramRequest *in,
                                   Pmo__V1__DeleteProgramResponse_Closure done,
                                   void *data)
{
    rpc_call *call = data;
    program_access pa;
    if (!program_key_lookup(call, "key", in->key) ||
        access_program(call, in->key, ACCESS_OWNER, &pa) != 0) {
        done(NULL, data);
        return;
    }
    if (in->expected_version < 0) {
        rpc_violation(call, "expected_version",
                      "must be the version you read, or 0");
        done(NULL, data);
        return;
    }
    if (programs_delete(call, &pa, in->expected_version, in->cascade) != 0) {
        done(NULL, data);
        return;
    }
    Pmo__V1__DeleteProgramResponse out = PMO__V1__DELETE_PROGRAM_RESPONSE__INIT;
    done(&out, data);
}

/* -------------------------------------------------------------- members */

static void program_set_member_role(Pmo__V1__ProgramService_Service *svc,
                                    const Pmo__V1__SetMemberRoleRequest *in,
                                    Pmo__V1__SetMemberRoleResponse_Closure done,
                                    void *data)
{
    rpc_call *call = data;
    program_access pa;
    if (!program_key_lookup(call, "program", in->program) ||
        access_program(call, in->program, ACCESS_OWNER, &pa) != 0) {
        done(NULL, data);
        return;
    }
    bool ok = validate_username(call, "username", in->username);
    if (in->role < PMO__V1__PROGRAM_ROLE__ROLE_NONE ||
        in->role > PMO__V1__PROGRAM_ROLE__ROLE_OWNER) {
        rpc_violation(call, "role",
                      "%d is not a role (0 none, 1 viewer, 2 contributor, "
                      "3 manager, 4 owner)",
                      (int)in->role);
        ok = false;
    }
    Pmo__V1__SetMemberRoleResponse out =
        PMO__V1__SET_MEMBER_ROLE_RESPONSE__INIT;
    if (!ok || members_set_role(call, &pa, in->username, (access_role)in->role,
                                &out.member) != 0) {
        done(NULL, data);
        return;
    }
    done(&out, data);
}

static void program_list_members(Pmo__V1__ProgramService_Service *svc,
                                 const Pmo__V1__ListMembersRequest *in,
                                 Pmo__V1__ListMembersResponse_Closure done,
                                 void *data)
{
    rpc_call *call = data;
    program_access pa;
    Pmo__V1__ListMembersResponse out = PMO__V1__LIST_MEMBERS_RESPONSE__INIT;
    if (!program_key_lookup(call, "program", in->program) ||
        access_program(call, in->program, ACCESS_VIEWER, &pa) != 0 ||
        members_list(call, &pa, &out.members, &out.n_members) != 0) {
        done(NULL, data);
        return;
    }
    done(&out, data);
}

/* ------------------------------------------------------------- calendar */

static int program_weekday_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static int program_holiday_cmp(const void *a, const void *b)
{
    const Pmo__V1__Holiday *x = *(Pmo__V1__Holiday *const *)a;
    const Pmo__V1__Holiday *y = *(Pmo__V1__Holiday *const *)b;
    return strcmp(x->date, y->date);
}

/* Sorts a copy of the weekdays into c and checks range and repeats. */
static bool program_weekdays_valid(rpc_call *call, const Pmo__V1__Calendar *in,
                                   Pmo__V1__Calendar *c)
{
    const char *field = "calendar.working_weekdays";
    size_t n = in->n_working_weekdays;
    if (n == 0) {
        rpc_violation(call, field, "must name at least one working weekday");
        return false;
    }
    if (n > 7) {
        rpc_violation(call, field, "names %zu days; a week has 7", n);
        return false;
    }
    c->n_working_weekdays = n;
    c->working_weekdays = arena_alloc(call->arena, n * sizeof(uint32_t));
    memcpy(c->working_weekdays, in->working_weekdays, n * sizeof(uint32_t));
    qsort(c->working_weekdays, n, sizeof(uint32_t), program_weekday_cmp);
    for (size_t i = 0; i < n; i++) {
        uint32_t d = c->working_weekdays[i];
        if (d < 1 || d > 7) {
            rpc_violation(call, field,
                          "%u is not an ISO weekday (1 Monday .. 7 Sunday)", d);
            return false;
        }
        if (i > 0 && d == c->working_weekdays[i - 1]) {
            rpc_violation(call, field, "lists weekday %u twice", d);
            return false;
        }
    }
    return true;
}

/* Checks each holiday, then sorts a copy into c and refuses repeats. */
static bool program_holidays_valid(rpc_call *call, const Pmo__V1__Calendar *in,
                                   Pmo__V1__Calendar *c)
{
    size_t n = in->n_holidays;
    if (n > PROGRAM_HOLIDAYS_MAX) {
        rpc_violation(call, "calendar.holidays",
                      "must have at most %d holidays (got %zu)",
                      PROGRAM_HOLIDAYS_MAX, n);
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        const Pmo__V1__Holiday *h = in->holidays[i];
        char *date =
            arena_printf(call->arena, "calendar.holidays[%zu].date", i);
        if (h->date[0] == '\0') {
            rpc_violation(call, date, "is required");
            ok = false;
        } else {
            ok &= fields_date(call, date, h->date) &&
                  fields_schedule_date(call, date, h->date);
        }
        ok &= validate_length(
            call, arena_printf(call->arena, "calendar.holidays[%zu].name", i),
            h->name, 0, PROGRAM_HOLIDAY_NAME);
    }
    if (!ok)
        return false;
    c->n_holidays = n;
    c->holidays = arena_alloc(call->arena, (n ? n : 1) * sizeof(*c->holidays));
    if (n)
        memcpy(c->holidays, in->holidays, n * sizeof(*c->holidays));
    qsort(c->holidays, n, sizeof(*c->holidays), program_holiday_cmp);
    for (size_t i = 1; i < n; i++)
        if (strcmp(c->holidays[i]->date, c->holidays[i - 1]->date) == 0) {
            rpc_violation(call, "calendar.holidays", "lists %s twice",
                          c->holidays[i]->date);
            return false;
        }
    return true;
}

/* Hours of a working day: 0 keeps the stored ones. */
static bool program_hours_valid(rpc_call *call, const Pmo__V1__Calendar *in,
                                Pmo__V1__Calendar *c)
{
    double h = in->hours_per_day;
    if (!isfinite(h) || h < 0 || h > 24) {
        rpc_violation(call, "calendar.hours_per_day",
                      "must be above 0 and at most 24, or 0 to keep it (got "
                      "%g)",
                      h);
        return false;
    }
    c->hours_per_day = h;
    return true;
}

static void program_get_calendar(Pmo__V1__ProgramService_Service *svc,
                                 const Pmo__V1__GetCalendarRequest *in,
                                 Pmo__V1__Calendar_Closure done, void *data)
{
    rpc_call *call = data;
    program_access pa;
    Pmo__V1__Calendar *out = NULL;
    if (!program_key_lookup(call, "program", in->program) ||
        access_program(call, in->program, ACCESS_VIEWER, &pa) != 0 ||
        calendars_get(call, &pa, &out) != 0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

static void program_update_calendar(Pmo__V1__ProgramService_Service *svc,
                                    const Pmo__V1__UpdateCalendarRequest *in,
                                    Pmo__V1__Calendar_Closure done, void *data)
{
    rpc_call *call = data;
    program_access pa;
    if (!program_key_lookup(call, "program", in->program) ||
        access_program(call, in->program, ACCESS_MANAGER, &pa) != 0) {
        done(NULL, data);
        return;
    }
    if (in->calendar == NULL) {
        rpc_violation(call, "calendar", "is required");
        done(NULL, data);
        return;
    }
    Pmo__V1__Calendar sorted = PMO__V1__CALENDAR__INIT;
    bool ok = program_weekdays_valid(call, in->calendar, &sorted);
    ok &= program_holidays_valid(call, in->calendar, &sorted);
    ok &= program_hours_valid(call, in->calendar, &sorted);
    ok &= program_expected_version(call, in->expected_version);
    Pmo__V1__Calendar *out = NULL;
    if (!ok ||
        calendars_update(call, &pa, &sorted, in->expected_version, &out) != 0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

static Pmo__V1__ProgramService_Service program_impl =
    PMO__V1__PROGRAM_SERVICE__INIT(program_);

static const rpc_method_policy program_policies[] = {
    {"CreateProgram", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"GetProgram", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"ListPrograms", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"UpdateProgram", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"DeleteProgram", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"SetMemberRole", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"ListMembers", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"GetCalendar", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"UpdateCalendar", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"AddDaysOff", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"RemoveDaysOff", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"ListDaysOff", RPC_ACCESS_SESSION, RPC_READS, 0},
};

const rpc_service api_program_service = {
    .impl = &program_impl.base,
    .policies = program_policies,
    .n_policies = sizeof(program_policies) / sizeof(program_policies[0]),
};
