/* client/pmo/rpc.c - a command's connection, calls and full listings. */
#include "rpc.h"
#include "common/status.h"
#include "common/xalloc.h"
#include "pbjson.h"
#include "pmo/v1/auth.pb-c.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The largest page the protocol allows: fewest round trips. */
#define CLI_PAGE_SIZE 1000

static int cli_rpc_open(cli_rpc *r, pmo_result *res)
{
    if (r->client)
        return PMO_OK;
    if (r->ctx->target.token == NULL)
        return cli_session_missing(&r->ctx->target, "pmo login", res);
    return cli_connect(&r->ctx->target, &r->client, res);
}

static void *cli_field_at(ProtobufCMessage *m,
                          const ProtobufCFieldDescriptor *f)
{
    return (char *)m + f->offset;
}

/* A string field of m, by name; NULL if m has none. */
static char **cli_string_field(ProtobufCMessage *m, const char *name)
{
    const ProtobufCFieldDescriptor *f =
        protobuf_c_message_descriptor_get_field_by_name(m->descriptor, name);
    if (f == NULL || f->type != PROTOBUF_C_TYPE_STRING ||
        f->label == PROTOBUF_C_LABEL_REPEATED)
        return NULL;
    return cli_field_at(m, f);
}

static void cli_page_size_set(ProtobufCMessage *in)
{
    const ProtobufCFieldDescriptor *f =
        protobuf_c_message_descriptor_get_field_by_name(in->descriptor,
                                                        "page_size");
    if (f && f->type == PROTOBUF_C_TYPE_UINT32 &&
        *(uint32_t *)cli_field_at(in, f) == 0)
        *(uint32_t *)cli_field_at(in, f) = CLI_PAGE_SIZE;
}

static void cli_list_take(cli_list *l, ProtobufCMessage *page)
{
    l->pages = xrealloc(l->pages, (l->n_pages + 1) * sizeof(*l->pages));
    l->pages[l->n_pages++] = page;
    size_t n = *(size_t *)((char *)page + l->field->quantifier_offset);
    void **items = *(void ***)cli_field_at(page, l->field);
    l->items = xrealloc(l->items, (l->n_items + n + 1) * sizeof(void *));
    for (size_t i = 0; i < n; i++)
        l->items[l->n_items++] = items[i];
}

void cli_rpc_init(cli_rpc *r, cli_ctx *ctx)
{
    memset(r, 0, sizeof(*r));
    r->ctx = ctx;
    snprintf(r->prog, sizeof(r->prog), "pmo %s",
             ctx->cmd ? ctx->cmd->name : "");
    arena_init(&r->mem);
}

void cli_rpc_fini(cli_rpc *r)
{
    if (r->client)
        pmo_client_close(r->client);
    r->client = NULL;
    arena_fini(&r->mem);
}

int cli_rpc_run(cli_ctx *ctx, int (*fn)(cli_ctx *ctx, cli_rpc *r))
{
    cli_rpc r;
    cli_rpc_init(&r, ctx);
    int rc = fn(ctx, &r);
    cli_rpc_fini(&r);
    return rc;
}

int cli_rpc_try(cli_rpc *r, const ProtobufCServiceDescriptor *svc,
                const char *method, const ProtobufCMessage *in,
                ProtobufCMessage **out, pmo_result *res)
{
    int rc = cli_rpc_open(r, res);
    if (rc != PMO_OK)
        return rc;
    return pmo_call(r->client, svc, method, in, out, res);
}

int cli_rpc_report(cli_rpc *r, const pmo_result *res)
{
    if (res->code == PMO_ABORTED && r->subject) {
        /* Nothing was written: the reader's copy was older than the row. */
        fprintf(stderr,
                "%s: %s was changed by someone else after it was read, so "
                "nothing was saved; run the command again (%s)\n",
                r->prog, r->subject, res->message);
        return cli_exit_code(res);
    }
    if (res->code == PMO_UNIMPLEMENTED) {
        fprintf(stderr, "%s: the server at %s does not offer this yet (%s)\n",
                r->prog, r->ctx->target.server, res->message);
        return cli_exit_code(res);
    }
    return cli_report(r->prog, res);
}

int cli_rpc_call(cli_rpc *r, const ProtobufCServiceDescriptor *svc,
                 const char *method, const ProtobufCMessage *in,
                 ProtobufCMessage **out)
{
    pmo_result res;
    if (cli_rpc_try(r, svc, method, in, out, &res) == PMO_OK)
        return 0;
    return cli_rpc_report(r, &res);
}

int cli_rpc_list_all(cli_rpc *r, const ProtobufCServiceDescriptor *svc,
                     const char *method, ProtobufCMessage *in,
                     const char *field, cli_list *out)
{
    const ProtobufCMethodDescriptor *m =
        protobuf_c_service_descriptor_get_method_by_name(svc, method);
    cli_list l = {.page_desc = m->output};
    l.field = protobuf_c_message_descriptor_get_field_by_name(m->output, field);
    char **token = cli_string_field(in, "page_token");
    char *first_token = token ? *token : NULL;
    cli_page_size_set(in);
    for (;;) {
        ProtobufCMessage *page = NULL;
        int rc = cli_rpc_call(r, svc, method, in, &page);
        if (rc != 0) {
            if (token)
                *token = first_token;
            cli_list_fini(&l);
            return rc;
        }
        cli_list_take(&l, page);
        char **next = cli_string_field(page, "next_page_token");
        /* A token that does not move would loop for ever: stop instead. */
        if (token == NULL || next == NULL || (*next)[0] == '\0' ||
            strcmp(*next, *token) == 0)
            break;
        *token = *next;
    }
    if (token)
        *token = first_token;
    *out = l;
    return 0;
}

void cli_list_json(const cli_list *l)
{
    ProtobufCMessage *all = xcalloc(1, l->page_desc->sizeof_message);
    protobuf_c_message_init(l->page_desc, all);
    *(size_t *)((char *)all + l->field->quantifier_offset) = l->n_items;
    *(void ***)cli_field_at(all, l->field) = l->items;
    cli_print_json(all);
    /* The items belong to the pages; only the shell is ours. */
    free(all);
}

void cli_list_fini(cli_list *l)
{
    for (size_t i = 0; i < l->n_pages; i++)
        protobuf_c_message_free_unpacked(l->pages[i], NULL);
    free(l->pages);
    free(l->items);
    memset(l, 0, sizeof(*l));
}

const char *cli_rpc_user(cli_rpc *r)
{
    cli_target *t = &r->ctx->target;
    if (t->user == NULL && t->token) {
        Pmo__V1__WhoAmIRequest in = PMO__V1__WHO_AM_IREQUEST__INIT;
        Pmo__V1__WhoAmIResponse *out = NULL;
        pmo_result res;
        if (cli_rpc_try(r, &pmo__v1__auth_service__descriptor, "WhoAmI",
                        &in.base, (ProtobufCMessage **)&out, &res) == PMO_OK) {
            t->user = xstrdup(out->user->username);
            protobuf_c_message_free_unpacked(&out->base, NULL);
        }
    }
    return t->user;
}
