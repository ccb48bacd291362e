/* tests/bench/plan_bench.c - pmo-bench-plan: loading a large plan. */
/*
 * Measures what it costs to enter a big program through the RPC API:
 * N work items and M dependencies created one call at a time (each call
 * waits for its reply, as a script would), then the same plan sent in one
 * WorkService/LoadPlan call to a second program. The dependency graph is
 * a random DAG with local structure, as real plans have: each item waits
 * on one to three items created shortly before it, sometimes in another
 * project (cross-team). Bounded in count; exits by itself.
 *
 * With --schedule-calls K it then asks ScheduleService/ComputeSchedule
 * for the LoadPlan program K times, one call at a time, and reports the
 * median and 99th percentile latency and the reply's size; then K/4 times
 * more, each right after a change to the plan (so the server must read
 * the plan again rather than use the copy it keeps). --batch-only skips
 * the one-call-at-a-time part. --forecast-calls F then times F calls of
 * ScheduleService/Forecast with its defaults (10,000 iterations, PERT).
 *
 * Usage: pmo-bench-plan --server URL --ca FILE --password-file F
 *        [--items N] [--deps M] [--key-prefix P] [--seed S]
 *        [--batch-only] [--schedule-calls K] [--forecast-calls F]
 */
#include "bench_client.h"
#include "client/pmoclient.h"
#include "common/status.h"
#include "pmo/v1/program.pb-c.h"
#include "pmo/v1/project.pb-c.h"
#include "pmo/v1/schedule.pb-c.h"
#include "pmo/v1/team.pb-c.h"
#include "pmo/v1/work.pb-c.h"
#include "pmo/v1/auth.pb-c.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BENCH_PROJECTS 3

typedef struct plan_opts {
    const char *server, *ca, *password_file, *prefix;
    long items, deps;
    unsigned seed;
    bool batch_only;
    long schedule_calls;
    long forecast_calls;
} plan_opts;

typedef struct edge {
    long pred, succ;
    int type;
    double lag;
} edge;

static const char *const project_keys[BENCH_PROJECTS] = {"api", "web", "ops"};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void bench_program(pmo_client *c, const char *key, const char *team)
{
    Pmo__V1__Program p = PMO__V1__PROGRAM__INIT;
    p.key = (char *)key;
    p.name = "Benchmark program";
    Pmo__V1__CreateProgramRequest in = PMO__V1__CREATE_PROGRAM_REQUEST__INIT;
    in.program = &p;
    bench_call_or_die(c, &pmo__v1__program_service__descriptor, "CreateProgram",
                      &in.base, NULL, "create program");
    for (int i = 0; i < BENCH_PROJECTS; i++) {
        Pmo__V1__Project pr = PMO__V1__PROJECT__INIT;
        pr.program = (char *)key;
        pr.key = (char *)project_keys[i];
        pr.name = (char *)project_keys[i];
        pr.team = (char *)team;
        Pmo__V1__CreateProjectRequest pin =
            PMO__V1__CREATE_PROJECT_REQUEST__INIT;
        pin.project = &pr;
        bench_call_or_die(c, &pmo__v1__project_service__descriptor,
                          "CreateProject", &pin.base, NULL, "create project");
    }
}

static void bench_team(pmo_client *c, const char *key)
{
    Pmo__V1__Team t = PMO__V1__TEAM__INIT;
    t.key = (char *)key;
    t.name = "Benchmark team";
    Pmo__V1__CreateTeamRequest in = PMO__V1__CREATE_TEAM_REQUEST__INIT;
    in.team = &t;
    bench_call_or_die(c, &pmo__v1__team_service__descriptor, "CreateTeam",
                      &in.base, NULL, "create team");
}

/*
 * Each item waits on a few of the 40 created just before it (a DAG by
 * construction), as many as it takes to spread exactly M edges evenly.
 */
static edge *bench_edges(const plan_opts *o, long *n_out)
{
    edge *e = calloc((size_t)o->deps, sizeof(*e));
    long n = 0;
    srand(o->seed);
    for (long succ = 1; succ < o->items && n < o->deps; succ++) {
        long left = o->items - succ;
        long window = succ < 40 ? succ : 40;
        long fan = (o->deps - n + left - 1) / left;
        if (fan > window)
            fan = window;
        long first = n;
        while (n - first < fan) {
            long pred = succ - 1 - rand() % window;
            bool seen = false;
            for (long k = first; k < n && !seen; k++)
                seen = e[k].pred == pred;
            if (seen)
                continue;
            e[n].pred = pred;
            e[n].succ = succ;
            e[n].type = 1 + (rand() % 10 == 0 ? rand() % 4 : 0);
            e[n].lag = rand() % 8 == 0 ? (double)(rand() % 5) - 1 : 0;
            n++;
        }
    }
    *n_out = n;
    return e;
}

static void item_fill(Pmo__V1__WorkItem *it, const char *program, long i,
                      char *title, size_t tlen)
{
    snprintf(title, tlen, "Work item %ld", i);
    it->program = (char *)program;
    it->project = (char *)project_keys[i % BENCH_PROJECTS];
    it->title = title;
    it->kind = i % 50 == 49 ? PMO__V1__WORK_ITEM_KIND__KIND_MILESTONE
                            : PMO__V1__WORK_ITEM_KIND__KIND_TASK;
    double d =
        it->kind == PMO__V1__WORK_ITEM_KIND__KIND_MILESTONE ? 0 : 1 + i % 7;
    it->optimistic_days = d;
    it->likely_days = d * 1.5;
    it->pessimistic_days = d * 3;
}

static void report(const char *what, long calls, double secs)
{
    printf("| %s | %ld | %.1f s | %.0f calls/s | %.2f ms/call |\n", what, calls,
           secs, calls / secs, secs * 1000 / (double)calls);
}

static char **bench_one_at_a_time(pmo_client *c, const plan_opts *o,
                                  const char *program, const edge *e,
                                  long n_edges)
{
    char **refs = calloc((size_t)o->items, sizeof(char *));
    char title[64];
    double t0 = now_s();
    for (long i = 0; i < o->items; i++) {
        Pmo__V1__WorkItem it = PMO__V1__WORK_ITEM__INIT;
        item_fill(&it, program, i, title, sizeof(title));
        Pmo__V1__CreateWorkItemRequest in =
            PMO__V1__CREATE_WORK_ITEM_REQUEST__INIT;
        in.item = &it;
        Pmo__V1__WorkItem *out;
        bench_call_or_die(c, &pmo__v1__work_service__descriptor,
                          "CreateWorkItem", &in.base, (ProtobufCMessage **)&out,
                          "create work item");
        refs[i] = strdup(out->ref);
        protobuf_c_message_free_unpacked(&out->base, NULL);
    }
    double t1 = now_s();
    report("CreateWorkItem, one call at a time", o->items, t1 - t0);
    for (long k = 0; k < n_edges; k++) {
        Pmo__V1__Dependency d = PMO__V1__DEPENDENCY__INIT;
        d.predecessor = refs[e[k].pred];
        d.successor = refs[e[k].succ];
        d.type = (Pmo__V1__DependencyType)e[k].type;
        d.lag_days = e[k].lag;
        Pmo__V1__AddDependencyRequest in =
            PMO__V1__ADD_DEPENDENCY_REQUEST__INIT;
        in.dependency = &d;
        bench_call_or_die(c, &pmo__v1__work_service__descriptor,
                          "AddDependency", &in.base, NULL, "add dependency");
    }
    report("AddDependency, one call at a time", n_edges, now_s() - t1);
    return refs;
}

static void bench_batch(pmo_client *c, const plan_opts *o, const char *program,
                        const edge *e, long n_edges)
{
    size_t n = (size_t)o->items;
    Pmo__V1__PlanItem *items = calloc(n, sizeof(*items));
    Pmo__V1__PlanItem **item_ptrs = calloc(n, sizeof(*item_ptrs));
    Pmo__V1__WorkItem *wis = calloc(n, sizeof(*wis));
    char(*keys)[24] = calloc(n, 24);
    char(*titles)[64] = calloc(n, 64);
    for (size_t i = 0; i < n; i++) {
        pmo__v1__plan_item__init(&items[i]);
        pmo__v1__work_item__init(&wis[i]);
        snprintf(keys[i], 24, "i%zu", i);
        item_fill(&wis[i], program, (long)i, titles[i], 64);
        items[i].key = keys[i];
        items[i].item = &wis[i];
        item_ptrs[i] = &items[i];
    }
    Pmo__V1__PlanDependency *deps = calloc((size_t)n_edges, sizeof(*deps));
    Pmo__V1__PlanDependency **dep_ptrs =
        calloc((size_t)n_edges, sizeof(*dep_ptrs));
    for (long k = 0; k < n_edges; k++) {
        pmo__v1__plan_dependency__init(&deps[k]);
        deps[k].predecessor = keys[e[k].pred];
        deps[k].successor = keys[e[k].succ];
        deps[k].type = (Pmo__V1__DependencyType)e[k].type;
        deps[k].lag_days = e[k].lag;
        dep_ptrs[k] = &deps[k];
    }
    Pmo__V1__LoadPlanRequest in = PMO__V1__LOAD_PLAN_REQUEST__INIT;
    in.program = (char *)program;
    in.n_items = n;
    in.items = item_ptrs;
    in.n_dependencies = (size_t)n_edges;
    in.dependencies = dep_ptrs;
    double t0 = now_s();
    Pmo__V1__LoadPlanResponse *out;
    bench_call_or_die(c, &pmo__v1__work_service__descriptor, "LoadPlan",
                      &in.base, (ProtobufCMessage **)&out, "load plan");
    double secs = now_s() - t0;
    printf("| LoadPlan, %zu items + %u dependencies in one call | 1 | %.2f s "
           "| %.0f items/s | - |\n",
           out->n_refs, out->dependencies_added, secs, (double)n / secs);
    protobuf_c_message_free_unpacked(&out->base, NULL);
    free(items);
    free(item_ptrs);
    free(wis);
    free(keys);
    free(titles);
    free(deps);
    free(dep_ptrs);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Changes item ref's likely estimate, as a planner editing the plan. */
static void bench_touch(pmo_client *c, const char *ref, long k)
{
    Pmo__V1__GetWorkItemRequest get = PMO__V1__GET_WORK_ITEM_REQUEST__INIT;
    get.ref = (char *)ref;
    Pmo__V1__WorkItem *cur;
    bench_call_or_die(c, &pmo__v1__work_service__descriptor, "GetWorkItem",
                      &get.base, (ProtobufCMessage **)&cur, "get work item");
    Pmo__V1__WorkItem it = PMO__V1__WORK_ITEM__INIT;
    it.optimistic_days = cur->optimistic_days;
    it.pessimistic_days = cur->pessimistic_days;
    it.likely_days = k % 2 ? it.optimistic_days : it.pessimistic_days;
    char *mask[] = {"likely_days"};
    Pmo__V1__UpdateWorkItemRequest up = PMO__V1__UPDATE_WORK_ITEM_REQUEST__INIT;
    up.ref = (char *)ref;
    up.item = &it;
    up.update_mask = mask;
    up.n_update_mask = 1;
    up.expected_version = cur->version;
    protobuf_c_message_free_unpacked(&cur->base, NULL);
    bench_call_or_die(c, &pmo__v1__work_service__descriptor, "UpdateWorkItem",
                      &up.base, NULL, "update work item");
}

/* Times ComputeSchedule on program calls times; with touch, each call
 * follows a change to the plan, so none finds it kept in memory. */
static void bench_schedule_calls(pmo_client *c, const char *program, long calls,
                                 bool touch)
{
    double *ms = calloc((size_t)calls, sizeof(double));
    size_t bytes = 0, items = 0;
    char finish[16] = "", first[40];
    snprintf(first, sizeof first, "%s-1", program);
    for (long k = 0; k < calls; k++) {
        if (touch)
            bench_touch(c, first, k);
        Pmo__V1__ScheduleRequest in = PMO__V1__SCHEDULE_REQUEST__INIT;
        in.program = (char *)program;
        Pmo__V1__Schedule *out;
        double t0 = now_s();
        bench_call_or_die(c, &pmo__v1__schedule_service__descriptor,
                          "ComputeSchedule", &in.base,
                          (ProtobufCMessage **)&out, "compute schedule");
        ms[k] = (now_s() - t0) * 1000;
        bytes = protobuf_c_message_get_packed_size(&out->base);
        items = out->n_items;
        snprintf(finish, sizeof finish, "%s", out->finish_date);
        protobuf_c_message_free_unpacked(&out->base, NULL);
    }
    qsort(ms, (size_t)calls, sizeof(double), cmp_double);
    printf("| ComputeSchedule, %zu items, %s (reply %.1f MB, finish %s) | "
           "%ld | median %.1f ms | p99 %.1f ms | max %.1f ms |\n",
           items, touch ? "each after a change" : "plan unchanged",
           (double)bytes / 1e6, finish, calls, ms[calls / 2],
           ms[(calls * 99) / 100 < calls ? (calls * 99) / 100 : calls - 1],
           ms[calls - 1]);
    free(ms);
}

/* Forecast (10,000 iterations, PERT) on program, calls times. */
static void bench_forecast(pmo_client *c, const char *program, long calls)
{
    double *ms = calloc((size_t)calls, sizeof(double));
    double server_ms = 0;
    uint32_t threads = 0, iterations = 0;
    char p80[16] = "";
    for (long k = 0; k < calls; k++) {
        Pmo__V1__ForecastRequest in = PMO__V1__FORECAST_REQUEST__INIT;
        in.program = (char *)program;
        Pmo__V1__ForecastResponse *out;
        double t0 = now_s();
        bench_call_or_die(c, &pmo__v1__schedule_service__descriptor, "Forecast",
                          &in.base, (ProtobufCMessage **)&out, "forecast");
        ms[k] = (now_s() - t0) * 1000;
        server_ms = out->elapsed_ms;
        threads = out->threads;
        iterations = out->iterations;
        snprintf(p80, sizeof p80, "%s", out->finish->p80);
        protobuf_c_message_free_unpacked(&out->base, NULL);
    }
    qsort(ms, (size_t)calls, sizeof(double), cmp_double);
    printf("| Forecast, %u iterations on %u threads (P80 %s; last call %.0f ms "
           "in the server) | %ld | median %.0f ms | max %.0f ms | |\n",
           iterations, threads, p80, server_ms, calls, ms[calls / 2],
           ms[calls - 1]);
    free(ms);
}

static void bench_schedule(pmo_client *c, const char *program, long calls)
{
    bench_schedule_calls(c, program, calls, false);
    bench_schedule_calls(c, program, calls / 4 ? calls / 4 : 1, true);
}

static int parse_opts(int argc, char **argv, plan_opts *o)
{
    static const struct option longs[] = {
        {"server", required_argument, NULL, 's'},
        {"ca", required_argument, NULL, 'c'},
        {"password-file", required_argument, NULL, 'p'},
        {"items", required_argument, NULL, 'i'},
        {"deps", required_argument, NULL, 'd'},
        {"key-prefix", required_argument, NULL, 'k'},
        {"seed", required_argument, NULL, 'r'},
        {"batch-only", no_argument, NULL, 'b'},
        {"schedule-calls", required_argument, NULL, 'n'},
        {"forecast-calls", required_argument, NULL, 'f'},
        {NULL, 0, NULL, 0},
    };
    *o = (plan_opts){
        .items = 10000, .deps = 20000, .prefix = "BENCH", .seed = 1};
    int ch;
    while ((ch = getopt_long(argc, argv, "", longs, NULL)) != -1) {
        switch (ch) {
        case 's':
            o->server = optarg;
            break;
        case 'c':
            o->ca = optarg;
            break;
        case 'p':
            o->password_file = optarg;
            break;
        case 'i':
            o->items = atol(optarg);
            break;
        case 'd':
            o->deps = atol(optarg);
            break;
        case 'k':
            o->prefix = optarg;
            break;
        case 'r':
            o->seed = (unsigned)atol(optarg);
            break;
        case 'b':
            o->batch_only = true;
            break;
        case 'n':
            o->schedule_calls = atol(optarg);
            break;
        case 'f':
            o->forecast_calls = atol(optarg);
            break;
        default:
            return -1;
        }
    }
    if (!o->server || !o->ca || !o->password_file || o->items < 2 ||
        o->items > 200000 || o->deps < 0 || o->deps > 400000 ||
        o->schedule_calls < 0 || o->schedule_calls > 100000 ||
        o->forecast_calls < 0 || o->forecast_calls > 1000)
        return -1;
    return 0;
}

int main(int argc, char **argv)
{
    plan_opts o;
    if (parse_opts(argc, argv, &o) != 0) {
        fprintf(stderr, "usage: pmo-bench-plan --server URL --ca FILE "
                        "--password-file F [--items N] [--deps M] "
                        "[--key-prefix P] [--seed S] [--batch-only] "
                        "[--schedule-calls K] [--forecast-calls F]\n");
        return 2;
    }
    pmo_client *c = bench_login(o.server, o.ca, o.password_file, NULL);
    char one[24], batch[24], team[32];
    snprintf(one, sizeof(one), "%sA", o.prefix);
    snprintf(batch, sizeof(batch), "%sB", o.prefix);
    snprintf(team, sizeof(team), "bench-%u", o.seed);
    for (char *p = team; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    bench_team(c, team);
    bench_program(c, one, team);
    bench_program(c, batch, team);
    long n_edges;
    edge *e = bench_edges(&o, &n_edges);
    printf(
        "| what | calls | time | rate | per call |\n|---|--:|--:|--:|--:|\n");
    char **refs =
        o.batch_only ? NULL : bench_one_at_a_time(c, &o, one, e, n_edges);
    bench_batch(c, &o, batch, e, n_edges);
    if (o.schedule_calls > 0)
        bench_schedule(c, batch, o.schedule_calls);
    if (o.forecast_calls > 0)
        bench_forecast(c, batch, o.forecast_calls);
    if (refs) {
        printf("\nprograms: %s (one at a time), %s (LoadPlan); a mid-plan "
               "item: %s\n",
               one, batch, refs[o.items / 2]);
        for (long i = 0; i < o.items; i++)
            free(refs[i]);
        free(refs);
    }
    free(e);
    pmo_client_close(c);
    return 0;
}
