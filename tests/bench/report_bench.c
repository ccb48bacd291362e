/* tests/bench/report_bench.c - pmo-bench-report: the renderers alone. */
/*
 * Times server/report's renderers on a program made in memory: N items in
 * phases of 100 (a summary, 97 tasks, two milestones), each task waiting
 * on the one before it and, every tenth, on one in the phase before, with
 * baseline dates, critical work, R risks, actions and gates. Each format
 * is rendered K times; prints the median and slowest time and the size.
 * No server, no I/O but the output line.
 *
 * Usage: pmo-bench-report [--items N] [--runs K]
 */
#include "common/xalloc.h"
#include "report/csv.h"
#include "report/html.h"
#include "report/ical.h"
#include "report/markdown.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BENCH_DAY0 20818 /* 2026-12-31 */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct bench_program {
    report_plan plan;
    report_item *items;
    report_link *links;
    int *path;
    report_risk risks[40];
    report_action actions[60];
    report_gate gates[20];
    char (*refs)[24];
    char (*titles)[64];
} bench_program;

static void bench_program_make(bench_program *b, int n)
{
    b->items = xcalloc((size_t)n, sizeof *b->items);
    b->links = xcalloc((size_t)n * 2, sizeof *b->links);
    b->path = xcalloc((size_t)n, sizeof *b->path);
    b->refs = xcalloc((size_t)n, sizeof *b->refs);
    b->titles = xcalloc((size_t)n, sizeof *b->titles);
    int n_links = 0, n_path = 0;
    for (int i = 0; i < n; i++) {
        int phase = i / 100, at = i % 100;
        snprintf(b->refs[i], sizeof b->refs[i], "BIG-%d", i + 1);
        snprintf(b->titles[i], sizeof b->titles[i],
                 at == 0 ? "Phase %d, \"all of it\"" : "Work <%d> & more", i);
        int start = BENCH_DAY0 + phase * 20 + at / 5;
        bool milestone = at >= 98, summary = at == 0;
        b->items[i] =
            (report_item){.ref = b->refs[i],
                          .title = b->titles[i],
                          .project = "core",
                          .owner = i % 3 ? "alice" : "",
                          .depth = summary ? 0 : 1,
                          .summary = summary,
                          .milestone = milestone,
                          .critical = i % 7 == 0,
                          .percent = i % 4 * 25,
                          .start_day = start,
                          .finish_day = start + (milestone ? 0 : 3),
                          .float_days = (i % 11) - 3,
                          .target_day = milestone ? start : REPORT_NO_DAY,
                          .baseline_start = start - 2,
                          .baseline_finish = start + 1};
        if (at > 1)
            b->links[n_links++] = (report_link){i - 1, i};
        if (at > 1 && i % 10 == 0 && phase > 0)
            b->links[n_links++] = (report_link){i - 100, i};
        if (b->items[i].critical)
            b->path[n_path++] = i;
    }
    for (int i = 0; i < 40; i++)
        b->risks[i] = (report_risk){i + 1, "A risk, with a comma", "bob",
                                    5 - i % 5, 5 - i / 8};
    for (int i = 0; i < 60; i++)
        b->actions[i] = (report_action){i + 1, "Chase; again", "carol",
                                        BENCH_DAY0 + i - 30, true};
    for (int i = 0; i < 20; i++)
        b->gates[i] =
            (report_gate){i + 1, "Gate review", (i * 100 + 99) % n, 4, i % 5};
    b->plan = (report_plan){.key = "BIG",
                            .name = "A large program",
                            .status_day = BENCH_DAY0,
                            .start_day = BENCH_DAY0,
                            .finish_day = BENCH_DAY0 + n / 5,
                            .target_finish = BENCH_DAY0 + n / 6,
                            .slip_days = 12,
                            .made_at = 1798675200,
                            .baseline = "plan-of-record",
                            .items = b->items,
                            .n_items = n,
                            .links = b->links,
                            .n_links = n_links,
                            .critical_path = b->path,
                            .n_critical_path = n_path,
                            .risks = b->risks,
                            .n_risks = 40,
                            .actions = b->actions,
                            .n_actions = 60,
                            .gates = b->gates,
                            .n_gates = 20};
}

static void bench_program_free(bench_program *b)
{
    free(b->items);
    free(b->links);
    free(b->path);
    free(b->refs);
    free(b->titles);
}

typedef struct bench_format {
    const char *name;
    void (*render)(const report_plan *p, report_buf *out);
} bench_format;

static const bench_format bench_formats[] = {
    {"html", report_html},
    {"md", report_markdown},
    {"csv", report_csv_schedule},
    {"ics", report_ical},
};

int main(int argc, char **argv)
{
    int n = 10000, runs = 21;
    static const struct option opts[] = {
        {"items", required_argument, NULL, 'n'},
        {"runs", required_argument, NULL, 'k'},
        {NULL, 0, NULL, 0},
    };
    for (int c; (c = getopt_long(argc, argv, "", opts, NULL)) != -1;) {
        if (c == 'n')
            n = atoi(optarg);
        else if (c == 'k')
            runs = atoi(optarg);
        else
            return 2;
    }
    if (n < 100 || n > 1000000 || runs < 1 || runs > 1000) {
        fprintf(stderr, "usage: pmo-bench-report [--items 100..1000000] "
                        "[--runs 1..1000]\n");
        return 2;
    }
    bench_program b;
    bench_program_make(&b, n);
    double *t = xcalloc((size_t)runs, sizeof *t);
    printf("| format | items | median ms | slowest ms | bytes |\n"
           "|---|--:|--:|--:|--:|\n");
    for (size_t f = 0; f < sizeof bench_formats / sizeof bench_formats[0];
         f++) {
        size_t bytes = 0;
        for (int r = 0; r < runs; r++) {
            report_buf out;
            report_buf_init(&out);
            double t0 = now_s();
            bench_formats[f].render(&b.plan, &out);
            t[r] = (now_s() - t0) * 1000;
            bytes = out.len;
            report_buf_fini(&out);
        }
        qsort(t, (size_t)runs, sizeof *t, cmp_double);
        printf("| %s | %d | %.2f | %.2f | %zu |\n", bench_formats[f].name, n,
               t[runs / 2], t[runs - 1], bytes);
    }
    free(t);
    bench_program_free(&b);
    return 0;
}
