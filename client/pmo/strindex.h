/*
 * client/pmo/strindex.h - strings to numbers in expected constant time:
 * the refs of a tree's items, the keys of a CSV's rows. Keys are borrowed,
 * not copied: they must outlive the index.
 */
#ifndef PMO_CLIENT_PMO_STRINDEX_H
#define PMO_CLIENT_PMO_STRINDEX_H

#include <stddef.h>

typedef struct cli_strindex {
    const char **keys;
    size_t *values;
    size_t cap; /* a power of two, at least twice the entries */
    size_t n;
} cli_strindex;

#define CLI_STRINDEX_NONE ((size_t)-1)

/* Room for about expected entries without growing. */
void cli_strindex_init(cli_strindex *x, size_t expected);
void cli_strindex_fini(cli_strindex *x);

/*
 * Adds key -> value. If key is there already, keeps the first value and
 * returns it; otherwise returns CLI_STRINDEX_NONE.
 */
size_t cli_strindex_add(cli_strindex *x, const char *key, size_t value);

/* The value of key, or CLI_STRINDEX_NONE. */
size_t cli_strindex_find(const cli_strindex *x, const char *key);

#endif
