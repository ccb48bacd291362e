/*
 * client/pmo/cmd_load.c - pmo load and pmo level: how many working days
 * each person is booked each week, against the week's capacity, and what
 * resource levelling would move to take the over-allocation away.
 *
 * Neither writes: levelling is computed and shown, not applied.
 */
#include "cli.h"
#include "common/xalloc.h"
#include "parse.h"
#include "pmo/v1/schedule.pb-c.h"
#include "rpc.h"
#include "show.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Loads are compared as the server does: more than capacity, exactly. */
#define LOAD_EPSILON 1e-9
/* The blanks between table columns (client/table.c). */
#define LOAD_GAP 2
/* What the server accepts (schedule.proto). */
#define LEVEL_MAX_SCHEDULES 1000000

/* Working days (the server counts hundredths); "-" for none. */
static const char *load_days(double days, char *out, size_t len)
{
    if (fabs(days) < 0.005)
        return "-";
    return cli_number_format(days, out, len);
}

/* ---------------------------------------------------------------- load */

/* A cell: the load, with "!" when over the week's capacity. */
static const char *load_cell(const Pmo__V1__ResourceLoadResponse *l,
                             const Pmo__V1__PersonLoad *p, size_t w, char *out,
                             size_t len)
{
    char num[32];
    double days = w < p->n_days ? p->days[w] : 0;
    /* The server says (days off count); else the week's capacity. */
    bool over = w < p->n_over ? p->over[w]
                              : w < l->n_capacity_days &&
                                    days > l->capacity_days[w] + LOAD_EPSILON;
    snprintf(out, len, "%s%s", load_days(days, num, sizeof(num)),
             over ? "!" : "");
    return out;
}

/* How many weeks fit across the terminal next to the name column. */
static size_t load_weeks_per_block(const Pmo__V1__ResourceLoadResponse *l)
{
    size_t name_w = strlen("(capacity)"), cell_w = 5; /* "MM-DD" */
    for (size_t i = 0; i < l->n_people; i++) {
        const Pmo__V1__PersonLoad *p = l->people[i];
        name_w = strlen(p->person) > name_w ? strlen(p->person) : name_w;
        for (size_t w = 0; w < l->n_weeks; w++) {
            char cell[48];
            size_t n = strlen(load_cell(l, p, w, cell, sizeof(cell)));
            cell_w = n > cell_w ? n : cell_w;
        }
    }
    int width = cli_term_width(stdout);
    long fit = ((long)width - (long)name_w) / (long)(cell_w + LOAD_GAP);
    return fit < 1 ? 1 : (size_t)fit;
}

static void load_block_print(const Pmo__V1__ResourceLoadResponse *l,
                             size_t from, size_t to)
{
    size_t n_cols = 1 + (to - from);
    const char **cells = xcalloc(n_cols, sizeof(char *));
    char(*text)[48] = xcalloc(n_cols, sizeof(*text));
    cells[0] = "PERSON";
    for (size_t w = from; w < to; w++)
        cells[1 + w - from] =
            strlen(l->weeks[w]) == 10 ? l->weeks[w] + 5 : l->weeks[w];
    cli_table t;
    cli_table_init(&t, n_cols, cells);
    cells[0] = "(capacity)";
    for (size_t w = from; w < to; w++)
        cells[1 + w - from] =
            load_days(w < l->n_capacity_days ? l->capacity_days[w] : 0,
                      text[1 + w - from], sizeof(text[0]));
    size_t row = cli_table_add(&t, cells);
    cli_table_color(&t, row, 0, CLI_COLOR_DIM);
    for (size_t i = 0; i < l->n_people; i++) {
        cells[0] = l->people[i]->person;
        for (size_t w = from; w < to; w++)
            cells[1 + w - from] = load_cell(
                l, l->people[i], w, text[1 + w - from], sizeof(text[0]));
        row = cli_table_add(&t, cells);
        for (size_t c = 1; c < n_cols; c++)
            if (strchr(cells[c], '!'))
                cli_table_color(&t, row, c, CLI_COLOR_RED);
    }
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
    free(text);
    free(cells);
}

static void load_print(const ProtobufCMessage *reply, const void *arg)
{
    const Pmo__V1__ResourceLoadResponse *l =
        (const Pmo__V1__ResourceLoadResponse *)reply;
    bool levelled = *(const bool *)arg;
    if (l->n_weeks == 0) {
        printf("%s has no scheduled work to load anyone with.\n", l->program);
        return;
    }
    printf("Working days booked per person and week (weeks from Monday %s "
           "to %s)%s:\n\n",
           l->weeks[0], l->weeks[l->n_weeks - 1],
           levelled ? ", levelled schedule" : "");
    size_t per = load_weeks_per_block(l);
    for (size_t from = 0; from < l->n_weeks; from += per) {
        if (from)
            putchar('\n');
        load_block_print(l, from,
                         from + per < l->n_weeks ? from + per : l->n_weeks);
    }
    char days[32];
    for (size_t i = 0; i < l->n_people; i++)
        for (size_t w = 0; w < l->people[i]->n_days_off_booked; w++)
            if (l->people[i]->days_off_booked[w] > 0.005)
                printf("\n%s has %s working days of work on days off in "
                       "the week of %s.",
                       l->people[i]->person,
                       load_days(l->people[i]->days_off_booked[w], days,
                                 sizeof(days)),
                       l->weeks[w]);
    printf("\n%u person-week%s over capacity%s.\n", l->over_allocations,
           l->over_allocations == 1 ? "" : "s",
           l->over_allocations ? " (marked !)" : "");
    if (l->unassigned_days > 0.005)
        printf("%s working days of unfinished work have no assignee.\n",
               load_days(l->unassigned_days, days, sizeof(days)));
}

static int load_run(cli_ctx *ctx, cli_rpc *r)
{
    bool levelled = cli_take_switch(ctx, "--levelled");
    char date[CLI_DATE_LEN], *program;
    int rc = cli_sched_args(ctx, date, &program, 1, 1);
    if (rc)
        return rc;
    Pmo__V1__ResourceLoadRequest in = PMO__V1__RESOURCE_LOAD_REQUEST__INIT;
    in.program = program;
    in.status_date = date;
    in.levelled = levelled;
    return cli_sched_show(r, "ResourceLoad", &in.base, load_print, &levelled);
}

/* --------------------------------------------------------------- level */

static void level_delayed_print(const Pmo__V1__LevelResponse *l)
{
    cli_section_print("Moved by levelling");
    if (l->n_delayed == 0) {
        printf("  (nothing: no one is over-allocated)\n");
        return;
    }
    cli_table t;
    cli_table_init(&t, 7,
                   (const char *[]){"REF", "TITLE", "ASSIGNEE", "START NOW",
                                    "START LEVELLED", "FINISH LEVELLED",
                                    "DELAY"});
    cli_table_shrinkable(&t, 1);
    for (size_t i = 0; i < l->n_delayed; i++) {
        const Pmo__V1__LevelledItem *d = l->delayed[i];
        char delay[32];
        cli_table_add(&t, (const char *[]){
                              d->ref, d->title, cli_or_dash(d->assignee),
                              d->start_before, d->start_after, d->finish_after,
                              load_days(d->delay_days, delay, sizeof(delay))});
    }
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
}

/* arg: NULL when the levelling is only computed. */
static void level_print(const ProtobufCMessage *reply, const void *arg)
{
    const Pmo__V1__LevelResponse *l = (const Pmo__V1__LevelResponse *)reply;
    char slip[48];
    printf("Levelling %s at plan version %lld: the best of %u schedule%s "
           "(rule: %s).%s\n",
           l->program, (long long)l->plan_version, l->schedules,
           l->schedules == 1 ? "" : "s", cli_or_dash(l->rule),
           arg ? "" : " Nothing is changed.");
    cli_table t;
    cli_record_init(&t);
    cli_record_add_opt(&t, "finish now", l->finish_before);
    cli_record_add_opt(&t, "finish levelled", l->finish_after);
    cli_sched_slip(l->finish_slip_days, slip, sizeof(slip));
    strcat(slip, " working days");
    cli_record_add(&t, "finish moves", slip);
    cli_record_add_int(&t, "over-allocated person-weeks now",
                       l->over_allocations_before);
    cli_record_add_int(&t, "over-allocated person-weeks levelled",
                       l->over_allocations_after);
    cli_record_print(&t);
    level_delayed_print(l);
}

static void level_applied_print(const ProtobufCMessage *reply,
                                const void *arg)
{
    const Pmo__V1__ApplyLevelResponse *a =
        (const Pmo__V1__ApplyLevelResponse *)reply;
    (void)arg;
    if (a->level)
        level_print(&a->level->base, a);
    printf("Applied: wrote the levelled planned start and finish of %u "
           "item%s.\nSaved the schedule before as baseline %s: pmo "
           "baseline diff %s %s shows what moved; the audit row holds "
           "each item's planned dates before, to put back with pmo task "
           "set.\n",
           a->moved, a->moved == 1 ? "" : "s", a->baseline,
           a->level ? a->level->program : "", a->baseline);
}

/* The plan version a levelling of in is computed at now. */
static int level_version(cli_rpc *r, const Pmo__V1__LevelRequest *in,
                         int64_t *version)
{
    Pmo__V1__LevelResponse *out = NULL;
    int rc = cli_rpc_call(r, &pmo__v1__schedule_service__descriptor, "Level",
                          &in->base, (ProtobufCMessage **)&out);
    if (rc)
        return rc;
    *version = out->plan_version;
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

/* Levels and writes the result (at --plan-version, or the version now). */
static int level_apply(cli_rpc *r, const Pmo__V1__LevelRequest *level,
                       int64_t version, const char *baseline)
{
    Pmo__V1__ApplyLevelRequest in = PMO__V1__APPLY_LEVEL_REQUEST__INIT;
    int rc = version ? 0 : level_version(r, level, &version);
    if (rc)
        return rc;
    in.program = level->program;
    in.status_date = level->status_date;
    in.max_schedules = level->max_schedules;
    in.seed = level->seed;
    in.plan_version = version;
    in.baseline = (char *)(baseline ? baseline : "");
    return cli_sched_show(r, "ApplyLevel", &in.base, level_applied_print,
                          NULL);
}

static int level_run(cli_ctx *ctx, cli_rpc *r)
{
    const char *schedules = cli_take_option(ctx, "--schedules");
    const char *seed = cli_take_option(ctx, "--seed");
    const char *version = cli_take_option(ctx, "--plan-version");
    const char *baseline = cli_take_option(ctx, "--baseline");
    bool apply = cli_take_switch(ctx, "--apply");
    int64_t plan_version = 0;
    char date[CLI_DATE_LEN], why[200], *program;
    int64_t n_schedules = 0, seed_value = 0;
    if (schedules && cli_parse_int(schedules, 1, LEVEL_MAX_SCHEDULES,
                                   &n_schedules, why, sizeof(why)) != 0)
        return cli_usage_fail(ctx, "--schedules: %s", why);
    if (seed &&
        cli_parse_int(seed, 1, INT64_MAX, &seed_value, why, sizeof(why)) != 0)
        return cli_usage_fail(ctx, "--seed: %s", why);
    if ((version || baseline) && !apply)
        return cli_usage_fail(ctx, "--plan-version and --baseline go with "
                                   "--apply");
    if (version && cli_parse_int(version, 1, INT64_MAX, &plan_version, why,
                                 sizeof(why)) != 0)
        return cli_usage_fail(ctx, "--plan-version: %s", why);
    int rc = cli_sched_args(ctx, date, &program, 1, 1);
    if (rc)
        return rc;
    Pmo__V1__LevelRequest in = PMO__V1__LEVEL_REQUEST__INIT;
    in.program = program;
    in.status_date = date;
    in.max_schedules = (uint32_t)n_schedules;
    in.seed = (uint64_t)seed_value;
    if (apply)
        return level_apply(r, &in, plan_version, baseline);
    return cli_sched_show(r, "Level", &in.base, level_print, NULL);
}

static int load_cmd(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, load_run);
}

static int level_cmd(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, level_run);
}

const cli_command cli_load_commands[] = {
    {"load", "PROGRAM [--levelled] [--status-date DATE]",
     "working days booked per person per week, over-allocation marked",
     load_cmd},
    {"level",
     "PROGRAM [--schedules N] [--seed S] [--status-date DATE] [--apply "
     "[--plan-version V] [--baseline NAME]]",
     "what resource levelling would move, and the finish it gives; --apply "
     "writes the moved items' planned dates (managers), after saving a "
     "baseline",
     level_cmd},
    {NULL, NULL, NULL, NULL},
};
