/*
 * client/pmo/cmd_calendar.c - pmo calendar: a program's working calendar
 * (the weekdays worked, the hours of a working day, the holidays), which
 * every date of its schedule is counted in.
 *
 * The server keeps the calendar as one versioned value and replaces it
 * whole, so every change here reads it, changes the copy and writes it
 * back against the version read: a change made in between is refused,
 * never overwritten.
 */
#include "assign.h"
#include "cli.h"
#include "common/daynum.h"
#include "parse.h"
#include "pmo/v1/program.pb-c.h"
#include "rpc.h"
#include "show.h"
#include "weekdays.h"

#include <stdio.h>
#include <string.h>

#define CALENDAR_SVC (&pmo__v1__program_service__descriptor)

/* ------------------------------------------------------------- printing */

static const char *calendar_weekday_of(const char *date)
{
    int day;
    return daynum_parse(date, &day) ? cli_weekday_name(daynum_weekday(day))
                                    : "?";
}

static void calendar_holidays_print(const Pmo__V1__Calendar *c)
{
    if (c->n_holidays == 0) {
        printf("No holidays.\n");
        return;
    }
    cli_table t;
    cli_table_init(&t, 3, (const char *[]){"DATE", "DAY", "NAME"});
    cli_table_shrinkable(&t, 2);
    for (size_t i = 0; i < c->n_holidays; i++) {
        const Pmo__V1__Holiday *h = c->holidays[i];
        cli_table_add(&t,
                      (const char *[]){h->date, calendar_weekday_of(h->date),
                                       cli_or_dash(h->name)});
    }
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
}

static void calendar_print(const char *program, const Pmo__V1__Calendar *c)
{
    char week[CLI_WEEKDAYS_LEN], hours[32];
    cli_table t;
    cli_record_init(&t);
    cli_record_add(&t, "program", program);
    cli_record_add(&t, "working weekdays",
                   cli_weekdays_format(c->working_weekdays,
                                       c->n_working_weekdays, week,
                                       sizeof(week)));
    cli_record_add(&t, "hours per day",
                   cli_number_format(c->hours_per_day, hours, sizeof(hours)));
    cli_record_add_int(&t, "holidays", (int64_t)c->n_holidays);
    cli_record_add_int(&t, "version", c->version);
    cli_record_print(&t);
    cli_section_print("Holidays");
    calendar_holidays_print(c);
}

/* ------------------------------------------------------ reading, writing */

static int calendar_get(cli_rpc *r, const char *program,
                        Pmo__V1__Calendar **out)
{
    Pmo__V1__GetCalendarRequest in = PMO__V1__GET_CALENDAR_REQUEST__INIT;
    in.program = (char *)program;
    return cli_rpc_call(r, CALENDAR_SVC, "GetCalendar", &in.base,
                        (ProtobufCMessage **)out);
}

/*
 * Writes next (a changed copy of the calendar read at version) and, with
 * --json, prints what was saved; else says what changed with said, or
 * prints the calendar when said is NULL. Returns 0 or the exit code.
 */
static int calendar_write(cli_rpc *r, const char *program,
                          Pmo__V1__Calendar *next, int64_t version,
                          const char *said)
{
    Pmo__V1__UpdateCalendarRequest in = PMO__V1__UPDATE_CALENDAR_REQUEST__INIT;
    in.program = (char *)program;
    in.calendar = next;
    in.expected_version = version;
    r->subject = arena_printf(&r->mem, "the calendar of %s", program);
    Pmo__V1__Calendar *out = NULL;
    int rc = cli_rpc_call(r, CALENDAR_SVC, "UpdateCalendar", &in.base,
                          (ProtobufCMessage **)&out);
    if (rc)
        return rc;
    if (r->ctx->json)
        cli_print_json(&out->base);
    else if (said)
        printf("%s\n", said);
    else
        calendar_print(program, out);
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

/* "PROGRAM" and then max - 1 more arguments at most, the key upper-cased. */
static int calendar_args(cli_ctx *ctx, int min, int max, char **args)
{
    int n = cli_take_args(ctx, min, max, args);
    if (n < 0)
        return -1;
    cli_key_upper(args[0]);
    return n;
}

/* -------------------------------------------------------- show and set */

/* Reads PROGRAM's calendar and prints it as JSON or with print. */
static int calendar_read_print(cli_ctx *ctx, cli_rpc *r,
                               void (*print)(const char *program,
                                             const Pmo__V1__Calendar *c))
{
    char *program;
    if (calendar_args(ctx, 1, 1, &program) < 0)
        return 2;
    Pmo__V1__Calendar *c = NULL;
    int rc = calendar_get(r, program, &c);
    if (rc)
        return rc;
    if (ctx->json)
        cli_print_json(&c->base);
    else
        print(program, c);
    protobuf_c_message_free_unpacked(&c->base, NULL);
    return 0;
}

static int calendar_show_run(cli_ctx *ctx, cli_rpc *r)
{
    return calendar_read_print(ctx, r, calendar_print);
}

static const char *const calendar_settable[] = {
    "working_weekdays",
    "hours_per_day",
    NULL,
};

static const cli_assign_alias calendar_aliases[] = {
    {"weekdays", "working_weekdays"},
    {"days", "working_weekdays"},
    {"hours", "hours_per_day"},
    {NULL, NULL},
};

/* weekdays=mon-fri as ISO days; hours=7.5 above 0 and at most 24. */
static int calendar_assign_hook(cli_assign *a, const char *name,
                                const char *value)
{
    Pmo__V1__Calendar *c = (Pmo__V1__Calendar *)a->msg;
    bool week = strcmp(name, "working_weekdays") == 0;
    if (!week && strcmp(name, "hours_per_day") != 0)
        return 0;
    if (!cli_assign_mask_add(a, name)) {
        snprintf(a->err, sizeof(a->err), "%s is given twice", name);
        return -1;
    }
    char why[200];
    if (week) {
        c->working_weekdays = arena_alloc(a->mem, 7 * sizeof(uint32_t));
        if (cli_weekdays_parse(value, c->working_weekdays,
                               &c->n_working_weekdays, why, sizeof(why)) == 0)
            return 1;
    } else if (cli_parse_number(value, 0, &c->hours_per_day, why,
                                sizeof(why)) == 0) {
        if (c->hours_per_day > 0 && c->hours_per_day <= 24)
            return 1;
        snprintf(why, sizeof(why), "must be above 0 and at most 24: '%s'",
                 value);
    }
    snprintf(a->err, sizeof(a->err), "%s: %s", name, why);
    return -1;
}

static const cli_assign_spec calendar_assign_spec = {
    .desc = &pmo__v1__calendar__descriptor,
    .fields = calendar_settable,
    .aliases = calendar_aliases,
    .hook = calendar_assign_hook,
};

static int calendar_set_run(cli_ctx *ctx, cli_rpc *r)
{
    char **args =
        arena_alloc(&r->mem, (size_t)(ctx->argc + 1) * sizeof(char *));
    int n = calendar_args(ctx, 2, -1, args);
    if (n < 0)
        return 2;
    Pmo__V1__Calendar change = PMO__V1__CALENDAR__INIT;
    cli_assign a;
    cli_assign_init(&a, &calendar_assign_spec, &change.base, &r->mem);
    if (cli_assign_words(&a, n - 1, args + 1) != 0)
        return cli_usage_fail(ctx, "%s", a.err);
    Pmo__V1__Calendar *cur = NULL;
    int rc = calendar_get(r, args[0], &cur);
    if (rc || (rc = cli_assign_merge_args(ctx, &a, &cur->base)) != 0) {
        if (cur)
            protobuf_c_message_free_unpacked(&cur->base, NULL);
        return rc;
    }
    /* What was not given stays as read; 0 hours keep the stored ones. */
    Pmo__V1__Calendar next = *cur;
    if (cli_assign_mask_has(&a, "working_weekdays")) {
        next.working_weekdays = change.working_weekdays;
        next.n_working_weekdays = change.n_working_weekdays;
    }
    next.hours_per_day = change.hours_per_day;
    rc = calendar_write(r, args[0], &next, cur->version, NULL);
    protobuf_c_message_free_unpacked(&cur->base, NULL);
    return rc;
}

/* -------------------------------------------------------------- holidays */

/* The index of the holiday on date in c, or -1. */
static int calendar_holiday_at(const Pmo__V1__Calendar *c, const char *date)
{
    for (size_t i = 0; i < c->n_holidays; i++)
        if (strcmp(c->holidays[i]->date, date) == 0)
            return (int)i;
    return -1;
}

/* "2026-12-25 (Christmas)", or the date alone for a holiday without name. */
static const char *calendar_holiday_text(arena *mem, const char *date,
                                         const char *name)
{
    return name[0] ? arena_printf(mem, "%s (%s)", date, name)
                   : arena_strdup(mem, date);
}

/* A holiday on a day not worked moves nothing: worth saying so. */
static void calendar_rest_day_note(cli_rpc *r, const Pmo__V1__Calendar *c,
                                   const char *date)
{
    int day;
    if (!daynum_parse(date, &day))
        return;
    uint32_t wd = (uint32_t)daynum_weekday(day);
    for (size_t i = 0; i < c->n_working_weekdays; i++)
        if (c->working_weekdays[i] == wd)
            return;
    fprintf(stderr,
            "%s: note: %s is a %s, not a working weekday, so the "
            "schedule does not change\n",
            r->prog, date, cli_weekday_name((int)wd));
}

/* "PROGRAM DATE": the key upper-cased, the date checked. */
static int calendar_holiday_args(cli_ctx *ctx, char **program,
                                 char date[CLI_DATE_LEN])
{
    char *args[2], why[200];
    if (calendar_args(ctx, 2, 2, args) < 0)
        return 2;
    if (cli_parse_date(args[1], false, date, why, sizeof(why)) != 0)
        return cli_usage_fail(ctx, "DATE: %s", why);
    *program = args[0];
    return 0;
}

static int calendar_holiday_add_run(cli_ctx *ctx, cli_rpc *r)
{
    const char *name = cli_take_option(ctx, "--name");
    char *program = NULL, date[CLI_DATE_LEN];
    int rc = calendar_holiday_args(ctx, &program, date);
    Pmo__V1__Calendar *cur = NULL;
    if (rc || (rc = calendar_get(r, program, &cur)) != 0)
        return rc;
    int at = calendar_holiday_at(cur, date);
    if (at >= 0) {
        fprintf(stderr,
                "%s: %s is already a holiday of %s (%s); remove it first "
                "to rename it\n",
                r->prog, date, program, cli_or_dash(cur->holidays[at]->name));
        protobuf_c_message_free_unpacked(&cur->base, NULL);
        return 4;
    }
    Pmo__V1__Holiday h = PMO__V1__HOLIDAY__INIT;
    h.date = date;
    h.name = (char *)(name ? name : "");
    Pmo__V1__Calendar next = *cur;
    next.holidays =
        arena_alloc(&r->mem, (cur->n_holidays + 1) * sizeof(*next.holidays));
    if (cur->n_holidays)
        memcpy(next.holidays, cur->holidays,
               cur->n_holidays * sizeof(*next.holidays));
    next.holidays[next.n_holidays++] = &h;
    const char *said =
        arena_printf(&r->mem, "Added holiday %s to %s.",
                     calendar_holiday_text(&r->mem, date, h.name), program);
    rc = calendar_write(r, program, &next, cur->version, said);
    if (rc == 0)
        calendar_rest_day_note(r, cur, date);
    protobuf_c_message_free_unpacked(&cur->base, NULL);
    return rc;
}

static int calendar_holiday_remove_run(cli_ctx *ctx, cli_rpc *r)
{
    char *program = NULL, date[CLI_DATE_LEN];
    int rc = calendar_holiday_args(ctx, &program, date);
    Pmo__V1__Calendar *cur = NULL;
    if (rc || (rc = calendar_get(r, program, &cur)) != 0)
        return rc;
    int at = calendar_holiday_at(cur, date);
    if (at < 0) {
        fprintf(stderr,
                "%s: %s is no holiday of %s (see pmo calendar show "
                "%s)\n",
                r->prog, date, program, program);
        protobuf_c_message_free_unpacked(&cur->base, NULL);
        return 3;
    }
    const char *said = arena_printf(
        &r->mem, "Removed holiday %s from %s.",
        calendar_holiday_text(&r->mem, date, cur->holidays[at]->name), program);
    Pmo__V1__Calendar next = *cur;
    next.holidays =
        arena_alloc(&r->mem, (cur->n_holidays + 1) * sizeof(*next.holidays));
    next.n_holidays = 0;
    for (size_t i = 0; i < cur->n_holidays; i++)
        if ((int)i != at)
            next.holidays[next.n_holidays++] = cur->holidays[i];
    rc = calendar_write(r, program, &next, cur->version, said);
    protobuf_c_message_free_unpacked(&cur->base, NULL);
    return rc;
}

static void calendar_holidays_only(const char *program,
                                   const Pmo__V1__Calendar *c)
{
    (void)program;
    calendar_holidays_print(c);
}

static int calendar_holiday_list_run(cli_ctx *ctx, cli_rpc *r)
{
    return calendar_read_print(ctx, r, calendar_holidays_only);
}

/* ------------------------------------------------------------- commands */

static int calendar_show(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, calendar_show_run);
}

static int calendar_set(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, calendar_set_run);
}

static int calendar_holiday_add(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, calendar_holiday_add_run);
}

static int calendar_holiday_remove(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, calendar_holiday_remove_run);
}

static int calendar_holiday_list(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, calendar_holiday_list_run);
}

const cli_command cli_calendar_commands[] = {
    {"calendar show", "PROGRAM",
     "the working calendar: weekdays, hours per day, holidays", calendar_show},
    {"calendar set", "PROGRAM field=value...",
     "change weekdays (weekdays=mon-fri, sun-thu, mon,wed,fri; "
     "weekdays+=sat, weekdays-=fri) or hours=7.5",
     calendar_set},
    {"calendar holiday add", "PROGRAM DATE [--name N]",
     "a day off: no work is scheduled on it", calendar_holiday_add},
    {"calendar holiday remove", "PROGRAM DATE", "a day worked again",
     calendar_holiday_remove},
    {"calendar holiday list", "PROGRAM", "the holidays, by date",
     calendar_holiday_list},
    {NULL, NULL, NULL, NULL},
};
