/* server/api/work_service.c - pmo.v1.WorkService. */
#include "api/services.h"
#include "pmo/v1/work.pb-c.h"
#include "rpc/call.h"

static void work_create_work_item(Pmo__V1__WorkService_Service *svc,
                                  const Pmo__V1__CreateWorkItemRequest *in,
                                  Pmo__V1__WorkItem_Closure done, void *data)
{
    rpc_fail(data, PMO_UNIMPLEMENTED, "not implemented yet");
    done(NULL, data);
}

static void work_get_work_item(Pmo__V1__WorkService_Service *svc,
                               const Pmo__V1__GetWorkItemRequest *in,
                               Pmo__V1__WorkItem_Closure done, void *data)
{
    rpc_fail(data, PMO_UNIMPLEMENTED, "not implemented yet");
    done(NULL, data);
}

static void work_list_work_items(Pmo__V1__WorkService_Service *svc,
                                 const Pmo__V1__ListWorkItemsRequest *in,
                                 Pmo__V1__ListWorkItemsResponse_Closure done,
                                 void *data)
{
    rpc_fail(data, PMO_UNIMPLEMENTED, "not implemented yet");
    done(NULL, data);
}

static void work_update_work_item(Pmo__V1__WorkService_Service *svc,
                                  const Pmo__V1__UpdateWorkItemRequest *in,
                                  Pmo__V1__WorkItem_Closure done, void *data)
{
    rpc_fail(data, PMO_UNIMPLEMENTED, "not implemented yet");
    done(NULL, data);
}

static void work_delete_work_item(Pmo__V1__WorkService_Service *svc,
                                  const Pmo__V1__DeleteWorkItemRequest *in,
                                  Pmo__V1__DeleteWorkItemResponse_Closure done,
                                  void *data)
{
    rpc_fail(data, PMO_UNIMPLEMENTED, "not implemented yet");
    done(NULL, data);
}

static void work_add_dependency(Pmo__V1__WorkService_Service *svc,
                                const Pmo__V1__AddDependencyRequest *in,
                                Pmo__V1__Dependency_Closure done, void *data)
{
    rpc_fail(data, PMO_UNIMPLEMENTED, "not implemented yet");
    done(NULL, data);
}

static void
work_remove_dependency(Pmo__V1__WorkService_Service *svc,
                       const Pmo__V1__RemoveDependencyRequest *in,
                       Pmo__V1__RemoveDependencyResponse_Closure done,
                       void *data)
{
    rpc_fail(data, PMO_UNIMPLEMENTED, "not implemented yet");
    done(NULL, data);
}

static void
work_list_dependencies(Pmo__V1__WorkService_Service *svc,
                       const Pmo__V1__ListDependenciesRequest *in,
                       Pmo__V1__ListDependenciesResponse_Closure done,
                       void *data)
{
    rpc_fail(data, PMO_UNIMPLEMENTED, "not implemented yet");
    done(NULL, data);
}

static void work_load_plan(Pmo__V1__WorkService_Service *svc,
                           const Pmo__V1__LoadPlanRequest *in,
                           Pmo__V1__LoadPlanResponse_Closure done, void *data)
{
    rpc_fail(data, PMO_UNIMPLEMENTED, "not implemented yet");
    done(NULL, data);
}

static Pmo__V1__WorkService_Service work_impl =
    PMO__V1__WORK_SERVICE__INIT(work_);

static const rpc_method_policy work_policies[] = {
    {"CreateWorkItem", RPC_ACCESS_SESSION, RPC_MUTATES},
    {"GetWorkItem", RPC_ACCESS_SESSION, 0},
    {"ListWorkItems", RPC_ACCESS_SESSION, 0},
    {"UpdateWorkItem", RPC_ACCESS_SESSION, RPC_MUTATES},
    {"DeleteWorkItem", RPC_ACCESS_SESSION, RPC_MUTATES},
    {"AddDependency", RPC_ACCESS_SESSION, RPC_MUTATES},
    {"RemoveDependency", RPC_ACCESS_SESSION, RPC_MUTATES},
    {"ListDependencies", RPC_ACCESS_SESSION, 0},
    {"LoadPlan", RPC_ACCESS_SESSION, RPC_MUTATES},
};

const rpc_service api_work_service = {
    .impl = &work_impl.base,
    .policies = work_policies,
    .n_policies = sizeof(work_policies) / sizeof(work_policies[0]),
};
