/*
 * server/api/risk_records.c - the record kinds of pmo.v1.RiskService:
 * decisions (the question, the options weighed, what was decided, by whom
 * and when, what it affects; taken in a meeting or not) and assumptions
 * (what the program takes to be true, who checks it and by when). Each is
 * one descriptor served by the record core; managers write, viewers read.
 * The rest of the service is hand-written (risk_service.c).
 */
#include "api/risk_common.h"
#include "api/risk_records.h"
#include "common/daynum.h"
#include "model/raid.h"
#include "pmo/v1/risk.pb-c.h"

#include <string.h>

#define DECISION_OPTION_MAX  500
#define DECISION_OPTIONS_MAX 50

/* ------------------------------------------------------------ decisions */

static const record_column decision_columns[] = {
    {.field = "question", .column = "question", .type = RECORD_TEXT,
     .min = 1, .max = RISK_TEXT_MAX},
    {.field = "context", .column = "context", .type = RECORD_TEXT,
     .max = RISK_TEXT_MAX},
    {.field = "options", .column = "options", .type = RECORD_TEXTS,
     .max = DECISION_OPTIONS_MAX},
    {.field = "decision", .column = "outcome", .type = RECORD_TEXT,
     .max = RISK_TEXT_MAX},
    {.field = "decided_by", .column = "decided_by", .type = RECORD_USER},
    {.field = "decided_on", .column = "decided_on", .type = RECORD_DATE},
    {.field = "items", .column = "item_numbers", .type = RECORD_REFS},
    {.field = "affects", .column = "affects", .type = RECORD_TEXT,
     .max = RISK_TEXT_MAX},
    {.field = "status", .column = "status", .type = RECORD_ENUM,
     .flags = RECORD_FILTER,
     .def = PMO__V1__DECISION_STATUS__DECISION_PROPOSED},
    {.field = "meeting_id", .column = "meeting_id", .type = RECORD_ID,
     .flags = RECORD_FILTER | RECORD_CREATE_ONLY, .ref_table = "meetings",
     .ref_what = "meeting", .ref_kind = RAID_REF_MEETING},
};

static record_kind decision_kind = {
    .name = "decision",
    .entity = "decision",
    .table = "decisions",
    .desc = &pmo__v1__decision__descriptor,
    .columns = decision_columns,
    .n_columns = sizeof(decision_columns) / sizeof(decision_columns[0]),
    .program_scoped = true,
    .read_role = ACCESS_VIEWER,
    .write_role = ACCESS_MANAGER,
};

/* Decided means something was: say what. */
static bool decision_check(rpc_call *call, const ProtobufCMessage *cur,
                           const ProtobufCMessage *m, char *const *mask,
                           size_t n)
{
    (void)cur;
    const Pmo__V1__Decision *d = (const Pmo__V1__Decision *)m;
    if (d->status == PMO__V1__DECISION_STATUS__DECISION_DECIDED &&
        risk_named(mask, n, "status") && risk_named(mask, n, "decision") &&
        d->decision[0] == '\0') {
        rpc_violation(call, "decision.decision",
                      "is required once the status is decided");
        return false;
    }
    return true;
}

/* A decision decided without a date is dated today. */
static void decision_fill(rpc_call *call, const ProtobufCMessage *cur,
                          ProtobufCMessage *m, char **mask, size_t *n)
{
    Pmo__V1__Decision *d = (Pmo__V1__Decision *)m;
    const Pmo__V1__Decision *was = (const Pmo__V1__Decision *)cur;
    bool status_given = mask == NULL || risk_named(mask, *n, "status");
    bool date_given = mask == NULL || risk_named(mask, *n, "decided_on");
    int status = status_given ? (int)d->status : (int)was->status;
    const char *date = date_given ? d->decided_on : was->decided_on;
    if (status != PMO__V1__DECISION_STATUS__DECISION_DECIDED || date[0])
        return;
    char *today = arena_alloc(call->arena, DAYNUM_TEXT);
    daynum_format(daynum_today(), today);
    d->decided_on = today;
    if (!date_given)
        mask[(*n)++] = "decided_on";
}

const record_api risk_decision_api = {
    .kind = &decision_kind,
    .type = "Decision",
    .plural = "Decisions",
    .field = "decision",
    .list_field = "decisions",
    .check = decision_check,
    .fill = decision_fill,
};

/* ---------------------------------------------------------- assumptions */

static const record_column assumption_columns[] = {
    {.field = "statement", .column = "statement", .type = RECORD_TEXT,
     .min = 1, .max = RISK_TEXT_MAX},
    {.field = "owner", .column = "owner_id", .type = RECORD_USER,
     .flags = RECORD_MEMBER},
    {.field = "validate_by", .column = "validate_by", .type = RECORD_DATE},
    {.field = "status", .column = "status", .type = RECORD_ENUM,
     .flags = RECORD_FILTER,
     .def = PMO__V1__ASSUMPTION_STATUS__ASSUMPTION_OPEN},
    {.field = "note", .column = "note", .type = RECORD_TEXT,
     .max = RISK_TEXT_MAX},
    /* Still open past its validate-by date. */
    {.field = "overdue", .type = RECORD_FLAG, .flags = RECORD_FILTER,
     .expr = "coalesce(@.validate_by < current_date, false) AND @.status = 1"},
};

static record_kind assumption_kind = {
    .name = "assumption",
    .entity = "assumption",
    .table = "assumptions",
    .desc = &pmo__v1__assumption__descriptor,
    .columns = assumption_columns,
    .n_columns = sizeof(assumption_columns) / sizeof(assumption_columns[0]),
    .program_scoped = true,
    .read_role = ACCESS_VIEWER,
    .write_role = ACCESS_MANAGER,
};

const record_api risk_assumption_api = {
    .kind = &assumption_kind,
    .type = "Assumption",
    .plural = "Assumptions",
    .field = "assumption",
    .list_field = "assumptions",
};
