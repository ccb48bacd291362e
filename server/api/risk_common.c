/* server/api/risk_common.c - checks shared by the RAID log's handlers. */
#include "api/risk_common.h"
#include "api/fields.h"
#include "api/validate.h"

#include <stdio.h>
#include <string.h>

bool risk_named(char *const *mask, size_t n, const char *field)
{
    return mask == NULL || fields_mask_has(mask, n, field);
}

bool risk_enum(rpc_call *call, const char *field,
               const ProtobufCEnumDescriptor *desc, int value, bool zero_ok)
{
    if ((value == 0 && zero_ok) ||
        (value != 0 && protobuf_c_enum_descriptor_get_value(desc, value)))
        return true;
    rpc_violation(call, field, "%d is not a %s value", value, desc->short_name);
    return false;
}

bool risk_id_valid(rpc_call *call, const char *what, int64_t id)
{
    if (id > 0)
        return true;
    rpc_violation(call, "id", "must be %s id (> 0)", what);
    return false;
}

bool risk_version_valid(rpc_call *call, int64_t version)
{
    if (version > 0)
        return true;
    rpc_violation(call, "expected_version",
                  "must be the version you read (> 0)");
    return false;
}

bool risk_owner_valid(rpc_call *call, const char *field, const char *owner)
{
    return owner[0] == '\0' || validate_username(call, field, owner);
}

static bool risk_list_size(rpc_call *call, const char *field, size_t n)
{
    if (n <= RISK_LIST_MAX)
        return true;
    rpc_violation(call, field, "must hold at most %d entries (got %zu)",
                  RISK_LIST_MAX, n);
    return false;
}

bool risk_vendor_valid(rpc_call *call, const char *field, int64_t id)
{
    if (id >= 0)
        return true;
    rpc_violation(call, field, "must be a vendor id or 0 (got %lld)",
                  (long long)id);
    return false;
}

bool risk_refs_valid(rpc_call *call, const char *field, char *const *refs,
                     size_t n)
{
    if (!risk_list_size(call, field, n))
        return false;
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        char *at = arena_printf(call->arena, "%s[%zu]", field, i);
        bool one = validate_length(call, at, refs[i], 1, RISK_REF_MAX);
        for (size_t k = 0; one && k < i; k++)
            if (strcmp(refs[k], refs[i]) == 0) {
                rpc_violation(call, at, "%s is already listed at [%zu]",
                              refs[i], k);
                one = false;
            }
        ok &= one;
    }
    return ok;
}

bool risk_ids_valid(rpc_call *call, const char *field, const int64_t *ids,
                    size_t n)
{
    if (!risk_list_size(call, field, n))
        return false;
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        char *at = arena_printf(call->arena, "%s[%zu]", field, i);
        if (ids[i] <= 0) {
            rpc_violation(call, at, "must be an id (> 0)");
            ok = false;
            continue;
        }
        for (size_t k = 0; k < i; k++)
            if (ids[k] == ids[i]) {
                rpc_violation(call, at, "%lld is already listed at [%zu]",
                              (long long)ids[i], k);
                ok = false;
                break;
            }
    }
    return ok;
}

void risk_refs_items(raid_refs *r, const char *field, char *const *refs,
                     size_t n)
{
    for (size_t i = 0; i < n; i++)
        raid_refs_item(r, arena_printf(r->call->arena, "%s[%zu]", field, i),
                       refs[i]);
}

void risk_refs_ids(raid_refs *r, raid_ref_kind kind, const char *field,
                   const int64_t *ids, size_t n)
{
    for (size_t i = 0; i < n; i++)
        raid_refs_id(r, kind, arena_printf(r->call->arena, "%s[%zu]", field, i),
                     ids[i]);
}

int risk_access(rpc_call *call, const char *what, int64_t id,
                int64_t program_id, access_role need, program_access *prog)
{
    if (access_program_id(call, program_id, need, prog) == 0)
        return 0;
    if (call->status == PMO_NOT_FOUND)
        call->message =
            arena_printf(call->arena, "no %s %lld", what, (long long)id);
    return -1;
}

bool risk_owner_may(rpc_call *call, const program_access *prog,
                    const char *what, int64_t id, const char *owner,
                    char *const *mask, size_t n)
{
    if (prog->role >= ACCESS_MANAGER)
        return true;
    if (strcmp(owner, call->who.username) != 0) {
        rpc_fail(call, PMO_PERMISSION_DENIED,
                 "%s %lld is not yours: changing it needs the manager role "
                 "in %s",
                 what, (long long)id, prog->key);
        return false;
    }
    if (fields_mask_has(mask, n, "owner")) {
        rpc_fail(call, PMO_PERMISSION_DENIED,
                 "handing %s %lld to someone else needs the manager role in %s",
                 what, (long long)id, prog->key);
        return false;
    }
    return true;
}
