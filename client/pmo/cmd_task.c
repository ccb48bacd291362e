/*
 * client/pmo/cmd_task.c - pmo task: the work items of a program (add,
 * list, show, set, delete) and the moves people make most (start, done,
 * block).
 */
#include "assign.h"
#include "cli.h"
#include "common/money.h"
#include "parse.h"
#include "pmo/v1/work.pb-c.h"
#include "rpc.h"
#include "show.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define WORK_SVC (&pmo__v1__work_service__descriptor)

static const char *const task_settable[] = {
    "title",
    "description",
    "assignee",
    "kind",
    "parent",
    "project",
    "optimistic_days",
    "likely_days",
    "pessimistic_days",
    "planned_start",
    "planned_finish",
    "deadline",
    "actual_start",
    "actual_finish",
    "percent_complete",
    "state",
    "blocked_reason",
    "planned_cost",
    "tags",
    NULL,
};

static const cli_assign_alias task_aliases[] = {
    {"start", "planned_start"},
    {"finish", "planned_finish"},
    {"percent", "percent_complete"},
    {"reason", "blocked_reason"},
    {"cost", "planned_cost"},
    {"optimistic", "optimistic_days"},
    {"likely", "likely_days"},
    {"pessimistic", "pessimistic_days"},
    {"tag", "tags"},
    {NULL, NULL},
};

static const char *const task_comma_lists[] = {"tags", NULL};

/* estimate=2/3/5 (or =3) sets the three estimate fields at once. */
static int task_assign_hook(cli_assign *a, const char *name, const char *value)
{
    if (strcmp(name, "estimate") != 0)
        return 0;
    Pmo__V1__WorkItem *w = (Pmo__V1__WorkItem *)a->msg;
    double days[3];
    char why[200];
    if (cli_parse_estimate(value, days, why, sizeof(why)) != 0) {
        snprintf(a->err, sizeof(a->err), "estimate: %s", why);
        return -1;
    }
    w->optimistic_days = days[0];
    w->likely_days = days[1];
    w->pessimistic_days = days[2];
    cli_assign_mask_add(a, "optimistic_days");
    cli_assign_mask_add(a, "likely_days");
    cli_assign_mask_add(a, "pessimistic_days");
    return 1;
}

static const cli_assign_spec task_assign_spec = {
    .desc = &pmo__v1__work_item__descriptor,
    .fields = task_settable,
    .aliases = task_aliases,
    .comma_lists = task_comma_lists,
    .noted_lists = task_comma_lists,
    .hook = task_assign_hook,
};

static const char *task_state_text(const Pmo__V1__WorkItem *w, char *out,
                                   size_t len)
{
    char state[32];
    cli_enum_label(&pmo__v1__work_state__descriptor, w->state, state,
                   sizeof(state));
    if (w->percent_complete > 0 && w->percent_complete < 100)
        snprintf(out, len, "%s %u%%", state, w->percent_complete);
    else
        snprintf(out, len, "%s", state);
    return out;
}

static const char *task_estimate_text(const Pmo__V1__WorkItem *w, char *out,
                                      size_t len)
{
    char o[24], l[24], p[24];
    if (w->optimistic_days == 0 && w->likely_days == 0 &&
        w->pessimistic_days == 0)
        snprintf(out, len, "-");
    else
        snprintf(out, len, "%s / %s / %s working days",
                 cli_number_format(w->optimistic_days, o, sizeof(o)),
                 cli_number_format(w->likely_days, l, sizeof(l)),
                 cli_number_format(w->pessimistic_days, p, sizeof(p)));
    return out;
}

static char *task_tags_text(arena *mem, const Pmo__V1__WorkItem *w)
{
    char *out = "";
    for (size_t i = 0; i < w->n_tags; i++)
        out = arena_printf(mem, "%s%s%s", out, i ? ", " : "", w->tags[i]);
    return out;
}

static void task_print(arena *mem, const Pmo__V1__WorkItem *w)
{
    char text[128], kind[32];
    cli_table t;
    cli_record_init(&t);
    cli_record_add(&t, "ref", w->ref);
    cli_record_add(&t, "title", w->title);
    cli_record_add(&t, "project", w->project);
    cli_record_add_opt(&t, "parent", w->parent);
    cli_record_add_opt(&t, "kind",
                       cli_enum_label(&pmo__v1__work_item_kind__descriptor,
                                      w->kind, kind, sizeof(kind)));
    cli_record_add(&t, "state", task_state_text(w, text, sizeof(text)));
    cli_table_color(&t, t.n_rows - 1, 1, cli_state_color(w->state));
    if (w->state == PMO__V1__WORK_STATE__STATE_BLOCKED || w->blocked_reason[0])
        cli_record_add_opt(&t, "blocked by", w->blocked_reason);
    cli_record_add_opt(&t, "assignee", w->assignee);
    cli_record_add(&t, "estimate", task_estimate_text(w, text, sizeof(text)));
    cli_record_add_opt(&t, "planned",
                       cli_dates_format(w->planned_start, w->planned_finish,
                                        text, sizeof(text)));
    cli_record_add_opt(&t, "deadline", w->deadline);
    cli_record_add_opt(&t, "actual",
                       cli_dates_format(w->actual_start, w->actual_finish, text,
                                        sizeof(text)));
    snprintf(text, sizeof(text), "%u%%", w->percent_complete);
    cli_record_add(&t, "complete", text);
    cli_record_add(&t, "planned cost",
                   money_format_code(w->planned_cost_minor, w->currency, text,
                                     sizeof(text)));
    cli_record_add_opt(&t, "tags", task_tags_text(mem, w));
    cli_record_add_int(&t, "version", w->version);
    cli_record_add_time(&t, "created", w->created_at_ms);
    cli_record_add_time(&t, "updated", w->updated_at_ms);
    cli_record_print(&t);
    if (w->description[0]) {
        cli_section_print("Description");
        cli_text_print("  ", w->description);
    }
}

static int task_get(cli_rpc *r, char *ref, Pmo__V1__WorkItem **out)
{
    Pmo__V1__GetWorkItemRequest in = PMO__V1__GET_WORK_ITEM_REQUEST__INIT;
    in.ref = cli_key_upper(ref);
    return cli_rpc_call(r, WORK_SVC, "GetWorkItem", &in.base,
                        (ProtobufCMessage **)out);
}

/*
 * Writes change (fields in mask) to the item read as cur, against the
 * version read: a change made in between is reported, not overwritten.
 */
static int task_update(cli_rpc *r, const Pmo__V1__WorkItem *cur,
                       Pmo__V1__WorkItem *change, char **mask, size_t n_mask,
                       Pmo__V1__WorkItem **out)
{
    Pmo__V1__UpdateWorkItemRequest in = PMO__V1__UPDATE_WORK_ITEM_REQUEST__INIT;
    in.ref = cur->ref;
    in.item = change;
    in.update_mask = mask;
    in.n_update_mask = n_mask;
    in.expected_version = cur->version;
    r->subject = arena_printf(&r->mem, "%s", cur->ref);
    return cli_rpc_call(r, WORK_SVC, "UpdateWorkItem", &in.base,
                        (ProtobufCMessage **)out);
}

/* Options of task add that are not plain strings. */
typedef struct task_add_opts {
    char start[CLI_DATE_LEN];
    char finish[CLI_DATE_LEN];
    char deadline[CLI_DATE_LEN];
} task_add_opts;

static int task_add_numbers(cli_ctx *ctx, Pmo__V1__WorkItem *w,
                            task_add_opts *o)
{
    const char *kind = cli_take_option(ctx, "--kind");
    const char *est = cli_take_option(ctx, "--estimate");
    const char *start = cli_take_option(ctx, "--start");
    const char *finish = cli_take_option(ctx, "--finish");
    const char *deadline = cli_take_option(ctx, "--deadline");
    const char *cost = cli_take_option(ctx, "--cost");
    char why[300];
    int v = 0;
    double days[3];
    if (kind && cli_parse_enum(&pmo__v1__work_item_kind__descriptor, kind, &v,
                               why, sizeof(why)) != 0)
        return cli_usage_fail(ctx, "--kind: %s", why);
    w->kind = v;
    if (est && cli_parse_estimate(est, days, why, sizeof(why)) != 0)
        return cli_usage_fail(ctx, "--estimate: %s", why);
    if (est) {
        w->optimistic_days = days[0];
        w->likely_days = days[1];
        w->pessimistic_days = days[2];
    }
    if (start && cli_parse_date(start, false, o->start, why, sizeof(why)))
        return cli_usage_fail(ctx, "--start: %s", why);
    if (finish && cli_parse_date(finish, false, o->finish, why, sizeof(why)))
        return cli_usage_fail(ctx, "--finish: %s", why);
    if (deadline &&
        cli_parse_date(deadline, false, o->deadline, why, sizeof(why)))
        return cli_usage_fail(ctx, "--deadline: %s", why);
    w->planned_start = start ? o->start : "";
    w->planned_finish = finish ? o->finish : "";
    w->deadline = deadline ? o->deadline : "";
    if (cost && cli_parse_number(cost, 0, &w->planned_cost, why, sizeof(why)))
        return cli_usage_fail(ctx, "--cost: %s", why);
    return 0;
}

static void task_add_tags(cli_ctx *ctx, cli_rpc *r, Pmo__V1__WorkItem *w)
{
    const char *tag;
    while ((tag = cli_take_repeated(ctx, "--tag")) != NULL) {
        char **grown = arena_alloc(&r->mem, (w->n_tags + 1) * sizeof(char *));
        if (w->n_tags)
            memcpy(grown, w->tags, w->n_tags * sizeof(char *));
        grown[w->n_tags++] = (char *)tag;
        w->tags = grown;
    }
}

static int task_add_run(cli_ctx *ctx, cli_rpc *r)
{
    Pmo__V1__WorkItem w = PMO__V1__WORK_ITEM__INIT;
    task_add_opts o;
    const char *project = cli_take_option(ctx, "--project");
    const char *title = cli_take_option(ctx, "--title");
    const char *parent = cli_take_option(ctx, "--parent");
    const char *assignee = cli_take_option(ctx, "--assignee");
    const char *desc = cli_take_option(ctx, "--description");
    char *program;
    task_add_tags(ctx, r, &w);
    int rc = task_add_numbers(ctx, &w, &o);
    if (rc)
        return rc;
    if (cli_take_args(ctx, 1, 1, &program) < 0)
        return 2;
    if (project == NULL || title == NULL)
        return cli_usage_fail(ctx, "--project and --title are required");
    w.program = cli_key_upper(program);
    w.project = (char *)project;
    w.title = (char *)title;
    w.parent = parent ? cli_key_upper(arena_strdup(&r->mem, parent)) : "";
    w.assignee = (char *)(assignee ? assignee : "");
    w.description = (char *)(desc ? desc : "");
    Pmo__V1__CreateWorkItemRequest in = PMO__V1__CREATE_WORK_ITEM_REQUEST__INIT;
    in.item = &w;
    Pmo__V1__WorkItem *out = NULL;
    rc = cli_rpc_call(r, WORK_SVC, "CreateWorkItem", &in.base,
                      (ProtobufCMessage **)&out);
    if (rc)
        return rc;
    /* The ref alone, so that REF=$(pmo task add ...) works. */
    if (ctx->json)
        cli_print_json(&out->base);
    else
        printf("%s\n", out->ref);
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

static void task_table_print(const cli_list *l)
{
    cli_table t;
    cli_table_init(&t, 7,
                   (const char *[]){"REF", "PROJECT", "TITLE", "STATE",
                                    "ASSIGNEE", "START", "FINISH"});
    cli_table_shrinkable(&t, 2);
    for (size_t i = 0; i < l->n_items; i++) {
        const Pmo__V1__WorkItem *w = l->items[i];
        char title[512], state[48];
        size_t row = cli_table_add(
            &t, (const char *[]){
                    w->ref, w->project,
                    cli_item_label(w->title, w->kind, title, sizeof(title)),
                    task_state_text(w, state, sizeof(state)),
                    cli_or_dash(w->assignee), cli_or_dash(w->planned_start),
                    cli_or_dash(w->planned_finish)});
        cli_table_color(&t, row, 3, cli_state_color(w->state));
    }
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
}

static int task_list_filters(cli_ctx *ctx, cli_rpc *r,
                             Pmo__V1__ListWorkItemsRequest *in)
{
    const char *project = cli_take_option(ctx, "--project");
    const char *assignee = cli_take_option(ctx, "--assignee");
    const char *state = cli_take_option(ctx, "--state");
    const char *tag = cli_take_option(ctx, "--tag");
    bool mine = cli_take_switch(ctx, "--mine");
    char why[300];
    int v = 0;
    if (mine && assignee)
        return cli_usage_fail(ctx, "--mine and --assignee exclude each other");
    if (mine && (assignee = cli_rpc_user(r)) == NULL)
        return cli_usage_fail(ctx, "--mine needs a login (run pmo login)");
    if (state && cli_parse_enum(&pmo__v1__work_state__descriptor, state, &v,
                                why, sizeof(why)) != 0)
        return cli_usage_fail(ctx, "--state: %s", why);
    in->project = (char *)(project ? project : "");
    in->assignee = (char *)(assignee ? assignee : "");
    in->state = v;
    in->tag = (char *)(tag ? tag : "");
    return 0;
}

static int task_list_run(cli_ctx *ctx, cli_rpc *r)
{
    Pmo__V1__ListWorkItemsRequest in = PMO__V1__LIST_WORK_ITEMS_REQUEST__INIT;
    char *program = NULL;
    int rc = task_list_filters(ctx, r, &in);
    if (rc)
        return rc;
    if (cli_take_args(ctx, 0, 1, &program) < 0)
        return 2;
    /* Without a program, the server lists one person's items across all. */
    if (program == NULL && in.assignee[0] == '\0')
        return cli_usage_fail(ctx, "give a PROGRAM, or --mine or --assignee "
                                   "U for one person's work across programs");
    in.program = program ? cli_key_upper(program) : "";
    cli_list l;
    rc = cli_rpc_list_all(r, WORK_SVC, "ListWorkItems", &in.base, "items", &l);
    if (rc)
        return rc;
    if (ctx->json)
        cli_list_json(&l);
    else if (l.n_items == 0)
        printf("No work items.\n");
    else
        task_table_print(&l);
    cli_list_fini(&l);
    return 0;
}

static int task_show_run(cli_ctx *ctx, cli_rpc *r)
{
    char *ref;
    if (cli_take_args(ctx, 1, 1, &ref) < 0)
        return 2;
    Pmo__V1__WorkItem *w = NULL;
    int rc = task_get(r, ref, &w);
    if (rc)
        return rc;
    if (ctx->json)
        cli_print_json(&w->base);
    else
        task_print(&r->mem, w);
    protobuf_c_message_free_unpacked(&w->base, NULL);
    return 0;
}

/*
 * The server lets an item finish while what it waits on is still open
 * (plans are late, work is not): after a change that finished after, says
 * which predecessors are open, on stderr. The change stands whatever the
 * listing does (a failed one is reported like any call).
 */
static void task_open_predecessors_note(cli_rpc *r,
                                        const Pmo__V1__WorkItem *before,
                                        const Pmo__V1__WorkItem *after)
{
    if (after->state != PMO__V1__WORK_STATE__STATE_DONE ||
        before->state == PMO__V1__WORK_STATE__STATE_DONE)
        return;
    Pmo__V1__ListDependenciesRequest in =
        PMO__V1__LIST_DEPENDENCIES_REQUEST__INIT;
    in.item = after->ref;
    cli_list l;
    if (cli_rpc_list_all(r, WORK_SVC, "ListDependencies", &in.base,
                         "dependencies", &l) != 0)
        return;
    char *open = "";
    for (size_t i = 0; i < l.n_items; i++) {
        const Pmo__V1__Dependency *d = l.items[i];
        if (strcmp(d->successor, after->ref) != 0 ||
            d->predecessor_state == PMO__V1__WORK_STATE__STATE_DONE)
            continue;
        char state[32];
        cli_enum_label(&pmo__v1__work_state__descriptor, d->predecessor_state,
                       state, sizeof(state));
        open = arena_printf(&r->mem, "%s%s%s (%s)", open, open[0] ? ", " : "",
                            d->predecessor, state);
    }
    cli_list_fini(&l);
    if (open[0])
        fprintf(stderr, "%s: note: %s is done, but what it waits on is not: "
                "%s\n", r->prog, after->ref, open);
}

static int task_set_run(cli_ctx *ctx, cli_rpc *r)
{
    char **args =
        arena_alloc(&r->mem, (size_t)(ctx->argc + 1) * sizeof(char *));
    int n = cli_take_args(ctx, 2, -1, args);
    if (n < 0)
        return 2;
    Pmo__V1__WorkItem change = PMO__V1__WORK_ITEM__INIT;
    cli_assign a;
    cli_assign_init(&a, &task_assign_spec, &change.base, &r->mem);
    if (cli_assign_words(&a, n - 1, args + 1) != 0)
        return cli_usage_fail(ctx, "%s", a.err);
    if (change.parent[0])
        cli_key_upper(change.parent);
    Pmo__V1__WorkItem *cur = NULL, *out = NULL;
    int rc = task_get(r, args[0], &cur);
    if (rc)
        return rc;
    rc = cli_assign_merge_args(ctx, &a, &cur->base);
    if (rc == 0)
        rc = task_update(r, cur, &change, a.mask, a.n_mask, &out);
    if (rc == 0) {
        cli_assign_note_print(&a, r->prog);
        task_open_predecessors_note(r, cur, out);
    }
    protobuf_c_message_free_unpacked(&cur->base, NULL);
    if (rc)
        return rc;
    if (ctx->json)
        cli_print_json(&out->base);
    else
        task_print(&r->mem, out);
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

/*
 * Today by the server's clock (UTC), which refuses actual dates after its
 * today: a local date east of Greenwich may already be tomorrow there.
 */
static char *task_today_utc(char out[CLI_DATE_LEN])
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(out, CLI_DATE_LEN, "%Y-%m-%d", &tm);
    return out;
}

/* A state change: the fields it sets depend on what the item has. */
typedef enum task_move {
    TASK_MOVE_START,
    TASK_MOVE_DONE,
    TASK_MOVE_BLOCK,
} task_move;

/*
 * date is the day --date gave, or "" for none: then a start is dated
 * today unless it has a date already, and the server dates a finish.
 */
static size_t task_move_build(task_move move, const Pmo__V1__WorkItem *cur,
                              const char *reason, char *date,
                              Pmo__V1__WorkItem *change, char **mask)
{
    size_t n = 0;
    mask[n++] = "state";
    if (move == TASK_MOVE_START) {
        change->state = PMO__V1__WORK_STATE__STATE_IN_PROGRESS;
        if (date[0] || cur->actual_start[0] == '\0') {
            change->actual_start = date[0] ? date : task_today_utc(date);
            mask[n++] = "actual_start";
        }
    } else if (move == TASK_MOVE_DONE) {
        /* The server makes it 100 % and dates the finish by its clock. */
        change->state = PMO__V1__WORK_STATE__STATE_DONE;
        if (date[0]) {
            change->actual_finish = date;
            mask[n++] = "actual_finish";
        }
    } else {
        change->state = PMO__V1__WORK_STATE__STATE_BLOCKED;
        change->blocked_reason = (char *)reason;
        mask[n++] = "blocked_reason";
    }
    return n;
}

static void task_move_print(task_move move, const Pmo__V1__WorkItem *w)
{
    if (move == TASK_MOVE_START)
        printf("%s is in progress (started %s).\n", w->ref,
               cli_or_dash(w->actual_start));
    else if (move == TASK_MOVE_DONE)
        printf("%s is done (finished %s).\n", w->ref,
               cli_or_dash(w->actual_finish));
    else
        printf("%s is blocked: %s\n", w->ref, w->blocked_reason);
}

static int task_move_run(cli_ctx *ctx, cli_rpc *r, task_move move)
{
    const char *reason =
        move == TASK_MOVE_BLOCK ? cli_take_option(ctx, "--reason") : NULL;
    const char *when =
        move == TASK_MOVE_BLOCK ? NULL : cli_take_option(ctx, "--date");
    char *ref, date[CLI_DATE_LEN] = "", why[200];
    if (cli_take_args(ctx, 1, 1, &ref) < 0)
        return 2;
    if (move == TASK_MOVE_BLOCK && (reason == NULL || reason[0] == '\0'))
        return cli_usage_fail(ctx, "--reason is required");
    if (when && cli_parse_date(when, false, date, why, sizeof(why)) != 0)
        return cli_usage_fail(ctx, "--date: %s", why);
    Pmo__V1__WorkItem *cur = NULL, *out = NULL;
    int rc = task_get(r, ref, &cur);
    if (rc)
        return rc;
    Pmo__V1__WorkItem change = PMO__V1__WORK_ITEM__INIT;
    char *mask[4];
    size_t n = task_move_build(move, cur, reason, date, &change, mask);
    rc = task_update(r, cur, &change, mask, n, &out);
    if (rc == 0)
        task_open_predecessors_note(r, cur, out);
    protobuf_c_message_free_unpacked(&cur->base, NULL);
    if (rc)
        return rc;
    if (ctx->json)
        cli_print_json(&out->base);
    else
        task_move_print(move, out);
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

static int task_start_run(cli_ctx *ctx, cli_rpc *r)
{
    return task_move_run(ctx, r, TASK_MOVE_START);
}

static int task_done_run(cli_ctx *ctx, cli_rpc *r)
{
    return task_move_run(ctx, r, TASK_MOVE_DONE);
}

static int task_block_run(cli_ctx *ctx, cli_rpc *r)
{
    return task_move_run(ctx, r, TASK_MOVE_BLOCK);
}

static int task_delete_run(cli_ctx *ctx, cli_rpc *r)
{
    char *ref;
    if (cli_take_args(ctx, 1, 1, &ref) < 0)
        return 2;
    Pmo__V1__WorkItem *cur = NULL;
    int rc = task_get(r, ref, &cur);
    if (rc)
        return rc;
    Pmo__V1__DeleteWorkItemRequest in = PMO__V1__DELETE_WORK_ITEM_REQUEST__INIT;
    in.ref = ref;
    in.expected_version = cur->version;
    protobuf_c_message_free_unpacked(&cur->base, NULL);
    r->subject = ref;
    ProtobufCMessage *out = NULL;
    rc = cli_rpc_call(r, WORK_SVC, "DeleteWorkItem", &in.base, &out);
    if (rc)
        return rc;
    if (ctx->json)
        cli_print_json(out);
    else
        printf("Deleted %s.\n", ref);
    protobuf_c_message_free_unpacked(out, NULL);
    return 0;
}

static int task_add(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, task_add_run);
}

static int task_list(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, task_list_run);
}

static int task_show(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, task_show_run);
}

static int task_set(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, task_set_run);
}

static int task_start(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, task_start_run);
}

static int task_done(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, task_done_run);
}

static int task_block(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, task_block_run);
}

static int task_delete(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, task_delete_run);
}

const cli_command cli_task_commands[] = {
    {"task add",
     "PROGRAM --project P --title T [--kind task|milestone|summary|"
     "deliverable] [--parent REF] [--assignee U] [--estimate O/M/P] "
     "[--start D] [--finish D] [--deadline D] [--cost N] [--tag X]... "
     "[--description D]",
     "add a work item; prints its ref", task_add},
    {"task list",
     "[PROGRAM] [--project P] [--assignee U|--mine] [--state S] [--tag X]",
     "list work items (without PROGRAM: one person's, in every program)",
     task_list},
    {"task show", "REF", "one work item", task_show},
    {"task set", "REF field=value...",
     "change fields (title, state, assignee, estimate=2/3/5, start, "
     "deadline, ...; tag+=X, tag-=X)",
     task_set},
    {"task start", "REF [--date D]",
     "mark in progress, started on D (default: today if unset)", task_start},
    {"task done", "REF [--date D]",
     "mark done, 100%, finished on D (default: today if unset)", task_done},
    {"task block", "REF --reason R", "mark blocked, and say why", task_block},
    {"task delete", "REF", "delete a work item", task_delete},
    {NULL, NULL, NULL, NULL},
};
