/* server/sched/deadline.c - reading the clock a deadline is set on. */
#include "sched/deadline.h"

#include <time.h>

bool sched_deadline_passed(int64_t deadline_us)
{
    if (deadline_us == SCHED_NO_DEADLINE)
        return false;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    int64_t now = (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
    return now > deadline_us;
}
