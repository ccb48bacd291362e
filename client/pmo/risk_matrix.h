/*
 * client/pmo/risk_matrix.h - a program's open risks drawn as the 5x5
 * probability-impact heat map, with the count of risks in each cell.
 *
 * Pure drawing: it reads the cells of a RiskMatrix reply and writes text,
 * and knows nothing of options, servers or terminals (the caller says
 * whether to colour), so it is tested on hand-made cells.
 *
 * Zones, by exposure (probability x impact): low 1 to 4, medium 5 to 9,
 * high 10 to 25. Every cell carries its zone's letter (L, M, H), so the
 * map reads the same without colour; with colour the cell is green,
 * yellow or red as well.
 *
 * Layout (58 columns, ASCII only; probability 5 at the top):
 *
 *                    impact 1 (minor) .. 5 (severe)
 *                        1       2       3       4       5
 *   probability      +-------+-------+-------+-------+-------+
 *   5 almost certain |   . M |   . H |   1 H |   . H |   . H |
 *   4 likely         |   . L |   2 M |   . H |   . H |   . H |
 *   ...
 *   1 rare           |   . L |   . L |   . L |   . L |   . M |
 *                    +-------+-------+-------+-------+-------+
 *   L low (exposure 1-4)  M medium (5-9)  H high (10-25)
 *
 * The row label column is 17 wide; each cell is a '|' and seven
 * characters: a blank, the count right-aligned in three ('.' for none),
 * a blank, the zone letter, a blank. Counts above 999 show as "999".
 */
#ifndef PMO_CLIENT_PMO_RISK_MATRIX_H
#define PMO_CLIENT_PMO_RISK_MATRIX_H

#include "pmo/v1/risk.pb-c.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Probability and impact both run from 1 to this. */
#define RISK_MATRIX_SIDE 5

typedef enum risk_zone {
    RISK_ZONE_NONE = 0, /* probability or impact out of 1..5 */
    RISK_ZONE_LOW,
    RISK_ZONE_MEDIUM,
    RISK_ZONE_HIGH,
} risk_zone;

/* The zone of a probability and impact, each 1..5. */
risk_zone risk_matrix_zone(uint32_t probability, uint32_t impact);

/* "low", "medium", "high"; "" for RISK_ZONE_NONE. */
const char *risk_zone_name(risk_zone zone);

/*
 * Writes the map of cells (in any order; several for one square add up;
 * those out of 1..5 are left out) to out, with ANSI colours when color.
 * Returns the total count drawn.
 */
unsigned risk_matrix_draw(FILE *out, Pmo__V1__RiskMatrixCell *const *cells,
                          size_t n_cells, bool color);

#endif
