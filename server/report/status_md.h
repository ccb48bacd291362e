/*
 * server/report/status_md.h - a weekly status report in Markdown, for
 * leadership's mail: the RAG of each dimension with its reason, the
 * summary, the lists (accomplishments, next steps, decisions needed,
 * asks of leadership) and the metrics as they stood.
 *
 * Pure as the rest of server/report: the caller fills a status_md from
 * its report (server/api/status_service.c); every text is escaped with
 * report_md_text.
 */
#ifndef PMO_SERVER_REPORT_STATUS_MD_H
#define PMO_SERVER_REPORT_STATUS_MD_H

#include "report/report_buf.h"

#include <stddef.h>

#define STATUS_MD_DIMS  6
#define STATUS_MD_LISTS 4

typedef struct status_md_dim {
    const char *name;   /* "Schedule" */
    const char *rag;    /* "green", "amber", "red" */
    const char *reason; /* "" for none */
    int overridden;     /* differs from the suggested RAG */
} status_md_dim;

typedef struct status_md_list {
    const char *title; /* "Accomplishments" */
    char *const *items;
    size_t n;
} status_md_list;

typedef struct status_md_metric {
    const char *label;
    const char *value;
} status_md_metric;

typedef struct status_md {
    const char *key, *week, *state;
    const char *summary;
    status_md_dim dims[STATUS_MD_DIMS]; /* overall first */
    status_md_list lists[STATUS_MD_LISTS];
    const status_md_metric *metrics;
    size_t n_metrics;
    int metrics_frozen; /* as published, not as of now */
} status_md;

void status_md_render(const status_md *s, report_buf *out);

#endif
