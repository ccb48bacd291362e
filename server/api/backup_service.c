/*
 * server/api/backup_service.c - pmo.v1.BackupService: the database to a
 * backup file and back (server/db/backup.h), carried in parts.
 *
 * Who may do what: global admins only (the dispatcher checks).
 *
 * A backup is made whole by the first call into DATA_DIR/backups/ID.backup
 * and handed out a part at a time, each under a quarter of the frame a
 * client reads (as report parts are); the last part removes the file. An
 * upload goes to DATA_DIR/backups/ID.restore, a part at a time at the
 * offset the server already holds, and the finishing call loads it. Files
 * left behind by a client that went away are removed an hour on, when the
 * next backup or upload starts. Ids are random, so one admin cannot guess
 * another's file, and checked to be hex, so they never name another path.
 *
 * A restore replaces every table under the running server: its pooled
 * connections hold no locks between calls, and the finishing call's own
 * transaction touches nothing until the backup is loaded, after which it
 * records the restore in the (restored) audit trail. Sessions cached in
 * memory are forgotten, so only the backup's sessions are honoured, and
 * so is when each API token's use was last written. Failed logins counted
 * in memory (auth/login_limiter.h) are kept: they are about peers and
 * names, not rows, and lapse with their window.
 */
#include "api/services.h"
#include "audit/audit.h"
#include "auth/session_cache.h"
#include "auth/token_usage.h"
#include "common/crypto.h"
#include "common/envelope.h"
#include "db/backup.h"
#include "pmo/v1/backup.pb-c.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define BACKUP_PART_BYTES    (ENVELOPE_MAX_MESSAGE / 4)
#define BACKUP_ID_BYTES      16
#define BACKUP_STALE_SECONDS 3600

typedef struct backup_file {
    char id[2 * BACKUP_ID_BYTES + 1];
    char path[PATH_MAX];
} backup_file;

static const char *backup_dir(rpc_call *call)
{
    char *dir = arena_printf(call->arena, "%s/backups", api_config.data_dir);
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        rpc_fail(call, PMO_INTERNAL, "cannot make %s: %s", dir,
                 strerror(errno));
        return NULL;
    }
    return dir;
}

/* Removes what clients that went away left behind. */
static void backup_stale_clear(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    time_t now = time(NULL);

    if (d == NULL)
        return;
    while ((e = readdir(d)) != NULL) {
        struct stat st;
        if (e->d_name[0] != '.' && fstatat(dirfd(d), e->d_name, &st, 0) == 0 &&
            now - st.st_mtime > BACKUP_STALE_SECONDS)
            unlinkat(dirfd(d), e->d_name, 0);
    }
    closedir(d);
}

/* A new file's id and path; false with the call failed. */
static bool backup_file_new(rpc_call *call, const char *suffix,
                            backup_file *out)
{
    unsigned char raw[BACKUP_ID_BYTES];
    const char *dir = backup_dir(call);
    if (dir == NULL)
        return false;
    backup_stale_clear(dir);
    if (crypto_random(raw, sizeof raw) != 0) {
        rpc_fail(call, PMO_INTERNAL, "no randomness for a backup id");
        return false;
    }
    for (size_t i = 0; i < sizeof raw; i++)
        snprintf(out->id + 2 * i, 3, "%02x", raw[i]);
    snprintf(out->path, sizeof out->path, "%s/%s.%s", dir, out->id, suffix);
    return true;
}

/* The file of an id from an earlier reply; false with a violation. */
static bool backup_file_find(rpc_call *call, const char *field, const char *id,
                             const char *suffix, backup_file *out)
{
    const char *dir = backup_dir(call);
    if (dir == NULL)
        return false;
    if (strlen(id) != 2 * BACKUP_ID_BYTES ||
        strspn(id, "0123456789abcdef") != 2 * BACKUP_ID_BYTES) {
        rpc_violation(call, field, "not an id from an earlier reply");
        return false;
    }
    snprintf(out->id, sizeof out->id, "%s", id);
    snprintf(out->path, sizeof out->path, "%s/%s.%s", dir, id, suffix);
    if (access(out->path, F_OK) != 0) {
        rpc_fail(call, PMO_NOT_FOUND,
                 "%s %s: no such file on the server (finished, or removed "
                 "an hour after it began); start again",
                 field, id);
        return false;
    }
    return true;
}

/* Makes the backup file: pg_dump into a temporary name, then renamed. */
static bool backup_make(rpc_call *call, backup_file *f)
{
    char err[1024], tmp[PATH_MAX + 8];
    if (!backup_file_new(call, "backup", f))
        return false;
    snprintf(tmp, sizeof tmp, "%s.tmp", f->path);
    if (backup_write(api_config.conninfo, tmp, err, sizeof err) != 0) {
        rpc_fail(call, PMO_INTERNAL, "backup failed: %s", err);
        return false;
    }
    if (rename(tmp, f->path) != 0) {
        rpc_fail(call, PMO_INTERNAL, "cannot rename %s: %s", tmp,
                 strerror(errno));
        unlink(tmp);
        return false;
    }
    return true;
}

/* The part of f from offset; the last part removes the file. */
static bool backup_part(rpc_call *call, const backup_file *f, uint64_t offset,
                        Pmo__V1__BackupResponse *out)
{
    int fd = open(f->path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        rpc_fail(call, PMO_INTERNAL, "cannot read %s: %s", f->path,
                 strerror(errno));
        if (fd >= 0)
            close(fd);
        return false;
    }
    uint64_t total = (uint64_t)st.st_size;
    if (offset > total) {
        close(fd);
        rpc_violation(call, "offset", "past the end of the backup (%llu bytes)",
                      (unsigned long long)total);
        return false;
    }
    size_t n = total - offset > BACKUP_PART_BYTES ? BACKUP_PART_BYTES
                                                  : (size_t)(total - offset);
    uint8_t *buf = arena_alloc(call->arena, n ? n : 1);
    ssize_t got = pread(fd, buf, n, (off_t)offset);
    close(fd);
    if (got != (ssize_t)n) {
        rpc_fail(call, PMO_INTERNAL, "cannot read %s", f->path);
        return false;
    }
    out->backup_id = arena_strdup(call->arena, f->id);
    out->data.data = buf;
    out->data.len = n;
    out->total_bytes = total;
    out->done = offset + n == total;
    if (out->done)
        unlink(f->path);
    return true;
}

static void backup_backup(Pmo__V1__BackupService_Service *svc,
                          const Pmo__V1__BackupRequest *in,
                          Pmo__V1__BackupResponse_Closure done, void *data)
{
    (void)svc;
    rpc_call *call = data;
    backup_file f;
    Pmo__V1__BackupResponse out = PMO__V1__BACKUP_RESPONSE__INIT;
    bool ok;
    if (in->backup_id[0] != '\0')
        ok = backup_file_find(call, "backup_id", in->backup_id, "backup", &f);
    else if (in->offset == 0)
        ok = backup_make(call, &f);
    else {
        rpc_violation(call, "offset", "must be 0 for a new backup");
        ok = false;
    }
    done(ok && backup_part(call, &f, in->offset, &out) ? &out : NULL, data);
}

/* Writes a part at offset, which must be where the file ends. */
static bool backup_upload(rpc_call *call, const backup_file *f, bool fresh,
                          uint64_t offset, const ProtobufCBinaryData *part,
                          uint64_t *received)
{
    int fd = open(f->path,
                  O_WRONLY | O_CLOEXEC | (fresh ? O_CREAT | O_EXCL : 0), 0600);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        rpc_fail(call, PMO_INTERNAL, "cannot write %s: %s", f->path,
                 strerror(errno));
        if (fd >= 0)
            close(fd);
        return false;
    }
    if (offset != (uint64_t)st.st_size) {
        close(fd);
        rpc_violation(call, "offset",
                      "the server holds %llu bytes; send from there",
                      (unsigned long long)st.st_size);
        return false;
    }
    bool ok =
        pwrite(fd, part->data, part->len, (off_t)offset) == (ssize_t)part->len;
    if (close(fd) != 0 || !ok) {
        rpc_fail(call, PMO_INTERNAL, "cannot write %s", f->path);
        return false;
    }
    *received = offset + part->len;
    return true;
}

/* Loads the uploaded file, then forgets the sessions held in memory. */
static bool backup_load(rpc_call *call, const backup_file *f, bool replace)
{
    char err[1024];
    int rc =
        backup_restore(api_config.conninfo, f->path, replace, err, sizeof err);
    unlink(f->path);
    if (rc != 0) {
        rpc_fail(call, PMO_FAILED_PRECONDITION, "restore refused: %s", err);
        return false;
    }
    session_cache_clear();
    token_usage_reset(); /* token ids now name the backup's tokens */
    const char *what = arena_printf(call->arena, "{\"replace\":%s}",
                                    replace ? "true" : "false");
    return audit_record(call, "database", "restore", NULL, what) == 0;
}

/* The first part holds the whole header: a wrong file stops there. */
static bool backup_first_part_check(rpc_call *call,
                                    const ProtobufCBinaryData *part)
{
    backup_header h;
    char err[512];
    if (backup_header_check((const char *)part->data, part->len, &h, err,
                            sizeof err) == 0)
        return true;
    rpc_fail(call, PMO_FAILED_PRECONDITION, "restore refused: %s", err);
    return false;
}

static void backup_restore_part(Pmo__V1__BackupService_Service *svc,
                                const Pmo__V1__RestoreRequest *in,
                                Pmo__V1__RestoreResponse_Closure done,
                                void *data)
{
    (void)svc;
    rpc_call *call = data;
    backup_file f;
    bool fresh = in->restore_id[0] == '\0';
    Pmo__V1__RestoreResponse out = PMO__V1__RESTORE_RESPONSE__INIT;
    bool ok = fresh ? backup_first_part_check(call, &in->data) &&
                          backup_file_new(call, "restore", &f)
                    : backup_file_find(call, "restore_id", in->restore_id,
                                       "restore", &f);
    ok = ok && backup_upload(call, &f, fresh, in->offset, &in->data,
                             &out.received_bytes);
    if (ok && in->finish)
        out.restored = ok = backup_load(call, &f, in->replace);
    if (ok)
        out.restore_id = arena_strdup(call->arena, f.id);
    done(ok ? &out : NULL, data);
}

static Pmo__V1__BackupService_Service backup_impl = {
    .base = PMO__V1__BACKUP_SERVICE__BASE_INIT,
    .backup = backup_backup,
    .restore = backup_restore_part,
};

static const rpc_method_policy backup_policies[] = {
    {"Backup", RPC_ACCESS_ADMIN, RPC_READS, RPC_HEAVY},
    /* No replay: a part is written once, at the offset the server holds. */
    {"Restore", RPC_ACCESS_ADMIN, RPC_WRITES, RPC_NO_REPLAY | RPC_HEAVY},
};

const rpc_service api_backup_service = {
    .impl = &backup_impl.base,
    .policies = backup_policies,
    .n_policies = sizeof(backup_policies) / sizeof(backup_policies[0]),
};
