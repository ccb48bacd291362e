/* client/pmo/risk_matrix.c - the 5x5 probability-impact heat map. */
#include "risk_matrix.h"
#include "table.h"

#define RISK_MATRIX_LABEL_WIDTH 17
#define RISK_MATRIX_COUNT_MAX   999u

/* Row labels, by probability. */
static const char *const risk_matrix_likelihood[RISK_MATRIX_SIDE + 1] = {
    "", "rare", "unlikely", "possible", "likely", "almost certain",
};

risk_zone risk_matrix_zone(uint32_t probability, uint32_t impact)
{
    if (probability < 1 || probability > RISK_MATRIX_SIDE || impact < 1 ||
        impact > RISK_MATRIX_SIDE)
        return RISK_ZONE_NONE;
    uint32_t exposure = probability * impact;
    if (exposure >= 10)
        return RISK_ZONE_HIGH;
    return exposure >= 5 ? RISK_ZONE_MEDIUM : RISK_ZONE_LOW;
}

const char *risk_zone_name(risk_zone zone)
{
    switch (zone) {
    case RISK_ZONE_LOW:
        return "low";
    case RISK_ZONE_MEDIUM:
        return "medium";
    case RISK_ZONE_HIGH:
        return "high";
    default:
        return "";
    }
}

static cli_color risk_zone_color(risk_zone zone)
{
    switch (zone) {
    case RISK_ZONE_LOW:
        return CLI_COLOR_GREEN;
    case RISK_ZONE_MEDIUM:
        return CLI_COLOR_YELLOW;
    case RISK_ZONE_HIGH:
        return CLI_COLOR_RED;
    default:
        return CLI_COLOR_NONE;
    }
}

static void risk_matrix_rule(FILE *out, const char *label)
{
    fprintf(out, "%-*s", RISK_MATRIX_LABEL_WIDTH, label);
    for (int i = 0; i < RISK_MATRIX_SIDE; i++)
        fputs("+-------", out);
    fputs("+\n", out);
}

static void risk_matrix_cell(FILE *out, unsigned count, risk_zone zone,
                             bool color)
{
    char num[8];
    if (count == 0)
        snprintf(num, sizeof(num), ".");
    else
        snprintf(num, sizeof(num), "%u",
                 count > RISK_MATRIX_COUNT_MAX ? RISK_MATRIX_COUNT_MAX : count);
    /* The first letter of the zone's name: L, M or H. */
    char letter = (char)(risk_zone_name(zone)[0] - 'a' + 'A');
    fputc('|', out);
    if (color)
        fputs(cli_color_start(risk_zone_color(zone)), out);
    fprintf(out, " %3s %c ", num, letter);
    if (color)
        fputs(cli_color_end(), out);
}

unsigned risk_matrix_draw(FILE *out, Pmo__V1__RiskMatrixCell *const *cells,
                          size_t n_cells, bool color)
{
    unsigned counts[RISK_MATRIX_SIDE + 1][RISK_MATRIX_SIDE + 1] = {{0}};
    unsigned total = 0;
    for (size_t i = 0; i < n_cells; i++) {
        const Pmo__V1__RiskMatrixCell *c = cells[i];
        if (risk_matrix_zone(c->probability, c->impact) == RISK_ZONE_NONE)
            continue;
        counts[c->probability][c->impact] += c->count;
        total += c->count;
    }
    fprintf(out, "%*simpact 1 (minor) .. 5 (severe)\n", RISK_MATRIX_LABEL_WIDTH,
            "");
    fprintf(out, "%*s", RISK_MATRIX_LABEL_WIDTH, "");
    for (int i = 1; i <= RISK_MATRIX_SIDE; i++)
        fprintf(out, "%*d", i == 1 ? 5 : 8, i);
    fputc('\n', out);
    risk_matrix_rule(out, "probability");
    for (uint32_t p = RISK_MATRIX_SIDE; p >= 1; p--) {
        char label[32];
        snprintf(label, sizeof(label), "%u %s", p, risk_matrix_likelihood[p]);
        fprintf(out, "%-*s", RISK_MATRIX_LABEL_WIDTH, label);
        for (uint32_t i = 1; i <= RISK_MATRIX_SIDE; i++)
            risk_matrix_cell(out, counts[p][i], risk_matrix_zone(p, i), color);
        fputs("|\n", out);
    }
    risk_matrix_rule(out, "");
    fputs("L low (exposure 1-4)  M medium (5-9)  H high (10-25)\n", out);
    return total;
}
