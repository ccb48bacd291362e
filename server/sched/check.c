/* server/sched/check.c - the fourteen checks of the schedule health check. */
#include "sched/check.h"

#include "common/xalloc.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Each check is one pass over the items or the links that reads the plan,
 * the caller's CPM result and the extras, and fills its own result. Only
 * the critical path test schedules anything: it prepares its own net from
 * the plan, so the caller's result and plan stay as they were. The net is
 * prepared first of all, which also validates the plan before any check
 * trusts its indexes.
 *
 * Shares are compared in integers (numerator * 100 against threshold *
 * denominator), so a share exactly at its limit passes, whatever a double
 * would make of 1/20.
 */

/* ================================================================
 * Definitions
 * ================================================================ */

typedef struct sched_check_def {
    const char *slug, *name, *unit, *op;
    double threshold;
} sched_check_def;

static const sched_check_def sched_check_defs[SCHED_CHECK_COUNT] = {
    {"missing-logic", "Missing logic", "%", "<=", 5},
    {"leads", "Leads", "count", "<=", 0},
    {"lags", "Lags", "%", "<=", 5},
    {"relationship-types", "Relationship types", "%", ">=", 90},
    {"hard-constraints", "Hard constraints", "%", "<=", 5},
    {"high-float", "High float", "%", "<=", 5},
    {"negative-float", "Negative float", "count", "<=", 0},
    {"high-duration", "High duration", "%", "<=", 5},
    {"invalid-dates", "Invalid dates", "count", "<=", 0},
    {"resources", "Resources", "count", "<=", 0},
    {"missed-tasks", "Missed tasks", "%", "<=", 5},
    {"critical-path-test", "Critical path test", "days", "=",
     SCHED_CHECK_DELAY_DAYS},
    {"cpli", "Critical path length index", "ratio", ">=", 0.95},
    {"bei", "Baseline execution index", "ratio", ">=", 0.95},
};

/* The limits of checks 6 and 8, in ticks. */
#define SCHED_CHECK_HIGH_TICKS (SCHED_CHECK_HIGH_DAYS * SCHED_TICKS_PER_DAY)

/* What every check reads. */
typedef struct sched_check_ctx {
    const sched_plan *plan;
    const sched_result *cpm;
    const sched_check_extra *extra;
    int status_day;
    sched_net net;     /* the plan prepared, for the critical path test */
    uint8_t *has_pred; /* by item: some link arrives at it */
    uint8_t *has_succ; /* by item: some link leaves it */
    int first, last;   /* the items excused from check 1, or -1 */
} sched_check_ctx;

/* A list of indexes that grows as a check finds them. */
typedef struct sched_check_list {
    int *v;
    int n, cap;
} sched_check_list;

static void sched_check_list_add(sched_check_list *l, int x)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 8;
        l->v = xrealloc(l->v, (size_t)l->cap * sizeof *l->v);
    }
    l->v[l->n++] = x;
}

/* ================================================================
 * Items
 * ================================================================ */

static bool sched_check_leaf(const sched_item *it)
{
    return !(it->flags & SCHED_ITEM_SUMMARY);
}

static bool sched_check_milestone(const sched_item *it)
{
    return it->flags & SCHED_ITEM_MILESTONE;
}

/* Done as cpm.h has it: a milestone is reached by either actual date. */
static bool sched_check_done(const sched_item *it)
{
    return it->actual_finish != SCHED_NO_DAY ||
           (sched_check_milestone(it) && it->actual_start != SCHED_NO_DAY);
}

/* An incomplete task: what DCMA counts most checks over. */
static bool sched_check_open_task(const sched_item *it)
{
    return sched_check_leaf(it) && !sched_check_milestone(it) &&
           !sched_check_done(it);
}

static long sched_check_ticks(double days)
{
    return lround(days * SCHED_TICKS_PER_DAY);
}

/* Due by the status date, per its baseline. */
static bool sched_check_due(const sched_check_ctx *c, int i)
{
    int bf = c->extra[i].baseline_finish;
    return bf != SCHED_NO_DAY && bf <= c->status_day;
}

/* ================================================================
 * Results
 * ================================================================ */

static sched_check_result *sched_check_begin(sched_check_report *rep, int id)
{
    sched_check_result *r = &rep->checks[id - 1];
    const sched_check_def *d = &sched_check_defs[id - 1];
    memset(r, 0, sizeof *r);
    r->id = id;
    r->slug = d->slug;
    r->name = d->name;
    r->unit = d->unit;
    r->op = d->op;
    r->threshold = d->threshold;
    return r;
}

/* Hands the lists to the result, or drops them if it does not apply. */
static void sched_check_take(sched_check_result *r, sched_check_list *items,
                             sched_check_list *links)
{
    if (items && r->applicable && items->n > 0) {
        r->offenders = items->v;
        r->n_offenders = items->n;
    } else if (items) {
        free(items->v);
    }
    if (links && r->applicable && links->n > 0) {
        r->offending_links = links->v;
        r->n_offending_links = links->n;
    } else if (links) {
        free(links->v);
    }
}

/* num of den measured against the check's "%" threshold. */
static void sched_check_share(sched_check_result *r, int num, int den)
{
    r->numerator = num;
    r->denominator = den;
    r->applicable = den > 0;
    if (!r->applicable)
        return;
    r->value = 100.0 * num / den;
    long long lhs = 100LL * num, rhs = (long long)r->threshold * den;
    r->passed = r->op[0] == '<' ? lhs <= rhs : lhs >= rhs;
}

/* num of den where none may offend. */
static void sched_check_none(sched_check_result *r, int num, int den)
{
    r->numerator = num;
    r->denominator = den;
    r->applicable = den > 0;
    if (!r->applicable)
        return;
    r->value = num;
    r->passed = num == 0;
}

/* ================================================================
 * Logic: checks 1 to 4
 * ================================================================ */

/*
 * Which items links touch, and the plan's first and last activities: of
 * the leaves with no predecessor, the earliest to start; of those with no
 * successor, the latest to finish.
 */
static void sched_check_ends(sched_check_ctx *c)
{
    const sched_plan *p = c->plan;
    const sched_result *cpm = c->cpm;
    c->has_pred = xcalloc((size_t)p->n_items + 1, 1);
    c->has_succ = xcalloc((size_t)p->n_items + 1, 1);
    for (int k = 0; k < p->n_links; k++) {
        c->has_succ[p->links[k].pred] = 1;
        c->has_pred[p->links[k].succ] = 1;
    }
    c->first = c->last = -1;
    for (int i = 0; i < p->n_items; i++) {
        if (!sched_check_leaf(&p->items[i]))
            continue;
        if (!c->has_pred[i] &&
            (c->first < 0 || cpm->early_start[i] < cpm->early_start[c->first]))
            c->first = i;
        if (!c->has_succ[i] &&
            (c->last < 0 || cpm->early_finish[i] > cpm->early_finish[c->last]))
            c->last = i;
    }
}

static void sched_check_logic(const sched_check_ctx *c, sched_check_report *rep)
{
    sched_check_result *r = sched_check_begin(rep, SCHED_CHECK_LOGIC);
    sched_check_list bad = {0};
    int den = 0;
    for (int i = 0; i < c->plan->n_items; i++) {
        if (!sched_check_open_task(&c->plan->items[i]))
            continue;
        den++;
        if ((!c->has_pred[i] && i != c->first) ||
            (!c->has_succ[i] && i != c->last))
            sched_check_list_add(&bad, i);
    }
    sched_check_share(r, bad.n, den);
    sched_check_take(r, &bad, NULL);
    if (!r->applicable)
        snprintf(r->detail, sizeof r->detail, "No task is left to do.");
    else
        snprintf(r->detail, sizeof r->detail,
                 "%d of %d incomplete tasks (%.1f%%) have no predecessor or "
                 "no successor; at most 5%% may.",
                 r->numerator, den, r->value);
}

/* Leads, lags and relationship types, all over the live links. */
static void sched_check_links(const sched_check_ctx *c, sched_check_report *rep)
{
    const sched_plan *p = c->plan;
    sched_check_list leads = {0}, lags = {0}, other = {0};
    int live = 0;
    for (int k = 0; k < p->n_links; k++) {
        const sched_link *l = &p->links[k];
        if (sched_check_done(&p->items[l->succ]))
            continue;
        live++;
        long lag = sched_check_ticks(l->lag_days);
        if (lag < 0)
            sched_check_list_add(&leads, k);
        if (lag > 0)
            sched_check_list_add(&lags, k);
        if (l->type != SCHED_FS)
            sched_check_list_add(&other, k);
    }
    sched_check_result *r = sched_check_begin(rep, SCHED_CHECK_LEADS);
    sched_check_none(r, leads.n, live);
    sched_check_take(r, NULL, &leads);
    if (r->applicable)
        snprintf(r->detail, sizeof r->detail,
                 "%d of %d links into unfinished work have a lead (a negative "
                 "lag); none should.",
                 r->numerator, live);

    r = sched_check_begin(rep, SCHED_CHECK_LAGS);
    sched_check_share(r, lags.n, live);
    sched_check_take(r, NULL, &lags);
    if (r->applicable)
        snprintf(r->detail, sizeof r->detail,
                 "%d of %d links into unfinished work (%.1f%%) have a lag; at "
                 "most 5%% may.",
                 r->numerator, live, r->value);

    r = sched_check_begin(rep, SCHED_CHECK_RELATIONSHIPS);
    sched_check_share(r, live - other.n, live);
    sched_check_take(r, NULL, &other);
    if (r->applicable)
        snprintf(r->detail, sizeof r->detail,
                 "%d of %d links into unfinished work (%.1f%%) are "
                 "finish-to-start; at least 90%% should be.",
                 r->numerator, live, r->value);

    for (int id = SCHED_CHECK_LEADS; id <= SCHED_CHECK_RELATIONSHIPS; id++)
        if (!rep->checks[id - 1].applicable)
            snprintf(rep->checks[id - 1].detail, sizeof r->detail,
                     "No link leads into unfinished work.");
}

/* ================================================================
 * Tasks: checks 5 to 8 and 10
 * ================================================================ */

/* Whether an incomplete task offends a check counted by share. */
typedef bool (*sched_check_task_test)(const sched_check_ctx *c, int item);

/*
 * The share of incomplete tasks for which offends() holds, against at
 * most 5%; what says what the offenders do ("have a hard date
 * constraint").
 */
static void sched_check_task_share(const sched_check_ctx *c,
                                   sched_check_result *r,
                                   sched_check_task_test offends,
                                   const char *what)
{
    sched_check_list bad = {0};
    int den = 0;
    for (int i = 0; i < c->plan->n_items; i++) {
        if (!sched_check_open_task(&c->plan->items[i]))
            continue;
        den++;
        if (offends(c, i))
            sched_check_list_add(&bad, i);
    }
    sched_check_share(r, bad.n, den);
    sched_check_take(r, &bad, NULL);
    if (!r->applicable)
        snprintf(r->detail, sizeof r->detail, "No task is left to do.");
    else
        snprintf(r->detail, sizeof r->detail,
                 "%d of %d incomplete tasks (%.1f%%) %s; at most 5%% may.",
                 r->numerator, den, r->value, what);
}

static bool sched_check_is_constrained(const sched_check_ctx *c, int item)
{
    return c->extra[item].hard_constraint;
}

static void sched_check_constraints(const sched_check_ctx *c,
                                    sched_check_report *rep)
{
    sched_check_task_share(c, sched_check_begin(rep,
                                                SCHED_CHECK_HARD_CONSTRAINTS),
                           sched_check_is_constrained,
                           "have a hard date constraint");
}

/* High and negative float, from the CPM's total float. */
static void sched_check_floats(const sched_check_ctx *c,
                               sched_check_report *rep)
{
    sched_check_list high = {0}, negative = {0};
    int den = 0;
    for (int i = 0; i < c->plan->n_items; i++) {
        if (!sched_check_open_task(&c->plan->items[i]))
            continue;
        den++;
        if (c->cpm->total_float[i] > SCHED_CHECK_HIGH_TICKS)
            sched_check_list_add(&high, i);
        if (c->cpm->total_float[i] < 0)
            sched_check_list_add(&negative, i);
    }
    sched_check_result *r = sched_check_begin(rep, SCHED_CHECK_HIGH_FLOAT);
    sched_check_share(r, high.n, den);
    sched_check_take(r, &high, NULL);
    if (r->applicable)
        snprintf(r->detail, sizeof r->detail,
                 "%d of %d incomplete tasks (%.1f%%) have more than 44 working "
                 "days of total float; at most 5%% may.",
                 r->numerator, den, r->value);
    else
        snprintf(r->detail, sizeof r->detail, "No task is left to do.");

    r = sched_check_begin(rep, SCHED_CHECK_NEGATIVE_FLOAT);
    sched_check_none(r, negative.n, den);
    sched_check_take(r, &negative, NULL);
    if (r->applicable)
        snprintf(r->detail, sizeof r->detail,
                 "%d of %d incomplete tasks have negative total float; none "
                 "should.",
                 r->numerator, den);
    else
        snprintf(r->detail, sizeof r->detail, "No task is left to do.");
}

static bool sched_check_is_long(const sched_check_ctx *c, int item)
{
    return sched_check_ticks(c->plan->items[item].duration_days) >
           SCHED_CHECK_HIGH_TICKS;
}

static void sched_check_durations(const sched_check_ctx *c,
                                  sched_check_report *rep)
{
    sched_check_task_share(c, sched_check_begin(rep, SCHED_CHECK_HIGH_DURATION),
                           sched_check_is_long,
                           "last more than 44 working days");
}

static void sched_check_resources(const sched_check_ctx *c,
                                  sched_check_report *rep)
{
    sched_check_result *r = sched_check_begin(rep, SCHED_CHECK_RESOURCES);
    sched_check_list bad = {0};
    int den = 0;
    for (int i = 0; i < c->plan->n_items; i++) {
        const sched_item *it = &c->plan->items[i];
        if (!sched_check_open_task(it) ||
            sched_check_ticks(it->duration_days) <= 0)
            continue;
        den++;
        if (!c->extra[i].has_resource)
            sched_check_list_add(&bad, i);
    }
    sched_check_none(r, bad.n, den);
    sched_check_take(r, &bad, NULL);
    if (!r->applicable)
        snprintf(r->detail, sizeof r->detail,
                 "No task with work is left to do.");
    else
        snprintf(r->detail, sizeof r->detail,
                 "%d of %d incomplete tasks with work have no one assigned; "
                 "every one should have someone.",
                 r->numerator, den);
}

/* ================================================================
 * Dates and progress: checks 9, 11 and 14
 * ================================================================ */

/* An actual in the future, or a forecast in the past. */
static bool sched_check_bad_dates(const sched_check_ctx *c, int i)
{
    const sched_item *it = &c->plan->items[i];
    int status = c->status_day;
    if ((it->actual_start != SCHED_NO_DAY && it->actual_start > status) ||
        (it->actual_finish != SCHED_NO_DAY && it->actual_finish > status))
        return true;
    if (sched_check_done(it))
        return false;
    if (c->cpm->early_finish_day[i] < status)
        return true;
    return it->actual_start == SCHED_NO_DAY &&
           c->cpm->early_start_day[i] < status;
}

static void sched_check_dates(const sched_check_ctx *c, sched_check_report *rep)
{
    sched_check_result *r = sched_check_begin(rep, SCHED_CHECK_INVALID_DATES);
    sched_check_list bad = {0};
    int den = 0;
    for (int i = 0; i < c->plan->n_items; i++) {
        if (!sched_check_leaf(&c->plan->items[i]))
            continue;
        den++;
        if (sched_check_bad_dates(c, i))
            sched_check_list_add(&bad, i);
    }
    sched_check_none(r, bad.n, den);
    sched_check_take(r, &bad, NULL);
    if (!r->applicable)
        snprintf(r->detail, sizeof r->detail, "The plan has no activities.");
    else
        snprintf(r->detail, sizeof r->detail,
                 "%d of %d activities have an actual date after the status "
                 "date or a forecast date before it; none should.",
                 r->numerator, den);
}

static void sched_check_missed(const sched_check_ctx *c,
                               sched_check_report *rep)
{
    sched_check_result *r = sched_check_begin(rep, SCHED_CHECK_MISSED_TASKS);
    sched_check_list bad = {0};
    int den = 0;
    for (int i = 0; i < c->plan->n_items; i++) {
        const sched_item *it = &c->plan->items[i];
        if (!sched_check_leaf(it) || sched_check_milestone(it) ||
            !sched_check_due(c, i))
            continue;
        den++;
        if (!sched_check_done(it) ||
            it->actual_finish > c->extra[i].baseline_finish)
            sched_check_list_add(&bad, i);
    }
    sched_check_share(r, bad.n, den);
    sched_check_take(r, &bad, NULL);
    if (!r->applicable)
        snprintf(r->detail, sizeof r->detail,
                 "No task was due by the status date.");
    else
        snprintf(r->detail, sizeof r->detail,
                 "%d of %d tasks due by the status date (%.1f%%) finished late "
                 "or not at all; at most 5%% may.",
                 r->numerator, den, r->value);
}

static void sched_check_bei(const sched_check_ctx *c, sched_check_report *rep)
{
    sched_check_result *r = sched_check_begin(rep, SCHED_CHECK_BEI);
    sched_check_list late = {0};
    int done = 0, due = 0;
    for (int i = 0; i < c->plan->n_items; i++) {
        const sched_item *it = &c->plan->items[i];
        if (!sched_check_leaf(it) ||
            c->extra[i].baseline_finish == SCHED_NO_DAY)
            continue;
        done += sched_check_done(it);
        if (!sched_check_due(c, i))
            continue;
        due++;
        if (!sched_check_done(it))
            sched_check_list_add(&late, i);
    }
    r->numerator = done;
    r->denominator = due;
    r->applicable = due > 0;
    if (r->applicable) {
        r->value = (double)done / due;
        r->passed = 100LL * done >= 95LL * due;
    }
    sched_check_take(r, &late, NULL);
    if (!r->applicable)
        snprintf(r->detail, sizeof r->detail,
                 "Nothing was due by the status date.");
    else
        snprintf(r->detail, sizeof r->detail,
                 "%d activities finished against %d due by the status date "
                 "(%.2f); at least 0.95 is needed.",
                 done, due, r->value);
}

/* ================================================================
 * The critical path: checks 12 and 13
 * ================================================================ */

/* Ticks to whole working days, to the nearest. */
static int sched_check_round_days(int64_t ticks)
{
    int64_t half = SCHED_TICKS_PER_DAY / 2;
    return (int)(ticks >= 0 ? (ticks + half) / SCHED_TICKS_PER_DAY
                            : -((-ticks + half) / SCHED_TICKS_PER_DAY));
}

/* A critical task that a longer duration would make finish later. */
static bool sched_check_stretchable(const sched_check_ctx *c, int i)
{
    const sched_item *it = &c->plan->items[i];
    return c->cpm->critical[i] && sched_check_open_task(it) &&
           !(it->actual_start != SCHED_NO_DAY && it->percent_complete >= 100) &&
           it->duration_days + SCHED_CHECK_DELAY_DAYS <= SCHED_DAYS_MAX;
}

/* The first critical task to stretch, or -1. */
static int sched_check_first_critical(const sched_check_ctx *c)
{
    int best = -1;
    for (int i = 0; i < c->plan->n_items; i++)
        if (sched_check_stretchable(c, i) &&
            (best < 0 || c->cpm->early_start[i] < c->cpm->early_start[best]))
            best = i;
    return best;
}

static bool sched_check_any_critical(const sched_check_ctx *c)
{
    for (int i = 0; i < c->plan->n_items; i++)
        if (c->cpm->critical[i] && sched_check_leaf(&c->plan->items[i]))
            return true;
    return false;
}

/*
 * How far the finish and task's own finish move, in ticks, when task is
 * stretched; false if a run leaves the supported dates.
 */
static bool sched_check_stretch(sched_check_ctx *c, int task,
                                sched_tick *finish_moves,
                                sched_tick *task_moves)
{
    sched_run run;
    sched_run_init(&run);
    sched_run_bind(&run, &c->net);
    int32_t r = sched_net_rank(&c->net, task);
    bool ok = sched_run_passes(&run) == SCHED_OK;
    sched_tick finish = run.finish, ef = run.t[SCHED_T_SLOT * r + SCHED_T_EF];
    double longer = c->plan->items[task].duration_days + SCHED_CHECK_DELAY_DAYS;
    ok = ok && sched_run_set_duration(&run, task, longer) == SCHED_OK &&
         sched_run_passes(&run) == SCHED_OK;
    if (ok) {
        *finish_moves = run.finish - finish;
        *task_moves = run.t[SCHED_T_SLOT * r + SCHED_T_EF] - ef;
    }
    sched_run_fini(&run);
    return ok;
}

static void sched_check_critical_path(sched_check_ctx *c,
                                      sched_check_report *rep)
{
    sched_check_result *r = sched_check_begin(rep, SCHED_CHECK_CRITICAL_PATH);
    sched_check_list bad = {0};
    sched_tick moved = 0, expected = 0;
    int task = sched_check_first_critical(c);
    if (!sched_check_any_critical(c)) {
        snprintf(r->detail, sizeof r->detail,
                 "No unfinished work is critical.");
        return;
    }
    if (task < 0) {
        snprintf(r->detail, sizeof r->detail,
                 "No critical task has work left to delay.");
        return;
    }
    if (!sched_check_stretch(c, task, &moved, &expected)) {
        snprintf(r->detail, sizeof r->detail,
                 "Delaying the first critical task runs past the dates the "
                 "schedule supports.");
        return;
    }
    r->applicable = true;
    r->passed = moved == expected;
    r->value = (double)moved / SCHED_TICKS_PER_DAY;
    r->threshold = (double)expected / SCHED_TICKS_PER_DAY;
    r->numerator = sched_check_round_days(moved);
    r->denominator = sched_check_round_days(expected);
    if (!r->passed)
        sched_check_list_add(&bad, task);
    sched_check_take(r, &bad, NULL);
    if (r->passed)
        snprintf(r->detail, sizeof r->detail,
                 "Delaying the first critical task by %g working days moved "
                 "the projected finish by as much.",
                 r->threshold);
    else
        snprintf(r->detail, sizeof r->detail,
                 "Delaying the first critical task by %g working days moved "
                 "the projected finish by %g: it does not drive the finish.",
                 r->threshold, r->value);
}

static void sched_check_cpli(const sched_check_ctx *c, sched_check_report *rep)
{
    sched_check_result *r = sched_check_begin(rep, SCHED_CHECK_CPLI);
    if (c->plan->target_day == SCHED_NO_DAY) {
        snprintf(r->detail, sizeof r->detail, "The plan has no target finish.");
        return;
    }
    int64_t status = sched_cal_start_tick(&c->net.cal, c->status_day);
    int64_t length = (int64_t)c->cpm->finish - status;
    int64_t to_target = (int64_t)c->net.target_end - status;
    if (length <= 0) {
        snprintf(r->detail, sizeof r->detail,
                 "No work is left after the status date.");
        return;
    }
    r->applicable = true;
    r->value = (double)to_target / (double)length;
    r->passed = 100 * to_target >= 95 * length;
    r->numerator = sched_check_round_days(to_target);
    r->denominator = sched_check_round_days(length);
    snprintf(r->detail, sizeof r->detail,
             "The critical path needs %g working days and the target allows "
             "%g (%.2f); at least 0.95 is needed.",
             (double)length / SCHED_TICKS_PER_DAY,
             (double)to_target / SCHED_TICKS_PER_DAY, r->value);
}

/* ================================================================
 * Interface
 * ================================================================ */

static int sched_check_args(const sched_plan *plan, const sched_result *cpm,
                            const sched_check_extra *extra, int *status_day,
                            sched_check_report *out, sched_error *err)
{
    if (!plan || !cpm || !out || cpm->n_items != plan->n_items ||
        (!extra && plan->n_items > 0)) {
        sched_error_set(err, SCHED_EINVAL, -1, -1,
                        "check needs a plan, its CPM result and its extras");
        return SCHED_EINVAL;
    }
    if (*status_day == SCHED_NO_DAY)
        *status_day = plan->status_day;
    if (*status_day == SCHED_NO_DAY)
        *status_day = plan->start_day;
    if (*status_day < SCHED_DAY_MIN || *status_day > SCHED_DAY_MAX) {
        sched_error_set(err, SCHED_ERANGE, -1, -1, "status date out of range");
        return SCHED_ERANGE;
    }
    return SCHED_OK;
}

static void sched_check_tally(sched_check_report *rep)
{
    rep->n_passed = rep->n_failed = rep->n_not_applicable = 0;
    for (int k = 0; k < SCHED_CHECK_COUNT; k++) {
        const sched_check_result *r = &rep->checks[k];
        if (!r->applicable)
            rep->n_not_applicable++;
        else if (r->passed)
            rep->n_passed++;
        else
            rep->n_failed++;
    }
}

void sched_check_report_init(sched_check_report *rep)
{
    memset(rep, 0, sizeof *rep);
}

void sched_check_report_fini(sched_check_report *rep)
{
    for (int k = 0; k < SCHED_CHECK_COUNT; k++) {
        free(rep->checks[k].offenders);
        free(rep->checks[k].offending_links);
    }
    memset(rep, 0, sizeof *rep);
}

int sched_check_run(const sched_plan *plan, const sched_result *cpm,
                    const sched_check_extra *extra, int status_day,
                    sched_check_report *out, sched_error *err)
{
    sched_check_ctx c;
    memset(&c, 0, sizeof c);
    c.plan = plan;
    c.cpm = cpm;
    c.extra = extra;
    c.status_day = status_day;
    int rc = sched_check_args(plan, cpm, extra, &c.status_day, out, err);
    if (rc != SCHED_OK)
        return rc;
    sched_net_init(&c.net);
    rc = sched_net_prepare(&c.net, plan, err);
    if (rc != SCHED_OK) {
        sched_net_fini(&c.net);
        return rc;
    }
    sched_check_report rep;
    sched_check_report_init(&rep);
    rep.status_day = c.status_day;
    sched_check_ends(&c);
    sched_check_logic(&c, &rep);
    sched_check_links(&c, &rep);
    sched_check_constraints(&c, &rep);
    sched_check_floats(&c, &rep);
    sched_check_durations(&c, &rep);
    sched_check_dates(&c, &rep);
    sched_check_resources(&c, &rep);
    sched_check_missed(&c, &rep);
    sched_check_critical_path(&c, &rep);
    sched_check_cpli(&c, &rep);
    sched_check_bei(&c, &rep);
    sched_check_tally(&rep);
    free(c.has_pred);
    free(c.has_succ);
    sched_net_fini(&c.net);
    *out = rep;
    return SCHED_OK;
}
