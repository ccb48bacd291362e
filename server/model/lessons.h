/*
 * server/model/lessons.h - the lessons-learned library, shared by every
 * program, with PostgreSQL full-text search.
 *
 * A lesson comes from a program (and perhaps one of its retros) and
 * keeps that program's key even after the program is deleted. Reading
 * and searching need no role: the library is organisation-wide. Writing
 * is checked by the caller against the lesson's program.
 *
 * Search runs websearch_to_tsquery('english', query) against a stored,
 * generated tsvector (title weight A, tags B, body C; GIN index) and
 * orders by ts_rank, best first. Conventions otherwise as in
 * model/stakeholders.h; changes are audited as entity "lesson" in the
 * lesson's program.
 */
#ifndef PMO_SERVER_MODEL_LESSONS_H
#define PMO_SERVER_MODEL_LESSONS_H

#include "model/access.h"
#include "pmo/v1/lesson.pb-c.h"
#include "rpc/call.h"

#include <stddef.h>
#include <stdint.h>

/* The update_mask bits of lessons_update. */
enum lessons_field {
    LESSONS_TITLE = 1u << 0,
    LESSONS_BODY = 1u << 1,
    LESSONS_TAGS = 1u << 2,
    LESSONS_RETRO = 1u << 3,
};

/*
 * Inserts l into prog, by the caller. A retro_id that is not a retro of
 * prog is a violation of "lesson.retro_id".
 */
int lessons_create(rpc_call *call, const program_access *prog,
                   const Pmo__V1__Lesson *l, Pmo__V1__Lesson **out);

/*
 * Reads lesson id and the id of its program (0 once that program is
 * deleted); NOT_FOUND if none.
 */
int lessons_find(rpc_call *call, int64_t id, int64_t *program_id,
                 Pmo__V1__Lesson **out);

typedef struct lessons_query {
    const char *text;    /* web-search syntax; "" for all */
    const char *tag;     /* "" for any */
    const char *program; /* key; "" for any */
} lessons_query;

/*
 * Up to limit + 1 lessons matching q from offset on: by rank, best first
 * (ties newest first), or newest first without text.
 */
int lessons_search(rpc_call *call, const lessons_query *q, int64_t offset,
                   unsigned limit, Pmo__V1__Lesson ***out, size_t *n);

/* The lessons a retro yielded, oldest first. */
int lessons_of_retro(rpc_call *call, int64_t retro_id, Pmo__V1__Lesson ***out,
                     size_t *n);

/* Changes the fields in mask (lessons_field bits) at version expected. */
int lessons_update(rpc_call *call, const program_access *prog, int64_t id,
                   int64_t expected, unsigned mask, const Pmo__V1__Lesson *l,
                   Pmo__V1__Lesson **out);

int lessons_delete(rpc_call *call, int64_t id, int64_t expected);

#endif
