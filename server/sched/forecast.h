/*
 * server/sched/forecast.h - Monte Carlo forecast of a prepared plan: the
 * finish and chosen items' finishes as percentiles and probabilities,
 * and each item's criticality index and sensitivity, from a three-point
 * estimate of every work item.
 *
 * The caller prepares a sched_net from the plan (durations are the likely
 * estimates) and passes, for every item, optimistic <= likely <=
 * pessimistic working days. Each iteration draws every varying item's
 * duration from the chosen distribution and schedules the net with the
 * lean passes of cpm.h, which give the same dates as sched_run_passes.
 *
 * What varies. Plain tasks not started, and started tasks, whose drawn
 * duration keeps their progress as sched_run_set_duration applies it
 * (elapsed time, then the remaining share of the drawn duration). An
 * item whose optimistic and pessimistic estimates are equal takes that
 * duration in every iteration. Milestones, summaries and done items keep
 * the net's durations and never vary; their estimates are still checked.
 *
 * Distributions, on [a, b] = [optimistic, pessimistic], m = likely:
 * - SCHED_DIST_PERT: a + (b - a) X, X ~ Beta(1 + 4 (m - a) / (b - a),
 *   1 + 4 (b - m) / (b - a)); mean (a + 4 m + b) / 6, variance
 *   (mean - a) (b - mean) / 7. X comes from the beta's inverse
 *   distribution function, tabulated for 65 shapes at 16 points per
 *   octave of the distance to either end (each shape's row built once
 *   per sched_forecast, when an item first needs it) and interpolated
 *   linearly in both. Against the exact quantile (bisection of the
 *   incomplete beta, for shapes on and between the table's) the error is
 *   at most 6e-5 of the range for probabilities in [1e-6, 1 - 1e-6],
 *   largest for the most skewed shapes, and the mean is off by at most
 *   1.1e-5 of the range: far below the sampling error of the largest
 *   number of iterations.
 * - SCHED_DIST_TRIANGULAR: triangular(a, m, b), by its exact inverse.
 * A drawn duration is rounded to the nearest tick, as plan durations are.
 *
 * Random numbers, all from SplitMix64 (mix is its output function, g its
 * increment 0x9e3779b97f4a7c15): with s = mix(seed), iteration i (from
 * 0) has the key k = mix(s + g (i + 1)), and item j's draw in it is the
 * 64 bits z = mix(k + g (j + 1)). A triangular draw is the inverse at
 * u = (floor(z / 2^11) + 1/2) / 2^53; a PERT draw, at t = (z mod 2^63) /
 * 2^64 from the optimistic end if z < 2^63, else from the pessimistic
 * end (u = 1 - t). Nothing depends on which thread runs an iteration, or
 * when. All sums are of integers (ticks), so merging threads' partial
 * sums in any order gives the same bits: results are identical for any
 * thread count with the same seed and inputs.
 *
 * Results, in ticks as the passes use them (sched_cal_end_day(&net->cal,
 * t) turns a finish into the day it is shown on):
 * - percentiles are nearest-rank on the sorted samples: Pq is the sample
 *   of rank ceil(q N / 100), 1-based, of N iterations;
 * - mean and standard deviation are of the N samples (dividing by N);
 * - the probability of meeting a target tick is the share of iterations
 *   finishing at or before it;
 * - an item's criticality index is the share of iterations in which it
 *   was critical (sched_run_critical's meaning; summaries are critical
 *   when a child is);
 * - an item's sensitivity is the Pearson correlation, over the
 *   iterations, between its duration in the schedule (ticks) and the
 *   projected finish, from exact integer sums; 0 for an item that does
 *   not vary, or when either never changes.
 *
 * Cost: O(iterations * (items + links)) spread over the threads, plus
 * sorting the samples. Memory: the samples, iterations * (1 + watched)
 * ticks; for each thread, about 230 bytes per item and 12 per link; and
 * 100 KB for the PERT table.
 */
#ifndef PMO_SERVER_SCHED_FORECAST_H
#define PMO_SERVER_SCHED_FORECAST_H

#include "sched/cpm.h"
#include "sched/deadline.h"

#include <stdbool.h>
#include <stdint.h>

/* The distribution of every varying item's duration. */
typedef enum sched_dist {
    SCHED_DIST_PERT = 1,
    SCHED_DIST_TRIANGULAR = 2,
} sched_dist;

#define SCHED_FORECAST_ITERATIONS_MAX 1000000
#define SCHED_FORECAST_THREADS_MAX    64

/* A target tick that is not given. */
#define SCHED_FORECAST_NO_TARGET INT32_MIN

/* Working days, 0 <= optimistic <= likely <= pessimistic <= 100000. */
typedef struct sched_estimate {
    double optimistic, likely, pessimistic;
} sched_estimate;

typedef struct sched_forecast_spec {
    int distribution;                /* sched_dist */
    const sched_estimate *estimates; /* by item, one for every item */
    int iterations;                  /* 1..SCHED_FORECAST_ITERATIONS_MAX */
    uint64_t seed;
    int threads;       /* 1..SCHED_FORECAST_THREADS_MAX, usually the cores */
    sched_tick target; /* the finish to meet, or SCHED_FORECAST_NO_TARGET */
    int n_watched;
    const int *watched; /* item indexes whose early finish to forecast */
    /* n_watched targets (each may be SCHED_FORECAST_NO_TARGET), or NULL. */
    const sched_tick *watched_targets;
    /* When to give up (deadline.h), or SCHED_NO_DEADLINE: every thread
     * reads the clock before its first iterations, then about every
     * 65,536 items it schedules (before each SCHED_LEAN_LANES iterations
     * of a plan of 8,192 items or more). */
    int64_t deadline_us;
} sched_forecast_spec;

/* A forecast date: its distribution over the iterations. */
typedef struct sched_forecast_stats {
    sched_tick p50, p80, p95;
    double mean, stddev; /* ticks */
    bool has_target;     /* a target was given */
    double p_target;     /* share of iterations at or before it; else 0 */
} sched_forecast_stats;

typedef struct sched_forecast {
    int iterations, n_items, n_watched;
    sched_forecast_stats finish;   /* the projected finish */
    sched_forecast_stats *watched; /* by watched index: its early finish */
    double *criticality;           /* by item, 0..1 */
    double *sensitivity;           /* by item, -1..1 */
    sched_tick *finish_samples;    /* iterations, ascending */
    /* n_watched rows of iterations, each ascending: watched w's row
     * starts at w * iterations. */
    sched_tick *watched_samples;
    /* Private. */
    void *pert; /* the inverse beta table, rows built as shapes need them */
    void *mem;  /* every array above but pert */
} sched_forecast;

/* An empty forecast. */
void sched_forecast_init(sched_forecast *fc);

/* Frees everything fc holds; it may be used again after init. */
void sched_forecast_fini(sched_forecast *fc);

/*
 * Frees fc's results but keeps its PERT table, so a caller that forecasts
 * again (a server worker) neither rebuilds the table nor holds the last
 * samples meanwhile. fc holds no results until the next run.
 */
void sched_forecast_trim(sched_forecast *fc);

/*
 * Runs the forecast of spec over net (prepared; read-only meanwhile, and
 * may be shared with other threads reading it) into fc, replacing what fc
 * held; fc keeps the PERT table between calls (a worker that keeps one
 * sched_forecast builds each row once, up to 20 ms in all). Runs
 * spec->threads threads (fewer if there are fewer than 64 iterations per
 * thread), all joined before it returns. The caller keeps ownership of
 * spec and its arrays; fc owns its results until the next run or fini.
 *
 * Returns SCHED_OK with fc filled, or SCHED_EINVAL (a bad iteration or
 * thread count, distribution, estimate or watched item; err->item names
 * the item, the detail says what is wrong), SCHED_ERANGE (a drawn
 * schedule leaves the supported dates) or SCHED_EDEADLINE (the deadline
 * passed before the last iteration; the threads stop within one batch of
 * iterations each) with err filled and fc as it was.
 */
int sched_forecast_run(const sched_net *net, const sched_forecast_spec *spec,
                       sched_forecast *fc, sched_error *err);

#endif
