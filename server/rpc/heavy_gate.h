/*
 * server/rpc/heavy_gate.h - admitting heavy methods (RPC_HEAVY) at
 * dispatch, before any of their work starts, under the server's
 * heavy_calls limits. Thread: the call's worker.
 */
#ifndef PMO_SERVER_RPC_HEAVY_GATE_H
#define PMO_SERVER_RPC_HEAVY_GATE_H

#include "rpc/call.h"
#include "rpc/registry.h"

#include <stdbool.h>

/*
 * True if the call may run: a light method, or a heavy one now counted.
 * False with the call failed RESOURCE_EXHAUSTED, naming the limit reached.
 */
bool rpc_heavy_admit(rpc_call *call, const rpc_method *m);

/* Ends what rpc_heavy_admit counted; call once the handler has returned. */
void rpc_heavy_release(rpc_call *call, const rpc_method *m);

#endif
