/*
 * client/pmo/cmd_comment.c - pmo comment add/list, and pmo activity: a
 * program's feed of who changed what.
 */
#include "cli.h"
#include "common/timeutil.h"
#include "common/xalloc.h"
#include "parse.h"
#include "pmo/v1/comment.pb-c.h"
#include "rpc.h"
#include "show.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define COMMENT_SVC      (&pmo__v1__comment_service__descriptor)
#define ACTIVITY_DEFAULT 20
#define ACTIVITY_MAX     1000

/* What people call the things comments are on, and the protocol's name. */
static const struct {
    const char *typed;
    const char *entity;
} comment_entities[] = {
    {"program", "program"},         {"project", "project"},
    {"work_item", "work_item"},     {"work-item", "work_item"},
    {"item", "work_item"},          {"task", "work_item"},
    {"stakeholder", "stakeholder"},
};

static const char *comment_entity(const char *typed)
{
    for (size_t i = 0;
         i < sizeof(comment_entities) / sizeof(comment_entities[0]); i++)
        if (strcasecmp(typed, comment_entities[i].typed) == 0)
            return comment_entities[i].entity;
    /* Entities added later reach the server as typed. */
    return typed;
}

/* Program keys and work item refs are upper case however they are typed. */
static char *comment_key(const char *entity, char *key)
{
    if (strcmp(entity, "program") == 0 || strcmp(entity, "work_item") == 0)
        cli_key_upper(key);
    return key;
}

static void comment_print(const Pmo__V1__Comment *c)
{
    char when[32];
    time_format_ms(c->created_at_ms, when, sizeof(when));
    char *author = cli_text_clean(c->author);
    char *key = cli_text_clean(c->entity_key);
    char *entity = cli_text_clean(c->entity);
    bool color = cli_term_color(stdout);
    printf("%s#%" PRId64 " %s, %s, on %s %s%s\n",
           color ? cli_color_start(CLI_COLOR_BOLD) : "", c->id, author, when,
           entity, key, color ? cli_color_end() : "");
    cli_text_print("    ", c->body);
    free(author);
    free(key);
    free(entity);
}

static int comment_add_run(cli_ctx *ctx, cli_rpc *r)
{
    char *args[4];
    if (cli_take_args(ctx, 4, 4, args) < 0)
        return 2;
    if (args[3][0] == '\0')
        return cli_usage_fail(ctx, "the comment is empty");
    Pmo__V1__AddCommentRequest in = PMO__V1__ADD_COMMENT_REQUEST__INIT;
    in.program = cli_key_upper(args[0]);
    in.entity = (char *)comment_entity(args[1]);
    in.entity_key = comment_key(in.entity, args[2]);
    in.body = args[3];
    Pmo__V1__Comment *out = NULL;
    int rc = cli_rpc_call(r, COMMENT_SVC, "AddComment", &in.base,
                          (ProtobufCMessage **)&out);
    if (rc)
        return rc;
    if (ctx->json) {
        cli_print_json(&out->base);
    } else {
        printf("Added comment #%" PRId64 " on %s %s.\n", out->id, out->entity,
               out->entity_key);
        for (size_t i = 0; i < out->n_mentions; i++)
            printf("Mentioned %s.\n", out->mentions[i]);
    }
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

static int comment_list_run(cli_ctx *ctx, cli_rpc *r)
{
    char *args[3];
    int n = cli_take_args(ctx, 1, 3, args);
    if (n < 0)
        return 2;
    if (n == 2)
        return cli_usage_fail(ctx, "give both ENTITY and KEY, or neither");
    Pmo__V1__ListCommentsRequest in = PMO__V1__LIST_COMMENTS_REQUEST__INIT;
    in.program = cli_key_upper(args[0]);
    if (n == 3) {
        in.entity = (char *)comment_entity(args[1]);
        in.entity_key = comment_key(in.entity, args[2]);
    }
    cli_list l;
    int rc = cli_rpc_list_all(r, COMMENT_SVC, "ListComments", &in.base,
                              "comments", &l);
    if (rc)
        return rc;
    if (ctx->json)
        cli_list_json(&l);
    else if (l.n_items == 0)
        printf("No comments.\n");
    for (size_t i = 0; !ctx->json && i < l.n_items; i++) {
        if (i)
            fputc('\n', stdout);
        comment_print(l.items[i]);
    }
    cli_list_fini(&l);
    return 0;
}

static int activity_by_id(const void *a, const void *b)
{
    const Pmo__V1__ActivityEntry *x = *(Pmo__V1__ActivityEntry *const *)a;
    const Pmo__V1__ActivityEntry *y = *(Pmo__V1__ActivityEntry *const *)b;
    return (x->id > y->id) - (x->id < y->id);
}

/* Oldest first, so the newest change is the line next to the prompt. */
static void activity_print(Pmo__V1__ListActivityResponse *out)
{
    if (out->n_entries == 0) {
        printf("No activity.\n");
        return;
    }
    Pmo__V1__ActivityEntry **sorted = xmalloc(out->n_entries * sizeof(*sorted));
    memcpy(sorted, out->entries, out->n_entries * sizeof(*sorted));
    qsort(sorted, out->n_entries, sizeof(*sorted), activity_by_id);
    cli_table t;
    cli_table_init(&t, 3, (const char *[]){"WHEN", "WHO", "WHAT"});
    cli_table_shrinkable(&t, 2);
    for (size_t i = 0; i < out->n_entries; i++) {
        char when[32];
        time_format_ms(sorted[i]->at_ms, when, sizeof(when));
        cli_table_add(
            &t, (const char *[]){when, sorted[i]->actor, sorted[i]->summary});
    }
    cli_table_print(&t, stdout);
    cli_table_fini(&t);
    free(sorted);
}

static int activity_run(cli_ctx *ctx, cli_rpc *r)
{
    const char *count = cli_take_option(ctx, "-n");
    char *program, why[200];
    int64_t n = ACTIVITY_DEFAULT;
    if (count && cli_parse_int(count, 1, ACTIVITY_MAX, &n, why, sizeof(why)))
        return cli_usage_fail(ctx, "-n: %s", why);
    if (cli_take_args(ctx, 1, 1, &program) < 0)
        return 2;
    Pmo__V1__ListActivityRequest in = PMO__V1__LIST_ACTIVITY_REQUEST__INIT;
    in.program = cli_key_upper(program);
    in.page_size = (uint32_t)n;
    Pmo__V1__ListActivityResponse *out = NULL;
    int rc = cli_rpc_call(r, COMMENT_SVC, "ListActivity", &in.base,
                          (ProtobufCMessage **)&out);
    if (rc)
        return rc;
    if (ctx->json)
        cli_print_json(&out->base);
    else
        activity_print(out);
    protobuf_c_message_free_unpacked(&out->base, NULL);
    return 0;
}

static int comment_add(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, comment_add_run);
}

static int comment_list(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, comment_list_run);
}

static int activity(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, activity_run);
}

const cli_command cli_comment_commands[] = {
    {"comment add", "PROGRAM ENTITY KEY TEXT",
     "comment on a program, project, task or stakeholder (@name mentions)",
     comment_add},
    {"comment list", "PROGRAM [ENTITY KEY]",
     "a program's comments, or those on one thing", comment_list},
    {"activity", "PROGRAM [-n N]", "the latest changes in a program", activity},
    {NULL, NULL, NULL, NULL},
};
