/*
 * server/api/program_days_off.h - the days-off methods of
 * pmo.v1.ProgramService (program.proto, DayOff), for program_service.c's
 * method table. A person's days off apply to every program; the program
 * named is where the change is checked: the person must hold a role in
 * it, and the caller must manage it or be that person. Viewers list.
 */
#ifndef PMO_SERVER_API_PROGRAM_DAYS_OFF_H
#define PMO_SERVER_API_PROGRAM_DAYS_OFF_H

#include "pmo/v1/program.pb-c.h"

void program_add_days_off(Pmo__V1__ProgramService_Service *svc,
                          const Pmo__V1__AddDaysOffRequest *in,
                          Pmo__V1__DaysOffResponse_Closure done, void *data);

void program_remove_days_off(Pmo__V1__ProgramService_Service *svc,
                             const Pmo__V1__RemoveDaysOffRequest *in,
                             Pmo__V1__DaysOffResponse_Closure done, void *data);

void program_list_days_off(Pmo__V1__ProgramService_Service *svc,
                           const Pmo__V1__ListDaysOffRequest *in,
                           Pmo__V1__DaysOffResponse_Closure done, void *data);

#endif
