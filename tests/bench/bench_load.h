/* tests/bench/bench_load.h - K requests in flight, for the RPC benchmarks. */
/*
 * The engine both pmo-bench-rpc and pmo-bench drive: K req0 contexts over
 * M TLS connections, each sending its next request from its own aio
 * callback as soon as the last reply is checked, for a warm-up and then a
 * fixed time or count. What a request is and what makes a reply good is
 * the caller's, through two callbacks; the engine keeps time, latencies
 * (nearest-rank percentiles) and the first error. Every send and receive
 * has a timeout, and a run gives up after a handful of errors, so a run
 * always ends by itself.
 */
#ifndef PMO_TESTS_BENCH_BENCH_LOAD_H
#define PMO_TESTS_BENCH_BENCH_LOAD_H

#include <nng/nng.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Per send or receive; also the deadline written into each envelope. */
#define BENCH_IO_TIMEOUT_MS 10000
/* Largest request a flight packs. */
#define BENCH_REQ_MAX 4096
/* A run that keeps failing is stopped rather than run to the end. */
#define BENCH_MAX_ERRORS 10
#define NS_PER_S         INT64_C(1000000000)

typedef struct bench_stats {
    double median, p90, p99, max; /* microseconds */
} bench_stats;

typedef struct bench_result {
    char load[48]; /* "M connections / K" */
    long count;    /* good round trips measured */
    long retries;  /* replies the check asked to retry (not counted) */
    long errors;
    long dropped; /* measured but not kept for percentiles */
    double seconds;
    double rps;
    bench_stats st;
    char first_error[256];
} bench_result;

typedef enum bench_verdict {
    BENCH_GOOD = 0,  /* count it */
    BENCH_RETRY = 1, /* an expected refusal (e.g. ABORTED): not counted */
    BENCH_BAD = -1,  /* an error; why says what */
} bench_verdict;

typedef struct bench_load_ops {
    /*
     * Writes flight's next request (sequence number seq, unique in the
     * run) into buf; returns its length, 0 if it cannot.
     */
    size_t (*pack)(void *arg, int flight, uint64_t seq, uint8_t *buf,
                   size_t cap);
    /* Judges the reply to the request req of req_len bytes. */
    bench_verdict (*check)(void *arg, int flight, uint64_t seq,
                           const uint8_t *req, size_t req_len, nng_msg *reply,
                           char *why, size_t whylen);
    void *arg;
} bench_load_ops;

typedef struct bench_load_plan {
    const char *url;
    const char *ca;
    int connections;
    int inflight;
    long warmup;  /* good round trips before measuring starts */
    long seconds; /* measure this long ... */
    long count;   /* ... or, if > 0, until this many are measured */
} bench_load_plan;

/* Runs plan with ops and fills r (zeroed first). */
void bench_load_run(const bench_load_plan *plan, const bench_load_ops *ops,
                    bench_result *r);

/* ------------------------------------------ shared by the benchmarks */

int64_t bench_mono_ns(void);
void bench_sleep_ms(long ms);
/* Sorts ns in place and fills out from it. */
void bench_stats_compute(int64_t *ns, size_t n, bench_stats *out);
void bench_result_error(bench_result *r, const char *why);
/* A req0 socket with one TLS connection, set up as libpmoclient does. */
int bench_dial(const char *url, const char *ca, nng_socket *out, char *err,
               size_t errlen);

#endif
