/*
 * server/model/issues.h - a program's issues: what has gone wrong, who
 * handles it, how far it is escalated, and the work items, risks and
 * decisions linked to it.
 *
 * Conventions as in model/raid.h. The caller has checked access to the
 * program, the shapes of the fields, and their references (raid_refs).
 */
#ifndef PMO_SERVER_MODEL_ISSUES_H
#define PMO_SERVER_MODEL_ISSUES_H

#include "model/access.h"
#include "pmo/v1/risk.pb-c.h"
#include "rpc/call.h"

#include <stddef.h>
#include <stdint.h>

/* What ListIssues keeps; zero values keep everything. */
typedef struct issues_filter {
    int status;
    int severity;
    const char *owner; /* username, "" for anyone */
} issues_filter;

/*
 * Inserts is (id, version and overdue ignored; enums already defaulted)
 * into prog. An owner that names no user is reported as a violation of
 * owner_field, found by the insert itself: the call fails after writing
 * and the dispatcher's rollback undoes it.
 */
int issues_create(rpc_call *call, const program_access *prog,
                  const Pmo__V1__Issue *is, const char *owner_field,
                  Pmo__V1__Issue **out);

/*
 * Reads issue id and the id of its program; NOT_FOUND ("no issue ID")
 * when there is none. The caller must check access to *program_id before
 * answering with *out.
 */
int issues_find(rpc_call *call, int64_t id, int64_t *program_id,
                Pmo__V1__Issue **out);

/* Only the program an issue belongs to, for checking access first. */
int issues_program_of(rpc_call *call, int64_t id, int64_t *program_id);

/* A page of prog's issues passing f, in id order after id `after`. */
int issues_list(rpc_call *call, const program_access *prog,
                const issues_filter *f, int64_t after, unsigned limit,
                Pmo__V1__Issue ***out, size_t *n);

/*
 * Changes the fields of issue id named in mask ("items", "risks" and
 * "decisions" replace their lists) if it is still at version expected:
 * ABORTED if it moved on, NOT_FOUND if it is gone.
 */
int issues_update(rpc_call *call, const program_access *prog, int64_t id,
                  int64_t expected, char *const *mask, size_t n_mask,
                  const Pmo__V1__Issue *is, Pmo__V1__Issue **out);

/*
 * Deletes issue id if still at version expected; a risk that became it
 * keeps its history but no longer names it.
 */
int issues_delete(rpc_call *call, int64_t id, int64_t expected);

#endif
