/*
 * client/pmo/cmd_watch.c - pmo watch: changes as they are made, live.
 *
 * Subscribes on the main socket (EventService/Subscribe), dials the
 * server's events socket with a sub0 socket on the subscription's topic,
 * and prints each event as it arrives, opened with the subscription's
 * key. Pub/sub drops messages by design (a slow reader, a reconnect), so
 * the sequence numbers decide what is complete: on start (with --after),
 * after every reconnect and whenever a heartbeat says the server has
 * published past what was last checked, the missed events are read with
 * ListEvents and printed, each seq once. The subscription is renewed
 * before it expires; one the server dropped (its session ended, a role
 * changed, the server restarted) is made anew.
 */
#include "cli.h"
#include "common/aead.h"
#include "common/status.h"
#include "common/timeutil.h"
#include "common/tls.h"
#include "common/xalloc.h"
#include "parse.h"
#include "pbjson.h"
#include "pmo/v1/event.pb-c.h"
#include "rpc.h"

#include <inttypes.h>
#include <nng/nng.h>
#include <nng/protocol/pubsub0/sub.h>
#include <nng/supplemental/tls/tls.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EVENT_SVC     (&pmo__v1__event_service__descriptor)
#define WATCH_RECV_MS 1000
/* No message (not even a heartbeat, every 5 s) for this long: reconnect. */
#define WATCH_SILENCE_MS   16000
#define WATCH_RETRY_MAX_MS 5000
/* Recently printed seqs, so catch-up and push never print one twice. */
#define WATCH_PRINTED 4096

typedef struct watch {
    cli_ctx *ctx;
    cli_rpc *rpc;
    const char *program;
    char **kinds;
    size_t n_kinds;
    int64_t checked; /* every event up to here is printed */
    int64_t printed[WATCH_PRINTED];
    size_t n_printed;
    /* The subscription. */
    char id[64];
    uint8_t key[AEAD_KEY_LEN];
    int64_t renew_at_ms;
    unsigned port;
    nng_socket sock;
    bool open;
    int64_t heard_ms; /* when the last message came */
} watch;

static volatile sig_atomic_t watch_stop;

static void watch_on_signal(int sig)
{
    (void)sig;
    watch_stop = 1;
}

static bool watch_was_printed(const watch *w, int64_t seq)
{
    size_t n = w->n_printed < WATCH_PRINTED ? w->n_printed : WATCH_PRINTED;
    for (size_t i = 0; i < n; i++)
        if (w->printed[i] == seq)
            return true;
    return false;
}

static const char *watch_action(Pmo__V1__EventAction a)
{
    switch (a) {
    case PMO__V1__EVENT_ACTION__EVENT_ACTION_CREATED:
        return "created";
    case PMO__V1__EVENT_ACTION__EVENT_ACTION_DELETED:
        return "deleted";
    case PMO__V1__EVENT_ACTION__EVENT_ACTION_UPDATED:
        return "updated";
    default:
        return "changed";
    }
}

/* One line per event: text for people, a JSON object for scripts. */
static void watch_print(watch *w, const Pmo__V1__Event *e)
{
    if (watch_was_printed(w, e->seq))
        return;
    w->printed[w->n_printed++ % WATCH_PRINTED] = e->seq;
    if (w->ctx->json) {
        pbjson_write(stdout, &e->base, -1);
        fputc('\n', stdout);
    } else {
        char when[32];
        time_format_ms(e->at_ms, when, sizeof(when));
        printf("%" PRId64 " %s %s %s %s %s by %s", e->seq, when,
               e->program[0] ? e->program : "-", e->kind,
               e->entity_id[0] ? e->entity_id : "-", watch_action(e->action),
               e->actor);
        for (size_t i = 0; i < e->n_changed_fields; i++)
            printf("%s%s", i ? ", " : ": ", e->changed_fields[i]);
        fputc('\n', stdout);
    }
    fflush(stdout);
}

/* ------------------------------------------------------------ the calls */

/* A failure worth retrying: the server or the network, not the request. */
static bool watch_transient(int code)
{
    return code == PMO_UNAVAILABLE || code == PMO_DEADLINE_EXCEEDED ||
           code == PMO_ABORTED || code == PMO_INTERNAL ||
           code == PMO_RESOURCE_EXHAUSTED || code == PMO_UNKNOWN;
}

/* Reads and prints every event after w->checked. 0 or the status. */
static int watch_catch_up(watch *w, pmo_result *res)
{
    for (;;) {
        Pmo__V1__ListEventsRequest in = PMO__V1__LIST_EVENTS_REQUEST__INIT;
        in.after_seq = w->checked;
        in.program = (char *)w->program;
        in.kinds = w->kinds;
        in.n_kinds = w->n_kinds;
        in.page_size = 1000;
        Pmo__V1__ListEventsResponse *out = NULL;
        int rc = cli_rpc_try(w->rpc, EVENT_SVC, "ListEvents", &in.base,
                             (ProtobufCMessage **)&out, res);
        if (rc != 0)
            return rc;
        for (size_t i = 0; i < out->n_events; i++)
            watch_print(w, out->events[i]);
        bool more = out->more;
        /* Without more, nothing is left up to the trail's newest seq. */
        w->checked =
            more ? out->next_after_seq
                 : (out->last_seq > out->next_after_seq ? out->last_seq
                                                        : out->next_after_seq);
        protobuf_c_message_free_unpacked(&out->base, NULL);
        if (!more)
            return 0;
    }
}

/* Subscribes, or renews when w->id is set; 0 or the status. */
static int watch_subscribe(watch *w, bool renew, int64_t *last_seq,
                           pmo_result *res)
{
    Pmo__V1__SubscribeRequest in = PMO__V1__SUBSCRIBE_REQUEST__INIT;
    in.program = (char *)w->program;
    in.kinds = w->kinds;
    in.n_kinds = w->n_kinds;
    in.renew_id = renew ? w->id : "";
    Pmo__V1__SubscribeResponse *out = NULL;
    int rc = cli_rpc_try(w->rpc, EVENT_SVC, "Subscribe", &in.base,
                         (ProtobufCMessage **)&out, res);
    if (rc != 0)
        return rc;
    if (out->key.len != AEAD_KEY_LEN ||
        strlen(out->subscription_id) >= sizeof(w->id)) {
        protobuf_c_message_free_unpacked(&out->base, NULL);
        res->code = PMO_INTERNAL;
        snprintf(res->message, sizeof(res->message),
                 "the server sent a subscription this pmo cannot read");
        return res->code;
    }
    snprintf(w->id, sizeof(w->id), "%s", out->subscription_id);
    memcpy(w->key, out->key.data, AEAD_KEY_LEN);
    int64_t now = time_now_ms();
    w->renew_at_ms = now + (out->expires_at_ms - now) / 2;
    w->port = out->events_port;
    if (last_seq)
        *last_seq = out->last_seq;
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

/* --------------------------------------------------------- the socket */

static void watch_close(watch *w)
{
    if (w->open)
        nng_close(w->sock);
    w->open = false;
}

/* The events address: the host this pmo calls, the port Subscribe gave. */
static char *watch_events_url(const watch *w)
{
    const char *server = w->ctx->target.server;
    const char *colon = strrchr(server, ':');
    const char *scheme_end = strstr(server, "://");
    if (colon == NULL || scheme_end == NULL || colon < scheme_end + 3)
        return NULL;
    return xasprintf("%.*s:%u", (int)(colon - server), server, w->port);
}

/*
 * Opens a sub0 socket on the subscription's topic and dials the events
 * address, waiting for the connection so that the catch-up after it
 * leaves no gap; nng redials by itself should the connection drop later.
 */
static int watch_open(watch *w, pmo_result *res)
{
    watch_close(w);
    char *url = watch_events_url(w);
    const cli_target *t = &w->ctx->target;
    char err[256] = "";
    nng_tls_config *tls = NULL;
    nng_dialer d;
    int rv = -1;
    if (url == NULL) {
        snprintf(err, sizeof(err), "no port in %s", t->server);
        goto fail;
    }
    if (strncmp(url, "tls+tcp://", 10) == 0) {
        char *host = tls_url_host(url);
        rv = tls_client_config(t->ca, t->server_name ? t->server_name : host,
                               t->cert, t->key, &tls, err, sizeof(err));
        free(host);
        if (rv != 0)
            goto fail;
    }
    if ((rv = nng_sub0_open(&w->sock)) != 0)
        goto fail_nng;
    w->open = true;
    if ((rv = nng_socket_set(w->sock, NNG_OPT_SUB_SUBSCRIBE, w->id,
                             strlen(w->id))) != 0 ||
        (rv = nng_socket_set_ms(w->sock, NNG_OPT_RECVTIMEO, WATCH_RECV_MS)) !=
            0 ||
        (rv = nng_socket_set_size(w->sock, NNG_OPT_RECVMAXSZ, 16u << 20)) !=
            0 ||
        (rv = nng_dialer_create(&d, w->sock, url)) != 0 ||
        (tls && (rv = nng_dialer_set_ptr(d, NNG_OPT_TLS_CONFIG, tls)) != 0) ||
        (rv = nng_dialer_start(d, 0)) != 0)
        goto fail_nng;
    if (tls)
        nng_tls_config_free(tls);
    free(url);
    w->heard_ms = time_now_ms();
    return 0;
fail_nng:
    snprintf(err, sizeof(err), "%s", nng_strerror(rv));
fail:
    if (tls)
        nng_tls_config_free(tls);
    watch_close(w);
    res->code = PMO_UNAVAILABLE;
    snprintf(res->message, sizeof(res->message), "events socket %s: %s",
             url ? url : "", err);
    free(url);
    return res->code;
}

/*
 * Handles one message: returns 1 if it says the server published past
 * what is checked (catch up), 0 otherwise.
 */
static int watch_take(watch *w, nng_msg *m)
{
    size_t len = nng_msg_len(m), id_len = strlen(w->id);
    const uint8_t *body = nng_msg_body(m);
    if (len < id_len + AEAD_OVERHEAD || memcmp(body, w->id, id_len) != 0)
        return 0;
    uint8_t *plain = xmalloc(len);
    size_t plain_len = 0;
    int gap = 0;
    if (aead_open(w->key, w->id, id_len, body + id_len, len - id_len, plain,
                  &plain_len) == 0) {
        Pmo__V1__EventPush *push =
            pmo__v1__event_push__unpack(NULL, plain_len, plain);
        if (push) {
            w->heard_ms = time_now_ms();
            for (size_t i = 0; i < push->n_events; i++)
                watch_print(w, push->events[i]);
            /* A heartbeat past what was checked: some push may be lost. */
            gap = push->n_events == 0 && push->last_seq > w->checked;
            protobuf_c_message_free_unpacked(&push->base, NULL);
        }
    }
    free(plain);
    return gap;
}

/* ----------------------------------------------------------- the loop */

/* Subscribes, dials and catches up; 0 or the status. */
static int watch_connect(watch *w, pmo_result *res)
{
    int64_t last = 0;
    int rc = watch_subscribe(w, false, &last, res);
    if (rc == 0 && w->checked < 0)
        w->checked = last; /* from now on */
    if (rc == 0)
        rc = watch_open(w, res);
    if (rc == 0)
        rc = watch_catch_up(w, res);
    return rc;
}

/* Receives until something needs the main socket; 0 or the status. */
static int watch_listen(watch *w, pmo_result *res)
{
    while (!watch_stop) {
        int64_t now = time_now_ms();
        if (now >= w->renew_at_ms) {
            int rc = watch_subscribe(w, true, NULL, res);
            if (rc == PMO_NOT_FOUND)
                return watch_connect(w, res);
            if (rc != 0)
                return rc;
        }
        if (now - w->heard_ms > WATCH_SILENCE_MS) {
            res->code = PMO_UNAVAILABLE;
            snprintf(res->message, sizeof(res->message),
                     "nothing heard from the events socket for %d s",
                     WATCH_SILENCE_MS / 1000);
            return res->code;
        }
        nng_msg *m = NULL;
        int rv = nng_recvmsg(w->sock, &m, 0);
        if (rv == NNG_ETIMEDOUT)
            continue;
        if (rv != 0) {
            res->code = PMO_UNAVAILABLE;
            snprintf(res->message, sizeof(res->message), "events socket: %s",
                     nng_strerror(rv));
            return res->code;
        }
        int gap = watch_take(w, m);
        nng_msg_free(m);
        if (gap) {
            int rc = watch_catch_up(w, res);
            if (rc != 0)
                return rc;
        }
    }
    return 0;
}

static void watch_pause(int ms)
{
    for (int waited = 0; waited < ms && !watch_stop; waited += 100)
        usleep(100 * 1000);
}

static int watch_run(cli_ctx *ctx, cli_rpc *r)
{
    watch w = {.ctx = ctx, .rpc = r, .program = "", .checked = -1};
    const char *after = cli_take_option(ctx, "--after");
    char *kinds[32];
    const char *kind;
    while ((kind = cli_take_repeated(ctx, "--kind")) != NULL) {
        if (w.n_kinds == sizeof(kinds) / sizeof(*kinds))
            return cli_usage_fail(ctx, "--kind: at most 32");
        kinds[w.n_kinds++] = (char *)kind;
    }
    w.kinds = kinds;
    if (after) {
        char *end;
        long long v = strtoll(after, &end, 10);
        if (*after == '\0' || *end || v < 0)
            return cli_usage_fail(ctx, "--after: a sequence number (0 or "
                                       "more)");
        w.checked = v;
    }
    char *program = NULL;
    if (cli_take_args(ctx, 0, 1, &program) < 0)
        return 2;
    if (program)
        w.program = cli_key_upper(program);
    struct sigaction sa = {.sa_handler = watch_on_signal};
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    pmo_result res;
    int retry_ms = 250;
    bool complained = false, started = false;
    while (!watch_stop) {
        int rc = watch_connect(&w, &res);
        if (rc == 0) {
            if (complained)
                fprintf(stderr, "pmo watch: connected again\n");
            else if (!started)
                fprintf(stderr,
                        "pmo watch: watching %s after seq %" PRId64
                        " (Ctrl-C stops)\n",
                        w.program[0] ? w.program : "every program you can see",
                        w.checked);
            started = true;
            complained = false;
            retry_ms = 250;
            rc = watch_listen(&w, &res);
        }
        if (rc == 0)
            break;
        if (!watch_transient(rc)) {
            watch_close(&w);
            return cli_rpc_report(r, &res);
        }
        if (!complained)
            fprintf(stderr, "pmo watch: %s; retrying\n", res.message);
        complained = true;
        watch_close(&w);
        watch_pause(retry_ms);
        retry_ms = retry_ms * 2 > WATCH_RETRY_MAX_MS ? WATCH_RETRY_MAX_MS
                                                     : retry_ms * 2;
    }
    watch_close(&w);
    return 0;
}

static int watch_cmd(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, watch_run);
}

const cli_command cli_watch_commands[] = {
    {"watch", "[PROGRAM] [--kind K]... [--after SEQ] [--json]",
     "print changes as they are made (every program you can see, or one)",
     watch_cmd},
    {NULL, NULL, NULL, NULL},
};
