/*
 * server/model/labour_cost.h - what the people on each work item have
 * cost up to a status date, from their day rates (model/resources.h) and
 * assignments (model/assignments.h).
 *
 * The cost of an item is, over its assignments, the sum for every working
 * day d from the item's actual start to the earlier of its actual finish
 * and the status date (both ends included) of the person's rate in force
 * on d (the latest rate starting on or before d) times their units. It
 * comes from actual dates, not timesheets: a person is taken to have
 * worked their units on every working day the item was under way. A
 * working day is one of the program's weekdays that is no program
 * holiday and none of the person's days off. Items not started by the
 * status date cost nothing and are left out. Units are hundredths, so an
 * item's sum is rounded once, half to even, to the minor unit.
 *
 * Money is minor units of the program's currency (programs.currency). A
 * rate in force on a counted day in another currency is not converted:
 * the call fails with FAILED_PRECONDITION naming the person, the rate's
 * date and both currencies. Days on which a person has no rate yet count
 * nothing and are reported as unpriced person-days.
 *
 * Conventions as in programs.h: the call's connection, status set and -1
 * on failure, results in the call's arena. Reads only; for an EVM's actual
 * cost (AC) of labour, add cost_minor over the items wanted.
 */
#ifndef PMO_SERVER_MODEL_LABOUR_COST_H
#define PMO_SERVER_MODEL_LABOUR_COST_H

#include "model/access.h"
#include "rpc/call.h"

#include <stddef.h>
#include <stdint.h>

typedef struct labour_cost {
    int64_t number;        /* the work item's number: ref KEY-number */
    int64_t project_id;    /* the item's project */
    int64_t cost_minor;    /* minor units of the program's currency */
    double person_days;    /* units times working days counted */
    double unpriced_days;  /* of those, person-days with no rate in force */
} labour_cost;

/*
 * The labour cost up to status_day (a day number, common/daynum.h) of
 * every item of prog started by then, by item number, into an arena
 * array of *n.
 */
int labour_cost_of_items(rpc_call *call, const program_access *prog,
                         int status_day, labour_cost **out, size_t *n);

#endif
