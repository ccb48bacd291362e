/*
 * client/pmo/cmd_tree.c - pmo tree: a program's work breakdown as an
 * indented tree, projects at the top and each item under its parent.
 *
 * Built from every page of ListProjects and ListWorkItems (no call per
 * item) and linked in linear time: one index from ref to item, one from
 * project key to project, and each item appended to its parent's child
 * list in the order the server listed it.
 */
#include "cli.h"
#include "common/xalloc.h"
#include "pbjson.h"
#include "pmo/v1/project.pb-c.h"
#include "pmo/v1/work.pb-c.h"
#include "parse.h"
#include "rpc.h"
#include "show.h"
#include "strindex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TREE_NONE CLI_STRINDEX_NONE

typedef struct tree_node {
    const Pmo__V1__WorkItem *item;
    size_t first_child;
    size_t last_child;
    size_t next; /* the next sibling */
    bool seen;   /* printed: a parent cycle cannot loop */
} tree_node;

/* A project, or the group of items whose project is not listed. */
typedef struct tree_group {
    const Pmo__V1__Project *project; /* NULL for the leftover group */
    size_t first;
    size_t last;
} tree_group;

typedef struct tree {
    tree_node *nodes;
    size_t n_nodes;
    tree_group *groups; /* one per project, then the leftover group */
    size_t n_groups;
} tree;

/* The lines drawn left of a row: each level's "│  " or "   ". */
typedef struct tree_prefix {
    char *buf;
    size_t len;
    size_t cap;
} tree_prefix;

static void tree_link(size_t *first, size_t *last, tree_node *nodes, size_t i)
{
    if (*first == TREE_NONE)
        *first = i;
    else
        nodes[*last].next = i;
    *last = i;
}

static void tree_build(tree *t, const cli_list *projects, const cli_list *items)
{
    cli_strindex by_ref, by_key;
    t->n_nodes = items->n_items;
    t->nodes = xcalloc(t->n_nodes + 1, sizeof(tree_node));
    t->n_groups = projects->n_items + 1;
    t->groups = xcalloc(t->n_groups, sizeof(tree_group));
    cli_strindex_init(&by_ref, t->n_nodes);
    cli_strindex_init(&by_key, projects->n_items);
    for (size_t g = 0; g < t->n_groups; g++) {
        t->groups[g].project =
            g < projects->n_items ? projects->items[g] : NULL;
        t->groups[g].first = t->groups[g].last = TREE_NONE;
        if (t->groups[g].project)
            cli_strindex_add(&by_key, t->groups[g].project->key, g);
    }
    for (size_t i = 0; i < t->n_nodes; i++) {
        t->nodes[i].item = items->items[i];
        t->nodes[i].first_child = t->nodes[i].last_child = TREE_NONE;
        t->nodes[i].next = TREE_NONE;
        cli_strindex_add(&by_ref, t->nodes[i].item->ref, i);
    }
    for (size_t i = 0; i < t->n_nodes; i++) {
        const Pmo__V1__WorkItem *w = t->nodes[i].item;
        size_t p =
            w->parent[0] ? cli_strindex_find(&by_ref, w->parent) : TREE_NONE;
        if (p != TREE_NONE && p != i) {
            tree_link(&t->nodes[p].first_child, &t->nodes[p].last_child,
                      t->nodes, i);
            continue;
        }
        size_t g = cli_strindex_find(&by_key, w->project);
        if (g == TREE_NONE)
            g = t->n_groups - 1;
        tree_link(&t->groups[g].first, &t->groups[g].last, t->nodes, i);
    }
    cli_strindex_fini(&by_ref);
    cli_strindex_fini(&by_key);
}

static void tree_fini(tree *t)
{
    free(t->nodes);
    free(t->groups);
}

/* ------------------------------------------------------------- people */

static void tree_prefix_push(tree_prefix *p, const char *s)
{
    size_t n = strlen(s);
    if (p->len + n + 1 > p->cap) {
        p->cap = (p->len + n + 1) * 2;
        p->buf = xrealloc(p->buf, p->cap);
    }
    memcpy(p->buf + p->len, s, n + 1);
    p->len += n;
}

static void tree_row_add(cli_table *tab, const char *prefix, bool last,
                         const Pmo__V1__WorkItem *w)
{
    bool utf8 = cli_term_utf8();
    char title[512], state[32];
    cli_item_label(w->title, w->kind, title, sizeof(title));
    char *head = xasprintf("%s%s%s  %s", prefix,
                           last ? (utf8 ? "\xe2\x94\x94\xe2\x94\x80 " : "`- ")
                                : (utf8 ? "\xe2\x94\x9c\xe2\x94\x80 " : "|- "),
                           w->ref, title);
    size_t row = cli_table_add(
        tab, (const char *[]){head,
                              cli_enum_label(&pmo__v1__work_state__descriptor,
                                             w->state, state, sizeof(state)),
                              cli_or_dash(w->assignee),
                              cli_or_dash(w->planned_start),
                              cli_or_dash(w->planned_finish)});
    cli_table_color(tab, row, 1, cli_state_color(w->state));
    free(head);
}

static void tree_rows_add(tree *t, cli_table *tab, tree_prefix *p, size_t first)
{
    bool utf8 = cli_term_utf8();
    for (size_t i = first; i != TREE_NONE; i = t->nodes[i].next) {
        tree_node *n = &t->nodes[i];
        if (n->seen)
            continue;
        n->seen = true;
        bool last = n->next == TREE_NONE;
        tree_row_add(tab, p->buf, last, n->item);
        size_t keep = p->len;
        tree_prefix_push(p, last ? "   " : (utf8 ? "\xe2\x94\x82  " : "|  "));
        tree_rows_add(t, tab, p, n->first_child);
        p->len = keep;
        p->buf[keep] = '\0';
    }
}

static void tree_group_row_add(cli_table *tab, const tree_group *g)
{
    char *head;
    if (g->project)
        head = xasprintf("%s  %s%s%s%s", g->project->key, g->project->name,
                         g->project->team[0] ? " (team " : "", g->project->team,
                         g->project->team[0] ? ")" : "");
    else
        head = xstrdup("(items of projects not listed)");
    size_t row = cli_table_add(
        tab, (const char *[]){
                 head, "", g->project ? cli_or_dash(g->project->lead) : "",
                 g->project ? cli_or_dash(g->project->target_start) : "",
                 g->project ? cli_or_dash(g->project->target_finish) : ""});
    cli_table_color(tab, row, 0, CLI_COLOR_BOLD);
    free(head);
}

/* Items no root reaches: their parent links form a cycle. */
static void tree_unreached_add(tree *t, cli_table *tab, tree_prefix *p)
{
    bool any = false;
    for (size_t i = 0; i < t->n_nodes; i++) {
        if (t->nodes[i].seen)
            continue;
        if (!any)
            cli_table_add(
                tab, (const char *[]){"(in a parent cycle)", "", "", "", ""});
        any = true;
        t->nodes[i].next = TREE_NONE;
        tree_rows_add(t, tab, p, i);
    }
}

static void tree_print(tree *t)
{
    cli_table tab;
    cli_table_init(&tab, 5,
                   (const char *[]){"WORK BREAKDOWN", "STATE", "ASSIGNEE",
                                    "START", "FINISH"});
    cli_table_shrinkable(&tab, 0);
    tree_prefix p = {.buf = xstrdup(""), .cap = 1};
    for (size_t g = 0; g < t->n_groups; g++) {
        if (t->groups[g].project == NULL && t->groups[g].first == TREE_NONE)
            continue;
        tree_group_row_add(&tab, &t->groups[g]);
        tree_rows_add(t, &tab, &p, t->groups[g].first);
    }
    tree_unreached_add(t, &tab, &p);
    cli_table_print(&tab, stdout);
    cli_table_fini(&tab);
    free(p.buf);
}

/* --------------------------------------------------------------- JSON */

static void tree_json_nodes(tree *t, FILE *f, size_t first);

/* The nodes of a sibling list, each after a comma unless it is first. */
static void tree_json_siblings(tree *t, FILE *f, size_t first, bool *any)
{
    for (size_t i = first; i != TREE_NONE; i = t->nodes[i].next) {
        tree_node *n = &t->nodes[i];
        if (n->seen)
            continue;
        n->seen = true;
        if (*any)
            fputc(',', f);
        *any = true;
        fputs("{\"item\":", f);
        pbjson_write(f, &n->item->base, -1);
        fputs(",\"children\":", f);
        tree_json_nodes(t, f, n->first_child);
        fputc('}', f);
    }
}

static void tree_json_nodes(tree *t, FILE *f, size_t first)
{
    bool any = false;
    fputc('[', f);
    tree_json_siblings(t, f, first, &any);
    fputc(']', f);
}

/* Items of unlisted projects, then any caught in a parent cycle. */
static void tree_json_unplaced(tree *t, FILE *f)
{
    bool any = false;
    fputc('[', f);
    tree_json_siblings(t, f, t->groups[t->n_groups - 1].first, &any);
    for (size_t i = 0; i < t->n_nodes; i++)
        if (!t->nodes[i].seen) {
            t->nodes[i].next = TREE_NONE;
            tree_json_siblings(t, f, i, &any);
        }
    fputc(']', f);
}

/*
 * {"program": KEY, "projects": [{"project": Project, "items": [node]}],
 *  "unplaced": [node]}, a node being {"item": WorkItem, "children": [node]}.
 */
static void tree_json_print(tree *t, const char *program)
{
    cli_json j;
    cli_json_open(&j);
    fputs("{\"program\":", j.f);
    pbjson_write_string(j.f, program);
    fputs(",\"projects\":[", j.f);
    for (size_t g = 0; g + 1 < t->n_groups; g++) {
        if (g)
            fputc(',', j.f);
        fputc('{', j.f);
        cli_json_message(&j, "project", &t->groups[g].project->base);
        fputs(",\"items\":", j.f);
        tree_json_nodes(t, j.f, t->groups[g].first);
        fputc('}', j.f);
    }
    fputs("],\"unplaced\":", j.f);
    tree_json_unplaced(t, j.f);
    fputc('}', j.f);
    cli_json_close(&j);
}

static int tree_fetch(cli_rpc *r, char *program, cli_list *projects,
                      cli_list *items)
{
    Pmo__V1__ListProjectsRequest pin = PMO__V1__LIST_PROJECTS_REQUEST__INIT;
    pin.program = program;
    int rc = cli_rpc_list_all(r, &pmo__v1__project_service__descriptor,
                              "ListProjects", &pin.base, "projects", projects);
    if (rc)
        return rc;
    Pmo__V1__ListWorkItemsRequest win = PMO__V1__LIST_WORK_ITEMS_REQUEST__INIT;
    win.program = program;
    rc = cli_rpc_list_all(r, &pmo__v1__work_service__descriptor,
                          "ListWorkItems", &win.base, "items", items);
    if (rc)
        cli_list_fini(projects);
    return rc;
}

static int tree_run(cli_ctx *ctx, cli_rpc *r)
{
    char *program;
    if (cli_take_args(ctx, 1, 1, &program) < 0)
        return 2;
    cli_key_upper(program);
    cli_list projects, items;
    int rc = tree_fetch(r, program, &projects, &items);
    if (rc)
        return rc;
    tree t;
    tree_build(&t, &projects, &items);
    if (ctx->json)
        tree_json_print(&t, program);
    else if (projects.n_items == 0 && items.n_items == 0)
        printf("%s has no projects yet.\n", program);
    else
        tree_print(&t);
    tree_fini(&t);
    cli_list_fini(&items);
    cli_list_fini(&projects);
    return 0;
}

static int tree_cmd(cli_ctx *ctx)
{
    return cli_rpc_run(ctx, tree_run);
}

const cli_command cli_tree_commands[] = {
    {"tree", "PROGRAM", "the work breakdown as a tree, under each project",
     tree_cmd},
    {NULL, NULL, NULL, NULL},
};
