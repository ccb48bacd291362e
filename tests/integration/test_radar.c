/*
 * tests/integration/test_radar.c - RadarService, the record core's first
 * organisation-wide kind: every column checked by its descriptor, links
 * shown only to readers who can see what they point at, the owner rule,
 * versions, the ring history and the audit row each write carries.
 *
 * Program RDR (mgr manager, con contributor, view viewer; out has no
 * role) holds a risk and a decision; OTHER holds a risk nobody of RDR
 * can see.
 */
#include "it_work.h"
#include "pmo/v1/radar.pb-c.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RADAR (&pmo__v1__radar_service__descriptor)

static it_work W;
static int64_t rdr_risk, rdr_decision, other_risk;

static int setup(void **state)
{
    it_work_setup(&W, "RDR");
    rdr_risk = it_work_sql_int(
        "INSERT INTO risks (program_id, title, probability, impact)"
        " SELECT id, 'Vendor slips', 3, 3 FROM programs WHERE key = 'RDR'"
        " RETURNING id");
    rdr_decision = it_work_sql_int(
        "INSERT INTO decisions (program_id, question)"
        " SELECT id, 'Which runtime?' FROM programs WHERE key = 'RDR'"
        " RETURNING id");
    other_risk = it_work_sql_int(
        "INSERT INTO risks (program_id, title, probability, impact)"
        " SELECT id, 'Secret', 2, 2 FROM programs WHERE key = 'OTHER'"
        " RETURNING id");
    return 0;
}

static int teardown(void **state)
{
    it_work_teardown(&W);
    return 0;
}

static int radar_create(pmo_client *c, const Pmo__V1__RadarEntry *e,
                        Pmo__V1__RadarEntry **out, pmo_result *res)
{
    Pmo__V1__CreateRadarEntryRequest in =
        PMO__V1__CREATE_RADAR_ENTRY_REQUEST__INIT;
    in.entry = (Pmo__V1__RadarEntry *)e;
    *out = NULL;
    return pmo_call(c, RADAR, "CreateRadarEntry", &in.base,
                    (ProtobufCMessage **)out, res);
}

static Pmo__V1__RadarEntry *radar_get(pmo_client *c, int64_t id)
{
    Pmo__V1__GetRadarEntryRequest in = PMO__V1__GET_RADAR_ENTRY_REQUEST__INIT;
    in.id = id;
    Pmo__V1__RadarEntry *out = NULL;
    pmo_result res;
    it_assert_code(pmo_call(c, RADAR, "GetRadarEntry", &in.base,
                            (ProtobufCMessage **)&out, &res),
                   &res, PMO_OK);
    return out;
}

static int radar_update(pmo_client *c, int64_t id, int64_t version,
                        const Pmo__V1__RadarEntry *e, char **mask, size_t n,
                        Pmo__V1__RadarEntry **out, pmo_result *res)
{
    Pmo__V1__UpdateRadarEntryRequest in =
        PMO__V1__UPDATE_RADAR_ENTRY_REQUEST__INIT;
    in.id = id;
    in.expected_version = version;
    in.entry = (Pmo__V1__RadarEntry *)e;
    in.update_mask = mask;
    in.n_update_mask = n;
    *out = NULL;
    return pmo_call(c, RADAR, "UpdateRadarEntry", &in.base,
                    (ProtobufCMessage **)out, res);
}

/* An entry named name made by con, linked to RDR, its risk and decision. */
static Pmo__V1__RadarEntry *radar_linked(const char *name)
{
    char *programs[] = {"RDR"};
    int64_t risks[] = {rdr_risk}, decisions[] = {rdr_decision};
    Pmo__V1__RadarEntry e = PMO__V1__RADAR_ENTRY__INIT;
    e.name = (char *)name;
    e.quadrant = PMO__V1__RADAR_QUADRANT__RADAR_LANGUAGES;
    e.ring = PMO__V1__RADAR_RING__RADAR_TRIAL;
    e.rationale = "memory safety without a collector";
    e.programs = programs;
    e.n_programs = 1;
    e.risk_ids = risks;
    e.n_risk_ids = 1;
    e.decision_ids = decisions;
    e.n_decision_ids = 1;
    Pmo__V1__RadarEntry *out;
    pmo_result res;
    it_assert_code(radar_create(W.con, &e, &out, &res), &res, PMO_OK);
    return out;
}

static void test_create_defaults_owner_and_review_date(void **state)
{
    Pmo__V1__RadarEntry e = PMO__V1__RADAR_ENTRY__INIT;
    e.name = "Feature flags";
    Pmo__V1__RadarEntry *out;
    pmo_result res;
    it_assert_code(radar_create(W.view, &e, &out, &res), &res, PMO_OK);
    assert_string_equal(out->owner, "view");
    assert_int_equal(out->quadrant, PMO__V1__RADAR_QUADRANT__RADAR_TOOLS);
    assert_int_equal(out->ring, PMO__V1__RADAR_RING__RADAR_ASSESS);
    char today[16];
    it_sql(today, sizeof(today), "SELECT current_date");
    assert_string_equal(out->reviewed_on, today);
    assert_int_equal(out->version, 1);
    it_work_free(out);
}

static void test_bad_fields_are_named_and_nothing_written(void **state)
{
    int64_t before = it_work_sql_int("SELECT count(*) FROM radar_entries");
    static const struct {
        const char *field, *name, *date, *owner;
        int ring;
    } cases[] = {
        {"entry.name", "   ", "", "", 0},
        {"entry.name", "", "", "", 0},
        {"entry.ring", "Odd ring", "", "", 9},
        {"entry.reviewed_on", "Bad date", "2026-02-30", "", 0},
        {"entry.owner", "Ghost owner", "", "nobody-here", 0},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        Pmo__V1__RadarEntry e = PMO__V1__RADAR_ENTRY__INIT;
        e.name = (char *)cases[i].name;
        e.reviewed_on = (char *)cases[i].date;
        e.owner = (char *)cases[i].owner;
        e.ring = cases[i].ring;
        Pmo__V1__RadarEntry *out;
        pmo_result res;
        it_assert_code(radar_create(W.con, &e, &out, &res), &res,
                       PMO_INVALID_ARGUMENT);
        it_assert_violation(&res, cases[i].field);
    }
    assert_int_equal(it_work_sql_int("SELECT count(*) FROM radar_entries"),
                     before);
}

static void test_links_need_the_writer_to_see_them(void **state)
{
    char *programs[] = {"OTHER"};
    int64_t risks[] = {other_risk};
    Pmo__V1__RadarEntry e = PMO__V1__RADAR_ENTRY__INIT;
    e.name = "Hidden links";
    e.programs = programs;
    e.n_programs = 1;
    e.risk_ids = risks;
    e.n_risk_ids = 1;
    Pmo__V1__RadarEntry *out;
    pmo_result res;
    it_assert_code(radar_create(W.con, &e, &out, &res), &res,
                   PMO_INVALID_ARGUMENT);
    it_assert_violation(&res, "entry.programs[0]");
    it_assert_violation(&res, "entry.risk_ids[0]");
}

static void test_readers_see_only_links_they_may_see(void **state)
{
    Pmo__V1__RadarEntry *made = radar_linked("Rust");
    Pmo__V1__RadarEntry *seen = radar_get(W.view, made->id);
    assert_int_equal(seen->n_programs, 1);
    assert_string_equal(seen->programs[0], "RDR");
    assert_int_equal(seen->n_risk_ids, 1);
    assert_int_equal(seen->risk_ids[0], rdr_risk);
    it_work_free(seen);
    /* out holds no role in RDR: the entry, but none of its links. */
    seen = radar_get(W.out, made->id);
    assert_string_equal(seen->name, "Rust");
    assert_int_equal(seen->n_programs, 0);
    assert_int_equal(seen->n_risk_ids, 0);
    assert_int_equal(seen->n_decision_ids, 0);
    it_work_free(seen);
    it_work_free(made);
}

static void test_only_the_owner_or_an_admin_changes_it(void **state)
{
    Pmo__V1__RadarEntry *made = radar_linked("Zig");
    Pmo__V1__RadarEntry change = PMO__V1__RADAR_ENTRY__INIT;
    change.ring = PMO__V1__RADAR_RING__RADAR_HOLD;
    char *mask[] = {"ring"};
    Pmo__V1__RadarEntry *out;
    pmo_result res;
    it_assert_code(
        radar_update(W.mgr, made->id, made->version, &change, mask, 1, &out,
                     &res),
        &res, PMO_PERMISSION_DENIED);
    it_assert_contains(res.message, "owner");
    it_assert_code(
        radar_update(W.admin, made->id, made->version, &change, mask, 1, &out,
                     &res),
        &res, PMO_OK);
    assert_int_equal(out->ring, PMO__V1__RADAR_RING__RADAR_HOLD);
    assert_int_equal(out->version, made->version + 1);
    /* The rest is as it was: only masked fields change. */
    assert_string_equal(out->rationale, made->rationale);
    assert_int_equal(out->n_programs, 1);
    it_work_free(out);
    /* The version read before the admin's change is stale now. */
    it_assert_code(
        radar_update(W.con, made->id, made->version, &change, mask, 1, &out,
                     &res),
        &res, PMO_ABORTED);
    it_work_free(made);
}

static void test_moves_are_kept_with_their_rationale(void **state)
{
    Pmo__V1__RadarEntry *made = radar_linked("Kotlin");
    Pmo__V1__RadarEntry change = PMO__V1__RADAR_ENTRY__INIT;
    change.ring = PMO__V1__RADAR_RING__RADAR_ADOPT;
    change.rationale = "two teams shipped with it";
    change.name = "Kotlin renamed";
    char *mask[] = {"ring", "rationale"};
    Pmo__V1__RadarEntry *out;
    pmo_result res;
    it_assert_code(radar_update(W.con, made->id, made->version, &change, mask,
                                2, &out, &res),
                   &res, PMO_OK);
    assert_string_equal(out->name, "Kotlin");
    /* A change that leaves the ring alone adds no move. */
    char *rename[] = {"name"};
    Pmo__V1__RadarEntry *again;
    it_assert_code(radar_update(W.con, made->id, out->version, &change, rename,
                                1, &again, &res),
                   &res, PMO_OK);
    it_work_free(again);
    it_work_free(out);

    Pmo__V1__ListRadarEntryHistoryRequest in =
        PMO__V1__LIST_RADAR_ENTRY_HISTORY_REQUEST__INIT;
    in.id = made->id;
    Pmo__V1__ListRadarEntryHistoryResponse *h = NULL;
    it_assert_code(pmo_call(W.view, RADAR, "ListRadarEntryHistory", &in.base,
                            (ProtobufCMessage **)&h, &res),
                   &res, PMO_OK);
    assert_int_equal(h->n_changes, 2);
    assert_int_equal(h->changes[0]->old_ring, 0);
    assert_int_equal(h->changes[0]->new_ring, PMO__V1__RADAR_RING__RADAR_TRIAL);
    assert_int_equal(h->changes[1]->old_ring, PMO__V1__RADAR_RING__RADAR_TRIAL);
    assert_int_equal(h->changes[1]->new_ring, PMO__V1__RADAR_RING__RADAR_ADOPT);
    assert_string_equal(h->changes[1]->rationale, "two teams shipped with it");
    assert_string_equal(h->changes[1]->changed_by, "con");
    it_work_free(h);
    it_work_free(made);
}

static void test_each_write_has_its_audit_row(void **state)
{
    Pmo__V1__RadarEntry *made = radar_linked("Bazel");
    char json[512];
    it_sql(json, sizeof(json),
           "SELECT after->>'ring' || ' ' || (after->'programs')::text"
           "  FROM audit_log WHERE entity = 'radar_entry'"
           "   AND entity_id = (SELECT id::text FROM radar_entries"
           "                     WHERE name = 'Bazel')");
    assert_string_equal(json, "trial [\"RDR\"]");
    Pmo__V1__DeleteRadarEntryRequest del =
        PMO__V1__DELETE_RADAR_ENTRY_REQUEST__INIT;
    del.id = made->id;
    del.expected_version = made->version;
    pmo_result res;
    it_assert_code(it_call(W.view, RADAR, "DeleteRadarEntry", &del.base, &res),
                   &res, PMO_PERMISSION_DENIED);
    it_assert_code(it_call(W.con, RADAR, "DeleteRadarEntry", &del.base, &res),
                   &res, PMO_OK);
    assert_int_equal(
        it_work_sql_int("SELECT count(*) FROM audit_log"
                        " WHERE entity = 'radar_entry' AND after IS NULL"
                        "   AND before->>'name' = 'Bazel'"),
        1);
    it_work_free(made);
}

static void test_duplicate_names_are_refused(void **state)
{
    Pmo__V1__RadarEntry *made = radar_linked("Go");
    Pmo__V1__RadarEntry e = PMO__V1__RADAR_ENTRY__INIT;
    e.name = "GO";
    Pmo__V1__RadarEntry *out;
    pmo_result res;
    it_assert_code(radar_create(W.mgr, &e, &out, &res), &res,
                   PMO_ALREADY_EXISTS);
    it_assert_contains(res.message, "'GO' already exists");
    it_work_free(made);
}

static void test_list_filters_by_ring_and_program(void **state)
{
    Pmo__V1__RadarEntry *made = radar_linked("Wasm");
    Pmo__V1__ListRadarEntriesRequest in =
        PMO__V1__LIST_RADAR_ENTRIES_REQUEST__INIT;
    in.program = "RDR";
    in.ring = PMO__V1__RADAR_RING__RADAR_TRIAL;
    Pmo__V1__ListRadarEntriesResponse *out = NULL;
    pmo_result res;
    it_assert_code(pmo_call(W.view, RADAR, "ListRadarEntries", &in.base,
                            (ProtobufCMessage **)&out, &res),
                   &res, PMO_OK);
    int64_t expected = it_work_sql_int(
        "SELECT count(*) FROM radar_entries r, programs p"
        " WHERE p.key = 'RDR' AND p.id = ANY(r.program_ids) AND r.ring = 2");
    assert_true(expected >= 1);
    assert_int_equal((int64_t)out->n_entries, expected);
    for (size_t i = 0; i < out->n_entries; i++)
        assert_int_equal(out->entries[i]->ring,
                         PMO__V1__RADAR_RING__RADAR_TRIAL);
    it_work_free(out);
    /* A program the caller cannot see is not found, as everywhere. */
    it_assert_code(pmo_call(W.out, RADAR, "ListRadarEntries", &in.base,
                            (ProtobufCMessage **)&out, &res),
                   &res, PMO_NOT_FOUND);
    it_work_free(made);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_defaults_owner_and_review_date),
        cmocka_unit_test(test_bad_fields_are_named_and_nothing_written),
        cmocka_unit_test(test_links_need_the_writer_to_see_them),
        cmocka_unit_test(test_readers_see_only_links_they_may_see),
        cmocka_unit_test(test_only_the_owner_or_an_admin_changes_it),
        cmocka_unit_test(test_moves_are_kept_with_their_rationale),
        cmocka_unit_test(test_each_write_has_its_audit_row),
        cmocka_unit_test(test_duplicate_names_are_refused),
        cmocka_unit_test(test_list_filters_by_ring_and_program),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
