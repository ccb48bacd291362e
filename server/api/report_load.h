/*
 * server/api/report_load.h - a program gathered into the report layer's
 * report_plan (server/report/report.h): the schedule as
 * ScheduleService/ComputeSchedule computes it (schedule_common.h), the
 * newest baseline's dates, the open risks, the open action items and the
 * gates.
 *
 * Everything lands in the call's arena or points into ctx's snapshot, so
 * the report_plan lives as long as the call and ctx stay open.
 */
#ifndef PMO_SERVER_API_REPORT_LOAD_H
#define PMO_SERVER_API_REPORT_LOAD_H

#include "api/schedule_common.h"
#include "report/report.h"

/* At most this many risks, actions and gates each are read for a report. */
#define REPORT_LOAD_MAX_ROWS 5000

/*
 * Fills out from ctx (after schedule_open) and the program's RAID rows;
 * made_at is the report's instant. 0, or -1 with the call failed.
 */
int report_load(rpc_call *call, const schedule_ctx *ctx, int64_t made_at,
                report_plan *out);

#endif
