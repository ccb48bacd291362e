/*
 * server/db/backup.h - a whole database to one file and back, with
 * PostgreSQL's own pg_dump and pg_restore.
 *
 * A backup file is a short text header followed by a pg_dump archive in
 * its custom format (-Fc):
 *
 *     PMO-BACKUP 1
 *     pmo-version: 0.9.0
 *     schema-version: 19
 *     created: 2026-12-08T02:40:00Z
 *     <empty line>
 *     PGDMP...
 *
 * The schema version is the number of the last migration applied to the
 * database dumped; a server refuses a backup newer than its own schema
 * and brings an older one up to date after restoring it. pmo-server
 * --backup/--restore use these directly; BackupService/Backup and
 * Restore use them on files in the data directory.
 */
#ifndef PMO_SERVER_DB_BACKUP_H
#define PMO_SERVER_DB_BACKUP_H

#include <stdbool.h>
#include <stddef.h>

#define BACKUP_MAGIC "PMO-BACKUP 1\n"
/* A header is at most this long; a longer one is not pmo's. */
#define BACKUP_HEADER_MAX 512

typedef struct backup_header {
    char pmo_version[64];
    int schema_version;
    char created[32];
    size_t length; /* bytes up to and including the empty line */
} backup_header;

/*
 * Parses the header at the start of buf (n bytes read from the file).
 * Returns 0, or -1 with a reason in err ("not a pmo backup ...").
 */
int backup_header_parse(const char *buf, size_t n, backup_header *out,
                        char *err, size_t errlen);

/*
 * backup_header_parse, then refuses a backup whose schema is newer than
 * this server's: what a restore checks first, also on an upload's first
 * part so a wrong file is refused before the rest is sent.
 */
int backup_header_check(const char *buf, size_t n, backup_header *out,
                        char *err, size_t errlen);

/* The schema version this server's migrations end at. */
int backup_schema_latest(void);

/*
 * Writes the database at conninfo (header, then pg_dump -Fc, one
 * snapshot) to path, which must not exist; created mode 0600. The caller
 * renames it into place. Returns 0, or -1 with a reason in err (path is
 * then removed).
 */
int backup_write(const char *conninfo, const char *path, char *err,
                 size_t errlen);

/*
 * Replaces the database at conninfo with the backup in path: refuses a
 * file that is not a pmo backup or whose schema is newer than this
 * server's, and, unless replace, a database holding more than the first
 * admin. The old schema is dropped and the backup loaded in one
 * transaction, so a failure leaves the database as it was; then the
 * migrations this server has beyond the backup's are applied. Returns 0,
 * or -1 with a reason in err.
 */
int backup_restore(const char *conninfo, const char *path, bool replace,
                   char *err, size_t errlen);

#endif
