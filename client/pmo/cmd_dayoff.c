/*
 * client/pmo/cmd_dayoff.c - pmo calendar dayoff: the days a person does
 * not work. They are kept per person and apply to every program; the
 * program named is where the change is checked (the person holds a role
 * in it). They count in pmo load and pmo level, not in the CPM dates of
 * pmo schedule.
 */
#include "cli.h"
#include "parse.h"
#include "pmo/v1/program.pb-c.h"
#include "rpc.h"
#include "show.h"

#include <stdio.h>
#include <string.h>

#define DAYOFF_SVC (&pmo__v1__program_service__descriptor)

static void dayoff_table_print(const Pmo__V1__DaysOffResponse *l)
{
    if (l->n_days_off == 0) {
        printf("No days off.\n");
        return;
    }
    cli_table t;
    cli_table_init(&t, 3, (const char *[]){"USER", "DATE", "NOTE"});
    cli_table_shrinkable(&t, 2);
    for (size_t i = 0; i < l->n_days_off; i++) {
        const Pmo__V1__DayOff *d = l->days_off[i];
        cli_table_add(&t,
                      (const char *[]){d->user, d->date, cli_or_dash(d->note)});
    }
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
}

/* Calls method with in, then prints the days (said: "Added", ...). */
static int dayoff_call(cli_rpc *r, const char *method,
                       const ProtobufCMessage *in, const char *said)
{
    Pmo__V1__DaysOffResponse *out = NULL;
    int rc = cli_rpc_call(r, DAYOFF_SVC, method, in, (ProtobufCMessage **)&out);
    if (rc)
        return rc;
    if (r->ctx->json)
        cli_print_json(&out->base);
    else if (said)
        printf("%s %zu day%s off:\n", said, out->n_days_off,
               out->n_days_off == 1 ? "" : "s");
    if (!r->ctx->json)
        dayoff_table_print(out);
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

/* "PROGRAM USER DATE [--to DATE]": the key upper-cased, the dates checked. */
static int dayoff_args(cli_ctx *ctx, char **args, char from[CLI_DATE_LEN],
                       char to[CLI_DATE_LEN])
{
    const char *until = cli_take_option(ctx, "--to");
    char why[200];
    if (cli_take_args(ctx, 3, 3, args) < 0)
        return 2;
    cli_key_upper(args[0]);
    if (cli_parse_date(args[2], false, from, why, sizeof(why)) != 0)
        return cli_usage_fail(ctx, "DATE: %s", why);
    to[0] = '\0';
    if (until && cli_parse_date(until, false, to, why, sizeof(why)) != 0)
        return cli_usage_fail(ctx, "--to: %s", why);
    return 0;
}

static int dayoff_add_run(cli_ctx *ctx, cli_rpc *r)
{
    const char *note = cli_take_option(ctx, "--note");
    char *args[3], from[CLI_DATE_LEN], to[CLI_DATE_LEN];
    int rc = dayoff_args(ctx, args, from, to);
    if (rc)
        return rc;
    Pmo__V1__AddDaysOffRequest in = PMO__V1__ADD_DAYS_OFF_REQUEST__INIT;
    in.program = args[0];
    in.user = args[1];
    in.from = from;
    in.to = to;
    in.note = (char *)(note ? note : "");
    return dayoff_call(r, "AddDaysOff", &in.base, "Added");
}

static int dayoff_remove_run(cli_ctx *ctx, cli_rpc *r)
{
    char *args[3], from[CLI_DATE_LEN], to[CLI_DATE_LEN];
    int rc = dayoff_args(ctx, args, from, to);
    if (rc)
        return rc;
    Pmo__V1__RemoveDaysOffRequest in = PMO__V1__REMOVE_DAYS_OFF_REQUEST__INIT;
    in.program = args[0];
    in.user = args[1];
    in.from = from;
    in.to = to;
    return dayoff_call(r, "RemoveDaysOff", &in.base, "Removed");
}

static int dayoff_list_run(cli_ctx *ctx, cli_rpc *r)
{
    char *args[2] = {NULL, NULL};
    int n = cli_take_args(ctx, 1, 2, args);
    if (n < 0)
        return 2;
    Pmo__V1__ListDaysOffRequest in = PMO__V1__LIST_DAYS_OFF_REQUEST__INIT;
    in.program = cli_key_upper(args[0]);
    in.user = n > 1 ? args[1] : "";
    return dayoff_call(r, "ListDaysOff", &in.base, NULL);
}

static int dayoff_add(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, dayoff_add_run);
}

static int dayoff_remove(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, dayoff_remove_run);
}

static int dayoff_list(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, dayoff_list_run);
}

const cli_command cli_dayoff_commands[] = {
    {"calendar dayoff add", "PROGRAM USER DATE [--to DATE] [--note N]",
     "days a person does not work, in every program (pmo load and pmo "
     "level count them)",
     dayoff_add},
    {"calendar dayoff remove", "PROGRAM USER DATE [--to DATE]",
     "days a person works again", dayoff_remove},
    {"calendar dayoff list", "PROGRAM [USER]",
     "days off of a person, or of every member of the program", dayoff_list},
    {NULL, NULL, NULL, NULL},
};
