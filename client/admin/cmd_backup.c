/*
 * client/admin/cmd_backup.c - pmo-admin backup and restore: the server's
 * whole database to a file and back, a part at a time (BackupService).
 *
 * A backup is written to FILE.tmp (mode 0600) and renamed to FILE only
 * once the last part has arrived, so FILE is never a partial backup.
 */
#include "admin.h"
#include "pmo/v1/backup.pb-c.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A part sent: a quarter of the largest frame, as the server's replies. */
#define ADMIN_RESTORE_PART_BYTES (1024 * 1024)

static int admin_backup_fail(const char *what, const char *path)
{
    fprintf(stderr, ADMIN_PROG ": %s %s: %s\n", what, path, strerror(errno));
    return 1;
}

static int admin_write_all(int fd, const uint8_t *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Fetches every part into fd; 0 or the exit code reported. */
static int admin_backup_fetch(admin_ctx *ctx, int fd, const char *tmp,
                              uint64_t *total)
{
    char id[64] = "";
    uint64_t offset = 0;
    for (;;) {
        Pmo__V1__BackupRequest in = PMO__V1__BACKUP_REQUEST__INIT;
        Pmo__V1__BackupResponse *out = NULL;
        in.backup_id = id;
        in.offset = offset;
        int rc = admin_rpc_call(ctx, &pmo__v1__backup_service__descriptor,
                                "Backup", &in.base, (ProtobufCMessage **)&out);
        if (rc)
            return rc;
        snprintf(id, sizeof id, "%s", out->backup_id);
        bool done = out->done;
        *total = out->total_bytes;
        rc = admin_write_all(fd, out->data.data, out->data.len);
        offset += out->data.len;
        protobuf_c_message_free_unpacked(&out->base, NULL);
        if (rc != 0)
            return admin_backup_fail("cannot write", tmp);
        if (done)
            return 0;
        if (offset >= *total) {
            fprintf(stderr, ADMIN_PROG ": the server ended the backup early\n");
            return 1;
        }
    }
}

static int admin_backup(admin_ctx *ctx)
{
    const char *file = NULL;
    int rc = admin_args_parse(ctx, NULL, &file, 1, 1);
    if (rc)
        return rc;
    char *tmp = NULL;
    if (asprintf(&tmp, "%s.tmp", file) < 0)
        return 1;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        rc = admin_backup_fail("cannot create", tmp);
        free(tmp);
        return rc;
    }
    uint64_t total = 0;
    rc = admin_backup_fetch(ctx, fd, tmp, &total);
    if (rc == 0 && fsync(fd) != 0)
        rc = admin_backup_fail("cannot write", tmp);
    if (close(fd) != 0 && rc == 0)
        rc = admin_backup_fail("cannot write", tmp);
    if (rc == 0 && rename(tmp, file) != 0)
        rc = admin_backup_fail("cannot rename", tmp);
    if (rc != 0)
        unlink(tmp);
    else
        printf("backup written to %s (%" PRIu64 " bytes)\n", file, total);
    free(tmp);
    return rc;
}

/* Sends the file a part at a time, the last one finishing the restore. */
static int admin_restore_send(admin_ctx *ctx, FILE *f, bool replace)
{
    static uint8_t buf[ADMIN_RESTORE_PART_BYTES];
    char id[64] = "";
    uint64_t offset = 0;
    size_t n = fread(buf, 1, sizeof buf, f);
    for (;;) {
        int next = fgetc(f);
        Pmo__V1__RestoreRequest in = PMO__V1__RESTORE_REQUEST__INIT;
        Pmo__V1__RestoreResponse *out = NULL;
        in.restore_id = id;
        in.offset = offset;
        in.data.data = buf;
        in.data.len = n;
        in.finish = next == EOF;
        in.replace = replace;
        if (ferror(f))
            return 1;
        int rc = admin_rpc_call(ctx, &pmo__v1__backup_service__descriptor,
                                "Restore", &in.base, (ProtobufCMessage **)&out);
        if (rc)
            return rc;
        snprintf(id, sizeof id, "%s", out->restore_id);
        protobuf_c_message_free_unpacked(&out->base, NULL);
        if (next == EOF)
            return 0;
        offset += n;
        buf[0] = (uint8_t)next;
        n = 1 + fread(buf + 1, 1, sizeof buf - 1, f);
    }
}

static int admin_restore(admin_ctx *ctx)
{
    const char *file = NULL;
    bool replace = false;
    const admin_opt opts[] = {
        {"--replace", NULL, &replace},
        {NULL, NULL, NULL},
    };
    int rc = admin_args_parse(ctx, opts, &file, 1, 1);
    if (rc)
        return rc;
    FILE *f = fopen(file, "rbe");
    if (f == NULL)
        return admin_backup_fail("cannot open", file);
    rc = admin_restore_send(ctx, f, replace);
    if (rc == 1 && ferror(f))
        admin_backup_fail("cannot read", file);
    fclose(f);
    if (rc == 0)
        printf("restored %s; its users, passwords and sessions are now the "
               "server's: log in again with an account from the backup\n",
               file);
    return rc;
}

const admin_command admin_backup_commands[] = {
    {"backup", NULL, "FILE", "the whole database to FILE (pg_dump)",
     admin_backup},
    {"restore", NULL, "FILE [--replace]",
     "load a backup; --replace overwrites a server holding data",
     admin_restore},
    {NULL, NULL, NULL, NULL, NULL},
};
