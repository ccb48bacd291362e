/* tests/bench/psplib.c - a reader for PSPLIB single-mode (.sm) files. */
#include "psplib.h"

#include "common/fileutil.h"
#include "common/xalloc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The format is fixed-layout text: a few "label : value" lines, then
 * sections opened by a title line ("PRECEDENCE RELATIONS:"), a column
 * header and, for requests, a dashed rule, then one row per job. The
 * reader walks lines, finds each title and reads the rows after it as
 * whitespace-separated integers; it never relies on column positions.
 */

/* Instances larger than this are not PSPLIB files. */
#define PSPLIB_MAX_JOBS      100000
#define PSPLIB_MAX_RESOURCES 64
#define PSPLIB_MAX_BYTES     (64L * 1024 * 1024)

typedef struct psplib_reader {
    const char *text;
    char *err;
    size_t errlen;
    int n, k, mpm_time;
    int *duration, *capacity, *demand, *succ_count, *succ_start, *succ;
    int **succ_rows; /* per job while reading, merged into succ later */
} psplib_reader;

static int psplib_fail(psplib_reader *rd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int psplib_fail(psplib_reader *rd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rd->err, rd->errlen, fmt, ap);
    va_end(ap);
    return -1;
}

/* The start of the line after the one containing at, or NULL. */
static const char *psplib_next_line(const char *at)
{
    const char *nl = strchr(at, '\n');
    return nl != NULL ? nl + 1 : NULL;
}

/* The line number of at, for messages. */
static int psplib_line_of(const psplib_reader *rd, const char *at)
{
    int line = 1;
    for (const char *c = rd->text; c < at; c++)
        line += *c == '\n';
    return line;
}

/*
 * Reads up to max integers from the line at *at into out and moves *at to
 * the next line. Returns how many it read, or -1 if the line holds
 * something else.
 */
static int psplib_ints(const char **at, int *out, int max)
{
    const char *c = *at;
    int count = 0;
    for (;;) {
        while (*c == ' ' || *c == '\t' || *c == '\r')
            c++;
        if (*c == '\0' || *c == '\n')
            break;
        char *end;
        errno = 0;
        long v = strtol(c, &end, 10);
        if (end == c || errno != 0 || v < -1000000000L || v > 1000000000L ||
            count == max)
            return -1;
        out[count++] = (int)v;
        c = end;
    }
    *at = *c == '\n' ? c + 1 : c;
    return count;
}

/* The integer after the ':' on the line that starts with label. */
static int psplib_label_int(psplib_reader *rd, const char *label, int *out)
{
    for (const char *at = rd->text; at != NULL; at = psplib_next_line(at)) {
        while (*at == ' ')
            at++;
        if (strncmp(at, label, strlen(label)) != 0)
            continue;
        const char *colon = strchr(at, ':');
        const char *nl = strchr(at, '\n');
        if (colon == NULL || (nl != NULL && colon > nl) ||
            sscanf(colon + 1, "%d", out) != 1)
            return psplib_fail(rd, "line %d: no number after \"%s\"",
                               psplib_line_of(rd, at), label);
        return 0;
    }
    return psplib_fail(rd, "no \"%s\" line", label);
}

/* The first line of the section titled title, past skip header lines. */
static const char *psplib_section(psplib_reader *rd, const char *title,
                                  int skip)
{
    const char *at = strstr(rd->text, title);
    if (at == NULL) {
        psplib_fail(rd, "no %s section", title);
        return NULL;
    }
    for (int i = 0; i <= skip && at != NULL; i++)
        at = psplib_next_line(at);
    if (at == NULL)
        psplib_fail(rd, "%s section is cut short", title);
    return at;
}

static int psplib_read_header(psplib_reader *rd)
{
    int nonrenewable, doubly;
    if (psplib_label_int(rd, "jobs (incl. supersource/sink )", &rd->n) ||
        psplib_label_int(rd, "- renewable", &rd->k) ||
        psplib_label_int(rd, "- nonrenewable", &nonrenewable) ||
        psplib_label_int(rd, "- doubly constrained", &doubly))
        return -1;
    if (rd->n < 1 || rd->n > PSPLIB_MAX_JOBS)
        return psplib_fail(rd, "%d jobs: expected 1 to %d", rd->n,
                           PSPLIB_MAX_JOBS);
    if (rd->k < 0 || rd->k > PSPLIB_MAX_RESOURCES)
        return psplib_fail(rd, "%d renewable resources: expected 0 to %d",
                           rd->k, PSPLIB_MAX_RESOURCES);
    if (nonrenewable != 0 || doubly != 0)
        return psplib_fail(rd, "nonrenewable or doubly constrained "
                               "resources: only renewable ones are read");
    return 0;
}

/* "pronr. #jobs rel.date duedate tardcost MPM-Time": the last column. */
static int psplib_read_project(psplib_reader *rd)
{
    const char *at = psplib_section(rd, "PROJECT INFORMATION:", 1);
    if (at == NULL)
        return -1;
    const char *row = at;
    int v[6];
    if (psplib_ints(&at, v, 6) != 6 || v[5] < 0)
        return psplib_fail(rd, "line %d: expected six project numbers",
                           psplib_line_of(rd, row));
    rd->mpm_time = v[5];
    return 0;
}

/* "jobnr. #modes #successors successors...", one row per job. */
static int psplib_read_precedence(psplib_reader *rd)
{
    const char *at = psplib_section(rd, "PRECEDENCE RELATIONS:", 1);
    if (at == NULL)
        return -1;
    int *v = xmalloc(sizeof(int) * ((size_t)rd->n + 4));
    int rc = 0;
    for (int i = 0; i < rd->n && rc == 0; i++) {
        const char *row = at;
        int got = at == NULL ? -1 : psplib_ints(&at, v, rd->n + 3);
        int job = got >= 3 ? v[0] - 1 : -1;
        if (got < 3 || job < 0 || job >= rd->n || got != 3 + v[2] ||
            rd->succ_rows[job] != NULL)
            rc = psplib_fail(rd, "line %d: expected a precedence row",
                             row ? psplib_line_of(rd, row) : 0);
        else if (v[1] != 1)
            rc = psplib_fail(rd,
                             "line %d: job %d has %d modes; only "
                             "single-mode files are read",
                             psplib_line_of(rd, row), v[0], v[1]);
        for (int s = 3; rc == 0 && s < got; s++)
            if (v[s] < 1 || v[s] > rd->n)
                rc = psplib_fail(rd, "line %d: successor %d out of range",
                                 psplib_line_of(rd, row), v[s]);
        if (rc == 0) {
            rd->succ_count[job] = v[2];
            rd->succ_rows[job] = xmalloc(sizeof(int) * ((size_t)v[2] + 1));
            for (int s = 0; s < v[2]; s++)
                rd->succ_rows[job][s] = v[3 + s] - 1;
        }
    }
    free(v);
    return rc;
}

/* "jobnr. mode duration R1 .. Rk", after a column header and a rule. */
static int psplib_read_requests(psplib_reader *rd)
{
    const char *at = psplib_section(rd, "REQUESTS/DURATIONS:", 2);
    if (at == NULL)
        return -1;
    int *v = xmalloc(sizeof(int) * ((size_t)rd->k + 4));
    int *seen = xcalloc((size_t)rd->n, sizeof(int));
    int rc = 0;
    for (int i = 0; i < rd->n && rc == 0; i++) {
        const char *row = at;
        int got = at == NULL ? -1 : psplib_ints(&at, v, rd->k + 3);
        int job = got >= 1 ? v[0] - 1 : -1;
        if (got != rd->k + 3 || job < 0 || job >= rd->n || seen[job]) {
            rc = psplib_fail(rd,
                             "line %d: expected a request row of %d "
                             "numbers",
                             row ? psplib_line_of(rd, row) : 0, rd->k + 3);
            break;
        }
        seen[job] = 1;
        rd->duration[job] = v[2];
        for (int r = 0; r < rd->k; r++)
            rd->demand[(size_t)job * rd->k + r] = v[3 + r];
    }
    free(seen);
    free(v);
    return rc;
}

static int psplib_read_availability(psplib_reader *rd)
{
    const char *at = psplib_section(rd, "RESOURCEAVAILABILITIES:", 1);
    if (at == NULL)
        return -1;
    const char *row = at;
    if (psplib_ints(&at, rd->capacity, rd->k) != rd->k)
        return psplib_fail(rd, "line %d: expected %d capacities",
                           psplib_line_of(rd, row), rd->k);
    return 0;
}

/* Negative values would parse as numbers but mean nothing. */
static int psplib_check_signs(psplib_reader *rd)
{
    for (int r = 0; r < rd->k; r++)
        if (rd->capacity[r] < 0)
            return psplib_fail(rd, "resource R%d has a negative capacity",
                               r + 1);
    for (int j = 0; j < rd->n; j++) {
        if (rd->duration[j] < 0)
            return psplib_fail(rd, "job %d has a negative duration", j + 1);
        for (int r = 0; r < rd->k; r++)
            if (rd->demand[(size_t)j * rd->k + r] < 0)
                return psplib_fail(rd, "job %d has a negative request", j + 1);
    }
    return 0;
}

static void psplib_merge_successors(psplib_reader *rd)
{
    rd->succ_start = xmalloc(sizeof(int) * ((size_t)rd->n + 1));
    rd->succ_start[0] = 0;
    for (int j = 0; j < rd->n; j++)
        rd->succ_start[j + 1] = rd->succ_start[j] + rd->succ_count[j];
    rd->succ = xmalloc(sizeof(int) * ((size_t)rd->succ_start[rd->n] + 1));
    for (int j = 0; j < rd->n; j++)
        memcpy(rd->succ + rd->succ_start[j], rd->succ_rows[j],
               sizeof(int) * (size_t)rd->succ_count[j]);
}

static void psplib_reader_fini(psplib_reader *rd)
{
    for (int j = 0; rd->succ_rows != NULL && j < rd->n; j++)
        free(rd->succ_rows[j]);
    free(rd->succ_rows);
    free(rd->succ_count);
}

static void psplib_reader_discard(psplib_reader *rd)
{
    free(rd->duration);
    free(rd->capacity);
    free(rd->demand);
    free(rd->succ_start);
    free(rd->succ);
}

static int psplib_read_body(psplib_reader *rd)
{
    size_t n = (size_t)rd->n, k = (size_t)rd->k;
    rd->duration = xcalloc(n, sizeof(int));
    rd->capacity = xcalloc(k + 1, sizeof(int));
    rd->demand = xcalloc(n * k + 1, sizeof(int));
    rd->succ_count = xcalloc(n, sizeof(int));
    rd->succ_rows = xcalloc(n, sizeof(int *));
    if (psplib_read_project(rd) || psplib_read_precedence(rd) ||
        psplib_read_requests(rd) || psplib_read_availability(rd) ||
        psplib_check_signs(rd))
        return -1;
    psplib_merge_successors(rd);
    return 0;
}

static void psplib_publish(psplib_reader *rd, psplib_instance *inst)
{
    memset(inst, 0, sizeof(*inst));
    inst->mpm_time = rd->mpm_time;
    inst->duration = rd->duration;
    inst->capacity = rd->capacity;
    inst->demand = rd->demand;
    inst->succ_start = rd->succ_start;
    inst->succ = rd->succ;
    inst->problem = (rcpsp){.n_activities = rd->n,
                            .n_resources = rd->k,
                            .duration = rd->duration,
                            .capacity = rd->capacity,
                            .demand = rd->demand,
                            .succ_start = rd->succ_start,
                            .succ = rd->succ};
}

int psplib_parse(const char *text, psplib_instance *inst, char *err,
                 size_t errlen)
{
    psplib_reader rd = {.text = text, .err = err, .errlen = errlen};
    int rc = psplib_read_header(&rd);
    if (rc == 0)
        rc = psplib_read_body(&rd);
    psplib_reader_fini(&rd);
    if (rc != 0) {
        psplib_reader_discard(&rd);
        return -1;
    }
    psplib_publish(&rd, inst);
    return 0;
}

int psplib_load(const char *path, psplib_instance *inst, char *err,
                size_t errlen)
{
    char *text = file_read_all(path, PSPLIB_MAX_BYTES, NULL);
    if (text == NULL) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    char why[200];
    int rc = psplib_parse(text, inst, why, sizeof(why));
    free(text);
    if (rc != 0) {
        snprintf(err, errlen, "%s: %s", path, why);
        return -1;
    }
    const char *base = strrchr(path, '/');
    snprintf(inst->name, sizeof(inst->name), "%s", base ? base + 1 : path);
    return 0;
}

void psplib_fini(psplib_instance *inst)
{
    free(inst->duration);
    free(inst->capacity);
    free(inst->demand);
    free(inst->succ_start);
    free(inst->succ);
    memset(inst, 0, sizeof(*inst));
}
