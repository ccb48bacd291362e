/*
 * server/db/migrate.h - bringing a database's schema up to date.
 */
#ifndef PMO_SERVER_DB_MIGRATE_H
#define PMO_SERVER_DB_MIGRATE_H

#include "db/conn.h"

#include <stddef.h>

/*
 * Applies every compiled-in migration the database lacks, in order, in one
 * transaction under an advisory lock, so several servers starting at once
 * apply each migration exactly once. Returns the number applied, or -1
 * with a reason in err (nothing is applied then).
 */
int db_migrate(db_conn *c, char *err, size_t errlen);

#endif
