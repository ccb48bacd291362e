/*
 * server/model/retros.h - retrospectives and post-mortems of a program:
 * what went well and what did not, and root causes. Its action items are
 * action items of the RAID log pointing back at it (model/retro_actions.h),
 * and the lessons it yields live in the shared library (model/lessons.h).
 *
 * Conventions as in model/stakeholders.h; changes are audited as entity
 * "retro".
 */
#ifndef PMO_SERVER_MODEL_RETROS_H
#define PMO_SERVER_MODEL_RETROS_H

#include "model/access.h"
#include "pmo/v1/lesson.pb-c.h"
#include "rpc/call.h"

#include <stddef.h>
#include <stdint.h>

/* The update_mask bits of retros_update. */
enum retros_field {
    RETROS_TITLE = 1u << 0,
    RETROS_DATE = 1u << 1,
    RETROS_KIND = 1u << 2,
    RETROS_WENT_WELL = 1u << 3,
    RETROS_WENT_BADLY = 1u << 4,
    RETROS_ROOT_CAUSES = 1u << 5,
    /* Not a column: new action items (model/retro_actions.h). */
    RETROS_ACTION_ITEMS = 1u << 6,
};

/* Inserts r (kind defaulted) into prog, by the caller; not its actions. */
int retros_create(rpc_call *call, const program_access *prog,
                  const Pmo__V1__Retro *r, Pmo__V1__Retro **out);

/*
 * Reads retro id, without its lessons, and the id of its program;
 * NOT_FOUND if none. The caller checks access before answering.
 */
int retros_find(rpc_call *call, int64_t id, int64_t *program_id,
                Pmo__V1__Retro **out);

/* Only the program of retro id; NOT_FOUND if none. */
int retros_program_of(rpc_call *call, int64_t id, int64_t *program_id);

/* A page of prog's retros (kind 0: any) after id `after`, newest last. */
int retros_list(rpc_call *call, const program_access *prog, int kind,
                int64_t after, unsigned limit, Pmo__V1__Retro ***out,
                size_t *n);

/* Changes the fields in mask (retros_field bits) at version expected. */
int retros_update(rpc_call *call, const program_access *prog, int64_t id,
                  int64_t expected, unsigned mask, const Pmo__V1__Retro *r,
                  Pmo__V1__Retro **out);

/* Deletes retro id; its lessons stay in the library, unlinked. */
int retros_delete(rpc_call *call, int64_t id, int64_t expected);

#endif
