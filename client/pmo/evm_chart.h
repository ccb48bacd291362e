/*
 * client/pmo/evm_chart.h - the S-curve of earned value drawn in a
 * terminal: planned value, earned value and actual cost, cumulative,
 * period by period.
 *
 * Pure drawing, like gantt.h: it reads an EarnedValueSeriesResponse and
 * writes text, so it is tested on hand-made messages.
 *
 * Layout, for a width of W columns and a height of H rows:
 * - A label column as wide as the largest amount (in major units, with
 *   thousands separators), then an axis '|', then the plot, C = W - label
 *   - 1 columns. Rows from the top: the largest of PV, EV, AC and BAC,
 *   down to 0 on the bottom row; an amount v sits on row
 *   round(v / max x (H - 1)) from the bottom.
 * - Each period is a column when they fit (spread out up to eight columns
 *   apart), else periods share a column and the column shows the last of
 *   them.
 * - 'P' marks planned value, 'E' earned value, 'A' actual cost; a cell
 *   two of them share shows '*'. EV and AC are drawn only for periods up
 *   to the status date. In colour: PV blue, EV green, AC red.
 * - Below: a rule with '+' under the first and last period and '^' under
 *   the status date's period, the first and last period ends, and a
 *   legend line.
 */
#ifndef PMO_CLIENT_PMO_EVM_CHART_H
#define PMO_CLIENT_PMO_EVM_CHART_H

#include "pmo/v1/evm.pb-c.h"

#include <stdbool.h>
#include <stdio.h>

typedef struct evm_chart_opts {
    int width;    /* columns, >= 20 */
    int height;   /* plot rows, >= 3 */
    int exponent; /* of the currency: minor units per major = 10^exponent */
    bool color;
} evm_chart_opts;

/* Writes the chart of s to out; returns how many periods it drew. */
int evm_chart_draw(FILE *out, const Pmo__V1__EarnedValueSeriesResponse *s,
                   const evm_chart_opts *o);

#endif
