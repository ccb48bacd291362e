/* client/admin/main.c - global flags; one command, a script or the shell. */
#include "admin.h"

#include <histedit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ADMIN_FLAGS_HELP    (-2)
#define ADMIN_FLAGS_VERSION (-3)

static const char **admin_flag_slot_find(admin_ctx *ctx, const char *flag)
{
    if (!strcmp(flag, "--server"))
        return &ctx->flags.server;
    if (!strcmp(flag, "--ca"))
        return &ctx->flags.ca;
    if (!strcmp(flag, "--server-name"))
        return &ctx->flags.server_name;
    if (!strcmp(flag, "--cert"))
        return &ctx->flags.cert;
    if (!strcmp(flag, "--key"))
        return &ctx->flags.key;
    return NULL;
}

/* Flags before the command; returns the command's index or a negative. */
static int admin_flags_parse(admin_ctx *ctx, int argc, char **argv)
{
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        const char **slot = admin_flag_slot_find(ctx, a);
        if (slot && i + 1 < argc) {
            *slot = argv[++i];
        } else if (!strcmp(a, "--json")) {
            ctx->json = true;
        } else if (!strcmp(a, "--insecure")) {
            ctx->flags.insecure = true;
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            return ADMIN_FLAGS_HELP;
        } else if (!strcmp(a, "--version")) {
            return ADMIN_FLAGS_VERSION;
        } else {
            fprintf(stderr,
                    ADMIN_PROG
                    ": unknown or incomplete option %s; usage: " ADMIN_PROG
                    " [--server URL] [--ca FILE] [--server-name "
                    "NAME] [--cert FILE --key FILE] [--insecure] [--json] "
                    "[COMMAND [ARGS]]\n",
                    a);
            return -1;
        }
    }
    return i;
}

/*
 * Scripts keep going after a failed command, like sh without -e, and
 * exit with the status of the last one that failed.
 */
static int admin_script_run(admin_ctx *ctx)
{
    Tokenizer *tok = tok_init(NULL);
    char *line = NULL;
    size_t cap = 0;
    int failed = 0;
    while (getline(&line, &cap, stdin) > 0) {
        int rc = admin_line_run(ctx, tok, line);
        if (rc == ADMIN_QUIT)
            break;
        if (rc != 0)
            failed = rc;
        /* Keeps each command's output ahead of the next one's errors. */
        fflush(stdout);
    }
    if (line)
        explicit_bzero(line, cap);
    free(line);
    tok_end(tok);
    return failed;
}

static int admin_mode_run(admin_ctx *ctx, int argc, char **argv, int at)
{
    if (at < argc)
        return admin_dispatch(ctx, argc - at, (const char **)argv + at);
    if (isatty(STDIN_FILENO))
        return admin_shell_run(ctx);
    return admin_script_run(ctx);
}

int main(int argc, char **argv)
{
    admin_ctx ctx = {0};
    int at = admin_flags_parse(&ctx, argc, argv);
    if (at == ADMIN_FLAGS_VERSION) {
        printf(ADMIN_PROG " %s\n", PMO_VERSION);
        return 0;
    }
    if (at == ADMIN_FLAGS_HELP) {
        admin_help_print(stdout);
        return 0;
    }
    if (at < 0)
        return 2;
    char err[300];
    if (cli_target_resolve(&ctx.target, &ctx.flags, err, sizeof(err)) != 0) {
        fprintf(stderr, ADMIN_PROG ": %s\n", err);
        cli_target_fini(&ctx.target);
        return 2;
    }
    int rc = admin_mode_run(&ctx, argc, argv, at);
    cli_target_fini(&ctx.target);
    return rc == ADMIN_QUIT ? 0 : rc;
}
