/*
 * server/model/activity.h - a program's activity feed: its audit rows,
 * each told in one line for a person.
 *
 * The feed reads audit_log rows filed under the program (audit_record
 * files a call's rows under call->program_id) and writes the summary from
 * what every row has, so it needs no knowledge of each service's rows:
 * the method names the action ("pmo.v1.WorkService/UpdateWorkItem" ->
 * "updated work item"), the entity id what it was done to, the row's
 * title, name or body what it is called, and the top-level keys that
 * differ between before and after what changed. Conventions as in
 * model/users.h.
 */
#ifndef PMO_SERVER_MODEL_ACTIVITY_H
#define PMO_SERVER_MODEL_ACTIVITY_H

#include "model/access.h"
#include "pmo/v1/comment.pb-c.h"
#include "rpc/call.h"

#include <stddef.h>
#include <stdint.h>

/* Summaries longer than this are cut, ending in "...". */
#define ACTIVITY_SUMMARY_MAX 300

/*
 * A page of prog's activity, newest first, below audit id `before` (0:
 * from the newest), at most limit + 1.
 */
int activity_list(rpc_call *call, const program_access *prog, int64_t before,
                  unsigned limit, Pmo__V1__ActivityEntry ***out, size_t *n);

#endif
