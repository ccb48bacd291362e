/*
 * client/pmo/entity.c - the steps every governance record goes through
 * (read, show, change, create, list, delete), written once on the
 * descriptors of its messages.
 */
#include "entity.h"
#include "parse.h"
#include "show.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Every kind, for the generic commands to find by their first word. */
static const cli_entity *const cli_entities[] = {
    &cli_risk_entity,     &cli_issue_entity,  &cli_assumption_entity,
    &cli_decision_entity, &cli_action_entity, &cli_meeting_entity,
    &cli_retro_entity,    &cli_lesson_entity, &cli_radar_entity,
    &cli_vendor_entity,   &cli_contract_entity, NULL,
};

static const cli_entity *cli_entity_of(const cli_ctx *ctx)
{
    const char *name = ctx->cmd->name;
    size_t len = strcspn(name, " ");
    for (size_t i = 0; cli_entities[i]; i++)
        if (strlen(cli_entities[i]->group) == len &&
            strncmp(cli_entities[i]->group, name, len) == 0)
            return cli_entities[i];
    return NULL;
}

static const ProtobufCMethodDescriptor *cli_entity_method(const cli_entity *e,
                                                          const char *verb)
{
    char name[64];
    snprintf(name, sizeof(name), "%s%s", verb, e->type);
    return protobuf_c_service_descriptor_get_method_by_name(e->svc, name);
}

static void *cli_entity_field(const ProtobufCMessage *m, const char *name)
{
    const ProtobufCFieldDescriptor *f =
        protobuf_c_message_descriptor_get_field_by_name(m->descriptor, name);
    return f ? (char *)m + f->offset : NULL;
}

static int64_t cli_entity_int(const ProtobufCMessage *m, const char *name)
{
    int64_t *v = cli_entity_field(m, name);
    return v ? *v : 0;
}

/* A fresh request of method, from mem, with its id field set. */
static ProtobufCMessage *
cli_entity_request(cli_rpc *r, const ProtobufCMethodDescriptor *m, int64_t id)
{
    ProtobufCMessage *in = arena_zalloc(&r->mem, m->input->sizeof_message);
    protobuf_c_message_init(m->input, in);
    *(int64_t *)cli_entity_field(in, "id") = id;
    return in;
}

static int cli_entity_call(cli_rpc *r, const cli_entity *e,
                           const ProtobufCMethodDescriptor *m,
                           const ProtobufCMessage *in, ProtobufCMessage **out)
{
    return cli_rpc_call(r, e->svc, m->name, in, out);
}

/* "Added risk 3: Supplier slips", or m as JSON; then m is freed. */
static void cli_entity_said(cli_rpc *r, const cli_entity *e, const char *verb,
                            ProtobufCMessage *m)
{
    if (r->ctx->json) {
        cli_print_json(m);
    } else {
        char **label = cli_entity_field(m, e->label);
        printf("%s %s %" PRId64 ": %s\n", verb, e->name,
               cli_entity_int(m, "id"), label ? *label : "");
    }
    protobuf_c_message_free_unpacked(m, NULL);
}

int cli_entity_id(cli_ctx *ctx, const char *what, const char *text, int64_t *id)
{
    char why[200];
    if (cli_parse_int(text, 1, INT64_MAX, id, why, sizeof(why)) != 0)
        return cli_usage_fail(ctx, "%s: %s", what, why);
    return 0;
}

int cli_entity_options(cli_ctx *ctx, cli_assign *a,
                       const cli_entity_option *opts, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *v;
        while ((v = cli_take_repeated(ctx, opts[i].option)) != NULL) {
            char *word = arena_printf(a->mem, "%s=%s", opts[i].field, v);
            if (cli_assign_words(a, 1, &word) != 0)
                return cli_usage_fail(ctx, "%s: %s", opts[i].option, a->err);
        }
    }
    return 0;
}

int cli_entity_assign_date(cli_assign *a, const char *field, const char *name,
                           const char *value)
{
    if (strcmp(name, field) != 0)
        return 0;
    char date[CLI_DATE_LEN], why[200];
    if (cli_parse_date(value, true, date, why, sizeof(why)) != 0) {
        snprintf(a->err, sizeof(a->err), "%s: %s", field, why);
        return -1;
    }
    if (!cli_assign_mask_add(a, field)) {
        snprintf(a->err, sizeof(a->err), "%s is given twice", field);
        return -1;
    }
    *(char **)cli_entity_field(a->msg, field) = arena_strdup(a->mem, date);
    return 1;
}

/* Adds one element of a list given as "a,b"; -1 with a->err set. */
typedef int cli_entity_part_fn(cli_assign *a, const char *field,
                               const char *part);

/*
 * A repeated field set from value as the lists of assign.c are: the
 * first assignment replaces what the record has, "" empties it, and each
 * comma-separated part is one element.
 */
static int cli_entity_assign_parts(cli_assign *a, const char *field,
                                   const char *value, cli_entity_part_fn *add)
{
    const ProtobufCFieldDescriptor *f =
        protobuf_c_message_descriptor_get_field_by_name(a->msg->descriptor,
                                                        field);
    if (cli_assign_mask_add(a, field))
        *(size_t *)((char *)a->msg + f->quantifier_offset) = 0;
    for (const char *p = value; *p;) {
        size_t len = strcspn(p, ",");
        char *part = arena_strndup(a->mem, p, len);
        if (part[0] && add(a, field, part) != 0)
            return -1;
        p += len + (p[len] == ',');
    }
    return 1;
}

static int cli_entity_id_part(cli_assign *a, const char *field,
                              const char *part)
{
    int64_t id;
    char why[200];
    if (cli_parse_int(part, 1, INT64_MAX, &id, why, sizeof(why)) != 0) {
        snprintf(a->err, sizeof(a->err), "%s: %s", field, why);
        return -1;
    }
    const ProtobufCFieldDescriptor *f =
        protobuf_c_message_descriptor_get_field_by_name(a->msg->descriptor,
                                                        field);
    size_t *n = (size_t *)((char *)a->msg + f->quantifier_offset);
    int64_t **ids = (int64_t **)((char *)a->msg + f->offset);
    int64_t *grown = arena_alloc(a->mem, (*n + 1) * sizeof(int64_t));
    if (*n)
        memcpy(grown, *ids, *n * sizeof(int64_t));
    grown[(*n)++] = id;
    *ids = grown;
    return 0;
}

static int cli_entity_ref_part(cli_assign *a, const char *field,
                               const char *part)
{
    cli_assign_append(a, field, cli_key_upper(arena_strdup(a->mem, part)));
    return 0;
}

int cli_entity_assign_ids(cli_assign *a, const char *field, const char *name,
                          const char *value)
{
    if (strcmp(name, field) != 0)
        return 0;
    return cli_entity_assign_parts(a, field, value, cli_entity_id_part);
}

int cli_entity_assign_refs(cli_assign *a, const char *field, const char *name,
                           const char *value)
{
    if (strcmp(name, field) != 0)
        return 0;
    return cli_entity_assign_parts(a, field, value, cli_entity_ref_part);
}

int cli_entity_get(cli_rpc *r, const cli_entity *e, int64_t id,
                   ProtobufCMessage **out)
{
    const ProtobufCMethodDescriptor *m = cli_entity_method(e, "Get");
    return cli_entity_call(r, e, m, cli_entity_request(r, m, id), out);
}

static bool cli_entity_is_number(const char *s)
{
    return s[0] != '\0' && strspn(s, "0123456789") == strlen(s);
}

int cli_entity_target(cli_rpc *r, const cli_entity *e, char ***args, int *n,
                      int64_t *id, ProtobufCMessage **out)
{
    char *program = NULL;
    if (*n > 1 && !cli_entity_is_number((*args)[0]) &&
        strchr((*args)[0], '=') == NULL) {
        program = cli_key_upper((*args)[0]);
        (*args)++;
        (*n)--;
    }
    int rc = cli_entity_id(r->ctx, "ID", (*args)[0], id);
    if (rc || (rc = cli_entity_get(r, e, *id, out)) != 0)
        return rc;
    (*args)++;
    (*n)--;
    char **in = cli_entity_field(*out, "program");
    if (program && in && strcmp(*in, program) != 0) {
        fprintf(stderr, "%s: %s %" PRId64 " is in %s, not %s\n", r->prog,
                e->name, *id, *in, program);
        protobuf_c_message_free_unpacked(*out, NULL);
        *out = NULL;
        return 3;
    }
    return 0;
}

int cli_entity_target_args(cli_rpc *r, const cli_entity *e, int64_t *id,
                           ProtobufCMessage **out)
{
    char *argv[2], **args = argv;
    int n = cli_take_args(r->ctx, 1, 2, argv);
    if (n < 0)
        return 2;
    int rc = cli_entity_target(r, e, &args, &n, id, out);
    if (rc == 0 && n > 0) {
        protobuf_c_message_free_unpacked(*out, NULL);
        *out = NULL;
        return cli_usage_fail(r->ctx, "unexpected argument \"%s\"", args[0]);
    }
    return rc;
}

/* Whether field of m holds something: a string not empty, a number not 0. */
static bool cli_entity_is_set(const ProtobufCMessage *m, const char *field)
{
    const ProtobufCFieldDescriptor *f =
        protobuf_c_message_descriptor_get_field_by_name(m->descriptor, field);
    const void *slot = (const char *)m + f->offset;
    if (f->type == PROTOBUF_C_TYPE_STRING)
        return (*(char *const *)slot)[0] != '\0';
    return *(const uint32_t *)slot != 0;
}

int cli_entity_add_args(cli_rpc *r, cli_assign *a, const cli_assign_spec *spec,
                        ProtobufCMessage *msg, const cli_entity_option *opts,
                        size_t n_opts, const char *const *required,
                        char **program)
{
    cli_assign_init(a, spec, msg, &r->mem);
    int rc = cli_entity_options(r->ctx, a, opts, n_opts);
    if (rc)
        return rc;
    if (cli_take_args(r->ctx, 1, 1, program) < 0)
        return 2;
    cli_key_upper(*program);
    for (; *required; required++) {
        if (cli_entity_is_set(msg, *required))
            continue;
        const char *option = *required;
        for (size_t i = 0; i < n_opts; i++)
            if (strcmp(opts[i].field, *required) == 0)
                option = opts[i].option;
        return cli_usage_fail(r->ctx, "%s is required", option);
    }
    return 0;
}

int cli_entity_status_set(cli_rpc *r, const cli_entity *e, int status,
                          const char *note, const char *verb)
{
    int64_t id;
    ProtobufCMessage *cur = NULL, *out = NULL;
    int rc = cli_entity_target_args(r, e, &id, &cur);
    if (rc)
        return rc;
    ProtobufCMessage *change =
        arena_zalloc(&r->mem, e->spec->desc->sizeof_message);
    protobuf_c_message_init(e->spec->desc, change);
    *(int *)cli_entity_field(change, "status") = status;
    cli_assign a;
    cli_assign_init(&a, e->spec, change, &r->mem);
    cli_assign_mask_add(&a, "status");
    rc = cli_entity_write(r, e, cur, &a, note, &out);
    protobuf_c_message_free_unpacked(cur, NULL);
    if (rc)
        return rc;
    cli_entity_said(r, e, verb, out);
    return 0;
}

int cli_entity_write(cli_rpc *r, const cli_entity *e,
                     const ProtobufCMessage *cur, const cli_assign *a,
                     const char *note, ProtobufCMessage **out)
{
    int64_t id = cli_entity_int(cur, "id");
    const ProtobufCMethodDescriptor *m = cli_entity_method(e, "Update");
    ProtobufCMessage *in = cli_entity_request(r, m, id);
    *(ProtobufCMessage **)cli_entity_field(in, e->name) = a->msg;
    *(char ***)cli_entity_field(in, "update_mask") = a->mask;
    /* The count of a repeated field sits at its quantifier offset. */
    const ProtobufCFieldDescriptor *mask =
        protobuf_c_message_descriptor_get_field_by_name(m->input,
                                                        "update_mask");
    *(size_t *)((char *)in + mask->quantifier_offset) = a->n_mask;
    *(int64_t *)cli_entity_field(in, "expected_version") =
        cli_entity_int(cur, "version");
    if (note && e->note_field)
        *(const char **)cli_entity_field(in, e->note_field) = note;
    r->subject = arena_printf(&r->mem, "%s %" PRId64, e->name, id);
    return cli_entity_call(r, e, m, in, out);
}

int cli_entity_create(cli_rpc *r, const cli_entity *e,
                      const ProtobufCMessage *req)
{
    ProtobufCMessage *out = NULL;
    int rc = cli_entity_call(r, e, cli_entity_method(e, "Create"), req, &out);
    if (rc == 0)
        cli_entity_said(r, e, "Added", out);
    return rc;
}

void cli_entity_reply(cli_rpc *r, const cli_entity *e, ProtobufCMessage *m)
{
    if (r->ctx->json)
        cli_print_json(m);
    else
        e->print(r, m);
    protobuf_c_message_free_unpacked(m, NULL);
}

int cli_entity_list(cli_rpc *r, const cli_entity *e, const char *method,
                    ProtobufCMessage *in, const char *field,
                    cli_entity_table_fn *table, const char *none)
{
    return cli_entity_list_of(r, e->svc, method, in, field, table, none);
}

int cli_entity_list_of(cli_rpc *r, const ProtobufCServiceDescriptor *svc,
                       const char *method, ProtobufCMessage *in,
                       const char *field, cli_entity_table_fn *table,
                       const char *none)
{
    cli_list l;
    int rc = cli_rpc_list_all(r, svc, method, in, field, &l);
    if (rc)
        return rc;
    if (r->ctx->json)
        cli_list_json(&l);
    else if (l.n_items == 0)
        printf("%s\n", none);
    else
        table(r, &l);
    cli_list_fini(&l);
    return 0;
}

static int cli_entity_show_run(cli_ctx *ctx, cli_rpc *r)
{
    const cli_entity *e = cli_entity_of(ctx);
    int64_t id;
    ProtobufCMessage *m = NULL;
    int rc = cli_entity_target_args(r, e, &id, &m);
    if (rc == 0)
        cli_entity_reply(r, e, m);
    return rc;
}

static int cli_entity_update_run(cli_ctx *ctx, cli_rpc *r)
{
    const cli_entity *e = cli_entity_of(ctx);
    const char *note = e->note_field ? cli_take_option(ctx, "--note") : NULL;
    ProtobufCMessage *change =
        arena_zalloc(&r->mem, e->spec->desc->sizeof_message);
    protobuf_c_message_init(e->spec->desc, change);
    cli_assign a;
    cli_assign_init(&a, e->spec, change, &r->mem);
    int rc =
        cli_entity_options(ctx, &a, e->update_options, e->n_update_options);
    if (rc)
        return rc;
    char **args =
        arena_alloc(&r->mem, (size_t)(ctx->argc + 1) * sizeof(char *));
    int n = cli_take_args(ctx, 1, -1, args);
    if (n < 0)
        return 2;
    /* The words and options are checked before anything is read. */
    int skip = cli_entity_is_number(args[0]) ? 1 : 2;
    if (skip > n || (skip == n && a.n_mask == 0))
        return cli_usage_fail(ctx, "nothing to change");
    if (cli_assign_words(&a, n - skip, args + skip) != 0)
        return cli_usage_fail(ctx, "%s", a.err);
    int64_t id;
    ProtobufCMessage *cur = NULL, *out = NULL;
    if ((rc = cli_entity_target(r, e, &args, &n, &id, &cur)) != 0)
        return rc;
    rc = cli_assign_merge_args(ctx, &a, cur);
    if (rc == 0)
        rc = cli_entity_write(r, e, cur, &a, note, &out);
    protobuf_c_message_free_unpacked(cur, NULL);
    if (rc)
        return rc;
    cli_assign_note_print(&a, r->prog);
    cli_entity_reply(r, e, out);
    return 0;
}

/* "--version N" of delete: 0 when not given, -1 after a usage error. */
static int64_t cli_entity_version_take(cli_ctx *ctx)
{
    const char *text = cli_take_option(ctx, "--version");
    int64_t version = 0;
    if (text && cli_entity_id(ctx, "--version", text, &version) != 0)
        return -1;
    return version;
}

/*
 * "Deleted risk 3: Supplier slips" (the label when the record was read),
 * or the reply as JSON; then the reply is freed.
 */
static void cli_entity_deleted(cli_rpc *r, const cli_entity *e, int64_t id,
                               const ProtobufCMessage *cur,
                               ProtobufCMessage *out)
{
    char **label = cur ? cli_entity_field(cur, e->label) : NULL;
    if (r->ctx->json)
        cli_print_json(out);
    else if (label)
        printf("Deleted %s %" PRId64 ": %s\n", e->name, id, *label);
    else
        printf("Deleted %s %" PRId64 ".\n", e->name, id);
    protobuf_c_message_free_unpacked(out, NULL);
}

/*
 * The version a delete expects: the one given, else the one just read.
 * Only a record read here makes a stale delete "changed after it was
 * read"; a version given is the caller's, and the server's words say it.
 */
static int cli_entity_delete_run(cli_ctx *ctx, cli_rpc *r)
{
    const cli_entity *e = cli_entity_of(ctx);
    int64_t version = cli_entity_version_take(ctx), id;
    if (version < 0)
        return 2;
    char *argv[2], **args = argv;
    int n = cli_take_args(ctx, 1, 2, argv);
    if (n < 0)
        return 2;
    ProtobufCMessage *cur = NULL, *out = NULL;
    int rc;
    if (version && n == 1) {
        rc = cli_entity_id(ctx, "ID", args[0], &id);
    } else if ((rc = cli_entity_target(r, e, &args, &n, &id, &cur)) == 0 &&
               n > 0) {
        rc = cli_usage_fail(ctx, "unexpected argument \"%s\"", args[0]);
    } else if (rc == 0) {
        version = version ? version : cli_entity_int(cur, "version");
        r->subject = arena_printf(&r->mem, "%s %" PRId64, e->name, id);
    }
    const ProtobufCMethodDescriptor *m = cli_entity_method(e, "Delete");
    if (rc == 0) {
        ProtobufCMessage *in = cli_entity_request(r, m, id);
        *(int64_t *)cli_entity_field(in, "expected_version") = version;
        if ((rc = cli_entity_call(r, e, m, in, &out)) == 0)
            cli_entity_deleted(r, e, id, cur, out);
    }
    if (cur)
        protobuf_c_message_free_unpacked(cur, NULL);
    return rc;
}

int cli_entity_delete(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, cli_entity_delete_run);
}

int cli_entity_show(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, cli_entity_show_run);
}

int cli_entity_update(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, cli_entity_update_run);
}

void cli_entity_text(const char *title, const char *text)
{
    if (text[0] == '\0')
        return;
    cli_section_print(title);
    cli_text_print("  ", text);
}

const char *cli_entity_idtext(int64_t id, char *out, size_t len)
{
    snprintf(out, len, "%" PRId64, id);
    return out;
}

char *cli_entity_ids(arena *mem, const int64_t *ids, size_t n)
{
    if (n == 0)
        return "-";
    char *out = "";
    for (size_t i = 0; i < n; i++)
        out = arena_printf(mem, "%s%s%" PRId64, out, i ? ", " : "", ids[i]);
    return out;
}

char *cli_entity_join(arena *mem, char *const *items, size_t n)
{
    if (n == 0)
        return "-";
    char *out = "";
    for (size_t i = 0; i < n; i++)
        out = arena_printf(mem, "%s%s%s", out, i ? ", " : "", items[i]);
    return out;
}
