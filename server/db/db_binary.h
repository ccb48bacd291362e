/*
 * server/db/db_binary.h - reading values of a result in PostgreSQL's
 * binary format (db_exec_binary): integers and floats are big-endian,
 * text is its bytes (libpq always adds a NUL after a value). A NULL reads
 * as the given default. The caller knows each column's type from its SQL
 * (cast every column, NULLs included, so the types are certain).
 */
#ifndef PMO_SERVER_DB_DB_BINARY_H
#define PMO_SERVER_DB_DB_BINARY_H

#include <endian.h>
#include <libpq-fe.h>
#include <stdint.h>
#include <string.h>

static inline int64_t db_bin_int8(const PGresult *r, int row, int col,
                                  int64_t if_null)
{
    if (PQgetisnull(r, row, col))
        return if_null;
    uint64_t v;
    memcpy(&v, PQgetvalue(r, row, col), sizeof v);
    return (int64_t)be64toh(v);
}

static inline int32_t db_bin_int4(const PGresult *r, int row, int col,
                                  int32_t if_null)
{
    if (PQgetisnull(r, row, col))
        return if_null;
    uint32_t v;
    memcpy(&v, PQgetvalue(r, row, col), sizeof v);
    return (int32_t)be32toh(v);
}

static inline double db_bin_float8(const PGresult *r, int row, int col,
                                   double if_null)
{
    if (PQgetisnull(r, row, col))
        return if_null;
    uint64_t bits;
    memcpy(&bits, PQgetvalue(r, row, col), sizeof bits);
    bits = be64toh(bits);
    double v;
    memcpy(&v, &bits, sizeof v);
    return v;
}

/* A text value ("" for NULL); valid while r is. */
static inline const char *db_bin_text(const PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? "" : PQgetvalue(r, row, col);
}

#endif
