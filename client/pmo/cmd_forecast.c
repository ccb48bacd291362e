/*
 * client/pmo/cmd_forecast.c - pmo forecast: a Monte Carlo forecast of a
 * program's finish from its three-point estimates: the P50/P80/P95
 * dates, the chance of making the target, each milestone's dates, and
 * the tasks most often critical and most tied to the finish.
 *
 * The same seed on the same plan gives the same forecast, so what is
 * printed for people leaves out what varies from run to run (the time
 * taken); --json has it.
 */
#include "cli.h"
#include "parse.h"
#include "pmo/v1/schedule.pb-c.h"
#include "rpc.h"
#include "show.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

/* What the server accepts (schedule.proto). */
#define FORECAST_MAX_ITERATIONS 200000
#define FORECAST_MAX_TOP        1000

/*
 * v rounded to decimals places, trailing zeros dropped: "31.2", "87".
 * (printf rounds; pmo links no maths library.)
 */
static const char *forecast_number(double v, int decimals, char *out,
                                   size_t len)
{
    char fixed[64];
    snprintf(fixed, sizeof(fixed), "%.*f", decimals, v);
    return cli_number_format(strtod(fixed, NULL), out, len);
}

/* A share as a percentage: "87%", "99.5%". */
static const char *forecast_percent(double share, char *out, size_t len)
{
    char num[32];
    snprintf(out, len, "%s%%",
             forecast_number(share * 100, 1, num, sizeof(num)));
    return out;
}

static int forecast_uint_take(cli_ctx *ctx, const char *name, int64_t max,
                              int64_t *out)
{
    const char *text = cli_take_option(ctx, name);
    char why[200];
    *out = 0;
    if (text && cli_parse_int(text, 1, max, out, why, sizeof(why)) != 0)
        return cli_usage_fail(ctx, "%s: %s", name, why);
    return 0;
}

/* Every option into the request; PROGRAM last. */
static int forecast_request_take(cli_ctx *ctx, Pmo__V1__ForecastRequest *in,
                                 char status[CLI_DATE_LEN])
{
    const char *dist = cli_take_option(ctx, "--distribution");
    int64_t iterations, seed, top;
    int value = 0, rc;
    char why[300], *program;
    if ((rc = forecast_uint_take(ctx, "--iterations", FORECAST_MAX_ITERATIONS,
                                 &iterations)) ||
        (rc = forecast_uint_take(ctx, "--seed", INT64_MAX, &seed)) ||
        (rc = forecast_uint_take(ctx, "--top", FORECAST_MAX_TOP, &top)))
        return rc;
    if (dist && cli_parse_enum(&pmo__v1__distribution__descriptor, dist, &value,
                               why, sizeof(why)) != 0)
        return cli_usage_fail(ctx, "--distribution: %s", why);
    if ((rc = cli_sched_args(ctx, status, &program, 1, 1)))
        return rc;
    in->program = program;
    in->status_date = status;
    in->iterations = (uint32_t)iterations;
    in->seed = (uint64_t)seed;
    in->top = (uint32_t)top;
    in->distribution = value;
    return 0;
}

static void forecast_summary_print(const Pmo__V1__ForecastResponse *f)
{
    char dist[32], line[128], mean[32], sd[32];
    printf("Forecast of %s: %u iterations, %s, seed %" PRIu64
           ", status date %s\n\n",
           f->program, f->iterations,
           f->distribution ? cli_enum_label(&pmo__v1__distribution__descriptor,
                                            f->distribution, dist, sizeof(dist))
                           : "pert",
           f->seed, cli_or_dash(f->status_date));
    cli_table t;
    cli_record_init(&t);
    cli_record_add_opt(&t, "planned finish", f->planned_finish);
    if (f->finish) {
        cli_record_add_opt(&t, "P50", f->finish->p50);
        cli_record_add_opt(&t, "P80", f->finish->p80);
        cli_record_add_opt(&t, "P95", f->finish->p95);
    }
    snprintf(line, sizeof(line),
             "%s working days from the status date (standard deviation %s)",
             forecast_number(f->mean_finish_days, 1, mean, sizeof(mean)),
             forecast_number(f->stddev_finish_days, 1, sd, sizeof(sd)));
    cli_record_add(&t, "mean finish", line);
    if (f->target_finish[0]) {
        char pct[16];
        snprintf(line, sizeof(line), "%s, %s likely to be met",
                 f->target_finish,
                 forecast_percent(f->probability_on_target, pct, sizeof(pct)));
        cli_record_add(&t, "target", line);
    } else {
        cli_record_add(&t, "target", "-");
    }
    cli_record_print(&t);
}

static void forecast_milestones_print(const Pmo__V1__ForecastResponse *f)
{
    cli_section_print("Milestones");
    if (f->n_milestones == 0) {
        printf("  (none)\n");
        return;
    }
    cli_table t;
    cli_table_init(&t, 8,
                   (const char *[]){"REF", "TITLE", "PLANNED", "TARGET", "P50",
                                    "P80", "P95", "ON TIME"});
    cli_table_shrinkable(&t, 1);
    for (size_t i = 0; i < f->n_milestones; i++) {
        const Pmo__V1__MilestoneForecast *m = f->milestones[i];
        const Pmo__V1__DatePercentiles *p = m->finish;
        char pct[16];
        cli_table_add(
            &t, (const char *[]){m->ref, m->title, cli_or_dash(m->planned),
                                 cli_or_dash(m->target), p ? p->p50 : "-",
                                 p ? p->p80 : "-", p ? p->p95 : "-",
                                 m->target[0]
                                     ? forecast_percent(m->probability_on_time,
                                                        pct, sizeof(pct))
                                     : "-"});
    }
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
}

/* One of the two task rankings; sensitivity as a correlation. */
static void forecast_risks_print(const char *title,
                                 Pmo__V1__TaskRisk *const *risks, size_t n,
                                 bool sensitivity)
{
    cli_section_print(title);
    if (n == 0) {
        printf("  (none)\n");
        return;
    }
    cli_table t;
    cli_table_init(&t, 4,
                   (const char *[]){"REF", "TITLE", "CRITICAL",
                                    "CORRELATION WITH FINISH"});
    cli_table_shrinkable(&t, 1);
    for (size_t i = 0; i < n; i++) {
        char pct[16], corr[32];
        forecast_number(risks[i]->sensitivity, 2, corr, sizeof(corr));
        size_t row = cli_table_add(
            &t, (const char *[]){
                    risks[i]->ref, risks[i]->title,
                    forecast_percent(risks[i]->criticality, pct, sizeof(pct)),
                    corr});
        cli_table_color(&t, row, sensitivity ? 3 : 2, CLI_COLOR_BOLD);
    }
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
}

static void forecast_print(const ProtobufCMessage *reply, const void *arg)
{
    const Pmo__V1__ForecastResponse *f =
        (const Pmo__V1__ForecastResponse *)reply;
    (void)arg;
    forecast_summary_print(f);
    forecast_milestones_print(f);
    forecast_risks_print("Most often critical", f->most_critical,
                         f->n_most_critical, false);
    forecast_risks_print("Most tied to the finish", f->most_sensitive,
                         f->n_most_sensitive, true);
}

static int forecast_run(cli_ctx *ctx, cli_rpc *r)
{
    Pmo__V1__ForecastRequest in = PMO__V1__FORECAST_REQUEST__INIT;
    char status[CLI_DATE_LEN];
    int rc = forecast_request_take(ctx, &in, status);
    if (rc)
        return rc;
    return cli_sched_show(r, "Forecast", &in.base, forecast_print, NULL);
}

static int forecast_cmd(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, forecast_run);
}

const cli_command cli_forecast_commands[] = {
    {"forecast",
     "PROGRAM [--iterations N] [--seed S] [--distribution pert|triangular] "
     "[--top N] [--status-date DATE]",
     "Monte Carlo finish dates (P50/P80/P95), target odds, riskiest tasks",
     forecast_cmd},
    {NULL, NULL, NULL, NULL},
};
