/* tests/bench/bench_load.c - K requests in flight over M TLS connections. */
#include "bench_load.h"

#include "common/envelope.h"
#include "common/tls.h"

#include <errno.h>
#include <nng/protocol/reqrep0/req.h>
#include <nng/supplemental/tls/tls.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BENCH_WARMUP_MAX_NS (30 * NS_PER_S)
/* Latency samples kept per run (8 bytes each). */
#define BENCH_MAX_SAMPLES (8u * 1000 * 1000)

/* ------------------------------------------------------------------ time */

int64_t bench_mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * NS_PER_S + ts.tv_nsec;
}

void bench_sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* ----------------------------------------------------------------- stats */

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Nearest rank: the smallest sample with at least p% of all at or below. */
static double percentile_us(const int64_t *sorted, size_t n, double p)
{
    size_t rank = (size_t)((p / 100.0) * (double)n + 0.999999);
    if (rank < 1)
        rank = 1;
    if (rank > n)
        rank = n;
    return (double)sorted[rank - 1] / 1000.0;
}

void bench_stats_compute(int64_t *ns, size_t n, bench_stats *out)
{
    memset(out, 0, sizeof(*out));
    if (n == 0)
        return;
    qsort(ns, n, sizeof(*ns), cmp_i64);
    out->median = percentile_us(ns, n, 50);
    out->p90 = percentile_us(ns, n, 90);
    out->p99 = percentile_us(ns, n, 99);
    out->max = (double)ns[n - 1] / 1000.0;
}

void bench_result_error(bench_result *r, const char *why)
{
    if (r->errors++ == 0)
        snprintf(r->first_error, sizeof(r->first_error), "%.*s",
                 (int)sizeof(r->first_error) - 1, why);
}

/* ----------------------------------------------------------------- dial */

int bench_dial(const char *url, const char *ca, nng_socket *out, char *err,
               size_t errlen)
{
    char *host = tls_url_host(url);
    if (host == NULL) {
        snprintf(err, errlen, "%s: expected tls+tcp://HOST:PORT", url);
        return -1;
    }
    nng_tls_config *cfg = NULL;
    int bad = tls_client_config(ca, host, NULL, NULL, &cfg, err, errlen);
    free(host);
    if (bad)
        return -1;
    nng_socket s = NNG_SOCKET_INITIALIZER;
    nng_dialer d;
    int rv = nng_req0_open(&s);
    if (rv == 0)
        rv = nng_socket_set_size(s, NNG_OPT_RECVMAXSZ, ENVELOPE_MAX_MESSAGE);
    if (rv == 0)
        rv = nng_socket_set_ms(s, NNG_OPT_SENDTIMEO, BENCH_IO_TIMEOUT_MS);
    if (rv == 0)
        rv = nng_socket_set_ms(s, NNG_OPT_RECVTIMEO, BENCH_IO_TIMEOUT_MS);
    if (rv == 0)
        rv = nng_dialer_create(&d, s, url);
    if (rv == 0)
        rv = nng_dialer_set_ptr(d, NNG_OPT_TLS_CONFIG, cfg);
    if (rv == 0)
        rv = nng_dialer_start(d, 0); /* blocking: connected on return */
    nng_tls_config_free(cfg);
    if (rv != 0) {
        snprintf(err, errlen, "dial %s: %s", url, nng_strerror(rv));
        nng_close(s);
        return -1;
    }
    *out = s;
    return 0;
}

/* ---------------------------------------------------------- the flights */

typedef struct load load;

/* One request slot: send, receive, check, send the next one. */
typedef struct flight {
    load *ld;
    int index;
    nng_aio *aio;
    nng_ctx ctx;
    bool receiving;
    uint64_t seq;
    int64_t sent_ns;
    size_t len;
    uint8_t req[BENCH_REQ_MAX];
} flight;

struct load {
    const bench_load_ops *ops;
    long count_goal;
    nng_socket *socks;
    int nsocks;
    flight *fl;
    int nfl;
    _Atomic uint64_t next_seq;
    atomic_long completed; /* good round trips, warm-up included */
    atomic_long errors;
    atomic_long retries;
    atomic_int running; /* flights that have not parked */
    atomic_bool measuring;
    atomic_bool stopping;
    int64_t t0; /* written before measuring is set */
    atomic_long counted;
    int64_t *lat;
    size_t cap;
    atomic_size_t nlat;
    pthread_mutex_t err_lock;
    char first_error[256];
};

static void load_error(load *ld, const char *why)
{
    pthread_mutex_lock(&ld->err_lock);
    if (ld->first_error[0] == '\0')
        snprintf(ld->first_error, sizeof(ld->first_error), "%.*s",
                 (int)sizeof(ld->first_error) - 1, why);
    pthread_mutex_unlock(&ld->err_lock);
    if (atomic_fetch_add(&ld->errors, 1) + 1 >= BENCH_MAX_ERRORS)
        atomic_store(&ld->stopping, true);
}

static void load_record(load *ld, int64_t ns, int64_t now)
{
    atomic_fetch_add(&ld->completed, 1);
    if (!atomic_load(&ld->measuring) || atomic_load(&ld->stopping) ||
        now < ld->t0)
        return;
    long n = atomic_fetch_add(&ld->counted, 1) + 1;
    size_t i = atomic_fetch_add(&ld->nlat, 1);
    if (i < ld->cap)
        ld->lat[i] = ns;
    if (ld->count_goal > 0 && n >= ld->count_goal)
        atomic_store(&ld->stopping, true);
}

static void flight_park(flight *f)
{
    atomic_fetch_sub(&f->ld->running, 1);
}

static void flight_send(flight *f)
{
    load *ld = f->ld;
    f->sent_ns = bench_mono_ns();
    f->seq = atomic_fetch_add(&ld->next_seq, 1);
    f->len =
        ld->ops->pack(ld->ops->arg, f->index, f->seq, f->req, sizeof(f->req));
    nng_msg *m = NULL;
    int rv = f->len == 0 ? NNG_EINVAL : nng_msg_alloc(&m, f->len);
    if (rv != 0) {
        load_error(ld,
                   f->len == 0 ? "request does not pack" : nng_strerror(rv));
        flight_park(f);
        return;
    }
    memcpy(nng_msg_body(m), f->req, f->len);
    f->receiving = false;
    nng_aio_set_msg(f->aio, m);
    nng_ctx_send(f->ctx, f->aio);
}

static void flight_next(flight *f)
{
    if (atomic_load(&f->ld->stopping))
        flight_park(f);
    else
        flight_send(f);
}

static void flight_failed(flight *f, int rv)
{
    if (!f->receiving)
        nng_msg_free(nng_aio_get_msg(f->aio)); /* unsent: still ours */
    if ((rv == NNG_ECANCELED || rv == NNG_ECLOSED) &&
        atomic_load(&f->ld->stopping)) {
        flight_park(f);
        return;
    }
    char why[160];
    snprintf(why, sizeof(why), "%s: %s", f->receiving ? "receive" : "send",
             nng_strerror(rv));
    load_error(f->ld, why);
    if (rv == NNG_ECLOSED)
        flight_park(f);
    else
        flight_next(f);
}

static void flight_cb(void *arg)
{
    flight *f = arg;
    int rv = nng_aio_result(f->aio);
    if (rv != 0) {
        flight_failed(f, rv);
        return;
    }
    if (!f->receiving) {
        f->receiving = true;
        nng_ctx_recv(f->ctx, f->aio);
        return;
    }
    int64_t now = bench_mono_ns();
    nng_msg *reply = nng_aio_get_msg(f->aio);
    char why[300] = "";
    const bench_load_ops *ops = f->ld->ops;
    bench_verdict v = ops->check(ops->arg, f->index, f->seq, f->req, f->len,
                                 reply, why, sizeof(why));
    nng_msg_free(reply);
    if (v == BENCH_BAD)
        load_error(f->ld, why);
    else if (v == BENCH_RETRY)
        atomic_fetch_add(&f->ld->retries, 1);
    else
        load_record(f->ld, now - f->sent_ns, now);
    flight_next(f);
}

static int load_open(load *ld, const bench_load_plan *p, char *err,
                     size_t errlen)
{
    ld->socks = calloc((size_t)ld->nsocks, sizeof(*ld->socks));
    ld->fl = calloc((size_t)ld->nfl, sizeof(*ld->fl));
    ld->lat = calloc(ld->cap, sizeof(*ld->lat));
    if (!ld->socks || !ld->fl || !ld->lat) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (int i = 0; i < ld->nsocks; i++)
        if (bench_dial(p->url, p->ca, &ld->socks[i], err, errlen) != 0)
            return -1;
    for (int i = 0; i < ld->nfl; i++) {
        flight *f = &ld->fl[i];
        f->ld = ld;
        f->index = i;
        int rv = nng_aio_alloc(&f->aio, flight_cb, f);
        if (rv == 0)
            rv = nng_ctx_open(&f->ctx, ld->socks[i % ld->nsocks]);
        if (rv != 0) {
            snprintf(err, errlen, "context %d: %s", i, nng_strerror(rv));
            return -1;
        }
        nng_aio_set_timeout(f->aio, BENCH_IO_TIMEOUT_MS);
    }
    return 0;
}

static void load_close(load *ld)
{
    atomic_store(&ld->stopping, true);
    for (int i = 0; ld->fl && i < ld->nfl; i++)
        if (ld->fl[i].aio)
            nng_aio_stop(ld->fl[i].aio);
    for (int i = 0; ld->fl && i < ld->nfl; i++) {
        if (ld->fl[i].aio)
            nng_aio_free(ld->fl[i].aio);
        nng_ctx_close(ld->fl[i].ctx);
    }
    for (int i = 0; ld->socks && i < ld->nsocks; i++)
        nng_close(ld->socks[i]);
    free(ld->fl);
    free(ld->socks);
    free(ld->lat);
    pthread_mutex_destroy(&ld->err_lock);
}

/* Warm up, measure, then let each flight finish its trip. */
static void load_measure(load *ld, const bench_load_plan *p, bench_result *r)
{
    int64_t give_up = bench_mono_ns() + BENCH_WARMUP_MAX_NS;
    while (atomic_load(&ld->completed) < p->warmup &&
           !atomic_load(&ld->stopping) && bench_mono_ns() < give_up)
        bench_sleep_ms(5);
    ld->t0 = bench_mono_ns();
    atomic_store(&ld->measuring, true);
    int64_t end = ld->t0 + p->seconds * NS_PER_S;
    while ((p->count > 0 || bench_mono_ns() < end) &&
           !atomic_load(&ld->stopping))
        bench_sleep_ms(p->count > 0 ? 1 : 10);
    atomic_store(&ld->stopping, true);
    int64_t t1 = bench_mono_ns();
    int64_t drain_until = t1 + (BENCH_IO_TIMEOUT_MS + 2000) * INT64_C(1000000);
    while (atomic_load(&ld->running) > 0 && bench_mono_ns() < drain_until)
        bench_sleep_ms(5);

    r->count = atomic_load(&ld->counted);
    r->seconds = (double)(t1 - ld->t0) / (double)NS_PER_S;
    r->rps = r->seconds > 0 ? (double)r->count / r->seconds : 0;
    size_t kept = atomic_load(&ld->nlat);
    if (kept > ld->cap) {
        r->dropped = (long)(kept - ld->cap);
        kept = ld->cap;
    }
    bench_stats_compute(ld->lat, kept, &r->st);
}

void bench_load_run(const bench_load_plan *p, const bench_load_ops *ops,
                    bench_result *r)
{
    memset(r, 0, sizeof(*r));
    snprintf(r->load, sizeof(r->load), "%d connection%s / %d", p->connections,
             p->connections == 1 ? "" : "s", p->inflight);
    load ld = {.ops = ops,
               .count_goal = p->count,
               .nsocks = p->connections,
               .nfl = p->inflight};
    pthread_mutex_init(&ld.err_lock, NULL);
    uint64_t want = p->count > 0 ? (uint64_t)p->count + (uint64_t)p->inflight
                                 : (uint64_t)p->seconds * 200000u;
    ld.cap = want < BENCH_MAX_SAMPLES ? (size_t)want : BENCH_MAX_SAMPLES;
    char err[300];
    if (load_open(&ld, p, err, sizeof(err)) != 0) {
        bench_result_error(r, err);
        load_close(&ld);
        return;
    }
    atomic_store(&ld.running, ld.nfl);
    for (int i = 0; i < ld.nfl; i++)
        flight_send(&ld.fl[i]);
    load_measure(&ld, p, r);
    load_close(&ld);
    r->errors = atomic_load(&ld.errors);
    r->retries = atomic_load(&ld.retries);
    snprintf(r->first_error, sizeof(r->first_error), "%s", ld.first_error);
}
