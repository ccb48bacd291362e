/*
 * server/api/template_create.h - ApplyTemplate with create_program: the
 * program, its project and the template's risks, made in the request's
 * transaction around the plan that templates_apply loads, so a failure
 * at any step leaves nothing behind.
 */
#ifndef PMO_SERVER_API_TEMPLATE_CREATE_H
#define PMO_SERVER_API_TEMPLATE_CREATE_H

#include "model/access.h"
#include "pmo/v1/template.pb-c.h"
#include "rpc/call.h"

#include <stdbool.h>

/*
 * Checks in->create_program (violations under "create_program.") and the
 * new project's key, then creates both, the caller owning the program.
 * *prog admits the caller as owner; *made is the program (arena).
 */
bool template_program_create(rpc_call *call,
                             const Pmo__V1__ApplyTemplateRequest *in,
                             program_access *prog, Pmo__V1__Program **made);

/* Adds out->risks, as templates_apply listed them, to prog's register. */
bool template_risks_add(rpc_call *call, const program_access *prog,
                        const Pmo__V1__ApplyTemplateResponse *out);

#endif
