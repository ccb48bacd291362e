/*
 * server/api/validate.h - checks on input fields that name the field.
 *
 * Each check records a field violation on the call (INVALID_ARGUMENT) and
 * returns false when the value is bad, so a handler can run several and
 * report every bad field at once:
 *     bool ok = validate_username(call, "username", in->username);
 *     ok &= validate_length(call, "email", in->email, 0, 254);
 *     if (!ok) { done(NULL, data); return; }
 */
#ifndef PMO_SERVER_API_VALIDATE_H
#define PMO_SERVER_API_VALIDATE_H

#include "rpc/call.h"

#include <stdbool.h>
#include <stddef.h>

#define VALIDATE_PASSWORD_MIN 8
#define VALIDATE_PASSWORD_MAX 256

/* Lower-case letter, then letters, digits, '.', '_' or '-'; 2 to 32. */
bool validate_username(rpc_call *call, const char *field, const char *value);

/*
 * Length in characters (UTF-8 code points) between min and max, and no
 * control characters: what users type lands in other users' terminals.
 * With min > 0 the field is required, and only spaces do not fill it: a
 * title or name of spaces (ASCII or Unicode space separators such as
 * U+00A0 and U+3000) is refused like an empty one.
 */
bool validate_length(rpc_call *call, const char *field, const char *value,
                     size_t min, size_t max);

/* Like validate_length, but newlines and tabs are allowed (descriptions). */
bool validate_text(rpc_call *call, const char *field, const char *value,
                   size_t min, size_t max);

/*
 * A short key: a lower-case letter, then lower-case letters, digits or
 * '-', min to max characters in all (project and team keys).
 */
bool validate_slug(rpc_call *call, const char *field, const char *value,
                   size_t min, size_t max);

/* VALIDATE_PASSWORD_MIN to _MAX characters, not all the same character. */
bool validate_password(rpc_call *call, const char *field, const char *value);

/* Empty, or something@something without spaces, at most 254. */
bool validate_email(rpc_call *call, const char *field, const char *value);

#endif
