/* server/server_config.c - the table of settings and how they are read. */
#include "server_config.h"
#include "common/config.h"
#include "common/xalloc.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef enum setting_kind {
    SETTING_STRING,
    SETTING_LIST,
    SETTING_INT,
    SETTING_BOOL,
} setting_kind;

typedef struct setting {
    const char *name;
    setting_kind kind;
    size_t offset;
    size_t count_offset; /* SETTING_LIST: where the count lives */
    int max_items;       /* SETTING_LIST */
    int min, max;        /* SETTING_INT */
    const char *help;
} setting;

#define S_STR(n, h) {#n, SETTING_STRING, offsetof(server_config, n), 0, 0, 0, 0, h}
#define S_INT(n, lo, hi, h)                                                    \
    {#n, SETTING_INT, offsetof(server_config, n), 0, 0, lo, hi, h}
#define S_BOOL(n, h) {#n, SETTING_BOOL, offsetof(server_config, n), 0, 0, 0, 0, h}
#define S_LIST(n, cnt, maxn, h)                                                \
    {#n, SETTING_LIST, offsetof(server_config, n),                             \
     offsetof(server_config, cnt), maxn, 0, 0, h}

static const setting settings[] = {
    S_STR(data_dir, "directory for the embedded database, TLS files and "
                    "ca.pem"),
    S_STR(db, "libpq conninfo of an existing PostgreSQL (default: run an "
              "embedded cluster in the data directory)"),
    S_LIST(listen, n_listen, SERVER_MAX_LISTEN,
           "address to serve, repeatable (default tls+tcp://127.0.0.1:7443)"),
    S_STR(events_listen,
          "address of the live event stream, a pub0 socket with the same TLS "
          "(default: the first --listen address with its port + 1)"),
    S_STR(tls_cert, "server certificate PEM (default: made by a private CA)"),
    S_STR(tls_key, "server private key PEM, with --tls-cert"),
    S_STR(tls_client_ca, "CA PEM that client certificates must chain to"),
    S_STR(tls_client_auth, "client certificates: none, optional or required"),
    S_LIST(tls_hostname, n_tls_hostname, SERVER_MAX_HOSTNAMES,
           "extra DNS name or IP for the generated certificate, repeatable"),
    S_BOOL(insecure, "allow plain tcp:// listen addresses (testing only)"),
    S_STR(admin_password_file,
          "file holding the first admin's password (else one is generated "
          "and printed once)"),
    S_INT(workers, 1, 256, "database worker threads (default 2 per core, "
                           "at least 4)"),
    S_INT(contexts, 1, 4096, "requests in flight at once (default 128)"),
    S_INT(heavy_calls_per_user, 1, 256,
          "heavy calls (forecast, levelling, schedule checks, plan loads) "
          "one user may have in flight (default 2; all users together get "
          "workers - 1)"),
    S_INT(max_connections, 1, 262144,
          "connections open at once from all peers; more are closed as "
          "they arrive (default 1024)"),
    S_INT(max_connections_per_peer, 1, 262144,
          "connections open at once from one IP address, loopback included "
          "(default 64)"),
    S_INT(idle_timeout_seconds, 1, 86400,
          "close a connection that sends no request for this long and "
          "awaits no reply (default 60)"),
    S_INT(handshake_timeout_seconds, 1, 3600,
          "drop a connection that has not finished its TLS handshake in "
          "this long (default 10)"),
    S_INT(session_ttl_hours, 1, 24 * 365, "session lifetime (default 12)"),
    S_INT(password_iterations, 1000, 10000000,
          "PBKDF2-SHA256 iterations for new password hashes (default "
          "600000)"),
    S_INT(session_cache_seconds, 0, 3600,
          "how long a verified session is trusted without a database check "
          "(default 30; 0 disables)"),
    S_INT(login_max_failures, 1, 64,
          "failed logins per account in the window before refusing "
          "(default 5; 4x that per peer address)"),
    S_INT(login_window_seconds, 1, 86400, "failed-login window (default 900)"),
    S_STR(log_level, "debug, info, warn or error (default info)"),
    S_STR(server_name, "name reported by Meta/Info (default: host name)"),
    S_STR(issue_client_cert,
          "NAME: issue a client certificate for a service signed by the "
          "data directory's CA into DIR/clients/NAME.pem and .key, then "
          "exit (for tls_client_auth)"),
    S_STR(backup, "FILE: write a backup of the database (pg_dump) to FILE, "
                  "then exit"),
    S_STR(restore, "FILE: load a backup made by --backup or pmo-admin "
                   "backup into a database with no data, then exit"),
    S_BOOL(replace, "with --restore: overwrite a database that holds data"),
};
#define N_SETTINGS (sizeof(settings) / sizeof(settings[0]))

static const setting *setting_find(const char *name)
{
    for (size_t i = 0; i < N_SETTINGS; i++)
        if (strcmp(settings[i].name, name) == 0)
            return &settings[i];
    return NULL;
}

static int setting_parse_int(const setting *s, const char *value, int *out,
                             char *err, size_t errlen)
{
    char *end;
    errno = 0;
    long v = strtol(value, &end, 10);
    if (errno || end == value || *end || v < s->min || v > s->max) {
        snprintf(err, errlen, "%s: expected a whole number from %d to %d, "
                              "got \"%s\"",
                 s->name, s->min, s->max, value);
        return -1;
    }
    *out = (int)v;
    return 0;
}

static int setting_parse_bool(const setting *s, const char *value, bool *out,
                              char *err, size_t errlen)
{
    if (!strcmp(value, "true") || !strcmp(value, "yes") || !strcmp(value, "1") ||
        !strcmp(value, "on")) {
        *out = true;
        return 0;
    }
    if (!strcmp(value, "false") || !strcmp(value, "no") ||
        !strcmp(value, "0") || !strcmp(value, "off")) {
        *out = false;
        return 0;
    }
    snprintf(err, errlen, "%s: expected true or false, got \"%s\"", s->name,
             value);
    return -1;
}

int server_config_set(server_config *cfg, const char *name, const char *value,
                      char *err, size_t errlen)
{
    const setting *s = setting_find(name);
    if (s == NULL) {
        snprintf(err, errlen, "unknown setting \"%s\"", name);
        return -1;
    }
    void *field = (char *)cfg + s->offset;
    switch (s->kind) {
    case SETTING_STRING:
        free(*(char **)field);
        *(char **)field = xstrdup(value);
        return 0;
    case SETTING_LIST: {
        int *count = (int *)((char *)cfg + s->count_offset);
        if (*count >= s->max_items) {
            snprintf(err, errlen, "%s: at most %d allowed", s->name,
                     s->max_items);
            return -1;
        }
        ((char **)field)[(*count)++] = xstrdup(value);
        return 0;
    }
    case SETTING_INT:
        return setting_parse_int(s, value, field, err, errlen);
    case SETTING_BOOL:
        return setting_parse_bool(s, value, field, err, errlen);
    }
    return -1;
}

static void server_config_usage(void)
{
    printf("usage: pmo-server [--config FILE] [--name VALUE]...\n\n"
           "Serves the pmo program model over TLS. Every setting may also be "
           "given as\n\"name = value\" in the file named by --config.\n\n");
    for (size_t i = 0; i < N_SETTINGS; i++) {
        char flag[64];
        snprintf(flag, sizeof(flag), "--%s", settings[i].name);
        for (char *p = flag; *p; p++)
            if (*p == '_')
                *p = '-';
        printf("  %-28s %s\n", flag, settings[i].help);
    }
    printf("  %-28s %s\n  %-28s %s\n", "--config FILE",
           "read settings from FILE first", "--version", "print the version");
}

static int server_config_file(server_config *cfg, const char *path, char *err,
                              size_t errlen)
{
    config_file file;
    if (config_load(path, &file, err, errlen) != 0)
        return -1;
    char why[256];
    for (size_t i = 0; i < file.count; i++) {
        const config_entry *e = &file.entries[i];
        if (server_config_set(cfg, e->key, e->value, why, sizeof(why)) != 0) {
            snprintf(err, errlen, "%s: line %d: %s", path, e->line, why);
            config_fini(&file);
            return -1;
        }
    }
    config_fini(&file);
    return 0;
}

/* "--tls-cert" or "--tls-cert=x" -> name "tls_cert". */
static char *flag_to_name(const char *arg, const char **inline_value)
{
    const char *eq = strchr(arg, '=');
    size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
    char *name = xstrndup(arg + 2, len - 2);
    for (char *p = name; *p; p++)
        if (*p == '-')
            *p = '_';
    *inline_value = eq ? eq + 1 : NULL;
    return name;
}

static int server_config_flag(server_config *cfg, int argc, char **argv,
                              int *i, char *err, size_t errlen)
{
    const char *value;
    char *name = flag_to_name(argv[*i], &value);
    const setting *s = setting_find(name);
    if (s == NULL) {
        snprintf(err, errlen, "unknown flag %s (see --help)", argv[*i]);
        free(name);
        return -1;
    }
    if (value == NULL && s->kind == SETTING_BOOL)
        value = "true";
    if (value == NULL) {
        if (*i + 1 >= argc) {
            snprintf(err, errlen, "%s needs a value", argv[*i]);
            free(name);
            return -1;
        }
        value = argv[++*i];
    }
    int rc = server_config_set(cfg, name, value, err, errlen);
    free(name);
    return rc;
}

/* The --config file is read before every other flag so flags win. */
static int server_config_find_file(int argc, char **argv, const char **path,
                                   char *err, size_t errlen)
{
    *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], "--config=", 9) == 0) {
            *path = argv[i] + 9;
        } else if (strcmp(argv[i], "--config") == 0) {
            if (i + 1 >= argc) {
                snprintf(err, errlen, "--config needs a file");
                return -1;
            }
            *path = argv[++i];
        }
    }
    return 0;
}

int server_config_load(server_config *cfg, int argc, char **argv, char *err,
                       size_t errlen)
{
    memset(cfg, 0, sizeof(*cfg));
    /* 0 is a valid setting (no cache), so "unset" needs its own value. */
    cfg->session_cache_seconds = -1;
    const char *file;
    if (server_config_find_file(argc, argv, &file, err, errlen) != 0 ||
        (file && server_config_file(cfg, file, err, errlen) != 0))
        return -1;
    int n_listen_file = cfg->n_listen;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            server_config_usage();
            return 1;
        }
        if (!strcmp(argv[i], "--version")) {
            printf("pmo-server %s\n", PMO_VERSION);
            return 1;
        }
        if (!strncmp(argv[i], "--config", 8)) {
            if (argv[i][8] == '\0')
                i++;
            continue;
        }
        if (strncmp(argv[i], "--", 2) != 0) {
            snprintf(err, errlen, "unexpected argument \"%s\" (see --help)",
                     argv[i]);
            return -1;
        }
        /* Listen addresses on the command line replace the file's. */
        if (n_listen_file && !strncmp(argv[i], "--listen", 8)) {
            for (int k = 0; k < cfg->n_listen; k++)
                free(cfg->listen[k]);
            cfg->n_listen = n_listen_file = 0;
        }
        if (server_config_flag(cfg, argc, argv, &i, err, errlen) != 0)
            return -1;
    }
    return 0;
}

void server_config_fini(server_config *cfg)
{
    for (size_t i = 0; i < N_SETTINGS; i++) {
        void *field = (char *)cfg + settings[i].offset;
        if (settings[i].kind == SETTING_STRING) {
            free(*(char **)field);
        } else if (settings[i].kind == SETTING_LIST) {
            int count = *(int *)((char *)cfg + settings[i].count_offset);
            for (int k = 0; k < count; k++)
                free(((char **)field)[k]);
        }
    }
    memset(cfg, 0, sizeof(*cfg));
}

char *server_config_default_data_dir(void)
{
    if (geteuid() == 0)
        return xstrdup("/var/lib/pmo");
    const char *xdg = getenv("XDG_DATA_HOME");
    if (xdg && xdg[0])
        return xasprintf("%s/pmo", xdg);
    const char *home = getenv("HOME");
    return xasprintf("%s/.local/share/pmo", home ? home : ".");
}
