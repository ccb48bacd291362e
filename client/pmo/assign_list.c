/*
 * client/pmo/assign_list.c - the lists of a record edited one element at
 * a time ("goal+=...", "tag-=beta"), merged into the list as it was read.
 *
 * The server replaces a repeated field whole, so an edit of one element
 * is the list read with that element added or removed; the record's
 * version, sent with the write, makes sure nobody changed it in between.
 */
#include "assign.h"
#include "cli.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* One repeated field of a message: its count and its array. */
typedef struct cli_list_ref {
    size_t *n;
    void **arr;
    size_t size; /* of one element */
} cli_list_ref;

static cli_list_ref cli_list_of(const ProtobufCMessage *m,
                                const ProtobufCFieldDescriptor *f)
{
    cli_list_ref l = {
        .n = (size_t *)((char *)m + f->quantifier_offset),
        .arr = (void **)((char *)m + f->offset),
    };
    switch (f->type) {
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_DOUBLE:
        l.size = 8;
        break;
    case PROTOBUF_C_TYPE_UINT32:
    case PROTOBUF_C_TYPE_INT32:
    case PROTOBUF_C_TYPE_ENUM:
    case PROTOBUF_C_TYPE_BOOL:
        l.size = 4;
        break;
    default: /* strings and messages: pointers */
        l.size = sizeof(void *);
    }
    return l;
}

static const void *cli_list_at(const cli_list_ref *l, size_t i)
{
    return (const char *)*l->arr + i * l->size;
}

/* The first field of a message, the one that names it, as text. */
static const char *cli_message_name(const ProtobufCMessage *m)
{
    const ProtobufCFieldDescriptor *f = &m->descriptor->fields[0];
    if (f->type != PROTOBUF_C_TYPE_STRING ||
        f->label == PROTOBUF_C_LABEL_REPEATED)
        return "";
    return *(char *const *)((const char *)m + f->offset);
}

static bool cli_element_equal(const ProtobufCFieldDescriptor *f, const void *x,
                              const void *y, size_t size)
{
    if (f->type == PROTOBUF_C_TYPE_STRING)
        return strcmp(*(char *const *)x, *(char *const *)y) == 0;
    if (f->type == PROTOBUF_C_TYPE_MESSAGE)
        return strcmp(cli_message_name(*(ProtobufCMessage *const *)x),
                      cli_message_name(*(ProtobufCMessage *const *)y)) == 0;
    return memcmp(x, y, size) == 0;
}

/* An element of cur, copied into mem so that it outlives cur. */
static void cli_element_copy(cli_assign *a, const ProtobufCFieldDescriptor *f,
                             const void *from, void *to, size_t size)
{
    if (f->type == PROTOBUF_C_TYPE_STRING) {
        *(char **)to = arena_strdup(a->mem, *(char *const *)from);
    } else if (f->type == PROTOBUF_C_TYPE_MESSAGE) {
        const ProtobufCMessage *m = *(ProtobufCMessage *const *)from;
        size_t len = protobuf_c_message_get_packed_size(m);
        uint8_t *buf = arena_alloc(a->mem, len ? len : 1);
        protobuf_c_message_pack(m, buf);
        *(ProtobufCMessage **)to =
            protobuf_c_message_unpack(f->descriptor, &a->mem->pb, len, buf);
    } else {
        memcpy(to, from, size);
    }
}

/* The index of an element equal to x in l, or -1. */
static long cli_list_find(const ProtobufCFieldDescriptor *f,
                          const cli_list_ref *l, const void *x)
{
    for (size_t i = 0; i < *l->n; i++)
        if (cli_element_equal(f, cli_list_at(l, i), x, l->size))
            return (long)i;
    return -1;
}

/* Applies one edit to the list being built in a->msg. */
static int cli_list_edit(cli_assign *a, const ProtobufCFieldDescriptor *f,
                         const cli_assign_edit *e, cli_list_ref *out,
                         size_t room)
{
    cli_list_ref parts = cli_list_of(e->parts, f);
    for (size_t k = 0; k < *parts.n; k++) {
        const void *x = cli_list_at(&parts, k);
        long at = cli_list_find(f, out, x);
        char *base = *out->arr;
        if (!e->remove) {
            if (at < 0 && *out->n < room)
                memcpy(base + (*out->n)++ * out->size, x, out->size);
            continue;
        }
        if (at < 0) {
            snprintf(a->err, sizeof(a->err),
                     "%s-=%s: the %s of the record have no such element",
                     e->typed, e->text, f->name);
            return -1;
        }
        memmove(base + (size_t)at * out->size,
                base + (size_t)(at + 1) * out->size,
                (*out->n - (size_t)at - 1) * out->size);
        (*out->n)--;
    }
    return 0;
}

/* The list f of cur, edited by every word of a that names it. */
static int cli_list_merge(cli_assign *a, const ProtobufCFieldDescriptor *f,
                          const ProtobufCMessage *cur)
{
    cli_list_ref from = cli_list_of(cur, f), out = cli_list_of(a->msg, f);
    size_t room = *from.n;
    for (size_t i = 0; i < a->n_edits; i++)
        if (strcmp(a->edits[i].field, f->name) == 0)
            room += *cli_list_of(a->edits[i].parts, f).n;
    *out.arr = arena_alloc(a->mem, (room ? room : 1) * out.size);
    for (size_t i = 0; i < *from.n; i++)
        cli_element_copy(a, f, cli_list_at(&from, i),
                         (char *)*out.arr + i * out.size, out.size);
    *out.n = *from.n;
    for (size_t i = 0; i < a->n_edits; i++)
        if (strcmp(a->edits[i].field, f->name) == 0 &&
            cli_list_edit(a, f, &a->edits[i], &out, room) != 0)
            return -1;
    return 0;
}

/* What people type to edit field one element at a time: its alias. */
static const char *cli_list_word(const cli_assign *a, const char *field)
{
    for (const cli_assign_alias *al = a->spec->aliases; al && al->alias; al++)
        if (strcmp(al->field, field) == 0)
            return al->alias;
    return field;
}

/* A bare "field=" that replaced what cur had: said, since it is easy to
 * mean "add one". */
static void cli_list_replaced_note(cli_assign *a,
                                   const ProtobufCFieldDescriptor *f,
                                   const ProtobufCMessage *cur)
{
    size_t had = *cli_list_of(cur, f).n;
    bool noted = false;
    for (const char *const *l = a->spec->noted_lists; l && *l && !noted; l++)
        noted = strcmp(*l, f->name) == 0;
    if (had == 0 || !noted)
        return;
    size_t used = strlen(a->note);
    const char *w = cli_list_word(a, f->name);
    snprintf(a->note + used, sizeof(a->note) - used,
             "%s%s= replaced the whole list of %zu (%s+=X adds one, %s-=X "
             "removes one)",
             used ? "; " : "", f->name, had, w, w);
}

int cli_assign_merge(cli_assign *a, const ProtobufCMessage *cur)
{
    a->note[0] = '\0';
    for (size_t i = 0; i < a->n_mask; i++) {
        const ProtobufCFieldDescriptor *f =
            protobuf_c_message_descriptor_get_field_by_name(a->spec->desc,
                                                            a->mask[i]);
        if (f == NULL || f->label != PROTOBUF_C_LABEL_REPEATED)
            continue;
        bool edited = false;
        for (size_t k = 0; k < a->n_edits && !edited; k++)
            edited = strcmp(a->edits[k].field, f->name) == 0;
        if (!edited)
            cli_list_replaced_note(a, f, cur);
        else if (cli_list_merge(a, f, cur) != 0)
            return -1;
    }
    return 0;
}

void cli_assign_note_print(const cli_assign *a, const char *prog)
{
    if (a->note[0])
        fprintf(stderr, "%s: note: %s\n", prog, a->note);
}

int cli_assign_merge_args(cli_ctx *ctx, cli_assign *a,
                          const ProtobufCMessage *cur)
{
    if (cli_assign_merge(a, cur) != 0)
        return cli_usage_fail(ctx, "%s", a->err);
    return 0;
}
