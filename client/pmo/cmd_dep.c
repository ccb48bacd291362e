/*
 * client/pmo/cmd_dep.c - pmo dep add/remove/list, and pmo deps: what one
 * work item waits on and what waits on it, across projects and teams.
 */
#include "cli.h"
#include "parse.h"
#include "pbjson.h"
#include "pmo/v1/work.pb-c.h"
#include "rpc.h"
#include "show.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WORK_SVC (&pmo__v1__work_service__descriptor)

/* "FS": how planners write the four types. */
static const char *dep_type_code(int type)
{
    switch (type) {
    case PMO__V1__DEPENDENCY_TYPE__DEP_START_TO_START:
        return "SS";
    case PMO__V1__DEPENDENCY_TYPE__DEP_FINISH_TO_FINISH:
        return "FF";
    case PMO__V1__DEPENDENCY_TYPE__DEP_START_TO_FINISH:
        return "SF";
    default:
        return "FS";
    }
}

static const char *dep_type_name(int type, char *out, size_t len)
{
    if (type == PMO__V1__DEPENDENCY_TYPE__DEP_UNSPECIFIED)
        type = PMO__V1__DEPENDENCY_TYPE__DEP_FINISH_TO_START;
    return cli_enum_label(&pmo__v1__dependency_type__descriptor, type, out,
                          len);
}

/* "+2d", "-1d" (a lead), "0". */
static const char *dep_lag_text(double lag, char *out, size_t len)
{
    char num[32];
    cli_number_format(lag, num, sizeof(num));
    if (lag == 0)
        snprintf(out, len, "0");
    else
        snprintf(out, len, "%s%sd", lag > 0 ? "+" : "", num);
    return out;
}

static const char *dep_arrow(void)
{
    return cli_term_utf8() ? "\xe2\x86\x92" : "->";
}

static int dep_add_run(cli_ctx *ctx, cli_rpc *r)
{
    const char *type = cli_take_option(ctx, "--type");
    const char *lag = cli_take_option(ctx, "--lag");
    char *args[2], why[300];
    if (cli_take_args(ctx, 2, 2, args) < 0)
        return 2;
    Pmo__V1__Dependency d = PMO__V1__DEPENDENCY__INIT;
    int t = PMO__V1__DEPENDENCY_TYPE__DEP_FINISH_TO_START;
    if (type && cli_parse_enum(&pmo__v1__dependency_type__descriptor, type, &t,
                               why, sizeof(why)) != 0)
        return cli_usage_fail(ctx, "--type: %s", why);
    if (lag && cli_parse_signed(lag, &d.lag_days, why, sizeof(why)) != 0)
        return cli_usage_fail(ctx, "--lag: %s", why);
    d.predecessor = cli_key_upper(args[0]);
    d.successor = cli_key_upper(args[1]);
    d.type = t;
    Pmo__V1__AddDependencyRequest in = PMO__V1__ADD_DEPENDENCY_REQUEST__INIT;
    in.dependency = &d;
    Pmo__V1__Dependency *out = NULL;
    int rc = cli_rpc_call(r, WORK_SVC, "AddDependency", &in.base,
                          (ProtobufCMessage **)&out);
    if (rc)
        return rc;
    char name[40], lag_text[40];
    if (ctx->json)
        cli_print_json(&out->base);
    else
        printf("%s %s %s: %s, lag %s\n", out->predecessor, dep_arrow(),
               out->successor, dep_type_name(out->type, name, sizeof(name)),
               dep_lag_text(out->lag_days, lag_text, sizeof(lag_text)));
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

static int dep_remove_run(cli_ctx *ctx, cli_rpc *r)
{
    char *args[2];
    if (cli_take_args(ctx, 2, 2, args) < 0)
        return 2;
    Pmo__V1__RemoveDependencyRequest in =
        PMO__V1__REMOVE_DEPENDENCY_REQUEST__INIT;
    in.predecessor = cli_key_upper(args[0]);
    in.successor = cli_key_upper(args[1]);
    ProtobufCMessage *out = NULL;
    int rc = cli_rpc_call(r, WORK_SVC, "RemoveDependency", &in.base, &out);
    if (rc)
        return rc;
    if (ctx->json)
        cli_print_json(out);
    else
        printf("Removed %s %s %s.\n", args[0], dep_arrow(), args[1]);
    protobuf_c_message_free_unpacked(out, NULL);
    return 0;
}

static void dep_table_print(const cli_list *l)
{
    cli_table t;
    cli_table_init(&t, 8,
                   (const char *[]){"PREDECESSOR", "PROJECT", "TITLE", "TYPE",
                                    "LAG", "SUCCESSOR", "PROJECT", "TITLE"});
    cli_table_shrinkable(&t, 2);
    cli_table_shrinkable(&t, 7);
    for (size_t i = 0; i < l->n_items; i++) {
        const Pmo__V1__Dependency *d = l->items[i];
        char lag[40];
        cli_table_add(
            &t, (const char *[]){d->predecessor, d->predecessor_project,
                                 d->predecessor_title, dep_type_code(d->type),
                                 dep_lag_text(d->lag_days, lag, sizeof(lag)),
                                 d->successor, d->successor_project,
                                 d->successor_title});
    }
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
}

static int dep_list_run(cli_ctx *ctx, cli_rpc *r)
{
    char *program;
    if (cli_take_args(ctx, 1, 1, &program) < 0)
        return 2;
    Pmo__V1__ListDependenciesRequest in =
        PMO__V1__LIST_DEPENDENCIES_REQUEST__INIT;
    in.program = cli_key_upper(program);
    cli_list l;
    int rc = cli_rpc_list_all(r, WORK_SVC, "ListDependencies", &in.base,
                              "dependencies", &l);
    if (rc)
        return rc;
    if (ctx->json)
        cli_list_json(&l);
    else if (l.n_items == 0)
        printf("No dependencies in %s.\n", program);
    else
        dep_table_print(&l);
    cli_list_fini(&l);
    return 0;
}

/* One half of pmo deps: the other end of each dependency. */
static void deps_half_print(const char *title, const cli_list *l,
                            const char *ref, bool waits_on)
{
    size_t n = 0;
    for (size_t i = 0; i < l->n_items; i++) {
        const Pmo__V1__Dependency *d = l->items[i];
        n += strcmp(waits_on ? d->successor : d->predecessor, ref) == 0;
    }
    char head[96];
    snprintf(head, sizeof(head), "%s (%zu)", title, n);
    cli_section_print(head);
    if (n == 0) {
        printf("  (nothing)\n");
        return;
    }
    cli_table t;
    cli_table_init(&t, 5,
                   (const char *[]){"REF", "TITLE", "PROJECT", "TYPE", "LAG"});
    cli_table_shrinkable(&t, 1);
    for (size_t i = 0; i < l->n_items; i++) {
        const Pmo__V1__Dependency *d = l->items[i];
        if (strcmp(waits_on ? d->successor : d->predecessor, ref) != 0)
            continue;
        char name[40], lag[40];
        cli_table_add(
            &t, (const char *[]){
                    waits_on ? d->predecessor : d->successor,
                    waits_on ? d->predecessor_title : d->successor_title,
                    waits_on ? d->predecessor_project : d->successor_project,
                    dep_type_name(d->type, name, sizeof(name)),
                    dep_lag_text(d->lag_days, lag, sizeof(lag))});
    }
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
}

/* {"item": WorkItem, "waits_on": [...], "waited_on_by": [...]} */
static void deps_json_print(const Pmo__V1__WorkItem *w, const cli_list *l)
{
    cli_json j;
    cli_json_open(&j);
    fputc('{', j.f);
    cli_json_message(&j, "item", &w->base);
    for (int half = 0; half < 2; half++) {
        fputs(half ? ",\"waited_on_by\":[" : ",\"waits_on\":[", j.f);
        bool first = true;
        for (size_t i = 0; i < l->n_items; i++) {
            const Pmo__V1__Dependency *d = l->items[i];
            const char *end = half ? d->predecessor : d->successor;
            if (strcmp(end, w->ref) != 0)
                continue;
            if (!first)
                fputc(',', j.f);
            first = false;
            pbjson_write(j.f, &d->base, -1);
        }
        fputc(']', j.f);
    }
    fputc('}', j.f);
    cli_json_close(&j);
}

static int deps_run(cli_ctx *ctx, cli_rpc *r)
{
    char *ref, program[64];
    if (cli_take_args(ctx, 1, 1, &ref) < 0)
        return 2;
    if (cli_ref_program(cli_key_upper(ref), program, sizeof(program)) != 0)
        return cli_usage_fail(ctx, "not a work item ref (KEY-NUMBER): '%s'",
                              ref);
    Pmo__V1__GetWorkItemRequest get = PMO__V1__GET_WORK_ITEM_REQUEST__INIT;
    get.ref = ref;
    Pmo__V1__WorkItem *w = NULL;
    int rc = cli_rpc_call(r, WORK_SVC, "GetWorkItem", &get.base,
                          (ProtobufCMessage **)&w);
    if (rc)
        return rc;
    Pmo__V1__ListDependenciesRequest in =
        PMO__V1__LIST_DEPENDENCIES_REQUEST__INIT;
    in.program = program;
    in.item = w->ref;
    cli_list l;
    rc = cli_rpc_list_all(r, WORK_SVC, "ListDependencies", &in.base,
                          "dependencies", &l);
    if (rc == 0 && ctx->json) {
        deps_json_print(w, &l);
    } else if (rc == 0) {
        char label[512];
        char *clean = cli_text_clean(
            cli_item_label(w->title, w->kind, label, sizeof(label)));
        printf("%s  %s  (project %s)\n", w->ref, clean, w->project);
        free(clean);
        deps_half_print("Waits on", &l, w->ref, true);
        deps_half_print("Waited on by", &l, w->ref, false);
    }
    if (rc == 0)
        cli_list_fini(&l);
    protobuf_c_message_free_unpacked(&w->base, NULL);
    return rc;
}

static int dep_add(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, dep_add_run);
}

static int dep_remove(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, dep_remove_run);
}

static int dep_list(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, dep_list_run);
}

static int deps(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, deps_run);
}

const cli_command cli_dep_commands[] = {
    {"dep add", "PRED SUCC [--type fs|ss|ff|sf] [--lag N]",
     "SUCC waits on PRED (lag in working days; negative is a lead)", dep_add},
    {"dep remove", "PRED SUCC", "remove a dependency", dep_remove},
    {"dep list", "PROGRAM", "every dependency of a program", dep_list},
    {"deps", "REF", "what REF waits on and what waits on it", deps},
    {NULL, NULL, NULL, NULL},
};
