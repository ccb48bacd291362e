/* common/pbwire.c - reading the protobuf wire format field by field. */
#include "common/pbwire.h"

/* A base-128 varint of at most ten bytes; returns its length, or 0. */
static size_t pbwire_varint(const uint8_t *p, const uint8_t *end, uint64_t *out)
{
    uint64_t v = 0;
    for (size_t i = 0; i < 10 && p + i < end; i++) {
        v |= (uint64_t)(p[i] & 0x7f) << (7 * i);
        if ((p[i] & 0x80) == 0) {
            *out = v;
            return i + 1;
        }
    }
    return 0;
}

int pbwire_next(pbwire_reader *r, pbwire_field *f)
{
    if (r->p == r->end)
        return 0;
    uint64_t tag;
    const uint8_t *p = r->p;
    size_t n = pbwire_varint(p, r->end, &tag);
    if (n == 0 || tag >> 3 == 0 || tag >> 3 > UINT32_MAX)
        return -1;
    p += n;
    f->number = (uint32_t)(tag >> 3);
    f->wire_type = (unsigned)(tag & 7);
    f->varint = 0;
    f->data = p;
    size_t avail = (size_t)(r->end - p);
    switch (f->wire_type) {
    case PBWIRE_VARINT:
        f->len = pbwire_varint(p, r->end, &f->varint);
        if (f->len == 0)
            return -1;
        break;
    case PBWIRE_FIXED64:
    case PBWIRE_FIXED32:
        f->len = f->wire_type == PBWIRE_FIXED64 ? 8 : 4;
        if (avail < f->len)
            return -1;
        break;
    case PBWIRE_LEN: {
        uint64_t len;
        n = pbwire_varint(p, r->end, &len);
        if (n == 0 || len > avail - n)
            return -1;
        f->data = p + n;
        f->len = (size_t)len;
        p += n;
        break;
    }
    default:
        return -1; /* groups (3, 4) are not proto3, and 6, 7 do not exist */
    }
    r->p = p + f->len;
    return 1;
}
