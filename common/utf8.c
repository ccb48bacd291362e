/* common/utf8.c - UTF-8 text: checking it, and keeping it whole when cut. */
#include "common/utf8.h"

#include <string.h>

/* How many bytes a sequence starting with lead has; 1 for a stray byte. */
static size_t utf8_sequence_length(unsigned char lead)
{
    if (lead >= 0xf0)
        return 4;
    if (lead >= 0xe0)
        return 3;
    if (lead >= 0xc0)
        return 2;
    return 1;
}

void utf8_trim_partial(char *s)
{
    size_t len = strlen(s);
    size_t start = len;
    /* A character is at most four bytes: look back at most three. */
    while (start > 0 && len - start < 3 &&
           ((unsigned char)s[start - 1] & 0xc0) == 0x80)
        start--;
    if (start == 0)
        return;
    unsigned char lead = (unsigned char)s[start - 1];
    if (lead >= 0xc0 && utf8_sequence_length(lead) > len - start + 1)
        s[start - 1] = '\0';
}

/*
 * The length of the well-formed sequence at p (at most avail bytes), or 0.
 * The second byte's range depends on the lead (Unicode's table 3-7): that
 * is what rules out overlong forms, surrogates and code points past
 * U+10FFFF; later bytes are plain continuation bytes.
 */
static size_t utf8_sequence_valid(const unsigned char *p, size_t avail)
{
    unsigned char lead = p[0], lo = 0x80, hi = 0xbf;
    size_t n;
    if (lead >= 0xc2 && lead <= 0xdf) {
        n = 2;
    } else if (lead >= 0xe0 && lead <= 0xef) {
        n = 3;
        lo = lead == 0xe0 ? 0xa0 : 0x80;
        hi = lead == 0xed ? 0x9f : 0xbf;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        n = 4;
        lo = lead == 0xf0 ? 0x90 : 0x80;
        hi = lead == 0xf4 ? 0x8f : 0xbf;
    } else {
        return 0;
    }
    if (avail < n || p[1] < lo || p[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if ((p[i] & 0xc0) != 0x80)
            return 0;
    return n;
}

size_t utf8_valid_prefix(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        /* Most text is ASCII: one compare per byte. */
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        size_t n = utf8_sequence_valid(p + i, len - i);
        if (n == 0)
            return i;
        i += n;
    }
    return len;
}
