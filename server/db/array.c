/* server/db/array.c - PostgreSQL array literals in and out of C strings. */
#include "db/array.h"

#include <string.h>
#include <strings.h>

char *db_array_literal(arena *a, char *const *items, size_t n)
{
    /* Worst case: every byte escaped, plus quotes and a comma each. */
    size_t cap = 3;
    for (size_t i = 0; i < n; i++)
        cap += 2 * strlen(items[i]) + 3;
    char *out = arena_alloc(a, cap);
    char *p = out;
    *p++ = '{';
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            *p++ = ',';
        *p++ = '"';
        for (const char *s = items[i]; *s; s++) {
            if (*s == '"' || *s == '\\')
                *p++ = '\\';
            *p++ = *s;
        }
        *p++ = '"';
    }
    *p++ = '}';
    *p = '\0';
    return out;
}

/* Elements in the literal, an upper bound: one more than the commas. */
static size_t db_array_count(const char *s)
{
    size_t n = 1;
    for (; *s; s++)
        if (*s == ',')
            n++;
    return n;
}

/* One quoted element starting after its '"'; *s ends past the closing '"'. */
static char *db_array_quoted(arena *a, const char **s)
{
    const char *p = *s;
    char *out = arena_alloc(a, strlen(p) + 1);
    size_t len = 0;
    for (; *p && *p != '"'; p++) {
        if (*p == '\\' && p[1])
            p++;
        out[len++] = *p;
    }
    if (*p != '"')
        return NULL;
    out[len] = '\0';
    *s = p + 1;
    return out;
}

static char *db_array_bare(arena *a, const char **s)
{
    size_t len = strcspn(*s, ",}");
    char *out = arena_strndup(a, *s, len);
    *s += len;
    if (len == 4 && strncasecmp(out, "NULL", 4) == 0)
        out[0] = '\0';
    return out;
}

int db_array_parse(arena *a, const char *text, char ***out, size_t *n)
{
    const char *s = text;
    if (*s == '[') {
        s = strchr(s, '=');
        if (s == NULL)
            return -1;
        s++;
    }
    if (*s++ != '{')
        return -1;
    char **items = arena_alloc(a, db_array_count(s) * sizeof(*items));
    size_t count = 0;
    if (*s == '}') {
        s++;
    } else {
        for (;;) {
            char *item = *s == '"' ? (s++, db_array_quoted(a, &s))
                                   : db_array_bare(a, &s);
            if (item == NULL)
                return -1;
            items[count++] = item;
            if (*s == '}') {
                s++;
                break;
            }
            if (*s++ != ',')
                return -1;
        }
    }
    if (*s != '\0')
        return -1;
    *out = items;
    *n = count;
    return 0;
}
