/*
 * client/pmo/cmd_evm.c - pmo evm: the earned value of a program at a
 * status date, project by project and rolled up, and its S-curve drawn
 * in the terminal (EvmService; docs/EVM.md defines the measures).
 *
 * Two calls: GetEarnedValue for the tables, GetEarnedValueSeries for the
 * chart. --json prints both replies as one object (docs/CLI_JSON.md).
 */
#include "cli.h"
#include "common/daynum.h"
#include "common/money.h"
#include "evm_chart.h"
#include "parse.h"
#include "pmo/v1/evm.pb-c.h"
#include "rpc.h"
#include "show.h"

#include <stdio.h>
#include <string.h>

#define EVM_SVC (&pmo__v1__evm_service__descriptor)
#define EVM_CHART_HEIGHT 10
#define EVM_ROWS_MAX 4096
#define EVM_CHART_MIN_WIDTH 20
/* Without --period, spans up to this many days are drawn week by week. */
#define EVM_WEEKS_UP_TO_DAYS 183

typedef struct evm_args {
    bool period_given;
    Pmo__V1__EarnedValueRequest value;
    Pmo__V1__EarnedValueSeriesRequest series;
    char at[CLI_DATE_LEN];
} evm_args;

static int evm_args_take(cli_ctx *ctx, evm_args *a)
{
    const char *at = cli_take_option(ctx, "--at");
    const char *project = cli_take_option(ctx, "--project");
    const char *period = cli_take_option(ctx, "--period");
    const char *baseline = cli_take_option(ctx, "--baseline");
    char why[200], *program;
    a->at[0] = '\0';
    if (at && cli_parse_date(at, false, a->at, why, sizeof(why)) != 0)
        return cli_usage_fail(ctx, "--at: %s", why);
    Pmo__V1__EvmPeriod p = PMO__V1__EVM_PERIOD__EVM_PERIOD_MONTH;
    a->period_given = period != NULL;
    if (period && strcmp(period, "week") == 0)
        p = PMO__V1__EVM_PERIOD__EVM_PERIOD_WEEK;
    else if (period && strcmp(period, "month") != 0)
        return cli_usage_fail(ctx, "--period: must be week or month, not \"%s\"",
                              period);
    if (cli_take_args(ctx, 1, 1, &program) < 0)
        return 2;
    cli_key_upper(program);
    pmo__v1__earned_value_request__init(&a->value);
    pmo__v1__earned_value_series_request__init(&a->series);
    a->value.program = a->series.program = program;
    a->value.status_date = a->series.status_date = a->at;
    a->value.project = a->series.project = (char *)(project ? project : "");
    a->value.baseline = a->series.baseline = (char *)(baseline ? baseline : "");
    a->series.period = p;
    return 0;
}

/* ------------------------------------------------------------- tables */

/* "12,345.67": an amount in major units, into a cell. */
static const char *evm_money(int64_t minor, int exponent,
                             char cell[MONEY_TEXT])
{
    return money_format(minor, exponent, cell, MONEY_TEXT);
}

static const char *evm_ratio(bool has, double v, char *out, size_t len)
{
    if (!has)
        return "-";
    snprintf(out, len, "%.2f", v);
    return out;
}

static const char *evm_label(const Pmo__V1__EarnedValue *e)
{
    return e->project[0] ? e->project : "(program)";
}

static const char *evm_source(Pmo__V1__BacSource s)
{
    switch (s) {
    case PMO__V1__BAC_SOURCE__BAC_SOURCE_BUDGET:
        return "budget";
    case PMO__V1__BAC_SOURCE__BAC_SOURCE_PLANNED_COST:
        return "planned costs";
    case PMO__V1__BAC_SOURCE__BAC_SOURCE_PROJECTS:
        return "its projects";
    default:
        return "-";
    }
}

/* The scopes of the reply: projects, then the program when there. */
static size_t evm_rows(const Pmo__V1__EarnedValueResponse *v,
                       const Pmo__V1__EarnedValue **rows, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < v->n_projects && n < cap; i++)
        rows[n++] = v->projects[i];
    if (v->program_total && n < cap)
        rows[n++] = v->program_total;
    return n;
}

static void evm_money_print(const Pmo__V1__EarnedValue *const *rows, size_t n,
                            int exp)
{
    cli_table t;
    cli_table_init(&t, 10,
                   (const char *[]){"PROJECT", "BAC", "PV", "EV", "AC", "SV",
                                    "CV", "EAC", "ETC", "VAC"});
    for (size_t i = 0; i < n; i++) {
        const Pmo__V1__EarnedValue *e = rows[i];
        char c[9][MONEY_TEXT];
        bool eac = e->has_eac_cpi;
        size_t row = cli_table_add(
            &t, (const char *[]){
                    evm_label(e), evm_money(e->bac_minor, exp, c[0]),
                    evm_money(e->pv_minor, exp, c[1]),
                    evm_money(e->ev_minor, exp, c[2]),
                    evm_money(e->ac_minor, exp, c[3]),
                    evm_money(e->sv_minor, exp, c[4]),
                    evm_money(e->cv_minor, exp, c[5]),
                    eac ? evm_money(e->eac_cpi_minor, exp, c[6]) : "-",
                    eac ? evm_money(e->etc_minor, exp, c[7]) : "-",
                    eac ? evm_money(e->vac_minor, exp, c[8]) : "-"});
        if (e->sv_minor < 0)
            cli_table_color(&t, row, 5, CLI_COLOR_RED);
        if (e->cv_minor < 0)
            cli_table_color(&t, row, 6, CLI_COLOR_RED);
        if (!e->project[0])
            cli_table_color(&t, row, 0, CLI_COLOR_BOLD);
    }
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
}

static void evm_index_print(const Pmo__V1__EarnedValue *const *rows, size_t n,
                            int exp)
{
    cli_table t;
    cli_table_init(&t, 9,
                   (const char *[]){"PROJECT", "SPI", "CPI", "SPI(t)",
                                    "EARNED SCHEDULE", "TCPI(BAC)", "TCPI(EAC)",
                                    "EAC(CPIxSPI)", "BAC FROM"});
    for (size_t i = 0; i < n; i++) {
        const Pmo__V1__EarnedValue *e = rows[i];
        char r[5][32], eac[MONEY_TEXT];
        cli_table_add(
            &t,
            (const char *[]){
                evm_label(e), evm_ratio(e->has_spi, e->spi, r[0], 32),
                evm_ratio(e->has_cpi, e->cpi, r[1], 32),
                evm_ratio(e->has_spi_t, e->spi_t, r[2], 32),
                cli_or_dash(e->es_date),
                evm_ratio(e->has_tcpi_bac, e->tcpi_bac, r[3], 32),
                evm_ratio(e->has_tcpi_eac, e->tcpi_eac, r[4], 32),
                e->has_eac_cpi_spi
                    ? evm_money(e->eac_cpi_spi_minor, exp, eac)
                    : "-",
                evm_source(e->bac_source)});
    }
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
}

static void evm_print(const Pmo__V1__EarnedValueResponse *v,
                      const Pmo__V1__EarnedValueSeriesResponse *s)
{
    int exp = money_exponent(v->currency);
    static const Pmo__V1__EarnedValue *rows[EVM_ROWS_MAX];
    size_t n = evm_rows(v, rows, EVM_ROWS_MAX);
    printf("Earned value of %s at %s, in %s; baseline %s\n\n", v->program,
           v->status_date, v->currency,
           v->baseline[0] ? v->baseline : "(none)");
    evm_money_print(rows, n, exp);
    putchar('\n');
    evm_index_print(rows, n, exp);
    if (v->unassigned_ac_minor) {
        char c[MONEY_TEXT];
        printf("\nThe program's AC holds %s booked on no project.\n",
               evm_money(v->unassigned_ac_minor, exp, c));
    }
    cli_section_print(s->project[0] ? "S-curve of the project"
                                    : "S-curve of the program");
    int width = cli_term_width(stdout);
    evm_chart_opts o = {
        .width = width < EVM_CHART_MIN_WIDTH ? EVM_CHART_MIN_WIDTH : width,
        .height = EVM_CHART_HEIGHT,
        .exponent = exp,
        .color = cli_term_color(stdout),
    };
    evm_chart_draw(stdout, s, &o);
    for (size_t i = 0; i < v->n_warnings; i++)
        fprintf(stderr, "warning: %s\n", v->warnings[i]);
}

/* {"earned_value": EarnedValueResponse, "series": EarnedValueSeriesResponse} */
static void evm_json_print(const Pmo__V1__EarnedValueResponse *v,
                           const Pmo__V1__EarnedValueSeriesResponse *s)
{
    cli_json j;
    cli_json_open(&j);
    fputc('{', j.f);
    cli_json_message(&j, "earned_value", &v->base);
    fputc(',', j.f);
    cli_json_message(&j, "series", &s->base);
    fputc('}', j.f);
    cli_json_close(&j);
}

/*
 * Weeks for a short program, months for a long one: from the earliest
 * baseline start to the later of the last finish and the status date.
 */
static Pmo__V1__EvmPeriod evm_period_for(const Pmo__V1__EarnedValueResponse *v)
{
    const Pmo__V1__EarnedValue *rows[EVM_ROWS_MAX];
    size_t n = evm_rows(v, rows, EVM_ROWS_MAX);
    int from = 0, to = 0, day;
    bool any = false;
    if (daynum_parse(v->status_date, &day))
        to = day;
    for (size_t i = 0; i < n; i++) {
        if (daynum_parse(rows[i]->start_date, &day) && (!any || day < from)) {
            from = day;
            any = true;
        }
        if (daynum_parse(rows[i]->finish_date, &day) && day > to)
            to = day;
    }
    return any && to - from > EVM_WEEKS_UP_TO_DAYS
               ? PMO__V1__EVM_PERIOD__EVM_PERIOD_MONTH
               : PMO__V1__EVM_PERIOD__EVM_PERIOD_WEEK;
}

static int evm_run(cli_ctx *ctx, cli_rpc *r)
{
    evm_args a;
    int rc = evm_args_take(ctx, &a);
    if (rc)
        return rc;
    ProtobufCMessage *value = NULL, *series = NULL;
    if ((rc = cli_rpc_call(r, EVM_SVC, "GetEarnedValue", &a.value.base,
                           &value)))
        goto done;
    if (!a.period_given)
        a.series.period =
            evm_period_for((const Pmo__V1__EarnedValueResponse *)value);
    if ((rc = cli_rpc_call(r, EVM_SVC, "GetEarnedValueSeries", &a.series.base,
                           &series)))
        goto done;
    if (ctx->json)
        evm_json_print((const Pmo__V1__EarnedValueResponse *)value,
                       (const Pmo__V1__EarnedValueSeriesResponse *)series);
    else
        evm_print((const Pmo__V1__EarnedValueResponse *)value,
                  (const Pmo__V1__EarnedValueSeriesResponse *)series);
done:
    if (value)
        protobuf_c_message_free_unpacked(value, NULL);
    if (series)
        protobuf_c_message_free_unpacked(series, NULL);
    return rc;
}

static int evm_cmd(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, evm_run);
}

const cli_command cli_evm_commands[] = {
    {"evm",
     "PROGRAM [--at DATE] [--project P] [--period week|month] "
     "[--baseline NAME]",
     "Earned value: PV, EV, AC, SPI, CPI, EAC, ES per project, and the S-curve",
     evm_cmd},
    {NULL, NULL, NULL, NULL},
};
