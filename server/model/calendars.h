/*
 * server/model/calendars.h - a program's working calendar: the ISO
 * weekdays worked (programs.working_weekdays), the hours of a working day
 * (programs.hours_per_day) and its holidays (program_holidays), versioned
 * together by programs.calendar_version.
 *
 * Conventions as in programs.h.
 */
#ifndef PMO_SERVER_MODEL_CALENDARS_H
#define PMO_SERVER_MODEL_CALENDARS_H

#include "model/access.h"
#include "pmo/v1/program.pb-c.h"
#include "rpc/call.h"

#include <stdint.h>

/* Weekdays ascending, holidays by date. */
int calendars_get(rpc_call *call, const program_access *pa,
                  Pmo__V1__Calendar **out);

/*
 * Replaces the weekdays, the hours per day (unless in's are 0) and the
 * whole holiday list with in's (validated, weekdays ascending and
 * holidays sorted by date, no duplicates) if the
 * calendar is still at expected_version; ABORTED when stale. *out is the
 * stored calendar.
 */
int calendars_update(rpc_call *call, const program_access *pa,
                     const Pmo__V1__Calendar *in, int64_t expected_version,
                     Pmo__V1__Calendar **out);

#endif
