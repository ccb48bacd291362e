/* client/pmo/csv.c - an RFC 4180 reader with line numbers, and whole files. */
#include "csv.h"
#include "common/arena.h"
#include "common/xalloc.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The bytes of the field being read. */
typedef struct csv_buf {
    char *s;
    size_t len;
    size_t cap;
} csv_buf;

static void csv_buf_put(csv_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->s = xrealloc(b->s, b->cap);
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void csv_record_clear(csv_record *rec)
{
    for (size_t i = 0; i < rec->n; i++)
        free(rec->fields[i]);
    rec->n = 0;
}

static void csv_record_push(csv_record *rec, csv_buf *b)
{
    if (rec->n == rec->cap) {
        rec->cap = rec->cap ? rec->cap * 2 : 16;
        rec->fields = xrealloc(rec->fields, rec->cap * sizeof(char *));
    }
    rec->fields[rec->n++] = xstrndup(b->s ? b->s : "", b->len);
    b->len = 0;
}

/* A record ends at CRLF, LF or CR; true (and past it) if one is here. */
static bool csv_eol_take(csv_reader *r)
{
    if (r->p < r->end && *r->p == '\r') {
        r->p++;
        if (r->p < r->end && *r->p == '\n')
            r->p++;
        r->line++;
        return true;
    }
    if (r->p < r->end && *r->p == '\n') {
        r->p++;
        r->line++;
        return true;
    }
    return false;
}

/* A quoted field, from its opening quote; line breaks in it count. */
static int csv_quoted_read(csv_reader *r, csv_buf *b, unsigned *err_line,
                           char *err, size_t errlen)
{
    unsigned opened = r->line;
    r->p++;
    for (;;) {
        if (r->p >= r->end) {
            *err_line = opened;
            snprintf(err, errlen, "a quoted field is never closed");
            return -1;
        }
        if (*r->p == '"') {
            if (r->p + 1 < r->end && r->p[1] == '"') {
                csv_buf_put(b, "\"", 1);
                r->p += 2;
                continue;
            }
            r->p++;
            break;
        }
        /* CRLF inside quotes is one line break, kept as written. */
        if (*r->p == '\n' ||
            (*r->p == '\r' && (r->p + 1 >= r->end || r->p[1] != '\n')))
            r->line++;
        csv_buf_put(b, r->p, 1);
        r->p++;
    }
    if (r->p < r->end && *r->p != ',' && *r->p != '\r' && *r->p != '\n') {
        *err_line = r->line;
        snprintf(err, errlen, "text after the closing quote of a field");
        return -1;
    }
    return 0;
}

static void csv_plain_read(csv_reader *r, csv_buf *b)
{
    const char *start = r->p;
    while (r->p < r->end && *r->p != ',' && *r->p != '\r' && *r->p != '\n')
        r->p++;
    csv_buf_put(b, start, (size_t)(r->p - start));
}

void csv_reader_init(csv_reader *r, const char *data, size_t len)
{
    r->p = data;
    r->end = data + len;
    r->line = 1;
    if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
        r->p += 3;
}

void csv_record_init(csv_record *rec)
{
    memset(rec, 0, sizeof(*rec));
}

void csv_record_fini(csv_record *rec)
{
    csv_record_clear(rec);
    free(rec->fields);
    memset(rec, 0, sizeof(*rec));
}

int csv_record_read(csv_reader *r, csv_record *rec, unsigned *err_line,
                    char *err, size_t errlen)
{
    csv_record_clear(rec);
    if (r->p >= r->end)
        return 0;
    rec->line = r->line;
    csv_buf b = {0};
    int rc = 1;
    for (;;) {
        if (r->p < r->end && *r->p == '"')
            rc = csv_quoted_read(r, &b, err_line, err, errlen) ? -1 : 1;
        else
            csv_plain_read(r, &b);
        if (rc < 0)
            break;
        csv_record_push(rec, &b);
        if (r->p < r->end && *r->p == ',') {
            r->p++;
            continue;
        }
        csv_eol_take(r);
        break;
    }
    free(b.s);
    return rc;
}

char *csv_trim(arena *mem, const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return arena_strndup(mem, s, n);
}

int csv_record_blank(const csv_record *rec)
{
    for (size_t i = 0; i < rec->n; i++)
        if (strspn(rec->fields[i], " \t") != strlen(rec->fields[i]))
            return 0;
    return 1;
}
