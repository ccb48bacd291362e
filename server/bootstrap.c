/* server/bootstrap.c - creating the first admin, once. */
#include "bootstrap.h"
#include "api/validate.h"
#include "common/arena.h"
#include "common/crypto.h"
#include "common/fileutil.h"
#include "common/log.h"
#include "model/users.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

DB_STMT(bootstrap_any_user, "SELECT EXISTS (SELECT 1 FROM users)");
/* Serialises first starts of several servers on one empty database. */
DB_STMT(bootstrap_lock, "SELECT pg_advisory_xact_lock(74430002)");

/* Like ssh with private keys: a password others can read is not secret. */
static int bootstrap_check_mode(const char *path, char *err, size_t errlen)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        snprintf(err, errlen, "admin password file %s: %s", path,
                 strerror(errno));
        return -1;
    }
    if (st.st_mode & (S_IRWXG | S_IRWXO)) {
        snprintf(err, errlen,
                 "admin password file %s: readable by group or others "
                 "(mode %03o); run chmod 600 %s",
                 path, (unsigned)(st.st_mode & 0777), path);
        return -1;
    }
    return 0;
}

static int bootstrap_read_password(const char *path, char *out, size_t len,
                                   char *err, size_t errlen)
{
    if (bootstrap_check_mode(path, err, errlen) != 0)
        return -1;
    char *text = file_read_all(path, 4096, NULL);
    if (text == NULL) {
        snprintf(err, errlen, "admin password file %s: %s", path,
                 strerror(errno));
        return -1;
    }
    text[strcspn(text, "\r\n")] = '\0';
    size_t n = strlen(text);
    if (n < VALIDATE_PASSWORD_MIN || n >= len) {
        snprintf(err, errlen,
                 "admin password file %s: the password must be %d to %zu "
                 "characters",
                 path, VALIDATE_PASSWORD_MIN, len - 1);
        free(text);
        return -1;
    }
    memcpy(out, text, n + 1);
    memset(text, 0, n);
    free(text);
    return 0;
}

static int bootstrap_needed(db_conn *db, int *needed)
{
    PGresult *r = db_exec(db, &bootstrap_any_user, 0, NULL);
    if (r == NULL)
        return -1;
    *needed = !db_bool(r, 0, 0);
    PQclear(r);
    return 0;
}

static int bootstrap_create(db_conn *db, const char *password,
                            unsigned iterations, char *err, size_t errlen)
{
    char hash[CRYPTO_PASSWORD_HASH_MAX];
    if (crypto_password_hash(password, iterations, hash) != 0) {
        snprintf(err, errlen, "cannot hash the admin password");
        return -1;
    }
    arena a;
    arena_init(&a);
    rpc_call call = {.arena = &a, .db = db, .method = "pmo-server/bootstrap"};
    snprintf(call.peer, sizeof(call.peer), "local");
    snprintf(call.who.username, sizeof(call.who.username), "pmo-server");
    user_new u = {"admin", "Administrator", "", hash, true, USER_KIND_PERSON};
    int rc = users_create(&call, &u, NULL);
    if (rc != 0)
        snprintf(err, errlen, "creating the admin: %s", call.message);
    arena_fini(&a);
    return rc;
}

int bootstrap_admin(db_conn *db, const char *password_file,
                    unsigned iterations, char *err, size_t errlen)
{
    int needed = 0;
    char password[VALIDATE_PASSWORD_MAX + 1];
    if (db_begin(db) != 0 || db_exec_command(db, &bootstrap_lock, 0, NULL) ||
        bootstrap_needed(db, &needed) != 0) {
        snprintf(err, errlen, "checking for users: %s", db->error);
        goto fail;
    }
    if (!needed) {
        db_rollback(db);
        return 0;
    }
    if (password_file) {
        if (bootstrap_read_password(password_file, password, sizeof(password),
                                    err, errlen) != 0)
            goto fail;
    } else if (crypto_password_generate(password) != 0) {
        snprintf(err, errlen, "no randomness for a password");
        goto fail;
    }
    if (bootstrap_create(db, password, iterations, err, errlen) != 0)
        goto fail;
    if (db_commit(db) != 0) {
        snprintf(err, errlen, "committing the admin: %s", db->error);
        goto fail;
    }
    if (password_file)
        log_info("msg=\"created user admin\" password_from=%s", password_file);
    else
        printf("pmo-server: created user \"admin\" with password %s\n"
               "pmo-server: it is shown only this once; change it with "
               "\"pmo passwd\".\n",
               password);
    fflush(stdout);
    memset(password, 0, sizeof(password));
    return 0;
fail:
    memset(password, 0, sizeof(password));
    db_rollback(db);
    return -1;
}
