/*
 * server/model/risks.h - a program's risks, the history of their scores,
 * the probability x impact matrix, and a risk becoming an issue.
 *
 * Conventions as in model/raid.h. The caller has checked access to the
 * program, the shapes of the fields, and their references (raid_refs).
 * Every change of a risk's probability or impact adds a row to its score
 * history in the statement that makes it, so the two cannot disagree.
 */
#ifndef PMO_SERVER_MODEL_RISKS_H
#define PMO_SERVER_MODEL_RISKS_H

#include "model/access.h"
#include "pmo/v1/risk.pb-c.h"
#include "rpc/call.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What ListRisks keeps; zero values keep everything. */
typedef struct risks_filter {
    int status;
    int category;
    const char *owner; /* username, "" for anyone */
    bool overdue_review;
} risks_filter;

/*
 * Inserts r (id, exposure, version and the read-only flags ignored; enums
 * already defaulted) into prog with its first score, noted note.
 */
int risks_create(rpc_call *call, const program_access *prog,
                 const Pmo__V1__Risk *r, const char *note, Pmo__V1__Risk **out);

/*
 * Reads risk id and the id of its program; NOT_FOUND ("no risk ID") when
 * there is none. The caller must check access to *program_id before
 * answering with *out.
 */
int risks_find(rpc_call *call, int64_t id, int64_t *program_id,
               Pmo__V1__Risk **out);

/* Only the program a risk belongs to, for checking access first. */
int risks_program_of(rpc_call *call, int64_t id, int64_t *program_id);

/*
 * The sort key of a risk in listings: highest exposure first, then by id.
 * Page tokens carry it.
 */
int64_t risks_sort_key(const Pmo__V1__Risk *r);

/*
 * A page of prog's risks that pass f, in sort key order after `after`
 * (0: from the start), at most limit + 1 so the caller sees whether more
 * follow.
 */
int risks_list(rpc_call *call, const program_access *prog,
               const risks_filter *f, int64_t after, unsigned limit,
               Pmo__V1__Risk ***out, size_t *n);

/*
 * Changes the fields of risk id named in mask to their values in r, if it
 * is still at version expected: ABORTED if it moved on, NOT_FOUND if it
 * is gone. A changed score is added to the history with note. *occurred
 * says the change moved the risk into RISK_OCCURRED from another status
 * while it had no issue yet (the caller then opens one: risks_to_issue).
 */
int risks_update(rpc_call *call, const program_access *prog, int64_t id,
                 int64_t expected, char *const *mask, size_t n_mask,
                 const Pmo__V1__Risk *r, const char *note, Pmo__V1__Risk **out,
                 bool *occurred);

/*
 * Opens the issue risk r has become and links the two both ways: the
 * issue lists the risk, the risk names the issue (r->issue_id is set).
 * severity 0 follows the impact; owner "" is the risk's owner; due may be
 * "". An owner that names no user is a violation of "owner", found by the
 * insert: the caller's transaction must then be rolled back.
 */
int risks_to_issue(rpc_call *call, const program_access *prog, Pmo__V1__Risk *r,
                   int severity, const char *owner, const char *due,
                   Pmo__V1__Issue **issue);

/* Deletes risk id with its score history if still at version expected. */
int risks_delete(rpc_call *call, int64_t id, int64_t expected);

/* A page of risk id's scores, oldest first, after score id `after`. */
int risks_scores(rpc_call *call, int64_t id, int64_t after, unsigned limit,
                 Pmo__V1__RiskScore ***out, size_t *n);

/*
 * The 5 x 5 counts of prog's open risks (open or mitigating), the number
 * of them, and the top of them by exposure.
 */
int risks_matrix(rpc_call *call, const program_access *prog, unsigned top,
                 Pmo__V1__RiskMatrixResponse *out);

#endif
