/*
 * server/api/status_args.c - what the StatusService handlers share: the
 * report's lists by name, the program and report a request names, and
 * the metrics a report not yet published shows (see status_common.h).
 */
#include "api/status_common.h"
#include "api/validate.h"
#include "model/status_reports.h"

#include <stddef.h>

#define STATUS_KEY_MAX 64

/* clang-format off */
#define STATUS_LIST(f)                                                         \
    {#f, offsetof(Pmo__V1__StatusReport, n_##f),                               \
     offsetof(Pmo__V1__StatusReport, f)}
/* clang-format on */

const status_list status_lists[STATUS_LISTS] = {
    STATUS_LIST(accomplishments),
    STATUS_LIST(next_steps),
    STATUS_LIST(decisions_needed),
    STATUS_LIST(asks),
};

size_t *status_list_n(Pmo__V1__StatusReport *r, const status_list *l)
{
    return (size_t *)((char *)r + l->offset_n);
}

char ***status_list_items(Pmo__V1__StatusReport *r, const status_list *l)
{
    return (char ***)((char *)r + l->offset_list);
}
int status_open(rpc_call *call, const char *program, access_role need,
                program_access *prog)
{
    if (!validate_length(call, "program", program, 1, STATUS_KEY_MAX))
        return -1;
    return access_program(call, program, need, prog);
}

/* The report of week (parsed into *monday) with its id. */
int status_find(rpc_call *call, const program_access *prog, const char *field,
                const char *week, int *monday, int64_t *id,
                Pmo__V1__StatusReport **out)
{
    if (!status_week_parse(call, field, week, monday))
        return -1;
    return status_reports_get(call, prog, week, false, id, out);
}

/* A report not yet published gets the metrics as they are now. */
int status_with_metrics(rpc_call *call, const program_access *prog, int monday,
                        Pmo__V1__StatusReport *r)
{
    if (r->metrics)
        return 0;
    return status_metrics_live(call, prog->key, monday, &r->metrics);
}

const char *status_rag_name(Pmo__V1__Rag rag)
{
    static const char *const names[] = {"-", "green", "amber", "red"};
    return (unsigned)rag < 4 ? names[rag] : "-";
}
