/* common/utf8.h - keeping text whole when it is cut to fit a buffer. */
#ifndef PMO_COMMON_UTF8_H
#define PMO_COMMON_UTF8_H

/*
 * Drops a trailing UTF-8 sequence that is incomplete, as snprintf leaves
 * one when it cuts inside a character, so the text stays valid UTF-8.
 */
void utf8_trim_partial(char *s);

#endif
