/*
 * client/pmo/show.h - how the program-model commands print for people:
 * records of label and value, sections, colours for states and RAG, and
 * JSON built from several messages.
 */
#ifndef PMO_CLIENT_PMO_SHOW_H
#define PMO_CLIENT_PMO_SHOW_H

#include "table.h"

#include <protobuf-c/protobuf-c.h>
#include <stdint.h>
#include <stdio.h>

/* A two-column table without headings; values are cut to fit. */
void cli_record_init(cli_table *t);
void cli_record_add(cli_table *t, const char *label, const char *value);
/* A value shown as "-" when empty. */
void cli_record_add_opt(cli_table *t, const char *label, const char *value);
void cli_record_add_time(cli_table *t, const char *label, int64_t ms);
void cli_record_add_int(cli_table *t, const char *label, int64_t v);
/* An enum value by its label ("in-progress"), coloured by color. */
void cli_record_add_enum(cli_table *t, const char *label,
                         const ProtobufCEnumDescriptor *d, int value,
                         cli_color color);

/* The record, printed and freed. */
void cli_record_print(cli_table *t);

/* "Goals:" on stdout, bold on a terminal, after a blank line. */
void cli_section_print(const char *title);

/*
 * Free text (a description, a comment) on stdout, each line after indent,
 * control characters other than the line breaks shown as '?'.
 */
void cli_text_print(const char *indent, const char *text);

/* "- item" lines, or "(none)". */
void cli_bullets_print(char *const *items, size_t n);

/* Work item states and RAG values as colours. */
cli_color cli_state_color(int state);
cli_color cli_rag_color(int rag);

/*
 * What marks a work item's kind before its title: a diamond for a
 * milestone, a square for a deliverable ("<>", "[D]" without UTF-8); ""
 * for the others.
 */
const char *cli_kind_marker(int kind);

/* "<> Launch": the kind's marker, then the title. */
const char *cli_item_label(const char *title, int kind, char *out, size_t len);

/* s, or "-" when it is empty. */
const char *cli_or_dash(const char *s);

/* "2026-01-05 .. 2026-02-01", "from 2026-01-05", "" for neither. */
const char *cli_dates_format(const char *start, const char *finish, char *out,
                             size_t len);

/*
 * JSON made of several messages: open a buffer with cli_json_open, write
 * compact JSON into it (pbjson_write with indent -1 for messages), then
 * cli_json_close prints it on stdout, indented, and frees the buffer.
 */
typedef struct cli_json {
    FILE *f;
    char *buf;
    size_t len;
} cli_json;

void cli_json_open(cli_json *j);
/* Writes "key": then m compactly; m may be NULL (null). */
void cli_json_message(cli_json *j, const char *key, const ProtobufCMessage *m);
void cli_json_close(cli_json *j);

#endif
