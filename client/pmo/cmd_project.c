/*
 * client/pmo/cmd_project.c - pmo project: add, list, show, set and delete
 * the projects of a program.
 */
#include "assign.h"
#include "cli.h"
#include "parse.h"
#include "pmo/v1/project.pb-c.h"
#include "rpc.h"
#include "show.h"

#include <stdio.h>
#include <string.h>

#define PROJECT_SVC (&pmo__v1__project_service__descriptor)

static const char *const project_settable[] = {
    "name",         "description",   "team", "lead",
    "target_start", "target_finish", NULL,
};

static const cli_assign_alias project_aliases[] = {
    {"start", "target_start"},
    {"finish", "target_finish"},
    {NULL, NULL},
};

static const cli_assign_spec project_assign_spec = {
    .desc = &pmo__v1__project__descriptor,
    .fields = project_settable,
    .aliases = project_aliases,
};

static void project_print(const Pmo__V1__Project *p)
{
    cli_table t;
    cli_record_init(&t);
    cli_record_add(&t, "program", p->program);
    cli_record_add(&t, "key", p->key);
    cli_record_add(&t, "name", p->name);
    cli_record_add_opt(&t, "team", p->team);
    cli_record_add_opt(&t, "lead", p->lead);
    cli_record_add_opt(&t, "target start", p->target_start);
    cli_record_add_opt(&t, "target finish", p->target_finish);
    cli_record_add_int(&t, "version", p->version);
    cli_record_print(&t);
    if (p->description[0]) {
        cli_section_print("Description");
        cli_text_print("  ", p->description);
    }
}

static void project_reply_print(cli_ctx *ctx, const Pmo__V1__Project *p)
{
    if (ctx->json)
        cli_print_json(&p->base);
    else
        project_print(p);
}

static int project_get(cli_rpc *r, char *program, char *key,
                       Pmo__V1__Project **out)
{
    Pmo__V1__GetProjectRequest in = PMO__V1__GET_PROJECT_REQUEST__INIT;
    in.program = cli_key_upper(program);
    in.key = key;
    return cli_rpc_call(r, PROJECT_SVC, "GetProject", &in.base,
                        (ProtobufCMessage **)out);
}

static int project_dates_take(cli_ctx *ctx, Pmo__V1__Project *p, char *start,
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

static int project_add_run(cli_ctx *ctx, cli_rpc *r)
{
    Pmo__V1__Project p = PMO__V1__PROJECT__INIT;
    char start[CLI_DATE_LEN], finish[CLI_DATE_LEN], *args[2];
    const char *name = cli_take_option(ctx, "--name");
    const char *team = cli_take_option(ctx, "--team");
    const char *lead = cli_take_option(ctx, "--lead");
    const char *desc = cli_take_option(ctx, "--description");
    int rc = project_dates_take(ctx, &p, start, finish);
    if (rc)
        return rc;
    if (cli_take_args(ctx, 2, 2, args) < 0)
        return 2;
    if (name == NULL || team == NULL)
        return cli_usage_fail(ctx, "--name and --team are required");
    p.program = cli_key_upper(args[0]);
    p.key = args[1];
    p.name = (char *)name;
    p.team = (char *)team;
    p.lead = (char *)(lead ? lead : "");
    p.description = (char *)(desc ? desc : "");
    Pmo__V1__CreateProjectRequest in = PMO__V1__CREATE_PROJECT_REQUEST__INIT;
    in.project = &p;
    Pmo__V1__Project *out = NULL;
    rc = cli_rpc_call(r, PROJECT_SVC, "CreateProject", &in.base,
                      (ProtobufCMessage **)&out);
    if (rc)
        return rc;
    if (ctx->json)
        cli_print_json(&out->base);
    else
        printf("Created project %s in %s: %s (team %s)\n", out->key,
               out->program, out->name, out->team);
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

static void project_table_print(const cli_list *l)
{
    cli_table t;
    cli_table_init(
        &t, 6,
        (const char *[]){"KEY", "NAME", "TEAM", "LEAD", "START", "FINISH"});
    cli_table_shrinkable(&t, 1);
    for (size_t i = 0; i < l->n_items; i++) {
        const Pmo__V1__Project *p = l->items[i];
        cli_table_add(&t,
                      (const char *[]){p->key, p->name, cli_or_dash(p->team),
                                       cli_or_dash(p->lead),
                                       cli_or_dash(p->target_start),
                                       cli_or_dash(p->target_finish)});
    }
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
}

static int project_list_run(cli_ctx *ctx, cli_rpc *r)
{
    const char *team = cli_take_option(ctx, "--team");
    char *program;
    if (cli_take_args(ctx, 1, 1, &program) < 0)
        return 2;
    Pmo__V1__ListProjectsRequest in = PMO__V1__LIST_PROJECTS_REQUEST__INIT;
    in.program = cli_key_upper(program);
    in.team = (char *)(team ? team : "");
    cli_list l;
    int rc = cli_rpc_list_all(r, PROJECT_SVC, "ListProjects", &in.base,
                              "projects", &l);
    if (rc)
        return rc;
    if (ctx->json)
        cli_list_json(&l);
    else if (l.n_items == 0)
        printf("No projects in %s%s%s.\n", program, team ? " for team " : "",
               team ? team : "");
    else
        project_table_print(&l);
    cli_list_fini(&l);
    return 0;
}

static int project_show_run(cli_ctx *ctx, cli_rpc *r)
{
    char *args[2];
    if (cli_take_args(ctx, 2, 2, args) < 0)
        return 2;
    Pmo__V1__Project *p = NULL;
    int rc = project_get(r, args[0], args[1], &p);
    if (rc)
        return rc;
    project_reply_print(ctx, p);
    protobuf_c_message_free_unpacked(&p->base, NULL);
    return 0;
}

static int project_set_run(cli_ctx *ctx, cli_rpc *r)
{
    char **args =
        arena_alloc(&r->mem, (size_t)(ctx->argc + 1) * sizeof(char *));
    int n = cli_take_args(ctx, 3, -1, args);
    if (n < 0)
        return 2;
    Pmo__V1__Project change = PMO__V1__PROJECT__INIT;
    cli_assign a;
    cli_assign_init(&a, &project_assign_spec, &change.base, &r->mem);
    if (cli_assign_words(&a, n - 2, args + 2) != 0)
        return cli_usage_fail(ctx, "%s", a.err);
    Pmo__V1__Project *cur = NULL;
    int rc = project_get(r, args[0], args[1], &cur);
    if (rc)
        return rc;
    Pmo__V1__UpdateProjectRequest in = PMO__V1__UPDATE_PROJECT_REQUEST__INIT;
    in.program = args[0];
    in.key = args[1];
    in.project = &change;
    in.update_mask = a.mask;
    in.n_update_mask = a.n_mask;
    in.expected_version = cur->version;
    rc = cli_assign_merge_args(ctx, &a, &cur->base);
    protobuf_c_message_free_unpacked(&cur->base, NULL);
    r->subject = arena_printf(&r->mem, "project %s/%s", args[0], args[1]);
    Pmo__V1__Project *out = NULL;
    if (rc || (rc = cli_rpc_call(r, PROJECT_SVC, "UpdateProject", &in.base,
                                 (ProtobufCMessage **)&out)) != 0)
        return rc;
    cli_assign_note_print(&a, r->prog);
    project_reply_print(ctx, out);
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

static int project_delete_run(cli_ctx *ctx, cli_rpc *r)
{
    char *args[2];
    if (cli_take_args(ctx, 2, 2, args) < 0)
        return 2;
    Pmo__V1__Project *cur = NULL;
    int rc = project_get(r, args[0], args[1], &cur);
    if (rc)
        return rc;
    Pmo__V1__DeleteProjectRequest in = PMO__V1__DELETE_PROJECT_REQUEST__INIT;
    in.program = args[0];
    in.key = args[1];
    in.expected_version = cur->version;
    protobuf_c_message_free_unpacked(&cur->base, NULL);
    r->subject = arena_printf(&r->mem, "project %s/%s", args[0], args[1]);
    ProtobufCMessage *out = NULL;
    rc = cli_rpc_call(r, PROJECT_SVC, "DeleteProject", &in.base, &out);
    if (rc)
        return rc;
    if (ctx->json)
        cli_print_json(out);
    else
        printf("Deleted project %s from %s.\n", args[1], args[0]);
    protobuf_c_message_free_unpacked(out, NULL);
    return 0;
}

static int project_add(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, project_add_run);
}

static int project_list(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, project_list_run);
}

static int project_show(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, project_show_run);
}

static int project_set(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, project_set_run);
}

static int project_delete(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, project_delete_run);
}

const cli_command cli_project_commands[] = {
    {"project add",
     "PROGRAM KEY --name N --team T [--lead U] [--start D] [--finish D] "
     "[--description D]",
     "add a project to a program", project_add},
    {"project list", "PROGRAM [--team T]", "list a program's projects",
     project_list},
    {"project show", "PROGRAM KEY", "one project", project_show},
    {"project set", "PROGRAM KEY field=value...",
     "change fields (name, team, lead, start, finish, description)",
     project_set},
    {"project delete", "PROGRAM KEY", "delete a project", project_delete},
    {NULL, NULL, NULL, NULL},
};
