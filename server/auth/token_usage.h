/*
 * server/auth/token_usage.h - when to record that an API token was used.
 *
 * api_tokens.last_used_at tells an admin whether a token is still in use,
 * to the minute; writing it on every request would turn each read into a
 * write. So each server remembers when it last wrote it for a token and
 * writes again only a minute later (and the UPDATE itself skips a row
 * another server touched within the minute).
 *
 * Process-wide and thread-safe (one mutex). A fixed table: two tokens
 * that share a slot only cost an extra write now and then.
 */
#ifndef PMO_SERVER_AUTH_TOKEN_USAGE_H
#define PMO_SERVER_AUTH_TOKEN_USAGE_H

#include <stdbool.h>
#include <stdint.h>

/* How often last_used_at is written per token, at most. */
#define TOKEN_USAGE_EVERY_MS (60 * 1000)

/*
 * True if the use of token_id at now_ms should be written (last written
 * more than TOKEN_USAGE_EVERY_MS ago, or never by this server, and not
 * within that time by any server as last_used_ms says); it is then
 * counted as written at now_ms.
 */
bool token_usage_due(int64_t token_id, int64_t last_used_ms, int64_t now_ms);

/* Forgets every token: the next use of each is due again. */
void token_usage_reset(void);

#endif
