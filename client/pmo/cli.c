/* client/pmo/cli.c - the pmo command line: global flags and dispatch. */
#include "cli.h"
#include "pbjson.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const cli_command *const cli_tables[] = {
    cli_auth_commands,
    cli_server_commands,
    NULL,
};

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

const char *cli_take_option(cli_ctx *ctx, const char *name)
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

int cli_no_more_args(cli_ctx *ctx, const char *cmd)
{
    if (ctx->argc == 0)
        return 0;
    fprintf(stderr, "pmo %s: unexpected argument \"%s\" (see pmo help)\n",
            cmd, ctx->argv[0]);
    return 2;
}

void cli_print_json(const ProtobufCMessage *m)
{
    pbjson_write(stdout, m, 2);
    fputc('\n', stdout);
}

static void cli_usage(FILE *out)
{
    fprintf(out,
            "usage: pmo [--server URL] [--ca FILE] [--server-name NAME] "
            "[--json] COMMAND [ARGS]\n\n"
            "The server and CA default to $PMO_SERVER and $PMO_CA, then to "
            "what the last\n\"pmo login\" used, then to the config file in "
            "$PMO_CONFIG_DIR (~/.config/pmo).\n\nCommands:\n");
    for (int t = 0; cli_tables[t]; t++)
        for (const cli_command *c = cli_tables[t]; c->name; c++) {
            char head[64];
            snprintf(head, sizeof(head), "%s %s", c->name, c->usage);
            fprintf(out, "  %-34s %s\n", head, c->help);
        }
}

static const cli_command *cli_find(const char *name)
{
    for (int t = 0; cli_tables[t]; t++)
        for (const cli_command *c = cli_tables[t]; c->name; c++)
            if (strcmp(c->name, name) == 0)
                return c;
    return NULL;
}

/* Global flags come before the command; returns the command's index. */
static int cli_global_flags(cli_ctx *ctx, int argc, char **argv)
{
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        const char **slot = !strcmp(a, "--server")        ? &ctx->flags.server
                            : !strcmp(a, "--ca")          ? &ctx->flags.ca
                            : !strcmp(a, "--server-name") ? &ctx->flags.server_name
                                                          : NULL;
        if (slot && i + 1 < argc) {
            *slot = argv[++i];
        } else if (!strcmp(a, "--json")) {
            ctx->json = true;
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
    if (at == -2 || (at > 0 && at < argc && !strcmp(argv[at], "help"))) {
        cli_usage(stdout);
        return 0;
    }
    if (at < 0 || at >= argc) {
        cli_usage(stderr);
        return 2;
    }
    const cli_command *cmd = cli_find(argv[at]);
    if (cmd == NULL) {
        fprintf(stderr, "pmo: no command \"%s\" (see pmo help)\n", argv[at]);
        return 2;
    }
    /* --json may also follow the command, where people tend to put it. */
    ctx.argc = argc - at - 1;
    ctx.argv = argv + at + 1;
    if (cli_take_switch(&ctx, "--json"))
        ctx.json = true;
    char err[300];
    if (cli_target_resolve(&ctx.target, &ctx.flags, err, sizeof(err)) != 0) {
        fprintf(stderr, "pmo: %s\n", err);
        return 2;
    }
    int rc = cmd->run(&ctx);
    cli_target_fini(&ctx.target);
    return rc;
}
