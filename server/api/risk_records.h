/*
 * server/api/risk_records.h - the record kinds RiskService serves through
 * the record core (risk_records.c).
 */
#ifndef PMO_SERVER_API_RISK_RECORDS_H
#define PMO_SERVER_API_RISK_RECORDS_H

#include "api/record_service.h"

extern const record_api risk_decision_api;
extern const record_api risk_assumption_api;

#endif
