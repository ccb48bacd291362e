/*
 * server/api/schedule_forecast.c - Forecast: Monte Carlo over every work
 * item's three-point estimate (server/sched/forecast.h), on all the
 * machine's cores: how late the program and each milestone will really
 * finish, how likely each target is, and which tasks drive that.
 *
 * A milestone's target is its planned finish; the program's is its target
 * finish. The same seed over the same plan gives the same forecast,
 * whatever the number of cores.
 */
#include "api/schedule_common.h"
#include "api/schedule_handlers.h"
#include "common/timeutil.h"
#include "common/xalloc.h"
#include "sched/forecast.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#define FORECAST_DEFAULT_ITERATIONS 10000
#define FORECAST_MAX_ITERATIONS     200000
#define FORECAST_DEFAULT_TOP        10
#define FORECAST_MAX_TOP            100
/* Iterations times (items + links) one call may compute: a few seconds. */
#define FORECAST_BUDGET 1000000000ULL

typedef struct forecast_job {
    sched_forecast *fc; /* the worker's (forecast_of_worker) */
    int *watched; /* entries of the milestones */
    int n_watched;
} forecast_job;

/*
 * Each worker thread keeps one sched_forecast between calls, trimmed of
 * its results after each: building the PERT table's rows costs up to
 * ~20 ms, as much as a whole forecast of a small program. Freed when the
 * thread ends.
 */
static pthread_key_t forecast_key;
static pthread_once_t forecast_key_once = PTHREAD_ONCE_INIT;

static void forecast_worker_free(void *fc)
{
    sched_forecast_fini(fc);
    free(fc);
}

static void forecast_key_make(void)
{
    if (pthread_key_create(&forecast_key, forecast_worker_free) != 0)
        abort();
}

static sched_forecast *forecast_of_worker(void)
{
    pthread_once(&forecast_key_once, forecast_key_make);
    sched_forecast *fc = pthread_getspecific(forecast_key);
    if (fc == NULL) {
        fc = xmalloc(sizeof *fc);
        sched_forecast_init(fc);
        pthread_setspecific(forecast_key, fc);
    }
    return fc;
}

static bool forecast_valid(rpc_call *call, const Pmo__V1__ForecastRequest *in)
{
    bool ok = true;
    if (in->iterations > FORECAST_MAX_ITERATIONS) {
        rpc_violation(call, "iterations", "must be 0 (the default, %d) to %d",
                      FORECAST_DEFAULT_ITERATIONS, FORECAST_MAX_ITERATIONS);
        ok = false;
    }
    if ((unsigned)in->distribution > PMO__V1__DISTRIBUTION__DISTRIBUTION_TRIANGULAR) {
        rpc_violation(call, "distribution", "must be PERT or TRIANGULAR");
        ok = false;
    }
    if (in->top > FORECAST_MAX_TOP) {
        rpc_violation(call, "top", "must be 0 (the default, %d) to %d",
                      FORECAST_DEFAULT_TOP, FORECAST_MAX_TOP);
        ok = false;
    }
    return ok;
}

static int forecast_threads(void)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    if (cores < 1)
        return 1;
    return cores > SCHED_FORECAST_THREADS_MAX ? SCHED_FORECAST_THREADS_MAX
                                              : (int)cores;
}

/* The milestones to follow, with their targets as ticks. */
static sched_tick *forecast_watch(rpc_call *call, const schedule_ctx *ctx,
                                  forecast_job *job)
{
    int n = ctx->snap->n_items;
    job->watched = arena_alloc(call->arena, (size_t)(n ? n : 1) * sizeof(int));
    sched_tick *targets =
        arena_alloc(call->arena, (size_t)(n ? n : 1) * sizeof(sched_tick));
    for (int p = 0; p < n; p++) {
        int e = ctx->snap->order[p];
        const plan_entry *pe = &ctx->snap->items[e];
        if (pe->kind != PMO__V1__WORK_ITEM_KIND__KIND_MILESTONE ||
            pe->children > 0)
            continue;
        targets[job->n_watched] = pe->planned_finish != PLAN_NO_DAY
                                      ? schedule_end_tick(ctx, pe->planned_finish)
                                      : SCHED_FORECAST_NO_TARGET;
        job->watched[job->n_watched++] = e;
    }
    return targets;
}

static int forecast_run(rpc_call *call, const schedule_ctx *ctx,
                        int distribution, uint32_t iterations, uint64_t seed,
                        forecast_job *job)
{
    sched_error err;
    int n = ctx->snap->n_items;
    sched_estimate *est =
        arena_alloc(call->arena, (size_t)(n ? n : 1) * sizeof(*est));
    const bool *bad = ctx->plan.bad_estimate;
    for (int i = 0; i < n; i++)
        est[i] = bad && bad[i]
                     ? (sched_estimate){0, 0, 0}
                     : (sched_estimate){ctx->snap->items[i].optimistic,
                                        ctx->snap->items[i].likely,
                                        ctx->snap->items[i].pessimistic};
    sched_tick *targets = forecast_watch(call, ctx, job);
    sched_forecast_spec spec = {
        .distribution = distribution,
        .estimates = est,
        .iterations = (int)iterations,
        .seed = seed,
        .threads = forecast_threads(),
        .target = ctx->snap->target_finish != PLAN_NO_DAY
                      ? schedule_end_tick(ctx, ctx->snap->target_finish)
                      : SCHED_FORECAST_NO_TARGET,
        .n_watched = job->n_watched,
        .watched = job->watched,
        .watched_targets = targets,
        .deadline_us = call->deadline_us,
    };
    if (sched_forecast_run(&ctx->net, &spec, job->fc, &err) != SCHED_OK) {
        schedule_plan_fail(call, ctx->snap, &ctx->plan, &err);
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------- the reply */

static Pmo__V1__DatePercentiles *
forecast_dates(rpc_call *call, const schedule_ctx *ctx,
               const sched_forecast_stats *st)
{
    Pmo__V1__DatePercentiles *d = arena_alloc(call->arena, sizeof *d);
    pmo__v1__date_percentiles__init(d);
    d->p50 = schedule_date(call, sched_cal_end_day(ctx->cal, st->p50));
    d->p80 = schedule_date(call, sched_cal_end_day(ctx->cal, st->p80));
    d->p95 = schedule_date(call, sched_cal_end_day(ctx->cal, st->p95));
    return d;
}

static void forecast_milestones(rpc_call *call, const schedule_ctx *ctx,
                                const forecast_job *job,
                                Pmo__V1__ForecastResponse *out)
{
    size_t n = (size_t)job->n_watched;
    out->milestones =
        arena_alloc(call->arena, (n ? n : 1) * sizeof(*out->milestones));
    out->n_milestones = n;
    for (size_t w = 0; w < n; w++) {
        int e = job->watched[w];
        const plan_entry *pe = &ctx->snap->items[e];
        Pmo__V1__MilestoneForecast *m = arena_alloc(call->arena, sizeof *m);
        pmo__v1__milestone_forecast__init(m);
        m->ref = plan_snapshot_ref(call, ctx->snap, e);
        m->title = (char *)pe->title;
        m->planned = schedule_date(call, ctx->res.early_finish_day[e]);
        m->target = schedule_date(call, pe->planned_finish);
        m->finish = forecast_dates(call, ctx, &job->fc->watched[w]);
        m->probability_on_time =
            job->fc->watched[w].has_target ? job->fc->watched[w].p_target : 0;
        out->milestones[w] = m;
    }
}

/* The score forecast_by_score ranks by: qsort takes no context, and a
 * worker ranks one list at a time. */
static _Thread_local const double *forecast_score;

static int forecast_by_score(const void *a, const void *b)
{
    double x = forecast_score[*(const int *)a];
    double y = forecast_score[*(const int *)b];
    if (x != y)
        return x > y ? -1 : 1;
    return *(const int *)a - *(const int *)b;
}

static void forecast_top(rpc_call *call, const schedule_ctx *ctx,
                         const forecast_job *job, const double *score,
                         size_t top, Pmo__V1__TaskRisk ***out, size_t *n_out)
{
    int n = ctx->snap->n_items, count = 0;
    int *leaves = arena_alloc(call->arena, (size_t)(n ? n : 1) * sizeof(int));
    for (int i = 0; i < n; i++)
        if (ctx->snap->items[i].children == 0 && score[i] > 0)
            leaves[count++] = i;
    forecast_score = score;
    qsort(leaves, (size_t)count, sizeof(int), forecast_by_score);
    size_t k = (size_t)count < top ? (size_t)count : top;
    *out = arena_alloc(call->arena, (k ? k : 1) * sizeof(**out));
    *n_out = k;
    for (size_t j = 0; j < k; j++) {
        int e = leaves[j];
        Pmo__V1__TaskRisk *t = arena_alloc(call->arena, sizeof *t);
        pmo__v1__task_risk__init(t);
        t->ref = plan_snapshot_ref(call, ctx->snap, e);
        t->title = (char *)ctx->snap->items[e].title;
        t->criticality = job->fc->criticality[e];
        t->sensitivity = job->fc->sensitivity[e];
        (*out)[j] = t;
    }
}

static void forecast_answer(rpc_call *call, const schedule_ctx *ctx,
                            const Pmo__V1__ForecastRequest *in,
                            const forecast_job *job, double elapsed_ms,
                            Pmo__V1__ForecastResponse *out)
{
    const sched_forecast *fc = job->fc;
    sched_tick status = sched_cal_start_tick(ctx->cal, ctx->status_day);
    out->program = (char *)ctx->snap->key;
    out->status_date = schedule_date(call, ctx->status_day);
    out->distribution = in->distribution ==
                                PMO__V1__DISTRIBUTION__DISTRIBUTION_TRIANGULAR
                            ? PMO__V1__DISTRIBUTION__DISTRIBUTION_TRIANGULAR
                            : PMO__V1__DISTRIBUTION__DISTRIBUTION_PERT;
    out->iterations = (uint32_t)fc->iterations;
    out->seed = in->seed ? in->seed : 1;
    out->planned_finish = schedule_date(call, ctx->res.finish_day);
    out->finish = forecast_dates(call, ctx, &fc->finish);
    out->mean_finish_days = (fc->finish.mean - status) / SCHED_TICKS_PER_DAY;
    out->stddev_finish_days = fc->finish.stddev / SCHED_TICKS_PER_DAY;
    out->target_finish = schedule_date(call, ctx->snap->target_finish);
    out->probability_on_target = fc->finish.has_target ? fc->finish.p_target : 0;
    forecast_milestones(call, ctx, job, out);
    size_t top = in->top ? in->top : FORECAST_DEFAULT_TOP;
    forecast_top(call, ctx, job, fc->criticality, top, &out->most_critical,
                 &out->n_most_critical);
    forecast_top(call, ctx, job, fc->sensitivity, top, &out->most_sensitive,
                 &out->n_most_sensitive);
    out->threads = (uint32_t)forecast_threads();
    out->elapsed_ms = elapsed_ms;
}

void schedule_forecast(schedule_svc *svc, const Pmo__V1__ForecastRequest *in,
                       Pmo__V1__ForecastResponse_Closure done, void *data)
{
    (void)svc;
    rpc_call *call = data;
    schedule_ctx ctx = {0};
    Pmo__V1__ForecastResponse out = PMO__V1__FORECAST_RESPONSE__INIT;
    forecast_job job = {0};
    job.fc = forecast_of_worker();
    int64_t t0 = time_mono_us();
    uint32_t iterations;
    bool ok = schedule_access(call, in->program, ACCESS_VIEWER, &ctx) == 0 &&
              forecast_valid(call, in) &&
              schedule_load(call, in->status_date, &ctx) == 0 &&
              schedule_repeats(call, &ctx, "iterations", in->iterations,
                               FORECAST_DEFAULT_ITERATIONS, FORECAST_BUDGET,
                               &iterations) &&
              forecast_run(call, &ctx,
                           in->distribution ==
                                   PMO__V1__DISTRIBUTION__DISTRIBUTION_TRIANGULAR
                               ? SCHED_DIST_TRIANGULAR
                               : SCHED_DIST_PERT,
                           iterations, in->seed ? in->seed : 1, &job) == 0;
    if (ok) {
        forecast_answer(call, &ctx, in, &job,
                        (double)(time_mono_us() - t0) / 1000.0, &out);
        schedule_warnings(&ctx, &out.warnings, &out.n_warnings);
    }
    done(ok ? &out : NULL, data);
    sched_forecast_trim(job.fc);
    schedule_close(&ctx);
}

int schedule_forecast_finish(rpc_call *call, const schedule_ctx *ctx,
                             uint32_t iterations, sched_forecast_stats *out)
{
    forecast_job job = {.fc = forecast_of_worker()};
    int rc = forecast_run(call, ctx, SCHED_DIST_PERT, iterations, 1, &job);
    if (rc == 0)
        *out = job.fc->finish;
    sched_forecast_trim(job.fc);
    return rc;
}
