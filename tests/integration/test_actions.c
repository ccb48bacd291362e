/*
 * tests/integration/test_actions.c - RiskService's action items (within a
 * program, and "mine, overdue" across every program the caller can see)
 * and MeetingService, with the decisions and action items that come out
 * of a meeting.
 */
#include "it_raid.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KEY "ACT"

static it_work w;

/*
 * con is a contributor in ACT, a viewer in OTHER, and has no role in
 * THIRD, where an action item is nonetheless theirs (given to them while
 * they held one).
 */
static int setup(void **state)
{
    it_raid_setup(&w, KEY);
    it_sql(NULL, 0,
           "INSERT INTO program_members (program_id, user_id, role)"
           " SELECT p.id, u.id, 1 FROM programs p, users u"
           " WHERE p.key = 'OTHER' AND u.username = 'con'");
    it_sql(NULL, 0,
           "INSERT INTO programs (key, name) VALUES ('THIRD', 'Third')");
    return 0;
}

static int teardown(void **state)
{
    it_work_teardown(&w);
    return 0;
}

static Pmo__V1__Action action_make(const char *program, const char *title,
                                   const char *owner, const char *due)
{
    Pmo__V1__Action a = PMO__V1__ACTION__INIT;
    a.program = (char *)program;
    a.title = (char *)title;
    a.owner = (char *)owner;
    a.due_date = (char *)due;
    return a;
}

static int create(pmo_client *c, Pmo__V1__Action *a, int64_t meeting_id,
                  Pmo__V1__Action **out, pmo_result *res)
{
    Pmo__V1__CreateActionRequest in = PMO__V1__CREATE_ACTION_REQUEST__INIT;
    in.action = a;
    in.meeting_id = meeting_id;
    return it_raid_call(c, "CreateAction", &in, out, res);
}

static Pmo__V1__Action *add(pmo_client *c, const char *program,
                            const char *title, const char *owner,
                            const char *due)
{
    Pmo__V1__Action a = action_make(program, title, owner, due);
    Pmo__V1__Action *out;
    pmo_result res;
    int code = create(c, &a, 0, &out, &res);
    it_assert_code(code, &res, PMO_OK);
    return out;
}

static int update(pmo_client *c, int64_t id, int64_t version,
                  Pmo__V1__Action *a, const char *const *mask,
                  Pmo__V1__Action **out, pmo_result *res)
{
    Pmo__V1__UpdateActionRequest in = PMO__V1__UPDATE_ACTION_REQUEST__INIT;
    in.id = id;
    in.expected_version = version;
    in.action = a;
    while (mask[in.n_update_mask])
        in.n_update_mask++;
    in.update_mask = (char **)mask;
    return it_raid_call(c, "UpdateAction", &in, out, res);
}

static Pmo__V1__ListActionsResponse *list_as(pmo_client *c,
                                             Pmo__V1__ListActionsRequest *in)
{
    return it_raid_ok(c, "ListActions", in);
}

/* The titles of a listing, joined by commas, in order. */
static void titles(const Pmo__V1__ListActionsResponse *l, char *out, size_t len)
{
    out[0] = '\0';
    for (size_t i = 0; i < l->n_actions; i++) {
        size_t at = strlen(out);
        snprintf(out + at, len - at, "%s%s/%s", i ? "," : "",
                 l->actions[i]->program, l->actions[i]->title);
    }
}

/* ------------------------------------------------------------ actions */

static void test_mine_overdue_spans_the_programs_i_can_see(void **state)
{
    it_sql(NULL, 0, "DELETE FROM action_items");
    Pmo__V1__Action *late =
        add(w.mgr, KEY, "Chase vendor", "con", "2020-03-01");
    it_raid_free(add(w.mgr, KEY, "Write runbook", "con", "2099-01-01"));
    it_raid_free(add(w.mgr, KEY, "Not mine", "mgr", "2020-03-01"));
    it_raid_free(add(w.mgr, KEY, "No date", "con", ""));
    Pmo__V1__Action *done =
        add(w.mgr, KEY, "Done already", "con", "2020-03-01");
    it_raid_free(add(w.admin, "OTHER", "Sign contract", "con", "2021-06-30"));
    /* Given to con while con could see THIRD; then con's role went. */
    it_sql(NULL, 0,
           "INSERT INTO program_members (program_id, user_id, role)"
           " SELECT p.id, u.id, 1 FROM programs p, users u"
           " WHERE p.key = 'THIRD' AND u.username = 'con'");
    it_raid_free(add(w.admin, "THIRD", "Hidden from con", "con", "2020-01-01"));
    it_sql(NULL, 0,
           "DELETE FROM program_members WHERE program_id ="
           " (SELECT id FROM programs WHERE key = 'THIRD')");
    Pmo__V1__Action close = PMO__V1__ACTION__INIT;
    close.status = PMO__V1__ACTION_STATUS__ACTION_DONE;
    static const char *const status[] = {"status", NULL};
    Pmo__V1__Action *closed;
    pmo_result res;
    it_assert_code(update(w.mgr, done->id, 1, &close, status, &closed, &res),
                   &res, PMO_OK);
    assert_false(closed->overdue);

    /* pmo actions --mine --overdue */
    Pmo__V1__ListActionsRequest in = PMO__V1__LIST_ACTIONS_REQUEST__INIT;
    in.mine = true;
    in.overdue = true;
    Pmo__V1__ListActionsResponse *l = list_as(w.con, &in);
    char got[512];
    titles(l, got, sizeof(got));
    assert_string_equal(got, "ACT/Chase vendor,OTHER/Sign contract");
    assert_true(l->actions[0]->overdue);
    assert_int_equal(l->actions[0]->id, late->id);
    it_raid_free(l);

    /* All of con's, any date: still nothing from THIRD. */
    in.overdue = false;
    l = list_as(w.con, &in);
    titles(l, got, sizeof(got));
    assert_string_equal(got, "ACT/Chase vendor,ACT/Write runbook,ACT/No date,"
                             "ACT/Done already,OTHER/Sign contract");
    it_raid_free(l);

    /* Open ones of one program, anyone's, in pages of two. */
    Pmo__V1__ListActionsRequest one = PMO__V1__LIST_ACTIONS_REQUEST__INIT;
    one.program = KEY;
    one.status = PMO__V1__ACTION_STATUS__ACTION_OPEN;
    one.page_size = 2;
    l = list_as(w.view, &one);
    titles(l, got, sizeof(got));
    assert_string_equal(got, "ACT/Chase vendor,ACT/Write runbook");
    one.page_token = l->next_page_token;
    Pmo__V1__ListActionsResponse *l2 = list_as(w.view, &one);
    titles(l2, got, sizeof(got));
    assert_string_equal(got, "ACT/Not mine,ACT/No date");
    it_raid_free(l);
    it_raid_free(l2);

    /* The program itself stays hidden from a stranger. */
    void *none;
    Pmo__V1__ListActionsRequest third = PMO__V1__LIST_ACTIONS_REQUEST__INIT;
    third.program = "THIRD";
    it_assert_code(it_raid_call(w.con, "ListActions", &third, &none, &res),
                   &res, PMO_NOT_FOUND);

    /* An admin sees every program's. */
    Pmo__V1__ListActionsRequest all = PMO__V1__LIST_ACTIONS_REQUEST__INIT;
    all.owner = "con";
    all.overdue = true;
    l = list_as(w.admin, &all);
    titles(l, got, sizeof(got));
    assert_string_equal(
        got, "ACT/Chase vendor,OTHER/Sign contract,THIRD/Hidden from con");
    it_raid_free(l);
    it_raid_free(closed);
    it_raid_free(done);
    it_raid_free(late);
}

static void test_owner_may_close_own_action_as_contributor(void **state)
{
    Pmo__V1__Action *mine = add(w.mgr, KEY, "Update the wiki", "con", "");
    Pmo__V1__Action *theirs = add(w.mgr, KEY, "Book the room", "mgr", "");
    Pmo__V1__Action change = PMO__V1__ACTION__INIT;
    change.status = PMO__V1__ACTION_STATUS__ACTION_DONE;
    static const char *const status[] = {"status", NULL};
    Pmo__V1__Action *out;
    pmo_result res;
    it_assert_code(update(w.con, mine->id, 1, &change, status, &out, &res),
                   &res, PMO_OK);
    assert_int_equal(out->status, PMO__V1__ACTION_STATUS__ACTION_DONE);
    assert_int_equal(out->version, 2);
    it_raid_free(out);

    it_assert_code(update(w.con, theirs->id, 1, &change, status, &out, &res),
                   &res, PMO_PERMISSION_DENIED);
    change.owner = "view";
    static const char *const owner[] = {"owner", NULL};
    it_assert_code(update(w.con, mine->id, 2, &change, owner, &out, &res), &res,
                   PMO_PERMISSION_DENIED);
    it_assert_code(update(w.view, theirs->id, 1, &change, status, &out, &res),
                   &res, PMO_PERMISSION_DENIED);
    it_assert_code(update(w.out, theirs->id, 1, &change, status, &out, &res),
                   &res, PMO_NOT_FOUND);
    Pmo__V1__Action a = action_make(KEY, "Contributor's", "con", "");
    it_assert_code(create(w.con, &a, 0, &out, &res), &res,
                   PMO_PERMISSION_DENIED);
    it_assert_code(create(w.view, &a, 0, &out, &res), &res,
                   PMO_PERMISSION_DENIED);

    /* A manager may hand it on; a stale version is refused. */
    it_assert_code(update(w.mgr, mine->id, 1, &change, owner, &out, &res), &res,
                   PMO_ABORTED);
    it_assert_code(update(w.mgr, mine->id, 2, &change, owner, &out, &res), &res,
                   PMO_OK);
    assert_string_equal(out->owner, "view");
    assert_int_equal(out->status, PMO__V1__ACTION_STATUS__ACTION_DONE);

    Pmo__V1__DeleteActionRequest del = PMO__V1__DELETE_ACTION_REQUEST__INIT;
    del.id = mine->id;
    del.expected_version = 3;
    void *none;
    it_assert_code(it_raid_call(w.view, "DeleteAction", &del, &none, &res),
                   &res, PMO_PERMISSION_DENIED);
    it_assert_code(it_raid_call(w.mgr, "DeleteAction", &del, &none, &res), &res,
                   PMO_OK);
    it_raid_free(none);
    Pmo__V1__GetActionRequest get = PMO__V1__GET_ACTION_REQUEST__INIT;
    get.id = mine->id;
    it_assert_code(it_raid_call(w.mgr, "GetAction", &get, &none, &res), &res,
                   PMO_NOT_FOUND);
    it_raid_free(out);
    it_raid_free(mine);
    it_raid_free(theirs);
}

static void test_bad_actions_are_named(void **state)
{
    Pmo__V1__Action *made = add(w.mgr, KEY, "Anchor", "", "");
    static const struct {
        const char *field, *title, *owner, *due;
        int source;
        int64_t source_id, meeting_id;
    } cases[] = {
        {"action.title", "", "", "", 0, 0, 0},
        {"action.owner", "t", "ghost", "", 0, 0, 0},
        {"action.owner", "t", "out", "", 0, 0, 0},
        {"action.title", "   ", "", "", 0, 0, 0},
        {"action.due_date", "t", "", "31/12/2024", 0, 0, 0},
        {"action.source", "t", "", "", 42, 0, 0},
        {"action.source_id", "t", "", "",
         PMO__V1__ACTION_SOURCE__ACTION_FROM_OTHER, 5, 0},
        {"action.source_id", "t", "", "",
         PMO__V1__ACTION_SOURCE__ACTION_FROM_RISK, 0, 0},
        {"action.source_id", "t", "", "",
         PMO__V1__ACTION_SOURCE__ACTION_FROM_ISSUE, 999999, 0},
        {"meeting_id", "t", "", "", 0, 0, 999999},
    };
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        Pmo__V1__Action a =
            action_make(KEY, cases[k].title, cases[k].owner, cases[k].due);
        a.source = (Pmo__V1__ActionSource)cases[k].source;
        a.source_id = cases[k].source_id;
        Pmo__V1__Action *out;
        pmo_result res;
        int code = create(w.mgr, &a, cases[k].meeting_id, &out, &res);
        it_assert_code(code, &res, PMO_INVALID_ARGUMENT);
        it_assert_violation(&res, cases[k].field);
    }
    assert_int_equal(it_raid_sql_int("SELECT count(*) FROM action_items"
                                     " WHERE title = 't'"),
                     0);
    /* Source and program do not change. */
    Pmo__V1__Action change = PMO__V1__ACTION__INIT;
    static const char *const source[] = {"source", NULL};
    Pmo__V1__Action *out;
    pmo_result res;
    it_assert_code(update(w.mgr, made->id, 1, &change, source, &out, &res),
                   &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "update_mask");
    it_raid_free(made);
}

/* ------------------------------------------------------------ meetings */

static int meeting_create(pmo_client *c, Pmo__V1__Meeting *m,
                          Pmo__V1__Meeting **out, pmo_result *res)
{
    Pmo__V1__CreateMeetingRequest in = PMO__V1__CREATE_MEETING_REQUEST__INIT;
    in.meeting = m;
    return it_meeting_call(c, "CreateMeeting", &in, out, res);
}

static Pmo__V1__Meeting *meeting_get(pmo_client *c, int64_t id)
{
    Pmo__V1__GetMeetingRequest in = PMO__V1__GET_MEETING_REQUEST__INIT;
    in.id = id;
    Pmo__V1__Meeting *out;
    pmo_result res;
    it_assert_code(it_meeting_call(c, "GetMeeting", &in, &out, &res), &res,
                   PMO_OK);
    return out;
}

static void test_meeting_gathers_its_decisions_and_actions(void **state)
{
    Pmo__V1__Meeting m = PMO__V1__MEETING__INIT;
    m.program = KEY;
    m.date = "2025-03-04";
    m.title = "Steering committee";
    char *people[] = {"mgr", "con"};
    m.attendees = people;
    m.n_attendees = 2;
    m.notes = "Vendor late again.";
    Pmo__V1__Meeting *made;
    pmo_result res;
    it_assert_code(meeting_create(w.mgr, &m, &made, &res), &res, PMO_OK);
    assert_int_equal(made->version, 1);

    Pmo__V1__Decision d = PMO__V1__DECISION__INIT;
    d.program = KEY;
    d.question = "Keep the vendor?";
    d.decision = "Yes, with penalties.";
    d.status = PMO__V1__DECISION_STATUS__DECISION_DECIDED;
    d.meeting_id = made->id;
    Pmo__V1__CreateDecisionRequest din = PMO__V1__CREATE_DECISION_REQUEST__INIT;
    din.decision = &d;
    Pmo__V1__Decision *decided = it_raid_ok(w.mgr, "CreateDecision", &din);
    assert_int_equal(decided->meeting_id, made->id);

    Pmo__V1__Action a =
        action_make(KEY, "Draft penalty clause", "con", "2025-03-18");
    Pmo__V1__Action *act;
    it_assert_code(create(w.mgr, &a, made->id, &act, &res), &res, PMO_OK);
    assert_int_equal(act->source, PMO__V1__ACTION_SOURCE__ACTION_FROM_MEETING);
    assert_int_equal(act->source_id, made->id);

    Pmo__V1__Meeting *got = meeting_get(w.view, made->id);
    assert_string_equal(got->program, KEY);
    assert_string_equal(got->date, "2025-03-04");
    assert_string_equal(got->title, "Steering committee");
    assert_string_equal(got->notes, "Vendor late again.");
    assert_int_equal(got->n_attendees, 2);
    assert_string_equal(got->attendees[0], "mgr");
    assert_string_equal(got->attendees[1], "con");
    assert_int_equal(got->n_decision_ids, 1);
    assert_int_equal(got->decision_ids[0], decided->id);
    assert_int_equal(got->n_action_ids, 1);
    assert_int_equal(got->action_ids[0], act->id);

    /* Attendees replaced as a list; a stale version is refused. */
    Pmo__V1__UpdateMeetingRequest up = PMO__V1__UPDATE_MEETING_REQUEST__INIT;
    Pmo__V1__Meeting change = PMO__V1__MEETING__INIT;
    char *now[] = {"view"};
    change.attendees = now;
    change.n_attendees = 1;
    char *mask[] = {"attendees"};
    up.id = made->id;
    up.meeting = &change;
    up.update_mask = mask;
    up.n_update_mask = 1;
    up.expected_version = 1;
    Pmo__V1__Meeting *changed;
    it_assert_code(
        it_meeting_call(w.view, "UpdateMeeting", &up, &changed, &res), &res,
        PMO_PERMISSION_DENIED);
    it_assert_code(it_meeting_call(w.mgr, "UpdateMeeting", &up, &changed, &res),
                   &res, PMO_OK);
    assert_int_equal(changed->n_attendees, 1);
    assert_string_equal(changed->attendees[0], "view");
    assert_string_equal(changed->title, "Steering committee");
    it_raid_free(changed);
    it_assert_code(it_meeting_call(w.mgr, "UpdateMeeting", &up, &changed, &res),
                   &res, PMO_ABORTED);

    Pmo__V1__ListMeetingsRequest lin = PMO__V1__LIST_MEETINGS_REQUEST__INIT;
    lin.program = KEY;
    Pmo__V1__ListMeetingsResponse *l;
    it_assert_code(it_meeting_call(w.view, "ListMeetings", &lin, &l, &res),
                   &res, PMO_OK);
    assert_int_equal(l->n_meetings, 1);
    assert_int_equal(l->meetings[0]->id, made->id);
    it_raid_free(l);

    /* Deleted: its decision stays, no longer tied to it. */
    Pmo__V1__DeleteMeetingRequest del = PMO__V1__DELETE_MEETING_REQUEST__INIT;
    del.id = made->id;
    del.expected_version = 2;
    void *none;
    it_assert_code(it_meeting_call(w.mgr, "DeleteMeeting", &del, &none, &res),
                   &res, PMO_OK);
    it_raid_free(none);
    Pmo__V1__GetDecisionRequest gd = PMO__V1__GET_DECISION_REQUEST__INIT;
    gd.id = decided->id;
    Pmo__V1__Decision *left = it_raid_ok(w.view, "GetDecision", &gd);
    assert_int_equal(left->meeting_id, 0);
    it_raid_free(left);
    it_raid_free(got);
    it_raid_free(act);
    it_raid_free(decided);
    it_raid_free(made);
}

static void test_bad_meetings_are_named(void **state)
{
    static const struct {
        const char *field, *date, *title, *second;
    } cases[] = {
        {"meeting.date", "", "t", "con"},
        {"meeting.date", "2025-13-01", "t", "con"},
        {"meeting.title", "2025-01-01", "", "con"},
        {"meeting.attendees[1]", "2025-01-01", "t", "ghost"},
        {"meeting.attendees[1]", "2025-01-01", "t", "mgr"},
    };
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        Pmo__V1__Meeting m = PMO__V1__MEETING__INIT;
        m.program = KEY;
        m.date = (char *)cases[k].date;
        m.title = (char *)cases[k].title;
        char *people[] = {"mgr", (char *)cases[k].second};
        m.attendees = people;
        m.n_attendees = 2;
        Pmo__V1__Meeting *out;
        pmo_result res;
        it_assert_code(meeting_create(w.mgr, &m, &out, &res), &res,
                       PMO_INVALID_ARGUMENT);
        it_assert_violation(&res, cases[k].field);
    }
    Pmo__V1__Meeting m = PMO__V1__MEETING__INIT;
    m.program = KEY;
    m.date = "2025-01-01";
    m.title = "Viewer's";
    Pmo__V1__Meeting *out;
    pmo_result res;
    it_assert_code(meeting_create(w.view, &m, &out, &res), &res,
                   PMO_PERMISSION_DENIED);
    it_assert_code(meeting_create(w.out, &m, &out, &res), &res, PMO_NOT_FOUND);
    assert_int_equal(it_raid_sql_int("SELECT count(*) FROM meetings"
                                     " WHERE title IN ('t', 'Viewer''s')"),
                     0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mine_overdue_spans_the_programs_i_can_see),
        cmocka_unit_test(test_owner_may_close_own_action_as_contributor),
        cmocka_unit_test(test_bad_actions_are_named),
        cmocka_unit_test(test_meeting_gathers_its_decisions_and_actions),
        cmocka_unit_test(test_bad_meetings_are_named),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
