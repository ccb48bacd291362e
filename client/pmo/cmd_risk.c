/*
 * client/pmo/cmd_risk.c - pmo risk: a program's risk register. Risks are
 * scored by probability and impact (1 to 5 each); their exposure is the
 * product, which orders every listing and places them on the heat map.
 * A risk that happens becomes an issue (pmo risk occur).
 */
#include "cli.h"
#include "common/timeutil.h"
#include "entity.h"
#include "parse.h"
#include "pbjson.h"
#include "pmo/v1/risk.pb-c.h"
#include "risk_matrix.h"
#include "rpc.h"
#include "show.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define RISK_SVC (&pmo__v1__risk_service__descriptor)

/* How many of the highest exposures the matrix lists by default. */
#define RISK_MATRIX_TOP 5

static const char *const risk_settable[] = {
    "title",  "description", "category",    "probability", "impact",
    "owner",  "mitigation",  "contingency", "trigger",     "response",
    "status", "review_date", "items",       "vendor_id",   NULL,
};

static const cli_assign_alias risk_aliases[] = {
    {"review", "review_date"}, {"item", "items"},       {"p", "probability"},
    {"i", "impact"},           {"desc", "description"}, {"vendor", "vendor_id"},
    {NULL, NULL},
};

static const char *const risk_comma_lists[] = {"items", NULL};

/* Probability and impact are 1 to 5: said here, with the field's name. */
static int risk_assign_hook(cli_assign *a, const char *name, const char *value)
{
    if (strcmp(name, "probability") != 0 && strcmp(name, "impact") != 0)
        return 0;
    int64_t v;
    char why[200];
    if (cli_parse_int(value, 1, RISK_MATRIX_SIDE, &v, why, sizeof(why)) != 0) {
        snprintf(a->err, sizeof(a->err), "%s: %s", name, why);
        return -1;
    }
    if (!cli_assign_mask_add(a, name)) {
        snprintf(a->err, sizeof(a->err), "%s is given twice", name);
        return -1;
    }
    Pmo__V1__Risk *r = (Pmo__V1__Risk *)a->msg;
    *(name[0] == 'p' ? &r->probability : &r->impact) = (uint32_t)v;
    return 1;
}

static const cli_assign_spec risk_assign_spec = {
    .desc = &pmo__v1__risk__descriptor,
    .fields = risk_settable,
    .aliases = risk_aliases,
    .comma_lists = risk_comma_lists,
    .hook = risk_assign_hook,
};

/* "12 high (4x3)": the exposure, its zone and how it is made. */
static char *risk_exposure_text(arena *mem, const Pmo__V1__Risk *k)
{
    return arena_printf(
        mem, "%u %s (%ux%u)", k->exposure,
        risk_zone_name(risk_matrix_zone(k->probability, k->impact)),
        k->probability, k->impact);
}

/* "2027-01-10 (passed)" when the review is overdue. */
static char *risk_review_text(arena *mem, const Pmo__V1__Risk *k)
{
    if (k->review_date[0] == '\0')
        return "-";
    return arena_printf(mem, "%s%s", k->review_date,
                        k->review_overdue ? " (passed)" : "");
}

static void risk_print(cli_rpc *r, const ProtobufCMessage *m)
{
    const Pmo__V1__Risk *k = (const Pmo__V1__Risk *)m;
    cli_table t;
    cli_record_init(&t);
    cli_record_add_int(&t, "id", k->id);
    cli_record_add(&t, "program", k->program);
    cli_record_add(&t, "title", k->title);
    cli_record_add_enum(&t, "status", &pmo__v1__risk_status__descriptor,
                        k->status, CLI_COLOR_NONE);
    cli_record_add_enum(&t, "category", &pmo__v1__risk_category__descriptor,
                        k->category, CLI_COLOR_NONE);
    cli_record_add(&t, "exposure", risk_exposure_text(&r->mem, k));
    cli_record_add_enum(&t, "response", &pmo__v1__risk_response__descriptor,
                        k->response, CLI_COLOR_NONE);
    cli_record_add_opt(&t, "owner", k->owner);
    cli_record_add(&t, "review", risk_review_text(&r->mem, k));
    cli_record_add(&t, "items", cli_entity_join(&r->mem, k->items, k->n_items));
    if (k->issue_id)
        cli_record_add_int(&t, "issue", k->issue_id);
    if (k->vendor_id)
        cli_record_add_int(&t, "vendor", k->vendor_id);
    cli_record_add_int(&t, "version", k->version);
    cli_record_print(&t);
    cli_entity_text("Description", k->description);
    cli_entity_text("Mitigation", k->mitigation);
    cli_entity_text("Contingency", k->contingency);
    cli_entity_text("Trigger", k->trigger);
}

const cli_entity cli_risk_entity = {
    .group = "risk",
    .name = "risk",
    .type = "Risk",
    .label = "title",
    .svc = RISK_SVC,
    .spec = &risk_assign_spec,
    .print = risk_print,
    .note_field = "score_note",
};

/* --------------------------------------------------------------- add */

static const cli_entity_option risk_add_options[] = {
    {"--title", "title"},           {"--description", "description"},
    {"--category", "category"},     {"--probability", "probability"},
    {"--impact", "impact"},         {"--owner", "owner"},
    {"--mitigation", "mitigation"}, {"--contingency", "contingency"},
    {"--trigger", "trigger"},       {"--response", "response"},
    {"--review", "review_date"},    {"--item", "items"},
};

static const char *const risk_required[] = {"title", "probability", "impact",
                                            NULL};

static int risk_add_run(cli_ctx *ctx, cli_rpc *r)
{
    Pmo__V1__Risk k = PMO__V1__RISK__INIT;
    cli_assign a;
    const char *note = cli_take_option(ctx, "--note");
    char *program;
    int rc = cli_entity_add_args(
        r, &a, &risk_assign_spec, &k.base, risk_add_options,
        sizeof(risk_add_options) / sizeof(risk_add_options[0]), risk_required,
        &program);
    if (rc)
        return rc;
    for (size_t i = 0; i < k.n_items; i++)
        cli_key_upper(k.items[i]);
    k.program = program;
    Pmo__V1__CreateRiskRequest in = PMO__V1__CREATE_RISK_REQUEST__INIT;
    in.risk = &k;
    in.score_note = (char *)(note ? note : "");
    return cli_entity_create(r, &cli_risk_entity, &in.base);
}

/* -------------------------------------------------------------- list */

/* A row of the risk tables: the exposure coloured by its zone. */
static void risk_row_add(cli_table *t, arena *mem, const Pmo__V1__Risk *k)
{
    static const cli_color zone_colors[] = {
        [RISK_ZONE_NONE] = CLI_COLOR_NONE,
        [RISK_ZONE_LOW] = CLI_COLOR_GREEN,
        [RISK_ZONE_MEDIUM] = CLI_COLOR_YELLOW,
        [RISK_ZONE_HIGH] = CLI_COLOR_RED,
    };
    char id[24], exp[16], cat[32], st[32];
    snprintf(exp, sizeof(exp), "%u", k->exposure);
    size_t row = cli_table_add(
        t, (const char *[]){
               cli_entity_idtext(k->id, id, sizeof(id)), exp,
               arena_printf(mem, "%ux%u", k->probability, k->impact), k->title,
               cli_enum_label(&pmo__v1__risk_category__descriptor, k->category,
                              cat, sizeof(cat)),
               cli_or_dash(k->owner),
               cli_enum_label(&pmo__v1__risk_status__descriptor, k->status, st,
                              sizeof(st)),
               k->review_date[0] ? arena_printf(mem, "%s%s", k->review_date,
                                                k->review_overdue ? " !" : "")
                                 : "-"});
    cli_table_color(t, row, 1,
                    zone_colors[risk_matrix_zone(k->probability, k->impact)]);
}

static void risk_rows_print(arena *mem, Pmo__V1__Risk *const *risks, size_t n)
{
    cli_table t;
    cli_table_init(&t, 8,
                   (const char *[]){"ID", "EXP", "PxI", "TITLE", "CATEGORY",
                                    "OWNER", "STATUS", "REVIEW"});
    cli_table_shrinkable(&t, 3);
    size_t overdue = 0;
    for (size_t i = 0; i < n; i++) {
        risk_row_add(&t, mem, risks[i]);
        overdue += risks[i]->review_overdue;
    }
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
    if (overdue)
        printf("! review date passed (%zu risk%s)\n", overdue,
               overdue == 1 ? "" : "s");
}

static void risk_table_print(cli_rpc *r, const cli_list *l)
{
    risk_rows_print(&r->mem, (Pmo__V1__Risk *const *)l->items, l->n_items);
}

/* --status S, --category C: enum options into their slots. */
static int risk_enum_options(cli_ctx *ctx, int *status, int *category)
{
    const char *names[] = {"--status", "--category"};
    const ProtobufCEnumDescriptor *descs[] = {
        &pmo__v1__risk_status__descriptor, &pmo__v1__risk_category__descriptor};
    int *slots[] = {status, category};
    for (size_t i = 0; i < 2; i++) {
        const char *v = cli_take_option(ctx, names[i]);
        char why[300];
        if (v && cli_parse_enum(descs[i], v, slots[i], why, sizeof(why)) != 0)
            return cli_usage_fail(ctx, "%s: %s", names[i], why);
    }
    return 0;
}

static int risk_list_run(cli_ctx *ctx, cli_rpc *r)
{
    Pmo__V1__ListRisksRequest in = PMO__V1__LIST_RISKS_REQUEST__INIT;
    int status = 0, category = 0;
    const char *owner = cli_take_option(ctx, "--owner");
    in.overdue_review = cli_take_switch(ctx, "--overdue");
    char *program;
    int rc = risk_enum_options(ctx, &status, &category);
    if (rc)
        return rc;
    if (cli_take_args(ctx, 1, 1, &program) < 0)
        return 2;
    in.program = cli_key_upper(program);
    in.status = status;
    in.category = category;
    in.owner = (char *)(owner ? owner : "");
    return cli_entity_list(r, &cli_risk_entity, "ListRisks", &in.base, "risks",
                           risk_table_print, "No risks.");
}

/* -------------------------------------------------------------- show */

static void risk_scores_print(const Pmo__V1__ListRiskScoresResponse *s)
{
    cli_section_print("Score history");
    cli_table t;
    cli_table_init(&t, 5, (const char *[]){"WHEN", "BY", "FROM", "TO", "NOTE"});
    cli_table_shrinkable(&t, 4);
    for (size_t i = 0; i < s->n_scores; i++) {
        const Pmo__V1__RiskScore *x = s->scores[i];
        char when[32], from[32], to[32];
        time_format_ms(x->at_ms, when, sizeof(when));
        if (x->old_probability == 0)
            snprintf(from, sizeof(from), "(new)");
        else
            snprintf(from, sizeof(from), "%ux%u = %u", x->old_probability,
                     x->old_impact, x->old_probability * x->old_impact);
        snprintf(to, sizeof(to), "%ux%u = %u", x->new_probability,
                 x->new_impact, x->new_probability * x->new_impact);
        cli_table_add(
            &t, (const char *[]){when, x->by, from, to, cli_or_dash(x->note)});
    }
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
}

/* {"risk": Risk, "scores": [RiskScore]} */
static void risk_show_json(const Pmo__V1__Risk *k,
                           const Pmo__V1__ListRiskScoresResponse *s)
{
    cli_json j;
    cli_json_open(&j);
    fputc('{', j.f);
    cli_json_message(&j, "risk", &k->base);
    fputs(",\"scores\":[", j.f);
    for (size_t i = 0; i < s->n_scores; i++) {
        if (i)
            fputc(',', j.f);
        pbjson_write(j.f, &s->scores[i]->base, -1);
    }
    fputs("]}", j.f);
    cli_json_close(&j);
}

static int risk_show_run(cli_ctx *ctx, cli_rpc *r)
{
    int64_t id;
    ProtobufCMessage *m = NULL;
    int rc = cli_entity_target_args(r, &cli_risk_entity, &id, &m);
    if (rc)
        return rc;
    Pmo__V1__ListRiskScoresRequest in = PMO__V1__LIST_RISK_SCORES_REQUEST__INIT;
    in.id = id;
    cli_list l;
    if ((rc = cli_rpc_list_all(r, RISK_SVC, "ListRiskScores", &in.base,
                               "scores", &l)) == 0) {
        Pmo__V1__ListRiskScoresResponse all =
            PMO__V1__LIST_RISK_SCORES_RESPONSE__INIT;
        all.scores = (Pmo__V1__RiskScore **)l.items;
        all.n_scores = l.n_items;
        if (ctx->json) {
            risk_show_json((Pmo__V1__Risk *)m, &all);
        } else {
            risk_print(r, m);
            risk_scores_print(&all);
        }
        cli_list_fini(&l);
    }
    protobuf_c_message_free_unpacked(m, NULL);
    return rc;
}

/* ------------------------------------------------------------- close */

static int risk_close_run(cli_ctx *ctx, cli_rpc *r)
{
    const char *note = cli_take_option(ctx, "--note");
    return cli_entity_status_set(
        r, &cli_risk_entity, PMO__V1__RISK_STATUS__RISK_CLOSED, note, "Closed");
}

/* ------------------------------------------------------------- occur */

static int risk_occur_options(cli_ctx *ctx, Pmo__V1__OccurRiskRequest *in,
                              char *due)
{
    const char *sev = cli_take_option(ctx, "--severity");
    const char *owner = cli_take_option(ctx, "--owner");
    const char *date = cli_take_option(ctx, "--due");
    char why[300];
    int value = 0;
    if (sev && cli_parse_enum(&pmo__v1__issue_severity__descriptor, sev, &value,
                              why, sizeof(why)) != 0)
        return cli_usage_fail(ctx, "--severity: %s", why);
    if (date && cli_parse_date(date, false, due, why, sizeof(why)) != 0)
        return cli_usage_fail(ctx, "--due: %s", why);
    in->severity = value;
    in->owner = (char *)(owner ? owner : "");
    in->due_date = date ? due : "";
    return 0;
}

static int risk_occur_run(cli_ctx *ctx, cli_rpc *r)
{
    Pmo__V1__OccurRiskRequest in = PMO__V1__OCCUR_RISK_REQUEST__INIT;
    char due[CLI_DATE_LEN];
    ProtobufCMessage *cur = NULL;
    int rc = risk_occur_options(ctx, &in, due);
    if (rc ||
        (rc = cli_entity_target_args(r, &cli_risk_entity, &in.id, &cur)) != 0)
        return rc;
    in.expected_version = ((Pmo__V1__Risk *)cur)->version;
    protobuf_c_message_free_unpacked(cur, NULL);
    r->subject = arena_printf(&r->mem, "risk %" PRId64, in.id);
    Pmo__V1__OccurRiskResponse *out = NULL;
    rc = cli_rpc_call(r, RISK_SVC, "OccurRisk", &in.base,
                      (ProtobufCMessage **)&out);
    if (rc)
        return rc;
    char sev[32];
    if (ctx->json)
        cli_print_json(&out->base);
    else
        printf("Risk %" PRId64 " occurred: opened issue %" PRId64 " (%s): %s\n",
               out->risk->id, out->issue->id,
               cli_enum_label(&pmo__v1__issue_severity__descriptor,
                              out->issue->severity, sev, sizeof(sev)),
               out->issue->title);
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

/* ------------------------------------------------------------ matrix */

static void risk_matrix_print(const ProtobufCMessage *m, const void *arg)
{
    const Pmo__V1__RiskMatrixResponse *x =
        (const Pmo__V1__RiskMatrixResponse *)m;
    arena *mem = (arena *)arg;
    printf("Open risks: %u\n\n", x->open_risks);
    risk_matrix_draw(stdout, x->cells, x->n_cells, cli_term_color(stdout));
    cli_section_print("Top exposures");
    if (x->n_top == 0)
        printf("  (none)\n");
    else
        risk_rows_print(mem, x->top, x->n_top);
}

static int risk_matrix_run(cli_ctx *ctx, cli_rpc *r)
{
    Pmo__V1__RiskMatrixRequest in = PMO__V1__RISK_MATRIX_REQUEST__INIT;
    const char *top = cli_take_option(ctx, "--top");
    int64_t n = RISK_MATRIX_TOP;
    char why[200], *program;
    if (top && cli_parse_int(top, 1, 100, &n, why, sizeof(why)) != 0)
        return cli_usage_fail(ctx, "--top: %s", why);
    if (cli_take_args(ctx, 1, 1, &program) < 0)
        return 2;
    in.program = cli_key_upper(program);
    in.top = (uint32_t)n;
    ProtobufCMessage *out = NULL;
    int rc = cli_rpc_call(r, RISK_SVC, "RiskMatrix", &in.base, &out);
    if (rc)
        return rc;
    if (ctx->json)
        cli_print_json(out);
    else
        risk_matrix_print(out, &r->mem);
    protobuf_c_message_free_unpacked(out, NULL);
    return 0;
}

/* -------------------------------------------------------------- table */

static int risk_add(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, risk_add_run);
}

static int risk_list(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, risk_list_run);
}

static int risk_show(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, risk_show_run);
}

static int risk_close(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, risk_close_run);
}

static int risk_occur(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, risk_occur_run);
}

static int risk_matrix(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, risk_matrix_run);
}

const cli_command cli_risk_commands[] = {
    {"risk add",
     "PROGRAM --title T --probability 1-5 --impact 1-5 [--category C] "
     "[--owner U] [--mitigation M] [--contingency C] [--trigger T] "
     "[--response R] [--review DATE] [--item REF]... [--description D] "
     "[--note N]",
     "add a risk (exposure = probability x impact)", risk_add},
    {"risk list", "PROGRAM [--status S] [--category C] [--owner U] [--overdue]",
     "risks by exposure, highest first; ! marks a passed review", risk_list},
    {"risk show", CLI_ENTITY_SHOW_USAGE, "one risk and its score history",
     risk_show},
    {"risk update", CLI_ENTITY_UPDATE_USAGE " [--note N]",
     "change fields (probability, impact, owner, review, status, ...)",
     cli_entity_update},
    {"risk close", "[PROGRAM] ID [--note N]", "close a risk", risk_close},
    {"risk delete", CLI_ENTITY_DELETE_USAGE,
     "delete a risk and its score history", cli_entity_delete},
    {"risk occur", "[PROGRAM] ID [--severity S] [--owner U] [--due DATE]",
     "the risk happened: turn it into an issue", risk_occur},
    {"risk matrix", "PROGRAM [--top N]",
     "the 5x5 probability-impact heat map and the top exposures", risk_matrix},
    {NULL, NULL, NULL, NULL},
};
