/*
 * server/sched/evm.h - earned value and earned schedule at a status date.
 *
 * The measures, as the PMI Practice Standard for Earned Value Management
 * and Lipke's Earned Schedule define them (docs/EVM.md has them all with
 * their definitions):
 *   PV planned value, EV earned value, AC actual cost, BAC budget at
 *   completion (money, integer minor units of the program's currency);
 *   SV = EV - PV, CV = EV - AC, SPI = EV / PV, CPI = EV / AC;
 *   EAC by the CPI method = BAC / CPI, and by the CPI x SPI method
 *   = AC + (BAC - EV) / (CPI x SPI); ETC = EAC - AC; VAC = BAC - EAC;
 *   TCPI to BAC = (BAC - EV) / (BAC - AC), to EAC = (BAC - EV) / (EAC - AC);
 *   ES, the earned schedule, the time at which the baseline planned the
 *   value now earned: with cumulative PV at the end of periods 1..n,
 *   C the last period whose PV <= EV, ES = C + (EV - PV_C) /
 *   (PV_C+1 - PV_C); SPI(t) = ES / AT, SV(t) = ES - AT, and the
 *   independent estimate of the duration IEAC(t) = PD / SPI(t), PD being
 *   the planned duration (the first period whose PV reaches BAC).
 *
 * SPI drifts to 1 at the end of a late project (EV and PV both reach
 * BAC); SPI(t) does not, which is why both are given.
 *
 * A ratio whose divisor is zero is undefined, not infinite: its flag in
 * `defined` is clear and its value 0. Money stays integer; only ratios
 * and the estimates derived from them are doubles, rounded to minor units
 * where they are money.
 *
 * Pure C, no I/O, no allocation.
 */
#ifndef PMO_SERVER_SCHED_EVM_H
#define PMO_SERVER_SCHED_EVM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The money of one measure point, minor units. */
typedef struct sched_evm_money {
    int64_t bac, pv, ev, ac;
} sched_evm_money;

/* The time-phased baseline, for earned schedule. */
typedef struct sched_evm_series {
    /* Cumulative PV at the end of period i + 1 (pv_cum[0] ends period 1);
     * non-decreasing. NULL with n 0 for none. */
    const int64_t *pv_cum;
    size_t n;
    /* Periods elapsed at the status date (may be fractional). */
    double actual_time;
} sched_evm_series;

enum sched_evm_defined {
    SCHED_EVM_SPI = 1u << 0,
    SCHED_EVM_CPI = 1u << 1,
    SCHED_EVM_EAC_CPI = 1u << 2,
    SCHED_EVM_EAC_CPI_SPI = 1u << 3,
    SCHED_EVM_TCPI_BAC = 1u << 4,
    SCHED_EVM_TCPI_EAC = 1u << 5,
    SCHED_EVM_ES = 1u << 6,
    SCHED_EVM_SPI_T = 1u << 7,
    SCHED_EVM_IEAC_T = 1u << 8,
};

typedef struct sched_evm_result {
    sched_evm_money money;
    int64_t sv, cv;
    double spi, cpi;
    int64_t eac_cpi, eac_cpi_spi; /* minor units, rounded */
    int64_t etc, vac;             /* from the CPI method's EAC */
    double tcpi_bac, tcpi_eac;
    double es, spi_t, sv_t;  /* periods */
    double planned_duration; /* periods, 0 without a series */
    double ieac_t;           /* periods */
    unsigned defined;        /* sched_evm_defined bits */
} sched_evm_result;

/*
 * Adds b into a (BAC, PV, EV and AC each), as a program rolls up its
 * projects. Returns 0, or -1 when a sum would leave int64 (a is then
 * unchanged).
 */
int sched_evm_money_add(sched_evm_money *a, const sched_evm_money *b);

/*
 * The earned schedule of ev against the cumulative baseline: periods,
 * fractional. Returns 0, or -1 without a series (no periods, or none
 * with value). EV at or past the final PV earns the whole planned
 * duration.
 */
int sched_evm_earned_schedule(const sched_evm_series *s, int64_t ev,
                              double *es);

/* Every measure above from m and, when s is not NULL, the series. */
void sched_evm_compute(const sched_evm_money *m, const sched_evm_series *s,
                       sched_evm_result *out);

#endif
