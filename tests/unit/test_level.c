/*
 * tests/unit/test_level.c - resource levelling: known optima on small
 * problems, refusals of impossible ones, and the verifier catching
 * broken schedules.
 */
#include "sched/level.h"
#include "sched/level_verify.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#define MAX_N     8
#define MAX_K     3
#define MAX_EDGES 40

/*
 * A problem written out: precedence as "from>to" pairs separated by
 * spaces, activities numbered from 0. optimum is the shortest makespan,
 * worked out by hand and checked again by brute force below.
 */
typedef struct level_case {
    const char *name;
    int n, k;
    int capacity[MAX_K];
    int duration[MAX_N];
    int demand[MAX_N][MAX_K];
    const char *edges;
    int optimum;
} level_case;

/* A case laid out as an rcpsp; the arrays live in the struct. */
typedef struct test_problem {
    int duration[MAX_N], capacity[MAX_K], demand[MAX_N * MAX_K];
    int succ_start[MAX_N + 1], succ[MAX_EDGES];
    rcpsp p;
} test_problem;

static const level_case cases[] = {
    {"nothing to schedule", 0, 1, {1}, {0}, {{0}}, "", 0},
    {"one activity", 1, 1, {1}, {3}, {{1}}, "", 3},
    {"a chain adds up", 3, 1, {5}, {2, 3, 4}, {{1}, {1}, {1}}, "0>1 1>2", 9},
    {"side by side when they fit", 2, 1, {2}, {3, 3}, {{1}, {1}}, "", 3},
    {"one after the other when they do not",
     2,
     1,
     {3},
     {3, 3},
     {{2}, {2}},
     "",
     6},
    {"a successor starts as its predecessor ends",
     2,
     1,
     {1},
     {2, 2},
     {{1}, {1}},
     "0>1",
     4},
    {"milestones hold nothing",
     4,
     1,
     {2},
     {0, 2, 2, 0},
     {{2}, {1}, {1}, {2}},
     "0>1 0>2 1>3 2>3",
     2},
    {"two resources, each a bottleneck in turn",
     4,
     2,
     {2, 2},
     {2, 2, 2, 2},
     {{2, 0}, {0, 2}, {1, 1}, {1, 1}},
     "",
     4},
    {"the priority rule alone is 3 periods late",
     5,
     1,
     {3},
     {3, 1, 2, 4, 1},
     {{1}, {0}, {3}, {2}, {3}},
     "0>2",
     7},
    {"an unused resource may have no capacity",
     3,
     2,
     {2, 0},
     {1, 2, 1},
     {{1, 0}, {2, 0}, {1, 0}},
     "0>1",
     3},
    {"a long activity finds no room beside a chain",
     4,
     1,
     {4},
     {1, 1, 1, 5},
     {{3}, {3}, {3}, {2}},
     "0>1 1>2",
     8},
    {"diamond with a shared resource",
     6,
     1,
     {2},
     {0, 3, 2, 2, 3, 0},
     {{0}, {1}, {2}, {1}, {1}, {0}},
     "0>1 0>2 0>3 1>4 2>4 3>5 4>5",
     8},
};

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

static void edges_parse(const char *edges, int n, int *succ_start, int *succ)
{
    int from[MAX_EDGES], to[MAX_EDGES], m = 0;
    for (const char *c = edges; *c != '\0';) {
        char *end;
        from[m] = (int)strtol(c, &end, 10);
        assert_int_equal(*end, '>');
        to[m++] = (int)strtol(end + 1, &end, 10);
        c = end;
        while (*c == ' ')
            c++;
    }
    memset(succ_start, 0, sizeof(int) * ((size_t)n + 1));
    for (int e = 0; e < m; e++)
        succ_start[from[e] + 1]++;
    for (int j = 0; j < n; j++)
        succ_start[j + 1] += succ_start[j];
    int fill[MAX_N + 1];
    memcpy(fill, succ_start, sizeof(fill));
    for (int e = 0; e < m; e++)
        succ[fill[from[e]]++] = to[e];
}

static void problem_build(test_problem *t, const level_case *c)
{
    memset(t, 0, sizeof(*t));
    for (int j = 0; j < c->n; j++) {
        t->duration[j] = c->duration[j];
        for (int r = 0; r < c->k; r++)
            t->demand[j * c->k + r] = c->demand[j][r];
    }
    memcpy(t->capacity, c->capacity, sizeof(t->capacity));
    edges_parse(c->edges, c->n, t->succ_start, t->succ);
    t->p = (rcpsp){c->n,      c->k,          t->duration, t->capacity,
                   t->demand, t->succ_start, t->succ};
}

/*
 * Brute force, sharing nothing with the solver: every precedence-feasible
 * list, each decoded one period at a time. Some list reaches the optimum
 * because the serial scheme's schedules include an optimal one.
 */
typedef struct brute {
    const rcpsp *p;
    int list[MAX_N], used[MAX_N];
    int best;
} brute;

static int brute_decode(const brute *b)
{
    const rcpsp *p = b->p;
    int start[MAX_N], use[64][MAX_K] = {{0}}, end = 0;
    for (int i = 0; i < p->n_activities; i++) {
        int j = b->list[i], t = 0;
        for (int q = 0; q < i; q++)
            for (int e = p->succ_start[b->list[q]];
                 e < p->succ_start[b->list[q] + 1]; e++)
                if (p->succ[e] == j &&
                    start[b->list[q]] + p->duration[b->list[q]] > t)
                    t = start[b->list[q]] + p->duration[b->list[q]];
        for (;; t++) {
            int room = 1;
            for (int u = t; u < t + p->duration[j]; u++)
                for (int r = 0; r < p->n_resources; r++)
                    if (use[u][r] + p->demand[j * p->n_resources + r] >
                        p->capacity[r])
                        room = 0;
            if (room)
                break;
        }
        for (int u = t; u < t + p->duration[j]; u++)
            for (int r = 0; r < p->n_resources; r++)
                use[u][r] += p->demand[j * p->n_resources + r];
        start[j] = t;
        if (t + p->duration[j] > end)
            end = t + p->duration[j];
    }
    return end;
}

static int brute_ready(const brute *b, int j)
{
    const rcpsp *p = b->p;
    for (int q = 0; q < p->n_activities; q++)
        for (int e = p->succ_start[q]; e < p->succ_start[q + 1]; e++)
            if (p->succ[e] == j && !b->used[q])
                return 0;
    return 1;
}

static void brute_search(brute *b, int len)
{
    if (len == b->p->n_activities) {
        int end = brute_decode(b);
        if (end < b->best)
            b->best = end;
        return;
    }
    for (int j = 0; j < b->p->n_activities; j++)
        if (!b->used[j] && brute_ready(b, j)) {
            b->used[j] = 1;
            b->list[len] = j;
            brute_search(b, len + 1);
            b->used[j] = 0;
        }
}

static int brute_optimum(const rcpsp *p)
{
    brute b = {.p = p, .best = 1 << 30};
    if (p->n_activities == 0)
        return 0;
    brute_search(&b, 0);
    return b.best;
}

/* Small random problems: a DAG on increasing numbers, one or two
 * resources, durations 0..4 and demands within capacity. */
static void random_problem(test_problem *t, unsigned *seed, int n, int k)
{
    memset(t, 0, sizeof(*t));
    int m = 0;
    for (int r = 0; r < k; r++)
        t->capacity[r] = 1 + rand_r(seed) % 4;
    for (int j = 0; j < n; j++) {
        t->succ_start[j] = m;
        t->duration[j] = rand_r(seed) % 5;
        for (int r = 0; r < k; r++)
            t->demand[j * k + r] = rand_r(seed) % (t->capacity[r] + 1);
        for (int s = j + 1; s < n && m < MAX_EDGES; s++)
            if (rand_r(seed) % 4 == 0)
                t->succ[m++] = s;
    }
    t->succ_start[n] = m;
    t->p = (rcpsp){
        n, k, t->duration, t->capacity, t->demand, t->succ_start, t->succ};
}

static int solve(const rcpsp *p, long max_schedules, uint64_t seed, int *start,
                 level_result *res)
{
    level_options o;
    level_options_init(&o);
    o.max_schedules = max_schedules;
    o.seed = seed;
    level_error err;
    int rc = level_solve(p, &o, start, res, &err);
    if (rc != LEVEL_OK)
        print_error("level_solve: %s\n", err.message);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Known optima                                                        */
/* ------------------------------------------------------------------ */

static void test_cases_reach_their_optimum(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        test_problem t;
        problem_build(&t, &cases[i]);
        int start[MAX_N + 1];
        level_result res;
        print_message("case: %s\n", cases[i].name);
        assert_int_equal(brute_optimum(&t.p), cases[i].optimum);
        assert_int_equal(solve(&t.p, LEVEL_DEFAULT_SCHEDULES, 1, start, &res),
                         LEVEL_OK);
        assert_int_equal(res.makespan, cases[i].optimum);
        assert_int_equal(level_makespan(&t.p, start), cases[i].optimum);
        assert_int_equal(level_verify(&t.p, start, NULL), LEVEL_VERIFY_OK);
        assert_true(res.lower_bound <= res.makespan);
        assert_true(res.critical_path <= res.lower_bound);
    }
}

/* The trap case: LFT alone starts the all-capacity activity too late. */
static void test_one_schedule_is_the_rule_alone(void **state)
{
    (void)state;
    test_problem t;
    problem_build(&t, &cases[8]);
    int start[MAX_N];
    level_result res;
    assert_int_equal(solve(&t.p, 1, 1, start, &res), LEVEL_OK);
    assert_int_equal(res.schedules, 1);
    assert_int_equal(res.makespan, 10);
    assert_int_equal(res.critical_path, 5);
    assert_int_equal(res.lower_bound, 7); /* 20 units of work, 3 a period */
    int expected[] = {0, 0, 3, 5, 9};
    assert_memory_equal(start, expected, sizeof(expected));
}

static void test_search_stops_at_the_lower_bound(void **state)
{
    (void)state;
    test_problem t;
    problem_build(&t, &cases[2]);
    int start[MAX_N];
    level_result res;
    assert_int_equal(solve(&t.p, 1000, 1, start, &res), LEVEL_OK);
    assert_int_equal(res.makespan, 9);
    assert_int_equal(res.schedules, 1);
}

/* A target the first schedule meets ends the search there. */
static void test_target_stops_the_search(void **state)
{
    (void)state;
    test_problem t;
    problem_build(&t, &cases[8]);
    level_options o;
    level_options_init(&o);
    o.target = 10;
    int start[MAX_N];
    level_result res;
    assert_int_equal(level_solve(&t.p, &o, start, &res, NULL), LEVEL_OK);
    assert_int_equal(res.schedules, 1);
    assert_int_equal(res.makespan, 10);
    o.target = 8;
    assert_int_equal(level_solve(&t.p, &o, start, &res, NULL), LEVEL_OK);
    assert_true(res.makespan <= 8);
    assert_true(res.schedules > 1);
}

/* Random small problems against the brute force: never below (that would
 * be a broken schedule), and with the default budget at it. */
static void test_random_problems_match_brute_force(void **state)
{
    (void)state;
    unsigned seed = 12345;
    for (int i = 0; i < 300; i++) {
        test_problem t;
        random_problem(&t, &seed, 1 + i % 7, 1 + i % 2);
        int start[MAX_N];
        level_result res;
        assert_int_equal(
            solve(&t.p, LEVEL_DEFAULT_SCHEDULES, (uint64_t)i, start, &res),
            LEVEL_OK);
        assert_int_equal(level_verify(&t.p, start, NULL), LEVEL_VERIFY_OK);
        assert_int_equal(res.makespan, brute_optimum(&t.p));
    }
}

/* ------------------------------------------------------------------ */
/* Budget, seeds and a larger problem                                  */
/* ------------------------------------------------------------------ */

typedef struct big_problem {
    int n, k;
    int *duration, *capacity, *demand, *succ_start, *succ;
    rcpsp p;
} big_problem;

/* n activities, k resources, each activity waiting on up to three of the
 * twenty before it, as plans and PSPLIB networks do. */
static void big_problem_init(big_problem *b, int n, int k, unsigned seed)
{
    b->n = n;
    b->k = k;
    b->duration = calloc((size_t)n, sizeof(int));
    b->capacity = calloc((size_t)k, sizeof(int));
    b->demand = calloc((size_t)n * k, sizeof(int));
    b->succ_start = calloc((size_t)n + 1, sizeof(int));
    b->succ = calloc((size_t)n * 3 + 1, sizeof(int));
    for (int r = 0; r < k; r++)
        b->capacity[r] = 4 + rand_r(&seed) % 8;
    int m = 0;
    for (int j = 0; j < n; j++) {
        b->succ_start[j] = m;
        b->duration[j] = rand_r(&seed) % 11;
        for (int r = 0; r < k; r++)
            if (rand_r(&seed) % 2)
                b->demand[j * k + r] = rand_r(&seed) % (b->capacity[r] + 1);
        int fan = rand_r(&seed) % 4;
        for (int f = 0; f < fan; f++) {
            int s = j + 1 + rand_r(&seed) % 20;
            if (s < n)
                b->succ[m++] = s;
        }
    }
    b->succ_start[n] = m;
    b->p = (rcpsp){
        n, k, b->duration, b->capacity, b->demand, b->succ_start, b->succ};
}

static void big_problem_fini(big_problem *b)
{
    free(b->duration);
    free(b->capacity);
    free(b->demand);
    free(b->succ_start);
    free(b->succ);
}

static void test_budget_is_respected(void **state)
{
    (void)state;
    big_problem b;
    big_problem_init(&b, 60, 3, 7);
    int *start = calloc(60, sizeof(int));
    long budgets[] = {1, 2, 3, 4, 7, 31, 200};
    for (size_t i = 0; i < sizeof(budgets) / sizeof(budgets[0]); i++) {
        level_result res;
        assert_int_equal(solve(&b.p, budgets[i], 3, start, &res), LEVEL_OK);
        assert_true(res.schedules >= 1);
        assert_true(res.schedules <= budgets[i]);
        assert_int_equal(level_verify(&b.p, start, NULL), LEVEL_VERIFY_OK);
    }
    free(start);
    big_problem_fini(&b);
}

static void test_same_seed_same_schedule(void **state)
{
    (void)state;
    big_problem b;
    big_problem_init(&b, 80, 4, 11);
    int *one = calloc(80, sizeof(int)), *two = calloc(80, sizeof(int));
    level_result r1, r2;
    assert_int_equal(solve(&b.p, 300, 42, one, &r1), LEVEL_OK);
    assert_int_equal(solve(&b.p, 300, 42, two, &r2), LEVEL_OK);
    assert_memory_equal(one, two, 80 * sizeof(int));
    assert_int_equal(r1.schedules, r2.schedules);
    free(one);
    free(two);
    big_problem_fini(&b);
}

/* More search never returns a worse schedule than the rule alone, and
 * every schedule verifies. */
static void test_search_improves_on_the_rule(void **state)
{
    (void)state;
    big_problem b;
    big_problem_init(&b, 300, 4, 5);
    int *start = calloc(300, sizeof(int));
    level_result alone, searched;
    assert_int_equal(solve(&b.p, 1, 1, start, &alone), LEVEL_OK);
    assert_int_equal(level_verify(&b.p, start, NULL), LEVEL_VERIFY_OK);
    assert_int_equal(solve(&b.p, 300, 1, start, &searched), LEVEL_OK);
    assert_int_equal(level_verify(&b.p, start, NULL), LEVEL_VERIFY_OK);
    assert_true(searched.makespan <= alone.makespan);
    assert_true(searched.makespan >= searched.lower_bound);
    free(start);
    big_problem_fini(&b);
}

static void test_every_rule_gives_a_valid_schedule(void **state)
{
    (void)state;
    big_problem b;
    big_problem_init(&b, 100, 2, 9);
    int *start = calloc(100, sizeof(int));
    for (int r = 0; r < LEVEL_RULE_COUNT; r++) {
        level_options o;
        level_options_init(&o);
        o.rule = (level_rule)r;
        o.max_schedules = 1;
        level_result res;
        assert_int_equal(level_solve(&b.p, &o, start, &res, NULL), LEVEL_OK);
        assert_int_equal(level_verify(&b.p, start, NULL), LEVEL_VERIFY_OK);
    }
    assert_string_equal(level_rule_name(LEVEL_RULE_GRPW), "GRPW");
    assert_string_equal(level_rule_name((level_rule)99), "?");
    free(start);
    big_problem_fini(&b);
}

/* ------------------------------------------------------------------ */
/* Refusals                                                            */
/* ------------------------------------------------------------------ */

/* A base problem, one thing broken, and what the solver must say. */
typedef struct refusal_case {
    const char *name;
    const char *edges;
    int duration1;  /* duration of activity 1 */
    int demand2;    /* demand of activity 2 on resource 0 */
    int capacity0;  /* capacity of resource 0 */
    long schedules; /* options.max_schedules */
    level_code code;
    int activity;      /* err.activity, or -2 not to check */
    const char *words; /* in err.message */
} refusal_case;

static const refusal_case refusals[] = {
    {"a demand over capacity", "0>1 1>2", 2, 3, 2, 10, LEVEL_ECAPACITY, 2,
     "activity 2 needs 3 units of resource 0, which has 2"},
    {"a three-activity cycle", "0>1 1>2 2>3 3>1", 2, 1, 2, 10, LEVEL_ECYCLE, 1,
     "precedence cycle: 1 -> 2 -> 3 -> 1"},
    {"a two-activity cycle", "2>3 3>2", 2, 1, 2, 10, LEVEL_ECYCLE, 2,
     "precedence cycle: 2 -> 3 -> 2"},
    {"an activity after itself", "0>1 2>2", 2, 1, 2, 10, LEVEL_ECYCLE, 2,
     "precedence cycle: 2 -> 2"},
    {"a successor out of range", "0>1 1>4", 2, 1, 2, 10, LEVEL_EINVAL, 1,
     "out of range"},
    {"a negative duration", "0>1", -1, 1, 2, 10, LEVEL_EINVAL, 1,
     "negative duration"},
    {"a negative capacity", "0>1", 2, 0, -1, 10, LEVEL_EINVAL, -2,
     "negative capacity"},
    {"durations too long for the profile", "0>1", 1 << 30, 1, 2, 10,
     LEVEL_E2BIG, -1, "profile"},
    {"no schedules allowed", "0>1", 2, 1, 2, 0, LEVEL_EINVAL, -1,
     "max_schedules"},
};

static void test_refusals(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
        const refusal_case *c = &refusals[i];
        level_case base = {c->name,
                           4,
                           1,
                           {c->capacity0},
                           {1, c->duration1, 1, 1},
                           {{1}, {1}, {c->demand2}, {1}},
                           c->edges,
                           0};
        test_problem t;
        problem_build(&t, &base);
        level_options o;
        level_options_init(&o);
        o.max_schedules = c->schedules;
        int start[4] = {-7, -7, -7, -7};
        level_result res = {.makespan = -7};
        level_error err;
        print_message("refusal: %s\n", c->name);
        assert_int_equal(level_solve(&t.p, &o, start, &res, &err), c->code);
        assert_int_equal(err.code, c->code);
        if (c->activity != -2)
            assert_int_equal(err.activity, c->activity);
        if (strstr(err.message, c->words) == NULL)
            fail_msg("message \"%s\" lacks \"%s\"", err.message, c->words);
        for (int j = 0; j < 4; j++)
            assert_int_equal(start[j], -7);
        assert_int_equal(res.makespan, -7);
        assert_int_equal(level_solve(&t.p, &o, start, NULL, NULL), c->code);
    }
}

static void test_capacity_refusal_names_the_resource(void **state)
{
    (void)state;
    level_case c = {"", 2, 2, {3, 1}, {1, 1}, {{1, 1}, {0, 2}}, "", 0};
    test_problem t;
    problem_build(&t, &c);
    int start[2];
    level_error err;
    assert_int_equal(level_solve(&t.p, NULL, start, NULL, &err),
                     LEVEL_ECAPACITY);
    assert_int_equal(err.activity, 1);
    assert_int_equal(err.resource, 1);
}

/* ------------------------------------------------------------------ */
/* The verifier                                                        */
/* ------------------------------------------------------------------ */

/*
 * Four activities on one resource of capacity 2: 0 (2 periods, 1 unit)
 * before 1 (2 periods, 2 units); 2 (3 periods, 1 unit) free; 3 a
 * milestone after 1 that asks for 2 units and, lasting no time, holds
 * none.
 */
typedef struct verify_case {
    const char *name;
    int start[4];
    level_verify_code code;
    int activity, other, resource, period;
    long load;
} verify_case;

static const verify_case verify_cases[] = {
    {"valid and tight", {0, 3, 0, 5}, LEVEL_VERIFY_OK, -1, -1, -1, -1, -1},
    {"valid with gaps", {1, 4, 6, 9}, LEVEL_VERIFY_OK, -1, -1, -1, -1, -1},
    {"a milestone before its predecessor ends",
     {0, 3, 0, 3},
     LEVEL_VERIFY_PRECEDENCE,
     3,
     1,
     -1,
     -1,
     -1},
    {"successor starts before its predecessor ends",
     {0, 1, 5, 5},
     LEVEL_VERIFY_PRECEDENCE,
     1,
     0,
     -1,
     -1,
     -1},
    {"over capacity", {0, 2, 3, 4}, LEVEL_VERIFY_CAPACITY, 2, -1, 0, 3, 3},
    {"over capacity as a successor starts",
     {0, 2, 1, 4},
     LEVEL_VERIFY_CAPACITY,
     1,
     -1,
     0,
     2,
     3},
    {"a start before period 0",
     {-1, 2, 3, 5},
     LEVEL_VERIFY_EARLY,
     0,
     -1,
     -1,
     -1,
     -1},
};

static void verify_problem(test_problem *t)
{
    level_case c = {"",        4, 1, {2}, {2, 2, 3, 0}, {{1}, {2}, {1}, {2}},
                    "0>1 1>3", 0};
    problem_build(t, &c);
}

static void test_verifier_cases(void **state)
{
    (void)state;
    test_problem t;
    verify_problem(&t);
    for (size_t i = 0; i < sizeof(verify_cases) / sizeof(verify_cases[0]);
         i++) {
        const verify_case *c = &verify_cases[i];
        level_violation v;
        memset(&v, 0, sizeof(v));
        print_message("verify: %s\n", c->name);
        assert_int_equal(level_verify(&t.p, c->start, &v), c->code);
        if (c->code == LEVEL_VERIFY_OK)
            continue;
        assert_int_equal(v.code, c->code);
        assert_int_equal(v.activity, c->activity);
        assert_int_equal(v.other, c->other);
        assert_int_equal(v.resource, c->resource);
        assert_int_equal(v.period, c->period);
        assert_int_equal(v.load, c->load);
        assert_true(strlen(v.message) > 0);
    }
}

/* A zero-duration activity holds nothing even where the resource is
 * full. */
static void test_verifier_milestones_hold_nothing(void **state)
{
    (void)state;
    test_problem t;
    verify_problem(&t);
    t.succ_start[2] = t.succ_start[3] = t.succ_start[4] = 1; /* drop 1>3 */
    int start[4] = {0, 3, 0, 4};
    assert_int_equal(level_verify(&t.p, start, NULL), LEVEL_VERIFY_OK);
}

static void test_verifier_refuses_malformed_problems(void **state)
{
    (void)state;
    test_problem t;
    verify_problem(&t);
    int start[4] = {0, 3, 0, 5};
    level_violation v;
    t.succ[0] = 9;
    assert_int_equal(level_verify(&t.p, start, &v), LEVEL_VERIFY_MALFORMED);
    verify_problem(&t);
    t.succ_start[0] = 1;
    assert_int_equal(level_verify(&t.p, start, &v), LEVEL_VERIFY_MALFORMED);
    verify_problem(&t);
    t.demand[2] = -1;
    assert_int_equal(level_verify(&t.p, start, &v), LEVEL_VERIFY_MALFORMED);
    assert_int_equal(v.activity, 2);
    verify_problem(&t);
    t.p.n_resources = -1;
    assert_int_equal(level_verify(&t.p, start, &v), LEVEL_VERIFY_MALFORMED);
    assert_int_equal(level_verify(NULL, start, &v), LEVEL_VERIFY_MALFORMED);
    verify_problem(&t);
    assert_int_equal(level_verify(&t.p, NULL, &v), LEVEL_VERIFY_MALFORMED);
}

/* Every single-period move of every activity of a solved schedule is
 * either still valid or refused with the reason the move created. */
static void test_verifier_catches_moved_activities(void **state)
{
    (void)state;
    big_problem b;
    big_problem_init(&b, 40, 2, 3);
    int *start = calloc(40, sizeof(int));
    level_result res;
    assert_int_equal(solve(&b.p, 200, 1, start, &res), LEVEL_OK);
    int refused = 0;
    for (int j = 0; j < 40; j++)
        for (int delta = -1; delta <= 1; delta += 2) {
            start[j] += delta;
            level_violation v;
            int rc = level_verify(&b.p, start, &v);
            if (rc != LEVEL_VERIFY_OK) {
                refused++;
                assert_true(rc == LEVEL_VERIFY_EARLY ||
                            rc == LEVEL_VERIFY_PRECEDENCE ||
                            rc == LEVEL_VERIFY_CAPACITY);
                assert_true(v.activity >= 0 && v.activity < 40);
            }
            start[j] -= delta;
        }
    /* A left-justified schedule cannot let every activity move earlier. */
    assert_true(refused > 0);
    assert_int_equal(level_verify(&b.p, start, NULL), LEVEL_VERIFY_OK);
    free(start);
    big_problem_fini(&b);
}

/* ------------------------------------------------------------------ */
/* Deadlines                                                           */
/* ------------------------------------------------------------------ */

static int64_t mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/*
 * Two activities share one unit, each before an activity of its own: the
 * lower bound (4) is out of reach (6 is best), so only the budget or the
 * deadline ends the search.
 */
static const level_case unreachable_bound = {
    "the bound out of reach", 4,         1, {1}, {2, 2, 2, 2},
    {{1}, {1}, {0}, {0}},     "0>2 1>3", 6};

static int solve_by(const rcpsp *p, int64_t deadline_us, int *start,
                    level_error *err)
{
    level_options o;
    level_options_init(&o);
    o.max_schedules = 1L << 40;
    o.deadline_us = deadline_us;
    return level_solve(p, &o, start, NULL, err);
}

static void test_passed_deadline_gives_no_schedule(void **state)
{
    (void)state;
    test_problem t;
    problem_build(&t, &unreachable_bound);
    int start[MAX_N] = {-1, -1, -1, -1};
    level_error err;
    assert_int_equal(solve_by(&t.p, mono_us() - 1, start, &err),
                     LEVEL_EDEADLINE);
    assert_non_null(strstr(err.message, "deadline"));
    for (int j = 0; j < 4; j++)
        assert_int_equal(start[j], -1);
}

/* A search with no end stops soon after a deadline 20 ms away: within a
 * second (a bound, not a measure of speed). */
static void test_deadline_ends_an_endless_search(void **state)
{
    (void)state;
    test_problem t;
    problem_build(&t, &unreachable_bound);
    assert_int_equal(brute_optimum(&t.p), unreachable_bound.optimum);
    int start[MAX_N];
    level_error err;
    int64_t t0 = mono_us();
    assert_int_equal(solve_by(&t.p, t0 + 20000, start, &err), LEVEL_EDEADLINE);
    int64_t took = mono_us() - t0;
    if (took > 1000000)
        fail_msg("stopped %lld ms after a 20 ms deadline",
                 (long long)(took / 1000));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases_reach_their_optimum),
        cmocka_unit_test(test_one_schedule_is_the_rule_alone),
        cmocka_unit_test(test_search_stops_at_the_lower_bound),
        cmocka_unit_test(test_target_stops_the_search),
        cmocka_unit_test(test_random_problems_match_brute_force),
        cmocka_unit_test(test_budget_is_respected),
        cmocka_unit_test(test_same_seed_same_schedule),
        cmocka_unit_test(test_search_improves_on_the_rule),
        cmocka_unit_test(test_every_rule_gives_a_valid_schedule),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_capacity_refusal_names_the_resource),
        cmocka_unit_test(test_verifier_cases),
        cmocka_unit_test(test_verifier_milestones_hold_nothing),
        cmocka_unit_test(test_verifier_refuses_malformed_problems),
        cmocka_unit_test(test_verifier_catches_moved_activities),
        cmocka_unit_test(test_passed_deadline_gives_no_schedule),
        cmocka_unit_test(test_deadline_ends_an_endless_search),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
