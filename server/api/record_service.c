/*
 * server/api/record_service.c - the generic handlers of record kinds:
 * routing by method name, access, per-column validation, and the calls
 * into the record core (see record_service.h).
 */
#include "api/record_service.h"
#include "api/fields.h"
#include "api/finance_fields.h"
#include "api/risk_common.h"
#include "api/validate.h"
#include "common/xalloc.h"
#include "model/access.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RECORD_ITEM_MAX 500 /* one entry of a text list */
#define RECORD_KEY_MAX  64  /* a program key */

typedef enum record_op {
    RECORD_OP_CREATE,
    RECORD_OP_GET,
    RECORD_OP_LIST,
    RECORD_OP_UPDATE,
    RECORD_OP_DELETE,
    RECORD_OP_HISTORY,
    RECORD_OP_COUNT
} record_op;

struct record_route {
    const record_api *api;
    record_op op;
};

/* ------------------------------------------------------------ messages */

static const ProtobufCFieldDescriptor *req_field(const ProtobufCMessage *m,
                                                 const char *name)
{
    return protobuf_c_message_descriptor_get_field_by_name(m->descriptor,
                                                           name);
}

/* The message in field name of m, or NULL. */
static const ProtobufCMessage *req_message(const ProtobufCMessage *m,
                                           const char *name)
{
    const ProtobufCFieldDescriptor *fd = req_field(m, name);
    if (fd == NULL || fd->type != PROTOBUF_C_TYPE_MESSAGE)
        return NULL;
    return *(const ProtobufCMessage **)((const char *)m + fd->offset);
}

/* A repeated string field of m. */
static char *const *req_strings(const ProtobufCMessage *m, const char *name,
                                size_t *n)
{
    const ProtobufCFieldDescriptor *fd = req_field(m, name);
    *n = 0;
    if (fd == NULL || fd->label != PROTOBUF_C_LABEL_REPEATED)
        return NULL;
    *n = *(const size_t *)((const char *)m + fd->quantifier_offset);
    return *(char *const **)((const char *)m + fd->offset);
}

/* A list of records and the next page's token, into out (a List reply). */
static void reply_page(rpc_call *call, ProtobufCMessage *out,
                       const char *list_field, ProtobufCMessage **rows,
                       size_t n, unsigned limit, int64_t last_id)
{
    const ProtobufCFieldDescriptor *fd = req_field(out, list_field);
    if (n > limit) {
        n = limit;
        record_set_string(out, "next_page_token",
                          fields_page_token_make(call, last_id));
    }
    *(size_t *)((char *)out + fd->quantifier_offset) = n;
    *(ProtobufCMessage ***)((char *)out + fd->offset) = rows;
}

/* A shallow copy of r, for fill to change. */
static ProtobufCMessage *record_copy(rpc_call *call, const ProtobufCMessage *r)
{
    ProtobufCMessage *copy = arena_alloc(call->arena,
                                         r->descriptor->sizeof_message);
    memcpy(copy, r, r->descriptor->sizeof_message);
    return copy;
}

static ProtobufCMessage *reply_new(rpc_call *call,
                                   const ProtobufCMessageDescriptor *d)
{
    ProtobufCMessage *m = arena_alloc(call->arena, d->sizeof_message);
    protobuf_c_message_init(d, m);
    return m;
}

/* ------------------------------------------------------------ validation */

static bool check_texts(rpc_call *call, const char *field,
                        const record_column *col, char *const *list, size_t n)
{
    if (n > col->max) {
        rpc_violation(call, field, "must hold at most %u %s (got %zu)",
                      col->max, col->field, n);
        return false;
    }
    bool ok = true;
    size_t max = col->type == RECORD_PROGRAMS ? RECORD_KEY_MAX
                                              : RECORD_ITEM_MAX;
    for (size_t i = 0; i < n; i++) {
        const char *f = arena_printf(call->arena, "%s[%zu]", field, i);
        ok &= validate_length(call, f, list[i], 1, max);
        for (size_t j = 0; ok && j < i; j++)
            if (strcmp(list[i], list[j]) == 0) {
                rpc_violation(call, f, "lists %s twice", list[i]);
                ok = false;
            }
    }
    return ok;
}

static bool check_ids(rpc_call *call, const char *field,
                      const record_column *col, const int64_t *ids, size_t n)
{
    if (n > col->max) {
        rpc_violation(call, field, "must hold at most %u %s (got %zu)",
                      col->max, col->field, n);
        return false;
    }
    return risk_ids_valid(call, field, ids, n);
}

/* An amount in the currency of the row's program; "" is 0 unless the
 * column is required. */
static bool check_money(rpc_call *call, const char *field,
                        const record_column *col, const char *text,
                        const program_access *prog)
{
    int64_t minor;
    if (text[0] == '\0' && !(col->flags & RECORD_REQUIRED))
        return true;
    return finance_amount(call, field, text, prog->currency, true, &minor);
}

/* Column col of r (field path prefix.field), by its type; on create
 * (required) a RECORD_REQUIRED column must be given. prog is the row's
 * program (program-scoped kinds). */
static bool check_column(rpc_call *call, const record_kind *k,
                         const record_column *col, const char *prefix,
                         const ProtobufCMessage *r, bool create,
                         const program_access *prog)
{
    const char *field = arena_printf(call->arena, "%s.%s", prefix, col->field);
    const ProtobufCFieldDescriptor *fd = req_field(r, col->field);
    const char *slot = (const char *)r + fd->offset;
    size_t n = fd->label == PROTOBUF_C_LABEL_REPEATED
                   ? *(const size_t *)((const char *)r + fd->quantifier_offset)
                   : 0;
    if (create && (col->flags & RECORD_REQUIRED)) {
        bool given = fd->label == PROTOBUF_C_LABEL_REPEATED ? n > 0
                     : col->type == RECORD_ENUM || col->type == RECORD_ID
                         ? record_get_int(r, col->field) != 0
                         : *record_get_string(r, col->field) != '\0';
        if (!given) {
            rpc_violation(call, field, "is required");
            return false;
        }
    }
    switch (col->type) {
    case RECORD_LINE:
        return validate_length(call, field, record_get_string(r, col->field),
                               col->min, col->max);
    case RECORD_TEXT:
        return validate_text(call, field, record_get_string(r, col->field),
                             col->min, col->max);
    case RECORD_ENUM:
        return risk_enum(call, field, fd->descriptor,
                         (int)record_get_int(r, col->field), true);
    case RECORD_DATE:
        return fields_date(call, field, record_get_string(r, col->field));
    case RECORD_USER:
        return risk_owner_valid(call, field, record_get_string(r, col->field));
    case RECORD_TEXTS:
    case RECORD_PROGRAMS:
        return check_texts(call, field, col, *(char *const *const *)slot, n);
    case RECORD_IDS:
        return check_ids(call, field, col, *(const int64_t *const *)slot, n);
    case RECORD_REFS:
        return risk_refs_valid(call, field, *(char *const *const *)slot, n);
    case RECORD_ID:
        if (record_get_int(r, col->field) >= 0)
            return true;
        rpc_violation(call, field, "must be a %s id or 0", col->ref_what);
        return false;
    case RECORD_FLAG:
        return true; /* read only: what a request says is ignored */
    case RECORD_MONEY:
        return check_money(call, field, col, record_get_string(r, col->field),
                           prog);
    }
    (void)k;
    return true;
}

/* Every column named in mask (all when mask is NULL), then the kind's own
 * rules; cur is the row as stored (NULL on create). */
static bool check_record(rpc_call *call, const record_api *api,
                         const program_access *prog,
                         const ProtobufCMessage *cur, const ProtobufCMessage *r,
                         char *const *mask, size_t n)
{
    const record_kind *k = api->kind;
    bool ok = true;
    for (size_t i = 0; i < k->n_columns; i++)
        if (risk_named(mask, n, k->columns[i].field))
            ok &= check_column(call, k, &k->columns[i], api->field, r,
                               mask == NULL, prog);
    if (ok && api->check)
        ok = api->check(call, cur, r, mask, n);
    return ok;
}

/* Every name in the mask is a field an update may change, and the mask
 * is not empty. */
static bool check_mask(rpc_call *call, const record_kind *k,
                       char *const *mask, size_t n)
{
    return fields_mask_valid(call, mask, n, record_kind_mask_fields(k));
}

/* ------------------------------------------------------------ access */

/*
 * May the caller change (or delete) row r of program program_id? For a
 * program-scoped kind: write_role, or contributor as the row's owner; for
 * an organisation-wide one: its owner or an admin.
 */
static int access_write(rpc_call *call, const record_kind *k, int64_t id,
                        int64_t program_id, const ProtobufCMessage *r,
                        program_access *prog)
{
    const record_column *owner = record_owner_column(k);
    bool owns = owner && strcmp(record_get_string(r, owner->field),
                                call->who.username) == 0;
    memset(prog, 0, sizeof(*prog));
    if (k->program_scoped)
        return risk_access(call, k->name, id, program_id,
                           owns ? ACCESS_CONTRIBUTOR : k->write_role, prog);
    if (owns || call->who.is_admin)
        return 0;
    rpc_fail(call, PMO_PERMISSION_DENIED,
             "only the owner of %s %lld (%s) or an admin may change it",
             k->name, (long long)id,
             owner ? record_get_string(r, owner->field) : "none");
    return -1;
}

/* Finds row id and checks the caller may read it (need 0) or write it. */
static int find_checked(rpc_call *call, const record_kind *k, int64_t id,
                        bool write, program_access *prog,
                        ProtobufCMessage **row)
{
    int64_t program_id;
    if (!risk_id_valid(call, k->name, id) ||
        record_find(call, k, id, &program_id, row) != 0)
        return -1;
    if (write)
        return access_write(call, k, id, program_id, *row, prog);
    memset(prog, 0, sizeof(*prog));
    if (!k->program_scoped)
        return 0;
    return risk_access(call, k->name, id, program_id, k->read_role, prog);
}

/* ------------------------------------------------------------ operations */

static const ProtobufCMessage *record_create(rpc_call *call,
                                             const record_api *api,
                                             const ProtobufCMessage *in)
{
    const record_kind *k = api->kind;
    const ProtobufCMessage *r = req_message(in, api->field);
    program_access prog = {0};
    ProtobufCMessage *out;
    if (r == NULL) {
        rpc_violation(call, api->field, "is required");
        return NULL;
    }
    if (k->program_scoped) {
        const char *key = record_get_string(r, "program");
        const char *field = arena_printf(call->arena, "%s.program", api->field);
        if (!validate_length(call, field, key, 1, RECORD_KEY_MAX) ||
            access_program(call, key, k->write_role, &prog) != 0)
            return NULL;
    }
    if (!check_record(call, api, &prog, NULL, r, NULL, 0) ||
        record_refs_check(call, k, &prog, api->field, r, NULL, 0) != 0)
        return NULL;
    if (api->fill) {
        ProtobufCMessage *filled = record_copy(call, r);
        api->fill(call, NULL, filled, NULL, NULL);
        r = filled;
    }
    if (record_insert(call, k, &prog, r, &out) != 0)
        return NULL;
    return out;
}

static const ProtobufCMessage *record_get(rpc_call *call,
                                          const record_api *api,
                                          const ProtobufCMessage *in)
{
    program_access prog;
    ProtobufCMessage *row;
    if (find_checked(call, api->kind, record_get_int(in, "id"), false, &prog,
                     &row) != 0)
        return NULL;
    return row;
}

/* The List request's filters, in the order of the kind's filter columns. */
static bool list_filters(rpc_call *call, const record_kind *k,
                         const ProtobufCMessage *in, int64_t *filters)
{
    size_t n = 0;
    bool ok = true;
    for (size_t i = 0; i < k->n_columns; i++) {
        const record_column *col = &k->columns[i];
        if (!(col->flags & RECORD_FILTER))
            continue;
        const ProtobufCFieldDescriptor *fd = req_field(in, col->field);
        filters[n] = 0;
        if (fd && fd->type == PROTOBUF_C_TYPE_BOOL)
            filters[n] = *(const protobuf_c_boolean *)((const char *)in +
                                                       fd->offset);
        else if (fd)
            filters[n] = record_get_int(in, col->field);
        if (fd && fd->type == PROTOBUF_C_TYPE_ENUM)
            ok &= risk_enum(call, col->field, fd->descriptor, (int)filters[n],
                            true);
        n++;
    }
    return ok;
}

/* The program a List names: the scope of a program-scoped kind (needed),
 * or the link filter of an organisation-wide one (optional). */
static int list_program(rpc_call *call, const record_kind *k,
                        const ProtobufCMessage *in, program_access *prog)
{
    const char *key = record_get_string(in, "program");
    memset(prog, 0, sizeof(*prog));
    if (!k->program_scoped && key[0] == '\0')
        return 0;
    if (!validate_length(call, "program", key, 1, RECORD_KEY_MAX))
        return -1;
    return access_program(call, key,
                          k->program_scoped ? k->read_role : ACCESS_VIEWER,
                          prog);
}

static const ProtobufCMessage *record_list(rpc_call *call,
                                           const record_api *api,
                                           const ProtobufCMessage *in,
                                           const ProtobufCMessageDescriptor *od)
{
    const record_kind *k = api->kind;
    program_access prog;
    int64_t filters[16], after;
    unsigned limit;
    ProtobufCMessage **rows;
    size_t n;
    if (list_program(call, k, in, &prog) != 0 ||
        !list_filters(call, k, in, filters) ||
        !fields_page_size(call, (uint32_t)record_get_int(in, "page_size"),
                          &limit) ||
        !fields_page_token(call, record_get_string(in, "page_token"),
                           &after) ||
        record_page(call, k, &prog, filters,
                    k->program_scoped ? 0 : prog.id, after, limit, &rows,
                    &n) != 0)
        return NULL;
    ProtobufCMessage *out = reply_new(call, od);
    reply_page(call, out, api->list_field, rows, n, limit,
               n > limit ? record_get_int(rows[limit - 1], "id") : 0);
    return out;
}

static const ProtobufCMessage *record_update(rpc_call *call,
                                             const record_api *api,
                                             const ProtobufCMessage *in)
{
    const record_kind *k = api->kind;
    const ProtobufCMessage *r = req_message(in, api->field);
    int64_t id = record_get_int(in, "id");
    int64_t expected = record_get_int(in, "expected_version");
    size_t n;
    char *const *mask = req_strings(in, "update_mask", &n);
    program_access prog;
    ProtobufCMessage *row, *out;
    if (r == NULL) {
        rpc_violation(call, api->field, "is required");
        return NULL;
    }
    if (find_checked(call, k, id, true, &prog, &row) != 0 ||
        !risk_version_valid(call, expected) || !check_mask(call, k, mask, n) ||
        !check_record(call, api, &prog, row, r, mask, n) ||
        record_refs_check(call, k, &prog, api->field, r, mask, n) != 0)
        return NULL;
    if (api->fill) {
        char **grown = arena_alloc(call->arena, (n + 1) * sizeof(*grown));
        memcpy(grown, mask, n * sizeof(*grown));
        ProtobufCMessage *filled = record_copy(call, r);
        api->fill(call, row, filled, grown, &n);
        r = filled;
        mask = grown;
    }
    if (record_change(call, k, &prog, id, expected, mask, n, r, &out) != 0)
        return NULL;
    return out;
}

static const ProtobufCMessage *record_delete(rpc_call *call,
                                             const record_api *api,
                                             const ProtobufCMessage *in,
                                             const ProtobufCMessageDescriptor *od)
{
    int64_t id = record_get_int(in, "id");
    int64_t expected = record_get_int(in, "expected_version");
    program_access prog;
    ProtobufCMessage *row;
    if (find_checked(call, api->kind, id, true, &prog, &row) != 0 ||
        !risk_version_valid(call, expected) ||
        record_remove(call, api->kind, id, expected) != 0)
        return NULL;
    return reply_new(call, od);
}

static const ProtobufCMessage *
record_history_list(rpc_call *call, const record_api *api,
               const ProtobufCMessage *in, const ProtobufCMessageDescriptor *od)
{
    int64_t id = record_get_int(in, "id"), after;
    program_access prog;
    ProtobufCMessage *row, **rows;
    unsigned limit;
    size_t n;
    if (find_checked(call, api->kind, id, false, &prog, &row) != 0 ||
        !fields_page_size(call, (uint32_t)record_get_int(in, "page_size"),
                          &limit) ||
        !fields_page_token(call, record_get_string(in, "page_token"),
                           &after) ||
        record_history_page(call, api->kind, id, after, limit, &rows, &n) != 0)
        return NULL;
    ProtobufCMessage *out = reply_new(call, od);
    reply_page(call, out, "changes", rows, n, limit,
               n > limit ? record_get_int(rows[limit - 1], "id") : 0);
    return out;
}

/* ------------------------------------------------------------ routing */

void record_service_invoke(ProtobufCService *service, unsigned method_index,
                           const ProtobufCMessage *input,
                           ProtobufCClosure closure, void *closure_data)
{
    record_service *s = (record_service *)service;
    const record_route *route = &s->routes[method_index];
    const ProtobufCMessageDescriptor *od =
        service->descriptor->methods[method_index].output;
    if (route->api == NULL) {
        s->fallback->invoke(s->fallback, method_index, input, closure,
                            closure_data);
        return;
    }
    rpc_call *call = closure_data;
    const ProtobufCMessage *out = NULL;
    switch (route->op) {
    case RECORD_OP_CREATE:
        out = record_create(call, route->api, input);
        break;
    case RECORD_OP_GET:
        out = record_get(call, route->api, input);
        break;
    case RECORD_OP_LIST:
        out = record_list(call, route->api, input, od);
        break;
    case RECORD_OP_UPDATE:
        out = record_update(call, route->api, input);
        break;
    case RECORD_OP_DELETE:
        out = record_delete(call, route->api, input, od);
        break;
    case RECORD_OP_HISTORY:
        out = record_history_list(call, route->api, input, od);
        break;
    case RECORD_OP_COUNT:
        break;
    }
    closure(out, closure_data);
}

/* The method names of an api's operations. */
static void route_names(const record_api *api, char names[][96])
{
    snprintf(names[RECORD_OP_CREATE], 96, "Create%s", api->type);
    snprintf(names[RECORD_OP_GET], 96, "Get%s", api->type);
    snprintf(names[RECORD_OP_LIST], 96, "List%s", api->plural);
    snprintf(names[RECORD_OP_UPDATE], 96, "Update%s", api->type);
    snprintf(names[RECORD_OP_DELETE], 96, "Delete%s", api->type);
    snprintf(names[RECORD_OP_HISTORY], 96, "List%sHistory", api->type);
}

static bool route_find(record_service *s, const char *method,
                       record_route *out)
{
    for (size_t a = 0; s->apis[a]; a++) {
        char names[RECORD_OP_COUNT][96];
        route_names(s->apis[a], names);
        for (int op = 0; op < RECORD_OP_COUNT; op++) {
            if (op == RECORD_OP_HISTORY && s->apis[a]->kind->history == NULL)
                continue;
            if (strcmp(names[op], method) == 0) {
                out->api = s->apis[a];
                out->op = (record_op)op;
                return true;
            }
        }
    }
    return false;
}

int record_service_prepare(record_service *s, char *err, size_t errlen)
{
    if (s->routes)
        return 0;
    for (size_t a = 0; s->apis[a]; a++)
        if (s->apis[a]->kind->compiled == NULL &&
            record_kind_prepare(s->apis[a]->kind, err, errlen) != 0)
            return -1;
    const ProtobufCServiceDescriptor *d = s->base.descriptor;
    record_route *routes = xmalloc(d->n_methods * sizeof(*routes));
    for (unsigned i = 0; i < d->n_methods; i++) {
        routes[i].api = NULL;
        if (!route_find(s, d->methods[i].name, &routes[i]) &&
            s->fallback == NULL) {
            snprintf(err, errlen, "%s/%s is answered by no record kind",
                     d->name, d->methods[i].name);
            free(routes);
            return -1;
        }
    }
    s->routes = routes;
    return 0;
}
