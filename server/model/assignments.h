/*
 * server/model/assignments.h - who works on a work item and for how much
 * of their time (work_item_assignments, migration 0017).
 *
 * Units are hundredths of a person (model/resources.h). An item with no
 * assignment rows counts its assignee (work_items.assignee_id) as one
 * assignment of RESOURCE_UNITS_FULL; listings show it so, marked
 * from_assignee. The first assignment added to such an item writes the
 * assignee's row at RESOURCE_UNITS_FULL as well, so the assignee keeps
 * counting once the item has rows.
 *
 * Conventions as in programs.h; every change is audited (entity
 * "assignment", "REF/user", with the units before and after).
 */
#ifndef PMO_SERVER_MODEL_ASSIGNMENTS_H
#define PMO_SERVER_MODEL_ASSIGNMENTS_H

#include "model/access.h"
#include "pmo/v1/resource.pb-c.h"
#include "rpc/call.h"

#include <stddef.h>
#include <stdint.h>

/* Assigns user (who may see the program) to the item at units. */
int assignments_set(rpc_call *call, const program_access *prog,
                    int64_t item_id, const char *ref, const char *user,
                    int units);

/* Removes user's assignment from the item; NOT_FOUND if there is none. */
int assignments_remove(rpc_call *call, const program_access *prog,
                       int64_t item_id, const char *ref, const char *user);

/*
 * The assignments in prog of the item numbered number (0 for every item)
 * and of user ("" for everyone), by item number then username, counting
 * assignees of items with no rows as above.
 */
int assignments_list(rpc_call *call, const program_access *prog,
                     int64_t number, const char *user,
                     Pmo__V1__Assignment ***out, size_t *n);

/* One assignment of a plan, for load and levelling. */
typedef struct assignment_row {
    int64_t number;   /* the item's number */
    const char *user; /* username */
    int units;        /* hundredths */
} assignment_row;

/* Every assignment of prog, as assignments_list, in plain rows. */
int assignments_of_program(rpc_call *call, const program_access *prog,
                           assignment_row **out, size_t *n);

#endif
