/*
 * server/db/array.h - one-dimensional PostgreSQL array literals: writing
 * text[] parameters and reading text[] results.
 *
 * Parameters travel as text, so a list of strings goes to the server as
 * one array literal ('{"a","b \"c\""}') cast in the SQL ($1::text[]), and
 * an array column comes back in PostgreSQL's array output form. Both
 * directions quote and unquote here, so no SQL is ever built from the
 * strings themselves.
 */
#ifndef PMO_SERVER_DB_ARRAY_H
#define PMO_SERVER_DB_ARRAY_H

#include "common/arena.h"

#include <stddef.h>

/*
 * The literal for items[0..n): every element double-quoted, with '"' and
 * '\' escaped; "{}" when n is 0. The result lives in a.
 */
char *db_array_literal(arena *a, char *const *items, size_t n);

/*
 * Splits the output form of a one-dimensional array ("{a,\"b c\"}",
 * optionally prefixed with its bounds "[0:1]=") into strings in a. An
 * unquoted NULL element becomes "". Returns 0 with *out and *n set, or -1
 * if text is not such a literal.
 */
int db_array_parse(arena *a, const char *text, char ***out, size_t *n);

#endif
