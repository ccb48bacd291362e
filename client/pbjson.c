/* client/pbjson.c - descriptor-driven JSON output for protobuf-c messages. */
#include "pbjson.h"

#include <inttypes.h>
#include <string.h>

static void pbjson_message(FILE *out, const ProtobufCMessage *m, int indent,
                           int depth);

void pbjson_write_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"':
            fputs("\\\"", out);
            break;
        case '\\':
            fputs("\\\\", out);
            break;
        case '\n':
            fputs("\\n", out);
            break;
        case '\r':
            fputs("\\r", out);
            break;
        case '\t':
            fputs("\\t", out);
            break;
        default:
            if (*p < 0x20)
                fprintf(out, "\\u%04x", *p);
            else
                fputc(*p, out);
        }
    }
    fputc('"', out);
}

static void pbjson_base64(FILE *out, const ProtobufCBinaryData *b)
{
    static const char abc[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    fputc('"', out);
    for (size_t i = 0; i < b->len; i += 3) {
        uint32_t v = (uint32_t)b->data[i] << 16;
        if (i + 1 < b->len)
            v |= (uint32_t)b->data[i + 1] << 8;
        if (i + 2 < b->len)
            v |= b->data[i + 2];
        fputc(abc[(v >> 18) & 63], out);
        fputc(abc[(v >> 12) & 63], out);
        fputc(i + 1 < b->len ? abc[(v >> 6) & 63] : '=', out);
        fputc(i + 2 < b->len ? abc[v & 63] : '=', out);
    }
    fputc('"', out);
}

static void pbjson_enum(FILE *out, const ProtobufCEnumDescriptor *d, int value)
{
    const ProtobufCEnumValue *v = protobuf_c_enum_descriptor_get_value(d, value);
    if (v)
        pbjson_write_string(out, v->name);
    else
        fprintf(out, "%d", value);
}

/* One value of field f stored at p. */
static void pbjson_value(FILE *out, const ProtobufCFieldDescriptor *f,
                         const void *p, int indent, int depth)
{
    switch (f->type) {
    case PROTOBUF_C_TYPE_INT32:
    case PROTOBUF_C_TYPE_SINT32:
    case PROTOBUF_C_TYPE_SFIXED32:
        fprintf(out, "%" PRId32, *(const int32_t *)p);
        break;
    case PROTOBUF_C_TYPE_UINT32:
    case PROTOBUF_C_TYPE_FIXED32:
        fprintf(out, "%" PRIu32, *(const uint32_t *)p);
        break;
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_SINT64:
    case PROTOBUF_C_TYPE_SFIXED64:
        fprintf(out, "%" PRId64, *(const int64_t *)p);
        break;
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_FIXED64:
        fprintf(out, "%" PRIu64, *(const uint64_t *)p);
        break;
    case PROTOBUF_C_TYPE_FLOAT:
        fprintf(out, "%.9g", (double)*(const float *)p);
        break;
    case PROTOBUF_C_TYPE_DOUBLE:
        fprintf(out, "%.17g", *(const double *)p);
        break;
    case PROTOBUF_C_TYPE_BOOL:
        fputs(*(const protobuf_c_boolean *)p ? "true" : "false", out);
        break;
    case PROTOBUF_C_TYPE_ENUM:
        pbjson_enum(out, f->descriptor, *(const int *)p);
        break;
    case PROTOBUF_C_TYPE_STRING: {
        const char *s = *(char *const *)p;
        pbjson_write_string(out, s ? s : "");
        break;
    }
    case PROTOBUF_C_TYPE_BYTES:
        pbjson_base64(out, (const ProtobufCBinaryData *)p);
        break;
    case PROTOBUF_C_TYPE_MESSAGE: {
        const ProtobufCMessage *sub = *(ProtobufCMessage *const *)p;
        if (sub)
            pbjson_message(out, sub, indent, depth);
        else
            fputs("null", out);
        break;
    }
    }
}

static size_t pbjson_value_size(const ProtobufCFieldDescriptor *f)
{
    switch (f->type) {
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_SINT64:
    case PROTOBUF_C_TYPE_SFIXED64:
    case PROTOBUF_C_TYPE_UINT64:
    case PROTOBUF_C_TYPE_FIXED64:
    case PROTOBUF_C_TYPE_DOUBLE:
        return 8;
    case PROTOBUF_C_TYPE_BOOL:
        return sizeof(protobuf_c_boolean);
    case PROTOBUF_C_TYPE_STRING:
    case PROTOBUF_C_TYPE_MESSAGE:
        return sizeof(void *);
    case PROTOBUF_C_TYPE_BYTES:
        return sizeof(ProtobufCBinaryData);
    default:
        return 4;
    }
}

static void pbjson_newline(FILE *out, int indent, int depth)
{
    if (indent < 0)
        return;
    fputc('\n', out);
    for (int i = 0; i < indent * depth; i++)
        fputc(' ', out);
}

static void pbjson_repeated(FILE *out, const ProtobufCMessage *m,
                            const ProtobufCFieldDescriptor *f, int indent,
                            int depth)
{
    size_t n = *(const size_t *)((const char *)m + f->quantifier_offset);
    const char *arr = *(char *const *)((const char *)m + f->offset);
    size_t size = pbjson_value_size(f);
    fputc('[', out);
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputc(',', out);
        pbjson_newline(out, indent, depth + 1);
        pbjson_value(out, f, arr + i * size, indent, depth + 1);
    }
    if (n)
        pbjson_newline(out, indent, depth);
    fputc(']', out);
}

static void pbjson_message(FILE *out, const ProtobufCMessage *m, int indent,
                           int depth)
{
    const ProtobufCMessageDescriptor *d = m->descriptor;
    fputc('{', out);
    for (unsigned i = 0; i < d->n_fields; i++) {
        const ProtobufCFieldDescriptor *f = &d->fields[i];
        if (i)
            fputc(',', out);
        pbjson_newline(out, indent, depth + 1);
        pbjson_write_string(out, f->name);
        fputs(indent >= 0 ? ": " : ":", out);
        if (f->label == PROTOBUF_C_LABEL_REPEATED)
            pbjson_repeated(out, m, f, indent, depth + 1);
        else
            pbjson_value(out, f, (const char *)m + f->offset, indent,
                         depth + 1);
    }
    if (d->n_fields)
        pbjson_newline(out, indent, depth);
    fputc('}', out);
}

void pbjson_write(FILE *out, const ProtobufCMessage *m, int indent)
{
    pbjson_message(out, m, indent, 0);
}
