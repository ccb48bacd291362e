/*
 * server/model/events.h - events: sealed audit rows as pmo.v1.Event.
 *
 * An event is an audit row once the sealer has given it its chain
 * sequence number (seq). Rows are sealed after they commit, in the order
 * the sealer finds them, so a row not yet seen by a reader who has read
 * up to seq N always gets a seq above N: seq is a cursor that misses
 * nothing, whichever server wrote or sealed the row. Rolled-back writes
 * leave no row, so they are never events.
 *
 * Who sees which event is decided in one place for the catch-up query
 * (SQL, below) and for the live push (events_visible, used by the
 * subscription table): the two must agree.
 */
#ifndef PMO_SERVER_MODEL_EVENTS_H
#define PMO_SERVER_MODEL_EVENTS_H

#include "db/conn.h"
#include "pmo/v1/event.pb-c.h"
#include "rpc/call.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EVENTS_PAGE_DEFAULT 100
#define EVENTS_PAGE_MAX     1000
#define EVENTS_KINDS_MAX    32

/* True for an organisation-wide kind that every caller not limited to
 * programs may read (teams, vendors, lessons, templates, the radar). */
bool events_kind_public(const char *kind);

/*
 * Checks in->kinds (each a kind's name: lower case letters and '_') and
 * returns them as a PostgreSQL array literal in the call's arena, or NULL
 * with a violation naming the field (field_prefix is "kinds").
 */
const char *events_kinds_param(rpc_call *call, char *const *kinds,
                               size_t n_kinds, const char *field_prefix);

/*
 * One page of the events the caller may see with seq above after_seq, in
 * seq order: program_id 0 for every program. The events live in the
 * call's arena. Returns 0, or -1 with the call failed.
 */
int events_list(rpc_call *call, int64_t after_seq, int64_t program_id,
                const char *kinds, unsigned limit, Pmo__V1__Event ***out,
                size_t *n);

/* The newest seq of the trail (0 for none) in *out; 0 or -1. */
int events_last_seq(db_conn *db, int64_t *out);

/*
 * Every sealed row with seq above after_seq, at most limit, in seq order,
 * for the publisher; NULL on a database error. Columns as events_from_row
 * reads them, then program_id (EVENTS_COL_PROGRAM_ID).
 */
PGresult *events_read_after(db_conn *db, int64_t after_seq, int limit);
#define EVENTS_COL_PROGRAM_ID 10

/* The event of row (arena a owns it). */
Pmo__V1__Event *events_from_row(arena *a, const PGresult *r, int row);

/*
 * The programs user_id may read (every one for an admin), narrowed to the
 * token's programs when token_programs is not "" (access_token_programs'
 * form): id, key, by key. NULL on a database error.
 */
PGresult *events_user_programs(db_conn *db, int64_t user_id, bool is_admin,
                               const char *token_programs);

#endif
