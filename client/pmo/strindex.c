/* client/pmo/strindex.c - an open-addressing hash of borrowed strings. */
#include "strindex.h"
#include "common/xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* FNV-1a: short keys, no adversary worth a keyed hash in a CLI. */
static uint64_t cli_strindex_hash(const char *s)
{
    uint64_t h = 14695981039346656037ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

static size_t cli_strindex_slot(const cli_strindex *x, const char *key)
{
    size_t i = (size_t)cli_strindex_hash(key) & (x->cap - 1);
    while (x->keys[i] && strcmp(x->keys[i], key) != 0)
        i = (i + 1) & (x->cap - 1);
    return i;
}

static void cli_strindex_alloc(cli_strindex *x, size_t cap)
{
    x->cap = cap;
    x->keys = xcalloc(cap, sizeof(*x->keys));
    x->values = xcalloc(cap, sizeof(*x->values));
}

static void cli_strindex_grow(cli_strindex *x)
{
    cli_strindex old = *x;
    cli_strindex_alloc(x, old.cap * 2);
    for (size_t i = 0; i < old.cap; i++)
        if (old.keys[i]) {
            size_t s = cli_strindex_slot(x, old.keys[i]);
            x->keys[s] = old.keys[i];
            x->values[s] = old.values[i];
        }
    free(old.keys);
    free(old.values);
}

void cli_strindex_init(cli_strindex *x, size_t expected)
{
    size_t cap = 16;
    while (cap < expected * 2)
        cap *= 2;
    x->n = 0;
    cli_strindex_alloc(x, cap);
}

void cli_strindex_fini(cli_strindex *x)
{
    free(x->keys);
    free(x->values);
    memset(x, 0, sizeof(*x));
}

size_t cli_strindex_add(cli_strindex *x, const char *key, size_t value)
{
    if ((x->n + 1) * 2 > x->cap)
        cli_strindex_grow(x);
    size_t s = cli_strindex_slot(x, key);
    if (x->keys[s])
        return x->values[s];
    x->keys[s] = key;
    x->values[s] = value;
    x->n++;
    return CLI_STRINDEX_NONE;
}

size_t cli_strindex_find(const cli_strindex *x, const char *key)
{
    size_t s = cli_strindex_slot(x, key);
    return x->keys[s] ? x->values[s] : CLI_STRINDEX_NONE;
}
