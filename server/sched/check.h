/*
 * server/sched/check.h - the schedule health check: the fourteen checks of
 * the DCMA 14-point schedule assessment over a plan and its critical path,
 * each with its standard threshold, a pass or fail, and the items or links
 * at fault.
 *
 * The caller loads a program into a sched_plan, runs sched_cpm on it, and
 * hands both over with a few facts the plan does not hold (assignees, hard
 * constraints, baseline finishes). One call runs all fourteen checks; it
 * reads its inputs only during the call, changes none of them, keeps no
 * state, and may run in any number of threads at once.
 *
 * Populations. An item is a leaf unless it is a summary; summaries are
 * never counted. A leaf is done when it has an actual finish (a milestone
 * also when it has an actual start), as cpm.h has it. Following DCMA,
 * which leaves out zero-duration activities wherever it counts tasks:
 * - incomplete tasks: leaves that are not milestones and not done;
 * - live links: links whose successor is a leaf not done (milestones
 *   included: a lead into a milestone still distorts the dates);
 * - due tasks: leaves that are not milestones, with a baseline finish on
 *   or before the status date;
 * - due activities: every leaf, milestones included, with a baseline
 *   finish on or before the status date (for the BEI, which DCMA counts
 *   over tasks and milestones alike).
 *
 * The checks, their populations and thresholds (checks[id - 1]):
 *  1 missing-logic: incomplete tasks with no predecessor or no successor,
 *    <= 5%. The plan's first activity (of the leaves with no predecessor,
 *    the one with the earliest early start, lowest index on ties) may lack
 *    a predecessor and its last (of the leaves with no successor, the one
 *    with the latest early finish, lowest index on ties) a successor.
 *  2 leads: live links with a negative lag, count <= 0.
 *  3 lags: live links with a positive lag, <= 5%.
 *  4 relationship-types: live links that are finish-to-start, >= 90%.
 *  5 hard-constraints: incomplete tasks with a hard constraint, <= 5%.
 *  6 high-float: incomplete tasks with total float over 44 working days,
 *    <= 5%. Float is the CPM's, so from the target when the plan counts
 *    late dates from it.
 *  7 negative-float: incomplete tasks with total float below 0, count
 *    <= 0.
 *  8 high-duration: incomplete tasks whose planned duration (the plan's
 *    duration_days, not what remains) exceeds 44 working days, <= 5%.
 *  9 invalid-dates: leaves with an actual start or finish after the
 *    status date, or, not done, with a forecast (early) finish before it,
 *    or, not started, with a forecast start before it; count <= 0, over
 *    all leaves.
 * 10 resources: incomplete tasks of more than zero duration with no
 *    assignee, count <= 0, over the incomplete tasks of more than zero
 *    duration.
 * 11 missed-tasks: due tasks not done, or done after their baseline
 *    finish, <= 5% of due tasks.
 * 12 critical-path-test: the first critical task (of the critical leaves
 *    that are not milestones and have work left to stretch, the one with
 *    the earliest early start, lowest index on ties) is made 600 working
 *    days longer in a run of the caller's plan (a started task: 600 days
 *    more of planned duration, of which its remaining share is added).
 *    Passes when the projected finish moves exactly as far as that task's
 *    own finish does: a critical task that does not drive the finish (one
 *    linked onwards only from its start, say) fails it. value is the move
 *    of the finish and threshold that of the task, in working days
 *    (numerator and denominator the same rounded to whole days); the
 *    task is the one offender when it fails.
 * 13 cpli: (critical path length + total float) / critical path length
 *    >= 0.95, where the length runs from the start of the status date to
 *    the projected finish and the float from there to the end of the
 *    target date, in working days; numerator and denominator are those
 *    two lengths rounded to whole days.
 * 14 bei: done leaves that have a baseline finish (whenever it falls:
 *    work done early counts) / due activities >= 0.95; offenders are the
 *    due activities not done.
 *
 * Percentages are compared exactly (1 of 20 is 5% and passes). Every
 * offender list is in index order.
 *
 * Not applicable. A check whose population is empty is not applicable
 * (so on an empty plan none is), and so are: 12 when no unfinished leaf
 * is critical or no critical task has work to stretch (or the stretched
 * run would leave the supported dates), 13 without a target or with no
 * work left after the status date. A check that is not applicable has
 * passed false, value 0 and no offenders; its detail says why.
 */
#ifndef PMO_SERVER_SCHED_CHECK_H
#define PMO_SERVER_SCHED_CHECK_H

#include "sched/cpm.h"
#include "sched/plan.h"

#include <stdbool.h>

/* Check ids, 1 to SCHED_CHECK_COUNT, in DCMA's order. */
enum {
    SCHED_CHECK_LOGIC = 1,
    SCHED_CHECK_LEADS = 2,
    SCHED_CHECK_LAGS = 3,
    SCHED_CHECK_RELATIONSHIPS = 4,
    SCHED_CHECK_HARD_CONSTRAINTS = 5,
    SCHED_CHECK_HIGH_FLOAT = 6,
    SCHED_CHECK_NEGATIVE_FLOAT = 7,
    SCHED_CHECK_HIGH_DURATION = 8,
    SCHED_CHECK_INVALID_DATES = 9,
    SCHED_CHECK_RESOURCES = 10,
    SCHED_CHECK_MISSED_TASKS = 11,
    SCHED_CHECK_CRITICAL_PATH = 12,
    SCHED_CHECK_CPLI = 13,
    SCHED_CHECK_BEI = 14,
    SCHED_CHECK_COUNT = 14,
};

/* Float and duration above this many working days count as high. */
#define SCHED_CHECK_HIGH_DAYS 44

/* The delay the critical path test adds, in working days. */
#define SCHED_CHECK_DELAY_DAYS 600

/* What the plan does not say about an item, by item index. */
typedef struct sched_check_extra {
    bool has_resource;    /* someone is assigned */
    bool hard_constraint; /* a hard date constraint (the caller decides) */
    int baseline_finish;  /* day number, or SCHED_NO_DAY: not baselined */
} sched_check_extra;

/*
 * One check's outcome. value and threshold are in unit: "%" (of the
 * population), "count", "ratio" or "days"; op says how they compare for a
 * pass ("<=", ">=" or "="). numerator of denominator is what a TPM reads
 * as "3 of 120 tasks". offenders are item indexes, offending_links link
 * indexes (checks 2 to 4 only); both heap arrays owned by the report,
 * NULL when empty. The strings are static.
 */
typedef struct sched_check_result {
    int id;
    const char *slug; /* "missing-logic" */
    const char *name; /* "Missing logic", for people */
    bool applicable;
    bool passed; /* false when not applicable */
    double value, threshold;
    const char *unit;
    const char *op;
    int numerator, denominator;
    int *offenders;
    int n_offenders;
    int *offending_links;
    int n_offending_links;
    char detail[200]; /* one sentence saying what was found */
} sched_check_result;

typedef struct sched_check_report {
    sched_check_result checks[SCHED_CHECK_COUNT]; /* checks[id - 1] */
    int n_passed, n_failed, n_not_applicable;     /* they add up to 14 */
    int status_day;                               /* the date checked at */
} sched_check_report;

/* An empty report, safe to fini. */
void sched_check_report_init(sched_check_report *rep);

/* Frees the report's offender arrays; it may then be run again. */
void sched_check_report_fini(sched_check_report *rep);

/*
 * Runs the fourteen checks on plan. cpm must be sched_cpm's result for
 * this very plan. extra holds plan->n_items entries (it may be NULL only
 * for an empty plan). status_day is the date the schedule is assessed at;
 * SCHED_NO_DAY takes the plan's status date, or its start when it has
 * none (the date the CPM used), which is what callers should pass.
 *
 * Returns SCHED_OK and fills *out, overwriting it (fini a report before
 * running it again), or an error code with err filled and *out untouched:
 * SCHED_EINVAL for a NULL argument or a cpm of another size, SCHED_ERANGE
 * for a status date out of range, or whatever sched_net_prepare refuses
 * the plan with (release err with sched_error_fini).
 */
int sched_check_run(const sched_plan *plan, const sched_result *cpm,
                    const sched_check_extra *extra, int status_day,
                    sched_check_report *out, sched_error *err);

#endif
