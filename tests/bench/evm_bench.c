/* tests/bench/evm_bench.c - pmo-bench-evm: earned value through the RPC. */
/*
 * Times EvmService on a program someone else filled (run_evm_bench.sh
 * writes 10,000 items, their baseline, 50,000 expenses and budgets
 * straight into the database): C calls of GetEarnedValue at one status
 * date, then C calls of GetEarnedValueSeries by month for the whole
 * program, one call at a time, each the time from sending the request to
 * holding the decoded reply. Prints the median, 90th percentile and
 * largest of each, the reply's size, and a few of its figures so a run
 * that measured an empty program shows it.
 *
 * Usage: pmo-bench-evm --server URL --ca FILE --password-file F
 *        --program KEY --at DATE [--calls C]
 */
#include "bench_client.h"
#include "client/pmoclient.h"
#include "pmo/v1/evm.pb-c.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct evm_opts {
    const char *server, *ca, *password_file, *program, *at;
    long calls;
} evm_opts;

static double evm_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int evm_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Nearest rank. */
static double evm_rank(const double *sorted, long n, double share)
{
    long k = (long)(share * (double)n + 0.999999);
    if (k < 1)
        k = 1;
    return sorted[k - 1 < n ? k - 1 : n - 1];
}

/* Calls method C times; prints its line of the table. *last is the last
 * reply (the caller frees it). */
static void evm_time(pmo_client *c, const char *method,
                     const ProtobufCMessage *in, long calls,
                     ProtobufCMessage **last)
{
    double *ms = calloc((size_t)calls, sizeof(*ms));
    *last = NULL;
    for (long k = 0; k < calls; k++) {
        if (*last)
            protobuf_c_message_free_unpacked(*last, NULL);
        double t0 = evm_now_ms();
        bench_call_or_die(c, &pmo__v1__evm_service__descriptor, method, in,
                          last, method);
        ms[k] = evm_now_ms() - t0;
    }
    qsort(ms, (size_t)calls, sizeof(*ms), evm_cmp_double);
    printf("| %s | %ld | %.1f ms | %.1f ms | %.1f ms | %zu bytes |\n", method,
           calls, evm_rank(ms, calls, 0.5), evm_rank(ms, calls, 0.9),
           ms[calls - 1], protobuf_c_message_get_packed_size(*last));
    free(ms);
}

static void evm_usage(void)
{
    fprintf(stderr, "usage: pmo-bench-evm --server URL --ca FILE "
                    "--password-file F --program KEY --at DATE [--calls C]\n");
    exit(2);
}

static void evm_opts_parse(int argc, char **argv, evm_opts *o)
{
    static const struct option longs[] = {
        {"server", required_argument, NULL, 's'},
        {"ca", required_argument, NULL, 'c'},
        {"password-file", required_argument, NULL, 'p'},
        {"program", required_argument, NULL, 'k'},
        {"at", required_argument, NULL, 'a'},
        {"calls", required_argument, NULL, 'n'},
        {NULL, 0, NULL, 0},
    };
    *o = (evm_opts){.calls = 50};
    int ch;
    while ((ch = getopt_long(argc, argv, "", longs, NULL)) != -1) {
        switch (ch) {
        case 's': o->server = optarg; break;
        case 'c': o->ca = optarg; break;
        case 'p': o->password_file = optarg; break;
        case 'k': o->program = optarg; break;
        case 'a': o->at = optarg; break;
        case 'n': o->calls = strtol(optarg, NULL, 10); break;
        default: evm_usage();
        }
    }
    if (!o->server || !o->ca || !o->password_file || !o->program || !o->at ||
        o->calls < 1)
        evm_usage();
}

int main(int argc, char **argv)
{
    evm_opts o;
    evm_opts_parse(argc, argv, &o);
    pmo_client *c = bench_login(o.server, o.ca, o.password_file, NULL);

    Pmo__V1__EarnedValueRequest value = PMO__V1__EARNED_VALUE_REQUEST__INIT;
    value.program = (char *)o.program;
    value.status_date = (char *)o.at;
    Pmo__V1__EarnedValueSeriesRequest series =
        PMO__V1__EARNED_VALUE_SERIES_REQUEST__INIT;
    series.program = (char *)o.program;
    series.status_date = (char *)o.at;
    series.period = PMO__V1__EVM_PERIOD__EVM_PERIOD_MONTH;

    printf("| call | calls | median | p90 | max | reply |\n");
    printf("|---|--:|--:|--:|--:|--:|\n");
    ProtobufCMessage *v, *s;
    evm_time(c, "GetEarnedValue", &value.base, o.calls, &v);
    evm_time(c, "GetEarnedValueSeries", &series.base, o.calls, &s);

    const Pmo__V1__EarnedValueResponse *vr =
        (const Pmo__V1__EarnedValueResponse *)v;
    const Pmo__V1__EarnedValueSeriesResponse *sr =
        (const Pmo__V1__EarnedValueSeriesResponse *)s;
    const Pmo__V1__EarnedValue *t = vr->program_total;
    printf("\n%s at %s: %zu projects, %u items, BAC %lld, PV %lld, EV %lld, "
           "AC %lld (minor units of %s); series: %zu months from %s to %s\n",
           vr->program, vr->status_date, vr->n_projects, t ? t->items : 0,
           t ? (long long)t->bac_minor : 0, t ? (long long)t->pv_minor : 0,
           t ? (long long)t->ev_minor : 0, t ? (long long)t->ac_minor : 0,
           vr->currency, sr->n_points,
           sr->n_points ? sr->points[0]->period_end : "-",
           sr->n_points ? sr->points[sr->n_points - 1]->period_end : "-");
    protobuf_c_message_free_unpacked(v, NULL);
    protobuf_c_message_free_unpacked(s, NULL);
    pmo_client_close(c);
    return 0;
}
