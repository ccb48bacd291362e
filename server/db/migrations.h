/*
 * server/db/migrations.h - the schema migrations compiled into the server.
 *
 * The table is generated at build time from the .sql files in
 * server/db/migrations
 * (see embed_migrations.cmake). A landed migration is never edited: a
 * change to the schema is a new file with the next number.
 */
#ifndef PMO_SERVER_DB_MIGRATIONS_H
#define PMO_SERVER_DB_MIGRATIONS_H

typedef struct db_migration {
    const char *name; /* "0001_spine", the file name without .sql */
    const char *sql;
} db_migration;

extern const db_migration db_migrations[];
extern const int db_migrations_count;

#endif
