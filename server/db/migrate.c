/* server/db/migrate.c - applying the compiled-in schema migrations. */
#include "db/migrate.h"
#include "db/migrations.h"
#include "common/log.h"

#include <stdio.h>

/* Any fixed number; it only has to be the same on every pmo-server. */
#define MIGRATE_LOCK_KEY "74430001"

DB_STMT(migrate_lock, "SELECT pg_advisory_xact_lock(" MIGRATE_LOCK_KEY ")");
DB_STMT(migrate_is_applied,
        "SELECT 1 FROM schema_migrations WHERE name = $1");
DB_STMT(migrate_record, "INSERT INTO schema_migrations (name) VALUES ($1)");

static int migrate_one(db_conn *c, const db_migration *m, char *err,
                       size_t errlen)
{
    const char *params[] = {m->name};
    PGresult *r = db_exec(c, &migrate_is_applied, 1, params);
    if (r == NULL)
        goto fail;
    int applied = PQntuples(r) > 0;
    PQclear(r);
    if (applied)
        return 0;
    if (db_exec_simple(c, m->sql) != 0 ||
        db_exec_command(c, &migrate_record, 1, params) != 0)
        goto fail;
    log_info("msg=\"migration applied\" name=%s", m->name);
    return 1;
fail:
    snprintf(err, errlen, "migration %s: %s", m->name, c->error);
    return -1;
}

int db_migrate(db_conn *c, char *err, size_t errlen)
{
    if (db_begin(c) != 0 ||
        db_exec_command(c, &migrate_lock, 0, NULL) != 0 ||
        db_exec_simple(c, "CREATE TABLE IF NOT EXISTS schema_migrations ("
                          " name text PRIMARY KEY,"
                          " applied_at timestamptz NOT NULL DEFAULT now())") !=
            0) {
        snprintf(err, errlen, "cannot prepare migrations: %s", c->error);
        db_rollback(c);
        return -1;
    }
    int count = 0;
    for (int i = 0; i < db_migrations_count; i++) {
        int rc = migrate_one(c, &db_migrations[i], err, errlen);
        if (rc < 0) {
            db_rollback(c);
            return -1;
        }
        count += rc;
    }
    if (db_commit(c) != 0) {
        snprintf(err, errlen, "committing migrations: %s", c->error);
        return -1;
    }
    return count;
}
