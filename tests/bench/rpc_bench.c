/* tests/bench/rpc_bench.c - pmo-bench-rpc: Meta/Info round trips over TLS. */
/*
 * Measures what a call to pmo-server costs on top of the transport. Every
 * number for pmo.v1.Meta/Info is printed next to the same measurement
 * against a bare nng rep0 echo server running in this process: the same
 * request bytes and the same TLS configuration (common/tls.c: TLS 1.2 on
 * mbedTLS), so the difference between the rows is what the server adds
 * (two thread hops, envelope checks, dispatch, the handler, a log line)
 * and not the transport.
 *
 * Phase A: one client, one request at a time, N round trips per target.
 * The echo is called with nng_sendmsg/nng_recvmsg; pmo-server with
 * pmo_call, as an integrator calls it, so its row also holds what
 * libpmoclient does around the transport (a fresh idempotency key,
 * decoding the reply and its payload).
 * Phase B: K requests in flight as K req0 contexts, first over one TLS
 * connection, then over K connections, for S seconds per target. Both
 * targets get the same client here: pack, send, receive, check.
 *
 * Everything is bounded: every operation has a timeout, a phase gives up
 * after a handful of errors, and the program exits by itself.
 */
#include "bench_load.h"
#include "client/pmoclient.h"
#include "common/envelope.h"
#include "common/status.h"
#include "common/tls.h"
#include "pmo/v1/meta.pb-c.h"
#include "pmo/v1/rpc.pb-c.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <nng/nng.h>
#include <nng/protocol/reqrep0/rep.h>
#include <nng/protocol/reqrep0/req.h>
#include <nng/supplemental/tls/tls.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#define INFO_METHOD "pmo.v1.Meta/Info"
/* Top bit set: every id packs to the same 10-byte varint. */
#define INFO_ID_BASE (UINT64_C(1) << 63)
typedef enum target_kind { TARGET_ECHO, TARGET_PMO } target_kind;

static const char *const target_names[] = {"nng rep0 echo",
                                           "pmo-server Meta/Info"};

typedef struct bench_opts {
    const char *server_url;
    const char *ca;
    const char *cert;
    const char *key;
    const char *echo_url;
    long requests;
    long inflight;
    long seconds;
    long warmup;
    bool one_connection;
} bench_opts;

typedef struct result {
    target_kind kind;
    bench_result b;
} result;

/* What Meta/Info said about the server, for the report. */
typedef struct server_facts {
    bool known;
    char version[32];
    unsigned workers, contexts;
} server_facts;

/* ------------------------------------------------------------- requests */

/*
 * The envelope pmo_call sends for Meta/Info: id, method, no token, a
 * deadline, a 32-character idempotency key and the packed (empty)
 * InfoRequest. The echo server gets exactly these bytes too.
 */
static size_t info_request_pack(uint64_t seq, uint8_t *buf, size_t cap)
{
    static char method[] = INFO_METHOD;
    static char no_token[] = "";
    Pmo__V1__InfoRequest in = PMO__V1__INFO_REQUEST__INIT;
    uint8_t payload[16];
    char key[33];
    snprintf(key, sizeof(key), "%016" PRIx64 "%016" PRIx64, seq, ~seq);
    Pmo__V1__RequestEnvelope env = PMO__V1__REQUEST_ENVELOPE__INIT;
    env.id = INFO_ID_BASE | seq;
    env.method = method;
    env.auth_token = no_token;
    env.timeout_ms = BENCH_IO_TIMEOUT_MS;
    env.idempotency_key = key;
    env.payload.data = payload;
    env.payload.len = pmo__v1__info_request__pack(&in, payload);
    if (pmo__v1__request_envelope__get_packed_size(&env) > cap)
        return 0;
    return pmo__v1__request_envelope__pack(&env, buf);
}

static int msg_from_bytes(const uint8_t *buf, size_t len, nng_msg **out)
{
    int rv = nng_msg_alloc(out, len);
    if (rv == 0)
        memcpy(nng_msg_body(*out), buf, len);
    return rv;
}

static int echo_check(const uint8_t *sent, size_t sent_len, nng_msg *reply,
                      char *why, size_t whylen)
{
    if (nng_msg_len(reply) == sent_len &&
        memcmp(nng_msg_body(reply), sent, sent_len) == 0)
        return 0;
    snprintf(why, whylen, "echo: reply of %zu bytes differs from the request",
             nng_msg_len(reply));
    return -1;
}

/* A pmo-server reply must be a ResponseEnvelope answering id with OK. */
static int response_check(nng_msg *reply, uint64_t id, char *why, size_t whylen)
{
    Pmo__V1__ResponseEnvelope *resp = pmo__v1__response_envelope__unpack(
        NULL, nng_msg_len(reply), nng_msg_body(reply));
    int rc = -1;
    if (resp == NULL)
        snprintf(why, whylen, "reply of %zu bytes is not a ResponseEnvelope",
                 nng_msg_len(reply));
    else if (resp->id != id)
        snprintf(why, whylen, "reply carries id %" PRIu64 ", expected %" PRIu64,
                 resp->id, id);
    else if (resp->code != PMO__V1__STATUS_CODE__OK)
        snprintf(why, whylen, "%s: %s", pmo_status_name((int)resp->code),
                 resp->message);
    else
        rc = 0;
    if (resp)
        pmo__v1__response_envelope__free_unpacked(resp, NULL);
    return rc;
}

/* ---------------------------------------------------------- echo server */

/*
 * The least a rep0 server can do: each context hands the request straight
 * back from its own aio callback, with no queue and no thread hop, so it
 * shows the floor that nng and TLS set.
 */
typedef struct echo_ctx {
    nng_aio *aio;
    nng_ctx ctx;
    bool sending;
} echo_ctx;

typedef struct echo_server {
    nng_socket sock;
    echo_ctx *ctxs;
    int n;
    char url[160];
} echo_server;

static void echo_cb(void *arg)
{
    echo_ctx *e = arg;
    int rv = nng_aio_result(e->aio);
    if (e->sending && rv != 0)
        nng_msg_free(nng_aio_get_msg(e->aio)); /* unsent: still ours */
    if (rv == NNG_ECLOSED || rv == NNG_ECANCELED)
        return;
    if (!e->sending && rv == 0) {
        /* rep0 restores the routing header itself when the reply is sent. */
        e->sending = true;
        nng_aio_set_msg(e->aio, nng_aio_get_msg(e->aio));
        nng_ctx_send(e->ctx, e->aio);
        return;
    }
    e->sending = false;
    nng_ctx_recv(e->ctx, e->aio);
}

static int echo_listen(echo_server *es, const bench_opts *o, char *err,
                       size_t errlen)
{
    nng_tls_config *cfg = NULL;
    if (tls_server_config(o->cert, o->key, NULL, TLS_CLIENT_AUTH_NONE, &cfg,
                          err, errlen) != 0)
        return -1;
    nng_listener l;
    int rv = nng_listener_create(&l, es->sock, o->echo_url);
    if (rv == 0)
        rv = nng_listener_set_ptr(l, NNG_OPT_TLS_CONFIG, cfg);
    nng_tls_config_free(cfg); /* the listener holds its own reference */
    if (rv == 0)
        rv = nng_listener_start(l, 0);
    if (rv != 0) {
        snprintf(err, errlen, "echo server on %s: %s", o->echo_url,
                 nng_strerror(rv));
        return -1;
    }
    /* Port 0 asks for a free one; dialers need the one we got. */
    int port = 0;
    char *host = tls_url_host(o->echo_url);
    if (host && nng_listener_get_int(l, NNG_OPT_TCP_BOUND_PORT, &port) == 0)
        snprintf(es->url, sizeof(es->url), "tls+tcp://%s:%d", host, port);
    else
        snprintf(es->url, sizeof(es->url), "%s", o->echo_url);
    free(host);
    return 0;
}

static int echo_start(echo_server *es, const bench_opts *o, char *err,
                      size_t errlen)
{
    /* Twice K: a context still finishing a send never holds up a request. */
    es->n = (int)o->inflight * 2;
    es->ctxs = calloc((size_t)es->n, sizeof(*es->ctxs));
    int rv = es->ctxs ? nng_rep0_open(&es->sock) : NNG_ENOMEM;
    if (rv == 0)
        rv = nng_socket_set_size(es->sock, NNG_OPT_RECVMAXSZ,
                                 ENVELOPE_MAX_MESSAGE);
    for (int i = 0; rv == 0 && i < es->n; i++) {
        rv = nng_aio_alloc(&es->ctxs[i].aio, echo_cb, &es->ctxs[i]);
        if (rv == 0)
            rv = nng_ctx_open(&es->ctxs[i].ctx, es->sock);
    }
    if (rv != 0) {
        snprintf(err, errlen, "echo server: %s", nng_strerror(rv));
        return -1;
    }
    if (echo_listen(es, o, err, errlen) != 0)
        return -1;
    for (int i = 0; i < es->n; i++)
        nng_ctx_recv(es->ctxs[i].ctx, es->ctxs[i].aio);
    return 0;
}

static void echo_stop(echo_server *es)
{
    nng_close(es->sock);
    if (es->ctxs == NULL)
        return;
    for (int i = 0; i < es->n; i++)
        if (es->ctxs[i].aio)
            nng_aio_stop(es->ctxs[i].aio);
    for (int i = 0; i < es->n; i++) {
        if (es->ctxs[i].aio)
            nng_aio_free(es->ctxs[i].aio);
        nng_ctx_close(es->ctxs[i].ctx);
    }
    free(es->ctxs);
    es->ctxs = NULL;
}

/* ------------------------------------------------ phase A: one client */

typedef int (*call_fn)(void *arg, uint64_t seq, char *why, size_t whylen);

/* One blocking round trip to the echo server, packing included. */
static int echo_once(void *arg, uint64_t seq, char *why, size_t whylen)
{
    nng_socket *s = arg;
    uint8_t req[BENCH_REQ_MAX];
    size_t len = info_request_pack(seq, req, sizeof(req));
    nng_msg *m = NULL;
    int rv = msg_from_bytes(req, len, &m);
    if (rv == 0 && (rv = nng_sendmsg(*s, m, 0)) != 0)
        nng_msg_free(m);
    if (rv == 0)
        rv = nng_recvmsg(*s, &m, 0);
    if (rv != 0) {
        snprintf(why, whylen, "echo: %s", nng_strerror(rv));
        return -1;
    }
    rv = echo_check(req, len, m, why, whylen);
    nng_msg_free(m);
    return rv;
}

typedef struct pmo_target {
    pmo_client *client;
    server_facts *facts;
} pmo_target;

static void facts_note(server_facts *f, const Pmo__V1__InfoResponse *info)
{
    if (f->known)
        return;
    f->known = true;
    snprintf(f->version, sizeof(f->version), "%s", info->server_version);
    f->workers = info->worker_threads;
    f->contexts = info->contexts;
}

/* One Meta/Info call through libpmoclient, as an integrator makes it. */
static int pmo_once(void *arg, uint64_t seq, char *why, size_t whylen)
{
    pmo_target *t = arg;
    Pmo__V1__InfoRequest in = PMO__V1__INFO_REQUEST__INIT;
    ProtobufCMessage *out = NULL;
    pmo_result res;
    int code = pmo_call(t->client, &pmo__v1__meta__descriptor, "Info", &in.base,
                        &out, &res);
    if (code != PMO_OK) {
        snprintf(why, whylen, "Meta/Info: %s: %s", pmo_status_name(code),
                 res.message);
        return -1;
    }
    facts_note(t->facts, (const Pmo__V1__InfoResponse *)out);
    protobuf_c_message_free_unpacked(out, NULL);
    return 0;
}

static void latency_loop(const bench_opts *o, call_fn fn, void *arg,
                         int64_t *ns, result *r)
{
    char why[300];
    long total = o->warmup + o->requests;
    int64_t start = bench_mono_ns();
    for (long i = 0; i < total && r->b.errors < BENCH_MAX_ERRORS; i++) {
        if (i == o->warmup)
            start = bench_mono_ns();
        int64_t t = bench_mono_ns();
        if (fn(arg, (uint64_t)i, why, sizeof(why)) != 0) {
            bench_result_error(&r->b, why);
            continue;
        }
        if (i >= o->warmup)
            ns[r->b.count++] = bench_mono_ns() - t;
    }
    r->b.seconds = (double)(bench_mono_ns() - start) / (double)NS_PER_S;
    r->b.rps = r->b.seconds > 0 ? (double)r->b.count / r->b.seconds : 0;
}

static void latency_run(const bench_opts *o, target_kind kind, call_fn fn,
                        void *arg, result *r)
{
    memset(r, 0, sizeof(*r));
    r->kind = kind;
    snprintf(r->b.load, sizeof(r->b.load), "1 client / 1");
    int64_t *ns = calloc((size_t)o->requests, sizeof(*ns));
    if (ns == NULL) {
        bench_result_error(&r->b, "out of memory for samples");
        return;
    }
    latency_loop(o, fn, arg, ns, r);
    bench_stats_compute(ns, (size_t)r->b.count, &r->b.st);
    free(ns);
}

static void latency_echo(const bench_opts *o, const char *url, result *r)
{
    char err[300];
    nng_socket s;
    if (bench_dial(url, o->ca, &s, err, sizeof(err)) != 0) {
        memset(r, 0, sizeof(*r));
        r->kind = TARGET_ECHO;
        snprintf(r->b.load, sizeof(r->b.load), "1 client / 1");
        bench_result_error(&r->b, err);
        return;
    }
    latency_run(o, TARGET_ECHO, echo_once, &s, r);
    nng_close(s);
}

static void latency_pmo(const bench_opts *o, server_facts *facts, result *r)
{
    pmo_client_options copt = {.url = o->server_url,
                               .ca_file = o->ca,
                               .timeout_ms = BENCH_IO_TIMEOUT_MS};
    pmo_result res;
    pmo_target t = {.facts = facts};
    if (pmo_client_open(&copt, &t.client, &res) != PMO_OK) {
        memset(r, 0, sizeof(*r));
        r->kind = TARGET_PMO;
        snprintf(r->b.load, sizeof(r->b.load), "1 client / 1");
        bench_result_error(&r->b, res.message);
        return;
    }
    latency_run(o, TARGET_PMO, pmo_once, &t, r);
    pmo_client_close(t.client);
}

/* ------------------------------------------- phase B: K in flight */

static size_t info_pack(void *arg, int flight, uint64_t seq, uint8_t *buf,
                        size_t cap)
{
    (void)arg;
    (void)flight;
    return info_request_pack(seq, buf, cap);
}

static bench_verdict echo_verdict(void *arg, int flight, uint64_t seq,
                                  const uint8_t *req, size_t req_len,
                                  nng_msg *reply, char *why, size_t whylen)
{
    (void)arg;
    (void)flight;
    (void)seq;
    return echo_check(req, req_len, reply, why, whylen) == 0 ? BENCH_GOOD
                                                             : BENCH_BAD;
}

static bench_verdict info_verdict(void *arg, int flight, uint64_t seq,
                                  const uint8_t *req, size_t req_len,
                                  nng_msg *reply, char *why, size_t whylen)
{
    (void)arg;
    (void)flight;
    (void)req;
    (void)req_len;
    return response_check(reply, INFO_ID_BASE | seq, why, whylen) == 0
               ? BENCH_GOOD
               : BENCH_BAD;
}

static void load_run(const bench_opts *o, target_kind kind, const char *url,
                     int nsocks, result *r)
{
    r->kind = kind;
    bench_load_plan plan = {.url = url,
                            .ca = o->ca,
                            .connections = nsocks,
                            .inflight = (int)o->inflight,
                            .warmup = o->warmup,
                            .seconds = o->seconds};
    bench_load_ops ops = {.pack = info_pack,
                          .check = kind == TARGET_ECHO ? echo_verdict
                                                       : info_verdict};
    bench_load_run(&plan, &ops, &r->b);
}

/* --------------------------------------------------------------- report */

static void print_quoted(const char *arg)
{
    if (arg[0] != '\0' && strspn(arg, "abcdefghijklmnopqrstuvwxyz"
                                      "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                      "0123456789-_./:=+,@%") == strlen(arg)) {
        fputs(arg, stdout);
        return;
    }
    putchar('\'');
    for (const char *p = arg; *p; p++)
        if (*p == '\'')
            fputs("'\\''", stdout);
        else
            putchar(*p);
    putchar('\'');
}

static void report_facts(int argc, char **argv, const bench_opts *o,
                         const server_facts *sf, const char *echo_url,
                         size_t req_len, time_t started,
                         const double load_avg[3])
{
    char date[64];
    struct tm tm;
    gmtime_r(&started, &tm);
    strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", &tm);
    struct utsname u;
    if (uname(&u) != 0)
        memset(&u, 0, sizeof(u));
    printf("## pmo.v1.Meta/Info round trip over TLS\n\n");
    printf("- date: %s (start)\n", date);
    printf("- machine: nproc %ld, %s %s %s, load average %.2f %.2f %.2f "
           "before the run\n",
           sysconf(_SC_NPROCESSORS_ONLN), u.sysname, u.release, u.machine,
           load_avg[0], load_avg[1], load_avg[2]);
    printf("- transport: nng %s, tls+tcp over loopback, TLS 1.2 (mbedTLS)\n",
           nng_version());
    if (sf->known)
        printf("- pmo-server %s at %s: %u worker threads, %u contexts\n",
               sf->version, o->server_url, sf->workers, sf->contexts);
    printf("- echo: nng rep0 in this process at %s, %ld contexts replying "
           "from their aio callbacks\n",
           echo_url, o->inflight * 2);
    printf("- request: %zu-byte RequestEnvelope for %s (the echo gets the "
           "same bytes)\n",
           req_len, INFO_METHOD);
    printf("- 1 client: echo called with nng_sendmsg/nng_recvmsg, "
           "pmo-server with pmo_call (libpmoclient)\n");
    printf("- runs: %ld round trips after %ld warm-up for 1 client; %ld s "
           "after %ld warm-up for %ld in flight\n",
           o->requests, o->warmup, o->seconds, o->warmup, o->inflight);
    printf("- command: `");
    for (int i = 0; i < argc; i++) {
        if (i)
            putchar(' ');
        print_quoted(argv[i]);
    }
    printf("`\n\n");
}

static void report_tables(const result *rows, int n)
{
    printf("| target | clients/in-flight | median µs | p99 µs | req/s |\n");
    printf("|---|---|--:|--:|--:|\n");
    for (int i = 0; i < n; i++)
        printf("| %s | %s | %.1f | %.1f | %.0f |\n", target_names[rows[i].kind],
               rows[i].b.load, rows[i].b.st.median, rows[i].b.st.p99,
               rows[i].b.rps);
    printf("\n| target | clients/in-flight | round trips | seconds | p90 µs "
           "| max µs | errors |\n");
    printf("|---|---|--:|--:|--:|--:|--:|\n");
    for (int i = 0; i < n; i++)
        printf("| %s | %s | %ld | %.2f | %.1f | %.1f | %ld |\n",
               target_names[rows[i].kind], rows[i].b.load, rows[i].b.count,
               rows[i].b.seconds, rows[i].b.st.p90, rows[i].b.st.max,
               rows[i].b.errors);
}

/* Errors go to stderr and fail the run; the tables still show. */
static int report_errors(const result *rows, int n)
{
    int failed = 0;
    for (int i = 0; i < n; i++) {
        if (rows[i].b.dropped)
            printf("\nNote: %s, %s: percentiles from the first %ld round "
                   "trips only.\n",
                   target_names[rows[i].kind], rows[i].b.load,
                   rows[i].b.count - rows[i].b.dropped);
        if (rows[i].b.errors == 0)
            continue;
        failed = 1;
        fprintf(stderr, "pmo-bench-rpc: %s, %s: %ld errors; first: %s\n",
                target_names[rows[i].kind], rows[i].b.load, rows[i].b.errors,
                rows[i].b.first_error);
    }
    if (failed)
        printf("\n**FAILED**: some round trips failed (details on stderr); "
               "the numbers above do not count.\n");
    return failed;
}

/* -------------------------------------------------------------- options */

static void usage(FILE *to)
{
    fprintf(to,
            "usage: pmo-bench-rpc --server URL --ca FILE --cert FILE --key "
            "FILE [options]\n"
            "  --server URL     a running pmo-server (tls+tcp://HOST:PORT)\n"
            "  --ca FILE        the CA that signed its certificate\n"
            "  --cert/--key     certificate and key for the echo server (the "
            "server's\n"
            "                   DIR/tls/server.pem and server.key)\n"
            "  --echo-url URL   where the echo server listens (default "
            "tls+tcp://127.0.0.1:0,\n"
            "                   a free port)\n"
            "  --requests N     round trips for one client (default 20000)\n"
            "  --inflight K     requests in flight for throughput (default "
            "64)\n"
            "  --seconds S      length of each throughput run (default 10)\n"
            "  --warmup N       round trips before measuring (default 500)\n"
            "  --one-connection skip the run with one connection per "
            "request in flight\n");
}

static int parse_long(const char *name, const char *v, long lo, long hi,
                      long *out)
{
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || end == v || *end || n < lo || n > hi) {
        fprintf(stderr,
                "pmo-bench-rpc: --%s: expected %ld to %ld, got \"%s\"\n", name,
                lo, hi, v);
        return -1;
    }
    *out = n;
    return 0;
}

static int parse_number(bench_opts *o, const char *name, const char *v)
{
    if (!strcmp(name, "requests"))
        return parse_long(name, v, 1, 10000000, &o->requests);
    if (!strcmp(name, "inflight"))
        return parse_long(name, v, 1, 1024, &o->inflight);
    if (!strcmp(name, "seconds"))
        return parse_long(name, v, 1, 300, &o->seconds);
    return parse_long(name, v, 0, 1000000, &o->warmup);
}

/* Returns 0 to run, 1 to exit 0 (help), -1 to exit 2. */
static int parse_opts(int argc, char **argv, bench_opts *o)
{
    static const struct option longopts[] = {
        {"server", required_argument, NULL, 's'},
        {"ca", required_argument, NULL, 'a'},
        {"cert", required_argument, NULL, 'c'},
        {"key", required_argument, NULL, 'k'},
        {"echo-url", required_argument, NULL, 'e'},
        {"requests", required_argument, NULL, 'n'},
        {"inflight", required_argument, NULL, 'n'},
        {"seconds", required_argument, NULL, 'n'},
        {"warmup", required_argument, NULL, 'n'},
        {"one-connection", no_argument, NULL, '1'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    *o = (bench_opts){.echo_url = "tls+tcp://127.0.0.1:0",
                      .requests = 20000,
                      .inflight = 64,
                      .seconds = 10,
                      .warmup = 500};
    int c, idx;
    while ((c = getopt_long(argc, argv, "", longopts, &idx)) != -1) {
        switch (c) {
        case 's':
            o->server_url = optarg;
            break;
        case 'a':
            o->ca = optarg;
            break;
        case 'c':
            o->cert = optarg;
            break;
        case 'k':
            o->key = optarg;
            break;
        case 'e':
            o->echo_url = optarg;
            break;
        case '1':
            o->one_connection = true;
            break;
        case 'n':
            if (parse_number(o, longopts[idx].name, optarg) != 0)
                return -1;
            break;
        case 'h':
            usage(stdout);
            return 1;
        default:
            usage(stderr);
            return -1;
        }
    }
    if (optind < argc || !o->server_url || !o->ca || !o->cert || !o->key) {
        usage(stderr);
        return -1;
    }
    return 0;
}

/* ----------------------------------------------------------------- main */

static int run_all(const bench_opts *o, const char *echo_url, result *rows,
                   server_facts *sf)
{
    int n = 0;
    fprintf(stderr, "pmo-bench-rpc: 1 client, %ld round trips each\n",
            o->requests);
    latency_echo(o, echo_url, &rows[n++]);
    latency_pmo(o, sf, &rows[n++]);
    int conns[2] = {1, (int)o->inflight};
    int variants = o->one_connection || o->inflight == 1 ? 1 : 2;
    for (int v = 0; v < variants; v++) {
        fprintf(stderr,
                "pmo-bench-rpc: %ld in flight over %d connection(s), "
                "%ld s each\n",
                o->inflight, conns[v], o->seconds);
        load_run(o, TARGET_ECHO, echo_url, conns[v], &rows[n++]);
        load_run(o, TARGET_PMO, o->server_url, conns[v], &rows[n++]);
    }
    return n;
}

int main(int argc, char **argv)
{
    bench_opts o;
    int p = parse_opts(argc, argv, &o);
    if (p != 0)
        return p > 0 ? 0 : 2;
    signal(SIGPIPE, SIG_IGN);
    time_t started = time(NULL);
    double load_avg[3] = {0, 0, 0};
    if (getloadavg(load_avg, 3) != 3)
        memset(load_avg, 0, sizeof(load_avg));

    echo_server es = {.sock = NNG_SOCKET_INITIALIZER};
    char err[300];
    if (echo_start(&es, &o, err, sizeof(err)) != 0) {
        fprintf(stderr, "pmo-bench-rpc: %s\n", err);
        echo_stop(&es);
        nng_fini();
        return 1;
    }
    result rows[6];
    server_facts sf = {0};
    int n = run_all(&o, es.url, rows, &sf);
    uint8_t req[BENCH_REQ_MAX];
    size_t req_len = info_request_pack(0, req, sizeof(req));
    report_facts(argc, argv, &o, &sf, es.url, req_len, started, load_avg);
    report_tables(rows, n);
    int failed = report_errors(rows, n);
    echo_stop(&es);
    nng_fini();
    return failed ? 1 : 0;
}
