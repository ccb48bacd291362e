/*
 * server/model/status_metrics.h - a status report's metrics
 * (pmo.v1.StatusMetrics) as stored and compared: a JSON object by field
 * name, written and read through the message's field descriptors so a
 * new metric is a field of the message, not code here; and the counts
 * only PostgreSQL has (issues by severity, budget and spent).
 *
 * Conventions as in model/raid.h.
 */
#ifndef PMO_SERVER_MODEL_STATUS_METRICS_H
#define PMO_SERVER_MODEL_STATUS_METRICS_H

#include "model/access.h"
#include "pmo/v1/status.pb-c.h"
#include "rpc/call.h"

#include <stddef.h>

/* A StatusMetrics at its defaults, in the call's arena. */
Pmo__V1__StatusMetrics *status_metrics_new(rpc_call *call);

/* Sets the field named key from its text as status_metrics_text writes
 * it; an unknown key (a metric since removed) is ignored. */
void status_metrics_set(rpc_call *call, Pmo__V1__StatusMetrics *m,
                        const char *key, const char *value);

/* The text of m's i-th field (of the descriptor's fields), in the
 * arena; its name in *name. */
char *status_metrics_text(rpc_call *call, const Pmo__V1__StatusMetrics *m,
                          unsigned i, const char **name);

/* How many fields a StatusMetrics has. */
unsigned status_metrics_count(void);

/* m as a JSON object, in the arena. */
char *status_metrics_json(rpc_call *call, const Pmo__V1__StatusMetrics *m);

/* Open issues of prog by severity, its budget (the program's own, not a
 * project's) and what it spent, into m. */
int status_metrics_counts(rpc_call *call, const program_access *prog,
                          Pmo__V1__StatusMetrics *m);

#endif
