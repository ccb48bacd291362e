/* server/model/dep_tree.c - cycles of summary links expanded onto tasks. */
#include "model/dep_tree.h"
#include "model/dep_graph.h"

#include <stdlib.h>
#include <string.h>

/*
 * THE RULE. The scheduler replaces a link u -> v by an edge from every
 * task (leaf) under u to every task under v (u itself when it is a task).
 * So a task t can be left by any link whose predecessor is t or one of
 * t's ancestors, and entered by any link whose successor is t or one of
 * its ancestors. A path through a summary S in the expanded graph exists
 * iff the path enters some task under S through a link on that task or
 * on one of its ancestors, and leaves a task under S (maybe another one)
 * through a link on that task or on one of its ancestors.
 *
 * That is a graph of 2 nodes per summary, 1 per task, and 2 edges per
 * parent plus 1 per link, never the leaf x leaf expansion:
 * - every item x has an "out" node; a child's out leads to its parent's
 *   out (a task may leave through its ancestors' links);
 * - every summary has an "in" node that leads to its children's in nodes
 *   (entering a summary means entering each of its tasks);
 * - a task's in and out are the same node;
 * - a link u -> v is the edge out(u) -> in(v).
 * Going up only ever follows out nodes, going down only in nodes, and
 * the only way from in to out is through a task; so every path between
 * tasks here climbs from a task a to some out(u), takes a link u -> v,
 * and descends from in(v) to a task b, with a under u and b under v:
 * exactly the expanded edge a -> b. Paths between tasks, and so cycles,
 * are the same in both graphs, provided no link joins an item to its own
 * ancestor (its a -> a pairs are dropped by the expansion, but a climb
 * and a descent through one task would be a path here): such links are
 * refused first (dep_tree_lineage_link).
 *
 * Node keys in the dep_graph: 2i is out(i) (and in(i) for a task), 2i+1
 * is in(i) for a summary. Links are recovered from consecutive nodes of
 * a result: an edge from an even key to an odd key, or to the key of a
 * task, is a link; the others go up or down the breakdown.
 */

#define DEP_TREE_NONE SIZE_MAX

struct dep_tree {
    arena *a;
    dep_graph *ids; /* key -> item index; its edges are unused */
    size_t *parent; /* by item, DEP_TREE_NONE at the top */
    size_t n_items, item_cap;
    size_t *pred, *succ; /* by link, item indexes */
    bool *dropped;
    size_t n_links, link_cap;
    /* After dep_tree_build: children counts and preorder intervals. */
    size_t *children, *pos, *end;
    bool built;
};

typedef struct dep_tree_pair {
    size_t pred, succ, link;
} dep_tree_pair;

static void *dep_tree_grow(arena *a, void *old, size_t used, size_t cap,
                           size_t size)
{
    void *fresh = arena_alloc(a, cap * size);
    if (used)
        memcpy(fresh, old, used * size);
    return fresh;
}

dep_tree *dep_tree_alloc(arena *a, size_t items_hint, size_t links_hint)
{
    dep_tree *t = arena_zalloc(a, sizeof(*t));
    t->a = a;
    t->ids = dep_graph_alloc(a, items_hint, 1);
    t->item_cap = items_hint ? items_hint : 16;
    t->parent = arena_alloc(a, t->item_cap * sizeof(*t->parent));
    t->link_cap = links_hint ? links_hint : 16;
    t->pred = arena_alloc(a, t->link_cap * sizeof(*t->pred));
    t->succ = arena_alloc(a, t->link_cap * sizeof(*t->succ));
    t->dropped = arena_alloc(a, t->link_cap * sizeof(*t->dropped));
    return t;
}

static size_t dep_tree_index(dep_tree *t, int64_t key)
{
    size_t i = dep_graph_node(t->ids, key);
    if (i < t->n_items)
        return i;
    if (t->n_items == t->item_cap) {
        t->item_cap *= 2;
        t->parent = dep_tree_grow(t->a, t->parent, t->n_items, t->item_cap,
                                  sizeof(*t->parent));
    }
    t->parent[t->n_items++] = DEP_TREE_NONE;
    t->built = false;
    return i;
}

void dep_tree_item(dep_tree *t, int64_t key)
{
    dep_tree_index(t, key);
}

void dep_tree_parent(dep_tree *t, int64_t child, int64_t parent)
{
    size_t c = dep_tree_index(t, child);
    t->parent[c] = parent ? dep_tree_index(t, parent) : DEP_TREE_NONE;
    t->built = false;
}

size_t dep_tree_link(dep_tree *t, int64_t pred, int64_t succ)
{
    size_t p = dep_tree_index(t, pred), s = dep_tree_index(t, succ);
    if (t->n_links == t->link_cap) {
        size_t n = t->n_links;
        t->link_cap *= 2;
        t->pred = dep_tree_grow(t->a, t->pred, n, t->link_cap, sizeof(size_t));
        t->succ = dep_tree_grow(t->a, t->succ, n, t->link_cap, sizeof(size_t));
        t->dropped =
            dep_tree_grow(t->a, t->dropped, n, t->link_cap, sizeof(bool));
    }
    t->pred[t->n_links] = p;
    t->succ[t->n_links] = s;
    t->dropped[t->n_links] = false;
    return t->n_links++;
}

void dep_tree_link_drop(dep_tree *t, size_t link)
{
    t->dropped[link] = true;
}

size_t dep_tree_link_count(const dep_tree *t)
{
    return t->n_links;
}

int64_t dep_tree_link_pred(const dep_tree *t, size_t link)
{
    return dep_graph_key(t->ids, t->pred[link]);
}

int64_t dep_tree_link_succ(const dep_tree *t, size_t link)
{
    return dep_graph_key(t->ids, t->succ[link]);
}

/* ------------------------------------------------------- the breakdown */

/*
 * Preorder numbers by an explicit stack over children rows (no recursion
 * however deep the breakdown): x contains y iff pos[x] < pos[y] < end[x].
 * An item never reached from a root hangs off a parent loop.
 */
int dep_tree_build(dep_tree *t)
{
    size_t n = t->n_items;
    size_t *off = arena_zalloc(t->a, (n + 2) * sizeof(*off));
    size_t *kids = arena_alloc(t->a, (n ? n : 1) * sizeof(*kids));
    t->children = arena_zalloc(t->a, (n ? n : 1) * sizeof(*t->children));
    t->pos = arena_alloc(t->a, (n ? n : 1) * sizeof(*t->pos));
    t->end = arena_alloc(t->a, (n ? n : 1) * sizeof(*t->end));
    for (size_t i = 0; i < n; i++)
        if (t->parent[i] != DEP_TREE_NONE) {
            t->children[t->parent[i]]++;
            off[t->parent[i] + 2]++;
        }
    for (size_t i = 0; i < n; i++)
        off[i + 2] += off[i + 1];
    for (size_t i = 0; i < n; i++)
        if (t->parent[i] != DEP_TREE_NONE)
            kids[off[t->parent[i] + 1]++] = i;
    /* off[i] .. off[i + 1] are now i's children in kids. */
    size_t *stack = arena_alloc(t->a, (n ? n : 1) * sizeof(*stack));
    size_t *next = arena_alloc(t->a, (n ? n : 1) * sizeof(*next));
    size_t seen = 0;
    for (size_t root = 0; root < n; root++) {
        if (t->parent[root] != DEP_TREE_NONE)
            continue;
        size_t top = 0;
        stack[top] = root;
        next[top++] = off[root];
        t->pos[root] = seen++;
        while (top > 0) {
            size_t u = stack[top - 1];
            if (next[top - 1] == off[u + 1]) {
                t->end[u] = seen;
                top--;
                continue;
            }
            size_t v = kids[next[top - 1]++];
            t->pos[v] = seen++;
            stack[top] = v;
            next[top++] = off[v];
        }
    }
    t->built = seen == n;
    return t->built ? 0 : -1;
}

static dep_tree_relation dep_tree_relate_index(const dep_tree *t, size_t a,
                                               size_t b)
{
    if (a == b)
        return DEP_TREE_SAME;
    if (t->pos[a] < t->pos[b] && t->pos[b] < t->end[a])
        return DEP_TREE_CONTAINS;
    if (t->pos[b] < t->pos[a] && t->pos[a] < t->end[b])
        return DEP_TREE_WITHIN;
    return DEP_TREE_APART;
}

dep_tree_relation dep_tree_relate(const dep_tree *t, int64_t a, int64_t b)
{
    dep_graph *ids = t->ids;
    return dep_tree_relate_index(t, dep_graph_node(ids, a),
                                 dep_graph_node(ids, b));
}

size_t dep_tree_lineage_link(const dep_tree *t, size_t from)
{
    for (size_t l = from; l < t->n_links; l++)
        if (!t->dropped[l] &&
            dep_tree_relate_index(t, t->pred[l], t->succ[l]) != DEP_TREE_APART)
            return l;
    return DEP_TREE_NONE;
}

/* ------------------------------------------------- the expanded graph */

static int64_t dep_tree_out(size_t i)
{
    return 2 * (int64_t)i;
}

static int64_t dep_tree_in(const dep_tree *t, size_t i)
{
    return 2 * (int64_t)i + (t->children[i] > 0);
}

/* The graph of the rule above, over the links not dropped. */
static dep_graph *dep_tree_expanded(const dep_tree *t)
{
    dep_graph *g =
        dep_graph_alloc(t->a, 2 * t->n_items + 1, 2 * t->n_items + t->n_links);
    for (size_t i = 0; i < t->n_items; i++) {
        size_t p = t->parent[i];
        if (p == DEP_TREE_NONE)
            continue;
        dep_graph_link(g, dep_tree_out(i), dep_tree_out(p));
        dep_graph_link(g, dep_tree_in(t, p), dep_tree_in(t, i));
    }
    for (size_t l = 0; l < t->n_links; l++)
        if (!t->dropped[l])
            dep_graph_link(g, dep_tree_out(t->pred[l]),
                           dep_tree_in(t, t->succ[l]));
    return g;
}

static int dep_tree_pair_cmp(const void *x, const void *y)
{
    const dep_tree_pair *a = x, *b = y;
    if (a->pred != b->pred)
        return a->pred < b->pred ? -1 : 1;
    if (a->succ != b->succ)
        return a->succ < b->succ ? -1 : 1;
    return (a->link > b->link) - (a->link < b->link);
}

/* The links not dropped, sorted by ends, to name the edges of a result. */
static dep_tree_pair *dep_tree_pairs(const dep_tree *t, size_t *n)
{
    dep_tree_pair *p =
        arena_alloc(t->a, (t->n_links ? t->n_links : 1) * sizeof(*p));
    *n = 0;
    for (size_t l = 0; l < t->n_links; l++)
        if (!t->dropped[l])
            p[(*n)++] = (dep_tree_pair){t->pred[l], t->succ[l], l};
    qsort(p, *n, sizeof(*p), dep_tree_pair_cmp);
    return p;
}

/* The lowest link index joining items a -> b (one exists). */
static size_t dep_tree_pair_find(const dep_tree_pair *p, size_t n, size_t a,
                                 size_t b)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p[mid].pred < a || (p[mid].pred == a && p[mid].succ < b))
            lo = mid + 1;
        else
            hi = mid;
    }
    return p[lo].link;
}

/*
 * The links among count consecutive nodes of g (a path; wrapping round
 * when cyclic), in order, into *out; returns how many.
 */
static size_t dep_tree_links_of(const dep_tree *t, const dep_graph *g,
                                const size_t *nodes, size_t count, bool cyclic,
                                size_t **out)
{
    size_t n_pairs;
    dep_tree_pair *pairs = dep_tree_pairs(t, &n_pairs);
    size_t *links = arena_alloc(t->a, (count ? count : 1) * sizeof(*links));
    size_t n = 0, steps = cyclic ? count : count - 1;
    for (size_t k = 0; k < steps; k++) {
        int64_t x = dep_graph_key(g, nodes[k]);
        int64_t y = dep_graph_key(g, nodes[(k + 1) % count]);
        size_t to = (size_t)(y / 2);
        if (x % 2 == 0 && (y % 2 == 1 || t->children[to] == 0))
            links[n++] =
                dep_tree_pair_find(pairs, n_pairs, (size_t)(x / 2), to);
    }
    *out = links;
    return n;
}

size_t dep_tree_cycle(dep_tree *t, size_t **links)
{
    dep_graph *g = dep_tree_expanded(t);
    size_t *nodes = NULL;
    size_t count = dep_graph_cycle(g, &nodes);
    if (count == 0)
        return 0;
    size_t *found = NULL;
    size_t n = dep_tree_links_of(t, g, nodes, count, true, &found);
    size_t low = 0;
    for (size_t k = 1; k < n; k++)
        if (found[k] < found[low])
            low = k;
    size_t *out = arena_alloc(t->a, n * sizeof(*out));
    for (size_t k = 0; k < n; k++)
        out[k] = found[(low + k) % n];
    *links = out;
    return n;
}

bool dep_tree_path(dep_tree *t, int64_t succ, int64_t pred, size_t **links,
                   size_t *n)
{
    size_t s = dep_graph_node(t->ids, succ), p = dep_graph_node(t->ids, pred);
    dep_graph *g = dep_tree_expanded(t);
    size_t from = dep_graph_node(g, dep_tree_in(t, s));
    size_t to = dep_graph_node(g, dep_tree_out(p));
    size_t *nodes = NULL;
    size_t count = dep_graph_path(g, from, to, &nodes);
    if (count == 0)
        return false;
    *n = dep_tree_links_of(t, g, nodes, count, false, links);
    return true;
}
