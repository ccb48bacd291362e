/* server/model/retro_actions.c - a retro's action items as actions. */
#include "model/retro_actions.h"
#include "model/actions.h"

#define RETRO_SOURCE PMO__V1__ACTION_SOURCE__ACTION_FROM_RETROSPECTIVE

int retro_actions_add(rpc_call *call, const program_access *prog,
                      int64_t retro_id, Pmo__V1__ActionItem *const *items,
                      size_t n)
{
    for (size_t i = 0; i < n; i++) {
        Pmo__V1__Action a = PMO__V1__ACTION__INIT;
        a.title = items[i]->text;
        a.owner = items[i]->owner;
        a.due_date = items[i]->due;
        a.status = PMO__V1__ACTION_STATUS__ACTION_OPEN;
        a.source = RETRO_SOURCE;
        a.source_id = retro_id;
        Pmo__V1__Action *made;
        if (actions_create(call, prog, &a, &made) != 0)
            return -1;
    }
    return 0;
}

/* The item a retro shows for action a (strings shared with a). */
static Pmo__V1__ActionItem *retro_actions_item(arena *ar,
                                               const Pmo__V1__Action *a)
{
    Pmo__V1__ActionItem *it = arena_alloc(ar, sizeof(*it));
    pmo__v1__action_item__init(it);
    it->text = a->title;
    it->owner = a->owner;
    it->due = a->due_date;
    it->action_id = a->id;
    it->status = a->status;
    it->overdue = a->overdue;
    return it;
}

/* Gives retro r the actions of list (by source_id) that name it. */
static void retro_actions_pick(arena *ar, Pmo__V1__Retro *r,
                               Pmo__V1__Action *const *list, size_t n)
{
    size_t count = 0;
    for (size_t j = 0; j < n; j++)
        count += list[j]->source_id == r->id;
    r->action_items =
        arena_alloc(ar, (count ? count : 1) * sizeof(*r->action_items));
    r->n_action_items = 0;
    for (size_t j = 0; j < n; j++)
        if (list[j]->source_id == r->id)
            r->action_items[r->n_action_items++] =
                retro_actions_item(ar, list[j]);
}

int retro_actions_attach(rpc_call *call, int64_t program_id,
                         Pmo__V1__Retro *const *retros, size_t n)
{
    int64_t *ids = arena_alloc(call->arena, (n ? n : 1) * sizeof(*ids));
    for (size_t i = 0; i < n; i++)
        ids[i] = retros[i]->id;
    Pmo__V1__Action **list;
    size_t n_list;
    if (actions_of_sources(call, program_id, RETRO_SOURCE, ids, n, &list,
                           &n_list) != 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        retro_actions_pick(call->arena, retros[i], list, n_list);
    return 0;
}
