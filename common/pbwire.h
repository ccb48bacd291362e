/*
 * common/pbwire.h - reading the protobuf wire format field by field,
 * without unpacking.
 *
 * protobuf-c unpacks a message whole or not at all, and gives strings as
 * C strings. Some questions need the bytes as sent: the request id of an
 * envelope that does not unpack, the true length of a string holding a NUL.
 * The reader walks one message level; a length-delimited field's bytes are
 * a nested message, a string or bytes, as the descriptor says.
 */
#ifndef PMO_COMMON_PBWIRE_H
#define PMO_COMMON_PBWIRE_H

#include <stddef.h>
#include <stdint.h>

enum pbwire_type {
    PBWIRE_VARINT = 0,
    PBWIRE_FIXED64 = 1,
    PBWIRE_LEN = 2,
    PBWIRE_FIXED32 = 5,
};

typedef struct pbwire_field {
    uint32_t number;
    unsigned wire_type;  /* an enum pbwire_type */
    uint64_t varint;     /* PBWIRE_VARINT: the value */
    const uint8_t *data; /* the value's bytes (PBWIRE_LEN: after the length) */
    size_t len;
} pbwire_field;

/* A cursor over one message level; the bytes stay the caller's. */
typedef struct pbwire_reader {
    const uint8_t *p, *end;
} pbwire_reader;

static inline void pbwire_reader_init(pbwire_reader *r, const void *data,
                                      size_t len)
{
    r->p = data;
    r->end = len ? r->p + len : r->p; /* no arithmetic on a NULL pointer */
}

/*
 * Reads the next field into *f. Returns 1, 0 at the end of the bytes, or
 * -1 where they stop being the wire format (a truncated field, field
 * number 0, a group or an unknown wire type); the reader then stays put.
 */
int pbwire_next(pbwire_reader *r, pbwire_field *f);

#endif
