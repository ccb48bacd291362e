/*
 * server/api/project_service.c - pmo.v1.ProjectService. Viewers of a
 * program read its projects; managers create, change and delete them.
 * Each handler checks the caller's role in the program first.
 */
#include "api/fields.h"
#include "api/services.h"
#include "api/validate.h"
#include "model/access.h"
#include "model/projects.h"
#include "pmo/v1/project.pb-c.h"
#include "rpc/call.h"

#include <string.h>

#define PROJECT_NAME_MAX        200
#define PROJECT_DESCRIPTION_MAX 10000
#define PROJECT_LOOKUP_MAX      64

static const fields_mask_field project_mask_fields[] = {
    {"name", PROJECT_FIELD_NAME},
    {"description", PROJECT_FIELD_DESCRIPTION},
    {"team", PROJECT_FIELD_TEAM},
    {"lead", PROJECT_FIELD_LEAD},
    {"target_start", PROJECT_FIELD_TARGET_START},
    {"target_finish", PROJECT_FIELD_TARGET_FINISH},
};
#define PROJECT_MASK_FIELDS                                                    \
    (sizeof(project_mask_fields) / sizeof(project_mask_fields[0]))
#define PROJECT_FIELDS_ALL ((1u << PROJECT_MASK_FIELDS) - 1)

/* ^[a-z][a-z0-9-]{0,31}$, as the projects table checks it too. */
static bool project_key_valid(rpc_call *call, const char *field,
                              const char *key)
{
    return validate_slug(call, field, key, 1, 32);
}

/*
 * The fields of in named by mask. A team is only bounded here: whether it
 * exists is the model's question (NOT_FOUND). Dates are compared with
 * each other when both change, else by the update's statement.
 */
static bool project_fields_valid(rpc_call *call, const Pmo__V1__Project *in,
                                 unsigned mask)
{
    bool ok = true;
    if (mask & PROJECT_FIELD_NAME)
        ok &= validate_length(call, "project.name", in->name, 1,
                              PROJECT_NAME_MAX);
    if (mask & PROJECT_FIELD_DESCRIPTION)
        ok &= validate_text(call, "project.description", in->description, 0,
                            PROJECT_DESCRIPTION_MAX);
    if (mask & PROJECT_FIELD_TEAM)
        ok &= validate_length(call, "project.team", in->team, 0,
                              PROJECT_LOOKUP_MAX);
    if ((mask & PROJECT_FIELD_LEAD) && in->lead[0] != '\0')
        ok &= validate_username(call, "project.lead", in->lead);
    unsigned both = PROJECT_FIELD_TARGET_START | PROJECT_FIELD_TARGET_FINISH;
    if ((mask & both) == both)
        ok &= fields_date_range(call, "project.target_start", in->target_start,
                                "project.target_finish", in->target_finish);
    else if (mask & PROJECT_FIELD_TARGET_START)
        ok &= fields_date(call, "project.target_start", in->target_start);
    else if (mask & PROJECT_FIELD_TARGET_FINISH)
        ok &= fields_date(call, "project.target_finish", in->target_finish);
    return ok;
}

static bool project_mask(rpc_call *call, char *const *mask, size_t n,
                         unsigned *bits)
{
    return fields_mask_bits(call, mask, n, project_mask_fields,
                            PROJECT_MASK_FIELDS, bits);
}

/* Bounds the program key, then checks the caller's role in it. */
static bool project_access(rpc_call *call, const char *field,
                           const char *program, access_role need,
                           program_access *pa)
{
    return validate_length(call, field, program, 1, PROJECT_LOOKUP_MAX) &&
           access_program(call, program, need, pa) == 0;
}

static void project_create_project(Pmo__V1__ProjectService_Service *svc,
                                   const Pmo__V1__CreateProjectRequest *in,
                                   Pmo__V1__Project_Closure done, void *data)
{
    rpc_call *call = data;
    program_access pa;
    if (in->project == NULL) {
        rpc_violation(call, "project", "is required");
        done(NULL, data);
        return;
    }
    if (!project_access(call, "project.program", in->project->program,
                        ACCESS_MANAGER, &pa)) {
        done(NULL, data);
        return;
    }
    bool ok = project_key_valid(call, "project.key", in->project->key);
    ok &= project_fields_valid(call, in->project, PROJECT_FIELDS_ALL);
    Pmo__V1__Project *out = NULL;
    if (!ok || projects_create(call, &pa, in->project, &out) != 0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

static void project_get_project(Pmo__V1__ProjectService_Service *svc,
                                const Pmo__V1__GetProjectRequest *in,
                                Pmo__V1__Project_Closure done, void *data)
{
    rpc_call *call = data;
    program_access pa;
    Pmo__V1__Project *out = NULL;
    if (!project_access(call, "program", in->program, ACCESS_VIEWER, &pa) ||
        !validate_length(call, "key", in->key, 1, PROJECT_LOOKUP_MAX) ||
        projects_get(call, &pa, in->key, &out) != 0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

/* Pages are ordered by key; the token is the last key of the page. */
static void project_list_projects(Pmo__V1__ProjectService_Service *svc,
                                  const Pmo__V1__ListProjectsRequest *in,
                                  Pmo__V1__ListProjectsResponse_Closure done,
                                  void *data)
{
    rpc_call *call = data;
    program_access pa;
    if (!project_access(call, "program", in->program, ACCESS_VIEWER, &pa)) {
        done(NULL, data);
        return;
    }
    unsigned limit;
    bool ok = fields_page_size(call, in->page_size, &limit);
    ok &= validate_length(call, "team", in->team, 0, PROJECT_LOOKUP_MAX);
    if (in->page_token[0] != '\0' &&
        !project_key_valid(call, "page_token", in->page_token))
        ok = false;
    Pmo__V1__ListProjectsResponse out = PMO__V1__LIST_PROJECTS_RESPONSE__INIT;
    if (!ok || projects_list(call, &pa, in->team, in->page_token, limit,
                             &out.projects, &out.n_projects) != 0) {
        done(NULL, data);
        return;
    }
    if (out.n_projects > limit) {
        out.n_projects = limit;
        out.next_page_token = out.projects[limit - 1]->key;
    }
    done(&out, data);
}

static void project_update_project(Pmo__V1__ProjectService_Service *svc,
                                   const Pmo__V1__UpdateProjectRequest *in,
                                   Pmo__V1__Project_Closure done, void *data)
{
    rpc_call *call = data;
    program_access pa;
    if (!project_access(call, "program", in->program, ACCESS_MANAGER, &pa) ||
        !validate_length(call, "key", in->key, 1, PROJECT_LOOKUP_MAX)) {
        done(NULL, data);
        return;
    }
    if (in->project == NULL) {
        rpc_violation(call, "project", "is required");
        done(NULL, data);
        return;
    }
    unsigned mask = 0;
    bool ok = project_mask(call, in->update_mask, in->n_update_mask, &mask);
    if (in->expected_version <= 0) {
        rpc_violation(call, "expected_version",
                      "must be the version you read (> 0)");
        ok = false;
    }
    Pmo__V1__Project *out = NULL;
    if (!ok || !project_fields_valid(call, in->project, mask) ||
        projects_update(call, &pa, in->key, in->project, mask,
                        in->expected_version, &out) != 0) {
        done(NULL, data);
        return;
    }
    done(out, data);
}

static void project_delete_project(Pmo__V1__ProjectService_Service *svc,
                                   const Pmo__V1__DeleteProjectRequest *in,
                                   Pmo__V1__DeleteProjectResponse_Closure done,
                                   void *data)
{
    rpc_call *call = data;
    program_access pa;
    if (!project_access(call, "program", in->program, ACCESS_MANAGER, &pa) ||
        !validate_length(call, "key", in->key, 1, PROJECT_LOOKUP_MAX)) {
        done(NULL, data);
        return;
    }
    if (in->expected_version < 0) {
        rpc_violation(call, "expected_version",
                      "must be the version you read, or 0");
        done(NULL, data);
        return;
    }
    if (projects_delete(call, &pa, in->key, in->expected_version) != 0) {
        done(NULL, data);
        return;
    }
    Pmo__V1__DeleteProjectResponse out = PMO__V1__DELETE_PROJECT_RESPONSE__INIT;
    done(&out, data);
}

static Pmo__V1__ProjectService_Service project_impl =
    PMO__V1__PROJECT_SERVICE__INIT(project_);

static const rpc_method_policy project_policies[] = {
    {"CreateProject", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"GetProject", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"ListProjects", RPC_ACCESS_SESSION, RPC_READS, 0},
    {"UpdateProject", RPC_ACCESS_SESSION, RPC_WRITES, 0},
    {"DeleteProject", RPC_ACCESS_SESSION, RPC_WRITES, 0},
};

const rpc_service api_project_service = {
    .impl = &project_impl.base,
    .policies = project_policies,
    .n_policies = sizeof(project_policies) / sizeof(project_policies[0]),
};
