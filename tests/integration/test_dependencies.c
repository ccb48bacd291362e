/*
 * tests/integration/test_dependencies.c - WorkService's dependencies:
 * types and lags, cycles named in order, listings both ways, roles, and
 * concurrent additions that must not close a cycle together.
 */
#include "it_work.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROGRAM "CHKOUT"

static it_work fx;

static int group_setup(void **state)
{
    it_work_setup(&fx, PROGRAM);
    return 0;
}

static int group_teardown(void **state)
{
    it_work_teardown(&fx);
    return 0;
}

static void assert_str(const char *got, const char *want)
{
    if (strcmp(got, want) != 0)
        fail_msg("expected \"%s\", got \"%s\"", want, got);
}

/* n fresh tasks alternating between the two projects; free each. */
static void make_tasks(Pmo__V1__WorkItem **out, int n, const char *prefix)
{
    for (int i = 0; i < n; i++) {
        char title[64];
        snprintf(title, sizeof(title), "%s %d", prefix, i);
        out[i] =
            it_work_task(fx.mgr, PROGRAM, i % 2 ? "api" : "web", title, "");
    }
}

static void free_tasks(Pmo__V1__WorkItem **items, int n)
{
    for (int i = 0; i < n; i++)
        it_work_free(items[i]);
}

static int remove_dep(pmo_client *c, const char *pred, const char *succ,
                      pmo_result *res)
{
    Pmo__V1__RemoveDependencyRequest in =
        PMO__V1__REMOVE_DEPENDENCY_REQUEST__INIT;
    in.predecessor = (char *)pred;
    in.successor = (char *)succ;
    return it_call(c, &pmo__v1__work_service__descriptor, "RemoveDependency",
                   &in.base, res);
}

static int list_deps(pmo_client *c, const char *program, const char *item,
                     unsigned page_size, const char *token,
                     Pmo__V1__ListDependenciesResponse **out, pmo_result *res)
{
    Pmo__V1__ListDependenciesRequest in =
        PMO__V1__LIST_DEPENDENCIES_REQUEST__INIT;
    in.program = (char *)program;
    in.item = (char *)item;
    in.page_size = page_size;
    in.page_token = (char *)token;
    *out = NULL;
    return pmo_call(c, &pmo__v1__work_service__descriptor, "ListDependencies",
                    &in.base, (ProtobufCMessage **)out, res);
}

static void test_all_types_and_lags(void **state)
{
    Pmo__V1__WorkItem *t[5];
    make_tasks(t, 5, "Types");
    const struct {
        Pmo__V1__DependencyType type;
        double lag;
    } cases[] = {
        {PMO__V1__DEPENDENCY_TYPE__DEP_FINISH_TO_START, 2},
        {PMO__V1__DEPENDENCY_TYPE__DEP_START_TO_START, -2.5},
        {PMO__V1__DEPENDENCY_TYPE__DEP_FINISH_TO_FINISH, 0},
        {PMO__V1__DEPENDENCY_TYPE__DEP_START_TO_FINISH, 1000},
    };
    for (int i = 0; i < 4; i++) {
        Pmo__V1__Dependency *d = NULL;
        pmo_result res;
        it_assert_code(it_work_add_dep(fx.mgr, t[i]->ref, t[i + 1]->ref,
                                       cases[i].type, cases[i].lag, &d, &res),
                       &res, PMO_OK);
        assert_str(d->predecessor, t[i]->ref);
        assert_str(d->successor, t[i + 1]->ref);
        assert_int_equal(d->type, cases[i].type);
        assert_true(d->lag_days == cases[i].lag);
        assert_true(d->id > 0 && d->version == 1);
        assert_str(d->predecessor_title, t[i]->title);
        assert_str(d->successor_project, t[i + 1]->project);
        it_work_free(d);
    }
    /* Unspecified means finish-to-start. */
    Pmo__V1__Dependency *d = NULL;
    pmo_result res;
    it_assert_code(
        it_work_add_dep(fx.mgr, t[0]->ref, t[4]->ref, 0, 0, &d, &res), &res,
        PMO_OK);
    assert_int_equal(d->type, PMO__V1__DEPENDENCY_TYPE__DEP_FINISH_TO_START);
    it_work_free(d);
    assert_int_equal(it_work_sql_int("SELECT count(*) FROM audit_log"
                                     " WHERE entity = 'dependency'"
                                     "   AND entity_id = '%s->%s'"
                                     "   AND after->>'lag_days' = '-2.5'",
                                     t[1]->ref, t[2]->ref),
                     1);
    free_tasks(t, 5);
}

static void test_cycle_is_refused_and_named_in_order(void **state)
{
    /* Across both projects: web, api, web. */
    Pmo__V1__WorkItem *t[3];
    make_tasks(t, 3, "Cycle");
    pmo_result res;
    it_assert_code(
        it_work_add_dep(fx.mgr, t[0]->ref, t[1]->ref, 0, 0, NULL, &res), &res,
        PMO_OK);
    it_assert_code(it_work_add_dep(fx.mgr, t[1]->ref, t[2]->ref,
                                   PMO__V1__DEPENDENCY_TYPE__DEP_START_TO_START,
                                   0, NULL, &res),
                   &res, PMO_OK);
    it_assert_code(
        it_work_add_dep(fx.mgr, t[2]->ref, t[0]->ref,
                        PMO__V1__DEPENDENCY_TYPE__DEP_FINISH_TO_FINISH, -1,
                        NULL, &res),
        &res, PMO_FAILED_PRECONDITION);
    char want[160];
    snprintf(want, sizeof(want), "would create a cycle: %s -> %s -> %s -> %s",
             t[2]->ref, t[0]->ref, t[1]->ref, t[2]->ref);
    it_assert_contains(res.message, want);
    /* A two-node cycle too, whatever the type. */
    it_assert_code(
        it_work_add_dep(fx.mgr, t[1]->ref, t[0]->ref,
                        PMO__V1__DEPENDENCY_TYPE__DEP_START_TO_FINISH, 0, NULL,
                        &res),
        &res, PMO_FAILED_PRECONDITION);
    assert_int_equal(it_work_sql_int("SELECT count(*) FROM dependencies d"
                                     " JOIN work_items w"
                                     "   ON w.id = d.predecessor_id"
                                     " WHERE w.title LIKE 'Cycle %%'"),
                     2);
    free_tasks(t, 3);
}

static void test_diamond_and_long_chain_are_fine(void **state)
{
    enum { N = 30 };
    Pmo__V1__WorkItem *t[N];
    make_tasks(t, N, "Chain");
    pmo_result res;
    for (int i = 0; i + 1 < N; i++)
        it_assert_code(
            it_work_add_dep(fx.mgr, t[i]->ref, t[i + 1]->ref, 0, 0, NULL, &res),
            &res, PMO_OK);
    /* Shortcuts forward are not cycles; the long way back is. */
    it_assert_code(
        it_work_add_dep(fx.mgr, t[0]->ref, t[N - 1]->ref, 0, 0, NULL, &res),
        &res, PMO_OK);
    it_assert_code(
        it_work_add_dep(fx.mgr, t[3]->ref, t[9]->ref, 0, 0, NULL, &res), &res,
        PMO_OK);
    it_assert_code(
        it_work_add_dep(fx.mgr, t[N - 1]->ref, t[1]->ref, 0, 0, NULL, &res),
        &res, PMO_FAILED_PRECONDITION);
    /* The shortest way round takes the 3 -> 9 shortcut: 24 items. */
    char start[64];
    snprintf(start, sizeof(start), "would create a cycle: %s -> %s -> %s",
             t[N - 1]->ref, t[1]->ref, t[2]->ref);
    it_assert_contains(res.message, start);
    it_assert_contains(res.message, "more) ->");
    free_tasks(t, N);
}

static void test_bad_requests(void **state)
{
    Pmo__V1__WorkItem *t[2];
    make_tasks(t, 2, "Bad");
    pmo_result res;
    it_assert_code(
        it_work_add_dep(fx.mgr, t[0]->ref, t[1]->ref, 0, 0, NULL, &res), &res,
        PMO_OK);
    it_assert_code(it_work_add_dep(fx.mgr, t[0]->ref, t[1]->ref,
                                   PMO__V1__DEPENDENCY_TYPE__DEP_START_TO_START,
                                   3, NULL, &res),
                   &res, PMO_ALREADY_EXISTS);
    it_assert_contains(res.message, t[0]->ref);

    const struct {
        const char *name, *pred, *succ;
        int type;
        double lag;
        const char *field;
    } cases[] = {
        {"self", t[0]->ref, t[0]->ref, 0, 0, "dependency.successor"},
        {"unknown type", t[1]->ref, t[0]->ref, 7, 0, "dependency.type"},
        {"NaN lag", t[1]->ref, t[0]->ref, 0, NAN, "dependency.lag_days"},
        {"lag too long", t[1]->ref, t[0]->ref, 0, 1000.5,
         "dependency.lag_days"},
        {"lead too long", t[1]->ref, t[0]->ref, 0, -1001,
         "dependency.lag_days"},
        {"not a ref", "web", t[0]->ref, 0, 0, "dependency.predecessor"},
        {"empty successor", t[0]->ref, "", 0, 0, "dependency.successor"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int code = it_work_add_dep(fx.mgr, cases[i].pred, cases[i].succ,
                                   cases[i].type, cases[i].lag, NULL, &res);
        if (code != PMO_INVALID_ARGUMENT)
            fail_msg("%s: expected INVALID_ARGUMENT, got %s (\"%s\")",
                     cases[i].name, pmo_status_name(code), res.message);
        it_assert_violation(&res, cases[i].field);
    }
    Pmo__V1__AddDependencyRequest empty = PMO__V1__ADD_DEPENDENCY_REQUEST__INIT;
    it_assert_code(it_call(fx.mgr, &pmo__v1__work_service__descriptor,
                           "AddDependency", &empty.base, &res),
                   &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "dependency");

    /* Another program's item. */
    it_sql(NULL, 0,
           "UPDATE programs SET next_item_number = 2 WHERE key = 'OTHER';"
           "INSERT INTO work_items (program_id, project_id, number, title)"
           " SELECT g.id, p.id, 1, 'Other work' FROM programs g"
           " JOIN projects p ON p.program_id = g.id WHERE g.key = 'OTHER'");
    it_assert_code(
        it_work_add_dep(fx.mgr, t[0]->ref, "OTHER-1", 0, 0, NULL, &res), &res,
        PMO_FAILED_PRECONDITION);
    char want[96];
    snprintf(want, sizeof(want), "%s and OTHER-1 are in different programs",
             t[0]->ref);
    it_assert_contains(res.message, want);
    it_assert_code(
        it_work_add_dep(fx.mgr, t[0]->ref, "CHKOUT-999999", 0, 0, NULL, &res),
        &res, PMO_NOT_FOUND);
    it_assert_contains(res.message, "CHKOUT-999999");
    free_tasks(t, 2);
}

static void test_remove(void **state)
{
    Pmo__V1__WorkItem *t[2];
    make_tasks(t, 2, "Remove");
    pmo_result res;
    it_assert_code(
        it_work_add_dep(fx.mgr, t[0]->ref, t[1]->ref, 0, 0, NULL, &res), &res,
        PMO_OK);
    it_assert_code(remove_dep(fx.mgr, t[1]->ref, t[0]->ref, &res), &res,
                   PMO_NOT_FOUND);
    it_assert_code(remove_dep(fx.mgr, t[0]->ref, t[1]->ref, &res), &res,
                   PMO_OK);
    it_assert_code(remove_dep(fx.mgr, t[0]->ref, t[1]->ref, &res), &res,
                   PMO_NOT_FOUND);
    assert_int_equal(it_work_sql_int("SELECT count(*) FROM audit_log"
                                     " WHERE method LIKE '%%RemoveDependency'"
                                     "   AND entity_id = '%s->%s'"
                                     "   AND before IS NOT NULL",
                                     t[0]->ref, t[1]->ref),
                     1);
    /* Now the reverse is allowed. */
    it_assert_code(
        it_work_add_dep(fx.mgr, t[1]->ref, t[0]->ref, 0, 0, NULL, &res), &res,
        PMO_OK);
    free_tasks(t, 2);
}

static void test_list_by_item_shows_both_directions(void **state)
{
    Pmo__V1__WorkItem *t[4];
    make_tasks(t, 4, "Both");
    pmo_result res;
    /* t0 -> t1 -> t2, and t3 unrelated to t1. */
    it_assert_code(
        it_work_add_dep(fx.mgr, t[0]->ref, t[1]->ref, 0, 0, NULL, &res), &res,
        PMO_OK);
    it_assert_code(it_work_add_dep(fx.mgr, t[1]->ref, t[2]->ref,
                                   PMO__V1__DEPENDENCY_TYPE__DEP_START_TO_START,
                                   1, NULL, &res),
                   &res, PMO_OK);
    it_assert_code(
        it_work_add_dep(fx.mgr, t[2]->ref, t[3]->ref, 0, 0, NULL, &res), &res,
        PMO_OK);
    Pmo__V1__ListDependenciesResponse *page = NULL;
    it_assert_code(list_deps(fx.view, "", t[1]->ref, 0, "", &page, &res), &res,
                   PMO_OK);
    assert_int_equal(page->n_dependencies, 2);
    const Pmo__V1__Dependency *in = page->dependencies[0];
    const Pmo__V1__Dependency *out = page->dependencies[1];
    assert_str(in->predecessor, t[0]->ref);
    assert_str(in->successor, t[1]->ref);
    assert_str(in->predecessor_title, "Both 0");
    assert_str(in->predecessor_project, "web");
    assert_str(in->successor_project, "api");
    assert_str(out->predecessor, t[1]->ref);
    assert_str(out->successor, t[2]->ref);
    assert_str(out->successor_title, "Both 2");
    assert_int_equal(out->type, PMO__V1__DEPENDENCY_TYPE__DEP_START_TO_START);
    it_work_free(page);

    /* An item with no dependencies, and one that does not exist. */
    Pmo__V1__WorkItem *lone = it_work_task(fx.mgr, PROGRAM, "web", "Lone", "");
    it_assert_code(list_deps(fx.view, PROGRAM, lone->ref, 0, "", &page, &res),
                   &res, PMO_OK);
    assert_int_equal(page->n_dependencies, 0);
    it_work_free(page);
    it_assert_code(
        list_deps(fx.view, PROGRAM, "CHKOUT-999999", 0, "", &page, &res), &res,
        PMO_NOT_FOUND);
    it_assert_code(list_deps(fx.view, "", "", 0, "", &page, &res), &res,
                   PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "program");

    /* The whole program, a page of two at a time, ids rising. */
    int64_t total = it_work_sql_int(
        "SELECT count(*) FROM dependencies WHERE program_id = %lld",
        (long long)fx.program_id);
    char token[32] = "";
    int64_t seen = 0, last = 0;
    do {
        it_assert_code(list_deps(fx.view, PROGRAM, "", 2, token, &page, &res),
                       &res, PMO_OK);
        for (size_t i = 0; i < page->n_dependencies; i++, seen++) {
            assert_true(page->dependencies[i]->id > last);
            last = page->dependencies[i]->id;
        }
        snprintf(token, sizeof(token), "%s", page->next_page_token);
        it_work_free(page);
    } while (token[0]);
    assert_int_equal(seen, total);
    it_work_free(lone);
    free_tasks(t, 4);
}

static void test_roles(void **state)
{
    Pmo__V1__WorkItem *t[2];
    make_tasks(t, 2, "Roles");
    pmo_result res;
    /* Contributors edit items, not the plan's links. */
    it_assert_code(
        it_work_add_dep(fx.con, t[0]->ref, t[1]->ref, 0, 0, NULL, &res), &res,
        PMO_PERMISSION_DENIED);
    it_assert_code(
        it_work_add_dep(fx.view, t[0]->ref, t[1]->ref, 0, 0, NULL, &res), &res,
        PMO_PERMISSION_DENIED);
    it_assert_code(
        it_work_add_dep(fx.out, t[0]->ref, t[1]->ref, 0, 0, NULL, &res), &res,
        PMO_NOT_FOUND);
    it_assert_code(
        it_work_add_dep(fx.mgr, t[0]->ref, t[1]->ref, 0, 0, NULL, &res), &res,
        PMO_OK);
    it_assert_code(remove_dep(fx.con, t[0]->ref, t[1]->ref, &res), &res,
                   PMO_PERMISSION_DENIED);
    Pmo__V1__ListDependenciesResponse *page = NULL;
    it_assert_code(list_deps(fx.view, "", t[0]->ref, 0, "", &page, &res), &res,
                   PMO_OK);
    assert_int_equal(page->n_dependencies, 1);
    it_work_free(page);
    it_assert_code(list_deps(fx.out, PROGRAM, "", 0, "", &page, &res), &res,
                   PMO_NOT_FOUND);
    free_tasks(t, 2);
}

/* ------------------------------------------------- concurrent additions */

typedef struct adder {
    pthread_t thread;
    pthread_barrier_t *start;
    pmo_client *client;
    const char *pred, *succ;
    int code;
    char message[512];
} adder;

static void *adder_main(void *arg)
{
    adder *a = arg;
    pmo_result res;
    pthread_barrier_wait(a->start);
    a->code = it_work_add_dep(a->client, a->pred, a->succ, 0, 0, NULL, &res);
    snprintf(a->message, sizeof(a->message), "%s", res.message);
    return NULL;
}

static pmo_client *connect_manager(void)
{
    return it_connect_as("mgr", IT_WORK_PASSWORD, NULL);
}

/*
 * x -> y and y -> x at once, each alone acyclic: the per-program lock
 * lets exactly one in. Rounds raise the odds the two really overlap.
 */
static void test_concurrent_adds_cannot_close_a_cycle(void **state)
{
    pmo_client *c[2] = {connect_manager(), connect_manager()};
    for (int round = 0; round < 10; round++) {
        Pmo__V1__WorkItem *t[3];
        make_tasks(t, 3, "Race");
        /* x -> m -> y through a middle item, added from both sides. */
        pmo_result res;
        it_assert_code(
            it_work_add_dep(fx.mgr, t[0]->ref, t[1]->ref, 0, 0, NULL, &res),
            &res, PMO_OK);
        pthread_barrier_t start;
        pthread_barrier_init(&start, NULL, 2);
        adder a[2] = {
            {.start = &start,
             .client = c[0],
             .pred = t[1]->ref,
             .succ = t[2]->ref},
            {.start = &start,
             .client = c[1],
             .pred = t[2]->ref,
             .succ = t[0]->ref},
        };
        for (int i = 0; i < 2; i++)
            pthread_create(&a[i].thread, NULL, adder_main, &a[i]);
        for (int i = 0; i < 2; i++)
            pthread_join(a[i].thread, NULL);
        pthread_barrier_destroy(&start);
        int ok = (a[0].code == PMO_OK) + (a[1].code == PMO_OK);
        int refused = (a[0].code == PMO_FAILED_PRECONDITION) +
                      (a[1].code == PMO_FAILED_PRECONDITION);
        if (ok != 1 || refused != 1)
            fail_msg("round %d: expected one OK and one FAILED_PRECONDITION, "
                     "got %s (\"%s\") and %s (\"%s\")",
                     round, pmo_status_name(a[0].code), a[0].message,
                     pmo_status_name(a[1].code), a[1].message);
        free_tasks(t, 3);
    }
    pmo_client_close(c[0]);
    pmo_client_close(c[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_types_and_lags),
        cmocka_unit_test(test_cycle_is_refused_and_named_in_order),
        cmocka_unit_test(test_diamond_and_long_chain_are_fine),
        cmocka_unit_test(test_bad_requests),
        cmocka_unit_test(test_remove),
        cmocka_unit_test(test_list_by_item_shows_both_directions),
        cmocka_unit_test(test_roles),
        cmocka_unit_test(test_concurrent_adds_cannot_close_a_cycle),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
