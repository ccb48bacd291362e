/*
 * client/pmo/assign.h - "field=value" words of the set commands, written
 * into a message and its update_mask.
 *
 * The fields a command may set, their short names and how each kind of
 * value is read come from a spec and the message's descriptor: strings as
 * given (dates, for fields named *_start, *_finish or *date, through
 * cli_parse_date, where "" clears), enums by name, numbers checked, bools
 * as yes/no, repeated strings one element per assignment (or split on
 * commas for the fields the spec names; an empty value clears the list).
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
    cli_assign_hook hook;            /* may be NULL */
} cli_assign_spec;

struct cli_assign {
    const cli_assign_spec *spec;
    ProtobufCMessage *msg; /* written; strings borrowed or from mem */
    arena *mem;
    char **mask; /* field names, each once, from mem */
    size_t n_mask;
    char err[512];
};

void cli_assign_init(cli_assign *a, const cli_assign_spec *spec,
                     ProtobufCMessage *msg, arena *mem);

/*
 * Applies every "name=value" word. Returns 0, or -1 with err saying which
 * word and why ("percent=x: not a whole number: 'x'").
 */
int cli_assign_words(cli_assign *a, int argc, char **argv);

/* Adds field to the mask unless it is there; true if it was new. */
bool cli_assign_mask_add(cli_assign *a, const char *field);

/* Appends one element to a repeated field of a->msg (string or message). */
void cli_assign_append(cli_assign *a, const char *field, void *element);

/* "name, title, ..." of what the spec lets people set. */
void cli_assign_names(const cli_assign_spec *spec, char *out, size_t len);

#endif
