/* client/admin/admin.h - the command table and what every command shares. */

/*
 * One table of commands drives dispatch, help and shell completion, so a
 * new command is one row and one handler.
 */
#ifndef PMO_CLIENT_ADMIN_ADMIN_H
#define PMO_CLIENT_ADMIN_ADMIN_H

#include "cli_session.h"
#include "pmoclient.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define ADMIN_PROG "pmo-admin"

/* A handler's result that ends the shell or script instead of a status. */
#define ADMIN_QUIT (-1)

typedef struct admin_command admin_command;

typedef struct admin_ctx {
    cli_flags flags;
    cli_target target;
    bool json;
    pmo_client *client; /* opened by the first call of a command */
    const admin_command *cmd;
    int argc; /* the command's own arguments, after its words */
    const char **argv;
} admin_ctx;

struct admin_command {
    const char *group; /* first word: "user" */
    const char *verb;  /* second word: "add"; NULL for one-word commands */
    const char *usage; /* arguments after the words */
    const char *help;
    int (*run)(admin_ctx *ctx);
};

/* The command tables, each ended by a row with group NULL. */
extern const admin_command admin_auth_commands[];
extern const admin_command admin_user_commands[];
extern const admin_command admin_session_commands[];
extern const admin_command admin_service_account_commands[];
extern const admin_command admin_token_commands[];
extern const admin_command admin_audit_commands[];
extern const admin_command admin_server_commands[];
extern const admin_command admin_backup_commands[];
extern const admin_command admin_shell_commands[];
extern const admin_command *const admin_tables[];

/* dispatch.c */
int admin_dispatch(admin_ctx *ctx, int argc, const char **argv);
void admin_help_print(FILE *out);
/* True when group is a command word with verbs under it. */
bool admin_group_has_verbs(const char *group);

/* args.c: options may appear anywhere among the command's arguments. */
typedef struct admin_opt {
    const char *name;   /* "--email", "-n" */
    const char **value; /* set for an option that takes a value */
    bool *on;           /* set for a switch */
} admin_opt;

/*
 * Fills the options (a list ended by a NULL name) and then pos[0..n_pos)
 * from the remaining words in order, the first n_required of them needed.
 * Returns 0, or prints a usage line and returns 2.
 */
int admin_args_parse(admin_ctx *ctx, const admin_opt *opts, const char **pos,
                     size_t n_pos, size_t n_required);
/*
 * Takes every "--name VALUE" (or "--name=VALUE") out of the command's
 * words, before admin_args_parse reads the rest: at most max values into
 * out[], their count in *n. Returns 0, or prints a usage line and
 * returns 2.
 */
int admin_args_take_repeated(admin_ctx *ctx, const char *name, const char **out,
                             size_t max, size_t *n);
int admin_args_parse_int64(admin_ctx *ctx, const char *what, const char *text,
                           int64_t min, int64_t max, int64_t *out);
/* Prints "pmo-admin: PROBLEM; usage: ..." and returns 2. */
int admin_usage_fail(admin_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* rpc.c */
/*
 * Calls service/method on the (lazily opened) client. Returns 0 with *out
 * to free, or reports the failure on stderr and returns the exit code.
 */
int admin_rpc_call(admin_ctx *ctx, const ProtobufCServiceDescriptor *svc,
                   const char *method, const ProtobufCMessage *in,
                   ProtobufCMessage **out);
/*
 * Calls service/method and shows the reply: as JSON with --json, else
 * with show(reply); then frees it. Returns 0 or the exit code reported.
 */
typedef void admin_show_fn(const ProtobufCMessage *reply);
int admin_rpc_show(admin_ctx *ctx, const ProtobufCServiceDescriptor *svc,
                   const char *method, const ProtobufCMessage *in,
                   admin_show_fn *show);
void admin_client_close(admin_ctx *ctx);
void admin_json_print(const ProtobufCMessage *m);
/* Overwrites a secret held in an unpacked message before it is freed. */
void admin_secret_wipe(char *s);

/* table.c: columns sized to their widest cell. */
typedef struct admin_table {
    size_t n_cols;
    size_t n_rows; /* including the heading row, if any */
    size_t cap_rows;
    char **cells;
} admin_table;

/* heads: n_cols headings, or NULL for a table without a heading row. */
void admin_table_init(admin_table *t, size_t n_cols, const char *const *heads);
void admin_table_add(admin_table *t, const char *const *cells);
void admin_table_print(const admin_table *t, FILE *out);
void admin_table_fini(admin_table *t);

/* shell.c */
struct tokenizer;
/* Splits a line into words (with quotes) and runs it; "#" starts a note. */
int admin_line_run(admin_ctx *ctx, struct tokenizer *tok, const char *line);
int admin_shell_run(admin_ctx *ctx);

#endif
