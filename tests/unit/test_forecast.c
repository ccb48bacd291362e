/*
 * tests/unit/test_forecast.c - the Monte Carlo forecast and the lean
 * passes it runs on.
 *
 * The lean passes are checked against the full passes (sched_run_passes)
 * lane by lane on random plans with every feature the engine knows. The
 * forecast is checked against answers worked out by hand: fixed
 * estimates give the CPM dates; one task's percentiles are its
 * distribution's inverse (the triangular's in closed form, the beta's by
 * bisection of its distribution function, a binomial sum for the integer
 * shapes PERT takes at likely = a quarter of the range); a chain of PERT
 * tasks has the summed means and exact beta variances; criticality and
 * sensitivity of parallel and serial tasks follow from independence.
 * Tolerances are several standard errors of the sampling, stated where
 * they are used; the seeds are fixed, so the outcomes are too.
 */
#include "common/daynum.h"
#include "sched/forecast.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

/* January 2026 by day of the month; the 5th is a Monday. */
#define JAN(d)    daynum_from_civil(2026, 1, (d))
#define MAX_ITEMS 64
#define MAX_LINKS 160

/* Standard normal quantiles at 0.8 and 0.95. */
#define Z80 0.8416212335729143
#define Z95 1.6448536269514722

/* Ticks of working days. */
#define D(x) ((sched_tick)lround((x)*SCHED_TICKS_PER_DAY))

typedef struct fplan {
    sched_plan plan;
    sched_item items[MAX_ITEMS];
    sched_link links[MAX_LINKS];
    sched_estimate est[MAX_ITEMS];
    sched_net net;
    sched_forecast fc;
    sched_forecast_spec spec;
    sched_error err;
} fplan;

static void fplan_init(fplan *f)
{
    memset(f, 0, sizeof *f);
    f->plan.items = f->items;
    f->plan.links = f->links;
    f->plan.calendar.weekdays = SCHED_MON_FRI;
    f->plan.start_day = JAN(5);
    f->plan.status_day = SCHED_NO_DAY;
    f->plan.target_day = SCHED_NO_DAY;
    sched_net_init(&f->net);
    sched_forecast_init(&f->fc);
    f->spec.distribution = SCHED_DIST_TRIANGULAR;
    f->spec.estimates = f->est;
    f->spec.iterations = 10000;
    f->spec.seed = 1;
    f->spec.threads = 2;
    f->spec.target = SCHED_FORECAST_NO_TARGET;
}

/* A task planned at its likely duration. */
static int fplan_task(fplan *f, double a, double m, double b)
{
    sched_item it = SCHED_ITEM_INIT;
    it.duration_days = m;
    int i = f->plan.n_items++;
    f->items[i] = it;
    f->est[i] = (sched_estimate){a, m, b};
    return i;
}

static int fplan_fixed(fplan *f, double days)
{
    return fplan_task(f, days, days, days);
}

static int fplan_milestone(fplan *f)
{
    int i = fplan_fixed(f, 0);
    f->items[i].flags = SCHED_ITEM_MILESTONE;
    return i;
}

static int fplan_summary(fplan *f)
{
    int i = fplan_fixed(f, 0);
    f->items[i].flags = SCHED_ITEM_SUMMARY;
    return i;
}

static void fplan_link(fplan *f, int pred, int succ)
{
    f->links[f->plan.n_links++] = (sched_link){pred, succ, SCHED_FS, 0};
}

static void fplan_prepare(fplan *f)
{
    if (sched_net_prepare(&f->net, &f->plan, &f->err) != SCHED_OK)
        fail_msg("plan refused: %s", f->err.detail);
}

static void fplan_run(fplan *f)
{
    if (sched_forecast_run(&f->net, &f->spec, &f->fc, &f->err) != SCHED_OK)
        fail_msg("forecast refused: %s", f->err.detail);
}

static void fplan_fini(fplan *f)
{
    sched_forecast_fini(&f->fc);
    sched_net_fini(&f->net);
}

/* Asserts |got - want| <= tol, with the values in the message. */
#define assert_near(got, want, tol)                                            \
    do {                                                                       \
        double got_ = (got), want_ = (want), tol_ = (tol);                     \
        if (!(fabs(got_ - want_) <= tol_))                                     \
            fail_msg("%s = %.6f, want %.6f within %.6f", #got, got_, want_,    \
                     tol_);                                                    \
    } while (0)

/* ----------------------------------------------------------------
 * Known distributions.
 * ---------------------------------------------------------------- */

/* The triangular(a, m, b) quantile at p. */
static double tri_quantile(double a, double m, double b, double p)
{
    if (p < (m - a) / (b - a))
        return a + sqrt(p * (b - a) * (m - a));
    return b - sqrt((1 - p) * (b - a) * (b - m));
}

static double tri_variance(double a, double m, double b)
{
    return (a * a + m * m + b * b - a * m - a * b - m * b) / 18;
}

static double pert_mean(double a, double m, double b)
{
    return (a + 4 * m + b) / 6;
}

/* The beta's variance with alpha + beta = 6: (mean - a)(b - mean) / 7. */
static double pert_variance(double a, double m, double b)
{
    double mu = pert_mean(a, m, b);
    return (mu - a) * (b - mu) / 7;
}

/* Beta(j, 6 - j) for integer j in 1..5 is the j-th smallest of five
 * uniforms: P(X <= x) = P(at least j of five are <= x). */
static double beta_int_cdf(int j, double x)
{
    double p = 0, c = 1; /* c = C(5, k) */
    for (int k = 0; k <= 5; k++) {
        if (k >= j)
            p += c * pow(x, k) * pow(1 - x, 5 - k);
        c = c * (5 - k) / (k + 1);
    }
    return p;
}

static double beta_int_quantile(int j, double p)
{
    double lo = 0, hi = 1;
    for (int i = 0; i < 100; i++) {
        double mid = (lo + hi) / 2;
        if (beta_int_cdf(j, mid) < p)
            lo = mid;
        else
            hi = mid;
    }
    return (lo + hi) / 2;
}

/* ----------------------------------------------------------------
 * Lean passes against the full passes, on random plans.
 * ---------------------------------------------------------------- */

typedef struct rng {
    uint64_t s;
} rng;

static uint64_t rng_next(rng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static int rng_int(rng *r, int lo, int hi) /* inclusive */
{
    return lo + (int)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

static void gen_progress(rng *r, sched_item *it, int status)
{
    switch (rng_int(r, 0, 6)) {
    case 0: /* done */
        it->actual_start = status - rng_int(r, 1, 12);
        it->actual_finish = it->actual_start + rng_int(r, 0, 6);
        break;
    case 1: /* started */
        it->actual_start = status - rng_int(r, -1, 10);
        it->percent_complete = rng_int(r, 0, 100);
        break;
    case 2: /* done, finish only */
        it->actual_finish = status - rng_int(r, 0, 5);
        break;
    default:
        break;
    }
}

/*
 * A random plan: some summaries (nested or not), leaves under them or
 * not, milestones, start-no-earlier dates, progress, and links of every
 * type with lags and leads between leaves, from lower to higher places
 * of a hidden permutation.
 */
static void gen_plan(rng *r, fplan *f)
{
    int n = rng_int(r, 1, MAX_ITEMS), summaries = 0;
    if (n > 4 && rng_int(r, 0, 1))
        summaries = rng_int(r, 1, 4);
    f->plan.status_day =
        rng_int(r, 0, 1) ? JAN(5) + rng_int(r, 0, 15) : SCHED_NO_DAY;
    f->plan.target_day =
        rng_int(r, 0, 2) ? JAN(5) + rng_int(r, 5, 80) : SCHED_NO_DAY;
    f->plan.late_from_target = rng_int(r, 0, 1);
    for (int i = 0; i < n; i++) {
        int k = fplan_fixed(f, rng_int(r, 0, 40) / 4.0);
        sched_item *it = &f->items[k];
        if (i < summaries) {
            it->flags = SCHED_ITEM_SUMMARY;
            it->parent = i > 0 && rng_int(r, 0, 1) ? rng_int(r, 0, i - 1) : -1;
            continue;
        }
        it->parent =
            summaries && rng_int(r, 0, 1) ? rng_int(r, 0, summaries - 1) : -1;
        if (rng_int(r, 0, 6) == 0)
            it->flags = SCHED_ITEM_MILESTONE;
        if (rng_int(r, 0, 5) == 0)
            it->start_no_earlier = JAN(5) + rng_int(r, -3, 20);
        if (f->plan.status_day != SCHED_NO_DAY)
            gen_progress(r, it, f->plan.status_day);
    }
    int leaves = n - summaries, perm[MAX_ITEMS];
    for (int i = 0; i < leaves; i++)
        perm[i] = summaries + i;
    for (int i = leaves - 1; i > 0; i--) {
        int j = rng_int(r, 0, i), t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
    int m = leaves < 2 ? 0 : rng_int(r, 0, 2 * leaves);
    for (int e = 0; e < m && e < MAX_LINKS; e++) {
        int a = rng_int(r, 0, leaves - 2), b = rng_int(r, a + 1, leaves - 1);
        double lag = rng_int(r, 0, 2) ? 0 : rng_int(r, -12, 12) / 4.0;
        f->links[f->plan.n_links++] =
            (sched_link){perm[a], perm[b], rng_int(r, SCHED_FS, SCHED_SF), lag};
    }
}

/*
 * Every lane of lean against sched_run_passes on that lane's durations.
 * If lean refused the run, some lane must be refused the same way, and
 * the lanes the full passes accept are not compared.
 */
static void check_lanes(sched_lean *lean, sched_run *run, int lean_rc)
{
    const sched_net *net = lean->net;
    bool refused = false;
    for (int j = 0; j < SCHED_LEAN_LANES; j++) {
        for (int32_t r = 0; r < net->n; r++)
            run->dur[r] = lean->dur[r * SCHED_LEAN_LANES + j];
        int rc = sched_run_passes(run);
        if (rc == SCHED_OK)
            sched_run_chains(run);
        if (rc != SCHED_OK) {
            assert_int_equal(lean_rc, rc);
            refused = true;
        }
        if (lean_rc != SCHED_OK)
            continue;
        assert_int_equal(lean->finish[j], run->finish);
        assert_int_equal(lean->critical_float[j], run->critical_float);
        for (int32_t r = 0; r < net->n; r++) {
            assert_int_equal(lean->ef[r * SCHED_LEAN_LANES + j],
                             run->t[SCHED_T_SLOT * r + SCHED_T_EF]);
            assert_int_equal(lean->critical[r * SCHED_LEAN_LANES + j],
                             run->longest[r]);
        }
    }
    assert_int_equal(refused, lean_rc != SCHED_OK);
}

static void test_lean_passes_match_full_passes(void **state)
{
    rng r = {2026};
    for (int k = 0; k < 600; k++) {
        fplan f;
        fplan_init(&f);
        gen_plan(&r, &f);
        fplan_prepare(&f);
        sched_run run;
        sched_lean lean;
        sched_run_init(&run);
        sched_lean_init(&lean);
        sched_run_bind(&run, &f.net);
        sched_lean_bind(&lean, &f.net);
        check_lanes(&lean, &run, sched_lean_passes(&lean));
        for (int round = 0; round < 3; round++) {
            for (int32_t v = 0; v < f.net.n; v++)
                for (int j = 0; j < SCHED_LEAN_LANES; j++)
                    lean.dur[v * SCHED_LEAN_LANES + j] = sched_net_duration(
                        &f.net, v, (sched_tick)rng_int(&r, 0, 1200));
            check_lanes(&lean, &run, sched_lean_passes(&lean));
        }
        sched_lean_fini(&lean);
        sched_run_fini(&run);
        fplan_fini(&f);
    }
}

/* Durations past the supported range in one lane are refused as the full
 * passes refuse them; the other lanes alone are not. */
static void test_lean_passes_refuse_out_of_range(void **state)
{
    fplan f;
    fplan_init(&f);
    for (int i = 0; i < 60; i++) {
        fplan_fixed(&f, 1);
        if (i > 0)
            fplan_link(&f, i - 1, i);
    }
    fplan_prepare(&f);
    sched_run run;
    sched_lean lean;
    sched_run_init(&run);
    sched_lean_init(&lean);
    sched_run_bind(&run, &f.net);
    sched_lean_bind(&lean, &f.net);
    assert_int_equal(sched_lean_passes(&lean), SCHED_OK);
    for (int32_t v = 0; v < f.net.n; v++)
        lean.dur[v * SCHED_LEAN_LANES + 3] = D(SCHED_DAYS_MAX);
    assert_int_equal(sched_lean_passes(&lean), SCHED_ERANGE);
    check_lanes(&lean, &run, SCHED_ERANGE);
    sched_lean_reset_durations(&lean);
    assert_int_equal(sched_lean_passes(&lean), SCHED_OK);
    assert_int_equal(lean.finish[3], D(60));
    sched_lean_fini(&lean);
    sched_run_fini(&run);
    fplan_fini(&f);
}

/* ----------------------------------------------------------------
 * Fixed estimates give the CPM dates.
 * ---------------------------------------------------------------- */

static void test_fixed_estimates_give_cpm_dates(void **state)
{
    for (int dist = SCHED_DIST_PERT; dist <= SCHED_DIST_TRIANGULAR; dist++) {
        fplan f;
        fplan_init(&f);
        /* a 3 -> b 4 -> m1 -> e 1, a -> c 2 -> m1, f 1 alone; phase s
         * holds b and c. */
        int a = fplan_fixed(&f, 3), b = fplan_fixed(&f, 4);
        int c = fplan_fixed(&f, 2), m1 = fplan_milestone(&f);
        int e = fplan_fixed(&f, 1), lone = fplan_fixed(&f, 1);
        int s = fplan_summary(&f);
        f.items[b].parent = f.items[c].parent = s;
        fplan_link(&f, a, b);
        fplan_link(&f, b, m1);
        fplan_link(&f, a, c);
        fplan_link(&f, c, m1);
        fplan_link(&f, m1, e);
        fplan_prepare(&f);
        sched_result res;
        sched_result_init(&res);
        assert_int_equal(sched_cpm(&f.plan, &res, &f.err), SCHED_OK);
        int watched[] = {m1, s, e};
        f.spec.distribution = dist;
        f.spec.iterations = 500;
        f.spec.n_watched = 3;
        f.spec.watched = watched;
        fplan_run(&f);

        assert_int_equal(res.finish, D(8));
        assert_int_equal(f.fc.finish.p50, res.finish);
        assert_int_equal(f.fc.finish.p80, res.finish);
        assert_int_equal(f.fc.finish.p95, res.finish);
        assert_near(f.fc.finish.mean, res.finish, 0);
        assert_near(f.fc.finish.stddev, 0, 0);
        for (int k = 0; k < 3; k++) {
            sched_tick ef = res.early_finish[watched[k]];
            assert_int_equal(f.fc.watched[k].p50, ef);
            assert_int_equal(f.fc.watched[k].p80, ef);
            assert_int_equal(f.fc.watched[k].p95, ef);
            assert_false(f.fc.watched[k].has_target);
        }
        assert_int_equal(f.fc.watched[0].p50, D(7));
        for (int i = 0; i < f.plan.n_items; i++) {
            assert_near(f.fc.criticality[i], res.critical[i], 0);
            assert_near(f.fc.sensitivity[i], 0, 0);
        }
        assert_near(f.fc.criticality[a] + f.fc.criticality[s], 2, 0);
        assert_near(f.fc.criticality[c] + f.fc.criticality[lone], 0, 0);
        sched_result_fini(&res);
        fplan_fini(&f);
    }
}

/* ----------------------------------------------------------------
 * One task: percentiles are the distribution's inverse.
 * ---------------------------------------------------------------- */

static void test_single_triangular_task_percentiles(void **state)
{
    fplan f;
    fplan_init(&f);
    fplan_task(&f, 2, 5, 12);
    fplan_prepare(&f);
    f.spec.iterations = 100000;
    fplan_run(&f);
    /*
     * The sampling error of a percentile is sqrt(p (1 - p) / N) over the
     * density there: at most 0.013 days here (P95). Allow 0.06 days, and
     * half a tick of rounding.
     */
    assert_near(f.fc.finish.p50 / 100.0, tri_quantile(2, 5, 12, 0.50), 0.065);
    assert_near(f.fc.finish.p80 / 100.0, tri_quantile(2, 5, 12, 0.80), 0.065);
    assert_near(f.fc.finish.p95 / 100.0, tri_quantile(2, 5, 12, 0.95), 0.065);
    assert_near(f.fc.finish.mean / 100.0, (2 + 5 + 12) / 3.0, 0.05);
    assert_near(f.fc.finish.stddev / 100.0, sqrt(tri_variance(2, 5, 12)), 0.03);
    assert_near(f.fc.criticality[0], 1, 0);
    assert_near(f.fc.sensitivity[0], 1, 1e-9);
    fplan_fini(&f);
}

/* Likely at a quarter of the range gives Beta(1 + 4 q, 5 - 4 q): the
 * integer shapes, whose inverse the test finds by bisection. */
static void test_single_pert_task_percentiles(void **state)
{
    for (int q = 0; q <= 4; q++) {
        fplan f;
        fplan_init(&f);
        fplan_task(&f, 4, 4 + 2.5 * q, 14);
        fplan_prepare(&f);
        f.spec.distribution = SCHED_DIST_PERT;
        f.spec.iterations = 100000;
        f.spec.seed = 10 + q;
        fplan_run(&f);
        /* The least density among these percentiles is Beta(1, 5)'s at
         * P95, 0.45 per unit of the 10-day range: standard error 0.015
         * days. */
        int j = 1 + q;
        assert_near(f.fc.finish.p50 / 100.0,
                    4 + 10 * beta_int_quantile(j, 0.50), 0.065);
        assert_near(f.fc.finish.p80 / 100.0,
                    4 + 10 * beta_int_quantile(j, 0.80), 0.065);
        assert_near(f.fc.finish.p95 / 100.0,
                    4 + 10 * beta_int_quantile(j, 0.95), 0.065);
        assert_near(f.fc.finish.mean / 100.0, pert_mean(4, 4 + 2.5 * q, 14),
                    0.03);
        fplan_fini(&f);
    }
}

/* ----------------------------------------------------------------
 * Draws: the documented random numbers through the exact inverses.
 * ---------------------------------------------------------------- */

static uint64_t doc_mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Item j's 64 random bits in iteration i, as forecast.h defines them. */
static uint64_t doc_draw(uint64_t seed, int i, int j)
{
    const uint64_t g = 0x9e3779b97f4a7c15ULL;
    uint64_t k = doc_mix(doc_mix(seed) + g * (uint64_t)(i + 1));
    return doc_mix(k + g * (uint64_t)(j + 1));
}

#define GRID (1 << 18)

/* Beta(a, b)'s distribution function at k / GRID, by the trapezoid rule
 * on its density: an error near 1e-11, independent of the engine. */
static double *beta_cdf_grid(double a, double b)
{
    double *cdf = malloc((GRID + 1) * sizeof *cdf);
    double lbeta = lgamma(a) + lgamma(b) - lgamma(a + b), prev = 0;
    cdf[0] = 0;
    for (int k = 1; k <= GRID; k++) {
        double x = (double)k / GRID;
        double f = k == GRID
                       ? (b == 1 ? exp(-lbeta) : 0)
                       : exp((a - 1) * log(x) + (b - 1) * log1p(-x) - lbeta);
        cdf[k] = cdf[k - 1] + (prev + f) / (2.0 * GRID);
        prev = f;
    }
    for (int k = 1; k <= GRID; k++)
        cdf[k] /= cdf[GRID];
    return cdf;
}

static double beta_grid_quantile(const double *cdf, double u)
{
    int lo = 0, hi = GRID;
    while (hi - lo > 1) {
        int mid = (lo + hi) / 2;
        if (cdf[mid] < u)
            lo = mid;
        else
            hi = mid;
    }
    return (lo + (u - cdf[lo]) / (cdf[hi] - cdf[lo])) / GRID;
}

static int tick_cmp(const void *a, const void *b)
{
    sched_tick x = *(const sched_tick *)a, y = *(const sched_tick *)b;
    return (x > y) - (x < y);
}

/*
 * One task of 0 to 100,000 days, likely 30,000: a tick is 1e-7 of the
 * range, so the samples show the draws almost exactly. Each iteration's
 * draw is worked out from the documented random bits and the exact
 * inverse; sorted, the two lists must agree to within one tick for the
 * triangular, and within the table's 6e-5 of the range for PERT.
 */
static void test_draws_follow_the_documented_stream(void **state)
{
    enum { N = 3000 };
    const double span = D(SCHED_DAYS_MAX), mode = 0.3;
    sched_tick want[N];
    for (int dist = SCHED_DIST_PERT; dist <= SCHED_DIST_TRIANGULAR; dist++) {
        fplan f;
        fplan_init(&f);
        fplan_task(&f, 0, SCHED_DAYS_MAX * mode, SCHED_DAYS_MAX);
        fplan_prepare(&f);
        f.spec.distribution = dist;
        f.spec.iterations = N;
        f.spec.seed = 77;
        fplan_run(&f);
        double *cdf = dist == SCHED_DIST_PERT
                          ? beta_cdf_grid(1 + 4 * mode, 5 - 4 * mode)
                          : NULL;
        for (int i = 0; i < N; i++) {
            uint64_t z = doc_draw(77, i, 0);
            double x;
            if (dist == SCHED_DIST_PERT) {
                double t = (double)(z & ~(1ULL << 63)) * 0x1p-64;
                x = beta_grid_quantile(cdf, z >> 63 ? 1 - t : t);
            } else {
                x = tri_quantile(0, mode, 1,
                                 ((double)(z >> 11) + 0.5) * 0x1p-53);
            }
            want[i] = (sched_tick)(x * span + 0.5);
        }
        qsort(want, N, sizeof want[0], tick_cmp);
        double tol = dist == SCHED_DIST_PERT ? 6e-5 * span : 1;
        for (int i = 0; i < N; i++)
            if (fabs((double)f.fc.finish_samples[i] - want[i]) > tol)
                fail_msg("%s sample %d: %d, want %d",
                         dist == SCHED_DIST_PERT ? "PERT" : "triangular", i,
                         f.fc.finish_samples[i], want[i]);
        free(cdf);
        fplan_fini(&f);
    }
}

/* ----------------------------------------------------------------
 * A chain of PERT tasks: sums of means and of exact beta variances.
 * ---------------------------------------------------------------- */

static void test_pert_chain_moments(void **state)
{
    /* Likely at these shares of the range: shapes between the table's
     * rows, skewed both ways in equal measure. */
    static const double share[] = {1 / 2.0, 1 / 6.0, 2 / 3.0, 1 / 3.0, 5 / 6.0};
    fplan f;
    fplan_init(&f);
    double mean = 0, var = 0, rule = 0;
    for (int i = 0; i < 30; i++) {
        double a = 2 + i % 3, b = a + 2 + 2 * (i % 6);
        double m = a + (b - a) * share[i % 5];
        fplan_task(&f, a, m, b);
        if (i > 0)
            fplan_link(&f, i - 1, i);
        mean += pert_mean(a, m, b);
        var += pert_variance(a, m, b);
        rule += (b - a) * (b - a) / 36;
    }
    /* The (b - a)^2 / 36 rule would miss by far more than the test
     * allows: these shapes' variances are larger. */
    assert_true(var - rule > 0.1 * var);
    fplan_prepare(&f);
    f.spec.distribution = SCHED_DIST_PERT;
    f.spec.iterations = 40000;
    f.spec.seed = 7;
    fplan_run(&f);
    double sd = sqrt(var);
    const sched_forecast_stats *st = &f.fc.finish;
    /*
     * Standard errors: of the mean sd / 200 (0.04 days), of the variance
     * sqrt(2 / N) = 0.7%. The skews cancel, so the sum is close to normal
     * (its kurtosis moves P95 by under 0.01 sd); the sampling error of
     * P95 is about 0.01 sd. Allow 5 standard errors, and 0.05 sd for the
     * percentiles.
     */
    assert_near(st->mean / 100.0, mean, 5 * sd / 200);
    assert_near(st->stddev * st->stddev / 1e4, var, 0.035 * var);
    assert_near(st->p50 / 100.0, mean, 0.05 * sd);
    assert_near(st->p80 / 100.0, mean + Z80 * sd, 0.05 * sd);
    assert_near(st->p95 / 100.0, mean + Z95 * sd, 0.05 * sd);
    fplan_fini(&f);
}

/* ----------------------------------------------------------------
 * Criticality and sensitivity.
 * ---------------------------------------------------------------- */

static void test_criticality_of_parallel_chains(void **state)
{
    fplan f;
    fplan_init(&f);
    /* a1 -> a2 always takes 20 to 28 days, b1 -> b2 2 to 6. */
    int a1 = fplan_task(&f, 10, 12, 14), a2 = fplan_task(&f, 10, 12, 14);
    int b1 = fplan_task(&f, 1, 2, 3), b2 = fplan_task(&f, 1, 2, 3);
    /* c and d: the same distribution, side by side. */
    int c = fplan_task(&f, 5, 10, 15), d = fplan_task(&f, 5, 10, 15);
    int end = fplan_milestone(&f);
    fplan_link(&f, a1, a2);
    fplan_link(&f, b1, b2);
    fplan_link(&f, c, end);
    fplan_link(&f, d, end);
    fplan_prepare(&f);
    f.spec.iterations = 20000;
    fplan_run(&f);
    assert_near(f.fc.criticality[a1], 1, 0);
    assert_near(f.fc.criticality[a2], 1, 0);
    assert_near(f.fc.criticality[b1], 0, 0);
    assert_near(f.fc.criticality[b2], 0, 0);
    assert_near(f.fc.criticality[end], 0, 0);
    fplan_fini(&f);

    /* Alone, c and d are each the longer half the time (standard error
     * 0.0035; equal draws, which make both critical, are rare). */
    fplan_init(&f);
    c = fplan_task(&f, 5, 10, 15);
    d = fplan_task(&f, 5, 10, 15);
    end = fplan_milestone(&f);
    fplan_link(&f, c, end);
    fplan_link(&f, d, end);
    fplan_prepare(&f);
    f.spec.iterations = 20000;
    fplan_run(&f);
    assert_near(f.fc.criticality[c], 0.5, 0.02);
    assert_near(f.fc.criticality[d], 0.5, 0.02);
    assert_true(f.fc.criticality[c] + f.fc.criticality[d] >= 1);
    assert_near(f.fc.criticality[end], 1, 0);
    fplan_fini(&f);
}

/*
 * In a chain of independent tasks the finish is their sum, and a task's
 * correlation with it is its standard deviation over the sum's.
 */
static void test_sensitivity_of_a_chain(void **state)
{
    static const double est[3][3] = {{9, 10, 11}, {8, 10, 14}, {5, 10, 25}};
    fplan f;
    fplan_init(&f);
    double var = 0;
    for (int i = 0; i < 3; i++) {
        fplan_task(&f, est[i][0], est[i][1], est[i][2]);
        if (i > 0)
            fplan_link(&f, i - 1, i);
        var += tri_variance(est[i][0], est[i][1], est[i][2]);
    }
    int lone = fplan_task(&f, 1, 2, 3);
    fplan_prepare(&f);
    f.spec.iterations = 50000;
    fplan_run(&f);
    /* These correlations vary by about 0.005 from seed to seed (seen over
     * 40 seeds at 20,000 iterations: 0.008). */
    for (int i = 0; i < 3; i++)
        assert_near(f.fc.sensitivity[i],
                    sqrt(tri_variance(est[i][0], est[i][1], est[i][2]) / var),
                    0.03);
    assert_true(f.fc.sensitivity[2] > f.fc.sensitivity[1]);
    assert_true(f.fc.sensitivity[1] > f.fc.sensitivity[0]);
    assert_near(f.fc.sensitivity[lone], 0, 0.03);
    assert_near(f.fc.criticality[lone], 0, 0);
    fplan_fini(&f);
}

/* ----------------------------------------------------------------
 * Reproducibility.
 * ---------------------------------------------------------------- */

static void assert_same_stats(const sched_forecast_stats *x,
                              const sched_forecast_stats *y)
{
    assert_int_equal(x->p50, y->p50);
    assert_int_equal(x->p80, y->p80);
    assert_int_equal(x->p95, y->p95);
    assert_memory_equal(&x->mean, &y->mean, sizeof x->mean);
    assert_memory_equal(&x->stddev, &y->stddev, sizeof x->stddev);
    assert_int_equal(x->has_target, y->has_target);
    assert_memory_equal(&x->p_target, &y->p_target, sizeof x->p_target);
}

static void assert_same_forecast(const sched_forecast *x,
                                 const sched_forecast *y)
{
    size_t n = (size_t)x->n_items, it = (size_t)x->iterations;
    assert_int_equal(x->iterations, y->iterations);
    assert_same_stats(&x->finish, &y->finish);
    for (int k = 0; k < x->n_watched; k++)
        assert_same_stats(&x->watched[k], &y->watched[k]);
    assert_memory_equal(x->criticality, y->criticality, n * sizeof(double));
    assert_memory_equal(x->sensitivity, y->sensitivity, n * sizeof(double));
    assert_memory_equal(x->finish_samples, y->finish_samples,
                        it * sizeof(sched_tick));
    assert_memory_equal(x->watched_samples, y->watched_samples,
                        (size_t)x->n_watched * it * sizeof(sched_tick));
}

static void test_same_seed_same_results_any_threads(void **state)
{
    rng r = {99};
    for (int dist = SCHED_DIST_PERT; dist <= SCHED_DIST_TRIANGULAR; dist++) {
        fplan f;
        fplan_init(&f);
        do {
            f.plan.n_items = f.plan.n_links = 0;
            gen_plan(&r, &f);
        } while (f.plan.n_items < 30);
        for (int i = 0; i < f.plan.n_items; i++) {
            double m = f.items[i].duration_days;
            f.est[i] = (sched_estimate){m / 2, m, 2 * m + 1};
        }
        fplan_prepare(&f);
        int watched[] = {0, 7, f.plan.n_items - 1};
        sched_tick targets[] = {D(5), SCHED_FORECAST_NO_TARGET, D(20)};
        f.spec.distribution = dist;
        f.spec.iterations = 1003; /* not a whole number of lanes or blocks */
        f.spec.seed = 0x5eed;
        f.spec.target = D(25);
        f.spec.n_watched = 3;
        f.spec.watched = watched;
        f.spec.watched_targets = targets;
        sched_forecast one, other;
        sched_forecast_init(&one);
        f.spec.threads = 1;
        assert_int_equal(sched_forecast_run(&f.net, &f.spec, &one, &f.err),
                         SCHED_OK);
        for (int threads = 2; threads <= 3; threads++) {
            f.spec.threads = threads;
            fplan_run(&f);
            assert_same_forecast(&one, &f.fc);
        }
        /* A trimmed forecast keeps its table and runs the same again. */
        sched_forecast_init(&other);
        f.spec.threads = 2;
        assert_int_equal(sched_forecast_run(&f.net, &f.spec, &other, &f.err),
                         SCHED_OK);
        sched_forecast_trim(&other);
        assert_null(other.finish_samples);
        assert_int_equal(other.iterations, 0);
        assert_true(dist != SCHED_DIST_PERT || other.pert != NULL);
        assert_int_equal(sched_forecast_run(&f.net, &f.spec, &other, &f.err),
                         SCHED_OK);
        assert_same_forecast(&one, &other);
        sched_forecast_fini(&other);
        /* Another seed draws other samples. */
        sched_forecast_init(&other);
        f.spec.seed = 0x5eee;
        assert_int_equal(sched_forecast_run(&f.net, &f.spec, &other, &f.err),
                         SCHED_OK);
        assert_true(memcmp(one.finish_samples, other.finish_samples,
                           1003 * sizeof(sched_tick)) != 0);
        assert_true(one.finish.mean != other.finish.mean);
        sched_forecast_fini(&other);
        sched_forecast_fini(&one);
        fplan_fini(&f);
    }
}

/* ----------------------------------------------------------------
 * Targets.
 * ---------------------------------------------------------------- */

static void test_probability_of_meeting_targets(void **state)
{
    static const struct {
        const char *name;
        double target_days;
        double p, tol;
    } cases[] = {
        {"far beyond any finish", 100, 1, 0},
        {"at the pessimistic finish", 12, 1, 0},
        {"before the optimistic finish", 1.99, 0, 0},
        /* standard error 0.0022 at the median */
        {"at the median", 6.08, 0.5, 0.012},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        fplan f;
        fplan_init(&f);
        int task = fplan_task(&f, 2, 5, 12), done = fplan_milestone(&f);
        fplan_link(&f, task, done);
        fplan_prepare(&f);
        sched_tick target = D(cases[k].target_days);
        int watched[] = {done, task};
        sched_tick targets[] = {target, SCHED_FORECAST_NO_TARGET};
        f.spec.iterations = 50000;
        f.spec.target = target;
        f.spec.n_watched = 2;
        f.spec.watched = watched;
        f.spec.watched_targets = targets;
        fplan_run(&f);
        assert_true(f.fc.finish.has_target);
        if (fabs(f.fc.finish.p_target - cases[k].p) > cases[k].tol)
            fail_msg("%s: p = %f", cases[k].name, f.fc.finish.p_target);
        assert_true(f.fc.watched[0].has_target);
        assert_near(f.fc.watched[0].p_target, f.fc.finish.p_target, 0);
        assert_false(f.fc.watched[1].has_target);
        fplan_fini(&f);
    }
}

/* ----------------------------------------------------------------
 * Progress and items that do not vary.
 * ---------------------------------------------------------------- */

static void test_done_and_started_items(void **state)
{
    fplan f;
    fplan_init(&f);
    f.plan.status_day = JAN(12); /* five working days in: tick 500 */
    /* Done, with a wide estimate that must not matter. */
    int done = fplan_task(&f, 1, 5, 30);
    f.items[done].actual_start = JAN(5);
    f.items[done].actual_finish = JAN(7);
    /* Half done: its remaining half of tri(8, 10, 12) runs from the
     * status date. */
    int started = fplan_task(&f, 8, 10, 12);
    f.items[started].actual_start = JAN(5);
    f.items[started].percent_complete = 50;
    /* Not started, after the done item: from the status date, 3 days. */
    int next = fplan_task(&f, 3, 3, 3);
    fplan_link(&f, done, next);
    /* A milestone and a summary with estimates they must ignore. */
    int end = fplan_milestone(&f);
    f.est[end] = (sched_estimate){1, 2, 3};
    int phase = fplan_summary(&f);
    f.est[phase] = (sched_estimate){1, 2, 3};
    f.items[started].parent = f.items[next].parent = phase;
    fplan_link(&f, started, end);
    fplan_link(&f, next, end);
    fplan_prepare(&f);
    int watched[] = {end, phase, next};
    f.spec.iterations = 50000;
    f.spec.n_watched = 3;
    f.spec.watched = watched;
    fplan_run(&f);

    /* The finish is 500 + half of tri(8, 10, 12) days in ticks. */
    const sched_forecast_stats *st = &f.fc.finish;
    assert_near(st->p50, 500 + 50 * tri_quantile(8, 10, 12, 0.5), 2);
    assert_near(st->p95, 500 + 50 * tri_quantile(8, 10, 12, 0.95), 2);
    assert_near(st->mean, 1000, 1);
    assert_int_equal(f.fc.watched[0].p80, st->p80);
    assert_int_equal(f.fc.watched[1].p80, st->p80);
    assert_int_equal(f.fc.watched[2].p50, 800);
    assert_int_equal(f.fc.watched[2].p95, 800);
    assert_near(f.fc.criticality[started], 1, 0);
    assert_near(f.fc.criticality[end], 1, 0);
    assert_near(f.fc.criticality[phase], 1, 0);
    assert_near(f.fc.criticality[done], 0, 0);
    assert_near(f.fc.criticality[next], 0, 0);
    /* The finish moves one for one with the started item's duration. */
    assert_near(f.fc.sensitivity[started], 1, 1e-9);
    assert_near(f.fc.sensitivity[done], 0, 0);
    assert_near(f.fc.sensitivity[next], 0, 0);
    assert_near(f.fc.sensitivity[end], 0, 0);
    assert_near(f.fc.sensitivity[phase], 0, 0);
    fplan_fini(&f);
}

/* ----------------------------------------------------------------
 * Refusals.
 * ---------------------------------------------------------------- */

typedef struct bad_case {
    const char *name;
    void (*spoil)(fplan *f);
    int code, item;
    const char *detail; /* a part of err.detail */
} bad_case;

static void spoil_no_iterations(fplan *f)
{
    f->spec.iterations = 0;
}

static void spoil_too_many_iterations(fplan *f)
{
    f->spec.iterations = SCHED_FORECAST_ITERATIONS_MAX + 1;
}

static void spoil_no_threads(fplan *f)
{
    f->spec.threads = 0;
}

static void spoil_distribution(fplan *f)
{
    f->spec.distribution = 3;
}

static void spoil_order(fplan *f)
{
    f->est[2] = (sched_estimate){3, 2, 4};
}

static void spoil_pessimistic(fplan *f)
{
    f->est[1] = (sched_estimate){3, 5, 4};
}

static void spoil_nan(fplan *f)
{
    f->est[2].likely = NAN;
}

static void spoil_infinite(fplan *f)
{
    f->est[1].pessimistic = INFINITY;
}

static void spoil_negative(fplan *f)
{
    f->est[0] = (sched_estimate){-1, 2, 3};
}

static void spoil_too_long(fplan *f)
{
    f->est[1].pessimistic = SCHED_DAYS_MAX + 1;
}

static void spoil_milestone_estimate(fplan *f)
{
    f->est[3] = (sched_estimate){2, 1, 3};
}

static const int bad_watched[] = {0, 4};

static void spoil_watched(fplan *f)
{
    f->spec.n_watched = 2;
    f->spec.watched = bad_watched;
}

static const bad_case bad_cases[] = {
    {"no iterations", spoil_no_iterations, SCHED_EINVAL, -1, "iterations"},
    {"too many iterations", spoil_too_many_iterations, SCHED_EINVAL, -1,
     "1..1000000"},
    {"no threads", spoil_no_threads, SCHED_EINVAL, -1, "threads"},
    {"unknown distribution", spoil_distribution, SCHED_EINVAL, -1,
     "distribution"},
    {"likely below optimistic", spoil_order, SCHED_EINVAL, 2, "item 2: "},
    {"pessimistic below likely", spoil_pessimistic, SCHED_EINVAL, 1,
     "item 1: estimates not in order"},
    {"not a number", spoil_nan, SCHED_EINVAL, 2, "item 2: "},
    {"infinite", spoil_infinite, SCHED_EINVAL, 1, "item 1: "},
    {"negative", spoil_negative, SCHED_EINVAL, 0, "item 0: "},
    {"too long", spoil_too_long, SCHED_EINVAL, 1, "item 1: "},
    {"a milestone's estimate", spoil_milestone_estimate, SCHED_EINVAL, 3,
     "item 3: "},
    {"watched item out of range", spoil_watched, SCHED_EINVAL, 4,
     "watched item 4"},
};

static void test_bad_input_refused(void **state)
{
    for (size_t k = 0; k < sizeof bad_cases / sizeof bad_cases[0]; k++) {
        const bad_case *bc = &bad_cases[k];
        fplan f;
        fplan_init(&f);
        for (int i = 0; i < 3; i++) {
            fplan_task(&f, 1, 2, 3);
            if (i > 0)
                fplan_link(&f, i - 1, i);
        }
        fplan_link(&f, 2, fplan_milestone(&f));
        fplan_prepare(&f);
        f.spec.iterations = 100;
        fplan_run(&f);
        sched_forecast before = f.fc;
        sched_forecast_stats finish = f.fc.finish;
        bc->spoil(&f);
        int rc = sched_forecast_run(&f.net, &f.spec, &f.fc, &f.err);
        if (rc != bc->code || f.err.item != bc->item ||
            !strstr(f.err.detail, bc->detail))
            fail_msg("%s: code %d item %d detail \"%s\"", bc->name, rc,
                     f.err.item, f.err.detail);
        /* Nothing computed: the last results stand. */
        assert_memory_equal(&before, &f.fc, sizeof before);
        assert_memory_equal(&finish, &f.fc.finish, sizeof finish);
        fplan_fini(&f);
    }
}

/* Sixty-four tasks of at least 90,000 days end past 2399. */
static void test_out_of_range_schedule_refused(void **state)
{
    fplan f;
    fplan_init(&f);
    for (int i = 0; i < MAX_ITEMS; i++) {
        fplan_task(&f, 90000, SCHED_DAYS_MAX, SCHED_DAYS_MAX);
        if (i > 0)
            fplan_link(&f, i - 1, i);
    }
    fplan_prepare(&f);
    f.spec.iterations = 1000;
    assert_int_equal(sched_forecast_run(&f.net, &f.spec, &f.fc, &f.err),
                     SCHED_ERANGE);
    assert_non_null(strstr(f.err.detail, "range"));
    assert_null(f.fc.finish_samples);
    assert_int_equal(f.fc.iterations, 0);
    fplan_fini(&f);
}

/* ----------------------------------------------------------------
 * Deadlines.
 * ---------------------------------------------------------------- */

static int64_t mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* A chain of 64 PERT tasks: a million iterations of it take seconds. */
static void fplan_long_chain(fplan *f)
{
    fplan_init(f);
    f->spec.distribution = SCHED_DIST_PERT;
    for (int i = 0; i < MAX_ITEMS; i++) {
        fplan_task(f, 1, 2, 6);
        if (i > 0)
            fplan_link(f, i - 1, i);
    }
    fplan_prepare(f);
}

/* A deadline already passed: nothing is computed, the last results stand. */
static void test_passed_deadline_stops_at_once(void **state)
{
    fplan f;
    fplan_long_chain(&f);
    f.spec.iterations = 100;
    fplan_run(&f);
    sched_forecast before = f.fc;
    f.spec.iterations = SCHED_FORECAST_ITERATIONS_MAX;
    f.spec.deadline_us = mono_us() - 1;
    assert_int_equal(sched_forecast_run(&f.net, &f.spec, &f.fc, &f.err),
                     SCHED_EDEADLINE);
    assert_non_null(strstr(f.err.detail, "deadline"));
    assert_memory_equal(&before, &f.fc, sizeof before);
    fplan_fini(&f);
}

/*
 * A deadline 20 ms away stops a forecast of seconds soon after it on
 * every thread: within a second (a bound, not a measure of speed).
 */
static void test_deadline_stops_a_long_forecast(void **state)
{
    fplan f;
    fplan_long_chain(&f);
    f.spec.iterations = SCHED_FORECAST_ITERATIONS_MAX;
    int64_t t0 = mono_us();
    f.spec.deadline_us = t0 + 20000;
    assert_int_equal(sched_forecast_run(&f.net, &f.spec, &f.fc, &f.err),
                     SCHED_EDEADLINE);
    int64_t took = mono_us() - t0;
    if (took > 1000000)
        fail_msg("stopped %lld ms after a 20 ms deadline",
                 (long long)(took / 1000));
    assert_null(f.fc.finish_samples);
    fplan_fini(&f);
}

/* A deadline that is not reached changes nothing in the results. */
static void test_far_deadline_same_results(void **state)
{
    fplan f;
    fplan_long_chain(&f);
    f.spec.iterations = 2000;
    fplan_run(&f);
    sched_forecast_stats free_run = f.fc.finish;
    double crit = f.fc.criticality[10], sens = f.fc.sensitivity[10];
    f.spec.deadline_us = mono_us() + 600 * 1000000LL;
    fplan_run(&f);
    assert_memory_equal(&free_run, &f.fc.finish, sizeof free_run);
    assert_true(crit == f.fc.criticality[10]);
    assert_true(sens == f.fc.sensitivity[10]);
    fplan_fini(&f);
}

static void test_empty_plan(void **state)
{
    fplan f;
    fplan_init(&f);
    fplan_prepare(&f);
    f.spec.iterations = 10;
    fplan_run(&f);
    assert_int_equal(f.fc.finish.p50, 0);
    assert_int_equal(f.fc.finish.p95, 0);
    assert_int_equal(f.fc.n_items, 0);
    fplan_fini(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lean_passes_match_full_passes),
        cmocka_unit_test(test_lean_passes_refuse_out_of_range),
        cmocka_unit_test(test_fixed_estimates_give_cpm_dates),
        cmocka_unit_test(test_single_triangular_task_percentiles),
        cmocka_unit_test(test_single_pert_task_percentiles),
        cmocka_unit_test(test_draws_follow_the_documented_stream),
        cmocka_unit_test(test_pert_chain_moments),
        cmocka_unit_test(test_criticality_of_parallel_chains),
        cmocka_unit_test(test_sensitivity_of_a_chain),
        cmocka_unit_test(test_same_seed_same_results_any_threads),
        cmocka_unit_test(test_probability_of_meeting_targets),
        cmocka_unit_test(test_done_and_started_items),
        cmocka_unit_test(test_bad_input_refused),
        cmocka_unit_test(test_out_of_range_schedule_refused),
        cmocka_unit_test(test_empty_plan),
        cmocka_unit_test(test_passed_deadline_stops_at_once),
        cmocka_unit_test(test_deadline_stops_a_long_forecast),
        cmocka_unit_test(test_far_deadline_same_results),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
