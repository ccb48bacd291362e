/* tests/bench/bench_plan.c - random plans for the engine benchmarks. */
#include "bench_plan.h"

#include <stdlib.h>

static uint64_t bench_state;

void bench_seed(uint64_t seed)
{
    bench_state = seed;
}

/* SplitMix64: small, fast, and good enough to shuffle a plan. */
static uint64_t bench_rand(void)
{
    uint64_t z = (bench_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

long bench_below(long n)
{
    return (long)(bench_rand() % (uint64_t)n);
}

sched_link *bench_links(long n, long m)
{
    int32_t *perm = malloc((size_t)n * sizeof *perm);
    sched_link *links = malloc((size_t)m * sizeof *links);
    for (long i = 0; i < n; i++)
        perm[i] = (int32_t)i;
    for (long i = n - 1; i > 0; i--) {
        long j = bench_below(i + 1);
        int32_t t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
    for (long e = 0; e < m; e++) {
        long a = bench_below(n), b = bench_below(n - 1);
        b += b >= a;
        sched_link *l = &links[e];
        l->pred = perm[a < b ? a : b];
        l->succ = perm[a < b ? b : a];
        l->type = bench_below(10) ? SCHED_FS : (int)(2 + bench_below(3));
        l->lag_days = bench_below(5) ? 0.0 : (double)(bench_below(7) - 3);
    }
    free(perm);
    return links;
}

int *bench_holidays(int *count)
{
    int *h = malloc(BENCH_HOLIDAY_YEARS * 10 * sizeof *h);
    for (int y = 0; y < BENCH_HOLIDAY_YEARS; y++)
        for (int k = 0; k < 10; k++)
            h[y * 10 + k] = BENCH_START_DAY + y * 365 + k * 36 + 3;
    *count = BENCH_HOLIDAY_YEARS * 10;
    return h;
}
