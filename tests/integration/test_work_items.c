/*
 * tests/integration/test_work_items.c - WorkService's work items: create,
 * read, list, update, delete; refs; validation; roles; races.
 */
#include "it_work.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

static int64_t ref_number(const char *ref)
{
    const char *dash = strrchr(ref, '-');
    assert_non_null(dash);
    return strtoll(dash + 1, NULL, 10);
}

static void assert_str(const char *got, const char *want)
{
    if (strcmp(got, want) != 0)
        fail_msg("expected \"%s\", got \"%s\"", want, got);
}

/* ------------------------------------------------------- happy paths */

static void test_create_and_get_every_field(void **state)
{
    char *tags[] = {"checkout", "q3"};
    Pmo__V1__WorkItem item = PMO__V1__WORK_ITEM__INIT;
    item.program = PROGRAM;
    item.project = "web";
    item.title = "Card form";
    item.description = "Card entry with\nvalidation";
    item.kind = PMO__V1__WORK_ITEM_KIND__KIND_DELIVERABLE;
    item.assignee = "con";
    item.optimistic_days = 1.5;
    item.likely_days = 2;
    item.pessimistic_days = 4.25;
    item.planned_start = "2026-03-02";
    item.planned_finish = "2026-03-06";
    item.actual_start = "2026-03-03";
    item.percent_complete = 40;
    item.state = PMO__V1__WORK_STATE__STATE_IN_PROGRESS;
    item.planned_cost = 1200.5;
    item.n_tags = 2;
    item.tags = tags;
    Pmo__V1__WorkItem *made = NULL;
    pmo_result res;
    it_assert_code(it_work_create(fx.mgr, &item, &made, &res), &res, PMO_OK);
    assert_int_equal(strncmp(made->ref, PROGRAM "-", 7), 0);
    Pmo__V1__WorkItem *got = NULL;
    it_assert_code(it_work_get(fx.view, made->ref, &got, &res), &res, PMO_OK);
    assert_str(got->ref, made->ref);
    assert_str(got->program, PROGRAM);
    assert_str(got->project, "web");
    assert_str(got->parent, "");
    assert_str(got->title, "Card form");
    assert_str(got->description, "Card entry with\nvalidation");
    assert_int_equal(got->kind, PMO__V1__WORK_ITEM_KIND__KIND_DELIVERABLE);
    assert_str(got->assignee, "con");
    assert_true(got->optimistic_days == 1.5 && got->likely_days == 2 &&
                got->pessimistic_days == 4.25);
    assert_str(got->planned_start, "2026-03-02");
    assert_str(got->planned_finish, "2026-03-06");
    assert_str(got->actual_start, "2026-03-03");
    assert_str(got->actual_finish, "");
    assert_int_equal(got->percent_complete, 40);
    assert_int_equal(got->state, PMO__V1__WORK_STATE__STATE_IN_PROGRESS);
    assert_true(got->planned_cost == 1200.5);
    assert_int_equal(got->n_tags, 2);
    assert_str(got->tags[0], "checkout");
    assert_str(got->tags[1], "q3");
    assert_int_equal(got->version, 1);
    assert_true(got->created_at_ms > 0 && got->updated_at_ms > 0);
    /* One audit row, filed under the program. */
    assert_int_equal(it_work_sql_int("SELECT count(*) FROM audit_log"
                                     " WHERE entity = 'work_item'"
                                     "   AND entity_id = '%s'"
                                     "   AND program_id = %lld"
                                     "   AND after->>'title' = 'Card form'",
                                     made->ref, (long long)fx.program_id),
                     1);
    it_work_free(made);
    it_work_free(got);
}

static void test_create_applies_defaults(void **state)
{
    Pmo__V1__WorkItem item = PMO__V1__WORK_ITEM__INIT;
    item.program = PROGRAM;
    item.project = "api";
    item.title = "Defaults";
    item.blocked_reason = "ignored unless blocked";
    Pmo__V1__WorkItem *got = NULL;
    pmo_result res;
    it_assert_code(it_work_create(fx.mgr, &item, &got, &res), &res, PMO_OK);
    assert_int_equal(got->kind, PMO__V1__WORK_ITEM_KIND__KIND_TASK);
    assert_int_equal(got->state, PMO__V1__WORK_STATE__STATE_TODO);
    assert_str(got->blocked_reason, "");
    it_work_free(got);
    /* Done means complete. */
    item.title = "Done already";
    item.state = PMO__V1__WORK_STATE__STATE_DONE;
    item.percent_complete = 30;
    it_assert_code(it_work_create(fx.mgr, &item, &got, &res), &res, PMO_OK);
    assert_int_equal(got->percent_complete, 100);
    it_work_free(got);
}

static void test_refs_are_sequential_and_never_reused(void **state)
{
    Pmo__V1__WorkItem *a = it_work_task(fx.mgr, PROGRAM, "web", "Seq a", "");
    Pmo__V1__WorkItem *b = it_work_task(fx.mgr, PROGRAM, "api", "Seq b", "");
    Pmo__V1__WorkItem *c = it_work_task(fx.mgr, PROGRAM, "web", "Seq c", "");
    int64_t n = ref_number(a->ref);
    assert_int_equal(ref_number(b->ref), n + 1);
    assert_int_equal(ref_number(c->ref), n + 2);
    Pmo__V1__DeleteWorkItemRequest del =
        PMO__V1__DELETE_WORK_ITEM_REQUEST__INIT;
    del.ref = c->ref;
    del.expected_version = c->version;
    pmo_result res;
    it_assert_code(it_call(fx.mgr, &pmo__v1__work_service__descriptor,
                           "DeleteWorkItem", &del.base, &res),
                   &res, PMO_OK);
    Pmo__V1__WorkItem *d = it_work_task(fx.mgr, PROGRAM, "web", "Seq d", "");
    assert_int_equal(ref_number(d->ref), n + 3);
    Pmo__V1__WorkItem *gone = NULL;
    it_assert_code(it_work_get(fx.mgr, c->ref, &gone, &res), &res,
                   PMO_NOT_FOUND);
    it_assert_contains(res.message, c->ref);
    it_work_free(a);
    it_work_free(b);
    it_work_free(c);
    it_work_free(d);
}

static int list_items(pmo_client *c, Pmo__V1__ListWorkItemsRequest *in,
                      Pmo__V1__ListWorkItemsResponse **out, pmo_result *res)
{
    *out = NULL;
    return pmo_call(c, &pmo__v1__work_service__descriptor, "ListWorkItems",
                    &in->base, (ProtobufCMessage **)out, res);
}

static void test_list_filters_and_pages(void **state)
{
    Pmo__V1__WorkItem *top = it_work_task(fx.mgr, PROGRAM, "api", "L top", "");
    Pmo__V1__WorkItem *kids[5];
    for (int i = 0; i < 5; i++) {
        char title[32];
        snprintf(title, sizeof(title), "L kid %d", i);
        kids[i] = it_work_task(fx.mgr, PROGRAM, "api", title, top->ref);
    }
    char *tag[] = {"listed"};
    Pmo__V1__WorkItem patch = PMO__V1__WORK_ITEM__INIT;
    patch.tags = tag;
    patch.n_tags = 1;
    patch.assignee = "mgr";
    patch.state = PMO__V1__WORK_STATE__STATE_IN_PROGRESS;
    const char *mask[] = {"tags", "assignee", "state", NULL};
    pmo_result res;
    it_assert_code(
        it_work_update(fx.mgr, kids[3]->ref, 1, &patch, mask, NULL, &res), &res,
        PMO_OK);

    /* Children of top, two at a time, in number order. */
    Pmo__V1__ListWorkItemsRequest in = PMO__V1__LIST_WORK_ITEMS_REQUEST__INIT;
    in.program = PROGRAM;
    in.parent = top->ref;
    in.page_size = 2;
    char token[32] = "";
    int seen = 0, pages = 0;
    do {
        in.page_token = token;
        Pmo__V1__ListWorkItemsResponse *page;
        it_assert_code(list_items(fx.view, &in, &page, &res), &res, PMO_OK);
        for (size_t i = 0; i < page->n_items; i++, seen++) {
            assert_str(page->items[i]->ref, kids[seen]->ref);
            assert_str(page->items[i]->parent, top->ref);
            assert_str(page->items[i]->project, "api");
        }
        snprintf(token, sizeof(token), "%s", page->next_page_token);
        it_work_free(page);
        pages++;
    } while (token[0] && pages < 10);
    assert_int_equal(seen, 5);
    assert_int_equal(pages, 3);

    /* Each filter alone finds kid 3. */
    const struct {
        const char *name;
        const char *assignee, *tag;
        Pmo__V1__WorkState state;
    } filters[] = {
        {"assignee", "mgr", "", 0},
        {"tag", "", "listed", 0},
        {"state", "", "", PMO__V1__WORK_STATE__STATE_IN_PROGRESS},
    };
    for (size_t f = 0; f < sizeof(filters) / sizeof(filters[0]); f++) {
        Pmo__V1__ListWorkItemsRequest q =
            PMO__V1__LIST_WORK_ITEMS_REQUEST__INIT;
        q.program = PROGRAM;
        q.project = "api";
        q.assignee = (char *)filters[f].assignee;
        q.tag = (char *)filters[f].tag;
        q.state = filters[f].state;
        Pmo__V1__ListWorkItemsResponse *page;
        it_assert_code(list_items(fx.view, &q, &page, &res), &res, PMO_OK);
        if (page->n_items != 1 || strcmp(page->items[0]->ref, kids[3]->ref))
            fail_msg("filter %s: expected only %s, got %zu items",
                     filters[f].name, kids[3]->ref, page->n_items);
        it_work_free(page);
    }
    in.parent = "OTHER-1";
    in.page_token = "";
    Pmo__V1__ListWorkItemsResponse *page;
    it_assert_code(list_items(fx.view, &in, &page, &res), &res,
                   PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "parent");
    it_work_free(top);
    for (int i = 0; i < 5; i++)
        it_work_free(kids[i]);
}

static void test_update_changes_masked_fields_only(void **state)
{
    Pmo__V1__WorkItem *it = it_work_task(fx.mgr, PROGRAM, "web", "Upd", "");
    Pmo__V1__WorkItem patch = PMO__V1__WORK_ITEM__INIT;
    patch.title = "Updated title";
    patch.description = "not in the mask";
    patch.pessimistic_days = 5;
    patch.likely_days = 3;
    const char *mask[] = {"title", "likely_days", "pessimistic_days", NULL};
    Pmo__V1__WorkItem *got = NULL;
    pmo_result res;
    it_assert_code(it_work_update(fx.mgr, it->ref, 1, &patch, mask, &got, &res),
                   &res, PMO_OK);
    assert_str(got->title, "Updated title");
    assert_str(got->description, "");
    assert_true(got->likely_days == 3 && got->pessimistic_days == 5);
    assert_int_equal(got->version, 2);
    it_work_free(got);

    /* The combined row counts: new likely against stored pessimistic. */
    patch.likely_days = 8;
    const char *likely[] = {"likely_days", NULL};
    it_assert_code(
        it_work_update(fx.mgr, it->ref, 2, &patch, likely, NULL, &res), &res,
        PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "item.likely_days");
    it_assert_contains(res.message, "pessimistic_days");

    /* Stale version. */
    it_assert_code(it_work_update(fx.mgr, it->ref, 1, &patch, mask, NULL, &res),
                   &res, PMO_ABORTED);
    it_assert_contains(res.message, "version 2");

    const char *bad[] = {"id", NULL};
    it_assert_code(it_work_update(fx.mgr, it->ref, 2, &patch, bad, NULL, &res),
                   &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "update_mask");

    /* Before and after in the audit row. */
    assert_int_equal(it_work_sql_int("SELECT count(*) FROM audit_log"
                                     " WHERE method LIKE '%%UpdateWorkItem'"
                                     "   AND entity_id = '%s'"
                                     "   AND before->>'title' = 'Upd'"
                                     "   AND after->>'title' = 'Updated title'",
                                     it->ref),
                     1);
    it_work_free(it);
}

/* Today in UTC, the day the server dates what happens. */
static void today_utc(char out[11])
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

static void test_done_is_dated_and_reopening_clears_it(void **state)
{
    Pmo__V1__WorkItem *it = it_work_task(fx.mgr, PROGRAM, "web", "Dated", "");
    Pmo__V1__WorkItem patch = PMO__V1__WORK_ITEM__INIT;
    patch.state = PMO__V1__WORK_STATE__STATE_DONE;
    const char *state_only[] = {"state", NULL};
    Pmo__V1__WorkItem *got = NULL;
    pmo_result res;
    char today[11];
    today_utc(today);
    it_assert_code(
        it_work_update(fx.mgr, it->ref, 1, &patch, state_only, &got, &res),
        &res, PMO_OK);
    assert_str(got->actual_finish, today);
    assert_int_equal(got->percent_complete, 100);
    it_work_free(got);

    /* Back to in progress: no longer finished, nor 100 % done. */
    patch.state = PMO__V1__WORK_STATE__STATE_IN_PROGRESS;
    it_assert_code(
        it_work_update(fx.mgr, it->ref, 2, &patch, state_only, &got, &res),
        &res, PMO_OK);
    assert_str(got->actual_finish, "");
    assert_int_equal(got->percent_complete, 0);
    it_work_free(got);

    /* Reopened with a percentage of its own, that percentage stays. */
    patch.state = PMO__V1__WORK_STATE__STATE_DONE;
    it_assert_code(
        it_work_update(fx.mgr, it->ref, 3, &patch, state_only, NULL, &res),
        &res, PMO_OK);
    patch.state = PMO__V1__WORK_STATE__STATE_IN_PROGRESS;
    patch.percent_complete = 60;
    const char *with_percent[] = {"state", "percent_complete", NULL};
    it_assert_code(
        it_work_update(fx.mgr, it->ref, 4, &patch, with_percent, &got, &res),
        &res, PMO_OK);
    assert_int_equal(got->percent_complete, 60);
    assert_str(got->actual_finish, "");
    it_work_free(got);

    /* A finish given with done is kept; one before the start is not. */
    patch.state = PMO__V1__WORK_STATE__STATE_DONE;
    patch.actual_start = "2025-02-03";
    patch.actual_finish = "2025-01-31";
    const char *dated[] = {"state", "actual_start", "actual_finish", NULL};
    it_assert_code(
        it_work_update(fx.mgr, it->ref, 5, &patch, dated, NULL, &res), &res,
        PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "item.actual_finish");
    patch.actual_finish = "2025-02-07";
    it_assert_code(
        it_work_update(fx.mgr, it->ref, 5, &patch, dated, &got, &res), &res,
        PMO_OK);
    assert_str(got->actual_finish, "2025-02-07");
    it_work_free(got);
    it_work_free(it);
}

static void test_update_refuses_parent_cycles(void **state)
{
    Pmo__V1__WorkItem *a = it_work_task(fx.mgr, PROGRAM, "web", "Tree a", "");
    Pmo__V1__WorkItem *b =
        it_work_task(fx.mgr, PROGRAM, "web", "Tree b", a->ref);
    Pmo__V1__WorkItem *c =
        it_work_task(fx.mgr, PROGRAM, "api", "Tree c", b->ref);
    Pmo__V1__WorkItem patch = PMO__V1__WORK_ITEM__INIT;
    patch.parent = c->ref;
    const char *mask[] = {"parent", NULL};
    pmo_result res;
    it_assert_code(it_work_update(fx.mgr, a->ref, 1, &patch, mask, NULL, &res),
                   &res, PMO_FAILED_PRECONDITION);
    char chain[128];
    snprintf(chain, sizeof(chain), "%s -> %s -> %s -> %s", a->ref, c->ref,
             b->ref, a->ref);
    it_assert_contains(res.message, chain);
    patch.parent = a->ref;
    it_assert_code(it_work_update(fx.mgr, a->ref, 1, &patch, mask, NULL, &res),
                   &res, PMO_FAILED_PRECONDITION);
    /* Moving c to the top and under a again is fine. */
    patch.parent = "";
    Pmo__V1__WorkItem *got = NULL;
    it_assert_code(it_work_update(fx.mgr, c->ref, 1, &patch, mask, &got, &res),
                   &res, PMO_OK);
    assert_str(got->parent, "");
    it_work_free(got);
    patch.parent = a->ref;
    it_assert_code(it_work_update(fx.mgr, c->ref, 2, &patch, mask, &got, &res),
                   &res, PMO_OK);
    assert_str(got->parent, a->ref);
    it_work_free(got);
    it_work_free(a);
    it_work_free(b);
    it_work_free(c);
}

static void test_milestone_rules(void **state)
{
    Pmo__V1__WorkItem item = PMO__V1__WORK_ITEM__INIT;
    item.program = PROGRAM;
    item.project = "web";
    item.title = "Launch";
    item.kind = PMO__V1__WORK_ITEM_KIND__KIND_MILESTONE;
    Pmo__V1__WorkItem *m = NULL;
    pmo_result res;
    it_assert_code(it_work_create(fx.mgr, &item, &m, &res), &res, PMO_OK);
    Pmo__V1__WorkItem child = PMO__V1__WORK_ITEM__INIT;
    child.program = PROGRAM;
    child.project = "web";
    child.title = "Under a milestone";
    child.parent = m->ref;
    it_assert_code(it_work_create(fx.mgr, &child, NULL, &res), &res,
                   PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "item.parent");
    it_assert_contains(res.message, "milestone");

    /* A parent cannot become a milestone. */
    Pmo__V1__WorkItem *p = it_work_task(fx.mgr, PROGRAM, "web", "Parent", "");
    Pmo__V1__WorkItem *k = it_work_task(fx.mgr, PROGRAM, "web", "Kid", p->ref);
    Pmo__V1__WorkItem patch = PMO__V1__WORK_ITEM__INIT;
    patch.kind = PMO__V1__WORK_ITEM_KIND__KIND_MILESTONE;
    const char *mask[] = {"kind", NULL};
    it_assert_code(it_work_update(fx.mgr, p->ref, 1, &patch, mask, NULL, &res),
                   &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "item.kind");
    /* A task with estimates cannot become one without zeroing them. */
    Pmo__V1__WorkItem est = PMO__V1__WORK_ITEM__INIT;
    est.likely_days = 2;
    est.pessimistic_days = 3;
    const char *emask[] = {"likely_days", "pessimistic_days", NULL};
    it_assert_code(it_work_update(fx.mgr, k->ref, 1, &est, emask, NULL, &res),
                   &res, PMO_OK);
    it_assert_code(it_work_update(fx.mgr, k->ref, 2, &patch, mask, NULL, &res),
                   &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "item.kind");
    it_work_free(m);
    it_work_free(p);
    it_work_free(k);
}

/* ------------------------------------------------------- validation */

typedef struct bad_item {
    const char *name;
    /* NULL or 0 keeps the valid base value; "@longN" is N letters. */
    const char *program, *project, *title, *description, *parent, *assignee;
    const char *planned_start, *planned_finish, *actual_start, *actual_finish;
    const char *reason, *tag;
    int kind, state, percent, n_tags;
    double o, l, p, cost;
    const char *field;
} bad_item;

#define NOT_SET -12345.0

static const bad_item bad_items[] = {
    {.name = "no program", .program = "", .field = "item.program"},
    {.name = "empty title", .title = "", .field = "item.title"},
    {.name = "long title", .title = "@long501", .field = "item.title"},
    {.name = "control character", .title = "a\x01z", .field = "item.title"},
    {.name = "long description",
     .description = "@long20001",
     .field = "item.description"},
    {.name = "no project", .project = "", .field = "item.project"},
    {.name = "unknown project", .project = "mobile", .field = "item.project"},
    {.name = "project of another program",
     .project = "billing",
     .field = "item.project"},
    {.name = "unknown kind", .kind = 9, .field = "item.kind"},
    {.name = "unknown state", .state = 7, .field = "item.state"},
    {.name = "negative optimistic", .o = -1, .field = "item.optimistic_days"},
    {.name = "NaN likely", .l = NAN, .field = "item.likely_days"},
    {.name = "infinite pessimistic",
     .p = INFINITY,
     .field = "item.pessimistic_days"},
    {.name = "optimistic above likely",
     .o = 5,
     .l = 3,
     .p = 10,
     .field = "item.likely_days"},
    {.name = "likely above pessimistic",
     .o = 1,
     .l = 8,
     .p = 4,
     .field = "item.pessimistic_days"},
    {.name = "milestone with a duration",
     .kind = 3,
     .l = 1,
     .p = 1,
     .field = "item.likely_days"},
    {.name = "not a date",
     .planned_start = "2026-02-30",
     .field = "item.planned_start"},
    {.name = "planned range reversed",
     .planned_start = "2026-05-02",
     .planned_finish = "2026-05-01",
     .field = "item.planned_finish"},
    {.name = "actual range reversed",
     .actual_start = "2026-05-02",
     .actual_finish = "2026-04-01",
     .field = "item.actual_finish"},
    {.name = "title of spaces only", .title = "   ", .field = "item.title"},
    {.name = "actual start after today",
     .actual_start = "2999-01-04",
     .field = "item.actual_start"},
    {.name = "actual finish after today",
     .actual_finish = "2999-01-04",
     .field = "item.actual_finish"},
    {.name = "assignee without a role in the program",
     .assignee = "out",
     .field = "item.assignee"},
    {.name = "percent over 100",
     .percent = 101,
     .field = "item.percent_complete"},
    {.name = "blocked without a reason",
     .state = 3,
     .field = "item.blocked_reason"},
    {.name = "negative cost", .cost = -5, .field = "item.planned_cost"},
    {.name = "NaN cost", .cost = NAN, .field = "item.planned_cost"},
    {.name = "tag with a space", .tag = "two words", .field = "item.tags[0]"},
    {.name = "empty tag", .tag = "", .field = "item.tags[0]"},
    {.name = "51 tags", .tag = "t", .n_tags = 51, .field = "item.tags"},
    {.name = "parent not a ref", .parent = "foo", .field = "item.parent"},
    {.name = "parent in another program",
     .parent = "OTHER-1",
     .field = "item.parent"},
    {.name = "parent missing",
     .parent = "CHKOUT-999999",
     .field = "item.parent"},
    {.name = "assignee not a username",
     .assignee = "Bob!",
     .field = "item.assignee"},
    {.name = "assignee unknown",
     .assignee = "nobody",
     .field = "item.assignee"},
};

/*
 * The case's value v, base when it has none; "@longN" is N x's written
 * into buf (size bytes). A case asking that of a field without a buffer
 * is a mistake in the table, reported rather than written through.
 */
static const char *bad_text(const char *v, const char *base, char *buf,
                            size_t size)
{
    if (v == NULL)
        return base;
    if (strncmp(v, "@long", 5) != 0)
        return v;
    size_t n = strtoul(v + 5, NULL, 10);
    if (buf == NULL || n >= size) {
        fail_msg("%s does not fit this field's buffer of %zu bytes", v, size);
        return base;
    }
    memset(buf, 'x', n);
    buf[n] = '\0';
    return buf;
}

static double bad_num(double v, double base)
{
    return v == 0 ? base : v;
}

static void test_validation_names_each_field(void **state)
{
    static char title[600], description[20100];
    for (size_t i = 0; i < sizeof(bad_items) / sizeof(bad_items[0]); i++) {
        const bad_item *c = &bad_items[i];
        char *tags[60];
        Pmo__V1__WorkItem it = PMO__V1__WORK_ITEM__INIT;
        it.program = (char *)bad_text(c->program, PROGRAM, NULL, 0);
        it.project = (char *)bad_text(c->project, "web", NULL, 0);
        it.title =
            (char *)bad_text(c->title, "Valid title", title, sizeof(title));
        it.description = (char *)bad_text(c->description, "", description,
                                          sizeof(description));
        it.parent = (char *)bad_text(c->parent, "", NULL, 0);
        it.assignee = (char *)bad_text(c->assignee, "", NULL, 0);
        it.planned_start = (char *)bad_text(c->planned_start, "", NULL, 0);
        it.planned_finish = (char *)bad_text(c->planned_finish, "", NULL, 0);
        it.actual_start = (char *)bad_text(c->actual_start, "", NULL, 0);
        it.actual_finish = (char *)bad_text(c->actual_finish, "", NULL, 0);
        it.blocked_reason = (char *)bad_text(c->reason, "", NULL, 0);
        it.kind = c->kind;
        it.state = c->state;
        it.percent_complete = (uint32_t)c->percent;
        it.optimistic_days = bad_num(c->o, 0);
        it.likely_days = bad_num(c->l, 0);
        it.pessimistic_days = bad_num(c->p, 0);
        it.planned_cost = bad_num(c->cost, 0);
        if (c->tag) {
            it.n_tags = c->n_tags ? (size_t)c->n_tags : 1;
            for (size_t t = 0; t < it.n_tags; t++)
                tags[t] = (char *)c->tag;
            it.tags = tags;
        }
        pmo_result res;
        int code = it_work_create(fx.mgr, &it, NULL, &res);
        if (code != PMO_INVALID_ARGUMENT)
            fail_msg("%s: expected INVALID_ARGUMENT, got %s (\"%s\")", c->name,
                     pmo_status_name(code), res.message);
        int found = 0;
        for (size_t v = 0; v < res.n_violations; v++)
            found |= strcmp(res.violations[v].field, c->field) == 0;
        if (!found)
            fail_msg("%s: expected a violation of %s; message \"%s\"", c->name,
                     c->field, res.message);
    }
    /* Nothing bad was stored. */
    assert_int_equal(it_work_sql_int("SELECT count(*) FROM work_items"
                                     " WHERE title = 'Valid title'"),
                     0);
}

/* ------------------------------------------------------- deletes */

static int delete_item(pmo_client *c, const char *ref, int64_t version,
                       pmo_result *res)
{
    Pmo__V1__DeleteWorkItemRequest in = PMO__V1__DELETE_WORK_ITEM_REQUEST__INIT;
    in.ref = (char *)ref;
    in.expected_version = version;
    return it_call(c, &pmo__v1__work_service__descriptor, "DeleteWorkItem",
                   &in.base, res);
}

static void test_delete_refuses_parents_and_linked_items(void **state)
{
    Pmo__V1__WorkItem *p = it_work_task(fx.mgr, PROGRAM, "web", "Del p", "");
    Pmo__V1__WorkItem *k =
        it_work_task(fx.mgr, PROGRAM, "web", "Del k", p->ref);
    Pmo__V1__WorkItem *o = it_work_task(fx.mgr, PROGRAM, "api", "Del o", "");
    pmo_result res;
    it_assert_code(delete_item(fx.mgr, p->ref, 1, &res), &res,
                   PMO_FAILED_PRECONDITION);
    it_assert_contains(res.message, "1 child item");
    it_assert_code(it_work_add_dep(fx.mgr, k->ref, o->ref, 0, 0, NULL, &res),
                   &res, PMO_OK);
    it_assert_code(delete_item(fx.mgr, k->ref, 1, &res), &res,
                   PMO_FAILED_PRECONDITION);
    it_assert_contains(res.message, "remove its 1 dependency first");
    it_assert_code(delete_item(fx.mgr, o->ref, 1, &res), &res,
                   PMO_FAILED_PRECONDITION);
    it_assert_code(delete_item(fx.mgr, "CHKOUT-999999", 1, &res), &res,
                   PMO_NOT_FOUND);
    it_assert_code(delete_item(fx.mgr, o->ref, 0, &res), &res,
                   PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "expected_version");
    /* Without the dependency, the stale version is what stops it. */
    it_sql(NULL, 0, "DELETE FROM dependencies");
    it_assert_code(delete_item(fx.mgr, o->ref, 7, &res), &res, PMO_ABORTED);
    it_assert_code(delete_item(fx.mgr, o->ref, 1, &res), &res, PMO_OK);
    assert_int_equal(it_work_sql_int("SELECT count(*) FROM audit_log"
                                     " WHERE entity_id = '%s'"
                                     "   AND method LIKE '%%DeleteWorkItem'"
                                     "   AND after IS NULL"
                                     "   AND before->>'title' = 'Del o'",
                                     o->ref),
                     1);
    it_work_free(p);
    it_work_free(k);
    it_work_free(o);
}

/* ------------------------------------------------------- roles */

static void test_roles(void **state)
{
    pmo_result res;
    Pmo__V1__WorkItem item = PMO__V1__WORK_ITEM__INIT;
    item.program = PROGRAM;
    item.project = "web";
    item.title = "By a viewer";
    it_assert_code(it_work_create(fx.view, &item, NULL, &res), &res,
                   PMO_PERMISSION_DENIED);
    it_assert_code(it_work_create(fx.out, &item, NULL, &res), &res,
                   PMO_NOT_FOUND);

    /* A contributor works in their team's project only. */
    item.title = "By a contributor";
    Pmo__V1__WorkItem *mine = NULL;
    it_assert_code(it_work_create(fx.con, &item, &mine, &res), &res, PMO_OK);
    item.project = "api";
    it_assert_code(it_work_create(fx.con, &item, NULL, &res), &res,
                   PMO_PERMISSION_DENIED);
    Pmo__V1__WorkItem *theirs =
        it_work_task(fx.mgr, PROGRAM, "api", "API work", "");

    Pmo__V1__WorkItem patch = PMO__V1__WORK_ITEM__INIT;
    patch.percent_complete = 50;
    patch.state = PMO__V1__WORK_STATE__STATE_IN_PROGRESS;
    const char *mask[] = {"percent_complete", "state", NULL};
    it_assert_code(
        it_work_update(fx.con, mine->ref, 1, &patch, mask, NULL, &res), &res,
        PMO_OK);
    it_assert_code(
        it_work_update(fx.con, theirs->ref, 1, &patch, mask, NULL, &res), &res,
        PMO_PERMISSION_DENIED);
    patch.project = "api";
    const char *move[] = {"project", NULL};
    it_assert_code(
        it_work_update(fx.con, mine->ref, 2, &patch, move, NULL, &res), &res,
        PMO_PERMISSION_DENIED);
    it_assert_code(
        it_work_update(fx.view, mine->ref, 2, &patch, mask, NULL, &res), &res,
        PMO_PERMISSION_DENIED);
    it_assert_code(delete_item(fx.con, mine->ref, 2, &res), &res,
                   PMO_PERMISSION_DENIED);
    /* A manager moves it. */
    Pmo__V1__WorkItem *moved = NULL;
    it_assert_code(
        it_work_update(fx.mgr, mine->ref, 2, &patch, move, &moved, &res), &res,
        PMO_OK);
    assert_str(moved->project, "api");

    /* Reads: viewers yes, strangers are told nothing exists. */
    Pmo__V1__WorkItem *got = NULL;
    it_assert_code(it_work_get(fx.view, mine->ref, &got, &res), &res, PMO_OK);
    it_work_free(got);
    it_assert_code(it_work_get(fx.out, mine->ref, &got, &res), &res,
                   PMO_NOT_FOUND);
    it_work_free(mine);
    it_work_free(theirs);
    it_work_free(moved);
}

/* ------------------------------------------------------- races */

typedef struct racer {
    pthread_t thread;
    pthread_barrier_t *start;
    const char *ref;
    char title[32];
    int code;
    char message[512];
} racer;

static void *racer_main(void *arg)
{
    racer *r = arg;
    pmo_client_options opt = {.url = getenv("PMO_SERVER"),
                              .ca_file = getenv("PMO_CA"),
                              .timeout_ms = IT_CALL_TIMEOUT_MS};
    pmo_client *c = NULL;
    pmo_result res;
    r->code = pmo_client_open(&opt, &c, &res);
    if (r->code == PMO_OK)
        r->code = it_login(c, "mgr", IT_WORK_PASSWORD, NULL, &res);
    pthread_barrier_wait(r->start);
    if (r->code == PMO_OK) {
        Pmo__V1__WorkItem patch = PMO__V1__WORK_ITEM__INIT;
        patch.title = r->title;
        const char *mask[] = {"title", NULL};
        r->code = it_work_update(c, r->ref, 1, &patch, mask, NULL, &res);
    }
    snprintf(r->message, sizeof(r->message), "%s", res.message);
    if (c)
        pmo_client_close(c);
    return NULL;
}

static void test_concurrent_updates_one_wins(void **state)
{
    for (int round = 0; round < 5; round++) {
        Pmo__V1__WorkItem *it =
            it_work_task(fx.mgr, PROGRAM, "web", "Raced", "");
        pthread_barrier_t start;
        pthread_barrier_init(&start, NULL, 2);
        racer r[2];
        for (int i = 0; i < 2; i++) {
            memset(&r[i], 0, sizeof(r[i]));
            r[i].start = &start;
            r[i].ref = it->ref;
            snprintf(r[i].title, sizeof(r[i].title), "Winner %d", i);
            pthread_create(&r[i].thread, NULL, racer_main, &r[i]);
        }
        for (int i = 0; i < 2; i++)
            pthread_join(r[i].thread, NULL);
        pthread_barrier_destroy(&start);
        int ok = (r[0].code == PMO_OK) + (r[1].code == PMO_OK);
        int aborted = (r[0].code == PMO_ABORTED) + (r[1].code == PMO_ABORTED);
        if (ok != 1 || aborted != 1)
            fail_msg("round %d: expected one OK and one ABORTED, got %s "
                     "(\"%s\") and %s (\"%s\")",
                     round, pmo_status_name(r[0].code), r[0].message,
                     pmo_status_name(r[1].code), r[1].message);
        Pmo__V1__WorkItem *got = NULL;
        pmo_result res;
        it_assert_code(it_work_get(fx.mgr, it->ref, &got, &res), &res, PMO_OK);
        assert_int_equal(got->version, 2);
        assert_str(got->title, r[0].code == PMO_OK ? "Winner 0" : "Winner 1");
        it_work_free(got);
        it_work_free(it);
    }
}

static void test_create_is_idempotent(void **state)
{
    Pmo__V1__WorkItem item = PMO__V1__WORK_ITEM__INIT;
    item.program = PROGRAM;
    item.project = "web";
    item.title = "Retried create";
    Pmo__V1__WorkItem *first = NULL, *second = NULL;
    pmo_result res;
    pmo_client_set_idempotency_key(fx.mgr, "work-create-retry-1");
    it_assert_code(it_work_create(fx.mgr, &item, &first, &res), &res, PMO_OK);
    pmo_client_set_idempotency_key(fx.mgr, "work-create-retry-1");
    it_assert_code(it_work_create(fx.mgr, &item, &second, &res), &res, PMO_OK);
    assert_str(second->ref, first->ref);
    assert_int_equal(it_work_sql_int("SELECT count(*) FROM work_items"
                                     " WHERE title = 'Retried create'"),
                     1);
    it_work_free(first);
    it_work_free(second);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_and_get_every_field),
        cmocka_unit_test(test_create_applies_defaults),
        cmocka_unit_test(test_refs_are_sequential_and_never_reused),
        cmocka_unit_test(test_list_filters_and_pages),
        cmocka_unit_test(test_update_changes_masked_fields_only),
        cmocka_unit_test(test_done_is_dated_and_reopening_clears_it),
        cmocka_unit_test(test_update_refuses_parent_cycles),
        cmocka_unit_test(test_milestone_rules),
        cmocka_unit_test(test_validation_names_each_field),
        cmocka_unit_test(test_delete_refuses_parents_and_linked_items),
        cmocka_unit_test(test_roles),
        cmocka_unit_test(test_concurrent_updates_one_wins),
        cmocka_unit_test(test_create_is_idempotent),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
