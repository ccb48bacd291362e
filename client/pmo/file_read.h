/*
 * client/pmo/file_read.h - a whole input file (or stdin for "-") read
 * into memory for a command that sends it, bounded so a wrong path cannot
 * fill the memory.
 */
#ifndef PMO_CLIENT_PMO_FILE_READ_H
#define PMO_CLIENT_PMO_FILE_READ_H

#include <stddef.h>

/*
 * The bytes of path ("-" for stdin), at most max, with a NUL after them
 * (not counted in *len): the caller frees it. NULL with err set (naming
 * the path) when it cannot be opened or read, or is over max.
 */
char *cli_file_read(const char *path, size_t max, size_t *len, char *err,
                    size_t errlen);

#endif
