/*
 * server/api/risk_common.h - the checks the handlers of the RAID log,
 * action items and meetings share (risk_*.c, meeting_service.c). Each
 * records a field violation (or the stated status) on the call and
 * returns false, as validate.h does.
 */
#ifndef PMO_SERVER_API_RISK_COMMON_H
#define PMO_SERVER_API_RISK_COMMON_H

#include "model/access.h"
#include "model/raid.h"
#include "rpc/call.h"

#include <protobuf-c/protobuf-c.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RISK_TITLE_MAX 200
#define RISK_TEXT_MAX  10000
#define RISK_LIST_MAX  200
/* Longer than any work item ref. */
#define RISK_REF_MAX 64

/* True if the field is to be checked: every field on create (no mask). */
bool risk_named(char *const *mask, size_t n, const char *field);

/* A known value of the enum, or 0 when zero_ok (the default then applies). */
bool risk_enum(rpc_call *call, const char *field,
               const ProtobufCEnumDescriptor *desc, int value, bool zero_ok);

/* An id (> 0) of the entity named what, in field "id". */
bool risk_id_valid(rpc_call *call, const char *what, int64_t id);

/* expected_version > 0. */
bool risk_version_valid(rpc_call *call, int64_t version);

/* A username, when not "". */
bool risk_owner_valid(rpc_call *call, const char *field, const char *owner);

/* The id of a vendor (VendorService), or 0 for none. */
bool risk_vendor_valid(rpc_call *call, const char *field, int64_t id);

/*
 * At most RISK_LIST_MAX refs, each 1..RISK_REF_MAX characters and listed
 * once; violations name field[i].
 */
bool risk_refs_valid(rpc_call *call, const char *field, char *const *refs,
                     size_t n);

/* At most RISK_LIST_MAX ids, each > 0 and listed once. */
bool risk_ids_valid(rpc_call *call, const char *field, const int64_t *ids,
                    size_t n);

/* Adds each ref as an item reference named field[i]. */
void risk_refs_items(raid_refs *r, const char *field, char *const *refs,
                     size_t n);

/* Adds each id as a reference of kind named field[i]. */
void risk_refs_ids(raid_refs *r, raid_ref_kind kind, const char *field,
                   const int64_t *ids, size_t n);

/*
 * Whether the caller, admitted to prog as a contributor at least, may
 * change the entity (a risk, issue or action item, "what id") owned by
 * owner with this update mask: managers change anything; a contributor
 * changes only what they own, and does not hand it to someone else.
 * PERMISSION_DENIED otherwise.
 */
bool risk_owner_may(rpc_call *call, const program_access *prog,
                    const char *what, int64_t id, const char *owner,
                    char *const *mask, size_t n);

/*
 * Access to the program of an entity found by id, at least need. One in
 * a program the caller cannot see is reported exactly like one that does
 * not exist ("no WHAT ID"), so ids reveal nothing.
 */
int risk_access(rpc_call *call, const char *what, int64_t id,
                int64_t program_id, access_role need, program_access *prog);

#endif
