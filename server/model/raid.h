/*
 * server/model/raid.h - what the model files of a program's RAID log
 * share (risks.c, assumptions.c, issues.c, decisions.c, actions.c,
 * meetings.c): list parameters, SQL fragments, and one query that checks
 * every reference a write makes (users, work items, risks, issues,
 * decisions, meetings) before the write.
 *
 * Conventions as in model/stakeholders.h: functions run on the call's
 * connection, set the call's status and return -1 on failure, and leave
 * results in the call's arena.
 *
 * Lists travel as one text parameter each and are split in SQL with
 * string_to_array: texts on the unit separator (validated input holds no
 * control characters), numbers on commas. No array literal is built from
 * user text, so nothing needs quoting.
 */
#ifndef PMO_SERVER_MODEL_RAID_H
#define PMO_SERVER_MODEL_RAID_H

#include "model/access.h"
#include "rpc/call.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RAID_SEP "\x1f"

/* clang-format off */
#define RAID_SEP_SQL      "E'\\x1f'"
#define RAID_TEXTS(p)     "string_to_array(" p ", " RAID_SEP_SQL ")"
#define RAID_NUMS(p)      "string_to_array(" p ", ',')::bigint[]"
/* True when the comma-joined update mask in parameter m names field f. */
#define RAID_MASKED(m, f) "('" f "' = ANY(string_to_array(" m ", ',')))"
#define RAID_USER_ID(p)   "(SELECT u.id FROM users u WHERE u.username = " p ")"
#define RAID_USERNAME(c)                                                       \
    "coalesce((SELECT u.username FROM users u WHERE u.id = " c "), '')"
#define RAID_DATE(c)      "coalesce(to_char(" c ", 'YYYY-MM-DD'), '')"
#define RAID_DATE_OF(p)   "nullif(" p ", '')::date"
#define RAID_MS(c)        "(extract(epoch FROM " c ") * 1000)::bigint"
/* A text array as one text, joined by RAID_SEP, in array order. */
#define RAID_JOINED(c)    "array_to_string(" c ", " RAID_SEP_SQL ")"
/*
 * The numbers of the linked work items of the row at alias a that still
 * exist, in number order, joined by commas.
 */
#define RAID_ITEMS(a)                                                          \
    "coalesce((SELECT string_agg(n::text, ',' ORDER BY n)"                     \
    " FROM unnest(" a ".item_numbers) n WHERE EXISTS (SELECT 1"                \
    " FROM work_items w WHERE w.program_id = " a ".program_id"                 \
    " AND w.number = n)), '')"
/* clang-format on */

/* Decimal text of v, in the call's arena. */
char *raid_int(rpc_call *call, int64_t v);

/* The update mask joined by commas ("" for none). */
char *raid_mask(rpc_call *call, char *const *mask, size_t n);

/* Texts joined by RAID_SEP. */
char *raid_texts(rpc_call *call, char *const *list, size_t n);

/* Numbers joined by commas. */
char *raid_ids(rpc_call *call, const int64_t *ids, size_t n);

/*
 * The number of work item ref "KEY-42" of the program keyed key, or 0
 * when ref is not one (a leading zero would name the item twice).
 */
int64_t raid_ref_number(const char *key, const char *ref);

/* The numbers of refs (each a ref of prog, already checked), by commas. */
char *raid_ref_numbers(rpc_call *call, const program_access *prog,
                       char *const *refs, size_t n);

/* Splits RAID_SEP-joined text ("" for none) into arena strings. */
void raid_split_texts(arena *a, const char *text, char ***out, size_t *n);

/* Splits comma-joined numbers ("" for none). */
void raid_split_ids(arena *a, const char *text, int64_t **out, size_t *n);

/* Comma-joined item numbers as refs "KEY-N" of the program keyed key. */
void raid_split_refs(arena *a, const char *key, const char *numbers,
                     char ***out, size_t *n);

/* ------------------------------------------------------------ references */

typedef enum raid_ref_kind {
    RAID_REF_USER,
    RAID_REF_ITEM,
    RAID_REF_RISK,
    RAID_REF_ISSUE,
    RAID_REF_DECISION,
    RAID_REF_MEETING,
    RAID_REF_MEMBER, /* a user who must also be able to see the program */
    RAID_REF_VENDOR, /* a vendor: the organisation's, of no program */
    RAID_REF_KINDS,
} raid_ref_kind;

typedef struct raid_ref {
    raid_ref_kind kind;
    const char *field; /* for the violation */
    const char *text;  /* username, ref, or the id as text */
    int64_t number;    /* item number or entity id; 0 for users */
} raid_ref;

/*
 * The references one write makes, gathered field by field and checked
 * together by one query. The caller has checked access to prog. field
 * and text must outlive the check (arena or request strings).
 */
typedef struct raid_refs {
    rpc_call *call;
    const program_access *prog;
    raid_ref *list;
    size_t n, cap;
    bool bad; /* a ref that is not even written as one of prog's */
} raid_refs;

void raid_refs_init(raid_refs *r, rpc_call *call, const program_access *prog);

/* A username that must name a user; "" is no reference. */
void raid_refs_user(raid_refs *r, const char *field, const char *username);

/*
 * A username that must name a user who may see the program (an owner:
 * ACCESS_SEES_PROGRAM in model/access.h); "" is no reference.
 */
void raid_refs_member(raid_refs *r, const char *field, const char *username);

/*
 * A work item ref that must be an item of the program. One not written
 * KEY-N with the program's key is reported at once.
 */
void raid_refs_item(raid_refs *r, const char *field, const char *ref);

/* An id of a risk, issue, decision or meeting of the program, or of a
 * vendor; 0 is none. */
void raid_refs_id(raid_refs *r, raid_ref_kind kind, const char *field,
                  int64_t id);

/*
 * Runs the check: every reference that names nothing in the program (or
 * no user, or a member who holds no role) becomes a violation of its
 * field. Returns 0, or -1 with the
 * call failed.
 */
int raid_refs_check(raid_refs *r);

/* ------------------------------------------------------------ versioning */

/*
 * After a versioned write of entity id matched no row: NOT_FOUND ("no
 * WHAT ID") if it is gone, else ABORTED naming its current version.
 * version_of is a statement "SELECT version FROM table WHERE id = $1".
 */
void raid_missed(rpc_call *call, db_stmt *version_of, const char *what,
                 int64_t id, int64_t expected);

/*
 * Reads the program id of entity id with stmt ("SELECT program_id FROM
 * table WHERE id = $1"); NOT_FOUND ("no WHAT ID") when there is none.
 */
int raid_program_of(rpc_call *call, db_stmt *stmt, const char *what, int64_t id,
                    int64_t *program_id);

#endif
