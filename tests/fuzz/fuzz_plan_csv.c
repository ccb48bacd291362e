/*
 * tests/fuzz/fuzz_plan_csv.c - `pmo import csv` on any file: the reader
 * and every check of a plan's rows (keys, parents, dates, estimates,
 * dependencies and their lags, cycles of parents). It must end with
 * either problems that name a line, or rows ready to send, whose
 * dependencies point at rows of the plan.
 */
#include "plan_csv.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    arena mem;
    arena_init(&mem);
    plan p = {.file = "fuzz.csv", .program = "FUZZ", .mem = &mem};
    plan_csv_read(&p, (const char *)data, len);
    if (p.n_errors == 0) {
        if (p.n_rows == 0)
            abort();
        for (size_t i = 0; i < p.n_deps; i++)
            if (p.deps[i]->predecessor == NULL || p.deps[i]->successor == NULL)
                abort();
    } else if (p.problems == NULL || p.problems[0].line == 0) {
        abort();
    }
    plan_fini(&p);
    arena_fini(&mem);
    return 0;
}
