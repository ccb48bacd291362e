/* tests/bench/load_bench.c - pmo-bench: real work over the real protocol. */
/*
 * A load generator for pmo-server: K authenticated requests in flight
 * over M TLS connections (req0 contexts, bench_load.c), for S seconds or
 * N requests, reporting throughput and p50/p90/p99/max. One operation per
 * run, so a script composes the mixes and puts the ceilings beside them
 * (tests/bench/run_load_bench.sh: the bare nng echo of pmo-bench-rpc and
 * pgbench -S / -N against the same PostgreSQL):
 *
 *   get       WorkService/GetWorkItem of items spread over the plan
 *   list      WorkService/ListWorkItems, one page of 100
 *   schedule  ScheduleService/ComputeSchedule of the whole program
 *   update    WorkService/UpdateWorkItem of the title with the expected
 *             version, each its own durable transaction; each flight owns
 *             one item and keeps its version from the replies, so a
 *             conflict (ABORTED) is a surprise: it is counted as a retry
 *             and the flight re-reads the item before its next update
 *   create    WorkService/CreateWorkItem (with --inflight 1 --count 1000:
 *             a thousand creates one at a time on one connection)
 *
 * --setup makes the program first if it does not exist (a team, one
 * project and --items items in one LoadPlan, each waiting on one of the
 * 20 before it). The reply envelope of every call is checked (its id and
 * OK); payloads are decoded only where the next request needs them
 * (update's new version), so the client spends its share of the two
 * cores on the transport, as the echo's client does.
 *
 * Usage: pmo-bench --server URL --ca FILE --password-file F --op OP
 *        [--program KEY] [--items N] [--setup] [--inflight K]
 *        [--connections M] [--seconds S | --count N] [--warmup W]
 *        [--header]
 */
#include "bench_client.h"
#include "bench_load.h"
#include "client/pmoclient.h"
#include "common/status.h"
#include "pmo/v1/auth.pb-c.h"
#include "pmo/v1/program.pb-c.h"
#include "pmo/v1/project.pb-c.h"
#include "pmo/v1/rpc.pb-c.h"
#include "pmo/v1/schedule.pb-c.h"
#include "pmo/v1/team.pb-c.h"
#include "pmo/v1/work.pb-c.h"

#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Top bit set: every id packs to the same 10-byte varint. */
#define ID_BASE     (UINT64_C(1) << 63)
#define PROJECT_KEY "core"
#define TEAM_KEY    "bench"

typedef enum op_kind {
    OP_GET,
    OP_LIST,
    OP_SCHEDULE,
    OP_UPDATE,
    OP_CREATE
} op_kind;

static const struct {
    const char *name;
    const char *method;
} ops[] = {
    [OP_GET] = {"get", "pmo.v1.WorkService/GetWorkItem"},
    [OP_LIST] = {"list", "pmo.v1.WorkService/ListWorkItems"},
    [OP_SCHEDULE] = {"schedule", "pmo.v1.ScheduleService/ComputeSchedule"},
    [OP_UPDATE] = {"update", "pmo.v1.WorkService/UpdateWorkItem"},
    [OP_CREATE] = {"create", "pmo.v1.WorkService/CreateWorkItem"},
};
#define N_OPS (sizeof(ops) / sizeof(ops[0]))

typedef struct load_opts {
    const char *server, *ca, *password_file, *program;
    op_kind op;
    long items, inflight, connections, seconds, count, warmup;
    bool setup, header;
} load_opts;

/* What the flights share: the token, the plan's refs, each flight's item. */
typedef struct workload {
    const load_opts *o;
    uint64_t run_id; /* in every idempotency key: runs never share one */
    char *token;
    char **refs;
    size_t n_refs;
    _Atomic int64_t *versions; /* per flight, for update */
    atomic_bool *stale;        /* per flight: re-read before updating */
} workload;

/* ------------------------------------------------------------- set-up */

static void setup_program(pmo_client *c, const load_opts *o)
{
    Pmo__V1__Team t = PMO__V1__TEAM__INIT;
    t.key = TEAM_KEY;
    t.name = "Benchmark team";
    Pmo__V1__CreateTeamRequest tin = PMO__V1__CREATE_TEAM_REQUEST__INIT;
    tin.team = &t;
    bench_call(c, &pmo__v1__team_service__descriptor, "CreateTeam", &tin.base,
               NULL);
    Pmo__V1__Program p = PMO__V1__PROGRAM__INIT;
    p.key = (char *)o->program;
    p.name = "Benchmark program";
    Pmo__V1__CreateProgramRequest pin = PMO__V1__CREATE_PROGRAM_REQUEST__INIT;
    pin.program = &p;
    bench_call_or_die(c, &pmo__v1__program_service__descriptor, "CreateProgram",
                      &pin.base, NULL, "create program");
    Pmo__V1__Project pr = PMO__V1__PROJECT__INIT;
    pr.program = (char *)o->program;
    pr.key = PROJECT_KEY;
    pr.name = "Core";
    pr.team = TEAM_KEY;
    Pmo__V1__CreateProjectRequest prin = PMO__V1__CREATE_PROJECT_REQUEST__INIT;
    prin.project = &pr;
    bench_call_or_die(c, &pmo__v1__project_service__descriptor, "CreateProject",
                      &prin.base, NULL, "create project");
}

/* items items in one LoadPlan, each after one of the 20 before it. */
static void setup_plan(pmo_client *c, const load_opts *o)
{
    size_t n = (size_t)o->items;
    Pmo__V1__PlanItem *items = calloc(n, sizeof(*items));
    Pmo__V1__PlanItem **item_ptrs = calloc(n, sizeof(*item_ptrs));
    Pmo__V1__WorkItem *wis = calloc(n, sizeof(*wis));
    Pmo__V1__PlanDependency *deps = calloc(n, sizeof(*deps));
    Pmo__V1__PlanDependency **dep_ptrs = calloc(n, sizeof(*dep_ptrs));
    char(*keys)[24] = calloc(n, 24);
    char(*titles)[48] = calloc(n, 48);
    size_t n_deps = 0;
    srand(1);
    for (size_t i = 0; i < n; i++) {
        pmo__v1__plan_item__init(&items[i]);
        pmo__v1__work_item__init(&wis[i]);
        snprintf(keys[i], 24, "i%zu", i);
        snprintf(titles[i], 48, "Work item %zu", i);
        wis[i].program = (char *)o->program;
        wis[i].project = PROJECT_KEY;
        wis[i].title = titles[i];
        wis[i].optimistic_days = (double)(1 + i % 5);
        wis[i].likely_days = wis[i].optimistic_days;
        wis[i].pessimistic_days = wis[i].optimistic_days * 2;
        items[i].key = keys[i];
        items[i].item = &wis[i];
        item_ptrs[i] = &items[i];
        if (i == 0)
            continue;
        size_t window = i < 20 ? i : 20;
        pmo__v1__plan_dependency__init(&deps[n_deps]);
        deps[n_deps].predecessor = keys[i - 1 - (size_t)rand() % window];
        deps[n_deps].successor = keys[i];
        deps[n_deps].type = PMO__V1__DEPENDENCY_TYPE__DEP_FINISH_TO_START;
        dep_ptrs[n_deps] = &deps[n_deps];
        n_deps++;
    }
    Pmo__V1__LoadPlanRequest in = PMO__V1__LOAD_PLAN_REQUEST__INIT;
    in.program = (char *)o->program;
    in.n_items = n;
    in.items = item_ptrs;
    in.n_dependencies = n_deps;
    in.dependencies = dep_ptrs;
    bench_call_or_die(c, &pmo__v1__work_service__descriptor, "LoadPlan",
                      &in.base, NULL, "load plan");
    free(items);
    free(item_ptrs);
    free(wis);
    free(deps);
    free(dep_ptrs);
    free(keys);
    free(titles);
}

/* Every item's ref and version, in pages of 500. */
static void collect_refs(pmo_client *c, const load_opts *o, workload *w,
                         int64_t **versions)
{
    size_t cap = 1024;
    w->refs = malloc(cap * sizeof(*w->refs));
    *versions = malloc(cap * sizeof(**versions));
    char *token = strdup("");
    do {
        Pmo__V1__ListWorkItemsRequest in =
            PMO__V1__LIST_WORK_ITEMS_REQUEST__INIT;
        in.program = (char *)o->program;
        in.page_size = 500;
        in.page_token = token;
        Pmo__V1__ListWorkItemsResponse *out;
        bench_call_or_die(c, &pmo__v1__work_service__descriptor,
                          "ListWorkItems", &in.base, (ProtobufCMessage **)&out,
                          "list work items");
        for (size_t i = 0; i < out->n_items; i++) {
            if (w->n_refs == cap) {
                cap *= 2;
                w->refs = realloc(w->refs, cap * sizeof(*w->refs));
                *versions = realloc(*versions, cap * sizeof(**versions));
            }
            (*versions)[w->n_refs] = out->items[i]->version;
            w->refs[w->n_refs++] = strdup(out->items[i]->ref);
        }
        free(token);
        token = strdup(out->next_page_token);
        protobuf_c_message_free_unpacked(&out->base, NULL);
    } while (token[0] != '\0');
    free(token);
}

static void workload_prepare(const load_opts *o, workload *w)
{
    pmo_client *c = bench_login(o->server, o->ca, o->password_file, &w->token);
    Pmo__V1__GetProgramRequest gp = PMO__V1__GET_PROGRAM_REQUEST__INIT;
    gp.key = (char *)o->program;
    if (bench_call(c, &pmo__v1__program_service__descriptor, "GetProgram",
                   &gp.base, NULL) != PMO_OK) {
        if (!o->setup) {
            fprintf(stderr, "pmo-bench: no program %s (--setup makes it)\n",
                    o->program);
            exit(2);
        }
        setup_program(c, o);
        setup_plan(c, o);
    }
    int64_t *versions = NULL;
    collect_refs(c, o, w, &versions);
    pmo_client_close(c);
    if (w->n_refs < (size_t)o->inflight &&
        (o->op == OP_UPDATE || o->op == OP_GET)) {
        fprintf(stderr,
                "pmo-bench: %s has %zu items, fewer than the %ld in flight\n",
                o->program, w->n_refs, o->inflight);
        exit(2);
    }
    w->versions = calloc((size_t)o->inflight, sizeof(*w->versions));
    w->stale = calloc((size_t)o->inflight, sizeof(*w->stale));
    for (long f = 0; f < o->inflight && w->n_refs > 0; f++)
        atomic_store(&w->versions[f], versions[(size_t)f % w->n_refs]);
    free(versions);
}

/* ----------------------------------------------------------- requests */

/* The item flight f updates: its own, so that flights never collide. */
static char *flight_item(const workload *w, int flight)
{
    return w->refs[(size_t)flight % w->n_refs];
}

/* An item for reads, spread over the plan by a multiplicative hash. */
static char *spread_item(const workload *w, uint64_t seq)
{
    return w->refs[(seq * UINT64_C(2654435761)) % w->n_refs];
}

/* Packs op's request for flight f into payload; returns its length. */
static size_t payload_pack(workload *w, int f, uint64_t seq, op_kind *op,
                           uint8_t *payload, size_t cap)
{
    char title[64];
    Pmo__V1__WorkItem it = PMO__V1__WORK_ITEM__INIT;
    ProtobufCMessage *m;
    Pmo__V1__GetWorkItemRequest get = PMO__V1__GET_WORK_ITEM_REQUEST__INIT;
    Pmo__V1__ListWorkItemsRequest list = PMO__V1__LIST_WORK_ITEMS_REQUEST__INIT;
    Pmo__V1__ScheduleRequest sched = PMO__V1__SCHEDULE_REQUEST__INIT;
    Pmo__V1__UpdateWorkItemRequest upd =
        PMO__V1__UPDATE_WORK_ITEM_REQUEST__INIT;
    Pmo__V1__CreateWorkItemRequest cre =
        PMO__V1__CREATE_WORK_ITEM_REQUEST__INIT;
    static char *title_mask[] = {"title"};
    if (*op == OP_UPDATE && atomic_load(&w->stale[f]))
        *op = OP_GET; /* re-read the version after a conflict */
    switch (*op) {
    case OP_GET:
        get.ref = *op == w->o->op ? spread_item(w, seq) : flight_item(w, f);
        m = &get.base;
        break;
    case OP_LIST:
        list.program = (char *)w->o->program;
        list.page_size = 100;
        m = &list.base;
        break;
    case OP_SCHEDULE:
        sched.program = (char *)w->o->program;
        m = &sched.base;
        break;
    case OP_UPDATE:
        snprintf(title, sizeof(title), "Work item, edit %" PRIu64, seq);
        it.title = title;
        upd.ref = flight_item(w, f);
        upd.item = &it;
        upd.n_update_mask = 1;
        upd.update_mask = title_mask;
        upd.expected_version = atomic_load(&w->versions[f]);
        m = &upd.base;
        break;
    case OP_CREATE:
    default:
        snprintf(title, sizeof(title), "Created %" PRIu64, seq);
        it.program = (char *)w->o->program;
        it.project = PROJECT_KEY;
        it.title = title;
        it.optimistic_days = it.likely_days = it.pessimistic_days = 1;
        cre.item = &it;
        m = &cre.base;
        break;
    }
    if (protobuf_c_message_get_packed_size(m) > cap)
        return 0;
    return protobuf_c_message_pack(m, payload);
}

static size_t request_pack(void *arg, int f, uint64_t seq, uint8_t *buf,
                           size_t cap)
{
    workload *w = arg;
    op_kind op = w->o->op;
    uint8_t payload[1024];
    char key[33];
    snprintf(key, sizeof(key), "%016" PRIx64 "%016" PRIx64, w->run_id, seq);
    Pmo__V1__RequestEnvelope env = PMO__V1__REQUEST_ENVELOPE__INIT;
    env.payload.len = payload_pack(w, f, seq, &op, payload, sizeof(payload));
    if (env.payload.len == 0)
        return 0;
    env.payload.data = payload;
    env.id = ID_BASE | seq;
    env.method = (char *)ops[op].method;
    env.auth_token = w->token;
    env.timeout_ms = BENCH_IO_TIMEOUT_MS;
    env.idempotency_key = key;
    if (pmo__v1__request_envelope__get_packed_size(&env) > cap)
        return 0;
    return pmo__v1__request_envelope__pack(&env, buf);
}

/* The version a WorkItem payload carries, or -1. */
static int64_t payload_version(const ProtobufCBinaryData *payload)
{
    Pmo__V1__WorkItem *it =
        pmo__v1__work_item__unpack(NULL, payload->len, payload->data);
    if (it == NULL)
        return -1;
    int64_t v = it->version;
    pmo__v1__work_item__free_unpacked(it, NULL);
    return v;
}

static bench_verdict versioned_reply(workload *w, int f,
                                     const Pmo__V1__ResponseEnvelope *resp,
                                     char *why, size_t whylen)
{
    bool refresh = atomic_load(&w->stale[f]);
    if (resp->code == PMO__V1__STATUS_CODE__ABORTED && !refresh) {
        atomic_store(&w->stale[f], true);
        return BENCH_RETRY;
    }
    if (resp->code != PMO__V1__STATUS_CODE__OK)
        return BENCH_BAD;
    int64_t v = payload_version(&resp->payload);
    if (v < 0) {
        snprintf(why, whylen, "reply payload is not a WorkItem");
        return BENCH_BAD;
    }
    atomic_store(&w->versions[f], v);
    atomic_store(&w->stale[f], false);
    return refresh ? BENCH_RETRY : BENCH_GOOD;
}

static bench_verdict reply_check(void *arg, int f, uint64_t seq,
                                 const uint8_t *req, size_t req_len,
                                 nng_msg *reply, char *why, size_t whylen)
{
    workload *w = arg;
    (void)req;
    (void)req_len;
    Pmo__V1__ResponseEnvelope *resp = pmo__v1__response_envelope__unpack(
        NULL, nng_msg_len(reply), nng_msg_body(reply));
    if (resp == NULL) {
        snprintf(why, whylen, "reply of %zu bytes is not a ResponseEnvelope",
                 nng_msg_len(reply));
        return BENCH_BAD;
    }
    bench_verdict v = BENCH_BAD;
    if (resp->id != (ID_BASE | seq))
        snprintf(why, whylen, "reply carries id %" PRIu64 ", expected %" PRIu64,
                 resp->id, ID_BASE | seq);
    else if (w->o->op == OP_UPDATE)
        v = versioned_reply(w, f, resp, why, whylen);
    else if (resp->code == PMO__V1__STATUS_CODE__OK)
        v = BENCH_GOOD;
    if (v == BENCH_BAD && why[0] == '\0')
        snprintf(why, whylen, "%s: %s", pmo_status_name((int)resp->code),
                 resp->message);
    pmo__v1__response_envelope__free_unpacked(resp, NULL);
    return v;
}

/* ------------------------------------------------------------ options */

static void usage(FILE *to)
{
    fprintf(to,
            "usage: pmo-bench --server URL --ca FILE --password-file F --op "
            "OP [options]\n"
            "  --op OP            get, list, schedule, update or create\n"
            "  --program KEY      the program worked on (default BENCH)\n"
            "  --setup            make the program first if it is missing\n"
            "  --items N          items of a program made by --setup "
            "(default 1000)\n"
            "  --inflight K       requests in flight (default 8)\n"
            "  --connections M    TLS connections they share (default K)\n"
            "  --seconds S        measure this long (default 10)\n"
            "  --count N          or until N requests are answered\n"
            "  --warmup W         requests before measuring (default 200)\n"
            "  --header           print the table's header first\n");
}

static int parse_long(const char *name, const char *v, long lo, long hi,
                      long *out)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (end == v || *end || n < lo || n > hi) {
        fprintf(stderr, "pmo-bench: --%s: expected %ld to %ld, got \"%s\"\n",
                name, lo, hi, v);
        return -1;
    }
    *out = n;
    return 0;
}

static int parse_op(const char *v, op_kind *out)
{
    for (size_t i = 0; i < N_OPS; i++)
        if (strcmp(v, ops[i].name) == 0) {
            *out = (op_kind)i;
            return 0;
        }
    fprintf(stderr,
            "pmo-bench: --op: one of get, list, schedule, update, "
            "create; got \"%s\"\n",
            v);
    return -1;
}

static const struct {
    const char *name;
    long lo, hi;
    size_t offset;
} numbers[] = {
    {"items", 1, 1000000, offsetof(load_opts, items)},
    {"inflight", 1, 1024, offsetof(load_opts, inflight)},
    {"connections", 1, 1024, offsetof(load_opts, connections)},
    {"seconds", 1, 600, offsetof(load_opts, seconds)},
    {"count", 1, 10000000, offsetof(load_opts, count)},
    {"warmup", 0, 1000000, offsetof(load_opts, warmup)},
};

static int parse_number(load_opts *o, const char *name, const char *v)
{
    for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++)
        if (strcmp(name, numbers[i].name) == 0)
            return parse_long(name, v, numbers[i].lo, numbers[i].hi,
                              (long *)((char *)o + numbers[i].offset));
    return -1;
}

/* Returns 0 to run, 1 to exit 0 (help), -1 to exit 2. */
static int parse_opts(int argc, char **argv, load_opts *o)
{
    static const struct option longopts[] = {
        {"server", required_argument, NULL, 's'},
        {"ca", required_argument, NULL, 'a'},
        {"password-file", required_argument, NULL, 'p'},
        {"program", required_argument, NULL, 'g'},
        {"op", required_argument, NULL, 'o'},
        {"items", required_argument, NULL, 'n'},
        {"inflight", required_argument, NULL, 'n'},
        {"connections", required_argument, NULL, 'n'},
        {"seconds", required_argument, NULL, 'n'},
        {"count", required_argument, NULL, 'n'},
        {"warmup", required_argument, NULL, 'n'},
        {"setup", no_argument, NULL, 'S'},
        {"header", no_argument, NULL, 'H'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    *o = (load_opts){.program = "BENCH",
                     .op = OP_GET,
                     .items = 1000,
                     .inflight = 8,
                     .seconds = 10,
                     .warmup = 200};
    bool op_given = false;
    int c, idx;
    while ((c = getopt_long(argc, argv, "", longopts, &idx)) != -1) {
        switch (c) {
        case 's':
            o->server = optarg;
            break;
        case 'a':
            o->ca = optarg;
            break;
        case 'p':
            o->password_file = optarg;
            break;
        case 'g':
            o->program = optarg;
            break;
        case 'S':
            o->setup = true;
            break;
        case 'H':
            o->header = true;
            break;
        case 'o':
            if (parse_op(optarg, &o->op) != 0)
                return -1;
            op_given = true;
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
    if (optind < argc || !o->server || !o->ca || !o->password_file ||
        !op_given) {
        usage(stderr);
        return -1;
    }
    if (o->connections == 0 || o->connections > o->inflight)
        o->connections = o->inflight;
    return 0;
}

/* --------------------------------------------------------------- main */

static void report(const load_opts *o, const bench_result *r)
{
    if (o->header)
        printf("| op | connections / in flight | req/s | p50 µs | p90 µs "
               "| p99 µs | max µs | answered | seconds | retries | errors |\n"
               "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    printf("| %s | %s | %.0f | %.0f | %.0f | %.0f | %.0f | %ld | %.2f | %ld "
           "| %ld |\n",
           ops[o->op].name, r->load, r->rps, r->st.median, r->st.p90, r->st.p99,
           r->st.max, r->count, r->seconds, r->retries, r->errors);
    fflush(stdout);
    if (r->errors)
        fprintf(stderr, "pmo-bench: %s: %ld errors; first: %s\n",
                ops[o->op].name, r->errors, r->first_error);
}

int main(int argc, char **argv)
{
    load_opts o;
    int p = parse_opts(argc, argv, &o);
    if (p != 0)
        return p > 0 ? 0 : 2;
    signal(SIGPIPE, SIG_IGN);
    workload w = {.o = &o};
    w.run_id = (uint64_t)time(NULL) << 20 ^ (uint64_t)getpid();
    workload_prepare(&o, &w);
    bench_load_plan plan = {.url = o.server,
                            .ca = o.ca,
                            .connections = (int)o.connections,
                            .inflight = (int)o.inflight,
                            .warmup = o.warmup,
                            .seconds = o.seconds,
                            .count = o.count};
    bench_load_ops lops = {
        .pack = request_pack, .check = reply_check, .arg = &w};
    bench_result r;
    bench_load_run(&plan, &lops, &r);
    report(&o, &r);
    for (size_t i = 0; i < w.n_refs; i++)
        free(w.refs[i]);
    free(w.refs);
    free(w.token);
    free(w.versions);
    free(w.stale);
    nng_fini();
    return r.errors ? 1 : 0;
}
