/* server/api/services.c - the list of services and shared settings. */
#include "api/services.h"

#include <stddef.h>

api_settings api_config = {.session_ttl_s = 12 * 3600};

/* clang-format off */
const rpc_service *const api_services[] = {
    &api_meta_service,
    &api_health_service,
    &api_auth_service,
    &api_admin_service,
    &api_token_service,
    &api_program_service,
    &api_team_service,
    &api_project_service,
    &api_work_service,
    &api_stakeholder_service,
    &api_comment_service,
    &api_schedule_service,
    &api_risk_service,
    &api_meeting_service,
    &api_gate_service,
    &api_template_service,
    &api_retro_service,
    &api_lesson_service,
    &api_radar_service,
    &api_finance_service,
    &api_report_service,
    &api_evm_service,
    &api_vendor_service,
    &api_interop_service,
    &api_resource_service,
    &api_event_service,
    &api_status_service,
    &api_backup_service,
    NULL,
};
/* clang-format on */
