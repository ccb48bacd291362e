/* server/sched/load.c - working days booked per person and week. */
#include "sched/load.h"

#include "common/xalloc.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/*
 * DESIGN. The week boundaries are turned into ticks once (the start tick
 * of each Monday, n_weeks + 1 of them, never decreasing), so a task is
 * cut into weeks by comparing ticks alone: a binary search finds the
 * week it starts in and a walk over the following boundaries ends at its
 * finish. Loads are summed as units times whole ticks, which keeps the
 * comparison with capacity (units times ticks too) exact; days and
 * rounded ticks are derived at the end. Work is
 * O(items log weeks + the weeks the tasks span + persons times weeks).
 */

/* Day 0 (1970-01-01) was a Thursday, ISO weekday 4. */
static int sched_load_iso_weekday0(int day)
{
    int w = (day + 3) % 7; /* 0 = Monday */
    return w < 0 ? w + 7 : w;
}

int sched_load_monday(int day)
{
    return day - sched_load_iso_weekday0(day);
}

static bool sched_load_is_summary(const sched_load_spec *s, int i)
{
    return s->items && (s->items[i].flags & SCHED_ITEM_SUMMARY);
}

static bool sched_load_units_ok(int units)
{
    return units >= 1 && units <= SCHED_UNITS_MAX;
}

/* The assignment rows and the capacities, when given. */
static int sched_load_check_units(const sched_load_spec *s, sched_error *err)
{
    for (int p = 0; s->capacity_units && p < s->n_persons; p++)
        if (!sched_load_units_ok(s->capacity_units[p])) {
            sched_error_set(err, SCHED_EINVAL, -1, -1,
                            "person %d: capacity %d units out of range", p,
                            s->capacity_units[p]);
            return SCHED_EINVAL;
        }
    if (!s->assign_first)
        return SCHED_OK;
    if (s->assign_first[0] != 0 ||
        (s->assign_first[s->n_items] > 0 &&
         (!s->assign_person || !s->assign_units))) {
        sched_error_set(err, SCHED_EINVAL, -1, -1, "bad assignment rows");
        return SCHED_EINVAL;
    }
    for (int i = 0; i < s->n_items; i++) {
        if (s->assign_first[i + 1] < s->assign_first[i]) {
            sched_error_set(err, SCHED_EINVAL, i, -1,
                            "item %d: assignment rows decrease", i);
            return SCHED_EINVAL;
        }
        for (int32_t j = s->assign_first[i]; j < s->assign_first[i + 1]; j++)
            if (s->assign_person[j] < 0 || s->assign_person[j] >= s->n_persons ||
                !sched_load_units_ok(s->assign_units[j])) {
                sched_error_set(err, SCHED_EINVAL, i, -1,
                                "item %d: person %d at %d units is out of "
                                "range",
                                i, s->assign_person[j], s->assign_units[j]);
                return SCHED_EINVAL;
            }
    }
    return SCHED_OK;
}

static int sched_load_check(const sched_load_spec *s, sched_error *err)
{
    if (!s->cal || s->n_items < 0 || s->n_persons < 0 ||
        (s->n_items > 0 && (!s->start || !s->finish ||
                            (!s->person && !s->assign_first)))) {
        sched_error_set(err, SCHED_EINVAL, -1, -1, "bad load sizes");
        return SCHED_EINVAL;
    }
    for (int i = 0; i < s->n_items; i++) {
        if (s->person &&
            (s->person[i] < -1 || s->person[i] >= s->n_persons)) {
            sched_error_set(err, SCHED_EINVAL, i, -1,
                            "item %d: person %d does not exist", i,
                            s->person[i]);
            return SCHED_EINVAL;
        }
        if (s->finish[i] < s->start[i] && !sched_load_is_summary(s, i)) {
            sched_error_set(err, SCHED_EINVAL, i, -1,
                            "item %d: finish before start", i);
            return SCHED_EINVAL;
        }
    }
    return sched_load_check_units(s, err);
}

/* Whether a day is in the range whose weeks may be reported. */
static bool sched_load_day_ok(int64_t day)
{
    return day >= SCHED_DAY_MIN - 7 && day <= (int64_t)SCHED_DAY_MAX + 7;
}

/* The first Monday and the week count: given, or spanning the items. */
static int sched_load_weeks(const sched_load_spec *s, int *first, int *n_weeks,
                            sched_error *err)
{
    if (s->first_monday != SCHED_NO_DAY) {
        if (s->n_weeks < 0 || sched_load_iso_weekday0(s->first_monday) != 0) {
            sched_error_set(err, SCHED_EINVAL, -1, -1,
                            "first week must start on a Monday, with a "
                            "week count of 0 or more");
            return SCHED_EINVAL;
        }
        *first = s->first_monday;
        *n_weeks = s->n_weeks;
        return SCHED_OK;
    }
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (int i = 0; i < s->n_items; i++) {
        if (sched_load_is_summary(s, i))
            continue;
        int a = sched_cal_start_day(s->cal, s->start[i]);
        int b = sched_cal_end_day(s->cal, s->finish[i]);
        lo = a < lo ? a : lo;
        hi = b > hi ? b : hi;
        hi = a > hi ? a : hi;
    }
    if (lo == INT64_MAX) {
        *first = sched_load_monday(sched_cal_day(s->cal, 0));
        *n_weeks = 0;
        return SCHED_OK;
    }
    if (!sched_load_day_ok(lo) || !sched_load_day_ok(hi)) {
        sched_error_set(err, SCHED_ERANGE, -1, -1,
                        "schedule spans dates out of range");
        return SCHED_ERANGE;
    }
    *first = sched_load_monday((int)lo);
    *n_weeks = (sched_load_monday((int)hi) - *first) / 7 + 1;
    return SCHED_OK;
}

static int sched_load_check_size(int first, int n_weeks, int n_persons,
                                 sched_error *err)
{
    if (!sched_load_day_ok(first) ||
        !sched_load_day_ok((int64_t)first + 7 * (int64_t)n_weeks) ||
        (int64_t)n_weeks * (n_persons > 0 ? n_persons : 1) >
            SCHED_LOAD_MAX_CELLS) {
        sched_error_set(err, SCHED_ERANGE, -1, -1,
                        "%d weeks from day %d for %d persons: too many or "
                        "out of range",
                        n_weeks, first, n_persons);
        return SCHED_ERANGE;
    }
    return SCHED_OK;
}

/* Sizes l's arrays, dropping their contents. */
static void sched_load_reserve(sched_load *l, int n_persons, int n_weeks)
{
    size_t cells = (size_t)n_persons * (size_t)n_weeks + 1;
    size_t weeks = (size_t)n_weeks + 1, persons = (size_t)n_persons + 1;
    l->load_ticks = xrealloc(l->load_ticks, cells * sizeof *l->load_ticks);
    l->load = xrealloc(l->load, cells * sizeof *l->load);
    l->over = xrealloc(l->over, cells);
    l->cap_ticks = xrealloc(l->cap_ticks, cells * sizeof *l->cap_ticks);
    l->cap = xrealloc(l->cap, cells * sizeof *l->cap);
    l->off_ticks = xrealloc(l->off_ticks, cells * sizeof *l->off_ticks);
    l->off_days = xrealloc(l->off_days, cells * sizeof *l->off_days);
    l->capacity_ticks =
        xrealloc(l->capacity_ticks, weeks * sizeof *l->capacity_ticks);
    l->capacity = xrealloc(l->capacity, weeks * sizeof *l->capacity);
    l->peak = xrealloc(l->peak, persons * sizeof *l->peak);
    l->peak_week = xrealloc(l->peak_week, persons * sizeof *l->peak_week);
    l->weeks_over = xrealloc(l->weeks_over, persons * sizeof *l->weeks_over);
    l->total_ticks = xrealloc(l->total_ticks, persons * sizeof *l->total_ticks);
    memset(l->load_ticks, 0, cells * sizeof *l->load_ticks);
    memset(l->off_ticks, 0, cells * sizeof *l->off_ticks);
    l->n_persons = n_persons;
    l->n_weeks = n_weeks;
}

/* The first week whose Monday starts after t, in bound[0..n_weeks]. */
static int sched_load_week_after(const sched_tick *bound, int n_weeks,
                                 sched_tick t)
{
    int lo = 0, hi = n_weeks + 1;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (bound[mid] <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Adds [s, f) of person p at units to the weeks it overlaps, and to the
 * days off it is booked on, as products of units and ticks. */
static void sched_load_add(sched_load *l, const sched_tick *bound,
                           const sched_days_off *off, int p, int units,
                           sched_tick s, sched_tick f)
{
    int k = sched_load_week_after(bound, l->n_weeks, s) - 1;
    if (k < 0)
        k = 0;
    int64_t *row = l->load_ticks + (size_t)p * l->n_weeks;
    int64_t *booked = l->off_ticks + (size_t)p * l->n_weeks;
    for (; k < l->n_weeks && bound[k] < f; k++) {
        sched_tick a = s > bound[k] ? s : bound[k];
        sched_tick b = f < bound[k + 1] ? f : bound[k + 1];
        if (b > a) {
            row[k] += (int64_t)units * (b - a);
            booked[k] += (int64_t)units * sched_days_off_overlap(off, p, a, b);
        }
    }
}

/* A product of units and ticks as working days. */
static double sched_load_days(int64_t unit_ticks)
{
    return (double)unit_ticks / ((double)SCHED_UNITS_FULL * SCHED_TICKS_PER_DAY);
}

/* A product of units and ticks as ticks, to the nearest. */
static int64_t sched_load_ticks(int64_t unit_ticks)
{
    return (unit_ticks + SCHED_UNITS_FULL / 2) / SCHED_UNITS_FULL;
}

/* Each person's capacity per week, as a product of units and ticks: their
 * units times the week's less their days off. */
static void sched_load_capacities(sched_load *l, const sched_tick *bound,
                                  const sched_days_off *off,
                                  const int *capacity_units)
{
    for (int p = 0; p < l->n_persons; p++)
        for (int k = 0; k < l->n_weeks; k++) {
            size_t c = (size_t)p * l->n_weeks + k;
            int units = capacity_units ? capacity_units[p] : SCHED_UNITS_FULL;
            l->cap_ticks[c] =
                (int64_t)units *
                (l->capacity_ticks[k] -
                 sched_days_off_overlap(off, p, bound[k], bound[k + 1]));
        }
}

static void sched_load_summarise(sched_load *l)
{
    for (int p = 0; p < l->n_persons; p++) {
        l->peak[p] = 0;
        l->peak_week[p] = -1;
        l->weeks_over[p] = 0;
        l->total_ticks[p] = 0;
        int64_t best = -1;
        for (int k = 0; k < l->n_weeks; k++) {
            size_t c = (size_t)p * l->n_weeks + k;
            int64_t x = l->load_ticks[c];
            l->load[c] = sched_load_days(x);
            l->off_days[c] = sched_load_days(l->off_ticks[c]);
            l->cap[c] = sched_load_days(l->cap_ticks[c]);
            l->over[c] = x > l->cap_ticks[c] || l->off_ticks[c] > 0;
            l->weeks_over[p] += l->over[c];
            l->total_ticks[p] += x;
            l->load_ticks[c] = sched_load_ticks(x);
            l->off_ticks[c] = sched_load_ticks(l->off_ticks[c]);
            l->cap_ticks[c] = sched_load_ticks(l->cap_ticks[c]);
            if (x > best) {
                best = x;
                l->peak[p] = l->load[c];
                l->peak_week[p] = k;
            }
        }
        l->total_ticks[p] = sched_load_ticks(l->total_ticks[p]);
    }
}

void sched_load_init(sched_load *l)
{
    memset(l, 0, sizeof *l);
}

void sched_load_fini(sched_load *l)
{
    free(l->load_ticks);
    free(l->load);
    free(l->over);
    free(l->cap_ticks);
    free(l->cap);
    free(l->off_ticks);
    free(l->off_days);
    free(l->capacity_ticks);
    free(l->capacity);
    free(l->peak);
    free(l->peak_week);
    free(l->weeks_over);
    free(l->total_ticks);
    memset(l, 0, sizeof *l);
}

int sched_load_compute(sched_load *l, const sched_load_spec *spec,
                       sched_error *err)
{
    int first = 0, n_weeks = 0;
    int rc = sched_load_check(spec, err);
    if (rc == SCHED_OK)
        rc = sched_load_weeks(spec, &first, &n_weeks, err);
    if (rc == SCHED_OK)
        rc = sched_load_check_size(first, n_weeks, spec->n_persons, err);
    if (rc != SCHED_OK)
        return rc;
    sched_load_reserve(l, spec->n_persons, n_weeks);
    l->first_monday = first;
    sched_tick *bound = xmalloc(((size_t)n_weeks + 1) * sizeof *bound);
    for (int k = 0; k <= n_weeks; k++)
        bound[k] = sched_cal_start_tick(spec->cal, first + 7 * k);
    for (int k = 0; k < n_weeks; k++) {
        l->capacity_ticks[k] = bound[k + 1] - bound[k];
        l->capacity[k] = (double)l->capacity_ticks[k] / SCHED_TICKS_PER_DAY;
    }
    for (int i = 0; i < spec->n_items; i++) {
        if (sched_load_is_summary(spec, i) || spec->finish[i] <= spec->start[i])
            continue;
        if (!spec->assign_first) {
            if (spec->person[i] >= 0)
                sched_load_add(l, bound, spec->off, spec->person[i],
                               SCHED_UNITS_FULL, spec->start[i],
                               spec->finish[i]);
            continue;
        }
        for (int32_t j = spec->assign_first[i]; j < spec->assign_first[i + 1];
             j++)
            sched_load_add(l, bound, spec->off, spec->assign_person[j],
                           spec->assign_units[j], spec->start[i],
                           spec->finish[i]);
    }
    sched_load_capacities(l, bound, spec->off, spec->capacity_units);
    free(bound);
    sched_load_summarise(l);
    return SCHED_OK;
}

int sched_load_from_result(sched_load *l, const sched_result *res,
                           const sched_cal *cal, const sched_item *items,
                           const int *person, int n_persons, int first_monday,
                           int n_weeks, sched_error *err)
{
    sched_load_spec spec = {
        .cal = cal,
        .n_items = res->n_items,
        .start = res->early_start,
        .finish = res->early_finish,
        .items = items,
        .person = person,
        .n_persons = n_persons,
        .first_monday = first_monday,
        .n_weeks = n_weeks,
    };
    return sched_load_compute(l, &spec, err);
}
