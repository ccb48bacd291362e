/* server/rpc/registry.c - the method table, built from service descriptors. */
#include "rpc/registry.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const rpc_method_policy *registry_policy(const rpc_service *s,
                                                const char *method)
{
    for (size_t i = 0; i < s->n_policies; i++)
        if (strcmp(s->policies[i].method, method) == 0)
            return &s->policies[i];
    return NULL;
}

static int registry_policies_known(const rpc_service *s, char *err,
                                   size_t errlen)
{
    const ProtobufCServiceDescriptor *d = s->impl->descriptor;
    for (size_t i = 0; i < s->n_policies; i++) {
        unsigned j;
        for (j = 0; j < d->n_methods; j++)
            if (strcmp(d->methods[j].name, s->policies[i].method) == 0)
                break;
        if (j == d->n_methods) {
            snprintf(err, errlen, "policy for unknown method %s/%s", d->name,
                     s->policies[i].method);
            return -1;
        }
    }
    return 0;
}

static int registry_method_cmp(const void *a, const void *b)
{
    return strcmp(((const rpc_method *)a)->path, ((const rpc_method *)b)->path);
}

static int registry_add_service(rpc_table *t, size_t *cap,
                                const rpc_service *s, char *err,
                                size_t errlen)
{
    const ProtobufCServiceDescriptor *d = s->impl->descriptor;
    if (registry_policies_known(s, err, errlen) != 0)
        return -1;
    for (unsigned i = 0; i < d->n_methods; i++) {
        const rpc_method_policy *p = registry_policy(s, d->methods[i].name);
        if (p == NULL) {
            snprintf(err, errlen,
                     "method %s/%s has no access policy; refusing to serve "
                     "it unchecked",
                     d->name, d->methods[i].name);
            return -1;
        }
        if (p->effect != RPC_READS && p->effect != RPC_WRITES) {
            snprintf(err, errlen,
                     "the policy of %s/%s says neither RPC_READS nor "
                     "RPC_WRITES; every method must say which it does",
                     d->name, d->methods[i].name);
            return -1;
        }
        if (t->count == *cap) {
            *cap = *cap ? *cap * 2 : 32;
            t->methods = xrealloc(t->methods, *cap * sizeof(*t->methods));
        }
        rpc_method *m = &t->methods[t->count++];
        m->path = xasprintf("%s/%s", d->name, d->methods[i].name);
        m->service = s->impl;
        m->index = i;
        m->desc = &d->methods[i];
        m->access = p->access;
        m->effect = p->effect;
        m->flags = p->flags;
    }
    return 0;
}

int rpc_table_build(rpc_table *t, const rpc_service *const *services,
                    char *err, size_t errlen)
{
    size_t cap = 0;
    t->methods = NULL;
    t->count = 0;
    for (size_t i = 0; services[i] != NULL; i++) {
        const rpc_service *s = services[i];
        if ((s->prepare && s->prepare(err, errlen) != 0) ||
            registry_add_service(t, &cap, s, err, errlen) != 0) {
            rpc_table_fini(t);
            return -1;
        }
    }
    qsort(t->methods, t->count, sizeof(*t->methods), registry_method_cmp);
    for (size_t i = 1; i < t->count; i++) {
        if (strcmp(t->methods[i - 1].path, t->methods[i].path) == 0) {
            snprintf(err, errlen, "method %s registered twice",
                     t->methods[i].path);
            rpc_table_fini(t);
            return -1;
        }
    }
    return 0;
}

void rpc_table_fini(rpc_table *t)
{
    for (size_t i = 0; i < t->count; i++)
        free(t->methods[i].path);
    free(t->methods);
    t->methods = NULL;
    t->count = 0;
}

const rpc_method *rpc_table_find(const rpc_table *t, const char *path)
{
    rpc_method key = {.path = (char *)path};
    return bsearch(&key, t->methods, t->count, sizeof(*t->methods),
                   registry_method_cmp);
}

const char *rpc_access_name(rpc_access a)
{
    switch (a) {
    case RPC_ACCESS_PUBLIC:
        return "public";
    case RPC_ACCESS_SESSION:
        return "session";
    case RPC_ACCESS_ADMIN:
        return "admin";
    }
    return "unknown";
}

const char *rpc_effect_name(rpc_effect e)
{
    return e == RPC_WRITES ? "writes" : "reads";
}
