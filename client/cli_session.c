/* client/cli_session.c - resolving the server, storing the session token. */
#include "cli_session.h"
#include "common/config.h"
#include "common/fileutil.h"
#include "common/status.h"
#include "common/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

char *cli_config_dir(void)
{
    const char *dir = getenv("PMO_CONFIG_DIR");
    if (dir && dir[0])
        return xstrdup(dir);
    const char *xdg = getenv("XDG_CONFIG_HOME");
    if (xdg && xdg[0])
        return xasprintf("%s/pmo", xdg);
    const char *home = getenv("HOME");
    return xasprintf("%s/.config/pmo", home ? home : ".");
}

static char *cli_config_path(const char *name)
{
    char *dir = cli_config_dir();
    char *path = xasprintf("%s/%s", dir, name);
    free(dir);
    return path;
}

static void cli_set(char **slot, const char *value)
{
    if (*slot == NULL && value && value[0])
        *slot = xstrdup(value);
}

/* Settings from a key = value file; a missing file is not an error. */
static int cli_load_file(const char *name, config_file *out, char *err,
                         size_t errlen)
{
    char *path = cli_config_path(name);
    int rc = 0;
    if (access(path, F_OK) == 0)
        rc = config_load(path, out, err, errlen);
    else
        memset(out, 0, sizeof(*out));
    free(path);
    return rc;
}

/* The CA of a server running here with its default data directory. */
static void cli_default_ca(cli_target *t)
{
    const char *home = getenv("HOME");
    char *user_ca = home ? xasprintf("%s/.local/share/pmo/ca.pem", home) : NULL;
    if (user_ca && access(user_ca, R_OK) == 0)
        cli_set(&t->ca, user_ca);
    else if (access("/var/lib/pmo/ca.pem", R_OK) == 0)
        cli_set(&t->ca, "/var/lib/pmo/ca.pem");
    free(user_ca);
}

static void cli_apply_session(cli_target *t, const config_file *session)
{
    const char *server = config_get(session, "server");
    /* A token is only ever sent to the server that issued it. */
    bool same = server && (t->server == NULL || !strcmp(t->server, server));
    if (!same)
        return;
    cli_set(&t->server, server);
    cli_set(&t->ca, config_get(session, "ca"));
    cli_set(&t->server_name, config_get(session, "server_name"));
    cli_set(&t->token, config_get(session, "token"));
    cli_set(&t->user, config_get(session, "user"));
}

int cli_target_resolve(cli_target *t, const cli_flags *flags, char *err,
                       size_t errlen)
{
    memset(t, 0, sizeof(*t));
    cli_set(&t->server, flags->server);
    cli_set(&t->ca, flags->ca);
    cli_set(&t->server_name, flags->server_name);
    cli_set(&t->cert, flags->cert);
    cli_set(&t->key, flags->key);
    t->insecure = flags->insecure;
    cli_set(&t->server, getenv("PMO_SERVER"));
    cli_set(&t->ca, getenv("PMO_CA"));
    /* An API token in the environment stands in for the login session. */
    cli_set(&t->token, getenv("PMO_TOKEN"));
    bool env_token = t->token != NULL;
    config_file session, config;
    if (cli_load_file("session", &session, err, errlen) != 0) {
        cli_target_fini(t);
        return -1;
    }
    if (cli_load_file("config", &config, err, errlen) != 0) {
        config_fini(&session);
        cli_target_fini(t);
        return -1;
    }
    const char *configured = config_get(&config, "server");
    if (t->server == NULL && configured)
        cli_set(&t->server, configured);
    if (!env_token)
        cli_apply_session(t, &session);
    cli_set(&t->ca, config_get(&config, "ca"));
    cli_set(&t->server_name, config_get(&config, "server_name"));
    cli_set(&t->cert, config_get(&config, "cert"));
    cli_set(&t->key, config_get(&config, "key"));
    const char *timeout = config_get(&config, "timeout_ms");
    t->timeout_ms = timeout ? atoi(timeout) : 0;
    config_fini(&session);
    config_fini(&config);
    cli_set(&t->server, CLI_DEFAULT_SERVER);
    cli_default_ca(t);
    return 0;
}

void cli_target_fini(cli_target *t)
{
    if (t->token)
        explicit_bzero(t->token, strlen(t->token));
    free(t->server);
    free(t->ca);
    free(t->server_name);
    free(t->cert);
    free(t->key);
    free(t->token);
    free(t->user);
    memset(t, 0, sizeof(*t));
}

int cli_connect(const cli_target *t, pmo_client **out, pmo_result *res)
{
    pmo_client_options opt = {
        .url = t->server,
        .ca_file = t->ca,
        .server_name = t->server_name,
        .cert_file = t->cert,
        .key_file = t->key,
        .timeout_ms = t->timeout_ms,
        .insecure = t->insecure,
    };
    int code = pmo_client_open(&opt, out, res);
    if (code == PMO_OK && t->token)
        pmo_client_set_token(*out, t->token);
    return code;
}

int cli_session_missing(const cli_target *t, const char *login, pmo_result *res)
{
    pmo_client *c = NULL;
    if (cli_connect(t, &c, res) != PMO_OK)
        return res->code;
    pmo_client_close(c);
    memset(res, 0, sizeof(*res));
    res->code = PMO_UNAUTHENTICATED;
    snprintf(res->message, sizeof(res->message), "not logged in to %s (run %s)",
             t->server, login);
    return res->code;
}

/* Paths go into the file quoted, so spaces and '#' survive. */
static char *cli_quote(const char *value)
{
    size_t n = 0;
    for (const char *p = value; *p; p++)
        n += (*p == '"' || *p == '\\') ? 2 : 1;
    char *out = xmalloc(n + 3), *w = out;
    *w++ = '"';
    for (const char *p = value; *p; p++) {
        if (*p == '"' || *p == '\\')
            *w++ = '\\';
        *w++ = *p;
    }
    *w++ = '"';
    *w = '\0';
    return out;
}

int cli_session_save(const cli_target *t, const char *user, const char *token,
                     char *err, size_t errlen)
{
    char *dir = cli_config_dir();
    if (file_mkdirs(dir, 0700) != 0) {
        snprintf(err, errlen, "cannot create %s: %s", dir, strerror(errno));
        free(dir);
        return -1;
    }
    char *path = xasprintf("%s/session", dir);
    char *server = cli_quote(t->server);
    char *ca = cli_quote(t->ca ? t->ca : "");
    char *name = cli_quote(t->server_name ? t->server_name : "");
    char *text = xasprintf("# written by pmo login; holds a secret token\n"
                           "server = %s\nca = %s\nserver_name = %s\n"
                           "user = %s\ntoken = %s\n",
                           server, ca, name, user, token);
    int rc = file_write_atomic(path, text, strlen(text), 0600);
    if (rc != 0)
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
    explicit_bzero(text, strlen(text));
    free(text);
    free(server);
    free(ca);
    free(name);
    free(path);
    free(dir);
    return rc;
}

int cli_session_forget(char *err, size_t errlen)
{
    char *path = cli_config_path("session");
    int rc = unlink(path) == 0 || errno == ENOENT ? 0 : -1;
    if (rc != 0)
        snprintf(err, errlen, "cannot remove %s: %s", path, strerror(errno));
    free(path);
    return rc;
}

int cli_exit_code(const pmo_result *res)
{
    switch (res->conn) {
    case PMO_CONN_UNTRUSTED_CA:
        return 8;
    case PMO_CONN_NAME_MISMATCH:
        return 9;
    case PMO_CONN_CLIENT_CERT:
        return 10;
    case PMO_CONN_OK:
    case PMO_CONN_UNREACHABLE:
        break;
    }
    return pmo_status_exit_code(res->code);
}

int cli_report(const char *prog, const pmo_result *res)
{
    fprintf(stderr, "%s: %s\n", prog, res->message);
    /* The message names the first bad field; list them all when several. */
    if (res->n_violations > 1)
        for (size_t i = 0; i < res->n_violations; i++)
            fprintf(stderr, "  %s: %s\n", res->violations[i].field,
                    res->violations[i].description);
    return cli_exit_code(res);
}

int cli_read_line(char *out, size_t len)
{
    if (fgets(out, (int)len, stdin) == NULL)
        return -1;
    out[strcspn(out, "\r\n")] = '\0';
    return 0;
}

int cli_read_password(const char *prompt, char *out, size_t len)
{
    if (!isatty(STDIN_FILENO))
        return cli_read_line(out, len);
    struct termios old, quiet;
    fprintf(stderr, "%s", prompt);
    fflush(stderr);
    if (tcgetattr(STDIN_FILENO, &old) != 0)
        return cli_read_line(out, len);
    quiet = old;
    quiet.c_lflag &= (tcflag_t)~ECHO;
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    int rc = cli_read_line(out, len);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
    fputc('\n', stderr);
    return rc;
}
