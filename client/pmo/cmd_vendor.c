/*
 * client/pmo/cmd_vendor.c - pmo vendor and pmo contract: the
 * organisation's vendors, known by name, and the contracts a program
 * holds with them, each shown with what has been spent against it, what
 * is left, and which of its payment milestones and deliverables are late.
 */
#include "cli.h"
#include "entity.h"
#include "parse.h"
#include "pmo/v1/vendor.pb-c.h"
#include "rpc.h"
#include "show.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define VENDOR_SVC (&pmo__v1__vendor_service__descriptor)

/* ------------------------------------------------------------ vendors */

static const char *const vendor_settable[] = {"name", "contacts", "notes",
                                              "owner", NULL};

static const cli_assign_alias vendor_aliases[] = {{"contact", "contacts"},
                                                  {NULL, NULL}};

static const cli_assign_spec vendor_assign_spec = {
    .desc = &pmo__v1__vendor__descriptor,
    .fields = vendor_settable,
    .aliases = vendor_aliases,
};

static void vendor_print(cli_rpc *r, const ProtobufCMessage *m)
{
    const Pmo__V1__Vendor *v = (const Pmo__V1__Vendor *)m;
    (void)r;
    cli_table t;
    cli_record_init(&t);
    cli_record_add_int(&t, "id", v->id);
    cli_record_add(&t, "name", v->name);
    cli_record_add_opt(&t, "owner", v->owner);
    cli_record_add_int(&t, "version", v->version);
    cli_record_print(&t);
    cli_section_print("Contacts");
    cli_bullets_print(v->contacts, v->n_contacts);
    cli_entity_text("Notes", v->notes);
}

const cli_entity cli_vendor_entity = {
    .group = "vendor",
    .name = "vendor",
    .type = "Vendor",
    .label = "name",
    .svc = VENDOR_SVC,
    .spec = &vendor_assign_spec,
    .print = vendor_print,
};

static const cli_entity_option vendor_add_options[] = {
    {"--contact", "contacts"},
    {"--notes", "notes"},
    {"--owner", "owner"},
};

static int vendor_add_run(cli_ctx *ctx, cli_rpc *r)
{
    Pmo__V1__Vendor v = PMO__V1__VENDOR__INIT;
    cli_assign a;
    char *name;
    cli_assign_init(&a, &vendor_assign_spec, &v.base, &r->mem);
    int rc = cli_entity_options(ctx, &a, vendor_add_options,
                                sizeof(vendor_add_options) /
                                    sizeof(vendor_add_options[0]));
    if (rc || cli_take_args(ctx, 1, 1, &name) < 0)
        return rc ? rc : 2;
    v.name = name;
    Pmo__V1__CreateVendorRequest in = PMO__V1__CREATE_VENDOR_REQUEST__INIT;
    in.vendor = &v;
    return cli_entity_create(r, &cli_vendor_entity, &in.base);
}

/* Every vendor, into l (the caller's to finish). */
static int vendor_all(cli_rpc *r, cli_list *l)
{
    Pmo__V1__ListVendorsRequest in = PMO__V1__LIST_VENDORS_REQUEST__INIT;
    return cli_rpc_list_all(r, VENDOR_SVC, "ListVendors", &in.base, "vendors",
                            l);
}

/* The vendor of l named name (ignoring case), or NULL. */
static const Pmo__V1__Vendor *vendor_named(const cli_list *l, const char *name)
{
    for (size_t i = 0; i < l->n_items; i++) {
        const Pmo__V1__Vendor *v = l->items[i];
        if (strcasecmp(v->name, name) == 0)
            return v;
    }
    return NULL;
}

/* The name of vendor id in l, or its id as text. */
static const char *vendor_name_of(cli_rpc *r, const cli_list *l, int64_t id)
{
    for (size_t i = 0; i < l->n_items; i++) {
        const Pmo__V1__Vendor *v = l->items[i];
        if (v->id == id)
            return v->name;
    }
    return arena_printf(&r->mem, "vendor %" PRId64, id);
}

/* The id of the vendor named name; exit code 3 when there is none. */
static int vendor_find(cli_rpc *r, const char *name, int64_t *id)
{
    cli_list l;
    int rc = vendor_all(r, &l);
    if (rc)
        return rc;
    const Pmo__V1__Vendor *v = vendor_named(&l, name);
    if (v)
        *id = v->id;
    else
        fprintf(stderr, "%s: no vendor %s (pmo vendor list shows them)\n",
                r->prog, name);
    cli_list_fini(&l);
    return v ? 0 : 3;
}

static void vendor_table_print(cli_rpc *r, const cli_list *l)
{
    cli_table t;
    cli_table_init(&t, 4, (const char *[]){"ID", "NAME", "OWNER", "CONTACTS"});
    cli_table_shrinkable(&t, 3);
    for (size_t i = 0; i < l->n_items; i++) {
        const Pmo__V1__Vendor *v = l->items[i];
        char id[24];
        cli_table_add(&t,
                      (const char *[]){cli_entity_idtext(v->id, id, sizeof(id)),
                                       v->name, cli_or_dash(v->owner),
                                       cli_entity_join(&r->mem, v->contacts,
                                                       v->n_contacts)});
    }
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
}

static int vendor_list_run(cli_ctx *ctx, cli_rpc *r)
{
    int rc = cli_no_more_args(ctx, "vendor list");
    if (rc)
        return rc;
    Pmo__V1__ListVendorsRequest in = PMO__V1__LIST_VENDORS_REQUEST__INIT;
    return cli_entity_list(r, &cli_vendor_entity, "ListVendors", &in.base,
                           "vendors", vendor_table_print, "No vendors yet.");
}

static int vendor_show_run(cli_ctx *ctx, cli_rpc *r)
{
    char *name;
    int64_t id;
    ProtobufCMessage *v = NULL;
    if (cli_take_args(ctx, 1, 1, &name) < 0)
        return 2;
    int rc = vendor_find(r, name, &id);
    if (rc || (rc = cli_entity_get(r, &cli_vendor_entity, id, &v)) != 0)
        return rc;
    cli_entity_reply(r, &cli_vendor_entity, v);
    return 0;
}

/* ------------------------------------------------------------ contracts */

static const char *const contract_settable[] = {
    "title",        "value",          "start_on",
    "end_on",       "service_levels", "payment_milestones",
    "deliverables", "status",         NULL,
};

static const cli_assign_alias contract_aliases[] = {
    {"start", "start_on"},           {"end", "end_on"},
    {"sla", "service_levels"},       {"milestone", "payment_milestones"},
    {"deliverable", "deliverables"}, {NULL, NULL},
};

static int contract_assign_hook(cli_assign *a, const char *name,
                                const char *value)
{
    int rc = cli_entity_assign_date(a, "start_on", name, value);
    if (rc == 0)
        rc = cli_entity_assign_date(a, "end_on", name, value);
    if (rc == 0)
        rc = cli_entity_assign_refs(a, "payment_milestones", name, value);
    if (rc == 0)
        rc = cli_entity_assign_refs(a, "deliverables", name, value);
    return rc;
}

static const cli_assign_spec contract_assign_spec = {
    .desc = &pmo__v1__contract__descriptor,
    .fields = contract_settable,
    .aliases = contract_aliases,
    .hook = contract_assign_hook,
};

/* The fields of a contract every view shows; vendor is its name. */
static void contract_record_add(cli_table *t, arena *mem,
                                const Pmo__V1__Contract *c, const char *vendor)
{
    cli_record_add_int(t, "id", c->id);
    cli_record_add(t, "program", c->program);
    cli_record_add(t, "vendor", vendor);
    cli_record_add(t, "title", c->title);
    cli_record_add_enum(t, "status", &pmo__v1__contract_state__descriptor,
                        c->status, CLI_COLOR_NONE);
    cli_record_add(t, "value",
                   arena_printf(mem, "%s %s", c->value, c->currency));
    cli_record_add(t, "runs",
                   arena_printf(mem, "%s to %s", c->start_on, c->end_on));
}

static void contract_print(cli_rpc *r, const ProtobufCMessage *m)
{
    const Pmo__V1__Contract *c = (const Pmo__V1__Contract *)m;
    cli_table t;
    cli_record_init(&t);
    contract_record_add(&t, &r->mem, c,
                        arena_printf(&r->mem, "vendor %" PRId64, c->vendor_id));
    cli_record_add(&t, "milestones",
                   cli_entity_join(&r->mem, c->payment_milestones,
                                   c->n_payment_milestones));
    cli_record_add(
        &t, "deliverables",
        cli_entity_join(&r->mem, c->deliverables, c->n_deliverables));
    cli_record_add_int(&t, "version", c->version);
    cli_record_print(&t);
    cli_entity_text("Service levels", c->service_levels);
}

const cli_entity cli_contract_entity = {
    .group = "contract",
    .name = "contract",
    .type = "Contract",
    .label = "title",
    .svc = VENDOR_SVC,
    .spec = &contract_assign_spec,
    .print = contract_print,
};

static const cli_entity_option contract_add_options[] = {
    {"--title", "title"},
    {"--value", "value"},
    {"--start", "start_on"},
    {"--end", "end_on"},
    {"--sla", "service_levels"},
    {"--milestone", "payment_milestones"},
    {"--deliverable", "deliverables"},
    {"--status", "status"},
};

/* The server names each missing or bad field; the vendor is looked up
 * here, by name. */
static const char *const contract_required[] = {NULL};

static int contract_add_run(cli_ctx *ctx, cli_rpc *r)
{
    Pmo__V1__Contract c = PMO__V1__CONTRACT__INIT;
    cli_assign a;
    char *program;
    const char *vendor = cli_take_option(ctx, "--vendor");
    if (vendor == NULL)
        return cli_usage_fail(ctx, "--vendor is required");
    int rc = cli_entity_add_args(
        r, &a, &contract_assign_spec, &c.base, contract_add_options,
        sizeof(contract_add_options) / sizeof(contract_add_options[0]),
        contract_required, &program);
    if (rc || (rc = vendor_find(r, vendor, &c.vendor_id)) != 0)
        return rc;
    c.program = program;
    Pmo__V1__CreateContractRequest in = PMO__V1__CREATE_CONTRACT_REQUEST__INIT;
    in.contract = &c;
    return cli_entity_create(r, &cli_contract_entity, &in.base);
}

/* The vendors, for the names of a listing's rows. */
static cli_list contract_vendors;

static void contract_table_print(cli_rpc *r, const cli_list *l)
{
    cli_table t;
    cli_table_init(&t, 7,
                   (const char *[]){"ID", "VENDOR", "TITLE", "VALUE", "START",
                                    "END", "STATUS"});
    cli_table_shrinkable(&t, 2);
    for (size_t i = 0; i < l->n_items; i++) {
        const Pmo__V1__Contract *c = l->items[i];
        char id[24], status[32];
        cli_table_add(&t,
                      (const char *[]){
                          cli_entity_idtext(c->id, id, sizeof(id)),
                          vendor_name_of(r, &contract_vendors, c->vendor_id),
                          c->title,
                          arena_printf(&r->mem, "%s %s", c->value, c->currency),
                          c->start_on, c->end_on,
                          cli_enum_label(&pmo__v1__contract_state__descriptor,
                                         c->status, status, sizeof(status))});
    }
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
}

static int contract_list_run(cli_ctx *ctx, cli_rpc *r)
{
    char *program;
    if (cli_take_args(ctx, 1, 1, &program) < 0)
        return 2;
    Pmo__V1__ListContractsRequest in = PMO__V1__LIST_CONTRACTS_REQUEST__INIT;
    in.program = cli_key_upper(program);
    int rc = ctx->json ? 0 : vendor_all(r, &contract_vendors);
    if (rc)
        return rc;
    rc =
        cli_entity_list(r, &cli_contract_entity, "ListContracts", &in.base,
                        "contracts", contract_table_print, "No contracts yet.");
    if (!ctx->json)
        cli_list_fini(&contract_vendors);
    return rc;
}

/* "late: due ..." for one that is, else done or open. */
static const char *contract_item_state(const Pmo__V1__ContractItem *it)
{
    if (it->late)
        return it->why;
    return it->done ? "done" : "open";
}

static void contract_items_print(const char *title,
                                 Pmo__V1__ContractItem *const *items, size_t n,
                                 unsigned late)
{
    if (n == 0)
        return;
    char head[96];
    if (late)
        snprintf(head, sizeof(head), "%s (%u late)", title, late);
    else
        snprintf(head, sizeof(head), "%s", title);
    cli_section_print(head);
    cli_table t;
    cli_table_init(
        &t, 6,
        (const char *[]){"ITEM", "TITLE", "DUE", "FORECAST", "", "STATE"});
    cli_table_shrinkable(&t, 1);
    for (size_t i = 0; i < n; i++) {
        const Pmo__V1__ContractItem *it = items[i];
        cli_table_add(&t, (const char *[]){it->ref, it->title,
                                           cli_or_dash(it->planned_finish),
                                           cli_or_dash(it->forecast_finish),
                                           it->late ? "late" : "",
                                           contract_item_state(it)});
    }
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
}

static void contract_status_print(cli_rpc *r, const Pmo__V1__ContractStatus *s)
{
    cli_table t;
    cli_record_init(&t);
    contract_record_add(&t, &r->mem, s->contract, s->vendor);
    cli_record_add(&t, "spent",
                   arena_printf(&r->mem, "%s %s (%u expense%s)", s->spent,
                                s->currency, s->expenses,
                                s->expenses == 1 ? "" : "s"));
    cli_record_add(&t, "remaining",
                   arena_printf(&r->mem, "%s %s%s", s->remaining, s->currency,
                                s->remaining_minor < 0 ? " (overspent)" : ""));
    cli_record_add(&t, "status date", s->status_date);
    cli_record_add_int(&t, "version", s->contract->version);
    cli_record_print(&t);
    contract_items_print("Payment milestones", s->payment_milestones,
                         s->n_payment_milestones, s->late_milestones);
    contract_items_print("Deliverables", s->deliverables, s->n_deliverables,
                         s->late_deliverables);
    cli_entity_text("Service levels", s->contract->service_levels);
}

/* "KEY ID [--status-date DATE]": the contract where it stands. */
static int contract_show_run(cli_ctx *ctx, cli_rpc *r)
{
    const char *date = cli_take_option(ctx, "--status-date");
    char *args[2];
    Pmo__V1__GetContractStatusRequest in =
        PMO__V1__GET_CONTRACT_STATUS_REQUEST__INIT;
    if (cli_take_args(ctx, 2, 2, args) < 0)
        return 2;
    cli_key_upper(args[0]);
    int rc = cli_entity_id(ctx, "ID", args[1], &in.id);
    if (rc)
        return rc;
    in.status_date = date ? (char *)date : "";
    Pmo__V1__ContractStatus *out = NULL;
    rc = cli_rpc_call(r, VENDOR_SVC, "GetContractStatus", &in.base,
                      (ProtobufCMessage **)&out);
    if (rc)
        return rc;
    if (strcmp(out->contract->program, args[0]) != 0) {
        fprintf(stderr, "%s: contract %" PRId64 " is in %s, not %s\n", r->prog,
                in.id, out->contract->program, args[0]);
        rc = 3;
    } else if (ctx->json) {
        cli_print_json(&out->base);
    } else {
        contract_status_print(r, out);
    }
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return rc;
}

/* ------------------------------------------------------------ commands */

static int vendor_add(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, vendor_add_run);
}

static int vendor_list(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, vendor_list_run);
}

static int vendor_show(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, vendor_show_run);
}

static int contract_add(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, contract_add_run);
}

static int contract_list(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, contract_list_run);
}

static int contract_show(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, contract_show_run);
}

const cli_command cli_vendor_commands[] = {
    {"vendor add", "NAME [--contact C]... [--notes TEXT] [--owner USER]",
     "add a vendor the organisation works with", vendor_add},
    {"vendor list", "", "every vendor", vendor_list},
    {"vendor show", "NAME", "one vendor, with its contacts and notes",
     vendor_show},
    {"vendor update", "ID field=value...",
     "change fields (name, contacts, notes, owner)", cli_entity_update},
    {"vendor delete", "ID [--version N]",
     "remove a vendor that has no contracts", cli_entity_delete},
    {"contract add",
     "KEY --vendor NAME --title T --value AMOUNT --start DATE --end DATE "
     "[--milestone REF]... [--deliverable REF]... [--sla TEXT]",
     "record a contract of the program with a vendor (value in the "
     "program's currency; milestones are the work items its payments fall "
     "due on, deliverables the work items the vendor owes)",
     contract_add},
    {"contract list", "KEY", "the program's contracts", contract_list},
    {"contract show", "KEY ID [--status-date DATE]",
     "a contract: spent, remaining, and its late milestones and "
     "deliverables",
     contract_show},
    {"contract update", CLI_ENTITY_UPDATE_USAGE,
     "change fields (title, value, start, end, sla, milestones, "
     "deliverables, status)",
     cli_entity_update},
    {"contract delete", CLI_ENTITY_DELETE_USAGE,
     "remove a contract (its expenses stay on the program)", cli_entity_delete},
    {NULL, NULL, NULL, NULL},
};
