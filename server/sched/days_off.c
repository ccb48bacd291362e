/* server/sched/days_off.c - people's days off as working-tick intervals. */
#include "sched/days_off.h"

#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>

void sched_days_off_init(sched_days_off *d)
{
    memset(d, 0, sizeof *d);
}

void sched_days_off_fini(sched_days_off *d)
{
    free(d->off);
    free(d->span);
    memset(d, 0, sizeof *d);
}

static int sched_days_off_cmp(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Appends person's working days of sorted days[0..n) at span[2 m]. */
static int32_t sched_days_off_person(const sched_cal *cal, const int *days,
                                     int n, sched_tick *span, int32_t m)
{
    int32_t first = m;
    for (int i = 0; i < n; i++) {
        if (days[i] < SCHED_DAY_MIN || days[i] >= SCHED_DAY_MAX ||
            (i > 0 && days[i] == days[i - 1]))
            continue;
        sched_tick a = sched_cal_start_tick(cal, days[i]);
        sched_tick b = sched_cal_start_tick(cal, days[i] + 1);
        if (b <= a)
            continue; /* not a working day */
        if (m > first && span[2 * m - 1] == a) {
            span[2 * m - 1] = b;
            continue;
        }
        span[2 * m] = a;
        span[2 * m + 1] = b;
        m++;
    }
    return m;
}

int sched_days_off_build(sched_days_off *d, const sched_cal *cal, int n_persons,
                         const int32_t *first, const int *days)
{
    if (n_persons < 0 || (n_persons > 0 && (!first || first[0] != 0)))
        return SCHED_EINVAL;
    for (int p = 0; p < n_persons; p++)
        if (first[p + 1] < first[p])
            return SCHED_EINVAL;
    size_t total = n_persons > 0 ? (size_t)first[n_persons] : 0;
    int *sorted = xmalloc((total + 1) * sizeof *sorted);
    if (total)
        memcpy(sorted, days, total * sizeof *sorted);
    sched_days_off_fini(d);
    d->n_persons = n_persons;
    d->off = xmalloc(((size_t)n_persons + 1) * sizeof *d->off);
    d->span = xmalloc((2 * total + 2) * sizeof *d->span);
    int32_t m = 0;
    for (int p = 0; p < n_persons; p++) {
        int n = first[p + 1] - first[p];
        qsort(sorted + first[p], (size_t)n, sizeof *sorted, sched_days_off_cmp);
        d->off[p] = m;
        m = sched_days_off_person(cal, sorted + first[p], n, d->span, m);
    }
    d->off[n_persons] = m;
    free(sorted);
    return SCHED_OK;
}

int64_t sched_days_off_overlap(const sched_days_off *d, int p, sched_tick a,
                               sched_tick b)
{
    if (!d || p < 0 || p >= d->n_persons)
        return 0;
    int64_t ticks = 0;
    for (int32_t j = d->off[p]; j < d->off[p + 1]; j++) {
        sched_tick s = d->span[2 * j], f = d->span[2 * j + 1];
        if (s >= b)
            break;
        sched_tick lo = s > a ? s : a, hi = f < b ? f : b;
        if (hi > lo)
            ticks += hi - lo;
    }
    return ticks;
}
