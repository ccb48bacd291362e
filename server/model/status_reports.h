/*
 * server/model/status_reports.h - weekly status reports of a program,
 * their reviewers' comments and the program's status settings (tables
 * status_reports, status_comments and status_settings, migration 0020).
 *
 * A report is one row per program and ISO week. Its six RAG dimensions
 * travel in the order of status_dim (overall first); its lists as texts
 * joined by the unit separator, as model/raid.h does. A write replaces
 * every field of the row at the version read and is refused once the row
 * is published, so a published report never changes. Metrics are stored
 * only at publish, as a JSON object by StatusMetrics field name.
 *
 * Conventions as in model/raid.h: functions run on the call's
 * connection, leave results in the call's arena, and on failure set the
 * call's status and return -1. Callers have checked access and validated
 * every field. Writes are audited as entity "status_report" or
 * "status_settings" in the program.
 */
#ifndef PMO_SERVER_MODEL_STATUS_REPORTS_H
#define PMO_SERVER_MODEL_STATUS_REPORTS_H

#include "model/access.h"
#include "pmo/v1/status.pb-c.h"
#include "rpc/call.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The RAG dimensions, in stored order. */
enum { STATUS_DIMS = 6 };
extern const char *const status_dim_names[STATUS_DIMS];

/* The report's dimension i (a status_dim_names index). */
Pmo__V1__StatusRag *status_dim(const Pmo__V1__StatusReport *r, int i);

/* A report with its six dimensions allocated, in the call's arena. */
Pmo__V1__StatusReport *status_report_new(rpc_call *call);

/*
 * prog's settings; the defaults of migration 0020 with version 0 when
 * none were set.
 */
int status_settings_get(rpc_call *call, const program_access *prog,
                        Pmo__V1__StatusSettings **out);

/*
 * Sets prog's settings at version expected (0: none yet); the reviewer
 * by username, "" for none (the caller checked the user). ABORTED with the
 * current version when stale.
 */
int status_settings_set(rpc_call *call, const program_access *prog,
                        const Pmo__V1__StatusSettings *s, int64_t expected,
                        Pmo__V1__StatusSettings **out);

/*
 * prog's report of week with its comments and, once published, its
 * frozen metrics; *id its row id. NOT_FOUND "no status report of KEY for
 * WEEK" when none, unless missing_ok, which returns 0 with *out NULL.
 */
int status_reports_get(rpc_call *call, const program_access *prog,
                       const char *week, bool missing_ok, int64_t *id,
                       Pmo__V1__StatusReport **out);

/* The newest report of prog before week, or *out NULL. */
int status_reports_before(rpc_call *call, const program_access *prog,
                          const char *week, Pmo__V1__StatusReport **out);

/* Inserts r as prog's draft of r->week by the caller. */
int status_reports_insert(rpc_call *call, const program_access *prog,
                          const Pmo__V1__StatusReport *r,
                          Pmo__V1__StatusReport **out);

/*
 * Writes every field of r over row id at version expected, with state r->state;
 * metrics_json (NULL: keep) is stored, approved sets approved_by to the
 * caller, and a published state stamps published_at. ABORTED when stale,
 * FAILED_PRECONDITION when the row is already published.
 */
int status_reports_write(rpc_call *call, const program_access *prog, int64_t id,
                         int64_t expected, const Pmo__V1__StatusReport *r,
                         const char *metrics_json, bool approved,
                         Pmo__V1__StatusReport **out);

/* Up to limit + 1 reports of prog, newest week first, after week
 * `after` ("" from the newest); state 0 for any. */
int status_reports_list(rpc_call *call, const program_access *prog, int state,
                        const char *after, unsigned limit,
                        Pmo__V1__StatusReport ***out, size_t *n);

/* Adds the caller's comment on section of report id. */
int status_comments_add(rpc_call *call, const program_access *prog, int64_t id,
                        const char *section, const char *body);

#endif
