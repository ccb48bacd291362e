/*
 * server/api/status_common.h - what the files of StatusService share:
 * ISO weeks, the live metrics of a program, and the RAG its rules
 * suggest (status_draft.c); the report's lists and the request's program
 * and week (status_args.c); the handlers served from other files.
 */
#ifndef PMO_SERVER_API_STATUS_COMMON_H
#define PMO_SERVER_API_STATUS_COMMON_H

#include "model/access.h"
#include "pmo/v1/status.pb-c.h"
#include "rpc/call.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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

/* ------------------------------------------------------ status_args.c */

/* The lists of a report, by field name. */
typedef struct status_list {
    const char *name;
    size_t offset_n, offset_list;
} status_list;

/* accomplishments, next_steps, decisions_needed, asks. */
enum { STATUS_LISTS = 4 };
extern const status_list status_lists[STATUS_LISTS];
size_t *status_list_n(Pmo__V1__StatusReport *r, const status_list *l);
char ***status_list_items(Pmo__V1__StatusReport *r, const status_list *l);

/* Access to program (its key validated) with need into *prog. */
int status_open(rpc_call *call, const char *program, access_role need,
                program_access *prog);

/* The report of week (parsed into *monday, a violation of field when it
 * is not a week) with its row id. */
int status_find(rpc_call *call, const program_access *prog, const char *field,
                const char *week, int *monday, int64_t *id,
                Pmo__V1__StatusReport **out);

/* A report not yet published gets the metrics as they are now. */
int status_with_metrics(rpc_call *call, const program_access *prog, int monday,
                        Pmo__V1__StatusReport *r);

/* "green", "amber", "red", or "-". */
const char *status_rag_name(Pmo__V1__Rag rag);

/* ---------------------------------------------- handlers in other files */

void status_diff_status(Pmo__V1__StatusService_Service *svc,
                        const Pmo__V1__DiffStatusRequest *in,
                        Pmo__V1__DiffStatusResponse_Closure done, void *data);
void status_render_status(Pmo__V1__StatusService_Service *svc,
                          const Pmo__V1__RenderStatusRequest *in,
                          Pmo__V1__RenderStatusResponse_Closure done,
                          void *data);

/* StatusService/ListPortfolio (status_portfolio.c). */
void status_list_portfolio(Pmo__V1__StatusService_Service *svc,
                           const Pmo__V1__ListPortfolioRequest *in,
                           Pmo__V1__ListPortfolioResponse_Closure done,
                           void *data);

#endif
