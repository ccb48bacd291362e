/* common/timeutil.c - clocks and timestamp formatting. */
#include "common/timeutil.h"

#include <stdio.h>
#include <time.h>

int64_t time_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t time_mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void time_format_ms(int64_t ms, char *out, size_t len)
{
    if (ms <= 0) {
        snprintf(out, len, "-");
        return;
    }
    time_t secs = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&secs, &tm);
    strftime(out, len, "%Y-%m-%d %H:%M:%SZ", &tm);
}
