/*
 * server/model/status_metrics.c - StatusMetrics by its field descriptors
 * (see status_metrics.h).
 */
#include "model/status_metrics.h"
#include "model/raid.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* clang-format off */
DB_STMT(status_counts,
        "SELECT"
        " (SELECT count(*) FILTER (WHERE severity = 4) FROM issues"
        "   WHERE program_id = $1 AND status IN (1, 2)),"
        " (SELECT count(*) FILTER (WHERE severity = 3) FROM issues"
        "   WHERE program_id = $1 AND status IN (1, 2)),"
        " (SELECT count(*) FILTER (WHERE severity = 2) FROM issues"
        "   WHERE program_id = $1 AND status IN (1, 2)),"
        " (SELECT count(*) FILTER (WHERE severity = 1) FROM issues"
        "   WHERE program_id = $1 AND status IN (1, 2)),"
        " EXISTS (SELECT 1 FROM budgets WHERE program_id = $1"
        "   AND project_id IS NULL),"
        " (SELECT coalesce(sum((l->>'amount_minor')::bigint), 0)"
        "   FROM budgets b, jsonb_array_elements(b.lines) l"
        "   WHERE b.program_id = $1 AND b.project_id IS NULL),"
        " (SELECT coalesce(sum(amount_minor), 0) FROM expenses"
        "   WHERE program_id = $1)");
/* clang-format on */

Pmo__V1__StatusMetrics *status_metrics_new(rpc_call *call)
{
    Pmo__V1__StatusMetrics *m = arena_alloc(call->arena, sizeof *m);
    pmo__v1__status_metrics__init(m);
    return m;
}

unsigned status_metrics_count(void)
{
    return pmo__v1__status_metrics__descriptor.n_fields;
}

static void *status_metrics_slot(const Pmo__V1__StatusMetrics *m,
                                 const ProtobufCFieldDescriptor *f)
{
    return (char *)m + f->offset;
}

void status_metrics_set(rpc_call *call, Pmo__V1__StatusMetrics *m,
                        const char *key, const char *value)
{
    const ProtobufCFieldDescriptor *f =
        protobuf_c_message_descriptor_get_field_by_name(
            &pmo__v1__status_metrics__descriptor, key);
    if (f == NULL)
        return;
    void *slot = status_metrics_slot(m, f);
    switch (f->type) {
    case PROTOBUF_C_TYPE_STRING:
        *(char **)slot = arena_strdup(call->arena, value);
        break;
    case PROTOBUF_C_TYPE_INT32:
        *(int32_t *)slot = (int32_t)strtol(value, NULL, 10);
        break;
    case PROTOBUF_C_TYPE_INT64:
        *(int64_t *)slot = strtoll(value, NULL, 10);
        break;
    case PROTOBUF_C_TYPE_DOUBLE:
        *(double *)slot = strtod(value, NULL);
        break;
    case PROTOBUF_C_TYPE_BOOL:
        *(protobuf_c_boolean *)slot = strcmp(value, "true") == 0;
        break;
    default:
        break;
    }
}

char *status_metrics_text(rpc_call *call, const Pmo__V1__StatusMetrics *m,
                          unsigned i, const char **name)
{
    const ProtobufCFieldDescriptor *f =
        &pmo__v1__status_metrics__descriptor.fields[i];
    const void *slot = status_metrics_slot(m, f);
    *name = f->name;
    switch (f->type) {
    case PROTOBUF_C_TYPE_STRING:
        return arena_strdup(call->arena, *(char *const *)slot);
    case PROTOBUF_C_TYPE_INT32:
        return arena_printf(call->arena, "%" PRId32, *(const int32_t *)slot);
    case PROTOBUF_C_TYPE_INT64:
        return arena_printf(call->arena, "%" PRId64, *(const int64_t *)slot);
    case PROTOBUF_C_TYPE_DOUBLE:
        return arena_printf(call->arena, "%g", *(const double *)slot);
    case PROTOBUF_C_TYPE_BOOL:
        return *(const protobuf_c_boolean *)slot ? "true" : "false";
    default:
        return "";
    }
}

/* s as a JSON string; validated texts hold no control characters, but
 * titles may hold quotes and backslashes. */
static char *status_json_string(rpc_call *call, const char *s)
{
    size_t n = strlen(s);
    char *out = arena_alloc(call->arena, n * 6 + 3), *p = out;
    *p++ = '"';
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            *p++ = '\\';
            *p++ = (char)c;
        } else if (c < 0x20) {
            p += sprintf(p, "\\u%04x", c);
        } else {
            *p++ = (char)c;
        }
    }
    *p++ = '"';
    *p = '\0';
    return out;
}

char *status_metrics_json(rpc_call *call, const Pmo__V1__StatusMetrics *m)
{
    char *json = "{";
    for (unsigned i = 0; i < status_metrics_count(); i++) {
        const char *name;
        char *text = status_metrics_text(call, m, i, &name);
        const ProtobufCFieldDescriptor *f =
            &pmo__v1__status_metrics__descriptor.fields[i];
        bool quoted = f->type == PROTOBUF_C_TYPE_STRING;
        json =
            arena_printf(call->arena, "%s%s\"%s\": %s", json, i ? ", " : "",
                         name, quoted ? status_json_string(call, text) : text);
    }
    return arena_printf(call->arena, "%s}", json);
}

int status_metrics_counts(rpc_call *call, const program_access *prog,
                          Pmo__V1__StatusMetrics *m)
{
    const char *params[] = {raid_int(call, prog->id)};
    PGresult *r = db_exec(call->db, &status_counts, 1, params);
    if (r == NULL) {
        rpc_fail_db(call, "counting issues and spending");
        return -1;
    }
    m->issues_critical = (int32_t)db_int64(r, 0, 0);
    m->issues_high = (int32_t)db_int64(r, 0, 1);
    m->issues_medium = (int32_t)db_int64(r, 0, 2);
    m->issues_low = (int32_t)db_int64(r, 0, 3);
    m->has_budget = db_bool(r, 0, 4);
    m->budget_minor = db_int64(r, 0, 5);
    m->spent_minor = db_int64(r, 0, 6);
    m->currency = arena_strdup(call->arena, prog->currency);
    PQclear(r);
    return 0;
}
