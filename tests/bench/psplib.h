/*
 * tests/bench/psplib.h - PSPLIB single-mode instance files (.sm) read
 * into rcpsp problems.
 *
 * Kept outside server/sched on purpose: the engine does no I/O and knows
 * no file format; the benchmark and any test that wants a published
 * instance parse it here. Only the single-mode, renewable-only form that
 * the j30 and j120 sets use is accepted; anything else is refused with a
 * message naming the line.
 */
#ifndef PMO_TESTS_BENCH_PSPLIB_H
#define PMO_TESTS_BENCH_PSPLIB_H

#include "sched/rcpsp.h"

#include <stddef.h>

typedef struct psplib_instance {
    char name[64]; /* file name without its directory, or "" */
    int mpm_time;  /* the critical-path length the file states */
    int *duration, *capacity, *demand, *succ_start, *succ;
    rcpsp problem; /* views the arrays above; jobs numbered from 0 */
} psplib_instance;

/*
 * Parses the text of one .sm file into inst (the file's job j becomes
 * activity j - 1). Returns 0, or -1 with a message in err (errlen bytes)
 * and inst untouched. On success inst owns heap arrays: psplib_fini.
 */
int psplib_parse(const char *text, psplib_instance *inst, char *err,
                 size_t errlen);

/* Reads and parses the file at path; name becomes its base name. */
int psplib_load(const char *path, psplib_instance *inst, char *err,
                size_t errlen);

/* Frees what psplib_parse allocated; inst may then be parsed into again. */
void psplib_fini(psplib_instance *inst);

#endif
