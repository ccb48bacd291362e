/*
 * server/api/template_service.c - pmo.v1.TemplateService: program and
 * gate templates as data. Any logged-in user reads them; global admins
 * write them (checked by the dispatcher); applying one needs the manager
 * role in the program it seeds, or creates that program (create_program).
 */
#include "api/fields.h"
#include "api/services.h"
#include "api/template_create.h"
#include "api/validate.h"
#include "model/access.h"
#include "model/templates.h"
#include "pmo/v1/template.pb-c.h"
#include "rpc/call.h"

#include <stdio.h>
#include <string.h>

#define TEMPLATE_NAME_MAX        200
#define TEMPLATE_DESCRIPTION_MAX 2000
/* A large program template is a few tens of kilobytes. */
#define TEMPLATE_DOCUMENT_MAX 262144
#define TEMPLATE_KEY_MAX      64
/* As template_role_problem (migration 0011) allows. */
#define TEMPLATE_ROLE_MAX 40

static const fields_mask_field template_mask_fields[] = {
    {"name", TEMPLATES_NAME},
    {"program_kind", TEMPLATES_PROGRAM_KIND},
    {"description", TEMPLATES_DESCRIPTION},
    {"document", TEMPLATES_DOCUMENT},
};

static bool template_kind_valid(rpc_call *call, const char *field, int kind)
{
    if (kind >= 0 && kind <= PMO__V1__TEMPLATE_KIND__TEMPLATE_GATE)
        return true;
    rpc_violation(call, field, "%d is not a TemplateKind value", kind);
    return false;
}

static bool template_program_kind_valid(rpc_call *call, const char *field,
                                        int kind)
{
    if (kind >= 0 && kind <= PMO__V1__PROGRAM_KIND__PROGRAM_ENTERPRISE_SYSTEMS)
        return true;
    rpc_violation(call, field, "%d is not a ProgramKind value", kind);
    return false;
}

/*
 * The fields in mask of t, a copy. On create (creating) the kind gets
 * its default and must agree with program_kind; on update the model
 * checks that against the stored kind. The document's shape is the
 * model's to check.
 */
static bool template_valid(rpc_call *call, Pmo__V1__Template *t, unsigned mask,
                           bool creating)
{
    bool ok = true;
    if (mask & TEMPLATES_NAME)
        ok &= validate_length(call, "template.name", t->name, 1,
                              TEMPLATE_NAME_MAX);
    if (mask & TEMPLATES_DESCRIPTION)
        ok &= validate_text(call, "template.description", t->description, 0,
                            TEMPLATE_DESCRIPTION_MAX);
    if ((mask & TEMPLATES_DOCUMENT) &&
        (t->document[0] == '\0' ||
         strlen(t->document) > TEMPLATE_DOCUMENT_MAX)) {
        rpc_violation(call, "template.document",
                      "is required: a JSON document of at most %d bytes",
                      TEMPLATE_DOCUMENT_MAX);
        ok = false;
    }
    if (mask & TEMPLATES_PROGRAM_KIND)
        ok &= template_program_kind_valid(call, "template.program_kind",
                                          (int)t->program_kind);
    if (!creating)
        return ok;
    if (t->kind == PMO__V1__TEMPLATE_KIND__TEMPLATE_KIND_UNSPECIFIED)
        t->kind = PMO__V1__TEMPLATE_KIND__TEMPLATE_PROGRAM;
    if (!template_kind_valid(call, "template.kind", (int)t->kind))
        return false;
    bool program = t->kind == PMO__V1__TEMPLATE_KIND__TEMPLATE_PROGRAM;
    if (ok && program != (t->program_kind != 0)) {
        rpc_violation(call, "template.program_kind",
                      program ? "is required for a program template"
                              : "must be unspecified for a gate template");
        ok = false;
    }
    return ok;
}

static bool template_version_valid(rpc_call *call, int64_t id, int64_t version)
{
    if (id <= 0) {
        rpc_violation(call, "id", "must be a template id (> 0)");
        return false;
    }
    if (version > 0)
        return true;
    rpc_violation(call, "expected_version",
                  "must be the version you read (> 0)");
    return false;
}

static void template_create_template(Pmo__V1__TemplateService_Service *svc,
                                     const Pmo__V1__CreateTemplateRequest *in,
                                     Pmo__V1__Template_Closure done, void *data)
{
    rpc_call *call = data;
    if (in->template_ == NULL) {
        rpc_violation(call, "template", "is required");
        done(NULL, data);
        return;
    }
    Pmo__V1__Template t = *in->template_;
    Pmo__V1__Template *out;
    if (!template_valid(call, &t, ~0u, true) ||
        templates_create(call, &t, &out) != 0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

static void template_get_template(Pmo__V1__TemplateService_Service *svc,
                                  const Pmo__V1__GetTemplateRequest *in,
                                  Pmo__V1__Template_Closure done, void *data)
{
    rpc_call *call = data;
    int kind =
        in->kind ? (int)in->kind : PMO__V1__TEMPLATE_KIND__TEMPLATE_PROGRAM;
    Pmo__V1__Template *out;
    if (!template_kind_valid(call, "kind", kind) ||
        !validate_length(call, "name", in->name, 1, TEMPLATE_NAME_MAX) ||
        templates_get(call, kind, in->name, &out) != 0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

static void template_list_templates(Pmo__V1__TemplateService_Service *svc,
                                    const Pmo__V1__ListTemplatesRequest *in,
                                    Pmo__V1__ListTemplatesResponse_Closure done,
                                    void *data)
{
    rpc_call *call = data;
    unsigned limit;
    int64_t after;
    Pmo__V1__ListTemplatesResponse out = PMO__V1__LIST_TEMPLATES_RESPONSE__INIT;
    if (!template_kind_valid(call, "kind", (int)in->kind) ||
        !template_program_kind_valid(call, "program_kind",
                                     (int)in->program_kind) ||
        !fields_page_size(call, in->page_size, &limit) ||
        !fields_page_token(call, in->page_token, &after) ||
        templates_list(call, (int)in->kind, (int)in->program_kind, after, limit,
                       &out.templates, &out.n_templates) != 0) {
        done(NULL, data);
        return;
    }
    if (out.n_templates > limit) {
        out.n_templates = limit;
        out.next_page_token =
            fields_page_token_make(call, out.templates[limit - 1]->id);
    }
    done(&out, data);
}

static void template_update_template(Pmo__V1__TemplateService_Service *svc,
                                     const Pmo__V1__UpdateTemplateRequest *in,
                                     Pmo__V1__Template_Closure done, void *data)
{
    rpc_call *call = data;
    if (in->template_ == NULL) {
        rpc_violation(call, "template", "is required");
        done(NULL, data);
        return;
    }
    Pmo__V1__Template t = *in->template_;
    unsigned mask;
    Pmo__V1__Template *out;
    if (!template_version_valid(call, in->id, in->expected_version) ||
        !fields_mask_bits(
            call, in->update_mask, in->n_update_mask, template_mask_fields,
            sizeof(template_mask_fields) / sizeof(*template_mask_fields),
            &mask) ||
        !template_valid(call, &t, mask, false) ||
        templates_update(call, in->id, in->expected_version, mask, &t, &out) !=
            0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

static void
template_delete_template(Pmo__V1__TemplateService_Service *svc,
                         const Pmo__V1__DeleteTemplateRequest *in,
                         Pmo__V1__DeleteTemplateResponse_Closure done,
                         void *data)
{
    rpc_call *call = data;
    if (!template_version_valid(call, in->id, in->expected_version) ||
        templates_delete(call, in->id, in->expected_version) != 0) {
        done(NULL, data);
        return;
    }
    Pmo__V1__DeleteTemplateResponse out =
        PMO__V1__DELETE_TEMPLATE_RESPONSE__INIT;
    done(&out, data);
}

/* Each approvers[i] a role and a username, and no role named twice. */
static bool template_approvers_valid(rpc_call *call,
                                     const Pmo__V1__ApplyTemplateRequest *in)
{
    bool ok = true;
    for (size_t i = 0; i < in->n_approvers; i++) {
        const Pmo__V1__RoleApprover *a = in->approvers[i];
        char field[48];
        snprintf(field, sizeof(field), "approvers[%zu].role", i);
        ok &= validate_length(call, field, a->role, 1, TEMPLATE_ROLE_MAX);
        for (size_t j = 0; j < i; j++)
            if (strcmp(in->approvers[j]->role, a->role) == 0) {
                rpc_violation(call, field, "names the role %s a second time",
                              a->role);
                ok = false;
                break;
            }
        snprintf(field, sizeof(field), "approvers[%zu].username", i);
        ok &= validate_username(call, field, a->username);
    }
    return ok;
}


/*
 * The program to fill: an existing one the caller manages, or, with
 * create_program, a new one made here (any logged-in user may create a
 * program, and owns it).
 */
static bool template_apply_target(rpc_call *call,
                                  const Pmo__V1__ApplyTemplateRequest *in,
                                  program_access *prog,
                                  Pmo__V1__ApplyTemplateResponse *out)
{
    if (in->create_program == NULL)
        return validate_length(call, "program", in->program, 1,
                               TEMPLATE_KEY_MAX) &&
               access_program(call, in->program, ACCESS_MANAGER, prog) == 0;
    /* The new project is named after the template: check the name first. */
    return validate_length(call, "template", in->template_, 1,
                           TEMPLATE_NAME_MAX) &&
           template_program_create(call, in, prog, &out->program);
}

/*
 * Everything runs in the request's one transaction: with create_program,
 * a failure in the plan, a gate or a risk rolls the new program back too.
 */
static void template_apply_template(Pmo__V1__TemplateService_Service *svc,
                                    const Pmo__V1__ApplyTemplateRequest *in,
                                    Pmo__V1__ApplyTemplateResponse_Closure done,
                                    void *data)
{
    rpc_call *call = data;
    program_access prog;
    Pmo__V1__ApplyTemplateResponse out = PMO__V1__APPLY_TEMPLATE_RESPONSE__INIT;
    if (!template_apply_target(call, in, &prog, &out)) {
        done(NULL, data);
        return;
    }
    bool ok =
        validate_length(call, "template", in->template_, 1, TEMPLATE_NAME_MAX);
    ok &= validate_length(call, "project", in->project, 1, TEMPLATE_KEY_MAX);
    ok &= template_approvers_valid(call, in);
    template_roles roles = {in->approvers, in->n_approvers};
    if (!ok ||
        templates_apply(call, &prog, in->template_, in->project, &roles,
                        &out) != 0 ||
        (in->create_program && !template_risks_add(call, &prog, &out))) {
        done(NULL, data);
        return;
    }
    done(&out, data);
}

static Pmo__V1__TemplateService_Service template_impl =
    PMO__V1__TEMPLATE_SERVICE__INIT(template_);

static const rpc_method_policy template_policies[] = {
    {"CreateTemplate", RPC_ACCESS_ADMIN, RPC_WRITES, 0},
    {"GetTemplate", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"ListTemplates", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"UpdateTemplate", RPC_ACCESS_ADMIN, RPC_WRITES, 0},
    {"DeleteTemplate", RPC_ACCESS_ADMIN, RPC_WRITES, 0},
    {"ApplyTemplate", RPC_ACCESS_SESSION, RPC_WRITES, 0},
};

const rpc_service api_template_service = {
    .impl = &template_impl.base,
    .policies = template_policies,
    .n_policies = sizeof(template_policies) / sizeof(template_policies[0]),
};
