/* client/admin/table.c - aligned text tables for people. */
#include "admin.h"
#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>

/*
 * Names, client names and audit text come from other users: control
 * characters in them must not reach the admin's terminal as escapes.
 */
static char *admin_cell_copy(const char *s)
{
    char *out = xstrdup(s ? s : "");
    for (unsigned char *p = (unsigned char *)out; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            *p = '?';
    return out;
}

/* Display width: one column per UTF-8 character. */
static size_t admin_cell_measure(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

static void admin_table_grow(admin_table *t)
{
    if (t->n_rows < t->cap_rows)
        return;
    t->cap_rows = t->cap_rows ? t->cap_rows * 2 : 16;
    t->cells = xrealloc(t->cells, t->cap_rows * t->n_cols * sizeof(char *));
}

static void admin_table_row_print(const admin_table *t, const size_t *widths,
                                  size_t r, FILE *out)
{
    char **row = t->cells + r * t->n_cols;
    /* Padding stops at the last non-empty cell: no trailing blanks. */
    size_t last = t->n_cols - 1;
    while (last > 0 && row[last][0] == '\0')
        last--;
    for (size_t c = 0; c < last; c++) {
        fputs(row[c], out);
        for (size_t w = admin_cell_measure(row[c]); w < widths[c] + 2; w++)
            fputc(' ', out);
    }
    fputs(row[last], out);
    fputc('\n', out);
}

void admin_table_init(admin_table *t, size_t n_cols, const char *const *heads)
{
    memset(t, 0, sizeof(*t));
    t->n_cols = n_cols;
    if (heads)
        admin_table_add(t, heads);
}

void admin_table_add(admin_table *t, const char *const *cells)
{
    admin_table_grow(t);
    char **row = t->cells + t->n_rows * t->n_cols;
    for (size_t c = 0; c < t->n_cols; c++)
        row[c] = admin_cell_copy(cells[c]);
    t->n_rows++;
}

void admin_table_print(const admin_table *t, FILE *out)
{
    size_t *widths = xcalloc(t->n_cols, sizeof(size_t));
    for (size_t r = 0; r < t->n_rows; r++)
        for (size_t c = 0; c < t->n_cols; c++) {
            size_t w = admin_cell_measure(t->cells[r * t->n_cols + c]);
            if (w > widths[c])
                widths[c] = w;
        }
    for (size_t r = 0; r < t->n_rows; r++)
        admin_table_row_print(t, widths, r, out);
    free(widths);
}

void admin_table_fini(admin_table *t)
{
    for (size_t i = 0; i < t->n_rows * t->n_cols; i++)
        free(t->cells[i]);
    free(t->cells);
    memset(t, 0, sizeof(*t));
}
