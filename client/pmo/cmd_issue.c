/*
 * client/pmo/cmd_issue.c - pmo issue and pmo assumption: the I and A of a
 * program's RAID log. Issues are what is going wrong now (some were risks
 * that happened); assumptions are what the plan takes for granted until
 * someone checks it by a date.
 */
#include "cli.h"
#include "entity.h"
#include "parse.h"
#include "pmo/v1/risk.pb-c.h"
#include "rpc.h"
#include "show.h"

#include <stdio.h>
#include <string.h>

#define RISK_SVC (&pmo__v1__risk_service__descriptor)

/* Who handles an issue, by its escalation level. */
static const char *const issue_escalation_names[] = {"team", "program",
                                                     "sponsor"};

/* ------------------------------------------------------------- issues */

static const char *const issue_settable[] = {
    "title",  "description", "severity", "owner", "due_date",  "escalation",
    "status", "resolution",  "items",    "risks", "decisions", "vendor_id",
    NULL,
};

static const cli_assign_alias issue_aliases[] = {
    {"due", "due_date"},     {"item", "items"},         {"risk", "risks"},
    {"desc", "description"}, {"decision", "decisions"}, {"vendor", "vendor_id"},
    {NULL, NULL},
};

/* escalation=team|program|sponsor (or 0, 1, 2). */
static int issue_escalation_assign(cli_assign *a, const char *value)
{
    for (uint32_t i = 0; i < 3; i++)
        if (strcmp(value, issue_escalation_names[i]) == 0 ||
            (value[0] == (char)('0' + i) && value[1] == '\0')) {
            cli_assign_mask_add(a, "escalation");
            ((Pmo__V1__Issue *)a->msg)->escalation = i;
            return 1;
        }
    snprintf(a->err, sizeof(a->err),
             "escalation: not team, program or sponsor: '%s'", value);
    return -1;
}

/*
 * The links: risk and decision ids, and work item refs upper-cased as
 * every ref the commands take.
 */
static int issue_assign_hook(cli_assign *a, const char *name, const char *value)
{
    if (strcmp(name, "escalation") == 0)
        return issue_escalation_assign(a, value);
    int rc = cli_entity_assign_ids(a, "risks", name, value);
    if (rc == 0)
        rc = cli_entity_assign_ids(a, "decisions", name, value);
    if (rc == 0)
        rc = cli_entity_assign_refs(a, "items", name, value);
    return rc;
}

static const cli_assign_spec issue_assign_spec = {
    .desc = &pmo__v1__issue__descriptor,
    .fields = issue_settable,
    .aliases = issue_aliases,
    .hook = issue_assign_hook,
};

static const char *issue_escalation(uint32_t level)
{
    return level < 3 ? issue_escalation_names[level] : "?";
}

static void issue_print(cli_rpc *r, const ProtobufCMessage *m)
{
    const Pmo__V1__Issue *s = (const Pmo__V1__Issue *)m;
    cli_table t;
    cli_record_init(&t);
    cli_record_add_int(&t, "id", s->id);
    cli_record_add(&t, "program", s->program);
    cli_record_add(&t, "title", s->title);
    cli_record_add_enum(&t, "status", &pmo__v1__issue_status__descriptor,
                        s->status, CLI_COLOR_NONE);
    cli_record_add_enum(
        &t, "severity", &pmo__v1__issue_severity__descriptor, s->severity,
        s->severity >= PMO__V1__ISSUE_SEVERITY__ISSUE_HIGH ? CLI_COLOR_RED
                                                           : CLI_COLOR_NONE);
    cli_record_add_opt(&t, "owner", s->owner);
    cli_record_add(&t, "due",
                   s->due_date[0] ? arena_printf(&r->mem, "%s%s", s->due_date,
                                                 s->overdue ? " (overdue)" : "")
                                  : "-");
    cli_record_add(&t, "escalation", issue_escalation(s->escalation));
    cli_record_add(&t, "items", cli_entity_join(&r->mem, s->items, s->n_items));
    cli_record_add(&t, "risks", cli_entity_ids(&r->mem, s->risks, s->n_risks));
    cli_record_add(&t, "decisions",
                   cli_entity_ids(&r->mem, s->decisions, s->n_decisions));
    if (s->vendor_id)
        cli_record_add_int(&t, "vendor", s->vendor_id);
    cli_record_add_int(&t, "version", s->version);
    cli_record_print(&t);
    cli_entity_text("Description", s->description);
    cli_entity_text("Resolution", s->resolution);
}

/* What issue update takes besides field=value: the links, as add does. */
static const cli_entity_option issue_link_options[] = {
    {"--risk", "risks"},
    {"--decision", "decisions"},
    {"--item", "items"},
};

const cli_entity cli_issue_entity = {
    .group = "issue",
    .name = "issue",
    .type = "Issue",
    .label = "title",
    .svc = RISK_SVC,
    .spec = &issue_assign_spec,
    .print = issue_print,
    .update_options = issue_link_options,
    .n_update_options =
        sizeof(issue_link_options) / sizeof(issue_link_options[0]),
};

static const cli_entity_option issue_add_options[] = {
    {"--title", "title"},        {"--description", "description"},
    {"--severity", "severity"},  {"--owner", "owner"},
    {"--due", "due_date"},       {"--escalation", "escalation"},
    {"--item", "items"},         {"--risk", "risks"},
    {"--decision", "decisions"},
};

static const char *const issue_required[] = {"title", NULL};

static int issue_add_run(cli_ctx *ctx, cli_rpc *r)
{
    Pmo__V1__Issue s = PMO__V1__ISSUE__INIT;
    cli_assign a;
    char *program;
    int rc = cli_entity_add_args(
        r, &a, &issue_assign_spec, &s.base, issue_add_options,
        sizeof(issue_add_options) / sizeof(issue_add_options[0]),
        issue_required, &program);
    if (rc)
        return rc;
    s.program = program;
    Pmo__V1__CreateIssueRequest in = PMO__V1__CREATE_ISSUE_REQUEST__INIT;
    in.issue = &s;
    return cli_entity_create(r, &cli_issue_entity, &in.base);
}

static void issue_table_print(cli_rpc *r, const cli_list *l)
{
    cli_table t;
    cli_table_init(&t, 7,
                   (const char *[]){"ID", "SEVERITY", "TITLE", "OWNER", "DUE",
                                    "STATUS", "ESCALATION"});
    cli_table_shrinkable(&t, 2);
    for (size_t i = 0; i < l->n_items; i++) {
        const Pmo__V1__Issue *s = l->items[i];
        char id[24], sev[32], st[32];
        cli_table_add(
            &t, (const char *[]){
                    cli_entity_idtext(s->id, id, sizeof(id)),
                    cli_enum_label(&pmo__v1__issue_severity__descriptor,
                                   s->severity, sev, sizeof(sev)),
                    s->title, cli_or_dash(s->owner),
                    s->due_date[0] ? arena_printf(&r->mem, "%s%s", s->due_date,
                                                  s->overdue ? " !" : "")
                                   : "-",
                    cli_enum_label(&pmo__v1__issue_status__descriptor,
                                   s->status, st, sizeof(st)),
                    issue_escalation(s->escalation)});
    }
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
}

static int issue_list_run(cli_ctx *ctx, cli_rpc *r)
{
    Pmo__V1__ListIssuesRequest in = PMO__V1__LIST_ISSUES_REQUEST__INIT;
    const char *status = cli_take_option(ctx, "--status");
    const char *sev = cli_take_option(ctx, "--severity");
    const char *owner = cli_take_option(ctx, "--owner");
    char why[300], *program;
    int st = 0, sv = 0;
    if (status && cli_parse_enum(&pmo__v1__issue_status__descriptor, status,
                                 &st, why, sizeof(why)) != 0)
        return cli_usage_fail(ctx, "--status: %s", why);
    if (sev && cli_parse_enum(&pmo__v1__issue_severity__descriptor, sev, &sv,
                              why, sizeof(why)) != 0)
        return cli_usage_fail(ctx, "--severity: %s", why);
    if (cli_take_args(ctx, 1, 1, &program) < 0)
        return 2;
    in.program = cli_key_upper(program);
    in.status = st;
    in.severity = sv;
    in.owner = (char *)(owner ? owner : "");
    return cli_entity_list(r, &cli_issue_entity, "ListIssues", &in.base,
                           "issues", issue_table_print, "No issues.");
}

/* -------------------------------------------------------- assumptions */

static const char *const assumption_settable[] = {
    "statement", "owner", "validate_by", "status", "note", NULL,
};

static const cli_assign_alias assumption_aliases[] = {
    {"by", "validate_by"},
    {"validate", "validate_by"},
    {NULL, NULL},
};

static int assumption_assign_hook(cli_assign *a, const char *name,
                                  const char *value)
{
    return cli_entity_assign_date(a, "validate_by", name, value);
}

static const cli_assign_spec assumption_assign_spec = {
    .desc = &pmo__v1__assumption__descriptor,
    .fields = assumption_settable,
    .aliases = assumption_aliases,
    .hook = assumption_assign_hook,
};

static void assumption_print(cli_rpc *r, const ProtobufCMessage *m)
{
    const Pmo__V1__Assumption *s = (const Pmo__V1__Assumption *)m;
    cli_table t;
    cli_record_init(&t);
    cli_record_add_int(&t, "id", s->id);
    cli_record_add(&t, "program", s->program);
    cli_record_add(&t, "statement", s->statement);
    cli_record_add_enum(&t, "status", &pmo__v1__assumption_status__descriptor,
                        s->status, CLI_COLOR_NONE);
    cli_record_add_opt(&t, "owner", s->owner);
    cli_record_add(&t, "validate by",
                   s->validate_by[0]
                       ? arena_printf(&r->mem, "%s%s", s->validate_by,
                                      s->overdue ? " (passed)" : "")
                       : "-");
    cli_record_add_int(&t, "version", s->version);
    cli_record_print(&t);
    cli_entity_text("Note", s->note);
}

const cli_entity cli_assumption_entity = {
    .group = "assumption",
    .name = "assumption",
    .type = "Assumption",
    .label = "statement",
    .svc = RISK_SVC,
    .spec = &assumption_assign_spec,
    .print = assumption_print,
};

static const cli_entity_option assumption_add_options[] = {
    {"--statement", "statement"},
    {"--owner", "owner"},
    {"--validate-by", "validate_by"},
    {"--note", "note"},
};

static const char *const assumption_required[] = {"statement", NULL};

static int assumption_add_run(cli_ctx *ctx, cli_rpc *r)
{
    Pmo__V1__Assumption s = PMO__V1__ASSUMPTION__INIT;
    cli_assign a;
    char *program;
    int rc = cli_entity_add_args(
        r, &a, &assumption_assign_spec, &s.base, assumption_add_options,
        sizeof(assumption_add_options) / sizeof(assumption_add_options[0]),
        assumption_required, &program);
    if (rc)
        return rc;
    s.program = program;
    Pmo__V1__CreateAssumptionRequest in =
        PMO__V1__CREATE_ASSUMPTION_REQUEST__INIT;
    in.assumption = &s;
    return cli_entity_create(r, &cli_assumption_entity, &in.base);
}

static void assumption_table_print(cli_rpc *r, const cli_list *l)
{
    cli_table t;
    cli_table_init(
        &t, 5,
        (const char *[]){"ID", "STATEMENT", "OWNER", "VALIDATE BY", "STATUS"});
    cli_table_shrinkable(&t, 1);
    for (size_t i = 0; i < l->n_items; i++) {
        const Pmo__V1__Assumption *s = l->items[i];
        char id[24], st[32];
        cli_table_add(
            &t, (const char *[]){
                    cli_entity_idtext(s->id, id, sizeof(id)), s->statement,
                    cli_or_dash(s->owner),
                    s->validate_by[0]
                        ? arena_printf(&r->mem, "%s%s", s->validate_by,
                                       s->overdue ? " !" : "")
                        : "-",
                    cli_enum_label(&pmo__v1__assumption_status__descriptor,
                                   s->status, st, sizeof(st))});
    }
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
}

static int assumption_list_run(cli_ctx *ctx, cli_rpc *r)
{
    Pmo__V1__ListAssumptionsRequest in =
        PMO__V1__LIST_ASSUMPTIONS_REQUEST__INIT;
    const char *status = cli_take_option(ctx, "--status");
    in.overdue = cli_take_switch(ctx, "--overdue");
    char why[300], *program;
    int st = 0;
    if (status && cli_parse_enum(&pmo__v1__assumption_status__descriptor,
                                 status, &st, why, sizeof(why)) != 0)
        return cli_usage_fail(ctx, "--status: %s", why);
    if (cli_take_args(ctx, 1, 1, &program) < 0)
        return 2;
    in.program = cli_key_upper(program);
    in.status = st;
    return cli_entity_list(r, &cli_assumption_entity, "ListAssumptions",
                           &in.base, "assumptions", assumption_table_print,
                           "No assumptions.");
}

/* -------------------------------------------------------------- table */

static int issue_add(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, issue_add_run);
}

static int issue_list(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, issue_list_run);
}

static int assumption_add(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, assumption_add_run);
}

static int assumption_list(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, assumption_list_run);
}

const cli_command cli_issue_commands[] = {
    {"issue add",
     "PROGRAM --title T [--severity S] [--owner U] [--due DATE] "
     "[--escalation team|program|sponsor] [--item REF]... [--risk ID]... "
     "[--decision ID]... [--description D]",
     "log an issue, linked to work items, risks and decisions", issue_add},
    {"issue list", "PROGRAM [--status S] [--severity S] [--owner U]",
     "a program's issues; ! marks a passed due date", issue_list},
    {"issue show", CLI_ENTITY_SHOW_USAGE, "one issue", cli_entity_show},
    {"issue update",
     CLI_ENTITY_UPDATE_USAGE " [--item REF]... [--risk ID]... "
                             "[--decision ID]...",
     "change fields (status, severity, owner, due, resolution, ...); "
     "--item, --risk and --decision replace that list of links",
     cli_entity_update},
    {"issue delete", CLI_ENTITY_DELETE_USAGE, "delete an issue",
     cli_entity_delete},
    {NULL, NULL, NULL, NULL},
};

const cli_command cli_assumption_commands[] = {
    {"assumption add",
     "PROGRAM --statement S [--owner U] [--validate-by DATE] [--note N]",
     "record an assumption to check", assumption_add},
    {"assumption list", "PROGRAM [--status S] [--overdue]",
     "a program's assumptions; ! marks a passed validate-by date",
     assumption_list},
    {"assumption show", CLI_ENTITY_SHOW_USAGE, "one assumption",
     cli_entity_show},
    {"assumption update", CLI_ENTITY_UPDATE_USAGE,
     "change fields (status=validated|invalidated, note, by, ...)",
     cli_entity_update},
    {"assumption delete", CLI_ENTITY_DELETE_USAGE, "delete an assumption",
     cli_entity_delete},
    {NULL, NULL, NULL, NULL},
};
