/*
 * server/model/work_items.h - work items (the WBS) in PostgreSQL.
 *
 * An item is named by its ref, "KEY-N": the program's key and a number
 * handed out from programs.next_item_number, so refs never change and are
 * never reused, even after a delete. Every function takes a program the
 * caller has already been admitted to (model/access.h) and only touches
 * items of that program.
 *
 * Functions run on the call's connection, inside its transaction when the
 * method writes; on failure they set the call's status and return -1.
 * Every change writes one audit row with the item before and after.
 * Results live in the call's arena.
 */
#ifndef PMO_SERVER_MODEL_WORK_ITEMS_H
#define PMO_SERVER_MODEL_WORK_ITEMS_H

#include "model/access.h"
#include "pmo/v1/work.pb-c.h"
#include "rpc/call.h"

#include <stdbool.h>
#include <stdint.h>

#define WORK_KEY_MAX 24

/*
 * Splits a ref "KEY-N" into the program key and N (1 or more, no leading
 * zeros). False, with nothing written, if ref does not have that form.
 */
bool work_ref_parse(const char *ref, char key[WORK_KEY_MAX], int64_t *number);

/* "KEY-N" in the call's arena. */
char *work_ref_make(rpc_call *call, const char *key, int64_t number);

/* The rows a stored item points at; 0 for none. */
typedef struct work_links {
    int64_t project_id;
    int64_t parent_id;
    int64_t assignee_id;
} work_links;

/* A stored item, with what a change to it must know. */
typedef struct work_stored {
    Pmo__V1__WorkItem *item;
    int64_t number;
    work_links links;
    bool on_team;     /* the caller is on the team owning its project */
    int64_t children; /* items whose parent it is */
} work_stored;

/* The names an item gives for its project, parent and assignee. */
typedef struct work_names {
    const char *project;  /* project key; "" to skip */
    int64_t parent;       /* parent's number; 0 to skip */
    const char *assignee; /* username; "" to skip */
    int64_t self_id;      /* the item being changed; 0 on create */
} work_names;

/* What those names refer to: 0 where there is no such row. */
typedef struct work_resolved {
    int64_t project_id;
    bool on_team; /* the caller is on the team owning that project */
    int64_t parent_id;
    int parent_kind;
    bool parent_on_team; /* the caller is on the team owning its project */
    int64_t assignee_id;
    bool assignee_sees; /* the assignee may see the program (access.h) */
    /*
     * When self_id is set: the numbers of the parent and its ancestors,
     * from the parent up, stopping at the item itself if it is among
     * them (so an item cannot be moved under its own descendant).
     */
    int64_t *chain;
    size_t n_chain;
} work_resolved;

/* Resolves the names in one query. */
int work_names_resolve(rpc_call *call, const program_access *prog,
                       const work_names *names, work_resolved *out);

/*
 * Inserts a validated item (defaults applied) pointing at links, with the
 * next number of the program. *out is the stored item.
 */
int work_items_create(rpc_call *call, const program_access *prog,
                      const Pmo__V1__WorkItem *item, const work_links *links,
                      Pmo__V1__WorkItem **out);

/* The item numbered number; NOT_FOUND naming its ref if there is none. */
int work_items_get(rpc_call *call, const program_access *prog, int64_t number,
                   work_stored *out);

typedef struct work_filter {
    const char *project;  /* "" for any */
    const char *assignee; /* "" for any */
    int state;            /* 0 for any */
    const char *tag;      /* "" for any */
    int64_t parent;       /* parent's number; 0 for any */
} work_filter;

/* Items by number after `after`, at most limit + 1, in one query. */
int work_items_list(rpc_call *call, const program_access *prog,
                    const work_filter *f, int64_t after, unsigned limit,
                    Pmo__V1__WorkItem ***out, size_t *n);

/*
 * The items assigned to f->assignee (required) in every program the
 * caller holds a role in (every program for admins), by id after
 * `after`, at most limit + 1, filtered by f->state and f->tag; f's
 * project and parent are not used (they name rows of one program).
 */
int work_items_list_across(rpc_call *call, const work_filter *f, int64_t after,
                           unsigned limit, Pmo__V1__WorkItem ***out, size_t *n);

/*
 * Writes every field of item (validated, merged with the stored row) and
 * links to the item with id, if it is still at expected_version; ABORTED
 * naming the current version if not.
 */
int work_items_update(rpc_call *call, const program_access *prog, int64_t id,
                      const char *ref, int64_t expected_version,
                      const Pmo__V1__WorkItem *item, const work_links *links,
                      Pmo__V1__WorkItem **out);

/*
 * Deletes the item numbered number at expected_version. Refused with
 * FAILED_PRECONDITION while it has children or dependencies.
 */
int work_items_delete(rpc_call *call, const program_access *prog,
                      int64_t number, int64_t expected_version);

#endif
