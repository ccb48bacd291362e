/*
 * client/pmo/cli.h - what every pmo command gets: parsed global flags, a
 * connected client, and helpers to print results for people or as JSON.
 */
#ifndef PMO_CLIENT_PMO_CLI_H
#define PMO_CLIENT_PMO_CLI_H

#include "cli_session.h"
#include "pmoclient.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct cli_command cli_command;

typedef struct cli_ctx {
    const cli_command *cmd; /* the command being run */
    cli_flags flags;
    cli_target target;
    bool json;
    bool csv; /* tables as CSV on stdout, the rest on stderr */
    int argc; /* the command's own arguments, after its name */
    char **argv;
    /*
     * The first option of one value that was given more than once, which
     * cli_take_args and cli_no_more_args report; NULL if none.
     */
    const char *repeated;
} cli_ctx;

/*
 * One row per command. A name may be two words ("task add"): the first
 * groups commands in the help and the second picks one of the group.
 */
struct cli_command {
    const char *name;
    const char *usage; /* arguments after the name */
    const char *help;
    int (*run)(cli_ctx *ctx);
};

/* Connects to the resolved target; prints the reason and returns NULL. */
pmo_client *cli_open(cli_ctx *ctx, int *exit_code);

/*
 * Takes "--name VALUE" / "--name=VALUE" out of the command's arguments.
 * Returns the value (borrowed from argv) or NULL. The option takes one
 * value: given again, it is left in place and ctx->repeated names it, so
 * that taking the arguments fails saying it was given twice.
 */
const char *cli_take_option(cli_ctx *ctx, const char *name);
/*
 * The same for an option that may be given many times: takes the first
 * one left; call it until it returns NULL.
 */
const char *cli_take_repeated(cli_ctx *ctx, const char *name);
/* Takes a "--name" switch; true if it was there. */
bool cli_take_switch(cli_ctx *ctx, const char *name);
/*
 * Takes the arguments left after the options (take those first): at least
 * min and at most max (-1: any number) into out[], which has room for max
 * (or argc) pointers. An argument left that starts with "--" is an unknown
 * option. Returns how many it took, or reports a usage error and returns
 * -1 (exit 2).
 */
int cli_take_args(cli_ctx *ctx, int min, int max, char **out);
/*
 * Prints the usage and help of cmd, what both "pmo help CMD" and
 * "pmo CMD --help" print.
 */
void cli_command_help(FILE *out, const cli_command *cmd);
/* Fails with a usage message if arguments are left over. */
int cli_no_more_args(cli_ctx *ctx, const char *cmd);
/*
 * Prints "pmo CMD: PROBLEM (usage: pmo CMD USAGE)" as one line on stderr
 * and returns 2, the exit code of a usage error.
 */
int cli_usage_fail(cli_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Prints a message as JSON on stdout, with a newline. */
void cli_print_json(const ProtobufCMessage *m);

/*
 * What the schedule commands share (defined in cmd_schedule.c).
 *
 * cli_sched_args takes "--status-date DATE" into date (CLI_DATE_LEN bytes;
 * "" when absent, which the server reads as today), then min to max
 * arguments into args, the first a program key, upper-cased; those not
 * given are "". Returns 0, or reports a usage error and returns 2.
 */
int cli_sched_args(cli_ctx *ctx, char *date, char **args, int min, int max);

/*
 * Calls ScheduleService/method with in and prints the reply: as JSON with
 * --json, else with print(reply, arg); then frees it. Returns 0, or the
 * exit code of the failure it reported.
 */
struct cli_rpc;
typedef void cli_sched_print_fn(const ProtobufCMessage *reply, const void *arg);
int cli_sched_show(struct cli_rpc *r, const char *method,
                   const ProtobufCMessage *in, cli_sched_print_fn *print,
                   const void *arg);

/* Working days with their sign, as slips read: "+3", "-1.5", "0". */
const char *cli_sched_slip(double days, char *out, size_t len);

/*
 * Prints the radar entries linked to program (a section of program show);
 * nothing when there are none or they cannot be read.
 */
struct cli_rpc;
void cli_radar_section(struct cli_rpc *r, const char *program);

extern const cli_command cli_auth_commands[];
extern const cli_command cli_token_commands[];
extern const cli_command cli_server_commands[];
extern const cli_command cli_program_commands[];
extern const cli_command cli_calendar_commands[];
extern const cli_command cli_dayoff_commands[];
extern const cli_command cli_person_commands[];
extern const cli_command cli_team_commands[];
extern const cli_command cli_project_commands[];
extern const cli_command cli_task_commands[];
extern const cli_command cli_dep_commands[];
extern const cli_command cli_tree_commands[];
extern const cli_command cli_stakeholder_commands[];
extern const cli_command cli_comment_commands[];
extern const cli_command cli_watch_commands[];
extern const cli_command cli_import_commands[];
extern const cli_command cli_mspdi_commands[];
extern const cli_command cli_schedule_commands[];
extern const cli_command cli_gantt_commands[];
extern const cli_command cli_baseline_commands[];
extern const cli_command cli_forecast_commands[];
extern const cli_command cli_evm_commands[];
extern const cli_command cli_load_commands[];
extern const cli_command cli_risk_commands[];
extern const cli_command cli_issue_commands[];
extern const cli_command cli_assumption_commands[];
extern const cli_command cli_decision_commands[];
extern const cli_command cli_radar_commands[];
extern const cli_command cli_budget_commands[];
extern const cli_command cli_cost_commands[];
extern const cli_command cli_vendor_commands[];
extern const cli_command cli_action_commands[];
extern const cli_command cli_meeting_commands[];
extern const cli_command cli_gate_commands[];
extern const cli_command cli_retro_commands[];
extern const cli_command cli_lesson_commands[];
extern const cli_command cli_report_commands[];
extern const cli_command cli_status_commands[];

#endif
