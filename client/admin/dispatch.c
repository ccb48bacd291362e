/* client/admin/dispatch.c - finding a command in the tables, help, quit. */
#include "admin.h"

#include <stdio.h>
#include <string.h>

#define ADMIN_HELP_WIDTH_MAX 34

static bool admin_command_matches(const admin_command *c, int argc,
                                  const char **argv)
{
    if (strcmp(c->group, argv[0]) != 0)
        return false;
    return c->verb == NULL || (argc > 1 && strcmp(c->verb, argv[1]) == 0);
}

static const admin_command *admin_command_find(int argc, const char **argv)
{
    for (int t = 0; admin_tables[t]; t++)
        for (const admin_command *c = admin_tables[t]; c->group; c++)
            if (admin_command_matches(c, argc, argv))
                return c;
    return NULL;
}

static void admin_command_head_format(const admin_command *c, char *out,
                                      size_t len)
{
    snprintf(out, len, "%s%s%s%s%s", c->group, c->verb ? " " : "",
             c->verb ? c->verb : "", c->usage[0] ? " " : "", c->usage);
}

static void admin_command_print(FILE *out, const admin_command *c, int width)
{
    char head[160];
    admin_command_head_format(c, head, sizeof(head));
    /* A usage too long for the column gets its help on the next line. */
    if ((int)strlen(head) > width)
        fprintf(out, "  %s\n  %-*s  %s\n", head, width, "", c->help);
    else
        fprintf(out, "  %-*s  %s\n", width, head, c->help);
}

/* The usage column fits most heads; longer ones overflow onto a line. */
static int admin_help_width_find(void)
{
    int width = 0;
    for (int t = 0; admin_tables[t]; t++)
        for (const admin_command *c = admin_tables[t]; c->group; c++) {
            char head[160];
            admin_command_head_format(c, head, sizeof(head));
            int len = (int)strlen(head);
            if (len > width && len <= ADMIN_HELP_WIDTH_MAX)
                width = len;
        }
    return width;
}

/* Prints the commands whose words start with the given ones. */
static int admin_help_print_matching(FILE *out, int argc, const char **argv)
{
    int shown = 0, width = admin_help_width_find();
    for (int t = 0; admin_tables[t]; t++)
        for (const admin_command *c = admin_tables[t]; c->group; c++) {
            bool group_ok = argc < 1 || !strcmp(c->group, argv[0]);
            bool verb_ok = argc < 2 || (c->verb && !strcmp(c->verb, argv[1]));
            if (group_ok && verb_ok) {
                admin_command_print(out, c, width);
                shown++;
            }
        }
    return shown;
}

static int admin_group_usage_fail(int argc, const char **argv)
{
    if (argc > 1)
        fprintf(stderr, ADMIN_PROG ": no command \"%s %s\"; ", argv[0],
                argv[1]);
    else
        fprintf(stderr, ADMIN_PROG ": ");
    fprintf(stderr, "%s takes one of:", argv[0]);
    for (int t = 0; admin_tables[t]; t++)
        for (const admin_command *c = admin_tables[t]; c->group; c++)
            if (c->verb && strcmp(c->group, argv[0]) == 0)
                fprintf(stderr, " %s", c->verb);
    fputc('\n', stderr);
    return 2;
}

static bool admin_args_help_wanted(int argc, const char **argv)
{
    for (int i = 0; i < argc; i++)
        if (!strcmp(argv[i], "--help"))
            return true;
    return false;
}

static int admin_help_run(admin_ctx *ctx)
{
    if (ctx->argc > 2)
        return admin_usage_fail(ctx, "too many words");
    if (ctx->argc == 0) {
        admin_help_print(stdout);
        return 0;
    }
    if (admin_help_print_matching(stdout, ctx->argc, ctx->argv) == 0) {
        fprintf(stderr, ADMIN_PROG ": no command \"%s%s%s\"\n", ctx->argv[0],
                ctx->argc > 1 ? " " : "", ctx->argc > 1 ? ctx->argv[1] : "");
        return 2;
    }
    return 0;
}

static int admin_quit_run(admin_ctx *ctx)
{
    if (ctx->argc > 0)
        return admin_usage_fail(ctx, "unexpected argument \"%s\"",
                                ctx->argv[0]);
    return ADMIN_QUIT;
}

bool admin_group_has_verbs(const char *group)
{
    for (int t = 0; admin_tables[t]; t++)
        for (const admin_command *c = admin_tables[t]; c->group; c++)
            if (c->verb && strcmp(c->group, group) == 0)
                return true;
    return false;
}

void admin_help_print(FILE *out)
{
    fputs("usage: " ADMIN_PROG " [--server URL] [--ca FILE] [--server-name "
          "NAME]\n"
          "                 [--cert FILE --key FILE] [--insecure] [--json] "
          "[COMMAND [ARGS]]\n\n"
          "Administers a pmo server over RPC as an admin user. With a "
          "command, runs it and\nexits with its status. Without one, reads "
          "commands: an interactive shell on a\nterminal, one command a "
          "line from a pipe (where --password-stdin takes the\nnext line). "
          "The server, CA and session come from the flags, $PMO_SERVER "
          "and\n$PMO_CA, then the last login ($PMO_CONFIG_DIR, "
          "~/.config/pmo); $PMO_TOKEN,\nwhen set, is an API token sent "
          "instead of the login session.\n\nCommands:\n",
          out);
    admin_help_print_matching(out, 0, NULL);
}

int admin_dispatch(admin_ctx *ctx, int argc, const char **argv)
{
    if (argc == 0)
        return 0;
    const admin_command *c = admin_command_find(argc, argv);
    if (c == NULL && admin_group_has_verbs(argv[0]))
        return admin_group_usage_fail(argc, argv);
    if (c == NULL) {
        fprintf(stderr, ADMIN_PROG ": no command \"%s\" (see help)\n", argv[0]);
        return 2;
    }
    int words = c->verb ? 2 : 1;
    if (admin_args_help_wanted(argc - words, argv + words)) {
        admin_command_print(stdout, c, admin_help_width_find());
        return 0;
    }
    /* --json given with one command in the shell lasts for that command. */
    bool json = ctx->json;
    ctx->cmd = c;
    ctx->argc = argc - words;
    ctx->argv = argv + words;
    int rc = c->run(ctx);
    /*
     * A kept connection would make a call to a stopped server wait out
     * its timeout for a restart; a fresh one per command fails at once.
     */
    admin_client_close(ctx);
    ctx->json = json;
    ctx->cmd = NULL;
    return rc;
}

const admin_command admin_shell_commands[] = {
    {"help", NULL, "[COMMAND]", "the commands, or one command's usage",
     admin_help_run},
    {"quit", NULL, "", "leave the shell", admin_quit_run},
    {"exit", NULL, "", "leave the shell", admin_quit_run},
    {NULL, NULL, NULL, NULL, NULL},
};

const admin_command *const admin_tables[] = {
    admin_auth_commands,
    admin_user_commands,
    admin_session_commands,
    admin_service_account_commands,
    admin_token_commands,
    admin_audit_commands,
    admin_server_commands,
    admin_backup_commands,
    admin_shell_commands,
    NULL,
};
