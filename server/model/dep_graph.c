/* server/model/dep_graph.c - paths and cycles in directed graphs. */
#include "model/dep_graph.h"

#include <string.h>

/*
 * Keys map to indexes through an open-addressing table of index + 1 (0 is
 * an empty slot) kept at most half full. Edges are kept as two parallel
 * arrays until a query needs adjacency; then they are laid out once in
 * compressed rows (off/adj), stable in insertion order so that results
 * are the same from run to run.
 */
struct dep_graph {
    arena *a;
    int64_t *keys;
    size_t n, node_cap;
    size_t *slots;
    size_t slot_mask;
    size_t *from, *to;
    size_t m, edge_cap;
    size_t *off, *adj; /* valid while built */
    bool built;
};

enum { DEP_WHITE, DEP_GREY, DEP_BLACK };

static void *dep_graph_grow(arena *a, void *old, size_t used, size_t cap,
                            size_t size)
{
    void *fresh = arena_alloc(a, cap * size);
    if (used)
        memcpy(fresh, old, used * size);
    return fresh;
}

static size_t dep_graph_hash(int64_t key)
{
    uint64_t x = (uint64_t)key;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return (size_t)x;
}

static size_t *dep_graph_slot(const dep_graph *g, int64_t key)
{
    size_t i = dep_graph_hash(key) & g->slot_mask;
    while (g->slots[i] != 0 && g->keys[g->slots[i] - 1] != key)
        i = (i + 1) & g->slot_mask;
    return &g->slots[i];
}

static void dep_graph_slots_resize(dep_graph *g, size_t nodes)
{
    size_t count = 16;
    while (count < nodes * 2)
        count *= 2;
    g->slots = arena_zalloc(g->a, count * sizeof(*g->slots));
    g->slot_mask = count - 1;
    for (size_t i = 0; i < g->n; i++)
        *dep_graph_slot(g, g->keys[i]) = i + 1;
}

dep_graph *dep_graph_alloc(arena *a, size_t nodes_hint, size_t edges_hint)
{
    dep_graph *g = arena_zalloc(a, sizeof(*g));
    g->a = a;
    g->node_cap = nodes_hint ? nodes_hint : 16;
    g->keys = arena_alloc(a, g->node_cap * sizeof(*g->keys));
    g->edge_cap = edges_hint ? edges_hint : 16;
    g->from = arena_alloc(a, g->edge_cap * sizeof(*g->from));
    g->to = arena_alloc(a, g->edge_cap * sizeof(*g->to));
    dep_graph_slots_resize(g, g->node_cap);
    return g;
}

size_t dep_graph_node(dep_graph *g, int64_t key)
{
    size_t *slot = dep_graph_slot(g, key);
    if (*slot != 0)
        return *slot - 1;
    if (g->n == g->node_cap) {
        g->node_cap *= 2;
        g->keys =
            dep_graph_grow(g->a, g->keys, g->n, g->node_cap, sizeof(*g->keys));
    }
    g->keys[g->n++] = key;
    g->built = false;
    if (g->n * 2 > g->slot_mask + 1)
        dep_graph_slots_resize(g, g->n);
    else
        *slot = g->n;
    return g->n - 1;
}

int64_t dep_graph_key(const dep_graph *g, size_t node)
{
    return g->keys[node];
}

size_t dep_graph_node_count(const dep_graph *g)
{
    return g->n;
}

size_t dep_graph_edge_count(const dep_graph *g)
{
    return g->m;
}

void dep_graph_edge_add(dep_graph *g, size_t from, size_t to)
{
    if (g->m == g->edge_cap) {
        g->edge_cap *= 2;
        g->from =
            dep_graph_grow(g->a, g->from, g->m, g->edge_cap, sizeof(*g->from));
        g->to = dep_graph_grow(g->a, g->to, g->m, g->edge_cap, sizeof(*g->to));
    }
    g->from[g->m] = from;
    g->to[g->m] = to;
    g->m++;
    g->built = false;
}

void dep_graph_link(dep_graph *g, int64_t from_key, int64_t to_key)
{
    size_t from = dep_graph_node(g, from_key);
    size_t to = dep_graph_node(g, to_key);
    dep_graph_edge_add(g, from, to);
}

/* Compressed rows by counting sort on the source: O(n + m). */
static void dep_graph_build(dep_graph *g)
{
    if (g->built)
        return;
    g->off = arena_zalloc(g->a, (g->n + 1) * sizeof(*g->off));
    g->adj = arena_alloc(g->a, (g->m ? g->m : 1) * sizeof(*g->adj));
    for (size_t e = 0; e < g->m; e++)
        g->off[g->from[e] + 1]++;
    for (size_t v = 0; v < g->n; v++)
        g->off[v + 1] += g->off[v];
    size_t *next = arena_alloc(g->a, (g->n ? g->n : 1) * sizeof(*next));
    if (g->n)
        memcpy(next, g->off, g->n * sizeof(*next));
    for (size_t e = 0; e < g->m; e++)
        g->adj[next[g->from[e]]++] = g->to[e];
    g->built = true;
}

size_t dep_graph_path(dep_graph *g, size_t from, size_t to, size_t **path)
{
    dep_graph_build(g);
    size_t *parent = arena_alloc(g->a, g->n * sizeof(*parent));
    memset(parent, 0xff, g->n * sizeof(*parent)); /* SIZE_MAX: unseen */
    size_t *queue = arena_alloc(g->a, g->n * sizeof(*queue));
    size_t head = 0, tail = 0;
    parent[from] = from;
    queue[tail++] = from;
    bool found = from == to;
    while (!found && head < tail) {
        size_t u = queue[head++];
        for (size_t e = g->off[u]; e < g->off[u + 1] && !found; e++) {
            size_t v = g->adj[e];
            if (parent[v] != SIZE_MAX)
                continue;
            parent[v] = u;
            queue[tail++] = v;
            found = v == to;
        }
    }
    if (!found)
        return 0;
    size_t len = 1;
    for (size_t v = to; v != from; v = parent[v])
        len++;
    size_t *out = arena_alloc(g->a, len * sizeof(*out));
    size_t i = len;
    for (size_t v = to; v != from; v = parent[v])
        out[--i] = v;
    out[0] = from;
    *path = out;
    return len;
}

/*
 * Depth first from root with an explicit stack. An edge to a grey node
 * (one still on the stack) closes a cycle: the stack from that node up.
 */
static size_t dep_graph_cycle_from(dep_graph *g, size_t root,
                                   unsigned char *colour, size_t *stack,
                                   size_t *cursor, size_t **cycle)
{
    size_t top = 0;
    stack[top] = root;
    cursor[top++] = g->off[root];
    colour[root] = DEP_GREY;
    while (top > 0) {
        size_t u = stack[top - 1];
        if (cursor[top - 1] == g->off[u + 1]) {
            colour[u] = DEP_BLACK;
            top--;
            continue;
        }
        size_t v = g->adj[cursor[top - 1]++];
        if (colour[v] == DEP_WHITE) {
            colour[v] = DEP_GREY;
            stack[top] = v;
            cursor[top++] = g->off[v];
        } else if (colour[v] == DEP_GREY) {
            size_t start = top - 1;
            while (stack[start] != v)
                start--;
            size_t len = top - start;
            *cycle = arena_alloc(g->a, len * sizeof(**cycle));
            memcpy(*cycle, stack + start, len * sizeof(**cycle));
            return len;
        }
    }
    return 0;
}

size_t dep_graph_cycle(dep_graph *g, size_t **cycle)
{
    dep_graph_build(g);
    if (g->n == 0)
        return 0;
    unsigned char *colour = arena_zalloc(g->a, g->n);
    size_t *stack = arena_alloc(g->a, g->n * sizeof(*stack));
    size_t *cursor = arena_alloc(g->a, g->n * sizeof(*cursor));
    for (size_t v = 0; v < g->n; v++) {
        if (colour[v] != DEP_WHITE)
            continue;
        size_t len = dep_graph_cycle_from(g, v, colour, stack, cursor, cycle);
        if (len)
            return len;
    }
    return 0;
}
