/*
 * server/rpc/handshake_watch.c - drops accepted connections stuck before
 * their TLS handshake ends. See handshake_watch.h for why and how.
 */
#include "rpc/handshake_watch.h"
#include "common/hash.h"
#include "common/xalloc.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

void handshake_watch_init(handshake_watch *w)
{
    memset(w, 0, sizeof(*w));
}

void handshake_watch_fini(handshake_watch *w)
{
    free(w->fds);
    memset(w, 0, sizeof(*w));
}

void handshake_watch_next_scan(handshake_watch *w)
{
    for (int fd = 0; fd < w->n_fds; fd++)
        if (w->fds[fd].scan != w->scan)
            w->fds[fd].key = 0;
    w->scan++;
}

static void watch_grow(handshake_watch *w, int fd)
{
    if (fd < w->n_fds)
        return;
    int n = w->n_fds ? w->n_fds : 64;
    while (n <= fd)
        n *= 2;
    w->fds = xrealloc(w->fds, (size_t)n * sizeof(*w->fds));
    memset(w->fds + w->n_fds, 0, (size_t)(n - w->n_fds) * sizeof(*w->fds));
    w->n_fds = n;
}

int64_t handshake_watch_age(handshake_watch *w, int fd, const char *remote,
                            int64_t now_ms)
{
    watch_grow(w, fd);
    handshake_seen *s = &w->fds[fd];
    unsigned key = hash_str(remote) | 1u; /* never 0, which means none */
    if (s->key != key) {
        s->key = key;
        s->since_ms = now_ms;
    }
    s->scan = w->scan;
    return now_ms - s->since_ms;
}

/* The peer of an accepted connection on one of ports, or -1 if fd is not. */
static int watch_accepted_peer(int fd, const uint16_t *ports, int n_ports,
                               char *remote, size_t len)
{
    struct sockaddr_storage ss;
    socklen_t sl = sizeof(ss);
    uint16_t port;
    char local[RPC_PEER_ADDR_LEN];
    if (getsockname(fd, (struct sockaddr *)&ss, &sl) != 0 ||
        rpc_sockaddr_text((struct sockaddr *)&ss, false, local, sizeof(local),
                          &port) != 0)
        return -1;
    int i = 0;
    while (i < n_ports && ports[i] != port)
        i++;
    sl = sizeof(ss);
    if (i == n_ports || getpeername(fd, (struct sockaddr *)&ss, &sl) != 0)
        return -1; /* another socket, or the listener itself */
    return rpc_sockaddr_text((struct sockaddr *)&ss, true, remote, len, NULL);
}

int handshake_watch_scan(handshake_watch *w, const uint16_t *ports, int n_ports,
                         int64_t now_ms, int64_t deadline_ms,
                         bool (*is_pipe)(void *arg, const char *remote),
                         void *arg, handshake_conn *out, int max)
{
    DIR *dir = opendir("/proc/self/fd");
    if (dir == NULL)
        return 0;
    handshake_watch_next_scan(w);
    int n = 0;
    struct dirent *e;
    handshake_conn spare;
    /* Past max, keep visiting: an unvisited descriptor would be forgotten. */
    while ((e = readdir(dir)) != NULL) {
        char *end;
        long fd = strtol(e->d_name, &end, 10);
        handshake_conn *c = n < max ? &out[n] : &spare;
        if (*end || end == e->d_name || fd == dirfd(dir) ||
            watch_accepted_peer((int)fd, ports, n_ports, c->remote,
                                sizeof(c->remote)) != 0)
            continue;
        c->fd = (int)fd;
        c->age_ms = handshake_watch_age(w, c->fd, c->remote, now_ms);
        if (c->age_ms >= deadline_ms && n < max && !is_pipe(arg, c->remote))
            n++;
    }
    closedir(dir);
    return n;
}

bool handshake_watch_drop(const handshake_conn *c)
{
    struct sockaddr_storage ss;
    socklen_t sl = sizeof(ss);
    char now[RPC_PEER_ADDR_LEN];
    if (getpeername(c->fd, (struct sockaddr *)&ss, &sl) != 0 ||
        rpc_sockaddr_text((struct sockaddr *)&ss, true, now, sizeof(now),
                          NULL) != 0 ||
        strcmp(now, c->remote) != 0)
        return false;
    return shutdown(c->fd, SHUT_RDWR) == 0;
}
