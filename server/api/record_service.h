/*
 * server/api/record_service.h - the generic handlers of record kinds
 * (model/record.h): authorise, validate every column by its descriptor,
 * check references, call the core.
 *
 * A record service is a protoc-c service descriptor plus its kinds. The
 * methods are found by name when the method table is built:
 *   Create<Type>, Get<Type>, List<Plural>, Update<Type>, Delete<Type>,
 *   List<Type>History (kinds with a history)
 * and invoked through record_service_invoke, so a kind has no handler
 * code of its own: its descriptor and its row in the service file are the
 * whole of it (the shape of Redis's setGenericCommand behind set, setnx
 * and setex). Requests follow the shapes of radar.proto.
 *
 * Who may do what:
 *   - program-scoped kinds: readers need read_role in the row's program,
 *     writers write_role; the row's owner (RECORD_OWNER column) may change
 *     it holding the contributor role.
 *   - organisation-wide kinds: any logged-in user reads and creates; the
 *     row's owner and admins change and delete it.
 */
#ifndef PMO_SERVER_API_RECORD_SERVICE_H
#define PMO_SERVER_API_RECORD_SERVICE_H

#include "model/record.h"
#include "rpc/call.h"
#include "rpc/registry.h"

#include <protobuf-c/protobuf-c.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct record_api {
    record_kind *kind;
    const char *type;       /* of the method names: "RadarEntry" */
    const char *plural;     /* "RadarEntries" */
    const char *field;      /* the request field holding one: "entry" */
    const char *list_field; /* the List response's repeated field */
    /*
     * Rules across fields, beyond each column's own; run after those on
     * the fields named in mask (all when mask is NULL). cur is the row as
     * stored (NULL on create), for the fields the mask leaves as they
     * are. Records violations and returns false. NULL for none.
     */
    bool (*check)(rpc_call *call, const ProtobufCMessage *cur,
                  const ProtobufCMessage *r, char *const *mask, size_t n);
    /*
     * Defaults that depend on other fields, set on a valid write before it
     * is made: r is the caller's copy to change, cur the row as stored
     * (NULL on create), *mask the update mask (NULL on create), which may
     * grow by one field (room is made). NULL for none.
     */
    void (*fill)(rpc_call *call, const ProtobufCMessage *cur,
                 ProtobufCMessage *r, char **mask, size_t *n);
} record_api;

typedef struct record_route record_route;

typedef struct record_service {
    ProtobufCService base; /* base.invoke is record_service_invoke */
    const record_api *const *apis; /* NULL-terminated */
    /* The generated service whose handlers serve the methods no kind
     * answers (the hand-written ones); NULL when there are none. */
    ProtobufCService *fallback;
    record_route *routes; /* one per method, made by prepare */
} record_service;

void record_service_invoke(ProtobufCService *service, unsigned method_index,
                           const ProtobufCMessage *input,
                           ProtobufCClosure closure, void *closure_data);

#define RECORD_SERVICE_INIT(service_descriptor, api_list, handlers)           \
    {                                                                          \
        .base = {.descriptor = (service_descriptor),                          \
                 .invoke = record_service_invoke},                             \
        .apis = (api_list), .fallback = (handlers),                           \
    }

/*
 * Prepares every kind of s and routes each method to its kind and
 * operation. Idempotent. Returns 0, or -1 with a reason in err (a method
 * no kind answers, a kind that does not match its message).
 */
int record_service_prepare(record_service *s, char *err, size_t errlen);

/* The access policies of a kind's methods, for its service's table. */
#define RECORD_POLICIES(type, plural)                                          \
    {"Create" type, RPC_ACCESS_SESSION, RPC_WRITES, 0},                        \
        {"Get" type, RPC_ACCESS_SESSION, RPC_READS, 0},                        \
        {"List" plural, RPC_ACCESS_SESSION, RPC_READS, 0},                     \
        {"Update" type, RPC_ACCESS_SESSION, RPC_WRITES, 0},                    \
        {"Delete" type, RPC_ACCESS_SESSION, RPC_WRITES, 0}
#define RECORD_HISTORY_POLICY(type)                                            \
    {"List" type "History", RPC_ACCESS_SESSION, RPC_READS, 0}

#endif
