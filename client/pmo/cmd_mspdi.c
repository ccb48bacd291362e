/*
 * client/pmo/cmd_mspdi.c - pmo import mspdi and pmo export mspdi: plans
 * in and out of Microsoft Project as its XML format (MSPDI).
 *
 * The file goes to the server whole; the server reads it and answers
 * with what it made, or with the elements at fault
 * ("Tasks/Task[UID=12]/PredecessorLink[1]/PredecessorUID"), which are
 * printed after the file's name as a compiler prints lines. What the file
 * holds that pmo does not keep comes back as warnings, printed on stderr.
 */
#include "cli.h"
#include "common/envelope.h"
#include "common/gzip.h"
#include "common/status.h"
#include "file_read.h"
#include "parse.h"
#include "pmo/v1/interop.pb-c.h"
#include "rpc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What a request carries besides the file itself. */
#define MSPDI_REQUEST_ROOM 4096
/* The largest file read, as the server takes it once decompressed. */
#define MSPDI_FILE_MAX (64u << 20)

static void mspdi_warnings_print(char *const *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fprintf(stderr, "warning: %s\n", w[i]);
}

static int mspdi_refused(cli_rpc *r, const char *file, const pmo_result *res)
{
    if (res->n_violations == 0 || res->code != PMO_INVALID_ARGUMENT)
        return cli_rpc_report(r, res);
    for (size_t i = 0; i < res->n_violations; i++)
        fprintf(stderr, "%s: %s: %s\n", file, res->violations[i].field,
                res->violations[i].description);
    fprintf(stderr, "%s: nothing was imported from %s\n", r->prog, file);
    return cli_exit_code(res);
}

static const char *mspdi_s(unsigned n)
{
    return n == 1 ? "" : "s";
}

static void mspdi_imported_print(const char *file, const char *program,
                                 bool dry_run,
                                 const Pmo__V1__ImportMspdiResponse *out)
{
    char calendar[120] = "";
    if (out->calendar_changed)
        snprintf(calendar, sizeof(calendar),
                 "; the program's calendar %s replaced by the file's (%u "
                 "day%s off)",
                 dry_run ? "would be" : "was", out->holidays,
                 mspdi_s(out->holidays));
    char counts[200];
    snprintf(counts, sizeof(counts),
             "%u %s%s (%u summar%s, %u milestone%s) and %u dependenc%s",
             out->items, dry_run ? "task" : "work item", mspdi_s(out->items),
             out->summaries, out->summaries == 1 ? "y" : "ies", out->milestones,
             mspdi_s(out->milestones), out->dependencies,
             out->dependencies == 1 ? "y" : "ies");
    char baseline[120] = "";
    if (out->baseline[0])
        snprintf(baseline, sizeof(baseline), "; Baseline 0 %s baseline %s",
                 dry_run ? "would be" : "is", out->baseline);
    if (dry_run)
        printf("%s: %s, %u assigned, all valid: the server checked them "
               "against %s and would load them%s%s; nothing was imported.\n",
               file, counts, out->assigned, program, calendar, baseline);
    else
        printf("Imported %s into %s from %s, %u assigned%s%s.\n", counts,
               program, file, out->assigned, calendar, baseline);
}

/*
 * The file as sent: gzip-compressed (unless it is already), so that a
 * plan of tens of thousands of tasks fits in one 4 MiB request.
 */
static int mspdi_file_pack(cli_rpc *r, const char *file, uint8_t **out,
                           size_t *len)
{
    char why[300];
    size_t n;
    char *xml = cli_file_read(file, MSPDI_FILE_MAX, &n, why, sizeof(why));
    if (xml == NULL) {
        fprintf(stderr, "%s: %s\n", r->prog, why);
        return -1;
    }
    if (gzip_is(xml, n)) {
        *out = (uint8_t *)xml;
        *len = n;
    } else {
        gzip_compress(xml, n, out, len);
        free(xml);
    }
    if (*len > ENVELOPE_MAX_MESSAGE - MSPDI_REQUEST_ROOM) {
        fprintf(stderr,
                "%s: %s is %zu KiB compressed; a request carries at most "
                "%u KiB: split the plan\n",
                r->prog, file, *len >> 10,
                (ENVELOPE_MAX_MESSAGE - MSPDI_REQUEST_ROOM) >> 10);
        free(*out);
        return -1;
    }
    return 0;
}

static int import_mspdi_run(cli_ctx *ctx, cli_rpc *r)
{
    const char *program = cli_take_option(ctx, "--program");
    const char *project = cli_take_option(ctx, "--project");
    bool dry_run = cli_take_switch(ctx, "--dry-run");
    char *file;
    if (cli_take_args(ctx, 1, 1, &file) < 0)
        return 2;
    if (program == NULL)
        return cli_usage_fail(ctx, "--program is required");
    uint8_t *xml;
    size_t len;
    if (mspdi_file_pack(r, file, &xml, &len) != 0)
        return 2;
    Pmo__V1__ImportMspdiRequest in = PMO__V1__IMPORT_MSPDI_REQUEST__INIT;
    in.program = cli_key_upper(arena_strdup(&r->mem, program));
    in.project = project ? (char *)project : "";
    in.xml.data = xml;
    in.xml.len = len;
    in.dry_run = dry_run;
    Pmo__V1__ImportMspdiResponse *out = NULL;
    pmo_result res;
    int rc =
        cli_rpc_try(r, &pmo__v1__interop_service__descriptor, "ImportMspdi",
                    &in.base, (ProtobufCMessage **)&out, &res);
    free(xml);
    if (rc != 0)
        return mspdi_refused(r, file, &res);
    if (ctx->json) {
        cli_print_json(&out->base);
    } else {
        mspdi_warnings_print(out->warnings, out->n_warnings);
        mspdi_imported_print(file, in.program, dry_run, out);
    }
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

static int import_mspdi(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, import_mspdi_run);
}

static int mspdi_file_write(const char *path, const uint8_t *data, size_t len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "wb");
    if (f == NULL) {
        fprintf(stderr, "pmo export mspdi: cannot write %s: %s\n", path,
                strerror(errno));
        return 1;
    }
    bool ok = fwrite(data, 1, len, f) == len;
    ok &= (f == stdout ? fflush(f) : fclose(f)) == 0;
    if (!ok) {
        fprintf(stderr, "pmo export mspdi: cannot write %s\n", path);
        return 1;
    }
    return 0;
}

static int export_mspdi_run(cli_ctx *ctx, cli_rpc *r)
{
    const char *path = cli_take_option(ctx, "-o");
    char *program;
    if (cli_take_args(ctx, 1, 1, &program) < 0)
        return 2;
    if (path == NULL)
        path = "-";
    Pmo__V1__ExportMspdiRequest in = PMO__V1__EXPORT_MSPDI_REQUEST__INIT;
    in.program = cli_key_upper(arena_strdup(&r->mem, program));
    in.gzip = true;
    Pmo__V1__ExportMspdiResponse *out = NULL;
    int rc = cli_rpc_call(r, &pmo__v1__interop_service__descriptor,
                          "ExportMspdi", &in.base, (ProtobufCMessage **)&out);
    if (rc != 0)
        return rc;
    uint8_t *xml = out->xml.data;
    size_t len = out->xml.len;
    char why[200];
    if (out->gzip &&
        gzip_decompress(out->xml.data, out->xml.len, MSPDI_FILE_MAX, &xml, &len,
                        why, sizeof(why)) != 0) {
        fprintf(stderr, "%s: the server's reply: %s\n", r->prog, why);
        protobuf_c_message_free_unpacked(&out->base, NULL);
        return 1;
    }
    rc = mspdi_file_write(path, xml, len);
    if (xml != out->xml.data)
        free(xml);
    if (rc == 0 && ctx->json && strcmp(path, "-") != 0) {
        out->xml.len = 0; /* the file has it */
        out->gzip = false;
        cli_print_json(&out->base);
    } else if (rc == 0) {
        mspdi_warnings_print(out->warnings, out->n_warnings);
        if (strcmp(path, "-") != 0)
            printf("Exported %u work items and %u dependencies of %s to %s.\n",
                   out->items, out->dependencies, in.program, path);
    }
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return rc;
}

static int export_mspdi(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, export_mspdi_run);
}

const cli_command cli_mspdi_commands[] = {
    {"import mspdi", "FILE --program KEY [--project KEY] [--dry-run]",
     "load a Microsoft Project XML plan, all or nothing; warnings name what "
     "is not kept",
     import_mspdi},
    {"export mspdi", "KEY [-o FILE]",
     "the plan as Microsoft Project XML (stdout unless -o)", export_mspdi},
    {NULL, NULL, NULL, NULL},
};
