/* server/rpc/peer_addr.c - formats a pipe's remote address. */
#include "rpc/peer_addr.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>

void rpc_peer_addr(nng_pipe p, bool with_port, char *out, size_t len)
{
    nng_sockaddr sa;
    snprintf(out, len, "-");
    if (nng_pipe_id(p) < 0 || nng_pipe_get_addr(p, NNG_OPT_REMADDR, &sa) != 0)
        return;
    unsigned port;
    int n;
    if (sa.s_family == NNG_AF_INET) {
        const uint8_t *a = (const uint8_t *)&sa.s_in.sa_addr;
        n = snprintf(out, len, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
        port = ntohs(sa.s_in.sa_port);
    } else if (sa.s_family == NNG_AF_INET6) {
        const uint8_t *a = sa.s_in6.sa_addr;
        n = snprintf(out, len, "[%x:%x:%x:%x:%x:%x:%x:%x]", a[0] << 8 | a[1],
                     a[2] << 8 | a[3], a[4] << 8 | a[5], a[6] << 8 | a[7],
                     a[8] << 8 | a[9], a[10] << 8 | a[11], a[12] << 8 | a[13],
                     a[14] << 8 | a[15]);
        port = ntohs(sa.s_in6.sa_port);
    } else {
        return;
    }
    if (with_port && n > 0 && (size_t)n < len)
        snprintf(out + n, len - (size_t)n, ":%u", port);
}
