/*
 * tests/integration/test_lessons.c - RetroService and LessonService:
 * retros and post-mortems of a program, and the lessons library every
 * program shares, with ranked full-text search.
 *
 * Programs: LSN (mgr manager, con contributor, view viewer) and OTHER,
 * where out is a contributor and which nobody of LSN can see.
 */
#include "it_work.h"
#include "pmo/v1/lesson.pb-c.h"
#include "pmo/v1/program.pb-c.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RETROS  (&pmo__v1__retro_service__descriptor)
#define LESSONS (&pmo__v1__lesson_service__descriptor)

static it_work W;

static int setup(void **state)
{
    it_work_setup(&W, "LSN");
    it_sql(NULL, 0,
           "INSERT INTO program_members (program_id, user_id, role)"
           " SELECT p.id, u.id, 2 FROM programs p, users u"
           "  WHERE p.key = 'OTHER' AND u.username = 'out'");
    return 0;
}

static int teardown(void **state)
{
    it_work_teardown(&W);
    return 0;
}

/* ------------------------------------------------------------- lessons */

static int lesson_create(pmo_client *c, const char *program, const char *title,
                         const char *body, char **tags, size_t n_tags,
                         int64_t retro_id, Pmo__V1__Lesson **out,
                         pmo_result *res)
{
    Pmo__V1__Lesson l = PMO__V1__LESSON__INIT;
    l.program = (char *)program;
    l.title = (char *)title;
    l.body = (char *)body;
    l.tags = tags;
    l.n_tags = n_tags;
    l.retro_id = retro_id;
    Pmo__V1__CreateLessonRequest in = PMO__V1__CREATE_LESSON_REQUEST__INIT;
    in.lesson = &l;
    *out = NULL;
    return pmo_call(c, LESSONS, "CreateLesson", &in.base,
                    (ProtobufCMessage **)out, res);
}

static Pmo__V1__Lesson *lesson_ok(pmo_client *c, const char *program,
                                  const char *title, const char *body,
                                  char **tags, size_t n_tags)
{
    Pmo__V1__Lesson *out;
    pmo_result res;
    it_assert_code(
        lesson_create(c, program, title, body, tags, n_tags, 0, &out, &res),
        &res, PMO_OK);
    return out;
}

static Pmo__V1__SearchLessonsResponse *search(pmo_client *c, const char *query,
                                              const char *tag,
                                              uint32_t page_size,
                                              const char *token)
{
    Pmo__V1__SearchLessonsRequest in = PMO__V1__SEARCH_LESSONS_REQUEST__INIT;
    in.query = (char *)query;
    in.tag = (char *)tag;
    in.page_size = page_size;
    in.page_token = (char *)token;
    Pmo__V1__SearchLessonsResponse *out = NULL;
    pmo_result res;
    it_assert_code(pmo_call(c, LESSONS, "SearchLessons", &in.base,
                            (ProtobufCMessage **)&out, &res),
                   &res, PMO_OK);
    return out;
}

static int lesson_update_title(pmo_client *c, int64_t id, int64_t version,
                               const char *title, Pmo__V1__Lesson **out,
                               pmo_result *res)
{
    Pmo__V1__Lesson l = PMO__V1__LESSON__INIT;
    l.title = (char *)title;
    char *mask[] = {"title"};
    Pmo__V1__UpdateLessonRequest in = PMO__V1__UPDATE_LESSON_REQUEST__INIT;
    in.id = id;
    in.lesson = &l;
    in.update_mask = mask;
    in.n_update_mask = 1;
    in.expected_version = version;
    Pmo__V1__Lesson *got = NULL;
    int code = pmo_call(c, LESSONS, "UpdateLesson", &in.base,
                        (ProtobufCMessage **)&got, res);
    if (out)
        *out = got;
    else
        it_work_free(got);
    return code;
}

static int lesson_delete(pmo_client *c, int64_t id, int64_t version,
                         pmo_result *res)
{
    Pmo__V1__DeleteLessonRequest in = PMO__V1__DELETE_LESSON_REQUEST__INIT;
    in.id = id;
    in.expected_version = version;
    return it_call(c, LESSONS, "DeleteLesson", &in.base, res);
}

static void
test_search_ranks_the_right_lesson_first_across_programs(void **state)
{
    char *procurement[] = {"procurement"};
    char *vendor_delay[] = {"vendor", "delay"};
    char *vendor[] = {"vendor"};
    /* Both words in the title (weight A), in LSN. */
    Pmo__V1__Lesson *title =
        lesson_ok(W.con, "LSN", "Vendor delay on load balancers",
                  "Order the hardware a quarter early.", procurement, 1);
    /* Both words only in the body (weight C), in OTHER. */
    Pmo__V1__Lesson *body = lesson_ok(
        W.out, "OTHER", "Shipping retro notes",
        "The vendor caused a delay of three weeks in shipping.", NULL, 0);
    /* Both words only as tags (weight B), in OTHER. */
    Pmo__V1__Lesson *tags =
        lesson_ok(W.out, "OTHER", "Contract review",
                  "Put penalties in contracts.", vendor_delay, 2);
    /* Only one of the words: no match for both. */
    Pmo__V1__Lesson *one = lesson_ok(W.con, "LSN", "Onboarding",
                                     "A new vendor portal.", vendor, 1);

    /* A viewer of LSN sees OTHER's lessons too, best first. */
    Pmo__V1__SearchLessonsResponse *found =
        search(W.view, "vendor delay", "", 0, "");
    assert_int_equal(found->n_lessons, 3);
    assert_int_equal(found->lessons[0]->id, title->id);
    assert_string_equal(found->lessons[0]->program, "LSN");
    assert_int_equal(found->lessons[1]->id, tags->id);
    assert_string_equal(found->lessons[1]->program, "OTHER");
    assert_int_equal(found->lessons[2]->id, body->id);
    assert_true(found->lessons[0]->rank > found->lessons[1]->rank);
    assert_true(found->lessons[1]->rank > found->lessons[2]->rank);
    assert_true(found->lessons[2]->rank > 0);
    it_work_free(found);

    /* And a user of OTHER only, with no role in LSN, sees LSN's. */
    found = search(W.out, "load balancers", "", 0, "");
    assert_int_equal(found->n_lessons, 1);
    assert_int_equal(found->lessons[0]->id, title->id);
    it_work_free(found);
    Pmo__V1__GetLessonRequest gin = PMO__V1__GET_LESSON_REQUEST__INIT;
    gin.id = one->id;
    Pmo__V1__Lesson *got = NULL;
    pmo_result res;
    it_assert_code(pmo_call(W.out, LESSONS, "GetLesson", &gin.base,
                            (ProtobufCMessage **)&got, &res),
                   &res, PMO_OK);
    assert_string_equal(got->title, "Onboarding");
    assert_string_equal(got->created_by, "con");
    it_work_free(got);

    /* Web-search syntax: a phrase, and an excluded word. */
    found = search(W.view, "\"three weeks\"", "", 0, "");
    assert_int_equal(found->n_lessons, 1);
    assert_int_equal(found->lessons[0]->id, body->id);
    it_work_free(found);
    found = search(W.view, "vendor -delay", "", 0, "");
    assert_int_equal(found->n_lessons, 1);
    assert_int_equal(found->lessons[0]->id, one->id);
    it_work_free(found);

    /* A tag filter, and paging through the ranked list. */
    found = search(W.view, "vendor", "vendor", 0, "");
    assert_int_equal(found->n_lessons, 2);
    it_work_free(found);
    found = search(W.view, "vendor delay", "", 2, "");
    assert_int_equal(found->n_lessons, 2);
    assert_string_not_equal(found->next_page_token, "");
    Pmo__V1__SearchLessonsResponse *rest =
        search(W.view, "vendor delay", "", 2, found->next_page_token);
    assert_int_equal(rest->n_lessons, 1);
    assert_int_equal(rest->lessons[0]->id, body->id);
    assert_string_equal(rest->next_page_token, "");
    it_work_free(rest);
    it_work_free(found);

    Pmo__V1__Lesson *all[] = {title, body, tags, one};
    for (size_t i = 0; i < 4; i++) {
        it_assert_code(lesson_delete(i == 1 || i == 2 ? W.admin : W.mgr,
                                     all[i]->id, all[i]->version, &res),
                       &res, PMO_OK);
        it_work_free(all[i]);
    }
}

static void test_lesson_create_get_update_delete(void **state)
{
    char *tags[] = {"testing"};
    Pmo__V1__Lesson *l = lesson_ok(W.con, "LSN", "Flaky tests hide bugs",
                                   "Quarantine, then fix.", tags, 1);
    assert_true(l->id > 0);
    assert_int_equal(l->version, 1);
    assert_string_equal(l->program, "LSN");
    assert_int_equal(l->n_tags, 1);
    assert_string_equal(l->tags[0], "testing");
    pmo_result res;

    Pmo__V1__Lesson *changed;
    it_assert_code(lesson_update_title(W.con, l->id, 1,
                                       "Quarantine flaky tests", &changed,
                                       &res),
                   &res, PMO_OK);
    assert_int_equal(changed->version, 2);
    assert_string_equal(changed->title, "Quarantine flaky tests");
    assert_string_equal(changed->body, "Quarantine, then fix.");
    it_work_free(changed);
    /* The search vector follows the change. */
    Pmo__V1__SearchLessonsResponse *found =
        search(W.view, "quarantine flaky", "", 0, "");
    assert_int_equal(found->n_lessons, 1);
    assert_int_equal(found->lessons[0]->id, l->id);
    it_work_free(found);

    it_assert_code(lesson_update_title(W.con, l->id, 1, "Stale", NULL, &res),
                   &res, PMO_ABORTED);
    it_assert_code(lesson_update_title(W.view, l->id, 2, "Viewer", NULL, &res),
                   &res, PMO_PERMISSION_DENIED);
    it_assert_code(lesson_update_title(W.out, l->id, 2, "Outsider", NULL, &res),
                   &res, PMO_NOT_FOUND);
    it_assert_code(lesson_delete(W.con, l->id, 2, &res), &res,
                   PMO_PERMISSION_DENIED);
    it_assert_code(lesson_delete(W.mgr, l->id, 1, &res), &res, PMO_ABORTED);
    it_assert_code(lesson_delete(W.mgr, l->id, 2, &res), &res, PMO_OK);
    assert_int_equal(it_work_sql_int("SELECT count(*) FROM audit_log"
                                     " WHERE entity = 'lesson'"
                                     "   AND entity_id = '%lld'",
                                     (long long)l->id),
                     3);
    Pmo__V1__GetLessonRequest gin = PMO__V1__GET_LESSON_REQUEST__INIT;
    gin.id = l->id;
    it_assert_code(it_call(W.view, LESSONS, "GetLesson", &gin.base, &res), &res,
                   PMO_NOT_FOUND);
    it_work_free(l);
}

static void test_lesson_validation_and_roles(void **state)
{
    Pmo__V1__Lesson *out;
    pmo_result res;
    char *dup[] = {"ops", "ops"};
    it_assert_code(lesson_create(W.con, "LSN", "", "", dup, 2, 0, &out, &res),
                   &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "lesson.title");
    it_assert_violation(&res, "lesson.tags[1]");

    it_assert_code(
        lesson_create(W.view, "LSN", "By a viewer", "", NULL, 0, 0, &out, &res),
        &res, PMO_PERMISSION_DENIED);
    it_assert_code(lesson_create(W.out, "LSN", "By an outsider", "", NULL, 0, 0,
                                 &out, &res),
                   &res, PMO_NOT_FOUND);
    /* A retro of another program is not this program's. */
    int64_t foreign = it_work_sql_int(
        "INSERT INTO retros (program_id, title, held_on, kind)"
        " SELECT id, 'Other retro', '2025-01-01', 1 FROM programs"
        "  WHERE key = 'OTHER' RETURNING id");
    it_assert_code(
        lesson_create(W.con, "LSN", "Linked", "", NULL, 0, foreign, &out, &res),
        &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "lesson.retro_id");
    assert_int_equal(it_work_sql_int("SELECT count(*) FROM lessons"
                                     " WHERE title = 'Linked'"),
                     0);

    Pmo__V1__SearchLessonsRequest in = PMO__V1__SEARCH_LESSONS_REQUEST__INIT;
    in.page_token = "not a token";
    it_assert_code(it_call(W.view, LESSONS, "SearchLessons", &in.base, &res),
                   &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "page_token");
}

/* -------------------------------------------------------------- retros */

static Pmo__V1__ActionItem *action(const char *text, const char *owner,
                                   const char *due)
{
    Pmo__V1__ActionItem *a = calloc(1, sizeof(*a));
    pmo__v1__action_item__init(a);
    a->text = (char *)text;
    a->owner = (char *)owner;
    a->due = (char *)due;
    return a;
}

static int retro_create(pmo_client *c, Pmo__V1__Retro *r, Pmo__V1__Retro **out,
                        pmo_result *res)
{
    Pmo__V1__CreateRetroRequest in = PMO__V1__CREATE_RETRO_REQUEST__INIT;
    in.retro = r;
    *out = NULL;
    return pmo_call(c, RETROS, "CreateRetro", &in.base,
                    (ProtobufCMessage **)out, res);
}

static int retro_get(pmo_client *c, int64_t id, Pmo__V1__Retro **out,
                     pmo_result *res)
{
    Pmo__V1__GetRetroRequest in = PMO__V1__GET_RETRO_REQUEST__INIT;
    in.id = id;
    *out = NULL;
    return pmo_call(c, RETROS, "GetRetro", &in.base, (ProtobufCMessage **)out,
                    res);
}

static void test_retro_create_get_list_update_delete(void **state)
{
    char *causes[] = {"No load test before launch", "Alerts too noisy"};
    Pmo__V1__ActionItem *acts[] = {
        action("Add a load test to CI", "con", "2025-04-01"),
        action("Tune alert thresholds", "", "")};
    Pmo__V1__Retro r = PMO__V1__RETRO__INIT;
    r.program = "LSN";
    r.title = "Checkout outage";
    r.date = "2025-03-03";
    r.kind = PMO__V1__RETRO_KIND__RETRO_POST_MORTEM;
    r.went_well = "Rollback in 9 minutes";
    r.went_badly = "Paged the wrong team";
    r.root_causes = causes;
    r.n_root_causes = 2;
    r.action_items = acts;
    r.n_action_items = 2;
    Pmo__V1__Retro *made;
    pmo_result res;
    it_assert_code(retro_create(W.con, &r, &made, &res), &res, PMO_OK);
    assert_true(made->id > 0);
    assert_int_equal(made->version, 1);
    assert_string_equal(made->created_by, "con");

    /* A lesson it yielded, read back with it. */
    Pmo__V1__Lesson *lesson;
    it_assert_code(lesson_create(W.con, "LSN", "Load test before launch",
                                 "The outage was a capacity problem.", NULL, 0,
                                 made->id, &lesson, &res),
                   &res, PMO_OK);
    assert_int_equal(lesson->retro_id, made->id);

    Pmo__V1__Retro *got;
    it_assert_code(retro_get(W.view, made->id, &got, &res), &res, PMO_OK);
    assert_string_equal(got->title, "Checkout outage");
    assert_string_equal(got->date, "2025-03-03");
    assert_int_equal(got->kind, PMO__V1__RETRO_KIND__RETRO_POST_MORTEM);
    assert_string_equal(got->went_badly, "Paged the wrong team");
    assert_int_equal(got->n_root_causes, 2);
    assert_string_equal(got->root_causes[1], "Alerts too noisy");
    assert_int_equal(got->n_action_items, 2);
    assert_string_equal(got->action_items[0]->text, "Add a load test to CI");
    assert_string_equal(got->action_items[0]->owner, "con");
    assert_string_equal(got->action_items[0]->due, "2025-04-01");
    assert_string_equal(got->action_items[1]->owner, "");
    assert_string_equal(got->action_items[1]->due, "");
    /* Each is an open action item of the program, from the retro. */
    assert_true(got->action_items[0]->action_id > 0);
    assert_int_equal(got->action_items[0]->status,
                     PMO__V1__ACTION_STATUS__ACTION_OPEN);
    assert_int_equal(it_work_sql_int("SELECT count(*) FROM action_items a"
                                     " JOIN programs p ON p.id = a.program_id"
                                     " WHERE p.key = 'LSN' AND a.source = 2"
                                     " AND a.source_id = %lld AND a.status = 1",
                                     (long long)made->id),
                     2);
    assert_int_equal(got->n_lessons, 1);
    assert_int_equal(got->lessons[0]->id, lesson->id);
    it_work_free(got);
    it_assert_code(retro_get(W.out, made->id, &got, &res), &res, PMO_NOT_FOUND);

    Pmo__V1__ListRetrosRequest lin = PMO__V1__LIST_RETROS_REQUEST__INIT;
    lin.program = "LSN";
    lin.kind = PMO__V1__RETRO_KIND__RETRO_RETROSPECTIVE;
    Pmo__V1__ListRetrosResponse *list = NULL;
    it_assert_code(pmo_call(W.view, RETROS, "ListRetros", &lin.base,
                            (ProtobufCMessage **)&list, &res),
                   &res, PMO_OK);
    assert_int_equal(list->n_retros, 0);
    it_work_free(list);
    lin.kind = PMO__V1__RETRO_KIND__RETRO_POST_MORTEM;
    it_assert_code(pmo_call(W.view, RETROS, "ListRetros", &lin.base,
                            (ProtobufCMessage **)&list, &res),
                   &res, PMO_OK);
    assert_int_equal(list->n_retros, 1);
    assert_int_equal(list->retros[0]->n_action_items, 2);
    it_work_free(list);

    /* One more action item; the two it has and the root causes stay. */
    Pmo__V1__ActionItem *one[] = {
        action("Write the runbook", "mgr", "2025-05-01")};
    Pmo__V1__Retro change = PMO__V1__RETRO__INIT;
    change.action_items = one;
    change.n_action_items = 1;
    char *mask[] = {"action_items"};
    Pmo__V1__UpdateRetroRequest uin = PMO__V1__UPDATE_RETRO_REQUEST__INIT;
    uin.id = made->id;
    uin.retro = &change;
    uin.update_mask = mask;
    uin.n_update_mask = 1;
    uin.expected_version = 1;
    Pmo__V1__Retro *changed = NULL;
    it_assert_code(pmo_call(W.con, RETROS, "UpdateRetro", &uin.base,
                            (ProtobufCMessage **)&changed, &res),
                   &res, PMO_OK);
    assert_int_equal(changed->version, 2);
    assert_int_equal(changed->n_action_items, 3);
    assert_string_equal(changed->action_items[0]->text,
                        "Add a load test to CI");
    assert_string_equal(changed->action_items[2]->text, "Write the runbook");
    assert_string_equal(changed->action_items[2]->owner, "mgr");
    assert_int_equal(changed->n_root_causes, 2);
    assert_string_equal(changed->date, "2025-03-03");
    it_work_free(changed);
    it_assert_code(it_call(W.con, RETROS, "UpdateRetro", &uin.base, &res), &res,
                   PMO_ABORTED);
    it_assert_code(it_call(W.view, RETROS, "UpdateRetro", &uin.base, &res),
                   &res, PMO_PERMISSION_DENIED);

    Pmo__V1__DeleteRetroRequest din = PMO__V1__DELETE_RETRO_REQUEST__INIT;
    din.id = made->id;
    din.expected_version = 2;
    it_assert_code(it_call(W.con, RETROS, "DeleteRetro", &din.base, &res), &res,
                   PMO_PERMISSION_DENIED);
    it_assert_code(it_call(W.mgr, RETROS, "DeleteRetro", &din.base, &res), &res,
                   PMO_OK);
    it_assert_code(retro_get(W.mgr, made->id, &got, &res), &res, PMO_NOT_FOUND);
    /* Its actions stay: they say where they came from. */
    assert_int_equal(it_work_sql_int("SELECT count(*) FROM action_items"
                                     " WHERE source = 2 AND source_id = %lld",
                                     (long long)made->id),
                     3);
    /* Its lesson stays in the library, no longer linked. */
    Pmo__V1__GetLessonRequest gin = PMO__V1__GET_LESSON_REQUEST__INIT;
    gin.id = lesson->id;
    Pmo__V1__Lesson *kept = NULL;
    it_assert_code(pmo_call(W.view, LESSONS, "GetLesson", &gin.base,
                            (ProtobufCMessage **)&kept, &res),
                   &res, PMO_OK);
    assert_int_equal(kept->retro_id, 0);
    it_work_free(kept);
    it_work_free(lesson);
    it_work_free(made);
    free(acts[0]);
    free(acts[1]);
    free(one[0]);
}

static void test_retro_validation_and_roles(void **state)
{
    char *causes[] = {"Fine", ""};
    Pmo__V1__ActionItem *acts[] = {action("", "con", "2025-13-01")};
    Pmo__V1__Retro r = PMO__V1__RETRO__INIT;
    r.program = "LSN";
    r.title = "";
    r.date = "";
    r.kind = 7;
    r.root_causes = causes;
    r.n_root_causes = 2;
    r.action_items = acts;
    r.n_action_items = 1;
    Pmo__V1__Retro *out;
    pmo_result res;
    it_assert_code(retro_create(W.con, &r, &out, &res), &res,
                   PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "retro.title");
    it_assert_violation(&res, "retro.date");
    it_assert_violation(&res, "retro.kind");
    it_assert_violation(&res, "retro.root_causes[1]");
    it_assert_violation(&res, "retro.action_items[0].text");
    it_assert_violation(&res, "retro.action_items[0].due");

    Pmo__V1__Retro ok = PMO__V1__RETRO__INIT;
    ok.program = "LSN";
    ok.title = "Sprint 4";
    ok.date = "2025-02-30";
    it_assert_code(retro_create(W.con, &ok, &out, &res), &res,
                   PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "retro.date");
    ok.date = "2025-02-28";
    it_assert_code(retro_create(W.view, &ok, &out, &res), &res,
                   PMO_PERMISSION_DENIED);
    it_assert_code(retro_create(W.out, &ok, &out, &res), &res, PMO_NOT_FOUND);

    /* Owners are users who can see the program, named with the field. */
    Pmo__V1__ActionItem *owned[] = {action("Fine", "con", ""),
                                    action("Ask out", "out", ""),
                                    action("Ask a ghost", "ghost", "")};
    ok.action_items = owned;
    ok.n_action_items = 3;
    it_assert_code(retro_create(W.con, &ok, &out, &res), &res,
                   PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "retro.action_items[1].owner");
    it_assert_violation(&res, "retro.action_items[2].owner");
    bool named = false;
    for (size_t i = 0; i < res.n_violations; i++)
        named |= strstr(res.violations[i].description,
                        "out holds no role in LSN") != NULL;
    assert_true(named);
    assert_int_equal(it_work_sql_int("SELECT count(*) FROM retros"
                                     " WHERE title = 'Sprint 4'"),
                     0);
    assert_int_equal(it_work_sql_int("SELECT count(*) FROM action_items"
                                     " WHERE title = 'Fine'"),
                     0);
    for (size_t i = 0; i < 3; i++)
        free(owned[i]);
    ok.n_action_items = 0;
    it_assert_code(retro_create(W.con, &ok, &out, &res), &res, PMO_OK);
    assert_int_equal(out->kind, PMO__V1__RETRO_KIND__RETRO_RETROSPECTIVE);
    it_work_free(out);
    free(acts[0]);
}

/*
 * A program's lessons outlive it: still found, under its key, but no
 * longer changed; its retros go with it.
 */
static void test_lessons_outlive_their_program(void **state)
{
    Pmo__V1__Retro r = PMO__V1__RETRO__INIT;
    r.program = "OTHER";
    r.title = "Billing retro";
    r.date = "2025-01-20";
    Pmo__V1__Retro *retro;
    pmo_result res;
    it_assert_code(retro_create(W.out, &r, &retro, &res), &res, PMO_OK);
    Pmo__V1__Lesson *l;
    it_assert_code(lesson_create(W.out, "OTHER", "Invoice rounding",
                                 "Round once, at the end.", NULL, 0, retro->id,
                                 &l, &res),
                   &res, PMO_OK);
    Pmo__V1__DeleteProgramRequest in = PMO__V1__DELETE_PROGRAM_REQUEST__INIT;
    in.key = "OTHER";
    in.cascade = true;
    in.expected_version =
        it_work_sql_int("SELECT version FROM programs WHERE key = 'OTHER'");
    it_assert_code(it_call(W.admin, &pmo__v1__program_service__descriptor,
                           "DeleteProgram", &in.base, &res),
                   &res, PMO_OK);
    Pmo__V1__SearchLessonsResponse *found =
        search(W.view, "invoice rounding", "", 0, "");
    assert_int_equal(found->n_lessons, 1);
    assert_string_equal(found->lessons[0]->program, "OTHER");
    assert_int_equal(found->lessons[0]->retro_id, 0);
    it_work_free(found);
    it_assert_code(
        lesson_update_title(W.admin, l->id, l->version, "Renamed", NULL, &res),
        &res, PMO_FAILED_PRECONDITION);
    assert_int_equal(it_work_sql_int("SELECT count(*) FROM retros"
                                     " WHERE id = %lld",
                                     (long long)retro->id),
                     0);
    it_work_free(l);
    it_work_free(retro);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(
            test_search_ranks_the_right_lesson_first_across_programs),
        cmocka_unit_test(test_lesson_create_get_update_delete),
        cmocka_unit_test(test_lesson_validation_and_roles),
        cmocka_unit_test(test_retro_create_get_list_update_delete),
        cmocka_unit_test(test_retro_validation_and_roles),
        /* Last: it deletes program OTHER. */
        cmocka_unit_test(test_lessons_outlive_their_program),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
