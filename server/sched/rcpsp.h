/*
 * server/sched/rcpsp.h - the resource-constrained project scheduling
 * problem: activities, finish-to-start precedence and renewable resources.
 *
 * A plain view over arrays the caller owns: nothing here allocates, and
 * the solver (level.h) and the checker (level_verify.h) only read it.
 *
 * Activities are numbered 0..n_activities-1 and take whole periods:
 * activity j started at period s occupies periods s..s+duration[j]-1 and
 * finishes at s+duration[j]. Precedence is finish-to-start without lag:
 * a successor may start in the period its predecessor finishes. Resource
 * r offers capacity[r] units in every period; activity j holds
 * demand[j * n_resources + r] units of it in each period it runs and
 * gives them back when it finishes (renewable). Zero-duration activities
 * (milestones, a project's start and end) hold nothing.
 *
 * Successors are kept as compressed rows: those of activity j are
 * succ[succ_start[j]] .. succ[succ_start[j + 1] - 1], so succ_start has
 * n_activities + 1 entries, starts at 0 and never decreases. Twin
 * relations are harmless; a relation from an activity to itself, or any
 * cycle, makes the problem invalid.
 */
#ifndef PMO_SERVER_SCHED_RCPSP_H
#define PMO_SERVER_SCHED_RCPSP_H

typedef struct rcpsp {
    int n_activities;
    int n_resources;
    const int *duration;   /* [n_activities], >= 0 */
    const int *capacity;   /* [n_resources], units in every period, >= 0 */
    const int *demand;     /* [n_activities * n_resources], >= 0 */
    const int *succ_start; /* [n_activities + 1] */
    const int *succ;       /* [succ_start[n_activities]] */
} rcpsp;

#endif
