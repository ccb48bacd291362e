/* server/api/team_service.c - pmo.v1.TeamService. */
#include "api/services.h"
#include "pmo/v1/team.pb-c.h"
#include "rpc/call.h"

static void team_create_team(Pmo__V1__TeamService_Service *svc,
                             const Pmo__V1__CreateTeamRequest *in,
                             Pmo__V1__Team_Closure done, void *data)
{
    rpc_fail(data, PMO_UNIMPLEMENTED, "not implemented yet");
    done(NULL, data);
}

static void team_get_team(Pmo__V1__TeamService_Service *svc,
                          const Pmo__V1__GetTeamRequest *in,
                          Pmo__V1__Team_Closure done, void *data)
{
    rpc_fail(data, PMO_UNIMPLEMENTED, "not implemented yet");
    done(NULL, data);
}

static void team_list_teams(Pmo__V1__TeamService_Service *svc,
                            const Pmo__V1__ListTeamsRequest *in,
                            Pmo__V1__ListTeamsResponse_Closure done, void *data)
{
    rpc_fail(data, PMO_UNIMPLEMENTED, "not implemented yet");
    done(NULL, data);
}

static void team_update_team(Pmo__V1__TeamService_Service *svc,
                             const Pmo__V1__UpdateTeamRequest *in,
                             Pmo__V1__Team_Closure done, void *data)
{
    rpc_fail(data, PMO_UNIMPLEMENTED, "not implemented yet");
    done(NULL, data);
}

static void team_delete_team(Pmo__V1__TeamService_Service *svc,
                             const Pmo__V1__DeleteTeamRequest *in,
                             Pmo__V1__DeleteTeamResponse_Closure done,
                             void *data)
{
    rpc_fail(data, PMO_UNIMPLEMENTED, "not implemented yet");
    done(NULL, data);
}

static void team_set_team_member(Pmo__V1__TeamService_Service *svc,
                                 const Pmo__V1__SetTeamMemberRequest *in,
                                 Pmo__V1__Team_Closure done, void *data)
{
    rpc_fail(data, PMO_UNIMPLEMENTED, "not implemented yet");
    done(NULL, data);
}

static Pmo__V1__TeamService_Service team_impl =
    PMO__V1__TEAM_SERVICE__INIT(team_);

static const rpc_method_policy team_policies[] = {
    {"CreateTeam", RPC_ACCESS_SESSION, RPC_MUTATES},
    {"GetTeam", RPC_ACCESS_SESSION, 0},
    {"ListTeams", RPC_ACCESS_SESSION, 0},
    {"UpdateTeam", RPC_ACCESS_SESSION, RPC_MUTATES},
    {"DeleteTeam", RPC_ACCESS_SESSION, RPC_MUTATES},
    {"SetTeamMember", RPC_ACCESS_SESSION, RPC_MUTATES},
};

const rpc_service api_team_service = {
    .impl = &team_impl.base,
    .policies = team_policies,
    .n_policies = sizeof(team_policies) / sizeof(team_policies[0]),
};
