/*
 * client/pmo/plan_csv.h - a plan read from CSV text: every row checked
 * here, before anything is sent, and each problem kept with its line and
 * column so that all of them print in line order.
 *
 * The columns are documented in docs/CSV_IMPORT.md. Reading does no I/O
 * (the fuzz target feeds it arbitrary bytes); printing the problems goes
 * to stderr.
 */
#ifndef PMO_CLIENT_PMO_PLAN_CSV_H
#define PMO_CLIENT_PMO_PLAN_CSV_H

#include "common/arena.h"
#include "parse.h"
#include "pmo/v1/work.pb-c.h"
#include "strindex.h"

#include <stdbool.h>
#include <stddef.h>

#define PLAN_ERRORS_MAX 50
#define PLAN_KEY_MAX    64
#define PLAN_NONE       CLI_STRINDEX_NONE

typedef enum plan_col {
    PLAN_KEY,
    PLAN_PROJECT,
    PLAN_PARENT,
    PLAN_KIND,
    PLAN_TITLE,
    PLAN_DESCRIPTION,
    PLAN_ASSIGNEE,
    PLAN_OPTIMISTIC,
    PLAN_LIKELY,
    PLAN_PESSIMISTIC,
    PLAN_START,
    PLAN_FINISH,
    PLAN_DEPENDS_ON,
    PLAN_TAGS,
    PLAN_COST,
    PLAN_N_COLS,
} plan_col;

typedef struct plan_row {
    unsigned line;
    const char *cells[PLAN_N_COLS]; /* trimmed; "" for absent columns */
    Pmo__V1__PlanItem item;
    Pmo__V1__WorkItem w;
    char start[CLI_DATE_LEN];
    char finish[CLI_DATE_LEN];
    size_t parent; /* row index, or PLAN_NONE */
} plan_row;

/* One thing wrong, kept so that all of them print in line order. */
typedef struct plan_problem {
    unsigned line;
    unsigned seq; /* order found, within a line */
    char *text;   /* "column likely: not a number: 'x'" */
} plan_problem;

typedef struct plan {
    const char *file;
    char *program;
    arena *mem;
    int col_at[PLAN_N_COLS]; /* the CSV field of each column, or -1 */
    size_t n_header;
    plan_row *rows; /* malloc'd */
    size_t n_rows;
    size_t cap_rows;
    Pmo__V1__PlanDependency **deps;
    size_t *dep_row; /* the row whose depends_on each came from */
    size_t n_deps;
    cli_strindex keys;      /* key -> row */
    cli_strindex pairs;     /* "pred\x1fsucc" -> dependency */
    plan_problem *problems; /* printed in line order at the end */
    unsigned n_errors;
} plan;

/*
 * Reads and checks len bytes of CSV text into p, whose file (for
 * messages), program and mem are set. Afterwards p->n_errors says whether
 * the plan can be sent; p->rows[i].item are the LoadPlan items and
 * p->deps its dependencies.
 */
void plan_csv_read(plan *p, const char *data, size_t len);

/* The header name of the column whose WorkItem field path starts with
 * field ("likely_days", "title"), or NULL. */
const char *plan_csv_column_of(const char *field);

/* Prints the problems plan_csv_read kept, by line, and frees them. */
void plan_problems_print(plan *p);

/* Frees what p holds (not p->mem's allocations). */
void plan_fini(plan *p);

#endif
