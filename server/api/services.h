/*
 * server/api/services.h - every service the server offers, with its access
 * policy. Handlers decode nothing and encode nothing themselves: the
 * dispatcher hands them their input message and packs their output.
 */
#ifndef PMO_SERVER_API_SERVICES_H
#define PMO_SERVER_API_SERVICES_H

#include "rpc/registry.h"

extern const rpc_service api_meta_service;
extern const rpc_service api_health_service;
extern const rpc_service api_auth_service;
extern const rpc_service api_admin_service;
extern const rpc_service api_token_service;
extern const rpc_service api_program_service;
extern const rpc_service api_team_service;
extern const rpc_service api_project_service;
extern const rpc_service api_work_service;
extern const rpc_service api_stakeholder_service;
extern const rpc_service api_comment_service;
extern const rpc_service api_schedule_service;
extern const rpc_service api_risk_service;
extern const rpc_service api_meeting_service;
extern const rpc_service api_gate_service;
extern const rpc_service api_template_service;
extern const rpc_service api_retro_service;
extern const rpc_service api_lesson_service;
extern const rpc_service api_radar_service;
extern const rpc_service api_vendor_service;
extern const rpc_service api_finance_service;
extern const rpc_service api_report_service;
extern const rpc_service api_evm_service;
extern const rpc_service api_interop_service;
extern const rpc_service api_resource_service;
extern const rpc_service api_event_service;
extern const rpc_service api_status_service;
extern const rpc_service api_backup_service;

/* NULL-terminated, for rpc_table_build. */
extern const rpc_service *const api_services[];

/* Server-wide settings the handlers read; set once at start-up. */
typedef struct api_settings {
    int session_ttl_s;
    unsigned password_iterations; /* PBKDF2 cost for new hashes; 0: default */
    bool client_certs;            /* tls_client_auth is optional or required */
    const char *events_url;       /* the events socket's address */
    unsigned events_port;
    const char *data_dir;         /* where backups are made and uploaded */
    const char *conninfo;         /* the database, for pg_dump and pg_restore */
} api_settings;

extern api_settings api_config;

#endif
