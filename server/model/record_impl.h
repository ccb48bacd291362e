/*
 * server/model/record_impl.h - what record.c and record_sql.c share: a
 * kind as prepared (its fields found, its statements built). Nothing
 * outside the record core includes this.
 */
#ifndef PMO_SERVER_MODEL_RECORD_IMPL_H
#define PMO_SERVER_MODEL_RECORD_IMPL_H

#include "model/record.h"

enum record_stmt {
    RECORD_STMT_INSERT,
    RECORD_STMT_GET,
    RECORD_STMT_PAGE,
    RECORD_STMT_CHANGE,
    RECORD_STMT_REMOVE,
    RECORD_STMT_VERSION,
    RECORD_STMT_REFS,
    RECORD_STMT_HISTORY,
    RECORD_STMT_COUNT
};

#define RECORD_FILTERS_MAX 8
#define RECORD_REFS_MAX    16

/* Where the row mapper finds the columns: id, program id, program key,
 * then the kind's columns, then version, then (kinds with money) the
 * program's currency. */
#define RECORD_COL_FIRST 3

struct record_compiled {
    const ProtobufCFieldDescriptor *id, *version, *program;
    const ProtobufCFieldDescriptor **fields; /* one per column */
    /* One per column: a MONEY column's <field>_minor, or NULL. */
    const ProtobufCFieldDescriptor **minor_fields;
    /* Kinds with money: the message's currency field, or NULL. */
    const ProtobufCFieldDescriptor *currency;
    bool money; /* a MONEY column: rows are read with their currency */
    /* Org-wide kinds with links read with the viewer's parameters. */
    bool viewer;
    size_t filters[RECORD_FILTERS_MAX], n_filters;
    size_t refs[RECORD_REFS_MAX], n_refs;
    int link; /* the RECORD_PROGRAMS column List filters on, or -1 */
    /* The fields an update mask may name; NULL-terminated. */
    const char **mask_fields;
    size_t n_mask_fields;
    db_stmt stmts[RECORD_STMT_COUNT];
    char *sql[RECORD_STMT_COUNT];          /* NULL: not built for the kind */
    const char *listing[RECORD_STMT_COUNT + 1]; /* those built, NULL-ended */
    char names[RECORD_STMT_COUNT][64];
};

/* Builds every statement of k (its compiled fields already found). */
int record_sql_build(record_kind *k);

#endif
