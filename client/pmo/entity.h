/*
 * client/pmo/entity.h - what the governance commands (risk, issue,
 * assumption, decision, action, meeting, gate, retro, lessons) share: one
 * record of a program's log read, shown, changed, listed or deleted the
 * same way whatever its kind.
 *
 * The RPCs of these services follow one pattern: GetX{id}, UpdateX{id, x,
 * update_mask, expected_version}, CreateX{x, ...}, DeleteX{id,
 * expected_version}, and every X has an int64 id and version. So the
 * steps are written once, on the messages' descriptors, and a kind is a
 * cli_entity row: its name, its service, what may be set, how it prints.
 *
 * Commands whose whole work is one of these steps put the generic
 * cli_entity_show / cli_entity_update in their table directly; the kind
 * is found from the command's first word ("issue show" -> "issue").
 */
#ifndef PMO_CLIENT_PMO_ENTITY_H
#define PMO_CLIENT_PMO_ENTITY_H

#include "assign.h"
#include "cli.h"
#include "rpc.h"

#include <protobuf-c/protobuf-c.h>
#include <stddef.h>
#include <stdint.h>

typedef struct cli_entity cli_entity;

/* Prints one record for people (the arena is the command's). */
typedef void cli_entity_print_fn(cli_rpc *r, const ProtobufCMessage *m);

struct cli_entity {
    const char *group; /* the commands' first word: "risk", "lessons" */
    const char *name;  /* the request field and what messages say: "risk" */
    const char *type;  /* of the method names: "Risk" (GetRisk...) */
    const char *label; /* the field that names a record: "title" */
    const ProtobufCServiceDescriptor *svc;
    const cli_assign_spec *spec; /* what update may set */
    cli_entity_print_fn *print;
    /* A note the update request carries ("score_note"), taken from
     * --note; NULL for none. */
    const char *note_field;
    /* Options update takes besides field=value words ("--risk ID"); the
     * count is 0 for none. */
    const struct cli_entity_option *update_options;
    size_t n_update_options;
};

/* An option of add (or update) and the field it sets, as field=value
 * would. */
typedef struct cli_entity_option {
    const char *option; /* "--owner" */
    const char *field;  /* "owner", or an alias of the spec */
} cli_entity_option;

/* The kinds, each defined by the file of its commands. */
extern const cli_entity cli_risk_entity;
extern const cli_entity cli_issue_entity;
extern const cli_entity cli_assumption_entity;
extern const cli_entity cli_decision_entity;
extern const cli_entity cli_action_entity;
extern const cli_entity cli_meeting_entity;
extern const cli_entity cli_retro_entity;
extern const cli_entity cli_lesson_entity;
extern const cli_entity cli_radar_entity;
extern const cli_entity cli_vendor_entity;
extern const cli_entity cli_contract_entity;

/*
 * An id argument (1 or more). Returns 0 with *id set, or reports "WHAT:
 * not a whole number ..." as a usage error and returns 2.
 */
int cli_entity_id(cli_ctx *ctx, const char *what, const char *text,
                  int64_t *id);

/*
 * Takes every option of opts (n of them; options may repeat, for lists)
 * into a. Returns 0, or reports the option and why as a usage error and
 * returns 2.
 */
int cli_entity_options(cli_ctx *ctx, cli_assign *a,
                       const cli_entity_option *opts, size_t n);

/*
 * For assign hooks: a date field whose name assign.c does not take for
 * one ("validate_by", "decided_on"). Returns 1 with the date (or "") in
 * the field of a->msg, 0 when name is not field, -1 with a->err set.
 */
int cli_entity_assign_date(cli_assign *a, const char *field, const char *name,
                           const char *value);

/*
 * For assign hooks: lists the generic words cannot fill as wanted. A
 * repeated int64 field of ids ("risks=3,7"), or a list of work item refs
 * upper-cased as add takes them ("items=hw-4"). As with every list, the
 * first assignment replaces the record's list and "" empties it. Returns
 * 1 when name is field and it was taken, 0 when name is not field, -1
 * with a->err set (an id that is no whole number above 0).
 */
int cli_entity_assign_ids(cli_assign *a, const char *field, const char *name,
                          const char *value);
int cli_entity_assign_refs(cli_assign *a, const char *field, const char *name,
                           const char *value);

/* GetX of id. Returns 0 with *out the caller's, or the exit code. */
int cli_entity_get(cli_rpc *r, const cli_entity *e, int64_t id,
                   ProtobufCMessage **out);

/*
 * The record an argument list starts with: "[PROGRAM] ID". A program key
 * is taken when the first argument is no number and more follow; then
 * the record must be of that program. Takes the argument(s) out of args
 * (*n less) and reads the record. Returns 0 with *id and *out (the
 * caller's) set, or the exit code it reported (3: not in that program).
 */
int cli_entity_target(cli_rpc *r, const cli_entity *e, char ***args, int *n,
                      int64_t *id, ProtobufCMessage **out);

/*
 * cli_entity_target over the command's arguments, which must be just
 * "[PROGRAM] ID". Returns 0 with *id and *out set, or the exit code.
 */
int cli_entity_target_args(cli_rpc *r, const cli_entity *e, int64_t *id,
                           ProtobufCMessage **out);

/*
 * What every add takes: the options (into msg, through a made with
 * spec), then the one PROGRAM argument, upper-cased into *program; then
 * the fields named in required (NULL-terminated) must be set, strings
 * not empty and numbers not 0 ("--title is required"). Returns 0, or
 * reports a usage error and returns 2.
 */
int cli_entity_add_args(cli_rpc *r, cli_assign *a, const cli_assign_spec *spec,
                        ProtobufCMessage *msg, const cli_entity_option *opts,
                        size_t n_opts, const char *const *required,
                        char **program);

/*
 * "[PROGRAM] ID": sets the record's status to status and says so ("Closed
 * risk 3: ...", with verb "Closed"), or prints the record as JSON.
 * note goes in e->note_field. Returns 0 or the exit code.
 */
int cli_entity_status_set(cli_rpc *r, const cli_entity *e, int status,
                          const char *note, const char *verb);

/*
 * Writes the fields in a's mask (a->msg is the change) to record cur (as
 * just read, for its id and version), with note in note_field if any;
 * *out (the caller's) is the record as saved. Returns 0 or the exit code
 * it reported.
 */
int cli_entity_write(cli_rpc *r, const cli_entity *e,
                     const ProtobufCMessage *cur, const cli_assign *a,
                     const char *note, ProtobufCMessage **out);

/*
 * Calls CreateX with req (the request; its record field set) and reports
 * "Added risk 3: Supplier slips" or the JSON. Returns 0 or the exit code.
 */
int cli_entity_create(cli_rpc *r, const cli_entity *e,
                      const ProtobufCMessage *req);

/* A record as JSON with --json, else with e->print; then freed. */
void cli_entity_reply(cli_rpc *r, const cli_entity *e, ProtobufCMessage *m);

/*
 * Every page of ListX-like method with in, then JSON (--json), none when
 * empty, or table(r, list). Returns 0 or the exit code.
 */
typedef void cli_entity_table_fn(cli_rpc *r, const cli_list *l);
int cli_entity_list(cli_rpc *r, const cli_entity *e, const char *method,
                    ProtobufCMessage *in, const char *field,
                    cli_entity_table_fn *table, const char *none);
/* The same for a listing of any service (gates, templates). */
int cli_entity_list_of(cli_rpc *r, const ProtobufCServiceDescriptor *svc,
                       const char *method, ProtobufCMessage *in,
                       const char *field, cli_entity_table_fn *table,
                       const char *none);

/* "show [PROGRAM] ID": the record. */
int cli_entity_show(cli_ctx *ctx);
/*
 * "update [PROGRAM] ID field=value... [--note TEXT]", and the kind's
 * update_options: the change, then the record as saved.
 */
int cli_entity_update(cli_ctx *ctx);

/*
 * "delete [PROGRAM] ID [--version N]": DeleteX with the version just read,
 * so a record changed since is refused (ABORTED, exit 4), or with N as
 * given, without reading it (then a PROGRAM is still checked by a read).
 * Says "Deleted risk 3: Supplier slips", or prints the empty reply as
 * JSON.
 */
int cli_entity_delete(cli_ctx *ctx);

/* Usage of the generic commands, for the tables. */
#define CLI_ENTITY_SHOW_USAGE   "[PROGRAM] ID"
#define CLI_ENTITY_UPDATE_USAGE "[PROGRAM] ID field=value..."
#define CLI_ENTITY_DELETE_USAGE "[PROGRAM] ID [--version N]"

/* A section of free text ("Notes:") when text is not empty. */
void cli_entity_text(const char *title, const char *text);

/* An id as the text of a table cell. */
const char *cli_entity_idtext(int64_t id, char *out, size_t len);

/* "3, 7": ids as a list, "-" when none (from mem). */
char *cli_entity_ids(arena *mem, const int64_t *ids, size_t n);
/* "a, b": strings joined, "-" when none (from mem). */
char *cli_entity_join(arena *mem, char *const *items, size_t n);

#endif
