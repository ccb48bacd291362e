/* tests/bench/level_bench.c - pmo-bench-psplib: levelling PSPLIB sets. */
/*
 * Levels every .sm file of a directory with the engine in server/sched,
 * checks every schedule with the verifier (and the engine's critical-path
 * length against the file's MPM-Time), and prints one Markdown table row
 * for the set: mean and largest deviation of the makespan from the
 * critical-path lower bound, instances at the bound, schedules generated
 * and time. Instances go to worker threads one at a time; the engine is
 * deterministic per instance, so the figures do not depend on the thread
 * count, only the time does.
 *
 * "ms per instance" is the mean wall time of one level_solve call (with
 * the other threads busy beside it); "total s" is the wall time of the
 * whole run, reading the files included.
 *
 * Usage: pmo-bench-psplib DIR [--schedules N] [--seed S] [--threads T]
 *                             [--rule LFT|LST|MTS|GRPW]
 * Exit status: 0 when every schedule verifies, 1 when one does not or the
 * engine refuses an instance, 2 on bad usage or an unreadable file.
 */
#include "psplib.h"

#include "sched/level.h"
#include "sched/level_verify.h"

#include "common/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define BENCH_MAX_THREADS 64

typedef struct bench_opts {
    const char *dir;
    long schedules;
    unsigned long long seed;
    int threads;
    level_rule rule;
} bench_opts;

/* One instance and what levelling it gave. */
typedef struct bench_case {
    psplib_instance inst;
    int *start;
    int rc;
    level_result res;
    level_error err;
    double seconds;
} bench_case;

typedef struct bench_run {
    const bench_opts *opts;
    bench_case *cases;
    size_t count;
    atomic_size_t next;
} bench_run;

static double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void bench_usage(void)
{
    fprintf(stderr, "usage: pmo-bench-psplib DIR [--schedules N] [--seed S] "
                    "[--threads T] [--rule LFT|LST|MTS|GRPW]\n");
    exit(2);
}

static int bench_rule_parse(const char *name, level_rule *out)
{
    for (int r = 0; r < LEVEL_RULE_COUNT; r++)
        if (strcasecmp(name, level_rule_name((level_rule)r)) == 0) {
            *out = (level_rule)r;
            return 0;
        }
    return -1;
}

static long bench_number(const char *text, long min, long max)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (*text == '\0' || *end != '\0' || errno != 0 || v < min || v > max)
        bench_usage();
    return v;
}

static void bench_opts_parse(int argc, char **argv, bench_opts *o)
{
    static const struct option longs[] = {
        {"schedules", required_argument, NULL, 'n'},
        {"seed", required_argument, NULL, 's'},
        {"threads", required_argument, NULL, 't'},
        {"rule", required_argument, NULL, 'r'},
        {NULL, 0, NULL, 0}};
    *o = (bench_opts){NULL, LEVEL_DEFAULT_SCHEDULES, 1, 2, LEVEL_RULE_LFT};
    int c;
    while ((c = getopt_long(argc, argv, "", longs, NULL)) != -1) {
        if (c == 'n')
            o->schedules = bench_number(optarg, 1, 1000000000L);
        else if (c == 's')
            o->seed = (unsigned long long)bench_number(optarg, 0, 1L << 62);
        else if (c == 't')
            o->threads = (int)bench_number(optarg, 1, BENCH_MAX_THREADS);
        else if (c != 'r' || bench_rule_parse(optarg, &o->rule) != 0)
            bench_usage();
    }
    if (optind != argc - 1)
        bench_usage();
    o->dir = argv[optind];
}

static int bench_is_sm(const struct dirent *d)
{
    size_t len = strlen(d->d_name);
    return len > 3 && strcmp(d->d_name + len - 3, ".sm") == 0;
}

/* Every .sm file of dir, parsed, in name order; exits on any failure. */
static bench_case *bench_load(const char *dir, size_t *count)
{
    struct dirent **names;
    int n = scandir(dir, &names, bench_is_sm, alphasort);
    if (n < 0) {
        fprintf(stderr, "pmo-bench-psplib: %s: %s\n", dir, strerror(errno));
        exit(2);
    }
    if (n == 0) {
        fprintf(stderr, "pmo-bench-psplib: no .sm files in %s\n", dir);
        exit(2);
    }
    bench_case *cases = xcalloc((size_t)n, sizeof(*cases));
    for (int i = 0; i < n; i++) {
        char *path = xasprintf("%s/%s", dir, names[i]->d_name);
        char err[300];
        if (psplib_load(path, &cases[i].inst, err, sizeof(err)) != 0) {
            fprintf(stderr, "pmo-bench-psplib: %s\n", err);
            exit(2);
        }
        cases[i].start = xcalloc((size_t)cases[i].inst.problem.n_activities + 1,
                                 sizeof(int));
        free(path);
        free(names[i]);
    }
    free(names);
    *count = (size_t)n;
    return cases;
}

static void *bench_worker(void *arg)
{
    bench_run *run = arg;
    level_options o;
    level_options_init(&o);
    o.max_schedules = run->opts->schedules;
    o.seed = run->opts->seed;
    o.rule = run->opts->rule;
    for (;;) {
        size_t i = atomic_fetch_add(&run->next, 1);
        if (i >= run->count)
            return NULL;
        bench_case *c = &run->cases[i];
        double t0 = bench_now();
        c->rc = level_solve(&c->inst.problem, &o, c->start, &c->res, &c->err);
        c->seconds = bench_now() - t0;
    }
}

static void bench_level_all(const bench_opts *o, bench_case *cases,
                            size_t count)
{
    bench_run run = {.opts = o, .cases = cases, .count = count};
    atomic_init(&run.next, 0);
    pthread_t tid[BENCH_MAX_THREADS];
    for (int t = 0; t < o->threads; t++)
        if (pthread_create(&tid[t], NULL, bench_worker, &run) != 0) {
            fprintf(stderr, "pmo-bench-psplib: cannot start a thread\n");
            exit(2);
        }
    for (int t = 0; t < o->threads; t++)
        pthread_join(tid[t], NULL);
}

/* Independent of the engine's own check: the verifier, the makespan it
 * claims, the critical path against the file's, and the bound. */
static int bench_check(const bench_case *c)
{
    const psplib_instance *in = &c->inst;
    level_violation v;
    if (c->rc != LEVEL_OK) {
        fprintf(stderr, "%s: refused: %s\n", in->name, c->err.message);
        return -1;
    }
    if (level_verify(&in->problem, c->start, &v) != LEVEL_VERIFY_OK) {
        fprintf(stderr, "%s: invalid schedule: %s\n", in->name, v.message);
        return -1;
    }
    long ms = level_makespan(&in->problem, c->start);
    if (ms != c->res.makespan || c->res.critical_path != in->mpm_time ||
        ms < in->mpm_time) {
        fprintf(stderr,
                "%s: makespan %ld (claimed %d), critical path %d, "
                "MPM-Time %d\n",
                in->name, ms, c->res.makespan, c->res.critical_path,
                in->mpm_time);
        return -1;
    }
    return 0;
}

static const char *bench_set_name(const char *dir)
{
    size_t len = strlen(dir);
    while (len > 1 && dir[len - 1] == '/')
        len--;
    static char name[128];
    size_t at = len;
    while (at > 0 && dir[at - 1] != '/')
        at--;
    snprintf(name, sizeof(name), "%.*s", (int)(len - at), dir + at);
    return name;
}

static int bench_report(const bench_opts *o, const bench_case *cases,
                        size_t count, double wall)
{
    double sum_dev = 0, max_dev = 0, solve = 0;
    long long schedules = 0;
    size_t at_bound = 0, invalid = 0;
    const char *worst = "";
    for (size_t i = 0; i < count; i++) {
        const bench_case *c = &cases[i];
        if (bench_check(c) != 0) {
            invalid++;
            continue;
        }
        int lb = c->inst.mpm_time;
        double dev = lb > 0 ? 100.0 * (c->res.makespan - lb) / lb : 0;
        sum_dev += dev;
        if (worst[0] == '\0' || dev > max_dev) {
            max_dev = dev;
            worst = c->inst.name;
        }
        at_bound += c->res.makespan == lb;
        schedules += c->res.schedules;
        solve += c->seconds;
    }
    size_t valid = count - invalid;
    printf("\ncommand: `pmo-bench-psplib %s --schedules %ld --seed %llu "
           "--threads %d --rule %s`\n\n",
           bench_set_name(o->dir), o->schedules, o->seed, o->threads,
           level_rule_name(o->rule));
    printf("| set | instances | mean dev. from CP bound | max dev. | "
           "at bound | schedules | ms per instance | total s |\n");
    printf("|---|--:|--:|--:|--:|--:|--:|--:|\n");
    printf("| %s | %zu | %.2f%% | %.2f%% (%s) | %zu | %lld | %.2f | %.2f |\n",
           bench_set_name(o->dir), count, valid ? sum_dev / valid : 0.0,
           max_dev, worst, at_bound, schedules,
           valid ? 1000.0 * solve / valid : 0.0, wall);
    if (invalid > 0)
        printf("\n%zu of %zu instances failed (see stderr)\n", invalid, count);
    return invalid > 0 ? 1 : 0;
}

int main(int argc, char **argv)
{
    bench_opts o;
    bench_opts_parse(argc, argv, &o);
    double t0 = bench_now();
    size_t count;
    bench_case *cases = bench_load(o.dir, &count);
    bench_level_all(&o, cases, count);
    double wall = bench_now() - t0;
    int rc = bench_report(&o, cases, count, wall);
    for (size_t i = 0; i < count; i++) {
        psplib_fini(&cases[i].inst);
        free(cases[i].start);
    }
    free(cases);
    return rc;
}
