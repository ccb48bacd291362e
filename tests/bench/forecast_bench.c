/* tests/bench/forecast_bench.c - pmo-bench-forecast: Monte Carlo speed. */
/*
 * Generates a plan of N work items and M dependencies given in random
 * order, as pmo-bench-cpm does (a hidden random ranking, links between
 * uniformly chosen items from the lower rank to the higher, one in ten
 * SS, FF or SF, one in five with a lag or a lead), with a three-point
 * estimate for every item: likely 1 to 10 days, optimistic 60 to 100% of
 * it, pessimistic 120 to 250%, in half days. One item in fifty is a
 * milestone; the first five are watched, each with a target at its CPM
 * date, and the finish has a target at the CPM finish.
 *
 * It prepares the net once, then runs the forecast R times in the same
 * sched_forecast, as a server worker would: the first run also builds the
 * PERT table; the first run and the median of the later ones are
 * reported, by the wall clock and by the CPU time of all threads (which
 * other work on the machine disturbs less). For scale it also times the
 * passes alone per iteration: the full ones (sched_run_passes) and the
 * lean ones the forecast runs. Last, a
 * digest of the results (every percentile, probability, criticality and
 * sensitivity) to compare runs with different thread counts: it must not
 * change.
 *
 * Usage: pmo-bench-forecast [--items N] [--deps M] [--iterations I]
 *          [--threads T] [--dist pert|triangular] [--seed S] [--repeat R]
 */
#include "bench_plan.h"
#include "sched/forecast.h"

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BENCH_WATCHED       5
#define BENCH_PASS_RUNS     400

typedef struct bench_opts {
    long items, deps, iterations, threads, repeat;
    int dist;
    uint64_t seed;
} bench_opts;

static double bench_clock(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double bench_now(void)
{
    return bench_clock(CLOCK_MONOTONIC);
}

/* CPU time of all the process's threads: on a busy machine, a steadier
 * measure of the work than the wall clock. */
static double bench_cpu(void)
{
    return bench_clock(CLOCK_PROCESS_CPUTIME_ID);
}

static void bench_usage(void)
{
    fprintf(stderr, "usage: pmo-bench-forecast [--items N] [--deps M] "
                    "[--iterations I] [--threads T] [--dist pert|triangular] "
                    "[--seed S] [--repeat R]\n");
    exit(2);
}

static void bench_parse(int argc, char **argv, bench_opts *o)
{
    static const struct option longopts[] = {
        {"items", required_argument, NULL, 'n'},
        {"deps", required_argument, NULL, 'm'},
        {"iterations", required_argument, NULL, 'i'},
        {"threads", required_argument, NULL, 't'},
        {"dist", required_argument, NULL, 'd'},
        {"seed", required_argument, NULL, 's'},
        {"repeat", required_argument, NULL, 'r'},
        {NULL, 0, NULL, 0},
    };
    int c;
    *o = (bench_opts){10000, 20000, 10000, 2, 5, SCHED_DIST_PERT, 42};
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'n':
            o->items = strtol(optarg, NULL, 10);
            break;
        case 'm':
            o->deps = strtol(optarg, NULL, 10);
            break;
        case 'i':
            o->iterations = strtol(optarg, NULL, 10);
            break;
        case 't':
            o->threads = strtol(optarg, NULL, 10);
            break;
        case 'd':
            if (strcmp(optarg, "pert") == 0)
                o->dist = SCHED_DIST_PERT;
            else if (strcmp(optarg, "triangular") == 0)
                o->dist = SCHED_DIST_TRIANGULAR;
            else
                bench_usage();
            break;
        case 's':
            o->seed = strtoull(optarg, NULL, 10);
            break;
        case 'r':
            o->repeat = strtol(optarg, NULL, 10);
            break;
        default:
            bench_usage();
        }
    }
    if (o->items < 2 || o->items > 10000000 || o->deps < 0 ||
        o->deps > 100000000 || o->iterations < 1 ||
        o->iterations > SCHED_FORECAST_ITERATIONS_MAX || o->threads < 1 ||
        o->threads > SCHED_FORECAST_THREADS_MAX || o->repeat < 1 ||
        o->repeat > 100)
        bench_usage();
}

/* A multiple of half a day in [lo, hi] times likely. */
static double bench_half_days(double likely, double lo, double hi)
{
    double x = likely * (lo + (hi - lo) * (double)bench_below(1001) / 1000);
    return (double)(long)(2 * x + 0.5) / 2;
}

static sched_item *bench_items(long n, sched_estimate *est)
{
    sched_item *items = malloc((size_t)n * sizeof *items);
    for (long i = 0; i < n; i++) {
        sched_item it = SCHED_ITEM_INIT;
        double m = (double)(1 + bench_below(10));
        it.duration_days = m;
        if (bench_below(50) == 0)
            it.flags = SCHED_ITEM_MILESTONE;
        items[i] = it;
        est[i].likely = m;
        est[i].optimistic = bench_half_days(m, 0.6, 1.0);
        est[i].pessimistic = bench_half_days(m, 1.2, 2.5);
        if (est[i].optimistic > m)
            est[i].optimistic = m;
    }
    return items;
}

static int bench_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* FNV-1a over the bytes of the results a user sees. */
static uint64_t bench_digest_bytes(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001b3ULL;
    return h;
}

static uint64_t bench_digest_stats(uint64_t h, const sched_forecast_stats *s)
{
    sched_tick p[3] = {s->p50, s->p80, s->p95};
    double d[3] = {s->mean, s->stddev, s->p_target};
    h = bench_digest_bytes(h, p, sizeof p);
    return bench_digest_bytes(h, d, sizeof d);
}

static uint64_t bench_digest(const sched_forecast *fc)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    h = bench_digest_stats(h, &fc->finish);
    for (int k = 0; k < fc->n_watched; k++)
        h = bench_digest_stats(h, &fc->watched[k]);
    h = bench_digest_bytes(h, fc->criticality,
                           (size_t)fc->n_items * sizeof *fc->criticality);
    h = bench_digest_bytes(h, fc->sensitivity,
                           (size_t)fc->n_items * sizeof *fc->sensitivity);
    return h;
}

/*
 * The passes alone per iteration, for scale: BENCH_PASS_RUNS sets of
 * durations through the full passes (sched_run_passes) and as many
 * through the lean ones (eight per sched_lean_passes).
 */
static void bench_passes(const sched_net *net, const sched_plan *plan,
                         const sched_estimate *est, double *full, double *lean)
{
    sched_run run;
    sched_lean ln;
    sched_run_init(&run);
    sched_run_bind(&run, net);
    sched_lean_init(&ln);
    sched_lean_bind(&ln, net);
    double t0 = bench_now();
    for (int k = 0; k < BENCH_PASS_RUNS; k++) {
        for (int i = 0; i < plan->n_items; i++) {
            double span = est[i].pessimistic - est[i].optimistic;
            double days =
                est[i].optimistic + span * (double)bench_below(1001) / 1000;
            sched_run_set_duration(&run, i, days);
        }
        if (sched_run_passes(&run) != SCHED_OK) {
            fprintf(stderr, "pmo-bench-forecast: dates out of range\n");
            exit(1);
        }
    }
    double t1 = bench_now();
    for (int k = 0; k < BENCH_PASS_RUNS / SCHED_LEAN_LANES; k++) {
        for (int32_t r = 0; r < net->n; r++)
            ln.dur[r * SCHED_LEAN_LANES + k % SCHED_LEAN_LANES] =
                run.dur[r] + k % 3;
        if (sched_lean_passes(&ln) != SCHED_OK) {
            fprintf(stderr, "pmo-bench-forecast: dates out of range\n");
            exit(1);
        }
    }
    double t2 = bench_now();
    *full = (t1 - t0) / BENCH_PASS_RUNS;
    *lean = (t2 - t1) / (BENCH_PASS_RUNS / SCHED_LEAN_LANES * SCHED_LEAN_LANES);
    sched_lean_fini(&ln);
    sched_run_fini(&run);
}

/* CPM dates of the plan with its likely durations, for targets. */
static void bench_cpm_targets(const sched_plan *plan, const int *watched,
                              sched_tick *finish, sched_tick *targets)
{
    sched_result res;
    sched_error err;
    sched_result_init(&res);
    if (sched_cpm(plan, &res, &err) != SCHED_OK) {
        fprintf(stderr, "pmo-bench-forecast: plan refused: %s\n", err.detail);
        exit(1);
    }
    *finish = res.finish;
    for (int k = 0; k < BENCH_WATCHED; k++)
        targets[k] = res.early_finish[watched[k]];
    sched_result_fini(&res);
}

static int bench_watched(const sched_plan *plan, int *watched)
{
    int n = 0;
    for (int i = 0; i < plan->n_items && n < BENCH_WATCHED; i++)
        if (plan->items[i].flags & SCHED_ITEM_MILESTONE)
            watched[n++] = i;
    return n;
}

static void bench_print_stats(const char *name, const sched_forecast_stats *s)
{
    printf("%s_p50_days %.2f\n%s_p80_days %.2f\n%s_p95_days %.2f\n"
           "%s_mean_days %.2f\n%s_sd_days %.2f\n%s_p_target %.4f\n",
           name, s->p50 / 100.0, name, s->p80 / 100.0, name, s->p95 / 100.0,
           name, s->mean / 100.0, name, s->stddev / 100.0, name, s->p_target);
}

static void bench_report(const bench_opts *o, const sched_forecast *fc,
                         sched_tick cpm_finish, double *secs, double *cpu,
                         double full, double lean)
{
    int most = 0;
    long critical_ever = 0;
    for (int i = 0; i < fc->n_items; i++) {
        critical_ever += fc->criticality[i] > 0;
        if (fc->sensitivity[i] > fc->sensitivity[most])
            most = i;
    }
    printf("items %ld\ndependencies %ld\niterations %ld\nthreads %ld\n"
           "distribution %s\nruns %ld\n",
           o->items, o->deps, o->iterations, o->threads,
           o->dist == SCHED_DIST_PERT ? "pert" : "triangular", o->repeat);
    printf("first_s %.4f\nfirst_cpu_s %.4f\n", secs[0], cpu[0]);
    if (o->repeat > 1) {
        qsort(secs + 1, (size_t)(o->repeat - 1), sizeof *secs, bench_cmp);
        qsort(cpu + 1, (size_t)(o->repeat - 1), sizeof *cpu, bench_cmp);
        long mid = 1 + (o->repeat - 1) / 2;
        printf("warm_s %.4f\nwarm_best_s %.4f\nwarm_cpu_s %.4f\n", secs[mid],
               secs[1], cpu[mid]);
    }
    printf("full_passes_per_iteration_us %.1f\n"
           "lean_passes_per_iteration_us %.1f\n",
           full * 1e6, lean * 1e6);
    printf("cpm_finish_days %.2f\n", cpm_finish / 100.0);
    bench_print_stats("finish", &fc->finish);
    printf("critical_sometimes %ld\nmost_sensitive_item %d\n"
           "most_sensitive_r %.3f\ndigest %016llx\n",
           critical_ever, most, fc->sensitivity[most],
           (unsigned long long)bench_digest(fc));
}

int main(int argc, char **argv)
{
    bench_opts o;
    bench_parse(argc, argv, &o);
    bench_seed(o.seed);
    int n_holidays, watched[BENCH_WATCHED];
    sched_tick targets[BENCH_WATCHED], cpm_finish;
    sched_estimate *est = malloc((size_t)o.items * sizeof *est);
    sched_plan plan = {0};
    plan.n_items = (int)o.items;
    plan.n_links = (int)o.deps;
    plan.items = bench_items(o.items, est);
    plan.links = bench_links(o.items, o.deps);
    plan.calendar.weekdays = SCHED_MON_FRI;
    plan.calendar.holidays = bench_holidays(&n_holidays);
    plan.calendar.n_holidays = n_holidays;
    plan.start_day = BENCH_START_DAY;
    plan.status_day = SCHED_NO_DAY;
    plan.target_day = SCHED_NO_DAY;
    int n_watched = bench_watched(&plan, watched);
    bench_cpm_targets(&plan, watched, &cpm_finish, targets);

    sched_net net;
    sched_error err;
    sched_net_init(&net);
    if (sched_net_prepare(&net, &plan, &err) != SCHED_OK) {
        fprintf(stderr, "pmo-bench-forecast: plan refused: %s\n", err.detail);
        return 1;
    }
    sched_forecast_spec spec = {
        .distribution = o.dist,
        .estimates = est,
        .iterations = (int)o.iterations,
        .seed = o.seed,
        .threads = (int)o.threads,
        .target = cpm_finish,
        .n_watched = n_watched,
        .watched = watched,
        .watched_targets = targets,
    };
    sched_forecast fc;
    sched_forecast_init(&fc);
    double *secs = malloc((size_t)o.repeat * sizeof *secs);
    double *cpu = malloc((size_t)o.repeat * sizeof *cpu);
    for (long r = 0; r < o.repeat; r++) {
        double t0 = bench_now(), c0 = bench_cpu();
        if (sched_forecast_run(&net, &spec, &fc, &err) != SCHED_OK) {
            fprintf(stderr, "pmo-bench-forecast: %s\n", err.detail);
            return 1;
        }
        secs[r] = bench_now() - t0;
        cpu[r] = bench_cpu() - c0;
    }
    double full, lean;
    bench_passes(&net, &plan, est, &full, &lean);
    bench_report(&o, &fc, cpm_finish, secs, cpu, full, lean);

    sched_forecast_fini(&fc);
    sched_net_fini(&net);
    free(cpu);
    free(secs);
    free(est);
    free((void *)plan.items);
    free((void *)plan.links);
    free((void *)plan.calendar.holidays);
    return 0;
}
