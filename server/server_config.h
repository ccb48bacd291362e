/*
 * server/server_config.h - pmo-server's settings, from flags and a file.
 *
 * Every setting has one name, used as "name = value" in the config file
 * (deploy/pmo-server.conf.example) and as --name-with-dashes on the
 * command line; flags override the file. The table in server_config.c is
 * the single list of settings, and --help is printed from it.
 */
#ifndef PMO_SERVER_SERVER_CONFIG_H
#define PMO_SERVER_SERVER_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#define SERVER_MAX_LISTEN 16
#define SERVER_MAX_HOSTNAMES 16

typedef struct server_config {
    char *data_dir;
    char *db;
    char *listen[SERVER_MAX_LISTEN];
    int n_listen;
    char *events_listen; /* the events socket; default: listen port + 1 */
    char *tls_cert;
    char *tls_key;
    char *tls_client_ca;
    char *tls_client_auth; /* none, optional, required */
    char *tls_hostname[SERVER_MAX_HOSTNAMES];
    int n_tls_hostname;
    bool insecure;
    char *admin_password_file;
    int workers;
    int heavy_calls_per_user;
    int contexts;
    int max_connections;
    int max_connections_per_peer;
    int idle_timeout_seconds;
    int handshake_timeout_seconds;
    int session_ttl_hours;
    int password_iterations;
    int session_cache_seconds;
    int login_max_failures;
    int login_window_seconds;
    char *log_level;
    char *server_name;
    char *issue_client_cert; /* NAME: issue a client certificate and exit */
    char *backup;            /* FILE: write a backup of the database, exit */
    char *restore;           /* FILE: load a backup into the database, exit */
    bool replace;            /* --restore over a database holding data */
} server_config;

/*
 * Fills cfg from argv (and the file named by --config, read first).
 * Returns 0, 1 if --help or --version was printed, or -1 with a reason in
 * err naming the flag or the file and line.
 */
int server_config_load(server_config *cfg, int argc, char **argv, char *err,
                       size_t errlen);

/* Applies one "name = value"; for the config file and the flags alike. */
int server_config_set(server_config *cfg, const char *name, const char *value,
                      char *err, size_t errlen);

void server_config_fini(server_config *cfg);

/* The default data directory: /var/lib/pmo as root, else ~/.local/share/pmo. */
char *server_config_default_data_dir(void);

#endif
