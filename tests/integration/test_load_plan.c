/*
 * tests/integration/test_load_plan.c - WorkService/LoadPlan: a whole plan
 * in one call, all or nothing; every problem named by its path; cycles
 * named; and a plan of 10,000 items and 20,000 dependencies.
 */
#include "it_work.h"

#include <math.h>
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

/* ------------------------------------------------------ plan requests */

/* A request built up item by item; every string it holds is owned. */
typedef struct plan_req {
    Pmo__V1__LoadPlanRequest in;
    size_t cap_items, cap_deps;
    char **owned;
    size_t n_owned, cap_owned;
} plan_req;

static char *plan_str(plan_req *p, const char *s)
{
    if (p->n_owned == p->cap_owned) {
        p->cap_owned = p->cap_owned ? p->cap_owned * 2 : 64;
        p->owned = realloc(p->owned, p->cap_owned * sizeof(*p->owned));
    }
    return p->owned[p->n_owned++] = strdup(s);
}

static void plan_init(plan_req *p, size_t items, size_t deps)
{
    memset(p, 0, sizeof(*p));
    pmo__v1__load_plan_request__init(&p->in);
    p->in.program = PROGRAM;
    p->cap_items = items;
    p->cap_deps = deps;
    p->in.items = calloc(items ? items : 1, sizeof(*p->in.items));
    p->in.dependencies = calloc(deps ? deps : 1, sizeof(*p->in.dependencies));
}

/* Adds a task; returns its item to adjust. */
static Pmo__V1__WorkItem *plan_item(plan_req *p, const char *key,
                                    const char *project, const char *title,
                                    const char *parent)
{
    assert_true(p->in.n_items < p->cap_items);
    Pmo__V1__PlanItem *pi = calloc(1, sizeof(*pi));
    pmo__v1__plan_item__init(pi);
    Pmo__V1__WorkItem *it = calloc(1, sizeof(*it));
    pmo__v1__work_item__init(it);
    pi->key = plan_str(p, key);
    pi->item = it;
    it->project = plan_str(p, project);
    it->title = plan_str(p, title);
    it->parent = plan_str(p, parent);
    p->in.items[p->in.n_items++] = pi;
    return it;
}

static Pmo__V1__PlanDependency *plan_dep(plan_req *p, const char *pred,
                                         const char *succ,
                                         Pmo__V1__DependencyType type,
                                         double lag)
{
    assert_true(p->in.n_dependencies < p->cap_deps);
    Pmo__V1__PlanDependency *d = calloc(1, sizeof(*d));
    pmo__v1__plan_dependency__init(d);
    d->predecessor = plan_str(p, pred);
    d->successor = plan_str(p, succ);
    d->type = type;
    d->lag_days = lag;
    p->in.dependencies[p->in.n_dependencies++] = d;
    return d;
}

static void plan_free(plan_req *p)
{
    for (size_t i = 0; i < p->in.n_items; i++) {
        free(p->in.items[i]->item);
        free(p->in.items[i]);
    }
    for (size_t j = 0; j < p->in.n_dependencies; j++)
        free(p->in.dependencies[j]);
    for (size_t k = 0; k < p->n_owned; k++)
        free(p->owned[k]);
    free(p->owned);
    free(p->in.items);
    free(p->in.dependencies);
}

static int plan_load(pmo_client *c, plan_req *p,
                     Pmo__V1__LoadPlanResponse **out, pmo_result *res)
{
    Pmo__V1__LoadPlanResponse *got = NULL;
    int code = pmo_call(c, &pmo__v1__work_service__descriptor, "LoadPlan",
                        &p->in.base, (ProtobufCMessage **)&got, res);
    if (out)
        *out = got;
    else
        it_work_free(got);
    return code;
}

static int64_t ref_number(const char *ref)
{
    return strtoll(strrchr(ref, '-') + 1, NULL, 10);
}

static int64_t count_rows(void)
{
    return it_work_sql_int("SELECT (SELECT count(*) FROM work_items)"
                           " + (SELECT count(*) FROM dependencies)"
                           " + (SELECT next_item_number FROM programs"
                           "     WHERE key = '" PROGRAM "')");
}

/* ------------------------------------------------------ happy path */

static void test_plan_across_projects_with_parents_and_all_types(void **state)
{
    Pmo__V1__WorkItem *stored =
        it_work_task(fx.mgr, PROGRAM, "web", "Stored before the plan", "");
    plan_req p;
    plan_init(&p, 20, 8);
    plan_item(&p, "s-web", "web", "Web summary", "")->kind =
        PMO__V1__WORK_ITEM_KIND__KIND_SUMMARY;
    plan_item(&p, "s-api", "api", "API summary", "")->kind =
        PMO__V1__WORK_ITEM_KIND__KIND_SUMMARY;
    char key[16], title[32];
    for (int i = 2; i <= 10; i++) {
        snprintf(key, sizeof(key), "w%d", i);
        snprintf(title, sizeof(title), "Web task %d", i);
        Pmo__V1__WorkItem *it = plan_item(&p, key, "web", title, "s-web");
        it->likely_days = i;
        it->pessimistic_days = 2 * i;
    }
    for (int i = 11; i <= 17; i++) {
        snprintf(key, sizeof(key), "a%d", i);
        snprintf(title, sizeof(title), "API task %d", i);
        plan_item(&p, key, "api", title, "s-api")->assignee = "con";
    }
    plan_item(&p, "done", "web", "Launch", "s-web")->kind =
        PMO__V1__WORK_ITEM_KIND__KIND_MILESTONE;
    plan_item(&p, "", "api", "Under a stored item", stored->ref);
    plan_dep(&p, "w2", "w3", PMO__V1__DEPENDENCY_TYPE__DEP_FINISH_TO_START, 0);
    plan_dep(&p, "w3", "a11", PMO__V1__DEPENDENCY_TYPE__DEP_START_TO_START, 1);
    plan_dep(&p, "a11", "a12", PMO__V1__DEPENDENCY_TYPE__DEP_FINISH_TO_FINISH,
             -1.5);
    plan_dep(&p, "a12", "done", PMO__V1__DEPENDENCY_TYPE__DEP_START_TO_FINISH,
             0);
    plan_dep(&p, stored->ref, "w2", 0, 2);
    plan_dep(&p, "w10", "done", 0, 0);
    plan_dep(&p, "a17", "done", 0, 0);
    Pmo__V1__LoadPlanResponse *out = NULL;
    pmo_result res;
    it_assert_code(plan_load(fx.mgr, &p, &out, &res), &res, PMO_OK);
    assert_int_equal(out->n_refs, 20);
    assert_int_equal(out->dependencies_added, 7);
    int64_t first = ref_number(out->refs[0]);
    assert_int_equal(first, ref_number(stored->ref) + 1);
    for (size_t i = 0; i < out->n_refs; i++)
        assert_int_equal(ref_number(out->refs[i]), first + (int64_t)i);

    /* Parents by key and by ref, kinds and fields as given. */
    Pmo__V1__WorkItem *got = NULL;
    it_assert_code(it_work_get(fx.view, out->refs[4], &got, &res), &res,
                   PMO_OK);
    assert_str(got->title, "Web task 4");
    assert_str(got->parent, out->refs[0]);
    assert_true(got->likely_days == 4 && got->pessimistic_days == 8);
    it_work_free(got);
    it_assert_code(it_work_get(fx.view, out->refs[12], &got, &res), &res,
                   PMO_OK);
    assert_str(got->parent, out->refs[1]);
    assert_str(got->assignee, "con");
    it_work_free(got);
    it_assert_code(it_work_get(fx.view, out->refs[19], &got, &res), &res,
                   PMO_OK);
    assert_str(got->parent, stored->ref);
    it_work_free(got);
    assert_int_equal(it_work_sql_int("SELECT count(*) FROM work_items c"
                                     " JOIN work_items p ON p.id = c.parent_id"
                                     " WHERE p.number = %lld",
                                     (long long)first),
                     10);

    /* Every type, with its lag, across the two projects. */
    assert_int_equal(
        it_work_sql_int("SELECT count(DISTINCT type) FROM dependencies d"
                        " JOIN work_items w ON w.id = d.successor_id"
                        " WHERE w.number >= %lld",
                        (long long)first),
        4);
    assert_int_equal(it_work_sql_int("SELECT count(*) FROM dependencies"
                                     " WHERE type = 3 AND lag_days = -1.5"),
                     1);
    /* One audit row for the batch, with counts. */
    assert_int_equal(it_work_sql_int("SELECT count(*) FROM audit_log"
                                     " WHERE entity = 'plan'"
                                     "   AND method LIKE '%%LoadPlan'"
                                     "   AND after->>'items' = '20'"
                                     "   AND after->>'dependencies' = '7'"
                                     "   AND program_id = %lld",
                                     (long long)fx.program_id),
                     1);
    it_work_free(out);
    it_work_free(stored);
    plan_free(&p);
}

/* ------------------------------------------------------ refusals */

static void test_one_bad_item_loads_nothing(void **state)
{
    int64_t before = count_rows();
    plan_req p;
    plan_init(&p, 12, 11);
    char key[16], prev[16] = "";
    for (int i = 0; i < 12; i++) {
        snprintf(key, sizeof(key), "k%d", i);
        plan_item(&p, key, i % 2 ? "api" : "web", i == 7 ? "" : "Fine", "");
        if (prev[0])
            plan_dep(&p, prev, key, 0, 0);
        snprintf(prev, sizeof(prev), "%s", key);
    }
    pmo_result res;
    it_assert_code(plan_load(fx.mgr, &p, NULL, &res), &res,
                   PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "items[7].item.title");
    assert_int_equal(res.n_violations, 1);
    assert_int_equal(count_rows(), before);
    plan_free(&p);
}

static void test_validate_only_checks_everything_and_keeps_nothing(void **state)
{
    int64_t before = count_rows();
    int64_t audits = it_work_sql_int("SELECT count(*) FROM audit_log");
    int64_t next = it_work_sql_int("SELECT next_item_number FROM programs"
                                   " WHERE key = '" PROGRAM "'");
    plan_req p;
    plan_init(&p, 3, 2);
    plan_item(&p, "a", "web", "Validated A", "");
    plan_item(&p, "b", "api", "Validated B", "");
    plan_item(&p, "c", "web", "Validated C", "");
    plan_dep(&p, "a", "b", 0, 0);
    plan_dep(&p, "b", "c", 0, 0);
    p.in.validate_only = true;
    Pmo__V1__LoadPlanResponse *out;
    pmo_result res;
    it_assert_code(plan_load(fx.mgr, &p, &out, &res), &res, PMO_OK);
    assert_int_equal(out->n_refs, 0);
    assert_int_equal(out->dependencies_added, 2);
    it_work_free(out);
    assert_int_equal(count_rows(), before);
    assert_int_equal(it_work_sql_int("SELECT count(*) FROM audit_log"), audits);
    assert_int_equal(it_work_sql_int("SELECT next_item_number FROM programs"
                                     " WHERE key = '" PROGRAM "'"),
                     next);

    /* What only the database knows is checked too: a project it lacks. */
    p.in.items[1]->item->project = "nosuch";
    it_assert_code(plan_load(fx.mgr, &p, NULL, &res), &res,
                   PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "items[1].item.project");
    /* A viewer may not load, so may not validate either. */
    p.in.items[1]->item->project = "api";
    it_assert_code(plan_load(fx.view, &p, NULL, &res), &res,
                   PMO_PERMISSION_DENIED);

    /* The same request without validate_only loads. */
    p.in.validate_only = false;
    it_assert_code(plan_load(fx.mgr, &p, &out, &res), &res, PMO_OK);
    assert_int_equal(out->n_refs, 3);
    it_work_free(out);
    /* Three items, two links, three numbers handed out. */
    assert_int_equal(count_rows(), before + 8);
    plan_free(&p);
}

static void test_violations_stop_at_a_readable_count(void **state)
{
    plan_req p;
    plan_init(&p, 40, 0);
    for (int i = 0; i < 40; i++)
        plan_item(&p, "", "web", "", "");
    pmo_result res;
    it_assert_code(plan_load(fx.mgr, &p, NULL, &res), &res,
                   PMO_INVALID_ARGUMENT);
    /* The client keeps the first PMO_MAX_VIOLATIONS; there are 20. */
    assert_int_equal(res.n_violations, PMO_MAX_VIOLATIONS);
    assert_str(res.violations[0].field, "items[0].item.title");
    assert_str(res.violations[15].field, "items[15].item.title");
    plan_free(&p);
}

/* One defect on a valid two-item plan a, b (both web tasks). */
typedef struct bad_plan {
    const char *name;
    const char *key0, *key1;       /* NULL: "a", "b" */
    const char *parent0, *parent1; /* NULL: "" */
    const char *project0;          /* NULL: "web" */
    const char *assignee0, *program0;
    int kind0;
    const char *pred0, *succ0; /* a first dependency, if pred0 */
    int type0;
    double lag0;
    const char *pred1, *succ1; /* a second one, if pred1 */
    int code;
    const char *field;   /* a violation expected, or NULL */
    const char *message; /* text expected in the message */
} bad_plan;

static const bad_plan bad_plans[] = {
    {.name = "twin keys",
     .key1 = "a",
     .code = PMO_INVALID_ARGUMENT,
     .field = "items[1].key",
     .message = "items[0]"},
    {.name = "key shaped like a ref",
     .key0 = "CHKOUT-5",
     .code = PMO_INVALID_ARGUMENT,
     .field = "items[0].key"},
    {.name = "unknown parent key",
     .parent1 = "zz",
     .code = PMO_INVALID_ARGUMENT,
     .field = "items[1].item.parent"},
    {.name = "missing parent ref",
     .parent1 = "CHKOUT-999999",
     .code = PMO_INVALID_ARGUMENT,
     .field = "items[1].item.parent"},
    {.name = "milestone parent",
     .kind0 = 3,
     .parent1 = "a",
     .code = PMO_INVALID_ARGUMENT,
     .field = "items[1].item.parent",
     .message = "milestone"},
    {.name = "parents loop",
     .parent0 = "b",
     .parent1 = "a",
     .code = PMO_INVALID_ARGUMENT,
     .field = "items[0].item.parent",
     .message = "a -> b -> a"},
    {.name = "unknown project",
     .project0 = "mobile",
     .code = PMO_INVALID_ARGUMENT,
     .field = "items[0].item.project"},
    {.name = "project of another program",
     .project0 = "billing",
     .code = PMO_INVALID_ARGUMENT,
     .field = "items[0].item.project"},
    {.name = "unknown assignee",
     .assignee0 = "nobody",
     .code = PMO_INVALID_ARGUMENT,
     .field = "items[0].item.assignee"},
    {.name = "assignee without a role in the program",
     .assignee0 = "out",
     .code = PMO_INVALID_ARGUMENT,
     .field = "items[0].item.assignee"},
    {.name = "other program named",
     .program0 = "OTHER",
     .code = PMO_INVALID_ARGUMENT,
     .field = "items[0].item.program"},
    {.name = "unknown successor key",
     .pred0 = "a",
     .succ0 = "zz",
     .code = PMO_INVALID_ARGUMENT,
     .field = "dependencies[0].successor"},
    {.name = "missing predecessor ref",
     .pred0 = "CHKOUT-999999",
     .succ0 = "a",
     .code = PMO_INVALID_ARGUMENT,
     .field = "dependencies[0].predecessor"},
    {.name = "ref of another program",
     .pred0 = "a",
     .succ0 = "OTHER-1",
     .code = PMO_INVALID_ARGUMENT,
     .field = "dependencies[0].successor"},
    {.name = "self dependency",
     .pred0 = "a",
     .succ0 = "a",
     .code = PMO_INVALID_ARGUMENT,
     .field = "dependencies[0].successor"},
    {.name = "twin dependency",
     .pred0 = "a",
     .succ0 = "b",
     .pred1 = "a",
     .succ1 = "b",
     .code = PMO_INVALID_ARGUMENT,
     .field = "dependencies[1]"},
    {.name = "unknown type",
     .pred0 = "a",
     .succ0 = "b",
     .type0 = 9,
     .code = PMO_INVALID_ARGUMENT,
     .field = "dependencies[0].type"},
    {.name = "infinite lag",
     .pred0 = "a",
     .succ0 = "b",
     .lag0 = INFINITY,
     .code = PMO_INVALID_ARGUMENT,
     .field = "dependencies[0].lag_days"},
    {.name = "empty predecessor",
     .pred0 = "",
     .succ0 = "b",
     .code = PMO_INVALID_ARGUMENT,
     .field = "dependencies[0].predecessor"},
    {.name = "two-item cycle",
     .pred0 = "a",
     .succ0 = "b",
     .pred1 = "b",
     .succ1 = "a",
     .code = PMO_FAILED_PRECONDITION,
     .message = "would create a cycle: a -> b -> a"},
};

static void bad_plan_build(plan_req *p, const bad_plan *c)
{
    plan_init(p, 2, 2);
    Pmo__V1__WorkItem *a =
        plan_item(p, c->key0 ? c->key0 : "a", c->project0 ? c->project0 : "web",
                  "Plan a", c->parent0 ? c->parent0 : "");
    plan_item(p, c->key1 ? c->key1 : "b", "web", "Plan b",
              c->parent1 ? c->parent1 : "");
    a->kind = c->kind0;
    if (c->assignee0)
        a->assignee = (char *)c->assignee0;
    if (c->program0)
        a->program = (char *)c->program0;
    if (c->pred0)
        plan_dep(p, c->pred0, c->succ0, c->type0, c->lag0);
    if (c->pred1)
        plan_dep(p, c->pred1, c->succ1, 0, 0);
}

static void test_each_defect_is_named(void **state)
{
    int64_t before = count_rows();
    for (size_t i = 0; i < sizeof(bad_plans) / sizeof(bad_plans[0]); i++) {
        const bad_plan *c = &bad_plans[i];
        plan_req p;
        bad_plan_build(&p, c);
        pmo_result res;
        int code = plan_load(fx.mgr, &p, NULL, &res);
        plan_free(&p);
        if (code != c->code)
            fail_msg("%s: expected %s, got %s (\"%s\")", c->name,
                     pmo_status_name(c->code), pmo_status_name(code),
                     res.message);
        int found = c->field == NULL;
        for (size_t v = 0; v < res.n_violations && !found; v++)
            found = strcmp(res.violations[v].field, c->field) == 0;
        if (!found)
            fail_msg("%s: expected a violation of %s; message \"%s\"", c->name,
                     c->field, res.message);
        if (c->message && strstr(res.message, c->message) == NULL)
            fail_msg("%s: expected \"%s\" in \"%s\"", c->name, c->message,
                     res.message);
    }
    assert_int_equal(count_rows(), before);
}

static void test_cycle_is_refused_and_named(void **state)
{
    int64_t before = count_rows();
    plan_req p;
    plan_init(&p, 4, 4);
    plan_item(&p, "c1", "web", "Cycle 1", "");
    plan_item(&p, "c2", "api", "Cycle 2", "");
    plan_item(&p, "c3", "web", "Cycle 3", "");
    plan_item(&p, "c4", "api", "Cycle 4", "");
    plan_dep(&p, "c1", "c2", 0, 0);
    plan_dep(&p, "c2", "c3", PMO__V1__DEPENDENCY_TYPE__DEP_START_TO_START, 0);
    plan_dep(&p, "c3", "c1", PMO__V1__DEPENDENCY_TYPE__DEP_FINISH_TO_FINISH, 0);
    plan_dep(&p, "c3", "c4", 0, 0);
    pmo_result res;
    it_assert_code(plan_load(fx.mgr, &p, NULL, &res), &res,
                   PMO_FAILED_PRECONDITION);
    it_assert_contains(res.message,
                       "would create a cycle: c1 -> c2 -> c3 -> c1");
    assert_int_equal(count_rows(), before);
    plan_free(&p);
}

static void test_cycle_through_stored_items(void **state)
{
    Pmo__V1__WorkItem *x = it_work_task(fx.mgr, PROGRAM, "web", "X", "");
    Pmo__V1__WorkItem *y = it_work_task(fx.mgr, PROGRAM, "api", "Y", "");
    pmo_result res;
    it_assert_code(it_work_add_dep(fx.mgr, x->ref, y->ref, 0, 0, NULL, &res),
                   &res, PMO_OK);
    int64_t before = count_rows();
    plan_req p;
    plan_init(&p, 1, 2);
    plan_item(&p, "k", "web", "Between", "");
    plan_dep(&p, y->ref, "k", 0, 0);
    plan_dep(&p, "k", x->ref, 0, 0);
    it_assert_code(plan_load(fx.mgr, &p, NULL, &res), &res,
                   PMO_FAILED_PRECONDITION);
    /* The cycle may be named from any of its items, in edge order. */
    const char *ring[] = {x->ref, y->ref, "k"};
    int named = 0;
    for (int start = 0; start < 3; start++) {
        char want[128];
        snprintf(want, sizeof(want),
                 "would create a cycle: %s -> %s -> %s -> %s", ring[start],
                 ring[(start + 1) % 3], ring[(start + 2) % 3], ring[start]);
        named |= strstr(res.message, want) != NULL;
    }
    if (!named)
        fail_msg("expected the cycle %s -> %s -> k in \"%s\"", x->ref, y->ref,
                 res.message);
    plan_free(&p);

    /* A dependency already stored is not added twice. */
    plan_init(&p, 0, 1);
    plan_dep(&p, x->ref, y->ref, 0, 0);
    it_assert_code(plan_load(fx.mgr, &p, NULL, &res), &res, PMO_ALREADY_EXISTS);
    it_assert_contains(res.message, "already exists");
    plan_free(&p);
    assert_int_equal(count_rows(), before);

    /* Stored ends without a cycle are fine. */
    plan_init(&p, 1, 2);
    plan_item(&p, "after", "web", "After Y", "");
    plan_dep(&p, y->ref, "after", 0, 0);
    plan_dep(&p, x->ref, "after", 0, 0);
    Pmo__V1__LoadPlanResponse *out = NULL;
    it_assert_code(plan_load(fx.mgr, &p, &out, &res), &res, PMO_OK);
    assert_int_equal(out->dependencies_added, 2);
    it_work_free(out);
    plan_free(&p);
    it_work_free(x);
    it_work_free(y);
}

static void test_roles_and_limits(void **state)
{
    plan_req p;
    plan_init(&p, 1, 0);
    plan_item(&p, "r", "web", "Role check", "");
    pmo_result res;
    it_assert_code(plan_load(fx.con, &p, NULL, &res), &res,
                   PMO_PERMISSION_DENIED);
    it_assert_code(plan_load(fx.view, &p, NULL, &res), &res,
                   PMO_PERMISSION_DENIED);
    it_assert_code(plan_load(fx.out, &p, NULL, &res), &res, PMO_NOT_FOUND);
    plan_free(&p);

    plan_init(&p, 0, 0);
    it_assert_code(plan_load(fx.mgr, &p, NULL, &res), &res,
                   PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "items");
    plan_free(&p);

    /* One item over the limit, refused before anything is looked at. */
    enum { OVER = 50001 };
    plan_init(&p, OVER, 0);
    for (int i = 0; i < OVER; i++)
        plan_item(&p, "", "web", "x", "");
    it_assert_code(plan_load(fx.mgr, &p, NULL, &res), &res,
                   PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "items");
    it_assert_contains(res.message, "50000");
    plan_free(&p);
}

/* ------------------------------------------------------ scale */

/*
 * 10,000 items over both projects and 20,000 dependencies of every type:
 * each item waits on the one or two before it, plus three long edges.
 */
static void test_ten_thousand_items(void **state)
{
    enum { ITEMS = 10000, DEPS = 20000 };
    plan_req p;
    plan_init(&p, ITEMS, DEPS);
    char key[16], title[32], pred[16];
    for (int i = 0; i < ITEMS; i++) {
        snprintf(key, sizeof(key), "t%d", i);
        snprintf(title, sizeof(title), "Task %d", i);
        Pmo__V1__WorkItem *it =
            plan_item(&p, key, i % 2 ? "api" : "web", title, "");
        it->optimistic_days = 1;
        it->likely_days = 2;
        it->pessimistic_days = 4;
    }
    for (int i = 1; i < ITEMS; i++) {
        snprintf(key, sizeof(key), "t%d", i);
        for (int back = 1; back <= 2 && back <= i; back++) {
            snprintf(pred, sizeof(pred), "t%d", i - back);
            plan_dep(&p, pred, key, (Pmo__V1__DependencyType)(i % 4 + 1),
                     back == 2 ? -0.5 : 0);
        }
    }
    for (int i = 3; p.in.n_dependencies < DEPS; i++) {
        snprintf(key, sizeof(key), "t%d", i);
        plan_dep(&p, "t0", key, 0, 1);
    }
    assert_int_equal(p.in.n_dependencies, DEPS);
    size_t bytes = protobuf_c_message_get_packed_size(&p.in.base);

    /* A client of its own: the call may take longer than most. */
    pmo_client_options opt = {.url = it_env("PMO_SERVER"),
                              .ca_file = it_env("PMO_CA"),
                              .timeout_ms = 120000};
    pmo_client *c = NULL;
    pmo_result res;
    it_assert_code(pmo_client_open(&opt, &c, &res), &res, PMO_OK);
    it_assert_code(it_login(c, "mgr", IT_WORK_PASSWORD, NULL, &res), &res,
                   PMO_OK);
    int64_t items_before = it_work_sql_int("SELECT count(*) FROM work_items");
    int64_t t0 = it_now_ms();
    Pmo__V1__LoadPlanResponse *out = NULL;
    it_assert_code(plan_load(c, &p, &out, &res), &res, PMO_OK);
    int64_t elapsed = it_now_ms() - t0;
    print_message("LoadPlan of %d items and %d dependencies (%zu bytes): "
                  "%lld ms\n",
                  ITEMS, DEPS, bytes, (long long)elapsed);
    assert_int_equal(out->n_refs, ITEMS);
    assert_int_equal(out->dependencies_added, DEPS);
    int64_t first = ref_number(out->refs[0]);
    assert_int_equal(ref_number(out->refs[ITEMS - 1]), first + ITEMS - 1);
    assert_int_equal(it_work_sql_int("SELECT count(*) FROM work_items"),
                     items_before + ITEMS);
    assert_int_equal(it_work_sql_int("SELECT count(*) FROM dependencies d"
                                     " JOIN work_items w"
                                     "   ON w.id = d.successor_id"
                                     " WHERE w.number >= %lld",
                                     (long long)first),
                     DEPS);
    it_work_free(out);
    pmo_client_close(c);
    plan_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plan_across_projects_with_parents_and_all_types),
        cmocka_unit_test(test_one_bad_item_loads_nothing),
        cmocka_unit_test(
            test_validate_only_checks_everything_and_keeps_nothing),
        cmocka_unit_test(test_violations_stop_at_a_readable_count),
        cmocka_unit_test(test_each_defect_is_named),
        cmocka_unit_test(test_cycle_is_refused_and_named),
        cmocka_unit_test(test_cycle_through_stored_items),
        cmocka_unit_test(test_roles_and_limits),
        cmocka_unit_test(test_ten_thousand_items),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
