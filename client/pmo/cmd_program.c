/*
 * client/pmo/cmd_program.c - pmo program: create, list, show, set, delete,
 * members and grant.
 */
#include "assign.h"
#include "cli.h"
#include "entity.h"
#include "parse.h"
#include "pmo/v1/program.pb-c.h"
#include "pmo/v1/project.pb-c.h"
#include "pmo/v1/risk.pb-c.h"
#include "pmo/v1/template.pb-c.h"
#include "rpc.h"
#include "show.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define PROGRAM_SVC (&pmo__v1__program_service__descriptor)
#define TEMPLATE_SVC (&pmo__v1__template_service__descriptor)

/* The project a template's items go in when --project is not given. */
#define PROGRAM_TEMPLATE_PROJECT "plan"

static const char *const program_settable[] = {
    "name",          "description", "sponsor",      "target_start",
    "target_finish", "status",      "rag",          "goals",
    "scope_in",      "scope_out",   "deliverables", "critical_float_days",
    "currency",      NULL,
};

static const cli_assign_alias program_aliases[] = {
    {"start", "target_start"},
    {"finish", "target_finish"},
    {"in", "scope_in"},
    {"out", "scope_out"},
    {"deliverable", "deliverables"},
    {"goal", "goals"},
    {"critical_float", "critical_float_days"},
    {NULL, NULL},
};

/* "description|metric|target": the last two may be left out. */
static Pmo__V1__Goal *program_goal_parse(arena *mem, const char *text,
                                         char *err, size_t errlen)
{
    Pmo__V1__Goal *g = arena_zalloc(mem, sizeof(*g));
    pmo__v1__goal__init(g);
    char **parts[] = {&g->description, &g->metric, &g->target};
    const char *p = text;
    for (size_t i = 0; i < 3; i++) {
        size_t len = strcspn(p, "|");
        *parts[i] = arena_strndup(mem, p, len);
        p += len;
        if (*p == '\0')
            break;
        p++;
    }
    if (*p != '\0' || g->description[0] == '\0') {
        snprintf(err, errlen,
                 "not a goal (\"description|metric|target\"): '%s'", text);
        return NULL;
    }
    return g;
}

/* goal= adds one goal to the list it replaces. */
static int program_assign_hook(cli_assign *a, const char *name,
                               const char *value)
{
    if (strcmp(name, "goals") != 0)
        return 0;
    Pmo__V1__Program *p = (Pmo__V1__Program *)a->msg;
    if (cli_assign_mask_add(a, "goals"))
        p->n_goals = 0;
    if (value[0] == '\0')
        return 1;
    char why[200];
    Pmo__V1__Goal *g = program_goal_parse(a->mem, value, why, sizeof(why));
    if (g == NULL) {
        snprintf(a->err, sizeof(a->err), "goal: %s", why);
        return -1;
    }
    cli_assign_append(a, "goals", g);
    return 1;
}

static const char *const program_lists[] = {
    "goals", "scope_in", "scope_out", "deliverables", NULL,
};

static const cli_assign_spec program_assign_spec = {
    .desc = &pmo__v1__program__descriptor,
    .fields = program_settable,
    .aliases = program_aliases,
    .noted_lists = program_lists,
    .hook = program_assign_hook,
};

static void program_record_print(const Pmo__V1__Program *p)
{
    cli_table t;
    cli_record_init(&t);
    cli_record_add(&t, "key", p->key);
    cli_record_add(&t, "name", p->name);
    cli_record_add_enum(&t, "status", &pmo__v1__program_status__descriptor,
                        p->status, CLI_COLOR_NONE);
    cli_record_add_enum(&t, "rag", &pmo__v1__rag__descriptor, p->rag,
                        cli_rag_color(p->rag));
    cli_record_add_opt(&t, "sponsor", p->sponsor);
    cli_record_add(&t, "currency", p->currency);
    cli_record_add_opt(&t, "target start", p->target_start);
    cli_record_add_opt(&t, "target finish", p->target_finish);
    char fl[32];
    cli_record_add(&t, "critical when float <=",
                   cli_number_format(p->critical_float_days, fl, sizeof(fl)));
    cli_record_add_enum(&t, "your role", &pmo__v1__program_role__descriptor,
                        p->my_role, CLI_COLOR_NONE);
    cli_record_add_int(&t, "version", p->version);
    cli_record_add_time(&t, "created", p->created_at_ms);
    cli_record_add_time(&t, "updated", p->updated_at_ms);
    cli_record_print(&t);
}

static void program_goals_print(const Pmo__V1__Program *p)
{
    cli_section_print("Goals");
    if (p->n_goals == 0) {
        printf("  (none)\n");
        return;
    }
    cli_table t;
    cli_table_init(&t, 3, (const char *[]){"GOAL", "METRIC", "TARGET"});
    cli_table_shrinkable(&t, 0);
    cli_table_shrinkable(&t, 1);
    for (size_t i = 0; i < p->n_goals; i++)
        cli_table_add(&t, (const char *[]){p->goals[i]->description,
                                           p->goals[i]->metric,
                                           p->goals[i]->target});
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
}

static void program_members_table(Pmo__V1__ProgramMember **m, size_t n)
{
    if (n == 0) {
        printf("No members.\n");
        return;
    }
    cli_table t;
    cli_table_init(&t, 3, (const char *[]){"USER", "NAME", "ROLE"});
    cli_table_shrinkable(&t, 1);
    for (size_t i = 0; i < n; i++) {
        char role[32];
        cli_table_add(&t, (const char *[]){
                              m[i]->username, m[i]->display_name,
                              cli_enum_label(&pmo__v1__program_role__descriptor,
                                             m[i]->role, role, sizeof(role))});
    }
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
}

static void program_full_print(const Pmo__V1__Program *p,
                               const Pmo__V1__ListMembersResponse *members)
{
    program_record_print(p);
    if (p->description[0]) {
        cli_section_print("Description");
        cli_text_print("  ", p->description);
    }
    program_goals_print(p);
    cli_section_print("In scope");
    cli_bullets_print(p->scope_in, p->n_scope_in);
    cli_section_print("Out of scope");
    cli_bullets_print(p->scope_out, p->n_scope_out);
    cli_section_print("Deliverables");
    cli_bullets_print(p->deliverables, p->n_deliverables);
    if (members) {
        cli_section_print("Members");
        program_members_table(members->members, members->n_members);
    }
}

static int program_get(cli_rpc *r, char *key, Pmo__V1__Program **out)
{
    Pmo__V1__GetProgramRequest in = PMO__V1__GET_PROGRAM_REQUEST__INIT;
    in.key = cli_key_upper(key);
    return cli_rpc_call(r, PROGRAM_SVC, "GetProgram", &in.base,
                        (ProtobufCMessage **)out);
}

/* Options of create that may repeat, each adding one list element. */
static int program_lists_take(cli_ctx *ctx, cli_assign *a)
{
    static const char *const opts[][2] = {
        {"--goal", "goals"},
        {"--in", "scope_in"},
        {"--out", "scope_out"},
        {"--deliverable", "deliverables"},
    };
    for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
        const char *v;
        while ((v = cli_take_repeated(ctx, opts[i][0])) != NULL) {
            char word[1024];
            snprintf(word, sizeof(word), "%s=%s", opts[i][1], v);
            char *words[] = {word};
            if (cli_assign_words(a, 1, words) != 0)
                return cli_usage_fail(ctx, "%s", a->err);
        }
    }
    return 0;
}

static int program_dates_take(cli_ctx *ctx, Pmo__V1__Program *p, char *start,
                              char *finish)
{
    const char *s = cli_take_option(ctx, "--start");
    const char *f = cli_take_option(ctx, "--finish");
    char why[200];
    if (s && cli_parse_date(s, false, start, why, sizeof(why)) != 0)
        return cli_usage_fail(ctx, "--start: %s", why);
    if (f && cli_parse_date(f, false, finish, why, sizeof(why)) != 0)
        return cli_usage_fail(ctx, "--finish: %s", why);
    if (s)
        p->target_start = start;
    if (f)
        p->target_finish = finish;
    return 0;
}

/* ------------------------------------------------ create --template */

/* The program template create --template names, copied out of its listing. */
typedef struct program_template {
    char *name;
    char **roles; /* its approver roles, sorted */
    size_t n_roles;
    Pmo__V1__TemplateExemption **exempt;
    size_t n_exempt;
} program_template;

/*
 * 2 if text names t (its name in any case, or its kind), 1 if it is the
 * start of its name, else 0.
 */
static int program_template_named(const Pmo__V1__Template *t, const char *text,
                                  int kind)
{
    if (strcasecmp(t->name, text) == 0 || (int)t->program_kind == kind)
        return 2;
    return text[0] && strncasecmp(t->name, text, strlen(text)) == 0;
}

static void program_template_copy(arena *mem, const Pmo__V1__Template *t,
                                  program_template *out)
{
    out->name = arena_strdup(mem, t->name);
    out->n_roles = t->n_approver_roles;
    out->roles = arena_alloc(mem, (out->n_roles + 1) * sizeof(*out->roles));
    for (size_t i = 0; i < out->n_roles; i++)
        out->roles[i] = arena_strdup(mem, t->approver_roles[i]);
    out->n_exempt = t->n_exempt_checks;
    out->exempt = arena_alloc(mem, (out->n_exempt + 1) * sizeof(*out->exempt));
    for (size_t i = 0; i < out->n_exempt; i++) {
        Pmo__V1__TemplateExemption *x = arena_alloc(mem, sizeof(*x));
        pmo__v1__template_exemption__init(x);
        x->check = arena_strdup(mem, t->exempt_checks[i]->check);
        x->reason = arena_strdup(mem, t->exempt_checks[i]->reason);
        out->exempt[i] = x;
    }
}

/*
 * The program template text names: its name in any case or its start
 * ("enterprise"), or the label of its program kind ("ai-ml"). -1 after
 * reporting why.
 */
static int program_template_find(cli_rpc *r, const char *text,
                                 program_template *out)
{
    Pmo__V1__ListTemplatesRequest in = PMO__V1__LIST_TEMPLATES_REQUEST__INIT;
    in.kind = PMO__V1__TEMPLATE_KIND__TEMPLATE_PROGRAM;
    cli_list l;
    int rc = cli_rpc_list_all(r, TEMPLATE_SVC, "ListTemplates", &in.base,
                              "templates", &l);
    if (rc)
        return rc;
    int kind = 0;
    char why[300], *names = "";
    if (cli_parse_enum(&pmo__v1__program_kind__descriptor, text, &kind, why,
                       sizeof(why)) != 0)
        kind = -1;
    /* A whole name or kind wins; else a start of a name that fits one only. */
    const Pmo__V1__Template *named = NULL, *started = NULL;
    size_t n_started = 0;
    for (size_t i = 0; i < l.n_items; i++) {
        const Pmo__V1__Template *t = l.items[i];
        int how = program_template_named(t, text, kind);
        if (how == 2 && named == NULL)
            named = t;
        if (how == 1 && n_started++ == 0)
            started = t;
        names = arena_printf(&r->mem, "%s%s%s", names, i ? ", " : "", t->name);
    }
    if (named == NULL && n_started == 1)
        named = started;
    if (named)
        program_template_copy(&r->mem, named, out);
    cli_list_fini(&l);
    if (named)
        return 0;
    fprintf(stderr,
            "%s: --template: no program template \"%s\" (one "
            "of: %s)\n",
            r->prog, text, names);
    return 2;
}

/*
 * The --approver options as the template's roles: ROLE=USER names one
 * role, a bare USER every role not named otherwise. Every role must be
 * named, and only the template's: else the usage error says which.
 */
static int program_template_approvers(cli_ctx *ctx, arena *mem,
                                      const program_template *t, char **given,
                                      size_t n_given,
                                      Pmo__V1__ApplyTemplateRequest *in)
{
    in->approvers = arena_alloc(mem, (t->n_roles + 1) * sizeof(*in->approvers));
    const char *everyone = NULL;
    for (size_t i = 0; i < n_given; i++) {
        char *eq = strchr(given[i], '=');
        if (eq == NULL) {
            everyone = given[i];
            continue;
        }
        *eq = '\0';
        bool known = false;
        for (size_t k = 0; k < t->n_roles && !known; k++)
            known = strcmp(t->roles[k], given[i]) == 0;
        if (!known)
            return cli_usage_fail(
                ctx,
                "--approver %s: the template %s has no role %s (its "
                "roles: %s)",
                given[i], t->name, given[i],
                cli_entity_join(mem, t->roles, t->n_roles));
        Pmo__V1__RoleApprover *a = arena_alloc(mem, sizeof(*a));
        pmo__v1__role_approver__init(a);
        a->role = given[i];
        a->username = eq + 1;
        in->approvers[in->n_approvers++] = a;
    }
    char *missing = "";
    for (size_t k = 0; k < t->n_roles; k++) {
        bool named = false;
        for (size_t i = 0; i < in->n_approvers && !named; i++)
            named = strcmp(in->approvers[i]->role, t->roles[k]) == 0;
        if (named)
            continue;
        if (everyone == NULL) {
            missing = arena_printf(mem, "%s%s%s", missing,
                                   missing[0] ? ", " : "", t->roles[k]);
            continue;
        }
        Pmo__V1__RoleApprover *a = arena_alloc(mem, sizeof(*a));
        pmo__v1__role_approver__init(a);
        a->role = t->roles[k];
        a->username = (char *)everyone;
        in->approvers[in->n_approvers++] = a;
    }
    if (missing[0])
        return cli_usage_fail(
            ctx,
            "--template %s: name who signs its gates as %s "
            "(--approver ROLE=USER, or --approver USER for every role)",
            t->name, missing);
    return 0;
}

/*
 * Creates the program p from a template in one call, all or nothing: the
 * program, a project for its items, the phases, tasks, milestones and
 * gates, and its risks. With --json, prints {"program": Program,
 * "template": ApplyTemplateResponse}.
 */
/* The checks the template expects to fail, and why, after what it made. */
static void program_template_exempt_print(const program_template *t)
{
    for (size_t i = 0; i < t->n_exempt; i++)
        printf("Expected to fail schedule check %s: %s\n", t->exempt[i]->check,
               t->exempt[i]->reason);
}

static int program_template_create(cli_rpc *r, Pmo__V1__Program *p,
                                   const program_template *t,
                                   Pmo__V1__ApplyTemplateRequest *in,
                                   const char *project)
{
    in->template_ = t->name;
    in->project = arena_strdup(&r->mem, project);
    in->create_program = p;
    Pmo__V1__ApplyTemplateResponse *a = NULL;
    int rc = cli_rpc_call(r, TEMPLATE_SVC, "ApplyTemplate", &in->base,
                          (ProtobufCMessage **)&a);
    if (rc)
        return rc;
    if (r->ctx->json) {
        cli_json j;
        cli_json_open(&j);
        fputc('{', j.f);
        cli_json_message(&j, "program", &a->program->base);
        fputc(',', j.f);
        cli_json_message(&j, "template", &a->base);
        fputc('}', j.f);
        cli_json_close(&j);
    } else {
        printf("Created program %s: %s\n", a->program->key, a->program->name);
        printf("From template %s, in project %s: %zu phases, %zu tasks, %zu "
               "milestones, %u gates (%u criteria), %zu risks.\n",
               t->name, in->project, a->n_phases, a->n_tasks,
               a->n_milestones, a->gates, a->criteria, a->n_risks);
        program_template_exempt_print(t);
    }
    protobuf_c_message_free_unpacked(&a->base, NULL);
    return 0;
}

static int program_create_run(cli_ctx *ctx, cli_rpc *r)
{
    Pmo__V1__Program p = PMO__V1__PROGRAM__INIT;
    cli_assign lists;
    cli_assign_init(&lists, &program_assign_spec, &p.base, &r->mem);
    char start[CLI_DATE_LEN], finish[CLI_DATE_LEN], *key;
    const char *name = cli_take_option(ctx, "--name");
    const char *desc = cli_take_option(ctx, "--description");
    const char *sponsor = cli_take_option(ctx, "--sponsor");
    const char *currency = cli_take_option(ctx, "--currency");
    const char *tmpl = cli_take_option(ctx, "--template");
    const char *project = cli_take_option(ctx, "--project");
    char **approvers =
        arena_alloc(&r->mem, ((size_t)ctx->argc + 1) * sizeof(*approvers));
    size_t n_approvers = 0;
    const char *v;
    while ((v = cli_take_repeated(ctx, "--approver")) != NULL)
        approvers[n_approvers++] = arena_strdup(&r->mem, v);
    int rc = program_dates_take(ctx, &p, start, finish);
    if (rc || (rc = program_lists_take(ctx, &lists)))
        return rc;
    if (cli_take_args(ctx, 1, 1, &key) < 0)
        return 2;
    if (name == NULL)
        return cli_usage_fail(ctx, "--name is required");
    if ((project || n_approvers) && tmpl == NULL)
        return cli_usage_fail(ctx, "--project and --approver go with "
                                   "--template");
    /* The template and its approvers first, so nothing is made in vain. */
    program_template t = {0};
    Pmo__V1__ApplyTemplateRequest apply = PMO__V1__APPLY_TEMPLATE_REQUEST__INIT;
    if (tmpl && ((rc = program_template_find(r, tmpl, &t)) != 0 ||
                 (rc = program_template_approvers(ctx, &r->mem, &t, approvers,
                                                  n_approvers, &apply)) != 0))
        return rc;
    p.key = cli_key_upper(key);
    p.name = (char *)name;
    p.description = (char *)(desc ? desc : "");
    p.sponsor = (char *)(sponsor ? sponsor : "");
    p.currency = currency ? cli_key_upper(arena_strdup(&r->mem, currency)) : "";
    if (tmpl)
        return program_template_create(
            r, &p, &t, &apply, project ? project : PROGRAM_TEMPLATE_PROJECT);
    Pmo__V1__CreateProgramRequest in = PMO__V1__CREATE_PROGRAM_REQUEST__INIT;
    in.program = &p;
    Pmo__V1__Program *out = NULL;
    rc = cli_rpc_call(r, PROGRAM_SVC, "CreateProgram", &in.base,
                      (ProtobufCMessage **)&out);
    if (rc)
        return rc;
    if (r->ctx->json)
        cli_print_json(&out->base);
    else
        printf("Created program %s: %s\n", out->key, out->name);
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return rc;
}

static int program_list_run(cli_ctx *ctx, cli_rpc *r)
{
    Pmo__V1__ListProgramsRequest in = PMO__V1__LIST_PROGRAMS_REQUEST__INIT;
    const char *status = cli_take_option(ctx, "--status");
    char why[300];
    int value = 0;
    if (status && cli_parse_enum(&pmo__v1__program_status__descriptor, status,
                                 &value, why, sizeof(why)) != 0)
        return cli_usage_fail(ctx, "--status: %s", why);
    in.status = value;
    if (cli_take_args(ctx, 0, 0, NULL) < 0)
        return 2;
    cli_list l;
    int rc = cli_rpc_list_all(r, PROGRAM_SVC, "ListPrograms", &in.base,
                              "programs", &l);
    if (rc)
        return rc;
    if (ctx->json) {
        cli_list_json(&l);
    } else if (l.n_items == 0) {
        printf("No programs.\n");
    } else {
        cli_table t;
        cli_table_init(&t, 7,
                       (const char *[]){"KEY", "NAME", "STATUS", "RAG", "START",
                                        "FINISH", "ROLE"});
        cli_table_shrinkable(&t, 1);
        for (size_t i = 0; i < l.n_items; i++) {
            const Pmo__V1__Program *p = l.items[i];
            char st[32], rag[32], role[32];
            size_t row = cli_table_add(
                &t,
                (const char *[]){
                    p->key, p->name,
                    cli_enum_label(&pmo__v1__program_status__descriptor,
                                   p->status, st, sizeof(st)),
                    cli_enum_label(&pmo__v1__rag__descriptor, p->rag, rag,
                                   sizeof(rag)),
                    cli_or_dash(p->target_start), cli_or_dash(p->target_finish),
                    cli_enum_label(&pmo__v1__program_role__descriptor,
                                   p->my_role, role, sizeof(role))});
            cli_table_color(&t, row, 3, cli_rag_color(p->rag));
        }
        cli_table_print(&t, stdout);
        cli_table_fini(&t);
    }
    cli_list_fini(&l);
    return 0;
}

static int program_show_run(cli_ctx *ctx, cli_rpc *r)
{
    char *key;
    if (cli_take_args(ctx, 1, 1, &key) < 0)
        return 2;
    Pmo__V1__Program *p = NULL;
    int rc = program_get(r, key, &p);
    if (rc)
        return rc;
    if (ctx->json) {
        cli_print_json(&p->base);
        protobuf_c_message_free_unpacked(&p->base, NULL);
        return 0;
    }
    Pmo__V1__ListMembersRequest in = PMO__V1__LIST_MEMBERS_REQUEST__INIT;
    in.program = p->key;
    Pmo__V1__ListMembersResponse *members = NULL;
    pmo_result res;
    /* The program is worth showing even if its members cannot be read. */
    if (cli_rpc_try(r, PROGRAM_SVC, "ListMembers", &in.base,
                    (ProtobufCMessage **)&members, &res) != 0)
        members = NULL;
    program_full_print(p, members);
    if (members)
        protobuf_c_message_free_unpacked(&members->base, NULL);
    else
        printf("\nMembers: not shown: %s\n", res.message);
    cli_radar_section(r, p->key);
    protobuf_c_message_free_unpacked(&p->base, NULL);
    return 0;
}

/* Reads the program for its version, then writes the change against it. */
static int program_set_run(cli_ctx *ctx, cli_rpc *r)
{
    char **args =
        arena_alloc(&r->mem, (size_t)(ctx->argc + 1) * sizeof(char *));
    int n = cli_take_args(ctx, 2, -1, args);
    if (n < 0)
        return 2;
    Pmo__V1__Program change = PMO__V1__PROGRAM__INIT;
    cli_assign a;
    cli_assign_init(&a, &program_assign_spec, &change.base, &r->mem);
    if (cli_assign_words(&a, n - 1, args + 1) != 0)
        return cli_usage_fail(ctx, "%s", a.err);
    Pmo__V1__Program *cur = NULL;
    int rc = program_get(r, args[0], &cur);
    if (rc)
        return rc;
    Pmo__V1__UpdateProgramRequest in = PMO__V1__UPDATE_PROGRAM_REQUEST__INIT;
    in.key = args[0];
    in.program = &change;
    in.update_mask = a.mask;
    in.n_update_mask = a.n_mask;
    in.expected_version = cur->version;
    r->subject = arena_printf(&r->mem, "program %s", args[0]);
    rc = cli_assign_merge_args(ctx, &a, &cur->base);
    protobuf_c_message_free_unpacked(&cur->base, NULL);
    Pmo__V1__Program *out = NULL;
    if (rc || (rc = cli_rpc_call(r, PROGRAM_SVC, "UpdateProgram", &in.base,
                                 (ProtobufCMessage **)&out)) != 0)
        return rc;
    cli_assign_note_print(&a, r->prog);
    if (ctx->json)
        cli_print_json(&out->base);
    else
        program_record_print(out);
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

static int program_delete_run(cli_ctx *ctx, cli_rpc *r)
{
    bool cascade = cli_take_switch(ctx, "--cascade");
    char *key;
    if (cli_take_args(ctx, 1, 1, &key) < 0)
        return 2;
    Pmo__V1__Program *cur = NULL;
    int rc = program_get(r, key, &cur);
    if (rc)
        return rc;
    Pmo__V1__DeleteProgramRequest in = PMO__V1__DELETE_PROGRAM_REQUEST__INIT;
    in.key = key;
    in.expected_version = cur->version;
    in.cascade = cascade;
    r->subject = arena_printf(&r->mem, "program %s", key);
    protobuf_c_message_free_unpacked(&cur->base, NULL);
    ProtobufCMessage *out = NULL;
    rc = cli_rpc_call(r, PROGRAM_SVC, "DeleteProgram", &in.base, &out);
    if (rc)
        return rc;
    if (ctx->json)
        cli_print_json(out);
    else
        printf("Deleted program %s%s.\n", key,
               cascade ? " with everything in it" : "");
    protobuf_c_message_free_unpacked(out, NULL);
    return 0;
}

static int program_members_run(cli_ctx *ctx, cli_rpc *r)
{
    char *key;
    if (cli_take_args(ctx, 1, 1, &key) < 0)
        return 2;
    Pmo__V1__ListMembersRequest in = PMO__V1__LIST_MEMBERS_REQUEST__INIT;
    in.program = cli_key_upper(key);
    Pmo__V1__ListMembersResponse *out = NULL;
    int rc = cli_rpc_call(r, PROGRAM_SVC, "ListMembers", &in.base,
                          (ProtobufCMessage **)&out);
    if (rc)
        return rc;
    if (ctx->json)
        cli_print_json(&out->base);
    else
        program_members_table(out->members, out->n_members);
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

static int program_grant_run(cli_ctx *ctx, cli_rpc *r)
{
    char *args[3];
    if (cli_take_args(ctx, 3, 3, args) < 0)
        return 2;
    int role = 0;
    char why[300];
    if (cli_parse_enum(&pmo__v1__program_role__descriptor, args[2], &role, why,
                       sizeof(why)) != 0)
        return cli_usage_fail(ctx, "role: %s", why);
    Pmo__V1__SetMemberRoleRequest in = PMO__V1__SET_MEMBER_ROLE_REQUEST__INIT;
    in.program = cli_key_upper(args[0]);
    in.username = args[1];
    in.role = role;
    Pmo__V1__SetMemberRoleResponse *out = NULL;
    int rc = cli_rpc_call(r, PROGRAM_SVC, "SetMemberRole", &in.base,
                          (ProtobufCMessage **)&out);
    if (rc)
        return rc;
    char label[32];
    if (ctx->json)
        cli_print_json(&out->base);
    else if (role == PMO__V1__PROGRAM_ROLE__ROLE_NONE)
        printf("%s is no longer a member of %s.\n", args[1], args[0]);
    else
        printf("%s is now %s of %s.\n", args[1],
               cli_enum_label(&pmo__v1__program_role__descriptor, role, label,
                              sizeof(label)),
               args[0]);
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

static int program_create(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, program_create_run);
}

static int program_list(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, program_list_run);
}

static int program_show(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, program_show_run);
}

static int program_set(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, program_set_run);
}

static int program_delete(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, program_delete_run);
}

static int program_members(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, program_members_run);
}

static int program_grant(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, program_grant_run);
}

const cli_command cli_program_commands[] = {
    {"program create",
     "KEY --name N [--description D] [--sponsor S] [--currency CODE] "
     "[--start DATE] "
     "[--finish DATE] [--goal \"desc|metric|target\"]... [--in SCOPE]... "
     "[--out SCOPE]... [--deliverable D]... [--template T [--project P] "
     "[--approver ROLE=USER]...]",
     "create a program (seeded from a program template: phases, linked "
     "tasks, milestones, gates signed by the users named for its roles, "
     "risks)",
     program_create},
    {"program list", "[--status S]", "list the programs you can see",
     program_list},
    {"program show", "KEY", "a program: fields, goals, scope and members",
     program_show},
    {"program set", "KEY field=value...",
     "change fields (name, status, rag, start, currency, ...); lists: "
     "goal+=\"desc|"
     "metric|target\", goal-=desc, in+=, out-=, deliverable+= (goals= "
     "replaces them all)",
     program_set},
    {"program delete", "KEY [--cascade]", "delete a program", program_delete},
    {"program members", "KEY", "who has which role in a program",
     program_members},
    {"program grant", "KEY USER viewer|contributor|manager|owner|none",
     "give a user a role in a program (none removes them)", program_grant},
    {NULL, NULL, NULL, NULL},
};
