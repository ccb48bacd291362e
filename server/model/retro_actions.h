/*
 * server/model/retro_actions.h - the action items of a retrospective.
 * They are action items of the RAID log (model/actions.h) with source
 * "retrospective" and the retro's id as source_id, in the retro's
 * program, so ListActions (pmo actions --mine --overdue) shows them;
 * a retro shows them as ActionItems with their state.
 *
 * Conventions as in model/raid.h. The caller has checked access to the
 * program and the items (text, owner able to see the program, due date).
 */
#ifndef PMO_SERVER_MODEL_RETRO_ACTIONS_H
#define PMO_SERVER_MODEL_RETRO_ACTIONS_H

#include "model/access.h"
#include "pmo/v1/lesson.pb-c.h"
#include "rpc/call.h"

#include <stddef.h>
#include <stdint.h>

/*
 * Hands out items[0..n) as new open action items of retro retro_id in
 * prog, in order, each audited as an action item.
 */
int retro_actions_add(rpc_call *call, const program_access *prog,
                      int64_t retro_id, Pmo__V1__ActionItem *const *items,
                      size_t n);

/*
 * Sets the action_items of each of retros (all of program_id) to the
 * actions that name it, in the order they were handed out; one query.
 */
int retro_actions_attach(rpc_call *call, int64_t program_id,
                         Pmo__V1__Retro *const *retros, size_t n);

#endif
