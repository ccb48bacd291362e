/*
 * common/arena.h - a per-request memory arena.
 *
 * Each request gets one arena, and everything the request allocates while
 * it is served (decoded messages, strings read from PostgreSQL, the reply
 * message) comes from it and is freed at once when the reply has been
 * encoded, like a PostgreSQL memory context. Handlers therefore never free
 * what they allocate, and an error path cannot leak.
 *
 * An arena is used by one thread at a time. It is reset, not freed, between
 * requests, so a worker's steady state makes no malloc calls for small
 * requests.
 */
#ifndef PMO_COMMON_ARENA_H
#define PMO_COMMON_ARENA_H

#include <protobuf-c/protobuf-c.h>
#include <stddef.h>

typedef struct arena_block arena_block;

typedef struct arena {
    arena_block *head;   /* block being filled */
    arena_block *spare;  /* first block, kept across resets */
    size_t total;        /* bytes handed out since the last reset */
    ProtobufCAllocator pb; /* protobuf-c allocator drawing from this arena */
} arena;

void arena_init(arena *a);
/* Frees every block. */
void arena_fini(arena *a);
/* Forgets every allocation but keeps the first block for reuse. */
void arena_reset(arena *a);

/* Memory aligned for any type; valid until the next reset. Never NULL. */
void *arena_alloc(arena *a, size_t size);
void *arena_zalloc(arena *a, size_t size);
char *arena_strdup(arena *a, const char *s);
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_printf(arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
