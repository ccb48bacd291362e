/* server/db/backup.c - backup files: the header, pg_dump, pg_restore. */

/*
 * DESIGN: pg_dump writes its archive to a file of its own (so the offsets
 * it records are its own), which is then copied after the header; a
 * restore copies the archive back out to a file of its own the same way.
 * pg_restore turns the archive into SQL (which also proves it whole) and
 * psql runs that SQL after dropping the schema, all in one transaction,
 * so a backup that fails to load leaves the database as it was. The
 * programs are run with fork/execve, never a shell; the conninfo reaches
 * them as PG* environment variables (over any the server was given), so
 * a password never shows in a process list. Their output goes to a file
 * next to the backup, and its first error line is the reason reported.
 */

#include "db/backup.h"
#include "db/conn.h"
#include "db/embedded.h"
#include "db/migrate.h"
#include "db/migrations.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

#define BACKUP_ENV_MAX 512

extern char **environ;

static int backup_err_sys(char *err, size_t errlen, const char *what,
                          const char *path)
{
    snprintf(err, errlen, "%s %s: %s", what, path, strerror(errno));
    return -1;
}

int backup_schema_latest(void)
{
    return db_migrations_count > 0
               ? atoi(db_migrations[db_migrations_count - 1].name)
               : 0;
}

/* Whether the environment entry kv sets a variable one of env[0..n) sets. */
static bool backup_env_overridden(const char *kv, char **env, size_t n)
{
    size_t len = strcspn(kv, "=");
    for (size_t i = 0; i < n; i++)
        if (env[i] != NULL && strncmp(env[i], kv, len) == 0 &&
            env[i][len] == '=')
            return true;
    return false;
}

/* The environment for a PostgreSQL program: the conninfo's settings as
 * the variables libpq reads, then ours but for those. Freed by the
 * caller. */
static char **backup_env_build(const char *conninfo, char *err, size_t errlen)
{
    char *why = NULL;
    PQconninfoOption *opts = PQconninfoParse(conninfo, &why);
    char **env = calloc(BACKUP_ENV_MAX + 1, sizeof *env);
    size_t n = 0, from_conninfo;

    if (opts == NULL || env == NULL) {
        snprintf(err, errlen, "conninfo: %s", why ? why : "out of memory");
        PQfreemem(why);
        PQconninfoFree(opts);
        free(env);
        return NULL;
    }
    for (PQconninfoOption *o = opts; o->keyword != NULL && n < BACKUP_ENV_MAX;
         o++)
        if (o->val != NULL && o->val[0] != '\0' && o->envvar != NULL) {
            size_t len = strlen(o->envvar) + strlen(o->val) + 2;
            char *kv = malloc(len);
            if (kv != NULL)
                snprintf(kv, len, "%s=%s", o->envvar, o->val);
            env[n++] = kv;
        }
    PQconninfoFree(opts);
    from_conninfo = n;
    for (char **e = environ; *e != NULL && n < BACKUP_ENV_MAX; e++)
        if (!backup_env_overridden(*e, env, from_conninfo))
            env[n++] = strdup(*e);
    return env;
}

static void backup_env_free(char **env)
{
    if (env == NULL)
        return;
    for (char **e = env; *e != NULL; e++)
        free(*e);
    free(env);
}

/* The first line naming an error in the log, else its first line. */
static void backup_log_reason(int fd, char *out, size_t len)
{
    char buf[8192];
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    char *line, *save = NULL, *first = NULL;

    snprintf(out, len, "no output");
    buf[n > 0 ? n : 0] = '\0';
    for (line = strtok_r(buf, "\n", &save); line != NULL;
         line = strtok_r(NULL, "\n", &save)) {
        if (first == NULL)
            first = line;
        if (strstr(line, "error:") || strstr(line, "ERROR:")) {
            snprintf(out, len, "%s", line);
            return;
        }
    }
    if (first != NULL)
        snprintf(out, len, "%s", first);
}

/*
 * Where a PostgreSQL program is: beside the server's initdb (the same
 * major version as the embedded cluster), else the first on $PATH, for a
 * host with only the client programs and a --db elsewhere.
 */
static int backup_program_find(const char *name, char *out, size_t len,
                               char *err, size_t errlen)
{
    char bindir[PATH_MAX], why[256];
    const char *path = getenv("PATH");

    if (embedded_pg_bindir(bindir, sizeof bindir, why, sizeof why) == 0 &&
        snprintf(out, len, "%s/%s", bindir, name) < (int)len &&
        access(out, X_OK) == 0)
        return 0;
    while (path != NULL && *path != '\0') {
        size_t dir_len = strcspn(path, ":");
        if (dir_len > 0 &&
            snprintf(out, len, "%.*s/%s", (int)dir_len, path, name) <
                (int)len &&
            access(out, X_OK) == 0)
            return 0;
        path += dir_len + (path[dir_len] == ':');
    }
    snprintf(err, errlen, "%s not found: install the postgresql-client package",
             name);
    return -1;
}

/* Runs the program argv[0] with the conninfo's environment; output to
 * log_path. Returns 0 on exit 0, else -1 with its most telling line. */
static int backup_run(const char *conninfo, char *const argv[],
                      const char *log_path, char *err, size_t errlen)
{
    char prog[PATH_MAX], why[512];
    char **env;
    int log_fd, status = -1;
    pid_t pid;

    if (backup_program_find(argv[0], prog, sizeof prog, err, errlen) != 0)
        return -1;
    env = backup_env_build(conninfo, err, errlen);
    if (env == NULL)
        return -1;
    log_fd = open(log_path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (log_fd < 0) {
        backup_env_free(env);
        return backup_err_sys(err, errlen, "cannot create", log_path);
    }
    pid = fork();
    if (pid == 0) {
        /* Only async-signal-safe calls: the server has threads. */
        int null_fd = open("/dev/null", O_RDONLY);
        sigset_t none;
        if (null_fd < 0 || dup2(null_fd, 0) < 0 || dup2(log_fd, 1) < 0 ||
            dup2(log_fd, 2) < 0)
            _exit(126);
        close_range(3, ~0U, 0);
        /* The server blocks SIGTERM and ignores SIGPIPE; the program must
         * not inherit either. */
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        signal(SIGPIPE, SIG_DFL);
        execve(prog, argv, env);
        _exit(127);
    }
    backup_env_free(env);
    while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        close(log_fd);
        unlink(log_path);
        return 0;
    }
    backup_log_reason(log_fd, why, sizeof why);
    close(log_fd);
    unlink(log_path);
    if (pid < 0)
        return backup_err_sys(err, errlen, "cannot run", prog);
    snprintf(err, errlen, "%s failed: %s", argv[0], why);
    return -1;
}

/* Appends in_fd from offset to its end onto out_fd. */
static int backup_copy(int in_fd, off_t offset, int out_fd)
{
    char buf[65536];
    ssize_t n;

    while ((n = pread(in_fd, buf, sizeof buf, offset)) > 0) {
        for (ssize_t done = 0; done < n;) {
            ssize_t w = write(out_fd, buf + done, (size_t)(n - done));
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0)
                return -1;
            done += w;
        }
        offset += n;
    }
    return n < 0 ? -1 : 0;
}

/* A sibling of path: path + suffix. */
static int backup_sibling(char *out, const char *path, const char *suffix,
                          char *err, size_t errlen)
{
    if (snprintf(out, PATH_MAX, "%s%s", path, suffix) >= PATH_MAX) {
        snprintf(err, errlen, "path too long: %s", path);
        return -1;
    }
    return 0;
}

/* The schema version of the database: its last migration's number. */
static int backup_schema_of(PGconn *conn, int *out, char *err, size_t errlen)
{
    PGresult *r = PQexec(conn, "SELECT max(name) FROM schema_migrations");
    int ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;

    if (ok)
        *out = atoi(PQgetvalue(r, 0, 0));
    else
        snprintf(err, errlen, "cannot read the schema version: %.*s",
                 (int)strcspn(PQerrorMessage(conn), "\n"),
                 PQerrorMessage(conn));
    PQclear(r);
    return ok ? 0 : -1;
}

static PGconn *backup_connect(const char *conninfo, char *err, size_t errlen)
{
    PGconn *conn = PQconnectdb(conninfo);

    if (PQstatus(conn) == CONNECTION_OK)
        return conn;
    snprintf(err, errlen, "cannot connect to the database: %.*s",
             (int)strcspn(PQerrorMessage(conn), "\n"), PQerrorMessage(conn));
    PQfinish(conn);
    return NULL;
}

static int backup_header_write(int fd, int schema)
{
    char created[32], head[BACKUP_HEADER_MAX];
    time_t now = time(NULL);
    struct tm tm;
    int n;

    gmtime_r(&now, &tm);
    strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &tm);
    n = snprintf(head, sizeof head,
                 BACKUP_MAGIC "pmo-version: %s\nschema-version: %d\n"
                              "created: %s\n\n",
                 PMO_VERSION, schema, created);
    return write(fd, head, (size_t)n) == n ? 0 : -1;
}

int backup_write(const char *conninfo, const char *path, char *err,
                 size_t errlen)
{
    char dump[PATH_MAX], log[PATH_MAX];
    char *argv[] = {"pg_dump", "-Fc", "-f", dump, NULL};
    PGconn *conn;
    int schema = 0, fd = -1, dump_fd = -1, rc = -1;

    if (backup_sibling(dump, path, ".dump", err, errlen) != 0 ||
        backup_sibling(log, path, ".log", err, errlen) != 0)
        return -1;
    conn = backup_connect(conninfo, err, errlen);
    if (conn == NULL)
        return -1;
    rc = backup_schema_of(conn, &schema, err, errlen);
    PQfinish(conn);
    if (rc != 0)
        return -1;
    rc = -1;
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return backup_err_sys(err, errlen, "cannot create", path);
    unlink(dump);
    if (backup_header_write(fd, schema) != 0) {
        backup_err_sys(err, errlen, "cannot write", path);
        goto out;
    }
    /* pg_dump reads the whole database in one repeatable-read snapshot. */
    if (backup_run(conninfo, argv, log, err, errlen) != 0)
        goto out;
    dump_fd = open(dump, O_RDONLY | O_CLOEXEC);
    if (dump_fd < 0 || backup_copy(dump_fd, 0, fd) != 0 || fsync(fd) != 0) {
        backup_err_sys(err, errlen, "cannot write", path);
        goto out;
    }
    rc = 0;
out:
    if (dump_fd >= 0)
        close(dump_fd);
    unlink(dump);
    if (close(fd) != 0 && rc == 0)
        rc = backup_err_sys(err, errlen, "cannot write", path);
    if (rc != 0)
        unlink(path);
    return rc;
}

/* Reads one "name: value" line at *p; false when it is not that line. */
static bool backup_header_line(const char **p, const char *end,
                               const char *name, char *value, size_t len)
{
    size_t name_len = strlen(name);
    const char *eol = memchr(*p, '\n', (size_t)(end - *p));

    if (eol == NULL || (size_t)(eol - *p) <= name_len + 2 ||
        memcmp(*p, name, name_len) != 0 ||
        memcmp(*p + name_len, ": ", 2) != 0 ||
        (size_t)(eol - *p) - name_len - 2 >= len)
        return false;
    memcpy(value, *p + name_len + 2, (size_t)(eol - *p) - name_len - 2);
    value[(size_t)(eol - *p) - name_len - 2] = '\0';
    *p = eol + 1;
    return true;
}

int backup_header_parse(const char *buf, size_t n, backup_header *out,
                        char *err, size_t errlen)
{
    const char *p = buf,
               *end = buf + (n < BACKUP_HEADER_MAX ? n : BACKUP_HEADER_MAX);
    char schema[16];
    char *schema_end;
    backup_header h;
    long v;

    if (n < strlen(BACKUP_MAGIC) ||
        memcmp(buf, BACKUP_MAGIC, strlen(BACKUP_MAGIC)) != 0) {
        snprintf(err, errlen, "not a pmo backup (no \"PMO-BACKUP 1\" header)");
        return -1;
    }
    p += strlen(BACKUP_MAGIC);
    if (!backup_header_line(&p, end, "pmo-version", h.pmo_version,
                            sizeof h.pmo_version) ||
        !backup_header_line(&p, end, "schema-version", schema, sizeof schema) ||
        !backup_header_line(&p, end, "created", h.created, sizeof h.created) ||
        p >= end || *p != '\n') {
        snprintf(err, errlen, "not a pmo backup: its header is damaged");
        return -1;
    }
    v = strtol(schema, &schema_end, 10);
    if (*schema_end != '\0' || v <= 0 || v > 1000000) {
        snprintf(err, errlen,
                 "not a pmo backup: schema-version \"%s\" is "
                 "not a number",
                 schema);
        return -1;
    }
    h.schema_version = (int)v;
    h.length = (size_t)(p + 1 - buf);
    *out = h;
    return 0;
}

int backup_header_check(const char *buf, size_t n, backup_header *out,
                        char *err, size_t errlen)
{
    if (backup_header_parse(buf, n, out, err, errlen) != 0)
        return -1;
    if (out->schema_version > backup_schema_latest()) {
        snprintf(err, errlen,
                 "the backup's schema (version %d, pmo %s) is newer than "
                 "this server's (version %d): upgrade the server first",
                 out->schema_version, out->pmo_version, backup_schema_latest());
        return -1;
    }
    return 0;
}

static int backup_header_read(int fd, const char *path, backup_header *out,
                              char *err, size_t errlen)
{
    char buf[BACKUP_HEADER_MAX];
    ssize_t n = pread(fd, buf, sizeof buf, 0);

    if (n < 0)
        return backup_err_sys(err, errlen, "cannot read", path);
    return backup_header_check(buf, (size_t)n, out, err, errlen);
}

/* Refuses a database with more in it than a fresh server's first admin. */
static int backup_target_empty(PGconn *conn, char *err, size_t errlen)
{
    PGresult *r = PQexec(conn, "SELECT (SELECT count(*) FROM users) > 1 "
                               "OR EXISTS (SELECT 1 FROM programs)");
    int rc = -1;

    if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1)
        snprintf(err, errlen, "cannot inspect the database: %.*s",
                 (int)strcspn(PQerrorMessage(conn), "\n"),
                 PQerrorMessage(conn));
    else if (strcmp(PQgetvalue(r, 0, 0), "t") == 0)
        snprintf(err, errlen,
                 "the database already holds programs or users besides the "
                 "first admin; restore with --replace to overwrite them");
    else
        rc = 0;
    PQclear(r);
    return rc;
}

/* Brings the restored schema up to this server's migrations. */
static int backup_migrate(const char *conninfo, char *err, size_t errlen)
{
    db_conn db;
    int rc;

    if (db_conn_open(&db, conninfo, err, errlen) != 0)
        return -1;
    rc = db_migrate(&db, err, errlen) < 0 ? -1 : 0;
    db_conn_close(&db);
    return rc;
}

int backup_restore(const char *conninfo, const char *path, bool replace,
                   char *err, size_t errlen)
{
    char dump[PATH_MAX], sql[PATH_MAX], log[PATH_MAX];
    char *to_sql[] = {"pg_restore", "--no-owner", "--no-acl", "-f",
                      sql,          dump,         NULL};
    char *load[] = {"psql", "-X", "-q", "--single-transaction", "-v",
                    "ON_ERROR_STOP=1",
                    /* A server's call holding a lock must not stall it. */
                    "-c", "SET LOCAL lock_timeout = '60s'", "-c",
                    "DROP SCHEMA public CASCADE", "-c", "CREATE SCHEMA public",
                    "-f", sql, NULL};
    backup_header h;
    PGconn *conn = NULL;
    int fd, dump_fd = -1, rc = -1;

    if (backup_sibling(dump, path, ".dump", err, errlen) != 0 ||
        backup_sibling(sql, path, ".sql", err, errlen) != 0 ||
        backup_sibling(log, path, ".log", err, errlen) != 0)
        return -1;
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return backup_err_sys(err, errlen, "cannot open", path);
    if (backup_header_read(fd, path, &h, err, errlen) != 0 ||
        (conn = backup_connect(conninfo, err, errlen)) == NULL ||
        (!replace && backup_target_empty(conn, err, errlen) != 0))
        goto out;
    PQfinish(conn);
    conn = NULL;
    unlink(dump);
    dump_fd = open(dump, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (dump_fd < 0 || backup_copy(fd, (off_t)h.length, dump_fd) != 0) {
        backup_err_sys(err, errlen, "cannot write", dump);
        goto out;
    }
    if (backup_run(conninfo, to_sql, log, err, errlen) != 0) {
        snprintf(err, errlen,
                 "the backup is damaged: pg_restore cannot "
                 "read its archive");
        goto out;
    }
    if (backup_run(conninfo, load, log, err, errlen) != 0 ||
        backup_migrate(conninfo, err, errlen) != 0)
        goto out;
    rc = 0;
out:
    PQfinish(conn);
    if (dump_fd >= 0)
        close(dump_fd);
    close(fd);
    unlink(dump);
    unlink(sql);
    return rc;
}
