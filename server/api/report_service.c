/*
 * server/api/report_service.c - pmo.v1.ReportService: a program rendered
 * as Markdown, HTML, CSV or iCalendar by the report layer
 * (server/report/), from the plan and schedule as ComputeSchedule reads
 * them (schedule_common.h) and the RAID log (report_load.h).
 *
 * Who may do what: any role in the program (viewer and up) reads its
 * reports.
 *
 * Replies are bounded by what a client takes in one frame
 * (ENVELOPE_MAX_MESSAGE), so a report past REPORT_PAGE_BYTES comes in
 * parts. Each part renders the whole document again at the first part's
 * instant and cuts its run out; the page token carries the offset, that
 * instant and a hash of the whole document, so a part cut from a
 * different document (the plan or the RAID log changed meanwhile) is
 * refused with ABORTED rather than stitched onto the others.
 */
#include "api/report_load.h"
#include "api/schedule_common.h"
#include "api/services.h"
#include "common/envelope.h"
#include "pmo/v1/report.pb-c.h"
#include "report/csv.h"
#include "report/html.h"
#include "report/ical.h"
#include "report/markdown.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* A part's bytes: a quarter of the largest frame a client reads. */
#define REPORT_PAGE_BYTES (ENVELOPE_MAX_MESSAGE / 4)

_Static_assert(REPORT_NO_DAY == PLAN_NO_DAY, "one marker for no day");

typedef void report_render_fn(const report_plan *p, report_buf *out);

typedef struct report_format {
    const char *name;
    const char *content_type;
    const char *extension;
    report_render_fn *render;
} report_format;

static const report_format report_formats[] = {
    {"md", "text/markdown; charset=utf-8", "md", report_markdown},
    {"html", "text/html; charset=utf-8", "html", report_html},
    {"csv", "text/csv; charset=utf-8; header=present", "csv",
     report_csv_schedule},
    {"ics", "text/calendar; charset=utf-8", "ics", report_ical},
};

static const report_format *report_format_find(rpc_call *call, const char *name)
{
    for (size_t i = 0; i < sizeof report_formats / sizeof report_formats[0];
         i++)
        if (strcmp(name, report_formats[i].name) == 0)
            return &report_formats[i];
    rpc_violation(call, "format",
                  "\"%.16s\" is not a report format; "
                  "md, html, csv or ics",
                  name);
    return NULL;
}

/* FNV-1a, 64 bits: tells one rendering of a document from another. */
static uint64_t report_hash(const char *bytes, size_t n)
{
    uint64_t h = 14695981039346656037ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)bytes[i]) * 1099511628211ull;
    return h;
}

typedef struct report_page {
    uint64_t offset;
    int64_t made_at;
    uint64_t hash;
} report_page;

/* A page token as report_page_token writes it; false with a violation. */
static bool report_page_parse(rpc_call *call, const char *token,
                              report_page *out)
{
    int used = 0;
    if (sscanf(token, "%" SCNu64 ".%" SCNd64 ".%" SCNx64 "%n", &out->offset,
               &out->made_at, &out->hash, &used) == 3 &&
        token[used] == '\0' && out->offset > 0)
        return true;
    rpc_violation(call, "page_token", "not a token from an earlier part");
    return false;
}

static char *report_page_token(rpc_call *call, const report_page *p)
{
    return arena_printf(call->arena, "%" PRIu64 ".%" PRId64 ".%016" PRIx64,
                        p->offset, p->made_at, p->hash);
}

/* The reply for doc's part from page (offset 0 for the first). */
static bool report_part(rpc_call *call, const report_buf *doc,
                        const report_page *page,
                        Pmo__V1__RenderReportResponse *out)
{
    uint64_t hash = report_hash(doc->data, doc->len);
    if (page->offset > 0 && (hash != page->hash || page->offset > doc->len)) {
        rpc_fail(call, PMO_ABORTED,
                 "the report changed since its first part; ask again from "
                 "the start");
        return false;
    }
    size_t n = doc->len - page->offset;
    if (n > REPORT_PAGE_BYTES)
        n = REPORT_PAGE_BYTES;
    out->content.data = (uint8_t *)doc->data + page->offset;
    out->content.len = n;
    out->total_bytes = doc->len;
    if (page->offset + n < doc->len) {
        report_page next = {page->offset + n, page->made_at, hash};
        out->next_page_token = report_page_token(call, &next);
    }
    return true;
}

static void report_render_report(Pmo__V1__ReportService_Service *svc,
                                 const Pmo__V1__RenderReportRequest *in,
                                 Pmo__V1__RenderReportResponse_Closure done,
                                 void *data)
{
    (void)svc;
    rpc_call *call = data;
    schedule_ctx ctx = {0};
    report_page page = {.made_at = (int64_t)time(NULL)};
    const report_format *fmt;
    report_plan plan;
    if (schedule_access(call, in->program, ACCESS_VIEWER, &ctx) != 0 ||
        (fmt = report_format_find(call, in->format)) == NULL ||
        (in->page_token[0] &&
         !report_page_parse(call, in->page_token, &page)) ||
        schedule_load(call, in->status_date, &ctx) != 0 ||
        report_load(call, &ctx, page.made_at, &plan) != 0) {
        done(NULL, data);
        schedule_close(&ctx);
        return;
    }
    report_buf doc;
    report_buf_init(&doc);
    fmt->render(&plan, &doc);
    Pmo__V1__RenderReportResponse out = PMO__V1__RENDER_REPORT_RESPONSE__INIT;
    out.content_type = (char *)fmt->content_type;
    out.file_name =
        arena_printf(call->arena, "%s.%s", ctx.snap->key, fmt->extension);
    schedule_warnings(&ctx, &out.warnings, &out.n_warnings);
    /* The reply is packed inside done, so doc may go right after it. */
    done(report_part(call, &doc, &page, &out) ? &out : NULL, data);
    report_buf_fini(&doc);
    schedule_close(&ctx);
}

static Pmo__V1__ReportService_Service report_impl =
    PMO__V1__REPORT_SERVICE__INIT(report_);

static const rpc_method_policy report_policies[] = {
    {"RenderReport", RPC_ACCESS_SESSION, RPC_READS, 0},
};

const rpc_service api_report_service = {
    .impl = &report_impl.base,
    .policies = report_policies,
    .n_policies = sizeof(report_policies) / sizeof(report_policies[0]),
};
