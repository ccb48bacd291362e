/* common/fileutil.h - small file helpers: read whole, write atomically. */
#ifndef PMO_COMMON_FILEUTIL_H
#define PMO_COMMON_FILEUTIL_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Reads a whole file into a NUL-terminated heap buffer the caller frees.
 * Refuses files over max bytes. Returns NULL with errno set on failure.
 */
char *file_read_all(const char *path, size_t max, size_t *len_out);

/*
 * Writes data to path through a temporary file and rename, so readers see
 * the old or the new content, never half. mode applies to the new file.
 * Returns 0, or -1 with errno set.
 */
int file_write_atomic(const char *path, const void *data, size_t len,
                      mode_t mode);

/* mkdir -p with mode for each created component. Returns 0 or -1. */
int file_mkdirs(const char *path, mode_t mode);

#endif
