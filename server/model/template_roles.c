/* server/model/template_roles.c - who signs a program template's gates. */
#include "model/template_roles.h"
#include "model/members.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static const Pmo__V1__RoleApprover *
template_roles_find(const template_roles *roles, const char *role)
{
    for (size_t i = 0; i < roles->n_given; i++)
        if (strcmp(roles->given[i]->role, role) == 0)
            return roles->given[i];
    return NULL;
}

/* A violation for each role of needed that nobody was named for, once. */
static bool template_roles_missing(rpc_call *call, const template_roles *roles,
                                   const char *const *needed,
                                   const char *const *gates, size_t n)
{
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        if (needed[i][0] == '\0' || template_roles_find(roles, needed[i]))
            continue;
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = strcmp(needed[j], needed[i]) == 0;
        if (!seen)
            rpc_violation(call, "approvers",
                          "name who holds the role %s: it signs the gate %s",
                          needed[i], gates[i]);
        ok = false;
    }
    return ok;
}

/* A violation for each given role the template does not have. */
static bool template_roles_unknown(rpc_call *call, const template_roles *roles,
                                   const char *const *needed, size_t n)
{
    bool ok = true;
    for (size_t i = 0; i < roles->n_given; i++) {
        bool known = false;
        for (size_t j = 0; j < n && !known; j++)
            known = strcmp(needed[j], roles->given[i]->role) == 0;
        if (known)
            continue;
        char field[48];
        snprintf(field, sizeof(field), "approvers[%zu].role", i);
        rpc_violation(call, field, "the template has no approver role %s",
                      roles->given[i]->role);
        ok = false;
    }
    return ok;
}

/* A violation of approvers[i].username for each who may not sign. */
static int template_roles_may_sign(rpc_call *call, const program_access *prog,
                                   const template_roles *roles)
{
    bool ok = true;
    for (size_t i = 0; i < roles->n_given; i++) {
        char field[48];
        snprintf(field, sizeof(field), "approvers[%zu].username", i);
        int rc = members_check_signer(call, prog, field,
                                      roles->given[i]->username);
        if (rc < 0)
            return -1;
        ok &= rc == 0;
    }
    return ok ? 0 : -1;
}

int template_roles_check(rpc_call *call, const program_access *prog,
                         const template_roles *roles, const char *const *needed,
                         const char *const *gates, size_t n)
{
    bool ok = template_roles_missing(call, roles, needed, gates, n);
    if (!(template_roles_unknown(call, roles, needed, n) && ok))
        return -1;
    for (size_t i = 0; i < roles->n_given; i++)
        if (prog->role >= ACCESS_OWNER &&
            members_add_contributor(call, prog, roles->given[i]->username) != 0)
            return -1;
    return template_roles_may_sign(call, prog, roles);
}

const char *template_roles_user(rpc_call *call, const template_roles *roles,
                                const char *role)
{
    const Pmo__V1__RoleApprover *a =
        role[0] ? template_roles_find(roles, role) : NULL;
    return a ? a->username : call->who.username;
}
