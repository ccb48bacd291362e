/*
 * tests/bench/bench_plan.h - the random plans the engine benchmarks
 * schedule: a seeded generator, links in random order between items of a
 * hidden random ranking (so the graph is acyclic but nothing in the input
 * says so), and forty years of holidays.
 */
#ifndef PMO_TESTS_BENCH_BENCH_PLAN_H
#define PMO_TESTS_BENCH_BENCH_PLAN_H

#include "sched/plan.h"

#include <stdint.h>

#define BENCH_START_DAY     20454 /* 2026-01-01 */
#define BENCH_HOLIDAY_YEARS 40

/* Starts the generator; the same seed gives the same plans. */
void bench_seed(uint64_t seed);

/* A number in [0, n). */
long bench_below(long n);

/*
 * m links over n items, from the lower to the higher of two items of a
 * hidden random ranking, in random order: one in ten SS, FF or SF, one in
 * five with a lag or a lead of up to three days. Free with free().
 */
sched_link *bench_links(long n, long m);

/* Ten holidays a year from BENCH_START_DAY on; free with free(). */
int *bench_holidays(int *count);

#endif
