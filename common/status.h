/*
 * common/status.h - gRPC status codes and their names.
 *
 * The numbers are the wire values of pmo.v1.StatusCode (rpc.proto), which
 * are gRPC's. Both the server (choosing a code) and the clients (printing
 * one, choosing an exit code) use this table.
 */
#ifndef PMO_COMMON_STATUS_H
#define PMO_COMMON_STATUS_H

#include <stdbool.h>

typedef enum pmo_status {
    PMO_OK = 0,
    PMO_CANCELLED = 1,
    PMO_UNKNOWN = 2,
    PMO_INVALID_ARGUMENT = 3,
    PMO_DEADLINE_EXCEEDED = 4,
    PMO_NOT_FOUND = 5,
    PMO_ALREADY_EXISTS = 6,
    PMO_PERMISSION_DENIED = 7,
    PMO_RESOURCE_EXHAUSTED = 8,
    PMO_FAILED_PRECONDITION = 9,
    PMO_ABORTED = 10,
    PMO_OUT_OF_RANGE = 11,
    PMO_UNIMPLEMENTED = 12,
    PMO_INTERNAL = 13,
    PMO_UNAVAILABLE = 14,
    PMO_DATA_LOSS = 15,
    PMO_UNAUTHENTICATED = 16,
} pmo_status;

#define PMO_STATUS_COUNT 17

/* "INVALID_ARGUMENT"; "UNKNOWN" for a value outside the table. */
const char *pmo_status_name(int code);

/* Parses a name ("not_found" or "NOT_FOUND"); returns false if unknown. */
bool pmo_status_from_name(const char *name, pmo_status *out);

/*
 * The process exit code a command-line client uses for a failed call, so
 * scripts can tell "fix your input" from "try again later" from "log in":
 * 2 invalid input, 3 not found, 4 conflict (already exists, aborted,
 * failed precondition), 5 unauthenticated, 6 permission denied,
 * 7 unavailable or deadline exceeded, 1 anything else.
 */
int pmo_status_exit_code(int code);

#endif
