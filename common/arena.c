/* common/arena.c - bump allocation in chained blocks, freed all at once. */
#include "common/arena.h"
#include "common/xalloc.h"

#include <stdarg.h>
#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK_SIZE (16 * 1024)

struct arena_block {
    arena_block *next;
    size_t size;
    size_t used;
    alignas(max_align_t) unsigned char data[];
};

static arena_block *arena_block_new(size_t size)
{
    arena_block *b = xmalloc(sizeof(*b) + size);
    b->next = NULL;
    b->size = size;
    b->used = 0;
    return b;
}

static void *arena_pb_alloc(void *data, size_t size)
{
    return arena_alloc(data, size);
}

/* Arena memory is released in bulk; protobuf-c's frees are no-ops. */
static void arena_pb_free(void *data, void *ptr)
{
}

void arena_init(arena *a)
{
    a->spare = arena_block_new(ARENA_BLOCK_SIZE);
    a->head = a->spare;
    a->total = 0;
    a->pb.alloc = arena_pb_alloc;
    a->pb.free = arena_pb_free;
    a->pb.allocator_data = a;
}

static void arena_free_chain(arena_block *b, arena_block *stop)
{
    while (b != NULL && b != stop) {
        arena_block *next = b->next;
        free(b);
        b = next;
    }
}

void arena_fini(arena *a)
{
    arena_free_chain(a->head, NULL);
    a->head = a->spare = NULL;
}

void arena_reset(arena *a)
{
    arena_free_chain(a->head, a->spare);
    a->head = a->spare;
    a->head->used = 0;
    a->head->next = NULL;
    a->total = 0;
}

void *arena_alloc(arena *a, size_t size)
{
    const size_t align = alignof(max_align_t);
    size = (size + align - 1) & ~(align - 1);
    if (size == 0)
        size = align;
    arena_block *b = a->head;
    if (b->size - b->used < size) {
        size_t want = size > ARENA_BLOCK_SIZE ? size : ARENA_BLOCK_SIZE;
        b = arena_block_new(want);
        b->next = a->head;
        a->head = b;
    }
    void *p = b->data + b->used;
    b->used += size;
    a->total += size;
    return p;
}

void *arena_zalloc(arena *a, size_t size)
{
    void *p = arena_alloc(a, size);
    memset(p, 0, size);
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *p = arena_alloc(a, len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *arena_strdup(arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

char *arena_printf(arena *a, const char *fmt, ...)
{
    va_list ap, copy;
    va_start(ap, fmt);
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    char *p = arena_alloc(a, (size_t)(n > 0 ? n : 0) + 1);
    vsnprintf(p, (size_t)(n > 0 ? n : 0) + 1, fmt, ap);
    va_end(ap);
    return p;
}
