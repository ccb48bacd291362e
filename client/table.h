/*
 * client/table.h - aligned text tables for people, shared by pmo and
 * pmo-admin.
 *
 * Cells are copied when added, with control characters shown as '?': names,
 * titles and comments come from other users, and an escape sequence in one
 * must not reach the reader's terminal. Printing sizes each column to its
 * widest cell and, when the rows would not fit the terminal, cuts the
 * widest shrinkable column (with an ellipsis) until they do. The width is
 * the terminal's (TIOCGWINSZ), else $COLUMNS, else 100. Colour is used only
 * when the output is a terminal and $NO_COLOR is unset.
 *
 * Widths count one column per UTF-8 character; East Asian wide characters
 * are not measured as two.
 */
#ifndef PMO_CLIENT_TABLE_H
#define PMO_CLIENT_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define CLI_TABLE_DEFAULT_WIDTH 100

typedef enum cli_color {
    CLI_COLOR_NONE = 0,
    CLI_COLOR_BOLD,
    CLI_COLOR_DIM,
    CLI_COLOR_RED,
    CLI_COLOR_GREEN,
    CLI_COLOR_YELLOW,
    CLI_COLOR_BLUE,
} cli_color;

typedef struct cli_table {
    size_t n_cols;
    size_t n_rows; /* including the heading row, if any */
    size_t cap_rows;
    bool has_heads;
    char **cells;          /* n_rows * n_cols, owned */
    unsigned char *colors; /* a cli_color per cell */
    unsigned char *shrink; /* per column: may be cut to fit */
    bool any_shrink;
} cli_table;

/* heads: n_cols headings, or NULL for a table without a heading row. */
void cli_table_init(cli_table *t, size_t n_cols, const char *const *heads);

/*
 * Marks a column of free text (titles, names) as the one to cut when the
 * table is too wide. With no column marked, any column may be cut.
 */
void cli_table_shrinkable(cli_table *t, size_t col);

/* Adds a row of n_cols cells (NULL reads as ""); returns its index. */
size_t cli_table_add(cli_table *t, const char *const *cells);

/* Colours one cell when colour is on. */
void cli_table_color(cli_table *t, size_t row, size_t col, cli_color color);

/* Prints the rows, fitted to the width of out (cli_term_width); as CSV to
 * the stream cli_table_csv_to named, if it named one. */
void cli_table_print(const cli_table *t, FILE *out);

/*
 * From now on every table is written to out as RFC 4180 CSV (whole cells,
 * no colour, CRLF), whatever stream cli_table_print is given; NULL goes
 * back to text. The --csv of the front ends.
 */
void cli_table_csv_to(FILE *out);

void cli_table_fini(cli_table *t);

/* The columns out has: its terminal's width, $COLUMNS, or 100. */
int cli_term_width(FILE *out);

/* True when out is a terminal and $NO_COLOR is unset. */
bool cli_term_color(FILE *out);

/* True when the locale's characters are UTF-8 (box drawing, ellipsis). */
bool cli_term_utf8(void);

/* The escape sequences of a colour, "" when color is NONE. */
const char *cli_color_start(cli_color color);
const char *cli_color_end(void);

/* A copy of s (malloc'd; NULL reads as "") with control characters '?'. */
char *cli_text_clean(const char *s);

/* Display width of s: its UTF-8 characters. */
size_t cli_text_width(const char *s);

#endif
