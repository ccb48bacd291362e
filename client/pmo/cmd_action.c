/*
 * client/pmo/cmd_action.c - pmo action, pmo actions and pmo meeting: who
 * is to do what by when, across programs too ("what is on my plate"), and
 * the meetings where decisions are taken and actions handed out.
 */
#include "cli.h"
#include "entity.h"
#include "parse.h"
#include "pmo/v1/risk.pb-c.h"
#include "rpc.h"
#include "show.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define MEETING_SVC (&pmo__v1__meeting_service__descriptor)

/* ------------------------------------------------------------ actions */

static const char *const action_settable[] = {
    "title", "owner", "due_date", "status", "notes", NULL,
};

static const cli_assign_alias action_aliases[] = {
    {"due", "due_date"},
    {"note", "notes"},
    {NULL, NULL},
};

static const cli_assign_spec action_assign_spec = {
    .desc = &pmo__v1__action__descriptor,
    .fields = action_settable,
    .aliases = action_aliases,
};

/* "risk 3", "meeting 2", "-": where an action came from. */
static char *action_source_text(arena *mem, const Pmo__V1__Action *x)
{
    char kind[40];
    cli_enum_label(&pmo__v1__action_source__descriptor, x->source, kind,
                   sizeof(kind));
    /* "from-meeting" reads as "meeting". */
    const char *word = strncmp(kind, "from-", 5) == 0 ? kind + 5 : kind;
    if (x->source_id == 0)
        return arena_strdup(mem,
                            cli_or_dash(strcmp(word, "other") ? word : ""));
    return arena_printf(mem, "%s %" PRId64, word, x->source_id);
}

static char *action_due_text(arena *mem, const Pmo__V1__Action *x,
                             const char *mark)
{
    if (x->due_date[0] == '\0')
        return "-";
    return arena_printf(mem, "%s%s", x->due_date, x->overdue ? mark : "");
}

static void action_print(cli_rpc *r, const ProtobufCMessage *m)
{
    const Pmo__V1__Action *x = (const Pmo__V1__Action *)m;
    cli_table t;
    cli_record_init(&t);
    cli_record_add_int(&t, "id", x->id);
    cli_record_add(&t, "program", x->program);
    cli_record_add(&t, "title", x->title);
    cli_record_add_enum(&t, "status", &pmo__v1__action_status__descriptor,
                        x->status, CLI_COLOR_NONE);
    cli_record_add_opt(&t, "owner", x->owner);
    cli_record_add(&t, "due", action_due_text(&r->mem, x, " (overdue)"));
    cli_record_add(&t, "from", action_source_text(&r->mem, x));
    cli_record_add_int(&t, "version", x->version);
    cli_record_print(&t);
    cli_entity_text("Notes", x->notes);
}

const cli_entity cli_action_entity = {
    .group = "action",
    .name = "action",
    .type = "Action",
    .label = "title",
    .svc = &pmo__v1__risk_service__descriptor,
    .spec = &action_assign_spec,
    .print = action_print,
};

static const cli_entity_option action_add_options[] = {
    {"--title", "title"},
    {"--owner", "owner"},
    {"--due", "due_date"},
    {"--notes", "notes"},
};

static const char *const action_required[] = {"title", NULL};

/* --from risk:3 (or issue, retro, meeting): where the action came from. */
static int action_from_take(cli_ctx *ctx, Pmo__V1__Action *x)
{
    const char *from = cli_take_option(ctx, "--from");
    if (from == NULL)
        return 0;
    static const struct {
        const char *word;
        Pmo__V1__ActionSource source;
    } kinds[] = {
        {"meeting", PMO__V1__ACTION_SOURCE__ACTION_FROM_MEETING},
        {"retro", PMO__V1__ACTION_SOURCE__ACTION_FROM_RETROSPECTIVE},
        {"risk", PMO__V1__ACTION_SOURCE__ACTION_FROM_RISK},
        {"issue", PMO__V1__ACTION_SOURCE__ACTION_FROM_ISSUE},
    };
    const char *colon = strchr(from, ':');
    for (size_t i = 0; colon && i < sizeof(kinds) / sizeof(kinds[0]); i++)
        if (strlen(kinds[i].word) == (size_t)(colon - from) &&
            strncmp(from, kinds[i].word, (size_t)(colon - from)) == 0) {
            x->source = kinds[i].source;
            return cli_entity_id(ctx, "--from", colon + 1, &x->source_id);
        }
    return cli_usage_fail(ctx, "--from: not meeting|retro|risk|issue:ID: '%s'",
                          from);
}

static int action_add_run(cli_ctx *ctx, cli_rpc *r)
{
    Pmo__V1__Action x = PMO__V1__ACTION__INIT;
    Pmo__V1__CreateActionRequest in = PMO__V1__CREATE_ACTION_REQUEST__INIT;
    cli_assign a;
    const char *meeting = cli_take_option(ctx, "--meeting");
    char *program;
    int rc = action_from_take(ctx, &x);
    if (rc)
        return rc;
    if (meeting && cli_entity_id(ctx, "--meeting", meeting, &in.meeting_id))
        return 2;
    rc = cli_entity_add_args(
        r, &a, &action_assign_spec, &x.base, action_add_options,
        sizeof(action_add_options) / sizeof(action_add_options[0]),
        action_required, &program);
    if (rc)
        return rc;
    x.program = program;
    in.action = &x;
    return cli_entity_create(r, &cli_action_entity, &in.base);
}

static void action_table_print(cli_rpc *r, const cli_list *l)
{
    cli_table t;
    cli_table_init(&t, 7,
                   (const char *[]){"ID", "PROGRAM", "TITLE", "OWNER", "DUE",
                                    "STATUS", "FROM"});
    cli_table_shrinkable(&t, 2);
    size_t overdue = 0;
    for (size_t i = 0; i < l->n_items; i++) {
        const Pmo__V1__Action *x = l->items[i];
        char id[24], st[32];
        size_t row = cli_table_add(
            &t,
            (const char *[]){cli_entity_idtext(x->id, id, sizeof(id)),
                             x->program, x->title, cli_or_dash(x->owner),
                             action_due_text(&r->mem, x, " !"),
                             cli_enum_label(&pmo__v1__action_status__descriptor,
                                            x->status, st, sizeof(st)),
                             action_source_text(&r->mem, x)});
        if (x->overdue)
            cli_table_color(&t, row, 4, CLI_COLOR_RED);
        overdue += x->overdue;
    }
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
    if (overdue)
        printf("! overdue (%zu)\n", overdue);
}

/* The filters list and actions share; program "" is every program. */
static int action_list_common(cli_ctx *ctx, cli_rpc *r, int min_args)
{
    Pmo__V1__ListActionsRequest in = PMO__V1__LIST_ACTIONS_REQUEST__INIT;
    in.mine = cli_take_switch(ctx, "--mine");
    in.overdue = cli_take_switch(ctx, "--overdue");
    const char *status = cli_take_option(ctx, "--status");
    const char *owner = cli_take_option(ctx, "--owner");
    char why[300], *program = "";
    int st = 0;
    if (status && cli_parse_enum(&pmo__v1__action_status__descriptor, status,
                                 &st, why, sizeof(why)) != 0)
        return cli_usage_fail(ctx, "--status: %s", why);
    if (cli_take_args(ctx, min_args, min_args, &program) < 0)
        return 2;
    in.program = cli_key_upper(program);
    in.status = st;
    in.owner = (char *)(owner ? owner : "");
    return cli_entity_list(r, &cli_action_entity, "ListActions", &in.base,
                           "actions", action_table_print, "No actions.");
}

static int action_list_run(cli_ctx *ctx, cli_rpc *r)
{
    return action_list_common(ctx, r, 1);
}

static int actions_run(cli_ctx *ctx, cli_rpc *r)
{
    return action_list_common(ctx, r, 0);
}

static int action_done_run(cli_ctx *ctx, cli_rpc *r)
{
    (void)ctx;
    return cli_entity_status_set(r, &cli_action_entity,
                                 PMO__V1__ACTION_STATUS__ACTION_DONE, NULL,
                                 "Done:");
}

/* ----------------------------------------------------------- meetings */

static const char *const meeting_settable[] = {
    "date", "title", "attendees", "notes", NULL,
};

static const cli_assign_alias meeting_aliases[] = {
    {"attendee", "attendees"},
    {"note", "notes"},
    {NULL, NULL},
};

static const char *const meeting_comma_lists[] = {"attendees", NULL};

static const cli_assign_spec meeting_assign_spec = {
    .desc = &pmo__v1__meeting__descriptor,
    .fields = meeting_settable,
    .aliases = meeting_aliases,
    .comma_lists = meeting_comma_lists,
};

/*
 * The actions handed out in meeting x, one row each, read one by one:
 * a meeting hands out a handful. One that cannot be read (deleted since,
 * say) shows its id and why.
 */
static void meeting_actions_print(cli_rpc *r, const Pmo__V1__Meeting *x)
{
    if (x->n_action_ids == 0)
        return;
    cli_section_print("Actions");
    cli_table t;
    cli_table_init(&t, 5,
                   (const char *[]){"ID", "TITLE", "OWNER", "DUE", "STATUS"});
    cli_table_shrinkable(&t, 1);
    for (size_t i = 0; i < x->n_action_ids; i++) {
        Pmo__V1__GetActionRequest in = PMO__V1__GET_ACTION_REQUEST__INIT;
        in.id = x->action_ids[i];
        Pmo__V1__Action *a = NULL;
        pmo_result res;
        char id[24], st[32];
        cli_entity_idtext(in.id, id, sizeof(id));
        if (pmo_call(r->client, cli_action_entity.svc, "GetAction", &in.base,
                     (ProtobufCMessage **)&a, &res) != 0) {
            cli_table_add(&t, (const char *[]){id, res.message, "-", "-", "-"});
            continue;
        }
        cli_table_add(
            &t,
            (const char *[]){id, a->title, cli_or_dash(a->owner),
                             action_due_text(&r->mem, a, " !"),
                             cli_enum_label(&pmo__v1__action_status__descriptor,
                                            a->status, st, sizeof(st))});
        protobuf_c_message_free_unpacked(&a->base, NULL);
    }
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
}

static void meeting_print(cli_rpc *r, const ProtobufCMessage *m)
{
    const Pmo__V1__Meeting *x = (const Pmo__V1__Meeting *)m;
    cli_table t;
    cli_record_init(&t);
    cli_record_add_int(&t, "id", x->id);
    cli_record_add(&t, "program", x->program);
    cli_record_add(&t, "date", x->date);
    cli_record_add(&t, "title", x->title);
    cli_record_add(&t, "attendees",
                   cli_entity_join(&r->mem, x->attendees, x->n_attendees));
    cli_record_add(&t, "decisions",
                   cli_entity_ids(&r->mem, x->decision_ids, x->n_decision_ids));
    cli_record_add(&t, "actions",
                   cli_entity_ids(&r->mem, x->action_ids, x->n_action_ids));
    cli_record_add_int(&t, "version", x->version);
    cli_record_print(&t);
    cli_entity_text("Notes", x->notes);
    meeting_actions_print(r, x);
}

const cli_entity cli_meeting_entity = {
    .group = "meeting",
    .name = "meeting",
    .type = "Meeting",
    .label = "title",
    .svc = MEETING_SVC,
    .spec = &meeting_assign_spec,
    .print = meeting_print,
};

static const cli_entity_option meeting_add_options[] = {
    {"--title", "title"},
    {"--date", "date"},
    {"--attendee", "attendees"},
    {"--notes", "notes"},
};

static const char *const meeting_required[] = {"title", "date", NULL};

static int meeting_add_run(cli_ctx *ctx, cli_rpc *r)
{
    Pmo__V1__Meeting x = PMO__V1__MEETING__INIT;
    cli_assign a;
    char *program;
    int rc = cli_entity_add_args(
        r, &a, &meeting_assign_spec, &x.base, meeting_add_options,
        sizeof(meeting_add_options) / sizeof(meeting_add_options[0]),
        meeting_required, &program);
    if (rc)
        return rc;
    x.program = program;
    Pmo__V1__CreateMeetingRequest in = PMO__V1__CREATE_MEETING_REQUEST__INIT;
    in.meeting = &x;
    return cli_entity_create(r, &cli_meeting_entity, &in.base);
}

static void meeting_table_print(cli_rpc *r, const cli_list *l)
{
    cli_table t;
    cli_table_init(&t, 6,
                   (const char *[]){"ID", "DATE", "TITLE", "ATTENDEES",
                                    "DECISIONS", "ACTIONS"});
    cli_table_shrinkable(&t, 2);
    cli_table_shrinkable(&t, 3);
    for (size_t i = 0; i < l->n_items; i++) {
        const Pmo__V1__Meeting *x = l->items[i];
        char id[24];
        cli_table_add(
            &t, (const char *[]){
                    cli_entity_idtext(x->id, id, sizeof(id)), x->date, x->title,
                    cli_entity_join(&r->mem, x->attendees, x->n_attendees),
                    arena_printf(&r->mem, "%zu", x->n_decision_ids),
                    arena_printf(&r->mem, "%zu", x->n_action_ids)});
    }
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
}

static int meeting_list_run(cli_ctx *ctx, cli_rpc *r)
{
    Pmo__V1__ListMeetingsRequest in = PMO__V1__LIST_MEETINGS_REQUEST__INIT;
    char *program;
    if (cli_take_args(ctx, 1, 1, &program) < 0)
        return 2;
    in.program = cli_key_upper(program);
    return cli_entity_list(r, &cli_meeting_entity, "ListMeetings", &in.base,
                           "meetings", meeting_table_print, "No meetings.");
}

/* -------------------------------------------------------------- table */

static int action_add(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, action_add_run);
}

static int action_list(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, action_list_run);
}

static int actions(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, actions_run);
}

static int action_done(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, action_done_run);
}

static int meeting_add(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, meeting_add_run);
}

static int meeting_list(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, meeting_list_run);
}

const cli_command cli_action_commands[] = {
    {"action add",
     "PROGRAM --title T [--owner U] [--due DATE] [--notes N] "
     "[--meeting ID] [--from meeting|retro|risk|issue:ID]",
     "hand out an action item", action_add},
    {"action list", "PROGRAM [--mine] [--overdue] [--status S] [--owner U]",
     "a program's action items; ! marks an overdue one", action_list},
    {"action show", CLI_ENTITY_SHOW_USAGE, "one action item", cli_entity_show},
    {"action update", CLI_ENTITY_UPDATE_USAGE,
     "change fields (title, owner, due, status, notes)", cli_entity_update},
    {"action done", "[PROGRAM] ID", "mark an action item done", action_done},
    {"action delete", CLI_ENTITY_DELETE_USAGE, "delete an action item",
     cli_entity_delete},
    {"actions", "[--mine] [--overdue] [--status S] [--owner U]",
     "action items across every program you can see", actions},
    {NULL, NULL, NULL, NULL},
};

const cli_command cli_meeting_commands[] = {
    {"meeting add",
     "PROGRAM --title T --date DATE [--attendee U]... [--notes N]",
     "record a meeting", meeting_add},
    {"meeting list", "PROGRAM", "a program's meetings, in order", meeting_list},
    {"meeting show", CLI_ENTITY_SHOW_USAGE,
     "one meeting with its decisions and actions", cli_entity_show},
    {"meeting update", CLI_ENTITY_UPDATE_USAGE,
     "change fields (title, date, attendees, notes)", cli_entity_update},
    {"meeting delete", CLI_ENTITY_DELETE_USAGE, "delete a meeting",
     cli_entity_delete},
    {NULL, NULL, NULL, NULL},
};
