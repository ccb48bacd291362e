/*
 * client/pmo/cmd_cost.c - pmo cost: what a program spent. Adding one
 * expense, listing them with their total, and importing many from CSV,
 * all or nothing.
 *
 * Amounts are sent as typed, for the server to read in the program's
 * currency. The CSV's columns are date, amount, category (required),
 * vendor, item, project and note; the first line names them, in any
 * order. Problems are reported as FILE:LINE: column NAME: why, those
 * the server finds (expenses[3].amount) mapped back to the same form.
 */
#include "cli.h"
#include "common/status.h"
#include "csv.h"
#include "file_read.h"
#include "entity.h"
#include "parse.h"
#include "pmo/v1/finance.pb-c.h"
#include "rpc.h"
#include "show.h"
#include "table.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FINANCE_SVC   (&pmo__v1__finance_service__descriptor)
#define COST_FILE_MAX (16u << 20)

/* ------------------------------------------------------------ one field */

/* "--date D": "today", "yesterday" or YYYY-MM-DD into out. */
static int cost_date(cli_ctx *ctx, const char *what, const char *text,
                     char out[CLI_DATE_LEN])
{
    char why[200];
    out[0] = '\0';
    if (text && cli_parse_date(text, false, out, why, sizeof(why)) != 0)
        return cli_usage_fail(ctx, "%s: %s", what, why);
    return 0;
}

static int cost_category(const char *text, int *out, char *why, size_t len)
{
    return cli_parse_enum(&pmo__v1__budget_category__descriptor, text, out, why,
                          len);
}

/* ------------------------------------------------------------ add */

static void cost_added_print(const Pmo__V1__Expense *e)
{
    char category[32];
    const char *on = e->item[0] ? e->item : e->project;
    printf("Added expense %lld: %s %s on %s, %s%s%s.\n", (long long)e->id,
           e->amount, e->currency, e->spent_on,
           cli_enum_label(&pmo__v1__budget_category__descriptor, e->category,
                          category, sizeof(category)),
           on[0] ? ", " : "", on);
}

static int cost_add_run(cli_ctx *ctx, cli_rpc *r)
{
    Pmo__V1__Expense e = PMO__V1__EXPENSE__INIT;
    const char *date = cli_take_option(ctx, "--date");
    const char *amount = cli_take_option(ctx, "--amount");
    const char *category = cli_take_option(ctx, "--category");
    const char *item = cli_take_option(ctx, "--item");
    const char *project = cli_take_option(ctx, "--project");
    const char *vendor = cli_take_option(ctx, "--vendor");
    const char *note = cli_take_option(ctx, "--note");
    const char *contract = cli_take_option(ctx, "--contract");
    char *program, day[CLI_DATE_LEN], why[300];
    int cat, rc;
    if (cli_take_args(ctx, 1, 1, &program) < 0)
        return 2;
    if (amount == NULL || category == NULL)
        return cli_usage_fail(ctx, "--amount and --category are required");
    if (item && project)
        return cli_usage_fail(ctx, "give --item or --project, not both");
    if ((rc = cost_date(ctx, "--date", date, day)) != 0 ||
        (contract &&
         (rc = cli_entity_id(ctx, "--contract", contract, &e.contract_id)) != 0))
        return rc;
    if (cost_category(category, &cat, why, sizeof(why)) != 0)
        return cli_usage_fail(ctx, "--category: %s", why);
    e.program = cli_key_upper(program);
    e.spent_on = day;
    e.amount = (char *)amount;
    e.category = (Pmo__V1__BudgetCategory)cat;
    e.item = item ? cli_key_upper(arena_strdup(&r->mem, item)) : "";
    e.project = project ? (char *)project : "";
    e.vendor = vendor ? (char *)vendor : "";
    e.note = note ? (char *)note : "";
    Pmo__V1__AddExpenseRequest in = PMO__V1__ADD_EXPENSE_REQUEST__INIT;
    in.expense = &e;
    Pmo__V1__Expense *out = NULL;
    if ((rc = cli_rpc_call(r, FINANCE_SVC, "AddExpense", &in.base,
                           (ProtobufCMessage **)&out)) != 0)
        return rc;
    if (ctx->json)
        cli_print_json(&out->base);
    else
        cost_added_print(out);
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

/* ------------------------------------------------------------ list */

static void cost_table_print(const cli_list *l,
                             const Pmo__V1__ListExpensesResponse *first)
{
    char amount_head[32];
    snprintf(amount_head, sizeof(amount_head), "AMOUNT %s", first->currency);
    cli_table t;
    cli_table_init(&t, 8,
                   (const char *[]){"ID", "DATE", amount_head, "CATEGORY", "ON",
                                    "VENDOR", "BY", "NOTE"});
    cli_table_shrinkable(&t, 7);
    for (size_t i = 0; i < l->n_items; i++) {
        const Pmo__V1__Expense *e = l->items[i];
        char id[24], category[32];
        snprintf(id, sizeof(id), "%lld", (long long)e->id);
        const char *on = e->item[0] ? e->item : e->project;
        cli_table_add(
            &t, (const char *[]){
                    id, e->spent_on, e->amount,
                    cli_enum_label(&pmo__v1__budget_category__descriptor,
                                   e->category, category, sizeof(category)),
                    cli_or_dash(on), cli_or_dash(e->vendor),
                    cli_or_dash(e->entered_by), e->note});
    }
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
    printf("%u expense%s, total %s %s\n", first->count,
           first->count == 1 ? "" : "s", first->total, first->currency);
}

static int cost_list_run(cli_ctx *ctx, cli_rpc *r)
{
    Pmo__V1__ListExpensesRequest in = PMO__V1__LIST_EXPENSES_REQUEST__INIT;
    const char *project = cli_take_option(ctx, "--project");
    const char *category = cli_take_option(ctx, "--category");
    const char *from = cli_take_option(ctx, "--from");
    const char *to = cli_take_option(ctx, "--to");
    char *program, from_day[CLI_DATE_LEN], to_day[CLI_DATE_LEN], why[300];
    int cat = 0, rc;
    if (cli_take_args(ctx, 1, 1, &program) < 0)
        return 2;
    if (category && cost_category(category, &cat, why, sizeof(why)) != 0)
        return cli_usage_fail(ctx, "--category: %s", why);
    if ((rc = cost_date(ctx, "--from", from, from_day)) != 0 ||
        (rc = cost_date(ctx, "--to", to, to_day)) != 0)
        return rc;
    in.program = cli_key_upper(program);
    in.project = project ? (char *)project : "";
    in.category = (Pmo__V1__BudgetCategory)cat;
    in.from = from_day;
    in.to = to_day;
    cli_list l;
    if ((rc = cli_rpc_list_all(r, FINANCE_SVC, "ListExpenses", &in.base,
                               "expenses", &l)) != 0)
        return rc;
    /* Every page carries the filter's total: the first one's stands. */
    Pmo__V1__ListExpensesResponse all =
        *(const Pmo__V1__ListExpensesResponse *)l.pages[0];
    all.n_expenses = l.n_items;
    all.expenses = (Pmo__V1__Expense **)l.items;
    all.next_page_token = "";
    if (ctx->json)
        cli_print_json(&all.base);
    else if (l.n_items == 0)
        printf("No expenses recorded for %s.\n", in.program);
    else
        cost_table_print(&l, &all);
    cli_list_fini(&l);
    return 0;
}

/* ------------------------------------------------------------ import */

typedef enum cost_col {
    COST_DATE,
    COST_AMOUNT,
    COST_CATEGORY,
    COST_VENDOR,
    COST_ITEM,
    COST_PROJECT,
    COST_NOTE,
    COST_CONTRACT,
    COST_N_COLS,
} cost_col;

/* Each column's header name and the Expense field the server names. */
static const struct {
    const char *name;
    const char *field;
    bool required;
} cost_columns[COST_N_COLS] = {
    [COST_DATE] = {"date", "spent_on", true},
    [COST_AMOUNT] = {"amount", "amount", true},
    [COST_CATEGORY] = {"category", "category", true},
    [COST_VENDOR] = {"vendor", "vendor", false},
    [COST_ITEM] = {"item", "item", false},
    [COST_PROJECT] = {"project", "project", false},
    [COST_NOTE] = {"note", "note", false},
    [COST_CONTRACT] = {"contract", "contract_id", false},
};

typedef struct cost_import {
    const char *file;
    arena *mem;
    int col_at[COST_N_COLS]; /* the CSV field of each column, or -1 */
    size_t n_header;
    Pmo__V1__Expense **rows;
    unsigned *lines; /* the line of each row */
    size_t n_rows, cap;
    unsigned n_errors;
} cost_import;

static void cost_error(cost_import *c, unsigned line, int col, const char *fmt,
                       ...) __attribute__((format(printf, 4, 5)));

static void cost_error(cost_import *c, unsigned line, int col, const char *fmt,
                       ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s:%u: ", c->file, line);
    if (col >= 0)
        fprintf(stderr, "column %s: ", cost_columns[col].name);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    c->n_errors++;
}

static void cost_header(cost_import *c, const csv_record *rec)
{
    for (int k = 0; k < COST_N_COLS; k++)
        c->col_at[k] = -1;
    c->n_header = rec->n;
    for (size_t i = 0; i < rec->n; i++) {
        char *name = csv_trim(c->mem, rec->fields[i]);
        for (char *s = name; *s; s++)
            *s = (char)tolower((unsigned char)*s);
        int k = 0;
        while (k < COST_N_COLS && strcmp(name, cost_columns[k].name) != 0 &&
               strcmp(name, cost_columns[k].field) != 0)
            k++;
        if (k == COST_N_COLS)
            cost_error(c, rec->line, -1,
                       "column %zu: unknown column '%s' (one of date, amount, "
                       "category, vendor, item, project, note, contract)",
                       i + 1, rec->fields[i]);
        else if (c->col_at[k] >= 0)
            cost_error(c, rec->line, k, "appears twice in the header");
        else
            c->col_at[k] = (int)i;
    }
    for (int k = 0; k < COST_N_COLS; k++)
        if (cost_columns[k].required && c->col_at[k] < 0)
            cost_error(c, rec->line, k, "missing from the header (required)");
}

/* The cell of column k in rec, trimmed; "" when the line is short. */
static char *cost_cell(cost_import *c, const csv_record *rec, int k)
{
    int at = c->col_at[k];
    return at >= 0 && (size_t)at < rec->n ? csv_trim(c->mem, rec->fields[at])
                                          : "";
}

static void cost_row(cost_import *c, const csv_record *rec)
{
    if (rec->n != c->n_header)
        cost_error(c, rec->line, -1, "the line has %zu fields, the header %zu",
                   rec->n, c->n_header);
    Pmo__V1__Expense *e = arena_alloc(c->mem, sizeof(*e));
    pmo__v1__expense__init(e);
    char why[300];
    char *day = arena_alloc(c->mem, CLI_DATE_LEN);
    const char *date = cost_cell(c, rec, COST_DATE);
    if (cli_parse_date(date, false, day, why, sizeof(why)) != 0)
        cost_error(c, rec->line, COST_DATE, "%s", why);
    e->spent_on = day;
    e->amount = cost_cell(c, rec, COST_AMOUNT);
    int cat = 0;
    if (cost_category(cost_cell(c, rec, COST_CATEGORY), &cat, why,
                      sizeof(why)) != 0)
        cost_error(c, rec->line, COST_CATEGORY, "%s", why);
    e->category = (Pmo__V1__BudgetCategory)cat;
    e->vendor = cost_cell(c, rec, COST_VENDOR);
    e->item = cli_key_upper(cost_cell(c, rec, COST_ITEM));
    e->project = cost_cell(c, rec, COST_PROJECT);
    e->note = cost_cell(c, rec, COST_NOTE);
    const char *contract = cost_cell(c, rec, COST_CONTRACT);
    if (contract[0] && (strspn(contract, "0123456789") != strlen(contract) ||
                        strlen(contract) > 18))
        cost_error(c, rec->line, COST_CONTRACT,
                   "'%s' is not a contract id (a whole number)", contract);
    else if (contract[0])
        e->contract_id = strtoll(contract, NULL, 10);
    if (c->n_rows == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 64;
        c->rows = realloc(c->rows, c->cap * sizeof(*c->rows));
        c->lines = realloc(c->lines, c->cap * sizeof(*c->lines));
        if (c->rows == NULL || c->lines == NULL)
            abort();
    }
    c->lines[c->n_rows] = rec->line;
    c->rows[c->n_rows++] = e;
}

static void cost_read(cost_import *c, const char *data, size_t len)
{
    csv_reader in;
    csv_record rec;
    char why[200];
    unsigned err_line = 0;
    bool header = true;
    int rc;
    csv_reader_init(&in, data, len);
    csv_record_init(&rec);
    while ((rc = csv_record_read(&in, &rec, &err_line, why, sizeof(why))) > 0) {
        if (csv_record_blank(&rec))
            continue;
        if (header) {
            cost_header(c, &rec);
            header = false;
            if (c->n_errors)
                break;
        } else {
            cost_row(c, &rec);
        }
    }
    if (rc < 0)
        cost_error(c, err_line, -1, "%s", why);
    else if (header)
        cost_error(c, 1, -1, "no header line: the file is empty");
    else if (c->n_errors == 0 && c->n_rows == 0)
        cost_error(c, 2, -1, "no expenses below the header");
    csv_record_fini(&rec);
}

/* "expenses[3].amount" -> the line of row 3, column amount. */
static void cost_violation_print(const cost_import *c, const char *path,
                                 const char *why)
{
    size_t index;
    int used = 0;
    if (sscanf(path, "expenses[%zu]%n", &index, &used) == 1 && used > 0 &&
        index < c->n_rows) {
        const char *field = path + used + (path[used] == '.');
        const char *name = field;
        for (int k = 0; k < COST_N_COLS; k++)
            if (strcmp(field, cost_columns[k].field) == 0)
                name = cost_columns[k].name;
        fprintf(stderr, "%s:%u: column %s: %s\n", c->file, c->lines[index],
                name, why);
        return;
    }
    fprintf(stderr, "%s: %s: %s\n", c->file, path, why);
}

static int cost_refused(cli_rpc *r, const cost_import *c, const pmo_result *res)
{
    if (res->n_violations == 0)
        return cli_rpc_report(r, res);
    for (size_t i = 0; i < res->n_violations; i++)
        cost_violation_print(c, res->violations[i].field,
                             res->violations[i].description);
    fprintf(stderr,
            "%s: nothing was imported from %s (the server refused it: %zu "
            "problem%s)\n",
            r->prog, c->file, res->n_violations,
            res->n_violations == 1 ? "" : "s");
    return cli_exit_code(res);
}

static int cost_send(cli_ctx *ctx, cli_rpc *r, const cost_import *c,
                     char *program, bool dry_run)
{
    Pmo__V1__ImportExpensesRequest in = PMO__V1__IMPORT_EXPENSES_REQUEST__INIT;
    in.program = program;
    in.dry_run = dry_run;
    in.n_expenses = c->n_rows;
    in.expenses = c->rows;
    Pmo__V1__ImportExpensesResponse *out = NULL;
    pmo_result res;
    if (cli_rpc_try(r, FINANCE_SVC, "ImportExpenses", &in.base,
                    (ProtobufCMessage **)&out, &res) != 0)
        return cost_refused(r, c, &res);
    if (ctx->json)
        cli_print_json(&out->base);
    else if (dry_run)
        printf("%s: %u expenses, %s %s, all valid: the server checked them "
               "against %s; nothing was imported.\n",
               c->file, out->added, out->total, out->currency, program);
    else
        printf("Imported %u expenses, %s %s, into %s from %s.\n", out->added,
               out->total, out->currency, program, c->file);
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

static int cost_import_run(cli_ctx *ctx, cli_rpc *r)
{
    const char *program = cli_take_option(ctx, "--program");
    bool dry_run = cli_take_switch(ctx, "--dry-run");
    char *file, why[300];
    if (cli_take_args(ctx, 1, 1, &file) < 0)
        return 2;
    if (program == NULL)
        return cli_usage_fail(ctx, "--program is required");
    size_t len = 0;
    char *data = cli_file_read(file, COST_FILE_MAX, &len, why, sizeof(why));
    if (data == NULL) {
        fprintf(stderr, "%s: %s\n", r->prog, why);
        return 2;
    }
    cost_import c = {.file = file, .mem = &r->mem};
    if (memchr(data, '\0', len) != NULL)
        cost_error(&c, 1, -1, "a NUL byte: this is not a CSV text file");
    else
        cost_read(&c, data, len);
    free(data);
    int rc;
    if (c.n_errors) {
        fprintf(stderr, "%s: nothing was imported from %s (%u problem%s)\n",
                r->prog, file, c.n_errors, c.n_errors == 1 ? "" : "s");
        rc = 2;
    } else {
        rc = cost_send(ctx, r, &c,
                       cli_key_upper(arena_strdup(&r->mem, program)), dry_run);
    }
    free(c.rows);
    free(c.lines);
    return rc;
}

static int cost_add(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, cost_add_run);
}

static int cost_list(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, cost_list_run);
}

static int cost_import_csv(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, cost_import_run);
}

const cli_command cli_cost_commands[] = {
    {"cost add",
     "KEY --date D --amount A --category C [--item KEY-N|--project P] "
     "[--vendor V] [--note N] [--contract ID]",
     "record an expense, in the program's currency (categories people, "
     "vendors, infrastructure, licences, travel, other)",
     cost_add},
    {"cost list", "KEY [--project P] [--category C] [--from DATE] [--to DATE]",
     "the expenses by date, with their total", cost_list},
    {"cost import csv", "FILE --program KEY [--dry-run]",
     "add expenses from CSV (date, amount, category, vendor, item, project, "
     "note, contract), all or nothing",
     cost_import_csv},
    {NULL, NULL, NULL, NULL},
};
