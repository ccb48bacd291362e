/*
 * client/pmo/cmd_team.c - pmo team: create, list, show, add-member,
 * remove-member and delete.
 */
#include "cli.h"
#include "pmo/v1/team.pb-c.h"
#include "rpc.h"
#include "show.h"

#include <stdio.h>
#include <string.h>

#define TEAM_SVC (&pmo__v1__team_service__descriptor)

/* "alice, bob": the team's leads. */
static char *team_leads(arena *mem, const Pmo__V1__Team *t)
{
    char *out = "";
    for (size_t i = 0; i < t->n_members; i++)
        if (t->members[i]->lead)
            out = arena_printf(mem, "%s%s%s", out, out[0] ? ", " : "",
                               t->members[i]->username);
    return out;
}

static void team_members_print(const Pmo__V1__Team *t)
{
    if (t->n_members == 0) {
        printf("  (none)\n");
        return;
    }
    cli_table tab;
    cli_table_init(&tab, 3, (const char *[]){"USER", "NAME", "LEAD"});
    cli_table_shrinkable(&tab, 1);
    for (size_t i = 0; i < t->n_members; i++)
        cli_table_add(&tab, (const char *[]){t->members[i]->username,
                                             t->members[i]->display_name,
                                             t->members[i]->lead ? "yes" : ""});
    cli_table_print(&tab, stdout);
    cli_table_fini(&tab);
}

static void team_print(const Pmo__V1__Team *t)
{
    cli_table rec;
    cli_record_init(&rec);
    cli_record_add(&rec, "key", t->key);
    cli_record_add(&rec, "name", t->name);
    cli_record_add_int(&rec, "version", t->version);
    cli_record_print(&rec);
    if (t->description[0]) {
        cli_section_print("Description");
        cli_text_print("  ", t->description);
    }
    cli_section_print("Members");
    team_members_print(t);
}

/* A reply that is a Team: JSON, or the whole team for people. */
static void team_reply_print(cli_ctx *ctx, const Pmo__V1__Team *t)
{
    if (ctx->json)
        cli_print_json(&t->base);
    else
        team_print(t);
}

static int team_get(cli_rpc *r, char *key, Pmo__V1__Team **out)
{
    Pmo__V1__GetTeamRequest in = PMO__V1__GET_TEAM_REQUEST__INIT;
    in.key = key;
    return cli_rpc_call(r, TEAM_SVC, "GetTeam", &in.base,
                        (ProtobufCMessage **)out);
}

static int team_create_run(cli_ctx *ctx, cli_rpc *r)
{
    const char *name = cli_take_option(ctx, "--name");
    const char *desc = cli_take_option(ctx, "--description");
    char *key;
    if (cli_take_args(ctx, 1, 1, &key) < 0)
        return 2;
    if (name == NULL)
        return cli_usage_fail(ctx, "--name is required");
    Pmo__V1__Team t = PMO__V1__TEAM__INIT;
    t.key = key;
    t.name = (char *)name;
    t.description = (char *)(desc ? desc : "");
    Pmo__V1__CreateTeamRequest in = PMO__V1__CREATE_TEAM_REQUEST__INIT;
    in.team = &t;
    Pmo__V1__Team *out = NULL;
    int rc = cli_rpc_call(r, TEAM_SVC, "CreateTeam", &in.base,
                          (ProtobufCMessage **)&out);
    if (rc)
        return rc;
    if (ctx->json)
        cli_print_json(&out->base);
    else
        printf("Created team %s: %s\n", out->key, out->name);
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

static int team_list_run(cli_ctx *ctx, cli_rpc *r)
{
    if (cli_take_args(ctx, 0, 0, NULL) < 0)
        return 2;
    Pmo__V1__ListTeamsRequest in = PMO__V1__LIST_TEAMS_REQUEST__INIT;
    cli_list l;
    int rc = cli_rpc_list_all(r, TEAM_SVC, "ListTeams", &in.base, "teams", &l);
    if (rc)
        return rc;
    if (ctx->json) {
        cli_list_json(&l);
    } else if (l.n_items == 0) {
        printf("No teams.\n");
    } else {
        cli_table t;
        cli_table_init(&t, 4,
                       (const char *[]){"KEY", "NAME", "MEMBERS", "LEADS"});
        cli_table_shrinkable(&t, 1);
        cli_table_shrinkable(&t, 3);
        for (size_t i = 0; i < l.n_items; i++) {
            const Pmo__V1__Team *team = l.items[i];
            char count[16];
            snprintf(count, sizeof(count), "%zu", team->n_members);
            cli_table_add(&t, (const char *[]){team->key, team->name, count,
                                               team_leads(&r->mem, team)});
        }
        cli_table_print(&t, stdout);
        cli_table_fini(&t);
    }
    cli_list_fini(&l);
    return 0;
}

static int team_show_run(cli_ctx *ctx, cli_rpc *r)
{
    char *key;
    if (cli_take_args(ctx, 1, 1, &key) < 0)
        return 2;
    Pmo__V1__Team *t = NULL;
    int rc = team_get(r, key, &t);
    if (rc)
        return rc;
    team_reply_print(ctx, t);
    protobuf_c_message_free_unpacked(&t->base, NULL);
    return 0;
}

static int team_member_set(cli_ctx *ctx, cli_rpc *r, bool remove)
{
    bool lead = !remove && cli_take_switch(ctx, "--lead");
    char *args[2];
    if (cli_take_args(ctx, 2, 2, args) < 0)
        return 2;
    Pmo__V1__SetTeamMemberRequest in = PMO__V1__SET_TEAM_MEMBER_REQUEST__INIT;
    in.team = args[0];
    in.username = args[1];
    in.lead = lead;
    in.remove = remove;
    Pmo__V1__Team *out = NULL;
    int rc = cli_rpc_call(r, TEAM_SVC, "SetTeamMember", &in.base,
                          (ProtobufCMessage **)&out);
    if (rc)
        return rc;
    if (ctx->json)
        cli_print_json(&out->base);
    else if (remove)
        printf("%s is no longer in team %s.\n", args[1], out->key);
    else
        printf("%s is in team %s%s.\n", args[1], out->key,
               lead ? " as a lead" : "");
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

static int team_add_member_run(cli_ctx *ctx, cli_rpc *r)
{
    return team_member_set(ctx, r, false);
}

static int team_remove_member_run(cli_ctx *ctx, cli_rpc *r)
{
    return team_member_set(ctx, r, true);
}

static int team_delete_run(cli_ctx *ctx, cli_rpc *r)
{
    char *key;
    if (cli_take_args(ctx, 1, 1, &key) < 0)
        return 2;
    Pmo__V1__Team *cur = NULL;
    int rc = team_get(r, key, &cur);
    if (rc)
        return rc;
    Pmo__V1__DeleteTeamRequest in = PMO__V1__DELETE_TEAM_REQUEST__INIT;
    in.key = key;
    in.expected_version = cur->version;
    protobuf_c_message_free_unpacked(&cur->base, NULL);
    r->subject = arena_printf(&r->mem, "team %s", key);
    ProtobufCMessage *out = NULL;
    rc = cli_rpc_call(r, TEAM_SVC, "DeleteTeam", &in.base, &out);
    if (rc)
        return rc;
    if (ctx->json)
        cli_print_json(out);
    else
        printf("Deleted team %s.\n", key);
    protobuf_c_message_free_unpacked(out, NULL);
    return 0;
}

static int team_create(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, team_create_run);
}

static int team_list(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, team_list_run);
}

static int team_show(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, team_show_run);
}

static int team_add_member(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, team_add_member_run);
}

static int team_remove_member(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, team_remove_member_run);
}

static int team_delete(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, team_delete_run);
}

const cli_command cli_team_commands[] = {
    {"team create", "KEY --name N [--description D]",
     "create a team (you become its first lead)", team_create},
    {"team list", "", "list the teams", team_list},
    {"team show", "KEY", "a team and its members", team_show},
    {"team add-member", "KEY USER [--lead]", "add a user to a team",
     team_add_member},
    {"team remove-member", "KEY USER", "take a user out of a team",
     team_remove_member},
    {"team delete", "KEY", "delete a team", team_delete},
    {NULL, NULL, NULL, NULL},
};
