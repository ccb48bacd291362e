/*
 * server/model/dep_tree.h - dependencies over a work breakdown, seen as
 * the scheduler sees them: a dependency on an item with children binds
 * each of the tasks (leaves) under it.
 *
 * Pure C, no SQL and no I/O. Items are named by the caller's 64-bit keys
 * (as in dep_graph.h: numbers of stored items, negative keys for items
 * not stored yet). The caller gives parents and links in any order, then
 * builds; after that the tree answers whether an item contains another,
 * which links join an item to its own ancestor, and finds cycles and
 * paths of the expanded graph in time linear in items plus links,
 * without ever listing the leaf x leaf pairs a summary link stands for.
 *
 * Memory: everything comes from the arena given to dep_tree_alloc and
 * lives until it is reset. One thread at a time.
 */
#ifndef PMO_SERVER_MODEL_DEP_TREE_H
#define PMO_SERVER_MODEL_DEP_TREE_H

#include "common/arena.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct dep_tree dep_tree;

/* How two items of a built tree stand to each other. */
typedef enum dep_tree_relation {
    DEP_TREE_APART = 0,    /* neither contains the other */
    DEP_TREE_SAME = 1,     /* one item */
    DEP_TREE_CONTAINS = 2, /* the first is an ancestor of the second */
    DEP_TREE_WITHIN = 3,   /* the first is a descendant of the second */
} dep_tree_relation;

/* An empty tree; the hints size its first allocations (0 is fine). */
dep_tree *dep_tree_alloc(arena *a, size_t items_hint, size_t links_hint);

/* Makes key an item (a root until given a parent); a no-op if known. */
void dep_tree_item(dep_tree *t, int64_t key);

/* Sets child's parent, replacing any given before (0: none). */
void dep_tree_parent(dep_tree *t, int64_t child, int64_t parent);

/* Adds the link pred -> succ; its index is the count of links before it. */
size_t dep_tree_link(dep_tree *t, int64_t pred, int64_t succ);

/* Leaves a link out of every later cycle and path search. */
void dep_tree_link_drop(dep_tree *t, size_t link);

size_t dep_tree_link_count(const dep_tree *t);
int64_t dep_tree_link_pred(const dep_tree *t, size_t link);
int64_t dep_tree_link_succ(const dep_tree *t, size_t link);

/*
 * Lays out the breakdown after parents were given or changed: 0, or -1
 * when parents loop (then nothing below may be asked).
 */
int dep_tree_build(dep_tree *t);

/* How item a stands to item b (both known). */
dep_tree_relation dep_tree_relate(const dep_tree *t, int64_t a, int64_t b);

/*
 * The first link from index `from` on, not dropped, whose ends are one
 * item or one contains the other; SIZE_MAX when there is none. Such a
 * link can never be met (a summary's dates span its items), and the
 * cycle search below assumes there is none left.
 */
size_t dep_tree_lineage_link(const dep_tree *t, size_t from);

/*
 * One cycle of the expanded graph, as the indexes of the links around it
 * in order, starting from its lowest index: each link's successor is, or
 * contains, or is within the next link's predecessor. Returns how many
 * links (0 when acyclic), the links in *links (the arena's).
 */
size_t dep_tree_cycle(dep_tree *t, size_t **links);

/*
 * Whether the expanded graph has a path from a task of succ to a task of
 * pred: what a new link pred -> succ would close into a cycle. If so, the
 * links along a shortest one, in order, go to *links and their count to
 * *n (0 when succ and pred share a task; check dep_tree_relate first).
 */
bool dep_tree_path(dep_tree *t, int64_t succ, int64_t pred, size_t **links,
                   size_t *n);

#endif
