/*
 * tests/integration/test_risks.c - RiskService's risks: create, read,
 * list by exposure, change and delete; the score history; the matrix;
 * review dates; and a risk that occurs becoming an issue, linked both
 * ways in one transaction.
 */
#include "it_raid.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KEY "RSK"

static it_work w;

static int setup(void **state)
{
    it_raid_setup(&w, KEY);
    return 0;
}

static int teardown(void **state)
{
    it_work_teardown(&w);
    return 0;
}

static void clear_risks(void)
{
    it_sql(NULL, 0, "DELETE FROM risks; DELETE FROM issues");
}

/* A risk of KEY titled title with score p x i (other fields unset). */
static Pmo__V1__Risk risk_make(const char *title, uint32_t p, uint32_t i)
{
    Pmo__V1__Risk r = PMO__V1__RISK__INIT;
    r.program = KEY;
    r.title = (char *)title;
    r.probability = p;
    r.impact = i;
    return r;
}

static int create(pmo_client *c, Pmo__V1__Risk *r, const char *note,
                  Pmo__V1__Risk **out, pmo_result *res)
{
    Pmo__V1__CreateRiskRequest in = PMO__V1__CREATE_RISK_REQUEST__INIT;
    in.risk = r;
    in.score_note = (char *)note;
    return it_raid_call(c, "CreateRisk", &in, out, res);
}

static Pmo__V1__Risk *create_ok(Pmo__V1__Risk *r)
{
    Pmo__V1__Risk *out;
    pmo_result res;
    int code = create(w.mgr, r, "", &out, &res);
    it_assert_code(code, &res, PMO_OK);
    return out;
}

static Pmo__V1__Risk *add(const char *title, uint32_t p, uint32_t i)
{
    Pmo__V1__Risk r = risk_make(title, p, i);
    return create_ok(&r);
}

static int get(pmo_client *c, int64_t id, Pmo__V1__Risk **out, pmo_result *res)
{
    Pmo__V1__GetRiskRequest in = PMO__V1__GET_RISK_REQUEST__INIT;
    in.id = id;
    return it_raid_call(c, "GetRisk", &in, out, res);
}

static Pmo__V1__Risk *get_ok(int64_t id)
{
    Pmo__V1__Risk *out;
    pmo_result res;
    int code = get(w.view, id, &out, &res);
    it_assert_code(code, &res, PMO_OK);
    return out;
}

/* UpdateRisk with the fields of r named in the NULL-terminated mask. */
static int update(pmo_client *c, int64_t id, int64_t version, Pmo__V1__Risk *r,
                  const char *const *mask, const char *note,
                  Pmo__V1__Risk **out, pmo_result *res)
{
    Pmo__V1__UpdateRiskRequest in = PMO__V1__UPDATE_RISK_REQUEST__INIT;
    in.id = id;
    in.expected_version = version;
    in.risk = r;
    while (mask[in.n_update_mask])
        in.n_update_mask++;
    in.update_mask = (char **)mask;
    in.score_note = (char *)note;
    return it_raid_call(c, "UpdateRisk", &in, out, res);
}

static Pmo__V1__Risk *update_ok(pmo_client *c, int64_t id, int64_t version,
                                Pmo__V1__Risk *r, const char *const *mask,
                                const char *note)
{
    Pmo__V1__Risk *out;
    pmo_result res;
    int code = update(c, id, version, r, mask, note, &out, &res);
    it_assert_code(code, &res, PMO_OK);
    return out;
}

static Pmo__V1__ListRisksResponse *list(Pmo__V1__ListRisksRequest *in)
{
    in->program = KEY;
    return it_raid_ok(w.view, "ListRisks", in);
}

static int occur(pmo_client *c, int64_t id, int64_t version, const char *owner,
                 Pmo__V1__OccurRiskResponse **out, pmo_result *res)
{
    Pmo__V1__OccurRiskRequest in = PMO__V1__OCCUR_RISK_REQUEST__INIT;
    in.id = id;
    in.expected_version = version;
    in.owner = (char *)owner;
    return it_raid_call(c, "OccurRisk", &in, out, res);
}

static Pmo__V1__Issue *issue_get(int64_t id)
{
    Pmo__V1__GetIssueRequest in = PMO__V1__GET_ISSUE_REQUEST__INIT;
    in.id = id;
    return it_raid_ok(w.view, "GetIssue", &in);
}

/* ---------------------------------------------------------- create, read */

static void test_create_fills_defaults_and_computes_exposure(void **state)
{
    Pmo__V1__Risk r = risk_make("Card vendor certification slips", 3, 4);
    r.owner = "con";
    r.description = "PCI audit booked late.";
    r.mitigation = "Book a second auditor.";
    r.contingency = "Launch without wallets.";
    r.trigger = "No audit date by March.";
    r.review_date = "2099-01-31";
    char *items[] = {"RSK-2", "RSK-1"};
    r.items = items;
    r.n_items = 2;
    Pmo__V1__Risk *made = create_ok(&r);
    assert_true(made->id > 0);
    assert_int_equal(made->exposure, 12);
    assert_int_equal(made->category, PMO__V1__RISK_CATEGORY__RISK_TECHNICAL);
    assert_int_equal(made->response, PMO__V1__RISK_RESPONSE__RISK_MITIGATE);
    assert_int_equal(made->status, PMO__V1__RISK_STATUS__RISK_OPEN);
    assert_int_equal(made->version, 1);

    Pmo__V1__Risk *got = get_ok(made->id);
    assert_string_equal(got->program, KEY);
    assert_string_equal(got->title, "Card vendor certification slips");
    assert_string_equal(got->description, "PCI audit booked late.");
    assert_string_equal(got->owner, "con");
    assert_string_equal(got->mitigation, "Book a second auditor.");
    assert_string_equal(got->contingency, "Launch without wallets.");
    assert_string_equal(got->trigger, "No audit date by March.");
    assert_string_equal(got->review_date, "2099-01-31");
    assert_int_equal(got->probability, 3);
    assert_int_equal(got->impact, 4);
    assert_int_equal(got->exposure, 12);
    assert_false(got->review_overdue);
    assert_int_equal(got->issue_id, 0);
    /* Items come back in number order. */
    assert_int_equal(got->n_items, 2);
    assert_string_equal(got->items[0], "RSK-1");
    assert_string_equal(got->items[1], "RSK-2");
    it_raid_free(made);
    it_raid_free(got);
}

static void test_bad_fields_are_named(void **state)
{
    static const struct {
        const char *field;
        uint32_t p, i;
        const char *title, *owner, *date, *item;
        int category;
    } cases[] = {
        {"risk.probability", 0, 3, "t", "", "", NULL, 0},
        {"risk.impact", 3, 6, "t", "", "", NULL, 0},
        {"risk.title", 3, 3, "", "", "", NULL, 0},
        {"risk.category", 3, 3, "t", "", "", NULL, 99},
        {"risk.review_date", 3, 3, "t", "", "2025-02-30", NULL, 0},
        {"risk.owner", 3, 3, "t", "Not A Name", "", NULL, 0},
        {"risk.owner", 3, 3, "t", "ghost", "", NULL, 0},
        {"risk.items[0]", 3, 3, "t", "", "", "OTHER-1", 0},
        {"risk.items[0]", 3, 3, "t", "", "", "RSK-99", 0},
    };
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        Pmo__V1__Risk r = risk_make(cases[k].title, cases[k].p, cases[k].i);
        r.owner = (char *)cases[k].owner;
        r.review_date = (char *)cases[k].date;
        r.category = (Pmo__V1__RiskCategory)cases[k].category;
        char *items[] = {(char *)cases[k].item};
        if (cases[k].item) {
            r.items = items;
            r.n_items = 1;
        }
        Pmo__V1__Risk *out;
        pmo_result res;
        int code = create(w.mgr, &r, "", &out, &res);
        it_assert_code(code, &res, PMO_INVALID_ARGUMENT);
        it_assert_violation(&res, cases[k].field);
    }
    assert_int_equal(it_raid_sql_int("SELECT count(*) FROM risks"
                                     " WHERE title = 't'"),
                     0);

    Pmo__V1__Risk *made = add("Masked", 2, 2);
    Pmo__V1__Risk r = risk_make("", 2, 2);
    static const char *const bogus[] = {"exposure", NULL};
    Pmo__V1__Risk *out;
    pmo_result res;
    int code = update(w.mgr, made->id, 1, &r, bogus, "", &out, &res);
    it_assert_code(code, &res, PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "update_mask");
    it_raid_free(made);
}

static void test_only_managers_write_and_strangers_see_nothing(void **state)
{
    Pmo__V1__Risk *made = add("Roles", 2, 3);
    Pmo__V1__Risk r = risk_make("Viewer's", 1, 1);
    Pmo__V1__Risk *out;
    pmo_result res;
    it_assert_code(create(w.view, &r, "", &out, &res), &res,
                   PMO_PERMISSION_DENIED);
    it_assert_code(create(w.con, &r, "", &out, &res), &res,
                   PMO_PERMISSION_DENIED);
    it_assert_code(create(w.out, &r, "", &out, &res), &res, PMO_NOT_FOUND);
    static const char *const mask[] = {"title", NULL};
    it_assert_code(update(w.view, made->id, 1, &r, mask, "", &out, &res), &res,
                   PMO_PERMISSION_DENIED);
    it_assert_code(get(w.out, made->id, &out, &res), &res, PMO_NOT_FOUND);
    it_assert_contains(res.message, "no risk");
    Pmo__V1__DeleteRiskRequest del = PMO__V1__DELETE_RISK_REQUEST__INIT;
    del.id = made->id;
    del.expected_version = 1;
    void *none;
    it_assert_code(it_raid_call(w.view, "DeleteRisk", &del, &none, &res), &res,
                   PMO_PERMISSION_DENIED);
    Pmo__V1__RiskMatrixRequest m = PMO__V1__RISK_MATRIX_REQUEST__INIT;
    m.program = KEY;
    it_assert_code(it_raid_call(w.out, "RiskMatrix", &m, &none, &res), &res,
                   PMO_NOT_FOUND);
    /* Unchanged by all of that. */
    Pmo__V1__Risk *got = get_ok(made->id);
    assert_string_equal(got->title, "Roles");
    assert_int_equal(got->version, 1);
    it_raid_free(got);
    it_raid_free(made);
}

static void test_owners_see_the_program_and_may_update_their_risks(void **state)
{
    /* An owner who holds no role in the program is refused, named. */
    Pmo__V1__Risk r = risk_make("Owned by a stranger", 2, 2);
    r.owner = "out";
    Pmo__V1__Risk *out;
    pmo_result res;
    it_assert_code(create(w.mgr, &r, "", &out, &res), &res,
                   PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "risk.owner");
    it_assert_contains(res.message, "out holds no role in " KEY);

    /* A contributor who owns a risk rescores it, as no other may. */
    r.title = "Owned by con";
    r.owner = "con";
    Pmo__V1__Risk *mine = create_ok(&r);
    Pmo__V1__Risk *theirs = add("Owned by nobody", 2, 2);
    Pmo__V1__Risk change = risk_make("", 4, 4);
    static const char *const scores[] = {"probability", "impact", NULL};
    Pmo__V1__Risk *got = update_ok(w.con, mine->id, 1, &change, scores, "");
    assert_int_equal(got->exposure, 16);
    it_raid_free(got);
    it_assert_code(update(w.con, theirs->id, 1, &change, scores, "", &out,
                          &res),
                   &res, PMO_PERMISSION_DENIED);
    it_assert_contains(res.message, "not yours");
    /* ...and does not hand it to someone else. */
    change.owner = "mgr";
    static const char *const owner[] = {"owner", NULL};
    it_assert_code(update(w.con, mine->id, 2, &change, owner, "", &out, &res),
                   &res, PMO_PERMISSION_DENIED);
    it_raid_free(mine);
    it_raid_free(theirs);
}

static void test_stale_versions_are_aborted(void **state)
{
    Pmo__V1__Risk *made = add("Stale", 2, 2);
    Pmo__V1__Risk r = risk_make("Fresh", 0, 0);
    static const char *const mask[] = {"title", NULL};
    Pmo__V1__Risk *first = update_ok(w.mgr, made->id, 1, &r, mask, "");
    assert_int_equal(first->version, 2);
    Pmo__V1__Risk *out;
    pmo_result res;
    r.title = "Lost";
    it_assert_code(update(w.mgr, made->id, 1, &r, mask, "", &out, &res), &res,
                   PMO_ABORTED);
    it_assert_contains(res.message, "version 2");

    Pmo__V1__DeleteRiskRequest del = PMO__V1__DELETE_RISK_REQUEST__INIT;
    del.id = made->id;
    del.expected_version = 1;
    void *none;
    it_assert_code(it_raid_call(w.mgr, "DeleteRisk", &del, &none, &res), &res,
                   PMO_ABORTED);
    del.expected_version = 2;
    it_assert_code(it_raid_call(w.mgr, "DeleteRisk", &del, &none, &res), &res,
                   PMO_OK);
    it_raid_free(none);
    it_assert_code(get(w.view, made->id, &out, &res), &res, PMO_NOT_FOUND);
    assert_int_equal(it_raid_sql_int("SELECT count(*) FROM risk_scores"
                                     " WHERE risk_id = %lld",
                                     (long long)made->id),
                     0);
    it_raid_free(first);
    it_raid_free(made);
}

/* --------------------------------------------------------- score history */

static void test_every_score_change_is_in_the_history(void **state)
{
    Pmo__V1__Risk r = risk_make("Scored", 2, 2);
    Pmo__V1__Risk *made;
    pmo_result res;
    it_assert_code(create(w.mgr, &r, "first look", &made, &res), &res, PMO_OK);
    Pmo__V1__Risk change = risk_make("", 4, 0);
    static const char *const prob[] = {"probability", NULL};
    it_raid_free(
        update_ok(w.mgr, made->id, 1, &change, prob, "vendor slipping"));
    /* A change that leaves the score alone adds nothing. */
    change.title = "Scored again";
    static const char *const title[] = {"title", NULL};
    it_raid_free(update_ok(w.mgr, made->id, 2, &change, title, "ignored"));
    change.probability = 4;
    change.impact = 5;
    static const char *const both[] = {"probability", "impact", NULL};
    Pmo__V1__Risk *last =
        update_ok(w.admin, made->id, 3, &change, both, "board noticed");
    assert_int_equal(last->exposure, 20);

    Pmo__V1__ListRiskScoresRequest in = PMO__V1__LIST_RISK_SCORES_REQUEST__INIT;
    in.id = made->id;
    in.page_size = 2;
    Pmo__V1__ListRiskScoresResponse *page =
        it_raid_ok(w.view, "ListRiskScores", &in);
    assert_int_equal(page->n_scores, 2);
    assert_string_not_equal(page->next_page_token, "");
    Pmo__V1__RiskScore *s0 = page->scores[0], *s1 = page->scores[1];
    assert_int_equal(s0->old_probability, 0);
    assert_int_equal(s0->old_impact, 0);
    assert_int_equal(s0->new_probability, 2);
    assert_int_equal(s0->new_impact, 2);
    assert_string_equal(s0->note, "first look");
    assert_string_equal(s0->by, "mgr");
    assert_true(s0->at_ms > 1600000000000LL);
    assert_int_equal(s1->old_probability, 2);
    assert_int_equal(s1->new_probability, 4);
    assert_int_equal(s1->old_impact, 2);
    assert_int_equal(s1->new_impact, 2);
    assert_string_equal(s1->note, "vendor slipping");

    in.page_token = page->next_page_token;
    Pmo__V1__ListRiskScoresResponse *rest =
        it_raid_ok(w.view, "ListRiskScores", &in);
    assert_int_equal(rest->n_scores, 1);
    assert_string_equal(rest->next_page_token, "");
    Pmo__V1__RiskScore *s2 = rest->scores[0];
    assert_int_equal(s2->old_probability, 4);
    assert_int_equal(s2->old_impact, 2);
    assert_int_equal(s2->new_probability, 4);
    assert_int_equal(s2->new_impact, 5);
    assert_string_equal(s2->by, IT_ADMIN);
    assert_string_equal(s2->note, "board noticed");
    it_raid_free(page);
    it_raid_free(rest);
    it_raid_free(last);
    it_raid_free(made);
}

/* --------------------------------------------------------------- listing */

static void test_list_is_by_exposure_and_filters(void **state)
{
    clear_risks();
    Pmo__V1__Risk a = risk_make("A", 2, 3);
    a.review_date = "2020-01-01";
    Pmo__V1__Risk *ra = create_ok(&a);
    Pmo__V1__Risk *rb = add("B", 5, 5);
    Pmo__V1__Risk *rc = add("C", 4, 3);
    Pmo__V1__Risk *rd = add("D", 3, 4);
    Pmo__V1__Risk e = risk_make("E", 1, 1);
    e.status = PMO__V1__RISK_STATUS__RISK_CLOSED;
    e.category = PMO__V1__RISK_CATEGORY__RISK_BUDGET;
    e.owner = "con";
    e.review_date = "2020-01-01";
    Pmo__V1__Risk *re = create_ok(&e);

    /* 25, then the two 12s oldest first, then 6, then 1; pages of two. */
    const int64_t want[] = {rb->id, rc->id, rd->id, ra->id, re->id};
    Pmo__V1__ListRisksRequest in = PMO__V1__LIST_RISKS_REQUEST__INIT;
    in.page_size = 2;
    size_t seen = 0;
    char token[32] = "";
    for (int page_no = 0; page_no < 3; page_no++) {
        in.page_token = token;
        Pmo__V1__ListRisksResponse *page = list(&in);
        for (size_t k = 0; k < page->n_risks; k++, seen++)
            assert_int_equal(page->risks[k]->id, want[seen]);
        snprintf(token, sizeof(token), "%s", page->next_page_token);
        assert_int_equal(token[0] == '\0', page_no == 2);
        it_raid_free(page);
    }
    assert_int_equal(seen, 5);

    Pmo__V1__ListRisksRequest f = PMO__V1__LIST_RISKS_REQUEST__INIT;
    f.status = PMO__V1__RISK_STATUS__RISK_CLOSED;
    Pmo__V1__ListRisksResponse *got = list(&f);
    assert_int_equal(got->n_risks, 1);
    assert_int_equal(got->risks[0]->id, re->id);
    it_raid_free(got);

    f = (Pmo__V1__ListRisksRequest)PMO__V1__LIST_RISKS_REQUEST__INIT;
    f.category = PMO__V1__RISK_CATEGORY__RISK_BUDGET;
    got = list(&f);
    assert_int_equal(got->n_risks, 1);
    assert_int_equal(got->risks[0]->id, re->id);
    it_raid_free(got);

    f = (Pmo__V1__ListRisksRequest)PMO__V1__LIST_RISKS_REQUEST__INIT;
    f.owner = "con";
    got = list(&f);
    assert_int_equal(got->n_risks, 1);
    assert_int_equal(got->risks[0]->id, re->id);
    it_raid_free(got);

    /* Past review: A (open); E is past too but closed, so not flagged. */
    f = (Pmo__V1__ListRisksRequest)PMO__V1__LIST_RISKS_REQUEST__INIT;
    f.overdue_review = true;
    got = list(&f);
    assert_int_equal(got->n_risks, 1);
    assert_int_equal(got->risks[0]->id, ra->id);
    assert_true(got->risks[0]->review_overdue);
    it_raid_free(got);
    Pmo__V1__Risk *closed = get_ok(re->id);
    assert_false(closed->review_overdue);
    it_raid_free(closed);

    Pmo__V1__Risk *made[] = {ra, rb, rc, rd, re};
    for (size_t k = 0; k < 5; k++)
        it_raid_free(made[k]);
}

static void test_matrix_counts_open_risks(void **state)
{
    clear_risks();
    Pmo__V1__Risk *r1 = add("Hot 1", 5, 5);
    Pmo__V1__Risk *r2 = add("Hot 2", 5, 5);
    it_raid_free(add("Low", 1, 2));
    it_raid_free(add("Middle", 3, 4));
    Pmo__V1__Risk closed = risk_make("Closed", 2, 2);
    closed.status = PMO__V1__RISK_STATUS__RISK_CLOSED;
    it_raid_free(create_ok(&closed));
    Pmo__V1__Risk mitigating = risk_make("Mitigating", 3, 4);
    mitigating.status = PMO__V1__RISK_STATUS__RISK_MITIGATING;
    it_raid_free(create_ok(&mitigating));
    Pmo__V1__Risk gone = risk_make("Occurred", 4, 4);
    gone.status = PMO__V1__RISK_STATUS__RISK_OCCURRED;
    it_raid_free(create_ok(&gone));

    Pmo__V1__RiskMatrixRequest in = PMO__V1__RISK_MATRIX_REQUEST__INIT;
    in.program = KEY;
    in.top = 2;
    Pmo__V1__RiskMatrixResponse *m = it_raid_ok(w.view, "RiskMatrix", &in);
    assert_int_equal(m->n_cells, 25);
    uint32_t want[5][5] = {{0}};
    want[4][4] = 2; /* 5 x 5 */
    want[0][1] = 1; /* 1 x 2 */
    want[2][3] = 2; /* 3 x 4, open and mitigating */
    for (uint32_t p = 1; p <= 5; p++)
        for (uint32_t i = 1; i <= 5; i++) {
            const Pmo__V1__RiskMatrixCell *c = m->cells[(p - 1) * 5 + i - 1];
            assert_int_equal(c->probability, p);
            assert_int_equal(c->impact, i);
            assert_int_equal(c->count, want[p - 1][i - 1]);
        }
    assert_int_equal(m->open_risks, 5);
    assert_int_equal(m->n_top, 2);
    assert_int_equal(m->top[0]->id, r1->id);
    assert_int_equal(m->top[1]->id, r2->id);
    it_raid_free(m);

    in.top = 101;
    void *none;
    pmo_result res;
    it_assert_code(it_raid_call(w.view, "RiskMatrix", &in, &none, &res), &res,
                   PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "top");
    it_raid_free(r1);
    it_raid_free(r2);
}

/* ----------------------------------------------------- risks to issues */

static void test_occurring_risk_becomes_a_linked_issue(void **state)
{
    Pmo__V1__Risk r = risk_make("Payment vendor goes bust", 3, 4);
    r.owner = "con";
    r.description = "Single supplier.";
    r.contingency = "Switch to the backup acquirer.";
    char *items[] = {"RSK-2"};
    r.items = items;
    r.n_items = 1;
    Pmo__V1__Risk *made = create_ok(&r);

    Pmo__V1__OccurRiskResponse *out;
    pmo_result res;
    it_assert_code(occur(w.mgr, made->id, 1, "", &out, &res), &res, PMO_OK);
    assert_int_equal(out->risk->status, PMO__V1__RISK_STATUS__RISK_OCCURRED);
    assert_int_equal(out->risk->version, 2);
    assert_true(out->issue->id > 0);
    assert_int_equal(out->risk->issue_id, out->issue->id);
    assert_string_equal(out->issue->title, "Payment vendor goes bust");
    assert_string_equal(out->issue->description,
                        "Single supplier.\n\nContingency plan: Switch to the "
                        "backup acquirer.");
    /* Impact 4 makes a high-severity issue, owned by the risk's owner. */
    assert_int_equal(out->issue->severity, PMO__V1__ISSUE_SEVERITY__ISSUE_HIGH);
    assert_string_equal(out->issue->owner, "con");
    assert_int_equal(out->issue->status, PMO__V1__ISSUE_STATUS__ISSUE_OPEN);

    /* Both ways, as read back. */
    Pmo__V1__Risk *risk = get_ok(made->id);
    assert_int_equal(risk->issue_id, out->issue->id);
    Pmo__V1__Issue *issue = issue_get(out->issue->id);
    assert_int_equal(issue->n_risks, 1);
    assert_int_equal(issue->risks[0], made->id);
    assert_int_equal(issue->n_items, 1);
    assert_string_equal(issue->items[0], "RSK-2");

    /* The issue and the risk's last change were written by one transaction. */
    assert_int_equal(it_raid_sql_int("SELECT count(*) FROM risks r"
                                     " JOIN issues i ON i.id = r.issue_id"
                                     " WHERE r.id = %lld"
                                     " AND r.xmin::text = i.xmin::text",
                                     (long long)made->id),
                     1);

    /* It cannot occur twice. */
    Pmo__V1__OccurRiskResponse *again;
    it_assert_code(occur(w.mgr, made->id, 2, "", &again, &res), &res,
                   PMO_FAILED_PRECONDITION);
    it_assert_contains(res.message, "already");
    Pmo__V1__Risk *after = get_ok(made->id);
    assert_int_equal(after->version, 2);
    it_raid_free(after);
    it_raid_free(risk);
    it_raid_free(issue);
    it_raid_free(out);
    it_raid_free(made);
}

static void test_failed_occurrence_writes_nothing(void **state)
{
    Pmo__V1__Risk *made = add("Half written?", 2, 5);
    int64_t issues = it_raid_sql_int("SELECT count(*) FROM issues");
    /* The issue's owner is found missing only by the issue's insert, after
     * the risk has been changed: the whole call must roll back. */
    Pmo__V1__OccurRiskResponse *out;
    pmo_result res;
    it_assert_code(occur(w.mgr, made->id, 1, "ghost", &out, &res), &res,
                   PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "owner");
    Pmo__V1__Risk *got = get_ok(made->id);
    assert_int_equal(got->status, PMO__V1__RISK_STATUS__RISK_OPEN);
    assert_int_equal(got->version, 1);
    assert_int_equal(got->issue_id, 0);
    assert_int_equal(it_raid_sql_int("SELECT count(*) FROM issues"), issues);

    /* Stale and viewer attempts change nothing either. */
    it_assert_code(occur(w.mgr, made->id, 7, "", &out, &res), &res,
                   PMO_ABORTED);
    it_assert_code(occur(w.view, made->id, 1, "", &out, &res), &res,
                   PMO_PERMISSION_DENIED);
    assert_int_equal(it_raid_sql_int("SELECT count(*) FROM issues"), issues);
    it_raid_free(got);
    it_raid_free(made);
}

static void test_status_change_to_occurred_opens_one_issue(void **state)
{
    Pmo__V1__Risk *made = add("Data centre flood", 1, 5);
    Pmo__V1__Risk change = risk_make("", 0, 0);
    change.status = PMO__V1__RISK_STATUS__RISK_OCCURRED;
    static const char *const status[] = {"status", NULL};
    Pmo__V1__Risk *occurred =
        update_ok(w.mgr, made->id, 1, &change, status, "");
    assert_true(occurred->issue_id > 0);
    Pmo__V1__Issue *issue = issue_get(occurred->issue_id);
    assert_int_equal(issue->severity, PMO__V1__ISSUE_SEVERITY__ISSUE_CRITICAL);
    assert_int_equal(issue->n_risks, 1);
    assert_int_equal(issue->risks[0], made->id);

    /* Closed, then occurred again: still the one issue. */
    change.status = PMO__V1__RISK_STATUS__RISK_CLOSED;
    it_raid_free(update_ok(w.mgr, made->id, 2, &change, status, ""));
    change.status = PMO__V1__RISK_STATUS__RISK_OCCURRED;
    Pmo__V1__Risk *again = update_ok(w.mgr, made->id, 3, &change, status, "");
    assert_int_equal(again->issue_id, occurred->issue_id);
    assert_int_equal(it_raid_sql_int("SELECT count(*) FROM issues"
                                     " WHERE %lld = ANY(risk_ids)",
                                     (long long)made->id),
                     1);

    /* Deleting the issue leaves the risk, no longer naming it. */
    Pmo__V1__DeleteIssueRequest del = PMO__V1__DELETE_ISSUE_REQUEST__INIT;
    del.id = issue->id;
    del.expected_version = issue->version;
    it_raid_free(it_raid_ok(w.mgr, "DeleteIssue", &del));
    Pmo__V1__Risk *left = get_ok(made->id);
    assert_int_equal(left->issue_id, 0);
    it_raid_free(left);
    it_raid_free(again);
    it_raid_free(issue);
    it_raid_free(occurred);
    it_raid_free(made);
}

static void test_writes_are_audited(void **state)
{
    Pmo__V1__Risk *made = add("Audited", 2, 3);
    Pmo__V1__Risk change = risk_make("", 0, 0);
    change.category = PMO__V1__RISK_CATEGORY__RISK_VENDOR;
    static const char *const mask[] = {"category", NULL};
    it_raid_free(update_ok(w.mgr, made->id, 1, &change, mask, ""));
    char sql[256], out[256];
    snprintf(sql, sizeof(sql),
             "SELECT method || ' ' || coalesce(before->>'category', '-')"
             " || ' ' || (after->>'category') FROM audit_log"
             " WHERE entity = 'risk' AND entity_id = '%lld' ORDER BY id",
             (long long)made->id);
    it_sql(out, sizeof(out), sql);
    assert_string_equal(out, "pmo.v1.RiskService/CreateRisk - technical\n"
                             "pmo.v1.RiskService/UpdateRisk technical vendor");
    it_raid_free(made);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_fills_defaults_and_computes_exposure),
        cmocka_unit_test(test_bad_fields_are_named),
        cmocka_unit_test(test_only_managers_write_and_strangers_see_nothing),
        cmocka_unit_test(
            test_owners_see_the_program_and_may_update_their_risks),
        cmocka_unit_test(test_stale_versions_are_aborted),
        cmocka_unit_test(test_every_score_change_is_in_the_history),
        cmocka_unit_test(test_list_is_by_exposure_and_filters),
        cmocka_unit_test(test_matrix_counts_open_risks),
        cmocka_unit_test(test_occurring_risk_becomes_a_linked_issue),
        cmocka_unit_test(test_failed_occurrence_writes_nothing),
        cmocka_unit_test(test_status_change_to_occurred_opens_one_issue),
        cmocka_unit_test(test_writes_are_audited),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
