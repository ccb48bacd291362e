/* common/gzip.c - gzip members in and out of memory, over zlib. */
#include "common/gzip.h"

#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* windowBits 15, plus 16 for a gzip header and trailer. */
#define GZIP_WINDOW (15 + 16)

bool gzip_is(const void *data, size_t len)
{
    const uint8_t *b = data;
    return len >= 2 && b[0] == 0x1f && b[1] == 0x8b;
}

void gzip_compress(const void *in, size_t len, uint8_t **out, size_t *out_len)
{
    z_stream z;
    memset(&z, 0, sizeof(z));
    if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, GZIP_WINDOW, 8,
                     Z_DEFAULT_STRATEGY) != Z_OK)
        abort();
    size_t cap = deflateBound(&z, (uLong)len) + 32;
    uint8_t *buf = xmalloc(cap);
    z.next_in = (Bytef *)in;
    z.avail_in = (uInt)len;
    z.next_out = buf;
    z.avail_out = (uInt)cap;
    if (deflate(&z, Z_FINISH) != Z_STREAM_END)
        abort(); /* deflateBound leaves room for all of it */
    *out_len = z.total_out;
    deflateEnd(&z);
    *out = buf;
}

int gzip_decompress(const void *in, size_t len, size_t max, uint8_t **out,
                    size_t *out_len, char *why, size_t whylen)
{
    z_stream z;
    memset(&z, 0, sizeof(z));
    if (inflateInit2(&z, GZIP_WINDOW) != Z_OK)
        abort();
    size_t cap = len * 4 + 1024 < max ? len * 4 + 1024 : max;
    uint8_t *buf = xmalloc(cap + 1);
    z.next_in = (Bytef *)in;
    z.avail_in = (uInt)len;
    int rc = Z_OK;
    size_t n = 0;
    while (rc == Z_OK) {
        if (n == cap) {
            if (cap >= max) {
                snprintf(why, whylen, "more than %zu MiB once decompressed",
                         max >> 20);
                rc = Z_BUF_ERROR;
                break;
            }
            cap = cap * 2 < max ? cap * 2 : max;
            buf = xrealloc(buf, cap + 1);
        }
        z.next_out = buf + n;
        z.avail_out = (uInt)(cap - n);
        rc = inflate(&z, Z_NO_FLUSH);
        n = z.total_out;
        if (rc == Z_BUF_ERROR && z.avail_in == 0) {
            snprintf(why, whylen, "the gzip data is cut short");
            break;
        }
        if (rc == Z_BUF_ERROR)
            rc = Z_OK; /* out of room: grow and go on */
    }
    if (rc == Z_STREAM_END && z.avail_in != 0) {
        snprintf(why, whylen, "bytes follow the gzip data");
        rc = Z_DATA_ERROR;
    } else if (rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
        snprintf(why, whylen, "not valid gzip data (%s)",
                 z.msg ? z.msg : "corrupt");
    }
    inflateEnd(&z);
    if (rc != Z_STREAM_END) {
        free(buf);
        return -1;
    }
    buf[n] = '\0';
    *out = buf;
    *out_len = n;
    return 0;
}
