/*
 * common/xalloc.h - allocation that never returns NULL.
 *
 * A server that runs out of memory mid-request cannot answer sensibly, and
 * every caller checking for NULL is a thousand untested error paths; like
 * Redis's zmalloc, pmo aborts with a message instead.
 */
#ifndef PMO_COMMON_XALLOC_H
#define PMO_COMMON_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* printf into a fresh heap string; the caller frees it. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
