/* common/utf8.h - UTF-8 text: checking it, and keeping it whole when cut. */
#ifndef PMO_COMMON_UTF8_H
#define PMO_COMMON_UTF8_H

#include <stddef.h>

/*
 * Drops a trailing UTF-8 sequence that is incomplete, as snprintf leaves
 * one when it cuts inside a character, so the text stays valid UTF-8.
 */
void utf8_trim_partial(char *s);

/*
 * How many of the len bytes at s are well-formed UTF-8 from the start
 * (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF): len
 * when all of them are, else the offset of the first bad sequence. A NUL
 * byte is well-formed; callers that refuse it check for it themselves.
 */
size_t utf8_valid_prefix(const char *s, size_t len);

#endif
