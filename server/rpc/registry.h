/*
 * server/rpc/registry.h - services, their access policy, and the method
 * table built from protoc-c's service descriptors.
 *
 * A service is registered as its generated ProtobufCService (whose
 * descriptor lists the methods and their message types) plus one policy
 * per method. The table is built from the descriptors at start-up and a
 * method without a policy, or whose policy does not say whether it reads
 * or writes, stops the server from starting, so no method can ship
 * without an explicit authorisation decision.
 */
#ifndef PMO_SERVER_RPC_REGISTRY_H
#define PMO_SERVER_RPC_REGISTRY_H

#include <protobuf-c/protobuf-c.h>
#include <stdbool.h>
#include <stddef.h>

typedef enum rpc_access {
    RPC_ACCESS_PUBLIC,  /* anyone who can reach the socket */
    RPC_ACCESS_SESSION, /* any logged-in user; finer checks in the handler */
    RPC_ACCESS_ADMIN,   /* global admins only */
} rpc_access;

/*
 * What a method does to the state it reaches. Every policy says one or the
 * other: the values lie apart from 0 and from the flags, so a policy that
 * leaves it out (or puts a flag in its place) stops the server at start.
 * The scope of an API token is checked against it (auth/README.md).
 */
typedef enum rpc_effect {
    /* Reads only; a read-only token may call it. */
    RPC_READS = 0x100,
    /* Changes state: runs in one transaction; honours idempotency keys. */
    RPC_WRITES = 0x200,
} rpc_effect;

enum rpc_method_flags {
    /*
     * Mutates, but a twin is harmless and the result holds a secret (a new
     * token or password) that must not be stored for replay.
     */
    RPC_NO_REPLAY = 1u << 0,
    /*
     * Can hold a worker for seconds (Monte Carlo, levelling, whole-plan
     * checks and loads): admitted only under the per-user and total caps
     * on heavy calls in flight (rpc/heavy_calls.h).
     */
    RPC_HEAVY = 1u << 1,
};

typedef struct rpc_method_policy {
    const char *method; /* short name as in the .proto: "Login" */
    rpc_access access;
    rpc_effect effect;
    unsigned flags;
} rpc_method_policy;

typedef struct rpc_service {
    ProtobufCService *impl;
    const rpc_method_policy *policies;
    size_t n_policies;
    /*
     * Run before the service's methods are added (a record service builds
     * its statements and routes here); NULL for none. Must be idempotent:
     * tables may be built more than once. Returns 0, or -1 with err set.
     */
    int (*prepare)(char *err, size_t errlen);
} rpc_service;

typedef struct rpc_method {
    char *path; /* "pmo.v1.AuthService/Login" */
    ProtobufCService *service;
    unsigned index; /* into service->descriptor->methods */
    const ProtobufCMethodDescriptor *desc;
    rpc_access access;
    rpc_effect effect;
    unsigned flags;
} rpc_method;

typedef struct rpc_table {
    rpc_method *methods; /* sorted by path */
    size_t count;
} rpc_table;

/*
 * Builds the table from a NULL-terminated list of services. Returns 0, or
 * -1 with a reason in err (a method lacking a policy, a policy naming no
 * method or saying neither RPC_READS nor RPC_WRITES, a path registered
 * twice).
 */
int rpc_table_build(rpc_table *t, const rpc_service *const *services,
                    char *err, size_t errlen);
void rpc_table_fini(rpc_table *t);

/* The method for a path, or NULL. O(log n). */
const rpc_method *rpc_table_find(const rpc_table *t, const char *path);

const char *rpc_access_name(rpc_access a);

/* "reads" or "writes". */
const char *rpc_effect_name(rpc_effect e);

#endif
