/*
 * client/pbjson.h - any protobuf-c message as JSON, from its descriptor.
 *
 * This is what --json prints, so scripts see the same field names as the
 * .proto files (snake_case), and every new message gets JSON for free.
 * Mapping: integers and floats as JSON numbers (64-bit values too: pmo's
 * ids and millisecond times stay far below 2^53), bools as true/false,
 * enums by name, bytes as base64, repeated fields as arrays, absent
 * sub-messages as null. Fields at their default are still printed, so a
 * script can rely on every key being present.
 */
#ifndef PMO_CLIENT_PBJSON_H
#define PMO_CLIENT_PBJSON_H

#include <protobuf-c/protobuf-c.h>
#include <stdio.h>

/* Writes m as one JSON value (pretty when indent >= 0, else compact). */
void pbjson_write(FILE *out, const ProtobufCMessage *m, int indent);

/* Writes a JSON string literal with escapes. */
void pbjson_write_string(FILE *out, const char *s);

#endif
