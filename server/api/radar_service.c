/*
 * server/api/radar_service.c - pmo.v1.RadarService: the organisation's
 * technology radar, one record kind (see record_service.h for who may do
 * what, radar.proto for the fields). Moving an entry is changing its
 * ring; each move is kept with the rationale it carried.
 */
#include "api/record_service.h"
#include "api/services.h"
#include "pmo/v1/radar.pb-c.h"

#define RADAR_NAME_MAX      100
#define RADAR_RATIONALE_MAX 10000
#define RADAR_LINKS_MAX     200

static const record_column radar_columns[] = {
    {.field = "name", .column = "name", .type = RECORD_LINE,
     .flags = RECORD_REQUIRED | RECORD_UNIQUE, .min = 1,
     .max = RADAR_NAME_MAX},
    {.field = "quadrant", .column = "quadrant", .type = RECORD_ENUM,
     .flags = RECORD_FILTER, .def = PMO__V1__RADAR_QUADRANT__RADAR_TOOLS},
    {.field = "ring", .column = "ring", .type = RECORD_ENUM,
     .flags = RECORD_FILTER, .def = PMO__V1__RADAR_RING__RADAR_ASSESS},
    {.field = "rationale", .column = "rationale", .type = RECORD_TEXT,
     .max = RADAR_RATIONALE_MAX},
    {.field = "owner", .column = "owner_id", .type = RECORD_USER,
     .flags = RECORD_OWNER},
    {.field = "reviewed_on", .column = "reviewed_on", .type = RECORD_DATE,
     .flags = RECORD_TODAY},
    {.field = "programs", .column = "program_ids", .type = RECORD_PROGRAMS,
     .max = RADAR_LINKS_MAX},
    {.field = "risk_ids", .column = "risk_ids", .type = RECORD_IDS,
     .max = RADAR_LINKS_MAX, .ref_table = "risks", .ref_what = "risk"},
    {.field = "decision_ids", .column = "decision_ids", .type = RECORD_IDS,
     .max = RADAR_LINKS_MAX, .ref_table = "decisions",
     .ref_what = "decision"},
};

static const char *const radar_tracked[] = {"ring", NULL};
static const char *const radar_carried[] = {"rationale", NULL};

static const record_history radar_history = {
    .table = "radar_moves",
    .key = "entry_id",
    .tracked = radar_tracked,
    .carried = radar_carried,
    .desc = &pmo__v1__radar_move__descriptor,
};

static record_kind radar_kind = {
    .name = "radar entry",
    .entity = "radar_entry",
    .table = "radar_entries",
    .desc = &pmo__v1__radar_entry__descriptor,
    .columns = radar_columns,
    .n_columns = sizeof(radar_columns) / sizeof(radar_columns[0]),
    .history = &radar_history,
};

static const record_api radar_api = {
    .kind = &radar_kind,
    .type = "RadarEntry",
    .plural = "RadarEntries",
    .field = "entry",
    .list_field = "entries",
};

static const record_api *const radar_apis[] = {&radar_api, NULL};

static record_service radar_service =
    RECORD_SERVICE_INIT(&pmo__v1__radar_service__descriptor, radar_apis,
                        NULL);

static int radar_prepare(char *err, size_t errlen)
{
    return record_service_prepare(&radar_service, err, errlen);
}

static const rpc_method_policy radar_policies[] = {
    RECORD_POLICIES("RadarEntry", "RadarEntries"),
    RECORD_HISTORY_POLICY("RadarEntry"),
};

const rpc_service api_radar_service = {
    .impl = &radar_service.base,
    .policies = radar_policies,
    .n_policies = sizeof(radar_policies) / sizeof(radar_policies[0]),
    .prepare = radar_prepare,
};
