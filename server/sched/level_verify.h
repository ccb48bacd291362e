/*
 * server/sched/level_verify.h - proof that a schedule keeps every
 * precedence relation and every resource capacity.
 *
 * Independent of the solver on purpose: it sweeps start and finish events
 * in time order instead of filling a time-indexed profile, so a bug in the
 * one is not repeated in the other. Pure C, no allocation visible to the
 * caller, safe to call from any number of threads at once.
 */
#ifndef PMO_SERVER_SCHED_LEVEL_VERIFY_H
#define PMO_SERVER_SCHED_LEVEL_VERIFY_H

#include "sched/rcpsp.h"

typedef enum level_verify_code {
    LEVEL_VERIFY_OK = 0,
    LEVEL_VERIFY_MALFORMED,  /* the problem itself: sizes, negatives, ranges */
    LEVEL_VERIFY_EARLY,      /* an activity starts before period 0 */
    LEVEL_VERIFY_PRECEDENCE, /* an activity starts before a predecessor ends */
    LEVEL_VERIFY_CAPACITY,   /* a resource is over capacity in some period */
} level_verify_code;

/*
 * What is wrong, for the first violation found. Fields that do not apply
 * to the code are -1. message is a sentence naming activities, resources
 * and periods by their 0-based numbers.
 */
typedef struct level_violation {
    level_verify_code code;
    int activity; /* the one starting too early, or one running when over */
    int other;    /* PRECEDENCE: the predecessor it does not wait for */
    int resource; /* CAPACITY: the resource over capacity */
    int period;   /* CAPACITY: the first such period */
    long load;    /* CAPACITY: units in use in that period */
    char message[160];
} level_violation;

/*
 * Checks start[0..n_activities-1] against p: every start >= 0, every
 * successor starting at or after its predecessor's finish, and in every
 * period the demand of the activities running at most each capacity.
 * Returns LEVEL_VERIFY_OK, or the code of the first violation; v, when
 * not NULL, is written only when the schedule is refused. A cycle of
 * zero-duration activities all starting together is not refused here:
 * the solver refuses cyclic problems before it schedules anything.
 */
int level_verify(const rcpsp *p, const int *start, level_violation *v);

/*
 * Checks p alone: counts and signs, arrays present, successor rows in
 * order and in range. Returns LEVEL_VERIFY_OK or LEVEL_VERIFY_MALFORMED
 * (v as for level_verify). Cycles are not looked for.
 */
int level_verify_problem(const rcpsp *p, level_violation *v);

/* The latest finish of start (0 for no activities). */
long level_makespan(const rcpsp *p, const int *start);

#endif
