/* client/pmo/cli.c - the pmo command line: global flags and dispatch. */
#include "cli.h"
#include "pbjson.h"
#include "table.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Help for people lists these in this order. */
static const cli_command *const cli_tables[] = {
    cli_auth_commands,
    cli_token_commands,
    cli_server_commands,
    cli_program_commands,
    cli_calendar_commands,
    cli_dayoff_commands,
    cli_person_commands,
    cli_team_commands,
    cli_project_commands,
    cli_task_commands,
    cli_dep_commands,
    cli_tree_commands,
    cli_stakeholder_commands,
    cli_comment_commands,
    cli_watch_commands,
    cli_import_commands,
    cli_mspdi_commands,
    cli_schedule_commands,
    cli_gantt_commands,
    cli_baseline_commands,
    cli_forecast_commands,
    cli_evm_commands,
    cli_load_commands,
    cli_risk_commands,
    cli_issue_commands,
    cli_assumption_commands,
    cli_decision_commands,
    cli_action_commands,
    cli_meeting_commands,
    cli_gate_commands,
    cli_retro_commands,
    cli_radar_commands,
    cli_budget_commands,
    cli_cost_commands,
    cli_vendor_commands,
    cli_lesson_commands,
    cli_report_commands,
    cli_status_commands,
    NULL,
};

/* Help text starts in this column; longer heads put it on the next line. */
#define CLI_HELP_COLUMN 36

pmo_client *cli_open(cli_ctx *ctx, int *exit_code)
{
    pmo_client *c = NULL;
    pmo_result res;
    if (cli_connect(&ctx->target, &c, &res) != 0) {
        *exit_code = cli_report("pmo", &res);
        return NULL;
    }
    return c;
}

static void cli_remove_args(cli_ctx *ctx, int at, int count)
{
    memmove(&ctx->argv[at], &ctx->argv[at + count],
            (size_t)(ctx->argc - at - count) * sizeof(char *));
    ctx->argc -= count;
}

/* The index of the first "--name" or "--name=..." left, or -1. */
static int cli_option_at(const cli_ctx *ctx, const char *name)
{
    size_t len = strlen(name);
    for (int i = 0; i < ctx->argc; i++)
        if (strncmp(ctx->argv[i], name, len) == 0 &&
            (ctx->argv[i][len] == '=' || ctx->argv[i][len] == '\0'))
            return i;
    return -1;
}

const char *cli_take_option(cli_ctx *ctx, const char *name)
{
    const char *v = cli_take_repeated(ctx, name);
    if (v && ctx->repeated == NULL && cli_option_at(ctx, name) >= 0)
        ctx->repeated = name;
    return v;
}

const char *cli_take_repeated(cli_ctx *ctx, const char *name)
{
    size_t len = strlen(name);
    for (int i = 0; i < ctx->argc; i++) {
        const char *a = ctx->argv[i];
        if (strncmp(a, name, len) != 0)
            continue;
        if (a[len] == '=') {
            cli_remove_args(ctx, i, 1);
            return a + len + 1;
        }
        if (a[len] == '\0' && i + 1 < ctx->argc) {
            const char *v = ctx->argv[i + 1];
            cli_remove_args(ctx, i, 2);
            return v;
        }
    }
    return NULL;
}

bool cli_take_switch(cli_ctx *ctx, const char *name)
{
    for (int i = 0; i < ctx->argc; i++) {
        if (strcmp(ctx->argv[i], name) == 0) {
            cli_remove_args(ctx, i, 1);
            return true;
        }
    }
    return false;
}

/* Reports an option of one value given twice; true if there was one. */
static bool cli_repeated_fail(cli_ctx *ctx)
{
    if (ctx->repeated == NULL)
        return false;
    cli_usage_fail(ctx, "%s was given twice; it takes one value",
                   ctx->repeated);
    return true;
}

int cli_take_args(cli_ctx *ctx, int min, int max, char **out)
{
    if (cli_repeated_fail(ctx))
        return -1;
    for (int i = 0; i < ctx->argc; i++)
        if (strncmp(ctx->argv[i], "--", 2) == 0 && ctx->argv[i][2] != '\0') {
            cli_usage_fail(ctx, "unknown option %s, or it needs a value",
                           ctx->argv[i]);
            return -1;
        }
    if (ctx->argc < min) {
        cli_usage_fail(ctx, "missing arguments");
        return -1;
    }
    if (max >= 0 && ctx->argc > max) {
        cli_usage_fail(ctx, "unexpected argument \"%s\"", ctx->argv[max]);
        return -1;
    }
    int n = ctx->argc;
    for (int i = 0; i < n; i++)
        out[i] = ctx->argv[i];
    cli_remove_args(ctx, 0, n);
    return n;
}

int cli_no_more_args(cli_ctx *ctx, const char *cmd)
{
    if (cli_repeated_fail(ctx))
        return 2;
    if (ctx->argc == 0)
        return 0;
    fprintf(stderr, "pmo %s: unexpected argument \"%s\" (see pmo help)\n", cmd,
            ctx->argv[0]);
    return 2;
}

int cli_usage_fail(cli_ctx *ctx, const char *fmt, ...)
{
    const char *name = ctx->cmd ? ctx->cmd->name : "";
    fprintf(stderr, "pmo %s: ", name);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    if (ctx->cmd)
        fprintf(stderr, " (usage: pmo %s%s%s)", name,
                ctx->cmd->usage[0] ? " " : "", ctx->cmd->usage);
    fputc('\n', stderr);
    return 2;
}

void cli_print_json(const ProtobufCMessage *m)
{
    pbjson_write(stdout, m, 2);
    fputc('\n', stdout);
}

static void cli_usage_line(FILE *out, const cli_command *c)
{
    int n = fprintf(out, "  %s%s%s", c->name, c->usage[0] ? " " : "", c->usage);
    if (n >= CLI_HELP_COLUMN - 1)
        fprintf(out, "\n%*s%s\n", CLI_HELP_COLUMN, "", c->help);
    else
        fprintf(out, "%*s%s\n", CLI_HELP_COLUMN - n, "", c->help);
}

static void cli_usage(FILE *out)
{
    fprintf(out,
            "usage: pmo [--server URL] [--ca FILE] [--server-name NAME] "
            "[--cert FILE --key FILE] [--json|--csv] COMMAND [ARGS]\n\n"
            "The server and CA default to $PMO_SERVER and $PMO_CA, then to "
            "what the last\n\"pmo login\" used, then to the config file in "
            "$PMO_CONFIG_DIR (~/.config/pmo).\n$PMO_TOKEN, when set, is an API "
            "token (pmo token create) sent instead of the\nlogin "
            "session.\n\nCommands:\n");
    for (int t = 0; cli_tables[t]; t++)
        for (const cli_command *c = cli_tables[t]; c->name; c++)
            cli_usage_line(out, c);
}

void cli_command_help(FILE *out, const cli_command *cmd)
{
    fprintf(out, "usage: pmo %s%s%s\n\n%s\n", cmd->name,
            cmd->usage[0] ? " " : "", cmd->usage, cmd->help);
}

/* How many words of name the arguments start with (0 if not all of it). */
static int cli_name_match(const char *name, int argc, char **argv)
{
    int words = 0;
    for (const char *p = name; *p; words++) {
        size_t len = strcspn(p, " ");
        if (words >= argc || strlen(argv[words]) != len ||
            strncmp(argv[words], p, len) != 0)
            return 0;
        p += len;
        p += *p == ' ';
    }
    return words;
}

/* The command the arguments name, and how many words that took. */
static const cli_command *cli_find(int argc, char **argv, int *words)
{
    for (int t = 0; cli_tables[t]; t++)
        for (const cli_command *c = cli_tables[t]; c->name; c++)
            if ((*words = cli_name_match(c->name, argc, argv)) > 0)
                return c;
    return NULL;
}

/* "pmo task --help": every command of the group with its usage. */
static bool cli_group_help(const char *group)
{
    size_t len = strlen(group);
    bool found = false;
    for (int t = 0; cli_tables[t]; t++)
        for (const cli_command *c = cli_tables[t]; c->name; c++)
            if (strncmp(c->name, group, len) == 0 && c->name[len] == ' ') {
                cli_usage_line(stdout, c);
                found = true;
            }
    return found;
}

/*
 * "pmo task" or "pmo task frobnicate": one line naming the group's
 * commands. False if group is not a group.
 */
static bool cli_group_usage(const char *group, const char *verb)
{
    size_t len = strlen(group);
    int found = 0;
    for (int t = 0; cli_tables[t]; t++)
        for (const cli_command *c = cli_tables[t]; c->name; c++) {
            if (strncmp(c->name, group, len) != 0 || c->name[len] != ' ')
                continue;
            if (found++ == 0) {
                if (verb)
                    fprintf(stderr,
                            "pmo %s: no command \"%s\" (one of: ", group, verb);
                else
                    fprintf(stderr, "pmo %s: which one? (one of: ", group);
            }
            fprintf(stderr, "%s%s", found > 1 ? ", " : "", c->name + len + 1);
        }
    if (found)
        fprintf(stderr, "; see pmo help)\n");
    return found > 0;
}

/*
 * The words of argv before the first option, joined by blanks into out:
 * a group ("calendar holiday") as help names it.
 */
static const char *cli_group_words(int argc, char **argv, char *out,
                                   size_t len)
{
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < argc && argv[i][0] != '-'; i++) {
        int n = snprintf(out + used, len - used, "%s%s", i ? " " : "",
                         argv[i]);
        if (n < 0 || (size_t)n >= len - used)
            break;
        used += (size_t)n;
    }
    return out;
}

/*
 * "pmo help CMD": what "pmo CMD --help" prints, for a command or for a
 * group of them.
 */
static int cli_help_topic(int argc, char **argv)
{
    int words = 0;
    char group[128];
    const cli_command *cmd = cli_find(argc, argv, &words);
    if (cmd && words == argc) {
        cli_command_help(stdout, cmd);
        return 0;
    }
    if (cli_group_help(cli_group_words(argc, argv, group, sizeof(group))))
        return 0;
    fprintf(stderr, "pmo help: no command \"%s\" (see pmo help)\n", argv[0]);
    return 2;
}

/* Global flags come before the command; returns the command's index. */
/*
 * --csv: the tables a view prints go to standard output as CSV, and
 * everything else it says (headings, notes) to standard error, so that
 * `pmo schedule KEY --csv > plan.csv` holds the table alone.
 */
static FILE *cli_csv_begin(const cli_ctx *ctx)
{
    if (ctx->json) {
        fprintf(stderr, "pmo: --csv and --json: give one\n");
        return NULL;
    }
    fflush(stdout);
    int fd = dup(STDOUT_FILENO);
    FILE *csv = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (csv == NULL || dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
        fprintf(stderr, "pmo: --csv: %s\n", strerror(errno));
        if (csv)
            fclose(csv);
        return NULL;
    }
    cli_table_csv_to(csv);
    return csv;
}

static int cli_csv_end(FILE *csv, int rc)
{
    cli_table_csv_to(NULL);
    if (fclose(csv) != 0 && rc == 0) {
        fprintf(stderr, "pmo: --csv: %s\n", strerror(errno));
        return 1;
    }
    return rc;
}

static int cli_global_flags(cli_ctx *ctx, int argc, char **argv)
{
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        const char **slot = !strcmp(a, "--server") ? &ctx->flags.server
                            : !strcmp(a, "--ca")   ? &ctx->flags.ca
                            : !strcmp(a, "--server-name")
                                ? &ctx->flags.server_name
                            : !strcmp(a, "--cert") ? &ctx->flags.cert
                            : !strcmp(a, "--key")  ? &ctx->flags.key
                                                   : NULL;
        if (slot && i + 1 < argc) {
            *slot = argv[++i];
        } else if (!strcmp(a, "--json")) {
            ctx->json = true;
        } else if (!strcmp(a, "--csv")) {
            ctx->csv = true;
        } else if (!strcmp(a, "--insecure")) {
            ctx->flags.insecure = true;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            return -2;
        } else if (!strcmp(a, "--version")) {
            return -3;
        } else {
            fprintf(stderr, "pmo: unknown or incomplete option %s\n", a);
            return -1;
        }
    }
    return i;
}

int main(int argc, char **argv)
{
    cli_ctx ctx = {0};
    int at = cli_global_flags(&ctx, argc, argv);
    if (at == -3) {
        printf("pmo %s\n", PMO_VERSION);
        return 0;
    }
    if (at > 0 && at + 1 < argc && !strcmp(argv[at], "help"))
        return cli_help_topic(argc - at - 1, argv + at + 1);
    if (at == -2 || (at > 0 && at < argc && !strcmp(argv[at], "help"))) {
        cli_usage(stdout);
        return 0;
    }
    if (at < 0 || at >= argc) {
        cli_usage(stderr);
        return 2;
    }
    int words = 0;
    const cli_command *cmd = cli_find(argc - at, argv + at, &words);
    /* "pmo calendar holiday --help": the option after a group's words. */
    bool help = false;
    for (int i = at + 1; i < argc && !help; i++)
        help = !strcmp(argv[i], "--help") || !strcmp(argv[i], "-h");
    char group[128];
    if (cmd == NULL && help &&
        cli_group_help(cli_group_words(argc - at, argv + at, group,
                                       sizeof(group))))
        return 0;
    if (cmd == NULL) {
        if (cli_group_usage(argv[at], at + 1 < argc ? argv[at + 1] : NULL))
            return 2;
        fprintf(stderr, "pmo: no command \"%s\" (see pmo help)\n", argv[at]);
        return 2;
    }
    ctx.cmd = cmd;
    /* --json may also follow the command, where people tend to put it. */
    ctx.argc = argc - at - words;
    ctx.argv = argv + at + words;
    if (cli_take_switch(&ctx, "--json"))
        ctx.json = true;
    if (cli_take_switch(&ctx, "--csv"))
        ctx.csv = true;
    if (cli_take_switch(&ctx, "--help") || cli_take_switch(&ctx, "-h")) {
        cli_command_help(stdout, cmd);
        return 0;
    }
    char err[300];
    if (cli_target_resolve(&ctx.target, &ctx.flags, err, sizeof(err)) != 0) {
        fprintf(stderr, "pmo: %s\n", err);
        return 2;
    }
    FILE *csv = NULL;
    if (ctx.csv && (csv = cli_csv_begin(&ctx)) == NULL) {
        cli_target_fini(&ctx.target);
        return 2;
    }
    int rc = cmd->run(&ctx);
    if (csv)
        rc = cli_csv_end(csv, rc);
    cli_target_fini(&ctx.target);
    return rc;
}
