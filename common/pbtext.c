/* common/pbtext.c - string fields of an encoded message are UTF-8 text. */
#include "common/pbtext.h"
#include "common/pbwire.h"
#include "common/utf8.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static bool pbtext_string_ok(const pbwire_field *f, pbtext_fault *fault)
{
    const char *s = (const char *)f->data;
    const char *nul = memchr(s, '\0', f->len);
    size_t upto = nul ? (size_t)(nul - s) : f->len;
    size_t valid = utf8_valid_prefix(s, upto);
    if (valid < upto)
        snprintf(fault->problem, sizeof(fault->problem),
                 "is not valid UTF-8 at byte %zu", valid);
    else if (nul)
        snprintf(fault->problem, sizeof(fault->problem),
                 "contains a NUL byte at byte %zu", upto);
    else
        return true;
    fault->field[0] = '\0';
    return false;
}

/* Which occurrence of its field bad is in its level: 0 for the first. */
static unsigned pbtext_index(const uint8_t *level, size_t len,
                             const pbwire_field *bad)
{
    pbwire_reader r;
    pbwire_reader_init(&r, level, len);
    pbwire_field f;
    unsigned i = 0;
    while (pbwire_next(&r, &f) == 1 && f.data < bad->data)
        if (f.number == bad->number)
            i++;
    return i;
}

/*
 * Puts "name." or "name[i]." in front of the path found so far, as the
 * walk unwinds from the bad string up to the top level. A path too long
 * for the buffer keeps its innermost part.
 */
static void pbtext_prepend(pbtext_fault *fault,
                           const ProtobufCFieldDescriptor *fd,
                           const uint8_t *level, size_t len,
                           const pbwire_field *bad)
{
    char seg[96];
    int n;
    if (fd->label == PROTOBUF_C_LABEL_REPEATED)
        n = snprintf(seg, sizeof(seg), "%s[%u]", fd->name,
                     pbtext_index(level, len, bad));
    else
        n = snprintf(seg, sizeof(seg), "%s", fd->name);
    size_t have = strlen(fault->field);
    size_t add = (size_t)n + (have ? 1 : 0);
    if (n < 0 || (size_t)n >= sizeof(seg) || have + add >= sizeof(fault->field))
        return;
    memmove(fault->field + add, fault->field, have + 1);
    memcpy(fault->field, seg, (size_t)n);
    if (have)
        fault->field[n] = '.';
}

/* One message level; recursion follows the message's own nesting, as
 * protobuf_c_message_unpack's did on the same bytes. */
static int pbtext_level(const ProtobufCMessageDescriptor *desc,
                        const uint8_t *data, size_t len, pbtext_fault *fault)
{
    pbwire_reader r;
    pbwire_reader_init(&r, data, len);
    pbwire_field f;
    int more;
    while ((more = pbwire_next(&r, &f)) == 1) {
        if (f.wire_type != PBWIRE_LEN)
            continue;
        const ProtobufCFieldDescriptor *fd =
            protobuf_c_message_descriptor_get_field(desc, f.number);
        if (fd == NULL)
            continue;
        bool ok = true;
        if (fd->type == PROTOBUF_C_TYPE_STRING)
            ok = pbtext_string_ok(&f, fault);
        else if (fd->type == PROTOBUF_C_TYPE_MESSAGE)
            ok = pbtext_level(fd->descriptor, f.data, f.len, fault) == 0;
        if (!ok) {
            pbtext_prepend(fault, fd, data, len, &f);
            return -1;
        }
    }
    if (more < 0) {
        /* Bytes protobuf-c took that the wire format does not allow (a
         * field numbered 0 in a tag of two bytes): two readers must not
         * disagree on what a request says. */
        fault->field[0] = '\0';
        snprintf(fault->problem, sizeof(fault->problem),
                 "is not valid protobuf at byte %zu",
                 (size_t)(r.p - (const uint8_t *)data));
        return -1;
    }
    return 0;
}

int pbtext_check(const ProtobufCMessageDescriptor *desc, const void *data,
                 size_t len, pbtext_fault *fault)
{
    return pbtext_level(desc, data, len, fault);
}
