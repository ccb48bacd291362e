/*
 * tests/integration/it_raid.h - what the tests of RiskService and
 * MeetingService share: the fixture of it_work.h (program KEY with users
 * mgr, con, view and out, and program OTHER) plus work items KEY-1 to
 * KEY-3 made with SQL, and short calls.
 */
#ifndef PMO_TESTS_INTEGRATION_IT_RAID_H
#define PMO_TESTS_INTEGRATION_IT_RAID_H

#include "it_work.h"
#include "pmo/v1/risk.pb-c.h"

#define IT_RISK_SVC    (&pmo__v1__risk_service__descriptor)
#define IT_MEETING_SVC (&pmo__v1__meeting_service__descriptor)

/* it_work_setup(w, key) and items KEY-1..KEY-3 in project web. */
void it_raid_setup(it_work *w, const char *key);

/*
 * Calls RiskService method with in; on OK *out holds the reply (free it
 * with it_raid_free), else NULL. Returns the status.
 */
int it_raid_call(pmo_client *c, const char *method, const void *in, void *out,
                 pmo_result *res);

/* The same on MeetingService. */
int it_meeting_call(pmo_client *c, const char *method, const void *in,
                    void *out, pmo_result *res);

/* As it_raid_call, and fails the test unless the status is OK. */
void *it_raid_ok(pmo_client *c, const char *method, const void *in);

void it_raid_free(void *msg);

/* The single number a query prints. */
#define it_raid_sql_int it_work_sql_int

#endif
