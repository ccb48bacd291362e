/*
 * client/pmo/cmd_gate.c - pmo gate: the quality, security and compliance
 * checklists on milestones. Each criterion is signed off by the approver
 * it names, and the server will not let the milestone be finished while
 * any is unsigned; gate status says what is still missing.
 */
#include "cli.h"
#include "common/status.h"
#include "common/timeutil.h"
#include "entity.h"
#include "parse.h"
#include "pmo/v1/gate.pb-c.h"
#include "pmo/v1/template.pb-c.h"
#include "rpc.h"
#include "show.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define GATE_SVC (&pmo__v1__gate_service__descriptor)

/* How many criteria of a gate are signed. */
static size_t gate_signed(const Pmo__V1__Gate *g)
{
    size_t n = 0;
    for (size_t i = 0; i < g->n_criteria; i++)
        n += g->criteria[i]->signed_off;
    return n;
}

/* ---------------------------------------------------------------- add */

static Pmo__V1__GateCriterion *gate_criterion_new(arena *mem, const char *text,
                                                  const char *approver)
{
    Pmo__V1__GateCriterion *c = arena_zalloc(mem, sizeof(*c));
    pmo__v1__gate_criterion__init(c);
    c->description = arena_strdup(mem, text);
    c->approver = (char *)approver;
    return c;
}

/* Every --criterion TEXT, each signed by approver ("" the caller). */
static void gate_criteria_take(cli_ctx *ctx, arena *mem, Pmo__V1__Gate *g,
                               const char *approver)
{
    const char *text;
    while ((text = cli_take_repeated(ctx, "--criterion")) != NULL) {
        Pmo__V1__GateCriterion **grown =
            arena_alloc(mem, (g->n_criteria + 1) * sizeof(*grown));
        if (g->n_criteria)
            memcpy(grown, g->criteria, g->n_criteria * sizeof(*grown));
        grown[g->n_criteria++] = gate_criterion_new(mem, text, approver);
        g->criteria = grown;
    }
}

static void gate_added_print(cli_rpc *r, Pmo__V1__Gate *g)
{
    if (r->ctx->json)
        cli_print_json(&g->base);
    else
        printf("Added gate %" PRId64 " to %s: %s (%zu criteri%s)\n", g->id,
               g->item, g->name, g->n_criteria,
               g->n_criteria == 1 ? "on" : "a");
    protobuf_c_message_free_unpacked(&g->base, NULL);
}

/*
 * "--template: no gate template "X" (one of: ...)", the names as the
 * server keeps them; the exit code of the refusal.
 */
static int gate_template_unknown(cli_rpc *r, const char *name)
{
    Pmo__V1__ListTemplatesRequest in = PMO__V1__LIST_TEMPLATES_REQUEST__INIT;
    in.kind = PMO__V1__TEMPLATE_KIND__TEMPLATE_GATE;
    cli_list l;
    int rc = cli_rpc_list_all(r, &pmo__v1__template_service__descriptor,
                              "ListTemplates", &in.base, "templates", &l);
    if (rc)
        return rc;
    fprintf(stderr,
            "%s: --template: no gate template \"%s\" (one of: ", r->prog, name);
    for (size_t i = 0; i < l.n_items; i++)
        fprintf(stderr, "%s%s", i ? ", " : "",
                ((const Pmo__V1__Template *)l.items[i])->name);
    fprintf(stderr, ")\n");
    cli_list_fini(&l);
    return 2;
}

/* True if res refuses the request for its "template" field alone. */
static bool gate_template_refused(const pmo_result *res)
{
    return res->code == PMO_INVALID_ARGUMENT && res->n_violations == 1 &&
           strcmp(res->violations[0].field, "template") == 0;
}

static int gate_template_apply(cli_rpc *r, char *item, const char *name,
                               const char *approver)
{
    Pmo__V1__ApplyGateTemplateRequest in =
        PMO__V1__APPLY_GATE_TEMPLATE_REQUEST__INIT;
    in.item = item;
    in.template_ = (char *)name;
    in.approver = (char *)approver;
    Pmo__V1__Gate *g = NULL;
    pmo_result res;
    if (cli_rpc_try(r, GATE_SVC, "ApplyGateTemplate", &in.base,
                    (ProtobufCMessage **)&g, &res) != 0)
        return gate_template_refused(&res) ? gate_template_unknown(r, name)
                                           : cli_rpc_report(r, &res);
    gate_added_print(r, g);
    return 0;
}

static int gate_add_run(cli_ctx *ctx, cli_rpc *r)
{
    Pmo__V1__Gate g = PMO__V1__GATE__INIT;
    const char *name = cli_take_option(ctx, "--name");
    const char *kind = cli_take_option(ctx, "--kind");
    const char *desc = cli_take_option(ctx, "--description");
    const char *tmpl = cli_take_option(ctx, "--template");
    const char *approver = cli_take_option(ctx, "--approver");
    approver = approver ? approver : "";
    gate_criteria_take(ctx, &r->mem, &g, approver);
    char why[300], *item;
    int value = 0;
    if (kind && cli_parse_enum(&pmo__v1__gate_kind__descriptor, kind, &value,
                               why, sizeof(why)) != 0)
        return cli_usage_fail(ctx, "--kind: %s", why);
    if (cli_take_args(ctx, 1, 1, &item) < 0)
        return 2;
    cli_key_upper(item);
    if (tmpl && (name || g.n_criteria))
        return cli_usage_fail(ctx, "--template comes with neither --name nor "
                                   "--criterion");
    if (tmpl)
        return gate_template_apply(r, item, tmpl, approver);
    if (name == NULL)
        return cli_usage_fail(ctx, "--name is required (or --template)");
    g.item = item;
    g.name = (char *)name;
    g.kind = value;
    g.description = (char *)(desc ? desc : "");
    Pmo__V1__CreateGateRequest in = PMO__V1__CREATE_GATE_REQUEST__INIT;
    in.gate = &g;
    Pmo__V1__Gate *out = NULL;
    int rc = cli_rpc_call(r, GATE_SVC, "CreateGate", &in.base,
                          (ProtobufCMessage **)&out);
    if (rc == 0)
        gate_added_print(r, out);
    return rc;
}

/* ------------------------------------------------------------- status */

static char *gate_signoff_text(arena *mem, const Pmo__V1__GateCriterion *c)
{
    if (!c->signed_off)
        return "pending";
    char when[32];
    time_format_ms(c->signed_at_ms, when, sizeof(when));
    return arena_printf(mem, "signed by %s, %s", c->signed_by, when);
}

static void gate_status_print(cli_rpc *r, const Pmo__V1__GateStatus *s)
{
    if (s->n_gates == 0) {
        printf("%s has no gates: nothing holds it back.\n", s->item);
        return;
    }
    cli_table t;
    cli_table_init(&t, 6,
                   (const char *[]){"ID", "GATE", "CRITERION", "APPROVER",
                                    "SIGN-OFF", "EVIDENCE"});
    cli_table_shrinkable(&t, 2);
    cli_table_shrinkable(&t, 5);
    for (size_t i = 0; i < s->n_gates; i++) {
        const Pmo__V1__Gate *g = s->gates[i];
        for (size_t k = 0; k < g->n_criteria; k++) {
            const Pmo__V1__GateCriterion *c = g->criteria[k];
            char id[24];
            size_t row = cli_table_add(
                &t, (const char *[]){cli_entity_idtext(c->id, id, sizeof(id)),
                                     g->name, c->description, c->approver,
                                     gate_signoff_text(&r->mem, c),
                                     cli_or_dash(c->evidence)});
            cli_table_color(&t, row, 4,
                            c->signed_off ? CLI_COLOR_GREEN : CLI_COLOR_YELLOW);
        }
    }
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
    if (s->ready)
        printf("\nReady: all %u criteria are signed; %s may be finished.\n",
               s->criteria, s->item);
    else
        printf("\nNot ready: %zu of %u criteria unsigned; %s cannot be "
               "finished yet.\n",
               s->n_pending, s->criteria, s->item);
}

static int gate_status_get(cli_rpc *r, char *item, Pmo__V1__GateStatus **out)
{
    Pmo__V1__GetGateStatusRequest in = PMO__V1__GET_GATE_STATUS_REQUEST__INIT;
    in.item = cli_key_upper(item);
    return cli_rpc_call(r, GATE_SVC, "GetGateStatus", &in.base,
                        (ProtobufCMessage **)out);
}

static int gate_status_run(cli_ctx *ctx, cli_rpc *r)
{
    char *item;
    if (cli_take_args(ctx, 1, 1, &item) < 0)
        return 2;
    Pmo__V1__GateStatus *s = NULL;
    int rc = gate_status_get(r, item, &s);
    if (rc)
        return rc;
    if (ctx->json)
        cli_print_json(&s->base);
    else
        gate_status_print(r, s);
    protobuf_c_message_free_unpacked(&s->base, NULL);
    return 0;
}

/* --------------------------------------------------------------- sign */

/*
 * The criterion of the milestone's gates that text names: its id, its
 * whole description (any case), or the one description containing it.
 * Returns its id, or 0 with why filled.
 */
static int64_t gate_criterion_find(const Pmo__V1__GateStatus *s,
                                   const char *text, char *why, size_t len)
{
    int64_t want = 0, found = 0;
    size_t matches = 0;
    char err[100];
    if (cli_parse_int(text, 1, INT64_MAX, &want, err, sizeof(err)) != 0)
        want = 0;
    for (size_t i = 0; i < s->n_gates; i++)
        for (size_t k = 0; k < s->gates[i]->n_criteria; k++) {
            const Pmo__V1__GateCriterion *c = s->gates[i]->criteria[k];
            if (c->id == want || strcasecmp(c->description, text) == 0)
                return c->id;
            if (strcasestr(c->description, text)) {
                found = c->id;
                matches++;
            }
        }
    if (matches == 1)
        return found;
    snprintf(why, len, "%s criterion of %s's gates is \"%s\"",
             matches ? "more than one" : "no", s->item, text);
    return 0;
}

static int gate_sign_run(cli_ctx *ctx, cli_rpc *r)
{
    const char *evidence = cli_take_option(ctx, "--evidence");
    const char *note = cli_take_option(ctx, "--note");
    char *args[2];
    if (cli_take_args(ctx, 2, 2, args) < 0)
        return 2;
    if ((evidence == NULL) == (note == NULL))
        return cli_usage_fail(ctx, "give one of --evidence URL and --note "
                                   "TEXT");
    Pmo__V1__GateStatus *s = NULL;
    int rc = gate_status_get(r, args[0], &s);
    if (rc)
        return rc;
    char why[300];
    Pmo__V1__SignCriterionRequest in = PMO__V1__SIGN_CRITERION_REQUEST__INIT;
    in.id = gate_criterion_find(s, args[1], why, sizeof(why));
    protobuf_c_message_free_unpacked(&s->base, NULL);
    if (in.id == 0)
        return cli_usage_fail(ctx, "CRITERION: %s", why);
    in.evidence = (char *)(evidence ? evidence : note);
    Pmo__V1__Gate *g = NULL;
    if ((rc = cli_rpc_call(r, GATE_SVC, "SignCriterion", &in.base,
                           (ProtobufCMessage **)&g)) != 0)
        return rc;
    if (ctx->json)
        cli_print_json(&g->base);
    else
        printf("Signed criterion %" PRId64 " of gate \"%s\" on %s (%zu of "
               "%zu signed).\n",
               in.id, g->name, g->item, gate_signed(g), g->n_criteria);
    protobuf_c_message_free_unpacked(&g->base, NULL);
    return 0;
}

/* ------------------------------------------------- change and remove */

/* The gate numbered by text, read for its version. */
static int gate_get(cli_ctx *ctx, cli_rpc *r, const char *text,
                    Pmo__V1__Gate **out)
{
    Pmo__V1__GetGateRequest in = PMO__V1__GET_GATE_REQUEST__INIT;
    if (cli_entity_id(ctx, "GATE", text, &in.id))
        return 2;
    r->subject = arena_printf(&r->mem, "gate %s", text);
    return cli_rpc_call(r, GATE_SVC, "GetGate", &in.base,
                        (ProtobufCMessage **)out);
}

/* UpdateGate of g's fields in mask at the version read; says what it did. */
static int gate_update_send(cli_rpc *r, Pmo__V1__Gate *g, char **mask,
                            size_t n_mask, const char *said)
{
    Pmo__V1__UpdateGateRequest in = PMO__V1__UPDATE_GATE_REQUEST__INIT;
    in.id = g->id;
    in.gate = g;
    in.update_mask = mask;
    in.n_update_mask = n_mask;
    in.expected_version = g->version;
    Pmo__V1__Gate *out = NULL;
    int rc = cli_rpc_call(r, GATE_SVC, "UpdateGate", &in.base,
                          (ProtobufCMessage **)&out);
    if (rc)
        return rc;
    if (r->ctx->json)
        cli_print_json(&out->base);
    else
        printf("%s gate %" PRId64 " on %s: %s (%zu of %zu signed).\n", said,
               out->id, out->item, out->name, gate_signed(out),
               out->n_criteria);
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

static int gate_update_run(cli_ctx *ctx, cli_rpc *r)
{
    const char *name = cli_take_option(ctx, "--name");
    const char *kind = cli_take_option(ctx, "--kind");
    const char *desc = cli_take_option(ctx, "--description");
    char why[300], *id;
    int value = 0;
    if (kind && cli_parse_enum(&pmo__v1__gate_kind__descriptor, kind, &value,
                               why, sizeof(why)) != 0)
        return cli_usage_fail(ctx, "--kind: %s", why);
    if (cli_take_args(ctx, 1, 1, &id) < 0)
        return 2;
    if (!name && !kind && !desc)
        return cli_usage_fail(ctx, "nothing to change: give --name, --kind "
                                   "or --description");
    Pmo__V1__Gate *g = NULL;
    int rc = gate_get(ctx, r, id, &g);
    if (rc)
        return rc;
    char *mask[3], *was_name = g->name, *was_desc = g->description;
    size_t n = 0;
    if (name) {
        g->name = (char *)name;
        mask[n++] = "name";
    }
    if (kind) {
        g->kind = value;
        mask[n++] = "kind";
    }
    if (desc) {
        g->description = (char *)desc;
        mask[n++] = "description";
    }
    rc = gate_update_send(r, g, mask, n, "Changed");
    /* The strings set above are borrowed: free what was unpacked. */
    g->name = was_name;
    g->description = was_desc;
    protobuf_c_message_free_unpacked(&g->base, NULL);
    return rc;
}

static int gate_remove_run(cli_ctx *ctx, cli_rpc *r)
{
    char *id;
    if (cli_take_args(ctx, 1, 1, &id) < 0)
        return 2;
    Pmo__V1__Gate *g = NULL;
    int rc = gate_get(ctx, r, id, &g);
    if (rc)
        return rc;
    Pmo__V1__DeleteGateRequest in = PMO__V1__DELETE_GATE_REQUEST__INIT;
    in.id = g->id;
    in.expected_version = g->version;
    ProtobufCMessage *out = NULL;
    if ((rc = cli_rpc_call(r, GATE_SVC, "DeleteGate", &in.base, &out)) == 0) {
        printf("Removed gate %" PRId64 " from %s: %s\n", g->id, g->item,
               g->name);
        protobuf_c_message_free_unpacked(out, NULL);
    }
    protobuf_c_message_free_unpacked(&g->base, NULL);
    return rc;
}

/*
 * The criterion of MILESTONE that CRITERION names, as gate sign finds
 * it, with the gate holding it (*gate, owned by *status: free that).
 */
static int gate_criterion_take(cli_ctx *ctx, cli_rpc *r, char **args,
                               Pmo__V1__GateStatus **status,
                               Pmo__V1__Gate **gate, int64_t *id)
{
    int rc = gate_status_get(r, args[0], status);
    if (rc)
        return rc;
    char why[300];
    *id = gate_criterion_find(*status, args[1], why, sizeof(why));
    for (size_t i = 0; *id && i < (*status)->n_gates; i++)
        for (size_t k = 0; k < (*status)->gates[i]->n_criteria; k++)
            if ((*status)->gates[i]->criteria[k]->id == *id)
                *gate = (*status)->gates[i];
    if (*id)
        return 0;
    protobuf_c_message_free_unpacked(&(*status)->base, NULL);
    return cli_usage_fail(ctx, "CRITERION: %s", why);
}

/*
 * A new approver for one criterion: UpdateGate with every criterion kept
 * by its id and only that one's approver changed, which clears its
 * sign-off if it had one (the server keeps the others').
 */
static int gate_reassign_run(cli_ctx *ctx, cli_rpc *r)
{
    char *args[3];
    if (cli_take_args(ctx, 3, 3, args) < 0)
        return 2;
    Pmo__V1__GateStatus *s = NULL;
    Pmo__V1__Gate *g = NULL;
    int64_t id;
    int rc = gate_criterion_take(ctx, r, args, &s, &g, &id);
    if (rc)
        return rc;
    char *old = NULL;
    for (size_t k = 0; k < g->n_criteria; k++)
        if (g->criteria[k]->id == id) {
            old = g->criteria[k]->approver;
            g->criteria[k]->approver = args[2];
        }
    char *mask[] = {"criteria"};
    r->subject = arena_printf(&r->mem, "gate %" PRId64, g->id);
    rc = gate_update_send(r, g, mask, 1, "Reassigned a criterion of");
    for (size_t k = 0; k < g->n_criteria; k++)
        if (g->criteria[k]->id == id)
            g->criteria[k]->approver = old;
    protobuf_c_message_free_unpacked(&s->base, NULL);
    return rc;
}

static int gate_unsign_run(cli_ctx *ctx, cli_rpc *r)
{
    char *args[2];
    if (cli_take_args(ctx, 2, 2, args) < 0)
        return 2;
    Pmo__V1__GateStatus *s = NULL;
    Pmo__V1__Gate *g = NULL;
    Pmo__V1__UnsignCriterionRequest in =
        PMO__V1__UNSIGN_CRITERION_REQUEST__INIT;
    int rc = gate_criterion_take(ctx, r, args, &s, &g, &in.id);
    if (rc)
        return rc;
    protobuf_c_message_free_unpacked(&s->base, NULL);
    Pmo__V1__Gate *out = NULL;
    if ((rc = cli_rpc_call(r, GATE_SVC, "UnsignCriterion", &in.base,
                           (ProtobufCMessage **)&out)) != 0)
        return rc;
    if (ctx->json)
        cli_print_json(&out->base);
    else
        printf("Withdrew the sign-off of criterion %" PRId64 " of gate \"%s\" "
               "on %s (%zu of %zu signed).\n",
               in.id, out->name, out->item, gate_signed(out), out->n_criteria);
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

/* --------------------------------------------------------------- list */

static void gate_table_print(cli_rpc *r, const cli_list *l)
{
    cli_table t;
    cli_table_init(
        &t, 5, (const char *[]){"ID", "MILESTONE", "NAME", "KIND", "SIGNED"});
    cli_table_shrinkable(&t, 2);
    for (size_t i = 0; i < l->n_items; i++) {
        const Pmo__V1__Gate *g = l->items[i];
        char id[24], kind[32];
        cli_table_add(
            &t, (const char *[]){cli_entity_idtext(g->id, id, sizeof(id)),
                                 g->item, g->name,
                                 cli_enum_label(&pmo__v1__gate_kind__descriptor,
                                                g->kind, kind, sizeof(kind)),
                                 arena_printf(&r->mem, "%zu/%zu",
                                              gate_signed(g), g->n_criteria)});
    }
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
}

static int gate_list_run(cli_ctx *ctx, cli_rpc *r)
{
    Pmo__V1__ListGatesRequest in = PMO__V1__LIST_GATES_REQUEST__INIT;
    char *program;
    if (cli_take_args(ctx, 1, 1, &program) < 0)
        return 2;
    in.program = cli_key_upper(program);
    return cli_entity_list_of(r, GATE_SVC, "ListGates", &in.base, "gates",
                              gate_table_print, "No gates.");
}

/* ---------------------------------------------------------- templates */

static void gate_templates_print(cli_rpc *r, const cli_list *l)
{
    (void)r;
    cli_table t;
    cli_table_init(&t, 3, (const char *[]){"NAME", "DESCRIPTION", "SOURCE"});
    cli_table_shrinkable(&t, 1);
    for (size_t i = 0; i < l->n_items; i++) {
        const Pmo__V1__Template *x = l->items[i];
        cli_table_add(&t, (const char *[]){x->name, cli_or_dash(x->description),
                                           x->builtin ? "built-in" : "custom"});
    }
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
}

/* The names gate add --template takes, as the server keeps them. */
static int gate_templates_run(cli_ctx *ctx, cli_rpc *r)
{
    Pmo__V1__ListTemplatesRequest in = PMO__V1__LIST_TEMPLATES_REQUEST__INIT;
    in.kind = PMO__V1__TEMPLATE_KIND__TEMPLATE_GATE;
    if (cli_take_args(ctx, 0, 0, NULL) < 0)
        return 2;
    return cli_entity_list_of(r, &pmo__v1__template_service__descriptor,
                              "ListTemplates", &in.base, "templates",
                              gate_templates_print, "No gate templates.");
}

/* -------------------------------------------------------------- table */

static int gate_add(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, gate_add_run);
}

static int gate_status(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, gate_status_run);
}

static int gate_sign(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, gate_sign_run);
}

static int gate_list(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, gate_list_run);
}

static int gate_templates(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, gate_templates_run);
}

static int gate_update(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, gate_update_run);
}

static int gate_remove(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, gate_remove_run);
}

static int gate_reassign(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, gate_reassign_run);
}

static int gate_unsign(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, gate_unsign_run);
}

const cli_command cli_gate_commands[] = {
    {"gate add",
     "MILESTONE --name N [--kind K] [--description D] [--criterion TEXT]... "
     "[--approver U] | MILESTONE --template NAME [--approver U]",
     "put a gate on a milestone (criteria signed by the approver, default "
     "you)",
     gate_add},
    {"gate status", "MILESTONE",
     "each criterion, its approver and sign-off; whether it may finish",
     gate_status},
    {"gate sign", "MILESTONE CRITERION (--evidence URL | --note TEXT)",
     "sign off a criterion (its id or words of it) as its approver", gate_sign},
    {"gate unsign", "MILESTONE CRITERION",
     "withdraw a sign-off (its approver or a manager; not on a finished "
     "milestone)",
     gate_unsign},
    {"gate reassign", "MILESTONE CRITERION USER",
     "name another approver for a criterion (clears its sign-off)",
     gate_reassign},
    {"gate update", "GATE [--name N] [--kind K] [--description D]",
     "rename a gate, or change its kind or description", gate_update},
    {"gate remove", "GATE", "remove a gate and its criteria", gate_remove},
    {"gate list", "PROGRAM", "a program's gates and how far signed", gate_list},
    {"gate templates", "",
     "the gate templates gate add --template takes, with what each is for",
     gate_templates},
    {NULL, NULL, NULL, NULL},
};
