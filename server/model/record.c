/*
 * server/model/record.c - the record core's generic operations: messages
 * to parameters, rows to messages, and the five statements of a kind run
 * on the call's connection. The statements themselves are built in
 * record_sql.c.
 */
#include "model/record.h"
#include "common/money.h"
#include "common/xalloc.h"
#include "model/raid.h"
#include "model/record_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ preparing */

static const ProtobufCFieldDescriptor *
record_field(const ProtobufCMessageDescriptor *d, const char *name,
             ProtobufCType type, bool repeated, char *err, size_t errlen)
{
    const ProtobufCFieldDescriptor *fd =
        protobuf_c_message_descriptor_get_field_by_name(d, name);
    if (fd == NULL) {
        snprintf(err, errlen, "%s has no field %s", d->name, name);
        return NULL;
    }
    if (fd->type != type ||
        (fd->label == PROTOBUF_C_LABEL_REPEATED) != repeated) {
        snprintf(err, errlen, "%s.%s is not of the type its column needs",
                 d->name, name);
        return NULL;
    }
    return fd;
}

static ProtobufCType record_field_type(record_type t, bool *repeated)
{
    *repeated = t == RECORD_TEXTS || t == RECORD_PROGRAMS ||
                t == RECORD_IDS || t == RECORD_REFS;
    switch (t) {
    case RECORD_ENUM:
        return PROTOBUF_C_TYPE_ENUM;
    case RECORD_IDS:
    case RECORD_ID:
        return PROTOBUF_C_TYPE_INT64;
    case RECORD_FLAG:
        return PROTOBUF_C_TYPE_BOOL;
    default:
        return PROTOBUF_C_TYPE_STRING;
    }
}

bool record_column_stored(const record_column *col)
{
    return col->type != RECORD_FLAG;
}

bool record_column_changeable(const record_column *col)
{
    return record_column_stored(col) && !(col->flags & RECORD_CREATE_ONLY);
}

static bool record_column_refers(const record_column *col)
{
    return col->type == RECORD_USER || col->type == RECORD_PROGRAMS ||
           col->type == RECORD_IDS || col->type == RECORD_REFS ||
           col->type == RECORD_ID;
}

/* A MONEY column: only where rows have a program (and so a currency);
 * its optional companions <field>_minor and currency, when present, of
 * the types they need. */
static int record_money_classify(record_kind *k, size_t i, char *err,
                                 size_t errlen)
{
    record_compiled *rc = k->compiled;
    const record_column *col = &k->columns[i];
    if (!k->program_scoped) {
        snprintf(err, errlen, "%s.%s: money needs a program-scoped kind",
                 k->desc->name, col->field);
        return -1;
    }
    char minor[96];
    snprintf(minor, sizeof(minor), "%s_minor", col->field);
    rc->money = true;
    if (protobuf_c_message_descriptor_get_field_by_name(k->desc, minor)) {
        rc->minor_fields[i] = record_field(k->desc, minor,
                                           PROTOBUF_C_TYPE_INT64, false, err,
                                           errlen);
        if (rc->minor_fields[i] == NULL)
            return -1;
    }
    if (protobuf_c_message_descriptor_get_field_by_name(k->desc, "currency")) {
        rc->currency = record_field(k->desc, "currency",
                                    PROTOBUF_C_TYPE_STRING, false, err,
                                    errlen);
        if (rc->currency == NULL)
            return -1;
    }
    return 0;
}

static int record_kind_classify(record_kind *k, char *err, size_t errlen)
{
    record_compiled *rc = k->compiled;
    rc->link = -1;
    for (size_t i = 0; i < k->n_columns; i++) {
        const record_column *col = &k->columns[i];
        bool repeated;
        ProtobufCType type = record_field_type(col->type, &repeated);
        rc->fields[i] =
            record_field(k->desc, col->field, type, repeated, err, errlen);
        if (rc->fields[i] == NULL)
            return -1;
        if (col->type == RECORD_MONEY &&
            record_money_classify(k, i, err, errlen) != 0)
            return -1;
        if (col->flags & RECORD_FILTER) {
            if (rc->n_filters == RECORD_FILTERS_MAX)
                goto too_many;
            rc->filters[rc->n_filters++] = i;
        }
        if (record_column_refers(col)) {
            if (rc->n_refs == RECORD_REFS_MAX)
                goto too_many;
            rc->refs[rc->n_refs++] = i;
        }
        if (record_column_changeable(col))
            rc->mask_fields[rc->n_mask_fields++] = col->field;
        if (col->type == RECORD_PROGRAMS || col->type == RECORD_IDS ||
            col->type == RECORD_ID)
            rc->viewer |= !k->program_scoped;
        if (col->type == RECORD_PROGRAMS && rc->link < 0)
            rc->link = (int)i;
    }
    return 0;
too_many:
    snprintf(err, errlen, "%s has too many filters or references", k->name);
    return -1;
}

int record_kind_prepare(record_kind *k, char *err, size_t errlen)
{
    record_compiled *rc = xmalloc(sizeof(*rc));
    memset(rc, 0, sizeof(*rc));
    rc->fields = xmalloc((k->n_columns + 1) * sizeof(*rc->fields));
    rc->minor_fields = xmalloc((k->n_columns + 1) * sizeof(*rc->minor_fields));
    memset(rc->minor_fields, 0, (k->n_columns + 1) * sizeof(*rc->minor_fields));
    rc->mask_fields = xmalloc((k->n_columns + 1) * sizeof(*rc->mask_fields));
    k->compiled = rc;
    rc->id = record_field(k->desc, "id", PROTOBUF_C_TYPE_INT64, false, err,
                          errlen);
    rc->version = rc->id ? record_field(k->desc, "version",
                                        PROTOBUF_C_TYPE_INT64, false, err,
                                        errlen)
                         : NULL;
    if (rc->version && k->program_scoped)
        rc->program = record_field(k->desc, "program", PROTOBUF_C_TYPE_STRING,
                                   false, err, errlen);
    if (rc->version == NULL || (k->program_scoped && rc->program == NULL) ||
        record_kind_classify(k, err, errlen) != 0 || record_sql_build(k) != 0) {
        record_kind_release(k);
        return -1;
    }
    return 0;
}

void record_kind_release(record_kind *k)
{
    record_compiled *rc = k->compiled;
    if (rc == NULL)
        return;
    for (int i = 0; i < RECORD_STMT_COUNT; i++)
        free(rc->sql[i]);
    free(rc->fields);
    free(rc->minor_fields);
    free(rc->mask_fields);
    free(rc);
    k->compiled = NULL;
}

const char *const *record_kind_sql(const record_kind *k)
{
    return (const char *const *)k->compiled->listing;
}

const char *const *record_kind_mask_fields(const record_kind *k)
{
    return k->compiled->mask_fields;
}

const record_column *record_column_of(const record_kind *k, const char *field)
{
    for (size_t i = 0; i < k->n_columns; i++)
        if (strcmp(k->columns[i].field, field) == 0)
            return &k->columns[i];
    return NULL;
}

const record_column *record_owner_column(const record_kind *k)
{
    for (size_t i = 0; i < k->n_columns; i++)
        if (k->columns[i].flags & RECORD_OWNER)
            return &k->columns[i];
    return NULL;
}

/* ------------------------------------------------------------ messages */

static void *record_slot(const ProtobufCMessage *m,
                         const ProtobufCFieldDescriptor *fd)
{
    return (char *)m + fd->offset;
}

static size_t *record_count_slot(const ProtobufCMessage *m,
                                 const ProtobufCFieldDescriptor *fd)
{
    return (size_t *)((char *)m + fd->quantifier_offset);
}

ProtobufCMessage *record_message_new(rpc_call *call, const record_kind *k)
{
    ProtobufCMessage *m = arena_alloc(call->arena, k->desc->sizeof_message);
    protobuf_c_message_init(k->desc, m);
    return m;
}

static const ProtobufCFieldDescriptor *record_named(const ProtobufCMessage *m,
                                                    const char *field)
{
    return protobuf_c_message_descriptor_get_field_by_name(m->descriptor,
                                                           field);
}

const char *record_get_string(const ProtobufCMessage *m, const char *field)
{
    const ProtobufCFieldDescriptor *fd = record_named(m, field);
    if (fd == NULL || fd->type != PROTOBUF_C_TYPE_STRING ||
        fd->label == PROTOBUF_C_LABEL_REPEATED)
        return "";
    const char *s = *(char **)record_slot(m, fd);
    return s ? s : "";
}

void record_set_string(ProtobufCMessage *m, const char *field,
                       const char *value)
{
    const ProtobufCFieldDescriptor *fd = record_named(m, field);
    if (fd && fd->type == PROTOBUF_C_TYPE_STRING &&
        fd->label != PROTOBUF_C_LABEL_REPEATED)
        *(const char **)record_slot(m, fd) = value;
}

static int64_t record_int_of(const ProtobufCMessage *m,
                             const ProtobufCFieldDescriptor *fd)
{
    switch (fd->type) {
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_SINT64:
        return *(int64_t *)record_slot(m, fd);
    case PROTOBUF_C_TYPE_UINT32:
        return *(uint32_t *)record_slot(m, fd);
    case PROTOBUF_C_TYPE_INT32:
    case PROTOBUF_C_TYPE_SINT32:
    case PROTOBUF_C_TYPE_ENUM:
        return *(int32_t *)record_slot(m, fd);
    default:
        return 0;
    }
}

static void record_int_set(ProtobufCMessage *m,
                           const ProtobufCFieldDescriptor *fd, int64_t v)
{
    switch (fd->type) {
    case PROTOBUF_C_TYPE_INT64:
    case PROTOBUF_C_TYPE_SINT64:
        *(int64_t *)record_slot(m, fd) = v;
        break;
    case PROTOBUF_C_TYPE_UINT32:
        *(uint32_t *)record_slot(m, fd) = (uint32_t)v;
        break;
    case PROTOBUF_C_TYPE_INT32:
    case PROTOBUF_C_TYPE_SINT32:
    case PROTOBUF_C_TYPE_ENUM:
        *(int32_t *)record_slot(m, fd) = (int32_t)v;
        break;
    default:
        break;
    }
}

int64_t record_get_int(const ProtobufCMessage *m, const char *field)
{
    const ProtobufCFieldDescriptor *fd = record_named(m, field);
    return fd && fd->label != PROTOBUF_C_LABEL_REPEATED ? record_int_of(m, fd)
                                                        : 0;
}

void record_set_int(ProtobufCMessage *m, const char *field, int64_t value)
{
    const ProtobufCFieldDescriptor *fd = record_named(m, field);
    if (fd && fd->label != PROTOBUF_C_LABEL_REPEATED)
        record_int_set(m, fd, value);
}

/* Column i of r as its statement parameter (prog: the row's program, for
 * work item refs). */
static const char *record_param_of(rpc_call *call, const record_kind *k,
                                   const program_access *prog, size_t i,
                                   const ProtobufCMessage *r)
{
    const record_column *col = &k->columns[i];
    const ProtobufCFieldDescriptor *fd = k->compiled->fields[i];
    void *slot = record_slot(r, fd);
    switch (col->type) {
    case RECORD_ENUM: {
        int64_t v = record_int_of(r, fd);
        return raid_int(call, v ? v : col->def);
    }
    case RECORD_TEXTS:
    case RECORD_PROGRAMS:
        return raid_texts(call, *(char ***)slot, *record_count_slot(r, fd));
    case RECORD_IDS:
        return raid_ids(call, *(int64_t **)slot, *record_count_slot(r, fd));
    case RECORD_REFS:
        return raid_ref_numbers(call, prog, *(char ***)slot,
                                *record_count_slot(r, fd));
    case RECORD_ID:
        return raid_int(call, record_int_of(r, fd));
    case RECORD_FLAG:
        return "";
    case RECORD_MONEY: {
        /* Validated already (record_service.c): in prog's currency. */
        const char *s = *(char **)slot;
        int64_t minor = 0;
        char why[160];
        if (s && s[0] &&
            money_parse_in(s, prog->currency, &minor, why, sizeof(why)) != 0)
            minor = 0;
        return raid_int(call, minor);
    }
    default: {
        const char *s = *(char **)slot;
        return s ? s : "";
    }
    }
}

/* The currency a row of a kind with money was read with. */
static const char *record_row_currency(const record_kind *k,
                                       const PGresult *res, int row)
{
    return db_text(res, row, RECORD_COL_FIRST + (int)k->n_columns + 1);
}

/* MONEY column i of m: the amount formatted in currency, its minor units
 * and the currency where the message has fields for them. */
static void record_money_set(rpc_call *call, const record_kind *k, size_t i,
                             ProtobufCMessage *m, int64_t minor,
                             const char *currency)
{
    const record_compiled *rc = k->compiled;
    char *text = arena_alloc(call->arena, MONEY_TEXT);
    money_format(minor, money_exponent(currency), text, MONEY_TEXT);
    *(char **)record_slot(m, rc->fields[i]) = text;
    if (rc->minor_fields[i])
        record_int_set(m, rc->minor_fields[i], minor);
    if (rc->currency)
        *(char **)record_slot(m, rc->currency) =
            arena_strdup(call->arena, currency);
}

/* Row `row` of a statement reading the record layout, as a message. */
static ProtobufCMessage *record_from_row(rpc_call *call, const record_kind *k,
                                         const PGresult *res, int row)
{
    const record_compiled *rc = k->compiled;
    ProtobufCMessage *m = record_message_new(call, k);
    record_int_set(m, rc->id, db_int64(res, row, 0));
    if (rc->program)
        *(char **)record_slot(m, rc->program) =
            arena_strdup(call->arena, db_text(res, row, 2));
    for (size_t i = 0; i < k->n_columns; i++) {
        const ProtobufCFieldDescriptor *fd = rc->fields[i];
        int c = RECORD_COL_FIRST + (int)i;
        void *slot = record_slot(m, fd);
        switch (k->columns[i].type) {
        case RECORD_ENUM:
            record_int_set(m, fd, db_int64(res, row, c));
            break;
        case RECORD_TEXTS:
        case RECORD_PROGRAMS:
            raid_split_texts(call->arena, db_text(res, row, c),
                             (char ***)slot, record_count_slot(m, fd));
            break;
        case RECORD_IDS:
            raid_split_ids(call->arena, db_text(res, row, c),
                           (int64_t **)slot, record_count_slot(m, fd));
            break;
        case RECORD_REFS:
            raid_split_refs(call->arena, db_text(res, row, 2),
                            db_text(res, row, c), (char ***)slot,
                            record_count_slot(m, fd));
            break;
        case RECORD_ID:
            record_int_set(m, fd, db_int64(res, row, c));
            break;
        case RECORD_FLAG:
            *(protobuf_c_boolean *)slot = db_bool(res, row, c);
            break;
        case RECORD_MONEY:
            record_money_set(call, k, i, m, db_int64(res, row, c),
                             record_row_currency(k, res, row));
            break;
        default:
            *(char **)slot = arena_strdup(call->arena, db_text(res, row, c));
            break;
        }
    }
    record_int_set(m, rc->version,
                   db_int64(res, row, RECORD_COL_FIRST + (int)k->n_columns));
    return m;
}

/* ------------------------------------------------------------ parameters */

#define RECORD_PARAMS_MAX 96

typedef struct record_params {
    const char *v[RECORD_PARAMS_MAX];
    int n;
} record_params;

static void params_push(record_params *p, const char *v)
{
    if (p->n < RECORD_PARAMS_MAX)
        p->v[p->n++] = v;
}

static void params_viewer(record_params *p, rpc_call *call,
                          const record_kind *k, bool always)
{
    if (!always && !k->compiled->viewer)
        return;
    params_push(p, raid_int(call, call->who.user_id));
    params_push(p, call->who.is_admin ? "true" : "false");
    params_push(p, access_token_programs(call));
}

static void params_audit(record_params *p, rpc_call *call)
{
    params_push(p, raid_int(call, call->who.user_id));
    params_push(p, call->who.username[0] ? call->who.username : "-");
    params_push(p, call->method);
    params_push(p, call->peer);
}

static bool record_masked(char *const *mask, size_t n, const char *field)
{
    if (mask == NULL)
        return true;
    for (size_t i = 0; i < n; i++)
        if (strcmp(mask[i], field) == 0)
            return true;
    return false;
}

/* Column i's parameter, or a neutral value for a column not masked (its
 * value was not validated and is not used). */
static const char *record_param_masked(rpc_call *call, const record_kind *k,
                                       const program_access *prog, size_t i,
                                       const ProtobufCMessage *r,
                                       char *const *mask, size_t n_mask)
{
    if (record_masked(mask, n_mask, k->columns[i].field))
        return record_param_of(call, k, prog, i, r);
    record_type t = k->columns[i].type;
    return t == RECORD_ENUM || t == RECORD_ID || t == RECORD_MONEY ? "0" : "";
}

static PGresult *record_run(rpc_call *call, const record_kind *k,
                            enum record_stmt s, const record_params *p,
                            const char *doing)
{
    PGresult *res =
        db_exec(call->db, &k->compiled->stmts[s], p->n, p->v);
    if (res == NULL)
        rpc_fail_db(call, arena_printf(call->arena, "%s the %s", doing,
                                       k->name));
    return res;
}

/* After a write hit a unique index: say which value is taken. */
static void record_taken(rpc_call *call, const record_kind *k,
                         const ProtobufCMessage *r)
{
    if (call->status != PMO_ALREADY_EXISTS)
        return;
    for (size_t i = 0; i < k->n_columns; i++)
        if (k->columns[i].flags & RECORD_UNIQUE)
            call->message = arena_printf(
                call->arena, "a %s with %s '%s' already exists", k->name,
                k->columns[i].field,
                record_get_string(r, k->columns[i].field));
}

/* ------------------------------------------------------------ references */

/* A violation per listed value missing from the message's list. */
static void record_refs_list_missed(rpc_call *call, const record_kind *k,
                                    size_t i, const char *prefix,
                                    const ProtobufCMessage *r,
                                    const char *missed)
{
    const record_column *col = &k->columns[i];
    const ProtobufCFieldDescriptor *fd = k->compiled->fields[i];
    size_t n = *record_count_slot(r, fd);
    for (size_t j = 0; j < n; j++) {
        char text[32];
        const char *v = text;
        if (col->type == RECORD_IDS)
            snprintf(text, sizeof(text), "%lld",
                     (long long)(*(int64_t **)record_slot(r, fd))[j]);
        else
            v = (*(char ***)record_slot(r, fd))[j];
        const char *sep = col->type == RECORD_IDS ? "," : RAID_SEP;
        size_t len = strlen(v);
        bool hit = false;
        for (const char *s = missed; *s; s += strcspn(s, sep), s += *s != 0)
            hit |= strncmp(s, v, len) == 0 &&
                   (s[len] == '\0' || strchr(sep, s[len]) != NULL);
        if (hit)
            rpc_violation(call,
                          arena_printf(call->arena, "%s.%s[%zu]", prefix,
                                       col->field, j),
                          "no %s %s",
                          col->type == RECORD_IDS ? col->ref_what : "program",
                          v);
    }
}

/* An organisation-wide kind's references: the kind's own statement. */
static int record_refs_org(rpc_call *call, const record_kind *k,
                           const char *prefix, const ProtobufCMessage *r,
                           char *const *mask, size_t n_mask)
{
    const record_compiled *rc = k->compiled;
    record_params p = {0};
    params_viewer(&p, call, k, true);
    for (size_t j = 0; j < rc->n_refs; j++)
        params_push(&p, record_param_masked(call, k, NULL, rc->refs[j], r,
                                            mask, n_mask));
    PGresult *res = record_run(call, k, RECORD_STMT_REFS, &p, "checking");
    if (res == NULL)
        return -1;
    /* After the viewer's three parameters, read back as three columns. */
    int first = 3;
    for (size_t j = 0; j < rc->n_refs; j++) {
        size_t i = rc->refs[j];
        const char *missed = db_text(res, 0, first + (int)j);
        if (missed[0] == '\0')
            continue;
        const char *field =
            arena_printf(call->arena, "%s.%s", prefix, k->columns[i].field);
        if (k->columns[i].type == RECORD_USER)
            rpc_violation(call, field, "no user %s", p.v[first + (int)j]);
        else if (k->columns[i].type == RECORD_ID)
            rpc_violation(call, field, "no %s %s", k->columns[i].ref_what,
                          missed);
        else
            record_refs_list_missed(call, k, i, prefix, r, missed);
    }
    PQclear(res);
    return rpc_failed(call) ? -1 : 0;
}

/* A program-scoped kind's references, all in its program: the RAID log's
 * one-query check (raid_refs), with its messages. */
static int record_refs_program(rpc_call *call, const record_kind *k,
                               const program_access *prog, const char *prefix,
                               const ProtobufCMessage *r, char *const *mask,
                               size_t n_mask)
{
    const record_compiled *rc = k->compiled;
    raid_refs refs;
    raid_refs_init(&refs, call, prog);
    for (size_t j = 0; j < rc->n_refs; j++) {
        const record_column *col = &k->columns[rc->refs[j]];
        if (!record_masked(mask, n_mask, col->field))
            continue;
        const ProtobufCFieldDescriptor *fd = rc->fields[rc->refs[j]];
        const char *field =
            arena_printf(call->arena, "%s.%s", prefix, col->field);
        void *slot = record_slot(r, fd);
        size_t n = fd->label == PROTOBUF_C_LABEL_REPEATED
                       ? *record_count_slot(r, fd)
                       : 0;
        for (size_t e = 0; e < n; e++) {
            const char *at = arena_printf(call->arena, "%s[%zu]", field, e);
            if (col->type == RECORD_REFS)
                raid_refs_item(&refs, at, (*(char ***)slot)[e]);
            else if (col->type == RECORD_IDS)
                raid_refs_id(&refs, (raid_ref_kind)col->ref_kind, at,
                             (*(int64_t **)slot)[e]);
        }
        const char *user = col->type == RECORD_USER && *(char **)slot
                               ? *(char **)slot
                               : "";
        if (col->type == RECORD_USER && (col->flags & RECORD_MEMBER))
            raid_refs_member(&refs, field, user);
        else if (col->type == RECORD_USER)
            raid_refs_user(&refs, field, user);
        else if (col->type == RECORD_ID)
            raid_refs_id(&refs, (raid_ref_kind)col->ref_kind, field,
                         record_int_of(r, fd));
    }
    return raid_refs_check(&refs);
}

int record_refs_check(rpc_call *call, const record_kind *k,
                      const program_access *prog, const char *prefix,
                      const ProtobufCMessage *r, char *const *mask,
                      size_t n_mask)
{
    if (k->compiled->n_refs == 0)
        return 0;
    if (k->program_scoped)
        return record_refs_program(call, k, prog, prefix, r, mask, n_mask);
    return record_refs_org(call, k, prefix, r, mask, n_mask);
}

/* ------------------------------------------------------------ operations */

/* The owner defaults to the creator. */
static const char *record_param_create(rpc_call *call, const record_kind *k,
                                       const program_access *prog, size_t i,
                                       const ProtobufCMessage *r)
{
    const char *v = record_param_of(call, k, prog, i, r);
    if ((k->columns[i].flags & RECORD_OWNER) && v[0] == '\0')
        return call->who.username;
    return v;
}

int record_insert(rpc_call *call, const record_kind *k,
                  const program_access *prog, const ProtobufCMessage *r,
                  ProtobufCMessage **out)
{
    record_params p = {0};
    params_viewer(&p, call, k, false);
    params_audit(&p, call);
    if (k->program_scoped)
        params_push(&p, raid_int(call, prog->id));
    for (size_t i = 0; i < k->n_columns; i++)
        if (record_column_stored(&k->columns[i]))
            params_push(&p, record_param_create(call, k, prog, i, r));
    PGresult *res = record_run(call, k, RECORD_STMT_INSERT, &p, "creating");
    if (res == NULL) {
        record_taken(call, k, r);
        return -1;
    }
    *out = record_from_row(call, k, res, 0);
    PQclear(res);
    return 0;
}

int record_find(rpc_call *call, const record_kind *k, int64_t id,
                int64_t *program_id, ProtobufCMessage **out)
{
    record_params p = {0};
    params_viewer(&p, call, k, false);
    params_push(&p, raid_int(call, id));
    PGresult *res = record_run(call, k, RECORD_STMT_GET, &p, "reading");
    if (res == NULL)
        return -1;
    if (PQntuples(res) != 1) {
        PQclear(res);
        rpc_fail(call, PMO_NOT_FOUND, "no %s %lld", k->name, (long long)id);
        return -1;
    }
    *program_id = db_int64(res, 0, 1);
    *out = record_from_row(call, k, res, 0);
    PQclear(res);
    return 0;
}

int record_page(rpc_call *call, const record_kind *k,
                const program_access *prog, const int64_t *filters,
                int64_t link_program, int64_t after, unsigned limit,
                ProtobufCMessage ***out, size_t *n)
{
    const record_compiled *rc = k->compiled;
    record_params p = {0};
    params_viewer(&p, call, k, false);
    if (k->program_scoped)
        params_push(&p, raid_int(call, prog->id));
    params_push(&p, raid_int(call, after));
    params_push(&p, raid_int(call, (int64_t)limit + 1));
    for (size_t i = 0; i < rc->n_filters; i++)
        params_push(&p, raid_int(call, filters[i]));
    if (rc->link >= 0)
        params_push(&p, raid_int(call, link_program));
    PGresult *res = record_run(call, k, RECORD_STMT_PAGE, &p, "listing");
    if (res == NULL)
        return -1;
    *n = (size_t)PQntuples(res);
    *out = arena_alloc(call->arena, (*n ? *n : 1) * sizeof(**out));
    for (size_t i = 0; i < *n; i++)
        (*out)[i] = record_from_row(call, k, res, (int)i);
    PQclear(res);
    return 0;
}

/* After a versioned write matched no row: gone, or changed since. */
static void record_missed(rpc_call *call, const record_kind *k, int64_t id,
                          int64_t expected)
{
    raid_missed(call, &k->compiled->stmts[RECORD_STMT_VERSION], k->name, id,
                expected);
}

int record_change(rpc_call *call, const record_kind *k,
                  const program_access *prog, int64_t id, int64_t expected,
                  char *const *mask, size_t n_mask, const ProtobufCMessage *r,
                  ProtobufCMessage **out)
{
    record_params p = {0};
    params_viewer(&p, call, k, false);
    params_audit(&p, call);
    params_push(&p, raid_int(call, id));
    params_push(&p, raid_int(call, expected));
    params_push(&p, raid_mask(call, mask, n_mask));
    for (size_t i = 0; i < k->n_columns; i++)
        if (record_column_changeable(&k->columns[i]))
            params_push(&p, record_param_masked(call, k, prog, i, r, mask,
                                                n_mask));
    PGresult *res = record_run(call, k, RECORD_STMT_CHANGE, &p, "changing");
    if (res == NULL) {
        record_taken(call, k, r);
        return -1;
    }
    if (PQntuples(res) != 1) {
        PQclear(res);
        record_missed(call, k, id, expected);
        return -1;
    }
    *out = record_from_row(call, k, res, 0);
    PQclear(res);
    return 0;
}

int record_remove(rpc_call *call, const record_kind *k, int64_t id,
                  int64_t expected)
{
    record_params p = {0};
    params_audit(&p, call);
    params_push(&p, raid_int(call, id));
    params_push(&p, raid_int(call, expected));
    PGresult *res = record_run(call, k, RECORD_STMT_REMOVE, &p, "deleting");
    if (res == NULL)
        return -1;
    int found = PQntuples(res);
    PQclear(res);
    if (found != 1) {
        record_missed(call, k, id, expected);
        return -1;
    }
    return 0;
}

/* One history row (its statement's layout) as a message of h->desc. */
static ProtobufCMessage *record_history_row(rpc_call *call,
                                            const record_history *h,
                                            const PGresult *res, int row)
{
    ProtobufCMessage *m = arena_alloc(call->arena, h->desc->sizeof_message);
    protobuf_c_message_init(h->desc, m);
    record_set_int(m, "id", db_int64(res, row, 0));
    record_set_string(m, "changed_by",
                      arena_strdup(call->arena, db_text(res, row, 1)));
    record_set_string(m, "changed_at",
                      arena_strdup(call->arena, db_text(res, row, 2)));
    int c = 3;
    for (const char *const *t = h->tracked; *t; t++, c += 2) {
        record_set_int(m, arena_printf(call->arena, "old_%s", *t),
                       db_int64(res, row, c));
        record_set_int(m, arena_printf(call->arena, "new_%s", *t),
                       db_int64(res, row, c + 1));
    }
    for (const char *const *t = h->carried; *t; t++, c++)
        record_set_string(m, *t,
                          arena_strdup(call->arena, db_text(res, row, c)));
    return m;
}

int record_history_page(rpc_call *call, const record_kind *k, int64_t id,
                        int64_t after, unsigned limit, ProtobufCMessage ***out,
                        size_t *n)
{
    record_params p = {0};
    params_push(&p, raid_int(call, id));
    params_push(&p, raid_int(call, after));
    params_push(&p, raid_int(call, (int64_t)limit + 1));
    PGresult *res = record_run(call, k, RECORD_STMT_HISTORY, &p, "reading");
    if (res == NULL)
        return -1;
    *n = (size_t)PQntuples(res);
    *out = arena_alloc(call->arena, (*n ? *n : 1) * sizeof(**out));
    for (size_t i = 0; i < *n; i++)
        (*out)[i] = record_history_row(call, k->history, res, (int)i);
    PQclear(res);
    return 0;
}
