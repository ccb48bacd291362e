/*
 * tests/unit/test_risk_matrix.c - the 5x5 risk heat map drawn from
 * hand-made cells: each count in the square of its probability and
 * impact (read back from the text by the layout in risk_matrix.h), the
 * zone letters worked out by hand from the exposure bands, cells that add
 * up or fall outside the grid, the width, and colour only when asked.
 */
#include "client/pmo/risk_matrix.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define MAX_CELLS 32
#define MAX_LINES 16

typedef struct tcells {
    Pmo__V1__RiskMatrixCell cells[MAX_CELLS];
    Pmo__V1__RiskMatrixCell *ptrs[MAX_CELLS];
    size_t n;
} tcells;

static void tcells_add(tcells *t, uint32_t p, uint32_t i, uint32_t count)
{
    Pmo__V1__RiskMatrixCell *c = &t->cells[t->n];
    pmo__v1__risk_matrix_cell__init(c);
    c->probability = p;
    c->impact = i;
    c->count = count;
    t->ptrs[t->n++] = c;
}

/* The drawing, split into lines (the caller frees text). */
typedef struct tdrawing {
    char *text;
    char *lines[MAX_LINES];
    size_t n_lines;
    unsigned total;
} tdrawing;

static void tdraw(tdrawing *d, const tcells *t, bool color)
{
    size_t len = 0;
    memset(d, 0, sizeof(*d));
    FILE *f = open_memstream(&d->text, &len);
    assert_non_null(f);
    d->total = risk_matrix_draw(f, (Pmo__V1__RiskMatrixCell *const *)t->ptrs,
                                t->n, color);
    fclose(f);
    for (char *p = d->text; *p && d->n_lines < MAX_LINES;) {
        d->lines[d->n_lines++] = p;
        char *nl = strchr(p, '\n');
        if (nl == NULL)
            break;
        *nl = '\0';
        p = nl + 1;
    }
}

/*
 * The cell of probability p, impact i, as drawn without colour: seven
 * characters after the row's (i)th '|'. Rows start at line 3 with
 * probability 5.
 */
static void tcell_text(const tdrawing *d, uint32_t p, uint32_t i, char out[8])
{
    const char *row = d->lines[3 + (5 - p)];
    const char *bar = row;
    for (uint32_t k = 0; k < i; k++) {
        bar = strchr(bar + (k ? 1 : 0), '|');
        assert_non_null(bar);
    }
    memcpy(out, bar + 1, 7);
    out[7] = '\0';
}

static void test_zones_follow_the_exposure_bands(void **state)
{
    (void)state;
    static const struct {
        uint32_t p, i;
        risk_zone want;
    } cases[] = {
        {1, 1, RISK_ZONE_LOW},    {1, 4, RISK_ZONE_LOW},
        {2, 2, RISK_ZONE_LOW},    {1, 5, RISK_ZONE_MEDIUM},
        {5, 1, RISK_ZONE_MEDIUM}, {3, 3, RISK_ZONE_MEDIUM},
        {4, 2, RISK_ZONE_MEDIUM}, {2, 5, RISK_ZONE_HIGH},
        {4, 3, RISK_ZONE_HIGH},   {5, 5, RISK_ZONE_HIGH},
        {0, 3, RISK_ZONE_NONE},   {3, 6, RISK_ZONE_NONE},
    };
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        risk_zone z = risk_matrix_zone(cases[k].p, cases[k].i);
        if (z != cases[k].want)
            fail_msg("p=%u i=%u: zone %s, want %s", cases[k].p, cases[k].i,
                     risk_zone_name(z), risk_zone_name(cases[k].want));
    }
}

static void test_counts_sit_in_their_squares(void **state)
{
    (void)state;
    tcells t = {0};
    tcells_add(&t, 5, 3, 1);
    tcells_add(&t, 4, 2, 2);
    tcells_add(&t, 1, 1, 12);
    tdrawing d;
    tdraw(&d, &t, false);
    assert_int_equal(d.total, 15);
    char cell[8];
    tcell_text(&d, 5, 3, cell);
    assert_string_equal(cell, "   1 H ");
    tcell_text(&d, 4, 2, cell);
    assert_string_equal(cell, "   2 M ");
    tcell_text(&d, 1, 1, cell);
    assert_string_equal(cell, "  12 L ");
    tcell_text(&d, 1, 5, cell);
    assert_string_equal(cell, "   . M ");
    tcell_text(&d, 3, 4, cell);
    assert_string_equal(cell, "   . H ");
    free(d.text);
}

static void test_rows_axis_and_legend(void **state)
{
    (void)state;
    tcells t = {0};
    tdrawing d;
    tdraw(&d, &t, false);
    assert_int_equal(d.total, 0);
    assert_int_equal(d.n_lines, 10);
    assert_string_equal(d.lines[1], "                     1       2       3"
                                    "       4       5");
    assert_string_equal(d.lines[2], "probability      +-------+-------+"
                                    "-------+-------+-------+");
    assert_string_equal(d.lines[3], "5 almost certain |   . M |   . H |"
                                    "   . H |   . H |   . H |");
    assert_string_equal(d.lines[7], "1 rare           |   . L |   . L |"
                                    "   . L |   . L |   . M |");
    assert_non_null(strstr(d.lines[9], "H high (10-25)"));
    for (size_t k = 0; k < d.n_lines; k++)
        assert_true(strlen(d.lines[k]) <= 58);
    free(d.text);
}

/* The digit of impact i sits over the middle of its cell. */
static void test_axis_digits_line_up_with_cells(void **state)
{
    (void)state;
    tcells t = {0};
    tcells_add(&t, 3, 4, 7);
    tdrawing d;
    tdraw(&d, &t, false);
    const char *row = d.lines[3 + 2];
    const char *seven = strchr(row, '7');
    assert_non_null(seven);
    size_t col = (size_t)(seven - row);
    assert_int_equal(d.lines[1][col], '4');
    free(d.text);
}

static void test_cells_add_up_and_strays_are_left_out(void **state)
{
    (void)state;
    tcells t = {0};
    tcells_add(&t, 2, 5, 1);
    tcells_add(&t, 2, 5, 3);
    tcells_add(&t, 0, 2, 9);
    tcells_add(&t, 6, 6, 9);
    tdrawing d;
    tdraw(&d, &t, false);
    assert_int_equal(d.total, 4);
    char cell[8];
    tcell_text(&d, 2, 5, cell);
    assert_string_equal(cell, "   4 H ");
    assert_null(strstr(d.text, "9"));
    free(d.text);
}

static void test_huge_counts_are_capped(void **state)
{
    (void)state;
    tcells t = {0};
    tcells_add(&t, 3, 3, 5000);
    tdrawing d;
    tdraw(&d, &t, false);
    char cell[8];
    tcell_text(&d, 3, 3, cell);
    assert_string_equal(cell, " 999 M ");
    assert_int_equal(d.total, 5000);
    free(d.text);
}

static void test_colour_only_when_asked(void **state)
{
    (void)state;
    tcells t = {0};
    tcells_add(&t, 5, 5, 2);
    tdrawing plain, colour;
    tdraw(&plain, &t, false);
    tdraw(&colour, &t, true);
    assert_null(strchr(plain.text, '\033'));
    /* Red (31) around the high cell, green (32) on a low one. */
    assert_non_null(strstr(colour.lines[3], "\033[31m   2 H \033[0m"));
    assert_non_null(strstr(colour.lines[7], "\033[32m   . L \033[0m"));
    assert_non_null(strstr(colour.lines[5], "\033[33m   . M \033[0m"));
    free(plain.text);
    free(colour.text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zones_follow_the_exposure_bands),
        cmocka_unit_test(test_counts_sit_in_their_squares),
        cmocka_unit_test(test_rows_axis_and_legend),
        cmocka_unit_test(test_axis_digits_line_up_with_cells),
        cmocka_unit_test(test_cells_add_up_and_strays_are_left_out),
        cmocka_unit_test(test_huge_counts_are_capped),
        cmocka_unit_test(test_colour_only_when_asked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
