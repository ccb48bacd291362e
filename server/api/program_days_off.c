/* server/api/program_days_off.c - adding, removing and listing days off. */
#include "api/program_days_off.h"
#include "api/fields.h"
#include "api/validate.h"
#include "common/daynum.h"
#include "model/access.h"
#include "model/days_off.h"
#include "model/raid.h"
#include "rpc/call.h"

#include <string.h>

#define DAYS_OFF_SPAN_MAX 366
#define DAYS_OFF_NOTE_MAX 200

/*
 * Access to program, and user (required unless may_be_all) a user who
 * holds a role in it. A write for someone else needs a manager.
 */
static bool days_off_access(rpc_call *call, const char *program,
                            const char *user, bool writes, bool may_be_all,
                            program_access *pa)
{
    bool self = strcmp(user, call->who.username) == 0;
    access_role need = writes && !self ? ACCESS_MANAGER : ACCESS_VIEWER;
    if (!validate_length(call, "program", program, 1, 64) ||
        access_program(call, program, need, pa) != 0)
        return false;
    if (user[0] == '\0' && may_be_all)
        return true;
    if (!validate_username(call, "user", user))
        return false;
    raid_refs refs;
    raid_refs_init(&refs, call, pa);
    raid_refs_member(&refs, "user", user);
    return raid_refs_check(&refs) == 0;
}

/* from (required unless optional) and to, in order; *to_out is to or from. */
static bool days_off_range(rpc_call *call, const char *from, const char *to,
                           bool optional, const char **to_out)
{
    if (from[0] == '\0' && !optional) {
        rpc_violation(call, "from", "is required: the first day, YYYY-MM-DD");
        return false;
    }
    if (!fields_date(call, "from", from) || !fields_date(call, "to", to))
        return false;
    *to_out = to[0] || optional ? to : from;
    int a, b;
    if (!from[0] || !(*to_out)[0] || !daynum_parse(from, &a) ||
        !daynum_parse(*to_out, &b))
        return true;
    if (b < a) {
        rpc_violation(call, "to", "%s is before from, %s", *to_out, from);
        return false;
    }
    if (b - a > DAYS_OFF_SPAN_MAX) {
        rpc_violation(call, "to", "must be at most %d days after from",
                      DAYS_OFF_SPAN_MAX);
        return false;
    }
    return true;
}

static void days_off_answer(rpc_call *call, const days_off_list *l,
                            Pmo__V1__DaysOffResponse_Closure done, void *data)
{
    (void)call;
    Pmo__V1__DaysOffResponse out = PMO__V1__DAYS_OFF_RESPONSE__INIT;
    out.days_off = l->days;
    out.n_days_off = l->n;
    done(&out, data);
}

void program_add_days_off(Pmo__V1__ProgramService_Service *svc,
                          const Pmo__V1__AddDaysOffRequest *in,
                          Pmo__V1__DaysOffResponse_Closure done, void *data)
{
    (void)svc;
    rpc_call *call = data;
    program_access pa;
    const char *to;
    days_off_list l;
    if (!days_off_access(call, in->program, in->user, true, false, &pa) ||
        !days_off_range(call, in->from, in->to, false, &to) ||
        !validate_text(call, "note", in->note, 0, DAYS_OFF_NOTE_MAX) ||
        days_off_add(call, in->user, in->from, to, in->note, &l) != 0) {
        done(NULL, data);
        return;
    }
    if (l.n == 0) {
        rpc_fail(call, PMO_ALREADY_EXISTS,
                 "%s already has every day of %s%s%s off", in->user, in->from,
                 to != in->from ? " to " : "", to != in->from ? to : "");
        done(NULL, data);
        return;
    }
    days_off_answer(call, &l, done, data);
}

void program_remove_days_off(Pmo__V1__ProgramService_Service *svc,
                             const Pmo__V1__RemoveDaysOffRequest *in,
                             Pmo__V1__DaysOffResponse_Closure done, void *data)
{
    (void)svc;
    rpc_call *call = data;
    program_access pa;
    const char *to;
    days_off_list l;
    if (!days_off_access(call, in->program, in->user, true, false, &pa) ||
        !days_off_range(call, in->from, in->to, false, &to) ||
        days_off_remove(call, in->user, in->from, to, &l) != 0) {
        done(NULL, data);
        return;
    }
    if (l.n == 0) {
        rpc_fail(call, PMO_NOT_FOUND, "%s has no day off from %s to %s",
                 in->user, in->from, to);
        done(NULL, data);
        return;
    }
    days_off_answer(call, &l, done, data);
}

void program_list_days_off(Pmo__V1__ProgramService_Service *svc,
                           const Pmo__V1__ListDaysOffRequest *in,
                           Pmo__V1__DaysOffResponse_Closure done, void *data)
{
    (void)svc;
    rpc_call *call = data;
    program_access pa;
    const char *to;
    days_off_list l;
    if (!days_off_access(call, in->program, in->user, false, true, &pa) ||
        !days_off_range(call, in->from, in->to, true, &to) ||
        days_off_list_of(call, &pa, in->user, in->from, to, &l) != 0) {
        done(NULL, data);
        return;
    }
    days_off_answer(call, &l, done, data);
}
