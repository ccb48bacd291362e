/* tests/bench/cpm_bench.c - pmo-bench-cpm: the critical path at scale. */
/*
 * Generates a plan of N work items and M dependencies given in random
 * order, schedules it with the engine in server/sched, and prints the time
 * of each phase: preparation (checks, topological relabelling, arc rows),
 * the passes (early and late dates, total and free float, critical flags),
 * the critical chains, and the results by item with calendar dates. The
 * plan is scheduled R times in the same objects, as a worker would: the
 * first run pays for fresh memory (page faults), later ones reuse it; the
 * first run and the median of the later ones are reported. The schedule
 * is then checked against every dependency.
 *
 * The graph is a random DAG: a hidden random permutation ranks the items,
 * each dependency joins two items chosen uniformly at random and runs from
 * the lower rank to the higher, so item numbers and dependency order say
 * nothing of the topological order. Most links are finish-to-start; one
 * in ten is SS, FF or SF, one in five has a lag or a lead. The calendar is
 * Monday to Friday with ten holidays a year.
 *
 * With --edges FILE it also writes the graph as "pred succ weight" lines
 * (weight: the predecessor's duration in days) for run_cpm_bench.sh to
 * time networkx on the same graph.
 *
 * Usage: pmo-bench-cpm [--items N] [--deps M] [--seed S] [--repeat R]
 *                      [--edges FILE]
 */
#include "bench_plan.h"
#include "sched/cpm.h"

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>


typedef struct bench_opts {
    long items, deps, repeat;
    uint64_t seed;
    const char *edges;
} bench_opts;

typedef struct bench_times {
    double prepare, passes, chains, results;
} bench_times;

static double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void bench_usage(void)
{
    fprintf(stderr, "usage: pmo-bench-cpm [--items N] [--deps M] [--seed S] "
                    "[--repeat R] [--edges FILE]\n");
    exit(2);
}

static void bench_parse(int argc, char **argv, bench_opts *o)
{
    static const struct option longopts[] = {
        {"items", required_argument, NULL, 'n'},
        {"deps", required_argument, NULL, 'm'},
        {"seed", required_argument, NULL, 's'},
        {"repeat", required_argument, NULL, 'r'},
        {"edges", required_argument, NULL, 'e'},
        {NULL, 0, NULL, 0},
    };
    int c;
    *o = (bench_opts){1000000, 3000000, 5, 42, NULL};
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'n':
            o->items = strtol(optarg, NULL, 10);
            break;
        case 'm':
            o->deps = strtol(optarg, NULL, 10);
            break;
        case 's':
            o->seed = strtoull(optarg, NULL, 10);
            break;
        case 'r':
            o->repeat = strtol(optarg, NULL, 10);
            break;
        case 'e':
            o->edges = optarg;
            break;
        default:
            bench_usage();
        }
    }
    if (o->items < 2 || o->items > SCHED_ITEMS_MAX || o->deps < 0 ||
        o->deps > 100000000 || o->repeat < 1 || o->repeat > 100)
        bench_usage();
}

static sched_item *bench_items(long n)
{
    sched_item *items = malloc((size_t)n * sizeof *items);
    for (long i = 0; i < n; i++) {
        sched_item it = SCHED_ITEM_INIT;
        it.duration_days = (double)(1 + bench_below(10));
        if (bench_below(50) == 0)
            it.flags = SCHED_ITEM_MILESTONE;
        items[i] = it;
    }
    return items;
}

static void bench_write_edges(const char *path, const sched_plan *plan)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        exit(1);
    }
    fprintf(f, "%d\n", plan->n_items);
    for (int e = 0; e < plan->n_links; e++) {
        const sched_link *l = &plan->links[e];
        fprintf(f, "%d %d %g\n", l->pred, l->succ,
                plan->items[l->pred].duration_days);
    }
    if (fclose(f) != 0) {
        perror(path);
        exit(1);
    }
}

/*
 * One schedule, phase by phase, in objects kept from run to run as a
 * worker would keep them: the first run pays for fresh memory, later ones
 * reuse it.
 */
static void bench_once(const sched_plan *plan, sched_net *net, sched_run *run,
                       sched_result *res, bench_times *bt)
{
    sched_error err;
    double t0 = bench_now();
    if (sched_net_prepare(net, plan, &err) != SCHED_OK) {
        fprintf(stderr, "pmo-bench-cpm: plan refused: %s\n", err.detail);
        exit(1);
    }
    sched_run_bind(run, net);
    double t1 = bench_now();
    if (sched_run_passes(run) != SCHED_OK) {
        fprintf(stderr, "pmo-bench-cpm: dates out of range\n");
        exit(1);
    }
    double t2 = bench_now();
    sched_run_chains(run);
    double t3 = bench_now();
    sched_result_fill(res, run);
    double t4 = bench_now();
    *bt = (bench_times){t1 - t0, t2 - t1, t3 - t2, t4 - t3};
}

static int bench_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double bench_median(double *v, long n)
{
    qsort(v, (size_t)n, sizeof *v, bench_cmp);
    return v[n / 2];
}

/* Every dependency holds in the early dates; no float is negative. */
static long bench_verify(const sched_plan *plan, const sched_result *res)
{
    long bad = 0;
    for (int e = 0; e < plan->n_links; e++) {
        const sched_link *l = &plan->links[e];
        bool ff = l->type == SCHED_FS || l->type == SCHED_FF;
        bool tf = l->type == SCHED_FF || l->type == SCHED_SF;
        long from = ff ? res->early_finish[l->pred] : res->early_start[l->pred];
        long to = tf ? res->early_finish[l->succ] : res->early_start[l->succ];
        long lag = (long)(l->lag_days * SCHED_TICKS_PER_DAY);
        bad += to < from + lag;
    }
    for (int i = 0; i < plan->n_items; i++)
        bad += res->total_float[i] < 0 || res->free_float[i] < 0 ||
               res->free_float[i] > res->total_float[i];
    return bad;
}

static double bench_total(const bench_times *t)
{
    return t->prepare + t->passes + t->chains + t->results;
}

/* Medians of each phase over runs [from, to). */
static bench_times bench_medians(const bench_times *bt, long from, long to)
{
    double *v = malloc((size_t)(to - from) * sizeof *v);
    bench_times med;
    double *out = &med.prepare;
    for (int k = 0; k < 4; k++) {
        for (long r = from; r < to; r++)
            v[r - from] = (&bt[r].prepare)[k];
        out[k] = bench_median(v, to - from);
    }
    free(v);
    return med;
}

static void bench_print(const char *name, const bench_times *t)
{
    printf("%s_prepare_s %.4f\n%s_passes_s %.4f\n%s_chains_s %.4f\n"
           "%s_results_s %.4f\n%s_total_s %.4f\n",
           name, t->prepare, name, t->passes, name, t->chains, name, t->results,
           name, bench_total(t));
}

static void bench_report(const bench_opts *o, const sched_plan *plan,
                         const sched_result *res, const bench_times *bt)
{
    long critical = 0;
    for (int i = 0; i < plan->n_items; i++)
        critical += res->critical[i];
    printf("items %d\ndependencies %d\nruns %ld\n", plan->n_items,
           plan->n_links, o->repeat);
    bench_print("first", &bt[0]);
    if (o->repeat > 1) {
        bench_times warm = bench_medians(bt, 1, o->repeat);
        double *tot = malloc((size_t)o->repeat * sizeof *tot);
        for (long r = 1; r < o->repeat; r++)
            tot[r - 1] = bench_total(&bt[r]);
        bench_print("warm", &warm);
        qsort(tot, (size_t)(o->repeat - 1), sizeof *tot, bench_cmp);
        printf("warm_best_total_s %.4f\n", tot[0]);
        free(tot);
    }
    printf("finish_working_days %.2f\ncritical_items %ld\n"
           "critical_chains %d\nviolations %ld\n",
           (double)res->finish / SCHED_TICKS_PER_DAY, critical, res->n_chains,
           bench_verify(plan, res));
}

int main(int argc, char **argv)
{
    bench_opts o;
    bench_parse(argc, argv, &o);
    bench_seed(o.seed);
    int n_holidays;
    sched_plan plan = {0};
    plan.n_items = (int)o.items;
    plan.n_links = (int)o.deps;
    plan.items = bench_items(o.items);
    plan.links = bench_links(o.items, o.deps);
    plan.calendar.weekdays = SCHED_MON_FRI;
    plan.calendar.holidays = bench_holidays(&n_holidays);
    plan.calendar.n_holidays = n_holidays;
    plan.start_day = BENCH_START_DAY;
    plan.status_day = SCHED_NO_DAY;
    plan.target_day = SCHED_NO_DAY;
    if (o.edges)
        bench_write_edges(o.edges, &plan);

    sched_net net;
    sched_run run;
    sched_result res;
    sched_net_init(&net);
    sched_run_init(&run);
    sched_result_init(&res);
    bench_times *bt = malloc((size_t)o.repeat * sizeof *bt);
    for (long r = 0; r < o.repeat; r++)
        bench_once(&plan, &net, &run, &res, &bt[r]);
    bench_report(&o, &plan, &res, bt);

    sched_result_fini(&res);
    sched_run_fini(&run);
    sched_net_fini(&net);
    free(bt);
    free((void *)plan.items);
    free((void *)plan.links);
    free((void *)plan.calendar.holidays);
    return 0;
}
