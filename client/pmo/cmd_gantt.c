/*
 * client/pmo/cmd_gantt.c - pmo gantt: the computed schedule as a Gantt
 * chart in the terminal (drawn by gantt.c), fitted to its width.
 */
#include "cli.h"
#include "common/daynum.h"
#include "gantt.h"
#include "parse.h"
#include "pmo/v1/schedule.pb-c.h"
#include "rpc.h"
#include "table.h"

#include <stdio.h>

/* Narrower than this, not even a label and a few days fit. */
#define GANTT_MIN_WIDTH 20
#define GANTT_MAX_WIDTH 10000

/* --from / --to as a day number; GANTT_NO_DAY when not given. */
static int gantt_day_take(cli_ctx *ctx, const char *name, int *day)
{
    const char *text = cli_take_option(ctx, name);
    char date[CLI_DATE_LEN], why[200];
    *day = GANTT_NO_DAY;
    if (text == NULL)
        return 0;
    if (cli_parse_date(text, false, date, why, sizeof(why)) != 0)
        return cli_usage_fail(ctx, "%s: %s", name, why);
    if (!daynum_parse(date, day))
        return cli_usage_fail(ctx, "%s: not from 1900 to 2999: '%s'", name,
                              text);
    return 0;
}

/* The options of the drawing: window, width, colour, today. */
static int gantt_opts_take(cli_ctx *ctx, gantt_opts *o)
{
    const char *width = cli_take_option(ctx, "--width");
    char why[200], today[CLI_DATE_LEN];
    int rc = gantt_day_take(ctx, "--from", &o->from);
    if (rc || (rc = gantt_day_take(ctx, "--to", &o->to)))
        return rc;
    if (o->from != GANTT_NO_DAY && o->to != GANTT_NO_DAY && o->to < o->from)
        return cli_usage_fail(ctx, "--to is before --from");
    int64_t w = cli_term_width(stdout);
    if (width && cli_parse_int(width, GANTT_MIN_WIDTH, GANTT_MAX_WIDTH, &w, why,
                               sizeof(why)) != 0)
        return cli_usage_fail(ctx, "--width: %s", why);
    o->width = (int)w;
    o->color = cli_term_color(stdout);
    o->utf8 = cli_term_utf8();
    /* Today as people here see it, as "today" in a date option means. */
    cli_date_today(0, today);
    if (!daynum_parse(today, &o->today))
        o->today = GANTT_NO_DAY;
    return 0;
}

static void gantt_print(const ProtobufCMessage *reply, const void *arg)
{
    const Pmo__V1__Schedule *s = (const Pmo__V1__Schedule *)reply;
    if (s->n_items == 0)
        printf("%s has no work items yet.\n", s->program);
    else
        gantt_draw(stdout, s, arg);
}

static int gantt_run(cli_ctx *ctx, cli_rpc *r)
{
    gantt_opts o;
    char date[CLI_DATE_LEN], *program;
    int rc = gantt_opts_take(ctx, &o);
    if (rc || (rc = cli_sched_args(ctx, date, &program, 1, 1)))
        return rc;
    Pmo__V1__ScheduleRequest in = PMO__V1__SCHEDULE_REQUEST__INIT;
    in.program = program;
    in.status_date = date;
    return cli_sched_show(r, "ComputeSchedule", &in.base, gantt_print, &o);
}

static int gantt_cmd(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, gantt_run);
}

const cli_command cli_gantt_commands[] = {
    {"gantt",
     "PROGRAM [--from DATE] [--to DATE] [--width N] [--status-date DATE]",
     "a Gantt chart of the schedule, critical path highlighted", gantt_cmd},
    {NULL, NULL, NULL, NULL},
};
