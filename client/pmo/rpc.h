/*
 * client/pmo/rpc.h - one command's calls to the server: a connection opened
 * on the first call, failures reported the pmo way, every page of a
 * listing, and an arena for the requests it builds.
 *
 * A command makes a cli_rpc with cli_rpc_init, calls through it, and ends
 * with cli_rpc_fini, which closes the connection and frees the arena and
 * everything allocated from it. Replies are the caller's to free
 * (protobuf_c_message_free_unpacked), listings with cli_list_fini.
 */
#ifndef PMO_CLIENT_PMO_RPC_H
#define PMO_CLIENT_PMO_RPC_H

#include "cli.h"
#include "common/arena.h"

#include <stddef.h>

typedef struct cli_rpc {
    cli_ctx *ctx;
    pmo_client *client;
    char prog[80]; /* "pmo task add": how messages start */
    /*
     * What the command writes ("task CHKOUT-4"): a stale version (ABORTED)
     * is then reported as that entity changed by someone else.
     */
    const char *subject;
    arena mem;
} cli_rpc;

void cli_rpc_init(cli_rpc *r, cli_ctx *ctx);
void cli_rpc_fini(cli_rpc *r);

/* Runs fn with a cli_rpc made for ctx and ended after it; fn's exit code. */
int cli_rpc_run(cli_ctx *ctx, int (*fn)(cli_ctx *ctx, cli_rpc *r));

/*
 * Calls service/method. Returns 0 with *out set, or prints the failure on
 * stderr (one line, and one per field violation) and returns the exit
 * code. Without a session, makes no call and says to log in (or that
 * the server cannot be reached, if it cannot).
 */
int cli_rpc_call(cli_rpc *r, const ProtobufCServiceDescriptor *svc,
                 const char *method, const ProtobufCMessage *in,
                 ProtobufCMessage **out);

/* The same, printing nothing: returns the status with res filled. */
int cli_rpc_try(cli_rpc *r, const ProtobufCServiceDescriptor *svc,
                const char *method, const ProtobufCMessage *in,
                ProtobufCMessage **out, pmo_result *res);

/* Prints a failed call as cli_rpc_call does; returns the exit code. */
int cli_rpc_report(cli_rpc *r, const pmo_result *res);

/* Every item of a listing, across its pages. */
typedef struct cli_list {
    ProtobufCMessage **pages;
    size_t n_pages;
    void **items; /* borrowed from the pages */
    size_t n_items;
    const ProtobufCMessageDescriptor *page_desc;
    const ProtobufCFieldDescriptor *field;
} cli_list;

/*
 * Calls a List method page after page (the request's page_token set from
 * each reply's next_page_token, page_size at most) and collects the
 * repeated field named field of every reply. Returns 0, or reports the
 * failure and returns the exit code with nothing to free.
 */
int cli_rpc_list_all(cli_rpc *r, const ProtobufCServiceDescriptor *svc,
                     const char *method, ProtobufCMessage *in,
                     const char *field, cli_list *out);

/* Prints the whole listing as one reply message with every item. */
void cli_list_json(const cli_list *l);
void cli_list_fini(cli_list *l);

/*
 * The user of the session, or NULL without one. With an API token
 * (PMO_TOKEN) the server is asked whose it is, once.
 */
const char *cli_rpc_user(cli_rpc *r);

#endif
