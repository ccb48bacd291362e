/*
 * client/pmo/cmd_radar.c - pmo radar: the organisation's technology
 * radar, each technology with its quadrant, its ring (adopt, trial,
 * assess, hold), why, who watches it, and what it bears on.
 */
#include "cli.h"
#include "entity.h"
#include "parse.h"
#include "pmo/v1/radar.pb-c.h"
#include "rpc.h"
#include "show.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define RADAR_SVC (&pmo__v1__radar_service__descriptor)

static const char *const radar_settable[] = {
    "name",     "quadrant", "ring",         "rationale",    "owner",
    "reviewed_on", "programs", "risk_ids", "decision_ids", NULL,
};

static const cli_assign_alias radar_aliases[] = {
    {"program", "programs"},   {"risk", "risk_ids"},
    {"risks", "risk_ids"},     {"decision", "decision_ids"},
    {"decisions", "decision_ids"}, {"reviewed", "reviewed_on"},
    {NULL, NULL},
};

static const char *const radar_comma_lists[] = {"programs", NULL};

static int radar_assign_hook(cli_assign *a, const char *name,
                             const char *value)
{
    int rc = cli_entity_assign_date(a, "reviewed_on", name, value);
    if (rc == 0)
        rc = cli_entity_assign_ids(a, "risk_ids", name, value);
    if (rc == 0)
        rc = cli_entity_assign_ids(a, "decision_ids", name, value);
    return rc;
}

static const cli_assign_spec radar_assign_spec = {
    .desc = &pmo__v1__radar_entry__descriptor,
    .fields = radar_settable,
    .aliases = radar_aliases,
    .comma_lists = radar_comma_lists,
    .hook = radar_assign_hook,
};

static const char *radar_label(const ProtobufCEnumDescriptor *d, int v,
                               char *out, size_t len)
{
    return cli_enum_label(d, v, out, len);
}

static void radar_print(cli_rpc *r, const ProtobufCMessage *m)
{
    const Pmo__V1__RadarEntry *e = (const Pmo__V1__RadarEntry *)m;
    cli_table t;
    cli_record_init(&t);
    cli_record_add_int(&t, "id", e->id);
    cli_record_add(&t, "name", e->name);
    cli_record_add_enum(&t, "quadrant", &pmo__v1__radar_quadrant__descriptor,
                        e->quadrant, CLI_COLOR_NONE);
    cli_record_add_enum(&t, "ring", &pmo__v1__radar_ring__descriptor, e->ring,
                        CLI_COLOR_NONE);
    cli_record_add_opt(&t, "owner", e->owner);
    cli_record_add_opt(&t, "reviewed on", e->reviewed_on);
    cli_record_add(&t, "programs",
                   cli_entity_join(&r->mem, e->programs, e->n_programs));
    cli_record_add(&t, "risks",
                   cli_entity_ids(&r->mem, e->risk_ids, e->n_risk_ids));
    cli_record_add(&t, "decisions", cli_entity_ids(&r->mem, e->decision_ids,
                                                   e->n_decision_ids));
    cli_record_add_int(&t, "version", e->version);
    cli_record_print(&t);
    cli_entity_text("Rationale", e->rationale);
}

const cli_entity cli_radar_entity = {
    .group = "radar",
    .name = "entry",
    .type = "RadarEntry",
    .label = "name",
    .svc = RADAR_SVC,
    .spec = &radar_assign_spec,
    .print = radar_print,
};

static const cli_entity_option radar_add_options[] = {
    {"--quadrant", "quadrant"}, {"--ring", "ring"},
    {"--rationale", "rationale"}, {"--owner", "owner"},
    {"--reviewed-on", "reviewed_on"}, {"--program", "programs"},
    {"--risk", "risk_ids"},       {"--decision", "decision_ids"},
};
#define RADAR_N_ADD_OPTIONS                                                    \
    (sizeof(radar_add_options) / sizeof(radar_add_options[0]))

/* "programs", "risk_ids" and "decision_ids": what link adds to. */
static const cli_entity_option radar_link_options[] = {
    {"--program", "programs"},
    {"--risk", "risk_ids"},
    {"--decision", "decision_ids"},
};
#define RADAR_N_LINK_OPTIONS                                                   \
    (sizeof(radar_link_options) / sizeof(radar_link_options[0]))

static void radar_upper_programs(Pmo__V1__RadarEntry *e)
{
    for (size_t i = 0; i < e->n_programs; i++)
        cli_key_upper(e->programs[i]);
}

static int radar_add_run(cli_ctx *ctx, cli_rpc *r)
{
    Pmo__V1__RadarEntry e = PMO__V1__RADAR_ENTRY__INIT;
    cli_assign a;
    char *name;
    cli_assign_init(&a, &radar_assign_spec, &e.base, &r->mem);
    int rc = cli_entity_options(ctx, &a, radar_add_options,
                                RADAR_N_ADD_OPTIONS);
    if (rc || cli_take_args(ctx, 1, 1, &name) < 0)
        return rc ? rc : 2;
    e.name = name;
    radar_upper_programs(&e);
    Pmo__V1__CreateRadarEntryRequest in =
        PMO__V1__CREATE_RADAR_ENTRY_REQUEST__INIT;
    in.entry = &e;
    return cli_entity_create(r, &cli_radar_entity, &in.base);
}

static void radar_table_print(cli_rpc *r, const cli_list *l)
{
    cli_table t;
    cli_table_init(&t, 7,
                   (const char *[]){"ID", "NAME", "QUADRANT", "RING", "OWNER",
                                    "REVIEWED", "PROGRAMS"});
    cli_table_shrinkable(&t, 6);
    for (size_t i = 0; i < l->n_items; i++) {
        const Pmo__V1__RadarEntry *e = l->items[i];
        char id[24], q[32], ring[32];
        cli_table_add(
            &t, (const char *[]){
                    cli_entity_idtext(e->id, id, sizeof(id)), e->name,
                    radar_label(&pmo__v1__radar_quadrant__descriptor,
                                e->quadrant, q, sizeof(q)),
                    radar_label(&pmo__v1__radar_ring__descriptor, e->ring,
                                ring, sizeof(ring)),
                    cli_or_dash(e->owner), cli_or_dash(e->reviewed_on),
                    cli_entity_join(&r->mem, e->programs, e->n_programs)});
    }
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
}

/* Takes "--NAME VALUE" as a value of enum d into *out (0 when absent). */
static int radar_enum_option(cli_ctx *ctx, const char *option,
                             const ProtobufCEnumDescriptor *d, int *out)
{
    const char *text = cli_take_option(ctx, option);
    char why[300];
    *out = 0;
    if (text && cli_parse_enum(d, text, out, why, sizeof(why)) != 0)
        return cli_usage_fail(ctx, "%s: %s", option, why);
    return 0;
}

static int radar_list_run(cli_ctx *ctx, cli_rpc *r)
{
    Pmo__V1__ListRadarEntriesRequest in =
        PMO__V1__LIST_RADAR_ENTRIES_REQUEST__INIT;
    const char *program = cli_take_option(ctx, "--program");
    int quadrant, ring;
    int rc = radar_enum_option(ctx, "--quadrant",
                               &pmo__v1__radar_quadrant__descriptor,
                               &quadrant);
    if (rc ||
        (rc = radar_enum_option(ctx, "--ring", &pmo__v1__radar_ring__descriptor,
                                &ring)) != 0 ||
        (rc = cli_no_more_args(ctx, "radar list")) != 0)
        return rc;
    in.quadrant = quadrant;
    in.ring = ring;
    in.program = program ? cli_key_upper(arena_strdup(&r->mem, program)) : "";
    return cli_entity_list(r, &cli_radar_entity, "ListRadarEntries", &in.base,
                           "entries", radar_table_print,
                           "The radar is empty.");
}

/* Writes a's change to cur (then freed) and shows the entry as saved. */
static int radar_write(cli_rpc *r, ProtobufCMessage *cur, const cli_assign *a)
{
    ProtobufCMessage *out = NULL;
    int rc = cli_entity_write(r, &cli_radar_entity, cur, a, NULL, &out);
    protobuf_c_message_free_unpacked(cur, NULL);
    if (rc)
        return rc;
    cli_entity_reply(r, &cli_radar_entity, out);
    return 0;
}

/* "ID RING [--rationale TEXT]": a move is a review, dated today. */
static int radar_move_run(cli_ctx *ctx, cli_rpc *r)
{
    const char *rationale = cli_take_option(ctx, "--rationale");
    char *args[2];
    if (cli_take_args(ctx, 2, 2, args) < 0)
        return 2;
    Pmo__V1__RadarEntry change = PMO__V1__RADAR_ENTRY__INIT;
    cli_assign a;
    cli_assign_init(&a, &radar_assign_spec, &change.base, &r->mem);
    char *words[] = {
        arena_printf(&r->mem, "ring=%s", args[1]),
        arena_printf(&r->mem, "reviewed_on=today"),
        rationale ? arena_printf(&r->mem, "rationale=%s", rationale) : NULL,
    };
    if (cli_assign_words(&a, rationale ? 3 : 2, words) != 0)
        return cli_usage_fail(ctx, "%s", a.err);
    int64_t id;
    ProtobufCMessage *cur = NULL;
    int rc = cli_entity_id(ctx, "ID", args[0], &id);
    if (rc || (rc = cli_entity_get(r, &cli_radar_entity, id, &cur)) != 0)
        return rc;
    return radar_write(r, cur, &a);
}

/* The ids read before the ones given, which the server takes as a set. */
static void radar_ids_merge(arena *mem, const int64_t *old, size_t n_old,
                            int64_t **list, size_t *n)
{
    if (*n == 0)
        return;
    int64_t *both = arena_alloc(mem, (n_old + *n) * sizeof(*both));
    if (n_old)
        memcpy(both, old, n_old * sizeof(*both));
    memcpy(both + n_old, *list, *n * sizeof(*both));
    *list = both;
    *n += n_old;
}

/* Appends what the link options name to the entry's lists, as read. */
static int radar_link_run(cli_ctx *ctx, cli_rpc *r)
{
    Pmo__V1__RadarEntry add = PMO__V1__RADAR_ENTRY__INIT;
    cli_assign a;
    cli_assign_init(&a, &radar_assign_spec, &add.base, &r->mem);
    int rc = cli_entity_options(ctx, &a, radar_link_options,
                                RADAR_N_LINK_OPTIONS);
    if (rc)
        return rc;
    if (a.n_mask == 0)
        return cli_usage_fail(ctx, "give --program, --risk or --decision");
    radar_upper_programs(&add);
    int64_t id;
    ProtobufCMessage *cur = NULL;
    if ((rc = cli_entity_target_args(r, &cli_radar_entity, &id, &cur)) != 0)
        return rc;
    const Pmo__V1__RadarEntry *e = (const Pmo__V1__RadarEntry *)cur;
    for (size_t i = 0; i < e->n_programs; i++)
        cli_assign_append(&a, "programs", e->programs[i]);
    radar_ids_merge(&r->mem, e->risk_ids, e->n_risk_ids, &add.risk_ids,
                    &add.n_risk_ids);
    radar_ids_merge(&r->mem, e->decision_ids, e->n_decision_ids,
                    &add.decision_ids, &add.n_decision_ids);
    return radar_write(r, cur, &a);
}

static void radar_history_print(cli_rpc *r, const cli_list *l)
{
    (void)r;
    cli_table t;
    cli_table_init(&t, 5,
                   (const char *[]){"WHEN", "BY", "FROM", "TO", "RATIONALE"});
    cli_table_shrinkable(&t, 4);
    for (size_t i = 0; i < l->n_items; i++) {
        const Pmo__V1__RadarMove *m = l->items[i];
        char from[32], to[32];
        cli_table_add(
            &t, (const char *[]){
                    m->changed_at, cli_or_dash(m->changed_by),
                    m->old_ring ? radar_label(&pmo__v1__radar_ring__descriptor,
                                              m->old_ring, from, sizeof(from))
                                : "-",
                    radar_label(&pmo__v1__radar_ring__descriptor, m->new_ring,
                                to, sizeof(to)),
                    cli_or_dash(m->rationale)});
    }
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
}

static int radar_history_run(cli_ctx *ctx, cli_rpc *r)
{
    char *arg;
    Pmo__V1__ListRadarEntryHistoryRequest in =
        PMO__V1__LIST_RADAR_ENTRY_HISTORY_REQUEST__INIT;
    if (cli_take_args(ctx, 1, 1, &arg) < 0)
        return 2;
    int rc = cli_entity_id(ctx, "ID", arg, &in.id);
    if (rc)
        return rc;
    return cli_entity_list(r, &cli_radar_entity, "ListRadarEntryHistory",
                           &in.base, "changes", radar_history_print,
                           "No history.");
}

void cli_radar_section(cli_rpc *r, const char *program)
{
    Pmo__V1__ListRadarEntriesRequest in =
        PMO__V1__LIST_RADAR_ENTRIES_REQUEST__INIT;
    in.program = (char *)program;
    Pmo__V1__ListRadarEntriesResponse *out = NULL;
    pmo_result res;
    if (cli_rpc_try(r, RADAR_SVC, "ListRadarEntries", &in.base,
                    (ProtobufCMessage **)&out, &res) != 0)
        return;
    if (out->n_entries > 0) {
        cli_section_print("Technology radar");
        for (size_t i = 0; i < out->n_entries; i++) {
            const Pmo__V1__RadarEntry *e = out->entries[i];
            char q[32], ring[32];
            printf("  %s (%s, %s)\n", e->name,
                   radar_label(&pmo__v1__radar_ring__descriptor, e->ring, ring,
                               sizeof(ring)),
                   radar_label(&pmo__v1__radar_quadrant__descriptor,
                               e->quadrant, q, sizeof(q)));
        }
    }
    protobuf_c_message_free_unpacked(&out->base, NULL);
}

static int radar_add(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, radar_add_run);
}

static int radar_list(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, radar_list_run);
}

static int radar_move(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, radar_move_run);
}

static int radar_link(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, radar_link_run);
}

static int radar_history(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, radar_history_run);
}

const cli_command cli_radar_commands[] = {
    {"radar add",
     "NAME [--quadrant Q] [--ring R] [--rationale TEXT] [--owner USER] "
     "[--reviewed-on DATE] [--program KEY]... [--risk ID]... "
     "[--decision ID]...",
     "put a technology on the radar (quadrant languages, platforms, tools, "
     "techniques; ring adopt, trial, assess, hold)",
     radar_add},
    {"radar list", "[--quadrant Q] [--ring R] [--program KEY]",
     "the radar, or what bears on one program", radar_list},
    {"radar show", "ID", "one entry", cli_entity_show},
    {"radar move", "ID RING [--rationale TEXT]",
     "move an entry to another ring (a review, dated today)", radar_move},
    {"radar link", "ID [--program KEY]... [--risk ID]... [--decision ID]...",
     "link an entry to programs, risks or decisions it affects", radar_link},
    {"radar history", "ID", "every ring an entry has had", radar_history},
    {"radar update", "ID field=value...",
     "change fields (name, quadrant, ring, rationale, owner, ...)",
     cli_entity_update},
    {"radar delete", CLI_ENTITY_DELETE_USAGE, "take an entry off the radar",
     cli_entity_delete},
    {NULL, NULL, NULL, NULL},
};
