/* server/api/project_service.c - pmo.v1.ProjectService. */
#include "api/services.h"
#include "pmo/v1/project.pb-c.h"
#include "rpc/call.h"

static void project_create_project(Pmo__V1__ProjectService_Service *svc,
                                   const Pmo__V1__CreateProjectRequest *in,
                                   Pmo__V1__Project_Closure done, void *data)
{
    rpc_fail(data, PMO_UNIMPLEMENTED, "not implemented yet");
    done(NULL, data);
}

static void project_get_project(Pmo__V1__ProjectService_Service *svc,
                                const Pmo__V1__GetProjectRequest *in,
                                Pmo__V1__Project_Closure done, void *data)
{
    rpc_fail(data, PMO_UNIMPLEMENTED, "not implemented yet");
    done(NULL, data);
}

static void project_list_projects(Pmo__V1__ProjectService_Service *svc,
                                  const Pmo__V1__ListProjectsRequest *in,
                                  Pmo__V1__ListProjectsResponse_Closure done,
                                  void *data)
{
    rpc_fail(data, PMO_UNIMPLEMENTED, "not implemented yet");
    done(NULL, data);
}

static void project_update_project(Pmo__V1__ProjectService_Service *svc,
                                   const Pmo__V1__UpdateProjectRequest *in,
                                   Pmo__V1__Project_Closure done, void *data)
{
    rpc_fail(data, PMO_UNIMPLEMENTED, "not implemented yet");
    done(NULL, data);
}

static void project_delete_project(Pmo__V1__ProjectService_Service *svc,
                                   const Pmo__V1__DeleteProjectRequest *in,
                                   Pmo__V1__DeleteProjectResponse_Closure done,
                                   void *data)
{
    rpc_fail(data, PMO_UNIMPLEMENTED, "not implemented yet");
    done(NULL, data);
}

static Pmo__V1__ProjectService_Service project_impl =
    PMO__V1__PROJECT_SERVICE__INIT(project_);

static const rpc_method_policy project_policies[] = {
    {"CreateProject", RPC_ACCESS_SESSION, RPC_MUTATES},
    {"GetProject", RPC_ACCESS_SESSION, 0},
    {"ListProjects", RPC_ACCESS_SESSION, 0},
    {"UpdateProject", RPC_ACCESS_SESSION, RPC_MUTATES},
    {"DeleteProject", RPC_ACCESS_SESSION, RPC_MUTATES},
};

const rpc_service api_project_service = {
    .impl = &project_impl.base,
    .policies = project_policies,
    .n_policies = sizeof(project_policies) / sizeof(project_policies[0]),
};
