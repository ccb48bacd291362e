/* common/utf8.c - keeping text whole when it is cut to fit a buffer. */
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
