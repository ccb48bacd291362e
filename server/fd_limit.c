/* server/fd_limit.c - raises the open-file limit to fit the connection cap. */
#include "fd_limit.h"
#include "common/log.h"

#include <errno.h>
#include <string.h>

fd_limit_plan fd_limit_decide(rlim_t soft, rlim_t hard, rlim_t needed)
{
    fd_limit_plan plan = {.soft = soft};
    if (soft == RLIM_INFINITY || soft >= needed)
        return plan;
    plan.soft = hard == RLIM_INFINITY ? needed : hard;
    plan.raise = plan.soft != soft;
    plan.short_of = hard != RLIM_INFINITY && hard < needed;
    return plan;
}

rlim_t fd_limit_needed(int max_connections, int workers)
{
    return (rlim_t)max_connections + (rlim_t)workers + FD_LIMIT_RESERVE;
}

void fd_limit_ensure(int max_connections, int workers)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0) {
        log_warn("msg=\"cannot read the open file limit\" error=\"%s\"",
                 strerror(errno));
        return;
    }
    rlim_t needed = fd_limit_needed(max_connections, workers);
    fd_limit_plan plan = fd_limit_decide(rl.rlim_cur, rl.rlim_max, needed);
    if (plan.raise) {
        struct rlimit want = {plan.soft, rl.rlim_max};
        if (setrlimit(RLIMIT_NOFILE, &want) == 0) {
            log_info("msg=\"raised the open file limit\" from=%llu to=%llu",
                     (unsigned long long)rl.rlim_cur,
                     (unsigned long long)plan.soft);
            rl.rlim_cur = plan.soft;
        } else {
            log_warn("msg=\"cannot raise the open file limit\" error=\"%s\"",
                     strerror(errno));
        }
    }
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < needed)
        log_warn("msg=\"open file limit below the connection cap\" "
                 "limit=%llu needed=%llu max_connections=%d "
                 "fix=\"raise LimitNOFILE in the systemd unit (or ulimit "
                 "-n), or lower max_connections\"",
                 (unsigned long long)rl.rlim_cur, (unsigned long long)needed,
                 max_connections);
}
