/*
 * server/main.c - pmo-server: start-up, the wait for a signal, shutdown.
 *
 * Start-up order: settings; data directory; the open-file limit; TLS
 * files (made by the private CA on first start unless given); the database
 * (embedded cluster unless --db); migrations; the first admin; the RPC
 * server; the events socket; the LISTEN bridge.
 * SIGTERM or SIGINT drains in-flight requests, then everything stops in
 * reverse order, the embedded cluster last.
 */
#include "api/services.h"
#include "auth/login_limiter.h"
#include "auth/session_cache.h"
#include "bootstrap.h"
#include "common/fileutil.h"
#include "common/log.h"
#include "common/tls.h"
#include "common/xalloc.h"
#include "db/backup.h"
#include "db/conn.h"
#include "db/embedded.h"
#include "db/embedded_watch.h"
#include "db/migrate.h"
#include "events/notify.h"
#include "events/publisher.h"
#include "events/subscriptions.h"
#include "fd_limit.h"
#include "pki.h"
#include "rpc/server.h"
#include "server_config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DRAIN_TIMEOUT_MS 10000
#define DEFAULT_LISTEN "tls+tcp://127.0.0.1:7443"

typedef struct server_state {
    server_config cfg;
    embedded_pg *pg;
    embedded_watch *pg_watch; /* restarts pg should its postmaster die */
    char conninfo[1024];
    nng_tls_config *tls;
    rpc_table table;
    rpc_server *rpc;
    notify_bridge *notify;
    event_publisher *events;
    char *cert_file, *key_file;
} server_state;

static void main_defaults(server_config *cfg)
{
    if (cfg->data_dir == NULL)
        cfg->data_dir = server_config_default_data_dir();
    if (cfg->n_listen == 0)
        cfg->listen[cfg->n_listen++] = xstrdup(DEFAULT_LISTEN);
    if (cfg->workers == 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        cfg->workers = cores > 2 ? (int)cores * 2 : 4;
    }
    if (cfg->contexts == 0)
        cfg->contexts = 128;
    if (cfg->max_connections == 0)
        cfg->max_connections = 1024;
    if (cfg->max_connections_per_peer == 0)
        cfg->max_connections_per_peer = 64;
    if (cfg->idle_timeout_seconds == 0)
        cfg->idle_timeout_seconds = 60;
    if (cfg->handshake_timeout_seconds == 0)
        cfg->handshake_timeout_seconds = 10;
    if (cfg->session_cache_seconds < 0)
        cfg->session_cache_seconds = 30;
    if (cfg->session_ttl_hours == 0)
        cfg->session_ttl_hours = 12;
    if (cfg->heavy_calls_per_user == 0)
        cfg->heavy_calls_per_user = 2;
    if (cfg->login_max_failures == 0)
        cfg->login_max_failures = 5;
    if (cfg->login_window_seconds == 0)
        cfg->login_window_seconds = 900;
    if (cfg->server_name == NULL) {
        char host[256] = "pmo";
        gethostname(host, sizeof(host) - 1);
        cfg->server_name = xstrdup(host);
    }
}

/*
 * The events socket's address: --events-listen, else the first listen
 * address with its port + 1 (tls+tcp://127.0.0.1:7443 -> ...:7444).
 */
static int main_events_url(server_config *cfg, char *err, size_t errlen)
{
    if (cfg->events_listen == NULL) {
        const char *url = cfg->listen[0];
        const char *colon = strrchr(url, ':');
        long port = colon ? strtol(colon + 1, NULL, 10) : 0;
        if (colon == NULL || colon < strstr(url, "://") + 3 || port <= 0 ||
            port >= 65535) {
            snprintf(err, errlen,
                     "events_listen: cannot derive it from %s; give one", url);
            return -1;
        }
        cfg->events_listen =
            xasprintf("%.*s:%ld", (int)(colon - url), url, port + 1);
    }
    const char *colon = strrchr(cfg->events_listen, ':');
    long port = colon ? strtol(colon + 1, NULL, 10) : 0;
    if (port <= 0 || port > 65535) {
        snprintf(err, errlen, "events_listen %s: needs a port",
                 cfg->events_listen);
        return -1;
    }
    api_config.events_url = cfg->events_listen;
    api_config.events_port = (unsigned)port;
    return 0;
}

static int main_tls(server_state *st, char *err, size_t errlen)
{
    server_config *cfg = &st->cfg;
    if ((cfg->tls_cert == NULL) != (cfg->tls_key == NULL)) {
        snprintf(err, errlen, "--tls-cert and --tls-key go together");
        return -1;
    }
    if (cfg->tls_cert) {
        st->cert_file = xstrdup(cfg->tls_cert);
        st->key_file = xstrdup(cfg->tls_key);
    } else {
        const char *names[SERVER_MAX_HOSTNAMES + 1] = {0};
        for (int i = 0; i < cfg->n_tls_hostname; i++)
            names[i] = cfg->tls_hostname[i];
        if (pki_ensure(cfg->data_dir, names, err, errlen) != 0)
            return -1;
        st->cert_file = xasprintf("%s/tls/server.pem", cfg->data_dir);
        st->key_file = xasprintf("%s/tls/server.key", cfg->data_dir);
    }
    tls_client_auth mode = TLS_CLIENT_AUTH_NONE;
    const char *m = cfg->tls_client_auth ? cfg->tls_client_auth : "none";
    if (!strcmp(m, "optional"))
        mode = TLS_CLIENT_AUTH_OPTIONAL;
    else if (!strcmp(m, "required"))
        mode = TLS_CLIENT_AUTH_REQUIRED;
    else if (strcmp(m, "none") != 0) {
        snprintf(err, errlen,
                 "tls_client_auth: expected none, optional or required");
        return -1;
    }
    return tls_server_config(st->cert_file, st->key_file, cfg->tls_client_ca,
                             mode, &st->tls, err, errlen);
}

/* Starts the embedded cluster unless --db, and sets st->conninfo. */
static int main_database_open(server_state *st, char *err, size_t errlen)
{
    server_config *cfg = &st->cfg;
    if (cfg->db) {
        snprintf(st->conninfo, sizeof(st->conninfo), "%s", cfg->db);
    } else {
        st->pg = embedded_pg_start(cfg->data_dir, st->conninfo,
                                   sizeof(st->conninfo), err, errlen);
        if (st->pg == NULL)
            return -1;
        st->pg_watch = embedded_watch_start(st->pg, err, errlen);
        if (st->pg_watch == NULL)
            return -1;
    }
    return 0;
}

static int main_database(server_state *st, char *err, size_t errlen)
{
    server_config *cfg = &st->cfg;
    if (main_database_open(st, err, errlen) != 0)
        return -1;
    db_conn db;
    if (db_conn_open(&db, st->conninfo, err, errlen) != 0)
        return -1;
    int applied = db_migrate(&db, err, errlen);
    int rc = applied < 0 ? -1
                         : bootstrap_admin(&db, cfg->admin_password_file,
                                           (unsigned)cfg->password_iterations,
                                           err, errlen);
    db_conn_close(&db);
    return rc;
}

static int main_serve(server_state *st, char *err, size_t errlen)
{
    server_config *cfg = &st->cfg;
    api_config.session_ttl_s = cfg->session_ttl_hours * 3600;
    api_config.password_iterations = (unsigned)cfg->password_iterations;
    api_config.data_dir = cfg->data_dir;
    api_config.conninfo = st->conninfo;
    api_config.client_certs =
        cfg->tls_client_auth && strcmp(cfg->tls_client_auth, "none") != 0;
    session_cache_init(cfg->session_cache_seconds * 1000,
                       cfg->contexts * 64);
    login_limits limits = {cfg->login_max_failures,
                           cfg->login_max_failures * 4,
                           cfg->login_window_seconds};
    login_limiter_init(&limits);
    if (rpc_table_build(&st->table, api_services, err, errlen) != 0)
        return -1;
    rpc_server_config rc = {
        .listen_urls = (const char *const *)cfg->listen,
        .n_listen = (size_t)cfg->n_listen,
        .tls = st->tls,
        .allow_insecure = cfg->insecure,
        .workers = cfg->workers,
        .contexts = cfg->contexts,
        .heavy_calls_per_user = cfg->heavy_calls_per_user,
        .limits = {cfg->max_connections, cfg->max_connections_per_peer,
                   cfg->idle_timeout_seconds * 1000,
                   cfg->handshake_timeout_seconds * 1000},
        .db_conninfo = st->conninfo,
        .table = &st->table,
        .server_name = cfg->server_name,
    };
    st->rpc = rpc_server_start(&rc, err, errlen);
    if (st->rpc == NULL)
        return -1;
    event_subs_init();
    if (main_events_url(cfg, err, errlen) != 0)
        return -1;
    st->events = event_publisher_start(cfg->events_listen, st->tls,
                                       cfg->insecure, cfg->max_connections,
                                       err, errlen);
    if (st->events == NULL)
        return -1;
    st->notify = notify_bridge_start(st->conninfo, st->events, err, errlen);
    return st->notify ? 0 : -1;
}

static void main_shutdown(server_state *st)
{
    if (st->rpc) {
        rpc_server_drain(st->rpc, DRAIN_TIMEOUT_MS);
        rpc_server_stop(st->rpc);
    }
    notify_bridge_stop(st->notify);
    event_publisher_stop(st->events);
    event_subs_fini();
    rpc_table_fini(&st->table);
    if (st->tls)
        nng_tls_config_free(st->tls);
    embedded_watch_stop(st->pg_watch); /* or it would restart the cluster */
    embedded_pg_stop(st->pg);
    session_cache_fini();
    free(st->cert_file);
    free(st->key_file);
    server_config_fini(&st->cfg);
}

static void main_announce(const server_state *st)
{
    for (int i = 0; i < st->cfg.n_listen; i++)
        log_announce("msg=ready url=%s ca=%s/ca.pem database=%s", st->cfg.listen[i],
                 st->cfg.data_dir, st->pg ? "embedded" : "external");
    log_info("msg=\"events ready\" url=%s", st->cfg.events_listen);
}

/* --issue-client-cert NAME: a one-off task, not a server start. */
static int main_issue_client_cert(server_config *cfg, char *err, size_t errlen)
{
    const char *name = cfg->issue_client_cert;
    if (name[0] == '\0') {
        snprintf(err, errlen, "issue_client_cert: needs a name");
        return -1;
    }
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
              (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' ||
              *p == '.') ||
            p - name > 63 || name[0] == '.') {
            snprintf(err, errlen, "issue_client_cert: a name of letters, "
                                  "digits, '-', '_' and '.' (at most 64)");
            return -1;
        }
    char *dir = xasprintf("%s/clients", cfg->data_dir);
    char *cert = xasprintf("%s/%s.pem", dir, name);
    char *key = xasprintf("%s/%s.key", dir, name);
    int rc = pki_ensure(cfg->data_dir, NULL, err, errlen);
    if (rc == 0 && file_mkdirs(dir, 0700) != 0) {
        snprintf(err, errlen, "%s: %s", dir, strerror(errno));
        rc = -1;
    }
    if (rc == 0)
        rc = pki_issue_client(cfg->data_dir, name, cert, key, err, errlen);
    if (rc == 0)
        printf("certificate %s\nkey         %s\nCA          %s/ca.pem\n", cert,
               key, cfg->data_dir);
    free(dir);
    free(cert);
    free(key);
    return rc;
}

/*
 * --backup FILE or --restore FILE: a one-off task on the database this
 * server would use (the embedded cluster unless --db), without serving.
 * A backup goes to FILE.tmp and is renamed into place when whole.
 */
static int main_backup_task(server_state *st, char *err, size_t errlen)
{
    server_config *cfg = &st->cfg;
    if (cfg->backup && cfg->restore) {
        snprintf(err, errlen, "--backup and --restore: one at a time");
        return -1;
    }
    /* Migrated first: a new data directory gets the schema to check. */
    db_conn db;
    if (main_database_open(st, err, errlen) != 0 ||
        db_conn_open(&db, st->conninfo, err, errlen) != 0)
        return -1;
    int applied = db_migrate(&db, err, errlen);
    db_conn_close(&db);
    if (applied < 0)
        return -1;
    if (cfg->restore) {
        if (backup_restore(st->conninfo, cfg->restore, cfg->replace, err,
                           errlen) != 0)
            return -1;
        printf("restored %s; start pmo-server to serve it (a server already "
               "running on this database must be restarted)\n",
               cfg->restore);
        return 0;
    }
    char *tmp = xasprintf("%s.tmp", cfg->backup);
    int rc = backup_write(st->conninfo, tmp, err, errlen);
    if (rc == 0 && rename(tmp, cfg->backup) != 0) {
        snprintf(err, errlen, "cannot rename %s: %s", tmp, strerror(errno));
        unlink(tmp);
        rc = -1;
    }
    if (rc == 0)
        printf("backup written to %s\n", cfg->backup);
    free(tmp);
    return rc;
}

static int main_wait_for_signal(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    int sig = 0;
    sigwait(&set, &sig);
    return sig;
}

int main(int argc, char **argv)
{
    server_state st = {0};
    char err[512] = "";
    int rc = server_config_load(&st.cfg, argc, argv, err, sizeof(err));
    if (rc != 0) {
        if (rc < 0)
            fprintf(stderr, "pmo-server: %s\n", err);
        server_config_fini(&st.cfg);
        return rc < 0 ? 2 : 0;
    }
    main_defaults(&st.cfg);
    if (st.cfg.log_level) {
        int level = log_level_parse(st.cfg.log_level);
        if (level < 0) {
            fprintf(stderr, "pmo-server: log_level: expected debug, info, "
                            "warn or error\n");
            server_config_fini(&st.cfg);
            return 2;
        }
        log_set_level((log_level)level);
    }
    /* Signals are taken by sigwait in main only, never by nng's threads. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    if (file_mkdirs(st.cfg.data_dir, 0700) != 0) {
        snprintf(err, sizeof(err), "data directory %s: %s", st.cfg.data_dir,
                 strerror(errno));
        goto fail;
    }
    if (st.cfg.issue_client_cert) {
        if (main_issue_client_cert(&st.cfg, err, sizeof(err)) != 0)
            goto fail;
        main_shutdown(&st);
        return 0;
    }
    if (st.cfg.backup || st.cfg.restore) {
        rc = main_backup_task(&st, err, sizeof(err));
        /* A cluster a running server started stays up for it. */
        embedded_watch_stop(st.pg_watch);
        st.pg_watch = NULL;
        embedded_pg_release(st.pg);
        st.pg = NULL;
        if (rc != 0)
            goto fail;
        main_shutdown(&st);
        return 0;
    }
    fd_limit_ensure(st.cfg.max_connections, st.cfg.workers);
    if (main_tls(&st, err, sizeof(err)) != 0 ||
        main_database(&st, err, sizeof(err)) != 0 ||
        main_serve(&st, err, sizeof(err)) != 0)
        goto fail;
    main_announce(&st);
    int sig = main_wait_for_signal();
    log_info("msg=\"shutting down\" signal=%s", strsignal(sig));
    main_shutdown(&st);
    log_info("msg=stopped");
    return 0;
fail:
    fprintf(stderr, "pmo-server: %s\n", err);
    main_shutdown(&st);
    return 1;
}
