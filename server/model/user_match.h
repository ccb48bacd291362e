/*
 * server/model/user_match.h - people named in a file from another
 * application (a Microsoft Project resource) matched to pmo users who may
 * see a program, so that an import assigns work only to someone who can
 * do it.
 *
 * Conventions as in programs.h.
 */
#ifndef PMO_SERVER_MODEL_USER_MATCH_H
#define PMO_SERVER_MODEL_USER_MATCH_H

#include "model/access.h"
#include "rpc/call.h"

#include <stddef.h>

/*
 * For each of the n people, given by name and email ("" for none), the
 * username of the one enabled user who passes ACCESS_SEES_PROGRAM for pa
 * and has, case aside, that email, else that username, else that
 * display name; NULL when there is no such user, or several at the best
 * of those. One query. out[i] is allocated from the call's arena.
 */
int user_match_seeing(rpc_call *call, const program_access *pa,
                      char *const *names, char *const *emails, size_t n,
                      const char **out);

#endif
