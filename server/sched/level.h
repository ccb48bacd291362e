/*
 * server/sched/level.h - resource levelling: a short schedule that keeps
 * every precedence relation and never uses more of a resource than it has.
 *
 * The problem is an rcpsp (rcpsp.h). The solver builds schedules with the
 * serial schedule-generation scheme, steered by priority rules, random
 * sampling biased by a rule, forward-backward improvement and a genetic
 * search over activity lists; level.c says how. Every schedule it returns
 * has passed level_verify.
 *
 * Pure C with no I/O: one call allocates its own working memory and frees
 * it before returning, touches no global state, and so may run in as many
 * threads at once as there are problems. Results depend only on the
 * problem and the options, never on timing.
 */
#ifndef PMO_SERVER_SCHED_LEVEL_H
#define PMO_SERVER_SCHED_LEVEL_H

#include "sched/rcpsp.h"

#include <stdint.h>

/* Schedules generated per problem unless the options say otherwise. */
#define LEVEL_DEFAULT_SCHEDULES 5000

/*
 * Periods times resources the time-indexed profile may hold: about 64 MB.
 * A problem whose summed durations need more is refused with LEVEL_E2BIG.
 */
#define LEVEL_MAX_PROFILE_CELLS (16L * 1024 * 1024)

/*
 * Priority rules: which eligible activity the schedule-generation scheme
 * takes next. "Late" dates come from the critical-path method without
 * resources, the project ending at its critical-path length.
 */
typedef enum level_rule {
    LEVEL_RULE_LFT,  /* smallest latest finish first */
    LEVEL_RULE_LST,  /* smallest latest start first */
    LEVEL_RULE_MTS,  /* most successors, direct and indirect, first */
    LEVEL_RULE_GRPW, /* greatest duration plus direct successors' first */
    LEVEL_RULE_COUNT
} level_rule;

typedef enum level_code {
    LEVEL_OK = 0,
    LEVEL_EINVAL,    /* malformed: sizes, negative values, bad successor */
    LEVEL_ECAPACITY, /* an activity needs more of a resource than exists */
    LEVEL_ECYCLE,    /* the precedence relations contain a cycle */
    LEVEL_E2BIG,     /* summed durations too long for the profile */
    LEVEL_EINTERNAL, /* a schedule failed verification: a solver bug */
    LEVEL_EDEADLINE, /* the options' deadline passed before the search ended */
} level_code;

typedef struct level_options {
    /*
     * Schedules the solver may generate; each pass of the serial scheme,
     * forward or backward, counts one. 1 gives the plain rule schedule.
     */
    long max_schedules;
    uint64_t seed;   /* same seed, same problem: same schedule */
    level_rule rule; /* first schedule, and the bias of the sampling */
    /*
     * Stop once the makespan is at most this; the solver also stops at
     * its own lower bound. 0: the lower bound only.
     */
    int target;
    /* When to give up with LEVEL_EDEADLINE (sched/deadline.h), or
     * SCHED_NO_DEADLINE; the clock is read every 16 passes. */
    int64_t deadline_us;
} level_options;

typedef struct level_result {
    int makespan;
    int critical_path; /* longest path by durations, ignoring resources */
    int lower_bound;   /* at least critical_path; also per-resource work */
    long schedules;    /* schedule-generation passes made */
} level_result;

typedef struct level_error {
    level_code code;
    int activity; /* the one at fault, or -1 */
    int resource; /* ECAPACITY: the resource, else -1 */
    char message[200];
} level_error;

/* Defaults: LEVEL_DEFAULT_SCHEDULES, seed 1, LFT, no target, no
 * deadline. */
void level_options_init(level_options *o);

/*
 * Levels p. On LEVEL_OK start[0..n_activities-1] (the caller's array,
 * NULL only for a problem without activities) holds each activity's
 * start period, 0 or later, and res,
 * when not NULL, says how good it is. On failure start and res are not
 * touched and err, when not NULL, says why: ECYCLE names one cycle in
 * its message as "a -> b -> ... -> a". o may be NULL for the defaults.
 */
int level_solve(const rcpsp *p, const level_options *o, int *start,
                level_result *res, level_error *err);

/* The rule's short name ("LFT"), or "?" for a value out of range. */
const char *level_rule_name(level_rule rule);

#endif
