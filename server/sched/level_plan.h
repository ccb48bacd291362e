/*
 * server/sched/level_plan.h - resource levelling of a real plan: the
 * shortest schedule found in which every link still holds and no person
 * works on two things at once.
 *
 * level.h solves the textbook problem (finish-to-start, whole periods,
 * any capacities). A plan has more: all four link types with lags and
 * leads, working-day ticks, start bounds, work in progress, summaries,
 * and people who each do one thing at a time. This module levels that,
 * reading a prepared sched_net and the late dates of a sched_run
 * (cpm.h), with the same ideas: the serial schedule-generation scheme,
 * priority rules (level_rule, from level.h), biased random sampling and
 * forward-backward justification.
 *
 * Semantics (ticks as in calendar.h):
 * - Every item not started gets a start no earlier than its CPM start
 *   bound (plan start, status date, start-no-earlier date) and its
 *   duration; every link that binds in the CPM passes (any type, with its
 *   lag or lead) holds. Links into started or done items bind nothing, as
 *   in the CPM passes.
 * - Started and done items keep their dates. A started item holds its
 *   person from the status date (or its actual start, if later) to its
 *   finish; a done item holds no one. Should two started items of one
 *   person overlap, that is taken as given, not fixed.
 * - Each person (0..n_persons-1) works on at most one item at any
 *   instant: their items' [start, finish) never overlap. Items with no
 *   person (-1), milestones and zero-length items take no one.
 * - A person is not there on their days off (options.off, days_off.h):
 *   no item not started of theirs runs over one. Work is continuous, as
 *   in the CPM passes, so such an item moves past the days off whole,
 *   never split around them; started items keep their dates.
 * - Summaries roll up from their children (earliest start, latest
 *   finish) as in the CPM passes; a childless one sits at tick 0.
 * - The result is never shorter than the CPM finish, and when no person
 *   is over-allocated in the CPM dates it is the CPM dates exactly (the
 *   first schedule reproduces them and the search stops at once).
 *
 * The search. One schedule is one pass of the serial scheme: started and
 * done items are put at their dates first; then, repeatedly, among the
 * items whose binding predecessors are all placed ("eligible"), one is
 * taken and started at the earliest tick at or after its link bound
 * where its person is free for its whole duration. The link bound is the
 * latest of its start bound, its FS and SS bounds, and its FF and SF
 * bounds less its duration. Which eligible item is taken:
 * - schedule 1: the one first by the rule (ties: lower rank, that is
 *   earlier in the net's topological order);
 * - then each schedule draws it at random with a regret-based bias: its
 *   weight is one day plus how much better than the last eligible item
 *   it is by the rule (in ticks: SCHED_TICKS_PER_DAY + the last one's
 *   value - its own), so the rule steers without repeating itself.
 * With justify, each of these is then improved by forward-backward
 * passes, each counting as one schedule: a backward pass packs the items
 * as late as they go before the schedule's finish, latest finish first;
 * a forward pass by those late starts, earliest first, packs them back
 * as early as they go. The rounds repeat while they shorten it.
 * The best schedule is the one with the earliest finish, then the least
 * total delay, then the first found. The search stops at max_schedules
 * or at the lower bound (the CPM finish, or a person's work laid end to
 * end from their earliest CPM start, if later). A lead can make the best
 * schedule one where a successor runs before its predecessor on the same
 * person; the serial scheme never places a successor first, so it may
 * miss such schedules.
 *
 * Each pass costs O((items + links) log items) plus the search of each
 * person's busy intervals, which stays short when a person's work is
 * mostly back to back (neighbouring intervals are merged).
 *
 * Pure C, no I/O, no globals: a call allocates its working memory and
 * frees it before it returns; the net and run are only read, so calls on
 * different runs may go on in parallel. Same inputs and options, same
 * schedule. Every schedule returned has passed level_plan_verify.
 */
#ifndef PMO_SERVER_SCHED_LEVEL_PLAN_H
#define PMO_SERVER_SCHED_LEVEL_PLAN_H

#include "sched/cpm.h"
#include "sched/days_off.h"
#include "sched/deadline.h"
#include "sched/level.h"
#include "sched/plan.h"

#include <stdbool.h>
#include <stdint.h>

/* Schedules generated unless the options say otherwise. */
#define LEVEL_PLAN_DEFAULT_SCHEDULES 1000

/*
 * Returned (with err filled) if the best schedule failed
 * level_plan_verify: a solver bug, never a property of the plan. Not one
 * of plan.h's codes, so sched_strerror does not name it.
 */
#define LEVEL_PLAN_EINTERNAL 64

typedef struct level_plan_options {
    long max_schedules;  /* >= 1; 1 gives the rule's schedule alone */
    uint64_t seed;       /* same seed, same inputs: same schedule */
    level_rule rule;     /* LEVEL_RULE_LFT, _LST or _GRPW (not MTS) */
    bool justify;        /* forward-backward passes after each schedule */
    int64_t deadline_us; /* when to give up (deadline.h), or none */
    /* The persons' days off (n_persons of them), or NULL for none. */
    const sched_days_off *off;
} level_plan_options;

typedef struct level_plan_result {
    int n_items;
    /* By item, ticks from the start of the plan's first working day. */
    sched_tick *start, *finish;
    sched_tick *delay;      /* start - CPM early start, >= 0 */
    sched_tick finish_all;  /* the latest finish of a leaf */
    int finish_day;         /* the day that finish is shown on */
    sched_tick cpm_finish;  /* the run's finish without resources */
    sched_tick lower_bound; /* no schedule finishes before this */
    int64_t total_delay;    /* delays of the leaves added up */
    long schedules;         /* passes made, each direction one */
    level_rule rule;        /* the rule of the first schedule */
} level_plan_result;

/* Defaults: LEVEL_PLAN_DEFAULT_SCHEDULES, seed 1, LFT, justify, no
 * deadline, no days off. */
void level_plan_options_init(level_plan_options *o);

/* An empty result. */
void level_plan_result_init(level_plan_result *res);

/* Frees the arrays; res may be used again after level_plan_result_init. */
void level_plan_result_fini(level_plan_result *res);

/*
 * Levels the plan prepared in net. run must be bound to net with its
 * passes done (sched_run_passes): its durations are the ones levelled,
 * its early dates are what delays count from, and its late dates the
 * priorities. person[item] is 0..n_persons-1 or -1 (ignored for
 * summaries); o may be NULL for the defaults. Returns SCHED_OK with res
 * filled (reusing its memory); SCHED_EINVAL for bad arguments (run not
 * on net, a person out of range, options out of range), SCHED_ERANGE
 * if every schedule leaves SCHED_TICK_LIMIT, or SCHED_EDEADLINE if the
 * deadline passed before the search ended (no schedule is returned: the
 * best so far would depend on timing), with err filled and res
 * unchanged; or LEVEL_PLAN_EINTERNAL as above.
 */
int level_plan_solve(const sched_net *net, const sched_run *run,
                     const int *person, int n_persons,
                     const level_plan_options *o, level_plan_result *res,
                     sched_error *err);

typedef enum level_plan_check {
    LEVEL_PLAN_VERIFY_OK = 0,
    LEVEL_PLAN_VERIFY_MALFORMED, /* arguments: sizes, persons, run not on net */
    LEVEL_PLAN_VERIFY_FIXED,     /* a started or done item moved */
    LEVEL_PLAN_VERIFY_EARLY,     /* an item starts before its start bound */
    LEVEL_PLAN_VERIFY_DURATION,  /* finish - start is not the duration */
    LEVEL_PLAN_VERIFY_LINK,      /* a link does not hold */
    LEVEL_PLAN_VERIFY_OVERLAP,   /* a person on two items at once */
    LEVEL_PLAN_VERIFY_SUMMARY,   /* a summary not rolled up from children */
    LEVEL_PLAN_VERIFY_DAY_OFF,   /* an item not started on a day off */
} level_plan_check;

/*
 * The first violation found. item and other are item indexes (-1 when
 * not relevant): for LINK the successor and the predecessor, for OVERLAP
 * the two items; person is the person for OVERLAP, else -1.
 */
typedef struct level_plan_violation {
    level_plan_check code;
    int item, other, person;
    char message[160];
} level_plan_violation;

/*
 * Checks that no item not started of a person runs over one of their days
 * off in off (NULL: none): LEVEL_PLAN_VERIFY_OK or _DAY_OFF, v as below.
 */
int level_plan_verify_days_off(const sched_net *net, const sched_run *run,
                               const int *person, const sched_days_off *off,
                               const sched_tick *start,
                               const sched_tick *finish,
                               level_plan_violation *v);

/*
 * Checks a schedule of the plan in net (start and finish by item) against
 * the semantics above, with run's durations, independently of the solver:
 * links arc by arc, and people by sorting their intervals. Returns
 * LEVEL_PLAN_VERIFY_OK or the first violation's code; v, when not NULL,
 * is written only on a violation. Allocates and frees its own scratch.
 */
int level_plan_verify(const sched_net *net, const sched_run *run,
                      const int *person, int n_persons, const sched_tick *start,
                      const sched_tick *finish, level_plan_violation *v);

#endif
