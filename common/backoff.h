/* common/backoff.h - retry delays that grow, with jitter, and a quiet log
 * of an outage: the first failure, then one summary per interval. */
#ifndef PMO_COMMON_BACKOFF_H
#define PMO_COMMON_BACKOFF_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
    int base_ms, max_ms;
    int ceiling_ms;  /* the current delay's upper bound; doubles per failure */
    uint64_t rng;    /* xorshift state, seeded per instance */
    int attempts;    /* failures since the last summary */
    int64_t summary_at_ms; /* when the next summary is due; 0: outage not begun */
} backoff;

void backoff_init(backoff *b, int base_ms, int max_ms, uint64_t seed);

/*
 * Records a failed attempt and returns how long to wait before the
 * next: uniformly between half the current ceiling and the ceiling ("equal
 * jitter", so servers that lost one database do not retry in step), the
 * ceiling doubling up to max_ms.
 */
int backoff_fail(backoff *b);

/* What to log for a failure just recorded: */
typedef enum {
    BACKOFF_QUIET,   /* nothing */
    BACKOFF_FIRST,   /* the first failure of an outage */
    BACKOFF_SUMMARY, /* a summary: *attempts failures in the last interval */
} backoff_report;

backoff_report backoff_report_due(backoff *b, int64_t now_ms, int interval_ms,
                                  int *attempts);

/* A success: the next failure starts a new outage at base_ms. Returns
 * whether an outage was under way. */
bool backoff_succeed(backoff *b);

#endif
