/* server/rpc/heavy_gate.c - heavy methods admitted under their limits. */
#include "rpc/heavy_gate.h"
#include "rpc/heavy_calls.h"
#include "rpc/server.h"

bool rpc_heavy_admit(rpc_call *call, const rpc_method *m)
{
    if (!(m->flags & RPC_HEAVY))
        return true;
    heavy_calls *t = rpc_server_heavy_calls(call->server);
    switch (heavy_calls_enter(t, call->who.user_id)) {
    case HEAVY_ADMITTED:
        return true;
    case HEAVY_USER_FULL:
        rpc_fail(call, PMO_RESOURCE_EXHAUSTED,
                 "%s is a heavy call and you already have %d in flight "
                 "(heavy_calls_per_user); try again when one finishes",
                 m->path, heavy_calls_per_user(t));
        return false;
    case HEAVY_ALL_FULL:
        break;
    }
    rpc_fail(call, PMO_RESOURCE_EXHAUSTED,
             "%s is a heavy call and the server is running its limit of %d "
             "(one less than its workers, so light calls always find one); "
             "try again shortly",
             m->path, heavy_calls_total(t));
    return false;
}

void rpc_heavy_release(rpc_call *call, const rpc_method *m)
{
    if (m->flags & RPC_HEAVY)
        heavy_calls_leave(rpc_server_heavy_calls(call->server),
                          call->who.user_id);
}
