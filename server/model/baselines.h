/*
 * server/model/baselines.h - named snapshots of a program's schedule
 * (tables baselines and baseline_items): saved, listed, read back.
 *
 * Conventions as in programs.h: 0 or -1 with the call failed.
 */
#ifndef PMO_SERVER_MODEL_BASELINES_H
#define PMO_SERVER_MODEL_BASELINES_H

#include "model/access.h"
#include "pmo/v1/schedule.pb-c.h"
#include "rpc/call.h"

#include <stdint.h>

/* One frozen item; dates are day numbers. */
typedef struct baseline_row {
    int64_t number;
    int kind;
    const char *title;
    int start_day, finish_day;
} baseline_row;

/*
 * Saves rows under name (ALREADY_EXISTS naming it when taken) with one
 * audit row, and fills *out.
 */
int baselines_create(rpc_call *call, const program_access *pa,
                     const char *name, int status_day, int finish_day,
                     const baseline_row *rows, int n_rows,
                     Pmo__V1__Baseline **out);

/* The program's baselines, newest first. */
int baselines_list(rpc_call *call, const program_access *pa,
                   Pmo__V1__Baseline ***out, size_t *n_out);

/*
 * The baseline called name ("" for the newest) and its rows by number.
 * NOT_FOUND naming it (or saying there is none) when missing.
 */
int baselines_read(rpc_call *call, const program_access *pa, const char *name,
                   Pmo__V1__Baseline **out, baseline_row **rows, int *n_rows);

#endif
