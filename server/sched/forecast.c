/* server/sched/forecast.c - Monte Carlo forecast over a prepared plan. */
#include "sched/forecast.h"

#include "common/xalloc.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/*
 * DESIGN. Iterations are dealt out in blocks of SCHED_FC_BLOCK to
 * spec->threads workers (the caller's thread is one), each taking the
 * next block from an atomic counter. A worker schedules a block eight
 * iterations at a time in its own sched_lean (one iteration per lane):
 * it draws every varying item's durations, runs the lean passes, writes
 * the finish and watched early finishes into the shared sample arrays at
 * the iterations' own indexes, and adds to its own sums: critical counts
 * by rank, and per varying item the sums of its duration x, of x * x and
 * of x * finish. Those three go into 64-bit integers, which cannot
 * overflow within a block, and are added after each block to the job's
 * 128-bit totals under the job's lock; critical counts are added when
 * the worker ends. Every sum is of integers, so the totals are the same
 * whatever thread ran which block, and in whatever order.
 *
 * Workers only read the net, the table and the job's settings; each
 * writes its own lean run and sums, and sample slots no other worker
 * writes. A worker that meets a schedule out of range, or finds the
 * deadline passed (it reads the clock before its first batch and then
 * once per SCHED_FC_CLOCK_WORK items scheduled, which on a large plan is
 * every batch), says so through an atomic flag, and the others stop at
 * their next block or at the deadline themselves. Everything a
 * call allocates is freed before it returns, but the results, which go
 * into one new block that replaces fc's only on success, and the PERT
 * table, which fc keeps.
 */

/* Iterations a worker takes at a time; its 64-bit sums are flushed after
 * each block: x < 2^25 ticks and |finish| < 2^30, so 64 of x * finish
 * stay below 2^61. */
#define SCHED_FC_BLOCK 64

#define SCHED_FC_LANES SCHED_LEAN_LANES

/* Items scheduled (times lanes) between two reads of the clock: well
 * under a millisecond of work, and hundreds of batches of a small plan,
 * for which a read per batch would cost a few percent. */
#define SCHED_FC_CLOCK_WORK (1 << 16)

/* sched_fc_count reads a rank's critical flags as one 64-bit word. */
_Static_assert(SCHED_FC_LANES == 8, "one byte per lane in a 64-bit word");

/* The PERT table: shapes 0, 1/64 .. 1, and for each, the quantile at 16
 * evenly spaced points of each octave [2^-k-2, 2^-k-1], k < 24, of the
 * distance to the nearer end. */
#define SCHED_PERT_SHAPES    64
#define SCHED_PERT_OCTAVES   24
#define SCHED_PERT_STEP_BITS 4
#define SCHED_PERT_STEPS     (1 << SCHED_PERT_STEP_BITS)
#define SCHED_PERT_NODES     (SCHED_PERT_STEPS + 1)
#define SCHED_PERT_ROW       (SCHED_PERT_OCTAVES * SCHED_PERT_NODES)
#define SCHED_PERT_SIZE      ((SCHED_PERT_SHAPES + 1) * SCHED_PERT_ROW)

#define SCHED_FC_STR_(x) #x
#define SCHED_FC_STR(x)  SCHED_FC_STR_(x)

/* SplitMix64's increment. */
#define SCHED_FC_GAMMA 0x9e3779b97f4a7c15ULL

/* The PERT table, and which of its rows are built. */
typedef struct sched_pert_table {
    uint8_t ready[SCHED_PERT_SHAPES + 1];
    float q[SCHED_PERT_SIZE];
} sched_pert_table;

/* Exact sums over up to a million iterations of 64-bit products. */
typedef __int128 sched_fc_wide;

/* How a varying item draws its duration; by rank order. */
typedef struct sched_fc_var {
    int32_t rank, item;
    bool started;     /* progress applies (sched_net_duration) */
    double lo, span;  /* ticks: optimistic, pessimistic - optimistic */
    double mode;      /* triangular: (likely - optimistic) / span */
    int32_t row[2];   /* PERT, by side (near 0, near 1): table row */
    double weight[2]; /* PERT, by side: weight of the next row */
} sched_fc_var;

/* What every worker shares. */
typedef struct sched_fc_job {
    const sched_net *net;
    const sched_forecast_spec *spec;
    const sched_pert_table *pert;
    const sched_fc_var *var;
    int32_t n_var;
    const sched_tick *dur;     /* by rank: durations of items not varying */
    const int32_t *watch_rank; /* by watched index */
    uint64_t seed_key;
    int32_t n_blocks;
    sched_tick *finish;  /* by iteration */
    sched_tick *watched; /* by watched index, then iteration */
    atomic_int next_block;
    atomic_int failed;
    pthread_mutex_t lock;
    /* Under lock. */
    sched_fc_wide *sx, *sxx, *sxy; /* by varying item */
    int64_t *critical;             /* by rank */
} sched_fc_job;

typedef struct sched_fc_worker {
    sched_fc_job *job;
    sched_lean lean;
    int64_t *sx, *sxx, *sxy; /* by varying item, since the last flush */
    int32_t *critical;       /* by rank */
    int64_t unclocked;       /* items scheduled since the clock was read */
    int rc;
} sched_fc_worker;

/* ================================================================
 * Random numbers
 * ================================================================ */

/* SplitMix64's output function: a bijection that mixes every bit. */
static uint64_t sched_fc_mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Output n (from 0) of SplitMix64 started at state. */
static uint64_t sched_fc_nth(uint64_t state, uint64_t n)
{
    return sched_fc_mix(state + SCHED_FC_GAMMA * (n + 1));
}

/* A uniform double in (0, 1) from the top 53 bits. */
static double sched_fc_unit(uint64_t z)
{
    return ((double)(int64_t)(z >> 11) + 0.5) * 0x1p-53;
}

/* ================================================================
 * PERT: the beta's inverse distribution function, tabulated
 * ================================================================ */

/*
 * The regularized incomplete beta I_x(a, b) for x below the mean, by the
 * series x^a (1 - x)^b / (a B(a, b)) * sum over n of
 * (a + b)_n / (a + 1)_n x^n, whose terms shrink by about x each.
 */
static double sched_pert_series(double x, double a, double b, double lbeta)
{
    double term = 1, sum = 1;
    for (int n = 0; n < 2000 && term > 1e-17 * sum; n++) {
        term *= (a + b + n) / (a + 1 + n) * x;
        sum += term;
    }
    return exp(a * log(x) + b * log1p(-x) - lbeta) / a * sum;
}

static double sched_pert_cdf(double x, double a, double b, double lbeta)
{
    if (x <= 0)
        return 0;
    if (x >= 1)
        return 1;
    if (x < 0.5 && x < a / (a + b))
        return sched_pert_series(x, a, b, lbeta);
    return 1 - sched_pert_series(1 - x, b, a, lbeta);
}

static double sched_pert_density(double x, double a, double b, double lbeta)
{
    return exp((a - 1) * log(x) + (b - 1) * log1p(-x) - lbeta);
}

/*
 * The x in (0, 1) with I_x(a, b) = t, by Newton's method from guess,
 * kept inside a bracket that every step narrows (bisecting when Newton
 * leaves it). The table keeps floats, so 1e-12 is more than enough.
 */
static double sched_pert_quantile(double t, double a, double b, double lbeta,
                                  double guess)
{
    double lo = 0, hi = 1, x = guess > 0 && guess < 1 ? guess : 0.5;
    for (int i = 0; i < 200; i++) {
        double f = sched_pert_cdf(x, a, b, lbeta) - t;
        if (f == 0)
            break;
        if (f < 0)
            lo = x;
        else
            hi = x;
        double next = x - f / sched_pert_density(x, a, b, lbeta);
        if (!(next > lo && next < hi))
            next = 0.5 * (lo + hi);
        if (fabs(next - x) <= 1e-12 * x)
            return next;
        x = next;
    }
    return x;
}

/*
 * Row j of the table: shape j / 64, Beta(1 + 4 j / 64, 5 - 4 j / 64).
 * Its points are solved from the smallest up, each from the last one's
 * answer; the first from the tail's leading term, x^a / (a B(a, b)) = t.
 */
static void sched_pert_build_row(float *row, int j)
{
    double a = 1 + 4.0 * j / SCHED_PERT_SHAPES, b = 6 - a;
    double lbeta = lgamma(a) + lgamma(b) - lgamma(6);
    double t = ldexp(1, -SCHED_PERT_OCTAVES - 1);
    double x = exp((log(t * a) + lbeta) / a);
    for (int k = SCHED_PERT_OCTAVES - 1; k >= 0; k--)
        for (int i = 0; i < SCHED_PERT_NODES; i++) {
            t = ldexp(1 + (double)i / SCHED_PERT_STEPS, -k - 2);
            x = sched_pert_quantile(t, a, b, lbeta, x);
            row[k * SCHED_PERT_NODES + i] = (float)x;
        }
}

/* The rows the varying items' shapes interpolate between, each built the
 * first time a forecast needs it. */
static void sched_pert_need(sched_pert_table *tab, const sched_fc_var *var,
                            int32_t n_var)
{
    for (int32_t i = 0; i < n_var; i++)
        for (int side = 0; side < 2; side++)
            for (int32_t j = var[i].row[side]; j <= var[i].row[side] + 1; j++) {
                if (tab->ready[j])
                    continue;
                sched_pert_build_row(tab->q + (size_t)j * SCHED_PERT_ROW, j);
                tab->ready[j] = 1;
            }
}

/*
 * The quantile at t = bits / 2^64 (bits < 2^63, so t < 1/2) of the shape
 * between rows row and row + 1, weight w on the second. The octave of t
 * is its count of leading zeros and the bits after the leading one place
 * it within the octave, so no logarithm is needed. Below the last octave
 * (probability 2^-24) the quantile falls linearly to 0.
 */
static double sched_pert_lower(const sched_pert_table *tab, int32_t row,
                               double w, uint64_t bits)
{
    const float *r0 = tab->q + (size_t)row * SCHED_PERT_ROW;
    const float *r1 = r0 + SCHED_PERT_ROW;
    if (bits < (1ULL << (63 - SCHED_PERT_OCTAVES))) {
        int last = (SCHED_PERT_OCTAVES - 1) * SCHED_PERT_NODES;
        double q = (1 - w) * r0[last] + w * r1[last];
        return q * ldexp((double)bits, SCHED_PERT_OCTAVES - 63);
    }
    int lead = __builtin_clzll(bits); /* the octave is lead - 1 */
    uint64_t frac = bits << (lead + 1);
    int at = (lead - 1) * SCHED_PERT_NODES +
             (int)(frac >> (64 - SCHED_PERT_STEP_BITS));
    /* The top 53 bits as a signed integer: an unsigned 64-bit one would
     * convert to double through a branch that goes either way. */
    double f =
        (double)(int64_t)((frac << SCHED_PERT_STEP_BITS) >> 11) * 0x1p-53;
    double q0 = r0[at] + f * (r0[at + 1] - r0[at]);
    double q1 = r1[at] + f * (r1[at + 1] - r1[at]);
    return q0 + w * (q1 - q0);
}

/*
 * A PERT draw in [0, 1]: the top bit picks the end the quantile is
 * measured from; near 1 it is 1 less the quantile of the mirrored
 * shape. Selected by index rather than branch: the bit is a coin toss.
 */
static double sched_pert_draw(const sched_pert_table *tab,
                              const sched_fc_var *v, uint64_t z)
{
    int side = (int)(z >> 63);
    double q =
        sched_pert_lower(tab, v->row[side], v->weight[side], z & ~(1ULL << 63));
    return side + (1 - 2 * side) * q;
}

/* The rows and weights of shape s and its mirror 1 - s. */
static void sched_pert_shape(sched_fc_var *v, double s)
{
    for (int side = 0; side < 2; side++) {
        double at = (side ? 1 - s : s) * SCHED_PERT_SHAPES;
        int32_t row = (int32_t)at;
        if (row >= SCHED_PERT_SHAPES)
            row = SCHED_PERT_SHAPES - 1;
        v->row[side] = row;
        v->weight[side] = at - row;
    }
}

/* ================================================================
 * Triangular
 * ================================================================ */

/* The triangular inverse on [0, 1] with its mode at c, both branches
 * computed so that the choice is a select, not a branch. */
static double sched_tri_draw(double c, uint64_t z)
{
    double u = sched_fc_unit(z);
    bool low = u < c;
    double s = sqrt(low ? u * c : (1 - u) * (1 - c));
    return low ? s : 1 - s;
}

/* ================================================================
 * Checks and items
 * ================================================================ */

static int sched_fc_check_estimate(const sched_estimate *e, int i,
                                   sched_error *err)
{
    const char *why = NULL;
    if (!isfinite(e->optimistic) || !isfinite(e->likely) ||
        !isfinite(e->pessimistic))
        why = "an estimate is not a number";
    else if (e->optimistic < 0 || e->pessimistic > SCHED_DAYS_MAX)
        why = "estimates not in 0..100000 days";
    else if (!(e->optimistic <= e->likely && e->likely <= e->pessimistic))
        why = "estimates not in order (optimistic <= likely <= pessimistic)";
    if (!why)
        return SCHED_OK;
    sched_error_set(err, SCHED_EINVAL, i, -1, "item %d: %s", i, why);
    return SCHED_EINVAL;
}

static int sched_fc_check(const sched_net *net, const sched_forecast_spec *s,
                          sched_error *err)
{
    const char *why = NULL;
    if (s->distribution != SCHED_DIST_PERT &&
        s->distribution != SCHED_DIST_TRIANGULAR)
        why = "unknown distribution";
    else if (s->iterations < 1 || s->iterations > SCHED_FORECAST_ITERATIONS_MAX)
        why =
            "iterations not in 1.." SCHED_FC_STR(SCHED_FORECAST_ITERATIONS_MAX);
    else if (s->threads < 1 || s->threads > SCHED_FORECAST_THREADS_MAX)
        why = "threads not in 1.." SCHED_FC_STR(SCHED_FORECAST_THREADS_MAX);
    else if ((net->n > 0 && !s->estimates) || s->n_watched < 0 ||
             (s->n_watched > 0 && !s->watched))
        why = "missing estimates or watched items";
    if (why) {
        sched_error_set(err, SCHED_EINVAL, -1, -1, "%s", why);
        return SCHED_EINVAL;
    }
    for (int w = 0; w < s->n_watched; w++)
        if (s->watched[w] < 0 || s->watched[w] >= net->n) {
            sched_error_set(err, SCHED_EINVAL, s->watched[w], -1,
                            "watched item %d does not exist", s->watched[w]);
            return SCHED_EINVAL;
        }
    for (int i = 0; i < net->n; i++) {
        int rc = sched_fc_check_estimate(&s->estimates[i], i, err);
        if (rc != SCHED_OK)
            return rc;
    }
    return SCHED_OK;
}

/* Whether the item at rank r takes its duration from its estimate. */
static bool sched_fc_plain(const sched_net *net, int32_t r)
{
    uint8_t st = net->state[r];
    return !(st & SCHED_ST_MILESTONE) &&
           (st & SCHED_ST_MASK) <= SCHED_ST_STARTED;
}

static sched_tick sched_fc_ticks(double ticks)
{
    return (sched_tick)(ticks + 0.5);
}

/*
 * Durations of items that do not vary, by rank, and the varying items in
 * rank order; returns how many vary.
 */
static int32_t sched_fc_items(const sched_net *net,
                              const sched_forecast_spec *s, sched_tick *dur,
                              sched_fc_var *var)
{
    int32_t n_var = 0;
    for (int32_t r = 0; r < net->n; r++) {
        int item = net->topo.order[r];
        const sched_estimate *e = &s->estimates[item];
        double lo = e->optimistic * SCHED_TICKS_PER_DAY;
        double span = e->pessimistic * SCHED_TICKS_PER_DAY - lo;
        dur[r] = sched_net_duration(net, r, sched_fc_ticks(lo));
        if (!sched_fc_plain(net, r) || !(span > 0))
            continue;
        sched_fc_var *v = &var[n_var++];
        double mode = (e->likely * SCHED_TICKS_PER_DAY - lo) / span;
        v->rank = r;
        v->item = item;
        v->started = (net->state[r] & SCHED_ST_MASK) == SCHED_ST_STARTED;
        v->lo = lo;
        v->span = span;
        v->mode = mode < 0 ? 0 : mode > 1 ? 1 : mode;
        sched_pert_shape(v, v->mode);
    }
    return n_var;
}

/* ================================================================
 * Workers
 * ================================================================ */

/*
 * One varying item's draws in [0, 1] for every lane. Stage by stage over
 * the lanes, so that the eight independent chains of multiplications
 * and table loads overlap instead of queueing behind one another.
 */
static void sched_fc_draw_item(const sched_fc_job *job, const sched_fc_var *v,
                               const uint64_t *key, double *x)
{
    uint64_t z[SCHED_FC_LANES];
    for (int j = 0; j < SCHED_FC_LANES; j++)
        z[j] = sched_fc_nth(key[j], (uint64_t)v->item);
    if (job->spec->distribution == SCHED_DIST_PERT)
        for (int j = 0; j < SCHED_FC_LANES; j++)
            x[j] = sched_pert_draw(job->pert, v, z[j]);
    else
        for (int j = 0; j < SCHED_FC_LANES; j++)
            x[j] = sched_tri_draw(v->mode, z[j]);
}

/* Every varying item's durations, one iteration per lane. */
static void sched_fc_draw(sched_fc_worker *w, const uint64_t *key)
{
    const sched_fc_job *job = w->job;
    for (int32_t i = 0; i < job->n_var; i++) {
        const sched_fc_var *v = &job->var[i];
        sched_tick *dur = w->lean.dur + (size_t)v->rank * SCHED_FC_LANES;
        double x[SCHED_FC_LANES];
        sched_fc_draw_item(job, v, key, x);
        for (int j = 0; j < SCHED_FC_LANES; j++)
            dur[j] = sched_fc_ticks(v->lo + x[j] * v->span);
        if (v->started)
            for (int j = 0; j < SCHED_FC_LANES; j++)
                dur[j] = sched_net_duration(job->net, v->rank, dur[j]);
    }
}

/* How many of a rank's first `lanes` flags are set: the flags are bytes
 * of 0 or 1, masked to those lanes and summed by one multiplication. */
static int sched_fc_count(const uint8_t *flags, uint64_t mask)
{
    uint64_t x;
    memcpy(&x, flags, sizeof x);
    return (int)(((x & mask) * 0x0101010101010101ULL) >> 56);
}

/* The first `lanes` lanes' results into the samples and sums. */
static void sched_fc_record(sched_fc_worker *w, int first, int lanes)
{
    const sched_fc_job *job = w->job;
    const sched_lean *lean = &w->lean;
    int n_it = job->spec->iterations;
    uint8_t on[SCHED_FC_LANES] = {0};
    uint64_t mask;
    for (int j = 0; j < lanes; j++) {
        on[j] = 0xff;
        job->finish[first + j] = lean->finish[j];
    }
    memcpy(&mask, on, sizeof mask);
    for (int k = 0; k < job->spec->n_watched; k++)
        for (int j = 0; j < lanes; j++)
            job->watched[(size_t)k * n_it + first + j] =
                lean->ef[(size_t)job->watch_rank[k] * SCHED_FC_LANES + j];
    for (int32_t r = 0; r < job->net->n; r++)
        w->critical[r] +=
            sched_fc_count(lean->critical + (size_t)r * SCHED_FC_LANES, mask);
    for (int32_t i = 0; i < job->n_var; i++) {
        const sched_tick *x =
            lean->dur + (size_t)job->var[i].rank * SCHED_FC_LANES;
        for (int j = 0; j < lanes; j++) {
            w->sx[i] += x[j];
            w->sxx[i] += (int64_t)x[j] * x[j];
            w->sxy[i] += (int64_t)x[j] * lean->finish[j];
        }
    }
}

/* Iterations [first, first + lanes), lanes <= 8; spare lanes repeat the
 * first iteration, so they cannot fail where it does not. */
static int sched_fc_batch(sched_fc_worker *w, int first, int lanes)
{
    uint64_t key[SCHED_FC_LANES];
    for (int j = 0; j < SCHED_FC_LANES; j++)
        key[j] = sched_fc_nth(w->job->seed_key,
                              (uint64_t)first + (j < lanes ? j : 0));
    sched_fc_draw(w, key);
    int rc = sched_lean_passes(&w->lean);
    if (rc == SCHED_OK)
        sched_fc_record(w, first, lanes);
    return rc;
}

/* Adds the block's sums to the job's totals and starts them again. */
static void sched_fc_flush(sched_fc_worker *w)
{
    sched_fc_job *job = w->job;
    pthread_mutex_lock(&job->lock);
    for (int32_t i = 0; i < job->n_var; i++) {
        job->sx[i] += w->sx[i];
        job->sxx[i] += w->sxx[i];
        job->sxy[i] += w->sxy[i];
    }
    pthread_mutex_unlock(&job->lock);
    size_t bytes = (size_t)job->n_var * sizeof *w->sx;
    memset(w->sx, 0, bytes);
    memset(w->sxx, 0, bytes);
    memset(w->sxy, 0, bytes);
}

/* Whether the deadline has passed, reading the clock only once enough
 * work was done since the last read. */
static bool sched_fc_expired(sched_fc_worker *w)
{
    const sched_fc_job *job = w->job;
    if (job->spec->deadline_us == SCHED_NO_DEADLINE)
        return false;
    w->unclocked += (int64_t)job->net->n * SCHED_FC_LANES;
    if (w->unclocked < SCHED_FC_CLOCK_WORK)
        return false;
    w->unclocked = 0;
    return sched_deadline_passed(job->spec->deadline_us);
}

static int sched_fc_block(sched_fc_worker *w, int32_t block)
{
    int n_it = w->job->spec->iterations;
    int first = block * SCHED_FC_BLOCK;
    int end = first + SCHED_FC_BLOCK < n_it ? first + SCHED_FC_BLOCK : n_it;
    for (int at = first; at < end; at += SCHED_FC_LANES) {
        int lanes = end - at < SCHED_FC_LANES ? end - at : SCHED_FC_LANES;
        if (sched_fc_expired(w))
            return SCHED_EDEADLINE;
        int rc = sched_fc_batch(w, at, lanes);
        if (rc != SCHED_OK)
            return rc;
    }
    sched_fc_flush(w);
    return SCHED_OK;
}

static void sched_fc_worker_init(sched_fc_worker *w, sched_fc_job *job)
{
    const sched_net *net = job->net;
    memset(w, 0, sizeof *w);
    w->job = job;
    w->unclocked = SCHED_FC_CLOCK_WORK; /* the first batch reads it */
    sched_lean_init(&w->lean);
    sched_lean_bind(&w->lean, net);
    for (int32_t r = 0; r < net->n; r++)
        for (int j = 0; j < SCHED_FC_LANES; j++)
            w->lean.dur[(size_t)r * SCHED_FC_LANES + j] = job->dur[r];
    size_t n_var = (size_t)job->n_var + 1;
    w->sx = xcalloc(n_var, sizeof *w->sx);
    w->sxx = xcalloc(n_var, sizeof *w->sxx);
    w->sxy = xcalloc(n_var, sizeof *w->sxy);
    w->critical = xcalloc((size_t)net->n + 1, sizeof *w->critical);
}

/* Adds the worker's critical counts to the job's and frees the worker. */
static void sched_fc_worker_fini(sched_fc_worker *w)
{
    sched_fc_job *job = w->job;
    for (int32_t r = 0; r < job->net->n; r++)
        job->critical[r] += w->critical[r];
    free(w->critical);
    free(w->sxy);
    free(w->sxx);
    free(w->sx);
    sched_lean_fini(&w->lean);
}

/* A worker's life: blocks until none are left or a run failed. */
static void *sched_fc_worker_main(void *arg)
{
    sched_fc_worker *w = arg;
    sched_fc_job *job = w->job;
    while (!atomic_load(&job->failed)) {
        int32_t b = atomic_fetch_add(&job->next_block, 1);
        if (b >= job->n_blocks)
            break;
        w->rc = sched_fc_block(w, b);
        if (w->rc != SCHED_OK)
            atomic_store(&job->failed, 1);
    }
    return NULL;
}

/*
 * Runs the job on up to `threads` workers, the caller's thread being the
 * first; a thread that cannot be started leaves its share to the others.
 * Returns the first failure of any worker.
 */
static int sched_fc_run_workers(sched_fc_job *job, int threads)
{
    sched_fc_worker *w = xcalloc((size_t)threads, sizeof *w);
    pthread_t *th = xcalloc((size_t)threads, sizeof *th);
    int started = 1, rc = SCHED_OK;
    for (int t = 0; t < threads; t++)
        sched_fc_worker_init(&w[t], job);
    while (started < threads &&
           pthread_create(&th[started], NULL, sched_fc_worker_main,
                          &w[started]) == 0)
        started++;
    sched_fc_worker_main(&w[0]);
    for (int t = 1; t < started; t++)
        pthread_join(th[t], NULL);
    for (int t = 0; t < threads; t++) {
        if (rc == SCHED_OK)
            rc = w[t].rc;
        sched_fc_worker_fini(&w[t]);
    }
    free(th);
    free(w);
    return rc;
}

/* ================================================================
 * Statistics
 * ================================================================ */

static int sched_fc_tick_cmp(const void *a, const void *b)
{
    sched_tick x = *(const sched_tick *)a, y = *(const sched_tick *)b;
    return (x > y) - (x < y);
}

/* Nearest rank: the sample of 1-based rank ceil(q n / 100). */
static sched_tick sched_fc_percentile(const sched_tick *sorted, int n, int q)
{
    return sorted[((int64_t)q * n + 99) / 100 - 1];
}

/* How many sorted samples are at or before target. */
static int sched_fc_at_or_before(const sched_tick *sorted, int n,
                                 sched_tick target)
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (sorted[mid] <= target)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Sorts samples and describes them. */
static void sched_fc_stats(sched_forecast_stats *st, sched_tick *samples, int n,
                           sched_tick target)
{
    sched_fc_wide sum = 0, squares = 0;
    memset(st, 0, sizeof *st);
    qsort(samples, (size_t)n, sizeof *samples, sched_fc_tick_cmp);
    for (int i = 0; i < n; i++) {
        sum += samples[i];
        squares += (sched_fc_wide)samples[i] * samples[i];
    }
    st->p50 = sched_fc_percentile(samples, n, 50);
    st->p80 = sched_fc_percentile(samples, n, 80);
    st->p95 = sched_fc_percentile(samples, n, 95);
    st->mean = (double)sum / n;
    /* n * sum of squares - sum^2 is exact, and never negative. */
    st->stddev = sqrt((double)((sched_fc_wide)n * squares - sum * sum)) / n;
    st->has_target = target != SCHED_FORECAST_NO_TARGET;
    st->p_target = st->has_target
                       ? (double)sched_fc_at_or_before(samples, n, target) / n
                       : 0;
}

/*
 * Pearson's correlation from exact sums: n sxy - sx sy over the root of
 * (n sxx - sx^2)(n syy - sy^2); 0 when either side never changes.
 */
static double sched_fc_pearson(sched_fc_wide n, sched_fc_wide sx,
                               sched_fc_wide sxx, sched_fc_wide sxy,
                               sched_fc_wide sy, sched_fc_wide syy)
{
    sched_fc_wide vx = n * sxx - sx * sx, vy = n * syy - sy * sy;
    if (vx <= 0 || vy <= 0)
        return 0;
    return (double)(n * sxy - sx * sy) / sqrt((double)vx * (double)vy);
}

/* Criticality and sensitivity by item, before the finishes are sorted
 * (the sums of the finish do not depend on the order). */
static void sched_fc_by_item(sched_forecast *out, const sched_fc_job *job)
{
    const sched_net *net = job->net;
    int n_it = job->spec->iterations;
    sched_fc_wide sy = 0, syy = 0;
    for (int i = 0; i < n_it; i++) {
        sy += job->finish[i];
        syy += (sched_fc_wide)job->finish[i] * job->finish[i];
    }
    for (int32_t r = 0; r < net->n; r++) {
        int item = net->topo.order[r];
        out->criticality[item] = (double)job->critical[r] / n_it;
        out->sensitivity[item] = 0;
    }
    for (int32_t i = 0; i < job->n_var; i++)
        out->sensitivity[job->var[i].item] = sched_fc_pearson(
            n_it, job->sx[i], job->sxx[i], job->sxy[i], sy, syy);
}

/* ================================================================
 * Interface
 * ================================================================ */

/* Carves the results for the spec from one allocation. */
static void *sched_fc_results(sched_forecast *out, const sched_net *net,
                              const sched_forecast_spec *s)
{
    size_t n = (size_t)net->n, w = (size_t)s->n_watched;
    size_t it = (size_t)s->iterations;
    size_t bytes = w * sizeof *out->watched + 2 * n * sizeof(double) +
                   (1 + w) * it * sizeof(sched_tick);
    unsigned char *mem = xmalloc(bytes + 1);
    out->watched = (sched_forecast_stats *)mem;
    out->criticality = (double *)(mem + w * sizeof *out->watched);
    out->sensitivity = out->criticality + n;
    out->finish_samples = (sched_tick *)(out->sensitivity + n);
    out->watched_samples = out->finish_samples + it;
    out->iterations = s->iterations;
    out->n_items = net->n;
    out->n_watched = s->n_watched;
    return mem;
}

static void sched_fc_job_init(sched_fc_job *job, const sched_net *net,
                              const sched_forecast_spec *s,
                              const sched_pert_table *pert)
{
    size_t n = (size_t)net->n + 1;
    memset(job, 0, sizeof *job);
    job->net = net;
    job->spec = s;
    job->pert = pert;
    sched_fc_var *var = xmalloc(n * sizeof *var);
    sched_tick *dur = xmalloc(n * sizeof *dur);
    int32_t *watch_rank =
        xmalloc(((size_t)s->n_watched + 1) * sizeof *watch_rank);
    job->n_var = sched_fc_items(net, s, dur, var);
    for (int k = 0; k < s->n_watched; k++)
        watch_rank[k] = sched_net_rank(net, s->watched[k]);
    job->var = var;
    job->dur = dur;
    job->watch_rank = watch_rank;
    job->seed_key = sched_fc_mix(s->seed);
    job->n_blocks = (s->iterations + SCHED_FC_BLOCK - 1) / SCHED_FC_BLOCK;
    atomic_init(&job->next_block, 0);
    atomic_init(&job->failed, 0);
    pthread_mutex_init(&job->lock, NULL);
    size_t n_var = (size_t)job->n_var + 1;
    job->sx = xcalloc(n_var, sizeof *job->sx);
    job->sxx = xcalloc(n_var, sizeof *job->sxx);
    job->sxy = xcalloc(n_var, sizeof *job->sxy);
    job->critical = xcalloc(n, sizeof *job->critical);
}

static void sched_fc_job_fini(sched_fc_job *job)
{
    pthread_mutex_destroy(&job->lock);
    free(job->critical);
    free(job->sxy);
    free(job->sxx);
    free(job->sx);
    free((void *)job->watch_rank);
    free((void *)job->dur);
    free((void *)job->var);
}

void sched_forecast_init(sched_forecast *fc)
{
    memset(fc, 0, sizeof *fc);
}

void sched_forecast_fini(sched_forecast *fc)
{
    free(fc->pert);
    free(fc->mem);
    memset(fc, 0, sizeof *fc);
}

void sched_forecast_trim(sched_forecast *fc)
{
    void *pert = fc->pert;
    free(fc->mem);
    memset(fc, 0, sizeof *fc);
    fc->pert = pert;
}

int sched_forecast_run(const sched_net *net, const sched_forecast_spec *spec,
                       sched_forecast *fc, sched_error *err)
{
    int rc = sched_fc_check(net, spec, err);
    if (rc != SCHED_OK)
        return rc;
    if (spec->distribution == SCHED_DIST_PERT && !fc->pert)
        fc->pert = xcalloc(1, sizeof(sched_pert_table));
    sched_forecast out = *fc;
    sched_fc_job job;
    void *mem = sched_fc_results(&out, net, spec);
    sched_fc_job_init(&job, net, spec, fc->pert);
    if (spec->distribution == SCHED_DIST_PERT)
        sched_pert_need(fc->pert, job.var, job.n_var);
    job.finish = out.finish_samples;
    job.watched = out.watched_samples;
    int threads = spec->threads < job.n_blocks ? spec->threads : job.n_blocks;
    rc = sched_fc_run_workers(&job, threads);
    if (rc == SCHED_OK) {
        sched_fc_by_item(&out, &job);
        sched_fc_stats(&out.finish, out.finish_samples, spec->iterations,
                       spec->target);
        for (int k = 0; k < spec->n_watched; k++)
            sched_fc_stats(&out.watched[k],
                           out.watched_samples + (size_t)k * spec->iterations,
                           spec->iterations,
                           spec->watched_targets ? spec->watched_targets[k]
                                                 : SCHED_FORECAST_NO_TARGET);
        free(fc->mem);
        out.mem = mem;
        *fc = out;
    } else {
        if (rc == SCHED_EDEADLINE)
            sched_error_set(err, rc, -1, -1,
                            "the forecast stopped at the deadline, before "
                            "its %d iterations were done",
                            spec->iterations);
        else
            sched_error_set(err, rc, -1, -1,
                            "a drawn schedule leaves the supported date range");
        free(mem);
    }
    sched_fc_job_fini(&job);
    return rc;
}
