/*
 * tests/unit/test_dep_graph.c - cycles and paths on tables of small
 * graphs, and linear behaviour on large ones.
 */
#include "model/dep_graph.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/*
 * Graphs are written as edges "from>to" separated by spaces, nodes being
 * integer keys (negative ones too, as plans use); nodes are numbered in
 * order of first mention, so the expected results below are exact.
 */
typedef struct cycle_case {
    const char *name;
    const char *edges;
    const char *cycle; /* keys in edge order, "" if acyclic */
} cycle_case;

typedef struct path_case {
    const char *name;
    const char *edges;
    int64_t from, to;
    const char *path; /* keys from..to, "" if unreachable */
} path_case;

static const cycle_case cycle_cases[] = {
    {"empty graph", "", ""},
    {"one edge", "1>2", ""},
    {"chain", "1>2 2>3 3>4 4>5", ""},
    {"diamond", "1>2 1>3 2>4 3>4", ""},
    {"two roots share a sink", "1>3 2>3 3>4", ""},
    {"twin edges", "1>2 1>2 2>3", ""},
    {"self loop", "7>7", "7"},
    {"two-node cycle", "1>2 2>1", "1 2"},
    {"three-node cycle", "3>7 7>5 5>3", "3 7 5"},
    {"cycle after a tail", "1>2 2>3 3>4 4>2", "2 3 4"},
    {"cycle in the second component", "1>2 10>11 11>12 12>10", "10 11 12"},
    {"cycle behind a diamond", "1>2 1>3 2>4 3>4 4>5 5>3", "4 5 3"},
    {"negative keys", "-1>-2 -2>5 5>-1", "-1 -2 5"},
    {"back edge found late", "1>2 1>3 3>4 4>1", "1 3 4"},
};

static const path_case path_cases[] = {
    {"direct edge", "1>2", 1, 2, "1 2"},
    {"through a chain", "1>2 2>3 3>4", 1, 4, "1 2 3 4"},
    {"against the edges", "1>2 2>3", 3, 1, ""},
    {"to itself", "1>2", 1, 1, "1"},
    {"shortest of two", "1>2 2>3 3>4 4>9 1>5 5>9", 1, 9, "1 5 9"},
    {"other component", "1>2 3>4", 1, 4, ""},
    {"around a cycle", "7>5 5>3 3>7", 7, 3, "7 5 3"},
};

static dep_graph *graph_parse(arena *a, const char *edges)
{
    dep_graph *g = dep_graph_alloc(a, 0, 0);
    const char *p = edges;
    while (*p) {
        char *end;
        long long from = strtoll(p, &end, 10);
        assert_true(*end == '>');
        long long to = strtoll(end + 1, &end, 10);
        dep_graph_link(g, from, to);
        p = end;
        while (*p == ' ')
            p++;
    }
    return g;
}

static void keys_format(const dep_graph *g, const size_t *nodes, size_t n,
                        char *out, size_t outlen)
{
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        size_t used = strlen(out);
        snprintf(out + used, outlen - used, "%s%lld", i ? " " : "",
                 (long long)dep_graph_key(g, nodes[i]));
    }
}

static void test_cycle_table(void **state)
{
    for (size_t i = 0; i < sizeof(cycle_cases) / sizeof(cycle_cases[0]); i++) {
        const cycle_case *c = &cycle_cases[i];
        arena a;
        arena_init(&a);
        dep_graph *g = graph_parse(&a, c->edges);
        size_t *cycle = NULL;
        size_t n = dep_graph_cycle(g, &cycle);
        char got[256];
        keys_format(g, cycle, n, got, sizeof(got));
        if (strcmp(got, c->cycle) != 0)
            fail_msg("%s: expected cycle \"%s\", got \"%s\"", c->name, c->cycle,
                     got);
        arena_fini(&a);
    }
}

static void test_path_table(void **state)
{
    for (size_t i = 0; i < sizeof(path_cases) / sizeof(path_cases[0]); i++) {
        const path_case *c = &path_cases[i];
        arena a;
        arena_init(&a);
        dep_graph *g = graph_parse(&a, c->edges);
        size_t *path = NULL;
        size_t n = dep_graph_path(g, dep_graph_node(g, c->from),
                                  dep_graph_node(g, c->to), &path);
        char got[256];
        keys_format(g, path, n, got, sizeof(got));
        if (strcmp(got, c->path) != 0)
            fail_msg("%s: expected path \"%s\", got \"%s\"", c->name, c->path,
                     got);
        arena_fini(&a);
    }
}

static void test_nodes_keep_their_first_index(void **state)
{
    arena a;
    arena_init(&a);
    dep_graph *g = dep_graph_alloc(&a, 2, 0);
    /* Past the hint, so the key table is rebuilt along the way. */
    for (int64_t k = 0; k < 1000; k++)
        assert_int_equal(dep_graph_node(g, k * 7919 - 500), (size_t)k);
    /* Mentioned again, a key gives its first index and adds nothing. */
    for (int64_t k = 0; k < 1000; k++) {
        size_t at = dep_graph_node(g, k * 7919 - 500);
        assert_int_equal(at, (size_t)k);
        assert_int_equal(dep_graph_key(g, at), k * 7919 - 500);
    }
    assert_int_equal(dep_graph_node_count(g), 1000);
    arena_fini(&a);
}

static void test_queries_see_later_edges(void **state)
{
    arena a;
    arena_init(&a);
    dep_graph *g = graph_parse(&a, "1>2 2>3");
    size_t n1 = dep_graph_node(g, 1), n3 = dep_graph_node(g, 3);
    size_t *found = NULL;
    assert_int_equal(dep_graph_path(g, n3, n1, &found), 0);
    assert_int_equal(dep_graph_cycle(g, &found), 0);
    /* The adjacency built for those queries is rebuilt after a change. */
    dep_graph_link(g, 3, 1);
    assert_int_equal(dep_graph_path(g, n3, n1, &found), 2);
    assert_int_equal(dep_graph_cycle(g, &found), 3);
    assert_int_equal(dep_graph_edge_count(g), 3);
    arena_fini(&a);
}

/* A cycle closed only after a long detour, found without recursion. */
static void test_long_chain_cycle(void **state)
{
    enum { N = 500000 };
    arena a;
    arena_init(&a);
    dep_graph *g = dep_graph_alloc(&a, N, N);
    for (int64_t k = 0; k < N; k++)
        dep_graph_node(g, k);
    for (size_t k = 0; k + 1 < N; k++)
        dep_graph_edge_add(g, k, k + 1);
    size_t *cycle = NULL;
    assert_int_equal(dep_graph_cycle(g, &cycle), 0);
    size_t *path = NULL;
    assert_int_equal(dep_graph_path(g, 0, N - 1, &path), N);
    dep_graph_edge_add(g, N - 1, N / 2);
    size_t len = dep_graph_cycle(g, &cycle);
    assert_int_equal(len, N - N / 2);
    assert_int_equal(dep_graph_key(g, cycle[0]), N / 2);
    assert_int_equal(dep_graph_key(g, cycle[len - 1]), N - 1);
    arena_fini(&a);
}

/* Many edges into one node: the search must not revisit it. */
static void test_dense_dag_is_linear(void **state)
{
    enum { LAYER = 700 };
    arena a;
    arena_init(&a);
    dep_graph *g = dep_graph_alloc(&a, 3 * LAYER, 2 * LAYER * LAYER);
    /* Complete bipartite layers: 2 * LAYER^2 edges, no cycle. */
    for (int64_t i = 0; i < LAYER; i++)
        for (int64_t j = 0; j < LAYER; j++) {
            dep_graph_edge_add(g, dep_graph_node(g, i),
                               dep_graph_node(g, LAYER + j));
            dep_graph_edge_add(g, dep_graph_node(g, LAYER + j),
                               dep_graph_node(g, 2 * LAYER + i));
        }
    size_t *cycle = NULL;
    assert_int_equal(dep_graph_cycle(g, &cycle), 0);
    arena_fini(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cycle_table),
        cmocka_unit_test(test_path_table),
        cmocka_unit_test(test_nodes_keep_their_first_index),
        cmocka_unit_test(test_queries_see_later_edges),
        cmocka_unit_test(test_long_chain_cycle),
        cmocka_unit_test(test_dense_dag_is_linear),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
