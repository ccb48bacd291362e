/*
 * server/api/interop_service.c - pmo.v1.InteropService: plans in and out
 * of other tools' formats. The methods are in interop_import.c and
 * interop_export.c; this file gathers them with their access policies
 * and keeps the link type mapping both use.
 *
 * An import is a whole-plan write, heavy like WorkService/LoadPlan, whose
 * path it takes; an export reads the whole plan, heavy too.
 */
#include "api/interop_handlers.h"
#include "api/services.h"

#include <stdio.h>
#include <string.h>

/* MSPDI numbers link types 0 FF, 1 FS, 2 SF, 3 SS. */
static const Pmo__V1__DependencyType interop_dep_types[] = {
    [MSPDI_LINK_FF] = PMO__V1__DEPENDENCY_TYPE__DEP_FINISH_TO_FINISH,
    [MSPDI_LINK_FS] = PMO__V1__DEPENDENCY_TYPE__DEP_FINISH_TO_START,
    [MSPDI_LINK_SF] = PMO__V1__DEPENDENCY_TYPE__DEP_START_TO_FINISH,
    [MSPDI_LINK_SS] = PMO__V1__DEPENDENCY_TYPE__DEP_START_TO_START,
};

Pmo__V1__DependencyType interop_dep_type(mspdi_link_type t)
{
    return interop_dep_types[t];
}

mspdi_link_type interop_link_type(Pmo__V1__DependencyType t)
{
    for (int k = 0; k < 4; k++)
        if (interop_dep_types[k] == t)
            return (mspdi_link_type)k;
    return MSPDI_LINK_FS; /* unspecified is finish to start */
}

void interop_warning_add(rpc_call *call, char ***list, size_t *n, size_t *cap,
                         const char *fmt, va_list ap)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        char **grown = arena_alloc(call->arena, *cap * sizeof(*grown));
        if (*n)
            memcpy(grown, *list, *n * sizeof(*grown));
        *list = grown;
    }
    char text[400];
    vsnprintf(text, sizeof(text), fmt, ap);
    (*list)[(*n)++] = arena_strdup(call->arena, text);
}

static interop_svc interop_impl = {
    .base = PMO__V1__INTEROP_SERVICE__BASE_INIT,
    .import_mspdi = interop_import_mspdi,
    .export_mspdi = interop_export_mspdi,
};

static const rpc_method_policy interop_policies[] = {
    {"ImportMspdi", RPC_ACCESS_SESSION, RPC_WRITES, RPC_HEAVY},
    {"ExportMspdi", RPC_ACCESS_SESSION, RPC_READS, RPC_HEAVY},
};

const rpc_service api_interop_service = {
    .impl = &interop_impl.base,
    .policies = interop_policies,
    .n_policies = sizeof(interop_policies) / sizeof(interop_policies[0]),
};
