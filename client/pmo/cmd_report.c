/*
 * client/pmo/cmd_report.c - pmo report and pmo export ics: a program
 * rendered by the server (ReportService) as Markdown, HTML, CSV or
 * iCalendar, written to a file or to standard output.
 *
 * A large report comes in parts. They are gathered in memory and written
 * only once the last is in, to FILE through a temporary file and a
 * rename (common/fileutil.h), so neither FILE nor standard output ever
 * holds half a report. If the report changes between parts (ABORTED),
 * it is asked for again from the start, a few times.
 */
#include "cli.h"
#include "common/fileutil.h"
#include "common/status.h"
#include "common/xalloc.h"
#include "parse.h"
#include "pmo/v1/report.pb-c.h"
#include "rpc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REPORT_SVC   (&pmo__v1__report_service__descriptor)
#define REPORT_TRIES 3
#define REPORT_MODE  0644

typedef struct report_doc {
    char *data; /* heap */
    size_t len, cap;
} report_doc;

static void report_doc_add(report_doc *doc, const uint8_t *bytes, size_t n)
{
    if (doc->len + n > doc->cap) {
        doc->cap = doc->cap ? doc->cap : 64 * 1024;
        while (doc->len + n > doc->cap)
            doc->cap *= 2;
        doc->data = xrealloc(doc->data, doc->cap);
    }
    memcpy(doc->data + doc->len, bytes, n);
    doc->len += n;
}

/*
 * One try: every part, from the first, into doc (the caller frees
 * doc->data whatever happened). PMO_OK, or the status with res filled.
 */
static int report_fetch(cli_rpc *r, Pmo__V1__RenderReportRequest *in,
                        report_doc *doc, pmo_result *res)
{
    in->page_token = "";
    doc->len = 0;
    for (bool first = true;; first = false) {
        Pmo__V1__RenderReportResponse *out = NULL;
        int rc = cli_rpc_try(r, REPORT_SVC, "RenderReport", &in->base,
                             (ProtobufCMessage **)&out, res);
        if (rc != PMO_OK)
            return rc;
        if (first)
            for (size_t i = 0; i < out->n_warnings; i++)
                fprintf(stderr, "warning: %s\n", out->warnings[i]);
        report_doc_add(doc, out->content.data, out->content.len);
        char *next = arena_strdup(&r->mem, out->next_page_token);
        protobuf_c_message_free_unpacked(&out->base, NULL);
        if (next[0] == '\0')
            return PMO_OK;
        in->page_token = next;
    }
}

/* doc to path, or to standard output without one; 0 or an exit code. */
static int report_save(cli_rpc *r, const report_doc *doc, const char *path)
{
    if (path == NULL) {
        if (fwrite(doc->data, 1, doc->len, stdout) == doc->len &&
            fflush(stdout) == 0)
            return 0;
        fprintf(stderr, "%s: cannot write the report: %s\n", r->prog,
                strerror(errno));
        return 1;
    }
    if (file_write_atomic(path, doc->data, doc->len, REPORT_MODE) != 0) {
        fprintf(stderr, "%s: -o: cannot write %s: %s\n", r->prog, path,
                strerror(errno));
        return 1;
    }
    printf("wrote %s (%zu bytes)\n", path, doc->len);
    return 0;
}

static int report_write(cli_rpc *r, const char *program, const char *format,
                        const char *date, const char *path)
{
    Pmo__V1__RenderReportRequest in = PMO__V1__RENDER_REPORT_REQUEST__INIT;
    in.program = (char *)program;
    in.format = (char *)format;
    in.status_date = (char *)date;
    report_doc doc = {0};
    pmo_result res;
    int rc;
    for (int attempt = 1;; attempt++) {
        if (report_fetch(r, &in, &doc, &res) == PMO_OK) {
            rc = report_save(r, &doc, path);
            break;
        }
        if (res.code != PMO_ABORTED || attempt == REPORT_TRIES) {
            rc = cli_rpc_report(r, &res);
            break;
        }
    }
    free(doc.data);
    return rc;
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
