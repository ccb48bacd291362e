/* tests/integration/test_transport.c - what reaches the server and how. */
#include "it_raw.h"

#include "common/envelope.h"
#include "pmo/v1/meta.pb-c.h"
#include "pmo/v1/rpc.pb-c.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ftw.h>
#include <netinet/in.h>
#include <nng/nng.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* A client that will be refused is given this long to find out. */
#define REFUSAL_TIMEOUT_MS 3000

/* ------------------------------------------------------------ raw socket */

/* A packed request envelope for method with payload; free() it. */
static uint8_t *envelope_bytes(const char *method, const void *payload,
                               size_t payload_len, size_t *len)
{
    Pmo__V1__RequestEnvelope env = PMO__V1__REQUEST_ENVELOPE__INIT;
    env.id = 7;
    env.method = (char *)method;
    env.payload.data = (uint8_t *)payload;
    env.payload.len = payload_len;
    *len = protobuf_c_message_get_packed_size(&env.base);
    uint8_t *buf = malloc(*len ? *len : 1);
    protobuf_c_message_pack(&env.base, buf);
    return buf;
}

/* Meta/Info through libpmoclient on a new connection answers OK. */
static void assert_server_answers(void)
{
    pmo_client *c = it_connect();
    Pmo__V1__InfoRequest in = PMO__V1__INFO_REQUEST__INIT;
    Pmo__V1__InfoResponse *out = NULL;
    pmo_result res;
    int code = pmo_call(c, &pmo__v1__meta__descriptor, "Info", &in.base,
                        (ProtobufCMessage **)&out, &res);
    it_assert_code(code, &res, PMO_OK);
    assert_int_equal(out->protocol_version, PMO_PROTOCOL_VERSION);
    protobuf_c_message_free_unpacked(&out->base, NULL);
    pmo_client_close(c);
}

/* ------------------------------------------------------- SP by hand */

/*
 * A TLS connection speaking the SP wire format (an 8-byte protocol header,
 * then frames of an 8-byte big-endian length and the bytes) by hand, for
 * the big frames: once the server drops a pipe, nng's req0 client resends
 * the request on every reconnect, and closing it can then wait for ever.
 */
#define SP_PROTO_REQ0 0x30
#define SP_PROTO_REP0 0x31
#define SP_WAIT_S     3

typedef struct sp_conn {
    int fd;
    SSL_CTX *ctx;
    SSL *ssl;
} sp_conn;

static void sp_connect(sp_conn *c)
{
    const char *hostport = it_server_hostport();
    const char *colon = strrchr(hostport, ':');
    if (colon == NULL)
        fail_msg("no port in %s", hostport);
    struct sockaddr_in sa = {.sin_family = AF_INET,
                             .sin_port = htons((uint16_t)atoi(colon + 1))};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    c->fd = socket(AF_INET, SOCK_STREAM, 0);
    struct timeval tv = {SP_WAIT_S, 0};
    setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    setsockopt(c->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
    if (connect(c->fd, (struct sockaddr *)&sa, sizeof(sa)) != 0)
        fail_msg("connect %s: %s", hostport, strerror(errno));
    c->ctx = SSL_CTX_new(TLS_client_method());
    if (SSL_CTX_load_verify_locations(c->ctx, it_env("PMO_CA"), NULL) != 1)
        fail_msg("cannot load %s", it_env("PMO_CA"));
    SSL_CTX_set_verify(c->ctx, SSL_VERIFY_PEER, NULL);
    c->ssl = SSL_new(c->ctx);
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(c->ssl), "127.0.0.1");
    SSL_set_fd(c->ssl, c->fd);
    if (SSL_connect(c->ssl) != 1)
        fail_msg("TLS handshake with %s failed", hostport);
    const uint8_t ours[8] = {0, 'S', 'P', 0, 0, SP_PROTO_REQ0, 0, 0};
    uint8_t theirs[8];
    if (SSL_write(c->ssl, ours, sizeof(ours)) != (int)sizeof(ours) ||
        SSL_read(c->ssl, theirs, sizeof(theirs)) != (int)sizeof(theirs))
        fail_msg("no SP header from %s", hostport);
    if (memcmp(theirs, "\0SP\0", 4) != 0 || theirs[5] != SP_PROTO_REP0)
        fail_msg("%s does not speak rep0", hostport);
}

static void sp_read_all(sp_conn *c, void *buf, size_t len, const char *what)
{
    for (size_t got = 0; got < len;) {
        int n = SSL_read(c->ssl, (uint8_t *)buf + got, (int)(len - got));
        if (n <= 0)
            fail_msg("connection ended while reading %s", what);
        got += (size_t)n;
    }
}

/* Sends one request frame holding body; returns the reply envelope. */
static Pmo__V1__ResponseEnvelope *sp_request(sp_conn *c, const void *body,
                                             size_t len)
{
    /* req0 puts a request id, top bit set, before the body. */
    uint64_t frame_len = len + 4;
    uint8_t head[12];
    for (int i = 0; i < 8; i++)
        head[i] = (uint8_t)(frame_len >> (56 - 8 * i));
    memcpy(head + 8, "\x80\x00\x00\x01", 4);
    if (SSL_write(c->ssl, head, sizeof(head)) != (int)sizeof(head) ||
        SSL_write(c->ssl, body, (int)len) != (int)len)
        fail_msg("cannot send a frame of %zu bytes", len);
    uint8_t reply_head[8];
    sp_read_all(c, reply_head, sizeof(reply_head), "the reply's length");
    uint64_t reply_len = 0;
    for (int i = 0; i < 8; i++)
        reply_len = reply_len << 8 | reply_head[i];
    if (reply_len < 4 || reply_len > ENVELOPE_MAX_MESSAGE)
        fail_msg("reply frame of %llu bytes", (unsigned long long)reply_len);
    uint8_t *reply = malloc(reply_len);
    sp_read_all(c, reply, reply_len, "the reply");
    Pmo__V1__ResponseEnvelope *env =
        pmo__v1__response_envelope__unpack(NULL, reply_len - 4, reply + 4);
    free(reply);
    if (env == NULL)
        fail_msg("the server's reply is not a pmo.v1.ResponseEnvelope");
    return env;
}

static void sp_close(sp_conn *c)
{
    SSL_free(c->ssl);
    SSL_CTX_free(c->ctx);
    close(c->fd);
}

/* ------------------------------------------------------------- helpers */

static int remove_entry(const char *path, const struct stat *st, int flag,
                        struct FTW *ftw)
{
    return remove(path);
}

/* ----------------------------------------------------------------- tests */

static void test_plaintext_client_gets_no_answer(void **state)
{
    char url[128];
    snprintf(url, sizeof(url), "tcp://%s", it_server_hostport());
    pmo_client_options opt = {
        .url = url,
        .timeout_ms = REFUSAL_TIMEOUT_MS,
        .insecure = true,
    };
    pmo_client *c = NULL;
    pmo_result res;
    int code = pmo_client_open(&opt, &c, &res);
    if (code == PMO_OK) {
        Pmo__V1__InfoRequest in = PMO__V1__INFO_REQUEST__INIT;
        code = it_call(c, &pmo__v1__meta__descriptor, "Info", &in.base, &res);
        pmo_client_close(c);
    }
    if (code == PMO_OK)
        fail_msg("a plaintext client on %s was answered", url);
    assert_server_answers();
}

static void test_client_trusting_another_ca_is_refused(void **state)
{
    char dir[] = "/tmp/pmo-it-ca.XXXXXX";
    if (mkdtemp(dir) == NULL)
        fail_msg("mkdtemp failed");
    char cmd[512], ca[128];
    snprintf(ca, sizeof(ca), "%s/other-ca.pem", dir);
    snprintf(cmd, sizeof(cmd),
             "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 "
             "-nodes -keyout %s/other-ca.key -out %s -days 1 "
             "-subj /CN=Another-CA >/dev/null 2>&1",
             dir, ca);
    int made = system(cmd);

    pmo_client_options opt = {
        .url = it_env("PMO_SERVER"),
        .ca_file = ca,
        .timeout_ms = REFUSAL_TIMEOUT_MS,
    };
    pmo_client *c = NULL;
    pmo_result res;
    int code = made == 0 ? pmo_client_open(&opt, &c, &res) : -1;
    nftw(dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
    if (made != 0)
        fail_msg("openssl could not make a CA: %s", cmd);
    if (code == PMO_OK)
        pmo_client_close(c);
    it_assert_code(code, &res, PMO_UNAVAILABLE);
    it_assert_contains(res.message, "certificate");
}

typedef struct garbage_case {
    const char *name;
    const uint8_t *bytes;
    size_t len;
    const char *why; /* expected in the message after "bad envelope: " */
    uint64_t id;     /* the reply's id: the request's, where it could be read */
} garbage_case;

/* id 7, as the first field of each envelope below that has one. */
#define ID_7 "\x08\x07"
/* method "pmo.v1.Meta/Info". */
#define INFO "\x12\x10pmo.v1.Meta/Info"

static void test_garbage_frames_get_invalid_argument(void **state)
{
    static const uint8_t bad_wire_type[] = {0x0f, 0x13, 0x37, 0xc0, 0xde};
    static const uint8_t endless_varint[] = {0x08, 0xff, 0xff, 0xff};
    static const uint8_t short_string[] = {0x12, 0x7f, 'p', 'm', 'o'};
    static const uint8_t not_a_path[] = {0x12, 0x08, 'n', 'o', ' ',
                                         's',  'l',  'a', 's', 'h'};
    /* Octal \003: a hex escape would swallow the "a". */
    static const uint8_t id_then_not_a_path[] = ID_7 "\x12\003a b";
    static const uint8_t id_then_cut_payload[] = ID_7 INFO "\x32\x7f\x01";
    static const uint8_t id_then_bad_wire_type[] = ID_7 "\x0f\x13";
    static const uint8_t nul_in_key[] = ID_7 INFO "\x2a\x03k\0k";
    static const uint8_t latin1_token[] = ID_7 INFO "\x1a\x02\xe9t";
    static const uint8_t nul_in_method[] = ID_7 "\x12\x12pmo.v1.Meta/Info\0x";
#define BYTES(a) a, sizeof(a) - 1 /* a string literal, without its NUL */
    static const garbage_case cases[] = {
        {"invalid wire type", bad_wire_type, sizeof(bad_wire_type),
         "not a pmo.v1.RequestEnvelope", 0},
        {"unterminated varint", endless_varint, sizeof(endless_varint),
         "not a pmo.v1.RequestEnvelope", 0},
        {"string longer than the frame", short_string, sizeof(short_string),
         "not a pmo.v1.RequestEnvelope", 0},
        {"method that is not a path", not_a_path, sizeof(not_a_path), "method",
         0},
        {"empty frame", NULL, 0, "method", 0},
        {"id, then a method that is not a path", BYTES(id_then_not_a_path),
         "method", 7},
        {"id, then a payload cut short", BYTES(id_then_cut_payload),
         "not a pmo.v1.RequestEnvelope", 7},
        {"id, then an invalid wire type", BYTES(id_then_bad_wire_type),
         "not a pmo.v1.RequestEnvelope", 7},
        {"NUL in the idempotency key", BYTES(nul_in_key),
         "idempotency_key: contains a NUL byte at byte 1", 7},
        {"Latin-1 in the token", BYTES(latin1_token),
         "auth_token: is not valid UTF-8 at byte 0", 7},
        {"NUL after a method that would do", BYTES(nul_in_method),
         "method: contains a NUL byte at byte 16", 7},
    };
#undef BYTES
    nng_socket s = it_raw_open(IT_CALL_TIMEOUT_MS);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const garbage_case *t = &cases[i];
        print_message("case: %s\n", t->name);
        Pmo__V1__ResponseEnvelope *reply = NULL;
        int rv = it_raw_exchange(s, t->bytes, t->len, &reply);
        if (rv != 0)
            fail_msg("%s: no reply: %s", t->name, nng_strerror(rv));
        if (reply->code != PMO__V1__STATUS_CODE__INVALID_ARGUMENT)
            fail_msg("%s: expected INVALID_ARGUMENT, got %s (\"%s\")", t->name,
                     pmo_status_name((int)reply->code), reply->message);
        it_assert_contains(reply->message, "bad envelope: ");
        it_assert_contains(reply->message, t->why);
        if (reply->id != t->id)
            fail_msg("%s: reply id %llu, expected %llu", t->name,
                     (unsigned long long)reply->id, (unsigned long long)t->id);
        pmo__v1__response_envelope__free_unpacked(reply, NULL);
    }
    /* The connection that sent them is still served, and so are others. */
    size_t len;
    uint8_t *info = envelope_bytes("pmo.v1.Meta/Info", NULL, 0, &len);
    Pmo__V1__ResponseEnvelope *reply = NULL;
    int rv = it_raw_exchange(s, info, len, &reply);
    free(info);
    if (rv != 0)
        fail_msg("Meta/Info after the garbage: %s", nng_strerror(rv));
    assert_int_equal(reply->code, PMO__V1__STATUS_CODE__OK);
    assert_int_equal(reply->id, 7);
    pmo__v1__response_envelope__free_unpacked(reply, NULL);
    nng_close(s);
    assert_server_answers();
}

static void test_frame_just_under_the_limit_is_answered(void **state)
{
    size_t payload_len = ENVELOPE_MAX_MESSAGE - 4096;
    uint8_t *payload = calloc(1, payload_len);
    size_t len;
    uint8_t *frame =
        envelope_bytes("pmo.v1.Meta/Info", payload, payload_len, &len);
    free(payload);
    sp_conn c;
    sp_connect(&c);
    Pmo__V1__ResponseEnvelope *reply = sp_request(&c, frame, len);
    free(frame);
    sp_close(&c);
    /* Zero bytes are no InfoRequest; what matters is that it was read. */
    assert_int_equal(reply->code, PMO__V1__STATUS_CODE__INVALID_ARGUMENT);
    it_assert_contains(reply->message, "payload");
    pmo__v1__response_envelope__free_unpacked(reply, NULL);
}

/* How many lines of the server's log so far contain needle. */
static int log_lines_with(const char *needle, char *first, size_t firstlen)
{
    char *log = it_server_log();
    int n = 0;
    for (const char *p = log; (p = strstr(p, needle)) != NULL; p++) {
        if (n++ == 0 && first) {
            const char *start = p;
            while (start > log && start[-1] != '\n')
                start--;
            snprintf(first, firstlen, "%.*s", (int)strcspn(start, "\n"), start);
        }
    }
    free(log);
    return n;
}

#define OVERSIZE_LOG "msg=\"request over the size limit\""

/*
 * Over the limit but under nng's cap: the frame is read, refused at once
 * under the request's own id, the connection stays usable, and the log
 * gets one line however many such frames arrive.
 */
static void test_oversized_frame_gets_resource_exhausted(void **state)
{
    size_t payload_len = ENVELOPE_MAX_MESSAGE + 1024;
    uint8_t *payload = calloc(1, payload_len);
    size_t big_len;
    uint8_t *frame =
        envelope_bytes("pmo.v1.Meta/Info", payload, payload_len, &big_len);
    free(payload);
    int logged_before = log_lines_with(OVERSIZE_LOG, NULL, 0);
    sp_conn c;
    sp_connect(&c);
    for (int i = 0; i < 3; i++) {
        int64_t start = it_now_ms();
        Pmo__V1__ResponseEnvelope *reply = sp_request(&c, frame, big_len);
        int64_t took = it_now_ms() - start;
        assert_int_equal(reply->code, PMO__V1__STATUS_CODE__RESOURCE_EXHAUSTED);
        assert_int_equal(reply->id, 7);
        char expect[96];
        snprintf(expect, sizeof(expect),
                 "request of %zu bytes is over the %u-byte message limit",
                 big_len, ENVELOPE_MAX_MESSAGE);
        it_assert_contains(reply->message, expect);
        pmo__v1__response_envelope__free_unpacked(reply, NULL);
        if (took > 2000)
            fail_msg("the refusal took %lld ms", (long long)took);
    }
    free(frame);
    size_t len;
    uint8_t *info = envelope_bytes("pmo.v1.Meta/Info", NULL, 0, &len);
    Pmo__V1__ResponseEnvelope *reply = sp_request(&c, info, len);
    free(info);
    sp_close(&c);
    assert_int_equal(reply->code, PMO__V1__STATUS_CODE__OK);
    pmo__v1__response_envelope__free_unpacked(reply, NULL);

    char line[512] = "";
    assert_int_equal(
        log_lines_with(OVERSIZE_LOG, line, sizeof(line)) - logged_before, 1);
    char bytes[48];
    snprintf(bytes, sizeof(bytes), "bytes=%zu ", big_len);
    it_assert_contains(line, bytes);
    it_assert_contains(line, "peer=127.0.0.1:");
    it_assert_contains(line, "id=7 ");
    it_assert_contains(line, "status=RESOURCE_EXHAUSTED");
}

/* Past nng's cap, nng closes the connection on reading the frame's length:
 * no reply, but no wait either. */
static void
test_frame_over_the_transport_cap_closes_the_connection(void **state)
{
    sp_conn c;
    sp_connect(&c);
    /* The length alone says too much: the body need not follow. */
    uint64_t announced = (uint64_t)ENVELOPE_MAX_FRAME + 1;
    uint8_t header[8];
    for (int i = 0; i < 8; i++)
        header[i] = (uint8_t)(announced >> (56 - 8 * i));
    if (SSL_write(c.ssl, header, sizeof(header)) != (int)sizeof(header))
        fail_msg("cannot send the frame header");
    uint8_t reply[64];
    errno = 0;
    int64_t start = it_now_ms();
    int n = SSL_read(c.ssl, reply, sizeof(reply));
    bool waited_out = n <= 0 && SSL_get_error(c.ssl, n) == SSL_ERROR_SYSCALL &&
                      (errno == EAGAIN || errno == EWOULDBLOCK);
    int64_t took = it_now_ms() - start;
    sp_close(&c);
    if (n > 0)
        fail_msg("a frame of %llu bytes (cap %u) got %d bytes back",
                 (unsigned long long)announced, ENVELOPE_MAX_FRAME, n);
    if (waited_out)
        fail_msg("the server kept the connection open for %lld ms",
                 (long long)took);
    assert_server_answers();
}

static void test_unknown_method_is_unimplemented(void **state)
{
    static const char *const paths[] = {
        "pmo.v1.Nowhere/Nothing",
        "pmo.v1.AuthService/Teleport",
        "pmo.v1.Meta/info",
    };
    pmo_client *c = it_connect();
    for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
        void *out = NULL;
        size_t out_len = 0;
        pmo_result res;
        int code = pmo_call_raw(c, paths[i], "", 0, &out, &out_len, &res);
        free(out);
        it_assert_code(code, &res, PMO_UNIMPLEMENTED);
        it_assert_contains(res.message, paths[i]);
    }
    pmo_client_close(c);
}

static void test_truncated_payload_is_invalid_argument(void **state)
{
    Pmo__V1__LoginRequest in = PMO__V1__LOGIN_REQUEST__INIT;
    in.username = "somebody";
    in.password = "a password of some length";
    size_t len = protobuf_c_message_get_packed_size(&in.base);
    uint8_t *buf = malloc(len);
    protobuf_c_message_pack(&in.base, buf);

    pmo_client *c = it_connect();
    void *out = NULL;
    size_t out_len = 0;
    pmo_result res;
    /* Cut inside the password string. */
    int code = pmo_call_raw(c, "pmo.v1.AuthService/Login", buf, len - 5, &out,
                            &out_len, &res);
    free(out);
    free(buf);
    pmo_client_close(c);
    it_assert_code(code, &res, PMO_INVALID_ARGUMENT);
    it_assert_contains(res.message, "payload");
    it_assert_contains(res.message, "pmo.v1.LoginRequest");
}

/* True when every lead byte of s is followed by its continuation bytes. */
static bool utf8_valid(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int n = *p < 0x80                 ? 0
                : *p >= 0xc2 && *p < 0xe0 ? 1
                : *p >= 0xe0 && *p < 0xf0 ? 2
                : *p >= 0xf0 && *p < 0xf5 ? 3
                                          : -1;
        if (n < 0)
            return false;
        for (int i = 1; i <= n; i++)
            if ((p[i] & 0xc0) != 0x80)
                return false;
        p += n + 1;
    }
    return true;
}

static void test_long_error_message_stays_utf8(void **state)
{
    /* "no service x" then e-acute (2 bytes) repeated: the message is far
     * longer than the server keeps, and an odd prefix puts the cut inside
     * a character unless it is made on a character boundary. */
    char service[1 + 2 * 400 + 1] = "x";
    for (int i = 0; i < 400; i++)
        memcpy(service + 1 + 2 * i, "\xc3\xa9", 2);
    service[sizeof(service) - 1] = '\0';
    Pmo__V1__HealthCheckRequest in = PMO__V1__HEALTH_CHECK_REQUEST__INIT;
    in.service = service;
    size_t len = protobuf_c_message_get_packed_size(&in.base);
    uint8_t *buf = malloc(len);
    protobuf_c_message_pack(&in.base, buf);

    size_t frame_len;
    uint8_t *frame =
        envelope_bytes("pmo.v1.Health/Check", buf, len, &frame_len);
    free(buf);
    nng_socket s = it_raw_open(IT_CALL_TIMEOUT_MS);
    Pmo__V1__ResponseEnvelope *reply = NULL;
    int rv = it_raw_exchange(s, frame, frame_len, &reply);
    free(frame);
    nng_close(s);
    if (rv != 0)
        fail_msg("no reply: %s", nng_strerror(rv));
    assert_int_equal(reply->code, PMO__V1__STATUS_CODE__NOT_FOUND);
    it_assert_contains(reply->message, "no service x\xc3\xa9");
    if (!utf8_valid(reply->message))
        fail_msg("reply message is not valid UTF-8: %s", reply->message);
    pmo__v1__response_envelope__free_unpacked(reply, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plaintext_client_gets_no_answer),
        cmocka_unit_test(test_client_trusting_another_ca_is_refused),
        cmocka_unit_test(test_garbage_frames_get_invalid_argument),
        cmocka_unit_test(test_frame_just_under_the_limit_is_answered),
        cmocka_unit_test(test_oversized_frame_gets_resource_exhausted),
        cmocka_unit_test(
            test_frame_over_the_transport_cap_closes_the_connection),
        cmocka_unit_test(test_unknown_method_is_unimplemented),
        cmocka_unit_test(test_truncated_payload_is_invalid_argument),
        cmocka_unit_test(test_long_error_message_stays_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
