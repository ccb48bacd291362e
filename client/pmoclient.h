/*
 * client/pmoclient.h - libpmoclient: connect to pmo-server and call it.
 *
 * The one API integrators need: open a client on a tls+tcp:// address with
 * the CA to trust, optionally set a token, and call methods by service
 * descriptor and name. Every failure comes back as a gRPC status code and
 * a one-line message for a person, transport failures included (refused,
 * untrusted certificate, timeout: UNAVAILABLE or DEADLINE_EXCEEDED); a
 * failed connection also says which setting to fix in pmo_result.conn.
 *
 * A client is one nng req0 socket; calls on one client are serialised by
 * the caller (one at a time per client). Use one client per thread.
 *
 * A client that stays open across a server restart reconnects by itself,
 * and nng resends a request that was in flight; while the server is down
 * a call waits until it is back or the call's timeout passes (then
 * DEADLINE_EXCEEDED). Only pmo_client_open reports a refused connection
 * at once.
 */
#ifndef PMO_CLIENT_PMOCLIENT_H
#define PMO_CLIENT_PMOCLIENT_H

#include <protobuf-c/protobuf-c.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct pmo_client pmo_client;

typedef struct pmo_client_options {
    const char *url;         /* tls+tcp://host:port */
    const char *ca_file;     /* PEM of the CA that signed the server's cert */
    const char *server_name; /* name to check in the cert; default: URL host */
    const char *cert_file;   /* optional client certificate (mutual TLS) */
    const char *key_file;
    int timeout_ms;          /* per call; 0: 30 s */
    bool insecure;           /* allow tcp:// (tests only) */
} pmo_client_options;

#define PMO_MAX_VIOLATIONS 16

/*
 * Why pmo_client_open could not connect, when it can tell (code is then
 * UNAVAILABLE). A TLS handshake that nng reports as failed is examined
 * again on a separate connection to find which of these it was.
 */
typedef enum pmo_conn_error {
    PMO_CONN_OK = 0,            /* connected, or no more is known */
    PMO_CONN_UNREACHABLE,       /* refused, or no route to the host */
    PMO_CONN_UNTRUSTED_CA,      /* certificate not signed by ca_file */
    PMO_CONN_NAME_MISMATCH,     /* certificate does not name server_name */
    PMO_CONN_CLIENT_CERT,       /* client certificate required or refused */
} pmo_conn_error;

typedef struct pmo_result {
    int code;          /* pmo_status; 0 is OK */
    char message[512]; /* one line for a person; "" on OK */
    pmo_conn_error conn;
    size_t n_violations;
    struct {
        char field[64];
        char description[192];
    } violations[PMO_MAX_VIOLATIONS];
} pmo_result;

/*
 * Connects (the TLS handshake happens here, so a bad certificate or a
 * refused connection is reported at once). Returns 0 with *out set, or a
 * status code with res filled.
 */
int pmo_client_open(const pmo_client_options *opt, pmo_client **out,
                    pmo_result *res);
void pmo_client_close(pmo_client *c);

/* Token sent with every later call; NULL clears it. Copied. */
void pmo_client_set_token(pmo_client *c, const char *token);

/*
 * Uses key as the idempotency key of the next call only (copied), instead
 * of a fresh random one: a caller that retries a write after a timeout,
 * even from a new process, passes the key it used the first time and the
 * server applies the write at most once.
 */
void pmo_client_set_idempotency_key(pmo_client *c, const char *key);

/*
 * Calls service/method with input. On OK, *output is a new message of the
 * method's output type that the caller frees with
 * protobuf_c_message_free_unpacked(*output, NULL). Returns the status code
 * (also in res->code). Every call carries a fresh idempotency key, so nng's
 * automatic resend of a slow request can never apply a write twice.
 */
int pmo_call(pmo_client *c, const ProtobufCServiceDescriptor *service,
             const char *method, const ProtobufCMessage *input,
             ProtobufCMessage **output, pmo_result *res);

/*
 * The same with an explicit path and raw payload bytes, for tools that
 * work from ListMethods rather than compiled descriptors. *payload is
 * malloc'd; the caller frees it.
 */
int pmo_call_raw(pmo_client *c, const char *path, const void *payload,
                 size_t len, void **out, size_t *out_len, pmo_result *res);

#endif
