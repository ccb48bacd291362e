/*
 * client/pmo/cmd_status.c - pmo status and pmo portfolio: weekly status
 * reports of a program for leadership (StatusService), from the draft
 * pmo fills in from the plan to the published report, and one line per
 * program across the portfolio.
 */
#include "cli.h"
#include "parse.h"
#include "pmo/v1/status.pb-c.h"
#include "rpc.h"
#include "table.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STATUS_SVC (&pmo__v1__status_service__descriptor)

static const char *const status_dims[] = {"overall", "schedule", "budget",
                                          "scope",   "risk",     "resources"};
#define STATUS_N_DIMS (sizeof status_dims / sizeof *status_dims)

static Pmo__V1__StatusRag *status_dim_of(const Pmo__V1__StatusReport *r,
                                         size_t i)
{
    Pmo__V1__StatusRag *const dims[] = {r->overall, r->schedule, r->budget,
                                        r->scope,   r->risk,     r->resources};
    return dims[i];
}

static const char *status_rag_text(Pmo__V1__Rag rag)
{
    static const char *const names[] = {"-", "green", "amber", "red"};
    return (unsigned)rag < 4 ? names[rag] : "-";
}

static const char *status_state_text(Pmo__V1__StatusState s)
{
    static const char *const names[] = {"-", "draft", "in review", "approved",
                                        "published"};
    return (unsigned)s < 5 ? names[s] : "-";
}

/* ------------------------------------------------------------- printing */

static void status_print_list(const char *title, char *const *items, size_t n)
{
    printf("\n%s:\n", title);
    if (n == 0)
        printf("  (none)\n");
    for (size_t i = 0; i < n; i++)
        printf("  - %s\n", items[i]);
}

static void status_print_metrics(const Pmo__V1__StatusMetrics *m)
{
    if (m == NULL)
        return;
    printf("\nMetrics:\n");
    printf("  finish:      P50 %s, P80 %s, target %s (%+.1f working days)\n",
           m->p50_finish, m->p80_finish,
           m->target_finish[0] ? m->target_finish : "none", m->p80_slip_days);
    if (m->baseline[0])
        printf("  baseline:    %s finished %s (%+.1f working days)\n",
               m->baseline, m->baseline_finish, m->baseline_slip_days);
    printf("  milestones:  %d due this week, %d missed\n",
           (int)m->milestones_due, (int)m->milestones_missed);
    if (m->next_milestone[0])
        printf("  next:        %s on %s\n", m->next_milestone,
               m->next_milestone_date);
    printf("  risks:       %d high, %d medium, %d low\n", (int)m->risks_high,
           (int)m->risks_medium, (int)m->risks_low);
    if (m->top_risk[0])
        printf("  top risk:    %s (exposure %d)\n", m->top_risk,
               (int)m->top_risk_exposure);
    printf("  issues:      %d critical, %d high, %d medium, %d low\n",
           (int)m->issues_critical, (int)m->issues_high, (int)m->issues_medium,
           (int)m->issues_low);
    printf("  actions:     %d overdue\n", (int)m->actions_overdue);
    printf("  gates:       %d waiting for sign-off\n", (int)m->gates_waiting);
}

static void status_print(const ProtobufCMessage *msg, const void *arg)
{
    (void)arg;
    const Pmo__V1__StatusReport *r = (const Pmo__V1__StatusReport *)msg;
    printf("%s status %s: %s (version %lld)\n", r->program, r->week,
           status_state_text(r->state), (long long)r->version);
    for (size_t i = 0; i < STATUS_N_DIMS; i++) {
        const Pmo__V1__StatusRag *d = status_dim_of(r, i);
        if (d == NULL)
            continue;
        printf("  %-10s %-6s %s", status_dims[i], status_rag_text(d->rag),
               d->reason);
        if (d->overridden)
            printf(" (suggested %s)", status_rag_text(d->suggested));
        printf("\n");
    }
    printf("\nSummary: %s\n", r->summary[0] ? r->summary : "(none)");
    status_print_list("Accomplishments", r->accomplishments,
                      r->n_accomplishments);
    status_print_list("Next steps", r->next_steps, r->n_next_steps);
    status_print_list("Decisions needed", r->decisions_needed,
                      r->n_decisions_needed);
    status_print_list("Asks of leadership", r->asks, r->n_asks);
    status_print_metrics(r->metrics);
    if (r->n_comments)
        printf("\nComments:\n");
    for (size_t i = 0; i < r->n_comments; i++)
        printf("  [%s] %s: %s\n", r->comments[i]->section,
               r->comments[i]->author, r->comments[i]->body);
    if (r->approved_by[0])
        printf("\nApproved by %s\n", r->approved_by);
    if (r->published_at[0])
        printf("Published %s\n", r->published_at);
}

/* Calls method with in and prints the report (or its JSON). */
static int status_call(cli_rpc *r, const char *method,
                       const ProtobufCMessage *in)
{
    ProtobufCMessage *out = NULL;
    int rc = cli_rpc_call(r, STATUS_SVC, method, in, &out);
    if (rc)
        return rc;
    if (r->ctx->json)
        cli_print_json(out);
    else
        status_print(out, NULL);
    protobuf_c_message_free_unpacked(out, NULL);
    return 0;
}

/* "KEY WEEK" (WEEK optional when min is 1) into args, the key upper-cased. */
static int status_args(cli_ctx *ctx, int min, int max, char **args)
{
    for (int i = 0; i < max; i++)
        args[i] = "";
    if (cli_take_args(ctx, min, max, args) < 0)
        return 2;
    cli_key_upper(args[0]);
    return 0;
}

/* The report as it stands, for its version. */
static int status_read(cli_rpc *r, char *program, char *week,
                       Pmo__V1__StatusReport **out)
{
    Pmo__V1__GetStatusRequest in = PMO__V1__GET_STATUS_REQUEST__INIT;
    in.program = program;
    in.week = week;
    return cli_rpc_call(r, STATUS_SVC, "GetStatus", &in.base,
                        (ProtobufCMessage **)out);
}

/* ------------------------------------------------------------- commands */

static int status_draft_run(cli_ctx *ctx, cli_rpc *r)
{
    char *args[2];
    int rc = status_args(ctx, 1, 2, args);
    if (rc)
        return rc;
    Pmo__V1__DraftStatusRequest in = PMO__V1__DRAFT_STATUS_REQUEST__INIT;
    in.program = args[0];
    in.week = args[1];
    return status_call(r, "DraftStatus", &in.base);
}

static int status_render(cli_rpc *r, char *program, char *week)
{
    Pmo__V1__RenderStatusRequest in = PMO__V1__RENDER_STATUS_REQUEST__INIT;
    in.program = program;
    in.week = week;
    in.format = "md";
    Pmo__V1__RenderStatusResponse *out = NULL;
    int rc = cli_rpc_call(r, STATUS_SVC, "RenderStatus", &in.base,
                          (ProtobufCMessage **)&out);
    if (rc)
        return rc;
    fwrite(out->content.data, 1, out->content.len, stdout);
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

static int status_show_run(cli_ctx *ctx, cli_rpc *r)
{
    const char *format = cli_take_option(ctx, "--format");
    char *args[2];
    int rc = status_args(ctx, 2, 2, args);
    if (rc)
        return rc;
    if (format && strcmp(format, "md") == 0)
        return status_render(r, args[0], args[1]);
    if (format && strcmp(format, "text") != 0)
        return cli_usage_fail(ctx, "--format: md or text, not '%s'", format);
    Pmo__V1__GetStatusRequest in = PMO__V1__GET_STATUS_REQUEST__INIT;
    in.program = args[0];
    in.week = args[1];
    return status_call(r, "GetStatus", &in.base);
}

static void status_table_print(const cli_list *l)
{
    static const char *const heads[] = {"WEEK", "STATE", "OVERALL", "REASON"};
    cli_table t;
    cli_table_init(&t, 4, heads);
    cli_table_shrinkable(&t, 3);
    for (size_t i = 0; i < l->n_items; i++) {
        const Pmo__V1__StatusReport *s = l->items[i];
        const char *cells[] = {s->week, status_state_text(s->state),
                               status_rag_text(s->overall->rag),
                               s->overall->reason};
        cli_table_add(&t, cells);
    }
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
}

static int status_list_run(cli_ctx *ctx, cli_rpc *r)
{
    char *args[1];
    int rc = status_args(ctx, 1, 1, args);
    if (rc)
        return rc;
    Pmo__V1__ListStatusRequest in = PMO__V1__LIST_STATUS_REQUEST__INIT;
    in.program = args[0];
    cli_list l;
    if ((rc = cli_rpc_list_all(r, STATUS_SVC, "ListStatus", &in.base, "reports",
                               &l)) != 0)
        return rc;
    if (ctx->json)
        cli_list_json(&l);
    else if (l.n_items == 0)
        printf("%s has no status reports.\n", args[0]);
    else
        status_table_print(&l);
    cli_list_fini(&l);
    return 0;
}

/* The dimension named by opt up to eq, or STATUS_N_DIMS. */
static size_t status_dim_index(const char *opt, const char *eq)
{
    size_t i = 0;
    while (eq && i < STATUS_N_DIMS &&
           (strlen(status_dims[i]) != (size_t)(eq - opt) ||
            strncmp(status_dims[i], opt, (size_t)(eq - opt)) != 0))
        i++;
    return eq ? i : STATUS_N_DIMS;
}

/* "--rag DIM=COLOUR" and "--reason DIM=TEXT" onto the request and its
 * mask; 0, or the exit code of a usage error. */
static int status_take_rags(cli_ctx *ctx, cli_rpc *r,
                            Pmo__V1__StatusReport *rep, char ***mask,
                            size_t *n_mask)
{
    const char *opt;
    while ((opt = cli_take_repeated(ctx, "--rag")) != NULL) {
        const char *eq = strchr(opt, '=');
        size_t i = status_dim_index(opt, eq);
        if (i == STATUS_N_DIMS)
            return cli_usage_fail(ctx,
                                  "--rag: DIMENSION=COLOUR with DIMENSION one "
                                  "of overall, schedule, budget, scope, risk, "
                                  "resources, not '%s'",
                                  opt);
        int rag;
        char err[160];
        if (cli_parse_enum(&pmo__v1__rag__descriptor, eq + 1, &rag, err,
                           sizeof err) != 0)
            return cli_usage_fail(ctx, "--rag %s: %s", status_dims[i], err);
        Pmo__V1__StatusRag *d = status_dim_of(rep, i);
        d->rag = (Pmo__V1__Rag)rag;
        /* Without --reason the reason is cleared: a new RAG needs its own. */
        d->reason = "";
        (*mask)[(*n_mask)++] = (char *)status_dims[i];
    }
    while ((opt = cli_take_repeated(ctx, "--reason")) != NULL) {
        const char *eq = strchr(opt, '=');
        size_t i = status_dim_index(opt, eq);
        if (i == STATUS_N_DIMS)
            return cli_usage_fail(ctx, "--reason: DIMENSION=TEXT, not '%s'",
                                  opt);
        Pmo__V1__StatusRag *d = status_dim_of(rep, i);
        d->reason = arena_strdup(&r->mem, eq + 1);
        bool listed = false;
        for (size_t k = 0; k < *n_mask; k++)
            listed |= strcmp((*mask)[k], status_dims[i]) == 0;
        if (!listed)
            (*mask)[(*n_mask)++] = (char *)status_dims[i];
    }
    return 0;
}

/* "--NAME TEXT"... into a list of the request; named in the mask once. */
static void status_take_list(cli_ctx *ctx, cli_rpc *r, const char *option,
                             const char *field, char ***items, size_t *n,
                             char ***mask, size_t *n_mask)
{
    const char *v;
    bool clear = cli_take_switch(ctx, arena_printf(&r->mem, "%s-none", option));
    size_t cap = (size_t)ctx->argc + 1;
    *items = arena_alloc(&r->mem, cap * sizeof(char *));
    *n = 0;
    while ((v = cli_take_repeated(ctx, option)) != NULL)
        (*items)[(*n)++] = (char *)v;
    if (*n || clear)
        (*mask)[(*n_mask)++] = (char *)field;
}

static int status_edit_run(cli_ctx *ctx, cli_rpc *r)
{
    Pmo__V1__StatusReport rep = PMO__V1__STATUS_REPORT__INIT;
    Pmo__V1__StatusRag dims[STATUS_N_DIMS];
    Pmo__V1__StatusRag **slots[] = {&rep.overall, &rep.schedule,
                                    &rep.budget,  &rep.scope,
                                    &rep.risk,    &rep.resources};
    for (size_t i = 0; i < STATUS_N_DIMS; i++) {
        pmo__v1__status_rag__init(&dims[i]);
        *slots[i] = &dims[i];
    }
    char **mask = arena_alloc(&r->mem, 16 * sizeof(char *));
    size_t n_mask = 0;
    const char *summary = cli_take_option(ctx, "--summary");
    if (summary) {
        rep.summary = (char *)summary;
        mask[n_mask++] = "summary";
    }
    status_take_list(ctx, r, "--accomplishment", "accomplishments",
                     &rep.accomplishments, &rep.n_accomplishments, &mask,
                     &n_mask);
    status_take_list(ctx, r, "--next-step", "next_steps", &rep.next_steps,
                     &rep.n_next_steps, &mask, &n_mask);
    status_take_list(ctx, r, "--decision", "decisions_needed",
                     &rep.decisions_needed, &rep.n_decisions_needed, &mask,
                     &n_mask);
    status_take_list(ctx, r, "--ask", "asks", &rep.asks, &rep.n_asks, &mask,
                     &n_mask);
    int rc = status_take_rags(ctx, r, &rep, &mask, &n_mask);
    char *args[2];
    if (rc || (rc = status_args(ctx, 2, 2, args)) != 0)
        return rc;
    if (n_mask == 0)
        return cli_usage_fail(ctx, "nothing to change");
    Pmo__V1__StatusReport *cur;
    if ((rc = status_read(r, args[0], args[1], &cur)) != 0)
        return rc;
    /* A reason alone keeps the RAG as it is. */
    for (size_t i = 0; i < STATUS_N_DIMS; i++)
        if (dims[i].rag == 0)
            dims[i].rag = status_dim_of(cur, i)->rag;
    Pmo__V1__UpdateStatusRequest in = PMO__V1__UPDATE_STATUS_REQUEST__INIT;
    in.program = args[0];
    in.week = args[1];
    in.expected_version = cur->version;
    in.report = &rep;
    in.update_mask = mask;
    in.n_update_mask = n_mask;
    protobuf_c_message_free_unpacked(&cur->base, NULL);
    r->subject = arena_printf(&r->mem, "status report %s %s", args[0], args[1]);
    return status_call(r, "UpdateStatus", &in.base);
}

/* review, approve, publish: a step at the version read. */
static int status_step(cli_ctx *ctx, cli_rpc *r, const char *method)
{
    char *args[2];
    int rc = status_args(ctx, 2, 2, args);
    Pmo__V1__StatusReport *cur;
    if (rc || (rc = status_read(r, args[0], args[1], &cur)) != 0)
        return rc;
    Pmo__V1__StatusStepRequest in = PMO__V1__STATUS_STEP_REQUEST__INIT;
    in.program = args[0];
    in.week = args[1];
    in.expected_version = cur->version;
    protobuf_c_message_free_unpacked(&cur->base, NULL);
    r->subject = arena_printf(&r->mem, "status report %s %s", args[0], args[1]);
    return status_call(r, method, &in.base);
}

static int status_review_run(cli_ctx *ctx, cli_rpc *r)
{
    return status_step(ctx, r, "SubmitForReview");
}

static int status_approve_run(cli_ctx *ctx, cli_rpc *r)
{
    return status_step(ctx, r, "ApproveStatus");
}

static int status_publish_run(cli_ctx *ctx, cli_rpc *r)
{
    return status_step(ctx, r, "PublishStatus");
}

static int status_comment_run(cli_ctx *ctx, cli_rpc *r)
{
    char *args[4];
    int rc = status_args(ctx, 4, 4, args);
    if (rc)
        return rc;
    Pmo__V1__CommentStatusRequest in = PMO__V1__COMMENT_STATUS_REQUEST__INIT;
    in.program = args[0];
    in.week = args[1];
    in.section = args[2];
    in.body = args[3];
    return status_call(r, "CommentSection", &in.base);
}

static int status_diff_run(cli_ctx *ctx, cli_rpc *r)
{
    char *args[3];
    int rc = status_args(ctx, 3, 3, args);
    if (rc)
        return rc;
    Pmo__V1__DiffStatusRequest in = PMO__V1__DIFF_STATUS_REQUEST__INIT;
    in.program = args[0];
    in.week1 = args[1];
    in.week2 = args[2];
    Pmo__V1__DiffStatusResponse *out = NULL;
    if ((rc = cli_rpc_call(r, STATUS_SVC, "DiffStatus", &in.base,
                           (ProtobufCMessage **)&out)) != 0)
        return rc;
    if (ctx->json) {
        cli_print_json(&out->base);
    } else if (out->n_changes == 0) {
        printf("No changes from %s to %s.\n", args[1], args[2]);
    } else {
        static const char *const heads[] = {"FIELD", "", ""};
        const char *h[] = {heads[0], args[1], args[2]};
        cli_table t;
        cli_table_init(&t, 3, h);
        for (size_t i = 0; i < out->n_changes; i++) {
            const char *cells[] = {out->changes[i]->field,
                                   out->changes[i]->before,
                                   out->changes[i]->after};
            cli_table_add(&t, cells);
        }
        cli_table_print(&t, stdout);
        cli_table_fini(&t);
    }
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

/* ------------------------------------------------------------- settings */

typedef struct status_setting_option {
    const char *option;
    size_t offset; /* of an int32 of StatusSettings */
} status_setting_option;

#define STATUS_SETTING(opt, f)                                                 \
    {                                                                          \
        opt, offsetof(Pmo__V1__StatusSettings, f)                              \
    }
static const status_setting_option status_setting_options[] = {
    STATUS_SETTING("--schedule-red-days", schedule_red_days),
    STATUS_SETTING("--schedule-amber-days", schedule_amber_days),
    STATUS_SETTING("--risk-red-exposure", risk_red_exposure),
    STATUS_SETTING("--risk-amber-exposure", risk_amber_exposure),
    STATUS_SETTING("--budget-red-percent", budget_red_percent),
    STATUS_SETTING("--budget-amber-percent", budget_amber_percent),
};

static void status_settings_print(const ProtobufCMessage *msg, const void *arg)
{
    (void)arg;
    const Pmo__V1__StatusSettings *s = (const Pmo__V1__StatusSettings *)msg;
    printf("%s status settings (version %lld)\n", s->program,
           (long long)s->version);
    printf("  reviewer:             %s\n",
           s->reviewer[0] ? s->reviewer : "none");
    for (size_t i = 0;
         i < sizeof status_setting_options / sizeof *status_setting_options;
         i++)
        printf("  %-21s %d\n", status_setting_options[i].option + 2,
               (int)*(const int32_t *)((const char *)s +
                                       status_setting_options[i].offset));
}

static int status_settings_run(cli_ctx *ctx, cli_rpc *r)
{
    const char
        *values[sizeof status_setting_options / sizeof *status_setting_options];
    bool change = false;
    for (size_t i = 0; i < sizeof values / sizeof *values; i++)
        change |= (values[i] = cli_take_option(
                       ctx, status_setting_options[i].option)) != NULL;
    const char *reviewer = cli_take_option(ctx, "--reviewer");
    change |= reviewer != NULL;
    char *args[1];
    int rc = status_args(ctx, 1, 1, args);
    if (rc)
        return rc;
    Pmo__V1__GetStatusSettingsRequest get =
        PMO__V1__GET_STATUS_SETTINGS_REQUEST__INIT;
    get.program = args[0];
    Pmo__V1__StatusSettings *cur = NULL;
    if ((rc = cli_rpc_call(r, STATUS_SVC, "GetStatusSettings", &get.base,
                           (ProtobufCMessage **)&cur)) != 0)
        return rc;
    if (change) {
        for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
            int64_t v;
            char err[120];
            if (values[i] == NULL)
                continue;
            if (cli_parse_int(values[i], 0, 1000, &v, err, sizeof err) != 0) {
                protobuf_c_message_free_unpacked(&cur->base, NULL);
                return cli_usage_fail(ctx, "%s: %s",
                                      status_setting_options[i].option, err);
            }
            *(int32_t *)((char *)cur + status_setting_options[i].offset) =
                (int32_t)v;
        }
        char *stored_reviewer = cur->reviewer; /* freed with cur */
        if (reviewer)
            cur->reviewer = (char *)reviewer;
        Pmo__V1__SetStatusSettingsRequest in =
            PMO__V1__SET_STATUS_SETTINGS_REQUEST__INIT;
        in.settings = cur;
        in.expected_version = cur->version;
        Pmo__V1__StatusSettings *out = NULL;
        rc = cli_rpc_call(r, STATUS_SVC, "SetStatusSettings", &in.base,
                          (ProtobufCMessage **)&out);
        cur->reviewer = stored_reviewer; /* not argv's, which is borrowed */
        protobuf_c_message_free_unpacked(&cur->base, NULL);
        if (rc)
            return rc;
        cur = out;
    }
    if (ctx->json)
        cli_print_json(&cur->base);
    else
        status_settings_print(&cur->base, NULL);
    protobuf_c_message_free_unpacked(&cur->base, NULL);
    return 0;
}

/* ------------------------------------------------------------ portfolio */

static const struct {
    const char *name;
    Pmo__V1__PortfolioSort sort;
} portfolio_sorts[] = {
    {"key", PMO__V1__PORTFOLIO_SORT__PORTFOLIO_BY_KEY},
    {"slip", PMO__V1__PORTFOLIO_SORT__PORTFOLIO_BY_SLIP},
    {"rag", PMO__V1__PORTFOLIO_SORT__PORTFOLIO_BY_RAG},
    {"finish", PMO__V1__PORTFOLIO_SORT__PORTFOLIO_BY_FINISH},
};

/* RFC 4180: a field with a comma, quote or line break is quoted. */
static void portfolio_csv_field(const char *s, bool last)
{
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, stdout);
    } else {
        putchar('"');
        for (; *s; s++) {
            if (*s == '"')
                putchar('"');
            putchar(*s);
        }
        putchar('"');
    }
    fputs(last ? "\r\n" : ",", stdout);
}

static void portfolio_print(const Pmo__V1__ListPortfolioResponse *out, bool csv)
{
    static const char *const heads[] = {
        "PROGRAM", "STATUS",         "RAG", "WEEK",     "FINISH", "TARGET",
        "SLIP",    "NEXT MILESTONE", "DUE", "TOP RISK", "OVERDUE"};
    enum { N = sizeof heads / sizeof *heads };
    cli_table t;
    if (csv)
        for (size_t c = 0; c < N; c++)
            portfolio_csv_field(heads[c], c + 1 == N);
    else
        cli_table_init(&t, N, heads);
    if (!csv)
        cli_table_shrinkable(&t, 9);
    for (size_t i = 0; i < out->n_lines; i++) {
        const Pmo__V1__PortfolioLine *l = out->lines[i];
        char status[32], slip[32], overdue[16];
        cli_enum_label(&pmo__v1__program_status__descriptor, l->status, status,
                       sizeof status);
        cli_sched_slip(l->slip_days, slip, sizeof slip);
        snprintf(overdue, sizeof overdue, "%d", (int)l->actions_overdue);
        const char *cells[N] = {
            l->program,
            status,
            status_rag_text(l->rag),
            l->week[0] ? l->week : "-",
            l->finish[0] ? l->finish : "-",
            l->target_finish[0] ? l->target_finish : "-",
            slip,
            l->next_milestone[0] ? l->next_milestone : "-",
            l->next_milestone_date[0] ? l->next_milestone_date : "-",
            l->top_risk[0] ? l->top_risk : "-",
            overdue};
        if (csv) {
            for (size_t c = 0; c < N; c++)
                portfolio_csv_field(cells[c], c + 1 == N);
            continue;
        }
        size_t row = cli_table_add(&t, cells);
        cli_color colors[] = {CLI_COLOR_NONE, CLI_COLOR_GREEN, CLI_COLOR_YELLOW,
                              CLI_COLOR_RED};
        if ((unsigned)l->rag < 4)
            cli_table_color(&t, row, 2, colors[l->rag]);
    }
    if (!csv) {
        cli_table_print(&t, stdout);
        cli_table_fini(&t);
    }
}

static int portfolio_run(cli_ctx *ctx, cli_rpc *r)
{
    Pmo__V1__ListPortfolioRequest in = PMO__V1__LIST_PORTFOLIO_REQUEST__INIT;
    const char *rag = cli_take_option(ctx, "--rag");
    const char *status = cli_take_option(ctx, "--status");
    const char *sponsor = cli_take_option(ctx, "--sponsor");
    const char *sort = cli_take_option(ctx, "--sort");
    const char *tag = cli_take_option(ctx, "--tag");
    bool csv = cli_take_switch(ctx, "--csv");
    int rc = cli_no_more_args(ctx, "portfolio"), v;
    char err[160];
    if (rc)
        return rc;
    if (rag && cli_parse_enum(&pmo__v1__rag__descriptor, rag, &v, err,
                              sizeof err) != 0)
        return cli_usage_fail(ctx, "--rag: %s", err);
    in.rag = rag ? (Pmo__V1__Rag)v : 0;
    if (status && cli_parse_enum(&pmo__v1__program_status__descriptor, status,
                                 &v, err, sizeof err) != 0)
        return cli_usage_fail(ctx, "--status: %s", err);
    in.status = status ? (Pmo__V1__ProgramStatus)v : 0;
    in.sponsor = sponsor ? (char *)sponsor : "";
    in.tag = tag ? (char *)tag : "";
    if (sort) {
        size_t i = 0;
        while (i < sizeof portfolio_sorts / sizeof *portfolio_sorts &&
               strcmp(portfolio_sorts[i].name, sort) != 0)
            i++;
        if (i == sizeof portfolio_sorts / sizeof *portfolio_sorts)
            return cli_usage_fail(
                ctx, "--sort: key, slip, rag or finish, not '%s'", sort);
        in.sort = portfolio_sorts[i].sort;
    }
    Pmo__V1__ListPortfolioResponse *out = NULL;
    if ((rc = cli_rpc_call(r, STATUS_SVC, "ListPortfolio", &in.base,
                           (ProtobufCMessage **)&out)) != 0)
        return rc;
    if (ctx->json)
        cli_print_json(&out->base);
    else if (out->n_lines == 0 && !csv)
        printf("No programs to show.\n");
    else
        portfolio_print(out, csv);
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

#define STATUS_CMD(name)                                                       \
    static int name(cli_ctx *ctx)                                              \
    {                                                                          \
        return cli_rpc_run(ctx, name##_run);                                   \
    }
STATUS_CMD(status_draft)
STATUS_CMD(status_show)
STATUS_CMD(status_list)
STATUS_CMD(status_edit)
STATUS_CMD(status_review)
STATUS_CMD(status_approve)
STATUS_CMD(status_publish)
STATUS_CMD(status_comment)
STATUS_CMD(status_diff)
STATUS_CMD(status_settings)
STATUS_CMD(portfolio)

const cli_command cli_status_commands[] = {
    {"status draft", "PROGRAM [WEEK]",
     "start this week's (or WEEK's, 2026-W50) status report, filled in from "
     "the plan, the RAID log and last week's next steps",
     status_draft},
    {"status show", "PROGRAM WEEK [--format md]",
     "one status report; --format md for mail", status_show},
    {"status list", "PROGRAM", "the program's status reports, newest first",
     status_list},
    {"status edit",
     "PROGRAM WEEK [--summary TEXT] [--accomplishment TEXT]... "
     "[--next-step TEXT]... [--decision TEXT]... [--ask TEXT]... "
     "[--rag DIMENSION=COLOUR]... [--reason DIMENSION=TEXT]...",
     "change a report not yet published; a list given replaces the "
     "report's (--ask-none and the like empty one); a RAG other than the "
     "suggested one needs a reason; an edit sends a reviewed report back "
     "to draft",
     status_edit},
    {"status review", "PROGRAM WEEK", "submit a draft to the reviewer",
     status_review},
    {"status comment", "PROGRAM WEEK SECTION TEXT",
     "comment on a section (summary, schedule, asks, ...) as reviewer",
     status_comment},
    {"status approve", "PROGRAM WEEK", "approve a report in review (reviewer)",
     status_approve},
    {"status publish", "PROGRAM WEEK",
     "publish a report, freezing its metrics; approved first when the "
     "program requires review",
     status_publish},
    {"status diff", "PROGRAM WEEK1 WEEK2", "what changed, field by field",
     status_diff},
    {"status settings",
     "PROGRAM [--reviewer USER] [--schedule-red-days N] "
     "[--schedule-amber-days N] [--risk-red-exposure N] "
     "[--risk-amber-exposure N] [--budget-red-percent N] "
     "[--budget-amber-percent N]",
     "the rules that suggest each RAG and the reviewer whose approval "
     "publishing needs (\"\" for none)",
     status_settings},
    {"portfolio",
     "[--rag COLOUR] [--status S] [--sponsor NAME] [--tag TAG] "
     "[--sort key|slip|rag|finish] [--csv]",
     "one line per program you can see: RAG of its latest published report, "
     "P80 finish vs target, next milestone, top risk, overdue actions",
     portfolio},
    {NULL, NULL, NULL, NULL},
};
