/*
 * client/pmo/cmd_budget.c - pmo budget: the budget of a program or of one
 * of its projects, by category and month; setting it (a re-baseline, with
 * the reason), showing it as a table with totals, and its history.
 *
 * Amounts are sent as typed: the server reads them in the program's
 * currency and refuses another one. A line is CATEGORY=AMOUNT (not phased
 * by month) or CATEGORY:YYYY-MM=AMOUNT.
 */
#include "cli.h"
#include "common/money.h"
#include "common/status.h"
#include "parse.h"
#include "pmo/v1/finance.pb-c.h"
#include "rpc.h"
#include "show.h"
#include "table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FINANCE_SVC       (&pmo__v1__finance_service__descriptor)
#define BUDGET_CATEGORIES PMO__V1__BUDGET_CATEGORY__BUDGET_OTHER
#define BUDGET_MONTHS_MAX 240

/* ------------------------------------------------------------ set */

/* "vendors:2026-03=1200.50" into l; reports a usage error otherwise. */
static int budget_line_parse(cli_ctx *ctx, arena *mem, const char *arg,
                             Pmo__V1__BudgetLine *l)
{
    const char *eq = strchr(arg, '=');
    char why[300];
    if (eq == NULL || eq == arg)
        return cli_usage_fail(
            ctx, "\"%s\": a line is CATEGORY[:YYYY-MM]=AMOUNT", arg);
    char *head = arena_strndup(mem, arg, (size_t)(eq - arg));
    char *month = strchr(head, ':');
    if (month)
        *month++ = '\0';
    int category;
    if (cli_parse_enum(&pmo__v1__budget_category__descriptor, head, &category,
                       why, sizeof(why)) != 0)
        return cli_usage_fail(ctx, "\"%s\": category: %s", arg, why);
    pmo__v1__budget_line__init(l);
    l->category = (Pmo__V1__BudgetCategory)category;
    l->month = month ? month : "";
    l->amount = (char *)eq + 1;
    return 0;
}

/* The version of the budget now, 0 when none is set; or an exit code. */
static int budget_version_now(cli_rpc *r, const char *program,
                              const char *project, int64_t *version)
{
    Pmo__V1__GetBudgetRequest in = PMO__V1__GET_BUDGET_REQUEST__INIT;
    in.program = (char *)program;
    in.project = (char *)project;
    Pmo__V1__Budget *out = NULL;
    pmo_result res;
    *version = 0;
    int rc = cli_rpc_try(r, FINANCE_SVC, "GetBudget", &in.base,
                         (ProtobufCMessage **)&out, &res);
    if (rc == PMO_NOT_FOUND && res.n_violations == 0)
        return 0;
    if (rc != 0)
        return cli_rpc_report(r, &res);
    *version = out->version;
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

static void budget_print(const Pmo__V1__Budget *b);

/*
 * A refused SetBudget: each problem of a line ("lines[2].amount") with
 * the argument that line came from, so the person sees what they typed.
 */
static int budget_refused(cli_rpc *r, char *const *line_args, size_t n,
                          const pmo_result *res)
{
    if (res->n_violations == 0)
        return cli_rpc_report(r, res);
    for (size_t i = 0; i < res->n_violations; i++) {
        const char *field = res->violations[i].field;
        size_t at;
        int used = 0;
        if (sscanf(field, "lines[%zu]%n", &at, &used) == 1 && used > 0 &&
            at < n)
            fprintf(stderr, "%s: \"%s\": %s: %s\n", r->prog, line_args[at],
                    field, res->violations[i].description);
        else
            fprintf(stderr, "%s: %s: %s\n", r->prog, field,
                    res->violations[i].description);
    }
    return cli_exit_code(res);
}

static int budget_set_run(cli_ctx *ctx, cli_rpc *r)
{
    const char *project = cli_take_option(ctx, "--project");
    const char *reason = cli_take_option(ctx, "--reason");
    char **args = arena_alloc(&r->mem, (size_t)(ctx->argc + 1) * sizeof(*args));
    int n = cli_take_args(ctx, 1, -1, args);
    if (n < 0)
        return 2;
    if (reason == NULL)
        return cli_usage_fail(ctx, "--reason is required: say why the budget "
                                   "is set or changed");
    Pmo__V1__SetBudgetRequest in = PMO__V1__SET_BUDGET_REQUEST__INIT;
    in.program = cli_key_upper(args[0]);
    in.project = project ? (char *)project : "";
    in.reason = (char *)reason;
    in.n_lines = (size_t)(n - 1);
    in.lines = arena_alloc(&r->mem, (in.n_lines + 1) * sizeof(*in.lines));
    for (size_t i = 0; i < in.n_lines; i++) {
        in.lines[i] = arena_alloc(&r->mem, sizeof(**in.lines));
        int rc = budget_line_parse(ctx, &r->mem, args[i + 1], in.lines[i]);
        if (rc)
            return rc;
    }
    int rc =
        budget_version_now(r, in.program, in.project, &in.expected_version);
    if (rc)
        return rc;
    r->subject = "the budget";
    Pmo__V1__Budget *out = NULL;
    pmo_result res;
    if (cli_rpc_try(r, FINANCE_SVC, "SetBudget", &in.base,
                    (ProtobufCMessage **)&out, &res) != 0)
        return budget_refused(r, args + 1, in.n_lines, &res);
    if (ctx->json) {
        cli_print_json(&out->base);
    } else {
        printf("Set the budget of %s%s%s: version %lld, %s %s.\n", out->program,
               out->project[0] ? " project " : "", out->project,
               (long long)out->version, out->total, out->currency);
        budget_print(out);
    }
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

/* ------------------------------------------------------------ show */

static int budget_month_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The distinct months of the lines, sorted, "" (no month) last. */
static size_t budget_months(const Pmo__V1__Budget *b, const char **months)
{
    size_t n = 0;
    bool unphased = false;
    for (size_t i = 0; i < b->n_lines; i++) {
        const char *m = b->lines[i]->month;
        bool seen = false;
        for (size_t j = 0; j < n && !seen; j++)
            seen = strcmp(months[j], m) == 0;
        if (m[0] == '\0')
            unphased = true;
        else if (!seen && n < BUDGET_MONTHS_MAX)
            months[n++] = m;
    }
    qsort(months, n, sizeof(*months), budget_month_cmp);
    if (unphased)
        months[n++] = "";
    return n;
}

static void budget_cell(char cells[][MONEY_TEXT], size_t at, int64_t minor,
                        int exponent)
{
    money_format(minor, exponent, cells[at], MONEY_TEXT);
}

/*
 * The lines as a table, a row per category and a column per month (and
 * one for amounts in no month), with totals of each row and column. The
 * server keeps every sum within MONEY_MAX, so none overflows here.
 */
static void budget_print(const Pmo__V1__Budget *b)
{
    if (b->n_lines == 0) {
        printf("No lines: the budget is 0.\n");
        return;
    }
    const char *months[BUDGET_MONTHS_MAX + 1];
    size_t n_months = budget_months(b, months);
    size_t n_cols = n_months + 2;
    int exponent = money_exponent(b->currency);
    const char **heads = calloc(n_cols, sizeof(*heads));
    const char **row = calloc(n_cols, sizeof(*row));
    char(*cells)[MONEY_TEXT] = calloc(n_cols, MONEY_TEXT);
    int64_t *column_sums = calloc(n_cols, sizeof(*column_sums));
    heads[0] = "CATEGORY";
    for (size_t m = 0; m < n_months; m++)
        heads[m + 1] = months[m][0] ? months[m] : "NO MONTH";
    heads[n_cols - 1] = "TOTAL";
    cli_table t;
    cli_table_init(&t, n_cols, heads);
    char label[32];
    for (int c = 1; c <= BUDGET_CATEGORIES; c++) {
        int64_t sum = 0;
        bool any = false;
        for (size_t m = 0; m < n_months; m++) {
            int64_t v = 0;
            for (size_t i = 0; i < b->n_lines; i++)
                if ((int)b->lines[i]->category == c &&
                    strcmp(b->lines[i]->month, months[m]) == 0) {
                    v = b->lines[i]->amount_minor;
                    any = true;
                }
            budget_cell(cells, m + 1, v, exponent);
            row[m + 1] = v ? cells[m + 1] : "-";
            sum += v;
            column_sums[m + 1] += v;
        }
        if (!any)
            continue;
        row[0] = cli_enum_label(&pmo__v1__budget_category__descriptor, c, label,
                                sizeof(label));
        budget_cell(cells, n_cols - 1, sum, exponent);
        row[n_cols - 1] = cells[n_cols - 1];
        cli_table_add(&t, row);
    }
    row[0] = "TOTAL";
    for (size_t m = 1; m < n_cols - 1; m++) {
        budget_cell(cells, m, column_sums[m], exponent);
        row[m] = cells[m];
    }
    row[n_cols - 1] = b->total;
    size_t total_row = cli_table_add(&t, row);
    for (size_t m = 0; m < n_cols; m++)
        cli_table_color(&t, total_row, m, CLI_COLOR_BOLD);
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
    free(column_sums);
    free(cells);
    free(row);
    free(heads);
}

/* "KEY [--project P]": the request's program and project. */
static int budget_target(cli_ctx *ctx, cli_rpc *r, char **program,
                         char **project)
{
    const char *p = cli_take_option(ctx, "--project");
    if (cli_take_args(ctx, 1, 1, program) < 0)
        return 2;
    cli_key_upper(*program);
    *project = p ? (char *)p : "";
    return 0;
}

static int budget_show_run(cli_ctx *ctx, cli_rpc *r)
{
    Pmo__V1__GetBudgetRequest in = PMO__V1__GET_BUDGET_REQUEST__INIT;
    int rc = budget_target(ctx, r, &in.program, &in.project);
    Pmo__V1__Budget *out = NULL;
    if (rc || (rc = cli_rpc_call(r, FINANCE_SVC, "GetBudget", &in.base,
                                 (ProtobufCMessage **)&out)) != 0)
        return rc;
    if (ctx->json) {
        cli_print_json(&out->base);
    } else {
        printf("Budget of %s%s%s, version %lld, in %s: %s %s\n", out->program,
               out->project[0] ? " project " : "", out->project,
               (long long)out->version, out->currency, out->total,
               out->currency);
        printf("Set by %s at %s: %s\n\n", cli_or_dash(out->changed_by),
               out->changed_at, out->reason);
        budget_print(out);
    }
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

/* ------------------------------------------------------------ history */

static int budget_history_run(cli_ctx *ctx, cli_rpc *r)
{
    Pmo__V1__ListBudgetVersionsRequest in =
        PMO__V1__LIST_BUDGET_VERSIONS_REQUEST__INIT;
    cli_list l;
    int rc = budget_target(ctx, r, &in.program, &in.project);
    if (rc || (rc = cli_rpc_list_all(r, FINANCE_SVC, "ListBudgetVersions",
                                     &in.base, "versions", &l)) != 0)
        return rc;
    if (ctx->json) {
        cli_list_json(&l);
    } else if (l.n_items == 0) {
        printf("No budget is set for %s%s%s.\n", in.program,
               in.project[0] ? " project " : "", in.project);
    } else {
        const char *currency =
            ((const Pmo__V1__ListBudgetVersionsResponse *)l.pages[0])->currency;
        char total_head[32];
        snprintf(total_head, sizeof(total_head), "TOTAL %s", currency);
        cli_table t;
        cli_table_init(
            &t, 5,
            (const char *[]){"VERSION", "WHEN", "BY", total_head, "REASON"});
        cli_table_shrinkable(&t, 4);
        for (size_t i = 0; i < l.n_items; i++) {
            const Pmo__V1__BudgetVersion *v = l.items[i];
            char version[24];
            snprintf(version, sizeof(version), "%lld",
                     (long long)v->new_version);
            cli_table_add(&t, (const char *[]){version, v->changed_at,
                                               cli_or_dash(v->changed_by),
                                               v->total, v->reason});
        }
        cli_table_print(&t, stdout);
        cli_table_fini(&t);
    }
    cli_list_fini(&l);
    return 0;
}

static int budget_set(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, budget_set_run);
}

static int budget_show(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, budget_show_run);
}

static int budget_history(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, budget_history_run);
}

const cli_command cli_budget_commands[] = {
    {"budget set",
     "KEY [--project P] --reason TEXT CATEGORY[:YYYY-MM]=AMOUNT...",
     "set (or re-baseline) a budget: every line, in the program's currency; "
     "categories people, vendors, infrastructure, licences, travel, other",
     budget_set},
    {"budget show", "KEY [--project P]",
     "the budget by category and month, with totals", budget_show},
    {"budget history", "KEY [--project P]",
     "every version of the budget, with who set it and why", budget_history},
    {NULL, NULL, NULL, NULL},
};
