/* common/status.c - names and exit codes of gRPC status codes. */
#include "common/status.h"

#include <strings.h>

static const char *const status_names[PMO_STATUS_COUNT] = {
    "OK",
    "CANCELLED",
    "UNKNOWN",
    "INVALID_ARGUMENT",
    "DEADLINE_EXCEEDED",
    "NOT_FOUND",
    "ALREADY_EXISTS",
    "PERMISSION_DENIED",
    "RESOURCE_EXHAUSTED",
    "FAILED_PRECONDITION",
    "ABORTED",
    "OUT_OF_RANGE",
    "UNIMPLEMENTED",
    "INTERNAL",
    "UNAVAILABLE",
    "DATA_LOSS",
    "UNAUTHENTICATED",
};

const char *pmo_status_name(int code)
{
    if (code < 0 || code >= PMO_STATUS_COUNT)
        return "UNKNOWN";
    return status_names[code];
}

bool pmo_status_from_name(const char *name, pmo_status *out)
{
    for (int i = 0; i < PMO_STATUS_COUNT; i++) {
        if (strcasecmp(name, status_names[i]) == 0) {
            *out = (pmo_status)i;
            return true;
        }
    }
    return false;
}

int pmo_status_exit_code(int code)
{
    switch (code) {
    case PMO_OK:
        return 0;
    case PMO_INVALID_ARGUMENT:
    case PMO_OUT_OF_RANGE:
        return 2;
    case PMO_NOT_FOUND:
        return 3;
    case PMO_ALREADY_EXISTS:
    case PMO_ABORTED:
    case PMO_FAILED_PRECONDITION:
        return 4;
    case PMO_UNAUTHENTICATED:
        return 5;
    case PMO_PERMISSION_DENIED:
        return 6;
    case PMO_UNAVAILABLE:
    case PMO_DEADLINE_EXCEEDED:
    case PMO_RESOURCE_EXHAUSTED:
        return 7;
    default:
        return 1;
    }
}
