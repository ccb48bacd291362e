/*
 * client/pmo/cmd_stakeholder.c - pmo stakeholder: the people a program
 * answers to and works with, and their RACI roles on projects and items.
 */
#include "assign.h"
#include "cli.h"
#include "parse.h"
#include "pmo/v1/stakeholder.pb-c.h"
#include "rpc.h"
#include "show.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define STAKEHOLDER_SVC (&pmo__v1__stakeholder_service__descriptor)

static const char *const stakeholder_settable[] = {
    "name",     "title",     "organisation", "kind",  "email", "phone",
    "interest", "influence", "username",     "notes", "raci",  NULL,
};

static const cli_assign_alias stakeholder_aliases[] = {
    {"org", "organisation"},
    {"organization", "organisation"},
    {"user", "username"},
    {NULL, NULL},
};

/* "web=accountable" or "CHKOUT-4=r": a RACI role on a target. */
static Pmo__V1__RaciAssignment *
stakeholder_raci_parse(arena *mem, const char *text, char *err, size_t errlen)
{
    const char *eq = strrchr(text, '=');
    if (eq == NULL || eq == text || eq[1] == '\0') {
        snprintf(err, errlen, "not TARGET=ROLE (e.g. web=accountable): '%s'",
                 text);
        return NULL;
    }
    Pmo__V1__RaciAssignment *a = arena_zalloc(mem, sizeof(*a));
    pmo__v1__raci_assignment__init(a);
    int role = 0;
    char why[240];
    if (cli_parse_enum(&pmo__v1__raci__descriptor, eq + 1, &role, why,
                       sizeof(why)) != 0) {
        snprintf(err, errlen, "%s", why);
        return NULL;
    }
    a->target = arena_strndup(mem, text, (size_t)(eq - text));
    /* Work item refs are upper case; project keys stay as typed. */
    if (cli_is_ref(a->target))
        cli_key_upper(a->target);
    a->role = role;
    return a;
}

/* raci= adds one assignment to the list it replaces; "raci=" empties it. */
static int stakeholder_assign_hook(cli_assign *a, const char *name,
                                   const char *value)
{
    if (strcmp(name, "raci") != 0)
        return 0;
    Pmo__V1__Stakeholder *s = (Pmo__V1__Stakeholder *)a->msg;
    if (cli_assign_mask_add(a, "raci"))
        s->n_raci = 0;
    if (value[0] == '\0')
        return 1;
    char why[300];
    Pmo__V1__RaciAssignment *r =
        stakeholder_raci_parse(a->mem, value, why, sizeof(why));
    if (r == NULL) {
        snprintf(a->err, sizeof(a->err), "raci: %s", why);
        return -1;
    }
    cli_assign_append(a, "raci", r);
    return 1;
}

static const cli_assign_spec stakeholder_assign_spec = {
    .desc = &pmo__v1__stakeholder__descriptor,
    .fields = stakeholder_settable,
    .aliases = stakeholder_aliases,
    .hook = stakeholder_assign_hook,
};

static char *stakeholder_raci_text(arena *mem, const Pmo__V1__Stakeholder *s)
{
    char *out = "";
    for (size_t i = 0; i < s->n_raci; i++) {
        const ProtobufCEnumValue *v = protobuf_c_enum_descriptor_get_value(
            &pmo__v1__raci__descriptor, s->raci[i]->role);
        /* RACI_RESPONSIBLE -> "R": the letter planners read. */
        char letter = v ? v->name[5] : '?';
        out = arena_printf(mem, "%s%s%s:%c", out, i ? ", " : "",
                           s->raci[i]->target, letter);
    }
    return out;
}

static void stakeholder_print(arena *mem, const Pmo__V1__Stakeholder *s)
{
    cli_table t;
    cli_record_init(&t);
    cli_record_add_int(&t, "id", s->id);
    cli_record_add(&t, "program", s->program);
    cli_record_add(&t, "name", s->name);
    cli_record_add_opt(&t, "title", s->title);
    cli_record_add_opt(&t, "organisation", s->organisation);
    cli_record_add_enum(&t, "kind", &pmo__v1__stakeholder_kind__descriptor,
                        s->kind, CLI_COLOR_NONE);
    cli_record_add_opt(&t, "email", s->email);
    cli_record_add_opt(&t, "phone", s->phone);
    cli_record_add_enum(&t, "interest", &pmo__v1__level__descriptor,
                        s->interest, CLI_COLOR_NONE);
    cli_record_add_enum(&t, "influence", &pmo__v1__level__descriptor,
                        s->influence, CLI_COLOR_NONE);
    cli_record_add_opt(&t, "pmo user", s->username);
    cli_record_add_opt(&t, "raci", stakeholder_raci_text(mem, s));
    cli_record_add_int(&t, "version", s->version);
    cli_record_print(&t);
    if (s->notes[0]) {
        cli_section_print("Notes");
        cli_text_print("  ", s->notes);
    }
}

static void stakeholder_reply_print(cli_ctx *ctx, cli_rpc *r,
                                    const Pmo__V1__Stakeholder *s)
{
    if (ctx->json)
        cli_print_json(&s->base);
    else
        stakeholder_print(&r->mem, s);
}

static int stakeholder_id_arg(cli_ctx *ctx, const char *text, int64_t *id)
{
    char why[200];
    if (cli_parse_int(text, 1, INT64_MAX, id, why, sizeof(why)) != 0)
        return cli_usage_fail(ctx, "ID: %s", why);
    return 0;
}

static int stakeholder_get(cli_rpc *r, int64_t id, Pmo__V1__Stakeholder **out)
{
    Pmo__V1__GetStakeholderRequest in = PMO__V1__GET_STAKEHOLDER_REQUEST__INIT;
    in.id = id;
    return cli_rpc_call(r, STAKEHOLDER_SVC, "GetStakeholder", &in.base,
                        (ProtobufCMessage **)out);
}

/* The options of add, as the field=value words set would take. */
static int stakeholder_add_options(cli_ctx *ctx, cli_assign *a)
{
    static const char *const opts[][2] = {
        {"--name", "name"},         {"--title", "title"},
        {"--org", "organisation"},  {"--kind", "kind"},
        {"--email", "email"},       {"--phone", "phone"},
        {"--interest", "interest"}, {"--influence", "influence"},
        {"--user", "username"},     {"--notes", "notes"},
        {"--raci", "raci"},
    };
    for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
        const char *v;
        while ((v = cli_take_repeated(ctx, opts[i][0])) != NULL) {
            char *word = arena_printf(a->mem, "%s=%s", opts[i][1], v);
            if (cli_assign_words(a, 1, &word) != 0)
                return cli_usage_fail(ctx, "%s: %s", opts[i][0], a->err);
        }
    }
    return 0;
}

static int stakeholder_add_run(cli_ctx *ctx, cli_rpc *r)
{
    Pmo__V1__Stakeholder s = PMO__V1__STAKEHOLDER__INIT;
    cli_assign a;
    cli_assign_init(&a, &stakeholder_assign_spec, &s.base, &r->mem);
    char *program;
    int rc = stakeholder_add_options(ctx, &a);
    if (rc)
        return rc;
    if (cli_take_args(ctx, 1, 1, &program) < 0)
        return 2;
    if (s.name[0] == '\0')
        return cli_usage_fail(ctx, "--name is required");
    s.program = cli_key_upper(program);
    Pmo__V1__CreateStakeholderRequest in =
        PMO__V1__CREATE_STAKEHOLDER_REQUEST__INIT;
    in.stakeholder = &s;
    Pmo__V1__Stakeholder *out = NULL;
    rc = cli_rpc_call(r, STAKEHOLDER_SVC, "CreateStakeholder", &in.base,
                      (ProtobufCMessage **)&out);
    if (rc)
        return rc;
    if (ctx->json)
        cli_print_json(&out->base);
    else
        printf("Added stakeholder %" PRId64 ": %s\n", out->id, out->name);
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

static void stakeholder_table_print(cli_rpc *r, const cli_list *l)
{
    cli_table t;
    cli_table_init(&t, 7,
                   (const char *[]){"ID", "NAME", "ORGANISATION", "KIND",
                                    "INTEREST", "INFLUENCE", "RACI"});
    cli_table_shrinkable(&t, 1);
    cli_table_shrinkable(&t, 2);
    cli_table_shrinkable(&t, 6);
    for (size_t i = 0; i < l->n_items; i++) {
        const Pmo__V1__Stakeholder *s = l->items[i];
        char id[24], kind[40], interest[16], influence[16];
        snprintf(id, sizeof(id), "%" PRId64, s->id);
        cli_table_add(
            &t, (const char *[]){
                    id, s->name, cli_or_dash(s->organisation),
                    cli_enum_label(&pmo__v1__stakeholder_kind__descriptor,
                                   s->kind, kind, sizeof(kind)),
                    cli_enum_label(&pmo__v1__level__descriptor, s->interest,
                                   interest, sizeof(interest)),
                    cli_enum_label(&pmo__v1__level__descriptor, s->influence,
                                   influence, sizeof(influence)),
                    stakeholder_raci_text(&r->mem, s)});
    }
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
}

static int stakeholder_list_run(cli_ctx *ctx, cli_rpc *r)
{
    const char *target = cli_take_option(ctx, "--target");
    char *program;
    if (cli_take_args(ctx, 1, 1, &program) < 0)
        return 2;
    Pmo__V1__ListStakeholdersRequest in =
        PMO__V1__LIST_STAKEHOLDERS_REQUEST__INIT;
    in.program = cli_key_upper(program);
    in.target = (char *)(target ? target : "");
    cli_list l;
    int rc = cli_rpc_list_all(r, STAKEHOLDER_SVC, "ListStakeholders", &in.base,
                              "stakeholders", &l);
    if (rc)
        return rc;
    if (ctx->json)
        cli_list_json(&l);
    else if (l.n_items == 0)
        printf("No stakeholders.\n");
    else
        stakeholder_table_print(r, &l);
    cli_list_fini(&l);
    return 0;
}

static int stakeholder_show_run(cli_ctx *ctx, cli_rpc *r)
{
    char *arg;
    int64_t id;
    if (cli_take_args(ctx, 1, 1, &arg) < 0)
        return 2;
    int rc = stakeholder_id_arg(ctx, arg, &id);
    if (rc)
        return rc;
    Pmo__V1__Stakeholder *s = NULL;
    if ((rc = stakeholder_get(r, id, &s)) != 0)
        return rc;
    stakeholder_reply_print(ctx, r, s);
    protobuf_c_message_free_unpacked(&s->base, NULL);
    return 0;
}

static int stakeholder_set_run(cli_ctx *ctx, cli_rpc *r)
{
    char **args =
        arena_alloc(&r->mem, (size_t)(ctx->argc + 1) * sizeof(char *));
    int n = cli_take_args(ctx, 2, -1, args);
    int64_t id;
    if (n < 0)
        return 2;
    int rc = stakeholder_id_arg(ctx, args[0], &id);
    if (rc)
        return rc;
    Pmo__V1__Stakeholder change = PMO__V1__STAKEHOLDER__INIT;
    cli_assign a;
    cli_assign_init(&a, &stakeholder_assign_spec, &change.base, &r->mem);
    if (cli_assign_words(&a, n - 1, args + 1) != 0)
        return cli_usage_fail(ctx, "%s", a.err);
    Pmo__V1__Stakeholder *cur = NULL, *out = NULL;
    if ((rc = stakeholder_get(r, id, &cur)) != 0)
        return rc;
    Pmo__V1__UpdateStakeholderRequest in =
        PMO__V1__UPDATE_STAKEHOLDER_REQUEST__INIT;
    in.id = id;
    in.stakeholder = &change;
    in.update_mask = a.mask;
    in.n_update_mask = a.n_mask;
    in.expected_version = cur->version;
    rc = cli_assign_merge_args(ctx, &a, &cur->base);
    protobuf_c_message_free_unpacked(&cur->base, NULL);
    r->subject = arena_printf(&r->mem, "stakeholder %" PRId64, id);
    if (rc || (rc = cli_rpc_call(r, STAKEHOLDER_SVC, "UpdateStakeholder",
                                 &in.base, (ProtobufCMessage **)&out)) != 0)
        return rc;
    cli_assign_note_print(&a, r->prog);
    stakeholder_reply_print(ctx, r, out);
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

static int stakeholder_delete_run(cli_ctx *ctx, cli_rpc *r)
{
    char *arg;
    int64_t id;
    if (cli_take_args(ctx, 1, 1, &arg) < 0)
        return 2;
    int rc = stakeholder_id_arg(ctx, arg, &id);
    if (rc)
        return rc;
    Pmo__V1__Stakeholder *cur = NULL;
    if ((rc = stakeholder_get(r, id, &cur)) != 0)
        return rc;
    Pmo__V1__DeleteStakeholderRequest in =
        PMO__V1__DELETE_STAKEHOLDER_REQUEST__INIT;
    in.id = id;
    in.expected_version = cur->version;
    protobuf_c_message_free_unpacked(&cur->base, NULL);
    r->subject = arena_printf(&r->mem, "stakeholder %" PRId64, id);
    ProtobufCMessage *out = NULL;
    rc = cli_rpc_call(r, STAKEHOLDER_SVC, "DeleteStakeholder", &in.base, &out);
    if (rc)
        return rc;
    if (ctx->json)
        cli_print_json(out);
    else
        printf("Deleted stakeholder %" PRId64 ".\n", id);
    protobuf_c_message_free_unpacked(out, NULL);
    return 0;
}

static int stakeholder_add(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, stakeholder_add_run);
}

static int stakeholder_list(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, stakeholder_list_run);
}

static int stakeholder_show(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, stakeholder_show_run);
}

static int stakeholder_set(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, stakeholder_set_run);
}

static int stakeholder_delete(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, stakeholder_delete_run);
}

const cli_command cli_stakeholder_commands[] = {
    {"stakeholder add",
     "PROGRAM --name N [--org O] [--kind K] [--interest L] [--influence L] "
     "[--email E] [--title T] [--phone P] [--user U] [--notes N] "
     "[--raci TARGET=R]...",
     "add a stakeholder (R: responsible|accountable|consulted|informed)",
     stakeholder_add},
    {"stakeholder list", "PROGRAM [--target PROJECT|REF]",
     "list stakeholders, or those with a RACI role on a target",
     stakeholder_list},
    {"stakeholder show", "ID", "one stakeholder", stakeholder_show},
    {"stakeholder set", "ID field=value...",
     "change fields (org, kind, interest, raci=TARGET=R, ...)",
     stakeholder_set},
    {"stakeholder delete", "ID", "delete a stakeholder", stakeholder_delete},
    {NULL, NULL, NULL, NULL},
};
