/*
 * server/bootstrap.h - the first admin account of a new installation.
 */
#ifndef PMO_SERVER_BOOTSTRAP_H
#define PMO_SERVER_BOOTSTRAP_H

#include "db/conn.h"

#include <stddef.h>

/*
 * If the database has no users, creates "admin" with the password read
 * from password_file (first line), or a generated one that is printed once
 * on stdout. Returns 0, or -1 with a reason in err.
 */
int bootstrap_admin(db_conn *db, const char *password_file,
                    unsigned iterations, char *err, size_t errlen);

#endif
