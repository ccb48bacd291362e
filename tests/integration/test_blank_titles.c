/*
 * tests/integration/test_blank_titles.c - a title or name of only spaces
 * is refused, with the field named, by every create that takes one, and
 * nothing is written. One table of cases; each request is built from the
 * method's input descriptor, so a case is a list of field paths and text.
 */
#include "it_work.h"
#include "pmo/v1/gate.pb-c.h"
#include "pmo/v1/lesson.pb-c.h"
#include "pmo/v1/program.pb-c.h"
#include "pmo/v1/project.pb-c.h"
#include "pmo/v1/radar.pb-c.h"
#include "pmo/v1/risk.pb-c.h"
#include "pmo/v1/schedule.pb-c.h"
#include "pmo/v1/stakeholder.pb-c.h"
#include "pmo/v1/team.pb-c.h"
#include "pmo/v1/template.pb-c.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KEY       "BLANK"
#define SPACES    "    "
#define MILESTONE "$milestone" /* stands for the fixture's milestone ref */
#define SETS_MAX  6

static it_work W;
static char milestone_ref[32];

/* One create: where, as whom, which fields hold what, the field named. */
typedef struct blank_case {
    const ProtobufCServiceDescriptor *svc;
    const char *method;
    bool as_admin;
    const char *sets[SETS_MAX][2]; /* {path, text}; path "a.b", "a[0].b" */
    const char *field;
} blank_case;

static const blank_case cases[] = {
    {&pmo__v1__work_service__descriptor, "CreateWorkItem", false,
     {{"item.program", KEY}, {"item.project", "web"}, {"item.title", SPACES}},
     "item.title"},
    /* No-break and ideographic spaces show as nothing too. */
    {&pmo__v1__work_service__descriptor, "CreateWorkItem", false,
     {{"item.program", KEY},
      {"item.project", "web"},
      {"item.title", "\u00a0\u3000\u2003 "}},
     "item.title"},
    {&pmo__v1__risk_service__descriptor, "CreateRisk", false,
     {{"risk.program", KEY},
      {"risk.title", SPACES},
      {"risk.probability", "3"},
      {"risk.impact", "3"}},
     "risk.title"},
    {&pmo__v1__risk_service__descriptor, "CreateIssue", false,
     {{"issue.program", KEY}, {"issue.title", SPACES}},
     "issue.title"},
    {&pmo__v1__risk_service__descriptor, "CreateAction", false,
     {{"action.program", KEY}, {"action.title", SPACES}},
     "action.title"},
    {&pmo__v1__risk_service__descriptor, "CreateDecision", false,
     {{"decision.program", KEY}, {"decision.question", SPACES}},
     "decision.question"},
    {&pmo__v1__risk_service__descriptor, "CreateAssumption", false,
     {{"assumption.program", KEY}, {"assumption.statement", SPACES}},
     "assumption.statement"},
    {&pmo__v1__meeting_service__descriptor, "CreateMeeting", false,
     {{"meeting.program", KEY},
      {"meeting.date", "2025-03-03"},
      {"meeting.title", SPACES}},
     "meeting.title"},
    {&pmo__v1__lesson_service__descriptor, "CreateLesson", false,
     {{"lesson.program", KEY}, {"lesson.title", SPACES}},
     "lesson.title"},
    {&pmo__v1__retro_service__descriptor, "CreateRetro", false,
     {{"retro.program", KEY},
      {"retro.date", "2025-03-03"},
      {"retro.title", SPACES}},
     "retro.title"},
    {&pmo__v1__gate_service__descriptor, "CreateGate", false,
     {{"gate.item", MILESTONE}, {"gate.name", SPACES}},
     "gate.name"},
    {&pmo__v1__gate_service__descriptor, "CreateGate", false,
     {{"gate.item", MILESTONE},
      {"gate.name", "Review"},
      {"gate.criteria[0].description", SPACES}},
     "gate.criteria[0].description"},
    {&pmo__v1__stakeholder_service__descriptor, "CreateStakeholder", false,
     {{"stakeholder.program", KEY}, {"stakeholder.name", SPACES}},
     "stakeholder.name"},
    {&pmo__v1__program_service__descriptor, "CreateProgram", false,
     {{"program.key", "BLANKER"}, {"program.name", SPACES}},
     "program.name"},
    {&pmo__v1__project_service__descriptor, "CreateProject", false,
     {{"project.program", KEY},
      {"project.key", "blank"},
      {"project.name", SPACES}},
     "project.name"},
    {&pmo__v1__team_service__descriptor, "CreateTeam", false,
     {{"team.key", "blank-team"}, {"team.name", SPACES}},
     "team.name"},
    {&pmo__v1__schedule_service__descriptor, "CreateBaseline", false,
     {{"program", KEY}, {"name", SPACES}},
     "name"},
    {&pmo__v1__radar_service__descriptor, "CreateRadarEntry", false,
     {{"entry.name", SPACES}},
     "entry.name"},
    {&pmo__v1__template_service__descriptor, "CreateTemplate", true,
     {{"template.name", SPACES}},
     "template.name"},
    /* Inside a template document: a phase, a task and a risk of spaces
     * would become plan items and risks that show as nothing. */
    {&pmo__v1__template_service__descriptor, "CreateTemplate", true,
     {{"template.name", "Blank phase"},
      {"template.program_kind", "1"},
      {"template.document", "{\"phases\": [{\"title\": \"\u00a0 \"}]}"}},
     "template.document.phases[0].title"},
    {&pmo__v1__template_service__descriptor, "CreateTemplate", true,
     {{"template.name", "Blank task"},
      {"template.program_kind", "1"},
      {"template.document",
       "{\"phases\": [{\"title\": \"Build\", \"checklist\":"
       " [{\"title\": \"   \", \"days\": 2}]}]}"}},
     "template.document.phases[0].checklist[0].title"},
    {&pmo__v1__template_service__descriptor, "CreateTemplate", true,
     {{"template.name", "Blank risk"},
      {"template.program_kind", "1"},
      {"template.document",
       "{\"phases\": [{\"title\": \"Build\"}],"
       " \"risks\": [{\"title\": \"\\t \"}]}"}},
     "template.document.risks[0].title"},
};

/* ------------------------------------------------- building a request */

/* What a request's building allocated, freed after its call. */
static void *made[32];
static size_t n_made;

static void *keep(size_t size)
{
    assert_true(n_made < sizeof(made) / sizeof(made[0]));
    void *p = calloc(1, size);
    assert_non_null(p);
    return made[n_made++] = p;
}

static void release(void)
{
    while (n_made > 0)
        free(made[--n_made]);
}

static ProtobufCMessage *message_new(const ProtobufCMessageDescriptor *d)
{
    ProtobufCMessage *m = keep(d->sizeof_message);
    d->message_init(m);
    return m;
}

/* The submessage field fd of m (the first, if repeated), made if absent. */
static ProtobufCMessage *message_child(ProtobufCMessage *m,
                                       const ProtobufCFieldDescriptor *fd)
{
    char *slot = (char *)m + fd->offset;
    ProtobufCMessage **child = (ProtobufCMessage **)slot;
    if (fd->label == PROTOBUF_C_LABEL_REPEATED) {
        size_t *n = (size_t *)((char *)m + fd->quantifier_offset);
        if (*n == 0) {
            *(ProtobufCMessage ***)slot = keep(sizeof(ProtobufCMessage *));
            *n = 1;
        }
        child = *(ProtobufCMessage ***)slot;
    }
    if (*child == NULL)
        *child = message_new(fd->descriptor);
    return *child;
}

static void message_scalar(ProtobufCMessage *m,
                           const ProtobufCFieldDescriptor *fd,
                           const char *text)
{
    char *slot = (char *)m + fd->offset;
    switch (fd->type) {
    case PROTOBUF_C_TYPE_STRING:
        *(const char **)slot = text;
        return;
    case PROTOBUF_C_TYPE_INT64:
        *(int64_t *)slot = strtoll(text, NULL, 10);
        break;
    case PROTOBUF_C_TYPE_UINT32:
        *(uint32_t *)slot = (uint32_t)strtoul(text, NULL, 10);
        break;
    case PROTOBUF_C_TYPE_INT32:
    case PROTOBUF_C_TYPE_ENUM:
        *(int32_t *)slot = (int32_t)strtol(text, NULL, 10);
        break;
    default:
        fail_msg("%s: a field type these cases do not set", fd->name);
    }
    if (fd->label == PROTOBUF_C_LABEL_OPTIONAL && fd->quantifier_offset)
        *(protobuf_c_boolean *)((char *)m + fd->quantifier_offset) = 1;
}

/* Sets path (names joined by '.', "[0]" after a repeated one) to text. */
static void message_set(ProtobufCMessage *m, const char *path,
                        const char *text)
{
    size_t len = strcspn(path, ".[");
    char name[64];
    assert_true(len < sizeof(name));
    memcpy(name, path, len);
    name[len] = '\0';
    const ProtobufCFieldDescriptor *fd =
        protobuf_c_message_descriptor_get_field_by_name(m->descriptor, name);
    if (fd == NULL)
        fail_msg("%s has no field %s", m->descriptor->name, name);
    const char *rest = path + len;
    if (*rest == '\0') {
        message_scalar(m, fd, text);
        return;
    }
    if (strncmp(rest, "[0]", 3) == 0)
        rest += 3;
    message_set(message_child(m, fd), rest + 1, text);
}

static const ProtobufCMessageDescriptor *
method_input(const ProtobufCServiceDescriptor *svc, const char *method)
{
    for (unsigned i = 0; i < svc->n_methods; i++)
        if (strcmp(svc->methods[i].name, method) == 0)
            return svc->methods[i].input;
    fail_msg("%s has no method %s", svc->name, method);
    return NULL;
}

/* ------------------------------------------------------------ fixture */

static int setup(void **state)
{
    it_work_setup(&W, KEY);
    Pmo__V1__WorkItem item = PMO__V1__WORK_ITEM__INIT;
    item.program = KEY;
    item.project = "web";
    item.title = "Launch";
    item.kind = PMO__V1__WORK_ITEM_KIND__KIND_MILESTONE;
    Pmo__V1__WorkItem *out;
    pmo_result res;
    it_assert_code(it_work_create(W.mgr, &item, &out, &res), &res, PMO_OK);
    snprintf(milestone_ref, sizeof(milestone_ref), "%s", out->ref);
    it_work_free(out);
    return 0;
}

static int teardown(void **state)
{
    it_work_teardown(&W);
    return 0;
}

/* Rows of everything these creates would write, audit rows too. */
static const char rows_written[] =
    "SELECT (SELECT count(*) FROM work_items) + (SELECT count(*) FROM risks)"
    " + (SELECT count(*) FROM issues) + (SELECT count(*) FROM action_items)"
    " + (SELECT count(*) FROM decisions) + (SELECT count(*) FROM assumptions)"
    " + (SELECT count(*) FROM meetings) + (SELECT count(*) FROM lessons)"
    " + (SELECT count(*) FROM retros) + (SELECT count(*) FROM gates)"
    " + (SELECT count(*) FROM stakeholders) + (SELECT count(*) FROM programs)"
    " + (SELECT count(*) FROM projects) + (SELECT count(*) FROM teams)"
    " + (SELECT count(*) FROM baselines)"
    " + (SELECT count(*) FROM radar_entries)"
    " + (SELECT count(*) FROM templates) + (SELECT count(*) FROM audit_log)";

static void test_a_title_of_spaces_is_refused_everywhere(void **state)
{
    int64_t before = it_work_sql_int("%s", rows_written);
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        const blank_case *c = &cases[k];
        ProtobufCMessage *in = message_new(method_input(c->svc, c->method));
        for (size_t s = 0; s < SETS_MAX && c->sets[s][0]; s++) {
            const char *text = c->sets[s][1];
            if (strcmp(text, MILESTONE) == 0)
                text = milestone_ref;
            message_set(in, c->sets[s][0], text);
        }
        pmo_result res;
        int code = it_call(c->as_admin ? W.admin : W.mgr, c->svc, c->method,
                           in, &res);
        release();
        if (code != PMO_INVALID_ARGUMENT)
            fail_msg("%s: expected INVALID_ARGUMENT, got %s (\"%s\")",
                     c->method, pmo_status_name(code), res.message);
        bool named = false;
        for (size_t v = 0; v < res.n_violations; v++)
            named |= strcmp(res.violations[v].field, c->field) == 0 &&
                     strstr(res.violations[v].description, "blank") != NULL;
        if (!named)
            fail_msg("%s: expected %s named as blank; got \"%s\"", c->method,
                     c->field, res.message);
    }
    assert_int_equal(it_work_sql_int("%s", rows_written), before);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_title_of_spaces_is_refused_everywhere),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
