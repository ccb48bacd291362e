/*
 * client/pmo/gantt.h - a computed schedule drawn as a Gantt chart in a
 * terminal: one row per work item, bars scaled to the width given.
 *
 * Pure drawing: it reads a Schedule message and writes text, and knows
 * nothing of options, servers or terminals (the caller says how wide, in
 * colour or not, UTF-8 or not), so it is tested on hand-made messages.
 *
 * Layout, for a width of W columns:
 * - Every line is made of at most W character cells, so nothing written
 *   ever exceeds W, whatever W is (at very small widths the bars are cut).
 * - A row is: a flag cell ('!' on a critical item, else blank), a blank,
 *   the label (two blanks per level of depth, the ref, a blank, the title;
 *   cut with an ellipsis to fit), a blank, then the bars. The label column
 *   is as wide as the longest label, but at most (W - 3) * 2 / 5; the bars
 *   take the remaining B columns.
 * - The days shown run from the earliest early start to the latest early
 *   finish of the items (or the window the caller gives): D days. Day d
 *   begins in bar column (d - from) * B / D (rounded down), so a day spans
 *   one column or more when there is room, and shares one when not.
 * - A task is a bar from the column of its early start to the last column
 *   of its early finish, at least one cell: '=' (UTF-8 a medium shade),
 *   '#' on the critical path (UTF-8 a dark shade), in red when in colour.
 *   Its done share is drawn over the start of the bar in 'X' (UTF-8 a
 *   full block), in the bar's colour: percent_complete of its cells,
 *   rounded down, and every cell once its state is done. A critical row
 *   keeps its '!' and the rest of its bar keeps '#', so the critical path
 *   reads without colour however far the work has gone.
 *   A milestone is one diamond ('*' in ASCII) on the column of its date; a
 *   summary is a bracket '[---]' over the span of its children.
 * - Today is a vertical line ('|') in every row where no bar covers it.
 * - Two header lines give dates on the axis (MM-DD, with the year on the
 *   first label and where it changes) and a rule with a tick under each;
 *   a legend line ends the chart.
 * - Items entirely outside the days shown, or without dates, get no row.
 */
#ifndef PMO_CLIENT_PMO_GANTT_H
#define PMO_CLIENT_PMO_GANTT_H

#include "pmo/v1/schedule.pb-c.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>

/* "Not given": from, to and today take it. */
#define GANTT_NO_DAY INT_MIN

typedef struct gantt_opts {
    int width;  /* columns per line, >= 1 */
    int from;   /* first day shown (day number), or GANTT_NO_DAY */
    int to;     /* last day shown, or GANTT_NO_DAY */
    int today;  /* day of the vertical line, or GANTT_NO_DAY for none */
    bool color; /* ANSI colours */
    bool utf8;  /* block, box and diamond characters; else ASCII */
} gantt_opts;

/*
 * Writes the chart of s to out. Returns how many item rows it drew (0:
 * only the header, the legend and a line saying the window is empty).
 * A window whose from is after its to is drawn as its one day, from.
 */
int gantt_draw(FILE *out, const Pmo__V1__Schedule *s, const gantt_opts *o);

#endif
