/* client/pmo/file_read.c - an input file read whole, up to a bound. */
#include "file_read.h"

#include "common/xalloc.h"

#include <stdbool.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *cli_file_read(const char *path, size_t max, size_t *len, char *err,
                    size_t errlen)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (f == NULL) {
        snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = xmalloc(cap + 1);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n > max)
            break;
        if (n == cap)
            buf = xrealloc(buf, (cap *= 2) + 1);
    }
    bool bad = ferror(f) != 0;
    if (f != stdin)
        fclose(f);
    if (bad || n > max) {
        if (bad)
            snprintf(err, errlen, "cannot read %s", path);
        else
            snprintf(err, errlen, "%s is over %zu MiB", path, max >> 20);
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}
