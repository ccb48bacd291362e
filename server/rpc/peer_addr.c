/* server/rpc/peer_addr.c - formats a pipe's or a socket's peer address. */
#include "rpc/peer_addr.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

/* addr is 4 or 16 bytes in network order; port in host order. */
static void peer_addr_format(const uint8_t *a, size_t alen, unsigned port,
                             bool with_port, char *out, size_t len)
{
    int n;
    if (alen == 4)
        n = snprintf(out, len, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
    else
        n = snprintf(out, len, "[%x:%x:%x:%x:%x:%x:%x:%x]", a[0] << 8 | a[1],
                     a[2] << 8 | a[3], a[4] << 8 | a[5], a[6] << 8 | a[7],
                     a[8] << 8 | a[9], a[10] << 8 | a[11], a[12] << 8 | a[13],
                     a[14] << 8 | a[15]);
    if (with_port && n > 0 && (size_t)n < len)
        snprintf(out + n, len - (size_t)n, ":%u", port);
}

void rpc_peer_addr(nng_pipe p, bool with_port, char *out, size_t len)
{
    nng_sockaddr sa;
    snprintf(out, len, "-");
    if (nng_pipe_id(p) < 0 || nng_pipe_get_addr(p, NNG_OPT_REMADDR, &sa) != 0)
        return;
    if (sa.s_family == NNG_AF_INET)
        peer_addr_format((const uint8_t *)&sa.s_in.sa_addr, 4,
                         ntohs(sa.s_in.sa_port), with_port, out, len);
    else if (sa.s_family == NNG_AF_INET6)
        peer_addr_format(sa.s_in6.sa_addr, 16, ntohs(sa.s_in6.sa_port),
                         with_port, out, len);
}

int rpc_sockaddr_text(const struct sockaddr *sa, bool with_port, char *out,
                      size_t len, uint16_t *port)
{
    snprintf(out, len, "-");
    uint16_t p;
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
        p = ntohs(in->sin_port);
        peer_addr_format((const uint8_t *)&in->sin_addr, 4, p, with_port, out,
                         len);
    } else if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
        p = ntohs(in6->sin6_port);
        peer_addr_format(in6->sin6_addr.s6_addr, 16, p, with_port, out, len);
    } else {
        return -1;
    }
    if (port)
        *port = p;
    return 0;
}
