/*
 * client/pmo/cmd_import.c - pmo import csv: a plan from a spreadsheet,
 * checked here line by line, then loaded in one LoadPlan call that the
 * server applies all or nothing.
 *
 * The columns are documented in docs/CSV_IMPORT.md. Every problem found
 * here names the file, the line and the column; the server's field paths
 * (items[12].item.title, dependencies[3].predecessor) are mapped back to
 * the same form. Nothing is sent while any line is wrong.
 */
#include "cli.h"
#include "common/status.h"
#include "csv.h"
#include "file_read.h"
#include "plan_csv.h"
#include "rpc.h"
#include "show.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PLAN_FILE_MAX (64u << 20)

/* "items[12].item.title" -> line of row 12, column title. */
static void plan_violation_print(plan *p, const char *path, const char *why)
{
    size_t index;
    int used = 0;
    const char *rest = NULL;
    if (sscanf(path, "items[%zu]%n", &index, &used) == 1 && used > 0 &&
        index < p->n_rows) {
        rest = path + used;
        if (strncmp(rest, ".item.", 6) == 0)
            rest += 6;
        else if (rest[0] == '.')
            rest += 1;
        const char *name = plan_csv_column_of(rest);
        if (name == NULL)
            name = rest;
        fprintf(stderr, "%s:%u: %s%s%s%s\n", p->file, p->rows[index].line,
                name[0] ? "column " : "", name, name[0] ? ": " : "", why);
        return;
    }
    if (sscanf(path, "dependencies[%zu]%n", &index, &used) == 1 && used > 0 &&
        index < p->n_deps) {
        fprintf(stderr, "%s:%u: column depends_on: %s\n", p->file,
                p->rows[p->dep_row[index]].line, why);
        return;
    }
    fprintf(stderr, "%s: %s: %s\n", p->file, path, why);
}

static int plan_refused(cli_rpc *r, plan *p, const pmo_result *res)
{
    if (res->code == PMO_UNAUTHENTICATED || res->code == PMO_UNAVAILABLE ||
        res->code == PMO_DEADLINE_EXCEEDED || res->code == PMO_UNIMPLEMENTED)
        return cli_rpc_report(r, res);
    /* Named lines first, as local problems are, then what it means. */
    for (size_t i = 0; i < res->n_violations; i++)
        plan_violation_print(p, res->violations[i].field,
                             res->violations[i].description);
    if (res->n_violations)
        fprintf(stderr,
                "%s: nothing was imported from %s (the server refused it: "
                "%zu problem%s)\n",
                r->prog, p->file, res->n_violations,
                res->n_violations == 1 ? "" : "s");
    else
        fprintf(stderr, "%s: nothing was imported from %s: %s\n", r->prog,
                p->file, res->message);
    return cli_exit_code(res);
}

static void plan_loaded_print(const plan *p,
                              const Pmo__V1__LoadPlanResponse *out)
{
    printf("Imported %zu work items and %u dependencies into %s from %s.\n",
           out->n_refs, out->dependencies_added, p->program, p->file);
    cli_table t;
    cli_table_init(&t, 4, (const char *[]){"KEY", "REF", "PROJECT", "TITLE"});
    cli_table_shrinkable(&t, 3);
    for (size_t i = 0; i < out->n_refs && i < p->n_rows; i++)
        cli_table_add(&t, (const char *[]){p->rows[i].item.key, out->refs[i],
                                           p->rows[i].w.project,
                                           p->rows[i].w.title});
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
}

/*
 * Sends the plan; with dry_run the server checks it as a load would (its
 * projects, users, stored refs and cycles among them) and keeps nothing.
 */
static int plan_send(cli_ctx *ctx, cli_rpc *r, plan *p, bool dry_run)
{
    Pmo__V1__LoadPlanRequest in = PMO__V1__LOAD_PLAN_REQUEST__INIT;
    in.program = p->program;
    in.validate_only = dry_run;
    in.n_items = p->n_rows;
    in.items = arena_alloc(p->mem, (p->n_rows + 1) * sizeof(*in.items));
    for (size_t i = 0; i < p->n_rows; i++)
        in.items[i] = &p->rows[i].item;
    in.n_dependencies = p->n_deps;
    in.dependencies = p->deps;
    Pmo__V1__LoadPlanResponse *out = NULL;
    pmo_result res;
    if (cli_rpc_try(r, &pmo__v1__work_service__descriptor, "LoadPlan", &in.base,
                    (ProtobufCMessage **)&out, &res) != 0)
        return plan_refused(r, p, &res);
    if (ctx->json)
        cli_print_json(&out->base);
    else if (dry_run)
        printf("%s: %zu work items and %u dependencies, all valid: the "
               "server checked them against %s and would load them; "
               "nothing was imported.\n",
               p->file, p->n_rows, out->dependencies_added, p->program);
    else
        plan_loaded_print(p, out);
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

static int plan_load(cli_ctx *ctx, cli_rpc *r, plan *p, bool dry_run)
{
    char why[300];
    size_t len = 0;
    char *data = cli_file_read(p->file, PLAN_FILE_MAX, &len, why, sizeof(why));
    if (data == NULL) {
        fprintf(stderr, "%s: %s\n", r->prog, why);
        return 2;
    }
    plan_csv_read(p, data, len);
    free(data);
    if (p->n_errors) {
        plan_problems_print(p);
        fprintf(stderr, "%s: nothing was imported from %s (%u problem%s)\n",
                r->prog, p->file, p->n_errors, p->n_errors == 1 ? "" : "s");
        return 2;
    }
    return plan_send(ctx, r, p, dry_run);
}

static int import_csv_run(cli_ctx *ctx, cli_rpc *r)
{
    const char *program = cli_take_option(ctx, "--program");
    bool dry_run = cli_take_switch(ctx, "--dry-run");
    char *file;
    if (cli_take_args(ctx, 1, 1, &file) < 0)
        return 2;
    if (program == NULL)
        return cli_usage_fail(ctx, "--program is required");
    plan p = {.file = file, .mem = &r->mem};
    p.program = cli_key_upper(arena_strdup(&r->mem, program));
    int rc = plan_load(ctx, r, &p, dry_run);
    plan_fini(&p);
    return rc;
}

static int import_csv(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, import_csv_run);
}

const cli_command cli_import_commands[] = {
    {"import csv", "FILE --program KEY [--dry-run]",
     "load a plan from CSV, all or nothing (see docs/CSV_IMPORT.md)",
     import_csv},
    {NULL, NULL, NULL, NULL},
};
