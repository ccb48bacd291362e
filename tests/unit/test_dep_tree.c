/*
 * tests/unit/test_dep_tree.c - cycles and paths of dependencies once
 * summary links are expanded onto tasks, on tables of small breakdowns,
 * checked against the expansion itself; and linear behaviour on a large
 * one whose expansion would not fit.
 */
#include "model/dep_graph.h"
#include "model/dep_tree.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/*
 * A plan is written as words separated by spaces: "c^p" makes item p the
 * parent of item c, "a>b" is a link a -> b. Items are integer keys.
 */
typedef struct tree_case {
    const char *name;
    const char *plan;
    const char *cycle; /* its links "a>b" in order, "" if acyclic */
} tree_case;

static const tree_case cycle_cases[] = {
    {"no summaries, no cycle", "1>2 2>3", ""},
    {"no summaries, a cycle", "1>2 2>3 3>1", "1>2 2>3 3>1"},
    {"a task waits on its own phase's sibling", "2^1 3^1 2>3", ""},
    {"a phase before a task after one of its tasks", "2^1 3^1 1>4 4>2",
     "1>4 4>2"},
    {"a phase after a task before one of its tasks", "2^1 3^1 4>1 3>4",
     "4>1 3>4"},
    {"phase to phase, back task to task", "2^1 3^1 5^4 6^4 1>4 6>3", "1>4 6>3"},
    {"nested phases", "2^1 3^2 4^2 5>1 4>5", "5>1 4>5"},
    /* 3 -> 4 -> 2 does not lead back to 3: the phase is no single node. */
    {"through a phase without looping", "2^1 3^1 3>4 4>2", ""},
    {"into one phase, out of another", "2^1 3^1 5^4 1>6 6>7 7>4", ""},
    {"twin links", "1>2 1>2 2>3", ""},
    {"a long way round", "2^1 5^4 8^7 1>4 4>7 8>2", "1>4 4>7 8>2"},
};

typedef struct path_case {
    const char *name;
    const char *plan;
    int64_t succ, pred; /* a new link pred -> succ */
    bool found;
    const char *links;
} path_case;

static const path_case path_cases[] = {
    {"plain chain", "1>2 2>3", 1, 3, true, "1>2 2>3"},
    {"against the links", "1>2 2>3", 3, 1, false, ""},
    {"a link on a phase binds its only task", "2^1 1>3", 2, 3, true, "1>3"},
    {"down a phase and out of a task", "2^1 3^1 3>4", 1, 4, true, "3>4"},
    {"out of a phase's task through the phase", "2^1 3^1 1>4", 3, 4, true,
     "1>4"},
    {"siblings are not one node", "2^1 3^1 3>4", 2, 4, false, ""},
    {"an ancestor shares its tasks", "2^1 3^2", 3, 1, true, ""},
};

typedef struct lineage_case {
    const char *name;
    const char *plan;
    const char *link; /* the first link joining an item to its ancestor */
} lineage_case;

static const lineage_case lineage_cases[] = {
    {"siblings", "2^1 3^1 2>3", ""},
    {"phase to its task", "2^1 3^1 1>3", "1>3"},
    {"task to its phase", "2^1 3^1 3>1", "3>1"},
    {"grandparent to grandchild", "2^1 3^2 2>4 1>3", "1>3"},
    {"apart in other trees", "2^1 4^3 2>4 3>1", ""},
};

static dep_tree *plan_parse(arena *a, const char *plan)
{
    dep_tree *t = dep_tree_alloc(a, 0, 0);
    const char *p = plan;
    while (*p) {
        char *end;
        long long x = strtoll(p, &end, 10);
        char op = *end;
        long long y = strtoll(end + 1, &end, 10);
        if (op == '^')
            dep_tree_parent(t, x, y);
        else if (op == '>')
            dep_tree_link(t, x, y);
        else
            fail_msg("bad plan word in \"%s\"", plan);
        p = end;
        while (*p == ' ')
            p++;
    }
    assert_int_equal(dep_tree_build(t), 0);
    return t;
}

static void links_format(const dep_tree *t, const size_t *links, size_t n,
                         char *out, size_t outlen)
{
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        size_t used = strlen(out);
        snprintf(out + used, outlen - used, "%s%lld>%lld", i ? " " : "",
                 (long long)dep_tree_link_pred(t, links[i]),
                 (long long)dep_tree_link_succ(t, links[i]));
    }
}

/*
 * The plan expanded the way the scheduler expands it (every task under
 * the predecessor to every task under the successor), as a dep_graph:
 * whether it has a cycle must agree with the tree's answer.
 */
static bool expanded_has_cycle(arena *a, const char *plan)
{
    int64_t parent[64] = {0};
    int64_t from[64], to[64];
    size_t n_links = 0;
    const char *p = plan;
    while (*p) {
        char *end;
        long long x = strtoll(p, &end, 10);
        char op = *end;
        long long y = strtoll(end + 1, &end, 10);
        if (op == '^')
            parent[x] = y;
        else {
            from[n_links] = x;
            to[n_links++] = y;
        }
        p = end;
        while (*p == ' ')
            p++;
    }
    bool summary[64] = {false};
    for (int i = 0; i < 64; i++)
        if (parent[i])
            summary[parent[i]] = true;
    dep_graph *g = dep_graph_alloc(a, 0, 0);
    for (size_t l = 0; l < n_links; l++)
        for (int64_t x = 1; x < 64; x++)
            for (int64_t y = 1; y < 64; y++) {
                bool under_a = false, under_b = false;
                for (int64_t k = x; k && !under_a; k = parent[k])
                    under_a = k == from[l];
                for (int64_t k = y; k && !under_b; k = parent[k])
                    under_b = k == to[l];
                if (under_a && under_b && x != y && !summary[x] && !summary[y])
                    dep_graph_link(g, x, y);
            }
    size_t *cycle = NULL;
    return dep_graph_cycle(g, &cycle) > 0;
}

static void test_cycle_table(void **state)
{
    for (size_t i = 0; i < sizeof(cycle_cases) / sizeof(cycle_cases[0]); i++) {
        const tree_case *c = &cycle_cases[i];
        arena a;
        arena_init(&a);
        dep_tree *t = plan_parse(&a, c->plan);
        size_t *links = NULL;
        size_t n = dep_tree_cycle(t, &links);
        char got[256];
        links_format(t, links, n, got, sizeof(got));
        if (strcmp(got, c->cycle) != 0)
            fail_msg("%s: expected cycle \"%s\", got \"%s\"", c->name, c->cycle,
                     got);
        if (expanded_has_cycle(&a, c->plan) != (n > 0))
            fail_msg("%s: the expanded plan disagrees", c->name);
        arena_fini(&a);
    }
}

static void test_path_table(void **state)
{
    for (size_t i = 0; i < sizeof(path_cases) / sizeof(path_cases[0]); i++) {
        const path_case *c = &path_cases[i];
        arena a;
        arena_init(&a);
        dep_tree *t = plan_parse(&a, c->plan);
        size_t *links = NULL, n = 0;
        bool found = dep_tree_path(t, c->succ, c->pred, &links, &n);
        char got[256] = "";
        if (found)
            links_format(t, links, n, got, sizeof(got));
        if (found != c->found || strcmp(got, c->links) != 0)
            fail_msg("%s: expected %s \"%s\", got %s \"%s\"", c->name,
                     c->found ? "a path" : "no path", c->links,
                     found ? "a path" : "no path", got);
        arena_fini(&a);
    }
}

static void test_lineage_table(void **state)
{
    for (size_t i = 0; i < sizeof(lineage_cases) / sizeof(lineage_cases[0]);
         i++) {
        const lineage_case *c = &lineage_cases[i];
        arena a;
        arena_init(&a);
        dep_tree *t = plan_parse(&a, c->plan);
        size_t l = dep_tree_lineage_link(t, 0);
        char got[64] = "";
        if (l != SIZE_MAX)
            links_format(t, &l, 1, got, sizeof(got));
        if (strcmp(got, c->link) != 0)
            fail_msg("%s: expected \"%s\", got \"%s\"", c->name, c->link, got);
        arena_fini(&a);
    }
}

static void test_relations(void **state)
{
    arena a;
    arena_init(&a);
    dep_tree *t = plan_parse(&a, "2^1 3^2 4^1 5>6");
    assert_int_equal(dep_tree_relate(t, 1, 3), DEP_TREE_CONTAINS);
    assert_int_equal(dep_tree_relate(t, 3, 1), DEP_TREE_WITHIN);
    assert_int_equal(dep_tree_relate(t, 3, 4), DEP_TREE_APART);
    assert_int_equal(dep_tree_relate(t, 2, 2), DEP_TREE_SAME);
    assert_int_equal(dep_tree_relate(t, 5, 6), DEP_TREE_APART);
    arena_fini(&a);
}

static void test_parent_loop_refused(void **state)
{
    arena a;
    arena_init(&a);
    dep_tree *t = dep_tree_alloc(&a, 0, 0);
    dep_tree_parent(t, 1, 2);
    dep_tree_parent(t, 2, 1);
    dep_tree_parent(t, 3, 1);
    assert_int_equal(dep_tree_build(t), -1);
    /* A parent given again replaces the first. */
    dep_tree_parent(t, 2, 0);
    assert_int_equal(dep_tree_build(t), 0);
    arena_fini(&a);
}

static void test_dropped_links_are_left_out(void **state)
{
    arena a;
    arena_init(&a);
    dep_tree *t = plan_parse(&a, "2^1 3^1 1>4 4>2 4>3");
    size_t *links = NULL;
    assert_int_equal(dep_tree_cycle(t, &links), 2);
    dep_tree_link_drop(t, links[1]);
    assert_int_equal(dep_tree_cycle(t, &links), 2);
    dep_tree_link_drop(t, links[1]);
    assert_int_equal(dep_tree_cycle(t, &links), 0);
    arena_fini(&a);
}

/*
 * Two phases of 100,000 tasks each linked both ways by their phases
 * would expand to 2 * 10^10 pairs; the tree finds the cycle at once.
 */
static void test_large_phases_are_linear(void **state)
{
    enum { TASKS = 100000 };
    arena a;
    arena_init(&a);
    dep_tree *t = dep_tree_alloc(&a, 2 * TASKS + 2, 4);
    for (int64_t k = 0; k < TASKS; k++) {
        dep_tree_parent(t, 10 + k, 1);
        dep_tree_parent(t, 10 + TASKS + k, 2);
    }
    dep_tree_link(t, 1, 2);
    assert_int_equal(dep_tree_build(t), 0);
    size_t *links = NULL;
    assert_int_equal(dep_tree_cycle(t, &links), 0);
    dep_tree_link(t, 10 + TASKS + 7, 10 + 3);
    assert_int_equal(dep_tree_build(t), 0);
    assert_int_equal(dep_tree_cycle(t, &links), 2);
    arena_fini(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cycle_table),
        cmocka_unit_test(test_path_table),
        cmocka_unit_test(test_lineage_table),
        cmocka_unit_test(test_relations),
        cmocka_unit_test(test_parent_loop_refused),
        cmocka_unit_test(test_dropped_links_are_left_out),
        cmocka_unit_test(test_large_phases_are_linear),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
