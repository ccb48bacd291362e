/*
 * client/pmo/cmd_person.c - people as resources: pmo person set and show
 * (the share of their time a person works, and their day rates), and
 * pmo assign, unassign and assignments (who works on an item, for how
 * much of their time). pmo load and pmo level count both.
 *
 * Settings are per person and hold in every program, like days off; the
 * program named is where roles are checked. Units are typed as shares of
 * a full-time person: 0.5 is half time. A rate is typed "800/day" or
 * "800", in --currency (USD when not given).
 */
#include "cli.h"
#include "parse.h"
#include "pmo/v1/resource.pb-c.h"
#include "rpc.h"
#include "show.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RESOURCE_SVC  (&pmo__v1__resource_service__descriptor)
#define PERSON_RATE_MAX 64

/* ------------------------------------------------------------ printing */

static void person_print(const Pmo__V1__PersonResource *p)
{
    char units[32];
    printf("%s: capacity %s of full time.\n", p->user,
           cli_number_format(p->capacity, units, sizeof units));
    if (p->rates_hidden) {
        printf("Rates: visible to the program's managers and owners.\n");
        return;
    }
    if (p->n_rates == 0) {
        printf("No day rate set.\n");
        return;
    }
    cli_table t;
    cli_table_init(&t, 3, (const char *[]){"FROM", "RATE/DAY", "CURRENCY"});
    for (size_t i = 0; i < p->n_rates; i++) {
        const Pmo__V1__PersonRate *r = p->rates[i];
        cli_table_add(&t, (const char *[]){r->starts_on, r->rate, r->currency});
    }
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
}

static void assignments_print(const Pmo__V1__ListAssignmentsResponse *l)
{
    if (l->n_assignments == 0) {
        printf("No assignments.\n");
        return;
    }
    cli_table t;
    cli_table_init(&t, 4, (const char *[]){"ITEM", "USER", "UNITS", "TITLE"});
    cli_table_shrinkable(&t, 3);
    for (size_t i = 0; i < l->n_assignments; i++) {
        const Pmo__V1__Assignment *a = l->assignments[i];
        char units[40], num[32];
        snprintf(units, sizeof units, "%s%s",
                 cli_number_format(a->units, num, sizeof num),
                 a->from_assignee ? " (assignee)" : "");
        cli_table_add(&t, (const char *[]){a->ref, a->user, units, a->title});
    }
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
}

/* Calls method, then prints the reply as JSON or with print. */
static int person_call(cli_rpc *r, const char *method,
                       const ProtobufCMessage *in, const char *said,
                       void (*print)(const ProtobufCMessage *))
{
    ProtobufCMessage *out = NULL;
    int rc = cli_rpc_call(r, RESOURCE_SVC, method, in, &out);
    if (rc)
        return rc;
    if (r->ctx->json) {
        cli_print_json(out);
    } else {
        if (said)
            printf("%s\n", said);
        print(out);
    }
    protobuf_c_message_free_unpacked(out, NULL);
    return 0;
}

static void person_print_msg(const ProtobufCMessage *m)
{
    person_print((const Pmo__V1__PersonResource *)m);
}

static void assignments_print_msg(const ProtobufCMessage *m)
{
    assignments_print((const Pmo__V1__ListAssignmentsResponse *)m);
}

/* ------------------------------------------------------------ arguments */

/* "0.5" as a share of a person, into *out; 0 or a usage failure. */
static int person_units(cli_ctx *ctx, const char *what, const char *text,
                        double *out)
{
    char why[200];
    if (cli_parse_number(text, 0, out, why, sizeof why) != 0)
        return cli_usage_fail(ctx, "%s: %s", what, why);
    if (*out <= 0)
        return cli_usage_fail(ctx, "%s: must be more than 0 (1 is full time)",
                              what);
    return 0;
}

/* "800/day" or "800" into out (the amount as typed, for the server). */
static int person_rate(cli_ctx *ctx, const char *text, char *out, size_t len)
{
    size_t n = strlen(text);
    const char *per = strchr(text, '/');
    if (per) {
        if (strcmp(per, "/day") != 0)
            return cli_usage_fail(ctx, "--rate: \"%s\" is not a day rate: "
                                       "write it as 800/day or 800",
                                  text);
        n = (size_t)(per - text);
    }
    if (n == 0 || n >= len)
        return cli_usage_fail(ctx, "--rate: give an amount per day, like "
                                   "800/day");
    memcpy(out, text, n);
    out[n] = '\0';
    return 0;
}

/* ------------------------------------------------------------ person */

static int person_set_run(cli_ctx *ctx, cli_rpc *r)
{
    const char *capacity = cli_take_option(ctx, "--capacity");
    const char *rate = cli_take_option(ctx, "--rate");
    const char *currency = cli_take_option(ctx, "--currency");
    const char *from = cli_take_option(ctx, "--from");
    char *args[2], amount[PERSON_RATE_MAX], day[CLI_DATE_LEN], why[200];
    Pmo__V1__SetPersonResourceRequest in =
        PMO__V1__SET_PERSON_RESOURCE_REQUEST__INIT;
    if (cli_take_args(ctx, 2, 2, args) < 0)
        return 2;
    if (!capacity && !rate)
        return cli_usage_fail(ctx, "give --capacity, --rate, or both");
    if (capacity && person_units(ctx, "--capacity", capacity, &in.capacity))
        return 2;
    day[0] = '\0';
    if (rate) {
        if (person_rate(ctx, rate, amount, sizeof amount))
            return 2;
        if (!from)
            return cli_usage_fail(ctx, "--from is required with --rate: the "
                                       "day the rate starts");
        in.rate = amount;
    } else if (currency || from) {
        return cli_usage_fail(ctx, "--currency and --from go with --rate");
    }
    if (from && cli_parse_date(from, false, day, why, sizeof why) != 0)
        return cli_usage_fail(ctx, "--from: %s", why);
    in.program = cli_key_upper(args[0]);
    in.user = args[1];
    in.currency = (char *)(currency ? currency : "");
    in.rate_from = day;
    return person_call(r, "SetPersonResource", &in.base, NULL,
                       person_print_msg);
}

static int person_show_run(cli_ctx *ctx, cli_rpc *r)
{
    char *args[2];
    if (cli_take_args(ctx, 2, 2, args) < 0)
        return 2;
    Pmo__V1__GetPersonResourceRequest in =
        PMO__V1__GET_PERSON_RESOURCE_REQUEST__INIT;
    in.program = cli_key_upper(args[0]);
    in.user = args[1];
    return person_call(r, "GetPersonResource", &in.base, NULL,
                       person_print_msg);
}

/* ------------------------------------------------------------ assign */

static int assign_run(cli_ctx *ctx, cli_rpc *r)
{
    const char *units = cli_take_option(ctx, "--units");
    char *args[2], said[200];
    Pmo__V1__AddAssignmentRequest in = PMO__V1__ADD_ASSIGNMENT_REQUEST__INIT;
    if (cli_take_args(ctx, 2, 2, args) < 0)
        return 2;
    in.units = 1;
    if (units && person_units(ctx, "--units", units, &in.units))
        return 2;
    in.ref = cli_key_upper(args[0]);
    in.user = args[1];
    char num[32];
    snprintf(said, sizeof said, "Assigned %s to %s at %s.", in.user, in.ref,
             cli_number_format(in.units, num, sizeof num));
    return person_call(r, "AddAssignment", &in.base, said,
                       assignments_print_msg);
}

static int unassign_run(cli_ctx *ctx, cli_rpc *r)
{
    char *args[2], said[200];
    if (cli_take_args(ctx, 2, 2, args) < 0)
        return 2;
    Pmo__V1__RemoveAssignmentRequest in =
        PMO__V1__REMOVE_ASSIGNMENT_REQUEST__INIT;
    in.ref = cli_key_upper(args[0]);
    in.user = args[1];
    snprintf(said, sizeof said, "Took %s off %s.", in.user, in.ref);
    return person_call(r, "RemoveAssignment", &in.base, said,
                       assignments_print_msg);
}

static int assignments_run(cli_ctx *ctx, cli_rpc *r)
{
    const char *user = cli_take_option(ctx, "--user");
    char *arg;
    if (cli_take_args(ctx, 1, 1, &arg) < 0)
        return 2;
    Pmo__V1__ListAssignmentsRequest in =
        PMO__V1__LIST_ASSIGNMENTS_REQUEST__INIT;
    cli_key_upper(arg);
    if (cli_is_ref(arg))
        in.ref = arg;
    else
        in.program = arg;
    in.user = (char *)(user ? user : "");
    return person_call(r, "ListAssignments", &in.base, NULL,
                       assignments_print_msg);
}

/* ------------------------------------------------------------ labour */

static void labour_print(const ProtobufCMessage *m)
{
    const Pmo__V1__ListLabourCostsResponse *l =
        (const Pmo__V1__ListLabourCostsResponse *)m;
    printf("Labour cost to %s, from actual dates and day rates: %s %s.\n",
           l->status_date, l->total, l->currency);
    if (l->n_items == 0)
        return;
    cli_table t;
    cli_table_init(&t, 4,
                   (const char *[]){"ITEM", "COST", "PERSON-DAYS", "UNPRICED"});
    for (size_t i = 0; i < l->n_items; i++) {
        const Pmo__V1__LabourCost *c = l->items[i];
        char days[32], unpriced[32];
        cli_table_add(&t, (const char *[]){
                              c->ref, c->cost,
                              cli_number_format(c->person_days, days,
                                                sizeof days),
                              cli_number_format(c->unpriced_days, unpriced,
                                                sizeof unpriced)});
    }
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
}

static int labour_run(cli_ctx *ctx, cli_rpc *r)
{
    const char *at = cli_take_option(ctx, "--status-date");
    char *program, day[CLI_DATE_LEN], why[200];
    if (cli_take_args(ctx, 1, 1, &program) < 0)
        return 2;
    day[0] = '\0';
    if (at && cli_parse_date(at, false, day, why, sizeof why) != 0)
        return cli_usage_fail(ctx, "--status-date: %s", why);
    Pmo__V1__ListLabourCostsRequest in =
        PMO__V1__LIST_LABOUR_COSTS_REQUEST__INIT;
    in.program = cli_key_upper(program);
    in.status_date = day;
    return person_call(r, "ListLabourCosts", &in.base, NULL, labour_print);
}

static int labour(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, labour_run);
}

static int person_set(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, person_set_run);
}

static int person_show(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, person_show_run);
}

static int assign(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, assign_run);
}

static int unassign(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, unassign_run);
}

static int assignments(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, assignments_run);
}

const cli_command cli_person_commands[] = {
    {"person set",
     "PROGRAM USER [--capacity UNITS] [--rate AMOUNT/day --from DATE "
     "[--currency CODE]]",
     "the share of full time a person works (0.5 is half time) and their "
     "day rate from a date (managers; a person may set their own capacity)",
     person_set},
    {"person show", "PROGRAM USER",
     "a person's capacity, and their rates to managers and themselves",
     person_show},
    {"assign", "REF USER [--units UNITS]",
     "puts a person on a work item for a share of their time (1 when not "
     "given); again to change it",
     assign},
    {"unassign", "REF USER", "takes a person off a work item", unassign},
    {"assignments", "PROGRAM|REF [--user USER]",
     "who works on which items, and for how much of their time", assignments},
    {"labour", "PROGRAM [--status-date DATE]",
     "what the people on each started item have cost so far, from actual "
     "dates, units and day rates (managers)",
     labour},
    {NULL, NULL, NULL, NULL},
};
