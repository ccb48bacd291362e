/*
 * client/cli_session.h - where a command-line client connects, as whom.
 *
 * Shared by pmo and pmo-admin. The server address, CA file, server name
 * and client certificate come from, in order: flags; the environment
 * (PMO_SERVER, PMO_CA); the session file written by the last login; the
 * config file; and finally the local defaults (tls+tcp://127.0.0.1:7443
 * and the ca.pem of a server running on this machine with its default
 * data directory).
 *
 * The token sent is PMO_TOKEN when it is set (an API token, for scripts
 * and services; the session file is then not read at all), else the
 * session file's.
 *
 * Files live in the config directory: $PMO_CONFIG_DIR, else
 * $XDG_CONFIG_HOME/pmo, else ~/.config/pmo.
 *   config   "key = value": server, ca, server_name, cert, key, timeout_ms
 *   session  written by login, mode 0600: server, ca, user, token
 */
#ifndef PMO_CLIENT_CLI_SESSION_H
#define PMO_CLIENT_CLI_SESSION_H

#include "pmoclient.h"

#include <stdbool.h>
#include <stddef.h>

#define CLI_DEFAULT_SERVER "tls+tcp://127.0.0.1:7443"

typedef struct cli_target {
    char *server;
    char *ca;
    char *server_name;
    char *cert;
    char *key;
    char *token; /* PMO_TOKEN, else the session file's if for this server */
    char *user;
    int timeout_ms;
    bool insecure;
} cli_target;

/* Flags a command line may give; NULL for absent. */
typedef struct cli_flags {
    const char *server;
    const char *ca;
    const char *server_name;
    const char *cert; /* client certificate and key (mutual TLS) */
    const char *key;
    bool insecure;
} cli_flags;

/*
 * Resolves the target. Returns 0, or -1 with a reason in err; on failure
 * nothing is left to free.
 */
int cli_target_resolve(cli_target *t, const cli_flags *flags, char *err,
                       size_t errlen);
void cli_target_fini(cli_target *t);

/* Opens a client on the target, with its token if it has one. */
int cli_connect(const cli_target *t, pmo_client **out, pmo_result *res);

/*
 * What a command without a session for t says instead of calling: that
 * the server cannot be reached (the failed connection's status, such as
 * UNAVAILABLE) when it cannot, so that a server down does not read as a
 * missing login; else UNAUTHENTICATED, "not logged in to SERVER (run
 * LOGIN)". Fills res and returns its code, never PMO_OK.
 */
int cli_session_missing(const cli_target *t, const char *login,
                        pmo_result *res);

/* Writes the session file (0600). Returns 0, or -1 with a reason. */
int cli_session_save(const cli_target *t, const char *user, const char *token,
                     char *err, size_t errlen);

/* Removes the session file; 0 if it is gone (or was never there). */
int cli_session_forget(char *err, size_t errlen);

/* The config directory (malloc'd). */
char *cli_config_dir(void);

/*
 * The exit code for a failed call: pmo_status_exit_code of its status,
 * except a connection refused for a TLS setting, which has its own so a
 * script can tell what to fix: 8 the server's certificate is not signed
 * by the CA given, 9 it does not name the server, 10 a client
 * certificate is required or was refused.
 */
int cli_exit_code(const pmo_result *res);

/*
 * Prints a failed call as one line on stderr, "PROG: message", with each
 * field violation on its own indented line, and returns its exit code
 * (cli_exit_code).
 */
int cli_report(const char *prog, const pmo_result *res);

/* Reads a password without echo when stdin is a terminal. */
int cli_read_password(const char *prompt, char *out, size_t len);

/* Reads one line from stdin (for --password-stdin). */
int cli_read_line(char *out, size_t len);

#endif
