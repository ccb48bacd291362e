/*
 * client/pmo/assign.h - "field=value" words of the set commands, written
 * into a message and its update_mask.
 *
 * The fields a command may set, their short names and how each kind of
 * value is read come from a spec and the message's descriptor: strings as
 * given (dates, for fields named *_start, *_finish or *date, through
 * cli_parse_date, where "" clears), enums by name, numbers checked, bools
 * as yes/no, repeated strings one element per assignment (or split on
 * commas for the fields the spec names; an empty value clears the list),
 * and "name+=value" / "name-=value" add or remove elements of a list.
 * A spec's hook handles what does not map onto one field (estimate=2/3/5,
 * goal=..., raci=...).
 */
#ifndef PMO_CLIENT_PMO_ASSIGN_H
#define PMO_CLIENT_PMO_ASSIGN_H

#include "common/arena.h"

#include <protobuf-c/protobuf-c.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct cli_assign cli_assign;

typedef struct cli_assign_alias {
    const char *alias; /* what people type: "start" */
    const char *field; /* the message's field: "planned_start" */
} cli_assign_alias;

/*
 * Returns 1 when it took the assignment, 0 when it is an ordinary field,
 * -1 with a reason in a->err.
 */
typedef int (*cli_assign_hook)(cli_assign *a, const char *name,
                               const char *value);

typedef struct cli_assign_spec {
    const ProtobufCMessageDescriptor *desc;
    const char *const *fields;       /* settable; NULL-terminated */
    const cli_assign_alias *aliases; /* ended by a NULL alias; may be NULL */
    const char *const *comma_lists;  /* repeated strings split on ',' */
    /* Lists whose replacing by a bare "field=" is worth a note: those one
     * usually adds to. */
    const char *const *noted_lists;
    cli_assign_hook hook; /* may be NULL */
} cli_assign_spec;

/* One "field+=value" or "field-=value" word, kept until the record is read. */
typedef struct cli_assign_edit {
    const char *field; /* the repeated field */
    const char *typed; /* its name as typed: "goal" */
    const char *text;  /* the value as typed */
    bool remove;       /* -= rather than += */
    /* The elements the value stands for, in field of a message of the
     * spec's type (read as "field=value" would be). */
    ProtobufCMessage *parts;
} cli_assign_edit;

struct cli_assign {
    const cli_assign_spec *spec;
    ProtobufCMessage *msg; /* written; strings borrowed or from mem */
    arena *mem;
    char **mask; /* field names, each once, from mem */
    size_t n_mask;
    cli_assign_edit *edits; /* from mem, in the order given */
    size_t n_edits;
    char err[512];
    char note[512]; /* what cli_assign_merge found worth saying; "" if none */
};

void cli_assign_init(cli_assign *a, const cli_assign_spec *spec,
                     ProtobufCMessage *msg, arena *mem);

/*
 * Applies every "name=value" word. Returns 0, or -1 with err saying which
 * word and why ("percent=x: not a whole number: 'x'"). "name+=value" and
 * "name-=value" add an element to a list or remove one: they are checked
 * here and applied by cli_assign_merge, once the record is read.
 */
int cli_assign_words(cli_assign *a, int argc, char **argv);

/*
 * After the record is read as cur (of the spec's type): writes each list
 * that += and -= words edit into a->msg as cur has it, with the elements
 * added (one it has already is not added twice) and removed, in the order
 * given. An element of a list of messages is named by its first field (a
 * goal by its description). What it takes from cur is copied into mem.
 * Also says in a->note which lists a bare "name=" replaced while cur had
 * elements, for the caller to print once the write is done
 * (cli_assign_note_print). Returns 0, or -1 with err naming an element to
 * remove that cur does not have.
 */
int cli_assign_merge(cli_assign *a, const ProtobufCMessage *cur);

/* "PROG: note: ..." on stderr when a->note says something. */
void cli_assign_note_print(const cli_assign *a, const char *prog);

/*
 * cli_assign_merge for a command: a failure is reported as a usage error
 * of ctx. Returns 0, or 2 (the exit code).
 */
struct cli_ctx;
int cli_assign_merge_args(struct cli_ctx *ctx, cli_assign *a,
                          const ProtobufCMessage *cur);

/* True when field is in the mask. */
bool cli_assign_mask_has(const cli_assign *a, const char *field);

/* Adds field to the mask unless it is there; true if it was new. */
bool cli_assign_mask_add(cli_assign *a, const char *field);

/* Appends one element to a repeated field of a->msg (string or message). */
void cli_assign_append(cli_assign *a, const char *field, void *element);

/* "name, title, ..." of what the spec lets people set. */
void cli_assign_names(const cli_assign_spec *spec, char *out, size_t len);

#endif
