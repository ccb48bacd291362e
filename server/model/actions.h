/*
 * server/model/actions.h - action items: who is to do what by when, and
 * where it came from (a meeting, a retrospective, a risk response, an
 * issue). Listed within one program or across every program the caller
 * can see (pmo actions --mine --overdue), each carrying its program key.
 *
 * Conventions as in model/raid.h. The caller has checked access to the
 * program, the shapes of the fields, and their references (raid_refs).
 */
#ifndef PMO_SERVER_MODEL_ACTIONS_H
#define PMO_SERVER_MODEL_ACTIONS_H

#include "model/access.h"
#include "pmo/v1/risk.pb-c.h"
#include "rpc/call.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What ListActions keeps; zero values keep everything. */
typedef struct actions_filter {
    /* 0: every program the caller has a role in (admins: all). */
    int64_t program_id;
    int status;
    bool overdue;      /* open past the due date */
    int64_t owner_id;  /* the caller's id for "mine"; 0 for anyone */
    const char *owner; /* username, "" for anyone */
} actions_filter;

/*
 * Inserts a (id, version and overdue ignored; enums already defaulted)
 * into prog.
 */
int actions_create(rpc_call *call, const program_access *prog,
                   const Pmo__V1__Action *a, Pmo__V1__Action **out);

/*
 * Reads action item id and the id of its program; NOT_FOUND ("no action
 * item ID") when there is none. The caller must check access to
 * *program_id before answering with *out.
 */
int actions_find(rpc_call *call, int64_t id, int64_t *program_id,
                 Pmo__V1__Action **out);

/*
 * A page of the action items passing f, in id order after id `after`, at
 * most limit + 1. With no program in f, only programs the caller has a
 * role in are searched (every one for an admin).
 */
int actions_list(rpc_call *call, const actions_filter *f, int64_t after,
                 unsigned limit, Pmo__V1__Action ***out, size_t *n);

/*
 * The action items of program_id that came from source (an ActionSource
 * value) with source_id one of ids, by source_id and then id (the order
 * they were handed out in).
 */
int actions_of_sources(rpc_call *call, int64_t program_id, int source,
                       const int64_t *ids, size_t n_ids, Pmo__V1__Action ***out,
                       size_t *n);

/*
 * Changes the fields of action item id named in mask if it is still at
 * version expected: ABORTED if it moved on, NOT_FOUND if it is gone.
 */
int actions_update(rpc_call *call, const program_access *prog, int64_t id,
                   int64_t expected, char *const *mask, size_t n_mask,
                   const Pmo__V1__Action *a, Pmo__V1__Action **out);

/* Deletes action item id if still at version expected. */
int actions_delete(rpc_call *call, int64_t id, int64_t expected);

#endif
