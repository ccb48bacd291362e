/*
 * server/model/templates.h - program and gate templates: rows holding a
 * JSON document (shape in proto/pmo/v1/template.proto), and applying
 * them.
 *
 * Conventions as in model/stakeholders.h (status on the call, -1 on
 * failure, every change audited as entity "template", results in the
 * call's arena). A document is checked by the database function
 * template_document_problems (migration 0006) on every write, and each
 * problem becomes a violation of "template.<path>", so documents given
 * through the API and the seeded ones obey one set of rules.
 */
#ifndef PMO_SERVER_MODEL_TEMPLATES_H
#define PMO_SERVER_MODEL_TEMPLATES_H

#include "model/access.h"
#include "model/template_roles.h"
#include "pmo/v1/gate.pb-c.h"
#include "pmo/v1/template.pb-c.h"
#include "rpc/call.h"

#include <stddef.h>
#include <stdint.h>

/* The update_mask bits of templates_update. */
enum templates_field {
    TEMPLATES_NAME = 1u << 0,
    TEMPLATES_PROGRAM_KIND = 1u << 1,
    TEMPLATES_DESCRIPTION = 1u << 2,
    TEMPLATES_DOCUMENT = 1u << 3,
};

/* Inserts t (kind defaulted, shapes checked). *out is the stored one. */
int templates_create(rpc_call *call, const Pmo__V1__Template *t,
                     Pmo__V1__Template **out);

/* The template of kind named name; NOT_FOUND if none. */
int templates_get(rpc_call *call, int kind, const char *name,
                  Pmo__V1__Template **out);

/*
 * A page in id order after `after`, at most limit + 1, without
 * documents; kind and program_kind 0 for any.
 */
int templates_list(rpc_call *call, int kind, int program_kind, int64_t after,
                   unsigned limit, Pmo__V1__Template ***out, size_t *n);

/* Changes the fields in mask (templates_field bits) at version expected. */
int templates_update(rpc_call *call, int64_t id, int64_t expected,
                     unsigned mask, const Pmo__V1__Template *t,
                     Pmo__V1__Template **out);

int templates_delete(rpc_call *call, int64_t id, int64_t expected);

/*
 * The gate template named name as a gate to create (name, kind,
 * description, criteria signed by approver). A missing template is a
 * violation of "template".
 */
int templates_gate_load(rpc_call *call, const char *name, const char *approver,
                        Pmo__V1__Gate **out);

/*
 * Seeds prog with the program template named name: its phases as
 * summary items in project, their checklists as tasks with their
 * three-point estimates, their milestones and the milestones' gates,
 * linked finish to start: a task after the tasks its "after" names, or
 * else after the previous phase's milestones; a milestone after its
 * phase's tasks that no other task follows. A gate's criteria are signed
 * by the user roles names for the gate's approver role (all of them
 * checked first, see template_roles.h), or by the caller for a gate
 * without one. The template's risks are returned, not stored.
 */
int templates_apply(rpc_call *call, const program_access *prog,
                    const char *name, const char *project,
                    const template_roles *roles,
                    Pmo__V1__ApplyTemplateResponse *out);

#endif
