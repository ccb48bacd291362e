/*
 * server/sched/cpm.c - the critical path method: its errors, and sched_cpm,
 * which does it all once.
 */
#include "sched/cpm_impl.h"

#include "common/xalloc.h"

#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sched_error_set(sched_error *err, int code, int item, int link,
                     const char *fmt, ...)
{
    va_list ap;
    err->code = code;
    err->item = item;
    err->link = link;
    err->cycle = NULL;
    err->cycle_len = 0;
    va_start(ap, fmt);
    vsnprintf(err->detail, sizeof err->detail, fmt, ap);
    va_end(ap);
}

void sched_error_fini(sched_error *err)
{
    free(err->cycle);
    err->cycle = NULL;
    err->cycle_len = 0;
}

const char *sched_strerror(int code)
{
    switch (code) {
    case SCHED_OK:
        return "ok";
    case SCHED_EINVAL:
        return "invalid plan";
    case SCHED_ERANGE:
        return "date out of range";
    case SCHED_ECALENDAR:
        return "calendar has no working day";
    case SCHED_ESUMMARY_LINK:
        return "dependency on a summary item";
    case SCHED_ECYCLE:
        return "dependency cycle";
    case SCHED_EPARENT_CYCLE:
        return "parent cycle";
    case SCHED_EDEADLINE:
        return "stopped at the request's deadline";
    default:
        return "unknown error";
    }
}

int sched_cpm(const sched_plan *plan, sched_result *res, sched_error *err)
{
    sched_net net;
    sched_run run;
    sched_net_init(&net);
    sched_run_init(&run);
    int rc = sched_net_prepare(&net, plan, err);
    if (rc == SCHED_OK) {
        sched_run_bind(&run, &net);
        rc = sched_run_passes(&run);
        if (rc != SCHED_OK)
            sched_error_set(err, rc, -1, -1,
                            "a date leaves the supported range");
    }
    if (rc == SCHED_OK) {
        sched_run_chains(&run);
        sched_result_fill(res, &run);
    }
    sched_run_fini(&run);
    sched_net_fini(&net);
    return rc;
}
