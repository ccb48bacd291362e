/*
 * server/model/dep_graph.h - directed graphs of work items: paths and
 * cycles, in time linear in the graph.
 *
 * Pure C, no SQL and no I/O, so it is tested on tables of graphs. Nodes
 * are named by the caller's 64-bit keys (work item numbers, or negative
 * numbers for items of a plan not stored yet) and get dense indexes
 * 0..n-1 in the order they are first mentioned. Edges may be added in any
 * order; the adjacency lists are built once, on the first query after a
 * change.
 *
 * Memory: everything comes from the arena given to dep_graph_alloc and
 * lives until that arena is reset; nothing is freed one by one. Results
 * (paths, cycles) are arrays in the same arena. One thread at a time.
 */
#ifndef PMO_SERVER_MODEL_DEP_GRAPH_H
#define PMO_SERVER_MODEL_DEP_GRAPH_H

#include "common/arena.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct dep_graph dep_graph;

/* An empty graph; the hints size its first allocations (0 is fine). */
dep_graph *dep_graph_alloc(arena *a, size_t nodes_hint, size_t edges_hint);

/* The index of the node named key, added if new. */
size_t dep_graph_node(dep_graph *g, int64_t key);

/* The key a node was added with. */
int64_t dep_graph_key(const dep_graph *g, size_t node);

size_t dep_graph_node_count(const dep_graph *g);
size_t dep_graph_edge_count(const dep_graph *g);

/* Adds the edge from -> to (indexes of existing nodes). Twins are kept. */
void dep_graph_edge_add(dep_graph *g, size_t from, size_t to);

/*
 * Adds the edge from_key -> to_key, adding either node if new (from_key
 * first, so numbering follows the order of mention).
 */
void dep_graph_link(dep_graph *g, int64_t from_key, int64_t to_key);

/*
 * A shortest path from -> ... -> to following edges (breadth first, with
 * parents). Returns its number of nodes (from and to included; 1 when
 * from == to) with the nodes in *path, or 0 when to is not reachable.
 */
size_t dep_graph_path(dep_graph *g, size_t from, size_t to, size_t **path);

/*
 * One cycle, if the graph has any (iterative depth-first search, so a long
 * chain cannot overflow the stack). Returns the number of nodes in it with
 * the nodes in *cycle in edge order: cycle[0] -> cycle[1] -> ... ->
 * cycle[n-1] -> cycle[0]. A self-loop is a cycle of one node. Returns 0
 * when the graph is acyclic.
 */
size_t dep_graph_cycle(dep_graph *g, size_t **cycle);

#endif
