/*
 * server/api/status_common.h - what the files of StatusService share:
 * ISO weeks, the live metrics of a program, and the RAG its rules
 * suggest (status_draft.c).
 */
#ifndef PMO_SERVER_API_STATUS_COMMON_H
#define PMO_SERVER_API_STATUS_COMMON_H

#include "model/access.h"
#include "pmo/v1/status.pb-c.h"
#include "rpc/call.h"

#include <stdbool.h>

/*
 * The Monday of ISO week text "YYYY-Www" into *monday (a day number);
 * false with a violation of field when text is not one.
 */
bool status_week_parse(rpc_call *call, const char *field, const char *text,
                       int *monday);

/* The ISO week of day as "YYYY-Www", in the arena. */
char *status_week_of(rpc_call *call, int day);

/*
 * The metrics of program key now, for the week starting monday: the
 * schedule with a quick Monte Carlo forecast, the latest baseline, the
 * RAID log, gates, issues and money. 0, or -1 with the call failed.
 */
int status_metrics_live(rpc_call *call, const char *key, int monday,
                        Pmo__V1__StatusMetrics **out);

/*
 * The RAG of each dimension of r that settings' rules make of metrics,
 * into r's suggested fields (overall: the worst of the others), each
 * with a one-line reason.
 */
void status_suggest(rpc_call *call, const Pmo__V1__StatusSettings *settings,
                    const Pmo__V1__StatusMetrics *metrics,
                    Pmo__V1__StatusReport *r, char **reasons);

/* StatusService/ListPortfolio (status_portfolio.c). */
void status_list_portfolio(Pmo__V1__StatusService_Service *svc,
                           const Pmo__V1__ListPortfolioRequest *in,
                           Pmo__V1__ListPortfolioResponse_Closure done,
                           void *data);

#endif
