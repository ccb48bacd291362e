/*
 * server/model/user_match.h - people named in a file from another tool
 * (a Microsoft Project resource name) matched to pmo users who may see a
 * program, so that an import assigns work only to someone who can do it.
 *
 * Conventions as in programs.h.
 */
#ifndef PMO_SERVER_MODEL_USER_MATCH_H
#define PMO_SERVER_MODEL_USER_MATCH_H

#include "model/access.h"
#include "rpc/call.h"

#include <stddef.h>

/*
 * For each of the n names, the username of the one enabled user whose
 * username or display name it is (case aside) and who passes
 * ACCESS_SEES_PROGRAM for pa, or NULL: no such user, or more than one.
 * One query. out[i] is allocated from the call's arena.
 */
int user_match_seeing(rpc_call *call, const program_access *pa,
                      char *const *names, size_t n, const char **out);

#endif
