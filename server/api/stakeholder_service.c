/* server/api/stakeholder_service.c - pmo.v1.StakeholderService. */
#include "api/services.h"
#include "pmo/v1/stakeholder.pb-c.h"
#include "rpc/call.h"

static void
stakeholder_create_stakeholder(Pmo__V1__StakeholderService_Service *svc,
                               const Pmo__V1__CreateStakeholderRequest *in,
                               Pmo__V1__Stakeholder_Closure done, void *data)
{
    rpc_fail(data, PMO_UNIMPLEMENTED, "not implemented yet");
    done(NULL, data);
}

static void
stakeholder_get_stakeholder(Pmo__V1__StakeholderService_Service *svc,
                            const Pmo__V1__GetStakeholderRequest *in,
                            Pmo__V1__Stakeholder_Closure done, void *data)
{
    rpc_fail(data, PMO_UNIMPLEMENTED, "not implemented yet");
    done(NULL, data);
}

static void
stakeholder_list_stakeholders(Pmo__V1__StakeholderService_Service *svc,
                              const Pmo__V1__ListStakeholdersRequest *in,
                              Pmo__V1__ListStakeholdersResponse_Closure done,
                              void *data)
{
    rpc_fail(data, PMO_UNIMPLEMENTED, "not implemented yet");
    done(NULL, data);
}

static void
stakeholder_update_stakeholder(Pmo__V1__StakeholderService_Service *svc,
                               const Pmo__V1__UpdateStakeholderRequest *in,
                               Pmo__V1__Stakeholder_Closure done, void *data)
{
    rpc_fail(data, PMO_UNIMPLEMENTED, "not implemented yet");
    done(NULL, data);
}

static void
stakeholder_delete_stakeholder(Pmo__V1__StakeholderService_Service *svc,
                               const Pmo__V1__DeleteStakeholderRequest *in,
                               Pmo__V1__DeleteStakeholderResponse_Closure done,
                               void *data)
{
    rpc_fail(data, PMO_UNIMPLEMENTED, "not implemented yet");
    done(NULL, data);
}

static Pmo__V1__StakeholderService_Service stakeholder_impl =
    PMO__V1__STAKEHOLDER_SERVICE__INIT(stakeholder_);

static const rpc_method_policy stakeholder_policies[] = {
    {"CreateStakeholder", RPC_ACCESS_SESSION, RPC_MUTATES},
    {"GetStakeholder", RPC_ACCESS_SESSION, 0},
    {"ListStakeholders", RPC_ACCESS_SESSION, 0},
    {"UpdateStakeholder", RPC_ACCESS_SESSION, RPC_MUTATES},
    {"DeleteStakeholder", RPC_ACCESS_SESSION, RPC_MUTATES},
};

const rpc_service api_stakeholder_service = {
    .impl = &stakeholder_impl.base,
    .policies = stakeholder_policies,
    .n_policies =
        sizeof(stakeholder_policies) / sizeof(stakeholder_policies[0]),
};
