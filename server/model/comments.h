/*
 * server/model/comments.h - comments on a program and on the things in
 * it, with the users they mention.
 *
 * Conventions as in model/users.h. The caller has checked access to the
 * program; what the comment is on must exist in that program, which is
 * checked here and reported as a violation of "entity_key".
 */
#ifndef PMO_SERVER_MODEL_COMMENTS_H
#define PMO_SERVER_MODEL_COMMENTS_H

#include "model/access.h"
#include "pmo/v1/comment.pb-c.h"
#include "rpc/call.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The kinds of things a comment can be on, for messages: "program, ...". */
extern const char comments_entities_text[];

/* True if entity is one of those kinds. */
bool comments_entity_known(const char *entity);

/*
 * Adds the caller's comment on entity entity_key of prog. Every @name in
 * the body that is a user is listed in its mentions, in the order of
 * first appearance.
 */
int comments_add(rpc_call *call, const program_access *prog, const char *entity,
                 const char *entity_key, const char *body,
                 Pmo__V1__Comment **out);

/*
 * A page of prog's comments, newest first, below id `before` (0: from the
 * newest), at most limit + 1. entity and entity_key narrow it when not "".
 */
int comments_list(rpc_call *call, const program_access *prog,
                  const char *entity, const char *entity_key, int64_t before,
                  unsigned limit, Pmo__V1__Comment ***out, size_t *n);

/*
 * The program and author of comment id, for checking who may delete it;
 * NOT_FOUND ("no comment ID") when there is none.
 */
int comments_find(rpc_call *call, int64_t id, int64_t *program_id,
                  int64_t *author_id);

/* Deletes comment id; NOT_FOUND if it is already gone. */
int comments_delete(rpc_call *call, int64_t id);

#endif
