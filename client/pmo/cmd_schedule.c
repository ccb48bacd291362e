/*
 * client/pmo/cmd_schedule.c - pmo schedule, critical-path, schedule check
 * and whatif: a program's computed schedule, its critical chains, the
 * fourteen schedule health checks, and what hypothetical changes would do.
 *
 * The server computes everything (ScheduleService); these commands only
 * ask and lay the answer out. Durations, floats and slips are working
 * days of the program's calendar and may have fractions.
 *
 * The steps every schedule command takes (its arguments, the call and
 * the choice of JSON or people's form) are here too, declared in cli.h
 * for cmd_gantt.c, cmd_baseline.c, cmd_forecast.c and cmd_load.c.
 */
#include "cli.h"
#include "common/status.h"
#include "common/xalloc.h"
#include "parse.h"
#include "pmo/v1/schedule.pb-c.h"
#include "pmo/v1/work.pb-c.h"
#include "rpc.h"
#include "show.h"
#include "strindex.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCHEDULE_SVC (&pmo__v1__schedule_service__descriptor)

/* The exit code of schedule check when a check failed. */
#define CHECK_FAILED_EXIT 1

/* Failing checks list this many offenders, then "... and N more". */
#define CHECK_OFFENDERS_SHOWN 10

/* ------------------------------------------------- shared (cli.h) */

int cli_sched_args(cli_ctx *ctx, char *date, char **args, int min, int max)
{
    const char *text = cli_take_option(ctx, "--status-date");
    char why[200];
    date[0] = '\0';
    if (text && cli_parse_date(text, false, date, why, sizeof(why)) != 0)
        return cli_usage_fail(ctx, "--status-date: %s", why);
    int n = cli_take_args(ctx, min, max, args);
    if (n < 0)
        return 2;
    cli_key_upper(args[0]);
    for (int i = n; i < max; i++)
        args[i] = "";
    return 0;
}

/*
 * Every schedule reply has a repeated string "warnings": stored
 * dependencies the server left out to be able to schedule. They go to
 * stderr after the view, so a table stays a table (--json has them).
 */
static void sched_warnings_print(const ProtobufCMessage *out)
{
    const ProtobufCFieldDescriptor *f =
        protobuf_c_message_descriptor_get_field_by_name(out->descriptor,
                                                        "warnings");
    if (f == NULL || f->label != PROTOBUF_C_LABEL_REPEATED ||
        f->type != PROTOBUF_C_TYPE_STRING)
        return;
    size_t n = *(const size_t *)((const char *)out + f->quantifier_offset);
    char *const *w = *(char *const *const *)((const char *)out + f->offset);
    for (size_t i = 0; i < n; i++)
        fprintf(stderr, "warning: %s\n", w[i]);
}

int cli_sched_show(cli_rpc *r, const char *method, const ProtobufCMessage *in,
                   cli_sched_print_fn *print, const void *arg)
{
    ProtobufCMessage *out = NULL;
    int rc = cli_rpc_call(r, SCHEDULE_SVC, method, in, &out);
    if (rc)
        return rc;
    if (r->ctx->json)
        cli_print_json(out);
    else {
        print(out, arg);
        sched_warnings_print(out);
    }
    protobuf_c_message_free_unpacked(out, NULL);
    return 0;
}

/*
 * a then b into out (len > 0), cut to fit. Not snprintf: gcc cannot see
 * that callers size out for the longest figure and warns at -O2.
 */
static const char *sched_join(char *out, size_t len, const char *a,
                              const char *b)
{
    size_t at = 0;
    for (const char *p = a; *p && at + 1 < len; p++)
        out[at++] = *p;
    for (const char *p = b; *p && at + 1 < len; p++)
        out[at++] = *p;
    out[at] = '\0';
    return out;
}

const char *cli_sched_slip(double days, char *out, size_t len)
{
    char num[32];
    cli_number_format(days, num, sizeof(num));
    return sched_join(out, len, strcmp(num, "0") != 0 && days > 0 ? "+" : "",
                      num);
}

/* ------------------------------------------------------------ helpers */

/* "3 working days", "1 working day", "0.5 working days". */
static const char *sched_working_days(double days, char *out, size_t len)
{
    char num[32];
    cli_number_format(days, num, sizeof(num));
    snprintf(out, len, "%s working day%s", num,
             strcmp(num, "1") == 0 ? "" : "s");
    return out;
}

/* "2027-02-26, 3 working days late" (or early, or on target). */
static const char *sched_target_text(const char *target, double slip, char *out,
                                     size_t len)
{
    char days[48];
    if (target[0] == '\0')
        return "-";
    sched_working_days(fabs(slip), days, sizeof(days));
    if (strncmp(days, "0 ", 2) == 0)
        snprintf(out, len, "%s, on target", target);
    else
        snprintf(out, len, "%s, %s %s", target, days,
                 slip > 0 ? "late" : "early");
    return out;
}

/* A ScheduleRequest of PROGRAM and --status-date, shown with print. */
static int sched_request_show(cli_ctx *ctx, cli_rpc *r, const char *method,
                              cli_sched_print_fn *print)
{
    char date[CLI_DATE_LEN], *program;
    int rc = cli_sched_args(ctx, date, &program, 1, 1);
    if (rc)
        return rc;
    Pmo__V1__ScheduleRequest in = PMO__V1__SCHEDULE_REQUEST__INIT;
    in.program = program;
    in.status_date = date;
    return cli_sched_show(r, method, &in.base, print, NULL);
}

/* "Chain 2: A -> B -> C (branches from X, joins Y)" */
static void sched_chain_print(const Pmo__V1__CriticalChain *c, size_t number)
{
    const char *arrow = cli_term_utf8() ? " \xe2\x86\x92 " : " -> ";
    printf("Chain %zu: ", number);
    for (size_t i = 0; i < c->n_refs; i++)
        printf("%s%s", i ? arrow : "", c->refs[i]);
    if (c->branches_from[0] || c->joins[0])
        printf(" (%s%s%s%s%s)", c->branches_from[0] ? "branches from " : "",
               c->branches_from, c->branches_from[0] && c->joins[0] ? ", " : "",
               c->joins[0] ? "joins " : "", c->joins);
    putchar('\n');
}

static void sched_chains_print(Pmo__V1__CriticalChain *const *chains, size_t n)
{
    if (n == 0)
        printf("  (none: nothing is left to schedule)\n");
    for (size_t i = 0; i < n; i++)
        sched_chain_print(chains[i], i + 1);
}

/* ------------------------------------------------------------ schedule */

static uint32_t sched_deepest(const Pmo__V1__Schedule *s)
{
    uint32_t deepest = 0;
    for (size_t i = 0; i < s->n_items; i++)
        if (s->items[i]->depth > deepest)
            deepest = s->items[i]->depth;
    return deepest;
}

/*
 * Whether each item has a later sibling: one pass from the end, keeping
 * per depth whether an item at that depth follows with no shallower item
 * between.
 */
static bool *sched_later_sibling(const Pmo__V1__Schedule *s)
{
    uint32_t deepest = sched_deepest(s);
    bool *later = xcalloc(s->n_items + 1, sizeof(bool));
    bool *open = xcalloc((size_t)deepest + 2, sizeof(bool));
    uint32_t high = 0;
    for (size_t i = s->n_items; i-- > 0;) {
        uint32_t d = s->items[i]->depth;
        later[i] = open[d];
        open[d] = true;
        for (uint32_t k = d + 1; k <= high; k++)
            open[k] = false;
        high = d;
    }
    free(open);
    return later;
}

/* The tree lines left of an item at depth d, as pmo tree draws them. */
static char *sched_tree_prefix(const bool *more, uint32_t d, bool later)
{
    bool utf8 = cli_term_utf8();
    char *out = xcalloc((size_t)d * 8 + 1, 1);
    for (uint32_t k = 1; k < d; k++)
        strcat(out, more[k] ? (utf8 ? "\xe2\x94\x82  " : "|  ") : "   ");
    if (d > 0)
        strcat(out, later ? (utf8 ? "\xe2\x94\x9c\xe2\x94\x80 " : "|- ")
                          : (utf8 ? "\xe2\x94\x94\xe2\x94\x80 " : "`- "));
    return out;
}

/* "*" critical, "L" on the longest path; the legend is under the table. */
static const char *sched_path_mark(const Pmo__V1__ScheduledItem *it)
{
    static const char *const marks[2][2] = {{"", "L"}, {"*", "*L"}};
    return marks[it->critical][it->longest_path];
}

static void sched_item_row(cli_table *t, const Pmo__V1__ScheduledItem *it,
                           const char *prefix)
{
    char label[512], days[32], tf[32], ff[32], target[64];
    bool done = it->state == PMO__V1__WORK_STATE__STATE_DONE;
    char *head =
        xasprintf("%s%s  %s", prefix, it->ref,
                  cli_item_label(it->title, it->kind, label, sizeof(label)));
    target[0] = '\0';
    if (it->target_finish[0]) {
        char slip[32];
        snprintf(target, sizeof(target), "%s (%s)", it->target_finish,
                 cli_sched_slip(it->slip_days, slip, sizeof(slip)));
    }
    size_t row = cli_table_add(
        t,
        (const char *[]){
            head, it->project, cli_or_dash(it->early_start),
            cli_or_dash(it->early_finish),
            cli_number_format(it->duration_days, days, sizeof(days)),
            done ? "-"
                 : cli_number_format(it->total_float_days, tf, sizeof(tf)),
            done ? "-" : cli_number_format(it->free_float_days, ff, sizeof(ff)),
            sched_path_mark(it), target});
    if (it->critical)
        cli_table_color(t, row, 7, CLI_COLOR_RED);
    if (it->slip_days > 0.005)
        cli_table_color(t, row, 8, CLI_COLOR_RED);
    free(head);
}

static void sched_items_print(const Pmo__V1__Schedule *s)
{
    cli_table t;
    cli_table_init(&t, 9,
                   (const char *[]){"WORK ITEM", "PROJECT", "START", "FINISH",
                                    "DAYS", "FLOAT", "FREE", "CRIT",
                                    "DUE (SLIP)"});
    cli_table_shrinkable(&t, 0);
    bool *later = sched_later_sibling(s);
    /* more[k]: the item's ancestor at depth k has a later sibling. */
    bool *more = xcalloc((size_t)sched_deepest(s) + 1, sizeof(bool));
    for (size_t i = 0; i < s->n_items; i++) {
        const Pmo__V1__ScheduledItem *it = s->items[i];
        more[it->depth] = later[i];
        char *prefix = sched_tree_prefix(more, it->depth, later[i]);
        sched_item_row(&t, it, prefix);
        free(prefix);
    }
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
    char fl[48];
    printf("\nCRIT: * critical (float at most %s), L the longest path.\n",
           sched_working_days(s->critical_threshold_days, fl, sizeof(fl)));
    free(more);
    free(later);
}

static void sched_summary_print(const Pmo__V1__Schedule *s)
{
    char fl[48], target[96];
    cli_table t;
    cli_record_init(&t);
    cli_record_add(&t, "program", s->program);
    cli_record_add_opt(&t, "status date", s->status_date);
    cli_record_add_opt(&t, "plan start", s->start_date);
    if (strcmp(s->first_start, s->start_date) != 0)
        cli_record_add_opt(&t, "work starts", s->first_start);
    cli_record_add_opt(&t, "finish", s->finish_date);
    cli_record_add(&t, "target",
                   sched_target_text(s->target_finish, s->slip_days, target,
                                     sizeof(target)));
    cli_record_add(&t, "critical float",
                   sched_working_days(s->critical_float_days, fl, sizeof(fl)));
    cli_record_add_int(&t, "work items", (int64_t)s->n_items);
    cli_record_add_int(&t, "dependencies", s->dependencies);
    cli_record_print(&t);
}

static void schedule_print(const ProtobufCMessage *reply, const void *arg)
{
    const Pmo__V1__Schedule *s = (const Pmo__V1__Schedule *)reply;
    (void)arg;
    sched_summary_print(s);
    putchar('\n');
    if (s->n_items == 0)
        printf("%s has no work items yet.\n", s->program);
    else
        sched_items_print(s);
}

static int schedule_run(cli_ctx *ctx, cli_rpc *r)
{
    return sched_request_show(ctx, r, "ComputeSchedule", schedule_print);
}

/* ------------------------------------------------------- critical path */

static void critical_chain_table(const Pmo__V1__CriticalChain *c,
                                 const cli_strindex *by_ref,
                                 Pmo__V1__ScheduledItem *const *items)
{
    cli_table t;
    cli_table_init(
        &t, 6,
        (const char *[]){"REF", "TITLE", "PROJECT", "START", "FINISH", "DAYS"});
    cli_table_shrinkable(&t, 1);
    for (size_t i = 0; i < c->n_refs; i++) {
        size_t at = cli_strindex_find(by_ref, c->refs[i]);
        if (at == CLI_STRINDEX_NONE)
            continue;
        const Pmo__V1__ScheduledItem *it = items[at];
        char label[512], days[32];
        cli_table_add(
            &t, (const char *[]){
                    it->ref,
                    cli_item_label(it->title, it->kind, label, sizeof(label)),
                    it->project, it->early_start, it->early_finish,
                    cli_number_format(it->duration_days, days, sizeof(days))});
    }
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
}

static void critical_print(const ProtobufCMessage *reply, const void *arg)
{
    const Pmo__V1__CriticalPathResponse *c =
        (const Pmo__V1__CriticalPathResponse *)reply;
    (void)arg;
    char fl[48], target[96];
    printf("%s finishes %s (target %s); critical float %s.\n", c->program,
           cli_or_dash(c->finish_date),
           sched_target_text(c->target_finish, c->slip_days, target,
                             sizeof(target)),
           sched_working_days(c->critical_float_days, fl, sizeof(fl)));
    if (c->n_critical_path == 0 &&
        c->critical_float_days > c->critical_threshold_days) {
        char th[48];
        printf("Nothing is critical: no item has %s of float or less. The "
               "longest path is marked L in pmo schedule.\n",
               sched_working_days(c->critical_threshold_days, th, sizeof(th)));
        return;
    }
    if (c->n_critical_path == 0) {
        printf("No critical path: nothing is left to schedule.\n");
        return;
    }
    cli_strindex by_ref;
    cli_strindex_init(&by_ref, c->n_items);
    for (size_t i = 0; i < c->n_items; i++)
        cli_strindex_add(&by_ref, c->items[i]->ref, i);
    for (size_t i = 0; i < c->n_critical_path; i++) {
        putchar('\n');
        sched_chain_print(c->critical_path[i], i + 1);
        critical_chain_table(c->critical_path[i], &by_ref, c->items);
    }
    cli_strindex_fini(&by_ref);
}

static int critical_run(cli_ctx *ctx, cli_rpc *r)
{
    return sched_request_show(ctx, r, "CriticalPath", critical_print);
}

/* -------------------------------------------------------------- checks */

/*
 * A check's measure in its unit, to two decimals at most: "28.57%",
 * "0.95", "3".
 */
static const char *check_value_text(double v, const char *unit, char *out,
                                    size_t len)
{
    char fixed[48], num[48];
    snprintf(fixed, sizeof(fixed), "%.2f", v);
    cli_number_format(strtod(fixed, NULL), num, sizeof(num));
    return sched_join(out, len, num, strcmp(unit, "%") == 0 ? "%" : "");
}

/* An offender on its own row, under its check's name. */
static void check_sub_row(cli_table *t, const char *text)
{
    char *cell = xasprintf("    %s", text);
    cli_table_add(t, (const char *[]){"", cell, "", "", "", ""});
    free(cell);
}

static void check_offender_rows(cli_table *t, const Pmo__V1__ScheduleCheck *c)
{
    size_t shown = c->n_offenders < CHECK_OFFENDERS_SHOWN
                       ? c->n_offenders
                       : CHECK_OFFENDERS_SHOWN;
    for (size_t i = 0; i < shown; i++)
        check_sub_row(t, c->offenders[i]);
    if (c->n_offenders > shown) {
        char more[64];
        snprintf(more, sizeof(more), "... and %zu more",
                 c->n_offenders - shown);
        check_sub_row(t, more);
    }
}

static void check_row(cli_table *t, const Pmo__V1__ScheduleCheck *c)
{
    char num[8], value[48], limit[64], count[48], lim[48];
    snprintf(num, sizeof(num), "%u", c->number);
    check_value_text(c->value, c->unit, value, sizeof(value));
    snprintf(limit, sizeof(limit), "%s %s", c->comparison,
             check_value_text(c->threshold, c->unit, lim, sizeof(lim)));
    snprintf(count, sizeof(count), "%u of %u", c->numerator, c->denominator);
    const char *result = !c->applicable ? "n/a" : c->passed ? "PASS" : "FAIL";
    size_t row = cli_table_add(
        t, (const char *[]){num, c->name, c->applicable ? value : "-",
                            c->applicable ? limit : "-",
                            c->applicable ? count : "-", result});
    cli_table_color(t, row, 5,
                    !c->applicable ? CLI_COLOR_DIM
                    : c->passed    ? CLI_COLOR_GREEN
                                   : CLI_COLOR_RED);
    if (c->applicable && !c->passed)
        check_offender_rows(t, c);
}

/*
 * What the server says about the checks that failed or could not be
 * made, after the table: sentences too long for a cell.
 */
static void check_notes_print(const Pmo__V1__CheckScheduleResponse *out)
{
    bool any = false;
    for (size_t i = 0; i < out->n_checks; i++) {
        const Pmo__V1__ScheduleCheck *c = out->checks[i];
        if (c->detail[0] == '\0' || (c->applicable && c->passed))
            continue;
        if (!any)
            cli_section_print("Notes");
        any = true;
        char *clean = cli_text_clean(c->detail);
        printf("  %u %s: %s\n", c->number, c->name, clean);
        free(clean);
    }
}

static void check_print(const ProtobufCMessage *reply, const void *arg)
{
    const Pmo__V1__CheckScheduleResponse *out =
        (const Pmo__V1__CheckScheduleResponse *)reply;
    (void)arg;
    if (out->baseline[0])
        printf("Schedule checks of %s, against baseline \"%s\":\n\n",
               out->program, out->baseline);
    else
        printf("Schedule checks of %s, against the planned dates (no "
               "baseline):\n\n",
               out->program);
    cli_table t;
    cli_table_init(&t, 6,
                   (const char *[]){"#", "CHECK", "VALUE", "THRESHOLD", "COUNT",
                                    "RESULT"});
    cli_table_shrinkable(&t, 1);
    for (size_t i = 0; i < out->n_checks; i++)
        check_row(&t, out->checks[i]);
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
    printf("\n%u passed, %u failed.\n", out->passed, out->failed);
    check_notes_print(out);
}

static int check_run(cli_ctx *ctx, cli_rpc *r)
{
    const char *baseline = cli_take_option(ctx, "--baseline");
    char date[CLI_DATE_LEN], *program;
    int rc = cli_sched_args(ctx, date, &program, 1, 1);
    if (rc)
        return rc;
    Pmo__V1__CheckScheduleRequest in = PMO__V1__CHECK_SCHEDULE_REQUEST__INIT;
    in.program = program;
    in.status_date = date;
    in.baseline = (char *)(baseline ? baseline : "");
    Pmo__V1__CheckScheduleResponse *out = NULL;
    if ((rc = cli_rpc_call(r, SCHEDULE_SVC, "CheckSchedule", &in.base,
                           (ProtobufCMessage **)&out)) != 0)
        return rc;
    if (r->ctx->json)
        cli_print_json(&out->base);
    else
        check_print(&out->base, NULL);
    /* Scripts gate on the health check: any failed check is exit 1. */
    rc = out->failed ? CHECK_FAILED_EXIT : 0;
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return rc;
}

/* ------------------------------------------------------------- what-if */

/* The changes asked for, with the text of each for messages. */
typedef struct whatif_changes {
    Pmo__V1__WhatIfChange **list;
    char **said; /* "--slip CHKOUT-3=5" */
    size_t n;
} whatif_changes;

/*
 * Splits a copy of text at each sep into at most max parts; returns how
 * many, or -1 when there are more or one is empty.
 */
static int whatif_split(arena *mem, const char *text, char sep, char **parts,
                        int max)
{
    char *copy = arena_strdup(mem, text);
    int n = 0;
    for (char *p = copy;; n++) {
        char *end = strchr(p, sep);
        if (n == max || *p == '\0' || end == p)
            return -1;
        parts[n] = p;
        if (end == NULL)
            return n + 1;
        *end = '\0';
        p = end + 1;
    }
}

/* Exactly two parts around sep; form ("REF=DAYS") says what was wanted. */
static int whatif_pair(arena *mem, const char *text, char sep, const char *form,
                       char **parts, char *why, size_t len)
{
    if (whatif_split(mem, text, sep, parts, 2) == 2)
        return 0;
    snprintf(why, len, "not %s: '%s'", form, text);
    return -1;
}

/* "REF=DAYS" of --slip and --estimate. */
static int whatif_item_days(arena *mem, const char *text, int kind,
                            Pmo__V1__WhatIfChange *c, char *why, size_t len)
{
    char *parts[2];
    if (whatif_pair(mem, text, '=', "REF=DAYS", parts, why, len) != 0)
        return -1;
    c->kind = kind;
    c->item = cli_key_upper(parts[0]);
    return cli_parse_number(parts[1], 0, &c->days, why, len);
}

static int whatif_slip(arena *mem, const char *text, Pmo__V1__WhatIfChange *c,
                       char *why, size_t len)
{
    return whatif_item_days(mem, text, PMO__V1__CHANGE_KIND__CHANGE_SLIP, c,
                            why, len);
}

static int whatif_estimate(arena *mem, const char *text,
                           Pmo__V1__WhatIfChange *c, char *why, size_t len)
{
    return whatif_item_days(mem, text, PMO__V1__CHANGE_KIND__CHANGE_ESTIMATE, c,
                            why, len);
}

/* "PRED:SUCC[:TYPE[:LAG]]" */
static int whatif_add_dep(arena *mem, const char *text,
                          Pmo__V1__WhatIfChange *c, char *why, size_t len)
{
    char *parts[4];
    int n = whatif_split(mem, text, ':', parts, 4);
    if (n < 2) {
        snprintf(why, len, "not PRED:SUCC[:TYPE[:LAG]]: '%s'", text);
        return -1;
    }
    c->kind = PMO__V1__CHANGE_KIND__CHANGE_ADD_DEPENDENCY;
    c->predecessor = cli_key_upper(parts[0]);
    c->successor = cli_key_upper(parts[1]);
    int type = PMO__V1__DEPENDENCY_TYPE__DEP_FINISH_TO_START;
    if (n > 2 && cli_parse_enum(&pmo__v1__dependency_type__descriptor, parts[2],
                                &type, why, len) != 0)
        return -1;
    c->type = type;
    return n > 3 ? cli_parse_signed(parts[3], &c->lag_days, why, len) : 0;
}

/* "PRED:SUCC" */
static int whatif_remove_dep(arena *mem, const char *text,
                             Pmo__V1__WhatIfChange *c, char *why, size_t len)
{
    char *parts[2];
    if (whatif_pair(mem, text, ':', "PRED:SUCC", parts, why, len) != 0)
        return -1;
    c->kind = PMO__V1__CHANGE_KIND__CHANGE_REMOVE_DEPENDENCY;
    c->predecessor = cli_key_upper(parts[0]);
    c->successor = cli_key_upper(parts[1]);
    return 0;
}

/* "TEAM=N" */
static int whatif_lose(arena *mem, const char *text, Pmo__V1__WhatIfChange *c,
                       char *why, size_t len)
{
    char *parts[2];
    int64_t people;
    if (whatif_pair(mem, text, '=', "TEAM=N", parts, why, len) != 0 ||
        cli_parse_int(parts[1], 1, 100000, &people, why, len) != 0)
        return -1;
    c->kind = PMO__V1__CHANGE_KIND__CHANGE_LOSE_PEOPLE;
    c->team = parts[0];
    c->people = (uint32_t)people;
    return 0;
}

typedef struct whatif_option {
    const char *name;
    int (*parse)(arena *mem, const char *text, Pmo__V1__WhatIfChange *c,
                 char *why, size_t len);
} whatif_option;

static const whatif_option whatif_options[] = {
    {"--slip", whatif_slip},       {"--estimate", whatif_estimate},
    {"--add-dep", whatif_add_dep}, {"--remove-dep", whatif_remove_dep},
    {"--lose", whatif_lose},
};

#define WHATIF_N_OPTIONS (sizeof(whatif_options) / sizeof(whatif_options[0]))

/* The change option arg is ("--slip" or "--slip=..."), or NULL. */
static const whatif_option *whatif_option_of(const char *arg)
{
    for (size_t i = 0; i < WHATIF_N_OPTIONS; i++) {
        size_t len = strlen(whatif_options[i].name);
        if (strncmp(arg, whatif_options[i].name, len) == 0 &&
            (arg[len] == '\0' || arg[len] == '='))
            return &whatif_options[i];
    }
    return NULL;
}

static int whatif_change_add(cli_ctx *ctx, arena *mem, whatif_changes *w,
                             const whatif_option *o)
{
    const char *text = cli_take_repeated(ctx, o->name);
    if (text == NULL)
        return cli_usage_fail(ctx, "%s needs a value", o->name);
    Pmo__V1__WhatIfChange *c = arena_zalloc(mem, sizeof(*c));
    pmo__v1__what_if_change__init(c);
    char why[300];
    if (o->parse(mem, text, c, why, sizeof(why)) != 0)
        return cli_usage_fail(ctx, "%s: %s", o->name, why);
    size_t cap = (size_t)ctx->argc + w->n + 1;
    if (w->list == NULL) {
        w->list = arena_alloc(mem, cap * sizeof(*w->list));
        w->said = arena_alloc(mem, cap * sizeof(*w->said));
    }
    w->said[w->n] = arena_printf(mem, "%s %s", o->name, text);
    w->list[w->n++] = c;
    return 0;
}

/* Every change option, in the order given (the server applies them so). */
static int whatif_changes_take(cli_ctx *ctx, arena *mem, whatif_changes *w)
{
    memset(w, 0, sizeof(*w));
    for (int i = 0; i < ctx->argc;) {
        const whatif_option *o = whatif_option_of(ctx->argv[i]);
        if (o == NULL) {
            i++;
            continue;
        }
        int rc = whatif_change_add(ctx, mem, w, o);
        if (rc)
            return rc;
    }
    if (w->n == 0)
        return cli_usage_fail(ctx, "give at least one change");
    return 0;
}

/*
 * The server names a bad change by its index ("changes[2].item"): say it
 * as the option that was typed. Returns the exit code.
 */
static int whatif_report(cli_rpc *r, const whatif_changes *w,
                         const pmo_result *res)
{
    size_t named = 0;
    for (size_t i = 0; i < res->n_violations; i++) {
        size_t k;
        if (sscanf(res->violations[i].field, "changes[%zu]", &k) != 1 ||
            k >= w->n)
            continue;
        fprintf(stderr, "%s: %s: %s\n", r->prog, w->said[k],
                res->violations[i].description);
        named++;
    }
    if (named == 0)
        return cli_rpc_report(r, res);
    return cli_exit_code(res);
}

static void whatif_moves_print(const char *title, Pmo__V1__ItemMove *const *m,
                               size_t n)
{
    cli_section_print(title);
    cli_table t;
    cli_table_init(&t, 5,
                   (const char *[]){"REF", "TITLE", "FINISH BEFORE",
                                    "FINISH AFTER", "SLIP"});
    cli_table_shrinkable(&t, 1);
    for (size_t i = 0; i < n; i++) {
        char label[512], slip[32];
        size_t row = cli_table_add(
            &t,
            (const char *[]){
                m[i]->ref,
                cli_item_label(m[i]->title, m[i]->kind, label, sizeof(label)),
                m[i]->finish_before, m[i]->finish_after,
                cli_sched_slip(m[i]->slip_days, slip, sizeof(slip))});
        if (m[i]->slip_days > 0)
            cli_table_color(&t, row, 4, CLI_COLOR_RED);
    }
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
}

static void whatif_refs_print(const char *what, char *const *refs, size_t n)
{
    if (n == 0)
        return;
    printf("  %s:", what);
    for (size_t i = 0; i < n; i++)
        printf("%s %s", i ? "," : "", refs[i]);
    putchar('\n');
}

static void whatif_print(const Pmo__V1__WhatIfResponse *w,
                         const whatif_changes *asked)
{
    char slip[32], target[96];
    printf("What if, in %s:", w->program);
    for (size_t i = 0; i < asked->n; i++)
        printf(" %s", asked->said[i]);
    printf("\nFinish: %s before, %s after (%s working days)\n",
           w->finish_before, w->finish_after,
           cli_sched_slip(w->finish_slip_days, slip, sizeof(slip)));
    if (w->target_finish[0])
        printf("Target: %s after the changes\n",
               sched_target_text(w->target_finish, w->slip_after_days, target,
                                 sizeof(target)));
    if (w->items_moved == 0)
        printf("\nNothing moves.\n");
    if (w->n_milestones)
        whatif_moves_print("Milestones that move", w->milestones,
                           w->n_milestones);
    if (w->n_items)
        whatif_moves_print("Other items that move", w->items, w->n_items);
    size_t listed = w->n_milestones + w->n_items;
    if (w->items_moved > listed)
        printf("  ... and %zu more\n", w->items_moved - listed);
    cli_section_print("Critical path after the changes");
    whatif_refs_print("now critical", w->critical_added, w->n_critical_added);
    whatif_refs_print("no longer critical", w->critical_removed,
                      w->n_critical_removed);
    if (w->n_critical_added + w->n_critical_removed == 0)
        printf("  (the same items as before)\n");
    sched_chains_print(w->critical_path_after, w->n_critical_path_after);
}

static int whatif_run(cli_ctx *ctx, cli_rpc *r)
{
    whatif_changes w;
    char date[CLI_DATE_LEN], *program;
    int rc = whatif_changes_take(ctx, &r->mem, &w);
    if (rc || (rc = cli_sched_args(ctx, date, &program, 1, 1)))
        return rc;
    Pmo__V1__WhatIfRequest in = PMO__V1__WHAT_IF_REQUEST__INIT;
    in.program = program;
    in.status_date = date;
    in.changes = w.list;
    in.n_changes = w.n;
    Pmo__V1__WhatIfResponse *out = NULL;
    pmo_result res;
    if (cli_rpc_try(r, SCHEDULE_SVC, "WhatIf", &in.base,
                    (ProtobufCMessage **)&out, &res) != 0)
        return whatif_report(r, &w, &res);
    if (ctx->json)
        cli_print_json(&out->base);
    else {
        whatif_print(out, &w);
        sched_warnings_print(&out->base);
    }
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

/* ------------------------------------------------------------- table */

static int schedule_cmd(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, schedule_run);
}

static int critical_cmd(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, critical_run);
}

static int check_cmd(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, check_run);
}

static int whatif_cmd(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, whatif_run);
}

/* "schedule check" comes first: "schedule" alone would take "check". */
const cli_command cli_schedule_commands[] = {
    {"schedule check", "PROGRAM [--baseline NAME] [--status-date DATE]",
     "the 14 schedule health checks, offenders under each failure; exits 1 "
     "when a check fails",
     check_cmd},
    {"schedule", "PROGRAM [--status-date DATE]",
     "computed dates and float of every item, critical ones marked",
     schedule_cmd},
    {"critical-path", "PROGRAM [--status-date DATE]",
     "the critical chains in order, where they branch and join", critical_cmd},
    {"whatif",
     "PROGRAM [--slip REF=DAYS]... [--estimate REF=DAYS]... "
     "[--add-dep PRED:SUCC[:TYPE[:LAG]]]... [--remove-dep PRED:SUCC]... "
     "[--lose TEAM=N]... [--status-date DATE]",
     "what changes would do to the finish, milestones and critical path",
     whatif_cmd},
    {NULL, NULL, NULL, NULL},
};
