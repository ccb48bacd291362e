/*
 * client/pmo/cmd_report.c - pmo report and pmo export ics: a program
 * rendered by the server (ReportService) as Markdown, HTML, CSV or
 * iCalendar, written to a file or to standard output.
 *
 * A large report comes in parts; they are written to FILE.part and the
 * file takes its name only once the last part is in, so FILE is never
 * half written. If the report changes between parts (ABORTED), it is
 * asked for again from the start, a few times.
 */
#include "cli.h"
#include "common/status.h"
#include "parse.h"
#include "pmo/v1/report.pb-c.h"
#include "rpc.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define REPORT_SVC   (&pmo__v1__report_service__descriptor)
#define REPORT_TRIES 3

typedef struct report_out {
    const char *path; /* NULL: standard output */
    char part[4096];  /* path + ".part" */
    FILE *f;
    unsigned long long bytes;
} report_out;

static int report_out_open(cli_rpc *r, report_out *o)
{
    o->bytes = 0;
    if (o->path == NULL) {
        o->f = stdout;
        return 0;
    }
    if ((size_t)snprintf(o->part, sizeof o->part, "%s.part", o->path) >=
        sizeof o->part) {
        fprintf(stderr, "%s: -o: the file name is too long\n", r->prog);
        return 2;
    }
    o->f = fopen(o->part, "wb");
    if (o->f == NULL) {
        fprintf(stderr, "%s: -o: cannot write %s: %s\n", r->prog, o->part,
                strerror(errno));
        return 2;
    }
    return 0;
}

/* Closes o; with keep, the part file becomes path. 0 or an exit code. */
static int report_out_close(cli_rpc *r, report_out *o, bool keep)
{
    if (o->path == NULL)
        return fflush(stdout) == 0 ? 0 : 1;
    bool ok = fclose(o->f) == 0;
    if (keep && ok && rename(o->part, o->path) == 0)
        return 0;
    if (keep)
        fprintf(stderr, "%s: cannot write %s: %s\n", r->prog, o->path,
                strerror(errno));
    unlink(o->part);
    return keep ? 1 : 0;
}

/* One try: every part, from the first. Sets *res's code on failure. */
static int report_fetch(cli_rpc *r, Pmo__V1__RenderReportRequest *in,
                        report_out *o, pmo_result *res)
{
    in->page_token = "";
    int rc = report_out_open(r, o);
    if (rc)
        return rc;
    for (;;) {
        Pmo__V1__RenderReportResponse *out = NULL;
        if (cli_rpc_try(r, REPORT_SVC, "RenderReport", &in->base,
                        (ProtobufCMessage **)&out, res) != PMO_OK) {
            report_out_close(r, o, false);
            return -1;
        }
        if (o->bytes == 0)
            for (size_t i = 0; i < out->n_warnings; i++)
                fprintf(stderr, "warning: %s\n", out->warnings[i]);
        bool written = fwrite(out->content.data, 1, out->content.len, o->f) ==
                       out->content.len;
        o->bytes += out->content.len;
        char *next = arena_strdup(&r->mem, out->next_page_token);
        protobuf_c_message_free_unpacked(&out->base, NULL);
        if (!written) {
            fprintf(stderr, "%s: cannot write %s: %s\n", r->prog,
                    o->path ? o->part : "standard output", strerror(errno));
            report_out_close(r, o, false);
            return 1;
        }
        if (next[0] == '\0')
            return report_out_close(r, o, true);
        in->page_token = next;
    }
}

static int report_write(cli_rpc *r, const char *program, const char *format,
                        const char *date, const char *path)
{
    Pmo__V1__RenderReportRequest in = PMO__V1__RENDER_REPORT_REQUEST__INIT;
    in.program = (char *)program;
    in.format = (char *)format;
    in.status_date = (char *)date;
    report_out o = {.path = path};
    pmo_result res;
    for (int attempt = 1;; attempt++) {
        int rc = report_fetch(r, &in, &o, &res);
        if (rc >= 0) {
            if (rc == 0 && path)
                printf("wrote %s (%llu bytes)\n", path, o.bytes);
            return rc;
        }
        if (res.code != PMO_ABORTED || attempt == REPORT_TRIES)
            return cli_rpc_report(r, &res);
    }
}

static const char *report_output(cli_ctx *ctx)
{
    const char *path = cli_take_option(ctx, "-o");
    return path ? path : cli_take_option(ctx, "--output");
}

static int report_run(cli_ctx *ctx, cli_rpc *r)
{
    char date[CLI_DATE_LEN], *program;
    const char *format = cli_take_option(ctx, "--format");
    const char *path = report_output(ctx);
    int rc = cli_sched_args(ctx, date, &program, 1, 1);
    if (rc)
        return rc;
    if (format == NULL)
        format = "md";
    if (strcmp(format, "md") != 0 && strcmp(format, "html") != 0 &&
        strcmp(format, "csv") != 0 && strcmp(format, "ics") != 0)
        return cli_usage_fail(ctx, "--format: md, html, csv or ics, not '%s'",
                              format);
    return report_write(r, program, format, date, path);
}

static int report_cmd(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, report_run);
}

static int export_ics_run(cli_ctx *ctx, cli_rpc *r)
{
    char date[CLI_DATE_LEN], *program;
    const char *path = report_output(ctx);
    int rc = cli_sched_args(ctx, date, &program, 1, 1);
    if (rc)
        return rc;
    return report_write(r, program, "ics", date, path);
}

static int export_ics_cmd(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, export_ics_run);
}

const cli_command cli_report_commands[] = {
    {"report",
     "PROGRAM [--format md|html|csv|ics] [-o FILE] "
     "[--status-date DATE]",
     "the program rendered for readers outside pmo: a Markdown summary "
     "(default), an HTML page with a Gantt chart and the risk heat map, or "
     "the schedule as CSV; to standard output without -o",
     report_cmd},
    {"export ics", "PROGRAM [-o FILE] [--status-date DATE]",
     "milestones, gates and action due dates as an iCalendar file for "
     "calendar programs",
     export_ics_cmd},
    {NULL, NULL, NULL, NULL},
};
