/*
 * server/model/template_roles.h - who signs a program template's gates:
 * the approver roles its gates name ("security-lead"), matched with the
 * users ApplyTemplateRequest.approvers gives for them.
 *
 * Conventions as in model/templates.h. The roles are checked before
 * anything of the template is written, so a missing or unknown role
 * leaves the program as it was.
 */
#ifndef PMO_SERVER_MODEL_TEMPLATE_ROLES_H
#define PMO_SERVER_MODEL_TEMPLATE_ROLES_H

#include "model/access.h"
#include "pmo/v1/template.pb-c.h"
#include "rpc/call.h"

#include <stddef.h>

/* The roles a template needs filled and who fills them (borrowed). */
typedef struct template_roles {
    Pmo__V1__RoleApprover *const *given;
    size_t n_given;
} template_roles;

/*
 * Checks given against the roles the template's gates name (needed, n
 * entries, repeats allowed; "" is a gate without a role): a violation of
 * "approvers" for each role not given, of "approvers[i].role" for one the
 * template does not have. Then makes each given user who holds no role
 * in prog a contributor there, so that they may sign, when the caller
 * owns prog (audited as a program_member change). Last, a violation of
 * "approvers[i].username" for each given user who does not exist or
 * still holds less than the contributor role (a manager cannot grant it).
 */
int template_roles_check(rpc_call *call, const program_access *prog,
                         const template_roles *roles, const char *const *needed,
                         const char *const *gates, size_t n);

/* Who signs for role: its given user, or the caller for "" (borrowed). */
const char *template_roles_user(rpc_call *call, const template_roles *roles,
                                const char *role);

#endif
