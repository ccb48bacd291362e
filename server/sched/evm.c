/*
 * server/sched/evm.c - earned value and earned schedule (see evm.h).
 *
 * Ratios and estimates are worked in long double, whose 64-bit mantissa
 * holds any int64 amount exactly, and money results are rounded half away
 * from zero to minor units; a result beyond int64 is left undefined.
 */
#include "sched/evm.h"

#include <math.h>

int sched_evm_money_add(sched_evm_money *a, const sched_evm_money *b)
{
    sched_evm_money sum;
    if (__builtin_add_overflow(a->bac, b->bac, &sum.bac) ||
        __builtin_add_overflow(a->pv, b->pv, &sum.pv) ||
        __builtin_add_overflow(a->ev, b->ev, &sum.ev) ||
        __builtin_add_overflow(a->ac, b->ac, &sum.ac))
        return -1;
    *a = sum;
    return 0;
}

/* Cumulative PV at the end of period i (0: the start, which is 0). */
static int64_t evm_pv_at(const sched_evm_series *s, size_t i)
{
    return i == 0 ? 0 : s->pv_cum[i - 1];
}

/* The first period whose PV reaches the final PV: the planned duration. */
static size_t evm_planned_duration(const sched_evm_series *s)
{
    int64_t last = s->pv_cum[s->n - 1];
    size_t i = 1;
    while (evm_pv_at(s, i) < last)
        i++;
    return i;
}

int sched_evm_earned_schedule(const sched_evm_series *s, int64_t ev,
                              double *es)
{
    if (s == NULL || s->n == 0 || s->pv_cum[s->n - 1] <= 0)
        return -1;
    if (ev >= s->pv_cum[s->n - 1]) {
        *es = (double)evm_planned_duration(s);
        return 0;
    }
    /* C: the last period whose cumulative PV the value earned covers. */
    size_t c = 0;
    while (c < s->n && evm_pv_at(s, c + 1) <= ev)
        c++;
    long double lo = (long double)evm_pv_at(s, c);
    long double hi = (long double)evm_pv_at(s, c + 1);
    *es = (double)((long double)c + ((long double)ev - lo) / (hi - lo));
    return 0;
}

/* Rounds money to minor units; false when beyond int64. */
static bool evm_round(long double v, int64_t *out)
{
    if (!isfinite(v) || v >= 9.2e18L || v <= -9.2e18L)
        return false;
    *out = (int64_t)llroundl(v);
    return true;
}

/* The cost and schedule indices and the estimates they give. */
static void evm_indices(const sched_evm_money *m, sched_evm_result *r)
{
    long double bac = m->bac, pv = m->pv, ev = m->ev, ac = m->ac;
    if (pv != 0) {
        r->spi = (double)(ev / pv);
        r->defined |= SCHED_EVM_SPI;
    }
    if (ac != 0) {
        r->cpi = (double)(ev / ac);
        r->defined |= SCHED_EVM_CPI;
    }
    /* BAC / CPI = BAC * AC / EV, so an EV of 0 leaves it undefined. */
    if (ev != 0 && evm_round(bac * ac / ev, &r->eac_cpi)) {
        r->defined |= SCHED_EVM_EAC_CPI;
        r->etc = r->eac_cpi - m->ac;
        r->vac = m->bac - r->eac_cpi;
    }
    /* AC + (BAC - EV) / (CPI x SPI), CPI x SPI = EV^2 / (AC x PV). */
    if (ev != 0 && pv != 0 && ac != 0 &&
        evm_round(ac + (bac - ev) * ac * pv / (ev * ev), &r->eac_cpi_spi))
        r->defined |= SCHED_EVM_EAC_CPI_SPI;
    if (bac != ac) {
        r->tcpi_bac = (double)((bac - ev) / (bac - ac));
        r->defined |= SCHED_EVM_TCPI_BAC;
    }
    if ((r->defined & SCHED_EVM_EAC_CPI) && r->eac_cpi != m->ac) {
        r->tcpi_eac =
            (double)((bac - ev) / ((long double)r->eac_cpi - ac));
        r->defined |= SCHED_EVM_TCPI_EAC;
    }
}

/* Earned schedule and the time-based indicators. */
static void evm_schedule(const sched_evm_money *m, const sched_evm_series *s,
                         sched_evm_result *r)
{
    if (sched_evm_earned_schedule(s, m->ev, &r->es) != 0)
        return;
    r->defined |= SCHED_EVM_ES;
    r->planned_duration = (double)evm_planned_duration(s);
    r->sv_t = r->es - s->actual_time;
    if (s->actual_time > 0) {
        r->spi_t = r->es / s->actual_time;
        r->defined |= SCHED_EVM_SPI_T;
    }
    if ((r->defined & SCHED_EVM_SPI_T) && r->spi_t > 0) {
        r->ieac_t = r->planned_duration / r->spi_t;
        r->defined |= SCHED_EVM_IEAC_T;
    }
}

void sched_evm_compute(const sched_evm_money *m, const sched_evm_series *s,
                       sched_evm_result *out)
{
    *out = (sched_evm_result){.money = *m};
    /* Differences of two int64 amounts fit in int64 only when their
     * signs allow; amounts are validated non-negative upstream. */
    out->sv = m->ev - m->pv;
    out->cv = m->ev - m->ac;
    evm_indices(m, out);
    if (s)
        evm_schedule(m, s, out);
}
