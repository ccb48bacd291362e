/*
 * server/sched/deadline.h - when a long computation of the engine must
 * stop: the caller's deadline as a plain clock value.
 *
 * A deadline is an absolute time on CLOCK_MONOTONIC in microseconds (the
 * clock of common/timeutil.h's time_mono_us, so a server passes its
 * request's deadline unchanged), or SCHED_NO_DEADLINE. The loops that can
 * run long (Monte Carlo iterations, levelling passes) read the clock every
 * so often and give up with SCHED_EDEADLINE, discarding what they did:
 * results never depend on timing, so a computation either finishes as it
 * would have without a deadline or returns nothing.
 */
#ifndef PMO_SERVER_SCHED_DEADLINE_H
#define PMO_SERVER_SCHED_DEADLINE_H

#include <stdbool.h>
#include <stdint.h>

/* No deadline: run to the end. */
#define SCHED_NO_DEADLINE 0

/*
 * True if deadline_us is set and the clock is past it. One clock read
 * (a few tens of nanoseconds through the vDSO): loops call it once per
 * block of work, not per step. Thread-safe.
 */
bool sched_deadline_passed(int64_t deadline_us);

#endif
