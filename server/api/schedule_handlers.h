/*
 * server/api/schedule_handlers.h - the methods of pmo.v1.ScheduleService,
 * one file each (schedule_*.c), gathered into the service by
 * schedule_service.c.
 */
#ifndef PMO_SERVER_API_SCHEDULE_HANDLERS_H
#define PMO_SERVER_API_SCHEDULE_HANDLERS_H

#include "api/schedule_common.h"
#include "pmo/v1/schedule.pb-c.h"

typedef Pmo__V1__ScheduleService_Service schedule_svc;

void schedule_compute(schedule_svc *svc, const Pmo__V1__ScheduleRequest *in,
                      Pmo__V1__Schedule_Closure done, void *data);
void schedule_critical_path(schedule_svc *svc,
                            const Pmo__V1__ScheduleRequest *in,
                            Pmo__V1__CriticalPathResponse_Closure done,
                            void *data);
void schedule_check(schedule_svc *svc, const Pmo__V1__CheckScheduleRequest *in,
                    Pmo__V1__CheckScheduleResponse_Closure done, void *data);
void schedule_what_if(schedule_svc *svc, const Pmo__V1__WhatIfRequest *in,
                      Pmo__V1__WhatIfResponse_Closure done, void *data);
void schedule_create_baseline(schedule_svc *svc,
                              const Pmo__V1__CreateBaselineRequest *in,
                              Pmo__V1__Baseline_Closure done, void *data);
void schedule_list_baselines(schedule_svc *svc,
                             const Pmo__V1__ListBaselinesRequest *in,
                             Pmo__V1__ListBaselinesResponse_Closure done,
                             void *data);
void schedule_compare_baseline(schedule_svc *svc,
                               const Pmo__V1__CompareBaselineRequest *in,
                               Pmo__V1__CompareBaselineResponse_Closure done,
                               void *data);
void schedule_forecast(schedule_svc *svc, const Pmo__V1__ForecastRequest *in,
                       Pmo__V1__ForecastResponse_Closure done, void *data);
void schedule_resource_load(schedule_svc *svc,
                            const Pmo__V1__ResourceLoadRequest *in,
                            Pmo__V1__ResourceLoadResponse_Closure done,
                            void *data);
void schedule_level(schedule_svc *svc, const Pmo__V1__LevelRequest *in,
                    Pmo__V1__LevelResponse_Closure done, void *data);
/*
 * Saves ctx's CPM schedule (after schedule_load) as the baseline name:
 * 0, or -1 with the call failed (ALREADY_EXISTS when the name is taken).
 */
int schedule_baseline_save(rpc_call *call, const schedule_ctx *ctx,
                           const char *name, Pmo__V1__Baseline **out);
void schedule_apply_level(schedule_svc *svc,
                          const Pmo__V1__ApplyLevelRequest *in,
                          Pmo__V1__ApplyLevelResponse_Closure done,
                          void *data);

#endif
