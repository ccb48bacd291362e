/*
 * client/pmo/cli.h - what every pmo command gets: parsed global flags, a
 * connected client, and helpers to print results for people or as JSON.
 */
#ifndef PMO_CLIENT_PMO_CLI_H
#define PMO_CLIENT_PMO_CLI_H

#include "cli_session.h"
#include "pmoclient.h"

#include <stdbool.h>

typedef struct cli_ctx {
    cli_flags flags;
    cli_target target;
    bool json;
    int argc; /* the command's own arguments, after its name */
    char **argv;
} cli_ctx;

typedef struct cli_command {
    const char *name;
    const char *usage; /* arguments after the name */
    const char *help;
    int (*run)(cli_ctx *ctx);
} cli_command;

/* Connects to the resolved target; prints the reason and returns NULL. */
pmo_client *cli_open(cli_ctx *ctx, int *exit_code);

/*
 * Takes "--name VALUE" / "--name=VALUE" out of the command's arguments.
 * Returns the value (borrowed from argv) or NULL.
 */
const char *cli_take_option(cli_ctx *ctx, const char *name);
/* Takes a "--name" switch; true if it was there. */
bool cli_take_switch(cli_ctx *ctx, const char *name);
/* Fails with a usage message if arguments are left over. */
int cli_no_more_args(cli_ctx *ctx, const char *cmd);

/* Prints a message as JSON on stdout, with a newline. */
void cli_print_json(const ProtobufCMessage *m);

extern const cli_command cli_auth_commands[];
extern const cli_command cli_server_commands[];

#endif
