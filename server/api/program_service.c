/* server/api/program_service.c - pmo.v1.ProgramService. */
#include "api/services.h"
#include "pmo/v1/program.pb-c.h"
#include "rpc/call.h"

static void program_create_program(Pmo__V1__ProgramService_Service *svc,
                                   const Pmo__V1__CreateProgramRequest *in,
                                   Pmo__V1__Program_Closure done, void *data)
{
    rpc_fail(data, PMO_UNIMPLEMENTED, "not implemented yet");
    done(NULL, data);
}

static void program_get_program(Pmo__V1__ProgramService_Service *svc,
                                const Pmo__V1__GetProgramRequest *in,
                                Pmo__V1__Program_Closure done, void *data)
{
    rpc_fail(data, PMO_UNIMPLEMENTED, "not implemented yet");
    done(NULL, data);
}

static void program_list_programs(Pmo__V1__ProgramService_Service *svc,
                                  const Pmo__V1__ListProgramsRequest *in,
                                  Pmo__V1__ListProgramsResponse_Closure done,
                                  void *data)
{
    rpc_fail(data, PMO_UNIMPLEMENTED, "not implemented yet");
    done(NULL, data);
}

static void program_update_program(Pmo__V1__ProgramService_Service *svc,
                                   const Pmo__V1__UpdateProgramRequest *in,
                                   Pmo__V1__Program_Closure done, void *data)
{
    rpc_fail(data, PMO_UNIMPLEMENTED, "not implemented yet");
    done(NULL, data);
}

static void program_delete_program(Pmo__V1__ProgramService_Service *svc,
                                   const Pmo__V1__DeleteProgramRequest *in,
                                   Pmo__V1__DeleteProgramResponse_Closure done,
                                   void *data)
{
    rpc_fail(data, PMO_UNIMPLEMENTED, "not implemented yet");
    done(NULL, data);
}

static void program_set_member_role(Pmo__V1__ProgramService_Service *svc,
                                    const Pmo__V1__SetMemberRoleRequest *in,
                                    Pmo__V1__SetMemberRoleResponse_Closure done,
                                    void *data)
{
    rpc_fail(data, PMO_UNIMPLEMENTED, "not implemented yet");
    done(NULL, data);
}

static void program_list_members(Pmo__V1__ProgramService_Service *svc,
                                 const Pmo__V1__ListMembersRequest *in,
                                 Pmo__V1__ListMembersResponse_Closure done,
                                 void *data)
{
    rpc_fail(data, PMO_UNIMPLEMENTED, "not implemented yet");
    done(NULL, data);
}

static void program_get_calendar(Pmo__V1__ProgramService_Service *svc,
                                 const Pmo__V1__GetCalendarRequest *in,
                                 Pmo__V1__Calendar_Closure done, void *data)
{
    rpc_fail(data, PMO_UNIMPLEMENTED, "not implemented yet");
    done(NULL, data);
}

static void program_update_calendar(Pmo__V1__ProgramService_Service *svc,
                                    const Pmo__V1__UpdateCalendarRequest *in,
                                    Pmo__V1__Calendar_Closure done, void *data)
{
    rpc_fail(data, PMO_UNIMPLEMENTED, "not implemented yet");
    done(NULL, data);
}

static Pmo__V1__ProgramService_Service program_impl =
    PMO__V1__PROGRAM_SERVICE__INIT(program_);

static const rpc_method_policy program_policies[] = {
    {"CreateProgram", RPC_ACCESS_SESSION, RPC_MUTATES},
    {"GetProgram", RPC_ACCESS_SESSION, 0},
    {"ListPrograms", RPC_ACCESS_SESSION, 0},
    {"UpdateProgram", RPC_ACCESS_SESSION, RPC_MUTATES},
    {"DeleteProgram", RPC_ACCESS_SESSION, RPC_MUTATES},
    {"SetMemberRole", RPC_ACCESS_SESSION, RPC_MUTATES},
    {"ListMembers", RPC_ACCESS_SESSION, 0},
    {"GetCalendar", RPC_ACCESS_SESSION, 0},
    {"UpdateCalendar", RPC_ACCESS_SESSION, RPC_MUTATES},
};

const rpc_service api_program_service = {
    .impl = &program_impl.base,
    .policies = program_policies,
    .n_policies = sizeof(program_policies) / sizeof(program_policies[0]),
};
