/*
 * client/pmo/cmd_baseline.c - pmo baseline save, list and diff: a
 * program's schedule frozen under a name, and how far each item has moved
 * since. Saving is the only schedule command that writes.
 */
#include "cli.h"
#include "common/timeutil.h"
#include "parse.h"
#include "pmo/v1/schedule.pb-c.h"
#include "rpc.h"
#include "show.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A slip of less than this is no move (slips come in hundredths). */
#define BASELINE_STILL 0.005

static void baseline_saved_print(const ProtobufCMessage *reply, const void *arg)
{
    const Pmo__V1__Baseline *b = (const Pmo__V1__Baseline *)reply;
    printf("Saved baseline \"%s\" of %s: %u work items, finish %s (status "
           "date %s).\n",
           b->name, (const char *)arg, b->items, cli_or_dash(b->finish_date),
           cli_or_dash(b->status_date));
}

static int baseline_save_run(cli_ctx *ctx, cli_rpc *r)
{
    char date[CLI_DATE_LEN], *args[2];
    int rc = cli_sched_args(ctx, date, args, 2, 2);
    if (rc)
        return rc;
    Pmo__V1__CreateBaselineRequest in = PMO__V1__CREATE_BASELINE_REQUEST__INIT;
    in.program = args[0];
    in.name = args[1];
    in.status_date = date;
    return cli_sched_show(r, "CreateBaseline", &in.base, baseline_saved_print,
                          args[0]);
}

static void baseline_list_print(const ProtobufCMessage *reply, const void *arg)
{
    const Pmo__V1__ListBaselinesResponse *l =
        (const Pmo__V1__ListBaselinesResponse *)reply;
    const char *program = arg;
    if (l->n_baselines == 0) {
        printf("%s has no baselines yet (pmo baseline save %s NAME).\n",
               program, program);
        return;
    }
    cli_table t;
    cli_table_init(&t, 6,
                   (const char *[]){"NAME", "SAVED", "BY", "STATUS DATE",
                                    "FINISH", "ITEMS"});
    cli_table_shrinkable(&t, 0);
    for (size_t i = 0; i < l->n_baselines; i++) {
        const Pmo__V1__Baseline *b = l->baselines[i];
        char when[32], items[16];
        time_format_ms(b->created_at_ms, when, sizeof(when));
        snprintf(items, sizeof(items), "%u", b->items);
        cli_table_add(&t,
                      (const char *[]){b->name, when, b->created_by,
                                       b->status_date, b->finish_date, items});
    }
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
}

static int baseline_list_run(cli_ctx *ctx, cli_rpc *r)
{
    char *program;
    if (cli_take_args(ctx, 1, 1, &program) < 0)
        return 2;
    Pmo__V1__ListBaselinesRequest in = PMO__V1__LIST_BASELINES_REQUEST__INIT;
    in.program = cli_key_upper(program);
    return cli_sched_show(r, "ListBaselines", &in.base, baseline_list_print,
                          program);
}

/* ----------------------------------------------------------------- diff */

static bool baseline_moved(const Pmo__V1__BaselineVariance *v)
{
    return fabs(v->start_slip_days) >= BASELINE_STILL ||
           fabs(v->finish_slip_days) >= BASELINE_STILL;
}

static void baseline_variance_row(cli_table *t,
                                  const Pmo__V1__BaselineVariance *v)
{
    char label[512], ss[32], fs[32];
    size_t row = cli_table_add(
        t, (const char *[]){
               v->ref, cli_item_label(v->title, v->kind, label, sizeof(label)),
               cli_or_dash(v->baseline_start), cli_or_dash(v->current_start),
               cli_or_dash(v->baseline_finish), cli_or_dash(v->current_finish),
               cli_sched_slip(v->start_slip_days, ss, sizeof(ss)),
               cli_sched_slip(v->finish_slip_days, fs, sizeof(fs))});
    if (v->finish_slip_days >= BASELINE_STILL)
        cli_table_color(t, row, 7, CLI_COLOR_RED);
    else if (v->finish_slip_days <= -BASELINE_STILL)
        cli_table_color(t, row, 7, CLI_COLOR_GREEN);
}

/* The items in both; only those that moved unless all. */
static void baseline_variances_print(const Pmo__V1__CompareBaselineResponse *d,
                                     bool all)
{
    cli_table t;
    cli_table_init(&t, 8,
                   (const char *[]){"REF", "TITLE", "BASELINE START", "START",
                                    "BASELINE FINISH", "FINISH", "START SLIP",
                                    "FINISH SLIP"});
    cli_table_shrinkable(&t, 1);
    size_t still = 0;
    for (size_t i = 0; i < d->n_items; i++) {
        if (!all && !baseline_moved(d->items[i])) {
            still++;
            continue;
        }
        baseline_variance_row(&t, d->items[i]);
    }
    if (t.n_rows > 1)
        cli_table_print(&t, stdout);
    cli_table_fini(&t);
    if (still)
        printf("%s%zu item%s unchanged (--all lists them).\n",
               still < d->n_items ? "\n" : "", still, still == 1 ? "" : "s");
}

static void baseline_changes_print(const Pmo__V1__CompareBaselineResponse *d)
{
    if (d->n_added) {
        cli_section_print("Added since the baseline");
        cli_bullets_print(d->added, d->n_added);
    }
    if (d->n_removed == 0)
        return;
    cli_section_print("Removed since the baseline");
    for (size_t i = 0; i < d->n_removed; i++) {
        char label[512];
        char *clean = cli_text_clean(cli_item_label(
            d->removed[i]->title, d->removed[i]->kind, label, sizeof(label)));
        printf("  - %s  %s\n", d->removed[i]->ref, clean);
        free(clean);
    }
}

static void baseline_diff_print(const ProtobufCMessage *reply, const void *arg)
{
    const Pmo__V1__CompareBaselineResponse *d =
        (const Pmo__V1__CompareBaselineResponse *)reply;
    bool all = *(const bool *)arg;
    const Pmo__V1__Baseline *b = d->baseline;
    char when[32], slip[32];
    if (b) {
        time_format_ms(b->created_at_ms, when, sizeof(when));
        printf("%s against baseline \"%s\" (saved %s by %s, status date "
               "%s)\n",
               d->program, b->name, when, cli_or_dash(b->created_by),
               cli_or_dash(b->status_date));
    }
    printf("Finish: %s in the baseline, %s now (%s working days)\n\n",
           cli_or_dash(d->finish_before), cli_or_dash(d->finish_now),
           cli_sched_slip(d->finish_slip_days, slip, sizeof(slip)));
    baseline_variances_print(d, all);
    baseline_changes_print(d);
}

static int baseline_diff_run(cli_ctx *ctx, cli_rpc *r)
{
    bool all = cli_take_switch(ctx, "--all");
    char date[CLI_DATE_LEN], *args[2];
    int rc = cli_sched_args(ctx, date, args, 1, 2);
    if (rc)
        return rc;
    Pmo__V1__CompareBaselineRequest in =
        PMO__V1__COMPARE_BASELINE_REQUEST__INIT;
    in.program = args[0];
    in.baseline = args[1];
    in.status_date = date;
    return cli_sched_show(r, "CompareBaseline", &in.base, baseline_diff_print,
                          &all);
}

static int baseline_save(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, baseline_save_run);
}

static int baseline_list(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, baseline_list_run);
}

static int baseline_diff(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, baseline_diff_run);
}

const cli_command cli_baseline_commands[] = {
    {"baseline save", "PROGRAM NAME [--status-date DATE]",
     "freeze the computed schedule under a name", baseline_save},
    {"baseline list", "PROGRAM", "a program's baselines, newest first",
     baseline_list},
    {"baseline diff", "PROGRAM [NAME] [--all] [--status-date DATE]",
     "how far items moved since a baseline (default: the latest)",
     baseline_diff},
    {NULL, NULL, NULL, NULL},
};
