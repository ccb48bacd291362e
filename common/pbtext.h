/*
 * common/pbtext.h - every string field of an encoded message is UTF-8
 * text without NUL bytes.
 *
 * protobuf-c does not check that a string field holds UTF-8, and hands it
 * over as a C string, so a NUL byte silently cuts it short. Both would
 * reach PostgreSQL (which refuses the first with an internal error and
 * stores the second cut). The check walks the wire bytes with the
 * message's descriptor: nested messages, repeated fields and oneof members
 * alike, in one pass that allocates nothing.
 */
#ifndef PMO_COMMON_PBTEXT_H
#define PMO_COMMON_PBTEXT_H

#include <protobuf-c/protobuf-c.h>
#include <stddef.h>

typedef struct pbtext_fault {
    /* Dotted path of the first bad field, with the index of a repeated
     * one: "username", "item.title", "checklist[2].label". */
    char field[160];
    /* What is wrong, for a person: "is not valid UTF-8 at byte 4". */
    char problem[64];
} pbtext_fault;

/*
 * Checks the len bytes at data, an encoded desc. Returns 0 when every
 * string field is well-formed UTF-8 free of NUL bytes, else -1 with *fault
 * naming the first that is not. Fields unknown to desc are not looked at.
 * Call it after protobuf_c_message_unpack took the bytes: bytes that stop
 * being the wire format all the same (protobuf-c reads a field numbered 0
 * from a two-byte tag) are refused too, with field naming the message
 * that holds them ("" for desc itself).
 */
int pbtext_check(const ProtobufCMessageDescriptor *desc, const void *data,
                 size_t len, pbtext_fault *fault);

#endif
