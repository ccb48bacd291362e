/*
 * server/api/program_fields.c - the checks of a program's own fields,
 * shared by ProgramService (create, update) and by ApplyTemplate, which
 * may create the program it fills.
 */
#include "api/program_fields.h"
#include "api/fields.h"
#include "api/validate.h"
#include "common/money.h"

#include <string.h>

#define PROGRAM_NAME_MAX        200
#define PROGRAM_DESCRIPTION_MAX 10000
#define PROGRAM_SPONSOR_MAX     200
#define PROGRAM_GOALS_MAX       50
#define PROGRAM_GOAL_TEXT_MAX   500
#define PROGRAM_GOAL_METRIC_MAX 200
#define PROGRAM_LIST_MAX        200
#define PROGRAM_LIST_ITEM_MAX   500

/* "prefix.name", for violations: "program.name", "create_program.name". */
static const char *program_path(rpc_call *call, const char *prefix,
                                const char *name)
{
    return arena_printf(call->arena, "%s.%s", prefix, name);
}

bool program_key_valid(rpc_call *call, const char *field, const char *key)
{
    size_t len = strlen(key);
    bool ok = len >= 2 && len <= 16 && key[0] >= 'A' && key[0] <= 'Z';
    for (size_t i = 1; ok && i < len; i++)
        ok = (key[i] >= 'A' && key[i] <= 'Z') ||
             (key[i] >= '0' && key[i] <= '9');
    if (!ok)
        rpc_violation(call, field,
                      "must match ^[A-Z][A-Z0-9]{1,15}$: an upper-case "
                      "letter, then 1 to 15 upper-case letters or digits");
    return ok;
}

static bool program_list_valid(rpc_call *call, const char *field,
                               char *const *items, size_t n)
{
    if (n > PROGRAM_LIST_MAX) {
        rpc_violation(call, field, "must have at most %d entries (got %zu)",
                      PROGRAM_LIST_MAX, n);
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        char *path = arena_printf(call->arena, "%s[%zu]", field, i);
        ok &= validate_length(call, path, items[i], 1, PROGRAM_LIST_ITEM_MAX);
    }
    return ok;
}

static bool program_goals_valid(rpc_call *call, const char *prefix,
                                const Pmo__V1__Program *in)
{
    if (in->n_goals > PROGRAM_GOALS_MAX) {
        rpc_violation(call, program_path(call, prefix, "goals"),
                      "must have at most %d goals (got %zu)", PROGRAM_GOALS_MAX,
                      in->n_goals);
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < in->n_goals; i++) {
        const Pmo__V1__Goal *g = in->goals[i];
        arena *a = call->arena;
        ok &= validate_length(
            call, arena_printf(a, "%s.goals[%zu].description", prefix, i),
            g->description, 1, PROGRAM_GOAL_TEXT_MAX);
        ok &= validate_length(
            call, arena_printf(a, "%s.goals[%zu].metric", prefix, i), g->metric,
            0, PROGRAM_GOAL_METRIC_MAX);
        ok &= validate_length(
            call, arena_printf(a, "%s.goals[%zu].target", prefix, i), g->target,
            0, PROGRAM_GOAL_METRIC_MAX);
    }
    return ok;
}

bool program_fields_valid(rpc_call *call, const char *prefix,
                          const Pmo__V1__Program *in, unsigned mask)
{
    bool ok = true;
    if (mask & PROGRAM_FIELD_NAME)
        ok &= validate_length(call, program_path(call, prefix, "name"),
                              in->name, 1, PROGRAM_NAME_MAX);
    if (mask & PROGRAM_FIELD_DESCRIPTION)
        ok &= validate_text(call, program_path(call, prefix, "description"),
                            in->description, 0, PROGRAM_DESCRIPTION_MAX);
    if (mask & PROGRAM_FIELD_GOALS)
        ok &= program_goals_valid(call, prefix, in);
    if (mask & PROGRAM_FIELD_SCOPE_IN)
        ok &= program_list_valid(call, program_path(call, prefix, "scope_in"),
                                 in->scope_in, in->n_scope_in);
    if (mask & PROGRAM_FIELD_SCOPE_OUT)
        ok &= program_list_valid(call, program_path(call, prefix, "scope_out"),
                                 in->scope_out, in->n_scope_out);
    if (mask & PROGRAM_FIELD_DELIVERABLES)
        ok &=
            program_list_valid(call, program_path(call, prefix, "deliverables"),
                               in->deliverables, in->n_deliverables);
    if (mask & PROGRAM_FIELD_SPONSOR)
        ok &= validate_length(call, program_path(call, prefix, "sponsor"),
                              in->sponsor, 0, PROGRAM_SPONSOR_MAX);
    unsigned both = PROGRAM_FIELD_TARGET_START | PROGRAM_FIELD_TARGET_FINISH;
    if ((mask & both) == both)
        ok &= fields_date_range(
            call, program_path(call, prefix, "target_start"), in->target_start,
            program_path(call, prefix, "target_finish"), in->target_finish);
    else if (mask & PROGRAM_FIELD_TARGET_START)
        ok &= fields_date(call, program_path(call, prefix, "target_start"),
                          in->target_start);
    else if (mask & PROGRAM_FIELD_TARGET_FINISH)
        ok &= fields_date(call, program_path(call, prefix, "target_finish"),
                          in->target_finish);
    /* The plan starts and counts back from these: the scheduler's years. */
    if (ok && (mask & PROGRAM_FIELD_TARGET_START))
        ok = fields_schedule_date(
            call, program_path(call, prefix, "target_start"), in->target_start);
    if (ok && (mask & PROGRAM_FIELD_TARGET_FINISH))
        ok = fields_schedule_date(call,
                                  program_path(call, prefix, "target_finish"),
                                  in->target_finish);
    if ((mask & PROGRAM_FIELD_STATUS) &&
        (in->status < PMO__V1__PROGRAM_STATUS__PROGRAM_PROPOSED ||
         in->status > PMO__V1__PROGRAM_STATUS__PROGRAM_CANCELLED)) {
        rpc_violation(call, program_path(call, prefix, "status"),
                      "%d is not a program status (1 proposed .. 5 "
                      "cancelled)",
                      (int)in->status);
        ok = false;
    }
    if ((mask & PROGRAM_FIELD_RAG) &&
        (in->rag < PMO__V1__RAG__RAG_UNSPECIFIED ||
         in->rag > PMO__V1__RAG__RAG_RED)) {
        rpc_violation(call, program_path(call, prefix, "rag"),
                      "%d is not a RAG value (0 unset, 1 green, 2 amber, "
                      "3 red)",
                      (int)in->rag);
        ok = false;
    }
    /* NaN fails both comparisons. */
    if ((mask & PROGRAM_FIELD_CRITICAL_FLOAT) &&
        !(in->critical_float_days >= -PROGRAM_CRITICAL_FLOAT_MAX &&
          in->critical_float_days <= PROGRAM_CRITICAL_FLOAT_MAX)) {
        rpc_violation(call, program_path(call, prefix, "critical_float_days"),
                      "must be a number of working days from %d to %d "
                      "(got %g)",
                      -PROGRAM_CRITICAL_FLOAT_MAX, PROGRAM_CRITICAL_FLOAT_MAX,
                      in->critical_float_days);
        ok = false;
    }
    if ((mask & PROGRAM_FIELD_CURRENCY) &&
        money_currency_find(in->currency) == NULL) {
        rpc_violation(call, program_path(call, prefix, "currency"),
                      "%.16s is not an ISO 4217 currency code (EUR, USD, "
                      "JPY, ...)",
                      in->currency);
        ok = false;
    }
    return ok;
}

bool program_new_valid(rpc_call *call, const char *prefix, Pmo__V1__Program *p)
{
    if (p->status == PMO__V1__PROGRAM_STATUS__PROGRAM_STATUS_UNSPECIFIED)
        p->status = PMO__V1__PROGRAM_STATUS__PROGRAM_PROPOSED;
    if (p->currency[0] == '\0')
        p->currency = (char *)MONEY_DEFAULT_CURRENCY;
    bool ok =
        program_key_valid(call, program_path(call, prefix, "key"), p->key);
    return program_fields_valid(call, prefix, p, PROGRAM_FIELDS_ALL) && ok;
}
