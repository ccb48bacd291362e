/*
 * common/gzip.h - whole buffers as gzip members (RFC 1952), so that a
 * large document (a Microsoft Project XML file, which compresses about
 * twentyfold) fits in one request or reply.
 *
 * Decompression is bounded: a small member that would grow past max
 * (a "zip bomb") is refused once max bytes have come out, not after.
 * Buffers come from xmalloc (which aborts when out of memory); the
 * caller frees them. Thread: any.
 */
#ifndef PMO_COMMON_GZIP_H
#define PMO_COMMON_GZIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Whether data starts as a gzip member does (1f 8b). */
bool gzip_is(const void *data, size_t len);

/* len bytes compressed into *out (*out_len bytes). */
void gzip_compress(const void *in, size_t len, uint8_t **out, size_t *out_len);

/*
 * A gzip member decompressed into *out (*out_len bytes, then a NUL not
 * counted). Returns 0, or -1 with why set: corrupt, cut short, followed
 * by other bytes, or more than max bytes decompressed.
 */
int gzip_decompress(const void *in, size_t len, size_t max, uint8_t **out,
                    size_t *out_len, char *why, size_t whylen);

#endif
