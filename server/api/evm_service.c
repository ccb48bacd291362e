/*
 * server/api/evm_service.c - pmo.v1.EvmService: the earned value of a
 * program and its projects at a status date, and the S-curve of a scope
 * period by period.
 *
 * Who may do what: anyone with a role in the program reads both; nothing
 * here writes.
 *
 * model/evm_data.c reads the inputs, aggregated in PostgreSQL (two
 * statements a call); sched/evm_phase.c phases them over the working
 * days of the program's calendar and sched/evm.c computes the measures.
 * What is done here: the budget at completion of each scope and the
 * factor that spreads it over planned costs, the roll-up of projects
 * into the program, and the periods of a series (docs/EVM.md says why
 * each rule is what it is).
 */
#include "api/services.h"
#include "api/validate.h"
#include "common/daynum.h"
#include "common/money.h"
#include "model/access.h"
#include "model/evm_data.h"
#include "model/labour_cost.h"
#include "model/schedule_plan.h"
#include "pmo/v1/evm.pb-c.h"
#include "sched/evm.h"
#include "sched/evm_phase.h"
#include "sched/plan.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define EVM_KEY_MAX       32
#define EVM_BASELINE_MAX  64
#define EVM_WARNINGS_MAX  16
/* A series has at most this many points: 38 years of weeks. */
#define EVM_POINTS_MAX    2000
/* Earned schedule is worked day by day over at most this many days. */
#define EVM_SPAN_DAYS_MAX 36600

/* ------------------------------------------------------------ the call */

/* One call's working state: the data read and the warnings gathered. */
typedef struct evm_req {
    rpc_call *call;
    program_access prog;
    int status_day;
    evm_data data;
    char **warnings;
    size_t n_warnings;
    /* The program's calendar, built after the read: value accrues on
     * its working days. NULL when it cannot be built (said in a
     * warning): then on every day. */
    sched_cal cal_store;
    const sched_cal *cal;
    /* Daily planned value for earned schedule, reused scope to scope. */
    long double *days, *scratch;
    int64_t *cum;
    /* Labour to the status date (GetEarnedValue only): per project, in
     * the order of data.projects, and in all. */
    int64_t *labour;
    int64_t labour_total;
    size_t cap_days;
} evm_req;

static void evm_warn(evm_req *q, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void evm_warn(evm_req *q, const char *fmt, ...)
{
    if (q->warnings == NULL)
        q->warnings = arena_alloc(q->call->arena,
                                  EVM_WARNINGS_MAX * sizeof(*q->warnings));
    if (q->n_warnings == EVM_WARNINGS_MAX)
        return;
    char text[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    q->warnings[q->n_warnings++] = arena_strdup(q->call->arena, text);
}

/* Access first: the program key, then the caller's role in it. */
static int evm_access(evm_req *q, rpc_call *call, const char *program)
{
    memset(q, 0, sizeof *q);
    q->call = call;
    if (!validate_length(call, "program", program, 1, EVM_KEY_MAX) ||
        access_program(call, program, ACCESS_VIEWER, &q->prog) != 0)
        return -1;
    return 0;
}

/*
 * The labour of each project's items to the status date: day rates times
 * units over the working days since each item's actual start (see
 * model/labour_cost.h). It is part of AC, beside the expenses.
 */
static int evm_labour_read(evm_req *q)
{
    labour_cost *lc;
    size_t n;
    if (labour_cost_of_items(q->call, &q->prog, q->status_day, &lc, &n) != 0)
        return -1;
    const evm_data *d = &q->data;
    q->labour = arena_zalloc(q->call->arena,
                             (d->n_projects ? d->n_projects : 1) *
                                 sizeof(*q->labour));
    for (size_t i = 0; i < n; i++)
        for (size_t p = 0; p < d->n_projects; p++)
            if (d->projects[p].project_id == lc[i].project_id &&
                (money_add(&q->labour[p], lc[i].cost_minor) != 0 ||
                 money_add(&q->labour_total, lc[i].cost_minor) != 0)) {
                rpc_fail(q->call, PMO_FAILED_PRECONDITION,
                         "the labour cost of %s is past the largest amount",
                         q->prog.key);
                return -1;
            }
    return 0;
}

/* Then the fields every request has, then the reads and the calendar. */
static int evm_read(evm_req *q, const char *project, const char *status_date,
                    const char *baseline, bool by_day)
{
    rpc_call *call = q->call;
    bool ok = validate_length(call, "project", project, 0, EVM_KEY_MAX);
    ok &= validate_length(call, "baseline", baseline, 0, EVM_BASELINE_MAX);
    ok &= schedule_status_day(call, "status_date", status_date,
                              &q->status_day);
    if (!ok || evm_data_read(call, &q->prog, baseline, project, q->status_day,
                             by_day, &q->data) != 0 ||
        (!by_day && evm_labour_read(q) != 0))
        return -1;
    sched_calendar spec = {.weekdays = q->data.weekdays,
                           .holidays = q->data.holidays,
                           .n_holidays = q->data.n_holidays};
    int bad;
    if (sched_cal_init(&q->cal_store, &spec, q->status_day, &bad) == SCHED_OK)
        q->cal = &q->cal_store;
    else
        evm_warn(q,
                 "the calendar of %s cannot be used (no working weekday, or "
                 "a holiday out of range): value is spread over every day",
                 q->prog.key);
    if (q->data.baseline[0] == '\0')
        evm_warn(q,
                 "program %s has no baseline, so nothing is planned: PV, SV, "
                 "SPI and earned schedule need one (pmo baseline save %s "
                 "NAME)",
                 q->prog.key, q->prog.key);
    return 0;
}

/* Frees what the call holds outside its arena; after the reply. */
static void evm_close(evm_req *q)
{
    if (q->cal)
        sched_cal_fini(&q->cal_store);
    q->cal = NULL;
}

static char *evm_date(evm_req *q, int day)
{
    if (day == SCHED_NO_DAY)
        return "";
    char text[DAYNUM_TEXT];
    daynum_format(day, text);
    return arena_strdup(q->call->arena, text);
}

/* Fails the call: what is past the largest amount pmo keeps. */
static bool evm_too_large(evm_req *q, const char *what)
{
    rpc_fail(q->call, PMO_OUT_OF_RANGE,
             "the %s of program %s is past the largest amount pmo keeps", what,
             q->prog.key);
    return false;
}

/* Money in minor units; false with the call failed past int64. */
static bool evm_minor(evm_req *q, const char *what, long double v,
                      int64_t *out)
{
    if (!(v < 9.2e18L && v > -9.2e18L))
        return evm_too_large(q, what);
    *out = (int64_t)llroundl(v);
    return true;
}

/* ----------------------------------------------------------- a scope */

/* What the item groups of one scope add up to. */
typedef struct evm_totals {
    long double cost, earned;
    uint32_t items, unbaselined;
    int start, finish;  /* the baseline span; SCHED_NO_DAY if none */
    int first_activity; /* earliest baseline or actual start */
} evm_totals;

static int evm_min_day(int a, int b)
{
    return a == SCHED_NO_DAY ? b : b == SCHED_NO_DAY ? a : a < b ? a : b;
}

static int evm_max_day(int a, int b)
{
    return a == SCHED_NO_DAY ? b : b == SCHED_NO_DAY ? a : a > b ? a : b;
}

static void evm_totals_of(const evm_data *d, int scope, evm_totals *t)
{
    *t = (evm_totals){.start = SCHED_NO_DAY,
                      .finish = SCHED_NO_DAY,
                      .first_activity = SCHED_NO_DAY};
    for (size_t i = 0; i < d->n_groups; i++) {
        const sched_evm_group *g = &d->groups[i];
        if (scope != SCHED_EVM_ALL_SCOPES && g->scope != scope)
            continue;
        t->cost += g->cost;
        t->earned += g->earned;
        t->items += d->group_items[i];
        if (g->base_start == SCHED_NO_DAY)
            t->unbaselined += d->group_items[i];
        t->start = evm_min_day(t->start, g->base_start);
        t->finish = evm_max_day(t->finish, g->base_finish);
        t->first_activity = evm_min_day(t->first_activity, g->actual_start);
    }
    t->first_activity = evm_min_day(t->first_activity, t->start);
}

/*
 * The budget at completion of a scope with its own budget or none, and
 * the factor that spreads it over the planned costs of its work (1
 * without a budget).
 */
static bool evm_bac_of(evm_req *q, const char *who, const evm_scope *s,
                       const evm_totals *t, int64_t *bac, long double *factor,
                       Pmo__V1__BacSource *source)
{
    if (!s->has_budget) {
        *source = PMO__V1__BAC_SOURCE__BAC_SOURCE_PLANNED_COST;
        *factor = 1;
        return evm_minor(q, "sum of the planned costs", t->cost, bac);
    }
    *source = PMO__V1__BAC_SOURCE__BAC_SOURCE_BUDGET;
    *bac = s->budget_minor;
    *factor = t->cost > 0 ? (long double)s->budget_minor / t->cost : 0;
    if (t->cost == 0 && s->budget_minor > 0)
        evm_warn(q,
                 "%s has a budget but no work item with a planned cost: the "
                 "budget cannot be spread over the work, so PV and EV are 0",
                 who);
    return true;
}

/*
 * The measures of a scope from its money: earned schedule over the
 * cumulative planned value of each day of its baseline span.
 */
static Pmo__V1__EarnedValue *evm_measure(evm_req *q, const char *who,
                                         int scope, const long double *factor,
                                         const evm_totals *t,
                                         const sched_evm_money *m)
{
    arena *a = q->call->arena;
    sched_evm_result r;
    sched_evm_series series = {0};
    bool phased = t->start != SCHED_NO_DAY;
    size_t n = phased ? (size_t)(t->finish - t->start + 1) : 0;
    if (n > EVM_SPAN_DAYS_MAX) {
        evm_warn(q,
                 "the baseline of %s spans %zu days, more than %d: no earned "
                 "schedule",
                 who, n, EVM_SPAN_DAYS_MAX);
        phased = false;
    }
    if (phased) {
        if (n > q->cap_days) {
            q->days = arena_alloc(a, n * sizeof(*q->days));
            q->scratch = arena_alloc(a, n * sizeof(*q->scratch));
            q->cum = arena_alloc(a, n * sizeof(*q->cum));
            q->cap_days = n;
        }
        sched_evm_pv_days(q->data.groups, q->data.n_groups, q->cal, factor,
                          scope, t->start, t->finish, q->days, q->scratch);
        /* Earned schedule counts working days: the periods of the engine
         * are the span's working days. */
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (sched_evm_working_days(q->cal, t->start + (int)i,
                                       t->start + (int)i) == 1)
                q->cum[k++] = (int64_t)llroundl(q->days[i]);
        series = (sched_evm_series){
            .pv_cum = q->cum,
            .n = k,
            .actual_time = (double)sched_evm_working_days(q->cal, t->start,
                                                          q->status_day),
        };
    }
    sched_evm_compute(m, phased ? &series : NULL, &r);

    Pmo__V1__EarnedValue *e = arena_alloc(a, sizeof(*e));
    pmo__v1__earned_value__init(e);
    e->bac_minor = m->bac;
    e->pv_minor = m->pv;
    e->ev_minor = m->ev;
    e->ac_minor = m->ac;
    if (q->labour)
        e->ac_labour_minor =
            scope == SCHED_EVM_ALL_SCOPES ? q->labour_total : q->labour[scope];
    e->ac_expenses_minor = m->ac - e->ac_labour_minor;
    e->sv_minor = r.sv;
    e->cv_minor = r.cv;
    unsigned d = r.defined;
    e->has_spi = d & SCHED_EVM_SPI;
    e->spi = r.spi;
    e->has_cpi = d & SCHED_EVM_CPI;
    e->cpi = r.cpi;
    e->has_eac_cpi = d & SCHED_EVM_EAC_CPI;
    e->eac_cpi_minor = r.eac_cpi;
    e->etc_minor = r.etc;
    e->vac_minor = r.vac;
    e->has_eac_cpi_spi = d & SCHED_EVM_EAC_CPI_SPI;
    e->eac_cpi_spi_minor = r.eac_cpi_spi;
    e->has_tcpi_bac = d & SCHED_EVM_TCPI_BAC;
    e->tcpi_bac = r.tcpi_bac;
    e->has_tcpi_eac = d & SCHED_EVM_TCPI_EAC;
    e->tcpi_eac = r.tcpi_eac;
    e->has_es = d & SCHED_EVM_ES;
    e->es_days = r.es;
    e->sv_t_days = r.sv_t;
    e->es_date = "";
    if (e->has_es && r.es > 0)
        e->es_date = evm_date(q, sched_evm_nth_working_day(q->cal, t->start,
                                                           (int)ceil(r.es)));
    e->at_days = series.actual_time;
    e->has_spi_t = d & SCHED_EVM_SPI_T;
    e->spi_t = r.spi_t;
    e->start_date = evm_date(q, t->start);
    e->finish_date = evm_date(q, t->finish);
    e->items = t->items;
    e->unbaselined_items = t->unbaselined;
    return e;
}

/*
 * PV and EV of a scope at the status date: groups weighted by factor,
 * and the earned cost of the scope (t) by earned_factor.
 */
static bool evm_value_money(evm_req *q, int scope, const long double *factor,
                            long double earned_factor, const evm_totals *t,
                            sched_evm_money *m)
{
    const evm_data *d = &q->data;
    return evm_minor(q, "planned value",
                     sched_evm_pv_at(d->groups, d->n_groups, q->cal, factor,
                                     scope, q->status_day),
                     &m->pv) &&
           evm_minor(q, "earned value", t->earned * earned_factor, &m->ev);
}

/* ---------------------------------------------------------- the program */

/*
 * The roll-up: with a budget of its own, the program's BAC spread over
 * all its work (one factor for every project); without, the sum of its
 * projects, each weighted by its own factor. Its AC adds what was booked
 * on the program as a whole.
 */
static Pmo__V1__EarnedValue *evm_program(evm_req *q,
                                         const long double *project_factor,
                                         const sched_evm_money *sum)
{
    const evm_data *d = &q->data;
    evm_totals t;
    evm_totals_of(d, SCHED_EVM_ALL_SCOPES, &t);
    sched_evm_money m = *sum;
    const long double *factor = project_factor;
    Pmo__V1__BacSource source = PMO__V1__BAC_SOURCE__BAC_SOURCE_PROJECTS;
    char who[64];
    snprintf(who, sizeof(who), "program %s", q->prog.key);
    if (d->program.has_budget) {
        long double f;
        if (!evm_bac_of(q, who, &d->program, &t, &m.bac, &f, &source))
            return NULL;
        long double *uniform = arena_alloc(
            q->call->arena, (d->n_projects ? d->n_projects : 1) * sizeof(f));
        for (size_t i = 0; i < d->n_projects; i++)
            uniform[i] = f;
        factor = uniform;
        if (!evm_value_money(q, SCHED_EVM_ALL_SCOPES, factor, f, &t, &m))
            return NULL;
    }
    if (money_add(&m.ac, d->program.ac_minor) != 0) {
        evm_too_large(q, "actual cost");
        return NULL;
    }
    Pmo__V1__EarnedValue *e =
        evm_measure(q, who, SCHED_EVM_ALL_SCOPES, factor, &t, &m);
    e->name = (char *)d->program.name;
    e->project = "";
    e->bac_source = source;
    if (t.unbaselined && d->baseline[0])
        evm_warn(q,
                 "%u work items of %s are not in baseline \"%s\": they have "
                 "no planned value",
                 t.unbaselined, q->prog.key, d->baseline);
    return e;
}

/* ------------------------------------------------------ GetEarnedValue */

/* Every project's measures and the program's into out. */
static bool evm_value_build(evm_req *q, const Pmo__V1__EarnedValueRequest *in,
                            Pmo__V1__EarnedValueResponse *out)
{
    rpc_call *call = q->call;
    const evm_data *d = &q->data;
    size_t n = d->n_projects;
    out->program = q->prog.key;
    out->status_date = evm_date(q, q->status_day);
    out->currency = q->prog.currency;
    out->baseline = (char *)d->baseline;
    out->unassigned_ac_minor = d->program.ac_minor;
    out->projects = arena_alloc(call->arena, (n ? n : 1) * sizeof(*out->projects));
    long double *factor = arena_alloc(call->arena, (n ? n : 1) * sizeof(*factor));
    sched_evm_money sum = {0};
    for (size_t i = 0; i < n; i++) {
        const evm_scope *s = &d->projects[i];
        evm_totals t;
        sched_evm_money m = {0};
        Pmo__V1__BacSource source;
        char who[64];
        snprintf(who, sizeof(who), "project %s", s->key);
        evm_totals_of(d, (int)i, &t);
        m.ac = s->ac_minor;
        if (money_add(&m.ac, q->labour[i]) != 0)
            return evm_too_large(q, "actual cost");
        if (!evm_bac_of(q, who, s, &t, &m.bac, &factor[i], &source) ||
            !evm_value_money(q, (int)i, factor, factor[i], &t, &m))
            return false;
        if (sched_evm_money_add(&sum, &m) != 0)
            return evm_too_large(q, "sum of its projects");
        Pmo__V1__EarnedValue *e =
            evm_measure(q, who, (int)i, factor, &t, &m);
        e->project = (char *)s->key;
        e->name = (char *)s->name;
        e->bac_source = source;
        out->projects[out->n_projects++] = e;
    }
    if (in->project[0] == '\0' &&
        (out->program_total = evm_program(q, factor, &sum)) == NULL)
        return false;
    out->warnings = q->warnings;
    out->n_warnings = q->n_warnings;
    return true;
}

static void evm_get(Pmo__V1__EvmService_Service *svc,
                    const Pmo__V1__EarnedValueRequest *in,
                    Pmo__V1__EarnedValueResponse_Closure done, void *data)
{
    (void)svc;
    evm_req q;
    Pmo__V1__EarnedValueResponse out = PMO__V1__EARNED_VALUE_RESPONSE__INIT;
    bool ok = evm_access(&q, data, in->program) == 0 &&
              evm_read(&q, in->project, in->status_date, in->baseline,
                       false) == 0 &&
              evm_value_build(&q, in, &out);
    done(ok ? &out : NULL, data);
    evm_close(&q);
}

/* ------------------------------------------------ GetEarnedValueSeries */

/* The last day of the period holding day. */
static int evm_period_end(Pmo__V1__EvmPeriod period, int day)
{
    if (period == PMO__V1__EVM_PERIOD__EVM_PERIOD_WEEK)
        return day + 7 - daynum_weekday(day);
    int y, m, dd;
    daynum_to_civil(day, &y, &m, &dd);
    return m == 12 ? daynum_from_civil(y + 1, 1, 1) - 1
                   : daynum_from_civil(y, m + 1, 1) - 1;
}

/* The first day of the period holding day. */
static int evm_period_start(Pmo__V1__EvmPeriod period, int day)
{
    if (period == PMO__V1__EVM_PERIOD__EVM_PERIOD_WEEK)
        return day + 1 - daynum_weekday(day);
    int y, m, dd;
    daynum_to_civil(day, &y, &m, &dd);
    return daynum_from_civil(y, m, 1);
}

/* The days a series covers: [*from, *to], whole periods. */
static void evm_series_span(const evm_req *q, const evm_totals *t,
                            Pmo__V1__EvmPeriod period, int *from, int *to)
{
    int lo = t->first_activity, hi = evm_max_day(t->finish, q->status_day);
    for (size_t i = 0; i < q->data.n_spend; i++)
        lo = evm_min_day(lo, q->data.spend[i].day);
    lo = evm_min_day(lo, q->status_day);
    *from = evm_period_start(period, lo);
    *to = evm_period_end(period, hi);
}

/* Cumulative actual cost at the end of each day from..to. */
static void evm_ac_days(const evm_req *q, int from, int to, long double *out)
{
    for (int i = 0; i <= to - from; i++)
        out[i] = 0;
    long double before = 0;
    for (size_t i = 0; i < q->data.n_spend; i++) {
        const evm_spend_day *s = &q->data.spend[i];
        if (s->day < from)
            before += (long double)s->amount_minor;
        else if (s->day <= to)
            out[s->day - from] += (long double)s->amount_minor;
    }
    for (int i = 0; i <= to - from; i++) {
        before += out[i];
        out[i] = before;
    }
}

/* The BAC of the scope a series is of: a project or the program. */
static bool evm_series_bac(evm_req *q, const char *project,
                           long double *factor, const evm_totals *t,
                           int64_t *bac, Pmo__V1__BacSource *source)
{
    const evm_data *d = &q->data;
    char who[64];
    if (project[0]) {
        snprintf(who, sizeof(who), "project %s", project);
        return evm_bac_of(q, who, &d->projects[0], t, bac, &factor[0], source);
    }
    if (d->program.has_budget) {
        long double f;
        snprintf(who, sizeof(who), "program %s", q->prog.key);
        if (!evm_bac_of(q, who, &d->program, t, bac, &f, source))
            return false;
        for (size_t i = 0; i < d->n_projects; i++)
            factor[i] = f;
        return true;
    }
    *source = PMO__V1__BAC_SOURCE__BAC_SOURCE_PROJECTS;
    *bac = 0;
    for (size_t i = 0; i < d->n_projects; i++) {
        evm_totals pt;
        int64_t one;
        Pmo__V1__BacSource ignored;
        snprintf(who, sizeof(who), "project %s", d->projects[i].key);
        evm_totals_of(d, (int)i, &pt);
        if (!evm_bac_of(q, who, &d->projects[i], &pt, &one, &factor[i],
                        &ignored))
            return false;
        if (money_add(bac, one) != 0)
            return evm_too_large(q, "budget at completion");
    }
    return true;
}

static bool evm_period_valid(rpc_call *call, Pmo__V1__EvmPeriod *period)
{
    if (*period == PMO__V1__EVM_PERIOD__EVM_PERIOD_UNSPECIFIED)
        *period = PMO__V1__EVM_PERIOD__EVM_PERIOD_MONTH;
    if (*period == PMO__V1__EVM_PERIOD__EVM_PERIOD_WEEK ||
        *period == PMO__V1__EVM_PERIOD__EVM_PERIOD_MONTH)
        return true;
    rpc_violation(call, "period", "must be EVM_PERIOD_WEEK or EVM_PERIOD_MONTH");
    return false;
}

/* The periods of the series of q's scope into out. */
static bool evm_series_build(evm_req *q,
                             const Pmo__V1__EarnedValueSeriesRequest *in,
                             Pmo__V1__EvmPeriod period,
                             Pmo__V1__EarnedValueSeriesResponse *out)
{
    rpc_call *call = q->call;
    const evm_data *d = &q->data;
    evm_totals t;
    evm_totals_of(d, SCHED_EVM_ALL_SCOPES, &t);
    long double *factor = arena_alloc(
        call->arena, (d->n_projects ? d->n_projects : 1) * sizeof(*factor));
    if (!evm_series_bac(q, in->project, factor, &t, &out->bac_minor,
                        &out->bac_source))
        return false;
    int from, to;
    evm_series_span(q, &t, period, &from, &to);
    size_t n_days = (size_t)(to - from + 1), n_points = 0;
    for (int e = evm_period_end(period, from); e <= to;
         e = evm_period_end(period, e + 1))
        n_points++;
    if (n_points > EVM_POINTS_MAX) {
        rpc_violation(call, "period",
                      "the series would have %zu points, more than %d: ask "
                      "for months",
                      n_points, EVM_POINTS_MAX);
        return false;
    }
    long double *pv = arena_alloc(call->arena, n_days * sizeof(*pv));
    long double *ev = arena_alloc(call->arena, n_days * sizeof(*ev));
    long double *ac = arena_alloc(call->arena, n_days * sizeof(*ac));
    /* ac is the scratch of the two phasings before it is filled. */
    sched_evm_pv_days(d->groups, d->n_groups, q->cal, factor,
                      SCHED_EVM_ALL_SCOPES, from, to, pv, ac);
    sched_evm_ev_days(d->groups, d->n_groups, q->cal, factor,
                      SCHED_EVM_ALL_SCOPES, q->status_day, from, to, ev, ac);
    evm_ac_days(q, from, to, ac);
    out->points = arena_alloc(call->arena, n_points * sizeof(*out->points));
    for (int e = evm_period_end(period, from); e <= to;
         e = evm_period_end(period, e + 1)) {
        Pmo__V1__EarnedValuePoint *p = arena_alloc(call->arena, sizeof(*p));
        pmo__v1__earned_value_point__init(p);
        p->period_end = evm_date(q, e);
        p->pv_minor = (int64_t)llroundl(pv[e - from]);
        p->actual = evm_period_start(period, e) <= q->status_day;
        if (p->actual) {
            p->ev_minor = (int64_t)llroundl(ev[e - from]);
            p->ac_minor = (int64_t)llroundl(ac[e - from]);
        }
        out->points[out->n_points++] = p;
    }
    out->program = q->prog.key;
    out->project = (char *)in->project;
    out->period = period;
    out->status_date = evm_date(q, q->status_day);
    out->currency = q->prog.currency;
    out->baseline = (char *)d->baseline;
    out->warnings = q->warnings;
    out->n_warnings = q->n_warnings;
    return true;
}

static void evm_get_series(Pmo__V1__EvmService_Service *svc,
                           const Pmo__V1__EarnedValueSeriesRequest *in,
                           Pmo__V1__EarnedValueSeriesResponse_Closure done,
                           void *data)
{
    (void)svc;
    evm_req q;
    Pmo__V1__EvmPeriod period = in->period;
    Pmo__V1__EarnedValueSeriesResponse out =
        PMO__V1__EARNED_VALUE_SERIES_RESPONSE__INIT;
    bool ok = evm_access(&q, data, in->program) == 0 &&
              evm_period_valid(data, &period) &&
              evm_read(&q, in->project, in->status_date, in->baseline,
                       true) == 0 &&
              evm_series_build(&q, in, period, &out);
    done(ok ? &out : NULL, data);
    evm_close(&q);
}

/* -------------------------------------------------------------- tables */

static Pmo__V1__EvmService_Service evm_impl = {
    .base = PMO__V1__EVM_SERVICE__BASE_INIT,
    .get_earned_value = evm_get,
    .get_earned_value_series = evm_get_series,
};

static const rpc_method_policy evm_policies[] = {
    {"GetEarnedValue", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"GetEarnedValueSeries", RPC_ACCESS_SESSION, RPC_READS, 0},
};

const rpc_service api_evm_service = {
    .impl = &evm_impl.base,
    .policies = evm_policies,
    .n_policies = sizeof(evm_policies) / sizeof(evm_policies[0]),
};
