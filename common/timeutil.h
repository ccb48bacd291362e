/* common/timeutil.h - wall-clock and monotonic time in milliseconds. */
#ifndef PMO_COMMON_TIMEUTIL_H
#define PMO_COMMON_TIMEUTIL_H

#include <stddef.h>
#include <stdint.h>

/* Milliseconds since the Unix epoch (wall clock, for timestamps). */
int64_t time_now_ms(void);

/* Monotonic microseconds, for latencies and deadlines. */
int64_t time_mono_us(void);

/* "2026-11-25 12:34:56Z" for a Unix ms timestamp; "-" for 0. */
void time_format_ms(int64_t ms, char *out, size_t len);

#endif
