/*
 * server/model/record.h - the record core: entities that are "a row with
 * fields, a version and an audit trail", each one descriptor.
 *
 * A record_kind names its table, its protobuf message and its columns
 * (record_column: the message field, the table column, a type and its
 * limits). record_kind_prepare turns the descriptor into the kind's
 * statements once, at start: insert, get, page, change, remove, the
 * version probe, the reference check and the history page. Their text is
 * built only from the descriptor's constant names, never from a request,
 * and every value travels as a parameter. Rows map to messages and
 * messages to parameters through protobuf-c's field descriptors, so a new
 * field is a column row, not code. This is the shape of PostgreSQL's
 * ObjectProperty[] (one table row per object class, generic code over it).
 *
 * Writes: each create, change and removal is one statement that also
 * appends the audit row and, for kinds that keep one, the history row
 * (data-modifying CTEs), so a write costs its reference check and one
 * round trip. A change names the version read and the fields to change;
 * a stale version gets ABORTED with the current one.
 *
 * Scope: a program-scoped kind's rows belong to a program (column
 * program_id, message field "program" holding its key). An
 * organisation-wide kind's rows belong to no program; what they link to
 * (programs, rows of program-scoped tables) is shown to a reader only
 * where the reader holds a role, so links reveal nothing.
 *
 * Conventions as in model/raid.h: functions run on the call's
 * connection, leave results in the call's arena, and on failure set the
 * call's status and return -1. Lists travel as one text parameter, texts
 * joined by the unit separator (validation keeps control characters out),
 * ids by commas.
 */
#ifndef PMO_SERVER_MODEL_RECORD_H
#define PMO_SERVER_MODEL_RECORD_H

#include "db/conn.h"
#include "model/access.h"
#include "rpc/call.h"

#include <protobuf-c/protobuf-c.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum record_type {
    RECORD_LINE,     /* one line of text, min..max characters */
    RECORD_TEXT,     /* free text, newlines allowed, at most max */
    RECORD_ENUM,     /* a value of the field's enum; 0 stores def */
    RECORD_DATE,     /* "" or YYYY-MM-DD */
    RECORD_USER,     /* "" or the username of a user */
    RECORD_TEXTS,    /* repeated string, each 1..500, at most max */
    RECORD_PROGRAMS, /* repeated program keys, at most max */
    RECORD_IDS,      /* repeated ids of ref_table rows, at most max */
    RECORD_REFS,     /* repeated work item refs "KEY-N" of the row's program,
                      * stored as item numbers; program-scoped kinds only */
    RECORD_ID,       /* the id of a ref_table row, 0 for none (stored NULL) */
    RECORD_FLAG,     /* read only: a bool computed by expr, never stored */
    RECORD_MONEY,    /* an amount of the row's program's currency, stored as
                      * bigint minor units, 0..MONEY_MAX; the field is
                      * decimal text in requests ("1,234.50", "USD 1234.50")
                      * and formatted in replies; program-scoped kinds only.
                      * A field <field>_minor (int64) and a field currency
                      * (string), where the message has them, are filled on
                      * read. */
} record_type;

enum record_column_flags {
    /* Must be given on create (not empty, not 0). */
    RECORD_REQUIRED = 1u << 0,
    /* USER: the row's owner, who may change it; the creator when empty. */
    RECORD_OWNER = 1u << 1,
    /* ENUM: List takes a request field of the same name; 0 keeps all. */
    RECORD_FILTER = 1u << 2,
    /* DATE: today when not given on create. */
    RECORD_TODAY = 1u << 3,
    /* LINE: unique across the table (a unique index holds it); a twin is
     * ALREADY_EXISTS naming the value. */
    RECORD_UNIQUE = 1u << 4,
    /* Set on create only: not in the update mask. */
    RECORD_CREATE_ONLY = 1u << 5,
    /* USER of a program-scoped kind: must hold a role in the program. */
    RECORD_MEMBER = 1u << 6,
};

typedef struct record_column {
    const char *field;  /* message field and update-mask name */
    const char *column; /* table column */
    record_type type;
    unsigned flags;
    unsigned min, max; /* LINE: characters; TEXT: max; lists: max entries */
    int def;           /* ENUM: stored for 0 */
    /* IDS and ID: the table they point into, and what one is called in
     * messages ("risk"); for a program-scoped kind the rows are checked
     * as ref_kind of raid_refs: of the same program, or (RAID_REF_VENDOR)
     * of an organisation-wide table. */
    const char *ref_table;
    const char *ref_what;
    int ref_kind; /* a raid_ref_kind */
    /* FLAG: an SQL expression over the row, "@" standing for its alias
     * ("(@.status = 1 AND @.validate_by < current_date)"). With
     * RECORD_FILTER, List takes a bool field of the same name that keeps
     * only the rows where it holds. */
    const char *expr;
} record_column;

/*
 * A kind whose rows keep a history of some columns: every create, and
 * every change that alters one of them, appends a row (key = the record's
 * id, changed_by, changed_at, old_X and new_X for each tracked X, and the
 * carried columns as they stand after the change).
 */
typedef struct record_history {
    const char *table;
    const char *key;
    const char *const *tracked; /* NULL-terminated */
    const char *const *carried; /* NULL-terminated, may be empty */
    /* Its message: fields id, changed_by, changed_at, old_X, new_X and
     * the carried ones, by those names. */
    const ProtobufCMessageDescriptor *desc;
} record_history;

typedef struct record_compiled record_compiled;

typedef struct record_kind {
    const char *name;   /* in messages: "radar entry" */
    const char *entity; /* audit_log.entity: "radar_entry" */
    const char *table;
    const ProtobufCMessageDescriptor *desc; /* fields id, version, columns */
    const record_column *columns;
    size_t n_columns;
    /* Rows belong to a program (column program_id; field "program"). */
    bool program_scoped;
    /* Program-scoped kinds: the role to read and to write. */
    access_role read_role, write_role;
    /* NULL when the kind keeps none. */
    const record_history *history;
    /* Made by record_kind_prepare. */
    record_compiled *compiled;
} record_kind;

/*
 * Builds k's statements and finds its fields. Returns 0, or -1 with a
 * reason in err (a column naming no field of the message, a field of the
 * wrong type): a kind that does not match its message stops the server
 * from starting, as a method without a policy does. Not thread-safe: call
 * at start-up, before any worker runs.
 */
int record_kind_prepare(record_kind *k, char *err, size_t errlen);
void record_kind_release(record_kind *k);

/* The statements' text, for the golden-file test; NULL-terminated. */
const char *const *record_kind_sql(const record_kind *k);

/* The fields an update mask of k may name; NULL-terminated. */
const char *const *record_kind_mask_fields(const record_kind *k);

/* Stored in the table (not a FLAG); changeable by an update as well. */
bool record_column_stored(const record_column *col);
bool record_column_changeable(const record_column *col);

/* The column of k for field, or NULL. */
const record_column *record_column_of(const record_kind *k,
                                      const char *field);

/* The owner column (RECORD_OWNER) of k, or NULL. */
const record_column *record_owner_column(const record_kind *k);

/* A new message of k's type, fields at their defaults, in the arena. */
ProtobufCMessage *record_message_new(rpc_call *call, const record_kind *k);

/* The text of a string field, or "" (unset). */
const char *record_get_string(const ProtobufCMessage *m, const char *field);
void record_set_string(ProtobufCMessage *m, const char *field,
                       const char *value);
/* An int32, int64, uint32 or enum field as int64. */
int64_t record_get_int(const ProtobufCMessage *m, const char *field);
void record_set_int(ProtobufCMessage *m, const char *field, int64_t value);

/*
 * Every reference r makes through the columns named by mask (all when
 * mask is NULL) exists and is visible to the caller: users (for
 * program-scoped kinds, holding a role in prog), programs the caller can
 * see, ids of rows in programs the caller can see. One query; each miss
 * is a violation naming the field under prefix, the request field that
 * holds r ("entry.programs[1]: no program X").
 */
int record_refs_check(rpc_call *call, const record_kind *k,
                      const program_access *prog, const char *prefix,
                      const ProtobufCMessage *r, char *const *mask,
                      size_t n_mask);

/* Inserts r (its id and version ignored) in prog (NULL: org-wide). */
int record_insert(rpc_call *call, const record_kind *k,
                  const program_access *prog, const ProtobufCMessage *r,
                  ProtobufCMessage **out);

/*
 * Reads row id with the id of its program (0 for org-wide kinds).
 * NOT_FOUND when none: the caller checks access to *program_id before
 * answering.
 */
int record_find(rpc_call *call, const record_kind *k, int64_t id,
                int64_t *program_id, ProtobufCMessage **out);

/*
 * A page in id order after id `after`, at most limit + 1 rows, of prog's
 * rows (NULL: org-wide). filters[i] is the value of the i-th
 * RECORD_FILTER column (0 keeps all; for a FLAG, 1 keeps the rows where
 * it holds); link_program, when not 0, keeps
 * the rows whose RECORD_PROGRAMS column holds that program.
 */
int record_page(rpc_call *call, const record_kind *k,
                const program_access *prog, const int64_t *filters,
                int64_t link_program, int64_t after, unsigned limit,
                ProtobufCMessage ***out, size_t *n);

/* Changes the fields named in mask if row id is still at expected. */
int record_change(rpc_call *call, const record_kind *k,
                  const program_access *prog, int64_t id, int64_t expected,
                  char *const *mask, size_t n_mask, const ProtobufCMessage *r,
                  ProtobufCMessage **out);

/* Deletes row id if still at version expected. */
int record_remove(rpc_call *call, const record_kind *k, int64_t id,
                  int64_t expected);

/* A page of row id's history, oldest first, after history id `after`. */
int record_history_page(rpc_call *call, const record_kind *k, int64_t id,
                        int64_t after, unsigned limit, ProtobufCMessage ***out,
                        size_t *n);

#endif
