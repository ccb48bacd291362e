/*
 * client/pmo/csv.h - records of comma-separated text as RFC 4180 and
 * spreadsheets write it, and reading a whole file to parse.
 *
 * Fields are separated by commas and records by CRLF, LF or a lone CR.
 * A field in double quotes may hold commas, line breaks and quotes
 * (written twice: ""); a quote inside an unquoted field is kept as text.
 * A UTF-8 byte order mark at the start is skipped. Line numbers count
 * physical lines from 1, so a record whose quoted field spans lines starts
 * on one line and the next record on a later one.
 */
#ifndef PMO_CLIENT_PMO_CSV_H
#define PMO_CLIENT_PMO_CSV_H

#include "common/arena.h"

#include <stddef.h>

typedef struct csv_reader {
    const char *p; /* next byte to read */
    const char *end;
    unsigned line; /* the line p is on */
} csv_reader;

typedef struct csv_record {
    char **fields; /* n strings, owned by the record */
    size_t n;
    size_t cap;
    unsigned line; /* the line the record starts on */
} csv_record;

/* Reads from data[0..len), which must outlive the reader. */
void csv_reader_init(csv_reader *r, const char *data, size_t len);

/*
 * Reads the next record into rec, replacing what it held. Returns 1 with
 * a record, 0 at the end of the data, or -1 with err saying what is wrong
 * with the text; then *err_line is where, and rec->n the index of the bad
 * field.
 */
int csv_record_read(csv_reader *r, csv_record *rec, unsigned *err_line,
                    char *err, size_t errlen);

void csv_record_init(csv_record *rec);
void csv_record_fini(csv_record *rec);

/* A copy of s in mem without the blanks and tabs around it. */
char *csv_trim(arena *mem, const char *s);

/* Whether every field of rec is empty or blank: a line to skip. */
int csv_record_blank(const csv_record *rec);

#endif
