/*
 * tests/integration/test_program_roles.c - every program-scoped method
 * against every role, built from the service descriptors.
 *
 * The methods come from Meta/ListMethods and their input types from the
 * generated descriptors, and each request is filled by reflection so that
 * it names the test program and real objects in it. A method added to one
 * of these services later is therefore tested without editing this file,
 * and one that forgets its access check fails here: a caller with no role
 * must be refused before anything is read or validated (NOT_FOUND or
 * PERMISSION_DENIED, never OK and never INVALID_ARGUMENT), and a viewer
 * may read but must be refused every write except commenting.
 */
#include "it_support.h"
#include "pmo/v1/comment.pb-c.h"
#include "pmo/v1/evm.pb-c.h"
#include "pmo/v1/finance.pb-c.h"
#include "pmo/v1/gate.pb-c.h"
#include "pmo/v1/interop.pb-c.h"
#include "pmo/v1/lesson.pb-c.h"
#include "pmo/v1/program.pb-c.h"
#include "pmo/v1/project.pb-c.h"
#include "pmo/v1/report.pb-c.h"
#include "pmo/v1/resource.pb-c.h"
#include "pmo/v1/risk.pb-c.h"
#include "pmo/v1/schedule.pb-c.h"
#include "pmo/v1/stakeholder.pb-c.h"
#include "pmo/v1/status.pb-c.h"
#include "pmo/v1/template.pb-c.h"
#include "pmo/v1/work.pb-c.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PR_KEY      "MX"
#define PR_PASSWORD "matrix-password-1"

/* The services whose every method acts inside one program. */
static const ProtobufCServiceDescriptor *const scoped[] = {
    &pmo__v1__program_service__descriptor,
    &pmo__v1__project_service__descriptor,
    &pmo__v1__work_service__descriptor,
    &pmo__v1__stakeholder_service__descriptor,
    &pmo__v1__comment_service__descriptor,
    &pmo__v1__schedule_service__descriptor,
    &pmo__v1__risk_service__descriptor,
    &pmo__v1__meeting_service__descriptor,
    &pmo__v1__gate_service__descriptor,
    &pmo__v1__retro_service__descriptor,
    &pmo__v1__lesson_service__descriptor,
    &pmo__v1__template_service__descriptor,
    &pmo__v1__finance_service__descriptor,
    &pmo__v1__report_service__descriptor,
    &pmo__v1__evm_service__descriptor,
    &pmo__v1__interop_service__descriptor,
    &pmo__v1__resource_service__descriptor,
    &pmo__v1__status_service__descriptor,
};
#define N_SCOPED (sizeof(scoped) / sizeof(scoped[0]))

/*
 * The services that act on no one program (their methods are tested by
 * the tests of each: test_roles, test_auth, test_cli_tokens, ...). Every
 * other method the server lists must be in a scoped service above, so a
 * service added later is either put in the matrix or said to be
 * organisation-wide here: it cannot go untested by omission.
 */
static const char *const unscoped_services[] = {
    "pmo.v1.Meta",
    "pmo.v1.Health",
    "pmo.v1.AuthService",
    "pmo.v1.AdminService",
    "pmo.v1.TeamService",
    "pmo.v1.RadarService",
    "pmo.v1.TokenService",
    /* Vendors are organisation-wide; its contract methods are program-
     * scoped and their roles are tested by test_cli_vendors.sh. */
    "pmo.v1.VendorService",
    /* Admins only: the whole database, no one program. */
    "pmo.v1.BackupService",
    /* Events span programs (the program is optional); who sees which
     * event, and that a program without a role is refused, is tested by
     * test_cli_events.sh and unit_event_subs. */
    "pmo.v1.EventService",
};

/*
 * Methods any logged-in user may call whatever their role: creating a
 * program, and listing programs, which shows only the caller's own.
 */
static const char *const open_to_all[] = {
    "pmo.v1.ProgramService/CreateProgram",
    "pmo.v1.ProgramService/ListPrograms",
    /* The lessons library and the templates are shared by everyone. */
    "pmo.v1.LessonService/GetLesson",
    "pmo.v1.LessonService/SearchLessons",
    "pmo.v1.TemplateService/GetTemplate",
    "pmo.v1.TemplateService/ListTemplates",
    /* The portfolio lists only the programs the caller holds a role in
     * (integration_status checks that). */
    "pmo.v1.StatusService/ListPortfolio",
};

/* Writes a viewer may make. */
static const char *const viewer_writes[] = {
    "pmo.v1.CommentService/AddComment",
};

/* Reads a viewer may not make: labour costs are made of people's rates. */
static const char *const manager_reads[] = {
    "pmo.v1.ResourceService/ListLabourCosts",
};

typedef struct fixture {
    pmo_client *stranger, *viewer;
    Pmo__V1__ListMethodsResponse *methods;
    char stakeholder_id[24], comment_id[24];
} fixture;

/* -------------------------------------------------------------- requests */

typedef struct filler {
    const char *service; /* short name: "WorkService" */
    const fixture *fx;
    void *allocs[64];
    int n_allocs;
} filler;

static const char *fill_string(const filler *f, const char *field)
{
    bool program_service = strcmp(f->service, "ProgramService") == 0;
    static const struct {
        const char *field, *value;
    } by_name[] = {
        {"program", PR_KEY},         {"ref", PR_KEY "-1"},
        {"item", PR_KEY "-1"},       {"predecessor", PR_KEY "-1"},
        {"successor", PR_KEY "-2"},  {"project", "web"},
        {"username", "viewer"},      {"team", "matrix-team"},
        {"entity", "work_item"},     {"entity_key", PR_KEY "-1"},
        {"title", "Matrix"},         {"name", "Matrix"},
        {"body", "Matrix"},          {"target", "web"},
        {"baseline", "matrix-base"}, {"template", "Security review"},
        {"approver", "viewer"},      {"question", "Matrix?"},
        {"statement", "Matrix"},     {"format", "html"},
    };
    if (strcmp(field, "key") == 0)
        return program_service ? PR_KEY : "web";
    for (size_t i = 0; i < sizeof(by_name) / sizeof(by_name[0]); i++)
        if (strcmp(by_name[i].field, field) == 0)
            return by_name[i].value;
    return NULL;
}

static int64_t fill_id(const filler *f)
{
    const char *id = strcmp(f->service, "CommentService") == 0
                         ? f->fx->comment_id
                         : f->fx->stakeholder_id;
    return strtoll(id, NULL, 10);
}

static ProtobufCMessage *
fill_message(filler *f, const ProtobufCMessageDescriptor *d, int depth)
{
    assert_true(f->n_allocs < 64);
    ProtobufCMessage *m = calloc(1, d->sizeof_message);
    f->allocs[f->n_allocs++] = m;
    d->message_init(m);
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *fd = &d->fields[i];
        void *at = (char *)m + fd->offset;
        if (fd->label == PROTOBUF_C_LABEL_REPEATED)
            continue;
        if (fd->type == PROTOBUF_C_TYPE_STRING) {
            const char *v = fill_string(f, fd->name);
            if (v)
                *(const char **)at = v;
        } else if (fd->type == PROTOBUF_C_TYPE_INT64 &&
                   strcmp(fd->name, "id") == 0 && depth == 0) {
            *(int64_t *)at = fill_id(f);
        } else if (fd->type == PROTOBUF_C_TYPE_MESSAGE &&
                   strcmp(fd->name, "create_program") == 0) {
            /* It makes ApplyTemplate a CreateProgram, which is open to
             * all; left out, the program named is what is checked. */
            continue;
        } else if (fd->type == PROTOBUF_C_TYPE_MESSAGE && depth < 2) {
            *(ProtobufCMessage **)at =
                fill_message(f, fd->descriptor, depth + 1);
        }
    }
    return m;
}

static const ProtobufCMethodDescriptor *find_method(const char *path,
                                                    const char **service)
{
    for (size_t s = 0; s < N_SCOPED; s++) {
        size_t len = strlen(scoped[s]->name);
        if (strncmp(path, scoped[s]->name, len) != 0 || path[len] != '/')
            continue;
        *service = scoped[s]->short_name;
        for (unsigned m = 0; m < scoped[s]->n_methods; m++)
            if (strcmp(scoped[s]->methods[m].name, path + len + 1) == 0)
                return &scoped[s]->methods[m];
    }
    return NULL;
}

/* Calls path as c with a request filled for it; returns the status. */
static int call_filled(const fixture *fx, pmo_client *c, const char *path,
                       pmo_result *res)
{
    const char *service = NULL;
    const ProtobufCMethodDescriptor *md = find_method(path, &service);
    if (md == NULL)
        fail_msg("%s is in ListMethods but not in its generated descriptor",
                 path);
    filler f = {.service = service, .fx = fx};
    ProtobufCMessage *in = fill_message(&f, md->input, 0);
    size_t len = protobuf_c_message_get_packed_size(in);
    uint8_t *buf = malloc(len ? len : 1);
    protobuf_c_message_pack(in, buf);
    void *out = NULL;
    size_t out_len = 0;
    int code = pmo_call_raw(c, path, buf, len, &out, &out_len, res);
    free(out);
    free(buf);
    for (int i = 0; i < f.n_allocs; i++)
        free(f.allocs[i]);
    return code;
}

/* --------------------------------------------------------------- fixture */

static bool is_scoped(const char *path)
{
    const char *service;
    return find_method(path, &service) != NULL ||
           (strncmp(path, "pmo.v1.", 7) == 0 &&
            (strstr(path, "ProgramService/") ||
             strstr(path, "ProjectService/") || strstr(path, "WorkService/") ||
             strstr(path, "StakeholderService/") ||
             strstr(path, "CommentService/") ||
             strstr(path, "ScheduleService/") || strstr(path, "RiskService/") ||
             strstr(path, "MeetingService/") || strstr(path, "GateService/") ||
             strstr(path, "RetroService/") || strstr(path, "LessonService/") ||
             strstr(path, "TemplateService/") ||
             strstr(path, "ReportService/") || strstr(path, "EvmService/") ||
             strstr(path, "InteropService/") ||
             strstr(path, "ResourceService/") ||
             strstr(path, "StatusService/")));
}

static bool listed(const char *const *list, size_t n, const char *path)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], path) == 0)
            return true;
    return false;
}

/*
 * One of each governance record in the program. The filler puts the
 * stakeholder's id in every "id" field; each of these is the first row of
 * its table, as the stakeholder is of its own, so they share that id.
 * Item 1 becomes a milestone, so it can carry a gate.
 */
static void governance_objects(const fixture *fx)
{
    static const char *const rows[] = {
        "UPDATE work_items SET kind = 3 WHERE number = 1 AND program_id ="
        " (SELECT id FROM programs WHERE key = '" PR_KEY "') RETURNING id",
        "INSERT INTO risks (program_id, title, probability, impact)"
        " SELECT id, 'Matrix', 3, 3 FROM programs WHERE key = '" PR_KEY "'"
        " RETURNING id",
        "INSERT INTO issues (program_id, title) SELECT id, 'Matrix'"
        " FROM programs WHERE key = '" PR_KEY "' RETURNING id",
        "INSERT INTO assumptions (program_id, statement) SELECT id, 'Matrix'"
        " FROM programs WHERE key = '" PR_KEY "' RETURNING id",
        "INSERT INTO decisions (program_id, question) SELECT id, 'Matrix?'"
        " FROM programs WHERE key = '" PR_KEY "' RETURNING id",
        "INSERT INTO action_items (program_id, title) SELECT id, 'Matrix'"
        " FROM programs WHERE key = '" PR_KEY "' RETURNING id",
        "INSERT INTO meetings (program_id, held_on, title) SELECT id,"
        " now(), 'Matrix' FROM programs WHERE key = '" PR_KEY "' RETURNING id",
        "INSERT INTO gates (program_id, milestone_id, name, kind)"
        " SELECT w.program_id, w.id, 'Matrix', 1 FROM work_items w"
        " JOIN programs p ON p.id = w.program_id"
        " WHERE p.key = '" PR_KEY "' AND w.number = 1 RETURNING id",
        "INSERT INTO gate_criteria (gate_id, position, description,"
        " approver_id) SELECT g.id, 1, 'Matrix', u.id FROM gates g, users u"
        " WHERE u.username = 'viewer' RETURNING id",
        "INSERT INTO retros (program_id, title, held_on, kind) SELECT id,"
        " 'Matrix', now(), 1 FROM programs WHERE key = '" PR_KEY "'"
        " RETURNING id",
        "INSERT INTO lessons (program_id, program_key, title) SELECT id, key,"
        " 'Matrix' FROM programs WHERE key = '" PR_KEY "' RETURNING id",
    };
    for (size_t i = 1; i < sizeof(rows) / sizeof(rows[0]); i++) {
        char id[24];
        it_sql(id, sizeof(id), rows[i]);
        if (strcmp(id, fx->stakeholder_id) != 0)
            fail_msg("row %zu got id %s, not the stakeholder's %s: %s", i, id,
                     fx->stakeholder_id, rows[i]);
    }
    it_sql(NULL, 0, rows[0]);
}

static void fixture_objects(fixture *fx)
{
    char sql[2048];
    snprintf(sql, sizeof(sql),
             "INSERT INTO programs (key, name) VALUES ('%s', 'Matrix');"
             "INSERT INTO teams (key, name) VALUES ('matrix-team', 'Team');"
             "INSERT INTO projects (program_id, key, name, team_id)"
             "  SELECT p.id, 'web', 'Web', t.id FROM programs p, teams t"
             "   WHERE p.key = '%s' AND t.key = 'matrix-team';"
             "INSERT INTO work_items (program_id, project_id, number, title)"
             "  SELECT program_id, id, n, 'Item ' || n FROM projects,"
             "         generate_series(1, 2) n WHERE key = 'web';"
             "UPDATE programs SET next_item_number = 3 WHERE key = '%s';"
             "INSERT INTO baselines (program_id, name, status_date,"
             "  finish_date, items) SELECT id, 'matrix-base', now(), now(), 0"
             "  FROM programs WHERE key = '%s';"
             "INSERT INTO budgets (program_id, project_id, reason)"
             "  SELECT program_id, id, 'matrix' FROM projects"
             "   WHERE key = 'web';"
             "INSERT INTO program_members (program_id, user_id, role)"
             "  SELECT p.id, u.id, 1 FROM programs p, users u"
             "   WHERE p.key = '%s' AND u.username = 'viewer'",
             PR_KEY, PR_KEY, PR_KEY, PR_KEY, PR_KEY);
    it_sql(NULL, 0, sql);
    it_sql(fx->stakeholder_id, sizeof(fx->stakeholder_id),
           "INSERT INTO stakeholders (program_id, name)"
           "  SELECT id, 'Sam' FROM programs WHERE key = '" PR_KEY "'"
           " RETURNING id");
    governance_objects(fx);
    it_sql(fx->comment_id, sizeof(fx->comment_id),
           "INSERT INTO comments (program_id, entity, entity_key, author_id,"
           " body) SELECT p.id, 'program', p.key, u.id, 'hello'"
           "  FROM programs p, users u"
           " WHERE p.key = '" PR_KEY "' AND u.username = 'admin'"
           " RETURNING id");
}

static int setup(void **state)
{
    static fixture fx;
    pmo_client *admin = it_connect_admin();
    it_create_user(admin, "stranger", PR_PASSWORD);
    it_create_user(admin, "viewer", PR_PASSWORD);
    Pmo__V1__ListMethodsRequest in = PMO__V1__LIST_METHODS_REQUEST__INIT;
    pmo_result res;
    if (pmo_call(admin, &pmo__v1__meta__descriptor, "ListMethods", &in.base,
                 (ProtobufCMessage **)&fx.methods, &res) != PMO_OK)
        fail_msg("ListMethods: %s", res.message);
    pmo_client_close(admin);
    fixture_objects(&fx);
    fx.stranger = it_connect_as("stranger", PR_PASSWORD, NULL);
    fx.viewer = it_connect_as("viewer", PR_PASSWORD, NULL);
    *state = &fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    pmo_client_close(fx->stranger);
    pmo_client_close(fx->viewer);
    protobuf_c_message_free_unpacked(&fx->methods->base, NULL);
    return 0;
}

/* ----------------------------------------------------------------- tests */

static void test_every_scoped_method_is_in_the_matrix(void **state)
{
    fixture *fx = *state;
    size_t seen = 0, expected = 0;
    for (size_t s = 0; s < N_SCOPED; s++)
        expected += scoped[s]->n_methods;
    for (size_t i = 0; i < fx->methods->n_methods; i++) {
        const char *path = fx->methods->methods[i]->path;
        if (!is_scoped(path))
            continue;
        const char *service;
        if (find_method(path, &service) == NULL)
            fail_msg("%s has no descriptor here", path);
        seen++;
    }
    assert_int_equal(seen, expected);
}

static void test_every_method_is_scoped_or_said_not_to_be(void **state)
{
    fixture *fx = *state;
    size_t n_unscoped =
        sizeof(unscoped_services) / sizeof(unscoped_services[0]);
    for (size_t i = 0; i < fx->methods->n_methods; i++) {
        const char *path = fx->methods->methods[i]->path;
        const char *service;
        if (find_method(path, &service) != NULL)
            continue;
        size_t len = strcspn(path, "/");
        bool said = false;
        for (size_t u = 0; u < n_unscoped && !said; u++)
            said = strlen(unscoped_services[u]) == len &&
                   strncmp(unscoped_services[u], path, len) == 0;
        if (!said)
            fail_msg("%s is in no program-scoped service of this matrix and "
                     "its service is not listed as organisation-wide",
                     path);
    }
}

static void test_strangers_are_refused_before_anything_is_read(void **state)
{
    fixture *fx = *state;
    size_t checked = 0;
    for (size_t i = 0; i < fx->methods->n_methods; i++) {
        const char *path = fx->methods->methods[i]->path;
        if (!is_scoped(path) ||
            listed(open_to_all, sizeof(open_to_all) / sizeof(open_to_all[0]),
                   path))
            continue;
        pmo_result res;
        int code = call_filled(fx, fx->stranger, path, &res);
        if (code != PMO_NOT_FOUND && code != PMO_PERMISSION_DENIED)
            fail_msg("%s as a user with no role: %s (%s); want NOT_FOUND or "
                     "PERMISSION_DENIED",
                     path, pmo_status_name(code), res.message);
        checked++;
    }
    assert_true(checked >= 30);
}

static void test_viewers_read_but_do_not_write(void **state)
{
    fixture *fx = *state;
    size_t reads = 0, writes = 0;
    for (size_t i = 0; i < fx->methods->n_methods; i++) {
        const Pmo__V1__MethodInfo *m = fx->methods->methods[i];
        if (!is_scoped(m->path) ||
            listed(open_to_all, sizeof(open_to_all) / sizeof(open_to_all[0]),
                   m->path))
            continue;
        pmo_result res;
        int code = call_filled(fx, fx->viewer, m->path, &res);
        bool may_write =
            listed(viewer_writes,
                   sizeof(viewer_writes) / sizeof(viewer_writes[0]), m->path);
        bool withheld =
            listed(manager_reads,
                   sizeof(manager_reads) / sizeof(manager_reads[0]), m->path);
        if ((m->mutates && !may_write) || withheld) {
            if (code != PMO_PERMISSION_DENIED)
                fail_msg("%s as a viewer: %s (%s); want PERMISSION_DENIED",
                         m->path, pmo_status_name(code), res.message);
            writes++;
        } else if (code == PMO_PERMISSION_DENIED || code == PMO_NOT_FOUND ||
                   code == PMO_UNAUTHENTICATED) {
            fail_msg("%s as a viewer was refused: %s (%s)", m->path,
                     pmo_status_name(code), res.message);
        } else {
            reads++;
        }
    }
    assert_true(reads >= 8);
    assert_true(writes >= 15);
}

static void test_strangers_list_no_foreign_program(void **state)
{
    fixture *fx = *state;
    Pmo__V1__ListProgramsRequest in = PMO__V1__LIST_PROGRAMS_REQUEST__INIT;
    Pmo__V1__ListProgramsResponse *out = NULL;
    pmo_result res;
    int code =
        pmo_call(fx->stranger, &pmo__v1__program_service__descriptor,
                 "ListPrograms", &in.base, (ProtobufCMessage **)&out, &res);
    it_assert_code(code, &res, PMO_OK);
    for (size_t i = 0; i < out->n_programs; i++)
        if (strcmp(out->programs[i]->key, PR_KEY) == 0)
            fail_msg("a user with no role sees program %s", PR_KEY);
    protobuf_c_message_free_unpacked(&out->base, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_scoped_method_is_in_the_matrix),
        cmocka_unit_test(test_every_method_is_scoped_or_said_not_to_be),
        cmocka_unit_test(test_strangers_are_refused_before_anything_is_read),
        cmocka_unit_test(test_viewers_read_but_do_not_write),
        cmocka_unit_test(test_strangers_list_no_foreign_program),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
