/*
 * server/api/vendor_service.c - pmo.v1.VendorService: the organisation's
 * vendors (an organisation-wide record kind) and the contracts programs
 * hold with them (a program-scoped one, its value money of the program's
 * currency), see record_service.h for who may do what and vendor.proto
 * for the fields. GetContractStatus, what a contract has cost so far and
 * which of its work items are late (by their planned finish, and by the
 * schedule's forecast as GetSchedule computes it), is the one hand-written
 * method.
 */
#include "api/fields.h"
#include "api/record_service.h"
#include "api/risk_common.h"
#include "api/schedule_common.h"
#include "api/services.h"
#include "common/daynum.h"
#include "common/money.h"
#include "model/contracts.h"
#include "model/raid.h"
#include "pmo/v1/vendor.pb-c.h"

#include <string.h>

#define VENDOR_NAME_MAX     200
#define VENDOR_NOTES_MAX    10000
#define VENDOR_CONTACTS_MAX 50
#define CONTRACT_TITLE_MAX  200
#define CONTRACT_SLA_MAX    10000
#define CONTRACT_ITEMS_MAX  200

/* ------------------------------------------------------------ vendors */

static const record_column vendor_columns[] = {
    {.field = "name", .column = "name", .type = RECORD_LINE,
     .flags = RECORD_REQUIRED | RECORD_UNIQUE, .min = 1,
     .max = VENDOR_NAME_MAX},
    {.field = "contacts", .column = "contacts", .type = RECORD_TEXTS,
     .max = VENDOR_CONTACTS_MAX},
    {.field = "notes", .column = "notes", .type = RECORD_TEXT,
     .max = VENDOR_NOTES_MAX},
    {.field = "owner", .column = "owner_id", .type = RECORD_USER,
     .flags = RECORD_OWNER},
};

static record_kind vendor_kind = {
    .name = "vendor",
    .entity = "vendor",
    .table = "vendors",
    .desc = &pmo__v1__vendor__descriptor,
    .columns = vendor_columns,
    .n_columns = sizeof(vendor_columns) / sizeof(vendor_columns[0]),
};

static const record_api vendor_api = {
    .kind = &vendor_kind,
    .type = "Vendor",
    .plural = "Vendors",
    .field = "vendor",
    .list_field = "vendors",
};

/* ------------------------------------------------------------ contracts */

static const record_column contract_columns[] = {
    {.field = "vendor_id", .column = "vendor_id", .type = RECORD_ID,
     .flags = RECORD_REQUIRED, .ref_table = "vendors", .ref_what = "vendor",
     .ref_kind = RAID_REF_VENDOR},
    {.field = "title", .column = "title", .type = RECORD_LINE,
     .flags = RECORD_REQUIRED, .min = 1, .max = CONTRACT_TITLE_MAX},
    {.field = "value", .column = "value_minor", .type = RECORD_MONEY,
     .flags = RECORD_REQUIRED},
    {.field = "start_on", .column = "start_on", .type = RECORD_DATE,
     .flags = RECORD_REQUIRED},
    {.field = "end_on", .column = "end_on", .type = RECORD_DATE,
     .flags = RECORD_REQUIRED},
    {.field = "service_levels", .column = "service_levels",
     .type = RECORD_TEXT, .max = CONTRACT_SLA_MAX},
    {.field = "payment_milestones", .column = "milestone_numbers",
     .type = RECORD_REFS, .max = CONTRACT_ITEMS_MAX},
    {.field = "deliverables", .column = "deliverable_numbers",
     .type = RECORD_REFS, .max = CONTRACT_ITEMS_MAX},
    {.field = "status", .column = "status", .type = RECORD_ENUM,
     .flags = RECORD_FILTER, .def = PMO__V1__CONTRACT_STATE__CONTRACT_ACTIVE},
};

static record_kind contract_kind = {
    .name = "contract",
    .entity = "contract",
    .table = "contracts",
    .desc = &pmo__v1__contract__descriptor,
    .columns = contract_columns,
    .n_columns = sizeof(contract_columns) / sizeof(contract_columns[0]),
    .program_scoped = true,
    .read_role = ACCESS_VIEWER,
    .write_role = ACCESS_MANAGER,
};

/* A contract ends on or after the day it starts; a change of one date is
 * held to the other as stored, and named by the one changed. */
static bool contract_check(rpc_call *call, const ProtobufCMessage *cur,
                           const ProtobufCMessage *m, char *const *mask,
                           size_t n)
{
    const Pmo__V1__Contract *c = (const Pmo__V1__Contract *)m;
    const Pmo__V1__Contract *was = (const Pmo__V1__Contract *)cur;
    bool start_given = risk_named(mask, n, "start_on");
    bool end_given = risk_named(mask, n, "end_on");
    const char *start = start_given || was == NULL ? c->start_on
                                                   : was->start_on;
    const char *end = end_given || was == NULL ? c->end_on : was->end_on;
    if ((!start_given && !end_given) || start[0] == '\0' || end[0] == '\0' ||
        strcmp(start, end) <= 0)
        return true;
    if (end_given)
        rpc_violation(call, "contract.end_on",
                      "must not be before start_on %s (got %s)", start, end);
    else
        rpc_violation(call, "contract.start_on",
                      "must not be after end_on %s (got %s)", end, start);
    return false;
}

static const record_api contract_api = {
    .kind = &contract_kind,
    .type = "Contract",
    .plural = "Contracts",
    .field = "contract",
    .list_field = "contracts",
    .check = contract_check,
};

/* ------------------------------------------------------------ status */

/* Each item's forecast finish from ctx's schedule; one not done and late
 * by no other reason is late when that falls after the contract's end. */
static void vendor_forecast(rpc_call *call, const schedule_ctx *ctx,
                            const char *end_on,
                            Pmo__V1__ContractItem *const *items, size_t n,
                            uint32_t *late)
{
    for (size_t i = 0; i < n; i++) {
        Pmo__V1__ContractItem *it = items[i];
        int entry = plan_snapshot_find(ctx->snap, it->ref);
        if (entry < 0)
            continue;
        it->forecast_finish =
            schedule_date(call, ctx->res.early_finish_day[entry]);
        if (it->done || it->late || it->forecast_finish[0] == '\0' ||
            strcmp(it->forecast_finish, end_on) <= 0)
            continue;
        it->late = true;
        it->why = arena_printf(call->arena,
                               "forecast to finish %s, after the contract "
                               "ends %s",
                               it->forecast_finish, end_on);
        (*late)++;
    }
}

/* The late items by the schedule's forecast as of date. */
static int vendor_forecast_all(rpc_call *call, const program_access *prog,
                               const char *date, Pmo__V1__ContractStatus *out)
{
    schedule_ctx ctx;
    int rc = schedule_open(call, prog->key, date, ACCESS_VIEWER, &ctx);
    if (rc == 0) {
        vendor_forecast(call, &ctx, out->contract->end_on,
                        out->payment_milestones, out->n_payment_milestones,
                        &out->late_milestones);
        vendor_forecast(call, &ctx, out->contract->end_on, out->deliverables,
                        out->n_deliverables, &out->late_deliverables);
    }
    schedule_close(&ctx);
    return rc;
}

/* Minor units of currency as the reply's text. */
static char *vendor_money_text(rpc_call *call, int64_t minor,
                               const char *currency)
{
    char *text = arena_alloc(call->arena, MONEY_TEXT);
    return money_format(minor, money_exponent(currency), text, MONEY_TEXT);
}

static void
vendor_get_contract_status(Pmo__V1__VendorService_Service *svc,
                           const Pmo__V1__GetContractStatusRequest *in,
                           Pmo__V1__ContractStatus_Closure done, void *data)
{
    rpc_call *call = data;
    Pmo__V1__ContractStatus out = PMO__V1__CONTRACT_STATUS__INIT;
    ProtobufCMessage *row;
    program_access prog;
    int64_t program_id;
    (void)svc;
    if (!risk_id_valid(call, "contract", in->id) ||
        !fields_date(call, "status_date", in->status_date) ||
        record_find(call, &contract_kind, in->id, &program_id, &row) != 0 ||
        risk_access(call, "contract", in->id, program_id, ACCESS_VIEWER,
                    &prog) != 0) {
        done(NULL, data);
        return;
    }
    char *date = in->status_date;
    if (date[0] == '\0') {
        date = arena_alloc(call->arena, DAYNUM_TEXT);
        daynum_format(daynum_today(), date);
    }
    out.contract = (Pmo__V1__Contract *)row;
    out.status_date = date;
    out.currency = prog.currency;
    if (contracts_spend(call, in->id, &out) != 0 ||
        contracts_items(call, in->id, prog.key, date, &out) != 0 ||
        vendor_forecast_all(call, &prog, date, &out) != 0) {
        done(NULL, data);
        return;
    }
    /* Both within 0..MONEY_MAX: the difference cannot wrap. */
    out.remaining_minor = out.contract->value_minor - out.spent_minor;
    out.spent = vendor_money_text(call, out.spent_minor, prog.currency);
    if (out.remaining_minor < 0)
        out.remaining = arena_printf(
            call->arena, "-%s",
            vendor_money_text(call, -out.remaining_minor, prog.currency));
    else
        out.remaining =
            vendor_money_text(call, out.remaining_minor, prog.currency);
    done(&out, data);
}

/* ------------------------------------------------------------ service */

/* The record kinds answer every other method. */
static Pmo__V1__VendorService_Service vendor_impl = {
    .base = PMO__V1__VENDOR_SERVICE__BASE_INIT,
    .get_contract_status = vendor_get_contract_status,
};

static const record_api *const vendor_apis[] = {&vendor_api, &contract_api,
                                                NULL};

static record_service vendor_service = RECORD_SERVICE_INIT(
    &pmo__v1__vendor_service__descriptor, vendor_apis, &vendor_impl.base);

static int vendor_prepare(char *err, size_t errlen)
{
    return record_service_prepare(&vendor_service, err, errlen);
}

static const rpc_method_policy vendor_policies[] = {
    RECORD_POLICIES("Vendor", "Vendors"),
    RECORD_POLICIES("Contract", "Contracts"),
    {"GetContractStatus", RPC_ACCESS_SESSION, RPC_READS, 0},
};

const rpc_service api_vendor_service = {
    .impl = &vendor_service.base,
    .policies = vendor_policies,
    .n_policies = sizeof(vendor_policies) / sizeof(vendor_policies[0]),
    .prepare = vendor_prepare,
};
