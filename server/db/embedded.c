/* server/db/embedded.c - the private PostgreSQL cluster: setup, start, stop. */

/*
 * DESIGN: the cluster is driven only through initdb and pg_ctl, run with
 * fork/execvp (never a shell, so no path is ever parsed as a command), with
 * their output appended to DIR/pg.log; a failure is reported as the most
 * telling line that run added to the log. As root, every program runs as
 * the unprivileged owner (PostgreSQL refuses root), and the directories it
 * must write are made and chowned here first, because DIR itself may belong
 * to root. Our settings are appended to postgresql.conf under a marker line
 * that is looked for on every start, so a crash right after initdb does not
 * leave a cluster that listens on TCP.
 */

#include "db/embedded.h"
#include "common/log.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libpq-fe.h>

#define EMBEDDED_PG_CONF_MARK "# pmo embedded cluster settings"
#define EMBEDDED_PG_SOCK_NAME "/.s.PGSQL.5432"
#define EMBEDDED_PG_LOG_TAIL  8192

struct embedded_pg {
    char dir[PATH_MAX];
    char pgdata[PATH_MAX];
    char run[PATH_MAX];
    char log[PATH_MAX];
    char conf[PATH_MAX];
    char version[PATH_MAX];
    char initdb[PATH_MAX];
    char pg_ctl[PATH_MAX];
    int drop; /* running as root: switch to uid/gid/groups in children */
    uid_t uid;
    gid_t gid;
    gid_t groups[64]; /* looked up before fork: the child may not use NSS */
    int ngroups;
    int started; /* this handle's start ran pg_ctl start (not a reuse) */
};

static int embedded_pg_err_sys(char *err, size_t errlen, const char *what,
                               const char *path)
{
    snprintf(err, errlen, "%s %s: %s", what, path, strerror(errno));
    return -1;
}

static int embedded_pg_path_build(char *out, const char *dir, const char *name)
{
    int n = snprintf(out, PATH_MAX, "%s/%s", dir, name);

    return n < 0 || n >= PATH_MAX ? -1 : 0;
}

/* Only async-signal-safe calls: the server may already have threads. */
static void embedded_pg_child(const embedded_pg *pg, char *const argv[],
                              int out_fd)
{
    static const char msg[] = "pmo: cannot switch user or run the program\n";
    ssize_t ignored;
    int null_fd = open("/dev/null", O_RDONLY);
    sigset_t none;

    if (null_fd < 0 || dup2(null_fd, 0) < 0 || dup2(out_fd, 1) < 0 ||
        dup2(out_fd, 2) < 0)
        _exit(126);
    /* The postmaster outlives us and must not hold our sockets open. */
    close_range(3, ~0U, 0);
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    signal(SIGPIPE, SIG_DFL);
    /* The run-as user may not be able to enter our working directory, and
     * initdb and pg_ctl fail when they cannot resolve it. */
    if (chdir("/") == 0 && (pg == NULL || !pg->drop ||
                            (setgroups((size_t)pg->ngroups, pg->groups) == 0 &&
                             setgid(pg->gid) == 0 && setuid(pg->uid) == 0)))
        execvp(argv[0], argv);
    /* Best effort: the exit code alone already reports the failure. */
    ignored = write(2, msg, sizeof msg - 1);
    (void)ignored;
    _exit(127);
}

/* pg NULL: run as ourselves. Output goes to out_fd; *code gets the exit. */
static int embedded_pg_exec(const embedded_pg *pg, char *const argv[],
                            int out_fd, int *code)
{
    pid_t pid = fork();
    int status;

    if (pid < 0)
        return -1;
    if (pid == 0)
        embedded_pg_child(pg, argv, out_fd);
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    *code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return 0;
}

/* How telling a log line is: a severity beats chatter, so the server's
 * FATAL wins over pg_ctl's closing "could not start server". */
static int embedded_pg_line_rank(const char *line)
{
    if (strstr(line, "FATAL:") || strstr(line, "PANIC:") ||
        strstr(line, "ERROR:") || strstr(line, "error:"))
        return 2;
    if (strncmp(line, "Examine the log output", 22) == 0 ||
        strncmp(line, "waiting for server", 18) == 0)
        return 0;
    return 1;
}

/* The most telling line written to the log since offset from. */
static void embedded_pg_log_tail(const embedded_pg *pg, off_t from, char *out,
                                 size_t len)
{
    char buf[EMBEDDED_PG_LOG_TAIL + 1], *line, *save = NULL;
    int fd = open(pg->log, O_RDONLY | O_CLOEXEC), best = 0;
    off_t end;
    ssize_t n = 0;

    snprintf(out, len, "no output");
    if (fd < 0)
        return;
    end = lseek(fd, 0, SEEK_END);
    if (end - from > EMBEDDED_PG_LOG_TAIL)
        from = end - EMBEDDED_PG_LOG_TAIL;
    if (end > from)
        n = pread(fd, buf, (size_t)(end - from), from);
    close(fd);
    buf[n > 0 ? n : 0] = '\0';
    for (line = strtok_r(buf, "\r\n", &save); line != NULL;
         line = strtok_r(NULL, "\r\n", &save)) {
        int rank = line[strspn(line, " \t")] ? embedded_pg_line_rank(line) : 0;

        if (rank > 0 && rank >= best) {
            best = rank;
            snprintf(out, len, "%s", line);
        }
    }
}

/* Runs a PostgreSQL program with its output appended to DIR/pg.log. With
 * code NULL a non-zero exit is an error; otherwise the exit is returned. */
static int embedded_pg_run(const embedded_pg *pg, char *const argv[], int *code,
                           char *err, size_t errlen)
{
    int fd = open(pg->log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    off_t from;
    int status, rc;
    char why[512];

    if (fd < 0)
        return embedded_pg_err_sys(err, errlen, "cannot open", pg->log);
    from = lseek(fd, 0, SEEK_END);
    rc = embedded_pg_exec(pg, argv, fd, &status);
    close(fd);
    if (rc != 0)
        return embedded_pg_err_sys(err, errlen, "cannot run", argv[0]);
    if (code != NULL) {
        *code = status;
        return 0;
    }
    if (status == 0)
        return 0;
    embedded_pg_log_tail(pg, from, why, sizeof why);
    snprintf(err, errlen, "%s failed (exit %d): %s (see %s)", argv[0], status,
             why, pg->log);
    return -1;
}

static int embedded_pg_bindir_usable(const char *bindir)
{
    char initdb[PATH_MAX];

    return bindir[0] != '\0' &&
           embedded_pg_path_build(initdb, bindir, "initdb") == 0 &&
           access(initdb, X_OK) == 0;
}

static int embedded_pg_bindir_from_pg_config(char *out, size_t len)
{
    char *argv[] = {"pg_config", "--bindir", NULL};
    int fds[2], code = -1;
    size_t used = 0;
    ssize_t n;

    if (pipe2(fds, O_CLOEXEC) != 0)
        return -1;
    if (embedded_pg_exec(NULL, argv, fds[1], &code) != 0)
        code = -1;
    close(fds[1]);
    /* One short line fits in the pipe, so reading after the wait is safe. */
    while (used + 1 < len && (n = read(fds[0], out + used, len - used - 1)) > 0)
        used += (size_t)n;
    close(fds[0]);
    out[used] = '\0';
    out[strcspn(out, "\r\n")] = '\0';
    return code == 0 && embedded_pg_bindir_usable(out) ? 0 : -1;
}

static int embedded_pg_bindir_from_usr_lib(char *out, size_t len)
{
    const char *root = "/usr/lib/postgresql";
    char best[NAME_MAX + 1] = "", bindir[PATH_MAX];
    DIR *d = opendir(root);
    struct dirent *e;

    if (d == NULL)
        return -1;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' ||
            snprintf(bindir, sizeof bindir, "%s/%s/bin", root, e->d_name) >=
                (int)sizeof bindir ||
            !embedded_pg_bindir_usable(bindir))
            continue;
        if (best[0] == '\0' || strverscmp(e->d_name, best) > 0)
            snprintf(best, sizeof best, "%s", e->d_name);
    }
    closedir(d);
    if (best[0] == '\0')
        return -1;
    return snprintf(out, len, "%s/%s/bin", root, best) < (int)len ? 0 : -1;
}

int embedded_pg_bindir(char *bindir, size_t len, char *err, size_t errlen)
{
    const char *env = getenv("PMO_PG_BINDIR");

    if (env != NULL && env[0] != '\0') {
        snprintf(bindir, len, "%s", env);
        if (!embedded_pg_bindir_usable(bindir)) {
            snprintf(err, errlen, "PMO_PG_BINDIR=%s has no initdb", env);
            return -1;
        }
    } else if (embedded_pg_bindir_from_pg_config(bindir, len) != 0 &&
               embedded_pg_bindir_from_usr_lib(bindir, len) != 0) {
        snprintf(err, errlen,
                 "no PostgreSQL server found: install the "
                 "postgresql package");
        return -1;
    }
    return 0;
}

static int embedded_pg_bindir_find(embedded_pg *pg, char *err, size_t errlen)
{
    char bindir[PATH_MAX];

    if (embedded_pg_bindir(bindir, sizeof bindir, err, errlen) != 0)
        return -1;
    if (embedded_pg_path_build(pg->initdb, bindir, "initdb") != 0 ||
        embedded_pg_path_build(pg->pg_ctl, bindir, "pg_ctl") != 0) {
        snprintf(err, errlen, "path too long: %s", bindir);
        return -1;
    }
    return 0;
}

/* As root, PostgreSQL runs as DIR's owner, or "postgres" if root owns it.
 * initdb insists on a passwd entry, so a bare uid is refused here. */
static int embedded_pg_user_resolve(embedded_pg *pg, char *err, size_t errlen)
{
    struct passwd *pw;
    struct stat st;

    if (geteuid() != 0)
        return 0;
    if (stat(pg->dir, &st) != 0)
        return embedded_pg_err_sys(err, errlen, "cannot stat", pg->dir);
    pw = st.st_uid != 0 ? getpwuid(st.st_uid) : getpwnam("postgres");
    if (pw == NULL) {
        snprintf(err, errlen,
                 "no user to run PostgreSQL as: chown %s to one, or create "
                 "the \"postgres\" user",
                 pg->dir);
        return -1;
    }
    pg->drop = 1;
    pg->uid = pw->pw_uid;
    pg->gid = pw->pw_gid;
    pg->ngroups = 64;
    /* Past 64 groups the list is cut short, which PostgreSQL never needs. */
    if (getgrouplist(pw->pw_name, pg->gid, pg->groups, &pg->ngroups) < 0)
        pg->ngroups = 64;
    return 0;
}

static int embedded_pg_dir_make(const embedded_pg *pg, const char *path,
                                char *err, size_t errlen)
{
    if ((mkdir(path, 0700) != 0 && errno != EEXIST) || chmod(path, 0700) != 0 ||
        (pg->drop && chown(path, pg->uid, pg->gid) != 0))
        return embedded_pg_err_sys(err, errlen, "cannot prepare", path);
    return 0;
}

static int embedded_pg_layout_make(const embedded_pg *pg, char *err,
                                   size_t errlen)
{
    struct stat st;
    int fd;

    /* The run-as user must be able to pass through DIR to reach its own
     * subdirectories, though not to list or write DIR. */
    if (pg->drop && (stat(pg->dir, &st) != 0 ||
                     (st.st_uid != pg->uid &&
                      chmod(pg->dir, (st.st_mode & 07777) | 0711) != 0)))
        return embedded_pg_err_sys(err, errlen, "cannot open up", pg->dir);
    if (embedded_pg_dir_make(pg, pg->pgdata, err, errlen) != 0 ||
        embedded_pg_dir_make(pg, pg->run, err, errlen) != 0)
        return -1;
    /* pg_ctl -l reopens the log as the run-as user. */
    fd = open(pg->log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0 || close(fd) != 0 ||
        (pg->drop && chown(pg->log, pg->uid, pg->gid) != 0))
        return embedded_pg_err_sys(err, errlen, "cannot prepare", pg->log);
    return 0;
}

/* A postgresql.conf string literal: quotes doubled, backslashes escaped;
 * the inner double quotes keep commas and spaces in the path intact. */
static void embedded_pg_conf_quote(FILE *f, const char *path)
{
    fputs("'\"", f);
    for (; *path != '\0'; path++) {
        if (*path == '\'' || *path == '\\')
            fputc(*path, f);
        if (*path == '"')
            fputc('"', f);
        fputc(*path, f);
    }
    fputs("\"'", f);
}

static int embedded_pg_conf_has_mark(FILE *f)
{
    char *line = NULL;
    size_t cap = 0;
    int found = 0;

    while (!found && getline(&line, &cap, f) > 0)
        found = strncmp(line, EMBEDDED_PG_CONF_MARK,
                        strlen(EMBEDDED_PG_CONF_MARK)) == 0;
    free(line);
    return found;
}

static int embedded_pg_conf_write(const embedded_pg *pg, char *err,
                                  size_t errlen)
{
    FILE *f = fopen(pg->conf, "a+e");
    int rc = 0;

    if (f == NULL)
        return embedded_pg_err_sys(err, errlen, "cannot open", pg->conf);
    if (!embedded_pg_conf_has_mark(f)) {
        fprintf(f, "\n%s\nlisten_addresses = ''\nunix_socket_directories = ",
                EMBEDDED_PG_CONF_MARK);
        embedded_pg_conf_quote(f, pg->run);
        fputs("\nmax_connections = 100\nshared_buffers = 128MB\nfsync = on\n",
              f);
        rc = fflush(f) == 0 && fsync(fileno(f)) == 0 ? 0 : -1;
    }
    if (fclose(f) != 0 || rc != 0)
        return embedded_pg_err_sys(err, errlen, "cannot write", pg->conf);
    return 0;
}

static int embedded_pg_cluster_init(embedded_pg *pg, char *err, size_t errlen)
{
    char *argv[] = {pg->initdb, "-D",    pg->pgdata, "-U",   "pmo",
                    "-A",       "trust", "-E",       "UTF8", "--locale=C.UTF-8",
                    NULL};

    if (access(pg->version, F_OK) != 0 &&
        embedded_pg_run(pg, argv, NULL, err, errlen) != 0)
        return -1;
    return embedded_pg_conf_write(pg, err, errlen);
}

/* The postmaster's pid from postmaster.pid, or 0 when there is none. */
static pid_t embedded_pg_pid_read(const embedded_pg *pg)
{
    char path[PATH_MAX + 32], line[32];
    FILE *f;
    long pid = 0;

    snprintf(path, sizeof path, "%s/postmaster.pid", pg->pgdata);
    f = fopen(path, "re");
    if (f == NULL)
        return 0;
    if (fgets(line, sizeof line, f) != NULL)
        pid = strtol(line, NULL, 10);
    fclose(f);
    return pid > 0 && pid < INT_MAX ? (pid_t)pid : 0;
}

/*
 * Whether pid is a live process. A zombie is not: a postmaster killed
 * while nothing reaps its exit status (an init that does not, a
 * container's first process) still answers kill(pid, 0), and so would
 * make pg_ctl and the postmaster itself believe it is running.
 */
static bool embedded_pg_pid_alive(pid_t pid)
{
    char path[64], stat[512];
    FILE *f;
    size_t n;
    const char *close_paren;

    if (kill(pid, 0) != 0 && errno != EPERM)
        return false;
    snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
    f = fopen(path, "re");
    if (f == NULL)
        return errno != ENOENT;
    n = fread(stat, 1, sizeof stat - 1, f);
    fclose(f);
    stat[n] = '\0';
    /* "pid (comm) S ...": the state follows the last ')'. */
    close_paren = strrchr(stat, ')');
    return close_paren == NULL ||
           (close_paren[1] != '\0' && close_paren[2] != 'Z' &&
            close_paren[2] != 'X');
}

/*
 * After a crash of the postmaster, its lock files name a process that is
 * gone (or a zombie): removes them, as PostgreSQL would for a pid that no
 * longer answers, so the next start is not refused.
 */
static void embedded_pg_stale_clear(const embedded_pg *pg)
{
    char path[PATH_MAX + 32];
    pid_t pid = embedded_pg_pid_read(pg);

    if (pid == 0 || embedded_pg_pid_alive(pid))
        return;
    snprintf(path, sizeof path, "%s/postmaster.pid", pg->pgdata);
    unlink(path);
    snprintf(path, sizeof path, "%s%s.lock", pg->run, EMBEDDED_PG_SOCK_NAME);
    unlink(path);
    log_warn("msg=\"removed the lock files of a postmaster that is gone\" "
             "pid=%ld pgdata=%s",
             (long)pid, pg->pgdata);
}

bool embedded_pg_running(const embedded_pg *pg)
{
    pid_t pid = embedded_pg_pid_read(pg);
    return pid != 0 && embedded_pg_pid_alive(pid);
}

/* Sets *started when this call started the postmaster (not a reuse). */
static int embedded_pg_cluster_start(embedded_pg *pg, int *started, char *err,
                                     size_t errlen)
{
    char *status[] = {pg->pg_ctl, "-D", pg->pgdata, "status", NULL};
    char *start[] = {pg->pg_ctl, "-D", pg->pgdata, "-l",    pg->log,
                     "-w",       "-t", "60",       "start", NULL};
    int code;

    embedded_pg_stale_clear(pg);
    if (embedded_pg_run(pg, status, &code, err, errlen) != 0)
        return -1;
    if (code == 0) {
        *started = 0;
        return 0;
    }
    if (embedded_pg_run(pg, start, NULL, err, errlen) != 0)
        return -1;
    *started = 1;
    return 0;
}

static void embedded_pg_cluster_stop(embedded_pg *pg)
{
    char *stop[] = {pg->pg_ctl, "-D", pg->pgdata, "-m",   "fast",
                    "-w",       "-t", "60",       "stop", NULL};
    char err[1024];

    if (embedded_pg_run(pg, stop, NULL, err, sizeof err) != 0)
        fprintf(stderr, "pmo-server: %s\n", err);
}

static void embedded_pg_err_pq(char *err, size_t errlen, const char *what,
                               const char *msg)
{
    snprintf(err, errlen, "%s: %.*s", what, (int)strcspn(msg, "\n"), msg);
}

static int embedded_pg_database_ensure(const embedded_pg *pg, char *err,
                                       size_t errlen)
{
    const char *keys[] = {"host", "dbname", "user", "connect_timeout", NULL};
    const char *vals[] = {pg->run, "postgres", "pmo", "10", NULL};
    const char *params[] = {"pmo"};
    PGconn *conn = PQconnectdbParams(keys, vals, 0);
    PGresult *res = NULL;
    int rc = -1;

    if (PQstatus(conn) != CONNECTION_OK) {
        embedded_pg_err_pq(err, errlen, "cannot connect to the cluster",
                           PQerrorMessage(conn));
        goto fail;
    }
    res = PQexecParams(conn, "SELECT 1 FROM pg_database WHERE datname = $1", 1,
                       NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 0) {
        PQclear(res);
        res = PQexec(conn, "CREATE DATABASE pmo");
    }
    if (PQresultStatus(res) != PGRES_TUPLES_OK &&
        PQresultStatus(res) != PGRES_COMMAND_OK) {
        embedded_pg_err_pq(err, errlen, "cannot create database pmo",
                           PQerrorMessage(conn));
        goto fail;
    }
    rc = 0;
fail:
    PQclear(res);
    PQfinish(conn);
    return rc;
}

/* libpq conninfo quoting: single quotes, with \ and ' backslash-escaped. */
static int embedded_pg_conninfo_write(const embedded_pg *pg, char *out,
                                      size_t len)
{
    int quote = pg->run[strcspn(pg->run, " \t\n\r\f\v'\\")] != '\0';
    char host[2 * PATH_MAX + 3], *h = host;
    const char *p;
    int n;

    if (quote)
        *h++ = '\'';
    for (p = pg->run; *p != '\0'; p++) {
        if (*p == '\'' || *p == '\\')
            *h++ = '\\';
        *h++ = *p;
    }
    if (quote)
        *h++ = '\'';
    *h = '\0';
    n = snprintf(out, len, "host=%s dbname=pmo user=pmo", host);
    return n < 0 || (size_t)n >= len ? -1 : 0;
}

static int embedded_pg_paths_build(embedded_pg *pg, const char *data_dir,
                                   char *err, size_t errlen)
{
    struct sockaddr_un sa;

    if (realpath(data_dir, pg->dir) == NULL)
        return embedded_pg_err_sys(err, errlen, "cannot resolve", data_dir);
    /* A line break could not be written into postgresql.conf. */
    if (strpbrk(pg->dir, "\n\r") != NULL ||
        embedded_pg_path_build(pg->pgdata, pg->dir, "pg") != 0 ||
        embedded_pg_path_build(pg->run, pg->dir, "run") != 0 ||
        embedded_pg_path_build(pg->log, pg->dir, "pg.log") != 0 ||
        embedded_pg_path_build(pg->conf, pg->pgdata, "postgresql.conf") != 0 ||
        embedded_pg_path_build(pg->version, pg->pgdata, "PG_VERSION") != 0 ||
        strlen(pg->run) + strlen(EMBEDDED_PG_SOCK_NAME) >= sizeof sa.sun_path) {
        snprintf(err, errlen, "%s: path unusable (too long, or a line break)",
                 pg->dir);
        return -1;
    }
    return 0;
}

embedded_pg *embedded_pg_start(const char *data_dir, char *conninfo,
                               size_t conninfo_len, char *err, size_t errlen)
{
    embedded_pg *pg = calloc(1, sizeof *pg);
    int started = 0;

    if (pg == NULL) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    if (embedded_pg_paths_build(pg, data_dir, err, errlen) != 0 ||
        embedded_pg_bindir_find(pg, err, errlen) != 0 ||
        embedded_pg_user_resolve(pg, err, errlen) != 0 ||
        embedded_pg_layout_make(pg, err, errlen) != 0 ||
        embedded_pg_cluster_init(pg, err, errlen) != 0 ||
        embedded_pg_cluster_start(pg, &started, err, errlen) != 0 ||
        embedded_pg_database_ensure(pg, err, errlen) != 0)
        goto fail;
    if (embedded_pg_conninfo_write(pg, conninfo, conninfo_len) != 0) {
        snprintf(err, errlen, "conninfo buffer too small");
        goto fail;
    }
    pg->started = started;
    return pg;

fail:
    if (started)
        embedded_pg_cluster_stop(pg);
    free(pg);
    return NULL;
}

int embedded_pg_restart(embedded_pg *pg, char *err, size_t errlen)
{
    int started;
    return embedded_pg_cluster_start(pg, &started, err, errlen);
}

void embedded_pg_release(embedded_pg *pg)
{
    if (pg != NULL && pg->started) {
        embedded_pg_stop(pg);
        return;
    }
    free(pg);
}

void embedded_pg_stop(embedded_pg *pg)
{
    if (pg == NULL)
        return;
    embedded_pg_cluster_stop(pg);
    free(pg);
}
