/*
 * client/pmo/cmd_decision.c - pmo decision: the D of a program's RAID
 * log, each question with the options weighed, what was decided, by whom
 * and when, and what it affects.
 */
#include "cli.h"
#include "entity.h"
#include "parse.h"
#include "pmo/v1/risk.pb-c.h"
#include "rpc.h"
#include "show.h"

#include <stdio.h>
#include <string.h>

static const char *const decision_settable[] = {
    "question", "context", "options", "decision",   "decided_by", "decided_on",
    "items",    "affects", "status",  "meeting_id", NULL,
};

static const cli_assign_alias decision_aliases[] = {
    {"option", "options"}, {"item", "items"},         {"by", "decided_by"},
    {"on", "decided_on"},  {"meeting", "meeting_id"}, {NULL, NULL},
};

static const char *const decision_comma_lists[] = {"items", NULL};

static int decision_assign_hook(cli_assign *a, const char *name,
                                const char *value)
{
    return cli_entity_assign_date(a, "decided_on", name, value);
}

static const cli_assign_spec decision_assign_spec = {
    .desc = &pmo__v1__decision__descriptor,
    .fields = decision_settable,
    .aliases = decision_aliases,
    .comma_lists = decision_comma_lists,
    .hook = decision_assign_hook,
};

static void decision_print(cli_rpc *r, const ProtobufCMessage *m)
{
    const Pmo__V1__Decision *d = (const Pmo__V1__Decision *)m;
    cli_table t;
    cli_record_init(&t);
    cli_record_add_int(&t, "id", d->id);
    cli_record_add(&t, "program", d->program);
    cli_record_add(&t, "question", d->question);
    cli_record_add_enum(&t, "status", &pmo__v1__decision_status__descriptor,
                        d->status, CLI_COLOR_NONE);
    cli_record_add_opt(&t, "decision", d->decision);
    cli_record_add_opt(&t, "decided by", d->decided_by);
    cli_record_add_opt(&t, "decided on", d->decided_on);
    cli_record_add(&t, "items", cli_entity_join(&r->mem, d->items, d->n_items));
    cli_record_add_opt(&t, "affects", d->affects);
    if (d->meeting_id)
        cli_record_add_int(&t, "meeting", d->meeting_id);
    cli_record_add_int(&t, "version", d->version);
    cli_record_print(&t);
    cli_entity_text("Context", d->context);
    cli_section_print("Options considered");
    cli_bullets_print(d->options, d->n_options);
}

const cli_entity cli_decision_entity = {
    .group = "decision",
    .name = "decision",
    .type = "Decision",
    .label = "question",
    .svc = &pmo__v1__risk_service__descriptor,
    .spec = &decision_assign_spec,
    .print = decision_print,
};

static const cli_entity_option decision_add_options[] = {
    {"--question", "question"},
    {"--context", "context"},
    {"--option", "options"},
    {"--decision", "decision"},
    {"--decided-by", "decided_by"},
    {"--decided-on", "decided_on"},
    {"--item", "items"},
    {"--affects", "affects"},
    {"--status", "status"},
    {"--meeting", "meeting_id"},
};

static const char *const decision_required[] = {"question", NULL};

static int decision_add_run(cli_ctx *ctx, cli_rpc *r)
{
    Pmo__V1__Decision d = PMO__V1__DECISION__INIT;
    cli_assign a;
    char *program;
    int rc = cli_entity_add_args(
        r, &a, &decision_assign_spec, &d.base, decision_add_options,
        sizeof(decision_add_options) / sizeof(decision_add_options[0]),
        decision_required, &program);
    if (rc)
        return rc;
    for (size_t i = 0; i < d.n_items; i++)
        cli_key_upper(d.items[i]);
    d.program = program;
    Pmo__V1__CreateDecisionRequest in = PMO__V1__CREATE_DECISION_REQUEST__INIT;
    in.decision = &d;
    return cli_entity_create(r, &cli_decision_entity, &in.base);
}

static void decision_table_print(cli_rpc *r, const cli_list *l)
{
    (void)r;
    cli_table t;
    cli_table_init(
        &t, 6,
        (const char *[]){"ID", "STATUS", "QUESTION", "DECISION", "BY", "ON"});
    cli_table_shrinkable(&t, 2);
    cli_table_shrinkable(&t, 3);
    for (size_t i = 0; i < l->n_items; i++) {
        const Pmo__V1__Decision *d = l->items[i];
        char id[24], st[32];
        cli_table_add(
            &t, (const char *[]){
                    cli_entity_idtext(d->id, id, sizeof(id)),
                    cli_enum_label(&pmo__v1__decision_status__descriptor,
                                   d->status, st, sizeof(st)),
                    d->question, cli_or_dash(d->decision),
                    cli_or_dash(d->decided_by), cli_or_dash(d->decided_on)});
    }
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
}

static int decision_list_run(cli_ctx *ctx, cli_rpc *r)
{
    Pmo__V1__ListDecisionsRequest in = PMO__V1__LIST_DECISIONS_REQUEST__INIT;
    const char *status = cli_take_option(ctx, "--status");
    const char *meeting = cli_take_option(ctx, "--meeting");
    char why[300], *program;
    int st = 0;
    if (status && cli_parse_enum(&pmo__v1__decision_status__descriptor, status,
                                 &st, why, sizeof(why)) != 0)
        return cli_usage_fail(ctx, "--status: %s", why);
    if (meeting &&
        cli_entity_id(ctx, "--meeting", meeting, &in.meeting_id) != 0)
        return 2;
    if (cli_take_args(ctx, 1, 1, &program) < 0)
        return 2;
    in.program = cli_key_upper(program);
    in.status = st;
    return cli_entity_list(r, &cli_decision_entity, "ListDecisions", &in.base,
                           "decisions", decision_table_print, "No decisions.");
}

static int decision_add(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, decision_add_run);
}

static int decision_list(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, decision_list_run);
}

const cli_command cli_decision_commands[] = {
    {"decision add",
     "PROGRAM --question Q [--option O]... [--decision D] [--decided-by U] "
     "[--decided-on DATE] [--status S] [--context C] [--item REF]... "
     "[--affects A] [--meeting ID]",
     "record a decision (or a question still open)", decision_add},
    {"decision list", "PROGRAM [--status S] [--meeting ID]",
     "a program's decisions", decision_list},
    {"decision show", CLI_ENTITY_SHOW_USAGE, "one decision", cli_entity_show},
    {"decision update", CLI_ENTITY_UPDATE_USAGE,
     "change fields (decision, status=decided, by, on, option, ...)",
     cli_entity_update},
    {"decision delete", CLI_ENTITY_DELETE_USAGE, "delete a decision",
     cli_entity_delete},
    {NULL, NULL, NULL, NULL},
};
