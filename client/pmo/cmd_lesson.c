/*
 * client/pmo/cmd_lesson.c - pmo retro and pmo lessons: a program's
 * retrospectives and post-mortems, and the lessons learned that every
 * program shares and searches ("has anyone been hit by a vendor delay
 * before?").
 */
#include "cli.h"
#include "entity.h"
#include "parse.h"
#include "pmo/v1/lesson.pb-c.h"
#include "rpc.h"
#include "show.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define RETRO_SVC  (&pmo__v1__retro_service__descriptor)
#define LESSON_SVC (&pmo__v1__lesson_service__descriptor)

/* -------------------------------------------------------------- retros */

static const char *const retro_settable[] = {
    "title",      "date",        "kind",         "went_well",
    "went_badly", "root_causes", "action_items", NULL,
};

static const cli_assign_alias retro_aliases[] = {
    {"well", "went_well"},         {"badly", "went_badly"},
    {"root_cause", "root_causes"}, {"cause", "root_causes"},
    {"action", "action_items"},    {NULL, NULL},
};

/* "text|owner|due": the last two may be left out. */
static int retro_action_parse(cli_assign *a, const char *value)
{
    Pmo__V1__ActionItem *x = arena_zalloc(a->mem, sizeof(*x));
    pmo__v1__action_item__init(x);
    size_t len = strcspn(value, "|");
    x->text = arena_strndup(a->mem, value, len);
    const char *p = value + len + (value[len] == '|');
    len = strcspn(p, "|");
    x->owner = arena_strndup(a->mem, p, len);
    p += len + (p[len] == '|');
    char due[CLI_DATE_LEN], why[200];
    if (x->text[0] == '\0' || strchr(p, '|') ||
        cli_parse_date(p, true, due, why, sizeof(why)) != 0) {
        snprintf(a->err, sizeof(a->err),
                 "action: not \"text|owner|YYYY-MM-DD\": '%s'", value);
        return -1;
    }
    x->due = arena_strdup(a->mem, due);
    cli_assign_append(a, "action_items", x);
    return 1;
}

/*
 * action= hands out one more action item; the ones the retro has stay,
 * and change as actions (pmo action update ID, pmo action done ID).
 */
static int retro_assign_hook(cli_assign *a, const char *name, const char *value)
{
    if (strcmp(name, "action_items") != 0)
        return 0;
    if (cli_assign_mask_add(a, name))
        ((Pmo__V1__Retro *)a->msg)->n_action_items = 0;
    return retro_action_parse(a, value);
}

static const cli_assign_spec retro_assign_spec = {
    .desc = &pmo__v1__retro__descriptor,
    .fields = retro_settable,
    .aliases = retro_aliases,
    .hook = retro_assign_hook,
};

static void retro_actions_print(const Pmo__V1__Retro *x)
{
    cli_section_print("Action items");
    if (x->n_action_items == 0) {
        printf("  (none)\n");
        return;
    }
    cli_table t;
    cli_table_init(&t, 5,
                   (const char *[]){"ID", "STATE", "ACTION", "OWNER", "DUE"});
    cli_table_shrinkable(&t, 2);
    for (size_t i = 0; i < x->n_action_items; i++) {
        const Pmo__V1__ActionItem *a = x->action_items[i];
        char id[24], state[40];
        cli_enum_label(&pmo__v1__action_status__descriptor, a->status, state,
                       sizeof(state));
        if (a->overdue)
            strncat(state, " (overdue)", sizeof(state) - strlen(state) - 1);
        size_t row = cli_table_add(
            &t, (const char *[]){
                    cli_entity_idtext(a->action_id, id, sizeof(id)), state,
                    a->text, cli_or_dash(a->owner), cli_or_dash(a->due)});
        if (a->overdue)
            cli_table_color(&t, row, 1, CLI_COLOR_RED);
    }
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
}

static void retro_print(cli_rpc *r, const ProtobufCMessage *m)
{
    (void)r;
    const Pmo__V1__Retro *x = (const Pmo__V1__Retro *)m;
    cli_table t;
    cli_record_init(&t);
    cli_record_add_int(&t, "id", x->id);
    cli_record_add(&t, "program", x->program);
    cli_record_add(&t, "title", x->title);
    cli_record_add(&t, "date", x->date);
    cli_record_add_enum(&t, "kind", &pmo__v1__retro_kind__descriptor, x->kind,
                        CLI_COLOR_NONE);
    cli_record_add_opt(&t, "by", x->created_by);
    cli_record_add_int(&t, "version", x->version);
    cli_record_print(&t);
    const char *texts[][2] = {{"Went well", x->went_well},
                              {"Went badly", x->went_badly}};
    for (size_t i = 0; i < 2; i++) {
        cli_section_print(texts[i][0]);
        cli_text_print("  ", texts[i][1][0] ? texts[i][1] : "-");
    }
    cli_section_print("Root causes");
    cli_bullets_print(x->root_causes, x->n_root_causes);
    retro_actions_print(x);
    cli_section_print("Lessons");
    if (x->n_lessons == 0)
        printf("  (none)\n");
    for (size_t i = 0; i < x->n_lessons; i++)
        printf("  %" PRId64 "  %s\n", x->lessons[i]->id, x->lessons[i]->title);
}

const cli_entity cli_retro_entity = {
    .group = "retro",
    .name = "retro",
    .type = "Retro",
    .label = "title",
    .svc = RETRO_SVC,
    .spec = &retro_assign_spec,
    .print = retro_print,
};

static const cli_entity_option retro_add_options[] = {
    {"--title", "title"},
    {"--date", "date"},
    {"--kind", "kind"},
    {"--went-well", "went_well"},
    {"--went-badly", "went_badly"},
    {"--root-cause", "root_causes"},
    {"--action", "action_items"},
};

static const char *const retro_required[] = {"title", "date", NULL};

static int retro_add_run(cli_ctx *ctx, cli_rpc *r)
{
    Pmo__V1__Retro x = PMO__V1__RETRO__INIT;
    cli_assign a;
    char *program;
    int rc = cli_entity_add_args(
        r, &a, &retro_assign_spec, &x.base, retro_add_options,
        sizeof(retro_add_options) / sizeof(retro_add_options[0]),
        retro_required, &program);
    if (rc)
        return rc;
    x.program = program;
    Pmo__V1__CreateRetroRequest in = PMO__V1__CREATE_RETRO_REQUEST__INIT;
    in.retro = &x;
    return cli_entity_create(r, &cli_retro_entity, &in.base);
}

static void retro_table_print(cli_rpc *r, const cli_list *l)
{
    (void)r;
    cli_table t;
    cli_table_init(&t, 5,
                   (const char *[]){"ID", "DATE", "KIND", "TITLE", "BY"});
    cli_table_shrinkable(&t, 3);
    for (size_t i = 0; i < l->n_items; i++) {
        const Pmo__V1__Retro *x = l->items[i];
        char id[24], kind[32];
        cli_table_add(&t, (const char *[]){
                              cli_entity_idtext(x->id, id, sizeof(id)), x->date,
                              cli_enum_label(&pmo__v1__retro_kind__descriptor,
                                             x->kind, kind, sizeof(kind)),
                              x->title, cli_or_dash(x->created_by)});
    }
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
}

static int retro_list_run(cli_ctx *ctx, cli_rpc *r)
{
    Pmo__V1__ListRetrosRequest in = PMO__V1__LIST_RETROS_REQUEST__INIT;
    const char *kind = cli_take_option(ctx, "--kind");
    char why[300], *program;
    int value = 0;
    if (kind && cli_parse_enum(&pmo__v1__retro_kind__descriptor, kind, &value,
                               why, sizeof(why)) != 0)
        return cli_usage_fail(ctx, "--kind: %s", why);
    if (cli_take_args(ctx, 1, 1, &program) < 0)
        return 2;
    in.program = cli_key_upper(program);
    in.kind = value;
    return cli_entity_list(r, &cli_retro_entity, "ListRetros", &in.base,
                           "retros", retro_table_print, "No retrospectives.");
}

/* ------------------------------------------------------------- lessons */

static const char *const lesson_settable[] = {
    "title", "body", "tags", "retro_id", NULL,
};

static const cli_assign_alias lesson_aliases[] = {
    {"tag", "tags"},
    {"retro", "retro_id"},
    {NULL, NULL},
};

static const char *const lesson_comma_lists[] = {"tags", NULL};

static const cli_assign_spec lesson_assign_spec = {
    .desc = &pmo__v1__lesson__descriptor,
    .fields = lesson_settable,
    .aliases = lesson_aliases,
    .comma_lists = lesson_comma_lists,
};

static void lesson_print(cli_rpc *r, const ProtobufCMessage *m)
{
    const Pmo__V1__Lesson *x = (const Pmo__V1__Lesson *)m;
    cli_table t;
    cli_record_init(&t);
    cli_record_add_int(&t, "id", x->id);
    cli_record_add(&t, "program", x->program);
    cli_record_add(&t, "title", x->title);
    cli_record_add(&t, "tags", cli_entity_join(&r->mem, x->tags, x->n_tags));
    if (x->retro_id)
        cli_record_add_int(&t, "retro", x->retro_id);
    cli_record_add_opt(&t, "by", x->created_by);
    cli_record_add_time(&t, "created", x->created_at_ms);
    cli_record_add_int(&t, "version", x->version);
    cli_record_print(&t);
    cli_entity_text("Lesson", x->body);
}

const cli_entity cli_lesson_entity = {
    .group = "lessons",
    .name = "lesson",
    .type = "Lesson",
    .label = "title",
    .svc = LESSON_SVC,
    .spec = &lesson_assign_spec,
    .print = lesson_print,
};

static const cli_entity_option lesson_add_options[] = {
    {"--title", "title"},
    {"--body", "body"},
    {"--tag", "tags"},
    /* "--tags a,b": tags is split on commas, like --tag a --tag b. */
    {"--tags", "tags"},
    {"--retro", "retro_id"},
};

static const char *const lesson_required[] = {"title", NULL};

static int lesson_add_run(cli_ctx *ctx, cli_rpc *r)
{
    Pmo__V1__Lesson x = PMO__V1__LESSON__INIT;
    cli_assign a;
    char *program;
    int rc = cli_entity_add_args(
        r, &a, &lesson_assign_spec, &x.base, lesson_add_options,
        sizeof(lesson_add_options) / sizeof(lesson_add_options[0]),
        lesson_required, &program);
    if (rc)
        return rc;
    x.program = program;
    Pmo__V1__CreateLessonRequest in = PMO__V1__CREATE_LESSON_REQUEST__INIT;
    in.lesson = &x;
    return cli_entity_create(r, &cli_lesson_entity, &in.base);
}

static void lesson_table_print(cli_rpc *r, const cli_list *l)
{
    cli_table t;
    cli_table_init(&t, 5,
                   (const char *[]){"ID", "RANK", "PROGRAM", "TITLE", "TAGS"});
    cli_table_shrinkable(&t, 3);
    cli_table_shrinkable(&t, 4);
    for (size_t i = 0; i < l->n_items; i++) {
        const Pmo__V1__Lesson *x = l->items[i];
        char id[24], rank[32];
        snprintf(rank, sizeof(rank), "%.3f", x->rank);
        cli_table_add(
            &t, (const char *[]){cli_entity_idtext(x->id, id, sizeof(id)), rank,
                                 x->program, x->title,
                                 cli_entity_join(&r->mem, x->tags, x->n_tags)});
    }
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
}

static int lesson_search_run(cli_ctx *ctx, cli_rpc *r)
{
    Pmo__V1__SearchLessonsRequest in = PMO__V1__SEARCH_LESSONS_REQUEST__INIT;
    const char *tag = cli_take_option(ctx, "--tag");
    const char *program = cli_take_option(ctx, "--program");
    char **words =
        arena_alloc(&r->mem, (size_t)(ctx->argc + 1) * sizeof(char *));
    int n = cli_take_args(ctx, 0, -1, words);
    if (n < 0)
        return 2;
    /* Several words are one query, as a search box takes them. */
    char *query = "";
    for (int i = 0; i < n; i++)
        query = arena_printf(&r->mem, "%s%s%s", query, i ? " " : "", words[i]);
    in.query = query;
    in.tag = (char *)(tag ? tag : "");
    in.program = program ? cli_key_upper(arena_strdup(&r->mem, program)) : "";
    return cli_entity_list(r, &cli_lesson_entity, "SearchLessons", &in.base,
                           "lessons", lesson_table_print, "No lessons match.");
}

/* -------------------------------------------------------------- table */

static int retro_add(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, retro_add_run);
}

static int retro_list(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, retro_list_run);
}

static int lesson_add(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, lesson_add_run);
}

static int lesson_search(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, lesson_search_run);
}

const cli_command cli_retro_commands[] = {
    {"retro add",
     "PROGRAM --title T --date DATE [--kind retrospective|post-mortem] "
     "[--went-well W] [--went-badly B] [--root-cause C]... "
     "[--action \"text|owner|due\"]...",
     "record a retrospective or post-mortem", retro_add},
    {"retro list", "PROGRAM [--kind K]", "a program's retrospectives",
     retro_list},
    {"retro show", CLI_ENTITY_SHOW_USAGE,
     "one retrospective with its actions and lessons", cli_entity_show},
    {"retro update", CLI_ENTITY_UPDATE_USAGE,
     "change fields (title, date, well, badly, cause, ...); "
     "action=\"text|owner|due\" hands out one more action",
     cli_entity_update},
    {NULL, NULL, NULL, NULL},
};

const cli_command cli_lesson_commands[] = {
    {"lessons add",
     "PROGRAM --title T [--body B] [--tag T]... [--tags T,T] [--retro ID]",
     "add a lesson learned to the shared library", lesson_add},
    {"lessons search", "[WORDS...] [--tag T] [--program KEY]",
     "lessons from every program, best match first (\"quoted phrase\", "
     "-word)",
     lesson_search},
    {"lessons show", "ID", "one lesson", cli_entity_show},
    {"lessons update", CLI_ENTITY_UPDATE_USAGE,
     "change fields (title, body, tags, retro)", cli_entity_update},
    {NULL, NULL, NULL, NULL},
};
